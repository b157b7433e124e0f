"""Prometheus collectors, defined once: stage counters, the pulse gauges, lag and model health."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from schemas.vocabulary import AREAS, SENTIMENTS
from stream.pulse.stats import wilson
from stream.pulse.view import PulseView

PREFIX = "pulsen"

# Latency buckets in seconds, from a fast in-process hop to a badly lagging consumer.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)


class PulseCollector(Collector):
    """Pulse gauges read from the view at scrape time, so no series goes stale.

    Cardinality per metric: exported windows × (municipalities + national) × 5 areas ×
    3 sentiments; the municipalities are capped at ``max_municipalities`` (the busiest by
    all-time volume), so with the defaults at most 5 × 101 × 15 = 7,575 series per metric.
    """

    def __init__(self, view_getter: Callable[[], PulseView], windows: list[str],
                 max_municipalities: int = 100):
        self._view_getter = view_getter
        self.windows = windows
        self.max_municipalities = max_municipalities

    def collect(self) -> Iterator[Metric]:
        view = self._view_getter()
        now = datetime.now(UTC)
        labels = ["window", "municipality", "area", "sentiment"]
        share = GaugeMetricFamily(
            f"{PREFIX}_pulse_share", "Share of an area's comments with this sentiment (0..1).",
            labels=labels)
        low = GaugeMetricFamily(
            f"{PREFIX}_pulse_share_lower", "Lower bound of the share's 95 % Wilson interval.",
            labels=labels)
        high = GaugeMetricFamily(
            f"{PREFIX}_pulse_share_upper", "Upper bound of the share's 95 % Wilson interval.",
            labels=labels)
        count = GaugeMetricFamily(
            f"{PREFIX}_pulse_comments", "Comments concerning an area, by sentiment.",
            labels=labels)
        total = GaugeMetricFamily(
            f"{PREFIX}_pulse_comments_total_in_window", "Comments in the window (any area).",
            labels=["window", "municipality"])
        munis = sorted(view.municipalities,
                       key=lambda m: -view.tally("all", m, now).comments)[: self.max_municipalities]
        for window in self.windows:
            for muni in ["all", *munis]:
                tally = view.tally(window, None if muni == "all" else muni, now)
                total.add_metric([window, muni], tally.comments)
                for area in AREAS:
                    n, counts = tally.area(area)
                    for s in SENTIMENTS:
                        c = counts[s]
                        series = [window, muni, area, s]
                        count.add_metric(series, c)
                        share.add_metric(series, c / n if n else 0.0)
                        lo, hi = wilson(c, n)
                        low.add_metric(series, lo)
                        high.add_metric(series, hi)
        late = GaugeMetricFamily(f"{PREFIX}_pulse_late_comments",
                                 "Comments that arrived after the allowed lateness.",
                                 labels=["municipality"])
        for muni in ["all", *munis]:
            late.add_metric([muni], view.late.get(muni, 0))
        yield from (share, low, high, count, total, late)


class ModelCollector(Collector):
    """Model health from progressive validation on the label stream, read at scrape time."""

    def __init__(self, getter: Callable[[], tuple[str, dict]]) -> None:
        self._getter = getter

    def collect(self) -> Iterator[Metric]:
        version, health = self._getter()
        info = GaugeMetricFamily(f"{PREFIX}_model_info", "Model scoring comments (value 1).",
                                 labels=["version"])
        info.add_metric([version], 1)
        yield info
        yield GaugeMetricFamily(f"{PREFIX}_model_labels_learned",
                                "Labels learned online by this replica.",
                                value=health["labels_seen"])
        yield GaugeMetricFamily(f"{PREFIX}_model_drifts_detected",
                                "Drifts ADWIN detected in the progressive error stream.",
                                value=health["drifts_detected"])
        area_f1 = GaugeMetricFamily(f"{PREFIX}_model_area_f1",
                                    "Rolling progressive F1 of area detection.", labels=["area"])
        sent_f1 = GaugeMetricFamily(f"{PREFIX}_model_sentiment_macro_f1",
                                    "Rolling progressive macro-F1 of sentiment on found areas.",
                                    labels=["area"])
        for area, figures in health["areas"].items():
            if figures["area_f1"] is not None:
                area_f1.add_metric([area], figures["area_f1"])
            if figures["sentiment_macro_f1"] is not None:
                sent_f1.add_metric([area], figures["sentiment_macro_f1"])
        yield area_f1
        yield sent_f1
        if health["pair_f1"] is not None:
            yield GaugeMetricFamily(f"{PREFIX}_model_pair_f1",
                                    "Rolling progressive F1 of (area, sentiment) pairs.",
                                    value=health["pair_f1"])


class AlertCollector(Collector):
    """Open alerts (as published on pulse.alerts), by severity, read at scrape time."""

    def __init__(self, getter: Callable[[], list]) -> None:
        self._getter = getter

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(f"{PREFIX}_alerts_open", "Open negativity-spike alerts.",
                                   labels=["severity"])
        alerts = self._getter()
        for severity in ("warning", "critical"):
            family.add_metric([severity], sum(1 for a in alerts if a.severity == severity))
        yield family


class ConsumerLagCollector(Collector):
    """Consumer-group lag of this worker's hot path, per topic, as of its last fetch.

    Lag of a partition is its high watermark minus the next offset to process; the high
    watermark is the one Fetch responses carry, right on Tansu too (its ListOffsets is not).
    Only the partitions assigned to this worker count, so the group's lag is the sum over
    workers. Labels: the topic only (a handful of topics, not partitions × workers).
    """

    def __init__(self, getter: Callable[[], Any]) -> None:
        self._getter = getter

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            f"{PREFIX}_consumer_lag_records",
            "Records on this worker's assigned partitions not yet processed by its hot path.",
            labels=["topic"])
        for topic, lag in sorted(self._getter().items()):
            family.add_metric([topic], lag)
        yield family


class ScorerCollector(Collector):
    """The scoring child's CPU time after start-up and the comments it scored (totals over
    this worker's life, across replaced children): rate() of the first near 1 means the
    scoring core is saturated. Absent when scoring runs in the event loop."""

    def __init__(self, getter: Callable[[], Any]) -> None:
        self._getter = getter

    def collect(self) -> Iterator[Metric]:
        scorer = self._getter()
        cpu = getattr(scorer, "cpu_seconds", None)
        if cpu is None:
            return
        yield CounterMetricFamily(
            f"{PREFIX}_scoring_child_cpu_seconds",
            "CPU seconds used by the scoring child after start-up (scoring, replicated labels).",
            value=cpu)
        yield CounterMetricFamily(
            f"{PREFIX}_scoring_child_comments", "Comments scored in the scoring child.",
            value=scorer.scored)


class Metrics:
    """The worker's collectors, in a registry of its own."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.events = Counter(
            f"{PREFIX}_events", "Events handled, by pipeline stage.", ["stage"], registry=r)
        self.dead_letters = Counter(
            f"{PREFIX}_dead_letters", "Records sent to the dead-letter topic, by field at fault.",
            ["field"], registry=r)
        self.redactions = Counter(
            f"{PREFIX}_redactions", "Personal data redacted at ingest, by kind.", ["kind"],
            registry=r)
        self.alerts = Counter(
            f"{PREFIX}_alerts", "Alert events published, by state and severity.",
            ["state", "severity"], registry=r)
        self.duplicates = Counter(
            f"{PREFIX}_duplicates", "Scored comments ignored as already counted.", registry=r)
        self.latency = Histogram(
            f"{PREFIX}_latency_from_created_seconds",
            "Time from a comment's created_at to being counted.", buckets=LATENCY_BUCKETS,
            registry=r)
        self.append_latency = Histogram(
            f"{PREFIX}_latency_from_append_seconds",
            "Time from the raw record's broker append to being counted.",
            buckets=LATENCY_BUCKETS, registry=r)
        self.view_lag = Gauge(
            f"{PREFIX}_view_lag_records", "Scored records not yet counted by this worker's view.",
            registry=r)

    def watch_alerts(self, getter: Callable[[], list]) -> None:
        self.registry.register(AlertCollector(getter))

    def watch_consumer(self, getter: Callable[[], dict[str, int]]) -> None:
        self.registry.register(ConsumerLagCollector(getter))

    def watch_scorer(self, getter: Callable[[], Any]) -> None:
        self.registry.register(ScorerCollector(getter))

    def watch_model(self, getter: Callable[[], tuple[str, dict]]) -> None:
        self.registry.register(ModelCollector(getter))

    def watch_pulse(self, view_getter: Callable[[], PulseView], windows: list[str]) -> None:
        self.registry.register(PulseCollector(view_getter, windows))
