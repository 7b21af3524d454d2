"""Quality of :mod:`newslib.framing` on real annotated news.

``gum_wikinews`` (read by :mod:`newslib.datasets.gum`)
    * Passive clauses (point 7). Gold passive clause = a word with an ``aux:pass``
      dependent (its participle); it names an agent when it also has an ``obl:agent``
      dependent. A predicted clause matches a gold one when its participle has the same
      character span. Scores: precision/recall/F1 of passive clauses, and accuracy of
      agent-present vs agentless over the matched clauses. Caveat: the rules were
      written while looking at GUM's errors, so these figures are optimistic for
      unseen text.
    * Label discovery (point 3). For every entity whose mentions have at least two
      distinct nominal heads (NOUN/PROPN), the head of its first mention is the seed;
      recall@k = share of the other distinct heads found among the last words of the top
      ``k`` suggestions of :class:`newslib.framing.LabelSuggester` fitted on the 24
      articles (``min_count=1``), once with the default (phrases containing the seed
      left out) and once with ``include_variants=True``. Peer: ranking candidates by
      frequency.
``quote_labels`` (``tests/fixtures/framing/quote_labels.tsv``)
    Short quoted spans (1-4 words, plus a few longer) from PolNeAR and BASIL articles,
    labelled by hand (scare, partial, full, name) and stored as references (file,
    paragraph, offsets). Precision and recall of ``scare`` and of ``partial``. Caveat:
    the same set was used to refine the rules (in-sample).
``quote_labels_heldout`` (``tests/fixtures/framing/quote_labels_heldout.tsv``)
    54 more spans sampled and labelled the same way AFTER the rules were fixed, and not
    used to change them: the honest figure (but only 5 scare quotes in it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from newslib import config
from newslib.datasets.gum import GUM, read_gum
from newslib.framing import LabelSuggester, find_passives, find_scare_quotes
from newslib.quality import row
from newslib.quality.scorers import prf

COMPONENT = "framing"
QUOTE_LABELS = config.PROJECT_ROOT / "tests" / "fixtures" / "framing" / "quote_labels.tsv"
QUOTE_LABELS_HELDOUT = QUOTE_LABELS.with_name("quote_labels_heldout.tsv")


def gold_passives(gum: GUM) -> pd.DataFrame:
    """Gold passive clauses of GUM: participle offsets and whether an agent is named."""
    tk = gum.tokens
    key = ["article_id", "sentence_id"]
    aux = tk[tk["deprel"] == "aux:pass"][[*key, "head"]].drop_duplicates()
    heads = aux.merge(tk, left_on=[*key, "head"], right_on=[*key, "token_id"])
    agents = (tk[tk["deprel"] == "obl:agent"][[*key, "head"]].drop_duplicates()
              .rename(columns={"head": "token_id"}).assign(has_agent=True))
    heads = heads.drop(columns=["head_x", "head_y"], errors="ignore")
    heads = heads.merge(agents, on=[*key, "token_id"], how="left")
    heads["has_agent"] = heads["has_agent"].fillna(False).astype(bool)
    return heads[["article_id", "start", "end", "form", "has_agent"]].reset_index(drop=True)


def evaluate_passives(gum: GUM) -> dict[str, float]:
    """Passive-clause P/R/F1 and agent accuracy of :func:`find_passives` on GUM."""
    gold = gold_passives(gum)
    pred = find_passives(gum.articles, sentences=gum.sentences)
    g = {(a, s, e): ag for a, s, e, ag in zip(gold["article_id"], gold["start"], gold["end"],
                                             gold["has_agent"], strict=True)}
    p = {(a, s, e): ag for a, s, e, ag in zip(pred["article_id"], pred["verb_start"],
                                             pred["verb_end"], pred["has_agent"], strict=True)}
    tp = set(g) & set(p)
    scores = prf(len(tp), len(p) - len(tp), len(g) - len(tp))
    scores["agent_accuracy"] = (sum(g[k] == p[k] for k in tp) / len(tp)) if tp else 0.0
    scores["n_gold"] = len(g)
    scores["n_gold_agent"] = int(sum(g.values()))
    return scores


def evaluate_label_discovery(gum: GUM, *, k: int = 20,
                             include_variants: bool = False) -> dict[str, float]:
    """Recall@k of coreferent nominal heads among label suggestions (see module doc)."""
    ents = gum.entities
    nom = ents[ents["head_upos"].isin(["NOUN", "PROPN"])].copy()
    nom["h"] = nom["head_text"].str.lower()
    chains = []
    for _, grp in nom.sort_values(["article_id", "start"]).groupby("entity_id", sort=True):
        heads = list(dict.fromkeys(grp["h"]))
        if len(heads) >= 2:
            chains.append(heads)
    sug = LabelSuggester(min_count=1).fit(gum.articles)
    by_freq = sorted(sug.candidates_, key=lambda c: (-sug.counts_[c], c))
    found = base = total = used = 0
    for heads in chains:
        seed, others = heads[0], heads[1:]
        if (seed,) not in sug.index_:
            continue
        used += 1
        s = sug.suggest(seed, top=k, include_variants=include_variants)
        last = {c.split()[-1] for c in s["candidate"]}
        found += sum(o in last for o in others)
        top_freq = {c[-1] for c in [c for c in by_freq if c != (seed,)][:k]}
        base += sum(o in top_freq for o in others)
        total += len(others)
    return {"recall": found / total if total else 0.0,
            "baseline_recall": base / total if total else 0.0,
            "entities": used, "targets": total}


def _quote_unit(benchmarks: Path, source: str, paragraph: int) -> str:
    path = benchmarks / source
    if source.startswith("basil/"):
        with open(path, encoding="utf-8") as fh:
            para = json.load(fh)["body-paragraphs"][int(paragraph)]
        return para if isinstance(para, str) else " ".join(para)
    return path.read_text(encoding="utf-8")


def load_quote_labels(benchmarks: Path, path: Path = QUOTE_LABELS) -> pd.DataFrame:
    """The labelled quote set with the text of each unit (an article or a BASIL
    paragraph, its sentences joined by one space) loaded from ``benchmarks``."""
    labels = pd.read_csv(path, sep="\t", dtype={"source": str, "label": str})
    units = labels[["source", "paragraph"]].drop_duplicates()
    units = units.assign(
        article_id=[f"{s}#{p}" for s, p in zip(units["source"], units["paragraph"],
                                               strict=True)],
        text=[_quote_unit(benchmarks, s, p) for s, p in zip(units["source"],
                                                            units["paragraph"], strict=True)])
    return labels.merge(units, on=["source", "paragraph"])


def evaluate_scare_quotes(benchmarks: Path, path: Path = QUOTE_LABELS) -> dict[str, dict]:
    """Precision/recall per kind of :func:`find_scare_quotes` on the labelled quote set."""
    labels = load_quote_labels(benchmarks, path)
    arts = labels[["article_id", "text"]].drop_duplicates("article_id")
    pred = find_scare_quotes(arts)
    kinds = {(a, s, e): k for a, s, e, k in zip(pred["article_id"], pred["start"],
                                               pred["end"], pred["kind"], strict=True)}
    got = [kinds.get((a, s, e), "none") for a, s, e in zip(
        labels["article_id"], labels["start"], labels["end"], strict=True)]
    gold = labels["label"].tolist()
    out = {}
    for kind in ("scare", "partial", "full", "name"):
        tp = sum(g == kind and p == kind for g, p in zip(gold, got, strict=True))
        out[kind] = prf(tp, got.count(kind) - tp, gold.count(kind) - tp)
    out["n"] = len(gold)
    return out


def run(benchmarks: Path) -> list[dict]:
    """Rows of the quality table for the framing component."""
    rows = []
    gum_dir = benchmarks / "gum_wikinews" / "conllu"
    if gum_dir.is_dir():
        gum = read_gum(gum_dir)
        ps = evaluate_passives(gum)
        note = (f"{ps['n_gold']} gold passive clauses ({ps['n_gold_agent']} with agent); "
                "rules refined on GUM errors: optimistic")
        rows.append(row(COMPONENT, "gum_wikinews", "passive clause F1", ps["f1"], note=note))
        rows.append(row(COMPONENT, "gum_wikinews", "passive clause precision",
                        ps["precision"]))
        rows.append(row(COMPONENT, "gum_wikinews", "passive clause recall", ps["recall"]))
        rows.append(row(COMPONENT, "gum_wikinews", "agent present vs agentless accuracy",
                        ps["agent_accuracy"], note="over matched passive clauses"))
        for variants in (False, True):
            ld = evaluate_label_discovery(gum, k=20, include_variants=variants)
            metric = "label discovery recall@20 (coref heads)" + (
                ", phrases containing the seed allowed" if variants else "")
            rows.append(row(COMPONENT, "gum_wikinews", metric, ld["recall"],
                            peer="frequency ranking", peer_value=ld["baseline_recall"],
                            note=f"{ld['entities']} entities, {ld['targets']} other heads"))
    else:
        rows.append(row(COMPONENT, "gum_wikinews", "not measured", float("nan"),
                        note=f"{gum_dir} is absent"))
    if QUOTE_LABELS.exists() and (benchmarks / "polnear").is_dir():
        for name, path, how in (("quote_labels", QUOTE_LABELS, "in-sample (rules refined)"),
                                ("quote_labels_heldout", QUOTE_LABELS_HELDOUT, "held-out")):
            if not path.exists():
                continue
            sq = evaluate_scare_quotes(benchmarks, path)
            for kind in ("scare", "partial"):
                note = (f"{sq['n']} hand-labelled spans from PolNeAR/BASIL, "
                        f"{sq[kind]['tp'] + sq[kind]['fn']} {kind}; {how}")
                rows.append(row(COMPONENT, name, f"{kind} quote precision",
                                sq[kind]["precision"], note=note))
                rows.append(row(COMPONENT, name, f"{kind} quote recall",
                                sq[kind]["recall"], note=note))
    else:
        rows.append(row(COMPONENT, "quote_labels", "not measured", float("nan"),
                        note="tests/fixtures/framing/quote_labels.tsv or polnear absent"))
    return rows


if __name__ == "__main__":
    import sys

    bench = config.benchmarks_dir()
    if bench is None:
        sys.exit("../shared/benchmarks is absent; set NEWSLIB_SHARED")
    table = pd.DataFrame(run(bench))
    sys.stdout.write(table[["dataset", "metric", "newslib", "peer_value", "note"]]
                     .to_string(index=False) + "\n")
