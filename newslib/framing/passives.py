"""Passive clauses, with or without a named agent ("were killed" vs "were killed by police").

Method (rules, no tagger: newslib downloads no model)
---------------------------------------------------
1. Tokenise each sentence into words and punctuation with offsets. (Sentences with no
   BE/GET form followed, before any clause punctuation, by a word ending in -ed or an
   irregular participle are skipped first, in one vectorised pass: they cannot hold a
   passive under the rules below, so this changes no result.)
2. A passive is a form of BE (am, is, are, was, were, be, been, being, 's, 're, 'm) or GET
   (get, gets, got, gotten, getting), followed by up to three adverbs or negations
   ("was not immediately", "have been reportedly"), followed by a past participle: a word
   from a list of irregular participles (killed is regular; taken, held, shot, hurt, ...
   are listed) or a word ending in -ed that is not a known non-participle
   ("hundred", "need", "speed").
3. Adjectival predicates are not passives when the participle is a common stative
   adjective (interested, concerned, worried, tired, pleased, located ...; the list is
   ``_ADJECTIVAL``) and no "by" agent follows. "BE + -ed" after a "have"/"has" is passive
   ("has been wounded") but "has needed" is not, because the BE form is required.
4. The clause runs from the first auxiliary (modal, have, BE) to the participle. An agent
   is named when "by" follows the participle within a few words (no clause punctuation
   in between) and is not a time, manner or measure phrase ("by Friday", "by far",
   "by phone", "by 5 percent").
5. The subject actor: the lexicon mention ("protesters", "peacekeeping forces") that
   starts earliest in the stretch of words before the clause, back to the previous
   clause boundary (punctuation, a conjunction or relative word, or a reporting verb).

Known limits: reduced passives without BE ("the man, arrested on Monday, ..."), passive
participles separated from their auxiliary by a long adverbial, and "get" in
"get married/dressed" (counted as passive, as UD does).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newslib.framing._text import get_sentences, lower_same_length
from newslib.framing.lexicons import Lexicon, load_lexicon
from newslib.framing.mentions import _lexicon_matcher, _typed_frame, match_spans
from newslib.schema import require_columns

PASSIVE_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "auxiliary", "verb",
                   "verb_start", "verb_end", "has_agent", "agent_start", "agent_end",
                   "agent_text", "agent_actor", "subject_start", "subject_end",
                   "subject_text", "subject_actor", "subject_label", "subject_family"]

_TOKEN_RE = re.compile(
    # fast path, same tokens: a plain word not followed by a hyphen or apostrophe (the
    # rules below would give it whole, after scanning it three times)
    r"[^\W_]++(?![-'’])"
    # word before a clitic: I|'m (possessive: a shorter run is never followed by ' or ’,
    # so not backtracking into the word only saves time)
    r"|[^\W_]++(?:-[^\W_]++)*+(?=['’](?:s|m|re|ve|ll|d)\b)"
    r"|n['’]t\b"  # negation clitic
    r"|[^\W_]+(?=n['’]t\b)"  # was|n't
    r"|[^\W_]+(?:[-'’][^\W_]+)*|['’](?:s|m|re|ve|ll|d)\b|[^\w\s]", re.IGNORECASE)

_BE = {"am", "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "'m"}
_S_IS_AFTER = {"it", "he", "she", "that", "there", "what", "who", "here", "where", "this",
               "which", "everyone", "nobody", "everything", "nothing", "one"}
_GET = {"get", "gets", "got", "gotten", "getting"}
_PRE_AUX = {"will", "would", "shall", "should", "can", "could", "may", "might", "must",
            "have", "has", "had", "having", "to", "won't", "wouldn't", "can't", "couldn't",
            "shouldn't", "hasn't", "haven't", "hadn't", "mustn't", "'ll", "'d", "'ve",
            "do", "does", "did", "not", "never"}
_ADVERBS = {"not", "n't", "never", "also", "still", "already", "just", "being", "often",
            "later", "then", "now", "all", "both", "each", "soon", "even", "only", "ever",
            "yet", "further", "first", "once", "again", "always", "sometimes", "rarely",
            "seldom", "nearly", "almost", "well", "long", "thus", "too", "so", "far",
            "since", "subsequently", "reportedly", "allegedly", "apparently", "been", "twice",
            "instead", "neither", "either", "usually", "generally", "currently", "newly",
            "'", '"', "‘", "“"}
_ADJ_LY_NOT_ADV = {"only", "early", "likely", "daily", "weekly", "family", "holy", "ugly",
                   "italy", "july", "fly", "reply", "supply", "ally"}

# Irregular past participles (and a few regular ones with doubled or irregular spelling).
_IRREGULAR = set("""
arisen awoken borne born beaten become begun bent bet bid bitten bled blown broken bred
brought broadcast built burnt burned burst bought cast caught chosen clung come cost crept
cut dealt dug dived done drawn dreamt drunk driven eaten fallen fed felt fought found fled
flung flown forbidden forecast forgotten forgiven frozen given gone ground grown hung heard
hidden hit held hurt kept knelt known laid led leant learnt left lent let lain lit lost made
meant met mistaken misunderstood mown overcome overheard overseen overtaken overthrown paid
proven put quit read rebuilt redone rewritten rid ridden rung risen run sawn said seen sought
sold sent set sewn shaken shed shone shot shown shrunk shut sung sunk sat slain slept slid
slung slit smelt sown spoken sped spent spilt spun spat split spoilt spread sprung stood
stolen stuck stung stunk stridden struck strung striven sworn swept swollen swum swung taken
taught torn told thought thrown thrust trodden understood undertaken undergone upheld upset
woken worn woven wed wept won wound withdrawn withheld withstood written
""".split())

# -ed words that are not participles of a passive
_NOT_PARTICIPLE = {"hundred", "need", "speed", "seed", "feed", "deed", "bed", "red", "shed",
                   "bred", "breed", "greed", "weed", "indeed", "naked", "wicked", "sacred",
                   "rugged", "ragged", "kindred", "beloved", "aged", "learned", "wretched",
                   "crooked", "jagged", "dogged", "sled", "fled", "led", "wed", "proceed",
                   "exceed", "succeed", "bleed", "freed", "agreed", "embed", "ted", "ed",
                   "thousand"}

# Stative adjectives that look like participles: a passive only with a "by" agent.
_ADJECTIVAL = {"interested", "tired", "bored", "accustomed", "ashamed", "unemployed",
               "talented", "skilled", "renowned", "sophisticated", "complicated",
               "experienced", "advanced", "detailed", "balanced", "mixed", "devoted",
               "obsessed", "excited", "thrilled", "delighted", "relieved", "exhausted",
               "unprecedented", "unexpected", "undecided", "unbiased", "unarmed"}
# Verbs with an "un-" prefix: other "un...ed" words are adjectives ("uncrowded", "unharmed").
_UN_VERBS = {"uncovered", "unveiled", "unleashed", "unlocked", "unloaded", "unpacked",
             "untied", "unearthed", "unseated", "unfolded", "unmasked", "unplugged",
             "unsealed", "unwrapped", "unraveled", "unravelled", "unblocked", "unbanned",
             "undone", "unbuttoned", "unchained", "unfrozen", "unsettled", "uninstalled"}

_BY_NOT_AGENT = {"far", "then", "now", "way", "hand", "car", "bus", "train", "plane", "air",
                 "sea", "road", "rail", "foot", "phone", "telephone", "email", "e-mail", "mail",
                 "post", "accident", "chance", "mistake", "default", "contrast", "comparison",
                 "nature", "design", "law", "night", "day", "midnight", "noon", "dawn",
                 "tomorrow", "today", "tonight", "monday", "tuesday", "wednesday", "thursday",
                 "friday", "saturday", "sunday", "january", "february", "march", "april",
                 "may", "june", "july", "august", "september", "october", "november",
                 "december", "itself", "themselves", "himself", "herself", "yourself",
                 "about", "around", "roughly", "nearly", "almost", "more", "less", "up",
                 "half", "percent", "a", "an", "the", "year", "end", "some", "as", "much",
                 "many", "several", "two", "three", "four", "five", "ten", "twenty"}
_BY_DET_NOT_AGENT = {"end", "time", "margin", "year", "middle", "beginning", "start", "close",
                     "summer", "winter", "spring", "autumn", "fall", "weekend", "week",
                     "month", "morning", "evening", "afternoon", "way", "look", "number",
                     "factor", "percent", "percentage", "point", "points", "side", "hand",
                     "deadline"}

_BOUNDARY_WORDS = {"that", "which", "who", "whom", "whose", "where", "when", "while",
                   "and", "but", "or", "because", "as", "after", "before", "if", "since",
                   "although", "though", "said", "says", "say", "told", "added", "reported",
                   "announced", "stated", "claimed", "according"}
_CLAUSE_PUNCT = set(",;:()[]\"“”—–!?.")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_BE_GET_WORDS = {w for w in _BE | _GET if w[0].isalpha()}  # "'s", "'re", "'m" apart


def _candidate_pattern() -> str:
    """An RE2 pattern (for pyarrow) that every sentence holding a passive matches.

    A passive needs a BE/GET token followed, with no clause punctuation in between, by a
    token that ends in "-ed" or is an irregular participle. The pattern is looser than the
    tokeniser (case-insensitive, ASCII letters and digits for word characters, no left
    edge for the participle) so that it never drops a sentence the rules would use; it
    only saves tokenising the many sentences without any such pair.
    """
    edge = r"(?:[^a-z0-9]|$|n)"  # end of a token, or "n't" after it ("wasn't")
    # after the auxiliary: the same, minus the clause punctuation that ends the search
    aux_edge = r"(?:[^a-z0-9,.;:!?()\[\]]|$|n)"
    aux = "|".join(sorted(_BE_GET_WORDS))
    participles = "|".join(sorted(_IRREGULAR))
    return (r"(?is)(?:(?:^|[^a-z0-9])(?:" + aux + ")" + aux_edge
            + r"|['’](?:s|re|m)(?:[^a-z0-9,.;:!?()\[\]]|$))"
            + r"[^,.;:!?()\[\]]*?(?:ed|" + participles + ")" + edge)


def _may_hold_passive(pieces: list[str]) -> np.ndarray:
    """Boolean mask: which texts can contain a passive (see :func:`_candidate_pattern`)."""
    if not pieces:
        return np.zeros(0, dtype=bool)
    try:
        arr = pa.array(pieces, type=pa.large_string())
    except UnicodeEncodeError:  # lone surrogates (text decoded with surrogateescape)
        # U+FFFD is, like a surrogate, neither a word character nor clause punctuation
        arr = pa.array([_SURROGATE_RE.sub("\ufffd", p) for p in pieces],
                       type=pa.large_string())
    hits = pc.match_substring_regex(arr, _CANDIDATE_PATTERN)
    return hits.to_numpy(zero_copy_only=False).astype(bool)


def _is_participle(w: str) -> bool:
    if w in _IRREGULAR:
        return True
    if w in _NOT_PARTICIPLE or len(w) < 4:
        return False
    if w.startswith("un") and not w.startswith(("under", "uni")) and w not in _UN_VERBS:
        return False
    return w.endswith("ed") and w[0].isalpha()


def _is_adverb(w: str) -> bool:
    return w in _ADVERBS or (w.endswith("ly") and len(w) > 4 and w not in _ADJ_LY_NOT_ADV)


def _agent_after(toks: list[tuple[int, int, str]], j: int, text: str) -> tuple[int, int] | None:
    """Index range (k0, k1) of a "by" agent phrase after token j, or None."""

    def text_upper(tok: tuple[int, int, str]) -> bool:
        return text[tok[0]:tok[0] + 1].isupper()

    n = len(toks)
    for k in range(j + 1, min(j + 11, n)):
        w = toks[k][2]
        if w in _CLAUSE_PUNCT or w in {"and", "but", "who", "which", "that", "when", "while"}:
            return None
        if w != "by" or k + 1 >= n:
            continue
        nxt = toks[k + 1][2]
        if nxt in {"a", "an", "the"}:
            after = [t[2] for t in toks[k + 2:k + 5]]
            if any(w in _BY_DET_NOT_AGENT or w[0].isdigit() for w in after):
                continue  # "by a wide margin", "by the end of"
        elif nxt in _BY_NOT_AGENT or nxt[0].isdigit() or (nxt.endswith("ing") and len(nxt) > 5):
            continue  # "by Friday", "by 5 votes", "by walking": look for a later "by"
        if nxt in _CLAUSE_PUNCT and nxt not in {'"', "“"}:
            return None
        end = k + 1
        while end < n and end < k + 12:
            w2 = toks[end][2]
            if w2 == "," and end + 1 < n and any(t[2] == "and" for t in toks[end + 1:k + 12]) \
                    and text_upper(toks[end + 1]):
                end += 1
                continue
            if w2 in _CLAUSE_PUNCT and w2 not in {'"', "“", "”"}:
                break
            if w2 in {"in", "on", "at", "for", "with", "after", "during", "who", "which",
                      "that", "when", "while", "to", "from", "since", "because"}:
                break
            if end > k + 1 and w2 in {"and", "or"} and end + 1 < n and \
                    toks[end + 1][2] in _BE | {"has", "have", "had", "said"}:
                break
            end += 1
        if end == k + 1:
            return None
        return k, end
    return None


def _passives_in(text: str, low: str, s0: int, s1: int) -> list[dict]:
    # tokens of low[s0:s1] with offsets into low (the pattern looks neither behind its
    # start nor, with endpos, past s1, so this is the same as tokenising the slice);
    # ``low`` has straight apostrophes already (lower_same_length)
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(low, s0, s1)]
    out = []
    i = 0
    n = len(toks)
    while i < n:
        w = toks[i][2]
        if w not in _BE and w not in _GET:
            i += 1
            continue
        if w == "'s" and (i == 0 or toks[i - 1][2] not in _S_IS_AFTER):
            i += 1  # possessive: "the Administration's misguided decision"
            continue
        j = i + 1
        skipped = 0
        while j < n and skipped < 4 and (_is_adverb(toks[j][2]) or toks[j][2] == "n't" or (
                toks[j][2] in {"and", "or"} and skipped and j + 1 < n
                and _is_adverb(toks[j + 1][2]))):
            j += 1
            skipped += 1
        if j >= n or not _is_participle(toks[j][2]):
            i += 1
            continue
        if w in _GET and toks[j][2] in _IRREGULAR and toks[j][2] in {"done", "gone", "made"}:
            i += 1
            continue
        part = toks[j][2]
        # "being" alone after BE is an adverb-like skip; "is being" + participle handled above
        agent = _agent_after(toks, j, text)
        if part in _ADJECTIVAL and agent is None:
            i = j + 1
            continue
        # the following word must not make the participle an attributive adjective
        # ("was a fixed price" never reaches here: "a" is not skipped) -- accept.
        k0 = i
        while k0 - 1 >= 0 and toks[k0 - 1][2] in _PRE_AUX | _BE | {"n't"} | _ADVERBS - {"all"}:
            k0 -= 1
            if toks[k0][2] == "to":
                break
        start, end = toks[k0][0], toks[j][1]
        opened = [t[2] for t in toks[i + 1:j] if t[2] in {"'", '"', "‘", "“"}]
        if opened and j + 1 < n and toks[j + 1][2] in {"'", '"', "’", "”"}:
            end = toks[j + 1][1]  # keep the closing quote mark: were "eliminated"
        rec = {"start": start, "end": end, "text": text[start:end],
               "auxiliary": text[toks[i][0]:toks[i][1]],
               "verb": text[toks[j][0]:toks[j][1]], "verb_start": toks[j][0],
               "verb_end": toks[j][1], "has_agent": agent is not None,
               "agent_start": -1, "agent_end": -1, "agent_text": None,
               "_clause_token": k0, "_toks": toks}
        if agent is not None:
            a0, a1 = toks[agent[0] + 1][0], toks[agent[1] - 1][1]
            rec.update(agent_start=a0, agent_end=a1, agent_text=text[a0:a1])
        out.append(rec)
        i = j + 1
    return out


def _subject_region(toks: list[tuple[int, int, str]], k0: int) -> tuple[int, int] | None:
    """Character span of the stretch before token k0 back to the last clause boundary."""
    k = k0 - 1
    while k >= 0:
        w = toks[k][2]
        if w in _CLAUSE_PUNCT or w in _BOUNDARY_WORDS:
            break
        k -= 1
    if k + 1 > k0 - 1:
        return None
    return toks[k + 1][0], toks[k0 - 1][1]


_CANDIDATE_PATTERN = _candidate_pattern()


def find_passives(articles: pd.DataFrame, *, text_col: str = "text",
                  lexicon: Lexicon | None = None,
                  sentences: pd.DataFrame | bool = True) -> pd.DataFrame:
    """Find passive clauses, say whether they name an agent, and link their subject actor.

    See the module docstring for the rules. Works on an articles table (offsets into
    ``text``) or on a sentences table (rows with ``article_id``, ``sentence_id``,
    ``start`` and ``text``: offsets are then shifted by ``start`` so they point into the
    article's text as well).

    Parameters
    ----------
    articles : DataFrame
        Articles (or sentences) with ``article_id`` and ``text_col``. Not modified.
    text_col : str
        Text column.
    lexicon : Lexicon, optional
        Actor lexicon for the subject and agent actors (default: protest lexicon).
    sentences : DataFrame or bool
        For an articles table: a sentences table to use, or ``True`` to split.

    Returns
    -------
    DataFrame
        One row per passive clause: ``article_id``, ``sentence_id``, ``start``, ``end``,
        ``text`` (auxiliaries through participle), ``auxiliary``, ``verb``,
        ``verb_start``, ``verb_end``, ``has_agent``, ``agent_start``, ``agent_end``,
        ``agent_text``, ``agent_actor``, ``subject_start``, ``subject_end``,
        ``subject_text``, ``subject_actor``, ``subject_label``, ``subject_family``
        (-1 / missing when absent).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": [
    ...     "Dozens of protesters were killed. Two men have been detained by police."]})
    >>> p = find_passives(arts)
    >>> p[["text", "has_agent", "agent_text", "subject_actor"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['were killed', False, <NA>, 'protest participants'],
     ['have been detained', True, 'police', <NA>]]
    """
    require_columns(articles, ["article_id", text_col], where="find_passives",
                    hint=f"pass text_col=... (got {text_col!r})")
    lex = lexicon if lexicon is not None else load_lexicon()
    auto, labels = _lexicon_matcher(lex)
    is_sentences = {"sentence_id", "start"} <= set(articles.columns) and \
        not isinstance(sentences, pd.DataFrame)
    if is_sentences:
        units = [(a, int(sid), int(off), t, 0, len(t)) for a, sid, off, t in zip(
            articles["article_id"].tolist(), articles["sentence_id"].tolist(),
            articles["start"].tolist(), articles[text_col].tolist(), strict=True)
            if isinstance(t, str)]
        texts = None
    else:
        sents = sentences if isinstance(sentences, pd.DataFrame) else (
            get_sentences(articles, text_col=text_col) if sentences else None)
        texts = {a: t for a, t in zip(articles["article_id"], articles[text_col], strict=True)
                 if isinstance(t, str)}
        if sents is None:
            units = [(a, -1, 0, t, 0, len(t)) for a, t in texts.items()]
        else:
            units = [(a, int(sid), 0, texts[a], int(s), int(e)) for a, sid, s, e in zip(
                sents["article_id"].tolist(), sents["sentence_id"].tolist(),
                sents["start"].tolist(), sents["end"].tolist(), strict=True) if a in texts]
    rows = []
    low_cache: dict[str, str] = {}
    # only sentences with a BE/GET form followed by a participle-like word can hold a
    # passive: find them in one vectorised pass and tokenise only those
    maybe = _may_hold_passive([text[s0:s1] for _, _, _, text, s0, s1 in units])
    units = [u for u, keep in zip(units, maybe.tolist(), strict=True) if keep]
    for aid, sid, offset, text, s0, s1 in units:
        low = low_cache.get(aid) if texts is not None else None
        if low is None:
            low = lower_same_length(text)
            if texts is not None:
                low_cache = {aid: low}
        found = _passives_in(text, low, s0, s1)
        if not found:
            continue
        mentions = [(a, b, labels[i]) for a, b, i in match_spans(auto, low[s0:s1]) if i >= 0]
        mentions = [(a + s0, b + s0, lab) for a, b, lab in mentions]
        for rec in found:
            toks = rec.pop("_toks")
            k0 = rec.pop("_clause_token")
            rec.update(subject_start=-1, subject_end=-1, subject_text=None, subject_actor=None,
                       subject_label=None, subject_family=None, agent_actor=None)
            region = _subject_region(toks, k0)
            if region is not None:
                inside = [m for m in mentions if m[0] >= region[0] and m[1] <= region[1]]
                if inside:
                    a, b, (actor, label, family) = inside[0]
                    rec.update(subject_start=a + offset, subject_end=b + offset,
                               subject_text=text[a:b], subject_actor=actor,
                               subject_label=label, subject_family=family)
            if rec["has_agent"]:
                inside = [m for m in mentions
                          if m[0] >= rec["agent_start"] and m[1] <= rec["agent_end"]]
                if inside:
                    rec["agent_actor"] = inside[0][2][0]
            for key in ("start", "end", "verb_start", "verb_end"):
                rec[key] += offset
            if rec["has_agent"]:
                rec["agent_start"] += offset
                rec["agent_end"] += offset
            rec["article_id"] = aid
            rec["sentence_id"] = sid
            rows.append(rec)
    return _typed_frame({c: [r[c] for r in rows] for c in PASSIVE_COLUMNS},
                        ints=("sentence_id", "start", "end", "verb_start", "verb_end",
                              "agent_start", "agent_end", "subject_start", "subject_end"),
                        bools=("has_agent",))
