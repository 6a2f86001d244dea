"""The ``miner`` command line: each command parses options, calls the library, prints."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from miner import __version__
from miner.inputs import DEFAULT_MAX_BYTES
from miner.output import RecordWriter
from miner.records import Record

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Figures, places and practices from party-building work reports.",
)
err = Console(stderr=True, highlight=False)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        print(f"miner {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Figures, places and practices from party-building work reports."""


@app.command()
def extract(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Report files (.txt, .html), directories of them, or - for stdin.",
            metavar="[FILE]...",
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Read at most this many bytes of a file (a warning says so).")
    ] = DEFAULT_MAX_BYTES,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes (0: one per CPU core).")
    ] = 1,
    store: Annotated[
        Path | None, typer.Option(help="Also extract every page stored by `miner scrape`.")
    ] = None,
) -> None:
    """Extract the case record (figures, region, period, practices) of each report."""
    from miner.core import extract_all
    from miner.inputs import iter_sources, iter_store_sources

    if not inputs and store is None:
        err.print("miner: error: name report files, a directory, - for stdin, or --store DB")
        raise typer.Exit(2)

    try:
        out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        err.print(f"miner: error: {output}: cannot write ({exc.strerror or exc})", soft_wrap=True)
        raise typer.Exit(1) from None
    writer = None if fmt is Format.table else RecordWriter(out, fmt.value)
    # A pipe or file gets wide lines rather than columns cut at 80 characters.
    console = Console(file=out, highlight=False, width=None if out.isatty() else 200)
    sources = iter_sources(inputs or [], max_bytes)
    if store is not None:
        sources = itertools.chain(sources, iter_store_sources(store))
    try:
        failed = _write_all(
            extract_all(sources, jobs or os.cpu_count() or 1), writer, console
        )
    except BrokenPipeError:  # `miner extract … | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    if output:
        out.close()
    raise typer.Exit(1 if failed else 0)


def _write_all(
    results: Iterable[Record | Exception], writer: RecordWriter | None, console: Console
) -> int:
    """Write each record, report each failure on one line; return the number of failures."""
    failed = 0
    for result in results:
        if isinstance(result, Exception):
            failed += 1
            err.print(f"miner: error: {result}", soft_wrap=True)
            continue
        for warning in result.warnings:
            if warning.startswith("truncated"):
                err.print(f"miner: warning: {result.doc.path}: {warning}", soft_wrap=True)
        if writer:
            writer.write(result)
        else:
            _print_record(result, console)
    if writer:
        writer.close()
    return failed


def _print_record(record: Record, console: Console) -> None:
    r = record.region
    place = "/".join(x for x in (r.province, r.city, r.county) if x) or "全国"
    console.rule(f"[bold]{record.title or '(no title)'}")
    console.print(
        f"{record.doc.path}  ·  {place} {r.code or ''}  ·  date {record.date or '—'}"
        f"  ·  year {record.year or '—'}  ·  source {record.source or '—'}"
        f"  ·  author {record.author or '—'}"
    )
    table = Table(show_lines=False, header_style="bold")
    for col in (
        "figure",
        "value",
        "unit",
        "approx",
        "subject",
        "indicator",
        "role",
        "period",
        "place",
    ):
        table.add_column(col, overflow="fold")
    for f in record.figures:
        value = f"{f.value:,}" if isinstance(f.value, int) else str(f.value)
        own = f.region if f.region and f.region != record.region else None
        place = (own.county or own.city or own.province or "") if own else ""
        table.add_row(
            f.text,
            value,
            f.unit,
            f.approx,
            f.subject or "",
            f.indicator,
            f.role,
            f.period or "",
            place,
        )
    console.print(table)
    if record.practices:
        console.print("[bold]practices:[/] " + " | ".join(p.name for p in record.practices))
    for warning in record.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    console.print()


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold answers, one JSON object a line.")],
    docs: Annotated[Path, typer.Option(help="Directory holding the gold's documents.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    show: Annotated[
        bool, typer.Option(help="List missed and false figures and practices.")
    ] = False,
) -> None:
    """Score the extraction against hand-checked answers (see the GUIDELINE format)."""
    from miner.evaluate import evaluate_gold, format_report
    from miner.inputs import InputError

    try:
        report = evaluate_gold(gold, docs)
    except (OSError, ValueError, KeyError, InputError) as exc:
        err.print(f"miner: error: {exc}", soft_wrap=True)
        raise typer.Exit(1) from None
    print(report.to_json() if as_json else format_report(report, show=show))


if __name__ == "__main__":
    app()
