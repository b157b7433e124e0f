"""Load and soak: one worker fed at a steady rate for minutes on the embedded broker.

Prints, every ``--every`` seconds, what was produced, what the worker has counted, the lag
between them and the RSS of the worker with its scoring child; at the end a verdict on the
three promises:

- it keeps up: the lag stays bounded (its maximum over the second half is at most
  ``--max-lag-s`` seconds of input, and it is not growing: the last third's mean lag is not
  above the middle third's by more than that),
- memory stays flat: RSS at the end is within 10 % of RSS after the warm-up,
- nothing went wrong: no ERROR line or traceback in the worker's log, every comment counted.

The de-duplication memory (``PULSE_DEDUP_MAX_IDS`` ids) is part of the worker's state and
grows until it is full, so the soak sets it small enough to fill during the warm-up; with the
production default (2,000,000 ids) RSS grows by the ids' size until that bound.

    python -m benchmarks.soak [--rate 2000] [--seconds 300] [--warmup 60] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from benchmarks.bench import _counted, _settings, _start_worker, _wait, add_topic_options
from benchmarks.kafka_proxy import format_table
from benchmarks.procs import CpuWatch, memory_mb, tree, worker_children
from stream.broker import EmbeddedBroker, free_port, stop_process
from stream.generator import generate
from stream.kafka import ensure_topics, make_producer, topics_for

FEED_LINGER_MS = 50
FEED_BATCH_BYTES = 16 * 1024
ERROR_LINE = re.compile(rb"\[ERROR\]|Traceback \(most recent call last\)|CRITICAL")


async def _feed(settings: Any, rate: int, seconds: float, sent: list[int]) -> None:
    """Produce ``rate`` comments/s for ``seconds``: a pool of generated comments, each sent
    with a fresh id and a current timestamp (new comments, as a live stream has)."""
    pool = list(generate(5000, seed=5))
    topic = topics_for(settings).raw
    # A client that batches, as real producers do: the embedded broker's fetches slow down
    # with the number of record batches a partition holds, and 1–2-record batches at
    # 2,000/s stalled its fetches after ~140,000 records (DESIGN.md, "Known behaviour").
    # aiokafka's default batch size, as an outside client has: the input stays the same
    # whatever PULSE_PRODUCER_BATCH_BYTES the worker's producers use.
    producer = make_producer(settings.model_copy(update={"producer_linger_ms": FEED_LINGER_MS}),
                             max_batch_size=FEED_BATCH_BYTES)
    await producer.start()
    try:
        start, tick = time.monotonic(), 0.01
        total = int(rate * seconds)
        while sent[0] < total:
            due = min(total, int((time.monotonic() - start) * rate) + 1)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            while sent[0] < due:
                c = dict(pool[sent[0] % len(pool)])
                c["id"] = f"soak-{sent[0]}"
                c["created_at"] = stamp
                c.pop("truth", None)
                await producer.send(topic, orjson.dumps(c), key=c["id"].encode())
                sent[0] += 1
            await asyncio.sleep(tick)
        await producer.flush()
    finally:
        await producer.stop()


def _mean_cpu(samples: list[dict[str, Any]]) -> dict[str, float]:
    names = samples[0]["cpu_pct"] if samples else {}
    return {k: statistics.mean(s["cpu_pct"][k] for s in samples) for k in names}


def _mean_requests(samples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Requests per second by API and topic, averaged over ``samples`` (--count-requests)."""
    rows: dict[tuple[str, str], dict[str, float]] = {}
    for s in samples:
        for row in s.get("requests", []):
            acc = rows.setdefault((row["api"], row["topic"]), dict.fromkeys(row, 0.0))
            for k, v in row.items():
                if isinstance(v, float):
                    acc[k] += v / len(samples)
    out = [{**v, "api": k[0], "topic": k[1]} for k, v in rows.items()]
    return sorted(out, key=lambda r: -r["req_per_s"])


def run(args: argparse.Namespace) -> dict[str, Any]:
    logdir = Path(tempfile.mkdtemp(prefix="pulse-soak-"))
    samples: list[dict[str, float]] = []
    proxy_port = free_port() if args.count_requests else None
    proxy: subprocess.Popen[bytes] | None = None
    counts_file = logdir / "requests.jsonl"
    with EmbeddedBroker(advertised_port=proxy_port) as broker:
        settings = _settings(broker, args)
        if proxy_port:
            # Every client of the run (feeder, worker) talks to the broker through the proxy,
            # a process of its own (benchmarks/kafka_proxy.py).
            proxy = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.kafka_proxy", "--upstream", broker.address,
                 "--port", str(proxy_port), "--out", str(counts_file), "--every",
                 str(args.every), "--strip-prefix", settings.topic_prefix + "."])
            settings = settings.model_copy(update={"broker_url": f"kafka://127.0.0.1:{proxy_port}"})
        asyncio.run(ensure_topics(settings))
        worker = _start_worker(settings, logdir,
                               {"PULSE_DEDUP_MAX_IDS": str(args.dedup_max_ids)})
        try:
            _wait(lambda: bool((worker.health() or {}).get("view_caught_up")), 180,
                  "a healthy worker", [worker])
            sent = [0]
            # "feeder": this process (the feeder and the sampling), on the same 2 cores.
            pids = {"broker": broker.pid, "worker": worker.proc.pid, "feeder": os.getpid(),
                    "proxy": proxy.pid if proxy else None}
            pids.update(worker_children(worker.proc.pid))
            cpu = CpuWatch({k: v for k, v in pids.items() if v})

            async def feed_and_watch() -> None:
                feeder = asyncio.create_task(_feed(settings, args.rate, args.seconds, sent))
                t0 = time.monotonic()
                while not feeder.done():
                    await asyncio.sleep(args.every)
                    counted = await asyncio.to_thread(_counted, worker)
                    s = {"t": time.monotonic() - t0, "sent": sent[0], "counted": counted,
                         "lag": sent[0] - counted, "rss_mb": memory_mb(tree(worker.proc.pid)),
                         "cpu_pct": cpu.shares()}
                    if proxy is not None and counts_file.exists():
                        lines = counts_file.read_bytes().splitlines()
                        s["requests"] = json.loads(lines[-1])["rows"] if lines else []
                    samples.append(s)
                    shares = " ".join(f"{k} {v:3.0f}%" for k, v in s["cpu_pct"].items())
                    print(f"{s['t']:6.0f} s  sent {s['sent']:>9,}  counted {counted:>9,}  "
                          f"lag {s['lag']:>7,}  RSS {s['rss_mb']:6.0f} MB  CPU {shares}",
                          file=sys.stderr, flush=True)
                    if proxy is not None and len(samples) % 6 == 0:
                        print(format_table(s.get("requests", [])), file=sys.stderr, flush=True)
                await feeder

            asyncio.run(feed_and_watch())
            # Drain: everything produced must be counted.
            _wait(lambda: _counted(worker) >= sent[0], 120, "the worker to drain", [worker])
            drained = _counted(worker)
            rss_end = memory_mb(tree(worker.proc.pid))
        finally:
            stop_process(worker.proc, 10)
            if proxy is not None:
                stop_process(proxy, 5, signal.SIGINT)
        errors = [line.decode(errors="replace") for line in worker.log.read_bytes().splitlines()
                  if ERROR_LINE.search(line)]
    after_warmup = [s for s in samples if s["t"] >= args.warmup]
    if not after_warmup:
        raise RuntimeError("the run was shorter than the warm-up: nothing to judge")
    n = len(after_warmup)
    middle = after_warmup[n // 3: 2 * n // 3] or after_warmup
    last = after_warmup[2 * n // 3:] or after_warmup
    second_half = after_warmup[n // 2:] or after_warmup
    lag_bound = args.rate * args.max_lag_s
    max_lag = max(s["lag"] for s in second_half)
    growing = statistics.mean(s["lag"] for s in last) - statistics.mean(s["lag"] for s in middle)
    rss_warm = after_warmup[0]["rss_mb"]
    result = {
        "rate_per_s": args.rate, "seconds": args.seconds, "sent": sent[0], "counted": drained,
        "achieved_per_s": samples[-1]["counted"] / samples[-1]["t"] if samples else 0.0,
        "max_lag_records_second_half": max_lag, "lag_growth_records": growing,
        "lag_bound_records": lag_bound,
        "keeps_up": max_lag <= lag_bound and growing <= lag_bound,
        "rss_after_warmup_mb": rss_warm, "rss_end_mb": rss_end,
        "rss_change": rss_end / rss_warm - 1,
        "memory_flat": abs(rss_end / rss_warm - 1) <= 0.10,
        "errors_logged": len(errors), "error_lines": errors[:5],
        "all_counted": drained == sent[0],
        # Mean share of a core per process, first and last third after the warm-up.
        "cpu_pct_middle_third": _mean_cpu(middle), "cpu_pct_last_third": _mean_cpu(last),
    }
    if args.count_requests:
        result["requests_after_warmup"] = _mean_requests(after_warmup)
    result["ok"] = bool(result["keeps_up"] and result["memory_flat"]
                        and not errors and result["all_counted"])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.soak",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=int, default=2000, help="comments per second (default 2000)")
    ap.add_argument("--seconds", type=float, default=300, help="length of the run (default 300)")
    ap.add_argument("--warmup", type=float, default=60, help="seconds before RSS is the base")
    ap.add_argument("--every", type=float, default=5, help="seconds between samples")
    ap.add_argument("--max-lag-s", type=float, default=5,
                    help="allowed lag, in seconds of input (default 5)")
    add_topic_options(ap)
    ap.add_argument("--dedup-max-ids", type=int, default=50_000,
                    help="the worker's de-duplication memory (fills during the warm-up)")
    ap.add_argument("--count-requests", action="store_true",
                    help="count requests per API and topic through a proxy (costs CPU itself)")
    ap.add_argument("--json", action="store_true", help="one JSON object on the last line")
    args = ap.parse_args(argv)
    r = run(args)
    print(f"rate {r['rate_per_s']:,}/s for {r['seconds']:.0f} s: sent {r['sent']:,}, counted "
          f"{r['counted']:,} ({'all' if r['all_counted'] else 'NOT all'})\n"
          f"keeps up: {'yes' if r['keeps_up'] else 'NO'} (max lag in the second half "
          f"{r['max_lag_records_second_half']:,} records, bound {r['lag_bound_records']:,.0f}; "
          f"growth {r['lag_growth_records']:+,.0f})\n"
          f"memory: {r['rss_after_warmup_mb']:.0f} MB after warm-up → {r['rss_end_mb']:.0f} MB"
          f" at the end ({r['rss_change']:+.1%}; {'flat' if r['memory_flat'] else 'NOT flat'})\n"
          f"errors logged: {r['errors_logged']}\n"
          "CPU, % of a core (middle third → last third): " + ", ".join(
              f"{k} {r['cpu_pct_middle_third'][k]:.0f} → {v:.0f}"
              for k, v in r["cpu_pct_last_third"].items()))
    if args.count_requests:
        print("requests per second after the warm-up, by API and topic:\n"
              + format_table(r["requests_after_warmup"]))
    if args.json:
        print(json.dumps(r, separators=(",", ":")))
    return 0 if r["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
