"""The optional alert webhook: a bounded queue and retries with backoff, off the stream."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

from schemas import Alert

log = logging.getLogger(__name__)


class WebhookSink:
    """POSTs each alert as JSON to ``url``; never blocks the caller.

    ``submit`` only enqueues; a full queue drops the oldest alert (and counts it) rather
    than hold up detection. Each alert is retried with exponential backoff, then given up.
    """

    def __init__(self, url: str, max_queue: int = 1000, retries: int = 5,
                 backoff_s: float = 0.5, timeout_s: float = 5.0) -> None:
        self.url = url
        self.retries = retries
        self.backoff_s = backoff_s
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.queue: asyncio.Queue[Alert] = asyncio.Queue(maxsize=max_queue)
        self.delivered = 0
        self.failed = 0
        self.dropped = 0

    def submit(self, alert: Alert) -> None:
        if self.queue.full():
            self.queue.get_nowait()
            self.dropped += 1
        self.queue.put_nowait(alert)

    async def _post(self, session: aiohttp.ClientSession, alert: Alert) -> bool:
        for attempt in range(self.retries + 1):
            try:
                async with session.post(self.url, data=alert.model_dump_json(),
                                        headers={"Content-Type": "application/json"}) as resp:
                    if resp.status < 300:
                        return True
                    if 400 <= resp.status < 500 and resp.status != 429:
                        log.warning("webhook refused alert %s: HTTP %s", alert.alert_id, resp.status)
                        return False  # retrying a client error does not help
            except (aiohttp.ClientError, TimeoutError) as exc:
                log.info("webhook attempt %d for %s failed: %s", attempt + 1, alert.alert_id, exc)
            await asyncio.sleep(self.backoff_s * 2**attempt)
        return False

    async def run(self) -> None:
        async with aiohttp.ClientSession(timeout=self.timeout) as session:
            while True:
                alert = await self.queue.get()
                if await self._post(session, alert):
                    self.delivered += 1
                else:
                    self.failed += 1
                    log.warning("gave up delivering alert %s to the webhook", alert.alert_id)
