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
# # 05 · Report figures
#
# **What this notebook does.** It runs the analyses of notebooks 02–04 in one call
# (`report.analyse_corpus`) and exports the report figures with `plots.save_figure`: for
# each figure a PNG (200 dpi) and an SVG (and a PDF on request), plus a CSV of the numbers
# drawn, in `figures_dir` (default `reports/figures/`). Files are reproducible: saving the
# same figure twice gives byte-identical files, so a figure only changes in version control
# when its numbers do.
#
# Each section says what the figure shows and how to read it. Captions inside the figures
# give the unit and where the numbers come from; the CSV beside each image is what an editor
# or fact-checker should quote.

# %%
# %load_ext autoreload
# %autoreload 2

from newslib import config, plots, report

plots.use_report_style()

# %% tags=["parameters"]
corpus = config.corpus_path()  # file, folder, glob, or "polnear[:PATH]"
group_col = "outlet"  # column that defines the groups compared (outlets)
actors = None  # actors to show (None: the most mentioned actors, about 24 bars)
figures_dir = str(config.FIGURES_DIR)  # where save_figure writes
pdf = False  # also write a PDF of each figure (`python -m newslib.report --pdf`)

# %%
articles = report.load_corpus_param(corpus)
tables = report.analyse_corpus(articles, group_col=group_col)
n_groups = articles[group_col].nunique()
print(f"{len(articles)} articles, {n_groups} {group_col}(s); "
      f"{len(tables['mentions'])} actor mentions, {len(tables['quotes'])} attributions; "
      f"figures go to {figures_dir}")

# %% [markdown]
# ## 1 · How each outlet labels each actor
#
# The "protesters vs extremists" figure. One bar per outlet and actor (n = mentions); the
# segments are the labels used, coloured by label family (blue legitimising, grey neutral,
# orange delegitimising, red criminalising). By default the most mentioned actors are shown
# (as many as fit in about 24 bars: all of them on a single outlet, three on seven outlets);
# set `actors` to choose.

# %%
mentions = tables["mentions"]
# at most ~24 bars: every actor on a one-outlet corpus, the top three on seven outlets
show_actors = actors or mentions["actor"].value_counts().index[: max(1, 24 // n_groups)].tolist()
ax = plots.plot_label_shares(tables["label_counts"], group_col=group_col, label_col="label",
                             count_col="count", actors=show_actors)
plots.save_figure(ax.figure, "label-shares", out_dir=figures_dir, pdf=pdf)

# %% [markdown]
# ## 2 · Agentless passives per outlet
#
# Share of passive clauses that name no agent ("were killed" rather than "were killed by
# police"), with 95% Wilson intervals; the label reads "rate (agentless/all passives)".

# %%
ax = plots.plot_passive_rate(tables["passive_rates"], group_col=group_col, count_col="k",
                             total_col="n", low_col="ci_low", high_col="ci_high")
plots.save_figure(ax.figure, "passive-rate", out_dir=figures_dir, pdf=pdf)

# %% [markdown]
# ## 3 · Sentiment around each actor
#
# Mean VADER compound score (−1 to +1) of the sentence parts that mention each actor, per
# outlet, with 95% bootstrap intervals over articles; hollow dots rest on fewer than 10
# articles. Compare
# outlets for the same actor: news about violence is negative whoever is named.

# %%
ax = plots.plot_sentiment(tables["actor_sentiment"], group_col=group_col,
                          actors=actors or show_actors)
plots.save_figure(ax.figure, "actor-sentiment", out_dir=figures_dir, pdf=pdf)

# %% [markdown]
# ### 3b · Sentiment toward each actor (target-dependent model)
#
# The same comparison with the score of newslib's target-dependent model for each mention
# (p positive − p negative; trained on NewsMTSC), which separates "police shot the
# protesters" (bad for the protesters) from the tone of the whole sentence.

# %%
ax = plots.plot_sentiment(tables["actor_target_sentiment"], group_col=group_col,
                          actors=actors or show_actors,
                          xlabel="mean score toward the actor (p positive − p negative)",
                          title="Sentiment toward each actor, by outlet",
                          caption="Target-dependent sentiment of each actor mention (newslib "
                                  "actor model, trained on NewsMTSC) with 95% bootstrap "
                                  "intervals over articles; hollow markers: fewer than 10 "
                                  "articles.")
plots.save_figure(ax.figure, "actor-target-sentiment", out_dir=figures_dir, pdf=pdf)

# %% [markdown]
# ## 4 · Who gets to speak
#
# Each outlet's attributions (quotes, indirect speech, "according to") by the type of their
# source; n = attributions per outlet.

# %%
ax = plots.plot_source_types(tables["quotes"], group_col=group_col, type_col="source_type")
plots.save_figure(ax.figure, "source-types", out_dir=figures_dir, pdf=pdf)

# %% [markdown]
# ## 5 · Relay chains
#
# The most frequent paths by which a quote reached the outlet: source type → relaying
# parties (agencies, statements, spokespeople, other media) → outlet. Quotes the outlet had
# directly are not shown.

# %%
ax = plots.plot_relay_chains(tables["quotes"], source_col="source_type", relay_col="relay",
                             group_col=group_col)
plots.save_figure(ax.figure, "relay-chains", out_dir=figures_dir, pdf=pdf)

# %% [markdown]
# ## 6 · Words that distinguish each outlet
#
# Fightin' Words: for each outlet, the ten words it uses most beyond the rest of the corpus
# (z-score of the log-odds ratio with an informative Dirichlet prior; the dotted line is
# z = 1.96). Needs at least two outlets; skipped on a single-outlet corpus.

# %%
if "keyness" in tables:
    axes = plots.plot_keyness(tables["keyness"], group_col="group", top=10)
    plots.save_figure(axes[0].figure, "keyness", out_dir=figures_dir, pdf=pdf)
else:
    print(f"One {group_col} only: no keyness figure.")

# %% [markdown]
# ## 7 · Coverage over time
#
# Articles per day (week or month on long spans) and outlet. Drawn only when the dated
# articles span at least two days: on the single sample article there is no timeline, and
# this cell says so instead of exporting an empty figure.

# %%
span = plots.date_span_days(articles)
if span >= 2:
    ax = plots.plot_timeline(articles, group_col=group_col)
    plots.save_figure(ax.figure, "timeline", out_dir=figures_dir, pdf=pdf)
else:
    print(f"Dated articles cover {span} day(s): no timeline exported.")

# %% [markdown]
# ## Exported files

# %%
report.list_figures(figures_dir)
