"""The alert webhook: delivers, retries on failure with backoff, gives up, never blocks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web

from schemas import Alert
from stream.sinks import WebhookSink


def _alert(i: int = 0) -> Alert:
    return Alert(alert_id=f"Lund/waiting_time/{i}", state="raised", municipality="Lund",
                 area="waiting_time", window="30m", share=0.5, share_low=0.4, share_high=0.6,
                 baseline_share=0.2, delta_pp=30.0, n=40, severity="critical",
                 message="Negativa kommentarer om Väntetid i Lund", at=datetime.now(UTC))


async def _serve(statuses: list[int]) -> tuple[web.AppRunner, str, list[dict]]:
    received: list[dict] = []

    async def handler(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=statuses.pop(0) if statuses else 200)

    app = web.Application()
    app.router.add_post("/hook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/hook", received


async def _drain(sink: WebhookSink, done: int) -> None:
    task = asyncio.create_task(sink.run())
    for _ in range(200):
        if sink.delivered + sink.failed >= done:
            break
        await asyncio.sleep(0.02)
    task.cancel()


async def test_delivers_after_retrying_server_errors():
    runner, url, received = await _serve([503, 500])
    sink = WebhookSink(url, retries=3, backoff_s=0.01)
    sink.submit(_alert())
    await _drain(sink, 1)
    await runner.cleanup()
    assert sink.delivered == 1 and sink.failed == 0
    assert len(received) == 3 and received[-1]["alert_id"] == "Lund/waiting_time/0"


async def test_gives_up_after_the_retries_and_on_client_errors():
    runner, url, received = await _serve([500] * 10 + [400])
    sink = WebhookSink(url, retries=2, backoff_s=0.01)
    sink.submit(_alert(1))
    await _drain(sink, 1)
    assert sink.failed == 1 and len(received) == 3
    runner2, url2, received2 = await _serve([400])
    sink2 = WebhookSink(url2, retries=5, backoff_s=0.01)
    sink2.submit(_alert(2))
    await _drain(sink2, 1)
    await runner.cleanup()
    await runner2.cleanup()
    assert sink2.failed == 1 and len(received2) == 1  # a 4xx is not retried


async def test_unreachable_webhook_does_not_block_submit_and_drops_oldest_when_full():
    sink = WebhookSink("http://127.0.0.1:9/hook", max_queue=2, retries=0, backoff_s=0.01)
    for i in range(5):
        sink.submit(_alert(i))  # returns at once, no network involved
    assert sink.queue.qsize() == 2 and sink.dropped == 3
    assert [sink.queue.get_nowait().alert_id for _ in range(2)] == [
        "Lund/waiting_time/3", "Lund/waiting_time/4"]
