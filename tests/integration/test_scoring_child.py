"""The scoring child killed under a running worker: a new one is started once, and every
comment is still counted exactly once."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import orjson
import pytest

from benchmarks import procs
from stream.generator import generate
from tests.integration.conftest import produce, wait_until

pytestmark = pytest.mark.integration


def _scorer(worker_pid: int) -> int:
    """The scoring child (the worker's other child is spawn's resource tracker)."""
    return procs.worker_children(worker_pid)["scorer"]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads Linux's /proc")
def test_killed_scoring_child_is_replaced_once_and_nothing_is_lost(settings, start_worker):
    worker = start_worker()
    produce(settings, [orjson.dumps(c) for c in generate(300, seed=21)])
    wait_until(lambda: worker.pulse("all")["comments"] == 300, 60, "300 comments counted")
    first = _scorer(worker.proc.pid)

    os.kill(first, signal.SIGKILL)
    produce(settings, [orjson.dumps(c) for c in generate(2000, seed=22)])
    wait_until(lambda: worker.pulse("all")["comments"] == 2300, 120, "2,300 comments counted")

    assert _scorer(worker.proc.pid) != first
    log = worker.log()
    assert log.count("the scoring child died; starting a new one") == 1, log[-3000:]
    assert "scoring in the worker now" not in log
    assert worker.proc.poll() is None
