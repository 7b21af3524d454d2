"""Quality of every newslib component, measured on real annotated news.

Run ``make quality`` (``python -m newslib.quality``). Each component module here
(``segmentation``, ``framing``, ``sourcing``, ``sentiment``, ...) defines
``run(benchmarks: Path) -> list[dict]`` returning rows built with :func:`row` (the keys of
:data:`ROW_KEYS`); the command gathers them into one table and writes
``reports/quality.md`` and ``reports/quality.json``. The scorers live in
:mod:`newslib.quality.scorers`.

One failing component does not stop the report: :func:`run_all` catches the error and puts
one row for that component with ``metric="error"`` and the exception in ``note``, so the
table always shows what was measured and what broke. A component whose module does not
exist yet gets a ``not measured`` row.
"""

from __future__ import annotations

import importlib
import json
import math
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

ROW_KEYS = ("component", "dataset", "metric", "newslib", "peer", "peer_value",
            "published", "note")
TABLE_COLUMNS = (*ROW_KEYS, "seconds")

#: Component modules, run in this order. A module that is not installed is reported, not fatal.
COMPONENTS = ("segmentation", "framing", "sourcing", "sentiment")


def row(component: str, dataset: str, metric: str, value: float, *, peer: str | None = None,
        peer_value: float | None = None, published: str | None = None,
        note: str = "") -> dict:
    """Build one row of the quality table.

    Examples
    --------
    >>> row("segmentation", "golden_rules", "cases passed", 46)["newslib"]
    46
    """
    return {"component": component, "dataset": dataset, "metric": metric, "newslib": value,
            "peer": peer, "peer_value": peer_value, "published": published, "note": note}


def _where(err: BaseException) -> str:
    """``file:line in function`` of the deepest frame inside newslib (else the deepest)."""
    here = Path(__file__).resolve()
    frames = [f for f in traceback.extract_tb(err.__traceback__)
              if Path(f.filename).resolve() != here]
    if not frames:
        return ""
    ours = [f for f in frames if "newslib" in Path(f.filename).parts]
    f = (ours or frames)[-1]
    parts = Path(f.filename).parts
    name = "/".join(parts[parts.index("newslib"):]) if "newslib" in parts else parts[-1]
    return f"{name}:{f.lineno} in {f.name}"


def _error_row(component: str, err: BaseException) -> dict:
    message = " ".join(f"{type(err).__name__}: {err}".split())
    if len(message) > 300:
        message = message[:297] + "..."
    where = _where(err)
    if where:
        message += f" (at {where})"
    return row(component, "-", "error", float("nan"), note=message)


def _check_rows(name: str, got: Any) -> list[dict]:
    """Validate what a component's ``run`` returned; raise TypeError naming the fix."""
    if not isinstance(got, list | tuple):
        raise TypeError(f"newslib.quality.{name}.run returned {type(got).__name__}; "
                        "return a list of dicts built with newslib.quality.row(...)")
    out = []
    for i, r in enumerate(got):
        if not isinstance(r, dict):
            raise TypeError(f"newslib.quality.{name}.run: row {i} is {type(r).__name__}, "
                            "not a dict; build rows with newslib.quality.row(...)")
        missing = [k for k in ("component", "dataset", "metric", "newslib") if k not in r]
        if missing:
            raise TypeError(f"newslib.quality.{name}.run: row {i} lacks {missing}; build "
                            "rows with newslib.quality.row(...)")
        out.append({k: r.get(k, "" if k == "note" else None) for k in ROW_KEYS})
    return out


def run_all(benchmarks: Path, components: tuple[str, ...] = COMPONENTS, *,
            progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Run every component's quality check and return one tidy table.

    Parameters
    ----------
    benchmarks : Path
        The ``shared/benchmarks`` folder.
    components : tuple of str
        Module names under :mod:`newslib.quality` to run, in order.
    progress : callable, optional
        Called with one short line before and after each component (the command passes a
        writer to stderr); nothing is printed otherwise.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TABLE_COLUMNS`; ``seconds`` is the component's total run time.
        A component that raised has one row with ``metric="error"`` and the error in
        ``note``; a missing module has one ``not measured`` row.
    """
    say = progress or (lambda _msg: None)
    rows: list[dict] = []
    for name in components:
        t0 = time.perf_counter()
        say(f"[quality] {name}: running")
        try:
            module = importlib.import_module(f"newslib.quality.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"newslib.quality.{name}":
                got = [_error_row(name, err)]
            else:
                got = [row(name, "-", "not measured", float("nan"),
                           note="component has no quality module yet")]
        except Exception as err:  # noqa: BLE001 - a broken component must not stop the report
            got = [_error_row(name, err)]
            say("".join(traceback.format_exception(err)).rstrip())
        else:
            try:
                got = _check_rows(name, module.run(benchmarks))
            except Exception as err:  # noqa: BLE001 - recorded in the row's note instead
                got = [_error_row(name, err)]
                say("".join(traceback.format_exception(err)).rstrip())
        seconds = round(time.perf_counter() - t0, 1)
        for r in got:
            r["note"] = "" if r.get("note") is None else str(r["note"])
            r["seconds"] = seconds
        rows.extend(got)
        failed = sum(r["metric"] == "error" for r in got)
        say(f"[quality] {name}: {len(got)} rows in {seconds:.1f} s"
            + (f", ERROR: {got[0]['note']}" if failed else ""))
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def errors(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a quality table that record a failed component.

    Examples
    --------
    >>> t = pd.DataFrame([row("a", "-", "error", float("nan"), note="boom"),
    ...                   row("b", "d", "F1", 0.5)])
    >>> errors(t)["component"].tolist()
    ['a']
    """
    return table[table["metric"] == "error"]


def _cell(v: Any, column: str = "") -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if column == "seconds":
            return f"{v:.1f}"
        # counts ("cases passed of 48": 44) print as integers; shares keep 3 decimals
        return str(int(v)) if v.is_integer() and abs(v) >= 2 else f"{v:.3f}"
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return str(v).replace("|", "\\|").replace("\n", " ")


def to_markdown(table: pd.DataFrame) -> str:
    """Render the quality table as a GitHub Markdown table (no extra dependency).

    Examples
    --------
    >>> print(to_markdown(pd.DataFrame([row("seg", "gr", "F1", 0.91234)])[["metric", "newslib"]]))
    | metric | newslib |
    |---|---|
    | F1 | 0.912 |
    <BLANKLINE>
    """
    cols = list(table.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for rec in table.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v, c) for v, c in zip(rec, cols, strict=True))
                     + " |")
    return "\n".join(lines) + "\n"


def _json_safe(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        return _json_safe(v.item())
    return v


def read_report(path: Path) -> pd.DataFrame:
    """Read a ``quality.json`` written by :func:`write_report` (empty table when absent)."""
    if not Path(path).is_file():
        return pd.DataFrame(columns=list(TABLE_COLUMNS))
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    return pd.DataFrame(records, columns=list(TABLE_COLUMNS))


def merge_tables(old: pd.DataFrame, new: pd.DataFrame,
                 order: tuple[str, ...] = COMPONENTS) -> pd.DataFrame:
    """Replace the rows of the components in ``new`` inside ``old``; keep the others.

    Used by ``--only``: re-measuring one component updates the report instead of
    replacing it. Components are ordered as in ``order`` (others after, as found).

    Examples
    --------
    >>> old = pd.DataFrame([row("a", "d", "F1", 0.1), row("b", "d", "F1", 0.2)])
    >>> new = pd.DataFrame([row("a", "d", "F1", 0.9)])
    >>> merge_tables(old, new, ("a", "b"))["newslib"].tolist()
    [0.9, 0.2]
    """
    replaced = set(new["component"])
    frames = [f for f in (old[~old["component"].isin(replaced)], new) if len(f)]
    both = pd.concat(frames, ignore_index=True) if frames else new.copy()
    names = list(dict.fromkeys([*order, *both["component"]]))
    rank = both["component"].map({n: i for i, n in enumerate(names)})
    return (both.assign(_rank=rank).sort_values("_rank", kind="stable")
            .drop(columns="_rank").reset_index(drop=True))


def write_report(table: pd.DataFrame, out_dir: Path, *,
                 provenance: str | None = None) -> tuple[Path, Path]:
    """Write ``quality.md`` and ``quality.json`` into ``out_dir`` atomically.

    The JSON is a list of row objects; missing numbers are ``null`` (valid JSON, no NaN).
    ``provenance`` (e.g. when, on which data and commit) is added under the Markdown table.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / "quality.md", out_dir / "quality.json"
    records = [{k: _json_safe(v) for k, v in rec.items()}
               for rec in table.to_dict(orient="records")]
    text = to_markdown(table) + (f"\n{provenance}\n" if provenance else "")
    for path, content in ((md, text),
                          (js, json.dumps(records, indent=2, default=str,
                                          allow_nan=False) + "\n")):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
    return md, js
