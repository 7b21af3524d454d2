"""Sentiment per group (actor x outlet, outlet x week, ...) with bootstrap intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from newslib.schema import require_columns

__all__ = ["aggregate_sentiment"]


def _boot_means(sums: np.ndarray, counts: np.ndarray | None, n_boot: int,
                rng: np.random.Generator) -> np.ndarray:
    """Bootstrap means drawing ``len(sums)`` clusters with replacement, ``n_boot`` times.

    Each resample is a row of an integer index matrix (n_boot x n_clusters, drawn in chunks
    that bound memory at ~16 MB); its mean is the sum of the drawn clusters' sums over the
    sum of their row counts. ``counts=None`` means one row per cluster (plain row bootstrap),
    which takes the mean of the drawn values directly, as newslib always has.
    """
    n = len(sums)
    out = np.empty(n_boot)
    chunk = max(1, min(n_boot, 2_000_000 // max(n, 1)))
    for lo in range(0, n_boot, chunk):
        hi = min(n_boot, lo + chunk)
        idx = rng.integers(0, n, size=(hi - lo, n))
        if counts is None:
            out[lo:hi] = sums[idx].mean(axis=1)
        else:
            out[lo:hi] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    return out


def _cluster_codes(column: pd.Series) -> np.ndarray:
    """Integer cluster codes; a row with a missing cluster id is a cluster of its own."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    missing = codes < 0
    if missing.any():
        codes = codes.copy()
        codes[missing] = len(uniques) + np.arange(int(missing.sum()))
    return codes


def aggregate_sentiment(df: pd.DataFrame, *, by: str | Sequence[str] = ("actor", "outlet"),
                        value_col: str = "score", n_boot: int = 1000, ci: float = 0.95,
                        seed: int = 0, date_col: str | None = None,
                        freq: str | None = None,
                        cluster_col: str | None = "auto") -> pd.DataFrame:
    """Mean sentiment per group with a percentile-bootstrap confidence interval.

    The interval resamples whole articles by default (a cluster bootstrap): sentences of
    one article share an author, an event and a framing, so they are not independent, and
    resampling single sentences gives intervals that are too narrow to compare outlets.

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
    cluster_col
        Column whose values form the resampling units. ``"auto"`` (the default) uses
        ``article_id`` when ``df`` has that column and single rows otherwise; name a
        column to cluster on it (it must exist, else ``KeyError``);
        ``None`` resamples single rows (sentences, mentions): the intervals newslib gave
        before article-level resampling, reproduced exactly for the same ``seed``. Within
        each group, the bootstrap draws as many clusters as the group has, with
        replacement, and averages all rows of the drawn clusters: the ratio estimator of
        the group mean (sum of values over number of rows), so an article weighs by its
        number of rows, as it does in ``mean``. A row whose cluster id is missing is a cluster
        of its own. An article that falls in several groups (several actors) is resampled
        separately in each: each interval is valid for its own group.

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns (and ``period``), ``n`` (rows with a value),
        ``n_clusters`` (distinct clusters with a value: articles by default, ``n`` again
        when single rows are resampled; it is the number of independent observations the
        interval rests on), ``mean``, ``ci_low``, ``ci_high``, ``share_negative`` and ``share_positive``
        (values <= -0.05 / >= 0.05). The interval is NaN for a group with a single
        cluster (a single article, or a single row when resampling rows): every resample
        then repeats the same article, so the bootstrap would give a zero-width interval
        although the variation between articles cannot be estimated from one.

    Examples
    --------
    >>> df = pd.DataFrame({"actor": ["police"] * 4 + ["protesters"] * 4,
    ...                    "outlet": "trt", "score": [-.5, -.2, 0, .1, -.9, -.8, -.7, -.6]})
    >>> out = aggregate_sentiment(df, n_boot=200)
    >>> out[["actor", "n"]].assign(mean=out["mean"].round(3)).values.tolist()
    [['police', 4, -0.15], ['protesters', 4, -0.75]]
    >>> bool((out["ci_low"] <= out["mean"]).all() and (out["mean"] <= out["ci_high"]).all())
    True

    With an ``article_id`` column, whole articles are resampled. Three articles whose
    sentences agree with each other are three observations, not nine, and the interval
    says so:

    >>> df = pd.DataFrame({"article_id": ["a1"] * 3 + ["a2"] * 3 + ["a3"] * 3,
    ...                    "outlet": "trt", "score": [-.6, -.5, -.6, -.1, 0, -.1, .3, .4, .3]})
    >>> cols = ["mean", "ci_low", "ci_high"]
    >>> aggregate_sentiment(df, by="outlet", n_boot=500)[cols].round(2).values.tolist()
    [[-0.1, -0.49, 0.33]]
    >>> aggregate_sentiment(df, by="outlet", n_boot=500, cluster_col=None
    ...                     )[cols].round(2).values.tolist()
    [[-0.1, -0.34, 0.11]]
    """
    keys = [by] if isinstance(by, str) else list(by)
    if cluster_col == "auto":
        cluster_col = "article_id" if "article_id" in getattr(df, "columns", ()) else None
    elif cluster_col is not None:
        require_columns(df, [cluster_col], where="aggregate_sentiment(cluster_col)",
                        hint="name the column that identifies articles, or pass "
                             "cluster_col=None to resample single rows")
    need = [*keys, value_col] + ([date_col] if date_col else [])
    require_columns(df, need, where="aggregate_sentiment",
                    hint="pass by=[...] and value_col=... naming existing columns")
    if not 0 < ci < 1:
        raise ValueError(f"ci must be in (0, 1), e.g. 0.95; got {ci}")
    if (date_col is None) != (freq is None):
        raise ValueError("pass both date_col=... and freq=... (e.g. freq='W') for a time "
                         "series, or neither")
    work = df[list(dict.fromkeys(need))].copy()
    work[value_col] = pd.to_numeric(work[value_col], errors="coerce")
    clusters = _cluster_codes(df[cluster_col]) if cluster_col is not None else None
    if date_col:
        dates = pd.to_datetime(work[date_col], utc=True, errors="coerce")
        work["period"] = dates.dt.tz_localize(None).dt.to_period(freq).dt.start_time
        keys = [*keys, "period"]
    rng = np.random.default_rng(seed)
    alpha = (1 - ci) / 2
    all_values = work[value_col].to_numpy(dtype=float, na_value=np.nan)
    rows = []
    work = work.reset_index(drop=True)
    for key, group in work.groupby(keys, sort=True, dropna=False):
        positions = group.index.to_numpy()
        group_values = all_values[positions]
        ok = ~np.isnan(group_values)
        values = group_values[ok]
        n = len(values)
        mean = float(values.mean()) if n else float("nan")
        low = high = float("nan")
        inverse = None
        n_clusters = n
        if clusters is not None:
            _, inverse = np.unique(clusters[positions][ok], return_inverse=True)
            n_clusters = int(inverse.max()) + 1 if n else 0
        if n_boot > 0:
            if inverse is None:
                boots = _boot_means(values, None, n_boot, rng) if n > 1 else None
            else:
                counts = np.bincount(inverse).astype(float)
                sums = np.bincount(inverse, weights=values)
                boots = _boot_means(sums, counts, n_boot, rng) if len(sums) > 1 else None
            if boots is not None:
                low, high = (float(x) for x in np.quantile(boots, [alpha, 1 - alpha]))
        rec = dict(zip(keys, key if isinstance(key, tuple) else (key,)))
        rec.update({"n": n, "n_clusters": n_clusters, "mean": mean, "ci_low": low, "ci_high": high,
                    "share_negative": float((values <= -0.05).mean()) if n else float("nan"),
                    "share_positive": float((values >= 0.05).mean()) if n else float("nan")})
        rows.append(rec)
    out = pd.DataFrame(rows, columns=[*keys, "n", "n_clusters", "mean", "ci_low", "ci_high",
                                      "share_negative", "share_positive"])
    out["n"] = out["n"].astype("int64")
    out["n_clusters"] = out["n_clusters"].astype("int64")
    return out
