"""Model throughput: predict-only and predict+learn comments/s (median of 3 runs).

Pure model, no broker: this is the ceiling a scoring or learning worker can reach on one core.

    python benchmarks/model_speed.py [--batch 256] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from stream.model import CommentModel, load_corpus, train_default


def _rate(n: int, fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return n / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", type=int, default=256, help="predict_many batch size")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    start = time.perf_counter()
    model = train_default()
    train_s = time.perf_counter() - start
    records = load_corpus()
    texts = [r["text"] for r in records]
    snapshot = model.dumps()
    print(
        f"model {model.version}: trained in {train_s:.1f} s, snapshot {len(snapshot) / 1e6:.2f} MB,"
        f" {len(texts)} comments"
    )

    def predict_one_loop() -> None:
        for t in texts:
            model.predict_one(t)

    def predict_many_batches() -> None:
        for i in range(0, len(texts), args.batch):
            model.predict_many(texts[i : i + args.batch])

    def predict_and_learn() -> None:
        m = CommentModel.loads(snapshot)  # a fresh copy each run, so runs are alike
        for r in records:
            m.predict_one(r["text"])
            m.learn_one(r["text"], r["labels"])

    def dumps_loads() -> None:
        CommentModel.loads(model.dumps())

    n = len(texts)
    predict_one_loop()  # warm the lemma and n-gram caches, as a running worker has them
    rows = [
        ("predict_one loop", n, predict_one_loop),
        (f"predict_many (batch {args.batch})", n, predict_many_batches),
        ("predict_one + learn_one", n, predict_and_learn),
        ("snapshot dumps + loads", 1, dumps_loads),
    ]
    for name, count, fn in rows:
        rates = [_rate(count, fn) for _ in range(args.runs)]
        unit = "comments/s" if count > 1 else "per s"
        print(f"{name:32s} {statistics.median(rates):10,.0f} {unit}  (median of {args.runs})")


if __name__ == "__main__":
    main()
