"""Actor mentions: which label each article uses for each actor, with evidence."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any, Literal

import ahocorasick
import numpy as np
import pandas as pd

from newslib.framing._text import get_sentences, iter_texts, lower_same_length
from newslib.framing.lexicons import Lexicon, load_lexicon
from newslib.schema import require_columns

MENTION_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "actor", "label",
                   "family", "sentence_start", "sentence_end"]

_STOP = -1


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "-"


def _typed_frame(columns: dict[str, list], *, ints: Collection[str] = (),
                 bools: Collection[str] = ()) -> pd.DataFrame:
    """A DataFrame from column lists: ``ints`` as int64, ``bools`` as bool, the rest as
    pandas' ``string`` dtype (values as ``astype("string")`` would make them)."""
    return pd.DataFrame({
        c: np.array(v, dtype="int64") if c in ints else np.array(v, dtype=bool)
        if c in bools else pd.array(v, dtype="string") for c, v in columns.items()})


def _lexicon_key(lex: Lexicon) -> tuple:
    pats = lex.patterns
    return (tuple(pats["pattern"].tolist()), tuple(pats["wildcard"].tolist()),
            tuple(map(tuple, pats[["actor", "label", "family"]].to_numpy().tolist())),
            tuple(lex.stop_phrases))


@lru_cache(maxsize=8)
def _matcher_for_key(key: tuple) -> tuple[ahocorasick.Automaton, list[tuple]]:
    patterns, wildcards, labels, stops = key
    entries = [(p, w, i) for i, (p, w) in enumerate(zip(patterns, wildcards, strict=True))]
    entries += [(s, False, _STOP) for s in stops]
    return build_matcher(entries), list(labels)


def _lexicon_matcher(lex: Lexicon) -> tuple[ahocorasick.Automaton, list[tuple]]:
    """The automaton of ``lex`` for :func:`match_spans` (payload: row number of
    ``lex.patterns``, or -1 for a stop-phrase) and the ``(actor, label, family)`` of each
    row. Built once per lexicon content, so batches of a corpus share it."""
    return _matcher_for_key(_lexicon_key(lex))


def _assign_sentences(rows: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Add ``sentence_id``, ``sentence_start``, ``sentence_end`` to ``rows`` (by ``start``).

    The sentence of a row is the last one of its article (by ``start``) that starts at or
    before the row's ``start``; -1 when there is none. One sort and one binary search over
    the whole table (no loop over articles).
    """
    out = rows.copy()
    n = len(out)
    sid = np.full(n, -1, dtype="int64")
    s_start = np.full(n, -1, dtype="int64")
    s_end = np.full(n, -1, dtype="int64")
    if n and len(sentences):
        ids = np.concatenate([out["article_id"].to_numpy(dtype=object),
                              sentences["article_id"].to_numpy(dtype=object)])
        codes = pd.factorize(ids)[0]  # missing ids get -1 and match nothing
        r_code, s_code = codes[:n], codes[n:]
        r_start = out["start"].to_numpy(dtype="int64")
        starts = sentences["start"].to_numpy(dtype="int64")
        keep = s_code >= 0
        s_code, starts = s_code[keep], starts[keep]
        ids_s = sentences["sentence_id"].to_numpy(dtype="int64")[keep]
        ends = sentences["end"].to_numpy(dtype="int64")[keep]
        if len(starts):
            order = np.lexsort((starts, s_code))  # by article, then start (stable)
            s_code, starts, ids_s, ends = s_code[order], starts[order], ids_s[order], ends[order]
            # one sorted key: article code, then start (shifted to be >= 0)
            low = min(int(starts.min()), int(r_start.min()))
            width = max(int(starts.max()), int(r_start.max())) - low + 2
            key = s_code * width + (starts - low)
            r_key = np.maximum(r_code, 0) * width + (r_start - low)
            pos = np.searchsorted(key, r_key, side="right") - 1
            posc = np.clip(pos, 0, None)
            ok = (pos >= 0) & (r_code >= 0) & (s_code[posc] == r_code)
            sid = np.where(ok, ids_s[posc], -1)
            s_start = np.where(ok, starts[posc], -1)
            s_end = np.where(ok, ends[posc], -1)
    out["sentence_id"] = sid
    out["sentence_start"] = s_start
    out["sentence_end"] = s_end
    return out


def build_matcher(patterns: list[tuple[str, bool, Any]]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton over lower-case ``patterns``.

    ``patterns`` are ``(pattern, wildcard, payload)``; the automaton's values are lists of
    ``(length, wildcard, payload)`` for the key. Used by :func:`match_spans`.
    """
    auto = ahocorasick.Automaton()
    for pat, wildcard, payload in patterns:
        if not pat:
            continue
        entry = auto.get(pat, None)
        if entry is None:
            entry = []
            auto.add_word(pat, entry)
        entry.append((len(pat), bool(wildcard), payload))
    auto.make_automaton()
    return auto


def match_spans(auto: ahocorasick.Automaton, low: str) -> list[tuple[int, int, Any]]:
    """Leftmost-longest whole-word matches of ``auto`` in the lower-cased text ``low``.

    Returns ``(start, end, payload)`` sorted by start, without overlaps. A wildcard pattern
    extends to the end of its word. Hyphenated compounds do not match inside
    ("pro-government" is not "government").
    """
    n = len(low)
    cands = []
    for last, entries in auto.iter(low):
        for length, wildcard, payload in entries:
            start = last - length + 1
            if start > 0 and _is_word_char(low[start - 1]) and _is_word_char(low[start]):
                continue
            end = last + 1
            if wildcard:
                while end < n and low[end].isalnum():
                    end += 1
            if end < n and _is_word_char(low[end]) and _is_word_char(low[end - 1]):
                continue
            cands.append((start, end, payload))
    if not cands:
        return []
    cands.sort(key=lambda c: (c[0], c[0] - c[1]))
    kept = []
    last_end = -1
    for start, end, payload in cands:
        if start >= last_end:
            kept.append((start, end, payload))
            last_end = end
    return kept


def find_mentions(articles: pd.DataFrame, *, lexicon: Lexicon | None = None,
                  text_col: str = "text",
                  sentences: pd.DataFrame | bool = True) -> pd.DataFrame:
    """Find every actor mention in ``articles`` with its actor, label, family and offsets.

    Matching is one pass of an Aho-Corasick automaton over the lower-cased text of each
    article, so its cost grows with the text, not with the size of the lexicon. Matches are
    whole words; when matches overlap the longest wins ("extremist forces" over
    "extremist", "Collective Security Treaty Organisation" over anything inside it), and a
    match covered by one of the lexicon's stop-phrases ("national security") is dropped.

    Parameters
    ----------
    articles : DataFrame
        Articles table with ``article_id`` and ``text_col``. Not modified.
    lexicon : Lexicon, optional
        From :func:`load_lexicon` (default: the shipped protest-and-unrest lexicon).
    text_col : str
        Column with the cleaned text the offsets refer to.
    sentences : DataFrame or bool
        A sentences table to take ``sentence_id`` from; ``True`` (default) splits the
        articles itself (``newslib.segment`` when installed); ``False`` skips sentences
        (``sentence_id`` is -1, faster on very large corpora).

    Returns
    -------
    DataFrame
        The mentions table: ``article_id``, ``sentence_id``, ``start``, ``end``, ``text``
        (as written), ``actor``, ``label``, ``family``, ``sentence_start``,
        ``sentence_end``.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a1"],
    ...     "text": ["Rioters clashed with police. The Collective Security Treaty "
    ...              "Organisation sent peacekeepers."]})
    >>> m = find_mentions(arts)
    >>> m[["text", "actor", "family"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Rioters', 'protest participants', 'delegitimising'],
     ['police', 'security forces', 'neutral'],
     ['Collective Security Treaty Organisation', 'foreign troops', 'neutral'],
     ['peacekeepers', 'foreign troops', 'legitimising']]
    >>> m["sentence_id"].tolist()
    [0, 0, 1, 1]
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    auto, label_rows = _lexicon_matcher(lex)
    rows = []
    for aid, text in iter_texts(articles, text_col, where="find_mentions"):
        low = lower_same_length(text)
        for start, end, i in match_spans(auto, low):
            if i == _STOP:
                continue
            actor, label, family = label_rows[i]
            rows.append((aid, start, end, text[start:end], actor, label, family))
    names = ["article_id", "start", "end", "text", "actor", "label", "family"]
    out = _typed_frame({c: [r[k] for r in rows] for k, c in enumerate(names)},
                       ints=("start", "end"))
    if isinstance(sentences, pd.DataFrame):
        require_columns(sentences, ["article_id", "sentence_id", "start", "end"],
                        where="find_mentions(sentences=...)")
        out = _assign_sentences(out, sentences)
    elif sentences:
        needed = articles[articles["article_id"].isin(set(out["article_id"]))]
        out = _assign_sentences(out, get_sentences(needed, text_col=text_col))
    else:
        out = _assign_sentences(out, pd.DataFrame(columns=["article_id", "sentence_id",
                                                          "start", "end"]))
    return out[MENTION_COLUMNS].reset_index(drop=True)


def count_labels(mentions: pd.DataFrame, articles: pd.DataFrame | None = None, *,
                 by: str | list[str] | None = "outlet",
                 level: Literal["label", "family"] = "label", text_col: str = "text",
                 n_examples: int = 3) -> pd.DataFrame:
    """Count labels (or families) per actor and group, with shares and evidence sentences.

    Parameters
    ----------
    mentions : DataFrame
        From :func:`find_mentions`. Not modified.
    articles : DataFrame, optional
        The articles table: supplies the grouping column(s) ``by`` (joined on
        ``article_id``) and the text for the example sentences.
    by : str, list of str or None
        Grouping column(s) such as ``"outlet"``; ``None`` counts over the whole corpus.
    level : {"label", "family"}
        Count labels (default) or label families.
    text_col : str
        Text column of ``articles`` for the evidence.
    n_examples : int
        Example sentences kept per row.

    Returns
    -------
    DataFrame
        One row per group x actor x label (or family): ``count``, ``share`` (of the
        actor's mentions in the group), ``n_articles``, ``examples`` (list of sentence
        texts) and ``evidence`` (list of ``"article_id:start-end"`` of those sentences).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                      "text": ["Rioters and protesters met.", "Protesters marched."]})
    >>> counts = count_labels(find_mentions(arts), arts, by="outlet")
    >>> counts[["outlet", "label", "count", "share"]].values.tolist()
    [['X', 'protesters', 1, 0.5], ['X', 'rioters', 1, 0.5], ['Y', 'protesters', 1, 1.0]]
    """
    if level not in ("label", "family"):
        raise ValueError(f"level must be 'label' or 'family', got {level!r}")
    require_columns(mentions, ["article_id", "actor", level, "start", "end"],
                    where="count_labels(mentions)", hint="pass the output of find_mentions")
    groups = [] if by is None else ([by] if isinstance(by, str) else list(by))
    m = mentions.copy()
    if groups:
        missing = [g for g in groups if g not in m.columns]
        if missing:
            if articles is None:
                raise KeyError(f"count_labels: grouping column(s) {missing} are not in "
                               f"mentions; pass articles=... (with {missing}) or by=None")
            require_columns(articles, ["article_id", *missing], where="count_labels(articles)")
            m = m.merge(articles[["article_id", *missing]].drop_duplicates("article_id"),
                        on="article_id", how="left")
    keys = [*groups, "actor", level]
    if m.empty:
        return pd.DataFrame(columns=[*keys, "count", "share", "n_articles", "examples",
                                     "evidence"])
    with_text = (articles is not None and text_col in articles.columns
                 and "sentence_start" in m.columns)
    if with_text:
        m["_s0"] = m["sentence_start"].where(m["sentence_start"] >= 0, m["start"])
        m["_s1"] = m["sentence_end"].where(m["sentence_end"] >= 0, m["end"])
    else:
        m["_s0"], m["_s1"] = m["start"], m["end"]
    grouped = m.groupby(keys, dropna=False, sort=True)
    agg = grouped.agg(count=("article_id", "size"),
                      n_articles=("article_id", "nunique")).reset_index()
    # Evidence: the first n_examples distinct spans of each group, built only for those
    # (a corpus has hundreds of thousands of mentions and a few thousand groups).
    first = (m.drop_duplicates([*keys, "article_id", "_s0", "_s1"])
             .groupby(keys, dropna=False, sort=False).head(n_examples))
    texts: dict = {}
    if with_text:  # only the articles the evidence comes from (not all 100k of a corpus)
        keep = articles["article_id"].isin(first["article_id"].unique()).to_numpy(dtype=bool)
        texts = dict(zip(articles["article_id"][keep], articles[text_col][keep], strict=True))
    first = first.assign(
        _evidence=[f"{a}:{s0}-{s1}" for a, s0, s1 in
                   zip(first["article_id"], first["_s0"], first["_s1"], strict=True)],
        _example=[texts[a][s0:s1] if isinstance(texts.get(a), str) else ""
                  for a, s0, s1 in zip(first["article_id"], first["_s0"], first["_s1"],
                                       strict=True)])
    lists = (first.groupby(keys, dropna=False, sort=False)
             .agg(examples=("_example", list), evidence=("_evidence", list)).reset_index())
    if not with_text:
        lists["examples"] = [[""] for _ in range(len(lists))]
    agg = agg.merge(lists, on=keys, how="left")
    total = agg.groupby([*groups, "actor"], dropna=False)["count"].transform("sum")
    agg["share"] = agg["count"] / total
    agg = agg[[*keys, "count", "share", "n_articles", "examples", "evidence"]]
    return agg.sort_values([*groups, "actor", "count", level],
                           ascending=[True] * len(groups) + [True, False, True]
                           ).reset_index(drop=True)
