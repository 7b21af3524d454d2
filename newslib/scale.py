"""Scale: run every analysis batch by batch over a Parquet corpus, or in parallel with Dask.

A corpus on disk is Parquet: one file written in row groups (what
:func:`newslib.corpus.save_corpus` and :func:`newslib.corpus.convert_to_parquet` write) or a
folder of part files (what :func:`write_corpus` writes). It is read back in batches of
``batch_size`` articles; batch ``k`` always holds the rows ``k * batch_size`` to
``(k + 1) * batch_size - 1`` of the corpus in file order, so a batch index names the same
articles on every run.

Batch by batch, on one process
    :func:`run_pipeline` runs the analysis *steps* (sentences, mentions, passives, scare
    quotes, quotes, sentence and actor sentiment; optionally cleaning) over each batch and
    writes one Parquet part file per batch and table next to the corpus::

        out_dir/
            _pipeline.json              settings of the run (batch size, corpus size)
            _batches/batch-000003.json  marker: batch 3 is complete (rows, counts, seconds)
            sentences/part-000003.parquet
            mentions/part-000003.parquet
            ...

    Memory stays bounded by one batch (plus one Parquet row group of the corpus). Each part
    file is written under a temporary name and moved into place with :func:`os.replace`, and
    a batch counts as done only when its marker exists, which is written after all its
    tables. An interrupted run (an exception, Ctrl-C, a killed kernel) is resumed by calling
    :func:`run_pipeline` again with the same arguments: finished batches are skipped and
    unfinished ones redone from scratch. :func:`read_table` reads a table back.

In parallel, on all cores or a cluster, with Dask
    :func:`to_dask` opens the corpus as a ``dask.dataframe`` with one partition per batch,
    and :func:`map_articles` applies any newslib analysis to every partition with
    ``map_partitions``; the result is a lazy ``dask.dataframe`` whose ``compute()`` equals
    the pandas result. Every analysis works on one article at a time, so partitions are
    independent. Pass ``client=`` (a ``distributed.Client``) to :func:`run_pipeline` to
    process the batches on a Dask cluster instead of in this process, with the same
    resumable output::

        from distributed import Client, LocalCluster
        from newslib import framing, scale

        with scale.local_cluster(n_workers=2) as cluster, Client(cluster) as client:
            ddf = scale.to_dask("corpus.parquet", batch_size=1_000)
            mentions = scale.map_articles(ddf, framing.find_mentions).compute()
            scale.run_pipeline("corpus.parquet", "tables", client=client)

    :func:`local_cluster` is a ``distributed.LocalCluster`` set up for newslib's work,
    which is pure Python and holds the GIL: one single-threaded worker process per core,
    no fixed dashboard port, and two per-worker costs of Dask's defaults turned off (the
    statistical profiler and glibc's memory trimming; see its docstring for what they
    cost). Any cluster works: pass your own ``Client`` on a real cluster.

Steps
    :data:`STEPS` names the steps; :func:`get_step` resolves a name to the real newslib
    function (imported lazily, so a missing optional module only matters when its step is
    requested) and :func:`register_step` adds your own. A step function receives the batch
    of articles and the tables of the steps it needs as keyword arguments, and returns a
    DataFrame.

Examples
--------
>>> import tempfile
>>> import pandas as pd
>>> articles = pd.DataFrame({"article_id": ["a1", "a2", "a3"],
...                          "text": ["One. Two.", "Three.", "Four. Five. Six."]})
>>> def count_dots(articles):
...     return pd.DataFrame({"article_id": articles["article_id"],
...                          "dots": articles["text"].str.count(r"\\.")})
>>> with tempfile.TemporaryDirectory() as tmp:
...     corpus = write_corpus(articles, f"{tmp}/corpus", rows_per_file=2)
...     _ = register_step("dots", count_dots, replace=True)
...     done = run_pipeline(corpus, f"{tmp}/tables", steps=["dots"], batch_size=2,
...                         progress=False)
...     table = read_table(f"{tmp}/tables", "dots")
>>> table["dots"].tolist()
[2, 1, 3]
>>> done["batch"].tolist()
[0, 1]
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import itertools
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "DEFAULT_STEPS",
    "STEPS",
    "CorpusBatches",
    "Step",
    "StepFunction",
    "analyse_batch",
    "available_steps",
    "get_step",
    "local_cluster",
    "map_articles",
    "open_corpus",
    "read_table",
    "register_step",
    "run_pipeline",
    "to_dask",
    "write_corpus",
]

PathLike = str | os.PathLike

#: The analyses of the full pipeline, in the order they run.
DEFAULT_STEPS: tuple[str, ...] = ("sentences", "mentions", "passives", "scare_quotes",
                                  "quotes", "sentiment", "actor_sentiment")

_MARKER_DIR = "_batches"
_SETTINGS = "_pipeline.json"


# --------------------------------------------------------------------------------------
# The corpus on disk
# --------------------------------------------------------------------------------------


def _parquet_files(path: PathLike) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.parquet")
                       if not any(part.startswith((".", "_")) for part in
                                  p.relative_to(path).parts))
        if files:
            return files
        raise FileNotFoundError(f"{path}: folder holds no .parquet files; write a corpus "
                                "with newslib.scale.write_corpus or "
                                "newslib.corpus.convert_to_parquet")
    raise FileNotFoundError(f"{path}: no such Parquet corpus; write one with "
                            "newslib.scale.write_corpus or newslib.corpus.convert_to_parquet")


@dataclass(frozen=True)
class CorpusBatches:
    """A Parquet corpus split into fixed batches; built by :func:`open_corpus`.

    Attributes
    ----------
    files
        The Parquet files, in corpus order.
    row_groups
        ``(file index, row group index, first row, number of rows)`` for every row group.
    batch_size
        Articles per batch (the last batch may be smaller).
    n_rows
        Articles in the corpus.
    columns
        Columns to read (``None``: all).
    """

    files: tuple[str, ...]
    row_groups: tuple[tuple[int, int, int, int], ...]
    batch_size: int
    n_rows: int
    columns: tuple[str, ...] | None = None

    @property
    def n_batches(self) -> int:
        """Number of batches."""
        return -(-self.n_rows // self.batch_size)

    def bounds(self, k: int) -> tuple[int, int]:
        """First row and end row (exclusive) of batch ``k``."""
        if not 0 <= k < self.n_batches:
            raise IndexError(f"batch {k} out of range: the corpus has {self.n_batches} "
                             f"batches of {self.batch_size} rows")
        start = k * self.batch_size
        return start, min(start + self.batch_size, self.n_rows)

    def fingerprint(self) -> str:
        """A short hash of the files' names, sizes and row counts (detects a changed corpus)."""
        h = hashlib.sha1()
        for f in self.files:
            h.update(f"{Path(f).name}:{Path(f).stat().st_size};".encode())
        h.update(str(self.n_rows).encode())
        return h.hexdigest()[:16]

    def read(self, k: int) -> pd.DataFrame:
        """Read batch ``k`` as a DataFrame whose index is the global row number."""
        return _read_rows(self, *self.bounds(k), cache=None)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return self.iter_batches()

    def iter_batches(self, skip: Iterable[int] = ()) -> Iterator[pd.DataFrame]:
        """Yield the batches in order, leaving out the indices in ``skip`` (not even read)."""
        skip = set(skip)
        cache: dict[str, Any] = {}
        for k in range(self.n_batches):
            if k in skip:
                continue
            yield _read_rows(self, *self.bounds(k), cache=cache)


def _read_rows(corpus: CorpusBatches, start: int, end: int,
               cache: dict[str, Any] | None) -> pd.DataFrame:
    """Rows ``start:end`` of the corpus, reading only the row groups that hold them.

    ``cache`` keeps the last row group read, so consecutive batches inside one large row
    group do not read it twice; memory holds at most one row group (as Arrow) at a time.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    pieces = []
    columns = list(corpus.columns) if corpus.columns else None
    for fi, gi, first, n in corpus.row_groups:
        if first + n <= start or first >= end:
            continue
        key = (fi, gi)
        if cache is not None and cache.get("key") == key:
            table = cache["table"]
        else:
            table = pq.ParquetFile(corpus.files[fi]).read_row_group(gi, columns=columns)
            if cache is not None:
                cache["key"], cache["table"] = key, table
        lo = max(start, first) - first
        hi = min(end, first + n) - first
        pieces.append(table.slice(lo, hi - lo))
    if not pieces:
        raise IndexError(f"rows {start}:{end} are outside the corpus ({corpus.n_rows} rows)")
    table = pieces[0] if len(pieces) == 1 else pa.concat_tables(pieces)
    df = table.to_pandas()
    df.index = pd.RangeIndex(start, start + len(df))
    return df


def open_corpus(path: PathLike, *, batch_size: int = 1_000,
                columns: Sequence[str] | None = None) -> CorpusBatches:
    """Open a Parquet corpus (a file or a folder of part files) for reading in batches.

    Only the Parquet footers are read here; the articles are read batch by batch.

    Parameters
    ----------
    path
        A ``.parquet`` file or a folder of them (read in sorted order; names starting with
        ``.`` or ``_`` are ignored).
    batch_size
        Articles per batch.
    columns
        Read only these columns (all by default).

    Examples
    --------
    >>> import tempfile
    >>> df = pd.DataFrame({"article_id": list("abcde"), "text": list("vwxyz")})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     corpus = open_corpus(write_corpus(df, tmp, rows_per_file=2), batch_size=3)
    ...     sizes = [len(b) for b in corpus]
    ...     last = corpus.read(1)
    >>> corpus.n_batches, sizes, last["article_id"].tolist(), list(last.index)
    (2, [3, 2], ['d', 'e'], [3, 4])
    """
    import pyarrow.parquet as pq

    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    files = _parquet_files(path)
    groups = []
    first = 0
    for fi, f in enumerate(files):
        meta = pq.ParquetFile(f).metadata
        for gi in range(meta.num_row_groups):
            n = meta.row_group(gi).num_rows
            if n:
                groups.append((fi, gi, first, n))
                first += n
    return CorpusBatches(files=tuple(str(f) for f in files), row_groups=tuple(groups),
                         batch_size=int(batch_size), n_rows=first,
                         columns=tuple(columns) if columns is not None else None)


def _plain_table(df: pd.DataFrame) -> Any:
    import pyarrow as pa

    plain = df.copy(deep=False)
    plain.attrs = {}
    return pa.Table.from_pandas(plain, preserve_index=False)


def _write_parquet_atomic(df: pd.DataFrame, path: Path, *, row_group_size: int | None = None
                          ) -> None:
    """Write ``df`` to ``path`` through a temporary file and :func:`os.replace`."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(_plain_table(df), tmp, row_group_size=row_group_size,
                       compression="zstd")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_corpus(articles: pd.DataFrame | Iterable[pd.DataFrame], path: PathLike, *,
                 rows_per_file: int = 100_000, row_group_size: int = 10_000) -> Path:
    """Write articles to a Parquet corpus folder of part files; return the folder.

    ``articles`` is one DataFrame or an iterable of DataFrames (for instance
    :func:`newslib.corpus.iter_articles`), consumed one at a time, so a corpus larger than
    memory can be written. Each part file (``part-000000.parquet``, ...) holds up to
    ``rows_per_file`` rows in row groups of ``row_group_size`` rows and is written
    atomically. Existing part files in the folder are replaced. The input is not modified.

    Examples
    --------
    >>> import tempfile
    >>> df = pd.DataFrame({"article_id": ["a", "b", "c"], "text": ["x", "y", "z"]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = write_corpus(df, tmp, rows_per_file=2)
    ...     names = sorted(p.name for p in folder.glob("*.parquet"))
    >>> names
    ['part-000000.parquet', 'part-000001.parquet']
    """
    if rows_per_file < 1 or row_group_size < 1:
        raise ValueError("rows_per_file and row_group_size must be at least 1")
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    frames = [articles] if isinstance(articles, pd.DataFrame) else articles
    buffer: list[pd.DataFrame] = []
    buffered = 0
    part = 0

    def flush(final: bool) -> None:
        nonlocal buffer, buffered, part
        while buffered >= rows_per_file or (final and buffered):
            whole = pd.concat(buffer, ignore_index=True) if len(buffer) > 1 else buffer[0]
            chunk, rest = whole.iloc[:rows_per_file], whole.iloc[rows_per_file:]
            _write_parquet_atomic(chunk, folder / f"part-{part:06d}.parquet",
                                  row_group_size=row_group_size)
            part += 1
            buffer = [rest] if len(rest) else []
            buffered = len(rest)

    for frame in frames:
        if len(frame):
            buffer.append(frame)
            buffered += len(frame)
            flush(final=False)
    flush(final=True)
    return folder


# --------------------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One analysis of the pipeline.

    Attributes
    ----------
    name
        The table it writes (``mentions``, ...).
    module, candidates
        Where the real function lives: the first attribute of ``candidates`` found in
        ``newslib.<module>`` (a tuple: the first module that has one; import is lazy).
        Ignored when ``func`` is given.
    needs
        Steps whose tables it takes as keyword arguments (computed first when missing).
    func
        The function itself, for steps registered with :func:`register_step`.
    adapter
        Optional ``adapter(func, articles, tables) -> DataFrame`` to call ``func`` when
        its signature is not ``func(articles, **tables)``.
    """

    name: str
    module: str | tuple[str, ...] = ""
    candidates: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    func: Callable[..., pd.DataFrame] | None = None
    adapter: Callable[..., pd.DataFrame] | None = None
    doc: str = ""

    def resolve(self) -> Callable[..., pd.DataFrame]:
        """Return the function, importing its module; raise ``ImportError`` naming the gap."""
        if self.func is not None:
            return self.func
        modules = (self.module,) if isinstance(self.module, str) else tuple(self.module)
        errors = []
        for module in modules:
            try:
                mod = importlib.import_module(f"newslib.{module}")
            except ModuleNotFoundError as exc:
                if exc.name and not exc.name.startswith("newslib"):
                    raise
                errors.append(f"newslib.{module} is not installed")
                continue
            for name in self.candidates:
                func = getattr(mod, name, None)
                if callable(func):
                    return func
            errors.append(f"newslib.{module} has none of {list(self.candidates)}")
        raise ImportError(f"step {self.name!r} is not available: {'; '.join(errors)}; leave "
                          "the step out of steps=... or register your own with register_step")


def _call_with_tables(func: Callable[..., pd.DataFrame], articles: pd.DataFrame,
                      tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Call ``func(articles, **tables it accepts by name)``."""
    params = inspect.signature(func).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    names = list(params)
    kwargs = {k: v for k, v in tables.items()
              if (k in params and k != names[0]) or takes_any}
    return func(articles, **kwargs)


def _clean_adapter(func: Callable[..., pd.DataFrame], articles: pd.DataFrame,
                   tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return func(articles)


#: Registry: step name -> :class:`Step`. Filled with newslib's own analyses; extend it with
#: :func:`register_step`.
STEPS: dict[str, Step] = {
    "clean": Step("clean", "clean", ("clean_articles",), adapter=_clean_adapter,
                  doc="clean the articles (newslib.clean.clean_articles); later steps "
                      "see the cleaned text; writes the 'clean' table (articles)"),
    "sentences": Step("sentences", "segment", ("split_sentences",),
                      doc="sentences table (newslib.segment.split_sentences)"),
    "mentions": Step("mentions", "framing", ("find_mentions", "extract_mentions"),
                     needs=("sentences",), doc="actor mentions (newslib.framing)"),
    "passives": Step("passives", "framing", ("find_passives", "extract_passives"),
                     needs=("sentences",), doc="passive clauses (newslib.framing)"),
    "scare_quotes": Step("scare_quotes", "framing",
                         ("find_scare_quotes", "classify_quoted_spans", "find_quoted_spans"),
                         needs=("sentences",), doc="quoted spans (newslib.framing)"),
    "quotes": Step("quotes", "sourcing", ("extract_quotes", "find_quotes"),
                   needs=("sentences",), doc="attributions (newslib.sourcing)"),
    "sentiment": Step("sentiment", ("sentiment", "sentiment.pipeline"),
                      ("sentence_sentiment",), needs=("sentences", "quotes"),
                      doc="sentence sentiment with voice (newslib.sentiment)"),
    "actor_sentiment": Step("actor_sentiment", ("sentiment", "sentiment.pipeline"),
                            ("score_actors",), needs=("sentences", "mentions", "quotes"),
                            doc="actor-level sentiment (newslib.sentiment)"),
}

#: The articles table of a batch is available to every step under this name.
_ARTICLES = "articles"


def register_step(name: str, func: Callable[..., pd.DataFrame], *,
                  needs: Sequence[str] = (), replace: bool = False) -> Step:
    """Add ``func`` as pipeline step ``name``; return the :class:`Step`.

    ``func(articles, **tables)`` receives a batch of articles and, as keyword arguments,
    the tables of the steps in ``needs`` (those of its parameters named after a step).

    Examples
    --------
    >>> step = register_step("n_chars", lambda a: a.assign(n=a["text"].str.len()),
    ...                      replace=True)
    >>> step.name
    'n_chars'
    """
    if name == _ARTICLES:
        raise ValueError("'articles' is the input of every step; pick another step name")
    if name in STEPS and not replace:
        raise ValueError(f"step {name!r} exists; pass replace=True to overwrite it")
    unknown = [n for n in needs if n not in STEPS]
    if unknown:
        raise KeyError(f"step {name!r} needs unknown steps {unknown}; known: {sorted(STEPS)}")
    step = Step(name, needs=tuple(needs), func=func)
    STEPS[name] = step
    return step


def get_step(name: str) -> Callable[..., pd.DataFrame]:
    """Return the function behind step ``name`` (imports its module).

    Examples
    --------
    >>> get_step("nonsense")
    Traceback (most recent call last):
    ...
    KeyError: "unknown step 'nonsense'; known steps are [...]; add one with register_step"
    """
    if name not in STEPS:
        raise KeyError(f"unknown step {name!r}; known steps are {sorted(STEPS)}; add one "
                       "with register_step")
    return STEPS[name].resolve()


def available_steps(steps: Sequence[str] = DEFAULT_STEPS) -> dict[str, str | None]:
    """Map each step name to ``None`` when it can run here, else to the reason it cannot.

    Examples
    --------
    >>> available_steps(["nonsense"])
    {'nonsense': 'unknown step'}
    """
    out: dict[str, str | None] = {}
    for name in steps:
        if name not in STEPS:
            out[name] = "unknown step"
            continue
        try:
            for dep in _order([name]):
                STEPS[dep].resolve()
            out[name] = None
        except ImportError as exc:
            out[name] = str(exc)
    return out


def _order(steps: Sequence[str]) -> list[str]:
    """``steps`` plus the steps they need, dependencies first, otherwise in given order."""
    ordered: list[str] = []

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in ordered:
            return
        if name not in STEPS:
            raise KeyError(f"unknown step {name!r}; known steps are {sorted(STEPS)}; add "
                           "one with register_step")
        if name in chain:
            raise ValueError(f"steps depend on each other in a cycle: {' -> '.join(chain)}")
        for dep in STEPS[name].needs:
            visit(dep, (*chain, name))
        ordered.append(name)

    if "clean" in steps:
        visit("clean", ())
    for name in steps:
        visit(name, ())
    return ordered


def _plan(steps: Sequence[str]) -> tuple[Step, ...]:
    """The :class:`Step` objects to run for ``steps``, dependencies first.

    Steps are captured as objects (not names) so that a plan sent to another process
    (a Dask worker) carries the functions registered in this one.
    """
    return tuple(STEPS[name] for name in _order(steps))


def _run_plan(articles: pd.DataFrame, plan: Sequence[Step], wanted: Sequence[str]
              ) -> dict[str, pd.DataFrame]:
    tables: dict[str, pd.DataFrame] = {}
    for step in plan:
        func = step.resolve()
        current = tables.get("clean", articles)
        deps = {dep: tables[dep] for dep in step.needs}
        if step.adapter is not None:
            result = step.adapter(func, current, deps)
        else:
            result = _call_with_tables(func, current, deps)
        if not isinstance(result, pd.DataFrame):
            raise TypeError(f"step {step.name!r} returned {type(result).__name__}, "
                            "expected a pandas DataFrame")
        tables[step.name] = result
    return {name: tables[name] for name in wanted}


def analyse_batch(articles: pd.DataFrame, steps: Sequence[str] = DEFAULT_STEPS
                  ) -> dict[str, pd.DataFrame]:
    """Run ``steps`` (and the steps they need) on one batch; return ``{step: table}``.

    When ``clean`` is among the steps it runs first and every other step sees the cleaned
    articles. Only the requested steps are returned, in the order they ran. The input is
    not modified.

    Examples
    --------
    >>> register_step("first_word", lambda articles: pd.DataFrame({
    ...     "article_id": articles["article_id"],
    ...     "word": articles["text"].str.split().str[0]}), replace=True)
    Step(name='first_word', ...)
    >>> out = analyse_batch(pd.DataFrame({"article_id": ["a"], "text": ["Hello world"]}),
    ...                     ["first_word"])
    >>> out["first_word"]["word"].tolist()
    ['Hello']
    """
    plan = _plan(steps)
    wanted = [s.name for s in plan if s.name in steps]
    return _run_plan(articles, plan, wanted)


class StepFunction:
    """A picklable ``articles -> table`` callable for one step (with the steps it needs).

    The steps are looked up when the object is made, so it also works in Dask worker
    processes for steps registered with :func:`register_step` in this process. Use it
    with :func:`map_articles`, ``DataFrame.pipe`` or ``map_partitions``.

    Examples
    --------
    >>> register_step("n_words", lambda articles: pd.DataFrame({
    ...     "article_id": articles["article_id"],
    ...     "n": articles["text"].str.split().str.len()}), replace=True)
    Step(name='n_words', ...)
    >>> count = StepFunction("n_words")
    >>> count(pd.DataFrame({"article_id": ["a"], "text": ["a b c"]}))["n"].tolist()
    [3]
    """

    def __init__(self, step: str, *, clean: bool = False) -> None:
        self.step = step
        self.plan = _plan(["clean", step] if clean else [step])

    def __repr__(self) -> str:
        return f"StepFunction({self.step!r})"

    def __call__(self, articles: pd.DataFrame) -> pd.DataFrame:
        return _run_plan(articles, self.plan, [self.step])[self.step]


# --------------------------------------------------------------------------------------
# Batch-by-batch pipeline
# --------------------------------------------------------------------------------------


def _marker(out_dir: Path, k: int) -> Path:
    return out_dir / _MARKER_DIR / f"batch-{k:06d}.json"


def _part(out_dir: Path, table: str, k: int) -> Path:
    return out_dir / table / f"part-{k:06d}.parquet"


def _batch_done(out_dir: Path, k: int, steps: Sequence[str]) -> bool:
    marker = _marker(out_dir, k)
    if not marker.is_file():
        return False
    try:
        info = json.loads(marker.read_text())
    except (OSError, ValueError):
        return False
    return set(steps) <= set(info.get("steps", ())) and all(
        _part(out_dir, s, k).is_file() for s in steps)


def _write_json_atomic(obj: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(obj, indent=1, sort_keys=True))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _process_batch(corpus: CorpusBatches, k: int, out_dir: str, steps: tuple[str, ...],
                   plan: tuple[Step, ...], articles: pd.DataFrame | None = None
                   ) -> dict[str, Any]:
    """Analyse batch ``k``, write its part files, then its marker (runs in any process)."""
    out = Path(out_dir)
    t0 = time.perf_counter()
    if articles is None:
        articles = corpus.read(k)
    tables = _run_plan(articles, plan, steps)
    counts = {}
    for name in steps:
        _write_parquet_atomic(tables[name], _part(out, name, k))
        counts[name] = len(tables[name])
    start, end = corpus.bounds(k)
    info = {"batch": k, "first_row": start, "end_row": end, "articles": len(articles),
            "steps": list(steps), "rows": counts,
            "seconds": round(time.perf_counter() - t0, 4)}
    _write_json_atomic(info, _marker(out, k))
    return info


def _remove_temporaries(out_dir: Path) -> None:
    """Delete temporary files a killed run may have left (never complete outputs)."""
    for tmp in out_dir.rglob(".*.tmp"):
        if tmp.is_file():
            tmp.unlink()


def run_pipeline(corpus_path: PathLike, out_dir: PathLike | None = None, *,
                 steps: Sequence[str] = DEFAULT_STEPS, batch_size: int = 1_000,
                 progress: bool = True, client: Any = None,
                 columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Run the analysis steps batch by batch over a Parquet corpus; write the tables.

    Each requested step writes ``out_dir/<step>/part-<batch>.parquet`` for every batch, and
    ``out_dir/_batches/batch-<batch>.json`` marks the batch done once all its tables are
    written. Rerun with the same arguments to resume after an interruption: finished
    batches are skipped (not even read), unfinished ones are redone; no partial file is
    ever left under a final name. Read the results with :func:`read_table`.

    Parameters
    ----------
    corpus_path
        A Parquet corpus: one file (``newslib.corpus.save_corpus``) or a folder of part
        files (:func:`write_corpus`). It needs ``article_id`` and ``text``.
    out_dir
        Folder for the tables; default: ``<corpus>.tables`` beside the corpus.
    steps
        Step names of :data:`STEPS`, ``DEFAULT_STEPS`` by default; add ``"clean"`` to clean
        the articles first (and write the cleaned articles as the ``clean`` table). Steps
        needed by a requested step are computed but only requested steps are written.
        Every step works one article at a time, except the near-duplicate flags of
        ``clean`` (``duplicate_of``), which only see the articles of the same batch: a
        corpus written by ``newslib.corpus.convert_to_parquet`` is already cleaned, so
        leave ``clean`` out for it.
    batch_size
        Articles per batch: memory grows with it. Changing it for an existing ``out_dir``
        raises an error (batch indices would mean other articles).
    progress
        Show a tqdm progress bar (on stderr).
    client
        A ``distributed.Client``: process the unfinished batches on its workers (each
        worker reads its own batches from the corpus, which must be readable there).
    columns
        Read only these corpus columns.

    Returns
    -------
    pandas.DataFrame
        One row per batch of the corpus: ``batch``, ``first_row``, ``end_row``,
        ``articles``, ``seconds`` and ``status`` (``done`` now or ``skipped``, finished by
        an earlier run).

    Raises
    ------
    ImportError
        A requested step's module is not installed (checked before any batch runs).
    ValueError
        ``out_dir`` holds a run with another batch size or another corpus.
    """
    corpus = open_corpus(corpus_path, batch_size=batch_size, columns=columns)
    steps = tuple(dict.fromkeys(steps))
    plan = _plan(steps)
    for step in plan:  # fail fast, before any batch, when a module is missing
        step.resolve()
    out = Path(out_dir) if out_dir is not None else Path(f"{Path(corpus_path)}.tables")
    out.mkdir(parents=True, exist_ok=True)
    _remove_temporaries(out)
    settings = {"corpus": str(Path(corpus_path).resolve()), "n_rows": corpus.n_rows,
                "batch_size": corpus.batch_size, "fingerprint": corpus.fingerprint()}
    settings_path = out / _SETTINGS
    if settings_path.is_file():
        old = json.loads(settings_path.read_text())
        for key in ("batch_size", "n_rows", "fingerprint"):
            if old.get(key) != settings[key]:
                raise ValueError(
                    f"{out}: holds a run with {key}={old.get(key)!r}, this run has "
                    f"{settings[key]!r}; rerun with the same corpus and batch_size to "
                    "resume, or pick a new out_dir (or delete this one) to start over")
    else:
        _write_json_atomic(settings, settings_path)

    todo = [k for k in range(corpus.n_batches) if not _batch_done(out, k, steps)]
    status: dict[int, dict[str, Any]] = {}
    bar = _progress(total=corpus.n_rows, enabled=progress,
                    desc=f"newslib pipeline ({len(steps)} steps)")
    with bar:
        bar.update(corpus.n_rows - sum(len(range(*corpus.bounds(k))) for k in todo))
        if client is None:
            batches = corpus.iter_batches(skip=set(range(corpus.n_batches)) - set(todo))
            for k, articles in zip(todo, batches, strict=True):
                status[k] = _process_batch(corpus, k, str(out), steps, plan,
                                           articles=articles)
                bar.update(status[k]["articles"])
        else:
            from distributed import as_completed

            # a bounded window of batches in flight: the scheduler never holds the whole
            # corpus's tasks, and each finished future is released at once
            window = max(2, 2 * len(client.scheduler_info().get("workers", {}) or [0]))
            pending = iter(todo)

            def submit(k: int) -> Any:
                return client.submit(_process_batch, corpus, k, str(out), steps, plan,
                                     pure=False)

            queue = as_completed([submit(k) for k in itertools.islice(pending, window)])
            for future in queue:
                info = future.result()
                future.release()
                status[info["batch"]] = info
                bar.update(info["articles"])
                nxt = next(pending, None)
                if nxt is not None:
                    queue.add(submit(nxt))
    lost = [k for k in todo if k not in status]
    if lost:  # never report a batch as finished that did not run
        raise RuntimeError(f"batches {lost[:10]} did not run; rerun run_pipeline with the "
                           "same arguments to finish them")
    rows = []
    for k in range(corpus.n_batches):
        start, end = corpus.bounds(k)
        info = status.get(k)
        rows.append({"batch": k, "first_row": start, "end_row": end,
                     "articles": end - start,
                     "seconds": info["seconds"] if info else float("nan"),
                     "status": "done" if info else "skipped"})
    return pd.DataFrame(rows)


def _progress(*, total: int, enabled: bool, desc: str) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, desc=desc, unit="article",
                dynamic_ncols=True)


def read_table(out_dir: PathLike, name: str, *, columns: Sequence[str] | None = None,
               batches: Iterable[int] | None = None) -> pd.DataFrame:
    """Read table ``name`` written by :func:`run_pipeline`, all batches in order.

    Only batches marked done are read (a batch being redone is never half-read).
    Empty batches contribute their columns but not their dtypes.

    Examples
    --------
    >>> read_table("no/such/folder", "mentions")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no/such/folder: no table 'mentions' (no batch finished); run newslib.scale.run_pipeline(corpus, out_dir, steps=['mentions']) first
    """
    out = Path(out_dir)
    wanted = set(batches) if batches is not None else None
    parts = []
    marker_dir = out / _MARKER_DIR
    markers = sorted(marker_dir.glob("batch-*.json")) if marker_dir.is_dir() else []
    for marker in markers:
        k = int(marker.stem.split("-")[1])
        if wanted is not None and k not in wanted:
            continue
        part = _part(out, name, k)
        if part.is_file():
            parts.append(part)
    if not parts:
        raise FileNotFoundError(
            f"{out}: no table {name!r} (no batch finished); run "
            f"newslib.scale.run_pipeline(corpus, out_dir, steps=[{name!r}]) first")
    frames = [pd.read_parquet(p, columns=list(columns) if columns else None) for p in parts]
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0]
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]


# --------------------------------------------------------------------------------------
# Dask
# --------------------------------------------------------------------------------------


def to_dask(corpus: PathLike | pd.DataFrame, *, batch_size: int = 1_000,
            columns: Sequence[str] | None = None, npartitions: int | None = None) -> Any:
    """Open a corpus as a ``dask.dataframe``: one partition per batch of articles.

    ``corpus`` is a Parquet corpus path (each partition is read by the worker that
    processes it; nothing is loaded here) or an in-memory articles DataFrame (split into
    ``npartitions`` or ``batch_size``-row partitions). Partitions follow corpus order, so
    ``compute()`` gives the rows in the same order as pandas.

    Examples
    --------
    >>> ddf = to_dask(pd.DataFrame({"article_id": list("abc"), "text": list("xyz")}),
    ...               batch_size=2)
    >>> ddf.npartitions, ddf.compute()["article_id"].tolist()
    (2, ['a', 'b', 'c'])
    """
    import dask.dataframe as dd

    if isinstance(corpus, pd.DataFrame):
        n = npartitions or max(1, -(-len(corpus) // batch_size))
        return dd.from_pandas(corpus, npartitions=n, sort=False)
    import pyarrow.parquet as pq

    batches = open_corpus(corpus, batch_size=batch_size, columns=columns)
    # the columns and dtypes from the Parquet schema: no row group is read here
    empty = pq.ParquetFile(batches.files[0]).schema_arrow.empty_table()
    if batches.columns is not None:
        empty = empty.select(list(batches.columns))
    meta = empty.to_pandas()
    divisions = [batches.bounds(k)[0] for k in range(batches.n_batches)] + [batches.n_rows - 1]
    return dd.from_map(batches.read, range(batches.n_batches), meta=meta,
                       divisions=divisions, label="newslib-corpus", enforce_metadata=False)


def local_cluster(n_workers: int = 2, *, threads_per_worker: int = 1, profile: bool = False,
                  trim_memory: bool = False, dashboard: bool = False, **kwargs: Any) -> Any:
    """A ``distributed.LocalCluster`` of worker processes tuned for newslib's analyses.

    newslib's analyses are Python code that holds the GIL, so the cluster has one worker
    process per core with one thread each (``processes=True, threads_per_worker=1``).
    Two defaults of Dask cost CPU on every worker and are turned off unless asked for
    (measured with ``python -m newslib.bench``'s pipeline on two workers, on a shared
    machine, so roughly: with both on, the workers spent 20-25 % more CPU seconds than one
    process on the same batches; with both off, 2-15 % more, the rest being each worker's
    own event loop and the two busy processes sharing the cores and caches):

    * memory trimming: the nanny starts each worker with ``MALLOC_TRIM_THRESHOLD_=65536``,
      so glibc returns freed memory to the system at once and takes it back on the next
      batch: about six times more page faults and ~9 % more CPU inside the analyses. Turn
      it on (``trim_memory=True``) when the workers' resident memory must shrink between
      batches, e.g. to measure it;
    * the statistical profiler (``distributed.worker.profile.enabled``), a thread that
      samples the worker's stack every 10 ms and competes with the analysis for the GIL.

    The dashboard is off and no fixed port is taken (``127.0.0.1:0``), so several clusters
    (tests, notebooks) can run at once; ``dashboard=True`` serves it on Dask's default
    address. Use the cluster as a context manager, with a ``distributed.Client``.

    Parameters
    ----------
    n_workers
        Worker processes (one per core for CPU-bound work).
    threads_per_worker
        Threads in each worker; more than one only helps work that releases the GIL.
    profile
        Keep Dask's statistical profiler of the workers (needed for the dashboard's
        profile page).
    trim_memory
        Keep Dask's ``MALLOC_TRIM_THRESHOLD_`` setting for the workers.
    dashboard
        Serve the dashboard at Dask's default address (needs ``bokeh``).
    **kwargs
        Passed to ``distributed.LocalCluster`` (e.g. ``memory_limit``).

    Examples
    --------
    >>> from distributed import Client
    >>> with local_cluster(n_workers=1) as cluster, Client(cluster) as client:
    ...     ddf = to_dask(pd.DataFrame({"article_id": ["a", "b"], "text": ["x y", "z"]}))
    ...     client.compute(ddf["text"].str.len()).result().tolist()
    [3, 1]
    """
    import logging

    import dask
    import distributed

    config: dict[str, Any] = {"distributed.worker.profile.enabled": bool(profile)}
    if not trim_memory:
        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={})
                       or {})
        environ.pop("MALLOC_TRIM_THRESHOLD_", None)
        config["distributed.nanny.pre-spawn-environ"] = environ
    options: dict[str, Any] = {"n_workers": n_workers, "threads_per_worker": threads_per_worker,
                               "processes": True, "worker_dashboard_address": None,
                               "silence_logs": logging.ERROR}
    if not dashboard:
        options["dashboard_address"] = "127.0.0.1:0"
    options.update(kwargs)
    with dask.config.set(config):  # read by the nannies and workers as they start
        return distributed.LocalCluster(**options)


def map_articles(ddf: Any, func: Callable[[pd.DataFrame], pd.DataFrame] | str, *,
                 meta: Any = None, **kwargs: Any) -> Any:
    """Apply a newslib analysis to every partition of a ``dask.dataframe`` of articles.

    This is ``ddf.map_partitions(func, meta=meta)``: every newslib analysis works one
    article at a time, so running it per partition and concatenating gives the same table
    as running it on the whole pandas DataFrame. The result is lazy; call ``.compute()``
    (or ``.to_parquet(...)``) on it. Runs on whatever Dask scheduler is active: threads by
    default, processes or a ``distributed`` cluster when a ``Client`` is open.

    Parameters
    ----------
    ddf
        Articles as a ``dask.dataframe`` (:func:`to_dask` builds one from a Parquet corpus).
    func
        ``func(articles, **kwargs) -> DataFrame``, e.g. ``newslib.framing.find_mentions``,
        or a step name of :data:`STEPS` (then the steps it needs run inside each partition).
        For a process-based scheduler it must be picklable (a module-level function).
    meta
        An empty DataFrame with the output's columns and dtypes. By default it is computed
        by applying ``func`` to the empty input partition (``ddf._meta``), so ``func`` must
        accept zero articles.
    **kwargs
        Passed to ``func``.

    Examples
    --------
    >>> ddf = to_dask(pd.DataFrame({"article_id": ["a", "b"], "text": ["x y", "z"]}),
    ...               npartitions=2)
    >>> def count_words(articles):
    ...     return pd.DataFrame({"article_id": articles["article_id"],
    ...                          "n": articles["text"].str.split().str.len()})
    >>> map_articles(ddf, count_words).compute()["n"].tolist()
    [2, 1]
    """
    if isinstance(func, str):
        func = StepFunction(func)
    if meta is None:
        try:
            meta = func(ddf._meta.copy(), **kwargs).iloc[:0]
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise ValueError(f"could not infer the output columns of {func!r} from an empty "
                             f"partition ({type(exc).__name__}: {exc}); pass meta=... (an "
                             "empty DataFrame shaped like the output, e.g. "
                             "func(articles.head(1)).iloc[:0])") from exc
    return ddf.map_partitions(func, meta=meta, align_dataframes=False,
                              enforce_metadata=False, **kwargs)
