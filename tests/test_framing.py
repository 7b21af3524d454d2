"""Tests of newslib.framing: lexicons, mentions, passives, scare quotes, keyness, frames."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from newslib import framing

# --------------------------------------------------------------------------- lexicons


def test_attribution_verbs_table_has_stances_and_forms():
    verbs = framing.load_attribution_verbs()
    assert set(verbs["stance"]) == set(framing.STANCES)
    by_form = verbs.set_index("form")["stance"]
    assert by_form["said"] == "neutral"
    assert by_form["told"] == "neutral"
    assert by_form["alleged"] == "distancing"
    assert by_form["insisted"] == "distancing"
    assert by_form["revealed"] == "endorsing"
    assert by_form["acknowledged"] == "endorsing"
    assert by_form["was quoted as saying"] == "neutral"
    assert by_form["according to"] == "neutral"
    assert not verbs["form"].duplicated().any()


def test_classify_stance_keeps_index_and_missing():
    s = pd.Series(["said", None, "claims", "Pointed out", "was quoted as saying by"],
                  index=[10, 11, 12, 13, 14])
    got = framing.classify_stance(s)
    assert list(got.index) == [10, 11, 12, 13, 14]
    assert got.isna().tolist() == [False, True, False, False, False]
    assert got.dropna().tolist() == ["neutral", "distancing", "endorsing", "neutral"]


def test_user_attribution_file_overrides(tmp_path: Path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("stances:\n  distancing:\n    verbs:\n      say: [said]\n"
                     "  other:\n    verbs:\n      bark:\n", encoding="utf-8")
    verbs = framing.load_attribution_verbs(extra=extra)
    got = framing.classify_stance(["said", "barked"], lexicon=verbs)
    assert got.tolist() == ["distancing", "other"]
    assert framing.classify_stance(["said"]).tolist() == ["neutral"]  # shipped one unchanged


def test_duplicate_stance_raises(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("stances:\n  neutral:\n    verbs:\n      say:\n"
                   "  distancing:\n    verbs:\n      say:\n", encoding="utf-8")
    with pytest.raises(ValueError, match="under both"):
        framing.load_attribution_verbs(bad)


def test_unknown_lexicon_name_names_the_fix():
    with pytest.raises(FileNotFoundError, match="shipped lexicons are"):
        framing.load_lexicon("no_such_lexicon")
