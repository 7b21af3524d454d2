"""Speed and memory of newslib, measured side by side with the peers in one run.

Run ``make bench`` (``python -m newslib.bench``); ``--quick`` uses small sizes (a smoke test
of a minute or so). It builds a synthetic corpus by repeating real articles
(``../shared/benchmarks/polnear`` train texts, else ``lee_abc`` lines, else the shipped seed
article) under new ids, prints every figure with its ratio against the peer and the target,
and writes them with the machine's core count and the library versions to
``reports/bench.json``.

Measures (full-mode sizes; targets from the project's scale issue)

``sentence_sentiment``
    Sentences per second of newslib's sentence sentiment against NLTK's
    ``SentimentIntensityAnalyzer`` on the same sentences (target: at least 2.5 times
    faster), with the agreement of the compound scores (largest absolute difference, share
    identical to four decimals). The sentences are distinct texts (newslib scores a text
    repeated within a call once, which a repeated corpus would reward).
``pipeline``
    Time of the whole pipeline (clean, sentences, mentions, passives, scare quotes, quotes,
    sentence and actor sentiment) over the same articles as NLTK VADER alone, one
    ``polarity_scores`` call per article text (target: at most 2 times VADER's time). The
    cost of VADER per sentence (on newslib's sentences, splitting not counted) is given
    for information. Before each timed newslib run (and before the per-step timings)
    :func:`clear_caches` empties every cache keyed on a text, a name or a word, and the
    steps are warmed up on the shipped sample article only, so no timed run meets a text
    it has seen: the figure is what a first pass over new articles costs.
``dask``
    The pipeline through :func:`newslib.scale.map_articles` on
    :func:`newslib.scale.local_cluster` (a ``distributed.LocalCluster`` of two
    single-threaded worker processes), against the same function over the same Parquet
    batches in one process, with identical results checked (target: speed-up at least
    1.6). Cluster start-up and the warm-up are reported apart, not counted: the one
    process and each worker first analyse the same batch once; then each side runs
    ``repeats`` times (the one process before the cluster starts) and its best time
    counts.
``memory_convert``
    Peak resident memory of a process converting a 500 MB JSON Lines export into a Parquet
    corpus with :func:`newslib.corpus.convert_to_parquet` at its default batch size
    (target: under 1 GB). It runs alone, before ``memory_pipeline``.
``memory_pipeline``
    Peak resident memory of :func:`newslib.scale.run_pipeline` over a 100,000-article
    Parquet corpus batch by batch (target: under 2 GB). In full mode the batches run on two
    Dask worker processes (``run_pipeline(client=...)``, so the run fits in the time) and
    the figure is the peak of the RSS summed over every process (client, scheduler,
    nannies, workers); ``--pipeline-workers 1`` measures one process alone.
``explore``
    Time to count labels per outlet with evidence (:func:`newslib.framing.count_labels` on
    the mentions table the pipeline wrote) and show keyword in context
    (:func:`newslib.framing.keyword_in_context`) for one term over the 100,000 cleaned
    articles loaded in memory (target: under 2 s; loading is timed apart).

NLTK's VADER lexicon for the peer comes from ``shared/reference/nltk_data`` (the
``nltk.data.path`` is set here only); newslib itself never uses it. A measure whose newslib
component is missing is reported as "not available", never estimated.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from newslib import config, scale

__all__ = ["FULL", "QUICK", "Sizes", "main", "run_bench"]


@dataclass(frozen=True)
class Sizes:
    """How much data each measure uses."""

    sentences: int
    pipeline_articles: int
    dask_articles: int
    dask_batch: int
    jsonl_mb: float
    big_articles: int
    big_batch: int
    repeats: int


FULL = Sizes(sentences=50_000, pipeline_articles=840, dask_articles=2_400, dask_batch=100,
             jsonl_mb=500, big_articles=100_000, big_batch=1_000, repeats=2)
QUICK = Sizes(sentences=1_000, pipeline_articles=30, dask_articles=60, dask_batch=15,
              jsonl_mb=2, big_articles=300, big_batch=100, repeats=1)

#: The term shown in context by the ``explore`` measure.
KWIC_TERM = "protesters"
PIPELINE_STEPS: tuple[str, ...] = ("clean", *scale.DEFAULT_STEPS)


# --------------------------------------------------------------------------------------
# Source articles and the synthetic corpus
# --------------------------------------------------------------------------------------


def source_articles() -> tuple[pd.DataFrame, str]:
    """Real articles to repeat: PolNeAR train texts, else lee_abc lines, else the seed.

    Returns the raw (uncleaned) articles and a description of where they come from.
    """
    bench = config.benchmarks_dir()
    if bench is not None:
        folder = bench / "polnear" / "train" / "text"
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            rows = []
            for f in files:
                title, _, body = f.read_text(encoding="utf-8").partition("\n")
                rows.append({"outlet": f.name.split("_", 1)[0], "title": title.strip(),
                             "text": body.strip()})
            return pd.DataFrame(rows), f"polnear train ({len(files)} articles)"
        lee = bench / "lee_abc" / "lee_background.cor"
        if lee.is_file():
            lines = [ln.strip() for ln in lee.read_text(encoding="utf-8").splitlines()
                     if ln.strip()]
            return (pd.DataFrame({"outlet": "ABC", "title": "", "text": lines}),
                    f"lee_abc ({len(lines)} texts)")
    text = config.SAMPLE_CORPUS.read_text(encoding="utf-8")
    return (pd.DataFrame({"outlet": "TRT World", "title": "", "text": [text]}),
            "the seed article (../shared is absent)")


def repeat_articles(source: pd.DataFrame, n: int, *, start: int = 0) -> pd.DataFrame:
    """``n`` articles cycling through ``source`` with new ids ``bench-0000000``..."""
    idx = [(start + i) % len(source) for i in range(n)]
    out = source.iloc[idx].reset_index(drop=True)
    ids = [f"bench-{start + i:07d}" for i in range(n)]
    out.insert(0, "article_id", pd.array(ids, dtype="string"))
    for col in ("outlet", "title", "text"):
        out[col] = out[col].astype("string")
    return out


def _chunks(source: pd.DataFrame, n: int, size: int) -> Iterator[pd.DataFrame]:
    for first in range(0, n, size):
        yield repeat_articles(source, min(size, n - first), start=first)


def write_jsonl(source: pd.DataFrame, path: Path, megabytes: float) -> int:
    """Write a news-please-like JSON Lines export of about ``megabytes``; return rows."""
    limit = int(megabytes * 1024 * 1024)
    written = rows = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < limit:
            for r in repeat_articles(source, min(1_000, len(source) * 4), start=rows
                                     ).itertuples(index=False):
                line = json.dumps({"id": r.article_id, "title": r.title, "maintext": r.text,
                                   "source_domain": r.outlet,
                                   "date_publish": "2016-03-11 12:00:00"}) + "\n"
                fh.write(line)
                written += len(line.encode("utf-8"))
                rows += 1
                if written >= limit:
                    break
    return rows


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


def _result(measure: str, *, value: float | None = None, unit: str = "",
            peer: str | None = None, peer_value: float | None = None,
            ratio: float | None = None, ratio_means: str = "", target: str = "",
            passed: bool | None = None, status: str | None = None,
            **detail: Any) -> dict[str, Any]:
    if status is None:
        status = "pass" if passed else "fail" if passed is not None else "info"
    return {"measure": measure, "value": value, "unit": unit, "peer": peer,
            "peer_value": peer_value, "ratio": ratio, "ratio_means": ratio_means,
            "target": target, "status": status, "detail": detail}


def _not_available(measure: str, reason: str, target: str = "") -> dict[str, Any]:
    return _result(measure, target=target, status="not available", reason=reason)


def _failed(measure: str, exc: BaseException, target: str = "") -> dict[str, Any]:
    return _result(measure, target=target, status="error",
                   reason=f"{type(exc).__name__}: {exc}"[:500])


def _timed(func: Callable[[], Any], repeats: int = 1,
           before: Callable[[], Any] | None = None) -> tuple[float, Any]:
    """Best wall time of ``repeats`` calls; ``before`` runs untimed before each call."""
    best, out = float("inf"), None
    for _ in range(max(1, repeats)):
        if before is not None:
            before()
        gc.collect()
        t0 = time.perf_counter()
        out = func()
        best = min(best, time.perf_counter() - t0)
    return best, out


def clear_caches() -> int:
    """Empty every in-process cache of newslib; return how many were emptied.

    Several steps memoise on a text, a sentence, a name or a word (sentence tokens and
    stems of the actor model, VADER's lower-cased tokens, parsed speaker names, paragraph
    spans...). Timing a second pass over the same articles would then measure cache hits,
    not analysis, while the peers keep no such caches. So every timed newslib run starts
    from empty caches, followed by :func:`_warm_up` on *other* text (the shipped sample)
    to load lexicons and models as a long run would have them.
    """
    n = 0
    for name, mod in list(sys.modules.items()):
        if mod is None or not (name == "newslib" or name.startswith("newslib.")):
            continue
        for obj in list(vars(mod).values()):
            if callable(getattr(obj, "cache_clear", None)) and hasattr(obj, "cache_info"):
                obj.cache_clear()
                n += 1
    sourcing = sys.modules.get("newslib.sourcing")
    if sourcing is not None and hasattr(sourcing, "_CUE_CACHE"):
        sourcing._CUE_CACHE.clear()
        n += 1
    return n


def _warm_up(steps: tuple[str, ...]) -> None:
    """Empty the caches, then run ``steps`` once on the shipped sample article (not part of
    any benchmark corpus): lexicons, Punkt, models and automata are built again."""
    from newslib import corpus

    clear_caches()
    sample = corpus.load_articles(config.SAMPLE_CORPUS)
    scale.analyse_batch(sample, steps)


def _nltk_vader() -> Any:
    """NLTK's analyzer with the reference lexicon from shared/ (peer only)."""
    import nltk

    shared = config.shared_dir()
    if shared is None:
        raise ImportError("../shared is absent: NLTK's VADER lexicon is not available")
    data = str(shared / "reference" / "nltk_data")
    if data not in nltk.data.path:
        nltk.data.path.insert(0, data)
    from nltk.sentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


# --------------------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------------------


def _sentence_scorer() -> Callable[[pd.DataFrame], pd.DataFrame]:
    import importlib

    for module in ("newslib.sentiment", "newslib.sentiment.sentences"):
        try:
            func = getattr(importlib.import_module(module), "score_sentences", None)
        except ModuleNotFoundError:
            continue
        if callable(func):
            return func
    raise ImportError("newslib.sentiment has no score_sentences yet")


def measure_sentence_sentiment(ctx: dict[str, Any], sizes: Sizes) -> list[dict[str, Any]]:
    target = ">= 2.5x NLTK's speed"
    try:
        score = _sentence_scorer()
        from newslib import clean, segment

        sia = _nltk_vader()
    except ImportError as exc:
        return [_not_available("sentence_sentiment", str(exc), target)]
    from newslib import corpus

    src = ctx["source"]
    sents: list[pd.DataFrame] = []
    n_sent, i = 0, 0
    # Each sentence text once: newslib scores a text repeated within a call only once, so
    # a corpus built by repetition would flatter it. Fewer than ``sizes.sentences`` when
    # the source has fewer distinct sentences.
    while n_sent < sizes.sentences and i < len(src):
        batch = clean.clean_articles(repeat_articles(src, min(200, len(src) - i), start=i))
        s = segment.split_sentences(batch)
        sents.append(s)
        n_sent += len(s)
        i += len(batch)
    sentences = (pd.concat(sents, ignore_index=True).drop_duplicates("text")
                 .iloc[:sizes.sentences].reset_index(drop=True))
    texts = sentences["text"].tolist()
    warm = segment.split_sentences(corpus.load_articles(config.SAMPLE_CORPUS))

    def cold() -> None:  # empty caches, warmed up on the sample's sentences only
        clear_caches()
        score(warm)

    [sia.polarity_scores(t) for t in warm["text"]]  # warm the peer on the same text
    t_new, ours = _timed(lambda: score(sentences), sizes.repeats, before=cold)
    t_peer, theirs = _timed(lambda: [sia.polarity_scores(t)["compound"] for t in texts],
                            sizes.repeats)
    n = len(texts)
    comp = pd.to_numeric(ours["compound"], errors="coerce").to_numpy(dtype=float)
    diff = abs(comp - pd.Series(theirs, dtype=float).to_numpy())
    speedup = t_peer / t_new
    extra: dict[str, Any] = {}
    try:  # the implementation newslib reproduces: agreement should be exact
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Original
    except ImportError:
        extra["vadersentiment"] = "not installed"
    else:
        original = Original()
        t_orig, orig = _timed(lambda: [original.polarity_scores(t)["compound"]
                                       for t in texts], 1)
        d2 = abs(comp - pd.Series(orig, dtype=float).to_numpy())
        extra = {"vadersentiment_sentences_per_s": n / t_orig,
                 "speedup_vs_vadersentiment": t_orig / t_new,
                 "vadersentiment_compound_max_abs_diff": float(d2.max()) if n else None,
                 "vadersentiment_share_identical_4dp": float((d2 < 5e-5).mean()) if n
                 else None}
    return [_result("sentence_sentiment", value=n / t_new, unit="sentences/s",
                    peer="nltk SentimentIntensityAnalyzer", peer_value=n / t_peer,
                    ratio=speedup, ratio_means="newslib speed / NLTK speed", target=target,
                    passed=speedup >= 2.5, sentences=n, seconds=t_new, peer_seconds=t_peer,
                    sentences_are="distinct texts (no sentence twice)",
                    caches="emptied before each timed newslib run, then warmed up on the "
                           "shipped sample's sentences",
                    compound_max_abs_diff=float(diff.max()) if n else None,
                    share_identical_4dp=float((diff < 5e-5).mean()) if n else None,
                    share_within_0_05=float((diff <= 0.05).mean()) if n else None,
                    **extra)]


def _steps_status(steps: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
    status = scale.available_steps(steps)
    ok = tuple(s for s, reason in status.items() if reason is None)
    missing = {s: reason for s, reason in status.items() if reason is not None}
    return ok, missing


def measure_pipeline(ctx: dict[str, Any], sizes: Sizes) -> list[dict[str, Any]]:
    target = "<= 2x NLTK VADER's time"
    ok, missing = _steps_status(PIPELINE_STEPS)
    try:
        sia = _nltk_vader()
    except ImportError as exc:
        return [_not_available("pipeline", str(exc), target)]
    if not ok:
        return [_not_available("pipeline", f"no step available: {missing}", target)]
    articles = repeat_articles(ctx["source"], sizes.pipeline_articles)
    texts = articles["text"].tolist()
    sia.polarity_scores("A warm-up sentence, not from the corpus.")

    def cold() -> None:  # each timed run: empty caches, warmed up on other text
        _warm_up(tuple(ok))

    def run() -> dict[str, pd.DataFrame]:
        tables: dict[str, pd.DataFrame] = {}
        for first in range(0, len(articles), 250):
            tables = scale.analyse_batch(articles.iloc[first:first + 250], ok)
        return tables

    t_pipe, _ = _timed(run, sizes.repeats, before=cold)
    per_step = {}
    plan_tables: dict[str, pd.DataFrame] = {}
    cold()
    for step in scale._plan(ok):  # one timing per step, same order and inputs
        func = step.resolve()
        current = plan_tables.get("clean", articles)
        deps = {d: plan_tables[d] for d in step.needs}
        t0 = time.perf_counter()
        if step.adapter is not None:
            plan_tables[step.name] = step.adapter(func, current, deps)
        else:
            plan_tables[step.name] = scale._call_with_tables(func, current, deps)
        per_step[step.name] = round(time.perf_counter() - t0, 4)
    t_vader, _ = _timed(lambda: [sia.polarity_scores(t) for t in texts], sizes.repeats)
    sent_texts = plan_tables["sentences"]["text"].tolist() if "sentences" in plan_tables else []
    t_vader_sent = None
    if sent_texts:
        t_vader_sent, _ = _timed(lambda: [sia.polarity_scores(t) for t in sent_texts], 1)
    ratio = t_pipe / t_vader
    complete = not missing
    return [_result("pipeline", value=t_pipe, unit="s", peer="nltk VADER per article",
                    peer_value=t_vader, ratio=ratio,
                    ratio_means="pipeline time / VADER time", target=target,
                    passed=(ratio <= 2.0) if complete else None,
                    status=None if complete else "incomplete",
                    articles=len(articles), characters=int(articles["text"].str.len().sum()),
                    steps=list(ok), missing_steps=missing, seconds_per_step=per_step,
                    vader_per_sentence_seconds=t_vader_sent,
                    caches="emptied before each timed newslib run, then warmed up on the "
                           "shipped sample article (no corpus text seen before timing)",
                    ratio_vs_vader_per_sentence=(t_pipe / t_vader_sent) if t_vader_sent
                    else None)]


class _PipelineCounts:
    """Picklable: run the pipeline on a batch, return rows per table per article."""

    def __init__(self, steps: tuple[str, ...]) -> None:
        self.steps = steps
        self.plan = scale._plan(steps)

    def __call__(self, articles: pd.DataFrame) -> pd.DataFrame:
        tables = scale._run_plan(articles, self.plan, list(self.steps))
        out = pd.DataFrame({"article_id": articles["article_id"].to_numpy()})
        for name, table in tables.items():
            if name == "clean" or "article_id" not in table.columns:
                continue
            counts = table.groupby("article_id", sort=False).size()
            out[name] = out["article_id"].map(counts).fillna(0).astype("int64").to_numpy()
        return out


def _warm(func: _PipelineCounts, corpus: scale.CorpusBatches) -> float:
    """Read and analyse batch 0 once (imports incl. ``dask.dataframe`` for a partition's
    task, models, lexicons, caches); return the seconds."""
    t0 = time.perf_counter()
    import dask.dataframe  # noqa: F401 - a worker needs it to run a partition's task

    func(corpus.read(0))
    return time.perf_counter() - t0


def _differences(got: pd.DataFrame, want: pd.DataFrame) -> dict[str, Any]:
    got, want = got.reset_index(drop=True), want.reset_index(drop=True)
    if got.equals(want):
        return {}
    if got.shape == want.shape and list(got.columns) == list(want.columns):
        return {c: int((got[c].astype(str) != want[c].astype(str)).sum())
                for c in got.columns if not got[c].equals(want[c])}
    return {"shape": f"{got.shape} vs {want.shape}"}


def measure_dask(ctx: dict[str, Any], sizes: Sizes) -> list[dict[str, Any]]:
    """Two Dask worker processes against one process, on the same batches and steps.

    Both sides are warmed up the same way before any timing: the one process and each
    worker read and analyse the first batch once (imports, models, lexicons and the
    analyses' caches; reported as ``warm_up_seconds_*``, like the cluster's start-up). Then each
    side runs ``sizes.repeats`` times and keeps its best time (every run's time is in the
    detail): the one process first, before the cluster starts (the scheduler of a
    ``LocalCluster`` is a thread of this process and would slow it down), then the
    cluster. Every Dask result is compared with the one-process result. The cluster is :func:`newslib.scale.local_cluster`
    (two single-threaded worker processes, Dask's profiler and memory trimming off).
    The best run is the steady state of a long run; the first run's speed-up (caches
    filled once per process, on a corpus that repeats ~840 articles) is in the detail.
    """
    target = "speed-up >= 1.6"
    ok, missing = _steps_status(PIPELINE_STEPS)
    if not ok:
        return [_not_available("dask", f"no step available: {missing}", target)]
    try:
        import distributed
    except ImportError as exc:
        return [_not_available("dask", str(exc), target)]
    path = scale.write_corpus(_chunks(ctx["source"], sizes.dask_articles, 1_000),
                              ctx["workdir"] / "dask_corpus", row_group_size=sizes.dask_batch)
    func = _PipelineCounts(ok)
    corpus = scale.open_corpus(path, batch_size=sizes.dask_batch)
    meta = func(corpus.read(0).iloc[:3]).iloc[:0]  # the output's columns, from real rows
    warm_single = _warm(func, corpus)

    def single() -> pd.DataFrame:
        return pd.concat([func(b) for b in corpus], ignore_index=True)

    runs: dict[str, list[float]] = {"one_process": [], "dask": [], "cpu_one_process": [],
                                    "cpu_dask_workers": []}
    # the one process runs before the cluster starts: a LocalCluster's scheduler is a
    # thread of this process and would take CPU and the GIL from it (~10 % measured)
    want = pd.DataFrame()
    for _ in range(max(1, sizes.repeats)):
        cpu0 = time.process_time()
        t, want = _timed(single, 1)
        runs["cpu_one_process"].append(time.process_time() - cpu0)
        runs["one_process"].append(t)
    differences: dict[str, Any] = {}
    t0 = time.perf_counter()
    with scale.local_cluster(n_workers=2) as cluster, \
            distributed.Client(cluster, timeout=120) as client:
        t_start = time.perf_counter() - t0
        warm_workers = client.run(_warm, func, corpus)
        n_workers = len(warm_workers)

        def on_cluster() -> pd.DataFrame:
            lazy = scale.map_articles(scale.to_dask(path, batch_size=sizes.dask_batch), func,
                                      meta=meta)
            return client.compute(lazy).result(timeout=3_600)

        for _ in range(max(1, sizes.repeats)):
            cpu0 = sum(client.run(time.process_time).values())
            t, got = _timed(on_cluster, 1)
            runs["cpu_dask_workers"].append(sum(client.run(time.process_time).values()) - cpu0)
            runs["dask"].append(t)
            differences = differences or _differences(got, want)
    identical = not differences
    t_single, t_dask = min(runs["one_process"]), min(runs["dask"])
    i_single, i_dask = runs["one_process"].index(t_single), runs["dask"].index(t_dask)
    cpu_single, cpu_dask = runs["cpu_one_process"][i_single], runs["cpu_dask_workers"][i_dask]
    speedup = t_single / t_dask
    return [_result("dask", value=speedup, unit="x", peer="one process (pandas path)",
                    peer_value=t_single, ratio=speedup,
                    ratio_means="one-process time / 2-worker Dask time", target=target,
                    passed=(speedup >= 1.6) and identical, articles=sizes.dask_articles,
                    partitions=corpus.n_batches, workers=n_workers,
                    cluster="newslib.scale.local_cluster: 2 processes x 1 thread, Dask "
                            "profiler and malloc trimming off",
                    seconds_dask=t_dask, seconds_one_process=t_single,
                    runs_seconds_dask=[round(x, 3) for x in runs["dask"]],
                    runs_seconds_one_process=[round(x, 3) for x in runs["one_process"]],
                    runs_cpu_seconds_dask_workers=[round(x, 3) for x in
                                                   runs["cpu_dask_workers"]],
                    runs_cpu_seconds_one_process=[round(x, 3) for x in
                                                  runs["cpu_one_process"]],
                    # the first run also fills each process's caches (stems, lexicon
                    # look-ups) over the corpus's distinct articles: two workers fill two
                    speedup_first_run=runs["one_process"][0] / runs["dask"][0],
                    timing=f"best of {len(runs['dask'])} runs per side (the one process "
                           "first, with no cluster up), after the same warm-up (one batch "
                           "analysed once in every process)",
                    cluster_startup_seconds=t_start,
                    warm_up_seconds_one_process=warm_single,
                    warm_up_seconds_dask_workers=sorted(warm_workers.values()),
                    # CPU seconds / wall seconds: how many cores each side really got on a
                    # shared machine (2.0 is the most two workers can get)
                    cores_obtained_one_process=cpu_single / t_single,
                    cores_obtained_dask_workers=cpu_dask / t_dask,
                    cpu_seconds_one_process=cpu_single, cpu_seconds_dask_workers=cpu_dask,
                    cpu_overhead_dask=cpu_dask / cpu_single - 1,
                    identical_results=identical, differing_rows_per_column=differences,
                    steps=list(ok), missing_steps=missing)]


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` plus all its descendants, in MB (psutil)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:  # ended between listing and reading
            continue
    return total / 1024 / 1024


class _Child:
    """``python -m newslib.bench --child ...`` running in the background.

    A thread samples, every 0.2 s with psutil, the RSS summed over the child and every
    process it started (Dask workers and nannies); :meth:`wait` returns the child's JSON
    report with its own peak RSS (``getrusage``) and that sampled peak,
    ``peak_tree_rss_mb``. Several children can run at once: each measures its own tree.
    """

    def __init__(self, args: list[str]) -> None:
        import threading

        self.args = args
        self._out = tempfile.TemporaryFile(mode="w+")
        self._err = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([sys.executable, "-m", "newslib.bench", "--child", *args],
                                     stdout=self._out, stderr=self._err, text=True)
        self.peak = 0.0
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while self.proc.poll() is None:
            self.peak = max(self.peak, _tree_rss_mb(self.proc.pid))
            time.sleep(0.2)

    def wait(self, timeout: float) -> dict[str, Any]:
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self.proc.kill()
            self.proc.wait()
            raise TimeoutError(f"child {self.args[0]} ran over {timeout} s") from exc
        finally:
            self._thread.join(timeout=5)
            self._out.seek(0)
            self._err.seek(0)
            stdout, stderr = self._out.read(), self._err.read()
            self._out.close()
            self._err.close()
        if self.proc.returncode != 0:
            raise RuntimeError(f"child {self.args[0]} failed ({self.proc.returncode}): "
                               f"{stderr.strip()[-800:]}")
        report = json.loads(stdout.strip().splitlines()[-1])
        report["peak_tree_rss_mb"] = max(self.peak, report.get("peak_rss_mb", 0.0))
        return report


def _child(args: list[str], timeout: float) -> dict[str, Any]:
    """Run one child to the end; return its report (see :class:`_Child`)."""
    return _Child(args).wait(timeout)


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in kibibytes, macOS in bytes
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024


def _baseline_rss_mb(timeout: float) -> float:
    return float(_child(["baseline"], timeout)["peak_rss_mb"])


def _default_batch_size() -> int | None:
    import inspect

    from newslib.corpus import convert_to_parquet

    default = inspect.signature(convert_to_parquet).parameters["batch_size"].default
    return default if isinstance(default, int) else None


def _measure_convert(ctx: dict[str, Any], sizes: Sizes, batch_size: int | None,
                     target: str) -> dict[str, Any]:
    src = ctx["workdir"] / "export.jsonl"
    n = write_jsonl(ctx["source"], src, sizes.jsonl_mb)
    mb = src.stat().st_size / 1024 / 1024
    try:
        rep = _child(["convert", str(src), str(ctx["workdir"] / "converted.parquet")],
                     14_400)
    except (RuntimeError, TimeoutError) as exc:
        return _failed("memory_convert", exc, target)
    finally:
        src.unlink()
    peak = rep["peak_rss_mb"]
    return _result(
        "memory_convert", value=peak, unit="MB peak RSS",
        peer="python + newslib imports only", peer_value=ctx["baseline_mb"],
        ratio=peak / 1024, ratio_means="peak RSS / 1 GB", target=target,
        passed=peak < 1024, jsonl_mb=round(mb, 1), articles=n,
        articles_converted=rep["rows"], batch_size=f"convert_to_parquet default ({batch_size})",
        peak_rss_all_processes_mb=rep["peak_tree_rss_mb"], seconds=rep["seconds"],
        ran_alongside_memory_pipeline=False)


def measure_memory(ctx: dict[str, Any], sizes: Sizes) -> list[dict[str, Any]]:
    """Both memory measures, one after the other, each in its own process (tree).

    Each figure is the peak of one measure alone: the conversion's process runs to its end
    before the pipeline's starts, so neither shares the machine's memory or cores with the
    other.
    """
    rows: list[dict[str, Any]] = []
    t_convert, t_pipe = "< 1 GB (1024 MB)", "< 2 GB (2048 MB)"
    parts = ctx.get("parts") or ["memory_convert", "memory_pipeline"]
    try:
        batch_size = _default_batch_size()
    except ImportError as exc:
        if "memory_convert" in parts:
            rows.append(_not_available("memory_convert", str(exc), t_convert))
    else:
        if "memory_convert" in parts:
            rows.append(_measure_convert(ctx, sizes, batch_size, t_convert))
    if "memory_pipeline" not in parts:
        return rows
    ok, missing = _steps_status(PIPELINE_STEPS)
    workers = ctx.get("pipeline_workers", 1)
    if not ok:
        rows.append(_not_available("memory_pipeline", f"no step available: {missing}",
                                   t_pipe))
        return rows
    path = scale.write_corpus(_chunks(ctx["source"], sizes.big_articles, 10_000),
                              ctx["workdir"] / "big_corpus", row_group_size=10_000)
    out = ctx["workdir"] / "big_tables"
    # a run left in --workdir would be resumed, i.e. skipped: measure a whole run
    shutil.rmtree(out, ignore_errors=True)
    ctx["big_corpus"], ctx["big_tables"] = path, out
    try:
        rep = _child(["pipeline", str(path), str(out), str(sizes.big_batch), ",".join(ok),
                      str(workers)], 14_400)
    except (RuntimeError, TimeoutError) as exc:
        rows.append(_failed("memory_pipeline", exc, t_pipe))
        return rows
    # all processes together: with Dask workers the child's own peak is not the total
    peak = rep["peak_tree_rss_mb"] if workers > 1 else rep["peak_rss_mb"]
    complete = not missing
    rows.append(_result(
        "memory_pipeline", value=peak, unit="MB peak RSS",
        peer="python + newslib imports only", peer_value=ctx["baseline_mb"],
        ratio=peak / 2048, ratio_means="peak RSS / 2 GB", target=t_pipe,
        passed=(peak < 2048) if complete else None,
        status=None if complete else "incomplete",
        articles=sizes.big_articles, batch_size=sizes.big_batch,
        processes=("one process" if workers == 1 else
                   f"client + {workers} Dask worker processes (summed RSS; "
                   "newslib.scale.local_cluster with memory trimming on)"),
        peak_rss_main_process_mb=rep["peak_rss_mb"],
        peak_rss_all_processes_mb=rep["peak_tree_rss_mb"], seconds=rep["seconds"],
        articles_per_second=sizes.big_articles / rep["seconds"],
        ran_alongside_memory_convert=False, steps=list(ok), missing_steps=missing))
    return rows


def _kwic() -> Callable[..., pd.DataFrame]:
    from newslib import framing

    for name in ("kwic", "keyword_in_context", "find_kwic"):
        func = getattr(framing, name, None)
        if callable(func):
            return func
    raise ImportError("newslib.framing has no kwic yet")


def _tile_rows(table: pd.DataFrame, src_pos: Any, ids: list[str]) -> pd.DataFrame:
    """Rows of ``table`` (``article_id`` = source position as a string) for every new
    article ``ids[i]``, a copy of source article ``src_pos[i]``, in article order."""
    import numpy as np

    pos = table["article_id"].astype(int).to_numpy()
    order = np.argsort(pos, kind="stable")
    table = table.iloc[order].reset_index(drop=True)
    pos = pos[order]
    n_src = int(src_pos.max()) + 1 if len(src_pos) else 0
    first = np.searchsorted(pos, np.arange(n_src))
    count = np.searchsorted(pos, np.arange(n_src), side="right") - first
    per = count[src_pos]
    starts = np.repeat(first[src_pos], per)
    offset = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
    out = table.iloc[starts + offset].reset_index(drop=True)
    out["article_id"] = pd.array(np.repeat(np.asarray(ids, dtype=object), per),
                                 dtype=table["article_id"].dtype)
    return out


def explore_tables(ctx: dict[str, Any], n: int) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The cleaned articles and their mentions for the ``explore`` measure.

    The tables ``memory_pipeline`` wrote when it ran in this bench; otherwise the same
    tables built directly: the source
    articles are cleaned and analysed once (``clean``, ``sentences``, ``mentions``, as in
    the pipeline) and repeated under new ids up to ``n`` articles (every analysis works
    one article at a time, so an article's mentions do not depend on the others; only
    the ``duplicate_of`` flags of cleaning would). Built tables are kept in the work
    folder for the next run of the same code.
    """
    tables = ctx.get("big_tables")
    try:
        if tables is not None:
            articles = scale.read_table(tables, "clean")
            mentions = scale.read_table(tables, "mentions")
            if len(articles) == n:
                return articles, mentions, "tables written by memory_pipeline"
    except FileNotFoundError:
        pass
    cache = ctx["workdir"] / f"explore_{n}_{_source_hash()}"  # rebuilt when the code changes
    if (cache / "mentions.parquet").is_file():
        return (pd.read_parquet(cache / "articles.parquet"),
                pd.read_parquet(cache / "mentions.parquet"), f"repeated source ({cache})")
    src = repeat_articles(ctx["source"], len(ctx["source"]))  # typed as in the bench corpora
    src["article_id"] = pd.array([str(i) for i in range(len(src))], dtype="string")
    out = scale.analyse_batch(src, ("clean", "mentions"))
    src_pos = pd.RangeIndex(n).to_numpy() % len(src)
    ids = [f"bench-{i:07d}" for i in range(n)]
    articles = _tile_rows(out["clean"], src_pos, ids)
    mentions = _tile_rows(out["mentions"], src_pos, ids)
    if "duplicate_of" in articles.columns:  # copies of the sources, not flagged here
        articles["duplicate_of"] = pd.array([pd.NA] * len(articles), dtype="string")
    cache.mkdir(parents=True, exist_ok=True)
    scale._write_parquet_atomic(articles, cache / "articles.parquet")
    scale._write_parquet_atomic(mentions, cache / "mentions.parquet")
    return articles, mentions, "repeated source (built now)"


def measure_explore(ctx: dict[str, Any], sizes: Sizes) -> list[dict[str, Any]]:
    """Count labels and keyword in context over ``big_articles`` articles in memory.

    The articles and mentions are loaded first (not timed, reported as
    ``seconds_load``): the issue's figure is over articles already loaded. Best of
    ``repeats`` runs; each function is also timed alone.
    """
    target = "< 2 s"
    try:
        from newslib import framing

        count_labels = framing.count_labels
        kwic = _kwic()
    except (ImportError, AttributeError) as exc:
        return [_not_available("explore", str(exc), target)]
    ok, missing = _steps_status(("clean", "mentions"))
    if len(ok) < 2:
        return [_not_available("explore", f"steps missing: {missing}", target)]
    t0 = time.perf_counter()
    articles, mentions, origin = explore_tables(ctx, sizes.big_articles)
    t_load = time.perf_counter() - t0

    def explore() -> tuple[pd.DataFrame, pd.DataFrame]:
        counts = count_labels(mentions, articles, by="outlet")
        lines = kwic(articles, KWIC_TERM)
        return counts, lines

    cpu = float("inf")

    def explore_cpu() -> tuple[pd.DataFrame, pd.DataFrame]:
        nonlocal cpu
        cpu0 = time.process_time()  # all threads (Arrow's string kernels may use several)
        out = explore()
        cpu = min(cpu, time.process_time() - cpu0)
        return out

    t, (counts, lines) = _timed(explore_cpu, sizes.repeats)
    t_count, _ = _timed(lambda: count_labels(mentions, articles, by="outlet"), sizes.repeats)
    t_kwic, _ = _timed(lambda: kwic(articles, KWIC_TERM), sizes.repeats)
    return [_result("explore", value=t, unit="s", peer=None, peer_value=None, ratio=t / 2.0,
                    ratio_means="time / 2 s", target=target, passed=t < 2.0,
                    articles=len(articles), mentions=len(mentions), term=KWIC_TERM,
                    kwic_lines=len(lines), label_rows=len(counts), tables=origin,
                    seconds_count_labels=t_count, seconds_keyword_in_context=t_kwic,
                    cpu_seconds_best=cpu, seconds_load=t_load,
                    timing=f"best of {max(1, sizes.repeats)}, "
                    "articles and mentions already in memory")]


#: Measure name -> function; ``memory`` gives the rows ``memory_convert`` and
#: ``memory_pipeline`` (see :data:`RESULTS`).
MEASURES: dict[str, Callable[[dict[str, Any], Sizes], list[dict[str, Any]]]] = {
    "sentence_sentiment": measure_sentence_sentiment,
    "pipeline": measure_pipeline,
    "dask": measure_dask,
    "memory": measure_memory,
    "explore": measure_explore,
}

#: The rows of a full report, in order.
RESULTS: tuple[str, ...] = ("sentence_sentiment", "pipeline", "dask", "memory_convert",
                            "memory_pipeline", "explore")


# --------------------------------------------------------------------------------------
# Children (separate processes, so their peak memory is their own)
# --------------------------------------------------------------------------------------


def _run_child(args: list[str]) -> dict[str, Any]:
    kind = args[0]
    t0 = time.perf_counter()
    if kind == "baseline":
        import newslib.corpus  # noqa: F401
        out: dict[str, Any] = {}
    elif kind == "convert":
        from newslib.corpus import convert_to_parquet, load_corpus  # noqa: F401

        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = convert_to_parquet(args[1], args[2], progress=False)
        import pyarrow.parquet as pq

        out = {"rows": pq.ParquetFile(args[2]).metadata.num_rows, "problems": len(report)}
    elif kind == "pipeline":
        steps = tuple(args[4].split(","))
        workers = int(args[5]) if len(args) > 5 else 1
        if workers > 1:
            import distributed

            # memory trimming on: the workers give memory back between batches
            with scale.local_cluster(n_workers=workers, trim_memory=True) as cluster, \
                    distributed.Client(cluster, timeout=120) as client:
                status = scale.run_pipeline(args[1], args[2], steps=steps,
                                            batch_size=int(args[3]), progress=False,
                                            client=client)
        else:
            status = scale.run_pipeline(args[1], args[2], steps=steps,
                                        batch_size=int(args[3]), progress=False)
        out = {"batches": len(status), "workers": workers}
    else:
        raise ValueError(f"unknown child task {kind!r}")
    out["seconds"] = time.perf_counter() - t0
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def _source_hash() -> str:
    """Hash of newslib's source files: tells whether the code changed during a run."""
    import hashlib

    h = hashlib.sha1()
    for f in sorted(config.PACKAGE_DIR.rglob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("newslib", "pandas", "numpy", "pyarrow", "dask", "distributed", "nltk",
                "vaderSentiment", "pyahocorasick", "scikit-learn"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _machine() -> dict[str, Any]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"cpu_count": os.cpu_count(), "usable_cores": usable,
            "platform": platform.platform(), "processor": platform.machine(),
            "load_average_at_start": load}


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}{unit}"
    return f"{value:.3g}{unit}"


def format_table(results: list[dict[str, Any]]) -> str:
    """Plain-text table of the results (measure, newslib, peer, ratio, target, status)."""
    head = f"{'measure':<20} {'newslib':>24} {'peer':>24} {'ratio':>8}  {'target':<24} status"
    lines = [head, "-" * len(head)]
    for r in results:
        unit = f" {r['unit']}" if r["unit"] else ""
        lines.append(f"{r['measure']:<20} {_fmt(r['value'], unit):>24} "
                     f"{_fmt(r['peer_value']):>24} {_fmt(r['ratio']):>8}  "
                     f"{r['target']:<24} {r['status']}")
        if r["status"] in {"not available", "error"}:
            lines.append(f"{'':<20} reason: {r['detail'].get('reason', '')[:150]}")
    return "\n".join(lines)


def _write_report(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def run_bench(*, quick: bool = False, only: list[str] | None = None,
              workdir: Path | None = None, pipeline_workers: int = 1,
              big_articles: int | None = None, jsonl_mb: float | None = None,
              out: Path | None = None, log: Callable[[str], None] | None = None
              ) -> dict[str, Any]:
    """Run the measures; return the report (what ``reports/bench.json`` holds).

    With ``out``, the report is also written there after every measure (``"complete":
    false`` until the end), so an interrupted run keeps the figures measured so far.
    """
    sizes = QUICK if quick else FULL
    if big_articles or jsonl_mb:
        sizes = dataclasses.replace(sizes, big_articles=big_articles or sizes.big_articles,
                                    jsonl_mb=jsonl_mb or sizes.jsonl_mb)
    log = log or (lambda msg: None)
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="newslib-bench-")) if own else Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    source, described = source_articles()
    ctx: dict[str, Any] = {"source": source, "workdir": work,
                           "pipeline_workers": pipeline_workers}
    report: dict[str, Any] = {
        "mode": "quick" if quick else "full", "complete": False,
        "sizes": dataclasses.asdict(sizes), "pipeline_workers": pipeline_workers,
        "source": described, "machine": _machine(), "versions": _versions(),
        "newslib_source_hash": _source_hash(),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "results": []}
    try:
        ctx["baseline_mb"] = report["baseline_rss_mb"] = _baseline_rss_mb(300)
        for name, measure in MEASURES.items():
            parts = [r for r in RESULTS if r.startswith(f"{name}_")]
            if only and name not in only and not set(parts) & set(only):
                continue
            # "--only memory_convert" runs that half of the memory measure alone
            ctx["parts"] = ([p for p in parts if p in only] if only and name not in only
                            else parts)
            log(f"[bench] {name} ...")
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
            t = time.perf_counter()
            try:
                rows = measure(ctx, sizes)
            except Exception as exc:  # noqa: BLE001 - one broken measure must not hide others
                rows = [_failed(name, exc)]
            for r in rows:
                r["detail"]["wall_seconds"] = round(time.perf_counter() - t, 2)
                r["detail"]["load_average_1min_before"] = load
            report["results"].extend(rows)
            report["wall_seconds"] = round(time.perf_counter() - t0, 1)
            for line in format_table(rows).splitlines()[2:]:
                log(line)
            if out is not None:
                _write_report(report, out)
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    report["complete"] = True
    report["wall_seconds"] = round(time.perf_counter() - t0, 1)
    report["code_changed_during_run"] = _source_hash() != report["newslib_source_hash"]
    if out is not None:
        _write_report(report, out)
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m newslib.bench [--quick] [--only a,b] [--out PATH]``."""
    parser = argparse.ArgumentParser(prog="python -m newslib.bench", description=__doc__
                                     .split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    parser.add_argument("--only", default="",
                        help=f"comma-separated measures among {','.join(MEASURES)} "
                             "(memory_convert or memory_pipeline: one half of memory)")
    parser.add_argument("--out", type=Path, default=config.REPORTS_DIR / "bench.json",
                        help="JSON report (default reports/bench.json)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the synthetic corpora here (default: a temporary folder)")
    parser.add_argument("--pipeline-workers", type=int, default=None,
                        help="Dask worker processes for the 100,000-article memory run "
                             "(default: 2 in full mode, memory summed over all processes; "
                             "1 = one process, batch by batch)")
    parser.add_argument("--big-articles", type=int, default=None,
                        help="articles of the large corpus (default 100,000; quick 300)")
    parser.add_argument("--jsonl-mb", type=float, default=None,
                        help="size of the JSON Lines export (default 500 MB; quick 2)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        sys.stdout.write(json.dumps(_run_child(args.child)) + "\n")
        return 0
    only = [m for m in args.only.split(",") if m]
    unknown = [m for m in only if m not in MEASURES and m not in RESULTS]
    if unknown:
        parser.error(f"unknown measures {unknown}; choose among {list(MEASURES)}")

    def log(msg: str) -> None:
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()

    workers = args.pipeline_workers or (1 if args.quick else 2)
    report = run_bench(quick=args.quick, only=only or None, workdir=args.workdir,
                       pipeline_workers=workers, big_articles=args.big_articles,
                       jsonl_mb=args.jsonl_mb, out=args.out, log=log)
    m = report["machine"]
    sys.stdout.write(
        f"newslib bench ({report['mode']}) on {m['usable_cores']} usable cores "
        f"({m['cpu_count']} CPUs), load average at start {m['load_average_at_start']}; "
        f"source: {report['source']}; wall time {report['wall_seconds']} s\n\n"
        + format_table(report["results"]) + f"\n\nwritten to {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
