# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 06 · Validate the extraction on your own corpus
#
# **Why.** newslib's quality report (`make quality`) measures each component on annotated
# news that is not yours. Before you publish a figure such as "outlet A calls protesters
# *rioters* in 40 % of mentions", check by hand how often the extraction is right **on your
# corpus**. This notebook runs the loop a methods section needs:
#
# 1. **extract** a table (actor mentions, passives, scare quotes or quotes);
# 2. **draw** a stratified random sample and write one **coding sheet** per coder (CSV and
#    Excel), each item shown in its sentence with the span highlighted;
# 3. coders fill in `correct` (yes/no), `corrected_value`, `missed` and `note`,
#    **independently**;
# 4. **read** the coded sheets back (every verdict is checked) and **score**: precision
#    with 95 % Wilson intervals, recall where coders counted what was missed, and
#    Krippendorff's alpha with percent agreement between coders.
#
# **About the coded sheets used here.** Step 3 needs people. So that the notebook runs end to
# end, it reads two sheets committed with the tests (`tests/fixtures/validate/`): the same
# 20 actor mentions of the sample article, coded twice by the *same* coder about a quarter
# of an hour apart, with the first pass still in memory (see the README in that folder).
# Their agreement (alpha = 1.0) only shows the machinery working: it is **not** inter-coder
# reliability. Replace `coded_sheets` with your coders' files.

# %%
# %load_ext autoreload
# %autoreload 2

from newslib import config, framing, report, sourcing, validate

# %% tags=["parameters"]
corpus = config.corpus_path()  # file, folder, glob, or "polnear[:PATH]"
table_name = "mentions"  # mentions | passives | scare_quotes | quotes
strata = "actor"  # column to stratify by (from the table or the articles, e.g. "outlet")
n = 20  # items to code
seed = 7  # random seed of the draw (write it in your methods section)
coders = ["coder-1", "coder-2"]  # one blank sheet per coder
sheets_dir = str(config.REPORTS_DIR / "validation")  # where the blank sheets are written
coded_sheets = [  # filled sheets to score (default: the committed demonstration sheets)
    str(config.PROJECT_ROOT / "tests" / "fixtures" / "validate" / name)
    for name in ("seed_mentions_coded_pass1.csv", "seed_mentions_coded_pass2.xlsx")
]

# %% [markdown]
# ## 1 · Extract
#
# Any newslib table with `article_id` and character offsets works. The offsets point into
# the cleaned `text` of the articles table, which is what lets the sheet show each item in
# its sentence.

# %%
articles = report.load_corpus_param(corpus)
extractors = {
    "mentions": framing.find_mentions,
    "passives": framing.find_passives,
    "scare_quotes": framing.find_scare_quotes,
    "quotes": sourcing.extract_quotes,
}
table = extractors[table_name](articles)
print(f"{len(articles)} article(s), {len(table)} {table_name}")
table.head()

# %% [markdown]
# ## 2 · Draw a stratified sample and write the coding sheets
#
# `draw_sample` takes `n` items with proportional allocation across the strata (at least
# one per stratum), so the plain share of correct items estimates the precision of the
# whole table. Each row carries `item_id` (`article_id:start-end`) and `table_row` to join
# the verdicts back, the `pred_*` columns the coder judges, and `weight` (inverse
# selection probability) for `allocation="equal"` designs.

# %%
if strata not in table.columns and strata not in articles.columns:
    strata = None  # e.g. quotes have no "actor": fall back to a simple random sample
sample = validate.draw_sample(table, articles, n=n, strata=strata, seed=seed)
print(f"{len(sample)} items drawn from {sample['stratum'].nunique()} stratum/strata")
sample[["sheet_row", "stratum", "in_context"] +
       [c for c in sample.columns if c.startswith("pred_")]].head(10)

# %% [markdown]
# One sheet per coder, as Excel (span highlighted, yes/no drop-down, instructions sheet)
# and as CSV for those who prefer a text editor. Send each coder their own file.

# %%
written = []
for coder in coders:
    for suffix in ("xlsx", "csv"):
        path = validate.write_coding_sheet(sample, f"{sheets_dir}/{table_name}_{coder}.{suffix}",
                                           coder=coder)
        written.append(path.name)
print("written to", sheets_dir, ":", ", ".join(written))
print(validate.INSTRUCTIONS)

# %% [markdown]
# ## 3 · Read the coded sheets back
#
# `read_coding_sheets` checks each sheet: the id columns are intact, every `correct` is
# yes or no, `missed` is a whole number, no coder coded an item twice. A problem raises an
# error that names the file, the sheet row and the fix.

# %%
coded = validate.read_coding_sheets(coded_sheets)
print(coded.groupby("coder")["correct"].value_counts().unstack(fill_value=0))
in_draw = coded["item_id"].isin(sample["item_id"]).mean()
print(f"{in_draw:.0%} of the coded items are in this notebook's draw "
      "(100 % when the sheets were drawn from this corpus with these parameters)")

# %% [markdown]
# What the coders corrected: the rows judged wrong, with the coder's correction and note.

# %%
wrong = coded[coded["correct"] == "no"]
wrong[["coder", "sheet_row", "span_text", "pred_actor", "corrected_value", "note"]
      if "pred_actor" in coded.columns else
      ["coder", "sheet_row", "span_text", "corrected_value", "note"]]

# %% [markdown]
# ## 4 · Precision, recall and agreement
#
# **Precision** per coder, with a 95 % Wilson interval (sound for small samples and shares
# near 0 or 1). **Recall** is `correct / (correct + missed)` over the sampled sentences: an
# upper bound, since misses in sentences where nothing was extracted never reach the sheet.

# %%
validate.score_precision(coded).round(3)

# %%
validate.score_precision(coded, by="stratum").round(3)

# %% [markdown]
# **Agreement.** Krippendorff's alpha (nominal) on the yes/no verdicts, with percent
# agreement. Alpha corrects for the agreement expected by chance; with a skewed verdict
# distribution it can be low even when percent agreement is high. Content-analysis practice
# (Krippendorff) relies on alpha ≥ 0.8 and tentatively accepts ≥ 0.667; with 20 items the
# estimate itself is uncertain. Remember that the demonstration sheets come from one coder
# twice.

# %%
if coded["coder"].nunique() >= 2:
    agreement = validate.intercoder_agreement(coded, column="correct")
else:
    agreement = None
    print("one coder only: agreement needs sheets from two or more coders")
agreement if agreement is None else agreement.round(3)

# %% [markdown]
# **Disagreements** are the items to discuss (after both coders have finished) and to
# resolve before the precision is pooled.

# %%
pivot = coded.pivot(index=["item_id", "span_text"], columns="coder", values="correct")
pivot[pivot.nunique(axis=1) > 1] if pivot.shape[1] > 1 else pivot.iloc[:0]

# %% [markdown]
# **What to report.** "We coded a stratified random sample of *n* = 20 of 31 actor mentions
# (seed 7); precision was *p* [95 % CI *lo*–*hi*]; two coders agreed on *x* % of items
# (Krippendorff's α = *a*)", with the coding instructions in an appendix.
