"""Alerts: judge every owned municipality × area for negativity spikes; publish the
lifecycle on pulse.alerts; every worker reads pulse.alerts back into its alert book."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from faust.exceptions import NotReady

from schemas import Alert
from schemas.vocabulary import AREAS, NATIONAL
from stream.app import Pipeline, PulsenApp
from stream.kafka import BACKGROUND_FETCH_WAIT_MS, follow_topic, owner_partition
from stream.pulse.alerting import baseline_span, to_alert
from stream.pulse.drivers import drivers, message
from stream.pulse.spikes import IDLE, KeyState, Transition, step
from stream.pulse.windows import rolling_window
from stream.sinks import WebhookSink

log = logging.getLogger(__name__)


async def _read_alerts(pipe: Pipeline) -> None:
    def caught_up() -> None:
        pipe.alerts_caught_up = True

    await follow_topic(pipe.settings, pipe.topics.alerts,
                       lambda r: pipe.alert_book.apply(Alert.model_validate_json(r.value)),
                       caught_up, fetch_max_wait_ms=BACKGROUND_FETCH_WAIT_MS)


def _alert_event(pipe: Pipeline, t: Transition) -> Alert:
    config = pipe.spike_config
    muni = t.municipality
    window_start = t.at - rolling_window(t.window)
    hits = pipe.recent.about(muni, t.area, window_start, t.at, "negative")
    # Drivers: what the window's complaints say more often than the area's usual talk.
    base_start, base_end = baseline_span(config, t.at)
    base = pipe.recent.about(muni, t.area, base_start, base_end)
    text = message(muni, t.area, t.share, t.share_low, t.share_high, t.baseline_share, t.n,
                   t.window, t.state)
    return to_alert(t, text, drivers([h.text for h in hits], [b.text for b in base]),
                    [h.text for h in hits[:3]])


def register(app: PulsenApp, pipe: Pipeline) -> None:
    config = pipe.spike_config
    alerts_topic = app.topic(pipe.topics.alerts, key_serializer="raw", value_serializer="raw")
    states: dict[tuple[str, str], KeyState] = {}
    sink = WebhookSink(pipe.settings.alert_webhook_url) if pipe.settings.alert_webhook_url else None

    @app.early_task
    async def read_alerts() -> None:
        await _read_alerts(pipe)

    if sink is not None:
        @app.task
        async def deliver_webhooks() -> None:
            await sink.run()

    @app.timer(pipe.settings.alert_interval_s)
    async def detect_spikes() -> None:
        if not (pipe.view_caught_up and pipe.alerts_caught_up) or app.producer.should_stop:
            return
        now = datetime.now(UTC)
        view, n_parts = pipe.view, pipe.settings.partitions
        base_span = baseline_span(config, now)
        for muni in [NATIONAL, *view.municipalities]:
            # One municipality per turn of the event loop: with a week of history all of
            # them at once held the hot path up for seconds.
            await asyncio.sleep(0)
            if app.producer.should_stop:
                return
            mine = owner_partition(muni, n_parts) in pipe.owned_partitions
            if not mine:
                for area in AREAS:
                    states.pop((muni, area), None)  # the owner's; resumed from the book
                continue
            # Each span is added up once for all five areas.
            scope = None if muni == NATIONAL else muni
            short = {w: view.span_area_counts(scope, now - rolling_window(w), now)
                     for w in config.short_windows}
            base = view.span_area_counts(scope, *base_span)
            for area in AREAS:
                key = (muni, area)
                state = states.get(key) or pipe.alert_book.state_for(key, config, now) or IDLE
                states[key], transitions = step(config, key, state, now,
                                                {w: short[w][area] for w in short}, base[area])
                for t in transitions:
                    alert = _alert_event(pipe, t)
                    try:
                        await alerts_topic.send(key=f"{muni}/{area}".encode(),
                                                value=alert.model_dump_json().encode())
                    except NotReady:
                        return  # stopping: the next owner resumes from the book
                    pipe.alert_book.apply(alert)
                    pipe.metrics.alerts.labels(alert.state, alert.severity).inc()
                    log.warning("alert %s: %s", alert.state, alert.message)
                    if sink is not None:
                        sink.submit(alert)
