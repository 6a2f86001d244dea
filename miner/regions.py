"""Places: the gazetteer, place mentions, the region of a report and of one figure.

Data (all in ``miner/data``, described in its README): ``regions.tsv`` (every province, city
and county with its GB/T 2260 code, current and former names), ``not_places.txt`` (place-like
words that are not places, and short names that are ordinary words) and ``region_words.txt``
(我省/全市/该区-style words, national words, generic names). Code holds only the mechanism.

Names are matched on simplified text; a caller with traditional text converts it first.
Regions come out with official simplified full names (``Region`` from ``miner.records``):

- a municipality is its own city: 北京市 → ``Region("北京市", "北京市", None, "110000", "city")``,
  朝阳区 in it → ``Region("北京市", "北京市", "朝阳区", "110105", "county")``;
- a county-level unit under no prefecture (湖北仙桃市, 河南济源市, 海南琼海市, 新疆石河子市)
  has ``city=None``: ``Region("湖北省", None, "仙桃市", "429004", "county")``;
- a former name (上虞市, 襄樊市) gives the division as it then was, with its code of the time
  (``Region("浙江省", "绍兴市", "上虞市", "330682", "county")``);
  ``Gazetteer.successor`` gives today's division.

The report's region follows one rule (``report_region``): the title's places, narrowed to
the one county the body places a street, park, zone or organization in where that is certain
(else its city), and fitted to the level the report's own-place words (全市, 我省) say; a
meeting's venue and a ranking 全省首个 are never the report's place or level; a document that
names no place is national only if it says 全国/我国, else its region is ``UNKNOWN``
(``level: None``) with a warning, never national. A figure's place (``Places.region_at``) is
the nearest scope before it in its sentence, else the place heading a clause earlier in its
paragraph, else the report's; a national word (全国, 我国) in the figure's clause gives
``NATIONAL`` whatever the report's region; a place inside a quoted name or naming an
organization from elsewhere is no scope.

Typical use::

    region, warnings = report_region(title, lead, source, site, body)
    places = Gazetteer.load().places(body, region)
    places.mentions                 # named places in body, for the record
    places.region_at(figure.start)  # the place a figure is about

Every lookup is linear in the body: scans are single regex passes, and a figure's place is a
bisection over offsets computed once per body.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from miner.records import NATIONAL, Region, RegionMention

DATA = Path(__file__).resolve().parent / "data"
UNKNOWN = Region(None, None, None, None, None)  # a report whose place cannot be found

# How a surface form names its division.
FULL, SHORT = 0, 1
# What a candidate needs before it counts (bit flags).
NEEDS_CHAIN = 1  # only straight after its own city/province (城区, stoplisted short names)
NEEDS_CONTEXT = 2  # its city/province named elsewhere, or the anchor's (county short names)
NEEDS_BOUNDARY = 4  # a 2-character full name: not glued to the word before it (成县)

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_PARAGRAPH_END = re.compile(r"\n")
_CLAUSE_ENDS = "。！？!?；;\n,，:："
_OPEN_QUOTES = "“《「『"
_AND = set("、和与及")
_PREFECTURE = ("州", "盟", "地区")  # prefectures whose seat city may share their short name
_CLOSE_QUOTES = "”》」』"
_CLAUSE_BREAK = re.compile(r"[。！？!?；;\n,，]")
_CLAUSE_END = re.compile(r"[。！？!?；;\n,，:：]")
_NATIONAL_SKIPS = 8  # national words passed over before a figure's clause (bounds the lookup)
_NAME_SPAN = 30  # the longest name looked for around a place
_NAME_END = re.compile(r"[\s,，、:：;；。!！?？—|“”\"《》()（）]")
_FAR = 1 << 30  # "distance" of a place known only from outside the text
_DEPTH = {"province": 0, "city": 1, "county": 2}

# Plain classes with __slots__ rather than dataclasses: building thousands of them at load
# and defining them at import must stay cheap (CLI cold start).


class _Entry:
    """One division (a row of regions.tsv), linked to its parent."""

    __slots__ = (
        "code",
        "name",
        "level",
        "former",
        "first",
        "last",
        "now",
        "parent",
        "depth",
        "chain",
        "region",
    )

    def __init__(
        self, code: str, name: str, level: str, former: bool, first: int, last: int, now: str
    ) -> None:
        self.code, self.name, self.level, self.former = code, name, level, former
        self.first, self.last, self.now = first, last, now
        self.parent: _Entry | None = None
        self.depth = _DEPTH[level]  # 0 province, 1 city or municipality, 2 county
        self.chain: tuple[_Entry, ...] = ()  # province ... self
        self.region: Region = NATIONAL


class _Deixis:
    __slots__ = ("word", "suffix", "own")

    def __init__(self, word: str, suffix: str, own: bool) -> None:
        self.word = word
        self.suffix = suffix  # the generic word of the meant place's name: 省 市 区 县 州 盟 旗
        self.own = own  # 我省/全市 (the speaker's own place) rather than 该区 (the one just named)


class _Unit:
    """A place name in the text, or a chain of them (台州市椒江区) read as its deepest link."""

    __slots__ = ("start", "end", "cands", "chained", "bounded", "entry")

    def __init__(
        self, start: int, end: int, cands: list[tuple[int, int, int]], chained: bool, bounded: bool
    ) -> None:
        self.start, self.end, self.cands = start, end, cands  # cands: (row, kind, needs)
        self.chained, self.bounded = chained, bounded
        self.entry: _Entry | None = None


class _Ref:
    __slots__ = ("start", "end", "deixis")

    def __init__(self, start: int, end: int, deixis: _Deixis) -> None:
        self.start, self.end, self.deixis = start, end, deixis


_BLOCK = "block"  # a not-place word: matched like a name, then ignored
_NATION = "nation"  # a national scope word (全国, 我国)


class _Scan:
    """What one pass over a text finds: place units, 我省-style words, national scope words."""

    __slots__ = ("units", "refs", "nation")

    def __init__(self, units: list[_Unit], refs: list[_Ref], nation: list[tuple[int, int]]):
        self.units, self.refs, self.nation = units, refs, nation


def _read_sections(path: Path) -> dict[str, list[str]]:
    """A data file of ``[section]`` headers and one entry a line; ``#`` starts a comment."""
    sections: dict[str, list[str]] = {}
    current: list[str] = sections.setdefault("", [])
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line)
    return sections


class Gazetteer:
    """Every Chinese province, city and county, and the means to find them in text.

    Build it once with ``Gazetteer.load()`` (cached); it is read-only afterwards. Loading
    indexes the names only; a division's links and ``Region`` are made when first needed.
    """

    def __init__(self, data_dir: Path = DATA) -> None:
        words = _read_sections(data_dir / "region_words.txt")
        notp = _read_sections(data_dir / "not_places.txt")
        self._national = tuple(words.get("national", []))
        self._not_scope_after = re.compile("|".join(words.get("not_scope_after", [])) or "(?!)")
        self._not_scope_before = re.compile(
            "(?:" + "|".join(words.get("not_scope_before", [])) + ")$"
            if words.get("not_scope_before")
            else "(?!)"
        )
        self._zone_after = re.compile("|".join(words.get("zone_after", [])) or "(?!)")
        self._unit = re.compile("|".join(words.get("unit", [])) or "(?!)")
        org = "|".join(words.get("org_after", []))
        self._org_after = re.compile(rf"[)）]?[\u4e00-\u9fff]{{0,8}}?(?:{org})" if org else "(?!)")
        self._topic = re.compile("(?:" + "|".join(words.get("topic_before", [])) + ")?")
        venue = "|".join(words.get("venue", []))
        self._venue = re.compile(
            rf"[^,，。；;:：!?！？\n]{{0,12}}?(?:{venue})" if venue else "(?!)"
        )
        self._boundary = frozenset("".join(words.get("two_char_before", [])))
        self._after = re.compile("|".join(notp.get("after", [])) or "(?!)")
        self._short_after = re.compile("|".join(notp.get("short_after", [])) or "(?!)")
        self._chain_only = frozenset(words.get("chain_only", []))
        self._stop_shorts = frozenset(notp.get("short", []))
        never = frozenset(notp.get("never_short", []))

        # Rows stay text until used; the load only indexes names (it must take a few ms).
        text = (data_dir / "regions.tsv").read_text(encoding="utf-8")
        lines = text.split("\n")
        while lines and (lines[0].startswith(("#", "code\t")) or not lines[0]):
            del lines[0]  # header comment and column names
        while lines and not lines[-1]:
            lines.pop()
        self._lines = lines
        self._entries: list[_Entry | None] = [None] * len(lines)
        self._codes: dict[str, list[int]] | None = None
        self._municipal: set[str] = set()
        # form -> row (full name), ~row (short name), a list of those, _Deixis or _BLOCK
        forms: dict[str, object] = {}
        get = forms.get
        for i, line in enumerate(lines):
            _, _, _, name, alias, short, _ = line.split("\t", 6)
            v = get(name)
            if v is None:  # the common case: a name no other division has
                forms[name] = i
            else:
                forms[name] = [*v, i] if type(v) is list else [v, i]  # type: ignore[misc]
            if alias or short:
                refs = [(f, i) for f in alias.split(",") if f] + [
                    (f, ~i) for f in short.split(",") if f and f not in never
                ]
                for form, ref in refs:
                    v = get(form)
                    if v is None:
                        forms[form] = ref
                    else:
                        forms[form] = [*v, ref] if type(v) is list else [v, ref]  # type: ignore[misc]
        for key, own in (("own", True), ("anaphoric", False)):
            for item in words.get(key, []):
                word, suffix = item.split()
                forms[word] = _Deixis(word, suffix, own)  # a deixis word beats a short name
        for word in words.get("national_scope", []):
            forms[word] = _NATION
        for word in notp.get("words", []):
            forms[word] = _BLOCK
        self._forms = forms
        self._cands: dict[str, list[tuple[int, int, int]]] = {}
        # first two characters -> longest form starting with them
        longest: dict[str, int] = {}
        for form in forms:
            k, n = form[:2], len(form)
            if n > longest.get(k, 0):
                longest[k] = n
        self._longest = longest
        self._starts_re: re.Pattern[str] | None = None

    def _starts(self) -> re.Pattern[str]:
        """Where a name may start: a character that begins a name, before one that can follow.

        Lets the C regex engine skip the ~98 % of positions where no name starts; compiled on
        first use (about 2 ms) so that loading stays cheap.
        """
        if self._starts_re is None:
            first = "".join(sorted({k[0] for k in self._longest}))
            second = "".join(sorted({k[1] for k in self._longest if len(k) > 1}))
            self._starts_re = re.compile(f"[{re.escape(first)}](?=[{re.escape(second)}])")
        return self._starts_re

    def _candidates(self, form: str) -> list[tuple[int, int, int]]:
        """(row, kind, needs) of the divisions a matched name can mean (cached per name)."""
        cached = self._cands.get(form)
        if cached is not None:
            return cached
        value = self._forms[form]
        refs: list[int] = value if isinstance(value, list) else [value]  # type: ignore[list-item]
        cands: list[tuple[int, int, int]] = []
        for ref in refs:
            row, kind = (ref, FULL) if ref >= 0 else (~ref, SHORT)
            county = self._get(row).level == "county"
            if kind == FULL:
                needs = (
                    NEEDS_CHAIN
                    if form in self._chain_only
                    else NEEDS_CONTEXT | NEEDS_BOUNDARY
                    if county and len(form) == 2
                    else 0
                )
            else:
                needs = NEEDS_CHAIN if form in self._stop_shorts else NEEDS_CONTEXT if county else 0
            cands.append((row, kind, needs))
        if len(cands) > 1:
            if any(c[1] == FULL for c in cands):
                # a full name of one division beats a short name of another
                cands = [c for c in cands if c[1] == FULL]
            if any(not self._get(c[0]).former for c in cands):
                # a name in use today means today's division (巢湖市, the county-level city)
                cands = [c for c in cands if not self._get(c[0]).former]
        self._cands[form] = cands
        return cands

    @classmethod
    def load(cls) -> Gazetteer:
        """The gazetteer of the package's data files, built once per process."""
        return _default()

    # ----------------------------------------------------------------- entries
    def _index(self) -> dict[str, list[int]]:
        """Code -> rows, and the municipalities; made on first use."""
        if self._codes is None:
            codes: dict[str, list[int]] = {}
            has_city: set[str] = set()
            has_county: set[str] = set()
            for i, line in enumerate(self._lines):
                code, parent, level, _ = line.split("\t", 3)
                if code in codes:
                    codes[code].append(i)
                else:
                    codes[code] = [i]
                if level == "city":
                    has_city.add(parent)
                elif level == "county":
                    has_county.add(parent)
            self._municipal = has_county - has_city  # provinces with counties but no cities
            self._codes = codes
        return self._codes

    def _current(self, i: int) -> bool:
        return "\tcurrent\t" in self._lines[i]

    def _get(self, i: int) -> _Entry:
        """Row ``i`` as a linked entry with its Region (made on first use)."""
        e = self._entries[i]
        if e is not None:
            return e
        code, parent_code, level, name, _, _, status, years, now = self._lines[i].split("\t")
        first, _, last = years.partition("-")
        e = _Entry(code, name, level, status == "former", int(first or 0), int(last or 9999), now)
        self._entries[i] = e
        self._index()
        p = self._parent(e, parent_code)
        e.parent = p
        e.chain = (*p.chain, e) if p is not None else (e,)
        if level == "province":
            if code in self._municipal:
                e.depth = 1
                e.region = Region(name, name, None, code, "city")
            else:
                e.region = Region(name, None, None, code, "province")
        elif level == "city":
            e.region = Region(p.name if p else None, name, None, code, "city")
        else:
            pr = p.region if p is not None else NATIONAL
            e.region = Region(pr.province, pr.city, name, code, "county")
        return e

    def _parent(self, e: _Entry, parent_code: str) -> _Entry | None:
        options = self._index().get(parent_code, []) if parent_code else []
        if e.former:
            # a former division's parent is the one that had that code when it existed
            for i in options:
                p = self._get(i)
                if p.former and p.first <= e.last <= p.last:
                    return p
        for i in options:
            if self._current(i):
                return self._get(i)
        return self._get(options[0]) if options else None

    def _entry(self, code: str | None) -> _Entry | None:
        options = self._index().get(code or "", [])
        for i in options:
            if self._current(i):
                return self._get(i)
        return self._get(options[0]) if options else None

    def _entry_of(self, region: Region | None) -> _Entry | None:
        if region is None or region.code is None:
            return None
        for i in self._index().get(region.code, []):
            e = self._get(i)
            if e.region == region:
                return e
        return self._entry(region.code)

    # ----------------------------------------------------------------- lookups
    def by_code(self, code: str) -> Region | None:
        """The division with this GB/T 2260 code (a current one before a former one)."""
        e = self._entry(code)
        return e.region if e else None

    def successor(self, code: str) -> Region | None:
        """Today's division for a code, also for a former one (上虞市 330682 → 上虞区)."""
        e = self._entry(code)
        seen: set[str] = set()
        while e is not None and e.former and e.now and e.now not in seen:
            seen.add(e.now)
            options = self._index().get(e.now, [])
            current = [i for i in options if self._current(i)]
            if current:
                return self._get(current[0]).region
            e = self._get(options[0]) if options else None
        return e.region if e else None

    def lookup(self, name: str) -> list[Region]:
        """All divisions a full or short name can mean (鼓楼区 → four of them)."""
        value = self._forms.get(name)
        if not isinstance(value, int | list):
            return []
        return [self._get(c[0]).region for c in self._candidates(name)]

    # ----------------------------------------------------------------- scanning
    def _scan(self, text: str) -> _Scan:
        """Longest-match scan for place names (grouped into chains), 我省-style words and
        national scope words; a scope word that ranks or praises (全省首个, 全国先进) is left
        out: it does not say where what follows is."""
        forms, longest, n = self._forms, self._longest, len(text)
        toks: list[tuple[int, int, list[tuple[int, int, int]]]] = []
        refs: list[_Ref] = []
        nation: list[tuple[int, int]] = []
        done = 0  # text before this is consumed by an earlier match
        for m in self._starts().finditer(text):
            i = m.start()
            if i < done:
                continue
            length = longest.get(text[i : i + 2], 0)
            if length > n - i:
                length = n - i
            value = None
            while length >= 2:
                value = forms.get(text[i : i + length])
                if value is not None:
                    break
                length -= 1
            if value is None:
                continue
            end = done = i + length
            if type(value) is int or type(value) is list:
                if not self._after.match(text, end):  # 中山路, 延安精神: not a place
                    cands = self._candidates(text[i:end])
                    if self._short_after.match(text, end):
                        cands = [c for c in cands if c[1] != SHORT]  # 东城街道 is a street
                    elif self._zone_after.match(text, end):
                        cands = self._zone_candidates(cands)
                    if cands:
                        toks.append((i, end, cands))
            elif type(value) is _Deixis or value == _NATION:
                if self._not_scope_after.match(text, end) or self._not_scope_before.search(
                    text, max(0, i - 4), i
                ):
                    continue
                if value == _NATION:
                    nation.append((i, end))
                else:
                    refs.append(_Ref(i, end, value))  # type: ignore[arg-type]
        return _Scan(self._chains(text, toks), refs, nation)

    def _zone_candidates(self, cands: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """What a short name before 工业园区/经开区 means: a county named alone is certain
        (上高工业园区); an autonomous prefecture's short name that its seat city shares is the
        seat city's zone (大理经济技术开发区 → 大理市, 恩施高新区 → 恩施市)."""
        if len(cands) == 1:
            return [(c[0], c[1], c[2] & ~NEEDS_CONTEXT) for c in cands]
        entries = [self._get(c[0]) for c in cands]
        prefectures = [e for e in entries if e.level == "city" and e.name.endswith(_PREFECTURE)]
        seats = [
            (c[0], c[1], c[2] & ~NEEDS_CONTEXT)
            for c, e in zip(cands, entries, strict=True)
            if e.level == "county" and e.name.endswith("市") and e.parent in prefectures
        ]
        return seats if len(prefectures) == 1 and len(seats) == 1 else cands

    def _is_origin(self, text: str, u: _Unit, units: list[_Unit]) -> bool:
        """The last place before an organization word: where its members come from (天津市
        山东商会 → 山东), not where it is."""
        m = self._org_after.match(text, u.end)
        return m is not None and not any(u.end <= v.start < m.end() for v in units)

    def _is_venue(self, text: str, u: _Unit) -> bool:
        """A place after 在 and before 召开/举行 in its clause: where a meeting was held."""
        return u.start > 0 and text[u.start - 1] == "在" and bool(self._venue.match(text, u.end))

    def _chains(
        self, text: str, toks: list[tuple[int, int, list[tuple[int, int, int]]]]
    ) -> list[_Unit]:
        """Read adjacent names whose divisions nest (台州市椒江区) as one unit, the deepest."""
        units: list[_Unit] = []
        get = self._get
        k = 0
        while k < len(toks):
            feasible = toks[k][2]
            j = k + 1
            while j < len(toks) and toks[j][0] == toks[j - 1][1]:
                ancestors = {get(c[0]) for c in feasible}
                nxt = [c for c in toks[j][2] if not ancestors.isdisjoint(get(c[0]).chain[:-1])]
                if not nxt:
                    break
                feasible = nxt
                j += 1
            start, end, _ = toks[j - 1]
            before = text[start - 1] if start else ""
            bounded = not ("\u3400" <= before <= "\u9fff") or before in self._boundary
            units.append(_Unit(start, end, list(feasible), j - 1 > k, bounded))
            k = j
        return units

    # ----------------------------------------------------------------- resolving
    def _resolve(self, units: list[_Unit], outside: Iterable[_Entry] = ()) -> None:
        """Pick each unit's division (``unit.entry``), or leave it None where uncertain.

        1. Certain: one candidate that needs nothing (a full name, a province or city short
           name, a chain). 2. A province or city short name that also is some county's short
           name, with no context for the county (西安, 吉林). 3. The rest by context: the
           candidate whose own city or province (or itself, for a full name) is named nearest
           in the text, else is outside (the anchor), the deeper the better; ties stay
           unresolved.
        """
        get = self._get
        known: dict[_Entry, list[int]] = {}
        for e in outside:
            for a in e.chain:
                known.setdefault(a, []).append(-_FAR)

        def allowed(u: _Unit, c: tuple[int, int, int]) -> bool:
            if u.chained:
                return True
            if c[2] & NEEDS_CHAIN:
                return False
            return not (c[2] & NEEDS_BOUNDARY and not u.bounded)

        def accept(u: _Unit, e: _Entry) -> None:
            u.entry = e
            for a in e.chain:
                insort(known.setdefault(a, []), u.start)  # kept sorted for the nearest lookup

        pending: list[_Unit] = []
        for u in units:
            ok = [c for c in u.cands if allowed(u, c)]
            if not ok:
                continue
            if len({c[0] for c in ok}) == 1 and (u.chained or not ok[0][2]):
                accept(u, get(ok[0][0]))
            else:
                pending.append(u)
        rest: list[_Unit] = []
        for u in pending:
            ok = [c for c in u.cands if allowed(u, c)]
            top = min(get(c[0]).depth for c in ok)
            tops = [c for c in ok if get(c[0]).depth == top]
            # a deeper candidate counts against it only through a place of its own
            # (西安区's 辽源市 or 吉林省), not through one it shares (长沙县's 长沙市, 湖南省)
            top_chain = get(tops[0][0]).chain
            deeper_known = any(
                a in known and a not in top_chain
                for c in ok
                if get(c[0]).depth > top
                for a in get(c[0]).chain[:-1]
            )
            if top <= 1 and len(tops) == 1 and (u.chained or not tops[0][2]) and not deeper_known:
                accept(u, get(tops[0][0]))
            else:
                rest.append(u)
        for _ in range(2):  # a county settled by context may settle another
            still: list[_Unit] = []
            for u in rest:
                best: tuple[int, int] | None = None
                winners: list[_Entry] = []
                for c in u.cands:
                    if not allowed(u, c):
                        continue
                    e = get(c[0])
                    score: tuple[int, int] | None = None
                    for a in e.chain:
                        if a is e and (c[2] & NEEDS_CONTEXT):
                            continue  # a county short name needs its parent, not itself
                        pos = known.get(a)
                        if pos:
                            # the nearest mention decides; depth breaks ties (the anchor)
                            s = (-_distance(pos, u.start), a.depth)
                            if score is None or s > score:
                                score = s
                    if score is None:
                        continue
                    if best is None or score > best:
                        best, winners = score, [e]
                    elif score == best and e not in winners:
                        winners.append(e)
                if len(winners) > 1:
                    # same context for both (长沙市 and its 长沙县): the shallower one
                    top = min(w.depth for w in winners)
                    winners = [w for w in winners if w.depth == top]
                if len(winners) == 1:
                    accept(u, winners[0])
                else:
                    still.append(u)
            if len(still) == len(rest):
                break
            rest = still

    # ----------------------------------------------------------------- public
    def find_mentions(
        self, text: str, anchor: Region | None = None, context: Iterable[Region] = ()
    ) -> list[RegionMention]:
        """Places named in ``text``, in order; ``text[m.start:m.end] == m.text`` for each.

        Longest match wins and a chain (台州市椒江区, 杭州市拱墅区小河街道) is one mention of
        its deepest known link (椒江区, 拱墅区). Ambiguous names (鼓楼区, 朝阳区) and county
        short names (椒江) are kept only when settled: by a chain, by their city or province
        named in the text, or by ``anchor`` / ``context`` (places known from elsewhere, e.g.
        the report's region). Names inside not-place words (延安精神, 中山路) are skipped.
        ``code`` is the division's code (for a former name, its code of the time).
        """
        units = self._scan(text).units
        outside = [e for r in (anchor, *context) if (e := self._entry_of(r)) is not None]
        self._resolve(units, outside)
        return [
            RegionMention(text[u.start : u.end], u.entry.code, u.start, u.end)
            for u in units
            if u.entry is not None
        ]

    def places(
        self, text: str, report: Region | None = None, context: Iterable[Region] = ()
    ) -> Places:
        """Named places and resolved 我省-style words of one text (the body); see ``Places``."""
        return Places(self, text, report or NATIONAL, context)


def _distance(sorted_positions: list[int], x: int) -> int:
    """The distance from ``x`` to the nearest of ``sorted_positions`` (not empty)."""
    k = bisect_left(sorted_positions, x)
    after = sorted_positions[k] - x if k < len(sorted_positions) else None
    before = x - sorted_positions[k - 1] if k else None
    if after is None:
        return before  # type: ignore[return-value]
    return after if before is None or after < before else before


@functools.cache
def _default() -> Gazetteer:
    return Gazetteer()


def _unit_of(e: _Entry, suffix: str) -> _Entry | None:
    """The deepest division in ``e``'s chain whose name ends with ``suffix`` (市 → 厦门市)."""
    for a in reversed(e.chain):
        if a.name.endswith(suffix):
            return a
    return None


class Places:
    """The places of one text: named mentions, resolved 我省/全市/该区 words, national words.

    Built by ``Gazetteer.places(body, report_region)``. ``mentions`` are the named places (for
    the record's ``mentions.regions``). ``references`` are the 我省-style words with the
    division they mean: an own-place word (我省, 全市) means the report region's division of
    that kind, else that of the nearest named place before it; an anaphoric word (该区) means
    that of the nearest named place before it, else the report region's. Words that resolve
    to nothing are left out. Lookups bisect offsets computed once: a body's figures cost
    linear time in all.
    """

    def __init__(
        self, gaz: Gazetteer, text: str, report: Region, context: Iterable[Region] = ()
    ) -> None:
        self.text = text
        self.report = report
        scan = gaz._scan(text)
        report_entry = gaz._entry_of(report) if report.level != "national" else None
        outside = [e for r in context if (e := gaz._entry_of(r)) is not None]
        if report_entry is not None:
            outside.append(report_entry)
        gaz._resolve(scan.units, outside)
        named = [(u.start, u.end, u.entry) for u in scan.units if u.entry is not None]
        self.mentions: list[RegionMention] = [
            RegionMention(text[s:e], x.code, s, e) for s, e, x in named
        ]
        resolved = _resolve_refs(scan.refs, named, report_entry)
        self.references: list[RegionMention] = [
            RegionMention(text[s:e], x.code, s, e) for s, e, x in resolved
        ]
        self._regions = {x.code: x.region for _, _, x in named + resolved}
        self._sentences = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
        self._clauses = [0, *(m.end() for m in _CLAUSE_END.finditer(text))]
        self._paragraphs = [0, *(m.end() for m in _PARAGRAPH_END.finditer(text))]
        # Scopes in text order (they never overlap): a place, a 我省-style word, or 全国; a
        # place that is part of a name (a quoted title, an organization from elsewhere) is none.
        nexts = [t[0] for t in named[1:]] + [len(text)] * bool(named)  # the next place's start
        scopes = sorted(
            [
                (s, e, x.region)
                for (s, e, x), after in zip(named, nexts, strict=True)
                if not self._in_name(gaz, s, e, x, report_entry, after)
            ]
            + [(s, e, x.region) for s, e, x in resolved]
            + [(s, e, NATIONAL) for s, e in scan.nation],
            key=lambda t: t[0],
        )
        self._scope_starts = [s for s, _, _ in scopes]
        self._scope_ends = [e for _, e, _ in scopes]
        self._scope_regions = [r for _, _, r in scopes]
        topics = [  # a place heading its clause, not one of a list (高唐、莘县…)
            t
            for t in scopes
            if t[2] is not NATIONAL
            and gaz._topic.fullmatch(self._clause_head(t[0]))
            and text[t[1] : t[1] + 1] not in _AND
        ]
        self._topic_starts = [s for s, _, _ in topics]
        self._topic_ends = [e for _, e, _ in topics]
        self._topic_regions = [r for _, _, r in topics]

    def _clause_head(self, start: int) -> str:
        """What stands before ``start`` in its clause (quotes and spaces left out)."""
        lo = max(0, start - 24)
        head = max(self.text.rfind(c, lo, start) for c in _CLAUSE_ENDS) + 1
        return self.text[max(head, lo) : start].strip(" \t\u3000“”‘’\"'")

    def _in_name(
        self,
        gaz: Gazetteer,
        start: int,
        end: int,
        entry: _Entry,
        report: _Entry | None,
        next_place: int,
    ) -> bool:
        """Whether a named place is part of a name rather than a figure's scope: inside a
        quoted name or 《》 (“山东省先进单位”; not quoted speech, which has its commas), or the
        last place before an organization word (宜昌市重庆商会, 黑龙江分公司; ``next_place`` is
        where the next named place starts) when it lies outside the report's region (inside
        it, 杭州市某公司 is 杭州's)."""
        text = self.text
        opened = max(text.rfind(c, max(0, start - _NAME_SPAN), start) for c in _OPEN_QUOTES)
        if opened >= 0:
            closer = _CLOSE_QUOTES[_OPEN_QUOTES.index(text[opened])]
            closed = text.find(closer, opened, end + _NAME_SPAN)
            if closed >= end and not _CLAUSE_BREAK.search(text, opened, closed):
                return True
        if report is None or report in entry.chain:
            return False
        m = gaz._org_after.match(text, end)
        return m is not None and m.end() <= next_place

    def region_of(self, mention: RegionMention) -> Region:
        """The Region of one of this text's mentions or references."""
        return self._regions[mention.code]

    def region_at(self, offset: int) -> Region:
        """The place a figure at ``offset`` is about.

        A scope is a named place (台州市椒江区 → 椒江区; a chain down to a street or an
        organization gives its county), a resolved 我省-style word, or a national word in the
        figure's own clause (全国, 我国 → the national level, whatever the report's region); a
        place inside a quoted name, or in the name of an organization from outside the
        report's region, is none.
        The figure's place is the nearest scope before it in its own sentence; else the
        nearest one in an earlier sentence of its paragraph that heads its clause (在德清,…。
        这200多家… → 德清县; not a place an activity went to, …党支部在某村开展…); else the
        report's. A place named after the figure never counts.
        """
        sentence = self._sentences[bisect_right(self._sentences, offset) - 1]
        clause = self._clauses[bisect_right(self._clauses, offset) - 1]
        k = bisect_right(self._scope_ends, offset) - 1
        # a national word scopes its own clause only (全国有影响力的…达到50家,项目达到100个)
        for _ in range(_NATIONAL_SKIPS):
            if k < 0 or self._scope_regions[k] is not NATIONAL or self._scope_starts[k] >= clause:
                break
            k -= 1
        if k >= 0 and self._scope_starts[k] >= sentence and self._scope_regions[k] is not NATIONAL:
            return self._scope_regions[k]
        if k >= 0 and self._scope_starts[k] >= clause:
            return NATIONAL
        paragraph = self._paragraphs[bisect_right(self._paragraphs, offset) - 1]
        k = bisect_right(self._topic_ends, offset) - 1
        if k >= 0 and self._topic_starts[k] >= paragraph:
            return self._topic_regions[k]
        return self.report


def _resolve_refs(
    refs: list[_Ref], named: list[tuple[int, int, _Entry]], report: _Entry | None
) -> list[tuple[int, int, _Entry]]:
    """Each 我省-style word with the division it means (the rule is in ``Places``)."""
    # suffix -> (starts, divisions) of the named places that have a division of that kind
    by_suffix: dict[str, tuple[list[int], list[_Entry]]] = {}
    resolved: list[tuple[int, int, _Entry]] = []
    for ref in refs:
        suffix = ref.deixis.suffix
        index = by_suffix.get(suffix)
        if index is None:
            index = by_suffix[suffix] = ([], [])
            for s, _, e in named:
                if (unit := _unit_of(e, suffix)) is not None:
                    index[0].append(s)
                    index[1].append(unit)
        k = bisect_left(index[0], ref.start) - 1
        from_text = index[1][k] if k >= 0 else None
        from_report = _unit_of(report, suffix) if report is not None else None
        target = (from_report or from_text) if ref.deixis.own else (from_text or from_report)
        if target is not None:
            resolved.append((ref.start, ref.end, target))
    return resolved


def figure_region(body: str, start: int, report: Region, places: Places | None = None) -> Region:
    """The region of a figure at ``body[start:]``: the place its own sentence names before it.

    ``places`` is ``Gazetteer.load().places(body, report)``; pass it when asking about many
    figures of one body (it is built once, in one pass over the body). Without it, this
    builds one. Same as ``places.region_at(start)``.
    """
    if places is None or places.text != body:
        places = Gazetteer.load().places(body, report)
    return places.region_at(start)


# --------------------------------------------------------------------- the report's region
def _deepest_consistent(entries: list[_Entry]) -> _Entry | None:
    """The deepest entry if all lie on one line of descent, else their common ancestor."""
    if not entries:
        return None
    deepest = max(entries, key=lambda e: e.depth)
    if all(e in deepest.chain for e in entries):
        return deepest
    common: tuple[_Entry, ...] = deepest.chain
    for e in entries:
        k = 0
        while k < len(common) and k < len(e.chain) and common[k] is e.chain[k]:
            k += 1
        common = common[:k]
    return common[-1] if common else None


def _consensus(entries: list[_Entry], share: float = 0.6) -> _Entry | None:
    """The deepest division containing at least ``share`` of the mentioned places."""
    if not entries:
        return None
    cover: Counter[_Entry] = Counter(a for e in entries for a in e.chain)
    need = share * len(entries)
    good = [a for a, n in cover.items() if n >= need]
    return max(good, key=lambda a: a.depth) if good else None


def _narrowed(
    gaz: Gazetteer,
    place: _Entry,
    text: str,
    units: list[_Unit],
    body: list[_Entry],
    body_own: Counter[str],
) -> _Entry:
    """A city named in ``text`` (the title or lead, scanned into ``units``) narrowed to the
    one county the body places the report in, or the city itself (rule 2 of
    ``report_region``)."""
    if place.depth != 1:
        return place
    counties = Counter(e for e in body if e.depth == 2 and place in e.chain)
    if len(counties) != 1:
        return place
    county, times = counties.most_common(1)[0]
    # the name the place begins: up to the first punctuation (武汉绿地中心综合党委:…)
    end = max(u.end for u in units if u.entry is not None and u.entry in place.chain)
    name = _NAME_END.split(text[end : end + _NAME_SPAN], maxsplit=1)[0]
    if times >= 2 and gaz._unit.search(name):
        return county  # 武汉某中心综合党委, the body naming its district twice
    # own-place words of the county's kind (全区) against those of the city's (全市)
    of_county = sum(
        n for w, n in body_own.items() if county.name.endswith(w) and _unit_of(place, w) is None
    )
    of_place = sum(n for w, n in body_own.items() if _unit_of(place, w) is place)
    return county if of_county > of_place else place


def report_region(
    title: str | None, lead: str | None, source: str | None, site: str | None, body: str
) -> tuple[Region, list[str]]:
    """The place the whole report is about, and warnings.

    The rule, in order (names in every field are settled with the certain places of the whole
    document as context; a place after 在 and before 召开/举行 in its clause is only where a
    meeting was held, and the last place before an organization word only where its members
    come from (天津市山东商会); both are left out wherever the field names another place):

    1. **Title.** If the title names places, the answer is the deepest of them when they
       nest (台州椒江 → 椒江区), else the division containing them all (嘉兴、湖州 → 浙江省),
       cut up to the kind of division an own-place word in the title names (甘肃:全省…现场会
       在庆阳召开 → 甘肃省).
    2. **Down to the county.** A city (or municipality) from the title or lead is narrowed to
       a county when the body names exactly one county inside it and either the name the
       city begins in the title or lead is a unit below a county (a street, park,
       development zone, building or one organization: ``[unit]`` in region_words.txt;
       武汉某中心综合党委, not 杭州市:压实党委责任) and the body names that county at least
       twice, or the body's own-place words are more often the county's kind (全区) than the
       city's (全市). So a street, park or organization gets the county the text
       places it in where that is certain, else its city (南宁经开区 → 南宁市), and a
       whole-city report that names the district of its meeting stays the city's.
    3. **National.** A title that names no place but a national word (全国, 中央, 中组部 …)
       and no own-place word (全市) gives the national region.
    4. **Anchor.** Otherwise the anchor is the place of the lead sentence, else of the source
       line, else of the site name (黑龙江党建, 浙江在线, 厦门非公党建), each read as in 1;
       else the body's consensus: the deepest division that contains ≥ 60 % of the places the
       body names. An anchor taken from the source or site is narrowed to the body's
       consensus when that lies inside it (a provincial site's report on one city).
    5. **Level.** The report's own level is the own-place word of the title, else of a lead
       that names no place but a venue, else the body's most frequent one when it occurs at
       least twice and more often than any other (我省 ×5 → the province: a roundup of a
       province's cities is the province's).
       A word that ranks or praises (全省首个, 走在全省前列, 全国先进) says no level. The
       anchor is fitted to it: cut up to the division of that kind in its chain (海沧区 +
       全市 → 厦门市), or, when the anchor is above that kind, narrowed to the body's
       most-named division of that kind inside it.
    6. **No place.** A document that names no place anywhere is national when its title,
       lead or body says 全国/我国; else its region is unknown (``level: None``, all names
       None) with the warning "no region found", never national.

    The four municipalities are their own city: {北京市, 北京市, 昌平区}; all of Shanghai
    is {上海市, 上海市, None}.
    """
    gaz = Gazetteer.load()
    warnings: list[str] = []
    fields = {
        "title": title or "",
        "lead": lead or "",
        "source": source or "",
        "site": site or "",
        "body": body or "",
    }
    scans = {k: gaz._scan(v) for k, v in fields.items()}
    # Settle names with the certain places of the whole document as context.
    first_pass: list[_Entry] = []
    for scan in scans.values():
        gaz._resolve(scan.units)
        first_pass += [u.entry for u in scan.units if u.entry is not None]
    for scan in scans.values():
        for u in scan.units:
            u.entry = None
        gaz._resolve(scan.units, first_pass)

    def entries(key: str) -> list[_Entry]:
        text = fields[key]
        found = [u for u in scans[key].units if u.entry is not None]
        kept = [u for u in found if not gaz._is_venue(text, u)]
        kept = [u for u in kept if not gaz._is_origin(text, u, found)] or kept
        return [u.entry for u in kept or found]  # type: ignore[misc]

    def own_words(key: str) -> list[str]:
        return [r.deixis.suffix for r in scans[key].refs if r.deixis.own]

    body_entries = entries("body")
    body_own = Counter(own_words("body"))
    title_own = own_words("title")
    title_place = _deepest_consistent(entries("title"))
    if title_place is not None:
        if title_own and (unit := _unit_of(title_place, title_own[0])) is not None:
            return unit.region, warnings  # 甘肃:全省…现场会在庆阳召开 is about the province
        narrowed = _narrowed(
            gaz, title_place, fields["title"], scans["title"].units, body_entries, body_own
        )
        return narrowed.region, warnings
    unresolved = [fields["title"][u.start : u.end] for u in scans["title"].units if u.entry is None]
    if unresolved:
        warnings.append(
            "region: could not tell which place the title names: " + ", ".join(unresolved)
        )
    national_seen = any(w in fields["title"] for w in gaz._national)
    if national_seen and not title_own:
        return NATIONAL, warnings

    consensus = _consensus(body_entries)
    anchor: _Entry | None = None
    for key in ("lead", "source", "site"):
        anchor = _deepest_consistent(entries(key))
        if anchor is not None:
            if key == "lead":
                units = scans["lead"].units
                anchor = _narrowed(gaz, anchor, fields["lead"], units, body_entries, body_own)
            elif consensus is not None and anchor in consensus.chain:
                anchor = consensus
            break
    if anchor is None:
        anchor = consensus
    if anchor is None:
        if national_seen or scans["lead"].nation or scans["body"].nation:
            return NATIONAL, warnings
        warnings.append("no region found")
        return UNKNOWN, warnings

    # the lead's own-place word decides only where the lead names no place but a venue
    # (全市…推进会在海沧区召开), not a directive it follows (落实全国、全市…会议部署)
    lead_units = [u for u in scans["lead"].units if u.entry is not None]
    venue_only = all(gaz._is_venue(fields["lead"], u) for u in lead_units)
    own = title_own or (own_words("lead") if venue_only else [])
    suffix: str | None = own[0] if own else None
    counts = body_own.most_common(2)
    if suffix is None and counts and counts[0][1] >= 2:
        if len(counts) == 1 or counts[0][1] > counts[1][1]:
            suffix = counts[0][0]
    if suffix is not None:
        unit = _unit_of(anchor, suffix)
        if unit is not None:
            anchor = unit
        else:
            inside: Counter[_Entry] = Counter()
            for e in body_entries:
                if anchor in e.chain and (u := _unit_of(e, suffix)) is not None:
                    if u.depth > anchor.depth:
                        inside[u] += 1
            top = inside.most_common(2)
            if top and (len(top) == 1 or top[0][1] > top[1][1]):
                anchor = top[0][0]
    return anchor.region, warnings
