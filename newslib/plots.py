"""Figures for reports: plotters that take tidy tables and return Axes, and ``save_figure``.

Every plotter takes a tidy DataFrame plus keyword-only column names and an optional ``ax``,
draws on it and returns the Axes (small multiples return an array of Axes). None of them
modifies its input, prints, or calls ``plt.show()``. The numbers each plotter actually drew
are kept with the Axes (:func:`plotted_data`) so :func:`save_figure` can write them as a CSV
beside the image: editors and fact-checkers need the numbers, not the pixels.

Style: call ``plt.style.use("newslib.styles.report")`` once (the notebooks do). Colours of
outlets, label families and source types come from :mod:`newslib.styles`; pass ``colours=``
to override them for one figure.

Captions: each plotter writes a short caption under its x axis (units and where the numbers
come from). Pass ``caption=""`` to leave it out, or your own text.

Examples
--------
>>> import pandas as pd
>>> counts = pd.DataFrame({"outlet": ["A", "A", "B"], "actor": ["protesters"] * 3,
...                        "family": ["legitimising", "delegitimising", "legitimising"],
...                        "n": [3, 1, 2]})
>>> ax = plot_label_shares(counts)
>>> sorted(plotted_data(ax)["share"].round(2).tolist())
[0.25, 0.75, 1.0]
>>> plt.close("all")
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import textwrap
import weakref
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from newslib import config
from newslib.schema import require_columns
from newslib.styles import (
    FAMILY_COLOURS,
    SOURCE_TYPE_COLOURS,
    STYLE,
    category_colours,
    outlet_colours,
)

__all__ = [
    "STYLE",
    "use_report_style",
    "plot_label_shares",
    "plot_keyness",
    "plot_passive_rate",
    "plot_sentiment",
    "plot_source_types",
    "plot_relay_chains",
    "plot_timeline",
    "date_span_days",
    "plotted_data",
    "save_figure",
]

ARROW = " \u2192 "  # " → " between the steps of a relay chain

# Numbers drawn by each plotter, kept with its Axes (dropped when the Axes is collected).
_PLOTTED: "weakref.WeakKeyDictionary[Axes, pd.DataFrame]" = weakref.WeakKeyDictionary()


# --------------------------------------------------------------------------- helpers

def use_report_style() -> None:
    """Apply the packaged report style (``plt.style.use("newslib.styles.report")``).

    Examples
    --------
    >>> use_report_style()
    >>> plt.rcParams["axes.titlelocation"]
    'left'
    """
    plt.style.use(STYLE)


def plotted_data(ax: Axes) -> pd.DataFrame:
    """Return (a copy of) the table of numbers a newslib plotter drew on ``ax``.

    Raises ``KeyError`` when ``ax`` was not drawn by a newslib plotter; pass ``data=`` to
    :func:`save_figure` in that case.
    """
    try:
        return _PLOTTED[ax].copy()
    except KeyError:
        raise KeyError("this Axes was not drawn by a newslib plotter; pass data= to "
                       "save_figure with the numbers you plotted") from None


def _remember(ax: Axes, table: pd.DataFrame) -> None:
    _PLOTTED[ax] = table.reset_index(drop=True)


def _new_ax(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=figsize)
    new._newslib_own = True  # the plotter owns the figure: captions go under the figure
    return new


def _wrap(text: object, width: int) -> str:
    return textwrap.fill(str(text), width=width, break_long_words=True)


def _caption(ax: Axes, text: str | None) -> None:
    """Write ``text`` as a caption that never overlaps the plot.

    On a figure the plotter created itself (one Axes), the caption is figure text under the
    whole figure, wrapped to the figure width (saved and shown with ``bbox_inches="tight"``).
    On an Axes the caller passed (maybe one of several), it goes under that Axes' x label.
    """
    if not text:
        return
    fig = ax.figure
    if len(fig.axes) == 1 and getattr(ax, "_newslib_own", False):
        chars = max(50, int(fig.get_figwidth() * 72 / 4.6))  # ~8 pt font: 4.6 pt per char
        fig.text(0.01, 0.0, _wrap(text, chars), ha="left", va="top", fontsize=8,
                 color="#4d4d4d")
        return
    width_in = fig.get_figwidth() * ax.get_position().width
    chars = max(40, int(width_in * 72 / 4.6))
    ax.annotate(_wrap(text, chars), xy=(0, 0), xycoords=("axes fraction", ax.xaxis.label),
                xytext=(0, -4), textcoords="offset points", ha="left", va="top",
                fontsize=8, color="#4d4d4d", annotation_clip=False)


def _text_colour(colour: str) -> str:
    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def _shade(colour: str, step: int) -> tuple[float, float, float]:
    """Alternate lighter tints of ``colour`` so neighbouring segments stay distinct."""
    r, g, b = to_rgb(colour)
    mix = (0.0, 0.28, 0.5, 0.14, 0.4)[step % 5]
    return (r + (1 - r) * mix, g + (1 - g) * mix, b + (1 - b) * mix)


def _family_order(families: Iterable[str]) -> list[str]:
    known = list(FAMILY_COLOURS)
    fams = sorted(set(families), key=lambda f: (known.index(f) if f in known else len(known), f))
    return fams


def _legend_right(ax: Axes, handles: list, labels: list[str], title: str | None) -> None:
    if handles:
        ax.legend(handles, labels, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0.0, alignment="left")


def _str_col(df: pd.DataFrame, col: str) -> pd.Series:
    return df[col].astype("string").fillna("(none)").astype(str)


# --------------------------------------------------------------------------- label shares

def plot_label_shares(counts: pd.DataFrame, *, actor_col: str = "actor",
                      group_col: str = "outlet", family_col: str = "family",
                      label_col: str | None = None, count_col: str | None = "n",
                      actors: Sequence[str] | None = None, top_labels: int = 4,
                      min_text_share: float = 0.06, colours: Mapping[str, str] | None = None,
                      ax: Axes | None = None,
                      caption: str | None = ("Share of each actor's mentions, by label "
                                             "family; n = mentions matched by the newslib "
                                             "actor lexicon.")) -> Axes:
    """Stacked horizontal bars: how each outlet labels each actor ("protesters" vs "extremists").

    One bar per outlet within a block per actor; segments are label families (or single
    labels, coloured by their family, when ``label_col`` is given) as shares of that actor's
    mentions in that outlet. The tick label carries ``n`` (mentions). The input is not
    modified.

    Parameters
    ----------
    counts
        Tidy table: one row per (outlet, actor, family[, label]) with a count column, or one
        row per mention when ``count_col=None`` (e.g. the mentions table itself).
    label_col
        Draw one segment per label (its text is written inside when the segment is wider
        than ``min_text_share`` and the text fits); labels beyond the ``top_labels`` most
        frequent of each family are pooled as "other <family> labels".
    actors
        Actors to show, in this order (default: all, by number of mentions).

    Examples
    --------
    >>> df = pd.DataFrame({"outlet": ["A", "B"], "actor": ["police", "police"],
    ...                    "family": ["neutral", "legitimising"], "n": [2, 5]})
    >>> ax = plot_label_shares(df)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['police', 'A (n=2)', 'B (n=5)']
    >>> plt.close("all")
    """
    cols = [actor_col, group_col, family_col] + ([label_col] if label_col else [])
    require_columns(counts, cols + ([count_col] if count_col else []), where="plot_label_shares",
                    hint="pass actor_col=, group_col=, family_col=, count_col= (None counts rows)")
    df = pd.DataFrame({c: _str_col(counts, c) for c in cols})
    df["n"] = (pd.to_numeric(counts[count_col], errors="coerce").fillna(0).to_numpy()
               if count_col else 1)
    seg_col = label_col or family_col
    if label_col:
        # pool each actor's rare labels per family so the bars stay readable
        keys = [actor_col, family_col, label_col]
        tot = df.groupby(keys)["n"].sum().reset_index()
        tot = tot.sort_values([actor_col, family_col, "n", label_col],
                              ascending=[True, True, False, True])
        tot["rank"] = tot.groupby([actor_col, family_col]).cumcount()
        keep = set(map(tuple, tot.loc[tot["rank"] < top_labels, keys].to_numpy()))
        pooled = [k not in keep for k in zip(df[actor_col], df[family_col], df[label_col])]
        df.loc[pooled, label_col] = "other " + df.loc[pooled, family_col] + " labels"
    grp = df.groupby([actor_col, group_col, family_col] + ([label_col] if label_col else []),
                     sort=False)["n"].sum().reset_index()
    grp = grp[grp["n"] > 0]
    grp["total"] = grp.groupby([actor_col, group_col])["n"].transform("sum")
    grp["share"] = grp["n"] / grp["total"]

    ax = _new_ax(ax)
    if grp.empty:
        ax.text(0.5, 0.5, "no actor mentions to plot", ha="center", va="center",
                transform=ax.transAxes)
        _remember(ax, grp)
        return ax
    if actors is None:
        per_actor = grp.groupby(actor_col)["n"].sum()
        actor_order = sorted(per_actor.index, key=lambda a: (-per_actor[a], a))
    else:
        actor_order = [a for a in actors if a in set(grp[actor_col])]
    outlets = sorted(grp[group_col].unique())
    fam_order = _family_order(grp[family_col])
    fam_colours = category_colours(fam_order, {**FAMILY_COLOURS, **dict(colours or {})})
    # segment order: by family, then by overall count within the family
    seg_keys = list(dict.fromkeys([family_col, seg_col]))
    seg_tot = grp.groupby(seg_keys)["n"].sum().reset_index()
    seg_tot["fam_rank"] = seg_tot[family_col].map({f: i for i, f in enumerate(fam_order)})
    seg_tot = seg_tot.sort_values(["fam_rank", "n", seg_col], ascending=[True, False, True])
    seg_order = list(zip(seg_tot[family_col], seg_tot[seg_col]))  # (family, segment)
    # tints alternate within each actor's family, so neighbouring segments differ; the
    # pooled "other ... labels" segment comes last in its family
    seg_order.sort(key=lambda p: (fam_order.index(p[0]), str(p[1]).startswith("other ")))
    seg_colour = {}
    for actor in actor_order:
        present = set(zip(grp.loc[grp[actor_col] == actor, family_col],
                          grp.loc[grp[actor_col] == actor, seg_col]))
        for fam in fam_order:
            segs = [p for p in seg_order if p[0] == fam and p in present]
            for step, (f, seg) in enumerate(segs):
                seg_colour[(actor, f, seg)] = (_shade(fam_colours[fam], step) if label_col
                                               else fam_colours[fam])
    # approximate drawing width of the bars, to decide which segment texts fit
    ax_width_pt = ax.figure.get_figwidth() * 72 * 0.55
    y = 0.0
    ticks, ticklabels, headers = [], [], []
    rows = []
    for actor in actor_order:
        ticks.append(y)
        ticklabels.append(str(actor))
        headers.append(True)
        y += 1
        for outlet in outlets:
            sub = grp[(grp[actor_col] == actor) & (grp[group_col] == outlet)]
            if sub.empty:
                continue
            left = 0.0
            for fam, seg in seg_order:
                hit = sub[(sub[family_col] == fam) & (sub[seg_col] == seg)]
                if hit.empty:
                    continue
                share = float(hit["share"].iloc[0])
                colour = seg_colour[(actor, fam, seg)]
                ax.barh(y, share, left=left, height=0.8, color=colour, edgecolor="white",
                        linewidth=0.8)
                text = "other" if seg.startswith("other ") and seg.endswith(" labels") \
                    else _wrap(seg, 14)
                lines = text.splitlines()
                longest = max(len(line) for line in lines)
                if (label_col and share >= min_text_share and len(lines) <= 2
                        and longest * 4.4 + 4 <= share * ax_width_pt):
                    ax.text(left + share / 2, y, text, ha="center", va="center",
                            fontsize=7, color=_text_colour(matplotlib.colors.to_hex(colour)))
                rows.append({actor_col: actor, group_col: outlet, family_col: fam,
                             **({label_col: seg} if label_col else {}),
                             "n": int(hit["n"].iloc[0]), "total": int(hit["total"].iloc[0]),
                             "share": share})
                left += share
            ticks.append(y)
            ticklabels.append(f"{outlet} (n={int(sub['total'].iloc[0])})")
            headers.append(False)
            y += 1
        y += 0.4
    ax.set_yticks(ticks, ticklabels)
    for lab, head in zip(ax.get_yticklabels(), headers):
        if head:
            lab.set_fontweight("bold")
    ax.set_ylim(y - 0.6, -0.8)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("share of the actor's mentions")
    ax.set_title("How each outlet labels each actor")
    handles = [plt.Rectangle((0, 0), 1, 1, color=fam_colours[f]) for f in fam_order]
    _legend_right(ax, handles, fam_order, "label family")
    if getattr(ax, "_newslib_own", False):
        ax.figure.set_figheight(max(2.5, 0.6 + 0.3 * y))
    _caption(ax, caption)
    _remember(ax, pd.DataFrame(rows))
    return ax


# --------------------------------------------------------------------------- keyness

def plot_keyness(scores: pd.DataFrame, *, group_col: str = "outlet", term_col: str = "term",
                 score_col: str = "z", top: int = 10, ncols: int = 3,
                 groups: Sequence[str] | None = None, colours: Mapping[str, str] | None = None,
                 fig: Figure | None = None,
                 caption: str | None = ("z-score of the log-odds ratio with an informative "
                                        "Dirichlet prior (Fightin' Words, Monroe et al. "
                                        "2008): each outlet against all the others; "
                                        "|z| > 1.96 is p < .05.")) -> np.ndarray:
    """Small multiples: the words most distinctive of each outlet (Fightin' Words z-scores).

    One panel per group with its ``top`` highest positive z-scores, largest on top, bars in
    the outlet's colour. Returns the array of Axes (one per panel, in group order). The input
    is not modified.

    Examples
    --------
    >>> kw = pd.DataFrame({"outlet": ["A", "A", "B"], "term": ["riot", "unrest", "protest"],
    ...                    "z": [3.2, 2.1, 4.0]})
    >>> axes = plot_keyness(kw, top=5)
    >>> [ax.get_title() for ax in axes], [t.get_text() for t in axes[0].get_yticklabels()]
    (['A', 'B'], ['riot', 'unrest'])
    >>> plt.close("all")
    """
    require_columns(scores, [group_col, term_col, score_col], where="plot_keyness",
                    hint="pass group_col=, term_col=, score_col=")
    df = pd.DataFrame({group_col: _str_col(scores, group_col),
                       term_col: _str_col(scores, term_col),
                       score_col: pd.to_numeric(scores[score_col], errors="coerce")})
    df = df.dropna(subset=[score_col])
    names = list(groups) if groups is not None else sorted(df[group_col].unique())
    cmap = {**outlet_colours(names), **dict(colours or {})}
    n = max(1, len(names))
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    panel_h = 0.3 + 0.24 * top
    if fig is None:
        fig = plt.figure(figsize=(3.2 * ncols + 0.4, panel_h * nrows + 0.9))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False).ravel())
    rows = []
    for ax, name in zip(axes, names):
        sub = df[df[group_col] == name]
        sub = sub[sub[score_col] > 0].sort_values([score_col, term_col],
                                                   ascending=[False, True]).head(top)
        ypos = np.arange(len(sub))
        ax.barh(ypos, sub[score_col], color=cmap.get(name, "#0072B2"), height=0.7)
        ax.set_yticks(ypos, [_wrap(t, 18) for t in sub[term_col]])
        ax.set_ylim(top - 0.4, -0.6)
        ax.set_title(str(name))
        ax.axvline(1.96, color="#666666", linewidth=0.8, linestyle=":")
        if sub.empty:
            ax.text(0.5, 0.5, "no over-represented words", ha="center", va="center",
                    transform=ax.transAxes, fontsize=8)
        ax.set_xlabel("z-score")
        ax.xaxis.set_major_locator(MaxNLocator(4))
        rows += [{group_col: name, term_col: t, score_col: float(z), "rank": i + 1}
                 for i, (t, z) in enumerate(zip(sub[term_col], sub[score_col]))]
        _remember(ax, pd.DataFrame(rows[-len(sub):] if len(sub) else [],
                                   columns=[group_col, term_col, score_col, "rank"]))
    for ax in axes[len(names):]:
        ax.remove()
    used = axes[:len(names)]
    fig.suptitle("Words that distinguish each outlet", x=0.01, ha="left")
    if caption and len(used):
        fig.text(0.01, 0.0, _wrap(caption, int(fig.get_figwidth() * 72 / 4.6)), ha="left",
                 va="top", fontsize=8, color="#4d4d4d")
    return used


# --------------------------------------------------------------------------- passives

def plot_passive_rate(rates: pd.DataFrame, *, group_col: str = "outlet",
                      rate_col: str = "rate", count_col: str | None = None,
                      total_col: str | None = None, low_col: str | None = None,
                      high_col: str | None = None, colours: Mapping[str, str] | None = None,
                      ax: Axes | None = None,
                      caption: str | None = ("Agentless passives (\"were killed\", no "
                                             "\"by ...\") per 100 passive clauses; detected "
                                             "by newslib.framing rules.")) -> Axes:
    """Horizontal bars: the agentless passive rate per outlet, highest on top.

    ``rate_col`` is a proportion in [0, 1]. When ``count_col`` and ``total_col`` are given
    the bar end reads "23% (45/190)"; ``low_col``/``high_col`` draw an interval. The input
    is not modified.

    Examples
    --------
    >>> r = pd.DataFrame({"outlet": ["A", "B"], "rate": [0.5, 0.25], "k": [1, 1],
    ...                   "n": [2, 4]})
    >>> ax = plot_passive_rate(r, count_col="k", total_col="n")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A', 'B']
    >>> plt.close("all")
    """
    need = [group_col, rate_col] + [c for c in (count_col, total_col, low_col, high_col) if c]
    require_columns(rates, need, where="plot_passive_rate",
                    hint="pass group_col=, rate_col= (a proportion), count_col=, total_col=")
    df = pd.DataFrame({group_col: _str_col(rates, group_col),
                       "rate": pd.to_numeric(rates[rate_col], errors="coerce")})
    for key, col in (("count", count_col), ("total", total_col), ("low", low_col),
                     ("high", high_col)):
        if col:
            df[key] = pd.to_numeric(rates[col], errors="coerce").to_numpy()
    df = df.dropna(subset=["rate"]).sort_values(["rate", group_col],
                                                ascending=[False, True]).reset_index(drop=True)
    ax = _new_ax(ax, figsize=(7.5, max(2.2, 0.9 + 0.38 * len(df))))
    cmap = {**outlet_colours(df[group_col]), **dict(colours or {})}
    ypos = np.arange(len(df))
    xerr = None
    if "low" in df and "high" in df:
        xerr = np.vstack([(df["rate"] - df["low"]).clip(lower=0),
                          (df["high"] - df["rate"]).clip(lower=0)])
    ax.barh(ypos, df["rate"], color=[cmap[g] for g in df[group_col]], height=0.65,
            xerr=xerr, error_kw={"ecolor": "#333333", "capsize": 3, "linewidth": 1})
    top = float((df["high"] if "high" in df else df["rate"]).max()) if len(df) else 1.0
    for i, row in df.iterrows():
        txt = f"{row['rate']:.0%}"
        if "count" in df and "total" in df:
            txt += f" ({int(row['count'])}/{int(row['total'])})"
        x = float(row["high"]) if "high" in df else float(row["rate"])
        ax.text(x + top * 0.015, i, txt, va="center", fontsize=8)
    ax.set_yticks(ypos, list(df[group_col]))
    ax.set_ylim(len(df) - 0.4, -0.6)
    ax.set_xlim(0, min(1.0, top * 1.3) if top > 0 else 1.0)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("agentless passives, % of passive clauses")
    ax.set_title("Who did it? Agentless passives per outlet")
    _caption(ax, caption)
    names = {"rate": rate_col, "count": count_col, "total": total_col, "low": low_col,
             "high": high_col}
    _remember(ax, df.rename(columns={k: v for k, v in names.items() if v}))
    return ax


# --------------------------------------------------------------------------- sentiment

def plot_sentiment(agg: pd.DataFrame, *, actor_col: str = "actor", group_col: str = "outlet",
                   value_col: str = "mean", low_col: str | None = "ci_low",
                   high_col: str | None = "ci_high", n_col: str | None = "n",
                   support_col: str | None = "n_clusters",
                   actors: Sequence[str] | None = None, min_n: int = 1,
                   colours: Mapping[str, str] | None = None, ax: Axes | None = None,
                   xlabel: str = "mean sentiment (VADER compound, -1 to +1)",
                   title: str = "Sentiment around each actor, by outlet",
                   caption: str | None = ("Mean sentence sentiment around each actor with "
                                          "95% bootstrap intervals over articles; hollow "
                                          "markers: fewer than 10 articles.")) -> Axes:
    """Dot plot: sentiment per actor × outlet with confidence intervals.

    One row block per actor, one dot per outlet (outlet colour), horizontal error bars from
    ``low_col``/``high_col``, a line at 0. Rows with fewer than ``min_n`` observations
    (``n_col``) are dropped. A dot is drawn hollow when it rests on fewer than 10
    independent units: ``support_col`` (the number of articles, ``n_clusters`` of
    :func:`newslib.sentiment.aggregate_sentiment`) when the table has it, else ``n_col``.
    The input is not modified.

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["police", "police"], "outlet": ["A", "B"],
    ...                   "mean": [-0.2, 0.1], "ci_low": [-0.4, 0.0], "ci_high": [0.0, 0.2],
    ...                   "n": [12, 3]})
    >>> ax = plot_sentiment(s)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['police']
    >>> plt.close("all")
    """
    need = [actor_col, group_col, value_col] + [c for c in (low_col, high_col, n_col) if c]
    require_columns(agg, need, where="plot_sentiment",
                    hint="pass actor_col=, group_col=, value_col=, low_col=, high_col=, n_col=")
    df = pd.DataFrame({actor_col: _str_col(agg, actor_col), group_col: _str_col(agg, group_col),
                       value_col: pd.to_numeric(agg[value_col], errors="coerce")})
    if support_col is not None and support_col not in agg.columns:
        support_col = None  # a table without it (older output, other scores): use n_col
    for key, col in (("low", low_col), ("high", high_col), ("n", n_col),
                     ("support", support_col or n_col)):
        if col:
            df[key] = pd.to_numeric(agg[col], errors="coerce").to_numpy()
    df = df.dropna(subset=[value_col])
    if "n" in df:
        df = df[df["n"].fillna(0) >= min_n]
    if actors is None:
        order = (df.groupby(actor_col)["n"].sum() if "n" in df
                 else df.groupby(actor_col).size())
        actor_order = sorted(order.index, key=lambda a: (-order[a], a))
    else:
        actor_order = [a for a in actors if a in set(df[actor_col])]
    outlets = sorted(df[group_col].unique())
    cmap = {**outlet_colours(outlets), **dict(colours or {})}
    k = max(1, len(outlets))
    block = max(0.45, 0.22 * k)  # inches per actor: room for k dots or a wrapped name
    ax = _new_ax(ax, figsize=(7.5, max(2.4, 1.2 + block * max(1, len(actor_order)))))
    width = 0.8
    rows = []
    for i, actor in enumerate(actor_order):
        for j, outlet in enumerate(outlets):
            hit = df[(df[actor_col] == actor) & (df[group_col] == outlet)]
            if hit.empty:
                continue
            r = hit.iloc[0]
            yv = i + (j - (k - 1) / 2) * (width / k)
            val = float(r[value_col])
            xerr = None
            if "low" in df and "high" in df and pd.notna(r["low"]) and pd.notna(r["high"]):
                xerr = [[max(0.0, val - float(r["low"]))], [max(0.0, float(r["high"]) - val)]]
            small = "support" in df and pd.notna(r["support"]) and r["support"] < 10
            ax.errorbar(val, yv, xerr=xerr, fmt="o", color=cmap[outlet],
                        markerfacecolor="white" if small else cmap[outlet],
                        capsize=2.5, linewidth=1.2, markersize=5.5)
            rows.append({actor_col: actor, group_col: outlet, value_col: val,
                         **{c: (float(r[c]) if pd.notna(r[c]) else None)
                            for c in ("low", "high") if c in df},
                         **({"n": int(r["n"]) if pd.notna(r["n"]) else None}
                            if "n" in df else {})})
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(range(len(actor_order)), [_wrap(a, 20) for a in actor_order])
    for i in range(len(actor_order) - 1):
        ax.axhline(i + 0.5, color="#e5e5e5", linewidth=0.8)
    ax.set_ylim(len(actor_order) - 0.5, -0.5)
    lo = min([r.get("low") or r[value_col] for r in rows] + [-0.1])
    hi = max([r.get("high") or r[value_col] for r in rows] + [0.1])
    pad = 0.08 * (hi - lo)
    ax.set_xlim(max(-1.0, lo - pad), min(1.0, hi + pad))
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=cmap[o]) for o in outlets]
    _legend_right(ax, handles, outlets, "outlet")
    if not rows:
        ax.text(0.5, 0.5, "no actor sentences to plot", ha="center", va="center",
                transform=ax.transAxes)
    _caption(ax, caption)
    out_cols = {"low": low_col, "high": high_col, "n": n_col}
    _remember(ax, pd.DataFrame(rows).rename(columns={k2: v for k2, v in out_cols.items() if v}))
    return ax


# --------------------------------------------------------------------------- source types

def plot_source_types(table: pd.DataFrame, *, group_col: str = "outlet",
                      type_col: str = "source_type", count_col: str | None = None,
                      normalize: bool = True, colours: Mapping[str, str] | None = None,
                      ax: Axes | None = None,
                      caption: str | None = ("Quotes and attributions by the type of their "
                                             "source (newslib.sourcing); n = attributions "
                                             "per outlet.")) -> Axes:
    """Stacked horizontal bars: who gets to speak, as shares of each outlet's quotes.

    ``table`` is one row per quote (``count_col=None``) or a count table. Types are ordered
    by their overall frequency; ``normalize=False`` plots counts instead of shares. The
    input is not modified.

    Examples
    --------
    >>> q = pd.DataFrame({"outlet": ["A", "A", "A", "B"],
    ...                   "source_type": ["police", "police", "citizen", "official"]})
    >>> ax = plot_source_types(q)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A (n=3)', 'B (n=1)']
    >>> plt.close("all")
    """
    require_columns(table, [group_col, type_col] + ([count_col] if count_col else []),
                    where="plot_source_types", hint="pass group_col=, type_col=, count_col=")
    df = pd.DataFrame({group_col: _str_col(table, group_col),
                       type_col: _str_col(table, type_col)})
    df["n"] = (pd.to_numeric(table[count_col], errors="coerce").fillna(0).to_numpy()
               if count_col else 1)
    grp = df.groupby([group_col, type_col])["n"].sum().reset_index()
    grp = grp[grp["n"] > 0]
    grp["total"] = grp.groupby(group_col)["n"].transform("sum")
    grp["share"] = grp["n"] / grp["total"]
    outlets = sorted(grp[group_col].unique())
    type_tot = grp.groupby(type_col)["n"].sum()
    types = sorted(type_tot.index, key=lambda t: (t in ("other", "unknown", "(none)"),
                                                  -type_tot[t], t))
    cmap = {**category_colours(types, SOURCE_TYPE_COLOURS), **dict(colours or {})}
    ax = _new_ax(ax, figsize=(7.5, max(2.2, 1.0 + 0.42 * len(outlets))))
    value = "share" if normalize else "n"
    for i, outlet in enumerate(outlets):
        sub = grp[grp[group_col] == outlet].set_index(type_col)
        left = 0.0
        for t in types:
            if t not in sub.index:
                continue
            v = float(sub.loc[t, value])
            ax.barh(i, v, left=left, color=cmap[t], edgecolor="white", linewidth=0.8,
                    height=0.7)
            if normalize and v >= 0.08:
                ax.text(left + v / 2, i, f"{v:.0%}", ha="center", va="center", fontsize=7,
                        color=_text_colour(cmap[t]))
            left += v
    totals = grp.groupby(group_col)["total"].first()
    ax.set_yticks(range(len(outlets)), [f"{o} (n={int(totals[o])})" for o in outlets])
    ax.set_ylim(len(outlets) - 0.4, -0.6)
    if normalize:
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("share of the outlet's attributions")
    else:
        ax.set_xlabel("attributions (count)")
    ax.set_title("Who gets to speak: quotes by source type")
    handles = [plt.Rectangle((0, 0), 1, 1, color=cmap[t]) for t in types]
    _legend_right(ax, handles, [t.replace("_", " ") for t in types], "source type")
    if grp.empty:
        ax.text(0.5, 0.5, "no attributions to plot", ha="center", va="center",
                transform=ax.transAxes)
    _caption(ax, caption)
    _remember(ax, grp[[group_col, type_col, "n", "total", "share"]])
    return ax


# --------------------------------------------------------------------------- relay chains

def plot_relay_chains(table: pd.DataFrame, *, chain_col: str | None = None,
                      source_col: str = "source_type", relay_col: str = "relay",
                      group_col: str = "outlet", count_col: str | None = None,
                      relay_sep: str = ";", top: int = 15, include_direct: bool = False,
                      colours: Mapping[str, str] | None = None, ax: Axes | None = None,
                      caption: str | None = ("How quotes reached the outlet: source \u2192 "
                                             "relaying parties (agencies, statements, "
                                             "spokespeople) \u2192 outlet; number of "
                                             "attributions per path.")) -> Axes:
    """Horizontal bars: the most frequent relay paths ``source → relay(s) → outlet``.

    Either give ``chain_col`` (a ready path string) or let the path be built from
    ``source_col``, the ``relay_sep``-separated parties in ``relay_col`` and ``group_col``.
    Quotes without a relay are left out unless ``include_direct=True`` (then they read
    ``source → outlet``). Bars take the colour of the outlet at the end of the path. The
    input is not modified.

    Examples
    --------
    >>> q = pd.DataFrame({"outlet": ["T", "T", "T"], "source_type": ["police"] * 3,
    ...                   "relay": ["Interfax; TASS", "Interfax; TASS", None]})
    >>> ax = plot_relay_chains(q)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['police → Interfax → TASS → T']
    >>> plotted_data(ax)["n"].tolist()
    [2]
    >>> plt.close("all")
    """
    need = ([chain_col] if chain_col else [source_col, relay_col]) + [group_col]
    need += [count_col] if count_col else []
    require_columns(table, need, where="plot_relay_chains",
                    hint="pass chain_col= (a ready path) or source_col=, relay_col=, group_col=")
    n = (pd.to_numeric(table[count_col], errors="coerce").fillna(0).to_numpy()
         if count_col else np.ones(len(table), dtype=int))
    outlet = _str_col(table, group_col)
    if chain_col:
        chain = _str_col(table, chain_col)
        relayed = pd.Series(True, index=table.index)
    else:
        relay = table[relay_col].astype("string").fillna("").astype(str).str.strip()
        relayed = relay != ""
        parts = relay.map(lambda r: [p.strip(" .,;:") for p in r.split(relay_sep)
                                     if p.strip(" .,;:")])
        source = _str_col(table, source_col).str.replace("_", " ")
        chain = pd.Series([ARROW.join([s, *p, o]) for s, p, o in zip(source, parts, outlet)],
                          index=table.index)
    df = pd.DataFrame({"chain": chain.to_numpy(), group_col: outlet.to_numpy(), "n": n,
                       "relayed": relayed.to_numpy()})
    if not include_direct:
        df = df[df["relayed"]]
    grp = df.groupby(["chain", group_col])["n"].sum().reset_index()
    grp = grp[grp["n"] > 0].sort_values(["n", "chain"], ascending=[False, True]).head(top)
    grp = grp.reset_index(drop=True)
    ax = _new_ax(ax, figsize=(7.5, max(2.0, 1.0 + 0.42 * len(grp))))
    cmap = {**outlet_colours(grp[group_col]), **dict(colours or {})}
    ax.barh(np.arange(len(grp)), grp["n"], color=[cmap[o] for o in grp[group_col]], height=0.65)
    for i, v in enumerate(grp["n"]):
        ax.text(v, i, f" {int(v)}", va="center", fontsize=8)
    ax.set_yticks(np.arange(len(grp)), [_wrap(c, 44) for c in grp["chain"]])
    ax.set_ylim(max(len(grp), 1) - 0.4, -0.6)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(1.0, float(grp["n"].max()) * 1.12) if len(grp) else 1.0)
    ax.set_xlabel("attributions (count)")
    ax.set_title("Relay chains: how quotes reached the outlet")
    if grp.empty:
        ax.text(0.5, 0.5, "no relayed quotes found", ha="center", va="center",
                transform=ax.transAxes)
    _caption(ax, caption)
    _remember(ax, grp.drop(columns=[], errors="ignore"))
    return ax


# --------------------------------------------------------------------------- timeline

def date_span_days(articles: pd.DataFrame, *, date_col: str = "published") -> int:
    """Return the number of distinct calendar days (UTC) with at least one dated article.

    Examples
    --------
    >>> date_span_days(pd.DataFrame({"published": ["2022-01-05", "2022-01-06", None]}))
    2
    """
    require_columns(articles, [date_col], where="date_span_days", hint="pass date_col=")
    dates = pd.to_datetime(articles[date_col], utc=True, errors="coerce").dropna()
    return int(dates.dt.floor("D").nunique())


def plot_timeline(articles: pd.DataFrame, *, date_col: str = "published",
                  group_col: str | None = "outlet",
                  freq: Literal["auto", "D", "W", "MS"] = "auto",
                  kind: Literal["auto", "lines", "stacked"] = "auto",
                  colours: Mapping[str, str] | None = None, ax: Axes | None = None,
                  caption: str | None = ("Articles per period by publication date (UTC); "
                                         "undated articles are left out.")) -> Axes:
    """Lines: number of articles per day (week, month) and outlet.

    ``freq="auto"`` picks days for spans up to 90 days, weeks up to two years, else months.
    ``kind="auto"`` draws one line per outlet for up to three outlets and stacked bars
    (the corpus total, split by outlet) beyond, where crossing lines become unreadable.
    When the dated articles fall on fewer than two days there is no timeline to draw: the
    Axes says so instead (the notebooks check :func:`date_span_days` first). The input is
    not modified.

    Examples
    --------
    >>> a = pd.DataFrame({"published": ["2022-01-05", "2022-01-06", "2022-01-06"],
    ...                   "outlet": ["A", "A", "B"]})
    >>> ax = plot_timeline(a)
    >>> plotted_data(ax)["n"].sum()
    np.int64(3)
    >>> plt.close("all")
    """
    require_columns(articles, [date_col] + ([group_col] if group_col else []),
                    where="plot_timeline", hint="pass date_col=, group_col= (or None)")
    df = pd.DataFrame({"date": pd.to_datetime(articles[date_col], utc=True, errors="coerce"),
                       "group": (_str_col(articles, group_col) if group_col
                                 else pd.Series("all", index=articles.index))})
    undated = int(df["date"].isna().sum())
    df = df.dropna(subset=["date"])
    ax = _new_ax(ax, figsize=(7.5, 3.6))
    days = int(df["date"].dt.floor("D").nunique())
    if days < 2:
        when = (f" ({df['date'].min():%Y-%m-%d})" if days == 1 else "")
        ax.text(0.5, 0.5, f"All dated articles fall on one day{when}:\nno timeline to draw.",
                ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        _remember(ax, pd.DataFrame(columns=["period", "group", "n"]))
        return ax
    span = (df["date"].max() - df["date"].min()).days
    if freq == "auto":
        freq = "D" if span <= 90 else ("W" if span <= 730 else "MS")
    unit = {"D": "day", "W": "week", "MS": "month"}[freq]
    naive = df["date"].dt.tz_convert("UTC").dt.tz_localize(None)
    df["period"] = naive.dt.to_period({"D": "D", "W": "W", "MS": "M"}[freq]).dt.start_time
    full = pd.date_range(df["period"].min(), df["period"].max(),
                         freq={"D": "D", "W": "W-MON", "MS": "MS"}[freq])
    groups = sorted(df["group"].unique())
    cmap = {**outlet_colours(groups), **dict(colours or {})}
    table = (df.groupby(["period", "group"]).size().unstack("group", fill_value=0)
             .reindex(full, fill_value=0))
    if kind == "auto":
        kind = "lines" if len(groups) <= 3 else "stacked"
    if kind == "stacked":
        step = {"D": 1, "W": 7, "MS": 30}[freq]
        bottom = np.zeros(len(table))
        for g in groups:
            ax.bar(table.index, table[g], bottom=bottom, width=step * 0.85, align="edge",
                   color=cmap[g], label=g, linewidth=0)
            bottom = bottom + table[g].to_numpy()
    else:
        for g in groups:
            ax.plot(table.index, table[g], marker="o" if len(full) <= 40 else None,
                    markersize=3.5, color=cmap[g], label=g, linewidth=1.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.grid(axis="y")
    locator = matplotlib.dates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator))
    ax.set_ylabel(f"articles per {unit}")
    ax.set_xlabel("publication date (UTC)")
    ax.set_title(f"Coverage over time ({unit}ly counts{', stacked' if kind == 'stacked' else ''})"
                 .replace("dayly", "daily"))
    if len(groups) > 1 or group_col:
        _legend_right(ax, ax.get_legend_handles_labels()[0], groups, "outlet")
    if undated:
        caption = f"{caption or ''} {undated} undated article(s) not shown.".strip()
    _caption(ax, caption)
    long = table.reset_index(names="period").melt(id_vars="period", var_name="group",
                                                  value_name="n")
    long = long.rename(columns={"group": group_col or "group"})
    _remember(ax, long)
    return ax


# --------------------------------------------------------------------------- saving

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": "newslib"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "newslib", "Producer": None},
}


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def _atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` then move the file over ``path`` in one step."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600 files; give the usual permissions
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _title(ax: Axes) -> str:
    """The Axes' title, wherever it is placed (the report style puts it on the left)."""
    return next((t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t), "")


def _figure_data(fig: Figure) -> pd.DataFrame | None:
    tables = []
    for i, ax in enumerate(fig.axes):
        if ax in _PLOTTED:
            t = _PLOTTED[ax].copy()
            if len([a for a in fig.axes if a in _PLOTTED]) > 1:
                t.insert(0, "panel", _title(ax) or str(i))
            tables.append(t)
    if not tables:
        return None
    return pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]


def save_figure(fig: Figure, name: str, *, data: pd.DataFrame | None = None,
                formats: Sequence[str] = ("png", "svg"), pdf: bool = False,
                out_dir: str | Path | None = None, dpi: int = 200) -> list[Path]:
    """Write ``fig`` as PNG and SVG (and PDF on request) plus a CSV of its numbers.

    Output is reproducible: fixed ``dpi``, no timestamps or software versions in the files,
    a fixed SVG id salt, so saving the same figure twice gives byte-identical files. Each
    file is written to a temporary name in ``out_dir`` and moved into place
    (``os.replace``), so a reader never sees half a file.

    Parameters
    ----------
    fig
        The figure (``ax.figure`` for a plotter's Axes).
    name
        File stem, e.g. ``"label-shares"``: letters, digits, ``-``, ``_``, ``.``.
    data
        The plotted numbers, written as ``<name>.csv``. Default: the tables the newslib
        plotters drew on the figure's Axes (:func:`plotted_data`; with a ``panel`` column
        for small multiples); no CSV when there are none.
    formats, pdf
        Image formats to write; ``pdf=True`` adds ``"pdf"``.
    out_dir
        Folder (created if missing); default :data:`newslib.config.FIGURES_DIR`.

    Returns
    -------
    list of Path
        The files written, images first, then the CSV.

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar(["a", "b"], [1, 2])
    >>> paths = save_figure(fig, "demo", data=pd.DataFrame({"x": ["a", "b"], "y": [1, 2]}),
    ...                     out_dir=tempfile.mkdtemp())
    >>> [p.name for p in paths]
    ['demo.png', 'demo.svg', 'demo.csv']
    >>> plt.close(fig)
    """
    if not _NAME.match(name):
        raise ValueError(f"figure name {name!r} is not a plain file stem; use letters, digits, "
                         "'-', '_' or '.', e.g. 'label-shares'")
    fmts = list(dict.fromkeys([f.lower().lstrip(".") for f in formats] + (["pdf"] if pdf else [])))
    unknown = [f for f in fmts if f not in _METADATA]
    if unknown:
        raise ValueError(f"unsupported figure format(s) {unknown}; choose among "
                         f"{sorted(_METADATA)}")
    if data is not None and not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    out = Path(out_dir) if out_dir is not None else config.FIGURES_DIR
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    rc = {"svg.hashsalt": "newslib", "svg.fonttype": "path", "pdf.compression": 6}
    with matplotlib.rc_context(rc):
        for fmt in fmts:
            path = out / f"{name}.{fmt}"
            _atomic_write(path, lambda tmp, fmt=fmt: fig.savefig(
                tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt], bbox_inches="tight",
                pad_inches=0.1, facecolor="white"))
            paths.append(path)
    table = data if data is not None else _figure_data(fig)
    if table is not None:
        path = out / f"{name}.csv"
        _atomic_write(path, lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n",
                                                     encoding="utf-8"))
        paths.append(path)
    return paths
