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
from itertools import repeat
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


#: feature families that also get a Porter-stemmed copy ("w:attacked" -> "ws:attack"),
#: added at the end of ``_features``
_STEMMED = frozenset({"w", "c", "L1", "L2", "L4", "L", "R1", "R2", "R4", "R", "Lb", "Rb"})


#: prefixes of the positional window by distance to the target (``_bucket``)
_LEFT = {d: f"L{_bucket(d)}:" for d in range(1, 9)}
_RIGHT = {d: f"R{_bucket(d)}:" for d in range(1, 9)}


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...],
                                tuple[int, ...]]:
    """Lower-cased tokens of ``text`` (digits masked as "0"), their Porter stems, starts
    and ends; cached because several mentions often share one sentence."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN.finditer(text):
        w = m.group().lower()
        words.append("0" if w.isdigit() else w)
        starts.append(m.start())
        ends.append(m.end())
    return tuple(words), tuple(map(_stemmer(), words)), tuple(starts), tuple(ends)


def _features(text: str, start: int, end: int) -> tuple[list[str], list[tuple[str, float]]]:
    lex = get_vader().lexicon
    words, stems, starts, ends = _tokens(text)
    n = len(words)
    # tokens do not overlap, so the target's tokens (start < end and end > start) are
    # one run: from the first token ending after ``start`` to the last starting before
    # ``end``
    t0 = bisect.bisect_right(ends, start)
    t1 = bisect.bisect_left(starts, end) - 1
    feats: list[str] = ["bias"]
    if t0 > t1:
        feats.append("no_target")
        t0 = t1 = n
    # collapse the masked target to one token position
    seq = [*words[:t0], "<T>", *words[t1 + 1:]]
    tp = t0
    m = len(seq)
    # sentence bag of words (bigrams did not help in CV)
    feats.extend(["w:" + w for w in seq])
    # positional window
    left = range(max(0, tp - 8), tp)
    right = range(tp + 1, min(m, tp + 9))
    feats.extend([_LEFT[tp - i] + seq[i] for i in left])
    feats.extend([_RIGHT[i - tp] + seq[i] for i in right])
    if tp >= 1:
        feats.append("Lb:" + seq[tp - 1])
        if tp >= 2:
            feats.append(f"Lbb:{seq[tp - 2]}_{seq[tp - 1]}")
    if tp + 1 < m:
        feats.append("Rb:" + seq[tp + 1])
        if tp + 2 < m:
            feats.append(f"Rbb:{seq[tp + 1]}_{seq[tp + 2]}")
    # clause holding the target
    lo = tp
    while lo > 0 and seq[lo - 1] not in _CLAUSE_BREAK:
        lo -= 1
    hi = tp
    while hi + 1 < m and seq[hi + 1] not in _CLAUSE_BREAK:
        hi += 1
    clause = [i for i in range(lo, hi + 1) if i != tp]
    feats.extend(["c:" + seq[i] for i in clause])
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
            feats.append(f"lexc{pol}:{'L' if i < tp else 'R'}:{w}")
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
    # Porter-stemmed copies of the word features (families in _STEMMED), in the order of
    # the features they copy
    st = [*stems[:t0], "", *stems[t1 + 1:]]
    feats.extend(["ws:" + st[i] for i in range(m) if i != tp])
    feats.extend([_LEFT[tp - i][:-1] + "s:" + st[i] for i in left])
    feats.extend([_RIGHT[i - tp][:-1] + "s:" + st[i] for i in right])
    if tp >= 1:
        feats.append("Lbs:" + st[tp - 1])
    if tp + 1 < m:
        feats.append("Rbs:" + st[tp + 1])
    feats.extend(["cs:" + st[i] for i in clause])
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
        """Sparse design matrix: each row's distinct known categorical features weigh
        ``1/sqrt(count)`` (``norm``) or 1, numeric ones ``value / scale_``."""
        from scipy import sparse

        vocab = self.vocabulary_
        n = len(feature_lists)
        n_cols = len(vocab)
        get = vocab.get
        cats = [f for c, _ in feature_lists for f in c]
        cat_rows = np.repeat(np.arange(n, dtype=np.int64),
                             [len(c) for c, _ in feature_lists])
        cat_cols = np.fromiter(map(get, cats, repeat(-1)), dtype=np.int64, count=len(cats))
        known = cat_cols >= 0
        # one entry per (row, feature): a feature repeated in a row counts once
        keys = np.sort(cat_rows[known] * n_cols + cat_cols[known])
        if len(keys):
            first = np.empty(len(keys), dtype=bool)
            first[0] = True
            np.not_equal(keys[1:], keys[:-1], out=first[1:])
            keys = keys[first]
        cat_rows, cat_cols = keys // n_cols, keys % n_cols
        if self.norm:
            counts = np.bincount(cat_rows, minlength=n)
            weight = 1.0 / np.sqrt(np.maximum(counts, 1))
            cat_vals = weight[cat_rows]
        else:
            cat_vals = np.ones(len(keys))
        names = [name for _, nums in feature_lists for name, _ in nums]
        num_rows = np.repeat(np.arange(n, dtype=np.int64),
                             [len(nums) for _, nums in feature_lists])
        num_vals = np.fromiter((v for _, nums in feature_lists for _, v in nums),
                               dtype=np.float64, count=len(names))
        num_cols = np.fromiter(map(get, names, repeat(-1)), dtype=np.int64, count=len(names))
        known = num_cols >= 0
        num_rows, num_cols = num_rows[known], num_cols[known]
        num_vals = num_vals[known] / self.scale_[num_cols]
        return sparse.csr_matrix((np.concatenate([cat_vals, num_vals]),
                                  (np.concatenate([cat_rows, num_rows]),
                                   np.concatenate([cat_cols, num_cols]))),
                                 shape=(n, n_cols), dtype=np.float64)

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


def score_mentions(mentions: pd.DataFrame, sentences: pd.DataFrame, *,
                   text_col: str = "text") -> pd.DataFrame:
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
    sent_pos, found = _sentence_of(mentions, sentences)
    s0 = sentences["start"].to_numpy(dtype=np.int64)[sent_pos[found]]
    sent_texts = sentences[text_col].to_numpy(dtype=object)[sent_pos[found]]
    m_start = mentions["start"].to_numpy(dtype=np.int64)[found]
    m_end = mentions["end"].to_numpy(dtype=np.int64)[found]
    tmp = pd.DataFrame({"text": sent_texts, "start": m_start - s0, "end": m_end - s0})
    scored = score_targets(tmp)
    out = mentions.copy()
    starts = np.zeros(len(out), dtype=np.int64)
    starts[found] = s0
    out["sentence_start"] = pd.arrays.IntegerArray(starts, ~found)
    labels = np.full(len(out), None, dtype=object)
    labels[found] = scored["label"].to_numpy(dtype=object)
    out["sentiment"] = pd.array(labels, dtype="string")
    for c in ("p_negative", "p_neutral", "p_positive", "score"):
        values = np.full(len(out), np.nan)
        values[found] = scored[c].to_numpy(dtype=np.float64)
        out[c] = values
    return out


def _sentence_of(mentions: pd.DataFrame, sentences: pd.DataFrame
                 ) -> tuple[np.ndarray, np.ndarray]:
    """For each mention, the position (row number) in ``sentences`` of the sentence of
    the same article that starts last at or before it, and whether that sentence holds
    the whole mention."""
    n = len(mentions)
    if n == 0 or len(sentences) == 0:
        return np.zeros(n, dtype=np.intp), np.zeros(n, dtype=bool)
    codes, _ = pd.factorize(pd.concat([sentences["article_id"], mentions["article_id"]],
                                      ignore_index=True))
    s_art, m_art = codes[:len(sentences)].astype(np.int64), codes[len(sentences):]
    s_start = sentences["start"].to_numpy(dtype=np.int64)
    s_end = sentences["end"].to_numpy(dtype=np.int64)
    m_start = mentions["start"].to_numpy(dtype=np.int64)
    m_end = mentions["end"].to_numpy(dtype=np.int64)
    # one sorted key per sentence: article code, then start (ties keep table order)
    low = min(int(s_start.min()), int(m_start.min()))
    width = max(int(s_start.max()), int(m_start.max())) - low + 1
    s_key = s_art * width + (s_start - low)
    order = np.argsort(s_key, kind="stable")
    m_key = m_art.astype(np.int64) * width + (m_start - low)
    at = np.searchsorted(s_key[order], m_key, side="right") - 1
    pos = order[np.maximum(at, 0)]
    found = ((at >= 0) & (s_art[pos] == m_art) & (s_start[pos] <= m_start)
             & (m_end <= s_end[pos]) & (m_art >= 0))
    return pos, found
