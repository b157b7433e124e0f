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
import time
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
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
        await self._stage.drain()
        self._stage.pipe.owned_partitions = set()

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        pipe = self._stage.pipe
        pipe.owned_partitions = {tp.partition for tp in assigned}
        log.info("process: assigned raw partitions %s", sorted(pipe.owned_partitions))


@dataclass
class _Batch:
    """Records taken from the raw topic together, from scoring to their commit."""

    offsets: dict[TopicPartition, int]  # what to commit once its output is durable
    prepared: Prepared
    scores: asyncio.Future[Scored] | None  # None: nothing in it to score
    scorer: tuple[object, int] = (None, 0)  # the scorer and generation it was submitted to
    result: BatchResult | None = None  # its output records, once scored
    acks: list[asyncio.Future[Any]] = field(default_factory=list)  # one per produced record


class ProcessStage:
    """The hot path of one worker; :meth:`run` runs until cancelled.

    Three loops share the stage, so that no comment waits for work that is not its own:

    - *fetch* takes records off the consumer as soon as they arrive. (aiokafka sends the next
      fetch only once the records of the last one were taken: records left in its buffer
      while the loop produced and committed waited there a whole turn.)
    - *score* keeps the scorer busy, self-clocked, with up to ``SCORING_BATCHES`` batches
      handed over: when a batch's scores are back, everything fetched meanwhile is submitted
      at once as the next batch, and only then is the scored batch's output produced. With
      two handed over, the child starts on the next batch the moment it finishes one,
      instead of waiting while this loop validates, redacts and submits it (the child idled
      a third of the time at 2,000/s with one). Its batches are as small as the scorer's
      speed allows, and grow by themselves under load.
    - *commit* waits for the acknowledgements of every output of a batch, in the order the
      batches were taken, and only then commits their offsets; batches already acknowledged
      by then go into the same commit. Waiting for acks no longer holds up the next batch.

    A failed acknowledgement ends the stage with the error, nothing after it is committed,
    and the batch is replayed by the partition's next owner (the pulse view counts each
    comment id once). A rebalance first drains the stage (:meth:`drain`).
    """

    # Records fetched but not yet scored, at most: beyond it the rest waits at the broker.
    FETCHED_BATCHES = 2
    # Batches handed to a scorer that runs beside the event loop (the child) and not yet
    # scored: one being scored, one queued behind it.
    SCORING_BATCHES = 2
    LAG_EVERY_S = 0.5

    def __init__(self, pipe: Pipeline) -> None:
        self.pipe = pipe
        self.dead_keys: set[bytes] = set()
        self.dlq_ready = asyncio.Event()
        self.draining = False
        self._scorer_failures = 0
        self._fetched: list[ConsumerRecord] = []  # taken off the consumer, not yet scored
        self._fetched_any = asyncio.Event()
        self._room = asyncio.Event()
        self._to_commit: deque[_Batch] = deque()  # produced, in the order they were taken
        self._to_commit_any = asyncio.Event()
        self._unfinished = 0  # batches taken and not yet committed
        self._idle = asyncio.Event()  # no batch unfinished (or the stage stopped)
        self._idle.set()
        self._scoring: deque[_Batch] = deque()  # handed to the scorer, in submission order
        self._lag_at = 0.0

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
        try:
            # The group join runs meanwhile; nothing is processed before the DLQ's keys are
            # known and the newest model checkpoint is restored.
            await self.dlq_ready.wait()
            await self.pipe.model_ready.wait()
            await self.serve(consumer, producer)
        finally:
            self.pipe.owned_partitions = set()
            self.pipe.consumer_lag = {}
            await consumer.stop()
            await producer.stop()

    async def serve(self, consumer: Any, producer: Any) -> None:
        """The three loops, until one fails or the stage is cancelled."""
        tasks = [asyncio.ensure_future(loop) for loop in (
            self._fetch(consumer), self._score(producer), self._commit(consumer))]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()  # the first failure, raised
            raise RuntimeError("the hot path's loops ended")  # they never return
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for batch in self._scoring:
                if batch.scores is not None:
                    batch.scores.cancel()
            self._scoring.clear()
            self._fetched.clear()
            self._to_commit.clear()
            self._unfinished = 0
            self._idle.set()  # a rebalance waiting for a drain does not wait for us

    async def drain(self) -> None:
        """Finish and commit every batch taken; what was fetched and not yet taken is left
        for the partitions' next owner (it is after the last commit)."""
        self.draining = True
        self._fetched.clear()
        self._room.set()
        try:
            await self._idle.wait()
        finally:
            self._fetched.clear()
            self.draining = False

    # -- fetch ---------------------------------------------------------------------------

    async def _fetch(self, consumer: Any) -> None:
        limit = self.FETCHED_BATCHES * self.pipe.settings.score_batch_size
        while True:
            if len(self._fetched) >= limit:  # the scorer is behind
                self._room.clear()
                await self._room.wait()
                continue
            batches = await consumer.getmany(timeout_ms=500,
                                             max_records=self.pipe.settings.score_batch_size)
            if batches and not self.draining:
                for records in batches.values():
                    self._fetched.extend(records)
                self._fetched_any.set()
                if self._scoring:
                    self._hand_over()  # the score loop waits for scores: queue these behind
            await self._measure_lag(consumer)

    async def _measure_lag(self, consumer: Any) -> None:
        now = time.monotonic()
        if now - self._lag_at < self.LAG_EVERY_S:
            return
        self._lag_at = now
        behind = await lag(consumer, list(consumer.assignment()))
        if behind is not None:
            self.pipe.consumer_lag = {self.pipe.topics.raw: behind + len(self._fetched)}

    def _take(self) -> dict[TopicPartition, list[ConsumerRecord]]:
        n = self.pipe.settings.score_batch_size
        taken, self._fetched = self._fetched[:n], self._fetched[n:]
        self._room.set()
        batches: dict[TopicPartition, list[ConsumerRecord]] = {}
        for record in taken:
            batches.setdefault(TopicPartition(record.topic, record.partition), []).append(record)
        return batches

    # -- score and produce ---------------------------------------------------------------

    async def _score(self, producer: Any) -> None:
        scoring = self._scoring
        while True:
            self._hand_over()
            while not scoring:
                self._fetched_any.clear()
                await self._fetched_any.wait()
                self._hand_over()
            batch = scoring[0]
            scored = None if batch.scores is None else await self._scores(batch)
            scoring.popleft()
            # Give the scorer what was fetched meanwhile before producing this batch (a
            # scorer in the event loop scores at submit, so that waits its turn).
            self._hand_over()
            await self._produce(producer, batch, scored)
            self._to_commit.append(batch)
            self._to_commit_any.set()

    def _hand_over(self) -> None:
        """Submit what was fetched as one more batch, while the scorer has room for it (one
        batch for a scorer in the event loop: it scores at submit)."""
        room = self.SCORING_BATCHES if self.pipe.scorer.concurrent else 1
        if self._fetched and not self.draining and len(self._scoring) < room:
            self._scoring.append(self._start(self._take()))

    def _start(self, batches: dict[TopicPartition, list[ConsumerRecord]]) -> _Batch:
        pipe = self.pipe
        records = [r for part in batches.values() for r in part]
        prepared = prepare_batch(records, datetime.now(UTC),
                                 timedelta(seconds=pipe.settings.max_future_skew_s),
                                 self.dead_keys)
        scores = pipe.scorer.submit(prepared.texts) if prepared.good else None
        self._unfinished += 1
        self._idle.clear()
        return _Batch({tp: part[-1].offset + 1 for tp, part in batches.items()}, prepared, scores,
                      (pipe.scorer, pipe.scorer.generation))

    async def _scores(self, batch: _Batch) -> Scored:
        assert batch.scores is not None
        future, source, pipe = batch.scores, batch.scorer, self.pipe
        while True:
            try:
                scored = await future
            except BrokenProcessPool:
                if pipe.stopping:
                    # The child went with the shutdown; the batch stays uncommitted and is
                    # read again by whoever owns the partition next.
                    log.info("process: the scoring child stopped with the worker")
                    raise asyncio.CancelledError from None
                # The scorer's child died (killed, out of memory). The first batch to find
                # out starts a new child from this worker's replica (the third death in a row
                # falls back to scoring here); a batch behind it, sent to the same dead
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
                future = batch.scores = pipe.scorer.submit(batch.prepared.texts)
                continue
            self._scorer_failures = 0
            return scored

    async def _produce(self, producer: Any, batch: _Batch, scored: Scored | None) -> None:
        t = self.pipe.topics
        if scored is None:
            result = batch.prepared.result
        else:
            version, predictions = scored
            result = finish_batch(batch.prepared, predictions, version)
        batch.result, acks = result, batch.acks
        for out in result.comments:
            acks.append(await producer.send(t.comments, out.value, key=out.key,
                                            headers=out.headers))
        for out in result.scored:
            acks.append(await producer.send(t.scored, out.value, key=out.key))
        for out, letter in result.dead:
            self.dead_keys.add(out.key)
            acks.append(await producer.send(t.dlq, out.value, key=out.key))
            log.warning("dead-lettered %s/%s@%s: %s", letter.source.topic,
                        letter.source.partition, letter.source.offset, letter.reason)

    # -- commit --------------------------------------------------------------------------

    async def _commit(self, consumer: Any) -> None:
        queue = self._to_commit
        while True:
            while not queue:
                self._to_commit_any.clear()
                await self._to_commit_any.wait()
            # Durable first, then committed: a crash in between replays the batch, never
            # loses it. A failed ack raises here, and nothing from this batch on is committed.
            await asyncio.gather(*queue[0].acks)
            batches = [queue.popleft()]
            while queue and all(_acked(f) for f in queue[0].acks):
                batches.append(queue.popleft())  # acknowledged already: same commit
            offsets: dict[TopicPartition, int] = {}
            for batch in batches:
                offsets.update(batch.offsets)
            try:
                await consumer.commit(offsets)
            except (CommitFailedError, IllegalStateError) as exc:
                # The partitions moved (e.g. a missed heartbeat): their next owner replays
                # the batch and the replay is de-duplicated downstream.
                log.warning("process: commit failed after a rebalance, batch will be replayed:"
                            " %s", exc)
            for batch in batches:
                assert batch.result is not None
                self._count(batch.result)
            self._unfinished -= len(batches)
            if not self._unfinished:
                self._idle.set()

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


def _acked(future: asyncio.Future[Any]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def register(app: PulsenApp, pipe: Pipeline) -> None:
    stage = ProcessStage(pipe)

    @app.early_task
    async def follow_dead_letters() -> None:
        await stage.follow_dead_letters()

    @app.early_task
    async def process() -> None:
        await stage.run()
