"""Whose party building a figure counts: its sector, from the cues of ``data/sectors.toml``.

A figure's sector is the nearest cue in widening scopes (``sector_of``): its counted noun,
its clause, its sentence, the sentences before it in its paragraph (nearest first), and last
the report's own sector (``report_sector``: the sector most of its cues name). Within
one scope overlapping cues give way to the longest (社区社会组织 is social, not 社区), the cue
nearest the figure wins, and a non-public cue joined to a social one (非公企业和社会组织) makes
the pair ``two_new``.
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


@dataclass(frozen=True)
class SectorRules:
    cues: re.Pattern[str]  # one named group per sector
    joint: re.Pattern[str]  # what joins a non-public cue to a social one
    by_indicator: dict[str, str]


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
    )


def find_cues(text: str, lo: int = 0, hi: int | None = None) -> list[Cue]:
    """The sector cues of ``text[lo:hi]``, longest first where they overlap, in text order."""
    rules = load_rules()
    found = []
    for m in rules.cues.finditer(text, lo, len(text) if hi is None else hi):
        name = m.lastgroup or ""
        found.append(Cue(name.rsplit("_", 1)[0], m.start(), m.end()))
    return _joined(text, found, rules)


def _joined(text: str, cues: list[Cue], rules: SectorRules) -> list[Cue]:
    """非公企业和社会组织: a non-public cue and a social one joined by a conjunction are two_new."""
    out: list[Cue] = []
    for cue in cues:
        if out and {out[-1].sector, cue.sector} == {"nonpublic", "social"}:
            between = text[out[-1].end : cue.start]
            if len(between) <= 6 and rules.joint.search(between):
                out[-1] = Cue("two_new", out[-1].start, cue.end)
                continue
        out.append(cue)
    return out


def nearest(cues: list[Cue], pos: int) -> str | None:
    """The sector of the cue nearest ``pos`` (a cue before it wins a tie); a cue of the whole
    party (基层党组织) only where no sector is named."""
    cues = [c for c in cues if c.sector != "all"] or cues
    if not cues:
        return None
    best = min(cues, key=lambda c: (min(abs(c.start - pos), abs(c.end - pos)), c.start > pos))
    return best.sector


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
    if subject:
        in_subject = find_cues(subject)
        specific = [c for c in in_subject if c.sector != "all"] or in_subject
        if specific:
            return specific[-1].sector  # the head of the noun phrase decides
    for lo, hi in (clause, sentence):
        found = nearest(find_cues(text, lo, hi), pos)
        if found:
            return found
    before = find_cues(text, paragraph_start, sentence[0])
    if before:
        return before[-1].sector
    return default or "all"
