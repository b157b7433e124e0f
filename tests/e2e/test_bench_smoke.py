"""`pulse bench` completes on the embedded broker and prints well-formed figures.

A smoke run only: small counts, one repetition. No speed is asserted (speeds are measured
by the benchmark itself, on a quiet machine, see benchmarks/README.md).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _positive(x: object) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x) and x > 0


def test_bench_smoke_run_prints_a_table_and_one_json_object():
    proc = subprocess.run(
        [sys.executable, "-m", "stream.cli", "bench", "--count", "1500", "--reps", "1",
         "--rate", "200", "--seconds", "4", "--scale", "1", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert "| Pulsen pipeline, 1 worker |" in proc.stdout
    for key in ("ceiling_consume_per_s", "ceiling_decode_per_s", "passthrough_per_s",
                "pipeline_per_s", "quix_per_s", "peak_rss_mb", "pipeline_vs_passthrough",
                "worker_cpu_us_per_comment", "scorer_cpu_us_per_comment",
                "pulsen_vs_quix"):
        assert _positive(result[key]), key
    for q in ("p50", "p95", "p99"):
        assert _positive(result["latency_ms"][q]), q
    assert result["latency_ms"]["p50"] <= result["latency_ms"]["p95"] <= result["latency_ms"]["p99"]
    # Where the latency went: three parts, each measured on every sample, none of them longer
    # at its median than the whole at its 99th percentile.
    parts = result["latency_parts_ms"]
    assert set(parts) == {"waiting_for_scorer", "scoring_and_produce", "delivery"}
    for name, part in parts.items():
        assert 0 <= part["p50"] <= part["p99"], name
        assert part["p50"] <= result["latency_ms"]["p99"], name
    assert _positive(parts["delivery"]["p50"])
    (cpu,) = result["latency_cpu_pct"]  # one repetition: each process's share, per half
    assert {"broker", "worker", "scorer", "bench"} <= set(cpu)
    assert all(len(halves) == 2 and all(h >= 0 for h in halves) for halves in cpu.values())
    assert cpu["scorer"][0] > 0  # the scoring child was found and worked
    assert set(result["scale_out_per_s"]) == {"1"}
    spread = result["pipeline_per_s_spread"]
    assert spread["min"] <= result["pipeline_per_s"] <= spread["max"]
