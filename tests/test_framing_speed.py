"""The fast paths of newslib.framing give the same answers as the plain ones they replace.

Each test checks one shortcut against a slow, obvious reference written here: the cue
search of the scare-quote classifier (Aho-Corasick instead of one regex per quote), the
sentence look-ups by bisection, the blanked-out sentence window, the single-quote regex,
the sentence pre-filter of the passive finder (which must never drop a sentence that
holds a passive), its tokeniser, and the vectorised sentence assignment of mentions.
Random texts built from awkward pieces (curly quotes, clitics, "n't", capitals, the Kelvin
sign, underscores, no-break spaces, sentence breaks inside words) stand in for a corpus;
the PolNeAR tests run the same checks on real news when ../shared is present.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pandas as pd
import pytest

from newslib import framing
from newslib.framing import mentions as mentions_mod
from newslib.framing import passives as passives_mod
from newslib.framing import quotes as quotes_mod
from newslib.framing._text import lower_same_length

# --------------------------------------------------------------------------- references


def _ref_cues(masked_s: str, forms: set[str]) -> list[tuple[int, int]]:
    """The cue search as it was: one alternation regex, then no determiner before."""
    ordered = sorted(forms, key=len, reverse=True)
    cue_re = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in ordered)
                        + r")(?![\w-])")
    return [(m.start(), m.end()) for m in cue_re.finditer(masked_s)
            if not quotes_mod._DET_BEFORE.search(masked_s[:m.start()])]


def _ref_quoted_spans(text: str) -> list[tuple[int, int]]:
    single_re = re.compile(r"(?<![\w'‘’])['‘]([^'‘’\n\"“”]{1,200}?)['’](?![\w'‘’])")
    spans = []
    for m in quotes_mod._DOUBLE_RE.finditer(text):
        g = 1 if m.group(1) is not None else 2
        if text[max(0, m.start() - 1):m.start()] == "=" or "=" in m.group(g)[:1]:
            continue
        spans.append((m.start(g), m.end(g)))
    taken = [(s - 1, e + 1) for s, e in spans]
    for m in single_re.finditer(text):
        s, e = m.start(1), m.end(1)
        if any(a <= s < b for a, b in taken):
            continue
        inner = text[s:e]
        if not inner.strip() or inner != inner.strip():
            continue
        spans.append((s, e))
    return sorted(spans)


def _ref_window(text: str, low: str, s0: int, s1: int,
                quotes: list[tuple[int, int]]) -> tuple[str, bool]:
    """Blanked window and headline flag, character by character as they were built."""
    masked = list(low[s0:s1])
    for a, b in quotes:
        for k in range(max(a - 1, s0), min(b + 1, s1)):
            masked[k - s0] = " "
    capitalised = [w for w in quotes_mod._WORD_RE.findall("".join(
        text[s0 + k] if masked[k] != " " else " " for k in range(s1 - s0))) if len(w) > 3]
    headline = len(capitalised) >= 3 and sum(w[0].isupper() for w in capitalised) \
        >= 0.8 * len(capitalised)
    return "".join(masked), headline


def assign_sentences(rows: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Row by row: the last sentence of the row's article starting at or before it."""
    by_article: dict = {}
    for a, sid, s, e in zip(sentences["article_id"], sentences["sentence_id"],
                            sentences["start"], sentences["end"], strict=True):
        by_article.setdefault(a, []).append((int(s), int(sid), int(e)))
    found = []
    for a, start in zip(rows["article_id"], rows["start"], strict=True):
        cands = [c for c in by_article.get(a, []) if c[0] <= start] if isinstance(a, str) \
            else []
        best = max(cands, key=lambda c: c[0]) if cands else None
        found.append((best[1], best[0], best[2]) if best else (-1, -1, -1))
    out = rows.copy()
    for k, col in enumerate(["sentence_id", "sentence_start", "sentence_end"]):
        out[col] = np.array([f[k] for f in found], dtype="int64")
    return out


_OLD_TOKEN_RE = re.compile(
    r"[^\W_]+(?:-[^\W_]+)*(?=['’](?:s|m|re|ve|ll|d)\b)"
    r"|n['’]t\b"
    r"|[^\W_]+(?=n['’]t\b)"
    r"|[^\W_]+(?:[-'’][^\W_]+)*|['’](?:s|m|re|ve|ll|d)\b|[^\w\s]", re.IGNORECASE)


# --------------------------------------------------------------------------- random texts

_PIECES = [
    "was", "were", "is", "IS", "Was", "be", "been", "being", "am", "are", "get", "got",
    "gotten", "getting", "'s", "’s", "'re", "’m", "n't", "n’t", "wasn't", "weren’t",
    "isn't", "killed", "KILLED", "\u212aILLED", "taken", "held", "shot", "hurt", "arrested",
    "detained", "hundred", "need", "interested", "uncovered", "unharmed", "not", "never",
    "also", "reportedly", "quickly", "and", "or", "by", "police", "the", "a", "end",
    "protesters", "rioters", "he", "it", "that", "there", "who", "said", "called", "called for",
    "according to", "told", "known as", "the call for", "their", "its", "so-called", "term",
    '"', "“", "”", "'", "‘", "’", ",", ".", ";", ":", "(", ")", "—", "-", "!", "?", "_",
    "\u00a0", "\n", "\n\n", "well-known", "ex-Soviet", "Saturday Night Live", "We", "No",
    "café", "très", "ſ", "İs", "3.5", "U.S.-backed", "=", "author=\"@AP\"",
    '"eliminated"', "“restraint,”", "‘terrorists’", "'rebels'", '"We will win,"', '"No,"',
    "“Meet the Press”", '"peaceful" protest', "the term \"radical\"",
]


def _random_text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        out.append(rng.choice(_PIECES))
        out.append(rng.choice([" ", " ", " ", " ", "", "  ", "\u00a0", "_"]))
    return "".join(out)


def _random_sentences(rng: random.Random, aid: str, text: str) -> list[tuple]:
    """Sentence spans that cover the text, some breaking inside words."""
    cuts = sorted({0, len(text), *(rng.randrange(len(text) + 1) for _ in range(4))})
    return [(aid, k, s, e, text[s:e]) for k, (s, e) in enumerate(zip(cuts, cuts[1:]))
            if e > s]


@pytest.fixture(scope="module")
def random_corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(6)
    texts = {f"r{i}": _random_text(rng, rng.randrange(5, 60)) for i in range(400)}
    texts["edge"] = "He’s been KILLED. It wasn't reported by anyone.Were they attacked?"
    sents = [row for aid, t in texts.items() for row in _random_sentences(rng, aid, t)]
    arts = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    sents_df = pd.DataFrame(sents, columns=["article_id", "sentence_id", "start", "end",
                                            "text"])
    return arts, sents_df


@pytest.fixture(scope="module")
def polnear_sample(benchmarks) -> tuple[pd.DataFrame, pd.DataFrame]:
    from newslib.datasets.polnear import read_polnear
    from newslib.segment import split_sentences

    arts = read_polnear(benchmarks / "polnear", "train")[0].head(150).reset_index(drop=True)
    return arts, split_sentences(arts)


# --------------------------------------------------------------------------- scare quotes

def _forms() -> set[str]:
    return set(framing.load_attribution_verbs()["form"]) | quotes_mod._NAMING


def test_cue_search_matches_the_regex(random_corpus):
    forms = _forms()
    auto = quotes_mod._cue_matcher(frozenset(forms))
    arts, _ = random_corpus
    extra = ["the call for", "they called for  restraint", "said-", "-said", "x said",
             "an  according to", "police said, the claimed", "known as said", "said"]
    for text in [*map(lower_same_length, arts["text"]), *extra]:
        assert quotes_mod._find_cues(text, auto) == _ref_cues(text, forms), text


@pytest.mark.parametrize("source", ["random", "polnear"])
def test_quoted_spans_window_and_lookups_match_the_plain_versions(source, request):
    arts, sents = request.getfixturevalue(
        "random_corpus" if source == "random" else "polnear_sample")
    forms = _forms()
    auto = quotes_mod._cue_matcher(frozenset(forms))
    by_article = {a: list(zip(g["sentence_id"], g["start"], g["end"], strict=True))
                  for a, g in sents.groupby("article_id", sort=False)}
    n_windows = 0
    for aid, text in zip(arts["article_id"], arts["text"], strict=True):
        spans = quotes_mod.quoted_spans(text)
        assert spans == _ref_quoted_spans(text)
        units = [(int(a), int(b), int(c)) for a, b, c in by_article.get(aid, [])]
        lookup = quotes_mod._Units(units)
        assert lookup.sorted
        low = lower_same_length(text)
        for q0, q1 in spans:
            assert lookup.holding_start(q0) == next(
                (u for u in units if u[1] <= q0 < u[2] + 1), None)
            assert lookup.holding_end(q1) == next(
                (u for u in units if u[1] < q1 <= u[2] + 1), None)
            assert lookup.starting_from(q1) == next((u for u in units if u[1] >= q1), None)
            s0, s1 = max(0, q0 - 40), min(len(text), q1 + 40)
            inside = [(a, b) for a, b in spans if a >= s0 and b <= s1]
            window = quotes_mod._Window(text, low, s0, s1, inside, auto)
            masked, headline = _ref_window(text, low, s0, s1, inside)
            assert window.masked_s == masked
            assert window.headline == headline
            assert window.cues == [(a + s0, b + s0) for a, b in _ref_cues(masked, forms)]
            n_windows += 1
    assert n_windows > 50


def test_sentence_lookups_on_unsorted_units_scan_in_table_order():
    units = [(0, 50, 80), (1, 0, 30), (2, 30, 52)]
    lookup = quotes_mod._Units(units)
    assert not lookup.sorted
    assert lookup.holding_start(51) == (0, 50, 80)  # first in table order, not by start
    assert lookup.holding_end(31) == (1, 0, 30)
    assert lookup.starting_from(10) == (0, 50, 80)
    sorted_units = quotes_mod._Units(sorted(units, key=lambda u: u[1]))
    assert sorted_units.sorted
    assert sorted_units.holding_start(30) == (1, 0, 30)  # end + 1 still holds
    assert sorted_units.holding_start(81) is None
    assert sorted_units.starting_from(81) is None


def test_scare_quotes_same_with_bisection_and_linear_scan(random_corpus, monkeypatch):
    arts, sents = random_corpus
    fast = framing.find_scare_quotes(arts, sentences=sents)

    class LinearUnits(quotes_mod._Units):
        def __init__(self, units):
            super().__init__(units)
            self.sorted = False

    monkeypatch.setattr(quotes_mod, "_Units", LinearUnits)
    assert len(fast) > 100 and fast["cue"].notna().sum() > 20
    pd.testing.assert_frame_equal(fast, framing.find_scare_quotes(arts, sentences=sents))


# --------------------------------------------------------------------------- passives

@pytest.mark.parametrize("source", ["random", "polnear"])
def test_passive_prefilter_never_drops_a_passive(source, request, monkeypatch):
    arts, sents = request.getfixturevalue(
        "random_corpus" if source == "random" else "polnear_sample")
    fast = framing.find_passives(arts, sentences=sents)
    fast_sents = framing.find_passives(sents)
    monkeypatch.setattr(passives_mod, "_may_hold_passive",
                        lambda pieces: np.ones(len(pieces), dtype=bool))
    pd.testing.assert_frame_equal(fast, framing.find_passives(arts, sentences=sents))
    pd.testing.assert_frame_equal(fast_sents, framing.find_passives(sents))
    assert len(fast) > 20


def test_passive_prefilter_keeps_awkward_spellings():
    pieces = ["He’s been KILLED", "it wasn't reported", "IT WAS\u00a0SEIZED",
              "they got_hurt", "was \u212aILLED", "were “eliminated”", "is not yet taken",
              "was — later — shot"]
    assert passives_mod._may_hold_passive(pieces).all()
    assert not passives_mod._may_hold_passive(
        ["This is fine.", "was, killed", "He said so.", "Thiswas killed"]).any()
    assert passives_mod._may_hold_passive([]).shape == (0,)


def test_passives_in_text_with_lone_surrogates(monkeypatch):
    # (object dtype: pandas' string columns cannot hold lone surrogates)
    arts = pd.DataFrame({"article_id": ["s"], "text": [
        "Files were seized \udcff\udcfe. The man was reportedly killed by police."]},
        dtype=object)
    fast = framing.find_passives(arts, sentences=False)
    monkeypatch.setattr(passives_mod, "_may_hold_passive",
                        lambda pieces: np.ones(len(pieces), dtype=bool))
    pd.testing.assert_frame_equal(fast, framing.find_passives(arts, sentences=False))
    assert fast["verb"].tolist() == ["seized", "killed"]


def test_tokeniser_matches_the_backtracking_one(random_corpus):
    arts, _ = random_corpus
    for text in arts["text"]:
        low = lower_same_length(text)
        old = [m.span() for m in _OLD_TOKEN_RE.finditer(low)]
        assert [m.span() for m in passives_mod._TOKEN_RE.finditer(low)] == old


# --------------------------------------------------------------------------- mentions

def test_sentence_assignment_matches_the_grouped_one():
    rng = np.random.default_rng(6)
    n_art = 30
    sents = []
    for a in range(n_art):
        starts = np.sort(rng.choice(200, size=rng.integers(0, 6), replace=False))
        sents += [(f"a{a}", k, int(s), int(s) + 10) for k, s in enumerate(starts)]
    sents_df = pd.DataFrame(sents, columns=["article_id", "sentence_id", "start", "end"])
    sents_df = sents_df.sample(frac=1.0, random_state=2)  # any row order
    rows = pd.DataFrame({"article_id": [f"a{a}" for a in rng.integers(0, n_art + 3, 400)],
                         "start": rng.integers(0, 220, 400), "end": 0})
    rows.loc[5, "article_id"] = None
    got = mentions_mod._assign_sentences(rows, sents_df)
    want = assign_sentences(rows, sents_df)
    pd.testing.assert_frame_equal(got, want)
    assert (got["sentence_id"] == -1).any() and (got["sentence_id"] >= 0).any()
    empty = sents_df.iloc[:0]
    pd.testing.assert_frame_equal(mentions_mod._assign_sentences(rows, empty),
                                  assign_sentences(rows, empty))


def test_mentions_sentence_ids_on_polnear(polnear_sample):
    arts, sents = polnear_sample
    m = framing.find_mentions(arts, sentences=sents)
    raw = framing.find_mentions(arts, sentences=False)
    want = assign_sentences(raw.drop(columns=["sentence_id", "sentence_start",
                                              "sentence_end"]), sents)
    assert len(m) > 200
    assert m["sentence_id"].tolist() == want["sentence_id"].tolist()
    assert m["sentence_start"].tolist() == want["sentence_start"].tolist()


def test_empty_and_small_outputs_keep_their_dtypes(seed_articles):
    none = pd.DataFrame({"article_id": ["x"], "text": ["Nothing to see here."]})
    for func in (framing.find_mentions, framing.find_passives, framing.find_scare_quotes):
        full = func(seed_articles)
        empty = func(none)
        assert len(full) > 0 and len(empty) == 0
        assert empty.dtypes.to_dict() == full.dtypes.to_dict(), func.__name__
        assert isinstance(empty.index, pd.RangeIndex)


def test_matcher_is_shared_between_calls_and_follows_the_lexicon(tmp_path):
    lex = framing.load_lexicon()
    auto, labels = mentions_mod._lexicon_matcher(lex)
    assert mentions_mod._lexicon_matcher(lex)[0] is auto
    assert len(labels) == len(lex.patterns)
    extra = tmp_path / "extra.yaml"
    extra.write_text("actors:\n  protest participants:\n    labels:\n"
                     "      - {label: marchers, family: neutral, match: [zorblax]}\n",
                     encoding="utf-8")
    bigger = framing.load_lexicon(extra=extra)
    assert mentions_mod._lexicon_matcher(bigger)[0] is not auto
    arts = pd.DataFrame({"article_id": ["z"], "text": ["The zorblax gathered."]})
    assert framing.find_mentions(arts, lexicon=bigger)["label"].tolist() == ["marchers"]
    assert framing.find_mentions(arts, lexicon=lex).empty
