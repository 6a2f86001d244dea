"""miner build: the store filled from report files and scraped pages, incrementally."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import miner.build
from miner.build import build
from miner.cli import app
from miner.core import extract_path
from miner.store import connect

from .conftest import SEEDS

PAGE = """<html><head><meta charset="utf-8"><title>甘肃省社会组织党建工作综述</title></head>
<body><div class="nav">首页 &gt; 党建动态</div>
<h1>甘肃省社会组织党建工作综述</h1>
<p>发布日期:2018-01-05</p>
<p>截至目前,全省社会组织党组织覆盖率达到75%,较年初提高了4个百分点。</p>
<p>全省选派社会组织党建工作指导员1.3万名。</p>
</body></html>"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    return folder


def _query(store: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(store)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_build_fills_the_tables(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "miner.db"
    calls: list[tuple[int, int]] = []
    summary = build([str(corpus)], store, progress=lambda done, total: calls.append((done, total)))
    assert (summary.added, summary.processed, summary.errors, summary.documents) == (5, 5, [], 5)
    assert calls[0] == (0, 5) and calls[-1] == (5, 5) and len(calls) == 6

    seed = sorted(corpus.glob("*.txt"))[1]
    expected = extract_path(seed).to_dict()
    ((doc_id, record, year, region_code, error),) = _query(
        store,
        "SELECT id, record, year, region_code, error FROM documents WHERE path = ?",
        str(seed),
    )
    assert error is None and year == 2017 and region_code == "620000"
    assert json.loads(record) == expected  # the full record, as `miner extract` writes it
    rows = _query(
        store,
        'SELECT id, text, value, indicator, role, start, "end", case_id, province FROM figures'
        " WHERE doc_id = ? ORDER BY n",
        doc_id,
    )
    assert [r[1] for r in rows] == [f["text"] for f in expected["figures"]]
    assert rows[8] == (f"d{doc_id}-f8", "71%", 71, "coverage_rate", "status", 1050, 1053,
                       f"d{doc_id}-c0", "甘肃省")  # fmt: skip
    assert expected["body"][1050:1053] == "71%"
    (n_practices,) = _query(store, "SELECT count(*) FROM practices WHERE doc_id = ?", doc_id)[0]
    assert n_practices == len(expected["practices"])
    themes = [json.loads(t) for (t,) in _query(store, "SELECT themes FROM practices")]
    assert any(themes) and all(isinstance(t, list) for t in themes)
    # the roundup: six cases, their figures and practices linked to them
    assert _query(store, "SELECT count(*) FROM cases") == [(13,)]
    assert _query(
        store,
        "SELECT c.county, count(f.id) FROM cases c JOIN figures f ON f.case_id = c.id"
        " WHERE c.id = 'd4-c4' GROUP BY c.id",
    ) == [("德清县", 9)]


def test_rebuild_is_incremental(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "miner.db"
    build([str(corpus)], store)
    again = build([str(corpus)], store)
    assert (again.added, again.changed, again.processed) == (0, 0, 0)
    assert build([], store).processed == 0  # no paths: the documents already in the store

    target = sorted(corpus.glob("*.txt"))[2]  # 道里区
    (old_ids,) = _query(store, "SELECT group_concat(id) FROM figures WHERE doc_id = 3")
    target.write_text(
        target.read_text("utf-8").replace("区本级注册社会组织266户", "区本级注册社会组织300户"),
        "utf-8",
    )
    touched = build([str(corpus)], store)
    assert (touched.added, touched.changed, touched.processed) == (0, 1, 1)
    assert _query(store, "SELECT group_concat(id) FROM figures WHERE doc_id = 3") == [old_ids]
    assert _query(store, "SELECT value FROM figures WHERE id = 'd3-f5'") == [(300,)]
    assert _query(store, "SELECT count(*) FROM documents") == [(5,)]


def test_another_tool_or_codebook_version_rebuilds(corpus, tmp_path, monkeypatch) -> None:
    store = tmp_path / "miner.db"
    build([str(corpus)], store)
    monkeypatch.setattr(miner.build, "BUILT_WITH", "miner 9.9; codebook themes/9")
    assert build([], store).processed == 5
    assert build([], store).processed == 0
    ((stamp,),) = _query(store, "SELECT DISTINCT built_with FROM documents")
    assert stamp.startswith("miner 9.9; codebook themes/9; model ")


def test_a_corrupt_document_is_stored_with_its_error_and_the_build_goes_on(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "001a_broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (corpus / "001b_empty.txt").write_bytes(b"")
    store = tmp_path / "miner.db"
    seen: list[str] = []
    summary = build([str(corpus)], store, on_error=seen.append)
    assert summary.processed == 6 and summary.documents == 6 and summary.failing == 1
    assert seen == summary.errors and len(seen) == 2
    assert "001b_empty.txt: empty file" in seen[0]
    assert "001a_broken.txt" in seen[1] and "PNG" in seen[1]
    rows = _query(store, "SELECT path, error IS NULL, record IS NULL FROM documents ORDER BY id")
    broken = [r for r in rows if r[0].endswith("001a_broken.txt")]
    assert broken == [(str(corpus / "001a_broken.txt"), 0, 1)]
    assert sum(r[1] for r in rows) == 5  # every other document has its record
    assert _query(store, "SELECT count(DISTINCT doc_id) FROM figures") == [(5,)]
    # the broken document is not tried again until it changes; the empty file is no document
    assert build([str(corpus)], store).errors == [seen[0]]


def test_a_killed_build_resumes(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    store = tmp_path / "miner.db"
    write = miner.build._write
    written: list[int] = []

    def dies_after_two(conn, built, stamp):
        if len(written) == 2:
            raise KeyboardInterrupt
        write(conn, built, stamp)
        written.append(built.doc_id)

    monkeypatch.setattr(miner.build, "_write", dies_after_two)
    with pytest.raises(KeyboardInterrupt):
        build([str(corpus)], store)
    monkeypatch.setattr(miner.build, "_write", write)
    assert _query(store, "SELECT count(*) FROM documents WHERE built_with IS NOT NULL") == [(2,)]
    resumed = build([], store)
    assert resumed.processed == 3 and resumed.errors == []
    assert _query(store, "SELECT count(DISTINCT doc_id) FROM figures") == [(5,)]


def _add_page(store: Path, url: str, body: bytes) -> int:
    conn = connect(store)
    try:
        cur = conn.execute(
            "INSERT INTO pages (url, final_url, host, status, headers, content_type, body,"
            " encoding, fetched_at, sha256) VALUES (?, ?, 'example.org', 200, '{}', 'text/html',"
            " ?, 'utf-8', '2018-01-06T08:00:00Z', ?)",
            (url, url, body, hashlib.sha256(body).hexdigest()),
        )
        return cur.lastrowid
    finally:
        conn.close()


def test_scraped_pages_are_built_and_dropped_when_no_longer_usable(tmp_path: Path) -> None:
    store = tmp_path / "miner.db"
    page_id = _add_page(store, "http://example.org/gansu.html", PAGE.encode())
    summary = build([], store)
    assert (summary.added, summary.processed, summary.errors) == (1, 1, [])
    ((path, url, fetched_at, title, record),) = _query(
        store, "SELECT path, url, fetched_at, title, record FROM documents"
    )
    assert (path, url, fetched_at) == (
        None,
        "http://example.org/gansu.html",
        "2018-01-06T08:00:00Z",
    )
    assert title == "甘肃省社会组织党建工作综述"
    doc = json.loads(record)["doc"]
    assert doc["url"] == url and doc["fetched_at"] == fetched_at and doc["path"] is None
    assert ("75%", "coverage_rate") in _query(store, "SELECT text, indicator FROM figures")

    assert build([], store).processed == 0
    conn = connect(store)
    conn.execute("UPDATE pages SET error = 'gone' WHERE id = ?", (page_id,))
    conn.close()
    removed = build([], store)
    assert (removed.removed, removed.documents) == (1, 0)
    assert _query(store, "SELECT count(*) FROM figures") == [(0,)]


def test_cli_build(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "miner.db"
    (corpus / "zz_bad.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 10)
    result = CliRunner().invoke(app, ["build", str(corpus), "--store", str(store)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("miner: error:")]
    assert len(errors) == 1 and "zz_bad.txt" in errors[0]
    assert "6 documents (1 without a record)" in result.stderr
    again = CliRunner().invoke(app, ["build", "--store", str(store), "--jobs", "2"])
    assert again.exit_code == 0, again.stderr
    assert "0 extracted" in again.stderr


# ----------------------------------------------------------------- builds running at once
def _slow_build_one(log: Path):
    """``_build_one`` that takes a while and notes which process extracted which document."""
    build_one = miner.build._build_one

    def slow(document):
        time.sleep(0.2)
        with log.open("a") as fh:
            fh.write(f"{os.getpid()} {document[0]}\n")
        return build_one(document)

    return slow


def _build_in_child(corpus: str, store: Path, start, results) -> None:
    start.wait()
    summary = build([corpus], store)
    results.put((os.getpid(), summary.processed, summary.by_others, summary.documents))


def test_two_builds_at_once_extract_each_document_once(corpus, tmp_path, monkeypatch) -> None:
    store, log = tmp_path / "miner.db", tmp_path / "extracted.log"
    monkeypatch.setattr(miner.build, "_build_one", _slow_build_one(log))
    context = multiprocessing.get_context("fork")  # the children keep the slowed extraction
    start, results = context.Event(), context.Queue()
    children = [
        context.Process(target=_build_in_child, args=(str(corpus), store, start, results))
        for _ in range(2)
    ]
    for child in children:
        child.start()
    start.set()
    for child in children:
        child.join(120)
        assert child.exitcode == 0
    summaries = sorted(results.get(timeout=5) for _ in children)
    extracted = [line.split() for line in log.read_text().splitlines()]
    doc_ids = [doc_id for _, doc_id in extracted]
    assert sorted(doc_ids) == ["1", "2", "3", "4", "5"]  # every document, none twice
    assert {pid for pid, _ in extracted} == {str(pid) for pid, *_ in summaries}  # both worked
    assert sum(processed for _, processed, _, _ in summaries) == 5
    assert [documents for *_, documents in summaries] == [5, 5]
    # each build ends with the store complete: it waited for the other's last documents
    assert _query(store, "SELECT count(*) FROM documents WHERE built_with IS NULL") == [(0,)]
    assert _query(store, "SELECT count(DISTINCT doc_id) FROM figures") == [(5,)]
    assert _query(store, "SELECT count(*) FROM claims") == [(0,)]


def _registered(corpus: Path, store: Path) -> None:
    """The corpus in the store, every document still to build."""
    build([str(corpus)], store)
    conn = connect(store)
    conn.execute("UPDATE documents SET built_with = NULL")
    conn.close()


def _claim(store: Path, doc_id: int, pid: int, host: str | None = None, age: float = 0) -> None:
    conn = connect(store)
    conn.execute(
        "INSERT INTO claims VALUES (?, ?, ?, ?)",
        (doc_id, host or socket.gethostname(), pid, time.time() - age),
    )
    conn.close()


def test_claims_of_a_build_that_died_are_taken_over(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "miner.db"
    _registered(corpus, store)
    dead = subprocess.Popen(["true"])
    dead.wait()
    _claim(store, 2, dead.pid)
    notes: list[str] = []
    summary = build([], store, on_note=notes.append)
    assert (summary.processed, summary.by_others, notes) == (5, 0, [])
    assert _query(store, "SELECT count(*) FROM claims") == [(0,)]


def test_a_build_waits_for_the_documents_another_is_extracting(
    corpus: Path, tmp_path: Path
) -> None:
    store = tmp_path / "miner.db"
    _registered(corpus, store)
    other = os.getppid()  # a live process that is not this one: the other build
    _claim(store, 3, other)
    stamp = miner.build.built_with()

    def other_build_finishes() -> None:  # writes its document a second later, as _write does
        conn = connect(store)
        conn.execute("UPDATE documents SET built_with = ? WHERE id = 3", (stamp,))
        conn.execute("DELETE FROM claims WHERE doc_id = 3")
        conn.close()

    timer = threading.Timer(1.0, other_build_finishes)
    timer.start()
    notes: list[str] = []
    calls: list[tuple[int, int]] = []
    summary = build([], store, on_note=notes.append, progress=lambda *c: calls.append(c))
    timer.join()
    assert (summary.processed, summary.by_others, summary.errors) == (4, 1, [])
    assert notes == [
        f"1 document is being extracted by another build (pid {other} on "
        f"{socket.gethostname()}): waiting for it"
    ]
    assert summary.seconds >= 1.0 and calls[-1] == (5, 5)
    assert _query(store, "SELECT count(*) FROM documents WHERE built_with IS NULL") == [(0,)]


def test_a_build_takes_over_when_the_other_dies_while_it_waits(
    corpus: Path, tmp_path: Path
) -> None:
    store = tmp_path / "miner.db"
    _registered(corpus, store)
    other = subprocess.Popen(["sleep", "60"])
    _claim(store, 1, other.pid)

    def dies() -> None:
        other.kill()
        other.wait()  # reaped: a zombie's pid still answers signal 0

    timer = threading.Timer(1.0, dies)
    timer.start()
    summary = build([], store)
    timer.join()
    assert (summary.processed, summary.by_others) == (5, 0)
    assert _query(store, "SELECT count(*) FROM claims") == [(0,)]


@pytest.mark.parametrize(
    ("who", "age", "live"),
    [
        ("this process", 0, False),  # an interrupted build of this process
        ("a live process", 0, True),
        ("a live process", miner.build.CLAIM_TIMEOUT + 1, False),  # hung, or its pid reused
        ("another host", 0, True),  # its pid cannot be checked from here
        ("another host", miner.build.CLAIM_TIMEOUT + 1, False),
    ],
)
def test_live_claim(who: str, age: float, live: bool) -> None:
    host, pid = socket.gethostname(), os.getpid()
    if who == "a live process":
        pid = os.getppid()
    elif who == "another host":
        host = "elsewhere.invalid"
    assert miner.build._live_claim(host, pid, time.time() - age) is live


def test_cli_two_builds_at_once(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "miner.db"
    command = [sys.executable, "-m", "miner.cli", "build", str(corpus), "--store", str(store)]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert not any("Traceback" in out for out in outputs)
    assert all("5 documents (0 without a record)" in out for out in outputs)
    extracted = [int(re.search(r"(\d+) extracted", out).group(1)) for out in outputs]
    assert sum(extracted) == 5, outputs
