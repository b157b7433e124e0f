"""Process: the hot path, pulse.comments.raw → pulse.comments + pulse.scored (or the DLQ).

Every worker is a member of one consumer group on ``pulse.comments.raw``. It reads batches
with aiokafka's ``getmany``, validates, redacts and scores a whole batch with one model call
(:func:`stream.processing.process_batch`), produces the results, waits until the broker has
acknowledged every one of them and only then commits the batch's offsets. That is
at-least-once; what a crash replays is harmless because the pulse view counts each comment
id once and a dead letter is keyed by its source record's coordinates.

Why not two Faust agents (ingest, then score): Faust's per-event machinery costs about
75 µs per record and every hop through a topic pays it again; one batched hop does the same
work at a fraction of the cost (benchmarks/README.md). ``pulse.comments`` is still written,
for the tools that read redacted comments.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError

from stream.app import Pipeline, PulsenApp
from stream.kafka import BACKGROUND_FETCH_WAIT_MS, client_options, follow_topic, lag, make_producer
from stream.processing import BatchResult, Prepared, finish_batch, prepare_batch
from stream.scorer import InlineScorer, Scored

log = logging.getLogger(__name__)


def group_id(app_id: str) -> str:
    """The consumer group of the hot path (Faust's own group, ``app_id``, stays empty)."""
    return f"{app_id}-process"


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, stage: ProcessStage) -> None:
        self._stage = stage

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        # The batches in flight finish and commit before the partitions move, so the next
        # owner starts right after them instead of replaying them.
        stage = self._stage
        stage.draining = True
        try:
            async with stage.in_flight:
                stage.pipe.owned_partitions = set()
        finally:
            stage.draining = False

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        pipe = self._stage.pipe
        pipe.owned_partitions = {tp.partition for tp in assigned}
        log.info("process: assigned raw partitions %s", sorted(pipe.owned_partitions))


@dataclass
class _Batch:
    """A batch read and prepared, its scores on the way."""

    offsets: dict[TopicPartition, int]  # what to commit once its output is durable
    prepared: Prepared
    scores: asyncio.Future[Scored] | None  # None: nothing in it to score
    scorer: tuple[object, int] = (None, 0)  # the scorer and generation it was submitted to


class ProcessStage:
    """The hot-path loop of one worker; :meth:`run` runs until cancelled.

    Two batches are in flight at most: while the scorer works on one (in its child process,
    :mod:`stream.scorer`), the loop produces and commits the one before it. ``in_flight`` is
    held while any batch is uncommitted; a rebalance sets ``draining`` and takes it.
    """

    def __init__(self, pipe: Pipeline) -> None:
        self.pipe = pipe
        self.dead_keys: set[bytes] = set()
        self.dlq_ready = asyncio.Event()
        self.in_flight = asyncio.Lock()
        self.draining = False
        self._scorer_failures = 0

    async def follow_dead_letters(self) -> None:
        """Dead-lettering is idempotent: a record re-read after a crash must not land on the
        DLQ twice, so every worker follows the DLQ's keys and processing waits for them."""
        await follow_topic(self.pipe.settings, self.pipe.topics.dlq,
                           lambda r: self.dead_keys.add(r.key or b""), self.dlq_ready.set,
                           fetch_max_wait_ms=BACKGROUND_FETCH_WAIT_MS)

    async def run(self) -> None:
        s, t = self.pipe.settings, self.pipe.topics
        consumer = AIOKafkaConsumer(
            **client_options(s), group_id=group_id(s.app_id), enable_auto_commit=False,
            auto_offset_reset="earliest", fetch_max_wait_ms=s.fetch_max_wait_ms,
            session_timeout_ms=int(s.session_timeout_s * 1000),
            heartbeat_interval_ms=int(s.heartbeat_interval_s * 1000),
            rebalance_timeout_ms=int(max(10.0, s.session_timeout_s * 2) * 1000),
            max_partition_fetch_bytes=4 * 1024 * 1024)
        producer = make_producer(s)
        await producer.start()
        await consumer.start()
        consumer.subscribe([t.raw], listener=_Rebalance(self))
        pending: _Batch | None = None
        held = False  # this loop holds in_flight (a batch is uncommitted)
        try:
            # The group join runs meanwhile; nothing is processed before the DLQ's keys are
            # known and the newest model checkpoint is restored.
            await self.dlq_ready.wait()
            await self.pipe.model_ready.wait()
            while True:
                batches: dict[TopicPartition, list] = {}
                if not (pending and self.draining):
                    # With a batch being scored, only take what is already fetched: waiting
                    # for more would delay the pending batch on a quiet stream.
                    batches = await consumer.getmany(timeout_ms=0 if pending else 500,
                                                     max_records=s.score_batch_size)
                nxt = None
                if batches:
                    if not held:
                        await self.in_flight.acquire()
                        held = True
                    nxt = self._start(batches)
                done, pending = pending, nxt
                if done is not None:
                    await self._finish(consumer, producer, done)
                if pending is None and held:
                    self.in_flight.release()
                    held = False
                behind = await lag(consumer, list(consumer.assignment()))
                if behind is not None:
                    self.pipe.consumer_lag = {t.raw: behind}
        finally:
            if pending is not None and pending.scores is not None:
                pending.scores.cancel()
            if held:
                self.in_flight.release()
            self.pipe.owned_partitions = set()
            self.pipe.consumer_lag = {}
            await consumer.stop()
            await producer.stop()

    def _start(self, batches: dict[TopicPartition, list]) -> _Batch:
        pipe = self.pipe
        records = [r for part in batches.values() for r in part]
        prepared = prepare_batch(records, datetime.now(UTC),
                                 timedelta(seconds=pipe.settings.max_future_skew_s),
                                 self.dead_keys)
        scores = pipe.scorer.submit(prepared.texts) if prepared.good else None
        return _Batch({tp: part[-1].offset + 1 for tp, part in batches.items()}, prepared, scores,
                      (pipe.scorer, pipe.scorer.generation))

    async def _scores(self, batch: _Batch) -> Scored:
        assert batch.scores is not None
        future, source, pipe = batch.scores, batch.scorer, self.pipe
        while True:
            try:
                scored = await future
            except BrokenProcessPool:
                # The scorer's child died (killed, out of memory). The first batch to find
                # out starts a new child from this worker's replica (the third death in a row
                # falls back to scoring here); the batch behind it, sent to the same dead
                # child, is only sent again.
                if source == (pipe.scorer, pipe.scorer.generation):
                    self._scorer_failures += 1
                    if self._scorer_failures >= 3:
                        log.error("process: the scoring child keeps dying; scoring in the worker now")
                        pipe.scorer.close()
                        pipe.scorer = InlineScorer(lambda: pipe.model)
                    else:
                        log.error("process: the scoring child died; starting a new one")
                        pipe.scorer.replace(pipe.model)
                source = (pipe.scorer, pipe.scorer.generation)
                future = pipe.scorer.submit(batch.prepared.texts)
                continue
            self._scorer_failures = 0
            return scored

    async def _finish(self, consumer: AIOKafkaConsumer, producer: object, batch: _Batch) -> None:
        t = self.pipe.topics
        if batch.scores is None:
            result = batch.prepared.result
        else:
            version, predictions = await self._scores(batch)
            result = finish_batch(batch.prepared, predictions, version)
        sent = []
        for out in result.comments:
            sent.append(await producer.send(t.comments, out.value, key=out.key,  # type: ignore[attr-defined]
                                            headers=out.headers))
        for out in result.scored:
            sent.append(await producer.send(t.scored, out.value, key=out.key))  # type: ignore[attr-defined]
        for out, letter in result.dead:
            self.dead_keys.add(out.key)
            sent.append(await producer.send(t.dlq, out.value, key=out.key))  # type: ignore[attr-defined]
            log.warning("dead-lettered %s/%s@%s: %s", letter.source.topic,
                        letter.source.partition, letter.source.offset, letter.reason)
        # Durable first, then committed: a crash in between replays the batch, never loses it.
        await asyncio.gather(*sent)
        try:
            await consumer.commit(batch.offsets)
        except (CommitFailedError, IllegalStateError) as exc:
            # The partitions moved (e.g. a missed heartbeat): their next owner replays the
            # batch and the replay is de-duplicated downstream.
            log.warning("process: commit failed after a rebalance, batch will be replayed: %s",
                        exc)
        self._count(result)

    def _count(self, result: BatchResult) -> None:
        m = self.pipe.metrics
        m.events.labels("ingested").inc(len(result.comments))
        m.events.labels("scored").inc(len(result.scored))
        if result.dead:
            m.events.labels("dead_lettered").inc(len(result.dead))
        if result.dead_repeated:
            m.events.labels("dead_letter_repeated").inc(result.dead_repeated)
        for _, letter in result.dead:
            for err in letter.errors:
                m.dead_letters.labels(err.field.split(".")[0] or "record").inc()
        for kind, n in result.redactions.items():
            m.redactions.labels(kind).inc(n)


def register(app: PulsenApp, pipe: Pipeline) -> None:
    stage = ProcessStage(pipe)

    @app.early_task
    async def follow_dead_letters() -> None:
        await stage.follow_dead_letters()

    @app.early_task
    async def process() -> None:
        await stage.run()
