"""Export the event models as JSON Schema and every topic as an AsyncAPI 3.0.0 document."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from schemas.events import (
    SCHEMA_VERSION,
    Alert,
    CommentEvent,
    DeadLetter,
    LabelEvent,
    PulseSnapshot,
    ScoredComment,
)
from stream import __version__
from stream.topics import Topics, TopicSpec

JsonDict = dict[str, Any]

SCHEMAS_DIR = Path(__file__).resolve().parent
JSON_DIR = "json"
ASYNCAPI_FILE = "asyncapi.yaml"
HINT = "run `pulse schemas export`"

EVENT_MODELS: tuple[type[BaseModel], ...] = (
    CommentEvent,
    LabelEvent,
    ScoredComment,
    PulseSnapshot,
    Alert,
    DeadLetter,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# A reserved (RFC 2606) host: the $id names the schema and never has to be fetched.
# The schema version is part of it, so a breaking v2 gets new ids.
SCHEMA_BASE_URI = f"https://pulsen.example/schemas/v{SCHEMA_VERSION}/"
KAFKA_BINDING_VERSION = "0.5.0"

# Stage that consumes / produces each topic, by the Topics property that names it.
RECEIVERS: Mapping[str, str] = {
    "raw": "Ingest validates, redacts and deduplicates comments as received.",
    "comments": "Score labels each comment with areas and a sentiment per area.",
    "scored": "Pulse counts scored comments in rolling windows.",
    "labels": "Learn updates the online model from analysts' and survey labels.",
    "model": "A starting worker loads the newest model checkpoint, then replays later labels.",
}
SENDERS: Mapping[str, str] = {
    "comments": "Ingest publishes validated, redacted comments.",
    "dlq": "Ingest dead-letters records that failed validation, with the reason.",
    "scored": "Score publishes comments with their areas and sentiments.",
    "metrics": "Pulse publishes a snapshot per window and municipality on change.",
    "alerts": "Alerts publishes negativity-spike alerts.",
    "model": "One worker writes model checkpoints with the label offset they include.",
}
RAW_MESSAGE = "RawComment"

_DEFS_REF = "#/$defs/"
_COMPONENT_REF = "#/components/schemas/"
_MODELS = {model.__name__: model for model in EVENT_MODELS}
_ROLES = tuple(name for name, value in vars(Topics).items() if isinstance(value, property))


def schema_id(model: type[BaseModel]) -> str:
    return f"{SCHEMA_BASE_URI}{model.__name__}.json"


def json_schema(model: type[BaseModel]) -> JsonDict:
    """The model's validation JSON Schema (Draft 2020-12) with a stable ``$id`` and title."""
    schema = model.model_json_schema(mode="validation")
    return {"$schema": DIALECT, "$id": schema_id(model), **schema, "title": model.__name__}


def json_schemas() -> dict[str, JsonDict]:
    return {model.__name__: json_schema(model) for model in EVENT_MODELS}


def _rehome_refs(node: Any) -> Any:
    # "#/$defs/X" would resolve against the AsyncAPI document root, where X lives
    # under components/schemas instead.
    if isinstance(node, dict):
        return {
            key: _COMPONENT_REF + value.removeprefix(_DEFS_REF)
            if key == "$ref" and isinstance(value, str) and value.startswith(_DEFS_REF)
            else _rehome_refs(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rehome_refs(item) for item in node]
    return node


def _as_component(schema: JsonDict) -> JsonDict:
    # AsyncAPI's default schema format is a superset of Draft 07: no $defs, and no $id,
    # which would change the base URI that the rehomed refs resolve against.
    body = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs")}
    return _rehome_refs(body)


def component_schemas(schemas: Mapping[str, JsonDict]) -> dict[str, JsonDict]:
    """The exported schemas with their ``$defs`` hoisted beside them, for components/schemas."""
    out: dict[str, JsonDict] = {}
    for name, schema in schemas.items():
        nested = {key: _as_component(value) for key, value in schema.get("$defs", {}).items()}
        for key, value in {name: _as_component(schema), **nested}.items():
            if out.setdefault(key, value) != value:
                raise ValueError(f"two different schemas are named {key!r}")
    return out


def topic_configuration(config: Mapping[str, str]) -> JsonDict:
    """Kafka topic configs in the Kafka binding's types (policy list, integer ms/bytes)."""
    out: JsonDict = {}
    for key, value in config.items():
        if key == "cleanup.policy":
            out[key] = [policy.strip() for policy in value.split(",")]
        elif key.endswith((".ms", ".bytes")):
            out[key] = int(value)
        else:
            out[key] = value
    return out


def _channel_ids(topics: Topics) -> dict[str, str]:
    return {getattr(topics, role): role for role in _ROLES}


def _payload_model(spec: TopicSpec, topics: Topics) -> str:
    # The raw topic holds bytes as received; the contract they are held to is CommentEvent.
    if spec.name == topics.raw:
        return CommentEvent.__name__
    if spec.value not in _MODELS:
        raise ValueError(f"topic {spec.name} carries {spec.value!r}, which no model exports")
    return spec.value


def _binary_message(spec: TopicSpec) -> tuple[str, JsonDict]:
    # Not an event: opaque bytes that only Pulsen's own workers read.
    name = "ModelCheckpoint"
    return name, {
        "name": name,
        "description": spec.value,
        "contentType": "application/octet-stream",
        "payload": {"type": "string", "format": "binary"},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": f"Record key: {spec.key}."},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _message(spec: TopicSpec, topics: Topics) -> tuple[str, JsonDict]:
    if spec.value.startswith("bytes:") and spec.name != topics.raw:
        return _binary_message(spec)
    model = _payload_model(spec, topics)
    if spec.name == topics.raw:
        name = RAW_MESSAGE
        description = (
            f"One JSON object per record, as any Kafka client sends it: the {model} contract, "
            "before validation, with optional fields beyond it welcome. A record that is not "
            f"valid JSON or breaks the contract goes to the dead-letter topic `{topics.dlq}` "
            "as a DeadLetter with the original bytes and the reason; nothing is dropped."
        )
    else:
        name = model
        description = json_schema(_MODELS[model]).get("description", model)
    return name, {
        "name": name,
        "description": description,
        "contentType": "application/json",
        "payload": {"$ref": f"{_COMPONENT_REF}{model}"},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": f"Record key: {spec.key}."},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _channel(spec: TopicSpec, topics: Topics) -> JsonDict:
    name, message = _message(spec, topics)
    return {
        "address": spec.name,
        "description": spec.description,
        "messages": {name: message},
        "bindings": {
            "kafka": {
                "partitions": spec.partitions,
                "topicConfiguration": topic_configuration(spec.config),
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _channel_id(spec: TopicSpec, topics: Topics) -> str:
    fallback = spec.name.removeprefix(f"{topics.prefix}.").replace(".", "_")
    return _channel_ids(topics).get(spec.name, fallback)


def channels(topics: Topics) -> dict[str, JsonDict]:
    return {_channel_id(spec, topics): _channel(spec, topics) for spec in topics.specs()}


def operations(chans: Mapping[str, JsonDict]) -> dict[str, JsonDict]:
    """One ``receive`` per consumed and one ``send`` per produced channel, named uniquely."""
    out: dict[str, JsonDict] = {}
    for action, stages in (("receive", RECEIVERS), ("send", SENDERS)):
        for channel_id, summary in stages.items():
            out[f"{action}{channel_id[:1].upper()}{channel_id[1:]}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{channel_id}"},
                "summary": summary,
                "messages": [
                    {"$ref": f"#/channels/{channel_id}/messages/{message}"}
                    for message in chans[channel_id]["messages"]
                ],
            }
    return out


def servers() -> JsonDict:
    return {
        "production": {
            "host": "{broker}",
            "protocol": "kafka",
            "description": "Apache Kafka or any Kafka-compatible cluster, named by "
            "`PULSE_BROKER_URL` (kafka://host:port).",
            "variables": {
                "broker": {
                    "default": "kafka:9092",
                    "description": "host:port of a bootstrap broker: `PULSE_BROKER_URL` "
                    "without its kafka:// scheme.",
                }
            },
        },
        "embedded": {
            "host": "127.0.0.1:{port}",
            "protocol": "kafka",
            "description": "The embedded Tansu broker of `pulse demo` and `pulse broker`, on "
            "the loopback interface; it prints its address as `broker: HOST:PORT`.",
            "variables": {
                "port": {
                    "default": "9092",
                    "description": "The port it listens on (`pulse broker --port P`); "
                    "`pulse demo` picks a free one.",
                }
            },
        },
    }


def asyncapi_document(topics: Topics | None = None) -> JsonDict:
    """The AsyncAPI 3.0.0 document for every topic in ``topics.specs()``."""
    topics = topics or Topics()
    chans = channels(topics)
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Pulsen",
            "version": __version__,
            "description": (
                "Live citizen-feedback pulse for municipal contact centres. Comments arrive "
                f"on `{topics.raw}`, are validated and redacted (failures go to "
                f"`{topics.dlq}`), scored into five areas with a sentiment each, counted in "
                "rolling windows per municipality and nationally, and watched for "
                "negativity spikes. Every record value is JSON produced from a pydantic model "
                "with a `schema_version`."
            ),
            "license": {"name": "MIT"},
        },
        "defaultContentType": "application/json",
        "servers": servers(),
        "channels": chans,
        "operations": operations(chans),
        "components": {"schemas": component_schemas(json_schemas())},
    }


def render_json(schema: JsonDict) -> str:
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def render_yaml(document: JsonDict) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def rendered_files() -> dict[Path, str]:
    """Every generated file, by its path relative to the schemas folder, with its text."""
    files = {
        Path(JSON_DIR, f"{name}.json"): render_json(schema)
        for name, schema in json_schemas().items()
    }
    files[Path(ASYNCAPI_FILE)] = render_yaml(asyncapi_document())
    return files


def _stale(root: Path, files: Mapping[Path, str]) -> list[Path]:
    return sorted(p for p in (root / JSON_DIR).glob("*.json") if p.relative_to(root) not in files)


def write_all(root: Path) -> list[Path]:
    """Write every generated file under ``root``, drop JSON files no model exports any more."""
    files = rendered_files()
    for path in _stale(root, files):
        path.unlink()
    written = []
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def check_all(root: Path) -> list[str]:
    """What differs between the files under ``root`` and the models; empty when in date."""
    files = rendered_files()
    problems = [f"{p} is exported by no model: {HINT}" for p in _stale(root, files)]
    for relative, text in files.items():
        path = root / relative
        if not path.is_file():
            problems.append(f"{path} is missing: {HINT}")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path} is out of date: {HINT}")
    return sorted(problems)
