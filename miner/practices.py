"""Named practices: the methods, mechanisms, campaigns and slogans a report presents as done.

A practice is found by its shape (a quoted name, a numbered slogan and the parts the report
spells out around it, a ``党建+X`` model, an enumerated ``X建`` item or a section heading that is
one, a list of forms or ways of building before ``等方式``, a ``以X为阵地`` frame, a coined
``建立X制度``, a slogan shape such as ``一手抓…、一手抓…``) or by the lexicon of widely used
names. A quoted name counts when it carries its own mark of a measure (a number leading it,
``+``, a mechanism noun ending it) or when the words around it present it as one
(``开展“金点子”活动``, ``依托“红色会客厅”``), and not when they make it a problem, an honour, part
of an organization's name or a saying. Quotes that follow each other (``“供需对接”“双向认领”``)
are judged together. Cue words live in ``miner/data/practices.toml``; the text is simplified
(the matching copy), so names come out simplified and without pinyin glosses.
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
# A name made of these only is a number (“十一” is National Day, 十三五 a plan period).
_PLAIN_NUMERALS = "一二三四五六七八九十百千零〇"
_CONGRESS = re.compile(f"[{_PLAIN_NUMERALS}]+(?:大|届[\u4e00-\u9fff]*|中全会)")
_VALUE = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2, "双": 2}
_QUOTE = re.compile(r"[“「『\"]([^“”「」『』\"\n]{2,120})[”」』\"]")
# Quotes that stand together (“供需对接”“双向认领”, “走出去”与“请进来”) share their context.
# From “有形覆盖”向“有效覆盖”: the two ends of a shift likewise.
_QUOTE_JOINER = re.compile(r"[ \t\u3000、和与及]*|向|到")  # not across lines
_PLUS = re.compile(r"^[\w\u4e00-\u9fff]{1,8}\+[\w\u4e00-\u9fff]{0,8}$")
# 五创新五提升, 四融四促, 双强六好: two numbered halves of the same length.
_SLOGAN = re.compile(rf"[{_NUMERAL}]([\u4e00-\u9fff]{{1,3}})[{_NUMERAL}]([\u4e00-\u9fff]{{1,3}})")
_NUMBERED = re.compile(rf"[{_NUMERAL}零][\u4e00-\u9fff]{{1,7}}")
_PARTS_OPEN = re.compile(r"\s*[(（]([^()（）\n]{2,160})[)）]")
# 即A、B、C / :A、B、C right after a name, to the end of its sentence.
_PARTS_AFTER = re.compile(r"\s*[,，]?\s*(?:即|[:：])\s*([^。;；\n]{4,160})")
_PARTS_SPLIT = re.compile(r"[、;；,，]")
_CLAUSE_START = re.compile(r"[。;；!?！？\n,，:：]")
_MAX_QUOTED_CHARS = 24
_MAX_LIST_CHARS = 40  # a quoted list of the forms a named model takes (“县委领导、…”的“X模式”)
_CLAUSE_CHARS = 20
_MAX_PEOPLE_CHARS = 6
_MAX_WORD_CHARS = 2  # a name this short is a name only by its number (三双, 六有)
_LIST_CLAUSE_CHARS = 80
_MAX_PART_CHARS = 12
_MAX_COUNTED_PART_CHARS = 24  # parts whose number the name states may be longer
_QUOTE_CHARS = frozenset("“”「」『』\"")
_HEADING_LINE = re.compile(r"^[ \t\u3000]*([\u4e00-\u9fff]{4,10})[。]?[ \t\u3000]*$", re.M)


@dataclass(frozen=True)
class PracticeRules:
    practice_nouns: tuple[str, ...]
    practice_nouns_long: tuple[str, ...]
    name_nouns: tuple[str, ...]
    action_verbs: tuple[str, ...]
    end_only_verbs: tuple[str, ...]
    honour_verbs: tuple[str, ...]
    honour_nouns: tuple[str, ...]
    metaphor_verbs: tuple[str, ...]
    role_nouns: tuple[str, ...]
    count_classifiers: str
    not_practices: frozenset[str]
    organization_suffixes: tuple[str, ...]
    people_suffixes: tuple[str, ...]
    not_practice_nouns: tuple[str, ...]
    known_practices: tuple[str, ...]
    enumerator: re.Pattern[str]
    method_suffix: str
    not_method_suffixes: tuple[str, ...]
    method_item: re.Pattern[str]
    list_frame: re.Pattern[str]
    list_verb: re.Pattern[str]
    list_item_mark: re.Pattern[str]
    activity_verbs: tuple[str, ...]
    part_openers: tuple[str, ...]
    anchor_frame: re.Pattern[str]
    coined: re.Pattern[str]
    coined_frames: frozenset[str]
    known: re.Pattern[str]
    slogan_shapes: tuple[re.Pattern[str], ...]


@cache
def load_rules() -> PracticeRules:
    data = tomllib.loads(
        resources.files("miner.data").joinpath("practices.toml").read_text("utf-8")
    )
    enumerator = "(?:" + "|".join(data["enumerators"]) + ")"
    frames = "|".join(map(re.escape, data["list_frames"]))
    apart = "|".join(map(re.escape, data["list_frames_apart"]))
    list_verbs = "|".join(map(re.escape, data["list_verbs"]))
    anchors = "|".join(map(re.escape, data["anchor_frames"]))
    coined_verbs = "|".join(map(re.escape, data["coined_verbs"]))
    coined_nouns = "|".join(map(re.escape, data["coined_nouns"] + data["coined_frames"]))
    n, item, gap = data["coined_max_chars"], data["list_item_max_chars"], data["list_frame_gap"]
    known = sorted(data["known_practices"], key=len, reverse=True)
    return PracticeRules(
        practice_nouns=tuple(sorted(data["practice_nouns"], key=len, reverse=True)),
        practice_nouns_long=tuple(n for n in data["practice_nouns"] if len(n) >= 2),
        name_nouns=tuple(data["name_nouns"]),
        action_verbs=tuple(data["action_verbs"]),
        end_only_verbs=tuple(data["end_only_verbs"]),
        honour_verbs=tuple(data["honour_verbs"]),
        honour_nouns=tuple(data["honour_nouns"]),
        metaphor_verbs=tuple(data["metaphor_verbs"]),
        role_nouns=tuple(data["role_nouns"]),
        count_classifiers=data["count_classifiers"],
        not_practices=frozenset(data["not_practices"]),
        organization_suffixes=tuple(data["organization_suffixes"]),
        people_suffixes=tuple(data["people_suffixes"]),
        not_practice_nouns=tuple(data["not_practice_nouns"]),
        known_practices=tuple(known),
        enumerator=re.compile(enumerator),
        method_suffix=data["method_suffix"],
        not_method_suffixes=tuple(data["not_method_suffixes"]),
        method_item=re.compile(rf"([^。;；,，\n]{{2,{data['method_max_chars']}}})(?=[。;；,，\n])"),
        list_frame=re.compile(
            rf"(?:{list_verbs})((?:[\u4e00-\u9fff]{{2,{item}}}、)+[\u4e00-\u9fff]{{2,{item}}})"
            rf"等(?:{frames}|[\u4e00-\u9fff]{{1,{gap}}}?(?:{apart}))"
        ),
        list_verb=re.compile(f"了?(?:{list_verbs})?"),
        list_item_mark=re.compile(data["list_item_marks"]),
        activity_verbs=tuple(data["activity_verbs"]),
        part_openers=tuple(sorted(data["part_openers"], key=len, reverse=True)),
        anchor_frame=re.compile(
            rf"以([\u4e00-\u9fff]{{2,12}})(?:[(（]([\u4e00-\u9fff]{{2,12}})[)）])?(?:{anchors})"
        ),
        coined=re.compile(
            rf"(?:{coined_verbs})了?((?:[\u4e00-\u9fff]{{2,{n}}}、)?[\u4e00-\u9fff]{{1,{n}}}?)"
            rf"(?:的)?({coined_nouns})"
        ),
        coined_frames=frozenset(data["coined_frames"]),
        known=re.compile("|".join(map(re.escape, known))),
        slogan_shapes=tuple(re.compile(p) for p in data["slogan_shapes"]),
    )


def practice_kind(name: str, default: str) -> str:
    """``plus_model`` for 党建+X, ``numbered_slogan`` for 五创新五提升, else ``default``
    (``quoted``, ``method`` or ``heading``: how it was found)."""
    if "+" in name:
        return "plus_model"
    # 五创新五提升, 两微一端, 三单制, 四个一, 双孵化, 零盲区: a short name led by a number.
    if _SLOGAN.fullmatch(name) or _NUMBERED.fullmatch(name):
        return "numbered_slogan"
    return default


def _number(name: str, rules: PracticeRules) -> int | None:
    """The count a numbered name states (四个同步 → 4, 三培养 → 3); None for other names."""
    if not _NUMBERED.fullmatch(name) or name[1] in rules.count_classifiers:
        return None
    if all(c in _PLAIN_NUMERALS for c in name):
        return None
    return _VALUE.get(name[0])


def _builds(item: str, rules: PracticeRules) -> bool:
    """A way of building (行业牵头联合建, 群团先建), not building itself (抓好园区党建)."""
    return item.endswith(rules.method_suffix) and not item.endswith(rules.not_method_suffixes)


def _is_parallel(name: str) -> bool:
    """``双向进入、交叉任职``: segments of one length read as a slogan, not a sentence."""
    segments = [s for s in re.split(r"[、,，;；\s]", name) if s]
    return len(segments) >= 2 and len({len(s) for s in segments}) == 1 and len(segments[0]) <= 8


def _name_refused(name: str, after: str, rules: PracticeRules) -> bool:
    """A quoted phrase that is no name of a measure, whatever stands around it."""
    if name in rules.not_practices or len(name) > _MAX_QUOTED_CHARS:
        return True
    if all(c in _PLAIN_NUMERALS for c in name) or _CONGRESS.fullmatch(name):
        return True  # “十一” is a date (National Day), “十九大” a party congress, not names
    if re.search(r"\d", name) and "+" not in name:
        return True  # conditions and figures quoted from rules, not names
    if len(name) <= _MAX_PEOPLE_CHARS and name.endswith(rules.people_suffixes):
        return True  # “口袋党员”: a kind of people
    # “城区志愿服务团” is an organization; “委员联系协会”制度 is a rule about one.
    return name.endswith(rules.organization_suffixes) and not after.startswith(
        rules.practice_nouns_long
    )


def _name_marked(name: str, rules: PracticeRules) -> bool:
    """A name that carries its own mark of a measure: a number, ``+``, a mechanism noun."""
    if "+" in name or _SLOGAN.fullmatch(name) or name in rules.known_practices:
        return True
    if _number(name, rules) is not None or name.startswith("零"):
        return True
    return any(name.endswith(n) and len(name) >= len(n) + 2 for n in rules.name_nouns)


def _clause_before(text: str, start: int, limit: int = _CLAUSE_CHARS) -> str:
    lo = max(0, start - limit)
    ends = [m.end() for m in _CLAUSE_START.finditer(text, lo, start)]
    return text[ends[-1] if ends else lo : start]


def _context(text: str, start: int, end: int, rules: PracticeRules) -> bool | None:
    """What the words around quotes at ``start``..``end`` make of them: a measure (True), not
    one (False), or nothing either way (None)."""
    clause = _clause_before(text, start)
    after = re.sub(r"\s", "", text[end : end + 12]).lstrip("的")
    noun = _noun_after(after, rules)
    if noun is False or any(v in clause for v in rules.honour_verbs):
        return False
    if any(n in after for n in rules.honour_nouns):
        return False  # “青年文明号”等多项荣誉称号
    # “曹操出行”等4家: the names of counted firms; “口袋党员”326名: of counted people.
    if re.match(r"等(?:\d+|[一二三四五六七八九十两几]+)多?[家个名所人]|\d+[名人]", after):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and after[:1] in ",，":
        return False  # a saying opening a paragraph: “底数清才能方向明,…”,县里…
    if noun or rules.enumerator.match(clause):
        return True  # 开展“X”活动; 一是条块结合“立体抓”: the item an enumeration names
    if any(v in clause for v in rules.metaphor_verbs) or after.startswith(rules.role_nouns):
        return None  # 成为…的“短板”, “粘合剂”作用: only a name's own mark makes it a measure
    stripped = clause.rstrip()
    if stripped.endswith(rules.end_only_verbs) or any(v in clause for v in rules.action_verbs):
        return True
    return None


def _noun_after(after: str, rules: PracticeRules) -> bool | None:
    """The noun a quoted name stands before: a practice noun (True: “X”活动, “X”组织体系, and
    after a short modifier “X”的鲜明导向), one that makes it no measure (False: “两新”组织), or
    neither (None)."""
    noun = next((n for n in rules.practice_nouns if after.startswith(n)), "")
    not_noun = next((n for n in rules.not_practice_nouns if after.startswith(n)), "")
    if noun or not_noun:
        return len(noun) > len(not_noun)  # the longer word: “X”等突出问题, “X”组织体系
    # 的鲜明导向, 等多种方式: a short modifier (a word, not a bracket) may stand before the noun.
    return any(
        re.fullmatch(r"[\u4e00-\u9fff]+", after[:i]) and after[i:].startswith(
            rules.practice_nouns_long
        )
        for i in (1, 2)
    ) or None


def _quote_groups(text: str) -> list[list[re.Match[str]]]:
    groups: list[list[re.Match[str]]] = []
    for m in _QUOTE.finditer(text):
        if groups and _QUOTE_JOINER.fullmatch(text, groups[-1][-1].end(), m.start()):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _split_parts(text: str) -> list[str]:
    return [p.strip() for p in _PARTS_SPLIT.split(text) if p.strip()]


def _counted(parts: list[str], n: int | None) -> bool:
    """Whether ``parts`` are the parts a name spells out: as many as it counts, if it counts."""
    if len(parts) < 2:
        return False
    if n is None:
        return all(len(p) <= _MAX_PART_CHARS for p in parts)
    return len(parts) == n and all(len(p) <= _MAX_COUNTED_PART_CHARS for p in parts)


def _parts_after(
    text: str, end: int, n: int | None, rules: PracticeRules
) -> list[tuple[int, str]]:
    """The parts a report spells out after a name, or after the practice noun that follows it:
    ``三微工作法(微组织、微服务、微心愿)``, ``“三培养”,即把…、把…、把…``, ``“五个一”工作法,即…``
    (a bracket holding one word is an alias, not parts)."""
    end += len(next((n for n in rules.practice_nouns_long if text.startswith(n, end)), ""))
    m = _PARTS_OPEN.match(text, end)
    if not m and n is not None:
        m = _PARTS_AFTER.match(text, end)
    if not m or not _counted(parts := _split_parts(m.group(1)), n):
        return []
    return _part_offsets(text, m.start(1), parts)


def _parts_before(text: str, start: int, n: int, rules: PracticeRules) -> list[tuple[int, str]]:
    """The parts listed right before a numbered name: ``单独组建、龙头带建、群团先建“三建”``."""
    clause = _clause_before(text, start, _LIST_CLAUSE_CHARS)
    at = start - len(clause)
    clause = re.sub(r"(?:等|的)?\s*$", "", clause)
    items = clause.split("、")
    if n < 2 or len(items) != n:
        return []
    opener = next((o for o in rules.part_openers if items[0].startswith(o)), "")
    items[0], at = items[0][len(opener) :], at + len(opener)
    lengths = [len(i) for i in items]
    # Parts are parallel: none twice as long as another, and each a phrase, not a clause.
    if min(lengths) < 2 or max(lengths) > _MAX_PART_CHARS or max(lengths) > 2 * min(lengths):
        return []
    return _part_offsets(text, at, items)


def _quoted_list_before(
    text: str, groups: list[list[re.Match[str]]], i: int, n: int | None
) -> list[tuple[int, str]]:
    """``“A,B,C,D”的“四个同步”``: the quoted list just before a numbered name, as its parts."""
    if n is None or i == 0:
        return []
    previous = groups[i - 1][-1]
    if text[previous.end() : groups[i][0].start()].strip() != "的":
        return []
    parts = _split_parts(previous.group(1))
    if not _counted(parts, n):
        return []
    return _part_offsets(text, previous.start(1), parts)


def _names_a_model(text: str, groups: list[list[re.Match[str]]], i: int,
                   rules: PracticeRules) -> bool:
    """``“县委领导、…、乡镇配合”的“X模式”``: a quoted list of the forms a named model takes."""
    if i + 1 >= len(groups):
        return False
    this, following = groups[i][-1], groups[i + 1][0]
    if text[this.end() : following.start()].strip() != "的":
        return False
    return "、" in this.group(1) and _name_marked(following.group(1).strip(), rules)


def find_practices(text: str) -> list[Practice]:
    """Every named practice in ``text`` (simplified), first mention of each name, in text order."""
    rules = load_rules()
    found: dict[str, Practice] = {}
    spans: list[tuple[int, int]] = []

    def add(name: str, start: int, kind: str, parts: list[str] | None = None) -> None:
        stripped = name.strip()
        start += len(name) - len(name.lstrip())
        end = start + len(stripped)
        if len(stripped) < 2 or stripped in found:
            return
        if any(s <= start and end <= e for s, e in spans):
            return
        spans.append((start, end))
        s, e = sentence_bounds(text, start)
        found[stripped] = Practice(
            name=stripped,
            kind=practice_kind(stripped, kind),
            parts=parts or [],
            theme=None,
            start=start,
            end=end,
            sentence=text[s:e].strip(),
        )

    groups = _quote_groups(text)
    for i, group in enumerate(groups):
        context = _context(text, group[0].start(), group[-1].end(), rules)
        if context is None and any(_name_marked(m.group(1).strip(), rules) for m in group):
            context = True  # “三会一课”、“民族团结一家亲”: listed with a name that is one
        if i + 1 < len(groups) and _quoted_list_before(
            text, groups, i + 1, _number(groups[i + 1][0].group(1).strip(), rules)
        ):
            continue  # the parts of the numbered name after it, added with that name
        model = _names_a_model(text, groups, i, rules)
        for m in group:
            name, after = m.group(1).strip(), re.sub(r"\s", "", text[m.end() : m.end() + 8])
            if context is False or (
                _name_refused(name, after, rules) and not (model and len(name) <= _MAX_LIST_CHARS)
            ):
                continue
            marked = _name_marked(name, rules)
            if not (context or model or marked or _is_parallel(name)):
                continue
            if len(name) <= _MAX_WORD_CHARS and not marked:
                continue  # “定制”服务, 激活“奋进”: a quoted word, not a coined name
            n = _number(name, rules)
            parts = (
                _quoted_list_before(text, groups, i, n)
                or (_parts_before(text, group[0].start(), n, rules) if n else [])
                or _parts_after(text, m.end(), n, rules)
            )
            add(name, m.start(1), "quoted", [p for _, p in parts])
            for offset, part in parts:
                add(part, offset, "method")

    for shape in rules.slogan_shapes:  # before the lexicon: 以党建带群建 holds 党建带群建
        for m in shape.finditer(text):
            add(m.group(), m.start(), "method")

    for m in rules.known.finditer(text):
        add(m.group(), m.start(), "method")

    for m in rules.enumerator.finditer(text):
        item = rules.method_item.match(text, m.end())
        if item and _builds(item.group(1), rules) and not _QUOTE_CHARS & set(item.group(1)):
            add(item.group(1), m.end(), "method")

    # 群团先建。: a section heading that is a way of building
    for m in _HEADING_LINE.finditer(text):
        if _builds(m.group(1), rules):
            add(m.group(1), m.start(1), "heading")

    for m in rules.list_frame.finditer(text):
        pos = m.start(1)
        items = m.group(1).split("、")
        # 通过设立X、Y, 开展了X、Y: the verb is not part of the name
        verb = rules.list_verb.match(items[0])
        cut = verb.end() if verb else 0
        items[0], pos = items[0][cut:], pos + cut
        ways = sum(_builds(item, rules) for item in items)
        if 2 * sum(item.startswith(rules.activity_verbs) for item in items) > len(items):
            continue  # 体验红色课堂、讲好红色故事、参观红色基地: activities done, not named forms
        for item in items:
            if rules.list_item_mark.search(item) or _builds(item, rules) or 2 * ways > len(items):
                add(item, pos, "method")
            pos += len(item) + 1

    for m in rules.anchor_frame.finditer(text):
        # 以打造X为切入点: the verb is not part of the name
        verb = next((v for v in rules.action_verbs if m.group(1).startswith(v)), "")
        add(m.group(1)[len(verb) :], m.start(1) + len(verb), "method")
        if m.group(2):
            add(m.group(2), m.start(2), "method")

    for m in rules.coined.finditer(text):
        head, noun = m.group(1), m.group(2)
        # 建立月通报、月调度制度 names the pair; 树立城市大党建理念 names what precedes the frame.
        # A name is always the printed slice: 建立党员议事的制度 names 党员议事的制度.
        whole = noun not in rules.coined_frames and "、" not in head
        add(text[m.start(1) : m.end(2)] if whole else head, m.start(1), "method")

    return sorted(found.values(), key=lambda p: p.start)


def _part_offsets(text: str, start: int, parts: list[str]) -> list[tuple[int, str]]:
    located, pos = [], max(0, start)
    for part in parts:
        at = text.find(part, pos)
        if at >= 0:
            located.append((at, part))
            pos = at + len(part)
    return located
