"""HTML cleaning on real Chinese article pages, against readability-lxml in the same run.

Reads the pages and their gold from ``../shared/htmlbench`` (beside the project; see its
SOURCES.md for where each page comes from and under which licence). Where that folder is
absent, prints one line and exits 0: the pages are not part of the project.

What is measured, for ``miner.clean_html.clean_page`` (bytes in: decoding included) and for
readability-lxml's ``Document(html).summary()`` (given the text our decoder produced, so its
score does not suffer from decoding):

- body character F1: the body and the gold as bags (multisets) of non-whitespace characters;
  P = shared / output, R = shared / gold, F1 per page, averaged over the pages of a subset.
  Pages with a full gold body: cwced (69), mozilla (4), newspaper (3), gne (12).
- gov/state media: the gne-tests pages (government, party, state-media sites) plus the pages
  of state media among the others: news.cn and chinadaily (newspaper4k), 光明网 and 中国青年网
  (mozilla). 16 pages.
- snippets (trafilatura's 4 pages, which have no full gold): ``with`` snippets found in the
  body plus ``without`` snippets absent from it, of 24.
- dates: Y-M-D right, of the golds that are a full Y-M-D date (cwced date/, gne, newspaper4k,
  trafilatura); partial or missing golds (2018, 1998-3, UNKNOWN, 刘涛) are not scored.
- 来源: right of the gne-tests pages whose gold has one (10); exact after removing spaces.
- titles: right of the gne gold titles (12), and of the metadata titles of mozilla,
  newspaper4k and trafilatura (10). A gold that is the headline plus a site suffix after
  ``_ - | — @ ::`` (``蔡健雅_百度百科``) counts as right for the headline alone.
- authors (reported, no bar): right of the golds that name one (spaces and 、 ignored).
- leftovers: of the 81 outputs on cwced and gne, those containing 打印, 关闭, 分享, 责任编辑,
  编辑:, 版权所有, Copyright or ICP where the gold body does not (some golds keep an editor line).
- decoding: of the pages whose bytes are not UTF-8 (the GB pages), how many decode into a text
  that holds at least 98 % of the gold body's characters: ours (``sniff_html_charset`` +
  ``decode_bytes``), the declared charset alone, and charset-normalizer alone.
- time per page: the mean over all 92 pages of the best of ``RUNS`` runs, ours vs
  readability's, measured interleaved in this process.
"""

from __future__ import annotations

import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "htmlbench"
RUNS = 3
GOOD_DECODING = 0.98

CWCED = "chinese-web-content-extraction-dataset"
STATE_MEDIA = {
    "newspaper/chinese_article_001",
    "newspaper/chinese_article_002",
    "mozilla/gmw",
    "mozilla/youth",
}
LEFTOVER = re.compile(r"打印|关闭|分享|责任编辑|编辑[:\uff1a]|版权所有|copyright|ICP", re.I)
# CleanEval's wrapper: a first line <text id="URL" title="..." encoding="..."> that is no part
# of the page as served.
CLEANEVAL_WRAPPER = re.compile(rb"\A\s*<text id=[^>]*>\s*")
FULL_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
TITLE_SUFFIX = re.compile(r"\s*(?:[_\-|—@]+|::)\s*(?:[^_\-|—@:]|:(?!:))*$")


@dataclass
class Page:
    name: str  # subset/page
    subset: str
    data: bytes
    body: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None
    author: str | None = None
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)

    @property
    def gov(self) -> bool:
        return self.subset == "gne" or self.name in STATE_MEDIA


def _read(path: Path) -> str:
    return path.read_text("utf-8").strip()


def _html_text(html: str) -> str:
    import lxml.html

    return lxml.html.fromstring(html).text_content() if html.strip() else ""


def _full_date(s: str | None) -> str | None:
    m = FULL_DATE.match((s or "").strip())
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def load_pages() -> list[Page]:
    pages = []
    cw = BENCH / CWCED
    for html in sorted((cw / "original").glob("*.html")):
        stem = html.stem
        author = _read(cw / "author" / f"{stem}.txt")
        pages.append(
            Page(
                f"cwced/{stem[:8]}",
                "cwced",
                CLEANEVAL_WRAPPER.sub(b"", html.read_bytes()),
                body=_read(cw / "cleaned" / f"{stem}.txt"),
                date=_full_date(_read(cw / "date" / f"{stem}.txt")),
                author=None if author in ("", "UNKNOWN") else author,
            )
        )
    for folder in sorted((BENCH / "mozilla-readability-testpages").iterdir()):
        if not folder.is_dir():
            continue
        meta = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
        pages.append(
            Page(
                f"mozilla/{folder.name}",
                "mozilla",
                (folder / "source.html").read_bytes(),
                body=_html_text((folder / "expected.html").read_text("utf-8")),
                title=meta.get("title"),
                author=meta.get("byline"),
            )
        )
    news = BENCH / "newspaper4k-tests"
    for html in sorted((news / "html").glob("*.html")):
        meta_path = news / "metadata" / f"{html.stem}.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        pages.append(
            Page(
                f"newspaper/{html.stem}",
                "newspaper",
                html.read_bytes(),
                body=_read(news / "txt" / f"{html.stem}.txt"),
                title=meta.get("title"),
                date=_full_date(meta.get("publish_date")),
            )
        )
    traf = BENCH / "trafilatura-eval"
    for entry in json.loads((traf / "evaldata_zh_subset.json").read_text("utf-8")).values():
        pages.append(
            Page(
                f"trafilatura/{entry['file'][:24]}",
                "trafilatura",
                (traf / "eval" / entry["file"]).read_bytes(),
                title=entry["title"],
                date=_full_date(entry["date"]),
                author=entry["author"] or None,
                with_=entry["with"],
                without=entry["without"],
            )
        )
    gne = BENCH / "gne-tests"
    for gold in sorted((gne / "gold").glob("*.json")):
        meta = json.loads(gold.read_text("utf-8"))
        pages.append(
            Page(
                f"gne/{gold.stem}",
                "gne",
                (gne / meta["file"]).read_bytes(),
                body=_read(gold.with_suffix(".txt")),
                title=meta["title"],
                date=_full_date(meta["date"]),
                source=meta["source"] or None,
                author=meta["author"] or None,
            )
        )
    return pages


# ---------------------------------------------------------------------------- scores


def _bag(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def char_f1(output: str, gold: str) -> float:
    out, ref = _bag(output), _bag(gold)
    shared = sum((out & ref).values())
    if not shared:
        return 0.0
    p, r = shared / sum(out.values()), shared / sum(ref.values())
    return 2 * p * r / (p + r)


def _norm(s: str | None) -> str:
    return re.sub(r"[\s、,,]+", "", unicodedata.normalize("NFKC", s or ""))


def title_right(output: str | None, gold: str) -> bool:
    out, ref = _norm(output), _norm(gold)
    if not out:
        return False
    while ref:
        if out == ref:
            return True
        shorter = _norm(TITLE_SUFFIX.sub("", ref))
        if shorter == ref:
            return False
        ref = shorter
    return False


def has_leftover(output: str, gold: str) -> bool:
    found = {m.group().lower() for m in LEFTOVER.finditer(output)}
    kept = {m.group().lower() for m in LEFTOVER.finditer(gold)}
    return bool(found - kept)


def gold_recall(text: str, gold: str) -> float:
    ref = _bag(gold)
    return sum((_bag(text) & ref).values()) / max(1, sum(ref.values()))


# ---------------------------------------------------------------------------- runs


@dataclass
class Output:
    body: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    author: str | None = None


def run_ours(data: bytes) -> Output:
    from miner.clean_html import clean_page

    cleaned, _ = clean_page(data)
    return Output(cleaned.body, cleaned.title, cleaned.date, cleaned.source, cleaned.author)


def run_readability(html: str) -> Output:
    from readability import Document

    doc = Document(html)
    return Output(_html_text(doc.summary()), doc.short_title())


def best_time(fn: Callable[[], Output]) -> tuple[float, Output]:
    """The best of ``RUNS`` timings of ``fn`` (the least disturbed run) and its result."""
    best, result = float("inf"), None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    assert result is not None
    return best, result


def decoding_table(pages: list[Page]) -> list[str]:
    from charset_normalizer import from_bytes

    from miner.decode import decode_bytes, sniff_html_charset

    def declared_only(data: bytes) -> str:
        label = sniff_html_charset(data) or "utf-8"
        try:
            return data.decode(label, errors="replace")
        except LookupError:
            return data.decode("utf-8", errors="replace")

    def normalizer_only(data: bytes) -> str:
        best = from_bytes(data).best()
        return str(best) if best is not None else ""

    def ours(data: bytes) -> str:
        return decode_bytes(data, sniff_html_charset(data)).text

    gb = []
    for p in pages:
        try:
            p.data.decode("utf-8")
        except UnicodeDecodeError:
            gb.append(p)
    gold = [p for p in gb if p.body]
    rows = []
    for label, fn in (
        ("ours", ours),
        ("declared charset", declared_only),
        ("charset-normalizer", normalizer_only),
    ):
        right = sum(gold_recall(fn(p.data), p.body or "") >= GOOD_DECODING for p in gold)
        rows.append(f"  {label:<20} {right}/{len(gold)}")
    return [
        f"decoding: pages not in UTF-8 with gold text, decoded right ({len(gold)} pages, "
        f"{len(gb)} in all)",
        *rows,
    ]


def main() -> int:
    if not BENCH.is_dir():
        print(f"htmlbench: {BENCH} not found; skipped")
        return 0
    from miner.decode import decode_bytes, sniff_html_charset

    pages = load_pages()
    ours: dict[str, Output] = {}
    theirs: dict[str, Output] = {}
    t_ours = t_theirs = 0.0
    for p in pages:  # interleaved, so that both see the same state of the machine
        t, ours[p.name] = best_time(lambda p=p: run_ours(p.data))
        t_ours += t
        text = decode_bytes(p.data, sniff_html_charset(p.data)).text
        t, theirs[p.name] = best_time(lambda text=text: run_readability(text))
        t_theirs += t

    def f1(outputs: dict[str, Output], keep: Callable[[Page], bool]) -> str:
        chosen = [p for p in pages if p.body is not None and keep(p)]
        mean = sum(char_f1(outputs[p.name].body, p.body or "") for p in chosen) / len(chosen)
        return f"{mean:.3f} ({len(chosen)})"

    def count(
        outputs: dict[str, Output],
        keep: Callable[[Page], bool],
        right: Callable[[Page, Output], bool],
    ) -> str:
        chosen = [p for p in pages if keep(p)]
        return f"{sum(right(p, outputs[p.name]) for p in chosen)}/{len(chosen)}"

    def snippets(outputs: dict[str, Output]) -> str:
        n = good = 0
        for p in pages:
            body = outputs[p.name].body
            n += len(p.with_) + len(p.without)
            good += sum(s in body for s in p.with_) + sum(s not in body for s in p.without)
        return f"{good}/{n}"

    rows: list[tuple[str, str, str, str]] = []
    for subset in ("cwced", "mozilla", "newspaper", "gne"):
        rows.append(
            (
                f"body F1, {subset}",
                f1(ours, lambda p, s=subset: p.subset == s),
                f1(theirs, lambda p, s=subset: p.subset == s),
                "",
            )
        )
    rows.append(
        (
            "body F1, gov/state media",
            f1(ours, lambda p: p.gov),
            f1(theirs, lambda p: p.gov),
            "≥ 0.985",
        )
    )
    rows.append(("body F1, all", f1(ours, lambda p: True), f1(theirs, lambda p: True), "≥ 0.95"))
    rows.append(("snippets (trafilatura)", snippets(ours), snippets(theirs), ""))
    rows.append(
        (
            "dates Y-M-D",
            count(ours, lambda p: p.date is not None, lambda p, o: o.date == p.date),
            "—",
            "≥ 65",
        )
    )
    rows.append(
        (
            "来源",
            count(
                ours,
                lambda p: p.source is not None,
                lambda p, o: _norm(o.source) == _norm(p.source),
            ),
            "—",
            "all",
        )
    )
    for label, keep, bar in (
        ("titles, gne", lambda p: p.subset == "gne", "≥ 11"),
        ("titles, other metadata", lambda p: p.subset != "gne" and p.title is not None, ""),
    ):
        rows.append(
            (
                label,
                count(ours, keep, lambda p, o: title_right(o.title, p.title or "")),
                count(theirs, keep, lambda p, o: title_right(o.title, p.title or "")),
                bar,
            )
        )
    rows.append(
        (
            "authors",
            count(
                ours,
                lambda p: p.author is not None,
                lambda p, o: _norm(o.author) == _norm(p.author),
            ),
            "—",
            "",
        )
    )
    leftover_pages = lambda p: p.subset in ("cwced", "gne")  # noqa: E731
    rows.append(
        (
            "outputs with leftovers",
            count(ours, leftover_pages, lambda p, o: has_leftover(o.body, p.body or "")),
            count(theirs, leftover_pages, lambda p, o: has_leftover(o.body, p.body or "")),
            "≤ 3",
        )
    )
    per_ours, per_theirs = t_ours / len(pages) * 1000, t_theirs / len(pages) * 1000
    rows.append(
        (
            "ms per page (ratio)",
            f"{per_ours:.1f} ({per_ours / per_theirs:.2f}×)",
            f"{per_theirs:.1f} (1×)",
            "≤ 1.5×",
        )
    )

    print(f"htmlbench: {len(pages)} pages from {BENCH}")
    print(f"{'measure':<28} {'miner':>16} {'readability':>16}  bar")
    for label, a, b, bar in rows:
        print(f"{label:<28} {a:>16} {b:>16}  {bar}")
    print("\n".join(decoding_table(pages)))
    if "-v" in sys.argv:
        for p in pages:
            o = ours[p.name]
            score = f"{char_f1(o.body, p.body):.3f}" if p.body is not None else "  -  "
            print(
                f"{p.name:<36} {score} {char_f1(theirs[p.name].body, p.body or ''):.3f}"
                f" date={o.date}/{p.date} src={o.source}/{p.source} title={o.title}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
