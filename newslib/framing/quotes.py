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

import pandas as pd

from newslib.framing._text import get_sentences, lower_same_length
from newslib.framing.lexicons import load_attribution_verbs
from newslib.schema import require_columns

SCARE_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "n_words", "kind",
                 "cue", "cue_start", "cue_end", "attributed_to"]

_DOUBLE_RE = re.compile(r'"([^"\n]{1,2000})"|“([^“”\n]{1,2000})”')
_SINGLE_RE = re.compile(
    r"(?<![\w'‘’])['‘]([^'‘’\n\"“”]{1,200}?)['’](?![\w'‘’])")
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
    taken = [(s - 1, e + 1) for s, e in spans]
    for m in _SINGLE_RE.finditer(text):
        s, e = m.start(1), m.end(1)
        if any(a <= s < b for a, b in taken):
            continue
        inner = text[s:e]
        if not inner.strip() or inner != inner.strip():
            continue
        spans.append((s, e))
    return sorted(spans)


def _cue_regex(verbs: pd.DataFrame) -> re.Pattern:
    forms = sorted(set(verbs["form"]) | _NAMING, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])")


def _classify(text: str, low: str, s0: int, s1: int, q0: int, q1: int,
              quotes_in_sentence: list[tuple[int, int]], cue_re: re.Pattern,
              max_words: int) -> dict:
    inner = text[q0:q1]
    words = _WORD_RE.findall(inner)
    n = len(words)
    rec = {"start": q0, "end": q1, "text": inner, "n_words": n, "kind": "scare",
           "cue": None, "cue_start": -1, "cue_end": -1, "attributed_to": None}
    # the sentence with every quoted span blanked out (same length)
    masked = list(low[s0:s1])
    for a, b in quotes_in_sentence:
        for k in range(max(a - 1, s0), min(b + 1, s1)):
            masked[k - s0] = " "
    masked_s = "".join(masked)
    cues = [(m.start() + s0, m.end() + s0, m.group(0)) for m in cue_re.finditer(masked_s)
            if not _DET_BEFORE.search(masked_s[:m.start()])]  # "the call for" is a noun
    before = low[s0:q0].rstrip().rstrip("\"“‘'").rstrip()
    outside = _WORD_RE.findall(masked_s)
    long_words = [w for w, orig in zip(outside, _WORD_RE.findall(
        "".join(c if m != " " or c.isspace() else " " for c, m in zip(text[s0:s1], masked))),
        strict=False) if len(w) > 3 and orig[:1].isalpha()]
    capitalised = [w for w in _WORD_RE.findall("".join(
        text[s0 + k] if masked[k] != " " else " " for k in range(s1 - s0))) if len(w) > 3]
    headline = len(capitalised) >= 3 and sum(w[0].isupper() for w in capitalised) \
        >= 0.8 * len(capitalised)
    del long_words
    is_caps = bool(words) and words[0][0].isupper() and words[-1][0].isupper() and all(
        w[0].isupper() or not w[0].isalpha() or w in _TITLE_SMALL for w in words)
    naming_before = any(before.endswith(v) for v in _NAMING | {"on", "of", "for", "from"})
    if before.endswith(_MENTION_BEFORE):
        rec["kind"] = "scare"  # so-called "rebels"; the term "radical Islam"
        return rec
    if not headline and is_caps and (n >= 2 or naming_before or q0 - s0 > 2):
        rec["kind"] = "name"
        return rec
    head_colon = ":" in before and len(_WORD_RE.findall(before.split(":")[0])) <= 6
    colon_before = before.endswith(":") or (headline and head_colon)
    utterance = bool(words) and inner[:1].isupper() and inner.rstrip()[-1:] in ",.!?" \
        and (n >= 3 or (q0 - s0) < 3) and not (headline and not before.endswith(":"))
    speech_cues = cues
    whole_sentence = q0 - s0 <= 1 and s1 - q1 <= 2 and n >= 3 and inner[:1].isupper()
    if n > max_words or (utterance and (speech_cues or colon_before)) or whole_sentence:
        rec["kind"] = "full"
    elif speech_cues or colon_before:
        rec["kind"] = "partial"
    if speech_cues:
        # nearest cue to the quote
        c0, c1, _ = min(speech_cues, key=lambda c: min(abs(c[1] - q0), abs(c[0] - q1)))
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
    cue_re = _cue_regex(verbs)
    texts = {a: t for a, t in zip(articles["article_id"], articles[text_col], strict=True)
             if isinstance(t, str) and t}
    rows = []
    with_quotes = {a: t for a, t in texts.items() if any(c in t for c in "\"“'‘")}
    if isinstance(sentences, pd.DataFrame):
        sents = sentences
    elif sentences and with_quotes:
        sub = pd.DataFrame({"article_id": list(with_quotes), text_col: list(with_quotes.values())})
        sents = get_sentences(sub, text_col=text_col)
    else:
        sents = None
    by_article: dict[str, list[tuple[int, int, int]]] = {}
    if sents is not None:
        for a, sid, s, e in zip(sents["article_id"], sents["sentence_id"], sents["start"],
                                sents["end"], strict=True):
            by_article.setdefault(a, []).append((int(sid), int(s), int(e)))
    for aid, text in with_quotes.items():
        spans = quoted_spans(text)
        if not spans:
            continue
        low = lower_same_length(text)
        units = by_article.get(aid)
        if units is None:
            units = []
            pos = 0
            for m in re.finditer(r"\n\s*\n|$", text):
                units.append((-1, pos, m.start()))
                pos = m.end()
        for q0, q1 in spans:
            # the sentence(s) around the quote: from the one holding its start to the one
            # holding its end (quotes may run across sentence breaks)
            s_first = next((u for u in units if u[1] <= q0 < u[2] + 1), None)
            s_last = next((u for u in units if u[1] < q1 <= u[2] + 1), s_first)
            if s_first is None:
                s_first = s_last = (-1, max(0, text.rfind("\n", 0, q0) + 1),
                                    len(text) if text.find("\n", q1) < 0 else text.find("\n", q1))
            s0, s1 = s_first[1], max(s_last[2] if s_last else q1, q1 + 1)
            s1 = min(s1, len(text))
            # a sentence break right after a closing quote ('"...," he said.') keeps the cue:
            nxt = next((u for u in units if u[1] >= s1), None)
            if nxt is not None and text[s1 - 1:s1] in {'"', "”"} and \
                    text[nxt[1]:nxt[1] + 1].islower():
                s1 = nxt[2]
            in_sent = [(a, b) for a, b in spans if a >= s0 and b <= s1]
            rec = _classify(text, low, s0, s1, q0, q1, in_sent, cue_re, max_words)
            rec["article_id"] = aid
            rec["sentence_id"] = s_first[0]
            rows.append(rec)
    out = pd.DataFrame(rows, columns=SCARE_COLUMNS)
    for c in ("sentence_id", "start", "end", "n_words", "cue_start", "cue_end"):
        out[c] = out[c].astype("int64")
    for c in ("article_id", "text", "kind", "cue", "attributed_to"):
        out[c] = out[c].astype("string")
    return out
