"""Does the embedded broker's cost per record grow as its partitions fill? No Pulsen worker:
a raw aiokafka producer at a steady rate and raw consumers that read everything, against
the bare embedded broker, with the broker's share of a core printed over time.

    python -m benchmarks.broker_growth [--rate 2000] [--seconds 300] [--linger-ms 50]
        [--consumers 1] [--fetch-wait-ms 10] [--fetch-min-bytes 1] [--count-requests]

``--consumers 0`` produces only; ``--count-requests`` puts benchmarks/kafka_proxy.py in
front of the broker and prints requests per second by API and topic every interval.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

from benchmarks.kafka_proxy import CountingProxy, format_table, table
from benchmarks.procs import cpu_seconds
from stream.broker import EmbeddedBroker, free_port
from stream.generator import generate
from stream.kafka import client_options, ensure_topics, make_producer, topics_for
from stream.settings import Settings


async def _produce(settings: Settings, topic: str, args: argparse.Namespace,
                   sent: list[int], stop: asyncio.Event) -> None:
    pool = [orjson.dumps(c) for c in generate(2000, seed=5)]
    producer = make_producer(settings.model_copy(update={"producer_linger_ms": args.linger_ms}),
                             max_batch_size=args.batch_bytes)
    await producer.start()
    try:
        start = time.monotonic()
        while not stop.is_set():
            due = int((time.monotonic() - start) * args.rate) + 1
            while sent[0] < due:
                await producer.send(topic, pool[sent[0] % len(pool)],
                                    key=f"k{sent[0]}".encode())
                sent[0] += 1
            await asyncio.sleep(0.01)
        await producer.flush()
    finally:
        await producer.stop()


async def _consume(settings: Settings, topic: str, args: argparse.Namespace,
                   got: list[int], i: int) -> None:
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None,
                                enable_auto_commit=False, auto_offset_reset="earliest",
                                fetch_max_wait_ms=args.fetch_wait_ms,
                                fetch_min_bytes=args.fetch_min_bytes)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(args.partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        while True:
            for records in (await consumer.getmany(timeout_ms=200, max_records=500)).values():
                got[i] += len(records)
    finally:
        await consumer.stop()


async def _run(settings: Settings, args: argparse.Namespace, broker_pid: int,
               proxy: CountingProxy | None) -> list[dict[str, Any]]:
    await ensure_topics(settings)
    topic = topics_for(settings).raw
    sent, got = [0], [0] * args.consumers
    stop = asyncio.Event()
    producer = asyncio.create_task(_produce(settings, topic, args, sent, stop))
    consumers = [asyncio.create_task(_consume(settings, topic, args, got, i))
                 for i in range(args.consumers)]

    samples: list[dict[str, Any]] = []
    t0 = last_t = time.monotonic()
    last_cpu, last_sent = cpu_seconds(broker_pid), 0
    if proxy:
        proxy.counts.snapshot(reset=True)
    try:
        while time.monotonic() - t0 < args.seconds:
            await asyncio.sleep(args.every)
            now, cpu = time.monotonic(), cpu_seconds(broker_pid)
            s = {"t": round(now - t0), "sent": sent[0], "lag": [sent[0] - g for g in got],
                 "broker_cpu_pct": round(100 * (cpu - last_cpu) / (now - last_t), 1),
                 "broker_cpu_us_per_record": round(1e6 * (cpu - last_cpu)
                                                   / max(sent[0] - last_sent, 1), 1)}
            last_t, last_cpu, last_sent = now, cpu, sent[0]
            print(f"{s['t']:5d} s  sent {s['sent']:>8,}  lag {s['lag']}  broker "
                  f"{s['broker_cpu_pct']:5.1f} %  {s['broker_cpu_us_per_record']:6.1f} µs/record",
                  file=sys.stderr, flush=True)
            if proxy:
                span, stats = proxy.counts.snapshot(reset=True)
                s["requests"] = table(span, stats)
                print(format_table(s["requests"]), file=sys.stderr, flush=True)
            samples.append(s)
    finally:
        stop.set()
        await producer
        for c in consumers:
            c.cancel()
        await asyncio.gather(*consumers, return_exceptions=True)
    return samples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.broker_growth",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--every", type=float, default=10)
    ap.add_argument("--partitions", type=int, default=6)
    ap.add_argument("--linger-ms", type=int, default=50)
    ap.add_argument("--batch-bytes", type=int, default=16384, help="producer max_batch_size")
    ap.add_argument("--consumers", type=int, default=1)
    ap.add_argument("--fetch-wait-ms", type=int, default=10)
    ap.add_argument("--fetch-min-bytes", type=int, default=1)
    ap.add_argument("--count-requests", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    proxy_port = free_port() if args.count_requests else None
    with EmbeddedBroker(advertised_port=proxy_port) as broker:
        proxy = None
        if proxy_port:
            proxy = CountingProxy(("127.0.0.1", broker.port), proxy_port,
                                  topic_of=lambda t: t.split(".", 1)[-1]).start()
        url = f"kafka://127.0.0.1:{proxy_port or broker.port}"
        settings = Settings(broker_url=url, topic_prefix=f"g{uuid.uuid4().hex[:6]}",
                            partitions=args.partitions)
        try:
            assert broker.pid is not None
            samples = asyncio.run(_run(settings, args, broker.pid, proxy))
        finally:
            if proxy:
                proxy.stop()
    if args.json:
        print(json.dumps({"args": vars(args), "samples": samples}, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
