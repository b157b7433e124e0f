"""One frozen settings object for every command, read from ``PULSE_*`` variables."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from stream.pulse.spikes import SpikeConfig


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PULSE_", frozen=True, extra="ignore")

    broker_url: str = Field(
        "kafka://127.0.0.1:9092",
        description="Kafka bootstrap servers, `kafka://host:port[;host:port]`.",
    )
    app_id: str = Field("pulsen", description="Consumer group and Faust app id.")
    topic_prefix: str = Field("pulse", description="Prefix of every topic name.")
    partitions: int = Field(
        6, ge=1, le=1024,
        description="Partitions of the topics Pulsen creates (the raw topic's: the most workers "
                    "that share the hot path), except the output topics and the one-partition "
                    "labels and model topics.",
    )
    # Every worker reads all of pulse.scored, so partitions there only split each batch's
    # output into more, smaller record batches: at 1,000/s on the embedded broker, p99
    # latency median 178 ms with 6 and 85 ms with 1 (benchmarks/README.md).
    output_partitions: int = Field(
        1, ge=1, le=1024,
        description="Partitions of pulse.comments and pulse.scored when Pulsen creates them; "
                    "more only if other consumer groups need to share reading them.",
    )
    replication_factor: int = Field(1, ge=1, description="Replication of topics Pulsen creates.")
    web_host: str = Field("127.0.0.1", description="Address the worker's HTTP server binds.")
    web_port: int = Field(6066, ge=0, le=65535, description="Port of the worker's HTTP server.")

    # Consumer-group timing: a join waits about half the session timeout on Tansu, so the
    # default keeps a worker consuming within a few seconds of start (Faust's 60 s gave 31 s).
    session_timeout_s: float = Field(6.0, gt=0, description="Consumer-group session timeout.")
    heartbeat_interval_s: float = Field(1.0, gt=0, description="Consumer heartbeat interval.")
    # Not 0: the embedded broker answers a fetch that may not wait with no records at all
    # (measured on Tansu 0.6.0), so a worker set to 0 would never consume anything.
    fetch_max_wait_ms: int = Field(
        10, ge=1, le=5000, description="How long a fetch waits for data; bounds per-hop latency."
    )
    producer_linger_ms: int = Field(
        5, ge=0, description="Producer batching delay; the embedded broker wants batches."
    )
    producer_batch_bytes: int = Field(
        256 * 1024, ge=16 * 1024, le=1024 * 1024,
        description="Largest record batch per partition a producer builds (aiokafka's "
                    "max_batch_size); fewer, larger batches keep the embedded broker's fetches cheap.",
    )

    windows: list[str] = Field(
        ["15m", "1h", "24h", "today", "week", "year", "all"],
        description="Pulse windows: rolling (15m, 1h, 24h, any Nm/Nh/Nd), today, week, year, all.",
    )
    metrics_windows: list[str] = Field(
        ["15m", "1h", "24h", "today", "all"],
        description="Windows exported as Prometheus gauges (each one multiplies the series).",
    )
    allowed_lateness_s: float = Field(
        3600.0, ge=0, description="Comments later than this enter no rolling window (counted late)."
    )
    snapshot_interval_s: float = Field(
        5.0, gt=0, description="How often changed pulse snapshots are published."
    )
    alert_interval_s: float = Field(
        30.0, gt=0, description="How often the spike detector judges every municipality and area."
    )
    alert_webhook_url: str | None = Field(
        None, description="POST every alert event here as JSON (retries with backoff)."
    )
    spike_short_windows: list[str] = Field(
        ["30m", "2h"], description="Windows whose negative share is tested against the baseline."
    )
    spike_baseline_window: str = Field(
        "7d", description="Baseline length, ending where the longest short window starts."
    )
    spike_min_n: int = Field(20, ge=1, description="Fewer comments in a short window never alert.")
    spike_min_baseline_n: int = Field(100, ge=1, description="A thinner baseline is not trusted.")
    spike_z: float = Field(2.8, gt=0, description="z of the one-sided interval bound tested.")
    spike_margin_pp: float = Field(5.0, ge=0, description="Lower bound above baseline + this raises.")
    spike_resolve_margin_pp: float = Field(2.0, ge=0, description="Resolves under baseline + this.")
    spike_critical_pp: float = Field(20.0, gt=0, description="Delta from which an alert is critical.")
    spike_confirm_s: float = Field(300.0, ge=0, description="The raise condition must hold this long.")
    spike_cooldown_s: float = Field(3600.0, ge=0, description="No new raise this long after a resolve.")
    max_future_skew_s: float = Field(
        3600.0, ge=0, description="Comments dated further ahead than this are dead-lettered."
    )
    dedup_max_ids: int = Field(
        2_000_000, ge=1000, description="Comment ids remembered for de-duplication."
    )
    score_batch_size: int = Field(256, ge=1, description="Comments scored per model call.")
    score_process: bool = Field(
        True, description="Score in a child process, on a core of its own; off: in the worker."
    )
    model_checkpoint_interval_s: float = Field(
        30.0, gt=0, description="How often a model checkpoint is written, if labels arrived."
    )
    model_path: str | None = Field(
        None, description="Model snapshot to score with; default: train from data/ at start."
    )
    data_dir: str | None = Field(None, description="Labelled corpus folder; default: ./data.")

    ingest_token: SecretStr | None = Field(
        None, description="Bearer token for POST /api/comments; unset: the endpoint is off."
    )
    http_max_comment_bytes: int = Field(64 * 1024, ge=1024, description="Largest comment over HTTP.")
    http_max_request_bytes: int = Field(1024 * 1024, ge=1024, description="Largest HTTP request.")

    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: str | None = None

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level_any_case(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("broker_url")
    @classmethod
    def _kafka_url(cls, value: str) -> str:
        if "://" not in value:
            value = f"kafka://{value}"
        if not value.startswith("kafka://"):
            raise ValueError("broker_url must look like kafka://host:port")
        return value

    def spike_config(self) -> SpikeConfig:
        from datetime import timedelta

        return SpikeConfig(
            short_windows=tuple(self.spike_short_windows),
            baseline_window=self.spike_baseline_window,
            min_n=self.spike_min_n, min_baseline_n=self.spike_min_baseline_n, z=self.spike_z,
            margin_pp=self.spike_margin_pp, resolve_margin_pp=self.spike_resolve_margin_pp,
            critical_pp=self.spike_critical_pp, confirm=timedelta(seconds=self.spike_confirm_s),
            cooldown=timedelta(seconds=self.spike_cooldown_s),
        )

    @property
    def bootstrap_servers(self) -> list[str]:
        """Host:port pairs for aiokafka, from ``broker_url``."""
        rest = self.broker_url.removeprefix("kafka://")
        return [part.strip() for part in rest.replace(",", ";").split(";") if part.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
