"""Cleaning the articles table: normalise text, lift furniture out of the body, flag copies.

News bodies arrive with furniture around the story: photo captions ending in a credit
("... government buildings in Almaty. (AFP)"), trailers ("Source: TRTWorld and agencies",
"(Reporting by ...; Editing by ...)"), datelines ("ALMATY, Kazakhstan (AP) —"), bylines
("By A. Writer") and web boilerplate ("Read more", "Share this article", "Subscribe ...").
Counting words or labels over them distorts every figure, but several carry information, so
:func:`clean_articles` moves them into their own columns instead of throwing them away:

========== ==========================================================================
column     what lands there
========== ==========================================================================
credits    ``Source:`` trailers, agency credit of a dateline, Reuters-style trailers
byline     a leading "By ..." line (when the loader found no author)
dateline   the place of a leading dateline ("ALMATY, Kazakhstan")
captions   photo captions, one per line, with their credit
========== ==========================================================================

Text cleaners take a Series and return a Series; :func:`clean_articles` and
:func:`flag_duplicates` take the articles table and return a new one. Nothing here
modifies its input. Offsets computed downstream always refer to the cleaned ``text``.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from newslib.schema import require_columns

__all__ = [
    "normalize_text",
    "strip_boilerplate",
    "split_furniture",
    "clean_articles",
    "flag_duplicates",
]

# --- unicode and whitespace ---------------------------------------------------------------

# Characters that carry no meaning in running text, mapped to what they stand for.
_CHAR_MAP = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u3000": " ",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",  # stray BOM
    "\u2028": "\n",
    "\u2029": "\n\n",
    "\r\n": "\n",
    "\r": "\n",
}
# Rare quotation marks folded onto the common curly pair, so quote finders see one style
# per direction; straight quotes are kept (their direction is unknown).
_QUOTE_MAP = {
    "\u201e": "\u201c",  # „ low double -> “
    "\u201f": "\u201c",  # ‟ -> “
    "\u301d": "\u201c",
    "\u301e": "\u201d",
    "\uff02": '"',
    "\u201a": "\u2018",  # ‚ low single -> ‘
    "\u201b": "\u2018",
    "\u2032": "'",  # prime used as apostrophe
    "\u00b4": "'",  # acute accent used as apostrophe
    "`": "\u2018",
}
_STRAIGHT_MAP = {
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u2039": "'", "\u203a": "'",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CHARS = re.compile("|".join(re.escape(k) for k in sorted(_CHAR_MAP, key=len, reverse=True)))
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANKS = re.compile(r"\n\s*\n+")
_QUOTE_TABLES = {"keep": dict(_QUOTE_MAP), "straight": {**_QUOTE_MAP, **_STRAIGHT_MAP}}
_QUOTE_CHARS = {k: re.compile("[" + re.escape("".join(table)) + "]")
                for k, table in _QUOTE_TABLES.items()}
# any character that _CHARS, _CONTROL or the quotation-mark map changes ("\r" covers
# "\r\n")
_ODD_CHARS = {k: re.compile("[" + re.escape("".join(c for c in _CHAR_MAP if len(c) == 1))
                            + re.escape("".join(table))
                            + "\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
              for k, table in _QUOTE_TABLES.items()}


def _normalize_one(text: str, quotes: str) -> str:
    # Each step scans the text in C and only builds a new string where it finds
    # something to change; the result equals (tests check it) the plain recipe: NFC, map
    # _CHAR_MAP, drop controls, translate quotation marks, collapse spaces and strip
    # every line, one blank line between paragraphs, strip.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    style = "straight" if quotes == "straight" else "keep"
    if _ODD_CHARS[style].search(text):  # else none of the three maps applies
        text = _CHARS.sub(lambda m: _CHAR_MAP[m.group()], text)
        text = _CONTROL.sub("", text)
        table = _QUOTE_TABLES[style]
        text = _QUOTE_CHARS[style].sub(lambda m: table[m.group()], text)
    if "  " in text or "\t" in text or "\f" in text or "\v" in text:  # else nothing to do
        text = _SPACES.sub(" ", text)
    text = "\n".join([line.strip() for line in text.split("\n")])
    if "\n\n\n" in text:  # lines are stripped: only runs of three newlines or more change
        text = _BLANKS.sub("\n\n", text)
    return text.strip()


def normalize_text(texts: pd.Series, *,
                   quotes: Literal["keep", "straight"] = "keep") -> pd.Series:
    """Normalise unicode and whitespace while keeping meaning.

    NFC composition (not NFKC, which would turn "½" into "1⁄2" and "ﬁ" ligatures apart);
    no-break and thin spaces become spaces, soft hyphens and zero-width characters go,
    line endings become ``\\n``, runs of spaces collapse, and paragraphs are separated by
    exactly one blank line. Quotation marks: rare variants („ ‟ ‚ ‛ ＂ primes) fold onto
    the curly pair “ ” ‘ ’ so that quote extraction sees one style per direction; with
    ``quotes="straight"`` every double mark (curly, guillemets) becomes ``"`` and every
    single mark ``'``. Missing values stay missing. The input is not modified.

    Examples
    --------
    >>> s = pd.Series(["  Police\\u00a0said  „calm“.\\r\\n\\r\\n\\r\\nNext ", None], dtype=object)
    >>> out = normalize_text(s)
    >>> out[0], bool(out.isna()[1])
    ('Police said “calm“.\\n\\nNext', True)
    >>> normalize_text(pd.Series(["«Non», he said"]), quotes="straight").tolist()
    ['"Non", he said']
    """
    return texts.map(lambda t: _normalize_one(t, quotes) if isinstance(t, str) else t)


# --- boilerplate ------------------------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"""^(?:
        (?:read|see)\s+(?:more|also)\b.{0,120}
      | related(?:\s+(?:articles?|stories|coverage))?\s*:.{0,200}
      | (?:share|tweet|email|print)(?:\s+(?:this|on|via)\b.{0,40})?
      | (?:share|follow)\s+(?:us|this\s+(?:article|story))\b.{0,80}
      | (?:click|tap)\s+here\b.{0,120}
      | (?:sign\s+up|subscribe)\b.{0,160}
      | advertisement | sponsored(?:\s+content)?
      | (?:copyright|©)\s.{0,120}
      | all\s+rights\s+reserved\.?
      | (?:get|download)\s+(?:the|our)\s+(?:app|newsletter)\b.{0,80}
      | (?:we\s+use\s+cookies|this\s+site\s+uses\s+cookies)\b.{0,200}
      | (?:facebook|twitter|whatsapp|linkedin|telegram)(?:\s*[|·•]\s*\w+)*
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def _split_paragraphs(text: str) -> list[str]:
    return [p for p in (q.strip() for q in text.split("\n\n")) if p]


def strip_boilerplate(texts: pd.Series) -> pd.Series:
    """Drop whole paragraphs that are web furniture ("Read more: ...", "Share", "Subscribe ...").

    Only paragraphs made entirely of such a phrase go; a sentence that merely contains
    "read more" stays. Expects paragraphs separated by blank lines (see
    :func:`normalize_text`). The input is not modified.

    Examples
    --------
    >>> strip_boilerplate(pd.Series(["Protests grew.\\n\\nRead more: Why fuel costs rose\\n\\n"
    ...                              "Share this article\\n\\nPolice said."])).tolist()
    ['Protests grew.\\n\\nPolice said.']
    """
    def one(text):
        if not isinstance(text, str):
            return text
        return "\n\n".join(p for p in _split_paragraphs(text) if not _BOILERPLATE.match(p))

    return texts.map(one)


# --- furniture: captions, trailers, datelines, bylines ----------------------------------------

#: Credits that mark a photo caption when they close a paragraph: "(AFP)", "(Reuters)",
#: "(AP Photo/Name)", "(Getty Images)", "(Photo: ...)".
PHOTO_CREDITS = (
    r"AFP|Reuters|AP|AA|EPA|Getty(?:\s+Images)?|Anadolu(?:\s+Agency)?|Xinhua|Sputnik|TASS|"
    r"Bloomberg|Shutterstock|Pool|File|Courtesy[^()]{0,60}|"
    r"(?:AP|AFP|EPA|Reuters|AA|Getty)[^()]{0,5}(?:Photo|Images|Pool)[^()]{0,60}|"
    r"Photo[^()]{0,80}|Credit[^()]{0,80}"
)
_CAPTION = re.compile(
    rf"^(?P<body>[^\n]{{0,400}}?)\s*\((?P<credit>{PHOTO_CREDITS})\)\s*$", re.IGNORECASE
)
_TRAILER = re.compile(r"^(?:source|sources|credit|credits)\s*:\s*(?P<credit>.{1,200}?)\s*$",
                      re.IGNORECASE)
_REUTERS_TRAILER = re.compile(
    r"^\(\s*(?P<credit>(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^()]{1,400})"
    r"\)\s*$", re.IGNORECASE)
_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z'.\- ]{1,40}[A-Z.](?:,\s+[A-Z][A-Za-z.' \-]{1,40}?)?)   # ALMATY, Kazakhstan
        (?:\s*\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\))?                        # (AP)
        \s*(?:[—–]|--|-|:)\s+(?=\S)""",
    re.VERBOSE,
)
_BYLINE = re.compile(r"^By\s+(?P<byline>[A-Z][^\n]{1,120}?)\s*$")


def split_furniture(text: str) -> dict[str, str | None]:
    """Split one article body into story text and furniture.

    Returns a dict with ``text``, ``credits``, ``byline``, ``dateline``, ``captions``
    (``None`` where absent). A caption is a short paragraph (at most 400 characters) that
    ends in a parenthesised photo credit such as "(AFP)"; a trailer is a last paragraph
    "Source: ..." or Reuters' "(Reporting by ...; Editing by ...)"; a dateline is an
    upper-case place opening the first paragraph, optionally with an agency, and a dash;
    a byline is a first paragraph "By ...".

    Examples
    --------
    >>> out = split_furniture("ALMATY, Kazakhstan (AP) — Police said.\\n\\n"
    ...                       "Crowds in Almaty. (AFP)\\n\\nSource: TRTWorld and agencies")
    >>> out["text"], out["dateline"], out["credits"], out["captions"]
    ('Police said.', 'ALMATY, Kazakhstan', 'TRTWorld and agencies; AP', 'Crowds in Almaty. (AFP)')
    """
    paras = _split_paragraphs(text)
    credits: list[str] = []
    captions: list[str] = []
    byline = dateline = None
    while paras:
        m = _TRAILER.match(paras[-1]) or _REUTERS_TRAILER.match(paras[-1])
        if not m:
            break
        credits.insert(0, m.group("credit"))
        paras.pop()
    if paras:
        m = _BYLINE.match(paras[0])
        if m and len(paras) > 1:
            byline = m.group("byline")
            paras.pop(0)
    kept = []
    for p in paras:
        # a caption ends in ")" (checked first: the caption pattern is slow to fail)
        m = _CAPTION.match(p) if p.rstrip().endswith(")") else None
        # A quoted paragraph that ends in "(AFP)" is a story paragraph crediting an agency,
        # not a caption; captions are single sentences of description.
        if m and "\n" not in p and not re.search(r"[\"“”]", m.group("body")):
            captions.append(p)
        else:
            kept.append(p)
    if kept:
        m = _DATELINE.match(kept[0])
        if m and len(m.group("place")) >= 3:
            dateline = m.group("place").strip()
            if m.group("agency"):
                credits.append(m.group("agency").strip())
            kept[0] = kept[0][m.end():]
    return {
        "text": "\n\n".join(kept),
        "credits": "; ".join(credits) or None,
        "byline": byline,
        "dateline": dateline,
        "captions": "\n".join(captions) or None,
    }


def clean_articles(articles: pd.DataFrame, *, text_col: str = "text",
                   quotes: Literal["keep", "straight"] = "keep",
                   furniture: bool = True, boilerplate: bool = True,
                   duplicates: bool = True, threshold: float = 0.8) -> pd.DataFrame:
    """Clean the articles table: normalise, strip boilerplate, lift furniture, flag copies.

    Furniture found in the body fills ``credits``, ``byline``, ``dateline`` and
    ``captions`` (see the module docstring); a value the loader already put in
    ``credits`` or ``byline`` is kept and the one found in the text is appended to
    credits or used only when the byline is empty. Titles are normalised too.
    Near-duplicates are flagged in ``duplicate_of`` by :func:`flag_duplicates`. Rows are
    never dropped; an article whose text is empty after cleaning keeps an empty string.
    The input is not modified.

    Examples
    --------
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["By Ann Lee\\n\\nCalm  returned.\\n\\n"
    ...                    "Source: AFP"]})
    >>> out = clean_articles(df)
    >>> out.loc[0, ["text", "byline", "credits"]].tolist()
    ['Calm returned.', 'Ann Lee', 'AFP']
    """
    require_columns(articles, ["article_id", text_col], where="clean_articles",
                    hint=f"pass text_col= naming the body column (now {text_col!r})")
    out = articles.copy()
    texts = normalize_text(out[text_col].astype("object"), quotes=quotes)
    if boilerplate:
        texts = strip_boilerplate(texts)
    if "title" in out.columns:
        out["title"] = normalize_text(out["title"].astype("object"), quotes=quotes)
    if furniture:
        parts = [split_furniture(t) if isinstance(t, str) else None for t in texts]
        texts = pd.Series([p["text"] if p else t for p, t in zip(parts, texts)],
                          index=out.index, dtype="object")
        for col in ("credits", "byline", "dateline", "captions"):
            found = pd.Series([p[col] if p else None for p in parts], index=out.index,
                              dtype="object")
            if col not in out.columns:
                out[col] = found
                continue
            old = out[col].astype("object")
            has_old = old.notna() & (old.astype(str).str.len() > 0)
            if col == "credits":
                both = has_old & found.notna() & (old != found)
                merged = old.where(has_old, found)
                merged[both] = old[both].astype(str) + "; " + found[both].astype(str)
                out[col] = merged
            else:
                out[col] = old.where(has_old, found)
    out[text_col] = texts.fillna("").astype("string")
    for col in ("credits", "byline", "dateline", "captions"):
        if col in out.columns:
            out[col] = out[col].astype("string")
    if duplicates:
        out = flag_duplicates(out, text_col=text_col, threshold=threshold)
    return out


# --- near-duplicates ------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


class _WordCodes(dict):
    """word -> crc32 of its UTF-8 bytes, computed on first use."""

    def __missing__(self, word: str) -> int:
        code = self[word] = zlib.crc32(word.encode())
        return code


def _shingles(text: str, k: int, codes_of: dict[str, int]) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the word ``k``-grams of ``text`` (crc32 per word,
    polynomial roll), stable across processes, unlike Python's ``hash``. A uint32 array
    costs 4 bytes a shingle where a Python set costs about 95. ``codes_of`` caches word
    codes (a :class:`_WordCodes`, or any dict)."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.empty(0, dtype=np.uint32)
    if not isinstance(codes_of, _WordCodes):
        codes_of = _WordCodes(codes_of)
    arr = np.fromiter(map(codes_of.__getitem__, words), dtype=np.uint64, count=len(words))
    k = min(k, len(arr))
    width = len(arr) - k + 1
    hashes = np.zeros(width, dtype=np.uint64)
    for j in range(k):
        hashes = (hashes * np.uint64(1_000_003) + arr[j:j + width]) & np.uint64(0xFFFFFFFF)
    hashes = np.sort(hashes.astype(np.uint32))
    keep = np.empty(len(hashes), dtype=bool)
    keep[0] = True
    np.not_equal(hashes[1:], hashes[:-1], out=keep[1:])
    return hashes[keep]


@lru_cache(maxsize=32)
def _lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows) datasketch picks for ``threshold`` (found by numerical
    integration, which costs more than indexing a batch; so once per process)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def _array_hash(values: np.ndarray) -> np.ndarray:
    return values


def _minhashes(sets: list[np.ndarray], *, num_perm: int, seed: int) -> list:
    """datasketch MinHash signatures of hashed shingle sets (the shingles are the hashes).

    ``MinHash.update_batch`` calls its hash function once per value, in Python, and then
    turns the results into one array. Handing it each set as a single array (hashed by
    the identity) gives that same array without the per-value calls. The first set is
    also done the plain way, and if the two signatures differ (another datasketch
    version) every set is done the plain way.
    """
    from datasketch import MinHash

    if not sets:
        return []

    def plain(values: list[np.ndarray]) -> list:
        return MinHash.bulk([v.tolist() for v in values], num_perm=num_perm, seed=seed,
                            hashfunc=int)

    template = MinHash(num_perm=num_perm, seed=seed, hashfunc=_array_hash)
    fast = []
    try:
        for values in sets:
            m = template.copy()
            m.update_batch([values])
            fast.append(m)
        same = np.array_equal(fast[0].hashvalues, plain(sets[:1])[0].hashvalues)
    except (TypeError, ValueError):  # pragma: no cover - depends on the datasketch version
        same = False
    return fast if same else plain(sets)


def flag_duplicates(articles: pd.DataFrame, *, text_col: str = "text",
                    threshold: float = 0.8, shingle: int = 5, num_perm: int = 128,
                    min_words: int = 20, seed: int = 1) -> pd.DataFrame:
    """Flag near-duplicates and wire copies in ``duplicate_of``; never drop them.

    Method: each text becomes the set of its word ``shingle``-grams (hashed to 32 bits); MinHash signatures
    (datasketch, ``num_perm`` permutations) go into an LSH index tuned for Jaccard
    ``threshold``; candidate pairs are confirmed on the exact Jaccard of their shingle sets.
    Each article is linked to the earliest member of its group (by ``published`` when
    present, then by row order), which gets ``duplicate_of`` = missing. Texts with fewer than
    ``min_words - shingle + 1`` distinct shingles (about ``min_words`` words) are not
    compared: short stubs match too easily. Only originals enter the index, so the cost
    grows linearly with the number of copies of a wire story. Deterministic for
    a given ``seed``. The input is not modified.

    Examples
    --------
    >>> body = " ".join(f"word{i}" for i in range(60))
    >>> df = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...                    "text": [body, body + " AFP contributed.", "Something else entirely."]})
    >>> flag_duplicates(df)["duplicate_of"].tolist()
    [<NA>, 'a', <NA>]
    """
    from datasketch import MinHash, MinHashLSH

    require_columns(articles, ["article_id", text_col], where="flag_duplicates")
    out = articles.copy()
    n = len(out)
    order = np.arange(n)
    if "published" in out.columns:
        pub = pd.to_datetime(out["published"], utc=True, errors="coerce")
        stamp = pub.dt.tz_convert(None).to_numpy("datetime64[ns]").view("int64").copy()
        stamp[pub.isna().to_numpy()] = np.iinfo("int64").max  # undated articles come last
        order = np.lexsort((np.arange(n), stamp))
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    texts = out[text_col].astype("object").tolist()
    ids = out["article_id"].astype("object").tolist()
    codes_of = _WordCodes()
    shingles = {i: _shingles(texts[i], shingle, codes_of) for i in order
                if isinstance(texts[i], str)}
    # fewer than min_words words means fewer than min_words - shingle + 1 shingles
    todo = [i for i in order
            if i in shingles and len(shingles[i]) >= max(1, min_words - shingle + 1)]
    hashes = _minhashes([shingles[i] for i in todo], num_perm=num_perm, seed=seed)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm,
                     params=_lsh_bands(threshold, num_perm))
    dup: list[int | None] = [None] * n
    # Articles are visited oldest first and only originals go into the index, so a copy is
    # compared with the originals it may copy, never with the other copies: linear in the
    # number of copies of a wire story instead of quadratic.
    for i, mh in zip(todo, hashes, strict=True):
        sh = shingles[i]
        for j in lsh.query(mh):  # candidates are originals, visited earlier
            other = shingles[j]
            inter = len(np.intersect1d(sh, other, assume_unique=True))
            if inter >= threshold * (len(sh) + len(other) - inter):
                if dup[i] is None or rank[j] < rank[dup[i]]:
                    dup[i] = j
        if dup[i] is None:
            lsh.insert(i, mh)
        else:
            del shingles[i]  # copies are never compared again
    out["duplicate_of"] = pd.array([ids[d] if d is not None else pd.NA for d in dup],
                                   dtype="string")
    return out
