"""Online learning on the real broker: labels change a running worker's predictions and
survive its restart."""

from __future__ import annotations

import signal
import uuid
from datetime import UTC, datetime

import orjson
import pytest

from tests.integration.conftest import produce, read_topic, wait_until

pytestmark = pytest.mark.integration

FAST_CHECKPOINTS = {"PULSE_MODEL_CHECKPOINT_INTERVAL_S": "1", "PULSE_LOG_LEVEL": "INFO"}

# A comment in words the corpus never uses, labelled against what the start-up model guesses.
NOVEL = "Zorblaxen i foajén glimrade trubbigt hela förmiddagen"


def _comment(text: str) -> bytes:
    return orjson.dumps({"id": uuid.uuid4().hex, "municipality": "Kiruna", "text": text,
                         "created_at": datetime.now(UTC).isoformat()})


def _label(text: str, labels: dict[str, str]) -> bytes:
    return orjson.dumps({"comment_id": uuid.uuid4().hex, "text": text, "labels": labels,
                         "source": "analyst"})


def test_labels_change_predictions_and_survive_restart(settings, start_worker):
    worker = start_worker(env=FAST_CHECKPOINTS)
    before = worker.get("/api/model").json()
    assert before["labels_learned"] == 0

    target = {"municipal_services": "skeptical"}
    labels = [_label(NOVEL, target) for _ in range(40)]
    produce(settings, labels, topic=f"{settings.topic_prefix}.labels")
    after = wait_until(
        lambda: (m := worker.get("/api/model").json())["labels_learned"] == 40 and m,
        60, "40 labels learned")
    assert after["version"] != before["version"] and after["version"].endswith("+40")
    assert after["health"]["labels_seen"] == 40

    # Comments scored from now on carry the new version and the learned labels.
    produce(settings, [_comment(NOVEL)])
    wait_until(lambda: worker.pulse("all", municipality="Kiruna")["comments"] == 1, 30,
               "the novel comment counted")
    pulse = worker.pulse("all", municipality="Kiruna")
    assert pulse["areas"]["municipal_services"]["counts"]["skeptical"] == 1

    # A checkpoint is written; the restarted worker resumes from it, not the start-up model.
    wait_until(lambda: read_topic(settings, f"{settings.topic_prefix}.model"), 30,
               "a model checkpoint")
    worker.stop(signal.SIGKILL)
    worker = start_worker(env=FAST_CHECKPOINTS)
    resumed = wait_until(
        lambda: (m := worker.get("/api/model").json())["labels_learned"] == 40 and m,
        60, "the learned model resumed")
    assert resumed["version"] == after["version"]
    assert "restored from checkpoint" in worker.log()
