"""Building the corpus: every report and scraped page in the store extracted, cut into cases.

``build(paths, store)`` adds the report files found under ``paths`` to the store (their bytes:
the store keeps what it was built from, so a rebuild needs no files), registers the pages the
scraper stored (``miner.store.iter_pages``), then extracts every document that needs it:

- new documents, documents whose bytes changed (sha256), and documents built by another
  miner version or codebook version (``documents.built_with``); a rerun over an unchanged
  corpus extracts nothing, and a file given again with new content is extracted again;
- across ``jobs`` worker processes, forked once the pipeline is built (as ``miner extract``
  does), in document order: each worker extracts a document, cuts the record into cases
  (``miner.cases``), gives its practices their themes (``cluster.assign_practice_themes``)
  and makes its rows; the main process reads the store and writes them;
- one transaction per document, ``built_with`` written with its rows, so a killed build
  leaves the store consistent and the next one resumes with the documents not yet done;
- builds running at once on one store share the work: each document is claimed (``claims``:
  host, pid, time) in a short transaction before it is extracted, and a build takes only the
  documents no live build has claimed; it then waits for the ones others are extracting (a
  note says so) and takes over those of a build that died (its pid is gone, or it has written
  nothing for ``CLAIM_TIMEOUT`` seconds), so every build ends with the store complete and no
  document is extracted twice;
- a document that yields no record (binary, undecodable, a fault in a stage) is stored with
  its error, reported once, and the build goes on. An input that cannot be read at all
  (missing, empty) is reported and not added: there is no document to keep.

Tables (the DDL below; ``doc_id`` links them, ``ON DELETE CASCADE``): ``documents`` (one per
report file or page, its metadata, error and the full ``miner.record/2`` JSON), ``cases``
(``miner.cases``: one per place a report is about), ``figures`` and ``practices`` (one row per
figure / practice with its case's region and its own evidence; practices with their codebook
themes, ``miner.cluster``). Documents are numbered (3); the rows under them have text ids that
say where they come from: ``d3-c1`` its case 1, ``d3-f12`` its ``record.figures[12]``,
``d3-p4`` its ``record.practices[4]``.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from miner import __version__, cluster
from miner.cases import split_cases
from miner.inputs import DEFAULT_MAX_BYTES, InputError, Source, iter_sources
from miner.output import record_json
from miner.records import Record, Region
from miner.store import DEFAULT_STORE, connect, ensure_schema, iter_pages

BUILD_DDL = """
CREATE TABLE IF NOT EXISTS documents (
    id            INTEGER PRIMARY KEY,
    file          TEXT UNIQUE,          -- a report file: its absolute path (NULL for a page)
    page_id       INTEGER UNIQUE REFERENCES pages(id) ON DELETE CASCADE,  -- a scraped page
    path          TEXT,                 -- the file as given (record doc.path)
    url           TEXT,                 -- a page's final URL (record doc.url)
    data          BLOB,                 -- a file's bytes (a page's stay in pages.body)
    is_html       INTEGER NOT NULL,
    read_warnings TEXT,                 -- JSON list: what reading the file noted (truncation)
    sha256        TEXT NOT NULL,        -- of the bytes
    fetched_at    TEXT,
    built_with    TEXT,                 -- "miner X; codebook Y" of the last build; NULL: to do
    error         TEXT,                 -- why there is no record; NULL when there is one
    title TEXT, date TEXT, year INTEGER, source TEXT, author TEXT,
    province TEXT, city TEXT, county TEXT, region_code TEXT, region_level TEXT,
    encoding TEXT, chars INTEGER,
    warnings      TEXT,                 -- JSON list, the record's warnings
    record        TEXT                  -- the full miner.record/2 JSON
);
CREATE TABLE IF NOT EXISTS cases (
    id            TEXT PRIMARY KEY,     -- d<doc>-c<n>; n = 0 is the report-level case
    doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n             INTEGER NOT NULL,
    province TEXT, city TEXT, county TEXT, region_code TEXT, region_level TEXT,
    spans         TEXT NOT NULL,        -- JSON [[start, end], ...]: its paragraphs in the body
    figures       INTEGER NOT NULL,
    practices     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS figures (
    id            TEXT PRIMARY KEY,     -- d<doc>-f<n>: record.figures[n]
    doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    case_id       TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    n             INTEGER NOT NULL,
    text TEXT, value NUMERIC, unit TEXT, approx TEXT, subject TEXT, indicator TEXT, role TEXT,
    period TEXT, sentence TEXT, start INTEGER, "end" INTEGER,
    province TEXT, city TEXT, county TEXT, region_code TEXT, region_level TEXT,  -- its case's
    figure_province TEXT, figure_city TEXT, figure_county TEXT,  -- the figure's own place
    figure_code TEXT, figure_level TEXT,
    sector TEXT,                        -- whose party building (GUIDELINE); NULL for other
    figure_year INTEGER                 -- the year its value refers to (figure.year)
);
CREATE INDEX IF NOT EXISTS figures_doc ON figures(doc_id);
CREATE INDEX IF NOT EXISTS figures_indicator ON figures(indicator, region_code);
CREATE TABLE IF NOT EXISTS practices (
    id            TEXT PRIMARY KEY,     -- d<doc>-p<n>: record.practices[n]
    doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    case_id       TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    n             INTEGER NOT NULL,
    name TEXT, kind TEXT, parts TEXT, start INTEGER, "end" INTEGER, sentence TEXT,
    themes        TEXT NOT NULL,        -- JSON list of codebook theme ids; [] = unassigned
    province TEXT, city TEXT, county TEXT, region_code TEXT, region_level TEXT  -- its case's
);
CREATE INDEX IF NOT EXISTS practices_doc ON practices(doc_id);
CREATE INDEX IF NOT EXISTS cases_doc ON cases(doc_id);
CREATE TABLE IF NOT EXISTS claims (    -- documents a running build is extracting
    doc_id        INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    host          TEXT NOT NULL,
    pid           INTEGER NOT NULL,
    claimed_at    REAL NOT NULL         -- Unix time; renewed each time that build writes
);
"""

# A claim whose build has written nothing for this long is taken over even if its pid seems
# alive (a hung build, a pid reused after a reboot, a build on another host).
CLAIM_TIMEOUT = 600.0
# How often a build waiting for another one's documents looks again.
_WAIT_SECONDS = 0.5

# The layout of the rows a build writes: a new one (rows 2 added the figures' sector and
# figure_year) means building every document again.
ROWS_VERSION = 2
# Columns later layouts added to a table, for stores made before them (ALTER TABLE appends).
_ADDED_COLUMNS = {"figures": (("sector", "TEXT"), ("figure_year", "INTEGER"))}

# Stamped on each built document: another tool, codebook or rows version means building it again.
BUILT_WITH = f"miner {__version__}; codebook {cluster.CODEBOOK_VERSION}; rows {ROWS_VERSION}"


def ensure_build_schema(conn: sqlite3.Connection) -> None:
    """The build tables, with the columns later layouts added (a store built before them)."""
    ensure_schema(conn, BUILD_DDL)
    for table, columns in _ADDED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, kind in columns:
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def built_with() -> str:
    """The stamp of this build: the tool, the codebook, and the theme model (a refit model
    gives practices other themes, so its documents are built again)."""
    manifest = cluster.read_manifest() or {}
    return f"{BUILT_WITH}; model {manifest.get('corpus_hash', 'none')}"


@dataclass(frozen=True)
class BuildSummary:
    """What one build did."""

    store: Path
    added: int  # documents new to the store (files and pages)
    changed: int  # documents whose bytes changed since the last build
    removed: int  # pages no longer usable (now a duplicate or an error): their rows dropped
    processed: int  # documents extracted in this build, failures included
    by_others: int = 0  # documents that needed it and another build running at once extracted
    errors: list[str] = field(default_factory=list)  # one line per failure, in order
    documents: int = 0  # documents in the store afterwards
    failing: int = 0  # of which have no record (their error is in documents.error)
    seconds: float = 0.0


@dataclass
class _Built:
    """The rows of one document, or its error."""

    doc_id: int
    error: str | None = None
    document: tuple = ()
    cases: list[tuple] = field(default_factory=list)
    figures: list[tuple] = field(default_factory=list)
    practices: list[tuple] = field(default_factory=list)


def build(
    paths: Iterable[str] = (),
    store: str | Path = DEFAULT_STORE,
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Add the reports under ``paths`` and extract every document of ``store`` that needs it.

    ``progress(done, total)`` is called once before the first document and after each one;
    ``on_error(message)`` for each input or document that yields no record; ``on_note`` when
    the build waits for documents another build is extracting.
    """
    t0 = time.perf_counter()
    errors: list[str] = []

    def report(message: str) -> None:
        errors.append(message)
        if on_error:
            on_error(message)

    stamp = built_with()
    conn = connect(store)
    try:
        ensure_build_schema(conn)
        added, changed = _add_files(conn, paths, max_bytes, report)
        pages_added, pages_changed, removed = _sync_pages(conn)
        todo = [
            i
            for (i,) in conn.execute(
                "SELECT id FROM documents WHERE built_with IS NOT ? ORDER BY id", (stamp,)
            )
        ]
        total, processed, by_others = len(todo), 0, 0
        if progress:
            progress(0, total)

        def elsewhere() -> None:  # a document another build has written meanwhile
            nonlocal by_others
            by_others += 1
            if progress:
                progress(processed + by_others, total)

        queue = todo
        while queue:
            busy: dict[int, str] = {}  # held by a live build (which): tried again after a wait
            claimed = _claimed(conn, queue, stamp, busy, elsewhere)
            inputs = ((i, _source(conn, i)) for i in claimed)
            for built in _build_all(inputs, jobs if len(queue) > 1 else 1):
                _write(conn, built, stamp)
                processed += 1
                if built.error:
                    report(built.error)
                if progress:
                    progress(processed + by_others, total)
            if busy and queue is todo and on_note:
                held = "1 document is" if len(busy) == 1 else f"{len(busy)} documents are"
                builds = ", ".join(sorted(set(busy.values())))
                on_note(f"{held} being extracted by another build ({builds}): waiting for it")
            if busy:
                time.sleep(_WAIT_SECONDS)
            queue = list(busy)
        documents, failing = conn.execute("SELECT count(*), count(error) FROM documents").fetchone()
    finally:
        _release(conn)
        conn.close()
    return BuildSummary(
        store=Path(store),
        added=added + pages_added,
        changed=changed + pages_changed,
        removed=removed,
        processed=processed,
        by_others=by_others,
        errors=errors,
        documents=documents,
        failing=failing,
        seconds=time.perf_counter() - t0,
    )


# ------------------------------------------------------------------ registering documents
def _add_files(
    conn: sqlite3.Connection, paths: Iterable[str], max_bytes: int, report: Callable[[str], None]
) -> tuple[int, int]:
    """Store each report file's bytes; return (added, changed)."""
    added = changed = 0
    for source in iter_sources(paths, max_bytes):
        if isinstance(source, InputError):
            report(str(source))
            continue
        file = str(Path(source.name).resolve())
        sha = hashlib.sha256(source.data).hexdigest()
        values = (
            source.name,
            source.data,
            source.is_html,
            json.dumps(list(source.warnings), ensure_ascii=False),
            sha,
        )
        with _transaction(conn):  # one per file: a long registration never blocks the scraper
            row = conn.execute(
                "SELECT id, sha256 FROM documents WHERE file = ?", (file,)
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO documents (path, data, is_html, read_warnings, sha256, file)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (*values, file),
                )
                added += 1
            elif row[1] != sha:
                conn.execute(
                    "UPDATE documents SET path = ?, data = ?, is_html = ?, read_warnings = ?,"
                    " sha256 = ?, built_with = NULL WHERE id = ?",
                    (*values, row[0]),
                )
                changed += 1
    return added, changed


def _sync_pages(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """A document for each usable scraped page; return (added, changed, removed)."""
    pages = [
        (p.id, p.final_url or p.url, p.fetched_at, p.sha256 or hashlib.sha256(p.body).hexdigest())
        for p in iter_pages(conn)
    ]
    known = dict(conn.execute("SELECT page_id, sha256 FROM documents WHERE page_id IS NOT NULL"))
    added = changed = 0
    with _transaction(conn):
        for page_id, url, fetched_at, sha in pages:
            if page_id not in known:
                conn.execute(
                    "INSERT INTO documents (page_id, url, fetched_at, sha256, is_html)"
                    " VALUES (?, ?, ?, ?, 1)",
                    (page_id, url, fetched_at, sha),
                )
                added += 1
            elif known[page_id] != sha:
                conn.execute(
                    "UPDATE documents SET url = ?, fetched_at = ?, sha256 = ?, built_with = NULL"
                    " WHERE page_id = ?",
                    (url, fetched_at, sha, page_id),
                )
                changed += 1
        gone = set(known) - {p[0] for p in pages}
        conn.executemany("DELETE FROM documents WHERE page_id = ?", [(i,) for i in sorted(gone)])
    return added, changed, len(gone)


# ------------------------------------------------------------------ claiming documents
def _me() -> tuple[str, int]:
    return socket.gethostname(), os.getpid()


def _claimed(
    conn: sqlite3.Connection,
    doc_ids: list[int],
    stamp: str,
    busy: dict[int, str],
    elsewhere: Callable[[], None],
) -> Iterator[int]:
    """The documents of ``doc_ids`` this build claims, as they are claimed (lazily: a build
    claims only as far ahead as its workers' window). A document another live build holds goes
    to ``busy``; one another build has built meanwhile is counted by ``elsewhere``."""
    host, pid = _me()
    for doc_id in doc_ids:
        with _transaction(conn):
            row = conn.execute("SELECT built_with FROM documents WHERE id = ?", (doc_id,))
            built = row.fetchone()
            claim = conn.execute(
                "SELECT host, pid, claimed_at FROM claims WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            free = built is not None and built[0] != stamp and not (claim and _live_claim(*claim))
            if free:
                conn.execute(
                    "INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?)",
                    (doc_id, host, pid, time.time()),
                )
        if free:
            yield doc_id
        elif built is None:  # dropped meanwhile (its page is now a duplicate)
            continue
        elif built[0] == stamp:
            elsewhere()
        else:
            busy[doc_id] = f"pid {claim[1]} on {claim[0]}"


def _live_claim(host: str, pid: int, claimed_at: float) -> bool:
    """Whether another build that is still running holds this claim."""
    if (host, pid) == _me():  # an earlier build of this process, interrupted
        return False
    if time.time() - claimed_at > CLAIM_TIMEOUT:
        return False
    if host != socket.gethostname():  # its pid says nothing here
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, run by another user
        return True
    return True


def _release(conn: sqlite3.Connection) -> None:
    """Drop this build's claims on documents it did not write (it was interrupted)."""
    try:
        conn.execute("DELETE FROM claims WHERE host = ? AND pid = ?", _me())
    except sqlite3.Error:  # the store itself failed: the error already on its way says so
        pass


def _source(conn: sqlite3.Connection, doc_id: int) -> Source:
    """A stored document as an input: a file's bytes as read, or a page as the scraper kept it."""
    path, data, is_html, read_warnings, url, fetched_at, body, encoding = conn.execute(
        "SELECT d.path, d.data, d.is_html, d.read_warnings, d.url, d.fetched_at, p.body,"
        " p.encoding FROM documents d LEFT JOIN pages p ON p.id = d.page_id WHERE d.id = ?",
        (doc_id,),
    ).fetchone()
    if path is not None:
        return Source(path, data, bool(is_html), tuple(json.loads(read_warnings or "[]")))
    return Source(
        url, body, True, url=url, fetched_at=fetched_at, declared_encoding=encoding
    )  # as miner.inputs.iter_store_sources gives a page


def _region(region: Region | None) -> tuple:
    if region is None:
        return (None,) * 5
    return (region.province, region.city, region.county, region.code, region.level)


def _build_all(documents: Iterable[tuple[int, Source]], jobs: int) -> Iterator[_Built]:
    """``_build_one`` over the documents, in order, in ``jobs`` processes: the cases, themes
    and rows are made in the workers too, so the main process only reads and writes the store
    and never keeps the workers waiting."""
    from miner.core import ordered_map  # spaCy loads only when something is built

    return ordered_map(_build_one, documents, jobs)


def _build_one(document: tuple[int, Source]) -> _Built:
    """The rows of one document, or its error (in a worker process when ``jobs`` > 1)."""
    # Imported here: spaCy loads only when something is built (miner.table imports this module).
    from miner.core import extract_or_error

    doc_id, source = document
    result = extract_or_error(source)
    if isinstance(result, InputError):
        return _Built(doc_id, error=str(result))
    try:
        return _rows(doc_id, result)
    except Exception as exc:  # a fault on one document is reported, the build goes on
        return _Built(
            doc_id, error=f"{source.name}: could not be processed ({type(exc).__name__}: {exc})"
        )


def _rows(doc_id: int, record: Record) -> _Built:
    cases = split_cases(record)
    themes = cluster.assign_practice_themes([(p.name, p.sentence) for p in record.practices])
    case_rows, figure_rows, practice_rows = [], [], []
    for case in cases:
        case_id = f"d{doc_id}-c{case.number}"
        where = _region(case.region)
        case_rows.append(
            (case_id, doc_id, case.number, *where, json.dumps(case.spans),
             len(case.figures), len(case.practices))
        )  # fmt: skip
        for n in case.figures:
            f = record.figures[n]
            figure_rows.append(
                (f"d{doc_id}-f{n}", doc_id, case_id, n, f.text, f.value, f.unit, f.approx,
                 f.subject, f.indicator, f.role, f.period, f.sentence, f.start, f.end,
                 *where, *_region(f.region), f.sector, f.year)
            )  # fmt: skip
        for n in case.practices:
            p = record.practices[n]
            practice_rows.append(
                (f"d{doc_id}-p{n}", doc_id, case_id, n, p.name, p.kind,
                 json.dumps(p.parts, ensure_ascii=False), p.start, p.end, p.sentence,
                 json.dumps(themes[n]), *where)
            )  # fmt: skip
    document = (
        record.doc.url, record.doc.fetched_at, record.title, record.date, record.year,
        record.source, record.author, *_region(record.region), record.doc.encoding,
        record.doc.chars, json.dumps(record.warnings, ensure_ascii=False), record_json(record),
    )  # fmt: skip
    return _Built(doc_id, None, document, case_rows, figure_rows, practice_rows)


# ------------------------------------------------------------------------------ writing
# Document columns a record fills; a page's URL and fetch time come before them.
_RECORD_FIELDS = (
    "title", "date", "year", "source", "author",
    "province", "city", "county", "region_code", "region_level",
    "encoding", "chars", "warnings", "record",
)  # fmt: skip


def _write(conn: sqlite3.Connection, built: _Built, stamp: str) -> None:
    """Replace one document's rows and release its claim, in one transaction."""
    with _transaction(conn):
        conn.execute("DELETE FROM claims WHERE doc_id = ?", (built.doc_id,))
        # A build that writes is alive: its other claims are renewed (see CLAIM_TIMEOUT).
        conn.execute(
            "UPDATE claims SET claimed_at = ? WHERE host = ? AND pid = ?", (time.time(), *_me())
        )
        conn.execute("DELETE FROM cases WHERE doc_id = ?", (built.doc_id,))  # cascades
        if built.error:  # an earlier record's metadata goes; a page's URL and fetch time stay
            cleared = ", ".join(f"{k} = NULL" for k in _RECORD_FIELDS)
            conn.execute(
                f"UPDATE documents SET {cleared}, error = ?, built_with = ? WHERE id = ?",
                (built.error, stamp, built.doc_id),
            )
            return
        filled = ", ".join(f"{k} = ?" for k in ("url", "fetched_at", *_RECORD_FIELDS))
        conn.execute(
            f"UPDATE documents SET {filled}, error = NULL, built_with = ? WHERE id = ?",
            (*built.document, stamp, built.doc_id),
        )
        for table, rows in (
            ("cases", built.cases),
            ("figures", built.figures),
            ("practices", built.practices),
        ):
            if rows:  # rows are in the DDL's column order
                marks = ", ".join("?" * len(rows[0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (the store's connections are in autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
