"""Ingest validation: what becomes a CommentEvent and what is dead-lettered, and why."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from schemas import CommentEvent, RecordSource
from stream.validation import Rejected, dead_letter, validate_comment

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
GOOD = b'{"id": "a1", "municipality": "Lund", "text": "Bra service", "created_at": "2026-11-22T11:00:00Z"}'


def test_valid_comment_is_accepted_with_defaults():
    event = validate_comment(GOOD, NOW)
    assert isinstance(event, CommentEvent)
    assert event.schema_version == 1 and event.channel is None
    assert event.created_at == datetime(2026, 11, 22, 11, 0, tzinfo=UTC)


def test_numeric_id_is_read_as_string_and_extra_fields_ignored():
    raw = b'{"id": 17, "municipality": "Lund", "text": "ok", "created_at": "2026-11-22T11:00:00+01:00", "score": 5}'
    event = validate_comment(raw, NOW)
    assert isinstance(event, CommentEvent)
    assert event.id == "17"
    assert event.created_at.hour == 10  # converted to UTC


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        (b"", "", "empty"),
        (b"nope", "", "Invalid JSON"),
        (b"\xff\xfe", "", "UTF-8"),
        (b"[1]", "", "object"),
        (b'{"id": "1"}', "municipality", "required"),
        (b'{"id": "1", "municipality": "Lund", "text": 5, "created_at": "2026-01-01T00:00:00Z"}',
         "text", "string"),
        (b'{"id": "1", "municipality": "all", "text": "x", "created_at": "2026-01-01T00:00:00Z"}',
         "municipality", "reserved"),
        (b'{"id": "1", "municipality": "Lund", "text": "x", "created_at": "2026-01-01T00:00:00Z", "channel": "fax"}',
         "channel", "phone"),
        (b'{"schema_version": 2, "id": "1", "municipality": "Lund", "text": "x", "created_at": "2026-01-01T00:00:00Z"}',
         "schema_version", "1"),
        (b'{"id": "1", "municipality": "Lund", "text": "x", "created_at": "2030-01-01T00:00:00Z"}',
         "created_at", "future"),
        (b'{"id": "1", "municipality": "Lund", "text": "x", "created_at": "1970-01-01T00:00:00Z"}',
         "created_at", "before 2000"),
    ],
)
def test_rejections_name_the_field_and_say_why(raw, field, words):
    result = validate_comment(raw, NOW)
    assert isinstance(result, Rejected)
    assert result.errors[0].field == field
    assert words in result.reason


def test_oversized_record_is_rejected_before_parsing():
    raw = GOOD[:-1] + b', "pad": "' + b"x" * 70_000 + b'"}'
    result = validate_comment(raw, NOW)
    assert isinstance(result, Rejected) and "limit" in result.reason


def test_future_skew_is_a_setting():
    raw = b'{"id": "1", "municipality": "Lund", "text": "x", "created_at": "2026-11-22T12:30:00Z"}'
    assert isinstance(validate_comment(raw, NOW, timedelta(hours=1)), CommentEvent)
    assert isinstance(validate_comment(raw, NOW, timedelta(minutes=5)), Rejected)


def test_dead_letter_keeps_original_bytes_source_and_time():
    raw = b"\xff not utf-8"
    rejected = validate_comment(raw, NOW)
    assert isinstance(rejected, Rejected)
    letter = dead_letter(raw, rejected, RecordSource(topic="t", partition=2, offset=9), NOW)
    assert base64.b64decode(letter.original_base64) == raw
    assert letter.original_text is None
    assert letter.source.partition == 2 and letter.source.offset == 9
    assert letter.failed_at == NOW and "UTF-8" in letter.reason
