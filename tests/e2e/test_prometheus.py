"""A real Prometheus scrapes a real worker: the pulse series reach it with all five areas,
and the operations metrics (stage counters, consumer lag) come along."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
import yaml

from schemas.vocabulary import AREAS
from stream.broker import free_port, stop_process
from stream.generator import generate
from tests.integration.conftest import produce, wait_until

pytestmark = pytest.mark.e2e

PROMETHEUS = Path("/usr/bin/prometheus")


def _prometheus_binary() -> str:
    path = str(PROMETHEUS) if PROMETHEUS.exists() else shutil.which("prometheus")
    if path is None:
        pytest.skip("/usr/bin/prometheus is not installed (Debian: apt-get install -y prometheus)")
    return path


class Prometheus:
    def __init__(self, base: str) -> None:
        self.base = base
        self.client = httpx.Client(timeout=5)

    def query(self, expr: str) -> list[dict]:
        body = self.client.get(f"{self.base}/api/v1/query", params={"query": expr}).json()
        assert body["status"] == "success", body
        return body["data"]["result"]


@pytest.fixture
def worker(start_worker):
    return start_worker()


@pytest.fixture
def prometheus(worker, tmp_path: Path) -> Iterator[Prometheus]:
    binary = _prometheus_binary()
    port = free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(yaml.safe_dump({
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "scrape_configs": [{"job_name": "pulsen-worker", "scrape_timeout": "1s",
                            "static_configs": [{"targets": [f"127.0.0.1:{worker.port}"]}]}],
    }))
    log = (tmp_path / "prometheus.log").open("wb")
    proc = subprocess.Popen(
        [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT)
    prom = Prometheus(f"http://127.0.0.1:{port}")
    try:
        wait_until(lambda: proc.poll() is None
                   and prom.client.get(f"{prom.base}/-/ready").status_code == 200,
                   30, "Prometheus to be ready")
        yield prom
    finally:
        stop_process(proc, 15)
        log.close()


def test_prometheus_sees_the_pulse_of_all_five_areas_and_the_stage_counters(
        settings, worker, prometheus):
    lines = [orjson.dumps(r) for r in generate(300, seed=7)]
    assert produce(settings, lines) == 300

    wait_until(lambda: prometheus.query('up{job="pulsen-worker"} == 1'), 30,
               "Prometheus to scrape the worker")
    counted = wait_until(
        lambda: prometheus.query('sum(pulsen_events_total{stage="counted"}) >= 300'), 90,
        "the counted comments to reach Prometheus")
    assert float(counted[0]["value"][1]) >= 300
    assert float(prometheus.query("sum(pulsen_events_total)")[0]["value"][1]) > 0

    areas = {s["metric"]["area"] for s in prometheus.query(
        'pulsen_pulse_share{window="all", municipality="all", sentiment="negative"}')}
    assert areas == set(AREAS)
    # Some comment in 300 concerns every area: the national shares are real, not zeros.
    commented = prometheus.query(
        'sum by (area) (pulsen_pulse_comments{window="all", municipality="all"}) > 0')
    assert {s["metric"]["area"] for s in commented} == set(AREAS)

    # The Faust agents' consumer-group lag is exported per topic once they have fetched.
    lag = wait_until(lambda: prometheus.query("pulsen_consumer_lag_records"), 30,
                     "consumer lag series")
    assert {s["metric"]["topic"] for s in lag} >= {f"{settings.topic_prefix}.comments.raw"}
