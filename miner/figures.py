"""Figures: what each quantity counts, its comparable indicator, role and period.

The number grammar (``miner.numbers``) reads value, unit and approximation; this stage reads
the words around the number, on jieba tokens so a verb (培训) is told from a noun (培训班):
- ``subject``: the noun phrase after the figure (292家|社会组织), else the one before it, after
  its last verb (新建|社会组织党组织|1677个); a percentage-point change counts its rate (覆盖率);
  an elided subject (其中今年新建8家) is the previous figure's.
- ``indicator``: the first rule of ``data/indicators.toml`` that holds.
- ``role``: ``criterion`` for a threshold in a condition, ``target`` for a goal, else ``status``.
- ``period``: the time phrase that scopes the figure (``data/periods.toml``).
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from miner import sectors
from miner.records import Figure, Quantity, Region
from miner.text import clause_bounds, sentence_bounds
from miner.text import paragraph_start as paragraph_start_of

Token = tuple[int, int]  # (start, end) character offsets of a jieba token
_QUOTES = "“”\"'「」『』《》"
# The words between two numbers are only the first one's noun and a list mark: one list.
_LISTED = re.compile(r"[^,，。；;]{0,12}(、|和|及|与|以及)")
_JOINING = frozenset({"和", "及", "与", "以及"})
_NUMERAL = re.compile(r"[\d０-９一二三四五六七八九十百千万两]")
_CLAUSE_PUNCTUATION = "。！？!?；;,，:：\n"
# A token holding anything but Chinese characters or letters ends a noun phrase.
_BOUNDARY = re.compile(r"[^\u4e00-\u9fffA-Za-z]")
_PAREN = re.compile(r"[(（][\u4e00-\u9fff、]{1,6}[)）]")
# 等150多个事迹站得住、群众信得过的先进典型: the head noun follows a coordinated relative clause.
_RELATIVE_HEAD = re.compile(r"([^,，。;；]*、[^,，。;；]*)的([\u4e00-\u9fff]{2,8})(?=[,，。;；]|$)")
_SCOPE_REACH = 4  # characters of place name that may stand before a scope word (南京全市)
_FULL_STOPS = "。！？!?\n"
_GOAL_HEAD = 8  # a goal phrase starting this near a sentence's head sets the whole sentence
_AFTER_QUALIFIERS = ("及以上", "以上", "以下", "左右", "上下")
_RATE = re.compile(r"[\u4e00-\u9fff]{1,14}率")
_QUALIFIERS = (
    "不足",
    "不到",
    "不超过",
    "超过",
    "将近",
    "接近",
    "大约",
    "近",
    "约",
    "逾",
    "超",
    "达",
)


@dataclass(frozen=True)
class Context:
    """The text around one figure that indicator rules read (simplified text)."""

    unit: str
    subject: str
    side: str  # where the counted noun stands: "after" the number (43家社会组织), else "before"
    clause: str
    sentence: str
    before: str  # the clause up to the number
    near: str  # the words since the previous number of the clause (or the clause start)
    after: str  # the clause after the number, without its closing punctuation


@dataclass(frozen=True)
class IndicatorRule:
    id: str
    units: frozenset[str]
    side: str | None
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (context field, pattern): must match
    excludes: tuple[tuple[str, re.Pattern[str]], ...]  # (context field, pattern): must not

    def holds(self, ctx: Context) -> bool:
        return (
            (not self.units or ctx.unit in self.units)
            and (self.side is None or ctx.side == self.side)
            and all(p.search(getattr(ctx, name)) for name, p in self.patterns)
            and not any(p.search(getattr(ctx, name)) for name, p in self.excludes)
        )


@dataclass(frozen=True)
class FigureRules:
    indicators: tuple[IndicatorRule, ...]
    verbs: frozenset[str]
    nominal_verbs: frozenset[str]
    participation_verbs: frozenset[str]
    stops: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    trailing: tuple[str, ...]
    time_words: frozenset[str]
    person_units: frozenset[str]
    event_units: frozenset[str]
    determiners: frozenset[str]
    criterion_qualifiers: frozenset[str]
    criterion_before: re.Pattern[str]
    criterion_after: re.Pattern[str]
    criterion_not_after: re.Pattern[str]
    target_before: re.Pattern[str]
    period: re.Pattern[str]
    open_period: re.Pattern[str]
    breakdown: re.Pattern[str]
    per_unit: re.Pattern[str]
    parts_of: dict[str, frozenset[str]]
    relative_years: dict[str, int]


def _data(name: str) -> dict:
    return tomllib.loads(resources.files("miner.data").joinpath(name).read_text("utf-8"))


_FIELDS = ("subject", "clause", "sentence", "before", "near", "after")


def _indicator_rule(r: dict) -> IndicatorRule:
    unknown = set(r) - {"id", "units", "side", *_FIELDS, *(f"not_{f}" for f in _FIELDS)}
    if unknown:
        raise ValueError(f"indicators.toml: rule {r.get('id')!r} has unknown keys {unknown}")
    return IndicatorRule(
        id=r["id"],
        units=frozenset(r.get("units", ())),
        side=r.get("side"),
        patterns=tuple((f, re.compile(r[f])) for f in _FIELDS if f in r),
        excludes=tuple((f, re.compile(r[f"not_{f}"])) for f in _FIELDS if f"not_{f}" in r),
    )


@cache
def load_rules() -> FigureRules:
    """The indicator, subject, role and period rules, read once from ``miner/data``."""
    indicator_data = _data("indicators.toml")
    indicators = tuple(_indicator_rule(r) for r in indicator_data["rule"])
    subjects, roles, periods = _data("subjects.toml"), _data("roles.toml"), _data("periods.toml")
    return FigureRules(
        indicators=indicators,
        verbs=frozenset(subjects["verbs"]),
        nominal_verbs=frozenset(subjects["nominal_verbs"]),
        participation_verbs=frozenset(subjects["participation_verbs"]),
        stops=frozenset(subjects["stops"]),
        prefixes=tuple(sorted(subjects["prefixes"], key=len, reverse=True)),
        suffixes=tuple(sorted(subjects["suffixes"], key=len, reverse=True)),
        trailing=tuple(sorted(subjects["trailing"], key=len, reverse=True)),
        time_words=frozenset(subjects["time_words"]),
        person_units=frozenset(subjects["person_units"]),
        event_units=frozenset(subjects["event_units"]),
        determiners=frozenset(subjects["determiners"]),
        criterion_qualifiers=frozenset(roles["criterion_qualifiers"]),
        criterion_before=re.compile(roles["criterion_before"]),
        criterion_after=re.compile(roles["criterion_after"]),
        criterion_not_after=re.compile(roles["criterion_not_after"]),
        target_before=re.compile(roles["target_before"]),
        period=re.compile("|".join(f"(?:{p})" for p in periods["patterns"])),
        open_period=re.compile(periods["open"]),
        relative_years=dict(periods["relative_years"]),
        breakdown=re.compile(indicator_data["breakdown"]["marks"]),
        per_unit=re.compile(indicator_data["per_unit"]),
        parts_of={
            total: frozenset([total, *parts])
            for total, parts in indicator_data["breakdown"]["parts_of"].items()
        },
    )


def _words(text: str, tokens: Sequence[Token], starts: list[int], lo: int, hi: int) -> list[str]:
    """The tokens inside ``text[lo:hi]``, cut at ``lo``/``hi``, quotes dropped.

    A short bracket joins the word before it: 市(州) and 县(市、区) are one noun.
    """
    words: list[str] = []
    i = max(bisect.bisect_right(starts, lo) - 1, 0)
    while i < len(tokens) and tokens[i][0] < hi:
        s, e = max(tokens[i][0], lo), min(tokens[i][1], hi)
        paren = _PAREN.match(text, s, hi)
        if paren and words and not _is_boundary(words[-1], load_rules()):
            words[-1] += paren.group()
            while i < len(tokens) and tokens[i][1] <= paren.end():
                i += 1
            continue
        word = text[s:e].strip(_QUOTES)
        if word.strip():
            words.append(word)
        i += 1
    return words


def _is_boundary(word: str, rules: FigureRules) -> bool:
    return word in rules.stops or bool(_BOUNDARY.search(_PAREN.sub("", word)))


def _noun_after(words: list[str], rules: FigureRules, share: bool = False) -> str:
    while words and words[0] in _AFTER_QUALIFIERS:
        words = words[1:]
    if share and words[:1] == ["的"]:
        words = words[1:]  # 三成以上的社会组织: a share counts the noun after 的
    if words and words[0] in rules.participation_verbs:
        phrase = []
        for w in words:
            if _BOUNDARY.search(w):
                break
            phrase.append(w)
        return "".join(phrase)
    phrase: list[str] = []
    for i, w in enumerate(words):
        # 8个外卖、网约车行业党组织: a list of nouns is counted as a whole (its last is the head)
        listed = (w == "、" or (w == "等" and "、" in phrase)) and (
            bool(phrase) and i + 1 < len(words) and not _is_number(words[i + 1])
        )
        nominal = w in rules.nominal_verbs and phrase and phrase[-1] not in rules.verbs
        if not (listed or nominal) and (w in rules.verbs or _is_boundary(w, rules)):
            break
        phrase.append(w)
    noun = "".join(phrase).rstrip("、")
    for ending in rules.trailing:
        if noun.endswith(ending) and len(noun) > len(ending) + 1:
            return noun[: -len(ending)]
    return noun


def _is_number(word: str) -> bool:
    return bool(_NUMERAL.match(word))


def _noun_before(words: list[str], rules: FigureRules) -> tuple[str, str]:
    """``(noun, last verb)`` of the words before a figure."""
    while words and words[-1] in _QUALIFIERS:
        words = words[:-1]
    if len(words) > 1 and words[-1] in rules.nominal_verbs and words[-2] not in rules.verbs:
        words = [*words[:-2], words[-2] + words[-1]]  # “两新”组织158个: 组织 ends a noun here
    if "、" in words:  # 选派…指导员 after a list of actors: only the last item counts
        words = words[len(words) - words[::-1].index("、") :]
    verb_at = max((i for i, w in enumerate(words) if w in rules.verbs), default=None)
    verb = words[verb_at] if verb_at is not None else ""
    if verb_at is not None:
        words = words[verb_at + 1 :] or words[:verb_at]
    groups, group = [], []
    for i, w in enumerate(words):
        # 非公企业和社会组织党组织覆盖率: nouns joined by 和 before the figure are one subject
        joined = w in _JOINING and group and i + 1 < len(words) and not _is_boundary(
            words[i + 1], rules
        )
        if not joined and (_is_boundary(w, rules) or w in rules.verbs):
            groups.append(group)
            group = []
        else:
            group.append(w)
    groups.append(group)
    nouns = ("".join(g) for g in reversed(groups) if g)
    noun = next((n for n in nouns if not _is_time(n, rules)), "")
    return noun, verb


def _is_time(word: str, rules: FigureRules) -> bool:
    return word in rules.time_words or bool(rules.period.fullmatch(word))


def _trim(noun: str, rules: FigureRules) -> str:
    for word in rules.determiners:  # 登记各类社会组织72019家: the organizations are counted
        if noun.startswith(word) and len(noun) > len(word) + 1:
            noun = noun[len(word) :]
            break
    for word in rules.time_words:  # 到2020年底社会组织…: the time word is not counted
        if noun.startswith(word) and len(noun) > len(word) + 1:
            noun = noun[len(word) :]
            break
    for prefix in rules.prefixes:
        # 全市社会组织, and 南京全市社会组织: a scope word near the front ends the scope.
        at = noun.find(prefix, 0, _SCOPE_REACH + len(prefix))
        end = at + len(prefix)
        if at >= 0 and len(noun) > end and noun[end] != "性":
            noun = noun[end:]
            break
    for suffix in rules.suffixes:
        if noun.endswith(suffix) and len(noun) > len(suffix) + 1:
            noun = noun[: -len(suffix)]
            break
    return "" if _is_time(noun, rules) else noun


def _role(
    q: Quantity,
    text: str,
    sentence_start: int,
    clause: tuple[int, int],
    report_year: int | None,
    rules: FigureRules,
) -> str:
    before = text[sentence_start : q.start]
    clause_end = clause[1]
    if (
        q.qualifier in rules.criterion_qualifiers
        and (
            rules.criterion_before.search(before)
            or rules.criterion_after.search(text[q.end : clause_end])
        )
        and not rules.criterion_not_after.match(text, q.end, q.end + 60)
    ):
        return "criterion"
    # A goal is set in the figure's own clause (力争覆盖率达到90%) or at the head of its
    # sentence (到2025年,…); a 计划 of an earlier clause is a noun (纳入轮训计划,今年培训…);
    # what is done (…建立了党组织) is no goal.
    if "了" in text[q.end : clause_end]:
        return "status"
    heads = [_head(text, sentence_start, q.start)]
    # 到2025年,…;…;…社会组织达到50家左右: a goal set before a run of semicolons holds to 。
    run_start = max(text.rfind(c, max(0, q.start - 2000), q.start) for c in _FULL_STOPS) + 1
    if run_start < sentence_start:
        heads.append(_head(text, run_start, q.start))
    spans = [(clause[0], q.start, q.start), *((h, q.start, h + _GOAL_HEAD) for h in heads)]
    for lo, hi, latest in spans:
        for m in rules.target_before.finditer(text, lo, hi):
            if m.start() > latest:
                break
            year = re.search(r"(?:19|20)\d\d", m.group())
            if year is None or report_year is None or int(year.group()) >= report_year:
                return "target"  # 到2010年底 in a 2011 report is past: a fact
    return "status"


def _head(text: str, start: int, end: int) -> int:
    """Where the words of ``text[start:end]`` begin (white space skipped)."""
    return start + len(text[start:end]) - len(text[start:end].lstrip())


def _period(
    text: str, sentence_start: int, paragraph_start: int, pos: int, rules: FigureRules
) -> str | None:
    for lo in (sentence_start, paragraph_start):
        found = list(rules.period.finditer(text, lo, pos))
        if found:
            return found[-1].group()
    return None


def _list_end(text: str, quantities: Sequence[Quantity], i: int, clause_end: int) -> int:
    """The index of the last quantity of the list ``quantities[i]`` begins (``i`` if none)."""
    j = i
    while (
        j + 1 < len(quantities)
        and quantities[j + 1].start < clause_end
        and _LISTED.fullmatch(text, quantities[j].end, quantities[j + 1].start)
    ):
        j += 1
    return j


def _in_breakdown(text: str, lo: int, hi: int, rules: FigureRules) -> bool:
    """``text[lo:hi]`` opens a breakdown: a 其中 mark, or a bracket not closed again."""
    between = text[lo:hi]
    if rules.breakdown.search(between):
        return True
    opened = max(between.rfind("("), between.rfind("（"))
    return opened > max(between.rfind(")"), between.rfind("）"))


def period_year(period: str | None, report_year: int | None, rules: FigureRules) -> int | None:
    """The year a figure's value refers to: the year its period names (截至2016年底 -> 2016,
    去年 in a 2017 report -> 2016), else the report's.

    A period running up to now (2016年以来, 近三年来) refers to the report's own year.
    """
    if not period or rules.open_period.search(period):
        return report_year
    m = re.search(r"((?:19|20)\d\d)年", period)
    if m:
        return int(m.group(1))
    back = next((n for word, n in rules.relative_years.items() if period.startswith(word)), None)
    return report_year - back if report_year is not None and back is not None else report_year


def describe_figures(
    text: str,
    tokens: Sequence[Token],
    quantities: Sequence[Quantity],
    region_at: Callable[[int], Region | None],
    title: str | None = None,
    report_year: int | None = None,
) -> list[Figure]:
    """Turn the quantities of ``text`` into figures; ``tokens`` are its jieba tokens.

    ``region_at(offset)`` gives the place a figure at that offset is about (the caller knows
    the report's place and the places its sentences name); ``title`` helps tell the report's
    own sector; a figure's ``year`` is its period's (``period_year``), else ``report_year``.
    """
    rules = load_rules()
    report_sector = sectors.report_sector(title, text) if quantities else None
    starts = [t[0] for t in tokens]
    figures: list[Figure] = []
    previous_subject: str | None = None
    previous_sentence = -1
    previous_end = previous_near = 0
    total: tuple[str, int, int] | None = None  # (indicator, sentence start, end) of the last total
    for i, q in enumerate(quantities):
        s0, s1 = sentence_bounds(text, q.start)
        c0, c1 = clause_bounds(text, q.start)
        last = _list_end(text, quantities, i, c1)
        relative = _RELATIVE_HEAD.match(text, q.end, c1)
        if relative and len({len(x) for x in relative.group(1).split("、")}) > 1:
            relative = None  # parallel clauses of one length make a relative; a list does not
        after = _noun_after(_words(text, tokens, starts, q.end, c1), rules, q.unit == "%")
        verb = ""
        side = "after"
        if relative:
            subject = relative.group(2)
        elif len(after) >= 2:
            subject = after
        else:
            subject, verb = _noun_before(_words(text, tokens, starts, c0, q.start), rules)
            side = "before"
        subject = _trim(subject, rules)
        if subject in rules.determiners:
            subject = ""
        if not subject and verb and q.unit in rules.person_units | rules.event_units:
            subject = verb  # 累积培训近1万人次: people or events counted by what was done
        if q.unit == "百分点" and not subject.endswith("率"):
            rates = list(_RATE.finditer(text, s0, q.start))
            subject = _trim(rates[-1].group(), rules) if rates else subject
        if len(subject) < 2 and previous_subject and previous_sentence >= s0 - 200:
            subject = previous_subject  # 已建立党组织43家,其中今年新建8家
        subject = subject or None
        role = _role(q, text, s0, (c0, c1), report_year, rules)
        approx = q.approx
        if role == "criterion" and q.qualifier in ("以上", "及以上"):
            approx = "at_least"
        near_start = max(c0, previous_end)
        if near_start > c0 and _LISTED.fullmatch(text, near_start, q.start):
            near_start = max(c0, previous_near)  # 涉及184个…、31个…: the verb of the list
        ctx = Context(
            unit=q.unit,
            subject=subject or "",
            side=side,
            clause=text[c0:c1],
            sentence=text[s0:s1],
            before=text[c0 : q.start],
            near=text[near_start : q.start],
            # the members of a list share what is said after it (8561个街道、31610个乡镇已建立…)
            after=text[quantities[last].end if last > i else q.end : c1].rstrip(
                _CLAUSE_PUNCTUATION
            ),
        )
        indicator = "other"
        if role != "criterion" and not rules.per_unit.search(text, c0, q.start):
            indicator = next((r.id for r in rules.indicators if r.holds(ctx)), "other")
        if indicator != "other" and total and total[1] >= s0:
            # 其中社会团体1.2万家 / (社会团体109个…) after a stated total: a part, not the total
            if indicator in rules.parts_of.get(total[0], {total[0]}) and _in_breakdown(
                text, total[2], q.start, rules
            ):
                indicator = "other"
        is_part = _in_breakdown(text, s0, q.start, rules)
        if indicator != "other" and role == "status" and not is_part:
            total = (indicator, s0, q.end)
        paragraph_start = paragraph_start_of(text, q.start)
        period = _period(text, s0, paragraph_start, q.start, rules)
        # A year from earlier in the paragraph is often its history (2010年成立…), not the
        # figure's time: only the sentence's own period dates a value.
        own_period = _period(text, s0, s0, q.start, rules)
        figures.append(
            Figure(
                text=q.text,
                value=q.value,
                unit=q.unit,
                approx=approx,
                subject=subject,
                indicator=indicator,
                role=role,
                start=q.start,
                end=q.end,
                sentence=ctx.sentence.strip(),
                region=region_at(q.start),
                period=period,
                sector=sectors.sector_of(
                    indicator,
                    subject,
                    text,
                    q.start,
                    (c0, c1),
                    (s0, s1),
                    paragraph_start,
                    report_sector,
                ),
                # a target year (到2025年) is not the year a value refers to
                year=(
                    report_year
                    if role == "target"
                    else period_year(own_period, report_year, rules)
                ),
            )
        )
        previous_subject, previous_sentence, previous_end = subject, s0, q.end
        previous_near = near_start
    _respectively(text, quantities, figures)
    return figures


def _respectively(text: str, quantities: Sequence[Quantity], figures: list[Figure]) -> None:
    """A list of numbers after a joint subject (非公企业和社会组织…分别达44.6%、18.9%): each
    number is its own sector's, in order."""
    i = 0
    while i < len(figures):
        c1 = clause_bounds(text, quantities[i].start)[1]
        last = _list_end(text, quantities, i, c1)
        group = figures[i : last + 1]
        if len(group) > 1 and all(f.sector == "two_new" for f in group):
            s0 = sentence_bounds(text, quantities[i].start)[0]
            parts = sectors.respective(text, s0, quantities[i].start, len(group))
            for f, sector in zip(group, parts or (), strict=False):
                f.sector = sector
        i = last + 1
