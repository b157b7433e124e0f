"""The pulse as counts: de-duplicated by comment id, all-time and over a rolling window."""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from schemas.vocabulary import AREAS, NATIONAL, SENTIMENTS

ALL_TIME = "all"


@dataclass(slots=True)
class Tally:
    """Comments and (area, sentiment) counts for one municipality in one window."""

    comments: int = 0
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, labels: Mapping[str, str], sign: int = 1) -> None:
        self.comments += sign
        for area, sentiment in labels.items():
            self.counts[(area, sentiment)] += sign

    def merge(self, other: Tally) -> None:
        self.comments += other.comments
        self.counts.update(other.counts)

    def to_dict(self) -> dict:
        """The ``/api/pulse`` shape: comments, and per area n, counts and shares."""
        areas = {}
        for area in AREAS:
            counts = {s: self.counts.get((area, s), 0) for s in SENTIMENTS}
            n = sum(counts.values())
            areas[area] = {
                "n": n,
                "counts": counts,
                "shares": {s: (c / n if n else 0.0) for s, c in counts.items()},
            }
        return {"comments": self.comments, "areas": areas}


class SeenIds:
    """The most recent ``max_ids`` comment ids, oldest forgotten first (bounded memory)."""

    def __init__(self, max_ids: int) -> None:
        self.max_ids = max_ids
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, comment_id: str) -> bool:
        """Remember ``comment_id``; False if it was already remembered (a duplicate)."""
        if comment_id in self._ids:
            return False
        self._ids[comment_id] = None
        if len(self._ids) > self.max_ids:
            self._ids.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._ids)


def _minute(ts: datetime) -> int:
    return int(ts.timestamp()) // 60


class PulseView:
    """Counts per municipality × area × sentiment, all-time and over the last N minutes.

    Fed every scored comment (from all partitions); a comment id seen before is ignored,
    so at-least-once delivery upstream still counts each comment once.

    >>> from datetime import datetime, UTC
    >>> view = PulseView(rolling_minutes=60)
    >>> now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    >>> view.add("c1", "Lund", now, {"waiting_time": "negative"}, now)
    True
    >>> view.add("c1", "Lund", now, {"waiting_time": "negative"}, now)
    False
    >>> view.query(ALL_TIME, "Lund", now)["areas"]["waiting_time"]["counts"]
    {'negative': 1, 'skeptical': 0, 'positive': 0}
    """

    def __init__(self, rolling_minutes: int = 60, dedup_max_ids: int = 2_000_000) -> None:
        self.rolling_minutes = rolling_minutes
        self.rolling_name = (
            f"{rolling_minutes // 60}h" if rolling_minutes % 60 == 0 else f"{rolling_minutes}m"
        )
        self.seen = SeenIds(dedup_max_ids)
        self.duplicates = 0
        self.too_old_for_rolling = 0
        self._all: dict[str, Tally] = {NATIONAL: Tally()}
        self._buckets: dict[int, dict[str, Tally]] = {}

    @property
    def windows(self) -> tuple[str, ...]:
        return (ALL_TIME, self.rolling_name)

    @property
    def municipalities(self) -> list[str]:
        return sorted(m for m in self._all if m != NATIONAL)

    def add(
        self, comment_id: str, municipality: str, created_at: datetime,
        labels: Mapping[str, str], now: datetime,
    ) -> bool:
        """Count one comment; False when it is a duplicate and was not counted."""
        if not self.seen.add(comment_id):
            self.duplicates += 1
            return False
        for key in (NATIONAL, municipality):
            self._all.setdefault(key, Tally()).add(labels)
        minute = _minute(created_at)
        if minute <= _minute(now) - self.rolling_minutes:
            self.too_old_for_rolling += 1
            return True
        bucket = self._buckets.setdefault(minute, {})
        for key in (NATIONAL, municipality):
            bucket.setdefault(key, Tally()).add(labels)
        return True

    def expire(self, now: datetime) -> None:
        """Forget minute buckets that have slid out of the rolling window."""
        oldest = _minute(now) - self.rolling_minutes
        for minute in [m for m in self._buckets if m <= oldest]:
            del self._buckets[minute]

    def tally(self, window: str, municipality: str | None, now: datetime) -> Tally:
        key = municipality or NATIONAL
        if window == ALL_TIME:
            return self._all.get(key, Tally())
        if window != self.rolling_name:
            raise KeyError(f"unknown window {window!r}; known: {', '.join(self.windows)}")
        self.expire(now)
        total = Tally()
        for bucket in self._buckets.values():
            if key in bucket:
                total.merge(bucket[key])
        return total

    def query(self, window: str, municipality: str | None, now: datetime) -> dict:
        result = self.tally(window, municipality, now).to_dict()
        return {"window": window, "municipality": municipality or NATIONAL, **result}

    def keys(self) -> Iterable[str]:
        return self._all.keys()
