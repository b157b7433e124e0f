"""Pure River model code: Swedish text features, the comment model, the corpus, evaluation.

No Faust and no Kafka here: the agents call :class:`CommentModel` and keep its snapshots.

>>> from stream.model import CommentModel, Prediction, load_corpus, train_default
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from stream.model.classifier import CommentModel, ModelParams, Prediction
from stream.model.corpus import corpus_digest, load_corpus

__all__ = [
    "CommentModel",
    "ModelParams",
    "Prediction",
    "base_version",
    "code_digest",
    "load_corpus",
    "progress_lines",
    "train_default",
]


# Libraries whose data the text handling reads: their lemmas and word frequencies are features.
_DATA_LIBRARIES = ("simplemma", "wordfreq")


def code_digest() -> str:
    """Digest of this package's source and of the versions of the libraries whose data it
    reads: a change to the text handling changes the model that the same corpus, parameters
    and seed train, so versions and caches must see it."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in _DATA_LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}".encode())
    return digest.hexdigest()


def base_version(records_digest: str, params: ModelParams, seed: int) -> str:
    """``base-<8 hex>`` of what a batch training depends on: its records (their digest), the
    parameters, the seed and the model code."""
    digest = records_digest + params.digest() + str(seed) + code_digest()
    return "base-" + hashlib.sha1(digest.encode()).hexdigest()[:8]


def train_default(
    data_dir: Path | None = None,
    seed: int = 42,
    params: ModelParams | None = None,
    progress: Callable[[int, int], None] | None = None,
    processes: int = 1,
) -> CommentModel:
    """The shipped model: trained on the corpus's train split only, deterministically.

    Its version is ``base-<8 hex>`` of the training records, the parameters, the seed and
    the model code.
    """
    params = params or ModelParams()
    records = load_corpus(data_dir, split="train")
    model = CommentModel(params, base_version=base_version(corpus_digest(records), params, seed))
    return model.fit(records, seed=seed, progress=progress, processes=processes)


def progress_lines(
    emit: Callable[[str], None], every: float = 10.0, clock: Callable[[], float] = time.monotonic
) -> Callable[[int, int], None]:
    """A ``progress(done, total)`` for :meth:`CommentModel.fit` that emits a line such as
    ``model training: 12 of 32 passes, 38 % (71 s)`` at most every ``every`` seconds, and
    always the last one: a first start trains for minutes and should not look stuck."""
    started = clock()
    last = started

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = clock()
        if done < total and now - last < every:
            return
        last = now
        emit(f"model training: {done} of {total} passes, {100 * done // total} % "
             f"({now - started:.0f} s)")

    return progress
