"""The shareable report: one HTML file that opens offline, checked as markup and in chromium."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from miner.build import build
from miner.cli import app
from miner.report import FONTS, _highlight, _Span, write_report
from miner.table import comparison_tables, indicators

from .conftest import SEEDS

# A report whose text carries markup: it must come out as text, never as markup or a script.
HOSTILE = """青海省社会组织党建<i>工作</i>简报
发布日期:2017-03-01
青海省民政厅通报<script>alert("x")</script>情况,全省社会组织党组织覆盖率达到80%,较上年提高5个百分点。推行“红色<b>引擎</b>”工程。
"""
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_ARGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # This machine's closed network refuses the browser's own background connections.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,900",
)  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    (folder / "hostile.txt").write_text(HOSTILE, "utf-8")
    path = folder / "miner.db"
    assert build([str(SEEDS), str(folder / "hostile.txt")], path).errors == []
    return path


@pytest.fixture(scope="module")
def report(store: Path) -> Path:
    return write_report(store, store.parent / "out" / "report.html")


@pytest.fixture(scope="module")
def page(report: Path) -> Any:
    return lxml_html.fromstring(report.read_text("utf-8"))


@pytest.fixture(scope="module")
def figures(store: Path) -> list[dict[str, Any]]:
    return comparison_tables(store).figures.to_dict("records")


def _one(page: Any, element_id: str) -> Any:
    found = page.xpath("//*[@id=$i]", i=element_id)
    assert len(found) == 1, (element_id, len(found))
    return found[0]


# ------------------------------------------------------------------------ without a browser
def test_structure(page: Any, store: Path) -> None:
    tables = comparison_tables(store)
    sections = page.xpath('//section[@class="report"]')
    assert len(sections) == 6 and sections[0].get("id") == "doc-1"
    wide = _one(page, "comparison-table")
    assert len(wide.xpath("./tbody/tr")) == len(tables.wide) == 6
    heads = [th.text_content() for th in wide.xpath("./thead/tr/th")]
    assert heads[:4] == ["region", "year", "documents", "cases"]
    assert {"coverage_rate", "coverage_change", "practices", "组织覆盖"} <= set(heads)
    assert "funding" not in heads  # no report states it: the column is left out
    assert len(_one(page, "figures-table").xpath("./tbody/tr")) == len(tables.figures) > 70
    # The charts are SVG drawn in Python, with their Chinese labels as text.
    heatmap = _one(page, "heatmap").xpath(".//*[local-name()='svg']")[0]
    labels = [t.text for t in heatmap.xpath(".//*[local-name()='text']")]
    assert {"甘肃省", "青海省", "组织覆盖", "未归类"} <= set(labels)
    bars = _one(page, "coverage").xpath(".//*[local-name()='a']/@href")
    gansu = tables.wide[tables.wide["region"] == "甘肃省"].iloc[0]
    assert f"#{gansu['coverage_rate__evidence']}" in bars
    assert FONTS in page.xpath("//style")[0].text


def test_opens_offline(report: Path, page: Any) -> None:
    """Nothing to fetch: no external script, style, image or font; the page's policy forbids
    fetching anyway. The only http(s) text is the SVG namespace."""
    text = report.read_text("utf-8")
    assert "default-src 'none'" in page.xpath("//meta[@http-equiv]/@content")[0]
    for element in page.xpath("//*[@src or @href][not(self::a)]"):
        assert (element.get("src") or element.get("href")).startswith("data:"), element.tag
    assert all(not s.get("src") for s in page.xpath("//script"))
    assert set(re.findall(r"https?://[^\s\"'<>)]+", text)) == {"http://www.w3.org/2000/svg"}
    assert "@import" not in text and "url(" not in text


def test_text_is_escaped(report: Path, page: Any) -> None:
    text = report.read_text("utf-8")
    assert "<script>alert" not in text and "<b>引擎" not in text
    assert len(page.xpath("//script")) == 1 and "alert" not in page.xpath("//script")[0].text
    assert not page.xpath("//b | //i")
    (section,) = [s for s in page.xpath('//section[@class="report"]') if "青海" in s.text_content()]
    assert section.xpath(".//h3")[0].text_content().endswith("青海省社会组织党建<i>工作</i>简报")
    body = section.xpath('.//div[@class="body"]')[0].text_content()
    assert '通报<script>alert("x")</script>情况' in body
    (practice,) = section.xpath('.//div[@class="body"]//mark')
    assert practice.text_content() == "红色<b>引擎</b>"


def test_every_figure_is_anchored_and_linked(page: Any, store: Path, figures: list) -> None:
    wide = comparison_tables(store).wide
    cells = {v for i in indicators() for v in wide[f"{i}__evidence"].dropna()}
    assert len(cells) > 10
    for f in figures:
        fid = f["figure_id"]
        mark = _one(page, fid)
        assert mark.tag == "a" and mark.get("class") == "fig"
        assert mark.text_content() == f["text"]
        # The figure links to the cell it fills, else to its row; both link back to it.
        target = f"cell-{fid}" if fid in cells else f"fig-{fid}"
        assert mark.get("href") == f"#{target}"
        assert _one(page, target).xpath(".//a/@href")[0] == f"#{fid}"
        assert _one(page, f"fig-{fid}").tag == "tr"
    for fid in cells:
        assert _one(page, f"cell-{fid}").xpath("./a")[0].text_content() != ""
    practices = page.xpath("//mark[@class='practice'][@id]")
    assert len(practices) == len(comparison_tables(store).practices) > 90


def test_overlapping_spans_nest() -> None:
    body = "推行红色引擎80个工程"
    spans = [
        _Span(2, 8, "d1-p0", False, None, "practice"),  # 红色引擎80
        _Span(6, 9, "d1-f0", True, "#fig-d1-f0", "figure"),  # 80个: past the practice's end
    ]
    html = _highlight(body, spans)
    tree = lxml_html.fromstring(f"<div>{html}</div>")
    assert tree.text_content() == body
    assert [e.get("id") for e in tree.xpath("//*[@id]")] == ["d1-p0", "d1-f0"]
    # The figure is cut at the practice's end: two links, the id on the first piece only.
    assert [a.text_content() for a in tree.xpath("//a")] == ["80", "个"]
    assert tree.xpath("//mark/a")[0].get("id") == "d1-f0"


def test_cli(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "shared" / "r.html"
    result = runner.invoke(app, ["report", "--store", str(store), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out) and out.stat().st_size > 50_000
    result = runner.invoke(app, ["report", "--store", str(store), "--year", "1999"])
    assert result.exit_code == 1 and "no extracted reports about 1999" in result.stderr
    (tmp_path / "junk.db").write_text("not a database")
    for bad in (tmp_path / "none.db", tmp_path / "junk.db"):
        result = runner.invoke(app, ["report", "--store", str(bad), "-o", str(tmp_path / "x")])
        assert result.exit_code == 1 and result.stdout == "", result.stdout
        assert len(result.stderr.splitlines()) == 1 and str(bad) in result.stderr
    assert not (tmp_path / "x").exists()


# -------------------------------------------------------------------------- in chromium
@pytest.fixture(scope="module")
def driver(tmp_path_factory) -> Iterator[Any]:
    if not (shutil.which("chromium") and Path(CHROMEDRIVER).is_file()):
        missing = (
            "Debian's chromium and chromium-driver are not installed (`make test` installs them)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: under CI the browser test must run")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in (*CHROMIUM_ARGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SE_OFFLINE", "true")  # Selenium Manager must not try to download anything
        browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            yield browser
        finally:
            browser.quit()


def _column(driver: Any, table: str, name: str) -> list[str]:
    return driver.execute_script(
        """const table = document.getElementById(arguments[0]);
        const i = Array.from(table.tHead.rows[0].cells).findIndex((c) => c.textContent === arguments[1]);
        return Array.from(table.tBodies[0].rows, (r) => r.cells[i].dataset.value ?? r.cells[i].textContent);""",
        table, name,
    )  # fmt: skip


def _sort_by(driver: Any, table: str, name: str) -> str:
    from selenium.webdriver.common.by import By

    head = driver.find_element(By.XPATH, f'//table[@id="{table}"]/thead/tr/th[.="{name}"]')
    head.click()
    return head.get_attribute("aria-sort")


def _landed(driver: Any) -> dict[str, Any]:
    """The element the address's #fragment names, and whether it is in the window."""
    return driver.execute_script(
        """const t = document.querySelector(":target"); const r = t.getBoundingClientRect();
        return {hash: location.hash, id: t.id, text: t.textContent,
                visible: r.top >= 0 && r.bottom <= window.innerHeight};"""
    )


def test_in_chromium(driver: Any, report: Path, store: Path, figures: list, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.get(report.as_uri())
    assert driver.title == "miner report: miner.db"

    # Sorting: numbers as numbers (8 before 43 before 292), empty cells last both ways.
    assert _sort_by(driver, "figures-table", "value") == "ascending"
    numbers = [float(v) for v in _column(driver, "figures-table", "value")]
    assert numbers == sorted(numbers) and numbers != sorted(numbers, key=str)
    assert _sort_by(driver, "figures-table", "value") == "descending"
    assert [float(v) for v in _column(driver, "figures-table", "value")] == numbers[::-1]
    for order, expected in (("ascending", [71.0, 80.0]), ("descending", [80.0, 71.0])):
        assert _sort_by(driver, "comparison-table", "coverage_rate") == order
        rates = _column(driver, "comparison-table", "coverage_rate")
        assert [float(v) for v in rates if v] == expected and rates[2:] == [""] * 4
    _sort_by(driver, "comparison-table", "region")
    assert _column(driver, "comparison-table", "region")[0] == "福建省"  # pinyin order: Fujian

    # A cell's value lands on its figure, in its sentence, in its report.
    wide = comparison_tables(store).wide
    fid = wide[wide["region"] == "甘肃省"].iloc[0]["coverage_rate__evidence"]
    driver.find_element(By.CSS_SELECTOR, f"#cell-{fid} a").click()
    assert _landed(driver) == {"hash": f"#{fid}", "id": fid, "text": "71%", "visible": True}
    sentence = next(f["sentence"] for f in figures if f["figure_id"] == fid)
    here = driver.find_element(By.ID, fid).find_element(By.XPATH, "./ancestor::div[1]").text
    assert sentence in here
    # And the figure lands on its cell; a figure no cell shows, on its row.
    driver.find_element(By.ID, fid).click()
    assert _landed(driver)["id"] == f"cell-{fid}" and _landed(driver)["visible"]
    other = next(f["figure_id"] for f in figures if f["role"] != "status")
    driver.find_element(By.ID, other).click()
    assert _landed(driver)["id"] == f"fig-{other}" and _landed(driver)["visible"]

    # The Chinese labels are drawn with a CJK font of the page's stack, not as boxes.
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
    node = driver.execute_cdp_cmd(
        "DOM.querySelector", {"nodeId": root, "selector": "#heatmap text.row"}
    )["nodeId"]
    fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert fonts and all(f'"{f["familyName"]}"' in FONTS for f in fonts), fonts

    driver.execute_script("document.getElementById('charts').scrollIntoView()")
    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
