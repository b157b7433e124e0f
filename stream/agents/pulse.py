"""Pulse: every worker reads all of pulse.scored into its view; owners publish snapshots.

The view is rebuilt from the scored log at start (de-duplicated by comment id), so the
counts do not depend on a table restore that trusts ListOffsets, which the embedded broker
answers short of the log end.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import faust
from faust.exceptions import NotReady
import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.partitioner import DefaultPartitioner

from schemas import PulseSnapshot
from schemas.vocabulary import NATIONAL
from stream.app import Pipeline
from stream.kafka import client_options, lag
from stream.pulse.windows import period

log = logging.getLogger(__name__)

_partitioner = DefaultPartitioner()


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def _feed_view(pipe: Pipeline) -> None:
    topic = pipe.topics.scored
    consumer = AIOKafkaConsumer(
        **client_options(pipe.settings), group_id=None, enable_auto_commit=False,
        auto_offset_reset="earliest", fetch_max_wait_ms=50,
    )
    await consumer.start()
    try:
        partitions = None
        while not partitions:
            partitions = consumer.partitions_for_topic(topic)
            if not partitions:
                await consumer.client.force_metadata_update()
                await asyncio.sleep(0.2)
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        log.info("pulse view reading %s from the beginning (%d partitions)", topic, len(tps))
        view, metrics = pipe.view, pipe.metrics
        while True:
            batches = await consumer.getmany(timeout_ms=200, max_records=5000)
            now = datetime.now(UTC)
            for records in batches.values():
                for record in records:
                    # Our own producers wrote these; orjson is several times faster than
                    # re-validating every field with pydantic on this hot path.
                    data = orjson.loads(record.value)
                    created = _parse_time(data["created_at"])
                    appended = data.get("appended_at")
                    if view.add(data["id"], data["municipality"], created, data["labels"], now,
                                channel=data.get("channel"),
                                appended_at=_parse_time(appended) if appended else None):
                        metrics.events.labels("counted").inc()
                        pipe.recent.add(data["municipality"], created, data["text"],
                                        data["labels"])
                        metrics.latency.observe((now - created).total_seconds())
                    else:
                        metrics.duplicates.inc()
            behind = await lag(consumer, tps)
            if behind is not None:
                metrics.view_lag.set(behind)
            if not pipe.view_caught_up and behind == 0:
                pipe.view_caught_up = True
                log.info("pulse view caught up: %d comments", view.tally("all", None, now).comments)
    finally:
        await consumer.stop()


def owned_municipalities(app: faust.App, pipe: Pipeline) -> tuple[set[int], bool]:
    """Partitions of pulse.comments this worker owns, and whether it owns the national view."""
    mine = {tp.partition for tp in app.consumer.assignment() if tp.topic == pipe.topics.comments}
    return mine, 0 in mine


def register(app: faust.App, pipe: Pipeline) -> None:
    metrics_topic = app.topic(pipe.topics.metrics, key_serializer="raw", value_serializer="raw")
    last_sent: dict[tuple[str, str], int] = {}

    @app.task
    async def feed_view() -> None:
        await _feed_view(pipe)

    @app.timer(pipe.settings.snapshot_interval_s)
    async def publish_snapshots() -> None:
        # Each snapshot has one publisher: the worker owning the municipality's partition
        # (national: partition 0), so snapshots are not multiplied by the worker count.
        if not pipe.view_caught_up or app.producer.should_stop:
            return  # still catching up, or shutting down
        mine, national = owned_municipalities(app, pipe)
        now = datetime.now(UTC)
        n_parts = pipe.settings.partitions
        for muni in [NATIONAL, *pipe.view.municipalities]:
            if muni == NATIONAL:
                if not national:
                    continue
            elif _partitioner(muni.encode(), list(range(n_parts)), list(range(n_parts))) not in mine:
                continue
            for window in pipe.view.windows:
                tally = pipe.view.tally(window, None if muni == NATIONAL else muni, now)
                fingerprint = hash((tally.comments, frozenset(tally.counts.items())))
                if last_sent.get((window, muni)) == fingerprint:
                    continue
                last_sent[(window, muni)] = fingerprint
                span = period(window, now)
                snap = PulseSnapshot(
                    window=window, municipality=muni, comments=tally.comments,
                    areas={a: {k: v[k] for k in ("n", "counts", "shares")}
                           for a, v in tally.to_dict()["areas"].items()},
                    window_start=span.start if span else None,
                    window_end=span.end if span else None, generated_at=now)
                try:
                    await metrics_topic.send(key=f"{window}/{muni}".encode(),
                                             value=snap.model_dump_json().encode())
                except NotReady:  # the worker is stopping; the next owner publishes
                    return
