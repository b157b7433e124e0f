"""The Faust app, built from settings in one function, with the pipeline's shared parts."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import faust
from faust.auth import SASLCredentials, SSLCredentials

from stream.kafka import topics_for
from stream.metrics import Metrics
from stream.model.health import ModelHealth
from stream.pulse.alerting import AlertBook, RecentComments, minimum_retention
from stream.pulse.spikes import SpikeConfig
from stream.pulse.view import PulseView
from stream.settings import Settings
from stream.topics import Topics

log = logging.getLogger(__name__)


@dataclass
class Pipeline:
    """What the agents and web views share inside one worker process."""

    settings: Settings
    topics: Topics
    model: Any
    metrics: Metrics = field(default_factory=Metrics)
    view: PulseView = field(init=False)
    view_caught_up: bool = False
    health: ModelHealth = field(default_factory=ModelHealth)
    learner: Any = None
    recent: RecentComments = field(default_factory=RecentComments)
    alert_book: AlertBook = field(default_factory=AlertBook)
    alerts_caught_up: bool = False
    spike_config: SpikeConfig = field(init=False)
    # Partitions of pulse.comments.raw this worker's hot path owns; a municipality's
    # snapshots, alerts (and partition 0's model checkpoints) are published by its owner.
    owned_partitions: set[int] = field(default_factory=set)
    # Set once the newest model checkpoint is restored (or there is none): scoring waits.
    model_ready: asyncio.Event = field(default_factory=asyncio.Event)
    consumer_lag: dict[str, int] = field(default_factory=dict)  # hot path, per topic
    scorer: Any = None  # stream.scorer: where the hot path scores (`pulse worker`, else the learner)
    stopping: bool = False  # the app is shutting down

    def __post_init__(self) -> None:
        self.spike_config = self.settings.spike_config()
        self.view = PulseView(
            windows=self.settings.windows,
            lateness=timedelta(seconds=self.settings.allowed_lateness_s),
            dedup_max_ids=self.settings.dedup_max_ids,
            min_retention=minimum_retention(self.spike_config),
        )
        exported = [w for w in self.settings.metrics_windows if w in self.view.windows]
        self.metrics.watch_pulse(lambda: self.view, exported)
        self.metrics.watch_alerts(lambda: self.alert_book.open())
        self.metrics.watch_model(lambda: (self.model.version, self.health.snapshot()))


def _credentials(settings: Settings) -> Any:
    if settings.security_protocol.startswith("SASL"):
        import ssl

        ctx = (ssl.create_default_context(cafile=settings.ssl_cafile)
               if settings.security_protocol == "SASL_SSL" else None)
        return SASLCredentials(
            username=settings.sasl_username,
            password=settings.sasl_password.get_secret_value() if settings.sasl_password else None,
            mechanism=settings.sasl_mechanism or "PLAIN",
            ssl_context=ctx,
        )
    if settings.security_protocol == "SSL":
        import ssl

        return SSLCredentials(ssl.create_default_context(cafile=settings.ssl_cafile))
    return None


FAUST_FETCH_MAX_WAIT_MS = 500  # Faust's own consumer: no topic of ours (_set_fetch_wait)


def _set_fetch_wait(ms: int) -> None:
    """Set the fetch wait of the consumer Faust builds (Faust 0.15 hard-codes 1,500 ms;
    aiokafka reads the value from the consumer when it starts, so it is set before that).

    No Pulsen topic is read through Faust's consumer: the hot path and the log readers have
    aiokafka consumers of their own, and Faust's reads only its group's assignor topic. A
    short wait there buys no latency and costs CPU: an idle consumer polls the embedded broker
    about 1,000 / wait times a second (Tansu holds an empty fetch for the whole wait). At 10 ms
    Faust's consumer made ~90 fetches a second, a third of an idle worker's; a lone consumer
    polling like that took 6 % of a core in the broker and 8 % in the client, on a 2-core
    machine where the broker, the worker and its scoring child compete."""
    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

    original = AIOKafkaConsumerThread._create_worker_consumer
    if getattr(original, "_pulse_patched", False):
        original = original.__wrapped__  # type: ignore[attr-defined]

    def create(self: AIOKafkaConsumerThread, transport: Any) -> Any:
        consumer = original(self, transport)
        consumer._fetch_max_wait_ms = ms
        return consumer

    create.__wrapped__ = original  # type: ignore[attr-defined]
    create._pulse_patched = True  # type: ignore[attr-defined]
    AIOKafkaConsumerThread._create_worker_consumer = create  # type: ignore[method-assign]


class PulsenApp(faust.App):
    """A Faust app that can start background tasks as soon as the app starts.

    ``@app.task`` coroutines start only after Faust's own consumer group has its first
    assignment (a join of seconds on the embedded broker); the hot path and the log readers
    do not depend on that group, so they start at once (``@app.early_task``) and their own
    group joins and catch-ups overlap Faust's.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._early_tasks: list[Callable[[], Awaitable[None]]] = []

    def early_task(self, fun: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        self._early_tasks.append(fun)
        return fun

    async def on_start(self) -> None:
        await super().on_start()
        for fun in self._early_tasks:
            self.add_future(fun())

    async def on_stop(self) -> None:
        # From here on a scoring child that dies went with the shutdown (e.g. the signal that
        # stops the worker reached it too): nothing to repair or report.
        pipeline = getattr(self, "pipeline", None)
        if pipeline is not None:
            pipeline.stopping = True
        await super().on_stop()

    async def on_shutdown(self) -> None:
        # After the tasks are stopped (on_stop is too early: the hot path still submits).
        scorer = getattr(getattr(self, "pipeline", None), "scorer", None)
        if scorer is not None:
            scorer.close()  # its child process goes with the worker
        await super().on_shutdown()


def _faust_datadir(app_id: str) -> str:
    # Faust writes a small app folder even with the memory store; keep it out of the cwd.
    parent = os.path.join(tempfile.gettempdir(), "pulsen-faust")
    os.makedirs(parent, exist_ok=True)
    return os.path.join(parent, app_id)


def create_app(settings: Settings, model: Any, scorer: Any = None) -> PulsenApp:
    """A Faust app with every agent, timer and web view of a Pulsen worker; ``scorer``
    (:mod:`stream.scorer`) is made by the learner at start if not given."""
    _set_fetch_wait(FAUST_FETCH_MAX_WAIT_MS)
    app = PulsenApp(
        settings.app_id,
        broker=settings.broker_url,
        broker_credentials=_credentials(settings),
        autodiscover=False,
        store="memory://",
        datadir=_faust_datadir(settings.app_id),
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        topic_allow_declare=False,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=settings.heartbeat_interval_s,
        broker_rebalance_timeout=max(10.0, settings.session_timeout_s * 2),
        producer_linger=settings.producer_linger_ms / 1000.0,
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_bind=settings.web_host,
        web_transport="tcp://",
        web_router_enabled=False,
        web_tables_enabled=False,
        web_graph_enabled=False,
        web_stats_enabled=False,
    )
    pipeline = Pipeline(
        settings=settings,
        topics=topics_for(settings),
        model=model,
        scorer=scorer,
    )
    app.pipeline = pipeline  # type: ignore[attr-defined]
    pipeline.metrics.watch_consumer(lambda: pipeline.consumer_lag)
    pipeline.metrics.watch_scorer(lambda: pipeline.scorer)  # the learner may make it

    from stream.agents import alerts, learn, process, pulse
    from stream.web import routes

    process.register(app, pipeline)
    pulse.register(app, pipeline)
    learn.register(app, pipeline)
    alerts.register(app, pipeline)
    routes.register(app, pipeline)
    return app
