"""Small text helpers shared by the framing submodules (private)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd

from newslib.schema import require_columns

#: A word token: letters/digits with inner apostrophes or hyphens ("don't", "ex-Soviet").
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

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


def get_sentences(articles: pd.DataFrame, *, text_col: str = "text",
                  id_col: str = "article_id") -> pd.DataFrame:
    """Sentence spans of ``articles`` from :func:`newslib.segment.split_sentences`."""
    from newslib import segment  # imported here: segment loads its Punkt model lazily

    sents = segment.split_sentences(articles, text_col=text_col, id_col=id_col)
    return sents[["article_id", "sentence_id", "start", "end"]].copy()


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
