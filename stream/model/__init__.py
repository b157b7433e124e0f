"""Pure River model code: Swedish text features, the comment model, the corpus, evaluation.

No Faust and no Kafka here: the agents call :class:`CommentModel` and keep its snapshots.

>>> from stream.model import CommentModel, Prediction, load_corpus, train_default
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from stream.model.classifier import CommentModel, ModelParams, Prediction
from stream.model.corpus import corpus_digest, load_corpus

__all__ = ["CommentModel", "ModelParams", "Prediction", "load_corpus", "train_default"]


def train_default(
    data_dir: Path | None = None, seed: int = 42, params: ModelParams | None = None
) -> CommentModel:
    """The shipped model: trained on the corpus's train split only, deterministically.

    Its version is ``base-<8 hex>`` of the training records, the parameters and the seed.
    """
    params = params or ModelParams()
    records = load_corpus(data_dir, split="train")
    digest = corpus_digest(records) + params.digest() + str(seed)

    base = "base-" + hashlib.sha1(digest.encode()).hexdigest()[:8]
    return CommentModel(params, base_version=base).fit(records, seed=seed)
