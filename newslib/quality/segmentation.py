"""Quality (and speed) of :mod:`newslib.segment` beside pySBD and nupunkt.

Datasets (read by :mod:`newslib.datasets.sbd`):

``gum_wikinews``
    24 Wikinews articles; text = sentences joined with one space, paragraphs with
    ``"\\n\\n"``. Every splitter gets the whole article text. Scores, pooled over the
    documents (micro average):

    * ``boundary F1``: the set of sentence-end offsets (after stripping whitespace),
      without the end of the document, which every splitter gets for free;
    * ``boundary F1 inside paragraphs``: the same without paragraph ends, i.e. only the
      boundaries a splitter has to find from punctuation;
    * ``sentence F1``: a predicted sentence counts when its stripped span equals a gold
      sentence exactly.
``golden_rules``
    48 English edge cases from pySBD; a case passes when the predicted sentence list,
    each stripped of surrounding whitespace (empty ones dropped), equals the expected
    list. pySBD's authors publish 47/48.

Peers run as a user would call them: ``pysbd.Segmenter(language="en", clean=False,
char_span=True)`` and ``nupunkt.load_default_model().span_tokenize``. A peer that is not
installed is reported in the ``note`` column, not fatal.

Speed (:func:`measure_speed`, also ``python -m newslib.quality.segmentation --speed``):
sentences per second of each splitter on the same texts, single process, best of a few
repeats. It is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from newslib import segment
from newslib.datasets.sbd import read_golden_rules, read_gum_sbd
from newslib.quality import row
from newslib.quality.scorers import boundary_prf, prf

COMPONENT = "segmentation"

Splitter = Callable[[str], list[tuple[int, int]]]


def _stripped(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        piece = text[start:end]
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, start + lead + len(piece.strip())))
    return out


def peer_splitters() -> dict[str, Splitter | str]:
    """Splitters to compare: name -> function, or name -> reason it is unavailable."""
    peers: dict[str, Splitter | str] = {}
    try:
        import pysbd
    except ImportError as err:  # optional dev dependency
        peers["pysbd"] = f"not installed ({err})"
    else:
        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        peers["pysbd"] = lambda text: [(s.start, s.end) for s in seg.segment(text)]
    try:
        import nupunkt
    except ImportError as err:  # optional dev dependency
        peers["nupunkt"] = f"not installed ({err})"
    else:
        model = nupunkt.load_default_model()
        peers["nupunkt"] = lambda text: list(model.span_tokenize(text))
    return peers


def score_gum(split: Splitter, articles: pd.DataFrame,
              gold: pd.DataFrame) -> dict[str, float]:
    """Pooled boundary and sentence scores of ``split`` on the GUM gold standard."""
    counts = {"b": [0, 0, 0], "bi": [0, 0, 0], "s": [0, 0, 0]}
    by_doc = {k: g for k, g in gold.groupby("article_id", sort=False)}
    for art_id, text in zip(articles["article_id"], articles["text"], strict=True):
        g = by_doc[art_id]
        g_spans = list(zip(g["start"].astype(int), g["end"].astype(int), strict=True))
        g_para_ends = set(g.groupby("paragraph_id")["end"].max().astype(int))
        pred = _stripped(text, split(text))
        doc_end = len(text.rstrip())
        p_ends = {e for _, e in pred} - {doc_end}
        g_ends = {e for _, e in g_spans} - {doc_end}
        for key, p, gg in (("b", p_ends, g_ends),
                           ("bi", p_ends - g_para_ends, g_ends - g_para_ends)):
            r = boundary_prf(sorted(p), sorted(gg))
            counts[key][0] += r["tp"]
            counts[key][1] += r["fp"]
            counts[key][2] += r["fn"]
        ps, gs = set(pred), set(g_spans)
        counts["s"][0] += len(ps & gs)
        counts["s"][1] += len(ps - gs)
        counts["s"][2] += len(gs - ps)
    return {"boundary F1": prf(*counts["b"])["f1"],
            "boundary F1 inside paragraphs": prf(*counts["bi"])["f1"],
            "sentence F1": prf(*counts["s"])["f1"]}


def score_golden(split: Splitter, articles: pd.DataFrame,
                 gold: pd.DataFrame) -> tuple[int, list[str]]:
    """Number of Golden Rules cases passed by ``split``, and the ids of those failed."""
    expected = {k: [s.strip() for s in g.sort_values("sentence_id")["text"]]
                for k, g in gold.groupby("article_id", sort=False)}
    passed, failed = 0, []
    for art_id, text in zip(articles["article_id"], articles["text"], strict=True):
        got = [text[s:e].strip() for s, e in split(text)]
        got = [s for s in got if s]
        if got == expected.get(art_id, []):
            passed += 1
        else:
            failed.append(str(art_id))
    return passed, failed


def run(benchmarks: Path) -> list[dict]:
    """Rows of the quality table for sentence segmentation (see the module docstring)."""
    rows: list[dict] = []
    peers = peer_splitters()
    gum_dir = benchmarks / "gum_wikinews"
    if gum_dir.is_dir():
        arts, gold = read_gum_sbd(gum_dir)
        ours = score_gum(segment.split_text, arts, gold)
        theirs = {name: score_gum(fn, arts, gold) for name, fn in peers.items()
                  if callable(fn)}
        for metric, value in ours.items():
            for name, fn in peers.items():
                rows.append(row(COMPONENT, "gum_wikinews", metric, round(value, 4),
                                peer=name,
                                peer_value=round(theirs[name][metric], 4)
                                if callable(fn) else None,
                                note="" if callable(fn) else str(fn)))
    else:
        rows.append(row(COMPONENT, "gum_wikinews", "boundary F1", float("nan"),
                        note=f"{gum_dir} absent"))
    golden_dir = benchmarks / "golden_rules"
    if golden_dir.is_dir():
        arts, gold = read_golden_rules(golden_dir)
        ours, failed = score_golden(segment.split_text, arts, gold)
        for name, fn in peers.items():
            value = score_golden(fn, arts, gold)[0] if callable(fn) else None
            rows.append(row(COMPONENT, "golden_rules", f"cases passed of {len(arts)}", ours,
                            peer=name, peer_value=value,
                            published="pySBD 47/48" if name == "pysbd" else None,
                            note=("newslib fails: " + ", ".join(failed)) if failed
                            else ("" if callable(fn) else str(fn))))
    else:
        rows.append(row(COMPONENT, "golden_rules", "cases passed", float("nan"),
                        note=f"{golden_dir} absent"))
    return rows


def measure_speed(texts: Sequence[str], *, repeat: int = 3) -> pd.DataFrame:
    """Sentences per second of newslib, pySBD and nupunkt on the same ``texts``.

    Each splitter is warmed up on a short text that is not in ``texts`` (models loaded),
    then timed over all texts: ``cold_sentences_per_s`` is the first pass (no decision
    memoised yet: what a new corpus sees), ``warm_sentences_per_s`` the best of
    ``repeat`` further passes over the same texts (memos and caches full: newslib keeps
    Punkt decisions, nupunkt has caches of its own). One process, one core.
    """
    splitters: dict[str, Splitter | str] = {"newslib": segment.split_text,
                                            **peer_splitters()}
    records = []
    for name, fn in splitters.items():
        if not callable(fn):
            records.append({"splitter": name, "sentences": None,
                            "cold_sentences_per_s": None, "warm_sentences_per_s": None,
                            "note": fn})
            continue
        if name == "newslib":
            segment._tokenizer()._memo.clear()
        fn("Warm-up text. It is not timed.")
        times = []
        n = 0
        for _ in range(1 + max(repeat, 1)):
            t0 = time.perf_counter()
            n = sum(len(fn(t)) for t in texts)
            times.append(time.perf_counter() - t0)
        records.append({"splitter": name, "sentences": n,
                        "cold_sentences_per_s": round(n / times[0]),
                        "warm_sentences_per_s": round(n / min(times[1:])), "note": ""})
    return pd.DataFrame(records)


def _speed_texts(benchmarks: Path) -> list[str]:
    lee = benchmarks / "lee_abc" / "lee_background.cor"
    if lee.is_file():
        return [line for line in lee.read_text(encoding="utf-8").splitlines() if line]
    arts, _ = read_gum_sbd(benchmarks / "gum_wikinews")
    return list(arts["text"])


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newslib.quality.segmentation [--speed]``: print quality or speed."""
    parser = argparse.ArgumentParser(prog="python -m newslib.quality.segmentation")
    parser.add_argument("--speed", action="store_true",
                        help="measure sentences/s on lee_abc (or GUM) instead of quality")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from newslib import config
    from newslib.quality import to_markdown

    bench = config.benchmarks_dir()
    if bench is None:
        sys.stderr.write("../shared/benchmarks not found; set NEWSLIB_SHARED\n")
        return 2
    if args.speed:
        table = measure_speed(_speed_texts(bench), repeat=args.repeat)
    else:
        table = pd.DataFrame(run(bench))
    sys.stdout.write(to_markdown(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
