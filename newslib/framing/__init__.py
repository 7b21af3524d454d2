"""How news frames an event: actor labels, passives, scare quotes, keyness, frames.

Public API (every function takes DataFrames plus keyword-only column names and returns a
new tidy DataFrame with ``article_id`` and character offsets into ``text``; inputs are
never modified):

Lexicons (YAML files in ``newslib/lexicons``, extendable without editing code)
    :func:`load_lexicon`, :func:`load_attribution_verbs`, :func:`classify_stance`,
    :func:`load_frames`.
Actor labels
    :func:`find_mentions` (one Aho-Corasick pass, longest match, stop-phrases),
    :func:`count_labels` (counts and shares per outlet or any column, with evidence).
Agency
    :func:`find_passives` (passive clauses, agent named or not, subject actor).
Distance
    :func:`find_scare_quotes` (each quoted span: scare, partial, full quotation or name).
Vocabulary
    :func:`compute_keyness` (Fightin' Words log-odds, informative Dirichlet prior, z),
    :func:`keyword_in_context`, :func:`find_collocations` (NLTK association measures).
Discovery
    :func:`suggest_labels`, :class:`LabelSuggester` (grow a label list from the corpus).
Frames
    :func:`score_frames` (frame dictionaries per article or sentence, per 100 words).

Every analysis except keyness, collocations and label discovery works one article at a
time, so on a corpus too large for memory run it per partition with dask, e.g.
``ddf.map_partitions(framing.find_mentions, sentences=False, meta=...)``; keyness needs
the counts of all groups and takes a pandas frame of the texts (or of sampled texts).
Quality figures: ``python -m newslib.quality.framing`` (see
:mod:`newslib.quality.framing`).

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "text": [
...     'Dozens of protesters were "eliminated". Police said rioters were arrested.']})
>>> find_mentions(arts)["label"].tolist()
['protesters', 'police', 'rioters']
>>> find_passives(arts)["text"].tolist()
['were "eliminated"', 'were arrested']
>>> find_scare_quotes(arts)["kind"].tolist()
['scare']
"""

from __future__ import annotations

from newslib.framing.lexicons import (
    STANCES,
    Lexicon,
    classify_stance,
    load_attribution_verbs,
    load_frames,
    load_lexicon,
)
from newslib.framing.mentions import count_labels, find_mentions
from newslib.framing.discovery import LabelSuggester, suggest_labels
from newslib.framing.frames import score_frames
from newslib.framing.keyness import compute_keyness, find_collocations, keyword_in_context
from newslib.framing.passives import find_passives
from newslib.framing.quotes import find_scare_quotes

__all__ = [
    "STANCES",
    "LabelSuggester",
    "Lexicon",
    "classify_stance",
    "compute_keyness",
    "count_labels",
    "find_collocations",
    "find_mentions",
    "find_passives",
    "find_scare_quotes",
    "keyword_in_context",
    "load_attribution_verbs",
    "load_frames",
    "load_lexicon",
    "score_frames",
    "suggest_labels",
]
