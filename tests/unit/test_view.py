"""The pulse view: de-duplication, event-time windows, lateness, baselines, the API shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas.vocabulary import AREAS
from stream.pulse.view import PulseView, SeenIds

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
NEG = {"waiting_time": "negative"}
POS = {"waiting_time": "positive"}


def _add(view, cid, ago, labels=NEG, muni="Lund", channel=None, delay=timedelta(0)):
    created = NOW - ago
    return view.add(cid, muni, created, labels, NOW, channel=channel, appended_at=created + delay)


def test_duplicates_are_counted_once():
    view = PulseView()
    assert _add(view, "c1", timedelta(minutes=1))
    assert not _add(view, "c1", timedelta(minutes=1))
    assert view.query("all", None, NOW)["comments"] == 1
    assert view.duplicates == 1


def test_shape_has_all_areas_with_counts_shares_and_intervals():
    view = PulseView()
    view.add("a", "Lund", NOW, {"waiting_time": "negative", "caseworker_service": "positive"}, NOW)
    view.add("b", "Lund", NOW, POS, NOW)
    view.add("c", "Umeå", NOW, {"waiting_time": "skeptical"}, NOW)
    lund = view.query("all", "Lund", NOW)
    assert set(lund["areas"]) == set(AREAS)
    wt = lund["areas"]["waiting_time"]
    assert wt["n"] == 2 and wt["counts"] == {"negative": 1, "skeptical": 0, "positive": 1}
    assert wt["shares"]["negative"] == pytest.approx(0.5)
    lo, hi = wt["intervals"]["negative"]
    assert lo < 0.5 < hi
    assert lund["areas"]["digital_services"]["n"] == 0
    national = view.query("all", None, NOW)
    assert national["municipality"] == "all" and national["comments"] == 3
    assert view.municipalities == ["Lund", "Umeå"]


@pytest.mark.parametrize(
    ("window", "ages_minutes", "expected"),
    [
        ("15m", [1, 14, 16, 59], 2),
        ("1h", [1, 14, 16, 59, 61], 4),
        ("24h", [1, 60 * 23, 60 * 25], 2),
        ("all", [1, 60 * 25, 60 * 24 * 400], 3),
    ],
)
def test_rolling_windows_count_by_event_time(window, ages_minutes, expected):
    view = PulseView()
    for i, age in enumerate(ages_minutes):
        # Replayed history reached the broker on time, long ago.
        _add(view, f"c{i}", timedelta(minutes=age))
    assert view.query(window, None, NOW)["comments"] == expected


def test_out_of_order_events_land_in_their_own_windows():
    view = PulseView()
    _add(view, "new", timedelta(minutes=2), POS)
    _add(view, "old", timedelta(minutes=50), NEG, delay=timedelta(minutes=48))  # within lateness
    assert view.query("15m", None, NOW)["areas"]["waiting_time"]["counts"]["negative"] == 0
    assert view.query("1h", None, NOW)["areas"]["waiting_time"]["counts"]["negative"] == 1


def test_events_later_than_allowed_lateness_count_as_late_but_not_lost():
    view = PulseView(lateness=timedelta(hours=1))
    _add(view, "late", timedelta(minutes=30), delay=timedelta(hours=2) - timedelta(minutes=30))
    body = view.query("1h", None, NOW)
    assert body["comments"] == 0 and body["late"] == 1
    assert view.query("today", None, NOW)["comments"] == 1
    assert view.query("all", None, NOW)["comments"] == 1


def test_calendar_windows_count_history_whatever_its_delay():
    view = PulseView()
    last_year = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    view.add("h", "Lund", last_year, NEG, NOW, appended_at=NOW)  # imported a year late
    assert view.query("year", None, NOW, year=2025)["comments"] == 1
    assert view.query("year", None, NOW)["comments"] == 0
    assert view.query("24h", None, NOW)["comments"] == 0


def test_year_compared_with_the_year_before_gives_pp_delta():
    view = PulseView()
    for i in range(100):
        labels = {"municipal_services": "negative" if i < 43 else "positive"}
        view.add(f"y19-{i}", "Lund", datetime(2019, 5, 1, tzinfo=UTC), labels, NOW)
        labels = {"municipal_services": "negative" if i < 52 else "positive"}
        view.add(f"y20-{i}", "Lund", datetime(2020, 5, 1, tzinfo=UTC), labels, NOW)
    area = view.query("year", None, NOW, year=2020)["areas"]["municipal_services"]
    assert area["shares"]["negative"] == pytest.approx(0.52)
    base = area["baselines"]["previous"]
    assert base["n"] == 100 and base["delta_pp"]["negative"] == pytest.approx(9.0)


def test_rolling_window_has_previous_and_week_ago_baselines():
    view = PulseView()
    _add(view, "now", timedelta(minutes=5), NEG)
    _add(view, "prev", timedelta(minutes=65), POS)
    _add(view, "week", timedelta(days=7, minutes=5), POS)
    area = view.query("1h", None, NOW)["areas"]["waiting_time"]
    assert area["baselines"]["previous"]["n"] == 1
    assert area["baselines"]["previous"]["delta_pp"]["negative"] == pytest.approx(100.0)
    assert area["baselines"]["week_ago"]["n"] == 1


def test_channel_breakdown():
    view = PulseView()
    _add(view, "a", timedelta(minutes=1), channel="phone")
    _add(view, "b", timedelta(minutes=1), channel="chat")
    _add(view, "c", timedelta(minutes=1))
    assert view.query("all", None, NOW, channel="phone")["comments"] == 1
    assert view.query("all", "Lund", NOW, channel="unknown")["comments"] == 1
    assert view.channels == ["chat", "phone", "unknown"]


def test_old_minute_buckets_expire_but_all_time_keeps_everything():
    view = PulseView()
    _add(view, "x", timedelta(minutes=5))
    later = NOW + timedelta(days=10)
    view.expire(later)
    assert not view._minutes
    assert view.query("all", None, later)["comments"] == 1


def test_unknown_window_is_an_error():
    with pytest.raises(KeyError, match="unknown window"):
        PulseView(windows=["1h", "all"]).query("7d", None, NOW)


def test_seen_ids_are_bounded_and_forget_oldest_first():
    seen = SeenIds(max_ids=3)
    assert all(seen.add(i) for i in "abcd")
    assert len(seen) == 3
    assert seen.add("a")  # forgotten, so accepted again
    assert not seen.add("d")


def test_span_sums_from_hour_buckets_equal_a_brute_force_count_through_expiry():
    """Spans of whole hours are read from hour buckets; what they give must be exactly the
    minute-by-minute count, also after old minutes expired from the middle of an hour."""
    import random

    from schemas.vocabulary import SENTIMENTS
    from stream.pulse.view import _minute

    rnd = random.Random(7)
    view = PulseView(windows=("15m", "1h", "all"), lateness=timedelta(hours=1))
    retention = view.minute_retention
    kept = []  # (minute, municipality, labels) of comments in the minute buckets
    now = NOW
    for i in range(3000):
        created = now - timedelta(seconds=rnd.uniform(0, retention.total_seconds() + 7200))
        labels = {a: rnd.choice(SENTIMENTS) for a in rnd.sample(AREAS, rnd.randint(0, 2))}
        muni = rnd.choice(["Lund", "Umeå", "Kiruna"])
        view.add(f"c{i}", muni, created, labels, now, appended_at=created)
        if created >= now - retention:
            kept.append((_minute(created), muni, labels))
    for step in range(3):
        now += timedelta(minutes=rnd.randint(30, 300))  # expires minutes inside an hour
        view.expire(now)
        oldest = _minute(now - retention)
        kept = [k for k in kept if k[0] >= oldest]
        for _ in range(40):
            end = now - timedelta(seconds=rnd.uniform(0, retention.total_seconds()))
            start = end - timedelta(minutes=rnd.choice([1, 59, 60, 61, 120, 1440, 10080]),
                                    seconds=rnd.uniform(0, 3600))
            first, last = _minute(start), _minute(end)
            for muni in (None, "Lund"):
                found = view.span_area_counts(muni, start, end)
                for area in AREAS:
                    hits = [labels[area] for m, mu, labels in kept
                            if first < m <= last and area in labels and muni in (None, mu)]
                    expected = (hits.count("negative"), len(hits))
                    assert found[area] == expected
                    assert view.span_counts(muni, area, start, end) == expected
