"""Actor-level (target-dependent) sentiment: how a sentence treats one span in it.

VADER scores a whole sentence; a sentence can be bad news *for* one actor and neutral about
another ("Police arrested the protesters"), and news prose carries sentiment in verbs and
roles more than in adjectives. :class:`ActorSentimentModel` is a multinomial logistic
regression over sparse, interpretable features of one target span:

* the sentence's words with the target (all of its words) masked as ``<T>``;
* the words at signed distance from the target (``L1:``, ``L2-3:``, ``R4-8:`` ...), so
  "criticized <T>" and "<T> criticized" are different features;
* the words of the clause (between ``, ; : —`` and "but") that holds the target, and its
  VADER lexicon words by side (``lexcn:L:arrested``);
* VADER lexicon evidence (``newslib.sentiment`` uses vaderSentiment's lexicon): sums of
  positive and negative valences near (<= 4 tokens, same clause) and far from the target,
  in its clause,
  left and right of it, each negated when a negation word precedes, plus the whole
  sentence's compound score;
* a Porter-stemmed copy of the word features ("attacked", "attacks" -> "attack"; NLTK's
  rule-based stemmer, no data files);
* whether the target is inside quotation marks, starts the sentence, or is followed by a
  speech verb.

It is trained on NewsMTSC (Hamborg & Donnay 2021, MIT) by ``python -m newslib.sentiment
--train path/to/newsmtsc/train.jsonl``, which writes ``newslib/models/actor_sentiment.npz``
(vocabulary, weights and settings; no pickle). :func:`score_targets` uses that shipped file.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newslib.schema import require_columns
from newslib.sentiment._vader import NEGATE, get_vader

__all__ = ["ActorSentimentModel", "score_targets", "score_mentions", "load_actor_model",
           "target_features",
           "MODEL_PATH", "LABELS"]

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "actor_sentiment.npz"
LABELS = ("negative", "neutral", "positive")

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
_CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")", "but", "while", "although",
                           "whereas", "though"})
_QUOTES = frozenset({'"', "“", "”", "«", "»"})
_SPEECH = frozenset({"said", "says", "say", "told", "tells", "added", "wrote", "writes",
                     "stated", "claimed", "claims", "argued", "argues", "insisted",
                     "noted", "explained", "announced", "according"})
_NEG_WORDS = NEGATE | {"no", "not", "n't"}


def _bucket(d: int) -> str:
    if d == 1:
        return "1"
    if d <= 3:
        return "2"
    if d <= 8:
        return "4"
    return ""


def target_features(text: str, start: int, end: int) -> list[str]:
    """Return the features of the target ``text[start:end]`` as strings (for inspection).

    Binary features are names; real-valued ones are ``"=name:value"``.

    Examples
    --------
    >>> f = target_features("Police attacked the protesters.", 20, 30)
    >>> "L2:attacked" in f and "L1:the" in f and "w:<T>" in f
    True
    """
    cats, nums = _features(text, start, end)
    return cats + [f"{k}:{v:.6g}" for k, v in nums]


@lru_cache(maxsize=4096)
def _compound(text: str) -> float:
    return get_vader().polarity_scores(text)[3]


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer  # rule-based: no NLTK data needed

    return lru_cache(maxsize=200_000)(PorterStemmer().stem)


#: feature families that also get a Porter-stemmed copy ("w:attacked" -> "ws:attack")
_STEMMED = frozenset({"w", "c", "L1", "L2", "L4", "L", "R1", "R2", "R4", "R", "Lb", "Rb"})


def _features(text: str, start: int, end: int) -> tuple[list[str], list[tuple[str, float]]]:
    lex = get_vader().lexicon
    toks: list[str] = []
    in_target: list[bool] = []
    for m in _TOKEN.finditer(text):
        toks.append(m.group().lower())
        in_target.append(m.start() < end and m.end() > start)
    n = len(toks)
    tpos = [i for i, t in enumerate(in_target) if t]
    feats: list[str] = ["bias"]
    if not tpos:
        feats.append("no_target")
        tpos = [n]
    t0, t1 = tpos[0], tpos[-1]
    words = ["<T>" if in_target[i] else ("0" if toks[i].isdigit() else toks[i])
             for i in range(n)]
    # collapse the masked target to one token position
    seq = words[:t0] + ["<T>"] + words[t1 + 1:]
    tp = t0
    m = len(seq)
    # sentence bag of words (bigrams did not help in CV)
    feats.extend("w:" + w for w in seq)
    # positional window
    for i in range(max(0, tp - 8), tp):
        feats.append(f"L{_bucket(tp - i)}:{seq[i]}")
    for i in range(tp + 1, min(m, tp + 9)):
        feats.append(f"R{_bucket(i - tp)}:{seq[i]}")
    if tp >= 1:
        feats.append(f"Lb:{seq[tp - 1]}")
        if tp >= 2:
            feats.append(f"Lbb:{seq[tp - 2]}_{seq[tp - 1]}")
    if tp + 1 < m:
        feats.append(f"Rb:{seq[tp + 1]}")
        if tp + 2 < m:
            feats.append(f"Rbb:{seq[tp + 1]}_{seq[tp + 2]}")
    # clause holding the target
    lo = tp
    while lo > 0 and seq[lo - 1] not in _CLAUSE_BREAK:
        lo -= 1
    hi = tp
    while hi + 1 < m and seq[hi + 1] not in _CLAUSE_BREAK:
        hi += 1
    feats.extend("c:" + seq[i] for i in range(lo, hi + 1) if i != tp)
    # VADER lexicon evidence by region
    sums: dict[str, float] = {}
    for i, w in enumerate(seq):
        v = lex.get(w)
        if v is None or i == tp:
            continue
        if (i > 0 and seq[i - 1] in _NEG_WORDS) or (i > 1 and seq[i - 2] in _NEG_WORDS):
            v = -0.74 * v
            feats.append("negated_lex")
        d = abs(i - tp)
        pol = "p" if v > 0 else "n"
        same = lo <= i <= hi
        near = d <= 4 and same
        regions = ["near" if near else "far", "left" if i < tp else "right", "all"]
        if same:
            regions.append("clause")
            feats.append(f"lexc{pol}:{'L' if i < tp else 'R'}:{seq[i]}")
        for r in regions:
            key = f"{r}_{pol}"
            sums[key] = sums.get(key, 0.0) + abs(v)
        feats.append(f"lex{pol}:{'near' if near else 'far'}")
    compound = _compound(text)
    feats.append(f"vader:{'pos' if compound >= 0.05 else ('neg' if compound <= -0.05 else 'neu')}")
    # quotes, sentence position, speech verbs
    n_quotes_before = sum(1 for w in seq[:tp] if w in _QUOTES)
    if n_quotes_before % 2 == 1:
        feats.append("in_quote")
    if any(w in _QUOTES for w in seq):
        feats.append("has_quote")
    if tp == 0 or (tp == 1 and seq[0] in _QUOTES):
        feats.append("first")
    if any(w in _SPEECH for w in seq[tp + 1:tp + 4]):
        feats.append("speaker")
    stem = _stemmer()
    extra = []
    for f in feats:
        fam, sep, w = f.partition(":")
        if sep and fam in _STEMMED and w != "<T>":
            extra.append(f"{fam}s:{stem(w)}")
    feats.extend(extra)
    nums = [("=" + k, v) for k, v in sums.items()]
    nums.append(("=compound", compound))
    return feats, nums


def _target_rows(df: pd.DataFrame, text_col: str, start_col: str, end_col: str
                 ) -> Iterable[tuple[str, int, int]]:
    texts = df[text_col].tolist()
    starts = df[start_col].tolist()
    ends = df[end_col].tolist()
    return zip(texts, starts, ends)


class ActorSentimentModel:
    """Negative / neutral / positive sentiment toward a target span (sklearn pattern).

    Parameters
    ----------
    C
        Inverse regularisation strength of the logistic regression.
    min_count
        Keep a feature only if it occurs in at least this many training targets.
    max_iter
        Iterations of the solver.

    Attributes
    ----------
    vocabulary_ : dict[str, int]
        Feature string -> column.
    coef_ : ndarray of shape (3, n_features)
    intercept_ : ndarray of shape (3,)
    classes_ : tuple of str
        ``("negative", "neutral", "positive")``.

    Examples
    --------
    >>> df = pd.DataFrame({"text": ["Critics attacked Smith.", "Fans cheered Smith.",
    ...                             "Smith arrived on Monday."] * 4,
    ...                    "start": [17, 12, 0] * 4, "end": [22, 17, 5] * 4,
    ...                    "label": ["negative", "positive", "neutral"] * 4})
    >>> model = ActorSentimentModel(min_count=1).fit(df, y=df["label"])
    >>> model.predict(df.head(3)).tolist()
    ['negative', 'positive', 'neutral']
    """

    def __init__(self, *, C: float = 2.0, min_count: int = 2, max_iter: int = 2000,
                 class_weight: str | None = "balanced", norm: bool = True) -> None:
        self.C = C
        self.min_count = min_count
        self.max_iter = max_iter
        self.class_weight = class_weight
        self.norm = norm

    # -- features ----------------------------------------------------------------------
    def _matrix(self, feature_lists: list[tuple[list[str], list[tuple[str, float]]]]):
        from scipy import sparse

        vocab = self.vocabulary_
        scale = self.scale_
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for r, (cats, nums) in enumerate(feature_lists):
            idx = {vocab[f] for f in cats if f in vocab}
            w = 1.0 / np.sqrt(len(idx)) if (self.norm and idx) else 1.0
            for j in idx:
                rows.append(r)
                cols.append(j)
                vals.append(w)
            for name, v in nums:
                j = vocab.get(name)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
                    vals.append(v / scale[j])
        return sparse.csr_matrix((vals, (rows, cols)),
                                 shape=(len(feature_lists), len(vocab)), dtype=np.float64)

    def fit(self, X: pd.DataFrame, y: Iterable[str], *, text_col: str = "text",
            start_col: str = "start", end_col: str = "end") -> ActorSentimentModel:
        """Fit on targets ``X`` (text, start, end columns) and labels ``y``; returns self."""
        from sklearn.linear_model import LogisticRegression

        require_columns(X, [text_col, start_col, end_col], where="ActorSentimentModel.fit")
        labels = [str(v) for v in y]
        bad = sorted(set(labels) - set(LABELS))
        if bad:
            raise ValueError(f"labels must be {LABELS}; got {bad}")
        feature_lists = [_features(t, s, e)
                         for t, s, e in _target_rows(X, text_col, start_col, end_col)]
        counts: dict[str, int] = {}
        maxabs: dict[str, float] = {}
        for cats, nums in feature_lists:
            for f in set(cats):
                counts[f] = counts.get(f, 0) + 1
            for name, v in nums:
                counts[name] = counts.get(name, 0) + 1
                maxabs[name] = max(maxabs.get(name, 0.0), abs(v))
        kept = sorted(f for f, c in counts.items() if c >= self.min_count)
        self.vocabulary_ = {f: j for j, f in enumerate(kept)}
        self.scale_ = np.array([maxabs.get(f, 1.0) or 1.0 for f in kept])
        Xm = self._matrix(feature_lists)
        clf = LogisticRegression(C=self.C, max_iter=self.max_iter, class_weight=self.class_weight)
        clf.fit(Xm, labels)
        order = [list(clf.classes_).index(c) for c in LABELS]
        self.coef_ = clf.coef_[order]
        self.intercept_ = clf.intercept_[order]
        self.classes_ = LABELS
        return self

    def decision_function(self, X: pd.DataFrame, *, text_col: str = "text",
                          start_col: str = "start", end_col: str = "end") -> np.ndarray:
        """Return the (n, 3) class scores before the softmax."""
        self._check_fitted()
        feats = [_features(t, s, e)
                 for t, s, e in _target_rows(X, text_col, start_col, end_col)]
        return np.asarray(self._matrix(feats) @ self._coef_t) + self.intercept_

    @property
    def _coef_t(self) -> np.ndarray:
        cached = getattr(self, "_coef_t_cache", None)
        if cached is None or cached.shape[0] != self.coef_.shape[1]:
            cached = np.ascontiguousarray(self.coef_.T)
            self._coef_t_cache = cached
        return cached

    def predict_proba(self, X: pd.DataFrame, **cols: Any) -> np.ndarray:
        """Return (n, 3) probabilities in the order of :attr:`classes_`."""
        z = self.decision_function(X, **cols)
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, X: pd.DataFrame, **cols: Any) -> np.ndarray:
        """Return the most probable label of each target."""
        return np.asarray(LABELS, dtype=object)[self.predict_proba(X, **cols).argmax(axis=1)]

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("ActorSentimentModel is not fitted; call .fit(...) or use "
                               "load_actor_model() for the shipped model")

    # -- persistence (npz: arrays + JSON metadata, no pickle) ---------------------------
    def save(self, path: str | Path) -> Path:
        """Write vocabulary, weights and settings to an ``.npz`` file (no pickle)."""
        self._check_fitted()
        path = Path(path)
        vocab = sorted(self.vocabulary_, key=self.vocabulary_.get)
        meta = {"format": "newslib.actor_sentiment/1", "C": self.C,
                "min_count": self.min_count, "max_iter": self.max_iter,
                "classes": list(self.classes_), "vocabulary": vocab}
        meta.update(getattr(self, "training_info_", {}))
        np.savez_compressed(path, coef=self.coef_.astype(np.float32),
                            intercept=self.intercept_, scale=self.scale_.astype(np.float32),
                            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8))
        return path

    @classmethod
    def load(cls, path: str | Path) -> ActorSentimentModel:
        """Rebuild a model written by :meth:`save`."""
        with np.load(Path(path), allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes().decode("utf-8"))
            model = cls(C=meta["C"], min_count=meta["min_count"], max_iter=meta["max_iter"])
            model.coef_ = z["coef"].astype(np.float64)
            model.intercept_ = z["intercept"].astype(np.float64)
            model.scale_ = z["scale"].astype(np.float64)
        model.vocabulary_ = {f: j for j, f in enumerate(meta["vocabulary"])}
        model.classes_ = tuple(meta["classes"])
        model.training_info_ = {k: v for k, v in meta.items()
                                if k not in ("vocabulary", "classes", "C", "min_count",
                                             "max_iter", "format")}
        return model


@lru_cache(maxsize=1)
def load_actor_model() -> ActorSentimentModel:
    """Load the model shipped in ``newslib/models/actor_sentiment.npz`` (offline).

    Examples
    --------
    >>> load_actor_model().classes_
    ('negative', 'neutral', 'positive')
    """
    if not MODEL_PATH.is_file():
        raise FileNotFoundError(
            f"{MODEL_PATH} is missing; reinstall newslib or regenerate it with "
            "`python -m newslib.sentiment --train ../shared/benchmarks/newsmtsc/train.jsonl`")
    return ActorSentimentModel.load(MODEL_PATH)


def score_targets(df: pd.DataFrame, *, text_col: str = "text", start_col: str = "start",
                  end_col: str = "end", model: ActorSentimentModel | None = None
                  ) -> pd.DataFrame:
    """Label the sentiment toward each target span ``text[start:end]``.

    Parameters
    ----------
    df
        One row per target: the text holding it (a sentence, preferably; an article works
        but dilutes the context) and the span's offsets into that text. To score framing's
        mentions, join them to their sentence text and shift offsets to the sentence
        (``start - sentence_start``).
    text_col, start_col, end_col
        Column names.
    model
        A fitted :class:`ActorSentimentModel`; default the shipped one.

    Returns
    -------
    DataFrame
        A copy of ``df`` plus ``label`` (negative/neutral/positive), ``p_negative``,
        ``p_neutral``, ``p_positive`` and ``score`` = ``p_positive - p_negative`` in
        [-1, 1]. The input is not modified.

    Examples
    --------
    >>> df = pd.DataFrame({"text": ["Critics accused the minister of lying."],
    ...                    "start": [20], "end": [28]})
    >>> score_targets(df)["label"].tolist()
    ['negative']
    """
    require_columns(df, [text_col, start_col, end_col], where="score_targets",
                    hint="pass text_col=/start_col=/end_col= naming the sentence text and "
                         "the target's offsets into it")
    model = model or load_actor_model()
    out = df.copy()
    if len(df) == 0:
        for c in ("label", "p_negative", "p_neutral", "p_positive", "score"):
            out[c] = pd.Series(dtype="float64" if c != "label" else "string")
        return out
    p = model.predict_proba(df, text_col=text_col, start_col=start_col, end_col=end_col)
    out["label"] = pd.array(np.asarray(LABELS, dtype=object)[p.argmax(axis=1)], dtype="string")
    out["p_negative"] = p[:, 0]
    out["p_neutral"] = p[:, 1]
    out["p_positive"] = p[:, 2]
    out["score"] = p[:, 2] - p[:, 0]
    return out


def score_mentions(mentions, sentences, *, text_col: str = "text"):
    """Score framing's actor mentions with the shipped actor model, in their sentences.

    Parameters
    ----------
    mentions : DataFrame
        ``newslib.framing.find_mentions`` output (``article_id``, ``start``, ``end``,
        offsets into the article text; ``sentence_id`` optional). Not modified.
    sentences : DataFrame
        Sentences table of the same articles (``article_id``, ``start``, ``end``, text).

    Returns
    -------
    DataFrame
        ``mentions`` plus ``sentence_start``, ``sentiment`` (negative, neutral, positive;
        named so that the lexicon ``label`` of the mention is kept), ``p_negative``,
        ``p_neutral``, ``p_positive`` and ``score``; mentions outside every sentence get
        null scores.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a"], "start": [10], "end": [48],
    ...                   "text": ["Critics accused the minister of lying."]})
    >>> m = pd.DataFrame({"article_id": ["a"], "start": [30], "end": [38],
    ...                   "actor": ["minister"]})
    >>> score_mentions(m, s)[["actor", "sentiment"]].values.tolist()
    [['minister', 'negative']]
    """
    require_columns(mentions, ["article_id", "start", "end"], where="score_mentions")
    require_columns(sentences, ["article_id", "start", "end", text_col],
                    where="score_mentions(sentences=...)")
    by_art: dict = {}
    for rec in sentences[["article_id", "start", "end", text_col]].itertuples(index=False):
        by_art.setdefault(rec[0], []).append((int(rec[1]), int(rec[2]), rec[3]))
    for v in by_art.values():
        v.sort(key=lambda x: x[0])
    starts = {k: [x[0] for x in v] for k, v in by_art.items()}
    texts, ls, le, ss = [], [], [], []
    for aid, a, b in zip(mentions["article_id"], mentions["start"], mentions["end"]):
        sents = by_art.get(aid, [])
        i = bisect.bisect_right(starts.get(aid, []), int(a)) - 1
        if i >= 0 and sents[i][0] <= a and b <= sents[i][1]:
            s0 = sents[i][0]
            texts.append(sents[i][2])
            ls.append(int(a) - s0)
            le.append(int(b) - s0)
            ss.append(s0)
        else:
            texts.append(None)
            ls.append(-1)
            le.append(-1)
            ss.append(pd.NA)
    ok = np.array([t is not None for t in texts])
    tmp = pd.DataFrame({"text": [t for t in texts if t is not None],
                        "start": np.array(ls)[ok], "end": np.array(le)[ok]})
    scored = score_targets(tmp)
    out = mentions.copy()
    out["sentence_start"] = pd.array(ss, dtype="Int64")
    out["sentiment"] = pd.Series(pd.NA, index=out.index, dtype="string")
    for c in ("p_negative", "p_neutral", "p_positive", "score"):
        out[c] = np.nan
    idx = out.index[ok]
    out.loc[idx, "sentiment"] = scored["label"].to_numpy()
    for c in ("p_negative", "p_neutral", "p_positive", "score"):
        out.loc[idx, c] = scored[c].to_numpy()
    return out
