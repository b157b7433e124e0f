"""Consumer-group lag is exported per topic from what the hot path last measured."""

from __future__ import annotations

from prometheus_client import generate_latest

from stream.metrics import Metrics


def _export(lags: dict[str, int]) -> str:
    metrics = Metrics()
    metrics.watch_consumer(lambda: lags)
    return generate_latest(metrics.registry).decode()


def test_the_worker_registry_exports_the_lag_gauge_per_topic():
    text = _export({"pulse.comments.raw": 5, "other": 0})
    assert 'pulsen_consumer_lag_records{topic="pulse.comments.raw"} 5.0' in text
    assert 'pulsen_consumer_lag_records{topic="other"} 0.0' in text


def test_no_assignment_yet_exports_no_series():
    assert "pulsen_consumer_lag_records{" not in _export({})
