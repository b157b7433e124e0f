"""The hot path's loops (stream/agents/process.py) with a scripted consumer, producer and
scorer, no broker: offsets are committed in order and only after every output of their
batch is acknowledged, the next batch is scored while the last one waits for its acks, a
failed ack stops the commits, and a rebalance waits until what was taken is committed."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka import TopicPartition
from aiokafka.errors import KafkaTimeoutError

from stream.agents.process import ProcessStage
from stream.app import Pipeline
from stream.settings import Settings
from stream.topics import Topics

RAW = "pulse.comments.raw"


@dataclass
class Rec:
    partition: int
    offset: int
    topic: str = RAW

    @property
    def value(self) -> bytes:
        return json.dumps({"id": f"c{self.partition}-{self.offset}", "municipality": "Lund",
                           "text": "Lång kö men trevlig handläggare",
                           "created_at": datetime.now(UTC).isoformat()}).encode()

    @property
    def timestamp(self) -> int:
        return int(datetime.now(UTC).timestamp() * 1000)


class Consumer:
    def __init__(self) -> None:
        self.batches: asyncio.Queue[dict[TopicPartition, list[Rec]]] = asyncio.Queue()
        self.commits: list[dict[TopicPartition, int]] = []

    def feed(self, *records: Rec) -> None:
        batch: dict[TopicPartition, list[Rec]] = {}
        for r in records:
            batch.setdefault(TopicPartition(RAW, r.partition), []).append(r)
        self.batches.put_nowait(batch)

    async def getmany(self, timeout_ms: int = 0, max_records: int | None = None) -> dict:
        try:
            return await asyncio.wait_for(self.batches.get(), timeout_ms / 1000)
        except TimeoutError:
            return {}

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(dict(offsets))

    def assignment(self) -> set[TopicPartition]:
        return set()


class Producer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes, asyncio.Future[Any]]] = []

    async def send(self, topic: str, value: bytes, key: bytes | None = None,
                   headers: Any = None) -> asyncio.Future[Any]:
        ack: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.sent.append((topic, value, ack))
        return ack

    def acks(self, comment_id: str) -> list[asyncio.Future[Any]]:
        """The ack futures of both outputs (pulse.comments, pulse.scored) of a comment."""
        return [ack for _, value, ack in self.sent if json.loads(value)["id"] == comment_id]


class Scorer:
    concurrent = True
    generation = 0

    def __init__(self) -> None:
        self.submitted: list[tuple[list[str], asyncio.Future[Any]]] = []

    def submit(self, texts: list[str]) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.submitted.append((list(texts), future))
        return future

    def score(self, i: int) -> None:
        texts, future = self.submitted[i]
        pred = SimpleNamespace(labels={}, area_scores={}, sentiment_scores={})
        future.set_result(("v1", [pred] * len(texts)))


async def _turns(n: int = 20) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


def _ack(acks: list[asyncio.Future[Any]]) -> None:
    for ack in acks:
        ack.set_result(None)


def _tp(p: int) -> TopicPartition:
    return TopicPartition(RAW, p)


@pytest.fixture
def stage() -> ProcessStage:
    settings = Settings(topic_prefix="pulse")
    pipe = Pipeline(settings=settings, topics=Topics(prefix="pulse", partitions=6),
                    model=SimpleNamespace(version="v1"), scorer=Scorer())
    return ProcessStage(pipe)


def test_commits_follow_the_acks_of_every_output_in_batch_order(stage: ProcessStage) -> None:
    async def scenario() -> None:
        consumer, producer, scorer = Consumer(), Producer(), stage.pipe.scorer
        serving = asyncio.ensure_future(stage.serve(consumer, producer))
        consumer.feed(Rec(0, 0), Rec(0, 1), Rec(0, 2))  # batch A
        await _turns()
        scorer.score(0)
        await _turns()
        assert len(producer.sent) == 6  # A's comments and scored comments, not yet acked
        consumer.feed(Rec(0, 3), Rec(1, 0))  # batch B
        await _turns()
        # B went to the scorer while A still waits for its acks.
        assert len(scorer.submitted) == 2
        scorer.score(1)
        await _turns()
        _ack(producer.acks("c0-3") + producer.acks("c1-0"))  # B durable, A not
        await _turns()
        assert consumer.commits == []
        a_acks = producer.acks("c0-0") + producer.acks("c0-1") + producer.acks("c0-2")
        _ack(a_acks[:-1])
        await _turns()
        assert consumer.commits == []  # one output of A is still unacknowledged
        _ack(a_acks[-1:])
        await _turns()
        # A and B in one commit (B was acknowledged already), never B before A.
        assert consumer.commits == [{_tp(0): 4, _tp(1): 1}]
        serving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await serving

    asyncio.run(scenario())


def test_a_failed_ack_ends_the_stage_and_nothing_after_it_is_committed(stage: ProcessStage) -> None:
    async def scenario() -> None:
        consumer, producer, scorer = Consumer(), Producer(), stage.pipe.scorer
        serving = asyncio.ensure_future(stage.serve(consumer, producer))
        consumer.feed(Rec(2, 10))
        await _turns()
        scorer.score(0)
        await _turns()
        consumer.feed(Rec(2, 11))
        await _turns()
        scorer.score(1)
        await _turns()
        _ack(producer.acks("c2-11"))
        first, second = producer.acks("c2-10")
        second.set_result(None)
        first.set_exception(KafkaTimeoutError())
        with pytest.raises(KafkaTimeoutError):
            await asyncio.wait_for(serving, 5)
        assert consumer.commits == []  # the failed batch and the one after it are replayed

    asyncio.run(scenario())


def test_a_rebalance_waits_until_what_was_taken_is_committed(stage: ProcessStage) -> None:
    async def scenario() -> None:
        consumer, producer, scorer = Consumer(), Producer(), stage.pipe.scorer
        serving = asyncio.ensure_future(stage.serve(consumer, producer))
        consumer.feed(Rec(4, 0), Rec(4, 1))
        await _turns()
        drained = asyncio.ensure_future(stage.drain())
        consumer.feed(Rec(4, 2))  # fetched during the drain: left for the next owner
        await _turns()
        assert not drained.done()
        scorer.score(0)
        await _turns()
        assert not drained.done()  # produced, not yet acknowledged
        _ack([ack for _, _, ack in producer.sent])
        await asyncio.wait_for(drained, 5)
        assert consumer.commits == [{_tp(4): 2}]
        assert len(scorer.submitted) == 1  # nothing else was taken
        serving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await serving

    asyncio.run(scenario())


def test_the_next_batch_waits_in_the_child_not_in_the_worker(stage: ProcessStage) -> None:
    """Two batches are handed over at a time: one scored, one queued behind it, so the child
    never waits for the worker to validate and submit; the third waits for a free place, and
    outputs are produced in the order the batches were taken."""
    async def scenario() -> None:
        consumer, producer, scorer = Consumer(), Producer(), stage.pipe.scorer
        serving = asyncio.ensure_future(stage.serve(consumer, producer))
        consumer.feed(Rec(0, 0))  # A
        await _turns()
        consumer.feed(Rec(0, 1), Rec(1, 0))  # B: handed over while A is being scored
        await _turns()
        assert [len(texts) for texts, _ in scorer.submitted] == [1, 2]
        consumer.feed(Rec(2, 0))  # C: no room until A's scores are back
        await _turns()
        assert len(scorer.submitted) == 2
        scorer.score(1)  # B's scores first: nothing is produced before A's
        await _turns()
        assert producer.sent == [] and len(scorer.submitted) == 2
        scorer.score(0)
        await _turns()
        assert len(scorer.submitted) == 3  # C went in as soon as A left
        ids = [json.loads(value)["id"] for topic, value, _ in producer.sent if "scored" in topic]
        assert ids == ["c0-0", "c0-1", "c1-0"]  # A, then B
        serving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await serving

    asyncio.run(scenario())
