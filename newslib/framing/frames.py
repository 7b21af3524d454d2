"""Frame dictionaries scored per article or per sentence."""

from __future__ import annotations

import re
from typing import Literal

import pandas as pd

from newslib.framing._text import get_sentences, lower_same_length
from newslib.framing.lexicons import load_frames
from newslib.framing.mentions import build_matcher, match_spans
from newslib.schema import require_columns

_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def score_frames(articles: pd.DataFrame, *, frames: pd.DataFrame | None = None,
                 level: Literal["article", "sentence"] = "article",
                 text_col: str = "text", sentences: pd.DataFrame | None = None,
                 per: int = 100) -> pd.DataFrame:
    """Score each text for each frame of a frame dictionary, normalised by length.

    A frame's ``hits`` are the cue matches in the text (whole words, case-insensitive,
    longest match wins; a cue listed under several frames counts for each); ``score`` is
    ``hits`` per ``per`` word tokens (default: per 100 words), so long and short texts
    compare. Dictionary scores are a transparent first reading: read the ``cues`` column
    (the matched words) before trusting a difference.

    Parameters
    ----------
    articles : DataFrame
        With ``article_id`` and ``text_col``. Not modified.
    frames : DataFrame, optional
        From :func:`newslib.framing.load_frames` (default: the shipped ``frames.yaml``);
        add your own with ``load_frames(extra="my_frames.yaml")``.
    level : {"article", "sentence"}
        Score whole articles or each sentence.
    text_col : str
        Text column.
    sentences : DataFrame, optional
        Sentences table for ``level="sentence"`` (default: split the articles).
    per : int
        Normalisation base (words).

    Returns
    -------
    DataFrame
        Long format, one row per unit x frame: ``article_id``, ``sentence_id`` (-1 at
        article level), ``start``, ``end`` (the unit's offsets), ``frame``, ``hits``,
        ``n_words``, ``score``, ``cues`` (matched cue words, "; "-joined).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"],
    ...     "text": ["Fuel prices rose. Police restored order after the unrest began."]})
    >>> s = score_frames(arts).set_index("frame")
    >>> int(s.loc["economic_grievance", "hits"]), float(s.loc["economic_grievance", "score"])
    (2, 20.0)
    >>> s.loc["security_order", "cues"]
    'order; unrest'
    """
    require_columns(articles, ["article_id", text_col], where="score_frames",
                    hint=f"pass text_col=... (got {text_col!r})")
    if level not in ("article", "sentence"):
        raise ValueError(f"level must be 'article' or 'sentence', got {level!r}")
    table = frames if frames is not None else load_frames()
    require_columns(table, ["frame", "pattern", "wildcard"], where="score_frames(frames)",
                    hint="pass the output of load_frames()")
    names = sorted(set(table["frame"]))
    grouped = table.groupby(["pattern", "wildcard"])["frame"].agg(lambda s: sorted(set(s)))
    auto = build_matcher([(p, w, fr) for (p, w), fr in grouped.items()])
    texts = {a: t for a, t in zip(articles["article_id"], articles[text_col], strict=True)
             if isinstance(t, str)}
    if level == "article":
        units = [(a, -1, 0, len(t)) for a, t in texts.items()]
    else:
        sents = sentences if sentences is not None else get_sentences(articles,
                                                                      text_col=text_col)
        units = [(a, int(i), int(s), int(e)) for a, i, s, e in zip(
            sents["article_id"], sents["sentence_id"], sents["start"], sents["end"],
            strict=True) if a in texts]
    rows = []
    low_cache: tuple[str, str] | None = None
    for aid, sid, s0, s1 in units:
        if low_cache is None or low_cache[0] != aid:
            low_cache = (aid, lower_same_length(texts[aid]))
        low = low_cache[1][s0:s1]
        n_words = len(_WORDS.findall(low))
        hits: dict[str, list[str]] = {f: [] for f in names}
        for a, b, frs in match_spans(auto, low):
            for f in frs:
                hits[f].append(low[a:b])
        for f in names:
            h = hits[f]
            rows.append((aid, sid, s0, s1, f, len(h), n_words,
                         per * len(h) / n_words if n_words else 0.0, "; ".join(h)))
    out = pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "frame",
                                      "hits", "n_words", "score", "cues"])
    for c in ("sentence_id", "start", "end", "hits", "n_words"):
        out[c] = out[c].astype("int64")
    for c in ("article_id", "frame", "cues"):
        out[c] = out[c].astype("string")
    return out
