"""``pulse model evaluate``: the tables, the JSON, and learning from an analyst's sample."""

from __future__ import annotations

import json

import pytest

from stream.cli import main
from stream.model import load_corpus
from stream.model_cli import in_label_sample
from tests.unit.conftest import SMALL_TRAIN

N = 120  # labelled comments the small model has not seen


@pytest.fixture(scope="module")
def labelled(tmp_path_factory, small_model):
    """A snapshot of the small model and a labelled file of comments it never learned."""
    folder = tmp_path_factory.mktemp("model_cli")
    snapshot = folder / "model.bin"
    snapshot.write_bytes(small_model.dumps())
    records = load_corpus()[SMALL_TRAIN : SMALL_TRAIN + N]
    lines = [json.dumps({"id": r["id"], "text": r["text"], "labels": r["labels"]}) for r in records]
    data = folder / "labelled.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    backwards = folder / "backwards.jsonl"
    backwards.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    return snapshot, data, backwards


def _evaluate(capsys, snapshot, data, *options: str) -> dict:
    assert main(["model", "evaluate", "--model", str(snapshot), "--json", *options, str(data)]) == 0
    return json.loads(capsys.readouterr().out)


def test_evaluate_reports_scores_and_share_error_without_learning(capsys, labelled):
    snapshot, data, _ = labelled
    scores = _evaluate(capsys, snapshot, data)
    assert scores["n_comments"] == N
    assert scores["labels_learned"] == 0
    assert 0.0 < scores["pair"]["f1"] < 1.0
    assert scores["share_mae_pp"] >= 0.0


def test_prequential_learns_every_label_and_changes_the_predictions(capsys, labelled):
    snapshot, data, _ = labelled
    static = _evaluate(capsys, snapshot, data)
    replayed = _evaluate(capsys, snapshot, data, "--prequential")
    assert replayed["labels_learned"] == N
    assert replayed["pair"] != static["pair"]


def test_a_label_share_learns_the_same_sample_in_any_order(capsys, labelled):
    snapshot, data, backwards = labelled
    half = _evaluate(capsys, snapshot, data, "--label-share", "0.5")
    assert 0 < half["labels_learned"] < N
    again = _evaluate(capsys, snapshot, backwards, "--label-share", "0.5")
    assert again["labels_learned"] == half["labels_learned"]
    assert _evaluate(capsys, snapshot, data, "--label-share", "0")["labels_learned"] == 0


def test_the_label_sample_is_about_its_share():
    ids = [f"gen-{i}" for i in range(20_000)]
    share = sum(in_label_sample(i, 0.02) for i in ids) / len(ids)
    assert share == pytest.approx(0.02, abs=0.004)


def test_a_label_share_outside_0_1_is_refused(labelled):
    snapshot, data, _ = labelled
    with pytest.raises(SystemExit, match="between 0 and 1"):
        main(["model", "evaluate", "--model", str(snapshot), "--label-share", "2", str(data)])


def test_ensure_model_trains_and_caches_once_so_the_demo_worker_starts_at_once(
    tmp_path, monkeypatch
):
    """`pulse demo` trains the default model before it starts the worker, whose start-up wait
    is bounded: the model is cached after the first call, and a second call reads nothing."""
    from stream.runtime import _default_model_cache, ensure_model
    from stream.settings import Settings

    data = tmp_path / "corpus"
    data.mkdir()
    records = load_corpus(split="train")[:40]
    (data / "part-a.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    settings = Settings(data_dir=str(data))
    cache = _default_model_cache(settings)[1]
    assert not cache.exists()
    ensure_model(settings)
    assert cache.exists()
    cache.write_bytes(b"not a model")  # a second call must not load (or retrain) it
    ensure_model(settings)
    assert cache.read_bytes() == b"not a model"
