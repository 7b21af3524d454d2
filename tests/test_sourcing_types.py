"""Source types: the hand-labelled PolNeAR train sample (the classifier's development set)
and the general rules of classify_source it led to."""
from __future__ import annotations

import pytest

from newslib.quality.sourcing import TRAIN_LABELS_FILE, read_type_labels
from newslib.sourcing import classify_source, load_source_types, resolve_sources


def test_train_labels_fixture_parses_and_uses_known_labels():
    labels = read_type_labels(TRAIN_LABELS_FILE)
    assert list(labels.columns) == ["article_id", "start", "end", "source", "label"]
    assert len(labels) >= 190
    assert (labels["end"] > labels["start"]).all()
    assert not labels.duplicated(["article_id", "start", "end"]).any()
    order = load_source_types().order
    used = set(labels["label"])
    assert used <= set(order), used - set(order)
    # every category but the international organisations (rare in US election news)
    # occurs, so the confusion table has a row for each
    assert set(order) - used <= {"international_organisation"}
    # no pronouns: they are typed through the resolver, not by their own words
    pron = {"he", "she", "they", "who", "which", "it", "we", "i", "you"}
    assert not labels["source"].str.lower().isin(pron).any()


@pytest.fixture(scope="module")
def polnear_train(benchmarks):
    from newslib.datasets.polnear import read_polnear
    return read_polnear(benchmarks / "polnear", "train")


def test_train_labels_point_at_gold_sources(polnear_train):
    arts, gold = polnear_train
    labels = read_type_labels(TRAIN_LABELS_FILE)
    spans = set(zip(gold["article_id"], gold["source_start"], gold["source_end"]))
    assert all((r.article_id, r.start, r.end) in spans for r in labels.itertuples())
    texts = dict(zip(arts["article_id"], arts["text"]))
    for r in labels.itertuples():
        assert " ".join(texts[r.article_id][r.start:r.end].split()) == r.source


def test_train_labels_accuracy_floor(polnear_train):
    arts, _ = polnear_train
    labels = read_type_labels(TRAIN_LABELS_FILE)
    typed = resolve_sources(labels, arts)
    # 0.686 when this was written (0.567 before tuning); the dev sample is the check
    assert (typed["source_type"] == typed["label"]).mean() >= 0.66
    assert labels.equals(read_type_labels(TRAIN_LABELS_FILE))  # input unchanged


@pytest.mark.parametrize("source, expected", [
    ("China", "government"),                       # a country speaks for its government
    ("the Chinese", "government"),
    ("American admiral rattles Beijing", "government"),
    ("Senator Ted Cruz of Texas", "politics"),     # "of Texas" is no government
    ("a reporter in Beijing", "media"),
    ("a full 79 percent of Democrats", "citizens"),  # poll shares are people asked
    ("41%", "citizens"),
    ("a majority of senators", "politics"),
    ("a recent survey of Republican insiders", "documents"),  # typed by its head
    ("The FDIC, a major U.S. banking regulator which keeps confidential data", "government"),
    ("a Democrat familiar with his remarks", "anonymous"),
    ("a White House official who asked not to be named", "anonymous"),
    ("the Twitter account Jane Roe", "other"),     # a person is no social-media post
    ("a copy of the letter reviewed by The Post", "documents"),  # "The Post" is no person
    ("a group of protesters", "citizens"),         # a collective takes its members' type
    ("the elections lawyer for Clinton's presidential campaign", "politics"),
    ("Justice Jane Roe", "government"),
    ("the Philly Coalition for Real Justice", "civil_society"),
    ("current and former officials", "government"),
    ("a former senior White House adviser Jane Roe", "politics"),
    ("people at the FBI", "police_security"),      # "people" only as a fallback
    ("some residents", "citizens"),
    ("police officials", "police_security"),
    ("Michigan Attorney General Jane Roe", "government"),
    ("the CSTO secretariat", "international_organisation"),
    ("Hampton University student Jane Roe", "citizens"),
])
def test_classify_source_general_rules(source, expected):
    assert classify_source(source)[0] == expected
