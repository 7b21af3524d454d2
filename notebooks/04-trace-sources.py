# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 · Sourcing: who gets to speak, and through whom
#
# **What is measured.** Every attribution in the text — direct quotes (`"..." police said`),
# indirect speech (`the ministry said the talks had failed`), mixed quotes and "according
# to" — becomes one row of the *quotes table*: the content span, the cue verb and its stance
# (neutral "said", distancing "claimed", endorsing "confirmed"), the source span, the
# resolved speaker and role, the **source type** (government, police and security,
# international organisation, media, citizens, ...) and the **relay chain**: the parties a
# quote passed through before it reached the outlet ("was quoted as saying by the
# Interfax-Kazakhstan, TASS and Ria Novosti news agencies").
#
# Read the tables as: *whose* words an outlet carries, *how* it introduces them (stance of
# the cue verb), and *how directly* it had them (own reporting or relayed).

# %%
# %load_ext autoreload
# %autoreload 2

from newslib import config, plots, report, sourcing

plots.use_report_style()

# %% tags=["parameters"]
corpus = config.corpus_path()  # file, folder, glob, or "polnear[:PATH]"
group_col = "outlet"  # column that defines the groups compared (outlets)
actors = None  # actors to show (None: every actor of the lexicon)
figures_dir = str(config.FIGURES_DIR)  # where save_figure writes (05 exports the figures)
quote_method = "rules"  # "rules", or "tagger": more attributions found (needs newslib[tagger])

# %%
articles = report.load_corpus_param(corpus)
print(f"{len(articles)} articles from {articles[group_col].nunique()} {group_col}(s)")

# %% [markdown]
# ## The quotes table
#
# `sourcing.extract_quotes` returns one row per attribution with offsets into the article's
# text; `report.attach_group` adds the outlet and `report.attach_spans` the quoted text, so
# each row can be read next to its evidence. With `quote_method = "tagger"` a learned tagger
# adds the attributions the rules' cue lexicon misses (on PolNeAR dev, recall of all
# attributions rises from 0.58 to 0.74), at about 0.35 s of CPU per article.

# %%
quotes = sourcing.extract_quotes(articles, method=quote_method)
quotes = report.attach_group(quotes, articles, group_col=group_col)
quotes = report.attach_spans(quotes, articles, start_col="content_start",
                             end_col="content_end", name="content")
quotes[[group_col, "kind", "cue", "cue_stance", "speaker", "role", "source_type", "relay",
        "content"]].head(15)

# %% [markdown]
# ## Who speaks, per outlet
#
# `sourcing.summarise_sources` gives, per outlet and source type: the number of
# attributions (`quotes`), distinct speakers (`sources`), words quoted, the share of the
# outlet's attributions, how many are direct, and how many articles open (`speaks_first`) or
# close (`speaks_last`) with that type of source — the first voice frames the story.

# %%
sources = sourcing.summarise_sources(quotes.drop(columns=[group_col]), articles)
sources.sort_values(["outlet", "quotes"], ascending=[True, False]).head(20)

# %% [markdown]
# In the figure, each bar is one outlet's attributions (n in the tick label), split by source
# type; segments of 8% or more carry their percentage.

# %%
ax = plots.plot_source_types(quotes, group_col=group_col, type_col="source_type")

# %% [markdown]
# ## How sources are introduced: the stance of the cue verb
#
# Share of each outlet's attributions introduced by a neutral, distancing ("claimed",
# "insisted") or endorsing ("confirmed", "revealed") verb, from the attribution-verb
# lexicon (`newslib/lexicons/attribution_verbs.yaml`). "other" are cues outside the
# lexicon ("called for", "urged").

# %%
stance = quotes.groupby([group_col, "cue_stance"]).size().unstack("cue_stance", fill_value=0)
(stance.div(stance.sum(axis=1), axis=0) * 100).round(1)

# %% [markdown]
# ## Relay chains
#
# A relayed quote reached the outlet through other parties: news agencies, a statement, a
# spokesperson, another outlet. The chain reads *source type → relaying parties, in order →
# outlet*; the figure shows the most frequent chains. On the seed article the police
# version reaches TRT World through three agencies, and the CSTO speaks through a statement
# posted by a foreign ministry spokeswoman.

# %%
relayed = quotes[quotes["relay"].notna()]
print(f"{len(relayed)} of {len(quotes)} attributions are relayed "
      f"({len(relayed) / max(len(quotes), 1):.0%}).")
relayed[[group_col, "speaker", "role", "source_type", "relay", "content"]].head(15)

# %%
ax = plots.plot_relay_chains(quotes, source_col="source_type", relay_col="relay",
                             group_col=group_col)

# %% [markdown]
# ## Caveats
#
# - Speakers and source types come from rules and the source-type lexicon
#   (`newslib/lexicons/source_types.yaml`); an attribution whose source matches no category
#   is typed `other` — on corpora far from the lexicon's domain this is the largest group.
# - Relay detection reads the cue phrase ("was quoted as saying by ...", "said in a
#   statement posted by ..."); relays mentioned elsewhere in the article are missed.
# - Quality of quote extraction against PolNeAR's gold attributions is measured by
#   `make quality`:

# %%
report.quality_table("sourcing")
