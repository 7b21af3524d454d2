"""A fast, exact re-implementation of VADER 3.3.2 (the ``vaderSentiment`` package).

Why a re-implementation and not ``vaderSentiment`` itself: the reference code rebuilds
lower-cased copies of the whole token list inside every rule it checks for every
sentiment-bearing word, walks each text character by character to replace emoji, and
creates strings for the idiom rule even where no idiom can match. The algorithm below
is the same, rule for rule and in the same floating-point order, so the four scores are
identical to ``vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer`` (tests check
this on thousands of sentences and on random rule-dense word salads), while the work
is cut where it cannot change a score: each distinct whitespace token is stripped and
lower-cased once per process (a bounded cache), a sentence without a lexicon word
returns at once, the negation rule is skipped in sentences without a negation word, the
idiom rule runs only where one of its word pairs occurs, and the 'but' rule visits only
the lexicon words.

The lexicon and the emoji lexicon are read once (lazily, on first use) from the files that
ship inside the ``vaderSentiment`` PyPI package: nothing is downloaded.

How VADER in ``vaderSentiment`` 3.3.2 differs from NLTK's ``nltk.sentiment.vader``
(NLTK 3.10), both read for this port:

* tokens: NLTK drops every one-character token ("a", "I", "$") and only strips one
  punctuation mark from a word's edges; vaderSentiment keeps one-character tokens (they
  count as neutral words in ``neu``) and strips all leading/trailing punctuation unless that
  leaves two characters or fewer (to keep emoticons);
* NLTK scores a repeated word with the context of its *first* occurrence (it looks words
  up by value); vaderSentiment uses each occurrence's own context;
* "no" before a lexicon word negates it only in vaderSentiment; "least" after a word other
  than "at" counts as a negation only in NLTK;
* "never so/this" multiplies by 1.5 in NLTK and 1.25 in vaderSentiment; "without doubt" is
  kept positive only in vaderSentiment;
* the special idioms differ ("bus stop", "to die for", "beating heart", "badass" only in
  vaderSentiment), NLTK matches them case-sensitively, and NLTK adds the dampener value for
  "kind of"/"sort of" where vaderSentiment adds that booster's own value;
* vaderSentiment has more boosters ("considerable", "enormous", "extreme", "total",
  "utter", ...), converts emoji to their descriptions, and clips ``compound`` to [-1, 1];
* NLTK's lexicon is a separate download (``vader_lexicon.zip``), which newslib may not need
  at run time; vaderSentiment ships its lexicon inside the wheel.
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence
from functools import lru_cache
from itertools import compress
from importlib import resources

#: The vaderSentiment release whose rules and lexicon newslib reproduces (pinned in
#: pyproject.toml) and the SHA-256 of its two lexicon files; tests check the installed ones.
VADER_VERSION = "3.3.2"
LEXICON_SHA256 = {
    "vader_lexicon.txt": "1ec9c6e9ee19aade328f8beb393a6afa71a5bb3acf7d3cc22d4ef568df374bf5",
    "emoji_utf8_lexicon.txt": "b8d54223ae1ce22a3e12c1f745316b71678c328eb5f5d3063a842f37cfbe2823",
}

# Constants of VADER 3.3.2 (empirically derived in Hutto & Gilbert 2014).
B_INCR = 0.293
B_DECR = -0.293
C_INCR = 0.733
N_SCALAR = -0.74

NEGATE = frozenset(
    "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't "
    "daren't didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't "
    "hadn't hasn't haven't isn't mightn't mustn't neednt needn't never none nope nor not "
    "nothing nowhere oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't "
    "uh-uh wasn't weren't without wont wouldnt won't wouldn't rarely seldom despite".split()
)

_UP = ("absolutely amazingly awfully completely considerable considerably decidedly deeply "
       "effing enormous enormously entirely especially exceptional exceptionally extreme "
       "extremely fabulously flipping flippin frackin fracking fricking frickin frigging "
       "friggin fully fuckin fucking fuggin fugging greatly hella highly hugely incredible "
       "incredibly intensely major majorly more most particularly purely quite really "
       "remarkably so substantially thoroughly total totally tremendous tremendously uber "
       "unbelievably unusually utter utterly very").split()
_DOWN = ("almost barely hardly kinda kindof kind-of less little marginal marginally "
         "occasional occasionally partly scarce scarcely slight slightly somewhat sorta "
         "sortof sort-of").split()
BOOSTER_DICT: dict[str, float] = {w: B_INCR for w in _UP}
BOOSTER_DICT.update({w: B_DECR for w in _DOWN})
BOOSTER_DICT.update({"just enough": B_DECR, "kind of": B_DECR, "sort of": B_DECR})

SPECIAL_CASES: dict[str, float] = {
    "the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0,
    "yeah right": -2, "kiss of death": -1.5, "to die for": 3, "beating heart": 3.5,
}
# first words of every multi-word key: the idiom rule can only fire near one of them
_IDIOM_FIRST = frozenset(k.split(" ")[0] for k in [*SPECIAL_CASES, *BOOSTER_DICT] if " " in k)
# their first two words: the idiom rule changes nothing unless one of these pairs is there
_IDIOM_PAIRS = frozenset(tuple(k.split(" ")[:2]) for k in [*SPECIAL_CASES, *BOOSTER_DICT]
                         if " " in k)
_PUNCT = string.punctuation
_SO_THIS = ("so", "this")
# every word _negation looks at (besides words containing "n't")
_NEGATION_CONTEXT = NEGATE | {"never", "without", "doubt", *_SO_THIS}


def _read_package_file(name: str) -> str:
    try:
        ref = resources.files("vaderSentiment") / name
    except ModuleNotFoundError as err:  # pragma: no cover - dependency is declared
        raise ModuleNotFoundError(
            "newslib.sentiment needs the VADER lexicon shipped in the 'vaderSentiment' "
            "package; install it with `pip install vaderSentiment>=3.3.2`") from err
    return ref.read_text(encoding="utf-8")


class _LowerTokens(dict):
    """Whitespace token -> lower case of its VADER token (see :meth:`Vader.tokenize`),
    computed once per distinct token; cleared when it grows past ``max_size``."""

    max_size = 500_000

    def __missing__(self, raw: str) -> str:
        if len(self) >= self.max_size:
            self.clear()
        stripped = raw.strip(_PUNCT)
        lower = self[raw] = (raw if len(stripped) <= 2 else stripped).lower()
        return lower


class Vader:
    """VADER sentence scorer; use :func:`get_vader` for the shared instance.

    Examples
    --------
    >>> get_vader().polarity_scores("The book was good.")
    (0.0, 0.508, 0.492, 0.4404)
    """

    def __init__(self) -> None:
        lexicon: dict[str, float] = {}
        for line in _read_package_file("vader_lexicon.txt").rstrip("\n").split("\n"):
            if not line:
                continue
            word, measure = line.strip().split("\t")[0:2]
            lexicon[word] = float(measure)
        emojis: dict[str, str] = {}
        for line in _read_package_file("emoji_utf8_lexicon.txt").rstrip("\n").split("\n"):
            emoji, description = line.strip().split("\t")[0:2]
            emojis[emoji] = description
        self.lexicon = lexicon
        self.emojis = emojis
        self._emoji_chars = frozenset(k for k in emojis if len(k) == 1)
        self._ascii_emoji = any(c.isascii() for c in self._emoji_chars)
        self._lower = _LowerTokens()
        self._lexicon_keys = lexicon.keys()

    # -- text preparation --------------------------------------------------------------
    def _replace_emoji(self, text: str) -> str:
        if (text.isascii() and not self._ascii_emoji) or self._emoji_chars.isdisjoint(text):
            return text
        out: list[str] = []
        prev_space = True
        emojis = self.emojis
        for ch in text:
            if ch in emojis:
                if not prev_space:
                    out.append(" ")
                out.append(emojis[ch])
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)

    @staticmethod
    def tokenize(text: str) -> list[str]:
        """Split like VADER: whitespace, then strip edge punctuation unless <= 2 chars remain.

        Examples
        --------
        >>> Vader.tokenize("Hello, world :) ...")
        ['Hello', 'world', ':)', '...']
        """
        return [t if len(st := t.strip(_PUNCT)) <= 2 else st for t in text.split()]

    # -- scoring -----------------------------------------------------------------------
    def valences(self, text: str) -> tuple[list[str], list[float]]:
        """Return VADER's tokens and their final valences (after the 'but' rule)."""
        text = self._replace_emoji(text).strip()
        words = self.tokenize(text)
        return words, self._valences(words)

    def _valences(self, words: Sequence[str], lower: Sequence[str] | None = None,
                  hits: list[int] | None = None, apostrophe: bool = True) -> list[float]:
        # apostrophe=False: no word has an apostrophe, so none has "n't"
        lex = self.lexicon
        n = len(words)
        if lower is None:
            lower = [w.lower() for w in words]
        sentiments: list[float] = [0] * n
        if hits is None:
            hits = [i for i, w in enumerate(lower) if w in lex]
        if not hits:
            return sentiments
        n_caps = sum(map(str.isupper, words))
        is_cap_diff = 0 < n - n_caps < n
        # _negation changes nothing unless one of its words is in the sentence
        negations = (not _NEGATION_CONTEXT.isdisjoint(lower)
                     or (apostrophe and "n't" in " ".join(lower)))
        boosters = BOOSTER_DICT
        idiom_first = _IDIOM_FIRST
        for i in hits:
            lw = lower[i]
            if lw in BOOSTER_DICT or (i < n - 1 and lw == "kind" and lower[i + 1] == "of"):
                continue
            base = lex[lw]
            valence = base
            if lw == "no" and i != n - 1 and lower[i + 1] in lex:
                valence = 0.0
            if ((i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no")
                    or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))):
                valence = base * N_SCALAR
            if is_cap_diff and words[i].isupper():
                if valence > 0:
                    valence += C_INCR
                else:
                    valence -= C_INCR
            # the three words before: boosters, negations and (third) idioms, in order
            if i > 0:
                lj = lower[i - 1]
                if lj not in lex:
                    s = boosters.get(lj, 0.0)
                    if s:
                        if valence < 0:
                            s *= -1
                        if is_cap_diff and words[i - 1].isupper():
                            if valence > 0:
                                s += C_INCR
                            else:
                                s -= C_INCR
                    valence = valence + s
                    if negations and (lj in NEGATE or "n't" in lj):
                        valence = valence * N_SCALAR
            if i > 1:
                lj = lower[i - 2]
                if lj not in lex:
                    s = boosters.get(lj, 0.0)
                    if s:
                        if valence < 0:
                            s *= -1
                        if is_cap_diff and words[i - 2].isupper():
                            if valence > 0:
                                s += C_INCR
                            else:
                                s -= C_INCR
                        if s != 0:
                            s = s * 0.95
                    valence = valence + s
                    if negations:
                        if lj == "never" and lower[i - 1] in _SO_THIS:
                            valence = valence * 1.25
                        elif lj == "without" and lower[i - 1] == "doubt":
                            pass
                        elif lj in NEGATE or "n't" in lj:
                            valence = valence * N_SCALAR
            if i > 2:
                lj = lower[i - 3]
                if lj not in lex:
                    s = boosters.get(lj, 0.0)
                    if s:
                        if valence < 0:
                            s *= -1
                        if is_cap_diff and words[i - 3].isupper():
                            if valence > 0:
                                s += C_INCR
                            else:
                                s -= C_INCR
                        if s != 0:
                            s = s * 0.9
                    valence = valence + s
                    if negations:
                        if (lj == "never" and lower[i - 2] in _SO_THIS) or lower[i - 1] in _SO_THIS:
                            valence = valence * 1.25
                        elif lj == "without" and (lower[i - 2] == "doubt"
                                                  or lower[i - 1] == "doubt"):
                            pass
                        elif lj in NEGATE or "n't" in lj:
                            valence = valence * N_SCALAR
                    l2, l1 = lower[i - 2], lower[i - 1]
                    if (lj in idiom_first or l2 in idiom_first or l1 in idiom_first
                            or lw in idiom_first) and (
                            (lj, l2) in _IDIOM_PAIRS or (l2, l1) in _IDIOM_PAIRS
                            or (l1, lw) in _IDIOM_PAIRS
                            or (i < n - 1 and (lw, lower[i + 1]) in _IDIOM_PAIRS)):
                        valence = self._idioms(valence, lower, i)
            # "least" as negation (it is not in the lexicon)
            if i > 0 and lower[i - 1] == "least" and "least" not in lex:
                if i == 1 or (lower[i - 2] != "at" and lower[i - 2] != "very"):
                    valence = valence * N_SCALAR
            sentiments[i] = valence
        if "but" in lower:
            bi = lower.index("but")
            # vaderSentiment locates each value with list.index (first equal value); keep
            # it. It visits every token, but scaling a zero leaves a zero and a zero never
            # equals a valence, so only the lexicon words need visiting.
            for k in hits:
                val = sentiments[k]
                if not val:
                    continue
                si = sentiments.index(val)
                if si < bi:
                    sentiments[si] = val * 0.5
                elif si > bi:
                    sentiments[si] = val * 1.5
        return sentiments

    @staticmethod
    def _idioms(valence: float, lower: list[str], i: int) -> float:
        w3, w2, w1, w0 = lower[i - 3], lower[i - 2], lower[i - 1], lower[i]
        onezero = f"{w1} {w0}"
        twoonezero = f"{w2} {w1} {w0}"
        twoone = f"{w2} {w1}"
        threetwoone = f"{w3} {w2} {w1}"
        threetwo = f"{w3} {w2}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                break
        n = len(lower)
        if n - 1 > i:
            zeroone = f"{w0} {lower[i + 1]}"
            if zeroone in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroone]
        if n - 1 > i + 1:
            zeroonetwo = f"{w0} {lower[i + 1]} {lower[i + 2]}"
            if zeroonetwo in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroonetwo]
        for ngram in (threetwoone, threetwo, twoone):
            if ngram in BOOSTER_DICT:
                valence = valence + BOOSTER_DICT[ngram]
        return valence

    @staticmethod
    def _punct_amplifier(text: str) -> float:
        ep = min(text.count("!"), 4) * 0.292
        qm_count = text.count("?")
        qm = 0
        if qm_count > 1:
            qm = qm_count * 0.18 if qm_count <= 3 else 0.96
        return ep + qm

    def polarity_scores(self, text: str) -> tuple[float, float, float, float]:
        """Return ``(neg, neu, pos, compound)`` exactly as vaderSentiment 3.3.2 rounds them."""
        text = self._replace_emoji(text).strip()
        # Whitespace tokens stand in for VADER's tokens: only their number, their lower
        # case (cached per token) and str.isupper are used here, and stripping edge
        # punctuation changes none of these.
        raw = text.split()
        if not raw:
            return 0.0, 0.0, 0.0, 0.0
        lower = list(map(self._lower.__getitem__, raw))
        if self._lexicon_keys.isdisjoint(lower):  # no sentiment word: all neutral
            return 0.0, 1.0, 0.0, 0.0
        hits = list(compress(range(len(raw)), map(self.lexicon.__contains__, lower)))
        sentiments = self._valences(raw, lower, hits, "'" in text)
        sum_s = float(sum(sentiments))
        # _punct_amplifier, inline
        amp = min(text.count("!"), 4) * 0.292
        qm_count = text.count("?")
        if qm_count > 1:
            amp = amp + (qm_count * 0.18 if qm_count <= 3 else 0.96)
        else:
            amp = amp + 0
        if sum_s > 0:
            sum_s += amp
        elif sum_s < 0:
            sum_s -= amp
        compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
        compound = -1.0 if compound < -1.0 else (1.0 if compound > 1.0 else compound)
        pos_sum = 0.0
        neg_sum = 0.0
        neu_count = len(sentiments)
        for i in hits:  # only lexicon words have a valence
            s = sentiments[i]
            if s:
                neu_count -= 1
                if s > 0:
                    pos_sum += (float(s) + 1)
                else:
                    neg_sum += (float(s) - 1)
        if pos_sum > math.fabs(neg_sum):
            pos_sum += amp
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= amp
        total = pos_sum + math.fabs(neg_sum) + neu_count
        return (round(math.fabs(neg_sum / total), 3), round(math.fabs(neu_count / total), 3),
                round(math.fabs(pos_sum / total), 3), round(compound, 4))


@lru_cache(maxsize=1)
def get_vader() -> Vader:
    """Return the shared :class:`Vader` (lexicon read once per process)."""
    return Vader()
