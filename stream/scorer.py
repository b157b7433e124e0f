"""Where a worker's model scores: in a child process on its own core, or in the event loop.

Scoring is ~90 % of the hot path's CPU time (benchmarks/README.md) and pure Python, so in
the worker's event loop it shares one core with consuming, producing and counting. A
:class:`ChildScorer` keeps a replica of the model in a child process: the event loop hands it
a batch of texts and goes on with other work while the batch is scored on the second core.

The child's replica learns the same labels in the same order as the worker's own replica
(the learner forwards each label after learning it), so both reach the same version; the
worker's replica stays the one that is checkpointed and answers ``/api/model``. A child
that dies is replaced by a copy of the worker's replica, and the batch is scored again.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

log = logging.getLogger(__name__)

__all__ = ["ChildScorer", "InlineScorer", "Scorer", "make_scorer"]

Labelled = tuple[str, dict[str, str]]


Scored = tuple[str, list[Any]]  # (model version, predictions in the order of the texts)


class Scorer(Protocol):
    # True: scoring runs elsewhere while the event loop goes on (the hot path then hands
    # the next batch over before producing the last one); False: it runs at submit.
    concurrent: bool

    def submit(self, texts: Sequence[str]) -> asyncio.Future[Scored]:
        """Start scoring ``texts`` now; the future holds ``(model version, predictions)``."""
        ...

    def learned(self, labelled: Sequence[Labelled]) -> None:
        """The worker's replica learned these labels (in this order) since the last call."""
        ...

    def load(self, model: Any) -> None:
        """The worker's replica was replaced by ``model`` (restored from a checkpoint)."""
        ...

    @property
    def generation(self) -> int:
        """How many times the scorer was replaced: a failed task from an older generation
        was already dealt with."""
        ...

    def close(self) -> None: ...


class InlineScorer:
    """Scores with the worker's own replica, in the event loop (``PULSE_SCORE_PROCESS=false``)."""

    generation = 0  # never replaced
    concurrent = False

    def __init__(self, get_model: Any) -> None:
        self._get_model = get_model  # the learner may replace the model: always read it anew

    def submit(self, texts: Sequence[str]) -> asyncio.Future[Scored]:
        model = self._get_model()
        future: asyncio.Future[Scored] = asyncio.get_running_loop().create_future()
        future.set_result((model.version, model.predict_many(list(texts))))
        return future

    def learned(self, labelled: Sequence[Labelled]) -> None:
        pass  # it is the same replica

    def load(self, model: Any) -> None:
        pass  # read anew at every call

    def close(self) -> None:
        pass


# -- the child process: one model replica, fed in submission order ------------------------

_model: Any = None
_cpu_mark = 0.0  # the child's CPU time when it last reported it


def _die_with_parent() -> None:
    # A kill -9 of the worker must not leave its scorer running. Linux only; elsewhere the
    # child exits when its task pipe closes.
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child_init(model_bytes: bytes) -> None:
    _die_with_parent()
    # Ctrl-C, or a SIGTERM sent to the whole process group (systemd, a terminal), stops the
    # worker, which stops us after the batch in hand; a killed worker kills us (above).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from stream.runtime import settle_heap, warm_up

    _child_load(model_bytes)
    warm_up(_model)  # the lemmatiser's start-up, paid before the first batch arrives
    settle_heap()  # the replica lives as long as the child: out of the GC's way
    global _cpu_mark
    _cpu_mark = time.process_time()  # start-up is not scoring: counted from here


def _cpu_since_mark() -> float:
    global _cpu_mark
    now = time.process_time()
    spent, _cpu_mark = now - _cpu_mark, now
    return spent


def _child_load(model_bytes: bytes) -> str:
    global _model
    from stream.model import CommentModel

    _model = CommentModel.loads(model_bytes)
    return _model.version


def _child_predict(texts: list[str]) -> tuple[str, list[Any], float]:
    # The CPU since the last batch: this one, the labels learned meanwhile and the pickling
    # of the last result and of these texts. /proc cannot tell start-up from scoring.
    version, predictions = _model.version, _model.predict_many(texts)
    return version, predictions, _cpu_since_mark()


def _child_learn(labelled: list[Labelled]) -> str:
    for text, labels in labelled:
        _model.learn_one(text, labels)
    return _model.version


def _child_pid() -> int:
    return os.getpid()


class ChildScorer:
    """A model replica in one child process; tasks run there in submission order."""

    concurrent = True

    def __init__(self, model: Any) -> None:
        self._executor = self._spawn(model)
        self.generation = 0  # children started after the first
        # CPU seconds the children used after start-up, and comments they scored: the
        # scoring core's load on /metrics, and CPU per comment for the benchmark.
        self.cpu_seconds = 0.0
        self.scored = 0

    @staticmethod
    def _spawn(model: Any) -> ProcessPoolExecutor:
        # spawn, not fork: the worker has threads (aiokafka, Faust) a fork would copy mid-flight.
        executor = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"),
            initializer=_child_init, initargs=(model.dumps(),))
        executor.submit(_child_pid)  # start the child now: its imports take a few seconds
        return executor

    async def started(self) -> int:
        """Wait until the child has loaded its replica; its pid."""
        return await asyncio.wrap_future(self._executor.submit(_child_pid))

    def _submit(self, fn: Any, *args: Any) -> Future[Any]:
        try:
            return self._executor.submit(fn, *args)
        except BrokenProcessPool as exc:
            # A dead child fails its tasks through their futures, never at submit: the hot
            # path has one place that replaces the child and scores again.
            failed: Future[Any] = Future()
            failed.set_exception(exc)
            return failed

    def submit(self, texts: Sequence[str]) -> asyncio.Future[Scored]:
        # Submitted now, not when the task first runs: the child keeps submission order.
        return asyncio.ensure_future(self._scores(self._submit(_child_predict, list(texts))))

    async def _scores(self, future: Future[tuple[str, list[Any], float]]) -> Scored:
        version, predictions, cpu_s = await asyncio.wrap_future(future)
        self.cpu_seconds += cpu_s
        self.scored += len(predictions)
        return version, predictions

    def load(self, model: Any) -> None:
        """Score with a copy of ``model`` from now on (e.g. restored from a checkpoint)."""
        self._submit(_child_load, model.dumps()).add_done_callback(_log_failure)

    def learned(self, labelled: Sequence[Labelled]) -> None:
        if labelled:
            future = self._submit(_child_learn, [(t, dict(ls)) for t, ls in labelled])
            future.add_done_callback(_log_failure)

    def replace(self, model: Any) -> None:
        """Start over from a copy of ``model`` (after its child died, or a restore)."""
        old, self._executor = self._executor, self._spawn(model)
        self.generation += 1
        old.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _log_failure(future: Future[Any]) -> None:
    exc = None if future.cancelled() else future.exception()
    # A dead child is reported (and replaced) by the next predict.
    if exc is not None and not isinstance(exc, BrokenProcessPool):
        log.error("scorer: a task in the scoring child failed: %r", exc)


def make_scorer(in_child: bool, get_model: Any) -> InlineScorer | ChildScorer:
    return ChildScorer(get_model()) if in_child else InlineScorer(get_model)
