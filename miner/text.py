"""Sentence and clause boundaries shared by the stages that quote their evidence."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[。！？!?；;\n,，:：]")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the sentence holding ``text[pos]``; the end keeps its 。."""
    return _bounds(text, pos, _SENTENCE_END)


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the clause (between commas) holding ``text[pos]``."""
    return _bounds(text, pos, _CLAUSE_END)


def _bounds(text: str, pos: int, stop: re.Pattern[str]) -> tuple[int, int]:
    start = pos
    while start > 0 and not stop.match(text, start - 1):
        start -= 1
    m = stop.search(text, pos)
    end = m.end() if m else len(text)
    if m and text[m.start()] == "\n":
        end = m.start()
    return start, end
