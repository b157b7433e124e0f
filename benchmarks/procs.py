"""What Linux's /proc says about a worker and its child processes (the scoring child, and
spawn's resource tracker): the figures `pulse bench` and the soak print."""

from __future__ import annotations

import os
import time
from pathlib import Path

__all__ = ["CpuWatch", "children", "cpu_seconds", "memory_mb", "tree", "worker_children"]


def children(pid: int) -> list[int]:
    """The direct children of ``pid``."""
    return [int(c) for task in Path(f"/proc/{pid}/task").glob("*/children")
            for c in task.read_text().split()]


def worker_children(pid: int) -> dict[str, int]:
    """A worker's children by role: ``scorer`` (the scoring child) and ``tracker`` (spawn's
    resource tracker); either is missing when not running."""
    return {"tracker" if b"resource_tracker" in Path(f"/proc/{c}/cmdline").read_bytes()
            else "scorer": c for c in children(pid)}


def tree(pid: int) -> list[int]:
    """``pid`` and its direct children."""
    return [pid, *children(pid)]


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a process has used; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pids: list[int], field: str = "VmRSS") -> float:
    """``field`` of /proc/PID/status (VmRSS now, VmHWM the peak) summed over ``pids``, MB;
    a process that just ended counts 0."""
    total = 0.0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        for line in status.splitlines():
            if line.startswith(field + ":"):
                total += int(line.split()[1]) / 1024
    return total


class CpuWatch:
    """Share of one core each process used since the last look, in %: which of broker,
    worker and scoring child runs out of CPU first as the run goes on."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self._last = self._now()

    def _now(self) -> tuple[float, dict[str, float]]:
        return time.monotonic(), {name: cpu_seconds(pid) for name, pid in self.pids.items()}

    def shares(self) -> dict[str, float]:
        (t0, c0), (t1, c1) = self._last, self._now()
        self._last = (t1, c1)
        return {name: 100 * (c1[name] - c0[name]) / max(t1 - t0, 1e-9) for name in c1}
