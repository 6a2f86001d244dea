"""Reading inputs: files, directories of reports, stdin; each as bytes or a clear error."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

INPUT_SUFFIXES = (".txt", ".html", ".htm")
DEFAULT_MAX_BYTES = 4 * 1024 * 1024


class InputError(Exception):
    """An input that yields no record: missing, unreadable, empty or not text."""


@dataclass(frozen=True)
class Source:
    """One input: raw bytes and where they came from."""

    name: str
    data: bytes
    is_html: bool
    warnings: tuple[str, ...] = ()
    url: str | None = None  # where a scraped page came from
    fetched_at: str | None = None
    declared_encoding: str | None = None  # what the scraper detected or the server declared


def iter_sources(
    paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Source | InputError]:
    """Each input named on the command line: files, directories (their report files), ``-``."""
    for arg in paths:
        if arg == "-":
            yield _source("<stdin>", sys.stdin.buffer, max_bytes, is_html=None)
            continue
        path = Path(arg)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES and p.is_file()
            )
            if not files:
                yield InputError(f"{arg}: no .txt/.html/.htm files in this directory")
            for file in files:
                yield read_file(file, max_bytes)
        else:
            yield read_file(path, max_bytes)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | InputError:
    try:
        with path.open("rb") as fh:
            return _source(
                str(path), fh, max_bytes, is_html=path.suffix.lower() in (".html", ".htm")
            )
    except FileNotFoundError:
        return InputError(f"{path}: no such file")
    except IsADirectoryError:
        return InputError(f"{path}: is a directory")
    except OSError as exc:
        return InputError(f"{path}: cannot read ({exc.strerror or exc})")


def _source(name: str, fh: BinaryIO, max_bytes: int, is_html: bool | None) -> Source | InputError:
    data = fh.read(max_bytes + 1)
    warnings: tuple[str, ...] = ()
    if len(data) > max_bytes:
        rest = len(data)
        while chunk := fh.read(1 << 20):  # only counted, so the warning can say how much
            rest += len(chunk)
        data = data[:max_bytes]
        warnings = (
            f"truncated input: read the first {max_bytes:,} of {rest:,} bytes "
            "(raise --max-bytes to read more)",
        )
    if not data.strip():
        return InputError(f"{name}: empty file")
    if is_html is None:
        is_html = bool(re.match(rb"\s*(<!doctype html|<html|<\?xml)", data[:512], re.I))
    return Source(name, data, is_html, warnings)


def iter_store_sources(store: str | Path) -> Iterator[Source | InputError]:
    """Every usable page the scraper stored (near-duplicates left out), as inputs."""
    from miner.store import connect, iter_pages

    path = Path(store)
    if not path.is_file():
        yield InputError(f"{store}: no such store")
        return
    conn = connect(path)
    try:
        for page in iter_pages(conn):
            yield Source(
                name=page.final_url or page.url, data=page.body, is_html=True,
                url=page.final_url or page.url, fetched_at=page.fetched_at,
                declared_encoding=page.encoding,
            )  # fmt: skip
    finally:
        conn.close()
