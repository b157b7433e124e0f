"""The comment model: which areas a comment concerns, and the sentiment for each.

Two stages of River logistic regressions on the features of :mod:`stream.model.text`:

1. *Area detection* (multi-label): one binary classifier per area on the whole comment.
   An area is found when its probability reaches ``area_threshold``; a comment always gets
   at least its most likely area.
2. *Sentiment per area*: one-vs-rest classifiers shared by all areas. A comment that concerns
   several areas often has a different sentiment in each clause ("Lång kö men handläggaren var
   jättetrevlig"), so each clause is attributed to the found area its words point to most (by
   the area classifiers' weights), clauses without area words follow the clause before them,
   and an area is scored on its own clauses plus, more lightly, the whole comment. Features
   crossed with the area let one word mean different things in different areas.

Scoring goes through :func:`_dots`, which gathers the weights once per batch for all the
comments of a batch, so :meth:`CommentModel.predict_many` shares the work that a loop of
:meth:`CommentModel.predict_one` would repeat.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import random
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import chain

import numpy as np
from river import linear_model, optim

from schemas.vocabulary import AREAS, SENTIMENTS
from stream.model.text import Doc, analyse, clause_keys, length_key, vectorise

__all__ = ["CommentModel", "ModelParams", "Prediction"]

_SNAPSHOT_MAGIC = b"PULSEM1\n"


@dataclass(frozen=True)
class Prediction:
    """What the model says about one comment."""

    labels: dict[str, str]  # {area: sentiment} for the areas found
    area_scores: dict[str, float]  # P(area concerned) for all five areas
    sentiment_scores: dict[str, dict[str, float]]  # {area: {sentiment: p}} for the areas found


@dataclass(frozen=True)
class ModelParams:
    """Every knob of the model; part of the version hash."""

    n_min: int = 3  # character n-grams, within words
    n_max: int = 5
    char_min_len: int = 1  # words shorter than this give no character n-grams
    char_buckets: int = 0  # hash character n-grams into this many buckets (0: keep them)
    cues: bool = True  # lexicon cue features
    area_weights: dict[str, float] = field(
        default_factory=lambda: {"w": 1.0, "b": 0.5, "c": 1.0, "x": 0.6, "m": 0.3}
    )
    sent_weights: dict[str, float] = field(
        default_factory=lambda: {"w": 1.0, "b": 0.6, "c": 0.5, "x": 0.8, "m": 0.4}
    )
    context_weight: float = 0.5  # the whole comment, next to an area's own clauses
    context_chars: bool = False  # character n-grams in the whole-comment context too
    cross_weight: float = 0.7  # area-crossed words and cues
    attribution: bool = True  # score each area on its own clauses
    attribution_min: float = 0.5  # weaker area evidence than this: clause follows the one before
    # SGD: its update runs in River's Rust VectorDict; AdaGrad (no better here) steps weight
    # by weight in Python and trained 3x slower.
    optimizer: str = "sgd"  # "sgd" | "adagrad" | "adam"
    area_lr: float = 0.5
    area_l2: float = 0.0
    sent_lr: float = 0.5
    sent_l2: float = 0.0
    intercept_lr: float = 0.05
    epochs: int = 8
    skip_below: float = 0.1  # batch passes after the first skip examples already this close
    area_threshold: float = 0.4
    area_pos_weight: float = 1.0  # sample weight of positives in area detection
    class_weights: dict[str, float] = field(
        default_factory=lambda: {"negative": 1.0, "skeptical": 1.5, "positive": 1.0}
    )

    def digest(self) -> str:
        return hashlib.sha1(repr(sorted(asdict(self).items())).encode()).hexdigest()


def _make_optimizer(name: str, lr: float) -> optim.base.Optimizer:
    if name == "adagrad":
        return optim.AdaGrad(lr)
    if name == "adam":
        return optim.Adam(lr)
    if name == "sgd":
        return optim.SGD(lr)
    raise ValueError(f"unknown optimizer {name!r}")


def _new_lr(params: ModelParams, lr: float, l2: float) -> linear_model.LogisticRegression:
    return linear_model.LogisticRegression(
        optimizer=_make_optimizer(params.optimizer, lr), l2=l2, intercept_lr=params.intercept_lr
    )


def _dots(
    xs: Sequence[dict[str, float]], models: Sequence[linear_model.LogisticRegression]
) -> np.ndarray:
    """``w·x`` (no intercept) for every x and model: shape ``(len(xs), len(models))``.

    The features of the whole batch are indexed once and each model's weights fetched once
    (``VectorDict.to_numpy``, as River's own mini-batch path does), so shared words cost one
    lookup per batch, not one per comment. A row's sum depends only on that row, so a comment
    scores the same alone or in a batch.
    """
    n = len(xs)
    out = np.zeros((n, len(models)))
    lengths = [len(x) for x in xs]
    total = sum(lengths)
    if not total:
        return out
    # Index the batch's features in C-level loops: this runs once per batch, not per comment.
    flat_keys = list(chain.from_iterable(xs))
    vals = np.fromiter(chain.from_iterable(x.values() for x in xs), dtype=float, count=total)
    uniq = dict.fromkeys(flat_keys)
    index = dict(zip(uniq, range(len(uniq))))
    cols = np.fromiter(map(index.__getitem__, flat_keys), dtype=np.intp, count=total)
    rows = np.repeat(np.arange(n), lengths)
    keys = list(uniq)
    for m, model in enumerate(models):
        w = model._weights.to_numpy(keys)
        out[:, m] = np.bincount(rows, weights=vals * w[cols], minlength=n)
    return out
    keys = list(index)
    r = np.asarray(rows, dtype=np.intp)
    c = np.asarray(cols, dtype=np.intp)
    v = np.asarray(vals)
    for m, model in enumerate(models):
        w = model._weights.to_numpy(keys)
        out[:, m] = np.bincount(r, weights=v * w[c], minlength=len(xs))
    return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


class _Analysed:
    """A comment's analysis and the feature dicts derived from it (computed once)."""

    __slots__ = ("_clause_x", "area_x", "doc", "parts")

    def __init__(self, text: str, params: ModelParams) -> None:
        self.doc: Doc = analyse(text)
        self.parts = [
            clause_keys(
                c, params.n_min, params.n_max, params.cues, params.char_min_len, params.char_buckets
            )
            for c in self.doc.clauses
        ]
        self.area_x = vectorise(
            self.parts, params.area_weights, extra_meta=(length_key(self.doc.n_words),)
        )
        self._clause_x: list[dict[str, float]] | None = None

    def clause_x(self, params: ModelParams) -> list[dict[str, float]]:
        if self._clause_x is None:
            self._clause_x = [vectorise([p], params.area_weights) for p in self.parts]
        return self._clause_x


class CommentModel:
    """Areas and per-area sentiment of Swedish citizen comments; learns online.

    Parameters
    ----------
    params
        Model settings; defaults are the shipped ones.
    base_version
        The version before any online label, e.g. ``"base-1a2b3c4d"``.
    """

    def __init__(self, params: ModelParams | None = None, base_version: str = "base-untrained"):
        self.params = params or ModelParams()
        self.base_version = base_version
        self.labels_learned = 0
        p = self.params
        self._area = {a: _new_lr(p, p.area_lr, p.area_l2) for a in AREAS}
        self._sent = {s: _new_lr(p, p.sent_lr, p.sent_l2) for s in SENTIMENTS}

    # -- identity ------------------------------------------------------------------------

    @property
    def version(self) -> str:
        """``base-<hash>``, then ``+<n>`` once ``n`` labels have been learned online."""
        if self.labels_learned:
            return f"{self.base_version}+{self.labels_learned}"
        return self.base_version

    def __repr__(self) -> str:
        return f"CommentModel(version={self.version!r})"

    # -- features ------------------------------------------------------------------------

    def _attribute(
        self, items: Sequence[tuple[_Analysed, Sequence[str]]]
    ) -> list[dict[str, list[int]]]:
        """For each (comment, areas), the clause indices that each area is scored on."""
        p = self.params
        out: list[dict[str, list[int]]] = []
        need: list[tuple[int, _Analysed]] = []
        for i, (an, areas) in enumerate(items):
            n = len(an.doc.clauses)
            out.append({a: list(range(n)) for a in areas})
            if p.attribution and n > 1 and len(areas) > 1:
                need.append((i, an))
        if not need:
            return out
        xs = [x for _, an in need for x in an.clause_x(p)]
        area_idx = {a: k for k, a in enumerate(AREAS)}
        evidence = _dots(xs, [self._area[a] for a in AREAS])
        row = 0
        for i, an in need:
            areas = list(items[i][1])
            n = len(an.doc.clauses)
            ev = evidence[row : row + n][:, [area_idx[a] for a in areas]]
            row += n
            owner: list[int | None] = []
            for c in range(n):
                best = int(np.argmax(ev[c]))
                owner.append(best if ev[c, best] >= p.attribution_min else None)
            # Clauses without area words continue the clause before (or the first that has one).
            last = next((o for o in owner if o is not None), None)
            assigned: dict[str, list[int]] = {a: [] for a in areas}
            for c, o in enumerate(owner):
                if o is None:
                    o = last
                else:
                    last = o
                if o is not None:
                    assigned[areas[o]].append(c)
            for k, a in enumerate(areas):
                if not assigned[a]:
                    assigned[a] = [int(np.argmax(ev[:, k]))]
            out[i] = assigned
        return out

    def _sent_x(self, an: _Analysed, area: str, clauses: list[int]) -> dict[str, float]:
        p = self.params
        own = [an.parts[c] for c in clauses]
        x = vectorise(own, p.sent_weights)
        if p.context_weight:
            scaled = {
                g: w * p.context_weight
                for g, w in p.sent_weights.items()
                if g != "c" or p.context_chars
            }
            x.update(vectorise(an.parts, scaled, prefix="t|"))
        if p.cross_weight:
            cross = {"w": p.cross_weight, "x": p.cross_weight, "m": p.cross_weight}
            x.update(vectorise(own, cross, prefix=f"{area}|", extra_meta=("bias",)))
        return x

    # -- prediction ----------------------------------------------------------------------

    def predict_one(self, text: str) -> Prediction:
        """Areas and per-area sentiment of one comment."""
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        """:meth:`predict_one` for many comments, sharing the feature and weight look-ups."""
        if not texts:
            return []
        p = self.params
        ans = [_Analysed(t, p) for t in texts]
        area_models = [self._area[a] for a in AREAS]
        intercepts = np.array([m.intercept for m in area_models])
        area_p = _sigmoid(_dots([an.area_x for an in ans], area_models) + intercepts)
        found: list[list[str]] = []
        for row in area_p:
            areas = [a for a, q in zip(AREAS, row) if q >= p.area_threshold]
            found.append(areas or [AREAS[int(np.argmax(row))]])
        owners = self._attribute(list(zip(ans, found)))
        pairs = [(i, a) for i, areas in enumerate(found) for a in areas]
        sent_models = [self._sent[s] for s in SENTIMENTS]
        s_int = np.array([m.intercept for m in sent_models])
        sx = [self._sent_x(ans[i], a, owners[i][a]) for i, a in pairs]
        sp = _sigmoid(_dots(sx, sent_models) + s_int)
        sp = sp / sp.sum(axis=1, keepdims=True)
        sent_scores: list[dict[str, dict[str, float]]] = [{} for _ in texts]
        for (i, a), row in zip(pairs, sp):
            sent_scores[i][a] = {s: float(q) for s, q in zip(SENTIMENTS, row)}
        preds = []
        for i in range(len(texts)):
            labels = {a: max(SENTIMENTS, key=sent_scores[i][a].__getitem__) for a in found[i]}
            preds.append(
                Prediction(
                    labels=labels,
                    area_scores={a: float(q) for a, q in zip(AREAS, area_p[i])},
                    sentiment_scores=sent_scores[i],
                )
            )
        return preds

    # -- learning ------------------------------------------------------------------------

    @staticmethod
    def _check_labels(labels: dict[str, str]) -> None:
        for a, s in labels.items():
            if a not in AREAS:
                raise ValueError(f"unknown area {a!r}")
            if s not in SENTIMENTS:
                raise ValueError(f"unknown sentiment {s!r} for {a}")

    @staticmethod
    def _learn(
        model: linear_model.LogisticRegression, x: dict, y: bool, w: float, skip: float
    ) -> None:
        # Skipping examples the model already gets right to within ``skip`` saves most of the
        # later passes' updates; their log-loss gradient (|y - p|) is that small anyway.
        if skip:
            p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, model._raw_dot_one(x)))))
            if abs(y - p) < skip:
                return
        model.learn_one(x, y, w=w)

    def _learn_area(self, an: _Analysed, labels: dict[str, str], skip: float = 0.0) -> None:
        for a in AREAS:
            y = a in labels
            w = self.params.area_pos_weight if y else 1.0
            self._learn(self._area[a], an.area_x, y, w, skip)

    def _learn_sentiment(self, x: dict[str, float], sentiment: str, skip: float = 0.0) -> None:
        w = self.params.class_weights.get(sentiment, 1.0)
        for s in SENTIMENTS:
            self._learn(self._sent[s], x, s == sentiment, w, skip)

    def learn_one(self, text: str, labels: dict[str, str]) -> None:
        """Learn one labelled comment: ``labels`` holds every area it concerns.

        Areas absent from ``labels`` are negatives for area detection.
        """
        self._check_labels(labels)
        an = _Analysed(text, self.params)
        self._learn_area(an, labels)
        if labels:
            owners = self._attribute([(an, list(labels))])[0]
            for a, s in labels.items():
                self._learn_sentiment(self._sent_x(an, a, owners[a]), s)
        self.labels_learned += 1

    def fit(self, records: Sequence[dict], seed: int = 42) -> CommentModel:
        """Batch-train on ``records`` (``text``, ``labels``) for ``params.epochs`` passes.

        Areas first, then sentiment with the trained area weights attributing clauses; each
        pass visits the records in an order shuffled by ``seed``. Does not count as online
        labels (``labels_learned`` is unchanged).
        """
        p = self.params
        for rec in records:
            self._check_labels(rec["labels"])
        ans = [_Analysed(rec["text"], p) for rec in records]
        labels = [rec["labels"] for rec in records]
        rng = random.Random(seed)
        order = list(range(len(records)))
        for epoch in range(p.epochs):
            rng.shuffle(order)
            skip = p.skip_below if epoch else 0.0
            for i in order:
                self._learn_area(ans[i], labels[i], skip)
        owners = self._attribute([(an, list(lab)) for an, lab in zip(ans, labels)])
        sx = [
            [(self._sent_x(an, a, own[a]), s) for a, s in lab.items()]
            for an, lab, own in zip(ans, labels, owners)
        ]
        for epoch in range(p.epochs):
            rng.shuffle(order)
            skip = p.skip_below if epoch else 0.0
            for i in order:
                for x, s in sx[i]:
                    self._learn_sentiment(x, s, skip)
        return self

    # -- snapshots -----------------------------------------------------------------------

    def dumps(self) -> bytes:
        """A compressed pickle of the whole model, version and label count included."""
        state = {
            "params": self.params,
            "base_version": self.base_version,
            "labels_learned": self.labels_learned,
            "area": self._area,
            "sent": self._sent,
        }
        return _SNAPSHOT_MAGIC + zlib.compress(pickle.dumps(state, protocol=5), 6)

    @classmethod
    def loads(cls, data: bytes) -> CommentModel:
        """The model that :meth:`dumps` wrote (only load snapshots you produced: pickle)."""
        if not data.startswith(_SNAPSHOT_MAGIC):
            raise ValueError("not a CommentModel snapshot")
        state = pickle.loads(zlib.decompress(data[len(_SNAPSHOT_MAGIC) :]))
        model = cls(state["params"], state["base_version"])
        model.labels_learned = state["labels_learned"]
        model._area = state["area"]
        model._sent = state["sent"]
        return model
