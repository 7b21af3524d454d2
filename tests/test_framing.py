"""Tests of newslib.framing: lexicons, mentions, passives, scare quotes, keyness, frames."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from newslib import framing

# --------------------------------------------------------------------------- lexicons


def test_attribution_verbs_table_has_stances_and_forms():
    verbs = framing.load_attribution_verbs()
    assert set(verbs["stance"]) == set(framing.STANCES)
    by_form = verbs.set_index("form")["stance"]
    assert by_form["said"] == "neutral"
    assert by_form["told"] == "neutral"
    assert by_form["alleged"] == "distancing"
    assert by_form["insisted"] == "distancing"
    assert by_form["revealed"] == "endorsing"
    assert by_form["acknowledged"] == "endorsing"
    assert by_form["was quoted as saying"] == "neutral"
    assert by_form["according to"] == "neutral"
    assert not verbs["form"].duplicated().any()


def test_classify_stance_keeps_index_and_missing():
    s = pd.Series(["said", None, "claims", "Pointed out", "was quoted as saying by"],
                  index=[10, 11, 12, 13, 14])
    got = framing.classify_stance(s)
    assert list(got.index) == [10, 11, 12, 13, 14]
    assert got.isna().tolist() == [False, True, False, False, False]
    assert got.dropna().tolist() == ["neutral", "distancing", "endorsing", "neutral"]


def test_user_attribution_file_overrides(tmp_path: Path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("stances:\n  distancing:\n    verbs:\n      say: [said]\n"
                     "  other:\n    verbs:\n      bark:\n", encoding="utf-8")
    verbs = framing.load_attribution_verbs(extra=extra)
    got = framing.classify_stance(["said", "barked"], lexicon=verbs)
    assert got.tolist() == ["distancing", "other"]
    assert framing.classify_stance(["said"]).tolist() == ["neutral"]  # shipped one unchanged


def test_duplicate_stance_raises(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("stances:\n  neutral:\n    verbs:\n      say:\n"
                   "  distancing:\n    verbs:\n      say:\n", encoding="utf-8")
    with pytest.raises(ValueError, match="under both"):
        framing.load_attribution_verbs(bad)


def test_unknown_lexicon_name_names_the_fix():
    with pytest.raises(FileNotFoundError, match="shipped lexicons are"):
        framing.load_lexicon("no_such_lexicon")


# --------------------------------------------------------------------------- helpers

def _slices(df: pd.DataFrame, texts: dict[str, str], start="start", end="end") -> list[str]:
    return [texts[a][s:e] for a, s, e in zip(df["article_id"], df[start], df[end], strict=True)]


@pytest.fixture(scope="module")
def seed(seed_articles) -> pd.DataFrame:
    return seed_articles


@pytest.fixture(scope="module")
def seed_text(seed) -> str:
    return seed["text"].iloc[0]


# --------------------------------------------------------------------------- actor lexicon

def test_noun_forms_and_wildcards():
    from newslib.framing.lexicons import noun_forms

    assert noun_forms("looter") == ["looter", "looters", "looter's", "looters'"]
    assert noun_forms("policeman")[1] == "policemen"
    lex = framing.load_lexicon()
    row = lex.patterns.query("pattern == 'provocateur'").iloc[0]
    assert bool(row.wildcard) and row.label == "provocateurs"


def test_user_lexicon_extends_and_overrides(tmp_path: Path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "actors:\n"
        "  protest participants:\n"
        "    labels:\n"
        "      - {label: rioters, family: neutral, match: [rioter]}\n"
        "      - {label: hooligans, family: delegitimising, match: [yob*]}\n"
        "stop_phrases: [riot gear]\n", encoding="utf-8")
    lex = framing.load_lexicon(extra=extra)
    arts = pd.DataFrame({"article_id": ["x"],
                         "text": ["Rioters and yobbos met police in riot gear."]})
    m = framing.find_mentions(arts, lexicon=lex)
    got = dict(zip(m["text"], m["family"], strict=True))
    assert got == {"Rioters": "neutral", "yobbos": "delegitimising", "police": "neutral"}


def test_mentions_longest_match_stop_phrases_and_hyphens():
    arts = pd.DataFrame({"article_id": ["x"], "text": [
        "Extremist forces attacked; pro-government crowds cheered. National security "
        "officials met the protesters' families."]})
    m = framing.find_mentions(arts)
    assert m["text"].tolist() == ["Extremist forces", "crowds", "officials", "protesters'"]
    assert m["label"].tolist() == ["extremist forces", "crowds", "authorities", "protesters"]


def test_seed_mentions_golden(seed, seed_text):
    m = framing.find_mentions(seed)
    texts = {seed["article_id"].iloc[0]: seed_text}
    assert _slices(m, texts) == m["text"].tolist()
    labels = set(m["label"])
    assert {"extremist forces", "assailants", "protesters"} <= labels
    ef = m[m["label"] == "extremist forces"].iloc[0]
    assert (ef.actor, ef.family) == ("protest participants", "delegitimising")
    assert m[m["label"] == "assailants"].iloc[0].family == "criminalising"
    # "Collective Security Treaty Organisation" is not the security forces
    csto = seed_text.index("Collective Security Treaty Organisation")
    inside = m[(m["start"] >= csto) & (m["start"] < csto + 39)]
    assert inside["actor"].tolist() == ["foreign troops"]
    assert inside["text"].tolist() == ["Collective Security Treaty Organisation"]
    sec = m[m["actor"] == "security forces"]
    assert not ((sec["start"] >= csto) & (sec["start"] < csto + 39)).any()
    # sentence offsets contain the mention
    assert ((m["sentence_start"] <= m["start"]) & (m["end"] <= m["sentence_end"])).all()


def test_count_labels_shares_and_evidence(seed, seed_text):
    m = framing.find_mentions(seed)
    counts = framing.count_labels(m, seed, by="outlet")
    sums = counts.groupby(["outlet", "actor"])["share"].sum()
    assert sums.round(9).eq(1.0).all()
    row = counts[counts["label"] == "assailants"].iloc[0]
    assert row["count"] == 1
    assert "Dozens of assailants were eliminated" in row["examples"][0]
    aid, span = row["evidence"][0].split(":")
    s, e = map(int, span.split("-"))
    assert seed_text[s:e] == row["examples"][0]
    fam = framing.count_labels(m, seed, by=None, level="family")
    assert set(fam.columns) >= {"actor", "family", "count", "share"}


# --------------------------------------------------------------------------- passives

def test_seed_agentless_passives(seed, seed_text):
    p = framing.find_passives(seed)
    texts = {seed["article_id"].iloc[0]: seed_text}
    assert _slices(p, texts) == p["text"].tolist()
    by_text = p.set_index("text")
    for clause in ("were killed", "have been wounded"):
        assert clause in by_text.index
        assert not by_text.loc[clause, "has_agent"]
    quoted = by_text.loc["was quoted"]
    assert quoted["has_agent"]
    assert quoted["agent_text"].startswith("the Interfax-Kazakhstan")
    assert by_text.loc["were eliminated", "subject_label"] == "assailants"
    assert by_text.loc["were sent", "subject_actor"] == "foreign troops"


def test_passive_rules_on_small_cases():
    arts = pd.DataFrame({"article_id": ["a"], "text": [
        "He was interested in art. She was arrested by police on Monday. The law was "
        "passed by a wide margin. It's widely believed. The Administration's misguided plan "
        "failed. They got fired."]})
    p = framing.find_passives(arts)
    assert p["text"].tolist() == ["was arrested", "was passed", "'s widely believed",
                                  "got fired"]
    assert p["has_agent"].tolist() == [True, False, False, False]
    assert p["agent_text"].iloc[0] == "police"


# --------------------------------------------------------------------------- scare quotes

def test_seed_scare_and_partial_quotes(seed, seed_text):
    title = framing.find_scare_quotes(seed, text_col="title")
    assert title["text"].tolist() == ["eliminated"]
    assert title["kind"].tolist() == ["scare"]
    t = seed["title"].iloc[0]
    assert t[title["start"].iloc[0]:title["end"].iloc[0]] == "eliminated"
    body = framing.find_scare_quotes(seed).set_index("text")
    r = body.loc["restraint"]
    assert r["kind"] == "partial"
    assert r["cue"] == "called for"
    assert r["attributed_to"] == "The EU and the UN"
    assert seed_text[r["start"]:r["end"]] == "restraint"
    assert body.loc["express themselves peacefully.", "attributed_to"] == "Washington"
    assert (body["kind"] == "full").sum() == 2


def test_scare_quote_kinds_on_small_cases():
    arts = pd.DataFrame({"article_id": ["a"], "text": [
        'The so-called "rebels" left. He watched "Meet the Press" again. '
        '"We will win," she said. The "peaceful" rally turned violent.']})
    q = framing.find_scare_quotes(arts)
    assert dict(zip(q["text"], q["kind"], strict=True)) == {
        "rebels": "scare", "Meet the Press": "name", "We will win,": "full",
        "peaceful": "scare"}


# --------------------------------------------------------------------------- keyness

def test_keyness_matches_hand_computation():
    # Group A: "riot riot protest" -> riot 2, protest 1, n_A = 3
    # Group B: "riot protest protest protest" -> riot 1, protest 3, n_B = 4
    # Uniform prior alpha = 1 per word, alpha_0 = 2.
    # riot:    A: log((2+1)/(3+2-2-1)) = log(3/2) =  0.405465
    #          B: log((1+1)/(4+2-1-1)) = log(2/4) = -0.693147
    #          delta = 1.098612 (= log 3); var = 1/3 + 1/2 = 0.833333;
    #          z = 1.098612 / sqrt(0.833333) = 1.098612 / 0.912871 = 1.203469
    # protest: A: log((1+1)/(3+2-1-1)) = log(2/3) = -0.405465
    #          B: log((3+1)/(4+2-3-1)) = log(4/2) =  0.693147
    #          delta = -1.098612; var = 1/2 + 1/4 = 0.75;
    #          z = -1.098612 / 0.866025 = -1.268568
    df = pd.DataFrame({"outlet": ["A", "B"], "text": ["riot riot protest",
                                                      "riot protest protest protest"]})
    k = framing.compute_keyness(df, prior=1.0).set_index(["group", "term"])
    assert k.loc[("A", "riot"), "log_odds"] == pytest.approx(math.log(3), abs=1e-6)
    assert k.loc[("A", "riot"), "z"] == pytest.approx(1.203469, abs=1e-6)
    assert k.loc[("A", "protest"), "z"] == pytest.approx(-1.268568, abs=1e-6)
    assert k.loc[("B", "protest"), "z"] == pytest.approx(1.268568, abs=1e-6)
    assert k.loc[("A", "riot"), "count"] == 2
    assert k.loc[("A", "riot"), "count_other"] == 1
    # Informative prior = corpus counts (riot 3, protest 4; alpha_0 = 7):
    # riot: A: log((2+3)/(3+7-2-3)) = log(1) = 0; B: log((1+3)/(4+7-1-3)) = log(4/7)
    #       delta = -log(4/7) = 0.559616; var = 1/5 + 1/4 = 0.45;
    #       z = 0.559616 / sqrt(0.45) = 0.559616 / 0.670820 = 0.834226
    k2 = framing.compute_keyness(df).set_index(["group", "term"])
    assert k2.loc[("A", "riot"), "log_odds"] == pytest.approx(-math.log(4 / 7), abs=1e-6)
    assert k2.loc[("A", "riot"), "z"] == pytest.approx(0.834226, abs=1e-6)
    pw = framing.compute_keyness(df, prior=1.0, method="pairwise")
    assert set(pw["other"]) == {"B"}


def test_keyness_three_groups_and_bigrams():
    df = pd.DataFrame({"outlet": ["A", "B", "C"] * 2, "text": [
        "security forces killed", "protesters marched", "troops arrived",
        "security forces fired", "protesters chanted", "troops left"]})
    k = framing.compute_keyness(df, ngram=2)
    top = k.sort_values("z", ascending=False).groupby("group").head(1).set_index("group")
    assert top.loc["A", "term"] == "security forces"
    assert set(k["group"]) == {"A", "B", "C"}
    with pytest.raises(ValueError, match="at least two groups"):
        framing.compute_keyness(df.assign(outlet="A"))


# --------------------------------------------------------------------------- KWIC, collocations

def test_kwic_offsets_and_context(seed, seed_text):
    k = framing.keyword_in_context(seed, ["protesters", "security forces"], window=30)
    texts = {seed["article_id"].iloc[0]: seed_text}
    assert _slices(k, texts) == k["match"].tolist()
    assert k["match"].str.lower().value_counts().to_dict() == {"security forces": 2,
                                                                "protesters": 2}
    row = k.iloc[0]
    assert seed_text[row["start"] - len(row["left"]):row["start"]] == row["left"]


def test_collocations_evidence(seed, seed_text):
    c = framing.find_collocations(seed, min_count=2, top=200)
    row = c[c["collocation"] == "security forces"].iloc[0]
    assert row["count"] == 2
    assert seed_text[row["start"]:row["end"]].lower() == "security forces"
    assert framing.find_collocations(seed, min_count=2, term="unrest")["collocation"].str \
        .contains("unrest").all()


# --------------------------------------------------------------------------- frames

def test_score_frames_per_sentence_and_user_frames(seed, tmp_path: Path):
    s = framing.score_frames(seed, level="sentence")
    assert (s["score"] >= 0).all()
    worst = s[s["frame"] == "human_cost"].sort_values("score").iloc[-1]
    assert worst["hits"] >= 1
    extra = tmp_path / "frames.yaml"
    extra.write_text("frames:\n  weather:\n    cues: [snow*, cold]\n", encoding="utf-8")
    frames = framing.load_frames(extra=extra)
    arts = pd.DataFrame({"article_id": ["a"], "text": ["Snowfall and cold slowed protesters."]})
    got = framing.score_frames(arts, frames=frames).set_index("frame")
    assert got.loc["weather", "hits"] == 2
    assert got.loc["weather", "score"] == pytest.approx(40.0)


# --------------------------------------------------------------------------- discovery

def test_suggest_labels_ranks_same_slot_words_with_evidence():
    texts = ["Dozens of protesters were killed in the square.",
             "Dozens of rioters were killed near the bank.",
             "Police detained protesters and rioters overnight.",
             "Police detained looters in the market.",
             "The minister said the budget was balanced.",
             "The minister said the economy grew."]
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(6)], "text": texts})
    s = framing.suggest_labels(arts, ["protesters"], top=3, min_count=1)
    assert s["candidate"].iloc[0] == "rioters"
    assert s["pattern_hits"].iloc[0] == 1
    aid, span = s["evidence"].iloc[0][0].split(":")
    a, b = map(int, span.split("-"))
    assert dict(zip(arts["article_id"], arts["text"], strict=True))[aid][a:b] == "rioters"
    with pytest.raises(ValueError, match="none of the seeds"):
        framing.suggest_labels(arts, ["zebras"])


# --------------------------------------------------------------------------- no mutation

def test_analyses_leave_input_unchanged(seed):
    before = seed.copy(deep=True)
    m = framing.find_mentions(seed)
    framing.count_labels(m, seed)
    framing.find_passives(seed)
    framing.find_scare_quotes(seed)
    framing.keyword_in_context(seed, "protesters")
    framing.find_collocations(seed, min_count=2)
    framing.score_frames(seed, level="sentence")
    two = pd.concat([seed, seed.assign(outlet="Other", article_id="b")], ignore_index=True)
    two_before = two.copy(deep=True)
    framing.compute_keyness(two)
    framing.suggest_labels(two, "protesters", min_count=1)
    m_before = m.copy(deep=True)
    framing.count_labels(m, seed, by="outlet")
    pd.testing.assert_frame_equal(seed, before)
    pd.testing.assert_frame_equal(two, two_before)
    pd.testing.assert_frame_equal(m, m_before)


def test_missing_column_error_names_fix():
    with pytest.raises(KeyError, match="pass text_col"):
        framing.find_mentions(pd.DataFrame({"article_id": ["a"], "body": ["x"]}))


# --------------------------------------------------------------------------- GUM reader

def test_gum_reader_offsets(benchmarks):
    from newslib.datasets.gum import read_gum

    g = read_gum(benchmarks / "gum_wikinews" / "conllu")
    assert len(g.articles) == 24
    texts = dict(zip(g.articles["article_id"], g.articles["text"], strict=True))
    assert _slices(g.tokens, texts) == g.tokens["form"].tolist()
    assert _slices(g.sentences, texts) == g.sentences["text"].tolist()
    assert _slices(g.entities, texts) == g.entities["text"].tolist()
    assert (g.tokens["deprel"] == "aux:pass").sum() == 195


# --------------------------------------------------------------------------- benchmarks

def test_quality_passives_and_agents_on_gum(benchmarks):
    from newslib.datasets.gum import read_gum
    from newslib.quality.framing import evaluate_passives

    scores = evaluate_passives(read_gum(benchmarks / "gum_wikinews" / "conllu"))
    assert scores["f1"] >= 0.90
    assert scores["agent_accuracy"] >= 0.90


def test_quality_scare_quotes_and_discovery(benchmarks):
    from newslib.datasets.gum import read_gum
    from newslib.quality.framing import evaluate_label_discovery, evaluate_scare_quotes

    sq = evaluate_scare_quotes(benchmarks)
    assert sq["n"] >= 150
    assert sq["scare"]["recall"] >= 0.6 and sq["scare"]["precision"] >= 0.5
    assert sq["partial"]["precision"] >= 0.8 and sq["partial"]["recall"] >= 0.8
    ld = evaluate_label_discovery(read_gum(benchmarks / "gum_wikinews" / "conllu"))
    assert ld["recall"] > 2 * ld["baseline_recall"]


@pytest.fixture(scope="module")
def polnear(benchmarks):
    from newslib.datasets.polnear import read_polnear
    from newslib.segment import split_sentences

    path = benchmarks / "polnear"
    arts = pd.concat([read_polnear(path, "train")[0], read_polnear(path, "dev")[0]],
                     ignore_index=True)
    return arts, split_sentences(arts)


def test_every_analysis_runs_on_polnear(polnear):
    arts, sents = polnear
    assert len(arts) == 924
    texts = dict(zip(arts["article_id"], arts["text"], strict=True))
    m = framing.find_mentions(arts, sentences=sents)
    assert _slices(m.head(500), texts) == m["text"].head(500).tolist()
    shares = framing.count_labels(m, arts, by="outlet")
    assert shares["outlet"].nunique() == 7
    p = framing.find_passives(arts, sentences=sents)
    assert len(p) > 1000 and (~p["has_agent"]).mean() > 0.5
    q = framing.find_scare_quotes(arts, sentences=sents)
    assert set(q["kind"]) == {"scare", "partial", "full", "name"}
    k = framing.compute_keyness(arts, min_count=5)
    assert k["group"].nunique() == 7
    kw = framing.keyword_in_context(arts, "protest*")
    assert _slices(kw, texts) == kw["match"].tolist()
    f = framing.score_frames(arts)
    assert len(f) == 924 * 5
    c = framing.find_collocations(arts, min_count=5, top=20)
    assert len(c) == 20


def test_passives_from_sentences_table_match_article_offsets(seed):
    from newslib import segment

    sents = segment.split_sentences(seed)
    cols = ["sentence_id", "start", "end", "text", "has_agent", "subject_actor"]
    pd.testing.assert_frame_equal(framing.find_passives(sents)[cols],
                                  framing.find_passives(seed)[cols])
