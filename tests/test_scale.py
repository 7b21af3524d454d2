"""Scale: batch-by-batch pipeline over Parquet, resume after interruption, Dask path."""

from __future__ import annotations

import contextlib
import json
import re
import signal
import sys

import pandas as pd
import pytest

from newslib import scale

# Short texts written for these tests (no benchmark text is copied here).
TEXTS = [
    'Protesters gathered in the square on Monday. Police said the crowd was "peaceful".',
    "Dozens were killed in the clashes, officials said. Security forces blocked the roads.",
    "The government declared a state of emergency. Rioters set fire to two cars.",
    "Demonstrators demanded lower fuel prices. The ministry claimed order was restored.",
    'An official called for "restraint". Troops arrived in the city overnight.',
    "Shops stayed closed. Residents said they heard gunfire near the airport.",
    "Police detained several activists. A spokesman said the arrests were lawful.",
]

WORD_RE = re.compile(r"\w+")
CALLS: list[str] = []
FAIL_ON: set[str] = set()


def find_words(articles: pd.DataFrame) -> pd.DataFrame:
    """A per-article analysis shaped like newslib's: one row per capitalised word."""
    rows = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        CALLS.append(aid)
        if aid in FAIL_ON:
            raise RuntimeError(f"simulated crash in {aid}")
        for m in WORD_RE.finditer(text):
            if m.group()[0].isupper():
                rows.append((aid, m.start(), m.end(), m.group()))
    return pd.DataFrame(rows, columns=["article_id", "start", "end", "text"]).astype(
        {"article_id": "string", "start": "int64", "end": "int64", "text": "string"})


def count_words(articles: pd.DataFrame, *, test_words: pd.DataFrame) -> pd.DataFrame:
    """A step that needs another step's table."""
    n = test_words.groupby("article_id", sort=False).size()
    return pd.DataFrame({"article_id": articles["article_id"].to_numpy(),
                         "n": articles["article_id"].map(n).fillna(0).astype("int64")
                         .to_numpy()})


scale.register_step("test_words", find_words, replace=True)
scale.register_step("test_counts", count_words, needs=["test_words"], replace=True)

TEST_STEPS = ("test_words", "test_counts")


@pytest.fixture
def articles() -> pd.DataFrame:
    n = 17
    return pd.DataFrame({
        "article_id": pd.array([f"t{i:02d}" for i in range(n)], dtype="string"),
        "outlet": pd.array([["Daily", "Herald", "Wire"][i % 3] for i in range(n)],
                           dtype="string"),
        "text": pd.array([TEXTS[i % len(TEXTS)] for i in range(n)], dtype="string"),
    })


@pytest.fixture
def corpus(tmp_path, articles):
    # 3 files of <= 6 rows in row groups of 4: batches of 5 cross groups and files
    return scale.write_corpus(articles, tmp_path / "corpus", rows_per_file=6,
                              row_group_size=4)


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    FAIL_ON.clear()
    yield
    FAIL_ON.clear()


def _real_steps() -> list[str]:
    ok = scale.available_steps(scale.DEFAULT_STEPS)
    return [name for name, reason in ok.items() if reason is None]


def test_open_corpus_batches_follow_corpus_order(corpus, articles):
    batches = scale.open_corpus(corpus, batch_size=5)
    assert batches.n_rows == 17 and batches.n_batches == 4
    parts = list(batches)
    assert [len(b) for b in parts] == [5, 5, 5, 2]
    whole = pd.concat(parts)
    pd.testing.assert_frame_equal(whole.reset_index(drop=True), articles)
    assert list(whole.index) == list(range(17))
    pd.testing.assert_frame_equal(batches.read(2), parts[2])


def test_batch_run_equals_one_shot(tmp_path, corpus, articles):
    status = scale.run_pipeline(corpus, tmp_path / "out", steps=TEST_STEPS, batch_size=5,
                                progress=False)
    assert status["status"].tolist() == ["done"] * 4
    one_shot = scale.analyse_batch(articles, TEST_STEPS)
    for name in TEST_STEPS:
        got = scale.read_table(tmp_path / "out", name)
        pd.testing.assert_frame_equal(got, one_shot[name].reset_index(drop=True))
        assert sorted(p.name for p in (tmp_path / "out" / name).iterdir()) == [
            f"part-{k:06d}.parquet" for k in range(4)]
    words = scale.read_table(tmp_path / "out", "test_words")
    text = dict(zip(articles["article_id"], articles["text"], strict=True))
    assert all(text[a][s:e] == w for a, s, e, w in
               words[["article_id", "start", "end", "text"]].itertuples(index=False))


def _stored(df: pd.DataFrame, path) -> pd.DataFrame:
    """``df`` after a Parquet round trip (object columns of ints and None come back float)."""
    df.reset_index(drop=True).to_parquet(path)
    return pd.read_parquet(path)


def test_real_steps_batched_equal_one_shot(tmp_path, corpus, articles):
    steps = _real_steps()
    if not steps:
        pytest.skip("no newslib analysis module is importable yet")
    scale.run_pipeline(corpus, tmp_path / "out", steps=steps, batch_size=5, progress=False)
    one_shot = scale.analyse_batch(articles, steps)
    for name in steps:
        got = scale.read_table(tmp_path / "out", name)
        want = _stored(one_shot[name], tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(got, want, obj=name)


def test_resume_redoes_only_unfinished_batches(tmp_path, corpus, articles):
    out = tmp_path / "out"
    FAIL_ON.add("t12")  # article 12 is in batch 2 (rows 10-14)
    with pytest.raises(RuntimeError, match="simulated crash"):
        scale.run_pipeline(corpus, out, steps=TEST_STEPS, batch_size=5, progress=False)
    assert sorted(p.name for p in (out / "_batches").iterdir()) == [
        "batch-000000.json", "batch-000001.json"]
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".*"))
    assert sorted(p.name for p in (out / "test_words").iterdir()) == [
        "part-000000.parquet", "part-000001.parquet"]
    # a stray temporary file from a killed process is cleaned up on resume
    (out / "test_words" / ".part-000002.parquet.999.tmp").write_bytes(b"partial")

    FAIL_ON.clear()
    CALLS.clear()
    status = scale.run_pipeline(corpus, out, steps=TEST_STEPS, batch_size=5, progress=False)
    assert status["status"].tolist() == ["skipped", "skipped", "done", "done"]
    assert CALLS == [f"t{i:02d}" for i in range(10, 17)]  # batches 2 and 3 only
    assert not list(out.rglob(".*"))
    one_shot = scale.analyse_batch(articles, TEST_STEPS)
    for name in TEST_STEPS:
        pd.testing.assert_frame_equal(scale.read_table(out, name),
                                      one_shot[name].reset_index(drop=True))
    marker = json.loads((out / "_batches" / "batch-000002.json").read_text())
    assert marker["articles"] == 5 and marker["rows"]["test_counts"] == 5

    CALLS.clear()  # a third run does nothing
    status = scale.run_pipeline(corpus, out, steps=TEST_STEPS, batch_size=5, progress=False)
    assert set(status["status"]) == {"skipped"} and CALLS == []


def test_resume_with_other_batch_size_is_refused(tmp_path, corpus):
    scale.run_pipeline(corpus, tmp_path / "out", steps=["test_words"], batch_size=5,
                       progress=False)
    with pytest.raises(ValueError, match="batch_size=5.*pick a new out_dir"):
        scale.run_pipeline(corpus, tmp_path / "out", steps=["test_words"], batch_size=4,
                           progress=False)


def test_missing_module_fails_before_any_batch(tmp_path, corpus):
    scale.STEPS["test_missing"] = scale.Step("test_missing", "no_such_module", ("f",))
    try:
        with pytest.raises(ImportError, match="newslib.no_such_module.*leave the step out"):
            scale.run_pipeline(corpus, tmp_path / "out", steps=["test_words", "test_missing"],
                               batch_size=5, progress=False)
        assert CALLS == []
        assert scale.available_steps(["test_missing"])["test_missing"] is not None
    finally:
        del scale.STEPS["test_missing"]


def test_pipeline_leaves_corpus_and_input_unchanged(tmp_path, corpus, articles):
    before = articles.copy(deep=True)
    scale.analyse_batch(articles, TEST_STEPS)
    pd.testing.assert_frame_equal(articles, before)
    files = {p: p.read_bytes() for p in corpus.iterdir()}
    scale.run_pipeline(corpus, tmp_path / "out", steps=TEST_STEPS, batch_size=5,
                       progress=False)
    assert {p: p.read_bytes() for p in corpus.iterdir()} == files


@contextlib.contextmanager
def _deadline(seconds: int):
    """Raise TimeoutError in the test if the block runs over ``seconds`` (no hanging CI)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def _raise(signum, frame):
        raise TimeoutError(f"the Dask test ran over {seconds} s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _worker_settings() -> tuple[bool, str | None]:
    import os

    import dask

    return (dask.config.get("distributed.worker.profile.enabled"),
            os.environ.get("MALLOC_TRIM_THRESHOLD_"))


def test_dask_local_cluster_matches_pandas(tmp_path, corpus, articles):
    distributed = pytest.importorskip("distributed")
    import cloudpickle

    # test-module functions travel to the worker processes by value
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    real = _real_steps()[:2]  # sentences, mentions when they are installed
    steps = [*TEST_STEPS, *real]
    with _deadline(240), scale.local_cluster(n_workers=2) as cluster, \
            distributed.Client(cluster, timeout=60) as client:
        # no fixed dashboard port (8787 may be taken by another cluster), on loopback only
        assert cluster.scheduler.http_server is not None
        ports = {s.getsockname() for s in cluster.scheduler.http_server._sockets.values()}
        assert all(host == "127.0.0.1" and port != 8787 for host, port, *_ in ports), ports
        # Dask's per-worker costs are off: profiler and glibc memory trimming
        settings = client.run(_worker_settings)
        assert len(settings) == 2 and set(settings.values()) == {(False, None)}
        ddf = scale.to_dask(corpus, batch_size=5)
        assert ddf.npartitions == 4
        for name in steps:
            lazy = scale.map_articles(ddf, scale.StepFunction(name))
            got = client.compute(lazy).result(timeout=120)
            want = scale.analyse_batch(articles, [name])[name]
            pd.testing.assert_frame_equal(got.reset_index(drop=True),
                                          want.reset_index(drop=True), obj=name)
        # the batch pipeline on the cluster writes the same tables as in one process
        # (9 batches: more than the window of batches kept in flight)
        status = scale.run_pipeline(corpus, tmp_path / "dask", steps=steps, batch_size=2,
                                    progress=False, client=client)
        assert status["status"].tolist() == ["done"] * 9
    scale.run_pipeline(corpus, tmp_path / "local", steps=steps, batch_size=2, progress=False)
    for name in steps:
        pd.testing.assert_frame_equal(scale.read_table(tmp_path / "dask", name),
                                      scale.read_table(tmp_path / "local", name), obj=name)
