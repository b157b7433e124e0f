"""`pulse model …`: predict with the shipped model or a snapshot, from JSONL on stdin."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

from stream.settings import Settings

BATCH = 256


def predict(model_path: Path | None) -> int:
    """Read {"id", "text"} lines, write {"id", "labels"} lines in the same order."""
    from stream.runtime import load_model

    settings = Settings(model_path=str(model_path)) if model_path else Settings()
    model = load_model(settings)
    out = sys.stdout.buffer
    batch: list[dict] = []

    def flush() -> None:
        for rec, pred in zip(batch, model.predict_many([r["text"] for r in batch]), strict=True):
            out.write(orjson.dumps({"id": rec.get("id"), "labels": pred.labels}) + b"\n")
        batch.clear()

    for lineno, line in enumerate(sys.stdin.buffer, 1):
        if not line.strip():
            continue
        try:
            rec = orjson.loads(line)
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise ValueError('expected an object with a "text" string')
        except ValueError as exc:
            print(f"line {lineno}: skipped: {exc}", file=sys.stderr)
            continue
        batch.append(rec)
        if len(batch) >= BATCH:
            flush()
    flush()
    out.flush()
    return 0
