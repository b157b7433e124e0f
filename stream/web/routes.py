"""HTTP on every worker: health, Prometheus metrics, the pulse API and the page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import faust
from aiohttp import web
from faust.web import Request, View
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from stream.app import Pipeline
from stream.web import ingest_http, live

STATIC = Path(__file__).resolve().parent / "static"

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'",
}


def _respond(body: bytes | str, content_type: str, status: int = 200) -> web.Response:
    data = body.encode() if isinstance(body, str) else body
    resp = web.Response(body=data, status=status, headers=SECURITY_HEADERS)
    resp.content_type = content_type.split(";")[0]
    if "charset=" in content_type:
        resp.charset = content_type.split("charset=")[1]
    return resp


def _json(payload: object, status: int = 200) -> web.Response:
    import orjson

    return _respond(orjson.dumps(payload), "application/json", status)


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    # Every response, static files and errors included, carries the same headers.
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def register(app: faust.App, pipe: Pipeline) -> None:
    app.web.web_app.on_response_prepare.append(_security_headers)
    ingest_http.register(app, pipe, View)
    @app.page("/health")
    class Health(View):
        async def get(self, request: Request) -> web.Response:
            ready = pipe.view_caught_up
            return _json({
                "status": "ok" if ready else "starting",
                "view_caught_up": ready,
                "model_version": pipe.model.version,
                "comments": pipe.view.tally("all", None, datetime.now(UTC)).comments,
            }, status=200 if ready else 503)

    @app.page("/metrics")
    class MetricsView(View):
        async def get(self, request: Request) -> web.Response:
            return _respond(generate_latest(pipe.metrics.registry), CONTENT_TYPE_LATEST)

    @app.page("/api/pulse")
    class PulseApi(View):
        async def get(self, request: Request) -> web.Response:
            q = request.query
            window = q.get("window", "all")
            municipality = q.get("municipality") or None
            channel = q.get("channel") or None
            now = datetime.now(UTC)
            if window not in pipe.view.windows:
                return _json({"error": f"unknown window {window!r}",
                              "windows": list(pipe.view.windows)}, status=400)
            year = q.get("year")
            if year is not None and not (year.isdigit() and 2000 <= int(year) <= 2100):
                return _json({"error": f"year must be a year like 2020, not {year!r}"}, 400)
            body = pipe.view.query(window, municipality, now, channel,
                                   int(year) if year and window == "year" else None)
            body.update(
                generated_at=now.isoformat(),
                windows=list(pipe.view.windows),
                municipalities=pipe.view.municipalities,
                channels=pipe.view.channels,
                complete=pipe.view_caught_up,
                duplicates_ignored=pipe.view.duplicates,
            )
            return _json(body)

    @app.page("/api/model")
    class ModelApi(View):
        async def get(self, request: Request) -> web.Response:
            learner = pipe.learner
            return _json({
                "version": pipe.model.version,
                "labels_learned": pipe.model.labels_learned,
                "next_label_offset": learner.next_offset if learner else None,
                "invalid_labels": learner.invalid if learner else None,
                "health": pipe.health.snapshot(),
            })

    @app.page("/api/alerts")
    class AlertsApi(View):
        async def get(self, request: Request) -> web.Response:
            muni = request.query.get("municipality") or None
            open_alerts = [a.model_dump(mode="json") for a in pipe.alert_book.open()
                           if muni is None or a.municipality == muni]
            return _json({"alerts": open_alerts, "complete": pipe.alerts_caught_up})

    @app.page("/api/live")
    class LiveApi(View):
        async def get(self, request: Request) -> web.StreamResponse:
            # Faust hands the view the aiohttp request, so the stream is written directly.
            return await live.stream(cast(web.Request, request), pipe,
                                     lambda: bool(app.should_stop), SECURITY_HEADERS)

    @app.page("/api/sparkline")
    class SparklineApi(View):
        async def get(self, request: Request) -> web.Response:
            muni = request.query.get("municipality") or None
            return _json(live.sparklines(pipe, muni, datetime.now(UTC)))

    @app.page("/")
    class Index(View):
        async def get(self, request: Request) -> web.Response:
            return _respond((STATIC / "index.html").read_bytes(), "text/html; charset=utf-8")

    app.web.add_static("/static/", STATIC)
