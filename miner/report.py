"""The shareable report: the comparison table, two charts and every report with its evidence,
in one HTML file that opens anywhere, offline.

``write_report(store, path)`` (``miner report``) reads the store ``miner build`` fills, through
``miner.table.comparison_tables`` (so the table obeys the same rules as ``miner table``) and the
documents' records (for the text and the offsets of every figure and practice). Everything is
inline: the CSS, a few lines of JavaScript (click a column header to sort), the charts drawn
here as SVG. A Content-Security-Policy forbids every fetch, so the file behaves on a laptop
without network exactly as it did when it was checked, and anything that tried to load would
show as an error in the browser's console rather than quietly work only online.

Links, by the figure ids of ``miner.build`` (``d3-f12``):

- ``#d3-f12`` is the figure highlighted in its report's text, the evidence of a cell or row;
- ``#cell-d3-f12`` is the comparison-table cell it fills, if it fills one;
- ``#fig-d3-f12`` is its row in the figures table (every figure has one).

A figure in the text links to its cell, else to its row; cells and rows link back to the text.
Practices are highlighted in the text too, under their id (``d3-p4``), with their themes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from miner import __version__, cluster
from miner.store import DEFAULT_STORE, connect
from miner.table import comparison_tables, indicators

COVERAGE = ("coverage_rate", "coverage_change")
UNASSIGNED_LABEL = "未归类"
# The font stack: whichever CJK font the reader's system has, before a generic face
# that may draw Chinese as boxes.
FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif'


def write_report(
    store: str | Path = DEFAULT_STORE,
    path: str | Path = "report.html",
    level: str = "province",
    year: int | None = None,
) -> Path:
    """Write the report of ``store`` to ``path`` (UTF-8 HTML); return the path."""
    html = render_report(store, level, year)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, "utf-8")
    except OSError as exc:
        raise OSError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return path


def render_report(
    store: str | Path = DEFAULT_STORE, level: str = "province", year: int | None = None
) -> str:
    """The report as one HTML document: the wide table at ``level``, for ``year`` or all."""
    tables = comparison_tables(store, level, year)  # first: it refuses a missing store
    documents = _documents(store, year)
    if not any(d.record for d in documents):
        if year is not None:
            raise ValueError(f"{store}: no extracted reports about {year}")
        raise ValueError(f"{store}: no extracted reports (run `miner build` first)")
    wide = _records(tables.wide)
    figures = _records(tables.figures)
    practices = _records(tables.practices)
    cells = {row[f"{i}__evidence"] for row in wide for i in indicators() if row[f"{i}__evidence"]}
    themes = {p["practice_id"]: p["themes"].split(";") if p["themes"] else [] for p in practices}
    built = [d for d in documents if d.record]
    failed = [d for d in documents if not d.record]
    scope = f"{level} level" + (f", {year}" if year is not None else ", all years")
    parts = [
        f"<header><h1>{escape(Path(store).name)}: comparison and evidence</h1>"
        f'<p class="meta">{len(built)} reports, {len(figures)} figures, {len(practices)} '
        f"practices · {escape(scope)} · miner {escape(__version__)} · generated "
        f"{dt.date.today().isoformat()}</p>"
        '<nav><a href="#comparison">Comparison table</a> <a href="#charts">Charts</a> '
        '<a href="#figures">Figures</a> <a href="#reports">Reports</a></nav></header><main>',
        _comparison_section(tables.wide, wide, figures, level),
        '<section id="charts"><h2>Charts</h2>',
        _heatmap(practices),
        _coverage_chart(figures),
        "</section>",
        _figures_section(figures),
        '<section id="reports"><h2>Reports</h2><ol class="index">',
        *(
            f'<li><a href="#doc-{d.id}">{escape(d.title or "(no title)")}</a> '
            f'<span class="meta">{escape(d.place)}</span></li>'
            for d in built
        ),
        "</ol>",
        *(_report_section(d, d.record, cells, themes) for d in built),
        _failed_section(failed),
        "</section></main>",
    ]
    title = escape(f"miner report: {Path(store).name}")
    return _PAGE.format(title=title, css=_CSS, body="\n".join(parts), script=_SCRIPT)


# ------------------------------------------------------------------------------ reading
@dataclass(frozen=True)
class _Document:
    id: int
    name: str  # the file as given, or the page's URL
    url: str | None
    title: str | None
    date: str | None
    source: str | None
    author: str | None
    place: str  # province/city/county, or 全国
    error: str | None
    record: dict[str, Any] | None


def _documents(store: str | Path, year: int | None) -> list[_Document]:
    where, args = ("WHERE year = ?", (year,)) if year is not None else ("", ())
    conn = connect(store)
    try:
        rows = conn.execute(
            "SELECT id, coalesce(path, url, ''), url, title, date, source, author, province,"
            f" city, county, error, record FROM documents {where} ORDER BY id",
            args,
        ).fetchall()
    finally:
        conn.close()
    documents = []
    for i, name, url, title, date, source, author, province, city, county, error, record in rows:
        place = "/".join(x for x in (province, city, county) if x) or "全国"
        parsed = json.loads(record) if record else None
        documents.append(_Document(i, name, url, title, date, source, author, place, error, parsed))
    return documents


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with None for every missing value (pandas' <NA> is not falsy-safe)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


# -------------------------------------------------------------------------------- tables
def _number(value: float) -> str:
    """46,000 and 9.4: no trailing .0, never 1e+04."""
    return f"{value:,.15g}"


def _num_attr(value: float | int | None) -> str:
    """The sort key of a numeric cell; empty sorts last in either direction."""
    return f' data-value="{"" if value is None else value}"'


def _th(label: str, numeric: bool, title: str | None = None) -> str:
    kind = ' data-type="num"' if numeric else ""
    hint = f' title="{escape(title)}"' if title else ""
    return f"<th{kind}{hint}>{escape(label)}</th>"


def _comparison_section(
    frame: pd.DataFrame, wide: list[dict[str, Any]], figures: list[dict[str, Any]], level: str
) -> str:
    # Columns no row fills are left out: 19 indicators and 15 themes would bury the few stated.
    ids = [i for i in indicators() if frame[i].notna().any()]
    themes = [
        (f"theme_{t.id}", t.label) for t in cluster.codebook() if frame[f"theme_{t.id}"].any()
    ]
    if frame[f"theme_{cluster.UNASSIGNED}"].any():
        themes.append((f"theme_{cluster.UNASSIGNED}", UNASSIGNED_LABEL))
    by_id = {f["figure_id"]: f for f in figures}
    head = [
        _th("region", False), _th("year", True), _th("documents", True), _th("cases", True),
        *(_th(i, True, f"{i}: click a value for its sentence") for i in ids),
        _th("practices", True),
        *(_th(_short(label), True, f"{label}: practices") for _, label in themes),
    ]  # fmt: skip
    rows = []
    for row in wide:
        cells = [
            f"<td>{escape(row['region'] or '')}</td>",
            f'<td class="num"{_num_attr(row["year"])}>{row["year"] or "—"}</td>',
            f'<td class="num"{_num_attr(row["documents"])}>{row["documents"]}</td>',
            f'<td class="num"{_num_attr(row["cases"])}>{row["cases"]}</td>',
        ]
        cells += [
            _evidence_cell(row[i], row[f"{i}__evidence"], row[f"{i}__conflict"], by_id) for i in ids
        ]
        for column in ("practices", *(c for c, _ in themes)):
            cells.append(f'<td class="num"{_num_attr(row[column])}>{row[column]}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<section id="comparison"><h2>Comparison table</h2>'
        f'<p class="note">One row per {escape(level)} and year, as <code>miner table</code> '
        "makes it: a value is a figure stated for exactly that place; click it for its sentence. "
        "≠ marks a cell where reports disagree (the most recent fills it; all are in the figures "
        "table). Indicators no report states are left out. Click a column header to sort.</p>"
        '<div class="scroll"><table class="sortable" id="comparison-table">'
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        "</section>"
    )


def _evidence_cell(
    value: float | None, figure_id: str | None, conflict: bool, by_id: dict[str, dict[str, Any]]
) -> str:
    if value is None or figure_id is None:
        return f'<td class="num"{_num_attr(None)}></td>'
    f = by_id[figure_id]
    tip = f"{f['text']}: {f['sentence']}"
    flag = (
        ' <span class="flag" title="reports disagree: see the figures table">≠</span>'
        if conflict
        else ""
    )
    return (
        f'<td class="num{" conflict" if conflict else ""}" id="cell-{escape(figure_id)}"'
        f'{_num_attr(value)}><a href="#{escape(figure_id)}" '
        f'title="{escape(tip)}">{_number(value)}</a>{flag}</td>'
    )


def _figures_section(figures: list[dict[str, Any]]) -> str:
    head = "".join(
        _th(label, numeric)
        for label, numeric in (
            ("figure", False), ("report", True), ("place", False), ("year", True),
            ("indicator", False), ("value", True), ("unit", False), ("text", False),
            ("role", False), ("period", False), ("in table", False),
        )
    )  # fmt: skip
    rows = []
    for f in figures:
        fid = escape(f["figure_id"])
        place = "/".join(x for x in (f["province"], f["city"], f["county"]) if x) or "全国"
        state = ("shown" if f["shown"] else "") + (" · conflict" if f["conflict"] else "")
        rows.append(
            f'<tr id="fig-{fid}"><td><a href="#{fid}">{fid}</a></td>'
            f'<td class="num"{_num_attr(f["document_id"])}>'
            f'<a href="#doc-{f["document_id"]}">{f["document_id"]}</a></td>'
            f"<td>{escape(place)}</td>"
            f'<td class="num"{_num_attr(f["year"])}>{f["year"] or "—"}</td>'
            f"<td>{escape(f['indicator'] or '')}</td>"
            f'<td class="num"{_num_attr(f["value"])}>'
            f"{'' if f['value'] is None else _number(f['value'])}</td>"
            f"<td>{escape(f['unit'] or '')}</td>"
            f'<td title="{escape(f["sentence"] or "")}">{escape(f["text"] or "")}</td>'
            f"<td>{escape(f['role'] or '')}</td><td>{escape(f['period'] or '')}</td>"
            f"<td>{state}</td></tr>"
        )
    return (
        '<section id="figures"><h2>Figures</h2>'
        '<p class="note">Every figure of every report; "shown" ones fill a cell of the '
        "comparison table (at their own level). Click an id for its sentence, a report number "
        "for its text.</p>"
        '<div class="scroll"><table class="sortable" id="figures-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


# -------------------------------------------------------------------------------- charts
def _text_width(text: str, size: float) -> float:
    """About how wide ``text`` is drawn: CJK characters are square, Latin about 0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in text)


def _short(label: str) -> str:
    """组织覆盖 for 组织覆盖 / 组建方式: a chart's column needs the short form."""
    return label.split(" / ")[0]


def _mix(t: float, high: tuple[int, int, int] = (165, 15, 21)) -> str:
    """A colour from near-white (0) to ``high`` (1), the report's dark red by default."""
    low = (247, 244, 242)
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(low, high, strict=True))


def _heatmap(practices: list[dict[str, Any]]) -> str:
    """Practices per province and codebook theme (a practice counts under each of its
    themes; ``未归类`` those carrying none)."""
    themes = [(t.id, t.label) for t in cluster.codebook()]
    themes.append((cluster.UNASSIGNED, UNASSIGNED_LABEL))
    counts: Counter[tuple[str, str]] = Counter()
    order: dict[str, str] = {}
    for p in practices:
        province = p["province"] or "全国"  # a case with no place is a national one
        # GB/T 2260 order (the order of Chinese statistical tables), national last.
        order[province] = (p["region_code"] or "99")[:2]
        for theme in p["themes"].split(";") if p["themes"] else [cluster.UNASSIGNED]:
            counts[province, theme] += 1
    caption = (
        "Practices per province and codebook theme (a practice counts once under each of its "
        "themes; 未归类, those carrying none, in grey on a scale of its own). Hover a cell "
        "for its count and theme."
    )
    if not counts:
        return _figure("heatmap", "", caption, "No practices in the store.")
    provinces = sorted(order, key=lambda p: (order[p], p))
    size, cw, ch = 13, 44, 28
    left = max(_text_width(p, size) for p in provinces) + 14
    labels = [_short(label) for _, label in themes]
    top = max(_text_width(x, size) for x in labels) * 0.72 + 16  # labels at 45°
    right = max(_text_width(labels[-1], size) * 0.72, 20)
    width, height = left + cw * len(themes) + right, top + ch * len(provinces) + 4
    # Unassigned practices are many where the codebook is thin: on the themes' scale they
    # would wash the themes out, so their column is grey, on a scale of its own.
    peaks = {False: 1, True: 1}
    for (_, theme), n in counts.items():
        unassigned = theme == cluster.UNASSIGNED
        peaks[unassigned] = max(peaks[unassigned], n)
    out = []
    for j, ((theme, label), short) in enumerate(zip(themes, labels, strict=True)):
        x = left + cw * j + cw / 2
        out.append(
            f'<text class="col" x="{x:.1f}" y="{top - 6:.1f}" '
            f'transform="rotate(-45 {x:.1f} {top - 6:.1f})">{escape(short)}'
            f"<title>{escape(label)} ({escape(theme)})</title></text>"
        )
    for i, province in enumerate(provinces):
        y = top + ch * i
        out.append(
            f'<text class="row" x="{left - 8:.1f}" y="{y + ch / 2 + 4.5:.1f}" '
            f'text-anchor="end">{escape(province)}</text>'
        )
        for j, (theme, label) in enumerate(themes):
            n = counts[province, theme]
            x = left + cw * j
            unassigned = theme == cluster.UNASSIGNED
            share = n / peaks[unassigned]
            fill = _mix(share, (82, 82, 82) if unassigned else (165, 15, 21))
            out.append(
                f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cw - 2}" height="{ch - 2}" '
                f'fill="{fill if n else "#fafafa"}"><title>{escape(province)} · '
                f"{escape(label)}: {n}</title></rect>"
            )
            if n:
                shade = " dark" if share > 0.55 else ""
                out.append(
                    f'<text class="n{shade}" x="{x + cw / 2:.1f}" y="{y + ch / 2 + 4.5:.1f}">'
                    f"{n}</text>"
                )
    return _figure("heatmap", _svg(width, height, "province × theme heatmap", out), caption)


def _coverage_chart(figures: list[dict[str, Any]]) -> str:
    """Coverage rate and its change for each province and year, from the figures that fill
    the province cells of the comparison table; each bar links to its sentence."""
    groups: dict[tuple[str, str, int | None], dict[str, dict[str, Any]]] = {}
    for f in figures:
        if f["shown"] and f["region_level"] == "province" and f["indicator"] in COVERAGE:
            key = (f["region_code"] or "", f["province"] or "全国", f["year"])
            groups.setdefault(key, {})[f["indicator"]] = f
    caption = (
        "Party-organisation coverage rate (%) and its change (percentage points) stated for "
        "each province as a whole; click a bar for its sentence."
    )
    if not groups:
        return _figure("coverage", "", caption, "No province-level coverage figures.")
    keys = sorted(groups, key=lambda k: (k[0], k[2] is None, k[2] or 0))
    values = [f["value"] for g in groups.values() for f in g.values()]
    has_rate = any("coverage_rate" in g for g in groups.values())
    low, high = min(0.0, *values), max(100.0 if has_rate else 0.0, *values)
    step = _step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    size, bar, gap = 13, 15, 14
    names = [f"{k[1]} {k[2]}" if k[2] is not None else k[1] for k in keys]
    left, plot, top = max(_text_width(n, size) for n in names) + 14, 460.0, 30
    height = top + len(keys) * (2 * bar + 2 + gap) + 26
    width = left + plot + 110

    def x(v: float) -> float:
        return left + (v - low) / (high - low) * plot

    colours = {"coverage_rate": "#a50f15", "coverage_change": "#2166ac"}
    out = [
        f'<rect x="{left}" y="6" width="12" height="12" fill="{colours["coverage_rate"]}"/>'
        f'<text x="{left + 16}" y="16">覆盖率 (%)</text>'
        f'<rect x="{left + 110}" y="6" width="12" height="12" '
        f'fill="{colours["coverage_change"]}"/>'
        f'<text x="{left + 126}" y="16">变化 (百分点)</text>'
    ]
    bottom = height - 22
    tick = low
    while tick <= high + step / 2:
        out.append(
            f'<line class="grid" x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 4}" '
            f'y2="{bottom}"/><text class="tick" x="{x(tick):.1f}" y="{bottom + 15}">'
            f"{_number(tick)}</text>"
        )
        tick += step
    for i, (key, name) in enumerate(zip(keys, names, strict=True)):
        y = top + i * (2 * bar + 2 + gap)
        out.append(
            f'<text class="row" x="{left - 8:.1f}" y="{y + bar + 5:.1f}" '
            f'text-anchor="end">{escape(name)}</text>'
        )
        for k, indicator in enumerate(COVERAGE):
            f = groups[key].get(indicator)
            if f is None:
                continue
            v, by = f["value"], y + k * (bar + 2)
            x0, x1 = sorted((x(0), x(v)))
            shown = f"{_number(v)}%" if indicator == "coverage_rate" else f"{v:+.15g} 百分点"
            out.append(
                f'<a href="#{escape(f["figure_id"])}"><rect x="{x0:.1f}" y="{by:.1f}" '
                f'width="{max(x1 - x0, 1):.1f}" height="{bar}" fill="{colours[indicator]}">'
                f"<title>{escape(name)} {indicator}: {escape(f['text'] or '')} "
                f"({escape(f['figure_id'])})</title></rect></a>"
                f'<text class="value" x="{x1 + 4:.1f}" y="{by + bar - 3:.1f}">'
                f"{escape(shown)}</text>"
            )
    out.append(f'<line class="axis" x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top - 4}" y2="{bottom}"/>')
    return _figure("coverage", _svg(width, height, "coverage by province", out), caption)


def _step(span: float) -> float:
    """A round tick interval giving about five ticks over ``span``."""
    raw = max(span, 1e-9) / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _svg(width: float, height: float, label: str, parts: Iterable[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(label)}" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">'
        f"{''.join(parts)}</svg>"
    )


def _figure(name: str, svg: str, caption: str, empty: str = "") -> str:
    body = svg or f'<p class="empty">{escape(empty)}</p>'
    return f'<figure id="{name}">{body}<figcaption>{escape(caption)}</figcaption></figure>'


# ------------------------------------------------------------------------------- reports
@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    id: str
    figure: bool  # else a practice
    href: str | None
    title: str


def _report_section(
    doc: _Document, record: dict[str, Any], cells: set[str], themes: dict[str, list[str]]
) -> str:
    labels = {t.id: t.label for t in cluster.codebook()}
    spans = []
    for n, f in enumerate(record["figures"]):
        fid = f"d{doc.id}-f{n}"
        spans.append(
            _Span(
                f["start"], f["end"], fid, True,
                f"#cell-{fid}" if fid in cells else f"#fig-{fid}",
                f"{fid} · {f['indicator']} · {f['role']} · {f['value']:.15g} {f['unit'] or ''}"
                if f["value"] is not None else f"{fid} · {f['indicator']} · {f['role']}",
            )
        )  # fmt: skip
    for n, p in enumerate(record["practices"]):
        pid = f"d{doc.id}-p{n}"
        named = [labels.get(t, t) for t in themes.get(pid, [])] or [UNASSIGNED_LABEL]
        spans.append(_Span(p["start"], p["end"], pid, False, None, f"{pid} · {' · '.join(named)}"))
    source = f'<a href="{escape(doc.url)}">{escape(doc.url)}</a>' if doc.url else escape(doc.name)
    meta = " · ".join(
        escape(x)
        for x in (
            doc.place, doc.date or "no date", doc.source and f"来源 {doc.source}",
            doc.author and f"作者 {doc.author}",
        )
        if x
    )  # fmt: skip
    return (
        f'<section class="report" id="doc-{doc.id}"><h3>{doc.id}. '
        f"{escape(doc.title or '(no title)')}</h3>"
        f'<p class="meta">{meta} · {source}</p>'
        f'<p class="meta">{len(record["figures"])} figures (<span class="fig">marked</span>), '
        f'{len(record["practices"])} practices (<mark class="practice">marked</mark>)</p>'
        f'<div class="body">{_highlight(record["body"], spans)}</div></section>'
    )


def _highlight(body: str, spans: list[_Span]) -> str:
    """``body`` as HTML with every span marked: a figure as a link, a practice as ``<mark>``.

    Spans may overlap (a practice's name holding a figure): the text is cut at every span
    boundary and each piece wrapped in all the spans covering it, outermost first; a span's
    id goes on its first piece, and only the outermost figure of a piece is a link (links
    cannot nest).
    """
    cuts = sorted({0, len(body), *(s.start for s in spans), *(s.end for s in spans)})
    pending = sorted(spans, key=lambda s: (s.start, -s.end), reverse=True)  # next one last
    covering: list[_Span] = []  # one sweep: a long report's spans are not rescanned per piece
    out = []
    for a, b in pairwise(cuts):
        while pending and pending[-1].start == a:  # every start is a cut
            covering.append(pending.pop())
        covering = [s for s in covering if s.end >= b]  # every end is a cut too
        html = escape(body[a:b], quote=False)
        link = next((s for s in covering if s.figure), None)
        for s in reversed(covering):  # innermost first, so the outermost wraps the rest
            anchor = f' id="{escape(s.id)}"' if s.start == a else ""
            title = f' title="{escape(s.title)}"'
            if s is link:
                html = f'<a class="fig"{anchor} href="{escape(s.href or "")}"{title}>{html}</a>'
            elif s.figure:
                html = f'<span class="fig"{anchor}{title}>{html}</span>'
            else:
                html = f'<mark class="practice"{anchor}{title}>{html}</mark>'
        out.append(html)
    return "".join(out)


def _failed_section(failed: list[_Document]) -> str:
    if not failed:
        return ""
    items = "".join(
        f"<li>{escape(d.name)}: {escape(d.error or 'not extracted yet (run miner build)')}</li>"
        for d in failed
    )
    return f'<section id="failed"><h3>Documents without a record</h3><ul>{items}</ul></section>'


# ---------------------------------------------------------------------------------- page
# No fetch of any kind (default-src 'none'); only the inline style and script run. The empty
# data: icon stops the browser asking for /favicon.ico, which a file:// page cannot have.
_PAGE = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>{css}</style>
</head>
<body>
{body}
<script>{script}</script>
</body>
</html>
"""

_CSS = (
    """
body { font-family: FONTS; margin: 0 auto; max-width: 1200px; padding: 0 1.5rem 4rem;
  color: #222; line-height: 1.6; }
svg text { font-family: FONTS; font-size: 13px; fill: #222; }
h1 { font-size: 1.5rem; margin: 1.5rem 0 0.25rem; }
h2 { border-bottom: 2px solid #a50f15; padding-bottom: 0.2rem; margin-top: 2.5rem; }
nav a { margin-right: 1rem; }
.meta, .note, figcaption { color: #555; font-size: 0.9rem; }
.scroll { overflow: auto; max-height: 70vh; border: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid #eee; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #f4f1ee; cursor: pointer; user-select: none;
  text-align: left; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.conflict { background: #fdecea; }
.flag { color: #a50f15; font-weight: bold; cursor: help; }
figure { margin: 1.5rem 0; overflow-x: auto; }
svg text.col { text-anchor: start; }
svg text.n, svg text.tick { text-anchor: middle; font-size: 12px; }
svg text.value { font-size: 12px; }
svg text.dark { fill: #fff; }
svg .grid { stroke: #e5e5e5; }
svg .axis { stroke: #555; }
svg a rect:hover { opacity: 0.8; }
.report { border-top: 1px solid #ccc; margin-top: 2rem; break-before: page; }
.body { white-space: pre-wrap; font-size: 1rem; line-height: 1.9; }
a.fig, span.fig { background: #dbe9f6; color: #08306b; border-radius: 2px; padding: 0 1px; }
mark.practice { background: #e3f1d8; color: inherit; border-bottom: 2px solid #5a9e3a; }
:target, tr:target > td { background: #ffd54f !important; outline: 2px solid #e65100; }
:target { scroll-margin-top: 3rem; }
a.fig:target { scroll-margin-top: 35vh; }  /* the sentence's start stays in view above it */
.empty { color: #777; font-style: italic; }
"""
).replace("FONTS", FONTS)

# Sorting reads the cells, so no data is embedded in the script: nothing in a report's text
# can reach JavaScript. Numeric columns sort by data-value; empty cells stay last both ways.
_SCRIPT = """
document.querySelectorAll("table.sortable").forEach((table) => {
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach((th, column) => {
    const numeric = th.dataset.type === "num";
    const key = (row) => {
      const cell = row.cells[column];
      const text = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
      if (text === "") return null;
      return numeric ? Number(text) : text;
    };
    const sort = () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        if (x === null || y === null) return (x === null) - (y === null);
        const order = numeric ? x - y : x.localeCompare(y, "zh");
        return ascending ? order : -order;
      });
      body.append(...rows);
    };
    th.tabIndex = 0;
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
    });
  });
});
"""
