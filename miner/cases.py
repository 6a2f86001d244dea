"""Cases: a report cut into the places it is about, each with its figures and practices.

A report about one place is one case. A province-wide roundup that describes 嘉兴, 杭州拱墅区,
温州, 德清 and 玉环 is six: one per place, plus the report-level case for the rest. The rule:

1. The body is cut into paragraphs (its non-empty lines; headings are paragraphs too).
2. The places of a paragraph are the places it names (``record.region_mentions`` inside it)
   and the own regions of its figures (``figure.region``), keeping only those strictly inside
   the report's place: a city or county of a province report, a county of a city report, any
   place of a national one. Places above or beside the report's (台州 or 黄岩 in a 椒江 report)
   never start a case.
3. A paragraph whose places all lie on one line of descent (嘉兴市 twice; 杭州市 and 拱墅区)
   belongs to the case of the deepest of them; paragraphs about the same place make one case,
   however far apart they stand.
4. Everything else stays in the report-level case (number 0, the report's own region, always
   present): paragraphs naming no place below the report's, and paragraphs naming several
   (金华市 … 绍兴市柯桥区 …: a comparison across the report's place is about that place). A
   paragraph naming no place does not continue the case before it: a report's general text
   is about the report's place, and a wrong attribution is worse than none.

Figures and practices belong to the case of the paragraph they start in. Every case carries
the report's provenance (path, URL, date, year) and its paragraphs' character spans in the body.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from miner.records import Record, Region
from miner.regions import Gazetteer

_DEPTH = {None: -1, "national": -1, "province": 0, "city": 1, "county": 2}  # None: not found
LEVELS = ("province", "city", "county")


@dataclass(frozen=True)
class Case:
    """One place of one report: its paragraphs, figures and practices."""

    number: int  # 0: the report-level case; then in order of first paragraph
    region: Region
    spans: tuple[tuple[int, int], ...]  # its paragraphs, as (start, end) offsets in the body
    figures: tuple[int, ...]  # positions in record.figures
    practices: tuple[int, ...]  # positions in record.practices
    path: str | None
    url: str | None
    date: str | None
    year: int | None


def within(inner: Region, outer: Region) -> bool:
    """Whether ``inner`` is ``outer`` or lies inside it (names compared level by level)."""
    if outer.level in ("national", None):  # a report of unknown place holds every place
        return True
    if inner.province != outer.province or _DEPTH[inner.level] < _DEPTH[outer.level]:
        return False
    if outer.level == "province":
        return True
    if inner.city != outer.city:  # a county under no prefecture (仙桃市) is in no city
        return False
    return outer.level == "city" or inner.county == outer.county


def ancestor(region: Region, level: str, gazetteer: Gazetteer | None = None) -> Region | None:
    """The division at ``level`` containing ``region`` (itself at its own level).

    None when there is none: a province has no city, a county under no prefecture (湖北仙桃市)
    no city. GB/T 2260 codes carry their parents: the province is the first two digits, the
    city the first four (a municipality is its own city, 北京市 110000).
    """
    if region.code is None or _DEPTH[region.level] < _DEPTH[level]:
        return None
    if region.level == level:
        return region
    if level == "province":
        code = region.code[:2] + "0000"
    elif region.city is None:
        return None
    elif region.city == region.province:  # a municipality
        code = region.code[:2] + "0000"
    else:
        code = region.code[:4] + "00"
    found = (gazetteer or Gazetteer.load()).by_code(code)
    return found if found is not None and within(region, found) else None


def split_cases(record: Record, gazetteer: Gazetteer | None = None) -> list[Case]:
    """The cases of one report, report-level case first (the rule is in the module docstring)."""
    gaz = gazetteer or Gazetteer.load()
    paragraphs = _paragraphs(record.body)
    starts = [s for s, _ in paragraphs]

    def paragraph_of(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    places: list[list[Region]] = [[] for _ in paragraphs]
    for m in record.region_mentions:
        region = gaz.by_code(m.code)
        if region is not None:
            places[paragraph_of(m.start)].append(region)
    for f in record.figures:
        if f.region is not None:
            places[paragraph_of(f.start)].append(f.region)

    report = record.region
    # paragraph -> key of its case: None for the report-level case, else the place's code
    keys: list[str | None] = []
    regions: dict[str | None, Region] = {None: report}
    for found in places:
        below = [r for r in found if r.code and _below(r, report)]
        place = _one_line(below)
        keys.append(place.code if place else None)
        if place is not None:
            regions.setdefault(place.code, place)

    order = list(dict.fromkeys([None, *keys]))  # report-level first, then first appearance
    figure_keys = [keys[paragraph_of(f.start)] for f in record.figures]
    practice_keys = [keys[paragraph_of(p.start)] for p in record.practices]
    return [
        Case(
            number=n,
            region=regions[key],
            spans=tuple(span for span, k in zip(paragraphs, keys, strict=True) if k == key),
            figures=tuple(i for i, k in enumerate(figure_keys) if k == key),
            practices=tuple(i for i, k in enumerate(practice_keys) if k == key),
            path=record.doc.path,
            url=record.doc.url,
            date=record.date,
            year=record.year,
        )
        for n, key in enumerate(order)
    ]


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty line of ``body``, surrounding spaces left out."""
    spans = []
    pos = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            spans.append((start, start + len(stripped)))
        pos += len(line) + 1
    return spans or [(0, len(body))]


def _below(region: Region, report: Region) -> bool:
    return _DEPTH[region.level] > _DEPTH[report.level] and within(region, report)


def _one_line(regions: list[Region]) -> Region | None:
    """The deepest region if every other one contains it, else None (several places)."""
    if not regions:
        return None
    deepest = max(regions, key=lambda r: _DEPTH[r.level])
    return deepest if all(within(deepest, r) for r in regions) else None
