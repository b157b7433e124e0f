"""`pulse model …`: predict with the shipped model or a snapshot, from JSONL on stdin."""

from __future__ import annotations

import sys
import zlib
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
                raise ValueError('expected an object with a "text" string')  # noqa: TRY004
        except ValueError as exc:
            print(f"line {lineno}: skipped: {exc}", file=sys.stderr)
            continue
        batch.append(rec)
        if len(batch) >= BATCH:
            flush()
    flush()
    out.flush()
    return 0


def _read_labelled(source: str) -> list[dict]:
    """JSONL records with "text" and "labels" (or a generator's "truth")."""
    from stream.produce import read_lines

    records = []
    for n, line in enumerate(read_lines(source), 1):
        rec = orjson.loads(line)
        labels = rec.get("labels", rec.get("truth"))
        if not isinstance(rec.get("text"), str) or not isinstance(labels, dict):
            raise SystemExit(f"{source}: record {n}: needs \"text\" and \"labels\" (or \"truth\")")
        records.append({"id": rec.get("id", str(n)), "text": rec["text"], "labels": labels})
    return records


def train(source: str, output: Path, seed: int = 42) -> int:
    """Train a fresh model on a labelled JSONL file and write its snapshot."""
    import hashlib
    import os
    import time

    from stream.model import CommentModel, ModelParams, base_version, progress_lines

    records = _read_labelled(source)
    started = time.monotonic()
    params = ModelParams()
    # Records from any file: they need not have ids, so the digest is of the file's records.
    base = base_version(hashlib.sha1(orjson.dumps(records)).hexdigest(), params, seed)
    model = CommentModel(params, base_version=base).fit(
        records,
        seed=seed,
        processes=os.cpu_count() or 1,
        progress=progress_lines(lambda line: print(line, file=sys.stderr, flush=True)),
    )
    output.write_bytes(model.dumps())
    print(f"trained {model.version} on {len(records)} comments in "
          f"{time.monotonic() - started:.1f} s → {output}", file=sys.stderr)
    return 0


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                               enumerate(zip(r, widths, strict=True))) for r in rows)


def report(scores: dict) -> str:
    """Per-area and per-class precision/recall/F1, pair F1 and the confusion matrix."""
    from schemas.vocabulary import SENTIMENTS

    fmt = lambda x: f"{x:.3f}"
    area = scores["area"]
    rows = [["area", "precision", "recall", "f1", "support"]]
    for name, s in area["per_area"].items():
        rows.append([name, fmt(s["precision"]), fmt(s["recall"]), fmt(s["f1"]), str(s["support"])])
    rows.append(["micro", fmt(area["precision"]), fmt(area["recall"]), fmt(area["f1"]), ""])
    sent = scores["sentiment"]
    srows = [["sentiment (areas found)", "precision", "recall", "f1", "support"]]
    for name, s in sent["per_class"].items():
        srows.append([name, fmt(s["precision"]), fmt(s["recall"]), fmt(s["f1"]), str(s["support"])])
    srows.append(["macro", "", "", fmt(sent["macro_f1"]), str(sent["n"])])
    crows = [["gold \\ predicted", *SENTIMENTS]]
    for gold in SENTIMENTS:
        crows.append([gold, *(str(sent["confusion"][gold][p]) for p in SENTIMENTS)])
    pair = scores["pair"]
    return "\n\n".join([
        f"{scores['n_comments']} comments",
        _table(rows), _table(srows), _table(crows),
        (f"(area, sentiment) pairs: precision {fmt(pair['precision'])}, "
         f"recall {fmt(pair['recall'])}, f1 {fmt(pair['f1'])}"),
    ])


def share_table(gold: list[dict], pred: list[dict]) -> tuple[str, float]:
    """Per-area sentiment shares, true against predicted, and their mean absolute error in
    percentage points: what the pulse would show, the figure the wallboard lives by."""
    from collections import Counter

    from schemas.vocabulary import AREAS, SENTIMENTS

    def shares(labels: list[dict]) -> dict[tuple[str, str], float]:
        cells, totals = Counter(), Counter()
        for item in labels:
            for area, sentiment in item.items():
                cells[(area, sentiment)] += 1
                totals[area] += 1
        return {(a, s): cells[(a, s)] / totals[a] for a in AREAS for s in SENTIMENTS
                if totals[a]}

    true, seen = shares(gold), shares(pred)
    rows = [["area", "sentiment", "true %", "predicted %", "error pp"]]
    errors = []
    for key in sorted(true):
        err = abs(true[key] - seen.get(key, 0.0)) * 100
        errors.append(err)
        rows.append([*key, f"{true[key] * 100:.1f}", f"{seen.get(key, 0.0) * 100:.1f}", f"{err:.1f}"])
    mae = sum(errors) / len(errors) if errors else 0.0
    return _table(rows) + f"\n\nmean absolute error of the shares: {mae:.2f} pp", mae


def in_label_sample(comment_id: str, share: float) -> bool:
    """Whether an analyst codes this comment, in a sample of ``share`` of all comments: by
    a hash of its id, so the sample is the same in any order and on any run."""
    return zlib.crc32(comment_id.encode()) < share * 2**32


def evaluate_file(
    source: str,
    model_path: Path | None,
    prequential: bool,
    as_json: bool,
    label_share: float = 1.0,
) -> int:
    """Score a labelled file; with ``prequential`` predict each comment, then learn it (only
    the comments in a ``label_share`` sample: what analysts code of a stream)."""
    from stream.model.evaluation import evaluate
    from stream.runtime import load_model

    if not 0.0 <= label_share <= 1.0:
        raise SystemExit(f"--label-share must be between 0 and 1, not {label_share}")
    settings = Settings(model_path=str(model_path)) if model_path else Settings()
    model = load_model(settings)
    records = _read_labelled(source)
    gold = [r["labels"] for r in records]
    learned = 0
    if prequential:
        pred = []
        for i, rec in enumerate(records, 1):
            pred.append(model.predict_one(rec["text"]).labels)
            if in_label_sample(rec["id"], label_share):  # a share of 1 takes every id
                model.learn_one(rec["text"], rec["labels"])
                learned += 1
            if i % 500 == 0:
                print(f"\r{i:,}/{len(records):,} replayed", end="", file=sys.stderr)
        print(file=sys.stderr)
    else:
        pred = [p.labels for p in model.predict_many([r["text"] for r in records])]
    scores = evaluate(gold, pred)
    table, scores["share_mae_pp"] = share_table(gold, pred)
    scores["labels_learned"] = learned
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(scores) + b"\n")
    else:
        mode = f" (prequential, learned {learned:,} of {len(records):,} labels)" if prequential else ""
        print(f"model {model.version}{mode}")
        print(report(scores))
        print()
        print(table)
    return 0
