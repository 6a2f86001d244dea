"""The scraper against web sites the tests serve on 127.0.0.1 (the only address they touch).

Most behaviours are checked on one crawl of one site (the `crawled` fixture); resuming, limits,
hosts and the command line get their own small sites. Delays and timeouts are cut to tens of
milliseconds; the defaults stay polite.
"""

import gzip
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.cli import app
from miner.scrape import CrawlStats, ScrapeConfig, crawl, extract_links, normalize_url, simhash
from miner.store import connect, iter_pages
from tests.conftest import ROOT

PAGES = Path(__file__).parent / "scrape_site"
CONTACT = "https://example.org/contact"
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy from the environment would carry the requests off 127.0.0.1.
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("MINER_CONTACT", raising=False)


# ---------------------------------------------------------------------------- a test web site


def send(h: BaseHTTPRequestHandler, status: int, body: bytes = b"", ctype: str | None = "text/html; charset=utf-8",
         headers: tuple[tuple[str, str], ...] = (), length: bool = True) -> None:
    h.send_response(status)
    if ctype:
        h.send_header("Content-Type", ctype)
    for name, value in headers:
        h.send_header(name, value)
    if length:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def html(title: str, text: str = "", links: tuple[str, ...] = ()) -> bytes:
    anchors = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{text}</p><ul>{anchors}</ul></body></html>").encode()


class Site:
    """An HTTP server on 127.0.0.1, ephemeral port: path -> handler, and a log of requests."""

    def __init__(self, robots: str | None = None) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler, int], None]] = {}
        self.log: list[dict] = []  # start, end, path, headers
        self.lock = threading.Lock()
        self.active = self.max_active = 0
        if robots is not None:
            self.page("/robots.txt", robots.encode(), "text/plain")
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.host = f"127.0.0.1:{self.server.server_port}"
        self.base = f"http://{self.host}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, fn: Callable[[BaseHTTPRequestHandler, int], None]) -> None:
        """``fn(handler, n)``: n counts the requests for this path, this one included."""
        self.routes[path] = fn

    def page(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200,
             headers: tuple[tuple[str, str], ...] = ()) -> bytes:
        self.route(path, lambda h, n: send(h, status, body, ctype, headers))
        return body

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?")[0]
        entry = {"start": time.monotonic(), "end": None, "path": h.path, "headers": dict(h.headers)}
        with self.lock:
            self.log.append(entry)
            n = sum(1 for e in self.log if e["path"].split("?")[0] == path)
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            fn = self.routes.get(path)
            if fn is None:
                send(h, 404, b"not found", "text/plain")
            else:
                fn(h, n)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up, as it should on a timeout or past the size cap
        finally:
            with self.lock:
                self.active -= 1
                entry["end"] = time.monotonic()

    def requests(self, path: str) -> list[dict]:
        with self.lock:
            return [e for e in self.log if e["path"].split("?")[0] == path]

    def paths(self) -> list[str]:
        with self.lock:
            return [e["path"] for e in self.log]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def make_site():
    sites: list[Site] = []

    def make(robots: str | None = None) -> Site:
        sites.append(Site(robots))
        return sites[-1]

    yield make
    for site in sites:
        site.close()


def fast(**kwargs) -> ScrapeConfig:
    defaults = dict(contact=CONTACT, delay=0.05, timeout=2.0, retries=2, backoff=0.05)
    return ScrapeConfig(**{**defaults, **kwargs})


def rows(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {r["url"]: dict(r) for r in conn.execute("SELECT * FROM pages")}
    finally:
        conn.close()


def queue_urls(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {u for (u,) in conn.execute("SELECT url FROM crawl_queue")}
    finally:
        conn.close()


# ---------------------------------------------------------------------------- one crawl, many checks

GBK_TEXT = "温州市非公企业党建工作综述：全市非公企业共建立党组织3210个，覆盖率达到92.5%。"


class Crawled:
    site: Site
    db: Path
    stats: CrawlStats
    events: list[tuple[int, int, int]]
    rows: dict[str, dict]
    served: dict[str, bytes]
    streamed: dict[str, int]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    site = Site(robots="User-agent: *\nDisallow: /private/\n")
    out = Crawled()
    out.site, out.served, out.streamed = site, {}, {}
    gbk = f"<html><head><title>非公党建</title></head><body><h1>非公党建</h1><p>{GBK_TEXT}</p></body></html>"
    out.served["/gbk.html"] = site.page("/gbk.html", gbk.encode("gbk"), "text/html; charset=gbk")
    out.served["/mislabelled.html"] = site.page("/mislabelled.html", gbk.encode("gbk"), "text/html; charset=utf-8")
    out.served["/latin1-label.html"] = site.page("/latin1-label.html", gbk.encode("gbk"), "text/html; charset=iso-8859-1")
    meta = gbk.replace("<head>", '<head><meta charset="gb2312">')
    out.served["/meta-only.html"] = site.page("/meta-only.html", meta.encode("gbk"), "text/html")
    site.page("/private/secret.html", html("内部"))
    for name in ("story-a", "story-b", "other-story"):
        body = (PAGES / f"{name.replace('-', '_')}.html").read_bytes()
        out.served[f"/{name}.html"] = site.page(f"/{name}.html", body)
    out.served["/same.html"] = site.page("/same.html", html("同一页面"))
    out.served["/target.html"] = site.page("/target.html", html("新地址"))
    site.page("/skip/not-followed.html", html("不跟随"))

    flaky = html("三次才成功")
    out.served["/flaky.html"] = flaky
    site.route("/flaky.html", lambda h, n: send(h, (500, 503)[n - 1]) if n <= 2 else send(h, 200, flaky))
    busy = html("稍后再来")
    out.served["/busy.html"] = busy
    site.route("/busy.html", lambda h, n: send(h, 429, headers=(("Retry-After", "1"),)) if n == 1 else send(h, 200, busy))
    site.page("/later.html", b"", status=429, headers=(("Retry-After", "3600"),))
    site.page("/loop-a", b"", status=302, headers=(("Location", "/loop-b"),))
    site.page("/loop-b", b"", status=302, headers=(("Location", "/loop-a"),))
    site.page("/moved", b"", status=301, headers=(("Location", "/target.html"),))
    for i in range(10):
        site.page(f"/chain/{i}", b"", status=302, headers=(("Location", f"/chain/{i + 1}"),))
    site.page("/ftp-redirect", b"", status=302, headers=(("Location", "ftp://127.0.0.1/x"),))

    def slow(h: BaseHTTPRequestHandler, n: int) -> None:
        time.sleep(1.0)
        send(h, 200, html("太慢"))

    site.route("/slow.html", slow)
    site.page("/big.html", b"<html>" + b"x" * 200_000 + b"</html>")

    def stream(h: BaseHTTPRequestHandler, n: int) -> None:
        send(h, 200, b"", length=False)
        chunk = b"<p>" + b"y" * 65_533
        written = 0
        try:
            for _ in range(512):  # 32 MB, unless the client hangs up first
                h.wfile.write(chunk)
                written += len(chunk)
        finally:
            out.streamed["/stream.html"] = written

    site.route("/stream.html", stream)
    site.page("/report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 1000, "application/pdf")
    site.page("/gone.html", b"gone", status=410)
    site.page("/no-type.html", html("无类型"), ctype=None)
    site.page("/no-type.bin", b"\x00\x01binary\x00" * 10, ctype=None)

    links = (
        "/gbk.html", "/mislabelled.html", "/latin1-label.html", "/meta-only.html", "/private/secret.html",
        "/flaky.html", "/busy.html", "/later.html", "/loop-a", "/moved", "/target.html", "/chain/0", "/ftp-redirect",
        "/slow.html", "/big.html", "/stream.html", "/report.pdf", "/gone.html", "/missing.html",
        "/no-type.html", "/no-type.bin", "/story-a.html", "/story-b.html", "/other-story.html",
        "/same.html?b=2&a=1#top", "/same.html?a=1&b=2", f"HTTP://{site.host}/same.html?a=1&b=2",
        "/./same.html?a=1&amp;b=2", "/skip/not-followed.html", "file:///etc/passwd", "javascript:alert(1)",
        "mailto:someone@example.org", "http://elsewhere.example/story.html", "https://elsewhere.example/x",
        "ftp://127.0.0.1/file", "#top",
    )
    out.served["/"] = site.page("/", html("首页", "社会组织党建", links))

    out.db = tmp_path_factory.mktemp("crawl") / "miner.db"
    out.events = []
    # Depth 1: the index's links, not the story pages' navigation.
    config = fast(follow=r"^http://127\.0\.0\.1:\d+/(?!skip/)", max_depth=1, timeout=0.4,
                  max_bytes=64 * 1024, concurrency=2)
    out.stats = crawl([site.url("/")], config, out.db,
                      lambda s: out.events.append((s.done, s.queued, s.failed)))
    out.rows = rows(out.db)
    yield out
    site.close()


def row(c: Crawled, path: str) -> dict:
    return c.rows[c.site.url(path)]


def test_gbk_and_mislabelled_charsets_detected(crawled: Crawled) -> None:
    for path in ("/gbk.html", "/mislabelled.html", "/latin1-label.html", "/meta-only.html"):
        r = row(crawled, path)
        assert r["status"] == 200 and r["error"] is None, path
        assert r["encoding"] == "gb18030", path
        assert r["body"] == crawled.served[path]
        assert GBK_TEXT in r["body"].decode(r["encoding"])


def test_robots_disallow_obeyed(crawled: Crawled) -> None:
    assert crawled.site.requests("/private/secret.html") == []
    r = row(crawled, "/private/secret.html")
    assert r["error"] == "disallowed by robots.txt" and r["body"] is None and r["status"] is None
    assert len(crawled.site.requests("/robots.txt")) == 1


def test_5xx_retried_until_success(crawled: Crawled) -> None:
    assert len(crawled.site.requests("/flaky.html")) == 3
    r = row(crawled, "/flaky.html")
    assert (r["status"], r["error"]) == (200, None)
    assert r["body"] == crawled.served["/flaky.html"]


def test_429_waits_for_retry_after(crawled: Crawled) -> None:
    first, second = crawled.site.requests("/busy.html")
    assert second["start"] - first["end"] >= 0.95
    assert row(crawled, "/busy.html")["status"] == 200
    # A Retry-After longer than the crawl will wait gives the URL up at once, for a later run.
    assert len(crawled.site.requests("/later.html")) == 1
    later = row(crawled, "/later.html")
    assert later["status"] == 429 and "too long" in later["error"]


def test_redirects_followed_capped_and_loops_stopped(crawled: Crawled) -> None:
    loop = row(crawled, "/loop-a")
    assert "redirect loop" in loop["error"] and loop["status"] == 302
    assert len(crawled.site.requests("/loop-a")) == 1 and len(crawled.site.requests("/loop-b")) == 1
    chain = row(crawled, "/chain/0")
    assert chain["error"] == "more than 5 redirects"
    assert [p for p in crawled.site.paths() if p.startswith("/chain/")] == [f"/chain/{i}" for i in range(6)]
    assert "non-http(s)" in row(crawled, "/ftp-redirect")["error"]
    moved = row(crawled, "/moved")
    assert moved["final_url"] == crawled.site.url("/target.html") and moved["status"] == 200
    assert moved["body"] == crawled.served["/target.html"]
    # The index links to /target.html after /moved: the store has it already, as /moved's end.
    assert crawled.site.url("/target.html") in queue_urls(crawled.db)
    assert len(crawled.site.requests("/target.html")) == 1
    assert crawled.site.url("/target.html") not in crawled.rows


def test_slow_response_times_out_after_retries(crawled: Crawled) -> None:
    assert len(crawled.site.requests("/slow.html")) == 3
    r = row(crawled, "/slow.html")
    assert r["status"] is None and r["body"] is None
    assert r["error"].startswith("timeout") and r["error"].endswith("after 3 attempts")


def test_body_over_size_cap_recorded_and_skipped(crawled: Crawled) -> None:
    for path in ("/big.html", "/stream.html"):
        r = row(crawled, path)
        assert r["status"] == 200 and r["body"] is None and "size cap" in r["error"], path
    # No Content-Length: the body was streamed and the client stopped reading past the cap.
    assert crawled.streamed["/stream.html"] < 512 * 65_536


def test_non_html_recorded_not_downloaded(crawled: Crawled) -> None:
    pdf = row(crawled, "/report.pdf")
    assert pdf["status"] == 200 and pdf["content_type"] == "application/pdf"
    assert pdf["error"] == "not HTML (application/pdf)" and pdf["body"] is None and pdf["sha256"] is None
    assert row(crawled, "/no-type.bin")["error"].startswith("not HTML")
    untyped = row(crawled, "/no-type.html")  # no Content-Type, but plainly HTML
    assert untyped["error"] is None and untyped["encoding"] == "utf-8"


def test_404_and_410_recorded_not_retried(crawled: Crawled) -> None:
    for path, status in (("/missing.html", 404), ("/gone.html", 410)):
        assert len(crawled.site.requests(path)) == 1
        r = row(crawled, path)
        assert (r["status"], r["error"], r["body"]) == (status, f"HTTP {status}", None)


def test_only_http_links_on_the_start_host_followed(crawled: Crawled) -> None:
    queued = queue_urls(crawled.db)
    assert queued and all(u.startswith(crawled.site.base + "/") for u in queued)
    assert crawled.site.requests("/skip/not-followed.html") == []  # --follow does not match
    assert all(u.startswith(crawled.site.base + "/") for u in crawled.rows)


def test_same_url_fetched_once(crawled: Crawled) -> None:
    assert len(crawled.site.requests("/same.html")) == 1
    assert crawled.site.url("/same.html?a=1&b=2") in crawled.rows
    assert not [u for u in crawled.rows if "same.html" in u and not u.endswith("?a=1&b=2")]
    retried = {"/flaky.html", "/busy.html", "/slow.html"}
    for path in set(p.split("?")[0] for p in crawled.site.paths()) - retried:
        assert len(crawled.site.requests(path)) == 1, path


def test_near_duplicate_marked_and_left_out(crawled: Crawled) -> None:
    a, b, other = (row(crawled, f"/{n}.html") for n in ("story-a", "story-b", "other-story"))
    assert b["duplicate_of"] == a["id"] and a["duplicate_of"] is None and other["duplicate_of"] is None
    assert b["body"] == crawled.served["/story-b.html"]  # kept as fetched, only marked
    conn = connect(crawled.db)
    try:
        listed = {p.url for p in iter_pages(conn)}
        everything = {p.url for p in iter_pages(conn, include_duplicates=True)}
    finally:
        conn.close()
    assert a["url"] in listed and other["url"] in listed and b["url"] not in listed
    # The same bytes on other URLs are duplicates too, however short the text.
    same_bytes = {row(crawled, p)["url"] for p in ("/mislabelled.html", "/latin1-label.html")}
    assert {crawled.rows[u]["duplicate_of"] for u in same_bytes} == {row(crawled, "/gbk.html")["id"]}
    assert everything - listed == {b["url"], *same_bytes}


def test_polite_one_request_at_a_time_with_delay_and_user_agent(crawled: Crawled) -> None:
    log = sorted(crawled.site.log, key=lambda e: e["start"])
    # The client gives a slow request up after its 0.4 s timeout; the server sleeps on.
    ends = [e["start"] + 0.4 if e["path"] == "/slow.html" else e["end"] for e in log]
    gaps = [b["start"] - end for end, b in zip(ends, log[1:], strict=False)]
    assert min(gaps) >= 0.045  # one request at a time, --delay apart
    assert {e["headers"]["User-Agent"] for e in log} == {f"miner/0.1.0 (+{CONTACT})"}


def test_rows_carry_provenance(crawled: Crawled) -> None:
    for r in crawled.rows.values():
        assert datetime.fromisoformat(r["fetched_at"]).utcoffset().total_seconds() == 0
        assert r["host"] == crawled.site.host
        if r["body"] is not None:
            assert r["sha256"] == hashlib.sha256(r["body"]).hexdigest()
            assert r["final_url"] and r["status"] == 200 and json.loads(r["headers"])["server"]
    conn = connect(crawled.db)
    try:
        pages = list(iter_pages(conn))
    finally:
        conn.close()
    index = next(p for p in pages if p.url == crawled.site.url("/"))
    assert index.body == crawled.served["/"] and index.final_url == index.url
    assert json.loads(index.headers)["content-type"] == "text/html; charset=utf-8"
    assert index.fetched_at and index.encoding == "utf-8"


def test_stats_and_progress(crawled: Crawled) -> None:
    s = crawled.stats
    failed = {"/loop-a", "/chain/0", "/ftp-redirect", "/slow.html", "/gone.html", "/missing.html", "/later.html"}
    skipped = {"/private/secret.html", "/big.html", "/stream.html", "/report.pdf", "/no-type.bin"}
    assert {u for u, _ in s.failures} == {crawled.site.url(p) for p in failed}
    assert (s.failed, s.skipped, s.duplicates, s.queued) == (len(failed), len(skipped), 3, 0)
    assert s.stored == len(crawled.rows) - len(failed) - len(skipped)
    assert s.reused == 1 and s.retries == 5  # /target.html; flaky 2, busy 1, slow 2
    dones = [d for d, _, _ in crawled.events]
    assert dones == sorted(dones) and dones[-1] == s.done
    assert crawled.events[-1][2] == s.failed
    assert s.hosts[crawled.site.host].pages == s.fetched - 1  # robots refusal: no request


# ---------------------------------------------------------------------------- units


def test_normalize_url() -> None:
    n = normalize_url
    assert n("HTTP://Example.COM:80/a/./b/../c?b=2&a=1#x") == "http://example.com/a/c?a=1&b=2"
    assert n("https://example.com:443") == "https://example.com/"
    assert n("http://example.com:8080/%7euser/%2f") == "http://example.com:8080/~user/%2F"
    assert n("http://例子.中国/党建 工作?q=中") == "http://xn--fsqu00a.xn--fiqs8s/%E5%85%9A%E5%BB%BA%20%E5%B7%A5%E4%BD%9C?q=%E4%B8%AD"
    assert n("../x.html#f", "http://a.org/b/c/d.html") == "http://a.org/b/x.html"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "mailto:a@b.org", "ftp://a.org/", "//a.org/x", "http://"):
        assert n(bad) is None, bad


def test_extract_links_resolves_base_and_frames() -> None:
    page = ('<base href="http://b.org/dir/"><a href="x.html">x</a><a href="javascript:void(0)">j</a>'
            '<frameset><frame src="/f.html"></frameset><a href="x.html#p">again</a>')
    assert extract_links(page, "http://a.org/") == ["http://b.org/dir/x.html", "http://b.org/f.html"]


def test_simhash_near_and_far() -> None:
    text = (PAGES / "story_a.html").read_text("utf-8")
    edited = text.replace("互促共进", "互促共进，取得实效")
    far = (PAGES / "other_story.html").read_text("utf-8")
    mask = (1 << 64) - 1
    assert ((simhash(text) ^ simhash(edited)) & mask).bit_count() <= 3
    assert ((simhash(text) ^ simhash(far)) & mask).bit_count() > 10
    assert simhash("太短") is None


def test_config_refuses_bad_values() -> None:
    with pytest.raises(ValueError, match="contact"):
        ScrapeConfig(contact="me")
    with pytest.raises(ValueError, match="regular expression"):
        fast(follow="(")
    with pytest.raises(ValueError):
        fast(concurrency=0)
    with pytest.raises(ValueError, match="http"):
        crawl(["file:///etc/passwd"], fast(), ":memory:")
    assert fast().user_agent == f"miner/0.1.0 (+{CONTACT})"


# ---------------------------------------------------------------------------- hosts, limits, reruns


def test_crawl_delay_from_robots(make_site, tmp_path: Path) -> None:
    site = make_site("User-agent: *\nCrawl-delay: 1\n")
    site.page("/", html("首页", links=("/a.html",)))
    site.page("/a.html", html("甲"))
    crawl([site.url("/")], fast(follow="."), tmp_path / "m.db")
    log = site.log
    assert [e["path"] for e in log] == ["/robots.txt", "/", "/a.html"]
    assert all(b["start"] - a["end"] >= 0.95 for a, b in zip(log, log[1:], strict=False))


def test_other_hosts_only_with_allow_host_and_fetched_in_parallel(make_site, tmp_path: Path) -> None:
    a, b = make_site(), make_site()

    def slow(body: bytes) -> Callable[[BaseHTTPRequestHandler, int], None]:
        def serve(h: BaseHTTPRequestHandler, n: int) -> None:
            time.sleep(0.2)
            send(h, 200, body)
        return serve

    a.route("/", slow(html("甲站", links=(b.url("/"), "/a1.html", "/a2.html"))))
    b.route("/", slow(html("乙站", links=("/b1.html", "/b2.html"))))
    for site, name in ((a, "a"), (b, "b")):
        for i in (1, 2):
            site.route(f"/{name}{i}.html", slow(html(f"{name}{i}")))
    db = tmp_path / "m.db"
    crawl([a.url("/")], fast(follow=".", concurrency=2), db)
    assert b.log == [] and set(a.paths()) == {"/robots.txt", "/", "/a1.html", "/a2.html"}

    # A new crawl (new rules) walks what is stored without fetching it again.
    stats = crawl([a.url("/")], fast(follow=".", concurrency=2, allow_hosts=(b.host,)), db)
    assert len(a.log) == 4 and stats.reused == 3
    assert sorted(b.paths()) == ["/", "/b1.html", "/b2.html", "/robots.txt"]
    assert a.max_active == b.max_active == 1

    # Two hosts at once: seeds on both, concurrency 2, requests overlap across hosts only.
    c, d = make_site(), make_site()
    for site in (c, d):
        site.route("/", slow(html("首页", links=("/1.html", "/2.html"))))
        for i in (1, 2):
            site.route(f"/{i}.html", slow(html(str(i))))
    crawl([c.url("/"), d.url("/")], fast(follow=".", concurrency=2), tmp_path / "n.db")
    spans = [(e["start"], e["end"]) for e in c.log if e["path"] != "/robots.txt"]
    others = [(e["start"], e["end"]) for e in d.log if e["path"] != "/robots.txt"]
    assert any(s < oe and os_ < e for s, e in spans for os_, oe in others)
    assert c.max_active == d.max_active == 1


def test_max_depth_and_max_pages_then_rerun_continues(make_site, tmp_path: Path) -> None:
    site = make_site()
    for i in range(5):
        site.page(f"/d{i}.html", html(f"第{i}层", links=(f"/d{i + 1}.html",)))
    db = tmp_path / "m.db"
    crawl([site.url("/d0.html")], fast(follow=".", max_depth=2), db)
    assert sorted(rows(db)) == [site.url(f"/d{i}.html") for i in range(3)]
    assert site.url("/d3.html") not in queue_urls(db)

    other = make_site()
    other.page("/", html("首页", links=tuple(f"/p{i}.html" for i in range(5))))
    for i in range(5):
        other.page(f"/p{i}.html", html(f"第{i}页"))
    db = tmp_path / "n.db"
    config = fast(follow=".", max_pages=3)
    first = crawl([other.url("/")], config, db)
    assert (first.fetched, first.queued) == (3, 3)
    second = crawl([other.url("/")], config, db)
    assert (second.fetched, second.queued) == (3, 0)
    assert len(rows(db)) == 6
    pages = [p for p in other.paths() if p != "/robots.txt"]
    assert len(pages) == len(set(pages)) == 6
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM crawls").fetchone()[0] == 1
    conn.close()


def test_rerun_retries_transient_failures_only(make_site, tmp_path: Path) -> None:
    site = make_site()
    state = {"down": True}
    site.page("/", html("首页", links=("/down.html", "/gone.html")))
    site.route("/down.html", lambda h, n: send(h, 503) if state["down"] else send(h, 200, html("恢复")))
    site.page("/gone.html", b"", status=410)
    db, config = tmp_path / "m.db", fast(follow=".", retries=1)
    first = crawl([site.url("/")], config, db)
    down = rows(db)[site.url("/down.html")]
    assert (down["status"], down["error"]) == (503, "HTTP 503 after 2 attempts")
    assert first.failed == 2
    state["down"] = False
    second = crawl([site.url("/")], config, db)
    assert rows(db)[site.url("/down.html")]["status"] == 200
    assert (second.stored, second.failed) == (1, 0)
    assert len(site.requests("/gone.html")) == 1 and len(site.requests("/")) == 1


def test_killed_crawl_resumes_without_loss_or_refetch(make_site, tmp_path: Path) -> None:
    site = make_site()
    served = {"/": site.page("/", html("首页", links=tuple(f"/p/{i}.html" for i in range(40))))}

    def page(i: int) -> bytes:
        words = "".join(hashlib.sha256(f"{i}-{k}".encode()).hexdigest() for k in range(300))
        return html(f"第{i}页", words)

    def serve(h: BaseHTTPRequestHandler, n: int) -> None:
        time.sleep(0.02)
        send(h, 200, page(int(h.path.split("/")[-1].split(".")[0])))

    for i in range(40):
        served[f"/p/{i}.html"] = page(i)
        site.route(f"/p/{i}.html", serve)
    db = tmp_path / "m.db"
    cmd = [sys.executable, "-m", "miner.cli", "scrape", site.url("/"), "--follow", ".", "--delay", "0.01",
           "--store", str(db), "--contact", CONTACT, "--quiet"]
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}

    for kill_after in (8, 22):  # page requests seen when the process is killed
        before = len(site.log)
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
        deadline = time.monotonic() + 30
        while len(site.log) - before < kill_after and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {u for (u,) in conn.execute("SELECT url FROM pages")}
        conn.close()
        assert 0 < len(stored) < 41
    log_before = len(site.log)
    done = subprocess.run(cmd, cwd=ROOT, env=env, timeout=60, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()

    # Nothing stored before the last kill was asked for again.
    refetched = [e["path"] for e in site.log[log_before:] if site.url(e["path"]) in stored]
    assert refetched == []
    final = rows(db)
    assert set(final) == {site.url(p) for p in served}
    for path, body in served.items():
        r = final[site.url(path)]
        assert r["body"] == body and r["sha256"] == hashlib.sha256(body).hexdigest()
    page_requests = [p for p in site.paths() if p.startswith("/p/")]
    assert len(page_requests) - len(set(page_requests)) <= 2  # at most the one in flight at each kill


# ---------------------------------------------------------------------------- the command line


def test_cli_summary_quiet_urls_file_and_errors(make_site, tmp_path: Path) -> None:
    site = make_site()
    site.page("/a.html", html("甲"))
    site.page("/b.html", html("乙"))
    runner = CliRunner()
    db = str(tmp_path / "m.db")
    common = ["--store", db, "--delay", "0.05", "--contact", CONTACT]

    result = runner.invoke(app, ["scrape", site.url("/a.html"), *common])
    assert result.exit_code == 0, result.output
    assert "URLs visited: 1 — 1 stored" in result.output and site.host in result.output

    urls = tmp_path / "urls.txt"
    urls.write_text(f"# reports\n{site.url('/b.html')}\n\n{site.url('/a.html')}\n", "utf-8")
    result = runner.invoke(app, ["scrape", "--urls", str(urls), "--quiet", *common])
    assert (result.exit_code, result.output) == (0, "")
    assert len(site.requests("/a.html")) == 1 and len(site.requests("/b.html")) == 1

    result = runner.invoke(app, ["scrape", "file:///etc/passwd", site.url("/missing.html"), *common])
    assert result.exit_code == 1
    assert "file:///etc/passwd: not an http(s) URL" in result.output
    assert f"failed: {site.url('/missing.html')}: HTTP 404" in result.output

    result = runner.invoke(app, ["scrape", site.url("/a.html"), "--store", db])
    assert result.exit_code == 2 and "--contact" in result.output
    assert len(rows(Path(db))) == 3


# ---------------------------------------------------------------------------- hostile servers

BOMB_MB = 200  # decoded; served as 492 bytes of gzip in gzip


def bomb(prefix: bytes) -> bytes:
    """``prefix`` and BOMB_MB megabytes of zeros, gzipped twice (``Content-Encoding: gzip, gzip``)."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    layer = inner.compress(prefix) + b"".join(inner.compress(zeros) for _ in range(BOMB_MB)) + inner.flush()
    return gzip.compress(layer, 9, mtime=0)


def test_compression_bomb_capped_as_it_streams_recorded_once(make_site, tmp_path: Path) -> None:
    site = make_site()
    site.page("/bomb.html", bomb(b"<html><body>"), headers=(("Content-Encoding", "gzip, gzip"),))
    ok = html("压缩页面", "党建引领")
    site.page("/gzip.html", gzip.compress(ok), headers=(("Content-Encoding", "gzip"),))
    site.page("/zlib.html", zlib.compress(ok), headers=(("Content-Encoding", "deflate"),))
    raw = zlib.compressobj(wbits=-15)
    raw_deflate = raw.compress(ok) + raw.flush()
    site.page("/raw-deflate.html", raw_deflate, headers=(("Content-Encoding", "Deflate"),))

    def split(h: BaseHTTPRequestHandler, n: int) -> None:  # one byte first: too few to tell raw from zlib
        send(h, 200, raw_deflate[:1], headers=(("Content-Encoding", "deflate"),), length=False)
        time.sleep(0.05)
        h.wfile.write(raw_deflate[1:])

    site.route("/split-deflate.html", split)
    site.page("/br.html", b"\x1b\x00", headers=(("Content-Encoding", "br"),))
    site.page("/broken.html", b"\x1f\x8bnot gzip", headers=(("Content-Encoding", "gzip"),))
    urls = [site.url(p) for p in ("/bomb.html", "/gzip.html", "/zlib.html", "/raw-deflate.html",
                                  "/split-deflate.html", "/br.html", "/broken.html")]
    db, config = tmp_path / "m.db", fast(max_bytes=1 << 20, retries=0)
    tracemalloc.start()
    try:
        stats = crawl(urls, config, db)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 24 << 20  # the cap and a few pieces, not BOMB_MB
    got = rows(db)
    r = got[site.url("/bomb.html")]
    assert (r["status"], r["body"], r["error"]) == (200, None, f"body over the size cap of {1 << 20} bytes")
    for path in ("/gzip.html", "/zlib.html", "/raw-deflate.html", "/split-deflate.html"):
        assert got[site.url(path)]["body"] == ok, path
    assert got[site.url("/br.html")]["error"] == "cannot decode the body: unsupported Content-Encoding br"
    broken = got[site.url("/broken.html")]
    assert broken["status"] == 200 and broken["error"].startswith("cannot decode the body: bad compressed data")
    assert (stats.stored, stats.skipped, stats.failed) == (4, 1, 2)
    assert {e["headers"]["Accept-Encoding"] for e in site.log} == {"gzip, deflate"}
    # Recorded once: the same command again asks nothing of the bomb (nor of the others).
    again = crawl(urls, config, db)
    assert len(site.requests("/bomb.html")) == 1 and again.fetched == 0


def test_compression_bomb_as_robots_txt_read_to_its_cap(make_site, tmp_path: Path) -> None:
    site = make_site()
    site.page("/robots.txt", bomb(b"User-agent: *\nDisallow: /private/\n"), "text/plain",
              headers=(("Content-Encoding", "gzip, gzip"),))
    site.page("/a.html", html("甲"))
    site.page("/private/b.html", html("乙"))
    db = tmp_path / "m.db"
    tracemalloc.start()
    try:
        crawl([site.url("/a.html"), site.url("/private/b.html")], fast(), db)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 24 << 20
    got = rows(db)
    assert got[site.url("/a.html")]["body"] == html("甲")
    assert got[site.url("/private/b.html")]["error"] == "disallowed by robots.txt"
    assert site.paths() == ["/robots.txt", "/a.html"]


def test_redirect_to_another_host_or_port_recorded_not_followed(make_site, tmp_path: Path) -> None:
    a, b = make_site(), make_site()
    secret = b.page("/secret", html("内部资料"))
    port = b.server.server_port
    targets = {"/x": b.url("/secret"), "/y": f"http://localhost:{port}/secret"}
    for path, target in targets.items():
        a.page(path, b"", status=302, headers=(("Location", target),))
    a.page("/z", b"", status=301, headers=(("Location", "/here.html"),))
    a.page("/here.html", html("本站"))
    runner, db = CliRunner(), tmp_path / "m.db"
    common = ["--store", str(db), "--delay", "0.05", "--contact", CONTACT]

    result = runner.invoke(app, ["scrape", a.url("/x"), a.url("/y"), a.url("/z"), *common])
    assert result.exit_code == 1 and not isinstance(result.exception, Exception), result.output
    assert b.log == []
    got = rows(db)
    for path, target in targets.items():
        r = got[a.url(path)]
        assert (r["status"], r["final_url"], r["body"]) == (302, a.url(path), None)
        why = f"redirect to another host, not followed: {target}"
        assert r["error"] == why and f"failed: {a.url(path)}: {why}" in result.output
    assert got[a.url("/z")]["body"] == html("本站")  # on the same host: followed

    # With the other host allowed, as for links, a rerun follows the redirect.
    result = runner.invoke(app, ["scrape", a.url("/x"), "--allow-host", b.host, *common])
    assert result.exit_code == 0, result.output
    r = rows(db)[a.url("/x")]
    assert (r["status"], r["final_url"], r["body"]) == (200, b.url("/secret"), secret)


def trickle(head: bytes, every: float) -> Callable[[BaseHTTPRequestHandler, int], None]:
    """Send ``head`` a byte every ``every`` seconds, then padding the same way, until the client hangs up."""
    def serve(h: BaseHTTPRequestHandler, n: int) -> None:
        pad = head.endswith(b"\r\n\r\n")  # the headers are out: pad the body; else more headers
        data = head + (b"x" if pad else b"X-Slow: " + b"a" * 10_000)
        end = time.monotonic() + 30
        for i in range(len(data)):
            if time.monotonic() > end:
                break
            h.wfile.write(data[i : i + 1])
            time.sleep(every)
    return serve


SLOW_HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
SLOW_BODY = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>"


@pytest.mark.parametrize(("path", "head", "every", "timeout", "why"), [
    ("/page.html", SLOW_HEADERS, 0.5, 1.0, "timeout (TimeoutException: no whole answer in 4 s)"),
    ("/robots.txt", SLOW_HEADERS, 0.5, 1.0, "robots.txt unreachable (TimeoutException: no whole answer in 4 s)"),
    ("/page.html", SLOW_BODY, 0.1, 0.5, "timeout (TimeoutException: no whole answer in 2 s)"),
], ids=["page-headers", "robots-headers", "page-body"])
def test_trickling_server_stopped_by_one_deadline(make_site, tmp_path: Path, path: str, head: bytes,
                                                 every: float, timeout: float, why: str) -> None:
    site = make_site()
    site.route(path, trickle(head, every))
    if path == "/robots.txt":  # the page itself is fine: robots.txt holds it up
        site.page("/page.html", html("页面"))
    runner, db = CliRunner(), tmp_path / "m.db"
    start = time.monotonic()
    result = runner.invoke(app, ["scrape", site.url("/page.html"), "--timeout", str(timeout), "--retries", "0",
                                 "--delay", "0", "--store", str(db), "--contact", CONTACT])
    elapsed = time.monotonic() - start
    assert 4 * timeout - 0.5 < elapsed < 4 * timeout + 2.5
    assert result.exit_code == 1 and not isinstance(result.exception, Exception), result.output
    assert f"failed: {site.url('/page.html')}: {why}" in result.output
    r = rows(db)[site.url("/page.html")]
    assert (r["status"], r["body"], r["error"]) == (None, None, why)
