"""aiokafka clients built from settings: connection options, topic creation, true log ends."""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError
from aiokafka.partitioner import DefaultPartitioner

from stream.settings import Settings
from stream.topics import Topics

log = logging.getLogger(__name__)

_TOPIC_EXISTS = 36
_partitioner = DefaultPartitioner()

# Fetch wait of the background readers whose records may arrive half a second late (dead
# letters, alerts, labels). An idle consumer polls about 1,000 / wait times a second and
# every poll costs the broker and the worker: three idle readers of 6 partitions took the
# embedded broker 4.6 % of a core at 100 ms and 1.0 % at 500 ms (0.5 % at 1,000 ms; client
# side 2.5 % → 1.0 %). Tansu answers at once when a partition has records, so this delays
# only the first record after a quiet spell (by ≤ 250 ms: it re-checks at half the wait).
BACKGROUND_FETCH_WAIT_MS = 500


def owner_partition(municipality: str, partitions: int) -> int:
    """The partition a municipality's comments are keyed to; its owner in the consumer
    group publishes that municipality's snapshots and alerts (national: partition 0)."""
    if municipality == "all":
        return 0
    every = list(range(partitions))
    return _partitioner(municipality.encode(), every, every)


def client_options(settings: Settings) -> dict[str, Any]:
    """Connection and security options shared by every aiokafka client."""
    opts: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol,
    }
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        opts["ssl_context"] = ssl.create_default_context(cafile=settings.ssl_cafile)
    if settings.security_protocol.startswith("SASL"):
        opts["sasl_mechanism"] = settings.sasl_mechanism or "PLAIN"
        opts["sasl_plain_username"] = settings.sasl_username
        opts["sasl_plain_password"] = (
            settings.sasl_password.get_secret_value() if settings.sasl_password else None
        )
    return opts


def topics_for(settings: Settings) -> Topics:
    return Topics(prefix=settings.topic_prefix, partitions=settings.partitions,
                  output_partitions=settings.output_partitions)


async def ensure_topics(settings: Settings, retries: int = 20) -> list[str]:
    """Create every Pulsen topic that does not exist yet; return the names created.

    Producers must never auto-create a topic (Tansu would give it 4 partitions), so every
    command that produces calls this first.
    """
    specs = topics_for(settings).specs()
    admin = AIOKafkaAdminClient(**client_options(settings))
    for attempt in range(retries):
        try:
            await admin.start()
            break
        except KafkaConnectionError:
            if attempt == retries - 1:
                raise
            await asyncio.sleep(0.5)
    try:
        existing = set(await admin.list_topics())
        wanted = [s for s in specs if s.name not in existing]
        if not wanted:
            return []
        response = await admin.create_topics(
            [NewTopic(s.name, s.partitions, settings.replication_factor,
                      topic_configs=dict(s.config)) for s in wanted]
        )
        created = []
        for name, code, message in ((e[0], e[1], e[2]) for e in response.topic_errors):
            if code == 0:
                created.append(name)
            elif code != _TOPIC_EXISTS:  # lost a race with another worker: fine
                raise RuntimeError(f"cannot create topic {name}: {message} (error {code})")
        if created:
            log.info("created topics %s", ", ".join(created))
        return created
    finally:
        await admin.close()


def make_producer(settings: Settings, **extra: Any) -> AIOKafkaProducer:
    """A producer with the configured linger and batch size.

    The batch size matters on the embedded broker: Tansu's memory engine stores every record
    batch as an object and lists all of a partition's batches on every fetch that finds data,
    so a fetch costs more the more batches the partition holds (DESIGN.md, "Known
    behaviour"). With aiokafka's default of 16 KB a hot-path batch of 256 scored comments
    (~860 bytes, ~37 KB per partition) left as ~27 broker batches, 4.5 per partition
    (measured at 2,000/s, benchmarks/README.md); 256 KB keeps it to one per partition.
    """
    options: dict[str, Any] = {"linger_ms": settings.producer_linger_ms,
                               "max_batch_size": settings.producer_batch_bytes, **extra}
    return AIOKafkaProducer(**client_options(settings), **options)


async def lag(consumer: AIOKafkaConsumer, tps: list[TopicPartition]) -> int | None:
    """Records between the consumer's position and the true log end; None until known.

    ListOffsets on Tansu answers the last batch's base offset + 1, short of the log end,
    so the end used here is the high watermark that Fetch responses carry
    (``consumer.highwater``), which is right on every broker.
    """
    total = 0
    for tp in tps:
        high = consumer.highwater(tp)
        if high is None:
            return None
        total += max(0, high - await consumer.position(tp))
    return total


async def read_to_end(settings: Settings, topic: str, timeout_s: float = 30.0,
                      **consumer_options: Any) -> list[ConsumerRecord]:
    """Every record of every partition of ``topic``, from the beginning to the true end
    (Fetch high watermarks, not ListOffsets), outside any group."""
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None,
                                enable_auto_commit=False, fetch_max_wait_ms=50,
                                **consumer_options)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        records: list[ConsumerRecord] = []
        deadline = asyncio.get_running_loop().time() + timeout_s
        while asyncio.get_running_loop().time() < deadline:
            for batch in (await consumer.getmany(timeout_ms=300)).values():
                records.extend(batch)
            if await lag(consumer, tps) == 0:
                return records
        raise RuntimeError(f"could not read {topic} to its end within {timeout_s:.0f} s")
    finally:
        await consumer.stop()


async def follow_topic(
    settings: Settings,
    topic: str,
    on_record: Callable[[ConsumerRecord], None],
    on_caught_up: Callable[[], None] = lambda: None,
    on_lag: Callable[[int], None] = lambda _lag: None,
    fetch_max_wait_ms: int = 50,
    max_records: int = 500,
) -> None:
    """Read every partition of ``topic`` from the beginning, forever, outside any group.

    This is how every worker builds its read models (pulse view, alert book, dead-letter
    keys) from a log: the same records in each partition's order on every worker, with
    ``on_caught_up`` called once the true end (high watermark) was first reached.

    ``on_record`` runs on the event loop that also runs the hot path, so records are handed
    over at most ``max_records`` at a time and the loop is given back after each batch:
    a getmany whose records are already buffered returns without suspending, and 5,000
    records of the pulse view (~14 µs each) held the loop for ~70 ms.
    """
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None,
                                enable_auto_commit=False, auto_offset_reset="earliest",
                                fetch_max_wait_ms=fetch_max_wait_ms)
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic)
        while not partitions:
            await consumer.client.force_metadata_update()
            await asyncio.sleep(0.2)
            partitions = consumer.partitions_for_topic(topic)
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        caught_up = False
        while True:
            batches = await consumer.getmany(timeout_ms=200, max_records=max_records)
            for records in batches.values():
                for record in records:
                    on_record(record)
            if batches:
                await asyncio.sleep(0)  # let the hot path in between batches
            behind = await lag(consumer, tps)
            if behind is not None:
                on_lag(behind)
                if behind == 0 and not caught_up:
                    caught_up = True
                    on_caught_up()
    finally:
        await consumer.stop()
