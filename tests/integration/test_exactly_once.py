"""Two workers, kill -9 twice mid-stream: every comment counted once, every bad record
dead-lettered once."""

from __future__ import annotations

import signal
import threading
import time

import orjson
import pytest

from stream.generator import generate
from tests.integration.conftest import produce, read_topic, wait_until

pytestmark = pytest.mark.integration

COMMENTS = 20_000


def test_two_workers_survive_kill_9_without_loss_or_double_counting(settings, start_worker):
    good = [orjson.dumps(r) for r in generate(COMMENTS, seed=99)]
    duplicates = good[1000:1100]  # a producer re-sending 100 records
    malformed = [b'{"id": "bad-%d", "municipality": "Lund"}' % i for i in range(25)]
    malformed += [b"not json %d" % i for i in range(25)]
    batches = [good[:5000], good[5000:10000] + duplicates + malformed[:25],
               good[10000:15000], good[15000:] + malformed[25:]]

    a, b = start_worker(), start_worker()
    producer = threading.Thread(
        target=lambda: [produce(settings, batch) or time.sleep(1.5) for batch in batches])
    producer.start()
    for _ in range(2):  # crash worker a twice while the stream flows, restart it each time
        time.sleep(2.5)
        a.stop(signal.SIGKILL)
        a = start_worker()
    producer.join()

    for worker in (a, b):
        wait_until(lambda w=worker: w.pulse("all")["comments"] == COMMENTS, 240,
                   f"{COMMENTS:,} comments on worker :{worker.port}")
    time.sleep(3)  # anything counted twice would show by now
    assert a.pulse("all")["comments"] == b.pulse("all")["comments"] == COMMENTS
    assert a.pulse("all")["areas"] == b.pulse("all")["areas"]
    letters = read_topic(settings, f"{settings.topic_prefix}.comments.dlq")
    assert len(letters) == 50
    assert len({orjson.loads(v)["source"]["offset"] for v in letters}) <= 50
