"""The spike detector on hand-made sequences: fires, stays quiet, resolves, cools down."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from stream.pulse.spikes import IDLE, SpikeConfig, SpikeDetector, step

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
KEY = ("Lund", "waiting_time")
BASE = (220, 1000)  # 22 % negative over the baseline
# One window, no confirmation delay: each test switches on only what it is about.
PLAIN = SpikeConfig(short_windows=("1h",), confirm=timedelta(0))


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def observe(det: SpikeDetector, minutes: float, k: int, n: int, base=BASE, key=KEY):
    return det.observe(key, at(minutes), {"1h": (k, n)}, base)


def states(transitions) -> list[str]:
    return [t.state for t in transitions]


def test_a_clear_spike_raises_one_alert_with_the_figures():
    det = SpikeDetector(PLAIN)
    [t] = observe(det, 0, 24, 50)  # 48 % against 22 %
    assert t.state == "raised" and t.key == KEY and t.window == "1h"
    assert (t.municipality, t.area, t.n, t.negatives, t.baseline_n) == ("Lund", "waiting_time",
                                                                       50, 24, 1000)
    assert t.share == pytest.approx(0.48) and t.baseline_share == pytest.approx(0.22)
    assert t.delta_pp == 26.0
    # The interval reported is the 95 % one the wallboard shows, not the stricter test's.
    assert (round(t.share_low, 2), round(t.share_high, 2)) == (0.35, 0.61)
    assert t.severity == "critical"  # +26 pp >= critical_pp (20)
    assert t.alert_id == "Lund/waiting_time/20260302T100000+0000"
    assert det.is_open(KEY) and list(det.open_keys()) == [KEY]
    assert observe(det, 1, 24, 50) == []  # still open, nothing new to say


@pytest.mark.parametrize(("k", "n", "why"), [
    (3, 3, "three angry comments at night: below min_n"),
    (19, 19, "all negative, still one comment short of min_n"),
    (16, 50, "32 % vs 22 %: the lower bound is not above baseline + margin"),
    (11, 50, "as usual"),
    (0, 0, "no comments at all"),
])
def test_no_alert_without_enough_evidence(k, n, why):
    det = SpikeDetector(PLAIN)
    assert observe(det, 0, k, n) == [], why
    assert det.states == {}  # an idle key costs no memory


def test_no_alert_against_a_thin_baseline():
    det = SpikeDetector(PLAIN)
    assert observe(det, 0, 40, 50, base=(10, 60)) == []  # 60 baseline comments < 100


def test_volume_decides_the_same_share_at_low_and_high_n():
    # 40 % negative against 22 %: not enough at n=20, plenty at n=400.
    assert observe(SpikeDetector(PLAIN), 0, 8, 20) == []
    assert states(observe(SpikeDetector(PLAIN), 0, 160, 400)) == ["raised"]


def test_confirm_requires_the_condition_to_hold_without_a_break():
    det = SpikeDetector(replace(PLAIN, confirm=timedelta(minutes=5)))
    assert observe(det, 0, 30, 50) == []
    assert observe(det, 4, 30, 50) == []
    assert observe(det, 5, 11, 50) == []  # a calm minute resets the clock
    assert observe(det, 6, 30, 50) == []
    assert observe(det, 10, 30, 50) == []
    assert states(observe(det, 11, 30, 50)) == ["raised"]


def test_resolves_only_below_the_smaller_margin_hysteresis():
    det = SpikeDetector(PLAIN)
    assert states(observe(det, 0, 30, 60)) == ["raised"]  # 50 %
    # 25 % (+3 pp): far too little to raise, but above baseline + 2 pp: stays open
    # (an update says the share fell).
    assert states(observe(det, 10, 15, 60)) == ["updated"]
    assert det.is_open(KEY)
    [t] = observe(det, 20, 14, 60)  # 23.3 % (+1.3 pp): resolved
    assert t.state == "resolved" and not det.is_open(KEY)
    assert t.alert_id == "Lund/waiting_time/20260302T100000+0000"  # the same alert


def test_an_empty_window_resolves():
    det = SpikeDetector(PLAIN)
    observe(det, 0, 30, 60)
    assert states(observe(det, 90, 0, 0)) == ["resolved"]


def test_cool_down_suppresses_a_re_raise_then_needs_the_condition_afresh():
    det = SpikeDetector(replace(PLAIN, cooldown=timedelta(hours=1)))
    observe(det, 0, 30, 60)
    assert states(observe(det, 10, 10, 60)) == ["resolved"]
    assert observe(det, 20, 30, 60) == []  # back up within the hour: quiet
    assert observe(det, 69, 30, 60) == []
    [t] = observe(det, 71, 30, 60)
    assert t.state == "raised" and t.alert_id.endswith("T111100+0000")  # a new alert


def test_updated_only_when_the_share_moves_materially():
    det = SpikeDetector(replace(PLAIN, critical_pp=50.0))  # keep severity out of this test
    observe(det, 0, 30, 100)  # 30 %: too weak to raise
    assert not det.is_open(KEY)
    assert states(observe(det, 1, 40, 100)) == ["raised"]  # 40 %
    assert observe(det, 2, 43, 100) == []  # +3 pp: not worth a message
    assert observe(det, 3, 36, 100) == []  # -4 pp from the last one sent
    [t] = observe(det, 4, 46, 100)  # +6 pp since the raise
    assert t.state == "updated" and t.share == pytest.approx(0.46)
    assert observe(det, 5, 47, 100) == []  # measured from 46 % now
    assert states(observe(det, 6, 40, 100)) == ["updated"]


@pytest.mark.parametrize(("k", "severity"), [(40, "warning"), (48, "critical")])
def test_severity_follows_the_size_of_the_delta(k, severity):
    [t] = observe(SpikeDetector(PLAIN), 0, k, 100)  # +18 pp / +26 pp
    assert t.severity == severity


def test_a_change_of_severity_is_an_update():
    det = SpikeDetector(replace(PLAIN, update_pp=50.0))  # only severity can cause an update
    assert [t.severity for t in observe(det, 0, 40, 100)] == ["warning"]
    [t] = observe(det, 1, 45, 100)
    assert (t.state, t.severity) == ("updated", "critical")


def test_the_window_with_most_evidence_speaks_and_the_alert_follows_it():
    det = SpikeDetector(SpikeConfig(short_windows=("30m", "2h"), confirm=timedelta(0)))
    # A sharp burst: the last 30 minutes are 60 % negative, the 2 hours 35 %.
    [t] = det.observe(KEY, at(0), {"30m": (36, 60), "2h": (84, 240)}, BASE)
    assert (t.window, t.n) == ("30m", 60)
    # It resolves on its own window, even while the longer one still looks high.
    [u] = det.observe(KEY, at(10), {"30m": (20, 60), "2h": (84, 240)}, BASE)
    assert (u.state, u.window) == ("updated", "30m")
    [r] = det.observe(KEY, at(20), {"30m": (13, 60), "2h": (84, 240)}, BASE)
    assert (r.state, r.window) == ("resolved", "30m")


def test_keys_are_independent():
    det = SpikeDetector(PLAIN)
    assert states(observe(det, 0, 30, 50)) == ["raised"]
    assert observe(det, 0, 11, 50, key=("Lund", "digital_services")) == []
    assert states(observe(det, 0, 30, 50, key=("all", "waiting_time"))) == ["raised"]
    assert sorted(det.open_keys()) == [("Lund", "waiting_time"), ("all", "waiting_time")]


def test_step_is_pure_and_replays_identically():
    sequence = [(0, 30, 50), (5, 35, 50), (10, 11, 50), (30, 30, 50), (80, 30, 50)]
    runs = []
    for _ in range(2):
        state, seen = IDLE, []
        for minute, k, n in sequence:
            state, out = step(PLAIN, KEY, state, at(minute), {"1h": (k, n)}, BASE)
            seen += [(t.state, t.alert_id, t.share) for t in out]
        runs.append(seen)
    assert runs[0] == runs[1]
    assert [s for s, _, _ in runs[0]] == ["raised", "updated", "resolved", "raised"]


@pytest.mark.parametrize("bad", [
    {"resolve_margin_pp": 6.0},  # above margin_pp: no hysteresis
    {"min_n": 0},
    {"short_windows": ()},
    {"short_windows": ("today",)},
    {"baseline_window": "week"},
])
def test_config_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        SpikeConfig(**bad)


def test_a_transition_fills_an_alert_event():
    from schemas.events import Alert
    from stream.pulse.drivers import message

    [t] = observe(SpikeDetector(PLAIN), 0, 24, 50)
    alert = Alert(
        alert_id=t.alert_id, state=t.state, municipality=t.municipality, area=t.area,
        window=t.window, share=t.share, share_low=t.share_low, share_high=t.share_high,
        baseline_share=t.baseline_share, delta_pp=t.delta_pp, n=t.n, severity=t.severity,
        message=message(t.municipality, t.area, t.share, t.share_low, t.share_high,
                        t.baseline_share, t.n, t.window, t.state),
        drivers=["telefonkö"], at=t.at)
    assert alert.message == ("Negativa kommentarer om Väntetid i Lund: 48 % senaste timmen "
                             "(35–61 %), mot 22 % normalt (+26 procentenheter, 50 kommentarer).")
