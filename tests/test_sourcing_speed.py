"""The fast paths of newslib.sourcing give exactly what the plain form they replace gives.

Each test builds random texts from the words and marks a fast path depends on and compares
the fast path with the plain regular expression (or loop) it stands for.
"""
from __future__ import annotations

import random
import re

import pytest

from newslib import sourcing as s

WORDS = ["he", "said", "has", "also", "long", "have", "had", "earlier", "quickly", "Ly", "ly",
         "Monday", "told", "reporters", "the", "a", "declined", "refused", "declines", "to",
         "comment", "appears", "seemed", "seem", "unseemly", "appear", "asked", "Asked",
         "When", "Before", "being", "whether", "about", "by", "quoted", "as", "saying",
         "according", "statement", "posted", "in", "on", "Twitter", "via", "interview", "with",
         "speaking", "state", "media", "news", "agency", "Reuters", "AP", "his", "account",
         "Sunday", "January", "5", "last", "week", "night", "at", "White", "House", "with",
         "and", "AND", "yet", "then", "or", "TV", "X", "press", "release",
         "it’s", "don't", "X-said", "10", "’90s", "protesters'", "K", "ſ", "İ", "ı"]
GLUE = [" ", "  ", ", ", ",", "\n", "\n\n", ". ", "; ", " “", "” ", "\"", "'", "‘", "’", "''",
        " — ", "(", ") ", "\t", "\u00a0"]


def _texts(seed: int, n: int, k: int = 14) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, k)):
            parts.append(rng.choice(WORDS))
            parts.append(rng.choice(GLUE) if rng.random() < 0.4 else " ")
        out.append("".join(parts))
    return out


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def test_single_mark_pattern_matches_the_lookbehind_form():
    plain = re.compile(r"(?<!['‘’])['‘’‹›](?!['‘’])")
    rng = random.Random(3)
    for _ in range(3000):
        t = "".join(rng.choice("ab '‘’‹›\n\"") for _ in range(rng.randint(0, 14)))
        for p in range(min(len(t), 4)):
            assert _spans(s._SQ_RE.finditer(t, p)) == _spans(plain.finditer(t, p)), t
            fast, ref = s._SQ_RE.match(t, p), plain.match(t, p)
            assert (fast and fast.span()) == (ref and ref.span()), t


def test_prev_word_matches_the_plain_search():
    for t in _texts(1, 1500, k=30):
        for pos in range(0, len(t) + 1, 3):
            for lo in (0, max(0, pos - 80), max(0, pos - 5)):
                m = s._PREV_WORD_RE.search(t, lo, pos)
                assert s._prev_word(t, lo, pos) == (m.group(1).lower() if m else ""), (t, lo, pos)


def test_aux_tail_matches_the_plain_search():
    for t in _texts(2, 4000):
        fast, ref = s._aux_tail(t), s._AUX_TAIL_RE.search(" " + t)
        assert (fast and fast.span()) == (ref and ref.span()), t


def test_time_tail_matches_the_plain_search():
    for t in _texts(7, 6000, k=10):
        fast, ref = s._time_tail(t), s._TIME_TAIL_RE.search(t)
        assert (fast and fast.span()) == (ref and ref.span()), t


def test_source_before_elided_subject_check():
    for t in _texts(8, 4000, k=6):
        last = t.rsplit(None, 1)[-1:]
        fast = bool(last and last[0].lower() in s._ELIDED_WORDS and
                    s._ELIDED_SUBJECT_RE.search(t.rstrip()))
        plain = bool(re.search(r"(?:^|\s)(?:and|but|or|then|yet)$", t.rstrip(), re.IGNORECASE))
        assert fast == plain, t


@pytest.mark.parametrize(("pattern", "literals"), [
    (s._REFUSAL_RE, ("declin", "refus")), (s._APPEAR_RE, ("appear", "seem"))])
def test_literal_matches_equal_finditer(pattern, literals):
    for t in _texts(3, 3000):
        assert _spans(s._literal_matches(pattern, t, literals)) == _spans(pattern.finditer(t))


def test_asked_scan_start_loses_no_match():
    for t in _texts(4, 3000):
        if "sked" in t:
            start = s._asked_scan_start(t)
            assert _spans(s._ASKED_RE.finditer(t, start)) == _spans(s._ASKED_RE.finditer(t)), t


def _relays_plain(seg: str, media_re) -> list[str]:
    """_relays without its word checks: every pattern runs."""
    out: list[str] = []
    for m in s._RELAY_POSTED_RE.finditer(seg):
        out.append(re.sub(r"\s+", " ", m.group("chan")))
        out.append(" ".join(m.group("who").split()))
    for m in s._RELAY_ACCORDING_STATEMENT_RE.finditer(seg):
        out.append(" ".join(m.group("chan").split()))
    for m in s._RELAY_QUOTED_BY_RE.finditer(seg):
        out.extend(s._split_list(m.group("who")))
    for m in s._RELAY_TOLD_RE.finditer(seg):
        out.append(" ".join(m.group("who").split()))
    for m in s._RELAY_INTERVIEW_RE.finditer(seg):
        who = " ".join(m.group("who").split())
        if m.group(0).lower().startswith("told") and (
                media_re is None or not media_re.search(who)):
            continue
        if who not in out:
            out.append(who)
    for m in s._RELAY_ON_PLATFORM_RE.finditer(seg):
        out.append(" ".join(m.group("who").split()))
    seen, uniq = set(), []
    for r in out:
        key = r.lower()
        if key not in seen and not any(key in x for x in seen):
            seen.add(key)
            uniq.append(r)
    return uniq


def test_relays_equal_running_every_pattern():
    media_re = s._default_lexicon()._word_re.get("media")
    texts = _texts(5, 3000) + [
        "in a statement posted online by the ministry", "ACCORDING TO A STATEMENT",
        "quoted by Reuters and AP", "told state media", "told Reuters News Agency",
        "in an interview with Reuters", "on Twitter", "via his Twitter account",
        "QUOTED BY the agency", "In a video released by the group"]
    found = 0
    for t in texts:
        got = s._relays(t, media_re)
        assert got == _relays_plain(t, media_re), t
        found += bool(got)
    assert found >= 10


def test_kind_and_balance_equal_the_character_loops():
    marks = "\"“”«»„‘"
    for t in _texts(6, 3000):
        c = t.strip().rstrip(".,;:!?)")
        if not ((c[:1] in "\"“«„‘" or c[:2] == "''") and (c[-1:] in "\"”»“’" or c[-2:] == "''")
                and not (c[:1] == "‘" and c[-1:] != "’")):
            ref = "mixed" if any(ch in marks for ch in c) or "''" in c else "indirect"
            assert s._kind_of(t) == ref, t
        for text in ("x" + t + "\"y", "\"" + t + "''", "''" + t + "'"):
            for a, b in ((1, len(text) - 1), (2, len(text)), (1, len(text) - 2)):
                assert s._balance(text, a, b) == _balance_plain(text, a, b), (text, a, b)


def _balance_plain(text: str, a: int, b: int) -> tuple[int, int]:
    seg = text[a:b]
    n = sum(1 for c in seg if c in "\"“”«»„")
    if n % 2 == 1:
        if b < len(text) and text[b] in "\"”»":
            b += 1
        elif a > 0 and text[a - 1] in "\"“«„":
            a -= 1
    elif n == 0 and seg.count("''") % 2 == 1:
        if text.startswith("''", b) and not seg.endswith("'"):
            b += 2
        elif a > 1 and text[a - 2:a] == "''" and not seg.startswith("'"):
            a -= 2
    return a, b


def test_other_spaces_are_every_space_but_the_space():
    import sys
    wanted = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {" "}
    assert set(s._OTHER_SPACES) == wanted
    t = "a\u2028b\x1c\u3000  \t c   d"
    assert s._OTHER_SPACE_RE.sub(" ", t) == re.sub(r"[^\S ]", " ", t)
    assert _spans(s._SPACE_RUN_RE.finditer(t)) == _spans(re.finditer(r" {2,}", t))


def test_word_count_ascii_class_equals_the_unicode_one():
    for c in map(chr, range(128)):
        assert bool(s._WORD_COUNT_ASCII_RE.fullmatch(c)) == bool(s._WORD_COUNT_RE.fullmatch(c)), c
    for t in _texts(9, 3000):
        assert s._word_count(t) == len(re.findall(r"[\w’'\-]+", t)), t
