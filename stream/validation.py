"""Turning raw record bytes into a CommentEvent, or into the reasons it cannot be one."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pydantic import ValidationError

from schemas import CommentEvent, DeadLetter, ErrorDetail, RecordSource

# Comments dated before this are certainly wrong clocks, not history.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
MAX_RECORD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Rejected:
    errors: list[ErrorDetail]

    @property
    def reason(self) -> str:
        return "; ".join(f"{e.field or 'record'}: {e.message}" for e in self.errors)


def _duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds} seconds"


def _field(loc: tuple[int | str, ...]) -> str:
    # Keys come from the sender: a control character must not break the one-line reason.
    return ".".join(s if (s := str(part)).isprintable() else repr(s) for part in loc)


def validate_comment(
    raw: bytes | None,
    now: datetime,
    max_future_skew: timedelta = timedelta(hours=1),
    max_bytes: int = MAX_RECORD_BYTES,
) -> CommentEvent | Rejected:
    """Validate one record value from ``pulse.comments.raw``.

    >>> from datetime import datetime, UTC
    >>> now = datetime(2026, 1, 1, tzinfo=UTC)
    >>> validate_comment(b'{"id": "1"}', now).reason
    'municipality: Field required; text: Field required; created_at: Field required'
    """
    if not raw:
        return Rejected([ErrorDetail(field="", message="empty record (no value)")])
    if len(raw) > max_bytes:
        return Rejected([ErrorDetail(
            field="", message=f"record is {len(raw)} bytes, more than the limit of {max_bytes}")])
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected([ErrorDetail(
            field="", message=f"not valid UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r})")])
    try:
        event = CommentEvent.model_validate_json(raw)
    except ValidationError as exc:
        return Rejected([
            ErrorDetail(field=_field(err["loc"]), message=err["msg"])
            for err in exc.errors(include_url=False)
        ])
    if event.created_at > now + max_future_skew:
        return Rejected([ErrorDetail(
            field="created_at",
            message=f"is {_duration(event.created_at - now)} in the future "
                    f"(more than {_duration(max_future_skew)} ahead); check the producer's clock")])
    if event.created_at < EARLIEST:
        return Rejected([ErrorDetail(
            field="created_at", message=f"is before {EARLIEST.date()}; check the producer's clock")])
    return event


def dead_letter(
    raw: bytes | None, rejected: Rejected, source: RecordSource, now: datetime
) -> DeadLetter:
    """The dead-letter record: original bytes, the reason, where it came from, when."""
    raw = raw or b""
    try:
        text: str | None = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    return DeadLetter(
        reason=rejected.reason,
        errors=rejected.errors,
        source=source,
        original_base64=base64.b64encode(raw).decode("ascii"),
        original_text=text,
        failed_at=now,
    )
