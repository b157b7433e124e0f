"""A worker asked to stop (SIGTERM, as systemd and Docker ask) stops cleanly: no crash in
its log, exit status 0, and its scoring child goes with it."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import orjson
import pytest

from benchmarks import procs
from stream.generator import generate
from tests.integration.conftest import produce, wait_until

pytestmark = pytest.mark.integration


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads Linux's /proc")
def test_sigterm_stops_worker_and_scoring_child_cleanly(settings, start_worker) -> None:
    worker = start_worker()
    produce(settings, [orjson.dumps(c) for c in generate(200, seed=11)])
    wait_until(lambda: worker.pulse("all")["comments"] == 200, 60, "200 comments counted")
    children = procs.children(worker.proc.pid)
    assert children, "the worker scores in a child process by default"
    # Stopping while comments are still arriving: the hot path must not outlive the scorer.
    produce(settings, [orjson.dumps(c) for c in generate(4000, seed=12)])
    wait_until(lambda: worker.pulse("all")["comments"] > 400, 60, "the worker busy")
    # As systemd or a terminal would: the signal reaches the scoring child as well.
    worker.proc.send_signal(signal.SIGTERM)
    for child in children:
        os.kill(child, signal.SIGTERM)
    assert worker.proc.wait(30) == 0
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(c) for c in children)
    log = worker.log()
    assert "Traceback" not in log and "crash" not in log, log[-3000:]
    assert " ERROR " not in log, log[-3000:]
