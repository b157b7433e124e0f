"""Progressive validation of the model on the label stream: rolling F1 and drift."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from river import drift, metrics, utils

from schemas.vocabulary import AREAS


class ModelHealth:
    """Predict-then-learn scores over the last ``window`` labels, per area, with ADWIN drift.

    ``update`` takes what the model predicted *before* it learned the label, so every figure
    is an honest out-of-sample estimate (progressive validation).

    >>> h = ModelHealth(window=10)
    >>> h.update({"waiting_time": "negative"}, {"waiting_time": "negative"})
    >>> h.snapshot()["areas"]["waiting_time"]["area_f1"]
    1.0
    """

    def __init__(self, window: int = 500) -> None:
        self.window = window
        self.labels_seen = 0
        self.drifts = 0
        self._area_f1 = {a: utils.Rolling(metrics.F1, window_size=window) for a in AREAS}
        self._sent_f1 = {a: utils.Rolling(metrics.MacroF1, window_size=window) for a in AREAS}
        # (area, sentiment) pairs: true positives, false positives, false negatives per label.
        self._pairs: deque[tuple[int, int, int]] = deque(maxlen=window)
        self._errors = drift.ADWIN()

    def update(self, truth: Mapping[str, str], predicted: Mapping[str, str]) -> None:
        self.labels_seen += 1
        for area in AREAS:
            self._area_f1[area].update(area in truth, area in predicted)
            if area in truth and area in predicted:
                self._sent_f1[area].update(truth[area], predicted[area])
        t, p = set(truth.items()), set(predicted.items())
        self._pairs.append((len(t & p), len(p - t), len(t - p)))
        self._errors.update(0.0 if dict(truth) == dict(predicted) else 1.0)
        if self._errors.drift_detected:
            self.drifts += 1

    def _pair_f1(self) -> float | None:
        tp, fp, fn = (
            (sum(col) for col in zip(*self._pairs, strict=True)) if self._pairs else (0, 0, 0)
        )
        return 2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else None

    def snapshot(self) -> dict:
        """Figures for /api/model and /metrics; None where nothing has been seen yet."""

        def value(metric: utils.Rolling) -> float | None:
            return float(metric.get()) if metric.window else None

        return {
            "labels_seen": self.labels_seen,
            "window": self.window,
            "drifts_detected": self.drifts,
            "error_rate": float(self._errors.estimation) if self.labels_seen else None,
            "pair_f1": self._pair_f1(),
            "areas": {
                a: {
                    "area_f1": value(self._area_f1[a]),
                    "sentiment_macro_f1": value(self._sent_f1[a]),
                }
                for a in AREAS
            },
        }
