"""The number grammar: every figure in a text, with its value, unit and approximation.

One compiled regex proposes candidates (a numeral with its approximation words and unit);
cheap checks against the word lists in ``data/units.toml`` and ``data/not_figures.toml`` then
drop what is no figure: dates, durations, ordinals, slogans, list counts, names. The grammar
works on characters, so no segmenter is needed. What the number counts, and whether it is a
fact, a target or a rule's threshold, is for the later stages.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from miner.records import Quantity

__all__ = ["find_quantities", "parse_numeral"]

# Full-width digits and signs folded to ASCII one character for one, so offsets stay those of
# the printed text. The full-width comma stays: in Chinese text it separates clauses.
_FOLD = str.maketrans("０１２３４５６７８９．％\u3000\u00a0", "0123456789.%  ")

_CN_VALUE = {
    "〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}
_TENS = {"廿": 20, "卅": 30}

_TOKEN = re.compile(
    r"(\d+(?:\.\d+)?)|([〇○零一二两三四五六七八九]+)|([十百千])|([万亿])|([廿卅])"
    r"|点([〇零一二三四五六七八九]+)"
)
_SEPARATORS = re.compile(r"\s+|(?<=\d),(?=\d{3}(?!\d))")
_APPROX_HEAD = re.compile(r"^[数几上](?=[十百千万亿])")
_APPROX_MARKS = re.compile(r"[多余来几]")

# A stray space may split a number: before its decimal point (317 .5万), before a group of
# three digits (22 000人) or before a group no number starts with (5 00万元).
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?: \d{3}(?!\d)| 0\d*)?(?: ?\.\d+)?)"
# Bounded repeats keep a long run of numeral characters from costing quadratic time.
_CN = r"[〇零一二两三四五六七八九十百千万亿廿卅]{1,20}(?:点[〇零一二三四五六七八九]{1,8})?"
_MAG = r"[万亿]{1,3}"
_MIXED = _ARABIC + r"(?: ?[万亿千百]{1,4})?"  # 1.2万, 3千, 5000万
_ARABIC_WAN = _ARABIC + r"(?: ?[千百]?[万亿]{1,3})?"  # 600万 with no unit after it
_CN_WAN = r"[〇零一二两三四五六七八九十百千几]{0,20}[万亿]"
_FRACTION = (
    r"(?P<fden>[〇零一二两三四五六七八九十百千万]{1,20}|\d{1,20})分之"
    r"(?P<fnom>[〇零一二两三四五六七八九十百千]{1,20}(?:点[〇零一二三四五六七八九]{1,8})?|\d{1,20}(?:\.\d+)?)"
)
_DOUBLING = r"翻了?(?P<fan>[一二两三四五六七八九十]|\d+)番"
# 1/3, 2/3: a share written with a slash (not a date 2023/01 or a code)
_SLASH = r"(?<![\d/.])(?P<snom>[1-9])/(?P<sden>[2-9]|10)(?![\d/])"

# A digit glued to an ASCII letter, digit or sign belongs to a code, an address or a grade
# (3A), not to a figure; one after "3-", "16—" closes a range, whose ends are no counts.
_GLUE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@#_/\\")
_DASHES = frozenset("-—–－~～")
# The lower end of a range right before a number: 2—3家, 3-5个, 三至五人 (not a date or code).
_RANGE_LOW = re.compile(
    r"(?<![\d.\-—–－~～/])(?P<low>[1-9]\d{0,3}|[一二两三四五六七八九十]{1,3})"
    r" ?(?:[-—–－~～]|至|到) ?\Z"
)
_CLAUSE_END = re.compile(r"[,，。;；:：!！?？\n]")
_LEFT, _RIGHT = 12, 12  # context windows the rules look at


@dataclass(frozen=True)
class _Rule:
    numeral: re.Pattern[str] | None
    units: frozenset[str] | None
    not_units: frozenset[str] | None
    left: re.Pattern[str] | None
    right: re.Pattern[str] | None
    exact_only: bool


@dataclass(frozen=True)
class _Grammar:
    candidate: re.Pattern[str]
    prefix: re.Pattern[str]
    count_units: frozenset[str]
    not_figure_units: frozenset[str]
    canonical: dict[str, str]
    scale: dict[str, int]
    blocked_after: dict[str, tuple[str, ...]]
    attached: dict[str, str]
    apart: dict[str, str]
    infix: dict[str, str]
    after: dict[str, str]
    attached_not_after: dict[str, str]
    numeral_prefix: dict[str, str]
    numeral_prefix_not_after: dict[str, str]
    words: dict[str, tuple[int, str]]
    infer_after: re.Pattern[str]
    infer_unit: dict[str, str]
    money_before: re.Pattern[str]
    rules: tuple[_Rule, ...]
    names: re.Pattern[str]
    name_reach: int
    shares: dict[str, tuple[int, str]]
    enclosures: tuple[tuple[str, str, int], ...]


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads((resources.files("miner") / "data" / name).read_text(encoding="utf-8"))


def _alternation(words: Any) -> str:
    # Longest first, so that 人次 wins over 人 and 不超过 over 超过.
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _first_chars(words: Any) -> str:
    # A class of first characters lets the regex skip a long alternation at once.
    return "".join(sorted({re.escape(w[0]) for w in words}))


@cache
def _grammar() -> _Grammar:
    units = _load("units.toml")
    nots = _load("not_figures.toml")
    u = units["units"]
    all_units = u["count"] + u["measure"] + u["money"] + u["ratio"] + u["not_figure"]
    ap = units["approx"]
    prefixes = "".join(ap["numeral_prefix"])
    approx_numeral = (
        f"{_alternation(ap['words'])}|[{prefixes}][十百千万亿]|[一二三四五六七八九]?十几"
    )
    counted = (
        f"(?P<num>{approx_numeral}|{_MIXED}|{_CN})(?!(?<=百)分点)"
        f"(?P<inf>{_alternation(ap['infix'])})?(?P<mag>{_MAG})?"
        f" ?(?=[{_first_chars(all_units)}])(?P<unit>{_alternation(all_units)})"
    )
    unitless = (
        f"(?P<bnum>{_ARABIC_WAN}|(?:[{prefixes}](?=[十百千万亿]))?{_CN_WAN})"
        f"(?P<binf>多|余)?(?P<bmag>{_MAG})?"
    )
    candidate = re.compile(
        f"(?:{_FRACTION}|{_SLASH}|(?P<share>{_alternation(ap['shares'])})|{_DOUBLING}|{counted}"
        f"|{unitless})(?P<post>{_alternation(ap['after'])})?"
    )
    prefix = re.compile(
        f"(?:(?P<apart>{_alternation(ap['apart'])})[了有达]?|(?P<att>{_alternation(ap['attached'])}))\\Z"
    )

    rules = [
        _Rule(
            numeral=re.compile(r["numeral"]) if "numeral" in r else None,
            units=frozenset(r["units"]) if "units" in r else None,
            not_units=frozenset(r["not_units"]) if "not_units" in r else None,
            left=re.compile(r["left"]) if "left" in r else None,
            right=re.compile(r["right"]) if "right" in r else None,
            exact_only=bool(r.get("exact_only", False)),
        )
        for r in nots["rule"]
    ]
    lc = nots["list_count"]
    after_counter = f"|[{lc['numerals']}]" if lc.get("numeral_after") else ""
    rules.append(
        _Rule(
            numeral=re.compile(f"^[{lc['numerals']}]$"),
            units=frozenset(lc["units"]),
            not_units=None,
            left=None,
            right=re.compile(f'^[“"‘]?(?:{_alternation(lc["nouns"])}{after_counter})'),
            exact_only=False,
        )
    )

    inf = units["infer"]
    infer_unit = {noun: unit for unit, nouns in inf["after"].items() for noun in nouns}
    names = nots["names"]["words"]
    return _Grammar(
        candidate=candidate,
        prefix=prefix,
        count_units=frozenset(u["count"]),
        not_figure_units=frozenset(u["not_figure"]),
        canonical=dict(units["canonical"]),
        scale=dict(units["scale"]),
        blocked_after={k: tuple(v) for k, v in units["blocked_after"].items()},
        attached=dict(ap["attached"]),
        apart=dict(ap["apart"]),
        infix=dict(ap["infix"]),
        after=dict(ap["after"]),
        attached_not_after=dict(ap["attached_not_after"]),
        numeral_prefix=dict(ap["numeral_prefix"]),
        numeral_prefix_not_after=dict(ap["numeral_prefix_not_after"]),
        words={w: (int(v), str(a)) for w, (v, a) in ap["words"].items()},
        infer_after=re.compile(_alternation(infer_unit)),
        infer_unit=infer_unit,
        money_before=re.compile(_alternation(inf["money_before"])),
        rules=tuple(rules),
        names=re.compile(_alternation(names)),
        name_reach=max(map(len, names)),
        enclosures=tuple((e["open"], e["close"], int(e["max_chars"])) for e in nots["enclosure"]),
        shares={w: (int(v), str(a)) for w, (v, a) in ap["shares"].items()},
    )


# -- numerals -------------------------------------------------------------------------------


def _decimal(s: str) -> Decimal | None:
    """Read a plain numeral (no approximation words): Arabic, Chinese or mixed."""
    total = section = Decimal(0)
    cur: Decimal | None = None
    last = 0  # the last multiplier read
    single = False  # cur is one digit right after a multiplier: 一万五 = 15000, 三千五 = 3500
    pos = 0
    for m in _TOKEN.finditer(s):
        if m.start() != pos:
            return None
        pos = m.end()
        arabic, cn, small, big, tens, frac = m.groups()
        if arabic is not None or cn is not None:
            if cur is not None:
                return None
            digits = arabic or "".join(str(_CN_VALUE[c]) for c in cn)
            cur = Decimal(digits)
            single = last > 0 and len(digits) == 1 and (cn or "1") not in "〇○零"
        elif frac is not None:
            point = Decimal("0." + "".join(str(_CN_VALUE[c]) for c in frac))
            if cur is not None:
                cur += point
            elif section:
                section += point
            else:
                return None
            single = False
        elif tens is not None:
            if cur is not None:
                return None
            section += _TENS[tens]
            last = 10
        elif small is not None:
            section += (Decimal(1) if cur is None else cur) * _SMALL[small]
            cur, last = None, _SMALL[small]
        else:
            level = section + (cur or 0)
            if big == "亿":
                total = (total + level or Decimal(1)) * _BIG[big]
            elif level or not total:
                total += (level or Decimal(1)) * _BIG[big]
            else:
                return None
            section, cur, last = Decimal(0), None, _BIG[big]
    if pos == 0 or pos != len(s):
        return None
    if cur is not None:
        section += cur * last / 10 if single and last >= 10 else cur
    return total + section


def _number(d: Decimal) -> int | float:
    if d == d.to_integral_value():
        return int(d)
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:  # a recurring fraction: 三分之二 → 66.67
        d = d.quantize(Decimal("0.01"))
    return float(d)


def parse_numeral(s: str) -> int | float | None:
    """The value of a numeral: ``1.2万`` → 12000, ``三千二百零八`` → 3208, ``317 .5万`` → 3175000.

    Arabic, Chinese and mixed numerals, thousands commas and stray spaces; ``两`` is 2, ``廿``
    20, a bare ``百``/``千``/``万`` is 100/1000/10000. Approximate numerals give the number they
    are built on (``上百`` → 100, ``数十`` → 10, ``1400多万`` → 14000000, ``成百上千`` → 100).
    Returns an int when the value is whole, else a float; None if ``s`` is no numeral.
    """
    s = _SEPARATORS.sub("", s.translate(_FOLD))
    word = _grammar().words.get(s)
    if word is not None:
        return word[0]
    s = _APPROX_MARKS.sub("", _APPROX_HEAD.sub("", s))
    d = _decimal(s)
    return None if d is None else _number(d)


# -- finding quantities ---------------------------------------------------------------------


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text``, in text order and non-overlapping.

    A figure is a count or measure with its unit: ``292家``, ``1.2万多名``, ``71%``,
    ``10个百分点``, ``近2000万元``, ``斥资600万`` (元), ``三成`` (30 %), ``翻一番`` (2 倍).
    Dates, durations, ages, ordinals, congress numbers, numbers inside slogans, quoted names and
    titles, list counts (``四个方面``), frequencies, phone numbers, codes and the like are left
    out. ``text[q.start:q.end] == q.text`` for every quantity returned.
    """
    g = _grammar()
    scan = text.translate(_FOLD)
    found: list[Quantity] = []
    pos = 0
    while (m := g.candidate.search(scan, pos)) is not None:
        q, pos = _read(g, scan, text, m)
        if q is not None:
            low = _RANGE_LOW.search(scan, max(0, q.start - 8), q.start)
            if low is not None and q.unit not in ("%", "百分点"):
                found.extend(_range(text, low, q))
            else:
                found.append(q)
    return found


def _range(text: str, low: re.Match[str], upper: Quantity) -> list[Quantity]:
    """A range (2—3家, 3至5人) is two figures: its lower bound at least, its upper at most."""
    value = parse_numeral(low["low"])
    if value is None or value >= upper.value:
        return [upper]
    lower = Quantity(
        text=text[low.start("low") : low.end("low")],
        start=low.start("low"),
        end=low.end("low"),
        value=value,
        unit=upper.unit,
        approx="at_least",
        qualifier="",
    )
    approx = "at_most" if upper.approx == "exact" else upper.approx
    return [lower, Quantity(**{**upper.__dict__, "approx": approx})]


def _read(g: _Grammar, scan: str, text: str, m: re.Match[str]) -> tuple[Quantity | None, int]:
    """The quantity a candidate match makes (or None) and where to search on."""
    if m["fden"] is not None:
        return _fraction(g, scan, text, m), m.end()
    if m["sden"] is not None:
        value = Decimal(m["snom"]) / Decimal(m["sden"]) * 100
        end = m.end("sden")
        return _make(g, scan, text, m.start(), end, m["snom"], "%", value, post=m["post"]), m.end()
    if m["share"] is not None:
        value, approx = g.shares[m["share"]]
        end = m.end("share")
        q = _make(g, scan, text, m.start(), end, m["share"], "%", Decimal(value), post=m["post"])
        if q is not None and q.approx == "exact":
            q = Quantity(**{**q.__dict__, "approx": approx})
        return q, m.end()
    if m["fan"] is not None:
        n = parse_numeral(m["fan"])
        value = Decimal(2) ** int(n) if n is not None and n < 64 else None
        e = m.end("fan") + 1
        return _make(g, scan, text, m.start(), e, m["fan"], "倍", value, post=m["post"]), m.end()
    if m["num"] is not None:
        return _counted(g, scan, text, m)
    s = m.start("bnum")
    return _unitless(g, scan, text, s, m["bnum"], m["binf"], m["bmag"], m["post"]), m.end()


def _counted(g: _Grammar, scan: str, text: str, m: re.Match[str]) -> tuple[Quantity | None, int]:
    num, unit, s, ue = m["num"], m["unit"], m.start("num"), m.end("unit")
    head = num[0]
    if (
        head in g.numeral_prefix
        and s > 0
        and scan[s - 1] in g.numeral_prefix_not_after.get(head, "")
        and len(num) > 1
        and num[1] in "十百千万亿"
    ):
        return None, s + 1  # 人数十分, 以上百名: 数/上 ends a word; read on from the next char
    if unit in g.not_figure_units:
        return None, ue
    if any(scan.startswith(b, ue) for b in g.blocked_after.get(unit, ())):
        # 18万个体工商户: the "classifier" starts a noun, so read the number without it.
        e = max(m.end("num"), m.end("inf"), m.end("mag"))
        return _unitless(g, scan, text, s, num, m["inf"], m["mag"], None), e
    if head.isdigit() and _glued(scan, s, num) and not _RANGE_LOW.search(scan, max(0, s - 8), s):
        return None, ue
    if unit == "成" and not re.fullmatch(r"[一二两三四五六七八九]|[1-9]|10", num):
        return None, ue
    value = _value(num, m["mag"])
    if value is None:
        return None, ue
    dot = num.find(".")
    if (
        unit in g.count_units
        and 0 < dot <= 2
        and value != value.to_integral_value()
        and _at_line_start(scan, s)
    ):
        return None, s + dot + 1  # "1.5个" opening a line is the enumerator "1." then "5个"
    value *= g.scale.get(unit, 1)
    return _make(g, scan, text, s, ue, num, unit, value, m["inf"], m["post"]), m.end()


def _unitless(
    g: _Grammar,
    scan: str,
    text: str,
    s: int,
    num: str,
    inf: str | None,
    mag: str | None,
    post: str | None,
) -> Quantity | None:
    """A 万/亿 number without a classifier, whose unit the words around it make certain."""
    if "万" not in num + (mag or "") and "亿" not in num + (mag or ""):
        return None
    if num[0].isdigit() and _glued(scan, s, num):
        return None
    e = s + len(num) + len(inf or "") + len(mag or "")
    noun = g.infer_after.match(scan, e)
    if noun is not None:
        unit = g.infer_unit[noun.group()]
    else:
        left = _CLAUSE_END.split(scan[max(0, s - _LEFT) : s])[-1]
        if not g.money_before.search(left):
            return None
        unit = "元"
    if post is not None and not scan.startswith(post, e):
        post = None
    return _make(g, scan, text, s, e, num, unit, _value(num, mag), inf, post)


def _fraction(g: _Grammar, scan: str, text: str, m: re.Match[str]) -> Quantity | None:
    den, nom = parse_numeral(m["fden"]), parse_numeral(m["fnom"])
    if not den or nom is None:
        return None
    value = Decimal(str(nom)) / Decimal(str(den)) * 100
    printed = m["fden"] + "分之" + m["fnom"]
    return _make(g, scan, text, m.start(), m.end("fnom"), printed, "%", value, post=m["post"])


def _value(num: str, mag: str | None) -> Decimal | None:
    base = parse_numeral(num)
    if base is None:
        return None
    value = Decimal(str(base))
    for c in mag or "":
        value *= _BIG[c]
    return value


def _make(
    g: _Grammar,
    scan: str,
    text: str,
    s: int,
    e: int,
    num: str,
    unit: str,
    value: Decimal | None,
    inf: str | None = None,
    post: str | None = None,
) -> Quantity | None:
    """Settle approximation, run the not-a-figure checks and build the quantity."""
    if value is None:
        return None
    start, approx, qualifier = s, "exact", ""
    before = g.prefix.search(scan, max(0, s - 5), s)
    if before is not None:
        if before["apart"] is not None:
            approx, qualifier = g.apart[before["apart"]], before["apart"]
        else:
            att, a = before["att"], before.start()
            if a == 0 or scan[a - 1] not in g.attached_not_after.get(att, ""):
                start, approx, qualifier = a, g.attached[att], att
    if approx == "exact":
        approx, qualifier = _numeral_approx(g, num)
    if approx == "exact" and inf:
        approx, qualifier = g.infix[inf], inf
    if approx == "exact" and post:
        approx, qualifier = g.after[post], post
    if _dropped(g, scan, s, e, num, unit, approx == "exact") or _in_name(g, scan, start, e):
        return None
    if approx == "exact" and 2 <= value <= 12 and _listed_before(scan, start) == value:
        return None  # A和B两家, 塔林公司党委、…协会党支部等6家: the count of a list just named
    return Quantity(
        text=text[start:e],
        start=start,
        end=e,
        value=_number(value),
        unit=g.canonical.get(unit, unit),
        approx=approx,
        qualifier=qualifier,
    )


def _numeral_approx(g: _Grammar, num: str) -> tuple[str, str]:
    if num in g.words:
        return g.words[num][1], num
    if num[0] in g.numeral_prefix and len(num) > 1 and num[1] in "十百千万亿":
        return g.numeral_prefix[num[0]], num[0]
    if "几" in num:
        return g.numeral_prefix["几"], "几"
    return "exact", ""


def _dropped(g: _Grammar, scan: str, s: int, e: int, num: str, unit: str, exact: bool) -> bool:
    left, right = scan[max(0, s - _LEFT) : s], scan[e : e + _RIGHT]
    for r in g.rules:
        if (
            (r.units is None or unit in r.units)
            and (r.not_units is None or unit not in r.not_units)
            and (exact or not r.exact_only)
            and (r.numeral is None or r.numeral.search(num))
            and (r.left is None or r.left.search(left))
            and (r.right is None or r.right.match(right))
        ):
            return True
    return False


_LIST_SEPARATORS = re.compile(r"、|以及|和|及|与|”\s*“")
_LIST_SPAN = 120  # characters a list named before its count may take


def _listed_before(scan: str, s: int) -> int:
    """How many items a list names right before ``scan[s]`` (0 for none): the clause up to
    the number, split at 、/和/及 and between quotations, with a trailing 等 or 共 dropped."""
    lo = max(0, s - _LIST_SPAN)
    clause = _CLAUSE_END.split(scan[lo:s])[-1].rstrip()
    clause = re.sub(r"(等|共|这|這)\s*$", "", clause)
    items = [i for i in _LIST_SEPARATORS.split(clause) if i.strip()]
    if len(items) < 2 or any(re.search(r"\d", i) for i in items):
        return 0
    return len(items)


def _in_name(g: _Grammar, scan: str, s: int, e: int) -> bool:
    """Inside a fixed expression, a place name, a short quotation or a title."""
    for n in g.names.finditer(scan, max(0, s - g.name_reach), e + g.name_reach):
        if n.start() < e and n.end() > s:
            return True
    for open_, close, width in g.enclosures:
        o = scan.rfind(open_, max(0, s - width), s)
        if o == -1 or scan.find(close, o + 1, s) != -1:
            continue
        if scan.find(close, e, o + width + 2) != -1:
            return True
    return False


def _glued(scan: str, s: int, num: str) -> bool:
    """An Arabic number that is part of a code, a phone number or a range."""
    if num[0] == "0" and num[1:2].isdigit():
        return True  # 0592, 00: area codes and fragments, never a count
    before = scan[s - 1] if s > 0 else ""
    return before in _GLUE or (before in _DASHES and s > 1 and scan[s - 2].isdigit())


def _at_line_start(scan: str, s: int) -> bool:
    head = scan[max(0, s - 8) : s]
    if "\n" in head:
        return not head.rsplit("\n", 1)[1].strip()
    return s <= 8 and not head.strip()
