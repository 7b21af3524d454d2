"""Scare quotes: short quoted words that the outlet holds at a distance.

A quoted span is one of

``scare``
    a short span (at most ``max_words`` words) that no speaker in its sentence is said to
    have uttered: the outlet marks the word itself (Dozens of protesters were
    "eliminated"; the "peaceful" protest).
``partial``
    a short span attributed to someone in the same sentence by a reporting verb or
    phrase from the attribution lexicon (The EU called for "restraint"; what police
    called "terrorists"; "a disgrace," he said).
``full``
    a longer quotation (more than ``max_words`` words) or a short complete utterance
    ("No," he said).
``name``
    a title or proper name in quotes ("Saturday Night Live"): two or more words, all
    capitalised, or one capitalised word after "called"/"named"/"titled" with no
    attribution. Not a scare quote.

Quote marks recognised: straight and curly double quotes, and curly or straight single
quotes whose opening mark starts a word and whose closing mark ends one (apostrophes
inside words are skipped). Spans never cross a paragraph break; attribute values of
markup left in the text (``author="@AP"``) are skipped.

The attribution cue is searched in the sentence outside quoted text: a form from
:func:`newslib.framing.load_attribution_verbs` (any stance), or a colon before the
quote. The speaker (``attributed_to``) is the stretch before the cue back to a clause
boundary, or the words between the quote and a following cue ("..., police said").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

import ahocorasick
import pandas as pd

from newslib.framing._text import get_sentences, lower_same_length
from newslib.framing.lexicons import load_attribution_verbs
from newslib.framing.mentions import _typed_frame
from newslib.schema import require_columns

SCARE_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "n_words", "kind",
                 "cue", "cue_start", "cue_end", "attributed_to"]

_DOUBLE_RE = re.compile(r'"([^"\n]{1,2000})"|“([^“”\n]{1,2000})”')
# (the check on the character before the opening mark comes after the mark, so that the
# engine can jump from mark to mark: "(?<![\w'‘’])['‘]" would be tried at every position)
_SINGLE_RE = re.compile(
    r"['‘](?<![\w'‘’]['‘])([^'‘’\n\"“”]{1,200}?)['’](?![\w'‘’])")
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_NAMING = {"called", "named", "titled", "entitled", "dubbed", "nicknamed", "known as",
           "branded", "labelled", "labeled", "termed"}
_MENTION_BEFORE = ("so-called", "so called", "the term", "the word", "the phrase",
                   "the label", "the expression", "the slogan", "charged term", "term,",
                   "word,", "phrase,")
_TITLE_SMALL = {"the", "of", "and", "a", "an", "in", "on", "for", "to", "at", "by", "with",
                "or", "from"}
_DET_BEFORE = re.compile(r"\b(?:the|a|an|his|her|their|its|this|that|our|my|your)\s+$")
_BOUNDARY = re.compile(r"[,;:()—–]|\b(?:but|while|whereas|as|after|when|that|which|who)\b")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of the text inside quote marks (marks excluded).

    Examples
    --------
    >>> t = 'They were "eliminated" and \\'so-called\\' rebels; it\\'s “fine”.'
    >>> [t[s:e] for s, e in quoted_spans(t)]
    ['eliminated', 'so-called', 'fine']
    """
    spans = []
    for m in _DOUBLE_RE.finditer(text):
        g = 1 if m.group(1) is not None else 2
        if text[max(0, m.start() - 1):m.start()] == "=" or "=" in m.group(g)[:1]:
            continue  # markup attribute (<tweet author="@AP">), not a quotation
        spans.append((m.start(g), m.end(g)))
    # double-quoted matches do not overlap and come in order: find the one a single
    # quote could fall in by bisection
    taken_starts = [s - 1 for s, _ in spans]
    taken_ends = [e + 1 for _, e in spans]
    for m in _SINGLE_RE.finditer(text):
        s, e = m.start(1), m.end(1)
        k = bisect_right(taken_starts, s) - 1
        if k >= 0 and s < taken_ends[k]:
            continue
        inner = text[s:e]
        if not inner.strip() or inner != inner.strip():
            continue
        spans.append((s, e))
    return sorted(spans)


_WORDISH = re.compile(r"[\w-]")  # a char that glues a cue to its neighbour word
_NAMING_BEFORE = tuple(_NAMING | {"on", "of", "for", "from"})


@lru_cache(maxsize=8)
def _cue_matcher(forms: frozenset[str]) -> ahocorasick.Automaton:
    """Aho-Corasick automaton over the cue forms; values are the forms' lengths."""
    auto = ahocorasick.Automaton()
    for f in forms:
        if f:
            auto.add_word(f, len(f))
    auto.make_automaton()
    return auto


def _find_cues(masked_s: str, auto: ahocorasick.Automaton) -> list[tuple[int, int]]:
    r"""Cue matches in ``masked_s`` as ``(start, end)``, as the regex
    ``(?<![\w-])(?:form|...)(?![\w-])`` (forms longest first) would find them with
    ``finditer``: leftmost, longest, not overlapping; then those after a determiner
    ("the call for" is a noun) are dropped."""
    if not len(auto):
        return []
    n = len(masked_s)
    cands = []
    for last, length in auto.iter(masked_s):
        start, end = last - length + 1, last + 1
        if start > 0 and _WORDISH.match(masked_s, start - 1):
            continue
        if end < n and _WORDISH.match(masked_s, end):
            continue
        cands.append((start, -length))
    if not cands:
        return []
    cands.sort()
    cues = []
    last_end = -1
    for start, neg in cands:
        if start >= last_end:
            last_end = start - neg
            # the regex _DET_BEFORE on the prefix: skip back over the spaces, then look at
            # the few characters a determiner can take (the search still sees the text
            # before its start position, so \b is decided as on the whole prefix)
            j = start
            while j > 0 and masked_s[j - 1].isspace():
                j -= 1
            if j < start and _DET_BEFORE.search(masked_s, max(0, j - 6), start):
                continue
            cues.append((start, last_end))
    return cues


class _Window:
    """What every quote in one sentence window shares: the lower-cased window with all
    its quoted spans blanked out (same length), the cue matches in it and whether the
    window reads like a headline (mostly capitalised words outside quotes; worked out
    only when a rule asks)."""

    __slots__ = ("masked_s", "cues", "_text", "_s0", "_blanks", "_headline")

    def __init__(self, text: str, low: str, s0: int, s1: int,
                 quotes_in_sentence: list[tuple[int, int]], auto: ahocorasick.Automaton):
        # blanked stretches: each quoted span with its marks, clipped to the window and
        # merged where they overlap
        blanks = []
        pos = s0
        for a, b in sorted((max(a - 1, s0), min(b + 1, s1)) for a, b in quotes_in_sentence):
            if b > pos:
                blanks.append((max(a, pos), b))
                pos = b
        self._text, self._s0, self._blanks, self._headline = text, s0, blanks, None
        self.masked_s = _blank_out(low, s0, s1, blanks)
        self.cues = [(a + s0, b + s0) for a, b in _find_cues(self.masked_s, auto)]

    @property
    def headline(self) -> bool:
        if self._headline is None:
            s0 = self._s0
            masked_text = _blank_out(self._text, s0, s0 + len(self.masked_s), self._blanks)
            capitalised = [w for w in _WORD_RE.findall(masked_text) if len(w) > 3]
            self._headline = len(capitalised) >= 3 and \
                sum(w[0].isupper() for w in capitalised) >= 0.8 * len(capitalised)
        return self._headline


def _blank_out(text: str, s0: int, s1: int, blanks: list[tuple[int, int]]) -> str:
    """``text[s0:s1]`` with the sorted, disjoint ``blanks`` replaced by spaces."""
    parts = []
    pos = s0
    for a, b in blanks:
        parts += [text[pos:a], " " * (b - a)]
        pos = b
    parts.append(text[pos:s1])
    return "".join(parts)


def _classify(text: str, low: str, s0: int, s1: int, q0: int, q1: int, window: _Window,
              max_words: int) -> dict:
    inner = text[q0:q1]
    words = _WORD_RE.findall(inner)
    n = len(words)
    rec = {"start": q0, "end": q1, "text": inner, "n_words": n, "kind": "scare",
           "cue": None, "cue_start": -1, "cue_end": -1, "attributed_to": None}
    masked_s = window.masked_s
    before = low[s0:q0].rstrip().rstrip("\"“‘'").rstrip()
    is_caps = bool(words) and words[0][0].isupper() and words[-1][0].isupper() and all(
        w[0].isupper() or not w[0].isalpha() or w in _TITLE_SMALL for w in words)
    naming_before = before.endswith(_NAMING_BEFORE)
    if before.endswith(_MENTION_BEFORE):
        rec["kind"] = "scare"  # so-called "rebels"; the term "radical Islam"
        return rec
    if is_caps and (n >= 2 or naming_before or q0 - s0 > 2) and not window.headline:
        rec["kind"] = "name"
        return rec
    head_colon = ":" in before and len(_WORD_RE.findall(before.split(":")[0])) <= 6
    colon_before = before.endswith(":") or (head_colon and window.headline)
    utterance = bool(words) and inner[:1].isupper() and inner.rstrip()[-1:] in ",.!?" \
        and (n >= 3 or (q0 - s0) < 3) and not (not before.endswith(":") and window.headline)
    speech_cues = window.cues
    whole_sentence = q0 - s0 <= 1 and s1 - q1 <= 2 and n >= 3 and inner[:1].isupper()
    if n > max_words or (utterance and (speech_cues or colon_before)) or whole_sentence:
        rec["kind"] = "full"
    elif speech_cues or colon_before:
        rec["kind"] = "partial"
    if speech_cues:
        # nearest cue to the quote
        c0, c1 = min(speech_cues, key=lambda c: min(abs(c[1] - q0), abs(c[0] - q1)))
        rec.update(cue=text[c0:c1], cue_start=c0, cue_end=c1)
        if c1 <= q0:  # cue before the quote: speaker is the stretch before the cue
            left = masked_s[:c0 - s0]
            cut = max((m.end() for m in _BOUNDARY.finditer(left)), default=0)
            who = text[s0 + cut:c0].strip(" ,\"“”'")
        else:  # cue after the quote: "..., police said" or "said police"
            between = text[q1 + 1:c0].strip(" ,\"“”'")
            after = masked_s[c1 - s0:]
            m = _BOUNDARY.search(after)
            who = between or text[c1:c1 + (m.start() if m else len(after))].strip(" ,.\"“”'")
        rec["attributed_to"] = who or None
    return rec


class _Units:
    """Sentence spans ``(sentence_id, start, end)`` of one article, in table order, with
    the three look-ups the classifier needs. Bisection when the spans are sorted (starts
    and ends non-decreasing, as newslib.segment makes them); otherwise a linear scan in
    table order, which gives the same answers."""

    __slots__ = ("units", "starts", "ends", "sorted")

    def __init__(self, units: list[tuple[int, int, int]]):
        self.units = units
        self.starts = [u[1] for u in units]
        self.ends = [u[2] for u in units]
        self.sorted = all(a <= b for a, b in zip(self.starts, self.starts[1:])) and \
            all(a <= b for a, b in zip(self.ends, self.ends[1:]))

    def holding_start(self, q0: int) -> tuple[int, int, int] | None:
        """First unit with ``start <= q0 < end + 1``."""
        if not self.sorted:
            return next((u for u in self.units if u[1] <= q0 < u[2] + 1), None)
        k = bisect_left(self.ends, q0)  # first with end >= q0
        return self.units[k] if k < len(self.units) and self.starts[k] <= q0 else None

    def holding_end(self, q1: int) -> tuple[int, int, int] | None:
        """First unit with ``start < q1 <= end + 1``."""
        if not self.sorted:
            return next((u for u in self.units if u[1] < q1 <= u[2] + 1), None)
        k = bisect_left(self.ends, q1 - 1)
        return self.units[k] if k < len(self.units) and self.starts[k] < q1 else None

    def starting_from(self, pos: int) -> tuple[int, int, int] | None:
        """First unit with ``start >= pos``."""
        if not self.sorted:
            return next((u for u in self.units if u[1] >= pos), None)
        k = bisect_left(self.starts, pos)
        return self.units[k] if k < len(self.units) else None


def find_scare_quotes(articles: pd.DataFrame, *, text_col: str = "text",
                      max_words: int = 4, sentences: pd.DataFrame | bool = True,
                      verbs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Find quoted spans and mark each as scare quote, partial or full quotation (or name).

    See the module docstring for the rules.

    Parameters
    ----------
    articles : DataFrame
        Articles with ``article_id`` and ``text_col``. Not modified.
    text_col : str
        Text column (``"title"`` works too: headlines are where scare quotes live).
    max_words : int
        Longest span, in words, that can be a scare quote or a partial quotation.
    sentences : DataFrame or bool
        A sentences table for ``text_col``, ``True`` to split, ``False`` to treat each
        paragraph as one sentence.
    verbs : DataFrame, optional
        Attribution lexicon (:func:`newslib.framing.load_attribution_verbs`).

    Returns
    -------
    DataFrame
        ``article_id``, ``sentence_id``, ``start``, ``end`` (the quoted words, marks
        excluded), ``text``, ``n_words``, ``kind`` (scare, partial, full, name), ``cue``,
        ``cue_start``, ``cue_end``, ``attributed_to``.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": [
    ...     'Dozens of protesters were "eliminated". The EU called for "restraint".']})
    >>> find_scare_quotes(arts)[["text", "kind", "cue", "attributed_to"]].values.tolist()
    [['eliminated', 'scare', <NA>, <NA>], ['restraint', 'partial', 'called for', 'The EU']]
    """
    require_columns(articles, ["article_id", text_col], where="find_scare_quotes",
                    hint=f"pass text_col=... (got {text_col!r})")
    verbs = verbs if verbs is not None else load_attribution_verbs()
    auto = _cue_matcher(frozenset(verbs["form"]) | _NAMING)
    texts = {a: t for a, t in zip(articles["article_id"], articles[text_col], strict=True)
             if isinstance(t, str) and t}
    rows = []
    with_quotes = {a: t for a, t in texts.items()
                   if '"' in t or "“" in t or "'" in t or "‘" in t}
    if isinstance(sentences, pd.DataFrame):
        sents = sentences
    elif sentences and with_quotes:
        sub = pd.DataFrame({"article_id": list(with_quotes), text_col: list(with_quotes.values())})
        sents = get_sentences(sub, text_col=text_col)
    else:
        sents = None
    by_article: dict[str, list[tuple[int, int, int]]] = {}
    if sents is not None and len(sents) and not sents["article_id"].isna().any():
        sid_a, s_a, e_a = (sents[c].to_numpy(dtype="int64") for c in ("sentence_id", "start",
                                                                      "end"))
        for a, idx in sents.groupby("article_id", sort=False).indices.items():
            by_article[a] = list(zip(sid_a[idx].tolist(), s_a[idx].tolist(),
                                     e_a[idx].tolist(), strict=True))
    elif sents is not None:
        for a, sid, s, e in zip(sents["article_id"], sents["sentence_id"], sents["start"],
                                sents["end"], strict=True):
            by_article.setdefault(a, []).append((int(sid), int(s), int(e)))
    for aid, text in with_quotes.items():
        spans = quoted_spans(text)
        if not spans:
            continue
        span_starts = [a for a, _ in spans]
        low = lower_same_length(text)
        units = by_article.get(aid)
        if units is None:
            units = []
            pos = 0
            for m in re.finditer(r"\n\s*\n|$", text):
                units.append((-1, pos, m.start()))
                pos = m.end()
        lookup = _Units(units)
        windows: dict[tuple[int, int], _Window] = {}
        for q0, q1 in spans:
            # the sentence(s) around the quote: from the one holding its start to the one
            # holding its end (quotes may run across sentence breaks)
            s_first = lookup.holding_start(q0)
            s_last = lookup.holding_end(q1) or s_first
            if s_first is None:
                s_first = s_last = (-1, max(0, text.rfind("\n", 0, q0) + 1),
                                    len(text) if text.find("\n", q1) < 0 else text.find("\n", q1))
            s0, s1 = s_first[1], max(s_last[2] if s_last else q1, q1 + 1)
            s1 = min(s1, len(text))
            # a sentence break right after a closing quote ('"...," he said.') keeps the cue:
            nxt = lookup.starting_from(s1)
            if nxt is not None and text[s1 - 1:s1] in {'"', "”"} and \
                    text[nxt[1]:nxt[1] + 1].islower():
                s1 = nxt[2]
            window = windows.get((s0, s1))
            if window is None:
                # the quoted spans inside the window (spans are sorted by start)
                in_sent = [(a, b) for a, b in spans[bisect_left(span_starts, s0):
                                                    bisect_right(span_starts, s1)] if b <= s1]
                window = windows[(s0, s1)] = _Window(text, low, s0, s1, in_sent, auto)
            rec = _classify(text, low, s0, s1, q0, q1, window, max_words)
            rec["article_id"] = aid
            rec["sentence_id"] = s_first[0]
            rows.append(rec)
    return _typed_frame({c: [r[c] for r in rows] for c in SCARE_COLUMNS},
                        ints=("sentence_id", "start", "end", "n_words", "cue_start",
                              "cue_end"))
