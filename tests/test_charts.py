"""Charts: Chinese labels render with an installed CJK font, and its absence is said clearly."""

import io
import warnings

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib import font_manager

from miner import charts, cluster

THEMES = [f"theme_{t.id}" for t in cluster.codebook()] + [f"theme_{cluster.UNASSIGNED}"]


@pytest.fixture(autouse=True)
def own_rcparams():
    # use_cjk_font changes matplotlib's global settings; each test gets them back.
    with mpl.rc_context():
        yield


def _wide() -> pd.DataFrame:
    """A province table as miner.load_table gives it, reduced to what the charts read."""
    rows = [
        ("330000", "浙江省", 2017, None, 9.4, {"theme_org_life": 4, "theme_service": 7}),
        ("330000", "浙江省", None, None, None, {"theme_org_life": 1}),
        ("620000", "甘肃省", 2017, 71.0, 10.0, {"theme_org_life": 8, "theme_unassigned": 6}),
    ]
    frame = pd.DataFrame([
        {"region_code": code, "region": region, "year": year, "coverage_rate": rate,
         "coverage_change": change, **dict.fromkeys(THEMES, 0), **counts}
        for code, region, year, rate, change, counts in rows
    ])
    return frame.astype({"year": "Int64", "coverage_rate": "Float64", "coverage_change": "Float64"})


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in [*ax.texts, *ax.get_yticklabels(),
                                                         *ax.get_xticklabels()]]


def test_chinese_labels_render_without_missing_glyphs() -> None:
    assert charts.find_cjk_font(), "no CJK font installed: `make test` installs fonts-noto-cjk"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fig in (charts.theme_heatmap(_wide()), charts.coverage_chart(_wide())):
            png = io.BytesIO()
            fig.savefig(png, format="png")
            assert png.getvalue().startswith(b"\x89PNG")
    # matplotlib warns "Glyph 20826 (\N{CJK UNIFIED IDEOGRAPH-515A}) missing from font(s)
    # DejaVu Sans." for every character it cannot draw.
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "missing from font" in m or "Glyph" in m], messages
    assert not [w for w in caught if issubclass(w.category, charts.CJKFontWarning)]


def test_heatmap_sums_years_per_province_and_keeps_every_theme() -> None:
    fig = charts.theme_heatmap(_wide())
    cells = sorted(t.get_text() for t in fig.axes[0].texts)
    assert cells == ["5", "6", "7", "8"]  # 浙江 org_life: 4 (2017) + 1 (no year); no zeros
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert len(labels) == len(THEMES) and labels[-1] == "未归类" and "作用发挥/公益" in labels
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["浙江省", "甘肃省"]


def test_coverage_chart_draws_only_what_reports_state() -> None:
    texts = _texts(charts.coverage_chart(_wide()))
    assert "61% → 71%" in texts and "+10 个百分点" in texts and "+9.4 个百分点" in texts
    assert texts.count("未报告") == 1  # 浙江's rate; its year-less row states nothing: no row
    assert "浙江省 2017" in texts and "甘肃省 2017" in texts


def test_no_cjk_font_warns_with_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    latin = [e for e in font_manager.fontManager.ttflist if e.name.startswith("DejaVu")]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    before = list(mpl.rcParams["font.sans-serif"])
    with pytest.warns(charts.CJKFontWarning, match="fonts-noto-cjk"):
        assert charts.use_cjk_font() is None
    assert mpl.rcParams["font.sans-serif"] == before


def test_a_font_installed_after_matplotlib_cached_its_list_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # matplotlib's cached font list predates the font: find_cjk_font reads the system's again.
    installed = charts.find_cjk_font()
    assert installed, "no CJK font installed: `make test` installs fonts-noto-cjk"
    cached = [e for e in font_manager.fontManager.ttflist if not charts._draws(e.fname, "党")]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", cached)
    assert charts.use_cjk_font() == installed
    assert mpl.rcParams["font.sans-serif"][0] == installed
