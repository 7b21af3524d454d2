"""Report style and the colour mappings, in one place.

``plt.style.use("newslib.styles.report")`` applies the packaged ``report.mplstyle`` (sizes,
fonts, grid, deterministic SVG output). The dictionaries below fix which colour stands for
which outlet, label family and source type, so an outlet keeps its colour in every figure of
every notebook. Extend them for your own corpus by passing ``colours=`` to the plot
functions, or by updating :data:`OUTLET_COLOURS` at the top of a notebook.

Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies),
then from a muted extension for outlets that are not listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "STYLE",
    "OUTLET_COLOURS",
    "FAMILY_COLOURS",
    "SOURCE_TYPE_COLOURS",
    "FALLBACK_COLOURS",
    "outlet_colours",
    "category_colours",
]

#: Name to pass to ``plt.style.use``.
STYLE = "newslib.styles.report"

#: Fallback palette, used in order for names that have no fixed colour.
FALLBACK_COLOURS: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D31",
    "#6F6F6F", "#882255", "#44AA99", "#117733", "#AA4499", "#332288", "#DDCC77",
)

#: Outlet -> colour. Keys are matched ignoring case and every non-alphanumeric character,
#: so "HuffPost", "huff-post" and "huffpost" share one entry.
OUTLET_COLOURS: dict[str, str] = {
    # the seed and the outlets of newslib/lexicons/outlets.yaml
    "TRT World": "#D55E00",
    "Al Jazeera": "#E69F00",
    "BBC News": "#8C1D1D",
    "Reuters": "#F28E2B",
    "Associated Press": "#4E79A7",
    "Agence France-Presse": "#1F5F8B",
    "The Guardian": "#052962",
    "The New York Times": "#333333",
    "RT": "#7A9F2A",
    "TASS": "#2E6F40",
    "Deutsche Welle": "#0C4DA2",
    "Euronews": "#5C3C92",
    "Eurasianet": "#9C755F",
    "Radio Free Europe/Radio Liberty": "#B07AA1",
    "CNN": "#CC0000",
    # PolNeAR publisher codes (the multi-outlet benchmark corpus)
    "breitbart": "#D55E00",
    "huff-post": "#CC79A7",
    "nyt": "#000000",
    "politico": "#0072B2",
    "usa-today": "#56B4E9",
    "wash-post": "#009E73",
    "west-journal": "#E69F00",
}

#: Label family -> colour (families of ``newslib/lexicons/actors_protest.yaml``):
#: legitimising labels blue, neutral grey, delegitimising to dehumanising ever warmer/darker.
FAMILY_COLOURS: dict[str, str] = {
    "legitimising": "#0072B2",
    "neutral": "#A0A0A0",
    "delegitimising": "#E69F00",
    "criminalising": "#D55E00",
    "dehumanising": "#882255",
    "other": "#CFCFCF",
}

#: Source type -> colour (categories of ``newslib/lexicons/source_types.yaml``): state
#: voices in blues, international bodies green, media and documents yellows, society warm.
SOURCE_TYPE_COLOURS: dict[str, str] = {
    "government": "#0072B2",
    "politics": "#56B4E9",
    "police_security": "#1F3F6F",
    "military": "#332288",
    "international_organisation": "#009E73",
    "media": "#E69F00",
    "documents": "#DDCC77",
    "social_media": "#AA4499",
    "expert": "#CC79A7",
    "civil_society": "#44AA99",
    "business": "#8C6D31",
    "citizens": "#D55E00",
    "anonymous": "#6F6F6F",
    "other": "#BDBDBD",
    "unknown": "#DDDDDD",
}


def _key(name: object) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def category_colours(names: Iterable[object], fixed: dict[str, str] | None = None
                     ) -> dict[str, str]:
    """Return ``{name: colour}`` for ``names``: fixed colours first, then the fallback palette.

    Names are matched to ``fixed`` ignoring case and punctuation. Unlisted names get the
    first fallback colours not already used, in sorted order, so the result does not depend
    on the order rows arrive in.

    Examples
    --------
    >>> category_colours(["b", "a"], {"A": "#000000"})
    {'a': '#000000', 'b': '#0072B2'}
    """
    fixed_keys = {_key(k): v for k, v in (fixed or {}).items()}
    out: dict[str, str] = {}
    unlisted: list[str] = []
    for name in sorted({str(n) for n in names}):
        colour = fixed_keys.get(_key(name))
        if colour is None:
            unlisted.append(name)
        else:
            out[name] = colour
    used = {c.lower() for c in out.values()}
    free = [c for c in FALLBACK_COLOURS if c.lower() not in used] or list(FALLBACK_COLOURS)
    for i, name in enumerate(unlisted):
        out[name] = free[i % len(free)]
    return dict(sorted(out.items()))


def outlet_colours(outlets: Iterable[object]) -> dict[str, str]:
    """Return the colour of each outlet, from :data:`OUTLET_COLOURS` or the fallback palette.

    Examples
    --------
    >>> outlet_colours(["TRT World", "huffpost"])
    {'TRT World': '#D55E00', 'huffpost': '#CC79A7'}
    """
    return category_colours(outlets, OUTLET_COLOURS)
