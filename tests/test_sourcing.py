"""Tests for newslib.sourcing: quotes, speakers, source types, relays, summaries; and the
PolNeAR / BASIL readers and the sourcing quality scorer."""

from __future__ import annotations

import pandas as pd
import pytest

from newslib import sourcing
from newslib.sourcing import (classify_source, extract_quotes, find_quotations,
                              load_source_types, split_speaker, summarise_sources)


def _one(text: str, **kw) -> tuple[str, pd.DataFrame]:
    arts = pd.DataFrame({"article_id": ["t"], "text": [text]})
    return text, extract_quotes(arts, **kw)


def _content(text: str, row) -> str:
    return text[row.content_start:row.content_end]


# --------------------------------------------------------------------------- seed (golden)


@pytest.fixture(scope="module")
def seed_quotes(seed_articles):
    return seed_articles, extract_quotes(seed_articles)


def _find(quotes: pd.DataFrame, text: str, needle: str):
    rows = [r for r in quotes.itertuples() if needle in text[r.content_start:r.content_end]]
    assert rows, f"no quote whose content contains {needle!r}"
    return rows[0]


def test_seed_police_spokesman_direct_quote_relayed_by_three_agencies(seed_quotes):
    arts, q = seed_quotes
    text = arts["text"].iloc[0]
    r = _find(q, text, "Dozens of assailants were eliminated")
    assert r.kind == "direct"
    content = _content(text, r)
    assert content.startswith('"Last night, extremist forces')
    assert content.endswith('eliminated,"')
    assert r.speaker == "Saltanat Azirbek"
    assert r.role == "police spokesman"
    assert r.source_type == "police_security"
    assert text[r.source_start:r.source_end] == "police spokesman Saltanat Azirbek"
    assert text[r.cue_start:r.cue_end] == "was quoted as saying"
    assert r.relay == "Interfax-Kazakhstan; TASS; Ria Novosti"


def test_seed_police_indirect_statement(seed_quotes):
    arts, q = seed_quotes
    text = arts["text"].iloc[0]
    r = _find(q, text, "dozens of people were killed in battles")
    assert r.kind == "indirect"
    assert text[r.source_start:r.source_end] == "police"
    assert r.source_type == "police_security"
    assert text[r.cue_start:r.cue_end] == "said"
    assert r.cue_stance == "neutral"


def test_seed_health_ministry_is_domestic_government(seed_quotes):
    arts, q = seed_quotes
    text = arts["text"].iloc[0]
    r = _find(q, text, "more than 1,000 people have been wounded")
    assert text[r.source_start:r.source_end] == "Kazakhstan's health ministry"
    assert (r.source_type, r.government_scope) == ("government", "domestic")


def test_seed_csto_statement_relayed_by_zakharova(seed_quotes):
    arts, q = seed_quotes
    text = arts["text"].iloc[0]
    r = _find(q, text, "Peacekeeping forces of the Collective Security Treaty")
    assert r.kind == "direct"
    assert text[r.source_start:r.source_end] == "the CSTO secretariat"
    assert r.source_type == "international_organisation"
    relay = r.relay.split("; ")
    assert "statement" in relay[0]
    assert relay[-1].endswith("Maria Zakharova")
    # the relay's verb ("posted") is not a second attribution
    assert not any(text[x.cue_start:x.cue_end] == "posted" for x in q.itertuples()
                   if pd.notna(x.cue_start))


def test_seed_eu_un_restraint_is_partial_quote(seed_quotes):
    arts, q = seed_quotes
    text = arts["text"].iloc[0]
    r = _find(q, text, '"restraint"')
    assert r.kind == "mixed"
    assert text[r.source_start:r.source_end] == "The EU and the UN"
    assert r.source_type == "international_organisation"
    assert r.cue == "called for"


def test_seed_washington_is_foreign_government_mixed(seed_quotes):
    arts, q = seed_quotes
    text = arts["text"].iloc[0]
    r = _find(q, text, "express themselves peacefully")
    assert r.kind == "mixed"
    assert text[r.source_start:r.source_end] == "Washington"
    assert (r.source_type, r.government_scope) == ("government", "foreign")
    assert r.cue_stance == "other"  # "urged"
    assert _content(text, r) == 'authorities to allow protesters to "express themselves peacefully."'


def test_seed_government_state_of_emergency(seed_quotes):
    arts, q = seed_quotes
    text = arts["text"].iloc[0]
    r = _find(q, text, "state of emergency declared in protest-hit areas")
    assert text[r.source_start:r.source_end] == "the government"
    assert (r.source_type, r.government_scope) == ("government", "domestic")
    assert r.kind == "indirect"


def test_seed_protesters_paraphrase_is_citizens(seed_quotes):
    arts, q = seed_quotes
    text = arts["text"].iloc[0]
    r = _find(q, text, "the price rise was unfair")
    assert r.kind == "indirect"
    assert text[r.cue_start:r.cue_end] == "saying"
    assert r.source_type == "citizens"
    assert text[r.source_start:r.source_end] == "Thousands"


def test_seed_offsets_are_into_the_text(seed_quotes):
    arts, q = seed_quotes
    text = arts["text"].iloc[0]
    assert list(q.columns) == list(sourcing.QUOTE_COLUMNS)
    for r in q.itertuples():
        assert 0 <= r.content_start < r.content_end <= len(text)
        if pd.notna(r.source_start):
            assert text[r.source_start:r.source_end] == r.source_text
        if pd.notna(r.cue_start):
            assert text[r.cue_start:r.cue_end] == r.cue
    assert set(q["kind"]) <= set(sourcing.KINDS)


def test_extract_quotes_leaves_input_unchanged(seed_articles):
    before = seed_articles.copy(deep=True)
    extract_quotes(seed_articles)
    pd.testing.assert_frame_equal(seed_articles, before)


def test_missing_text_column_names_the_fix():
    with pytest.raises(KeyError, match="text_col"):
        extract_quotes(pd.DataFrame({"article_id": ["a"], "body": ["x"]}))


# --------------------------------------------------------------------------- quote marks


@pytest.mark.parametrize("text, expected", [
    ('He said "yes" twice.', ['"yes"']),
    ("He said “yes” twice.", ["“yes”"]),
    ("He said «oui» twice.", ["«oui»"]),
    ("He said „ja“ twice.", ["„ja“"]),
    ("The minister said ‘we will not resign’, and left.", ["‘we will not resign’"]),
    ("The protesters' demands weren't met, 'a disgrace', she said.", ["'a disgrace'"]),
    ("It's the '90s, he said.", []),
])
def test_find_quotations_styles(text, expected):
    assert [text[a:b] for a, b in find_quotations(text)] == expected


def test_multi_paragraph_quote_reopens_at_each_paragraph():
    text = ('"The first paragraph of the quote.\n\n"The second one," the mayor said.\n\n'
            'Other news.')
    spans = find_quotations(text)
    assert [text[a:b] for a, b in spans] == [
        '"The first paragraph of the quote.\n\n"The second one,"']
    _, q = _one(text)
    assert q.loc[0, "kind"] == "direct"
    assert text[q.loc[0, "content_start"]:q.loc[0, "content_end"]].endswith('one,"')
    assert q.loc[0, "source_text"] == "the mayor"


def test_unbalanced_quote_is_recovered():
    text = '"We will stay here, the leader said.\n\nNext paragraph "with" marks.'
    spans = find_quotations(text)
    assert spans[0] == (0, text.index("\n"))  # closed at the paragraph end
    _, q = _one(text)  # does not raise


# --------------------------------------------------------------------------- patterns


def test_colon_intro_and_dash_attribution():
    text, q = _one('The minister said: "We will not resign." '
                   '"Nothing has changed" — a senior official.')
    first = q.iloc[0]
    assert first["kind"] == "direct"
    assert _content(text, first) == '"We will not resign."'
    assert first["source_text"] == "The minister"


def test_inverted_cue_and_pronoun_resolution():
    text, q = _one('Police spokesman John Smith arrived late. "It is calm," said Smith. '
                   '"Nobody was hurt," he added. The spokesman said the roads were open.')
    assert q["speaker"].tolist() == ["John Smith", "John Smith", "John Smith"]
    assert q["source_type"].tolist() == ["police_security"] * 3
    assert q["kind"].tolist() == ["direct", "direct", "indirect"]


def test_according_to_and_told():
    text, q = _one("According to the interior ministry, 164 people were killed. "
                   "A witness told Reuters that the square was empty.")
    a, b = q.iloc[0], q.iloc[1]
    assert a["kind"] == "according_to"
    assert _content(text, a) == "164 people were killed."
    assert a["source_text"] == "the interior ministry"
    assert a["source_type"] == "police_security"
    assert b["kind"] == "indirect"
    assert _content(text, b) == "that the square was empty."
    assert b["source_type"] == "citizens"
    assert b["relay"] == "Reuters"


def test_trailing_according_to_and_state_media_relay():
    text, q = _one("Dozens were arrested, according to a statement from the police. "
                   "The mayor told state media that order had been restored.")
    assert q.iloc[0]["kind"] == "according_to"
    assert q.iloc[0]["relay"] == "a statement"
    assert q.iloc[1]["relay"] == "state media"


def test_anonymous_source():
    _, q = _one("The talks have stalled, people familiar with the matter said.")
    assert q.iloc[0]["source_type"] == "anonymous"


# --------------------------------------------------------------------------- speakers, types


def test_split_speaker():
    assert split_speaker("police spokesman Saltanat Azirbek") == ("Saltanat Azirbek",
                                                                  "police spokesman")
    assert split_speaker("the health ministry") == (None, "health ministry")


@pytest.mark.parametrize("source, country, expected", [
    ("Kazakhstan's health ministry", "Kazakhstan", ("government", "domestic")),
    ("Washington", "Kazakhstan", ("government", "foreign")),
    ("the Kremlin", "Kazakhstan", ("government", "foreign")),
    ("Interfax", None, ("media", None)),
    ("a Washington Post reporter", None, ("media", None)),
    ("the UN", None, ("international_organisation", None)),
    ("the defence ministry", None, ("military", None)),
    ("a professor at Yale", None, ("expert", None)),
    ("Human Rights Watch", None, ("civil_society", None)),
    ("the company", None, ("business", None)),
    ("a new poll", None, ("documents", None)),
    ("a post on Facebook", None, ("social_media", None)),
    ("the Republican nominee", None, ("politics", None)),
    ("White House press secretary", "United States", ("government", "domestic")),
    ("the spokesman", None, ("government", None)),
    ("Jane Doe", None, ("other", None)),
])
def test_classify_source(source, country, expected):
    assert classify_source(source, country=country) == expected


def test_source_types_are_documented_and_extendable(tmp_path):
    lex = load_source_types()
    table = lex.describe()
    assert len(table) == 14
    assert table["description"].str.len().min() > 40
    extra = tmp_path / "mine.yaml"
    extra.write_text("categories:\n  business:\n    words: [acme widgets]\n", encoding="utf-8")
    mine = load_source_types(extra=extra)
    assert classify_source("Acme Widgets", lexicon=mine) == ("business", None)
    assert classify_source("Acme Widgets") == ("other", None)


# --------------------------------------------------------------------------- summaries


def test_summarise_sources(seed_articles):
    q = extract_quotes(seed_articles)
    before = q.copy(deep=True)
    s = summarise_sources(q, seed_articles)
    pd.testing.assert_frame_equal(q, before)
    assert s["quotes"].sum() == len(q)
    assert s["share_of_quotes"].sum() == pytest.approx(1.0)
    police = s[s["source_type"] == "police_security"].iloc[0]
    assert police["quotes"] == 2 and police["direct"] == 1
    assert police["speaks_first"] == 1
    assert s["speaks_last"].sum() == 1
    per_article = summarise_sources(q, seed_articles, by="article")
    assert set(per_article["article_id"]) == set(seed_articles["article_id"])
    with pytest.raises(ValueError):
        summarise_sources(q, seed_articles, by="planet")


def test_resolve_sources_on_given_spans(seed_articles):
    text = seed_articles["text"].iloc[0]
    start = text.index("police spokesman Saltanat")
    spans = pd.DataFrame({"article_id": seed_articles["article_id"].iloc[:1],
                          "start": [start], "end": [start + len("police spokesman Saltanat Azirbek")]})
    before = spans.copy(deep=True)
    out = sourcing.resolve_sources(spans, seed_articles)
    pd.testing.assert_frame_equal(spans, before)
    assert out.loc[0, "speaker"] == "Saltanat Azirbek"
    assert out.loc[0, "source_type"] == "police_security"


def test_speed_is_reasonable(seed_articles):
    # not a benchmark: a guard against accidental quadratic blow-ups
    import time
    arts = pd.concat([seed_articles] * 20, ignore_index=True)
    arts["article_id"] = [f"a{i}" for i in range(len(arts))]
    t0 = time.process_time()
    extract_quotes(arts)
    assert time.process_time() - t0 < 5.0


# --------------------------------------------------------------------------- benchmarks


@pytest.fixture(scope="module")
def polnear_dev(benchmarks):
    from newslib.datasets.polnear import read_polnear
    return read_polnear(benchmarks / "polnear", "dev")


def test_read_polnear_dev(polnear_dev):
    arts, gold = polnear_dev
    assert len(arts) == 84
    assert arts["article_id"].is_unique
    assert gold["article_id"].isin(arts["article_id"]).all()
    assert len(gold) > 2000
    texts = dict(zip(arts["article_id"], arts["text"]))
    ok = [texts[r.article_id][r.cue_start:r.cue_end] == r.cue_text
          for r in gold.dropna(subset=["cue_start"]).itertuples() if ";" not in r.cue_fragments]
    assert all(ok)
    assert set(arts["outlet"]) == {"breitbart", "huff-post", "nyt", "politico", "wash-post",
                                   "west-journal", "usa-today"}
    # one annotator per article, the first listed in metadata.tsv
    assert gold.groupby("article_id")["annotator"].nunique().max() == 1


def test_polnear_quality_floor(polnear_dev):
    from newslib.quality.sourcing import score_polnear
    arts, gold = polnear_dev
    s = score_polnear(arts, gold, extract_quotes(arts))
    # floors a little under the measured dev figures (see the quality report)
    assert s["f1_quoted"] >= 0.85
    assert s["f1_all"] >= 0.63
    assert s["source_overlap"] >= 0.88
    assert s["cue_overlap"] >= 0.88


def test_source_type_labels_fixture(polnear_dev, fixtures_dir):
    from newslib.quality.sourcing import read_type_labels
    arts, gold = polnear_dev
    labels = read_type_labels(fixtures_dir / "sourcing" / "polnear_dev_source_types.tsv")
    assert len(labels) >= 60
    assert set(labels["label"]) <= set(load_source_types().order)
    spans = set(zip(gold["article_id"], gold["source_start"], gold["source_end"]))
    assert all((r.article_id, r.start, r.end) in spans for r in labels.itertuples())


def test_read_basil(benchmarks):
    from newslib.datasets.basil import read_basil
    arts, spans = read_basil(benchmarks / "basil")
    assert len(arts) == 300
    assert set(arts["outlet"]) == {"New York Times", "Fox News", "HuffPost"}
    texts = dict(zip(arts["article_id"], arts["text"]))
    body = spans[spans["field"] == "text"]
    assert len(body) > 1600
    assert all(texts[r.article_id][r.start:r.end] == r.text for r in body.itertuples())
    assert spans["is_quote"].sum() > 600


def test_user_cue_verbs_extend_the_lexicon(tmp_path):
    text = "The mayor harrumphed that the budget was far too small."
    _, plain = _one(text)
    assert plain.empty
    extra = tmp_path / "cues.yaml"
    extra.write_text("extra_cues:\n  distancing:\n    verbs:\n      harrumph:\n",
                     encoding="utf-8")
    _, q = _one(text, lexicon=load_source_types(extra=extra))
    assert q["cue"].tolist() == ["harrumphed"]
    assert q["cue_stance"].tolist() == ["distancing"]
    assert q["source_text"].tolist() == ["The mayor"]


def test_guillemets_low_nine_and_british_quotes_are_direct():
    text = ('The minister said: « We will not give in ». Then he said: „We stay here.“ '
            'The mayor said ‘we will rebuild’.')
    assert [text[a:b] for a, b in find_quotations(text)] == [
        "« We will not give in »", "„We stay here.“", "‘we will rebuild’"]
    _, q = _one(text)
    assert q["kind"].tolist() == ["direct", "direct", "direct"]
    assert q["source_text"].tolist() == ["The minister", "he", "The mayor"]


def test_articles_are_independent(seed_articles):
    # one article at a time: the same rows whether articles come alone or together
    other = pd.DataFrame({"article_id": ["x"], "text": ['"Calm returned," police said.']})
    both = extract_quotes(pd.concat([seed_articles[["article_id", "text"]], other],
                                    ignore_index=True))
    alone = extract_quotes(seed_articles[["article_id", "text"]])
    pd.testing.assert_frame_equal(both[both["article_id"] != "x"].reset_index(drop=True),
                                  alone)


def test_leading_preposition_goes_to_the_cue():
    text, q = _one('The mayor talks about "spoiling the party" at every stop.')
    r = next(q.itertuples())
    assert _content(text, r).startswith('"spoiling the party"')
    assert text[int(r.cue_start):int(r.cue_end)] == "talks about"


def test_person_whose_supporters_are_mentioned_is_a_candidate():
    text, q = _one("Jane Roe supporters filled the hall. Jane Roe said taxes would fall.")
    r = next(r for r in q.itertuples() if "taxes" in _content(text, r))
    assert r.speaker == "Jane Roe"
    assert r.source_type == "politics"


def test_named_person_in_political_context_is_politics_else_other():
    text, q = _one("The Republican debate ended late. Jane Roe said taxes would fall.")
    r = next(r for r in q.itertuples() if "taxes" in _content(text, r))
    assert r.source_type == "politics"
    text, q = _one("The bakery opened late. Jane Roe said taxes would fall.")
    r = next(r for r in q.itertuples() if "taxes" in _content(text, r))
    assert r.source_type == "other"


def test_quote_then_attribution_only_sentence():
    text, q = _one('Some context here.\n\n"We won the vote." Jane Roe said Friday.\n\nMore text.')
    r = next(q.itertuples())
    assert _content(text, r) == '"We won the vote."'
    assert r.cue == "said" and r.source_text == "Jane Roe"


def test_plural_subject_with_base_verb_and_noun_phrase_object():
    text, q = _one("Recent polls show a 56 percent approval rating for the mayor.")
    r = next(q.itertuples())
    assert r.cue == "show" and r.source_text == "Recent polls"
    assert _content(text, r).startswith("a 56 percent approval rating")
    text, q = _one("Critics argue that the plan costs too much.")
    r = next(q.itertuples())
    assert r.cue == "argue" and _content(text, r).startswith("that the plan")
    _, q = _one("The show was a hit with the voters.")
    assert q.empty


def test_participle_after_an_indirect_attribution_is_a_second_one():
    text, q = _one("The businessman has praised the mayor, saying he was a strong leader.")
    got = {r.cue: _content(text, r) for r in q.itertuples()}
    assert got["praised"] == "the mayor"
    assert got["saying"].startswith("he was a strong leader")
    r = next(r for r in q.itertuples() if r.cue == "saying")
    assert r.source_text == "The businessman"


def test_when_asked_question_is_an_attribution():
    text, q = _one('"Absolutely," he said when asked by a reporter if that remains his view.')
    r = next(r for r in q.itertuples() if r.cue == "asked")
    assert _content(text, r) == "if that remains his view"
    assert r.source_text == "a reporter"
    assert any(_content(text, x) == '"Absolutely,"' for x in q.itertuples())


def test_called_for_and_calls_himself():
    text, q = _one("The senator called for a bigger effort to fix the roads.")
    r = next(q.itertuples())
    assert r.cue == "called for" and _content(text, r).startswith("a bigger effort")
    text, q = _one("Mr. Roe calls himself a democratic socialist.")
    r = next(q.itertuples())
    assert r.cue == "calls" and "democratic socialist" in _content(text, r)


def test_declined_to_comment():
    text, q = _one("His spokesman declined to comment. Later the mayor spoke to voters.")
    r = next(r for r in q.itertuples() if r.cue == "declined")
    assert _content(text, r) == "to comment"
    assert r.source_text == "His spokesman"


def test_stance_verbs_with_noun_phrase_objects():
    text, q = _one("The governor sought the nomination in 2012.")
    r = next(q.itertuples())
    assert r.cue == "sought" and _content(text, r).startswith("the nomination")
    text, q = _one("The mayor pointed to a drop in crime over the year.")
    r = next(q.itertuples())
    assert r.cue == "pointed to" and _content(text, r).startswith("a drop in crime")


def test_seemed_impression_without_source():
    text, q = _one("In the debate, the mayor seemed to overstay his welcome.")
    r = next(q.itertuples())
    assert r.cue == "seemed" and pd.isna(r.source_start)
    assert _content(text, r).startswith("the mayor seemed to overstay")


def test_coordinated_second_reporting_verb_shares_the_subject():
    text, q = _one("She blamed the violence on a stranger, not on his religion, and said it "
                   "was unnerving.")
    got = {r.cue: r for r in q.itertuples()}
    assert _content(text, got["blamed"]) == "the violence on a stranger, not on his religion"
    assert _content(text, got["said"]).startswith("it was unnerving")
    assert got["said"].source_text == "She"
    text, q = _one('The director called her plan "extremely careless," but said she should '
                   'face no charges.')
    got = {r.cue: r for r in q.itertuples()}
    assert _content(text, got["called"]) == 'her plan "extremely careless,"'
    assert got["said"].source_text == "The director"


def test_mixed_content_ends_at_comma_closed_quote_before_participle():
    text, q = _one('Cardin stressed that "the way to proceed is to work together," suggesting '
                   'a narrow bill might pass.')
    r = next(r for r in q.itertuples() if r.cue == "stressed")
    assert _content(text, r) == 'that "the way to proceed is to work together,"'


def test_according_to_source_with_appositive_keeps_the_clause_before():
    text, q = _one("Bills have spiked over the past few years, according to the Rights "
                   "Campaign, an advocacy group.")
    r = next(q.itertuples())
    assert _content(text, r) == "Bills have spiked over the past few years"
    assert r.source_text == "the Rights Campaign"


def test_in_a_poll_is_a_document_source():
    text, q = _one("Turnout fell. In the latest city poll, conducted in May, the mayor led by "
                   "ten points among young voters. Among others it was close.")
    r = next(r for r in q.itertuples() if r.cue == "In")
    assert r.source_text == "the latest city poll"
    assert _content(text, r) == "the mayor led by ten points among young voters"
    assert r.source_type == "documents"


def test_sentence_adverb_is_not_part_of_the_source_and_role_comes_from_apposition():
    text, q = _one("Jane Roe, the Republican front-runner, visited Ohio on Monday. Later Roe "
                   "said taxes would fall.")
    r = next(q.itertuples())
    assert r.source_text == "Roe" and r.speaker == "Jane Roe"
    assert r.role == "the Republican front-runner" and r.source_type == "politics"


def test_namesake_role_and_dateline_do_not_leak_into_the_speaker():
    text, q = _one("Former President John Roe spoke first.\n\nWASHINGTON — Jane Roe argued "
                   "during the Democratic debate that she could win.")
    r = next(q.itertuples())
    assert r.source_text == "Jane Roe"
    assert r.role != "Former President"
    assert r.source_type == "politics"


def test_short_answers_and_two_word_clauses():
    text, q = _one("Every director said yes.")
    assert [_content(text, r) for r in q.itertuples()] == ["yes."]
    text, q = _one("They said she could.")
    assert [_content(text, r) for r in q.itertuples()] == ["she could."]


def test_medial_attribution_splits_one_content():
    text, q = _one("Many of the closures, he said, have involved public courses.")
    r = next(q.itertuples())
    assert _content(text, r) == "Many of the closures, he said, have involved public courses."
    assert r.source_text == "he" and r.cue == "said"
    text, q = _one("Victims would be a distinct group, the senator said, a policy that could "
                   "help them.")
    r = next(q.itertuples())
    assert _content(text, r) == "Victims would be a distinct group"


def test_pledged_delegates_and_found_himself_are_not_cues():
    _, q = _one("The mayor has won 758 pledged delegates so far this spring.")
    assert q.empty
    _, q = _one("The mayor found himself in a tight race with the governor.")
    assert q.empty


def test_sentence_closing_on_its_attribution_keeps_inner_cues_and_quotes():
    text, q = _one('The vote signals "the beginning of the end" for the union, said Jan Smit, '
                   'founder of the Freedom Party.')
    assert len(q) == 1
    r = q.iloc[0]
    assert r.cue == "said" and r.source_text == "Jan Smit"
    assert _content(text, r) == 'The vote signals "the beginning of the end" for the union'
    assert r.kind == "mixed"
    text, q = _one('In April, the mayor called it "a disgrace," and threatened to sue, the '
                   'report said.')
    r = next(r for r in q.itertuples() if r.cue == "said")
    assert _content(text, r) == ('In April, the mayor called it "a disgrace," and threatened '
                                 'to sue')


def test_quote_split_by_a_long_appositive_is_one_attribution():
    text, q = _one('"The risk," said Ed Lamb, an economist who directs the forecast at a '
                   'state university, "is that we attract workers and repel jobs."')
    assert len(q) == 1
    assert _content(text, q.iloc[0]) == text[:-1] + '"'
    assert q.iloc[0].source_text == "Ed Lamb"


def test_coordinated_cue_before_a_quotation_is_a_second_attribution():
    text, q = _one('Wilson praised the senator\'s record on defense and said he can "bring '
                   'change" to Washington.')
    got = {r.cue: r for r in q.itertuples()}
    assert _content(text, got["praised"]) == "the senator's record on defense"
    assert _content(text, got["said"]).startswith("he can")
    text, q = _one('The prince called for Trump to quit the race, calling him "a disgrace."')
    got = {r.cue: r for r in q.itertuples()}
    assert _content(text, got["called for"]) == "Trump to quit the race"
    assert _content(text, got["calling"]) == 'him "a disgrace."'
    assert got["calling"].source_text == "The prince"


def test_doubled_apostrophe_quote_keeps_its_closing_mark():
    text, q = _one("It was an honor he said he hoped would be ''a good thing for him.'' "
                   "Then he left.")
    r = next(q.itertuples())
    assert _content(text, r).endswith("for him.''")


def test_read_after_a_quotation_and_relative_clause_content():
    text, q = _one('"Trump is a disgrace," read one sign.')
    r = next(q.itertuples())
    assert r.cue == "read" and _content(text, r) == '"Trump is a disgrace,"'
    text, q = _one("The changes, which officials said will start in May, will not apply to all.")
    r = next(q.itertuples())
    assert _content(text, r) == "which officials said will start in May"
    assert r.source_text == "officials"


def test_position_verbs_and_prepositional_cues():
    text, q = _one("Mrs. Lane endorsed the governor for president, saying he had courage.")
    got = {r.cue: r for r in q.itertuples()}
    assert _content(text, got["endorsed"]) == "the governor for president"
    text, q = _one("The senator voted against the bill in March.")
    r = next(q.itertuples())
    assert r.cue == "voted against" and _content(text, r).startswith("the bill")


def test_nouns_of_saying_and_intending_with_their_clause():
    text, q = _one("Voters heard the governor's claim that the budget was balanced.")
    r = next(r for r in q.itertuples() if r.cue == "claim")
    assert _content(text, r) == "that the budget was balanced"
    assert r.source_text == "the governor"
    text, q = _one("The mayor renewed her pledge to close the plant by May.")
    r = next(r for r in q.itertuples() if r.cue == "pledge")
    assert _content(text, r) == "to close the plant by May"
    assert r.source_text == "her"


def test_medial_according_to_spans_both_parts():
    text, q = _one("Fundraising, according to the campaign, has surged in the past month.")
    r = next(q.itertuples())
    assert r.kind == "according_to" and r.source_text == "the campaign"
    assert _content(text, r) == text[:-1] or _content(text, r) == text


def test_object_after_a_non_speech_cue_is_not_a_closing_attribution():
    text, q = _one("On Tuesday, his wife, Jane, called for an open primary process.")
    r = next(q.itertuples())
    assert r.cue == "called for"
    assert _content(text, r) == "an open primary process."[:-1] or \
        _content(text, r) == "an open primary process."
    assert r.source_text == "his wife, Jane"
    text, q = _one("Prices will rise next year, he said on Monday.")
    r = next(q.itertuples())
    assert _content(text, r) == "Prices will rise next year" and r.source_text == "he"


def test_subordinate_attribution_ends_at_the_comma():
    text, q = _one("Barkley, who said he typically votes Democratic, said one candidate he "
                   "likes is Kasich.")
    got = sorted(q.itertuples(), key=lambda r: r.content_start)
    assert _content(text, got[0]) == "he typically votes Democratic"
    assert _content(text, got[1]).startswith("one candidate he likes is Kasich")
    text, q = _one("And while he said he would bring back the draft, he later backed off.")
    r = next(q.itertuples())
    assert _content(text, r) == "he would bring back the draft"


def test_relative_pronoun_before_a_naming_verb_opens_the_content():
    text, q = _one('The slogan led to what aide Tom Vance called "a new era" in his book.')
    r = next(r for r in q.itertuples() if text[r.cue_start:r.cue_end] == "called")
    assert _content(text, r).startswith('what aide Tom Vance called "a new era"')
    assert r.source_text == "aide Tom Vance"


def test_cue_before_a_quotation_claims_it_over_a_participle_after():
    text, q = _one('Mr. Hale said the plan was "a disaster," adding that he would vote no.')
    got = sorted((_content(text, r), text[r.cue_start:r.cue_end]) for r in q.itertuples())
    assert got == [('that he would vote no.', "adding"),
                   ('the plan was "a disaster,"', "said")]
    text, q = _one('"We will win," Mr. Hale said, adding that the vote was close.')
    got = sorted((_content(text, r), r.kind) for r in q.itertuples())
    assert got == [('"We will win,"', "direct"), ("that the vote was close.", "indirect")]


def test_quoted_object_ends_before_a_second_verb():
    text, q = _one('The senator called her "third-rate" and boycotted the next debate.')
    r = next(r for r in q.itertuples() if text[r.cue_start:r.cue_end] == "called")
    assert _content(text, r) == 'her "third-rate"'


def test_a_title_in_the_speakers_appositive_is_no_second_quote():
    text, q = _one('"Politics was never gentle," said Jon Lane, the author of "Power Games," '
                   'a book about campaigns.')
    assert [(_content(text, r), r.kind) for r in q.itertuples()] == [
        ('"Politics was never gentle,"', "direct")]


def test_quoted_attribution_inside_an_earlier_content_ends_it():
    text, q = _one('The governor has maintained that testing is required by law, Mr. Kim '
                   'said, "I support parents making the best decisions."')
    got = sorted((_content(text, r), r.source_text) for r in q.itertuples())
    assert got == [('"I support parents making the best decisions."', "Mr. Kim"),
                   ("that testing is required by law", "The governor")]


def test_quoted_content_ends_before_a_participle_cue_after_before():
    text, q = _one('Mr. Hale said the deadlock has "kept us safe" before saying that open '
                   'borders hurt families.')
    r = next(r for r in q.itertuples() if text[r.cue_start:r.cue_end] == "said")
    assert _content(text, r) == 'the deadlock has "kept us safe"'


def test_speaker_turn_continues_into_a_short_lead_in_and_after_and():
    text, q = _one('"He is supposed to be a cheerleader for this country," Mr. Hale said. '
                   'Instead, "he just acts like a defeated man."')
    assert [_content(text, r) for r in q.itertuples()] == [text]
    text, q = _one('"This deal must come with enforcement," she said, and "clear '
                   'consequences for any violations."')
    assert [_content(text, r) for r in q.itertuples()] == [text]
    # a cue in the second sentence starts a new attribution
    text, q = _one('"We will win," Mr. Hale said. Later, Ms. Ray said "we will see."')
    assert len(q) == 2


def test_a_title_after_a_verb_is_no_orphan_quotation():
    text, q = _one('The actor stars in "Girls, Girls, Girls" at a club from Monday.')
    assert q.empty
    text, q = _one('The crowd chanted "we want the wall now" for an hour.')
    assert len(q) == 1


def test_quotation_paragraph_signed_on_the_next_line():
    text, q = _one('The claim.\n\n"I helped write that bill in the committee."\n\n- Jane Roe.\n\n'
                   'Roe exaggerates.')
    r = next(r for r in q.itertuples() if "helped write" in _content(text, r))
    assert _content(text, r) == '"I helped write that bill in the committee."'
    assert r.source_text == "Jane Roe" and r.kind == "direct"


def test_s_form_of_a_noun_like_verb_after_a_name_before_a_quotation():
    text, q = _one('Bernie Sanders calls it the "big enchilada."')
    assert [(_content(text, r), r.source_text) for r in q.itertuples()] == [
        ('it the "big enchilada."', "Bernie Sanders")]
    text, q = _one('Mr. Trump\'s comments "were divisive," the group said.')
    assert all(text[r.cue_start:r.cue_end] != "comments" for r in q.itertuples())


def test_quotation_without_closing_comma_before_name_and_cue():
    text, q = _one('"The caucus is a battle of niches" Grubbs said. "Ours is a strong one."')
    assert [(_content(text, r), r.source_text) for r in q.itertuples()] == [(text, "Grubbs")]


def test_dash_after_a_quotation_inside_a_sentence_is_no_signature():
    text, q = _one('Politicians call this the "expectations game" - setting low hopes.')
    assert all(text[r.cue_start:r.cue_end] != "-" for r in q.itertuples())
    text, q = _one('Intro.\n\n"We will win this state by ten points." — Jane Roe.')
    assert [(_content(text, r), r.source_text) for r in q.itertuples()] == [
        ('"We will win this state by ten points."', "Jane Roe")]


def test_coordinated_clause_of_the_same_speaker_stays_in_the_content():
    text, q = _one('Mr. Hale said the caucus system is "complex" and he feels he can win.')
    assert [_content(text, r) for r in q.itertuples()] == [
        'the caucus system is "complex" and he feels he can win.']


def test_paraphrase_continues_into_a_quotation_opening_the_next_paragraph():
    text, q = _one('Mr. Ash argued that the convention should adopt new rules.\n\n'
                   '"Why give such power to one officer?"\n\nOthers disagreed.')
    assert [_content(text, r) for r in q.itertuples()] == [
        'that the convention should adopt new rules.\n\n'
        '"Why give such power to one officer?"']
    text, q = _one('Mr. Ash argued that the convention should adopt new rules.\n\n'
                   '"That is wrong," Ms. Ray said.')
    assert len(q) == 2


def test_last_paraphrase_of_a_sentence_continues_into_the_next_paragraph_quote():
    text, q = _one('Mr. Ash praised the plan, adding that the rules must change.\n\n'
                   '"Why give such power to one officer?"')
    r = next(r for r in q.itertuples() if text[r.cue_start:r.cue_end] == "adding")
    assert _content(text, r).endswith('"Why give such power to one officer?"')


def test_a_phrase_around_a_title_is_no_quoted_content():
    text, q = _one('Mr. Rubio said in his 2012 book, "An American Son," that they stayed.')
    assert all("American Son" not in _content(text, r) or "stayed" in _content(text, r)
               for r in q.itertuples())
    text, q = _one('He was pro Kasich then, he said Wednesday on "Morning Joe."')
    assert all(_content(text, r) != 'Wednesday on "Morning Joe."' for r in q.itertuples())


def test_medial_cue_before_a_quoted_predicate_spans_both_parts():
    text, q = _one('Putting the show together, Mr. Butz said, allowed him to "get in touch '
                   'with himself," too.')
    assert [(_content(text, r), r.source_text) for r in q.itertuples()] == [(text, "Mr. Butz")]


def test_nested_quote_with_the_same_curly_marks_keeps_the_outer_one():
    from newslib.sourcing import find_quotations
    text = ('Jeff Bechdel tweeted: “People behind her wearing “Settle For Hillary” shirts at '
            'her event. Ouch.” Others laughed.')
    q = extract_quotes(pd.DataFrame({"article_id": ["a"], "text": [text]}))
    assert [text[a:b] for a, b in find_quotations(text)] == [
        '“People behind her wearing “Settle For Hillary” shirts at her event. Ouch.”']
    assert q["kind"].tolist() == ["direct"] and q["source_text"].tolist() == ["Jeff Bechdel"]
    # a stray opening mark is still dropped when nothing closes the nested one
    t2 = 'She said “we “will win.” Then she left.'
    assert [t2[a:b] for a, b in find_quotations(t2)] == ['“will win.”']


def test_relay_posted_by_stops_before_the_reported_clause():
    text = ("The ministry said in a statement posted online by its spokeswoman Maria "
            "Zakharova that troops would stay.")
    q = extract_quotes(pd.DataFrame({"article_id": ["a"], "text": [text]}))
    assert q["relay"].tolist() == ["a statement; its spokeswoman Maria Zakharova"]


def test_a_statement_or_letter_takes_its_authors_type_and_is_the_relay():
    text = ("The army would withdraw by Friday, according to a statement from the health "
            "ministry. The plan was dead, according to a letter from Republican lawmakers. "
            "Turnout fell sharply last year, according to a recent survey of voters.")
    q = extract_quotes(pd.DataFrame({"article_id": ["a"], "text": [text]}))
    got = q[["source_type", "relay"]].astype(object).where(q[["source_type", "relay"]].notna(),
                                                          None).values.tolist()
    # a survey is data of its own: documents, and no relay
    assert got == [["government", "a statement"], ["politics", "a letter"], ["documents", None]]


def test_colon_cue_after_another_clause_is_its_own_direct_quote():
    text = ('She said that experts had determined her proposals were effective, to which '
            'O\'Malley interjected: "It\'s just not true." After Scalia said that students '
            'might do better at "less advanced schools," Trump said: "I don\'t like it."')
    q = extract_quotes(pd.DataFrame({"article_id": ["a"], "text": [text]}))
    got = [(r.kind, text[r.content_start:r.content_end], r.source_text) for r in q.itertuples()]
    assert got == [
        ("indirect", "that experts had determined her proposals were effective", "She"),
        ("direct", '"It\'s just not true."', "O'Malley"),
        ("mixed", 'that students might do better at "less advanced schools,"', "Scalia"),
        ("direct", '"I don\'t like it."', "Trump")]
