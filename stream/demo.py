"""`pulse demo` and `pulse broker`: the embedded broker, a worker and a live generator."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import orjson

from stream.broker import EmbeddedBroker, _die_with_parent, stop_process
from stream.kafka import ensure_topics, make_producer, topics_for
from stream.runtime import configure_logging, ensure_model
from stream.settings import Settings


def _wait_for_signal() -> None:
    stop = {"flag": False}

    def _handler(signum: int, frame: object) -> None:
        stop["flag"] = True

    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)
    while not stop["flag"]:
        time.sleep(0.2)


def run_broker(port: int = 9092) -> int:
    with EmbeddedBroker(port=port) as broker:
        print(f"broker: {broker.address}", flush=True)
        _wait_for_signal()
    return 0


def _wait_for_port(host: str, port: int, proc: subprocess.Popen[bytes], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError):
            socket.create_connection((host, port), timeout=0.5).close()
            return True
        time.sleep(0.1)
    return False


def start_worker(env: dict[str, str], web_port: int, verbose: bool = False) -> subprocess.Popen[bytes]:
    """A `pulse worker` child process that dies with its parent."""
    cmd = [sys.executable, "-m", "stream.cli", *(["-v"] if verbose else []),
           "worker", "--web-port", str(web_port)]
    return subprocess.Popen(cmd, env=env, preexec_fn=_die_with_parent,  # noqa: PLW1509
                            stdout=subprocess.DEVNULL if not verbose else None)


# The embedded broker makes a group join wait about half the session timeout; a short one
# gets the demo's worker consuming sooner (the user's own PULSE_* values still win).
EMBEDDED_PROFILE = {"PULSE_SESSION_TIMEOUT_S": "3", "PULSE_HEARTBEAT_INTERVAL_S": "0.5"}

# Demo spikes: one municipality × area gets a burst of negative comments now and then (areas
# whose usual negative share is low, so the burst stands out as it would in reality),
# long enough for the detector (confirm 60 s in the demo) to raise, then it calms down.
SPIKE_EVERY_S = 8 * 60
SPIKE_LENGTH_S = 5 * 60
SPIKE_RATE = 0.5  # extra comments per second during a spike
SPIKE_ENV = {
    "PULSE_SPIKE_CONFIRM_S": "60",
    "PULSE_ALERT_INTERVAL_S": "10",
    "PULSE_SPIKE_SHORT_WINDOWS": '["10m","30m"]',
}
HISTORY_COMMENTS = 15_000


async def _backfill_history(settings: Settings, seed: int) -> int:
    """A calm, already-coded week, so spikes have a baseline to stand out from."""
    from stream.generator import CommentGenerator
    from stream.importer import import_lines

    gen = CommentGenerator(seed=seed + 1)
    now = datetime.now(UTC)
    start = now - timedelta(days=7)
    step = (timedelta(days=7) - timedelta(minutes=40)) / HISTORY_COMMENTS
    lines = (orjson.dumps(gen.comment(start + i * step)) for i in range(HISTORY_COMMENTS))
    sent, _ = await import_lines(settings, lines, progress=False)
    return sent


async def _generate(settings: Settings, rate: float, seed: int, stop: asyncio.Event,
                    spikes: bool = False) -> None:
    import random

    from stream.generator import CommentGenerator

    gen = CommentGenerator(seed=seed)
    rng = random.Random(seed)
    topic = topics_for(settings).raw
    producer = make_producer(settings)
    await producer.start()
    started = time.monotonic()
    spike: tuple[str, str] | None = None
    try:
        interval, due = 1.0 / rate, time.monotonic()
        extra_due = due
        while not stop.is_set():
            now_mono = time.monotonic()
            phase = (now_mono - started) % SPIKE_EVERY_S
            if spikes and now_mono - started > 60 and phase < SPIKE_LENGTH_S:
                if spike is None:
                    spike = (rng.choice(["Stockholm", "Göteborg", "Malmö", "Uppsala"]),
                             rng.choice(["caseworker_service", "overall_experience"]))
                    print(f"spike: negative comments about {spike[1]} in {spike[0]} "
                          f"for {SPIKE_LENGTH_S // 60} min", flush=True)
                while extra_due <= now_mono:
                    record = gen.comment(datetime.now(UTC), municipality=spike[0],
                                         negativity_boost=1.0, area=spike[1])
                    await producer.send(topic, orjson.dumps(record), key=spike[0].encode())
                    extra_due += 1.0 / SPIKE_RATE
            else:
                spike, extra_due = None, now_mono
            record = gen.comment(datetime.now(UTC))
            await producer.send(topic, orjson.dumps(record), key=record["municipality"].encode())
            due += interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), max(0.0, due - time.monotonic()))
    finally:
        await producer.stop()


async def _demo_loop(settings: Settings, rate: float, seed: int, spikes: bool) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if rate > 0:
        await _generate(settings, rate, seed, stop, spikes)
    else:
        await stop.wait()


def run_demo(web_port: int = 6066, rate: float = 5.0, seed: int = 0, verbose: bool = False,
             spikes: bool = False) -> int:
    with EmbeddedBroker() as broker:
        print(f"broker: {broker.address}", flush=True)
        env = {**EMBEDDED_PROFILE, **os.environ, "PULSE_BROKER_URL": broker.url,
               **(SPIKE_ENV if spikes else {})}
        settings = Settings(broker_url=broker.url, web_port=web_port)
        asyncio.run(ensure_topics(settings))
        if spikes:
            sent = asyncio.run(_backfill_history(settings, seed))
            print(f"history: {sent} coded comments from the last 7 days imported", flush=True)
        # First start: train here, with progress, not inside the worker's bounded start-up
        # wait (training on a fresh machine takes ~3 min; the wait is 2 min).
        configure_logging(settings, verbose)
        ensure_model(settings)
        worker = start_worker(env, web_port, verbose)
        try:
            if not _wait_for_port(settings.web_host, web_port, worker, timeout=120):
                print("error: the worker did not start (run with -v to see why)", file=sys.stderr)
                return 1
            print(f"wallboard: http://{settings.web_host}:{web_port}/", flush=True)
            print(f"generating {rate:g} comments/s; Ctrl-C stops everything", flush=True)
            asyncio.run(_demo_loop(settings, rate, seed, spikes))
        finally:
            stop_process(worker, 15)
    print("stopped", flush=True)
    return 0
