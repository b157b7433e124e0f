"""What Linux's /proc says about a worker and its child processes (the scoring child, and
spawn's resource tracker): the figures `pulse bench` and the soak print."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["children", "cpu_seconds", "memory_mb", "tree"]


def children(pid: int) -> list[int]:
    """The direct children of ``pid``."""
    return [int(c) for task in Path(f"/proc/{pid}/task").glob("*/children")
            for c in task.read_text().split()]


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
