"""Reader for the NYT editorial snippets of the VADER paper (Hutto & Gilbert, ICWSM 2014).

Layout expected under ``path`` (the ``vader_nyt`` folder of the shared benchmarks)::

    nytEditorialSnippets_GroundTruth.txt     id <TAB> mean rating <TAB> snippet (latin-1)
    nytEditorialSnippets_anonDataRatings.txt id <TAB> mean <TAB> sd <TAB> [raw ratings] (optional)

Each of the 5,190 snippets is one sentence-level unit from 500 NYT opinion pieces,
segmented by the authors with NLTK; at least 20 raters scored each on [-4, 4]. The reader
returns every snippet as its own one-sentence "article" so the rest of newslib can treat
it like any corpus, plus a gold table with the mean rating over the whole text.

Classes. The VADER paper reports 3-class F1 with VADER's usual ±0.05 thresholds on the
compound score; its README does not say how the human mean is cut into classes. newslib
uses the same rule on the human mean: ``mean > 0.05`` positive, ``mean < -0.05``
negative, neutral otherwise (``label`` column). With that rule VADER's F1 comes out at the
published 0.55 (see ``newslib.quality.sentiment``). MIT licence; read it from
``../shared``, never copy it.
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pandas as pd

from newslib.schema import coerce_articles

__all__ = ["read_vader_nyt", "label_from_mean", "GOLD_COLUMNS"]

GROUND_TRUTH = "nytEditorialSnippets_GroundTruth.txt"
RATINGS = "nytEditorialSnippets_anonDataRatings.txt"

#: Columns of the gold table returned by :func:`read_vader_nyt`.
GOLD_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "start": "int64",
    "end": "int64",
    "mean": "float64",
    "sd": "float64",
    "n_ratings": "Int64",
    "label": "string",
}


def label_from_mean(mean: pd.Series, *, threshold: float = 0.05) -> pd.Series:
    """Map ratings (or compound scores) to ``negative``/``neutral``/``positive``.

    Examples
    --------
    >>> label_from_mean(pd.Series([-1.0, 0.0, 0.3])).tolist()
    ['negative', 'neutral', 'positive']
    """
    values = pd.to_numeric(mean, errors="coerce")
    out = pd.Series("neutral", index=values.index, dtype="string")
    out[values > threshold] = "positive"
    out[values < -threshold] = "negative"
    out[values.isna()] = pd.NA
    return out


def read_vader_nyt(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the VADER NYT snippets into an articles table and a gold ratings table.

    Parameters
    ----------
    path
        The ``vader_nyt`` folder (with ``nytEditorialSnippets_GroundTruth.txt``).

    Returns
    -------
    articles, gold
        ``articles`` follows :data:`newslib.schema.ARTICLE_COLUMNS` (``article_id`` is the
        snippet id such as ``"1_3"``, ``outlet`` ``"nyt"``, ``text`` the snippet). ``gold``
        has :data:`GOLD_COLUMNS`: the span ``start=0``/``end=len(text)``, the human
        ``mean``, its ``sd`` and ``n_ratings`` (null when the ratings file is absent) and
        ``label`` from :func:`label_from_mean`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> line = "1_1\\t-1.5\\tA caf\\xe9 burned.\\n"
    >>> _ = (root / GROUND_TRUTH).write_bytes(line.encode("latin-1"))
    >>> arts, gold = read_vader_nyt(root)
    >>> arts.loc[0, "text"], gold.loc[0, "label"]
    ('A café burned.', 'negative')
    """
    path = Path(path)
    truth = path / GROUND_TRUTH
    if not truth.is_file():
        raise FileNotFoundError(
            f"{truth} not found; pass the 'vader_nyt' folder of the shared benchmarks "
            "(e.g. newslib.config.benchmarks_dir() / 'vader_nyt')")
    ids, means, texts = [], [], []
    with truth.open(encoding="latin-1", newline="") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            ident, mean, text = line.split("\t", 2)
            ids.append(ident)
            means.append(float(mean))
            texts.append(text)
    sd: dict[str, float] = {}
    n_ratings: dict[str, int] = {}
    ratings = path / RATINGS
    if ratings.is_file():
        with ratings.open(encoding="latin-1", newline="") as fh:
            for rec in csv.reader(fh, delimiter="\t"):
                if len(rec) >= 4:
                    sd[rec[0]] = float(rec[2])
                    n_ratings[rec[0]] = len(ast.literal_eval(rec[3]))
    articles = coerce_articles(pd.DataFrame({
        "article_id": ids, "outlet": "nyt", "text": texts, "lang": "en",
        "source_file": [f"{truth.name}#{i}" for i in range(len(ids))]}))
    gold = pd.DataFrame({
        "article_id": pd.array(ids, dtype="string"),
        "start": pd.array([0] * len(ids), dtype="int64"),
        "end": pd.array([len(t) for t in texts], dtype="int64"),
        "mean": pd.array(means, dtype="float64"),
        "sd": pd.array([sd.get(i, float("nan")) for i in ids], dtype="float64"),
        "n_ratings": pd.array([n_ratings.get(i) for i in ids], dtype="Int64"),
    })
    gold["label"] = label_from_mean(gold["mean"])
    return articles, gold
