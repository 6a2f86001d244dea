"""The comparison table: places side by side, every cell traceable to the sentence it came from.

Read from the store ``miner build`` fills. Four tables:

- ``wide``: one row per region at the requested level (``province``, ``city`` or ``county``)
  and year; one column per indicator (``tests/gold/GUIDELINE.md``) with ``<id>__evidence``
  (the figure id) and ``<id>__conflict``; then practice counts: ``practices``, and
  ``theme_<id>`` per codebook theme (``miner.cluster``; prefixed, because theme and indicator
  ids may coincide: ``funding`` is both) and ``theme_unassigned``.
- ``figures``: every figure, one row each, with its document, URL, title, date, year, its
  case's region, its own sentence's region (``figure_*``), text, value, unit, approx, subject,
  indicator, role, period, sentence and offsets; ``shown`` marks the figures that fill a cell
  of a wide table, ``conflict`` those whose cell has a conflict. Keyed by ``figure_id``.
- ``cases`` and ``practices``: every case (``miner.cases``) and every practice with its themes.

The rules of the wide table:

- **Rows.** The year is the report's (``year``); a report with no year makes rows with none.
  A region has a row at level L when a case lies in it: its own cases at L and those of the
  places inside it (a 道里区 report makes a 黑龙江省 row at province level). Cases above L
  (a province-wide case in a city table) have no row.
- **Indicator cells hold only figures stated for exactly that region**: the status figures
  (role ``status``, indicator not ``other``) of the cases whose region is the row's. Figures
  are never added up or carried across levels: a county's count is not its province's, so a
  province row shows what reports state for the whole province, and may be empty.
- **Several figures of one report for one cell** (道里区's 191, 236 and 266 social
  organizations, registered at province, city and district level; 椒江区's 43 party
  organizations stated twice): the first stated fills it. A sum would count a repeated figure
  twice and add parts to wholes; the first stated is the report's headline. The others are in
  the figures table, and this is not a conflict.
- **Reports that disagree**: the most recent report (by date; undated ones after dated ones,
  then the earlier-added document first) fills the cell and ``<id>__conflict`` is True when
  another report gives a different value for the same region, indicator and year; all of them
  stay in the figures table. Nothing is picked silently.
- **Practices** are counted for each row from every case inside its region (a practice
  reported in 道里区 is a practice found in 黑龙江省): ``practices`` all of them,
  ``theme_<id>`` those carrying that theme (a practice may carry several),
  ``theme_unassigned`` those carrying none.

Files: CSV is UTF-8 with a byte-order mark (Excel on a Chinese Windows reads it as UTF-8);
``-o PATH`` gets the wide table and ``PATH-stem_figures.csv``, ``_cases.csv`` and
``_practices.csv`` beside it; without ``-o`` the wide table goes to stdout (no BOM, for
pipes). XLSX: one sheet per table in one file. Parquet: one file per table, named as for CSV.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pandas as pd

from miner import cluster
from miner.build import BUILD_DDL
from miner.cases import LEVELS, ancestor
from miner.figures import load_rules
from miner.records import Region
from miner.regions import Gazetteer
from miner.store import DEFAULT_STORE, connect, ensure_schema

TABLES = ("wide", "figures", "cases", "practices")
FORMATS = ("csv", "xlsx", "parquet")
# The order a researcher reads the indicators in (GUIDELINE.md); ids added to
# data/indicators.toml later come after these.
_INDICATOR_ORDER = (
    "social_orgs", "nonpublic_firms", "party_orgs", "party_orgs_new", "coverage_rate",
    "coverage_change", "party_members", "members_developed", "instructors",
    "training_sessions", "training_attendance", "activities", "participants", "beneficiaries",
    "volunteer_teams", "model_units", "publicity", "funding", "inspections",
)  # fmt: skip
_DOC = "d.path AS doc_path, d.url, d.title, d.date, d.year"


@dataclass(frozen=True)
class Tables:
    wide: pd.DataFrame
    figures: pd.DataFrame
    cases: pd.DataFrame
    practices: pd.DataFrame


def indicators() -> list[str]:
    """The indicator ids, in reading order: the wide table's indicator columns."""
    ids = dict.fromkeys(r.id for r in load_rules().indicators)
    return [i for i in _INDICATOR_ORDER if i in ids] + [i for i in ids if i not in _INDICATOR_ORDER]


def load_table(
    store: str | Path = DEFAULT_STORE,
    level: str = "province",
    year: int | None = None,
    table: str = "wide",
) -> pd.DataFrame:
    """One of the comparison tables (``wide``, ``figures``, ``cases``, ``practices``)."""
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, not {table!r}")
    return getattr(comparison_tables(store, level, year), table)


def comparison_tables(
    store: str | Path = DEFAULT_STORE, level: str = "province", year: int | None = None
) -> Tables:
    """The wide table at ``level`` and the long tables, for one year or all."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if not Path(store).exists():
        raise FileNotFoundError(f"{store}: no such store (run `miner build` first)")
    conn = connect(store)
    try:
        ensure_schema(conn, BUILD_DDL)
        conn.row_factory = sqlite3.Row
        where, args = ("WHERE d.year = ?", (year,)) if year is not None else ("", ())
        figures = _rows(
            conn,
            f"SELECT f.id AS figure_id, f.case_id, f.doc_id AS document_id, {_DOC},"
            f" f.province, f.city, f.county, f.region_code, f.region_level,"
            f" f.text, f.value, f.unit, f.approx, f.subject, f.indicator, f.role, f.period,"
            f' f.sentence, f.start, f."end", f.figure_province, f.figure_city,'
            f" f.figure_county, f.figure_code, f.figure_level"
            f" FROM figures f JOIN documents d ON d.id = f.doc_id {where} ORDER BY f.doc_id, f.n",
            args,
        )
        cases = _rows(
            conn,
            f"SELECT c.id AS case_id, c.doc_id AS document_id, {_DOC}, c.province, c.city,"
            f" c.county, c.region_code, c.region_level, c.spans, c.figures, c.practices"
            f" FROM cases c JOIN documents d ON d.id = c.doc_id {where} ORDER BY c.doc_id, c.n",
            args,
        )
        practices = _rows(
            conn,
            f"SELECT p.id AS practice_id, p.case_id, p.doc_id AS document_id, {_DOC},"
            f" p.province, p.city, p.county, p.region_code, p.region_level, p.name, p.kind,"
            f' p.themes, p.sentence, p.start, p."end"'
            f" FROM practices p JOIN documents d ON d.id = p.doc_id {where}"
            f" ORDER BY p.doc_id, p.n",
            args,
        )
    finally:
        conn.close()
    for p in practices:
        p["themes"] = json.loads(p["themes"])
    _choose(figures)
    wide = _wide(level, figures, cases, practices)
    for p in practices:
        p["themes"] = ";".join(p["themes"])
    return Tables(
        wide=wide,
        figures=_frame(figures, _FIGURE_COLUMNS, floats={"value"}, flags={"shown", "conflict"}),
        cases=_frame(cases, _CASE_COLUMNS),
        practices=_frame(practices, _PRACTICE_COLUMNS),
    )


def _rows(conn: sqlite3.Connection, sql: str, args: tuple) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, args)]


def _choose(figures: list[dict[str, Any]]) -> None:
    """Mark each figure ``shown`` (it fills its cell) and ``conflict`` (its cell has one)."""
    cells: dict[tuple, dict[int, dict[str, Any]]] = defaultdict(dict)
    for f in figures:  # in document order, each in text order
        f["shown"] = f["conflict"] = False
        if f["role"] == "status" and f["indicator"] != "other":
            key = (f["region_code"], f["year"], f["indicator"])
            cells[key].setdefault(f["document_id"], f)  # the first stated in its report
    for per_report in cells.values():
        # Most recent first; sorted() is stable, so equal dates keep document order.
        ranked = sorted(per_report.values(), key=lambda f: f["date"] or "", reverse=True)
        ranked[0]["shown"] = True
        if len({f["value"] for f in ranked}) > 1:
            for f in ranked:
                f["conflict"] = True


def _wide(
    level: str,
    figures: list[dict[str, Any]],
    cases: list[dict[str, Any]],
    practices: list[dict[str, Any]],
) -> pd.DataFrame:
    gaz = Gazetteer.load()
    themes = [f"theme_{t.id}" for t in cluster.codebook()] + [f"theme_{cluster.UNASSIGNED}"]
    ids = indicators()
    rows: dict[tuple, dict[str, Any]] = {}
    row_of_case: dict[str, tuple] = {}
    documents: dict[tuple, set[int]] = defaultdict(set)
    for c in cases:
        region = ancestor(_region(c), level, gaz)
        if region is None:
            continue
        key = (region.code, c["year"])
        row_of_case[c["case_id"]] = key
        documents[key].add(c["document_id"])
        row = rows.setdefault(key, _empty_row(level, region, c["year"], ids, themes))
        row["cases"] += 1
    for key, docs in documents.items():
        rows[key]["documents"] = len(docs)
    for f in figures:
        if f["shown"] and f["region_level"] == level:
            row = rows[(f["region_code"], f["year"])]
            row[f["indicator"]] = f["value"]
            row[f"{f['indicator']}__evidence"] = f["figure_id"]
            row[f"{f['indicator']}__conflict"] = f["conflict"]
    for p in practices:
        key = row_of_case.get(p["case_id"])
        if key is None:
            continue
        row = rows[key]
        row["practices"] += 1
        for theme in p["themes"] or [cluster.UNASSIGNED]:
            if f"theme_{theme}" in row:  # a theme the codebook has dropped since the build
                row[f"theme_{theme}"] += 1
    ordered = sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1] is None, kv[0][1] or 0))
    columns = [
        *_WIDE_HEAD,
        *(c for i in ids for c in (i, f"{i}__evidence", f"{i}__conflict")),
        "practices",
        *themes,
    ]
    counts = {"documents", "cases", "practices", *themes}
    return _frame(
        [row for _, row in ordered],
        columns,
        floats=set(ids),
        flags={f"{i}__conflict" for i in ids},
        ints=counts,
    )


_WIDE_HEAD = (
    "level", "region", "province", "city", "county", "region_code", "year", "documents", "cases",
)  # fmt: skip


def _empty_row(
    level: str, region: Region, year: int | None, ids: list[str], themes: list[str]
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "level": level,
        "region": region.county or region.city or region.province,
        "province": region.province,
        "city": region.city if level != "province" else None,
        "county": region.county if level == "county" else None,
        "region_code": region.code,
        "year": year,
        "documents": 0,
        "cases": 0,
    }
    for i in ids:
        row.update({i: None, f"{i}__evidence": None, f"{i}__conflict": False})
    row.update({"practices": 0, **dict.fromkeys(themes, 0)})
    return row


def _region(row: dict[str, Any]) -> Region:
    return Region(
        row["province"], row["city"], row["county"], row["region_code"], row["region_level"]
    )


_LONG_DOC = ("document_id", "doc_path", "url", "title", "date", "year")
_LONG_REGION = ("province", "city", "county", "region_code", "region_level")
_FIGURE_COLUMNS = (
    "figure_id", "case_id", *_LONG_DOC, *_LONG_REGION,
    "text", "value", "unit", "approx", "subject", "indicator", "role", "period",
    "sentence", "start", "end", "figure_province", "figure_city", "figure_county",
    "figure_code", "figure_level", "shown", "conflict",
)  # fmt: skip
_CASE_COLUMNS = ("case_id", *_LONG_DOC, *_LONG_REGION, "spans", "figures", "practices")
_PRACTICE_COLUMNS = (
    "practice_id", "case_id", *_LONG_DOC, *_LONG_REGION,
    "name", "kind", "themes", "sentence", "start", "end",
)  # fmt: skip


def _frame(
    rows: list[dict[str, Any]],
    columns: Iterable[str],
    floats: set[str] = frozenset(),
    flags: set[str] = frozenset(),
    ints: set[str] = frozenset(),
) -> pd.DataFrame:
    """The rows with stable types, also when empty: values nullable floats, flags booleans,
    counts, ids and offsets integers, years nullable integers, text pandas strings (<NA>)."""
    ints = {*ints, "document_id", "start", "end", "figures", "practices"}
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in frame.columns:
        if column in floats:
            dtype: Any = "Float64"
        elif column in flags:
            dtype = bool
        elif column in ints:
            dtype = "int64"
        elif column == "year":
            dtype = "Int64"
        else:
            dtype = "string"
        frame[column] = frame[column].astype(dtype)
    return frame


# ------------------------------------------------------------------------------- files
def write_table(
    store: str | Path = DEFAULT_STORE,
    level: str = "province",
    year: int | None = None,
    fmt: str | None = None,
    output: str | Path | None = None,
    out: IO[str] | None = None,
) -> list[Path]:
    """Write the tables; return the files written.

    ``fmt`` defaults to the output's suffix (``.xlsx``, ``.parquet``), else CSV. Without
    ``output`` the wide table goes to ``out`` as CSV (XLSX and Parquet need a file).
    """
    path = Path(output) if output is not None else None
    if fmt is None:
        suffix = path.suffix.lower().lstrip(".") if path else ""
        fmt = suffix if suffix in FORMATS else "csv"
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if path is None and fmt != "csv":
        raise ValueError(f"{fmt} needs an output file (-o PATH)")
    tables = comparison_tables(store, level, year)
    if path is None:
        tables.wide.to_csv(out, index=False, float_format=_number)
        return []
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as excel:
            for name in TABLES:
                _excel_safe(getattr(tables, name)).to_excel(excel, sheet_name=name, index=False)
        return [path]
    written = []
    suffix = path.suffix or f".{fmt}"
    for name in TABLES:
        target = path if name == "wide" else path.with_name(f"{path.stem}_{name}{suffix}")
        frame = getattr(tables, name)
        if fmt == "csv":
            frame.to_csv(target, index=False, encoding="utf-8-sig", float_format=_number)
        else:
            frame.to_parquet(target, index=False)
        written.append(target)
    return written


def _number(value: float) -> str:
    """292 rather than 292.0, and never 1.4e+07."""
    return f"{value:.15g}"


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Control characters a page may carry are not allowed in an XLSX cell; drop them."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    frame = frame.copy()
    for column in frame.select_dtypes(include="string").columns:
        frame[column] = frame[column].str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
    return frame
