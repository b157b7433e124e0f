"""The pulse view: de-duplication, all-time and rolling counts, the API shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas.vocabulary import AREAS
from stream.pulse.view import ALL_TIME, PulseView, SeenIds

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_duplicates_are_counted_once():
    view = PulseView()
    for _ in range(3):
        view.add("c1", "Lund", NOW, {"waiting_time": "negative"}, NOW)
    assert view.query(ALL_TIME, None, NOW)["comments"] == 1
    assert view.duplicates == 2


def test_shape_has_all_areas_with_counts_and_shares():
    view = PulseView()
    view.add("a", "Lund", NOW, {"waiting_time": "negative", "caseworker_service": "positive"}, NOW)
    view.add("b", "Lund", NOW, {"waiting_time": "positive"}, NOW)
    view.add("c", "Umeå", NOW, {"waiting_time": "skeptical"}, NOW)
    lund = view.query(ALL_TIME, "Lund", NOW)
    assert set(lund["areas"]) == set(AREAS)
    wt = lund["areas"]["waiting_time"]
    assert wt["n"] == 2 and wt["counts"] == {"negative": 1, "skeptical": 0, "positive": 1}
    assert wt["shares"]["negative"] == pytest.approx(0.5)
    assert lund["areas"]["digital_services"]["n"] == 0
    national = view.query(ALL_TIME, None, NOW)
    assert national["municipality"] == "all" and national["comments"] == 3
    assert national["areas"]["waiting_time"]["n"] == 3
    assert view.municipalities == ["Lund", "Umeå"]


def test_rolling_window_slides_with_time_but_all_time_keeps_everything():
    view = PulseView(rolling_minutes=60)
    view.add("old", "Lund", NOW - timedelta(minutes=50), {"waiting_time": "negative"}, NOW)
    view.add("new", "Lund", NOW - timedelta(minutes=5), {"waiting_time": "positive"}, NOW)
    assert view.query("1h", "Lund", NOW)["comments"] == 2
    later = NOW + timedelta(minutes=20)
    assert view.query("1h", "Lund", later)["comments"] == 1
    assert view.query(ALL_TIME, "Lund", later)["comments"] == 2


def test_comment_older_than_window_counts_all_time_only():
    view = PulseView(rolling_minutes=15)
    view.add("x", "Lund", NOW - timedelta(hours=3), {"waiting_time": "negative"}, NOW)
    assert view.query("15m", None, NOW)["comments"] == 0
    assert view.query(ALL_TIME, None, NOW)["comments"] == 1
    assert view.too_old_for_rolling == 1


def test_unknown_window_is_an_error():
    with pytest.raises(KeyError, match="unknown window"):
        PulseView().query("7d", None, NOW)


def test_seen_ids_are_bounded_and_forget_oldest_first():
    seen = SeenIds(max_ids=3)
    assert all(seen.add(i) for i in "abcd")
    assert len(seen) == 3
    assert seen.add("a")  # forgotten, so accepted again
    assert not seen.add("d")
