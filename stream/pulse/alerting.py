"""What alerting needs beside the detector: recent comments for drivers and examples, and
the book of alerts as published (the read model behind ``GET /api/alerts``)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from schemas import Alert
from schemas.vocabulary import NATIONAL
from stream.pulse.spikes import KeyState, SpikeConfig, Transition

Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Recent:
    created_at: datetime
    text: str
    labels: Mapping[str, str]


# How a comment is held: (created_at, text, ((area, sentiment), ...)). A plain tuple of
# atoms is dropped from the cyclic GC's lists at its first collection; a Recent object (or a
# labels dict inside the tuple) would stay tracked, and ~60,000 of them, replaced at the
# stream's rate, kept the oldest generation growing and fully collected every few seconds.
_Held = tuple[datetime, str, tuple[tuple[str, str], ...]]


class RecentComments:
    """The last ``per_key`` comments per municipality (and nationally), oldest dropped."""

    def __init__(self, per_key: int = 2000) -> None:
        self.per_key = per_key
        self._by_muni: dict[str, deque[_Held]] = {}

    def add(self, municipality: str, created_at: datetime, text: str,
            labels: Mapping[str, str]) -> None:
        item = (created_at, text, tuple(labels.items()))
        for key in (NATIONAL, municipality):
            held = self._by_muni.get(key)
            if held is None:
                held = self._by_muni[key] = deque(maxlen=self.per_key)
            held.append(item)

    def about(self, municipality: str, area: str, start: datetime, end: datetime,
              sentiment: str | None = None) -> list[Recent]:
        """Comments about ``area`` (with ``sentiment``, if given) created in (start, end],
        newest first."""
        found = []
        for created_at, text, pairs in self._by_muni.get(municipality, ()):
            if start < created_at <= end:
                labels = dict(pairs)
                if area in labels and (sentiment is None or labels[area] == sentiment):
                    found.append(Recent(created_at, text, labels))
        found.sort(key=lambda r: r.created_at, reverse=True)
        return found


def to_alert(t: Transition, message: str, drivers: list[str], examples: list[str]) -> Alert:
    return Alert(
        alert_id=t.alert_id, state=t.state, municipality=t.municipality, area=t.area,
        window=t.window, share=t.share, share_low=t.share_low, share_high=t.share_high,
        baseline_share=t.baseline_share, delta_pp=t.delta_pp, n=t.n, severity=t.severity,
        message=message, drivers=drivers, examples=examples[:3], at=t.at,
    )


class AlertBook:
    """The newest published event per (municipality, area), read from ``pulse.alerts``.

    Every worker keeps one, so each answers ``/api/alerts`` for all municipalities, and a
    worker that takes over a municipality resumes its detector from what was published.
    """

    def __init__(self) -> None:
        self.latest: dict[Key, Alert] = {}

    def apply(self, alert: Alert) -> None:
        key = (alert.municipality, alert.area)
        current = self.latest.get(key)
        if current is None or alert.at >= current.at:
            self.latest[key] = alert

    def open(self) -> list[Alert]:
        return sorted((a for a in self.latest.values() if a.state != "resolved"),
                      key=lambda a: (-a.delta_pp, a.municipality, a.area))

    def state_for(self, key: Key, config: SpikeConfig, now: datetime) -> KeyState | None:
        """The detector state implied by the last published event, if it still matters."""
        alert = self.latest.get(key)
        if alert is None:
            return None
        if alert.state != "resolved":
            return KeyState(alert_id=alert.alert_id, window=alert.window,
                            severity=alert.severity, sent_share=alert.share)
        quiet_until = alert.at + config.cooldown
        return KeyState(quiet_until=quiet_until) if quiet_until > now else None

    def keys(self) -> Iterable[Key]:
        return self.latest.keys()


def baseline_span(config: SpikeConfig, now: datetime) -> tuple[datetime, datetime]:
    """The baseline ends where the longest short window starts."""
    from stream.pulse.windows import rolling_window

    end = now - config.longest
    return end - rolling_window(config.baseline_window), end


def minimum_retention(config: SpikeConfig) -> timedelta:
    from stream.pulse.windows import rolling_window

    return config.longest + rolling_window(config.baseline_window) + timedelta(minutes=5)
