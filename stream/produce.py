"""Publishing JSONL comments to pulse.comments.raw, as any Kafka client would."""

from __future__ import annotations

import sys
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import orjson

from stream.kafka import ensure_topics, make_producer, topics_for
from stream.settings import Settings


def record_key(line: bytes) -> bytes | None:
    """Key by municipality (comments) or comment_id (labels) when the line names one."""
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(value, dict):
        return None
    key = value.get("municipality", value.get("comment_id"))
    return key.encode() if isinstance(key, str) else None


def read_lines(source: str) -> Iterable[bytes]:
    """Non-blank lines of a file, or of stdin for ``-``."""
    stream = sys.stdin.buffer if source == "-" else Path(source).open("rb")  # noqa: SIM115
    with stream:
        for line in stream:
            line = line.rstrip(b"\r\n")
            if line.strip():
                yield line


async def produce_lines(
    settings: Settings, lines: Iterable[bytes] | AsyncIterator[bytes], progress: bool = False,
    topic: str | None = None,
) -> int:
    """Send each line as one record value, unchanged (bad lines reach the dead-letter topic)."""
    await ensure_topics(settings)
    topic = topic or topics_for(settings).raw
    producer = make_producer(settings)
    await producer.start()
    sent, started = 0, time.monotonic()
    last = started
    try:
        async def _send(line: bytes) -> None:
            await producer.send(topic, line, key=record_key(line))

        if hasattr(lines, "__aiter__"):
            async for line in lines:  # type: ignore[union-attr]
                await _send(line)
                sent += 1
        else:
            for line in lines:  # type: ignore[union-attr]
                await _send(line)
                sent += 1
                now = time.monotonic()
                if progress and now - last >= 1.0:
                    last = now
                    rate = sent / max(now - started, 1e-9)
                    print(f"\rproduced {sent:,} records ({rate:,.0f}/s)", end="", file=sys.stderr)
        await producer.flush()
    finally:
        await producer.stop()
    if progress and last > started:
        print(file=sys.stderr)
    return sent


async def produce_file(
    settings: Settings, source: str, progress: bool = True, topic: str | None = None
) -> int:
    return await produce_lines(settings, read_lines(source), progress=progress, topic=topic)
