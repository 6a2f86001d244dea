"""Split the text dump of a web page into its metadata and the article body.

A scraped page is article text wrapped in page furniture: the site name and breadcrumb,
metadata lines (时间/来源/作者/点击), font and print controls, share bars, comment prompts,
related-article lists, disclaimers, copyright and ICP lines, contact blocks. ``clean_text``
labels every line, scores it (article prose counts for, furniture against) and takes the
highest-scoring run of lines as the body, so short headings inside the article stay in while
lists and footers around it stay out. Title, date, source and author are then read from the
lines around the body only, never from the article text itself.

The words and patterns live in ``miner/data/boilerplate.toml``; this module is the mechanism.
``html_to_text`` gives an HTML page the same one-block-a-line shape as the text dumps.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = ["CleanedPage", "clean_text", "html_to_text"]


@dataclass
class CleanedPage:
    """What ``clean_text`` found on a page. ``body == text[body_start:body_end]``."""

    title: str | None
    date: str | None  # YYYY-MM-DD, from the page's own metadata line
    source: str | None
    author: str | None
    site: str | None  # the site-name line at the top (浙江在线), if the page prints one
    body_start: int
    body_end: int
    body: str
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- the rules

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CLASS}]")
_SENTENCE = re.compile("[,,。;;!!??]")
_FULL_STOP = re.compile("[。!!??;;]")
_DIGIT = re.compile("[0-9]")
_COMMA = re.compile("[,,、]")
_COLON = "[::]"
_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
)
_TIME = r"(?:\s*\d{1,2}[::]\d{2}(?:[::]\d{2})?)?"
_BARE_DATE = re.compile(rf"^{_DATE.pattern}{_TIME}$")
_LEAD_DATE = re.compile(rf"^{_DATE.pattern}{_TIME}\s*")
_WIDE_GAP = re.compile(r"\s{2,}|[【\[]")
_OPENERS = " \t\u00a0\u3000[【((<《「『"
_VALUE_TRIM = " \t\u00a0\u3000[]【】()()<>《》「」『』|,,;;"
_HEADLINE_MIN, _HEADLINE_MAX = 5, 100
_SITE_MAX = 20  # a site name is short: 浙江在线, 黑龙江党建, 中国共产党新闻网
_DATELINE_CHARS = 150  # how far into the first paragraph a dateline's (记者 …) may sit
_COMMA_TITLE_MAX = 40  # a first line with commas but no full stop this short is a headline
# A personal name as a separate token: two to four characters (少数民族 names may use ·).
_NAME_TOKEN = re.compile(f"(?<![{_CJK_CLASS}·])[{_CJK_CLASS}·]{{2,4}}(?![{_CJK_CLASS}·])")
_PAREN = re.compile("[((]([^()()]{1,60})[))]")


def _alternation(words: list[str], escape: bool = True) -> str:
    ordered = sorted(set(words), key=len, reverse=True)  # longest first: 信息来源 before 来源
    return "|".join(re.escape(w) if escape else w for w in ordered)


@dataclass(frozen=True)
class _Rules:
    line_start: re.Pattern[str]  # furniture prefix (group "furniture") or breadcrumb prefix
    furniture_anywhere: re.Pattern[str]
    furniture_bare: re.Pattern[str]
    trigger: re.Pattern[str]  # any word that may make a line metadata, control or contact
    bare_line: re.Pattern[str]  # a line that is only a control word
    breadcrumb_home: re.Pattern[str]
    breadcrumb_separator: re.Pattern[str]
    breadcrumb_min_separators: int
    nav_bars: re.Pattern[str]  # any one of the bar characters
    nav_min_bars: int
    nav_min_tokens: int
    nav_max_token_chars: int
    contact_start: re.Pattern[str]
    contact_number: re.Pattern[str]
    meta_key: re.Pattern[str]
    key_kind: dict[str, str]
    null_values: frozenset[str]
    trailing_note: re.Pattern[str]
    byline_roles: re.Pattern[str]  # 记者, 作者 … in front of a byline's names
    dateline_roles: re.Pattern[str]  # only 记者: (作者系…) in a first paragraph is no byline
    stop_roles: re.Pattern[str]
    byline: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = (resources.files("miner") / "data" / "boilerplate.toml").read_text(encoding="utf-8")
    d = tomllib.loads(raw)
    fur, crumb, nav, contact, meta, by = (
        d["furniture"],
        d["breadcrumb"],
        d["navigation"],
        d["contact"],
        d["meta"],
        d["byline"],
    )
    key_kind = {
        k: kind for kind in ("date", "source", "author", "other") for k in meta[f"{kind}_keys"]
    }
    key_kind.update({k: "author" for k in meta["slash_keys"]})
    not_after_cjk = f"(?<![{_CJK_CLASS}])"
    meta_key = re.compile(
        f"{not_after_cjk}(?:(?P<key>{_alternation(list(key_kind))})\\s*(?:{_COLON}|(?=\\s))"
        f"|(?P<skey>{_alternation(meta['slash_keys'])})\\s*[//∕])"
    )
    spaced = [r"\s*".join(map(re.escape, k)) for k in contact["keys"]]
    surnames = "".join(sorted(set(re.sub(r"\s", "", by["surnames"]))))
    name = (
        f"(?:(?:{_alternation(by['compound_surnames'])})[{_CJK_CLASS}]{{1,2}}"
        f"|[{re.escape(surnames)}][{_CJK_CLASS}]{{1,2}})"
    )
    roles = _alternation(by["roles"] + meta["author_keys"])
    byline = re.compile(
        f"^(?:[{_CJK_CLASS}]{{0,6}}(?:{roles})\\s*{_COLON}?\\s*"
        f"|(?:{_alternation(meta['slash_keys'])})\\s*[//∕]\\s*)?"
        f"{name}(?:[\\s、,,]+{name}){{0,3}}$"
    )
    bare = f"{_alternation(fur['bare'])}|{_alternation(fur['bare_re'], escape=False)}"
    contact_start = f"(?:{'|'.join(spaced)})"
    # Literal-led branches only: sre then skips ahead on the first character, which makes
    # this one search as cheap as one of its parts (dates are caught by _DIGIT instead).
    trigger = "|".join(
        [
            _alternation(fur["bare"] + list(key_kind) + crumb["home"]),
            _alternation(fur["bare_re"], escape=False),
            "|".join(spaced),
        ]
    )
    return _Rules(
        line_start=re.compile(
            f"(?P<furniture>{_alternation(fur['prefixes'])})|(?P<crumb>{crumb['prefix_re']})"
        ),
        furniture_anywhere=re.compile(
            f"{_alternation(fur['anywhere'])}|{_alternation(fur['anywhere_re'], escape=False)}"
        ),
        furniture_bare=re.compile(bare),
        trigger=re.compile(trigger),
        bare_line=re.compile(f"(?:{fur['bare_line_re']})$"),
        breadcrumb_home=re.compile(_alternation(crumb["home"])),
        breadcrumb_separator=re.compile(_alternation(crumb["separators"])),
        breadcrumb_min_separators=crumb["min_separators"],
        nav_bars=re.compile(f"[{re.escape(''.join(nav['bars']))}]"),
        nav_min_bars=nav["min_bars"],
        nav_min_tokens=nav["min_tokens"],
        nav_max_token_chars=nav["max_token_chars"],
        contact_start=re.compile(contact_start),
        contact_number=re.compile(contact["number_re"]),
        meta_key=meta_key,
        key_kind=key_kind,
        null_values=frozenset(meta["null_values"]),
        trailing_note=re.compile(meta["trailing_note_re"]),
        byline_roles=re.compile(roles),
        dateline_roles=re.compile(_alternation(by["roles"])),
        stop_roles=re.compile(_alternation(by["stop_roles"])),
        byline=byline,
    )


# ---------------------------------------------------------------------------- line labels

# Labels, and how much a line of each pulls the body towards or away from itself. Furniture
# weighs at least as much as a paragraph so that the body never reaches across a share bar
# or a related list to the next bit of prose; a metadata line or a contact line weighs less,
# since notices do print 时间:…/电话:… inside the text.
_SHORT, _PROSE = "short", "prose"
_FURNITURE, _BREADCRUMB, _META, _DATE_LINE = "furniture", "breadcrumb", "meta", "date"
_CONTACT, _NAV, _NO_CJK = "contact", "nav", "no_cjk"  # weigh half their length
_METAISH = (_META, _DATE_LINE)


@dataclass(slots=True)
class _Line:
    """A non-blank line: ``core`` is the stripped line of the match text at ``start``."""

    start: int
    core: str
    label: str
    score: float

    @property
    def end(self) -> int:
        return self.start + len(self.core)


# Non-blank lines, from their first to their last visible character. Blank lines carry no
# weight either way, so they are never materialised (a page can be millions of them).
_NONBLANK = re.compile(r"^[^\S\n]*(\S[^\n]*)", re.M)
# Furniture is short; a line longer than this is judged as text only, which also keeps the
# furniture patterns from scanning megabyte-long lines.
_LONG_LINE = 2000


def _label(core: str, rules: _Rules) -> tuple[str, float]:
    n = len(core)
    if n > _LONG_LINE:
        return _PROSE, float(n) if _FULL_STOP.search(core) else n / 2
    opened = core.lstrip(_OPENERS)
    start = rules.line_start.match(opened)
    if start:
        return (_FURNITURE if start.group("furniture") else _BREADCRUMB), -max(40.0, n)
    if rules.furniture_anywhere.search(core):
        return _FURNITURE, -max(40.0, n)
    has_sentence = _SENTENCE.search(core) is not None
    # Only lines without a full stop can be anything but text or furniture; one search
    # for any trigger word spares the many single checks on ordinary lines.
    if "。" not in core and (
        rules.trigger.search(core) or _DIGIT.search(core) or rules.bare_line.match(core)
    ):
        special = _special_label(core, opened, has_sentence, rules)
        if special:
            return special
    if not has_sentence and _is_link_list(core, rules):
        return _NAV, -max(10.0, n / 2)
    if not _CJK.search(core):
        return _NO_CJK, -max(10.0, n / 2)
    if _FULL_STOP.search(core) or (n >= 20 and _COMMA.search(core)):
        return _PROSE, float(n)
    if n >= 40:  # long but unpunctuated: probably text with odd punctuation, weakly
        return _PROSE, n / 2
    return _SHORT, -3.0


def _special_label(
    core: str, opened: str, has_sentence: bool, rules: _Rules
) -> tuple[str, float] | None:
    """Metadata, controls, breadcrumb or contact line; None for none of them."""
    n = len(core)
    bare = None
    if not has_sentence:
        bare = rules.furniture_bare.search(core) or rules.bare_line.match(core)
    meta = _meta_label(core, rules)
    if meta:
        return meta, -max(40.0, n) if bare else -20.0
    if bare:
        return _FURNITURE, -max(40.0, n)
    if not has_sentence and rules.breadcrumb_home.search(core):
        if len(rules.breadcrumb_separator.findall(core)) >= rules.breadcrumb_min_separators:
            return _BREADCRUMB, -max(40.0, n)
    if n <= 80 and (rules.contact_start.match(opened) or rules.contact_number.search(core)):
        return _CONTACT, -max(10.0, n / 2)
    return None


def _meta_label(core: str, rules: _Rules) -> str | None:
    """``meta`` for a metadata line (来源:…), ``date`` for a line that is only a date."""
    if len(core) > 200 or "。" in core:
        return None
    if _BARE_DATE.match(core):
        return _DATE_LINE
    rest = _blank_controls(core, rules).lstrip(_OPENERS)
    lead = _LEAD_DATE.match(rest)
    if lead:
        rest = rest[lead.end() :]
    if rules.meta_key.match(rest):
        return _META
    return None


def _blank_controls(s: str, rules: _Rules) -> str:
    """Font/print controls replaced by spaces, so offsets stay put (放大字体 发布日期:…)."""
    return rules.furniture_bare.sub(lambda m: " " * len(m.group()), s)


def _is_link_list(core: str, rules: _Rules) -> bool:
    if len(rules.nav_bars.findall(core)) >= rules.nav_min_bars:
        return True
    tokens = core.split()
    return len(tokens) >= rules.nav_min_tokens and all(
        len(t) <= rules.nav_max_token_chars for t in tokens
    )


def _lines(match_text: str, rules: _Rules) -> list[_Line]:
    out = []
    seen: dict[str, tuple[str, float]] = {}  # dumps repeat their furniture line for line
    for m in _NONBLANK.finditer(match_text):
        core = m.group(1).rstrip()
        labelled = seen.get(core)
        if labelled is None:
            labelled = seen[core] = _label(core, rules)
        out.append(_Line(m.start(1), core, *labelled))
    return out


def _best_run(lines: list[_Line]) -> tuple[int, int] | None:
    """The run of lines with the highest total score (Kadane), or None if nothing scores.

    The run starts and ends on a line that scores (text): a total only grows on those.
    """
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, line in enumerate(lines):
        if total <= 0:
            total, start = 0.0, i
        total += line.score
        if total > best:
            best, best_span = total, (start, i)
    return best_span


# ---------------------------------------------------------------------------- the page


def clean_text(text: str, match_text: str | None = None) -> CleanedPage:
    """Find the body and the metadata of a page's text dump.

    ``match_text`` is a same-length copy to match patterns on (the simplified shadow of a
    traditional page, see ``miner.decode.simplified_shadow``); title, source and author are
    cut from ``text`` at the offsets found there. Runs in time linear in the text.
    """
    if match_text is None:
        match_text = text
    elif len(match_text) != len(text):
        raise ValueError("match_text must have the same length as text")
    rules = _rules()
    warnings: list[str] = []
    if not text.strip():
        return CleanedPage(None, None, None, None, None, 0, 0, "", ["empty page"])

    lines = _lines(match_text, rules)
    run = _best_run(lines)
    first, last = run if run else (len(lines), len(lines) - 1)

    site_index = _site_line(lines)
    title_index = _title_line(lines, first, site_index, rules)
    if (
        title_index is None
        and run
        and first < last
        and _headline_like(lines[first])
        and len(lines[first].core) <= _COMMA_TITLE_MAX
    ):
        # No headline above the text: a page that starts with its title, and the title
        # happened to carry enough commas to look like prose.
        title_index = first
        first = next(k for k in range(first + 1, last + 1) if lines[k].label == _PROSE)

    body_start = body_end = 0
    notes: list[tuple[int, int]] = []  # (start, end) of a source note closing the body
    if run:
        body_start = lines[first].start
        tail = lines[last]
        body_end = tail.end
        note = rules.trailing_note.search(tail.core)
        if note and tail.core[: note.start()].strip():
            notes.append((tail.start + note.start(), tail.start + note.end()))
            body_end = tail.start + len(tail.core[: note.start()].rstrip())
    else:
        warnings.append("no article text found (the page is only boilerplate)")

    title = _slice(text, lines[title_index]) if title_index is not None else None
    if title is None:
        warnings.append("no title found")
    if site_index is not None and title_index is not None:
        if lines[title_index].core in lines[site_index].core:
            site_index = None  # the page's <title> (headline_site name), not the site's name
    site = _slice(text, lines[site_index]) if site_index is not None else None

    fields = _read_metadata(text, match_text, lines, (first, last + 1), notes, rules)
    if fields.author is None and title_index is not None:
        fields.author = _byline(text, lines, title_index, first, rules)
    if fields.author is None and run:
        fields.author = _dateline_author(text, lines[first], rules)
    if fields.author is None:
        fields.author = fields.trailing_author
    source = fields.source
    if source is None and not fields.source_printed:
        source = site  # a page that names no source is the site's own

    return CleanedPage(
        title=title,
        date=fields.date,
        source=source,
        author=fields.author,
        site=site,
        body_start=body_start,
        body_end=body_end,
        body=text[body_start:body_end],
        warnings=warnings,
    )


def _slice(text: str, line: _Line) -> str:
    return text[line.start : line.end]


def _site_line(lines: list[_Line]) -> int | None:
    """A short first line right above the breadcrumb or the site's navigation is its name."""
    if len(lines) < 2 or lines[0].label != _SHORT or len(lines[0].core) > _SITE_MAX:
        return None
    return 0 if lines[1].label in (_BREADCRUMB, _NAV) else None


def _headline_like(line: _Line) -> bool:
    """Short enough, no full stop, and not a salutation or label ending in a colon."""
    return (
        line.label in (_SHORT, _PROSE)
        and _HEADLINE_MIN <= len(line.core) <= _HEADLINE_MAX
        and not _FULL_STOP.search(line.core)
        and not line.core.endswith((":", ":"))
    )


def _title_line(lines: list[_Line], first: int, site: int | None, rules: _Rules) -> int | None:
    """The headline: the last headline-like line above the body that is not a byline.

    Nearest to the body, because whatever sits above the headline (site name, navigation,
    contact block) is furniture; a subtitle (——记…) yields to the headline above it.
    """
    found: int | None = None
    for k in range(first - 1, -1, -1):
        line = lines[k]
        if k == site or not _headline_like(line) or rules.byline.match(line.core):
            continue
        if found is not None:
            return k  # the line above a subtitle
        if not line.core.startswith(("—", "--")):
            return k
        found = k
    return found


@dataclass
class _Fields:
    date: str | None = None
    source: str | None = None
    source_printed: bool = False
    author: str | None = None
    trailing_author: str | None = None


def _read_metadata(
    text: str,
    match_text: str,
    lines: list[_Line],
    body: tuple[int, int],
    notes: list[tuple[int, int]],
    rules: _Rules,
) -> _Fields:
    """Date, source and author from the metadata lines above and below the body lines.

    A line that is only a date counts above the body only: below it, a bare date is more
    likely a signature or a related link than the page's own metadata.
    """
    found = _Fields()
    candidates = [
        (k < body[0], ln.start, ln.core, ln.label)
        for k, ln in enumerate(lines)
        if ln.label in _METAISH and not body[0] <= k < body[1]
    ]
    candidates += [(False, s, match_text[s:e], _META) for s, e in notes]
    for is_header, offset, raw, label in candidates:
        if label == _DATE_LINE:
            if is_header and found.date is None:
                found.date = _iso_date(raw)
            continue
        for kind, start, end in _pairs(raw, rules):
            value = text[offset + start : offset + end]
            matched = match_text[offset + start : offset + end]
            if kind == "date" and found.date is None:
                found.date = _iso_date(matched)
            elif kind == "source":
                found.source_printed = True
                if found.source is None and value and matched not in rules.null_values:
                    found.source = value
            elif kind == "author" and value and matched not in rules.null_values:
                if is_header and found.author is None:
                    found.author = value
                elif not is_header and found.trailing_author is None:
                    found.trailing_author = value
        if found.date is None:
            lead = _LEAD_DATE.match(_blank_controls(raw, rules).lstrip(_OPENERS))
            if lead:
                found.date = _iso_date(lead.group())
    return found


def _pairs(raw: str, rules: _Rules) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each key's value in a metadata line, offsets into ``raw``."""
    blanked = _blank_controls(raw, rules)
    keys = list(rules.meta_key.finditer(blanked))
    out = []
    for i, m in enumerate(keys):
        stop = keys[i + 1].start() if i + 1 < len(keys) else len(blanked)
        start = m.end()
        segment = blanked[start:stop]
        lead = len(segment) - len(segment.lstrip(_VALUE_TRIM))
        segment = segment[lead:]
        gap = _WIDE_GAP.search(segment)
        if gap:
            segment = segment[: gap.start()]
        segment = segment.rstrip(_VALUE_TRIM)
        kind = rules.key_kind[m.group("key") or m.group("skey")]
        out.append((kind, start + lead, start + lead + len(segment)))
    return out


def _iso_date(s: str) -> str | None:
    m = _DATE.search(s)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _byline(text: str, lines: list[_Line], title: int, first: int, rules: _Rules) -> str | None:
    """A line between the headline and the body that is only a name (or 本报记者 张三)."""
    for k in range(title + 1, first):
        line = lines[k]
        if line.label == _SHORT and rules.byline.match(line.core):
            names = _names_after_role(line.core, rules.byline_roles, rules)
            if names:
                s, e = names
                return text[line.start + s : line.start + e]
    return None


def _names_after_role(s: str, roles: re.Pattern[str], rules: _Rules) -> tuple[int, int] | None:
    """Span of the name(s) in ``s`` after its last role word (记者), up to a stop role."""
    begin = 0
    for m in roles.finditer(s):
        begin = m.end()
    rest = s[begin:]
    stop = rules.stop_roles.search(rest)
    if stop:
        rest = rest[: stop.start()]
    names = list(_NAME_TOKEN.finditer(rest))
    if not names:
        return None
    return begin + names[0].start(), begin + names[-1].end()


def _dateline_author(text: str, first: _Line, rules: _Rules) -> str | None:
    """记者 in the dateline's parenthesis: 浙江在线4月24日讯(浙江在线记者 方力)…"""
    head = first.core[:_DATELINE_CHARS]
    for m in _PAREN.finditer(head):
        inner = m.group(1)
        if not rules.dateline_roles.search(inner):
            continue
        names = _names_after_role(inner, rules.dateline_roles, rules)
        if names:
            s, e = names
            offset = first.start + m.start(1)
            return text[offset + s : offset + e]
    return None


# ---------------------------------------------------------------------------- HTML

_BLOCK_TAGS = (
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul"
).split()
_INLINE_SPACE = re.compile(r"[ \t\r\f\v\n]+")
# A line break in the HTML source between two wide (CJK) characters is no space (CSS Text's
# segment-break rule): hard-wrapped Chinese source must not get spaces inside its words.
_WIDE = f"{_CJK_CLASS}\u3000-\u303f\uff00-\uffef"
_CJK_WRAP = re.compile(f"(?<=[{_WIDE}])[ \t\r\f\v]*\n[ \t\r\f\v\n]*(?=[{_WIDE}])")
_BLOCK_BREAK = "\x1e"  # stands for a block boundary until the text is split into lines


def html_to_text(html: str) -> str:
    """A plain text dump of an HTML page: one block element a line, scripts and styles dropped.

    The ``<title>`` comes first when the page has no ``<h1>``, so ``clean_text`` can find a
    headline. This is deliberately simple (no layout analysis, no link-density scoring): it
    gives ``clean_text`` the same shape of input as the text dumps it was written for.
    """
    # Imported here: text dumps, the common input, never need the HTML parser.
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else ""
    if title_tag:
        title_tag.decompose()
    if soup.head:
        soup.head.decompose()
    for br in soup.find_all("br"):
        br.replace_with(_BLOCK_BREAK)
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before(_BLOCK_BREAK)
        tag.insert_after(_BLOCK_BREAK)
    out = []
    if title and soup.find("h1") is None:
        out.append(title)
    # HTML collapses runs of ASCII white space; &nbsp; and U+3000 are real characters.
    flowing = _CJK_WRAP.sub("", soup.get_text())
    for chunk in flowing.split(_BLOCK_BREAK):
        line = _INLINE_SPACE.sub(" ", chunk).strip(" ")
        if line.strip():
            out.append(line)
    return "\n".join(out)
