"""One batch of raw records → redacted comments, scored comments and dead letters.

This is the whole per-record work of the hot path (validate, redact, score), kept free of
I/O so it is tested without a broker: :mod:`stream.agents.process` reads a batch from
``pulse.comments.raw``, prepares it (:func:`prepare_batch`), has its texts scored (maybe in a
child process, :mod:`stream.scorer`), builds the output (:func:`finish_batch`), produces it
and only then commits the batch's offsets. :func:`process_batch` is all three in one call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from schemas import CommentEvent, DeadLetter, RecordSource, ScoredComment
from stream.redaction import redact
from stream.validation import dead_letter, validate_comment

__all__ = ["APPENDED_AT_HEADER", "BatchResult", "Output", "Prepared", "RawRecord",
           "finish_batch", "prepare_batch", "process_batch", "source_key"]

# The raw record's broker append time (ms) travels on pulse.comments for latency figures.
APPENDED_AT_HEADER = "pulse-appended-at-ms"


class RawRecord(Protocol):
    """The parts of a consumed record this module reads (aiokafka's ConsumerRecord has them)."""

    topic: str
    partition: int
    offset: int
    timestamp: int  # ms since the epoch, as aiokafka reports it
    value: bytes | None


@dataclass(frozen=True, slots=True)
class Output:
    """A record to produce."""

    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass
class BatchResult:
    """What one batch of raw records turned into."""

    comments: list[Output] = field(default_factory=list)  # → pulse.comments
    scored: list[Output] = field(default_factory=list)  # → pulse.scored
    dead: list[tuple[Output, DeadLetter]] = field(default_factory=list)  # → the DLQ
    dead_repeated: int = 0  # bad records already dead-lettered before a crash
    redactions: Counter[str] = field(default_factory=Counter)


def source_key(topic: str, partition: int, offset: int) -> bytes:
    """The DLQ key of a record: its coordinates, so a re-read record is recognised."""
    return f"{topic}/{partition}/{offset}".encode()


@dataclass
class Prepared:
    """A batch validated and redacted, waiting for its scores."""

    result: BatchResult
    good: list[tuple[CommentEvent, datetime]]  # (redacted comment, broker append time)
    now: datetime

    @property
    def texts(self) -> list[str]:
        return [c.text for c, _ in self.good]


def prepare_batch(
    records: Sequence[RawRecord],
    now: datetime,
    max_future_skew: timedelta,
    dead_keys: Collection[bytes] = (),
) -> Prepared:
    """Validate and redact ``records``; invalid ones become dead letters.

    Records whose source key is in ``dead_keys`` and that fail validation are counted in
    ``dead_repeated`` and not dead-lettered again.
    """
    out = BatchResult()
    good: list[tuple[CommentEvent, datetime]] = []
    for rec in records:
        result = validate_comment(rec.value, now, max_future_skew)
        appended = datetime.fromtimestamp(rec.timestamp / 1000, UTC)
        if isinstance(result, CommentEvent):
            # Personal data stops here: nothing downstream sees the original text.
            redacted = redact(result.text)
            if redacted.found:
                result = result.model_copy(update={"text": redacted.text})
                out.redactions.update(redacted.found)
            good.append((result, appended))
            continue
        key = source_key(rec.topic, rec.partition, rec.offset)
        if key in dead_keys:
            out.dead_repeated += 1
            continue
        source = RecordSource(topic=rec.topic, partition=rec.partition, offset=rec.offset,
                              timestamp=appended)
        letter = dead_letter(rec.value, result, source, now)
        out.dead.append((Output(key, letter.model_dump_json().encode()), letter))
    return Prepared(out, good, now)


def finish_batch(prepared: Prepared, predictions: Sequence[Any], version: str) -> BatchResult:
    """The batch's output records, given the model's ``predictions`` for ``prepared.texts``."""
    out, now = prepared.result, prepared.now
    for (comment, appended), pred in zip(prepared.good, predictions, strict=True):
        key = comment.municipality.encode()
        appended_ms = str(int(appended.timestamp() * 1000)).encode()
        out.comments.append(Output(key, comment.model_dump_json().encode(),
                                   [(APPENDED_AT_HEADER, appended_ms)]))
        # The comment was validated above: build the scored event without validating again.
        scored = ScoredComment.model_construct(
            **{name: getattr(comment, name) for name in _COMMENT_FIELDS},
            labels=pred.labels, area_scores=pred.area_scores,
            sentiment_scores=pred.sentiment_scores, model_version=version,
            source="model", scored_at=now, appended_at=appended)
        out.scored.append(Output(key, scored.model_dump_json().encode()))
    return out


def process_batch(
    records: Sequence[RawRecord],
    model: Any,
    now: datetime,
    max_future_skew: timedelta,
    dead_keys: Collection[bytes] = (),
) -> BatchResult:
    """Validate, redact and score ``records`` with one model call for the whole batch."""
    prepared = prepare_batch(records, now, max_future_skew, dead_keys)
    if not prepared.good:
        return prepared.result
    return finish_batch(prepared, model.predict_many(prepared.texts), model.version)


_COMMENT_FIELDS = ("id", "municipality", "text", "created_at", "channel",
                   "truth")
