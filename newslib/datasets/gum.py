"""Reader for the Wikinews part of GUM (Georgetown University Multilayer corpus), CoNLL-U.

Layout expected under ``path``: ``*.conllu`` files (``gum_wikinews/conllu`` in the shared
benchmarks), one document each, with ``# newdoc id``, ``# newpar`` and ``# sent_id``
comments, Universal Dependencies columns and GUM's entity/coreference annotation in the
MISC column (``Entity=``, format declared by ``# global.Entity =
GRP-etype-infstat-salience-centering-minspan-link-identity``).

Text reconstruction. Each document's ``text`` is rebuilt from the surface tokens: tokens
are joined by one space unless MISC says ``SpaceAfter=No``, sentences of a paragraph by one
space, paragraphs by a blank line. Every token, sentence and entity mention carries
``start``/``end`` into that text. Words inside a multi-word token ("don't" = do + n't) get
their share of the surface span when their forms spell it, otherwise the whole span.

Entity mentions. ``Entity=`` holds openings ``(id-etype-infstat-salience-centering-
minspan-link[-identity]`` and closings ``id)``; a mention may open and close on one token.
``minspan`` lists the 1-based positions (within the mention) of its minimal span; the
reader reports the head word (the minimal-span word whose syntactic head lies outside
the minimal span) and its UPOS, so nominal mentions (NOUN/PROPN heads) can be told from
pronouns.

GUM is CC BY 2.5 (text) and stays in ``../shared``; nothing from it is copied here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newslib.schema import coerce_articles

__all__ = ["GUM", "read_gum", "parse_entity_field"]

_ENTITY_FIELDS = ("etype", "infstat", "salience", "centering", "minspan", "link", "identity")


@dataclass(frozen=True)
class GUM:
    """The tables of a GUM folder.

    Attributes
    ----------
    articles : DataFrame
        newslib articles table (``outlet`` = "Wikinews", ``title`` from the metadata).
    sentences : DataFrame
        ``article_id``, ``sentence_id``, ``paragraph_id``, ``start``, ``end``, ``text``.
    tokens : DataFrame
        One row per syntactic word: ``article_id``, ``sentence_id``, ``token_id`` (CoNLL-U
        ID, 1-based in the sentence), ``form``, ``lemma``, ``upos``, ``xpos``, ``feats``,
        ``head`` (0 = root), ``deprel``, ``misc``, ``start``, ``end``.
    entities : DataFrame
        One row per entity mention: ``article_id``, ``entity_id`` (``doc:number``),
        ``etype``, ``infstat``, ``sentence_id``, ``first_token``, ``last_token``,
        ``start``, ``end``, ``text``, ``head_token``, ``head_text``, ``head_upos``,
        ``identity`` (Wikipedia name or empty).
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    entities: pd.DataFrame


def parse_entity_field(value: str) -> list[tuple[str, str, dict[str, str]]]:
    """Parse one ``Entity=`` value into events ``("open"|"close"|"single", id, attrs)``.

    Examples
    --------
    >>> parse_entity_field("(1-event-new-snsnn-cf2-2-sgl(2-abstract-new-snsnn-cf5-1-coref)")
    ... # doctest: +NORMALIZE_WHITESPACE
    [('open', '1', {'etype': 'event', 'infstat': 'new', 'salience': 'snsnn',
      'centering': 'cf2', 'minspan': '2', 'link': 'sgl', 'identity': ''}),
     ('single', '2', {'etype': 'abstract', 'infstat': 'new', 'salience': 'snsnn',
      'centering': 'cf5', 'minspan': '1', 'link': 'coref', 'identity': ''})]
    >>> parse_entity_field("14)13)")
    [('close', '14', {}), ('close', '13', {})]
    """
    events = []
    i, n = 0, len(value)
    while i < n:
        if value[i] == "(":
            j = i + 1
            while j < n and value[j] not in "()":
                j += 1
            body = value[i + 1:j]
            parts = body.split("-")
            attrs = dict(zip(_ENTITY_FIELDS, parts[1:7], strict=False))
            attrs["identity"] = "-".join(parts[7:])
            for key in _ENTITY_FIELDS:
                attrs.setdefault(key, "")
            kind = "open"
            if j < n and value[j] == ")":
                kind = "single"
                j += 1
            events.append((kind, parts[0], attrs))
            i = j
        else:
            m = re.match(r"(\d+)\)", value[i:])
            if not m:
                raise ValueError(f"cannot parse Entity field {value!r} at {value[i:]!r}")
            events.append(("close", m.group(1), {}))
            i += m.end()
    return events


def _misc(misc: str) -> dict[str, str]:
    out = {}
    if misc and misc != "_":
        for part in misc.split("|"):
            key, _, val = part.partition("=")
            out[key] = val
    return out


def _read_doc(path: Path) -> tuple[dict, list[dict], list[dict], list[dict]]:
    """Parse one CoNLL-U file; returns (article, sentences, tokens, entities)."""
    meta: dict[str, str] = {}
    pieces: list[str] = []      # text pieces
    pos = 0                     # current length of the text
    sentences: list[dict] = []
    tokens: list[dict] = []
    entities: list[dict] = []
    doc_id = path.stem
    sent_idx = -1
    par_idx = -1
    new_par = False
    open_stack: dict[str, list[dict]] = {}

    def emit(s: str) -> None:
        nonlocal pos
        pieces.append(s)
        pos += len(s)

    with open(path, encoding="utf-8") as fh:
        blocks = fh.read().split("\n\n")
    for block in blocks:
        lines = [ln for ln in block.split("\n") if ln]
        if not lines:
            continue
        comments = [ln for ln in lines if ln.startswith("#")]
        rows = [ln.split("\t") for ln in lines if not ln.startswith("#")]
        for c in comments:
            key, _, val = c[1:].strip().partition(" = ")
            key = key.strip()
            if key == "newdoc id":
                doc_id = val.strip()
            elif key.startswith("meta::"):
                meta[key[6:]] = val
            elif key == "newpar" or key.startswith("newpar"):
                new_par = True
        if not rows:
            continue
        sent_idx += 1
        if new_par or par_idx < 0:
            par_idx += 1
            if pos:
                emit("\n\n")
        elif pos:
            emit(" ")
        new_par = False
        s_start = pos
        mwt_end = 0
        mwt_span: tuple[int, int] | None = None
        mwt_words: list[str] = []
        mwt_form = ""
        surface_after = True
        sent_tokens: list[dict] = []
        i = 0
        while i < len(rows):
            cols = rows[i]
            tid = cols[0]
            if "-" in tid:  # multi-word token line
                a, b = (int(x) for x in tid.split("-"))
                mwt_end = b
                mwt_form = cols[1]
                t0 = pos
                emit(mwt_form)
                mwt_span = (t0, pos)
                mwt_words = [r[1] for r in rows[i + 1:i + 1 + (b - a + 1)]]
                if "SpaceAfter=No" not in cols[9]:
                    emit(" ")
                cursor = t0
                joined = "".join(mwt_words)
                for k in range(b - a + 1):
                    w = rows[i + 1 + k]
                    if joined == mwt_form:
                        ws, we = cursor, cursor + len(w[1])
                        cursor = we
                    else:
                        ws, we = mwt_span
                    sent_tokens.append(_token(doc_id, sent_idx, w, ws, we))
                i += 1 + (b - a + 1)
                continue
            if "." in tid:  # empty node
                i += 1
                continue
            t0 = pos
            emit(cols[1])
            surface_after = "SpaceAfter=No" not in cols[9]
            if surface_after:
                emit(" ")
            sent_tokens.append(_token(doc_id, sent_idx, cols, t0, t0 + len(cols[1])))
            i += 1
        del mwt_end, mwt_words, surface_after
        # strip the trailing space of the sentence
        if pieces and pieces[-1] == " ":
            pieces.pop()
            pos -= 1
        sentences.append({"article_id": doc_id, "sentence_id": sent_idx,
                          "paragraph_id": par_idx, "start": s_start, "end": pos})
        tokens.extend(sent_tokens)
        # entities
        by_id = {t["token_id"]: t for t in sent_tokens}
        for t in sent_tokens:
            ent = _misc(t["misc"]).get("Entity")
            if not ent:
                continue
            for kind, eid, attrs in parse_entity_field(ent):
                if kind in ("open", "single"):
                    rec = {"eid": eid, "attrs": attrs, "first": t["token_id"],
                           "sentence_id": sent_idx}
                    if kind == "single":
                        entities.append(_entity(doc_id, rec, t["token_id"], by_id))
                    else:
                        open_stack.setdefault(eid, []).append(rec)
                else:
                    stack = open_stack.get(eid)
                    if not stack:
                        raise ValueError(f"{path}: entity {eid} closes without opening")
                    rec = stack.pop()
                    if rec["sentence_id"] != sent_idx:
                        raise ValueError(f"{path}: entity {eid} spans sentences")
                    entities.append(_entity(doc_id, rec, t["token_id"], by_id))
    text = "".join(pieces)
    for s in sentences:
        s["text"] = text[s["start"]:s["end"]]
    for e in entities:
        e["text"] = text[e["start"]:e["end"]]
    article = {"article_id": doc_id, "outlet": "Wikinews", "title": meta.get("title"),
               "text": text, "url": meta.get("sourceURL"),
               "published": meta.get("dateCreated"), "byline": meta.get("author"),
               "lang": "en", "source_file": str(path)}
    return article, sentences, tokens, entities


def _token(doc_id: str, sent_idx: int, cols: list[str], start: int, end: int) -> dict:
    return {"article_id": doc_id, "sentence_id": sent_idx, "token_id": int(cols[0]),
            "form": cols[1], "lemma": cols[2], "upos": cols[3], "xpos": cols[4],
            "feats": cols[5], "head": int(cols[6]) if cols[6].isdigit() else -1,
            "deprel": cols[7], "misc": cols[9], "start": start, "end": end}


def _entity(doc_id: str, rec: dict, last: int, by_id: dict[int, dict]) -> dict:
    first = rec["first"]
    ids = [i for i in range(first, last + 1) if i in by_id]
    attrs = rec["attrs"]
    positions = [int(x) for x in re.findall(r"\d+", attrs.get("minspan", ""))]
    mins = [ids[p - 1] for p in positions if 0 < p <= len(ids)] or ids
    inside = set(mins)
    heads = [i for i in mins if by_id[i]["head"] not in inside] or mins
    head = heads[0]
    return {"article_id": doc_id, "entity_id": f"{doc_id}:{rec['eid']}",
            "etype": attrs.get("etype", ""), "infstat": attrs.get("infstat", ""),
            "sentence_id": rec["sentence_id"], "first_token": first, "last_token": last,
            "start": by_id[first]["start"], "end": by_id[last]["end"],
            "head_token": head, "head_text": by_id[head]["form"],
            "head_upos": by_id[head]["upos"], "identity": attrs.get("identity", "")}


def read_gum(path: str | Path) -> GUM:
    """Read every ``*.conllu`` file under ``path`` into newslib tables.

    Parameters
    ----------
    path : str or Path
        Folder with GUM CoNLL-U files (e.g. ``benchmarks/gum_wikinews/conllu``) or one file.

    Returns
    -------
    GUM
        ``articles``, ``sentences``, ``tokens``, ``entities`` tables with offsets into the
        reconstructed ``articles.text``.
    """
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.glob("*.conllu"))
    if not files:
        raise FileNotFoundError(f"no .conllu files under {path}; pass the gum_wikinews/conllu "
                                f"folder of the shared benchmarks")
    arts, sents, toks, ents = [], [], [], []
    for f in files:
        a, s, t, e = _read_doc(f)
        arts.append(a)
        sents += s
        toks += t
        ents += e
    articles = coerce_articles(pd.DataFrame(arts))
    sentences = pd.DataFrame(sents, columns=["article_id", "sentence_id", "paragraph_id",
                                             "start", "end", "text"])
    tokens = pd.DataFrame(toks)
    entities = pd.DataFrame(ents, columns=["article_id", "entity_id", "etype", "infstat",
                                           "sentence_id", "first_token", "last_token", "start",
                                           "end", "text", "head_token", "head_text",
                                           "head_upos", "identity"])
    for df in (sentences, tokens, entities):
        for c in df.columns:
            if df[c].dtype == object:
                df[c] = df[c].astype("string")
    return GUM(articles=articles, sentences=sentences, tokens=tokens, entities=entities)
