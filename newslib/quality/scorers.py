"""Scorers shared by the quality checks: precision/recall/F1, span overlap, matching.

Spans are ``(start, end)`` character offsets, end exclusive.
"""

from __future__ import annotations

from collections.abc import Sequence


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined).

    Examples
    --------
    >>> {k: round(v, 3) for k, v in prf(8, 2, 1).items()}
    {'precision': 0.8, 'recall': 0.889, 'f1': 0.842, 'tp': 8, 'fp': 2, 'fn': 1}
    >>> prf(0, 0, 0)['f1']
    0.0
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two character spans.

    Examples
    --------
    >>> iou((0, 10), (5, 15))
    0.3333333333333333
    >>> iou((0, 5), (5, 10))
    0.0
    """
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two spans share at least one character.

    Examples
    --------
    >>> overlaps((0, 5), (4, 9)), overlaps((0, 5), (5, 9))
    (True, False)
    """
    return min(a[1], b[1]) > max(a[0], b[0])


def match_spans(pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]], *,
                threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one matching of predicted to gold spans with IoU >= ``threshold``.

    Greedy on descending IoU, which is what the issue's scoring rule asks for: each gold
    span is matched at most once and each prediction at most once. Returns index pairs
    ``(pred_index, gold_index)``.

    Examples
    --------
    >>> match_spans([(0, 10), (20, 30)], [(1, 10), (40, 50)])
    [(0, 0)]
    """
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            score = iou(p, g)
            if score >= threshold:
                cands.append((score, i, j))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def boundary_prf(pred_ends: Sequence[int], gold_ends: Sequence[int]) -> dict[str, float]:
    """Sentence-boundary precision/recall/F1 from sets of boundary offsets.

    Examples
    --------
    >>> round(boundary_prf([10, 20, 30], [10, 30])['f1'], 3)
    0.8
    """
    p, g = set(pred_ends), set(gold_ends)
    return prf(len(p & g), len(p - g), len(g - p))


def wilson_interval(successes: float, n: float, *,
                    confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``successes / n``.

    Better than the normal approximation for small samples and proportions near 0 or 1
    (it never leaves [0, 1]). ``n`` may be fractional (an effective sample size).
    Returns ``(nan, nan)`` when ``n`` is 0.

    Examples
    --------
    >>> [round(x, 3) for x in wilson_interval(8, 10)]
    [0.49, 0.943]
    >>> [round(x, 3) for x in wilson_interval(10, 10)]
    [0.722, 1.0]
    """
    from math import nan, sqrt
    from statistics import NormalDist

    if n <= 0:
        return (nan, nan)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return (low, high)
