"""The tables newslib passes between steps, and their columns: one place for the contract.

Every derived row carries ``article_id`` and character offsets ``start``/``end`` into the
cleaned ``text`` of its article, so ``articles.text[start:end]`` is the evidence behind it.

articles
    ``article_id`` (str, unique), ``outlet`` (str), ``published`` (datetime64[ns, UTC],
    nullable), ``title``, ``text`` (cleaned body), ``url``, ``byline`` (author line),
    ``credits`` (agencies or sources credited: "TRTWorld and agencies", "AFP"), ``section``,
    ``lang``, ``source_file`` (file the row came from, with ``#row`` for multi-article
    files), ``duplicate_of`` (``article_id`` of the earlier near-duplicate or wire copy;
    flagged, never dropped). Cleaning may add ``dateline`` and ``captions``.
sentences
    ``article_id``, ``sentence_id`` (0-based within article), ``paragraph_id`` (0-based),
    ``start``, ``end`` (offsets into the article's ``text``), ``text``.
mentions
    ``article_id``, ``sentence_id``, ``start``, ``end``, ``text`` (as written), ``actor``,
    ``label`` (lexicon label matched), ``family`` (e.g. neutral, legitimising,
    delegitimising, criminalising).
quotes
    ``article_id``, ``quote_id``, ``kind`` (direct, indirect, mixed, according_to),
    ``content_start``, ``content_end``, ``cue_start``, ``cue_end``, ``cue``,
    ``cue_stance`` (neutral, distancing, endorsing, other), ``source_start``,
    ``source_end``, ``source_text``, ``speaker`` (resolved name), ``role``,
    ``source_type``, ``relay`` (relaying parties in order, "; "-joined).
sentiment
    one row per part of a sentence (a sentence is cut where a quotation starts or ends):
    ``article_id``, ``sentence_id``, ``part_id`` (0-based within the sentence), ``start``,
    ``end``, ``text``, ``voice`` (narration or quoted), ``quote_id`` (nullable ``Int64``,
    the attribution the quoted part belongs to; ``string`` when the quotes table has text
    ids), ``quote_kind``, ``paragraph_id``, ``compound``, ``neg``, ``neu``, ``pos``.
    Actor-level sentiment (``newslib.sentiment.score_actors``) is a separate table.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "outlet": "string",
    "published": "datetime64[ns, UTC]",
    "title": "string",
    "text": "string",
    "url": "string",
    "byline": "string",
    "credits": "string",
    "section": "string",
    "lang": "string",
    "source_file": "string",
    "duplicate_of": "string",
}

SENTENCE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "sentence_id": "int64",
    "paragraph_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
}


def empty_table(columns: dict[str, str]) -> pd.DataFrame:
    """Return an empty DataFrame with the given columns and dtypes.

    Examples
    --------
    >>> list(empty_table(SENTENCE_COLUMNS).columns)[:3]
    ['article_id', 'sentence_id', 'paragraph_id']
    """
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def coerce_articles(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` with every articles column present and typed.

    Missing columns are added as nulls; extra columns are kept after the contract's.
    The input is not modified.

    Examples
    --------
    >>> out = coerce_articles(pd.DataFrame({"article_id": ["a"], "text": ["Hi."]}))
    >>> str(out["published"].dtype)
    'datetime64[ns, UTC]'
    """
    out = df.copy()
    for name, dtype in ARTICLE_COLUMNS.items():
        if name not in out.columns:
            out[name] = pd.Series([pd.NA] * len(out), index=out.index, dtype="object")
        if dtype.startswith("datetime"):
            out[name] = pd.to_datetime(out[name], utc=True, errors="coerce").astype(dtype)
        else:
            out[name] = out[name].astype(dtype)
    extra = [c for c in out.columns if c not in ARTICLE_COLUMNS]
    return out[list(ARTICLE_COLUMNS) + extra]


def require_columns(df: pd.DataFrame, columns: Iterable[str], *, where: str = "input",
                    hint: str = "") -> None:
    """Raise ``KeyError`` naming the missing columns, the columns present and the fix.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"text": []}), ["text"])
    >>> require_columns(pd.DataFrame({"body": []}), ["text"], hint="pass text_col='body'")
    Traceback (most recent call last):
    ...
    KeyError: "input: column 'text' not found; columns are ['body']; pass text_col='body'"
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{where}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        noun = "column" if len(missing) == 1 else "columns"
        msg = f"{where}: {noun} {names} not found; columns are {list(df.columns)}"
        if hint:
            msg += f"; {hint}"
        raise KeyError(msg)
