"""POST /api/comments on a real worker: token, limits, field errors, durable acceptance,
and security headers on every response."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from stream.web.ingest_http import authorised
from stream.web.routes import SECURITY_HEADERS
from tests.integration.conftest import wait_until

pytestmark = pytest.mark.integration

TOKEN = "s3cret-token-for-tests"


def _comment(i: int, **extra: object) -> dict:
    return {"id": f"http-{i}", "municipality": "Ystad", "text": "Snabbt svar och trevligt bemötande",
            "created_at": datetime.now(UTC).isoformat(), "channel": "web", **extra}


def test_http_ingest(start_worker):
    worker = start_worker(env={"PULSE_INGEST_TOKEN": TOKEN})
    url = worker.base + "/api/comments"
    auth = {"Authorization": f"Bearer {TOKEN}"}

    assert httpx.post(url, json=_comment(0)).status_code == 401
    wrong = httpx.post(url, json=_comment(0), headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"

    invalid = httpx.post(url, json=[_comment(1), {"id": "x", "text": 5}], headers=auth)
    assert invalid.status_code == 422
    fields = {(e["index"], e["field"]) for e in invalid.json()["errors"]}
    assert {(1, "municipality"), (1, "text"), (1, "created_at")} <= fields
    assert httpx.post(url, content=b"{nope", headers=auth).status_code == 422

    big_comment = _comment(2, text="x" * 70_000)
    assert httpx.post(url, json=big_comment, headers=auth).status_code == 413
    big_request = [_comment(100 + i, text="y" * 60_000) for i in range(20)]
    assert httpx.post(url, json=big_request, headers=auth).status_code == 413

    one = httpx.post(url, json=_comment(3), headers=auth)
    assert one.status_code == 202 and one.json() == {"accepted": 1, "ids": ["http-3"]}
    many = httpx.post(url, json=[_comment(i) for i in range(10, 15)], headers=auth)
    assert many.status_code == 202 and many.json()["accepted"] == 5
    wait_until(lambda: worker.pulse("all", municipality="Ystad")["comments"] == 6, 60,
               "6 HTTP comments counted")  # nothing from the rejected requests

    for path in ("/", "/api/pulse", "/health", "/static/wallboard.css", "/no-such-page"):
        response = worker.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (path, name)
    # The wallboard and the pulse are read-only.
    assert httpx.post(worker.base + "/api/pulse", json={}).status_code in (404, 405)
    assert httpx.delete(worker.base + "/").status_code in (404, 405)


def test_http_ingest_is_off_without_a_token(start_worker):
    worker = start_worker()
    response = httpx.post(worker.base + "/api/comments", json=_comment(0),
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 404 and "PULSE_INGEST_TOKEN" in response.json()["error"]


@pytest.mark.parametrize(
    ("header", "ok"),
    [(f"Bearer {TOKEN}", True), (f"bearer {TOKEN}", True), (None, False), ("", False),
     (TOKEN, False), (f"Basic {TOKEN}", False), (f"Bearer {TOKEN}x", False), ("Bearer ", False)],
)
def test_bearer_check(header, ok):
    assert authorised(header, TOKEN) is ok
