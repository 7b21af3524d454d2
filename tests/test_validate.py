"""Tests of newslib.validate: sampling, coding sheets, precision with Wilson intervals,
Krippendorff's alpha.

The filled sheets in tests/fixtures/validate/ were coded by hand (see the README there):
both passes are by the same coder, so their agreement is a test of the machinery, not an
inter-coder reliability figure.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from newslib import validate
from newslib.quality.scorers import wilson_interval

FIX = Path(__file__).parent / "fixtures" / "validate"
PASS1 = FIX / "seed_mentions_coded_pass1.csv"
PASS2 = FIX / "seed_mentions_coded_pass2.xlsx"
BLANK = FIX / "seed_mentions_sheet_blank.csv"


@pytest.fixture(scope="module")
def seed_mentions() -> pd.DataFrame:
    """find_mentions output on the seed article, frozen when the sheets were drawn."""
    return pd.read_csv(FIX / "seed_mentions.csv")


def _toy():
    text_a = "Police said rioters fled. Protesters stayed. Troops came later."
    text_b = "Officials met protesters. Rioters left. Police waited."
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
                         "text": [text_a, text_b]})
    rows = []
    for aid, text in (("a", text_a), ("b", text_b)):
        for word in ("Police", "rioters", "Rioters", "Protesters", "protesters", "Troops",
                     "Officials"):
            at = text.find(word)
            if at >= 0:
                rows.append({"article_id": aid, "start": at, "end": at + len(word),
                             "label": word.lower()})
    return pd.DataFrame(rows), arts


# ---------------------------------------------------------------------------------------
# draw_sample


def test_sample_of_seed_matches_committed_sheet(seed_mentions, seed_articles):
    """Golden: the committed sheet is exactly this draw, and every span is honest."""
    sample = validate.draw_sample(seed_mentions, seed_articles, n=20, strata="actor", seed=7)
    blank = pd.read_csv(BLANK, encoding="utf-8-sig", keep_default_na=False)
    assert sample["item_id"].tolist() == blank["item_id"].tolist()
    text = seed_articles["text"].iloc[0]
    for rec in sample.itertuples():
        assert text[rec.start:rec.end] == rec.span_text
        assert rec.in_context == f"{rec.left_context}[[{rec.span_text}]]{rec.right_context}"
        assert (rec.left_context + rec.span_text + rec.right_context) in text
    # 31 mentions in 7 actor groups: proportional allocation, one at least per group
    assert sample.groupby("stratum").size().to_dict() == {
        "foreign troops": 4, "government": 5, "international bodies": 1,
        "protest participants": 3, "security forces": 6, "victims and bystanders": 1}
    assert sample["in_context"].tolist() == blank["in_context"].tolist()
    assert sample["sheet_row"].tolist() == list(range(1, 21))
    assert sample["start"].is_monotonic_increasing


def test_sample_is_reproducible_and_leaves_inputs_alone():
    table, arts = _toy()
    t0, a0 = table.copy(), arts.copy()
    one = validate.draw_sample(table, arts, n=5, strata="outlet", seed=3)
    two = validate.draw_sample(table, arts, n=5, strata="outlet", seed=3)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(table, t0)
    pd.testing.assert_frame_equal(arts, a0)
    others = {tuple(validate.draw_sample(table, arts, n=5, seed=s)["item_id"]) for s in range(8)}
    assert len(others) > 1
    # strata taken from the articles table; 5 of X:4 + Y:4 -> 2.5 each; the tie on the
    # remainder goes to the first stratum in sorted order: 3 + 2
    assert one["stratum"].value_counts().to_dict() == {"X": 3, "Y": 2}
    assert set(one["weight"].round(3)) == {round(4 / 3, 3), 2.0}


def test_sample_allocation_equal_and_whole_table():
    table, arts = _toy()
    eq = validate.draw_sample(table, arts, n=4, strata="outlet", allocation="equal")
    assert eq["stratum"].value_counts().to_dict() == {"X": 2, "Y": 2}
    everything = validate.draw_sample(table, arts, n=100, strata=None)
    assert len(everything) == len(table) and (everything["weight"] == 1).all()
    assert sorted(everything["table_row"]) == list(range(len(table)))


def test_allocation_with_a_tiny_stratum():
    sizes = pd.Series({"big": 97, "small": 3})
    assert validate._allocate(sizes, 10, "proportional").to_dict() == {"big": 9, "small": 1}
    sizes = pd.Series({"a": 1, "b": 1, "c": 50})
    assert validate._allocate(sizes, 2, "proportional").sum() == 2
    assert validate._allocate(sizes, 30, "equal").to_dict() == {"a": 1, "b": 1, "c": 28}


def test_sample_context_for_quote_like_tables():
    text = ("The army moved in. \"We will restore order,\" a spokesman said. "
            "Residents fled. Nobody was hurt.")
    arts = pd.DataFrame({"article_id": ["q"], "text": [text]})
    start = text.index('"We')
    end = text.index(',"') + 2
    quotes = pd.DataFrame({"article_id": ["q"], "quote_id": [0], "content_start": [start],
                           "content_end": [end], "cue": ["said"], "speaker": ["spokesman"]})
    s = validate.draw_sample(quotes, arts, n=1, strata=None)
    assert s["span_text"].iloc[0] == '"We will restore order,"'
    assert s["left_context"].iloc[0] == "" and s["right_context"].iloc[0] == " a spokesman said."
    assert {"pred_cue", "pred_speaker"} <= set(s.columns) and "pred_quote_id" not in s.columns
    wide = validate.draw_sample(quotes, arts, n=1, strata=None, extra_sentences=1)
    assert wide["left_context"].iloc[0] == "The army moved in. "
    assert wide["right_context"].iloc[0] == " a spokesman said. Residents fled."
    chars = validate.draw_sample(quotes, arts, n=1, strata=None, context="chars", window=5)
    assert chars["left_context"].iloc[0] == "in. " and chars["right_context"].iloc[0] == " a sp"


def test_sample_marks_the_speaker_of_a_quote():
    text = ("The army moved in. \"We will restore order,\" a spokesman said. "
            "The mayor spoke next. \"Stay home.\" Nobody did.")
    arts = pd.DataFrame({"article_id": ["q"], "text": [text]})

    def at(s):
        return text.index(s), text.index(s) + len(s)

    rows = []
    for content, source in (('"We will restore order,"', "a spokesman"),
                            ('"Stay home."', "The mayor")):
        (cs, ce), (ss, se) = at(content), at(source)
        rows.append({"article_id": "q", "content_start": cs, "content_end": ce,
                     "source_start": ss, "source_end": se, "source_text": source})
    quotes = pd.DataFrame(rows)
    s = validate.draw_sample(quotes, arts, n=2, strata=None)
    assert s["in_context"].tolist() == [
        '[["We will restore order,"]] {{a spokesman}} said.',
        # the speaker is in the sentence before: the context widens to include it
        '{{The mayor}} spoke next. [["Stay home."]]',
    ]
    assert s["pred_source_text"].tolist() == ["a spokesman", "The mayor"]
    plain = validate.draw_sample(quotes, arts, n=2, strata=None, mark=None)
    assert plain["in_context"].tolist() == ['[["We will restore order,"]] a spokesman said.',
                                            '[["Stay home."]]']


def test_xlsx_marks_both_spans(tmp_path):
    from openpyxl import load_workbook

    text = '"Calm down," police said.'
    arts = pd.DataFrame({"article_id": ["q"], "text": [text]})
    quotes = pd.DataFrame({"article_id": ["q"], "content_start": [0], "content_end": [12],
                           "source_start": [13], "source_end": [19]})
    sample = validate.draw_sample(quotes, arts, n=1, strata=None)
    path = validate.write_coding_sheet(sample, tmp_path / "q.xlsx")
    ws = load_workbook(path, rich_text=True)["coding"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("in_context") + 1).value
    colours = {b.text: b.font.color.rgb[-6:] for b in cell if not isinstance(b, str)
               and b.font.b}
    assert colours == {'[["Calm down,"]]': "C00000", "{{police}}": "1F4E79"}


def test_sample_errors_name_the_fix():
    table, arts = _toy()
    with pytest.raises(KeyError, match="strata column 'region'.*strata=None"):
        validate.draw_sample(table, arts, strata="region")
    with pytest.raises(KeyError, match="not in articles"):
        validate.draw_sample(table.assign(article_id="zz"), arts)
    with pytest.raises(ValueError, match="outside article 'a'"):
        validate.draw_sample(table.assign(end=10_000), arts)
    with pytest.raises(KeyError, match="pass span="):
        validate.draw_sample(table.rename(columns={"start": "s"}), arts)
    with pytest.raises(KeyError, match="text_col"):
        validate.draw_sample(table, arts.rename(columns={"text": "body"}))


# ---------------------------------------------------------------------------------------
# coding sheets


def test_sheet_round_trip_csv_and_xlsx(tmp_path):
    table, arts = _toy()
    sample = validate.draw_sample(table, arts, n=6, seed=1)
    before = sample.copy()
    for suffix in ("csv", "xlsx"):
        path = validate.write_coding_sheet(sample, tmp_path / f"anna.{suffix}", coder="anna")
        back = validate.read_coding_sheets(path, require_complete=False)
        assert back.empty  # nothing coded yet
        with pytest.raises(ValueError, match=r"'correct' is empty in sheet row\(s\) 1, 2, 3"):
            validate.read_coding_sheets(path)
    pd.testing.assert_frame_equal(sample, before)


def test_xlsx_highlights_span_and_offers_yes_no(tmp_path):
    from openpyxl import load_workbook
    from openpyxl.cell.rich_text import CellRichText

    table, arts = _toy()
    sample = validate.draw_sample(table, arts, n=3, seed=1)
    path = validate.write_coding_sheet(sample, tmp_path / "c.xlsx")
    wb = load_workbook(path, rich_text=True)
    ws = wb["coding"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("in_context") + 1).value
    assert isinstance(cell, CellRichText)
    marked = [b for b in cell if not isinstance(b, str) and b.font.b]
    assert [b.text for b in marked] == [f"[[{sample['span_text'].iloc[0]}]]"]
    assert ws.data_validations.dataValidation[0].formula1 == '"yes,no"'
    assert "instructions" in wb.sheetnames


def test_read_fixture_pass1():
    coded = validate.read_coding_sheets([PASS1])
    assert len(coded) == 20 and set(coded["coder"]) == {"agent-pass-1"}
    assert coded["correct"].value_counts().to_dict() == {"yes": 13, "no": 7}
    assert int(coded["missed"].sum()) == 4 and coded["missed"].isna().sum() == 9
    assert coded["start"].dtype == "int64"


def _coded_frame(**cols) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base = {"sheet_row": list(range(1, n + 1)), "item_id": [f"a:{i}-{i + 1}" for i in range(n)],
            "article_id": ["a"] * n, "start": list(range(n)), "end": list(range(1, n + 1))}
    base.update(cols)
    return pd.DataFrame(base)


def test_read_normalises_verdicts_and_fills_coder(tmp_path):
    df = _coded_frame(correct=["Y", "TRUE", " no ", "N"], missed=["", "2", "0", "1.0"])
    path = validate.write_coding_sheet(df, tmp_path / "bea.csv")
    coded = validate.read_coding_sheets(path)
    assert coded["correct"].tolist() == ["yes", "yes", "no", "no"]
    assert coded["missed"].tolist()[1:] == [2, 0, 1] and coded["missed"].isna().iloc[0]
    assert set(coded["coder"]) == {"bea"} and set(coded["sheet"]) == {"bea.csv"}


def test_read_semicolon_csv_as_saved_by_spreadsheets(tmp_path):
    df = _coded_frame(correct=["yes", "no"], note=["fine; really", ""])
    path = tmp_path / "excel_de.csv"
    df.to_csv(path, index=False, sep=";")
    coded = validate.read_coding_sheets(path)
    assert coded["correct"].tolist() == ["yes", "no"]
    assert coded["note"].tolist() == ["fine; really", ""]
    path.write_bytes(path.read_text().replace("fine", "très bien").encode("cp1252"))
    assert validate.read_coding_sheets(path)["note"].iloc[0] == "très bien; really"


@pytest.mark.parametrize("change, message", [
    ({"correct": ["yes", "perhaps", "no"]}, r"sheet row 2 \('perhaps'\); write yes or no"),
    ({"correct": ["yes", "", "no"]}, r"empty in sheet row\(s\) 2; write yes or no"),
    ({"correct": ["yes", "no", "no"], "missed": ["", "-1", "x"]},
     r"'missed' must be a whole number >= 0 \(or empty\) in sheet row\(s\) 2, 3"),
])
def test_read_reports_bad_verdicts(tmp_path, change, message):
    path = validate.write_coding_sheet(_coded_frame(**change), tmp_path / "s.csv")
    with pytest.raises(ValueError, match=message):
        validate.read_coding_sheets(path)


def test_read_reports_broken_sheets(tmp_path):
    df = _coded_frame(correct=["yes", "no"])
    path = tmp_path / "renamed.csv"
    df.drop(columns=["item_id"]).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"renamed.csv: column\(s\) \['item_id'\] not found"):
        validate.read_coding_sheets(path)
    a = validate.write_coding_sheet(df, tmp_path / "a.csv", coder="same")
    b = validate.write_coding_sheet(df, tmp_path / "b.csv", coder="same")
    with pytest.raises(ValueError, match="coded more than once by coder 'same'"):
        validate.read_coding_sheets([a, b])
    with pytest.raises(ValueError, match="unknown format"):
        validate.write_coding_sheet(df, tmp_path / "s.ods")
    with pytest.raises(FileNotFoundError):
        validate.read_coding_sheets(tmp_path / "absent.csv")


# ---------------------------------------------------------------------------------------
# precision, recall, Wilson


def test_wilson_by_hand():
    # 13 of 20, 95 %: z = 1.959964, z^2 = 3.841459
    #   centre = (0.65 + z^2/40) / (1 + z^2/20) = 0.746036 / 1.192073 = 0.625830
    #   half   = z * sqrt(0.65*0.35/20 + z^2/1600) / 1.192073
    #          = 1.959964 * sqrt(0.0137759) / 1.192073 = 0.192976
    #   -> [0.43285, 0.81881]
    low, high = wilson_interval(13, 20)
    assert low == pytest.approx(0.43285, abs=1e-4) and high == pytest.approx(0.81881, abs=1e-4)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
    assert wilson_interval(0, 5)[0] == 0.0 and wilson_interval(5, 5)[1] == 1.0


def test_score_precision_on_fixture():
    coded = validate.read_coding_sheets([PASS1])
    before = coded.copy()
    r = validate.score_precision(coded).iloc[0]
    assert (r["n"], r["correct"], r["incorrect"]) == (20, 13, 7)
    assert r["precision"] == pytest.approx(0.65)
    assert r["precision_low"] == pytest.approx(0.43285, abs=1e-4)
    # the coder counted 4 missed mentions in the sampled sentences: recall 13 / 17
    assert int(r["missed"]) == 4 and r["recall"] == pytest.approx(13 / 17)
    per = validate.score_precision(coded, by="stratum").set_index("stratum")
    assert per.loc["security forces", "precision"] == pytest.approx(2 / 6)
    assert per.loc["protest participants", "precision"] == 1.0
    assert per["n"].sum() == 20
    pd.testing.assert_frame_equal(coded, before)


def test_score_precision_weighted_by_hand():
    # stratum A: 10 items, 2 sampled (weight 5), both correct; stratum B: 2 items, both
    # sampled (weight 1), both wrong. Unweighted 2/4 = 0.5; table-wide (10*1 + 2*0) / 12.
    coded = pd.DataFrame({"coder": "c", "stratum": ["A", "A", "B", "B"],
                          "correct": ["yes", "yes", "no", "no"],
                          "weight": [5.0, 5.0, 1.0, 1.0]})
    assert validate.score_precision(coded)["precision"].iloc[0] == 0.5
    w = validate.score_precision(coded, weighted=True).iloc[0]
    assert w["precision"] == pytest.approx(10 / 12)
    # Kish effective n = 12^2 / (25 + 25 + 1 + 1) = 2.769
    low, high = wilson_interval(10 / 12 * 144 / 52, 144 / 52)
    assert (w["precision_low"], w["precision_high"]) == pytest.approx((low, high))
    assert pd.isna(w["recall"]) and pd.isna(w["missed"])  # nobody counted misses


def test_score_precision_splits_coders():
    a = _coded_frame(correct=["yes", "yes"]).assign(coder="a")
    b = _coded_frame(correct=["yes", "no"]).assign(coder="b")
    out = validate.score_precision(pd.concat([a, b]))
    assert out.set_index("coder")["precision"].to_dict() == {"a": 1.0, "b": 0.5}


# ---------------------------------------------------------------------------------------
# Krippendorff's alpha


def test_alpha_two_coders_by_hand():
    # items w x y z; coder A: yes yes no yes; coder B: yes no no yes.
    # Coincidence matrix (each item with 2 values adds both ordered pairs, weight 1/(2-1)):
    #   w (y,y) -> o_yy += 2;  x (y,n) -> o_yn += 1, o_ny += 1;  y (n,n) -> o_nn += 2;
    #   z (y,y) -> o_yy += 2.  So o_yy = 4, o_nn = 2, o_yn = o_ny = 1; n_y = 5, n_n = 3, n = 8.
    #   D_o = (o_yn + o_ny) / n = 2/8 = 0.25
    #   D_e = (n_y*n_n + n_n*n_y) / (n (n-1)) = 30/56
    #   alpha = 1 - D_o/D_e = 1 - 0.25 * 56/30 = 1 - 7/15 = 8/15 = 0.5333
    # percent agreement: 3 of 4 items agree = 0.75
    a = pd.DataFrame({"coder": "A", "item_id": list("wxyz"),
                      "correct": ["yes", "yes", "no", "yes"]})
    b = a.assign(coder="B", correct=["yes", "no", "no", "yes"])
    before = a.copy()
    r = validate.intercoder_agreement([a, b]).iloc[0]
    assert r["alpha"] == pytest.approx(8 / 15)
    assert r["percent_agreement"] == 0.75 and r["coders"] == 2 and r["items"] == 4
    pd.testing.assert_frame_equal(a, before)


def test_alpha_three_coders_missing_value_by_hand():
    # items 1 2 3; coders A B C; item 3 not coded by C.
    #   1: a a a  -> m=3, 6 ordered (a,a) pairs, weight 1/2 -> o_aa += 3
    #   2: a a b  -> (a,a)x2, (a,b)x2, (b,a)x2, weight 1/2 -> o_aa += 1, o_ab += 1, o_ba += 1
    #   3: b b .  -> m=2, (b,b)x2, weight 1 -> o_bb += 2
    #   o_aa = 4, o_ab = o_ba = 1, o_bb = 2; n_a = 5, n_b = 3, n = 8
    #   alpha = 1 - (2/8) / (2*5*3 / (8*7)) = 1 - 14/30 = 0.5333
    # percent agreement per item: 3/3, 1/3, 1/1 -> mean 7/9
    coded = pd.DataFrame({"coder": list("ABCABCAB"), "item_id": list("11122233"),
                          "value": list("aaaaabbb")})
    r = validate.intercoder_agreement(coded, column="value").iloc[0]
    assert r["alpha"] == pytest.approx(16 / 30)
    assert r["percent_agreement"] == pytest.approx(7 / 9)
    assert (r["coders"], r["items"]) == (3, 3)


def test_alpha_edge_cases():
    a = pd.DataFrame({"coder": "A", "item_id": list("xy"), "correct": ["yes", "yes"]})
    with pytest.raises(ValueError, match="two or more coders"):
        validate.intercoder_agreement(a)
    r = validate.intercoder_agreement([a, a.assign(coder="B")]).iloc[0]
    assert math.isnan(r["alpha"]) and "undefined" in r["note"]
    assert r["percent_agreement"] == 1.0
    m = pd.DataFrame({"coder": list("ABAB"), "item_id": list("xxyy"), "missed": [0, 1, 2, 2]})
    assert validate.intercoder_agreement(m, column="missed", level="ratio")["alpha"].notna().all()
    with pytest.raises(ValueError, match="non-numeric"):
        validate.intercoder_agreement(a.assign(coder=["A", "B"], item_id=["x", "x"]),
                                      level="interval")


def test_join_verdicts_back_onto_the_table(seed_mentions):
    coded = validate.read_coding_sheets([PASS1])
    shuffled = seed_mentions.sample(frac=1, random_state=0)
    before = shuffled.copy()
    joined = validate.join_verdicts(shuffled, coded)
    assert len(joined) == 20 and set(joined["coder"]) == {"agent-pass-1"}
    # the coder rejected every "troops" mention labelled as Kazakh security forces
    troops = joined[joined["text"] == "troops"]
    assert len(troops) == 3 and set(troops["correct"]) == {"no"}
    assert set(troops["corrected_value"]) == {"foreign troops"}
    pd.testing.assert_frame_equal(shuffled, before)


def test_fixture_passes_agree_as_coded():
    """Two coding passes of the same sample by the same coder (NOT inter-coder reliability).

    Percent agreement from the sheets directly must equal what the function reports."""
    coded = validate.read_coding_sheets([PASS1, PASS2])
    assert sorted(coded["coder"].unique()) == ["agent-pass-1", "agent-pass-2"]
    one = coded[coded["coder"] == "agent-pass-1"].set_index("item_id")["correct"]
    two = coded[coded["coder"] == "agent-pass-2"].set_index("item_id")["correct"]
    direct = float((one == two.reindex(one.index)).mean())
    r = validate.intercoder_agreement(coded).iloc[0]
    assert r["items"] == 20 and r["percent_agreement"] == pytest.approx(direct)
    # the same coder twice, with the first pass in memory: full agreement (see README)
    assert r["alpha"] == 1.0 and direct == 1.0
