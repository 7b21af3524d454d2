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
# # 03 · Sentiment around each actor
#
# **What is measured.** How the text *feels* in the sentences that mention each actor, and
# whose voice that feeling belongs to: the journalist's narration or a quoted speaker.
# Sentence sentiment is scored with VADER (its lexicon ships inside newslib; no download),
# each sentence is marked as narration or quoted speech, and sentence scores are averaged
# per actor × outlet with bootstrap confidence intervals.

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

# %%
articles = report.load_corpus_param(corpus)
sentences = segment.split_sentences(articles)
print(f"{len(articles)} articles, {len(sentences)} sentences")

# %% [markdown]
# *The sentiment analyses are wired in as `newslib.sentiment` lands (sentence scores,
# voice, actor sentiment, `aggregate_sentiment`).*
