"""Bad input never crashes ingest: property tests on validate_comment and dead_letter.

About 10,500 generated payloads in all (see ``EXAMPLES``): arbitrary bytes, arbitrary JSON,
objects built from the contract's field names with values of any type, valid comments with
one field mutated, and generated comments that must be accepted.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from schemas import CommentEvent, DeadLetter, RecordSource
from schemas.events import MAX_TEXT_CHARS
from stream.generator import PRESETS, generate
from stream.validation import EARLIEST, MAX_RECORD_BYTES, Rejected, dead_letter, validate_comment

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SKEW = timedelta(hours=1)
SOURCE = RecordSource(topic="pulse.comments.raw", partition=0, offset=0)
FIELDS = ("id", "municipality", "text", "created_at", "channel", "schema_version", "truth")
EXAMPLES = {"bytes": 3_000, "json": 2_000, "objects": 3_000, "mutated": 2_000, "generated": 500}
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)
# What pydantic's strip_whitespace strips (Unicode White_Space); Python's str.strip() also
# strips the separators \x1c-\x1f, which pydantic keeps.
UNICODE_WHITESPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" \
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
GOOD: dict[str, Any] = {
    "id": "a1", "municipality": "Lund", "text": "Lång kö men trevlig handläggare",
    "created_at": "2026-11-22T11:00:00Z", "channel": "phone",
}


def check(raw: bytes | None, now: datetime = NOW) -> CommentEvent | Rejected:
    """Validate and assert every property that must hold for any input; return the result."""
    result = validate_comment(raw, now, SKEW)
    assert isinstance(result, CommentEvent | Rejected)
    event("accepted" if isinstance(result, CommentEvent) else "rejected")
    if isinstance(result, Rejected):
        assert result.errors, "a rejection names at least one error"
        assert all(e.message.strip() for e in result.errors)
        assert result.reason.strip() and len(result.reason.splitlines()) == 1, result.reason
        letter = dead_letter(raw, result, SOURCE, now)
        assert base64.b64decode(letter.original_base64, validate=True) == (raw or b"")
        again = DeadLetter.model_validate_json(letter.model_dump_json())
        assert base64.b64decode(again.original_base64) == (raw or b"")
        assert again.reason == result.reason
        if letter.original_text is not None:
            assert letter.original_text.encode("utf-8") == (raw or b"")
    else:
        assert result.id and result.municipality and result.municipality.casefold() != "all"
        assert result.text and result.text == result.text.strip(UNICODE_WHITESPACE)
        assert len(result.text) <= MAX_TEXT_CHARS
        assert result.created_at.tzinfo is not None
        assert result.created_at.utcoffset() == timedelta(0)
        assert EARLIEST <= result.created_at <= now + SKEW
        # What ingest does next: the event must serialise and read back unchanged.
        assert CommentEvent.model_validate_json(result.model_dump_json()) == result
    return result


def encode(value: Any, ascii_only: bool) -> bytes:
    text = json.dumps(value, ensure_ascii=ascii_only)  # NaN/Infinity: invalid JSON, on purpose
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes invalid UTF-8


# --- strategies -----------------------------------------------------------------------------

ANY_CHAR = st.characters(codec=None, exclude_categories=())  # includes lone surrogates
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(), st.text(ANY_CHAR, max_size=20), st.text("aå \"\\\n\t\u2028{}[]:,", max_size=20),
)
KEYS = st.one_of(st.sampled_from(FIELDS), st.text("ab\n\"\\é", max_size=4))
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=10,
)
HUGE_TEXT = st.builds(
    lambda char, n: char * n,
    st.sampled_from(["a", "å", " ", "😀", "\u0301", "\x00", "ab "]),
    st.sampled_from([0, 1, MAX_TEXT_CHARS - 1, MAX_TEXT_CHARS, MAX_TEXT_CHARS + 1,
                     MAX_RECORD_BYTES // 4, MAX_RECORD_BYTES, MAX_RECORD_BYTES + 1]),
)
OFFSETS = st.builds(
    lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-(24 * 60 - 1), 24 * 60 - 1)
)
DATETIMES = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59),
    timezones=st.none() | st.just(UTC) | OFFSETS,
)
NEAR_NOW = st.builds(
    lambda seconds, tz: (NOW + timedelta(seconds=seconds)).astimezone(tz),
    st.integers(-86_400 * 400, 86_400 * 2), OFFSETS,
)
EXTREMES = st.builds(  # the ends of datetime's range, where converting to UTC overflows
    lambda at, tz: at.replace(tzinfo=tz).isoformat(),
    st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999_999)]), OFFSETS,
)
TIMESTAMPS = st.one_of(
    DATETIMES.map(datetime.isoformat), EXTREMES,
    DATETIMES.map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S") + "Z"),
    NEAR_NOW.map(datetime.isoformat),
    st.integers(-(2**40), 2**40), st.floats(),  # unix seconds or milliseconds
    st.sampled_from(["", "now", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-22",
                     "22/11/2026 10:00", "2026-11-22T25:00:00Z", "0000-01-01T00:00:00Z",
                     "9999-12-31T23:59:59+14:00", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z",
                     "2026-11-22T12:59:59Z", "2026-11-22T13:00:01Z", "2026-11-22T11:00:00+25:00"]),
    st.text(max_size=30),
)
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "id": st.one_of(st.text(ANY_CHAR, max_size=250), st.integers(), st.floats(), HUGE_TEXT,
                    st.sampled_from(["", " ", "\t\n", "x" * 200, "x" * 201])),
    "municipality": st.one_of(st.text(ANY_CHAR, max_size=120), HUGE_TEXT,
                              st.sampled_from(["all", "ALL", " All ", "Malmö", "Malmo\u0308", ""])),
    "text": st.one_of(st.text(ANY_CHAR, max_size=200), HUGE_TEXT, st.sampled_from(["", "   ", "\u00a0"])),
    "created_at": TIMESTAMPS,
    "channel": st.one_of(st.sampled_from(["phone", "email", "chat", "web", "visit", "fax", "", "PHONE"]),
                         st.none(), SCALARS),
    "schema_version": st.one_of(st.sampled_from([1, 2, 0, -1, "1", 1.0, 1.5, None, True]), SCALARS),
    "truth": st.one_of(
        st.none(),
        st.dictionaries(st.sampled_from(["waiting_time", "digital_services", "x", "a\nb", ""]),
                        st.sampled_from(["negative", "positive", "skeptical", "bad", 1, None])),
        SCALARS,
    ),
}
ANY_FIELD_VALUE = st.one_of(SCALARS, JSON_VALUES, HUGE_TEXT, TIMESTAMPS)
OBJECTS = st.builds(
    lambda extra, obj: {**extra, **obj},
    st.dictionaries(KEYS, SCALARS, max_size=2),  # unknown fields, ignored when valid
    st.fixed_dictionaries(
        {}, optional={name: st.one_of(value, ANY_FIELD_VALUE) for name, value in FIELD_VALUES.items()}
    ),
)
VALID = [
    record
    for seed, preset in [(1, "default"), (2, "medborgarpulsen-2020"), (3, "medborgarpulsen-2019")]
    for record in generate(100, seed=seed, preset=preset, start=NOW - timedelta(days=1))
]


# --- properties -----------------------------------------------------------------------------


@settings(FUZZ, max_examples=EXAMPLES["bytes"])
@given(st.one_of(st.binary(max_size=2_000), st.none()))
@example(b"")
@example(b"\xff\xfe\x00")
@example(b"\xed\xa0\x80")  # an encoded surrogate: not UTF-8
@example(b"{" * 10_000)
@example(b"[" * 60_000)
@example(b"x" * (MAX_RECORD_BYTES + 1))
def test_arbitrary_bytes_never_crash(raw):
    check(raw)


@settings(FUZZ, max_examples=EXAMPLES["json"])
@given(JSON_VALUES, st.booleans())
@example(float("nan"), True)
@example({"id": "1", "text": "\ud800"}, True)  # a lone surrogate escaped as \ud800
@example({"id": "1", "municipality": "Lund", "text": "ok \udc00", "created_at": "2026-01-01T00:00:00Z"}, True)
def test_arbitrary_json_never_crashes(value, ascii_only):
    check(encode(value, ascii_only))


@settings(FUZZ, max_examples=EXAMPLES["objects"])
@given(OBJECTS, st.booleans())
@example({**GOOD, "created_at": "9999-12-31T23:00:00-05:00"}, True)  # UTC would be year 10000
@example({**GOOD, "created_at": "0001-01-01T00:00:00+05:00"}, True)  # UTC would be year 0
@example({**GOOD, "truth": {"a\nb": "negative"}}, True)  # a key with a newline in the reason
@example({**GOOD, "text": "x" * (MAX_TEXT_CHARS + 1)}, True)
@example({**GOOD, "id": 10**400}, True)
def test_comment_shaped_objects_never_crash(obj, ascii_only):
    check(encode(obj, ascii_only))


@settings(FUZZ, max_examples=EXAMPLES["mutated"])
@given(st.sampled_from(VALID), st.sampled_from(FIELDS), st.data(), st.booleans())
def test_valid_comment_with_one_field_mutated(record, name, data, drop):
    mutated = dict(record)
    if drop:
        mutated.pop(name, None)
    else:
        mutated[name] = data.draw(st.one_of(FIELD_VALUES[name], ANY_FIELD_VALUE), label=name)
    result = check(encode(mutated, ascii_only=data.draw(st.booleans(), label="ascii")))
    if drop and name in ("id", "municipality", "text", "created_at"):
        assert isinstance(result, Rejected)
        assert any(e.field == name for e in result.errors)


@settings(FUZZ, max_examples=EXAMPLES["generated"])
@given(st.integers(0, 10**6), st.sampled_from(sorted(PRESETS)), st.integers(1, 5),
       st.integers(0, 3 * 365 * 86_400), st.booleans())
def test_generated_comments_are_always_accepted(seed, preset, count, back, ascii_only):
    now = datetime.now(UTC)
    start = now - timedelta(seconds=back + 60 * count)
    for record in generate(count, seed=seed, preset=preset, start=start):
        result = check(encode(record, ascii_only), now)
        assert isinstance(result, CommentEvent), result
        assert result.id == record["id"] and result.text == record["text"].strip()


def test_example_budget_is_at_least_ten_thousand():
    assert sum(EXAMPLES.values()) >= 10_000
