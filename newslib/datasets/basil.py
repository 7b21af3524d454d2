"""Reader for BASIL (Fan et al., EMNLP 2019): 100 events x 3 outlets (NYT, Fox News,
HuffPost), with lexical and informational bias spans, their target and polarity, and
whether a span is (part of) a quotation with its speaker.

Layout expected under ``path`` (the ``basil`` folder of the shared benchmarks)::

    articles/<year>/<triplet-uuid>_<n>.json         title, source, date, url,
                                                     body-paragraphs (list of lists of
                                                     sentences), main-entities, main-event
    annotations/<year>/<triplet-uuid>_<n>_ann.json  phrase-level-annotations (start/end
                                                     into ONE sentence, txt, bias, quote,
                                                     speaker, target, polarity, aim) and
                                                     article-level-annotations

The article ``text`` is rebuilt as paragraphs separated by a blank line, the sentences of a
paragraph joined by one space. BASIL's span offsets are relative to a sentence; the reader
finds the sentence where ``sentence[start:end] == txt`` (the first unused one when several
match) and converts the offsets to ``text`` offsets. Spans that sit in the headline get
``field == "title"`` and offsets into ``title``.

The corpus carries no redistribution licence: read it from ``../shared``, never copy it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from newslib.schema import coerce_articles

__all__ = ["read_basil", "SPAN_COLUMNS"]

#: Columns of the BASIL span table returned by :func:`read_basil`.
SPAN_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "span_id": "string",
    "field": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "bias": "string",
    "is_quote": "bool",
    "speaker": "string",
    "target": "string",
    "polarity": "string",
    "aim": "string",
}

_OUTLETS = {"nyt": "New York Times", "fox": "Fox News", "hpo": "HuffPost"}


def read_basil(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read BASIL into an articles table and a tidy table of annotated spans.

    Parameters
    ----------
    path
        The ``basil`` folder (with ``articles/`` and ``annotations/``).

    Returns
    -------
    articles, spans
        ``articles`` follows :data:`newslib.schema.ARTICLE_COLUMNS` (``article_id`` is
        ``<triplet-uuid>_<n>``, ``outlet`` the outlet name, ``credits`` empty) plus
        ``event_id`` (triplet uuid shared by the three outlets' stories of one event),
        ``main_event``, ``main_entities`` ("; "-joined) and the article-level stance
        labels ``relative_stance`` and ``author_feeling_main_event``. ``spans`` has the
        columns of :data:`SPAN_COLUMNS`: ``bias`` ("lex" or "inf"), ``is_quote``,
        ``speaker`` (a name such as ``Donald_Trump`` or ``other_pro`` / ``other_anti`` /
        ``other_neutral``; empty when not a quote), ``target``, ``polarity``, ``aim``.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "articles" / "2016").mkdir(parents=True)
    >>> (root / "annotations" / "2016").mkdir(parents=True)
    >>> art = {"title": "T", "source": "nyt", "date": "2016-09-28", "url": "u",
    ...        "triplet-uuid": "e1", "main-event": "ev", "main-entities": ["X"],
    ...        "body-paragraphs": [["First one.", "He said: “Go.”"], ["Last."]]}
    >>> ann = {"article-level-annotations": {"relative_stance": "center"},
    ...        "phrase-level-annotations": [{"id": "p1", "start": 9, "end": 14, "txt": "“Go.”",
    ...         "bias": "inf", "quote": "yes", "speaker": "X", "target": "Y",
    ...         "polarity": "pos", "aim": "dir"}]}
    >>> _ = (root / "articles" / "2016" / "e1_1.json").write_text(json.dumps(art))
    >>> _ = (root / "annotations" / "2016" / "e1_1_ann.json").write_text(json.dumps(ann))
    >>> arts, spans = read_basil(root)
    >>> t = arts.loc[0, "text"]; t[spans.loc[0, "start"]:spans.loc[0, "end"]]
    '“Go.”'
    >>> arts.loc[0, "outlet"], bool(spans.loc[0, "is_quote"])
    ('New York Times', True)
    """
    root = Path(path)
    art_dir, ann_dir = root / "articles", root / "annotations"
    if not art_dir.is_dir():
        raise FileNotFoundError(f"BASIL articles not found under {root}: expected {art_dir}; "
                                "pass the 'basil' folder of ../shared/benchmarks")
    art_rows, span_rows = [], []
    for f in sorted(art_dir.glob("*/*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        aid = f.stem
        paras = data.get("body-paragraphs") or []
        parts: list[str] = []
        sent_spans: list[tuple[int, int]] = []
        pos = 0
        for pi, para in enumerate(paras):
            if pi:
                parts.append("\n\n")
                pos += 2
            for si, sent in enumerate(para):
                if si:
                    parts.append(" ")
                    pos += 1
                parts.append(sent)
                sent_spans.append((pos, pos + len(sent)))
                pos += len(sent)
        text = "".join(parts)
        ann_path = ann_dir / f.parent.name / f"{aid}_ann.json"
        ann = json.loads(ann_path.read_text(encoding="utf-8")) if ann_path.is_file() else {}
        doc = ann.get("article-level-annotations") or {}
        source = str(data.get("source", ""))
        art_rows.append({
            "article_id": aid, "outlet": _OUTLETS.get(source.lower(), source),
            "published": data.get("date"), "title": data.get("title"), "text": text,
            "url": data.get("url"), "byline": None, "credits": None, "section": None,
            "lang": "en", "source_file": str(f), "duplicate_of": None,
            "event_id": data.get("triplet-uuid"), "main_event": data.get("main-event"),
            "main_entities": "; ".join(data.get("main-entities") or []),
            "relative_stance": doc.get("relative_stance"),
            "author_feeling_main_event": doc.get("author_feeling_main_event"),
        })
        title = data.get("title") or ""
        used: set[tuple[int, int]] = set()
        for p in ann.get("phrase-level-annotations") or []:
            s, e, txt = int(p["start"]), int(p["end"]), p.get("txt", "")
            field_name, start, end = None, None, None
            hits = [a for a, b in sent_spans if text[a + s:a + e] == txt and a + e <= b]
            free = [a for a in hits if (a + s, a + e) not in used]
            if hits:
                a = (free or hits)[0]
                field_name, start, end = "text", a + s, a + e
                used.add((start, end))
            elif title[s:e] == txt:
                field_name, start, end = "title", s, e
            span_rows.append({
                "article_id": aid, "span_id": p.get("id"), "field": field_name,
                "start": start, "end": end, "text": txt, "bias": p.get("bias"),
                "is_quote": p.get("quote") == "yes", "speaker": p.get("speaker") or None,
                "target": p.get("target") or None, "polarity": p.get("polarity") or None,
                "aim": p.get("aim") or None,
            })
    articles = coerce_articles(pd.DataFrame(art_rows))
    spans = pd.DataFrame(span_rows, columns=list(SPAN_COLUMNS)).astype(SPAN_COLUMNS)
    return articles, spans
