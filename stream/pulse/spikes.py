"""Negativity-spike detection per (municipality, area): a pure, deterministic state machine.

The test respects volume. An alert is raised when, in one of the short windows (30 min and
2 h by default), the window holds at least ``min_n`` comments about the area and the
*lower* bound of its Wilson interval (at ``z``) lies more than ``margin_pp`` above the
baseline's negative share (the 7 days before), and that has held for ``confirm``. It
resolves (hysteresis) only when that window's share is back under baseline +
``resolve_margin_pp``; then the key is quiet for ``cooldown``. While open, ``updated`` is
sent only when the share moved by ``update_pp`` or the severity changed: one page, not one
a minute. Two windows because a short one fills fast at high volume and a long one
collects enough comments at low volume (measured: +20 pp at 200 comments/h is caught in a
median 31 min, against 72 with 2 h alone and 46 with 1 h alone, and +20 pp at 60/h in 95 %
of spikes, against 84 % with 1 h alone).

Why not River's drift detectors (``river.drift.ADWIN``, ``PageHinkley``)? They answer
"did the mean of this number stream change?", which is not the question here:

* they do not know volume. Page-Hinkley's threshold is a sum of deviations, so at a fixed
  threshold its false alarms grow with volume: on the benchmark's calm streams, threshold
  20 paged 35 times per week in the busiest municipality, and River's default 50 still
  5.5 times while missing every +20 pp spike at 30 comments/h. Here ``min_n`` and the
  interval make the answer depend on n explicitly;
* they flag any change, improvements and slow drift included, and then reset, so there is
  no "resolved" and no baseline to say "48 % against 22 % normally";
* their state is per-key history (ADWIN keeps buckets of the stream) that would have to
  be checkpointed per municipality × area, while this detector needs only counts the pulse
  view already keeps, and a small immutable :class:`KeyState`, so a restarted worker
  decides exactly as before;
* an alert must carry share, interval, baseline, delta in pp and n, which a change point
  does not give.

The benchmark (``python -m benchmarks.alerts``, ``--compare``) measures all of this.

>>> from datetime import datetime, UTC
>>> det = SpikeDetector(SpikeConfig(short_windows=("1h",), confirm=timedelta(0)))
>>> now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
>>> det.observe(("Lund", "waiting_time"), now, {"1h": (4, 6)}, (220, 1000))  # n too small
[]
>>> [(t.state, t.severity, t.delta_pp) for t in
...  det.observe(("Lund", "waiting_time"), now, {"1h": (30, 50)}, (220, 1000))]
[('raised', 'critical', 38.0)]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

from stream.pulse.stats import delta_pp, wilson
from stream.pulse.windows import rolling_window

Key = tuple[str, str]  # (municipality or "all", area)
Counts = tuple[int, int]  # (negative comments, comments about the area)
State = Literal["raised", "updated", "resolved"]
Severity = Literal["warning", "critical"]


@dataclass(frozen=True, slots=True)
class SpikeConfig:
    """Thresholds of the detector; defaults tuned with ``benchmarks/alerts.py``."""

    # Short windows judged together: a short one catches a big spike at high volume fast,
    # a long one collects enough comments at low volume; an alert follows the one that
    # raised it until it resolves.
    short_windows: tuple[str, ...] = ("30m", "2h")
    # The baseline the caller should count: this long, ending where the longest short window
    # starts (so a spike does not raise its own baseline while it is being judged).
    baseline_window: str = "7d"
    min_n: int = 20  # fewer comments in the short window never raise
    min_baseline_n: int = 100  # a baseline thinner than this is not trusted
    # One-sided 99.7 %: every minute re-tests overlapping windows, so 1.96 (the wallboard's
    # 95 % interval) would page several times a week on calm streams.
    z: float = 2.8
    margin_pp: float = 5.0  # the lower bound must exceed baseline + this to raise
    resolve_margin_pp: float = 2.0  # resolve when the share is back under baseline + this
    critical_pp: float = 20.0  # delta (share - baseline) from which the alert is critical
    update_pp: float = 5.0  # "updated" only when the share moved this much since last sent
    confirm: timedelta = timedelta(minutes=5)  # the raise condition must hold this long
    cooldown: timedelta = timedelta(hours=1)  # no new raise this long after a resolve

    def __post_init__(self) -> None:
        if not 0 <= self.resolve_margin_pp <= self.margin_pp:
            raise ValueError("resolve_margin_pp must be within [0, margin_pp] (hysteresis)")
        if self.min_n < 1 or self.min_baseline_n < 1:
            raise ValueError("min_n and min_baseline_n must be >= 1")
        if not self.short_windows:
            raise ValueError("short_windows must name at least one rolling window")
        for w in (*self.short_windows, self.baseline_window):
            rolling_window(w)  # fail early on a name that is not a rolling window

    @property
    def longest(self) -> timedelta:
        """The longest short window: the baseline ends where it starts."""
        return max(rolling_window(w) for w in self.short_windows)


@dataclass(frozen=True, slots=True)
class Transition:
    """One step of an alert's life, with the figures an ``Alert`` event carries."""

    state: State
    key: Key
    alert_id: str
    at: datetime
    window: str
    share: float
    share_low: float  # 95 % Wilson interval, the one the wallboard shows
    share_high: float
    baseline_share: float
    delta_pp: float
    n: int
    negatives: int
    baseline_n: int
    severity: Severity

    @property
    def municipality(self) -> str:
        return self.key[0]

    @property
    def area(self) -> str:
        return self.key[1]


@dataclass(frozen=True, slots=True)
class KeyState:
    """What the detector remembers about one key: small and immutable, so an agent can keep
    it in a table (``table[key] = state``) and a restart resumes the same decisions."""

    alert_id: str | None = None  # the open alert, if any
    window: str | None = None  # the short window the open alert follows
    severity: Severity = "warning"
    sent_share: float = 0.0  # the share last reported, for the "updated" dedup
    pending_since: datetime | None = None  # when the raise condition started to hold
    quiet_until: datetime | None = None  # cool-down after a resolve

    @property
    def is_open(self) -> bool:
        return self.alert_id is not None


IDLE = KeyState()


def _alert_id(key: Key, at: datetime) -> str:
    # Deterministic, so a replay after a restart produces the same id (idempotent sinks).
    return f"{key[0]}/{key[1]}/{at:%Y%m%dT%H%M%S%z}"


def _evidence(config: SpikeConfig, counts: Counts, base: float) -> float | None:
    """How far (pp) the window's lower bound lies above baseline + margin; None if not."""
    k, n = counts
    if n < config.min_n:
        return None
    excess = wilson(k, n, config.z)[0] * 100 - (base * 100 + config.margin_pp)
    return excess if excess > 0 else None


def step(config: SpikeConfig, key: Key, state: KeyState, now: datetime,
         short: Mapping[str, Counts], baseline: Counts) -> tuple[KeyState, list[Transition]]:
    """Advance one key by one observation: the new state and the transitions it caused.

    ``short`` holds (negatives, n) for each of ``config.short_windows``; ``baseline`` the
    same for ``config.baseline_window`` before the longest short window.
    """
    bk, bn = baseline
    if bn < config.min_baseline_n:
        # Without a trustworthy baseline nothing is judged; an open alert stays open.
        return (replace(state, pending_since=None) if state.pending_since else state), []
    base = bk / bn

    def transition(kind: State, alert_id: str, window: str) -> Transition:
        k, n = short[window]
        share = k / n if n else 0.0
        delta = delta_pp(share, base)
        low, high = wilson(k, n)
        return Transition(kind, key, alert_id, now, window, share, low, high, base, delta,
                          n, k, bn, _severity(config, delta))

    if state.is_open:
        assert state.alert_id is not None and state.window is not None
        t = transition("updated", state.alert_id, state.window)
        if t.n == 0 or t.share * 100 < base * 100 + config.resolve_margin_pp:
            return (KeyState(quiet_until=now + config.cooldown),
                    [replace(t, state="resolved")])
        moved = abs(t.share - state.sent_share) * 100 >= config.update_pp
        if moved or t.severity != state.severity:
            return replace(state, severity=t.severity, sent_share=t.share), [t]
        return state, []

    # The window with the most evidence speaks for the alert (ties: the longer one).
    strength = {w: _evidence(config, short[w], base) for w in config.short_windows}
    window = max((w for w, e in strength.items() if e is not None),
                 key=lambda w: (strength[w], rolling_window(w)), default=None)
    cooling = state.quiet_until is not None and now < state.quiet_until
    if window is None:
        # Nothing pending and no cool-down left: forget the key (bounded state).
        return (state if cooling else IDLE), []
    if cooling:
        return state, []  # the condition must hold afresh once the cool-down is over
    since = state.pending_since or now
    if now - since < config.confirm:
        return replace(state, pending_since=since), []
    t = transition("raised", _alert_id(key, now), window)
    return KeyState(alert_id=t.alert_id, window=window, severity=t.severity,
                    sent_share=t.share), [t]


def _severity(config: SpikeConfig, delta: float) -> Severity:
    return "critical" if delta >= config.critical_pp else "warning"


@dataclass
class SpikeDetector:
    """Per-key state in a dict, for callers that keep the detector in memory (tests, the
    benchmark); an agent can call :func:`step` and keep each ``KeyState`` in a table."""

    config: SpikeConfig = field(default_factory=SpikeConfig)
    states: dict[Key, KeyState] = field(default_factory=dict)

    def observe(self, key: Key, now: datetime, short: Mapping[str, Counts],
                baseline: Counts) -> list[Transition]:
        """Judge ``key`` at ``now`` from (negatives, n) per short window and the baseline."""
        after, transitions = step(self.config, key, self.states.get(key, IDLE), now, short,
                                  baseline)
        if after == IDLE:
            self.states.pop(key, None)
        else:
            self.states[key] = after
        return transitions

    def is_open(self, key: Key) -> bool:
        return key in self.states and self.states[key].is_open

    def open_keys(self) -> Iterator[Key]:
        """Keys with an open alert (what ``GET /api/alerts`` lists)."""
        return (key for key, state in self.states.items() if state.is_open)
