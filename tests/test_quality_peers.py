"""Tests for newslib.quality.peers: textacy's direct-quotation extractor as a peer of
newslib.sourcing (needs the extra ``newslib[peers]``, which ``make test`` installs)."""

from __future__ import annotations

import pandas as pd
import pytest

from newslib.quality import peers
from newslib.quality.sourcing import score_polnear

needs_peers = pytest.mark.skipif(not peers.textacy_available(),
                                 reason='needs pip install -e ".[peers]"')

TEXT = ('"Tax cuts will hurt our schools," the education minister said on Monday.\n\n'
        'Prices rose again.')


@needs_peers
def test_textacy_quotes_gives_offsets_into_the_text() -> None:
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    q = peers.textacy_quotes(arts)
    assert len(q) == 1
    r = q.iloc[0]
    assert TEXT[r.content_start:r.content_end] == '"Tax cuts will hurt our schools,"'
    assert TEXT[r.cue_start:r.cue_end] == "said"
    assert "minister" in TEXT[r.source_start:r.source_end]
    # scored by the same scorer as newslib's own table
    gold = pd.DataFrame({"article_id": ["a"], "content_start": [0], "content_end": [33],
                         "source_start": [34], "source_end": [59], "cue_start": [60],
                         "cue_end": [64]})
    assert score_polnear(arts, gold, q)["f1_quoted"] == 1.0


@needs_peers
def test_textacy_quotes_reports_articles_it_gives_up_on() -> None:
    # an odd number of quotation marks: textacy refuses the whole document
    arts = pd.DataFrame({"article_id": ["ok", "odd"],
                         "text": [TEXT, 'He said "we will win, and left.']})
    q = peers.textacy_quotes(arts)
    assert set(q["article_id"]) == {"ok"}
    assert list(q.attrs["failures"]) == ["odd"]


@needs_peers
def test_long_text_is_read_in_pieces_with_true_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = peers.textacy_model()
    monkeypatch.setattr(nlp, "max_length", 120)
    text = (TEXT + "\n\n") * 4
    q = peers.textacy_quotes(pd.DataFrame({"article_id": ["a"], "text": [text]}))
    assert len(q) == 4
    assert all(text[s:e] == '"Tax cuts will hurt our schools,"'
               for s, e in zip(q.content_start, q.content_end))
