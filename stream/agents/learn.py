"""Learn: every worker replays pulse.labels into its own replica of the model.

Labels sit on one partition, so every replica learns the same labels in the same order and
reaches the same version: one writer per model, no model shipping on the hot path. One worker
(the owner of partition 0 of pulse.comments.raw) writes checkpoints to pulse.model, so a starting
worker loads the newest checkpoint and replays only the labels after it.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError

from schemas import LabelEvent
from stream.app import Pipeline, PulsenApp
from stream.kafka import BACKGROUND_FETCH_WAIT_MS, client_options, make_producer, read_to_end
from stream.model.health import ModelHealth
from stream.scorer import InlineScorer, make_scorer

log = logging.getLogger(__name__)

# Labels learned per step before yielding to the event loop, so scoring never waits long.
LEARN_STEP = 20


@dataclass
class Checkpoint:
    """A model replica with the health figures and the next label offset it includes."""

    model_bytes: bytes
    health: ModelHealth
    next_offset: int

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(data: bytes) -> Checkpoint:
        value = pickle.loads(data)
        if not isinstance(value, Checkpoint):
            raise TypeError("not a Pulsen model checkpoint")
        return value


def base_of(version: str) -> str:
    return version.split("+", 1)[0]


async def _read_latest(pipe: Pipeline) -> bytes | None:
    """The newest checkpoint on pulse.model (one partition), read to its true end."""
    records = await read_to_end(pipe.settings, pipe.topics.model,
                                max_partition_fetch_bytes=64 * 1024 * 1024)
    return records[-1].value if records else None


class Learner:
    """Feeds labels to this worker's model replica, predicting before learning."""

    def __init__(self, pipe: Pipeline) -> None:
        self.pipe = pipe
        self.lock = asyncio.Lock()
        self.next_offset = 0
        self.invalid = 0
        self.checkpointed_at = 0  # nothing learned yet: nothing to checkpoint

    async def restore(self) -> None:
        data = await _read_latest(self.pipe)
        if data is None:
            return
        ckpt = Checkpoint.loads(data)
        model = type(self.pipe.model).loads(ckpt.model_bytes)
        if base_of(model.version) != base_of(self.pipe.model.version):
            log.warning("ignoring checkpoint %s: the start-up model is %s; replaying all labels",
                        model.version, self.pipe.model.version)
            return
        self.pipe.model, self.pipe.health = model, ckpt.health
        if self.pipe.scorer is not None:
            self.pipe.scorer.load(model)
        self.next_offset = self.checkpointed_at = ckpt.next_offset
        log.info("model %s restored from checkpoint (labels up to offset %d)",
                 model.version, ckpt.next_offset)

    def learn(self, value: bytes, offset: int) -> tuple[str, dict[str, str]] | None:
        """Predict, then learn one label record; the (text, labels) learned, if valid."""
        self.next_offset = offset + 1
        try:
            label = LabelEvent.model_validate_json(value)
        except ValidationError as exc:
            self.invalid += 1
            self.pipe.metrics.events.labels("label_invalid").inc()
            log.warning("ignored invalid label at offset %d: %s", offset,
                        exc.errors(include_url=False)[0]["msg"])
            return None
        model = self.pipe.model
        predicted = model.predict_one(label.text).labels
        self.pipe.health.update(label.labels, predicted)
        labels = dict(label.labels)
        model.learn_one(label.text, labels)
        self.pipe.metrics.events.labels("label_learned").inc()
        return label.text, labels

    async def run(self) -> None:
        pipe = self.pipe
        try:
            if pipe.scorer is None:  # `pulse worker` starts it earlier, with the model
                pipe.scorer = make_scorer(pipe.settings.score_process, lambda: pipe.model)
            await self.restore()
        finally:
            # Scoring waits for the restored model; a failed restore (logged by the task)
            # must not hold it up forever: it scores with the start-up model instead.
            if pipe.scorer is None:
                pipe.scorer = InlineScorer(lambda: pipe.model)
            pipe.model_ready.set()
        tp = TopicPartition(self.pipe.topics.labels, 0)
        consumer = AIOKafkaConsumer(**client_options(self.pipe.settings), group_id=None,
                                    enable_auto_commit=False,
                                    fetch_max_wait_ms=BACKGROUND_FETCH_WAIT_MS)
        await consumer.start()
        try:
            consumer.assign([tp])
            consumer.seek(tp, self.next_offset)
            while True:
                batches = await consumer.getmany(tp, timeout_ms=500, max_records=500)
                learned = []
                for i, record in enumerate(batches.get(tp, [])):
                    async with self.lock:
                        if (item := self.learn(record.value, record.offset)) is not None:
                            learned.append(item)
                    if i % LEARN_STEP == LEARN_STEP - 1:
                        pipe.scorer.learned(learned)  # the scoring replica follows, in order
                        learned = []
                        await asyncio.sleep(0)
                pipe.scorer.learned(learned)
        finally:
            await consumer.stop()

    async def checkpoint(self, producer: Any) -> bool:
        """Write a checkpoint if labels were learned since the last one."""
        if self.next_offset == self.checkpointed_at:
            return False
        loop = asyncio.get_running_loop()
        async with self.lock:  # learning waits; scoring (read-only) goes on
            offset, health = self.next_offset, self.pipe.health
            model_bytes = await loop.run_in_executor(None, self.pipe.model.dumps)
            ckpt = Checkpoint(model_bytes, pickle.loads(pickle.dumps(health)), offset)
        data = await loop.run_in_executor(None, ckpt.dumps)
        await producer.send_and_wait(self.pipe.topics.model, data, key=b"model")
        self.checkpointed_at = offset
        log.info("model checkpoint %s written (%d bytes, labels up to offset %d)",
                 self.pipe.model.version, len(data), offset)
        return True


def register(app: PulsenApp, pipe: Pipeline) -> None:
    learner = Learner(pipe)
    pipe.learner = learner

    @app.early_task
    async def learn() -> None:
        await learner.run()

    @app.timer(pipe.settings.model_checkpoint_interval_s)
    async def checkpoint() -> None:
        # One checkpoint writer: the worker that owns partition 0 of pulse.comments.raw.
        owned = pipe.owned_partitions
        if 0 not in owned:
            return
        producer = make_producer(pipe.settings, max_request_size=64 * 1024 * 1024)
        await producer.start()
        try:
            await learner.checkpoint(producer)
        finally:
            await producer.stop()
