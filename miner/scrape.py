"""The polite crawler behind ``miner scrape``: pages into the corpus store, resumable.

A crawl starts from seed URLs and, with ``follow``, walks the links whose URL matches a regular
expression, staying on the seeds' hosts (plus ``allow_hosts``) and within ``max_depth`` links of
a seed. A *host* is a name and port: ``www.gov.cn`` and ``www.gov.cn:8080`` are two hosts.

Polite: robots.txt is obeyed (Disallow/Allow, Crawl-delay, Request-rate; an unreachable
robots.txt closes its site for the run, as RFC 9309 says); one request at a time per host,
``delay`` seconds (or the site's Crawl-delay, if longer) apart; a User-Agent that names the tool
and the user's contact URL. Safe: only http(s); redirects followed by hand, capped, each hop
checked against robots.txt and kept on the crawl's hosts (the same rule as for links); bodies
streamed, decoded (gzip, deflate, in any number of layers) piece by piece and cut at
``max_bytes`` of decoded bytes, so a compression bomb inflates no further; non-HTML bodies never
downloaded; one deadline (four timeouts) for each whole request, connect, headers and body, so
a server trickling a byte at a time cannot hold a worker. Timeouts, connection errors, 408,
429 and 5xx are retried with exponential backoff (a Retry-After header is honoured); 404, 410
and other answers are final.

Everything goes into the store (``miner.store``), one transaction per page: the ``pages`` row
(requested and final URL, status, headers, raw bytes, detected encoding, fetched-at time,
sha256) together with the links it adds to the crawl's frontier (``crawl_queue``). A process
killed at any moment (even ``kill -9``) leaves each page either whole or absent, and a rerun
resumes from the frontier.

Identity:

- a URL is fetched once: URLs are compared after ``normalize_url``, and a URL already stored,
  as requested URL or as the end of a redirect, is not fetched again unless its row records a
  transient failure (no response, 408, 429, 5xx) or a redirect not followed (which a crawl
  with other hosts allowed may follow), which a later run retries;
- a crawl is its seeds and rules (``follow``, ``allow_hosts``, ``max_depth``): rerunning the
  same command resumes that crawl's frontier; a different command starts its own frontier but
  still fetches nothing already stored (stored pages are walked for their links instead);
- the same story republished on several sites is a near-duplicate: when the simhash of a page's
  article text is within ``NEAR_DUPLICATE_BITS`` of a stored page's (or its bytes are the
  same), the page is stored with ``duplicate_of`` naming the first, and ``iter_pages`` leaves it
  out, so it never becomes a second case.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import json
import random
import re
import sqlite3
import string
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from miner import __version__, decode
from miner.store import DEFAULT_STORE, connect, ensure_schema

__all__ = [
    "CRAWL_DDL",
    "NEAR_DUPLICATE_BITS",
    "CrawlStats",
    "HostStats",
    "ScrapeConfig",
    "crawl",
    "extract_links",
    "normalize_url",
    "simhash",
]

CRAWL_DDL = """
CREATE TABLE IF NOT EXISTS crawls (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,   -- sha256 of seeds and rules: same command, same crawl
    seeds       TEXT NOT NULL,          -- JSON list of the normalized seed URLs
    rules       TEXT NOT NULL,          -- JSON object: follow, allow_hosts, max_depth
    started_at  TEXT NOT NULL           -- UTC ISO 8601, first run
);
CREATE TABLE IF NOT EXISTS crawl_queue (
    id        INTEGER PRIMARY KEY,      -- frontier order: breadth first
    crawl     INTEGER NOT NULL REFERENCES crawls(id),
    url       TEXT NOT NULL,            -- normalized
    depth     INTEGER NOT NULL,         -- links from a seed (a seed: 0)
    referrer  TEXT,                     -- the page the link was found on
    done      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (crawl, url)
);
CREATE INDEX IF NOT EXISTS crawl_queue_pending ON crawl_queue(crawl, done);
"""

# A row that records no final answer: a later run fetches its URL again. A redirect's status
# is stored only when it was not followed (a loop, or off the crawl's hosts).
_RETRYABLE = "(status IS NULL OR status IN (301, 302, 303, 307, 308, 408, 429) OR status >= 500)"
_TRANSIENT_STATUS = frozenset({408, 429})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ROBOTS_MAX_BYTES = 500 * 1024  # what RFC 9309 asks crawlers to read at least
# Below this many characters of article text a simhash says little: such pages are only
# compared byte for byte.
_SIMHASH_MIN_CHARS = 50
NEAR_DUPLICATE_BITS = 3  # of 64: the usual threshold for web pages (Manku et al., 2007)
# A per-read timeout does not stop a server that trickles a byte a second: a whole request
# (connect, headers and body) gets this many timeouts.
_DEADLINE_TIMEOUTS = 4


@dataclass(frozen=True)
class ScrapeConfig:
    """How to crawl. ``contact`` (a URL or mailto:) goes into the User-Agent and is required."""

    contact: str
    follow: str | None = None  # regular expression, searched in each normalized link URL
    allow_hosts: tuple[str, ...] = ()  # name, name:port, or *.domain (the domain and below)
    max_pages: int | None = None  # pages fetched in one run; a rerun continues
    max_depth: int = 3
    delay: float = 1.0  # seconds between requests to one host
    concurrency: int = 4  # hosts fetched from at once
    timeout: float = 30.0  # seconds without progress on a request
    retries: int = 3  # after the first attempt, for transient failures
    backoff: float = 2.0  # first retry wait in seconds, doubled each time
    max_retry_after: float = 600.0  # a longer Retry-After gives the URL up for this run
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5

    def __post_init__(self) -> None:
        contact = urlsplit(self.contact.strip())
        if contact.scheme not in ("http", "https", "mailto") or not (
            contact.netloc or contact.path
        ):
            raise ValueError(f"contact must be an http(s) or mailto: URL, not {self.contact!r}")
        if self.follow is not None:
            try:
                re.compile(self.follow)
            except re.error as exc:
                raise ValueError(f"follow: bad regular expression {self.follow!r}: {exc}") from None
        for rule in self.allow_hosts:
            if not rule or "/" in rule or rule != rule.strip().lower():
                raise ValueError(f"allow_hosts: {rule!r} is not a lower-case host name")
        for name in ("delay", "timeout", "backoff", "max_retry_after"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.timeout == 0 or self.concurrency < 1 or self.max_bytes < 1:
            raise ValueError("timeout, concurrency and max_bytes must be positive")
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError("max_pages must be positive")
        if min(self.max_depth, self.retries, self.max_redirects) < 0:
            raise ValueError("max_depth, retries and max_redirects must not be negative")

    @property
    def user_agent(self) -> str:
        return f"miner/{__version__} (+{self.contact.strip()})"


@dataclass
class HostStats:
    pages: int = 0  # answered requests (any outcome)
    failed: int = 0
    first: float | None = None  # time.monotonic() of the first request
    last: float | None = None  # … and of the last answer

    @property
    def rate(self) -> float:
        """Pages a second since the first request (0 until two pages are in)."""
        if self.pages < 2 or self.first is None or self.last is None or self.last <= self.first:
            return 0.0
        return self.pages / (self.last - self.first)


@dataclass
class CrawlStats:
    """Where a crawl stands; passed to the progress callback after each page."""

    crawl: int = 0  # crawls.id
    stored: int = 0  # fetched with a usable body (near-duplicates included)
    duplicates: int = 0  # of those, near-duplicates of a page stored before
    skipped: int = 0  # by rule: robots.txt, not HTML, over the size cap, empty
    failed: int = 0  # no usable answer: 4xx, 5xx/timeouts after retries, redirect loops
    reused: int = 0  # already in the store: not fetched again
    retries: int = 0
    queued: int = 0  # still in the frontier
    in_flight: int = 0
    hosts: dict[str, HostStats] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, why)

    @property
    def fetched(self) -> int:
        return self.stored + self.skipped + self.failed

    @property
    def done(self) -> int:
        return self.fetched + self.reused


# ---------------------------------------------------------------------------- URLs

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_PATH_SAFE = "/:@!$&'()*+,;=%"
_QUERY_SAFE = _PATH_SAFE + "?"


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The one spelling of an http(s) URL (``None`` for any other scheme or a broken URL).

    Relative URLs are resolved against ``base``. Scheme and host are lower-cased, an IDN host
    is punycoded, the default port, user info and fragment are dropped, dot segments removed,
    an empty path becomes ``/``, the query's ``&``-separated parts are sorted, non-ASCII
    characters are %-escaped (as UTF-8), escapes of unreserved characters decoded and the
    other escapes upper-cased.
    """
    url = url.strip()
    try:
        if base is not None:
            url = urljoin(base, url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _remove_dot_segments(_escapes(parts.path, _PATH_SAFE))
    query = "&".join(sorted(p for p in _escapes(parts.query, _QUERY_SAFE).split("&") if p))
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def _escapes(part: str, safe: str) -> str:
    def fix(m: re.Match[str]) -> str:
        char = chr(int(m.group(1), 16))
        return char if char in _UNRESERVED else "%" + m.group(1).upper()

    return _ESCAPE.sub(fix, quote(part, safe=safe))


def _remove_dot_segments(path: str) -> str:
    segments = path.split("/")
    out: list[str] = []
    for seg in segments[1:]:
        if seg == "..":
            if out:
                out.pop()
        elif seg != ".":
            out.append(seg)
    if segments[-1] in (".", ".."):
        out.append("")  # /a/b/.. is the directory /a/
    return "/" + "/".join(out)


def _host(url: str) -> str:
    return urlsplit(url).netloc


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _host_matches(netloc: str, rule: str) -> bool:
    name = urlsplit("//" + netloc).hostname or netloc
    if rule.startswith("*."):
        return name == rule[2:] or name.endswith(rule[1:])
    return rule in (netloc, name)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "base" and self.base is None and a.get("href"):
            self.base = a["href"]
        elif tag in ("a", "area") and a.get("href"):
            self.links.append(a["href"] or "")
        elif tag in ("frame", "iframe") and a.get("src"):
            # Old government sites build their pages from framesets.
            self.links.append(a["src"] or "")


def extract_links(html: str, url: str) -> list[str]:
    """The normalized http(s) links of a page (a, area, frame, iframe; ``<base>`` honoured)."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    base = urljoin(url, parser.base) if parser.base else url
    return list(dict.fromkeys(n for link in parser.links if (n := normalize_url(link, base))))


# ---------------------------------------------------------------------------- near-duplicates

_MASK = (1 << 64) - 1


def simhash(text: str) -> int | None:
    """64-bit simhash of a text's character 3-grams (white space ignored), signed as SQLite
    stores integers; ``None`` for a text too short to judge."""
    chars = "".join(text.split())
    if len(chars) < _SIMHASH_MIN_CHARS:
        return None
    grams = Counter(chars[i : i + 3] for i in range(len(chars) - 2))
    total = sum(grams.values())
    weight_of_bit = [0] * 64
    for gram, n in grams.items():
        h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        while h:
            low = h & -h
            weight_of_bit[low.bit_length() - 1] += n
            h ^= low
    value = sum(1 << bit for bit, w in enumerate(weight_of_bit) if 2 * w > total)
    return value - (1 << 64) if value >> 63 else value


class _NearDuplicates:
    """Stored simhashes, indexed so a lookup reads only candidates: two hashes within 3 bits
    agree on at least one of their four 16-bit bands."""

    def __init__(self) -> None:
        self._bands: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def add(self, page_id: int, value: int) -> None:
        value &= _MASK
        for band in range(4):
            self._bands.setdefault((band, value >> (16 * band) & 0xFFFF), []).append(
                (page_id, value)
            )

    def find(self, value: int) -> int | None:
        value &= _MASK
        near = [
            page_id
            for band in range(4)
            for page_id, other in self._bands.get((band, value >> (16 * band) & 0xFFFF), ())
            if (value ^ other).bit_count() <= NEAR_DUPLICATE_BITS
        ]
        return min(near, default=None)


def _article_text(html: str, url: str) -> str:
    # Imported here: the cleaner loads its parser and rules, which `miner scrape --help` and
    # a crawl that only meets errors never need.
    from miner.clean_html import clean_html

    return clean_html(html, url).body


# ---------------------------------------------------------------------------- fetching


@dataclass
class _Item:
    id: int  # crawl_queue.id
    url: str
    depth: int


@dataclass
class _Result:
    url: str
    final_url: str | None = None
    status: int | None = None
    headers: dict[str, str] | None = None
    content_type: str | None = None
    body: bytes | None = None
    error: str | None = None
    skipped: bool = False  # not fetched or not kept by rule, as opposed to failed
    transient: bool = False
    retry_after: float | None = None
    encoding: str | None = None
    simhash: int | None = None
    links: list[str] = field(default_factory=list)
    fetched_at: str = ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


# Content-Encodings decoded here, and so the only ones a request offers (RFC 9110 8.4.1).
_ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
# A decoder hands on at most this many bytes at a time, so no layer of a compression bomb
# inflates further than the body cap plus one piece.
_PIECE = 64 * 1024


class _Inflate:
    """One gzip or deflate layer, decoded in pieces of at most ``_PIECE`` bytes."""

    def __init__(self, wbits: int) -> None:
        self._z = zlib.decompressobj(wbits)
        # "deflate" should be zlib-wrapped (RFC 1950) but some servers send the raw stream:
        # its first two bytes tell.
        self._head: bytes | None = b"" if wbits == zlib.MAX_WBITS else None

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._head is not None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, None
            if data[0] & 0x0F != 8 or (data[0] << 8 | data[1]) % 31:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        while not self._z.eof:
            out = self._z.decompress(data, _PIECE)
            data = self._z.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < _PIECE:  # a full piece may leave output inside zlib
                return


class _Decoder:
    """The layers of a Content-Encoding header, undone in reverse order as the bytes stream."""

    def __init__(self, header: str) -> None:
        names = [n.strip().lower() for n in header.split(",")]
        names = [n for n in names if n and n != "identity"]
        unknown = [n for n in names if n not in _ENCODINGS]
        if unknown:
            raise httpx.DecodingError(f"unsupported Content-Encoding {', '.join(unknown)}")
        self._layers = [_Inflate(_ENCODINGS[n]) for n in reversed(names)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of the next raw bytes; stop iterating and nothing more inflates."""
        try:
            yield from self._through(0, data)
        except zlib.error as exc:
            raise httpx.DecodingError(f"bad compressed data ({exc})") from None

    def _through(self, layer: int, data: bytes) -> Iterator[bytes]:
        if layer == len(self._layers):
            yield data
            return
        for piece in self._layers[layer].feed(data):
            yield from self._through(layer + 1, piece)


async def _read_body(resp: httpx.Response, cap: int, truncate: bool) -> bytes | None:
    """The decoded body; ``None`` past ``cap`` bytes (or, with ``truncate``, its first ``cap``
    bytes). The cap holds on the decoded bytes as they stream, however many layers."""
    length = resp.headers.get("content-length", "")
    if not truncate and length.isdigit() and int(length) > cap:
        return None
    decoder = _Decoder(resp.headers.get("content-encoding", ""))
    buf = bytearray()
    async for raw in resp.aiter_raw():
        for piece in decoder.feed(raw):
            buf += piece
            if len(buf) > cap:
                return bytes(buf[:cap]) if truncate else None
    return bytes(buf)


@dataclass
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes | None = None  # None: not read, or over the cap
    undecodable: str | None = None  # why the body would not decode


def _content_type(headers: dict[str, str]) -> str | None:
    return headers.get("content-type", "").split(";")[0].strip().lower() or None


class _Http:
    """The crawl's HTTP client, run on an event loop of its own so that one deadline
    (``asyncio.timeout``) covers connect, headers and body: per-read timeouts never stop a
    server that trickles a byte at a time. Workers call ``get`` from their threads."""

    def __init__(self, config: ScrapeConfig) -> None:
        self.deadline = config.timeout * _DEADLINE_TIMEOUTS
        self._client = httpx.AsyncClient(
            headers={
                "User-Agent": config.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
            timeout=config.timeout,
            follow_redirects=False,  # by hand: each hop is normalized, capped, checked
        )
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="miner-scrape-http", daemon=True
        )
        self._thread.start()

    def get(
        self, url: str, cap: int, read: Callable[[_Answer], bool], truncate: bool = False
    ) -> _Answer:
        """Status and headers of ``url``, and its body if ``read`` says so."""
        return asyncio.run_coroutine_threadsafe(
            self._get(url, cap, read, truncate), self._loop
        ).result()

    async def _get(
        self, url: str, cap: int, read: Callable[[_Answer], bool], truncate: bool
    ) -> _Answer:
        try:
            async with asyncio.timeout(self.deadline):
                async with self._client.stream("GET", url) as resp:
                    answer = _Answer(resp.status_code, dict(resp.headers))
                    if read(answer):
                        try:
                            answer.body = await _read_body(resp, cap, truncate)
                        except httpx.DecodingError as exc:
                            answer.undecodable = str(exc)
                    return answer
        except TimeoutError:
            raise httpx.TimeoutException(f"no whole answer in {self.deadline:g} s") from None

    def close(self) -> None:
        async def shut() -> None:
            # Requests still under way (a crawl stopped by an error) end now, not at their
            # deadline, and the threads waiting on them are told so.
            others = asyncio.all_tasks() - {asyncio.current_task()}
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)
            await self._client.aclose()

        try:
            asyncio.run_coroutine_threadsafe(shut(), self._loop).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()


class _Robots:
    """robots.txt of each origin, fetched once a run (by a worker, under a lock per origin)."""

    def __init__(self, http: _Http, user_agent: str, max_redirects: int) -> None:
        self._http = http
        self._agent = user_agent
        self._max_redirects = max_redirects
        self._rules: dict[str, RobotFileParser | str] = {}  # str: why the origin is closed
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def known(self, origin: str) -> bool:
        return origin in self._rules

    def load(self, origin: str) -> None:
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._rules:
                self._rules[origin] = self._fetch(origin)

    def refusal(self, url: str) -> tuple[str, bool] | None:
        """Why ``url`` may not be fetched, and whether that is a rule (else a failure)."""
        origin = _origin(url)
        self.load(origin)
        rules = self._rules[origin]
        if isinstance(rules, str):
            return rules, False
        if not rules.can_fetch(self._agent, url):
            return "disallowed by robots.txt", True
        return None

    def delay(self, origin: str) -> float:
        rules = self._rules.get(origin)
        if not isinstance(rules, RobotFileParser):
            return 0.0
        delay = float(rules.crawl_delay(self._agent) or 0)
        rate = rules.request_rate(self._agent)
        if rate and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return delay

    def _fetch(self, origin: str) -> RobotFileParser | str:
        url = rules_url = origin + "/robots.txt"
        try:
            # Redirects by hand too, so that each hop is one bounded request; RFC 9309 has
            # them followed to other hosts.
            for _ in range(self._max_redirects + 1):
                answer = self._http.get(
                    url, _ROBOTS_MAX_BYTES, lambda a: a.status < 300, truncate=True
                )
                target = answer.headers.get("location") if answer.status in _REDIRECTS else None
                if not target:
                    break
                if (url := normalize_url(target, url)) is None:
                    return f"robots.txt unreachable (redirect to {target})"
            else:
                return f"robots.txt unreachable (more than {self._max_redirects} redirects)"
        except httpx.HTTPError as exc:
            return f"robots.txt unreachable ({_describe(exc)})"
        # RFC 9309: a 4xx means there are no rules; a 5xx (and 429) or no answer at all means
        # the whole site is off limits until it answers.
        if answer.status == 429 or answer.status >= 500:
            return f"robots.txt unreachable (HTTP {answer.status})"
        if answer.undecodable:
            return f"robots.txt unreadable ({answer.undecodable})"
        rules = RobotFileParser(rules_url)
        if answer.status >= 400:
            rules.allow_all = True
            return rules
        rules.parse((answer.body or b"").decode("utf-8", errors="replace").splitlines())
        return rules


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _wants_body(answer: _Answer) -> bool:
    """Only a final HTML answer is downloaded (no Content-Type: the body is sniffed)."""
    content_type = _content_type(answer.headers)
    return answer.status < 300 and (content_type is None or content_type in _HTML_TYPES)


def _fetch_page(
    http: _Http,
    robots: _Robots,
    config: ScrapeConfig,
    url: str,
    want_links: bool,
    in_scope: Callable[[str], bool],
) -> _Result:
    """Fetch one URL, following redirects by hand within the crawl's hosts (``in_scope``);
    never raises for what the network does."""
    chain = [url]
    hop = url
    while True:
        if hop != url:  # the first hop was checked, and waited for, before the job was sent
            refused = robots.refusal(hop)
            if refused:
                return _Result(url, hop, error=refused[0], skipped=refused[1], fetched_at=_now())
            # A redirect is one more request to a host: it waits like any other.
            time.sleep(max(config.delay, robots.delay(_origin(hop))))
        try:
            answer = http.get(hop, config.max_bytes, _wants_body)
        except httpx.TimeoutException as exc:
            return _Result(
                url, hop, error=f"timeout ({_describe(exc)})", transient=True, fetched_at=_now()
            )
        except httpx.TransportError as exc:
            return _Result(
                url,
                hop,
                error=f"connection failed ({_describe(exc)})",
                transient=True,
                fetched_at=_now(),
            )
        status = answer.status
        result = _Result(
            url,
            hop,
            status=status,
            headers=answer.headers,
            content_type=_content_type(answer.headers),
            fetched_at=_now(),
        )
        if status in _REDIRECTS and "location" in answer.headers:
            location = answer.headers["location"]
            target = normalize_url(location, hop)
            if target is None:
                result.error = f"redirect to a non-http(s) URL: {location}"
                return result
            if target in chain:
                result.error = f"redirect loop: {' -> '.join([*chain, target])}"
                return result
            if not in_scope(target):
                result.error = f"redirect to another host, not followed: {target}"
                return result
            if len(chain) > config.max_redirects:
                result.error = f"more than {config.max_redirects} redirects"
                return result
            chain.append(target)
            hop = target
            continue
        if status in _TRANSIENT_STATUS or status >= 500:
            result.error = f"HTTP {status}"
            result.transient = True
            result.retry_after = _retry_after(answer.headers.get("retry-after"))
        elif status >= 300:
            result.error = f"HTTP {status}"
        elif not _wants_body(answer):
            result.error = f"not HTML ({result.content_type})"
            result.skipped = True
        elif answer.undecodable:
            result.error = f"cannot decode the body: {answer.undecodable}"
        elif answer.body is None:
            result.error = f"body over the size cap of {config.max_bytes} bytes"
            result.skipped = True
        else:
            result.body = answer.body
            _analyse(result, want_links)
        return result


def _analyse(result: _Result, want_links: bool) -> None:
    """Encoding, near-duplicate hash and links of a fetched body (in the worker thread)."""
    body = result.body or b""
    if not result.content_type and not _looks_like_html(body):
        result.error, result.skipped, result.body = "not HTML (no Content-Type)", True, None
        return
    try:
        decoded = decode.decode_bytes(body, decode.sniff_html_charset(body, result.headers))
    except decode.NotTextError as exc:
        result.error, result.skipped, result.body = f"not text ({exc})", True, None
        return
    if not decoded.text.strip():
        result.error, result.skipped, result.body = "empty page", True, None
        return
    result.encoding = decoded.encoding
    url = result.final_url or result.url
    try:
        result.simhash = simhash(_article_text(decoded.text, url))
    except Exception:  # a page the cleaner chokes on is kept, only not compared
        result.simhash = None
    if want_links:
        result.links = extract_links(decoded.text, url)


def _stored_links(body: bytes, headers: str | None, url: str) -> list[str]:
    parsed = json.loads(headers) if headers else {}
    try:
        text = decode.decode_bytes(body, decode.sniff_html_charset(body, parsed)).text
    except decode.NotTextError:
        return []
    return extract_links(text, url)


# ---------------------------------------------------------------------------- the crawl


def crawl(
    seeds: Iterable[str],
    config: ScrapeConfig,
    store: str | Path | sqlite3.Connection = DEFAULT_STORE,
    on_progress: Callable[[CrawlStats], None] | None = None,
) -> CrawlStats:
    """Fetch ``seeds`` (and, with ``config.follow``, the links they lead to) into the store.

    Raises ``ValueError`` for a seed that is not an http(s) URL. Resumes the crawl with the same
    seeds and rules if the store has one. ``on_progress`` is called after every page.
    """
    normalized = []
    for seed in seeds:
        url = normalize_url(seed)
        if url is None:
            raise ValueError(f"not an http(s) URL: {seed!r}")
        normalized.append(url)
    if not normalized:
        raise ValueError("no URLs to scrape")
    conn = store if isinstance(store, sqlite3.Connection) else connect(store)
    try:
        ensure_schema(conn, CRAWL_DDL)
        return _Crawler(conn, config, on_progress).run(list(dict.fromkeys(normalized)))
    finally:
        if conn is not store:
            conn.close()


class _Crawler:
    def __init__(
        self,
        conn: sqlite3.Connection,
        config: ScrapeConfig,
        on_progress: Callable[[CrawlStats], None] | None,
    ) -> None:
        self.conn = conn
        self.config = config
        self.follow = re.compile(config.follow) if config.follow else None
        self.on_progress = on_progress
        self.stats = CrawlStats()
        self.hosts: set[str] = set()  # the seeds' hosts
        self.queues: dict[str, deque[_Item]] = {}  # per host, in frontier order
        self.unchecked: deque[_Item] = deque()  # new items, not yet looked up in the store
        self.busy: set[str] = set()  # hosts with a request under way
        self.next_at: dict[str, float] = {}  # host -> time.monotonic() it may be asked again
        self.attempts: dict[int, int] = {}
        self.started = 0  # pages sent for the first time this run, against max_pages
        self.near = _NearDuplicates()

    # -- the store

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _open(self, seeds: list[str]) -> None:
        rules = {
            "follow": self.config.follow,
            "allow_hosts": sorted(set(self.config.allow_hosts)),
            "max_depth": self.config.max_depth if self.config.follow else None,
        }
        key = hashlib.sha256(
            json.dumps({"seeds": sorted(seeds), **rules}, sort_keys=True).encode()
        ).hexdigest()
        with self._transaction():
            row = self.conn.execute("SELECT id FROM crawls WHERE key = ?", (key,)).fetchone()
            if row:
                crawl_id = row[0]
            else:
                crawl_id = self.conn.execute(
                    "INSERT INTO crawls (key, seeds, rules, started_at) VALUES (?, ?, ?, ?)",
                    (key, json.dumps(seeds), json.dumps(rules), _now()),
                ).lastrowid
            self.conn.executemany(
                "INSERT OR IGNORE INTO crawl_queue (crawl, url, depth) VALUES (?, ?, 0)",
                [(crawl_id, url) for url in seeds],
            )
            # What failed for a passing reason last time is tried again.
            self.conn.execute(
                "UPDATE crawl_queue SET done = 0 WHERE crawl = ? AND done = 1 AND url IN "
                f"(SELECT url FROM pages WHERE {_RETRYABLE})",
                (crawl_id,),
            )
        self.stats.crawl = crawl_id
        self.hosts = {_host(url) for url in seeds}
        self.unchecked.extend(
            _Item(*row)
            for row in self.conn.execute(
                "SELECT id, url, depth FROM crawl_queue WHERE crawl = ? AND done = 0 ORDER BY id",
                (crawl_id,),
            )
        )
        for page_id, value in self.conn.execute(
            "SELECT id, simhash FROM pages WHERE simhash IS NOT NULL AND duplicate_of IS NULL"
        ):
            self.near.add(page_id, value)

    def _in_scope(self, url: str) -> bool:
        """On the seeds' hosts or an allowed one: where links and redirects may lead."""
        host = _host(url)
        return host in self.hosts or any(
            _host_matches(host, rule) for rule in self.config.allow_hosts
        )

    def _enqueue(self, links: list[str], item: _Item) -> list[_Item]:
        """Insert the links ``item``'s page adds to the frontier (inside its transaction)."""
        if self.follow is None or item.depth >= self.config.max_depth:
            return []
        new = []
        for url in links:
            if not self._in_scope(url) or not self.follow.search(url):
                continue
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO crawl_queue (crawl, url, depth, referrer) "
                "VALUES (?, ?, ?, ?)",
                (self.stats.crawl, url, item.depth + 1, item.url),
            )
            if cur.rowcount:
                new.append(_Item(cur.lastrowid, url, item.depth + 1))
        return new

    def _settle_if_stored(self, item: _Item) -> bool:
        """An item whose URL the store has (from any crawl): walk its links, fetch nothing."""
        row = self.conn.execute(
            "SELECT body, headers, final_url FROM pages "
            f"WHERE (url = ? OR final_url = ?) AND NOT {_RETRYABLE} "
            "ORDER BY url = ? DESC, id LIMIT 1",
            (item.url, item.url, item.url),
        ).fetchone()
        if row is None:
            return False
        body, headers, final_url = row
        wants = self.follow is not None and item.depth < self.config.max_depth
        links = _stored_links(body, headers, final_url or item.url) if wants and body else []
        with self._transaction():
            self.conn.execute("UPDATE crawl_queue SET done = 1 WHERE id = ?", (item.id,))
            new = self._enqueue(links, item)
        self.unchecked.extend(new)
        self.stats.reused += 1
        self._report()
        return True

    def _record(self, item: _Item, res: _Result) -> None:
        sha = hashlib.sha256(res.body).hexdigest() if res.body is not None else None
        with self._transaction():
            duplicate_of = None
            if res.body is not None and res.error is None:
                same = self.conn.execute(
                    "SELECT id FROM pages WHERE sha256 = ? AND url != ? AND error IS NULL "
                    "AND duplicate_of IS NULL ORDER BY id LIMIT 1",
                    (sha, item.url),
                ).fetchone()
                duplicate_of = same[0] if same else None
                if duplicate_of is None and res.simhash is not None:
                    duplicate_of = self.near.find(res.simhash)
            page_id = self.conn.execute(
                "INSERT INTO pages (url, final_url, host, status, headers, content_type, body, "
                "encoding, fetched_at, sha256, simhash, duplicate_of, error) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET final_url = excluded.final_url, "
                "host = excluded.host, status = excluded.status, headers = excluded.headers, "
                "content_type = excluded.content_type, body = excluded.body, "
                "encoding = excluded.encoding, fetched_at = excluded.fetched_at, "
                "sha256 = excluded.sha256, simhash = excluded.simhash, "
                "duplicate_of = excluded.duplicate_of, error = excluded.error "
                "RETURNING id",
                (
                    item.url,
                    res.final_url,
                    _host(item.url),
                    res.status,
                    json.dumps(res.headers, ensure_ascii=False) if res.headers else None,
                    res.content_type,
                    res.body,
                    res.encoding,
                    res.fetched_at or _now(),
                    sha,
                    res.simhash,
                    duplicate_of,
                    res.error,
                ),
            ).fetchone()[0]
            self.conn.execute("UPDATE crawl_queue SET done = 1 WHERE id = ?", (item.id,))
            new = self._enqueue(res.links, item)
        self.unchecked.extend(new)
        if res.error is None:
            self.stats.stored += 1
            if duplicate_of is not None:
                self.stats.duplicates += 1
            elif res.simhash is not None:
                self.near.add(page_id, res.simhash)
        elif res.skipped:
            self.stats.skipped += 1
        else:
            self.stats.failed += 1
            self.stats.failures.append((item.url, res.error))

    # -- the loop

    def run(self, seeds: list[str]) -> CrawlStats:
        self._open(seeds)
        http = _Http(self.config)
        robots = _Robots(http, self.config.user_agent, self.config.max_redirects)
        pool = ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="miner-scrape")
        in_flight: dict[Future[_Result | None], tuple[str, _Item | None]] = {}
        try:
            while True:
                self._check_new()
                self._dispatch(pool, http, robots, in_flight)
                self.stats.in_flight = len(in_flight)
                wake = self._next_wake()
                if not in_flight:
                    if wake is None:
                        break
                    time.sleep(max(0.0, wake - time.monotonic()))
                    continue
                timeout = None if wake is None else max(0.0, wake - time.monotonic())
                finished, _ = wait(in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
                for future in finished:
                    host, item = in_flight.pop(future)
                    self.stats.in_flight = len(in_flight)
                    self._finish(host, item, future, robots)
        finally:
            # Killed or interrupted: nothing to save, every page is already committed or absent.
            pool.shutdown(wait=False, cancel_futures=True)
            http.close()
        self.stats.in_flight = 0
        self._count_queued()
        self._report()
        return self.stats

    def _check_new(self) -> None:
        while self.unchecked:
            item = self.unchecked.popleft()
            if not self._settle_if_stored(item):
                self.queues.setdefault(_host(item.url), deque()).append(item)
        self._count_queued()

    def _count_queued(self) -> None:
        self.stats.queued = sum(map(len, self.queues.values())) + len(self.unchecked)

    def _may_start(self, item: _Item) -> bool:
        max_pages = self.config.max_pages
        return item.id in self.attempts or max_pages is None or self.started < max_pages

    def _dispatch(
        self,
        pool: ThreadPoolExecutor,
        http: _Http,
        robots: _Robots,
        in_flight: dict[Future[_Result | None], tuple[str, _Item | None]],
    ) -> None:
        now = time.monotonic()
        for host, queue in list(self.queues.items()):
            while (
                queue
                and host not in self.busy
                and len(in_flight) < self.config.concurrency
                and self.next_at.get(host, 0.0) <= now
                and self._may_start(queue[0])
            ):
                item = queue[0]
                origin = _origin(item.url)
                if not robots.known(origin):
                    future = pool.submit(robots.load, origin)
                    in_flight[future] = (host, None)
                    self.busy.add(host)
                    break
                queue.popleft()
                if item.id not in self.attempts and self._settle_if_stored(item):
                    continue  # stored meanwhile, as the end of another URL's redirect
                refused = robots.refusal(item.url)
                if refused:  # known without a request: no delay, no page budget spent
                    why, by_rule = refused
                    self._record(item, _Result(item.url, error=why, skipped=by_rule))
                    self._report()
                    continue
                if item.id not in self.attempts:
                    self.started += 1
                stats = self.stats.hosts.setdefault(host, HostStats())
                stats.first = stats.first or now
                wants = self.follow is not None and item.depth < self.config.max_depth
                future = pool.submit(
                    _fetch_page, http, robots, self.config, item.url, wants, self._in_scope
                )
                in_flight[future] = (host, item)
                self.busy.add(host)
            if not queue:
                del self.queues[host]

    def _next_wake(self) -> float | None:
        """When an idle host may next be asked; ``None`` if none has work it may start."""
        times = [
            self.next_at.get(host, 0.0)
            for host, queue in self.queues.items()
            if queue and host not in self.busy and self._may_start(queue[0])
        ]
        return min(times, default=None)

    def _host_delay(self, url: str, robots: _Robots) -> float:
        return max(self.config.delay, robots.delay(_origin(url)))

    def _finish(
        self, host: str, item: _Item | None, future: Future[_Result | None], robots: _Robots
    ) -> None:
        self.busy.discard(host)
        now = time.monotonic()
        if item is None:  # robots.txt is in: the first page waits like any other request
            future.result()
            queue = self.queues.get(host)
            if queue:
                self.next_at[host] = now + self._host_delay(queue[0].url, robots)
            return
        res = future.result()
        assert res is not None
        self.next_at[host] = now + self._host_delay(item.url, robots)
        host_stats = self.stats.hosts.setdefault(host, HostStats())
        attempt = self.attempts[item.id] = self.attempts.get(item.id, 0) + 1
        if res.transient and attempt <= self.config.retries:
            wait_s = res.retry_after
            if wait_s is None:
                # Jitter keeps many URLs of one struggling server from retrying in step.
                wait_s = self.config.backoff * 2 ** (attempt - 1) * random.uniform(1.0, 1.25)
            if wait_s <= self.config.max_retry_after:
                self.next_at[host] = max(self.next_at[host], now + wait_s)
                self.queues.setdefault(host, deque()).appendleft(item)
                self.stats.retries += 1
                self._report()
                return
            res.error = f"{res.error}, Retry-After {wait_s:.0f} s is too long"
        if res.transient and attempt > 1:
            res.error = f"{res.error} after {attempt} attempts"
        del self.attempts[item.id]
        self._record(item, res)
        host_stats.pages += 1
        host_stats.failed += res.error is not None and not res.skipped
        host_stats.last = now
        self._report()

    def _report(self) -> None:
        if self.on_progress:
            self._count_queued()
            self.on_progress(self.stats)
