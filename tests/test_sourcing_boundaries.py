"""Content-span boundaries of newslib.sourcing.extract_quotes: one test per rule.

The sentences are written for these tests (no benchmark text)."""

from __future__ import annotations

import pandas as pd

from newslib.sourcing import extract_quotes


def _quotes(text: str) -> pd.DataFrame:
    return extract_quotes(pd.DataFrame({"article_id": ["t"], "text": [text]}))


def _by_cue(text: str, cue: str) -> str:
    q = _quotes(text)
    rows = [r for r in q.itertuples() if text[r.cue_start:r.cue_end].startswith(cue)]
    assert rows, f"no attribution with cue {cue!r} in {q[['cue']].to_dict('list')}"
    return text[rows[0].content_start:rows[0].content_end]


def test_fronted_phrase_is_not_the_content_of_a_verb_with_an_object():
    # "C, said X." inverts only when the verb follows the comma; here the name after
    # the verb is its object and the fronted phrase is no content
    text = ("In a radio interview on Sunday, he defended the housing plan of Mayor Ann Brook, "
            "saying it works.")
    assert _by_cue(text, "defended") == "the housing plan of Mayor Ann Brook"
    # the inverted order itself still holds
    text = "The plan will cut rents by a third, said Mayor Ann Brook."
    assert _by_cue(text, "said") == "The plan will cut rents by a third"


def test_noun_phrase_object_ends_at_a_comma_even_when_a_clause_follows():
    # the object "the plan" is no clause; the clause after the comma is a second
    # predicate with its own cue
    text = "The governor praised the plan, warned that costs could rise, and called for a vote."
    assert _by_cue(text, "praised") == "the plan"
    assert _by_cue(text, "warned") == "that costs could rise"


def test_a_comma_inside_a_list_does_not_end_the_content():
    text = "The mayor sought to rally older, rural and working-class voters."
    assert _by_cue(text, "sought").rstrip(".") == "to rally older, rural and working-class voters"
    text = ("She noted that officials had talked with Chinese, Japanese, and South Korean "
            "diplomats about trade.")
    assert _by_cue(text, "noted").rstrip(".").endswith("South Korean diplomats about trade")
    # a second predicate after the comma is no list item
    text = "He defended the senator as a moderate, mocked the party and its leaders."
    assert _by_cue(text, "defended") == "the senator as a moderate"


def test_passive_cue_with_an_agent_attributes_its_subject_to_the_agent():
    text = ("The council debated the tax on Monday. The proposal was rejected by most of the "
            "members, who called it unfair.")
    q = _quotes(text)
    row = next(r for r in q.itertuples() if text[r.cue_start:r.cue_end] == "rejected")
    assert text[row.content_start:row.content_end] == "The proposal"
    assert text[row.source_start:row.source_end] == "most of the members"
    # a relative pronoun before the form of "be" is the whole subject
    text = "They blamed the press, which was then denounced by the mayor for its bias."
    assert _by_cue(text, "denounced") == "which"
    # "by 2030" is a time, not an agent: no attribution
    text = "New funds will be welcomed by 2030, the report says."
    assert not any(_quotes(text)["cue"] == "welcomed")


def test_raising_passive_takes_the_subject_and_the_infinitive_clause():
    text = "The House is widely expected to pass the bill later this week."
    assert _by_cue(text, "expected").rstrip(".") == \
        "The House is widely expected to pass the bill later this week"
    text = "The embattled president is expected to run again in 2017, giving rivals time."
    assert _by_cue(text, "expected") == "The embattled president is expected to run again in 2017"
    # a relative object before the subject belongs to the content, which ends at the comma
    text = "The bill, which the Senate is expected to vote on next week, cuts taxes."
    assert _by_cue(text, "expected") == "which the Senate is expected to vote on next week"
    # no form of "be" before the verb: the ordinary object rule
    text = "Analysts expected the bank to act in December."
    assert not _by_cue(text, "expected").startswith("Analysts")


def test_appear_and_seem_with_an_adjective_complement():
    text = "After the vote, the campaign team appeared paralyzed by the news."
    assert _by_cue(text, "appeared").startswith("the campaign team appeared paralyzed")
    # "appeared on television" is showing up, not an impression
    text = "The senator appeared on television on Sunday."
    assert not any(_quotes(text)["cue"] == "appeared")
    # a coordinated noun phrase is one subject
    text = "The bond between the two parties and their donors seems stable for now."
    assert _by_cue(text, "seems").startswith("The bond between the two parties and their donors")


def test_a_phrase_between_the_cue_and_its_that_clause_is_no_content():
    text = "The mayor said during a radio interview in Buffalo on Monday that the plan is wrong."
    assert _by_cue(text, "said").rstrip(".") == "that the plan is wrong"
    # a relative "that" after the phrase opens no reported clause
    text = "She said in an interview that aired Sunday the plan was fine."
    assert not _by_cue(text, "said").startswith("that")
    # an infinitive complement keeps its own words
    text = "They pledged to work with both parties that agree."
    assert _by_cue(text, "pledged").startswith("to work")


def test_lead_in_before_a_medial_cue_joins_a_quotation_that_goes_on_with_it():
    text = "Sooner or later, the governor told reporters, \"it starts to pay off.\""
    assert _by_cue(text, "told") == text
    # a capitalised quotation after a lead-in clause stands alone
    text = "Asked about the plan on Monday, the governor said, \"It is a good plan.\""
    assert _by_cue(text, "said") == "\"It is a good plan.\""


def test_an_abbreviation_before_a_new_sentence_ends_the_content():
    text = ("The senator says the plan will hurt jobs in the U.S. He says voters "
            "want something else.")
    assert _by_cue(text, "says") == "the plan will hurt jobs in the U.S."
    # a title never ends a sentence
    text = "The mayor said the report named Gov. Lee as the author."
    assert _by_cue(text, "said").rstrip(".") == "the report named Gov. Lee as the author"


def test_relative_clause_with_a_subject_gap_after_the_cue_opens_at_the_pronoun():
    text = "He mocked the story of the fight, an event that Carson says led him to faith."
    assert _by_cue(text, "says").rstrip(".") == "that Carson says led him to faith"
    text = ("Wages rose in France, which the Organization for Economic Cooperation and "
            "Development says had the highest floors.")
    assert _by_cue(text, "says").startswith("which the Organization")
    # a complementizer "that" (no gap after the cue) stays out of the content
    text = "It is odd that Carson says the plan works."
    assert _by_cue(text, "says").rstrip(".") == "the plan works"


def test_a_closing_cue_followed_only_by_a_time_or_place_phrase_takes_the_clause_before():
    text = "The firm effectively disbanded after the election, the paper reported in 2014."
    assert _by_cue(text, "reported") == "The firm effectively disbanded after the election"
    text = ("The plan is a disgrace, the mayor said Tuesday in Paris, noting that it "
            "\"makes no sense.\"")
    assert _by_cue(text, "said") == "The plan is a disgrace"
    # a clause after the phrase is the content
    text = "The council met on Monday, and the mayor said on Tuesday he would resign."
    assert _by_cue(text, "said").rstrip(".").endswith("he would resign")


def test_a_pronoun_subject_after_the_cue_opens_a_reported_clause():
    # the name and its appositive before the cue are the source, not a content
    text = ("Rep. Ann Brook (D-Va.), the ranking member of the committee, said she fully "
            "supports the compromise.")
    assert _by_cue(text, "said").rstrip(".") == "she fully supports the compromise"


def test_a_second_predicate_after_and_ends_a_noun_phrase_content():
    text = "The senator denied the charges and accused his rival of lying."
    assert _by_cue(text, "denied") == "the charges"
    text = "The governor has vowed to keep the clinic open and celebrated the ruling."
    assert _by_cue(text, "vowed") == "to keep the clinic open"
    # inside a reported clause the coordination stays ("he was impressed and liked ...")
    text = "He said the mayor was impressed by the plan and liked the way it was written."
    assert _by_cue(text, "said").rstrip(".").endswith("liked the way it was written")
    # an adjective before a noun is no predicate
    text = "She said the heat and unsettled weather could last all week."
    assert _by_cue(text, "said").rstrip(".").endswith("could last all week")


def test_a_contrast_with_its_own_subject_ends_a_noun_phrase_content():
    text = "The president plans to send a nominee, but it is unlikely that any could pass."
    assert _by_cue(text, "plans") == "to send a nominee"
    # in a reported clause the contrast stays
    text = "She said the plan was fair, but the mayor refused to sign it."
    assert _by_cue(text, "said").rstrip(".").endswith("refused to sign it")


def test_a_paired_dash_parenthetical_does_not_end_the_content():
    text = "She said that – in her view – the mayor is a strong advocate for the plan."
    assert _by_cue(text, "said").rstrip(".").endswith("a strong advocate for the plan")


def test_an_unpaired_dash_ends_a_noun_phrase_object():
    text = "The group endorsed Ann Lee–a former mayor of the city."
    assert _by_cue(text, "endorsed") == "Ann Lee"
    # one that opens a pair stays inside the object
    text = "He supported Ann Lee—the mayor who left the party—against the rival."
    assert "the mayor who left" in _by_cue(text, "supported")


def test_examples_after_including_stay_in_a_noun_phrase_object():
    text = ("The senator defended the new strategy, including the decision to skip the "
            "early ads.")
    assert _by_cue(text, "defended").rstrip(".").endswith("to skip the early ads")
    text = "The senator defended the new strategy, a plan drawn up in May."
    assert _by_cue(text, "defended") == "the new strategy"


def test_a_mixed_content_ends_before_an_appositive_with_another():
    text = ('He refused to say the words "radical Islam," another moment seized upon by '
            'his rivals.')
    assert _by_cue(text, "say") == 'the words "radical Islam,"'
