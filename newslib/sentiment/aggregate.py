"""Sentiment per group (actor x outlet, outlet x week, ...) with bootstrap intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from newslib.schema import require_columns

__all__ = ["aggregate_sentiment"]


def _boot_means(values: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    n = len(values)
    out = np.empty(n_boot)
    chunk = max(1, min(n_boot, 2_000_000 // max(n, 1)))  # bound memory at ~16 MB
    for lo in range(0, n_boot, chunk):
        hi = min(n_boot, lo + chunk)
        idx = rng.integers(0, n, size=(hi - lo, n))
        out[lo:hi] = values[idx].mean(axis=1)
    return out


def aggregate_sentiment(df: pd.DataFrame, *, by: str | Sequence[str] = ("actor", "outlet"),
                        value_col: str = "score", n_boot: int = 1000, ci: float = 0.95,
                        seed: int = 0, date_col: str | None = None,
                        freq: str | None = None) -> pd.DataFrame:
    """Mean sentiment per group with a percentile-bootstrap confidence interval.

    Parameters
    ----------
    df
        Any scored table: :func:`score_targets` output joined to framing's mentions (actor,
        outlet), or sentence scores (``value_col="compound"``). Not modified.
    by
        Grouping columns. For time series add ``date_col`` and ``freq``: a column
        ``period`` (the start of each ``freq`` bin, e.g. ``"W"``, ``"MS"``, ``"D"``) is
        added and grouped on after ``by``.
    value_col
        Numeric column to average (``score`` in [-1, 1] of :func:`score_targets`,
        ``compound`` of :func:`score_sentences`, or a 0/1 indicator for a share).
    n_boot, ci, seed
        Bootstrap resamples, interval level and random seed (results are reproducible:
        groups are resampled in sorted order from one generator).
    date_col, freq
        Optional datetime column and bin width (a pandas offset alias).

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns (and ``period``), ``n`` (rows with a value),
        ``mean``, ``ci_low``, ``ci_high`` (NaN for groups of one row, whose interval is
        undefined), ``share_negative`` and ``share_positive`` (values <= -0.05 / >= 0.05).

    Examples
    --------
    >>> df = pd.DataFrame({"actor": ["police"] * 4 + ["protesters"] * 4,
    ...                    "outlet": "trt", "score": [-.5, -.2, 0, .1, -.9, -.8, -.7, -.6]})
    >>> out = aggregate_sentiment(df, n_boot=200)
    >>> out[["actor", "n"]].assign(mean=out["mean"].round(3)).values.tolist()
    [['police', 4, -0.15], ['protesters', 4, -0.75]]
    >>> bool((out["ci_low"] <= out["mean"]).all() and (out["mean"] <= out["ci_high"]).all())
    True
    """
    keys = [by] if isinstance(by, str) else list(by)
    need = [*keys, value_col] + ([date_col] if date_col else [])
    require_columns(df, need, where="aggregate_sentiment",
                    hint="pass by=[...] and value_col=... naming existing columns")
    if not 0 < ci < 1:
        raise ValueError(f"ci must be in (0, 1), e.g. 0.95; got {ci}")
    if (date_col is None) != (freq is None):
        raise ValueError("pass both date_col=... and freq=... (e.g. freq='W') for a time "
                         "series, or neither")
    work = df[need].copy()
    work[value_col] = pd.to_numeric(work[value_col], errors="coerce")
    if date_col:
        dates = pd.to_datetime(work[date_col], utc=True, errors="coerce")
        work["period"] = dates.dt.tz_localize(None).dt.to_period(freq).dt.start_time
        keys = [*keys, "period"]
    rng = np.random.default_rng(seed)
    alpha = (1 - ci) / 2
    rows = []
    for key, group in work.groupby(keys, sort=True, dropna=False):
        values = group[value_col].dropna().to_numpy(dtype=float)
        n = len(values)
        mean = float(values.mean()) if n else float("nan")
        low = high = float("nan")
        if n > 1 and n_boot > 0:
            boots = _boot_means(values, n_boot, rng)
            low, high = (float(x) for x in np.quantile(boots, [alpha, 1 - alpha]))
        rec = dict(zip(keys, key if isinstance(key, tuple) else (key,)))
        rec.update({"n": n, "mean": mean, "ci_low": low, "ci_high": high,
                    "share_negative": float((values <= -0.05).mean()) if n else float("nan"),
                    "share_positive": float((values >= 0.05).mean()) if n else float("nan")})
        rows.append(rec)
    out = pd.DataFrame(rows, columns=[*keys, "n", "mean", "ci_low", "ci_high",
                                      "share_negative", "share_positive"])
    out["n"] = out["n"].astype("int64")
    return out
