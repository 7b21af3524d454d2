"""Validate newslib's extractions on your own corpus: sample, code by hand, score.

The published accuracy of a tool is measured on somebody else's text. Before reporting
what newslib found in *your* corpus, check a random sample of its output by hand:

1. :func:`draw_sample` draws a stratified random sample of any extracted table (mentions,
   quotes, passives, scare quotes, actor sentiment, ...) and puts each item in its sentence:
   left context, the highlighted span, right context, the model's prediction columns
   (``pred_*``), and ids to join back (``item_id``, ``article_id``, ``start``, ``end``,
   ``table_row``).
2. :func:`write_coding_sheet` writes it as a coding sheet (``.csv`` or ``.xlsx``) with
   empty columns for the coder: ``correct`` (yes/no), ``corrected_value``, ``missed`` (how
   many items of the same kind the system missed in this sentence) and ``note``.
3. Coders fill the sheets independently; :func:`read_coding_sheets` reads them back and
   checks every verdict, naming the file, row and fix for anything missing or invalid.
4. :func:`score_precision` reports precision with Wilson confidence intervals (and recall
   where coders recorded missed items); :func:`intercoder_agreement` reports
   Krippendorff's alpha and percent agreement across two or more coders.

What the figures mean
---------------------
Precision is the share of sampled predictions judged correct. With
``allocation="proportional"`` (the default) every item had the same chance of selection
and the plain share estimates the whole table's precision; with ``"equal"`` small strata
are over-represented, so pass ``weighted=True`` to :func:`score_precision` for the
table-wide figure. Recall here is ``correct / (correct + missed)`` over the sampled
sentences only: items missed in sentences where the system found nothing are invisible
to this design, so treat it as an upper bound, not as the recall on the corpus.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from newslib.quality.scorers import wilson_interval
from newslib.schema import require_columns

__all__ = ["ID_COLUMNS", "VERDICT_COLUMNS", "draw_sample", "intercoder_agreement",
           "join_verdicts", "read_coding_sheets", "score_precision", "write_coding_sheet"]

#: Columns that identify a sampled item; keep them when editing a sheet.
ID_COLUMNS = ("sheet_row", "item_id", "article_id", "start", "end")
#: Columns the coder fills in (``coder`` may be pre-filled by :func:`write_coding_sheet`).
VERDICT_COLUMNS = ("coder", "correct", "corrected_value", "missed", "note")

_SPAN_CANDIDATES = (("start", "end"), ("content_start", "content_end"),
                    ("source_start", "source_end"), ("cue_start", "cue_end"))
_NOT_PREDICTIONS = {"article_id", "sentence_id", "paragraph_id", "sentence_start",
                    "sentence_end", "quote_id"}
_YES = {"yes", "y", "true", "1", "correct", "ja", "oui", "si", "sí"}
_NO = {"no", "n", "false", "0", "incorrect", "wrong", "nein", "non"}

INSTRUCTIONS = """\
How to code this sheet
- One row is one item the software extracted. The item is the text between [[ and ]] in
  'in_context' (highlighted in Excel); 'pred_*' columns are what the software said about it.
- correct: write yes if the item and every pred_* value are right for this sentence, no
  otherwise. Judge from the sentence; open the article (article_id) when unsure.
- corrected_value: when correct is no, write the right value (e.g. the right label, speaker
  or source type), or 'not an item' when nothing should have been extracted here.
- missed: the number of items of the same kind in this sentence that the software did NOT
  extract (0 when you checked and found none). Count each missed item once, on the first row
  of its sentence. Leave it empty only if you are not coding recall.
- note: anything worth telling the analyst.
- coder: your name or code. Code alone: do not discuss items with other coders until all
  sheets are in. Do not edit, reorder or delete the id columns (sheet_row ... end).
"""


# ---------------------------------------------------------------------------------------
# sampling


def _span_columns(table: pd.DataFrame, span: tuple[str, str] | None) -> tuple[str, str]:
    if span is not None:
        require_columns(table, span, where="draw_sample(table)",
                        hint="pass span=(start_col, end_col) naming the offset columns")
        return span
    for cand in _SPAN_CANDIDATES:
        if all(c in table.columns for c in cand):
            return cand
    raise KeyError("draw_sample(table): no offset columns found (looked for "
                   f"{[list(c) for c in _SPAN_CANDIDATES]}); columns are "
                   f"{list(table.columns)}; pass span=(start_col, end_col)")


def _allocate(sizes: pd.Series, n: int,
              allocation: Literal["proportional", "equal"]) -> pd.Series:
    """Sample size per stratum: sums to min(n, total), never above a stratum's size."""
    total = int(sizes.sum())
    n = min(n, total)
    if allocation == "proportional":
        raw = sizes / total * n
        if n >= len(sizes):
            raw = raw.clip(lower=1.0)  # every stratum gets at least one item
    else:
        raw = pd.Series(n / len(sizes), index=sizes.index)
    take = np.floor(raw).astype(int).clip(upper=sizes)
    # hand out what is left by largest remainder, among strata with room
    while take.sum() < n:
        room = take < sizes
        rest = (raw - take).where(room, -np.inf)
        if take.sum() > n or not room.any():
            break
        take[rest.idxmax()] += 1
    while take.sum() > n:  # the minimum of one per stratum can overshoot
        over = (take - raw).where(take > 1, -np.inf)
        take[over.idxmax()] -= 1
    return take.astype(int)


def _sentence_bounds(text: str, start: int, end: int, spans: list[tuple[int, int]],
                     extra: int) -> tuple[int, int]:
    """Start of the first and end of the last sentence overlapping [start, end), +extra."""
    idx = [i for i, (s, e) in enumerate(spans) if s < max(end, start + 1) and e > start]
    if not idx:  # span falls between sentences (e.g. on whitespace): nearest sentence
        idx = [min(range(len(spans)), key=lambda i: abs(spans[i][0] - start))] if spans else []
    if not idx:
        return 0, len(text)
    lo = max(0, idx[0] - extra)
    hi = min(len(spans) - 1, idx[-1] + extra)
    return min(spans[lo][0], start), max(spans[hi][1], end)


def draw_sample(table: pd.DataFrame, articles: pd.DataFrame, *, n: int = 100,
                strata: str | None = "outlet", seed: int = 0,
                allocation: Literal["proportional", "equal"] = "proportional",
                span: tuple[str, str] | None = None,
                predictions: Sequence[str] | None = None,
                mark: tuple[str, str] | None | Literal["auto"] = "auto",
                context: Literal["sentence", "chars"] = "sentence",
                extra_sentences: int = 0, window: int = 150,
                text_col: str = "text") -> pd.DataFrame:
    """Draw a stratified random sample of an extracted table, each item in context.

    Parameters
    ----------
    table : DataFrame
        Any newslib output with ``article_id`` and character offsets into the article's
        ``text``: mentions, quotes, passives, scare quotes, sentiment rows, ... Not modified.
    articles : DataFrame
        The articles table the offsets point into (``article_id`` and ``text_col``).
    n : int
        Sample size (all rows when the table is smaller).
    strata : str or None
        Column to stratify by, taken from ``table`` or, failing that, from ``articles``
        (e.g. ``"outlet"``, ``"actor"``, ``"source_type"``). ``None``: simple random sample.
    seed : int
        Seed of the random generator: the same table and seed give the same sample.
    allocation : {"proportional", "equal"}
        Items per stratum proportional to its size (at least one each when ``n`` allows),
        or the same number per stratum (score with ``weighted=True``).
    span : (str, str), optional
        Offset columns of the item to highlight; default the first present of
        ``start/end``, ``content_start/content_end``, ``source_start/source_end``.
    predictions : list of str, optional
        Columns to show the coder as ``pred_<col>``; default every column except ids and
        offsets.
    mark : (str, str), None or "auto"
        A second span to show, marked ``{{...}}`` (e.g. a quote's speaker): the context
        is widened to include it. ``"auto"``: ``source_start/source_end`` when the table
        has them and the item is another span (quotes); ``None``: no second span.
    context : {"sentence", "chars"}
        Show the sentence(s) containing the item (from ``sentence_start/sentence_end``
        when the table has them, else :func:`newslib.segment.split_text`), or ``window``
        characters either side.
    extra_sentences : int
        Sentences of context to add before and after (``context="sentence"``).
    window : int
        Characters either side for ``context="chars"``.
    text_col : str
        Text column of ``articles``.

    Returns
    -------
    DataFrame
        One row per sampled item, in reading order (article, offset): ``sheet_row``
        (1-based), ``item_id`` (``article_id:start-end``), ``table_row`` (position in
        ``table``), ``article_id``, ``start``, ``end``, ``stratum``, ``left_context``,
        ``span_text``, ``right_context``, ``in_context`` (the span marked ``[[...]]``,
        the ``mark`` span ``{{...}}``),
        the ``pred_*`` columns, and ``stratum_size``, ``stratum_sampled``, ``weight``
        (inverse selection probability).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"],
    ...                      "text": ["Police said rioters fled. Protesters stayed."]})
    >>> table = pd.DataFrame({"article_id": ["a", "a"], "start": [12, 26], "end": [19, 36],
    ...                       "label": ["rioters", "protesters"]})
    >>> s = draw_sample(table, arts, n=1, seed=1)
    >>> s[["item_id", "pred_label", "in_context"]].to_dict("records")
    [{'item_id': 'a:12-19', 'pred_label': 'rioters', 'in_context': 'Police said [[rioters]] fled.'}]
    """
    require_columns(table, ["article_id"], where="draw_sample(table)")
    require_columns(articles, ["article_id", text_col], where="draw_sample(articles)",
                    hint="pass text_col=... naming the articles' text column")
    if n < 1:
        raise ValueError(f"draw_sample: n={n}; pass n >= 1")
    if allocation not in ("proportional", "equal"):
        raise ValueError(f"allocation={allocation!r}; pass 'proportional' or 'equal'")
    if context not in ("sentence", "chars"):
        raise ValueError(f"context={context!r}; pass 'sentence' or 'chars'")
    s_col, e_col = _span_columns(table, span)
    work = table.reset_index(drop=True)
    work = work.assign(table_row=np.arange(len(work)))
    work = work[work[s_col].notna() & work[e_col].notna()]
    texts = dict(zip(articles["article_id"].astype(str), articles[text_col], strict=False))
    unknown = sorted(set(work["article_id"].astype(str)) - set(texts))
    if unknown:
        raise KeyError(f"draw_sample: {len(unknown)} article_id(s) of the table are not in "
                       f"articles, e.g. {unknown[:3]}; pass the articles table the "
                       "extraction was run on")
    if strata is None:
        stratum = pd.Series("all", index=work.index)
    elif strata in work.columns:
        stratum = work[strata]
    elif strata in articles.columns:
        lookup = dict(zip(articles["article_id"].astype(str), articles[strata], strict=False))
        stratum = work["article_id"].astype(str).map(lookup)
    else:
        raise KeyError(f"draw_sample: strata column {strata!r} is in neither the table "
                       f"({list(table.columns)}) nor the articles ({list(articles.columns)}); "
                       "pass strata=<one of them> or strata=None")
    stratum = stratum.astype(object).where(stratum.notna(), "(missing)").astype(str)
    work = work.assign(_stratum=stratum.to_numpy())
    if work.empty:
        raise ValueError("draw_sample: the table has no rows with offsets to sample")

    sizes = work.groupby("_stratum", sort=True).size()
    take = _allocate(sizes, n, allocation)
    rng = np.random.default_rng(seed)
    picked = []
    for name in sizes.index:  # sorted order: reproducible whatever the table's order
        rows = work.index[work["_stratum"] == name].to_numpy()
        k = int(take[name])
        if k:
            picked.extend(rng.choice(rows, size=k, replace=False).tolist())
    sample = work.loc[picked].copy()
    sample["stratum_size"] = sample["_stratum"].map(sizes).astype("int64")
    sample["stratum_sampled"] = sample["_stratum"].map(take).astype("int64")
    sample["weight"] = sample["stratum_size"] / sample["stratum_sampled"]

    if predictions is None:
        offsets = {c for c in work.columns if c.endswith(("_start", "_end"))}
        predictions = [c for c in table.columns
                       if c not in _NOT_PREDICTIONS and c not in offsets
                       and c not in (s_col, e_col, "start", "end")]
    else:
        require_columns(table, predictions, where="draw_sample(predictions)")

    if isinstance(mark, str) and mark == "auto":
        mark = (("source_start", "source_end")
                if {"source_start", "source_end"} <= set(work.columns)
                and (s_col, e_col) != ("source_start", "source_end") else None)
    elif mark is not None:
        require_columns(table, mark, where="draw_sample(mark)",
                        hint="pass mark=(start_col, end_col), or mark=None")

    split_cache: dict[str, list[tuple[int, int]]] = {}
    has_sent = {"sentence_start", "sentence_end"} <= set(work.columns) and extra_sentences == 0
    records = []
    for _, r in sample.iterrows():
        aid = str(r["article_id"])
        text = texts[aid]
        text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
        start, end = int(r[s_col]), int(r[e_col])
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"draw_sample: row {int(r['table_row'])} has offsets "
                             f"{start}-{end} outside article {aid!r} (length {len(text)}); "
                             "were offsets computed on a different (uncleaned) text?")
        second = None
        if mark is not None and pd.notna(r[mark[0]]) and pd.notna(r[mark[1]]):
            ms, me = int(r[mark[0]]), int(r[mark[1]])
            if 0 <= ms < me <= len(text) and (me <= start or ms >= end):
                second = (ms, me)  # only a span beside the item, never inside it
        u_start = min(start, second[0]) if second else start
        u_end = max(end, second[1]) if second else end
        if context == "chars":
            lo, hi = max(0, u_start - window), min(len(text), u_end + window)
        elif (has_sent and pd.notna(r["sentence_start"]) and pd.notna(r["sentence_end"])
              and int(r["sentence_start"]) <= u_start and u_end <= int(r["sentence_end"])):
            lo, hi = int(r["sentence_start"]), int(r["sentence_end"])
        else:
            if aid not in split_cache:
                from newslib.segment import split_text

                split_cache[aid] = split_text(text)
            lo, hi = _sentence_bounds(text, u_start, u_end, split_cache[aid], extra_sentences)
        left, mid, right = text[lo:start], text[start:end], text[end:hi]
        rec = {"item_id": f"{aid}:{start}-{end}", "table_row": int(r["table_row"]),
               "article_id": aid, "start": start, "end": end, "stratum": r["_stratum"],
               "left_context": " ".join(left.split()) + (" " if left[-1:].isspace() else ""),
               "span_text": mid,
               "right_context": (" " if right[:1].isspace() else "") + " ".join(right.split()),
               }
        rec["in_context"] = _render(text, lo, hi, (start, end), second)
        for col in predictions:
            val = r[col]
            rec[f"pred_{col}"] = None if _is_blank(val) else val
        rec.update(stratum_size=r["stratum_size"], stratum_sampled=r["stratum_sampled"],
                   weight=float(r["weight"]))
        records.append(rec)
    out = pd.DataFrame(records)
    out = out.sort_values(["article_id", "start", "end", "table_row"], kind="stable")
    out.insert(0, "sheet_row", np.arange(1, len(out) + 1))
    return out.reset_index(drop=True)


def _squash(piece: str) -> str:
    """Collapse whitespace runs to one space, keeping one space at either end if present."""
    if not piece:
        return ""
    inner = " ".join(piece.split())
    if not inner:
        return " "
    return (" " if piece[0].isspace() else "") + inner + (" " if piece[-1].isspace() else "")


def _render(text: str, lo: int, hi: int, item: tuple[int, int],
            second: tuple[int, int] | None) -> str:
    """``text[lo:hi]`` with the item marked ``[[...]]`` and a second span ``{{...}}``."""
    marks = [(item[0], item[1], "[[", "]]")]
    if second is not None:
        marks.append((second[0], second[1], "{{", "}}"))
    out, pos = [], lo
    for s_, e_, open_, close in sorted(marks):
        out.append(_squash(text[pos:s_]))
        out.append(open_ + text[s_:e_] + close)
        pos = e_
    out.append(_squash(text[pos:hi]))
    return "".join(out)


_MARK_RE = re.compile(r"(\[\[.*?\]\]|\{\{.*?\}\})", re.S)


def _is_blank(val: object) -> bool:
    if val is None or val is pd.NA:
        return True
    if isinstance(val, float) and math.isnan(val):
        return True
    return isinstance(val, str) and not val.strip()


# ---------------------------------------------------------------------------------------
# coding sheets


def write_coding_sheet(sample: pd.DataFrame, path: str | PathLike, *,
                       coder: str | None = None) -> Path:
    """Write a sample as a coding sheet: ``.csv`` (UTF-8 with BOM) or ``.xlsx``.

    Adds the empty coder columns :data:`VERDICT_COLUMNS` (``coder`` pre-filled when given;
    columns already present are kept, so a partly coded sheet can be re-written). The
    Excel sheet highlights the span in ``in_context``, offers yes/no in ``correct``,
    freezes the header and carries an ``instructions`` sheet; the CSV has the same
    columns (see :data:`INSTRUCTIONS`). Give each coder their own file.

    Parameters
    ----------
    sample : DataFrame
        Output of :func:`draw_sample`. Not modified.
    path : path
        Target file; the suffix chooses the format.
    coder : str, optional
        Name or code of the coder this copy is for.

    Returns
    -------
    pathlib.Path
        The written file.

    Examples
    --------
    >>> import tempfile, os
    >>> s = pd.DataFrame({"sheet_row": [1], "item_id": ["a:0-3"], "article_id": ["a"],
    ...                   "start": [0], "end": [3], "in_context": ["[[Foo]] bar"]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_coding_sheet(s, os.path.join(d, "c1.csv"), coder="c1")
    ...     list(pd.read_csv(p, encoding="utf-8-sig").columns)[-5:]
    ['coder', 'correct', 'corrected_value', 'missed', 'note']
    """
    require_columns(sample, ID_COLUMNS, where="write_coding_sheet(sample)",
                    hint="pass the output of newslib.validate.draw_sample")
    path = Path(path)
    sheet = sample.copy()
    for col in VERDICT_COLUMNS:
        if col not in sheet.columns:
            sheet[col] = coder if (col == "coder" and coder) else None
        elif col == "coder" and coder:
            sheet[col] = coder
    sheet = sheet.astype(object).where(sheet.notna(), None)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        sheet.to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        _write_xlsx(sheet, path)
    else:
        raise ValueError(f"write_coding_sheet: unknown format {path.suffix!r}; name the file "
                         "*.csv or *.xlsx")
    return path


def _write_xlsx(sheet: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "coding"
    cols = list(sheet.columns)
    ws.append(cols)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    fonts = {"[[": InlineFont(b=True, color="C00000"), "{{": InlineFont(b=True, color="1F4E79")}
    ctx = cols.index("in_context") if "in_context" in cols else None
    for rec in sheet.itertuples(index=False):
        values = [v.item() if hasattr(v, "item") else v for v in rec]
        if ctx is not None and isinstance(values[ctx], str) and "[[" in values[ctx]:
            parts = [TextBlock(fonts.get(piece[:2], InlineFont()), piece)
                     for piece in _MARK_RE.split(values[ctx]) if piece]
            values[ctx] = CellRichText(parts)
        ws.append(values)
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = {"in_context": 80, "left_context": 30, "right_context": 30, "span_text": 20,
              "note": 30, "corrected_value": 20}
    fill = PatternFill("solid", fgColor="FFF2CC")
    for i, name in enumerate(cols, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = widths.get(name, 14)
        if name in VERDICT_COLUMNS or name == "in_context":
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = wrap
                if name in VERDICT_COLUMNS:
                    cell.fill = fill
    if "correct" in cols and len(sheet):
        letter = ws.cell(row=1, column=cols.index("correct") + 1).column_letter
        dv = DataValidation(type="list", formula1='"yes,no"', allow_blank=True,
                            showErrorMessage=True, errorTitle="correct",
                            error="Write yes or no.")
        dv.add(f"{letter}2:{letter}{len(sheet) + 1}")
        ws.add_data_validation(dv)
    ws.freeze_panes = "B2"
    info = wb.create_sheet("instructions")
    for line in INSTRUCTIONS.splitlines():
        info.append([line])
    info.column_dimensions["A"].width = 100
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(path)


def _read_one(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # saved by a spreadsheet in the Windows code page
            content = raw.decode("cp1252", errors="replace")
        header = content.split("\n", 1)[0]
        # spreadsheet programs in many locales save CSV with ";" (or tabs): follow the header
        sep = max((",", ";", "\t"), key=header.count)
        return pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False, sep=sep)
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        if "coding" not in wb.sheetnames:
            raise ValueError(f"{path}: no sheet named 'coding' (sheets: {wb.sheetnames}); "
                             "keep the sheet name write_coding_sheet gave it")
        rows = list(wb["coding"].iter_rows(values_only=True))
        wb.close()
        if not rows:
            raise ValueError(f"{path}: the 'coding' sheet is empty")
        header = [str(h) if h is not None else "" for h in rows[0]]
        body = [["" if v is None else str(v) for v in r] for r in rows[1:]
                if any(v not in (None, "") for v in r)]
        return pd.DataFrame(body, columns=header, dtype=object)
    raise ValueError(f"{path}: unknown format {path.suffix!r}; coding sheets are .csv or .xlsx")


def _fmt_rows(rows: Iterable[object]) -> str:
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")


def read_coding_sheets(paths: str | PathLike | Sequence[str | PathLike], *,
                       require_complete: bool = True) -> pd.DataFrame:
    """Read coded sheets back into one table, checking every verdict.

    Parameters
    ----------
    paths : path or list of paths
        ``.csv`` or ``.xlsx`` files written by :func:`write_coding_sheet` and filled in.
        CSV files may be comma, semicolon or tab separated (as spreadsheet programs save
        them), in UTF-8 or the Windows code page.
    require_complete : bool
        Raise when a row has no verdict in ``correct`` (default). When false, uncoded rows
        are dropped.

    Returns
    -------
    DataFrame
        All rows of all sheets with ``sheet`` (file name), ``coder`` (the column, or the
        file's stem when the coder left it empty), ``correct`` normalised to ``"yes"`` /
        ``"no"``, ``missed`` as a nullable integer (empty = not coded), and ``start``,
        ``end``, ``sheet_row`` as integers.

    Raises
    ------
    ValueError
        Naming the file, the sheet rows and the fix: a missing id or verdict column, an
        empty or invalid ``correct``, a ``missed`` that is not a whole number >= 0, or the
        same item coded twice by one coder.

    Examples
    --------
    >>> import tempfile, os
    >>> s = pd.DataFrame({"sheet_row": [1, 2], "item_id": ["a:0-3", "a:4-7"],
    ...                   "article_id": ["a", "a"], "start": [0, 4], "end": [3, 7],
    ...                   "correct": ["Yes", "maybe"]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_coding_sheet(s, os.path.join(d, "c1.csv"))
    ...     read_coding_sheets(p)
    Traceback (most recent call last):
    ...
    ValueError: c1.csv: 'correct' is not yes/no in sheet row 2 ('maybe'); write yes or no
    """
    if isinstance(paths, str | PathLike):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("read_coding_sheets: no files given; pass a list of sheet paths")
    frames = []
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: coding sheet not found")
        df = _read_one(path)
        where = path.name
        missing = [c for c in (*ID_COLUMNS, "correct") if c not in df.columns]
        if missing:
            raise ValueError(f"{where}: column(s) {missing} not found; columns are "
                             f"{list(df.columns)}; use the sheet written by "
                             "write_coding_sheet and do not rename or delete its columns")
        for col in VERDICT_COLUMNS:
            if col not in df.columns:
                df[col] = ""
        df = df.astype(object).where(df.notna(), "")
        for col in ("sheet_row", "start", "end"):
            bad = df.index[~df[col].astype(str).str.strip().str.fullmatch(r"\d+(\.0)?")]
            if len(bad):
                raise ValueError(f"{where}: '{col}' is not a whole number in data line(s) "
                                 f"{_fmt_rows(i + 2 for i in bad)}; restore the id columns "
                                 "from the sheet as written")
            df[col] = df[col].astype(str).str.strip().astype(float).astype("int64")
        verdict = df["correct"].astype(str).str.strip().str.lower()
        empty = df.loc[verdict == "", "sheet_row"].tolist()
        if empty and require_complete:
            raise ValueError(f"{where}: 'correct' is empty in sheet row(s) {_fmt_rows(empty)}; "
                             "write yes or no in each (or pass require_complete=False to "
                             "score the coded rows only)")
        invalid = df[(verdict != "") & ~verdict.isin(_YES | _NO)]
        if len(invalid):
            shown = ", ".join(f"{r} ({v!r})" for r, v in
                              zip(invalid["sheet_row"][:10], invalid["correct"][:10],
                                  strict=False))
            noun = "row" if len(invalid) == 1 else "rows"
            raise ValueError(f"{where}: 'correct' is not yes/no in sheet {noun} {shown}; "
                             "write yes or no")
        df["correct"] = verdict.map(lambda v: "yes" if v in _YES else "no" if v in _NO
                                    else pd.NA)
        df = df[df["correct"].notna()].copy()
        missed_raw = df["missed"].astype(str).str.strip()
        bad = df.loc[(missed_raw != "") & ~missed_raw.str.fullmatch(r"\d+(\.0)?"), "sheet_row"]
        if len(bad):
            raise ValueError(f"{where}: 'missed' must be a whole number >= 0 (or empty) in "
                             f"sheet row(s) {_fmt_rows(bad)}; write how many items the "
                             "software missed in that sentence, e.g. 0 or 2")
        df["missed"] = pd.array([int(float(v)) if v else pd.NA for v in missed_raw],
                                dtype="Int64")
        coder = df["coder"].astype(str).str.strip()
        df["coder"] = coder.where(coder != "", path.stem)
        df["sheet"] = path.name
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    dup = out[out.duplicated(["coder", "item_id"], keep=False)]
    if len(dup):
        first = dup.iloc[0]
        files = sorted(set(dup.loc[(dup["coder"] == first["coder"])
                                   & (dup["item_id"] == first["item_id"]), "sheet"]))
        raise ValueError(f"item {first['item_id']} is coded more than once by coder "
                         f"{first['coder']!r} (in {files}); give each coder one sheet, or "
                         "fill the coder column with distinct names")
    for col in ("correct", "coder", "sheet", "item_id", "article_id"):
        out[col] = out[col].astype("string")
    return out


def join_verdicts(table: pd.DataFrame, coded: pd.DataFrame, *,
                  span: tuple[str, str] | None = None) -> pd.DataFrame:
    """Attach coders' verdicts to the rows of the extracted table they judge.

    Rows are matched on ``article_id`` and the span offsets (the ``item_id`` of the sheet),
    so the join survives re-ordering of the table. Items that several coders coded appear
    once per coder; table rows that were not sampled are left out.

    Parameters
    ----------
    table : DataFrame
        The extracted table the sample was drawn from. Not modified.
    coded : DataFrame
        Output of :func:`read_coding_sheets`. Not modified.
    span : (str, str), optional
        Offset columns of ``table``, as given to :func:`draw_sample`.

    Returns
    -------
    DataFrame
        The matching rows of ``table`` with ``item_id``, ``coder``, ``correct``,
        ``corrected_value``, ``missed`` and ``note``.

    Examples
    --------
    >>> table = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 8], "end": [6, 14],
    ...                       "label": ["police", "rioter"]})
    >>> coded = pd.DataFrame({"item_id": ["a:8-14"], "coder": ["c1"], "correct": ["no"],
    ...                       "corrected_value": ["protester"], "missed": [0], "note": [""]})
    >>> join_verdicts(table, coded)[["label", "correct", "corrected_value"]].to_dict("records")
    [{'label': 'rioter', 'correct': 'no', 'corrected_value': 'protester'}]
    """
    s_col, e_col = _span_columns(table, span)
    require_columns(coded, ["item_id", "correct"], where="join_verdicts(coded)",
                    hint="pass the output of read_coding_sheets")
    ids = (table["article_id"].astype(str) + ":" + table[s_col].astype("Int64").astype(str)
           + "-" + table[e_col].astype("Int64").astype(str))
    keep = [c for c in ("item_id", *VERDICT_COLUMNS) if c in coded.columns]
    verdicts = coded[keep].assign(item_id=coded["item_id"].astype(str))
    return (table.assign(item_id=ids.to_numpy())
            .merge(verdicts, on="item_id", how="inner", validate="many_to_many")
            .reset_index(drop=True))


# ---------------------------------------------------------------------------------------
# scores


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def score_precision(coded: pd.DataFrame, *, by: str | Sequence[str] | None = None,
                    confidence: float = 0.95, weighted: bool = False) -> pd.DataFrame:
    """Precision (and recall where coders counted misses) with Wilson intervals.

    Parameters
    ----------
    coded : DataFrame
        Output of :func:`read_coding_sheets`. Not modified.
    by : str or list of str, optional
        Group columns (e.g. ``"stratum"``, ``"pred_label"``). With several coders,
        ``coder`` is added so that each coder gets their own figures (pool them only after
        checking :func:`intercoder_agreement`).
    confidence : float
        Confidence level of the intervals.
    weighted : bool
        Weight items by ``weight`` (inverse selection probability from
        :func:`draw_sample`): use with ``allocation="equal"`` for the table-wide figure.
        The interval then uses Kish's effective sample size.

    Returns
    -------
    DataFrame
        One row per group: ``n``, ``correct``, ``incorrect``, ``precision``,
        ``precision_low``, ``precision_high``, ``missed``, ``recall``, ``recall_low``,
        ``recall_high``. Recall is ``correct / (correct + missed)`` over the sampled
        sentences (an upper bound; NaN when no coder filled ``missed`` in the group).
        With ``by``, a missed item counts in the group of the row where the coder
        noted it, which need not be the missed item's own group.

    Examples
    --------
    >>> coded = pd.DataFrame({"coder": ["a"] * 10, "correct": ["yes"] * 8 + ["no"] * 2,
    ...                       "missed": pd.array([1] + [None] * 9, dtype="Int64")})
    >>> r = score_precision(coded).iloc[0]
    >>> [round(float(r[c]), 3) for c in ("precision", "precision_low", "precision_high")]
    [0.8, 0.49, 0.943]
    >>> int(r.missed), round(float(r.recall), 3)
    (1, 0.889)
    """
    require_columns(coded, ["correct"], where="score_precision(coded)",
                    hint="pass the output of read_coding_sheets")
    groups = _as_list(by)
    require_columns(coded, groups, where="score_precision(by)")
    if "coder" in coded.columns and coded["coder"].nunique() > 1 and "coder" not in groups:
        groups = ["coder", *groups]
    if weighted:
        require_columns(coded, ["weight"], where="score_precision(weighted=True)",
                        hint="the weight column comes from draw_sample; or weighted=False")
    rows = []
    grouped = coded.groupby(groups, sort=True, dropna=False) if groups else [((), coded)]
    for key, g in grouped:
        key = key if isinstance(key, tuple) else (key,)
        yes = (g["correct"].astype(str).str.lower() == "yes").to_numpy()
        n = len(g)
        if weighted:
            w = g["weight"].astype(float).to_numpy()
            prec = float((w * yes).sum() / w.sum()) if n else math.nan
            n_eff = float(w.sum() ** 2 / (w ** 2).sum()) if n else 0.0
            low, high = wilson_interval(prec * n_eff, n_eff, confidence=confidence)
        else:
            prec = float(yes.mean()) if n else math.nan
            low, high = wilson_interval(int(yes.sum()), n, confidence=confidence)
        missed_col = g["missed"] if "missed" in g.columns else pd.Series(dtype="Int64")
        if missed_col.notna().any():
            missed = int(missed_col.fillna(0).sum())
            tp = int(yes.sum())
            recall = tp / (tp + missed) if tp + missed else math.nan
            r_low, r_high = wilson_interval(tp, tp + missed, confidence=confidence)
        else:
            missed, recall, r_low, r_high = pd.NA, math.nan, math.nan, math.nan
        rec = dict(zip(groups, key, strict=False))
        rec.update(n=n, correct=int(yes.sum()), incorrect=int(n - yes.sum()),
                   precision=prec, precision_low=low, precision_high=high,
                   missed=missed, recall=recall, recall_low=r_low, recall_high=r_high)
        rows.append(rec)
    out = pd.DataFrame(rows)
    out["missed"] = out["missed"].astype("Int64")
    return out


def _percent_agreement(matrix: np.ndarray) -> tuple[float, int]:
    """Mean share of agreeing coder pairs over items coded by >= 2 coders."""
    shares = []
    for col in matrix.T:
        vals = col[~np.isnan(col)]
        m = len(vals)
        if m < 2:
            continue
        agree = sum(int(vals[i] == vals[j]) for i in range(m) for j in range(i + 1, m))
        shares.append(agree / (m * (m - 1) / 2))
    return (float(np.mean(shares)) if shares else math.nan), len(shares)


def intercoder_agreement(coded_sheets: pd.DataFrame | Sequence[pd.DataFrame], *,
                         column: str = "correct",
                         level: Literal["nominal", "ordinal", "interval", "ratio"] = "nominal",
                         ) -> pd.DataFrame:
    """Krippendorff's alpha and percent agreement of two or more coders on one column.

    Items are matched on ``item_id``, coders on ``coder``. Empty values count as not
    coded (alpha handles missing data); items coded by fewer than two coders do not
    count. Alpha is computed with the ``krippendorff`` package.

    Parameters
    ----------
    coded_sheets : DataFrame or list of DataFrames
        Output of :func:`read_coding_sheets` (several coders in one table, or one table per
        coder). Not modified.
    column : str
        The coded column: ``"correct"`` (default), ``"corrected_value"``, ``"missed"`` or
        any column the coders filled.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement for alpha (``"ratio"`` or ``"interval"`` for ``missed``).

    Returns
    -------
    DataFrame
        One row: ``column``, ``level``, ``coders``, ``items`` (coded by >= 2 coders),
        ``alpha`` (NaN with a ``note`` when undefined, e.g. every value identical),
        ``percent_agreement`` (mean share of agreeing pairs per item), ``note``.

    Examples
    --------
    >>> a = pd.DataFrame({"coder": "A", "item_id": list("wxyz"),
    ...                   "correct": ["yes", "yes", "no", "yes"]})
    >>> b = a.assign(coder="B", correct=["yes", "no", "no", "yes"])
    >>> r = intercoder_agreement([a, b]).iloc[0]
    >>> round(float(r.alpha), 4), float(r.percent_agreement), int(r["items"])
    (0.5333, 0.75, 4)
    """
    import krippendorff

    if isinstance(coded_sheets, pd.DataFrame):
        frames = [coded_sheets]
    else:
        frames = list(coded_sheets)
    if not frames:
        raise ValueError("intercoder_agreement: no sheets given")
    for i, f in enumerate(frames):
        require_columns(f, ["coder", "item_id", column], where=f"intercoder_agreement(sheet {i})",
                        hint="pass the output of read_coding_sheets, or column=...")
    data = pd.concat([f[["coder", "item_id", column]] for f in frames], ignore_index=True)
    values = data[column].astype(object)
    blank = values.map(_is_blank)
    data = data[~blank.to_numpy()]
    if data.duplicated(["coder", "item_id"]).any():
        raise ValueError("intercoder_agreement: an item is coded twice by one coder; read the "
                         "sheets with read_coding_sheets, which checks this")
    coders = sorted(data["coder"].astype(str).unique())
    if len(coders) < 2:
        raise ValueError(f"intercoder_agreement: {len(coders)} coder(s) found ({coders}); "
                         "agreement needs sheets from two or more coders")
    if level == "nominal":
        cats = sorted(data[column].astype(str).unique())
        codes = data[column].astype(str).map({c: float(i) for i, c in enumerate(cats)})
    else:
        codes = pd.to_numeric(data[column], errors="coerce")
        if codes.isna().any():
            raise ValueError(f"intercoder_agreement: column {column!r} has non-numeric values "
                             f"but level={level!r}; use level='nominal' or fix the values")
    pivot = (data.assign(_code=codes.astype(float).to_numpy(), coder=data["coder"].astype(str))
             .pivot(index="coder", columns="item_id", values="_code"))
    matrix = pivot.to_numpy(dtype=float)
    pct, items = _percent_agreement(matrix)
    note = ""
    try:
        alpha = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
    except ValueError as err:  # e.g. a single value in the whole table: alpha undefined
        alpha, note = math.nan, f"alpha undefined: {err}"
    return pd.DataFrame([{"column": column, "level": level, "coders": len(coders),
                          "items": items, "alpha": alpha, "percent_agreement": pct,
                          "note": note}])
