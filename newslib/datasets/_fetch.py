"""Optional download of a benchmark corpus from its public source, verified by checksum.

newslib never downloads anything on import, in the notebooks or in the tests: every reader in
:mod:`newslib.datasets` takes a local path. :func:`fetch_dataset` is for a user with internet
access who asks for a copy: it downloads into a cache folder (:data:`newslib.config.CACHE_DIR`,
``$NEWSLIB_CACHE`` or ``~/.cache/newslib``), checks the SHA-256 of every file with pooch,
unpacks archives, and returns the local folder to pass to the reader.

About the checksums in :data:`REGISTRY` (read this before trusting one)
---------------------------------------------------------------------------
A checksum is only worth something if it was computed from the real file. This module was
written on a machine that could not reach the datasets' hosts, so it records a hash only where
it could be tied to the upstream file:

* ``lee_abc``: the two files are pinned to one gensim commit; the hashes were computed from the
  project's copy in ``../shared/benchmarks/lee_abc``, whose length and ending were checked
  against the upstream file at that commit (not a full byte comparison of the download).
* every other entry has ``sha256=None``: its source and licence are recorded, but its hash is
  unknown. :func:`fetch_dataset` then refuses to download unless you pass the hash you trust
  (``known_hash="sha256:..."``, e.g. from the dataset's authors or from a copy you verified),
  or explicitly accept an unverified download with ``allow_unverified=True``.

A hash mismatch always raises :class:`ChecksumError` and leaves no file behind.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

import pandas as pd
import pooch

from newslib import config

__all__ = ["REGISTRY", "ChecksumError", "RemoteFile", "RemoteSource", "fetch_dataset",
           "list_sources"]

_GENSIM = ("https://raw.githubusercontent.com/piskvorky/gensim/"
           "73ed595bca6582284181d5afe25d3b6df2018d43/gensim/test/test_data/")


class ChecksumError(ValueError):
    """A downloaded file does not have the expected SHA-256 (the file is removed)."""


@dataclass(frozen=True)
class RemoteFile:
    """One downloadable file: URL, expected SHA-256 (``None`` when unknown), archive type."""

    url: str
    sha256: str | None = None
    fname: str | None = None
    archive: Literal["zip", "tar"] | None = None

    @property
    def name(self) -> str:
        """Local file name: ``fname`` or the last part of the URL path."""
        return self.fname or Path(urlparse(self.url).path).name or "download"


@dataclass(frozen=True)
class RemoteSource:
    """Where a benchmark corpus comes from and under which terms."""

    homepage: str
    licence: str
    files: tuple[RemoteFile, ...] = field(default_factory=tuple)
    note: str = ""


#: Dataset name -> public source. ``files`` is empty where no stable direct download is known:
#: pass ``url=`` and ``known_hash=`` to :func:`fetch_dataset` for those.
REGISTRY: dict[str, RemoteSource] = {
    "lee_abc": RemoteSource(
        homepage="https://github.com/piskvorky/gensim (gensim/test/test_data)",
        licence="LGPL-2.1 (gensim); texts are ABC news, evaluation only",
        files=(
            RemoteFile(_GENSIM + "lee.cor",
                       "a878f9a58f6743c32985c56c2f2f75988386216b38a4023a01fd3bcf7884d93e"),
            RemoteFile(_GENSIM + "lee_background.cor",
                       "5d78d6dafd953bbf65797bef09a9ffb9ec430583381be705f8fd460000f370fb"),
        ),
        note="hashes from the ../shared copy; length and ending checked against upstream",
    ),
    "vader_nyt": RemoteSource(
        homepage="https://github.com/cjhutto/vaderSentiment (additional_resources/"
                 "hutto_ICWSM_2014)",
        licence="MIT",
        files=(
            RemoteFile("https://raw.githubusercontent.com/cjhutto/vaderSentiment/"
                       "18c86513ea60b02fce8f3b1b598da43042d91b08/additional_resources/"
                       "hutto_ICWSM_2014/nytEditorialSnippets_GroundTruth.txt"),
        ),
        note="hash unknown: the ../shared copy has CRLF line ends and could not be matched "
             "byte for byte with upstream; pass known_hash",
    ),
    "golden_rules": RemoteSource(
        homepage="https://github.com/nipunsadvilkar/pySBD", licence="MIT",
        note="no direct download of the JSON form is known; pass url= and known_hash=",
    ),
    "gum_wikinews": RemoteSource(
        homepage="https://github.com/amir-zeldes/gum", licence="text CC BY 2.5 (Wikinews)",
        note="many files; no single pinned archive recorded; pass url= and known_hash=",
    ),
    "polnear": RemoteSource(
        homepage="https://github.com/networkdynamics/PolNeAR",
        licence="none stated: evaluation only, do not redistribute",
        note="pass url= and known_hash=",
    ),
    "basil": RemoteSource(
        homepage="https://github.com/launchnlp/BASIL",
        licence="none stated: evaluation only, do not redistribute",
        note="pass url= and known_hash=",
    ),
    "newsmtsc": RemoteSource(
        homepage="https://github.com/fhamborg/NewsMTSC", licence="MIT",
        note="pass url= and known_hash=",
    ),
    "babe": RemoteSource(
        homepage="https://github.com/Media-Bias-Group", licence="AGPL-3.0: evaluation only",
        note="pass url= and known_hash=",
    ),
}

_UNSET = object()


def list_sources() -> pd.DataFrame:
    """Return the registry as a table: dataset, homepage, licence, files, hash status, note.

    Examples
    --------
    >>> table = list_sources()
    >>> table.set_index("dataset").loc["lee_abc", "hash"]
    'known'
    """
    rows = []
    for name, src in REGISTRY.items():
        hashes = [f.sha256 for f in src.files]
        status = ("no download" if not hashes else
                  "known" if all(hashes) else "unknown" if not any(hashes) else "partial")
        rows.append({"dataset": name, "homepage": src.homepage, "licence": src.licence,
                     "files": len(src.files), "hash": status, "note": src.note})
    return pd.DataFrame(rows)


def _normalise_hash(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    algo, _, digest = value.rpartition(":")
    if algo and algo.lower() != "sha256":
        raise ValueError(f"known_hash {value!r}: only sha256 is accepted; pass "
                         "'sha256:<64 hex digits>' (e.g. from `sha256sum FILE`)")
    digest = digest.lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"known_hash {value!r} is not a SHA-256 digest; pass "
                         "'sha256:<64 hex digits>' (e.g. from `sha256sum FILE`)")
    return "sha256:" + digest


def _retrieve(remote: RemoteFile, folder: Path, known_hash: str | None) -> Path:
    processor = None
    if remote.archive == "zip":
        processor = pooch.Unzip(extract_dir=str(folder))
    elif remote.archive == "tar":
        processor = pooch.Untar(extract_dir=str(folder))
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)  # pooch logs every download at INFO: keep runs quiet
    try:
        local = pooch.retrieve(remote.url, known_hash, fname=remote.name,
                               path=str(folder / ".download" if remote.archive else folder),
                               processor=processor, progressbar=False)
    except ValueError as err:
        if "hash" not in str(err).lower():
            raise
        raise ChecksumError(
            f"{remote.url}: the downloaded file's SHA-256 does not match the expected "
            f"{known_hash}; the file was removed. The source may have changed or the "
            "download was corrupted: check the file's origin, then pass the hash you trust "
            f"as known_hash=... ({err})") from err
    finally:
        logger.setLevel(level)
    return Path(local[0]).parent if isinstance(local, list) and local else Path(local)


def fetch_dataset(name: str, *, cache_dir: str | os.PathLike | None = None,
                  url: str | None = None, known_hash: str | None | object = _UNSET,
                  archive: Literal["zip", "tar"] | None = None,
                  allow_unverified: bool = False) -> Path:
    """Download a benchmark corpus into the cache, verify it, and return its local folder.

    Only call this when you want a download: nothing in newslib calls it for you. Files
    already in the cache with the right checksum are not downloaded again (works offline).

    Parameters
    ----------
    name : str
        A key of :data:`REGISTRY` (see :func:`list_sources`), or any name of your own when
        you pass ``url``. The files go to ``<cache_dir>/<name>/``.
    cache_dir : path, optional
        Cache folder; default :data:`newslib.config.CACHE_DIR`.
    url : str, optional
        Download this URL instead of the registry's files (one file; archives are unpacked
        when ``archive`` is given or the name ends in ``.zip``/``.tar*``/``.tgz``).
    known_hash : str or None, optional
        ``"sha256:<hex>"`` to check the file against. Default: the registry's hash. Required
        when the registry has none, unless ``allow_unverified=True``.
    archive : {"zip", "tar"}, optional
        Unpack the downloaded ``url`` as this archive type.
    allow_unverified : bool
        Accept a download whose hash is unknown (not recommended: nothing checks the bytes).

    Returns
    -------
    pathlib.Path
        ``<cache_dir>/<name>``: pass it to the dataset's reader.

    Raises
    ------
    ChecksumError
        When a downloaded file's SHA-256 differs from the expected one.
    ValueError
        When no hash is known and ``allow_unverified`` is false, or ``name`` is unknown.

    Examples
    --------
    >>> fetch_dataset("polnear")
    Traceback (most recent call last):
    ...
    ValueError: polnear: no direct download is recorded (see https://github.com/networkdynamics/PolNeAR); pass url=... and known_hash='sha256:...'
    """
    src = REGISTRY.get(name)
    if url is None and src is None:
        raise ValueError(f"unknown dataset {name!r}; known: {sorted(REGISTRY)}; or pass url=...")
    folder = Path(cache_dir) if cache_dir is not None else config.CACHE_DIR
    folder = folder / name
    if url is not None:
        lower = urlparse(url).path.lower()
        if archive is None and lower.endswith(".zip"):
            archive = "zip"
        elif archive is None and lower.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2",
                                                 ".tar.xz")):
            archive = "tar"
        given = None if known_hash is _UNSET else known_hash
        remotes: tuple[RemoteFile, ...] = (RemoteFile(url, given, archive=archive),)  # type: ignore[arg-type]
    else:
        assert src is not None
        if not src.files:
            raise ValueError(f"{name}: no direct download is recorded (see {src.homepage}); "
                             "pass url=... and known_hash='sha256:...'")
        if known_hash is not _UNSET and len(src.files) > 1:
            raise ValueError(f"{name} has {len(src.files)} files: known_hash applies to one "
                             "file; pass url=... with known_hash, once per file")
        remotes = src.files if known_hash is _UNSET else (
            RemoteFile(src.files[0].url, known_hash, src.files[0].fname,  # type: ignore[arg-type]
                       src.files[0].archive),)
    for remote in remotes:
        expected = _normalise_hash(remote.sha256)
        if expected is None and not allow_unverified:
            raise ValueError(
                f"{name}: no verified SHA-256 is known for {remote.url}; pass "
                "known_hash='sha256:...' (from the authors or a copy you checked), or "
                "allow_unverified=True to download without any check")
        folder.mkdir(parents=True, exist_ok=True)
        _retrieve(remote, folder, expected)
    return folder
