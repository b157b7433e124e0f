"""The Faust passthrough of `pulse bench`: one agent that decodes every record and counts.

Run as its own process (Faust's worker owns the process):
``python -m benchmarks.passthrough BROKER_URL TOPIC COUNT``. It prints one JSON line with the
wall-clock times of the first and the COUNT-th record, then exits.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid

import faust

from stream.app import _set_fetch_wait
from stream.settings import Settings


def main() -> None:
    broker_url, topic_name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    settings = Settings(broker_url=broker_url)
    # The same consumer tuning as a Pulsen worker, so the comparison is like for like.
    _set_fetch_wait(settings.fetch_max_wait_ms)
    app = faust.App(f"bench-passthrough-{uuid.uuid4().hex[:8]}", broker=broker_url,
                    store="memory://", autodiscover=False, topic_allow_declare=False,
                    consumer_auto_offset_reset="earliest", broker_session_timeout=3,
                    broker_heartbeat_interval=0.5, producer_linger=settings.producer_linger_ms / 1000,
                    web_enabled=False, datadir=tempfile.mkdtemp(prefix="bench-faust-"))
    topic = app.topic(topic_name, key_serializer="raw", value_serializer="raw")
    seen = {"n": 0, "first": 0.0}

    @app.agent(topic)
    async def passthrough(stream: faust.StreamT) -> None:
        async for value in stream:
            json.loads(value)
            seen["n"] += 1
            if seen["n"] == 1:
                seen["first"] = time.time()
            if seen["n"] >= count:
                # Straight to fd 1: Faust redirects print() into its logger.
                os.write(1, json.dumps({"first_at": seen["first"], "last_at": time.time(),
                                        "n": seen["n"]}).encode() + b"\n")
                os._exit(0)  # Faust's orderly shutdown takes seconds and measures nothing

    sys.argv = [sys.argv[0], "worker", "-l", os.environ.get("BENCH_LOG", "error"), "--without-web"]
    app.main()


if __name__ == "__main__":
    main()
