"""Tests of newslib.sentiment: exact VADER, voice, actor model, aggregation, seed article."""

from __future__ import annotations

import json
import re
import socket

import numpy as np
import pandas as pd
import pytest

from newslib import sentiment
from newslib.sentiment import (
    ActorSentimentModel,
    aggregate_sentiment,
    load_actor_model,
    mark_voice,
    score_articles,
    score_sentences,
    score_targets,
)
from newslib.sentiment._vader import Vader, get_vader
from newslib.sentiment.actors import MODEL_PATH


def _golden(fixtures_dir):
    rows = []
    path = fixtures_dir / "sentiment" / "sentences_golden.tsv"
    for line in path.read_text(encoding="utf-8").split("\n")[1:]:
        if line == "":
            continue
        compound, neg, neu, pos, text = line.split("\t", 4)
        rows.append((text, float(neg), float(neu), float(pos), float(compound)))
    return rows


# -- sentence sentiment ----------------------------------------------------------------


def test_golden_sentences_match_vadersentiment_exactly(fixtures_dir):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    ref = SentimentIntensityAnalyzer()
    rows = _golden(fixtures_dir)
    assert len(rows) >= 25
    ours = get_vader()
    for text, neg, neu, pos, compound in rows:
        assert ours.polarity_scores(text) == (neg, neu, pos, compound), text
        d = ref.polarity_scores(text)
        assert (d["neg"], d["neu"], d["pos"], d["compound"]) == (neg, neu, pos, compound)


def test_exact_agreement_on_benchmark_sentences(benchmarks):
    """Every NYT snippet and NewsMTSC sentence scores exactly as vaderSentiment 3.3.2."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from newslib.datasets.newsmtsc import read_newsmtsc
    from newslib.datasets.vader_nyt import read_vader_nyt

    texts = read_vader_nyt(benchmarks / "vader_nyt")[0]["text"].tolist()
    texts += read_newsmtsc(benchmarks / "newsmtsc" / "train.jsonl")[0]["text"].tolist()[::2]
    assert len(texts) > 9_000  # all 5,190 snippets and every other NewsMTSC sentence
    ref = SentimentIntensityAnalyzer()
    ours = get_vader()
    bad = [t for t in texts if ours.polarity_scores(t) != tuple(
        ref.polarity_scores(t)[k] for k in ("neg", "neu", "pos", "compound"))]
    assert bad == []


def test_vader_nyt_reproduces_published_figures(benchmarks):
    from sklearn.metrics import f1_score

    from newslib.datasets.vader_nyt import read_vader_nyt
    from newslib.sentiment.bench import vader_labels

    arts, gold = read_vader_nyt(benchmarks / "vader_nyt")
    assert len(arts) == 5190 and gold["n_ratings"].min() >= 20
    scored = score_sentences(arts, text_col="text")
    r = np.corrcoef(scored["compound"], gold["mean"])[0, 1]
    assert r >= 0.49  # published 0.492
    f1 = f1_score(gold["label"].astype(str), vader_labels(scored["compound"]),
                  average="weighted")
    assert 0.52 <= f1 <= 0.58  # published 0.55


def test_score_sentences_columns_missing_text_and_no_mutation():
    df = pd.DataFrame({"article_id": ["a", "a"], "body": ["Terrible news.", None]})
    before = df.copy()
    out = score_sentences(df, text_col="body")
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == ["article_id", "body", "compound", "neg", "neu", "pos"]
    assert out.loc[0, "compound"] < -0.05
    assert out.loc[1, ["compound", "neg", "neu", "pos"]].isna().all()
    with pytest.raises(KeyError, match="pass text_col"):
        score_sentences(df)
    with pytest.raises(TypeError, match="wrap it"):
        score_sentences("one string")


def test_tokenizer_keeps_emoticons_and_strips_punctuation():
    assert Vader.tokenize('"Great," she said :)') == ["Great", "she", "said", ":)"]


def test_lexicon_comes_from_the_pinned_vadersentiment_package():
    import hashlib
    from importlib import metadata, resources

    from newslib.sentiment._vader import LEXICON_SHA256, VADER_VERSION

    assert metadata.version("vaderSentiment") == VADER_VERSION
    for name, digest in LEXICON_SHA256.items():
        data = (resources.files("vaderSentiment") / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
    vader = get_vader()
    assert len(vader.lexicon) > 7000
    assert vader.lexicon["good"] == 1.9


# -- article level: the whole-text compound saturates, the mean over sentences does not ---


def test_whole_text_compound_saturates_while_sentence_mean_does_not():
    sentences = ["The police said the protest was peaceful.",
                 "Later, several shops were damaged and two people were hurt."] * 15
    vader = get_vader()
    short = vader.polarity_scores(" ".join(sentences[:2]))[3]
    whole = vader.polarity_scores(" ".join(sentences))[3]
    assert abs(whole) > 0.97 > abs(short)  # the same tone, 15 times longer -> near -1
    s = pd.DataFrame({"article_id": "a", "text": sentences})
    per_article = score_articles(s)
    two = score_articles(s.head(2))
    assert per_article["compound_mean"].iloc[0] == pytest.approx(two["compound_mean"].iloc[0])
    assert abs(per_article["compound_mean"].iloc[0]) < 0.5


# -- seed article ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_tables(seed_articles):
    from newslib import segment, sourcing

    sents = segment.split_sentences(seed_articles)
    quotes = sourcing.extract_quotes(seed_articles)
    return seed_articles, sents, quotes


def test_seed_protesters_killed_sentence_is_negative(seed_tables):
    arts, sents, _ = seed_tables
    text = arts["text"].iloc[0]
    scored = score_sentences(sents)
    row = scored[scored["text"].str.contains("killed dozens of protesters")]
    assert len(row) == 1
    assert text[row["start"].iloc[0]:row["end"].iloc[0]] == row["text"].iloc[0]
    assert row["compound"].iloc[0] <= -0.05
    # and toward the protesters themselves
    sent = row["text"].iloc[0]
    i = sent.index("protesters")
    target = pd.DataFrame({"text": [sent], "start": [i], "end": [i + len("protesters")]})
    assert score_targets(target)["label"].iloc[0] == "negative"


def test_seed_police_quote_is_quoted_speech(seed_tables):
    arts, sents, quotes = seed_tables
    text = arts["text"].iloc[0]
    for parts in (mark_voice(sents, quotes), mark_voice(sents, articles=arts)):
        for r in parts.itertuples():
            assert text[r.start:r.end] == r.text
        quote = parts[parts["text"].str.startswith('"Last night, extremist forces')]
        assert len(quote) == 1 and quote["voice"].iloc[0] == "quoted"
        tail = parts[parts["text"].str.contains("Dozens of assailants were eliminated")]
        assert tail["voice"].iloc[0] == "quoted"
        said = parts[parts["text"].str.startswith("police spokesman Saltanat Azirbek")]
        assert said["voice"].iloc[0] == "narration"
    # sentiment per voice: quoted speech and narration are reported apart
    per_voice = score_articles(score_sentences(mark_voice(sents, quotes)),
                               by=["article_id", "voice"])
    assert set(per_voice["voice"]) == {"narration", "quoted"}


def test_seed_whole_article_saturates(seed_tables):
    arts, sents, _ = seed_tables
    whole = get_vader().polarity_scores(arts["text"].iloc[0])[3]
    mean = score_articles(sents)["compound_mean"].iloc[0]
    assert whole < -0.9 and -0.5 < mean < 0


# -- voice -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def voice_fixture(fixtures_dir):
    return json.loads((fixtures_dir / "sentiment" / "voice.json").read_text(encoding="utf-8"))


def test_mark_voice_golden(voice_fixture):
    fx = voice_fixture
    text = fx["article"]["text"]
    sents = pd.DataFrame(fx["sentences"])
    quotes = pd.DataFrame(fx["quotes"])
    arts = pd.DataFrame([fx["article"]])
    before = sents.copy(), quotes.copy()
    got = mark_voice(sents, quotes)
    pd.testing.assert_frame_equal(sents, before[0])
    pd.testing.assert_frame_equal(quotes, before[1])
    assert [[int(r.sentence_id), r.voice, r.text] for r in got.itertuples()] == \
        fx["expected_with_quotes"]
    assert all(text[r.start:r.end] == r.text for r in got.itertuples())
    assert got.loc[got["voice"] == "quoted", "quote_kind"].tolist() == [
        "direct", "indirect", "mixed"]
    fallback = mark_voice(sents, articles=arts)
    assert [[int(r.sentence_id), r.voice, r.text] for r in fallback.itertuples()] == \
        fx["expected_quotation_marks"]
    # without the articles table the text is rebuilt from the sentences: same answer
    rebuilt = mark_voice(sents)
    assert rebuilt[["start", "end", "voice"]].equals(fallback[["start", "end", "voice"]])
    # only direct quotes as speech
    direct = mark_voice(sents, quotes, kinds=("direct",))
    assert (direct["voice"] == "quoted").sum() == 1


def test_mark_voice_error_names_fix():
    with pytest.raises(KeyError, match="split_sentences"):
        mark_voice(pd.DataFrame({"article_id": ["a"], "text": ["x"]}))


# -- actor-level model -------------------------------------------------------------------


def test_shipped_model_loads_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    model = ActorSentimentModel.load(MODEL_PATH)
    assert model.classes_ == ("negative", "neutral", "positive")
    assert model.coef_.shape == (3, len(model.vocabulary_))
    assert MODEL_PATH.stat().st_size < 5_000_000
    raw = np.load(MODEL_PATH, allow_pickle=False)  # no pickled objects inside
    assert set(raw.files) == {"coef", "intercept", "scale", "meta"}


def test_score_targets_labels_and_no_mutation():
    df = pd.DataFrame({
        "sentence": ["Critics accused the minister of lying to parliament.",
                     "The minister praised the brave rescue workers.",
                     "The minister arrived in Almaty on Tuesday."],
        "a": [20, 25, 4], "b": [28, 38, 12]})
    before = df.copy()
    out = score_targets(df, text_col="sentence", start_col="a", end_col="b")
    pd.testing.assert_frame_equal(df, before)
    assert out["label"].tolist() == ["negative", "positive", "neutral"]
    p = out[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert ((out["score"] >= -1) & (out["score"] <= 1)).all()
    assert score_targets(df.iloc[:0], text_col="sentence", start_col="a", end_col="b").empty


def test_target_matters_within_one_sentence():
    sent = "The mayor thanked the firefighters, while residents blamed the governor."
    df = pd.DataFrame({"text": [sent, sent],
                       "start": [sent.index("firefighters"), sent.index("governor")],
                       "end": [sent.index("firefighters") + 12, sent.index("governor") + 8]})
    out = score_targets(df)
    assert out["score"].iloc[0] > 0 > out["score"].iloc[1]
    assert out["label"].tolist()[1] == "negative"


def test_fit_follows_sklearn_pattern_and_roundtrips(tmp_path):
    df = pd.DataFrame({"text": ["Critics attacked Smith.", "Fans cheered Smith.",
                                "Smith arrived on Monday."] * 5,
                       "start": [17, 12, 0] * 5, "end": [22, 17, 5] * 5,
                       "y": ["negative", "positive", "neutral"] * 5})
    before = df.copy()
    model = ActorSentimentModel(min_count=1)
    assert model.fit(df, df["y"]) is model
    pd.testing.assert_frame_equal(df, before)
    assert hasattr(model, "coef_") and hasattr(model, "vocabulary_")
    path = model.save(tmp_path / "m.npz")
    again = ActorSentimentModel.load(path)
    np.testing.assert_allclose(again.predict_proba(df), model.predict_proba(df), atol=1e-5)
    with pytest.raises(RuntimeError, match="not fitted"):
        ActorSentimentModel().predict(df)
    with pytest.raises(ValueError, match="labels must be"):
        ActorSentimentModel().fit(df, ["bad"] * len(df))


def test_shipped_model_was_trained_on_the_benchmark_file(benchmarks):
    import hashlib

    info = load_actor_model().training_info_
    data = (benchmarks / "newsmtsc" / "train.jsonl").read_bytes()
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert info["n_targets"] == 8739


def test_score_mentions_and_score_actors_map_article_offsets():
    text = "Heavy rain fell. Critics accused the minister of lying. Calm returned."
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    sents = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2],
                          "start": [0, 17, 56], "end": [16, 55, len(text)],
                          "text": [text[0:16], text[17:55], text[56:]]})
    assert text[37:45] == "minister"
    m = pd.DataFrame({"article_id": ["a", "a"], "start": [37, 200], "end": [45, 205],
                      "actor": ["minister", "nowhere"]})
    before = m.copy()
    out = sentiment.score_actors(arts, mentions=m, sentences=sents)
    pd.testing.assert_frame_equal(m, before)
    assert out["sentiment"].iloc[0] == "negative" and pd.isna(out["sentiment"].iloc[1])
    assert out["sentence_start"].iloc[0] == 17
    assert out["voice"].tolist() == ["narration", "narration"]


# -- aggregation -------------------------------------------------------------------------


def test_aggregate_sentiment_ci_counts_seed_and_time():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({
        "actor": np.repeat(["police", "protesters"], 50),
        "outlet": np.tile(["a", "b"], 50),
        "score": np.r_[rng.normal(0.2, 0.3, 50), rng.normal(-0.4, 0.3, 50)],
        "published": pd.date_range("2022-01-01", periods=100, freq="D", tz="UTC")})
    before = df.copy()
    out = aggregate_sentiment(df, by=["actor", "outlet"], value_col="score")
    pd.testing.assert_frame_equal(df, before)
    assert out["n"].tolist() == [25, 25, 25, 25]
    assert ((out["ci_low"] < out["mean"]) & (out["mean"] < out["ci_high"])).all()
    again = aggregate_sentiment(df, by=["actor", "outlet"], value_col="score")
    pd.testing.assert_frame_equal(out, again)
    police = out[out["actor"] == "police"]["mean"]
    assert (police > out[out["actor"] == "protesters"]["mean"].max()).all()
    weekly = aggregate_sentiment(df, by="actor", value_col="score", date_col="published",
                                 freq="W", n_boot=100)
    assert "period" in weekly.columns and weekly["n"].sum() == 100
    narrow = aggregate_sentiment(df, by="actor", value_col="score", ci=0.5)
    wide = aggregate_sentiment(df, by="actor", value_col="score", ci=0.99)
    assert ((wide["ci_high"] - wide["ci_low"]) > (narrow["ci_high"] - narrow["ci_low"])).all()
    with pytest.raises(ValueError, match="both date_col"):
        aggregate_sentiment(df, by="actor", date_col="published")


def test_article_and_pipeline_helpers_leave_inputs_unchanged(voice_fixture):
    fx = voice_fixture
    sents = pd.DataFrame(fx["sentences"])
    arts = pd.DataFrame([fx["article"]])
    quotes = pd.DataFrame(fx["quotes"])
    copies = sents.copy(), arts.copy(), quotes.copy()
    table = sentiment.sentence_sentiment(arts, sentences=sents, quotes=quotes)
    score_articles(sents)
    pd.testing.assert_frame_equal(sents, copies[0])
    pd.testing.assert_frame_equal(arts, copies[1])
    pd.testing.assert_frame_equal(quotes, copies[2])
    assert {"voice", "compound", "neg", "neu", "pos", "start", "end"} <= set(table.columns)
    assert all(fx["article"]["text"][r.start:r.end] == r.text for r in table.itertuples())



def test_score_actors_empty_input_gives_typed_empty_table():
    text = "Critics accused the minister of lying."
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0],
                          "end": [len(text)], "text": [text]})
    m = pd.DataFrame({"article_id": pd.Series([], dtype="string"),
                      "start": pd.Series([], dtype="int64"),
                      "end": pd.Series([], dtype="int64")})
    for s in (sents, sents.iloc[:0]):
        out = sentiment.score_actors(arts, mentions=m, sentences=s)
        assert len(out) == 0
        assert {"sentence_start", "sentiment", "p_negative", "p_neutral", "p_positive",
                "score", "voice"} <= set(out.columns)
        assert str(out["sentence_start"].dtype) == "Int64"
        assert out["score"].dtype == "float64"
    # mentions but no sentences: every mention unscored, narration
    m1 = pd.DataFrame({"article_id": ["a"], "start": [20], "end": [28]})
    out = sentiment.score_actors(arts, mentions=m1, sentences=sents.iloc[:0])
    assert out["sentiment"].isna().all() and out["voice"].tolist() == ["narration"]


def test_mark_voice_quote_id_is_nullable_int():
    t = '"Stop it now," the police said.'
    s = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0],
                      "end": [len(t)], "text": [t]})
    q = pd.DataFrame({"article_id": ["a"], "quote_id": [7], "content_start": [0],
                      "content_end": [14], "kind": ["direct"]})
    for quotes in (q, q.assign(quote_id=[7.0]), q.astype({"quote_id": "Int64"})):
        got = mark_voice(s, quotes)
        assert str(got["quote_id"].dtype) == "Int64"
        assert got["quote_id"].tolist() == [7, pd.NA]
    assert str(mark_voice(s.iloc[:0], q)["quote_id"].dtype) == "Int64"
    assert str(mark_voice(s)["quote_id"].dtype) == "Int64"  # quotation-mark fallback
    # text ids stay text, in a string column (never a mixed object column)
    got = mark_voice(s, q.assign(quote_id=["q7"]))
    assert str(got["quote_id"].dtype) == "string" and got["quote_id"].iloc[0] == "q7"
    # voice of a mention inside the quote, via the same spans
    m = pd.DataFrame({"article_id": ["a"], "start": [1], "end": [5]})
    arts = pd.DataFrame({"article_id": ["a"], "text": [t]})
    out = sentiment.score_actors(arts, mentions=m, sentences=s, quotes=q)
    assert out["voice"].tolist() == ["quoted"]


def _parts_reference(sentences, quotes):
    """mark_voice's cutting rule written plainly, one sentence and one quote at a time."""
    spans = {}
    for r in quotes.itertuples():
        spans.setdefault(str(r.article_id), []).append(
            (int(r.content_start), int(r.content_end), r.quote_id, r.kind))
    for v in spans.values():
        v.sort(key=lambda x: (x[0], x[1]))
    out = []
    for r in sentences.itertuples():
        s0, e0, text = r.start, r.end, r.text
        cover = [q for q in spans.get(str(r.article_id), []) if q[0] < e0 and q[1] > s0]
        cuts, pos = [], s0
        for a, b, qid, kind in cover:
            a, b = max(a, s0, pos), min(b, e0)
            if a >= b:
                continue
            if a > pos:
                cuts.append((pos, a, None))
            cuts.append((a, b, qid))
            pos = b
        if pos < e0:
            cuts.append((pos, e0, None))
        part = 0
        for a, b, qid in cuts:
            piece = text[a - s0:b - s0]
            lead, trail = len(piece) - len(piece.lstrip()), len(piece.rstrip())
            if trail <= lead or not re.search(r"\w", piece):
                continue
            out.append((r.sentence_id, part, a + lead, a + trail, piece[lead:trail], qid))
            part += 1
    return out


def test_mark_voice_equals_plain_cutting_rule_on_random_quotes():
    rng = np.random.default_rng(5)
    words = ["Police", "said", "the", "crowd", "-", "“calm”", ",", "  ", "ok"]
    for _ in range(150):
        sents, pos, text = [], 0, ""
        for sid in range(int(rng.integers(1, 5))):
            body = " ".join(rng.choice(words, int(rng.integers(1, 8))))
            gap = " " * int(rng.integers(1, 3))
            sents.append({"article_id": "a", "sentence_id": sid, "start": len(text),
                          "end": len(text) + len(body), "text": body})
            text += body + gap
        n = int(rng.integers(0, 5))
        starts = rng.integers(-3, len(text) + 3, n)
        quotes = pd.DataFrame({"article_id": ["a"] * n, "quote_id": np.arange(n),
                               "content_start": starts,
                               # some quotes empty or reversed, some nested
                               "content_end": starts + rng.integers(-2, 25, n),
                               "kind": rng.choice(["direct", "indirect"], n)})
        sents = pd.DataFrame(sents)
        got = mark_voice(sents, quotes)
        expected = _parts_reference(sents, quotes)
        assert [(r.sentence_id, r.part_id, r.start, r.end, r.text,
                 None if pd.isna(r.quote_id) else r.quote_id)
                for r in got.itertuples()] == expected
        spans = sentiment.quoted_spans(sents, quotes)
        assert spans.get("a", []) == [(e[2], e[3]) for e in expected if e[5] is not None]


def test_vader_rules_equal_vadersentiment_on_random_rule_words():
    """Word salads dense in boosters, negations, idioms, capitals and 'but': the places
    where the port skips or reorders work must give vaderSentiment's scores exactly."""
    import random

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    words = ["the", "shit", "bomb", "kind", "of", "sort", "good", "bad", "ass", "yeah",
             "right", "kiss", "death", "to", "die", "for", "bus", "stop", "beating", "heart",
             "just", "enough", "not", "isn't", "very", "GREAT", "no", "nor", "or", "but",
             "least", "at", "never", "so", "this", "without", "doubt", "kinda", "HORRIBLE",
             "love", "!", "??", ":)"]
    ours, ref = get_vader(), SentimentIntensityAnalyzer()
    rng = random.Random(11)
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
        d = ref.polarity_scores(text)
        assert ours.polarity_scores(text) == (d["neg"], d["neu"], d["pos"], d["compound"]), text


def test_score_actors_voice_equals_lookup_in_mark_voice_parts():
    """score_actors cuts only the sentences holding a mention; the voice must be what
    looking the mention up among all mark_voice parts gives."""
    rng = np.random.default_rng(8)
    words = ["Police", "said", "the", "minister", "“calm”", ",", "rioters", "left"]
    for trial in range(60):
        sents, text = [], ""
        for sid in range(int(rng.integers(1, 6))):
            body = " ".join(rng.choice(words, int(rng.integers(1, 7))))
            sents.append({"article_id": "a", "sentence_id": sid, "start": len(text),
                          "end": len(text) + len(body), "text": body})
            text += body + " "
        sents = pd.DataFrame(sents)
        if trial % 5 == 0:  # overlapping sentences: every sentence must be cut
            sents = pd.concat([sents, sents.iloc[:1].assign(sentence_id=99, end=len(text) - 1,
                                                            text=text[:len(text) - 1])])
        n = int(rng.integers(0, 4))
        starts = rng.integers(0, len(text), n)
        quotes = pd.DataFrame({"article_id": ["a"] * n, "quote_id": np.arange(n),
                               "content_start": starts,
                               "content_end": starts + rng.integers(1, 30, n),
                               "kind": ["direct"] * n})
        m_start = rng.integers(0, len(text), 6)
        mentions = pd.DataFrame({"article_id": ["a"] * 6, "start": m_start,
                                 "end": m_start + rng.integers(1, 8, 6)})
        arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
        parts = mark_voice(sents, quotes)
        quoted = parts[parts["voice"] == "quoted"]
        expected = ["quoted" if ((quoted["start"] <= a) & (b <= quoted["end"])).any()
                    else "narration" for a, b in zip(mentions["start"], mentions["end"])]
        got = sentiment.score_actors(arts, mentions=mentions, sentences=sents, quotes=quotes)
        assert got["voice"].tolist() == expected
