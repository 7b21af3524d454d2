"""Small text helpers shared by the framing submodules (private)."""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def iter_texts(articles: pd.DataFrame, text_col: str, *, where: str) -> Iterator[tuple[str, str]]:
    """Yield ``(article_id, text)`` after checking the columns; skips missing texts."""
    require_columns(articles, ["article_id", text_col], where=where,
                    hint=f"pass text_col=... (got text_col={text_col!r})")
    for aid, text in zip(articles["article_id"], articles[text_col], strict=True):
        if isinstance(text, str) and text:
            yield aid, text
