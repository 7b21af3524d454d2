"""Content-span boundaries of newslib.sourcing.extract_quotes: one test per rule.

The sentences are written for these tests (no benchmark text)."""

from __future__ import annotations

import pandas as pd

from newslib.sourcing import extract_quotes


def _quotes(text: str) -> pd.DataFrame:
    return extract_quotes(pd.DataFrame({"article_id": ["t"], "text": [text]}))


def _by_cue(text: str, cue: str) -> str:
    q = _quotes(text)
    rows = [r for r in q.itertuples() if text[r.cue_start:r.cue_end].startswith(cue)]
    assert rows, f"no attribution with cue {cue!r} in {q[['cue']].to_dict('list')}"
    return text[rows[0].content_start:rows[0].content_end]


def test_fronted_phrase_is_not_the_content_of_a_verb_with_an_object():
    # "C, said X." inverts only when the verb follows the comma; here the name after
    # the verb is its object and the fronted phrase is no content
    text = ("In a radio interview on Sunday, he defended the housing plan of Mayor Ann Brook, "
            "saying it works.")
    assert _by_cue(text, "defended") == "the housing plan of Mayor Ann Brook"
    # the inverted order itself still holds
    text = "The plan will cut rents by a third, said Mayor Ann Brook."
    assert _by_cue(text, "said") == "The plan will cut rents by a third"
