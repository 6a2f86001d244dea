"""Bytes to text the way Chinese government and news sites need it, and text clean-up.

``decode_bytes`` picks the encoding of a scraped page: a BOM wins; then strict UTF-8; then the
charset the page or server declared (GB2312/GBK read as their superset GB18030); then GB18030
and Big5, judged by how much of the result is common Chinese characters (Big5 bytes usually
also decode as GBK, into rare characters). If nothing decodes cleanly into plausible Chinese,
a decoding that replaces only a few bad bytes is taken (with a warning); then charset-normalizer
guesses; and finally undecodable bytes are replaced, with a warning. A file made of UTF-8 lines
and GBK (or Big5) lines, two exports pasted together, is decoded line by line: its encoding is
then ``utf-8+gb18030`` and a warning says which lines are which. Binary files are refused
with :class:`NotTextError`. ``sniff_html_charset`` finds the charset an HTML page declares
(HTTP header, ``<meta>``), to pass to ``decode_bytes`` as that hint.

``normalize_text`` folds full-width ASCII to ASCII without moving offsets, and
``simplified_shadow`` gives a traditional page a simplified copy of the same length, so that
patterns written in simplified Chinese can be matched on the copy and the spans cut from the
original. ``matching_copy`` also removes the pinyin glosses some sites print after characters
(``個(gè)``) and maps offsets in the copy back to the printed text; ``fold`` is that copy of a
short string (a name, a search term).
"""

from __future__ import annotations

import bisect
import codecs
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = [
    "DecodedText",
    "MatchingCopy",
    "NotTextError",
    "decode_bytes",
    "fold",
    "matching_copy",
    "normalize_text",
    "pinyin_glosses",
    "simplified_shadow",
    "sniff_html_charset",
    "to_simplified",
]


class NotTextError(ValueError):
    """The bytes are not a text file (an image, PDF, archive, executable, …)."""


@dataclass
class DecodedText:
    """Decoded page text, the codec that decoded it, and what went wrong on the way."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "executable"),
)

# Control bytes that never occur in text in any encoding tried here (TAB, LF, VT, FF, CR and
# ESC, used by ISO-2022 encodings, are allowed).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0E, *range(0x0F, 0x1B), *range(0x1C, 0x20)])
_MAX_CONTROL_SHARE = 0.05
_SAMPLE_BYTES = 1 << 16

# Declared labels that mean "some GB encoding": GB18030 is a superset of all of them.
_GB_LABELS = frozenset(
    "gb2312 gb_2312 gb_2312-80 gbk x-gbk cp936 ms936 windows-936 euc-cn x-euc-cn csgb2312 "
    "chinese iso-ir-58 gb18030 csgbk".split()
)
_BIG5_LABELS = frozenset("big5 big-5 x-x-big5 cn-big5 csbig5 cp950 big5-hkscs big5hkscs".split())
_BIG5_CODECS = ("big5", "cp950", "big5hkscs")

# Below this share of common Chinese characters, a decoding is not trusted over another one;
# a rival must beat the preferred candidate by the margin to replace it.
_PLAUSIBLE = 0.6
_MARGIN = 0.15
# A page that decodes with at most this share of replaced characters is "nearly valid":
# a few corrupt bytes in a GBK, Big5 or UTF-8 page, not a job for a statistical guesser.
_NEARLY_VALID = 0.01
_SCORE_CHARS = 20_000


def decode_bytes(data: bytes, declared: str | None = None) -> DecodedText:
    """Decode a scraped page.

    ``declared`` is the charset from the HTTP header or ``<meta charset>``, if any; it is
    trusted when its decoding reads as Chinese at least as well as GB18030/Big5 do, because
    sites do mislabel pages (GBK served as ``utf-8`` or ``iso-8859-1``, Big5 as ``gbk``).

    Raises :class:`NotTextError` for binary data. Empty input gives empty text and a warning.
    """
    if not data:
        return DecodedText("", "utf-8", ["empty input"])
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_forced(data, codec, strip=0 if codec == "utf-8-sig" else len(bom))
    unbommed = _utf16_without_bom(data)
    if unbommed is not None:
        return unbommed
    _refuse_binary(data)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", [])
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data, declared)
    if mixed is not None:
        return mixed

    warnings: list[str] = []
    declared_codecs = _declared_codecs(declared, warnings)
    strict: list[_Candidate] = []  # in order of preference
    failed: list[str] = ["utf-8"]
    for codec in dict.fromkeys((*declared_codecs, "gb18030", *_BIG5_CODECS)):
        # One Big5 flavour is enough: the later ones are supersets tried only if it fails.
        if codec == "utf-8" or (codec in _BIG5_CODECS and _has_big5(strict)):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            failed.append(codec)
            continue
        except LookupError:
            continue
        strict.append(_Candidate(codec, text, _chinese_score(text), damaged=False))

    best = _pick(strict)
    if best is None or best.score < _PLAUSIBLE:
        # A Big5 or GBK page with a few bad bytes reads better than a clean-decoding mojibake.
        best = _pick([*([best] if best else []), *_nearly_valid(data, failed)])
    if best is None:
        return _decode_unknown(data, warnings)
    if best.damaged:
        warnings.append("undecodable bytes replaced")
    if declared_codecs and best.codec not in declared_codecs:
        warnings.append(f"declared charset {declared!r} does not fit; decoded as {best.codec}")
    return DecodedText(best.text, best.codec, warnings)


# Where an HTML page names its charset: <meta charset=…>, <meta http-equiv="Content-Type"
# content="…; charset=…">, or an XML declaration. Only the head is searched: the HTML standard's
# prescan reads 1024 bytes, but old Chinese CMS pages put kilobytes of scripts and comments
# before their <meta>, and a charset named in the article text is no declaration.
_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def sniff_html_charset(data: bytes, headers: dict | None = None) -> str | None:
    """The charset a page declares: the HTTP ``Content-Type`` header first, then the page's
    ``<meta charset>`` / ``http-equiv`` tag or XML declaration; ``None`` if neither says.

    A declaration is only a hint for :func:`decode_bytes`, which checks it against the bytes
    (Chinese sites often declare gb2312 and serve GBK, or declare utf-8 over GBK bytes).
    Header names are matched without regard to case.
    """
    for name, value in (headers or {}).items():
        if str(name).lower() == "content-type":
            m = _HEADER_CHARSET.search(str(value))
            if m:
                return m.group(1).lower()
    head = data[:_SNIFF_BYTES]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii").lower() if m else None


@dataclass
class _Candidate:
    codec: str
    text: str
    score: float  # share of common Chinese characters, see _chinese_score
    damaged: bool  # decoded with errors="replace"


def _has_big5(candidates: list[_Candidate]) -> bool:
    return any(c.codec in _BIG5_CODECS for c in candidates)


def _pick(candidates: list[_Candidate]) -> _Candidate | None:
    """The first candidate, unless a later one reads clearly more like Chinese."""
    if not candidates:
        return None
    best = candidates[0]
    for cand in candidates[1:]:
        if cand.score >= _PLAUSIBLE and cand.score > best.score + _MARGIN:
            best = cand
    return best


def _nearly_valid(data: bytes, codecs_: list[str]) -> list[_Candidate]:
    """Decodings with replacement characters, for codecs that failed on only a few bytes."""
    out = []
    for codec in dict.fromkeys(c for c in codecs_ if c not in _BIG5_CODECS[1:]):
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") <= _NEARLY_VALID * len(text):
            out.append(_Candidate(codec, text, _chinese_score(text), damaged=True))
    return out


def _decode_mixed(data: bytes, declared: str | None) -> DecodedText | None:
    """Lines that are UTF-8 kept as UTF-8, the other lines decoded together as a file of their
    own would be; ``None`` unless the other lines read as Chinese in another codec (a UTF-8
    file with a few bad bytes is no mixed file: its bad lines are UTF-8 with bytes replaced)."""
    lines = data.split(b"\n")  # LF is one byte in every codec tried here, never a trail byte
    kinds = [_line_kind(line) for line in lines]
    if "utf-8" not in kinds:
        return None
    rest_lines = [line for line, kind in zip(lines, kinds, strict=True) if kind == "rest"]
    try:  # the rest holds no UTF-8 line, so this does not come back here
        rest = decode_bytes(b"\n".join(rest_lines), declared)
    except NotTextError:
        return None
    decoded_rest = rest.text.split("\n")
    if (
        len(decoded_rest) != len(rest_lines)
        or rest.encoding.startswith("utf-8")
        or _chinese_score(rest.text) < _PLAUSIBLE
    ):
        return None
    rest_iter = iter(decoded_rest)
    text = "\n".join(
        next(rest_iter) if kind == "rest" else line.decode("utf-8")
        for line, kind in zip(lines, kinds, strict=True)
    )
    numbered = kinds[:-1] if data.endswith(b"\n") else kinds  # nothing after the last LF
    runs = _runs(numbered, rest.encoding)
    shown = ", ".join(f"{a}-{b} {name}" if a != b else f"{a} {name}" for name, a, b in runs[:6])
    more = f", … ({len(runs)} runs)" if len(runs) > 6 else ""
    return DecodedText(
        text,
        f"utf-8+{rest.encoding}",
        [f"mixed encodings: lines {shown}{more}", *rest.warnings],
    )


def _line_kind(line: bytes) -> str:
    """``ascii`` (the same in every codec), ``utf-8``, or ``rest``: a line is UTF-8 when it
    decodes so and reads as Chinese at least as well as in GB18030 (a short GBK line can be
    valid UTF-8, into rare characters)."""
    if line.isascii():
        return "ascii"
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return "rest"
    score = _chinese_score(text)
    try:
        gb_score = _chinese_score(line.decode("gb18030"))
    except UnicodeDecodeError:
        gb_score = 0.0
    return "utf-8" if score >= _PLAUSIBLE and score >= gb_score else "rest"


def _runs(kinds: list[str], rest_codec: str) -> list[tuple[str, int, int]]:
    """``(encoding, first line, last line)`` of each run of lines, numbered from 1; an ASCII
    line belongs to the run it is in (or, at the start, to the first run)."""
    runs: list[list] = []
    for number, kind in enumerate(kinds, 1):
        if kind == "ascii":
            if runs:
                runs[-1][2] = number
            continue
        name = "UTF-8" if kind == "utf-8" else rest_codec.upper()
        if runs and runs[-1][0] == name:
            runs[-1][2] = number
        else:
            runs.append([name, runs[-1][2] + 1 if runs else 1, number])
    return [tuple(run) for run in runs]


def _decode_forced(data: bytes, codec: str, strip: int) -> DecodedText:
    """Decode with a codec a BOM has named; bad bytes become U+FFFD with a warning."""
    body = data[strip:]
    try:
        return DecodedText(body.decode(codec), codec, [])
    except UnicodeDecodeError:
        return DecodedText(
            body.decode(codec, errors="replace"), codec, ["undecodable bytes replaced"]
        )


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """UTF-16 with no BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:_SAMPLE_BYTES]
    if b"\x00" not in sample or len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    for nuls, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= 0.2 * half and other <= 0.02 * half:
            try:
                text = data[: len(data) - len(data) % 2].decode(codec)
            except UnicodeDecodeError:
                return None
            controls = sum(1 for ch in text[:_SAMPLE_BYTES] if ch < " " and ch not in "\t\n\r\f\v")
            if controls > _MAX_CONTROL_SHARE * min(len(text), _SAMPLE_BYTES):
                return None
            warnings = ["odd trailing byte dropped"] if len(data) % 2 else []
            return DecodedText(text, codec, warnings)
    return None


def _refuse_binary(data: bytes) -> None:
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            raise NotTextError(f"binary file (looks like {kind})")
    if b"\x00" in data:
        raise NotTextError("binary file (contains NUL bytes)")
    sample = data[:_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise NotTextError(f"binary file ({controls / len(sample):.0%} control bytes)")


def _declared_codecs(declared: str | None, warnings: list[str]) -> tuple[str, ...]:
    if not declared:
        return ()
    label = declared.strip().strip("\"'").lower()
    if "+" in label:  # a mixed file's encoding as decode_bytes gave it (utf-8+gb18030)
        parts = [_declared_codecs(part, warnings) for part in label.split("+")]
        return tuple(dict.fromkeys(codec for part in parts for codec in part))
    if label in _GB_LABELS:
        return ("gb18030",)
    if label in _BIG5_LABELS:
        return _BIG5_CODECS
    try:
        return (codecs.lookup(label).name,)
    except LookupError:
        warnings.append(f"unknown declared charset {declared!r} ignored")
        return ()


def _decode_unknown(data: bytes, warnings: list[str]) -> DecodedText:
    """Nothing tried fits: ask charset-normalizer, else replace what does not decode."""
    guessed = _guess_with_charset_normalizer(data)
    if guessed is not None:
        name, text = guessed
        return DecodedText(text, name, [*warnings, f"encoding guessed: {name}"])
    damaged = []
    for codec in ("gb18030", "utf-8"):
        text = data.decode(codec, errors="replace")
        damaged.append((text.count("\ufffd"), codec, text))
    _, codec, text = min(damaged)
    return DecodedText(text, codec, [*warnings, "undecodable bytes replaced"])


def _guess_with_charset_normalizer(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # imported here: only this last resort needs it

    # A prefix is enough to guess from and keeps the guesser fast on huge files.
    match = from_bytes(data[: 1 << 18]).best()
    if match is None:
        return None
    try:
        return match.encoding, data.decode(match.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


@lru_cache(maxsize=1)
def _common_chinese() -> frozenset[str]:
    """The most common Chinese characters, simplified and traditional.

    Derived from the codecs rather than kept as data: GB2312 level 1 (rows B0–D7, the 3755
    common simplified characters) and Big5 level 1 (A440–C67E, the 5401 common traditional
    characters).
    """
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                continue
    # CJK punctuation and full-width forms are as good a sign of Chinese text as characters.
    chars.update(chr(c) for c in range(0x3000, 0x3020))
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))
    chars.update("“”‘’…—·")
    return frozenset(chars)


def _chinese_score(text: str) -> float:
    """Share of non-ASCII characters (in a prefix) that are common Chinese characters."""
    common = _common_chinese()
    sample = text[:_SCORE_CHARS]
    total = good = 0
    for ch in sample:
        if ch >= "\x80":
            total += 1
            good += ch in common
    return good / total if total else 1.0


# ---------------------------------------------------------------------------- normalisation

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_LEADING_INVISIBLE = re.compile("^[\ufeff\u200b\u200c\u200d\u2060]+")


def normalize_text(text: str) -> str:
    """Fold full-width ASCII to ASCII and normalise line ends, keeping offsets where it can.

    - U+FF01–U+FF5E (full-width ``!`` … ``~``: digits, letters, ``,``, ``(``, ``)``, ``:``,
      ``%``, ``+`` …) become their ASCII forms, and U+3000 (ideographic space) a space.
      The rest of Chinese punctuation (。、“”《》【】 …) lies outside that block and stays.
    - ``\\r\\n`` becomes ``\\n`` and a lone ``\\r`` becomes ``\\n``.
    - A BOM or zero-width characters at the very start are removed.

    Only the last step and ``\\r\\n`` shorten the text; everything else maps one character
    to one character. So for text without ``\\r\\n`` and without a leading BOM/zero-width
    run, the result has the same length and every offset stays valid.
    """
    text = _LEADING_INVISIBLE.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_FULLWIDTH)


# ---------------------------------------------------------------------------- simplified shadow

_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Traditional text changes in roughly a quarter of its characters under t2s; simplified text
# in well under one percent (variant forms).
_TRADITIONAL_SHARE = 0.05
_SHADOW_SAMPLE = 30_000


@lru_cache(maxsize=1)
def _t2s():  # -> opencc.OpenCC; the binding ships no type information
    import opencc

    return opencc.OpenCC("t2s")


def simplified_shadow(text: str) -> str | None:
    """A simplified copy of a traditional text, of exactly the same length; else ``None``.

    Offsets in the copy are offsets in ``text``: match patterns on the copy, cut spans from
    the original. The text counts as traditional when more than 5 % of the CJK characters in
    a sample (its start, middle and end) change under OpenCC ``t2s``. Where OpenCC's phrase
    conversion changes a line's length, that line is converted character by character (a
    character whose conversion is not one character is kept as it is).
    """
    converter = _t2s()
    if not _is_traditional(_sample(text), converter):
        return None
    return _convert_same_length(converter, text)


def to_simplified(text: str) -> str:
    """OpenCC ``t2s`` of a short string (a title, a place name); its length may change."""
    return _t2s().convert(text)


def _sample(text: str) -> str:
    """Start, middle and end of a long text: enough to tell the script, cheap to convert."""
    if len(text) <= 3 * _SHADOW_SAMPLE:
        return text
    mid = len(text) // 2
    return "\n".join(
        (text[:_SHADOW_SAMPLE], text[mid : mid + _SHADOW_SAMPLE], text[-_SHADOW_SAMPLE:])
    )


def _is_traditional(sample: str, converter) -> bool:
    cjk = len(_CJK.findall(sample))
    if not cjk:
        return False
    converted = _convert_same_length(converter, sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=True) if a != b)
    return changed > _TRADITIONAL_SHARE * cjk


def _convert_same_length(converter, text: str) -> str:
    """Whole text at once; else line by line; else, in a line, character by character."""
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "\n".join(_same_length_line(converter, line) for line in text.split("\n"))


def _same_length_line(converter, line: str) -> str:
    converted = converter.convert(line)
    if len(converted) == len(line):
        return converted
    out = []
    for ch in line:
        one = converter.convert(ch)
        out.append(one if len(one) == 1 else ch)
    return "".join(out)


# ---------------------------------------------------------------------------- matching copy


@dataclass(frozen=True)
class MatchingCopy:
    """A printed text as the stages match it: simplified, pinyin glosses removed.

    ``text`` is what patterns run on; ``span`` turns a span of ``text`` into the span of
    ``printed`` that shows it, so ``printed[start:end]`` is what the page prints (a gloss inside
    the span stays in it, one right after it stays out). ``cuts`` are the offsets in ``text``
    where a gloss was removed and ``removed`` the characters removed up to each of them.
    """

    printed: str
    text: str
    traditional: bool
    cuts: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()

    def start(self, i: int) -> int:
        """The printed offset of a span that starts at ``text[i]``."""
        k = bisect.bisect_right(self.cuts, i)
        return i + (self.removed[k - 1] if k else 0)

    def end(self, j: int) -> int:
        """The printed offset of a span that ends before ``text[j]``."""
        k = bisect.bisect_left(self.cuts, j)
        return j + (self.removed[k - 1] if k else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``(start, end)`` in ``printed`` of ``text[start:end]``."""
        s = self.start(start)
        return s, max(s, self.end(end))


def matching_copy(text: str, simplified: str | None = None) -> MatchingCopy:
    """The simplified, gloss-free copy of ``text`` with its offset map to ``text``.

    ``simplified``: a same-length simplified copy of ``text`` the caller already has
    (``simplified_shadow(text) or text``); else it is worked out here.
    """
    if simplified is None:
        simplified = simplified_shadow(text) or text
    traditional = simplified != text
    glosses = pinyin_glosses(text)
    if not glosses:
        return MatchingCopy(text, simplified, traditional)
    pieces, cuts, removed, pos, total = [], [], [], 0, 0
    for s, e in glosses:
        pieces.append(simplified[pos:s])
        total += e - s
        cuts.append(s - (total - (e - s)))
        removed.append(total)
        pos = e
    pieces.append(simplified[pos:])
    return MatchingCopy(text, "".join(pieces), traditional, tuple(cuts), tuple(removed))


def fold(text: str) -> str:
    """``text`` as matching sees it (simplified, glosses removed): to compare names or terms."""
    return matching_copy(text).text


@dataclass(frozen=True)
class _GlossRules:
    tones: dict[int, int]
    syllable: re.Pattern[str]
    candidate: re.Pattern[str]
    systematic_min: int


@lru_cache(maxsize=1)
def _gloss_rules() -> _GlossRules:
    data = tomllib.loads(
        resources.files("miner.data").joinpath("glosses.toml").read_text("utf-8")
    )
    initials = "|".join(sorted(data["initials"], key=len, reverse=True))
    finals = "|".join(sorted(data["finals"], key=len, reverse=True))
    letters = "a-zü" + data["tone_marks"]
    return _GlossRules(
        tones=str.maketrans(data["tone_marks"], data["toneless"]),
        syllable=re.compile(f"(?:{initials})?(?:{finals})"),
        candidate=re.compile(
            rf"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[(（]([{letters}]{{1,6}})[)）]"
        ),
        systematic_min=data["systematic_min"],
    )


def pinyin_glosses(text: str) -> list[tuple[int, int]]:
    """Spans of the pinyin glosses printed after characters (``個(gè)``), parentheses included.

    A gloss is one parenthesised pinyin syllable right after a CJK character; with a tone mark
    it is always one, without (``個(ge)``) only where the page has many of them.
    """
    if "(" not in text and "（" not in text:
        return []
    rules = _gloss_rules()
    toned, toneless = [], []
    for m in rules.candidate.finditer(text):
        syllable = m.group(1)
        plain = syllable.translate(rules.tones)
        if rules.syllable.fullmatch(plain):
            (toned if plain != syllable else toneless).append(m.span())
    if len(toned) + len(toneless) >= rules.systematic_min:
        return sorted(toned + toneless)
    return toned
