"""Reader for PolNeAR (Newell, Margolin & Ruths, LREC 2018): attribution relations in US
political news, brat standoff format.

Layout expected under ``path`` (the ``polnear`` folder of the shared benchmarks)::

    metadata.tsv                    one row per article (publisher, date, author, ...)
    <split>/text/<name>.txt         article text
    <split>/attributions/<name>_<annotator>.ann   brat standoff annotation

Every attribution (``E`` line) links a Cue, a Content and usually a Source text-bound
annotation (``T`` lines). Spans may be discontinuous (``"315 448;463 553"``) and an
attribution may have a second content (``Content2``); the reader keeps every fragment in
``*_fragments`` (``"315-448;463-553"``) and the enclosing span in ``*_start``/``*_end``.

Choice of annotator. Most articles have one ``.ann`` file; a few agreement articles have
one per annotator. :func:`read_polnear` keeps ONE file per article: the ``annotator`` you
pass when that annotator annotated the article, otherwise the first annotator in the
article's ``annotators`` list in ``metadata.tsv`` that has a file (the list is sorted by
id, so the rule is deterministic), otherwise the lexicographically first file.

The corpus carries no redistribution licence: read it from ``../shared``, never copy it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from newslib.schema import coerce_articles

__all__ = ["read_polnear", "ATTRIBUTION_COLUMNS"]

#: Columns of the gold attributions table returned by :func:`read_polnear`.
ATTRIBUTION_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "attribution_id": "string",
    "annotator": "string",
    "has_source": "bool",
    "source_start": "Int64",
    "source_end": "Int64",
    "source_text": "string",
    "source_fragments": "string",
    "cue_start": "Int64",
    "cue_end": "Int64",
    "cue_text": "string",
    "cue_fragments": "string",
    "content_start": "Int64",
    "content_end": "Int64",
    "content_text": "string",
    "content_fragments": "string",
}

_ANN_NAME = re.compile(r"^(?P<name>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")


def _read_metadata(path: Path) -> dict[str, dict[str, str]]:
    meta_path = path / "metadata.tsv"
    if not meta_path.is_file():
        return {}
    with meta_path.open(encoding="utf-8", newline="") as fh:
        return {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t")}


def _none(value: str | None) -> str | None:
    return None if value in (None, "", "None") else value


def _parse_ann(text: str) -> tuple[dict[str, tuple[str, list[tuple[int, int]]]],
                                   list[tuple[str, str, dict[str, list[str]]]]]:
    """Return text-bound annotations ``{Tid: (label, fragments)}`` and events."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[tuple[str, str, dict[str, list[str]]]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        fields = line.split("\t")
        ident = fields[0]
        if ident.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            frags = []
            for part in offsets.split(";"):
                a, b = part.split()
                frags.append((int(a), int(b)))
            spans[ident] = (label, frags)
        elif ident.startswith("E") and len(fields) >= 2:
            args = fields[1].split()
            trigger_label, _, _ = args[0].partition(":")
            roles: dict[str, list[str]] = {}
            for arg in args[1:]:
                role, _, target = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(target)
            events.append((ident, trigger_label, roles))
    return spans, events


def _pick_files(ann_dir: Path, meta: dict[str, dict[str, str]],
                annotator: str | None) -> dict[str, tuple[str, Path]]:
    by_name: dict[str, dict[str, Path]] = {}
    for f in sorted(ann_dir.glob("*.ann")):
        m = _ANN_NAME.match(f.name)
        if m:
            by_name.setdefault(m["name"], {})[m["annotator"]] = f
        else:
            by_name.setdefault(f.stem, {})[""] = f
    chosen: dict[str, tuple[str, Path]] = {}
    for name, files in by_name.items():
        if annotator is not None and annotator in files:
            chosen[name] = (annotator, files[annotator])
            continue
        listed = (meta.get(name, {}).get("annotators") or "").split("|")
        pick = next((a for a in listed if a in files), None) or sorted(files)[0]
        chosen[name] = (pick, files[pick])
    return chosen


def read_polnear(path: str | Path, split: str = "dev", *,
                 annotator: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read one split of PolNeAR into an articles table and a gold attributions table.

    Parameters
    ----------
    path
        The ``polnear`` folder (with ``metadata.tsv`` and one folder per split).
    split
        ``"train"``, ``"dev"``, ``"test"`` or ``"annotator-training"``.
    annotator
        Annotator id (e.g. ``"4b22"``) to prefer where an article has one file per
        annotator; by default the first annotator listed in ``metadata.tsv`` is used.

    Returns
    -------
    articles, attributions
        ``articles`` follows :data:`newslib.schema.ARTICLE_COLUMNS` (``article_id`` is the
        file name without extension, ``outlet`` the publisher code, ``credits`` the wire or
        credit field) plus ``split`` and ``annotator``. ``attributions`` has the columns of
        :data:`ATTRIBUTION_COLUMNS`, offsets into the article's ``text`` (spans of
        an attribution without a source have null source columns).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "dev" / "text").mkdir(parents=True)
    >>> (root / "dev" / "attributions").mkdir()
    >>> _ = (root / "dev" / "text" / "a.txt").write_text('He said: "Hi."', encoding="utf-8")
    >>> ann = ("T1\\tSource 0 2\\tHe\\nT2\\tCue 3 7\\tsaid\\nT3\\tContent 9 14\\t\\"Hi.\\"\\n"
    ...        "T4\\tAttribution 3 7\\tsaid\\nE1\\tAttribution:T4 Source:T1 Cue:T2 Content:T3\\n")
    >>> _ = (root / "dev" / "attributions" / "a_4b22.ann").write_text(ann, encoding="utf-8")
    >>> arts, gold = read_polnear(root, "dev")
    >>> text = arts.loc[0, "text"]
    >>> text[gold.loc[0, "content_start"]:gold.loc[0, "content_end"]]
    '"Hi."'
    >>> gold.loc[0, "source_text"], gold.loc[0, "annotator"]
    ('He', '4b22')
    """
    root = Path(path)
    split_dir = root / split
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(
            f"PolNeAR split {split!r} not found under {root}: expected {text_dir} and "
            f"{ann_dir}; pass the 'polnear' folder of ../shared/benchmarks and a split "
            "among train, dev, test")
    meta = _read_metadata(root)
    chosen = _pick_files(ann_dir, meta, annotator)
    art_rows, gold_rows = [], []
    for txt in sorted(text_dir.glob("*.txt")):
        name = txt.stem
        text = txt.read_text(encoding="utf-8")
        m = meta.get(name, {})
        ann_id, ann_path = chosen.get(name, (None, None))
        credit = _none(m.get("wire")) or _none(m.get("credit"))
        art_rows.append({
            "article_id": name, "outlet": _none(m.get("publisher")) or name.split("_")[0],
            "published": _none(m.get("publication_date")), "title": _none(m.get("title")),
            "text": text, "url": None, "byline": _none(m.get("author")), "credits": credit,
            "section": None, "lang": "en", "source_file": str(txt), "duplicate_of": None,
            "split": split, "annotator": ann_id,
        })
        if ann_path is None:
            continue
        spans, events = _parse_ann(ann_path.read_text(encoding="utf-8"))
        for ident, trigger, roles in events:
            rec: dict[str, object] = {"article_id": name, "attribution_id": ident,
                                      "annotator": ann_id,
                                      "has_source": trigger == "Attribution"}
            for role, key in (("Source", "source"), ("Cue", "cue"), ("Content", "content")):
                frags = sorted(f for t in roles.get(role, []) if t in spans
                               for f in spans[t][1])
                if frags:
                    start, end = min(a for a, _ in frags), max(b for _, b in frags)
                    rec[f"{key}_start"], rec[f"{key}_end"] = start, end
                    rec[f"{key}_text"] = " … ".join(text[a:b] for a, b in frags)
                    rec[f"{key}_fragments"] = ";".join(f"{a}-{b}" for a, b in frags)
            gold_rows.append(rec)
    articles = coerce_articles(pd.DataFrame(art_rows))
    gold = pd.DataFrame(gold_rows, columns=list(ATTRIBUTION_COLUMNS))
    gold = gold.astype(ATTRIBUTION_COLUMNS)
    return articles, gold.reset_index(drop=True)
