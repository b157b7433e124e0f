"""Pulse: every worker reads all of pulse.scored into its view; owners publish snapshots.

The view is rebuilt from the scored log at start (de-duplicated by comment id), so the
counts do not depend on a table restore that trusts ListOffsets, which the embedded broker
answers short of the log end.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

import orjson
from aiokafka import ConsumerRecord
from faust.exceptions import NotReady

from schemas import PulseSnapshot
from schemas.vocabulary import NATIONAL
from stream.app import Pipeline, PulsenApp
from stream.kafka import follow_topic, owner_partition
from stream.pulse.windows import period
from stream.runtime import settle_heap

log = logging.getLogger(__name__)



def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)  # Python ≥ 3.11 reads the "Z" suffix


async def _feed_view(pipe: Pipeline, on_caught_up: Callable[[], None] = lambda: None) -> None:
    view, metrics = pipe.view, pipe.metrics

    def count(record: ConsumerRecord) -> None:
        # Our own producers wrote these; orjson is several times faster than re-validating
        # every field with pydantic on this hot path.
        data = orjson.loads(record.value)
        now = datetime.now(UTC)
        created = _parse_time(data["created_at"])
        appended = data.get("appended_at")
        appended_at = _parse_time(appended) if appended else None
        if view.add(data["id"], data["municipality"], created, data["labels"], now,
                    channel=data.get("channel"), appended_at=appended_at):
            metrics.events.labels("counted").inc()
            metrics.latency.observe((now - created).total_seconds())
            if appended_at is not None:
                metrics.append_latency.observe((now - appended_at).total_seconds())
            pipe.recent.add(data["municipality"], created, data["text"], data["labels"])
        else:
            metrics.duplicates.inc()

    def caught_up() -> None:
        pipe.view_caught_up = True
        log.info("pulse view caught up: %d comments",
                 view.tally("all", None, datetime.now(UTC)).comments)
        on_caught_up()

    log.info("pulse view reading %s from the beginning", pipe.topics.scored)
    # The view is the last hop of a comment's latency: fetch as eagerly as the hot path.
    await follow_topic(pipe.settings, pipe.topics.scored, count, caught_up,
                       metrics.view_lag.set, fetch_max_wait_ms=pipe.settings.fetch_max_wait_ms)


def register(app: PulsenApp, pipe: Pipeline) -> None:
    metrics_topic = app.topic(pipe.topics.metrics, key_serializer="raw", value_serializer="raw")
    last_sent: dict[tuple[str, str], int] = {}

    view_rebuilt = asyncio.Event()

    @app.early_task
    async def feed_view() -> None:
        await _feed_view(pipe, view_rebuilt.set)

    @app.early_task
    async def settle_after_start() -> None:
        # The rebuilt view and the restored model live as long as the worker: freeze them,
        # so full collections under load walk only what changed since (runtime.settle_heap).
        await view_rebuilt.wait()
        await pipe.model_ready.wait()
        settle_heap()

    @app.timer(pipe.settings.snapshot_interval_s)
    async def publish_snapshots() -> None:
        # Each snapshot has one publisher: the worker owning the municipality's partition
        # (national: partition 0), so snapshots are not multiplied by the worker count.
        if not pipe.view_caught_up or app.producer.should_stop:
            return  # still catching up, or shutting down
        now = datetime.now(UTC)
        for muni in [NATIONAL, *pipe.view.municipalities]:
            if owner_partition(muni, pipe.settings.partitions) not in pipe.owned_partitions:
                continue
            # One municipality per turn of the event loop: all of them at once (7 windows
            # each) held the hot path up for ~0.6–1 s with a week of history in the view.
            await asyncio.sleep(0)
            if app.producer.should_stop:
                return
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
