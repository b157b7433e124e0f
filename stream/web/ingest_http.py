"""`POST /api/comments`: comments over HTTP onto pulse.comments.raw, all or nothing.

Each accepted comment is produced unchanged to the raw topic (so it takes the same path as
any Kafka producer's: redaction, dead-lettering, scoring), and 202 is answered only once the
broker has acknowledged every record.
"""

from __future__ import annotations

import asyncio
import hmac
from datetime import UTC, datetime, timedelta
from typing import Any

import faust
import orjson
from aiohttp import web

from stream.app import Pipeline
from stream.validation import Rejected, validate_comment


def _error(status: int, message: str, **extra: Any) -> web.Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    return web.json_response({"error": message, **extra}, status=status, headers=headers,
                             dumps=lambda o: orjson.dumps(o).decode())


def authorised(header: str | None, token: str) -> bool:
    """A bearer token compared in constant time (no early exit on the first wrong byte)."""
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())


def parse_items(body: bytes, max_comment_bytes: int) -> list[bytes] | web.Response:
    """One JSON object or an array of them, each re-encoded as the record to produce."""
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        return _error(422, "the body is not valid JSON", errors=[
            {"index": None, "field": "", "message": str(exc)}])
    items = value if isinstance(value, list) else [value]
    if not items:
        return _error(422, "an empty array holds no comment")
    records = [orjson.dumps(item) for item in items]
    too_big = [i for i, r in enumerate(records) if len(r) > max_comment_bytes]
    if too_big:
        return _error(413, f"comments larger than {max_comment_bytes} bytes", indexes=too_big)
    return records


def register(app: faust.App, pipe: Pipeline, view_base: type) -> None:
    settings = pipe.settings
    raw = app.topic(pipe.topics.raw, key_serializer="raw", value_serializer="raw")
    skew = timedelta(seconds=settings.max_future_skew_s)

    @app.page("/api/comments")
    class Comments(view_base):  # type: ignore[misc, valid-type]
        async def post(self, request: web.Request) -> web.Response:
            if settings.ingest_token is None:
                return _error(404, "HTTP ingest is off: set PULSE_INGEST_TOKEN to turn it on")
            if not authorised(request.headers.get("Authorization"),
                              settings.ingest_token.get_secret_value()):
                return _error(401, "a valid bearer token is required")
            limit = settings.http_max_request_bytes
            if (request.content_length or 0) > limit:
                return _error(413, f"the request is larger than {limit} bytes")
            body = await request.content.read(limit + 1)
            if len(body) > limit:
                return _error(413, f"the request is larger than {limit} bytes")
            records = parse_items(body, settings.http_max_comment_bytes)
            if isinstance(records, web.Response):
                return records
            now = datetime.now(UTC)
            checked = [validate_comment(r, now, skew, settings.http_max_comment_bytes)
                       for r in records]
            errors = [{"index": i, "field": e.field, "message": e.message}
                      for i, c in enumerate(checked) if isinstance(c, Rejected) for e in c.errors]
            if errors:
                return _error(422, "nothing was accepted: fix these fields", errors=errors)
            pending = [await raw.send(key=c.municipality.encode(), value=r)
                       for c, r in zip(checked, records, strict=True)]
            await asyncio.gather(*pending)  # acknowledged by the broker: durably handed over
            pipe.metrics.events.labels("http_accepted").inc(len(records))
            return web.json_response({"accepted": len(records),
                                      "ids": [c.id for c in checked]}, status=202)
