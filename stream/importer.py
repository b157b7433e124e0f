"""`pulse import`: already-coded historical comments straight onto pulse.scored.

Their labels are the truth (a person coded them), so they skip the model; they form the
baselines ("52 %, +9 pp since 2019"). An id already counted is not counted again.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable

import orjson
from pydantic import ValidationError

from schemas import ScoredComment
from stream.kafka import ensure_topics, make_producer, topics_for
from stream.settings import Settings

IMPORT_VERSION = "import"


def to_scored(line: bytes) -> ScoredComment:
    """One JSONL record with ``labels`` (or a generator's ``truth``) as a ScoredComment."""
    record = orjson.loads(line)
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")  # noqa: TRY004 -- a bad input line
    labels = record.get("labels", record.get("truth"))
    if not isinstance(labels, dict):
        raise ValueError('needs "labels" (or "truth"): {area: sentiment}')  # noqa: TRY004
    fields = {k: record[k] for k in ("id", "municipality", "text", "created_at", "channel")
              if k in record}
    return ScoredComment(**fields, labels=labels, truth=labels, source="import",
                         model_version=IMPORT_VERSION)


async def import_lines(settings: Settings, lines: Iterable[bytes], progress: bool = True) -> tuple[int, int]:
    """Publish every valid line; report the invalid ones on stderr. Returns (sent, invalid)."""
    await ensure_topics(settings)
    topic = topics_for(settings).scored
    producer = make_producer(settings)
    await producer.start()
    sent = invalid = 0
    started = last = time.monotonic()
    try:
        for lineno, line in enumerate(lines, 1):
            try:
                scored = to_scored(line)
            except (ValueError, ValidationError) as exc:
                invalid += 1
                print(f"line {lineno}: not imported: {str(exc).splitlines()[0]}", file=sys.stderr)
                continue
            await producer.send(topic, scored.model_dump_json().encode(),
                                key=scored.municipality.encode())
            sent += 1
            if progress and time.monotonic() - last >= 1.0:
                last = time.monotonic()
                print(f"\rimported {sent:,} ({sent / (last - started):,.0f}/s)", end="",
                      file=sys.stderr)
        await producer.flush()
    finally:
        await producer.stop()
    if progress and last > started:
        print(file=sys.stderr)
    return sent, invalid
