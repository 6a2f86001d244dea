"""Cases: one per place a report is about (the rule in miner/cases.py), without the store."""

from __future__ import annotations

import pytest

from miner.cases import ancestor, split_cases, within
from miner.core import extract_path
from miner.records import NATIONAL, DocInfo, Figure, Record, Region
from miner.regions import UNKNOWN, Gazetteer

from .conftest import SEEDS


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    return {p.name[:3]: extract_path(p) for p in sorted(SEEDS.glob("*.txt"))}


def _region(code: str) -> Region:
    region = Gazetteer.load().by_code(code)
    assert region is not None
    return region


def test_zhejiang_roundup_is_five_places_and_the_province(records):
    record = records["003"]
    cases = split_cases(record)
    assert [(c.region.county or c.region.city or c.region.province) for c in cases] == [
        "浙江省", "嘉兴市", "拱墅区", "温州市", "德清县", "玉环市",
    ]  # fmt: skip
    assert [c.region.code for c in cases[1:]] == ["330400", "330105", "330300", "330521", "331083"]
    assert cases[2].region.city == "杭州市"  # down to the county, with its city
    for case, word in zip(cases[1:], ["嘉兴", "拱墅", "温州", "德清", "玉环"], strict=True):
        assert case.spans and all(word in record.body[s:e] for s, e in case.spans)
        assert case.date == "2017-04-24" and case.year == 2017
        assert case.path == record.doc.path
    # figures and practices follow their paragraph
    deqing = cases[4]
    assert [record.figures[i].text for i in deqing.figures][:3] == ["200多家", "200多家", "628名"]
    assert "党建+社工" in [record.practices[i].name for i in cases[5].practices]
    gongshu = cases[2]
    assert [record.figures[i].text for i in gongshu.figures] == ["580名", "254名"]
    # the province-wide figures stay with the province
    province = cases[0]
    texts = [record.figures[i].text for i in province.figures]
    assert {"4.6万个", "1677个", "9.4个百分点", "9835支"} <= set(texts)
    assert province.number == 0 and province.region == record.region


def test_paragraph_naming_several_places_stays_with_the_report(records):
    # 金华市 … 绍兴市柯桥区 … in one paragraph: a comparison across the province.
    record = records["003"]
    province = split_cases(record)[0]
    texts = [record.figures[i].text for i in province.figures]
    assert "700多名" in texts  # its own sentence names 柯桥区, its paragraph two places
    # 甘肃: 庆阳市, 酒泉市, 金昌市, 平凉市 in one paragraph
    gansu = split_cases(records["001"])
    assert len(gansu) == 1
    assert "150多个" in [records["001"].figures[i].text for i in gansu[0].figures]


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_a_report_about_one_place_is_one_case(records, key):
    record = records[key]
    (case,) = split_cases(record)
    assert case.region == record.region
    assert case.figures == tuple(range(len(record.figures)))
    assert case.practices == tuple(range(len(record.practices)))


def test_places_above_or_beside_the_report_start_no_case(records):
    # the 椒江 report names 黄岩 (beside) and 《台州日报》 (above)
    record = records["000"]
    assert {m.text for m in record.region_mentions} >= {"黄岩", "台州"}
    assert len(split_cases(record)) == 1


def test_city_report_cut_into_its_districts(records):
    cases = split_cases(records["004"])
    assert [c.region.county for c in cases] == [None, "海沧区", "思明区", "湖里区"]
    assert cases[0].region.city == "厦门市"


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_every_figure_and_practice_in_exactly_one_case(records, key):
    record = records[key]
    cases = split_cases(record)
    assert sorted(i for c in cases for i in c.figures) == list(range(len(record.figures)))
    assert sorted(i for c in cases for i in c.practices) == list(range(len(record.practices)))
    spans = sorted(s for c in cases for s in c.spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # disjoint
    for case in cases:
        for i in case.figures:
            f = record.figures[i]
            assert any(s <= f.start < e for s, e in case.spans)


def _record(body: str, report: Region, figures: list[Figure] = ()) -> Record:
    mentions = Gazetteer.load().places(body, report).mentions
    return Record(
        doc=DocInfo("x.txt", "http://example.org/x", "0" * 64, "utf-8", len(body)),
        title=None, date="2018-01-02", year=2018, source=None, author=None,
        region=report, body=body, figures=list(figures), region_mentions=mentions,
    )  # fmt: skip


def _figure(body: str, text: str, region: Region | None) -> Figure:
    start = body.index(text)
    return Figure(
        text, 1, "个", "exact", None, "other", "status", start, start + len(text), "", region, None
    )


def test_rule_on_a_made_up_report():
    body = (
        "全省社会组织党建工作稳步推进。\n"
        "杭州市拱墅区建立了服务中心。\n"
        "该区新建党组织12个。\n"  # no name, but its figure's region (该区: 拱墅区) places it
        "金华市和温州市都开展了培训。\n"
        "宁波市召开了会议。\n"
        "上海市的经验值得学习。\n"  # beside the report's place
        "宁波市各区新建党组织30个。\n"
    )
    report = _region("330000")
    ningbo = _region("330200")
    figures = [_figure(body, "12个", _region("330105")), _figure(body, "30个", ningbo)]
    cases = split_cases(_record(body, report, figures))
    assert [c.region.code for c in cases] == ["330000", "330105", "330200"]
    province, gongshu, ningbo_case = cases
    # a figure's own region below the report's places its paragraph
    assert gongshu.figures == (0,)
    assert gongshu.spans == ((16, 30), (31, 42))
    assert len(ningbo_case.spans) == 2 and ningbo_case.figures == (1,)
    assert [body[s:e] for s, e in province.spans] == [
        "全省社会组织党建工作稳步推进。", "金华市和温州市都开展了培训。", "上海市的经验值得学习。",
    ]  # fmt: skip
    assert all(c.url == "http://example.org/x" and c.date == "2018-01-02" for c in cases)


def test_national_report_has_a_case_per_province():
    body = "全国社会组织党建工作会议召开。\n浙江省介绍了经验。\n甘肃省交流了做法。\n"
    cases = split_cases(_record(body, NATIONAL))
    assert [c.region.province for c in cases] == [None, "浙江省", "甘肃省"]


def test_report_of_unknown_place_has_a_case_per_place_named():
    body = "社会组织党建工作会议召开。\n浙江省介绍了经验。\n"
    cases = split_cases(_record(body, UNKNOWN))
    assert [c.region.province for c in cases] == [None, "浙江省"]
    assert cases[0].region.level is None
    assert ancestor(UNKNOWN, "province") is None  # no row in any table


def test_within_and_ancestor():
    yuhuan, zhejiang, taizhou = _region("331083"), _region("330000"), _region("331000")
    assert within(yuhuan, zhejiang) and within(yuhuan, taizhou) and within(yuhuan, yuhuan)
    assert not within(zhejiang, yuhuan) and not within(yuhuan, _region("330300"))
    assert ancestor(yuhuan, "city") == taizhou
    assert ancestor(yuhuan, "province") == zhejiang
    assert ancestor(yuhuan, "county") == yuhuan
    assert ancestor(zhejiang, "city") is None
    chaoyang = _region("110105")  # a municipality is its own city
    assert ancestor(chaoyang, "city").code == "110000"
    assert ancestor(chaoyang, "province").code == "110000"
    assert ancestor(_region("429004"), "city") is None  # 仙桃市: under no prefecture
    assert ancestor(_region("429004"), "province").province == "湖北省"
