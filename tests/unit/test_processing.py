"""The hot path's batch transform: validate, redact, score, dead-letter (no broker)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from schemas import CommentEvent, DeadLetter, ScoredComment
from stream.model import CommentModel, load_corpus
from stream.processing import APPENDED_AT_HEADER, process_batch, source_key

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
SKEW = timedelta(hours=1)


@dataclass
class Rec:
    value: bytes | None
    offset: int
    topic: str = "pulse.comments.raw"
    partition: int = 3
    timestamp: int = int(NOW.timestamp() * 1000) - 250  # appended 250 ms before NOW


class CountingModel:
    """A real model that also counts how often it is called."""

    def __init__(self, model: CommentModel) -> None:
        self.model, self.calls = model, 0
        self.version = model.version

    def predict_many(self, texts):
        self.calls += 1
        return self.model.predict_many(texts)


@pytest.fixture(scope="module")
def model() -> CommentModel:
    return CommentModel(base_version="base-test").fit(load_corpus(split="train")[:300])


def _good(i: int, text: str = "Lång kö men trevlig handläggare") -> bytes:
    return json.dumps({"id": f"c{i}", "municipality": "Lund", "text": text,
                       "created_at": "2026-03-02T09:59:00Z", "channel": "phone"}).encode()


def test_good_records_become_redacted_comments_and_scored_comments(model):
    counting = CountingModel(model)
    recs = [Rec(_good(1), 10),
            Rec(_good(2, "Ring mig på 070-123 45 67, kön var för lång"), 11)]
    out = process_batch(recs, counting, NOW, SKEW)
    assert counting.calls == 1  # one model call per batch, not per record
    assert not out.dead
    comments = [CommentEvent.model_validate_json(o.value) for o in out.comments]
    scored = [ScoredComment.model_validate_json(o.value) for o in out.scored]
    assert [c.id for c in comments] == [s.id for s in scored] == ["c1", "c2"]
    assert "070" not in comments[1].text and "070" not in scored[1].text
    assert out.redactions["phone"] == 1
    assert all(o.key == b"Lund" for o in out.comments + out.scored)
    assert all(s.model_version == "base-test" for s in scored)
    expected = model.predict_many([c.text for c in comments])
    assert [s.labels for s in scored] == [p.labels for p in expected]
    assert scored[0].appended_at == NOW - timedelta(milliseconds=250)
    assert scored[0].scored_at == NOW
    assert dict(out.comments[0].headers)[APPENDED_AT_HEADER] == str(
        int((NOW - timedelta(milliseconds=250)).timestamp() * 1000)).encode()


def test_bad_records_are_dead_lettered_with_their_source_and_reason(model):
    recs = [Rec(b"{not json", 5), Rec(_good(1), 6), Rec(None, 7)]
    out = process_batch(recs, model, NOW, SKEW)
    assert [s.key for s in out.scored] == [b"Lund"]
    assert [o.key for o, _ in out.dead] == [source_key("pulse.comments.raw", 3, 5),
                                            source_key("pulse.comments.raw", 3, 7)]
    letters = [DeadLetter.model_validate_json(o.value) for o, _ in out.dead]
    assert letters[0].source.offset == 5 and "JSON" in letters[0].reason
    assert "empty" in letters[1].reason


def test_a_record_dead_lettered_before_a_crash_is_not_dead_lettered_again(model):
    recs = [Rec(b"{not json", 5), Rec(b"[]", 6)]
    seen = {source_key("pulse.comments.raw", 3, 5)}
    out = process_batch(recs, model, NOW, SKEW, dead_keys=seen)
    assert out.dead_repeated == 1
    assert [o.key for o, _ in out.dead] == [source_key("pulse.comments.raw", 3, 6)]


def test_an_all_bad_batch_does_not_call_the_model(model):
    counting = CountingModel(model)
    out = process_batch([Rec(b"nope", 1)], counting, NOW, SKEW)
    assert counting.calls == 0 and len(out.dead) == 1 and not out.scored
