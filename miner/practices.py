"""Named practices: the methods, mechanisms, campaigns and slogans a report presents as done.

A practice is found by its shape (a quoted name, a numbered slogan, a ``党建+X`` model, an
enumerated ``X建`` item, a list of forms before ``等方式``, a ``以X为阵地`` frame, a coined
``建立X制度``) or by the lexicon of widely used names; a quoted phrase counts only when the
words around it present it as a measure (``开展“金点子”活动``), not as a problem, a strategy or a
metaphor.  Cue words live in ``miner/data/practices.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from miner.records import Practice
from miner.text import sentence_bounds

_NUMERAL = "一二三四五六七八九十两双百千"
_QUOTE = re.compile(r"[“「『\"]([^“”「」『』\"\n]{2,40})[”」』\"]")
_PLUS = re.compile(r"^[\w\u4e00-\u9fff]{1,8}\+[\w\u4e00-\u9fff]{0,8}$")
# 五创新五提升, 四融四促, 双强六好: two numbered halves of the same length.
_SLOGAN = re.compile(rf"[{_NUMERAL}]([\u4e00-\u9fff]{{1,3}})[{_NUMERAL}]([\u4e00-\u9fff]{{1,3}})")
_PARTS_OPEN = re.compile(r"\s*[(（]([^()（）\n]{2,120})[)）]")
_PARTS_SPLIT = re.compile(r"[、;；,，]")
_MAX_QUOTED_CHARS = 24


@dataclass(frozen=True)
class PracticeRules:
    practice_nouns: tuple[str, ...]
    practice_nouns_long: tuple[str, ...]
    action_verbs: tuple[str, ...]
    not_practices: frozenset[str]
    organization_suffixes: tuple[str, ...]
    not_practice_nouns: tuple[str, ...]
    known_practices: tuple[str, ...]
    enumerator: re.Pattern[str]
    method_suffix: str
    method_item: re.Pattern[str]
    list_frame: re.Pattern[str]
    list_verbs: tuple[str, ...]
    list_item_mark: re.Pattern[str]
    anchor_frame: re.Pattern[str]
    coined: re.Pattern[str]
    coined_frames: frozenset[str]
    known: re.Pattern[str]


@cache
def load_rules() -> PracticeRules:
    data = tomllib.loads(
        resources.files("miner.data").joinpath("practices.toml").read_text("utf-8")
    )
    enumerator = "(?:" + "|".join(data["enumerators"]) + ")"
    frames = "|".join(map(re.escape, data["list_frames"]))
    list_verbs = "|".join(map(re.escape, data["list_verbs"]))
    anchors = "|".join(map(re.escape, data["anchor_frames"]))
    coined_verbs = "|".join(map(re.escape, data["coined_verbs"]))
    coined_nouns = "|".join(map(re.escape, data["coined_nouns"] + data["coined_frames"]))
    n = data["coined_max_chars"]
    known = sorted(data["known_practices"], key=len, reverse=True)
    return PracticeRules(
        practice_nouns=tuple(sorted(data["practice_nouns"], key=len, reverse=True)),
        practice_nouns_long=tuple(n for n in data["practice_nouns"] if len(n) >= 2),
        action_verbs=tuple(data["action_verbs"]),
        not_practices=frozenset(data["not_practices"]),
        organization_suffixes=tuple(data["organization_suffixes"]),
        not_practice_nouns=tuple(data["not_practice_nouns"]),
        known_practices=tuple(known),
        enumerator=re.compile(enumerator),
        method_suffix=data["method_suffix"],
        method_item=re.compile(rf"([^。;；,，\n]{{2,{data['method_max_chars']}}})(?=[。;；,，\n])"),
        list_frame=re.compile(
            rf"(?:{list_verbs})((?:[\u4e00-\u9fff]{{2,8}}、)+[\u4e00-\u9fff]{{2,8}})(?:{frames})"
        ),
        list_verbs=tuple(data["list_verbs"]),
        list_item_mark=re.compile(data["list_item_marks"]),
        anchor_frame=re.compile(
            rf"以([\u4e00-\u9fff]{{2,12}})(?:[(（]([\u4e00-\u9fff]{{2,12}})[)）])?(?:{anchors})"
        ),
        coined=re.compile(
            rf"(?:{coined_verbs})了?((?:[\u4e00-\u9fff]{{2,{n}}}、)?[\u4e00-\u9fff]{{1,{n}}}?)"
            rf"(?:的)?({coined_nouns})"
        ),
        coined_frames=frozenset(data["coined_frames"]),
        known=re.compile("|".join(map(re.escape, known))),
    )


def practice_kind(name: str, default: str) -> str:
    """``plus_model`` for 党建+X, ``numbered_slogan`` for 五创新五提升, else ``default``."""
    if "+" in name:
        return "plus_model"
    # 五创新五提升, 两微一端, 三单制, 四个一, 双孵化: a short name led by a number.
    if _SLOGAN.fullmatch(name) or re.fullmatch(rf"[{_NUMERAL}][\u4e00-\u9fff]{{1,6}}", name):
        return "numbered_slogan"
    return default


def _is_parallel(name: str) -> bool:
    """``双向进入、交叉任职``: segments of one length read as a slogan, not a sentence."""
    segments = [s for s in re.split(r"[、,，;；\s]", name) if s]
    return len(segments) >= 2 and len({len(s) for s in segments}) == 1 and len(segments[0]) <= 8


def _quoted_is_practice(name: str, before: str, after: str, rules: PracticeRules) -> bool:
    if name in rules.not_practices or len(name) > _MAX_QUOTED_CHARS:
        return False
    if re.fullmatch(rf"[{_NUMERAL}零〇]+", name):
        return False  # “十一” is a date (National Day), not a name
    if re.search(r"\d", name) and "+" not in name:
        return False  # conditions and figures quoted from rules, not names
    if name.endswith(rules.organization_suffixes):
        return False
    after = after.lstrip("的")
    if after.startswith(rules.not_practice_nouns):
        return False
    # “走出去”与“请进来”: the second of a quoted pair shares the first one's frame.
    if before.endswith(("”与", "”和", "”、", "”")):
        return True
    if "+" in name or _SLOGAN.fullmatch(name) or name in rules.known_practices:
        return True
    if after.startswith(rules.practice_nouns) or after[:1] in "、“与和":
        return True
    # 的鲜明导向, 等多种方式: a short modifier may stand between the name and its noun.
    if any(after[i:].startswith(rules.practice_nouns_long) for i in (1, 2)):
        return True
    if before.endswith(rules.action_verbs) or before.endswith(
        tuple(v + "了" for v in rules.action_verbs)
    ):
        return True
    return _is_parallel(name)


def _parts(text: str, end: int) -> list[str]:
    """The parts a report spells out after a name: ``三微工作法(微组织、微服务、微心愿)``."""
    m = _PARTS_OPEN.match(text, end)
    if not m:
        return []
    parts = [p.strip() for p in _PARTS_SPLIT.split(m.group(1)) if p.strip()]
    # A bracket holding one word is an alias, not a list of parts.
    return parts if len(parts) >= 2 and all(len(p) <= 12 for p in parts) else []


def find_practices(text: str) -> list[Practice]:
    """Every named practice in ``text`` (simplified), first mention of each name, in text order."""
    rules = load_rules()
    found: dict[str, Practice] = {}
    spans: list[tuple[int, int]] = []

    def add(name: str, start: int, kind: str, parts: list[str] | None = None) -> None:
        name = name.strip()
        end = start + len(name)
        if len(name) < 2 or name in found or any(s <= start and end <= e for s, e in spans):
            return
        spans.append((start, end))
        s, e = sentence_bounds(text, start)
        found[name] = Practice(
            name=name,
            kind=practice_kind(name, kind),
            parts=parts or [],
            theme=None,
            start=start,
            end=start + len(name),
            sentence=text[s:e].strip(),
        )

    for m in _QUOTE.finditer(text):
        name = m.group(1).strip()
        before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 8]
        if _quoted_is_practice(name, before, after, rules):
            parts = _parts(text, m.end())
            add(name, m.start(1), "quoted", parts)
            for offset, part in _part_offsets(text, m.end(), parts):
                add(part, offset, "quoted")

    for m in rules.known.finditer(text):
        add(m.group(), m.start(), "method")

    for m in rules.enumerator.finditer(text):
        item = rules.method_item.match(text, m.end())
        if item and item.group(1).endswith(rules.method_suffix):
            add(item.group(1), m.end(), "method")

    for m in rules.list_frame.finditer(text):
        pos = m.start(1)
        items = m.group(1).split("、")
        verb = next((v for v in rules.list_verbs if items[0].startswith(v)), "")
        # 通过设立X、Y: the verb is not part of the name
        items[0], pos = items[0][len(verb) :], pos + len(verb)
        for item in items:
            if rules.list_item_mark.search(item):
                add(item, pos, "method")
            pos += len(item) + 1

    for m in rules.anchor_frame.finditer(text):
        add(m.group(1), m.start(1), "method")
        if m.group(2):
            add(m.group(2), m.start(2), "method")

    for m in rules.coined.finditer(text):
        head, noun = m.group(1), m.group(2)
        # 建立月通报、月调度制度 names the pair; 树立城市大党建理念 names what precedes the frame.
        name = head if noun in rules.coined_frames or "、" in head else head + noun
        add(name, m.start(1), "method")

    return sorted(found.values(), key=lambda p: p.start)


def _part_offsets(text: str, end: int, parts: list[str]) -> list[tuple[int, str]]:
    located, pos = [], end
    for part in parts:
        at = text.find(part, pos)
        if at >= 0:
            located.append((at, part))
            pos = at + len(part)
    return located
