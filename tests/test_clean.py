"""Cleaning: normalisation, furniture into columns, near-duplicate flags."""

import pandas as pd
import pytest

from newslib import clean


@pytest.fixture
def wire(fixtures_dir):
    text = (fixtures_dir / "clean" / "wire_story.txt").read_text(encoding="utf-8")
    return pd.DataFrame({"article_id": ["w1"], "text": [text], "credits": [None]})


def test_wire_story_furniture_moves_to_columns(wire):
    out = clean.clean_articles(wire).iloc[0]
    assert out["text"] == (
        "Hundreds of people gathered outside the parliament building on Tuesday, "
        "officials said.\n\nPolice said the crowd dispersed peacefully by nightfall. "
        "\"We ask everyone to stay calm,\" a spokeswoman said."
    )
    assert out["byline"] == "Dana Reyes"
    assert out["dateline"] == "BISHKEK, Kyrgyzstan"
    assert out["credits"] == "Reporting by Staff Writer; Editing by Desk Editor; AP"
    assert out["captions"] == "Protesters outside parliament in Bishkek on Tuesday. (AP Photo/Staff)"


def test_clean_does_not_modify_input(wire):
    before = wire.copy(deep=True)
    clean.clean_articles(wire)
    pd.testing.assert_frame_equal(wire, before)


def test_quoted_paragraph_ending_in_agency_is_not_a_caption():
    text = '"We will restore order," the president said. (Reuters)\n\nMore text here.'
    out = clean.split_furniture(text)
    assert out["captions"] is None
    assert out["text"].startswith('"We will restore order,"')


def test_sentence_mentioning_read_more_is_kept():
    s = pd.Series(["Officials asked residents to read more carefully before signing."])
    assert clean.strip_boilerplate(s).tolist() == s.tolist()


def test_normalize_keeps_curly_quotes_and_folds_rare_ones():
    s = pd.Series(["He said \u201elet\u201f us \u201cgo\u201d.\u00ad"])
    assert clean.normalize_text(s).tolist() == ["He said \u201clet\u201c us \u201cgo\u201d."]


def test_normalize_handles_missing_and_empty():
    s = pd.Series(["", None, "   "], dtype=object)
    out = clean.normalize_text(s)
    assert out[0] == "" and out[2] == "" and out.isna()[1]


def test_flag_duplicates_links_wire_copies_to_earliest_and_keeps_all_rows():
    body = " ".join(f"w{i}" for i in range(80))
    df = pd.DataFrame({
        "article_id": ["late", "early", "other", "stub1", "stub2"],
        "published": pd.to_datetime(["2022-01-07", "2022-01-06", "2022-01-06", None, None],
                                    utc=True),
        "text": [body + " extra words here", body, " ".join(f"z{i}" for i in range(80)),
                 "Short.", "Short."],
    })
    out = clean.flag_duplicates(df)
    assert len(out) == len(df)
    assert out["duplicate_of"].tolist()[:3] == ["early", pd.NA, pd.NA]
    # stubs under min_words are never compared
    assert out["duplicate_of"].isna().tolist()[3:] == [True, True]


def test_clean_requires_text_column_with_helpful_error():
    with pytest.raises(KeyError, match="pass text_col="):
        clean.clean_articles(pd.DataFrame({"article_id": ["a"], "body": ["x"]}))


def test_empty_text_stays_a_row():
    out = clean.clean_articles(pd.DataFrame({"article_id": ["a", "b"], "text": ["", None]}))
    assert out["text"].tolist() == ["", ""]


def _normalize_reference(text, quotes):
    """The plain recipe normalize_text must equal: every step over the whole text."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = clean._CHARS.sub(lambda m: clean._CHAR_MAP[m.group()], text)
    text = clean._CONTROL.sub("", text)
    table = dict(clean._QUOTE_MAP)
    if quotes == "straight":
        table.update(clean._STRAIGHT_MAP)
    text = text.translate(str.maketrans(table))
    lines = [clean._SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return clean._BLANKS.sub("\n\n", "\n".join(lines)).strip()


def test_normalize_fast_path_equals_plain_recipe():
    import random

    alphabet = (list("ab .,()\n\t\r\f\v\x1c\x1f\x85\x00\x7f") + list(clean._CHAR_MAP)
                + list(clean._QUOTE_MAP) + list(clean._STRAIGHT_MAP)
                + ["e\u0301", "\u2003", "\u205f", "\u3000", "  "])
    rng = random.Random(6)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
             for _ in range(3000)]
    for quotes in ("keep", "straight"):
        got = clean.normalize_text(pd.Series(texts, dtype=object), quotes=quotes).tolist()
        assert got == [_normalize_reference(t, quotes) for t in texts]


def test_shingles_are_sorted_distinct_and_stable():
    sh = clean._shingles("A b c d e. A b c d e! f", 5, {})
    assert sh.dtype == "uint32" and (sh[1:] > sh[:-1]).all()
    assert len(sh) == 6  # 7 windows of 5 words over 11 words; "a b c d e" twice
    assert clean._shingles("...", 5, {}).size == 0
    # crc32-based, so the same across processes and runs
    assert clean._shingles("one two", 5, {}).tolist() == clean._shingles(
        "One two", 5, clean._WordCodes()).tolist()


def test_minhashes_equal_datasketch_per_value_hashing():
    import numpy as np
    from datasketch import MinHash

    rng = np.random.default_rng(0)
    sets = [np.unique(rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32))
            for size in (1, 16, 500)]
    fast = clean._minhashes(sets, num_perm=64, seed=3)
    plain = MinHash.bulk([s.tolist() for s in sets], num_perm=64, seed=3, hashfunc=int)
    assert [m.hashvalues.tolist() for m in fast] == [m.hashvalues.tolist() for m in plain]
    assert clean._minhashes([], num_perm=64, seed=3) == []
