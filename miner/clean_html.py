"""The article in an HTML page: body, title, publish date, source (来源) and author.

How, in order:

1. ``clean_page`` decodes the bytes (``miner.decode``: the charset the headers or ``<meta>``
   declare is a hint that is checked against the bytes) and hands the text to ``clean_html``.
2. lxml parses the page (a forgiving C parser, fast on old table-layout CMS pages; with
   ``huge_tree``, then without inline tags, then as text, for pages nested too deep for it);
   scripts, styles, form widgets, comments and hidden elements go (not a hidden article that
   a script shows).
3. The page becomes block lines, as in a text dump (one block element, ``<br>`` or cell a
   line), each knowing how much of it is link text and which element holds it. Every line is
   labelled and scored by ``miner.clean`` with the words of ``boilerplate.toml`` (prose counts
   for the body, furniture and metadata lines against); here a line that is mostly link text
   counts as navigation, a metadata line with its key anywhere (来源 after a date) as metadata,
   and the lines in a container whose class names a comment thread, sidebar or related box
   (or a share bar without paragraphs), a feed under its heading (相关推荐) and a list of
   teasers count against.
4. The body is the best run of consecutive parts of any one element (Kadane's algorithm on
   every element's children): the article's paragraphs wherever they hang, not the sidebar
   or the comment thread beside them. The run is widened over the short lines of the same
   container (captions, one-line paragraphs), starts after the headline's metadata lines and
   ends before the next entry (a blog's next post, a forum's replies). Control lines such as
   【打印】【关闭】 and link lists inside it are dropped; sentences are kept.
5. The headline is the line above the body that the ``<title>`` (or og:title) repeats, else
   the line right above the metadata lines. Date, source and author come from the metadata
   lines around it (keys read by ``miner.clean``), then from the ``<meta>`` tags (the names of
   the government-site standard and of Open Graph), then from the address or a script.

Nothing here is keyed to a site: all words, class names and tag names are data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from miner import clean, decode, pagemeta
from miner.records import DocInfo

__all__ = ["CleanedHtml", "clean_html", "clean_page", "page_record"]


@dataclass
class CleanedHtml:
    """What ``clean_html`` found on a page; ``body`` is the article text, one block a line,
    as printed (full-width punctuation kept)."""

    title: str | None
    date: str | None  # YYYY-MM-DD
    source: str | None
    author: str | None
    body: str
    warnings: list[str] = field(default_factory=list)
    site: str | None = None  # the site's name, from <title> or <meta> (…_福州市人民政府)


def clean_page(
    data: bytes, headers: dict | None = None, url: str | None = None
) -> tuple[CleanedHtml, str]:
    """Decode a fetched page and clean it; returns the result and the encoding used.

    ``headers`` are the HTTP response headers, if any (their ``Content-Type`` charset is the
    first hint), ``url`` the page's address (a date in it is a last resort for the date).
    Raises ``miner.decode.NotTextError`` for binary data.
    """
    decoded = decode.decode_bytes(data, decode.sniff_html_charset(data, headers))
    result = clean_html(decoded.text, url)
    result.warnings[:0] = decoded.warnings
    return result, decoded.encoding


def page_record(
    data: bytes, *, path: str | None = None, url: str | None = None, is_html: bool = True
) -> dict[str, Any]:
    """What ``miner clean --format jsonl`` writes for one page: the record's ``doc``,
    ``title``, ``date``, ``source``, ``author`` and ``body`` fields, and its ``warnings``.

    A text dump (``is_html=False``) is cleaned by ``miner.clean.clean_text`` instead.
    Raises ``miner.decode.NotTextError`` for binary data.
    """
    if is_html:
        cleaned, encoding = clean_page(data, url=url)
    else:
        cleaned, encoding = _clean_dump(data)
    doc = DocInfo(path, url, hashlib.sha256(data).hexdigest(), encoding, len(cleaned.body))
    return {
        "doc": doc.to_dict(),
        "title": cleaned.title,
        "date": cleaned.date,
        "source": cleaned.source,
        "author": cleaned.author,
        "body": cleaned.body,
        "warnings": cleaned.warnings,
    }


def _clean_dump(data: bytes) -> tuple[CleanedHtml, str]:
    decoded = decode.decode_bytes(data)
    return _clean_text(decoded.text, decoded.warnings), decoded.encoding


def _clean_text(text: str, warnings: list[str]) -> CleanedHtml:
    """A text dump through miner.clean, matched on a folded copy and cut from the printed text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    folded = text.translate(decode._FULLWIDTH)
    page = clean.clean_text(text, decode.simplified_shadow(folded) or folded)
    warnings = warnings + page.warnings
    return CleanedHtml(page.title, page.date, page.source, page.author, page.body, warnings)


_UNSEEN = re.compile(
    r"<(script|style|noscript|template|textarea|title)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I
)
_TAG = re.compile(r"<[A-Za-z/!?][^>]*>")


def _as_text(html: str) -> CleanedHtml:
    """A page no parser builds a tree of, read as the text dump it prints: each block element
    starts a line, scripts and styles go."""
    import html as entities

    block = re.compile(f"</?(?:{'|'.join(sorted(_BLOCK_TAGS))})(?![\\w-])[^>]*>", re.I)
    text = entities.unescape(_TAG.sub("", block.sub("\n", _UNSEEN.sub("", html))))
    return _clean_text(text, ["page nested too deep for the HTML parser: read as text"])


def clean_html(html: str, url: str | None = None) -> CleanedHtml:
    """Body, title, date (YYYY-MM-DD), source and author of an HTML page.

    Patterns are matched on a same-length copy of the text with full-width ASCII folded and,
    for a traditional page, simplified; what is returned is cut from the printed text.
    """
    rules = _html_rules()
    try:
        root, warnings = _parse(html)
    except _TooDeep:
        return _as_text(html)
    if root is None:
        return CleanedHtml(None, None, None, None, "", [*warnings, "empty page"])
    tags = _meta_tags(root, rules)
    page_title = _page_title(root)
    _prune(root, rules)
    blocks = _blocks(root)
    if not blocks:
        return CleanedHtml(None, None, None, None, "", [*warnings, "no text in the page"])

    text = "\n".join(b.text for b in blocks)
    folded = text.translate(decode._FULLWIDTH)
    shadow = decode.simplified_shadow(folded)
    lines = clean._lines(shadow or folded, rules.text)
    # The titles the page states, in the form its lines are matched in.
    refs = [r.translate(decode._FULLWIDTH) for r in (tags.get("title"), page_title) if r]
    if shadow is not None:
        refs = [decode.to_simplified(r) for r in refs]
    _rescore(lines, blocks, rules)
    own_scores = [line.score for line in lines]
    _score_noise_containers(lines, blocks, root, refs, rules)
    _score_feeds(lines, blocks, refs, rules)
    _score_teasers(lines, blocks)

    run = _body_run(lines, blocks, rules)
    if run is None and any(score > 0 for score in own_scores):
        # All the page's text is in what looks like comments, a feed or teasers (a 评论
        # column's <div class="comment-text">): read rather than lost, and said so.
        for line, score in zip(lines, own_scores, strict=True):
            line.score = score
        run = _body_run(lines, blocks, rules)
        warnings.append("the only text is in a comment box, a feed or a list of teasers")
    if run is None:
        first, last = len(lines), len(lines) - 1
        warnings.append("no article text found (the page is only boilerplate)")
    else:
        first = _after_header(lines, blocks, *run, rules)
        last = _first_entry(lines, first, run[1], rules)
    body_lines = [
        _slice(text, lines[k]) for k in range(first, last + 1) if _keep_in_body(lines[k], rules)
    ]
    note = _closing_note(lines, first, last, rules) if run is not None else None
    if note is not None and body_lines:
        # The note closes the last line: "……水平。（来源：某某党建网）".
        body_lines[-1] = body_lines[-1][: note.start - lines[last].start].rstrip()
    body = "\n".join(body_lines)

    title_k = _title_line(lines, first, refs)
    title = _slice(text, lines[title_k]) if title_k is not None else _title_from(tags, page_title)
    if title is None:
        warnings.append("no title found")

    # The page's own metadata lines: under the headline (with no headline found, just above
    # the body), then above the headline, then right below the body.
    top = title_k + 1 if title_k is not None else max(0, first - _NEAR_LINES)
    near = list(range(top, first))
    bottom = title_k if title_k is not None else top
    around = list(range(bottom - 1, max(-1, bottom - 1 - _HEAD_LINES), -1))
    foot = list(range(last + 1, min(len(lines), last + 1 + _FOOT_LINES)))
    fields = _fields(text, lines, [*near, *around], foot, note, rules)
    date = (
        fields.date
        or _any_date(lines, near, around)
        or _tag_date(tags.get("date"))
        or _url_date(url)
        or _script_date(html, rules)
    )
    source = fields.source or fields.loose_source
    if source is None and not fields.source_printed:
        # As miner.clean does: a page that names no source is the site's own.
        source = (
            _unkeyed_source(text, lines, near, rules)
            or tags.get("source")
            or (clean._dateline_source(text, lines, first) if run is not None else None)
            or tags.get("site")
        )
    author = fields.author or fields.loose_author
    if author is None and title_k is not None:
        author = clean._byline(text, lines, title_k, first, rules.text)
    if author is None and run is not None:
        author = clean._dateline_author(text, lines[first], rules.text)
    credit = clean._credit(text, lines[last]) if run is not None else None
    author = author or fields.trailing_author or credit or _person(tags.get("author"))
    site = tags.get("site") or _site_from_title(page_title, title)
    return CleanedHtml(title, date, source, author, body, warnings, site)


_TITLE_PARTS = re.compile(r"\s*[_|｜—–]+\s*|\s+[-－]\s+")


def _site_from_title(page_title: str, headline: str | None) -> str | None:
    """``鼓楼区:“红色引擎”激活两新组织党建_福州市人民政府`` -> ``福州市人民政府``: the part of
    the <title> that is not the headline (the site names itself last, or first)."""
    parts = [p for p in _TITLE_PARTS.split(page_title) if p]
    if len(parts) < 2:
        return None
    rest = [p for p in parts if not headline or (p not in headline and headline not in p)]
    return rest[-1] if rest else None


# What a <meta name=author> holds when it names no author: a list of the site's names, a
# domain (www.yunnan.cn,云南网, 51offer.com) or a user id (L_104485).
_NOT_A_NAME = re.compile(r"[,，、]|\.[a-z]|^[A-Za-z_]*\d[\w-]*$")


def _person(name: str | None) -> str | None:
    return name if name and not _NOT_A_NAME.search(name) else None


def _slice(text: str, line: clean._Line) -> str:
    return text[line.start : line.end]


# ---------------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class _HtmlRules:
    text: clean._Rules  # miner.clean's rules, with the keys and furniture words of [html]
    drop_tags: tuple[str, ...]
    hidden_style: re.Pattern[str]
    noise_class: re.Pattern[str]
    bar_class: re.Pattern[str]  # a container so named is noise unless it holds paragraphs
    feed_heading: re.Pattern[str]  # the heading of a feed of other articles (相关推荐)
    document_date_key: re.Pattern[str]  # matches the end of the text before a value
    unknown_values: frozenset[str]
    closing_key: re.Pattern[str]  # a credit line that closes an article (责任编辑:…)
    outlet: re.Pattern[str]  # a whole line (or what follows a date) naming an outlet
    meta_names: dict[str, str]  # lower-case <meta> name -> field (title, date, source, …)
    meta_rank: dict[str, int]  # lower-case <meta> name -> rank within its field
    script_date: re.Pattern[str]


@lru_cache(maxsize=1)
def _html_rules() -> _HtmlRules:
    raw = (resources.files("miner") / "data" / "boilerplate.toml").read_text(encoding="utf-8")
    d = tomllib.loads(raw)
    html, tags, meta = d["html"], d["html_meta"], d["meta"]
    base = clean._rules()
    key_kind = dict(base.key_kind)
    key_kind.update({k: "date" for k in html["date_keys"]})
    key_kind.update({k: "source" for k in html["source_keys"]})
    closed_keys = list(key_kind)
    open_keys = [*html["open_source_keys"], *html["open_date_keys"]]
    key_kind.update({k: "source" for k in html["open_source_keys"]})
    key_kind.update({k: "date" for k in html["open_date_keys"]})
    # miner.clean's key pattern with the open keys added to its "skey" branch (the keys that
    # need no colon), so that miner.clean's own helpers read them.
    slash = clean._alternation(meta["slash_keys"])
    meta_key = re.compile(
        f"(?<![{clean._CJK_CLASS}])(?:(?P<key>{clean._alternation(closed_keys)})"
        f"\\s*(?:{clean._COLON}|(?=\\s))"
        f"|(?P<skey>(?:{slash})(?=\\s*[//∕])|{clean._alternation(open_keys)})"
        f"\\s*[//∕::]?)"
    )
    names: dict[str, str] = {}
    rank: dict[str, int] = {}
    for kind in ("title", "date", "source", "author", "site"):
        for i, name in enumerate(tags[kind]):
            names.setdefault(name, kind)
            rank.setdefault(name, i)
    keys = clean._alternation(tags["script_date_keys"])
    fur = d["furniture"]
    # miner.clean's furniture patterns with the words of [html] added, built as it builds them.
    line_start = re.compile(
        f"(?P<furniture>{clean._alternation(fur['prefixes'] + html['furniture_prefixes'])})"
        f"|(?P<crumb>{d['breadcrumb']['prefix_re']})"
    )
    anywhere = re.compile(
        f"{clean._alternation(fur['anywhere'] + html['furniture_anywhere'])}"
        f"|{clean._alternation(fur['anywhere_re'], escape=False)}"
    )
    text_rules = dataclasses.replace(
        base,
        meta_key=meta_key,
        key_kind=key_kind,
        line_start=line_start,
        furniture_anywhere=anywhere,
    )
    return _HtmlRules(
        text=text_rules,
        drop_tags=tuple(html["drop_tags"]),
        hidden_style=re.compile(html["hidden_style_re"], re.I),
        noise_class=re.compile(html["noise_class_re"]),
        bar_class=re.compile(html["bar_class_re"]),
        feed_heading=re.compile(
            f"[{re.escape(clean._OPENERS)}]*(?:{clean._alternation(html['feed_headings'])})"
        ),
        unknown_values=frozenset(html["unknown_values"]),
        closing_key=re.compile(
            f"(?<![{clean._CJK_CLASS}])(?:{clean._alternation(html['closing_keys'])})\\s*{clean._COLON}"
        ),
        outlet=re.compile(
            f"[{clean._CJK_CLASS}·]{{1,10}}(?:{clean._alternation(html['outlet_suffixes'])})"
        ),
        document_date_key=re.compile(
            f"(?:{clean._alternation(html['document_date_keys'])})\\s*{clean._COLON}?\\s*$"
        ),
        meta_names=names,
        meta_rank=rank,
        script_date=re.compile(f"[\"']?(?:{keys})[\"']?\\s*[:=]\\s*[\"']([^\"']{{8,40}})[\"']"),
    )


# ---------------------------------------------------------------------------- page to lines

_BLOCK_TAGS = frozenset(clean._BLOCK_TAGS) | {"br", "option", "legend", "menu"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# Characters of a line that carry text (not spaces) are what link density is measured on.
_SPACE = re.compile(r"\s+")
_WORDY = re.compile(r"[^\W_]")  # a letter, digit or CJK character


@dataclass(slots=True)
class _Block:
    """One line of the page: its text, how much of it is link text, the element holding it."""

    text: str
    chars: int  # non-space characters
    links: int  # non-space characters inside <a>
    owner: object  # lxml element: the innermost block element around the text
    tag: str
    edge_link: bool  # the line starts or ends with link text (标题 summary… [详细])


# An end of the page before its end: a server-side include pasted a whole page (its own
# </html>) as the header, and libxml2 drops everything after it. The tag is optional.
_HTML_END = re.compile(r"</html\s*>", re.I)
# HTML's phrasing elements, which lay out no lines: a page nested too deep for the parser
# (300 unclosed <font> in a nav bar) is read without them. Not <a>, which link density needs.
_INLINE_TAG = re.compile(
    r"</?(?:font|span|b|i|u|s|em|strong|small|big|strike|tt|sub|sup|nobr|label|abbr|cite|q|"
    r"ins|del|mark|code|kbd|var|dfn|bdo|blink)(?![\w-])[^>]*>",
    re.I,
)


class _TooDeep(Exception):
    """The page nests its elements deeper than libxml2 builds a tree, even without inline tags."""


def _parse(html: str) -> tuple[Any, list[str]]:
    """The page's tree (None for a page without markup or text) and warnings.

    libxml2 stops building the tree at 256 levels of nesting and at a text or attribute over
    10 MB (an inline script, a data: image), losing the rest of the page without an error:
    the parser runs with ``huge_tree`` (2048 levels, 1 GB), and a page nested deeper still is
    parsed again without its inline tags. Raises ``_TooDeep`` when even that is too deep.
    """
    import lxml.html
    from lxml import etree

    # lxml refuses a str that still carries an XML encoding declaration.
    html = _HTML_END.sub("", _XML_DECLARATION.sub("", html, count=1))
    if not html.strip():
        return None, []
    warnings: list[str] = []
    for attempt in range(2):
        parser = lxml.html.HTMLParser(huge_tree=True)
        try:
            root = lxml.html.document_fromstring(html, parser=parser)
        except (etree.ParserError, ValueError):
            return None, warnings
        if not any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log):
            return root, warnings
        if attempt == 0:
            warnings.append("page nested too deep for the HTML parser: read without inline tags")
            html = _INLINE_TAG.sub("", html)
    raise _TooDeep


def _prune(root, rules: _HtmlRules) -> None:
    """Drop what is never article text: scripts, widgets, comments, hidden elements.

    Not a hidden element that holds sentences printed nowhere else on the page: that is an
    article a script shows (a 公众号 page's text), where a hidden copy of the article (kept
    for a speech reader) is not.
    """
    from lxml import etree

    etree.strip_elements(
        root, etree.Comment, etree.ProcessingInstruction, *rules.drop_tags, with_tail=False
    )
    hidden = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and (el.get("hidden") is not None or rules.hidden_style.search(el.get("style") or ""))
    ]
    shown = _hidden_articles(root, hidden) if hidden else set()
    for el in hidden:
        parent = el.getparent()
        if parent is not None and el not in shown:
            _drop_keep_tail(el, parent)


def _hidden_articles(root, hidden: list) -> set:
    """The hidden elements to keep: those that hold prose printed nowhere else (a speech
    reader's copy of the article may hide inside a kept toolbar). The first few are looked
    at; one after them stands or falls with the nearest such element around it."""
    prose = _prose_in(root)
    candidates = [el for el in hidden if _holds_prose(prose[el], *_HIDDEN_ARTICLE)]
    if not candidates:
        return set()
    page = _SPACE.sub("", root.text_content())
    keep: dict[Any, bool] = {}
    for el in candidates[:_SHOWN_MAX]:
        keep[el] = not _printed_twice(el, page)
    for el in candidates[_SHOWN_MAX:]:  # in document order: after those around it
        around = el.getparent()
        while around is not None and around not in keep:
            around = around.getparent()
        keep[el] = around is not None and keep[around]
    return {el for el, kept in keep.items() if kept}


# How much prose (characters, sentence ends) makes an element an article: a hidden one may
# be a short notice a script shows (a 公众号 post of one sentence under its photos); a
# container named like a bar must hold paragraphs, since bars print a sentence or two
# (把这篇文章分享给你的朋友).
_HIDDEN_ARTICLE = (20, 1)
_BAR_ARTICLE = (100, 2)
_SHOWN_MAX = 10  # hidden texts a page may show; a page hiding more is hiding them
_SENTENCE_END = re.compile(r"[。！？!?]")


def _prose_in(root) -> dict[Any, tuple[int, int]]:
    """Non-space characters and sentence ends under each element, in one pass up the tree
    (not text_content() per element: nested thousands deep, that is quadratic)."""
    totals: dict[Any, tuple[int, int]] = {}
    for el in reversed(list(root.iter())):  # children before their parent
        chars, stops = _prose_counts(el.text) if isinstance(el.tag, str) else (0, 0)
        for child in el:
            c, s = totals[child]
            tc, ts = _prose_counts(child.tail)
            chars, stops = chars + c + tc, stops + s + ts
        totals[el] = (chars, stops)
    return totals


def _prose_counts(text: str | None) -> tuple[int, int]:
    if not text:
        return 0, 0
    return len(_SPACE.sub("", text)), len(_SENTENCE_END.findall(text))


def _holds_prose(counts: tuple[int, int], chars: int, stops: int) -> bool:
    """An element with these counts holds prose, which a pop-up, a menu or a share bar hardly
    does (their lines are controls, links and a notice at most)."""
    return counts[0] >= chars and counts[1] >= stops


_PROBE_MIN = 10  # characters of a sentence that identify a copy of the text
_PROBES = 3  # sentences a copy must repeat (a page's visible digest repeats one at most)


def _printed_twice(el, page: str) -> bool:
    """The element's longest sentences (of its first ten) are all printed outside it too."""
    text = _SPACE.sub("", el.text_content())
    sentences = sorted(_SENTENCE_END.split(text)[:10], key=len, reverse=True)[:_PROBES]
    probes = [p for p in sentences if len(p) >= _PROBE_MIN]
    return bool(probes) and all(page.count(p) > text.count(p) for p in probes)


def _drop_keep_tail(el, parent) -> None:
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _blocks(root) -> list[_Block]:
    """The page's text, one block a line, in document order."""
    from lxml import etree

    out: list[_Block] = []
    pieces: list[tuple[str, bool]] = []  # (text, inside a link)
    owners = [root]
    link_depth = 0

    def flush() -> None:
        if not pieces:
            return
        raw = "".join(p for p, _ in pieces)
        text = clean._INLINE_SPACE.sub(" ", clean._CJK_WRAP.sub("", raw)).strip(" ")
        if text.strip():
            chars = len(_SPACE.sub("", text))
            links = sum(len(_SPACE.sub("", p)) for p, in_link in pieces if in_link)
            printed = [in_link for p, in_link in pieces if p.strip()]
            owner = owners[-1]
            out.append(
                _Block(text, chars, min(links, chars), owner, owner.tag, printed[0] or printed[-1])
            )
        pieces.clear()

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag in _BLOCK_TAGS:
                flush()
                if tag != "br":
                    owners.append(el)
            elif tag == "a":
                link_depth += 1
            if el.text:
                pieces.append((el.text, link_depth > 0))
        else:
            if tag in _BLOCK_TAGS:
                flush()
                if tag != "br":
                    owners.pop()
            elif tag == "a":
                link_depth -= 1
            if el.tail:
                pieces.append((el.tail, link_depth > 0))
    flush()
    return out


def _meta_tags(root, rules: _HtmlRules) -> dict[str, str]:
    """The article fields the page's <meta> tags state, the most trusted name per field."""
    found: dict[str, tuple[int, str]] = {}
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        kind = rules.meta_names.get(name)
        content = (el.get("content") or "").strip()
        if kind and content:
            rank = rules.meta_rank[name]
            if kind not in found or rank < found[kind][0]:
                found[kind] = (rank, content)
    return {kind: content for kind, (_, content) in found.items()}


def _page_title(root) -> str:
    el = root.find(".//title")
    return clean._INLINE_SPACE.sub(" ", el.text_content()).strip() if el is not None else ""


# ---------------------------------------------------------------------------- line scores

_META_SCORE = -20.0  # as miner.clean weighs a metadata line
_META_MAX = 150  # a metadata line is short; a longer one is text that mentions a date
_SHORT_DATED = 60  # a line this short with a full date in it is a dateline, not text


def _meta_like(core: str, rules: _HtmlRules) -> bool:
    """A metadata line that miner.clean, which looks for a key at the start, misses: a key
    anywhere in a short line (【纠错】【责任编辑:张三】, AUTO.SOHU.COM 2005年05月13日 来源:…),
    a date in a short line without sentences, or a list entry's stamp."""
    if _stamped_entry(core):
        return True
    if "。" in core or len(core) > _META_MAX:
        return False
    if rules.text.meta_key.search(clean._blank_controls(core, rules.text)):
        return True
    return (
        len(core) <= _SHORT_DATED
        and not clean._SENTENCE.search(core)
        and pagemeta.find_date(core) is not None
    )


# A month-day and a time of day (08-11 16:06): the stamp of an entry in a list of posts or
# articles, which article text does not print.
_STAMP = re.compile(r"(?<![\d-])\d{1,2}[-/]\d{1,2}\s+\d{1,2}:\d{2}(?!\d)")


def _stamped_entry(core: str) -> bool:
    return "。" not in core and len(core) <= _META_MAX and _STAMP.search(core) is not None


def _rescore(lines: list[clean._Line], blocks: list[_Block], rules: _HtmlRules) -> None:
    """A line that is mostly link text is navigation, whatever its words; a line that is
    only a bullet or a rule (a layout table's ·, |, ----) weighs nothing either way."""
    for line, block in zip(lines, blocks, strict=True):
        if not _WORDY.search(line.core):
            line.label, line.score = clean._FURNITURE, 0.0
        elif block.links * 2 >= block.chars:
            line.label = clean._NAV
            line.score = -max(10.0, len(line.core) / 2)
        elif line.label in (clean._SHORT, clean._PROSE) and _meta_like(line.core, rules):
            line.label, line.score = clean._META, _META_SCORE


def _score_noise_containers(
    lines: list[clean._Line], blocks: list[_Block], root, refs: list[str], rules: _HtmlRules
) -> None:
    """Text inside a comment thread, sidebar, related box or share bar counts against the body.

    A container that holds the headline (an <h1>, or a line the page's <title> repeats) is
    the page's wrapper, never furniture, whatever its class says (a theme's
    <div class="has-sidebar"> around everything); nor is one named like a bar that holds
    paragraphs (<div class="article-share-wrap">).
    """
    wrappers = {root, root.find("body")}
    for h1 in root.iter("h1"):
        wrappers.update(h1.iterancestors())
    for line, block in zip(lines, blocks, strict=True):
        if _repeats_title(line.core, refs):
            wrappers.add(block.owner)
            wrappers.update(block.owner.iterancestors())
    noisy: dict[object, bool] = {}
    prose: dict[Any, tuple[int, int]] = {}  # filled when a bar's name is first met

    def named_noise(el) -> bool:
        if el in wrappers:
            return False
        hint = f"{el.get('class') or ''} {el.get('id') or ''}"
        if rules.noise_class.search(hint):
            return True
        if rules.bar_class.search(hint) is None:
            return False
        if not prose:
            prose.update(_prose_in(root))
        return not _holds_prose(prose[el], *_BAR_ARTICLE)

    def is_noise(el) -> bool:
        # Up to the nearest container already judged, then down again: no recursion, since
        # pages nest a couple of thousand levels deep.
        chain = []
        while el is not None and el not in noisy:
            chain.append(el)
            el = el.getparent()
        found = el is not None and noisy[el]
        for node in reversed(chain):
            found = found or named_noise(node)
            noisy[node] = found
        return found

    for line, block in zip(lines, blocks, strict=True):
        if line.score > 0 and is_noise(block.owner):
            line.score = -line.score


_FEED_HEADING_MAX = 16  # a feed's heading is short: 猜你喜欢, 相关新闻更多>>, 为你推荐 换一换


def _score_feeds(
    lines: list[clean._Line], blocks: list[_Block], refs: list[str], rules: _HtmlRules
) -> None:
    """A feed of other articles under its heading (你可能还想看, 相关推荐) counts against the
    body, whatever its box is named: the links after the heading and the text under each
    link in the same item (a teaser), as far as the element that holds the line after the
    heading reaches (up to the smallest one that also holds the heading: the list beside the
    heading in their box, not the box). It ends at text that is no teaser, since an old
    table layout floats the feed into the article's own cell, and at the page's headline."""
    for k in range(len(lines) - 1):
        core = lines[k].core
        if not _is_feed_heading(core, rules):
            continue
        # Furniture, so that the body is not widened over it as over a short last line.
        lines[k].label, lines[k].score = clean._FURNITURE, -max(40.0, len(core))
        box = blocks[k].owner
        branch = blocks[k + 1].owner
        while box is not None and not _within(branch, box):
            box = box.getparent()
        while branch is not box and branch.getparent() is not box:
            branch = branch.getparent()
        link = None  # the block of the link a teaser may stand under
        for j in range(k + 1, len(lines)):
            line = lines[j]
            if (
                not _within(blocks[j].owner, branch)
                or _is_headline(line, blocks[j], refs)
                or _is_feed_heading(line.core, rules)  # the next feed, read on its own
            ):
                break
            if line.label == clean._NAV:
                link = blocks[j]
            elif line.score > 0:
                if not _one_line_teaser(line, blocks[j]) and (
                    link is None or not _same_item(link, blocks[j])
                ):
                    break
                line.score, link = -line.score, None
            elif line.label not in clean._METAISH:  # a teaser's date may stand between
                link = None


def _is_feed_heading(core: str, rules: _HtmlRules) -> bool:
    return (
        len(core) <= _FEED_HEADING_MAX
        and "。" not in core
        and rules.feed_heading.match(core) is not None
    )


def _within(el, box) -> bool:
    return el is box or any(a is box for a in el.iterancestors())


_ITEM_LEVELS = 3  # a list item holds its link and its teaser within this many levels


def _same_item(link: _Block, text: _Block) -> bool:
    """The text and the link above it hang in one list item (<li><a>…</a><p>…</p></li>,
    <dl><dt><a>…</a></dt><dd>…</dd></dl>), not just in one page cell."""
    el = text.owner
    for _ in range(_ITEM_LEVELS):
        if el is None:
            return False
        if _within(link.owner, el):
            return True
        el = el.getparent()
    return False


def _is_headline(line: clean._Line, block: _Block, refs: list[str]) -> bool:
    return block.tag == "h1" or _repeats_title(line.core, refs)


_TEASER_MAX = 300  # a teaser's summary is one short paragraph
_TEASERS_MIN = 3  # items in a row that make a list of teasers


def _score_teasers(lines: list[clean._Line], blocks: list[_Block]) -> None:
    """A list of teasers counts against the body: items of a linked headline and a one-
    paragraph summary (with its date, a 详细>> link), or of one line that starts with its
    linked headline or ends with its 详细 link, three or more in a row. Their summaries are
    prose and, ten of them together, outweigh a one-paragraph news item above them. A blog's
    front page is not one: its posts' titles are followed by several paragraphs."""
    summaries: list[int] = []  # of the items in a row so far
    k, n = 0, len(lines)
    while k < n:
        line = lines[k]
        if _one_line_teaser(line, blocks[k]) and _item_ends(lines, blocks, k + 1):
            summaries.append(k)
            k += 1
            continue
        if not (
            line.label == clean._NAV
            and clean._HEADLINE_MIN <= len(line.core) <= clean._HEADLINE_MAX
        ):
            if line.score > 0:  # text that is no teaser ends the row
                _flip_teasers(lines, summaries)
            k += 1
            continue
        j = k + 1
        while j < n and lines[j].label in clean._METAISH:
            j += 1
        if (
            j < n
            and lines[j].label == clean._PROSE  # (its [详细] link, if any, is not most of it)
            and len(lines[j].core) <= _TEASER_MAX
            and _same_item(blocks[k], blocks[j])
            and _item_ends(lines, blocks, j + 1)
        ):
            summaries.append(j)
            k = j + 1
        else:
            _flip_teasers(lines, summaries)
            k += 1
    _flip_teasers(lines, summaries)


def _one_line_teaser(line: clean._Line, block: _Block) -> bool:
    return (
        line.label == clean._PROSE
        and len(line.core) <= _TEASER_MAX
        and block.links > 0
        and block.edge_link
    )


def _item_ends(lines: list[clean._Line], blocks: list[_Block], k: int) -> bool:
    """After a summary: its date or controls, then the next item or no more text."""
    while k < len(lines) and lines[k].score <= 0 and lines[k].label != clean._NAV:
        k += 1
    return (
        k == len(lines)
        or lines[k].label == clean._NAV
        or _one_line_teaser(lines[k], blocks[k])
    )


def _flip_teasers(lines: list[clean._Line], summaries: list[int]) -> None:
    if len(summaries) >= _TEASERS_MIN:
        for k in summaries:
            lines[k].score = -abs(lines[k].score)  # a feed's heading may have counted it
    summaries.clear()


# ---------------------------------------------------------------------------- the body

_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_SUBTITLE_DASHES = ("—", "--", "——")
_BRACKETED = re.compile(r"[【\[〖(（<《][^】\]〗)）>》]*[】\]〗)）>》]")


def _body_run(
    lines: list[clean._Line], blocks: list[_Block], rules: _HtmlRules
) -> tuple[int, int] | None:
    """First and last line of the body: the best run of sibling parts anywhere in the tree.

    Every element is read as a sequence of parts in document order (its child elements, each
    weighing the total score of its lines, and its own lines); the body is the run of
    consecutive parts of one element with the highest total (Kadane's algorithm on each
    element's parts). So the article's paragraphs are taken together wherever they hang, the
    share bar and related links beside them in the same cell stay out, and a sibling container
    of comments does not join the post however long it is, as long as it scores as a whole
    below zero. The run is then trimmed to start and end on a line that counts for it, and
    widened over the short lines around it in that element.
    """
    # parts[el] = [[score, first line, last line, key], …] in document order
    parts: dict[object, list[list]] = {}
    for k, (line, block) in enumerate(zip(lines, blocks, strict=True)):
        key: object = k  # the part of `el` this line falls in: itself, then a child element
        el = block.owner
        while el is not None:
            seq = parts.get(el)
            if seq is None:
                seq = parts[el] = []
            if seq and seq[-1][3] == key:
                part = seq[-1]
                part[0] += line.score
                part[2] = k
            else:
                seq.append([line.score, k, k, key])
            key, el = el, el.getparent()
    best, span, bounds = 0.0, None, (0, 0)
    for seq in parts.values():
        total, start = 0.0, 0
        for i, part in enumerate(seq):
            if total <= 0:
                total, start = 0.0, i
            total += part[0]
            if total > best:
                best, span, bounds = total, (seq[start][1], part[2]), (seq[0][1], seq[-1][2])
                # A run that is one child container whole is that container's: it is
                # widened within it, not over its parent's lines (a headline in a <div>
                # beside it). A run that is one paragraph is widened over its siblings.
                child = part[3] if i == start else None
                while child is not None and not isinstance(child, int):
                    inner = parts[child]
                    if len(inner) == 1 and isinstance(inner[0][3], int):
                        break
                    bounds = (inner[0][1], inner[-1][2])
                    child = inner[0][3] if len(inner) == 1 else None
    if span is None:
        return None
    first, last = span
    while lines[first].score <= 0:
        first += 1
    while lines[last].score <= 0:
        last -= 1
    return _widen(lines, blocks, first, last, *bounds, rules)


def _widen(
    lines: list[clean._Line],
    blocks: list[_Block],
    first: int,
    last: int,
    lo: int,
    hi: int,
    rules: _HtmlRules,
) -> tuple[int, int]:
    """Take in the short lines at either end of the run that sit in the same container: an
    article of captions and one-line paragraphs (a photo story) starts and ends with them.
    Upwards it stops at what stands above an article: a heading element (the headline), a
    subtitle (——记…), a byline (本报记者 张三), a column label (【新春走基层】)."""
    while first > lo and _opens_article(lines[first - 1], blocks[first - 1], rules):
        first -= 1
    while last < hi and lines[last + 1].label == clean._SHORT:
        last += 1
    return first, last


def _opens_article(line: clean._Line, block: _Block, rules: _HtmlRules) -> bool:
    """A short line that may be the article's first: not the headline's element, a subtitle
    (——记…), a byline (本报记者 张三) or a column label (【新春走基层】)."""
    return (
        line.label == clean._SHORT
        and block.tag not in _HEADINGS
        and not line.core.startswith(_SUBTITLE_DASHES)
        and not _BRACKETED.fullmatch(line.core)
        and not rules.text.byline.match(line.core)
    )


_HEADER_LOOK = 8  # lines at the top of a run that may still be the article's header


def _after_header(
    lines: list[clean._Line], blocks: list[_Block], first: int, last: int, rules: _HtmlRules
) -> int:
    """Where the body starts when the run took in the article's header.

    A headline that carries a full stop or enough commas scores as text, so the run can start
    with it and the metadata line under it (发布时间:… 来源:…). The body then starts after the
    last metadata line among the run's first lines, as long as no paragraph (a 。) comes before.
    """
    start = first
    for k in range(first, min(last, first + _HEADER_LOOK)):
        line = lines[k]
        if line.label in clean._METAISH:
            start = k + 1
        elif "。" in line.core:
            break
    if start > first:
        while start < last and not (
            lines[start].score > 0 or _opens_article(lines[start], blocks[start], rules)
        ):
            start += 1
    return start


def _first_entry(lines: list[clean._Line], first: int, last: int, rules: _HtmlRules) -> int:
    """Where the body ends when the run holds several entries; returns its last line.

    A news story closes with its editor's credit (责任编辑:张三): what follows is the page's.
    A blog's front page or a list of news items with their text: the next entry starts with
    a headline and its date line under it. A forum thread: the first post closes with its
    stamp (发布时间 2005/03/15 22:36:13 by …) and the replies after it weigh less than it.
    """
    before = 0.0  # score of the run so far
    after = sum(line.score for line in lines[first : last + 1])
    for k in range(first, last + 1):
        line = lines[k]
        before += line.score
        after -= line.score
        if k == first:
            continue
        if (
            "。" not in line.core
            and len(line.core) <= _SHORT_DATED
            and rules.closing_key.search(line.core)
        ):
            return _trim_end(lines, first, k - 1)
        heading = lines[k - 1]
        if (
            k >= first + 2
            and line.label in clean._METAISH
            and (pagemeta.is_bare_date(line.core) or rules.text.meta_key.search(line.core))
            and heading.label == clean._SHORT
            and clean._HEADLINE_MIN <= len(heading.core) <= clean._HEADLINE_MAX
            and not clean._FULL_STOP.search(heading.core)
            and not heading.core.endswith(":")
        ):
            return _trim_end(lines, first, k - 2)
        if after < before and _stamp_line(line.core, rules.text):
            return _trim_end(lines, first, k - 1)
    return last


# A publication stamp: a date key, the date and its time of day (发布时间 2005/03/15 22:36:13).
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


def _stamp_line(core: str, rules: clean._Rules) -> bool:
    if "。" in core or len(core) > _META_MAX:
        return False
    for kind, s, e in clean._pairs(core, rules):
        if kind == "date" and pagemeta.date_at(core, s) and _CLOCK.search(core, s, e):
            return True
    return False


def _trim_end(lines: list[clean._Line], first: int, end: int) -> int:
    while end > first and lines[end].score <= 0:
        end -= 1
    return end


_SENTENCE_MIN = 20  # a line this long with a full stop is a sentence, whatever it starts with


def _keep_in_body(line: clean._Line, rules: _HtmlRules) -> bool:
    """Inside the body, control lines, breadcrumbs and link lists go; a sentence stays even
    when it is a bulleted item (·其一是…;) or carries links, unless it is a notice
    (版权所有, 文明上网)."""
    if line.label not in (clean._FURNITURE, clean._BREADCRUMB, clean._NAV):
        return True
    return (
        len(line.core) >= _SENTENCE_MIN
        and clean._FULL_STOP.search(line.core) is not None
        and rules.text.furniture_anywhere.search(line.core) is None
    )


# ---------------------------------------------------------------------------- the title

_TITLE_MIN = 5  # a shorter line (首页, 正文) repeated in the <title> proves nothing
# What separates a headline from the site's name in a <title>: 标题_栏目_网站, 标题 - 网站.
_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|]|--?|—+|\s-\s)\s*")


def _repeats_title(core: str, refs: list[str]) -> bool:
    """The line is the page's <title> or og:title, or its start, its end or most of it (the
    title without the site's name, 标题_网站 or 网站 - 标题); not a word from its middle
    (a section's name in 标题_栏目_网站)."""
    return len(core) >= _TITLE_MIN and any(
        core in r and (r.startswith(core) or r.endswith(core) or 2 * len(core) >= len(r))
        for r in refs
    )


def _title_line(lines: list[clean._Line], first: int, refs: list[str]) -> int | None:
    """The headline: the line nearest above the body that the <title> repeats; else, when
    the <title> names only the site or the section, the headline-like line right above the
    metadata lines over the body (标题 | 发布时间:… 来源:… | text)."""
    for k in range(first - 1, -1, -1):
        if _repeats_title(lines[k].core, refs):
            return k
    k = first - 1
    while k >= 0 and lines[k].label in clean._METAISH:
        k -= 1
    if k < first - 1 and k >= 0:
        line = lines[k]
        if (
            line.label in (clean._SHORT, clean._PROSE)
            and clean._HEADLINE_MIN <= len(line.core) <= clean._HEADLINE_MAX
            and "。" not in line.core
        ):
            return k
    return None


def _title_from(tags: dict[str, str], page_title: str) -> str | None:
    """No headline line in the page: the title its tags state, without the site's name."""
    title = tags.get("title") or page_title
    if not title:
        return None
    head = _TITLE_SEPARATOR.split(title, maxsplit=1)[0].strip()
    return head if len(head) >= _TITLE_MIN else title


# ---------------------------------------------------------------------------- date, source, author

_HEAD_LINES = 12  # how far above the headline a page's metadata line may sit
_NEAR_LINES = 3  # with no headline found: the lines right above the body stand for it
_FOOT_LINES = 8  # how far below the body (发表于 … under a blog post, 来源: under a story)


def _fields(
    text: str,
    lines: list[clean._Line],
    head: list[int],
    foot: list[int],
    note: clean._Line | None,
    rules: _HtmlRules,
) -> clean._Fields:
    """Date, source and author from the keys of the metadata lines (来源:…, 发布时间:…).

    ``head`` are the lines around the headline, most trusted first; ``foot`` those under the
    body and ``note`` the note that closed it (（来源:…）), where an author is a trailing one.
    A key alone in its table cell takes the next line as its value (成文日期: | 2022年01月27日).
    """
    found = clean._Fields()
    null = rules.unknown_values
    document_date = None
    entries = [(True, k, lines[k]) for k in head] + [(False, k, lines[k]) for k in foot]
    if note is not None:
        entries.append((False, None, note))
    for is_head, k, line in entries:
        if "。" in line.core or len(line.core) > _META_MAX:
            continue
        pairs = clean._pairs(line.core, rules.text)
        if is_head and line.label in clean._METAISH:
            clean._read_keyless(found, text, line.start, line.core, pairs, rules.text)
        for kind, s, e in pairs:
            value, matched = text[line.start + s : line.start + e], line.core[s:e]
            if s == e == len(line.core) and k is not None and k + 1 < len(lines):
                following = lines[k + 1]
                if len(following.core) <= _SHORT_DATED and not clean._pairs(
                    following.core, rules.text
                ):
                    value, matched = _slice(text, following), following.core
            if kind == "date":
                date = pagemeta.iso_date(matched)
                if found.date is None:
                    found.date = date
                if document_date is None and rules.document_date_key.search(line.core[:s]):
                    document_date = date
            elif kind == "source":
                found.source_printed = True
                if found.source is None and value and matched not in null:
                    found.source = value
            elif kind == "author" and value and matched not in null:
                if is_head and found.author is None:
                    found.author = value
                elif not is_head and found.trailing_author is None:
                    found.trailing_author = value
    found.date = document_date or found.date
    return found


def _closing_note(
    lines: list[clean._Line], first: int, last: int, rules: _HtmlRules
) -> clean._Line | None:
    """A source or editor note closing the body's last line (…水平。（来源:某某党建网）), as
    miner.clean cuts it off a text dump's body; None if there is none."""
    tail = lines[last]
    m = rules.text.trailing_note.search(tail.core)
    if m is None or (last == first and not tail.core[: m.start()].strip()):
        return None
    return clean._Line(tail.start + m.start(), m.group(), clean._META, _META_SCORE)


def _unkeyed_source(
    text: str, lines: list[clean._Line], near: list[int], rules: _HtmlRules
) -> str | None:
    """An outlet named without a key under the headline: alone on its line (新华社), or after
    the date (2022-02-13 09:57   光明网). A person's name there is the byline, not this."""
    for k in near:
        line = lines[k]
        if line.label == clean._NAV:  # a link (开心网 in a share bar) names no source
            continue
        core = line.core
        offset = 0
        lead = pagemeta.lead_date(core)
        if lead:
            offset = lead.end
        m = rules.outlet.fullmatch(core, offset)
        if m and not rules.text.byline.match(core[offset:]):
            return text[line.start + offset : line.end]
    return None


def _any_date(lines: list[clean._Line], near: list[int], around: list[int]) -> str | None:
    """The first date in a line right under the headline (2005-04-05 06:40更新 千龙网, also
    in a line of links), else in a metadata line around it."""
    for k in near:
        core = lines[k].core
        if len(core) <= _META_MAX and (
            lines[k].label in clean._METAISH or not clean._SENTENCE.search(core)
        ):
            date = pagemeta.iso_date(core)
            if date:
                return date
    for k in around:
        if lines[k].label in clean._METAISH:
            date = pagemeta.iso_date(lines[k].core)
            if date:
                return date
    return None


_URL_DATE = re.compile(
    r"(?<![\d])((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?![\d])"
)


def _url_date(url: str | None) -> str | None:
    """The date news sites put in their article addresses (/2012-06/04/, /20191210/, t20190923_)."""
    for m in _URL_DATE.finditer(url or ""):
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None


def _tag_date(value: str | None) -> str | None:
    return pagemeta.iso_date(value) if value else None


def _script_date(html: str, rules: _HtmlRules) -> str | None:
    """A publish date that only a script states ("datePublished": "2020-02-19 …")."""
    m = rules.script_date.search(html)
    return pagemeta.iso_date(m.group(1)) if m else None
