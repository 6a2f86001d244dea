"""Keyword in context, from Python (miner.kwic) and the command line (miner kwic)."""

import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

import miner
from miner.build import build
from miner.concordance import KWIC_COLUMNS
from tests.conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kwic") / "miner.db"
    assert build([str(SEEDS)], path).errors == []
    return path


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "miner.cli", "kwic", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_dataframe_by_province(store: Path) -> None:
    lines = miner.kwic("志愿服务", store, window=6, by="province")
    assert list(lines.columns) == KWIC_COLUMNS and len(lines) == 5
    assert (lines["term"] == "志愿服务").all()
    assert lines["left"].str.len().max() <= 6 and lines["right"].str.len().max() <= 6
    assert list(lines["province"]) == sorted(lines["province"])  # grouped by province
    # The roundup's paragraph about 厦门 is placed in 厦门, not only in its province.
    assert "厦门市" in set(lines["city"].dropna())
    # The submodule miner.kwic shares the function's name; calling it must not shadow it.
    assert callable(miner.kwic) and len(miner.kwic("志愿服务", store)) == 5


def test_cli_lines_are_aligned_with_document_and_region(store: Path) -> None:
    result = run("志愿服务", "--store", str(store), "--window", "8", "--by", "province")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    # Left context right-aligned: the term starts in the same terminal column on every line.
    columns = {cell_len(line[: line.index("  志愿服务  ")]) for line in lines}
    assert len(columns) == 1
    xiamen = [line for line in lines if "福建省/厦门市" in line]
    assert xiamen and all(line.startswith(f"{SEEDS / '004_75590902209970e4.txt'} ")
                          for line in xiamen)
    assert "打造  志愿服务  银行" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--store", "{missing}"), "kwic needs a term"),
        (("党建", "--store", "{missing}"), "no such store"),
        (("党建", "--store", "{garbage}"), "not a database"),
    ],
)
def test_cli_errors_are_one_line(tmp_path: Path, args: tuple, message: str) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not sqlite")
    paths = {"missing": tmp_path / "none.db", "garbage": garbage}
    result = run(*(a.format(**paths) for a in args))
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_cli_no_occurrence(store: Path) -> None:
    result = run("火星党建", "--store", str(store))
    assert result.returncode == 0 and result.stdout == "" and "does not occur" in result.stderr
