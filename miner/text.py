"""Sentence and clause boundaries shared by the stages that quote their evidence."""

from __future__ import annotations

_SENTENCE_ENDS = "。！？!?；;\n"
_CLAUSE_ENDS = _SENTENCE_ENDS + ",，:："
# A bounded window each way: a "sentence" longer than this is a run-on dump, cut there.
_WINDOW = 2000


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the sentence holding ``text[pos]``; the end keeps its 。."""
    return _bounds(text, pos, _SENTENCE_ENDS)


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the clause (between commas) holding ``text[pos]``."""
    return _bounds(text, pos, _CLAUSE_ENDS)


def paragraph_start(text: str, pos: int) -> int:
    """Where the paragraph holding ``text[pos]`` starts, looked for within the bounded window
    (a text with no line breaks is one run-on paragraph: its start is the window's)."""
    lo = max(0, pos - _WINDOW)
    return max(text.rfind("\n", lo, pos) + 1, lo)


def _bounds(text: str, pos: int, ends: str) -> tuple[int, int]:
    lo, hi = max(0, pos - _WINDOW), min(len(text), pos + _WINDOW)
    start = max(max(text.rfind(c, lo, pos) for c in ends) + 1, lo)
    found = [i for i in (text.find(c, pos, hi) for c in ends) if i >= 0]
    if not found:
        return start, hi
    end = min(found)
    return start, end if text[end] == "\n" else end + 1
