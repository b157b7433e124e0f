"""Alerts on the real broker: a burst of negative comments raises exactly one alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
import pytest

from schemas import Alert
from stream.generator import CommentGenerator
from stream.importer import import_lines
from tests.integration.conftest import produce, read_topic, run_async, wait_until

pytestmark = pytest.mark.integration

FAST = {
    "PULSE_SPIKE_CONFIRM_S": "0",
    "PULSE_ALERT_INTERVAL_S": "1",
    "PULSE_SPIKE_SHORT_WINDOWS": '["30m"]',
}
TOWN = "Vetlanda"


def test_burst_of_negative_comments_raises_exactly_one_alert(settings, start_worker):
    gen = CommentGenerator(seed=21)
    now = datetime.now(UTC)
    # A calm, coded week for the town: mostly positive about waiting time.
    history = []
    for i in range(600):
        record = gen.comment(now - timedelta(days=7) + timedelta(minutes=15 * i),
                             municipality=TOWN, area="waiting_time")
        record["truth"]["waiting_time"] = "negative" if i % 10 == 0 else "positive"
        history.append(orjson.dumps(record))
    sent, invalid = run_async(lambda: import_lines(settings, history, progress=False))
    assert (sent, invalid) == (600, 0)

    worker = start_worker(env=FAST)
    burst = ["Över en timme i telefonkön igen, helt oacceptabelt att ingen svarar.",
             "Kön i telefon var alldeles för lång, väntade i 50 minuter.",
             "Vi fick vänta alldeles för länge på att någon svarade i telefonen."]
    produce(settings, [orjson.dumps({"id": f"burst-{i}", "municipality": TOWN,
                                     "text": burst[i % 3], "channel": "phone",
                                     "created_at": (now - timedelta(seconds=i)).isoformat()})
                       for i in range(40)])
    alerts_topic = f"{settings.topic_prefix}.alerts"

    def raised() -> list[Alert]:
        return [a for a in map(Alert.model_validate_json, read_topic(settings, alerts_topic))
                if a.state == "raised"]

    wait_until(lambda: any(a.area == "waiting_time" for a in raised()), 90, "an alert raised")
    assert worker.get("/api/alerts").json()["alerts"]
    # More judging rounds pass; the open alert is not raised again.
    import time
    time.sleep(5)
    alerts = raised()
    ours = [a for a in alerts if (a.municipality, a.area) == (TOWN, "waiting_time")]
    assert len(ours) == 1
    assert {a.municipality for a in alerts} <= {TOWN, "all"}
    alert = ours[0]
    assert alert.share > alert.baseline_share and alert.delta_pp > 20 and alert.n >= 20
    assert alert.share_low <= alert.share <= alert.share_high
    assert "Väntetid" in alert.message and TOWN in alert.message
    assert 1 <= len(alert.examples) <= 3 and alert.drivers
    listed = worker.get("/api/alerts", municipality=TOWN).json()["alerts"]
    assert [a["alert_id"] for a in listed if a["area"] == "waiting_time"] == [alert.alert_id]
