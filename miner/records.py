"""Typed values passed between the pipeline stages, and the JSON record they add up to.

The record layout is ``miner.record/2`` (``../shared/spec/record.md``; /2 added a figure's
``sector`` and ``year``) (see README, "The record"): field names here are the
JSON names, so ``Record.to_dict()`` is the record ``miner extract`` writes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "miner.record/2"


@dataclass(frozen=True)
class Region:
    """A place at province, city or county level, with its GB/T 2260 code."""

    province: str | None
    city: str | None
    county: str | None
    code: str | None
    level: str | None  # "province" | "city" | "county" | "national"; None: place not found

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


NATIONAL = Region(None, None, None, None, "national")


@dataclass(frozen=True)
class RegionMention:
    """A place named in the body: ``body[start:end] == text``."""

    text: str
    code: str
    start: int
    end: int


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, as the number grammar reads it (no meaning attached yet).

    ``start``/``end`` cover ``text``: the approximation words written onto the number
    (近, 约, 逾, 超, 多, 余) and the unit.  Qualifiers standing apart from it (以上, 以下,
    不足, 不到, 超过, 左右, 将近, 接近, 大约, 不超过) set ``approx`` but stay outside ``text``;
    ``qualifier`` holds the word that set ``approx`` (``""`` for none) so the role stage can turn
    ``以上`` into ``at_least`` inside a rule.
    """

    text: str
    start: int
    end: int
    value: int | float
    unit: str
    approx: str
    qualifier: str = ""


@dataclass
class Figure:
    text: str
    value: int | float
    unit: str
    approx: str
    subject: str | None
    indicator: str
    role: str
    start: int
    end: int
    sentence: str
    region: Region | None
    period: str | None
    sector: str | None = None  # nonpublic | social | two_new | new_groups | public | all
    year: int | None = None  # the year the value refers to (its period's, else the report's)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["region"] = self.region.to_dict() if self.region else None
        return d


@dataclass
class Practice:
    name: str  # simplified, without quotes or pinyin glosses: the key practices are compared by
    kind: str  # numbered_slogan | quoted | plus_model | method | heading
    parts: list[str]
    theme: str | None
    start: int
    end: int
    sentence: str
    printed: str | None = None  # ``body[start:end]``, as the page prints it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DocInfo:
    path: str | None
    url: str | None
    sha256: str
    encoding: str
    chars: int
    fetched_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Record:
    doc: DocInfo
    title: str | None
    date: str | None
    year: int | None
    source: str | None
    author: str | None
    region: Region
    body: str
    figures: list[Figure] = field(default_factory=list)
    practices: list[Practice] = field(default_factory=list)
    region_mentions: list[RegionMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "doc": self.doc.to_dict(),
            "title": self.title,
            "date": self.date,
            "year": self.year,
            "source": self.source,
            "author": self.author,
            "region": self.region.to_dict(),
            "body": self.body,
            "figures": [f.to_dict() for f in self.figures],
            "practices": [p.to_dict() for p in self.practices],
            "mentions": {"regions": [asdict(m) for m in self.region_mentions]},
            "warnings": list(self.warnings),
        }
