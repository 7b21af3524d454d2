"""Speakers, roles and source types of newslib.sourcing: the fast paths give what the
plain ones give (prefix-tree regexes, str.find occurrences, the first-word prefilter of
the category lexicon, the resolver's indexes and memos)."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest

from newslib import sourcing
from newslib.sourcing import (
    _find_whole_word,
    _literal_union,
    _match_category,
    _Resolver,
    _whole_word_re,
    classify_source,
    load_source_types,
    resolve_sources,
    split_speaker,
)


def _reference_category(lex, text: str, *, fallback: bool) -> str | None:
    """The plain algorithm: every category regex over the whole text."""
    table = lex._fallback_re if fallback else lex._word_re
    matches = []
    for prio, name in enumerate(lex.order):
        rx = table.get(name)
        if rx is not None:
            matches += [(m.start(), m.end(), prio, name) for m in rx.finditer(text)]
    if not matches:
        return None
    matches.sort(key=lambda t: (-(t[1] - t[0]), t[2]))
    kept = []
    for m in matches:
        if all(m[1] <= k[0] or m[0] >= k[1] for k in kept):
            kept.append(m)
    return min(kept, key=lambda t: t[2])[3]


def _phrases(lex) -> list[str]:
    out = []
    for cat in lex.categories.values():
        out += [str(p) for p in (cat.get("words") or []) + (cat.get("fallback_words") or [])]
    return out


def test_literal_union_matches_sorted_alternation():
    rng = random.Random(7)
    words = ["US", "U.S.", "Utah", "UK", "Uk", "New York", "New York City", "York", "Ré",
             "A", "Al", "Ala", "Alabama", "Kazakh", "Kazakhstan", "Kazakhstan's", "a-b"]
    plain = re.compile(r"(?<![\w\-])(" + "|".join(
        re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w\-])")
    fast = re.compile("(" + _literal_union(words) + r")(?![\w\-])")
    alphabet = words + [" ", "  ", "-", "x", "s", ".", ",", "’s", "\n", "é", "_", "1"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert [m.span(1) for m in fast.finditer(text)] == \
            [m.span(1) for m in plain.finditer(text)], text
    assert re.compile(_literal_union([])).search("anything") is None


def test_find_whole_word_matches_regex():
    rng = random.Random(11)
    alphabet = ["Clinton", "Bill", " ", "-", "_", "’s", "é", "1", ".", "\n", "Cl", "inton"]
    for word in ("Clinton", "Bill Clinton", "Clinton Clinton", "é", "C.", "a-b"):
        for _ in range(800):
            text = "".join(rng.choice(alphabet + [word]) for _ in range(rng.randint(0, 10)))
            assert _find_whole_word(text, word) == \
                [m.span() for m in _whole_word_re(word).finditer(text)], (word, text)
    assert _find_whole_word("abc", "") == []


def test_match_category_same_as_plain_search():
    lex = load_source_types()
    rng = random.Random(3)
    phrases = _phrases(lex)
    fillers = ["the", "said", "a", "former", "of", "and", ",", "(R-Ohio)", "Mr.", "’s", "'s",
               "es", "s", "-", "Über", "señor", "ſtate", "K", "“", "—", "senior", "top"]
    texts = []
    for ph in phrases:
        texts += [ph, ph.upper(), ph.title(), ph + "s", ph + "es", "x" + ph, ph + "-led",
                  "former " + ph + " of Ohio", ph.replace(" ", "  ")]
    for _ in range(3000):
        parts = [rng.choice(phrases if rng.random() < 0.5 else fillers)
                 for _ in range(rng.randint(1, 6))]
        texts.append(rng.choice([" ", "", "-"]).join(parts))
    for text in texts:
        for fb in (False, True):
            assert _match_category(lex, text, fallback=fb) == \
                _reference_category(lex, text, fallback=fb), (text, fb)
    # memoised: a second call answers from the cache
    assert (texts[0], False) in lex._category_cache


def test_classify_source_examples_and_cache():
    lex = load_source_types()
    cases = {
        "police spokesman Saltanat Azirbek": ("police_security", None),
        "Kazakhstan's health ministry": ("government", "domestic"),
        "Washington": ("government", "foreign"),
        "Sen. Tim Kaine (D-Va.)": ("politics", None),
        "people familiar with the matter": ("anonymous", None),
    }
    for src, want in cases.items():
        first = classify_source(src, country="Kazakhstan", lexicon=lex)
        again = classify_source(src, country="Kazakhstan", lexicon=lex)
        assert first == again == (want[0], want[1] if want[0] == "government" else None)


def test_infer_country_counts_names_demonyms_and_cities():
    lex = load_source_types()
    assert sourcing.infer_country("Kazakh police in Almaty and Kazakhstan's capital; "
                                  "Russian troops", lexicon=lex) == "Kazakhstan"
    assert sourcing.infer_country("nothing here at all", lexicon=lex) is None
    # whole words only, case-sensitive
    assert sourcing.infer_country("USA-made Kazakhstani-style", lexicon=lex) in (None, "Kazakhstan")


def test_split_speaker_cached_copies_are_equal():
    first = split_speaker("police spokesman Saltanat Azirbek")
    assert first == ("Saltanat Azirbek", "police spokesman")
    assert split_speaker("police spokesman Saltanat Azirbek") is first or \
        split_speaker("police spokesman Saltanat Azirbek") == first


TEXT = ("Republican leader Mitch Roe (R-Ky.) spoke first. Jane Doe, a professor of "
        "history at Yale, disagreed. Roe said the bill would pass. Later he said it was "
        "close. Doe said it would fail. The ministry said nothing. It said later it had "
        "no comment. Police spokesman Tom Ark said two died. The spokesman added that "
        "all was calm. Bill Doe said nothing more.")


def _spans(text: str, phrases: list[str]) -> pd.DataFrame:
    """Spans of the phrases (each followed by a comma or "said", "added", ...), in order."""
    rows, pos = [], 0
    for ph in phrases:
        a = re.compile(re.escape(ph) + r"(?=,| (?:said|added|disagreed|spoke))").search(
            text, pos).start()
        rows.append({"article_id": "a", "start": a, "end": a + len(ph)})
        pos = a + 1
    return pd.DataFrame(rows)


def test_resolver_pronouns_short_names_and_roles():
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    spans = _spans(TEXT, ["Roe", "he", "Doe", "The ministry", "It", "Police spokesman Tom Ark",
                          "The spokesman", "Bill Doe"])
    out = resolve_sources(spans, arts)
    got = out[["speaker", "role", "source_type"]].astype(object).where(
        out[["speaker", "role", "source_type"]].notna(), None).values.tolist()
    assert got[0] == ["Mitch Roe", "Republican leader", "politics"]
    assert got[1][0] == "Mitch Roe"                       # "he": the last person speaking
    assert got[2][0] == "Jane Doe" and got[2][2] == "expert"
    assert got[3][0] == "ministry" and got[3][2] == "government"
    assert got[4][0] == "ministry"                        # "it": the last non-person
    assert got[5][:3] == ["Tom Ark", "Police spokesman", "police_security"]
    assert got[6][0] == "Tom Ark"                         # "the spokesman"
    assert got[7][0] == "Bill Doe"                        # not Jane Doe's role
    assert got[7][1] != "a professor of history at Yale"


def test_resolver_full_name_indexes():
    r = _Resolver(TEXT)
    assert r.full_name("Roe", len(TEXT)) == "Mitch Roe"
    assert r.full_name("Doe", TEXT.index("Bill Doe") + 1) == "Bill Doe"
    assert r.full_name("Doe", TEXT.index("Doe said")) == "Jane Doe"
    assert r.full_name("Ark", 0) == "Tom Ark"             # a later first mention
    assert r.full_name("Nobody", 10) is None


def test_resolve_sources_leaves_input_unchanged():
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    spans = _spans(TEXT, ["Roe", "he"])
    before_s, before_a = spans.copy(), arts.copy()
    resolve_sources(spans, arts)
    pd.testing.assert_frame_equal(spans, before_s)
    pd.testing.assert_frame_equal(arts, before_a)


@pytest.mark.parametrize("name", ["Mitch Roe", "Jane Doe", "Doe", "Tom Ark"])
def test_role_of_memo_is_stable(name):
    r = _Resolver(TEXT)
    assert r.role_of(name) == r.role_of(name) == _Resolver(TEXT)._role_of(name)


def _plain_segment(before: str) -> str:
    return sourcing._TITLE_DOT_RE2.sub(r"\1.", sourcing._ROLE_SPLIT_RE.split(
        sourcing._TITLE_DOT_RE.sub(r"\1_", before))[-1])


def test_last_segment_and_nothing_before_match_the_plain_split():
    rng = random.Random(5)
    tokens = ["Sen.", "Mr.", "said", "saying", "added", "and", "the", "Republican", "nominee",
              "xSen.", "x", "tax-funded", "(", ")", ",", ", ", ".", ". ", "“", "”", '"', "\n",
              " ", "  ", "\t", "_", "Sen_", "St.", "bring", "ing", "ed", "in", "Ore.", "a.m."]
    for _ in range(6000):
        parts = [rng.choice(tokens) for _ in range(rng.randint(0, 40))]
        before = "".join(p + (" " if rng.random() < 0.6 else "") for p in parts)
        assert sourcing._last_segment(before) == _plain_segment(before), repr(before)
        text = before + "Smith"
        start = len(before)
        if sourcing._nothing_before(text, start):
            assert not _plain_segment(text[max(0, start - 100):start]).split(), repr(before)


def _resolve_all(text: str, phrases: list[str]) -> list[list]:
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    out = resolve_sources(_spans(text, phrases), arts)
    cols = ["speaker", "role", "source_type"]
    return out[cols].astype(object).where(out[cols].notna(), None).values.tolist()


def test_roles_from_appositives_without_article_and_age_hometown():
    text = ("Jane Roe, director of the Iowa Renewable Fuels Association, spoke first. "
            "Tom Ark, 31, of Tujunga, Calif., disagreed. Ann Lee, president of the company, "
            "said sales rose. Roe said the rule would hurt farmers. Ark said he would vote.")
    got = _resolve_all(text, ["Jane Roe", "Tom Ark", "Ann Lee", "Roe", "Ark"])
    assert got[0] == ["Jane Roe", "director of the Iowa Renewable Fuels Association",
                      "civil_society"]
    assert got[1] == ["Tom Ark", "31, of Tujunga", "citizens"]
    assert got[2][2] == "business"      # the organisation a person heads decides
    assert got[3][0] == "Jane Roe" and got[3][2] == "civil_society"
    assert got[4][2] == "citizens"


def test_clauses_after_a_name_are_not_roles():
    text = ("Tom Ark, Rubio's days in public office are over, said nothing. "
            "Ann Lee, adding that the government had failed, spoke. Ark said it was over.")
    got = _resolve_all(text, ["Tom Ark", "Ann Lee"])
    assert got[0][1] is None and got[1][1] is None


def test_role_before_a_name_set_off_by_commas():
    text = ("Complaints by the secretary of the Treasury, Jacob J. Lew, went unanswered. "
            "Mr. Lew said the talks were useful.")
    got = _resolve_all(text, ["Mr. Lew"])
    assert got[0] == ["Jacob J. Lew", "the secretary of the Treasury", "government"]


def test_classify_source_organisation_head():
    lex = load_source_types()
    assert classify_source("Ann Lee", role="president of the company", lexicon=lex)[0] == "business"
    assert classify_source("Ann Lee", role="director of the FBI", lexicon=lex)[0] == \
        "police_security"
    # a country after "president of" keeps the government reading
    assert classify_source("Ann Lee", role="president of Mexico", lexicon=lex)[0] == "government"
    assert classify_source("Tom Ark", role="31, of Tujunga", lexicon=lex)[0] == "citizens"
    assert classify_source("Tad Devine", role="a top adviser to Sanders",
                           lexicon=lex)[0] == "politics"


def test_pronoun_skips_a_speaker_of_the_other_title():
    text = ("Ms. Ann Lee spoke first. Mr. Tom Ark spoke next. Ms. Lee said it was fine. "
            "Mr. Ark said it was not. Later she said the vote was close.")
    got = _resolve_all(text, ["Ms. Lee", "Mr. Ark", "she"])
    assert got[1][0] == "Tom Ark"
    assert got[2][0] == "Ann Lee"       # not the last speaker, Mr. Ark


def test_transcript_labels_and_trailing_weekdays():
    text = ("Republican nominee Donald Trump spoke on Friday.\n\n"
            "TRUMP: We will win.\n\nHannity asked Trump Wednesday about the wall.")
    r = _Resolver(text)
    assert "Trump Wednesday" not in [n for _, n in r.names]
    speaker, role, _ = r.resolve("TRUMP", text.index("TRUMP"), None)
    assert (speaker, role) == ("Donald Trump", "Republican nominee")


def test_user_phrases_with_non_ascii_first_words_and_pickling(tmp_path):
    import pickle

    extra = tmp_path / "mine.yaml"
    extra.write_text("categories:\n  government:\n    words: [Élysée palace, ÖVP]\n"
                     "  civil_society:\n    words: [señoras unidas]\n", encoding="utf-8")
    lex = load_source_types(extra=extra)
    assert lex._prefilter[False][1] >= {"government", "civil_society"}  # always searched
    for text in ["the Élysée Palace", "ÖVP leader", "Señoras Unidas said", "the élysée palace",
                 "a police spokesman at the Élysée palace", "plain text", "ministry"]:
        assert _match_category(lex, text, fallback=False) == \
            _reference_category(lex, text, fallback=False), text
    lex2 = pickle.loads(pickle.dumps(lex))
    assert classify_source("the Élysée palace", lexicon=lex2)[0] == "government"


def test_names_drop_leading_role_words():
    text = ("Senate Majority Leader Mitch Roe spoke. Treasury Secretary Jacob J. Lew "
            "spoke too. Roe said it would pass. Lew said it would not.")
    r = _Resolver(text)
    names = [n for _, n in r.names]
    assert "Mitch Roe" in names and "Jacob J. Lew" in names
    assert r.resolve("Roe", text.index("Roe said"), None)[:2] == \
        ("Mitch Roe", "Senate Majority Leader")


def test_title_case_headlines_are_not_names():
    text = ("Trump Just Responded To Rubio With A Jab.\n\nRepublican candidate Donald Trump "
            "spoke in Iowa. Trump said he would win. George Will said so too.")
    r = _Resolver(text)
    names = [n for _, n in r.names]
    assert not any("Just" in n for n in names) and "George Will" in names
    assert r.resolve("Trump", text.index("Trump said"), None)[0] == "Donald Trump"


def test_titled_names_are_mentions_without_their_possessive():
    from newslib.sourcing import _NAME_RE, _default_lexicon, _name_of_match
    text = "It was then that Mr. Santorum described the “phony theology” of Mr. Obama’s agenda."
    found = [_name_of_match(m.group(0), _default_lexicon()) for m in _NAME_RE.finditer(text)]
    assert found == ["Santorum", "Obama"]


def test_pronoun_takes_a_person_named_as_subject_since_the_last_speaker():
    text = ('"We will win," Ann Lee said. Rick Santorum spoke in Ohio on Saturday. '
            'Later Mr. Santorum described the plan. "It is phony," he said.')
    got = _resolve_all(text, ["Ann Lee", "he"])
    assert got[0][0] == "Ann Lee"
    assert got[1][0] == "Rick Santorum"


def test_pronoun_gender_read_from_the_pronouns_after_a_name():
    # "Tim Ryan said he ...": male, so "she" is Nancy Pelosi, who did not agree
    text = ('"It makes me sick," Tim Ryan said, adding he had seen the numbers. '
            'Nancy Pelosi spoke on Monday. Pelosi did not agree with Ryan. '
            '"He did not carry his district," she said.')
    got = _resolve_all(text, ["Tim Ryan", "she"])
    assert got[1][0] == "Nancy Pelosi"


def test_definite_role_reference_resolves_to_the_titled_person():
    text = ('Gov. Mike Pence signed the bill on Thursday. Critics said it was unfair. '
            '"I support this law," the governor said. Rep. Blake Farenthold (R-Texas) '
            'apologized. "I had no idea," the four-term congressman said.')
    got = _resolve_all(text, ["Critics", "the governor", "the four-term congressman"])
    assert got[1][0] == "Mike Pence"
    assert got[2][0] == "Blake Farenthold"


def test_secretary_of_state_is_no_part_of_the_name():
    text = 'Secretary of State Hillary Clinton said the talks would go on.'
    got = _resolve_all(text, ["Secretary of State Hillary Clinton"])
    assert got[0][0] == "Hillary Clinton"
