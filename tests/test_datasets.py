"""Tests of newslib.datasets._fetch (download + checksum, against a loopback server) and of
the quality aggregator (newslib.quality: row assembly, error capture, report files).

The per-dataset readers have their own test files, owned by their authors."""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import json
import math
import tarfile
import threading
import types
import zipfile
from pathlib import Path

import pandas as pd
import pooch
import pytest

from newslib import datasets
from newslib.datasets import _fetch
from newslib.datasets._fetch import REGISTRY, ChecksumError, RemoteFile, RemoteSource

# ---------------------------------------------------------------------------------------
# fetch_dataset against a server on 127.0.0.1


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture()
def server(tmp_path):
    """Serve ``tmp_path/www`` on a free loopback port; yields (root folder, base URL)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _zip_bytes(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _tar_bytes(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_fetch_zip_verified_and_unpacked(server, tmp_path):
    root, base = server
    data = _zip_bytes({"corpus/a.txt": "Alpha.", "corpus/b.txt": "Beta."})
    (root / "corpus.zip").write_bytes(data)
    cache = tmp_path / "cache"
    level = pooch.get_logger().level
    got = datasets.fetch_dataset("toy", cache_dir=cache, url=base + "corpus.zip",
                                 known_hash=_sha(data))
    assert pooch.get_logger().level == level  # quiet during the download only
    assert got == cache / "toy"
    assert (got / "corpus" / "a.txt").read_text() == "Alpha."
    assert (got / "corpus" / "b.txt").read_text() == "Beta."


def test_fetch_tar_and_plain_file(server, tmp_path):
    root, base = server
    tar = _tar_bytes({"x/gold.json": '{"ok": true}'})
    (root / "bundle.tar.gz").write_bytes(tar)
    plain = b"id\tmean\ttext\n1\t0.5\tfine\n"
    (root / "ratings.tsv").write_bytes(plain)
    cache = tmp_path / "cache"
    got = datasets.fetch_dataset("t", cache_dir=cache, url=base + "bundle.tar.gz",
                                 known_hash=_sha(tar))
    assert json.loads((got / "x" / "gold.json").read_text()) == {"ok": True}
    got = datasets.fetch_dataset("p", cache_dir=cache, url=base + "ratings.tsv",
                                 known_hash=_sha(plain).upper().replace("SHA256", "sha256"))
    assert (got / "ratings.tsv").read_bytes() == plain


def test_fetch_checksum_mismatch_raises_and_leaves_nothing(server, tmp_path):
    root, base = server
    (root / "data.txt").write_bytes(b"the real bytes")
    wrong = _sha(b"other bytes")
    cache = tmp_path / "cache"
    with pytest.raises(ChecksumError, match="does not match") as info:
        datasets.fetch_dataset("bad", cache_dir=cache, url=base + "data.txt", known_hash=wrong)
    assert wrong in str(info.value)  # the message names the expected hash and the fix
    assert "known_hash" in str(info.value)
    assert not (cache / "bad" / "data.txt").exists()
    assert isinstance(info.value, ValueError)


def test_fetch_requires_a_hash_unless_told(server, tmp_path):
    root, base = server
    (root / "f.txt").write_bytes(b"x")
    with pytest.raises(ValueError, match="no verified SHA-256"):
        datasets.fetch_dataset("nohash", cache_dir=tmp_path, url=base + "f.txt")
    got = datasets.fetch_dataset("nohash", cache_dir=tmp_path, url=base + "f.txt",
                                 allow_unverified=True)
    assert (got / "f.txt").read_bytes() == b"x"


@pytest.mark.parametrize("bad", ["md5:0123", "sha256:xyz", "1234"])
def test_fetch_rejects_malformed_hash(bad, tmp_path):
    with pytest.raises(ValueError, match="sha256"):
        datasets.fetch_dataset("x", cache_dir=tmp_path, url="http://127.0.0.1:9/f.txt",
                               known_hash=bad)


def test_fetch_registry_entry_and_offline_cache(server, tmp_path, monkeypatch):
    root, base = server
    one, two = b"first file\n", b"second file\n"
    (root / "one.txt").write_bytes(one)
    (root / "two.txt").write_bytes(two)
    entry = RemoteSource(homepage="local", licence="test",
                         files=(RemoteFile(base + "one.txt", _sha(one)[7:]),
                                RemoteFile(base + "two.txt", _sha(two)[7:])))
    monkeypatch.setitem(REGISTRY, "toyset", entry)
    monkeypatch.setattr(_fetch.config, "CACHE_DIR", tmp_path / "default-cache")
    got = datasets.fetch_dataset("toyset")
    assert got == tmp_path / "default-cache" / "toyset"
    assert (got / "one.txt").read_bytes() == one and (got / "two.txt").read_bytes() == two
    # the files are cached: a second call needs no server
    (root / "one.txt").unlink()
    (root / "two.txt").unlink()
    assert datasets.fetch_dataset("toyset") == got


def test_fetch_unknown_and_registry_without_download():
    with pytest.raises(ValueError, match="unknown dataset 'nope'"):
        datasets.fetch_dataset("nope")
    with pytest.raises(ValueError, match="no direct download"):
        datasets.fetch_dataset("basil")


def test_registry_hashes_are_well_formed():
    table = datasets.list_sources()
    assert set(table["dataset"]) == set(REGISTRY)
    for name, src in REGISTRY.items():
        assert src.licence, name
        for f in src.files:
            assert f.url.startswith("https://"), name
            if f.sha256 is not None:
                assert len(f.sha256) == 64 and int(f.sha256, 16) >= 0, name


def test_registry_hashes_match_the_shared_copies(benchmarks):
    """Every recorded hash was computed from ../shared: keep them in step."""
    checked = 0
    for name, src in REGISTRY.items():
        for f in src.files:
            local = benchmarks / name / f.name
            if f.sha256 is None or not local.exists():
                continue
            assert hashlib.sha256(local.read_bytes()).hexdigest() == f.sha256, local
            checked += 1
    assert checked >= 2


# ---------------------------------------------------------------------------------------
# the quality aggregator

from newslib import quality  # noqa: E402
from newslib.quality import __main__ as quality_main  # noqa: E402


@pytest.fixture()
def fake_components(monkeypatch):
    """Three fake component modules: one good, one raising, one returning junk."""
    good = types.ModuleType("newslib.quality.fakegood")
    good.run = lambda bench: [
        quality.row("fakegood", "toy", "F1", 0.75, peer="other", peer_value=0.5,
                    published="0.80 (paper)"),
        quality.row("fakegood", "toy", "cases passed of 3", 2, note="two of three"),
    ]
    bad = types.ModuleType("newslib.quality.fakebad")

    def _boom(bench):
        raise RuntimeError(f"cannot read {bench / 'missing.json'}")

    bad.run = _boom
    junk = types.ModuleType("newslib.quality.fakejunk")
    junk.run = lambda bench: [{"metric": "F1"}]
    for mod in (good, bad, junk):
        monkeypatch.setitem(__import__("sys").modules, mod.__name__, mod)
    return ("fakegood", "fakebad", "fakejunk", "fakemissing")


def test_run_all_assembles_rows_and_captures_errors(fake_components, tmp_path):
    said: list[str] = []
    table = quality.run_all(tmp_path, fake_components, progress=said.append)
    assert list(table.columns) == list(quality.TABLE_COLUMNS)
    assert table["component"].tolist() == ["fakegood", "fakegood", "fakebad", "fakejunk",
                                           "fakemissing"]
    good = table[table["component"] == "fakegood"]
    assert good["newslib"].tolist() == [0.75, 2]
    assert good["peer_value"].iloc[0] == 0.5 and good["published"].iloc[0] == "0.80 (paper)"
    assert good["note"].tolist() == ["", "two of three"]
    bad = table[table["component"] == "fakebad"].iloc[0]
    assert bad["metric"] == "error"
    assert bad["note"].startswith("RuntimeError: cannot read") and "missing.json" in bad["note"]
    assert bad["note"].endswith("in _boom)")  # where it broke
    junk = table[table["component"] == "fakejunk"].iloc[0]
    assert junk["metric"] == "error" and "lacks" in junk["note"]
    missing = table[table["component"] == "fakemissing"].iloc[0]
    assert missing["metric"] == "not measured"
    assert quality.errors(table)["component"].tolist() == ["fakebad", "fakejunk"]
    assert table["seconds"].notna().all()
    assert any("fakebad" in s and "ERROR" in s for s in said)
    assert any(s.startswith("Traceback") and "RuntimeError" in s for s in said)


def test_write_report_markdown_and_json(fake_components, tmp_path):
    table = quality.run_all(tmp_path, fake_components)
    md, js = quality.write_report(table, tmp_path / "out", provenance="Measured now.")
    text = md.read_text()
    lines = text.splitlines()
    assert lines[0] == "| " + " | ".join(quality.TABLE_COLUMNS) + " |"
    assert len(lines) == 2 + len(table) + 2 and lines[-1] == "Measured now."
    lines = lines[:-2]
    assert "| fakegood | toy | F1 | 0.750 | other | 0.500 | 0.80 (paper) |" in text
    assert "| fakegood | toy | cases passed of 3 | 2 |" in text  # counts print as integers
    assert all(line.endswith(("| 0.0 |", "| seconds |", "|---|")) for line in lines)
    records = json.loads(js.read_text())  # strict JSON: NaN would fail here
    assert len(records) == len(table)
    assert records[2]["newslib"] is None and records[2]["metric"] == "error"
    assert records[0]["newslib"] == 0.75
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_markdown_escapes_pipes_and_newlines():
    table = pd.DataFrame([quality.row("c", "d", "m", math.nan, note="a|b\nc")])
    assert "a\\|b c" in quality.to_markdown(table)


def test_command_runs_reports_and_strict_exit(fake_components, tmp_path, monkeypatch,
                                               capsys):
    monkeypatch.setattr(quality_main, "COMPONENTS", fake_components)
    monkeypatch.setattr(quality_main.config, "benchmarks_dir", lambda: tmp_path)
    assert quality_main.main(["--out", str(tmp_path / "r")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("| component | dataset |") and "written:" in out
    assert "[quality] fakegood: running" in err and "2 component(s) failed" in err
    assert (tmp_path / "r" / "quality.json").exists()
    assert "newslib commit" in (tmp_path / "r" / "quality.md").read_text()
    # --only re-measures one component and keeps the other components' rows
    assert quality_main.main(["--out", str(tmp_path / "r"), "--strict",
                              "--only", "fakegood"]) == 0
    kept = quality.read_report(tmp_path / "r" / "quality.json")
    assert kept["component"].tolist() == ["fakegood", "fakegood", "fakebad", "fakejunk",
                                          "fakemissing"]
    assert "(this run: fakegood)" in (tmp_path / "r" / "quality.md").read_text()
    assert quality_main.main(["--out", str(tmp_path / "r"), "--strict"]) == 1


def test_merge_tables_keeps_order_and_other_components():
    old = pd.DataFrame([quality.row("b", "d", "m", 1.0), quality.row("a", "d", "m", 2.0),
                        quality.row("zz", "d", "m", 3.0)])
    new = pd.DataFrame([quality.row("b", "d", "m", 9.0), quality.row("b", "d", "m2", 8.0)])
    merged = quality.merge_tables(old, new, ("a", "b"))
    assert merged[["component", "newslib"]].values.tolist() == [
        ["a", 2.0], ["b", 9.0], ["b", 8.0], ["zz", 3.0]]
    empty = quality.read_report(Path("/nonexistent/quality.json"))
    assert list(empty.columns) == list(quality.TABLE_COLUMNS) and empty.empty


def test_command_without_benchmarks(monkeypatch, capsys):
    monkeypatch.setattr(quality_main.config, "benchmarks_dir", lambda: None)
    assert quality_main.main([]) == 2
    assert "NEWSLIB_SHARED" in capsys.readouterr().err
