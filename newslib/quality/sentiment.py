"""Quality of newslib.sentiment on real annotated news (``--only sentiment``).

* ``vader_nyt`` (Hutto & Gilbert 2014, 5,190 NYT editorial snippets, >= 20 raters each):
  Pearson r between the compound score and the human mean, and 3-class F1 with VADER's
  +-0.05 thresholds on the compound *and* on the human mean (the dataset's README does not
  say how the published F1 cut the human mean; this rule reproduces it). The published
  figures are r = 0.492 and F1 = 0.55; the F1 is the class-weighted average (the form
  scikit-learn's report of the time printed), macro-F1 is given in the note. newslib is
  compared with NLTK's VADER (lexicon from ``shared/reference/nltk_data``, used here only)
  and with vaderSentiment, the package newslib reproduces exactly.
* ``newsmtsc`` (Hamborg & Donnay 2021, train.jsonl, 8,739 targets): macro-F1 of the actor
  model under 5-fold cross-validation grouped by sentence, beside whole-sentence VADER
  (compound +-0.05 -> negative/neutral/positive) on the same targets; the published
  transformer models reach 0.81-0.83 (on NewsMTSC's own test sets, not this CV).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newslib.quality import row

COMPONENT = "sentiment"


def _f1(gold, pred, average: str) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(np.asarray(gold, dtype=str), np.asarray(pred, dtype=str),
                          average=average))


def _vader_nyt(benchmarks: Path) -> list[dict]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from newslib.datasets.vader_nyt import read_vader_nyt
    from newslib.sentiment import score_sentences
    from newslib.sentiment.bench import nltk_analyzer, vader_labels

    folder = benchmarks / "vader_nyt"
    if not folder.is_dir():
        return [row(COMPONENT, "vader_nyt", "pearson r", float("nan"),
                    note="benchmark folder absent")]
    arts, gold = read_vader_nyt(folder)
    human = gold["mean"].to_numpy()
    gl = gold["label"].astype(str).to_numpy()
    ours = score_sentences(arts[["article_id", "text"]])["compound"].to_numpy()
    ref = SentimentIntensityAnalyzer()
    theirs = np.array([ref.polarity_scores(t)["compound"] for t in arts["text"]])
    nl = nltk_analyzer()
    nltk_c = (np.array([nl.polarity_scores(t)["compound"] for t in arts["text"]])
              if nl is not None else None)
    n_same = int((ours == theirs).sum())

    def r(c: np.ndarray) -> float:
        return float(np.corrcoef(c, human)[0, 1])

    rows = []
    for peer, values in (("nltk VADER", nltk_c), ("vaderSentiment 3.3.2", theirs)):
        if values is None:
            continue
        rows.append(row(COMPONENT, "vader_nyt", "pearson r (compound vs human mean)", r(ours),
                        peer=peer, peer_value=r(values), published="0.492 (VADER paper)",
                        note=f"n={len(ours)}; newslib identical to vaderSentiment on "
                             f"{n_same}/{len(ours)} snippets"))
    for peer, values in (("nltk VADER", nltk_c), ("vaderSentiment 3.3.2", theirs)):
        if values is None:
            continue
        rows.append(row(COMPONENT, "vader_nyt", "3-class F1 (weighted, +-0.05)",
                        _f1(gl, vader_labels(ours), "weighted"), peer=peer,
                        peer_value=_f1(gl, vader_labels(values), "weighted"),
                        published="0.55 (VADER paper)",
                        note=f"human mean cut at +-0.05 too; macro-F1 newslib "
                             f"{_f1(gl, vader_labels(ours), 'macro'):.3f}, peer "
                             f"{_f1(gl, vader_labels(values), 'macro'):.3f}"))
    return rows


def _newsmtsc(benchmarks: Path) -> list[dict]:
    from newslib.sentiment.bench import cross_validate_actor_model

    path = benchmarks / "newsmtsc" / "train.jsonl"
    if not path.is_file():
        return [row(COMPONENT, "newsmtsc", "macro-F1", float("nan"),
                    note="benchmark file absent")]
    res = cross_validate_actor_model(path)
    per = ", ".join(f"{k} {v:.3f}" for k, v in res["model_f1_per_class"].items())
    return [row(COMPONENT, "newsmtsc", "macro-F1, 5-fold CV grouped by sentence",
                res["model_macro_f1"], peer="whole-sentence VADER (+-0.05)",
                peer_value=res["vader_macro_f1"],
                published="0.81-0.83 (transformers, NewsMTSC test sets)",
                note=f"{res['n_targets']} targets in {res['n_sentences']} sentences; "
                     f"per class {per}; accuracy {res['model_accuracy']:.3f} vs VADER "
                     f"{res['vader_accuracy']:.3f}; same settings as the shipped model")]


def run(benchmarks: Path) -> list[dict]:
    """Rows of the quality table for sentence and actor-level sentiment."""
    benchmarks = Path(benchmarks)
    return _vader_nyt(benchmarks) + _newsmtsc(benchmarks)
