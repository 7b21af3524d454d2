"""Loading the framing lexicons (YAML data files in :mod:`newslib.lexicons`).

Three lexicons ship with newslib; the format of each is documented at the top of the file
and in ``newslib/lexicons/README.md``:

``actors_protest.yaml``
    actor -> labels, each label in a family (neutral, legitimising, delegitimising,
    criminalising ...), with match patterns, automatic plural/possessive inflection,
    trailing ``*`` wildcards and stop-phrases that veto false hits.
``frames.yaml``
    frame -> cue words and phrases.
``attribution_verbs.yaml``
    reporting verb or phrase -> stance (neutral, distancing, endorsing, other).

Users extend any of them without editing code: pass their own YAML file (same format) as
``extra=`` or a path instead of the shipped name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from newslib import config

STANCES = ("neutral", "distancing", "endorsing", "other")

_VOWELS = set("aeiou")


# --------------------------------------------------------------------------- helpers

def _resolve(path_or_name: str | Path, default_suffix: str = ".yaml") -> Path:
    """A shipped lexicon name ("actors_protest") or a path to a user's YAML file."""
    p = Path(path_or_name)
    if p.suffix in {".yaml", ".yml"} and p.exists():
        return p
    shipped = config.LEXICON_DIR / (str(path_or_name) + ("" if p.suffix else default_suffix))
    if shipped.exists():
        return shipped
    if p.exists():
        return p
    names = sorted(x.stem for x in config.LEXICON_DIR.glob("*.yaml"))
    raise FileNotFoundError(
        f"lexicon {str(path_or_name)!r} not found: it is neither a file nor a shipped lexicon "
        f"name; shipped lexicons are {names}; pass a path to your own YAML file")


def _read_yaml(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a YAML mapping at the top level, got "
                         f"{type(data).__name__}; see newslib/lexicons/README.md for the format")
    return data


# Verbs of two or more syllables stressed on the last one double their final consonant
# ("admitted", "referring"); monosyllables ending consonant-vowel-consonant always do.
_DOUBLING = frozenset({
    "admit", "commit", "omit", "permit", "submit", "emit", "transmit", "regret", "refer",
    "prefer", "confer", "defer", "infer", "deter", "occur", "recur", "transfer", "rebut",
    "abet", "compel", "control", "patrol", "propel", "expel", "repel", "forbid", "equip",
    "acquit", "upset", "begin", "outstrip", "allot",
})


def _doubles(word: str) -> bool:
    if word in _DOUBLING:
        return True
    word = word.replace("qu", "qw")  # the u of "quip", "quit" is not a vowel here
    if len(word) < 3 or word[-1] in _VOWELS | set("wxy") or word[-2] not in _VOWELS \
            or word[-3] in _VOWELS:
        return False
    return sum(1 for i, c in enumerate(word)
               if c in _VOWELS and (i == 0 or word[i - 1] not in _VOWELS)) == 1


def verb_forms(lemma: str) -> list[str]:
    """Regular inflections of an English verb (or of the first word of a phrasal verb).

    Handles silent -e ("note" -> "noting", but "agree" -> "agreeing"), -ie ("deny" ->
    "denies"; "lie" -> "lying"), sibilants ("push" -> "pushes") and consonant doubling
    ("plan" -> "planned"; stressed-final verbs such as "admit" -> "admitted").

    Examples
    --------
    >>> verb_forms("claim")
    ['claim', 'claims', 'claimed', 'claiming']
    >>> verb_forms("deny")
    ['deny', 'denies', 'denied', 'denying']
    >>> verb_forms("note")
    ['note', 'notes', 'noted', 'noting']
    >>> verb_forms("agree")
    ['agree', 'agrees', 'agreed', 'agreeing']
    >>> verb_forms("plan on")
    ['plan on', 'plans on', 'planned on', 'planning on']
    >>> verb_forms("admit")[2:]
    ['admitted', 'admitting']
    """
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith(("ee", "ye", "oe")):
        forms = [head, head + "s", head + "d", head + "ing"]
    elif head.endswith("ie"):
        forms = [head, head + "s", head + "d", head[:-2] + "ying"]
    elif head.endswith("e"):
        forms = [head, head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith("y") and len(head) > 1 and head[-2] not in _VOWELS:
        forms = [head, head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms = [head, head + "es", head + "ed", head + "ing"]
    elif _doubles(head):
        forms = [head, head + "s", head + head[-1] + "ed", head + head[-1] + "ing"]
    else:
        forms = [head, head + "s", head + "ed", head + "ing"]
    return [f + tail for f in forms]


def noun_forms(phrase: str) -> list[str]:
    """Singular/plural and possessive forms of a noun phrase (its last word inflects).

    Examples
    --------
    >>> noun_forms("protester")
    ['protester', 'protesters', "protester's", "protesters'"]
    >>> noun_forms("security forces")
    ['security forces', "security forces'"]
    >>> noun_forms("militia")
    ['militia', 'militias', "militia's", "militias'"]
    """
    words = phrase.split(" ")
    last = words[-1]
    base = " ".join(words[:-1] + [""])
    irregular = {"man": "men", "woman": "women", "policeman": "policemen",
                 "policewoman": "policewomen", "person": "people", "child": "children",
                 "youth": "youths", "police": "police", "military": "military",
                 "army": "armies", "people": "people", "personnel": "personnel",
                 "mob": "mobs", "riot police": "riot police"}
    if last.endswith(("men", "people", "ren", "personnel", "police")) or (
            last.endswith("s") and not last.endswith(("ss", "us", "is"))):
        # already plural (or a mass noun)
        return [phrase, base + last + ("'" if last.endswith("s") else "'s")]
    if last in irregular:
        plural = irregular[last]
    elif last.endswith("y") and len(last) > 1 and last[-2] not in _VOWELS:
        plural = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x", "z")):
        plural = last + "es"
    else:
        plural = last + "s"
    forms = [phrase, base + plural, base + last + "'s",
             base + plural + ("'" if plural.endswith("s") else "'s")]
    return list(dict.fromkeys(forms))


# --------------------------------------------------------------------------- actors

@dataclass(frozen=True)
class Lexicon:
    """An actor lexicon ready for matching.

    Attributes
    ----------
    patterns : DataFrame
        One row per surface pattern: ``pattern`` (lower-case), ``wildcard`` (bool: the
        pattern is a prefix and the match extends to the end of the word), ``actor``,
        ``label``, ``family``.
    stop_phrases : tuple of str
        Lower-case phrases; any mention overlapping one of them is dropped.
    families : dict
        family -> description.
    sources : tuple of str
        Files the lexicon was read from.
    """

    patterns: pd.DataFrame
    stop_phrases: tuple[str, ...] = ()
    families: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def labels(self) -> pd.DataFrame:
        """One row per (actor, label, family)."""
        return (self.patterns[["actor", "label", "family"]].drop_duplicates()
                .reset_index(drop=True))


def _actor_rows(data: dict[str, Any], source: str) -> tuple[list[dict], list[str], dict]:
    actors = data.get("actors")
    if not isinstance(actors, dict):
        raise ValueError(f"{source}: no 'actors:' mapping; see newslib/lexicons/README.md")
    families = dict(data.get("families") or {})
    stops = [str(s).lower() for s in data.get("stop_phrases") or []]
    rows = []
    for actor, spec in actors.items():
        if not isinstance(spec, dict) or "labels" not in spec:
            raise ValueError(f"{source}: actor {actor!r} needs a 'labels:' list")
        stops += [str(s).lower() for s in spec.get("stop_phrases") or []]
        for item in spec["labels"]:
            if isinstance(item, str):
                item = {"label": item}
            label = str(item.get("label", "")).strip()
            if not label:
                raise ValueError(f"{source}: actor {actor!r} has a label entry without "
                                 f"'label:' ({item!r})")
            family = str(item.get("family", spec.get("family", "neutral")))
            inflect = bool(item.get("inflect", True))
            for pat in item.get("match") or [label]:
                pat = " ".join(str(pat).lower().replace("’", "'").split())
                wildcard = pat.endswith("*")
                pat = pat.rstrip("*")
                forms = [pat] if (wildcard or not inflect) else noun_forms(pat)
                for form in forms:
                    rows.append({"pattern": form, "wildcard": wildcard, "actor": str(actor),
                                 "label": label, "family": family})
    return rows, stops, families


def load_lexicon(path_or_name: str | Path | None = None, *,
                 extra: str | Path | Iterable[str | Path] | None = None) -> Lexicon:
    """Load an actor lexicon (default: the shipped ``actors_protest``) plus users' files.

    Parameters
    ----------
    path_or_name : str or Path, optional
        A shipped lexicon name (``"actors_protest"``) or a path to a YAML file in the same
        format (see ``newslib/lexicons/README.md``).
    extra : path or list of paths, optional
        More YAML files; their patterns are added, and a pattern they define again
        overrides the earlier actor/label/family.

    Returns
    -------
    Lexicon

    Examples
    --------
    >>> lex = load_lexicon()
    >>> row = lex.patterns.query("pattern == 'rioters'").iloc[0]
    >>> (row.actor, row.label, row.family)
    ('protest participants', 'rioters', 'delegitimising')
    """
    files = [_resolve(path_or_name or "actors_protest")]
    if extra is not None:
        extra_list = [extra] if isinstance(extra, (str, Path)) else list(extra)
        files += [_resolve(x) for x in extra_list]
    # Parsed once per file set and modification time: analyses call this for every batch.
    lex = _parse_lexicon(tuple((str(f), Path(f).stat().st_mtime_ns) for f in files))
    return Lexicon(patterns=lex.patterns.copy(), stop_phrases=lex.stop_phrases,
                   families=dict(lex.families), sources=lex.sources)


@lru_cache(maxsize=16)
def _parse_lexicon(stamped: tuple[tuple[str, int], ...]) -> Lexicon:
    files = [Path(f) for f, _ in stamped]
    rows: list[dict] = []
    stops: list[str] = []
    families: dict[str, str] = {}
    for f in files:
        r, s, fam = _actor_rows(_read_yaml(f), str(f))
        rows += r
        stops += s
        families.update(fam)
    pats = pd.DataFrame(rows, columns=["pattern", "wildcard", "actor", "label", "family"])
    pats = pats.drop_duplicates(subset=["pattern", "wildcard"], keep="last").reset_index(drop=True)
    return Lexicon(patterns=pats, stop_phrases=tuple(dict.fromkeys(stops)), families=families,
                   sources=tuple(str(f) for f in files))


# --------------------------------------------------------------------------- attribution verbs

@lru_cache(maxsize=8)
def _attribution_table(files: tuple[str, ...]) -> pd.DataFrame:
    rows: list[dict] = []
    for f in files:
        data = _read_yaml(Path(f))
        stances = data.get("stances")
        if not isinstance(stances, dict):
            raise ValueError(f"{f}: no 'stances:' mapping; see the header of "
                             f"newslib/lexicons/attribution_verbs.yaml")
        seen: dict[str, str] = {}
        for stance, spec in stances.items():
            spec = spec or {}
            for lemma, forms in (spec.get("verbs") or {}).items():
                lemma = str(lemma).lower()
                all_forms = ([lemma, *[str(x).lower() for x in forms]] if forms
                             else verb_forms(lemma))
                for form in dict.fromkeys(all_forms):
                    if form in seen and seen[form] != stance:
                        raise ValueError(f"{f}: {form!r} is listed under both {seen[form]!r} "
                                         f"and {stance!r}; keep it under one stance")
                    seen[form] = stance
                    rows.append({"form": form, "lemma": lemma, "stance": str(stance),
                                 "kind": "verb" if " " not in form else "phrase", "source": f})
            for phrase in spec.get("phrases") or []:
                phrase = " ".join(str(phrase).lower().split())
                rows.append({"form": phrase, "lemma": phrase, "stance": str(stance),
                             "kind": "phrase", "source": f})
    table = pd.DataFrame(rows, columns=["form", "lemma", "stance", "kind", "source"])
    # later files override earlier ones
    return table.drop_duplicates("form", keep="last").reset_index(drop=True)


def load_attribution_verbs(path_or_name: str | Path | None = None, *,
                           extra: str | Path | Iterable[str | Path] | None = None
                           ) -> pd.DataFrame:
    """The attribution-verb stance lexicon as a table.

    Parameters
    ----------
    path_or_name : str or Path, optional
        Default: the shipped ``attribution_verbs`` lexicon.
    extra : path or list of paths, optional
        Users' YAML files in the same format; their entries override the shipped ones.

    Returns
    -------
    DataFrame
        One row per surface form: ``form`` (lower-case word or phrase), ``lemma``,
        ``stance`` (neutral, distancing, endorsing, other), ``kind`` (verb or phrase),
        ``source`` (file).

    Examples
    --------
    >>> verbs = load_attribution_verbs()
    >>> forms = ["said", "claimed", "confirmed", "according to"]
    >>> verbs.set_index("form").loc[forms, "stance"].tolist()
    ['neutral', 'distancing', 'endorsing', 'neutral']
    """
    files = [_resolve(path_or_name or "attribution_verbs")]
    if extra is not None:
        extra_list = [extra] if isinstance(extra, (str, Path)) else list(extra)
        files += [_resolve(x) for x in extra_list]
    return _attribution_table(tuple(str(f.resolve()) for f in files)).copy()


def classify_stance(verbs: pd.Series | Iterable[str], *, lexicon: pd.DataFrame | None = None,
                    default: str = "other") -> pd.Series:
    """Stance of each reporting verb or cue phrase.

    The cue is lower-cased and its white space collapsed; an exact form or phrase of the
    lexicon wins, then the longest lexicon phrase contained in the cue ("was quoted as
    saying by" -> neutral), then any single word of the cue that is a known verb form
    ("has repeatedly claimed" -> distancing). Unknown cues get ``default``; missing
    values stay missing.

    Parameters
    ----------
    verbs : Series or iterable of str
        Cue verbs or phrases as written.
    lexicon : DataFrame, optional
        A table from :func:`load_attribution_verbs` (default: the shipped lexicon).
    default : str
        Stance for cues the lexicon does not know.

    Returns
    -------
    Series
        Stances (string dtype), with the index of ``verbs`` when it is a Series.

    Examples
    --------
    >>> cues = ["said", "Claimed", "has confirmed", "was quoted as saying", "barked"]
    >>> classify_stance(cues).tolist()
    ['neutral', 'distancing', 'endorsing', 'neutral', 'other']
    """
    table = lexicon if lexicon is not None else load_attribution_verbs()
    index = verbs.index if isinstance(verbs, pd.Series) else None
    values = list(verbs)
    exact = dict(zip(table["form"], table["stance"], strict=True))
    phrases = sorted((f for f in exact if " " in f), key=len, reverse=True)
    phrase_re = (re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")
                 if phrases else None)
    cache: dict[str, str] = {}
    out: list[Any] = []
    for v in values:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out.append(pd.NA)
            continue
        key = " ".join(str(v).lower().replace("’", "'").split())
        if key not in cache:
            stance = exact.get(key)
            if stance is None and phrase_re is not None:
                m = phrase_re.search(key)
                if m:
                    stance = exact[m.group(0)]
            if stance is None:
                for w in reversed(key.split()):
                    if w in exact:
                        stance = exact[w]
                        break
            cache[key] = stance or default
        out.append(cache[key])
    return pd.Series(out, index=index, dtype="string", name="stance")


# --------------------------------------------------------------------------- frames

def load_frames(path_or_name: str | Path | None = None, *,
                extra: str | Path | Iterable[str | Path] | None = None) -> pd.DataFrame:
    """The frame dictionary as a table: ``frame``, ``pattern`` (lower-case, trailing ``*``
    marks a prefix), ``wildcard``, ``description``.

    Examples
    --------
    >>> frames = load_frames()
    >>> "security_order" in set(frames["frame"])
    True
    """
    files = [_resolve(path_or_name or "frames")]
    if extra is not None:
        extra_list = [extra] if isinstance(extra, (str, Path)) else list(extra)
        files += [_resolve(x) for x in extra_list]
    rows = []
    for f in files:
        data = _read_yaml(f)
        frames = data.get("frames")
        if not isinstance(frames, dict):
            raise ValueError(f"{f}: no 'frames:' mapping; see newslib/lexicons/README.md")
        for name, spec in frames.items():
            spec = spec or {}
            for cue in spec.get("cues") or []:
                cue = " ".join(str(cue).lower().replace("’", "'").split())
                rows.append({"frame": str(name), "pattern": cue.rstrip("*"),
                             "wildcard": cue.endswith("*"),
                             "description": str(spec.get("description", ""))})
    table = pd.DataFrame(rows, columns=["frame", "pattern", "wildcard", "description"])
    return table.drop_duplicates(["frame", "pattern", "wildcard"]).reset_index(drop=True)
