"""Reading inputs: files, directories of reports, stdin; each as bytes or a clear error."""

from __future__ import annotations

import os
import re
import stat
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


def display_name(path: str | os.PathLike[str]) -> str:
    """A path as text that is always valid UTF-8: bytes of the name that are not UTF-8 (kept
    by Python as surrogate escapes) are written ``\\xff``, the form a shell takes back in
    ``$'…'`` (bash, zsh) and Python in ``b'…'``.  Every record, error and store row names a
    file this way.  (A name that holds a literal backslash followed by ``x`` and two hex digits
    prints the same; on the file systems reports come from that is not seen.)"""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def iter_sources(
    paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Source | InputError]:
    """Each input named on the command line: files, directories (their report files), ``-``.

    A directory that cannot be listed, at the top or anywhere in the tree, is one error each;
    the rest of the tree is read.
    """
    for arg in paths:
        if arg == "-":
            yield _source("<stdin>", sys.stdin.buffer, max_bytes, is_html=None)
            continue
        path = Path(arg)
        if os.path.isdir(path):  # False, not PermissionError, under a directory one cannot search
            found = False
            for item in _walk(path):
                found = True
                yield item if isinstance(item, InputError) else read_file(item, max_bytes)
            if not found:
                yield InputError(
                    f"{display_name(path)}: no .txt/.html/.htm files in this directory"
                )
        else:
            yield read_file(path, max_bytes)


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """The report files under ``folder`` in path order, and an error for each directory that
    cannot be listed (``Path.rglob`` skips those without a word). Symbolic links to files are
    followed, to directories not (a link may loop)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(f"{display_name(folder)}: cannot read directory ({exc.strerror or exc})")
        return
    for entry in entries:
        path = folder / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError:  # vanished or unreadable entry: read_file says why
            is_dir, is_file = False, True
        if is_dir:
            yield from _walk(path)
        elif is_file and path.suffix.lower() in INPUT_SUFFIXES:
            yield path


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | InputError:
    """One file's bytes, or why not. Only a regular file is read: a FIFO or a device would block
    or never end, so it is refused before anything is read from it."""
    name = display_name(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return InputError(f"{name}: no such file")
    except IsADirectoryError:
        return InputError(f"{name}: is a directory")
    except OSError as exc:
        return InputError(f"{name}: cannot read ({exc.strerror or exc})")
    with os.fdopen(fd, "rb") as fh:
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                return InputError(f"{name}: is a directory")
            if not stat.S_ISREG(mode):
                return InputError(f"{name}: not a regular file ({_file_kind(mode)})")
            return _source(name, fh, max_bytes, is_html=path.suffix.lower() in (".html", ".htm"))
        except OSError as exc:
            return InputError(f"{name}: cannot read ({exc.strerror or exc})")


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip
    return next((kind for test, kind in kinds if test(mode)), "a special file")


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
