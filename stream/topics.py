"""Every topic Pulsen uses, with its key, partitioning and retention, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    key: str
    value: str
    description: str
    partitions: int
    config: dict[str, str] = field(default_factory=dict)


# Tansu reports only configs set explicitly at creation, and some clients crash without
# retention.ms, so every topic states its retention and cleanup policy.
_KEEP = {"cleanup.policy": "delete", "retention.ms": "-1"}
_WEEK = {"cleanup.policy": "delete", "retention.ms": str(7 * 24 * 3600 * 1000)}
_COMPACT = {"cleanup.policy": "compact", "retention.ms": "-1"}


@dataclass(frozen=True, slots=True)
class Topics:
    """Topic names derived from one prefix, so tests can run on their own topics."""

    prefix: str = "pulse"
    partitions: int = 6
    output_partitions: int = 1  # pulse.comments and pulse.scored (Settings says why)

    @property
    def raw(self) -> str:
        return f"{self.prefix}.comments.raw"

    @property
    def comments(self) -> str:
        return f"{self.prefix}.comments"

    @property
    def dlq(self) -> str:
        return f"{self.prefix}.comments.dlq"

    @property
    def scored(self) -> str:
        return f"{self.prefix}.scored"

    @property
    def metrics(self) -> str:
        return f"{self.prefix}.metrics"

    @property
    def alerts(self) -> str:
        return f"{self.prefix}.alerts"

    @property
    def labels(self) -> str:
        return f"{self.prefix}.labels"

    @property
    def model(self) -> str:
        return f"{self.prefix}.model"

    def specs(self) -> list[TopicSpec]:
        n, out = self.partitions, self.output_partitions
        return [
            TopicSpec(self.raw, "any (producer's choice)", "bytes: a comment as JSON",
                      "Comments as received, before validation; may hold personal data.",
                      n, _WEEK),
            TopicSpec(self.comments, "municipality", "CommentEvent",
                      "Validated, redacted comments.", out, _KEEP),
            TopicSpec(self.dlq, "source topic/partition/offset", "DeadLetter",
                      "Records that failed validation, with the original bytes and reason.",
                      n, _WEEK),
            TopicSpec(self.scored, "municipality", "ScoredComment",
                      "Comments with areas and a sentiment per area.", out, _KEEP),
            TopicSpec(self.metrics, "window/municipality", "PulseSnapshot",
                      "Pulse snapshots per window and municipality, on change.", n, _COMPACT),
            TopicSpec(self.alerts, "municipality/area", "Alert",
                      "Negativity-spike alerts: raised, updated, resolved.", n, _KEEP),
            # One partition: every worker replays the labels in one order, so every replica of
            # the model learns the same sequence and reaches the same version.
            TopicSpec(self.labels, "comment_id", "LabelEvent",
                      "Labels from analysts and survey scores, for online learning.", 1, _KEEP),
            TopicSpec(self.model, "model", "bytes: a model checkpoint (pickle)",
                      "Model checkpoints with the label offset they include; latest wins.",
                      1, {**_COMPACT, "max.message.bytes": str(64 * 1024 * 1024)}),
        ]
