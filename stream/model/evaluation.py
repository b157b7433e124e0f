"""Scores for ``{area: sentiment}`` predictions against gold labels, as plain dicts.

Three views, as the project is graded:

* area detection: multi-label, micro-averaged over (comment, area) memberships, plus per area;
* sentiment on the areas found (gold and predicted both contain the area): per class, macro-F1,
  accuracy and a confusion matrix ``confusion[gold][predicted]``;
* (area, sentiment) pairs: micro-F1, a pair counts only if both the area and its sentiment match.

Examples
--------
>>> gold = [{"waiting_time": "negative", "caseworker_service": "positive"}]
>>> pred = [{"waiting_time": "negative", "digital_services": "negative"}]
>>> round(area_scores(gold, pred)["f1"], 3), pair_scores(gold, pred)["f1"]
(0.5, 0.5)
"""

from __future__ import annotations

from collections.abc import Sequence

from schemas.vocabulary import AREAS, SENTIMENTS

__all__ = ["area_scores", "evaluate", "pair_scores", "prf", "sentiment_scores"]

Labels = dict[str, str]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall, F1 (0 where undefined) and support (tp + fn)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": tp + fn}


def _check(gold: Sequence[Labels], pred: Sequence[Labels]) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")


def area_scores(gold: Sequence[Labels], pred: Sequence[Labels]) -> dict:
    """Area detection: micro P/R/F1 (``precision``, ``recall``, ``f1``), ``macro_f1``, ``per_area``."""
    _check(gold, pred)
    counts = {a: [0, 0, 0] for a in AREAS}  # tp, fp, fn
    for g, p in zip(gold, pred):
        for a in AREAS:
            if a in g and a in p:
                counts[a][0] += 1
            elif a in p:
                counts[a][1] += 1
            elif a in g:
                counts[a][2] += 1
    per_area = {a: prf(*c) for a, c in counts.items()}
    micro = prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    macro = sum(s["f1"] for s in per_area.values()) / len(AREAS)
    return {**micro, "macro_f1": macro, "per_area": per_area}


def sentiment_scores(gold: Sequence[Labels], pred: Sequence[Labels]) -> dict:
    """Sentiment on the areas found in both: ``per_class``, ``macro_f1``, ``accuracy``,
    ``confusion`` (gold → predicted → count), ``n`` and ``per_area`` accuracy."""
    _check(gold, pred)
    confusion = {s: {t: 0 for t in SENTIMENTS} for s in SENTIMENTS}
    per_area_hits = {a: [0, 0] for a in AREAS}
    for g, p in zip(gold, pred):
        for a, s in g.items():
            if a in p:
                confusion[s][p[a]] += 1
                per_area_hits[a][0] += int(s == p[a])
                per_area_hits[a][1] += 1
    n = sum(sum(row.values()) for row in confusion.values())
    per_class = {}
    for s in SENTIMENTS:
        tp = confusion[s][s]
        fp = sum(confusion[o][s] for o in SENTIMENTS if o != s)
        fn = sum(confusion[s][o] for o in SENTIMENTS if o != s)
        per_class[s] = prf(tp, fp, fn)
    correct = sum(confusion[s][s] for s in SENTIMENTS)
    return {
        "per_class": per_class,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(SENTIMENTS),
        "accuracy": correct / n if n else 0.0,
        "confusion": confusion,
        "n": n,
        "per_area_accuracy": {a: (h / t if t else 0.0) for a, (h, t) in per_area_hits.items()},
    }


def pair_scores(gold: Sequence[Labels], pred: Sequence[Labels]) -> dict[str, float]:
    """Micro P/R/F1 over (comment, area, sentiment) triples."""
    _check(gold, pred)
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        gs, ps = set(g.items()), set(p.items())
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    return prf(tp, fp, fn)


def evaluate(gold: Sequence[Labels], pred: Sequence[Labels]) -> dict:
    """All three views: ``{"area": ..., "sentiment": ..., "pair": ..., "n_comments": N}``."""
    return {
        "area": area_scores(gold, pred),
        "sentiment": sentiment_scores(gold, pred),
        "pair": pair_scores(gold, pred),
        "n_comments": len(gold),
    }
