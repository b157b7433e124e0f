"""The soak script, short: one worker fed at a steady rate keeps up, stays flat in memory,
logs no error and counts every comment (the full 2,000/s × 5 min run is in
benchmarks/README.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_short_soak_keeps_up_with_flat_memory_and_no_errors():
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.soak", "--rate", "300", "--seconds", "45",
         "--warmup", "15", "--dedup-max-ids", "5000", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["all_counted"], result
    assert result["sent"] == 300 * 45
    assert result["errors_logged"] == 0, result["error_lines"]
    assert result["keeps_up"], result
    assert result["memory_flat"], result
    assert proc.returncode == 0
