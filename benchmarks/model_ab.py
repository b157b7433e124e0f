"""A/B of the model's scoring speed: two source trees score the same model at the same time.

On a shared machine a run's speed swings by ±25 % with the neighbours' load, so running old
and new one after the other compares loads more than code. Here both run at the same time,
pinned to the same core, and each counts its own CPU time: they meet the same load.

    git archive <old commit> stream schemas | tar -x -C /tmp/old
    python benchmarks/model_ab.py /tmp/old . [--rounds 3] [--texts generated|corpus]

Each tree scores the default model (trained once, by this tree) on texts it has not scored
before: 3 passes over fresh thirds of 15,000 generated comments (seed 3) or of the corpus, in
batches of 40-256, after a warm-up on 2,000 other generated comments and ``settle_heap``, as
the scoring child does. Prints comments/s per pass and the new/old ratio of each pass.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSES = 3


def _batches(texts: list[str], seed: int) -> list[list[str]]:
    rng, out, i = random.Random(seed), [], 0
    while i < len(texts):
        n = rng.randint(40, 256)
        out.append(texts[i : i + n])
        i += n
    return out


def _child(snapshot: str, kind: str, core: int) -> None:
    """Score and print ``{"tree", "rates"}``: run with the tree to measure on PYTHONPATH."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    import stream
    from stream.generator import generate
    from stream.model import CommentModel, load_corpus
    from stream.runtime import settle_heap

    model = CommentModel.loads(Path(snapshot).read_bytes())
    for batch in _batches([c["text"] for c in generate(2000, seed=0)], 0):
        model.predict_many(batch)
    settle_heap()
    if kind == "generated":
        texts = [c["text"] for c in generate(15_000, seed=3)]
    else:
        texts = [r["text"] for r in load_corpus()]
    size = len(texts) // PASSES
    rates = []
    for k in range(PASSES):
        part = texts[k * size : (k + 1) * size]
        batches = _batches(part, k)
        start = time.process_time()
        for batch in batches:
            model.predict_many(batch)
        rates.append(len(part) / (time.process_time() - start))
    print(json.dumps({"tree": str(Path(stream.__file__).parents[1]), "rates": rates}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path, nargs="?", help="source tree with stream/ (reference)")
    ap.add_argument("new", type=Path, nargs="?", help="source tree with stream/ (candidate)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--texts", choices=("generated", "corpus"), default="generated")
    ap.add_argument("--core", type=int, default=max(os.cpu_count() or 1, 1) - 1)
    ap.add_argument("--child", nargs=2, metavar=("SNAPSHOT", "TEXTS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], args.core)
        return
    if args.old is None or args.new is None:
        ap.error("give the old and the new source tree")

    from stream.model import train_default
    from stream.model.corpus import corpus_dir

    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "model.bin"
        snapshot.write_bytes(train_default().dumps())
        env = {**os.environ, "PULSE_DATA_DIR": str(corpus_dir())}
        ratios: list[float] = []
        print(f"load before: {os.getloadavg()[0]:.2f}")
        for _ in range(args.rounds):
            procs = [
                subprocess.Popen(
                    [sys.executable, __file__, "--core", str(args.core)]
                    + ["--child", str(snapshot), args.texts],
                    env={**env, "PYTHONPATH": str(tree.resolve())},
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for tree in (args.old, args.new)
            ]
            old, new = (json.loads(p.communicate()[0])["rates"] for p in procs)
            ratios += [n / o for o, n in zip(old, new, strict=True)]
            print(
                "old " + " ".join(f"{r:6,.0f}" for r in old),
                "| new " + " ".join(f"{r:6,.0f}" for r in new),
                "| new/old " + " ".join(f"{n / o:.2f}" for o, n in zip(old, new, strict=True)),
                flush=True,
            )
        print(f"load after: {os.getloadavg()[0]:.2f}")
        print(f"new/old: median {statistics.median(ratios):.2f} over {len(ratios)} passes")


if __name__ == "__main__":
    main()
