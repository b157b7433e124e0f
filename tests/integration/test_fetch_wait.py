"""The embedded broker's fetch wait, measured: why ``PULSE_FETCH_MAX_WAIT_MS`` is at least 1."""

from __future__ import annotations

import asyncio

import pydantic
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from stream.kafka import client_options
from stream.settings import Settings

pytestmark = pytest.mark.integration


async def _records_seen(settings: Settings, topic: str, wait_ms: int) -> int:
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None,
                                enable_auto_commit=False, fetch_max_wait_ms=wait_ms)
    await consumer.start()
    try:
        tp = TopicPartition(topic, 0)
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        batches = await consumer.getmany(timeout_ms=1500)
        return sum(map(len, batches.values()))
    finally:
        await consumer.stop()


def test_a_fetch_that_may_not_wait_gets_nothing_so_settings_refuse_it(settings: Settings) -> None:
    topic = f"{settings.topic_prefix}.fetch-wait"

    async def run() -> tuple[int, int]:
        producer = AIOKafkaProducer(**client_options(settings))
        await producer.start()
        try:
            for i in range(3):
                await (await producer.send(topic, b"x%d" % i, partition=0))
        finally:
            await producer.stop()
        return await _records_seen(settings, topic, 0), await _records_seen(settings, topic, 1)

    at_0, at_1 = asyncio.run(run())
    # Tansu loops "while waited < max_wait": a 0 ms fetch never reads its partitions.
    assert (at_0, at_1) == (0, 3)
    with pytest.raises(pydantic.ValidationError, match="fetch_max_wait_ms"):
        Settings(fetch_max_wait_ms=0)
