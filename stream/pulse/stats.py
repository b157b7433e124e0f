"""Share statistics: the Wilson score interval and percentage-point deltas."""

from __future__ import annotations

import math

Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``k`` successes in ``n`` trials (95 % by default).

    Unlike the normal approximation it stays inside [0, 1] and behaves for small ``n``,
    which matters for a small municipality's few comments in a short window.

    >>> tuple(round(x, 3) for x in wilson(52, 100))
    (0.423, 0.615)
    >>> wilson(0, 0)
    (0.0, 1.0)
    """
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def delta_pp(share: float, baseline: float) -> float:
    """Change in percentage points, rounded to one decimal.

    >>> delta_pp(0.52, 0.43)
    9.0
    """
    return round((share - baseline) * 100, 1)
