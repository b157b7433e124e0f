"""The scoring child: the same predictions as the worker's replica, the same labels learned in
the same order, a replacement when it dies, and no orphan when the worker is killed."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from stream.model import CommentModel, load_corpus
from stream.scorer import ChildScorer, InlineScorer

RECORDS = load_corpus()
TEXTS = [
    "Lång kö men handläggaren var jättetrevlig",
    "E-tjänsten hänger sig hela tiden, och ingen svarar i telefon!",
    "Zorbluffen vid gnurkvägen grävdes upp igen",
]
NOVEL = "Glimrande zorblaxar i foajén hela förmiddagen"


@pytest.fixture(scope="module")
def model(small_model: CommentModel) -> CommentModel:
    return small_model  # trained on RECORDS[:600] (tests/unit/conftest.py)


def _plain(preds: list) -> list:
    return [(p.labels, p.area_scores, p.sentiment_scores) for p in preds]


def test_child_scores_like_the_worker_and_follows_its_labels(model: CommentModel) -> None:
    worker = CommentModel.loads(model.dumps())
    texts = TEXTS + [r["text"] for r in RECORDS[600:640]]

    async def scenario() -> None:
        child = ChildScorer(worker)
        try:
            version, preds = await child.submit(texts)
            assert version == worker.version
            assert _plain(preds) == _plain(worker.predict_many(texts))

            labelled = [(NOVEL, {"municipal_services": "skeptical"})] * 15
            for text, labels in labelled:
                worker.learn_one(text, labels)
            child.learned(labelled)
            version, preds = await child.submit([NOVEL, *texts])
            assert version == worker.version and version.endswith("+15")
            assert _plain(preds) == _plain(worker.predict_many([NOVEL, *texts]))
            assert preds[0].labels == {"municipal_services": "skeptical"}

            child.load(model)  # back to the model without the labels
            version, _ = await child.submit(texts)
            assert version == model.version
        finally:
            child.close()

    asyncio.run(scenario())


def test_a_dead_child_is_reported_and_replaced(model: CommentModel) -> None:
    async def scenario() -> None:
        child = ChildScorer(model)
        try:
            os.kill(await child.started(), signal.SIGKILL)
            with pytest.raises(BrokenProcessPool):
                await child.submit(TEXTS)
            child.replace(model)
            version, preds = await child.submit(TEXTS)
            assert version == model.version and len(preds) == len(TEXTS)
        finally:
            child.close()

    asyncio.run(scenario())


def test_the_child_reports_its_scoring_cpu_not_its_start_up(model: CommentModel) -> None:
    from stream.metrics import Metrics

    texts = [r["text"] for r in RECORDS[600:1000]]

    metrics = Metrics()
    scorer: dict[str, object] = {}
    metrics.watch_scorer(lambda: scorer.get("now"))
    sample = metrics.registry.get_sample_value

    async def scenario() -> float:
        child = scorer["now"] = ChildScorer(model)
        try:
            await child.started()  # loading the replica costs seconds of CPU: not counted
            before = sample("pulsen_scoring_child_cpu_seconds_total")
            await child.submit(texts[:200])
            await child.submit(texts[200:])
            return before
        finally:
            child.close()

    assert asyncio.run(scenario()) == 0.0
    assert sample("pulsen_scoring_child_comments_total") == len(texts)
    # Some CPU for 400 comments, but less than start-up (unpickling, lemmatiser warm-up).
    assert 0 < sample("pulsen_scoring_child_cpu_seconds_total") < 2.0

    scorer["now"] = InlineScorer(lambda: model)  # scoring in the event loop: no child
    assert sample("pulsen_scoring_child_cpu_seconds_total") is None


def test_inline_scorer_reads_the_current_model(model: CommentModel) -> None:
    holder = {"model": model}

    async def scenario() -> tuple[str, str]:
        scorer = InlineScorer(lambda: holder["model"])
        first, _ = await scorer.submit(TEXTS)
        learned = CommentModel.loads(model.dumps())
        learned.learn_one(NOVEL, {"overall_experience": "positive"})
        holder["model"] = learned
        second, _ = await scorer.submit(TEXTS)
        return first, second

    first, second = asyncio.run(scenario())
    assert first == model.version and second == model.version + "+1"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_child_dies_with_a_killed_worker(model: CommentModel, tmp_path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(model.dumps())
    script = textwrap.dedent(f"""
        import asyncio, sys
        from stream.model import CommentModel
        from stream.scorer import ChildScorer
        async def main():
            child = ChildScorer(CommentModel.loads(open({str(path)!r}, "rb").read()))
            print(await child.started(), flush=True)
            await asyncio.sleep(120)
        asyncio.run(main())
    """)
    worker = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert worker.stdout is not None
        child_pid = int(worker.stdout.readline())
        os.kill(child_pid, 0)  # running
        worker.kill()
        worker.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(child_pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"scoring child {child_pid} outlived its killed worker")
    finally:
        worker.kill()
