"""The corpus store: one SQLite file (default ``corpus/miner.db``) that loses nothing.

Every stage that keeps data keeps it here, in WAL mode, one transaction per unit of work, so a
process killed at any moment leaves the file consistent and a rerun resumes:

- ``pages``: what the scraper fetched, raw bytes and all (``miner.scrape``); extraction reads
  them back through ``iter_pages``;
- the build tables (documents, figures, practices, cases) added by ``miner.build``.

Modules own their tables: each keeps its DDL (``CREATE TABLE IF NOT EXISTS``) and applies it
with ``ensure_schema``; this module holds the connection rules and the ``pages`` table that
scraping and building share.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_STORE = Path("corpus") / "miner.db"

PAGES_DDL = """
CREATE TABLE IF NOT EXISTS pages (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,   -- requested URL, normalized
    final_url     TEXT,                   -- after redirects
    host          TEXT NOT NULL,
    status        INTEGER,                -- HTTP status; NULL when no response came
    headers       TEXT,                   -- response headers, JSON object
    content_type  TEXT,
    body          BLOB,                   -- raw bytes as fetched (NULL when skipped)
    encoding      TEXT,                   -- detected encoding of body
    fetched_at    TEXT NOT NULL,          -- UTC ISO 8601
    sha256        TEXT,                   -- of body
    simhash       INTEGER,                -- of the cleaned text, for near-duplicates
    duplicate_of  INTEGER REFERENCES pages(id),  -- same story already stored from this page
    error         TEXT                    -- why there is no usable body (404, non-HTML, cap…)
);
CREATE INDEX IF NOT EXISTS pages_sha256 ON pages(sha256);
-- A URL some page was redirected to is not fetched again (miner.scrape).
CREATE INDEX IF NOT EXISTS pages_final_url ON pages(final_url);
"""


@dataclass(frozen=True)
class StoredPage:
    id: int
    url: str
    final_url: str | None
    body: bytes
    headers: str | None
    encoding: str | None
    fetched_at: str
    sha256: str | None


def connect(path: str | Path = DEFAULT_STORE) -> sqlite3.Connection:
    """Open (creating if needed) the store: WAL, foreign keys, the shared ``pages`` table."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)  # explicit transactions
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoint, never torn
    conn.execute("PRAGMA foreign_keys=ON")
    ensure_schema(conn, PAGES_DDL)
    return conn


def ensure_schema(conn: sqlite3.Connection, ddl: str) -> None:
    conn.executescript(ddl)


def iter_pages(conn: sqlite3.Connection, include_duplicates: bool = False) -> Iterator[StoredPage]:
    """Stored pages with a usable body, oldest first (near-duplicates left out by default)."""
    sql = (
        "SELECT id, url, final_url, body, headers, encoding, fetched_at, sha256 FROM pages "
        "WHERE body IS NOT NULL AND error IS NULL"
        + ("" if include_duplicates else " AND duplicate_of IS NULL")
        + " ORDER BY id"
    )
    for row in conn.execute(sql):
        yield StoredPage(*row)
