"""Readers for the two sentence-boundary benchmarks: GUM Wikinews and the Golden Rules.

``read_gum_sbd`` reads ``gum_wikinews/sbd_gold.json``: 24 Wikinews articles from the GUM
treebank (Zeldes 2017; text CC BY 2.5, annotation CC BY-NC-SA 4.0), each a list of
paragraphs, each a list of gold sentences. The article text is built exactly as::

    text = "\\n\\n".join(" ".join(sentences) for sentences in paragraphs)

(sentences of a paragraph joined with ONE space, paragraphs with ONE blank line; this is
also the ``text`` field stored in the file, and the reader checks that they agree).
Gold sentence offsets therefore come from the construction, not from a search.

``read_golden_rules`` reads ``golden_rules/english_golden_rules.json``: 48 English edge
cases from pySBD (Sadvilkar & Neumann 2020, MIT), each a text and its expected sentences.
Gold offsets come from searching each expected sentence in the text after the previous
one; a sentence that cannot be found gets null offsets.

Neither corpus may be copied into the repository: read them from ``../shared``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from newslib.schema import SENTENCE_COLUMNS, coerce_articles

__all__ = ["read_gum_sbd", "read_golden_rules"]

_GOLD_COLUMNS = {**SENTENCE_COLUMNS, "start": "Int64", "end": "Int64"}


def _resolve(path: str | Path, default_name: str) -> Path:
    p = Path(path)
    if p.is_dir():
        p = p / default_name
    if not p.is_file():
        raise FileNotFoundError(f"{p} not found; pass the {default_name} file or the folder "
                                "that holds it (../shared/benchmarks/...)")
    return p


def _table(rows: dict[str, list], columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(rows[name], dtype=dtype)
                         for name, dtype in columns.items()})


def read_gum_sbd(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the GUM Wikinews sentence-boundary gold standard.

    Parameters
    ----------
    path
        ``sbd_gold.json`` or the ``gum_wikinews`` folder holding it.

    Returns
    -------
    (articles, sentences)
        The articles table (``article_id`` = GUM document id, ``outlet`` = "Wikinews",
        ``title`` = first paragraph, ``url`` from the metadata) and the gold sentences
        table (:data:`newslib.schema.SENTENCE_COLUMNS`) with offsets into ``text``.
    """
    docs = json.loads(_resolve(path, "sbd_gold.json").read_text(encoding="utf-8"))
    arts: dict[str, list] = {"article_id": [], "outlet": [], "title": [], "text": [],
                             "url": [], "lang": [], "source_file": []}
    gold: dict[str, list] = {name: [] for name in _GOLD_COLUMNS}
    for doc in docs:
        doc_id = str(doc["doc_id"])
        pieces: list[str] = []
        pos = 0
        sid = 0
        for pid, paragraph in enumerate(doc["paragraphs"]):
            if pid:
                pieces.append("\n\n")
                pos += 2
            for k, sentence in enumerate(paragraph):
                if k:
                    pieces.append(" ")
                    pos += 1
                for name, value in (("article_id", doc_id), ("sentence_id", sid),
                                    ("paragraph_id", pid), ("start", pos),
                                    ("end", pos + len(sentence)), ("text", sentence)):
                    gold[name].append(value)
                pieces.append(sentence)
                pos += len(sentence)
                sid += 1
        text = "".join(pieces)
        stored = doc.get("text")
        if stored is not None and stored != text:
            raise ValueError(f"{doc_id}: stored text differs from the paragraphs joined "
                             "with ' ' and '\\n\\n'; the file format changed")
        meta = doc.get("meta") or {}
        arts["article_id"].append(doc_id)
        arts["outlet"].append("Wikinews")
        arts["title"].append(" ".join(doc["paragraphs"][0]) if doc["paragraphs"] else "")
        arts["text"].append(text)
        arts["url"].append(meta.get("sourceURL"))
        arts["lang"].append("en")
        arts["source_file"].append(f"sbd_gold.json#{doc_id}")
    return coerce_articles(pd.DataFrame(arts)), _table(gold, _GOLD_COLUMNS)


def read_golden_rules(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read pySBD's English Golden Rules.

    Parameters
    ----------
    path
        ``english_golden_rules.json`` or the ``golden_rules`` folder holding it.

    Returns
    -------
    (articles, sentences)
        One article per case (``article_id`` = ``"golden_<id>"``, ``title`` = the case
        name) and the expected sentences, in order, with offsets into the case text
        (null when a sentence is not found verbatim) and ``paragraph_id`` 0.
    """
    cases = json.loads(_resolve(path, "english_golden_rules.json").read_text(encoding="utf-8"))
    arts: dict[str, list] = {"article_id": [], "title": [], "text": [], "lang": [],
                             "source_file": []}
    gold: dict[str, list] = {name: [] for name in _GOLD_COLUMNS}
    for case in cases:
        art_id = f"golden_{case['id']}"
        text = case["text"]
        arts["article_id"].append(art_id)
        arts["title"].append(case.get("name", ""))
        arts["text"].append(text)
        arts["lang"].append("en")
        arts["source_file"].append(f"english_golden_rules.json#{case['id']}")
        pos = 0
        for sid, sentence in enumerate(case["sentences"]):
            found = text.find(sentence, pos)
            start = found if found >= 0 else None
            end = found + len(sentence) if found >= 0 else None
            if found >= 0:
                pos = found + len(sentence)
            for name, value in (("article_id", art_id), ("sentence_id", sid),
                                ("paragraph_id", 0), ("start", start), ("end", end),
                                ("text", sentence)):
                gold[name].append(value)
    return coerce_articles(pd.DataFrame(arts)), _table(gold, _GOLD_COLUMNS)
