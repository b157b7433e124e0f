"""The labelled Swedish corpus (``data/corpus/*.jsonl``) and its fixed train/held-out split.

A record is ``{"id", "text", "labels": {area: sentiment}, "channel"}``. The split is a pure
function of the id, so it never moves when the corpus grows: a record is held out ("test")
iff ``int(sha1(id), 16) % 5 == 0``. The held-out part is never used to train the shipped model.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from schemas.vocabulary import AREAS, SENTIMENTS

__all__ = ["DEFAULT_DATA_DIR", "corpus_dir", "load_corpus", "split_of", "trigram_diversity"]

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "corpus"
SPLITS = ("train", "test")


def split_of(record_id: str) -> str:
    """``"test"`` for the held-out fifth of ids, else ``"train"``.

    >>> split_of("b-0001"), split_of("c-0003")
    ('test', 'train')
    """
    return "test" if int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 5 == 0 else "train"


def corpus_dir(data_dir: Path | None = None) -> Path:
    """The corpus folder: the argument, else ``$PULSE_DATA_DIR``, else ``<repo>/data/corpus``."""
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get("PULSE_DATA_DIR")
    return Path(env) if env else DEFAULT_DATA_DIR


def _valid(rec: Any) -> bool:
    if not isinstance(rec, dict):
        return False
    labels = rec.get("labels")
    return (
        isinstance(rec.get("id"), str)
        and isinstance(rec.get("text"), str)
        and bool(rec["text"].strip())
        and isinstance(labels, dict)
        and bool(labels)
        and all(a in AREAS and s in SENTIMENTS for a, s in labels.items())
    )


def load_corpus(data_dir: Path | None = None, split: str | None = None) -> list[dict]:
    """Every valid record of ``*.jsonl`` in the corpus folder, in file then line order.

    Lines that do not parse (a half-written last line while a writer appends), records with
    unknown areas or sentiments, and repeated ids (first one wins) are skipped.
    ``split`` is ``None`` (all), ``"train"`` or ``"test"``.
    """
    if split not in (None, *SPLITS):
        raise ValueError(f"split must be None, 'train' or 'test', not {split!r}")
    records: list[dict] = []
    seen: set[str] = set()
    for path in sorted(corpus_dir(data_dir).glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if not _valid(rec) or rec["id"] in seen:
                    continue
                seen.add(rec["id"])
                if split is None or split_of(rec["id"]) == split:
                    records.append(rec)
    return records


def corpus_digest(records: list[dict]) -> str:
    """A short stable hash of records (id, text, labels), for model versions."""
    h = hashlib.sha1()
    for rec in sorted(records, key=lambda r: r["id"]):
        h.update(
            json.dumps(
                [rec["id"], rec["text"], rec["labels"]], sort_keys=True, ensure_ascii=False
            ).encode()
        )
    return h.hexdigest()


def trigram_diversity(texts: list[str]) -> float:
    """Distinct word 3-grams over all word 3-grams, 3-grams taken within each text
    (lower-cased words, punctuation dropped): how far a set of comments is from templates.

    >>> trigram_diversity(["lång kö igen", "lång kö igen"])
    0.5
    """
    import re

    grams = []
    for text in texts:
        words = re.findall(r"\w+", text.lower())
        grams.extend(zip(words, words[1:], words[2:], strict=False))
    return len(set(grams)) / len(grams) if grams else 0.0
