"""The region stage: gazetteer, mentions, 我省-style words, report and figure regions.

Snippets are invented but written the way party-building reports from each province are.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from miner.records import NATIONAL, Region
from miner.regions import UNKNOWN, Gazetteer, Places, figure_region, report_region

ROOT = Path(__file__).resolve().parent.parent
GAZ = Gazetteer.load()


def names(r: Region) -> tuple[str | None, str | None, str | None]:
    return (r.province, r.city, r.county)


def found(text: str, anchor: Region | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.code) for m in GAZ.find_mentions(text, anchor)]


# ------------------------------------------------------------------ the gazetteer
def test_load_is_cached() -> None:
    assert Gazetteer.load() is GAZ


@pytest.mark.parametrize(
    ("code", "expected", "level"),
    [
        ("331002", ("浙江省", "台州市", "椒江区"), "county"),
        ("330000", ("浙江省", None, None), "province"),
        ("350200", ("福建省", "厦门市", None), "city"),
        # municipalities are their own city
        ("110000", ("北京市", "北京市", None), "city"),
        ("110105", ("北京市", "北京市", "朝阳区"), "county"),
        ("310115", ("上海市", "上海市", "浦东新区"), "county"),
        ("500101", ("重庆市", "重庆市", "万州区"), "county"),
        ("500229", ("重庆市", "重庆市", "城口县"), "county"),
        # county-level units under no prefecture: no city
        ("429004", ("湖北省", None, "仙桃市"), "county"),
        ("419001", ("河南省", None, "济源市"), "county"),
        ("659001", ("新疆维吾尔自治区", None, "石河子市"), "county"),
        # a prefecture-level city without counties
        ("441900", ("广东省", "东莞市", None), "city"),
        ("150000", ("内蒙古自治区", None, None), "province"),
        ("422800", ("湖北省", "恩施土家族苗族自治州", None), "city"),
    ],
)
def test_by_code(code: str, expected: tuple, level: str) -> None:
    r = GAZ.by_code(code)
    assert r is not None
    assert names(r) == expected
    assert (r.code, r.level) == (code, level)


def test_unknown_code() -> None:
    assert GAZ.by_code("999999") is None


def test_former_name_and_successor() -> None:
    [r] = GAZ.lookup("上虞市")
    assert names(r) == ("浙江省", "绍兴市", "上虞市")
    assert r.code == "330682"
    now = GAZ.successor("330682")
    assert now is not None and names(now) == ("浙江省", "绍兴市", "上虞区")
    assert GAZ.successor("331002") == GAZ.by_code("331002")


def test_lookup_ambiguous() -> None:
    cities = {r.city for r in GAZ.lookup("鼓楼区")}
    assert {"南京市", "徐州市", "福州市", "开封市"} <= cities
    assert {r.city for r in GAZ.lookup("朝阳区")} == {"北京市", "长春市"}
    assert GAZ.lookup("延安精神") == []


# ------------------------------------------------------------------ mentions
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full names, short names of provinces and cities
        ("浙江省民政厅召开会议", [("浙江省", "330000")]),
        ("黑龙江社会组织党建", [("黑龙江", "230000")]),
        ("嘉兴、温州、厦门三地交流", [("嘉兴", "330400"), ("温州", "330300"), ("厦门", "350200")]),
        ("甘肃省庆阳市召开现场会", [("庆阳市", "621000")]),
        # a chain is one place, the deepest
        ("今年以来,台州市椒江区坚持", [("椒江区", "331002")]),
        ("杭州市拱墅区小河街道党工委", [("拱墅区", "330105")]),
        ("绍兴市柯桥区永利集团", [("柯桥区", "330603")]),
        ("上海市浦东新区社会组织服务中心", [("浦东新区", "310115")]),
        # ambiguous district names settled by context
        (
            "南京市委组织部调研。鼓楼区新建党组织12个。",
            [("南京市", "320100"), ("鼓楼区", "320106")],
        ),
        (
            "福州市委组织部调研。鼓楼区新建党组织12个。",
            [("福州市", "350100"), ("鼓楼区", "350102")],
        ),
        ("鼓楼区新建党组织12个。", []),
        ("北京市朝阳区召开两新党建工作会", [("朝阳区", "110105")]),
        ("长春市朝阳区召开两新党建工作会", [("朝阳区", "220104")]),
        ("朝阳区召开会议,北京各区参加", [("朝阳区", "110105"), ("北京", "110000")]),
        ("吉林省长春市委。朝阳区召开会议", [("长春市", "220100"), ("朝阳区", "220104")]),
        # county short names: only with their city or province named
        ("椒江以五创新五提升为抓手", []),
        ("台州椒江以五创新五提升为抓手", [("椒江", "331002")]),
        (
            "浙江各地:在德清,玉环还专门",
            [("浙江", "330000"), ("德清", "330521"), ("玉环", "331083")],
        ),
        # place-like words that are not places
        ("弘扬延安精神,传承井冈山精神,重温遵义会议", []),
        ("活动在中山路社区举行,沿人民路走到长安街", []),
        ("南湖红船,西湖龙井", []),
        ("孙中山先生", []),
        ("大兴调查研究之风,长治久安,和平发展,安居乐业", []),
        ("沟通化解矛盾,威信提高", []),
        ("推进全区域统筹", []),
        # ...and the real places next to them
        ("延安市宝塔区", [("宝塔区", "610602")]),
        ("延安社会组织", [("延安", "610600")]),
        ("北京朝阳,吉林通化", [("朝阳", "110105"), ("通化", "220500")]),
        # short names that are ordinary words even after their own city or province
        ("南昌市新建党组织50个", [("南昌市", "360100")]),
        ("广西资源丰富,湖北公安厅", [("广西", "450000"), ("湖北", "420000")]),
        ("山西大同", [("大同", "140200")]),
        # a news agency's dateline is where the report was filed
        ("新华社北京5月3日电", []),
        # two-character county names glued to other words are not places
        ("甘肃各地建成县级服务中心,市和县两级", [("甘肃", "620000")]),
        ("甘肃省陇南市成县社会组织党委", [("成县", "621221")]),
        ("陇南各地,在成县", [("陇南", "621200"), ("成县", "621221")]),
        # a town or street sharing a district's short name
        ("东城街道社区党委", []),
        ("北京市东城区", [("东城区", "110101")]),
        # a city short name beats a county short name with no context
        ("西安社会组织党建工作", [("西安", "610100")]),
        ("吉林社会组织", [("吉林", "220000")]),
        # autonomous regions and their short names and aliases
        ("新疆维吾尔自治区党委组织部", [("新疆维吾尔自治区", "650000")]),
        ("新疆、内蒙古、广西三地", [("新疆", "650000"), ("内蒙古", "150000"), ("广西", "450000")]),
        ("广西壮族自治区南宁市", [("南宁市", "450100")]),
        ("广西自治区民政厅", [("广西自治区", "450000")]),
        ("恩施州委组织部,黔东南州", [("恩施州", "422800"), ("黔东南州", "522600")]),
        # province-administered county-level city
        ("仙桃市非公企业党建", [("仙桃市", "429004")]),
        # former names
        ("上虞市质监局开展活动", [("上虞市", "330682")]),
        ("襄樊市委组织部", [("襄樊市", "420600")]),
        # a name at the very end of the text
        ("来自吉林通化", [("通化", "220500")]),
    ],
)
def test_find_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_mention_offsets() -> None:
    body = "今年以来,台州市椒江区坚持以“五创新五提升”行动为抓手。在椒江,全区292家社会组织"
    ms = GAZ.find_mentions(body)
    assert [(m.text, m.start, m.end) for m in ms] == [("椒江区", 8, 11), ("椒江", 29, 31)]
    for m in ms:
        assert body[m.start : m.end] == m.text


def test_anchor_settles_ambiguous_names() -> None:
    fuzhou = GAZ.by_code("350100")
    assert found("鼓楼区新建党组织12个", anchor=fuzhou) == [("鼓楼区", "350102")]
    nanjing = GAZ.by_code("320100")
    assert found("鼓楼区新建党组织12个", anchor=nanjing) == [("鼓楼区", "320106")]
    taizhou = GAZ.by_code("331000")
    assert found("椒江以五创新五提升为抓手", anchor=taizhou) == [("椒江", "331002")]


def test_nearest_context_wins_when_both_cities_are_named() -> None:
    text = "南京市鼓楼区建成服务中心。福州市委组织部介绍,鼓楼区新建党组织12个。"
    assert found(text) == [("鼓楼区", "320106"), ("福州市", "350100"), ("鼓楼区", "350102")]


def test_traditional_text_converted_to_simplified() -> None:
    opencc = pytest.importorskip("opencc")
    t2s = opencc.OpenCC("t2s")
    text = t2s.convert("廣東省廣州市越秀區社會組織黨建工作會議；黑龍江省哈爾濱市道裡區")
    ms = GAZ.find_mentions(text)
    assert [(m.text, m.code) for m in ms] == [("越秀区", "440104"), ("道里区", "230102")]
    title = t2s.convert("廈門市思明區社會組織黨建工作推進會召開")
    region, warnings = report_region(title, "", None, None, "")
    assert names(region) == ("福建省", "厦门市", "思明区")
    assert warnings == []


# ------------------------------------------------------------------ 我省-style words
def test_own_words_mean_the_report_region() -> None:
    zhejiang = GAZ.by_code("330000")
    assert zhejiang is not None
    body = "目前全省有非公企业33.33万家。我省各地进行了有效探索。"
    places = GAZ.places(body, zhejiang)
    assert [(m.text, m.code) for m in places.references] == [("全省", "330000"), ("我省", "330000")]
    assert places.region_at(body.index("33.33万家")) == zhejiang


def test_own_word_of_a_kind_the_report_lacks_means_the_nearest_place() -> None:
    zhejiang = GAZ.by_code("330000")
    assert zhejiang is not None
    body = "在德清,全县200多家非公企业签字。"
    places = GAZ.places(body, zhejiang)
    assert [(m.text, m.code) for m in places.references] == [("全县", "330521")]
    assert names(places.region_at(body.index("200多家"))) == ("浙江省", "湖州市", "德清县")


def test_anaphoric_word_means_the_place_just_named() -> None:
    xiamen = GAZ.by_code("350200")
    assert xiamen is not None
    body = "海沧区社会组织党建服务中心成立。该区共有社会组织300家。全市新建党组织50个。"
    places = GAZ.places(body, xiamen)
    refs = {m.text: m.code for m in places.references}
    assert refs == {"该区": "350205", "全市": "350200"}
    assert names(places.region_at(body.index("300家"))) == ("福建省", "厦门市", "海沧区")
    assert places.region_at(body.index("50个")) == xiamen


def test_autonomous_region_whole_region_word() -> None:
    guangxi = GAZ.by_code("450000")
    body = "全区新建非公企业党组织500个。"
    places = GAZ.places(body, guangxi)
    assert [(m.text, m.code) for m in places.references] == [("全区", "450000")]


def test_district_word_in_a_district_report() -> None:
    daoli = GAZ.by_code("230102")
    body = "结合我区实际,制定实施方案。"
    places = GAZ.places(body, daoli)
    assert [(m.text, m.code) for m in places.references] == [("我区", "230102")]


def test_municipality_city_word() -> None:
    beijing = GAZ.by_code("110000")
    places = GAZ.places("全市社会组织党组织1.2万个。", beijing)
    assert [(m.text, m.code) for m in places.references] == [("全市", "110000")]


# ------------------------------------------------------------------ a figure's region
def test_figure_region_names_in_its_own_sentence() -> None:
    zhejiang = GAZ.by_code("330000")
    assert zhejiang is not None
    body = (
        "全省登记的社会组织有4.6万个。台州市椒江区登记注册的292家社会组织中,"
        "已建立党组织43家。金华市通过展板等形式宣传。\n发放倡议书8000余份。"
    )
    places = Places(GAZ, body, zhejiang)
    at = body.index
    assert places.region_at(at("4.6万个")) == zhejiang
    assert names(places.region_at(at("292家"))) == ("浙江省", "台州市", "椒江区")
    assert names(places.region_at(at("43家"))) == ("浙江省", "台州市", "椒江区")
    # a new paragraph without a place falls back to the report's region
    assert places.region_at(at("8000余份")) == zhejiang
    assert figure_region(body, at("292家"), zhejiang, places) == places.region_at(at("292家"))
    assert figure_region(body, at("8000余份"), zhejiang) == zhejiang


FIGURE_PLACES = [
    # (report region code, body, the figure) -> its place: names, or "national"
    pytest.param(
        "330000", "新建党组织300个。", "300个", ("浙江省", None, None), id="no-place-named"
    ),
    pytest.param(
        "330000",
        "我国非公企业已达900多万家,浙江占十分之一。",
        "900多万家",
        "national",
        id="national-figure-in-a-province-report",
    ),
    pytest.param(
        "330000",
        "截至去年底,全国社会组织党组织达17万个。",
        "17万个",
        "national",
        id="whole-country-word",
    ),
    pytest.param(
        "330000",
        "我国非公企业已达900多万家,其中浙江省有300万家。",
        "300万家",
        ("浙江省", None, None),
        id="a-place-after-the-national-word",
    ),
    pytest.param(
        "320000",
        "全国社会组织达90万个,品牌服务项目达到100个。",
        "100个",
        ("江苏省", None, None),
        id="national-scope-ends-with-its-clause",
    ),
    pytest.param(
        "320000",
        "到2025年,在全国有影响力的社会组织达到50家。",
        "50家",
        ("江苏省", None, None),
        id="nationally-known-is-no-scope",
    ),
    pytest.param(
        "330000",
        "我省建立了全国首个社会组织孵化基地,新建党组织300个。",
        "300个",
        ("浙江省", None, None),
        id="a-rank-is-no-scope",
    ),
    pytest.param(
        "330000",
        "在德清,非公企业党建实现全覆盖。这200多家企业全部建立党组织。",
        "200多家",
        ("浙江省", "湖州市", "德清县"),
        id="place-from-the-sentence-before",
    ),
    pytest.param(
        "330500",
        "某公司党支部在安吉县某村开展结对共建活动。累计开展活动10次。",
        "10次",
        ("浙江省", "湖州市", None),
        id="an-activity-place-is-no-topic",
    ),
    pytest.param(
        "330100",
        "杭州市温州商会党支部现有党员28名。",
        "28名",
        ("浙江省", "杭州市", None),
        id="organization-from-elsewhere",
    ),
    pytest.param(
        "371500",
        "被评为“山东省先进社会组织”的协会有3个。",
        "3个",
        ("山东省", "聊城市", None),
        id="quoted-name-is-no-scope",
    ),
    pytest.param(
        "330000",
        "“今年椒江区新建党组织43个,覆盖率达到90%。”区委组织部负责人说。",
        "43个",
        ("浙江省", "台州市", "椒江区"),
        id="quoted-speech-keeps-its-places",
    ),
    pytest.param(
        "230100",
        "富力(哈尔滨)房地产开发有限公司党支部有党员12名。",
        "12名",
        ("黑龙江省", "哈尔滨市", None),
        id="a-place-in-brackets-in-a-company-name",
    ),
    pytest.param(
        "371500",
        "高唐、莘县社会组织党工委受到表彰。3个协会党支部被评为先进。",
        "3个",
        ("山东省", "聊城市", None),
        id="a-list-is-no-topic",
    ),
    pytest.param(
        "330000",
        "杭州市拱墅区小河街道某某社区有党员56名。",
        "56名",
        ("浙江省", "杭州市", "拱墅区"),
        id="street-gives-its-county",
    ),
]


@pytest.mark.parametrize(("code", "body", "figure", "expected"), FIGURE_PLACES)
def test_figure_place(code: str, body: str, figure: str, expected: tuple | str) -> None:
    report = GAZ.by_code(code)
    assert report is not None
    region = GAZ.places(body, report).region_at(body.index(figure))
    if expected == "national":
        assert region == NATIONAL
    else:
        assert names(region) == expected


def test_region_at_many_figures_in_a_long_body() -> None:
    """Many figures in a long body: each lookup bisects offsets computed once."""
    zhejiang = GAZ.by_code("330000")
    assert zhejiang is not None
    body = "台州市椒江区新建党组织43个,覆盖非公企业292家。\n" * 20_000
    places = GAZ.places(body, zhejiang)
    offsets = [m.start() for m in re.finditer("43个", body)]
    assert len(offsets) == 20_000
    assert {names(places.region_at(o)) for o in offsets} == {("浙江省", "台州市", "椒江区")}


def test_figure_region_ignores_places_after_the_figure() -> None:
    fujian = GAZ.by_code("350000")
    assert fujian is not None
    body = "新建党组织120个,其中厦门市40个。"
    assert figure_region(body, body.index("120个"), fujian) == fujian
    assert names(figure_region(body, body.index("40个"), fujian)) == ("福建省", "厦门市", None)


# ------------------------------------------------------------------ the report's region
def _seed_cases() -> list[tuple[str, str, str, str | None, str | None, str, tuple]]:
    cases = []
    for line in (ROOT / "tests" / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        text = (ROOT / "corpus" / "seeds" / gold["doc"]).read_text(encoding="utf-8")
        start = text.index(gold["body_start"])
        end = text.index(gold["body_end"], start) + len(gold["body_end"])
        body = text[start:end]
        lead = body.split("。", 1)[0]
        site = next(ln.strip() for ln in text.splitlines() if ln.strip())
        r = gold["region"]
        cases.append(
            (
                gold["doc"],
                gold["title"],
                lead,
                gold["source"],
                site,
                body,
                (r["province"], r["city"], r["county"]),
            )
        )
    return cases


@pytest.mark.parametrize(
    ("doc", "title", "lead", "source", "site", "body", "expected"),
    _seed_cases(),
    ids=lambda v: v if isinstance(v, str) and v.endswith(".txt") else "",
)
def test_report_region_seeds(
    doc: str,
    title: str,
    lead: str,
    source: str | None,
    site: str | None,
    body: str,
    expected: tuple,
) -> None:
    region, warnings = report_region(title, lead, source, site, body)
    assert names(region) == expected
    assert warnings == []


REPORTS = [
    # (title, lead, source, site, body) -> (province, city, county)
    pytest.param(
        "全国社会组织党建工作推进会召开",
        "近日,全国社会组织党建工作推进会在京召开。",
        "人民网",
        None,
        "近日,全国社会组织党建工作推进会在京召开。会议要求各地扩大两个覆盖。",
        (None, None, None),
        id="national",
    ),
    pytest.param(
        "中组部部署非公企业党建工作",
        "",
        None,
        None,
        "会议指出,北京、上海、浙江、广东等地探索了有效做法。",
        (None, None, None),
        id="national-with-examples",
    ),
    pytest.param(
        "我省社会组织党建工作取得新进展",
        "今年以来,我省各地认真贯彻落实中央部署。",
        "四川日报",
        None,
        "今年以来,我省各地认真贯彻落实中央部署。成都市新建党组织300个,绵阳市、德阳市、"
        "南充市也取得积极进展。全省社会组织党组织覆盖率达到80%。",
        ("四川省", None, None),
        id="province-roundup-sichuan",
    ),
    pytest.param(
        "两新党建工作综述",
        "",
        "河南日报",
        None,
        "郑州市新建党组织300个。洛阳市、开封市、新乡市创新做法。我省将继续推进,全省覆盖率达90%。",
        ("河南省", None, None),
        id="province-roundup-by-own-words",
    ),
    pytest.param(
        "鼓楼区召开两新组织党建工作会议",
        "5月10日,区委组织部召开会议。",
        "福州新闻网",
        None,
        "5月10日,区委组织部召开会议。全区120家非公企业参加。",
        ("福建省", "福州市", "鼓楼区"),
        id="ambiguous-district-settled-by-source",
    ),
    pytest.param(
        "鼓楼区社会组织党建工作推进会召开",
        "",
        "南京日报",
        None,
        "鼓楼区……",
        ("江苏省", "南京市", "鼓楼区"),
        id="ambiguous-district-nanjing",
    ),
    pytest.param(
        "朝阳区社会组织党建工作",
        "",
        "北京日报",
        None,
        "朝阳区……",
        ("北京市", "北京市", "朝阳区"),
        id="chaoyang-beijing",
    ),
    pytest.param(
        "朝阳区社会组织党建工作",
        "",
        "长春日报",
        None,
        "朝阳区……",
        ("吉林省", "长春市", "朝阳区"),
        id="chaoyang-changchun",
    ),
    pytest.param(
        "全市非公企业党建工作会议召开",
        "",
        "福建日报",
        None,
        "会议在厦门召开。海沧区、思明区、湖里区作交流发言。全市新建党组织80个。",
        ("福建省", "厦门市", None),
        id="city-word-narrows-provincial-source",
    ),
    pytest.param(
        "社会组织党建观摩会召开",
        "",
        "黑龙江党建",
        None,
        "齐齐哈尔市社会组织党建观摩会召开。与会人员观摩了齐齐哈尔市龙沙区两个服务中心。",
        ("黑龙江省", "齐齐哈尔市", None),
        id="provincial-site-report-on-one-city",
    ),
    pytest.param(
        "某某社区开展主题党日活动",
        "日前,杭州市拱墅区小河街道某某社区党委开展主题党日活动。",
        None,
        None,
        "日前,杭州市拱墅区小河街道某某社区党委开展主题党日活动。",
        ("浙江省", "杭州市", "拱墅区"),
        id="street-gives-its-county",
    ),
    pytest.param(
        "上海社会组织党建工作综述",
        "",
        None,
        None,
        "全市社会组织党组织1.2万个。",
        ("上海市", "上海市", None),
        id="municipality-whole",
    ),
    pytest.param(
        "浦东新区推进社会组织党建全覆盖",
        "",
        "东方网",
        None,
        "浦东新区……",
        ("上海市", "上海市", "浦东新区"),
        id="municipality-district",
    ),
    pytest.param(
        "仙桃市推进非公企业党建全覆盖",
        "",
        "湖北日报",
        None,
        "今年以来,仙桃市……",
        ("湖北省", None, "仙桃市"),
        id="province-administered-city",
    ),
    pytest.param(
        "全区两新组织党建工作会议召开",
        "3月2日,自治区党委组织部召开全区两新组织党建工作会议。",
        "广西日报",
        None,
        "南宁、柳州、桂林等市作交流发言。全区新建党组织500个。",
        ("广西壮族自治区", None, None),
        id="autonomous-region-guangxi",
    ),
    pytest.param(
        "新疆推进非公企业党建工作",
        "",
        None,
        None,
        "全区……",
        ("新疆维吾尔自治区", None, None),
        id="xinjiang-short-name",
    ),
    pytest.param(
        "内蒙古鄂尔多斯市两新组织党建综述",
        "",
        None,
        None,
        "全市……",
        ("内蒙古自治区", "鄂尔多斯市", None),
        id="inner-mongolia-chain",
    ),
    pytest.param(
        "上虞市两新组织党建工作经验交流",
        "",
        None,
        None,
        "上虞市委组织部……",
        ("浙江省", "绍兴市", "上虞市"),
        id="former-name",
    ),
    pytest.param(
        "弘扬延安精神 推动社会组织党建提质增效",
        "近日,西安市委组织部召开推进会。",
        None,
        None,
        "近日,西安市委组织部召开推进会。",
        ("陕西省", "西安市", None),
        id="spirit-is-not-a-place",
    ),
    pytest.param(
        "长沙经开区两新组织党建工作综述",
        "长沙经开区地处长沙县,园区内非公企业800余家。",
        None,
        None,
        "长沙经开区地处长沙县,园区内非公企业800余家。长沙县委组织部派驻党建指导员。",
        ("湖南省", "长沙市", "长沙县"),
        id="zone-in-the-county-the-text-names",
    ),
    pytest.param(
        "南昌经开区:以园区党建引领民营经济发展",
        "南昌经开区坚持把民营企业党建作为园区党建的重点。",
        "江西日报",
        None,
        "南昌经开区坚持把民营企业党建作为园区党建的重点。园区现有非公企业党组织120个。",
        ("江西省", "南昌市", None),
        id="zone-without-a-county-is-its-city",
    ),
    pytest.param(
        "株洲高新区(天元区)举办新兴领域党建论坛",
        "",
        None,
        None,
        "论坛上,各园区企业党组织书记作交流发言。",
        ("湖南省", "株洲市", "天元区"),
        id="zone-with-its-district-in-brackets",
    ),
    pytest.param(
        None,
        "德清经济开发区党群服务中心是结合我县实际建立的示范工程。",
        None,
        None,
        "德清经济开发区党群服务中心是结合我县实际建立的示范工程。中心共投资300万元。",
        ("浙江省", "湖州市", "德清县"),
        id="park-named-by-a-county-short-name",
    ),
    pytest.param(
        "楚雄经济开发区党工委推进园区非公党建",
        "",
        None,
        None,
        "开发区党工委把园区企业党建作为重点,新建非公企业党组织12个。",
        ("云南省", "楚雄彝族自治州", "楚雄市"),
        id="zone-of-a-prefecture-is-its-seat-city",
    ),
    pytest.param(
        "成都市玉林街道打造街区党建新阵地",
        "",
        None,
        None,
        "玉林街道位于武侯区中部。近年来,武侯区委组织部指导街道建成党群服务中心。",
        ("四川省", "成都市", "武侯区"),
        id="street-in-the-county-the-body-names",
    ),
    pytest.param(
        "温州市某某商会党委推进商会党建",
        "",
        None,
        None,
        "商会党委组织党员到瓯海区某某村开展结对共建活动,为群众办实事。",
        ("浙江省", "温州市", None),
        id="organization-with-an-activity-district-is-its-city",
    ),
    pytest.param(
        "杭州市:压实党委主体责任 推进两新党建",
        "",
        None,
        None,
        "今年以来,杭州市各级党委压实责任。上城区建成楼宇党群服务中心,上城区委组织部总结推广。",
        ("浙江省", "杭州市", None),
        id="a-unit-word-outside-the-places-name-narrows-nothing",
    ),
    pytest.param(
        "天津市浙江商会强化党建引领",
        "",
        None,
        None,
        "商会党支部组织会员企业开展主题党日活动。",
        ("天津市", "天津市", None),
        id="a-chamber-of-people-from-elsewhere",
    ),
    pytest.param(
        "两新组织党建工作推进会召开",
        "4月12日,全市两新组织党建工作推进会在海曙区召开。",
        "宁波日报",
        None,
        "4月12日,全市两新组织党建工作推进会在海曙区召开。海曙区、鄞州区作交流发言。",
        ("浙江省", "宁波市", None),
        id="whole-city-lead-with-the-district-of-its-meeting",
    ),
    pytest.param(
        "宁波市两新组织党建现场推进会在海曙区召开",
        "",
        None,
        None,
        "与会人员观摩了海曙区党群服务中心。",
        ("浙江省", "宁波市", None),
        id="title-city-with-the-district-of-its-meeting",
    ),
    pytest.param(
        "山东淄博:构建区域化党建工作体系",
        "",
        None,
        None,
        "近年来,淄博市着力打造区域化党建。作为淄博市经济最活跃的区域之一,张店区非公企业"
        "集聚。全区非公有制企业812家。",
        ("山东省", "淄博市", "张店区"),
        id="title-city-body-about-its-one-district",
    ),
    pytest.param(
        None,
        "南明区两新组织党群服务中心投入使用。",
        None,
        None,
        "南明区两新组织党群服务中心投入使用。南明区早在2010年就建立了全省首个区级两新组织"
        "党工委,去年又建成全省首家楼宇党群服务中心。",
        ("贵州省", "贵阳市", "南明区"),
        id="a-rank-word-says-no-level",
    ),
    pytest.param(
        "北京昌平:楼宇党建激活红色引擎",
        "",
        None,
        None,
        "全区商务楼宇党组织覆盖率达到95%。",
        ("北京市", "北京市", "昌平区"),
        id="municipality-district-short",
    ),
    pytest.param(
        "陕西登记社会组织3万家",
        "",
        "三秦都市报",
        None,
        "全省社会组织党组织覆盖率达到90%。",
        ("陕西省", None, None),
        id="a-byname-is-not-a-district",
    ),
    pytest.param(
        "甘肃:全省社会组织党建工作现场会在庆阳召开",
        "",
        None,
        None,
        "",
        ("甘肃省", None, None),
        id="title-province-with-venue",
    ),
]


@pytest.mark.parametrize(("title", "lead", "source", "site", "body", "expected"), REPORTS)
def test_report_region(
    title: str | None, lead: str, source: str | None, site: str | None, body: str, expected: tuple
) -> None:
    region, warnings = report_region(title, lead, source, site, body)
    assert names(region) == expected
    if expected == (None, None, None):
        assert region == NATIONAL
    assert warnings == []


def test_report_region_codes() -> None:
    region, _ = report_region(
        "椒江以五创新五提升为抓手推进社会组织党建工作",
        "",
        "浙江在线",
        None,
        "今年以来,台州市椒江区坚持以“五创新五提升”行动为抓手。",
    )
    assert region == Region("浙江省", "台州市", "椒江区", "331002", "county")


def test_no_region_found_is_unknown_not_national() -> None:
    region, warnings = report_region(
        "社会组织党建工作推进会召开", "", None, None, "会议强调要贯彻党中央部署,提高认识。"
    )
    assert region == UNKNOWN
    assert region.level is None
    assert warnings == ["no region found"]


def test_no_place_but_the_whole_country_is_national() -> None:
    body = "截至2019年底,全国共有基层党组织468.1万个,其中非公有制企业党组织15.8万个。"
    region, warnings = report_region("党内统计公报发布", body[:30], None, None, body)
    assert region == NATIONAL
    assert warnings == []


def test_none_fields_are_accepted() -> None:
    region, warnings = report_region(None, "", None, None, "")
    assert region == UNKNOWN
    assert warnings == ["no region found"]


def test_unsettled_title_place_warns() -> None:
    region, warnings = report_region("鼓楼区召开两新组织党建工作会议", "", None, None, "会议强调。")
    assert region == UNKNOWN
    assert warnings == [
        "region: could not tell which place the title names: 鼓楼区",
        "no region found",
    ]
