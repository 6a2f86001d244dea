"""Keyword in context (a concordance): every occurrence of a term across the built corpus, as
concordancers show it, with the document and the place of the case the occurrence falls in.

The term and every body are folded to simplified without pinyin glosses before matching, so
两个覆盖 finds 兩個覆蓋 and 兩個(gè)覆蓋; the lines quote the text as printed."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from miner.decode import fold, matching_copy
from miner.store import DEFAULT_STORE, connect

if TYPE_CHECKING:
    import pandas as pd

KWIC_COLUMNS = ["doc_id", "title", "date", "url", "path", "province", "city", "county",
                "left", "term", "right", "start"]


@dataclass(frozen=True)
class Line:
    doc_id: int
    title: str | None
    date: str | None
    url: str | None
    path: str | None
    province: str | None
    city: str | None
    county: str | None
    left: str
    term: str
    right: str
    start: int


def _case_regions(conn: sqlite3.Connection, doc_id: int) -> list[tuple[list, tuple]]:
    rows = conn.execute(
        "SELECT spans, province, city, county FROM cases WHERE doc_id = ? ORDER BY n", (doc_id,)
    )
    return [(json.loads(spans), (p, c, k)) for spans, p, c, k in rows]


def kwic_lines(store: str | Path = DEFAULT_STORE, term: str = "", window: int = 20,
               by: str | None = None) -> list[Line]:
    """Occurrences of ``term`` (a literal string, in either script) with ``window`` characters
    each side; ``start`` and the text are those of the printed body.

    In document order, or grouped by ``by`` (``province``, ``city`` or ``county``) then in
    document order. The place is that of the case whose paragraphs hold the occurrence (a
    roundup's paragraph about 德清 says 德清县), else the report's.
    """
    if not term:
        raise ValueError("kwic needs a term")
    if by not in (None, "province", "city", "county"):
        raise ValueError(f"--by must be province, city or county, not {by!r}")
    if not Path(store).is_file():
        raise FileNotFoundError(f"{store}: no such store (run `miner build` first)")
    conn = connect(store)
    pattern = re.compile(re.escape(fold(term)))
    lines: list[Line] = []
    try:
        rows = conn.execute(
            "SELECT id, title, date, url, path, province, city, county, "
            "json_extract(record, '$.body') FROM documents WHERE record IS NOT NULL ORDER BY id"
        )
        for doc_id, title, date, url, path, province, city, county, body in rows.fetchall():
            cases = None
            copy = matching_copy(body)
            for m in pattern.finditer(copy.text):
                if cases is None:
                    cases = _case_regions(conn, doc_id)
                start, end = copy.span(m.start(), m.end())
                place = next((region for spans, region in cases[1:]
                              if any(s <= start < e for s, e in spans)),
                             (province, city, county))
                lines.append(Line(
                    doc_id, title, date, url, path, *place,
                    # The window counts characters as matched: a gloss is never cut in two.
                    left=body[copy.start(max(0, m.start() - window)):start].replace("\n", " "),
                    term=body[start:end],
                    right=body[end:copy.end(m.end() + window)].replace("\n", " "),
                    start=start,
                ))
    finally:
        conn.close()
    if by:
        lines.sort(key=lambda line: (getattr(line, by) or "~", line.doc_id, line.start))
    return lines


def kwic(term: str, store: str | Path = DEFAULT_STORE, window: int = 20,
         by: str | None = None) -> pd.DataFrame:
    """The keyword-in-context lines as a DataFrame (one row per occurrence)."""
    import pandas as pd

    lines = kwic_lines(store, term, window, by)
    return pd.DataFrame([line.__dict__ for line in lines], columns=KWIC_COLUMNS)
