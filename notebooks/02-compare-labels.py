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
# # 02 · Framing: labels, passives, distinctive words
#
# **What is measured.** The same people can be "protesters", "demonstrators", "rioters" or
# "extremist forces"; the choice of label is a framing decision. newslib finds every
# mention of an actor from its actor lexicon (`newslib/lexicons/actors_protest.yaml`: actor →
# labels → label *family*: legitimising, neutral, delegitimising, criminalising,
# dehumanising) and counts which labels each outlet uses for each actor.
#
# It also looks at *who did it*: agentless passives ("dozens of people **were killed**", no
# "by ...") hide the agent of an action. And it compares outlets' vocabulary with
# Fightin' Words keyness (which words each outlet uses more than the others).
#
# Every row below carries `article_id` and character offsets, so each count can be checked
# against the sentence behind it (`evidence` columns).

# %%
# %load_ext autoreload
# %autoreload 2

from newslib import config, framing, plots, report, segment

plots.use_report_style()

# %% tags=["parameters"]
corpus = config.corpus_path()  # file, folder, glob, or "polnear[:PATH]"
group_col = "outlet"  # column that defines the groups compared (outlets)
actors = None  # actors to show (None: every actor of the lexicon)
figures_dir = str(config.FIGURES_DIR)  # where save_figure writes (05 exports the figures)

# %%
articles = report.load_corpus_param(corpus)
sentences = segment.split_sentences(articles)
print(f"{len(articles)} articles, {len(sentences)} sentences, "
      f"{articles[group_col].nunique()} {group_col}(s)")

# %% [markdown]
# ## Actor mentions
#
# One row per mention: the actor, the lexicon label matched, its family, and offsets into
# the article's text (`start`, `end`; `sentence_start`/`sentence_end` for the sentence).
# Matching is whole-word and longest-first ("extremist forces" wins over "forces"), and
# stop-phrases such as "national security" are not counted as the security forces.

# %%
lexicon = framing.load_lexicon()
mentions = framing.find_mentions(articles, lexicon=lexicon, sentences=sentences)
if actors:
    mentions = mentions[mentions["actor"].isin(actors)]
mentions.head(10)

# %% [markdown]
# **Coverage of the lexicon.** How many mentions each actor has. An actor with very few
# mentions gives unstable shares: on a corpus far from the lexicon's domain (protests and
# unrest), most actors will be rare — extend the lexicon with your own YAML file
# (`framing.load_lexicon(path)`) rather than reading much into them.

# %%
mentions.groupby(["actor", "family"]).size().unstack("family", fill_value=0)

# %% [markdown]
# ## Which labels each outlet uses for each actor
#
# `framing.count_labels` counts labels per outlet and actor, with a few example sentences
# and their offsets as evidence. In the figure, each bar is one outlet's mentions of one
# actor (n in the tick label) split by label; the colour is the label's family (blue
# legitimising, grey neutral, orange delegitimising, red criminalising, dark red
# dehumanising). Read across the bars of one actor: a longer warm segment means that
# outlet more often calls the actor by a delegitimising or criminalising label.

# %%
label_counts = framing.count_labels(mentions, articles, by=[group_col, "family"])
label_counts.drop(columns="share").sort_values("count", ascending=False).head(15)

# %%
ax = plots.plot_label_shares(label_counts, group_col=group_col, label_col="label",
                             count_col="count", actors=actors)

# %% [markdown]
# ## Agentless passives: who did it?
#
# `framing.find_passives` finds passive clauses ("were killed", "have been detained"), says
# whether they name an agent ("by police") and which actor is the grammatical subject (the
# one the action happens to). The rate below is the share of passive clauses that name **no**
# agent, per outlet, with a 95% Wilson interval; the bar label reads "rate (agentless/all)".

# %%
passives = framing.find_passives(articles, lexicon=lexicon, sentences=sentences)
passives[["article_id", "text", "has_agent", "agent_text", "subject_text",
          "subject_actor"]].head(10)

# %%
passive_rates = report.rate_by_group(passives, articles, flag_col="has_agent", invert=True,
                                     group_col=group_col)
passive_rates

# %%
ax = plots.plot_passive_rate(passive_rates, group_col=group_col, count_col="k",
                             total_col="n", low_col="ci_low", high_col="ci_high")

# %% [markdown]
# **What happens to each actor in agentless passives.** Counting the subject actor of the
# agentless passives shows to whom things "happen" without an agent (on the seed article:
# protesters "were eliminated").

# %%
agentless = passives[~passives["has_agent"].astype(bool)]
agentless.groupby("subject_actor").size().sort_values(ascending=False).to_frame("agentless")

# %% [markdown]
# ## Scare quotes and partial quotations
#
# Quotation marks around one to four words either distance the writer from a word ("scare
# quotes": protesters were "eliminated") or report a speaker's own word (partial quotation:
# the EU called for "restraint"). `framing.find_scare_quotes` tells them apart by the
# attribution cue next to the quote; headlines are checked too, since that is where scare
# quotes live.

# %%
scare_body = framing.find_scare_quotes(articles, sentences=sentences)
scare_title = framing.find_scare_quotes(articles, text_col="title", sentences=False)
scare = report.stack_tables({"body": scare_body, "title": scare_title}, name="where")
scare = report.attach_group(scare, articles, group_col=group_col)
scare[[group_col, "where", "text", "kind", "cue", "attributed_to"]].head(15)

# %%
scare.groupby([group_col, "kind"]).size().unstack("kind", fill_value=0)

# %% [markdown]
# ## Keyword in context
#
# Counts hide how a word is used. `framing.keyword_in_context` lists every occurrence of a
# term with its context and offsets. Below: the delegitimising or criminalising label used
# most in this corpus (a trailing `*` matches any ending: `"extremist*"`).

# %%
harsh = mentions[mentions["family"].isin(["delegitimising", "criminalising", "dehumanising"])]
kwic_term = (harsh["label"].value_counts().index[0] if len(harsh)
             else mentions["label"].value_counts().index[0] if len(mentions) else "protest")
print(f"term: {kwic_term!r}")
kwic = framing.keyword_in_context(articles, f"{kwic_term}*", window=60)
report.attach_group(kwic, articles, group_col=group_col)[[group_col, "left", "match",
                                                           "right"]].head(12)

# %% [markdown]
# ## Words that distinguish each outlet (Fightin' Words)
#
# `framing.compute_keyness` compares each outlet with all the others: the log-odds ratio of
# a word, shrunk towards zero by an informative Dirichlet prior (the corpus counts), divided
# by its standard error (Monroe, Colaresi & Quinn 2008). A z-score above 1.96 means the
# outlet uses the word more than the rest of the corpus beyond chance. Names, bylines and
# boilerplate ("getty", an outlet's own name) rank high too: they are real differences in
# the texts, not framing; read the KWIC lines of a word before interpreting it.
#
# Keyness needs at least two outlets: **on a single-outlet corpus this section is skipped.**

# %%
if articles[group_col].nunique() >= 2:
    keyness = framing.compute_keyness(articles, group_col=group_col, min_count=5, top=20)
    axes = plots.plot_keyness(keyness, group_col="group", top=10)
else:
    keyness = None
    print(f"One {group_col} only: no keyness comparison.")

# %% [markdown]
# ## Frames
#
# `framing.score_frames` counts the cue words of each frame of the frame dictionary
# (`newslib/lexicons/frames.yaml`: security and order, economic grievance, humanitarian,
# protest legitimacy, geopolitics ...) per 100 words of each article. The table is the mean
# score per outlet; the `cues` column of the per-article table shows which words matched.

# %%
frame_scores = report.attach_group(framing.score_frames(articles), articles,
                                   group_col=group_col)
frame_scores.pivot_table(index=group_col, columns="frame", values="score",
                         aggfunc="mean").round(2)

# %% [markdown]
# ## Caveats
#
# - The lexicon is written for protests and unrest; mentions of other actors (e.g. in US
#   politics news) are matched only when they use these words. Shares computed on a handful
#   of mentions (small n in the tick labels) are not evidence of a framing difference.
# - The passive detector is rule-based (auxiliary + past participle); adjectival passives
#   ("is widely used") are counted as passives.
# - Quality of the framing component on annotated data is measured by `make quality`:

# %%
report.quality_table("framing")
