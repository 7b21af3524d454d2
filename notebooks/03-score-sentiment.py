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
# # 03 · Sentiment around each actor, and whose voice it is
#
# **What is measured.** How the text *feels* where it mentions each actor, and whose
# feeling that is:
#
# 1. every sentence is split into parts in the **journalist's voice** (narration) and parts
#    of **quoted speech** (direct quotes and paraphrase found by `newslib.sourcing`), with
#    `sentiment.mark_voice`;
# 2. each part is scored with **VADER** (`sentiment.score_sentences`: the compound score in
#    [-1, +1]; the lexicon comes from the `vaderSentiment` package, nothing is downloaded);
# 3. each actor mention takes the score of the part it sits in, and the scores are averaged
#    per actor × outlet with **bootstrap 95% intervals** (`sentiment.aggregate_sentiment`).
#
# **How to read it.** A mean below 0 means the sentences around that actor carry more
# negative than positive words. That is *not* the outlet's attitude to the actor: news about
# violence is negative whoever is named. Compare outlets for the same actor, and
# narration with quoted speech, rather than reading absolute values.

# %%
# %load_ext autoreload
# %autoreload 2

from newslib import config, framing, plots, report, segment, sentiment, sourcing

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
# ## Narration and quoted speech
#
# One row per sentence part: `voice` is `narration` or `quoted`, `quote_kind` says whether
# the quoted part is a direct quote or a paraphrase; offsets point into the article text.

# %%
quotes = sourcing.extract_quotes(articles)
parts = sentiment.score_sentences(sentiment.mark_voice(sentences, quotes))
parts = report.attach_group(parts, articles, group_col=group_col)
parts[[group_col, "voice", "quote_kind", "compound", "text"]].head(12)

# %% [markdown]
# **Per outlet and voice.** Mean compound score of the parts, with bootstrap intervals,
# `share_negative`/`share_positive` (parts at or beyond ∓0.05, VADER's usual thresholds).
# A gap between narration and quoted speech shows whose words carry the tone.

# %%
by_voice = sentiment.aggregate_sentiment(parts, by=[group_col, "voice"],
                                         value_col="compound")
by_voice.round(3)

# %% [markdown]
# ## Sentiment around each actor
#
# Each actor mention (notebook 02) takes the VADER score of the sentence part it sits in;
# a part that mentions the same actor twice counts once. In the figure, each dot is one
# outlet's mean for one actor with its 95% bootstrap interval; hollow dots rest on fewer than
# 10 sentence parts — read them as anecdotes.

# %%
mentions = framing.find_mentions(articles, sentences=sentences)
if actors:
    mentions = mentions[mentions["actor"].isin(actors)]
actor_parts = report.locate_mentions(mentions, parts, articles, group_col=group_col)
actor_sentiment = sentiment.aggregate_sentiment(actor_parts, by=["actor", group_col],
                                                value_col="compound")
actor_sentiment.round(3)

# %%
ax = plots.plot_sentiment(actor_sentiment, group_col=group_col, actors=actors)

# %% [markdown]
# **Narration only.** The same measure restricted to the journalist's own sentences: the
# tone the outlet itself gives to the scene around each actor.

# %%
narration = actor_parts[actor_parts["voice"] == "narration"]
sentiment.aggregate_sentiment(narration, by=["actor", group_col],
                              value_col="compound").round(3)

# %% [markdown]
# ## Sentiment *toward* each actor (target-dependent model)
#
# A sentence can be bad news for one actor and neutral about another ("police arrested
# the protesters"). `sentiment.score_mentions` scores each mention with newslib's
# target-dependent model (logistic regression over the words around the mention, its
# clause and VADER evidence; trained on NewsMTSC, sentences about named people in news).
# The score is p(positive) − p(negative) in [−1, +1]; `label` is the most probable class.
# Averaged per actor × outlet with bootstrap 95% intervals:

# %%
mention_scores = report.attach_group(sentiment.score_mentions(mentions, sentences), articles,
                                     group_col=group_col)
mention_scores[[group_col, "actor", "label", "sentiment", "score"]].head(10)

# %%
actor_target = sentiment.aggregate_sentiment(mention_scores, by=["actor", group_col],
                                             value_col="score")
ax = plots.plot_sentiment(actor_target, group_col=group_col, actors=actors,
                          xlabel="mean score toward the actor (p positive − p negative)",
                          title="Sentiment toward each actor, by outlet",
                          caption="Target-dependent sentiment of each actor mention (newslib "
                                  "actor model, trained on NewsMTSC) with 95% bootstrap "
                                  "intervals over articles; hollow markers: fewer than 10 "
                                  "articles.")

# %% [markdown]
# ## Caveats
#
# - VADER is a general-purpose lexicon built on social media; on news it reads conflict
#   vocabulary ("killed", "attack") as negative whoever is the agent, and misses irony and
#   framing carried by verbs and roles. On the NYT editorial snippets of the VADER paper it
#   correlates with human ratings at about r = 0.49 (the paper's figure; `make quality`
#   measures newslib's).
# - The VADER score is the sentence part's, not a judgement *about* the actor: "police shot
#   the protesters" is negative for both. The target-dependent model addresses this, but it
#   was trained on sentences about named politicians, not on group labels such as
#   "protesters"; its macro-F1 on NewsMTSC (cross-validated) is in the quality table below.
# - Intervals are percentile bootstrap over articles: the sentence parts of one article are
#   not independent (same author, event and framing), so `aggregate_sentiment` resamples
#   whole articles (`cluster_col`, default `article_id`; `cluster_col=None` resamples single
#   parts and gives narrower, over-confident intervals). A group drawn from one article has
#   no interval, and one drawn from a handful of articles has a rough one.

# %%
report.quality_table("sentiment")
