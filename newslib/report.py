"""Run every notebook headless and write the report: HTML notebooks and figures.

``python -m newslib.report`` (``make report``) executes ``notebooks/NN-*.ipynb`` in order on
the sample corpus, or on the corpus named by ``--corpus`` (``make report CORPUS=...``),
writes each executed notebook as HTML to ``reports/`` and its figures (PNG, SVG and the CSV
of the plotted numbers) to ``reports/figures/``, then prints where they are.

A corpus is named the way the notebooks' ``corpus`` parameter accepts it
(:func:`load_corpus_param`):

- a file, folder, glob or Parquet file that :func:`newslib.corpus.load_articles` reads;
- ``polnear`` (the PolNeAR benchmark under ``../shared/benchmarks``, train + dev) or
  ``polnear:/path/to/polnear``; choose splits with ``polnear[dev]:/path`` or
  ``polnear[train,dev]``.

Parameters reach a notebook the papermill way: the runner adds a cell tagged
``injected-parameters`` right after the cell tagged ``parameters``, so the notebook's own
defaults still work when it is opened in JupyterLab.
"""

from __future__ import annotations

import argparse
import copy
import html
import os
import re
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newslib import config
from newslib.plots import _FILE_MODE

__all__ = [
    "NOTEBOOKS_DIR",
    "load_corpus_param",
    "check_corpus_param",
    "summarise_corpus",
    "analyse_corpus",
    "list_figures",
    "attach_group",
    "stack_tables",
    "attach_spans",
    "join_by_offsets",
    "locate_mentions",
    "rate_by_group",
    "quality_table",
    "list_notebooks",
    "inject_parameters",
    "run_notebook",
    "export_html",
    "run_report",
    "main",
]

NOTEBOOKS_DIR = config.PROJECT_ROOT / "notebooks"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colour codes in kernel tracebacks
_POLNEAR = re.compile(r"^polnear(?:\[(?P<splits>[a-z,\- ]+)\])?(?::(?P<path>.+))?$")


# --------------------------------------------------------------------------- corpus

def _parse_polnear(value: str) -> tuple[Path, list[str]] | None:
    """Return (folder, splits) when ``value`` names the PolNeAR corpus, else ``None``."""
    m = _POLNEAR.match(value.strip())
    if not m:
        return None
    splits = [s.strip() for s in (m["splits"] or "train,dev").split(",") if s.strip()]
    if m["path"]:
        return Path(m["path"]).expanduser(), splits
    bench = config.benchmarks_dir()
    if bench is None:
        raise FileNotFoundError(
            "corpus 'polnear' needs ../shared/benchmarks/polnear beside the checkout; set "
            "NEWSLIB_SHARED or pass 'polnear:/path/to/polnear'")
    return bench / "polnear", splits


def load_corpus_param(value: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load the articles table named by a notebook's ``corpus`` parameter.

    Parameters
    ----------
    value
        ``None`` or ``""``: :func:`newslib.config.corpus_path` (``$NEWSLIB_CORPUS`` or the
        shipped sample). ``"polnear"``, ``"polnear:/path"``, ``"polnear[dev]:/path"``: the
        PolNeAR benchmark via :func:`newslib.datasets.polnear.read_polnear` (default splits
        train + dev; the ``split`` column says which). Anything else goes to
        :func:`newslib.corpus.load_articles` (file, folder, glob, list).

    Returns
    -------
    DataFrame
        The articles table (one row per article, cleaned ``text``).

    Examples
    --------
    >>> arts = load_corpus_param(None)
    >>> arts["outlet"].tolist()
    ['TRT World']
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        value = config.corpus_path()
    if isinstance(value, str):
        polnear = _parse_polnear(value)
        if polnear is not None:
            from newslib.datasets.polnear import read_polnear

            path, splits = polnear
            tables = [read_polnear(path, split=s)[0] for s in splits]
            articles = pd.concat(tables, ignore_index=True)
            return articles.drop_duplicates("article_id").reset_index(drop=True)
    from newslib.corpus import load_articles

    return load_articles(value, progress=False)


def _absolute_corpus(value: str) -> str:
    """Make a relative path absolute (notebooks run in ``notebooks/``); keep special names."""
    v = value.strip()
    m = _POLNEAR.match(v)
    if m:
        if m["path"]:
            return f"{v.split(':', 1)[0]}:{Path(m['path']).expanduser().absolute()}"
        return v
    return str(Path(v).expanduser().absolute())


def summarise_corpus(articles: pd.DataFrame, *, group_col: str = "outlet",
                     text_col: str = "text", date_col: str = "published") -> pd.DataFrame:
    """One row per group (outlet): articles, words, dates, duplicates and credits.

    Columns: ``articles``, ``words`` (whitespace tokens, total), ``median_words``,
    ``dated`` (articles with a date), ``first``, ``last`` (dates), ``duplicates`` (rows
    flagged in ``duplicate_of``), ``credited`` (rows with a ``credits`` value such as an
    agency). A last row ``"all"`` sums the corpus. The input is not modified.

    Examples
    --------
    >>> arts = pd.DataFrame({"outlet": ["A", "A", "B"], "text": ["a b", "c", "d e f"],
    ...                      "published": ["2022-01-05", None, "2022-01-06"]})
    >>> summarise_corpus(arts)[["articles", "words", "dated"]].values.tolist()
    [[2, 3, 1], [1, 3, 1], [3, 6, 2]]
    """
    from newslib.schema import require_columns

    require_columns(articles, [group_col, text_col], where="summarise_corpus",
                    hint="pass group_col= and text_col=")
    df = pd.DataFrame({
        group_col: articles[group_col].astype("string").fillna("(none)"),
        "words": articles[text_col].astype("string").fillna("").str.split().str.len()
        .astype("int64"),
        "date": (pd.to_datetime(articles[date_col], utc=True, errors="coerce")
                 if date_col in articles.columns else pd.NaT),
        "dup": (articles["duplicate_of"].notna() if "duplicate_of" in articles.columns
                else False),
        "credited": (articles["credits"].notna() if "credits" in articles.columns else False),
    })

    def summary(g: pd.DataFrame) -> dict[str, Any]:
        return {"articles": len(g), "words": int(g["words"].sum()),
                "median_words": float(g["words"].median()) if len(g) else 0.0,
                "dated": int(g["date"].notna().sum()),
                "first": g["date"].min().date() if g["date"].notna().any() else None,
                "last": g["date"].max().date() if g["date"].notna().any() else None,
                "duplicates": int(g["dup"].sum()), "credited": int(g["credited"].sum())}

    rows = {str(k): summary(g) for k, g in df.groupby(group_col, sort=True)}
    rows["all"] = summary(df)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = group_col
    return out


def attach_group(table: pd.DataFrame, articles: pd.DataFrame, *,
                 group_col: str = "outlet") -> pd.DataFrame:
    """Return a copy of ``table`` with the article's ``group_col`` (outlet) as first column.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"]})
    >>> attach_group(pd.DataFrame({"article_id": ["a", "a"], "n": [1, 2]}), arts).columns.tolist()
    ['outlet', 'article_id', 'n']
    """
    from newslib.schema import require_columns

    require_columns(table, ["article_id"], where="attach_group(table)")
    require_columns(articles, ["article_id", group_col], where="attach_group(articles)",
                    hint="pass group_col=")
    out = table.drop(columns=[group_col], errors="ignore")
    groups = articles[["article_id", group_col]].drop_duplicates("article_id")
    out = out.merge(groups, on="article_id", how="left", validate="many_to_one")
    out.index = table.index
    return out[[group_col, *[c for c in out.columns if c != group_col]]]


def stack_tables(tables: Mapping[str, pd.DataFrame], *, name: str = "part") -> pd.DataFrame:
    """Concatenate tables with the same columns, adding a ``name`` column with each key.

    Empty tables are skipped (so their dtypes do not leak into the result).

    Examples
    --------
    >>> a = pd.DataFrame({"x": [1]}); b = pd.DataFrame({"x": [2, 3]})
    >>> stack_tables({"body": a, "title": b}, name="where").values.tolist()
    [['body', 1], ['title', 2], ['title', 3]]
    """
    parts = [t.assign(**{name: key}) for key, t in tables.items() if len(t)]
    if not parts:
        first = next(iter(tables.values()), pd.DataFrame())
        out = first.iloc[0:0].copy()
        out[name] = pd.Series(dtype="string")
    else:
        out = pd.concat(parts, ignore_index=True)
    return out[[name, *[c for c in out.columns if c != name]]]


def attach_spans(table: pd.DataFrame, articles: pd.DataFrame, *, start_col: str = "start",
                 end_col: str = "end", name: str = "span",
                 text_col: str = "text") -> pd.DataFrame:
    """Return a copy of ``table`` with ``name`` = ``text[start:end]`` of each row's article.

    The evidence behind a row, sliced from the article text with the row's own offsets
    (missing offsets give a missing value).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["Police said it was calm."]})
    >>> rows = pd.DataFrame({"article_id": ["a"], "start": [12], "end": [23]})
    >>> attach_spans(rows, arts)["span"].tolist()
    ['it was calm']
    """
    from newslib.schema import require_columns

    require_columns(table, ["article_id", start_col, end_col], where="attach_spans(table)",
                    hint="pass start_col= and end_col=")
    require_columns(articles, ["article_id", text_col], where="attach_spans(articles)")
    texts = dict(zip(articles["article_id"], articles[text_col]))
    spans = []
    for aid, s, e in zip(table["article_id"], table[start_col], table[end_col]):
        t = texts.get(aid)
        ok = isinstance(t, str) and not (pd.isna(s) or pd.isna(e))
        spans.append(t[int(s):int(e)] if ok else None)
    out = table.copy()
    out[name] = pd.array(spans, dtype="string")
    return out


def join_by_offsets(rows: pd.DataFrame, spans: pd.DataFrame, *, columns: Sequence[str],
                    start_col: str = "start", span_start: str = "start",
                    span_end: str = "end") -> pd.DataFrame:
    """Attach to each row the ``columns`` of the span (same article) that contains its start.

    Evidence linking by offsets: e.g. each actor mention gets the ``voice`` and
    ``compound`` of the sentence part it sits in. Rows inside no span get missing values.
    Spans of one article must not overlap (sentences, sentence parts). Inputs are not
    modified.

    Examples
    --------
    >>> parts = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 20], "end": [19, 40],
    ...                       "voice": ["quoted", "narration"]})
    >>> m = pd.DataFrame({"article_id": ["a", "a", "b"], "start": [25, 3, 0]})
    >>> join_by_offsets(m, parts, columns=["voice"])["voice"].fillna("-").tolist()
    ['narration', 'quoted', '-']
    """
    import bisect

    from newslib.schema import require_columns

    require_columns(rows, ["article_id", start_col], where="join_by_offsets(rows)")
    require_columns(spans, ["article_id", span_start, span_end, *columns],
                    where="join_by_offsets(spans)")
    order = spans.sort_values(["article_id", span_start], kind="stable")
    index: dict[Any, tuple[list[int], list[int], list[int]]] = {}
    for pos, (aid, s0, s1) in enumerate(zip(order["article_id"], order[span_start],
                                            order[span_end])):
        starts, ends, where = index.setdefault(aid, ([], [], []))
        starts.append(int(s0))
        ends.append(int(s1))
        where.append(pos)
    hits: list[int] = []
    for aid, start in zip(rows["article_id"], rows[start_col]):
        found = -1
        entry = index.get(aid)
        if entry is not None and not pd.isna(start):
            i = bisect.bisect_right(entry[0], int(start)) - 1
            if i >= 0 and int(start) < entry[1][i]:
                found = entry[2][i]
        hits.append(found)
    out = rows.copy()
    taken = np.asarray(hits)
    ok = taken >= 0
    for col in columns:
        values = order[col].to_numpy()[np.where(ok, taken, 0)] if len(order) else \
            np.full(len(out), None)
        series = pd.Series(values, index=out.index).where(ok)
        out[col] = series.astype(order[col].dtype) if len(order) else series
    return out


def locate_mentions(mentions: pd.DataFrame, parts: pd.DataFrame, articles: pd.DataFrame, *,
                    group_col: str = "outlet", value_col: str = "compound") -> pd.DataFrame:
    """One row per actor per scored sentence part that mentions it, with its voice and score.

    ``parts`` are scored sentence parts (``sentiment.score_sentences`` of
    ``sentiment.mark_voice``); each mention takes the ``voice`` and ``value_col`` of the part
    that holds it, and a part that mentions the same actor twice counts once. The result
    (``group_col`` first) is ready for ``sentiment.aggregate_sentiment(by=["actor",
    group_col], value_col=value_col)``. Inputs are not modified.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"]})
    >>> parts = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 0],
    ...                       "part_id": [0, 1], "start": [0, 20], "end": [19, 40],
    ...                       "voice": ["quoted", "narration"], "compound": [-0.5, 0.2]})
    >>> m = pd.DataFrame({"article_id": ["a"] * 3, "start": [2, 8, 25],
    ...                   "actor": ["police", "police", "police"]})
    >>> locate_mentions(m, parts, arts)[["voice", "compound"]].values.tolist()
    [['quoted', -0.5], ['narration', 0.2]]
    """
    located = join_by_offsets(mentions, parts.rename(columns={"sentence_id": "part_sentence"}),
                              columns=["part_sentence", "part_id", "voice", value_col])
    located = located[located["part_id"].notna()]
    located = located.drop_duplicates(["article_id", "part_sentence", "part_id", "actor"])
    return attach_group(located, articles, group_col=group_col).reset_index(drop=True)


def rate_by_group(rows: pd.DataFrame, articles: pd.DataFrame, *, flag_col: str,
                  group_col: str = "outlet", invert: bool = False,
                  z: float = 1.96) -> pd.DataFrame:
    """Share of ``rows`` whose ``flag_col`` is true, per group, with a Wilson interval.

    ``rows`` carry ``article_id`` (e.g. the passives table); the group comes from
    ``articles``. ``invert=True`` counts the rows where the flag is false (agentless
    passives from ``has_agent``). Every group of ``articles`` appears, with ``n = 0`` and a
    missing rate when it has no rows. Columns: ``group_col``, ``k``, ``n``, ``rate``,
    ``ci_low``, ``ci_high``. Inputs are not modified.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"]})
    >>> p = pd.DataFrame({"article_id": ["a", "a", "b"], "has_agent": [True, False, False]})
    >>> rate_by_group(p, arts, flag_col="has_agent", invert=True)[["outlet", "k", "n", "rate"]
    ...                                                           ].values.tolist()
    [['X', 1, 2, 0.5], ['Y', 1, 1, 1.0]]
    """
    from newslib.schema import require_columns

    require_columns(rows, ["article_id", flag_col], where="rate_by_group(rows)")
    require_columns(articles, ["article_id", group_col], where="rate_by_group(articles)",
                    hint="pass group_col=")
    groups = articles[["article_id", group_col]].drop_duplicates("article_id")
    flag = rows[flag_col].astype("boolean").fillna(False).astype(bool)
    df = pd.DataFrame({"article_id": rows["article_id"].to_numpy(),
                       "hit": (~flag if invert else flag).to_numpy()})
    df = df.merge(groups, on="article_id", how="left")
    agg = df.groupby(group_col)["hit"].agg(k="sum", n="size")
    allg = sorted(groups[group_col].dropna().astype(str).unique())
    agg.index = agg.index.astype(str)
    agg = agg.reindex(allg, fill_value=0).astype("int64")
    n, k = agg["n"].to_numpy(dtype=float), agg["k"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    out = agg.reset_index(names=group_col)
    out["rate"] = p
    out["ci_low"] = np.clip(centre - half, 0, 1)
    out["ci_high"] = np.clip(centre + half, 0, 1)
    return out


def analyse_corpus(articles: pd.DataFrame, *, group_col: str = "outlet",
                   actors: Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """Run every newslib analysis the report figures need; return the tables by name.

    ``sentences`` (:func:`newslib.segment.split_sentences`), ``mentions`` and
    ``label_counts`` (:mod:`newslib.framing`, by ``group_col`` and family), ``passives``
    and ``passive_rates`` (agentless share per group, Wilson interval), ``quotes``
    (:func:`newslib.sourcing.extract_quotes` with ``group_col``), ``parts`` (sentence parts
    by voice, VADER-scored), ``actor_parts`` (:func:`locate_mentions`) and
    ``actor_sentiment`` (mean compound per actor x group, bootstrap 95% interval),
    ``mention_scores`` (:func:`newslib.sentiment.score_mentions`: the target-dependent
    model's score of each mention) and ``actor_target_sentiment`` (their mean per actor x
    group) and, when there are at
    least two groups, ``keyness`` (:func:`newslib.framing.compute_keyness`, each group
    against the rest, top 20 terms; its group column is ``group``). ``actors`` restricts
    the mentions to those actors. The input is not modified.
    """
    from newslib import framing, segment, sentiment, sourcing

    sentences = segment.split_sentences(articles)
    lexicon = framing.load_lexicon()
    mentions = framing.find_mentions(articles, lexicon=lexicon, sentences=sentences)
    if actors:
        mentions = mentions[mentions["actor"].isin(list(actors))].reset_index(drop=True)
    label_counts = framing.count_labels(mentions, articles, by=[group_col, "family"])
    passives = framing.find_passives(articles, lexicon=lexicon, sentences=sentences)
    passive_rates = rate_by_group(passives, articles, flag_col="has_agent", invert=True,
                                  group_col=group_col)
    raw_quotes = sourcing.extract_quotes(articles)
    quotes = attach_group(raw_quotes, articles, group_col=group_col)
    parts = sentiment.score_sentences(sentiment.mark_voice(sentences, raw_quotes))
    actor_parts = locate_mentions(mentions, parts, articles, group_col=group_col)
    actor_sentiment = sentiment.aggregate_sentiment(actor_parts, by=["actor", group_col],
                                                    value_col="compound")
    mention_scores = attach_group(sentiment.score_mentions(mentions, sentences), articles,
                                  group_col=group_col)
    actor_target = sentiment.aggregate_sentiment(mention_scores, by=["actor", group_col],
                                                 value_col="score")
    tables = {"articles": articles, "sentences": sentences, "mentions": mentions,
              "label_counts": label_counts, "passives": passives,
              "passive_rates": passive_rates, "quotes": quotes,
              "parts": attach_group(parts, articles, group_col=group_col),
              "actor_parts": actor_parts, "actor_sentiment": actor_sentiment,
              "mention_scores": mention_scores, "actor_target_sentiment": actor_target}
    if articles[group_col].nunique() >= 2:
        tables["keyness"] = framing.compute_keyness(articles, group_col=group_col,
                                                    min_count=5, top=20)
    return tables


def list_figures(folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return the exported figures of ``folder``: one row per figure with its files.

    Examples
    --------
    >>> list_figures("/nonexistent").columns.tolist()
    ['figure', 'png', 'svg', 'pdf', 'csv']
    """
    folder = Path(folder) if folder is not None else config.FIGURES_DIR
    cols = ["figure", "png", "svg", "pdf", "csv"]
    if not folder.is_dir():
        return pd.DataFrame(columns=cols)
    stems = sorted({p.stem for p in folder.iterdir()
                    if p.suffix in (".png", ".svg", ".pdf") and not p.name.startswith(".")})
    rows = [{"figure": st, **{ext: (str(folder / f"{st}.{ext}")
                                    if (folder / f"{st}.{ext}").is_file() else None)
                              for ext in cols[1:]}} for st in stems]
    return pd.DataFrame(rows, columns=cols)


def quality_table(component: str | None = None, *,
                  path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return the measured quality rows (``reports/quality.json``), optionally for one component.

    The table is written by ``make quality``; when it has not been run yet the result is
    empty (same columns), so notebooks can show it either way.

    Examples
    --------
    >>> list(quality_table("nothing-such", path="/nonexistent.json").columns)[:3]
    ['component', 'dataset', 'metric']
    """
    from newslib.quality import ROW_KEYS

    src = Path(path) if path is not None else config.REPORTS_DIR / "quality.json"
    if not src.is_file():
        return pd.DataFrame(columns=[*ROW_KEYS, "seconds"])
    table = pd.read_json(src, orient="records", dtype=False)
    if component is not None and "component" in table.columns:
        table = table[table["component"] == component]
    return table.reset_index(drop=True)


def check_corpus_param(value: str) -> None:
    """Raise ``FileNotFoundError`` (naming the fix) when ``value`` names nothing readable.

    Cheap: checks paths only (globs are expanded), without loading the corpus, so
    ``make report`` fails in a second instead of in every notebook.

    Examples
    --------
    >>> check_corpus_param("/no/such/corpus.jsonl")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileNotFoundError: corpus '/no/such/corpus.jsonl' not found; pass a file, a folder, ...
    """
    import glob

    polnear = _parse_polnear(value)
    if polnear is not None:
        path, splits = polnear
        missing = [s for s in splits if not (path / s / "text").is_dir()]
        if missing:
            raise FileNotFoundError(
                f"PolNeAR split(s) {missing} not found under {path}; pass the 'polnear' "
                "folder of ../shared/benchmarks, e.g. 'polnear:/path/to/polnear'")
        return
    if any(c in value for c in "*?[") and glob.glob(value, recursive=True):
        return
    if not Path(value).expanduser().exists():
        raise FileNotFoundError(
            f"corpus {value!r} not found; pass a file, a folder, a glob such as "
            "'data/raw/*.jsonl', or 'polnear[:PATH]'")


# --------------------------------------------------------------------------- notebooks

def list_notebooks(folder: str | os.PathLike | None = None) -> list[Path]:
    """Return the numbered notebooks (``NN-verb-topic.ipynb``) of ``folder``, in order.

    Examples
    --------
    >>> [p.name[:2] for p in list_notebooks()][:2]
    ['01', '02']
    """
    folder = Path(folder) if folder is not None else NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if p.is_file())


def inject_parameters(nb: Any, params: Mapping[str, Any]) -> Any:
    """Return a copy of notebook ``nb`` with a cell setting ``params`` after its parameters.

    The new cell is tagged ``injected-parameters`` and goes right after the first cell
    tagged ``parameters`` (at the top when there is none), as papermill does. Values are
    written with ``repr``, so use plain Python values (str, int, float, bool, None, lists).
    The input notebook is not modified.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    >>> nb.cells[0].metadata["tags"] = ["parameters"]
    >>> out = inject_parameters(nb, {"x": 2})
    >>> [c.source for c in out.cells], len(nb.cells)
    (['x = 1', '# Parameters (injected by newslib.report)\\nx = 2'], 1)
    """
    import nbformat

    out = copy.deepcopy(nb)
    lines = ["# Parameters (injected by newslib.report)"]
    for name, val in params.items():
        if not name.isidentifier():
            raise ValueError(f"parameter name {name!r} is not a Python identifier")
        lines.append(f"{name} = {val!r}")
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    cell["id"] = "injected-parameters"
    out.cells = [c for c in out.cells
                 if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    where = next((i + 1 for i, c in enumerate(out.cells)
                  if "parameters" in c.get("metadata", {}).get("tags", [])), 0)
    out.cells.insert(where, cell)
    return out


def _kernel_manager():
    """A kernel manager that runs ipykernel with THIS Python (the one newslib is installed in),
    whatever ``python3`` kernelspec the user's Jupyter may have registered."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    class _ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:  # noqa: ARG002
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                    "{connection_file}"],
                              display_name="Python (newslib)", language="python",
                              resource_dir=str(NOTEBOOKS_DIR))

    return KernelManager(kernel_name="python3", kernel_spec_manager=_ThisPython())


def run_notebook(path: str | os.PathLike, params: Mapping[str, Any] | None = None, *,
                 timeout: int = 900, cwd: str | os.PathLike | None = None,
                 allow_errors: bool = False) -> Any:
    """Execute the notebook at ``path`` with ``params`` injected; return the executed notebook.

    Raises ``nbclient.exceptions.CellExecutionError`` when a cell fails (the partially
    executed notebook is attached as ``error.notebook``). The file on disk is not changed.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    if params:
        nb = inject_parameters(nb, params)
    client = NotebookClient(nb, timeout=timeout, km=_kernel_manager(),
                            allow_errors=allow_errors,
                            resources={"metadata": {"path": str(cwd or path.parent)}})
    try:
        client.execute(cleanup_kc=True)  # we pass km, so ask nbclient to shut it down
    except CellExecutionError as err:
        err.notebook = nb
        raise
    return nb


def _atomic_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600 files; give the usual permissions
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def export_html(nb: Any, path: str | os.PathLike) -> Path:
    """Write an executed notebook as a standalone HTML page (images embedded)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    path = Path(path)
    _atomic_text(path, body)
    return path


def _index_html(pages: list[Path], figures: list[Path], corpus: str, out_dir: Path,
                failed: list[str]) -> str:
    def rel(p: Path) -> str:
        return html.escape(os.path.relpath(p, out_dir))

    items = "\n".join(f'<li><a href="{rel(p)}">{html.escape(p.stem)}</a></li>' for p in pages)
    def links(p: Path) -> str:
        return " · ".join(f'<a href="{rel(p.with_suffix(ext))}">{ext[1:].upper()}</a>'
                          for ext in (".svg", ".pdf", ".csv") if p.with_suffix(ext) in figures)

    figs = "\n".join(
        f'<figure><a href="{rel(p)}"><img src="{rel(p)}" style="max-width:100%"></a>'
        f'<figcaption>{html.escape(p.stem)}: {links(p)}</figcaption></figure>'
        for p in figures if p.suffix == ".png")
    warn = (f"<p><strong>Failed:</strong> {html.escape(', '.join(failed))}</p>" if failed
            else "")
    return (f"<!doctype html><meta charset='utf-8'><title>newslib report</title>"
            f"<h1>newslib report</h1><p>Corpus: <code>{html.escape(corpus)}</code></p>{warn}"
            f"<h2>Notebooks</h2><ul>{items}</ul><h2>Figures</h2>{figs}\n")


def run_report(corpus: str | None = None, *, out_dir: str | os.PathLike | None = None,
               notebooks: Sequence[str | os.PathLike] | None = None, timeout: int = 900,
               group_col: str = "outlet", pdf: bool = False, log=None) -> dict[str, Any]:
    """Execute the notebooks on ``corpus`` and write HTML pages and figures under ``out_dir``.

    Parameters
    ----------
    corpus
        What the notebooks' ``corpus`` parameter accepts (see :func:`load_corpus_param`);
        default: the sample (or ``$NEWSLIB_CORPUS``).
    out_dir
        Report folder (default :data:`newslib.config.REPORTS_DIR`); the blank coding
        sheets of the validation notebook go to its ``validation/`` subfolder, figures to its
        ``figures/`` subfolder, from which the images and CSVs of an earlier run are removed
        first (a figure the new corpus does not produce, such as the timeline of a one-day
        corpus, must not linger from the previous one).
    notebooks
        Notebook files to run (default: every ``notebooks/NN-*.ipynb``).
    group_col
        Column whose groups the notebooks compare (default ``"outlet"``).
    pdf
        Also write a PDF of each exported figure (sets the ``pdf`` parameter of 05).
    log
        Callable taking one line of progress text (default: no output).

    Returns
    -------
    dict
        ``html`` (list of pages), ``figures`` (files in the figures folder), ``index``,
        ``failed`` (names of notebooks that raised), ``seconds`` per notebook.
    """
    from nbclient.exceptions import CellExecutionError

    corpus_value = _absolute_corpus(str(corpus)) if corpus else config.corpus_path()
    check_corpus_param(corpus_value)  # before touching the figures of an earlier run
    paths = [Path(p) for p in notebooks] if notebooks is not None else list_notebooks()
    if not paths:
        raise FileNotFoundError(f"no notebooks NN-*.ipynb found in {NOTEBOOKS_DIR}")
    out = Path(out_dir) if out_dir is not None else config.REPORTS_DIR
    figures_dir = out / "figures"
    figures_dir.mkdir(parents=True, exist_ok=True)
    for old in figures_dir.iterdir():  # figures of an earlier run (maybe another corpus)
        if old.is_file() and old.suffix in (".png", ".svg", ".pdf", ".csv"):
            old.unlink()
    params: dict[str, Any] = {"corpus": corpus_value, "group_col": group_col,
                              "figures_dir": str(figures_dir.absolute()),
                              # blank coding sheets of 06 go beside the report, not into
                              # the default reports/ when out_dir is elsewhere
                              "sheets_dir": str((out / "validation").absolute())}
    if pdf:
        params["pdf"] = True
    pages, failed, seconds = [], [], {}
    for path in paths:
        if log:
            log(f"running {path.name} ...")
        t0 = time.perf_counter()
        try:
            nb = run_notebook(path, params, timeout=timeout)
        except CellExecutionError as err:
            nb = getattr(err, "notebook", None)
            failed.append(path.stem)
            if log:
                last = str(err).strip().splitlines()[-1] if str(err).strip() else repr(err)
                log("  FAILED: " + _ANSI.sub("", last))
        seconds[path.stem] = round(time.perf_counter() - t0, 1)
        if nb is not None:
            pages.append(export_html(nb, out / f"{path.stem}.html"))
    figures = sorted(p for p in figures_dir.iterdir() if p.is_file()
                     and not p.name.startswith("."))
    index = out / "index.html"
    _atomic_text(index, _index_html(pages, figures, corpus_value, out, failed))
    return {"html": pages, "figures": figures, "index": index, "failed": failed,
            "seconds": seconds}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m newslib.report [--corpus PATH] [--out DIR] [--only NN]
    [--group-col COL] [--pdf]``."""
    parser = argparse.ArgumentParser(
        prog="python -m newslib.report",
        description="Run every notebook headless and write HTML pages and figures.")
    parser.add_argument("--corpus", default=None,
                        help="file, folder, glob, or 'polnear[:PATH]' (default: the sample or "
                             "$NEWSLIB_CORPUS)")
    parser.add_argument("--out", default=None, help=f"report folder (default {config.REPORTS_DIR})")
    parser.add_argument("--only", action="append", default=None, metavar="NN",
                        help="run only notebooks whose name starts with NN (repeatable)")
    parser.add_argument("--group-col", default="outlet",
                        help="column whose groups are compared (default: outlet)")
    parser.add_argument("--pdf", action="store_true", help="also write PDF figures")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = list_notebooks()
    if args.only:
        paths = [p for p in paths if any(p.name.startswith(o) for o in args.only)]

    def log(line: str) -> None:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    if not paths:
        parser.error(f"no notebook matches --only {args.only}; notebooks are "
                     f"{[p.name for p in list_notebooks()]}")
    try:
        result = run_report(args.corpus, out_dir=args.out, notebooks=paths,
                            timeout=args.timeout, group_col=args.group_col, pdf=args.pdf,
                            log=log)
    except FileNotFoundError as err:
        parser.error(str(err))
    for stem, sec in result["seconds"].items():
        log(f"  {stem}: {sec} s")
    sys.stdout.write("Notebooks (HTML):\n")
    for p in result["html"]:
        sys.stdout.write(f"  {p}\n")
    n_png = sum(p.suffix == ".png" for p in result["figures"])
    sys.stdout.write(f"Figures ({n_png} PNG, with SVG and CSV): "
                     f"{result['figures'][0].parent if result['figures'] else '(none)'}\n")
    sys.stdout.write(f"Index: {result['index']}\n")
    if result["failed"]:
        sys.stdout.write(f"FAILED notebooks: {', '.join(result['failed'])} (see their HTML)\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
