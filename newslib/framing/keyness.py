"""Keyness (log-odds with an informative Dirichlet prior), keyword in context, collocations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from newslib.framing._text import iter_texts
from newslib.schema import require_columns

# Dotted abbreviations stay whole ("a.m.", "U.S."), so they do not leave stray letters.
_TOKEN_PATTERN = r"(?u)(?:\b[^\W\d_]\.){2,}|\b[^\W\d_][\w'’-]*\b|\b\d+(?:[.,]\d+)*\b"


def _count_matrix(texts: list[str], ngram: int | tuple[int, int],
                  stop_words: Iterable[str] | None, min_count: int):
    rng = (ngram, ngram) if isinstance(ngram, int) else tuple(ngram)
    vec = CountVectorizer(lowercase=True, token_pattern=_TOKEN_PATTERN, ngram_range=rng,
                          stop_words=list(stop_words) if stop_words else None,
                          min_df=1, dtype=np.int64)
    X = vec.fit_transform(texts)
    vocab = vec.get_feature_names_out()
    if min_count > 1:
        keep = np.asarray(X.sum(axis=0)).ravel() >= min_count
        X = X[:, keep]
        vocab = vocab[keep]
    return X, vocab


def _log_odds(y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, ...]:
    """delta, se, z of Monroe, Colaresi & Quinn (2008), eq. 16 and 18-20."""
    a0 = alpha.sum()
    n_i, n_j = y_i.sum(), y_j.sum()
    delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
             - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
    var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    se = np.sqrt(var)
    return delta, se, delta / se


def compute_keyness(df: pd.DataFrame, *, group_col: str = "outlet", text_col: str = "text",
                    method: Literal["one_vs_rest", "pairwise"] = "one_vs_rest",
                    ngram: int | tuple[int, int] = 1,
                    prior: float | pd.Series | Literal["corpus"] = "corpus",
                    prior_scale: float = 1.0, min_count: int = 1,
                    stop_words: Iterable[str] | None = None,
                    top: int | None = None) -> pd.DataFrame:
    """Words (or n-grams) typical of each group: Fightin' Words log-odds with z-scores.

    For a word w, group i and comparison j (the rest of the corpus, or another group),
    with counts y and totals n, and a Dirichlet prior alpha_w (alpha_0 = sum of alpha):

        delta_w = log[(y_iw + a_w) / (n_i + a_0 - y_iw - a_w)]
                - log[(y_jw + a_w) / (n_j + a_0 - y_jw - a_w)]
        var(delta_w) ~ 1 / (y_iw + a_w) + 1 / (y_jw + a_w),   z_w = delta_w / sqrt(var)

    (Monroe, Colaresi & Quinn 2008, "Fightin' Words", Political Analysis 16(4)).
    The prior shrinks rare words towards zero, so z ranks words by evidence, not by raw
    ratio; |z| > 1.96 is the usual reading of "distinctive".

    Parameters
    ----------
    df : DataFrame
        Texts with a grouping column (articles, sentences, quotes ...). Not modified.
    group_col, text_col : str
        Grouping column (any number of groups) and text column.
    method : {"one_vs_rest", "pairwise"}
        Each group against all other texts, or every pair of groups (i < j, in sorted
        order; a negative z means the term is typical of ``other``).
    ngram : int or (min_n, max_n)
        Word n-grams to count (1 = words, 2 = bigrams, (1, 2) = both).
    prior : "corpus", float or Series
        ``"corpus"`` (default, informative): alpha_w = ``prior_scale`` x the count of w in
        the whole corpus; a float: the same alpha for every term (uninformative); a
        Series: alpha per term (index = term), e.g. counts from a background corpus.
        Terms missing from the Series get the Series' smallest value.
    prior_scale : float
        Multiplier of the corpus counts when ``prior="corpus"`` (1 = the corpus counts,
        as in the paper's informative prior; smaller values weaken it).
    min_count : int
        Drop terms seen fewer times in the whole corpus.
    stop_words : iterable of str, optional
        Words to leave out (none by default: function words often carry framing).
    top : int, optional
        Keep the ``top`` terms by z per comparison (both ends for pairwise).

    Returns
    -------
    DataFrame
        One row per group x comparison x term: ``group``, ``other``, ``term``, ``count``
        (in group), ``count_other``, ``freq`` and ``freq_other`` (per 1,000 tokens),
        ``log_odds`` (delta), ``se``, ``z``; sorted by group, other, z descending.

    Examples
    --------
    >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "text": [
    ...     "rioters rioters attacked", "rioters fled", "protesters marched"]})
    >>> k = compute_keyness(df, prior=0.5)
    >>> top = k.query("group == 'A'").iloc[0]
    >>> (top.term, int(top["count"]), int(top.count_other))
    ('rioters', 3, 0)
    """
    require_columns(df, [group_col, text_col], where="compute_keyness",
                    hint="pass group_col=... and text_col=...")
    if method not in ("one_vs_rest", "pairwise"):
        raise ValueError(f"method must be 'one_vs_rest' or 'pairwise', got {method!r}")
    data = df[[group_col, text_col]].dropna()
    texts = data[text_col].astype(str).tolist()
    groups = data[group_col].astype(str).to_numpy()
    X, vocab = _count_matrix(texts, ngram, stop_words, min_count)
    names = sorted(set(groups))
    if len(names) < 2:
        raise ValueError(f"compute_keyness needs at least two groups in {group_col!r}, "
                         f"got {names}")
    G = sparse.csr_matrix((np.ones(len(groups)), ([names.index(g) for g in groups],
                                                  np.arange(len(groups)))),
                          shape=(len(names), len(groups)))
    counts = np.asarray((G @ X).todense(), dtype=float)  # groups x terms
    total = counts.sum(axis=0)
    if isinstance(prior, str):
        if prior != "corpus":
            raise ValueError(f"prior must be 'corpus', a number or a Series, got {prior!r}")
        alpha = total * prior_scale
    elif isinstance(prior, pd.Series):
        alpha = prior.reindex(vocab).fillna(prior.min()).to_numpy(dtype=float)
    else:
        alpha = np.full(len(vocab), float(prior))
    if (alpha <= 0).any():
        raise ValueError("the prior must be positive for every term (got a zero or negative "
                         "alpha); use a positive number or prior_scale > 0")
    pairs = ([(i, None) for i in range(len(names))] if method == "one_vs_rest"
             else [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))])
    frames = []
    for i, j in pairs:
        y_i = counts[i]
        y_j = total - y_i if j is None else counts[j]
        delta, se, z = _log_odds(y_i, y_j, alpha)
        present = (y_i + y_j) > 0
        part = pd.DataFrame({
            "group": names[i], "other": "rest" if j is None else names[j],
            "term": vocab[present], "count": y_i[present].astype("int64"),
            "count_other": y_j[present].astype("int64"),
            "freq": 1000 * y_i[present] / max(y_i.sum(), 1),
            "freq_other": 1000 * y_j[present] / max(y_j.sum(), 1),
            "log_odds": delta[present], "se": se[present], "z": z[present]})
        part = part.sort_values(["z", "term"], ascending=[False, True])
        if top is not None:
            part = (part.head(top) if j is None
                    else pd.concat([part.head(top), part.tail(top)]).drop_duplicates("term"))
        frames.append(part)
    out = pd.concat(frames, ignore_index=True)
    out["term"] = out["term"].astype("string")
    out["group"] = out["group"].astype("string")
    out["other"] = out["other"].astype("string")
    return out.reset_index(drop=True)


def _term_regex(term: str | Iterable[str] | re.Pattern, regex: bool) -> re.Pattern:
    if isinstance(term, re.Pattern):
        return term
    terms = [term] if isinstance(term, str) else list(term)
    if not terms:
        raise ValueError("keyword_in_context needs at least one term")
    parts = []
    for t in terms:
        if regex:
            parts.append(t)
            continue
        t = " ".join(t.split())
        pat = re.escape(t.rstrip("*")).replace(r"\ ", r"\s+")
        pat += r"\w*" if t.endswith("*") else ""
        parts.append(pat)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def _literals(term: str | Iterable[str]) -> list[str]:
    """Longest literal piece of each plain term (for the substring prefilter)."""
    terms = [term] if isinstance(term, str) else list(term)
    out = []
    for t in terms:
        pieces = " ".join(t.split()).rstrip("*").split(" ")
        out.append(max(pieces, key=len))
    return [x for x in out if x]


def keyword_in_context(articles: pd.DataFrame, term: str | Iterable[str] | re.Pattern, *,
                       window: int = 60, text_col: str = "text",
                       regex: bool = False) -> pd.DataFrame:
    """Every occurrence of ``term`` with ``window`` characters of context on each side.

    Matching is one compiled, case-insensitive regular expression; articles are first
    filtered with the vectorised ``Series.str.contains``, so only texts that contain the
    term are scanned again for offsets.

    Parameters
    ----------
    articles : DataFrame
        With ``article_id`` and ``text_col``. Not modified.
    term : str, list of str or compiled pattern
        Words or phrases (whole words; white space matches any white space; a trailing
        ``*`` matches any word ending: ``"extremist*"``), or regular expressions with
        ``regex=True``, or a compiled pattern.
    window : int
        Characters of context on each side (cut back to whole words).
    text_col : str
        Text column.
    regex : bool
        Treat ``term`` as regular expression(s).

    Returns
    -------
    DataFrame
        ``article_id``, ``start``, ``end`` (offsets of the match in ``text``), ``match``,
        ``left``, ``right`` (context, line breaks shown as spaces).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"],
    ...                      "text": ["Police said extremist forces attacked."]})
    >>> kwic = keyword_in_context(arts, "extremist*", window=12)
    >>> kwic[["match", "left", "right"]].values.tolist()
    [['extremist', 'Police said ', ' forces']]
    """
    require_columns(articles, ["article_id", text_col], where="keyword_in_context",
                    hint=f"pass text_col=... (got {text_col!r})")
    pattern = _term_regex(term, regex)
    texts = articles[text_col].astype("string")
    literals = _literals(term) if not regex and not isinstance(term, re.Pattern) else None
    if literals:
        # fast vectorised prefilter (Arrow substring search), then the regex on survivors
        hit = pd.Series(False, index=texts.index)
        for lit in literals:
            hit |= texts.str.contains(lit, case=False, regex=False, na=False)
        # no second regex pass over the candidates: the finditer loop below yields no row
        # for a text whose literal hit is not a whole-word match
    else:
        hit = texts.str.contains(pattern, na=False)
    ids = articles["article_id"][hit.to_numpy(dtype=bool)].tolist()
    sub = texts[hit.to_numpy(dtype=bool)].tolist()
    rows = []
    for aid, text in zip(ids, sub, strict=True):
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            left = text[max(0, s - window):s]
            right = text[e:e + window]
            if s - window > 0 and " " in left:
                left = left[left.index(" ") + 1:]
            if e + window < len(text) and " " in right:
                right = right[:right.rindex(" ")]
            rows.append((aid, s, e, m.group(0), left.replace("\n", " "),
                         right.replace("\n", " ")))
    out = pd.DataFrame(rows, columns=["article_id", "start", "end", "match", "left", "right"])
    out[["start", "end"]] = out[["start", "end"]].astype("int64")
    for c in ("article_id", "match", "left", "right"):
        out[c] = out[c].astype("string")
    return out


_WORD_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d+(?:[.,]\d+)*")


def find_collocations(articles: pd.DataFrame, *, text_col: str = "text",
                      n: Literal[2, 3] = 2,
                      measure: Literal["likelihood_ratio", "pmi", "chi_sq", "student_t",
                                       "raw_freq"] = "likelihood_ratio",
                      min_count: int = 3, window: int | None = None,
                      term: str | None = None, stop_words: Iterable[str] | None = None,
                      top: int = 50) -> pd.DataFrame:
    """Collocations (word pairs or triples) ranked by an association measure (NLTK).

    Parameters
    ----------
    articles : DataFrame
        With ``article_id`` and ``text_col``. Not modified.
    n : {2, 3}
        Bigrams or trigrams.
    measure : str
        NLTK association measure: ``likelihood_ratio`` (Dunning's G2, default), ``pmi``,
        ``chi_sq``, ``student_t``, ``raw_freq``.
    min_count : int
        Minimum frequency of the collocation.
    window : int, optional
        For bigrams: count pairs within this many words (default: adjacent words).
    term : str, optional
        Keep only collocations containing this word (lower-case), e.g. ``"protesters"``.
    stop_words : iterable of str, optional
        Words that may not be part of a collocation.
    top : int
        Number of collocations returned.

    Returns
    -------
    DataFrame
        ``collocation`` (words joined by a space), ``words`` (tuple), ``score``,
        ``count``, and the first occurrence as evidence: ``article_id``, ``start``,
        ``end`` (for adjacent n-grams; -1 for windowed pairs).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"],
    ...     "text": ["Security forces fired. Security forces left. Security forces came."]})
    >>> coll = find_collocations(arts, min_count=2, top=1)
    >>> coll[["collocation", "count", "start", "end"]].values.tolist()
    [['security forces', 3, 0, 15]]
    """
    from nltk.collocations import (  # noqa: PLC0415  (nltk import is slow; do it lazily)
        BigramAssocMeasures,
        BigramCollocationFinder,
        TrigramAssocMeasures,
        TrigramCollocationFinder,
    )

    require_columns(articles, ["article_id", text_col], where="find_collocations")
    stops = {w.lower() for w in stop_words} if stop_words else set()
    docs: list[list[str]] = []
    spans: list[list[tuple[int, int]]] = []
    ids: list[str] = []
    for aid, text in iter_texts(articles, text_col, where="find_collocations"):
        toks = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD_TOKEN.finditer(text)]
        docs.append([t[2] for t in toks])
        spans.append([(t[0], t[1]) for t in toks])
        ids.append(aid)
    if n == 2:
        finder = (BigramCollocationFinder.from_documents(docs) if not window or window <= 2
                  else BigramCollocationFinder.from_words(
                      [w for d in docs for w in [*d, "\x00"]], window_size=window))
        measures = BigramAssocMeasures
    elif n == 3:
        finder = TrigramCollocationFinder.from_documents(docs)
        measures = TrigramAssocMeasures
    else:
        raise ValueError(f"n must be 2 or 3, got {n!r}")
    finder.apply_freq_filter(min_count)
    finder.apply_ngram_filter(lambda *ws: any(w in stops or w == "\x00" for w in ws))
    if term is not None:
        t = term.lower()
        finder.apply_ngram_filter(lambda *ws: t not in ws)
    func = getattr(measures, measure if measure != "student_t" else "student_t")
    scored = finder.score_ngrams(func)[:top]
    first: dict[tuple[str, ...], tuple[str, int, int]] = {}
    wanted = {g for g, _ in scored}
    for aid, d, sp in zip(ids, docs, spans, strict=True):
        for k in range(len(d) - n + 1):
            g = tuple(d[k:k + n])
            if g in wanted and g not in first:
                first[g] = (aid, sp[k][0], sp[k + n - 1][1])
        if len(first) == len(wanted):
            break
    rows = [(" ".join(g), g, float(s), int(finder.ngram_fd[g]),
             *first.get(g, (None, -1, -1))) for g, s in scored]
    out = pd.DataFrame(rows, columns=["collocation", "words", "score", "count", "article_id",
                                      "start", "end"])
    out[["start", "end", "count"]] = out[["start", "end", "count"]].astype("int64")
    out["collocation"] = out["collocation"].astype("string")
    out["article_id"] = out["article_id"].astype("string")
    return out
