"""Whose voice is a sentence in: the journalist's narration or a source's quoted speech."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress

import numpy as np
import pandas as pd

from newslib.schema import require_columns

__all__ = ["mark_voice", "quoted_spans", "VOICE_COLUMNS", "QUOTE_KINDS"]

#: Quote kinds of ``newslib.sourcing.extract_quotes`` whose content counts as quoted speech.
QUOTE_KINDS = ("direct", "mixed", "indirect", "according_to")

#: Columns of the table returned by :func:`mark_voice` (plus sentence columns carried over).
VOICE_COLUMNS = ("article_id", "sentence_id", "part_id", "start", "end", "text", "voice",
                 "quote_id", "quote_kind")

_WORD = re.compile(r"\w+")


def _spans_from_quotes(quotes: pd.DataFrame, kinds: Iterable[str]
                       ) -> dict[str, list[tuple[int, int, object, str]]]:
    require_columns(quotes, ["article_id", "content_start", "content_end"],
                    where="mark_voice(quotes=...)",
                    hint="pass the table of newslib.sourcing.extract_quotes")
    q = quotes
    if "kind" in q.columns:
        q = q[q["kind"].isin(list(kinds))]
    ids = q["quote_id"].tolist() if "quote_id" in q.columns else list(range(len(q)))
    kind = q["kind"].tolist() if "kind" in q.columns else ["direct"] * len(q)
    has_span = (q["content_start"].notna() & q["content_end"].notna()).tolist()
    spans: dict[str, list[tuple[int, int, object, str]]] = {}
    for aid, a, b, qid, k in compress(zip(q["article_id"].tolist(),
                                          q["content_start"].tolist(),
                                          q["content_end"].tolist(), ids, kind), has_span):
        spans.setdefault(aid if type(aid) is str else str(aid), []).append(
            (int(a), int(b), qid, k if type(k) is str else str(k)))
    return spans


def _rebuild_text(group: pd.DataFrame, text_col: str) -> str:
    """Article text from its sentences: gaps are spaces, or blank lines between paragraphs."""
    end = int(group["end"].max())
    buf = [" "] * end
    prev_end, prev_par = None, None
    has_par = "paragraph_id" in group.columns
    for rec in group.sort_values("start").itertuples(index=False):
        s, e, t = int(rec.start), int(rec.end), getattr(rec, text_col)
        buf[s:e] = list(t[: e - s].ljust(e - s))
        par = getattr(rec, "paragraph_id") if has_par else None
        if prev_end is not None and par != prev_par and s - prev_end >= 2:
            buf[prev_end] = "\n"
            buf[prev_end + 1] = "\n"
        prev_end, prev_par = e, par
    return "".join(buf)


def _spans_from_marks(sentences: pd.DataFrame, articles: pd.DataFrame | None, text_col: str,
                      min_words: int) -> dict[str, list[tuple[int, int, object, str]]]:
    from newslib.sourcing import find_quotations

    texts: dict[str, str] = {}
    if articles is not None:
        require_columns(articles, ["article_id", text_col], where="mark_voice(articles=...)")
        texts = dict(zip(articles["article_id"].astype(str), articles[text_col]))
    spans: dict[str, list[tuple[int, int, object, str]]] = {}
    for aid, group in sentences.groupby("article_id", sort=False):
        aid = str(aid)
        text = texts.get(aid)
        if text is None:
            text = _rebuild_text(group, text_col)
        found = []
        for k, (a, b) in enumerate(find_quotations(text)):
            if len(_WORD.findall(text[a:b])) >= min_words:
                found.append((a, b, k, "quotation_marks"))
        spans[aid] = found
    return spans


def _covered(keys: list[str], s_start: np.ndarray, s_end: np.ndarray,
             spans: dict[str, list[tuple[int, int, object, str]]]
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int, object, str]]]:
    """Which spans of the same article can overlap each sentence ``[start, end)``.

    Returns ``covered`` (some span overlaps), ``first`` and ``last`` (the sentence's
    candidates are ``flat[first:last + 1]``: the spans of its article starting before its
    end, after those that all end by its start) and ``flat``, the spans of all articles
    one after the other. ``spans`` are sorted by start within each article."""
    n = len(keys)
    flat = [q for v in spans.values() for q in v]
    if n == 0 or not flat:
        zeros = np.zeros(n, dtype=np.intp)
        return np.zeros(n, dtype=bool), zeros, zeros - 1, flat
    span_keys = list(spans)
    codes, _ = pd.factorize(pd.Index(span_keys + keys, dtype=object))
    s_code = codes[len(span_keys):].astype(np.int64)
    q_code = np.repeat(codes[:len(span_keys)].astype(np.int64),
                       [len(v) for v in spans.values()])
    q_start = np.fromiter((q[0] for q in flat), dtype=np.int64, count=len(flat))
    q_end = np.fromiter((q[1] for q in flat), dtype=np.int64, count=len(flat))
    low = int(min(q_start.min(), q_end.min(), s_start.min(), s_end.min()))
    width = int(max(q_start.max(), q_end.max(), s_start.max(), s_end.max())) - low + 1
    # span articles are distinct keys in first-seen order, so their codes increase along
    # ``flat``: one key per span sorts by article, then start
    start_key = q_code * width + (q_start - low)
    # furthest end so far within the article: a non-decreasing key as well
    reach_key = np.maximum.accumulate(q_code * width + (q_end - low))
    base = s_code * width - low
    last = np.searchsorted(start_key, base + s_end, side="left") - 1
    first = np.searchsorted(reach_key, base + s_start, side="right")
    safe = np.maximum(last, 0)
    covered = (last >= 0) & (q_code[safe] == s_code) & (first <= last)
    return covered, first, last, flat


def _cut_parts(sentences: pd.DataFrame, spans: dict[str, list[tuple[int, int, object, str]]],
               text_col: str, *, only_covered: bool = False
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                          np.ndarray]:
    """The parts of every sentence, as columns in sentence order: row of the sentence,
    part number, start, end, text and ``(quote_id, kind)`` (None for narration).
    ``spans`` are sorted. With ``only_covered``, sentences that no span overlaps (whole
    narration) are left out."""
    aids = sentences["article_id"].tolist()
    keys = [a if type(a) is str else str(a) for a in aids]
    starts = sentences["start"].tolist()
    ends = sentences["end"].tolist()
    texts = sentences[text_col].tolist()
    s_start = np.asarray(starts, dtype=np.int64)
    s_end = np.asarray(ends, dtype=np.int64)
    covered, first, last, flat = _covered(keys, s_start, s_end, spans)
    word = _WORD.search
    # sentences no quote touches: one narration part, the sentence trimmed
    if only_covered:
        plain: list[int] = []
    else:
        plain = [i for i in np.flatnonzero(~covered & (s_end > s_start)).tolist()
                 if isinstance(texts[i], str)]
    pieces = [texts[i][:ends[i] - starts[i]] for i in plain]
    stripped = [p.strip() for p in pieces]
    keep = [bool(t) and word(t) is not None for t in stripped]
    rows = [i for i, k in zip(plain, keep, strict=True) if k]
    p_start = [starts[i] + len(p) - len(p.lstrip())
               for i, p, k in zip(plain, pieces, keep, strict=True) if k]
    p_text = [t for t, k in zip(stripped, keep, strict=True) if k]
    p_end = [a + len(t) for a, t in zip(p_start, p_text, strict=True)]
    part_ids = [0] * len(rows)
    p_quote: list[tuple[object, str] | None] = [None] * len(rows)
    # sentences with quoted speech: cut at the quotes' edges
    todo = np.flatnonzero(covered)
    for row, lo, hi in zip(todo.tolist(), first[todo].tolist(), last[todo].tolist(),
                           strict=True):
        text = texts[row]
        if not isinstance(text, str):
            continue
        s0, e0 = int(starts[row]), int(ends[row])
        # quotes that can overlap [s0, e0): all starting before e0, ending after s0
        cuts: list[tuple[int, int, tuple[object, str] | None]] = []
        pos = s0
        for a, b, qid, kind in flat[lo:hi + 1]:
            if b <= s0:
                continue
            if a < pos:  # before the sentence, or inside the previous (nested) quote
                a = pos
            if b > e0:
                b = e0
            if a >= b:
                continue
            if a > pos:
                cuts.append((pos, a, None))
            cuts.append((a, b, (qid, kind)))
            pos = b
        if pos < e0:
            cuts.append((pos, e0, None))
        part = 0
        for a, b, q in cuts:
            piece = text[a - s0:b - s0]
            stripped_piece = piece.strip()
            if not stripped_piece or not word(stripped_piece):
                continue
            lead = len(piece) - len(piece.lstrip())
            rows.append(row)
            part_ids.append(part)
            p_start.append(a + lead)
            p_end.append(a + lead + len(stripped_piece))
            p_text.append(stripped_piece)
            p_quote.append(q)
            part += 1
    order = np.argsort(np.asarray(rows, dtype=np.int64), kind="stable")
    text_arr = np.empty(len(p_text), dtype=object)
    text_arr[:] = p_text
    quote_arr = np.empty(len(p_quote), dtype=object)
    quote_arr[:] = p_quote
    return (np.asarray(rows, dtype=np.intp)[order],
            np.asarray(part_ids, dtype=np.int64)[order],
            np.asarray(p_start, dtype=np.int64)[order],
            np.asarray(p_end, dtype=np.int64)[order], text_arr[order], quote_arr[order])


def mark_voice(sentences: pd.DataFrame, quotes: pd.DataFrame | None = None, *,
               articles: pd.DataFrame | None = None, text_col: str = "text",
               kinds: Iterable[str] = QUOTE_KINDS, min_words: int = 4) -> pd.DataFrame:
    """Split sentences into parts in the journalist's voice and parts of quoted speech.

    Parameters
    ----------
    sentences
        Sentences table (``article_id``, ``start``, ``end``, ``text``; offsets into the
        article text). Not modified.
    quotes
        Quotes table of ``newslib.sourcing.extract_quotes`` (``article_id``,
        ``content_start``, ``content_end``, ``kind``, ``quote_id``). The content of every
        quote of a kind in ``kinds`` is quoted speech: by default direct and mixed quotes
        *and* paraphrase (indirect, "according to"), because a paraphrase reports a
        source's claim, not the journalist's; keep ``quote_kind`` to tell them apart, or
        pass ``kinds=("direct", "mixed")``.
    articles
        Articles table, used only without ``quotes``: quotation-mark spans are then found
        in each article's text with ``newslib.sourcing.find_quotations`` (or in a text
        rebuilt from the sentences when ``articles`` is not given). Spans of fewer than
        ``min_words`` words ("eliminated", "restraint") are scare quotes or terms, not
        speech, and stay narration.
    text_col
        Sentence (and article) text column.
    kinds
        Quote kinds that count as quoted speech.
    min_words
        Shortest quotation-mark span taken as speech in the fallback.

    Returns
    -------
    DataFrame
        One row per part with :data:`VOICE_COLUMNS`: ``voice`` is ``"narration"`` or
        ``"quoted"``, ``start``/``end`` are offsets into the article text (whitespace
        trimmed; parts without a letter or digit are dropped), ``part_id`` counts parts
        within a sentence, ``quote_id`` (nullable ``Int64``; ``string`` if the quotes
        table has text ids) and ``quote_kind`` name the quote (null for narration).
        Other sentence columns (``paragraph_id``) are carried over with their dtypes.
        Score the
        parts with :func:`newslib.sentiment.score_sentences` and group by ``voice``.

    Examples
    --------
    >>> t = '"We were attacked at night," police said.'
    >>> s = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0],
    ...                   "end": [len(t)], "text": [t]})
    >>> mark_voice(s)[["text", "voice"]].values.tolist()
    [['"We were attacked at night,"', 'quoted'], ['police said.', 'narration']]
    """
    require_columns(sentences, ["article_id", "start", "end", text_col], where="mark_voice",
                    hint="pass a sentences table (newslib.segment.split_sentences)")
    spans = _sorted_spans(sentences, quotes, articles, text_col, kinds, min_words)
    rows, part_ids, p_start, p_end, p_text, p_quote = _cut_parts(sentences, spans, text_col)
    carry = [c for c in sentences.columns
             if c not in ("article_id", "sentence_id", "start", "end", text_col)]
    take = rows

    def pick(col: str) -> pd.Series:  # the column's values at the parts' sentences
        return sentences[col].take(take).reset_index(drop=True)

    data: dict[str, object] = {
        "article_id": pick("article_id").astype("string"),
        "sentence_id": (pick("sentence_id") if "sentence_id" in sentences.columns
                        else pd.Series([pd.NA] * len(rows), dtype=object)),
        "part_id": part_ids,
        "start": p_start,
        "end": p_end,
        "text": pd.array(p_text, dtype="string"),
        "voice": pd.array(["quoted" if q else "narration" for q in p_quote], dtype="string"),
        "quote_id": _quote_ids([q[0] if q else None for q in p_quote]),
        "quote_kind": pd.array([q[1] if q else None for q in p_quote], dtype="string"),
    }
    for c in carry:
        data[c] = pick(c)
    return pd.DataFrame(data)


def _sorted_spans(sentences: pd.DataFrame, quotes: pd.DataFrame | None,
                  articles: pd.DataFrame | None, text_col: str, kinds: Iterable[str],
                  min_words: int) -> dict[str, list[tuple[int, int, object, str]]]:
    """Quoted-speech spans per article (as ``str``), sorted by start then end."""
    if quotes is not None:
        spans = _spans_from_quotes(quotes, kinds)
    else:
        spans = _spans_from_marks(sentences, articles, text_col, min_words)
    for v in spans.values():
        v.sort(key=lambda x: (x[0], x[1]))
    return spans


def _quote_ids(ids: list[object]) -> pd.api.extensions.ExtensionArray:
    """``quote_id`` as nullable ``Int64``; ids that are not whole numbers (a quotes table
    with text ids) give a ``string`` column instead, never a mixed object column."""
    try:
        return pd.array(ids, dtype="Int64")
    except (TypeError, ValueError):
        return pd.array([None if v is None else str(v) for v in ids], dtype="string")


def quoted_spans(sentences: pd.DataFrame, quotes: pd.DataFrame | None = None, *,
                 articles: pd.DataFrame | None = None, text_col: str = "text",
                 kinds: Iterable[str] = QUOTE_KINDS, min_words: int = 4
                 ) -> dict[str, list[tuple[int, int]]]:
    """``{article_id: [(start, end), ...]}`` of the parts :func:`mark_voice` marks
    ``"quoted"`` (same arguments), without building the parts table.

    Examples
    --------
    >>> t = '"We were attacked at night," police said.'
    >>> s = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0],
    ...                   "end": [len(t)], "text": [t]})
    >>> quoted_spans(s)
    {'a': [(0, 28)]}
    """
    require_columns(sentences, ["article_id", "start", "end", text_col], where="quoted_spans",
                    hint="pass a sentences table (newslib.segment.split_sentences)")
    spans = _sorted_spans(sentences, quotes, articles, text_col, kinds, min_words)
    rows, _, p_start, p_end, _, p_quote = _cut_parts(sentences, spans, text_col,
                                                     only_covered=True)
    rows, p_start, p_end = rows.tolist(), p_start.tolist(), p_end.tolist()
    aids = sentences["article_id"].tolist()
    out: dict[str, list[tuple[int, int]]] = {}
    for row, a, b, q in zip(rows, p_start, p_end, p_quote):
        if q is not None:
            aid = aids[row]
            out.setdefault(aid if type(aid) is str else str(aid), []).append((a, b))
    return out
