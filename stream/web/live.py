"""The wallboard's live push: Server-Sent Events with a full snapshot on connect and on change.

One snapshot is everything the page draws: the pulse for the chosen window and municipality,
a sparkline of the negative share per area, the open alerts and when it was generated. It is
sent at once, then again whenever it changed (checked every ``interval`` seconds); in between
a small ``tick`` event tells the page the server is alive, so the page can say plainly when
the figures are stale. A ``: ping`` comment every ``ping_every`` seconds keeps proxies open.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

import orjson
from aiohttp import web

from schemas.vocabulary import AREAS, NATIONAL

if TYPE_CHECKING:
    from stream.app import Pipeline

SPARK_HOURS = 6
SPARK_STEP = timedelta(minutes=10)

SSE_HEADERS = {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    "X-Accel-Buffering": "no",  # nginx: do not buffer the stream
}


def sparklines(pipe: Pipeline, municipality: str | None, now: datetime,
               hours: int = SPARK_HOURS, step: timedelta = SPARK_STEP) -> dict:
    """Negative share per area in ``step``-long steps over the last ``hours``, oldest first;
    ``None`` where a step had no comments about the area (a gap, not a zero)."""
    steps = int(timedelta(hours=hours) / step)
    # Align step ends to whole steps so consecutive snapshots shift by whole points.
    end = datetime.fromtimestamp(
        (now.timestamp() // step.total_seconds() + 1) * step.total_seconds(), UTC)
    edges = [end - step * (steps - i) for i in range(steps + 1)]
    areas: dict[str, dict[str, list]] = {}
    for area in AREAS:
        shares: list[float | None] = []
        ns: list[int] = []
        for start, stop in pairwise(edges):
            neg, n = pipe.view.span_counts(municipality, area, start, stop)
            shares.append(neg / n if n else None)
            ns.append(n)
        areas[area] = {"negative": shares, "n": ns}
    return {"start": edges[0].isoformat(), "end": edges[-1].isoformat(),
            "step_s": int(step.total_seconds()), "areas": areas}


def open_alerts(pipe: Pipeline, municipality: str | None) -> list[dict]:
    """Open alerts worth showing: all of them nationally; for one municipality its own
    and the national ones. Critical first, then newest first."""
    alerts = [a for a in pipe.alert_book.open()
              if municipality is None or a.municipality in (municipality, NATIONAL)]
    alerts.sort(key=lambda a: (a.severity != "critical", -a.at.timestamp()))
    return [a.model_dump(mode="json") for a in alerts]


def snapshot(pipe: Pipeline, window: str, municipality: str | None, now: datetime) -> dict:
    """Everything the wallboard shows, as one JSON-ready dict."""
    body = pipe.view.query(window, municipality, now)
    body.update(
        sparklines=sparklines(pipe, municipality, now),
        alerts=open_alerts(pipe, municipality),
        windows=list(pipe.view.windows),
        municipalities=pipe.view.municipalities,
        complete=pipe.view_caught_up,
    )
    return body


def _event(payload: Mapping[str, object], event: str | None = None) -> bytes:
    head = f"event: {event}\n".encode() if event else b""
    return head + b"data: " + orjson.dumps(payload) + b"\n\n"


async def stream(
    request: web.Request, pipe: Pipeline, should_stop: Callable[[], bool],
    headers: Mapping[str, str], interval: float = 2.0, ping_every: float = 10.0,
) -> web.StreamResponse:
    """Serve ``/api/live`` until the client goes away or the worker stops."""
    q = request.query
    window = q.get("window", "all")
    municipality = q.get("municipality") or None
    if window not in pipe.view.windows:
        return web.json_response({"error": f"unknown window {window!r}",
                                  "windows": list(pipe.view.windows)}, status=400,
                                 headers=headers)
    resp = web.StreamResponse(headers={**headers, **SSE_HEADERS})
    await resp.prepare(request)
    last_body = b""
    last_ping = asyncio.get_running_loop().time()
    # The page reconnects by itself after 3 s if the connection drops.
    with contextlib.suppress(ConnectionError):
        await resp.write(b"retry: 3000\n\n")
        while not should_stop():
            now = datetime.now(UTC)
            snap = snapshot(pipe, window, municipality, now)
            body = orjson.dumps(snap)
            if body != last_body:
                last_body = body
                await resp.write(_event({**snap, "generated_at": now.isoformat()}))
            else:
                await resp.write(_event({"generated_at": now.isoformat()}, "tick"))
            loop_now = asyncio.get_running_loop().time()
            if loop_now - last_ping >= ping_every:
                last_ping = loop_now
                await resp.write(b": ping\n\n")
            # Sleep in short steps so a stopping worker is not held up by open streams.
            for _ in range(max(1, int(interval / 0.25))):
                if should_stop():
                    break
                await asyncio.sleep(0.25)
    with contextlib.suppress(ConnectionError):
        await resp.write_eof()
    return resp
