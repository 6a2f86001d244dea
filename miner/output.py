"""Writing records: JSON, JSON lines, and CSV with one row per figure."""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from miner.records import Record

_DOC_FIELDS = ("title", "date", "year", "source", "author")
_PLACE_FIELDS = ("province", "city", "county", "code")
_FIGURE_FIELDS = ("text", "value", "unit", "approx", "subject", "indicator", "role", "period")
_SPAN_FIELDS = ("start", "end", "sentence")
CSV_COLUMNS = [
    "doc_path", "doc_url", "doc_sha256", *_DOC_FIELDS, *_PLACE_FIELDS, *_FIGURE_FIELDS,
    *(f"figure_{k}" for k in _PLACE_FIELDS), *_SPAN_FIELDS,
]  # fmt: skip


def record_json(record: Record, indent: int | None = None) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, indent=indent)


def figure_rows(record: Record) -> list[dict[str, Any]]:
    """One row per figure, each carrying the document's provenance."""
    d = record.to_dict()
    head = {
        "doc_path": d["doc"]["path"], "doc_url": d["doc"]["url"], "doc_sha256": d["doc"]["sha256"],
        **{k: d[k] for k in _DOC_FIELDS}, **{k: d["region"][k] for k in _PLACE_FIELDS},
    }  # fmt: skip
    rows = []
    for f in d["figures"]:
        region = f["region"] or {}
        rows.append({
            **head, **{k: f[k] for k in _FIGURE_FIELDS + _SPAN_FIELDS},
            **{f"figure_{k}": region.get(k) for k in _PLACE_FIELDS},
        })  # fmt: skip
    return rows


class RecordWriter:
    """Writes records to ``out`` as ``jsonl`` or ``csv`` (streamed) or ``json``.

    ``json`` is one object for one record and an array for several, as the record spec says,
    so it is written when the writer is closed.
    """

    def __init__(self, out: IO[str], fmt: str) -> None:
        self.out, self.fmt, self.count = out, fmt, 0
        self._held: list[dict[str, Any]] = []
        self._csv = csv.DictWriter(out, CSV_COLUMNS) if fmt == "csv" else None
        if self._csv:
            self._csv.writeheader()

    def write(self, record: Record) -> None:
        if self._csv:
            self._csv.writerows(figure_rows(record))
        elif self.fmt == "jsonl":
            self.out.write(record_json(record) + "\n")
        else:
            self._held.append(record.to_dict())
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            held = self._held[0] if len(self._held) == 1 else self._held
            self.out.write(json.dumps(held, ensure_ascii=False, indent=2) + "\n")
        self.out.flush()
