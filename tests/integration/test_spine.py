"""The spine on the real embedded broker: counted once, dead-lettered with a reason, restarts."""

from __future__ import annotations

import base64
import signal
import time

import orjson
import pytest

from schemas import DeadLetter, PulseSnapshot
from stream.generator import generate
from stream.kafka import topics_for
from tests.integration.conftest import produce, read_topic, wait_until

pytestmark = pytest.mark.integration

MALFORMED = [
    b"this is not json",
    b'{"id": "m1", "municipality": "Lund"}',
    b'{"id": "m2", "municipality": "Lund", "text": "ok", "created_at": "not a time"}',
    b'{"id": "m3", "municipality": "Lund", "text": 42, "created_at": "2026-01-01T10:00:00Z"}',
    b'{"id": "m4", "municipality": "Lund", "text": "ok", "created_at": "2026-01-01T10:00:00Z", "channel": "fax"}',
    b"\xff\xfe\x00 invalid utf-8",
    b'{"id": "m6", "municipality": "Lund", "text": "", "created_at": "2026-01-01T10:00:00Z"}',
    b'{"id": "m7", "municipality": "Lund", "text": "ok", "created_at": "2999-01-01T10:00:00Z"}',
    b'[1, 2, 3]',
    b'{"schema_version": 9, "id": "m9", "municipality": "Lund", "text": "ok", "created_at": "2026-01-01T10:00:00Z"}',
]


def _comments(count: int, seed: int) -> list[bytes]:
    return [orjson.dumps(r) for r in generate(count, seed=seed)]


def _total(worker) -> int:
    return worker.pulse("all")["comments"]


def test_thousand_counted_once_ten_dead_lettered_and_restart_keeps_counts(
    settings, start_worker
):
    worker = start_worker()
    good = _comments(1000, seed=7)
    assert produce(settings, good + MALFORMED) == 1010

    wait_until(lambda: _total(worker) >= 1000, 60, "1,000 comments counted")
    time.sleep(2)  # anything double-counted would show up by now
    body = worker.pulse("all")
    assert body["comments"] == 1000
    # Every comment concerns at least one area, and per-area counts add up to n.
    for area in body["areas"].values():
        assert sum(area["counts"].values()) == area["n"]
    assert sum(a["n"] for a in body["areas"].values()) >= 1000

    # The pulse is also published on pulse.metrics as PulseSnapshot events.
    def national_snapshot() -> dict | None:
        snaps = [PulseSnapshot.model_validate_json(v)
                 for v in read_topic(settings, f"{settings.topic_prefix}.metrics")]
        latest = [s for s in snaps if s.window == "all" and s.municipality == "all"]
        return latest[-1] if latest and latest[-1].comments == 1000 else None

    snap = wait_until(national_snapshot, 30, "a national snapshot of 1,000 comments")
    assert {a: p.n for a, p in snap.areas.items()} == {a: v["n"] for a, v in body["areas"].items()}

    dlq = f"{settings.topic_prefix}.comments.dlq"
    wait_until(lambda: len(read_topic(settings, dlq)) >= 10, 30, "10 dead letters")
    letters = [DeadLetter.model_validate_json(v) for v in read_topic(settings, dlq)]
    assert len(letters) == 10
    assert sorted(base64.b64decode(d.original_base64) for d in letters) == sorted(MALFORMED)
    for letter in letters:
        assert letter.reason and letter.errors
        assert letter.source.topic == f"{settings.topic_prefix}.comments.raw"
        assert letter.source.offset >= 0
    reasons = " | ".join(d.reason for d in letters)
    for expected in ("Invalid JSON", "text", "created_at", "channel", "UTF-8", "schema_version"):
        assert expected in reasons

    # A graceful restart, then a crash: the all-time counts come back exactly.
    by_muni = {m: worker.pulse("all", municipality=m)["comments"]
               for m in body["municipalities"]}
    worker.stop(signal.SIGTERM)
    worker = start_worker()
    assert worker.pulse("all")["comments"] == 1000
    assert worker.pulse("all")["areas"] == body["areas"]
    worker.stop(signal.SIGKILL)
    worker = start_worker()
    assert worker.pulse("all")["comments"] == 1000
    assert worker.pulse("all")["areas"] == body["areas"]
    assert {m: worker.pulse("all", municipality=m)["comments"] for m in by_muni} == by_muni


def test_resent_duplicates_are_counted_once(settings, start_worker):
    worker = start_worker()
    good = _comments(200, seed=11)
    produce(settings, good)
    produce(settings, good[:50])  # a producer retrying: same ids again
    wait_until(lambda: worker.pulse("all").get("duplicates_ignored", 0) >= 50, 60,
               "50 duplicates seen")
    assert _total(worker) == 200


def test_real_kafka_client_feeds_the_pipeline(settings, start_worker, broker):
    confluent_kafka = pytest.importorskip("confluent_kafka")
    worker = start_worker()
    producer = confluent_kafka.Producer({"bootstrap.servers": broker.address, "linger.ms": 5})
    records = list(generate(100, seed=3))
    for record in records:
        producer.produce(f"{settings.topic_prefix}.comments.raw", orjson.dumps(record),
                         key=record["municipality"].encode())
    producer.produce(f"{settings.topic_prefix}.comments.raw", b"{broken")
    assert producer.flush(30) == 0
    wait_until(lambda: _total(worker) == 100, 60, "100 comments from librdkafka counted")
    muni = records[0]["municipality"]
    expected = sum(1 for r in records if r["municipality"] == muni)
    assert worker.pulse("all", municipality=muni)["comments"] == expected
    wait_until(lambda: len(read_topic(settings, f"{settings.topic_prefix}.comments.dlq")) == 1,
               30, "the broken record dead-lettered")

    # The worker created every topic before anything produced, each with its own count:
    # the raw topic's partitions for the hot path, fewer on the output the view reads.
    from confluent_kafka.admin import AdminClient

    meta = AdminClient({"bootstrap.servers": broker.address}).list_topics(timeout=10)
    topics = topics_for(settings)
    partitions = {s.name: len(meta.topics[s.name].partitions) for s in topics.specs()}
    assert partitions == {s.name: s.partitions for s in topics.specs()}
    assert partitions[topics.raw] == settings.partitions == 6
    assert partitions[topics.scored] == partitions[topics.comments] == settings.output_partitions


def test_personal_data_is_redacted_before_pulse_comments(settings, start_worker):
    worker = start_worker()
    secret = "Ring mig på 070-123 45 67 eller anna.svensson@example.se, pnr 19811218-9876"
    record = {"id": "pii-1", "municipality": "Lund", "created_at": "2026-01-05T10:00:00Z",
              "text": f"Lång kö. {secret}"}
    produce(settings, [orjson.dumps(record)])
    wait_until(lambda: _total(worker) == 1, 60, "the comment counted")
    for topic in ("comments", "scored"):
        values = read_topic(settings, f"{settings.topic_prefix}.{topic}")
        assert len(values) == 1
        text = orjson.loads(values[0])["text"]
        assert "070-123" not in text and "anna.svensson" not in text and "9876" not in text
        assert "[telefon]" in text and "[e-post]" in text and "[personnummer]" in text
    raw = read_topic(settings, f"{settings.topic_prefix}.comments.raw")
    assert b"070-123 45 67" in raw[0]  # only the raw topic holds the original
