"""Split articles into paragraphs, sentences and word tokens, offline, with NLTK's Punkt.

The sentence splitter is NLTK's :class:`~nltk.tokenize.punkt.PunktSentenceTokenizer`
loaded with parameters that newslib trains itself and ships as plain-text files in
``newslib/resources/punkt/`` (no pickle, no download, ``nltk.data`` is never touched).
A few small post-rules fix the cases where Punkt is known to be weak on news copy.

Paragraphs and lines
    A paragraph is a block of text separated from the next by one or more blank lines
    (a newline, optional spaces or tabs, another newline). When a text has *no* blank
    line at all but does have single newlines, a single newline is taken as a
    paragraph break instead: that is the "one paragraph per line" form that scrapers,
    CSV exports and copy-paste from web pages produce. Inside a paragraph, a single
    newline ends a sentence (a headline, a list line, a caption) unless the next line
    starts with a lower-case letter, which is a hard-wrapped sentence going on; the same
    exception applies when single newlines are paragraph breaks. A sentence never
    crosses a paragraph boundary, so a headline, a dateline or a photo caption on its
    own line is its own sentence even without a full stop. (A hard-wrapped sentence
    whose next line starts with a capitalised name is split there: the price of
    treating lines as units.)

Sentences
    Punkt (Kiss & Strunk 2006) decides, for every ``.``, ``?`` and ``!``, whether it ends
    a sentence, using learned abbreviations, collocations, frequent sentence starters and
    the orthographic context (how each word is capitalised where it occurs). Spaced
    ellipses (``. . .``) are shown to Punkt as ``...`` (same length, so offsets hold).
    Before Punkt, list items are cut apart (rule 7); after it, the post-rules below
    run inside each paragraph:

    1. a sentence that starts with a lower-case letter, or with a comma, semicolon,
       colon or dash, is joined to the previous one (``"Why?" he asked.``,
       ``"It's over!" she said.``, an ellipsis followed by lower case, ``U.S.'s``).
       Words such as ``eBay``/``iPhone`` (a lower-case letter followed by a capital)
       are left alone;
    2. a sentence that is only a list marker (``1.``, ``(2)``, ``a)``, ``iv.``) is joined
       to the sentence it numbers;
    3. a sentence that is only a parenthetical credit without a full stop inside
       (``(AFP)``, ``(Reuters)``) is joined to the previous sentence;
    4. closing quotes and brackets after a full stop belong to the sentence they close
       (``He left."`` ends after the quote; Punkt's own realignment does this);
    5. a split right after a title-like abbreviation that always precedes its word
       (``Mr.``, ``Gen.``, ``No.``; ``resources/punkt/prefix_abbreviations.txt``) is
       undone; a split after another known abbreviation (``U.S.``, ``Inc.``), an
       initial (``J.``) or a bare ellipsis is undone when the next sentence starts with
       a digit or a capitalised word that is not a common sentence opener
       (``resources/punkt/sentence_starters.txt`` plus the learned
       ``sent_starters.txt``): ``U.S. Senate``, ``J. R. Smith`` and ``H.R. 19`` stay
       whole. A sentence that really ends with an abbreviation and goes on with a name
       (``in Dover, Del. Smith said``) is the price of this rule;
    6. the reverse: a sentence is split after a non-title abbreviation or a bare
       ellipsis followed by a capitalised common opener (``in the U.S. The talks``,
       ``was ready . . . But``), and after an ellipsis with a full stop (``....``,
       ``. . . .``) followed by any capitalised word; closing quotes after the mark stay
       with the first sentence;
    7. list items: a marker (``1.``, ``2)``, ``(3)``, ``a.``, optionally after a bullet
       ``•``) followed by a capital or a digit starts a new sentence when at least two
       such markers with consecutive values appear in the same line (letters count
       from "a"; a capital letter with a full stop is an initial, not a marker), and
       a bullet starts one when a line has two bullets or more. Inline enumerations in prose
       ("(1) it caps rents and (2) it bans evictions") are left alone;
    8. an inline picture credit after a caption ("... in Almaty. Image: Staff.",
       "... the stadium Photo: Reuters") starts a sentence of its own: web pages and
       wire captions write the credit label inside the caption's paragraph;
    9. a full date opening a paragraph ("Thursday, May 7, 2015 On Tuesday ...") is a
       sentence of its own when a capitalised word follows: the date line of web news
       pages, flattened into the first paragraph. (Place datelines such as
       "ALMATY, Kazakhstan —" stay with their sentence; :mod:`newslib.clean` lifts
       them into the ``dateline`` column.)
    10. in the formal spaced style a full stop followed by a spaced ellipsis
        ("compounds. . . . The practice") ends the sentence at the full stop; the
        ellipsis opens the next sentence;
    11. an editorial omission mark "[...]" followed by a capitalised word ends the
        sentence before it: editors keep the capital of a quoted sentence that starts
        after the cut.

Spans are stripped of surrounding whitespace, so ``text[start:end]`` is the sentence.

Tokens
    :func:`tokenize_text` is a single compiled regular expression (see ``_TOKEN_RE``):
    abbreviations with internal periods (``U.S.``), numbers with separators (``1,000``,
    ``4.5``), words with internal hyphens or apostrophes (``Russia-led``,
    ``country's``), and every other non-space character on its own. It is several times
    faster than ``TreebankWordTokenizer.span_tokenize`` and never rewrites quotes, so
    offsets are exact.

Speed
    The tokenizer is built once per process (:func:`_tokenizer`, cached).
    :class:`NewsPunktTokenizer` answers the most common Punkt contexts ("said. The")
    without building Punkt tokens and memoises the others; the decisions are Punkt's.
    ``python -m newslib.quality.segmentation --speed`` measures sentences per second
    beside pySBD and nupunkt.

Training the parameters again (the command the shipped files come from)::

    python -m newslib.segment --train

See ``newslib/resources/punkt/README.md`` for the training text and its licences.
"""

from __future__ import annotations

import argparse
import math
import re
import string
import sys
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

from newslib import config
from newslib.schema import SENTENCE_COLUMNS, require_columns

__all__ = [
    "NewsPunktTokenizer",
    "PUNKT_DIR",
    "load_punkt_parameters",
    "save_punkt_parameters",
    "split_paragraphs",
    "split_sentences",
    "split_text",
    "tokenize",
    "tokenize_text",
    "train_punkt",
]

#: Folder of the shipped Punkt parameters (plain text, NLTK ``punkt_tab`` layout).
PUNKT_DIR: Path = config.RESOURCES_DIR / "punkt"

TOKEN_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "sentence_id": "int64",
    "token_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
}

_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")
_PARA_SPLIT_RE = re.compile(r"\n(?:[^\S\n]*\n)+")
# a line break that is NOT followed by a lower-case letter (those continue the sentence)
_LINE_BREAK_RE = re.compile(r"\n(?![^\S\n]*[^\W\d_A-Z])")
# rule 1: a sentence starting lower case (not an eBay/iPhone-style word), or with
# punctuation that cannot open a sentence (comma, semicolon, colon, dash)
_LOWER_START_RE = re.compile(r"[\"'“‘’”(\[]*[^\W\d_A-Z]|[,;:]|--|[—–―]")
_CAMEL_START_RE = re.compile(r"[\"'“‘(\[]*[a-z][A-Z]")
# rule 2: a list marker alone
_LIST_MARKER_RE = re.compile(r"(?:[•⁃▪‣◦]\s*)?\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]\)?")
# rule 3: a parenthetical credit alone, with no sentence-final mark inside
_CREDIT_RE = re.compile(r"[(\[][^.?!()\[\]]{1,60}[)\]]")
# rules 5 and 6: the last word of a sentence, the first word of the next one, and an
# abbreviation followed by a capitalised word inside a sentence
_OPENERS = "([\"'“‘"
_FIRST_WORD_RE = re.compile(r"([A-Z][\w'’-]*)(\.?)")
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+")
_ABBR_WORD_RE = re.compile(r"[.…]([\"”’')\]]*)[^\S\n]+([A-Z][a-z]*)\b(?![.\w'’-])")
_QUOTE_GAP_RE = re.compile(r"[.…][\"”’')\]]+ ")
_ELLIPSIS_END_RE = re.compile(r"(?:\.[^\S\n]?){3,}\Z|…\Z")
_ELLIPSIS4_END_RE = re.compile(r"(?:\.[^\S\n]?){4,}\Z|…[^\S\n]?\.\Z")
# rule 7: list items, and spaced ellipses (masked for Punkt)
_BULLETS = "•⁃▪‣◦"
_ITEM_RE = re.compile(r"(?<!\S)(?P<bullet>[•⁃▪‣◦][^\S\n]*)?"
                      r"(?P<marker>\(?(?P<value>\d{1,2}|[a-zA-Z])(?:\.\)|[.)]))"
                      r"(?=\s+[\"'“‘]?[A-Z0-9])"
                      r"|(?<!\S)(?P<lone>[•⁃▪‣◦])(?=[^\S\n]*\S)")
# the ends of what r"[\s(](?:\d{1,2}|[a-zA-Z])[.)]" matches (one per match); starting
# with the rarer mark makes the scan fast
_ITEM_QUICK_RE = re.compile(r"[.)](?:(?<=[\s(][a-zA-Z][.)])|(?<=[\s(]\d[.)])"
                            r"|(?<=[\s(]\d\d[.)]))")
_ITEM_FIRST_RE = re.compile(r"\(?(?:\d{1,2}|[a-zA-Z])[.)]")
_SPACED_ELLIPSIS_RE = re.compile(r"\.(?:[^\S\n]\.){2,}")
_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"                 # U.S.  a.m.  e.g.
    r"|\d+(?:[.,:]\d+)*"                  # 1,000  4.5  10:30
    r"|\w+(?:[-'’]\w+)*"                  # Russia-led  country's
    r"|\S"                                # any other mark, one at a time
)


# --------------------------------------------------------------------------- parameters

def _read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def load_punkt_parameters(path: str | Path | None = None) -> PunktParameters:
    """Load Punkt parameters from a folder of plain-text files.

    The folder holds ``abbrev_types.txt`` (one type per line, lower case, without the
    final period), ``collocations.tab`` (two tab-separated types per line),
    ``sent_starters.txt`` (one type per line) and ``ortho_context.tab`` (type, tab,
    integer flags), the layout of NLTK's ``punkt_tab`` models. Nothing is downloaded.

    Parameters
    ----------
    path
        Folder to read; default the parameters shipped with newslib (:data:`PUNKT_DIR`).

    Examples
    --------
    >>> params = load_punkt_parameters()
    >>> "u.s" in params.abbrev_types and "mr" in params.abbrev_types
    True
    """
    folder = Path(path) if path is not None else PUNKT_DIR
    needed = ("abbrev_types.txt", "collocations.tab", "sent_starters.txt",
              "ortho_context.tab")
    missing = [name for name in needed if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Punkt parameters incomplete in {folder}: missing {missing}; regenerate them "
            "with `python -m newslib.segment --train` or pass the folder that has them")
    params = PunktParameters()
    params.abbrev_types = set(_read_lines(folder / "abbrev_types.txt"))
    params.sent_starters = set(_read_lines(folder / "sent_starters.txt"))
    params.collocations = {tuple(line.split("\t")[:2])
                           for line in _read_lines(folder / "collocations.tab")}
    for line in _read_lines(folder / "ortho_context.tab"):
        typ, flag = line.rsplit("\t", 1)
        params.ortho_context[typ] = int(flag)
    return params


def save_punkt_parameters(params: PunktParameters, path: str | Path) -> Path:
    """Write Punkt parameters as sorted plain-text files into ``path``; return it.

    Examples
    --------
    >>> import tempfile
    >>> p = PunktParameters(); p.abbrev_types = {"mr"}; p.ortho_context["the"] = 1
    >>> with tempfile.TemporaryDirectory() as d:
    ...     back = load_punkt_parameters(save_punkt_parameters(p, d))
    >>> sorted(back.abbrev_types), back.ortho_context["the"]
    (['mr'], 1)
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)

    def write(name: str, lines: Iterable[str]) -> None:
        body = "".join(f"{line}\n" for line in lines)
        (folder / name).write_text(body, encoding="utf-8", newline="\n")

    write("abbrev_types.txt", sorted(params.abbrev_types))
    write("collocations.tab", sorted(f"{a}\t{b}" for a, b in params.collocations))
    write("sent_starters.txt", sorted(params.sent_starters))
    write("ortho_context.tab", sorted(f"{t}\t{f}" for t, f in params.ortho_context.items()
                                      if f and "\t" not in t and "\n" not in t))
    return folder


def _python_reference_text() -> str:
    """English prose from Python's own reference manual (``pydoc_data``, PSF licence).

    Keeps the prose paragraphs (unindented, not headings) and joins wrapped lines.
    """
    import pydoc_data.topics as topics

    paragraphs = []
    for _, body in sorted(topics.topics.items()):
        for block in _PARA_SPLIT_RE.split(body):
            lines = block.split("\n")
            if not lines or any(line.startswith((" ", "\t")) for line in lines):
                continue
            if any(set(line.strip()) <= set("*=-~^") for line in lines):
                continue
            para = " ".join(line.strip() for line in lines).strip()
            if len(para) > 40:
                paragraphs.append(para)
    return "\n\n".join(paragraphs)


def _news_training_text() -> str:
    return "\n".join(_read_lines(PUNKT_DIR / "train_news_en.txt"))


def train_punkt(texts: Iterable[str] | None = None, *,
                abbreviations: Iterable[str] | None = None) -> PunktParameters:
    """Train Punkt parameters with NLTK's :class:`~nltk.tokenize.punkt.PunktTrainer`.

    Learned abbreviations are kept only when they contain an internal period
    (``e.g``) or are in the curated list, because the reference-manual text teaches
    Punkt programming words ("args.") that end sentences in news. The curated list is
    then added whole. Orthographic context, sentence starters and collocations are
    learned from the text.

    Parameters
    ----------
    texts
        Training texts. Default: the prose of Python's reference manual
        (``pydoc_data``, PSF licence) and ``resources/punkt/train_news_en.txt``
        (invented news copy written for newslib, MIT).
    abbreviations
        Curated abbreviations, lower case, without the final period. Default:
        ``resources/punkt/abbreviations.txt``.

    Examples
    --------
    >>> p = train_punkt(["Mr. Li left. He said so. The end."], abbreviations=["gen"])
    >>> sorted(p.abbrev_types)
    ['gen']
    """
    if texts is None:
        texts = [_python_reference_text(), _news_training_text()]
    if abbreviations is None:
        abbreviations = _read_lines(PUNKT_DIR / "abbreviations.txt")
    curated = {a.lower().rstrip(".") for a in abbreviations}
    trainer = PunktTrainer()
    for text in texts:
        trainer.train(text, finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    params.abbrev_types = {a for a in params.abbrev_types if "." in a or a in curated}
    params.abbrev_types |= curated
    return params


# --------------------------------------------------------------------------- splitting

# contexts whose Punkt decision is always "break": a plain word of two letters or more
# (not a known abbreviation) ending in "." - or any plain word ending in "?"/"!" - then
# a letter (after optional opening quotes) or closing punctuation
# (whitespace as Punkt's ``regex`` patterns see it: not the separators U+001C-U+001F)
_FAST_PERIOD_RE = re.compile(
    r"([^\W\d_]{2,})\.(?:[^\S\x1c-\x1f]+[\"“'‘(\[]*[^\W\d_]|[\"')\]])")
# what NLTK's _get_last_whitespace_index looks for, besides the space
_OTHER_WHITESPACE = tuple(c for c in string.whitespace if c != " ")
_FAST_MARK_RE = re.compile(r"[^\W\d_]+[?!](?:[^\S\x1c-\x1f]+[\"“'‘(\[]*[^\W\d_]|[\"')\]])")
# the same words and marks before a closing curly quote or guillemet (reform.” plan!’):
# Punkt's first pass marks the break and the closer is a next token; only its
# collocation heuristic could undo that, so this is used when there are no collocations
_FAST_CLOSER_RE = re.compile(r"(?:([^\W\d_]{2,})\.|[^\W\d_]+[?!])[”’»]")


def _stdlib_pattern(timed: object) -> re.Pattern[str] | None:
    """The standard-library twin of one of NLTK's patterns (compiled with the ``regex``
    module behind a timeout wrapper): same text, but ``\\s``/``\\S`` outside
    brackets spelt out, as ``re`` counts the separators U+001C-U+001F as whitespace and
    ``regex`` does not. None when the pattern has anything else that could differ."""
    source = getattr(timed, "pattern", None)
    flags = getattr(timed, "flags", None)
    if not isinstance(source, str) or not isinstance(flags, int):
        return None
    known = re.VERBOSE | re.MULTILINE | re.UNICODE | 8192  # regex.VERSION0
    if flags & ~known or "\\p" in source or "\\X" in source or "(?" + "|" in source:
        return None
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            pair = source[i:i + 2]
            if not in_class and pair == "\\s":
                out.append("[^\\S\\x1c-\\x1f]")
            elif not in_class and pair == "\\S":
                out.append("[\\S\\x1c-\\x1f]")
            elif in_class and pair in ("\\s", "\\S", "\\w", "\\W", "\\d", "\\D"):
                return None
            else:
                out.append(pair)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            if source[i + 1:i + 2] == "]":  # a leading "]" is a member
                out.append("[]")
                i += 2
                continue
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    try:
        return re.compile("".join(out), flags & (re.VERBOSE | re.MULTILINE))
    except re.error:
        return None


class NewsPunktTokenizer(PunktSentenceTokenizer):
    """NLTK's Punkt sentence tokenizer with a fast path and a memo for its decisions.

    Punkt decides each candidate break from a short context ("said. The"). Where the
    context is a plain word that Punkt always breaks after (see ``_FAST_PERIOD_RE``;
    about three in four candidates in news), the answer is given without building
    Punkt tokens; other contexts go to Punkt and are memoised (bounded). Candidates
    are found and sentences realigned in one pass with standard-library copies of
    Punkt's patterns (NLTK compiles them with the ``regex`` module behind a timeout
    wrapper, which cost over a quarter of the splitting time). The spans are identical
    to Punkt's (``tests/test_segment.py`` checks this, on random text too).
    """

    _MEMO_SIZE = 100_000

    def __init__(self, params: PunktParameters) -> None:
        super().__init__(params)
        self._memo: dict[str, bool] = {}
        self._closers = not params.collocations
        # NLTK's candidate and realignment patterns, compiled with ``re`` (the same
        # matches, without the timeout wrapper's generator around every search)
        lang = self._lang_vars
        self._period_re = (_stdlib_pattern(lang.period_context_re())
                           or lang.period_context_re())
        self._realign_re = (_stdlib_pattern(lang.re_boundary_realignment)
                            or lang.re_boundary_realignment)

    def span_tokenize(self, text: str, realign_boundaries: bool = True
                      ) -> Iterator[tuple[int, int]]:
        """Punkt's ``span_tokenize`` in one pass (same spans, fewer generator layers).

        Examples
        --------
        >>> list(_tokenizer().span_tokenize("(Calm returned.) Troops left."))
        [(0, 16), (17, 29)]
        """
        return iter(self._spans(text, realign_boundaries))

    def _spans(self, text: str, realign: bool) -> list[tuple[int, int]]:
        # NLTK's _match_potential_end_contexts + _slices_from_text, eagerly: each
        # candidate's context is the word before it (from after the last whitespace
        # since the previous candidate), the mark and what follows; a candidate whose
        # word overlaps the previous candidate's replaces it
        cuts: list[tuple[int, int]] = []
        last_break = 0
        prev = None
        prev_start = prev_stop = 0
        # whitespace other than spaces (rare once cleaned) needs looking for at all?
        others = any(c in text for c in _OTHER_WHITESPACE)
        for match in self._period_re.finditer(text):
            m_start = match.start()
            # the last whitespace character of text[prev_stop:m_start] (0 if none): the
            # last space, unless another whitespace character comes after it
            ws = text.rfind(" ", prev_stop, m_start)
            if others:
                after = ws + 1 if ws >= 0 else prev_stop
                other = max(map(text[after:m_start].rfind, _OTHER_WHITESPACE))
                ws = after + other if other >= 0 else ws
            ws = ws - prev_stop if ws >= 0 else 0
            word_start = ws + prev_stop + 1 if ws > 0 else prev_start
            if prev is not None and prev_stop <= word_start:
                if self.text_contains_sentbreak(
                        text[prev_start:prev_stop] + prev.group() + prev.group("after_tok")):
                    cuts.append((last_break, prev.end()))
                    last_break = prev.start("next_tok") if prev.group("next_tok") else prev.end()
            prev, prev_start, prev_stop = match, word_start, m_start
        if prev is not None and self.text_contains_sentbreak(
                text[prev_start:prev_stop] + prev.group() + prev.group("after_tok")):
            cuts.append((last_break, prev.end()))
            last_break = prev.start("next_tok") if prev.group("next_tok") else prev.end()
        cuts.append((last_break, len(text.rstrip())))
        if not realign:
            return cuts
        # NLTK's _realign_boundaries: closing punctuation after a break joins the sentence
        out: list[tuple[int, int]] = []
        shift = 0
        realign_re = self._realign_re
        last = len(cuts) - 1
        for k, (start, stop) in enumerate(cuts):
            start += shift
            if k == last:
                if text[start:stop]:
                    out.append((start, stop))
                break
            n_start, n_stop = cuts[k + 1]
            m = realign_re.match(text[n_start:n_stop])
            if m:
                out.append((start, n_start + len(m.group(0).rstrip())))
                shift = m.end()
            else:
                shift = 0
                if text[start:stop]:
                    out.append((start, stop))
        return out

    def text_contains_sentbreak(self, text: str) -> bool:
        m = _FAST_PERIOD_RE.match(text)
        if m and m.group(1).lower() not in self._params.abbrev_types:
            return True
        if _FAST_MARK_RE.match(text):
            return True
        if self._closers:
            m = _FAST_CLOSER_RE.match(text)
            if m and (m.group(1) is None
                      or m.group(1).lower() not in self._params.abbrev_types):
                return True
        hit = self._memo.get(text)
        if hit is None:
            hit = super().text_contains_sentbreak(text)
            if len(self._memo) < self._MEMO_SIZE:
                self._memo[text] = hit
        return hit


@lru_cache(maxsize=1)
def _tokenizer() -> NewsPunktTokenizer:
    """The shipped Punkt tokenizer, built once per process."""
    return NewsPunktTokenizer(load_punkt_parameters())


@lru_cache(maxsize=1)
def _word_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(abbreviations, prefix abbreviations, sentence starters), built once per process."""
    params = _tokenizer()._params
    starters = set(_read_lines(PUNKT_DIR / "sentence_starters.txt")) | params.sent_starters
    prefixes = set(_read_lines(PUNKT_DIR / "prefix_abbreviations.txt"))
    return frozenset(params.abbrev_types), frozenset(prefixes), frozenset(starters)


def _abbreviation_kind(word: str) -> str:
    """'prefix' (Mr., Gen., No.), 'abbrev' (U.S., Inc., initials) or '' for ``word``."""
    if len(word) < 2 or not word.endswith("."):
        return ""
    abbrevs, prefixes, _ = _word_lists()
    typ = word[:-1].lower().rsplit("-", 1)[-1]  # "D-Calif." is looked up as "calif"
    if typ in prefixes:
        return "prefix"
    if typ in abbrevs or _INITIALS_RE.fullmatch(word):
        return "abbrev"
    return ""


def _ellipsis_kind(piece: str, stop: int) -> int:
    """4 when ``piece[:stop]`` ends in an ellipsis plus full stop ("....", ". . . .",
    "…."), 3 when it ends in a bare ellipsis ("...", ". . .", "…"), else 0."""
    window = piece[max(0, stop - 9):stop]
    # both patterns end in three dots within six characters, or in "…" (then maybe ".")
    tail = window[-6:]
    if tail.count(".") < 3 and "…" not in tail:
        return 0
    if _ELLIPSIS4_END_RE.search(window):
        return 4
    if _ELLIPSIS_END_RE.search(window):
        return 3
    return 0


def _join_after_abbreviation(prev: str, piece: str) -> bool:
    """Rule 5: undo a split after an abbreviation or a bare ellipsis that is followed by
    a name."""
    words = prev.rsplit(None, 1)
    kind = _abbreviation_kind(words[-1].lstrip(_OPENERS)) if words else ""
    if not kind:
        if _ellipsis_kind(prev, len(prev)) != 3:
            return False
        kind = "ellipsis"
    if kind == "prefix":
        return bool(piece[:1].isupper() or piece[:1].isdigit())
    if piece[:1].isdigit():  # "H.R. 19", "Sept. 11"
        return kind != "ellipsis"
    first = _FIRST_WORD_RE.match(piece)
    if not first:
        return False
    if first.group(2):  # an initial or abbreviation such as "R." or "Sen."
        return True
    return first.group(1).lower() not in _word_lists()[2]


def _split_after_abbreviations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Rule 6: split after a non-prefix abbreviation or a bare ellipsis followed by a
    capitalised sentence opener ("in the U.S. The talks", "was ready . . . But"), and
    after an ellipsis with a full stop ("...." or ". . . .") followed by any
    capitalised word. Closing quotes after the mark stay with the first sentence."""
    piece = text[start:end]
    if ". " not in piece and "… " not in piece and not _QUOTE_GAP_RE.search(piece):
        return [(start, end)]
    _, _, starters = _word_lists()
    out = []
    cur = start
    for m in _ABBR_WORD_RE.finditer(piece):
        stop = m.start() + 1
        ellipsis = _ellipsis_kind(piece, stop)
        if ellipsis != 4 and m.group(2).lower() not in starters:
            continue
        if not ellipsis:
            word_start = max(piece.rfind(" ", 0, stop), piece.rfind("\n", 0, stop)) + 1
            word = piece[word_start:stop].lstrip(_OPENERS)
            if len(word) <= 2 or _abbreviation_kind(word) != "abbrev":
                continue
        out.append((cur, start + m.end(1)))
        cur = start + m.start(2)
    out.append((cur, end))
    return out


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the paragraphs of ``text``, whitespace stripped.

    Blank lines separate paragraphs; a text without any blank line is split at single
    newlines instead, except before a line that starts with a lower-case letter (see
    the module docstring).

    Examples
    --------
    >>> split_paragraphs("One.\\n\\n  Two.\\nStill two.\\n")
    [(0, 4), (8, 23)]
    >>> split_paragraphs("Line one\\nLine two")
    [(0, 8), (9, 17)]
    """
    if not text:
        return []
    splitter = _PARA_SPLIT_RE if _BLANK_LINE_RE.search(text) else _LINE_BREAK_RE
    spans = []
    pos = 0
    for match in splitter.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        seg = text[start:end]
        stripped = seg.strip()
        if stripped:
            lead = len(seg) - len(seg.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _apply_rules(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Post-rules of the module docstring on the sentence spans of one block of text."""
    split: list[tuple[int, int]] = []
    for start, end in spans:
        split.extend(_split_after_abbreviations(text, start, end))
    if len(split) < 2:
        return split
    out: list[list[int]] = []
    pending_marker: int | None = None
    for start, end in split:
        if pending_marker is not None:
            start, pending_marker = pending_marker, None
        piece = text[start:end]
        if out:
            prev = text[out[-1][0]:out[-1][1]]
            if (_LOWER_START_RE.match(piece) and not _CAMEL_START_RE.match(piece)) or (
                    _CREDIT_RE.fullmatch(piece)) or _join_after_abbreviation(prev, piece):
                out[-1][1] = end
                continue
        if _LIST_MARKER_RE.fullmatch(piece):
            pending_marker = start
            continue
        out.append([start, end])
    if pending_marker is not None:
        out.append([pending_marker, split[-1][1]])
    return [(s, e) for s, e in out]


def _list_items(block: str) -> list[int]:
    """Rule 7: offsets where list items start inside one block of text.

    An item starts at a marker (``1.``, ``2)``, ``(3)``, ``a.``, ``b)``, ``A)``),
    optionally after a bullet, followed by a capital letter or a digit, when at least
    two such markers with consecutive values (1, 2 or a, b; letters from "a") appear
    in order (a capital letter with a full stop is an initial, never a marker); or at a
    bullet (``•``) when the block has two bullets or more. Inline enumerations in running
    prose ("does two things: (1) it caps rents and (2) it bans evictions") have
    lower-case items and are left alone.
    """
    quick = bool(_ITEM_FIRST_RE.match(block))
    for _ in _ITEM_QUICK_RE.finditer(block):
        quick += 1
        if quick >= 2:
            break
    if quick < 2 and (block.isascii() or sum(block.count(b) for b in _BULLETS) < 2):
        return []
    bullets = []
    runs: list[list[tuple[int, str, int]]] = []
    for m in _ITEM_RE.finditer(block):
        if m.group("lone"):
            bullets.append(m.start())
            continue
        value, marker = m.group("value"), m.group("marker")
        if value.isupper() and marker.endswith("."):
            continue  # "A. B. Smith": initials, not a list
        num = int(value) if value.isdigit() else ord(value.lower()) - ord("a") + 1
        kind = "d" if value.isdigit() else ("l" if value.islower() else "u")
        at = m.start()
        if m.group("bullet"):
            bullets.append(at)
        if runs and runs[-1][-1][0] == num - 1 and runs[-1][-1][1] == kind:
            runs[-1].append((num, kind, at))
        elif kind == "d" or num == 1:  # lettered lists start at "a"
            runs.append([(num, kind, at)])
    starts = {at for run in runs if len(run) >= 2 for _, _, at in run}
    if len(bullets) >= 2:
        starts.update(bullets)
    return sorted(starts)


def _mask(block: str) -> str:
    """A same-length copy of ``block`` for Punkt: spaced ellipses become ``...``."""
    if ". ." not in block:
        return block
    return _SPACED_ELLIPSIS_RE.sub(
        lambda m: " " * (len(m.group()) - m.group().count(".")) + "." * m.group().count("."),
        block)


def _line_blocks(para: str) -> list[tuple[int, int]]:
    """Split one paragraph at single line breaks not followed by lower case."""
    if "\n" not in para:
        return [(0, len(para))]
    blocks = []
    pos = 0
    for m in _LINE_BREAK_RE.finditer(para):
        blocks.append(_strip_span(para, pos, m.start()))
        pos = m.end()
    blocks.append(_strip_span(para, pos, len(para)))
    return [(s, e) for s, e in blocks if e > s]


def _paragraph_sentences(para: str) -> list[tuple[int, int]]:
    tok = _tokenizer()
    out: list[tuple[int, int]] = []
    for b_start, b_end in _line_blocks(para):
        block = para[b_start:b_end]
        cuts = [0, *(c for c in _list_items(block) if c > 0), len(block)]
        for i_start, i_end in zip(cuts, cuts[1:], strict=False):
            i_start, i_end = _strip_span(block, i_start, i_end)
            if i_end <= i_start:
                continue
            item = block[i_start:i_end]
            spans = [(s, e) if s < e and not item[s].isspace() and not item[e - 1].isspace()
                     else _strip_span(item, s, e) for s, e in tok._spans(_mask(item), True)]
            spans = [(s, e) for s, e in spans if e > s]
            out.extend((b_start + i_start + s, b_start + i_start + e)
                       for s, e in _split_furniture(
                           item, _four_dot_boundaries(item, _apply_rules(item, spans)),
                           first_in_paragraph=not out))
    return out


_CREDIT_LABEL_RE = re.compile(
    r"(?<=\S)[^\S\n]+(?=(?:Image|Photo|Photograph|Picture|Video|Credit)s?(?:\s+credit)?:"
    r"[^\S\n]+[A-Z0-9])")
_BRACKET_ELLIPSIS_RE = re.compile(r"\[(?:\.{3}|…)\](?=[^\S\n]+[\"“]?[A-Z][a-z])")
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATELINE_RE = re.compile(
    r"(?:(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,[^\S\n]+)?"
    rf"{_MONTHS}[^\S\n]+\d{{1,2}},[^\S\n]+\d{{4}})"  # Thursday, May 7, 2015
    r"(?=[^\S\n]+[\"“]?[A-Z])")


_FOUR_DOT_END_RE = re.compile(r"[^\W_][\"”’')\]]*\.(?:[^\S\n]\.){3}\Z")


def _four_dot_boundaries(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rule 10: in the formal spaced style, "compounds. . . . The practice" is a full stop
    followed by an ellipsis that opens the next sentence (the omission comes before
    it), so the boundary moves to just after the full stop."""
    out = list(spans)
    for i in range(len(out) - 1):
        start, end = out[i]
        # the pattern ends in "." after a space other than a newline: check that first
        if end - start < 8 or text[end - 1] != "." or text[end - 2] == "\n" or \
                not text[end - 2].isspace():
            continue
        m = _FOUR_DOT_END_RE.search(text, start, end)
        if m:
            stop = text.index(".", m.start()) + 1  # keep the full stop
            out[i] = (start, stop)
            out[i + 1] = (stop + 1, out[i + 1][1])  # hand ". . ." to the next sentence
    return out


def _split_furniture(text: str, spans: list[tuple[int, int]], *,
                     first_in_paragraph: bool) -> list[tuple[int, int]]:
    """Rules 8, 9 and 11: cut inline picture credits, a leading date line, and
    sentences after an editorial omission mark off."""
    cuts: list[int] = []
    if first_in_paragraph and spans:
        m = _DATELINE_RE.match(text, spans[0][0], spans[0][1])
        if m:
            cuts.append(m.end())
    if ":" in text:
        cuts.extend(m.start() for m in _CREDIT_LABEL_RE.finditer(text))
    if "[" in text:
        cuts.extend(m.end() for m in _BRACKET_ELLIPSIS_RE.finditer(text))
    cuts.sort()
    if not cuts:
        return spans
    out = []
    for start, end in spans:
        cur = start
        for cut in cuts:
            if cur < cut < end:
                piece = _strip_span(text, cur, cut)
                if piece[1] > piece[0]:
                    out.append(piece)
                cur = cut
        out.append(_strip_span(text, cur, end))
    return [(s, e) for s, e in out if e > s]


def split_text(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` spans of the sentences of one text.

    Spans never cross a paragraph boundary and are stripped of surrounding whitespace,
    so ``text[start:end]`` is the sentence. Empty or whitespace-only text gives ``[]``.

    Examples
    --------
    >>> t = 'U.S. officials said it was over. Mr. Smith left at 5 p.m. on Friday.'
    >>> [t[s:e] for s, e in split_text(t)]
    ['U.S. officials said it was over.', 'Mr. Smith left at 5 p.m. on Friday.']
    >>> t = '"Why now?" he asked. "Because."\\n\\nA new paragraph'
    >>> [t[s:e] for s, e in split_text(t)]
    ['"Why now?" he asked.', '"Because."', 'A new paragraph']
    """
    if not isinstance(text, str) or not text.strip():
        return []
    return [(s, e) for _, s, e in _sentences_with_paragraphs(text)]


def _sentences_with_paragraphs(text: str) -> list[tuple[int, int, int]]:
    out = []
    for pid, (p_start, p_end) in enumerate(split_paragraphs(text)):
        for s, e in _paragraph_sentences(text[p_start:p_end]):
            out.append((pid, p_start + s, p_start + e))
    return out


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def split_sentences(articles: pd.DataFrame, *, text_col: str = "text",
                    id_col: str = "article_id") -> pd.DataFrame:
    """Split every article into sentences: one row per sentence with offsets.

    Parameters
    ----------
    articles
        Articles table (or any table with an id and a text column). Not modified.
    text_col, id_col
        Names of the text and id columns.

    Returns
    -------
    pandas.DataFrame
        The sentences table (:data:`newslib.schema.SENTENCE_COLUMNS`): ``article_id``,
        ``sentence_id`` (0-based within the article), ``paragraph_id`` (0-based),
        ``start``, ``end`` (offsets into the article's text) and ``text``. Articles
        whose text is empty or missing give no rows.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a1"],
    ...                      "text": ["Gen. Li spoke. Troops left.\\n\\n(AFP)"]})
    >>> split_sentences(arts)[["sentence_id", "paragraph_id", "start", "end", "text"]]
       sentence_id  paragraph_id  start  end            text
    0            0             0      0   14  Gen. Li spoke.
    1            1             0     15   27    Troops left.
    2            2             1     29   34           (AFP)
    """
    require_columns(articles, [id_col, text_col], where="split_sentences",
                    hint=f"pass text_col=... and id_col=... (got text_col={text_col!r}, "
                         f"id_col={id_col!r})")
    ids: list[object] = []
    sids: list[int] = []
    pids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    for art_id, text in zip(articles[id_col].tolist(), articles[text_col].tolist(),
                            strict=True):
        if _is_missing(text) or not isinstance(text, str):
            continue
        for sid, (pid, start, end) in enumerate(_sentences_with_paragraphs(text)):
            ids.append(art_id)
            sids.append(sid)
            pids.append(pid)
            starts.append(start)
            ends.append(end)
            texts.append(text[start:end])
    data = {"article_id": ids, "sentence_id": sids, "paragraph_id": pids,
            "start": starts, "end": ends, "text": texts}
    return pd.DataFrame({name: pd.Series(data[name], dtype=dtype)
                         for name, dtype in SENTENCE_COLUMNS.items()})


# --------------------------------------------------------------------------- tokens

def tokenize_text(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` spans of the word tokens of one string.

    Examples
    --------
    >>> t = "The U.S.-led bloc's 1,000 troops (4.5%) arrived."
    >>> [t[s:e] for s, e in tokenize_text(t)]
    ['The', 'U.S.', '-', 'led', "bloc's", '1,000', 'troops', '(', '4.5', '%', ')', 'arrived', '.']
    """
    if not isinstance(text, str):
        return []
    return [m.span() for m in _TOKEN_RE.finditer(text)]


def tokenize(table: pd.DataFrame, *, text_col: str = "text",
             id_col: str = "article_id") -> pd.DataFrame:
    """Split the texts of a table into word tokens with offsets.

    Give it the sentences table from :func:`split_sentences` (then offsets are shifted
    by each sentence's ``start`` so they point into the *article* text, and
    ``sentence_id`` is kept), or an articles table (``sentence_id`` is then ``-1``).

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``sentence_id``, ``token_id`` (0-based within the row),
        ``start``, ``end``, ``text``. The input is not modified.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["Hi. Mr. Li left."]})
    >>> toks = tokenize(split_sentences(arts))
    >>> toks[["sentence_id", "token_id", "start", "end", "text"]].tail(2)
       sentence_id  token_id  start  end  text
    5            1         3     11   15  left
    6            1         4     15   16     .
    """
    require_columns(table, [id_col, text_col], where="tokenize",
                    hint="pass text_col=... and id_col=...")
    has_sent = "sentence_id" in table.columns and "start" in table.columns
    sent_ids = table["sentence_id"].tolist() if has_sent else [-1] * len(table)
    offsets = table["start"].tolist() if has_sent else [0] * len(table)
    cols: dict[str, list] = {name: [] for name in TOKEN_COLUMNS}
    for art_id, sid, base, text in zip(table[id_col].tolist(), sent_ids, offsets,
                                       table[text_col].tolist(), strict=True):
        if _is_missing(text) or not isinstance(text, str):
            continue
        for tid, m in enumerate(_TOKEN_RE.finditer(text)):
            s, e = m.span()
            cols["article_id"].append(art_id)
            cols["sentence_id"].append(sid)
            cols["token_id"].append(tid)
            cols["start"].append(base + s)
            cols["end"].append(base + e)
            cols["text"].append(m.group())
    return pd.DataFrame({name: pd.Series(cols[name], dtype=dtype)
                         for name, dtype in TOKEN_COLUMNS.items()})


# --------------------------------------------------------------------------- command line

def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newslib.segment --train [--out DIR] [--text FILE ...]``."""
    parser = argparse.ArgumentParser(prog="python -m newslib.segment",
                                     description="Retrain the shipped Punkt parameters.")
    parser.add_argument("--train", action="store_true", required=True,
                        help="train Punkt parameters and write them as text files")
    parser.add_argument("--out", type=Path, default=PUNKT_DIR,
                        help=f"output folder (default {PUNKT_DIR})")
    parser.add_argument("--text", type=Path, nargs="*", default=None,
                        help="extra UTF-8 training files, added to the default texts")
    args = parser.parse_args(argv)
    texts = [_python_reference_text(), _news_training_text()]
    for path in args.text or []:
        texts.append(path.read_text(encoding="utf-8"))
    params = train_punkt(texts)
    out = save_punkt_parameters(params, args.out)
    sys.stderr.write(f"wrote Punkt parameters to {out}: {len(params.abbrev_types)} "
                     f"abbreviations, {len(params.sent_starters)} sentence starters, "
                     f"{len(params.collocations)} collocations, "
                     f"{len(params.ortho_context)} word types\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
