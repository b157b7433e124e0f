"""The labelled corpus: size, valid ids, balance, diversity, and a held-out split."""

from __future__ import annotations

from collections import Counter

import pytest

from schemas.vocabulary import AREAS, CHANNELS, SENTIMENTS
from stream.model.corpus import load_corpus, trigram_diversity

RECORDS = load_corpus()


def test_corpus_is_large_enough_with_valid_ids():
    assert len(RECORDS) >= 1500
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    for r in RECORDS:
        assert r["text"].strip()
        assert 1 <= len(r["labels"]) <= 3
        assert set(r["labels"]) <= set(AREAS) and set(r["labels"].values()) <= set(SENTIMENTS)
        assert r.get("channel") in (*CHANNELS, None)


def test_every_area_and_sentiment_is_well_represented():
    cells = Counter((a, s) for r in RECORDS for a, s in r["labels"].items())
    for area in AREAS:
        for sentiment in SENTIMENTS:
            assert cells[(area, sentiment)] >= 60, (area, sentiment, cells[(area, sentiment)])
    skeptical = sum(c for (_, s), c in cells.items() if s == "skeptical")
    assert skeptical / sum(cells.values()) >= 0.2


def test_many_comments_touch_several_areas_with_different_sentiments():
    mixed = [r for r in RECORDS if len(set(r["labels"].values())) > 1]
    assert len(mixed) / len(RECORDS) >= 0.25


def test_texts_are_diverse_not_templated():
    texts = [r["text"] for r in RECORDS]
    # Short stock phrases ("Tack för hjälpen!") recur across writers, as they do in reality.
    long_texts = [t for t in texts if len(t.split()) >= 5]
    assert len(set(long_texts)) == len(long_texts)
    assert len(set(texts)) / len(texts) >= 0.99
    assert trigram_diversity(texts) >= 0.7


@pytest.mark.parametrize("split", ["train", "test"])
def test_held_out_split_is_stable_and_about_a_fifth(split):
    part = load_corpus(split=split)
    share = len(part) / len(RECORDS)
    assert (0.15 <= share <= 0.25) if split == "test" else (0.75 <= share <= 0.85)
    assert {r["id"] for r in part} == {r["id"] for r in load_corpus(split=split)}
