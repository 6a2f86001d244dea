"""The ``miner`` command line: each command parses options, calls the library, prints."""

from __future__ import annotations

import itertools
import os
import sqlite3
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
from miner.store import DEFAULT_STORE

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Figures, places and practices from party-building work reports.",
)
err = Console(stderr=True, highlight=False)
_STORE_HELP = "The corpus store (SQLite)."


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


@app.command()
def themes(
    store: Annotated[
        Path, typer.Option("--store", help="The corpus store whose practices `miner build` wrote.")
    ] = DEFAULT_STORE,
    refit: Annotated[
        bool, typer.Option("--refit", help="Fit the theme model anew and save it.")
    ] = False,
    model_dir: Annotated[
        Path, typer.Option("--model-dir", help="Where the theme model is saved.")
    ] = Path("models") / "themes",
    seed: Annotated[int, typer.Option(help="Random seed of a fit.")] = 0,
    examples: Annotated[int, typer.Option(help="Example practices per theme.")] = 5,
) -> None:
    """Practice themes: clusters mapped onto the codebook, and the practices no theme fits."""
    from miner import cluster
    from miner.store import connect

    if not store.exists():
        err.print(f"miner: error: {store}: no store here; run `miner build` first", soft_wrap=True)
        raise typer.Exit(1)
    contexts = cluster.practice_contexts(connect(store))
    if not contexts:
        err.print(f"miner: error: {store}: no practices; run `miner build` first", soft_wrap=True)
        raise typer.Exit(1)
    try:
        model = None if refit else cluster.load_model(model_dir)
    except cluster.ModelMismatchError as exc:
        err.print(f"miner: error: {exc}", soft_wrap=True)
        raise typer.Exit(1) from None
    if model is None:
        err.print(f"miner: fitting the theme model on {len(contexts)} practices …")
        try:
            model = cluster.fit_themes(contexts, seed=seed)
        except ValueError as exc:
            err.print(f"miner: error: {exc}", soft_wrap=True)
            raise typer.Exit(1) from None
        err.print(f"miner: saved in {model.save(model_dir)}")
    elif model.manifest["corpus_hash"] != cluster.corpus_hash(contexts):
        err.print(
            f"miner: note: the model was fitted on {model.manifest['practices']} practices; the "
            f"store now holds {len(contexts)}: they are placed in its clusters (--refit refits)",
            soft_wrap=True,
        )
    summaries = cluster.themes_summary(model, contexts, examples=examples)
    print(cluster.format_themes(summaries, model.manifest, len(contexts)))


@app.command()
def scrape(
    urls: Annotated[
        list[str] | None,
        typer.Argument(
            help="Pages to fetch (http or https URLs).", metavar="URL...", show_default=False
        ),
    ] = None,
    urls_file: Annotated[
        Path | None,
        typer.Option(
            "--urls", help="Also fetch the URLs in this file, one a line (# starts a comment).",
            metavar="FILE",
        ),
    ] = None,
    contact: Annotated[
        str | None,
        typer.Option(
            envvar="MINER_CONTACT", metavar="URL",
            help="Your contact URL (or mailto:), sent in the User-Agent. Required.",
        ),
    ] = None,
    follow: Annotated[
        str | None,
        typer.Option(
            help="Follow links whose URL matches this regular expression, on the starting hosts.",
            metavar="REGEX",
        ),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host", metavar="HOST",
            help="Also follow links and redirects to this host (name, name:port or *.domain); "
            "repeatable.",
        ),
    ] = None,
    max_pages: Annotated[
        int | None,
        typer.Option(min=1, help="Fetch at most this many pages in this run (rerun to go on)."),
    ] = None,
    max_depth: Annotated[
        int, typer.Option(min=0, help="Follow links at most this many steps from a start URL.")
    ] = 3,
    delay: Annotated[
        float,
        typer.Option(
            min=0, help="Seconds between requests to one host (a longer Crawl-delay wins)."
        ),
    ] = 1.0,
    concurrency: Annotated[
        int, typer.Option(min=1, help="Hosts fetched from at once (one request at a time each).")
    ] = 4,
    timeout: Annotated[
        float,
        typer.Option(
            min=0.001,
            help="Seconds a request may stall; the whole request (connect, headers, body) gets "
            "four times that.",
        ),
    ] = 30.0,
    retries: Annotated[
        int, typer.Option(min=0, help="Retries after timeouts, connection errors, 408, 429, 5xx.")
    ] = 3,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Largest body kept; a larger page is recorded and skipped.")
    ] = 10 * 1024 * 1024,
    store: Annotated[Path, typer.Option("--store", help=_STORE_HELP)] = DEFAULT_STORE,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
) -> None:
    """Fetch pages politely into the corpus store; rerun the same command to resume.

    Exits 1 if a URL was not an http(s) URL or a page failed (see the summary).
    """
    import sqlite3

    from miner.scrape import ScrapeConfig, crawl, normalize_url

    if not contact:
        err.print(
            "miner: error: --contact URL is required (or MINER_CONTACT): sites must be able "
            "to tell who is crawling them",
            soft_wrap=True,
        )
        raise typer.Exit(2)
    seeds = list(urls or [])
    if urls_file:
        try:
            lines = urls_file.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            err.print(f"miner: error: {urls_file}: cannot read ({exc})", markup=False)
            raise typer.Exit(1) from None
        seeds += [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]
    bad = [url for url in seeds if normalize_url(url) is None]
    for url in bad:
        err.print(f"miner: error: {url}: not an http(s) URL", soft_wrap=True, markup=False)
    seeds = [url for url in seeds if url not in bad]
    if not seeds:
        if not bad:
            err.print("miner: error: no URLs to scrape (give URL... or --urls FILE)")
        raise typer.Exit(1)
    try:
        config = ScrapeConfig(
            contact=contact,
            follow=follow,
            allow_hosts=tuple(h.strip().lower() for h in allow_host or ()),
            max_pages=max_pages,
            max_depth=max_depth,
            delay=delay,
            concurrency=concurrency,
            timeout=timeout,
            retries=retries,
            max_bytes=max_bytes,
        )
    except ValueError as exc:
        err.print(f"miner: error: {exc}", soft_wrap=True, markup=False)
        raise typer.Exit(2) from None

    progress, show = _scrape_progress(quiet)
    try:
        with progress:
            stats = crawl(seeds, config, store, show)
    except KeyboardInterrupt:
        err.print(f"miner: interrupted; every page so far is in {store}: rerun to resume")
        sys.stdout.flush()
        sys.stderr.flush()
        # Workers may sit in a request for up to the timeout; nothing of theirs needs saving.
        os._exit(130)
    except sqlite3.DatabaseError as exc:
        err.print(f"miner: error: {store}: {exc}", soft_wrap=True, markup=False)
        raise typer.Exit(1) from None
    if not quiet:
        _scrape_summary(stats, store)
    raise typer.Exit(1 if bad or stats.failed else 0)


def _scrape_progress(quiet: bool):  # -> (rich Progress, callback taking CrawlStats)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        SpinnerColumn(),
        TextColumn("scraping"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}", markup=False),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
    )
    task = progress.add_task("scrape", total=None, counts="")

    def show(stats) -> None:
        busiest = sorted(stats.hosts.items(), key=lambda kv: -kv[1].pages)[:3]
        rates = "  ".join(f"{host} {s.rate:.2f}/s" for host, s in busiest if s.rate)
        progress.update(
            task,
            completed=stats.done,
            total=stats.done + stats.queued + stats.in_flight,
            counts=f"{stats.queued} queued  {stats.failed} failed  {rates}",
        )

    return progress, show


def _scrape_summary(stats, store: Path) -> None:
    err.print(
        f"miner: URLs visited: {stats.fetched} — {stats.stored} stored ({stats.duplicates} "
        f"near-duplicates), {stats.skipped} skipped, {stats.failed} failed; {stats.reused} "
        f"already in the store; {stats.queued} still queued; store: {store}",
        soft_wrap=True,
        markup=False,
    )
    for host, s in sorted(stats.hosts.items(), key=lambda kv: -kv[1].pages)[:10]:
        err.print(f"  {host}: {s.pages} pages, {s.failed} failed, {s.rate:.2f}/s", markup=False)
    shown = 20
    for url, why in stats.failures[:shown]:
        err.print(f"  failed: {url}: {why}", soft_wrap=True, markup=False)
    if len(stats.failures) > shown:
        err.print(f"  … and {len(stats.failures) - shown} more (pages with an error in the store)")
    if stats.queued:
        err.print("miner: rerun the same command to fetch the rest")


class Level(StrEnum):
    province = "province"
    city = "city"
    county = "county"


class TableFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"




@app.command("build")
def build_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Report files (.txt, .html) or directories of them to add.", metavar="PATH"
        ),
    ] = None,
    store: Annotated[Path, typer.Option("--store", help=_STORE_HELP)] = DEFAULT_STORE,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes (0: one per CPU core).")
    ] = 1,
    max_bytes: Annotated[
        int, typer.Option(help="Read at most this many bytes of a file (a warning says so).")
    ] = DEFAULT_MAX_BYTES,
) -> None:
    """Add reports to the store; extract every new or changed document in it (scraped pages too)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from miner.build import build

    bar = Progress(
        "building", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
        transient=True, disable=not err.is_terminal,
    )  # fmt: skip
    task = bar.add_task("build", total=None)
    try:
        with bar:
            summary = build(
                paths or [],
                store,
                jobs or os.cpu_count() or 1,
                max_bytes,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                on_error=lambda message: bar.console.print(
                    f"miner: error: {message}", soft_wrap=True, markup=False
                ),
                on_note=lambda message: bar.console.print(
                    f"miner: note: {message}", soft_wrap=True, markup=False
                ),
            )
    except KeyboardInterrupt:
        err.print(f"miner: interrupted; every document done so far is in {store}: rerun to resume")
        raise typer.Exit(130) from None
    except (OSError, sqlite3.Error) as exc:
        err.print(f"miner: error: {store}: {exc}", soft_wrap=True, markup=False)
        raise typer.Exit(1) from None
    err.print(
        f"miner: {store}: {summary.documents} documents ({summary.failing} without a record); "
        f"this build: {summary.added} added, {summary.changed} changed, {summary.removed} "
        f"removed, {summary.processed} extracted in {summary.seconds:.1f} s"
        + (f" ({summary.by_others} more by another build)" if summary.by_others else "")
        + f", {len(summary.errors)} errors",
        soft_wrap=True,
        markup=False,
    )
    if not summary.documents:
        err.print("miner: nothing to build: name report files or folders, or `miner scrape` pages")
    raise typer.Exit(1 if summary.errors else 0)


@app.command("table")
def table_command(
    level: Annotated[Level, typer.Option(help="One row per province, city or county.")] = (
        Level.province
    ),
    year: Annotated[int | None, typer.Option(help="Only reports about this year.")] = None,
    fmt: Annotated[
        TableFormat | None,
        typer.Option("--format", "-f", help="Output format (default: the suffix of -o, else csv)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write the tables here (CSV, Parquet: the long tables beside it as "
            "STEM_figures, _cases, _practices); without it the wide table goes to stdout.",
        ),
    ] = None,
    store: Annotated[Path, typer.Option("--store", help=_STORE_HELP)] = DEFAULT_STORE,
) -> None:
    """The comparison table: places side by side, each value with its evidence."""
    from miner.table import write_table

    try:
        written = write_table(
            store, level.value, year, fmt.value if fmt else None, output, out=sys.stdout
        )
    except BrokenPipeError:  # `miner table | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except (OSError, ValueError, sqlite3.Error) as exc:
        err.print(f"miner: error: {exc}", soft_wrap=True, markup=False)
        raise typer.Exit(1) from None
    for path in written:
        err.print(f"miner: wrote {path}", soft_wrap=True, markup=False)


@app.command("report")
def report_command(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The HTML file to write.")
    ] = Path("report.html"),
    level: Annotated[
        Level, typer.Option(help="Comparison table: one row per province, city or county.")
    ] = Level.province,
    year: Annotated[int | None, typer.Option(help="Only reports about this year.")] = None,
    store: Annotated[Path, typer.Option("--store", help=_STORE_HELP)] = DEFAULT_STORE,
) -> None:
    """One HTML file to share, readable offline: the comparison table, charts, every report
    with its figures and practices marked and linked to the table. Prints the file's path."""
    from miner.report import write_report

    try:
        path = write_report(store, output, level.value, year)
    except (OSError, ValueError) as exc:
        err.print(f"miner: error: {exc}", soft_wrap=True, markup=False)
        raise typer.Exit(1) from None
    except sqlite3.Error as exc:  # not SQLite at all, or not a store `miner build` made
        err.print(f"miner: error: {store}: {exc}", soft_wrap=True, markup=False)
        raise typer.Exit(1) from None
    print(path)


@app.command("kwic")
def kwic_command(
    term: Annotated[
        str | None,
        typer.Argument(help="The word or phrase to find (a literal string).", metavar="TERM"),
    ] = None,
    window: Annotated[
        int, typer.Option("--window", "-w", min=1, help="Characters of context on each side.")
    ] = 20,
    by: Annotated[
        Level | None, typer.Option(help="Group the lines by province, city or county.")
    ] = None,
    store: Annotated[Path, typer.Option("--store", help=_STORE_HELP)] = DEFAULT_STORE,
) -> None:
    """Keyword in context: every occurrence of TERM in the corpus, with its document and place."""
    from rich.cells import cell_len

    from miner.concordance import kwic_lines

    try:
        lines = kwic_lines(store, term or "", window, by.value if by else None)
    except (OSError, ValueError) as exc:
        err.print(f"miner: error: {exc}", soft_wrap=True, markup=False)
        raise typer.Exit(1) from None
    except sqlite3.Error as exc:  # not a store, or one `miner build` has not filled yet
        err.print(f"miner: error: {store}: {exc} (not a store `miner build` filled)",
                  soft_wrap=True, markup=False)
        raise typer.Exit(1) from None
    if not lines:
        err.print(f"miner: {term!r} does not occur in {store}", soft_wrap=True, markup=False)
        return
    rows = [
        (
            line.path or line.url or f"d{line.doc_id}",  # as `miner build` was given it
            "/".join(p for p in (line.province, line.city, line.county) if p) or "—",
            line,
        )
        for line in lines
    ]
    # Widths in terminal cells, not characters: a Chinese character takes two.
    doc_width = max(cell_len(doc) for doc, _, _ in rows)
    place_width = max(cell_len(place) for _, place, _ in rows)
    left_width = max(cell_len(line.left) for _, _, line in rows)
    try:
        for doc, place, line in rows:
            print(
                f"{doc}{' ' * (doc_width - cell_len(doc))}  "
                f"{place}{' ' * (place_width - cell_len(place))}  "
                f"{' ' * (left_width - cell_len(line.left))}{line.left}  {line.term}  {line.right}"
            )
    except BrokenPipeError:  # `miner kwic … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None


class CleanFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


@app.command("clean")
def clean_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Web pages (.html, .htm; .txt dumps too), directories of them, or - for stdin.",
            metavar="PAGE...",
        ),
    ],
    fmt: Annotated[
        CleanFormat, typer.Option("--format", "-f", help="The article as text, or JSON lines.")
    ] = CleanFormat.text,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Read at most this many bytes of a file (a warning says so).")
    ] = DEFAULT_MAX_BYTES,
) -> None:
    """The article of each page: body, title, date, source (来源) and author."""
    import json

    from miner.clean_html import page_record
    from miner.decode import NotTextError
    from miner.inputs import InputError, iter_sources

    try:
        out = output.open("w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        err.print(f"miner: error: {output}: cannot write ({exc.strerror or exc})", soft_wrap=True)
        raise typer.Exit(1) from None
    failed = 0
    try:
        for source in iter_sources(inputs, max_bytes):
            if isinstance(source, InputError):
                failed += 1
                err.print(f"miner: error: {source}", soft_wrap=True, markup=False)
                continue
            try:
                record = page_record(source.data, path=source.name, is_html=source.is_html)
            except NotTextError as exc:
                failed += 1
                err.print(f"miner: error: {source.name}: {exc}", soft_wrap=True, markup=False)
                continue
            record["warnings"][:0] = source.warnings
            for warning in source.warnings:
                err.print(f"miner: warning: {source.name}: {warning}", soft_wrap=True, markup=False)
            if fmt is CleanFormat.jsonl:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(_article_text(record))
            out.flush()
    except BrokenPipeError:  # `miner clean … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    if output:
        out.close()
    raise typer.Exit(1 if failed else 0)


def _article_text(record: dict) -> str:
    """A cleaned page for reading: headline, one line of metadata, the body."""
    meta = "  ·  ".join(f"{key} {record[key] or '—'}" for key in ("date", "source", "author"))
    warnings = "".join(f"warning: {w}\n" for w in record["warnings"])
    return (
        f"{record['title'] or '(no title)'}\n{record['doc']['path']}  ·  {meta}\n{warnings}\n"
        f"{record['body']}\n\n"
    )


if __name__ == "__main__":
    app()
