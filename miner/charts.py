"""Charts of the comparison table, with Chinese labels that render.

Each chart function takes a wide table (``miner.load_table(store, level=...)``) and returns a
matplotlib ``Figure`` (not a pyplot figure: library code leaves pyplot's global list of figures
alone; a notebook shows a returned ``Figure``, ``fig.savefig`` writes it).

Chinese labels need a font with CJK glyphs, and matplotlib's default (DejaVu Sans) has none:
every label would be a row of boxes and matplotlib warns "Glyph ... missing from font(s)".
``use_cjk_font`` finds an installed one (``CJK_FONTS`` first, else any font that has the
glyphs) and puts it first in ``rcParams["font.sans-serif"]``; it warns with ``CJKFontWarning``
when there is none (``apt-get install fonts-noto-cjk`` on Debian/Ubuntu; ``make test`` and
``make demo`` install it where missing).
"""

from __future__ import annotations

import warnings
from functools import cache

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import font_manager, ft2font
from matplotlib.figure import Figure

from miner import cluster

# Sans-serif faces with simplified Chinese, the most common installed ones first: Debian's
# fonts-noto-cjk, Adobe's release of the same design, WenQuanYi (older Linux), then the
# system fonts of Windows and macOS.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
)
# What a font must draw to count as CJK for our labels (a Japanese-only or Korean-only font
# may lack simplified forms such as 党 or 览).
_PROBE = "党建覆盖率省市县览"
_INSTALL_HINT = (
    "install one (Debian/Ubuntu: apt-get install fonts-noto-cjk; `make test` does); Chinese "
    "labels show as boxes until then"
)


class CJKFontWarning(UserWarning):
    """No installed font can draw Chinese labels."""


def find_cjk_font() -> str | None:
    """The family name of an installed font that draws Chinese, or None.

    The first of ``CJK_FONTS`` that matplotlib knows, else the first (by name) whose glyphs
    cover a probe of simplified characters. matplotlib lists the system's fonts once and caches
    the list: a font installed after that is not in it, so when none is found the system's
    font files are read again before giving up.
    """
    found = _known_cjk_font()
    if found is None:
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # a file FreeType cannot read is not a font we could use
        found = _known_cjk_font()
    return found


def _known_cjk_font() -> str | None:
    entries = font_manager.fontManager.ttflist
    names = {entry.name for entry in entries}
    for name in CJK_FONTS:
        if name in names:
            return name
    for entry in sorted(entries, key=lambda e: (e.name, e.fname)):
        if _draws(entry.fname, _PROBE):
            return entry.name
    return None


@cache
def _draws(path: str, text: str) -> bool:
    try:
        font = ft2font.FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    glyphs = [font.get_char_index(ord(ch)) for ch in set(text)]
    # A fallback font (matplotlib ships Last Resort) maps every character to one placeholder
    # glyph: drawing means a glyph of its own for each character.
    return all(glyphs) and len(set(glyphs)) == len(glyphs)


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: an installed CJK font first in ``font.sans-serif``.

    Changes the global ``rcParams`` rather than one figure's text: matplotlib resolves a
    label's font when it draws, which in a notebook is after the cell returned, and labels a
    user adds to our figures need the font too. The former fonts stay behind it as fallbacks
    (Latin letters and symbols a CJK font lacks). Returns the family, or None with a
    ``CJKFontWarning``.
    """
    family = find_cjk_font()
    if family is None:
        warnings.warn(f"no font with Chinese glyphs is installed: {_INSTALL_HINT}",
                      CJKFontWarning, stacklevel=2)
        return None
    rest = [name for name in mpl.rcParams["font.sans-serif"] if name != family]
    mpl.rcParams["font.sans-serif"] = [family, *rest]
    mpl.rcParams["font.family"] = ["sans-serif"]  # the list the font was put in is used
    return family


def _by_region(wide: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns summed over years, one row per region (in region-code order)."""
    return wide.groupby(["region_code", "region"], sort=True)[columns].sum().droplevel(0)


def _row_label(row: pd.Series) -> str:
    return f"{row['region']} {row['year']}" if pd.notna(row["year"]) else str(row["region"])


def theme_heatmap(wide: pd.DataFrame, title: str = "各地做法的主题分布(做法数)") -> Figure:
    """Regions × codebook themes: how many of each region's practices carry each theme.

    Counts are summed over the table's years; a practice carrying two themes counts in both,
    and ``未归类`` counts those carrying none. Every codebook theme has a column, so a theme no
    region reports shows as an empty column rather than disappearing.
    """
    use_cjk_font()
    themes = [(f"theme_{t.id}", t.label) for t in cluster.codebook()]
    themes.append((f"theme_{cluster.UNASSIGNED}", "未归类"))
    counts = _by_region(wide, [column for column, _ in themes])
    fig = Figure(figsize=(1.0 + 0.62 * len(themes), 1.6 + 0.5 * max(len(counts), 1)),
                 layout="constrained")
    ax = fig.subplots()
    ax.set_title(title)
    if counts.empty:
        ax.text(0.5, 0.5, "表中没有地区", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    values = counts.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    for (i, j), n in np.ndenumerate(values):
        if n:  # empty cells stay blank: a zero in every cell would hide the pattern
            # Dark cells get white digits, the rest black, so every count stays legible.
            ax.text(j, i, f"{n:g}", ha="center", va="center", fontsize=9,
                    color="white" if n > 0.6 * values.max() else "black")
    ax.set_xticks(range(len(themes)), [label.replace(" / ", "/") for _, label in themes],
                  rotation=45, ha="right", rotation_mode="anchor", fontsize=9)
    ax.set_yticks(range(len(counts)), list(counts.index))
    fig.colorbar(image, ax=ax, label="做法数", shrink=0.8)
    return fig


def coverage_chart(wide: pd.DataFrame, title: str = "党组织覆盖率及其变化") -> Figure:
    """Party-organization coverage rates and their changes, one row per region and year.

    Left: the coverage rate (%) a report states for the region; where the change is stated
    too, the rate before it (rate − change) in grey, joined to it. Right: the change in percentage
    points. Only what reports state is drawn: a missing value is marked 未报告 (not
    reported), never inferred.
    """
    use_cjk_font()
    rows = wide[wide["coverage_rate"].notna() | wide["coverage_change"].notna()]
    labels = [_row_label(row) for _, row in rows.iterrows()]
    fig = Figure(figsize=(9, 1.4 + 0.55 * max(len(rows), 1)), layout="constrained")
    rate_ax, change_ax = fig.subplots(1, 2, sharey=True)
    fig.suptitle(title)
    for y, (_, row) in enumerate(rows.iterrows()):
        rate, change = row["coverage_rate"], row["coverage_change"]
        if pd.notna(rate):
            text = f"{rate:g}%"
            if pd.notna(change):
                before = rate - change
                rate_ax.plot([before, rate], [y, y], color="#999999", linewidth=2, zorder=1)
                rate_ax.scatter([before], [y], color="#bbbbbb", zorder=2,
                                label="变化前(覆盖率 − 变化)")
                text = f"{before:g}% → {rate:g}%"
            rate_ax.scatter([rate], [y], color="#4c72b0", zorder=3, label="覆盖率")
            rate_ax.text(rate + 3, y, text, va="center", fontsize=9)
        else:
            rate_ax.text(1, y, "未报告", va="center", fontsize=9, color="grey")
        if pd.notna(change):
            change_ax.barh(y, change, color="#c44e52" if change >= 0 else "#55a868", height=0.5)
            change_ax.text(max(change, 0) + 0.2, y, f"{change:+g} 个百分点", va="center",
                           fontsize=9)
        else:
            change_ax.text(0.2, y, "未报告", va="center", fontsize=9, color="grey")
    rate_ax.set_xlim(0, 105)
    rate_ax.set_xlabel("覆盖率(%)")
    change_ax.set_xlabel("变化(百分点)")
    # Room right of the longest bar for its label.
    changes = [0.0, 1.0, *rows["coverage_change"].dropna()]
    change_ax.set_xlim(min(changes) - 1, max(changes) * 1.6)
    change_ax.axvline(0, color="black", linewidth=0.8)
    rate_ax.set_yticks(range(len(rows)), labels)
    rate_ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)  # the first row on top, as in the table
    rate_ax.grid(axis="x", alpha=0.3)
    handles, names = rate_ax.get_legend_handles_labels()
    if handles:  # one legend entry per kind of dot, not per row
        unique = dict(zip(names, handles, strict=True))
        rate_ax.legend(unique.values(), unique.keys(), loc="lower left", fontsize=8)
    if not len(rows):
        rate_ax.text(50, 0, "没有报告给出覆盖率", ha="center", va="center", color="grey")
    return fig
