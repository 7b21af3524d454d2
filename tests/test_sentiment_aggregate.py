"""Tests of newslib.sentiment.aggregate: article-level (cluster) bootstrap intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newslib.sentiment import aggregate_sentiment


def _correlated(seed: int = 0, n_outlets: int = 3, n_articles: int = 30,
                per_article: int = 20) -> pd.DataFrame:
    """Sentences that share their article's tone: article effect sd 0.5, noise sd 0.05."""
    rng = np.random.default_rng(seed)
    n_art = n_outlets * n_articles
    art = np.repeat(np.arange(n_art), per_article)
    return pd.DataFrame({
        "article_id": pd.Series([f"art{i:03d}" for i in art], dtype="str"),
        "outlet": pd.Series([f"outlet{i // n_articles}" for i in art], dtype="str"),
        "compound": rng.normal(0, 0.5, n_art)[art] + rng.normal(0, 0.05, len(art))})


def test_cluster_interval_is_wider_than_row_interval_for_correlated_sentences():
    df = _correlated()
    articles = aggregate_sentiment(df, by="outlet", value_col="compound")
    rows = aggregate_sentiment(df, by="outlet", value_col="compound", cluster_col=None)
    width_articles = articles["ci_high"] - articles["ci_low"]
    width_rows = rows["ci_high"] - rows["ci_low"]
    # 20 near-identical sentences per article: the design effect is about 20, so the
    # article interval is about sqrt(20) ~ 4.5 times wider; demand at least 3x per outlet.
    assert (width_articles > 3 * width_rows).all(), (width_articles, width_rows)
    assert ((articles["ci_low"] < articles["mean"])
            & (articles["mean"] < articles["ci_high"])).all()
    # Every other column is the same whichever the resampling unit.
    same = ["outlet", "n", "mean", "share_negative", "share_positive"]
    pd.testing.assert_frame_equal(articles[same], rows[same])
    assert articles.columns.tolist() == rows.columns.tolist()
    # the article interval rests on the number of articles, the row one on the rows
    assert (articles["n_clusters"] == 30).all() and (articles["n"] == 600).all()
    assert (rows["n_clusters"] == rows["n"]).all()


def test_cluster_col_none_reproduces_the_row_bootstrap_exactly():
    df = pd.DataFrame({
        "article_id": ["a1", "a1", "a2", "a2", "a3", "b1", "b1", "b1", "b2", "c1"],
        "outlet": ["X"] * 5 + ["Y"] * 4 + ["Z"],
        "score": [0.5, 0.4, -0.2, -0.1, 0.3, -0.6, -0.5, -0.7, 0.1, 0.2]})
    out = aggregate_sentiment(df, by="outlet", n_boot=300, seed=7, cluster_col=None)
    # Computed with the row bootstrap before cluster_col existed (commit d94b7e3).
    expected = pd.DataFrame({
        "outlet": ["X", "Y", "Z"], "n": np.array([5, 4, 1], dtype="int64"),
        "mean": [0.18, -0.425, 0.2],
        "ci_low": [-0.050499999999999864, -0.6499999999999999, np.nan],
        "ci_high": [0.42000000000000004, -0.075, np.nan],
        "share_negative": [0.4, 0.75, 0.0], "share_positive": [0.6, 0.25, 1.0]})
    pd.testing.assert_frame_equal(out.drop(columns="n_clusters"), expected, check_exact=True,
                                  check_dtype=False)
    # resampling rows, every row is its own cluster
    assert out["n_clusters"].tolist() == [5, 4, 1]
    assert out.dtypes["n"] == "int64"
    # Without an article_id column the default is the row bootstrap too.
    default = aggregate_sentiment(df.drop(columns="article_id"), by="outlet", n_boot=300,
                                  seed=7)
    pd.testing.assert_frame_equal(default, out)
    # With one, the default resamples articles (and so gives other intervals).
    clustered = aggregate_sentiment(df, by="outlet", n_boot=300, seed=7)
    pd.testing.assert_frame_equal(
        clustered, aggregate_sentiment(df, by="outlet", n_boot=300, seed=7,
                                       cluster_col="article_id"))
    assert not np.allclose(clustered["ci_low"].iloc[:2], out["ci_low"].iloc[:2])


def test_cluster_bootstrap_is_the_ratio_estimator_over_drawn_articles():
    # Unequal article sizes: the resample mean is the mean over all rows of the drawn
    # articles (not the mean of article means). Recompute it slowly from the same draws.
    df = pd.DataFrame({"article_id": ["a"] * 5 + ["b"] + ["c"] * 2 + ["d"] * 3,
                       "outlet": "X",
                       "score": [0.9, 0.8, 0.7, 0.9, 1.0, -0.9, 0.0, 0.1, -0.3, -0.2, -0.4]})
    out = aggregate_sentiment(df, by="outlet", n_boot=500, seed=3, ci=0.9)
    rng = np.random.default_rng(3)
    groups = [df["score"][df["article_id"] == a].to_numpy() for a in ["a", "b", "c", "d"]]
    draws = rng.integers(0, 4, size=(500, 4))
    boots = [np.concatenate([groups[i] for i in row]).mean() for row in draws]
    low, high = np.quantile(boots, [0.05, 0.95])
    assert out["ci_low"].iloc[0] == pytest.approx(low, abs=1e-12)
    assert out["ci_high"].iloc[0] == pytest.approx(high, abs=1e-12)


def test_single_cluster_groups_missing_values_and_seed():
    df = pd.DataFrame({"article_id": ["a", "a", "a", "b", "c", "c", None, None],
                       "outlet": ["X", "X", "X", "Y", "Y", "Y", "Z", "Z"],
                       "score": [0.1, 0.5, -0.3, np.nan, 0.2, 0.4, 0.3, -0.3]})
    out = aggregate_sentiment(df, by="outlet", n_boot=200).set_index("outlet")
    # X: one article of three rows; Y: article b has no value, so one article remains.
    assert out.loc["X", "n"] == 3 and out.loc["Y", "n"] == 2
    assert out.loc[["X", "Y"], ["ci_low", "ci_high"]].isna().all().all()
    # Z: rows without an article id are clusters of their own, so Z has an interval.
    assert out.loc["Z", "ci_low"] < out.loc["Z", "ci_high"]
    # Clustering on a grouping column leaves one cluster per group: no interval at all.
    by_article = aggregate_sentiment(df.dropna(subset="article_id"), by="article_id",
                                     n_boot=50)
    assert by_article[["ci_low", "ci_high"]].isna().all().all()
    two = _correlated(n_outlets=2, n_articles=5, per_article=3)
    first = aggregate_sentiment(two, by="outlet", value_col="compound", seed=1)
    pd.testing.assert_frame_equal(
        first, aggregate_sentiment(two, by="outlet", value_col="compound", seed=1))
    other = aggregate_sentiment(two, by="outlet", value_col="compound", seed=2)
    assert not np.allclose(first["ci_low"], other["ci_low"])


def test_naming_a_missing_cluster_column_raises_with_the_fix():
    df = _correlated(n_outlets=1, n_articles=3, per_article=2)
    with pytest.raises(KeyError, match=r"'doc_id' not found.*cluster_col=None"):
        aggregate_sentiment(df, by="outlet", value_col="compound", cluster_col="doc_id")
    with pytest.raises(KeyError, match=r"'article_id' not found.*cluster_col=None"):
        aggregate_sentiment(df.drop(columns="article_id"), by="outlet",
                            value_col="compound", cluster_col="article_id")


def test_aggregate_sentiment_leaves_its_input_unchanged():
    df = _correlated(n_outlets=2, n_articles=4, per_article=3)
    df["published"] = pd.date_range("2022-01-01", periods=len(df), freq="D", tz="UTC")
    df.loc[3, "compound"] = np.nan
    before = df.copy()
    weekly = aggregate_sentiment(df, by="outlet", value_col="compound",
                                 date_col="published", freq="W", n_boot=100)
    aggregate_sentiment(df, by="outlet", value_col="compound", cluster_col=None, n_boot=100)
    aggregate_sentiment(df, by=["outlet", "article_id"], value_col="compound",
                        cluster_col="article_id", n_boot=100)
    pd.testing.assert_frame_equal(df, before)
    assert weekly["n"].sum() == len(df) - 1
    assert weekly.columns.tolist() == ["outlet", "period", "n", "n_clusters", "mean", "ci_low",
                                       "ci_high", "share_negative", "share_positive"]
