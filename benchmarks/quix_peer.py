"""The peer of `pulse bench`: the same pipeline written with Quix Streams (librdkafka).

Same work per comment as a Pulsen worker: validate and redact the raw record, score it with
the same model, produce the redacted and the scored comment, read the scored topic back and
count it in the same pulse windows (:class:`stream.pulse.view.PulseView`). Quix Streams processes one message at a time, so the
model is called per comment. Run as its own process:
``python -m benchmarks.quix_peer BOOTSTRAP PREFIX COUNT MODEL_PATH``;
prints one JSON line with the times of the first scored and the COUNT-th counted comment, then exits.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

from quixstreams import Application

from stream.model import CommentModel
from stream.processing import process_batch
from stream.pulse.view import PulseView
from stream.settings import Settings
from stream.topics import Topics


class _Record:
    __slots__ = ("offset", "partition", "timestamp", "topic", "value")

    def __init__(self, value: bytes, topic: str, partition: int, offset: int, ts: int) -> None:
        self.value, self.topic, self.partition, self.offset, self.timestamp = (
            value, topic, partition, offset, ts)


def main() -> None:
    bootstrap, prefix, count, model_path = sys.argv[1:5]
    topics = Topics(prefix=prefix)
    count_n = int(count)
    with open(model_path, "rb") as fh:
        model = CommentModel.loads(fh.read())
    settings = Settings()
    view = PulseView(windows=settings.windows, lateness=timedelta(hours=1))
    skew = timedelta(seconds=settings.max_future_skew_s)
    state = {"n": 0, "first": 0.0}

    app = Application(broker_address=bootstrap, consumer_group=f"bench-quix-{uuid.uuid4().hex[:8]}",
                      auto_offset_reset="earliest", auto_create_topics=False,
                      use_changelog_topics=False, loglevel="ERROR",
                      # A group join on Tansu waits about half the session timeout: keep it
                      # as short as a Pulsen worker's (librdkafka's default is 45 s).
                      consumer_extra_config={"session.timeout.ms": 6000,
                                             "heartbeat.interval.ms": 1000})
    raw = app.topic(topics.raw, key_deserializer="bytes", value_deserializer="bytes")
    comments = app.topic(topics.comments, key_serializer="bytes", value_serializer="bytes",
                         value_deserializer="bytes")
    scored = app.topic(topics.scored, key_serializer="bytes", value_serializer="bytes",
                       value_deserializer="bytes")

    def score(value: bytes, key: object, ts: int, headers: object) -> tuple[bytes, bytes] | None:
        # The same validate → redact → score code as the hot path, one record at a time.
        if not state["first"]:
            state["first"] = time.time()
        out = process_batch([_Record(value, topics.raw, 0, 0, ts)], model, datetime.now(UTC),
                            skew)
        return (out.comments[0].value, out.scored[0].value) if out.scored else None

    def count_one(value: bytes) -> None:
        data = json.loads(value)
        now = datetime.now(UTC)
        view.add(data["id"], data["municipality"], datetime.fromisoformat(data["created_at"]),
                 data["labels"], now, channel=data.get("channel"))
        state["n"] += 1
        if state["n"] >= count_n:
            print(json.dumps({"first_at": state["first"], "last_at": time.time(),
                              "n": state["n"]}), flush=True)
            os._exit(0)

    sdf = app.dataframe(raw).apply(score, metadata=True).filter(lambda v: v is not None)
    sdf.apply(lambda v: v[0]).to_topic(comments)
    sdf.apply(lambda v: v[1]).to_topic(scored)
    app.dataframe(scored).update(count_one)
    app.run()


if __name__ == "__main__":
    main()
