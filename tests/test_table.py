"""The comparison table on the bundled corpus: rows, levels, evidence, conflicts, files."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import miner
from miner import cluster
from miner.build import build
from miner.cli import app
from miner.table import comparison_tables, indicators, load_table, write_table

from .conftest import SEEDS

# Two more reports about 甘肃省 in 2017: a later one that disagrees on the coverage rate and
# agrees on the instructors, and an earlier one that disagrees too.
LATER = """甘肃省社会组织党建工作综述
发布日期:2017-12-01
截至目前,全省社会组织党组织覆盖率达到75%,较年初提高了14个百分点。全省选派社会组织党建工作指导员1.2万多名。
"""
EARLIER = """甘肃省社会组织党建工作推进会召开
发布日期:2017-06-01
会议指出,全省社会组织党组织覆盖率达到65%。
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "miner.db"
    assert build([str(SEEDS)], path).errors == []
    return path


@pytest.fixture(scope="module")
def disputed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("disputed")
    shutil.copytree(SEEDS, folder / "reports")
    (folder / "reports" / "101_later.txt").write_text(LATER, "utf-8")
    (folder / "reports" / "102_earlier.txt").write_text(EARLIER, "utf-8")
    path = folder / "miner.db"
    assert build([str(folder / "reports")], path).errors == []
    return path


def _row(wide: pd.DataFrame, region: str, year: int | None = 2017) -> pd.Series:
    rows = wide[
        (wide["region"] == region) & (wide["year"].isna() if year is None else wide["year"] == year)
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_province_table_on_the_bundled_corpus(store: Path) -> None:
    wide = load_table(store, "province")
    assert set(wide["region"]) == {"浙江省", "甘肃省", "黑龙江省", "福建省"}
    gansu = _row(wide, "甘肃省")
    assert (gansu["coverage_rate"], gansu["coverage_change"]) == (71, 10)
    assert not gansu["coverage_rate__conflict"]
    assert gansu["instructors"] == 12000
    assert gansu["region_code"] == "620000" and gansu["level"] == "province"
    # 黑龙江省 and 福建省: rows for their cities' and counties' cases, no figures carried up
    heilongjiang = _row(wide, "黑龙江省")
    assert heilongjiang[indicators()].isna().all()
    assert heilongjiang["practices"] == 21
    zhejiang = _row(wide, "浙江省")
    assert (zhejiang["social_orgs"], zhejiang["coverage_change"]) == (46000, 9.4)
    assert zhejiang["cases"] == 6 and zhejiang["documents"] == 1
    # the 椒江 report states no year: a row of its own, out of a table for one year
    assert _row(wide, "浙江省", None)["practices"] == 19
    assert set(load_table(store, "province", 2017)["year"]) == {2017}


def test_evidence_resolves_to_document_sentence_and_offsets(store: Path) -> None:
    wide = load_table(store, "province")
    figures = load_table(store, table="figures").set_index("figure_id")
    evidence = figures.loc[_row(wide, "甘肃省")["coverage_rate__evidence"]]
    assert evidence["text"] == "71%" and "覆盖率达到71%" in evidence["sentence"]
    assert evidence["doc_path"].endswith("001_3933d1552c9bd586.txt")
    assert (evidence["title"], evidence["year"]) == ("甘肃省社会组织党建呈现新气象新作为", 2017)
    conn = sqlite3.connect(store)
    (record,) = conn.execute(
        "SELECT record FROM documents WHERE id = ?", (int(evidence["document_id"]),)
    ).fetchone()
    conn.close()
    body = json.loads(record)["body"]
    assert body[evidence["start"] : evidence["end"]] == "71%"
    # every evidence id of every level is a shown figure of exactly that level
    for level in ("province", "city", "county"):
        wide = load_table(store, level)
        ids = wide[[f"{i}__evidence" for i in indicators()]].stack().dropna()
        assert len(ids) and set(figures.loc[ids, "region_level"]) == {level}
        assert figures.loc[ids, "shown"].all()


def test_lower_levels_hold_their_own_places(store: Path) -> None:
    city = load_table(store, "city")
    assert {"嘉兴市", "温州市", "杭州市", "湖州市", "台州市", "哈尔滨市", "厦门市"} == set(
        city["region"]
    )
    assert _row(city, "温州市")["activities"] == 80
    assert _row(city, "厦门市")["participants"] == 50
    assert pd.isna(_row(city, "嘉兴市")["social_orgs"])
    county = load_table(store, "county")
    assert {"椒江区", "道里区", "拱墅区", "德清县", "玉环市", "海沧区", "思明区", "湖里区"} == set(
        county["region"]
    )
    jiaojiang = _row(county, "椒江区", None)
    assert (jiaojiang["social_orgs"], jiaojiang["party_orgs"]) == (292, 43)
    assert (jiaojiang["city"], jiaojiang["province"]) == ("台州市", "浙江省")
    assert _row(county, "德清县")["volunteer_teams"] == 26
    assert _row(county, "思明区")["funding"] == 6_000_000


def test_first_stated_within_one_report_is_no_conflict(store: Path) -> None:
    daoli = _row(load_table(store, "county"), "道里区")
    assert daoli["social_orgs"] == 191 and not daoli["social_orgs__conflict"]
    figures = load_table(store, table="figures")
    counts = figures[(figures["region_code"] == "230102") & (figures["indicator"] == "social_orgs")]
    assert list(counts["value"]) == [191, 236, 266]
    assert list(counts["shown"]) == [True, False, False] and not counts["conflict"].any()


def test_reports_that_disagree_keep_both_and_flag_the_cell(disputed: Path) -> None:
    gansu = _row(load_table(disputed, "province"), "甘肃省")
    assert gansu["coverage_rate"] == 75 and gansu["coverage_rate__conflict"]
    assert gansu["coverage_change"] == 14 and gansu["coverage_change__conflict"]
    assert gansu["instructors"] == 12000 and not gansu["instructors__conflict"]  # they agree
    assert gansu["training_sessions"] == 100 and not gansu["training_sessions__conflict"]
    figures = load_table(disputed, table="figures")
    rates = figures[
        (figures["indicator"] == "coverage_rate") & (figures["region_code"] == "620000")
    ]
    assert sorted(rates["value"]) == [65, 71, 75] and rates["conflict"].all()
    shown = rates[rates["shown"]]
    assert list(shown["figure_id"]) == [gansu["coverage_rate__evidence"]]
    assert list(shown["date"]) == ["2017-12-01"]


def test_practice_counts_per_theme(store: Path) -> None:
    wide = load_table(store, "province")
    themes = [f"theme_{t.id}" for t in cluster.codebook()]
    assert [c for c in wide.columns if c.startswith("theme_")] == [*themes, "theme_unassigned"]
    practices = load_table(store, table="practices")
    zhejiang = _row(wide, "浙江省")
    mine = practices[practices["document_id"] == 4]
    assert zhejiang["practices"] == len(mine) == 21  # the 21 the seed gold names for it
    assert zhejiang["theme_unassigned"] == (mine["themes"] == "").sum()
    for theme in cluster.codebook():
        assert (
            zhejiang[f"theme_{theme.id}"]
            == mine["themes"].str.split(";").map(lambda ids, t=theme.id: t in ids).sum()
        )


def test_cases_table(store: Path) -> None:
    cases = load_table(store, table="cases")
    assert len(cases) == 13
    deqing = cases[cases["county"] == "德清县"].iloc[0]
    assert deqing["case_id"] == "d4-c4" and deqing["figures"] == 9
    assert json.loads(deqing["spans"]) == [[1939, 2088], [2090, 2167]]


def test_two_builds_give_identical_tables(store: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    build([str(SEEDS)], other, jobs=2)
    for level in ("province", "city", "county"):
        a, b = comparison_tables(store, level), comparison_tables(other, level)
        for name in ("wide", "figures", "cases", "practices"):
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    write_table(store, fmt="csv", output=tmp_path / "a.csv")
    write_table(other, fmt="csv", output=tmp_path / "b.csv")
    for suffix in ("", "_figures", "_cases", "_practices"):
        assert (tmp_path / f"a{suffix}.csv").read_bytes() == (
            tmp_path / f"b{suffix}.csv"
        ).read_bytes()


def test_files(store: Path, tmp_path: Path) -> None:
    written = write_table(store, "county", output=tmp_path / "out" / "table.csv")
    assert [p.name for p in written] == [
        "table.csv", "table_figures.csv", "table_cases.csv", "table_practices.csv",
    ]  # fmt: skip
    raw = written[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbflevel,region,")  # BOM: Excel reads UTF-8
    wide = pd.read_csv(written[0], encoding="utf-8-sig")
    assert "292" in written[0].read_text("utf-8-sig").split("\n")[4]  # 292, not 292.0
    assert len(wide) == len(load_table(store, "county"))

    (xlsx,) = write_table(store, "province", output=tmp_path / "table.xlsx")  # from the suffix
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert list(sheets) == ["wide", "figures", "cases", "practices"]
    assert len(sheets["figures"]) == len(load_table(store, table="figures"))

    parquet = write_table(store, "province", fmt="parquet", output=tmp_path / "t.parquet")
    assert [p.name for p in parquet][1] == "t_figures.parquet"
    pd.testing.assert_frame_equal(pd.read_parquet(parquet[0]), load_table(store, "province"))


def test_api_and_errors(store: Path, tmp_path: Path) -> None:
    pd.testing.assert_frame_equal(
        miner.load_table(store=store, level="city"), load_table(store, "city")
    )
    with pytest.raises(FileNotFoundError, match="run `miner build` first"):
        load_table(tmp_path / "none.db")
    with pytest.raises(ValueError, match="level"):
        load_table(store, "village")
    with pytest.raises(ValueError, match="needs an output file"):
        write_table(store, fmt="xlsx")


def test_cli_table(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["table", "--store", str(store), "--year", "2017"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("level,region,province") and len(lines) == 5
    out = tmp_path / "t.xlsx"
    result = runner.invoke(
        app, ["table", "--store", str(store), "--level", "county", "-o", str(out)]
    )
    assert result.exit_code == 0 and out.exists() and "wrote" in result.stderr
    result = runner.invoke(app, ["table", "--store", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such store" in result.stderr
