"""Tests for newslib.corpus: loaders, load report, Parquet corpora, URL fetching."""

from __future__ import annotations

import pandas as pd
import pytest

from newslib import corpus
from newslib.schema import ARTICLE_COLUMNS

# --- the seed ----------------------------------------------------------------------------


def test_seed_loads_as_one_golden_row(seed_path):
    articles, report = corpus.load_articles(seed_path, report=True)
    assert len(articles) == 1
    assert report.empty
    row = articles.iloc[0]
    assert row["article_id"] == "trtworld_2022-01-06_kazakhstan"
    assert row["published"] == pd.Timestamp("2022-01-06", tz="UTC")
    assert row["section"] == "Fast News"
    assert row["outlet"] == "TRT World"
    assert row["credits"] == "TRTWorld and agencies"
    assert row["title"].startswith('Dozens of protesters were "eliminated"')
    text = row["text"]
    assert text.startswith("Security forces in Kazakhstan have killed dozens")
    assert text.endswith('"express themselves peacefully."')
    assert "Source:" not in text and "(AFP)" not in text
    assert "date 2022-01-06" not in text and row["title"] not in text
    assert "\n\nRussia-led bloc sends first troops\n\n" in text
    assert row["captions"].endswith("(AFP)")
    assert list(articles.columns[: len(ARTICLE_COLUMNS)]) == list(ARTICLE_COLUMNS)
    assert str(articles["published"].dtype) == "datetime64[ns, UTC]"


def test_seed_without_cleaning_keeps_furniture_but_finds_outlet(seed_path):
    raw = corpus.load_articles(seed_path, clean=False)
    assert raw.loc[0, "outlet"] == "TRT World"
    assert raw.loc[0, "text"].endswith("Source: TRTWorld and agencies")
    assert "(AFP)" in raw.loc[0, "text"]
    assert "\n\n\n" not in raw.loc[0, "text"]


def test_seed_report_attached_to_attrs(seed_path):
    articles = corpus.load_articles(seed_path)
    assert list(articles.attrs["load_report"].columns) == list(corpus.REPORT_COLUMNS)
