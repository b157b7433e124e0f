"""Event models carried on Pulsen's topics; each has a ``schema_version``.

What Pulsen produces is strict; what it consumes is validated and, when that fails,
dead-lettered with the reason (see ``stream/ingest.py``).
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from schemas.vocabulary import NATIONAL, Area, Channel, Sentiment

SCHEMA_VERSION: Literal[1] = 1

MAX_TEXT_CHARS = 10_000


def _as_utc(value: datetime) -> datetime:
    # RFC 3339 requires an offset; a naive time from a sloppy producer is read as UTC
    # rather than dead-lettered, since no information is invented by doing so.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset: pydantic only maps ValueError
        raise ValueError("is outside the range of dates that can be converted to UTC") from None


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]
# Numeric ids are common in producers' systems and carry no ambiguity: read as strings.
Id = Annotated[
    str,
    Field(coerce_numbers_to_str=True),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
]


def _not_national(value: str) -> str:
    if value.casefold() == NATIONAL:
        raise ValueError(f'"{NATIONAL}" is reserved for the national pulse')
    return unicodedata.normalize("NFC", value)


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Municipality = Annotated[Name, AfterValidator(_not_national)]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_CHARS)
]
Labels = dict[Area, Sentiment]
Share = Annotated[float, Field(ge=0.0, le=1.0)]


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Event(BaseModel):
    # Consumed events tolerate unknown fields (the contract invites extra optional fields);
    # every event is immutable once built.
    model_config = ConfigDict(frozen=True, extra="ignore")

    schema_version: Literal[1] = SCHEMA_VERSION


class CommentEvent(_Event):
    """A citizen's comment after a contact, as validated at ingest (key: municipality)."""

    id: Id = Field(description="Unique id of the comment, chosen by the producer.")
    municipality: Municipality = Field(description="Municipality (kommun) the contact was with.")
    text: Text = Field(description="The comment; personal data is redacted at ingest.")
    created_at: UtcDatetime = Field(description="When the citizen wrote it (RFC 3339).")
    channel: Channel | None = Field(default=None, description="Contact channel, if known.")
    truth: Labels | None = Field(
        default=None,
        description="Known labels {area: sentiment}, set by the generator for evaluation.",
    )


class LabelEvent(_Event):
    """A label for a comment from an analyst or a survey score (key: comment_id)."""

    comment_id: Id
    text: Text
    labels: Labels = Field(description="{area: sentiment}; areas not named are absent.")
    source: Literal["analyst", "survey"] = "analyst"
    created_at: UtcDatetime = Field(default_factory=utcnow)


class ScoredComment(_Event):
    """A comment with the areas it concerns and a sentiment per area (key: municipality)."""

    id: Id
    municipality: Municipality
    text: Text
    created_at: UtcDatetime
    channel: Channel | None = None
    labels: Labels = Field(description="Predicted (or imported) {area: sentiment}.")
    area_scores: dict[Area, Share] = Field(
        default_factory=dict, description="Probability that the comment concerns each area."
    )
    sentiment_scores: dict[Area, dict[Sentiment, Share]] = Field(
        default_factory=dict, description="Sentiment probabilities for each area found."
    )
    model_version: str = Field(min_length=1, description="Version of the model that scored it.")
    source: Literal["model", "import"] = "model"
    truth: Labels | None = None
    scored_at: UtcDatetime = Field(default_factory=utcnow)
    appended_at: UtcDatetime | None = Field(
        default=None, description="Broker append time of the raw record, for latency."
    )


class AreaPulse(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    n: int = Field(ge=0, description="Comments that concern the area.")
    counts: dict[Sentiment, Annotated[int, Field(ge=0)]]
    shares: dict[Sentiment, Share]


class PulseSnapshot(_Event):
    """Counts and shares per area for one window and municipality ("all" = national)."""

    window: str = Field(description='Window name, for example "all" or "1h".')
    municipality: Name
    window_start: UtcDatetime | None = None
    window_end: UtcDatetime | None = None
    comments: int = Field(ge=0)
    areas: dict[Area, AreaPulse]
    generated_at: UtcDatetime = Field(default_factory=utcnow)


class Alert(_Event):
    """A negativity-spike alert for one municipality ("all" = national) and area."""

    alert_id: Id
    state: Literal["raised", "updated", "resolved"]
    municipality: Name
    area: Area
    window: str
    share: Share
    share_low: Share
    share_high: Share
    baseline_share: Share
    delta_pp: float
    n: int = Field(ge=0)
    severity: Literal["warning", "critical"]
    message: str = Field(description="Swedish text for a team lead.")
    drivers: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list, max_length=3)
    at: UtcDatetime = Field(default_factory=utcnow)


class ErrorDetail(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str = Field(description='Dotted path of the offending field, "" for the whole record.')
    message: str


class RecordSource(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    topic: str
    partition: int = Field(ge=0)
    offset: int = Field(ge=0)
    timestamp: UtcDatetime | None = None


class DeadLetter(_Event):
    """A record that could not be accepted, with the original bytes and why."""

    reason: str = Field(description="One line a person can act on.")
    errors: list[ErrorDetail]
    source: RecordSource
    original_base64: str = Field(description="The record value exactly as received.")
    original_text: str | None = Field(
        default=None, description="The same value as text, when it is valid UTF-8."
    )
    failed_at: UtcDatetime = Field(default_factory=utcnow)
