"""Reading inputs as a hostile tester would: odd file names, unreadable directories, FIFOs and
devices. Every case ends in records or one-line errors, never a traceback or a hang."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.cli import app
from miner.inputs import InputError, Source, display_name, iter_sources, read_file

from .conftest import SEEDS

ODD = b"bad\xff\xfename.txt"  # not UTF-8: a Latin-1 or GBK name copied from an old system
ODD_SHOWN = "bad\\xff\\xfename.txt"


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail, instead of hanging the suite, if reading blocks (a FIFO opened for reading waits
    for a writer)."""

    def expire(signum, frame):
        raise TimeoutError("reading blocked")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _seed(n: int) -> bytes:
    return sorted(SEEDS.glob("*.txt"))[n].read_bytes()


@pytest.fixture
def odd_tree(tmp_path: Path) -> Path:
    """Two reports, one of them under a name that is not UTF-8."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder))) / os.fsdecode(ODD)).write_bytes(_seed(1))
    (folder / "ok.txt").write_bytes(_seed(2))
    return folder


def _no_traceback(result) -> None:
    """The command ended by its own exit, not by an exception a user would see as a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def _names(items: list[Source | InputError]) -> list[str]:
    return [item.name if isinstance(item, Source) else f"error: {item}" for item in items]


# ------------------------------------------------------------------------------ file names


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"report.txt", "report.txt"),
        ("党建工作报告.txt".encode(), "党建工作报告.txt"),
        (ODD, ODD_SHOWN),
        ("党建".encode("gbk") + b".txt", "\\xb5\\xb3\\xbd\\xa8.txt"),  # a GBK name
        (b"dir\xff/x.html", "dir\\xff/x.html"),
    ],
)
def test_display_name_is_utf8_and_copies_back(raw: bytes, shown: str) -> None:
    assert display_name(os.fsdecode(raw)) == shown
    assert display_name(Path(os.fsdecode(raw))) == shown
    shown.encode("utf-8")  # no surrogates left
    # what a shell's $'…' (and Python's b'…') makes of the escapes: the name's own bytes
    assert codecs.escape_decode(shown.encode())[0] == raw


def test_odd_name_in_a_tree_is_read_under_its_escaped_name(odd_tree: Path) -> None:
    items = list(iter_sources([str(odd_tree)]))
    assert _names(items) == [f"{odd_tree}/{ODD_SHOWN}", f"{odd_tree}/ok.txt"]
    assert items[0].data == _seed(1)


def test_cli_odd_name_gives_valid_utf8_and_goes_on(odd_tree: Path, tmp_path: Path) -> None:
    # Subprocesses: the bytes that reach a pipe are what a user's next tool reads.
    miner = [sys.executable, "-m", "miner.cli"]
    for command in (["extract", "-f", "jsonl"], ["clean", "-f", "jsonl"]):
        done = subprocess.run(
            [*miner, *command, str(odd_tree)], capture_output=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in done.stderr
        paths = [json.loads(line)["doc"]["path"] for line in done.stdout.decode().splitlines()]
        assert paths == [f"{odd_tree}/{ODD_SHOWN}", f"{odd_tree}/ok.txt"], command

    store = tmp_path / "miner.db"
    result = CliRunner().invoke(app, ["build", str(odd_tree), "--store", str(store)])
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "2 documents (0 without a record)" in result.stderr
    conn = sqlite3.connect(store)
    paths = [p for (p,) in conn.execute("SELECT path FROM documents ORDER BY id")]
    conn.close()
    assert paths == [f"{odd_tree}/{ODD_SHOWN}", f"{odd_tree}/ok.txt"]


# ----------------------------------------------------------------------------- directories


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """a.txt, locked/c.txt, sub/b.html, sub/deeper/d.txt, and files that are no reports."""
    root = tmp_path / "tree"
    for rel in ("a.txt", "locked/c.txt", "sub/b.html", "sub/deeper/d.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(_seed(0))
    (root / "notes.md").write_text("not a report")
    return root


@pytest.fixture
def locked(tree: Path, monkeypatch) -> Path:
    """``tree/locked`` cannot be listed nor searched, as for a user without permission on it (the
    suite runs as root in CI, where chmod locks nothing): listing it, and opening or even
    stat-ing what is inside, fail with EACCES."""
    folder = tree / "locked"
    scandir, stat, open_ = os.scandir, os.stat, os.open

    def denied(path) -> PermissionError:
        return PermissionError(13, "Permission denied", str(path))

    def refusing_scandir(path):
        if Path(path) == folder:
            raise denied(path)
        return scandir(path)

    def refusing_stat(path, *args, **kwargs):
        if folder in Path(os.fsdecode(path)).parents:
            raise denied(path)
        return stat(path, *args, **kwargs)

    def refusing_open(path, *args, **kwargs):
        if folder in Path(os.fsdecode(path)).parents:
            raise denied(path)
        return open_(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    monkeypatch.setattr(os, "stat", refusing_stat)
    monkeypatch.setattr(os, "open", refusing_open)
    return folder


def test_walk_is_in_path_order(tree: Path) -> None:
    items = list(iter_sources([str(tree)]))
    expected = sorted(p for p in tree.rglob("*") if p.suffix in (".txt", ".html"))
    assert _names(items) == [str(p) for p in expected]


def test_unreadable_directory_in_a_tree_is_an_error(tree: Path, locked: Path) -> None:
    assert _names(list(iter_sources([str(tree)]))) == [
        f"{tree}/a.txt",
        f"error: {locked}: cannot read directory (Permission denied)",
        f"{tree}/sub/b.html",
        f"{tree}/sub/deeper/d.txt",
    ]


def test_unreadable_directory_named_directly(locked: Path) -> None:
    assert _names(list(iter_sources([str(locked), str(locked / "c.txt")]))) == [
        f"error: {locked}: cannot read directory (Permission denied)",  # not "no .txt… files"
        f"error: {locked}/c.txt: cannot read (Permission denied)",
    ]


def test_empty_directory(tmp_path: Path) -> None:
    assert _names(list(iter_sources([str(tmp_path)]))) == [
        f"error: {tmp_path}: no .txt/.html/.htm files in this directory"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a directory whatever its mode")
def test_unreadable_directory_for_real(tree: Path) -> None:
    folder = tree / "locked"
    folder.chmod(0)
    try:
        names = _names(list(iter_sources([str(tree), str(folder), str(folder / "c.txt")])))
    finally:
        folder.chmod(0o755)
    assert names == [
        f"{tree}/a.txt",
        f"error: {folder}: cannot read directory (Permission denied)",
        f"{tree}/sub/b.html",
        f"{tree}/sub/deeper/d.txt",
        f"error: {folder}: cannot read directory (Permission denied)",
        f"error: {folder}/c.txt: cannot read (Permission denied)",
    ]


def test_cli_unreadable_directory(tree: Path, locked: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", "-f", "jsonl", str(tree)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"miner: error: {locked}: cannot read directory (Permission denied)"
    ]
    assert len(result.stdout.splitlines()) == 3  # the other reports' records

    store = tmp_path / "miner.db"
    built = CliRunner().invoke(app, ["build", str(tree), "--store", str(store)])
    _no_traceback(built)
    assert built.exit_code == 1
    errors = [line for line in built.stderr.splitlines() if line.startswith("miner: error:")]
    assert errors == [f"miner: error: {locked}: cannot read directory (Permission denied)"]
    assert "3 documents (0 without a record)" in built.stderr


# ------------------------------------------------------------------------ FIFOs and devices


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda tmp: os.mkfifo(tmp / "pipe.txt") or tmp / "pipe.txt", "a FIFO"),
        (lambda tmp: Path("/dev/zero"), "a character device"),  # would never end
        (lambda tmp: Path("/dev/null"), "a character device"),
    ],
    ids=["fifo", "dev-zero", "dev-null"],
)
def test_fifo_or_device_is_refused_at_once(make, kind: str, tmp_path: Path, deadline) -> None:
    path = make(tmp_path)
    error = read_file(path)
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: not a regular file ({kind})"
    assert _names(list(iter_sources([str(path)]))) == [
        f"error: {path}: not a regular file ({kind})"
    ]


def test_fifo_in_a_tree_is_no_report(tmp_path: Path, deadline) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], tmp_path / "report.txt")
    assert _names(list(iter_sources([str(tmp_path)]))) == [f"{tmp_path}/report.txt"]


def test_cli_fifo(tmp_path: Path, deadline) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = CliRunner().invoke(app, ["extract", str(fifo)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"miner: error: {fifo}: not a regular file (a FIFO)"]


# ----------------------------------------------------------------------------- mixed files


def test_cli_mixed_utf8_and_gbk_file(tmp_path: Path) -> None:
    lines = _seed(1).decode("utf-8").splitlines(keepends=True)
    # Split before a line with Chinese: an ASCII line decodes alike in both and joins the run above.
    half = next(i for i in range(len(lines) // 2, len(lines)) if not lines[i].isascii())
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("".join(lines[:half]).encode() + "".join(lines[half:]).encode("gb18030"))
    result = CliRunner().invoke(app, ["extract", "-f", "jsonl", str(mixed)])
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["doc"]["encoding"] == "utf-8+gb18030"
    assert (
        f"mixed encodings: lines 1-{half} UTF-8, {half + 1}-{len(lines)} GB18030"
        in (record["warnings"])
    )
    assert not any("traditional" in w for w in record["warnings"])  # no mojibake read as such
    plain = json.loads(CliRunner().invoke(app, ["extract", "-f", "jsonl", str(SEEDS)]).stdout
                       .splitlines()[1])  # fmt: skip
    assert record["body"] == plain["body"] and record["figures"] == plain["figures"]
