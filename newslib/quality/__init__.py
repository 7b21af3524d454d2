"""Quality of every newslib component, measured on real annotated news.

Run ``make quality`` (``python -m newslib.quality``). Each component module here
(``segmentation``, ``framing``, ``sourcing``, ``sentiment``, ...) defines
``run(benchmarks: Path) -> list[dict]`` returning rows with the keys of
:data:`ROW_KEYS`; the command gathers them into one table and writes
``reports/quality.md`` and ``reports/quality.json``. The scorers live in
:mod:`newslib.quality.scorers`.
"""

from __future__ import annotations

import importlib
import json
import time
from pathlib import Path

import pandas as pd

ROW_KEYS = ("component", "dataset", "metric", "newslib", "peer", "peer_value",
            "published", "note")

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


def run_all(benchmarks: Path, components: tuple[str, ...] = COMPONENTS) -> pd.DataFrame:
    """Run every component's quality check and return one tidy table."""
    rows: list[dict] = []
    for name in components:
        try:
            module = importlib.import_module(f"newslib.quality.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"newslib.quality.{name}":
                raise
            rows.append(row(name, "-", "not measured", float("nan"),
                            note="component has no quality module yet"))
            continue
        t0 = time.perf_counter()
        got = module.run(benchmarks)
        seconds = time.perf_counter() - t0
        for r in got:
            r.setdefault("note", "")
            r["seconds"] = round(seconds, 1)
        rows.extend(got)
    return pd.DataFrame(rows, columns=[*ROW_KEYS, "seconds"])


def to_markdown(table: pd.DataFrame) -> str:
    """Render the quality table as a GitHub Markdown table (no extra dependency)."""
    cols = list(table.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for rec in table.itertuples(index=False):
        cells = []
        for v in rec:
            if isinstance(v, float):
                cells.append("" if pd.isna(v) else f"{v:.3f}")
            else:
                cells.append("" if v is None else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write_report(table: pd.DataFrame, out_dir: Path) -> tuple[Path, Path]:
    """Write ``quality.md`` and ``quality.json`` into ``out_dir`` atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / "quality.md", out_dir / "quality.json"
    for path, content in ((md, to_markdown(table)),
                          (js, json.dumps(table.to_dict(orient="records"), indent=2,
                                          default=str))):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
    return md, js
