"""Reader for NewsMTSC (Hamborg & Donnay, EACL 2021): sentiment toward a named person in
news sentences, MIT licence.

Each JSONL line is one sentence (``sentence_normalized``) with one or more ``targets``:
character offsets ``from``/``to`` (end-exclusive, although the dataset README calls ``to``
"the last character") of a mention, and ``polarity`` 2.0 / 4.0 / 6.0 for negative /
neutral / positive sentiment *toward that target*. The reader returns each sentence as a
one-sentence "article" and one row per target with offsets into that text.

Grouping for cross-validation: a few sentences occur in more than one line (under
different ``primary_gid``), so the targets table carries ``sentence_group``, an integer
that is equal for identical sentence texts; use it as the CV group so that no sentence is in
both a training and a test fold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from newslib.schema import coerce_articles

__all__ = ["read_newsmtsc", "POLARITY_LABELS", "TARGET_COLUMNS"]

#: NewsMTSC polarity code -> newslib label.
POLARITY_LABELS: dict[float, str] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}

#: Columns of the targets table returned by :func:`read_newsmtsc`.
TARGET_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "target_id": "string",
    "start": "int64",
    "end": "int64",
    "mention": "string",
    "polarity": "float64",
    "label": "string",
    "sentence_group": "int64",
}


def read_newsmtsc(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a NewsMTSC JSONL split into an articles table and a targets table.

    Parameters
    ----------
    path
        A ``.jsonl`` file (e.g. ``newsmtsc/train.jsonl``) or the ``newsmtsc`` folder, in
        which case ``train.jsonl`` is read.

    Returns
    -------
    articles, targets
        ``articles``: one row per sentence (``article_id`` is the ``primary_gid``).
        ``targets``: :data:`TARGET_COLUMNS`, one row per target, ``text[start:end]`` equal
        to ``mention``.

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.jsonl"
    >>> rec = {"primary_gid": "s1", "sentence_normalized": "Ann won.",
    ...        "targets": [{"Input.gid": "t1", "from": 0, "to": 3, "mention": "Ann",
    ...                     "polarity": 6.0}]}
    >>> _ = f.write_text(json.dumps(rec) + "\\n", encoding="utf-8")
    >>> arts, targets = read_newsmtsc(f)
    >>> targets.loc[0, "label"], int(targets.loc[0, "end"])
    ('positive', 3)
    """
    path = Path(path)
    if path.is_dir():
        path = path / "train.jsonl"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} not found; pass newsmtsc/train.jsonl from the shared benchmarks "
            "(newslib.config.benchmarks_dir() / 'newsmtsc' / 'train.jsonl')")
    ids: list[str] = []
    texts: list[str] = []
    rows: list[dict] = []
    groups: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh):
            if not line.strip():
                continue
            rec = json.loads(line)
            aid = str(rec.get("primary_gid", lineno))
            text = rec["sentence_normalized"]
            group = groups.setdefault(text, len(groups))
            ids.append(aid)
            texts.append(text)
            for t in rec["targets"]:
                pol = float(t["polarity"])
                rows.append({"article_id": aid, "target_id": str(t.get("Input.gid", "")),
                             "start": int(t["from"]), "end": int(t["to"]),
                             "mention": t.get("mention", text[t["from"]:t["to"]]),
                             "polarity": pol, "label": POLARITY_LABELS.get(pol),
                             "sentence_group": group})
    articles = coerce_articles(pd.DataFrame({
        "article_id": ids, "text": texts, "lang": "en",
        "source_file": [f"{path.name}#{i}" for i in range(len(ids))]}))
    targets = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    targets = targets.astype(TARGET_COLUMNS)
    return articles, targets
