"""Integration fixtures: one embedded Tansu broker per session, uuid topics per test."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from stream.broker import EmbeddedBroker, free_port, stop_process
from stream.demo import EMBEDDED_PROFILE
from stream.kafka import ensure_topics, read_to_end
from stream.produce import produce_lines
from stream.settings import Settings

pytestmark = pytest.mark.integration
T = TypeVar("T")


def wait_until(check: Callable[[], object], timeout: float, what: str, every: float = 0.2) -> object:
    """Poll ``check`` until it returns something truthy; fail with ``what`` on timeout."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except (httpx.HTTPError, OSError) as exc:
            last = exc
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    log = tmp_path_factory.mktemp("broker") / "tansu.log"
    with EmbeddedBroker(log_path=log) as b:
        yield b


@pytest.fixture(scope="session")
def trained_model() -> str:
    """Train (or load from the cache) the default model once, before any worker starts,
    so the workers read the cache instead of each training their own."""
    from stream.runtime import load_model

    return load_model(Settings()).version


@pytest.fixture
def settings(broker: EmbeddedBroker, trained_model: str) -> Settings:
    """Settings with this test's own topics and consumer group."""
    tag = uuid.uuid4().hex[:8]
    return Settings(broker_url=broker.url, topic_prefix=f"t{tag}", app_id=f"pulsen-{tag}")


def settings_env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "PULSE_BROKER_URL": settings.broker_url,
        "PULSE_TOPIC_PREFIX": settings.topic_prefix,
        "PULSE_APP_ID": settings.app_id,
        "PULSE_PARTITIONS": str(settings.partitions),
        "PYTHONUNBUFFERED": "1",
        **EMBEDDED_PROFILE,
    }


@dataclass
class WorkerProcess:
    proc: subprocess.Popen[bytes]
    port: int
    log_path: Path
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=5))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, **params: str) -> httpx.Response:
        return self.client.get(self.base + path, params=params)

    def pulse(self, window: str = "all", **params: str) -> dict:
        return self.get("/api/pulse", window=window, **params).json()

    def healthy(self) -> bool:
        return self.get("/health").status_code == 200

    def stop(self, sig: int = signal.SIGTERM) -> None:
        stop_process(self.proc, 20, sig)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def start_worker(
    settings: Settings, tmp_path: Path
) -> Iterator[Callable[..., WorkerProcess]]:
    """Start `pulse worker` processes for this test; all are stopped at teardown."""
    started: list[WorkerProcess] = []

    def _start(wait_healthy: bool = True, env: dict[str, str] | None = None) -> WorkerProcess:
        port = free_port()
        log_path = tmp_path / f"worker-{len(started)}-{port}.log"
        out = log_path.open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "stream.cli", "worker", "--web-port", str(port)],
            env={**settings_env(settings), **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
        )
        worker = WorkerProcess(proc, port, log_path)
        started.append(worker)
        if wait_healthy:
            try:
                wait_until(lambda: proc.poll() is None and worker.healthy(), 90, "a healthy worker")
            except AssertionError:
                raise AssertionError(f"worker did not become healthy:\n{worker.log()}") from None
        return worker

    yield _start
    for w in started:
        w.stop(signal.SIGKILL)


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from sync test code, in a thread of its own, so it
    works even where the test's thread already runs a loop (Playwright's sync API does)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def produce(settings: Settings, lines: list[bytes], topic: str | None = None) -> int:
    return run_async(lambda: produce_lines(settings, lines, topic=topic))


def read_topic(settings: Settings, topic: str) -> list[bytes]:
    """Every record value on ``topic``, read to the true end of each partition."""

    async def _read() -> list[bytes]:
        await ensure_topics(settings)
        return [r.value for r in await read_to_end(settings, topic)]

    return run_async(_read)
