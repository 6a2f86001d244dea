"""The matching copy: a page simplified, pinyin glosses left out, offsets mapped to the print."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner.core import extract
from miner.decode import fold, matching_copy, pinyin_glosses

# An invented report in the shape of sites that print pinyin after some characters.
GLOSSED = (
    "余杭區(qū)推進非公企業(yè)黨建工作\n"
    "今年以來,杭州市余杭區(qū)深化“兩個(gè)覆蓋”,全區(qū)新組建非公企業(yè)黨組織36個(gè),"
    "黨組織覆蓋率達(dá)到85%。\n"
    "推行“紅色管家”活動(dòng),服務(wù)黨員1.2萬(wàn)名。\n"
)


@pytest.mark.parametrize(
    ("text", "glosses"),
    [
        ("兩個(gè)覆蓋", ["(gè)"]),
        ("擴(kuò)覆蓋、強(qiáng)隊(duì)伍", ["(kuò)", "(qiáng)", "(duì)"]),
        ("科技型企業(yè)3.36萬(wàn)家", ["(yè)", "(wàn)"]),
        ("綠(lǜ)色", ["(lǜ)"]),
        # Not glosses: a place in brackets, an abbreviation, a letter item, a word in Latin
        # letters that is no syllable, a gloss-shaped pair not after a character.
        ("富力(哈爾濱)房地產", []),
        ("中國共產黨(CPC)", []),
        ("方案(a)和方案(b)", []),
        ("平台(app)上線", []),
        ("第3(gè)", []),
        # Toneless syllables count only where the page glosses systematically.
        ("個(ge)", []),
        ("個(ge)區(qu)組(zu)織(zhi)發(fa)展", ["(ge)", "(qu)", "(zu)", "(zhi)", "(fa)"]),
        ("兩個(gè)區(qū)組(zǔ)織(zhī)發(fā)展(de)", ["(gè)", "(qū)", "(zǔ)", "(zhī)", "(fā)", "(de)"]),
    ],
)
def test_pinyin_glosses(text: str, glosses: list[str]) -> None:
    assert [text[s:e] for s, e in pinyin_glosses(text)] == glosses


@pytest.mark.parametrize(
    ("printed", "folded"),
    [
        ("兩個(gè)覆蓋", "两个覆盖"),
        ("抓鞏固、擴(kuò)覆蓋", "抓巩固、扩覆盖"),
        ("兩個覆蓋", "两个覆盖"),
        ("两个覆盖", "两个覆盖"),
        ("富力(哈爾濱)", "富力(哈尔滨)"),
    ],
)
def test_fold(printed: str, folded: str) -> None:
    assert fold(printed) == folded


def test_spans_of_the_copy_quote_the_print() -> None:
    copy = matching_copy(GLOSSED)
    assert copy.traditional and "全区新组建非公企业党组织36个," in copy.text
    i = copy.text.index("36个")
    s, e = copy.span(i, i + 3)
    assert GLOSSED[s:e] == "36個"  # the gloss after the unit stays out
    i = copy.text.index("1.2万名")
    s, e = copy.span(i, i + 5)
    assert GLOSSED[s:e] == "1.2萬(wàn)名"  # the gloss inside the figure stays in
    i = copy.text.index("两个覆盖")
    s, e = copy.span(i, i + 4)
    assert GLOSSED[s:e] == "兩個(gè)覆蓋"


def test_simplified_page_without_glosses_is_its_own_copy() -> None:
    text = "全区建立党组织36个。"
    copy = matching_copy(text)
    assert copy.text == text and not copy.traditional and copy.span(5, 8) == (5, 8)


_TRADITIONAL = "兩個覆蓋組織黨員發展區"


@settings(max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(_TRADITIONAL), st.sampled_from(["", "(gè)", "(qū)"])),
                max_size=30),
       st.data())
def test_every_span_maps_to_its_printed_slice(pieces: list, data: st.DataObject) -> None:
    printed = "".join(c + g for c, g in pieces)
    copy = matching_copy(printed)
    start = data.draw(st.integers(0, len(copy.text)))
    end = data.draw(st.integers(start, len(copy.text)))
    s, e = copy.span(start, end)
    assert fold(printed[s:e]) == copy.text[start:end]
    # A gloss belongs to the character before it: never the first or last thing in a span.
    assert not printed[s:e].startswith("(") and not printed[s:e].endswith(")")


def test_glossed_report_reads_as_if_the_glosses_were_not_there() -> None:
    record = extract(GLOSSED)
    body = record.body
    assert body.startswith("今年以來,杭州市余杭區(qū)深化")
    figures = {f.text: f for f in record.figures}
    assert set(figures) >= {"36個", "85%", "1.2萬(wàn)名"}
    assert figures["36個"].unit == "个" and figures["1.2萬(wàn)名"].value == 12000
    for f in record.figures:
        assert body[f.start : f.end] == f.text
    practices = {p.name: p for p in record.practices}
    assert {"两个覆盖", "红色管家"} <= set(practices)
    p = practices["两个覆盖"]
    assert p.printed == body[p.start : p.end] == "兩個(gè)覆蓋"
    assert p.sentence.startswith("今年以來")
    assert ("余杭區", "330110") in [(m.text, m.code) for m in record.region_mentions]
    for m in record.region_mentions:
        assert body[m.start : m.end] == m.text
    assert (record.region.city, record.region.county) == ("杭州市", "余杭区")
    assert any("pinyin glosses" in w for w in record.warnings)


def test_a_gloss_inside_a_place_name_in_the_title() -> None:
    record = extract("溫(wēn)州市鹿城區(qū)推進黨建工作\n今年以來,全區(qū)新建黨組織36個(gè)。\n")
    assert record.title == "溫(wēn)州市鹿城區(qū)推進黨建工作"  # as printed
    assert (record.region.city, record.region.county) == ("温州市", "鹿城区")


def test_glossed_html_page() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in GLOSSED.splitlines()[1:])
    html = f'<html><body><div class="article"><h1>{GLOSSED.splitlines()[0]}</h1>{paragraphs}'
    record = extract(html + "</div></body></html>", is_html=True)
    assert {f.text for f in record.figures} >= {"36個", "1.2萬(wàn)名"}
    assert [p.name for p in record.practices][:2] == ["两个覆盖", "红色管家"]
    assert record.region.county == "余杭区"
