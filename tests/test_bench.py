"""The speed benchmark runs end to end (smoke test; no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from newslib import bench


def test_repeat_articles_gives_new_unique_ids():
    source = pd.DataFrame({"outlet": ["a", "b"], "title": ["t1", "t2"], "text": ["x", "y"]})
    out = bench.repeat_articles(source, 5, start=3)
    assert out["article_id"].tolist() == [f"bench-{i:07d}" for i in range(3, 8)]
    assert out["text"].tolist() == ["y", "x", "y", "x", "y"]
    assert source.columns.tolist() == ["outlet", "title", "text"]  # input unchanged


def test_write_jsonl_reaches_the_size(tmp_path):
    source = pd.DataFrame({"outlet": ["a"], "title": ["t"], "text": ["word " * 200]})
    rows = bench.write_jsonl(source, tmp_path / "x.jsonl", 0.05)
    lines = (tmp_path / "x.jsonl").read_text().splitlines()
    assert len(lines) == rows and json.loads(lines[-1])["maintext"].startswith("word")
    assert (tmp_path / "x.jsonl").stat().st_size >= 0.05 * 1024 * 1024


def test_quick_bench_runs_and_writes_every_measure(benchmarks, tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "newslib.bench", "--quick", "--out", str(out),
                           "--workdir", str(tmp_path / "work")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(out.read_text())
    assert report["mode"] == "quick" and report["machine"]["cpu_count"] >= 1
    assert [r["measure"] for r in report["results"]] == list(bench.RESULTS)
    assert report["complete"] is True
    errors = [r for r in report["results"] if r["status"] == "error"]
    assert not errors, errors
    for r in report["results"]:
        assert r["status"] in {"pass", "fail", "incomplete", "not available"}
        if r["status"] in {"pass", "fail"}:
            assert r["value"] is not None and r["ratio"] is not None
            assert r["measure"] in proc.stdout
    dask = next(r for r in report["results"] if r["measure"] == "dask")
    if dask["status"] != "not available":
        assert dask["detail"]["identical_results"] is True


def test_explore_tables_equal_the_pipeline_on_the_repeated_corpus(tmp_path):
    # the explore measure repeats the analysed source articles instead of analysing every
    # copy: the tables must be those the pipeline gives on the repeated corpus
    from newslib import scale

    source = pd.DataFrame({
        "outlet": ["Daily", "Herald", "Wire"],
        "title": ["One", "Two", "Three"],
        "text": ["Protesters gathered in the square. Police said the crowd was calm.",
                 "Rioters set fire to two cars, officials said.",
                 "No actors here at all."]})
    ctx = {"source": source, "workdir": tmp_path}
    articles, mentions, origin = bench.explore_tables(ctx, 7)
    assert origin == "repeated source (built now)"
    want = scale.analyse_batch(bench.repeat_articles(source, 7), ("clean", "mentions"))
    assert len(want["mentions"]) > 7
    pd.testing.assert_frame_equal(mentions, want["mentions"].reset_index(drop=True))
    pd.testing.assert_frame_equal(articles.drop(columns="duplicate_of"),
                                  want["clean"].drop(columns="duplicate_of")
                                  .reset_index(drop=True))
    again = bench.explore_tables(ctx, 7)  # kept in the work folder for the next run
    assert again[2].startswith("repeated source (") and again[1].equals(mentions)
