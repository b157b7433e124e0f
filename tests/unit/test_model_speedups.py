"""The model's fast scoring path: the same numbers as River on the same features, and a weight
cache that stays exact while the model keeps learning."""

from __future__ import annotations

import gc
import math
import pickle
from dataclasses import replace

import pytest

from schemas.vocabulary import AREAS, SENTIMENTS
from stream.model import CommentModel, ModelParams, lexicon, load_corpus
from stream.model.classifier import _Analysed
from stream.model.text import (
    GROUPS,
    analyse,
    analyse_plain,
    char_keys_of,
    clause_keys,
    comment_keys,
    cue_keys,
    merge_group,
    segments_dict,
)

RECORDS = load_corpus()
needs_corpus = pytest.mark.skipif(len(RECORDS) < 300, reason="data/corpus holds too few records")

TEXTS = [
    "Lång kö men handläggaren var jättetrevlig",
    "E-tjänsten för bygglov hänger sig hela tiden, och ingen svarar i telefon!",
    "Tack för hjälpen!",
    "Hon lovade att ringa tillbaka, vi får se om det blir av.",
    "Snöröjningen på vår gata är ett skämt... men personalen i kundtjänst var snäll",
    "Väntade i tre veckor på beslut, fast handläggaren förklarade allt tydligt :)",
    "",
    "Zorbluffen vid gnurkvägen grävdes upp igen",  # words no model has seen
]


def _small_params(**changes) -> ModelParams:
    return replace(ModelParams(), epochs=3, **changes)


@pytest.fixture(scope="module")
def model(small_model: CommentModel) -> CommentModel:
    return small_model  # trained on RECORDS[:600] (tests/unit/conftest.py)


def _copy(model: CommentModel) -> CommentModel:
    return CommentModel.loads(model.dumps())


def _texts() -> list[str]:
    return TEXTS + [r["text"] for r in RECORDS[600:760]]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@needs_corpus
def test_scores_are_rivers_on_the_same_features(model):
    """Each score, recomputed with River's own dot products on the learning-side feature dicts."""
    p = model.params
    for text, pred in zip(_texts(), model.predict_many(_texts()), strict=True):
        an = _Analysed(text, p)
        for a in AREAS:
            area = model._area[a]
            want = _sigmoid(area._raw_dot_one(an.area_x))
            assert pred.area_scores[a] == pytest.approx(want, abs=1e-12)
        owners = model._attribute([(an, list(pred.labels))])[0]
        for a, scores in pred.sentiment_scores.items():
            x = model._sent_x(an, a, owners[a])
            raw = {s: _sigmoid(model._sent[s]._raw_dot_one(x)) for s in SENTIMENTS}
            total = sum(raw.values())
            for s in SENTIMENTS:
                assert scores[s] == pytest.approx(raw[s] / total, abs=1e-12)


@pytest.mark.parametrize(
    "changes",
    [
        {"context_chars": True, "char_buckets": 4096},  # n-grams under the context prefix too
        {"n_min": 6, "n_max": 5, "cues": False},  # no n-grams, no cues
        {"context_weight": 0.0, "cross_weight": 0.0, "attribution": False},
    ],
    ids=["context-chars", "no-ngrams", "plain"],
)
def test_other_settings_score_as_river(changes):
    if len(RECORDS) < 300:
        pytest.skip("data/corpus holds too few records")
    m = CommentModel(_small_params(**changes)).fit(RECORDS[:300])
    cache = m._cache()
    for text, pred in zip(_texts(), m.predict_many(_texts()), strict=True):
        an = _Analysed(text, m.params)
        for a in AREAS:
            want = _sigmoid(m._area[a]._raw_dot_one(an.area_x))
            assert pred.area_scores[a] == pytest.approx(want, abs=1e-12)
        owners = m._attribute([(an, list(pred.labels))])[0]
        score = _Analysed(text, m.params, cache)
        for a in pred.sentiment_scores:
            want = list(m._sent_x(an, a, owners[a]).items())
            assert _keyed(cache, m._sent_row(score, a, owners[a])) == want


@needs_corpus
def test_a_comment_scores_the_same_in_any_batch(model):
    texts = _texts()
    alone = [model.predict_one(t) for t in texts]
    assert model.predict_many(texts) == alone
    assert model.predict_many(texts[::-1]) == alone[::-1]
    assert model.predict_many(texts[3:7] + texts[:3]) == alone[3:7] + alone[:3]


@needs_corpus
def test_learning_after_scoring_changes_later_scores_as_without_a_cache(model):
    texts = _texts()
    labels = [(r["text"], r["labels"]) for r in RECORDS[600:680]] + [
        (TEXTS[-1], {"municipal_services": "negative"})
    ]
    warm = _copy(model)
    warm.predict_many(texts)  # the weight cache is filled here
    for k, (text, lab) in enumerate(labels):
        if k % 7 == 0:
            warm.predict_one(texts[k % len(texts)])  # a scored batch between the labels
        warm.learn_one(text, lab)
    cold = _copy(model)  # learns the same labels, never scored before
    for text, lab in labels:
        cold.learn_one(text, lab)
    fresh = _copy(warm)  # a new replica: no cache at all
    after = warm.predict_many(texts)
    assert after == cold.predict_many(texts) == fresh.predict_many(texts)
    assert after != model.predict_many(texts), "the labels moved some scores"


@needs_corpus
def test_replaced_weights_are_noticed(model):
    m = _copy(model)
    m.predict_many(TEXTS)
    area = m._area["waiting_time"]
    doubled = type(area._weights)()
    doubled.iadd_scaled(area._weights, 2.0)
    area._weights = doubled  # as the averaging at the end of training does
    assert m.predict_many(TEXTS) == _copy(m).predict_many(TEXTS)


def test_penalised_models_stay_exact_while_learning():
    """With L2 every weight moves on each update; the cache starts over instead."""
    if len(RECORDS) < 300:
        pytest.skip("data/corpus holds too few records")
    base = CommentModel(_small_params(area_l2=1e-4, sent_l2=1e-4)).fit(RECORDS[:300])
    m = _copy(base)
    m.predict_many(TEXTS)
    for r in RECORDS[300:320]:
        m.learn_one(r["text"], r["labels"])
    assert m.predict_many(TEXTS) == _copy(m).predict_many(TEXTS)


@needs_corpus
def test_a_model_pickles_without_its_cache(model):
    m = _copy(model)
    before = m.predict_many(TEXTS)
    restored = pickle.loads(pickle.dumps(m))
    assert restored._weight_cache is None
    assert restored.predict_many(TEXTS) == before
    assert CommentModel.loads(m.dumps()).predict_many(TEXTS) == before


@needs_corpus
def test_scoring_pauses_the_collector_and_leaves_no_cycles(model):
    """predict_many turns the cyclic GC off while it scores: safe only while a batch's garbage
    goes with its reference counts."""
    m = _copy(model)
    m.predict_many(TEXTS)  # the weight cache is built here
    assert gc.isenabled()
    m.predict_many(_texts())
    assert gc.isenabled(), "the collector is on again after the batch"
    gc.collect()
    gc.disable()
    try:
        m.predict_many(_texts())
        assert not gc.isenabled(), "a collector that was off stays off"
        assert gc.collect() == 0, "a scored batch left reference cycles behind"
    finally:
        gc.enable()


def test_comment_keys_are_the_merged_clause_keys():
    for text in TEXTS + [r["text"] for r in RECORDS[:200]]:
        clauses = analyse(text).clauses
        parts = [clause_keys(c) for c in clauses]
        merged = comment_keys(clauses, [cue_keys(c) for c in clauses])
        assert merged == tuple(merge_group(parts, g) for g in GROUPS)
        assert analyse_plain(text)[0] == tuple(tuple(c) for c in clauses)


def _keyed(cache, row) -> list[tuple[str, float]]:
    """A scoring row (prefix numbers, columns) as the feature dict's items it stands for."""
    return [(cache.prefixes[k] + cache.keys[c], v) for k, cols, v in row for c in cols]


@needs_corpus
def test_scoring_rows_are_the_learning_rows_by_column(model):
    """Scoring builds rows of columns; resolved to keys they are the learning side's feature
    dicts, key for key, in the same order, with the same values."""
    m = _copy(model)
    cache = m._cache()
    for text in _texts():
        learn = _Analysed(text, m.params)
        score = _Analysed(text, m.params, cache)
        for g in range(len(GROUPS)):
            assert [cache.keys[c] for c in score.merged[g]] == list(learn.merged[g])
        assert _keyed(cache, score.area_row) == list(learn.area_x.items())
        for lr, sr in zip(learn.clause_rows(), score.clause_rows(), strict=True):
            assert _keyed(cache, sr) == list(segments_dict(lr).items())
        n = len(learn.clauses)
        for area in AREAS:
            for clauses in {range(n), (0,), (n - 1,), tuple(range(0, n, 2))}:
                want = m._sent_x(learn, area, clauses)
                assert _keyed(cache, m._sent_row(score, area, clauses)) == list(want.items())


def test_cue_keys_are_the_lexicon_cues_with_generic_copies():
    for text in TEXTS + [r["text"] for r in RECORDS[:300]]:
        for clause in analyse(text).clauses:
            cues = lexicon.cues(clause.lemmas, " ".join(clause.words))
            if not any(k.startswith("area:") for k in cues):
                cues += [f"generic_{k}" for k in cues]
            assert cue_keys(clause) == tuple("x:" + k for k in cues)


def test_memo_is_bounded():
    calls = []
    memo = lexicon.Memo(lambda x: calls.append(x) or x * 2, maxsize=3)
    assert [memo[k] for k in (1, 2, 1, 3, 4, 5)] == [2, 4, 2, 6, 8, 10]
    assert len(memo) <= 3
    assert calls == [1, 2, 3, 4, 5]  # 1 was remembered the second time
    assert char_keys_of(3, 5, 1, 0)("kö") == ("c:<kö", "c:kö>", "c:<kö>")
