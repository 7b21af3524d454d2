"""Sentiment: sentences (VADER), voice (narration vs quoted speech), actors, aggregation.

Sentence sentiment is VADER (Hutto & Gilbert 2014) as implemented in the ``vaderSentiment``
package, version 3.3.2, pinned through its lexicon: newslib re-implements the same rules
(:mod:`newslib.sentiment._vader`) to score identically and about 3x faster, and reads the
lexicon from the ``vaderSentiment`` wheel, so nothing is downloaded. Why vaderSentiment and
not NLTK's port: it is the authors' reference code, it ships its lexicon inside the package
(NLTK's needs ``nltk.download("vader_lexicon")``), and NLTK's port differs in tokenisation
and several rules (listed in :mod:`newslib.sentiment._vader`), which moves its scores away
from the published ones.

Typical use::

    from newslib import corpus, segment, sourcing, sentiment
    arts = corpus.load_articles("data/*.txt")
    sents = segment.split_sentences(arts)
    parts = sentiment.mark_voice(sents, sourcing.extract_quotes(arts))
    scored = sentiment.score_sentences(parts)
    sentiment.score_articles(scored, by=["article_id", "voice"])

Actor-level sentiment (:func:`score_targets`) labels the sentiment toward one span of a
sentence with a model trained on NewsMTSC and shipped in ``newslib/models``;
:func:`aggregate_sentiment` averages any score per actor x outlet (x period) with bootstrap
intervals that resample whole articles. ``python -m newslib.sentiment --help`` lists the
training and benchmark commands.
"""

from newslib.sentiment.actors import (
    ActorSentimentModel,
    load_actor_model,
    score_mentions,
    score_targets,
)
from newslib.sentiment.aggregate import aggregate_sentiment
from newslib.sentiment.pipeline import score_actors, sentence_sentiment
from newslib.sentiment.sentences import score_articles, score_sentences
from newslib.sentiment.voice import mark_voice, quoted_spans

__all__ = [
    "score_sentences",
    "score_articles",
    "mark_voice",
    "quoted_spans",
    "score_targets",
    "ActorSentimentModel",
    "load_actor_model",
    "aggregate_sentiment",
    "score_mentions",
    "sentence_sentiment",
    "score_actors",
]

