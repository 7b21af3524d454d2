"""Who speaks in the news: quotes, speakers, source types and relay chains.

:func:`extract_quotes` finds every attribution in an article (one row each in the
``quotes`` table of :mod:`newslib.schema`): direct quotes, indirect (reported) speech,
mixed quotes ("X said the plan was "a disaster""), and "according to" attributions, with
the content, cue and source spans as character offsets into ``text``. It is rule-based:
quotation marks of every style are paired first (straight, curly, single British,
guillemets, multi-paragraph quotes that reopen at each paragraph, unbalanced marks are
recovered at the paragraph end), then compiled regular expressions anchored on reporting
verbs and cue phrases link each content to its cue and source. Reporting verbs and their
stance come from the framing lexicon ``attribution_verbs.yaml``
(:func:`newslib.framing.load_attribution_verbs`) plus the ``extra_cues`` of
``source_types.yaml``.

Each source span is then resolved to a speaker name and role ("police spokesman Saltanat
Azirbek" -> name "Saltanat Azirbek", role "police spokesman"); pronouns and short
references ("he", "the spokesman", "Azirbek") take the last matching full mention before
them. :func:`classify_source` assigns one of the source types described in
``newslib/lexicons/source_types.yaml`` and marks government sources domestic or foreign to
the event's country. Relaying parties ("was quoted as saying by the Interfax, TASS and Ria
Novosti news agencies", "in a statement posted online by ...", "told state media") are
recorded in order in ``relay``. :func:`summarise_sources` aggregates per article or outlet.

Speed: no parser; measured 180-240 PolNeAR articles (4.5k characters each) per CPU-second
on one core, 640-850 short ABC news texts (1.2k characters) per CPU-second.

Besides reporting verbs, a few constructions PolNeAR annotates are handled by their own
rules: "(when) asked (by X) whether ...", "X declined to comment", "X seemed/appeared to
...", "In the latest X poll, ...", coordinated second verbs ("..., and said ...", ",
saying ..."), plural subjects with base verbs ("polls show", "critics argue"), stance
and position verbs with noun-phrase objects ("sought the nomination", "called for a ban",
"endorsed Sanders", "voted against the bill", "criticism of"), nouns of saying and
intending with their clause ("X's claim that ...", "her pledge to ..."), sentences that
close on their attribution ("C, said X, a spokesman." takes all of C, inner cues and
quotations included), medial attributions spanning both parts ("C1, according to X,
C2"), relative clauses ("which officials said will ..."), and a speaker's quoted turn
continuing over the next quoted sentences of the paragraph.

Quality (``python -m newslib.quality --only sourcing``; scorer in
:mod:`newslib.quality.sourcing`; rules developed on PolNeAR train only): on PolNeAR dev,
attributions whose gold content holds a quotation mark are found with F1 about 0.87
(train 0.88), all attributions (PolNeAR also annotates beliefs, plans and evaluations:
"wants", "hopes", "is expected") with F1 about 0.66 (train 0.66). Matched sources and
cues overlap the gold ones about 93% and 94% of the time.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import ahocorasick
import pandas as pd
import yaml

from newslib import config
from newslib.schema import require_columns

__all__ = [
    "QUOTE_COLUMNS",
    "SourceLexicon",
    "load_source_types",
    "classify_source",
    "split_speaker",
    "find_quotations",
    "infer_country",
    "extract_quotes",
    "resolve_sources",
    "summarise_sources",
]

#: Columns of the quotes table (see :mod:`newslib.schema`), plus ``government_scope``.
QUOTE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "quote_id": "int64",
    "kind": "string",
    "content_start": "int64",
    "content_end": "int64",
    "cue_start": "Int64",
    "cue_end": "Int64",
    "cue": "string",
    "cue_stance": "string",
    "source_start": "Int64",
    "source_end": "Int64",
    "source_text": "string",
    "speaker": "string",
    "role": "string",
    "source_type": "string",
    "government_scope": "string",
    "relay": "string",
}

KINDS = ("direct", "indirect", "mixed", "according_to")

# --------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------

_WORD_CHARS = r"[\w'’.\-]"


def _phrase_regex(phrases: Iterable[str], *, plural: bool = True) -> re.Pattern[str] | None:
    """One alternation of whole-word phrases, longest first.

    Entries written in lower case match any case; entries with a capital letter ("UN",
    "WHO", "Fox News") match as written, so "who" the pronoun is not the WHO.
    """
    phrases = [str(p) for p in phrases if p is not None]
    lower = [p for p in phrases if p == p.lower()]
    cased = [p for p in phrases if p != p.lower()]
    rx_lower = _alternation(lower, plural=plural, flags=re.IGNORECASE)
    rx_cased = _alternation(cased, plural=plural, flags=0)
    if rx_lower is None or rx_cased is None:
        return rx_lower or rx_cased
    return re.compile(rx_cased.pattern[:-len(r")(?![\w\-])")] + "|(?i:" +
                      rx_lower.pattern[len(r"(?<![\w\-])(?:"):-len(r")(?![\w\-])")] +
                      r"))(?![\w\-])")


def _alternation(phrases: Iterable[str], *, plural: bool, flags: int) -> re.Pattern[str] | None:
    alts = []
    for p in sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True):
        esc = re.escape(p).replace(r"\ ", r"\s+")
        if plural and p[-1].isalpha() and not p.endswith("s"):
            esc += "(?:s|es)?"
        alts.append(esc)
    if not alts:
        return None
    return re.compile(r"(?<![\w\-])(?:" + "|".join(alts) + r")(?![\w\-])", flags)


def _literal_union(words: Iterable[str]) -> str:
    """Regex source matching any of ``words`` as a whole word, case-sensitive.

    The words are laid out as a prefix tree (``A(?:lmaty|stana)|K(?:azakh(?:stan)?)``), so
    the regex engine follows one branch per character instead of trying every word at
    every position; at each position the longest word that fits is tried first, as in an
    alternation sorted longest first. The "no word character before" check comes after
    the first character (a two-character lookbehind), which lets the engine skip quickly
    to positions holding a possible first character. The caller adds the check after the
    word.

    Examples
    --------
    >>> rx = re.compile(_literal_union(["US", "U.S.", "Utah"]) + r"(?![\w\-])")
    >>> [m.group(0) for m in rx.finditer("US and U.S. troops in Utah, not AUS or USA")]
    ['US', 'U.S.', 'Utah']
    """
    def tree_source(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + tree_source(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if "" in node:  # a word ends here: try the longer words first, then stop
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    tops: dict[str, dict[str, Any]] = {}
    for w in {w for w in words if w}:
        node = tops.setdefault(w[0], {})
        for ch in w[1:]:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not tops:
        return "(?!)"
    return "(?:" + "|".join(
        re.escape(ch) + r"(?<![\w\-]" + re.escape(ch) + ")" + tree_source(sub)
        for ch, sub in sorted(tops.items())) + ")"


# Text in which ``str.lower`` and the ``re.IGNORECASE`` matching of the category phrases
# agree character by character: ASCII plus caseless punctuation. Other text skips the
# first-word prefilter of :func:`_match_category_uncached` (it is only a shortcut).
_PREFILTER_UNSAFE_RE = re.compile("[^\x00-\x7f’‘“”„«»‹›—–…•·\u00a0\u2009\u200a\u202f]")


# Lower-cased safe text -> the same text with every character that is not a word
# character or hyphen turned into a space: a phrase can start only after a space of it.
_PREFILTER_SPACES = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) in "_-")}
_PREFILTER_SPACES.update({ord(c): " " for c in "’‘“”„«»‹›—–…•·\u00a0\u2009\u200a\u202f"})


def _first_word_prefilter(phrases_by_category: dict[str, list[Any]]
                          ) -> tuple[Any, set[str]]:
    """An Aho-Corasick automaton of the phrases' first words -> categories (their
    positions in ``phrases_by_category``, which must follow ``SourceLexicon.order``).

    A category's regex (:func:`_phrase_regex`) can match a text only where the text
    holds the first word of one of its phrases at a word start, followed by white space
    (phrases of several words) or by a non-word character, "s" or "es" (one-word
    phrases). The automaton runs over ``" " + text.lower().translate(_PREFILTER_SPACES)
    + " "`` with keys " first " / " first", so each hit is such a start; categories
    without one need not be searched. Categories with a first word outside the safe
    characters (:data:`_PREFILTER_UNSAFE_RE`) are returned apart: they are always searched.
    """
    auto = ahocorasick.Automaton()
    keys: dict[str, set[str]] = {}
    always: set[str] = set()
    for name, phrases in phrases_by_category.items():
        for ph in phrases:
            if ph is None:
                continue
            ph = str(ph).strip()
            if not ph:
                continue
            words = ph.split(" ")
            first = words[0].lower()
            if _PREFILTER_UNSAFE_RE.search(first):
                always.add(name)
                continue
            key = " " + first.translate(_PREFILTER_SPACES)
            if len(words) > 1:
                keys.setdefault(key + " ", set()).add(name)
            else:
                for end in (" ", "s", "e"):
                    keys.setdefault(key + end, set()).add(name)
    prio = {name: k for k, name in enumerate(phrases_by_category)}
    for key, names in keys.items():
        auto.add_word(key, (len(key), tuple(sorted(prio[n] for n in names))))
    if not keys:
        return None, always
    auto.make_automaton()
    return auto, always


@dataclass
class SourceLexicon:
    """Loaded ``source_types.yaml``: categories, countries, relay words, extra cues.

    Build it with :func:`load_source_types`; the compiled patterns are attributes.
    """

    categories: dict[str, dict[str, Any]]
    countries: dict[str, dict[str, list[str]]]
    relay: dict[str, list[str]]
    extra_cues: dict[str, dict[str, Any]]
    people: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.order = list(self.categories)
        self._word_re: dict[str, re.Pattern[str] | None] = {}
        self._fallback_re: dict[str, re.Pattern[str] | None] = {}
        for name, cat in self.categories.items():
            self._word_re[name] = _phrase_regex(cat.get("words") or [])
            self._fallback_re[name] = _phrase_regex(cat.get("fallback_words") or [])
        self._country_res: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = []
        self._country_of_name: dict[str, str] = {}
        self._gov_seats: set[str] = set()
        self._gov_names: set[str] = set()
        self._demonyms: set[str] = set()
        self._cache: dict[tuple[Any, ...], tuple[str, str | None]] = {}
        for country, spec in self.countries.items():
            names = [country, *(spec.get("aliases") or []), *(spec.get("demonyms") or []),
                     *(spec.get("capitals") or []), *(spec.get("seats") or []),
                     *(spec.get("cities") or [])]
            # case-sensitive: country names are capitalised ("US" is not "us")
            for n in names:
                self._country_of_name.setdefault(n, country)
            alts = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
            gov = [*(spec.get("capitals") or []), *(spec.get("seats") or [])]
            self._gov_seats.update(gov)
            # a country or its capital as the whole source ("China", "Beijing") speaks for
            # its government; "the Chinese" too (a demonym after "the")
            self._gov_names.update([country, *(spec.get("aliases") or []), *gov])
            self._demonyms.update(spec.get("demonyms") or [])
            gov_alt = "|".join(re.escape(n) for n in sorted(set(gov), key=len, reverse=True))
            self._country_res.append(
                (country, re.compile(rf"(?<![\w\-])(?:{alts})(?:'s|’s)?(?![\w\-])"),
                 re.compile(rf"(?<![\w\-])(?:{gov_alt})(?![\w\-])") if gov_alt else None))

        # one pass over the text: the names as a prefix tree (see _literal_union), the same
        # leftmost-longest matches as an alternation sorted longest first, ~15x faster
        self._any_country_re = re.compile(
            "(" + _literal_union(self._country_of_name) + r")(?![\w\-])")
        # _match_category results per (text, fallback); a pure function of the lexicon
        self._category_cache: dict[tuple[Any, ...], str | None] = {}
        self._name_cache: dict[str, str | None] = {}  # _name_of_match per matched run
        self._prefilter = {fb: _first_word_prefilter(
            {name: (cat.get("fallback_words" if fb else "words") or [])
             for name, cat in self.categories.items()}) for fb in (False, True)}

    def describe(self) -> pd.DataFrame:
        """The categories as a readable table: name, description, examples.

        Examples
        --------
        >>> load_source_types().describe().loc[0, "source_type"]
        'anonymous'
        """
        return pd.DataFrame([
            {"source_type": name, "description": " ".join(str(c.get("description", "")).split()),
             "examples": "; ".join(c.get("examples") or [])}
            for name, c in self.categories.items()])


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = list(out[key]) + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


def load_source_types(path: str | Path | None = None, *,
                      extra: str | Path | Iterable[str | Path] | None = None) -> SourceLexicon:
    """Load the source-type lexicon (default ``newslib/lexicons/source_types.yaml``).

    Parameters
    ----------
    path
        A YAML file in the format of the shipped one.
    extra
        Users' YAML files with only the entries they add; lists are extended, other
        values replaced.

    Examples
    --------
    >>> lex = load_source_types()
    >>> lex.order[:3]
    ['anonymous', 'social_media', 'documents']
    """
    path = Path(path) if path is not None else config.LEXICON_DIR / "source_types.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"source-type lexicon {path} not found; pass the path of a "
                                "YAML file in the format of newslib/lexicons/source_types.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    extras = [] if extra is None else ([extra] if isinstance(extra, (str, Path)) else list(extra))
    for e in extras:
        more = yaml.safe_load(Path(e).read_text(encoding="utf-8")) or {}
        if not isinstance(more, dict):
            raise ValueError(f"{e}: expected a YAML mapping like source_types.yaml")
        data = _merge(data, more)
    if "categories" not in data:
        raise ValueError(f"{path}: no 'categories' key; see newslib/lexicons/source_types.yaml")
    people = {str(k): str(v) for k, v in (data.get("people") or {}).items()}
    unknown = sorted(set(people.values()) - set(data["categories"]))
    if unknown:
        raise ValueError(f"{path}: 'people' uses unknown source types {unknown}; use one of "
                         f"{list(data['categories'])}")
    return SourceLexicon(categories=data["categories"], countries=data.get("countries") or {},
                         relay=data.get("relay") or {}, extra_cues=data.get("extra_cues") or {},
                         people=people)


@lru_cache(maxsize=1)
def _default_lexicon() -> SourceLexicon:
    return load_source_types()


# Reporting-verb forms whose base or -s form is mostly a noun in news ("reports", "calls",
# "plans"): only their past / participle forms count as cues, or any form right after a
# pronoun ("they plan").
_NOUNY_LEMMAS = {
    "report", "state", "post", "call", "question", "charge", "note", "show", "find", "plan",
    "support", "hope", "fear", "want", "comment", "estimate", "answer", "appeal", "demand",
    "promise", "pledge", "reply", "dispute", "brief", "quote", "joke", "claim", "cry",
    "scream", "blast", "vow", "remark", "tweet", "count", "signal", "forecast", "echo",
    "counter", "read", "respond", "worry", "slam", "praise", "complain", "record", "cite",
    "whisper", "shout", "plead", "concern", "rule", "continue", "reject", "dismiss",
    "threaten", "accuse", "blame", "criticize", "condemn", "deny", "lament", "know",
    "learn", "feel", "agree", "muse", "stress", "caution", "tout", "observe", "walk",
    "admit", "reveal", "mention", "describe", "explain", "announce", "declare", "urge",
    "warn", "boast", "recall", "predict", "add", "ask", "insist", "believe", "think",
    "expect", "suggest", "argue", "write", "tell", "confirm", "acknowledge", "add",
}
# these need no guard: unambiguous reporting forms
_SAFE_FORMS = {
    "said", "says", "say", "saying", "told", "tells", "added", "adds", "wrote", "writes",
    "asked", "asks", "stated", "explained", "explains", "noted", "notes", "argued", "argues",
    "claimed", "claims", "insisted", "insists", "warned", "warns", "urged", "urges",
    "tweeted", "announced", "declared", "acknowledged", "acknowledges", "confirmed",
    "denied", "denies", "reported", "replied", "responded", "recalled", "predicted",
    "suggested", "suggests", "believes", "believe", "believed", "thinks", "think",
    "thought", "alleged", "alleges", "contended", "maintained", "asserted", "admitted",
    "conceded", "revealed", "disclosed", "insisted", "stressed", "emphasized",
    "emphasised", "concluded", "agreed", "accused", "accuses", "vowed", "vows", "promised",
    "pledged", "threatened", "criticized", "criticised", "condemned", "praised",
    "complained", "boasted", "joked", "blamed", "charged", "slammed", "blasted", "pleaded",
    "rejected", "dismissed", "disputed", "questioned", "quipped", "mused", "lamented",
    "decried", "expects", "expected", "hopes", "hoped", "fears", "feared", "wants",
    "wanted", "plans", "planned", "knows", "knew", "felt", "feels", "worried",
    "indicated", "reiterated", "cautioned", "signaled", "signalled", "observed",
    "described", "describes", "mentioned", "countered", "retorted", "echoed",
    "demanded", "estimated", "commented", "remarked", "answered", "continued",
    "shows", "showed", "found", "finds", "cited", "cites", "proposed", "learned",
    "posted", "recounted", "elaborated", "specified", "testified", "speculated",
    "called", "tells", "informed", "briefed", "announces", "declares", "confirms",
    "reveals", "admits", "warns", "predicts", "reports", "urges",
}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who"}


@dataclass
class _Cues:
    stance: dict[str, str]
    lemma: dict[str, str]
    single: set[str] = field(default_factory=set)
    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for form in self.stance:
            words = tuple(form.split())
            if len(words) == 1:
                self.single.add(form)
            else:
                self.phrases.setdefault(words[0], []).append(words)
        for first in self.phrases:
            self.phrases[first].sort(key=len, reverse=True)
        # one Aho-Corasick automaton over every form (words of letters, apostrophes and
        # hyphens, single-spaced), run on the lower-cased text
        self.matcher = ahocorasick.Automaton()
        for f in self.stance:
            if all(_WORD_RE.fullmatch(w) for w in f.split()):
                self.matcher.add_word(" ".join(f.split()), len(" ".join(f.split())))
        if len(self.matcher):
            self.matcher.make_automaton()


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ’'-")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# every character str.isspace() accepts except the space, listed (a positive class scans
# faster than [^\S ]; tests/test_sourcing_speed.py checks the list against the Unicode data)
_OTHER_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                 "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_OTHER_SPACE_RE = re.compile("[" + _OTHER_SPACES + "]")
_SPACE_RUN_RE = re.compile("  +")  # runs of two or more spaces


def _cue_candidates(text: str, cues: _Cues) -> list[tuple[int, int, str]]:
    """Every cue form or phrase in ``text`` (whole words), longest phrase first.

    Examples
    --------
    >>> cues = _cue_lexicon()
    >>> [f for _, _, f in _cue_candidates("He said, according to aides, that it's essay.", cues)]
    ['said', 'according to']
    """
    low = text.lower()
    if len(low) != len(text):
        return _cue_candidates_tokens(text, cues)
    low = _OTHER_SPACE_RE.sub(" ", low)
    # runs of spaces between two words (where a phrase may continue)
    runs = [(m.start(), m.end() - m.start() - 1) for m in _SPACE_RUN_RE.finditer(low)
            if 0 < m.start() and m.end() < len(low) and low[m.start() - 1] in _TOKEN_CHARS
            and low[m.end()] in _LETTERS]
    if runs:  # runs of spaces between words: match on a collapsed copy, map offsets back
        parts, pos = [], 0
        for a, extra in runs:
            parts.append(low[pos:a + 1])
            pos = a + 1 + extra
        parts.append(low[pos:])
        hits = _cue_candidates_low("".join(parts), cues)
        starts, shift, acc = [], [], 0
        for a, extra in runs:
            starts.append(a - acc)  # position of the run in the collapsed text
            acc += extra
            shift.append(acc)

        def back(i: int) -> int:
            k = bisect_right(starts, i - 1)
            return i + (shift[k - 1] if k else 0)

        out = []
        for a, b, _ in hits:
            oa, ob = back(a), back(b - 1) + 1
            out.append((oa, ob, " ".join(low[oa:ob].split())))
        return out
    return _cue_candidates_low(low, cues)


def _cue_candidates_low(low: str, cues: _Cues) -> list[tuple[int, int, str]]:
    text = low
    best: dict[int, int] = {}
    tok, letters = _TOKEN_CHARS, _LETTERS
    n = len(text)
    for end, length in cues.matcher.iter(low) if len(cues.matcher) else ():
        start = end - length + 1
        if end + 1 < n and text[end + 1] in tok:
            continue
        if start > 0:
            p = text[start - 1]
            if p in letters:
                continue
            if p in tok:  # an apostrophe or hyphen inside a word ("don't", "x-said")
                k = start - 1
                while k > 0 and text[k - 1] in tok and text[k - 1] not in letters:
                    k -= 1
                if k > 0 and text[k - 1] in letters:
                    continue
        if length > best.get(start, 0):
            best[start] = length
    out = []
    pos = 0
    for start in sorted(best):
        if start < pos:
            continue
        e = start + best[start]
        out.append((start, e, low[start:e]))
        pos = e
    return out


def _cue_candidates_tokens(text: str, cues: _Cues) -> list[tuple[int, int, str]]:
    """Word-by-word version of :func:`_cue_candidates` (texts whose case folding changes
    their length, or with runs of spaces)."""
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD_RE.finditer(text)]
    out = []
    i, n = 0, len(words)
    while i < n:
        s, e, w = words[i]
        hit = None
        for ph in cues.phrases.get(w, ()):
            k = len(ph)
            if i + k <= n and all(words[i + j][2] == ph[j] for j in range(1, k)) and all(
                    text[words[i + j - 1][1]:words[i + j][0]].isspace() for j in range(1, k)):
                hit = (s, words[i + k - 1][1], " ".join(ph))
                i += k
                break
        if hit is None and w in cues.single:
            hit = (s, e, w)
            i += 1
        elif hit is None:
            i += 1
        if hit is not None:
            out.append(hit)
    return out


#: cue phrases that end in a preposition; the noun phrase after them is the content
_PREP_CUES = (
    "voted for", "voted against", "vote against", "voting for", "voting against",
    "votes for", "votes against", "railed against", "rails against", "railing against",
    "focused on", "focuses on", "focusing on", "criticism of", "support for",
    "apologized for", "pushed for", "push for", "pushing for", "pushes for",
    "weighed in on", "concerns about", "bragged about", "accusations of", "allegations of",
    "campaigned against", "campaigned for", "complained about", "warned of",
    "warned about", "spoke about", "spoke of", "talked of", "is critical of", "was critical of",
    "endorsement of", "argued for", "argues for", "arguing for",
    "advocated for", "advocates for", "lashed out at", "took aim at", "takes aim at",
    "taking aim at", "sounded off on", "opened up about", "boasted about", "boasted of",
    "worried about", "worries about", "questions about", "praise for", "disdain for",
)
_CUE_CACHE: dict[int, tuple[SourceLexicon, _Cues]] = {}


def _cue_lexicon(lex: SourceLexicon | None = None) -> _Cues:
    """Reporting verbs and phrases: framing lexicon + ``extra_cues`` of the source lexicon."""
    lex = lex or _default_lexicon()
    hit = _CUE_CACHE.get(id(lex))
    if hit is not None and hit[0] is lex:
        return hit[1]
    cues = _build_cues(lex)
    if len(_CUE_CACHE) > 8:
        _CUE_CACHE.clear()
    _CUE_CACHE[id(lex)] = (lex, cues)
    return cues


def _build_cues(lex: SourceLexicon) -> _Cues:
    stance: dict[str, str] = {}
    lemma: dict[str, str] = {}
    try:
        from newslib.framing import load_attribution_verbs
        table = load_attribution_verbs()
        for rec in table.itertuples(index=False):
            form = " ".join(str(rec.form).lower().split())
            stance[form] = str(rec.stance)
            lemma[form] = str(rec.lemma)
    except (ImportError, FileNotFoundError):
        for form in ("say", "says", "said", "saying", "told", "tell", "tells", "added",
                     "according to"):
            stance[form], lemma[form] = "neutral", form
    from newslib.framing.lexicons import verb_forms
    for st, spec in (lex.extra_cues or {}).items():
        for lem, forms in (spec.get("verbs") or {}).items():
            for f in (forms or verb_forms(lem)):
                f = " ".join(f.lower().split())
                stance.setdefault(f, st)
                lemma.setdefault(f, lem)
        for ph in spec.get("phrases") or []:
            ph = " ".join(ph.lower().split())
            stance.setdefault(ph, st)
            lemma.setdefault(ph, ph)
    # base forms of "see X as Y" and "we know ..." (guarded in _find_cues)
    for f in ("see", "know"):
        stance.setdefault(f, "neutral")
        lemma.setdefault(f, f)
    # positions taken with a preposition: the noun phrase after it is the content
    for f in _PREP_CUES:
        stance.setdefault(f, "other")
        lemma.setdefault(f, f)
    # forms of position verbs that are mostly nouns or adjectives in news
    for noun in ("back", "backs", "attack", "attacks", "support", "challenge", "challenges",
                 "welcome", "welcomes", "highlights", "request", "requests", "assail", "assails",
                 "applaud", "invoke", "retweet", "preferred", "welcoming", "encourages",
                 "remind", "reminds", "rebuke", "rebukes", "chides", "invokes", "reading"):
        stance.pop(noun, None)
    # adverbs like "reportedly" are hedges, not cues
    for hedge in ("reportedly", "allegedly", "purportedly", "supposedly", "ostensibly",
                  "so-called", "would have us believe"):
        stance.pop(hedge, None)
    return _Cues(stance=stance, lemma=lemma)


# --------------------------------------------------------------------------------------
# Quotation marks
# --------------------------------------------------------------------------------------

_DQ = "\"“”„«»"
_SQ = "'‘’‹›"
_OPEN_GLYPHS = "“„«‘‹"
_CLOSE_GLYPHS = "”»’›"
_DQ_RE = re.compile(r"''|‘‘|’’|[\"“”„«»]")  # '' is the double mark of some archives
# a single mark not next to another; the mark comes first so that the scan looks for
# the mark characters only (same matches as "(?<!['‘’])['‘’‹›](?!['‘’])", 5x faster)
_SQ_RE = re.compile(r"['‘’‹›](?<!['‘’].)(?!['‘’])")
_PARA_RE = re.compile(r"\n\s*\n|\n")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return list(_paragraph_spans(text))


@lru_cache(maxsize=8)
def _paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each paragraph; cached, as one article asks several times."""
    out, pos = [], 0
    for m in _PARA_RE.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return tuple(out)


def _flank(text: str, i: int, j: int | None = None) -> tuple[bool, bool]:
    """(can open, can close) for the quote mark ``text[i:j]`` from its neighbours."""
    j = i + 1 if j is None else j
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[j] if j < len(text) else "\n"
    can_open = (prev.isspace() or prev in "([{—–-/:;,\"“‘«") and not nxt.isspace()
    can_close = (not prev.isspace()) and (nxt.isspace() or nxt in ".,;:!?)]}—–-\"”’»'" or
                                          j == len(text))
    return can_open, can_close


def find_quotations(text: str) -> list[tuple[int, int]]:
    """Spans of quoted passages (quote marks included), any style, balanced or not.

    Double marks (straight, curly, low-9, guillemets) are paired by context (a mark after
    a space opens, a mark before a space or punctuation closes), so texts with only one
    kind of curly mark still pair. A quote left open at the end of a paragraph continues
    when the next paragraph opens with a quote mark (the multi-paragraph convention);
    otherwise it is closed at the paragraph end (recovery from an unbalanced mark). Where
    a text has no double marks, single marks (British style) are paired the same way,
    skipping apostrophes in contractions and possessives.

    Examples
    --------
    >>> t = 'He said: “Yes.” Then «Non», and \\'fine\\' too.'
    >>> [t[a:b] for a, b in find_quotations(t)]
    ['“Yes.”', '«Non»', "'fine'"]
    >>> t = '"First part.\\n\\n"Second part," she said.'
    >>> [t[a:b] for a, b in find_quotations(t)]
    ['"First part.\\n\\n"Second part,"']
    >>> [ (a, b) for a, b in find_quotations('An "unbalanced quote here.\\nNext.')]
    [(3, 26)]
    >>> t = 'He tweeted: “They wore “Settle for Hillary” shirts. Ouch.” Then he left.'
    >>> [t[a:b] for a, b in find_quotations(t)]
    ['“They wore “Settle for Hillary” shirts. Ouch.”']
    """
    spans = _pair_marks(text, _DQ_RE, double=True)
    inside = _mask(spans, len(text))
    singles = [s for s in _pair_marks(text, _SQ_RE, double=False)
               if not any(inside[s[0]:s[1]])]
    spans.extend(singles)
    spans.sort()
    return spans


def _mask(spans: list[tuple[int, int]], n: int) -> bytearray:
    mask = bytearray(n)
    for a, b in spans:
        mask[a:b] = b"\x01" * (b - a)
    return mask


def _pair_marks(text: str, mark_re: re.Pattern[str], *, double: bool) -> list[tuple[int, int]]:
    paras = _paragraphs(text)
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    depth = 0  # quotes nested in the open one with the same curly marks
    carry = False
    for pi, (ps, pe) in enumerate(paras):
        first_mark_skipped = False
        for m in mark_re.finditer(text, ps, pe):
            i, j = m.span()
            if not double:
                prev = text[i - 1] if i > 0 else " "
                nxt = text[i + 1] if i + 1 < len(text) else " "
                if prev.isalnum() and nxt.isalnum():
                    continue  # don't, it's, Nur-Sultan's
            ch = text[i] if j == i + 1 else ("“" if text[i] == "‘" else "\"")
            can_open, can_close = _flank(text, i, j)
            if not double:
                if ch in "'’" and prev in "sS" and not can_open and (
                        nxt.isspace() and open_at is None):
                    continue  # protesters' demands
                if ch in "'’" and nxt.isdigit():
                    continue  # '90s
            if carry and not first_mark_skipped and i == ps and can_open:
                first_mark_skipped = True  # reopening mark of a continued quote
                continue
            first_mark_skipped = True
            if open_at is None:
                if can_open or (ch in _OPEN_GLYPHS and not can_close):
                    open_at = i
                carry = False
            else:
                closes = can_close and not (can_open and ch in _OPEN_GLYPHS)
                pair = double and text[open_at] + text[i] in ("«»", "“”", "„“", "‹›")
                if closes or pair or (ch in _CLOSE_GLYPHS and not can_open):
                    if depth:  # the nested quote closes; the outer one goes on
                        depth -= 1
                        continue
                    spans.append((open_at, j))
                    open_at = None
                    carry = False
                elif can_open and double and ch in "“«" and text[open_at] == ch and \
                        _closers_ahead(text, mark_re, j, pe) >= depth + 2:
                    depth += 1  # '“They wore “Settle for Hillary” shirts.”': nested
                elif can_open:
                    open_at = i  # the earlier mark was stray
        if open_at is not None:
            nxt_para = paras[pi + 1] if pi + 1 < len(paras) else None
            nm = mark_re.match(text, nxt_para[0]) if nxt_para is not None else None
            if nm and _flank(text, nm.start(), nm.end())[0]:
                carry = True
                continue
            if not double:
                open_at = None  # an unpaired single mark is an apostrophe
                carry = False
                continue
            spans.append((open_at, pe))
            open_at = None
            carry = False
        depth = 0
    return spans


def _closers_ahead(text: str, mark_re: re.Pattern[str], start: int, end: int) -> int:
    """How many marks between ``start`` and ``end`` can close a quotation."""
    return sum(1 for m in mark_re.finditer(text, start, end)
               if _flank(text, m.start(), m.end())[1] and text[m.start()] not in "“«")


# --------------------------------------------------------------------------------------
# Sentences (light, quote-aware)
# --------------------------------------------------------------------------------------

_ABBREV = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "cmdr",
    "adm", "st", "jr", "sr", "prof", "rev", "hon", "pres", "supt", "insp", "maj", "cpl",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "v", "inc", "corp", "co", "ltd", "dept", "est", "approx", "u.s", "u.k",
    "u.n", "d.c", "e.g", "i.e", "a.m", "p.m", "ft", "mt", "ave", "blvd", "calif", "fla",
    "mass", "wash", "ariz", "colo", "conn", "ill", "mich", "minn", "tenn", "va", "pa", "n.y",
    "n.j", "ga", "la", "ky", "md", "mo", "nev", "okla", "ore", "wis", "tex",
}
_ORPHAN_VERB_RE = re.compile(r"[a-z][a-z’'\-]*(?:ed|es|[^s]s)|wrote|read|spoke|said|says|told|"
                             r"shot\s+back|put|went|gave|made|sang|thought|knew|saw|heard|felt")
_NOT_VERBS = {
    "was", "has", "is", "this", "its", "his", "hers", "ours", "us", "as", "yes", "news",
    "always", "perhaps", "was", "does", "goes", "less", "unless", "across", "various",
    "famous", "serious", "numerous", "previous", "obvious", "united", "limited", "needed",
    "based", "called", "so-called", "related", "proposed", "alleged", "supposed", "used",
    "advanced", "armed", "elected", "interested", "concerned", "involved", "expected",
    "indeed", "speed", "need", "red", "bed", "hundred", "thousands", "hundreds", "dozens",
    "millions", "billions", "years", "times", "others", "americans", "voters", "states",
    "plus", "bus", "thus", "status", "campus", "focus", "virus", "census", "process",
}
_DATELINE_RE = re.compile(r"[A-Z][A-Z.,' ]{2,40}(?:\([\w .]{1,25}\))?\s*[—–-]+\s*")
_INVERTED_SRC_RE = re.compile(
    r"\s+(?:(?:the|a|an)\s+)?(?:[\w’'\-.]+\s+){0,4}?(?:[A-Z][\w’'\-.]*)(?:\s+[A-Z][\w’'\-.]*)*"
    r"(?:,|\s*\.?\s*$|\s+\((?:D|R|I)-)")
_AND_BEFORE_CUE_RE = re.compile(
    r"(?:,[\"”’]?\s*|\s)(?:and|but)\s+(?:(?:\w+ly|then|also|later)\s+|(?:[\w’'\-]+\s+){1,3}(?:has\s+|have\s+|"
    r"had\s+)?)?$")
_QUOTE_SOON_RE = re.compile(r"(?:\s+[\w’'\-.]+){0,5}?\s+(?:as\s+|a\s+|an\s+|for\s+|the\s+)?(?:[\"“‘]|'')")
_CUE_AFTER_QUOTE_RE = re.compile(
    r"\s+(?:(?:[A-Z][\w.’'\-]*|the|a|an|one|another)\s+){0,5}(?:[a-z]+\s+)?(?:said|says|asked|asks|"
    r"replied|replies|added|adds|told|wrote|writes|shouted|yelled|continued|explained|insisted|"
    r"responded|recalled|wondered|joked|quipped|exclaimed|declared|noted|argued|tweeted)\b")
# a whole sentence that only attributes the quote before it: "“...” Trump said Friday."
_SHORT_ATTRIB_RE = re.compile(
    r"\s+(?:(?:[A-Z][\w’'\-]*\.?|the|a|an)\s+){1,5}(?:said|says|added|adds|wrote|writes|"
    r"explained|noted|argued|tweeted|continued|insisted|recalled|told\s+[\w’'\-]+)"
    r"(?:\s+(?!that\b)[\w’'\-]+){0,5}\s*\.(?=\s|$)")
_SENT_END_RE = re.compile(r"[.!?…]+(?:''|[\"”’»“‘)\]])*(?=\s+(?:''|[\"“‘’«„(\[]){0,2}[A-Z0-9])")


# abbreviations that never end a sentence (a title or a word before a number)
_TITLE_ABBREV = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt",
                           "capt", "cmdr", "adm", "st", "prof", "rev", "hon", "pres", "supt",
                           "insp", "maj", "cpl", "no", "vs", "v", "e.g", "i.e", "approx", "ft",
                           "mt"})
_LAST_TOKEN_RE = re.compile(r"([\w.]+)$")
_NEW_SENTENCE_WORD_RE = re.compile(r"\s+(?:He|She|They|It|We|I|The|But|And|In|On|At|This|That)\b")


def _sentences(text: str, ps: int, pe: int, inside: bytearray) -> list[tuple[int, int]]:
    out, start = [], ps
    for m in _SENT_END_RE.finditer(text, ps, pe):
        dot = m.start()
        if inside[dot] and inside[m.end() - 1]:
            # the stop is inside a quotation: a boundary only when the quote closes here
            if m.end() - 1 >= len(inside) or not (m.end() < len(inside) and not inside[m.end()]):
                continue
            if text[m.end() - 1] not in _DQ + _SQ:
                continue
            if text[dot] in "?!" and _CUE_AFTER_QUOTE_RE.match(text, m.end()):
                continue  # “Why now?” she asked.
            if text[dot] == "." and _SHORT_ATTRIB_RE.match(text, m.end(), pe):
                continue  # “We won.” Trump said.
        if text[dot] == ".":
            wm = _LAST_TOKEN_RE.search(text[max(ps, dot - 12):dot])
            word = wm.group(1).lower() if wm else ""
            if word in _ABBREV and word not in _TITLE_ABBREV and \
                    _NEW_SENTENCE_WORD_RE.match(text[m.end():m.end() + 8]):
                pass  # "... in the U.S. He says ...", "at 9 p.m. The ...": a sentence end
            elif word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        out.append((start, m.end()))
        start = m.end()
        while start < pe and text[start].isspace():
            start += 1
    if start < pe:
        out.append((start, pe))
    return out


# --------------------------------------------------------------------------------------
# Spans: sources, temporal phrases, relays
# --------------------------------------------------------------------------------------

_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME_TAIL_RE = re.compile(
    r"(?:,?\s+(?:(?:late|early|earlier|later)\s+)?(?:on\s+|last\s+|this\s+)?(?:"
    + _DAYS + r"(?:\s+(?:night|morning|evening|afternoon))?|"
    r"(?:last|this|next)\s+(?:week|month|year|night|morning|evening)|yesterday|today|"
    r"tonight|overnight|earlier|later|recently|previously|again|also|then|once|"
    r"in\s+(?:a|an|his|her|their|its)\s+(?:statement|interview|post|speech|letter|"
    r"tweet|email|press\s+release|address|video)(?:\s+(?:on|to|with)\s+\w+)?|"
    r"on\s+(?:Twitter|Facebook|Instagram|Telegram|X|television|TV|radio)|"
    r"in\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?:\s+\d+)?|at\s+(?:a|the)\s+\w+(?:\s+\w+)?|"
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+\d+))+\s*$")
_AUX_TAIL_RE = re.compile(
    r"(?:\s+(?:has|have|had|was|were|is|are|would|will|also|has\s+also|later|previously|"
    r"then|once|repeatedly|publicly|privately|reportedly|recently|again|quickly|simply|"
    r"further|earlier|did|does|do|not|never|had\s+earlier|has\s+long|have\s+long|often|"
    r"frequently|still|already|even|just|first|flatly|openly|angrily|bluntly|"
    r"\w+ly))+\s*$", re.IGNORECASE)
_BOUNDARY_WORDS = {
    "that", "which", "while", "as", "because", "but", "when", "after", "before", "since",
    "if", "although", "though", "where", "whereas", "so", "until", "unless", "whether",
    "than", "despite", "amid", "meanwhile", "however", "said", "says", "told",
}
_LEAD_STRIP_RE = re.compile(
    r"^(?:(?:and|but|so|yet|or|then|also|meanwhile|however|still|now|in|on|at|for|to|"
    r"of|by|with|from|after|before|while|as|when|because|since|if|though|although|"
    r"that|which|who|where|whom)\s+)+", re.IGNORECASE)
_STOP_NP = {"it", "this", "there", "that", "what", "which"}


def _strip(text: str, a: int, b: int, chars: str = " \t\n,;:—–-\"“”'‘’«»()") -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    if b < len(text) and text[b] == ")" and text.count("(", a, b) > text.count(")", a, b):
        b += 1  # keep "(R-Texas)" whole
    return a, b


_APPOSITIVE_TAIL_RE = re.compile(r",\s+(?:[^,;:.\"“”]|\.(?=[\w,]))*?[^\s,],\s*$")


_ELIDED_SUBJECT_RE = re.compile(r"(?:^|\s)(?:and|but|or|then|yet)$", re.IGNORECASE)
_NON_SPACE_RE = re.compile(r"[^\s]+")
# the last word of any match of _AUX_TAIL_RE (a whole word: each alternative follows \s+)
_AUX_LAST_WORD_RE = re.compile(
    r"(?:has|have|had|was|were|is|are|would|will|also|later|previously|then|once|repeatedly|"
    r"publicly|privately|reportedly|recently|again|quickly|simply|further|earlier|did|does|"
    r"do|not|never|long|often|frequently|still|already|even|just|first|flatly|openly|"
    r"angrily|bluntly|\w+ly)", re.IGNORECASE)


_ELIDED_WORDS = {"and", "but", "or", "then", "yet"}
# the last word of a _TIME_TAIL_RE match is one of these, a number, or any word two or three
# words after "on", "to", "with", "a", "the" ("in a statement on Sunday", "at the White House")
_TIME_LAST_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday night morning evening afternoon "
    "week month year yesterday today tonight overnight earlier later recently previously again "
    "also then once statement interview post speech letter tweet email release address video "
    "Twitter Facebook Instagram Telegram X television TV radio January February March April "
    "May June July August September October November December".split())


def _time_tail(seg: str) -> re.Match[str] | None:
    """``_TIME_TAIL_RE.search(seg)``, skipped when the last words cannot end a match.

    Examples
    --------
    >>> s = "Smith said in a statement on Sunday"; _time_tail(s).start() == s.index(" in")
    True
    >>> _time_tail("the minister of health") is None
    True
    """
    toks = seg.rsplit(None, 3)[-3:]
    if not toks or not (toks[-1] in _TIME_LAST_WORDS or toks[-1].isdecimal() or (
            len(toks) >= 2 and toks[-2] in ("on", "to", "with", "a", "the")) or (
            len(toks) >= 3 and toks[-3] in ("a", "the"))):
        return None
    return _TIME_TAIL_RE.search(seg)


def _aux_tail(seg: str) -> re.Match[str] | None:
    """``_AUX_TAIL_RE.search(" " + seg)``, skipped when the last word cannot end a match.

    Examples
    --------
    >>> _aux_tail("The minister has also").start(), _aux_tail("The minister")
    (13, None)
    """
    words = seg.rsplit(None, 1)
    if not words or not _AUX_LAST_WORD_RE.fullmatch(words[-1]):
        return None
    return _AUX_TAIL_RE.search(" " + seg)


def _source_before(text: str, clause_start: int, cue_start: int) -> tuple[int, int] | None:
    """The noun phrase right before a cue (skipping auxiliaries and time phrases)."""
    seg = text[clause_start:cue_start]
    m = _aux_tail(seg)
    if m:
        seg = seg[:max(0, m.start() - 1)]
    while True:
        m = _time_tail(seg)
        if not m or m.start() == len(seg):
            break
        seg = seg[:m.start()]
    m = _aux_tail(seg)
    if m:
        seg = seg[:max(0, m.start() - 1)]
    end = clause_start + len(seg.rstrip())
    last = seg.rsplit(None, 1)[-1:]
    if last and last[0].lower() in _ELIDED_WORDS and _ELIDED_SUBJECT_RE.search(seg.rstrip()):
        return None  # elided subject: "... but said ..."; the caller takes the subject
    am = _APPOSITIVE_TAIL_RE.search(text, clause_start, end)
    if am and am.end() == end:
        # "Rep. Gregory Meeks, D-N.Y., said" / "X, a spokesman for Y, said"
        head = _source_before(text, clause_start, am.start())
        if head is not None:
            return head[0], _strip(text, head[0], end)[1]
    # walk back over words until a boundary
    np_text = text[clause_start:end]
    words = np_text.rsplit(None, 12)[-12:]  # the loop stops after 12 words
    if not words:
        return None
    start = end
    count = 0
    at = len(np_text)
    for tok in reversed(words):
        at = np_text.rfind(tok, 0, at)
        a = clause_start + at
        core = tok.strip("\"“”'‘’«»()").lower()
        if tok.endswith((",", ";", ":", ")", "\"", "”", "»")) and start != end:
            # comma: allow "X, a spokesman," appositives only when the head is the name
            break
        if core in _BOUNDARY_WORDS and start != end:
            break
        if tok.endswith((";", ":", "\"", "”", "»", "“")) and start == end:
            return None
        start = a
        count += 1
        if tok.startswith(("(", "\"", "“", "«")) and not (count == 1 and tok.endswith(")")):
            break
        if count >= 12:
            break
    a, b = _strip(text, start, end)
    m = _LEAD_STRIP_RE.match(text[a:b])
    if m:
        a += m.end()
    if b <= a:
        return None
    return a, b


_AFTER_SRC_END_RE = re.compile(r"[,;:.!?()—–\"“”]|\s(?:who|which|that|because|as|after|"
                               r"when|while|in\s+a\s+statement|on\s+" + _DAYS + r")\b")


def _antecedent(text: str, sent_start: int, src: tuple[int, int] | None) -> tuple[int, int] | None:
    """"X, who said ..." -> X: a relative pronoun source takes the phrase before it."""
    if src is None or text[src[0]:src[1]].lower() not in ("who", "which", "that"):
        return src
    before = text[sent_start:src[0]].rstrip()
    if not before.endswith(","):
        return src
    found = _source_before(text, sent_start, sent_start + len(before) - 1)
    return found or src


def _source_after(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase right after a cue ("said John Smith, a spokesman")."""
    pos = start
    while True:
        m = _AFTER_SRC_END_RE.search(text, pos, limit)
        if m and text[m.start()] == ".":
            wm = _LAST_TOKEN_RE.search(text[max(start, m.start() - 12):m.start()])
            word = wm.group(1).lower() if wm else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                pos = m.end()
                continue  # "Mr.", "Sen.", "P."
        break
    end = m.start() if m else limit
    a, b = _strip(text, start, end)
    if b <= a or b - a > 80:
        return None
    return a, b


_RELAY_QUOTED_BY_RE = re.compile(
    r"\bquoted\s+(?:as\s+saying\s+)?by\s+(?P<who>[^.;:\"“”]+?)(?=[.;:\"“”]|,\s+(?:which|who|"
    r"as|while)\b|$)", re.IGNORECASE)
# a character of the relaying party's name: not punctuation, and the party ends before
# the reported clause ("... by its spokeswoman X that troops would stay")
_RELAY_WHO_CHAR = r"(?:(?!\s(?:that|saying|which|who|after|before|when|while|as)\s)[^.;:\"“”,])"
_RELAY_POSTED_RE = re.compile(
    r"\bin\s+(?P<chan>(?:a|an|the)\s+(?:\w+\s+)?(?:statement|video|post|letter|message|"
    r"communiqu[eé]|press\s+release))\s+(?:posted|published|released|issued|shared|"
    r"distributed|read\s+out)(?:\s+online)?(?:\s+on\s+\w+)?\s+by\s+"
    rf"(?P<who>{_RELAY_WHO_CHAR}+(?:,\s+{_RELAY_WHO_CHAR}+)?)", re.IGNORECASE)
_RELAY_TOLD_RE = re.compile(
    r"\btold\s+(?P<who>(?:the\s+)?(?:(?:[Ss]tate|[Ll]ocal|[Ff]oreign|[Ss]tate-run|[A-Z][\w\-]+)\s+)?"
    r"(?:media|television|TV|news\s+agenc(?:y|ies)|newspaper|broadcaster|radio|channel|outlet)"
    r"(?:\s+[A-Z][\w\-]*)*|(?:the\s+)?(?:[A-Z][\w\-]+\s+){1,3}(?:news\s+agency|"
    r"newspaper|daily|broadcaster|TV|television|radio))")
_RELAY_ACCORDING_STATEMENT_RE = re.compile(
    r"\baccording\s+to\s+(?P<chan>(?:a|an|the)\s+(?:\w+\s+)?(?:statement|report|"
    r"transcript|readout|press\s+release|video|letter|memo|e-?mail|tweet|post|message))\b",
    re.IGNORECASE)
_RELAY_INTERVIEW_RE = re.compile(
    r"\b(?:in\s+an?\s+interview\s+with|speaking\s+to|told)\s+(?P<who>(?:the\s+)?"
    r"(?:[A-Z][\w\-.]+(?:\s+|$)){1,4})")
_RELAY_ON_PLATFORM_RE = re.compile(
    r"\b(?:on|via)\s+(?P<who>Twitter|Facebook|Instagram|Telegram|YouTube|TikTok|"
    r"(?:his|her|their|its)\s+(?:Twitter|Facebook|Instagram|Telegram)\s+(?:account|page|"
    r"channel))\b")


_RELAY_PLATFORMS = ("Twitter", "Facebook", "Instagram", "Telegram", "YouTube", "TikTok")
# whether a segment holds any of them (one search instead of a loop of "in" tests)
_RELAY_PLATFORM_RE = re.compile("|".join(map(re.escape, _RELAY_PLATFORMS)))


def _split_list(s: str) -> list[str]:
    s = re.sub(r"^(?:the|a|an)\s+", "", s.strip(), flags=re.IGNORECASE)
    s = re.sub(r"\s+(?:news\s+agencies|agencies)$", "", s, flags=re.IGNORECASE)
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", s)
    return [re.sub(r"^(?:the|a|an)\s+", "", p.strip(), flags=re.IGNORECASE)
            for p in parts if p.strip()]


def _relays(seg: str, media_re: re.Pattern[str] | None) -> list[str]:
    """Relaying parties named in the attribution segment, in order of the chain."""
    out: list[str] = []
    # each pattern runs only where the words it needs occur (case-folded checks use
    # words without i, k, s, whose case-insensitive matches include non-ASCII letters)
    low = seg.lower()
    told = "told" in seg
    for m in _RELAY_POSTED_RE.finditer(seg) if "by" in low else ():
        out.append(re.sub(r"\s+", " ", m.group("chan")))
        out.append(" ".join(m.group("who").split()))
    for m in _RELAY_ACCORDING_STATEMENT_RE.finditer(seg) if "accord" in low else ():
        out.append(" ".join(m.group("chan").split()))
    for m in _RELAY_QUOTED_BY_RE.finditer(seg) if "quoted" in low else ():
        out.extend(_split_list(m.group("who")))
    for m in _RELAY_TOLD_RE.finditer(seg) if told else ():
        out.append(" ".join(m.group("who").split()))
    for m in _RELAY_INTERVIEW_RE.finditer(seg) if (
            told or "interview" in seg or "speaking" in seg) else ():
        who = " ".join(m.group("who").split())
        if m.group(0).lower().startswith("told") and (
                media_re is None or not media_re.search(who)):
            continue
        if who not in out:
            out.append(who)
    for m in _RELAY_ON_PLATFORM_RE.finditer(seg) if _RELAY_PLATFORM_RE.search(seg) else ():
        out.append(" ".join(m.group("who").split()))
    seen, uniq = set(), []
    for r in out:
        key = r.lower()
        if key not in seen and not any(key in s for s in seen):
            seen.add(key)
            uniq.append(r)
    return uniq


# --------------------------------------------------------------------------------------
# Speakers
# --------------------------------------------------------------------------------------

_NAME_TOKEN = r"(?:[A-Z][a-zà-ÿ'’\-]+|[A-Z]\.|[A-Z][A-Z]+(?=\s+[A-Z][a-z])|Mc[A-Z][a-z]+|[A-Z][a-z]*[A-Z][a-z]+)"
# The first name token is _NAME_TOKEN with its leading capital taken out of the
# alternatives and the "no word character before" check put after it: the same matches,
# but the regex engine skips quickly to capital letters (half the time on news text).
_FIRST_NAME_TOKEN = (r"[A-Z](?<![\w\-][A-Z])(?:[a-zà-ÿ'’\-]+|\.|[A-Z]+(?=\s+[A-Z][a-z])|"
                     r"(?<=M)c[A-Z][a-z]+|[a-z]*[A-Z][a-z]+)")
# a title with its period may open a name ("Mr. Santorum", "Sen. Ted Cruz"): the title
# alternatives sit after the leading capital too, so the engine still skips to capitals
_TITLE_TAIL = (r"(?<=M)(?:rs?|s)\.|(?<=D)r\.|(?<=S)(?:en|gt)\.|(?<=R)(?:ep|ev)\.|"
               r"(?<=G)(?:ov|en)\.|(?<=L)t\.|(?<=C)(?:ol|apt)\.|(?<=P)rof\.|(?<=A)dm\.")
_NAME_RE = re.compile(
    rf"[A-Z](?<![\w\-][A-Z])(?:{_TITLE_TAIL}|[a-zà-ÿ'’\-]+|\.|[A-Z]+(?=\s+[A-Z][a-z])|"
    rf"(?<=M)c[A-Z][a-z]+|[a-z]*[A-Z][a-z]+)(?:\s+(?:(?:de|van|von|der|la|le|bin|al|el|da|di|du)\s+)?"
    rf"{_NAME_TOKEN}){{1,5}}(?:,?\s+(?:Jr\.|Sr\.|III|II))?(?![\w\-])")
_TITLE_RE = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Prof|Rev|Sgt|Capt|Adm|"
                       r"President|Senator|Secretary|Minister|Governor|Mayor|Judge|Justice|"
                       r"Chairman|Chairwoman|Speaker|Ambassador|General|Colonel|"
                       r"Pope|King|Queen|Prince|Princess|Sheikh)\.?$")
_ORG_WORDS = {
    "ministry", "department", "party", "police", "agency", "agencies", "organisation",
    "organization", "forces", "force", "council", "committee", "office", "house", "court",
    "news", "times", "post", "journal", "university", "institute", "bank", "group",
    "union", "association", "foundation", "center", "centre", "commission", "campaign",
    "secretariat", "service", "services", "company", "corporation", "government",
    "administration", "senate", "congress", "parliament", "army", "navy", "tass", "ria",
    "novosti", "interfax", "reuters", "press", "media", "network", "magazine", "world",
    "nations", "security", "treaty", "alliance", "republicans", "democrats", "republican",
    "democratic", "network", "television", "radio", "report", "street", "poll", "survey",
    "fund", "federation", "league", "project", "coalition", "club", "church", "city",
    "state", "states", "county", "board", "inc", "corp", "llc", "ltd", "pac", "action",
}
_NON_NAME_FIRST = {
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our",
    "on", "in", "at", "but", "and", "last", "when", "after", "before", "while", "if",
    "meanwhile", "however", "in", "with", "for", "from", "he", "she", "they", "we", "it",
    "i", "you", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "some", "many", "several", "both",
    "see", "then", "so", "also", "now", "still", "yet", "here", "there", "even", "only",
    "just", "instead", "indeed", "later", "earlier", "today", "yesterday", "asked", "when",
    "state",
}
_PRONOUN_RE = re.compile(r"^(?:he|she|they|it|we|i|you|him|her|them)$", re.IGNORECASE)
_ADDRESS_RE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr)\.?")
_DET_RE = re.compile(r"^(?:the|a|an|this|that|these|those)\s+", re.IGNORECASE)


_NAME_OF_ORG_RE = re.compile(
    r"^((?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.\s+)?(?:[A-Z][\w’'\-.]*\s+){0,2}[A-Z][\w’'\-]*)"
    r"\s+(of|from|at|with)\s+(.+)$")
_POSSESSIVE_S_END_RE = re.compile(r"'s$|’s$")
_CAPITALISED_WORD_RE = re.compile(r"[A-Z][\wà-ÿ'’\-]*[a-z][\wà-ÿ'’\-]*")
_DEFINITE_RE = re.compile(r"^(?:the|this|that)\s", re.IGNORECASE)


def _is_name(tokens: list[str]) -> bool:
    return _is_name_cached(tuple(tokens))


@lru_cache(maxsize=65_536)
def _is_name_cached(tokens: tuple[str, ...]) -> bool:
    if not tokens:
        return False
    if tokens[0].lower().strip(".") in _NON_NAME_FIRST:
        return False
    if any(_POSSESSIVE_END_RE.sub("", t.lower().strip(".,")) in _ORG_WORDS for t in tokens):
        return False  # "Senate", "Senate's" (a strip of "'’s" would eat the leading "s")
    return all(t[:1].isupper() for t in tokens)


def split_speaker(source: str) -> tuple[str | None, str | None]:
    """Split a source phrase into (person name, role).

    The name is the run of capitalised words at the end (or, before a comma, at the
    start) that does not look like an organisation; the rest is the role.

    Examples
    --------
    >>> split_speaker("police spokesman Saltanat Azirbek")
    ('Saltanat Azirbek', 'police spokesman')
    >>> split_speaker("Russian foreign ministry spokeswoman Maria Zakharova")
    ('Maria Zakharova', 'Russian foreign ministry spokeswoman')
    >>> split_speaker("John Smith, a professor at Yale")
    ('John Smith', 'a professor at Yale')
    >>> split_speaker("Kazakhstan's health ministry")
    (None, "Kazakhstan's health ministry")
    >>> split_speaker("Sen. Tim Kaine")
    ('Tim Kaine', 'Sen.')
    >>> split_speaker("Mr. Nevins of Showtime")
    ('Nevins', 'of Showtime')
    >>> split_speaker("Mrs. Clinton and Sen. Elizabeth Warren")
    ('Elizabeth Warren', 'Sen.')
    """
    return _split_speaker(source)


@lru_cache(maxsize=65_536)
def _split_speaker(source: str) -> tuple[str | None, str | None]:
    s = " ".join(source.split()).strip(" ,;:")
    s = _DET_RE.sub("", s)
    if not s:
        return None, None
    om = _NAME_OF_ORG_RE.match(s)
    if om and "," not in om.group(1):
        name, role = split_speaker(om.group(1))
        if name is not None:
            if role and _PLAIN_TITLE_RE.fullmatch(role):
                role = None
            return name, " ".join(x for x in (role, om.group(2) + " " + om.group(3)) if x)
    head, sep, tail = s.partition(",")
    for name_part, role_part in ((head, tail), (tail, head)) if sep else ((s, ""),):
        toks = name_part.strip().split()
        # trailing capitalised run
        j = len(toks)
        while j > 0 and toks[j - 1][:1].isupper() and not _TITLE_RE.match(toks[j - 1]):
            j -= 1
        cand = toks[j:]
        while cand and cand[0].lower().strip(".") in _NON_NAME_FIRST:
            cand = cand[1:]
        if cand and _is_name(cand) and (len(cand) >= 2 or (
                j > 0 and _TITLE_RE.match(toks[j - 1]))) and any(
                c.lower() != c and c.upper() != c for c in cand):
            role_words = toks[:len(toks) - len(cand)]
            k = role_words.index("and") if "and" in role_words else 0
            prev = role_words[k - 1] if k else ""
            if prev[:1].isupper() and not prev.isupper() and not _TITLE_RE.match(prev) and \
                    prev.lower().rstrip(".,") not in _ORG_WORDS | _NON_NAME_FIRST:
                # "Mrs. Clinton and Ms. Warren": another person's name, not a role
                role_words = role_words[k + 1:]
            role = " ".join(role_words).strip()
            role = " ".join(x for x in (role, role_part.strip()) if x) or None
            if role:
                role = _POSSESSIVE_S_END_RE.sub("", role).strip() or None
            return " ".join(cand), role
    return None, s


_TITLE_DOT_RE = re.compile(r"\b(Sen|Rep|Gov|Gen|Lt|Col|Dr|Mr|Mrs|Ms|St|Sgt|Capt|Prof|Rev|Adm)\.")
_TITLE_DOT_RE2 = re.compile(r"\b(Sen|Rep|Gov|Gen|Lt|Col|Dr|Mr|Mrs|Ms|St|Sgt|Capt|Prof|Rev|Adm)_")
_ROLE_SPLIT_RE = re.compile(r"[.;:!?\"“”(]|,\s|\n|\b(?:and|said|says|told|by|to|with|for|from|"
                            r"that|as|when|while|on|in|at|after|before|if|but|during|like|"
                            r"against|about|over|under|than|including|between|among|"
                            r"through|into|without|whose|who|which|where|because|despite|"
                            r"is|was|are|were|has|had|have|[a-z]+ing|[a-z]+ed)\s")


_SUBJ_AFTER_RE = re.compile(r"(?:,[^,.]{1,60},)?\s+(?:[a-z]+ly\s+|also\s+|then\s+)?(?:[a-z]+ed|says|said|"
                            r"told|tells|is|was|has|had|will|would|wrote|writes|[a-z]+s)\b")
_PARTY_RE = re.compile(r"\s*\((?:D|R|I)-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\)")
#: mentions of a name searched for a role: an article that gives one gives it early
_ROLE_SEARCH_LIMIT = 10
#: role nouns of a definite reference ("the governor") and the titles that introduce
#: the person they refer to ("Gov. Mike Pence")
_ROLE_ALIASES = {
    "governor": ("gov",), "senator": ("sen",), "congressman": ("rep", "representative"),
    "congresswoman": ("rep", "representative"), "lawmaker": ("rep", "sen"),
    "president": ("pres",), "mayor": (), "secretary": (), "minister": (), "ambassador": (),
    "judge": (), "justice": (), "sheriff": (), "speaker": (), "chairman": (),
    "chairwoman": (), "general": ("gen",), "candidate": (), "nominee": (),
}
_AUX_AFTER_RE = re.compile(r"\s+(?:did|does|do|can|could|should|shall|may|might|must|"
                           r"went|made|took|gave|came|spoke|met|sent|left|ran|kept|held)\b")
_PERSONAL_PRONOUN_RE = re.compile(r"\b(?:he|his|him|himself|she|her|hers|herself)\b",
                                  re.IGNORECASE)
_SENTENCE_STOP_RE = re.compile(r"[.?!][\"”’]?\s")


_CANDIDATE_HINT = (
    r"(?:(?:'s|’s)?\s+(?:presidential\s+|\w+\s+)?(?:supporters|voters|delegates|rally|rallies|"
    r"backers|surrogates|presidential\s+bid|bid\s+for\s+the\s+(?:presidency|nomination|White\s+House)|"
    r"candidacy|nomination|primary\s+(?:win|victory|campaign))\b|"
    r"\s+(?:won|wins|carried|carries|leads|led|trails|trailed|finished\s+\w+\s+in)\s+(?:the\s+)?"
    r"(?:[A-Z][\w.]*\s+){0,3}(?:primary|primaries|caucus|caucuses|nomination|delegates|polls?)\b)")
_CANDIDATE_HINT_RE = re.compile(_CANDIDATE_HINT)


_POLITICAL_CONTEXT_RE = re.compile(
    r"\b(?:Republican|Democrat|Democratic|GOP|candidates?|presidential|nominee|front-?runner|"
    r"campaign|primary|primaries|caucus(?:es)?|debate|contender|running\s+mate)\b")


@lru_cache(maxsize=4096)
def _whole_word_re(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w\-])" + re.escape(word) + r"(?![\w\-])")


def _is_word_char(ch: str) -> bool:
    """``ch`` matches ``[\\w\\-]`` (``\\w`` of ``re``: alphanumeric or underscore)."""
    return ch.isalnum() or ch == "_" or ch == "-"


def _find_whole_word(text: str, word: str) -> list[tuple[int, int]]:
    """(start, end) of ``word`` in ``text`` with no ``[\\w\\-]`` on either side.

    The same spans as ``_whole_word_re(word).finditer(text)``, found with ``str.find``
    (no regex to compile per name).

    Examples
    --------
    >>> _find_whole_word("Trump, Trumpism and Trump-era Trump", "Trump")
    [(0, 5), (30, 35)]
    """
    out: list[tuple[int, int]] = []
    if not word:
        return out
    n, size = len(word), len(text)
    find = text.find
    i = find(word)
    while i >= 0:
        j = i + n
        if i and (text[i - 1].isalnum() or text[i - 1] in "_-"):
            i = find(word, i + 1)
        elif j < size and (text[j].isalnum() or text[j] in "_-"):
            i = find(word, i + 1)
        else:
            out.append((i, j))
            i = find(word, j)
    return out


_WHITE_RE = re.compile(r"\s")


def _last_segment(before: str) -> str:
    """The words after the last break (``_ROLE_SPLIT_RE``) in ``before``, "Sen." kept.

    The same as ``_TITLE_DOT_RE2.sub(r"\\1.", _ROLE_SPLIT_RE.split(_TITLE_DOT_RE.sub(
    r"\\1_", before))[-1])``, mostly from the last 40 characters: a break there that
    starts after their first white space is also the last break of the whole (breaks are
    a character, ", " + a space, or a word + a space, so none straddles it), and the
    first word of the cut, the only part that can read differently, lies before it.
    """
    # (each substitution is skipped when its pattern's "." / "_" is absent: a no-op)
    if len(before) > 40:
        short = before[-40:]
        ws = _WHITE_RE.search(short)
        if ws is not None:
            cut = _TITLE_DOT_RE.sub(r"\1_", short) if "." in short else short
            tail = _ROLE_SPLIT_RE.split(cut)[-1]
            # a break ending after the first white space + 1 starts after it
            if len(cut) - len(tail) > ws.start() + 1:
                return _TITLE_DOT_RE2.sub(r"\1.", tail) if "_" in tail else tail
    cut = _TITLE_DOT_RE.sub(r"\1_", before) if "." in before else before
    tail = _ROLE_SPLIT_RE.split(cut)[-1]
    return _TITLE_DOT_RE2.sub(r"\1.", tail) if "_" in tail else tail


def _nothing_before(text: str, start: int) -> bool:
    """Whether the role window before ``start`` is empty: only white space since a break
    of ``_ROLE_SPLIT_RE`` (". ", "(", a quotation mark, ", ", a new line).

    A shortcut for the common "... said. Smith" / "(Smith" / "“Smith": what
    ``_ROLE_SPLIT_RE.split(_TITLE_DOT_RE.sub(...))[-1]`` of the 100 characters before
    ``start`` would give is then white space.
    """
    lo = max(0, start - 100)
    j = start - 1
    while j >= lo and text[j].isspace():
        if text[j] == "\n":
            return True
        j -= 1
    if j < lo:
        return True
    c = text[j]
    if c in ";:!?\"“”(" or (c == "," and j < start - 1):
        return True
    if c == ".":
        # "Sen." keeps its dot (_TITLE_DOT_RE); other dots end the window
        window = text[lo:start]
        dot = j - lo
        return not any(m.end() == dot + 1
                       for m in _TITLE_DOT_RE.finditer(window, max(0, dot - 5), dot + 1))
    return False


_PREV_CAP_WORD_RE = re.compile(r"([A-Z][\w’'\-]*\.?)\s+$")
_PLAIN_TITLE_RE = re.compile(r"(?:Mr|Mrs|Ms|Miss)\.?$")
_APPOSITIVE_ROLE_RE = re.compile(r",\s+((?:a|an|the|who\s+is|who\s+was|who\s+served\s+as|"
                                 r"former|longtime|veteran)\s+[^,.;\"“”]+)")
# Appositives that name a role without an article: "X, director of the Y Center,", "X,
# president and chief executive of Z,", "X, 45, a lawyer,"; "X, 31, of Tujunga," (an age
# and a home town: how news introduces ordinary people). The phrase must not open like a
# clause ("X, who said", "X, adding that", "X, however,") and must hold a lexicon word.
_APPOSITIVE_NOUN_RE = re.compile(
    r",\s+(?:(?P<age>\d{1,3}),\s+)?(?P<role>[A-Za-z][^,.;:!?\"“”()\n]{1,100})")
_NOT_ROLE_FIRST = {
    "along", "alongside", "together", "both", "either", "neither", "just", "only", "once",
    "perhaps", "maybe", "probably", "already", "meanwhile", "instead", "who", "whom", "which", "that", "whose", "when", "while", "where", "said", "says", "told",
    "tells", "wrote", "writes", "added", "adds", "and", "but", "or", "nor", "as", "if",
    "because", "although", "though", "however", "according", "among", "including", "like",
    "unlike", "even", "so", "yet", "too", "not", "no", "in", "on", "at", "by", "to", "with",
    "from", "for", "after", "before", "during", "since", "until", "this", "these", "those",
    "there", "here", "it", "he", "she", "they", "we", "i", "you", "me", "him", "them", "us",
    "is", "was", "are", "were", "has", "had", "have", "will", "would", "can", "could",
    "did", "does", "do", "may", "might", "should", "must", "what", "why", "how", "all",
}
_ROLE_PARTICIPLES = {"managing", "acting", "retired", "founding", "ranking", "presiding",
                     "leading", "elected", "outgoing", "incoming", "longtime", "veteran"}
# how a role appositive may open: a determiner or modifier, or a head noun of a role
_ROLE_OPENERS = {
    "a", "an", "the", "his", "her", "their", "its", "our", "another", "one", "former", "then",
    "now", "also", "longtime", "veteran", "senior", "top", "chief", "executive", "vice",
    "deputy", "acting", "managing", "associate", "assistant", "interim", "co-founder",
    "founder", "president", "chairman", "chairwoman", "chair", "director", "head", "leader",
    "editor", "manager", "partner", "member", "owner", "secretary", "officer", "coordinator",
    "organizer", "principal", "dean", "publisher", "producer", "counsel", "general",
}
_CLAUSE_WORDS = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
                 "would", "can", "could", "should", "may", "might", "must", "said", "says",
                 "do", "does", "did", "am", "told", "tells"}
_HOMETOWN_RE = re.compile(r"(?:of|from)\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*")


def _appositive_role(after: str, lex: SourceLexicon) -> str | None:
    """The role in an appositive right after a name (see ``_APPOSITIVE_NOUN_RE``)."""
    m = _APPOSITIVE_NOUN_RE.match(after)
    if m is None:
        return None
    phrase = m.group("role").strip()
    if m.group("age"):
        hm = _HOMETOWN_RE.match(phrase)
        if hm:  # "X, 31, of Tujunga"
            return f"{m.group('age')}, {hm.group(0)}"
    words = phrase.split()
    first = words[0].lower()
    if first in _NOT_ROLE_FIRST or (first.endswith(("ing", "ed", "ly")) and
                                    first not in _ROLE_PARTICIPLES):
        return None
    if any(w.lower() in _CLAUSE_WORDS for w in words[:8]):
        return None  # "X, Rubio's days in office are over": a clause, not a role
    if not (words[0][:1].isupper() or first in _ROLE_OPENERS or first in _ROLE_PARTICIPLES
            or _match_category(lex, words[0], fallback=False)):
        return None  # "X, control the ...": opens like a verb phrase
    head = " ".join(words[:8])
    if _match_category(lex, head, fallback=False) or _match_category(lex, head, fallback=True):
        return head
    return None


_FRONTED_RE = re.compile(
    r"(?:^|[.;:!?\"“”(\n]\s*|,\s+|\b(?:and|but|by|with|as|of|for|from|that|when|while)\s+)"
    r"(?P<np>(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+"
    r"[^,.;:!?\"“”()\n]{2,80}?),\s*$")
_FRONTED_AFTER_RE = re.compile(r",(?!\s*(?:and|or)\b)|\s+(?:[a-z]+ly\s+)?(?:said|says|told|"
                               r"added|argued|wrote|noted|explained|insisted|warned|"
                               r"stressed|replied|acknowledged|countered)\b")

_CAMPAIGN_TAIL_RE = re.compile(r"(?:'s|’s)?\s+(?:presidential\s+)?"
                               r"(?:campaign|running\s+mate|candidacy)\b")


# capitalised role words that can open a run of capitalised words before a name
_NAME_ROLE_WORDS = {
    "leader", "secretary", "chairman", "chairwoman", "chair", "director", "president",
    "governor", "senator", "minister", "spokesman", "spokeswoman", "spokesperson",
    "commissioner", "judge", "justice", "mayor", "ambassador", "general", "colonel", "speaker",
    "chief", "executive", "correspondent", "reporter", "analyst", "adviser", "advisor",
    "attorney", "counsel", "deputy", "vice", "majority", "minority", "whip", "candidate",
    "nominee", "officer", "commander", "sheriff", "councilman", "councilwoman", "alderman",
    "representative", "congressman", "congresswoman", "sen", "rep", "gov", "lt", "gen",
    "prosecutor", "founder", "ceo", "editor", "host", "anchor", "columnist", "pastor",
    "rev", "cardinal", "pope", "archbishop", "bishop", "rabbi", "imam", "professor", "dr",
}
# words capitalised inside a run only in title-case headlines ("Obama Just Let Something
# Slip"): a name stops before them
_HEADLINE_WORDS = {
    "To", "Of", "The", "And", "An", "In", "On", "For", "With", "At", "By", "Is",
    "Are", "Was", "Were", "Be", "Says", "Said", "Just", "Has", "Have", "Had", "Not",
    "After", "Before", "Over", "As", "But", "Or", "That", "This", "Why", "How", "What", "Who",
    "Could", "Would", "Should", "Can", "Might", "Must", "Does", "Did", "Do", "Gets",
    "Makes", "Takes", "Calls", "Wants", "Thinks", "Slams", "Blasts", "Rips", "Just", "Now",
    "Into", "About", "Against", "Up", "Out", "Off", "Than", "If", "When", "While", "Vs",
}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_POSSESSIVE_END_RE = re.compile(r"(?:'s|’s|'|’)$")


def _name_of_match(found: str, lex: SourceLexicon) -> str | None:
    """The person name in a run of capitalised words (a ``_NAME_RE`` match), or None.

    Leading titles and non-name words go ("Mr. Trump" -> "Trump", "But John Smith" ->
    "John Smith"); a single word needs a title; organisations, countries and "U.S."-like
    runs are not names.
    """
    toks = found.replace(",", " ").split()
    titled = False
    while toks and (toks[0].lower().strip(".") in _NON_NAME_FIRST or _TITLE_RE.match(toks[0])):
        titled = titled or bool(_TITLE_RE.match(toks[0]))
        toks = toks[1:]
    if titled and len(toks) == 1 and _is_name(toks):  # "Mr. Trump", "Mr. Trump's"
        return _POSSESSIVE_END_RE.sub("", toks[0])
    cut = next((k for k in range(1, len(toks)) if toks[k] in _HEADLINE_WORDS), None)
    if cut is not None:
        toks = toks[:cut]  # "Trump Just Responded To ...": a title-case headline
    if toks:
        toks[-1] = _POSSESSIVE_END_RE.sub("", toks[-1])
    while len(toks) >= 2 and toks[-1].lower() in _WEEKDAYS:
        toks = toks[:-1]  # "Hannity asked Trump Wednesday": not part of the name
    # the name is the longest tail without role words: "Senate Majority Leader Mitch Roe"
    # -> "Mitch Roe", "Treasury Secretary Jacob J. Lew" -> "Jacob J. Lew"
    # a tail holding a title or role word is skipped: start after the last such word
    first_ok = 0
    for k, t in enumerate(toks):
        if _TITLE_RE.match(t) or t.lower().rstrip(".") in _NAME_ROLE_WORDS:
            first_ok = k + 1
    for i in range(first_ok, len(toks) - 1):
        tail = toks[i:]
        full = " ".join(tail)
        if _is_name(tail) and full not in lex._country_of_name and not any(
                t.rstrip(".") in ("N", "U", "S") for t in tail):
            return full
    return None


class _Resolver:
    """Resolves pronouns and short references to the last full mention before them."""

    def __init__(self, text: str, lexicon: SourceLexicon | None = None) -> None:
        self.text = text
        self.lexicon = lexicon or _default_lexicon()
        self.names: list[tuple[int, str]] = []  # (position, full name) of multiword names
        self._name_ends: list[int] = []  # end of each name's match, for _is_subject
        self._name_titles: list[str | None] = []  # "Gov." of "Gov. Mike Pence"
        parsed = self.lexicon._name_cache
        for m in _NAME_RE.finditer(text):
            found = m.group(0)
            if found in parsed:
                full = parsed[found]
            else:
                if len(parsed) > 100_000:
                    parsed.clear()
                parsed[found] = full = _name_of_match(found, self.lexicon)
            if full is not None:
                self.names.append((m.start(), full))
                self._name_ends.append(m.end())
                first = found.split(None, 1)[0]
                self._name_titles.append(first if _TITLE_RE.match(first) else None)
        self._subject: dict[int, bool] = {}  # names[i] followed by a verb (lazily)
        self._genders: dict[str, str | None] = {}  # last name -> gender from Mr./Ms.
        self.speakers: list[dict[str, Any]] = []  # resolved speakers so far, in order
        self._roles: dict[str, str | None] = {}
        # indexes for the look-ups of resolve (each gives what a scan of the lists gave)
        self._name_pos = [p for p, _ in self.names]
        self._names_by_token: dict[str, list[tuple[int, str]]] = {}
        for p, name in self.names:
            for tok in dict.fromkeys(name.lower().split()):
                self._names_by_token.setdefault(tok, []).append((p, name))
        self._last_role: dict[str, str] = {}  # speaker -> role of its last entry with one
        self._last_with_token: dict[str, dict[str, Any]] = {}  # token -> last speaker entry
        # per-article memos of _role_of: word -> occurrences, position -> role found there
        self._occ: dict[str, list[tuple[int, int]]] = {}
        self._before: dict[int, str | None] = {}
        self._after: dict[int, tuple[str | None, bool]] = {}

    def _gender(self, name: str | None) -> str | None:
        """"male" / "female" when the article calls the person "Mr." / "Ms.", "Mrs.",
        "Miss" + the last name; None when it does not say."""
        if not name:
            return None
        last = name.split()[-1]
        hit = self._genders.get(last, "")
        if hit == "":
            text = self.text
            male = any(t + last in text and _find_whole_word(text, t + last)
                       for t in ("Mr. ", "Mr "))
            female = any(t + last in text and _find_whole_word(text, t + last)
                         for t in ("Ms. ", "Mrs. ", "Miss ", "Ms ", "Mrs "))
            hit = "male" if male and not female else "female" if female and not male else None
            if hit is None and not (male or female):
                hit = self._gender_from_pronouns(last)
            self._genders[last] = hit
        return hit

    def _gender_from_pronouns(self, last: str) -> str | None:
        """"male" / "female" from the first personal pronoun after the first mentions of
        ``last`` in the same sentence, with no other person named between: "Tim Ryan said,
        adding he" -> male. None when the evidence is split or absent."""
        text = self.text
        votes = {"male": 0, "female": 0}
        for a, b in self._occurrences(last)[:4]:
            window = text[b:b + 220]
            stop = _SENTENCE_STOP_RE.search(window)
            if stop is not None:
                window = window[:stop.start()]
            m = _PERSONAL_PRONOUN_RE.search(window)
            if m is None:
                continue
            between = window[:m.start()]
            if any(w.lower() in self._names_by_token and w != last
                   for w in _CAPITALISED_WORD_RE.findall(between)):
                continue
            votes["female" if m.group(0).lower() in ("she", "her", "hers", "herself")
                  else "male"] += 1
        if votes["male"] > votes["female"]:
            return "male"
        if votes["female"] > votes["male"]:
            return "female"
        return None

    def _subject_since(self, lo: int, pos: int, wrong: str | None) -> str | None:
        """The last person the text names as a subject between ``lo`` and ``pos`` ("Mr.
        Santorum described", "Pelosi did not agree"): a word of a name the article gives
        in full, not possessive, followed by a verb, of a gender not ``wrong``."""
        text = self.text
        found = None
        for m in _CAPITALISED_WORD_RE.finditer(text, max(lo + 1, pos - 600), pos):
            tok = m.group(0)
            if tok.endswith(("’s", "'s")) or tok.lower() not in self._names_by_token:
                continue
            if _SUBJ_AFTER_RE.match(text, m.end()) is None and \
                    _AUX_AFTER_RE.match(text, m.end()) is None:
                continue
            name = self.full_name(tok, m.start())
            if name is not None and (wrong is None or self._gender(name) != wrong):
                found = name
        return found

    def _is_subject(self, i: int) -> bool:
        """Whether name ``i`` is followed by a verb ("Smith said", "Smith, 45, argued")."""
        hit = self._subject.get(i)
        if hit is None:
            end = self._name_ends[i]
            self._subject[i] = hit = _SUBJ_AFTER_RE.match(self.text[end:end + 40]) is not None
        return hit

    def role_of(self, name: str) -> str | None:
        """A role the article gives a name: 'Republican nominee X' or 'X, a professor'."""
        if name in self._roles:
            return self._roles[name]
        self._roles[name] = role = self._role_of(name)
        return role

    def _occurrences(self, word: str) -> list[tuple[int, int]]:
        """Whole-word occurrences of ``word`` (as ``_whole_word_re(word).finditer``)."""
        hit = self._occ.get(word)
        if hit is None:
            self._occ[word] = hit = _find_whole_word(self.text, word)
        return hit

    def _role_before(self, start: int) -> str | None:
        """Role words right before a name at ``start``: "Republican nominee", "Sen."."""
        if start in self._before:
            return self._before[start]
        if _nothing_before(self.text, start):
            self._before[start] = None
            return None
        lex = self.lexicon
        before = _last_segment(self.text[max(0, start - 100):start])
        words = before.split()[-5:]
        while words and words[-1][:1].isupper() and not _TITLE_RE.match(words[-1]) \
                and words[-1].lower() not in _ORG_WORDS and \
                words[-1].lower().rstrip(".") not in _NAME_ROLE_WORDS and \
                _match_category(lex, words[-1], fallback=False) is None:
            words.pop()  # the given names
        window = " ".join(words)
        role = None
        if window and (_match_category(lex, window, fallback=False) or (
                _TITLE_RE.match(words[-1]) and not _PLAIN_TITLE_RE.match(words[-1]))):
            role = window
        self._before[start] = role
        return role

    def _role_after(self, end: int) -> tuple[str | None, bool]:
        """(role, is a party tag) right after a name ending at ``end``: "(D-Va.)",
        ", a professor at Yale"."""
        if end in self._after:
            return self._after[end]
        lex = self.lexicon
        after = self.text[end:end + 140]
        pm = _PARTY_RE.match(after)
        found: tuple[str | None, bool] = (None, False)
        if pm:
            found = (pm.group(0).strip(), True)
        else:
            am = _APPOSITIVE_ROLE_RE.match(after)
            if am and (_match_category(lex, am.group(1), fallback=False) or
                       _match_category(lex, am.group(1), fallback=True)):
                found = (am.group(1), False)
            else:
                found = (_appositive_role(after, lex), False)
        self._after[end] = found
        return found

    def _role_fronted(self, start: int, end: int) -> str | None:
        """A role set before the name by a comma: "the secretary of the Treasury, Jacob
        Lew, said" (the name closed by a comma or followed by a verb)."""
        if not _FRONTED_AFTER_RE.match(self.text, end):
            return None
        fm = _FRONTED_RE.search(self.text[max(0, start - 120):start])
        if fm is None:
            return None
        np_ = fm.group("np")
        if len(np_.split()) > 6 or " and " in np_:
            return None  # "the deaths of X and the others killed in ..., Y": not a role
        lex = self.lexicon
        if _match_category(lex, np_, fallback=False) or _match_category(lex, np_, fallback=True):
            return np_
        return None

    def _role_of(self, name: str) -> str | None:
        """A role the text gives ``name`` near one of its first mentions (see role_of)."""
        text = self.text
        parts = name.split()
        last = parts[-1]
        lex = self.lexicon
        roles: list[str] = []
        first = parts[0]

        def same_person(a: int) -> bool:
            pw = _PREV_CAP_WORD_RE.search(text[max(0, a - 30):a])
            return not (pw and pw.group(1) != first and not _TITLE_RE.match(pw.group(1)) and
                        len(pw.group(1).rstrip(".")) > 1 and
                        _match_category(lex, pw.group(1), fallback=False) is None)

        # the full name's mentions, then the last name's ("Bill Clinton" is not "Hillary
        # Clinton"); the latter are checked only as far as needed
        occ = list(self._occurrences(name))
        rest = iter(self._occurrences(last)) if name != last else None
        while rest is not None and len(occ) < _ROLE_SEARCH_LIMIT:
            ab = next(rest, None)
            if ab is None:
                rest = None
            elif same_person(ab[0]):
                occ.append(ab)
        for a, b in occ[:_ROLE_SEARCH_LIMIT]:
            # role words before the name: "Republican nominee Donald Trump", "Sen. X"
            before = self._role_before(a)
            if before is not None:
                roles.append(before)
            # an appositive after the name: "X, a professor at Y,"; a party tag "X (D-Va.)"
            after, party = self._role_after(b)
            if after is not None:
                roles.append(after)
            if party or roles:
                break
            # an appositive before it: "the secretary of the Treasury, Jacob J. Lew,"
            fronted = self._role_fronted(a, b)
            if fronted is not None:
                roles.append(fronted)
                break
        if not roles:  # "the Clinton campaign", "Trump's running mate": a candidate
            i = text.find(last)
            while i >= 0:
                if i == 0 or not _is_word_char(text[i - 1]):
                    cm = _CAMPAIGN_TAIL_RE.match(text, i + len(last))
                    if cm:
                        roles.append(text[i:cm.end()])
                        break
                i = text.find(last, i + 1)
        if not roles and rest is not None:
            occ.extend(ab for ab in rest if same_person(ab[0]))
        named = _is_name(parts)
        if not roles and (named or len(parts) == 1):
            # "Trump supporters", "Sanders's delegates", "Cruz won the Iowa caucuses": the
            # article treats the person as a candidate without stating the role
            if any(_CANDIDATE_HINT_RE.match(text, b) for a, b in occ):
                roles.append("candidate")
        if not roles and named and _match_category(lex, name, fallback=True) is None:
            # no role stated, but the person keeps political company: "Trump" within a few
            # words of "Republican", "campaign", "debate", "primary" in political news
            for a, b in occ:
                if _POLITICAL_CONTEXT_RE.search(text[max(0, a - 60):b + 60]):
                    roles.append("politician")
                    break
        return roles[0] if roles else None

    def full_name(self, short: str, pos: int) -> str | None:
        """The last multiword name before ``pos`` that ends with / contains ``short``."""
        found = self._names_by_token.get(short.lower())
        if not found:
            return None
        k = bisect_right(found, pos, key=lambda t: t[0])
        # the last full (multiword) mention before; "Mr. Lew" itself names no more than
        # "Lew"; the first mention may follow (headline-style)
        for i in range(k - 1, -1, -1):
            if " " in found[i][1]:
                return found[i][1]
        full = next((n for _, n in found[k:] if " " in n), None)
        return full or (found[k - 1][1] if k else found[0][1])

    def resolve(self, source: str, pos: int, type_of: Any) -> tuple[str | None, str | None, str]:
        """(speaker, role, text used for classification) of a source span."""
        s = " ".join(source.split())
        pm = _PARTY_RE.search(s)
        if pm and len(s) > pm.end() - pm.start():
            party = pm.group(0).strip()
            s = (s[:pm.start()] + s[pm.end():]).strip(" ,")
            speaker, role, class_text = self.resolve(s, pos, type_of)
            if not role or party not in role:
                role = " ".join(x for x in (role, party) if x)
            if party not in class_text:
                class_text = " ".join(x for x in (class_text, party) if x)
            return speaker, role, class_text
        bare = _DET_RE.sub("", s)
        low = bare.lower()
        if _PRONOUN_RE.match(bare):
            if low in ("he", "she", "him", "her", "i"):
                # "he" is not a person the article calls "Ms. X", "she" not a "Mr. X": the
                # last speaker whose title does not contradict the pronoun, else the last one
                wrong = {"he": "female", "him": "female", "she": "male", "her": "male"}.get(low)
                last = None
                for sp in reversed(self.speakers):
                    if sp["person"] and sp["pos"] < pos:
                        if wrong is None or self._gender(sp["speaker"]) != wrong:
                            # a person named as a sentence's subject since that speaker's
                            # quote is the likelier referent ("Smith said ... Jones
                            # disagreed. 'Q,' he said": Jones)
                            name = self._subject_since(sp["pos"], pos, wrong)
                            if name is not None and name != sp["speaker"]:
                                role = self._last_role.get(name) or self.role_of(name)
                                return name, role, " ".join(x for x in (role, name) if x)
                            return sp["speaker"], sp["role"], sp["class_text"]
                        last = last or sp
                if last is not None:
                    # every earlier speaker is of the other gender: a person of this one
                    # named as a subject before, else the last speaker after all
                    name = self._subject_since(-1, pos, wrong)
                    if name is not None:
                        role = self._last_role.get(name) or self.role_of(name)
                        return name, role, " ".join(x for x in (role, name) if x)
                    return last["speaker"], last["role"], last["class_text"]
                # fall back to the last person named as a subject, then to any name
                k = bisect_left(self._name_pos, pos)
                name = next((self.names[i][1] for i in range(k - 1, -1, -1)
                             if self._is_subject(i)), None)
                if name is None:
                    name = self.names[k - 1][1] if k else None
                if name is not None:
                    role = self.role_of(name)
                    return name, role, role or ""
                return None, None, ""
            for sp in reversed(self.speakers):
                if sp["pos"] < pos and not sp["person"]:
                    return sp["speaker"], sp["role"], sp["class_text"]
            return None, None, ""
        name, role = split_speaker(s)
        if name is not None:
            toks = name.split()
            full = self.full_name(toks[-1], pos) if len(toks) == 1 else name
            full = full or name
            if len(full.split()) == 1:
                # a single capitalised word: maybe an organisation, a capital, a name
                sp = self._last_with_token.get(full.lower())
                if sp is not None:
                    full = sp["speaker"]
                    role = role or sp["role"]
            if role and _ADDRESS_RE.fullmatch(role):
                role = None
            if role:
                ctx_role = role
            elif full in self._last_role:
                ctx_role = self._last_role[full]  # no need to search the text for a role
            else:
                ctx_role = self.role_of(full)
            return full, ctx_role, " ".join(x for x in (ctx_role, full) if x)
        if len(bare) > 2 and bare.isalpha() and bare.isupper():
            # a transcript's speaker label, "TRUMP:": the person named so in the text
            full = self.full_name(bare.title(), pos)
            if full:
                ctx_role = self._last_role.get(full) or self.role_of(full)
                return full, ctx_role, " ".join(x for x in (ctx_role, full) if x)
        if _CAPITALISED_WORD_RE.fullmatch(bare):
            full = self.full_name(bare, pos) or bare
            if full:
                ctx_role = self._last_role.get(full) or self.role_of(full)
                return full, ctx_role, " ".join(x for x in (ctx_role, full) if x)
        # a common-noun reference: "the spokesman" -> last speaker with that role word;
        # "the governor", "the four-term congressman" -> the person introduced as "Gov. X",
        # "Rep. X" (an earlier speaker first, then any name with that title before it)
        words = bare.split()
        if words and words[-1].lower() in ("himself", "herself"):
            words = words[:-1]
        if _DEFINITE_RE.match(s) and 0 < len(words) <= 4:
            head = words[-1].lower()
            heads = {head, *_ROLE_ALIASES.get(head, ())}
            for sp in reversed(self.speakers):
                if sp["pos"] < pos and not heads.isdisjoint(sp["role_words"]):
                    return sp["speaker"], sp["role"], sp["class_text"]
            if head in _ROLE_ALIASES:
                k = bisect_left(self._name_pos, pos)
                for i in range(k - 1, max(-1, k - 60), -1):
                    before = self._name_titles[i] or self._role_before(self.names[i][0])
                    if before and heads & {w.lower().rstrip(".") for w in before.split()}:
                        name = self.names[i][1]
                        return name, before, f"{before} {name}"
        return bare, None, bare

    def remember(self, speaker: str | None, role: str | None, class_text: str, pos: int,
                 person: bool) -> None:
        if speaker or role:
            entry = {"speaker": speaker, "role": role, "class_text": class_text, "pos": pos,
                     "person": person,
                     # the role's words, lower-cased, without a final dot ("sen")
                     "role_words": frozenset(w.rstrip(".") for w in role.lower().split())
                     if role else frozenset()}
            self.speakers.append(entry)
            if speaker and role:
                self._last_role[speaker] = role
            if speaker:
                for tok in speaker.lower().split():
                    self._last_with_token[tok] = entry


# --------------------------------------------------------------------------------------
# Source types
# --------------------------------------------------------------------------------------


def _country_of(lex: SourceLexicon, text: str) -> str | None:
    best = None
    for m in lex._any_country_re.finditer(text):
        best = lex._country_of_name[m.group(1)]
    return best


def infer_country(text: str, *, lexicon: SourceLexicon | None = None) -> str | None:
    """The country mentioned most often in ``text`` (its name, demonym, capital, cities).

    Examples
    --------
    >>> infer_country("Protests in Kazakhstan spread to Almaty; Kazakh police said ...")
    'Kazakhstan'
    """
    lex = lexicon or _default_lexicon()
    counts: dict[str, int] = {}
    for m in lex._any_country_re.finditer(text):
        c = lex._country_of_name[m.group(1)]
        counts[c] = counts.get(c, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


_ORG_HEAD_RE = re.compile(
    r"\b(?i:president|vice\s+president|chairman|chairwoman|chair|director|executive\s+director|"
    r"head|founder|co-founder|chief\s+executive|ceo|leader)\s+(?:of|at)\s+"
    r"(?P<org>(?:the\s+|[A-Z])[^,;:()\"“”]{2,80})")
_AGE_HOMETOWN_RE = re.compile(r"\d{1,3}, (?:of|from) [A-Z]")
# where the head of a source phrase ends: a post-modifier ("a survey of Republican
# insiders", "tallies by Kantar Media", "the officer in charge of ...") or a relative or
# participle clause; commas (appositives) are split on before
_HEAD_END_RE = re.compile(r"\s(?:of|at|in|for|from|by|on|with|who|whom|whose|which|that|"
                          r"drawn|conducted|released|published|commissioned|based)\s|\s\(")
# the word before a trailing country name that makes it the head: not a preposition
# ("Senator X of Texas", "a reporter in Beijing"), not a capitalised word ("New Mexico",
# "Kerry Washington"), not a possessive
_GOV_TAIL_OK_RE = re.compile(r"(?!(?:of|in|at|from|for|to|on|by|with|and|or|near|across|over|"
                             r"inside|outside)$)[a-z][\w\-]*")
_PERSON_END_RE = re.compile(r"(?<![\w’'])(?!The\s)([A-Z][a-z][\w’'\-]*|[A-Z]\.)(?:\s+[A-Z]\.)?\s+"
                            r"([A-Z][a-z][\w’'\-]*)$")
# ... not after a determiner or preposition: "reviewed by The Post", "the Center for
# Responsive Politics" are organisations
_NOT_BEFORE_NAME_RE = re.compile(r"(?i:\b(?:the|a|an|of|for|by|at|in|to|on|from|with|and))\s+$")
# ... or starting with one and a relative clause ("Weld, who added that ... her email")
_PERSON_WHO_RE = re.compile(r"((?:[A-Z][a-z][\w’'\-]*\s+)*)([A-Z][a-z][\w’'\-]*),\s+who\b")
_NOT_PERSON_TYPES = frozenset({"documents", "social_media", "anonymous"})
# the title of a supreme-court judge (case-sensitive: "Justice X", a role ending in
# "Justice"), not an organisation's name ("Coalition for Real Justice")
_JUSTICE_RE = re.compile(r"(?:^|(?<![\w’'])(?!for\s)[a-z]+\s)Justices?(?:\s+[A-Z]|$)")
_FORMER_RE = re.compile(r"(?<!current and )(?<!current or )"
                        r"(?i:\bformer\s|\bex-|\bonetime\s|\bone-time\s)")
_LEADER_END_RE = re.compile(r"(?i:director|president|chairman|chairwoman|chair|head|founder|"
                            r"leader|chief|member|spokes(?:man|woman|person))$")
# collective and quantity nouns: "a group of protesters" is typed by "protesters"
_COLLECTIVE_END_RE = re.compile(r"(?i:group|family|coalition|number|couple|handful|series|pair|"
                                r"set|team|copy|copies|batch|bunch|slew|raft|host|lot|panel|"
                                r"list|crowd|dozens|hundreds|thousands|millions)$")
# a share of a group, how news reports poll answers: "41%", "a full 79 percent of
# Democrats", "a majority of likely voters"
_SHARE_RE = re.compile(
    r"(?i:(?:(?:a|an|the|about|some|nearly|almost|over|just|only|full|roughly|around|"
    r"more\s+than|fewer\s+than|less\s+than)\s+)*(?:\d[\d.,]*\s*(?:%|percent\b|per\s+cent\b)|"
    r"(?:majority|plurality|minority|half|third|quarter|fifth|share|two-thirds|"
    r"three-quarters)\b))\s*(?:of\s+(?P<rest>.+))?$")
# ...unless the group holds office ("a majority of senators")
_OFFICE_RE = re.compile(r"(?i:senat|lawmaker|legislat|congress|delegate|member|representative|"
                        r"governor|mayor|official|justice|judge|leader|minister|deput)")
# non-person sources: a person's role never makes them one ("The Twitter account" near a
# name), and a head noun of this kind outranks an anonymous word after it
_THING_TYPES = frozenset({"documents", "social_media"})


# documents that carry their author's words rather than data of their own
_SPEECH_DOC_END_RE = re.compile(r"(?i:statement|press\s+release|release|letter|tweet|post|"
                                r"message|memo|e-?mail|remarks|communiqu[eé]|announcement|"
                                r"op-ed|speech|video)s?$")


def _head_category(lex: SourceLexicon, source: str,
                   exclude: frozenset[str] = frozenset()) -> str | None:
    """Category of the head of a source phrase that has a post-modifier or appositive.

    The words before the first post-modifier ("a survey" in "a survey of Republican
    insiders"), else those of each appositive in turn ("a major banking regulator" in
    "The FDIC, a major banking regulator which ..."); a head must end in a common
    (lower-case) noun, so "Council of Europe" and "Mr. Burman of the ..." are left whole.
    ``None`` when the phrase has neither or no head matches a category word.

    Examples
    --------
    >>> _head_category(_default_lexicon(), "a recent survey of Republican insiders")
    'documents'
    >>> _head_category(_default_lexicon(), "Jane Roe, an economist at the bank,")
    'expert'
    >>> _head_category(_default_lexicon(), "the health ministry") is None
    True
    >>> _head_category(_default_lexicon(), "a statement from the health ministry")
    'government'

    """
    segs = source.split(",")
    if len(segs) == 1 and _HEAD_END_RE.search(source) is None:
        return None
    for seg in segs[:4]:
        m = _HEAD_END_RE.search(seg)
        head = (seg[:m.start()] if m else seg).strip()
        prep = m.group(0).strip() if m else ""
        rest = seg[m.end():] if m else ""
        if prep == "of" and _COLLECTIVE_END_RE.search(head):
            # "a group of protesters": the members' category, else the collective's
            rm = _HEAD_END_RE.search(rest)
            found = _match_category(lex, rest[:rm.start()] if rm else rest, fallback=False,
                                    exclude=exclude)
            if found is not None:
                return found
        if not head or not head.rsplit(None, 1)[-1][:1].islower():
            continue  # a name (or an age): its appositive may say more
        if _LEADER_END_RE.search(head):
            return None  # "executive director (of X)": the organisation decides
        if prep in ("from", "by", "of") and _SPEECH_DOC_END_RE.search(head):
            # "a statement from the defence ministry": the author speaks, the statement
            # only carries the words (a relay); "a survey of voters" stays documents
            rm = _HEAD_END_RE.search(rest)
            found = _match_category(lex, rest[:rm.start()] if rm else rest, fallback=False,
                                    exclude=exclude)
            if found is not None:
                return found
        found = _match_category(lex, head, fallback=False, exclude=exclude)
        if found not in (None, "politics", "government") and prep in ("for", "with", "at"):
            # "a lawyer for the campaign", "an economist at the Treasury": working for a
            # campaign or a government makes one part of it
            rc = _match_category(lex, rest, fallback=False, exclude=exclude)
            if rc in ("politics", "government"):
                return rc
        return found  # the first common-noun head decides, not list items after it
    return None


def classify_source(source: str, *, role: str | None = None, country: str | None = None,
                    lexicon: SourceLexicon | None = None) -> tuple[str, str | None]:
    """Source type of a source phrase, and for governments its scope.

    Parameters
    ----------
    source
        The source as written ("Kazakhstan's health ministry", "Washington").
    role
        The speaker's role if known from elsewhere in the article.
    country
        The event's country; government sources are then ``"domestic"`` or
        ``"foreign"`` (``None`` when unknown).

    Returns
    -------
    (source_type, government_scope)

    Examples
    --------
    >>> classify_source("Kazakhstan's health ministry", country="Kazakhstan")
    ('government', 'domestic')
    >>> classify_source("Washington", country="Kazakhstan")
    ('government', 'foreign')
    >>> classify_source("police spokesman Saltanat Azirbek")
    ('police_security', None)
    >>> classify_source("the CSTO secretariat")
    ('international_organisation', None)
    >>> classify_source("people familiar with the matter")
    ('anonymous', None)
    """
    lex = lexicon or _default_lexicon()
    text = f"{role} {source}" if role and source else (role or source or "")
    key = (text, source, country)
    hit = lex._cache.get(key)  # only the slow path below fills it: people never get in
    if hit is not None:
        return hit
    if not text.strip():
        return "other", None
    known = lex.people.get(" ".join(source.split()))
    if known is not None:
        return known, ("domestic" if known == "government" and country else None)
    stype = None
    bare = _DET_RE.sub("", source.strip().rstrip(",")).removesuffix("’s").removesuffix("'s")
    if bare in lex._gov_names or (source.strip()[:4].lower() == "the " and (
            bare in lex._demonyms or bare.removesuffix("s") in lex._demonyms)):
        stype = "government"  # "China", "Beijing", "the Chinese" speak for a government
    else:
        words = source.rstrip(".,;: ").rsplit(None, 4)
        for k in (3, 2, 1):
            if len(words) > k and " ".join(words[-k:]) in lex._gov_names:
                before = words[:-k]
                if before[-1].lower() == "the":
                    before = before[:-1]
                if not before or _GOV_TAIL_OK_RE.fullmatch(before[-1]):
                    stype = "government"  # "... rattles Beijing", not "of Texas", "New Mexico"
                break
    # a source ending in a person's name is a person: no document, post or anonymous
    # source, whatever the words before the name ("videos of Donald Trump")
    pm = _PERSON_END_RE.search(source, max(0, len(source) - 60))
    if pm and _NOT_BEFORE_NAME_RE.search(source, max(0, pm.start() - 6), pm.start()):
        pm = None
    pm = pm or _PERSON_WHO_RE.match(source)
    excl = _NOT_PERSON_TYPES if pm and _match_category(
        lex, pm.group(2), fallback=False) is None else frozenset()
    om = _ORG_HEAD_RE.search(text) if stype is None else None
    if om:  # "president of the company", "director of the FBI": the organisation's type
        stype = _match_category(lex, om.group("org"), fallback=False)
    if stype is None:
        sm = _SHARE_RE.match(source.strip().rstrip(","))
        if sm:  # poll answers: "41%", "79 percent of Democrats" are people asked
            rest = sm.group("rest") or ""
            rc = _match_category(lex, rest, fallback=False) if rest else None
            stype = "citizens" if rc in (None, "politics", "citizens") and \
                _OFFICE_RE.search(rest) is None else rc
    if stype is None:
        full = _match_category(lex, source, fallback=False, exclude=excl)
        head = _head_category(lex, source, exclude=excl)
        if full == "anonymous" and head not in _THING_TYPES:
            stype = full  # "a White House official who asked not to be named"
        else:
            stype = head
        if stype is None:
            # the source's own words and the role's, the category listed first winning;
            # a role never makes a person a document or a post
            rc = _match_category(lex, role, fallback=False) if role else None
            if rc in _THING_TYPES or rc == "anonymous":
                rc = None
            cands = [c for c in (full, rc) if c is not None]
            stype = min(cands, key=lex.order.index) if cands else None
    if stype is None and _JUSTICE_RE.search(text):
        stype = "government"  # "Justice Scalia": a judge of a supreme court
    if stype is None and _PARTY_RE.search(text):
        stype = "politics"  # "(D-Va.)", "(R-Texas)"
    if stype is None and _AGE_HOMETOWN_RE.match(text):
        stype = "citizens"  # "31, of Tujunga": an ordinary person introduced by age
    if stype is None and _DET_RE.sub("", source.strip()) in lex._gov_seats:
        stype = "government"  # a bare capital / seat of government ("Washington")
    if stype is None:
        stype = _match_category(lex, text, fallback=True)
    if stype is None:
        stype = "other"
    if stype == "government" and _FORMER_RE.search(text):
        stype = "politics"  # a former official no longer speaks for a government
    scope = None
    if stype == "government" and country:
        src_country = _country_of(lex, text)
        scope = "domestic" if src_country in (None, country) else "foreign"
    if len(lex._cache) > 50_000:
        lex._cache.clear()
    lex._cache[key] = (stype, scope)
    return stype, scope


def _match_category(lex: SourceLexicon, text: str, *, fallback: bool,
                    exclude: frozenset[str] = frozenset()) -> str | None:
    """The category of the longest lexicon phrase in ``text`` (memoised per lexicon);
    categories in ``exclude`` are not matched at all."""
    cache = lex._category_cache
    key: tuple[Any, ...] = (text, fallback, exclude) if exclude else (text, fallback)
    if key in cache:
        return cache[key]
    if len(cache) > 200_000:
        cache.clear()
    cache[key] = found = _match_category_uncached(lex, text, fallback=fallback, exclude=exclude)
    return found


def _match_category_uncached(lex: SourceLexicon, text: str, *, fallback: bool,
                             exclude: frozenset[str] = frozenset()) -> str | None:
    table = lex._fallback_re if fallback else lex._word_re
    auto, always = lex._prefilter[fallback]
    order = lex.order
    # priority -> where that category's regex can start (None: anywhere, search it all)
    starts: dict[int, list[int] | None]
    if auto is None or _PREFILTER_UNSAFE_RE.search(text) is not None:
        starts = dict.fromkeys(range(len(order)))
    else:
        starts = {}
        # same length and positions as the text (it is ASCII-like), one space before
        for end, (n, prios) in auto.iter(" " + text.lower().translate(_PREFILTER_SPACES) + " "):
            start = end - n + 1  # the key's leading space is the text's start - 1
            for prio in prios:
                at = starts.get(prio)
                if at is None:
                    starts[prio] = [start]
                else:
                    at.append(start)
        for name in always:
            starts[order.index(name)] = None
        if not starts:
            return None
    matches = []  # (start, end, priority, category)
    for prio in sorted(starts):
        name = order[prio]
        rx = table.get(name)
        if rx is None or name in exclude:
            continue
        at = starts[prio]
        if at is None:
            for m in rx.finditer(text):
                matches.append((m.start(), m.end(), prio, name))
            continue
        # what finditer finds, trying only the possible starts: left to right, each
        # match resuming the search at its end
        pos = 0
        for a in (sorted(set(at)) if len(at) > 1 else at):
            if a < pos:
                continue
            m = rx.match(text, a)
            if m is not None:
                matches.append((m.start(), m.end(), prio, name))
                pos = m.end()
    if len(matches) == 1:
        return matches[0][3]
    if not matches:
        return None
    # longest match wins where matches overlap
    matches.sort(key=lambda t: (-(t[1] - t[0]), t[2]))
    kept: list[tuple[int, int, int, str]] = []
    for m in matches:
        if all(m[1] <= k[0] or m[0] >= k[1] for k in kept):
            kept.append(m)
    return min(kept, key=lambda t: t[2])[3]


# --------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------


@dataclass
class _Attr:
    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    relay_seg: tuple[int, int] | None = None
    subject_fallback: bool = False
    final: bool = False  # "C, X said.": the content keeps its inner cues


# where a reported clause ends: ";", ", while/whereas/where ...", a dash that opens no
# paired parenthetical ("X - which include Y - will pay off" runs on), ": "..."",
# ", a/an ..." (an appositive), ", and <new subject>", ", who/which ..."
_CLAUSE_END_RE = re.compile(
    r";|,[\"”’]?\s+(?:while|whereas|even\s+as|where)\b|\s+[—–-]\s+(?![^—–]*\s[—–-]\s)|"
    r":\s+(?=[\"“])|,\s+(?:an?)\s+(?!few\b|lot\b|number\b)|"
    r",\s+and\s+(?=(?:the|a|an|[A-Z]\w*)\s)|,\s+(?:who|which)\b")
_THAT_RE = re.compile(r"^\s*(?:,\s*)?", re.IGNORECASE)
_TOLD_OBJ_RE = re.compile(
    r"^\s+(?:the\s+|a\s+|an\s+)?(?:reporters|journalists|the\s+press|state\s+media|local\s+media|"
    r"supporters|lawmakers|voters|the\s+crowd|a\s+crowd|crowds|an?\s+audience|the\s+audience|"
    r"him|her|them|us|me|you|[A-Z][\w.\-’']*(?:\s+(?:[A-Z][\w.\-’']*|of|and|the|news|"
    r"agency|television|radio|newspaper|channel))*(?:’s|'s)?(?:\s+(?!that\b)[a-z]+)?)"
    r"(?:\s+(?:on|in|at|last|this|late|early)\s+[\w\-]+(?:\s+(?:night|morning|evening|"
    r"afternoon|interview|week))?)*\s*(?:,\s*)?")
_TRAIL_UNKNOWN_RE = re.compile(
    r"^\s*[,—–\-]*\s*(?P<src>(?:[A-Z][\w.’'\-]*\s+){1,4}|(?:he|she|they|I|we)\s+|"
    r"(?:the|a|an|one)\s+(?:[\w’'\-]+\s+){1,3})(?P<cue>[a-z]+ed|shot\s+back|fired\s+back|"
    r"wrote|spoke|cried|sang)\b(?:\s+[\w’'\-]+){0,4}\s*[.!?]?\s*$|"
    r"^\s*[,—–\-]*\s*(?P<src2>(?:[A-Z][\w.’'\-]*\s+){1,4}|(?:he|she|they|I|we)\s+|"
    r"(?:the|a|an|one)\s+(?:[\w’'\-]+\s+){1,3})(?P<cue2>[a-z]+ed|wrote|spoke)\s+"
    r"(?:on|in|at|to|about|during|after|before|while|as|from|with)\b[^\"“”«»]*$")
_SPEAKER_COLON_RE = re.compile(
    r"(?P<src>(?:(?:Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Gen)\.\s+)?[A-Z][\w’'\-]*\.?(?:\s+(?:[A-Z][\w’'\-]*\.?|of|the|de)){0,4})"
    r"(?P<colon>:)\s+(?=\S)")
_NOT_SPEAKERS = {
    "SOURCE", "PHOTO", "IMAGE", "RELATED", "UPDATE", "UPDATED", "NOTE", "WATCH", "READ", "VIDEO",
    "EXCLUSIVE", "BREAKING", "EDITOR’S", "EDITOR'S", "CORRECTION", "ALSO", "MORE", "LISTEN",
    "Q", "A", "QUESTION", "ANSWER", "SEE", "CREDIT", "CAPTION", "TOPICS", "TAGS", "SHARE",
    "FOLLOW", "CONTACT", "EMAIL", "PHONE", "WEB", "WEBSITE", "TWITTER", "FACEBOOK", "TIME",
    "DATE", "LOCATION", "WHERE", "WHEN", "WHAT", "WHO", "WHY", "HOW", "SUBJECT", "TITLE",
}
_TRAIL_DASH_RE = re.compile(r"^\s*(?P<dash>[—–]|--)\s*(?P<src>[^.!?;:\"“”]{2,100}?)\s*[.]?\s*$")
_TRAIL_INVERTED_RE = re.compile(
    r"^\s*[,—–\-]*\s*(?P<cue>[a-z]+ed|wrote|spoke)\s+(?P<src>(?:(?:the|a|an)\s+)?"
    r"(?:(?:[A-Z][\w.’'\-]*|of|the)\s*){1,6}(?:,\s*[^.!?\"“”«»]{0,200})?)[.!?]?\s*$")
_PARTICIPLE_CUES = {"saying", "adding", "arguing", "noting", "claiming", "insisting",
                    "warning", "explaining", "stating", "telling", "suggesting", "writing",
                    "asserting", "contending", "declaring", "alleging", "asking",
                    "acknowledging", "urging", "calling", "demanding", "promising",
                    "vowing", "accusing", "describing", "predicting", "recalling",
                    "stressing", "complaining", "charging", "announcing", "denying",
                    "maintaining", "pointing", "questioning", "reiterating", "citing",
                    "tweeting", "proposing", "showing", "insisting", "conceding"}
_COMMON_VERBS = {
    "took", "went", "came", "made", "gave", "got", "ran", "held", "left", "met", "kept",
    "began", "brought", "fought", "stood", "sat", "won", "lost", "spent", "sent", "led",
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could",
    "may", "might", "must", "should", "marched", "gathered", "rallied", "chanted",
    "took", "take", "takes", "go", "goes", "do", "does", "did", "be",
}


_WORD_COUNT_RE = re.compile(r"[\w’'\-]+")


_WORD_COUNT_ASCII_RE = re.compile(r"[A-Za-z0-9_'\-]+")  # the same words in ASCII text


def _word_count(s: str) -> int:
    if s.isascii():  # an explicit class scans faster than \w
        return len(_WORD_COUNT_ASCII_RE.findall(s))
    return len(_WORD_COUNT_RE.findall(s))


_DQ_CHAR_RE = re.compile(r"[\"“”«»]")


def _has_word(text: str, a: int, b: int) -> bool:
    """``_word_count(text[a:b]) > 0`` without counting."""
    return _WORD_COUNT_RE.search(text, a, b) is not None


class _M:
    __slots__ = ("_s", "_e")

    def __init__(self, s: int, e: int) -> None:
        self._s, self._e = s, e

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e


_BASE_AFTER_PLURAL = {"show", "suggest", "indicate", "find", "claim", "argue", "insist",
                      "believe", "think", "want", "hope", "fear", "expect", "feel", "worry",
                      "agree", "warn", "predict", "contend", "estimate", "say"}


# cues whose object is often a noun phrase that PolNeAR counts as the content
_NP_OBJECT_LEMMAS = {"show", "want", "cite", "call", "ask", "expect", "hope", "fear", "propose",
                     "promise", "call for", "called for", "calls for", "calling for",
                     "seek", "defend", "see", "consider", "recommend", "express", "order",
                     "refer to", "refers to", "referred to", "referring to", "point to",
                     "points to", "pointed to", "pointing to", "talk about", "talks about",
                     "talked about", "talking about", "endorse", "oppose", "support", "back",
                     "attack", "denounce", "assail", "applaud", "welcome", "prefer", "invoke",
                     "highlight", "portray", "remind", "encourage", "challenge",
                     "lambaste", "chide", "rebuke", "retweet", *_PREP_CUES,
                     "criticize", "praise", "condemn", "reject", "dismiss", "mock", "slam",
                     "blast", "tout", "question", "dispute", "describe", "deny"}


_TO_INF_RE = re.compile(r"to\s+(?:[a-z]+ly\s+)?[a-z]{2,}\b(?<!\bthe)")  # "vowed to remain ..."
# naming verbs: in "what they called "X"" the name alone is the content
_NAMING_LEMMAS = {"call", "dub", "label", "term", "brand", "nickname", "describe"}
_NP_END_RE = re.compile(r",\s|(?:\s+(?:[—–]+|--?)\s+|(?<=\w)(?:[—–]+|--)(?=\w))"
                        r"(?![^\n.!?]*?(?:\s(?:[—–]+|--?)\s|\w(?:[—–]+|--)\w))|"  # an unpaired dash
                        r"\s(?:before|after|because|while|when|since|despite|as\s+well\s+as|"
                        r"even\s+as|even\s+though|although|though|whereas|on\s+" + _DAYS +
                        r"|last\s+(?:week|month|year)|earlier\s+this|this\s+(?:week|month|year))\b")
_LOWER_AFTER_MARK_RE = re.compile(r"(?:''|[\"“«„‘'])\s*(?:\.\.\.|…)?\s*[a-z]")
_LEAD_TO_THAT_RE = re.compile(
    r"(?:on|in|at|during|with|before|after|from|last|this|earlier|late|early|later|"
    r"repeatedly|privately|publicly)\b[^.;:!?]{0,140}?\s(?=that\s+(?!(?:is|was|were|are|has|had|"
    r"will|would|can|could|ran|aired|appeared|took|came|[a-z]+ed)\b)[\w“\"'‘])")
_COORD_BEFORE_RE = re.compile(r"(?:,\s*|\s+)(?:and|but)\s+(?:(?:also|then|later|\w+ly)\s+)?$")
# a comma inside a list: ", B, and C" / ", B and C" (items of a few words, none opening
# a clause of its own or a second predicate: "defended X, mocked Y and Z")
_LIST_ITEM = (r"(?!(?:saying|adding|who|which|whose|where|when|while|although|though|"
              r"because|but|including|according|as|if|[a-z]+ed)\b)(?:[^\s,;:.!?\"“”]+\s+){0,5}?"
              r"[^\s,;:.!?\"“”]+")
_LIST_BEFORE_RE = re.compile(r",\s+" + _LIST_ITEM + r"$")  # "A, B" right before ", and C"
_LIST_COMMA_RE = re.compile(r",\s+" + _LIST_ITEM + r"(?:,\s+" + _LIST_ITEM + r")*,?\s+(?:and|or)\s+"
                            r"(?!(?:he|she|they|we|I|it|then|also|later|said|says|added)\b)")


def _plural_subject(prev: str, form: str) -> bool:
    """"polls show", "critics argue", "polls that show": a plural subject before a base verb."""
    if form not in _BASE_AFTER_PLURAL:
        return False
    return prev in ("that", "which", "who") or (
        len(prev) > 3 and prev.endswith("s") and not prev.endswith(("ss", "us", "is", "’s", "'s")))


_PREV_WORD_RE = re.compile(r"([\w’'\-]+)[\s,]*$")
_NEXT_WORD_RE = re.compile(r"\s*([\w’'\-]+)")
_QUOTE_NEXT_RE = re.compile(r"\s*[,:]?\s*(?:[\"“‘]|'')")
_QUOTE_OR_THAT_NEXT_RE = re.compile(r"\s*[,:]?\s*(?:[\"“«]|that\b)")
_CAPITALISED_RUN_END_RE = re.compile(r"[A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*)*\s*[,.;]")


def _prev_word(text: str, lo: int, pos: int) -> str:
    """The word before ``pos`` (lower-cased), as ``_PREV_WORD_RE.search(text, lo, pos)``.

    A match is the run of word characters right before the trailing spaces and commas, so
    the function walks back instead of trying every start position.

    Examples
    --------
    >>> t = "the officials, said"; _prev_word(t, 0, t.index("said"))
    'officials'
    >>> _prev_word("  ,  said", 0, 5)
    ''
    """
    # walk back over [\s,] and then over [\w’'\-] (str.isspace and str.isalnum agree with
    # the \s and \w of re on every code point)
    j = pos
    while j > lo and (text[j - 1] == "," or text[j - 1].isspace()):
        j -= 1
    k = j
    while k > lo and (text[k - 1].isalnum() or text[k - 1] in "_’'-"):
        k -= 1
    return text[k:j].lower()


def _quote_soon(text: str, form: str, prev: str, ce: int, b: int) -> bool:
    """A quotation opens right after the cue ending at ``ce`` (or within a few words of a
    participle or a cue after a pronoun)."""
    return ((form.endswith(("ed", "ing")) or prev in _PRONOUNS) and
            _QUOTE_SOON_RE.match(text, ce, b) is not None) or \
        _QUOTE_NEXT_RE.match(text, ce, b) is not None


def _find_cues(text: str, sent: tuple[int, int], inside: bytearray, cues: _Cues,
               cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Cue matches in a sentence, outside quotations, with the noun-verb guard."""
    out = []
    a, b = sent
    k0 = bisect_left(cands, (a,))
    if k0 == len(cands) or cands[k0][0] >= b:
        return out
    for k in range(k0, len(cands)):
        cs, ce, form = cands[k]
        if cs >= b:
            break
        if ce > b:
            continue
        if inside[cs]:
            continue
        lemma = cues.lemma.get(form, form)
        if " " not in form:
            prev = _prev_word(text, max(a, cs - 80), cs)
            nxt_m = _NEXT_WORD_RE.match(text, ce, b)
            nxt = nxt_m.group(1).lower() if nxt_m else ""
            if prev in ("the", "a", "an", "his", "her", "their", "its", "these", "those",
                        "our", "my", "your", "peace", "this", "that", "whose"):
                continue
            participle = form.endswith("ing") and text[a:cs].rstrip().endswith(",")
            quote_soon = None  # a quotation right after the cue; found when first needed
            if form not in _SAFE_FORMS and lemma in _NOUNY_LEMMAS and not participle \
                    and not form.endswith("ed"):
                quote_soon = _quote_soon(text, form, prev, ce, b)
                # right after a closing quotation: '“...,” read the statement'
                j = cs - 1
                while j > a and text[j].isspace():
                    j -= 1
                quote_before = j >= a and text[j] in "\"”’»'" and bool(inside[j])
                if not quote_soon and not quote_before and \
                        prev not in _PRONOUNS and not _plural_subject(prev, form) and nxt not in (
                        "himself", "herself", "themselves", "itself") and not (
                        form.endswith(("ed", "s")) and _QUOTE_OR_THAT_NEXT_RE.match(text, ce, b)):
                    continue
            if form.endswith("ing"):
                before = text[a:cs].rstrip()
                if not (before.endswith(",") or (
                        quote_soon if quote_soon is not None else
                        _quote_soon(text, form, prev, ce, b)) or nxt in ("that", "whether") or
                        prev.endswith("ly") or form in _PARTICIPLE_CUES or prev in (
                        "statement", "release", "tweet", "post", "letter", "message", "note",
                        "email", "e-mail", "video", "ad", "interview", "speech", "op-ed",
                        "as", "while", "after", "before",
                                                          "without", "by", "when", "was",
                                                          "were", "is", "are", "been", "be",
                                                          "keeps", "kept")):
                    continue

            # adjectival past participles: "the reported violence", "a called meeting"
            if form.endswith("ed") or form in ("said", "told", "thought", "known", "found"):
                if prev in ("the", "a", "an", "worst", "most", "widely", "first", "so",
                            "well", "much", "its", "their", "his", "her", "unnamed",
                            "un", "long", "being") and form != "said" and not (
                            prev == "widely" and nxt == "to"):  # "is widely expected to"
                    continue
                if prev in ("the", "a") and form == "said":
                    continue
                # "was denounced by X": a passive with its agent is kept for
                # _passive_attribution; without an agent it is a state ("was criticized")
                if prev in ("was", "were", "is", "are", "been", "be", "being", "get", "got") \
                        and nxt != "by" \
                        and form not in ("quoted", "asked", "told", "expected", "reported",
                                         "said", "known", "thought", "believed", "worried",
                                         "described", "quoted") :
                    continue
            if form in ("call", "calls", "called") and not (
                    quote_soon if quote_soon is not None else
                    _quote_soon(text, form, prev, ce, b)) and nxt not in (
                    "for", "on", "it", "the", "him", "her", "them", "a", "this", "that",
                    "himself", "herself", "themselves", "itself") and not (
                    nxt_m and nxt_m.group(1)[:1].isupper() and prev not in ("be", "is", "was",
                                                                           "are", "were")
                    and not _CAPITALISED_RUN_END_RE.match(text[ce:b].lstrip())):
                continue
            if lemma == "ask" and (prev in ("when", "if", "after", "before", "once", "while",
                                            "being", "as") or not text[a:cs].strip()
                                   or nxt in ("about", "for", "to")):
                continue
            if nxt.startswith("delegate") or (lemma == "find" and nxt in (
                    "himself", "herself", "themselves", "itself", "myself", "ourselves")):
                continue  # "pledged delegates", "found himself in ..."
            if lemma == "plead" and nxt in ("guilty", "not", "innocent", "no"):
                continue  # "pleaded guilty": a plea, not a statement
            if form == "know" or form == "knows":
                if prev not in _PRONOUNS:
                    continue
            if form == "see" and not ((prev in _PRONOUNS or _plural_subject(prev, "say")) and
                                      re.match(r"\s+(?:[\w’'\-]+\s+){1,6}?as\s", text[ce:b])):
                continue  # "rivals see him as a threat"
        out.append((cs, ce, form))
    return out


_FINAL_CUES = {"said", "says", "added", "adds", "wrote", "writes", "argued", "argues",
               "noted", "notes", "explained", "explains", "continued", "insisted", "insists",
               "warned", "warns", "tweeted", "recalled", "acknowledged", "predicted",
               "cautioned", "suggested", "stressed", "replied", "responded", "observed",
               "contended", "asserted", "complained", "conceded", "joked", "quipped",
               "maintained", "agreed", "declared", "announced", "claimed", "claims",
               "told", "tells", "believes", "thinks", "emphasized", "countered"}
_FINAL_TAIL_RE = re.compile(
    r"(?:\s+(?:in\s+(?:a|an)\s+(?:\w+\s+)?(?:statement|interview|email|e-mail|post|tweet)|"
    r"on\s+\w+day|\w+day|last\s+\w+|this\s+\w+|earlier|later|recently|on\s+Twitter|"
    r"at\s+(?:a|the)\s+\w+(?:\s+\w+)?|(?:reporters|journalists|[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3})))*"
    r"\s*[.!?]?(?:[\"”’]|'')?\s*$")
_FINAL_SRC_BEFORE_RE = re.compile(
    r"^\s*(?P<src>(?:(?:the|a|an|one|another)\s+)?(?:[\w.’'\-]+\s+){0,6}?[\w.’'\-()]+)"
    r"\s+(?:also\s+|later\s+|then\s+|has\s+|had\s+)?$")
_FINAL_SRC_AFTER_RE = re.compile(
    r"^\s+(?P<src>(?:(?:the|a|an|one|another)\s+(?:[a-z][\w’'\-]*\s+){0,3}[\w’'\-]+|"
    r"(?:[a-z][\w’'\-]*\s+){0,3}[A-Z][\w.’'\-]*)(?:\s+(?:[A-Z][\w.’'\-]*|of|the|and|for|"
    r"de|van|von)){0,6})"
    r"(?P<app>,\s+[^\"“”«»;]{2,250}?)?\s*[.!?]?\s*$")


_NOT_SOURCE_WORDS = {"he", "she", "they", "it", "that", "this", "was", "is", "were", "are",
                     "had", "has", "have", "would", "will", "could", "should", "i", "we",
                     "you", "there", "not", "what", "how", "why", "if", "whether"}


_SUBORD_BEFORE_RE = re.compile(r"(?:^|[\s,])(?:while|although|though|as|when|if|because|since|"
                               r"whereas|after|before)\s+$", re.IGNORECASE)


def _subordinate_end(text: str, inside: bytearray, lead_start: int, src: tuple[int, int] | None,
                     content: tuple[int, int], min_end: int) -> tuple[int, int]:
    """"while he said X, he ...", "Barkley, who said X, said ...": a subordinate
    attribution ends at the first comma (outside quotations) after ``min_end``."""
    if src is None:
        return content
    if not (_SUBORD_BEFORE_RE.search(text[lead_start:src[0]]) or (
            text[src[0]:src[1]].lower() in ("who", "which") and
            text[:src[0]].rstrip().endswith(","))):
        return content
    for cm in re.finditer(r",\s", text[max(content[0], min_end):content[1]]):
        k = max(content[0], min_end) + cm.start()
        if not inside[k] and _word_count(text[content[0]:k]) >= 2:
            return _strip(text, content[0], k)
    return content


_BE_BEFORE_RE = re.compile(
    r"(?<![\w’'\-])(?:(?:has|have|had|will|would|may|might|can|could|should|must|to)\s+"
    r"(?:(?:not|never|also|\w+ly)\s+)?)?(?:is|are|was|were|been|being|be|get|gets|got)\s+"
    r"(?:(?:not|never|also|then|later|often|first|since|once|\w+ly)\s+){0,2}$", re.IGNORECASE)
_BY_AGENT_RE = re.compile(r"\s+(?:(?:\w+ly|not|also|only|mostly|largely|even)\s+){0,2}by\s+(?=\S)")
_AGENT_END_RE = re.compile(r"[,;:.!?()—–\"“”]|\s(?:for|as|after|before|because|when|while|who|which|"
                           r"that|in|on|at|during|over|since|but|and\s+(?:has|have|had|is|was|"
                           r"are|were|then)\b)\b")
_NOT_AGENT_RE = re.compile(r"(?:now|then|far|the\s+(?:end|time)|(?:19|20)\d\d\b|[a-z]+ing\b)")  # "by 2030"
_SUBJECT_STOPS = frozenset({"that", "which", "who", "and", "but", "because", "while", "if",
                            "when", "as", "although", "though", "since", "after", "before",
                            "whether", "so", "yet", "or", "where", "whom", "said", "says"})
_NOT_PASSIVE_LEMMAS = frozenset({"quote", "ask", "tell", "urge", "inform", "warn", "remind",
                                 "assure", "brief", "expect", "call", "say", "know", "see"})


def _passive_attribution(text: str, sa: int, cs: int, ce: int, sb: int, inside: bytearray,
                         lemma: str) -> tuple[tuple[int, int] | None, tuple[int, int]] | None:
    """"X was denounced by Y": ``(subject, agent)`` for a passive cue with a by-agent.

    The subject (content) is the noun phrase before the form of "be", up to a comma or a
    clause word; a relative pronoun right before it ("which is denounced by") is the whole
    subject. Returns ``None`` when the cue is no passive with an agent, and ``(None,
    agent)`` when the subject cannot be found. Verbs whose passive keeps its reported
    content after the verb ("was asked by X whether ...", "was quoted by X as saying")
    are left to the other rules (``None``).

    Examples
    --------
    >>> t = "The plan, which was then denounced by the mayor for its cost, passed."
    >>> cs = t.index("denounced"); ce = cs + len("denounced")
    >>> subj, agent = _passive_attribution(t, 0, cs, ce, len(t), bytearray(len(t)), "denounce")
    >>> t[subj[0]:subj[1]], t[agent[0]:agent[1]]
    ('which', 'the mayor')
    """
    if lemma in _NOT_PASSIVE_LEMMAS or inside[cs]:
        return None
    bm = _BE_BEFORE_RE.search(text, max(sa, cs - 40), cs)
    am = _BY_AGENT_RE.match(text, ce, sb) if bm is not None else None
    if am is None or _NOT_AGENT_RE.match(text, am.end(), sb):
        return None
    em = _AGENT_END_RE.search(text, am.end(), sb)
    agent = _strip(text, am.end(), em.start() if em else sb)
    if agent[1] <= agent[0]:
        return None
    return _subject_before(text, sa, bm.start(), inside), agent


def _subject_before(text: str, sa: int, pos: int, inside: bytearray, *,
                    relative: bool = False) -> tuple[int, int] | None:
    """The subject ending at ``pos`` (a form of "be"): the words before it, back to a comma,
    a clause word or the sentence start ``sa`` (at most 8 words); a relative pronoun right
    before ``pos`` is the whole subject, and with ``relative`` one before the subject is
    taken with it ("which the Senate"). ``None`` when there is no such word."""
    lo = max(sa, pos - 120)
    words = list(_NON_SPACE_RE.finditer(text, lo, pos))
    start = None
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        tok = w.group(0)
        if inside[w.start()] or tok[-1] in ",;:(—–-\"”" or (len(words) - i > 8):
            break
        low = tok.lower()
        if low in _SUBJECT_STOPS:
            if low in ("which", "that", "who", "whom") and (
                    i == len(words) - 1 or relative):
                start = w.start()  # "which is denounced by": the relative pronoun
            break
        start = w.start()
    if start is None:
        return None
    subj = _strip(text, start, pos)
    return subj if subj[1] > subj[0] else None


# passives of belief and report that raise the subject of their infinitive: "The bank is
# expected to act in December" reports "the bank ... to act in December"
_RAISING_FORMS = frozenset({"expected", "believed", "thought", "said", "reported", "rumored",
                            "rumoured", "projected", "predicted", "estimated", "considered",
                            "seen", "known", "supposed", "alleged", "understood", "presumed",
                            "reputed"})
_TO_VERB_RE = re.compile(r"\s+(?:(?:\w+ly|not)\s+)?to\s+(?:\w+ly\s+)?[a-z]")


def _raising_attribution(text: str, sa: int, cs: int, ce: int, sb: int, inside: bytearray,
                         form: str) -> tuple[int, int] | None:
    """"The bank is widely expected to act in December": the content is the subject and the
    infinitive clause (the scorer takes the enclosing span), or ``None``.

    Examples
    --------
    >>> t = "Mayor Ann Brook is widely expected to run again in May, aides said."
    >>> cs = t.index("expected"); ce = cs + len("expected")
    >>> a, b = _raising_attribution(t, 0, cs, ce, len(t), bytearray(len(t)), "expected")
    >>> t[a:b]
    'Mayor Ann Brook is widely expected to run again in May'
    """
    if form not in _RAISING_FORMS or _TO_VERB_RE.match(text, ce, sb) is None:
        return None
    bm = _BE_BEFORE_RE.search(text, max(sa, cs - 40), cs)
    if bm is None:
        return None
    subj = _subject_before(text, sa, bm.start(), inside, relative=True)
    if subj is None:
        return None
    end = _clause_end(text, ce, sb, inside)
    for cm in _COMMA_SPACE_RE.finditer(text, ce, end):  # and at a comma
        if not inside[cm.start()] and _LIST_COMMA_RE.match(text, cm.start(), end) is None:
            end = cm.start()
            break
    end = _strip(text, ce, end)[1]
    end = _strip(text, subj[0], end, chars=" \t\n,;:—–-.")[1]
    return (subj[0], end) if end > ce else None


def _final_attribution(text: str, sa: int, sb: int, inside: bytearray,
                       cue_list: list[tuple[int, int, str]], used_cue: set[int]) -> _Attr | None:
    """A sentence closing on its attribution: "C, Smith said." / "C, said Smith, a ...".

    The content is everything before the comma, whatever cues and quotations it holds
    ('The vote signals "the end," said X.'). Only speech verbs of :data:`_FINAL_CUES`.
    """
    for cs, ce, form in reversed(cue_list):
        if cs in used_cue or inside[cs] or form not in _FINAL_CUES:
            continue
        before = text[sa:cs]
        cm = re.search(r",(?:[\"”’»]|'')?\s+(?=[^,]*$)", before)
        if cm is None or inside[sa + cm.start()] and text[sa + cm.start() + 1:sa + cm.end()].strip() == "":
            return None
        comma = sa + cm.start()
        between = text[sa + cm.end():cs]
        after = text[ce:sb]
        src = None
        if between.strip():
            if form in ("told", "tells"):
                return None
            bm = _FINAL_SRC_BEFORE_RE.match(between)
            if bm is None or not _FINAL_TAIL_RE.match(after) or any(
                    ch in between for ch in "\"“”«»"):
                return None
            src = _strip(text, sa + cm.end() + bm.start("src"), sa + cm.end() + bm.end("src"))
            if text[src[0]:src[1]].lower().split()[0] in _BOUNDARY_WORDS:
                return None
        else:
            am = _FINAL_SRC_AFTER_RE.match(after)
            if am is None or _NOT_SOURCE_WORDS.intersection(am.group("src").lower().split()):
                return None
            src = _strip(text, ce + am.start("src"), ce + am.end("src"))
        if any(ce < c[0] < sb for c in cue_list):
            return None  # "..., said X, noting that ...": a second attribution
        start = sa
        for m in re.finditer(r"[:;]\s", text[sa:comma]):
            if not inside[sa + m.start()]:
                start = sa + m.end()
        end = comma + 1 + len(text[comma + 1:sa + cm.end()].rstrip())  # keep ',”'
        if inside[comma] and end == comma + 1:
            return None
        raw = _strip(text, start, end, chars=" \t\n")
        if raw[1] <= raw[0]:
            return None
        if text[raw[0]] in _DQ or text.startswith("''", raw[0]):
            q_end = next((k for k in range(raw[0] + 1, raw[1]) if not inside[k]), raw[1])
            if q_end >= comma:
                return None  # a direct quotation: the quotation rules take it
        content = (_strip(text, *raw)[0], raw[1] if inside[comma] else comma)
        content = _balance(text, *content)
        if _word_count(text[content[0]:content[1]]) < 4 or src[1] <= src[0]:
            return None
        return _Attr(_kind_of(text[content[0]:content[1]]), content, (cs, ce), src,
                     relay_seg=(cs, sb), final=True)
    return None


_CLAUSE_START_RE = re.compile(r";|:\s|,\s+(?:while|whereas|but|although|though|and|as|because|"
                              r"so|yet|if|when|after|before|since|once|until)\s+")


def _clause_start(text: str, sent_start: int, pos: int, inside: bytearray) -> int:
    """Start of the clause holding ``pos``: after the last ; or subordinating break."""
    best = sent_start
    for m in _CLAUSE_START_RE.finditer(text[sent_start:pos]):
        if not inside[sent_start + m.start()]:
            best = sent_start + m.end()
    return best


def _clause_end(text: str, start: int, sent_end: int, inside: bytearray) -> int:
    for m in _CLAUSE_END_RE.finditer(text, start, sent_end):
        if not inside[m.start()]:
            if _DASH_ONLY_RE.fullmatch(m.group(0)) and _OPEN_DASH_RE.search(
                    text, start, m.start()):
                continue  # 'that – in his professional life – he is': the closing dash
            if text.startswith(", and", m.start()) and _LIST_BEFORE_RE.search(
                    text, max(start, m.start() - 80), m.start()):
                continue  # "Chinese, Japanese, and South Korean officials": a list
            return m.start()
    return sent_end


# precompiled forms of the patterns _extract_one uses inline
_COMMA_SPACE_RE = re.compile(r",\s")
_COMMA_GAP_RE = re.compile(r"\s*,\s*")
_COLON_END_RE = re.compile(r":\s*$")
_DASH_START_RE = re.compile(r"\s*[—–]")
_DASH_END_RE = re.compile(r"\s(?:-|—|–|--)\s*$")
_IN_STATEMENT_RE = re.compile(r"\s+in\s+(?:a|an)\s+(?:\w+\s+)?statement")
_COMMA_OR_AND_END_RE = re.compile(r"(?:,|\band)\s*$")
_COMMA_THAT_RE = re.compile(r"\s*,\s*that\s")
_PUNCT_GAP_RE = re.compile(r"\s*(?:,|:|—|–)?\s*")
_COLON_END_CLASS_RE = re.compile(r"[:]\s*$")
_COLON_COMMA_END_RE = re.compile(r"[:,]\s*$")
_UP_TO_COLON_RE = re.compile(r"[^“\"«‘]*?:")
_SENTENCE_BREAK_RE = re.compile(r"[.!?][\"”’]?\s+[A-Z\"“]")
_COMMA_QUOTE_END_RE = re.compile(r",[\"”’]?\s*$")
_COMMA_AND_RE = re.compile(r"\s*,\s*(?:and|but)\s*")
_BARE_NAME_GAP_RE = re.compile(r"\s+(?:he|she|they|[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3})\s+")
_AND_PRONOUN_RE = re.compile(r"(?:,[\"”’]?\s*|\s)(?:and|but)\s+(?:he|she|they|we|I)\s+")
_PREP_BEFORE_ING_RE = re.compile(r"(?:,\s*|\s+)(?:before|while)\s+$")
_COMMA_APPOSITIVE_RE = re.compile(r"\s*,\s*(?:a|an|who|which|whose|where)\b")
_COMMA_OR_DOT_RE = re.compile(r"\s*[,.]")
_COMMA_NEXT_RE = re.compile(r"\s*,")
_UP_TO_COMMA_RE = re.compile(r"[^,]*,\s*")
_COLON_ONLY_RE = re.compile(r"\s*:\s*")
_BLANK_RE = re.compile(r"^\s*$")
_WORD_CHAR_RE = re.compile(r"\w")
_WORD_CHAR_CLASS_RE = re.compile(r"[\w]")
_WHICH_WHAT_RE = re.compile(r"(?<![\w’'\-])(?:which|what)\s+(?=\S)")
_PP_TAIL_RE = re.compile(
    r"\s+(?:(?:on|in|at|after|before|during|via|last|this|earlier|later)\s+(?!least\b)|"
    + _DAYS + r"(?![’'])\b)(?![^,.;:!?]*\b(?:that|whether|to|how|why|what|who|he|she|they|we|I)\b)[^\"“”;:,.!?]{0,80}"
    r"(?:[.!?]\s*$|$|,\s+(?:[a-z]+ing|because|as|when|while|after|before|since|although|"
    r"though|two|three|days?)\b)")
_INCLUDING_RE = re.compile(r",\s+(?:including|such\s+as|especially|particularly)\s")  # examples
_DASH_ONLY_RE = re.compile(r"\s+[—–-]\s+")
_OPEN_DASH_RE = re.compile(r"\s[—–-]\s")  # a dash opening a parenthetical earlier in the clause
_BUT_CLAUSE_RE = re.compile(r",[\"”’]?\s+(?:but|yet)\s+(?=(?:he|she|they|it|we|I|there|the|a|an|"
                            r"this|these|those|his|her|their|its|[A-Z]\w*)\s)")
_AND_PREDICATE_RE = re.compile(
    r"(?:,|[\"”’])?\s+and\s+(?:then\s+|also\s+|later\s+|\w+ly\s+)?(?:(?:has|had|have)\s+(?:\w+ly\s+)?"
    r"[a-z]+(?:ed|en|ne|wn)|[a-z]{3,}ed|(?!(?:during|including|according|nothing|something|"
    r"everything|anything|bring|thing|things|morning|evening|spring|king|string|ring|"
    r"wing|building|funding|housing|spending|training|meeting|rating|ruling|hearing|"
    r"polling|bombing|shooting|reporting|setting|opening|ending|beginning|offering|"
    r"timing|warning|feeling|being)\b)[a-z]{3,}ing|went|made|took|gave|told|won|ran|came|"
    r"left|kept|sent|got|did|said|wrote|spoke|sought|brought|fought|met|held|threw|drew)\b"
    # an object, a preposition or an adverb follows a predicate ("and celebrated the
    # ruling"); a bare noun follows an adjective ("the heat and unsettled weather")
    r"(?=\s+(?:the|a|an|his|her|their|its|our|my|your|this|that|these|those|him|them|it|me|"
    r"us|to|for|with|on|in|at|by|from|about|against|into|over|as|out|up|down|back|off|away|"
    r"\w+ly)\b|\s+[A-Z\"“]|\s*[.,;:!?])")
_REL_PRONOUN_RE = re.compile(r"(?<![\w’'\-])(?:which|what|that)\s+(?=\S)")
_SUBJECT_GAP_RE = re.compile(r"\s+(?:(?:also|still|now|already|once|\w+ly)\s+)?(?:is|was|are|were|"
                             r"will|would|could|can|should|may|might|must|has|had|have|did|does|"
                             r"led|[a-z]{2,}ed)\b")
_SIGNATURE_RE = re.compile(r"[ \t]*(?P<dash>[-—–]+|--)[ \t]*(?P<src>[A-Z@][^\n.!?;:\"“”]{1,60}?)"
                           r"(?:,[^\n]{0,120}?)?[ \t]*\.?[ \t]*(?=\n|$)")


def _signed_paragraphs(text: str, quotes: list[tuple[int, int]],
                       attrs: list[_Attr]) -> list[_Attr]:
    """A paragraph that is one quotation, signed on the next line ("- Sanders.").

    Examples
    --------
    >>> t = 'Intro.\\n\\n"Taxes are too high for the middle class."\\n\\n- Jane Roe, in a debate.\\n'
    >>> [(t[a.content[0]:a.content[1]], t[a.source[0]:a.source[1]])
    ...  for a in _signed_paragraphs(t, find_quotations(t), [])]
    [('"Taxes are too high for the middle class."', 'Jane Roe')]
    """
    out: list[_Attr] = []
    for qa, qb in quotes:
        if qa > 0 and text[qa - 1] != "\n":
            continue
        end = qb + 1 if text[qb:qb + 1] in ".," else qb
        nl = text.find("\n", end)
        if nl < 0 or text[end:nl].strip():
            continue
        j = nl
        while j < len(text) and text[j] in "\n \t":
            j += 1
        if j - nl > 4:
            continue
        m = _SIGNATURE_RE.match(text, j)
        if m is None or _word_count(text[qa:qb]) < 3 or any(
                x.content[0] < qb and qa < x.content[1] for x in attrs):
            continue
        out.append(_Attr("direct", (qa, qb), (m.start("dash"), m.end("dash")),
                         (m.start("src"), m.start("src") + len(m.group("src").rstrip())),
                         relay_seg=(m.start(), m.end())))
    return out


_NAME_BEFORE_RE = re.compile(r"(?<![\w’'\-])[A-Z][a-z\-]*[a-z](?<![’']s)\s+$")
_QUOTE_OPEN_SOON_RE = re.compile(r"(?:\s+[\w’'\-.,]+){0,8}?\s+(?:[\"“]|'')")


def _named_s_cues(text: str, sent: tuple[int, int], inside: bytearray, cues: _Cues,
                  cands: list[tuple[int, int, str]],
                  cue_list: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Add "-s" forms of noun-like reporting verbs right after a name and soon followed
    by a quotation ('Bernie Sanders calls it the "big enchilada."').

    Examples
    --------
    >>> t = 'Bernie Sanders calls it the "big enchilada."'
    >>> c = _cue_lexicon()
    >>> _named_s_cues(t, (0, len(t)), _mask(find_quotations(t), len(t)), c,
    ...               _cue_candidates(t, c), [])
    [(15, 20, 'calls')]
    """
    a, b = sent
    k0 = bisect_left(cands, (a,))
    added = []
    have = {c[0] for c in cue_list}
    for k in range(k0, len(cands)):
        cs, ce, form = cands[k]
        if cs >= b:
            break
        if cs in have or ce > b or inside[cs] or " " in form or not form.endswith("s") or \
                not text[cs].islower() or \
                cues.lemma.get(form, form) not in _NOUNY_LEMMAS:
            continue
        if _NAME_BEFORE_RE.search(text, max(a, cs - 30), cs) is None or \
                _QUOTE_OPEN_SOON_RE.match(text, ce, b) is None:
            continue
        added.append((cs, ce, form))
    if not added:
        return cue_list
    return sorted(cue_list + added)


_NAMING_REL_RE = re.compile(r"(?<![\w’'\-])(?:what|which|who|whom)\s+$", re.IGNORECASE)
_AND_VERB_AFTER_RE = re.compile(r"\s*,?\s*(?:and|but)\s+(?:then\s+|also\s+|\w+ly\s+)?(?:[a-z]+(?:ed|ing)|said|says|told|tells|wrote|writes|made|makes|took|takes|gave|gives|won|wins)\b")
_NAMING_REL_IN_RE = re.compile(r"(?<![\w’'\-])(?:what|which|who|whom)\s+")




def _cut_at_inner_quotes(text: str, sent_attrs: list[_Attr]) -> None:
    """'Lee suggested that X, Kim replied: “Q”': a quoted attribution whose source opens
    a clause (after a comma) inside an earlier cue's content ends that content there,
    rather than being dropped as nested in it."""
    for x in sent_attrs:
        if x.kind not in ("mixed", "direct") or not x.cue or x.final:
            continue
        for y in sent_attrs:
            if y is x or y.final or not y.cue or y.kind == "according_to" or \
                    not (y.cue[1] <= x.cue[0] and y.content[0] <= x.cue[0] < y.content[1]):
                continue
            if x.content[0] <= y.cue[0] < x.content[1]:
                continue
            cut = min(x.content[0], x.cue[0], x.source[0] if x.source else x.cue[0])
            if cut <= y.content[0]:
                continue
            if not (x.source and x.source[1] <= x.cue[0] and
                               text[y.content[0]:x.source[0]].rstrip()[-1:] in ",;:"):
                continue
            new = _balance(text, *_strip(text, y.content[0], cut))
            if _word_count(text[new[0]:new[1]]) >= 2:
                y.content = new


_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to",
                                "for", "with", "by", "from", "de", "la", "los", "las", "el"})


def _looks_like_title(quoted: str) -> bool:
    """Whether a quotation reads as a title: every word capitalised but small words.

    Examples
    --------
    >>> _looks_like_title('"Sons of the Desert,"'), _looks_like_title('"We will win."')
    (True, False)
    """
    words = _WORD_RE.findall(quoted)
    return bool(words) and len(words) <= 8 and all(
        w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words) and \
        not quoted.rstrip("\"”'’ ").endswith(("?", "!"))


_PP_START_RE = re.compile(r"(?:in|on|at|under|during|from|according\s+to|" + _DAYS[3:-1] +
                          r"|this|last|earlier|later)\b", re.IGNORECASE)


def _title_phrase(text: str, x: _Attr, quotes: list[tuple[int, int]], q_ids: list[int]) -> bool:
    """Whether a mixed content is only a phrase around a title ('said Wednesday on
    MSNBC's “Morning Joe.”', 'In his book, “An American Son,”').

    Examples
    --------
    >>> t = 'He said Wednesday on "Morning Joe."'
    >>> _title_phrase(t, _Attr("mixed", (8, 35), (3, 7), (0, 2)), [(22, 35)], [0])
    True
    """
    if x.kind != "mixed" or _PP_START_RE.match(text, x.content[0], x.content[1]) is None:
        return False
    inner = [quotes[k] for k in q_ids if x.content[0] <= quotes[k][0] < x.content[1]]
    return bool(inner) and all(_looks_like_title(text[a:b]) for a, b in inner)


def _medial_start(text: str, sa: int, src: tuple[int, int], cs: int,
                  cue_list: list[tuple[int, int, str]], inside: bytearray) -> int | None:
    """Where "C1" starts in "C1, SRC CUE, C2" (the sentence start), or None.

    Examples
    --------
    >>> t = "The club's investment, Ms. Lee said, ''is a good example.''"
    >>> _medial_start(t, 0, (23, 30), 31, [(31, 35, "said")], bytearray(len(t)))
    0
    """
    if src[1] > cs or not text[sa:src[0]].rstrip().endswith(",") or inside[sa] or \
            _word_count(text[sa:src[0]]) < 3 or any(sa <= c[0] < src[0] for c in cue_list):
        return None
    return _strip(text, sa, src[0])[0]


def _naming_span(text: str, x: _Attr, q_ids: list[int], quotes: list[tuple[int, int]],
                 cues: _Cues) -> tuple[int, int]:
    """The content of a mixed attribution, trimmed around its quotations.

    The content ends at the last quotation when a second verb follows ('called her
    “third-rate” and boycotted ...'), and, for a naming verb ("called", "dubbed",
    "described as"), a relative pronoun before the namer opens it ('what aide Jones called
    "a new era"'), as PolNeAR marks both.

    Examples
    --------
    >>> t = 'It led to what aide Jones called "a new era" in his book.'
    >>> x = _Attr("mixed", (33, 44), (26, 32), (15, 25))
    >>> s = _naming_span(t, x, [0], [(33, 44)], _cue_lexicon())
    >>> t[s[0]:s[1]]
    'what aide Jones called "a new era"'
    >>> t = 'He called her "third-rate" and boycotted the debate.'
    >>> s = _naming_span(t, _Attr("mixed", (10, 51), (3, 9), (0, 2)), [0], [(14, 26)],
    ...                  _cue_lexicon())
    >>> t[s[0]:s[1]]
    'her "third-rate"'
    """
    cs, ce = x.cue
    form = " ".join(text[cs:ce].lower().split())
    naming = cues.lemma.get(form, form) in _NAMING_LEMMAS or form in _NAMING_LEMMAS
    a, b = x.content
    last = None
    for k in q_ids:
        ka, kb = quotes[k]
        if a <= ka and kb <= b + 1:
            last = kb
    if last is None:
        return x.content
    if ce > a:
        return x.content
    if _AND_VERB_AFTER_RE.match(text, last, b) is not None:
        b = last  # 'called her “third-rate” and boycotted ...': a second verb
    if not naming:
        return (a, b)
    anchor = x.source[0] if x.source is not None and x.source[1] <= cs else cs
    rm = _NAMING_REL_RE.search(text, max(0, anchor - 8), anchor)
    if rm is None and x.source is not None and x.source[1] <= cs:
        # the source ran over the pronoun: "led to what aide Jones called"
        for rm in _NAMING_REL_IN_RE.finditer(text, x.source[0], x.source[1]):
            pass
        if rm is not None and rm.end() < x.source[1]:
            x.source = (rm.end(), x.source[1])
    if rm is not None and _word_count(text[rm.end():cs]) <= 6:
        a = rm.start()
    return (a, b)


def _extract_one(text: str, cues: _Cues, lex: SourceLexicon) -> list[_Attr]:
    quotes = find_quotations(text)
    inside = _mask(quotes, len(text))
    cands = _cue_candidates(text, cues)
    # marks themselves count as inside; positions just after a quote do not
    attrs: list[_Attr] = []
    used_quote: set[int] = set()
    used_cue: set[int] = set()
    sents: list[tuple[int, int]] = []
    for ps, pe in _paragraphs(text):
        sents.extend(_sentences(text, ps, pe, inside))
    # multi-paragraph quotes: merge sentences that a quote spans
    merged: list[tuple[int, int]] = []
    for s in sents:
        if merged and inside[s[0]] and s[0] > 0 and inside[s[0] - 1] and any(
                q[0] < s[0] < q[1] for q in quotes):
            merged[-1] = (merged[-1][0], s[1])
        else:
            merged.append(s)
    sents = merged
    q_by_sent: list[list[int]] = []
    qi = 0
    for sa, sb in sents:
        ids = []
        while qi < len(quotes) and quotes[qi][0] < sb:
            if quotes[qi][0] >= sa:
                ids.append(qi)
            qi += 1
        q_by_sent.append(ids)

    para_attrs: list[_Attr] = []
    for pi, (ps, pe) in enumerate(_paragraphs(text)):
        m = _SPEAKER_COLON_RE.match(text, ps, pe)
        src_toks = m.group("src").split() if m else []
        if m and src_toks[0].strip(".").upper() not in _NOT_SPEAKERS and \
                _word_count(text[m.end():pe]) >= 3 and (
                    pi == 0 or m.group("src").isupper() or len(src_toks) >= 2):
            content = _strip(text, m.end(), pe)
            para_attrs.append(_Attr("indirect", content, (m.start("colon"), m.end("colon")),
                                    (m.start("src"), m.end("src")), relay_seg=None))
            for k, (ka, kb) in enumerate(quotes):
                if content[0] <= ka and kb <= content[1] + 1:
                    used_quote.add(k)
    attrs.extend(para_attrs)
    prev_direct: _Attr | None = None
    for si, (sa, sb) in enumerate(sents):
        if para_attrs and any(p.content[0] <= sa < p.content[1] for p in para_attrs):
            continue
        cue_list = _find_cues(text, (sa, sb), inside, cues, cands)
        if q_by_sent[si]:
            cue_list = _named_s_cues(text, (sa, sb), inside, cues, cands, cue_list)
        q_ids = q_by_sent[si]
        if not cue_list and not q_ids:
            # nothing to attribute here; only the speaker's quoted turn may end (as in the
            # bookkeeping at the end of this loop)
            if _has_word(text, sa, sb) and not (
                    prev_direct is not None and "\n" not in text[prev_direct.content[1]:sb]
                    and prev_direct.kind in ("direct", "mixed")):
                prev_direct = None
            continue
        sent_attrs: list[_Attr] = []
        # --- according to -------------------------------------------------------------
        for cs, ce, form in cue_list:
            if form != "according to":
                continue
            used_cue.add(cs)
            src = _source_after(text, ce, sb)
            if src is None:  # a long source: up to the next comma
                cm2 = _COMMA_SPACE_RE.search(text[ce:sb])
                if cm2 and _word_count(text[ce:ce + cm2.start()]) <= 25:
                    src = _strip(text, ce, ce + cm2.start())
            before = text[sa:cs].rstrip(" ,—–-")
            tail_start = src[1] if src else ce
            rest = text[tail_start:sb]
            rm = _COMMA_GAP_RE.match(rest)
            if re.fullmatch(r"\s*(?:That|This|It)(?:’s|'s|\s+is|\s+was)\s*", text[sa:cs]):
                content = _strip(text, sa, sa + len(re.match(r"\s*\w+", text[sa:cs]).group(0)))
            elif before.strip() and _word_count(before) >= 3 and not (
                    rm and _word_count(rest) >= 3 and text[sa:cs].rstrip().endswith(",")
                    and _word_count(rest) >= 3 and not _APPOSITIVE_START_RE.match(
                        rest, rm.end())):
                content = _strip(text, _clause_start(text, sa, cs, inside) if ";" in before
                                 else sa, len(before) + sa)
            elif before.strip() and _word_count(before) >= 3:
                # "..., according to him, Mexico's network censured ...": the clause after
                content = _strip(text, tail_start + rm.end(), _clause_end(
                    text, tail_start + rm.end(), sb, inside))
                if text[sa:cs].rstrip().endswith(","):
                    content = (_strip(text, sa, cs)[0], content[1])  # medial: both parts
            elif before.strip() and rm and text[sa:cs].rstrip().endswith(",") and \
                    _word_count(rest) >= 3:
                # "Fundraising, according to the campaign, has surged": both parts
                content = _strip(text, sa, _clause_end(text, tail_start + rm.end(), sb, inside))
            else:
                tail = src[1] if src else ce
                cm = re.match(r"\s*,?\s*", text[tail:sb])
                c_start = tail + (cm.end() if cm else 0)
                content = _strip(text, c_start, _clause_end(text, c_start, sb, inside))
            if content[1] - content[0] > 2:
                for q in q_ids:
                    if quotes[q][0] >= content[0] and quotes[q][1] <= content[1] + 1:
                        used_quote.add(q)
                sent_attrs.append(_Attr("according_to", content, (cs, ce), src,
                                        relay_seg=(cs, sb)))
        # --- "C, SRC said." / "C, said SRC, a spokesman." closing the sentence ----------
        fa = _final_attribution(text, sa, sb, inside, cue_list, used_cue)
        if fa is not None:
            sent_attrs.append(fa)
            used_cue.add(fa.cue[0])
            for q in q_ids:
                if fa.content[0] <= quotes[q][0] and quotes[q][1] <= fa.content[1] + 1:
                    used_quote.add(q)
        # --- "..., Trump said: “Q.”" after another clause -------------------------------
        colon_attrs: list[_Attr] = []
        for q in q_ids:
            if q in used_quote:
                continue
            attr = _colon_cue_quote(text, sa, quotes[q], cue_list, used_cue)
            if attr is not None:
                sent_attrs.append(attr)
                colon_attrs.append(attr)
                used_quote.add(q)
                used_cue.add(attr.cue[0])
        # --- quotes with a trailing or leading cue ---------------------------------------
        for q in q_ids:
            if q in used_quote:
                continue
            qa, qb = quotes[q]
            qwords = _word_count(text[qa:qb])
            if qwords < 1:
                continue
            nxt_q = next((quotes[k][0] for k in q_ids if quotes[k][0] >= qb), sb)
            trailing = [c for c in cue_list if qb <= c[0] < nxt_q and c[0] not in used_cue]
            cm = _COLON_END_RE.search(text[sa:qa])
            clause0 = _clause_start(text, sa, sa + cm.start() if cm else qa, inside)
            leading = [c for c in cue_list if clause0 <= c[0] < qa and c[0] not in used_cue]
            pre_words = _word_count(text[clause0:qa])
            j = qb - 1
            while j > qa and text[j] in _DQ + _SQ:
                j -= 1
            closing = (text[j] in ",!?—–-…" or text[qb:qb + 1] in ",—–-" or
                       (text[j] == "." and _DASH_START_RE.match(text[qb:qb + 3]) is not None)
                       or (text[j] == "." and _SHORT_ATTRIB_RE.match(text, qb, sb) is not None))
            title_like = (qwords <= 5 and pre_words > 0 and not leading and bool(trailing)
                          and not _has_word(text, qb, trailing[0][0]))
            inner = _WORD_COUNT_RE.findall(text[qa:qb]) if qwords <= 5 else None
            if inner and all(w[:1].isupper() or w.lower() in (
                    "of", "the", "a", "and", "in", "on", "for", "to") for w in inner) and \
                    re.search(r"(?:\b(?:on|in|at|of|to|from|with|show|program|film|book|"
                              r"titled|called|dubbed)|’s|'s)\s*$", text[clause0:qa]):
                title_like = True  # a title: on CNN’s “State of the Union,” X said ...
            attr = None
            # 'He said Bush is “not smart,” adding ...': a cue before the quotation in its
            # clause claims it; the cue after starts another attribution
            if trailing and not title_like and not (leading and pre_words > 0):
                cs, ce, form = trailing[0]
                gap = text[qb:cs]
                # "called it “careless,” (...) and said ...": a second verb, not "“Q,” X said"
                coordinated = _COORD_BEFORE_RE.search(gap) is not None
                if (not coordinated and ";" not in gap and _word_count(gap) <= 25
                        and (closing or _word_count(gap) == 0 or (
                            # '“A battle of niches” Grubbs said.': no comma
                            pre_words == 0 and qwords >= 3 and _BARE_NAME_GAP_RE.fullmatch(gap)))):
                    g0, g1 = _strip(text, qb, cs)
                    if g1 <= g0:
                        src = _source_after(text, ce, sb)
                    elif "," in text[g0:g1] and _word_count(text[g0:g1]) > 5:
                        src = _strip(text, g0, text.index(",", g0, g1))
                    else:
                        src = _source_before(text, qb, cs) or (g0, g1)
                    c0 = qa
                    if pre_words > 0 and not inside[sa] and not leading and not cm and not (
                            _DASH_END_RE.search(text[sa:qa])):
                        c0 = _strip(text, clause0, qa)[0]
                    cue_end = ce
                    pm = _IN_STATEMENT_RE.match(text[ce:sb])
                    if pm and " " not in form:
                        cue_end = ce + pm.end()
                    attr = _Attr("direct" if c0 == qa else "mixed", (c0, qb), (cs, cue_end),
                                 src, relay_seg=(qb, sb))
                    for c in trailing:  # "... said in a statement posted online by ..."
                        if c[0] > cs and _COMMA_OR_AND_END_RE.search(text[qb:c[0]]):
                            continue  # "..., adding that ...": a second attribution
                        used_cue.add(c[0])
                    # "“A,” he said, “B.”": continue with the next quote in the sentence
                    after = max(cue_end, src[1] if src else 0)
                    for k in q_ids:
                        ka, kb = quotes[k]
                        if ka >= after:
                            gap2 = text[after:ka]
                            if _word_count(gap2) == 0 or (
                                    _word_count(gap2) <= (8 if not gap2.lstrip().startswith(",")
                                                          else 30)
                                    and (gap2.rstrip().endswith((",", ".")) or (
                                        _COMMA_AND_RE.fullmatch(gap2)))  # ', and "B."'
                                    and not any(after <= c[0] < ka for c in cue_list
                                                if c[0] != cs)):
                                attr.content = (attr.content[0], kb)
                                used_quote.add(k)
                            break
                    else:
                        # "“A,” the members wrote, that the department ..."
                        tm = _COMMA_THAT_RE.match(text[after:sb])
                        if tm:
                            attr.content = (attr.content[0], _strip(text, after, sb)[1])
            # "“Quote” — speaker." opens its sentence ('the “expectations game” — setting
            # expectations ...' is a parenthetical dash)
            dm = _TRAIL_DASH_RE.match(text[qb:nxt_q]) if not trailing and not _has_word(
                text, sa, qa) else None
            if attr is None and dm:
                # "“Quote” — speaker."
                src = _strip(text, qb + dm.start("src"), qb + dm.end("src"))
                attr = _Attr("direct", (qa, qb), (qb + dm.start("dash"), qb + dm.end("dash")),
                             src, relay_seg=(qb, nxt_q))
            if attr is None and not trailing and closing and not leading:
                seg = text[qb:nxt_q]
                m = _TRAIL_UNKNOWN_RE.match(seg)
                if m:
                    g = "src" if m.group("src") is not None else "src2"
                    src = (qb + m.start(g), qb + m.end(g))
                    g = "cue" if g == "src" else "cue2"
                    cue = (qb + m.start(g), qb + m.end(g))
                    if src[1] > src[0]:
                        attr = _Attr("direct", (qa, qb), cue, _strip(text, *src),
                                     relay_seg=(qb, sb))
                else:
                    m = _TRAIL_INVERTED_RE.match(seg)
                    if m:
                        attr = _Attr("direct", (qa, qb), (qb + m.start("cue"), qb + m.end("cue")),
                                     _strip(text, qb + m.start("src"), qb + m.end("src")),
                                     relay_seg=(qb, sb))
            if attr is None and leading:
                direct_cue = None
                for cs, ce, form in reversed(leading):
                    gap = text[ce:qa]
                    if _PUNCT_GAP_RE.fullmatch(gap) or (
                            _word_count(gap) <= 5 and _COLON_END_CLASS_RE.search(gap)) or (
                            form in ("told", "tell", "tells", "telling", "asked") and
                            _word_count(gap) <= 4 and _COLON_COMMA_END_RE.search(gap)):
                        direct_cue = (cs, ce, form)
                    break
                if direct_cue is not None:
                    cs, ce, form = direct_cue
                    end, kind = qb, "direct"
                    tail = text[qb:sb]
                    next_cue_soon = any(qb <= c[0] and _word_count(text[qb:c[0]]) <= 2
                                        for c in cue_list)
                    if _word_count(tail) >= 2 and not next_cue_soon and not re.match(
                            r"^\s*,?\s*(?:he|she|they)\s", tail):
                        end = _strip(text, qb, _clause_end(text, qb, sb, inside))[1]
                        kind = "mixed"
                    src = None if (form.endswith("ing") and text[sa:cs].rstrip().endswith(",")) \
                        else _source_before(text, _clause_start(text, sa, cs, inside), cs)
                    cue_end = ce
                    gm = _UP_TO_COLON_RE.match(text[ce:qa])
                    if gm and _word_count(gm.group(0)) <= 5:
                        cue_end = ce + gm.end()
                    c0 = qa
                    if src is not None and _COMMA_GAP_RE.fullmatch(text, ce, qa) and \
                            text[ce:qa].strip() == "," and _LOWER_AFTER_MARK_RE.match(text, qa) \
                            and _word_count(text[src[0]:src[1]]) <= 6:
                        # "The club's investment, Ms. Lee said, ''is a good example''": the
                        # quotation goes on with the sentence begun before the cue (a
                        # capitalised quotation after "Asked about X, he said," stands alone)
                        ms = _medial_start(text, sa, src, cs, cue_list, inside)
                        lead = text[ms:src[0]].rstrip().rstrip(",") if ms is not None else ""
                        if ms is not None and "," not in lead and _word_count(lead) <= 15:
                            c0, kind = ms, "mixed"
                    attr = _Attr(kind, (c0, end), (cs, cue_end), src,
                                 relay_seg=(sa, qa), subject_fallback=src is None)
                    used_cue.add(cs)
                else:
                    # "SRC CUE that the plan was "a disaster" ..."  -> mixed, with the cue
                    # nearest the quotation; earlier cues ("X praised Y and said "..."",
                    # "X called for Y, calling him "..."") get their own attributions
                    leading = leading[-1:]
                    cs, ce, form = leading[0]
                    c_start = ce + len(_THAT_RE.match(text[ce:qa]).group(0))
                    if form in ("told", "tell", "tells", "telling", "asked", "urged",
                                "urges", "urging", "warned", "reminded", "assured"):
                        om = _TOLD_OBJ_RE.match(text[ce:sb])
                        if om and ce + om.end() <= qa:
                            c_start = ce + om.end()
                    end = _strip(text, c_start, _clause_end(text, qb, sb, inside))[1]
                    end = max(end, qb)
                    src = None if (form.endswith("ing") and re.search(
                        r",[\"”’]?\s*$", text[sa:cs])) else \
                        _source_before(text, _clause_start(text, sa, cs, inside), cs)
                    content = _strip(text, c_start, end)
                    content = _subordinate_end(text, inside, sa, src, content, qb)
                    if src is not None and text[ce:c_start].strip() == "," and \
                            _medial_start(text, sa, src, cs, cue_list, inside) is not None:
                        # "C1, Ms. Lee said, “C2”": both parts, as in PolNeAR
                        content = (_medial_start(text, sa, src, cs, cue_list, inside),
                                   content[1])
                    if _word_count(text[content[0]:content[1]]) >= 2:
                        attr = _Attr("mixed", content, (cs, ce), src, relay_seg=(sa, sb),
                                     subject_fallback=src is None)
                        for c in leading:
                            used_cue.add(c[0])
                        for k in q_ids:
                            if content[0] <= quotes[k][0] and quotes[k][1] <= content[1] + 1:
                                used_quote.add(k)
            if attr is None and not leading and _COLON_END_RE.search(text[clause0:qa]) and \
                    qwords >= 3:
                # "More from Jones: “...”" / "She addressed the crowd: “...”"
                colon = text.rindex(":", clause0, qa)
                src = _subject(text, clause0, colon)
                if src is not None:
                    attr = _Attr("direct", (qa, qb), (src[1], colon + 1), src,
                                 relay_seg=(clause0, qa))
            # a quoted sentence may end unquoted ('“...” or to control the arsenal.')
            cont_end = qb if not _has_word(text, qb, sb) else (
                _strip(text, qb, sb, chars=" \t\n,;:—–-.")[1] if q == q_ids[-1] and not any(
                    qb <= c[0] < sb for c in cue_list) else None)
            if attr is None and prev_direct is not None and _word_count(text[qa:qb]) >= (
                    1 if "\n" not in text[prev_direct.content[1]:qa] else 3) \
                    and (re.fullmatch(r"\s*(?:(?:But|And|So|Or|Yet|Then|Still)\s*,?\s*)?",
                                      text[sa:qa]) or (
                        # 'Instead, “he just acts like a defeated man.”': a few words
                        # and a quotation ending the sentence, in the same paragraph
                        not cue_list and q == q_ids[0]
                        and _word_count(text[sa:qa]) <= 5 and cont_end == qb
                        and "\n" not in text[prev_direct.content[1]:qa])) \
                    and cont_end is not None \
                    and text[prev_direct.content[1]:qa].count("\n\n") <= 1 \
                    and qa - prev_direct.content[1] < 400:
                # a stand-alone quoted sentence continuing the previous speaker's quote
                between = text[prev_direct.content[1]:qa]
                attribution_only = (
                    prev_direct.cue is not None
                    and prev_direct.cue[0] >= prev_direct.content[1]
                    and not _SENTENCE_BREAK_RE.search(between.strip())
                    and not any(prev_direct.content[1] <= ka < qa and _word_count(text[ka:kb]) > 4
                                for ka, kb in quotes))
                if "\n" not in between or _word_count(between) == 0 or attribution_only:
                    prev_direct.content = (prev_direct.content[0], cont_end)
                    used_quote.add(q)
                    continue
            if attr is not None:
                used_quote.add(q)
                sent_attrs.append(attr)
        # --- cue-driven indirect speech ----------------------------------------------------
        for cs, ce, form in cue_list:
            if cs in used_cue or form == "according to":
                continue
            holder = [a for a in sent_attrs if a.content[0] <= cs < a.content[1]]
            coord_src = None
            if holder and len(holder) == 1 and not inside[cs] and \
                    holder[0].kind in ("indirect", "mixed") and holder[0].cue and \
                    holder[0].cue[1] <= holder[0].content[0]:
                # "She blamed X, and said ...": a second verb of the same subject
                bm = _COORD_BEFORE_RE.search(text, holder[0].content[0], cs)
                if bm and bm.start() > holder[0].content[0] + 3:
                    h = holder[0]
                    h.content = _balance(text, *_strip(text, h.content[0], bm.start(),
                                                       chars=" \t\n,;"))
                    coord_src = h.source
                    holder = []
            if holder and form.endswith("ing") and not inside[cs]:
                # "X praised Putin, saying he was ...": the participle starts a second
                # attribution; the first content ends at the comma
                pc = _COMMA_QUOTE_END_RE.search(text[holder[0].content[0]:cs])
                if pc and pc.start() > 3 and holder[0].kind in ("indirect", "mixed") \
                        and len(holder) == 1:
                    h = holder[0]
                    c0 = h.content[0]
                    h.content = _balance(text, *_strip(text, c0, c0 + pc.start()))
                    closing = pc.group(0).rstrip()
                    if closing[-1:] in "\"”’":
                        # 'said it was "a disaster," adding ...': keep ',"'
                        keep = (h.content[0], c0 + pc.start() + len(closing))
                        if _balance(text, *keep) == keep:
                            h.content = keep
                    holder = []
            if holder:
                continue
            if any(a.source and a.source[0] <= cs < a.source[1] for a in sent_attrs):
                continue
            cue_end = ce
            pm = _IN_STATEMENT_RE.match(text[ce:sb])
            if pm and " " not in form:
                cue_end = ce + pm.end()
            clause0 = _clause_start(text, sa, cs, inside)
            pas = _passive_attribution(text, sa, cs, ce, sb, inside, cues.lemma.get(form, form))
            if pas is not None:
                # "which is then denounced by Trump": the subject is the content and the
                # agent the source; a passive without a usable subject is no attribution
                used_cue.add(cs)
                if pas[0] is not None:
                    sent_attrs.append(_Attr("indirect", pas[0], (cs, ce), pas[1],
                                            relay_seg=(cs, sb)))
                continue
            ras = _raising_attribution(text, sa, cs, ce, sb, inside, form)
            if ras is not None:
                # "The bank is expected to act": no source; subject and infinitive
                used_cue.add(cs)
                for k in q_ids:
                    if ras[0] <= quotes[k][0] < ras[1]:
                        used_quote.add(k)
                sent_attrs.append(_Attr("indirect", ras, (cs, ce), None, relay_seg=(cs, sb)))
                continue
            after = text[cue_end:sb]
            lemma = cues.lemma.get(form, form)
            is_participle = form.endswith("ing") and text[sa:cs].rstrip().endswith(",")
            # pattern: "C, SRC CUE." / "C, CUE SRC." (cue near the end of the sentence)
            tail_words = _word_count(after)
            before_txt = text[clause0:cs]
            comma = before_txt.rfind(",")
            # "C, said Smith." inverts only when the verb follows the comma directly; in
            # "In an interview, he defended Mr. Trump's views" the name is the object
            inverted = _INVERTED_SRC_RE.match(after) is not None and (
                comma < 0 or not _has_word(text, clause0 + comma + 1, cs))
            # pattern: "C1, SRC CUE, C2" (a medial attribution splitting the content)
            mm = _COMMA_GAP_RE.match(after)
            if mm and comma > 0 and not is_participle and _word_count(after) >= 2 and \
                    not _COMMA_APPOSITIVE_RE.match(after) and \
                    1 <= _word_count(text[clause0 + comma + 1:cs]) <= 6 and \
                    _word_count(before_txt[:comma]) >= 1 and not any(
                        cue_end < c[0] < sb for c in cue_list):
                src_m = _source_before(text, clause0 + comma + 1, cs)
                if src_m and not text[clause0 + comma + 1:src_m[0]].strip():
                    content = _strip(text, clause0, _clause_end(text, cue_end + mm.end(), sb,
                                                                inside))
                    if content[1] > cue_end:
                        sent_attrs.append(_Attr("indirect", content, (cs, cue_end), src_m,
                                                relay_seg=(cs, sb)))
                        used_cue.add(cs)
                        continue
            # "C, SRC CUE OBJECT." is "C, SRC CUE." only for speech verbs ("..., he said
            # on Monday."); "his wife, Jane, called for a new primary." is not
            speech_final = form in _FINAL_CUES and lemma not in _NP_OBJECT_LEMMAS
            # "C, Politico reported in 2014.", "C, Hollande said Tuesday in Paris, noting
            # ...": only a time or place phrase follows the cue, so C is the content
            pp_tail = lemma not in _NP_OBJECT_LEMMAS and form not in _NP_OBJECT_LEMMAS and \
                lemma not in ("believe", "respond", "reply", "ask") and \
                _PP_TAIL_RE.match(after) is not None
            if (speech_final or inverted or pp_tail or _COMMA_OR_DOT_RE.match(after)) and \
                    ((tail_words <= 6 or inverted or pp_tail or _COMMA_NEXT_RE.match(after))
                    and comma > 0 and _word_count(before_txt[:comma]) >= 3
                    and not is_participle and (pp_tail or not re.match(
                        r"\s*(?:that|to|for|on|about|if|whether)\b", after))
                    and (inverted or pp_tail or not _looks_like_clause(after.strip(" ,")) or (
                        _COMMA_NEXT_RE.match(after) and
                        _APPOSITIVE_START_RE.match(after.strip(" ,")) is not None))):
                src_rel = _source_before(text, clause0 + comma + 1, cs)
                if src_rel is None or not _has_word(text, clause0 + comma, cs):
                    src_rel = _source_after(text, cue_end, sb)
                content = _strip(text, clause0, clause0 + comma)
                # "C1, he said, C2"
                cont_after = _UP_TO_COMMA_RE.match(after)
                cont_at = cue_end + cont_after.end() if cont_after else sb
                if cont_after and src_rel and src_rel[1] <= cue_end and not re.match(
                        r"\s*,\s*(?:a|an|who|which|whose|where)\b", after) and \
                        _word_count(after[cont_after.end():]) >= 3 and not any(
                            cont_at <= c[0] < cont_at + 12 for c in cue_list):
                    content = (content[0], _strip(text, cue_end, sb)[1])
                if content[1] - content[0] > 3:
                    sent_attrs.append(_Attr("indirect", content, (cs, cue_end), src_rel,
                                            relay_seg=(cs, sb)))
                    used_cue.add(cs)
                    continue
            # pattern: "SRC CUE (that) C" / "SRC told OBJ (that) C" / ", saying C"
            c_start = cue_end
            if lemma in ("tell", "ask", "urge", "inform", "warn", "remind", "assure",
                         "brief") or form in ("told", "asked", "urged", "warned",
                                              "called on", "reminded", "assured"):
                om = _TOLD_OBJ_RE.match(text[cue_end:sb])
                if om:
                    c_start = cue_end + om.end()
            else:
                om = re.match(r"\s*(?:,\s*)?(?:(?:on|in|at|last|late|early|earlier|this)\b)?\s*"
                              r"(?:(?:" + _DAYS + r"|week|night|morning)\b)?\s*(?:,\s*)?",
                              text[cue_end:sb])
                if om:
                    c_start = cue_end + om.end()
            if lemma not in _NP_OBJECT_LEMMAS and form not in _NP_OBJECT_LEMMAS:
                # "said on NBC's ''Meet the Press'' on Sunday that ...": a prepositional or
                # time phrase between the cue and its that-clause is no content
                tm = _LEAD_TO_THAT_RE.match(text, c_start, min(sb, c_start + 160))
                if tm is not None and not inside[tm.end()] and not _looks_like_clause(
                        text[c_start:tm.end()]):
                    c_start = tm.end()
            c_end = _clause_end(text, c_start, sb, inside)
            for c2 in cue_list:  # "... noted that X, and added: ..."
                bm = _AND_BEFORE_CUE_RE.search(text[c_start:c2[0]]) if c_start < c2[0] < c_end \
                    else None
                if bm:
                    c_end = c_start + bm.start()
                    break
            content = _strip(text, c_start, c_end)
            if lemma in _NP_OBJECT_LEMMAS or form in _NP_OBJECT_LEMMAS:
                # "endorsed Sanders before backing Clinton": a noun-phrase object ends
                # at a comma or a subordinating word (a clause after that word, as in
                # "endorsed Sanders in May and organized for him", is not the object's)
                nm = _NP_END_RE.search(text, content[0] + 1, content[1])
                while nm is not None and (inside[nm.start()] or (
                        text[nm.start()] == "," and (
                            _LIST_COMMA_RE.match(text, nm.start(), content[1]) is not None or
                            _INCLUDING_RE.match(text, nm.start(), content[1]) is not None))):
                    nm = _NP_END_RE.search(text, nm.end(), content[1])
                if nm is not None and not _looks_like_clause(text[content[0]:nm.start()]):
                    content = _strip(text, content[0], nm.start())
            if _COLON_ONLY_RE.fullmatch(text[cue_end:sb]) or (
                    _word_count(text[content[0]:content[1]]) < 3 and text[sa:sb].rstrip().endswith(":")):
                # "He said:" + a quotation opening the next paragraph
                nq = next((k for k, (ka, kb) in enumerate(quotes)
                           if ka >= sb and not text[sb:ka].strip()), None)
                if nq is not None and nq not in used_quote:
                    src = _source_before(text, clause0, cs)
                    colon_end = text.index(":", cue_end, sb) + 1 if ":" in text[cue_end:sb] \
                        else cue_end
                    sent_attrs.append(_Attr("direct", quotes[nq], (cs, colon_end), src,
                                            relay_seg=(sa, sb),
                                            subject_fallback=src is None))
                    used_quote.add(nq)
                    used_cue.add(cs)
                continue
            quoted = _DQ_CHAR_RE.search(text, content[0], content[1]) is not None or \
                "''" in text[content[0]:content[1]]
            ctext = text[content[0]:content[1]]
            # PolNeAR counts one-word contents too ("denied it", "endorsed Sanders")
            if _word_count(ctext) < 1:
                continue
            if form not in _SAFE_FORMS and not quoted and lemma not in _NP_OBJECT_LEMMAS and \
                    not _looks_like_clause(text[content[0]:content[1]]) and not (
                        _TO_INF_RE.match(text, content[0], content[1])):
                continue
            if is_participle:
                src = None
            else:
                src = _source_before(text, clause0, cs)
                if src is None and _BLANK_RE.match(text[clause0:cs]):
                    src = None
            if src is None and coord_src is None and sent_attrs and sent_attrs[-1].cue and \
                    sent_attrs[-1].cue[1] <= cs and not _WORD_CHAR_RE.search(text[clause0:cs]):
                cb = _COORD_BEFORE_RE.search(text, sa, cs)
                if cb and cb.start() <= sent_attrs[-1].content[1] + 2:
                    coord_src = sent_attrs[-1].source
            if src is None and coord_src is not None:
                src = coord_src
            if src is None and not is_participle:
                # inverted order "said X" at the clause start is rare; require a source
                if not _WORD_CHAR_CLASS_RE.search(text[clause0:cs]):
                    continue
            if src is not None and not is_participle and _word_count(
                    text[src[0]:src[1]]) <= 8 and lemma not in _NAMING_LEMMAS:
                # "which officials said will go into effect", "what analysts said was a
                # sign": the relative clause, source and cue included, is the content
                w0 = max(sa, src[0] - 7)
                rm = None
                for rm in _REL_PRONOUN_RE.finditer(text[w0:src[1]]):
                    pass
                # "an event that Carson says led him to Christ": with "that" (or a longer
                # source) only when a verb without its subject follows the cue (the gap)
                gap = rm is not None and _SUBJECT_GAP_RE.match(text, cue_end, sb) is not None
                n_src = _word_count(text[w0 + rm.end():src[1]]) if rm is not None else 0
                if rm is not None and w0 + rm.end() < src[1] and (
                        (n_src <= 4 and (gap or not rm.group(0).lower().startswith("that")))
                        or (n_src <= 8 and gap)):
                    r0 = w0 + rm.start()
                    src = (w0 + rm.end(), src[1])
                    if not inside[r0]:
                        c_end2 = content[1]
                        if text[:r0].rstrip().endswith(","):
                            for cm in _COMMA_SPACE_RE.finditer(text[cue_end:content[1]]):
                                if not inside[cue_end + cm.start()]:
                                    c_end2 = cue_end + cm.start()
                                    break
                        content = _strip(text, r0, c_end2)
            if content[0] > cs:
                # "Barkley, who said he votes Democratic, said ...", "while he said X, he
                # clarified ...": a subordinate attribution ends at the next comma
                content = _subordinate_end(text, inside, max(sa, clause0 - 2), src, content,
                                           content[0])
                if form.endswith("ing") and re.search(
                        r"(?:^|[\s,])(?:after|while|before|since|by|without|in|when|upon)\s+$",
                        text[max(sa, cs - 12):cs], re.IGNORECASE):
                    # "After saying he was nervous, the man ...": the same for participles
                    content = _subordinate_end(text, inside, max(sa, cs - 12), (cs, ce),
                                               content, content[0])
            has_q = any(content[0] <= quotes[k][0] < content[1] for k in q_ids)
            for k in q_ids:
                if content[0] <= quotes[k][0] < content[1]:
                    used_quote.add(k)
            sent_attrs.append(_Attr("mixed" if has_q else "indirect", content, (cs, cue_end),
                                    src, relay_seg=(sa, sb),
                                    subject_fallback=is_participle or src is None))
            used_cue.add(cs)
        # --- quotations no cue claimed: the verb before them is the cue -----------------
        for q in q_ids:
            if q in used_quote:
                continue
            qa, qb = quotes[q]
            if (text[qa] not in "\"“«„" and text[qa:qa + 2] != "''") or \
                    _word_count(text[qa:qb]) < 3:
                continue
            if _looks_like_title(text[qa:qb]):
                continue  # 'stars in “Girls, Girls, Girls” at ...': a title, not speech
            if any(x.content[0] <= qa < x.content[1] for x in sent_attrs):
                continue
            clause0 = _clause_start(text, sa, qa, inside)
            verbs = [m for m in _WORD_RE.finditer(text, clause0, qa)
                     if not inside[m.start()] and _ORPHAN_VERB_RE.fullmatch(m.group(0))
                     and m.group(0).lower() not in _NOT_VERBS]
            if not verbs or _word_count(text[verbs[-1].end():qa]) > 8:
                continue
            v = verbs[-1]
            if v.start() in used_cue or any(
                    x.cue and x.cue[0] <= v.start() < x.cue[1] for x in sent_attrs):
                continue  # '"A," said X, the author of "B,"': "said" is taken
            src = _source_before(text, clause0, v.start())
            end = _strip(text, qa, _clause_end(text, qb, sb, inside))[1]
            content = _strip(text, v.end(), max(end, qb))
            sent_attrs.append(_Attr("mixed", content, (v.start(), v.end()), src,
                                    relay_seg=(sa, sb), subject_fallback=src is None))
            used_quote.add(q)
        # participles without a source take the subject of the sentence / previous attr
        for at in sent_attrs:
            if at.source is None and at.subject_fallback:
                prior = [x for x in sent_attrs if x is not at and x.source and
                         x.cue and at.cue and x.cue[0] < at.cue[0]]
                if prior:
                    at.source = prior[-1].source
                else:
                    at.source = _subject(text, sa, at.cue[0] if at.cue else sb)
        for x in sent_attrs:  # "WASHINGTON (AP) — ..." is not part of the content
            dm2 = _DATELINE_RE.match(text, x.content[0], x.content[1])
            if dm2 and dm2.end() < x.content[1]:
                x.content = (dm2.end(), x.content[1])
            if x.kind == "mixed" and x.cue is not None:
                x.content = _naming_span(text, x, q_by_sent[si], quotes, cues)
        # a content ends before "..., and/but (he) <another cue>"
        for x in sent_attrs:
            if x.kind == "according_to" or x.final:
                continue
            for c in cue_list:
                if x.content[0] < c[0] < x.content[1] and (not x.cue or c[0] != x.cue[0]) \
                        and not inside[c[0]]:
                    bm = _AND_BEFORE_CUE_RE.search(text, x.content[0], c[0])
                    if bm is not None and _AND_PRONOUN_RE.fullmatch(bm.group(0)):
                        bm = None  # 'said it is “complex” and he feels he can win': one turn
                    if bm is None and c[2].endswith("ing"):
                        bm = _COMMA_QUOTE_END_RE.search(text, x.content[0], c[0])
                        if bm is None:  # '... “kept us safe” before claiming that ...'
                            bm = _PREP_BEFORE_ING_RE.search(text, x.content[0], c[0])
                    if bm and bm.end() == c[0] and bm.start() > x.content[0] + 3:
                        x.content = _balance(text, *_strip(text, x.content[0], bm.start()))
                        closing = bm.group(0).rstrip()
                        if closing[-1:] in "\"”’" and closing.startswith(","):
                            # 'stressed that "...," suggesting ...': keep ',"'
                            x.content = (x.content[0], bm.start() + len(closing))
                        break
        for x in sent_attrs:
            # "denied the charges and counter-accused her", "has vowed to keep X and
            # celebrated the ruling": a second predicate of the subject ends the content
            if x.kind in ("indirect", "mixed") and not x.final and x.cue is not None and \
                    x.cue[1] <= x.content[0]:
                ing_cue = text[x.cue[0]:x.cue[1]].endswith("ing")
                bm = _BUT_CLAUSE_RE.search(text, x.content[0], x.content[1])
                while bm is not None and inside[bm.start()]:
                    bm = _BUT_CLAUSE_RE.search(text, bm.end(), x.content[1])
                if bm is not None and _has_word(text, x.content[0], bm.start()) and \
                        not _looks_like_clause(text[x.content[0]:bm.start()]):
                    # "talking about trade, but Wallace brought him back": a contrast
                    # with a subject of its own after an object
                    x.content = _balance(text, *_strip(text, x.content[0], bm.start()))
                for vm in _AND_PREDICATE_RE.finditer(text, x.content[0], x.content[1]):
                    if inside[vm.start()] or not _has_word(text, x.content[0], vm.start()):
                        continue
                    if vm.group(0).endswith("ing") and not ing_cue:
                        continue  # "donations and speaking fees": a gerund, not a predicate
                    if _looks_like_clause(text[x.content[0]:vm.start()]):
                        break  # "said he was impressed and liked ...": inside the clause
                    x.content = _balance(text, *_strip(text, x.content[0], vm.start()))
                    break
        if len(sent_attrs) > 1:
            _cut_at_inner_quotes(text, sent_attrs)
        for x in colon_attrs:  # the clause before "‹X› said: “...”" ends at its comma
            for y in sent_attrs:
                if y is not x and y.content[0] < x.source[0] < y.content[1]:
                    cut = text.rfind(",", y.content[0], x.source[0])
                    if cut > y.content[0] and text[cut + 1:cut + 2] in ("\"", "”", "’"):
                        y.content = (y.content[0], cut + 2)  # 'at “less advanced schools,”'
                    elif cut > y.content[0]:
                        y.content = _balance(text, *_strip(text, y.content[0], cut))
        sent_attrs = [x for x in sent_attrs if not (x.cue and any(
            y is not x and y.content[0] <= x.cue[0] < y.content[1] and not (
                y.cue and x.content[0] <= y.cue[0] < x.content[1]) for y in sent_attrs))]
        sent_attrs = [x for x in sent_attrs if not _title_phrase(text, x, quotes, q_by_sent[si])]
        sent_attrs.sort(key=lambda x: x.content[0])
        attrs.extend(sent_attrs)
        direct = [x for x in sent_attrs if x.kind in ("direct", "mixed")]
        if direct:
            prev_direct = direct[-1]
        elif sent_attrs and sent_attrs[-1].kind in ("indirect", "according_to") and \
                si + 1 < len(sents) and (
                    (len(sent_attrs) == 1 and "\n" not in text[sb:sents[si + 1][0]]) or (
                        sent_attrs[-1].content[1] >= sb - 2 and q_by_sent[si + 1]
                        and quotes[q_by_sent[si + 1][0]][0] == sents[si + 1][0])):
            # a paraphrase followed by a quoted sentence, in the same paragraph or opening
            # the next one (when the paraphrase runs to the end of its sentence)
            prev_direct = sent_attrs[-1]
        elif sent_attrs or (not q_ids and _has_word(text, sa, sb)):
            prev_direct = None if sent_attrs else prev_direct
            # a narrative sentence without cues between two quotations of one speaker
            # in a paragraph does not end the speaker's turn
            if not q_ids and not sent_attrs and not (
                    prev_direct is not None and not cue_list
                    and "\n" not in text[prev_direct.content[1]:sb]
                    and prev_direct.kind in ("direct", "mixed")):
                prev_direct = None
    attrs.extend(_signed_paragraphs(text, quotes, attrs))
    attrs.extend(_asked_questions(text, inside, attrs))
    attrs.extend(_refusals(text, inside, attrs))
    attrs.extend(_appearances(text, inside, attrs))
    attrs.extend(_in_documents(text, inside, attrs))
    attrs.extend(_nominal_attributions(text, inside, attrs))
    return attrs


_IN_DOC_RE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’]\s)|(?<=\n))(?P<cue>In)\s+(?P<src>(?:a|an|the|its|his|her|"
    r"their|this|that)\s+[^,.;\n]{0,120}?\b(?:polls?|surveys?|study|report|analysis|filing|memo|"
    r"letter|statement|document|documents|ruling|complaint|lawsuit|indictment|emails?|book|"
    r"op-ed|column|affidavit|findings|data|forecast|projection|model|tally|count)\b"
    r"[^,;\n]{0,80}?),\s+(?=\S)")


_IN_DOC_TAIL_RE = re.compile(r"(?:conducted|released|published|taken|issued|out)\b[^,;.\n]{0,60},\s+")


def _in_documents(text: str, inside: bytearray, attrs: list[_Attr]) -> list[_Attr]:
    """"In the new Post-ABC poll, X leads by 10 points": a document as the source."""
    out = []
    n = len(text)
    i = text.find("In")
    last = 0
    while i >= 0:
        m = _IN_DOC_RE.match(text, i) if i >= last else None
        i = text.find("In", i + 1)
        if m is None:
            continue
        last = m.end()
        if inside[m.start()]:
            continue
        a = m.end()
        pm = _IN_DOC_TAIL_RE.match(text, a)
        if pm:
            a = pm.end()
        b = a
        while b < n and not (not inside[b] and (text[b] == "\n" or (
                text[b] in ".!?" and (b + 1 >= n or text[b + 1].isspace())))):
            b += 1
        content = _strip(text, a, b)
        if _word_count(text[content[0]:content[1]]) < 3 or content[1] - content[0] > 500 or any(
                x.content[0] < content[1] and content[0] < x.content[1] for x in attrs):
            continue
        out.append(_Attr("indirect", content, (m.start("cue"), m.end("cue")),
                         _strip(text, m.start("src"), m.end("src")), relay_seg=None))
    return out


_NOMINAL_RE = re.compile(
    r"(?<![\w’'\-])(?P<cue>(?:claims?|assertions?|suggestions?|warnings?|beliefs?|arguments?|"
    r"allegations?|accusations?|insistence|contention|fears?|concerns?|hopes?|"
    r"assurances?|predictions?|charges?|complaints?|admission|acknowledg(?:e)?ment|"
    r"insinuations?|notion|view)\s+(?=that\s)|"
    r"(?:promises?|pledges?|vows?|plans?|proposals?|threats?|demands?|calls?|refusal|"
    r"intention|offer)\s+(?=to\s+"
    r"(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b|be\s+(?:held|released|published)\b)"
    r"[a-z]{2,}\b))")
_THAT_TO_RE = re.compile(r"\s(?:that|to)\s")
_OWNER_RE = re.compile(r"(?<![\w.\-])(?:(?:the|The)\s+(?:[\w.\-]+\s+){0,2}[\w.\-]+|"
                       r"(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*|[\w.\-]+)$")
_POSSESSOR_RE = re.compile(r"(?<=\w)(?P<mark>’s|'s|’|')\s+(?:[a-z\-]+\s+){0,2}$")


def _nominal_attributions(text: str, inside: bytearray, attrs: list[_Attr]) -> list[_Attr]:
    """"Trump's claim that ...", "her pledge to ...": a noun of saying or intending with
    its clause. The possessor, when there is one, is the source."""
    out: list[_Attr] = []
    last = 0
    for tm in _THAT_TO_RE.finditer(text):
        # the noun ends right before " that " / " to ": match from its first letter
        k = tm.start()
        while k > 0 and text[k - 1].isspace():
            k -= 1
        j = k
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        if j < last or k - j < 3:
            continue
        m = _NOMINAL_RE.match(text, j)
        if m is None:
            continue
        last = m.end()
        cs = m.start("cue")
        ce = cs + len(m.group("cue").rstrip())
        if inside[cs] or any(x.cue and x.cue[0] <= cs < x.cue[1] for x in attrs):
            continue
        a = m.end("cue")
        sa, b = _clause_limits(text, inside, a)
        content = _strip(text, a, b)
        if _word_count(text[content[0]:content[1]]) < 3 or content[1] - content[0] > 400 or any(
                x.content[0] < content[1] and content[0] < x.content[1] for x in attrs + out):
            continue
        pm = _POSSESSOR_RE.search(text, max(sa, cs - 60), cs)
        src = None
        if pm:
            k = pm.start("mark")
            om = _OWNER_RE.search(text, max(sa, k - 60), k)
            if om:
                src = (om.start(), om.end())
        if src is None:
            dm = re.search(r"(?<![\w’'\-])(?:his|her|their|our|my)\s+(?:[a-z\-]+\s+){0,2}$",
                           text[max(sa, cs - 40):cs])
            if dm:
                k = max(sa, cs - 40) + dm.start()
                src = (k, k + len(dm.group(0).split()[0]))
        out.append(_Attr("indirect", content, (cs, ce), src, relay_seg=None))
    return out


_APPEAR_RE = re.compile(r"\b(?:appears|appeared|appear|seems|seemed|seem)\b(?=\s+(?:to|like|as\s+if|"
                        r"as\s+though|more|less|unlikely|likely|certain|poised|ready|set)\b|"
                        # an adjective complement: "seemed paralyzed", "appears somewhat uneasy"
                        r"\s+(?:(?:somewhat|quite|rather|very|so|too|increasingly|equally|"
                        r"clearly|largely|fairly|genuinely|visibly|relatively)\s+)?"
                        r"(?!(?:on|in|at|before|with|for|from|during|onstage|alongside|together|"
                        r"as|to|the|a|an|his|her|their|its|this|that|these|those|and|but|or|live|"
                        r"briefly|again|twice|once|only|here|there|then|now|just|also|not|"
                        r"never|first|later|earlier|inside|outside|online|via|through|after|"
                        r"when|while|without|within|under|over|near|by|beside|behind|"
                        r"publicly|personally|shortly|regularly|frequently|often|recently|"
                        r"nervous\w*ly|alone|together)\b)[a-z]{3,}(?:ed|ous|ful|ive|ble|ent|ant|"
                        r"ic|al|ary|ory|less|ish|y|ward|ing|er|est|un\w+|ready|open|calm|safe|"
                        r"sure|clear|stable|weak|strong|able|alive|aware|afraid)\b)")
# where the subject of "seems" starts: after a comma (and a conjunction), a subordinator,
# "but"; a bare "and" mostly joins noun phrases ("the parties and their donors seem")
_SUBJECT_START_RE = re.compile(r"(?:,\s+(?:(?:and|but)\s+)?|\b(?:that|but|because|while|"
                               r"although|though|as|if|when|now)\s+)(?=[\w“\"'‘])")


def _appearances(text: str, inside: bytearray, attrs: list[_Attr]) -> list[_Attr]:
    """"Mr. X seemed to overstay his welcome": an impression with no stated source.

    PolNeAR counts these as attributions with the whole clause (subject included) as content.
    """
    out = []
    for m in _literal_matches(_APPEAR_RE, text, ("appear", "seem")):
        if inside[m.start()]:
            continue
        sa, b = _clause_limits(text, inside, m.end())
        a = sa
        for sm in _SUBJECT_START_RE.finditer(text, sa, m.start()):
            if not inside[sm.start()] and _word_count(text[sm.end():m.start()]) >= 1:
                a = sm.end()
        content = _strip(text, a, b)
        if not (content[0] < m.start()) or content[1] - content[0] > 400 or any(
                x.content[0] < content[1] and content[0] < x.content[1] for x in attrs):
            continue
        out.append(_Attr("indirect", content, (m.start(), m.end()), None, relay_seg=None))
    return out


_SPACES_RE = re.compile(r"\s+")


def _literal_matches(pattern: re.Pattern[str], text: str,
                     literals: tuple[str, ...]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern each of whose matches begins with one
    of ``literals``: the pattern is tried only where a literal occurs.

    Examples
    --------
    >>> p = re.compile(r"\\b(?:seems|seem)\\b")
    >>> [m.span() for m in _literal_matches(p, "it seems, unseemly, seem", ("seem",))]
    [(3, 8), (20, 24)]
    """
    starts = []
    for lit in literals:
        i = text.find(lit)
        while i >= 0:
            starts.append(i)
            i = text.find(lit, i + 1)
    out: list[re.Match[str]] = []
    last = 0
    for i in sorted(set(starts)):
        if i < last:
            continue  # inside the previous match
        m = pattern.match(text, i)
        if m is not None:
            out.append(m)
            last = m.end()
    return out


_REFUSAL_RE = re.compile(r"\b(?:declined|declines|declining|refused|refuses|refusing)(?=\s+to\s+\w)")


def _clause_limits(text: str, inside: bytearray, pos: int) -> tuple[int, int]:
    """Start of the sentence holding ``pos`` and end of the clause after it."""
    a = 0
    for sep in (". ", "\n", "; "):
        k = text.rfind(sep, 0, pos)
        if k >= 0:
            a = max(a, k + len(sep))
    b, n = pos, len(text)
    while b < n and not (not inside[b] and (text[b] in ",;?!\n" or (
            text[b] == "." and (b + 1 >= n or text[b + 1].isspace())))):
        b += 1
    return a, b


def _refusals(text: str, inside: bytearray, attrs: list[_Attr]) -> list[_Attr]:
    """"X declined to comment", "X refused to say whether ...": the infinitive is the content."""
    out = []
    for m in _literal_matches(_REFUSAL_RE, text, ("declin", "refus")):
        if inside[m.start()] or any(x.cue and x.cue[0] <= m.start() < x.cue[1] for x in attrs):
            continue
        a = _SPACES_RE.match(text, m.end()).end()
        sa, b = _clause_limits(text, inside, a)
        content = _strip(text, a, b)
        if content[1] - content[0] > 400 or any(
                x.content[0] <= content[0] < x.content[1] or
                content[0] <= x.content[0] < content[1] for x in attrs):
            continue
        src = _source_before(text, sa, m.start()) if sa < m.start() else None
        out.append(_Attr("indirect", content, (m.start(), m.end()), src, relay_seg=None,
                         subject_fallback=src is None))
    return out


_ASKED_RE = re.compile(
    r"(?<![\w’'])(?:(?:[Ww]hen|[Ii]f|[Oo]nce|[Aa]fter\s+being|[Bb]efore\s+being|[Ww]hile\s+being)\s+)?"
    r"[Aa]sked(?:\s+by\s+(?P<by>[^,.;:\"“”]{1,60}?))?\s+(?:specifically\s+|directly\s+|again\s+|"
    r"later\s+)?(?=(?:if|whether|why|what|how|who|whom|when|where|which|about)\b)")


def _asked_scan_start(text: str) -> int:
    """A position no match of :data:`_ASKED_RE` starts before: the first "sked" less the
    longest lead the pattern allows ("Before  being  a" + "sked").

    Examples
    --------
    >>> t = "He spoke. Before being  asked why, ..."; _asked_scan_start(t) <= t.index("Before")
    True
    """
    q = text.find("sked") - 1
    while q > 0 and text[q - 1].isspace():
        q -= 1
    lo = q - 5  # "being"
    while lo > 0 and text[lo - 1].isspace():
        lo -= 1
    return max(0, lo - 6)  # "Before"


def _asked_questions(text: str, inside: bytearray, attrs: list[_Attr]) -> list[_Attr]:
    """"(When) asked (by X) whether/why/about ...": the question is the content.

    The asker (if named with "by") is the source; the answer that follows is attributed to
    the person answering by the other rules.
    """
    out: list[_Attr] = []
    if "sked" not in text:
        return out
    for m in _ASKED_RE.finditer(text, _asked_scan_start(text)):
        a = m.end()
        if inside[m.start()] or any(x.cue and x.cue[0] <= m.start() < x.cue[1] for x in attrs):
            continue
        b = a
        n = len(text)
        while b < n and not (not inside[b] and (text[b] in ",;?\n" or (
                text[b] == "." and (b + 1 >= n or text[b + 1].isspace())))):
            b += 1
        content = _strip(text, a, b)
        if _word_count(text[content[0]:content[1]]) < 1 or content[1] - content[0] > 400:
            continue
        if any(x.content[0] <= content[0] < x.content[1] or
               content[0] <= x.content[0] < content[1] for x in attrs):
            continue
        cue_s = m.start() + m.group(0).lower().index("asked")
        src = _strip(text, m.start("by"), m.end("by")) if m.group("by") else None
        out.append(_Attr("indirect", content, (cue_s, cue_s + 5), src, relay_seg=None))
    return out


_CLAUSE_HINT_RE = re.compile(
    r"^(?:that|whether|if|how|why|what|when|where|who)\b|^(?:he|she|they|we|I)\s+(?:\w+ly\s+)?"
    r"[a-z]+\b(?<!\band)(?<!\bor)|^(?:[\w’'\-,]+\s+){0,6}?(?:is|are|was|"
    r"were|will|would|can|could|should|must|may|might|has|have|had|did|does|do|won’t|"
    r"wouldn’t|can’t|isn’t|wasn’t|don’t|doesn’t|didn’t|[a-z]+ed)\b", re.IGNORECASE)


def _looks_like_clause(content: str) -> bool:
    """A reported clause ("that ...", "he was ...") rather than a plain object noun phrase."""
    return _CLAUSE_HINT_RE.match(content) is not None


# "..., Trump said: " / "..., to which O'Malley interjected: ": a short subject right after a
# clause boundary, the cue, a colon and the quotation mark
_COLON_CUE_SUBJECT_RE = re.compile(
    r",[\"”’]?\s+(?:(?:to\s+which|and|but|so|then|when|as|after\s+which)\s+)?"
    r"(?P<src>(?:(?:[A-Z][\w.’'\-]*|of|the|de|van|von)\s+){0,4}[A-Z][\w.’'\-]*|he|she|they|"
    r"we|I|He|She|They|We)\s+$")


def _colon_cue_quote(text: str, sa: int, quote: tuple[int, int],
                     cue_list: list[tuple[int, int, str]], used_cue: set[int]) -> _Attr | None:
    """A direct quote introduced by "‹subject› ‹cue›:" after another clause of the sentence
    ("After Scalia said that ..., Trump said: “I don't like it.”"): the colon and the
    quotation mark make it an attribution of its own, whatever came before.

    Examples
    --------
    >>> t = 'After Scalia said that they erred, Trump said: "I do not like it."'
    >>> s1, s2, q = t.index("said"), t.rindex("said"), t.index('"')
    >>> cues = [(s1, s1 + 4, "said"), (s2, s2 + 4, "said")]
    >>> a = _colon_cue_quote(t, 0, (q, len(t)), cues, set())
    >>> t[a.source[0]:a.source[1]], t[a.cue[0]:a.cue[1]], t[a.content[0]:a.content[1]]
    ('Trump', 'said:', '"I do not like it."')
    """
    qa, qb = quote
    cue = next((c for c in cue_list if c[1] <= qa and c[0] not in used_cue
                and _COLON_ONLY_RE.fullmatch(text, c[1], qa)), None)
    if cue is None:
        return None
    cs, ce, _ = cue
    # the subject follows a comma; "X said: “...”" opening a sentence is left to the
    # other passes
    m = _COLON_CUE_SUBJECT_RE.search(text, max(sa, cs - 60), cs)
    if m is None:
        return None
    src = (m.start("src"), m.end("src"))
    colon = text.index(":", ce, qa)
    return _Attr("direct", (qa, qb), (cs, colon + 1), src, relay_seg=(src[0], qa))


def _subject(text: str, sa: int, limit: int) -> tuple[int, int] | None:
    """The first noun phrase of a sentence (after a leading adverbial clause)."""
    seg = text[sa:limit]
    lead = re.match(r"^(?:[^,]{0,60},\s+)", seg)
    off = sa
    if lead and re.match(r"^(?:With|In|On|After|Before|As|When|While|Meanwhile|Later|Earlier|"
                         r"Also|However|But|And|Still|Now|Then|On\s+\w+day)\b", seg):
        off = sa + lead.end()
    words = list(re.finditer(r"[^\s,]+", text[off:limit]))
    end = off
    for i, w in enumerate(words):
        tok = w.group(0)
        low = tok.lower()
        if i > 0 and (low in _COMMON_VERBS or (low.endswith("ed") and not tok[:1].isupper())
                      or low in _BOUNDARY_WORDS):
            break
        end = off + w.end()
        if i >= 6:
            break
    a, b = _strip(text, off, end)
    return (a, b) if b > a else None


def extract_quotes(articles: pd.DataFrame, *, text_col: str = "text",
                   country: str | None = None,
                   lexicon: SourceLexicon | None = None, method: str = "rules",
                   progress: bool | None = None) -> pd.DataFrame:
    """Find every attribution (quote) in each article.

    Parameters
    ----------
    articles
        Articles table; needs ``article_id`` and ``text_col``. Not modified.
    text_col
        Column with the article text; offsets are into this text.
    country
        The event's country, used to mark government sources domestic or foreign. By
        default it is inferred per article as the country the title and text mention most.
    lexicon
        Source-type lexicon (default: :func:`load_source_types`).
    method
        ``"rules"`` (default): the cue lexicon and quotation-mark rules of this module,
        milliseconds per article. ``"tagger"``: the rules, then the learned attribution
        tagger of :mod:`newslib.sourcing_tagger`, which adds the attributions the rules
        miss (better recall on PolNeAR; about 0.1-0.2 s per article; needs
        ``pip install "newslib[tagger]"``).
    progress
        With ``method="tagger"``: show a progress bar (default: for 20 articles or more).

    Returns
    -------
    DataFrame
        One row per attribution with the columns of :data:`QUOTE_COLUMNS`: ``kind``
        (direct, indirect, mixed, according_to), content/cue/source offsets into the text,
        ``cue`` and its ``cue_stance`` (framing lexicon), ``source_text``, resolved
        ``speaker`` and ``role``, ``source_type`` (see ``source_types.yaml``),
        ``government_scope`` (domestic/foreign/None) and ``relay`` (relaying parties in
        order, "; "-joined).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": [
    ...     '"We will win," police spokesman John Smith told reporters. '
    ...     'The ministry said the talks had failed.']})
    >>> q = extract_quotes(arts)
    >>> q[["kind", "cue", "speaker", "role", "source_type"]].values.tolist()
    [['direct', 'told reporters', 'John Smith', 'police spokesman', 'police_security'], ['indirect', 'said', 'ministry', <NA>, 'government']]
    >>> t = arts.loc[0, "text"]; t[q.loc[0, "content_start"]:q.loc[0, "content_end"]]
    '"We will win,"'
    """
    require_columns(articles, ["article_id", text_col], where="extract_quotes",
                    hint=f"pass text_col=... naming the text column (now {text_col!r})")
    if method not in ("rules", "tagger"):
        raise ValueError(f"extract_quotes: unknown method {method!r}; use 'rules' or 'tagger'")
    if method == "tagger":
        from newslib.sourcing_tagger import add_tagged, load_tagger
        tagger = load_tagger()  # fails early, before the rules run, when not installed
        rules = extract_quotes(articles, text_col=text_col, country=country, lexicon=lexicon)
        return add_tagged(articles, rules, text_col=text_col, country=country,
                          lexicon=lexicon, tagger=tagger, progress=progress)
    lex = lexicon or _default_lexicon()
    cues = _cue_lexicon(lex)
    media_re = lex._word_re.get("media")
    rows: list[dict[str, Any]] = []
    # plain lists: one pandas look-up per article costs more than its country search
    titles = articles["title"].tolist() if "title" in articles.columns else None
    for idx, (aid, text) in enumerate(zip(articles["article_id"].tolist(),
                                          articles[text_col].tolist())):
        if not isinstance(text, str) or not text:
            continue
        ctry = country
        if ctry is None:
            title = titles[idx] if titles is not None else None
            ctry = infer_country((title if isinstance(title, str) else "") + "\n" + text,
                                 lexicon=lex)
        rows.extend(_rows_for(aid, text, ctry, lex, cues, media_re))
    out = pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))
    return out.astype(QUOTE_COLUMNS).reset_index(drop=True)


_KIND_MARK_RE = re.compile("[\"“”«»„‘]")


def _kind_of(content: str) -> str:
    """direct (all quoted), mixed (partly quoted) or indirect (no quotation marks).

    Examples
    --------
    >>> _kind_of('“We won,”'), _kind_of('the vote was “a farce.”'), _kind_of('they won.')
    ('direct', 'mixed', 'indirect')
    >>> _kind_of("‘We will rebuild’"), _kind_of("the protesters’ demands")
    ('direct', 'indirect')
    """
    c = content.strip().rstrip(".,;:!?)")
    if (c[:1] in "\"“«„‘" or c[:2] == "''") and (c[-1:] in "\"”»“’" or c[-2:] == "''") and \
            not (c[:1] == "‘" and c[-1:] != "’"):
        return "direct"
    if _KIND_MARK_RE.search(c) or "''" in c:
        return "mixed"
    return "indirect"


def _balance(text: str, a: int, b: int) -> tuple[int, int]:
    """Take in the closing (or opening) quotation mark a content span cut off."""
    seg = text[a:b]
    n = sum(map(seg.count, "\"“”«»„"))
    if n % 2 == 1:
        if b < len(text) and text[b] in "\"”»":
            b += 1
        elif a > 0 and text[a - 1] in "\"“«„":
            a -= 1
    elif n == 0 and seg.count("''") % 2 == 1:  # the doubled apostrophe of some archives
        if text.startswith("''", b) and not seg.endswith("'"):
            b += 2
        elif a > 1 and text[a - 2:a] == "''" and not seg.startswith("'"):
            a -= 2
    return a, b


def _describe_source(resolver: _Resolver, text: str, span: tuple[int, int] | None,
                     ctry: str | None, lex: SourceLexicon) -> tuple[Any, ...]:
    """(source_text, speaker, role, source_type, government_scope) of a source span."""
    if span is None:
        return None, None, None, "other", None
    src_text = text[span[0]:span[1]]
    dot = text.rfind(". ", 0, span[0])
    ante = _antecedent(text, dot + 2 if dot >= 0 else 0, span)
    ante_text = text[ante[0]:ante[1]] if ante else src_text
    speaker, role, class_text = resolver.resolve(ante_text, ante[0] if ante else span[0], None)
    if speaker and speaker in lex.people:
        stype = lex.people[speaker]
        scope = "domestic" if stype == "government" and ctry else None
        resolver.remember(speaker, role, class_text or src_text, span[0], True)
        return src_text, speaker, role, stype, scope
    stype, scope = classify_source(class_text or src_text, country=ctry, lexicon=lex)
    if stype == "other" and class_text != src_text:
        stype, scope = classify_source(src_text, country=ctry, lexicon=lex)
    person = bool(speaker) and split_speaker(speaker)[0] == speaker
    resolver.remember(speaker, role, class_text or src_text, span[0], person)
    return src_text, speaker, role, stype, scope


def resolve_sources(spans: pd.DataFrame, articles: pd.DataFrame, *, text_col: str = "text",
                    start_col: str = "start", end_col: str = "end",
                    country: str | None = None,
                    lexicon: SourceLexicon | None = None) -> pd.DataFrame:
    """Speaker, role and source type of source spans you already have.

    The same resolution and classification :func:`extract_quotes` applies, for spans
    from elsewhere (a gold annotation, another extractor). Spans are resolved in text
    order per article, so pronouns take the last full mention before them.

    Parameters
    ----------
    spans
        Needs ``article_id`` and the offsets (``start_col``, ``end_col``). Not modified.
    articles
        The articles table the offsets point into. Not modified.

    Returns
    -------
    DataFrame
        A copy of ``spans`` with ``source_text``, ``speaker``, ``role``, ``source_type``
        and ``government_scope`` added.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": [
    ...     "Police spokesman John Smith arrived. Later he said it was calm."]})
    >>> spans = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 43], "end": [27, 45]})
    >>> resolve_sources(spans, arts)[["speaker", "source_type"]].values.tolist()
    [['John Smith', 'police_security'], ['John Smith', 'police_security']]
    """
    require_columns(spans, ["article_id", start_col, end_col], where="resolve_sources",
                    hint="pass start_col=/end_col= naming the offset columns")
    require_columns(articles, ["article_id", text_col], where="resolve_sources(articles)",
                    hint=f"pass text_col=... (now {text_col!r})")
    lex = lexicon or _default_lexicon()
    texts = dict(zip(articles["article_id"], articles[text_col]))
    out = spans.copy()
    results: dict[Any, tuple[Any, ...]] = {}
    order = out.sort_values(["article_id", start_col]).index
    resolvers: dict[str, tuple[_Resolver, str | None]] = {}
    for idx in order:
        aid = out.at[idx, "article_id"]
        text = texts.get(aid)
        if not isinstance(text, str) or pd.isna(out.at[idx, start_col]):
            results[idx] = (None, None, None, None, None)
            continue
        if aid not in resolvers:
            resolvers[aid] = (_Resolver(text, lex), country or infer_country(text, lexicon=lex))
        resolver, ctry = resolvers[aid]
        span = (int(out.at[idx, start_col]), int(out.at[idx, end_col]))
        results[idx] = _describe_source(resolver, text, span, ctry, lex)
    for k, name in enumerate(("source_text", "speaker", "role", "source_type",
                              "government_scope")):
        out[name] = pd.Series([results[i][k] for i in out.index], index=out.index,
                              dtype="string")
    return out


# "..., according to X, a group that ..." / "..., according to X, who ...": X's description
_APPOSITIVE_START_RE = re.compile(r"(?:who|whom|whose|which|where|a|an|the|one|its|his|her|their|"
                                  r"now|then|also|both|former|currently|[a-z]+ing)\b")
_MIXED_END_RE = re.compile(r",(?:[\"”]|'')\s+(?=(?:[a-z]+ing|who|which|while|whereas|his|her|"
                           r"their|an?|another|the|and\s+(?!that\b)|but\s+(?!that\b)|all)\b)")
_LEAD_ADVERB_RE = re.compile(r"(?:Later|Earlier|Then|Meanwhile|Still|Also|But|And|So|Now|Today|"
                             r"Yesterday|Afterwards?|Instead|However|Separately|Previously|"
                             r"Ultimately|Finally|Again|Indeed|Yet)\s*,?\s+(?=\S)")
_LEAD_PREP_RE = re.compile(r"(?:about|of|as|for|with|on)\s+")


def _cue_stance(cues: _Cues, cue_txt: str | None) -> str | None:
    """Stance of a cue from the framing lexicon of attribution verbs ("other" if absent)."""
    cue_key = " ".join(cue_txt.lower().split()) if cue_txt else None
    if not cue_key:
        return None
    stance = cues.stance.get(cue_key)
    if stance is None:
        first = cue_key.split()[0]
        stance = cues.stance.get(cue_key.split(" in ")[0], cues.stance.get(first, "other"))
    return stance


def _rows_for(aid: str, text: str, ctry: str | None, lex: SourceLexicon, cues: _Cues,
              media_re: re.Pattern[str] | None) -> list[dict[str, Any]]:
    attrs = _extract_one(text, cues, lex)
    for at in attrs:
        at.content = _balance(text, *at.content)
        # "talks about “X”", "chants of “X”", "labeled as a “X”": the preposition belongs
        # to the cue, not to the content (PolNeAR's convention)
        pm = _LEAD_PREP_RE.match(text, at.content[0], at.content[1])
        if pm and at.kind != "according_to" and at.content[1] - pm.end() > 2:
            if at.cue and at.cue[0] < at.content[0] and not text[at.cue[1]:at.content[0]].strip():
                at.cue = (at.cue[0], pm.end() - len(pm.group(0)) + len(pm.group(0).rstrip()))
            at.content = (pm.end(), at.content[1])
        if at.kind != "according_to":
            at.kind = _kind_of(text[at.content[0]:at.content[1]])
        if at.source:
            dm = _DATELINE_RE.match(text, at.source[0], at.source[1])
            if dm and dm.end() < at.source[1]:
                at.source = (dm.end(), at.source[1])  # "WASHINGTON — X argued ..."
            lm = _LEAD_ADVERB_RE.match(text, at.source[0], at.source[1])
            if lm and lm.end() < at.source[1]:
                at.source = (lm.end(), at.source[1])  # "Later Roe said": the source is Roe
        if at.kind == "mixed" and not at.final:
            # 'stressed that "the way ... together," suggesting ...': a mixed content ends
            # at a comma-closed quotation followed by a participle, relative or new phrase
            cm = _MIXED_END_RE.search(text, at.content[0], at.content[1])
            if cm and cm.start() > at.content[0] + 3:
                at.content = (at.content[0], cm.start() + len(cm.group(0).rstrip()))
    resolver = _Resolver(text, lex)
    rows = []
    for qid, at in enumerate(sorted(attrs, key=lambda x: x.content[0])):
        src_text, speaker, role, stype, scope = _describe_source(resolver, text, at.source,
                                                                 ctry, lex)
        relay = _relays(text[at.relay_seg[0]:at.relay_seg[1]], media_re) if at.relay_seg \
            else []
        cue_txt = text[at.cue[0]:at.cue[1]] if at.cue else None
        stance = _cue_stance(cues, cue_txt)
        rows.append({
            "article_id": aid, "quote_id": qid, "kind": at.kind,
            "content_start": at.content[0], "content_end": at.content[1],
            "cue_start": at.cue[0] if at.cue else None, "cue_end": at.cue[1] if at.cue else None,
            "cue": cue_txt, "cue_stance": stance,
            "source_start": at.source[0] if at.source else None,
            "source_end": at.source[1] if at.source else None,
            "source_text": src_text, "speaker": speaker, "role": role,
            "source_type": stype, "government_scope": scope,
            "relay": "; ".join(relay) if relay else None,
        })
    return rows


# --------------------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------------------


def summarise_sources(quotes: pd.DataFrame, articles: pd.DataFrame, *,
                      by: Literal["outlet", "article"] = "outlet",
                      text_col: str = "text") -> pd.DataFrame:
    """Who speaks, per outlet (or per article) and source type.

    Parameters
    ----------
    quotes
        Output of :func:`extract_quotes`. Not modified.
    articles
        The articles table the quotes came from (for ``outlet`` and the text). Not
        modified.
    by
        ``"outlet"`` or ``"article"`` (``article_id``).

    Returns
    -------
    DataFrame
        One row per group and ``source_type``: ``quotes``, ``sources`` (distinct
        speakers), ``words_quoted`` (words in the content spans), ``share_of_quotes`` in
        the group, counts per kind (``direct``, ``indirect``, ``mixed``,
        ``according_to``) and ``share_direct``, counts per cue stance (``neutral``,
        ``distancing``, ``endorsing``, ``other_stance``), ``speaks_first`` and
        ``speaks_last`` (number of articles whose first / last attribution has this type).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "text": [
    ...     'Police said two people died. "It is calm," the mayor claimed.']})
    >>> s = summarise_sources(extract_quotes(arts), arts)
    >>> s[["outlet", "source_type", "quotes", "speaks_first", "speaks_last"]].values.tolist()
    [['X', 'government', 1, 0, 1], ['X', 'police_security', 1, 1, 0]]
    """
    require_columns(quotes, ["article_id", "kind", "content_start", "content_end",
                             "source_type", "speaker", "cue_stance"], where="summarise_sources",
                    hint="pass the table returned by extract_quotes")
    key = "outlet" if by == "outlet" else "article_id"
    if by not in ("outlet", "article"):
        raise ValueError(f"by={by!r}: choose 'outlet' or 'article'")
    require_columns(articles, ["article_id", text_col] + (["outlet"] if by == "outlet" else []),
                    where="summarise_sources(articles)",
                    hint="pass the articles table the quotes were extracted from")
    texts = dict(zip(articles["article_id"], articles[text_col]))
    q = quotes.copy()
    if by == "outlet":
        q = q.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    q["words"] = [
        _word_count(texts.get(a, "")[s:e]) if isinstance(texts.get(a), str) else 0
        for a, s, e in zip(q["article_id"], q["content_start"], q["content_end"])]
    q = q.sort_values(["article_id", "content_start"])
    first = q.groupby("article_id").head(1)
    last = q.groupby("article_id").tail(1)
    q["speaks_first"] = q.index.isin(first.index).astype(int)
    q["speaks_last"] = q.index.isin(last.index).astype(int)
    q["speaker_key"] = q["speaker"].fillna(q.get("source_text")).astype("string")
    for k in KINDS:
        q[k] = (q["kind"] == k).astype(int)
    for st in ("neutral", "distancing", "endorsing"):
        q[st] = (q["cue_stance"] == st).astype(int)
    q["other_stance"] = (q["cue_stance"] == "other").astype(int)
    g = q.groupby([key, "source_type"], dropna=False)
    out = g.agg(quotes=("kind", "size"), sources=("speaker_key", "nunique"),
                words_quoted=("words", "sum"), direct=("direct", "sum"),
                indirect=("indirect", "sum"), mixed=("mixed", "sum"),
                according_to=("according_to", "sum"), neutral=("neutral", "sum"),
                distancing=("distancing", "sum"), endorsing=("endorsing", "sum"),
                other_stance=("other_stance", "sum"), speaks_first=("speaks_first", "sum"),
                speaks_last=("speaks_last", "sum")).reset_index()
    totals = out.groupby(key)["quotes"].transform("sum")
    out["share_of_quotes"] = out["quotes"] / totals
    out["share_direct"] = (out["direct"] + out["mixed"]) / out["quotes"]
    cols = [key, "source_type", "quotes", "sources", "words_quoted", "share_of_quotes",
            "direct", "indirect", "mixed", "according_to", "share_direct", "neutral",
            "distancing", "endorsing", "other_stance", "speaks_first", "speaks_last"]
    return out[cols].sort_values([key, "source_type"]).reset_index(drop=True)
