"""`pulse bench`: how fast Pulsen is, beside the broker's ceiling and a Quix Streams peer.

Everything runs in one go on one embedded Tansu broker, so every figure is measured under
the same conditions as its reference:

- ``ceiling``: a raw aiokafka consumer reading the pre-loaded raw topic (and + json.loads),
- ``passthrough``: a Faust agent that only decodes and counts, same topic,
- ``pipeline``: a real ``pulse worker`` (validate, redact, score, windows) started on the
  pre-loaded raw comments, until every comment is counted,
- ``quix``: the same pipeline written with Quix Streams, same model, same windows,
- ``latency``: a worker fed at a steady rate; time from the raw record's append to the
  scored comment's arrival on ``pulse.scored`` (where the worker's own view reads it),
- ``scale``: 1, 2, 3 workers in one group on the same 6-partition topic.

Throughput is taken from the records' own timestamps (first to last processed), so process
start-up and group joins are not counted. Repetitions give medians and spreads.

    pulse bench [--count 20000] [--reps 3] [--rate 1000] [--seconds 20] [--scale 1,2,3] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from prometheus_client.parser import text_string_to_metric_families

from benchmarks.procs import CpuWatch, cpu_seconds, memory_mb, tree, worker_children
from stream.broker import EmbeddedBroker, free_port, stop_process
from stream.demo import EMBEDDED_PROFILE
from stream.generator import generate
from stream.kafka import client_options, ensure_topics, make_producer, read_to_end, topics_for
from stream.settings import Settings

SUBPROCESS_TIMEOUT_S = 300.0


def _say(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def _comments(count: int, seed: int) -> list[bytes]:
    return [orjson.dumps(c) for c in generate(count, seed=seed)]


def add_topic_options(ap: argparse.ArgumentParser) -> None:
    """The partition options that :func:`_settings` reads, for every script that uses it."""
    defaults = Settings.model_fields
    ap.add_argument("--partitions", type=int, default=defaults["partitions"].default,
                    help="partitions of the raw topic")
    ap.add_argument("--output-partitions", type=int,
                    default=defaults["output_partitions"].default,
                    help="partitions of pulse.comments and pulse.scored")


def _settings(broker: EmbeddedBroker, args: argparse.Namespace) -> Settings:
    tag = uuid.uuid4().hex[:8]
    return Settings(broker_url=broker.url, topic_prefix=f"bench{tag}", app_id=f"bench-{tag}",
                    partitions=args.partitions, output_partitions=args.output_partitions)


async def _preload(settings: Settings, lines: list[bytes]) -> None:
    await ensure_topics(settings)
    producer = make_producer(settings)
    await producer.start()
    try:
        topic = topics_for(settings).raw
        sent = [await producer.send(topic, line, key=str(i).encode())
                for i, line in enumerate(lines)]
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


# -- the broker's ceiling ------------------------------------------------------------------

async def _ceiling(settings: Settings, count: int, decode: bool) -> float:
    topic = topics_for(settings).raw
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None,
                                enable_auto_commit=False, fetch_max_wait_ms=10,
                                max_partition_fetch_bytes=4 * 1024 * 1024)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(settings.partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        n, start = 0, time.perf_counter()
        while n < count:
            for records in (await consumer.getmany(timeout_ms=1000, max_records=10000)).values():
                if decode:
                    for r in records:
                        json.loads(r.value)
                n += len(records)
        return n / (time.perf_counter() - start)
    finally:
        await consumer.stop()


# -- processes ---------------------------------------------------------------------------

def _span_rate(first_at: float, last_at: float, n: int) -> float:
    # n records between the first and the last: n - 1 intervals.
    return (n - 1) / max(last_at - first_at, 1e-9)


def _run_json(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_S,
                          env=env, check=False)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{cmd[2]} printed no result (exit {proc.returncode}):\n"
                       f"{proc.stderr[-3000:]}")


def _passthrough(settings: Settings, count: int) -> float:
    topic = topics_for(settings).raw
    out = _run_json([sys.executable, "-m", "benchmarks.passthrough", settings.broker_url,
                     topic, str(count)])
    return _span_rate(out["first_at"], out["last_at"], out["n"])


def _quix(settings: Settings, count: int, model_path: Path) -> float:
    bootstrap = settings.broker_url.removeprefix("kafka://")
    out = _run_json([sys.executable, "-m", "benchmarks.quix_peer", bootstrap,
                     settings.topic_prefix, str(count), str(model_path)])
    return _span_rate(out["first_at"], out["last_at"], out["n"])


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    def health(self) -> dict[str, Any] | None:
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=2).json()
        except (httpx.HTTPError, ValueError):
            return None

    def peak_rss_mb(self) -> float:
        """Peak RSS of the worker and its scoring child, summed."""
        return memory_mb(tree(self.proc.pid), "VmHWM") or float("nan")

    def cpu_s(self) -> float:
        """CPU seconds (user + system) the worker process has used so far."""
        return cpu_seconds(self.proc.pid)

    def samples(self) -> dict[str, float]:
        """The worker's /metrics, by sample name and labels (``name{k=v}``); {} while it
        does not answer yet."""
        try:
            text = httpx.get(f"http://127.0.0.1:{self.port}/metrics", timeout=5).text
        except httpx.HTTPError:
            return {}
        return {s.name + ("{" + ",".join(f"{k}={v}" for k, v in sorted(s.labels.items())) + "}"
                          if s.labels else ""): s.value
                for family in text_string_to_metric_families(text) for s in family.samples}


def _taken(samples: dict[str, float]) -> int:
    """Raw records a worker's hot path has taken (valid or not), from its /metrics
    samples; -1 while it does not answer."""
    if not samples:
        return -1
    return int(samples.get("pulsen_events_total{stage=ingested}", 0)
               + samples.get("pulsen_events_total{stage=dead_lettered}", 0))


def _scoring_child_us_per_comment(samples: dict[str, float]) -> float:
    """The scoring child's CPU µs per comment, from its own totals on /metrics (0 when
    scoring inline). /proc would count its start-up, and a window between two polls of a
    short run can miss its work: it scores ahead of what the worker has counted."""
    comments = samples.get("pulsen_scoring_child_comments_total", 0.0)
    return samples["pulsen_scoring_child_cpu_seconds_total"] / comments * 1e6 if comments else 0.0


def _cpu_before_first_batch(w: _Worker, workers: list[_Worker]) -> tuple[float, int]:
    """The worker's CPU seconds at the last look before its hot path took a record, and
    the records taken by then (0, unless it took some before /metrics first answered).
    A short run is over within one look, so the window must open before the first batch,
    not at the first counted comment."""
    deadline = time.monotonic() + SUBPROCESS_TIMEOUT_S
    idle_cpu: float | None = None
    while time.monotonic() < deadline:
        cpu, taken = w.cpu_s(), _taken(w.samples())  # CPU first: no later than the count
        if taken == 0:
            idle_cpu = cpu
        elif taken > 0:
            return (idle_cpu, 0) if idle_cpu is not None else (cpu, taken)
        _check_alive(workers, "its first batch")
        time.sleep(0.02)
    raise RuntimeError(f"timed out after {SUBPROCESS_TIMEOUT_S:.0f} s waiting for a worker's "
                       "first batch")


def _start_worker(settings: Settings, logdir: Path, extra_env: dict[str, str] | None = None
                  ) -> _Worker:
    port = free_port()
    log = logdir / f"worker-{settings.app_id}-{port}.log"
    env = {**os.environ, **EMBEDDED_PROFILE, "PULSE_BROKER_URL": settings.broker_url,
           "PULSE_TOPIC_PREFIX": settings.topic_prefix, "PULSE_APP_ID": settings.app_id,
           "PULSE_PARTITIONS": str(settings.partitions),
           "PULSE_OUTPUT_PARTITIONS": str(settings.output_partitions), "PULSE_LOG_LEVEL": "WARNING",
           **(extra_env or {})}
    # To compare designs in one run: the worker's code from another checkout.
    other = os.environ.get("PULSE_BENCH_WORKER_PYTHONPATH")
    if other:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [other, env.get("PYTHONPATH")]))
    with log.open("wb") as out:
        # `python -m` puts the working directory first on sys.path: run the other checkout's
        # worker from there, or this checkout's `stream` would shadow it.
        proc = subprocess.Popen([sys.executable, "-m", "stream.cli", "worker", "--web-port",
                                 str(port)], env=env, stdout=out, stderr=subprocess.STDOUT,
                                cwd=other or None)
    return _Worker(proc, port, log)


def _wait(cond: Callable[[], bool], timeout: float, what: str, workers: list[_Worker]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        _check_alive(workers, what)
        time.sleep(0.25)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def _check_alive(workers: list[_Worker], what: str) -> None:
    for w in workers:
        if w.proc.poll() is not None:
            raise RuntimeError(f"worker exited while waiting for {what}:\n"
                               f"{w.log.read_text(errors='replace')[-3000:]}")


def _counted(w: _Worker) -> int:
    h = w.health()
    return int(h["comments"]) if h else -1


def _scored_span(settings: Settings) -> tuple[int, float, float]:
    """Records on pulse.scored and the producer timestamps of the first and last (seconds)."""
    topic = topics_for(settings).scored
    records = asyncio.run(read_to_end(settings, topic, timeout_s=120))
    stamps = [r.timestamp for r in records]
    return len(records), min(stamps) / 1000, max(stamps) / 1000


def _pipeline(settings: Settings, count: int, workers: int, logdir: Path,
              preloaded: bool) -> tuple[float, float, list[float]]:
    """Throughput of ``workers`` workers over ``count`` comments, the peak RSS (MB) of the
    first (with its scoring child) and its CPU µs per comment, the worker's (hot path and
    counting, from just before its first batch until all is counted) and then the scoring
    child's. Preloaded: the raw topic is full before the worker starts; otherwise the
    workers are started and have joined before the comments are produced (scale-out)."""
    lines = _comments(count, seed=7)
    if preloaded:
        asyncio.run(_preload(settings, lines))
    started = [_start_worker(settings, logdir) for _ in range(workers)]
    try:
        if not preloaded:
            _wait(lambda: all((w.health() or {}).get("view_caught_up") for w in started), 120,
                  "healthy workers", started)
            time.sleep(float(EMBEDDED_PROFILE["PULSE_SESSION_TIMEOUT_S"]) * 2)  # group settles
            asyncio.run(_preload(settings, lines))
        first_w = started[0]
        cpu0, taken0 = _cpu_before_first_batch(first_w, started)
        _wait(lambda: _counted(first_w) >= count, SUBPROCESS_TIMEOUT_S,
              f"{count} counted comments", started)
        cpu1, samples = first_w.cpu_s(), first_w.samples()
        per = [(cpu1 - cpu0) / max(1, _taken(samples) - taken0) * 1e6,
               _scoring_child_us_per_comment(samples)]
        n, first, last = _scored_span(settings)
        return _span_rate(first, last, n), first_w.peak_rss_mb(), per
    finally:
        for w in started:
            stop_process(w.proc, 10)


# -- latency at a steady rate ------------------------------------------------------------

# Where a comment's latency goes, from the timestamps a scored record carries: its raw
# record's append (``appended_at``), the hot path taking it into a batch (``scored_at``, set
# when the batch is handed to the scorer), its own append to pulse.scored (the record's
# timestamp), and its arrival at the reader.
LATENCY_PARTS = ("waiting_for_scorer", "scoring_and_produce", "delivery")


async def _paced_latency(settings: Settings, rate: int, seconds: float,
                         warmup_s: float, parts: dict[str, list[float]] | None = None,
                         on_halfway: Callable[[], None] = lambda: None) -> list[float]:
    topics = topics_for(settings)
    lines = _comments(int(rate * seconds), seed=11)
    producer = make_producer(settings)
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None,
                                enable_auto_commit=False, fetch_max_wait_ms=10)
    await producer.start()
    await consumer.start()
    latencies: list[float] = []
    try:
        tps = [TopicPartition(topics.scored, p) for p in range(topics.output_partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)

        async def feed() -> None:
            # Send in 5 ms ticks, each with the records due by then: a steady rate.
            start, sent, tick = time.monotonic(), 0, 0.005
            while sent < len(lines):
                due = min(len(lines), int((time.monotonic() - start) * rate) + 1)
                while sent < due:
                    await producer.send(topics.raw, lines[sent], key=str(sent).encode())
                    sent += 1
                    if sent == len(lines) // 2:
                        on_halfway()
                await asyncio.sleep(tick)

        async def read() -> None:
            t0, seen = time.time(), 0
            while seen < len(lines):
                for records in (await consumer.getmany(timeout_ms=200)).values():
                    now = time.time()
                    seen += len(records)
                    for r in records:
                        data = orjson.loads(r.value)
                        ts = datetime.fromisoformat(data["appended_at"]).timestamp()
                        if ts - t0 > warmup_s:  # the first seconds warm the worker up
                            latencies.append(now - ts)
                            if parts is not None:
                                taken = datetime.fromisoformat(data["scored_at"]).timestamp()
                                for name, span in zip(LATENCY_PARTS, (
                                        taken - ts, r.timestamp / 1000 - taken,
                                        now - r.timestamp / 1000), strict=True):
                                    parts[name].append(span)
                if time.time() - t0 > seconds + 60:
                    break

        await asyncio.gather(feed(), read())
    finally:
        await consumer.stop()
        await producer.stop()
    return latencies


def _pick(values: list[float], q: float) -> float:
    """The ``q`` quantile of sorted ``values`` (seconds), in ms."""
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


def _latency(settings: Settings, rate: int, seconds: float, logdir: Path,
             broker_pid: int | None = None) -> dict[str, Any]:
    """Percentiles of one paced run, with where the time went (``parts``, p50 / p99 of each
    part on its own) and each process's share of a core over the first and second half of
    the feed (``cpu_pct``: the machine's 2 cores are shared by all of them)."""
    worker = _start_worker(settings, logdir)
    parts: dict[str, list[float]] = {name: [] for name in LATENCY_PARTS}
    try:
        asyncio.run(ensure_topics(settings))
        _wait(lambda: bool((worker.health() or {}).get("view_caught_up")), 120,
              "a healthy worker", [worker])
        time.sleep(float(EMBEDDED_PROFILE["PULSE_SESSION_TIMEOUT_S"]))
        pids = {"broker": broker_pid, "worker": worker.proc.pid, "bench": os.getpid()}
        pids["scorer"] = worker_children(worker.proc.pid).get("scorer")
        watch = CpuWatch({k: v for k, v in pids.items() if v})
        halves: list[dict[str, float]] = []
        lat = sorted(asyncio.run(_paced_latency(settings, rate, seconds, warmup_s=2.0,
                                                parts=parts,
                                                on_halfway=lambda: halves.append(watch.shares()))))
        halves.append(watch.shares())
    finally:
        stop_process(worker.proc, 10)
    if not lat:
        raise RuntimeError("no latency samples")
    out: dict[str, Any] = {q: _pick(lat, float(q[1:]) / 100) for q in ("p50", "p95", "p99")}
    out["samples"] = len(lat)
    out["parts"] = {name: {q: _pick(sorted(v), float(q[1:]) / 100) for q in ("p50", "p99")}
                    for name, v in parts.items()}
    out["cpu_pct"] = {name: [round(h[name]) for h in halves] for name in halves[-1]}
    return out


# -- the whole run -----------------------------------------------------------------------

def _spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from stream.runtime import load_model

    logdir = Path(tempfile.mkdtemp(prefix="pulse-bench-"))
    _say(f"model: loading (trained once and cached) …  logs in {logdir}")
    model = load_model(Settings())
    model_path = logdir / "model.pkl"
    model_path.write_bytes(model.dumps())
    rows: dict[str, list[float]] = {k: [] for k in (
        "ceiling_consume_per_s", "ceiling_decode_per_s", "passthrough_per_s", "pipeline_per_s",
        "quix_per_s", "peak_rss_mb", "worker_cpu_us_per_comment", "scorer_cpu_us_per_comment")}
    result: dict[str, Any] = {"count": args.count, "reps": args.reps,
                              "partitions": args.partitions,
                              "output_partitions": args.output_partitions,
                              "model_version": model.version}
    with EmbeddedBroker() as broker:
        for rep in range(1, 0 if args.latency_only else args.reps + 1):
            s = _settings(broker, args)
            asyncio.run(_preload(s, _comments(args.count, seed=rep)))
            rows["ceiling_consume_per_s"].append(asyncio.run(_ceiling(s, args.count, False)))
            rows["ceiling_decode_per_s"].append(asyncio.run(_ceiling(s, args.count, True)))
            rows["passthrough_per_s"].append(_passthrough(s, args.count))
            rate, rss, cpu = _pipeline(_settings(broker, args), args.count, 1,
                                       logdir, preloaded=True)
            rows["pipeline_per_s"].append(rate)
            rows["peak_rss_mb"].append(rss)
            rows["worker_cpu_us_per_comment"].append(cpu[0])
            rows["scorer_cpu_us_per_comment"].append(cpu[1])  # 0 when scoring inline
            if not args.no_quix:
                q = _settings(broker, args)
                asyncio.run(_preload(q, _comments(args.count, seed=rep)))
                rows["quix_per_s"].append(_quix(q, args.count, model_path))
            _say(f"rep {rep}/{args.reps}: " + ", ".join(
                f"{k} {v[-1]:,.0f}" for k, v in rows.items() if v))
        for key, values in rows.items():
            if values:
                result[key] = statistics.median(values)
                result[f"{key}_spread"] = _spread(values)
        if "pipeline_per_s" in result:
            result["pipeline_vs_passthrough"] = (result["pipeline_per_s"]
                                                 / result["passthrough_per_s"])
        if rows["quix_per_s"]:
            result["pulsen_vs_quix"] = result["pipeline_per_s"] / result["quix_per_s"]
        lat_runs = []
        for rep in range(1, args.reps + 1):
            lat_runs.append(_latency(_settings(broker, args), args.rate,
                                     args.seconds, logdir, broker.pid))
            r = lat_runs[-1]
            _say(f"latency {rep}/{args.reps} at {args.rate}/s: p50 {r['p50']:.0f} ms,"
                 f" p95 {r['p95']:.0f} ms, p99 {r['p99']:.0f} ms; p50 / p99 of its parts: "
                 + ", ".join(f"{k.replace('_', ' ')} {v['p50']:.0f} / {v['p99']:.0f}"
                             for k, v in r["parts"].items())
                 + "; % of a core, 1st → 2nd half: "
                 + ", ".join(f"{k} {a} → {b}" for k, (a, b) in r["cpu_pct"].items()))
        result["latency_ms"] = {q: statistics.median(r[q] for r in lat_runs)
                                for q in ("p50", "p95", "p99")}
        result["latency_ms_spread"] = {q: _spread([r[q] for r in lat_runs])
                                       for q in ("p50", "p95", "p99")}
        result["latency_parts_ms"] = {
            name: {q: statistics.median(r["parts"][name][q] for r in lat_runs)
                   for q in ("p50", "p99")} for name in LATENCY_PARTS}
        result["latency_cpu_pct"] = [r["cpu_pct"] for r in lat_runs]
        result["latency_rate_per_s"] = args.rate
        scale: dict[str, float] = {}
        for n in [] if args.latency_only else args.scale:
            rate, _, _ = _pipeline(_settings(broker, args), args.count, n, logdir,
                                   preloaded=False)
            scale[str(n)] = rate
            _say(f"scale-out: {n} worker(s) {rate:,.0f} comments/s")
        if scale:
            result["scale_out_per_s"] = scale
    return result


def _table(r: dict[str, Any]) -> str:
    def row(name: str, key: str) -> str:
        if key not in r:
            return ""
        sp = r[f"{key}_spread"]
        return f"| {name} | {r[key]:,.0f} | {sp['min']:,.0f}–{sp['max']:,.0f} |\n"

    if "pipeline_per_s" not in r:  # --latency-only
        out = f"{r['partitions']} partitions ({r['output_partitions']} out), median of {r['reps']}\n"
    else:
        out = (f"{r['count']:,} comments, {r['partitions']} partitions "
               f"({r['output_partitions']} out), median of {r['reps']}\n\n"
               "| what | comments/s | spread |\n|---|---|---|\n")
    out += row("raw aiokafka consumer (ceiling)", "ceiling_consume_per_s")
    out += row("raw aiokafka consumer + json.loads", "ceiling_decode_per_s")
    out += row("Faust passthrough (decode + count)", "passthrough_per_s")
    out += row("Pulsen pipeline, 1 worker", "pipeline_per_s")
    out += row("Quix Streams peer, same model and windows", "quix_per_s")
    if "pipeline_vs_passthrough" in r:
        out += f"\npipeline / passthrough: {r['pipeline_vs_passthrough']:.0%}\n"
    if "pulsen_vs_quix" in r:
        out += f"Pulsen / Quix: {r['pulsen_vs_quix']:.2f}\n"
    lat = r["latency_ms"]
    out += (f"latency at {r['latency_rate_per_s']:,}/s (append → scored, ms): p50 {lat['p50']:.0f}"
            f" · p95 {lat['p95']:.0f} · p99 {lat['p99']:.0f}\n")
    out += "  its parts, p50 / p99 (ms): " + " · ".join(
        f"{k.replace('_', ' ')} {v['p50']:.0f} / {v['p99']:.0f}"
        for k, v in r["latency_parts_ms"].items()) + "\n"

    if "peak_rss_mb" in r:
        out += f"peak RSS of the worker (with its scoring child): {r['peak_rss_mb']:.0f} MB\n"
        out += (f"CPU per comment: worker {r['worker_cpu_us_per_comment']:.0f} µs, scoring child"
                f" {r['scorer_cpu_us_per_comment']:.0f} µs\n")
    for n, rate in r.get("scale_out_per_s", {}).items():
        out += f"scale-out {n} worker(s): {rate:,.0f} comments/s\n"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="pulse bench", description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=20000, help="comments per throughput run")
    ap.add_argument("--reps", type=int, default=3, help="repetitions (medians are reported)")
    add_topic_options(ap)
    ap.add_argument("--rate", type=int, default=1000, help="comments/s for the latency run")
    ap.add_argument("--seconds", type=float, default=20.0, help="length of the latency run")
    ap.add_argument("--scale", default="1,2,3", help="worker counts for scale-out ('' skips)")
    ap.add_argument("--no-quix", action="store_true", help="skip the Quix Streams peer")
    ap.add_argument("--latency-only", action="store_true",
                    help="only the latency runs (--reps of them at --rate for --seconds)")
    ap.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    args = ap.parse_args(argv)
    args.scale = [int(x) for x in args.scale.split(",") if x.strip()]
    if not args.no_quix and not args.latency_only:
        try:
            import quixstreams  # noqa: F401
        except ImportError:
            _say("quixstreams is not installed (pip install -e '.[dev]'): skipping the peer")
            args.no_quix = True
    result = run(args)
    print(_table(result))
    if args.json:
        print(json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
