"""Bytes to text as Chinese sites serve them, full-width folding and the simplified shadow."""

import codecs
import time

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner.decode import (
    DecodedText,
    NotTextError,
    decode_bytes,
    normalize_text,
    simplified_shadow,
    to_simplified,
)
from tests.conftest import SEEDS

PAGE = (
    "道里区社会组织党组织组建工作实施方案\n"
    "时间:2017-02-20 15:50 来源:未知 作者:管理员\n"
    "为切实加强党对社会组织的领导,促进社会组织健康发展,结合我区实际,制定实施方案如下。\n"
    "道里区省注册社会组织191户,市注册社会组织236户,区本级注册社会组织266户。\n"
)
TRADITIONAL = (
    "臺北市社會組織黨建工作會議召開\n"
    "發布日期:2019年3月5日 來源:臺灣新聞網\n"
    "為進一步加強社會組織黨的建設,會議要求各單位認真貫徹落實,確保各項工作落到實處。\n"
)


# ---------------------------------------------------------------------------- decode_bytes


def test_utf8_page() -> None:
    assert decode_bytes(PAGE.encode("utf-8")) == DecodedText(PAGE, "utf-8", [])


def test_seeds_are_utf8() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        decoded = decode_bytes(path.read_bytes())
        assert decoded.encoding == "utf-8" and not decoded.warnings


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_bom_wins_and_is_dropped(bom: bytes, codec: str, name: str) -> None:
    decoded = decode_bytes(bom + PAGE.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (PAGE, name, [])


def test_utf16_without_bom() -> None:
    text = "Party building report 2017: 党建工作 covers 292 organisations.\n" * 20
    decoded = decode_bytes(text.encode("utf-16-le"))
    assert (decoded.text, decoded.encoding) == (text, "utf-16-le")


def test_gbk_page() -> None:
    decoded = decode_bytes(PAGE.encode("gbk"))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (PAGE, "gb18030", [])


def test_gb2312_declared_is_read_as_gb18030() -> None:
    # 镕 is GBK but not GB2312: pages labelled gb2312 are GBK in practice.
    text = PAGE + "朱镕基同志\n"
    decoded = decode_bytes(text.encode("gbk"), declared="gb2312")
    assert (decoded.text, decoded.encoding, decoded.warnings) == (text, "gb18030", [])


@pytest.mark.parametrize("label", ["utf-8", "iso-8859-1", "windows-1252", "big5"])
def test_mislabelled_gbk(label: str) -> None:
    decoded = decode_bytes(PAGE.encode("gbk"), declared=label)
    assert decoded.text == PAGE
    assert decoded.encoding == "gb18030"
    assert any("does not fit" in w for w in decoded.warnings)


def test_big5_traditional_page() -> None:
    decoded = decode_bytes(TRADITIONAL.encode("big5"))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (TRADITIONAL, "big5", [])


def test_big5_labelled_gbk_is_still_big5() -> None:
    # Big5 bytes decode as GBK too, into rare characters: the score must see through it.
    data = TRADITIONAL.encode("big5")
    data.decode("gb18030")  # the trap: this does not fail
    decoded = decode_bytes(data, declared="gbk")
    assert decoded.text == TRADITIONAL and decoded.encoding == "big5"


def test_declared_big5_kept() -> None:
    decoded = decode_bytes(TRADITIONAL.encode("big5"), declared="Big5")
    assert (decoded.encoding, decoded.warnings) == ("big5", [])


def test_gbk_encoded_traditional_stays_gb18030() -> None:
    decoded = decode_bytes(TRADITIONAL.encode("gb18030"))
    assert (decoded.text, decoded.encoding) == (TRADITIONAL, "gb18030")


def test_big5_with_a_few_bad_bytes() -> None:
    data = TRADITIONAL.encode("big5") * 20
    middle = len(data) // 2 - len(data) // 2 % 2
    damaged = data[:middle] + b"\xff" + data[middle:]
    decoded = decode_bytes(damaged)
    assert decoded.encoding == "big5"
    assert "undecodable bytes replaced" in decoded.warnings
    assert decoded.text.count("\ufffd") <= 2 and "社會組織" in decoded.text


def test_gbk_with_a_bad_byte() -> None:
    data = PAGE.encode("gbk") * 5
    decoded = decode_bytes(data[:40] + b"\x80" + data[40:])
    assert decoded.encoding == "gb18030"
    assert "undecodable bytes replaced" in decoded.warnings


# A second report, to paste after the first in another encoding.
SECOND = (
    "全市基层党组织开展主题党日活动\n"
    "发布时间:2018-06-01 来源:市委组织部\n"
    "全市共组织学习教育活动1200场次,参与党员3.5万人次。\n"
)


@pytest.mark.parametrize(
    ("parts", "encoding", "warning"),
    [
        pytest.param(
            [(PAGE, "utf-8"), (SECOND, "gbk")],
            "utf-8+gb18030",
            "mixed encodings: lines 1-4 UTF-8, 5-7 GB18030",
            id="utf8-then-gbk",
        ),
        pytest.param(
            [(SECOND, "gbk"), ("ascii only\n\n", "ascii"), (PAGE, "utf-8"), (SECOND, "gb18030")],
            "utf-8+gb18030",
            "mixed encodings: lines 1-5 GB18030, 6-9 UTF-8, 10-12 GB18030",
            id="ascii-lines-join-the-run-they-are-in",
        ),
        pytest.param(
            [(PAGE, "utf-8"), (TRADITIONAL, "big5")],
            "utf-8+big5",
            "mixed encodings: lines 1-4 UTF-8, 5-7 BIG5",
            id="utf8-then-big5",
        ),
    ],
)
def test_mixed_file_decoded_line_by_line(parts, encoding: str, warning: str) -> None:
    data = b"".join(text.encode(codec) for text, codec in parts)
    decoded = decode_bytes(data)
    assert decoded == DecodedText("".join(text for text, _ in parts), encoding, [warning])
    # the encoding a scraper stores comes back as the declared charset: it fits, silently
    assert decode_bytes(data, declared=encoding) == decoded


def test_utf8_file_with_a_bad_byte_is_not_mixed() -> None:
    data = (PAGE * 5).encode("utf-8")
    decoded = decode_bytes(data[:100] + b"\xff" + data[100:])
    assert decoded.encoding == "utf-8" and decoded.warnings == ["undecodable bytes replaced"]
    assert decoded.text.count("\ufffd") == 1


def test_gbk_line_that_is_valid_utf8_stays_gbk() -> None:
    # 一业 in GBK is D2BB D2B5, valid UTF-8 for two Cyrillic letters: no UTF-8 line of Chinese.
    assert "一业".encode("gbk").decode("utf-8") == "һҵ"
    text = PAGE + "一业\n" + SECOND
    assert decode_bytes(text.encode("gbk")) == DecodedText(text, "gb18030", [])


def test_mixed_file_with_a_bad_byte_in_its_gbk_part() -> None:
    gbk = SECOND.encode("gbk")
    decoded = decode_bytes(PAGE.encode("utf-8") + gbk[:40] + b"\x80" + gbk[40:])
    assert decoded.encoding == "utf-8+gb18030"
    assert decoded.warnings[1:] == ["undecodable bytes replaced"]
    assert decoded.text.startswith(PAGE) and decoded.text.count("\ufffd") == 1


def test_undecodable_bytes_still_give_text() -> None:
    decoded = decode_bytes(b"report \x80\xff\x80\xff\x80\xff\x80 end" * 3)
    assert decoded.text and decoded.warnings


def test_unknown_declared_charset() -> None:
    decoded = decode_bytes(PAGE.encode("gbk"), declared="x-no-such-charset")
    assert decoded.text == PAGE
    assert any("unknown declared charset" in w for w in decoded.warnings)


def test_empty_input() -> None:
    assert decode_bytes(b"") == DecodedText("", "utf-8", ["empty input"])


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00", "gzip"),
        (b"text\x00with\x00nul\x00bytes\x00here and there", "NUL"),
        (bytes(range(1, 32)) * 100, "control"),
    ],
)
def test_binary_refused(data: bytes, kind: str) -> None:
    with pytest.raises(NotTextError, match=kind):
        decode_bytes(data)


def test_not_text_error_is_a_value_error() -> None:
    assert issubclass(NotTextError, ValueError)


def test_decode_50_mb_is_fast() -> None:
    data = PAGE.encode("gbk") * (50_000_000 // len(PAGE.encode("gbk")))
    started = time.perf_counter()
    decoded = decode_bytes(data)
    assert decoded.encoding == "gb18030" and len(decoded.text) == len(PAGE) * (
        50_000_000 // len(PAGE.encode("gbk"))
    )
    assert time.perf_counter() - started < 10


def _common_simplified() -> str:
    """GB2312 level 1, the 3755 common simplified characters."""
    out = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                out.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


_CJK_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from("abcXYZ0123456789 ,.:%()\n,。、“”《》"),
    ),
    max_size=200,
)
_COMMON_TEXT = st.text(
    alphabet=st.sampled_from(_common_simplified() + "abc0123456789 ,.:%\n,。、“”《》"),
    max_size=200,
)


@given(_CJK_TEXT)
def test_utf8_round_trip(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")).text == text


@given(_CJK_TEXT)
def test_utf16_round_trip(text: str) -> None:
    assert decode_bytes(text.encode("utf-16")).text == text  # with its BOM


@given(_COMMON_TEXT)
def test_gb18030_round_trip(text: str) -> None:
    # A leading 中文 makes the bytes invalid UTF-8: two or three GBK characters alone can be
    # valid UTF-8 by chance (C4 A3 is both 哪 and ģ), which no decoder can tell apart.
    text = "中文" + text
    assert decode_bytes(text.encode("gb18030")).text == text


_COMMON_LINE = st.text(alphabet=st.sampled_from(_common_simplified() + "0123456789,。、%"),
                       min_size=1, max_size=40)  # fmt: skip


@given(st.lists(st.tuples(_COMMON_LINE, st.sampled_from(["utf-8", "gbk"])), max_size=12))
def test_mixed_round_trip(lines: list[tuple[str, str]]) -> None:
    # A GBK line starts with 中文, as above: a few GBK characters alone can be valid UTF-8.
    texts = [(line if codec == "utf-8" else "中文" + line, codec) for line, codec in lines]
    data = b"".join((text + "\n").encode(codec) for text, codec in texts)
    assert decode_bytes(data).text == "".join(text + "\n" for text, _ in texts)


# ---------------------------------------------------------------------------- normalize_text


def test_full_width_ascii_folded() -> None:
    assert normalize_text("今年以来，台州市") == "今年以来,台州市"
    assert normalize_text("９个市（州）和４１个县") == "9个市(州)和41个县"
    assert normalize_text("覆盖率达到７１％：ＡＢＣ＋ｘｙｚ！？；") == "覆盖率达到71%:ABC+xyz!?;"


def test_chinese_punctuation_kept() -> None:
    text = "一是、二是。“两学一做”《意见》【打印】——……"
    assert normalize_text(text) == text


def test_ideographic_space_and_line_ends() -> None:
    assert normalize_text("\u3000\u3000正文\r\n第二段\r第三段") == "  正文\n第二段\n第三段"


def test_leading_bom_and_zero_width_removed() -> None:
    assert normalize_text("\ufeff\u200b标题\u200b") == "标题\u200b"


@given(st.text().filter(lambda s: "\r" not in s and not s.startswith(("\ufeff", "\u200b"))))
def test_normalize_keeps_length(text: str) -> None:
    if text[:1] in "\u200c\u200d\u2060":
        text = "x" + text
    assert len(normalize_text(text)) == len(text)


# ---------------------------------------------------------------------------- simplified shadow


def test_shadow_of_traditional_text() -> None:
    shadow = simplified_shadow(TRADITIONAL)
    assert shadow is not None and len(shadow) == len(TRADITIONAL)
    assert "台北市社会组织党建工作会议召开" in shadow
    assert "来源:台湾新闻网" in shadow
    start = shadow.index("台湾新闻网")
    assert TRADITIONAL[start : start + 5] == "臺灣新聞網"


def test_no_shadow_for_simplified_or_ascii() -> None:
    assert simplified_shadow(PAGE) is None
    assert simplified_shadow("Annual report 2017") is None
    assert simplified_shadow("") is None


class _PhraseConverter:
    """OpenCC with a phrase rule that changes length (臺灣 -> 台湾省), to force the fallback."""

    def __init__(self) -> None:
        self._real = opencc.OpenCC("t2s")

    def convert(self, text: str) -> str:
        return self._real.convert(text).replace("台湾", "台湾省")


def test_shadow_same_length_when_a_phrase_changes_length(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import miner.decode

    monkeypatch.setattr(miner.decode, "_t2s", _PhraseConverter)
    text = TRADITIONAL * 3
    shadow = simplified_shadow(text)
    assert shadow is not None and len(shadow) == len(text)
    assert shadow == opencc.OpenCC("t2s").convert(text)  # character by character where needed


@settings(max_examples=50)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
            st.sampled_from("臺灣國會議為發組織黨\n "),
        ),
        max_size=100,
    )
)
def test_shadow_length_always_equal(text: str) -> None:
    shadow = simplified_shadow(text)
    assert shadow is None or len(shadow) == len(text)


def test_shadow_of_1_mb_is_fast() -> None:
    text = TRADITIONAL * (1_000_000 // len(TRADITIONAL))
    started = time.perf_counter()
    shadow = simplified_shadow(text)
    assert shadow is not None and len(shadow) == len(text)
    assert time.perf_counter() - started < 1


def test_to_simplified() -> None:
    assert to_simplified("臺灣新聞網") == "台湾新闻网"
