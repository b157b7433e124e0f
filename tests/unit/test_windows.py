"""Window arithmetic and share intervals, as tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stream.pulse.stats import delta_pp, wilson
from stream.pulse.windows import TZ, baselines, period, rolling_window

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # a Sunday


@pytest.mark.parametrize(
    ("name", "minutes"),
    [("15m", 15), ("1h", 60), ("24h", 1440), ("90m", 90), ("2d", 2880)],
)
def test_rolling_window_lengths(name, minutes):
    assert rolling_window(name) == timedelta(minutes=minutes)


@pytest.mark.parametrize("bad", ["", "0m", "h", "5x", "-1h", "today"])
def test_bad_rolling_window_names(bad):
    with pytest.raises(ValueError):
        rolling_window(bad)


@pytest.mark.parametrize(
    ("window", "start", "end"),
    [
        ("1h", datetime(2026, 11, 22, 11, 0, tzinfo=UTC), NOW),
        ("today", datetime(2026, 11, 22, tzinfo=TZ), datetime(2026, 11, 23, tzinfo=TZ)),
        ("week", datetime(2026, 11, 16, tzinfo=TZ), datetime(2026, 11, 23, tzinfo=TZ)),
        ("year", datetime(2026, 1, 1, tzinfo=TZ), datetime(2027, 1, 1, tzinfo=TZ)),
    ],
)
def test_periods(window, start, end):
    p = period(window, NOW)
    assert (p.start, p.end) == (start, end)


def test_all_time_has_no_period_and_no_baselines():
    assert period("all", NOW) is None and baselines("all", NOW) == {}


@pytest.mark.parametrize(
    ("window", "names"),
    [
        ("15m", {"previous", "week_ago"}),
        ("today", {"previous", "week_ago", "year_ago"}),
        ("week", {"previous", "year_ago"}),
        ("year", {"previous"}),
    ],
)
def test_baseline_kinds(window, names):
    assert set(baselines(window, NOW)) == names


def test_previous_rolling_window_ends_where_the_current_starts():
    b = baselines("1h", NOW)
    assert b["previous"].end == NOW - timedelta(hours=1)
    assert b["week_ago"].end == NOW - timedelta(days=7)


def test_past_year_is_compared_with_the_whole_year_before():
    prev = baselines("year", NOW, year=2020)["previous"]
    assert (prev.start, prev.end) == (datetime(2019, 1, 1, tzinfo=TZ), datetime(2020, 1, 1, tzinfo=TZ))


def test_current_year_is_compared_to_date():
    prev = baselines("year", NOW)["previous"]
    assert prev.end == datetime(2025, 11, 23, tzinfo=TZ)


def test_leap_day_has_a_year_ago():
    leap = datetime(2024, 2, 29, 12, tzinfo=UTC)
    assert baselines("today", leap)["year_ago"].start == datetime(2023, 2, 28, tzinfo=TZ)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (5, 10, 0.2366, 0.7634),
        (52, 100, 0.4232, 0.6154),
        (520, 1000, 0.4890, 0.5508),
    ],
)
def test_wilson_interval(k, n, low, high):
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(low, abs=1e-4) and hi == pytest.approx(high, abs=1e-4)


def test_wilson_narrows_with_volume():
    small, large = wilson(5, 10), wilson(500, 1000)
    assert small[1] - small[0] > large[1] - large[0]


@pytest.mark.parametrize(("share", "base", "pp"), [(0.52, 0.43, 9.0), (0.56, 0.44, 12.0), (0.1, 0.2, -10.0)])
def test_delta_pp(share, base, pp):
    assert delta_pp(share, base) == pp
