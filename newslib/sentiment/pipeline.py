"""Articles-first wrappers for the batch pipeline (``newslib.scale``), which calls each step
as ``func(articles, **tables)``."""

from __future__ import annotations

import pandas as pd

from newslib.schema import require_columns
import numpy as np

from newslib.sentiment.actors import _sentence_of, score_mentions
from newslib.sentiment.sentences import score_sentences
from newslib.sentiment.voice import mark_voice, quoted_spans

__all__ = ["sentence_sentiment", "score_actors"]


def sentence_sentiment(articles: pd.DataFrame, *, sentences: pd.DataFrame,
                       quotes: pd.DataFrame | None = None,
                       text_col: str = "text") -> pd.DataFrame:
    """The sentiment table: VADER scores per sentence part, with its voice.

    Parameters
    ----------
    articles
        Articles table (used for quotation marks when ``quotes`` is None). Not modified.
    sentences
        Sentences table of those articles.
    quotes
        ``newslib.sourcing.extract_quotes`` output, to tell quoted speech from narration.

    Returns
    -------
    DataFrame
        :func:`mark_voice` parts with ``compound``, ``neg``, ``neu``, ``pos``.

    Examples
    --------
    >>> t = '"They attacked us at night," she said. It was a good day.'
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": [t]})
    >>> sents = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1],
    ...                       "start": [0, 39], "end": [38, len(t)],
    ...                       "text": [t[:38], t[39:]]})
    >>> sentence_sentiment(arts, sentences=sents)[["voice", "compound"]].values.tolist()
    [['quoted', -0.4588], ['narration', 0.0], ['narration', 0.4404]]
    """
    require_columns(sentences, ["article_id", "start", "end", text_col],
                    where="sentence_sentiment(sentences=...)")
    parts = mark_voice(sentences, quotes, articles=articles, text_col=text_col)
    return score_sentences(parts, text_col="text")


def score_actors(articles: pd.DataFrame, *, mentions: pd.DataFrame, sentences: pd.DataFrame,
                 quotes: pd.DataFrame | None = None, text_col: str = "text") -> pd.DataFrame:
    """Actor-level sentiment of every mention, with the voice the mention appears in.

    Returns :func:`score_mentions` output plus ``voice`` (``"quoted"`` when the mention lies
    inside a quote's content, else ``"narration"``; quotation marks are used when
    ``quotes`` is None). Inputs are not modified.

    Examples
    --------
    >>> t = "Critics accused the minister of lying."
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": [t]})
    >>> sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0],
    ...                       "end": [len(t)], "text": [t]})
    >>> m = pd.DataFrame({"article_id": ["a"], "start": [20], "end": [28]})
    >>> score_actors(arts, mentions=m, sentences=sents)[["sentiment", "voice"]].values.tolist()
    [['negative', 'narration']]
    """
    out = score_mentions(mentions, sentences, text_col=text_col)
    spans = quoted_spans(_sentences_with_mentions(sentences, mentions, quotes, articles),
                         quotes, articles=articles, text_col=text_col)
    voice = []
    for aid, a, b in zip(out["article_id"].tolist(), out["start"].tolist(),
                         out["end"].tolist()):
        key = aid if type(aid) is str else str(aid)
        inside = any(s <= a and b <= e for s, e in spans.get(key, ()))
        voice.append("quoted" if inside else "narration")
    out["voice"] = pd.array(voice, dtype="string")
    return out


def _sentences_with_mentions(sentences: pd.DataFrame, mentions: pd.DataFrame,
                             quotes: pd.DataFrame | None, articles: pd.DataFrame | None
                             ) -> pd.DataFrame:
    """The sentences that hold a mention: a mention is quoted only if a quoted part of
    its own sentence holds it, so the other sentences need not be cut. That sentence is
    the last one starting at or before the mention when an article's sentences do not
    overlap; otherwise, or when quotation marks must be found in a text rebuilt from all
    the sentences (no quotes, no articles), all sentences are kept."""
    if (quotes is None and articles is None) or len(sentences) == 0:
        return sentences
    order = np.lexsort((sentences["start"].to_numpy(dtype=np.int64),
                        pd.factorize(sentences["article_id"])[0]))
    art = pd.factorize(sentences["article_id"])[0][order]
    start = sentences["start"].to_numpy(dtype=np.int64)[order]
    end = sentences["end"].to_numpy(dtype=np.int64)[order]
    if ((art[1:] == art[:-1]) & (start[1:] < end[:-1])).any():  # overlapping sentences
        return sentences
    pos, found = _sentence_of(mentions, sentences)
    keep = np.zeros(len(sentences), dtype=bool)
    keep[pos[found]] = True
    return sentences[keep]

