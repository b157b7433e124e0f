"""The pulse as counts: de-duplicated by comment id, in event-time windows, per municipality
and channel, with shares, Wilson intervals and comparisons against baselines."""

from __future__ import annotations

from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from schemas.vocabulary import AREAS, NATIONAL, SENTIMENTS
from stream.pulse.stats import delta_pp, wilson
from stream.pulse.windows import (
    DEFAULT_WINDOWS,
    Period,
    baselines,
    days_in,
    is_rolling,
    local_day,
    period,
    rolling_window,
)

ANY_CHANNEL = "all"
UNKNOWN_CHANNEL = "unknown"
Key = tuple[str, str]  # (municipality or "all", channel or "all")


@dataclass(slots=True)
class Tally:
    """Comments and (area, sentiment) counts for one key in one window."""

    comments: int = 0
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, labels: Mapping[str, str]) -> None:
        self.comments += 1
        for area, sentiment in labels.items():
            self.counts[(area, sentiment)] += 1

    def merge(self, other: Tally) -> None:
        self.comments += other.comments
        self.counts.update(other.counts)

    def area(self, area: str) -> tuple[int, dict[str, int]]:
        counts = {s: self.counts.get((area, s), 0) for s in SENTIMENTS}
        return sum(counts.values()), counts

    def to_dict(self) -> dict:
        """The ``/api/pulse`` shape: comments, and per area n, counts, shares, intervals."""
        areas = {}
        for area in AREAS:
            n, counts = self.area(area)
            areas[area] = {
                "n": n,
                "counts": counts,
                "shares": {s: (c / n if n else 0.0) for s, c in counts.items()},
                "intervals": {s: list(wilson(c, n)) for s, c in counts.items()},
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


# A bucket is one flat dict of ints, {slot: n}: slot = key id × _SLOTS + i, where the key
# id numbers a (municipality, channel) key and i is an (area, sentiment) pair's index or
# _COMMENTS_SLOT. Not Tally objects per key: a view holding a week of minute buckets held
# ~1.2 million of them (a slots object and a Counter each), and a full cyclic collection
# walking them stalled the event loop for 1–3 s; nor dicts of dicts, which the GC tracks
# and walks too. A dict of ints is never tracked by the cyclic GC, however large.
Bucket = dict[int, int]
_PAIR_LIST = [(a, s) for a in AREAS for s in SENTIMENTS]
_PAIR_SLOT = {pair: i for i, pair in enumerate(_PAIR_LIST)}
_COMMENTS_SLOT = len(_PAIR_LIST)
_SLOTS = _COMMENTS_SLOT + 1


def _bump(bucket: Bucket, slots: list[int]) -> None:
    get = bucket.get
    for slot in slots:
        bucket[slot] = get(slot, 0) + 1


class _Summer:
    """Adds up one key's counts over buckets."""

    __slots__ = ("slots", "total")

    def __init__(self, base: int | None) -> None:
        self.slots = () if base is None else range(base, base + _SLOTS)
        self.total = [0] * _SLOTS

    def add(self, bucket: Bucket | None) -> None:
        if bucket:
            total = self.total
            for i, n in enumerate(map(bucket.get, self.slots)):
                if n:
                    total[i] += n

    def tally(self) -> Tally:
        t = self.total
        return Tally(t[_COMMENTS_SLOT],
                     Counter({_PAIR_LIST[i]: n for i, n in enumerate(t[:_COMMENTS_SLOT]) if n}))


def _keys(municipality: str, channel: str) -> tuple[Key, ...]:
    return ((NATIONAL, ANY_CHANNEL), (municipality, ANY_CHANNEL),
            (NATIONAL, channel), (municipality, channel))


class PulseView:
    """Counts per municipality × channel × area × sentiment in every window.

    Fed every scored comment (from all partitions); a comment id seen before is ignored,
    so at-least-once delivery upstream still counts each comment once. An event enters the
    rolling windows if it reached the broker within ``lateness`` of its ``created_at``;
    later ones are counted as late and enter only the calendar windows and all time.

    >>> from datetime import datetime, UTC
    >>> view = PulseView()
    >>> now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    >>> view.add("c1", "Lund", now, {"waiting_time": "negative"}, now)
    True
    >>> view.add("c1", "Lund", now, {"waiting_time": "negative"}, now)
    False
    >>> view.query("all", "Lund", now)["areas"]["waiting_time"]["counts"]
    {'negative': 1, 'skeptical': 0, 'positive': 0}
    """

    def __init__(
        self,
        windows: Iterable[str] = DEFAULT_WINDOWS,
        lateness: timedelta = timedelta(hours=1),
        dedup_max_ids: int = 2_000_000,
        min_retention: timedelta = timedelta(0),
    ) -> None:
        self.windows = tuple(windows)
        for w in self.windows:
            period(w, datetime.now().astimezone())  # fail early on an unknown window
        self.lateness = lateness
        longest = max((rolling_window(w) for w in self.windows if is_rolling(w)),
                      default=timedelta(0))
        # Minute buckets are kept long enough for a rolling window a week ago.
        self.minute_retention = max(longest + timedelta(days=7) + lateness, min_retention)
        self.seen = SeenIds(dedup_max_ids)
        self.duplicates = 0
        self.late: Counter[str] = Counter()
        self._all: Bucket = {}
        self._days: dict[date, Bucket] = defaultdict(dict)
        self._minutes: dict[int, Bucket] = defaultdict(dict)
        # Every hour's minute buckets added up (hour = minute // 60), kept equal to the sum
        # of the minute buckets stored, so a span of whole hours is read from 24 (a day) or
        # 168 (a week) buckets instead of 1,440 or 10,080.
        self._hours: dict[int, Bucket] = defaultdict(dict)
        self._key_ids: dict[Key, int] = {}
        self._bases: dict[tuple[str, str], tuple[int, ...]] = {}  # → its keys' first slots
        self._municipalities: set[str] = set()
        self._channels: set[str] = set()

    @property
    def municipalities(self) -> list[str]:
        return sorted(self._municipalities)

    @property
    def channels(self) -> list[str]:
        return sorted(self._channels)

    def add(
        self, comment_id: str, municipality: str, created_at: datetime,
        labels: Mapping[str, str], now: datetime, channel: str | None = None,
        appended_at: datetime | None = None,
    ) -> bool:
        """Count one comment; False when it is a duplicate and was not counted."""
        if not self.seen.add(comment_id):
            self.duplicates += 1
            return False
        channel = channel or UNKNOWN_CHANNEL
        self._municipalities.add(municipality)
        self._channels.add(channel)
        bases = self._bases.get((municipality, channel))
        if bases is None:
            bases = self._bases[(municipality, channel)] = tuple(
                self._key_id(key) * _SLOTS for key in _keys(municipality, channel))
        # Labels are schema-checked against the vocabulary; anything else is not counted.
        found = [_PAIR_SLOT[p] for p in labels.items() if p in _PAIR_SLOT]
        found.append(_COMMENTS_SLOT)
        slots = [base + i for base in bases for i in found]
        _bump(self._all, slots)
        _bump(self._days[local_day(created_at)], slots)
        # Lateness is judged against the broker's append time, not against this worker's
        # clock, so a replay after a restart decides exactly as the first pass did.
        if appended_at is not None and appended_at - created_at > self.lateness:
            self.late[NATIONAL] += 1
            self.late[municipality] += 1
            return True
        if created_at < now - self.minute_retention:
            return True
        minute = _minute(created_at)
        _bump(self._minutes[minute], slots)
        _bump(self._hours[minute // 60], slots)
        return True

    def _key_id(self, key: Key) -> int:
        found = self._key_ids.get(key)
        if found is None:
            found = self._key_ids[key] = len(self._key_ids)
        return found

    def _summer(self, key: Key) -> _Summer:
        found = self._key_ids.get(key)
        return _Summer(None if found is None else found * _SLOTS)

    def expire(self, now: datetime) -> None:
        """Forget minute buckets no rolling window or its baselines can reach any more."""
        oldest = _minute(now - self.minute_retention)
        for minute in [m for m in self._minutes if m < oldest]:
            gone = self._minutes.pop(minute)
            hour = self._hours.get(minute // 60)
            if hour is None:
                continue
            for slot, n in gone.items():  # the hour keeps the sum of what is stored
                left = hour[slot] - n
                if left:
                    hour[slot] = left
                else:
                    del hour[slot]
            if not hour:
                del self._hours[minute // 60]

    def _minute_sum(self, first: int, last: int, key: Key) -> Tally:
        """Counts of ``key`` in the minutes (first, last]."""
        summer = self._summer(key)
        lo, hi = first + 1, last  # inclusive
        if hi < lo:
            return summer.tally()
        whole_from, whole_to = -(-lo // 60), (hi + 1) // 60  # hours [from, to) inside
        if whole_from >= whole_to:
            self._walk_minutes(summer, lo, hi)
            return summer.tally()
        self._walk_minutes(summer, lo, whole_from * 60 - 1)
        hours = self._hours
        if len(hours) < whole_to - whole_from:
            for h in [h for h in hours if whole_from <= h < whole_to]:
                summer.add(hours[h])
        else:
            for h in range(whole_from, whole_to):
                summer.add(hours.get(h))
        self._walk_minutes(summer, whole_to * 60, hi)
        return summer.tally()

    def _walk_minutes(self, summer: _Summer, lo: int, hi: int) -> None:
        minutes = self._minutes
        if hi < lo:
            return
        # Fewer buckets than minutes in the range: walk the buckets instead.
        if len(minutes) < hi - lo + 1:
            for m in [m for m in minutes if lo <= m <= hi]:
                summer.add(minutes[m])
        else:
            for m in range(lo, hi + 1):
                summer.add(minutes.get(m))

    def _sum(self, window: str, span: Period | None, key: Key) -> Tally:
        summer = self._summer(key)
        if span is None:
            summer.add(self._all)
        elif window == "span" or is_rolling(window):
            return self._minute_sum(_minute(span.start), _minute(span.end), key)
        else:
            for day in days_in(span):
                summer.add(self._days.get(day))
        return summer.tally()

    def span_area_counts(self, municipality: str | None, start: datetime, end: datetime
                         ) -> dict[str, tuple[int, int]]:
        """:meth:`span_counts` of every area at once: area -> (negative, all)."""
        tally = self._sum("span", Period(start, end), (municipality or NATIONAL, ANY_CHANNEL))
        found = {}
        for area in AREAS:
            n, counts = tally.area(area)
            found[area] = (counts["negative"], n)
        return found

    def span_counts(self, municipality: str | None, area: str, start: datetime,
                    end: datetime) -> tuple[int, int]:
        """(negative, all) comments about ``area`` in (start, end], from minute buckets;
        for the spike detector's windows and baselines, which need not be named windows."""
        tally = self._sum("span", Period(start, end), (municipality or NATIONAL, ANY_CHANNEL))
        n, counts = tally.area(area)
        return counts["negative"], n

    def tally(
        self, window: str, municipality: str | None, now: datetime,
        channel: str | None = None, year: int | None = None,
    ) -> Tally:
        if window not in self.windows:
            raise KeyError(f"unknown window {window!r}; known: {', '.join(self.windows)}")
        key = (municipality or NATIONAL, channel or ANY_CHANNEL)
        return self._sum(window, period(window, now, year), key)

    def query(
        self, window: str, municipality: str | None, now: datetime,
        channel: str | None = None, year: int | None = None,
    ) -> dict:
        """One window for one municipality (None = national), with baselines and deltas."""
        self.expire(now)
        tally = self.tally(window, municipality, now, channel, year)
        result = tally.to_dict()
        key = (municipality or NATIONAL, channel or ANY_CHANNEL)
        for name, span in baselines(window, now, year).items():
            base = self._sum(window, span, key)
            for area, body in result["areas"].items():
                n, counts = base.area(area)
                shares = {s: (c / n if n else 0.0) for s, c in counts.items()}
                body.setdefault("baselines", {})[name] = {
                    "start": span.start.isoformat(), "end": span.end.isoformat(), "n": n,
                    "shares": shares,
                    "delta_pp": ({s: delta_pp(body["shares"][s], shares[s]) for s in SENTIMENTS}
                                 if n and body["n"] else None),
                }
        span = period(window, now, year)
        return {
            "window": window,
            "municipality": municipality or NATIONAL,
            "channel": channel or ANY_CHANNEL,
            "start": span.start.isoformat() if span else None,
            "end": span.end.isoformat() if span else None,
            "late": self.late.get(municipality or NATIONAL, 0),
            **result,
        }
