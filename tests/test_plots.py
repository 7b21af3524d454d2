"""Tests for newslib.plots and newslib.styles: every plotter returns Axes with the expected
bars and labels from a tiny tidy table (tests/fixtures/plots), never mutates its input, never
calls plt.show(); save_figure writes PNG+SVG(+PDF)+CSV, byte-stable and atomically."""

from __future__ import annotations

import os

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from newslib import plots, styles


@pytest.fixture(autouse=True)
def _report_style_and_cleanup(monkeypatch):
    """Report style on, plt.show() forbidden, figures closed after each test."""
    plots.use_report_style()

    def _no_show(*args, **kwargs):
        raise AssertionError("a newslib plotter called plt.show()")

    monkeypatch.setattr(plt, "show", _no_show)
    yield
    plt.close("all")
    matplotlib.rcdefaults()


@pytest.fixture
def fx(fixtures_dir):
    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(fixtures_dir / "plots" / name)
    return read


def _bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0
            and p.get_height() > 0]


def _ticks(ax: Axes, axis: str = "y") -> list[str]:
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def _title(ax: Axes) -> str:
    return " ".join(ax.get_title(loc) for loc in ("left", "center", "right")).strip()


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


# --------------------------------------------------------------------------- style

def test_packaged_style_loads_by_dotted_name():
    matplotlib.rcdefaults()
    plt.style.use("newslib.styles.report")
    assert plt.rcParams["svg.hashsalt"] == "newslib"
    assert plt.rcParams["axes.spines.top"] is False
    assert plt.rcParams["savefig.dpi"] == 200


def test_outlet_colours_are_fixed_and_stable():
    a = styles.outlet_colours(["nyt", "TRT World", "Some Blog"])
    b = styles.outlet_colours(["Some Blog", "TRT World", "nyt"])
    assert a == b
    assert a["TRT World"] == styles.OUTLET_COLOURS["TRT World"]
    # spelling variants share the entry
    assert styles.outlet_colours(["HuffPost"])["HuffPost"] == styles.OUTLET_COLOURS["huff-post"]
    # unlisted outlets get distinct fallback colours not used by listed ones
    c = styles.outlet_colours(["x1", "x2", "TRT World"])
    assert len({c["x1"], c["x2"], c["TRT World"]}) == 3


# --------------------------------------------------------------------------- plotters

def test_label_shares_bars_and_labels(fx):
    counts = fx("label_counts.csv")
    before = counts.copy()
    ax = plots.plot_label_shares(counts, label_col="label", count_col="count")
    assert isinstance(ax, Axes)
    pd.testing.assert_frame_equal(counts, before)
    assert _ticks(ax) == ["protest participants", "Al Jazeera (n=8)", "TRT World (n=4)",
                          "security forces", "Al Jazeera (n=4)", "TRT World (n=4)"]
    assert len(_bars(ax)) == len(counts)  # one segment per (outlet, actor, label)
    data = plots.plotted_data(ax)
    # shares add up to 1 per outlet and actor
    sums = data.groupby(["outlet", "actor"])["share"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    row = data[(data["outlet"] == "TRT World") & (data["label"] == "extremist forces")]
    assert row["share"].iloc[0] == pytest.approx(0.25)
    # segment colours follow the family
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {
        "legitimising", "neutral", "delegitimising", "criminalising"}


def test_label_shares_family_level_and_actor_filter(fx):
    counts = fx("label_counts.csv")
    ax = plots.plot_label_shares(counts, count_col="count", actors=["security forces"])
    assert _ticks(ax) == ["security forces", "Al Jazeera (n=4)", "TRT World (n=4)"]
    assert len(_bars(ax)) == 2  # one neutral segment per outlet


def test_label_shares_pools_rare_labels(fx):
    counts = fx("label_counts.csv")
    ax = plots.plot_label_shares(counts, label_col="label", count_col="count", top_labels=1)
    labels = set(plots.plotted_data(ax)["label"])
    assert "other neutral labels" in labels and "security forces" not in labels


def test_label_shares_counts_rows_of_a_mentions_table():
    mentions = pd.DataFrame({"outlet": ["A", "A", "A"], "actor": ["p"] * 3,
                             "family": ["neutral", "neutral", "criminalising"]})
    ax = plots.plot_label_shares(mentions, count_col=None)
    data = plots.plotted_data(ax).set_index("family")
    assert data.loc["neutral", "n"] == 2
    assert data.loc["criminalising", "share"] == pytest.approx(1 / 3)


def test_label_shares_names_missing_column(fx):
    with pytest.raises(KeyError, match="'actor'.*actor_col="):
        plots.plot_label_shares(fx("label_counts.csv").drop(columns="actor"))


def test_keyness_small_multiples(fx):
    kw = fx("keyness.csv")
    before = kw.copy()
    axes = plots.plot_keyness(kw, group_col="group", top=5)
    pd.testing.assert_frame_equal(kw, before)
    assert [_title(a) for a in axes] == ["Al Jazeera", "RT", "TRT World"]
    trt = axes[2]
    assert _ticks(trt) == ["eliminated", "extremist", "assailants"]  # negative z left out
    assert [round(b.get_width(), 1) for b in _bars(trt)] == [3.1, 2.6, 2.2]
    assert len(axes[0].figure.axes) == 3  # unused grid cells removed


def test_passive_rate_sorted_with_counts(fx):
    rates = fx("passive_rates.csv")
    before = rates.copy()
    ax = plots.plot_passive_rate(rates, count_col="k", total_col="n", low_col="ci_low",
                                 high_col="ci_high")
    pd.testing.assert_frame_equal(rates, before)
    assert _ticks(ax) == ["TRT World", "Al Jazeera"]
    assert [round(b.get_width(), 3) for b in _bars(ax)] == [0.875, 0.25]
    assert "88% (7/8)" in _texts(ax) and "25% (3/12)" in _texts(ax)
    # the CSV beside the image uses the caller's column names
    assert list(plots.plotted_data(ax).columns) == ["outlet", "rate", "k", "n", "ci_low",
                                                    "ci_high"]
    assert "%" in ax.get_xlabel()


def test_sentiment_dots_with_intervals(fx):
    agg = fx("sentiment.csv")
    before = agg.copy()
    ax = plots.plot_sentiment(agg)
    pd.testing.assert_frame_equal(agg, before)
    assert _ticks(ax) == ["protest participants", "security forces"]  # by n
    assert len(ax.containers) == 4  # one errorbar per actor x outlet
    data = plots.plotted_data(ax)
    assert list(data.columns) == ["actor", "outlet", "mean", "ci_low", "ci_high", "n"]
    assert data["n"].tolist() == [30, 14, 21, 9]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Al Jazeera", "TRT World"]
    lo, hi = ax.get_xlim()
    assert lo <= -0.61 and hi >= 0.05


def test_sentiment_min_n_drops_small_cells(fx):
    ax = plots.plot_sentiment(fx("sentiment.csv"), min_n=10)
    assert len(plots.plotted_data(ax)) == 3


def test_source_types_shares(fx):
    quotes = fx("quotes.csv")
    before = quotes.copy()
    ax = plots.plot_source_types(quotes)
    pd.testing.assert_frame_equal(quotes, before)
    assert _ticks(ax) == ["Al Jazeera (n=3)", "TRT World (n=4)"]
    assert len(_bars(ax)) == 6
    data = plots.plotted_data(ax).set_index(["outlet", "source_type"])
    assert data.loc[("Al Jazeera", "citizens"), "share"] == pytest.approx(2 / 3)
    assert "67%" in _texts(ax)


def test_source_types_counts_table():
    counts = pd.DataFrame({"outlet": ["A", "A"], "source_type": ["government", "citizens"],
                           "quotes": [3, 1]})
    ax = plots.plot_source_types(counts, count_col="quotes", normalize=False)
    assert sorted(round(b.get_width()) for b in _bars(ax)) == [1, 3]
    assert "count" in ax.get_xlabel()


def test_relay_chains_paths(fx):
    quotes = fx("quotes.csv")
    before = quotes.copy()
    ax = plots.plot_relay_chains(quotes, source_col="source_type")
    pd.testing.assert_frame_equal(quotes, before)
    labels = [t.replace("\n", " ") for t in _ticks(ax)]
    assert labels == [  # equal counts: alphabetical; direct quotes are not chains
        "international organisation → a statement → foreign ministry spokeswoman → TRT World",
        "police security → Interfax-Kazakhstan → TASS → Ria Novosti → Al Jazeera",
        "police security → Interfax-Kazakhstan → TASS → Ria Novosti → TRT World"]
    assert sorted(plots.plotted_data(ax)["n"].tolist()) == [1, 1, 1]


def test_relay_chains_include_direct_and_empty():
    q = pd.DataFrame({"outlet": ["A", "A"], "source_type": ["government", "government"],
                      "relay": [None, None]})
    ax = plots.plot_relay_chains(q)
    assert _bars(ax) == [] and "no relayed quotes found" in _texts(ax)
    ax2 = plots.plot_relay_chains(q, include_direct=True)
    assert _ticks(ax2) == ["government → A"] and plots.plotted_data(ax2)["n"].tolist() == [2]


def test_timeline_counts_per_day(fx):
    arts = fx("articles_dates.csv")
    before = arts.copy()
    ax = plots.plot_timeline(arts, freq="D")
    pd.testing.assert_frame_equal(arts, before)
    data = plots.plotted_data(ax)
    assert data["n"].sum() == 4  # the undated article is left out ...
    assert len(data) == 4 * 2  # ... and 4 days x 2 outlets, zero days kept
    assert len(ax.get_lines()) == 2
    assert "1 undated" in " ".join(t.get_text() for t in ax.figure.texts)


def test_timeline_stacked_for_many_outlets():
    arts = pd.DataFrame({"published": ["2022-01-05", "2022-01-06"] * 4,
                         "outlet": list("AABBCCDD")})
    ax = plots.plot_timeline(arts)
    assert len(_bars(ax)) == 8 and "stacked" in _title(ax)


def test_timeline_degrades_on_one_day():
    arts = pd.DataFrame({"published": ["2022-01-06T10:00Z", "2022-01-06T18:00Z"],
                         "outlet": ["A", "B"]})
    assert plots.date_span_days(arts) == 1
    ax = plots.plot_timeline(arts)
    assert "one day (2022-01-06)" in _texts(ax)[0]
    assert plots.plotted_data(ax).empty


def test_plotter_draws_on_given_ax_without_resizing(fx):
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3))
    out = plots.plot_label_shares(fx("label_counts.csv"), count_col="count", ax=ax1)
    plots.plot_passive_rate(fx("passive_rates.csv"), ax=ax2)
    assert out is ax1
    assert tuple(fig.get_size_inches()) == (10, 3)


def test_plotted_data_of_foreign_axes():
    _, ax = plt.subplots()
    with pytest.raises(KeyError, match="data="):
        plots.plotted_data(ax)


# --------------------------------------------------------------------------- save_figure

def test_save_figure_writes_png_svg_csv(tmp_path, fx):
    ax = plots.plot_passive_rate(fx("passive_rates.csv"), count_col="k", total_col="n")
    paths = plots.save_figure(ax.figure, "passive-rate", out_dir=tmp_path)
    assert [p.name for p in paths] == ["passive-rate.png", "passive-rate.svg",
                                       "passive-rate.csv"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = paths[1].read_text(encoding="utf-8")
    assert "<svg" in svg and "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Software" not in paths[0].read_bytes()
    csv = pd.read_csv(paths[2])
    assert csv["outlet"].tolist() == ["TRT World", "Al Jazeera"]
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in paths)  # no temp files
    umask = os.umask(0)
    os.umask(umask)
    for p in paths:  # usual permissions, not mkstemp's 0600
        assert p.stat().st_mode & 0o777 == 0o666 & ~umask


def test_save_figure_is_byte_stable(tmp_path, fx):
    def draw_and_save(folder):
        ax = plots.plot_label_shares(fx("label_counts.csv"), label_col="label",
                                     count_col="count")
        paths = plots.save_figure(ax.figure, "labels", out_dir=folder, pdf=True)
        plt.close(ax.figure)
        return {p.name: p.read_bytes() for p in paths}

    first = draw_and_save(tmp_path / "a")
    second = draw_and_save(tmp_path / "b")
    assert set(first) == {"labels.png", "labels.svg", "labels.pdf", "labels.csv"}
    for name in first:
        assert first[name] == second[name], f"{name} differs between two saves"
    again = draw_and_save(tmp_path / "a")  # overwriting in place
    assert again == first


def test_save_figure_small_multiples_csv_has_panel(tmp_path, fx):
    axes = plots.plot_keyness(fx("keyness.csv"), group_col="group", top=3)
    paths = plots.save_figure(axes[0].figure, "keyness", out_dir=tmp_path)
    csv = pd.read_csv(paths[-1])
    assert set(csv["panel"]) == {"Al Jazeera", "RT", "TRT World"}


def test_save_figure_explicit_data_and_no_csv(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 2])
    paths = plots.save_figure(fig, "plain", out_dir=tmp_path)
    assert [p.suffix for p in paths] == [".png", ".svg"]  # nothing newslib plotted, no CSV
    data = pd.DataFrame({"x": [0, 1], "y": [1, 2]})
    paths = plots.save_figure(fig, "plain", data=data, out_dir=tmp_path, formats=("svg",))
    assert [p.suffix for p in paths] == [".svg", ".csv"]
    assert pd.read_csv(paths[1]).equals(data)


def test_save_figure_is_atomic(tmp_path, fx, monkeypatch):
    ax = plots.plot_passive_rate(fx("passive_rates.csv"))
    paths = plots.save_figure(ax.figure, "rate", out_dir=tmp_path)
    old = {p.name: p.read_bytes() for p in paths}

    def broken_savefig(*args, **kwargs):
        fname = args[0] if args else kwargs["fname"]
        with open(fname, "wb") as fh:
            fh.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(ax.figure, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        plots.save_figure(ax.figure, "rate", out_dir=tmp_path)
    assert {p.name: p.read_bytes() for p in paths} == old  # previous files intact
    assert sorted(os.listdir(tmp_path)) == sorted(old)  # temp file removed


def test_save_figure_rejects_bad_names_and_formats(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="file stem"):
        plots.save_figure(fig, "../escape", out_dir=tmp_path)
    with pytest.raises(ValueError, match="unsupported"):
        plots.save_figure(fig, "ok", formats=("jpg",), out_dir=tmp_path)
    with pytest.raises(TypeError, match="DataFrame"):
        plots.save_figure(fig, "ok", data=[1, 2], out_dir=tmp_path)


def test_sentiment_hollow_dots_count_articles_not_rows(fx):
    # 30 sentence parts from 4 articles is a small sample; 9 parts from 12 articles is not
    agg = fx("sentiment.csv").assign(n_clusters=[12, 4, 12, 12])
    ax = plots.plot_sentiment(agg)
    faces = [c.lines[0].get_markerfacecolor() for c in ax.containers]
    hollow = [f == "white" for f in faces]
    data = plots.plotted_data(ax)
    assert data["n"].tolist() == [30, 14, 21, 9]
    # the first dot (30 rows, 4 articles) is hollow; the 9-row dot from 12 articles is not
    assert hollow == [True, False, False, False]
    # without the column, rows decide as before: only the 9-row dot is hollow
    ax = plots.plot_sentiment(fx("sentiment.csv"))
    assert [c.lines[0].get_markerfacecolor() == "white" for c in ax.containers] == \
        [False, False, False, True]
