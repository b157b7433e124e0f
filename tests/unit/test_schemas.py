"""The checked-in JSON Schemas and AsyncAPI document match the models; the models keep the contract."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from pydantic import BaseModel, ValidationError

import stream
from schemas import export
from schemas.events import (
    MAX_TEXT_CHARS,
    Alert,
    AreaPulse,
    CommentEvent,
    DeadLetter,
    ErrorDetail,
    LabelEvent,
    PulseSnapshot,
    RecordSource,
    ScoredComment,
)
from stream.kafka import topics_for
from stream.settings import Settings
from stream.topics import Topics

HINT = "run `pulse schemas export`"
AT = datetime(2024, 3, 5, 8, 15, 0, tzinfo=UTC)
TEXT = "Lång kö men handläggaren var jättetrevlig"

# The comment contract of DESIGN.md, as a producer sends it on pulse.comments.raw.
CONTRACT_COMMENT: dict[str, Any] = {
    "id": "c-000123",
    "municipality": "Uppsala",
    "text": TEXT,
    "created_at": "2024-03-05T09:15:00+01:00",
    "channel": "phone",
}

RAW_BYTES = (
    b'{"id": "c-9", "municipality": "Ume\xc3\xa5", "text": "Bra", "created_at": "ig\xc3\xa5r"}'
)

EXAMPLES: dict[type[BaseModel], BaseModel] = {
    CommentEvent: CommentEvent(
        id="c-000123",
        municipality="Uppsala",
        text=TEXT,
        created_at=AT,
        channel="phone",
        truth={"waiting_time": "negative", "caseworker_service": "positive"},
    ),
    LabelEvent: LabelEvent(
        comment_id="c-000123",
        text=TEXT,
        labels={"waiting_time": "negative", "caseworker_service": "positive"},
        source="analyst",
        created_at=AT + timedelta(hours=2),
    ),
    ScoredComment: ScoredComment(
        id="c-000123",
        municipality="Uppsala",
        text=TEXT,
        created_at=AT,
        channel="phone",
        labels={"waiting_time": "negative", "caseworker_service": "positive"},
        area_scores={"waiting_time": 0.91, "caseworker_service": 0.84, "digital_services": 0.03},
        sentiment_scores={
            "waiting_time": {"negative": 0.82, "skeptical": 0.13, "positive": 0.05},
            "caseworker_service": {"negative": 0.04, "skeptical": 0.08, "positive": 0.88},
        },
        model_version="river-0.1.0+20240305T0800Z",
        truth={"waiting_time": "negative", "caseworker_service": "positive"},
        scored_at=AT + timedelta(milliseconds=40),
        appended_at=AT + timedelta(milliseconds=12),
    ),
    PulseSnapshot: PulseSnapshot(
        window="1h",
        municipality="Uppsala",
        window_start=AT.replace(minute=0),
        window_end=AT.replace(minute=0) + timedelta(hours=1),
        comments=120,
        areas={
            "waiting_time": AreaPulse(
                n=40,
                counts={"negative": 30, "skeptical": 6, "positive": 4},
                shares={"negative": 0.75, "skeptical": 0.15, "positive": 0.1},
            ),
            "caseworker_service": AreaPulse(
                n=25,
                counts={"negative": 5, "skeptical": 0, "positive": 20},
                shares={"negative": 0.2, "skeptical": 0.0, "positive": 0.8},
            ),
        },
        generated_at=AT,
    ),
    Alert: Alert(
        alert_id="Uppsala/waiting_time/20240305T08",
        state="raised",
        municipality="Uppsala",
        area="waiting_time",
        window="1h",
        share=0.75,
        share_low=0.6,
        share_high=0.86,
        baseline_share=0.35,
        delta_pp=40.0,
        n=40,
        severity="critical",
        message="Negativa kommentarer om väntetid i Uppsala: 75 % (normalt 35 %).",
        drivers=["telefonkö", "återuppringning"],
        examples=["Satt i telefonkö i 45 minuter"],
        at=AT,
    ),
    DeadLetter: DeadLetter(
        reason="created_at: Input should be a valid datetime",
        errors=[ErrorDetail(field="created_at", message="Input should be a valid datetime")],
        source=RecordSource(topic="pulse.comments.raw", partition=3, offset=1234, timestamp=AT),
        original_base64=base64.b64encode(RAW_BYTES).decode("ascii"),
        original_text=RAW_BYTES.decode("utf-8"),
        failed_at=AT,
    ),
}


def validator(model: type[BaseModel]) -> Draft202012Validator:
    schema = json.loads((export.SCHEMAS_DIR / "json" / f"{model.__name__}.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def load_asyncapi() -> dict[str, Any]:
    return yaml.safe_load((export.SCHEMAS_DIR / export.ASYNCAPI_FILE).read_text(encoding="utf-8"))


def resolve(document: dict[str, Any], ref: str) -> Any:
    """Follow a local JSON Pointer reference ("#/a/b") inside ``document``."""
    assert ref.startswith("#/"), f"{ref} is not a local reference"
    node: Any = document
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and token in node, f"{ref} does not resolve"
        node = node[token]
    return node


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for item in node for r in refs(item)]
    return []


# (a), (b) the checked-in files are the current export


@pytest.mark.parametrize("model", export.EVENT_MODELS, ids=lambda m: m.__name__)
def test_checked_in_json_schema_equals_the_models_schema(model: type[BaseModel]) -> None:
    path = export.SCHEMAS_DIR / "json" / f"{model.__name__}.json"
    assert path.is_file(), f"{path} is missing: {HINT}"
    assert json.loads(path.read_text(encoding="utf-8")) == export.json_schema(model), (
        f"{model.__name__} changed but {path} did not: {HINT} and review the diff"
    )


def test_checked_in_asyncapi_equals_the_generated_document() -> None:
    assert load_asyncapi() == export.asyncapi_document(), f"asyncapi.yaml is out of date: {HINT}"


def test_check_all_finds_the_repository_in_date() -> None:
    assert export.check_all(export.SCHEMAS_DIR) == []


def test_check_all_reports_missing_changed_and_orphaned_files(tmp_path: Path) -> None:
    missing = export.check_all(tmp_path)
    assert len(missing) == len(export.EVENT_MODELS) + 1
    assert all("is missing" in line and HINT in line for line in missing)

    written = export.write_all(tmp_path)
    assert set(written) == {tmp_path / rel for rel in export.rendered_files()}
    assert export.check_all(tmp_path) == []
    assert all(path.read_text(encoding="utf-8").endswith("\n") for path in written)

    (tmp_path / "json" / "Alert.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "json" / "OldEvent.json").write_text("{}\n", encoding="utf-8")
    problems = export.check_all(tmp_path)
    assert any("Alert.json is out of date" in line for line in problems)
    assert any("OldEvent.json is exported by no model" in line for line in problems)
    assert all(HINT in line for line in problems)

    export.write_all(tmp_path)
    assert export.check_all(tmp_path) == []
    assert not (tmp_path / "json" / "OldEvent.json").exists()


def test_json_files_are_sorted_indented_and_stable() -> None:
    schema = export.json_schema(CommentEvent)
    text = export.render_json(schema)
    assert text == json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert schema["$id"] == "https://pulsen.example/schemas/v1/CommentEvent.json"
    assert schema["title"] == "CommentEvent"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# (c) the AsyncAPI document is structurally valid AsyncAPI 3


def test_asyncapi_header_info_and_servers() -> None:
    doc = load_asyncapi()
    assert doc["asyncapi"] == "3.0.0"
    assert doc["info"]["title"] == "Pulsen"
    assert doc["info"]["version"] == stream.__version__
    assert doc["info"]["description"]
    assert set(doc["servers"]) == {"production", "embedded"}
    for server in doc["servers"].values():
        assert server["protocol"] == "kafka"
        for variable in set(server["host"].split("{")[1:]):
            assert variable.split("}")[0] in server.get("variables", {}), server["host"]
    assert doc["servers"]["embedded"]["host"].startswith("127.0.0.1:")


def test_every_topic_is_a_channel_with_its_partitions_and_config() -> None:
    doc = load_asyncapi()
    by_address = {channel["address"]: channel for channel in doc["channels"].values()}
    for spec in Topics().specs():
        assert spec.name in by_address, f"topic {spec.name} has no channel"
        kafka = by_address[spec.name]["bindings"]["kafka"]
        assert kafka["partitions"] == spec.partitions
        config = kafka["topicConfiguration"]
        assert config["cleanup.policy"] == [spec.config["cleanup.policy"]]
        assert config["retention.ms"] == int(spec.config["retention.ms"])


def test_only_the_output_topics_take_the_output_partitions() -> None:
    topics = topics_for(Settings(partitions=6, output_partitions=2))
    counts = {spec.name: spec.partitions for spec in topics.specs()}
    assert counts.pop(topics.comments) == counts.pop(topics.scored) == 2
    assert counts.pop(topics.labels) == counts.pop(topics.model) == 1
    assert set(counts.values()) == {6}  # raw, dead letters, snapshots, alerts


def test_every_channel_has_an_address_and_json_messages_with_a_string_key() -> None:
    doc = load_asyncapi()
    for channel_id, channel in doc["channels"].items():
        assert isinstance(channel["address"], str) and channel["address"], channel_id
        assert channel["messages"], f"channel {channel_id} has no messages"
        for message in channel["messages"].values():
            assert message["name"]
            if channel["address"] == Topics().model:  # model checkpoints: opaque pickle bytes
                assert message["contentType"] == "application/octet-stream"
            else:
                assert message["contentType"] == "application/json"
                assert resolve(doc, message["payload"]["$ref"])["type"] == "object"
            key = message["bindings"]["kafka"]["key"]
            assert key["type"] == "string" and key["description"]


def test_every_reference_in_the_document_resolves() -> None:
    doc = load_asyncapi()
    found = refs(doc)
    assert found
    for ref in found:
        resolve(doc, ref)
    assert "$defs" not in json.dumps(doc), "AsyncAPI schemas are Draft 07: $defs must be hoisted"


def test_operations_point_at_their_channel_and_its_messages() -> None:
    doc = load_asyncapi()
    actions: dict[str, set[str]] = {"receive": set(), "send": set()}
    for operation_id, operation in doc["operations"].items():
        channel_ref = operation["channel"]["$ref"]
        channel = resolve(doc, channel_ref)
        assert operation["messages"], operation_id
        for message in operation["messages"]:
            assert message["$ref"].startswith(f"{channel_ref}/messages/"), operation_id
            resolve(doc, message["$ref"])
        actions[operation["action"]].add(channel["address"])
    topics = Topics()
    assert actions["receive"] == {topics.raw, topics.comments, topics.scored, topics.labels,
                                  topics.model}
    assert actions["send"] == {
        topics.comments,
        topics.dlq,
        topics.scored,
        topics.metrics,
        topics.alerts,
        topics.model,
    }
    assert len(doc["operations"]) == 11


def test_raw_topic_carries_the_comment_contract_and_names_the_dlq() -> None:
    doc = load_asyncapi()
    raw = next(c for c in doc["channels"].values() if c["address"] == Topics().raw)
    (message,) = raw["messages"].values()
    assert message["payload"]["$ref"] == "#/components/schemas/CommentEvent"
    assert Topics().dlq in message["description"]


def test_component_schemas_are_draft7_and_validate_through_the_document() -> None:
    doc = load_asyncapi()
    for schema in doc["components"]["schemas"].values():
        Draft7Validator.check_schema(schema)
    as_root = {"components": doc["components"], "$ref": "#/components/schemas/PulseSnapshot"}
    payload_validator = Draft7Validator(as_root)
    snapshot = EXAMPLES[PulseSnapshot].model_dump(mode="json")
    assert list(payload_validator.iter_errors(snapshot)) == []
    snapshot["areas"]["waiting_time"]["n"] = -1
    assert list(payload_validator.iter_errors(snapshot))


def test_two_different_schemas_with_one_name_are_refused() -> None:
    first = {"$defs": {"Item": {"type": "string"}}, "type": "object"}
    second = {"$defs": {"Item": {"type": "integer"}}, "type": "object"}
    with pytest.raises(ValueError, match="Item"):
        export.component_schemas({"A": first, "B": second})


# (d) examples validate against the exported JSON Schemas (Draft 2020-12)


@pytest.mark.parametrize("model", export.EVENT_MODELS, ids=lambda m: m.__name__)
def test_exported_schema_is_valid_and_accepts_what_the_model_produces(
    model: type[BaseModel],
) -> None:
    schema_validator = validator(model)
    Draft202012Validator.check_schema(schema_validator.schema)
    produced = EXAMPLES[model].model_dump(mode="json")
    assert [e.message for e in schema_validator.iter_errors(produced)] == []


@pytest.mark.parametrize(
    "extra",
    [{}, {"schema_version": 1}, {"channel": None}, {"agent_id": 17, "queue": "bygglov"}],
    ids=["contract", "versioned", "no-channel", "extra-fields"],
)
def test_contract_comment_passes_the_comment_schema(extra: dict[str, Any]) -> None:
    assert list(validator(CommentEvent).iter_errors({**CONTRACT_COMMENT, **extra})) == []


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"id": 123}, "id is a number"),
        ({"text": None}, "text is null"),
        ({"text": ""}, "text is empty"),
        ({"channel": "sms"}, "unknown channel"),
        ({"schema_version": 2}, "future schema version"),
        ({"truth": {"parking": "negative"}}, "unknown area"),
        ({"created_at": "yesterday"}, "created_at is no RFC 3339 time"),
    ],
)
def test_broken_comment_fails_the_comment_schema(change: dict[str, Any], why: str) -> None:
    if "created_at" in change:
        pytest.importorskip("rfc3339_validator")  # jsonschema checks date-time only with it
    assert list(validator(CommentEvent).iter_errors({**CONTRACT_COMMENT, **change})), why


@pytest.mark.parametrize("field", ["id", "municipality", "text", "created_at"])
def test_comment_without_a_required_field_fails_the_schema(field: str) -> None:
    comment = {k: v for k, v in CONTRACT_COMMENT.items() if k != field}
    errors = list(validator(CommentEvent).iter_errors(comment))
    assert [e.validator for e in errors] == ["required"]


def test_label_contract_passes_and_unknown_sentiment_fails_the_schema() -> None:
    label = {"comment_id": "c-1", "text": TEXT, "labels": {"waiting_time": "negative"}}
    schema_validator = validator(LabelEvent)
    assert list(schema_validator.iter_errors({**label, "source": "survey"})) == []
    assert list(schema_validator.iter_errors({**label, "labels": {"waiting_time": "angry"}}))


# (e) every model survives a JSON round trip


@pytest.mark.parametrize("model", export.EVENT_MODELS, ids=lambda m: m.__name__)
def test_model_round_trips_through_json(model: type[BaseModel]) -> None:
    event = EXAMPLES[model]
    assert isinstance(event, model)
    assert model.model_validate_json(event.model_dump_json()) == event


# (f) CommentEvent and LabelEvent behaviour at the boundary


def comment(**change: Any) -> CommentEvent:
    return CommentEvent.model_validate_json(json.dumps({**CONTRACT_COMMENT, **change}))


def test_contract_comment_decodes_with_time_in_utc() -> None:
    event = comment()
    assert event.created_at == datetime(2024, 3, 5, 8, 15, tzinfo=UTC)
    assert event.created_at.utcoffset() == timedelta(0)
    assert event.schema_version == 1


def test_naive_created_at_is_read_as_utc() -> None:
    assert comment(created_at="2024-03-05T09:15:00").created_at == datetime(
        2024, 3, 5, 9, 15, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "change",
    [
        {"channel": "sms"},
        {"schema_version": 2},
        {"text": ""},
        {"text": "   "},
        {"text": "x" * (MAX_TEXT_CHARS + 1)},
    ],
    ids=["unknown-channel", "schema-version-2", "empty-text", "blank-text", "text-too-long"],
)
def test_comment_is_rejected(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        comment(**change)


def test_text_of_exactly_max_chars_is_accepted() -> None:
    assert len(comment(text="x" * MAX_TEXT_CHARS).text) == MAX_TEXT_CHARS


def test_extra_fields_are_ignored() -> None:
    event = comment(agent_id=17, queue="bygglov")
    assert "agent_id" not in event.model_dump()
    assert not hasattr(event, "queue")
    assert event == comment()


@pytest.mark.parametrize(
    "labels",
    [{"parking": "negative"}, {"waiting_time": "angry"}],
    ids=["unknown-area", "unknown-sentiment"],
)
def test_label_with_unknown_ids_is_rejected(labels: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        LabelEvent.model_validate_json(
            json.dumps({"comment_id": "c-1", "text": TEXT, "labels": labels})
        )
