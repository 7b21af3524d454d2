"""Measurements behind the sentiment figures: CV of the actor model, speed vs the peers.

Run through ``python -m newslib.sentiment --cv ... / --benchmark`` or the quality report
(``python -m newslib.quality --only sentiment``). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from newslib import config

__all__ = ["cross_validate_actor_model", "speed", "vader_labels", "nltk_analyzer"]


def vader_labels(compound: np.ndarray | pd.Series, threshold: float = 0.05) -> np.ndarray:
    """VADER's usual 3-way cut of the compound score.

    Examples
    --------
    >>> vader_labels(np.array([-0.3, 0.0, 0.5])).tolist()
    ['negative', 'neutral', 'positive']
    """
    c = np.asarray(compound, dtype=float)
    return np.where(c >= threshold, "positive", np.where(c <= -threshold, "negative",
                                                         "neutral")).astype(object)


def cross_validate_actor_model(path: Path, *, n_splits: int = 5, **params) -> dict:
    """Macro-F1 of :class:`ActorSentimentModel` under sentence-grouped K-fold CV on NewsMTSC,
    beside whole-sentence VADER (compound +-0.05) on the same targets."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from newslib.datasets.newsmtsc import read_newsmtsc
    from newslib.sentiment._vader import get_vader
    from newslib.sentiment.actors import ActorSentimentModel

    arts, targets = read_newsmtsc(path)
    df = targets.merge(arts[["article_id", "text"]], on="article_id", how="left")
    y = df["label"].astype(str).to_numpy()
    pred = np.empty(len(df), dtype=object)
    t0 = time.perf_counter()
    for train, test in GroupKFold(n_splits=n_splits).split(df, y, df["sentence_group"]):
        model = ActorSentimentModel(**params).fit(df.iloc[train], y[train])
        pred[test] = model.predict(df.iloc[test])
    seconds = time.perf_counter() - t0
    vader = get_vader()
    compound = np.array([vader.polarity_scores(t)[3] for t in df["text"]])
    vpred = vader_labels(compound)
    labels = ["negative", "neutral", "positive"]
    return {
        "n_targets": int(len(df)), "n_sentences": int(df["sentence_group"].nunique()),
        "n_splits": n_splits,
        "model_macro_f1": float(f1_score(y, pred, average="macro")),
        "model_f1_per_class": dict(zip(labels, map(float, f1_score(
            y, pred, average=None, labels=labels)))),
        "model_accuracy": float((pred == y).mean()),
        "vader_macro_f1": float(f1_score(y, vpred, average="macro")),
        "vader_accuracy": float((vpred == y).mean()),
        "cv_seconds": round(seconds, 1),
    }


def nltk_analyzer():
    """NLTK's VADER with the reference lexicon under ``shared/reference/nltk_data``
    (benchmarks only: newslib itself never needs NLTK's data); ``None`` when absent."""
    shared = config.shared_dir()
    ref = shared / "reference" / "nltk_data" if shared else None
    if ref is None or not (ref / "sentiment" / "vader_lexicon.zip").is_file():
        return None
    import nltk.data
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    saved = list(nltk.data.path)
    nltk.data.path.insert(0, str(ref))
    try:
        return SentimentIntensityAnalyzer()
    finally:
        nltk.data.path[:] = saved


def _best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def speed(sentences: list[str] | None = None, *, repeat: int = 3) -> dict:
    """Sentences per second of newslib's VADER, vaderSentiment and NLTK on the same sentences
    (default: the 5,190 VADER NYT snippets), score agreement, and actor-model targets/s."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from newslib.sentiment._vader import get_vader
    from newslib.sentiment.actors import load_actor_model

    bench = config.benchmarks_dir()
    if sentences is None:
        if bench is None:
            raise FileNotFoundError("../shared/benchmarks is absent; pass sentences=[...]")
        from newslib.datasets.vader_nyt import read_vader_nyt

        sentences = read_vader_nyt(bench / "vader_nyt")[0]["text"].tolist()
    ours = get_vader()
    ref = SentimentIntensityAnalyzer()
    nl = nltk_analyzer()
    n = len(sentences)
    res: dict = {"n_sentences": n}
    t_ours = _best_of(lambda: [ours.polarity_scores(s) for s in sentences], repeat)
    t_ref = _best_of(lambda: [ref.polarity_scores(s) for s in sentences], repeat)
    res["newslib_sentences_per_s"] = round(n / t_ours)
    res["vaderSentiment_sentences_per_s"] = round(n / t_ref)
    res["speedup_vs_vaderSentiment"] = round(t_ref / t_ours, 2)
    a = [ours.polarity_scores(s) for s in sentences]
    b = [ref.polarity_scores(s) for s in sentences]
    res["identical_to_vaderSentiment"] = int(sum(
        x == (d["neg"], d["neu"], d["pos"], d["compound"]) for x, d in zip(a, b)))
    if nl is not None:
        t_nl = _best_of(lambda: [nl.polarity_scores(s) for s in sentences], repeat)
        res["nltk_sentences_per_s"] = round(n / t_nl)
        res["speedup_vs_nltk"] = round(t_nl / t_ours, 2)
        c_nl = np.array([nl.polarity_scores(s)["compound"] for s in sentences])
        c_us = np.array([x[3] for x in a])
        res["nltk_compound_identical"] = int((c_nl == c_us).sum())
        res["nltk_compound_pearson_r"] = round(float(np.corrcoef(c_nl, c_us)[0, 1]), 4)
        res["nltk_label_agreement"] = round(float(
            (vader_labels(c_nl) == vader_labels(c_us)).mean()), 4)
    if bench is not None and (bench / "newsmtsc" / "train.jsonl").is_file():
        from newslib.datasets.newsmtsc import read_newsmtsc

        arts, targets = read_newsmtsc(bench / "newsmtsc" / "train.jsonl")
        df = targets.merge(arts[["article_id", "text"]], on="article_id", how="left")
        model = load_actor_model()
        model.predict_proba(df.head(10))
        t = _best_of(lambda: model.predict_proba(df), repeat)
        res["actor_targets_per_s"] = round(len(df) / t)
    return res
