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
from datetime import UTC, datetime

import orjson

from stream.broker import EmbeddedBroker, _die_with_parent
from stream.kafka import ensure_topics, make_producer, topics_for
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
    return subprocess.Popen(cmd, env=env, preexec_fn=_die_with_parent,
                            stdout=subprocess.DEVNULL if not verbose else None)


async def _generate(settings: Settings, rate: float, seed: int, stop: asyncio.Event) -> None:
    from stream.generator import CommentGenerator

    gen = CommentGenerator(seed=seed)
    topic = topics_for(settings).raw
    producer = make_producer(settings)
    await producer.start()
    try:
        interval, due = 1.0 / rate, time.monotonic()
        while not stop.is_set():
            record = gen.comment(datetime.now(UTC))
            await producer.send(topic, orjson.dumps(record), key=record["municipality"].encode())
            due += interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), max(0.0, due - time.monotonic()))
    finally:
        await producer.stop()


async def _demo_loop(settings: Settings, rate: float, seed: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if rate > 0:
        await _generate(settings, rate, seed, stop)
    else:
        await stop.wait()


def run_demo(web_port: int = 6066, rate: float = 5.0, seed: int = 0, verbose: bool = False) -> int:
    with EmbeddedBroker() as broker:
        print(f"broker: {broker.address}", flush=True)
        env = {**os.environ, "PULSE_BROKER_URL": broker.url}
        settings = Settings(broker_url=broker.url, web_port=web_port)
        asyncio.run(ensure_topics(settings))
        worker = start_worker(env, web_port, verbose)
        try:
            if not _wait_for_port(settings.web_host, web_port, worker, timeout=120):
                print("error: the worker did not start (run with -v to see why)", file=sys.stderr)
                return 1
            print(f"wallboard: http://{settings.web_host}:{web_port}/", flush=True)
            print(f"generating {rate:g} comments/s; Ctrl-C stops everything", flush=True)
            asyncio.run(_demo_loop(settings, rate, seed))
        finally:
            worker.terminate()
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                worker.kill()
    print("stopped", flush=True)
    return 0
