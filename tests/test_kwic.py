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


# Invented reports: one printed in traditional characters with pinyin glosses, one simplified.
GLOSSED = "杭州市余杭區(qū)深化“兩個(gè)覆蓋”,新組建非公企業(yè)黨組織36個(gè)。\n"
TRADITIONAL = "台州市椒江區推進兩個覆蓋工作,成效明顯。\n"
SIMPLIFIED = "湖州市德清县扎实推进两个覆盖,新建党组织12个。\n"


@pytest.fixture(scope="module")
def scripts_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scripts")
    for name, text in (("a.txt", GLOSSED), ("b.txt", TRADITIONAL), ("c.txt", SIMPLIFIED)):
        (root / name).write_text(text, encoding="utf-8")
    path = root / "miner.db"
    assert build([str(root / n) for n in ("a.txt", "b.txt", "c.txt")], path).errors == []
    return path


@pytest.mark.parametrize("term", ["两个覆盖", "兩個覆蓋", "兩個(gè)覆蓋"])
def test_kwic_finds_the_term_in_either_script(scripts_store: Path, term: str) -> None:
    lines = miner.kwic(term, scripts_store, window=4)
    assert list(lines["term"]) == ["兩個(gè)覆蓋", "兩個覆蓋", "两个覆盖"]  # as printed
    # The window counts characters as matched, each printed with its gloss.
    assert list(lines["left"]) == ["區(qū)深化“", "江區推進", "扎实推进"]
    assert list(lines["right"])[0] == "”,新組"
