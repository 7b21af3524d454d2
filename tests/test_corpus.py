"""Tests for newslib.corpus: loaders, load report, Parquet corpora, URL fetching."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from newslib import corpus
from newslib.schema import ARTICLE_COLUMNS

FIX = Path(__file__).parent / "fixtures" / "corpus"  # see FIX / "README.md"
MIXED = FIX / "mixed"

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


def test_seed_report_columns_and_plain_return(seed_path):
    articles = corpus.load_articles(seed_path)
    assert isinstance(articles, pd.DataFrame) and not articles.attrs
    _, report = corpus.load_articles(seed_path, report=True)
    assert list(report.columns) == list(corpus.REPORT_COLUMNS)


# --- one format at a time ----------------------------------------------------------------


def load_quiet(source, **kwargs):
    """Load expecting no skipped input (so no LoadWarning)."""
    return corpus.load_articles(source, report=True, **kwargs)


def test_newsplease_json():
    articles, report = load_quiet(MIXED / "newsplease_article.json")
    row = articles.iloc[0]
    assert row["article_id"] == "newsplease_article"
    assert row["title"] == "Fuel protests spread to the capital"
    assert row["text"] == ("Protests over fuel prices spread to the capital on Thursday.\n\n"
                           "The government said it would cap prices for six months.")
    assert row["published"] == pd.Timestamp("2022-01-06 09:30", tz="UTC")
    assert row["byline"] == "Staff Writer; Desk Editor"
    assert row["outlet"] == "TRT World"  # source_domain www.trtworld.com via outlets.yaml
    assert row["lang"] == "en"
    assert row["url"] == "https://www.trtworld.com/asia/fuel-protests-spread"
    assert report.empty


def test_jsonl_rows_broken_line_and_missing_date():
    with pytest.warns(corpus.LoadWarning, match="1 file"):
        articles, report = load_quiet(MIXED / "feed.jsonl")
    assert articles["article_id"].tolist() == ["feed-1", "feed-2", "feed-4"]
    # a +06:00 time converted to UTC
    assert articles.loc[0, "published"] == pd.Timestamp("2022-01-08 01:00", tz="UTC")
    assert pd.isna(articles.loc[1, "published"])
    # news-please field names work in JSONL too
    assert articles.loc[2, "text"] == "The cabinet capped the fuel price for 180 days."
    assert articles.loc[2, "outlet"] == "Radio Free Europe/Radio Liberty"
    assert articles["source_file"].str.endswith(("feed.jsonl#0", "feed.jsonl#1",
                                                 "feed.jsonl#3")).all()
    got = report[["row", "action"]].astype(object).values.tolist()
    assert got == [[2, "skipped"], [1, "flagged"]]
    assert report["source_file"].str.endswith("feed.jsonl").all()
    assert "line 3" in report.loc[0, "reason"]
    assert "no publication date" in report.loc[1, "reason"]


def test_mediacloud_csv_with_bom_and_multiline_text():
    articles, report = load_quiet(MIXED / "mediacloud_export.csv")
    assert report.empty
    assert articles["article_id"].tolist() == ["2101", "2102"]
    assert articles["outlet"].tolist() == ["Al Jazeera", "BBC News"]
    assert articles.loc[0, "published"] == pd.Timestamp("2022-01-05 14:02:11.441", tz="UTC")
    assert articles.loc[0, "text"].count("\n\n") == 1
    assert articles.loc[0, "url"] == "https://example.org/a"


def test_mediacloud_csv_without_text_reports_every_row(tmp_path):
    path = tmp_path / "stories.csv"
    path.write_text("stories_id,publish_date,title,url,media_name\n"
                    "1,2022-01-06,A,https://e.org/1,BBC\n2,2022-01-07,B,https://e.org/2,BBC\n",
                    encoding="utf-8")
    with pytest.warns(corpus.LoadWarning, match="2 file"):
        articles, report = load_quiet(path)
    assert articles.empty and list(articles.columns[:12]) == list(ARTICLE_COLUMNS)
    assert report["reason"].str.contains("fetch_urls").all()


def test_custom_csv_with_mapping_and_date_format():
    mapping = {"uid": "article_id", "headline_text": "title", "body": "text",
               "pub_time": "published", "paper": "outlet"}
    articles, report = load_quiet(FIX / "custom" / "desk_export.csv", columns=mapping,
                                  date_format="%d/%m/%Y %H:%M")
    assert report.empty
    assert articles["article_id"].tolist() == ["d-1", "d-2"]
    assert articles["title"].tolist() == ["Prices capped", "Calm returns"]
    assert articles["published"].tolist() == [pd.Timestamp("2022-01-06 10:00", tz="UTC"),
                                              pd.Timestamp("2022-01-07 18:30", tz="UTC")]
    assert articles["outlet"].tolist() == ["TRT World", "Reuters"]


def test_custom_csv_without_mapping_says_how_to_fix():
    # "body" is a known text field; "pub_time" is not a known date field
    with pytest.raises(corpus.CorpusError, match=r"desk_export.csv, row 0: no publication "
                                                 r"date.*columns=\{'<field>': 'published'\}"):
        corpus.load_articles(FIX / "custom" / "desk_export.csv", strict=True)


def test_html_page_through_trafilatura():
    articles, report = load_quiet(MIXED / "page.html")
    row = articles.iloc[0]
    assert row["title"] == "Protesters storm city hall"
    assert row["outlet"] == "Example News"
    assert row["byline"] == "Staff Reporter"
    assert row["published"] == pd.Timestamp("2022-01-05 16:45", tz="UTC")
    assert row["url"] == "https://news.example.org/world/protesters-storm-city-hall"
    assert row["text"].startswith("Protesters stormed the city hall")
    assert row["text"].count("\n\n") == 2  # three paragraphs
    assert "Copyright" not in row["text"] and "Home" not in row["text"]


def test_latin1_txt_is_decoded_and_reported():
    articles, report = load_quiet(MIXED / "nested" / "latin1_article.txt")
    assert articles.loc[0, "title"] == "Protesters gathered near the café on the main square"
    assert "naïve" in articles.loc[0, "text"] and "déjà vu" in articles.loc[0, "text"]
    repaired = report[report["action"] == "repaired"]
    assert repaired["reason"].str.contains("not UTF-8: decoded as cp1252").all()
    assert len(repaired) == 1


def test_utf16_bom_txt_is_decoded_and_reported():
    articles, report = load_quiet(MIXED / "nested" / "utf16_article.txt")
    assert "crème" in articles.loc[0, "text"]
    assert "\ufeff" not in articles.loc[0, "title"]
    assert (report["reason"] == "not UTF-8: decoded as UTF-16 (byte-order mark)").sum() == 1


def test_forced_encoding_is_not_a_repair():
    articles, report = load_quiet(MIXED / "nested" / "latin1_article.txt",
                                  encoding="latin-1", strict=False)
    assert "naïve" in articles.loc[0, "text"]
    assert not (report["action"] == "repaired").any()


def test_broken_json_is_skipped_with_reason():
    with pytest.warns(corpus.LoadWarning, match="broken.json"):
        articles, report = load_quiet(MIXED / "broken.json")
    assert articles.empty
    assert report.loc[0, "action"] == "skipped"
    assert "invalid JSON" in report.loc[0, "reason"] and "truncated" in report.loc[0, "reason"]


def test_empty_article_is_skipped():
    with pytest.warns(corpus.LoadWarning, match="empty article"):
        articles, report = load_quiet(MIXED / "empty_article.txt")
    assert articles.empty
    assert report["action"].tolist() == ["skipped"]


def test_duplicate_ids_get_suffix_and_report():
    articles, report = load_quiet(FIX / "duplicate_ids.jsonl")
    assert articles["article_id"].tolist() == ["wire-77", "wire-77~2"]
    assert articles["article_id"].is_unique
    assert report["action"].tolist() == ["repaired"]
    assert "duplicate article_id 'wire-77'" in report.loc[0, "reason"]
    assert report.loc[0, "row"] == 1


def test_same_file_twice_is_loaded_once():
    articles, _ = load_quiet([MIXED / "page.html", str(MIXED / "page.html")])
    assert len(articles) == 1


# --- mixed sources, report design, strict mode --------------------------------------------

BROKEN = {"broken.json", "corrupt.parquet", "empty_article.txt"}


def test_mixed_folder_loads_the_rest_and_reports_the_three_broken_files():
    with pytest.warns(corpus.LoadWarning) as caught:
        articles, report = corpus.load_articles(MIXED, report=True)
    assert len(caught) == 1  # one summary, not one warning per problem
    assert "4 file(s) or row(s) skipped" in str(caught[0].message)
    whole_files = report[report["row"].isna() & (report["action"] == "skipped")]
    assert {Path(p).name for p in whole_files["source_file"]} == BROKEN
    assert set(report["action"]) == {"skipped", "repaired", "flagged"}
    assert len(articles) == 10
    assert articles["article_id"].is_unique
    assert articles["text"].str.len().gt(0).all()
    assert not articles["source_file"].str.contains("broken|corrupt|empty_article").any()
    assert articles["source_file"].str.contains("nested").sum() == 2  # recursive
    assert dict(report.dtypes.astype(str)) == {"source_file": "string", "row": "Int64",
                                               "action": "string", "reason": "string"}


def test_glob_and_list_of_mixed_sources_give_the_same_rows():
    names = ["newsplease_article.json", "page.html", "mediacloud_export.csv"]
    from_list, _ = load_quiet([MIXED / n for n in names])
    from_glob, _ = load_quiet(str(MIXED / "*e.[jh]*"))  # newsplease_article.json, page.html
    assert set(from_glob["article_id"]) == {"newsplease_article", "page"}
    assert set(from_list["article_id"]) == {"newsplease_article", "page", "2101", "2102"}


def test_recursive_glob():
    with pytest.warns(corpus.LoadWarning, match="empty_article"):
        articles, report = load_quiet(str(MIXED / "**" / "*_article.txt"))
    assert set(articles["article_id"]) == {"latin1_article", "utf16_article"}


def test_ids_are_deterministic():
    with pytest.warns(corpus.LoadWarning):
        first = corpus.load_articles(MIXED)
    with pytest.warns(corpus.LoadWarning):
        second = corpus.load_articles(MIXED)
    assert first["article_id"].tolist() == second["article_id"].tolist()
    pd.testing.assert_frame_equal(first, second)


def test_missing_path_is_reported_and_nothing_at_all_raises(tmp_path):
    with pytest.warns(corpus.LoadWarning, match="not found"):
        articles, report = load_quiet([MIXED / "page.html", tmp_path / "nope.txt"])
    assert len(articles) == 1 and report.loc[0, "reason"] == "file or folder not found"
    with pytest.raises(FileNotFoundError, match="no file found"):
        corpus.load_articles(tmp_path)


def test_unsupported_file_in_folder_is_reported(tmp_path):
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "story.txt").write_text("One calm day.", encoding="utf-8")
    with pytest.warns(corpus.LoadWarning, match="unsupported extension '.md'"):
        articles, report = load_quiet(tmp_path)
    assert articles["article_id"].tolist() == ["story"]
    assert report["source_file"].str.endswith("notes.md").sum() == 1
    assert not report["source_file"].str.contains("hidden").any()


@pytest.mark.parametrize(("name", "message"), [
    ("broken.json", r"broken\.json: invalid JSON .*Fix: repair or re-export"),
    ("empty_article.txt", r"empty_article\.txt: empty article"),
    ("corrupt.parquet", r"corrupt\.parquet: not a readable Parquet file"),
    ("feed.jsonl", r"feed\.jsonl, row 2: invalid JSON on line 3.*Fix: repair the line"),
    ("nested/latin1_article.txt", r"latin1_article\.txt: not UTF-8.*Fix: re-save"),
])
def test_strict_mode_raises_naming_file_row_problem_and_fix(name, message):
    with pytest.raises(corpus.CorpusError, match=message):
        corpus.load_articles(MIXED / name, strict=True)


def test_strict_mode_accepts_clean_input(seed_path):
    articles = corpus.load_articles([seed_path, MIXED / "newsplease_article.json"],
                                    strict=True)
    assert len(articles) == 2


def test_input_list_is_not_mutated():
    sources = [MIXED / "page.html", str(MIXED / "newsplease_article.json")]
    before = list(sources)
    corpus.load_articles(sources)
    assert sources == before


def test_outlet_aliases_are_extendable(tmp_path):
    yaml_path = tmp_path / "mine.yaml"
    yaml_path.write_text("outlets:\n  Example Daily: [Example News]\n", encoding="utf-8")
    articles = corpus.load_articles(MIXED / "page.html", outlet_aliases=yaml_path)
    assert articles.loc[0, "outlet"] == "Example Daily"
    assert corpus.normalize_outlet("TRT-World") == "TRT World"
    with pytest.raises(ValueError, match="must be a list"):
        corpus.load_outlet_aliases({"X": "x.com"})


def test_plain_txt_without_header(tmp_path):
    path = tmp_path / "eurasianet_2022-01-10_talks.txt"
    path.write_text("Talks resume\r\n\r\nOfficials met on Monday.\r\nThey agreed on a plan.\r\n"
                    "\r\n\r\n\r\nA second round is planned.\r\n", encoding="utf-8")
    articles, report = load_quiet(path)
    row = articles.iloc[0]
    assert row["title"] == "Talks resume"
    assert row["text"] == ("Officials met on Monday.\nThey agreed on a plan.\n\n"
                           "A second round is planned.")
    assert row["published"] == pd.Timestamp("2022-01-10", tz="UTC")  # date in the file name
    assert row["outlet"] == "Eurasianet"  # file-name prefix in outlets.yaml
    assert report.empty


def test_progress_bar_on_request(capsys):
    corpus.load_articles(MIXED / "page.html", progress=True)
    assert "loading articles" in capsys.readouterr().err
    corpus.load_articles(MIXED / "page.html")
    assert capsys.readouterr().err == ""


# --- streaming -----------------------------------------------------------------------------


def write_big_jsonl(path: Path, n: int, words: int = 300) -> None:
    body = " ".join(["word"] * words)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"a{i}", "text": f"Story {i}. {body}",
                                 "published": "2022-01-06"}) + "\n")


def test_iter_articles_yields_bounded_batches(tmp_path):
    path = tmp_path / "big.jsonl"
    write_big_jsonl(path, 2500, words=5)
    sizes = [len(b) for b in corpus.iter_articles(path, batch_size=1000, clean=False)]
    assert sizes == [1000, 1000, 500]


def _peak_bytes_streaming(path: Path) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        n = sum(len(batch) for batch in corpus.iter_articles(path, batch_size=100, clean=False))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with open(path, encoding="utf-8") as fh:
        assert n == sum(1 for _ in fh)
    return peak


def test_streaming_memory_does_not_grow_with_file_size(tmp_path):
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    write_big_jsonl(small, 1000, words=150)
    write_big_jsonl(big, 4000, words=150)  # ~3 MB
    _peak_bytes_streaming(small)  # warm up: lazy imports are not the loader's memory
    peak_small, peak_big = _peak_bytes_streaming(small), _peak_bytes_streaming(big)
    # 3000 more articles of ~1 kB each: only the ids seen (for de-duplication) may grow
    assert (peak_big - peak_small) / 3000 < 200, (peak_small, peak_big)
    assert peak_big < big.stat().st_size / 3


def test_csv_streams_in_batches(tmp_path):
    path = tmp_path / "big.csv"
    lines = ["stories_id,publish_date,text"] + [f"{i},2022-01-06,Story number {i}."
                                                for i in range(250)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batches = list(corpus.iter_articles(path, batch_size=100, clean=False))
    assert [len(b) for b in batches] == [100, 100, 50]
    assert batches[2]["article_id"].iloc[-1] == "249"


def test_iter_articles_reports_per_batch_and_warns_at_the_end():
    pairs = []
    with pytest.warns(corpus.LoadWarning, match="line 3"):
        for batch, batch_report in corpus.iter_articles(MIXED / "feed.jsonl", batch_size=2,
                                                        report=True):
            pairs.append((batch, batch_report))
    assert [len(b) for b, _ in pairs] == [2, 1]
    # entries come with the batch being built when they were found
    assert pairs[0][1]["row"].tolist() == [1]  # feed-2 has no date
    assert pairs[1][1]["row"].tolist() == [2]  # line 3 is broken


# --- Parquet -------------------------------------------------------------------------------


def test_parquet_round_trip_keeps_dtypes_and_values(tmp_path):
    with pytest.warns(corpus.LoadWarning):
        articles = corpus.load_articles(MIXED)
    assert articles["published"].isna().any() and articles["url"].isna().any()
    articles.attrs["note"] = object()  # user attrs: not written, not stripped from input
    before = articles.copy()
    path = corpus.save_corpus(articles, tmp_path / "corpus.parquet", row_group_size=3)
    pd.testing.assert_frame_equal(articles, before)  # input untouched
    assert "note" in articles.attrs
    again = corpus.load_corpus(path)
    assert not again.attrs
    articles.attrs.clear()
    pd.testing.assert_frame_equal(again, articles)
    assert str(again["published"].dtype) == "datetime64[ns, UTC]"
    assert again["captions"].dtype == articles["captions"].dtype

    import pyarrow.parquet as pq

    assert pq.ParquetFile(path).num_row_groups == 4  # 10 rows, 3 per group


def test_parquet_is_loadable_by_load_articles(tmp_path):
    articles = corpus.load_articles(MIXED / "trtworld_2022-01-07_curfew.txt")
    corpus.save_corpus(articles, tmp_path / "c.parquet")
    again = corpus.load_articles(tmp_path / "c.parquet", clean=False)
    assert again.loc[0, "article_id"] == "trtworld_2022-01-07_curfew"
    assert again.loc[0, "captions"] == articles.loc[0, "captions"]
    assert again.loc[0, "text"] == articles.loc[0, "text"]
    assert again.loc[0, "source_file"] == articles.loc[0, "source_file"]  # the original file


def _crashing_writer(monkeypatch):
    import pyarrow.parquet as pq

    real = pq.write_table

    def crash(table, where, **kwargs):
        real(table.slice(0, 1), where, **kwargs)  # a partial file exists...
        raise OSError("disk full (simulated)")  # ...when the writer dies

    monkeypatch.setattr(pq, "write_table", crash)


def test_save_corpus_is_atomic_on_crash(tmp_path, monkeypatch, seed_articles):
    _crashing_writer(monkeypatch)
    with pytest.raises(OSError, match="simulated"):
        corpus.save_corpus(seed_articles, tmp_path / "corpus.parquet")
    assert list(tmp_path.iterdir()) == []  # neither the target nor a temp file


def test_save_corpus_crash_keeps_the_old_file(tmp_path, monkeypatch, seed_articles):
    path = corpus.save_corpus(seed_articles, tmp_path / "corpus.parquet")
    old = path.read_bytes()
    _crashing_writer(monkeypatch)
    with pytest.raises(OSError):
        corpus.save_corpus(seed_articles, path)
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.parquet"]


def test_convert_to_parquet_batch_by_batch(tmp_path):
    src = tmp_path / "big.jsonl"
    write_big_jsonl(src, 250, words=5)
    dest = tmp_path / "out" / "corpus.parquet"
    report = corpus.convert_to_parquet(src, dest, batch_size=100, clean=False)
    assert report.empty

    import pyarrow.parquet as pq

    assert pq.ParquetFile(dest).num_row_groups == 3
    back = corpus.load_corpus(dest)
    assert back["article_id"].tolist() == [f"a{i}" for i in range(250)]
    assert str(back["published"].dtype) == "datetime64[ns, UTC]"


def test_convert_to_parquet_crash_leaves_no_file(tmp_path, monkeypatch):
    src = tmp_path / "big.jsonl"
    write_big_jsonl(src, 250, words=5)
    calls = []
    real = corpus._finish_batch

    def dying(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("killed mid-way (simulated)")
        return real(*args, **kwargs)

    monkeypatch.setattr(corpus, "_finish_batch", dying)
    with pytest.raises(RuntimeError, match="simulated"):
        corpus.convert_to_parquet(src, tmp_path / "c.parquet", batch_size=100, clean=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]


def test_convert_to_parquet_holds_one_batch_at_a_time(tmp_path, monkeypatch):
    # while batch k+1 is parsed and cleaned, neither batch k (its DataFrame, its Arrow
    # table) nor batch k+1's raw records are still referenced: memory is one batch
    import gc
    import weakref

    src = tmp_path / "big.jsonl"
    write_big_jsonl(src, 250, words=5)
    frames: list[weakref.ref] = []
    alive: list[int] = []
    real = corpus._finish_batch

    def watching(records, *args, **kwargs):
        gc.collect()
        alive.append(sum(ref() is not None for ref in frames))
        out = real(records, *args, **kwargs)
        assert records == []  # the raw records were released once the table was built
        frames.append(weakref.ref(out))
        return out

    monkeypatch.setattr(corpus, "_finish_batch", watching)
    corpus.convert_to_parquet(src, tmp_path / "c.parquet", batch_size=100, clean=False)
    assert alive == [0, 0, 0]
    frames.clear()
    alive.clear()
    for batch in corpus.iter_articles(src, batch_size=100, clean=False):
        assert len(batch)
        del batch
    assert alive == [0, 0, 0]


def test_load_corpus_errors_name_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="save_corpus"):
        corpus.load_corpus(tmp_path / "none.parquet")
    pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "other.parquet")
    with pytest.raises(KeyError, match="not a newslib corpus"):
        corpus.load_corpus(tmp_path / "other.parquet")


# --- URLs ----------------------------------------------------------------------------------

PAGE = (MIXED / "page.html").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[float, str]] = []

    def do_GET(self):  # noqa: N802 (http.server API)
        type(self).hits.append((time.monotonic(), self.path))
        if self.path == "/slow":
            time.sleep(1.0)
        if self.path == "/cp1252":
            body = PAGE.decode("utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
            body = body.replace("the morning", "the caf\u00e9 at dawn").encode("cp1252")
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/article"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def server():
    _Handler.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_fetch_urls_extracts_caches_and_reports_failures(server, tmp_path):
    good = f"{server}/article/1"
    urls = [good, f"{server}/gone", f"http://127.0.0.1:{_closed_port()}/x", "ftp://e.org/a"]
    with pytest.warns(corpus.LoadWarning, match="3 file"):
        articles, report = corpus.fetch_urls(urls, cache_dir=tmp_path, delay=0.0, timeout=5,
                                             report=True)
    assert len(articles) == 1
    row = articles.iloc[0]
    assert row["title"] == "Protesters storm city hall"
    assert row["url"] == good and row["article_id"].startswith("url-")
    assert row["published"] == pd.Timestamp("2022-01-05 16:45", tz="UTC")
    reasons = dict(zip(report["source_file"], report["reason"], strict=True))
    assert reasons[urls[1]] == "HTTP 404 Not Found"
    assert reasons[urls[2]] == "request failed: connection refused"
    assert reasons[urls[3]] == "not an http(s) URL"
    assert len(list(tmp_path.glob("*.html"))) == 1  # failures are not cached
    # a rerun fetches nothing twice: served from the cache, same table
    hits = len(_Handler.hits)
    again = corpus.fetch_urls([good], cache_dir=tmp_path, delay=0.0)
    assert len(_Handler.hits) == hits
    pd.testing.assert_frame_equal(again, articles)


def test_fetch_urls_rate_limits_per_host(server, tmp_path):
    urls = [f"{server}/article/{i}" for i in range(3)]
    corpus.fetch_urls(urls, cache_dir=tmp_path, delay=0.3)
    times = [t for t, _ in _Handler.hits]
    assert len(times) == 3
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.25


def test_fetch_urls_strict_names_the_url(server, tmp_path):
    with pytest.raises(corpus.CorpusError, match=r"/gone, row 0: HTTP 404"):
        corpus.fetch_urls([f"{server}/gone"], cache_dir=tmp_path, delay=0.0, strict=True)


# --- damaged streams -----------------------------------------------------------------------


def test_gzipped_jsonl_is_read_through(tmp_path):
    import gzip

    path = tmp_path / "export.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write((FIX / "duplicate_ids.jsonl").read_text(encoding="utf-8"))
    articles, _ = load_quiet(path)
    assert articles["article_id"].tolist() == ["wire-77", "wire-77~2"]
    assert articles["source_file"].str.endswith("export.jsonl.gz#0").iloc[0]


def test_truncated_gzip_keeps_rows_read_and_reports(tmp_path):
    import gzip

    path = tmp_path / "cut.jsonl.gz"
    write_big_jsonl(tmp_path / "full.jsonl", 400, words=50)
    data = gzip.compress((tmp_path / "full.jsonl").read_bytes())
    path.write_bytes(data[: len(data) // 2])
    with pytest.warns(corpus.LoadWarning, match="reading stopped after"):
        articles, report = load_quiet(path)
    assert 0 < len(articles) < 400
    assert report.loc[report["action"] == "skipped", "reason"].str.contains("EOFError").all()


def test_stray_latin1_byte_in_utf8_jsonl_is_repaired_per_row(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "u1", "text": "Fine UTF-8 caf\u00e9.", "date": "2022-01-06"},
                      ensure_ascii=False).encode("utf-8")
    bad = b'{"id": "u2", "text": "A latin-1 caf\xe9.", "date": "2022-01-06"}'
    path.write_bytes(good + b"\n" * 2 + b"\n".join([good.replace(b"u1", b"u%d" % i)
                                                   for i in range(3, 3000)]) + b"\n" + bad)
    articles, report = load_quiet(path, clean=False)
    assert articles.set_index("article_id").loc["u2", "text"] == "A latin-1 café."
    assert articles.set_index("article_id").loc["u1", "text"] == "Fine UTF-8 café."
    assert report[["row", "action"]].astype(object).values.tolist() == [[2999, "repaired"]]
    assert "1 byte(s) not valid utf-8: decoded as cp1252" in report.loc[0, "reason"]


def test_csv_cut_inside_a_quoted_text_is_not_half_loaded(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text('stories_id,publish_date,text\n1,2022-01-06,"Whole text."\n'
                    '2,2022-01-06,"Text cut in the mid', encoding="utf-8")
    with pytest.warns(corpus.LoadWarning, match="malformed CSV row"):
        articles, report = load_quiet(path)
    assert articles["article_id"].tolist() == ["1"]
    assert report.loc[0, "row"] == 1


def test_csv_row_with_missing_fields_is_skipped(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("stories_id,publish_date,text\n1,2022-01-06,Fine.\n2,2022-01-06\n",
                    encoding="utf-8")
    with pytest.warns(corpus.LoadWarning, match="row has 2 fields, header has 3"):
        articles, _ = load_quiet(path)
    assert articles["article_id"].tolist() == ["1"]


def test_near_duplicates_are_flagged_across_batches(tmp_path):
    story = ("Troops arrived at the airport on Friday morning after a night of clashes in "
             "the city centre, officials said, and the curfew was extended until Monday as "
             "shops stayed closed and long queues formed outside the few open bakeries.")
    path = tmp_path / "wire.jsonl"
    rows = [{"id": "first", "text": story, "date": "2022-01-07"},
            {"id": "other", "text": "An unrelated report on grain exports.", "date": "2022-01-07"},
            {"id": "copy", "text": story, "date": "2022-01-07"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    articles, _ = load_quiet(path, batch_size=1)
    flags = dict(zip(articles["article_id"], articles["duplicate_of"], strict=True))
    assert flags["copy"] == "first" and pd.isna(flags["first"]) and pd.isna(flags["other"])


def test_progress_bar_counts_bytes(tmp_path, capsys):
    path = tmp_path / "big.jsonl"
    write_big_jsonl(path, 200, words=5)
    corpus.load_articles(path, progress=True, clean=False)
    err = capsys.readouterr().err
    assert "loading articles" in err and "100%" in err


def test_fetch_urls_timeout_duplicates_and_declared_charset(server, tmp_path):
    urls = [f"{server}/slow", f"{server}/cp1252", f"{server}/cp1252"]
    with pytest.warns(corpus.LoadWarning, match="2 file"):
        articles, report = corpus.fetch_urls(urls, cache_dir=tmp_path, delay=0.0,
                                             timeout=0.2, report=True)
    assert "the café at dawn" in articles.loc[0, "text"]
    assert report["reason"].tolist() == ["request failed: timed out",
                                         "duplicate URL (same as row 1)"]
    assert report["row"].tolist() == [0, 2]


def test_saved_corpus_has_ordinary_permissions(tmp_path, seed_articles):
    import os
    import stat

    path = corpus.save_corpus(seed_articles, tmp_path / "c.parquet")
    probe = tmp_path / "probe"
    probe.touch()  # what the umask gives a normal new file
    assert stat.S_IMODE(os.stat(path).st_mode) == stat.S_IMODE(os.stat(probe).st_mode)


def test_empty_path_and_url_are_reported_with_the_right_fix(seed_path):
    with pytest.warns(corpus.LoadWarning, match="a URL, not a file"):
        articles, report = load_quiet(["", "https://example.org/story", seed_path])
    assert len(articles) == 1
    assert report["reason"].tolist() == ["empty path", "a URL, not a file"]
    with pytest.raises(corpus.CorpusError, match="fetch_urls"):
        corpus.load_articles("https://example.org/story", strict=True)


@pytest.mark.parametrize(("raw", "expected"), [
    ("2022-01-06", "2022-01-06 00:00"),
    ("2022-01-06T10:00:00+03:00", "2022-01-06 07:00"),
    ("Thu, 06 Jan 2022 10:00:00 +0000", "2022-01-06 10:00"),
    ("2022-01-06 10:00:00+00", "2022-01-06 10:00"),
    ("1641463200", "2022-01-06 10:00"),  # Unix seconds, as a CSV holds them
    (1641463200000, "2022-01-06 10:00"),  # Unix milliseconds
])
def test_dates_become_utc(tmp_path, raw, expected):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Body.", "date": raw}) + "\n",
                    encoding="utf-8")
    articles, report = load_quiet(path, clean=False)
    assert articles.loc[0, "published"] == pd.Timestamp(expected, tz="UTC")
    assert report.empty


def test_unparseable_date_is_flagged_not_dropped(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Body.", "date": "last Tuesday"}) + "\n",
                    encoding="utf-8")
    articles, report = load_quiet(path)
    assert len(articles) == 1 and pd.isna(articles.loc[0, "published"])
    assert report.loc[0, "action"] == "flagged"
    assert "unparseable date 'last Tuesday'" in report.loc[0, "reason"]
