"""Spike-detector evaluation on synthetic event-time streams: recall, delay, false alarms.

No broker: comments are drawn per minute (Poisson volume, binomial negatives) at the
generator's base rates, the short and baseline windows are counted here, and the detector
(``stream.pulse.spikes``) is driven directly, once per event-time minute.

* Spike trials: one municipality × area at a constant volume (comments/h); after a week of
  history the negative share rises by ``size`` pp for ``--spike-hours``. Detected = raised
  while the spike lasts; delay = raise time - spike start, in event-time minutes. The
  areas take turns, so the base share is each area's (14 % to 58 % negative).
* Calm streams: whole municipalities (five areas with the generator's area rates and
  negative shares, its hour-of-day rhythm and quiet weekends) for ``--weeks`` weeks at four
  sizes; every raise is a false alarm. ``--jitter-pp`` lets the true share wander hour by
  hour, which real feedback does and the generator does not.
* ``--compare`` runs, on the same streams, River's Page-Hinkley and an oracle CUSUM that
  knows the base share and the spike size (+20 pp): the best any detector can do at its
  false-alarm rate, so it shows which targets the statistics allow at all.

Run: ``python -m benchmarks.alerts [--weeks N] [--seed S] [--json]`` (progress on stderr).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from stream.generator import _HOUR_WEIGHTS, PRESETS
from stream.pulse.spikes import SpikeConfig, SpikeDetector
from stream.pulse.windows import rolling_window

SIZES_PP = (10, 20, 30)
VOLUMES = (5, 10, 30, 60, 100, 200)  # comments per hour about one municipality × area
# Calm municipalities by comments per hour at the busiest office hour (all areas together):
# "large" puts about 130 comments an hour on waiting time, 180 on caseworker service.
CALM_LEVELS = {"small": 20, "medium": 100, "large": 400, "xlarge": 1500}
RATES = PRESETS["default"].area_rates
NEGATIVE = {a: s["negative"] for a, s in PRESETS["default"].sentiment_shares.items()}
AREAS = tuple(RATES)
# The generator's day weights: Saturday and Sunday are quiet (holidays are ignored here).
DAY_WEIGHTS = (1.0, 1.0, 1.0, 1.0, 1.0, 0.18, 0.14)
WEEK_MIN = 7 * 24 * 60
PRE_SPIKE_MIN = 120  # calm minutes judged before each spike (raises there are early alarms)
T0 = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday; local time is taken as UTC (no DST)


@dataclass
class Series:
    """Per-minute counts of one municipality × area, and its windowed sums."""

    n: np.ndarray
    k: np.ndarray
    _cn: np.ndarray = field(init=False, repr=False)
    _ck: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._cn = np.concatenate(([0], np.cumsum(self.n)))
        self._ck = np.concatenate(([0], np.cumsum(self.k)))

    def window(self, end: np.ndarray, minutes: int) -> tuple[np.ndarray, np.ndarray]:
        """(negatives, n) over the ``minutes`` minutes up to and including each ``end``."""
        lo = np.maximum(end + 1 - minutes, 0)
        return self._ck[end + 1] - self._ck[lo], self._cn[end + 1] - self._cn[lo]


def draw(rng: np.random.Generator, per_minute: np.ndarray, share: np.ndarray) -> Series:
    n = rng.poisson(per_minute)
    return Series(n=n, k=rng.binomial(n, share))


def wilson_low(k: np.ndarray, n: np.ndarray, z: float) -> np.ndarray:
    """Vectorised lower Wilson bound (the same formula as ``stream.pulse.stats.wilson``)."""
    n_ = np.maximum(n, 1)
    p = k / n_
    denom = 1 + z * z / n_
    centre = (p + z * z / (2 * n_)) / denom
    half = z * np.sqrt(p * (1 - p) / n_ + z * z / (4 * n_ * n_)) / denom
    return np.where(n > 0, centre - half, 0.0)


def _minutes(window: str | timedelta) -> int:
    span = window if isinstance(window, timedelta) else rolling_window(window)
    return int(span.total_seconds() // 60)


# A method turns (series, area, first, last) into the minutes in [first, last) it raised at.
Method = Callable[[Series, str, int, int], list[int]]


def detector(config: SpikeConfig) -> Method:
    """``SpikeDetector`` driven once per minute, as the alerts agent would."""

    def method(series: Series, area: str, first: int, last: int) -> list[int]:
        key = ("bench", area)
        ends = np.arange(first, last)
        short = {w: series.window(ends, _minutes(w)) for w in config.short_windows}
        bk, bn = series.window(ends - _minutes(config.longest),
                               _minutes(config.baseline_window))
        # Minutes where no window can meet the raise condition are no-ops for an idle
        # detector, so they are skipped (a looser threshold keeps this a superset); the
        # minute after each candidate is kept so ``confirm`` resets as it would every minute.
        base = np.where(bn > 0, bk / np.maximum(bn, 1), 1.0)
        loose = np.zeros(len(ends), dtype=bool)
        for sk, sn in short.values():
            loose |= ((sn >= config.min_n) & (bn >= config.min_baseline_n)
                      & (wilson_low(sk, sn, config.z) * 100
                         > base * 100 + config.margin_pp - 0.5))
        candidate = loose | np.concatenate(([False], loose[:-1]))
        todo = np.flatnonzero(candidate)
        det = SpikeDetector(config)
        raised: list[int] = []
        i = 0
        while i < len(ends):
            if not det.is_open(key) and not candidate[i]:
                j = int(np.searchsorted(todo, i))
                if j == len(todo):
                    break
                i = int(todo[j])
            m = int(ends[i])
            counts = {w: (int(sk[i]), int(sn[i])) for w, (sk, sn) in short.items()}
            for t in det.observe(key, T0 + timedelta(minutes=m), counts,
                                 (int(bk[i]), int(bn[i]))):
                if t.state == "raised":
                    raised.append(m)
            i += 1
        return raised

    return method


def cusum_oracle(size_pp: float = 20.0, h: float = 9.0) -> Method:
    """Bernoulli CUSUM told the true base share and the spike size: the optimal detector
    for exactly that change (Moustakides 1986), so a ceiling for any practical one."""

    def method(series: Series, area: str, first: int, last: int) -> list[int]:
        p0 = NEGATIVE[area]
        p1 = min(p0 + size_pp / 100, 0.99)
        up, down = math.log(p1 / p0), math.log((1 - p1) / (1 - p0))
        s, raised = 0.0, []
        ns, ks = series.n[first:last].tolist(), series.k[first:last].tolist()
        for m, (n, k) in enumerate(zip(ns, ks, strict=True), start=first):
            if n:
                s = max(0.0, s + k * up + (n - k) * down)
                if s >= h:
                    raised.append(m)
                    s = 0.0
        return raised

    return method


def page_hinkley(threshold: float) -> Method:
    """River's Page-Hinkley (rises only) on each comment's 0/1 "negative", from a day before."""
    from river.drift import PageHinkley

    def method(series: Series, area: str, first: int, last: int) -> list[int]:
        ph = PageHinkley(threshold=threshold, mode="up")
        rng = random.Random(first)  # the order of comments within a minute
        raised = []
        start = max(0, first - 24 * 60)
        ns, ks = series.n[start:last].tolist(), series.k[start:last].tolist()
        for m, (n, k) in enumerate(zip(ns, ks, strict=True), start=start):
            if not n:
                continue
            xs = [1.0] * k + [0.0] * (n - k)
            rng.shuffle(xs)
            for x in xs:
                ph.update(x)
                if ph.drift_detected and m >= first:
                    raised.append(m)
        return raised

    return method


@dataclass
class SpikeRow:
    size_pp: int
    volume_per_h: int
    trials: int
    recall: float
    median_delay_min: float | None
    p90_delay_min: float | None
    early_alarms: int  # raised in the calm hours just before the spike


def spike_trials(method: Method, history: int, trials: int, spike_hours: float, seed: int,
                 sizes: Sequence[int] = SIZES_PP, volumes: Sequence[int] = VOLUMES,
                 progress: bool = True) -> list[SpikeRow]:
    """``history`` minutes of calm before judging starts (the baseline must fill up)."""
    start = history + PRE_SPIKE_MIN
    total = start + int(spike_hours * 60)
    rows = []
    for size in sizes:
        for volume in volumes:
            rng = np.random.default_rng([seed, size, volume])
            delays, early = [], 0
            for trial in range(trials):
                area = AREAS[trial % len(AREAS)]
                share = np.full(total, NEGATIVE[area])
                share[start:] = min(NEGATIVE[area] + size / 100, 0.99)
                raised = method(draw(rng, np.full(total, volume / 60), share), area,
                                history, total)
                early += sum(m < start for m in raised)
                hits = [m - start for m in raised if m >= start]
                if hits:
                    delays.append(hits[0])
            rows.append(SpikeRow(size, volume, trials, len(delays) / trials,
                                 _pct(delays, 50), _pct(delays, 90), early))
            if progress:
                r = rows[-1]
                print(f"  +{size} pp at {volume}/h: recall {r.recall:.0%}, median delay "
                      f"{_fmt(r.median_delay_min)} min", file=sys.stderr, flush=True)
    return rows


@dataclass
class CalmRow:
    level: str
    peak_per_h: int
    weeks: int
    false_alarms: int
    per_municipality_week: float
    by_area: dict[str, int]


def calm_streams(method: Method, warmup: int, weeks: int, seed: int, jitter_pp: float = 0.0,
                 progress: bool = True) -> list[CalmRow]:
    """``warmup`` minutes before judging starts; ``jitter_pp`` is the standard deviation of
    an hourly wander of the true negative share around the base share."""
    total = warmup + weeks * WEEK_MIN
    minute = np.arange(total)
    hour = (minute // 60) % 24
    day = (minute // (24 * 60)) % 7
    rhythm = np.asarray(_HOUR_WEIGHTS)[hour] * np.asarray(DAY_WEIGHTS)[day]
    rows = []
    for level, peak in CALM_LEVELS.items():
        rng = np.random.default_rng([seed, peak])
        by_area = {}
        for area in AREAS:
            wander = rng.normal(0.0, jitter_pp / 100, total // 60 + 1)[minute // 60]
            share = np.clip(NEGATIVE[area] + wander, 0.01, 0.99)
            series = draw(rng, peak * RATES[area] * rhythm / 60, share)
            by_area[area] = len(method(series, area, warmup, total))
        alarms = sum(by_area.values())
        rows.append(CalmRow(level, peak, weeks, alarms, alarms / weeks, by_area))
        if progress:
            print(f"  calm {level} ({peak}/h at peak), {weeks} weeks: {alarms} false alarms",
                  file=sys.stderr, flush=True)
    return rows


def _pct(values: Sequence[float], q: float) -> float | None:
    return float(np.percentile(values, q, method="nearest")) if values else None


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def table(spikes: list[SpikeRow], calm: list[CalmRow]) -> str:
    lines = ["size  volume/h  recall  median min  p90 min  early",
             "----  --------  ------  ----------  -------  -----"]
    for r in spikes:
        lines.append(f"+{r.size_pp:<3} {r.volume_per_h:>8}  {r.recall:>6.0%}  "
                     f"{_fmt(r.median_delay_min):>10}  {_fmt(r.p90_delay_min):>7}  "
                     f"{r.early_alarms:>5}")
    lines += ["", "calm municipality  peak/h  weeks  false alarms  per municipality-week",
              "-----------------  ------  -----  ------------  ---------------------"]
    for c in calm:
        lines.append(f"{c.level:<17}  {c.peak_per_h:>6}  {c.weeks:>5}  {c.false_alarms:>12}  "
                     f"{c.per_municipality_week:>21.2f}")
    return "\n".join(lines)


def compare(config: SpikeConfig, args: argparse.Namespace) -> dict[str, dict]:
    """Detector, Page-Hinkley and the oracle on the same +20 pp spikes and calm weeks."""
    history = _minutes(config.baseline_window) + _minutes(config.longest)
    methods = {"detector (defaults)": detector(config),
               "page-hinkley(threshold=20)": page_hinkley(20.0),
               "page-hinkley(threshold=50)": page_hinkley(50.0),  # River's default
               "cusum-oracle(+20pp, h=9)": cusum_oracle(20.0, 9.0)}
    out = {}
    for name, method in methods.items():
        print(f"compare: {name}", file=sys.stderr, flush=True)
        spikes = spike_trials(method, history, args.trials, args.spike_hours, args.seed,
                              sizes=(20,), volumes=(30, 60, 200), progress=False)
        calm = calm_streams(method, history, args.weeks, args.seed, args.jitter_pp,
                            progress=False)
        out[name] = {"spikes": [asdict(r) for r in spikes], "calm": [asdict(c) for c in calm]}
    return out


def compare_table(results: dict[str, dict]) -> str:
    lines = ["method                      worst FA/mw  +20@30/h      +20@60/h      +20@200/h",
             "--------------------------  -----------  ------------  ------------  ------------"]
    for name, r in results.items():
        worst = max(c["per_municipality_week"] for c in r["calm"])
        cells = [f"{s['recall']:>4.0%} {_fmt(s['median_delay_min']):>4} min" for s in r["spikes"]]
        lines.append(f"{name:<26}  {worst:>11.2f}  " + "  ".join(f"{c:<12}" for c in cells))
    lines.append("(cells: recall within the spike, median delay)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.alerts", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weeks", type=int, default=104, help="calm weeks per municipality size")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--trials", type=int, default=300, help="spike trials per size × volume")
    p.add_argument("--spike-hours", type=float, default=3.0, help="how long a spike lasts")
    p.add_argument("--jitter-pp", type=float, default=0.0,
                   help="hourly wander (sd, pp) of the calm streams' true share")
    p.add_argument("--compare", action="store_true",
                   help="also run Page-Hinkley and the oracle CUSUM (slower)")
    p.add_argument("--json", action="store_true", help="JSON instead of a table")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help="override a SpikeConfig field, e.g. --set z=2.5 --set confirm=5 "
                        "(minutes) --set short_windows=1h")
    args = p.parse_args(argv)
    config = _configure(SpikeConfig(), args.set)
    history = _minutes(config.baseline_window) + _minutes(config.longest)
    began = time.perf_counter()
    print(f"spike trials ({args.trials} per cell, {args.spike_hours:g} h spikes)",
          file=sys.stderr, flush=True)
    spikes = spike_trials(detector(config), history, args.trials, args.spike_hours, args.seed)
    print(f"calm streams ({args.weeks} weeks per size)", file=sys.stderr, flush=True)
    calm = calm_streams(detector(config), history, args.weeks, args.seed, args.jitter_pp)
    compared = compare(config, args) if args.compare else None
    seconds = time.perf_counter() - began
    if args.json:
        print(json.dumps({"config": _config_json(config), "seed": args.seed,
                          "weeks": args.weeks, "trials": args.trials,
                          "spike_hours": args.spike_hours, "jitter_pp": args.jitter_pp,
                          "seconds": round(seconds, 1),
                          "spikes": [asdict(r) for r in spikes],
                          "calm": [asdict(c) for c in calm],
                          **({"compare": compared} if compared else {})}, indent=2))
    else:
        print(f"config: {_config_json(config)}")
        print(table(spikes, calm))
        if compared:
            print()
            print(compare_table(compared))
        print(f"({seconds:.0f} s)")
    return 0


def _configure(config: SpikeConfig, overrides: Sequence[str]) -> SpikeConfig:
    names = {f.name for f in fields(SpikeConfig)}
    changes: dict[str, Any] = {}
    for item in overrides:
        name, _, value = item.partition("=")
        if name not in names:
            raise SystemExit(f"unknown SpikeConfig field {name!r}; known: {', '.join(names)}")
        default = getattr(config, name)
        if isinstance(default, timedelta):
            changes[name] = timedelta(minutes=float(value))  # durations in minutes
        elif isinstance(default, tuple):
            changes[name] = tuple(value.split(","))  # short_windows=30m,2h
        else:
            changes[name] = type(default)(value)
    return replace(config, **changes)


def _config_json(config: SpikeConfig) -> dict[str, object]:
    return {k: (v.total_seconds() / 60 if isinstance(v, timedelta) else v)
            for k, v in asdict(config).items()}


if __name__ == "__main__":
    raise SystemExit(main())
