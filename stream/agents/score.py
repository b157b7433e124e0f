"""Score: CommentEvent → ScoredComment with areas and a sentiment per area, in batches."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import faust

from schemas import CommentEvent, ScoredComment
from stream.agents.ingest import APPENDED_AT_HEADER
from stream.app import Pipeline

log = logging.getLogger(__name__)

# A batch closes after this long even if not full, so a quiet stream is not held back.
BATCH_WITHIN_S = 0.05


def _appended_at(headers: object) -> datetime | None:
    items = headers.items() if isinstance(headers, dict) else (headers or [])
    for key, value in items:
        if key == APPENDED_AT_HEADER and value:
            return datetime.fromtimestamp(int(value) / 1000, UTC)
    return None


def register(app: faust.App, pipe: Pipeline) -> None:
    t = pipe.topics
    comments = app.topic(t.comments, key_serializer="raw", value_serializer="raw")
    scored = app.topic(t.scored, key_serializer="raw", value_serializer="raw")
    counter = pipe.metrics.events

    @app.agent(comments, name="score")
    async def score(stream: faust.StreamT) -> None:
        async for events in stream.take_events(pipe.settings.score_batch_size, BATCH_WITHIN_S):
            batch = [CommentEvent.model_validate_json(e.message.value) for e in events]
            model = pipe.model
            predictions = model.predict_many([c.text for c in batch])
            now = datetime.now(UTC)
            for event, comment, pred in zip(events, batch, predictions, strict=True):
                appended = _appended_at(event.message.headers)
                out = ScoredComment(
                    **comment.model_dump(exclude={"schema_version"}),
                    labels=pred.labels,
                    area_scores=pred.area_scores,
                    sentiment_scores=pred.sentiment_scores,
                    model_version=model.version,
                    scored_at=now,
                    appended_at=appended,
                )
                await scored.send(key=comment.municipality.encode(),
                                  value=out.model_dump_json().encode())
                if appended is not None:
                    pipe.metrics.append_latency.observe((now - appended).total_seconds())
            counter.labels("scored").inc(len(batch))
