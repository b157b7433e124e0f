"""Pulsen's event contracts: pydantic v2 models, no I/O, no Faust."""

from schemas.events import (
    SCHEMA_VERSION,
    Alert,
    AreaPulse,
    CommentEvent,
    DeadLetter,
    ErrorDetail,
    LabelEvent,
    PulseSnapshot,
    RecordSource,
    ScoredComment,
)
from schemas.vocabulary import AREAS, CHANNELS, NATIONAL, SENTIMENTS, Area, Channel, Sentiment

__all__ = [
    "AREAS",
    "CHANNELS",
    "NATIONAL",
    "SCHEMA_VERSION",
    "SENTIMENTS",
    "Alert",
    "Area",
    "AreaPulse",
    "Channel",
    "CommentEvent",
    "DeadLetter",
    "ErrorDetail",
    "LabelEvent",
    "PulseSnapshot",
    "RecordSource",
    "ScoredComment",
    "Sentiment",
]
