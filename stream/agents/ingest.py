"""Ingest: raw bytes → validated, redacted CommentEvent on pulse.comments, or the DLQ."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import faust

from schemas import CommentEvent, RecordSource
from stream.app import Pipeline
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

    @app.agent(raw, name="ingest")
    async def ingest(stream: faust.StreamT) -> None:
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
            letter = dead_letter(msg.value, result, source, now)
            await dlq.send(key=f"{msg.topic}/{msg.partition}/{msg.offset}".encode(),
                           value=letter.model_dump_json().encode())
            counter.labels("dead_lettered").inc()
            for err in result.errors:
                pipe.metrics.dead_letters.labels(err.field.split(".")[0] or "record").inc()
            log.warning("dead-lettered %s/%s@%s: %s", msg.topic, msg.partition, msg.offset,
                        letter.reason)
