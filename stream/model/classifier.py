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

Features are :data:`~stream.model.text.Segment` rows: groups of keys that share a prefix and a
value. Learning turns a row into River's feature dict. Scoring rows hold columns of a
:class:`_WeightCache` instead of keys (a word's n-grams, a lemma, a lemma pair are turned into
columns once, and prefixed keys are found from their unprefixed key's column, a batch at a
time); the cache keeps all eight models' weights as one numpy array by column between batches
and refetches only what learning changed, and a batch (:class:`_Batch`) gathers them in one go.
A score is still, bit for bit, the sum of its feature dict's terms in the dict's order.
"""

from __future__ import annotations

import gc
import hashlib
import math
import multiprocessing
import pickle
import random
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import chain, pairwise, repeat
from typing import Any, ClassVar

import numpy as np
from river import linear_model, optim

from schemas.vocabulary import AREAS, SENTIMENTS
from stream.model import lexicon
from stream.model.text import (
    GROUPS,
    GroupKeys,
    RawClause,
    Segment,
    _meta_keys,
    analyse_plain,
    char_keys_of,
    clause_groups,
    comment_keys,
    cue_keys,
    length_key,
    segments,
    segments_dict,
)

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
    # Train this many times on differently shuffled passes (seed, seed + 1, ...) and average
    # the weights: a linear model's mean weights score the mean of the copies' logits. One
    # shuffle's luck moved held-out pair F1 by ±0.005 and the 2020 share error by ±0.5 pp;
    # averaged copies land at or near the best one (README, "The model"). Two, because two
    # train side by side on two cores (~70 s); a third gained +0.003 pair F1 for twice that.
    shuffles: int = 2
    skip_below: float = 0.1  # batch passes after the first skip examples already this close
    area_threshold: float = 0.4
    # The guide keeps overall_experience for explicit verdicts; the model over-found it.
    area_thresholds: dict[str, float] = field(default_factory=lambda: {"overall_experience": 0.5})
    average_from: int = 4  # >0: final weights = mean of those after passes ≥ this (ASGD)
    # ... taken every this many examples too, not only at the end of a pass: five end-of-pass
    # snapshots each depended on the last few examples of their pass, and the 2020 year's
    # share error swung 2.7-3.4 pp with the shuffle seed; with 1000, 2.6-2.8 (README).
    average_every: int = 1000
    area_pos_weight: float = 1.0  # sample weight of positives in area detection
    # Equal: skeptical at 1.5 (set when the corpus had ~1,300 comments) over-read doubt on
    # text with less of it (survey years are 7-11 % skeptical, the corpus ~30 %), and on the
    # held-out split it did no better than 1.0 either.
    class_weights: dict[str, float] = field(
        default_factory=lambda: {"negative": 1.0, "skeptical": 1.0, "positive": 1.0}
    )

    def digest(self) -> str:
        return hashlib.sha1(repr(sorted(asdict(self).items())).encode()).hexdigest()


class _Average:
    """Averaged SGD over the later training passes: the running sum of some logistic
    regressions' weights and intercepts, then their mean. Averaging the noisy end of SGD
    generalised better to unseen writers (leave-one-writer-out pair F1 +0.006)."""

    def __init__(self, models: Iterable[linear_model.LogisticRegression]) -> None:
        self.models = list(models)
        self.n = 0
        self.weights = [type(m._weights)() for m in self.models]
        self.intercepts = [0.0] * len(self.models)

    def add(self) -> None:
        for k, m in enumerate(self.models):
            self.weights[k].iadd_scaled(m._weights, 1.0)
            self.intercepts[k] += m.intercept
        self.n += 1

    def apply(self) -> None:
        if not self.n:
            return
        for k, m in enumerate(self.models):
            mean = type(m._weights)()
            mean.iadd_scaled(self.weights[k], 1.0 / self.n)
            m._weights = mean
            m.intercept = self.intercepts[k] / self.n


def _mean_lr(models: Sequence[linear_model.LogisticRegression]) -> linear_model.LogisticRegression:
    """The first of ``models`` (its optimizer goes on learning) with all their mean weights."""
    first = models[0]
    mean = type(first._weights)()
    for m in models:
        mean.iadd_scaled(m._weights, 1.0 / len(models))
    first._weights = mean
    first.intercept = sum(m.intercept for m in models) / len(models)
    return first


# The pool processes' shared count of finished passes (set by _count_passes_in).
_passes_done: Any = None


def _count_passes_in(counter: Any) -> None:
    global _passes_done
    _passes_done = counter


def _pass_done() -> None:
    with _passes_done.get_lock():
        _passes_done.value += 1


def _train_copy(params: ModelParams, records: list[dict], seed: int) -> bytes:
    """One training in a pool process: the pickled area and sentiment models."""
    model = CommentModel(params)
    ans = [_Analysed(rec["text"], params) for rec in records]
    labels = [rec["labels"] for rec in records]
    return pickle.dumps(model._fit_copy(ans, labels, seed, on_pass=_pass_done))


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

    Without the weight cache, for learning, whose few rows meet weights that just changed: the
    features are indexed once and each model's weights fetched once (``VectorDict.to_numpy``,
    as River's own mini-batch path does). Terms add up in the order of each dict's keys.
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


# A weight cache drops everything when it holds this many keys beyond the models' own (the
# stream keeps bringing new words, whose weights are all 0).
_CACHE_MAX_NEW_KEYS = 250_000
# Learned rows remembered for marking; beyond this (batch training) the cache starts over.
_CACHE_MAX_DIRTY = 256
_CACHE_MAX_WORDS = 200_000  # words (and lemmas, lemma pairs) whose columns are kept

# Scoring rows name their key prefix by number: the index in the cache's ``prefixes``.
_NO_PREFIX, _CONTEXT_PREFIX = 0, 1


class _Columns(dict):
    """Full key (prefix included) -> column; a key met for the first time gets a new column."""

    __slots__ = ("_cache",)

    def __init__(self, cache: _WeightCache) -> None:
        super().__init__()
        self._cache = cache

    def __missing__(self, key: str) -> int:
        return self._cache._new_column(key)


class _WeightCache:
    """The weights of the area and sentiment models by column, kept between batches.

    ``to_numpy`` on River's weights cost about as much as all the rest of a prediction, and a
    stream keeps meeting the same keys, so the cache gives every key it meets a column, loads
    every weight the models hold once, and a batch gathers them by column; a key the models do
    not hold weighs 0 in all of them. Scoring rows hold columns, not keys: a word's n-grams,
    a lemma, a lemma pair and a cue are turned into columns once (memos here), and the keys
    with a prefix (context ``t|``, an area's ``<area>|``) are found from the key's own column
    in a table, a whole batch at a time.

    Learning changes weights under the cache: :meth:`learned` records the rows a group of
    models (area, sentiment) learned, :meth:`sync` marks their columns stale for that group,
    and :meth:`fresh` refetches stale columns when a batch reads them. That is exact because
    without L1/L2 penalties River's SGD, AdaGrad and Adam change only the weights of the
    learned features (otherwise, the whole cache starts over after each learned row).
    Intercepts are always read from the models.
    """

    def __init__(
        self,
        models: Sequence[linear_model.LogisticRegression],
        groups: tuple[range, ...],
        char_keys: Callable[[str], tuple[str, ...]] | None,
        prefixes: tuple[str, ...],
    ) -> None:
        self.models = tuple(models)
        self.prefixes = prefixes  # "" and "t|" first (_NO_PREFIX, _CONTEXT_PREFIX)
        self.weights = tuple(m._weights for m in self.models)  # to notice them replaced
        self.groups = groups  # the models that learn together, as ranges of ``models``
        self._char_keys = char_keys  # word -> its n-gram keys (None: no n-grams)
        # SGD, AdaGrad and Adam step only the weights of the features in the gradient.
        self._exact = all(
            not m.l1 and not m.l2 and type(m.optimizer) in (optim.SGD, optim.AdaGrad, optim.Adam)
            for m in self.models
        )
        self._reset()

    def _reset(self) -> None:
        size = 1024
        # Column -> model: one row gathers a key's weight in every model (one cache line).
        self.w = np.zeros((size, len(self.models)))
        self._stale = np.zeros((len(self.groups), size), dtype=bool)
        # Prefix number -> column of a key -> column of the prefixed key (-1: not known yet).
        self._prefixed = np.full((len(self.prefixes), size), -1, dtype=np.int32)
        self._prefixed[_NO_PREFIX] = np.arange(size)
        self._dirty: list[tuple[int, tuple[Segment, ...]]] = []
        self._drop = False
        self.keys: list[str] = []  # column -> full key
        self.cols = _Columns(self)  # full key -> column
        self._learned_new: set[str] = set()  # keys learned, and so held, but given no column
        # The columns of a word's n-gram keys, of a lemma's word key, of a lemma pair's
        # bigram key, of a clause end's meta keys: one look-up each when scoring.
        cols = self.cols.__getitem__
        chars = self._char_keys
        self.word_columns = lexicon.Memo(
            (lambda word: tuple(map(cols, chars(word)))) if chars else (lambda word: ()),
            _CACHE_MAX_WORDS,
        )
        self.lemma_columns = lexicon.Memo(lambda lem: cols("w:" + lem), _CACHE_MAX_WORDS)
        self.bigram_columns = lexicon.Memo(lambda ab: cols(f"b:{ab[0]}_{ab[1]}"), _CACHE_MAX_WORDS)
        self.meta_columns = lexicon.Memo(lambda end: tuple(map(cols, _meta_keys(end))))
        if self._exact:
            weights = [m._weights.to_dict() for m in self.models]
            keys = list(dict.fromkeys(chain.from_iterable(weights)))
            self._grow(len(keys))
            self.keys += keys
            self.cols.update(zip(keys, range(len(keys))))
            for m, held in enumerate(weights):
                self.w[: len(keys), m] = np.fromiter(
                    map(held.get, keys, repeat(0.0)), dtype=float, count=len(keys)
                )
            # The prefixed keys the models hold, by the column of the key without its prefix.
            number = {p: k for k, p in enumerate(self.prefixes) if p}
            for col, full in enumerate(keys):
                head, bar, tail = full.partition("|")
                k = number.get(head + bar) if bar else None
                if k is not None:
                    base = self.cols[tail]
                    self._prefixed[k, base] = col
        self._preloaded = len(self.keys)

    def _grow(self, need: int) -> None:
        size = self.w.shape[0]
        if need <= size:
            return
        new = max(2 * size, need)

        def wider(a: np.ndarray, fill: object) -> np.ndarray:
            out = np.full((a.shape[0], new), fill, dtype=a.dtype)
            out[:, :size] = a
            return out

        w = np.zeros((new, len(self.models)))
        w[:size] = self.w
        self.w = w
        self._stale = wider(self._stale, False)
        self._prefixed = wider(self._prefixed, -1)
        self._prefixed[_NO_PREFIX] = np.arange(new)

    def _new_column(self, key: str) -> int:
        col = len(self.keys)
        self._grow(col + 1)
        self.keys.append(key)
        dict.__setitem__(self.cols, key, col)
        if not self._exact:  # without the models' keys loaded, a new key's weights are fetched
            self._stale[:, col] = True
        elif self._learned_new and key in self._learned_new:  # learned since the last load
            self._stale[:, col] = True
            self._learned_new.discard(key)
        return col

    def learned(self, row: tuple[Segment, ...], models: range) -> None:
        """Note that ``models`` have just learned ``row`` (call after every ``learn_one``)."""
        if self._drop:
            return
        if not self._exact or len(self._dirty) >= _CACHE_MAX_DIRTY:
            self._drop = True
            self._dirty = []
        else:
            self._dirty.append((self.groups.index(models), row))

    def sync(self) -> None:
        """Mark what learning changed since the last call (call before a batch reads)."""
        if self._drop or len(self.keys) > self._preloaded + _CACHE_MAX_NEW_KEYS:
            self._reset()
            return
        get = self.cols.get  # not [], which would add the keys
        for group, row in self._dirty:
            marks: list[int] = []
            for prefix, keys, _ in row:
                full = [prefix + k for k in keys] if prefix else keys
                cols = list(map(get, full, repeat(-1)))
                marks += cols
                if -1 in cols:  # keys no batch has read yet: now held, fetch when first read
                    self._learned_new.update(k for k, c in zip(full, cols) if c < 0)
            self._stale[group, [c for c in marks if c >= 0]] = True
        self._dirty = []

    def prefixed(self, prefixes: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The columns of the keys at ``cols`` with the prefixes numbered ``prefixes``."""
        table = self._prefixed
        out = table.ravel().take(prefixes * table.shape[1] + cols)  # faster than [prefixes, cols]
        missing = np.flatnonzero(out < 0)
        if len(missing):  # prefixed keys this cache has not met yet
            names = self.prefixes
            for i, k, c in zip(
                missing.tolist(), prefixes[missing].tolist(), cols[missing].tolist()
            ):
                col = int(self._prefixed[k, c])
                if col < 0:
                    col = self.cols[names[k] + self.keys[c]]  # may grow the table: index after
                    self._prefixed[k, c] = col
                out[i] = col
        return out

    def fresh(self, cols: np.ndarray, models: range) -> None:
        """Refetch the stale weights of ``models`` at ``cols``."""
        stale_of = self._stale[self.groups.index(models)]
        stale = stale_of[cols]
        if stale.any():
            todo = list(dict.fromkeys(cols[stale].tolist()))  # np.unique costs more here
            keys = [self.keys[c] for c in todo]
            for m in models:
                self.w[todo, m] = self.models[m]._weights.to_numpy(keys)
            stale_of[todo] = False

    # -- the keys of scored comments, as columns -------------------------------------------

    def clause_groups(self, clause: RawClause, x_cols: tuple[int, ...]) -> GroupKeys:
        """:func:`~stream.model.text.clause_groups` as columns (``x_cols``: its cues')."""
        words, lemmas, end = clause
        return (
            tuple(dict.fromkeys(map(self.lemma_columns.__getitem__, lemmas))),
            tuple(dict.fromkeys(map(self.bigram_columns.__getitem__, pairwise(lemmas)))),
            tuple(dict.fromkeys(chain.from_iterable(map(self.word_columns.__getitem__, words)))),
            x_cols,
            self.meta_columns[end],
        )

    def comment_groups(
        self, clauses: Sequence[RawClause], x_cols: Sequence[tuple[int, ...]]
    ) -> GroupKeys:
        """:func:`~stream.model.text.comment_keys` as columns."""
        if len(clauses) == 1:
            return self.clause_groups(clauses[0], x_cols[0])
        bigrams = self.bigram_columns.__getitem__
        words = chain.from_iterable(c[0] for c in clauses)
        return (
            tuple(
                dict.fromkeys(
                    map(self.lemma_columns.__getitem__, chain.from_iterable(c[1] for c in clauses))
                )
            ),
            tuple(
                dict.fromkeys(chain.from_iterable(map(bigrams, pairwise(c[1])) for c in clauses))
            ),
            tuple(dict.fromkeys(chain.from_iterable(map(self.word_columns.__getitem__, words)))),
            tuple(dict.fromkeys(chain.from_iterable(x_cols))),
            tuple(dict.fromkeys(chain.from_iterable(self.meta_columns[c[2]] for c in clauses))),
        )


def _segments(
    groups: GroupKeys, weights: dict[str, float], prefix: int, extra: tuple[int, ...] = ()
) -> tuple[Segment, ...]:
    """:func:`~stream.model.text.segments` of columns, under a numbered prefix; ``extra``
    columns join group ``m``."""
    out: list[Segment] = []
    for g, keys in zip(GROUPS, groups):
        wg = weights.get(g, 0.0)
        if not wg:
            continue
        if g == "m" and extra:
            keys = tuple(dict.fromkeys(chain(keys, extra)))
        if keys:
            out.append((prefix, keys, wg / len(keys) ** 0.5))  # type: ignore[arg-type]
    return tuple(out)


class _Batch:
    """Scores rows of columns (segments ``(prefix number, columns, value)``) with a
    :class:`_WeightCache`."""

    def __init__(self, cache: _WeightCache) -> None:
        cache.sync()  # columns stay put from here to the end of the batch
        self.cache = cache

    def dots(self, rows: Sequence[tuple[Segment, ...]], models: range) -> np.ndarray:
        """``w·x`` (no intercept) for every row and the cache's ``models``.

        Terms are summed in the order of the row's keys, as in River's feature dict, and a
        row's sum depends on that row alone: a comment scores the same in any batch.
        """
        n, k = len(rows), len(models)
        segs = list(chain.from_iterable(rows))
        if not segs:
            return np.zeros((n, k))
        prefixes, spans, values = zip(*segs)
        lengths = np.fromiter(map(len, spans), dtype=np.intp, count=len(spans))
        total = int(lengths.sum())
        if not total:
            return np.zeros((n, k))
        cols = np.fromiter(chain.from_iterable(spans), dtype=np.intp, count=total)
        if any(prefixes):
            cols = self.cache.prefixed(np.repeat(np.array(prefixes, dtype=np.intp), lengths), cols)
        cache = self.cache
        cache.fresh(cols, models)
        # Whole rows of the weights, then the models' columns: take() on the first axis is
        # many times faster than fancy indexing on both.
        terms = cache.w.take(cols, axis=0)[:, models.start : models.stop].T
        terms = terms * np.repeat(np.array(values), lengths)
        # Row sums, term after term in order (bincount adds sequentially, whatever the batch).
        segs_per_row = np.fromiter(map(len, rows), dtype=np.intp, count=n)
        rows_of = np.repeat(np.repeat(np.arange(n), segs_per_row), lengths)
        out = np.empty((k, n))
        for j in range(k):
            out[j] = np.bincount(rows_of, weights=terms[j], minlength=n)
        return out.T


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while (unless it was off already).

    For a scored batch: it makes no reference cycles (its garbage goes with its reference
    counts), but it keeps tens of thousands of young containers alive until it ends, which
    the collector would otherwise walk again and again, and promote, during the batch.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


class _Analysed:
    """A comment's analysis and the feature rows derived from it (computed once).

    With a weight ``cache`` the rows hold columns under numbered prefixes (rows to score, not
    to learn); without one, keys and prefixes as strings (rows to learn).
    """

    __slots__ = (
        "_area_x",
        "_clause_rows",
        "_parts",
        "area_row",
        "cache",
        "clauses",
        "context_row",
        "merged",
        "n_words",
        "params",
        "sent_rows",
        "xs",
    )

    def __init__(self, text: str, params: ModelParams, cache: _WeightCache | None = None) -> None:
        self.params = params
        self.cache = cache
        # Plain tuples, not Clause objects: a batch keeps them all until it is scored.
        clauses, self.n_words = analyse_plain(text)
        self.clauses = clauses
        self.xs = tuple(map(cue_keys, clauses)) if params.cues else ((),) * len(clauses)
        # The whole comment's keys serve area detection, the sentiment context and, for a
        # comment with one area, that area's own clauses; each clause's keys are needed only
        # to tell several areas apart, so they are built on demand.
        p = params
        length = "m:" + length_key(self.n_words)
        if cache is None:
            self.merged = comment_keys(
                clauses, self.xs, p.n_min, p.n_max, p.char_min_len, p.char_buckets
            )
            self.area_row = segments(self.merged, p.area_weights, extra_meta=(length[2:],))
        else:
            cols = cache.cols.__getitem__
            self.xs = tuple(tuple(map(cols, x)) for x in self.xs)  # type: ignore[misc]
            self.merged = cache.comment_groups(clauses, self.xs)  # type: ignore[arg-type]
            self.area_row = _segments(self.merged, p.area_weights, _NO_PREFIX, (cols(length),))
        self._parts: tuple[GroupKeys, ...] | None = None
        # Built by the model on first use: the sentiment row of all clauses (with the context
        # but without the area), and the context.
        self.sent_rows: tuple[Segment, ...] | None = None
        self.context_row: tuple[Segment, ...] | None = None
        self._area_x: dict[str, float] | None = None
        self._clause_rows: tuple[tuple[Segment, ...], ...] | None = None

    @property
    def parts(self) -> tuple[GroupKeys, ...]:
        """Each clause's keys by group (:func:`~stream.model.text.clause_groups`)."""
        if self._parts is None:
            p = self.params
            if self.cache is None:
                self._parts = tuple(
                    clause_groups(c, x, p.n_min, p.n_max, p.char_min_len, p.char_buckets)
                    for c, x in zip(self.clauses, self.xs)
                )
            else:
                self._parts = tuple(map(self.cache.clause_groups, self.clauses, self.xs))
        return self._parts

    def own(self, clauses: Sequence[int]) -> GroupKeys:
        """The keys of some clauses by group (as :func:`~stream.model.text.merge_group`)."""
        if len(clauses) == len(self.clauses):  # clause lists ascend: this is all of them
            return self.merged
        if len(clauses) == 1:
            return self.parts[clauses[0]]
        parts = [self.parts[c] for c in clauses]
        return tuple(  # type: ignore[return-value]
            tuple(dict.fromkeys(chain.from_iterable(part[i] for part in parts)))
            for i in range(len(GROUPS))
        )

    @property
    def area_x(self) -> dict[str, float]:
        """The area features as River's feature dict (for learning)."""
        assert self.cache is None, "a comment analysed for scoring, not learning"
        if self._area_x is None:
            self._area_x = segments_dict(self.area_row)
        return self._area_x

    def clause_rows(self) -> tuple[tuple[Segment, ...], ...]:
        """Each clause's area features, for attributing clauses to areas."""
        if self._clause_rows is None:
            w = self.params.area_weights
            if self.cache is None:
                self._clause_rows = tuple(segments(part, w) for part in self.parts)
            else:
                self._clause_rows = tuple(_segments(part, w, _NO_PREFIX) for part in self.parts)
        return self._clause_rows


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
        self._init_cache()
        # Group weights of the sentiment features' whole-comment context and area crossing.
        self._context_weights = {
            g: w * p.context_weight
            for g, w in p.sent_weights.items()
            if g != "c" or p.context_chars
        }
        cw = p.cross_weight
        self._cross_weights = {"w": cw, "x": cw, "m": cw}
        self._cross_prefix = {a: f"{a}|" for a in AREAS}

    def _init_cache(self) -> None:
        self._weight_cache: _WeightCache | None = None
        # Scoring and learning update the cache: one call at a time per model.
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        del state["_weight_cache"], state["_lock"]  # derived; rebuilt on use
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._init_cache()

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

    _AREA_MODELS = range(len(AREAS))  # their rows in the weight cache, then the sentiment ones
    _SENT_MODELS = range(len(AREAS), len(AREAS) + len(SENTIMENTS))
    # The weight cache's prefix numbers of the area-crossed keys (after "" and "t|").
    _CROSS_PREFIX: ClassVar[dict[str, int]] = {a: k for k, a in enumerate(AREAS, start=2)}

    def _cache(self) -> _WeightCache:
        """The weight cache, rebuilt if the models or their weights were replaced."""
        models = [*self._area.values(), *self._sent.values()]
        cache = self._weight_cache
        if (
            cache is None
            or any(a is not b for a, b in zip(cache.models, models))
            or any(m._weights is not w for m, w in zip(models, cache.weights))
        ):
            groups = (self._AREA_MODELS, self._SENT_MODELS)
            p = self.params
            chars = None
            if p.n_max >= p.n_min:
                chars = char_keys_of(p.n_min, p.n_max, p.char_min_len, p.char_buckets)
            prefixes = ("", "t|", *(self._cross_prefix[a] for a in AREAS))
            cache = self._weight_cache = _WeightCache(models, groups, chars, prefixes)
        return cache

    def _attribute(
        self, items: Sequence[tuple[_Analysed, Sequence[str]]], batch: _Batch | None = None
    ) -> list[dict[str, Sequence[int]]]:
        """For each (comment, areas), the clause indices that each area is scored on."""
        p = self.params
        out: list[dict[str, Sequence[int]]] = []
        need: list[tuple[int, _Analysed]] = []
        for i, (an, areas) in enumerate(items):
            n = len(an.clauses)
            out.append(dict.fromkeys(areas, range(n)))
            if p.attribution and n > 1 and len(areas) > 1:
                need.append((i, an))
        if not need:
            return out
        rows = [r for _, an in need for r in an.clause_rows()]
        area_idx = {a: k for k, a in enumerate(AREAS)}
        if batch is None:  # learning: a few comments, weights that just changed
            xs = [segments_dict(r) for r in rows]
            evidence = _dots(xs, [self._area[a] for a in AREAS]).tolist()
        else:
            evidence = batch.dots(rows, self._AREA_MODELS).tolist()
        # Plain lists from here: a few numbers per comment, where numpy calls cost more.
        start = 0
        for i, an in need:
            areas = list(items[i][1])
            n = len(an.clauses)
            cols = [area_idx[a] for a in areas]
            ev = [[r[k] for k in cols] for r in evidence[start : start + n]]
            start += n
            owner: list[int | None] = []
            for r in ev:
                best = max(range(len(r)), key=r.__getitem__)  # the first maximum, as np.argmax
                owner.append(best if r[best] >= p.attribution_min else None)
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
                    assigned[a] = [max(range(n), key=lambda c, k=k: ev[c][k])]
            out[i] = {a: tuple(c) for a, c in assigned.items()}
        return out

    def _sent_row(self, an: _Analysed, area: str, clauses: Sequence[int]) -> tuple[Segment, ...]:
        """The sentiment features of ``area`` in a comment, scored on ``clauses``."""
        p = self.params
        own = an.own(clauses)
        cache = an.cache
        # The whole comment's part (all clauses, then its context) is the same for every area.
        if own is an.merged and an.sent_rows is not None:
            row = an.sent_rows
        else:
            if cache is None:
                row = segments(own, p.sent_weights) + self._context_row(an)
            else:
                row = _segments(own, p.sent_weights, _NO_PREFIX) + self._context_row(an)
            if own is an.merged:
                an.sent_rows = row
        if p.cross_weight:
            if cache is None:
                prefix = self._cross_prefix[area]
                row += segments(own, self._cross_weights, prefix, extra_meta=("bias",))
            else:
                row += _segments(
                    own, self._cross_weights, self._CROSS_PREFIX[area], (cache.cols["m:bias"],)
                )
        return row

    def _context_row(self, an: _Analysed) -> tuple[Segment, ...]:
        if not self.params.context_weight:
            return ()
        if an.context_row is None:
            if an.cache is None:
                an.context_row = segments(an.merged, self._context_weights, prefix="t|")
            else:
                an.context_row = _segments(an.merged, self._context_weights, _CONTEXT_PREFIX)
        return an.context_row

    def _sent_x(self, an: _Analysed, area: str, clauses: Sequence[int]) -> dict[str, float]:
        return segments_dict(self._sent_row(an, area, clauses))

    # -- prediction ----------------------------------------------------------------------

    def predict_one(self, text: str) -> Prediction:
        """Areas and per-area sentiment of one comment."""
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        """:meth:`predict_one` for many comments, sharing the feature and weight look-ups."""
        if not texts:
            return []
        with self._lock, _gc_paused():
            return self._predict_many(texts)

    def _predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        p = self.params
        batch = _Batch(self._cache())
        ans = [_Analysed(t, p, batch.cache) for t in texts]
        intercepts = np.array([self._area[a].intercept for a in AREAS])
        area_dots = batch.dots([an.area_row for an in ans], self._AREA_MODELS)
        # Flat lists of plain floats: the batch makes no per-comment containers it can avoid
        # (each one that lives through the batch lengthens the garbage collector's runs).
        na = len(AREAS)
        area_p = _sigmoid(area_dots + intercepts).ravel().tolist()
        found: list[tuple[str, ...]] = []
        thresholds = [p.area_thresholds.get(a, p.area_threshold) for a in AREAS]
        for i in range(0, len(area_p), na):
            row = area_p[i : i + na]
            areas = tuple(a for a, q, t in zip(AREAS, row, thresholds) if q >= t)
            found.append(areas or (AREAS[max(range(na), key=row.__getitem__)],))
        owners = self._attribute(list(zip(ans, found)), batch)
        pairs = [(i, a) for i, areas in enumerate(found) for a in areas]
        s_int = np.array([self._sent[s].intercept for s in SENTIMENTS])
        rows = [self._sent_row(ans[i], a, owners[i][a]) for i, a in pairs]
        sp = _sigmoid(batch.dots(rows, self._SENT_MODELS) + s_int)
        sp = (sp / sp.sum(axis=1, keepdims=True)).ravel().tolist()
        ns = len(SENTIMENTS)
        sent_scores: list[dict[str, dict[str, float]]] = [{} for _ in texts]
        for k, (i, a) in enumerate(pairs):
            sent_scores[i][a] = dict(zip(SENTIMENTS, sp[k * ns : k * ns + ns]))
        preds = []
        for i, scores in enumerate(sent_scores):
            labels = {a: max(SENTIMENTS, key=scores[a].__getitem__) for a in found[i]}
            preds.append(
                Prediction(
                    labels=labels,
                    area_scores=dict(zip(AREAS, area_p[i * na : i * na + na])),
                    sentiment_scores=scores,
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
        x = an.area_x
        for a in AREAS:
            y = a in labels
            w = self.params.area_pos_weight if y else 1.0
            self._learn(self._area[a], x, y, w, skip)
        self._learned(an.area_row, self._AREA_MODELS)

    def _learn_sentiment(
        self, row: tuple[Segment, ...], x: dict[str, float], sentiment: str, skip: float = 0.0
    ) -> None:
        """Learn the sentiment features ``x`` (``row`` as a dict) of one area."""
        w = self.params.class_weights.get(sentiment, 1.0)
        for s in SENTIMENTS:
            self._learn(self._sent[s], x, s == sentiment, w, skip)
        self._learned(row, self._SENT_MODELS)

    def _learned(self, row: tuple[Segment, ...], models: range) -> None:
        # Only a weight cache that exists can go stale (training makes none until it scores).
        if self._weight_cache is not None:
            self._weight_cache.learned(row, models)

    def learn_one(self, text: str, labels: dict[str, str]) -> None:
        """Learn one labelled comment: ``labels`` holds every area it concerns.

        Areas absent from ``labels`` are negatives for area detection.
        """
        self._check_labels(labels)
        with self._lock:
            an = _Analysed(text, self.params)
            self._learn_area(an, labels)
            if labels:
                owners = self._attribute([(an, list(labels))])[0]
                for a, s in labels.items():
                    row = self._sent_row(an, a, owners[a])
                    self._learn_sentiment(row, segments_dict(row), s)
            self.labels_learned += 1

    def fit(
        self,
        records: Sequence[dict],
        seed: int = 42,
        progress: Callable[[int, int], None] | None = None,
        processes: int = 1,
    ) -> CommentModel:
        """Batch-train from fresh weights on ``records`` (``text``, ``labels``).

        Areas first, then sentiment with the trained area weights attributing clauses, for
        ``params.epochs`` passes, each in an order shuffled by ``seed``; that ``params.shuffles``
        times (seeds ``seed``, ``seed + 1``, ...), and the weights averaged. Does not count as
        online labels (``labels_learned`` is unchanged). ``progress(done, total)`` reports the
        passes finished over all trainings (``total`` = shuffles × 2 stages × epochs; the end
        is always reported). With ``processes`` > 1 the trainings run in that many processes
        at once, their progress polled about once a second; the result is the same, bit for
        bit.
        """
        for rec in records:
            self._check_labels(rec["labels"])
        with self._lock:
            return self._fit(records, seed, progress, processes)

    def _fit(
        self,
        records: Sequence[dict],
        seed: int,
        progress: Callable[[int, int], None] | None,
        processes: int = 1,
    ) -> CommentModel:
        p = self.params
        shuffles = max(1, p.shuffles)
        total = shuffles * 2 * p.epochs
        if processes > 1 and shuffles > 1:
            copies = self._fit_in_processes(records, seed, progress, processes, total)
        else:
            ans = [_Analysed(rec["text"], p) for rec in records]
            labels = [rec["labels"] for rec in records]
            done = 0

            def on_pass() -> None:
                nonlocal done
                done += 1
                if progress:
                    progress(done, total)

            copies = [self._fit_copy(ans, labels, seed + k, on_pass) for k in range(shuffles)]
        self._area, self._sent = copies[0]
        if len(copies) > 1:
            self._area = {a: _mean_lr([c[0][a] for c in copies]) for a in AREAS}
            self._sent = {s: _mean_lr([c[1][s] for c in copies]) for s in SENTIMENTS}
        self._weight_cache = None
        return self

    def _fit_copy(
        self,
        ans: list[_Analysed],
        labels: list[dict[str, str]],
        seed: int,
        on_pass: Callable[[], None] | None = None,
    ) -> tuple:
        """One training from fresh weights: its area and sentiment models."""
        p = self.params
        self._area = {a: _new_lr(p, p.area_lr, p.area_l2) for a in AREAS}
        self._sent = {s: _new_lr(p, p.sent_lr, p.sent_l2) for s in SENTIMENTS}
        self._fit_once(ans, labels, seed, on_pass)
        return self._area, self._sent

    def _fit_in_processes(
        self,
        records: Sequence[dict],
        seed: int,
        progress: Callable[[int, int], None] | None,
        processes: int,
        total: int,
    ) -> list[tuple]:
        # Forked where the platform can: a spawned child re-runs the caller's main module,
        # which breaks any script without a __main__ guard. The child only trains.
        shuffles = max(1, self.params.shuffles)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        records = [{"text": r["text"], "labels": r["labels"]} for r in records]
        counter = context.Value("i", 0)
        with ProcessPoolExecutor(
            min(processes, shuffles),
            mp_context=context,
            initializer=_count_passes_in,
            initargs=(counter,),
        ) as pool:
            futures = [
                pool.submit(_train_copy, self.params, records, seed + k) for k in range(shuffles)
            ]
            pending, reported = set(futures), 0
            while pending:
                _, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
                done = total if not pending else counter.value
                if progress and done != reported:
                    reported = done
                    progress(done, total)
            return [pickle.loads(f.result()) for f in futures]  # in seed order: same mean

    def _passes(
        self,
        order: list[int],
        rng: random.Random,
        average: _Average,
        on_pass: Callable[[], None] | None = None,
    ) -> Iterator[tuple[int, float]]:
        """``(example, skip)`` for ``params.epochs`` passes, each in a new shuffle of
        ``order``; between examples, the weights are added to ``average`` (ASGD) every
        ``average_every`` examples and at the end of each pass from ``average_from`` on;
        ``on_pass()`` after each pass."""
        p = self.params
        for epoch in range(p.epochs):
            rng.shuffle(order)
            skip = p.skip_below if epoch else 0.0
            averaging = p.average_from and epoch + 1 >= p.average_from
            for n, i in enumerate(order, 1):
                yield i, skip
                if averaging and p.average_every and n % p.average_every == 0:
                    average.add()
            if averaging:
                average.add()
            if on_pass:
                on_pass()

    def _fit_once(
        self,
        ans: list[_Analysed],
        labels: list[dict[str, str]],
        seed: int,
        on_pass: Callable[[], None] | None = None,
    ) -> None:
        rng = random.Random(seed)
        order = list(range(len(ans)))
        average = _Average(self._area.values())
        for i, skip in self._passes(order, rng, average, on_pass):
            self._learn_area(ans[i], labels[i], skip)
        average.apply()
        self._weight_cache = None  # the weights were replaced: rebuild on use
        owners = self._attribute([(an, list(lab)) for an, lab in zip(ans, labels)])
        sx = []
        for an, lab, own in zip(ans, labels, owners):
            rows = [(self._sent_row(an, a, own[a]), s) for a, s in lab.items()]
            sx.append([(row, segments_dict(row), s) for row, s in rows])
        average = _Average(self._sent.values())
        for i, skip in self._passes(order, rng, average, on_pass):
            for row, x, s in sx[i]:
                self._learn_sentiment(row, x, s, skip)
        average.apply()
        self._weight_cache = None

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
