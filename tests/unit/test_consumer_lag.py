"""Consumer-group lag is read from the Faust consumer at scrape time, per topic."""

from __future__ import annotations

from collections import namedtuple

from prometheus_client import generate_latest

from stream.metrics import Metrics, consumer_lag

TP = namedtuple("TP", "topic partition")


class FakeConsumer:
    def __init__(self, high: dict, read: dict, committed: dict | None = None) -> None:
        self._high = high
        self._read_offset = read
        self._committed_offset = committed or {}

    def assignment(self):
        return set(self._high)

    def highwater(self, tp):
        return self._high[tp]


def test_lag_is_high_watermark_minus_next_offset_summed_per_topic():
    a0, a1, b0 = TP("pulse.comments.raw", 0), TP("pulse.comments.raw", 1), TP("pulse.scored", 0)
    consumer = FakeConsumer({a0: 100, a1: 50, b0: 10}, {a0: 89, a1: 49, b0: 9})
    assert consumer_lag(consumer) == {"pulse.comments.raw": 10, "pulse.scored": 0}


def test_before_anything_is_read_the_committed_offset_counts_and_unknown_is_left_out():
    fetched, unfetched = TP("t", 0), TP("t", 1)
    consumer = FakeConsumer({fetched: 30, unfetched: None}, {}, {fetched: 20})
    assert consumer_lag(consumer) == {"t": 10}


def test_no_consumer_or_a_failing_one_exports_no_series():
    class Broken:
        def assignment(self):
            raise RuntimeError("not started")

    assert consumer_lag(None) == {}
    assert consumer_lag(Broken()) == {}


def test_the_worker_registry_exports_the_lag_gauge():
    metrics = Metrics()
    consumer = FakeConsumer({TP("pulse.comments", 0): 7}, {TP("pulse.comments", 0): 1})
    metrics.watch_consumer(lambda: consumer)
    text = generate_latest(metrics.registry).decode()
    assert 'pulsen_consumer_lag_records{topic="pulse.comments"} 5.0' in text
