"""Whose party building a figure counts: its sector, from the cues of ``data/sectors.toml``.

A figure's sector is the nearest cue in widening scopes (``sector_of``): its counted noun;
inside a bracket, the noun before the bracket (机关党委(含…党员364名)); its clause; its
sentence up to that clause; the sentences before it in its paragraph; last the report's own
sector (``report_sector``: the title's, else the one most of its cues name). Overlapping cues
give way to the longest (社区社会组织 is social, not 社区); a named cue beats a generic word
(企业) or the whole party (基层党组织); the cue nearest the figure wins; a non-public cue joined
to a social one (非公企业和社会组织) makes the pair ``two_new``.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

SECTORS = ("nonpublic", "social", "two_new", "new_groups", "public", "all")


@dataclass(frozen=True)
class Cue:
    sector: str
    start: int
    end: int
    weak: bool = False  # a generic word (企业): it counts only where no other cue stands
    parts: tuple[str, ...] = ()  # the sectors a joint cue (非公企业和社会组织) names, in order


@dataclass(frozen=True)
class SectorRules:
    cues: re.Pattern[str]  # one named group per sector
    joint: re.Pattern[str]  # what joins a non-public cue to a social one
    by_indicator: dict[str, str]
    weak: frozenset[str]


@cache
def load_rules() -> SectorRules:
    data = tomllib.loads(resources.files("miner.data").joinpath("sectors.toml").read_text("utf-8"))
    # Longest cues first, so a longer cue is preferred where two start at one character.
    groups = []
    for sector, cues in data["cues"].items():
        if sector not in SECTORS:
            raise ValueError(f"sectors.toml: unknown sector {sector!r}")
        ordered = sorted(cues, key=len, reverse=True)
        groups.append((sector, ordered))
    everything = sorted(
        ((cue, sector) for sector, cues in groups for cue in cues),
        key=lambda pair: len(pair[0].replace("\\", "")),
        reverse=True,
    )
    pattern = "|".join(f"(?P<{sector}_{i}>{cue})" for i, (cue, sector) in enumerate(everything))
    joint = data["joint"]
    return SectorRules(
        cues=re.compile(pattern),
        joint=re.compile(f"(?:{joint['conjunctions']})"),
        by_indicator=dict(data["indicator_sector"]),
        weak=frozenset(data["weak"]["cues"]),
    )


def find_cues(text: str, lo: int = 0, hi: int | None = None) -> list[Cue]:
    """The sector cues of ``text[lo:hi]``, longest first where they overlap, in text order."""
    rules = load_rules()
    found = []
    for m in rules.cues.finditer(text, lo, len(text) if hi is None else hi):
        sector = (m.lastgroup or "").rsplit("_", 1)[0]
        weak = m.group() in rules.weak
        if found and found[-1].sector == sector and found[-1].end == m.start():
            # 非公+企业, 外卖+骑手: touching cues of one sector are one cue
            weak = weak and found[-1].weak
            found[-1] = Cue(sector, found[-1].start, m.end(), weak)
            continue
        found.append(Cue(sector, m.start(), m.end(), weak))
    return _joined(text, found, rules)


def _joined(text: str, cues: list[Cue], rules: SectorRules) -> list[Cue]:
    """非公企业和社会组织: a non-public cue and a social one joined by a conjunction are two_new."""
    out: list[Cue] = []
    for cue in cues:
        if out and {out[-1].sector, cue.sector} == {"nonpublic", "social"}:
            between = text[out[-1].end : cue.start]
            if len(between) <= 6 and rules.joint.search(between):
                out[-1] = Cue("two_new", out[-1].start, cue.end, parts=(out[-1].sector, cue.sector))
                continue
        out.append(cue)
    return out


def _strong(cues: list[Cue]) -> list[Cue]:
    """The cues that name a sector: not generic words, not the whole party (基层党组织)."""
    return [c for c in cues if not c.weak and c.sector != "all"]


def respective(text: str, lo: int, hi: int, count: int) -> tuple[str, ...] | None:
    """The sectors of the last joint cue of ``text[lo:hi]`` when it names ``count`` of them:
    非公企业和社会组织…覆盖率分别达44.6%、18.9% gives each number its own sector."""
    joint = [c for c in find_cues(text, lo, hi) if len(c.parts) == count]
    return joint[-1].parts if joint else None


def nearest(cues: list[Cue], pos: int) -> str | None:
    """The sector of the cue nearest ``pos``; a cue after it stands twice as far (the topic of
    a Chinese sentence comes first)."""
    if not cues:
        return None

    def distance(c: Cue) -> int:
        return pos - c.end if c.end <= pos else 2 * (c.start - pos) + 1

    return min(cues, key=distance).sector


_BRACKET_HEAD = 12  # characters before an open bracket that name what the bracket lists


def _bracket_head(text: str, lo: int, pos: int) -> str | None:
    """机关党委(含1个党总支、13个党支部,党员364名): inside a bracket, the noun before it."""
    at = max(text.rfind("(", lo, pos), text.rfind("（", lo, pos))
    if at < 0 or max(text.rfind(")", at, pos), text.rfind("）", at, pos)) > at:
        return None
    cues = _strong(find_cues(text, max(lo, at - _BRACKET_HEAD), at))
    return cues[-1].sector if cues else None


def report_sector(title: str | None, text: str) -> str | None:
    """The sector a report is about: the title's cues, else the one most cues of the text name."""
    if title:
        in_title = Counter(c.sector for c in find_cues(title))
        if in_title:
            return _majority(in_title)
    counts = Counter(c.sector for c in find_cues(text))
    return _majority(counts) if counts else None


def _majority(counts: Counter) -> str:
    if counts["nonpublic"] and counts["social"] and not counts["two_new"]:
        top = counts.most_common(1)[0][1]
        if min(counts["nonpublic"], counts["social"]) >= top / 2:
            return "two_new"  # a report about both
    return max(counts, key=lambda s: (counts[s], -SECTORS.index(s)))


def sector_of(
    indicator: str,
    subject: str | None,
    text: str,
    pos: int,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    paragraph_start: int,
    default: str | None,
) -> str | None:
    """The sector of a figure at ``pos`` whose indicator is ``indicator`` (None for ``other``)."""
    if indicator == "other":
        return None
    rules = load_rules()
    if indicator in rules.by_indicator:
        return rules.by_indicator[indicator]
    # Widening scopes; in each, a cue that names a sector beats a generic word (企业) or the
    # whole party (基层党组织), which decide only where the scope names nothing else.
    # The noun's own cue decides (企业党委), except 基层党组织, which names no sector of its own.
    in_subject = find_cues(subject) if subject else []
    named = [c for c in in_subject if c.sector != "all"]
    if named:
        return (_strong(named) or named)[-1].sector  # the head of the noun phrase
    if in_subject:  # 非公党建领域5300多个基层党组织: only the clause may name their sector
        return nearest(_strong(find_cues(text, *clause)), pos) or "all"
    opened = _bracket_head(text, sentence[0], pos)
    if opened:
        return opened
    # The sentence up to the figure's clause: a cue in a later clause is about what follows.
    for lo, hi in (clause, (sentence[0], clause[1])):
        cues = find_cues(text, lo, hi)
        if cues:
            return nearest(_strong(cues) or cues, pos)
    before = find_cues(text, paragraph_start, sentence[0])
    if before:
        return (_strong(before) or before)[-1].sector
    return default or "all"
