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
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError

from stream.app import Pipeline, PulsenApp
from stream.kafka import client_options, follow_topic, lag, make_producer
from stream.processing import BatchResult, process_batch

log = logging.getLogger(__name__)


def group_id(app_id: str) -> str:
    """The consumer group of the hot path (Faust's own group, ``app_id``, stays empty)."""
    return f"{app_id}-process"


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, pipe: Pipeline, in_flight: asyncio.Lock) -> None:
        self._pipe = pipe
        self._in_flight = in_flight

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        # The batch in flight finishes and commits before the partitions move, so the next
        # owner starts right after it instead of replaying it.
        async with self._in_flight:
            self._pipe.owned_partitions = set()

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self._pipe.owned_partitions = {tp.partition for tp in assigned}
        log.info("process: assigned raw partitions %s", sorted(self._pipe.owned_partitions))


class ProcessStage:
    """The hot-path loop of one worker; :meth:`run` runs until cancelled."""

    def __init__(self, pipe: Pipeline) -> None:
        self.pipe = pipe
        self.dead_keys: set[bytes] = set()
        self.dlq_ready = asyncio.Event()
        self._in_flight = asyncio.Lock()

    async def follow_dead_letters(self) -> None:
        """Dead-lettering is idempotent: a record re-read after a crash must not land on the
        DLQ twice, so every worker follows the DLQ's keys and processing waits for them."""
        await follow_topic(self.pipe.settings, self.pipe.topics.dlq,
                           lambda r: self.dead_keys.add(r.key or b""), self.dlq_ready.set,
                           fetch_max_wait_ms=100)

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
        consumer.subscribe([t.raw], listener=_Rebalance(self.pipe, self._in_flight))
        try:
            # The group join runs meanwhile; nothing is processed before the DLQ's keys are
            # known and the newest model checkpoint is restored.
            await self.dlq_ready.wait()
            await self.pipe.model_ready.wait()
            while True:
                batches = await consumer.getmany(timeout_ms=500, max_records=s.score_batch_size)
                if batches:
                    async with self._in_flight:
                        await self._handle(consumer, producer, batches)
                behind = await lag(consumer, list(consumer.assignment()))
                if behind is not None:
                    self.pipe.consumer_lag = {t.raw: behind}
        finally:
            self.pipe.owned_partitions = set()
            self.pipe.consumer_lag = {}
            await consumer.stop()
            await producer.stop()

    async def _handle(self, consumer: AIOKafkaConsumer, producer: object,
                      batches: dict[TopicPartition, list]) -> None:
        pipe, t = self.pipe, self.pipe.topics
        records = [r for part in batches.values() for r in part]
        now = datetime.now(UTC)
        result = process_batch(records, pipe.model, now,
                               timedelta(seconds=pipe.settings.max_future_skew_s),
                               self.dead_keys)
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
            await consumer.commit({tp: part[-1].offset + 1 for tp, part in batches.items()})
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
