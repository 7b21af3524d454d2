"""Load news articles from files, folders, globs and URLs into the articles table.

One call, :func:`load_articles`, reads a file, a folder (recursively), a glob, or a list of
these, in mixed formats chosen by extension, and returns the articles table of
:mod:`newslib.schema` (``ARTICLE_COLUMNS``), cleaned by :func:`newslib.clean.clean_articles`
unless ``clean=False``:

========================  ===============================================================
extension                 what one file holds
========================  ===============================================================
``.txt``                  one article: the seed form or plain text (see below)
``.json``                 one news-please article (or a list of article objects)
``.jsonl``, ``.ndjson``   one article object per line (streamed)
``.csv``                  one article per row: Media Cloud exports or any CSV (streamed)
``.html``, ``.htm``       a saved web page, extracted with trafilatura
``.parquet``              a corpus written by :func:`save_corpus` (streamed by row group)
``<text format>.gz``      the same, gzip-compressed (``export.jsonl.gz``)
========================  ===============================================================

:func:`iter_articles` yields the same table in batches (constant memory for JSONL, CSV and
Parquet), :func:`convert_to_parquet` turns any source into one Parquet corpus batch by
batch, :func:`save_corpus`/:func:`load_corpus` write and read Parquet atomically with
dtypes kept, and :func:`fetch_urls` downloads pages (cached, rate-limited) and extracts
them with trafilatura.

Text files
----------
The seed form (``data/trtworld_2022-01-06_kazakhstan.txt``) is a header line
``date YYYY-MM-DD <section label>``, a blank line, the headline, then paragraphs separated
by blank lines. It gives ``published`` (midnight UTC), ``section``, ``title`` (the headline,
not repeated in ``text``) and ``text`` (paragraphs joined by ``"\\n\\n"``). A plain text
file has no header: its first paragraph is taken as the headline only when it is one line
of at most 200 characters not ending in sentence punctuation; a ``YYYY-MM-DD`` date in the
file name gives ``published``. ``outlet`` comes from a ``Source: ...`` trailer ("Source:
TRTWorld and agencies" -> "TRT World") or else from the file-name prefix
("trtworld_...") when it is a known alias in ``newslib/lexicons/outlets.yaml``. Captions,
trailers, datelines and bylines are moved out of ``text`` by the cleaning step.

Field names
-----------
JSON, JSONL and CSV fields are matched by name (case-insensitive), first hit wins; see
:data:`DEFAULT_FIELDS`. news-please (``title``, ``maintext``, ``date_publish``,
``authors``, ``source_domain``, ``url``, ``language``), Media Cloud (``stories_id``/``id``,
``publish_date``, ``title``, ``url``, ``media_name``, ``media_url``, ``language``,
``text``) and newslib's own column names work as they are; anything else takes a
``columns={"source field": "article column"}`` mapping, which is tried first. Outlet
names are unified through the alias table (``www.trtworld.com`` -> ``TRT World``). Dates
are parsed as ISO 8601 or RFC 2822, or with ``date_format=``; dates without a time zone
are taken as UTC, numbers as Unix time.

Bad input never crashes the whole load and never disappears
-----------------------------------------------------------
A broken file (invalid JSON, truncated, unreadable), a wrong encoding, an empty article, a
missing or unparseable date, or a duplicate ``article_id`` is *skipped*, *repaired* or
*flagged*, and recorded in a **load report**: a DataFrame with one row per problem and the
columns ``source_file``, ``row`` (0-based record position in a multi-article file: JSONL
line number minus one, CSV data row without the header; empty for whole-file problems),
``action`` and ``reason``. The actions are

* ``skipped``: nothing was loaded from that file or row (broken file or row, empty text,
  unsupported extension, missing file, failed download);
* ``repaired``: loaded after a fix (decoded from another encoding than UTF-8, duplicate
  ``article_id`` renamed with a ``~2``, ``~3``... suffix);
* ``flagged``: loaded as is, with a gap the analyst should know about (no or unparseable
  publication date, so ``published`` is empty).

The design, in one place:

* ``report=True`` asks for the report everywhere: :func:`load_articles` and
  :func:`fetch_urls` then return ``(articles, report)``, :func:`iter_articles` yields
  ``(batch, batch_report)`` pairs, and :func:`convert_to_parquet` always returns it. The
  report is not put in ``DataFrame.attrs``: pandas copies ``attrs`` through every
  operation, and a DataFrame there makes ``pd.concat`` of two loads fail;
* when anything was skipped, one :class:`LoadWarning` summarises the count and the first
  reasons, so nothing is silent; repairs and flags alone do not warn (they are in the
  report);
* ``strict=True`` raises :class:`CorpusError` at the first problem of any kind, naming the
  file, the row, the problem and the fix.

Encodings: a byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise UTF-8 is tried,
then charset-normalizer (preferring cp1252/latin-1 among equally plausible single-byte
answers). A UTF-8 file with a few stray bytes stays UTF-8 and each stray byte is decoded
as cp1252, reported on its row. ``encoding=`` forces one encoding.

Identifiers
-----------
``article_id`` is deterministic: the file stem for one-article files
(``trtworld_2022-01-06_kazakhstan``); for multi-article files the source's own id
(``article_id``, ``id``, ``stories_id`` fields) when present, else ``<stem>-<row>``;
``url-<16 hex digits of the URL's SHA-256>`` for :func:`fetch_urls`. Files are read in
sorted order, so the same input always gives the same ids; a repeated id gets the suffix
``~2``, ``~3``... and a ``repaired`` report entry. ``source_file`` is the path as found
(with ``#<row>`` for multi-article files).

Examples
--------
>>> from newslib import config
>>> articles = load_articles(config.SAMPLE_CORPUS)
>>> articles.loc[0, ["outlet", "section"]].tolist()
['TRT World', 'Fast News']
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import glob as _glob
import gzip
import hashlib
import http.client
import io
import json
import os
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from newslib import config
from newslib.schema import ARTICLE_COLUMNS, coerce_articles, require_columns

__all__ = [
    "DEFAULT_FIELDS",
    "REPORT_COLUMNS",
    "SUPPORTED_EXTENSIONS",
    "CorpusError",
    "LoadWarning",
    "convert_to_parquet",
    "fetch_urls",
    "iter_articles",
    "load_articles",
    "load_corpus",
    "load_outlet_aliases",
    "normalize_outlet",
    "save_corpus",
]

Source = str | os.PathLike | Iterable[str | os.PathLike]

SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".parquet": "parquet",
}

REPORT_COLUMNS: dict[str, str] = {
    "source_file": "string",
    "row": "Int64",
    "action": "string",
    "reason": "string",
}

# Source field -> articles column, in priority order: for each column the first field present
# and non-empty wins. news-please, Media Cloud, trafilatura and newslib's own names.
DEFAULT_FIELDS: dict[str, str] = {
    "article_id": "article_id",
    "id": "article_id",
    "stories_id": "article_id",
    "title": "title",
    "headline": "title",
    "text": "text",
    "maintext": "text",
    "body": "text",
    "content": "text",
    "story_text": "text",
    "published": "published",
    "date_publish": "published",
    "publish_date": "published",
    "date": "published",
    "url": "url",
    "link": "url",
    "outlet": "outlet",
    "media_name": "outlet",
    "sitename": "outlet",
    "source_domain": "outlet",
    "media_url": "outlet",
    "byline": "byline",
    "authors": "byline",
    "author": "byline",
    "credits": "credits",
    "section": "section",
    "lang": "lang",
    "language": "lang",
}

_SEED_HEADER = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})(?:[ \t]+(.*\S))?[ \t]*$", re.IGNORECASE)
_TRAILER = re.compile(r"^Source:\s*(.+?)\s*$", re.IGNORECASE)
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_AUTO_PROGRESS_FILES = 50
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_AUTO_PROGRESS_BYTES = 50_000_000
_SNIFF_BYTES = 256_000
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes kept by errors="surrogateescape"
_NON_ASCII = re.compile("[^\x00-\x7f]")


class CorpusError(ValueError):
    """A corpus file or row could not be loaded (raised with ``strict=True``)."""


class LoadWarning(UserWarning):
    """Some files or rows were skipped while loading; see the load report."""


# --------------------------------------------------------------------------------------
# The load report
# --------------------------------------------------------------------------------------


@dataclass
class _Report:
    strict: bool = False
    entries: list[dict[str, Any]] = field(default_factory=list)

    def add(self, source_file: str, row: int | None, action: str, reason: str,
            fix: str = "") -> None:
        if row is not None:  # the row is its own column: "file#3" -> "file", 3
            source_file = source_file.removesuffix(f"#{row}")
        if self.strict:
            where = source_file if row is None else f"{source_file}, row {row}"
            msg = f"{where}: {reason}"
            if fix:
                msg += f". Fix: {fix}"
            msg += " (or load with strict=False to skip and report such problems)"
            raise CorpusError(msg)
        self.entries.append({"source_file": source_file, "row": row, "action": action,
                             "reason": reason})

    def frame(self, start: int = 0) -> pd.DataFrame:
        rows = self.entries[start:]
        if not rows:
            return pd.DataFrame({c: pd.Series(dtype=d) for c, d in REPORT_COLUMNS.items()})
        df = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
        df["row"] = pd.array([pd.NA if r is None else r for r in df["row"]], dtype="Int64")
        return df.astype(REPORT_COLUMNS)

    def warn(self, stacklevel: int = 3) -> None:
        skipped = [e for e in self.entries if e["action"] == "skipped"]
        if not skipped:
            return
        first = "; ".join(
            f"{e['source_file']}{'' if e['row'] is None else ' row ' + str(e['row'])}: "
            f"{e['reason']}" for e in skipped[:3])
        more = f" (and {len(skipped) - 3} more)" if len(skipped) > 3 else ""
        warnings.warn(
            f"{len(skipped)} file(s) or row(s) skipped while loading: {first}{more}. "
            "Pass report=True to get the full load report.",
            LoadWarning, stacklevel=stacklevel)


# --------------------------------------------------------------------------------------
# Outlets
# --------------------------------------------------------------------------------------


def _outlet_key(name: str) -> str:
    key = name.strip().casefold()
    key = key.removeprefix("https://").removeprefix("http://").removeprefix("www.")
    return re.sub(r"[\W_]+", "", key)


def load_outlet_aliases(extra: Mapping[str, Iterable[str]] | str | os.PathLike | None = None
                        ) -> dict[str, str]:
    """Return the outlet alias table as ``{normalised alias: display name}``.

    Reads ``newslib/lexicons/outlets.yaml`` and then ``extra`` (a mapping of display name to
    aliases, or a path to a YAML file with an ``outlets:`` mapping), whose entries win.

    Parameters
    ----------
    extra
        Your own aliases, added to (and overriding) the packaged ones.

    Returns
    -------
    dict
        Keys are aliases normalised (case, "www." and punctuation ignored).

    Examples
    --------
    >>> table = load_outlet_aliases({"Kazinform": ["inform.kz"]})
    >>> table["trtworld"], table["informkz"]
    ('TRT World', 'Kazinform')
    """
    import yaml

    sources: list[Mapping[str, Any]] = []
    with open(config.LEXICON_DIR / "outlets.yaml", encoding="utf-8") as fh:
        sources.append((yaml.safe_load(fh) or {}).get("outlets", {}))
    if isinstance(extra, (str, os.PathLike)):
        with open(extra, encoding="utf-8") as fh:
            loaded = yaml.safe_load(fh) or {}
        if not isinstance(loaded, Mapping) or not isinstance(loaded.get("outlets", {}), Mapping):
            raise ValueError(f"{extra}: expected a YAML mapping 'outlets: {{name: [aliases]}}'")
        sources.append(loaded.get("outlets", {}))
    elif extra is not None:
        sources.append(extra)
    table: dict[str, str] = {}
    for outlets in sources:
        for name, aliases in outlets.items():
            if isinstance(aliases, str):
                raise ValueError(f"outlet aliases for {name!r} must be a list, "
                                 f"got the string {aliases!r}; write [{aliases}]")
            for alias in [name, *(aliases or [])]:
                table[_outlet_key(str(alias))] = str(name)
    return table


def normalize_outlet(name: str | None, aliases: Mapping[str, str] | None = None) -> str | None:
    """Return the display name of an outlet, or ``name`` unchanged when it is not known.

    Examples
    --------
    >>> normalize_outlet("TRTWorld"), normalize_outlet("www.trtworld.com")
    ('TRT World', 'TRT World')
    >>> normalize_outlet("Kazinform")
    'Kazinform'
    """
    if name is None or (isinstance(name, float) and pd.isna(name)) or name is pd.NA:
        return None
    name = str(name).strip()
    if not name:
        return None
    table = aliases if aliases is not None else load_outlet_aliases()
    return table.get(_outlet_key(name), name)


def _outlet_from_credit(credit: str, aliases: Mapping[str, str]) -> str | None:
    """'TRTWorld and agencies' -> 'TRT World' (first credited name, if it is a known outlet)."""
    first = re.split(r"\s*(?:,|;|/|\band\b|&)\s*", credit.strip(), maxsplit=1)[0]
    return aliases.get(_outlet_key(first)) if first else None


# --------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------


def _sniff_encoding(data: bytes) -> tuple[str, str | None]:
    """Return ``(encoding, repair_reason)`` for a sample of bytes.

    BOM first, then UTF-8, then charset-normalizer; the reason is None when nothing was
    repaired (UTF-8, with or without BOM). A UTF-8 text with a few stray bytes (a latin-1
    "caf\xe9" pasted into a UTF-8 export) stays UTF-8: the stray bytes are repaired where
    they occur (see :func:`_unescape`).
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-8-sig":
                return enc, None
            return enc, f"not UTF-8: decoded as {enc.upper()} (byte-order mark)"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 4 and not _mostly_utf8(data):
            return _guess_encoding(data)
    return "utf-8", None


def _mostly_utf8(data: bytes) -> bool:
    """True when valid multi-byte UTF-8 outnumbers invalid bytes at least nine to one."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    good = len(_NON_ASCII.findall(text)) - bad
    return good > 0 and bad * 9 <= good


def _guess_encoding(data: bytes) -> tuple[str, str | None]:
    """Ask charset-normalizer; among near-equally plausible answers prefer Western ones.

    On short texts single-byte code pages are hard to tell apart (a latin-1 "café" is
    also valid cp1257), so when cp1252, latin-1 or iso8859-15 is within 0.05 chaos of the
    best guess it wins: news corpora are far more often Windows/ISO Western than Baltic.
    """
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        return "utf-8", "not UTF-8 and no encoding detected: undecodable bytes replaced by U+FFFD"
    best = results[0]
    for match in results:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.05:
            best = match
            break
    enc = best.encoding
    return enc, f"not UTF-8: decoded as {enc} (detected by charset-normalizer)"


def _decode(data: bytes, encoding: str | None) -> tuple[str, str | None]:
    """Decode a whole file; return ``(text, repair_reason)``."""
    if encoding is not None:
        return data.decode(encoding), None
    enc, reason = _sniff_encoding(data)
    if enc == "utf-8" and reason is None:
        text, n_bad = _unescape(data.decode("utf-8", errors="surrogateescape"))
        if n_bad:
            return text, f"{n_bad} byte(s) not valid UTF-8: decoded as cp1252"
        return text, None
    errors = "replace" if reason and "replaced" in reason else "strict"
    try:
        return data.decode(enc, errors=errors), reason
    except (UnicodeDecodeError, LookupError):
        return data.decode("utf-8", errors="replace"), (
            f"not UTF-8 and not {enc}: undecodable bytes replaced by U+FFFD")


def _normalize_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text)]
    return "\n\n".join(p for p in paragraphs if p)


# --------------------------------------------------------------------------------------
# Readers: each yields (row, record) pairs; problems go to the report
# --------------------------------------------------------------------------------------


@dataclass
class _Options:
    columns: Mapping[str, str] | None
    encoding: str | None
    aliases: Mapping[str, str]
    batch_size: int
    date_format: str | None = None
    tick: Callable[[int], None] = lambda n: None  # progress: about n more bytes read


def _parse_txt(text: str, path: Path, aliases: Mapping[str, str]) -> dict[str, Any]:
    """Parse one article in the seed form or plain text (see :func:`load_articles`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    record: dict[str, Any] = {}
    if first is not None and (m := _SEED_HEADER.match(lines[first].strip())):
        record["published"] = m.group(1)
        record["section"] = m.group(2)
        paragraphs = _normalize_text("\n".join(lines[first + 1:])).split("\n\n")
        record["title"] = paragraphs[0] if paragraphs and paragraphs[0] else None
        body = paragraphs[1:]
    else:
        paragraphs = _normalize_text(text).split("\n\n")
        head = paragraphs[0] if paragraphs else ""
        # a headline: one short line without final punctuation, followed by more text
        if (len(paragraphs) > 1 and "\n" not in head and len(head) <= 200
                and not head.endswith((".", "!", "?", '"', "”", ":"))):
            record["title"] = head
            body = paragraphs[1:]
        else:
            body = paragraphs
        if (m := _DATE_IN_NAME.search(_stem(path))):
            record["published"] = m.group(1)
    record["text"] = "\n\n".join(p for p in body if p)
    outlet = None
    if body and (m := _TRAILER.match(body[-1])):
        outlet = _outlet_from_credit(m.group(1), aliases)
    if outlet is None:
        prefix = re.split(r"[_\s]", _stem(path), maxsplit=1)[0]
        outlet = aliases.get(_outlet_key(prefix)) if prefix else None
    record["outlet"] = outlet
    record["article_id"] = _stem(path)
    return record


def _format_of(path: Path) -> str | None:
    """'txt', 'json', ... from the extension; ``.gz`` is read through (``x.jsonl.gz``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"]:
        fmt = SUPPORTED_EXTENSIONS.get(suffixes[-2]) if len(suffixes) > 1 else None
        return fmt if fmt != "parquet" else None
    return SUPPORTED_EXTENSIONS.get(suffixes[-1]) if suffixes else None


def _stem(path: str | Path) -> str:
    """The file name without its format extension(s): ``a/b.jsonl.gz`` -> ``b``."""
    name = Path(path).name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem


def _open_binary(path: Path) -> io.BufferedIOBase:
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


def _read_sample(path: Path) -> bytes:
    """Up to _SNIFF_BYTES from the start; a damaged gzip gives what could be read."""
    chunks: list[bytes] = []
    size = 0
    with _open_binary(path) as fh:
        while size < _SNIFF_BYTES:
            try:
                chunk = fh.read(16_384)
            except (EOFError, zlib.error, OSError):
                break  # the reader reports the damage at the row where it occurs
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)


def _read_bytes(path: Path) -> bytes:
    with _open_binary(path) as fh:
        return fh.read()




def _unescape(text: str) -> tuple[str, int]:
    """Decode bytes that the stream's encoding rejected (kept as lone surrogates) as cp1252.

    A mostly-UTF-8 export with a few latin-1 bytes ("caf\xe9") is common; each such byte
    becomes its cp1252 character (latin-1 where cp1252 has a hole).
    """
    if text.isascii() or not _ESCAPED.search(text):
        return text, 0

    def one(m: re.Match[str]) -> str:
        byte = bytes([ord(m.group()) - 0xDC00])
        try:
            return byte.decode("cp1252")
        except UnicodeDecodeError:
            return byte.decode("latin-1")

    return _ESCAPED.subn(one, text)


def _read_txt(path: Path, opts: _Options, report: _Report) -> Iterator[tuple[int | None, dict]]:
    text, reason = _decode(_read_bytes(path), opts.encoding)
    if reason:
        report.add(str(path), None, "repaired", reason,
                   fix="re-save the file as UTF-8 or pass encoding=...")
    yield None, _parse_txt(text, path, opts.aliases)


def _read_json(path: Path, opts: _Options, report: _Report) -> Iterator[tuple[int | None, dict]]:
    text, reason = _decode(_read_bytes(path), opts.encoding)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        report.add(str(path), None, "skipped",
                   f"invalid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                   "the file may be truncated",
                   fix="repair or re-export the file, or remove it from the input")
        return
    if reason:
        report.add(str(path), None, "repaired", reason,
                   fix="re-save the file as UTF-8 or pass encoding=...")
    if isinstance(data, Mapping):
        record = dict(data)
        yield None, record
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, Mapping):
                yield i, dict(item)
            else:
                report.add(str(path), i, "skipped",
                           f"expected a JSON object, got {type(item).__name__}",
                           fix="each list item must be an article object")
    else:
        report.add(str(path), None, "skipped",
                   f"expected a JSON object or a list of objects, got {type(data).__name__}",
                   fix="one news-please article object per .json file")


def _open_text_stream(path: Path, opts: _Options, report: _Report) -> io.TextIOWrapper:
    """Open a possibly huge text file for streaming, sniffing its encoding on a sample.

    Bytes that break the encoding later in the file are kept as lone surrogates
    (``surrogateescape``), repaired by :func:`_unescape` row by row, and reported.
    """
    enc = opts.encoding
    if enc is None:
        enc, reason = _sniff_encoding(_read_sample(path))
        if reason:
            report.add(str(path), None, "repaired", reason,
                       fix="re-save the file as UTF-8 or pass encoding=...")
    return io.TextIOWrapper(_open_binary(path), encoding=enc, errors="surrogateescape",
                            newline="")


def _report_unescaped(report: _Report, path: Path, row: int, n: int, enc: str) -> None:
    report.add(str(path), row, "repaired",
               f"{n} byte(s) not valid {enc}: decoded as cp1252",
               fix="re-save the file in one encoding (UTF-8)")


def _read_jsonl(path: Path, opts: _Options, report: _Report) -> Iterator[tuple[int | None, dict]]:
    with _open_text_stream(path, opts, report) as fh:
        for i, line in enumerate(fh):
            opts.tick(len(line))
            line = line.strip().lstrip("\ufeff")
            if not line:
                continue
            line, n_bad = _unescape(line)
            if n_bad:
                _report_unescaped(report, path, i, n_bad, fh.encoding)
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                report.add(str(path), i, "skipped",
                           f"invalid JSON on line {i + 1} (column {exc.colno}: {exc.msg})",
                           fix="repair the line, or remove it")
                continue
            if not isinstance(item, Mapping):
                report.add(str(path), i, "skipped",
                           f"line {i + 1} is a JSON {type(item).__name__}, not an object",
                           fix="write one article object per line")
                continue
            yield i, dict(item)


def _read_csv(path: Path, opts: _Options, report: _Report) -> Iterator[tuple[int | None, dict]]:
    limit = csv.field_size_limit()
    if limit < 2**31 - 1:  # long article bodies exceed the 128 kB default
        csv.field_size_limit(2**31 - 1)
    with _open_text_stream(path, opts, report) as fh:
        # strict: a file cut inside a quoted field raises instead of loading half a text
        reader = csv.reader(fh, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            report.add(str(path), None, "skipped", "empty CSV file (no header row)",
                       fix="remove the file or re-export it with a header row")
            return
        except csv.Error as exc:
            report.add(str(path), None, "skipped", f"unreadable CSV header: {exc}",
                       fix="re-export the file as standard CSV")
            return
        header = [h.strip().lstrip("\ufeff") for h in header]
        i = -1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                i += 1
                report.add(str(path), i, "skipped", f"malformed CSV row: {exc}",
                           fix="check quoting in the file")
                continue
            i += 1
            opts.tick(sum(len(v) for v in values) + len(values))
            if not any(v.strip() for v in values):
                continue
            fixed = [_unescape(v) for v in values]
            if (n_bad := sum(n for _, n in fixed)):
                values = [v for v, _ in fixed]
                _report_unescaped(report, path, i, n_bad, fh.encoding)
            if len(values) != len(header):
                report.add(str(path), i, "skipped",
                           f"row has {len(values)} fields, header has {len(header)} "
                           "(truncated row or stray delimiter)",
                           fix="check quoting around text with commas or newlines")
                continue
            yield i, dict(zip(header, values, strict=True))


def _read_html(path: Path, opts: _Options, report: _Report) -> Iterator[tuple[int | None, dict]]:
    data = _read_bytes(path)
    html, reason = _decode(data, opts.encoding or _html_charset(data))
    if reason:
        report.add(str(path), None, "repaired", reason,
                   fix="re-save the file as UTF-8 or pass encoding=...")
    record = _extract_html(html, url=None)
    if record is None:
        report.add(str(path), None, "skipped", "trafilatura found no main text in the page",
                   fix="check the page is an article, not an index or a login wall")
        return
    record["article_id"] = _stem(path)
    yield None, record


def _extract_html(html: str, url: str | None) -> dict[str, Any] | None:
    """Extract title, date, author, site name and main text of a page with trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        # keep the time of day and time zone, and prefer the original publication date
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True})
    if doc is None:
        return None
    text = getattr(doc, "text", None) or ""
    paragraphs = _normalize_text(text.replace("\n", "\n\n")).split("\n\n")  # one line each
    title = getattr(doc, "title", None)
    if title and paragraphs and paragraphs[0].strip() == title.strip():
        paragraphs = paragraphs[1:]  # the <h1> repeated at the top of the body
    text = "\n\n".join(paragraphs)
    return {
        "title": getattr(doc, "title", None),
        "published": getattr(doc, "date", None),
        "byline": getattr(doc, "author", None),
        "outlet": getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        "url": getattr(doc, "url", None) or url,
        "lang": getattr(doc, "language", None),
        "text": text,
    }


def _read_parquet(path: Path, opts: _Options, report: _Report
                  ) -> Iterator[tuple[int | None, dict]]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow.ArrowInvalid subclasses ValueError
        report.add(str(path), None, "skipped", f"not a readable Parquet file: {exc}",
                   fix="rewrite it with newslib.corpus.save_corpus")
        return
    i = 0
    for batch in pf.iter_batches(batch_size=opts.batch_size):
        for record in batch.to_pylist():
            yield i, record
            i += 1


_READERS: dict[str, Callable[[Path, _Options, _Report], Iterator[tuple[int | None, dict]]]] = {
    "txt": _read_txt,
    "json": _read_json,
    "jsonl": _read_jsonl,
    "csv": _read_csv,
    "html": _read_html,
    "parquet": _read_parquet,
}


# --------------------------------------------------------------------------------------
# Records -> articles
# --------------------------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value or value.isspace()
    if value is pd.NA or (isinstance(value, float) and value != value):
        return True
    return isinstance(value, (list, tuple)) and not value


_PLANS: dict[tuple[Any, ...], list[tuple[str, list[Any]]]] = {}


def _plan(keys: tuple[Any, ...], columns: Mapping[str, str] | None
          ) -> list[tuple[str, list[Any]]]:
    """For a record's field names: each target column and its source fields, best first.

    Cached per (fields, mapping): rows of one export share their fields, so the matching is
    done once per file, not once per row.
    """
    cache_key = (keys, tuple(columns.items()) if columns else ())
    plan = _PLANS.get(cache_key)
    if plan is not None:
        return plan
    lower: dict[str, Any] = {}
    for k in keys:
        lower.setdefault(str(k).strip().lower(), k)
    targets: dict[str, list[Any]] = {}
    for src, dest in (columns or {}).items():
        key = src if src in keys else lower.get(str(src).strip().lower())
        if key is not None:
            targets.setdefault(dest, []).append(key)
    for src, dest in DEFAULT_FIELDS.items():
        key = lower.get(src)
        if key is not None and key not in targets.get(dest, []):
            targets.setdefault(dest, []).append(key)
    plan = list(targets.items())
    if len(_PLANS) > 256:
        _PLANS.clear()
    _PLANS[cache_key] = plan
    return plan


def _map_record(raw: Mapping[str, Any], columns: Mapping[str, str] | None,
                fmt: str) -> dict[str, Any]:
    """Map a source record's fields to article columns (user mapping first)."""
    if fmt in {"txt", "html", "parquet"}:  # already named as the articles table
        return {k: v for k, v in raw.items() if not _is_empty(v)}
    out: dict[str, Any] = {}
    for dest, keys in _plan(tuple(raw), columns):
        for key in keys:
            value = raw[key]
            if not _is_empty(value):
                if isinstance(value, (list, tuple)):
                    value = "; ".join(str(v) for v in value if not _is_empty(v))
                elif dest != "published" and not isinstance(value, str):
                    value = str(value)
                out[dest] = value
                break
    return out


@dataclass
class _State:
    """What must persist across batches: ids seen (for de-duplication)."""

    seen: dict[str, int] = field(default_factory=dict)  # id -> index in names
    names: list[str] = field(default_factory=list)  # source files, in order of first id
    files: dict[str, int] = field(default_factory=dict)  # source file -> index in names
    suffix: dict[str, int] = field(default_factory=dict)  # id -> last ~k suffix given
    outlets: dict[str, str | None] = field(default_factory=dict)  # outlet names resolved

    def file_index(self, src: str, row: int | None) -> int:
        name = src if row is None else src.removesuffix(f"#{row}")
        if name not in self.files:
            self.files[name] = len(self.names)
            self.names.append(name)
        return self.files[name]


def _finish_batch(records: list[dict[str, Any]], report: _Report, state: _State,
                  opts: _Options, clean: bool) -> pd.DataFrame:
    """Turn mapped records into a typed (and cleaned) articles table."""
    kept: list[dict[str, Any]] = []
    for rec in records:
        src, row = rec.pop("_source"), rec.pop("_row")
        if _is_empty(rec.get("text")):
            reason = "empty article: no text"
            if not _is_empty(rec.get("url")):
                reason += " (the record has a url: fetch the page with fetch_urls)"
            report.add(src, row, "skipped", reason,
                       fix="drop the record, or map the body field with columns={'<field>': "
                           "'text'}; for URL lists use fetch_urls")
            continue
        if isinstance(rec["text"], str):
            rec["text"] = _normalize_text(rec["text"])
        raw_date = rec.get("published")
        if _is_empty(raw_date):
            rec["published"] = None
            report.add(src, row, "flagged", "no publication date: published left empty",
                       fix="map the date field with columns={'<field>': 'published'}")
        else:
            stamp = _parse_date(raw_date, opts.date_format)
            if stamp is None:
                report.add(src, row, "flagged",
                           f"unparseable date {str(raw_date)[:40]!r}: published left empty",
                           fix="pass date_format= (e.g. '%d/%m/%Y %H:%M') or use ISO 8601 "
                               "dates")
            rec["published"] = stamp
        if not _is_empty(rec.get("outlet")):
            name = rec["outlet"]
            if name not in state.outlets:
                state.outlets[name] = normalize_outlet(name, opts.aliases)
            rec["outlet"] = state.outlets[name]
        base = rec.get("article_id")
        if _is_empty(base):
            stem = _stem(src.removesuffix(f"#{row}") if row is not None else src)
            base = stem if row is None else f"{stem}-{row}"
        base = aid = str(base)
        if aid in state.seen:
            k = state.suffix.get(base, 1)
            while aid in state.seen:
                k += 1
                aid = f"{base}~{k}"
            state.suffix[base] = k
            first = state.names[state.seen[base]]
            report.add(src, row, "repaired",
                       f"duplicate article_id {base!r} (first in {first}): renamed {aid!r}",
                       fix="give each article a unique id, or drop the duplicate file")
        state.seen[aid] = state.file_index(src, row)
        rec["article_id"] = aid
        if _is_empty(rec.get("source_file")):  # a Parquet corpus keeps its original files
            rec["source_file"] = src
        kept.append(rec)
    frame = pd.DataFrame(kept, columns=list(ARTICLE_COLUMNS)) if not kept else pd.DataFrame(kept)
    # the records' Python strings are a second copy of every text: drop them before typing
    # and cleaning (the caller hands the list over), so a batch is held once, not twice
    records.clear()
    del kept
    if "published" in frame.columns:
        frame["published"] = pd.to_datetime(frame["published"], utc=True)
    frame = coerce_articles(frame)
    return _clean_batch(frame, report, opts.aliases) if clean else frame


def _clean_batch(frame: pd.DataFrame, report: _Report, aliases: Mapping[str, str]
                 ) -> pd.DataFrame:
    """Run newslib.clean on a typed table; drop (and report) bodies left empty."""
    from newslib.clean import clean_articles

    frame = coerce_articles(clean_articles(frame))
    frame = _fill_outlet_from_credits(frame, aliases)
    empty = frame["text"].isna() | (frame["text"].str.strip() == "")
    for src in frame.loc[empty, "source_file"]:
        m = re.search(r"#(\d+)$", str(src))
        report.add(str(src), int(m.group(1)) if m else None, "skipped",
                   "empty article after cleaning (only captions, credits or boilerplate)",
                   fix="check the file holds an article body, or load with clean=False")
    return frame.loc[~empty].reset_index(drop=True)


def _fill_outlet_from_credits(frame: pd.DataFrame, aliases: Mapping[str, str]) -> pd.DataFrame:
    if "credits" not in frame.columns:
        return frame
    missing = frame["outlet"].isna() & frame["credits"].notna()
    if missing.any():
        frame = frame.copy()
        frame.loc[missing, "outlet"] = [
            _outlet_from_credit(str(c), aliases) for c in frame.loc[missing, "credits"]]
        frame["outlet"] = frame["outlet"].astype("string")
    return frame


def _parse_date(value: Any, date_format: str | None = None) -> pd.Timestamp | None:
    """A UTC timestamp, or None; naive times are UTC, numbers are Unix time (s or ms)."""
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) >= 9:
        value = int(value.strip())  # "1641463200" in a CSV (8 digits would be YYYYMMDD)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value:
            return None
        unit = "ms" if abs(value) > 1e11 else "s"  # Unix time in seconds or milliseconds
        return pd.Timestamp(value, unit=unit, tz="UTC")
    try:
        if date_format is not None and isinstance(value, str):
            stamp = pd.to_datetime(value.strip(), format=date_format)
        else:
            stamp = pd.Timestamp(value.strip() if isinstance(value, str) else value)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(stamp):
        return None
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


# --------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------


def _expand(source: Source, report: _Report) -> list[Path]:
    """Files named by a path, folder, glob or list of these, in a stable order."""
    if isinstance(source, (str, os.PathLike)):
        items: list[str | os.PathLike] = [source]
    elif isinstance(source, pd.DataFrame):
        raise TypeError("load_articles takes paths, not a DataFrame; "
                        "use newslib.schema.coerce_articles to type an existing table")
    else:
        items = list(source)
    files: list[Path] = []
    for item in items:
        text = os.fspath(item)
        if not str(text).strip():
            report.add(repr(text), None, "skipped", "empty path",
                       fix="give a file, folder or glob")
            continue
        path = Path(text).expanduser()
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".")
                                           for part in p.relative_to(path).parts))
            for p in found:
                if _format_of(p) is not None:
                    files.append(p)
                else:
                    report.add(str(p), None, "skipped",
                               f"unsupported extension {p.suffix or '(none)'!r}",
                               fix=f"use one of {', '.join(SUPPORTED_EXTENSIONS)} (or .gz "
                                   "of the text formats)")
        elif path.is_file():
            files.append(path)
        elif any(ch in text for ch in "*?["):
            matches = sorted(Path(p) for p in _glob.glob(os.path.expanduser(text),
                                                          recursive=True))
            files.extend(p for p in matches if p.is_file())
            if not matches:
                report.add(text, None, "skipped", "glob matched no file",
                           fix="check the pattern (use ** with a folder for recursion)")
        elif re.match(r"(?i)https?://", text):
            report.add(text, None, "skipped", "a URL, not a file",
                       fix="download web pages with newslib.corpus.fetch_urls")
        else:
            report.add(text, None, "skipped", "file or folder not found",
                       fix="check the path (relative paths start from the working folder)")
    seen: set[Path] = set()
    unique = []
    for p in files:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


class _FileProgress:
    """Advance a byte-based tqdm bar while a file is read, exactly at its end."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.size = self.done = self.pending = 0

    def start(self, size: int) -> None:
        self.size, self.done, self.pending = size, 0, 0

    def tick(self, n: int) -> None:
        self.pending += n
        if self.pending >= 1 << 20:
            self._advance(self.pending)

    def _advance(self, n: int) -> None:
        step = max(0, min(n, self.size - self.done))
        if step:
            self.bar.update(step)
        self.done += step
        self.pending = 0

    def finish(self) -> None:
        self._advance(self.size - self.done)


def _iter_batches(source: Source, *, report: _Report, batch_size: int, clean: bool,
                  columns: Mapping[str, str] | None, encoding: str | None,
                  progress: bool | None,
                  outlet_aliases: Mapping[str, Iterable[str]] | str | os.PathLike | None,
                  date_format: str | None = None
                  ) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Yield ``(batch, batch_report)``; every problem also lands in ``report``."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    files = _expand(source, report)
    if not files and not report.entries:
        raise FileNotFoundError(f"no file found in {source!r}")
    opts = _Options(columns=columns, encoding=encoding,
                    aliases=load_outlet_aliases(outlet_aliases), batch_size=batch_size,
                    date_format=date_format)
    state = _State()
    sizes = [p.stat().st_size for p in files]
    if progress is None:
        progress = len(files) >= _AUTO_PROGRESS_FILES or sum(sizes) >= _AUTO_PROGRESS_BYTES
    from tqdm.auto import tqdm

    bar = tqdm(total=sum(sizes), unit="B", unit_scale=True, desc="loading articles",
               disable=not progress)
    meter = _FileProgress(bar)
    pending: list[dict[str, Any]] = []
    report_mark = 0
    yielded = False
    n_articles = 0
    try:
        for path, size in zip(files, sizes, strict=True):
            meter.start(size)
            fmt = _format_of(path)
            if fmt is None:
                report.add(str(path), None, "skipped",
                           f"unsupported extension {path.suffix or '(none)'!r}",
                           fix=f"use one of {', '.join(SUPPORTED_EXTENSIONS)} (or .gz of "
                               "the text formats)")
                meter.finish()
                continue
            # compressed sizes do not match characters read: advance at the end only
            opts.tick = meter.tick if path.suffix.lower() != ".gz" else (lambda n: None)
            n_rows = 0
            try:
                for row, raw in _READERS[fmt](path, opts, report):
                    rec = _map_record(raw, columns, fmt)
                    rec["_source"] = str(path) if row is None else f"{path}#{row}"
                    rec["_row"] = row
                    pending.append(rec)
                    n_rows += 1
                    if len(pending) >= batch_size:
                        records, pending = pending, []
                        frame = _finish_batch(records, report, state, opts, clean)
                        batch_report = report.frame(report_mark)
                        report_mark = len(report.entries)
                        yielded = True
                        n_articles += len(frame)
                        bar.set_postfix(articles=n_articles, refresh=False)
                        yield frame, batch_report
                        del frame, batch_report  # not held while the next batch is built
            except (OSError, EOFError, UnicodeError, zlib.error) as exc:
                what = f"{type(exc).__name__}: {exc}"
                if n_rows:
                    reason = f"reading stopped after {n_rows} record(s) ({what})"
                else:
                    reason = f"unreadable file ({what})"
                report.add(str(path), None, "skipped", reason,
                           fix="check the file is complete and readable; pass encoding=... "
                               "if it is not UTF-8")
            meter.finish()
        if pending or not yielded:
            records, pending = pending, []
            frame = _finish_batch(records, report, state, opts, clean)
            yield frame, report.frame(report_mark)
    finally:
        bar.close()


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def load_articles(source: Source, *, strict: bool = False, clean: bool = True,
                  report: bool = False, columns: Mapping[str, str] | None = None,
                  encoding: str | None = None, progress: bool | None = None,
                  outlet_aliases: Mapping[str, Iterable[str]] | str | os.PathLike | None = None,
                  batch_size: int = 10_000, date_format: str | None = None,
                  ) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Load articles from files, folders, globs or a list of these into the articles table.

    Parameters
    ----------
    source
        A file, a folder (read recursively; dot-files skipped), a glob (``**`` recursive), or
        a list of these. Formats are chosen by extension (see the module docstring).
    strict
        Raise :class:`CorpusError` at the first problem (naming file, row, problem and fix)
        instead of skipping, repairing or flagging it in the load report.
    clean
        Run :func:`newslib.clean.clean_articles` (moves "Source:" trailers to ``credits``,
        photo captions to ``captions``, datelines to ``dateline``).
    report
        Return ``(articles, report)`` instead of ``articles``.
    columns
        Map source fields to article columns for JSON, JSONL and CSV, e.g.
        ``{"body": "text", "pub_time": "published"}``; used before the built-in names for
        news-please (``maintext``, ``date_publish``...) and Media Cloud (``publish_date``,
        ``media_name``...). Target names outside the contract are kept as extra columns.
    encoding
        Force an encoding instead of detecting it (BOM, UTF-8, then charset-normalizer).
    progress
        Show a tqdm progress bar; default: only for 50+ files or 50+ MB.
    outlet_aliases
        Extra outlet aliases (mapping or YAML path), see ``newslib/lexicons/outlets.yaml``.
    batch_size
        Records processed (and cleaned) at a time; bounds memory while reading.
    date_format
        ``strptime`` format of the dates when they are not ISO 8601 or RFC 2822, e.g.
        ``"%d/%m/%Y %H:%M"`` for day-first dates. Dates without a zone are taken as UTC;
        numbers are Unix time (seconds, or milliseconds when above 1e11).

    Returns
    -------
    pandas.DataFrame or (pandas.DataFrame, pandas.DataFrame)
        The articles table (``newslib.schema.ARTICLE_COLUMNS`` first, then columns added
        by cleaning), and with ``report=True`` the load report (``source_file``, ``row``,
        ``action``, ``reason``).

    Warns
    -----
    LoadWarning
        Once, when anything was skipped.

    Examples
    --------
    >>> from newslib import config
    >>> articles, problems = load_articles([config.SAMPLE_CORPUS], report=True)
    >>> len(articles), len(problems)
    (1, 0)
    >>> str(articles.loc[0, "published"].date()), articles.loc[0, "article_id"]
    ('2022-01-06', 'trtworld_2022-01-06_kazakhstan')
    """
    rep = _Report(strict=strict)
    # cleaned once at the end, so near-duplicates are flagged across the whole corpus
    frames = [frame for frame, _ in _iter_batches(
        source, report=rep, batch_size=batch_size, clean=False, columns=columns,
        encoding=encoding, progress=progress, outlet_aliases=outlet_aliases,
        date_format=date_format)]
    frames = [f for f in frames if len(f)] or frames[:1]
    articles = (pd.concat(frames, ignore_index=True) if len(frames) > 1
                else frames[0].reset_index(drop=True))
    if clean:
        articles = _clean_batch(articles, rep, load_outlet_aliases(outlet_aliases))
    table = rep.frame()
    rep.warn()
    return (articles, table) if report else articles


def iter_articles(source: Source, *, batch_size: int = 2_000, strict: bool = False,
                  clean: bool = True, columns: Mapping[str, str] | None = None,
                  encoding: str | None = None, progress: bool | None = None,
                  outlet_aliases: Mapping[str, Iterable[str]] | str | os.PathLike | None = None,
                  date_format: str | None = None, report: bool = False,
                  ) -> Iterator[pd.DataFrame] | Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Yield the articles of ``source`` as DataFrames of at most ``batch_size`` rows.

    Same options as :func:`load_articles`. JSONL, CSV and Parquet files are streamed, so
    memory stays bounded by ``batch_size`` whatever the file size (cleaning takes about 15
    times a batch's text at its peak: ~150 MB for the default 2,000 news articles); the
    only thing that
    grows is the set of ids seen, kept to de-duplicate ``article_id`` (about 100 bytes per
    article, ~100 MB for a million articles). With
    ``report=True`` each batch comes as ``(batch, batch_report)``, the report holding the
    entries produced since the previous batch. A :class:`LoadWarning` is emitted when the
    iteration ends, if anything was skipped. To write a huge export to Parquet batch by
    batch, use :func:`convert_to_parquet`. Cleaning runs per batch, so near-duplicates are
    flagged within a batch only (:func:`load_articles` cleans the whole corpus at once).

    Examples
    --------
    >>> from newslib import config
    >>> [len(b) for b in iter_articles(config.SAMPLE_CORPUS, batch_size=100)]
    [1]
    """
    rep = _Report(strict=strict)
    for frame, batch_report in _iter_batches(
            source, report=rep, batch_size=batch_size, clean=clean, columns=columns,
            encoding=encoding, progress=progress, outlet_aliases=outlet_aliases,
            date_format=date_format):
        yield (frame, batch_report) if report else frame
        del frame, batch_report  # not held while the next batch is read and cleaned
    rep.warn()


# --------------------------------------------------------------------------------------
# Parquet
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def _atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp_path = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:  # like mkstemp, but with the usual permissions (0o666 minus the umask)
            os.close(os.open(tmp_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            break
        except FileExistsError:
            continue
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _arrow_table(df: pd.DataFrame, schema: Any = None) -> Any:
    import pyarrow as pa

    plain = df.copy(deep=False)  # no second copy of the texts; the input is not modified
    plain.attrs = {}  # user attrs are not corpus data (and may not be JSON-serialisable)
    return pa.Table.from_pandas(plain, schema=schema, preserve_index=False)


def save_corpus(articles: pd.DataFrame, path: str | os.PathLike, *,
                row_group_size: int = 50_000, compression: str = "zstd") -> Path:
    """Write an articles table to Parquet atomically; return the path written.

    The file is written to a temporary file in the same folder and moved into place with
    ``os.replace``, so a crash never leaves a partial file at ``path`` (an old file there
    stays intact). Dtypes round-trip through :func:`load_corpus`, including the UTC
    ``published`` column and nullable strings. Large tables are split in row groups of
    ``row_group_size`` rows, which :func:`iter_articles` streams one at a time. The input
    is not modified.

    Examples
    --------
    >>> import tempfile
    >>> from newslib import config
    >>> articles = load_articles(config.SAMPLE_CORPUS)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     again = load_corpus(save_corpus(articles, Path(tmp) / "corpus.parquet"))
    >>> again.equals(articles)
    True
    """
    import pyarrow.parquet as pq

    require_columns(articles, ["article_id", "text"], where="save_corpus",
                    hint="pass an articles table (see newslib.schema.ARTICLE_COLUMNS)")
    path = Path(path)
    table = _arrow_table(articles)
    with _atomic_path(path) as tmp:
        pq.write_table(table, tmp, row_group_size=row_group_size, compression=compression)
    return path


def load_corpus(path: str | os.PathLike, *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a Parquet corpus written by :func:`save_corpus` or :func:`convert_to_parquet`.

    Parameters
    ----------
    path
        The ``.parquet`` file.
    columns
        Read only these columns (Parquet is columnar: this is much faster on big corpora).

    Notes
    -----
    A corpus that outgrows memory opens lazily, one partition per row group, with
    ``dask.dataframe.read_parquet(path, split_row_groups=True)``; :func:`iter_articles`
    streams it batch by batch.

    Examples
    --------
    >>> load_corpus("missing.parquet")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileNotFoundError: missing.parquet: no such corpus file; write one with save_corpus(...
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such corpus file; write one with "
                                "save_corpus(articles, path) or convert_to_parquet(source, path)")
    df = pd.read_parquet(path, columns=columns)
    if columns is None:
        require_columns(df, ["article_id", "text"], where=str(path),
                        hint="this Parquet file is not a newslib corpus; load it with "
                             "pandas.read_parquet")
        df = coerce_articles(df)
    return df


def convert_to_parquet(source: Source, dest: str | os.PathLike, *, batch_size: int = 2_000,
                       strict: bool = False, clean: bool = True,
                       columns: Mapping[str, str] | None = None, encoding: str | None = None,
                       progress: bool | None = None,
                       outlet_aliases: Mapping[str, Iterable[str]] | str | os.PathLike | None
                       = None, date_format: str | None = None) -> pd.DataFrame:
    """Convert any loadable source to one Parquet corpus, batch by batch; return the report.

    Memory stays bounded by ``batch_size`` (one row group per batch): cleaning a batch
    takes about 15 times its text in memory at its peak, so the default 2,000 news
    articles of ~4,500 characters need about 150 MB on top of the Python process (a
    500 MB JSON Lines export converts within about 400 MB; 10,000 articles per batch
    would need about 850 MB). A larger batch widens the window of near-duplicate
    detection (see below) at that cost. The file appears at
    ``dest`` only when the whole conversion succeeded (atomic). Columns are those of the
    first batch; a later batch missing one gets nulls. As in :func:`iter_articles`,
    near-duplicates are flagged within a batch only; run
    ``newslib.clean.flag_duplicates`` on the loaded corpus for corpus-wide flags.

    Examples
    --------
    >>> import tempfile
    >>> from newslib import config
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     problems = convert_to_parquet(config.SAMPLE_CORPUS, Path(tmp) / "c.parquet")
    ...     n = len(load_corpus(Path(tmp) / "c.parquet"))
    >>> n, len(problems)
    (1, 0)
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    dest = Path(dest)
    rep = _Report(strict=strict)
    pool = pa.default_memory_pool()
    with _atomic_path(dest) as tmp:
        writer = None
        names: list[str] = []
        dtypes: dict[str, Any] = {}
        aligned: pd.DataFrame | None = None
        try:
            for batch, _ in _iter_batches(source, report=rep, batch_size=batch_size, clean=clean,
                                       columns=columns, encoding=encoding, progress=progress,
                                       outlet_aliases=outlet_aliases,
                                       date_format=date_format):
                if writer is None:
                    names, dtypes = list(batch.columns), batch.dtypes.to_dict()
                    table = _arrow_table(batch)
                    writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
                elif len(batch):
                    aligned = batch.reindex(columns=names).astype(dtypes)
                    table = _arrow_table(aligned, schema=writer.schema)
                else:
                    continue
                if table.num_rows:
                    writer.write_table(table)
                # the next batch is read and cleaned without this one in memory; Arrow's
                # allocator gives the freed buffers back, for the Python objects of the next
                batch = table = aligned = None
                pool.release_unused()
        finally:
            if writer is not None:
                writer.close()
    rep.warn()
    return rep.frame()


# --------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------


def fetch_urls(urls: Iterable[str], *, cache_dir: str | os.PathLike | None = None,
               delay: float = 1.0, timeout: float = 20.0, clean: bool = True,
               report: bool = False, strict: bool = False,
               user_agent: str = "newslib/0.1 (news framing research)",
               max_bytes: int = 10_000_000, progress: bool | None = None,
               outlet_aliases: Mapping[str, Iterable[str]] | str | os.PathLike | None = None,
               ) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Fetch web pages, extract their articles with trafilatura, and cache them on disk.

    Each page is saved under ``cache_dir`` (default ``config.CACHE_DIR / "html"``) by the
    SHA-256 of its URL, so a rerun fetches nothing twice; failures are not cached (a rerun
    retries them). Requests to the same host are spaced by at least ``delay`` seconds.
    Every failure (HTTP status, refused connection, timeout, no main text) is in the load
    report with its reason, as in :func:`load_articles`. robots.txt is not consulted:
    check that the sites' terms allow research downloads.

    Parameters
    ----------
    urls
        The pages to fetch (``http``/``https``).
    cache_dir
        Folder for the cached HTML.
    delay
        Minimum seconds between two requests to the same host.
    timeout
        Seconds before a request is abandoned.
    clean, report, strict, outlet_aliases
        As in :func:`load_articles`.
    user_agent
        The User-Agent header sent.
    max_bytes
        Pages larger than this are skipped (and reported), not extracted.
    progress
        Show a tqdm progress bar; default: only for 50 URLs or more.

    Returns
    -------
    pandas.DataFrame or (pandas.DataFrame, pandas.DataFrame)
        Articles (``article_id`` is ``url-`` plus the first 16 hex digits of the URL's
        SHA-256) and, with ``report=True``, the report.

    Examples
    --------
    Needs the network, so not run here:

    >>> articles, problems = fetch_urls(["https://www.trtworld.com/asia/..."],
    ...                                 delay=2.0, report=True)  # doctest: +SKIP
    >>> problems[["source_file", "reason"]]  # doctest: +SKIP
    """
    cache = Path(cache_dir) if cache_dir is not None else config.CACHE_DIR / "html"
    cache.mkdir(parents=True, exist_ok=True)
    rep = _Report(strict=strict)
    opts = _Options(columns=None, encoding=None, aliases=load_outlet_aliases(outlet_aliases),
                    batch_size=10_000)
    last_hit: dict[str, float] = {}
    records: list[dict[str, Any]] = []
    first_row: dict[str, int] = {}
    urls = [str(u).strip() for u in urls]
    if progress is None:
        progress = len(urls) >= _AUTO_PROGRESS_FILES
    from tqdm.auto import tqdm

    for i, url in enumerate(tqdm(urls, unit="url", desc="fetching", disable=not progress)):
        if url in first_row:
            rep.add(url, i, "skipped", f"duplicate URL (same as row {first_row[url]})",
                    fix="drop repeated URLs from the list")
            continue
        first_row[url] = i
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        cached = cache / f"{digest}.html"
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            rep.add(url, i, "skipped", "not an http(s) URL", fix="give full URLs (https://...)")
            continue
        if cached.is_file():
            html_bytes = cached.read_bytes()
        else:
            wait = last_hit.get(parts.netloc, -float("inf")) + delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            last_hit[parts.netloc] = time.monotonic()
            request = urllib.request.Request(url, headers={"User-Agent": user_agent})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    html_bytes = response.read(max_bytes + 1)
            except urllib.error.HTTPError as exc:
                rep.add(url, i, "skipped", f"HTTP {exc.code} {exc.reason}",
                        fix="check the URL is still online (try an archived copy)")
                continue
            except urllib.error.URLError as exc:
                rep.add(url, i, "skipped", f"request failed: {_url_reason(exc.reason)}",
                        fix="check the host name and your connection")
                continue
            except (OSError, http.client.HTTPException) as exc:  # timeouts, resets, cut bodies
                rep.add(url, i, "skipped", f"request failed: {_url_reason(exc)}",
                        fix="retry later or raise timeout=")
                continue
            if len(html_bytes) > max_bytes:
                rep.add(url, i, "skipped", f"page larger than {max_bytes} bytes",
                        fix="raise max_bytes= if this is really an article")
                continue
            with _atomic_path(cached) as tmp:
                tmp.write_bytes(html_bytes)
        html, _ = _decode(html_bytes, _html_charset(html_bytes))
        record = _extract_html(html, url=url)
        if record is None:
            rep.add(url, i, "skipped", "trafilatura found no main text in the page",
                    fix="check the page is an article, not an index or a login wall")
            continue
        record["url"] = url
        record["article_id"] = f"url-{digest[:16]}"
        record["_source"] = url
        record["_row"] = i
        records.append(record)
    articles = _finish_batch(records, rep, _State(), opts, clean)
    table = rep.frame()
    rep.warn()
    return (articles, table) if report else articles


def _url_reason(reason: Any) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, http.client.HTTPException):
        return f"{type(reason).__name__}: {reason}"
    return str(reason)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _html_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 kB, when Python knows it and it fits."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
        data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None  # wrong or unknown declaration: fall back to detection
    return name
