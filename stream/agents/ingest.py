"""Ingest: raw bytes → validated, redacted CommentEvent on pulse.comments, or the DLQ."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import faust

from schemas import CommentEvent, RecordSource
from stream.app import Pipeline
from stream.kafka import follow_topic
from stream.redaction import redact
from stream.validation import dead_letter, validate_comment

log = logging.getLogger(__name__)

APPENDED_AT_HEADER = "pulse-appended-at-ms"


def register(app: faust.App, pipe: Pipeline) -> None:
    t = pipe.topics
    raw = app.topic(t.raw, key_serializer="raw", value_serializer="raw", allow_empty=True)
    comments = app.topic(t.comments, key_serializer="raw", value_serializer="raw")
    dlq = app.topic(t.dlq, key_serializer="raw", value_serializer="raw")
    skew = timedelta(seconds=pipe.settings.max_future_skew_s)
    counter = pipe.metrics.events

    # Dead-lettering is idempotent: a record re-read after a crash (its offset was not yet
    # committed) must not land on the DLQ twice, so every worker follows the DLQ's keys
    # (source topic/partition/offset) and ingest waits until it has read them all.
    dead_keys: set[bytes] = set()
    dlq_ready = asyncio.Event()

    @app.task
    async def follow_dead_letters() -> None:
        await follow_topic(pipe.settings, t.dlq, lambda r: dead_keys.add(r.key or b""),
                           dlq_ready.set, fetch_max_wait_ms=100)

    @app.agent(raw, name="ingest")
    async def ingest(stream: faust.StreamT) -> None:
        await dlq_ready.wait()
        async for event in stream.events():
            msg = event.message
            now = datetime.now(UTC)
            result = validate_comment(msg.value, now, skew)
            if isinstance(result, CommentEvent):
                # Personal data stops here: nothing downstream sees the original text.
                redacted = redact(result.text)
                if redacted.found:
                    result = result.model_copy(update={"text": redacted.text})
                    for kind, n in redacted.found.items():
                        pipe.metrics.redactions.labels(kind).inc(n)
                await comments.send(
                    key=result.municipality.encode(),
                    value=result.model_dump_json().encode(),
                    headers={APPENDED_AT_HEADER: str(int(msg.timestamp * 1000)).encode()},
                )
                counter.labels("ingested").inc()
                continue
            source = RecordSource(
                topic=msg.topic, partition=msg.partition, offset=msg.offset,
                timestamp=datetime.fromtimestamp(msg.timestamp, UTC),
            )
            key = f"{msg.topic}/{msg.partition}/{msg.offset}".encode()
            if key in dead_keys:
                counter.labels("dead_letter_repeated").inc()
                continue
            dead_keys.add(key)
            letter = dead_letter(msg.value, result, source, now)
            await dlq.send(key=key, value=letter.model_dump_json().encode())
            counter.labels("dead_lettered").inc()
            for err in result.errors:
                pipe.metrics.dead_letters.labels(err.field.split(".")[0] or "record").inc()
            log.warning("dead-lettered %s/%s@%s: %s", msg.topic, msg.partition, msg.offset,
                        letter.reason)
