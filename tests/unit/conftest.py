"""Shared fixtures of the unit tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stream.model import CommentModel, ModelParams, load_corpus

SMALL_TRAIN = 600  # records the small model learns; later ones are unseen by it


@pytest.fixture(scope="session")
def small_model() -> CommentModel:
    """A model trained in a few seconds on the corpus's first records (3 passes): for tests
    of the scoring machinery, not of quality. Tests copy it before changing it."""
    records = load_corpus()
    if len(records) < 300:
        pytest.skip("data/corpus holds too few records")
    return CommentModel(replace(ModelParams(), epochs=3)).fit(records[:SMALL_TRAIN])
