"""Split the text dump of a web page into its metadata and the article body.

A scraped page is article text wrapped in page furniture: the site name and breadcrumb,
metadata lines (时间/来源/作者/点击), font and print controls, share bars, comment prompts,
related-article lists, disclaimers, copyright and ICP lines, contact blocks. ``clean_text``
labels every line, scores it (article prose counts for, furniture against) and takes the
highest-scoring run of lines as the body, so short headings inside the article stay in while
lists and footers around it stay out. The headline is found from the page's metadata line (the
line that dates the page or names its source), and the body's start is settled around it:
captions, a repeated headline and its subtitle are not text, headings under the metadata line
and an editor's note are. Title, date, source and author are read from the lines around the
body, the story's dateline and a credit closing it; what those lines say is read by
``miner.pagemeta``, which the HTML cleaner shares.

The words and patterns live in ``miner/data/boilerplate.toml`` and
``miner/data/pagemeta.toml``; this module is the mechanism.
``html_to_text`` gives an HTML page the same one-block-a-line shape as the text dumps.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from miner import pagemeta

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

_CJK_CLASS = pagemeta.CJK
_CJK = re.compile(f"[{_CJK_CLASS}]")
_SENTENCE = re.compile("[,,。;;!!??]")
_FULL_STOP = re.compile("[。!!??;;]")
_DIGIT = re.compile("[0-9]")
_COMMA = re.compile("[,,、]")
_COLON = "[::]"
_WIDE_GAP = re.compile(r"\s{2,}|[【\[]")
_BRACKET = re.compile(r"[【\[]")
_OPENERS = " \t\u00a0\u3000[【((<《「『"
_VALUE_TRIM = " \t\u00a0\u3000[]【】()()<>《》「」『』|,,;;"
_HEADLINE_MIN, _HEADLINE_MAX = 5, 100
_SITE_MAX = 20  # a site name is short: 浙江在线, 黑龙江党建, 中国共产党新闻网
_COMMA_TITLE_MAX = 40  # a first line with commas but no full stop this short is a headline


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
    byline: re.Pattern[str]  # a line that is only names, or a role and names


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
    key_kind.update({k: "other" for k in pagemeta.rules().other_keys})
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
    """``meta`` for a metadata line (来源:…, 2021年03月09日10:42 | 来源:…, a post's header),
    ``date`` for a line that dates the page without keys (2017-02-20; 某某商报 2022-08-16)."""
    if len(core) > 200 or "。" in core:
        return None
    if pagemeta.is_bare_date(core):
        return _DATE_LINE
    rest = _blank_controls(core, rules).lstrip(_OPENERS)
    lead = pagemeta.lead_date(rest)
    if lead:
        rest = rest[lead.end :].lstrip(_SEPARATORS)
    if rules.meta_key.match(rest) or pagemeta.poster(core):
        return _META
    if _dated_line(core):
        return _DATE_LINE
    return None


_SEPARATORS = " \t\u00a0\u3000|\uff5c丨/"
_DATE_LINE_MAX = 80  # a line that dates the page is short...
_TOKEN_MAX = 24  # ...made of short tokens (an outlet, a channel, a counter, a key and value)...
_GLUED_MAX = 8  # ...and what sticks to its date is a name or a counter (11:03:52浏览次数:5)
_TOKEN = re.compile(r"[^\s|\uff5c丨]+")


def _dated_line(core: str) -> bool:
    """A short line without sentences whose full date stands apart from the rest: 要闻
    某某都市报 2020-10-13 07:05, 上一版 2018年10月11日 星期四 放大 缩小, not 2019年3月5日某区召开….
    """
    if len(core) > _DATE_LINE_MAX:
        return False
    found = pagemeta.find_date(core)
    if found is None or _SENTENCE.search(core[: found.start] + core[found.end :]):
        return False  # (March 5, 2019 has a comma of its own)
    glued = _TOKEN.match(core, found.end)
    if glued and len(glued.group()) > _GLUED_MAX:
        return False
    rest = core[: found.start] + " " + core[found.end :]
    return all(len(t) <= _TOKEN_MAX for t in _TOKEN.findall(rest))


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
    if run:
        first = _after_header_in_run(lines, first, last)

    site_index = _site_line(lines)
    title_at = _title_lines(lines, first, site_index, rules)
    if (
        title_at is None
        and run
        and first < last
        and _is_headline(lines, first, site_index, rules)
        and len(lines[first].core) <= _COMMA_TITLE_MAX
    ):
        # No headline above the text: a page that starts with its title, and the title
        # happened to carry enough commas to look like prose.
        title_at = (first, first)
        first = next(k for k in range(first + 1, last + 1) if lines[k].label == _PROSE)
    if run:
        first = _body_first_line(lines, first, last, title_at, rules)

    body_start = body_end = 0
    notes: list[tuple[int, int]] = []  # (start, end) of a source note closing the body
    credit = None  # the author's span in a credit closing the body: …水平。(田 某)
    if run:
        body_start = lines[first].start + _lead_label(lines[first].core)
        tail = lines[last]
        body_end = tail.end
        note = rules.trailing_note.search(tail.core)
        closing = pagemeta.trailing_credit(tail.core)
        if note and tail.core[: note.start()].strip():
            notes.append((tail.start + note.start(), tail.start + note.end()))
            body_end = tail.start + len(tail.core[: note.start()].rstrip())
        elif closing:
            at, (s, e) = closing
            credit = text[tail.start + s : tail.start + e]
            body_end = tail.start + len(tail.core[:at].rstrip())
    else:
        warnings.append("no article text found (the page is only boilerplate)")

    title = _title_text(text, lines, title_at) if title_at is not None else None
    if title is None:
        warnings.append("no title found")
    if site_index is not None and title_at is not None:
        if lines[title_at[1]].core in lines[site_index].core:
            site_index = None  # the page's <title> (headline_site name), not the site's name
    site = _slice(text, lines[site_index]) if site_index is not None else None

    headline = title_at[0] if title_at is not None else -1
    fields = _read_metadata(text, match_text, lines, (first, last + 1), notes, rules, headline)
    top = title_at[1] + 1 if title_at is not None else (site_index or -1) + 1
    if fields.author is None:
        fields.author = fields.loose_author or _byline_between(text, lines, top, first, site_index)
    if fields.author is None and run:
        fields.author = _dateline_author(text, lines[first], rules)
    fields.author = (
        fields.author or fields.trailing_author or credit or _byline_below(text, lines, last)
    )
    source = fields.source or fields.loose_source
    if source is None and run and not fields.source_printed:
        source = _dateline_source(text, lines, first)
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


def _cut(text: str, offset: int, span: tuple[int, int]) -> str:
    return text[offset + span[0] : offset + span[1]]


def _site_line(lines: list[_Line]) -> int | None:
    """A short first line right above the breadcrumb or the site's navigation is its name."""
    if len(lines) < 2 or lines[0].label != _SHORT or len(lines[0].core) > _SITE_MAX:
        return None
    core = lines[0].core
    if pagemeta.rules().title["alt_text_re"].search(core) or re.search(r"[\s:]", core):
        return None  # the logo's alt text (某某平台logo) or a label (第03版:综合 上一版): no name
    return 0 if lines[1].label in (_BREADCRUMB, _NAV) else None


def _headline_like(line: _Line, shortest: int = _HEADLINE_MIN) -> bool:
    """Short enough, no full stop, and not a salutation or label ending in a colon."""
    return (
        line.label in (_SHORT, _PROSE)
        and shortest <= len(line.core) <= _HEADLINE_MAX
        and not _FULL_STOP.search(line.core)
        and not line.core.endswith((":", ":"))
    )


# ---------------------------------------------------------------------------- the headline

_CRUMB = re.compile(r"\s>\s|>>|»|->|→|›")
_PAGE_TITLE = re.compile(r"_[^_]+_")  # 标题_栏目_网站: the page's <title>, not its headline
_HEADER_LINES = 4  # how many lines into the best run a headline block may reach
_UP_TO_META = 3  # how far above a metadata line its headline may stand


def _is_headline(lines: list[_Line], k: int, site: int | None, rules: _Rules) -> bool:
    """A line that may be the headline: headline-like and none of the site's furniture that
    looks like one (a byline, a caption, a section heading, a breadcrumb, a site's name)."""
    line = lines[k]
    core = line.core
    shortest = 4 if k == 0 else _HEADLINE_MIN  # a page that opens with a short heading
    if k == site or not _headline_like(line, shortest):
        return False
    t = pagemeta.rules().title
    return not (
        rules.byline.match(core)
        or pagemeta.byline(core)
        or t["caption_re"].search(core)
        or t["section_re"].match(core)
        or _CRUMB.search(core)
        or _PAGE_TITLE.search(core)
        or _controls_row(core)
        or (k == 0 and len(core) <= _SITE_MAX and "“" not in core and t["site_re"].search(core))
    )


def _controls_row(core: str) -> bool:
    """A row of one- or two-character links or controls (打印 放大 缩小; A1 A2 A3)."""
    tokens = core.split()
    return len(tokens) >= 3 and all(len(t) <= 2 for t in tokens)


def _title_lines(
    lines: list[_Line], first: int, site: int | None, rules: _Rules
) -> tuple[int, int] | None:
    """The headline's first and last line above the body.

    A metadata line (date, 来源) anchors it: the headline stands right above the first one,
    over a byline or an office's name (a kicker above the headline is left out); where
    nothing above it can be the headline, it is the first line below it (a source line
    over the headline, an e-paper's date in its navigation). With no metadata line, it is
    the top of the block of headline lines right above the body (a deck or a repeated
    headline under it is left out). A subtitle (——记…) yields to the headline above it.
    """

    def headline(k: int) -> bool:
        return _is_headline(lines, k, site, rules)

    metas = [k for k in range(first) if lines[k].label in _METAISH]
    found: int | None = None
    if metas:
        # From the metadata line nearest the body up (a dated list above the headline has
        # metadata lines of its own), over the other metadata lines of its block.
        for m in reversed(metas):
            found = _headline_above(lines, m, headline)
            if found is not None:
                break
        if found is None:
            found = next((k for k in range(metas[0] + 1, first) if headline(k)), None)
    else:
        # The nearest headline line above the body, then up its block.
        k = next((k for k in range(first - 1, -1, -1) if headline(k)), -1)
        while k >= 0 and (headline(k) or (pagemeta.byline(lines[k].core) and k != site)):
            if headline(k):
                found = k
            k -= 1
    if found is None:
        return None
    if lines[found].core.startswith(("—", "--")) and found > 0 and headline(found - 1):
        found -= 1
    if found > 0 and _place_colon(lines[found - 1]):
        return found - 1, found
    return found, found


def _headline_above(lines: list[_Line], meta: int, headline: Callable[[int], bool]) -> int | None:
    """The headline within a few lines above a metadata line, over a byline, an office's
    name, an avatar's alt text or another metadata line; never across a breadcrumb, a
    navigation bar or a sentence."""
    steps = 0
    for k in range(meta - 1, -1, -1):
        if headline(k):
            return k
        if lines[k].label in (_BREADCRUMB, _NAV) or _FULL_STOP.search(lines[k].core):
            return None
        if lines[k].label not in _METAISH:
            steps += 1
            if steps >= _UP_TO_META:
                return None
    return None


def _place_colon(line: _Line) -> bool:
    """The line is a place and a colon (某某省某某市:): the headline goes on below it."""
    return pagemeta.rules().title["place_colon_re"].match(line.core) is not None


def _title_text(text: str, lines: list[_Line], at: tuple[int, int]) -> str:
    """The headline as printed, over its lines, without a column label in front (「基层动态」)."""
    title = "".join(_slice(text, lines[k]) for k in range(at[0], at[1] + 1))
    label = pagemeta.rules().title["column_label_re"].match(lines[at[0]].core)
    if label and len(title) - label.end() >= _HEADLINE_MIN:
        title = title[label.end() :].lstrip()
    return title


# ---------------------------------------------------------------------------- where the body starts


def _after_header_in_run(lines: list[_Line], first: int, last: int) -> int:
    """The best run may begin with the headline and its metadata line when the headline
    scores as prose (its commas): the body then starts below the metadata line. A byline
    that scores as prose (某某局党组书记、局长 张三) does not start it either."""
    while first < last and lines[first].label == _PROSE and pagemeta.byline(lines[first].core):
        first += 1
    for j in range(first, min(first + _HEADER_LINES, last)):
        if lines[j].label in _METAISH:
            if all(_headline_like(lines[i]) for i in range(first, j)):
                return next((k for k in range(j + 1, last + 1) if lines[k].label == _PROSE), first)
            break
    return first


def _similar(a: str, b: str) -> bool:
    """Two printings of one headline (某市1200家规模以上非公有制企业… / …非公企业…)."""
    if not a or not b:
        return False
    shared = sum(min(a.count(c), b.count(c)) for c in set(a))
    return 2 * shared >= 1.6 * max(len(a), len(b))


def _body_first_line(
    lines: list[_Line], first: int, last: int, title: tuple[int, int] | None, rules: _Rules
) -> int:
    """Where the article starts, around the best run's first line.

    - A repeated headline and its subtitle under the metadata line are not text.
    - Captions over a story's dateline are not text: the story starts at the dateline.
    - Headings between the metadata line and the run (一、背景, 【背景】, 一县一品牌) are text,
      as are an editor's note (编者按:) and a letter's salutation (尊敬的…:) right above it.
    """
    top = title[1] + 1 if title is not None else 0
    headline = lines[title[1]].core if title is not None else ""
    repeat = next((k for k in range(top, first) if _similar(lines[k].core, headline)), None)
    if repeat is not None:
        while first < last and not _FULL_STOP.search(lines[first].core):
            first += 1
        return first
    for j in range(first + 1, min(first + _HEADER_LINES, last + 1)):
        if len(_FULL_STOP.findall(lines[j - 1].core)) > 1 or len(lines[j - 1].core) > _CAPTION_MAX:
            break
        if pagemeta.dateline(lines[j].core):
            return j
    t = pagemeta.rules().title
    metas = [k for k in range(top, first) if lines[k].label in _METAISH]
    floor = metas[-1] + 1 if metas else first
    k = first - 1
    while k >= 0:
        core = lines[k].core
        if t["body_openers_re"].match(core):
            first = k
        elif (
            k >= floor
            and (_headline_like(lines[k], _HEADING_MIN) or t["section_re"].match(core))
            and not (
                pagemeta.byline(core)
                or t["caption_re"].search(core)
                or core.startswith(("—", "--"))  # the headline's subtitle
                or _MARKERS.search(core)  # a hashtag, a handle, a bar: furniture
                or _controls_row(core)
                or lines[k].label not in (_SHORT, _PROSE)
            )
        ):
            first = k
        else:
            break
        k -= 1
    return first


_CAPTION_MAX = 80  # a photo caption over the story is one short sentence
_MARKERS = re.compile(r"[#@|\uff5c]")
_HEADING_MIN = 4  # a heading opening the text (一县一品牌); 正文 or 打印 are shorter


def _lead_label(core: str) -> int:
    """Length of a column label printed in front of the first sentence (信息发布 …)."""
    m = pagemeta.rules().lead_labels.match(core)
    return m.end() if m else 0


# ---------------------------------------------------------------------------- metadata


@dataclass
class _Fields:
    date: str | None = None
    source: str | None = None
    source_printed: bool = False
    author: str | None = None
    trailing_author: str | None = None
    loose_source: str | None = None  # an outlet without a key (某某商报 2022-08-16)
    loose_author: str | None = None  # a name without a key (来源:某某日报   刘某某; a poster)


def _read_metadata(
    text: str,
    match_text: str,
    lines: list[_Line],
    body: tuple[int, int],
    notes: list[tuple[int, int]],
    rules: _Rules,
    headline: int,
) -> _Fields:
    """Date, source and author from the metadata lines above and below the body lines.

    Above the body a line dates the page with a key (发布时间:…) or without (a date line),
    those under the headline first, then those above it, nearest first (a dated list of
    other articles stands further out); below the body, only a keyed date or a publication
    stamp with its time of day counts, since a bare date there is more likely a signature
    or a related link.
    """
    found = _Fields()
    stamp = None
    header = [k for k in range(body[0]) if lines[k].label in _METAISH]
    header = [k for k in header if k > headline] + [k for k in reversed(header) if k < headline]
    footer = [k for k in range(body[1], len(lines)) if lines[k].label in _METAISH]
    candidates = [(True, lines[k].start, lines[k].core) for k in header]
    candidates += [(False, lines[k].start, lines[k].core) for k in footer]
    candidates += [(False, s, match_text[s:e]) for s, e in notes]
    for is_header, offset, raw in candidates:
        pairs = _pairs(raw, rules)
        keyed = False
        for kind, start, end in pairs:
            value = text[offset + start : offset + end]
            matched = match_text[offset + start : offset + end]
            if kind == "date":
                date = pagemeta.iso_date(matched)
                keyed = keyed or date is not None
                found.date = found.date or date
            elif kind == "source":
                found.source_printed = True
                if found.source is None and value and matched not in rules.null_values:
                    found.source = value
            elif kind == "author" and value and matched not in rules.null_values:
                if is_header and found.author is None:
                    found.author = value
                elif not is_header and found.trailing_author is None:
                    found.trailing_author = value
        dated = None if keyed else pagemeta.find_date(raw)
        if not is_header:
            if dated and stamp is None and re.search(r"\d[::]\d\d", raw[dated.start : dated.end]):
                stamp = dated.iso
            continue
        found.date = found.date or (dated.iso if dated else None)
        _read_keyless(found, text, offset, raw, pairs, rules)
    found.date = found.date or stamp
    return found


def _read_keyless(
    found: _Fields,
    text: str,
    offset: int,
    raw: str,
    pairs: list[tuple[str, int, int]],
    rules: _Rules,
) -> None:
    """What a metadata line above the body says without keys, into ``found``: a post's
    poster and date, an outlet beside the date, a name after the source (both cleaners)."""
    post = pagemeta.poster(raw)
    if post:
        (s, e), date = post
        found.loose_author = found.loose_author or text[offset + s : offset + e]
        found.date = found.date or date
        return
    taken = [(m.start(), m.end()) for m in rules.meta_key.finditer(raw)]
    taken += [(s, max(e, s + 1)) for _, s, e in pairs]
    dated = pagemeta.find_date(raw)
    if dated:
        taken.append((dated.start, dated.end))
    outlet, name = pagemeta.loose_fields(_blank_controls(raw, rules), taken)
    if outlet and found.loose_source is None:
        found.loose_source = text[offset + outlet[0] : offset + outlet[1]]
    if name and found.loose_author is None:
        found.loose_author = text[offset + name[0] : offset + name[1]]


def _pairs(raw: str, rules: _Rules) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each key's value in a metadata line, offsets into ``raw``.

    A value ends at the next key; a source also at a wide gap (来源:某某日报   张三), while
    an author keeps the printed spaces inside names (何   平) and loses its role words and
    affiliation (``pagemeta.author_span``).
    """
    blanked = _blank_controls(raw, rules)
    keys = list(rules.meta_key.finditer(blanked))
    out = []
    for i, m in enumerate(keys):
        stop = keys[i + 1].start() if i + 1 < len(keys) else len(blanked)
        start = m.end()
        segment = blanked[start:stop]
        lead = len(segment) - len(segment.lstrip(_VALUE_TRIM))
        segment = segment[lead:]
        kind = rules.key_kind[m.group("key") or m.group("skey")]
        if kind == "author" and not segment.strip() and i + 1 < len(keys):
            # 作者:通讯员 张三 — the role word is no key of its own here.
            role = keys[i + 1]
            if pagemeta.rules().roles.fullmatch(role.group("key") or ""):
                following = keys[i + 2].start() if i + 2 < len(keys) else len(blanked)
                segment = blanked[start:following]
                lead = len(segment) - len(segment.lstrip(_VALUE_TRIM))
                segment = segment[lead:]
        if kind == "author":
            # Names end at a bracket (作者: 【大 中 小】 is a control, no name).
            bracket = _BRACKET.search(blanked, start, start + lead + len(segment))
            if bracket:
                segment = segment[: max(0, bracket.start() - start - lead)]
            span = pagemeta.author_span(segment)
            s, e = span if span else (0, 0)
        else:
            gap = _WIDE_GAP.search(segment)
            if gap:
                segment = segment[: gap.start()]
            s, e = pagemeta.source_span(segment) if kind == "source" else (0, len(segment))
            e = s + len(segment[s:e].rstrip(_VALUE_TRIM))
        out.append((kind, start + lead + s, start + lead + e))
    return out


def _byline(text: str, lines: list[_Line], title: int, first: int, rules: _Rules) -> str | None:
    """A line between the headline and the body that is only a byline (``pagemeta.byline``)."""
    return _byline_between(text, lines, title + 1, first, None)


def _byline_between(
    text: str, lines: list[_Line], top: int, first: int, site: int | None
) -> str | None:
    for k in range(max(top, 0), first):
        line = lines[k]
        if k != site and line.label in (_SHORT, _PROSE):
            span = pagemeta.byline(line.core)
            if span:
                return _cut(text, line.start, span)
    return None


def _byline_below(text: str, lines: list[_Line], last: int) -> str | None:
    """A reporter's line right under the text (某某融媒记者 张三)."""
    for line in lines[last + 1 : last + 3]:
        span = pagemeta.byline(line.core)
        if span and pagemeta.rules().roles.search(line.core[: span[0]]):
            return _cut(text, line.start, span)
    return None


def _dateline_author(text: str, first: _Line, rules: _Rules) -> str | None:
    """The reporter of the dateline opening the body: 某某网4月24日讯(某某网记者 方力)…"""
    lead = pagemeta.dateline(first.core)
    return _cut(text, first.start, lead.author) if lead and lead.author else None


def _dateline_source(text: str, lines: list[_Line], first: int) -> str | None:
    """The outlet of the dateline opening the body (新华社北京6月2日电 -> 新华社); for 本报讯
    the paper whose name the header prints, else none."""
    lead = pagemeta.dateline(lines[first].core)
    if lead is None:
        return None
    if lead.outlet:
        return _cut(text, lines[first].start, lead.outlet)
    return _paper(text, lines, first) if lead.own else None


def _credit(text: str, tail: _Line) -> str | None:
    """The author a credit closing the text's last line names (…水平。(某某县委组织部))."""
    closing = pagemeta.trailing_credit(tail.core)
    return _cut(text, tail.start, closing[1]) if closing else None


def _paper(text: str, lines: list[_Line], first: int) -> str | None:
    """The newspaper 本报讯 refers to: a paper's name printed on its own in the header."""
    for line in lines[:first]:
        for m in _TOKEN.finditer(line.core):
            if pagemeta.paper_name(m.group()):
                return text[line.start + m.start() : line.start + m.end()]
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
