"""Small text helpers shared by the framing submodules (private)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd

from newslib.schema import require_columns

#: A word token: letters/digits with inner apostrophes or hyphens ("don't", "ex-Soviet").
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before white space
# and an opening quote/capital/digit, or at a line break. Used only when newslib.segment is
# not available; it is deliberately simple (abbreviations such as "U.S. President" split).
_SENT_END_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` keeping every offset (curly apostrophes become ``'``).

    Examples
    --------
    >>> lower_same_length("Police’s İ")
    "police's İ"
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("’", "'")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence in ``text`` (regex fallback splitter).

    Examples
    --------
    >>> t = 'He left. "Why?" she asked.\\nNew para'
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['He left.', '"Why?" she asked.', 'New para']
    """
    spans = []
    pos = 0
    for m in _SENT_END_RE.finditer(text):
        end = m.start()
        # keep closing quotes/brackets with the sentence they close
        closing = re.match(r"[\"'”’)\]]*", text[m.start():])
        end += closing.end() if closing else 0
        if text[pos:end].strip():
            spans.append(_strip_span(text, pos, end))
        pos = m.end()
    if text[pos:].strip():
        spans.append(_strip_span(text, pos, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def get_sentences(articles: pd.DataFrame, *, text_col: str = "text",
                  id_col: str = "article_id") -> pd.DataFrame:
    """Sentences table for ``articles``: :func:`newslib.segment.split_sentences` when that
    module is installed, else the regex fallback :func:`sentence_spans`."""
    try:
        from newslib import segment  # noqa: PLC0415  (optional sibling module)
    except ImportError:
        segment = None
    if segment is not None and hasattr(segment, "split_sentences"):
        sents = segment.split_sentences(articles, text_col=text_col)
        return sents[["article_id", "sentence_id", "start", "end"]].copy()
    rows = []
    for aid, text in zip(articles[id_col], articles[text_col], strict=True):
        if not isinstance(text, str):
            continue
        for i, (s, e) in enumerate(sentence_spans(text)):
            rows.append((aid, i, s, e))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end"])


def assign_sentences(rows: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Add ``sentence_id``, ``sentence_start``, ``sentence_end`` to ``rows`` (by ``start``)."""
    out = rows.copy()
    sid = np.full(len(out), -1, dtype="int64")
    s_start = np.full(len(out), -1, dtype="int64")
    s_end = np.full(len(out), -1, dtype="int64")
    if len(out) and len(sentences):
        sents = sentences.sort_values(["article_id", "start"])
        groups = {aid: g for aid, g in sents.groupby("article_id", sort=False)}
        for aid, idx in out.groupby("article_id", sort=False).indices.items():
            g = groups.get(aid)
            if g is None:
                continue
            starts = g["start"].to_numpy()
            pos = np.searchsorted(starts, out["start"].to_numpy()[idx], side="right") - 1
            ok = pos >= 0
            pos = np.clip(pos, 0, None)
            sid[idx] = np.where(ok, g["sentence_id"].to_numpy()[pos], -1)
            s_start[idx] = np.where(ok, starts[pos], -1)
            s_end[idx] = np.where(ok, g["end"].to_numpy()[pos], -1)
    out["sentence_id"] = sid
    out["sentence_start"] = s_start
    out["sentence_end"] = s_end
    return out


def iter_texts(articles: pd.DataFrame, text_col: str, *, where: str) -> Iterator[tuple[str, str]]:
    """Yield ``(article_id, text)`` after checking the columns; skips missing texts."""
    require_columns(articles, ["article_id", text_col], where=where,
                    hint=f"pass text_col=... (got text_col={text_col!r})")
    for aid, text in zip(articles["article_id"], articles[text_col], strict=True):
        if isinstance(text, str) and text:
            yield aid, text
