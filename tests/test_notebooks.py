"""Tests for the notebooks and newslib.report.

- structure: names ``NN-verb-topic``, jupytext pairing in sync, no committed outputs, the
  fixed opening (autoreload, imports from newslib only, a ``parameters`` cell);
- newslib.report helpers: corpus-parameter dispatch, parameter injection, tables;
- NOTEBOOK EXECUTION on the shipped sample (every notebook, top to bottom) and, when
  ../shared is present, on PolNeAR train+dev (924 articles, 7 outlets) through
  ``newslib.report.run_report`` exactly as ``make report CORPUS=polnear`` runs it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from newslib import config, report

NOTEBOOKS = report.list_notebooks()
IDS = [p.stem for p in NOTEBOOKS]
# The fixed parameters every analysis notebook takes (06 has its own set besides corpus).
COMMON_PARAMETERS = {"corpus", "group_col", "actors", "figures_dir"}
REPORT_FIGURES = ["label-shares", "passive-rate", "source-types", "relay-chains"]


def _code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def _parameters_cell(nb):
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell must be tagged 'parameters'"
    return tagged[0]


def _errors(nb) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for c in _code_cells(nb) for o in c.get("outputs", [])
            if o.output_type == "error"]


# --------------------------------------------------------------------------- structure

def test_the_numbered_sequence_is_there():
    assert IDS[:5] == ["01-load-clean", "02-compare-labels", "03-score-sentiment", "04-trace-sources",
                       "05-export-figures"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_structure(path: Path):
    assert re.fullmatch(r"\d\d(-[a-z]+)+", path.stem), "name notebooks NN-verb-topic"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    for cell in _code_cells(nb):
        assert cell.get("outputs") == [] and cell.get("execution_count") is None, \
            "commit notebooks without outputs (run `make sync-notebooks`)"
    first = _code_cells(nb)[0].source
    assert "%load_ext autoreload" in first and "%autoreload 2" in first
    for cell in _code_cells(nb):
        for line in cell.source.splitlines():
            if re.match(r"\s*(import|from)\s", line):
                assert re.match(r"\s*from newslib\b|\s*import newslib\b", line), \
                    f"notebooks import from newslib only: {line!r}"
        assert "../data" not in cell.source and "sys.path" not in cell.source
    params = _parameters_cell(nb).source
    names = set(re.findall(r"^(\w+)\s*=", params, flags=re.M))
    assert "corpus" in names
    if path.stem[:2] in {"01", "02", "03", "04", "05"}:
        assert COMMON_PARAMETERS <= names
        assert "config.corpus_path()" in params


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_paired_script_in_sync(path: Path):
    import jupytext

    script = path.with_suffix(".py")
    assert script.is_file(), f"{script.name} missing: pair with `jupytext --sync`"
    from_py = jupytext.read(script)
    from_nb = nbformat.read(path, as_version=4)
    assert [(c.cell_type, c.source) for c in from_py.cells] == \
        [(c.cell_type, c.source) for c in from_nb.cells], \
        f"{path.name} and {script.name} differ: run `jupytext --sync {path.name}`"


# --------------------------------------------------------------------------- report helpers

def test_inject_parameters_after_parameters_cell():
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    out = report.inject_parameters(nb, {"corpus": "x.txt", "actors": ["a", "b"]})
    idx = next(i for i, c in enumerate(out.cells) if "parameters" in c.metadata.get("tags", []))
    injected = out.cells[idx + 1]
    assert injected.metadata["tags"] == ["injected-parameters"]
    assert "corpus = 'x.txt'" in injected.source and "actors = ['a', 'b']" in injected.source
    assert len(out.cells) == len(nb.cells) + 1
    again = report.inject_parameters(out, {"corpus": "y.txt"})  # replaces, not stacks
    assert sum("injected-parameters" in c.metadata.get("tags", []) for c in again.cells) == 1
    with pytest.raises(ValueError, match="identifier"):
        report.inject_parameters(nb, {"not a name": 1})


def _fake_polnear(root: Path) -> Path:
    for split, name, outlet in (("train", "nyt_2016-01-01_a", "nyt"),
                                ("dev", "politico_2016-01-03_b", "politico")):
        (root / split / "text").mkdir(parents=True)
        (root / split / "attributions").mkdir()
        (root / split / "text" / f"{name}.txt").write_text("Officials said it was calm.",
                                                           encoding="utf-8")
        (root / split / "attributions" / f"{name}_4b22.ann").write_text("", encoding="utf-8")
    (root / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\n"
        "train\tnyt_2016-01-01_a\tnyt\t2016-01-01\n"
        "dev\tpolitico_2016-01-03_b\tpolitico\t2016-01-03\n", encoding="utf-8")
    return root


def test_load_corpus_param_dispatch(tmp_path):
    sample = report.load_corpus_param(None)
    assert sample["article_id"].tolist() == ["trtworld_2022-01-06_kazakhstan"]
    assert report.load_corpus_param(str(config.SAMPLE_CORPUS))["text"].equals(sample["text"])
    root = _fake_polnear(tmp_path / "polnear")
    both = report.load_corpus_param(f"polnear:{root}")
    assert sorted(both["outlet"]) == ["nyt", "politico"]
    assert set(both["split"]) == {"train", "dev"}
    dev = report.load_corpus_param(f"polnear[dev]:{root}")
    assert dev["outlet"].tolist() == ["politico"]
    with pytest.raises(FileNotFoundError, match="split"):
        report.load_corpus_param(f"polnear[test]:{root}")
    # the cheap up-front check of `make report`
    report.check_corpus_param(f"polnear:{root}")
    report.check_corpus_param(str(config.DATA_DIR / "*.txt"))
    with pytest.raises(FileNotFoundError, match=r"\['test'\]"):
        report.check_corpus_param(f"polnear[test]:{root}")
    with pytest.raises(FileNotFoundError, match="glob"):
        report.check_corpus_param(str(tmp_path / "nothing-*.jsonl"))


def test_absolute_corpus_keeps_special_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert report._absolute_corpus("polnear") == "polnear"
    assert report._absolute_corpus("polnear[dev]:rel/p") == f"polnear[dev]:{tmp_path}/rel/p"
    assert report._absolute_corpus("data/*.txt") == f"{tmp_path}/data/*.txt"


def test_summarise_corpus_and_rates_leave_input_unchanged():
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
                         "text": ["one two", "three"], "published": ["2022-01-01", None]})
    rows = pd.DataFrame({"article_id": ["a", "a", "b"], "has_agent": [True, False, False]})
    before_a, before_r = arts.copy(), rows.copy()
    summary = report.summarise_corpus(arts)
    rates = report.rate_by_group(rows, arts, flag_col="has_agent", invert=True)
    spans = report.attach_spans(rows.assign(start=0, end=3), arts)
    pd.testing.assert_frame_equal(arts, before_a)
    pd.testing.assert_frame_equal(rows, before_r)
    assert summary.loc["all", "articles"] == 2 and summary.loc["X", "words"] == 2
    assert rates.set_index("outlet").loc["X", "rate"] == 0.5
    assert 0 <= rates["ci_low"].min() and rates["ci_high"].max() <= 1
    assert spans["span"].tolist() == ["one", "one", "thr"]


# --------------------------------------------------------------------------- execution

@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_NOTEBOOK_EXECUTES_on_sample(path: Path, tmp_path):
    """Run the notebook top to bottom on the shipped one-article sample."""
    nb = report.run_notebook(path, {"corpus": str(config.SAMPLE_CORPUS),
                                    "figures_dir": str(tmp_path),
                                    "sheets_dir": str(tmp_path / "validation")},
                             timeout=300, allow_errors=True)
    assert _errors(nb) == []
    if path.stem == "05-export-figures":
        names = {p.name for p in tmp_path.iterdir()}
        for fig in REPORT_FIGURES:
            assert {f"{fig}.png", f"{fig}.svg", f"{fig}.csv"} <= names
        # one article, one day, one outlet: no timeline and no keyness, by design
        assert "timeline.png" not in names and "keyness.png" not in names


@pytest.fixture(scope="module")
def polnear_report(benchmarks, tmp_path_factory):
    """``make report CORPUS=polnear`` into a temporary folder (train + dev, 924 articles)."""
    out = tmp_path_factory.mktemp("report-polnear")
    return report.run_report(f"polnear:{benchmarks / 'polnear'}", out_dir=out, timeout=600)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("stem", IDS)
def test_NOTEBOOK_EXECUTES_on_polnear(stem: str, polnear_report):
    """Every notebook ran without error on PolNeAR train + dev and was written as HTML."""
    assert stem not in polnear_report["failed"]
    page = Path(polnear_report["html"][0]).parent / f"{stem}.html"
    assert page.is_file() and page.stat().st_size > 10_000


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_report_figures(polnear_report):
    figures = {p.name for p in polnear_report["figures"]}
    for fig in [*REPORT_FIGURES, "timeline", "keyness"]:
        assert {f"{fig}.png", f"{fig}.svg", f"{fig}.csv"} <= figures, fig
    folder = polnear_report["figures"][0].parent
    shares = pd.read_csv(folder / "source-types.csv")
    assert shares["outlet"].nunique() == 7
    timeline = pd.read_csv(folder / "timeline.csv")
    assert timeline["n"].sum() == 924
    assert polnear_report["index"].is_file()
    # 06's blank coding sheets land beside the report, not in the repository's reports/
    sheets = {p.name for p in (folder.parent / "validation").iterdir()}
    assert {"mentions_coder-1.xlsx", "mentions_coder-2.xlsx"} <= sheets, sheets
