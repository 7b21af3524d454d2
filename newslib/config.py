"""Project paths, built from this file's location.

Nothing here reads a file: importing :mod:`newslib.config` is free.

``NEWSLIB_CORPUS`` (environment variable) points the notebooks and ``make report`` at a
user's own corpus: a file, a folder or a glob that :func:`newslib.corpus.load_articles`
accepts. ``NEWSLIB_SHARED`` points at the annotated benchmarks (default: ``../shared``
beside the checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"  # users' own corpora (git-ignored)
SAMPLE_CORPUS = DATA_DIR / "trtworld_2022-01-06_kazakhstan.txt"
REPORTS_DIR = PROJECT_ROOT / "reports"
FIGURES_DIR = REPORTS_DIR / "figures"
RESOURCES_DIR = PACKAGE_DIR / "resources"
LEXICON_DIR = PACKAGE_DIR / "lexicons"
CACHE_DIR = Path(os.environ.get("NEWSLIB_CACHE", Path.home() / ".cache" / "newslib"))


def corpus_path() -> str:
    """Return the corpus to analyse: ``$NEWSLIB_CORPUS`` or the shipped sample.

    Examples
    --------
    >>> isinstance(corpus_path(), str)
    True
    """
    return os.environ.get("NEWSLIB_CORPUS") or str(SAMPLE_CORPUS)


def shared_dir() -> Path | None:
    """Return the ``shared`` folder with the benchmarks, or ``None`` when it is absent.

    Looks at ``$NEWSLIB_SHARED`` first, then ``../shared`` beside the project root.
    """
    env = os.environ.get("NEWSLIB_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(PROJECT_ROOT.parent / "shared")
    for path in candidates:
        if (path / "benchmarks").is_dir():
            return path
    return None


def benchmarks_dir() -> Path | None:
    """Return ``shared/benchmarks`` or ``None`` when it is absent."""
    shared = shared_dir()
    return shared / "benchmarks" if shared else None
