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
# # 01 · Load and clean the corpus
#
# **What this notebook does.** It reads the corpus named in the `parameters` cell into the
# *articles table* (one row per article: `article_id`, `outlet`, `published`, `title`,
# cleaned `text`, `credits`, ...), shows what the cleaner moved out of the body (photo
# captions, "Source: ..." trailers, datelines), splits every article into sentences with
# character offsets, and draws the coverage timeline when the dates span several days.
#
# Every later notebook starts from the same two tables, and every number they report can be
# traced back to `text[start:end]` of one article.
#
# **Run it on your own corpus:** change `corpus` below (a file, a folder, a glob such as
# `"data/raw/*.jsonl"`, or `"polnear"` for the PolNeAR benchmark), or run
# `make report CORPUS=path` to execute all notebooks headless.

# %%
# %load_ext autoreload
# %autoreload 2

from newslib import config, plots, report, segment

plots.use_report_style()

# %% tags=["parameters"]
corpus = config.corpus_path()  # file, folder, glob, or "polnear[:PATH]"
group_col = "outlet"  # column that defines the groups compared (outlets)
actors = None  # actors to show (None: every actor of the lexicon)
figures_dir = str(config.FIGURES_DIR)  # where save_figure writes (05 exports the figures)

# %% [markdown]
# ## The articles table
#
# `report.load_corpus_param` dispatches on the `corpus` value: PolNeAR's brat folders go
# through `newslib.datasets.polnear.read_polnear`, everything else through
# `newslib.corpus.load_articles` (plain text with a `date ...` header, JSON, JSONL, CSV,
# HTML, Parquet), which also cleans the text.

# %%
articles = report.load_corpus_param(corpus)
print(f"{len(articles)} articles from {articles[group_col].nunique()} {group_col}(s)")
articles.head(3)

# %% [markdown]
# **Per outlet.** `words` counts whitespace tokens of the cleaned body; `dated` is the number
# of articles with a publication date; `duplicates` are near-duplicates or wire copies the
# cleaner flagged in `duplicate_of` (flagged, never dropped: decide yourself whether to
# exclude them); `credited` are articles with a credit line (an agency such as AFP, or
# "TRTWorld and agencies").

# %%
overview = report.summarise_corpus(articles, group_col=group_col)
overview

# %% [markdown]
# ## What cleaning moved out of the body
#
# Photo captions, credits and datelines are not part of the journalist's running text; the
# cleaner keeps them in their own columns so that label counts and sentiment are computed on
# the body only. Check a few rows: a caption left in the body would be counted twice.

# %%
furniture = [c for c in ("title", "credits", "captions", "dateline", "byline", "section")
             if c in articles.columns]
articles[["article_id", *furniture]].head(5)

# %% [markdown]
# ## Sentences
#
# `segment.split_sentences` uses Punkt parameters shipped inside newslib (no download) plus
# news-specific rules (abbreviations such as "Gov.", quotes that end a sentence). Each row
# has `start`/`end` offsets into the article's `text`; the check below slices the text with
# them and compares.

# %%
sentences = segment.split_sentences(articles)
texts = dict(zip(articles["article_id"], articles["text"]))
offsets_ok = all(texts[a][s:e] == t for a, s, e, t in
                 zip(sentences["article_id"], sentences["start"], sentences["end"],
                     sentences["text"]))
print(f"{len(sentences)} sentences; offsets slice back to the sentence text: {offsets_ok}")
sentences.head(8)

# %%
per_article = sentences.groupby("article_id").size()
per_article.describe().round(1).to_frame("sentences per article")

# %% [markdown]
# ## Coverage over time
#
# Articles per day (per week or month for long spans) and outlet. The timeline needs dates
# on at least two different days: **on a single article, or a corpus from one day, this
# section only says so** — that is expected, not an error.

# %%
span = plots.date_span_days(articles)
if span >= 2:
    ax = plots.plot_timeline(articles, group_col=group_col)
else:
    print(f"Dated articles cover {span} day(s): no timeline to draw for this corpus.")

# %% [markdown]
# ## Caveats
#
# - Dates come from the file header, the metadata or the HTML; undated articles are left out
#   of the timeline (the caption says how many).
# - Sentence splitting quality on news text (GUM Wikinews, Golden Rules) is measured by
#   `make quality`; the rows below are empty until it has been run.

# %%
report.quality_table("segmentation")
