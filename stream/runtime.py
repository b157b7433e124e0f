"""Process set-up shared by the commands: logging, the model to score with."""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from stream.settings import Settings

log = logging.getLogger("pulse")

# Faust and aiokafka loggers stay at DEBUG unless told (only the handler filters), which
# costs throughput; every noisy library logger gets the level explicitly.
_LIBRARY_LOGGERS = ("faust", "mode", "aiokafka", "kafka", "aiohttp", "asyncio", "venusian")


def configure_logging(settings: Settings, verbose: bool = False) -> None:
    level = logging.DEBUG if verbose else getattr(logging, settings.log_level)
    logging.basicConfig(
        level=level, stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S",
    )
    logging.getLogger().setLevel(level)
    logging.getLogger("pulse").setLevel(logging.INFO)
    logging.getLogger("stream").setLevel(logging.INFO if not verbose else logging.DEBUG)
    for name in _LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.WARNING)
    # aiokafka logs every rebalance and broker reconnect at ERROR/WARNING; keep them visible.


# Cyclic-GC generation thresholds of a worker (CPython's default: 700, 10, 10). A comment's
# batch lives for tens of milliseconds, long enough to outlive the default 10 young
# collections (~7,000 allocations; scoring one comment makes thousands) and be promoted to
# the oldest generation, whose growth then starts a full collection every 2–4 s at
# 1,000 comments/s. Fifty young collections let most of that die young.
GC_THRESHOLDS = (700, 50, 10)


def settle_heap() -> None:
    """Take what the process holds for good out of the cyclic GC's way.

    A full collection walks every tracked object; in a worker that is mostly the model
    (~135,000 objects and a few containers with 100,000+ entries) and it took 80–300 ms,
    a stall of the event loop every few seconds under load. ``gc.freeze()`` moves every object
    alive now to the permanent generation, which collections skip. Call it after start-up
    state is built (model loaded, view rebuilt): frozen objects are still freed by reference
    counting, only cyclic garbage among them would never be collected, and start-up state
    is meant to live as long as the process.
    """
    gc.set_threshold(*GC_THRESHOLDS)
    gc.collect()  # garbage of the start-up is not frozen
    gc.freeze()
    log.debug("heap settled: %d objects frozen", gc.get_freeze_count())


def warm_up(model: Any, comments: int = 256) -> float:
    """Score a batch of generated comments once and throw the result away; seconds taken.

    The first ``predict_many`` of a process loads the lemmatiser's Swedish dictionary and
    fills the per-token caches: 5.4 s for a single text, then ~0.5 s for the first full
    batch, measured. A worker that paid that on its first live batch held the event loop
    for that long and queued 5,000+ comments behind it at 1,000 comments/s, which took the
    rest of a 20 s latency run to drain. Paid before the worker starts, nothing waits.
    """
    from stream.generator import generate
    from stream.model import diacritics

    started = time.monotonic()
    diacritics.load()  # the word frequencies for comments typed without å, ä and ö
    model.predict_many([c["text"] for c in generate(comments, seed=0)])
    return time.monotonic() - started


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pulsen"


def corpus_fingerprint(data_dir: Path) -> str:
    """Digest of the corpus and of the model code, so a cached model is never stale."""
    from stream.model import code_digest

    digest = hashlib.sha256(code_digest().encode())
    for path in sorted(data_dir.glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _default_model_cache(settings: Settings) -> tuple[Path, Path]:
    """The corpus folder the default model trains from, and where its cached copy lives."""
    from stream.model.corpus import corpus_dir

    data_dir = Path(settings.data_dir) if settings.data_dir else corpus_dir()
    return data_dir, _cache_dir() / f"model-{corpus_fingerprint(data_dir)}.pkl"


def ensure_model(settings: Settings) -> None:
    """Train and cache the default model now if it is not cached yet, so that a process
    started next loads it at once (the demo waits a bounded time for its worker)."""
    if settings.model_path or _default_model_cache(settings)[1].exists():
        return
    load_model(settings)


def load_model(settings: Settings) -> Any:
    """The model to score with: a snapshot file if set, else trained from data/ (cached)."""
    from stream.model import CommentModel, diacritics, progress_lines, train_default

    diacritics.load()
    if settings.model_path:
        return CommentModel.loads(Path(settings.model_path).read_bytes())
    data_dir, cache = _default_model_cache(settings)
    if cache.exists():
        try:
            return CommentModel.loads(cache.read_bytes())
        except Exception as exc:  # noqa: BLE001 -- any unreadable cache (older code): retrain
            log.info("ignoring model cache %s (%s)", cache, exc)
    started = time.monotonic()
    log.info("training the default model from %s (first start only, a few minutes) …", data_dir)

    progress = progress_lines(log.info)
    model = train_default(data_dir, progress=progress, processes=os.cpu_count() or 1)
    log.info("model %s trained in %.1f s", model.version, time.monotonic() - started)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(model.dumps())
        tmp.replace(cache)
    except OSError as exc:
        log.info("could not cache the model: %s", exc)
    return model
