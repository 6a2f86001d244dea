"""What a page states about itself: its date, source, author, and the year the report is about.

Both cleaners (``miner.clean`` for text dumps, ``miner.clean_html`` for HTML) find the lines
around an article; what those lines say is read here, so that a new date shape or byline is
handled once for both:

- dates in the shapes Chinese CMSs print (``find_date``, ``iso_date``): 2021年03月09日10:42,
  2017-02-20, 2017.02.20, 2017/2/20, March 5, 2019, with a glued time, a weekday or a counter;
- the values of a metadata line (``source_span``, ``author_span``) and what such a line says
  without keys (``loose_fields``: 某某商报 2022-08-16, 来源:某某日报   刘某某), a forum
  post's header (``poster``);
- bylines (``byline``: □ 张三, 某报融媒记者 孙某, 中共某某市委组织部), a credit closing the text
  (``trailing_credit``: (田 某)), the outlet and reporter of a story's dateline (``dateline``:
  新华社北京6月2日电(记者 张三), 某某网讯 记者李四);
- the report's year (``report_year``): the date's year, else the year the text states for its
  own period (tests/gold/GUIDELINE.md).

Offsets are into the string given; callers match on the simplified copy and cut the printed
text at the same offsets. Words and patterns: ``miner/data/pagemeta.toml`` (names use the
surnames of ``boilerplate.toml``'s ``[byline]``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "DateFound",
    "Dateline",
    "author_span",
    "byline",
    "date_at",
    "dateline",
    "find_date",
    "is_bare_date",
    "iso_date",
    "lead_date",
    "loose_fields",
    "poster",
    "report_year",
    "rules",
    "source_span",
    "trailing_credit",
]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
Span = tuple[int, int]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# ---------------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class Rules:
    """The compiled patterns of ``pagemeta.toml`` (``title``: its ``[title]`` patterns)."""

    dates: tuple[re.Pattern[str], ...]  # numeric Y-M-D, English M D Y and D M Y, US with AM/PM
    months: dict[str, int]
    suffix: re.Pattern[str]  # time of day and weekday after a date, in either order
    outlet: re.Pattern[str]
    noise: re.Pattern[str]
    other_keys: tuple[str, ...]
    source_stop: re.Pattern[str]
    poster: re.Pattern[str]
    bullets: str
    roles: re.Pattern[str]
    photo: re.Pattern[str]
    slash: re.Pattern[str]
    not_names: tuple[str, ...]  # what may follow a role word and is no name (作者单位)
    stop_roles: re.Pattern[str]
    name: str  # one personal name (pattern text)
    names: re.Pattern[str]  # a whole string of one to four names
    org: re.Pattern[str]  # a whole string that is an organization
    position_then_names: re.Pattern[str]
    dateline: re.Pattern[str]
    reporters: tuple[str, ...]  # who a dateline's parenthesis names, most wanted first
    bare_reporter: re.Pattern[str]  # 记者张三 after a dateline, without parentheses
    own_outlets: tuple[str, ...]
    paper: re.Pattern[str]
    title: dict[str, re.Pattern[str]]
    lead_labels: re.Pattern[str]
    year: re.Pattern[str]
    year_kinds: tuple[re.Pattern[str], ...]  # reference point, statistics, event date
    not_after: tuple[str, ...]
    allowed_after: tuple[str, ...]


def _data(name: str) -> dict:
    return tomllib.loads((resources.files("miner") / "data" / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def rules() -> Rules:
    d = _data("pagemeta.toml")
    by = _data("boilerplate.toml")["byline"]
    months = {}
    for i, m in enumerate(d["date"]["months"], 1):
        months[m.lower()] = months[m[:3].lower()] = i
    months["sept"] = 9
    month = f"(?P<mon>{_alternation(list(months))})\\.?"
    year = r"(?P<y>(?:19|20)\d{2})"
    dates = (
        re.compile(
            rf"(?<!\d){year}\s*[-/.年]\s*(?P<m>\d{{1,2}})\s*[-/.月]\s*(?P<d>\d{{1,2}})(?!\d)\s*[日号]?"
        ),
        re.compile(rf"(?i)\b{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}\b"),
        re.compile(rf"(?i)\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{month},?\s+{year}\b"),
        # Month/day/year only with its AM/PM time, as ASP pages print it: 02/06/2022 alone
        # may as well be day/month.
        re.compile(
            rf"(?<![\d/])(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/{year}(?=\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*[AP]M\b)"
        ),
    )
    clock = r"\d{1,2}[::]\d{2}(?:[::]\d{2})?(?:\s*[AP]M\b)?"
    weekday = d["date"]["weekday_re"]
    suffix = re.compile(rf"(?:\s*(?:{clock}|{weekday}))*")

    line = d["line"]
    outlet_end = _alternation(line["outlet_suffixes"])
    surnames = "".join(sorted(set(re.sub(r"\s", "", by["surnames"]))))
    # A name as printed: padded names keep their spaces (何   平, 韩 梅).
    name = (
        f"(?:(?:{_alternation(by['compound_surnames'])})(?:\\s{{0,3}}[{CJK}]){{1,2}}"
        f"|[{re.escape(surnames)}](?:\\s{{0,3}}[{CJK}]){{1,2}})"
    )
    au = d["author"]
    roles = _alternation(au["roles"])
    org = f"[{CJK}()()]{{2,24}}(?:{_alternation(au['organization_suffixes'])})"
    positions = _alternation(au["position_words"])
    dl = d["dateline"]
    t = d["title"]
    y = d["year"]
    return Rules(
        dates=dates,
        months=months,
        suffix=suffix,
        outlet=re.compile(f"^[{CJK}A-Za-z·]{{1,20}}(?:{outlet_end})(?:·[{CJK}A-Za-z]{{1,10}})?$"),
        noise=re.compile("|".join(line["noise_re"])),
        other_keys=tuple(line["other_keys"]),
        source_stop=re.compile(line["source_stop_re"]),
        poster=re.compile(d["poster"]["poster_re"]),
        bullets=au["bullets"],
        roles=re.compile(roles),
        photo=re.compile(au["photo_re"]),
        slash=re.compile(au["slash_re"]),
        not_names=tuple(au["not_names"]),
        stop_roles=re.compile(_alternation(by["stop_roles"])),
        name=name,
        names=re.compile(f"(?:{name})(?:(?:\\s+|[、,,]\\s*)(?:{name})){{0,3}}"),
        org=re.compile(org),
        position_then_names=re.compile(
            f"^[{CJK}、()()]{{2,30}}(?:{positions})\\s+(?P<names>{name}(?:\\s+{name}){{0,3}})$"
        ),
        dateline=re.compile(
            f"^\\s*(?P<head>[{CJK}A-Za-z·—-]{{2,24}}?)(?P<date>\\d{{1,2}}月\\d{{1,2}}日)?"
            f"(?:{_alternation(dl['endings'])})(?=[\\s((\\d]|记者|$)"
        ),
        reporters=tuple(dl["reporters"]),
        bare_reporter=re.compile(
            f"\\s*((?:{_alternation(dl['reporters'][:1])})\\s*[{CJK}]{{2,4}})(?![{CJK}])"
        ),
        own_outlets=tuple(dl["own"]),
        paper=re.compile(dl["paper_re"]),
        title={
            key: re.compile(t[key])
            for key in (
                "caption_re",
                "section_re",
                "site_re",
                "alt_text_re",
                "place_colon_re",
                "column_label_re",
                "body_openers_re",
            )
        },
        lead_labels=re.compile(f"^(?:{_alternation(t['lead_labels'])})\\s+(?=\\S)"),
        year=re.compile(r"(?<![\d.])((?:19[89]|20[0-4])\d)年"),
        year_kinds=(
            re.compile(y["reference_re"]),
            re.compile(y["statistics_re"]),
            re.compile(y["event_re"]),
        ),
        not_after=tuple(y["not_after"]),
        allowed_after=tuple(y["allowed_after"]),
    )


# ---------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class DateFound:
    """A date in a string: ``start``..``end`` covers it with its time and weekday."""

    start: int
    end: int
    iso: str


def _found(m: re.Match[str], s: str, r: Rules) -> DateFound | None:
    g = m.groupdict()
    month = r.months[g["mon"].lower()] if g.get("mon") else int(g["m"])
    day, year = int(g["d"]), int(g["y"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    end = r.suffix.match(s, m.end()).end()
    return DateFound(m.start(), end, f"{year:04d}-{month:02d}-{day:02d}")


def find_date(s: str, pos: int = 0) -> DateFound | None:
    """The first valid full date in ``s`` from ``pos`` on, in any shape."""
    r = rules()
    best: DateFound | None = None
    for pattern in r.dates:
        for m in pattern.finditer(s, pos):
            if best is not None and m.start() >= best.start:
                break
            found = _found(m, s, r)
            if found:
                best = found
                break
    return best


def date_at(s: str, pos: int) -> DateFound | None:
    """A date that starts exactly at ``pos``."""
    found = find_date(s, pos)
    return found if found and found.start == pos else None


def lead_date(s: str) -> DateFound | None:
    """A date that opens ``s``, spaces after it included in ``end``."""
    found = date_at(s, 0)
    if found is None:
        return None
    rest = s[found.end :]
    return DateFound(0, found.end + len(rest) - len(rest.lstrip()), found.iso)


def is_bare_date(s: str) -> bool:
    """``s`` is only a date (with its time or weekday)."""
    found = date_at(s, 0)
    return found is not None and found.end == len(s)


def iso_date(s: str) -> str | None:
    """The first date in ``s`` as YYYY-MM-DD."""
    found = find_date(s)
    return found.iso if found else None


# ---------------------------------------------------------------------------- values


def _strip_span(s: str, start: int, end: int, chars: str) -> Span:
    while start < end and s[start] in chars:
        start += 1
    while end > start and s[end - 1] in chars:
        end -= 1
    return start, end


_TRIM = " \t\u00a0\u3000[]【】()()<>《》「」『』|,,;;"


def source_span(value: str) -> Span:
    """The outlet in a 来源 value, without a counter or a bar glued on (某某商报字数:2310) or
    a reporter's name after it (某某日报 刘某某)."""
    r = rules()
    m = r.source_stop.search(value)
    start, end = _strip_span(value, 0, m.start() if m else len(value), _TRIM)
    # An outlet, then a reporter's name (某某日报 刘某某): the name is no part of the source.
    named = re.match(r"(?P<outlet>.+?)\s+(?P<name>\S{2,4})$", value[start:end])
    if named and r.outlet.match(named.group("outlet")) and r.names.fullmatch(named.group("name")):
        end = start + named.end("outlet")
    return start, end


def author_span(value: str) -> Span | None:
    """The names in a 作者 / 记者 value: no bullet (■潘某), no role word (通讯员 马某某), no
    affiliation in front (某某县委组织部   钟某伟), nobody after a stop role (通讯员 王五);
    printed spaces inside and between names kept. None for nothing left."""
    r = rules()
    start, end = _strip_span(value, 0, len(value), _TRIM + r.bullets)
    while True:
        m = r.roles.match(value, start) or r.photo.match(value, start)
        if not m:
            break
        start, end = _strip_span(value, m.end(), end, _TRIM + r.bullets + "::")
    stop = r.stop_roles.search(value, start, end)
    if stop and stop.start() > start:
        end = _strip_span(value, start, stop.start(), _TRIM)[1]
    # An organization, then the person's names: the person writes for it.
    m = re.match(rf"[{CJK}]{{2,24}}?\s{{2,}}(?P<names>.+)$", value[start:end])
    if m and r.org.fullmatch(value[start : start + m.start("names")].strip()):
        if r.names.fullmatch(m.group("names")):
            start += m.start("names")
    # Names only: the value ends before the first token that is none (a date, a bracket, a
    # role word before someone else: 张三 2021-05-06; 赵某[某某出版社]; 樊某 记者惠某).
    kept = start
    for token in _VALUE_TOKEN.finditer(value, start, end):
        if not _NAME_LIKE.fullmatch(token.group()) or r.roles.match(token.group()):
            break
        kept = token.end()
    return (start, kept) if kept > start else None


_VALUE_TOKEN = re.compile(r"[^\s\[【((<《:,,;;]+|[\[【((<《:,,;;]")
_NAME_LIKE = re.compile(f"[{CJK}·]{{1,8}}|[A-Za-z][\\w.\\-]{{1,30}}")


def is_names(s: str) -> bool:
    """``s`` is one to four personal names (赵立新; 马某某 冯某某; 何   平 苏某珊)."""
    return rules().names.fullmatch(s) is not None


def loose_fields(line: str, taken: list[Span]) -> tuple[Span | None, Span | None]:
    """(outlet, name) a metadata line states without keys, outside the ``taken`` spans (its
    keyed values and its date): 要闻 某某都市报 2020-10-13 -> 某某都市报; 来源:某某日报   刘某某
    -> 刘某某. The outlet nearest the date wins (a channel name stands further out)."""
    r = rules()
    first_taken = min((a for a, _ in taken), default=len(line))
    outlet = name = None
    for m in re.finditer(r"[^\s|\uff5c丨/]+", line):
        s, e = m.span()
        token = m.group()
        if any(a < e and s < b for a, b in taken) or r.noise.search(token):
            continue
        if r.outlet.match(token):
            # The last outlet before the first keyed value or date, else the first after it.
            if outlet is None or e <= first_taken:
                outlet = (s, e)
        elif name is None and len(token) <= 4 and r.names.fullmatch(token):
            name = (s, e)
    return outlet, name


def poster(line: str) -> tuple[Span, str | None] | None:
    """A post's header (来自某某学院-孔某发布于:2021-01-14 11:03): the poster's name, the date."""
    m = rules().poster.match(line)
    if not m:
        return None
    return m.span("name"), iso_date(line[m.end() :])


# ---------------------------------------------------------------------------- bylines


def byline(line: str) -> Span | None:
    """The author of a line that is only a byline: 赵立新; 本报记者 刘洋; □ 张三; 文/周小川;
    某报融媒记者 孙某; 某某局党组书记、局长 韩 梅 (the name); 中共某某市委组织部 (the office)."""
    r = rules()
    s, e = _strip_span(line, 0, len(line), _TRIM + r.bullets)
    core = line[s:e]
    if not core or len(core) > 40:
        return None
    m = r.position_then_names.match(core)
    if m:
        return s + m.start("names"), s + m.end("names")
    # The last role word (本报记者, 某报融媒记者) near the start leads the names.
    role = next(reversed(list(r.roles.finditer(core))), None)
    if role is not None and role.start() <= 8:
        begin = role.end()
        span = author_span(core[begin:])
        if span and _names_after_role(core, begin, span):
            return s + begin + span[0], s + begin + span[1]
        return None
    slash = r.slash.match(core)
    begin = slash.end() if slash else 0
    if is_names(core[begin:]) and len(core) - begin <= 16:
        return s + begin, e
    if r.org.fullmatch(core) and len(core) <= 20:
        return s, e
    return None


def trailing_credit(line: str) -> tuple[int, Span] | None:
    """A credit closing the text's last paragraph: …水平。(田 某) / (记者 刘某某) /
    (某某市总商会党委). Returns where the credit starts and the author's span."""
    m = re.search(r"[((]\s*([^()()]{2,30}?)\s*[))]\s*$", line)
    if not m or not line[: m.start()].rstrip().endswith(("。", "!", "!", "”", "?", "?")):
        return None
    inner_start = m.start(1)
    inner = m.group(1)
    r = rules()
    role = r.roles.match(inner)
    offset = 0
    if role:
        offset = role.end() + len(inner[role.end() :]) - len(inner[role.end() :].lstrip(_COLONS))
    span = author_span(inner[offset:])
    if span is None:
        return None
    names = inner[offset + span[0] : offset + span[1]]
    if (
        is_names(names)
        or (offset and _names_after_role(inner, offset, span))
        or r.org.fullmatch(names)
    ) and not (role and inner[role.end() :].startswith(r.not_names)):
        return m.start(), (inner_start + offset + span[0], inner_start + offset + span[1])
    return None


@dataclass(frozen=True)
class Dateline:
    """A story's dateline: the outlet's span (None for 本报 / 本网), whether it names its own
    outlet, and the reporter's span."""

    outlet: Span | None
    own: bool
    author: Span | None


def dateline(text: str) -> Dateline | None:
    """The dateline opening ``text`` (a body's first paragraph): 新华社北京6月2日电(记者 吴某)
    -> 新华社, 吴某; 某某信息港讯 记者钱某 -> 某某信息港, 钱某; 本报某地讯(通讯员许某平) -> own,
    许某平 (a correspondent stands in only where no reporter is named)."""
    r = rules()
    m = r.dateline.match(text)
    if not m:
        # No outlet, but the reporter in parentheses opens the text: (通讯员:钱某福) 11月20日…
        author = _dateline_author(text, 0) if text.lstrip()[:1] in "((" else None
        return Dateline(None, False, author) if author else None
    s, e = m.span("head")
    dash = max(m.group("head").rfind("—"), m.group("head").rfind("-"))
    s += dash + 1  # 某某网客户端—某某网消息: the outlet is the last name
    head = text[s:e]
    own = head.startswith(r.own_outlets)
    outlet: Span | None = None
    if not own:
        if m.group("date"):
            # 新华社北京 / 人民网某地: the outlet, then the place it was filed from.
            for k in range(len(head) - 2, 1, -1):
                if r.outlet.match(head[:k]):
                    outlet = (s, s + k)
                    break
            if outlet is None and r.outlet.match(head):
                outlet = (s, e)
        elif r.outlet.match(head) or len(head) <= 12:
            outlet = (s, e)
        if outlet is None:
            return None
    return Dateline(outlet, own, _dateline_author(text, m.end()))


_COLONS = " ::"


def _dateline_author(text: str, pos: int) -> Span | None:
    """The reporter after a dateline: (记者 张三 通讯员 李四) -> 张三; 记者李四 1月18日 -> 李四."""
    head = text[pos : pos + 80]
    paren = re.match(r"\s*[((]([^()()]{1,60})[))]", head)
    r = rules()
    bare = None if paren else r.bare_reporter.match(head)
    m = paren or bare
    if m is None:
        return None
    inner, offset = m.group(1), pos + m.start(1)
    for wanted in r.reporters:
        at = inner.find(wanted)
        if at < 0:
            continue
        begin = at + len(wanted)
        begin += len(inner[begin:]) - len(inner[begin:].lstrip(_COLONS))
        span = author_span(inner[begin:])
        if span and _tokens_are_names(inner[begin + span[0] : begin + span[1]]):
            return offset + begin + span[0], offset + begin + span[1]
    return None


def _names_after_role(s: str, begin: int, span: Span) -> bool:
    """The names a role word leads (记者 张三, 记者李四), not a word it begins (作者单位)."""
    if s[begin:].startswith(rules().not_names):
        return False
    return _tokens_are_names(s[begin + span[0] : begin + span[1]])


def _tokens_are_names(s: str) -> bool:
    """One to four names of two to four characters each (a role word tells they are names)."""
    return _NAME_TOKENS.fullmatch(s) is not None


_NAME_TOKENS = re.compile(f"[{CJK}]{{2,4}}(?:(?:\\s+|[、,,])[{CJK}]{{2,4}}){{0,3}}")


def paper_name(token: str) -> bool:
    """``token`` is a newspaper's name (某某晚报), which 本报讯 refers to."""
    return rules().paper.match(token) is not None


# ---------------------------------------------------------------------------- the year


def report_year(date: str | None, body: str) -> int | None:
    """The year the report is about: its date's year, else the year its text states for its
    own period (see ``pagemeta.toml`` [year] for the kinds, in order); None if neither."""
    if date:
        return int(date[:4])
    r = rules()
    opening = r.year.match(body.lstrip())
    if opening:
        return int(opening.group(1))
    found: list[tuple[int, int, int]] = []  # (kind, position, year)
    for m in r.year.finditer(body):
        if _in_title(body, m.start()) or _after_excluded(body, m.start(), r):
            continue
        year = int(m.group(1))
        for kind, pattern in enumerate(r.year_kinds):
            if pattern.match(body, m.end()):
                found.append((kind, m.start(), year))
        if _counted_clause(body, m):
            found.append((len(r.year_kinds), m.start(), year))
    return min(found)[2] if found else None


def _in_title(body: str, pos: int) -> bool:
    return body.rfind("《", 0, pos) > body.rfind("》", 0, pos)


def _after_excluded(body: str, pos: int, r: Rules) -> bool:
    before = body[max(0, pos - 4) : pos]
    return before.endswith(r.not_after) and not before.endswith(r.allowed_after)


_CLAUSE_END = re.compile("[,,。;;!!??\n]")


def _counted_clause(body: str, m: re.Match[str]) -> bool:
    """The year leads its clause, and the clause states a count (2021年新成立党支部4个)."""
    start = m.start()
    if start and not _CLAUSE_END.match(body, start - 1) and body[start - 1] not in " \u3000":
        return False
    month = re.match(r"\d{1,2}月(?:份)?", body[m.end() :])
    rest_start = m.end() + (month.end() if month else 0)
    stop = _CLAUSE_END.search(body, rest_start)
    clause = body[rest_start : stop.start() if stop else len(body)]
    return re.search(r"\d", clause) is not None
