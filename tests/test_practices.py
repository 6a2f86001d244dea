"""Named practices: shapes that make a practice, and quoted phrases that do not."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner.practices import find_practices, practice_kind


def names(text: str) -> list[str]:
    return [p.name for p in find_practices(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全县坚持以“四联四帮”行动为抓手,推进两新党建。", ["四联四帮"]),
        ("在党员中开展“红色管家”活动,收集群众意见。", ["红色管家"]),
        ("探索“党建+志愿服务”模式,服务群众。", ["党建+志愿服务"]),
        ("推行“支部建在协会上”工作法。", ["支部建在协会上"]),
        ("开通了“红色云课堂”,方便党员学习。", ["红色云课堂"]),
        ("采取“走出去”与“请进来”相结合的方式开展培训。", ["走出去", "请进来"]),
        ("推行“一企一档、一会一策”,建立台账。", ["一企一档、一会一策"]),
        ("坚持党建带群建,发挥工会作用。", ["党建带群建"]),
        ("二是行业牵头联合建。三是园区统筹兜底建。", ["行业牵头联合建", "园区统筹兜底建"]),
        ("通过设立党员示范岗、党员责任区等形式,发挥作用。", ["党员示范岗", "党员责任区"]),
        ("以社会组织党校(红色讲习所)为主要阵地,开展培训。", ["社会组织党校", "红色讲习所"]),
        ("建立季度通报制度,压实责任。", ["季度通报制度"]),
        # a name's own mark: a number leading it, a mechanism noun ending it
        ("做到党建工作与年检、评估“两同步”。", ["两同步"]),
        ("要求能建未建情况“零存在”。", ["零存在"]),
        ("被总结为“县委主抓、部门联动”的“江东模式”。", ["县委主抓、部门联动", "江东模式"]),
        # the verb of its clause, or the enumeration it heads
        ("依托楼宇“红色会客厅”开展活动。", ["红色会客厅"]),
        ("二是精准指导“点准穴”。针对社会组织特点制定指引。", ["点准穴"]),
        # quotes side by side share their frame; spaced ASCII quotes as some sites print them
        ('坚持 " 供需对接 "" 双向认领 ",动员骑手。', ["供需对接", "双向认领"]),
        ("从“三会一课”、“红色家书”等角度交流。", ["三会一课", "红色家书"]),
        ("推动从“有形覆盖”向“有效覆盖”转变。", ["有形覆盖", "有效覆盖"]),
        # ways of building listed before a frame noun
        ("采取区域联建、行业共建、挂靠组建等方式,建立联合党组织。", ["区域联建", "行业共建", "挂靠组建"]),
        ("分类探索政企联建、协会领建等党建组团模式。", ["政企联建", "协会领建"]),
        ("组织开展了点亮微心愿、微党课等活动。", ["点亮微心愿", "微党课"]),
        # slogan shapes written without quotes
        ("坚持把支部建在产业链上。", ["把支部建在产业链上"]),
        ("一手抓组建、一手抓规范,成效明显。", ["一手抓组建、一手抓规范"]),
        ("形成物业、居委会、业委会三方联动机制。", ["三方联动机制"]),
        ("今年是基层党建提升年。", ["基层党建提升年"]),
        ("商会始终坚持以党建促会建。", ["以党建促会建"]),
        ("凝聚“商圈联盟”力量。", ["商圈联盟"]),
        ("以打造十大党建品牌为切入点。", ["十大党建品牌"]),
        # a section heading that is a way of building
        ("单独组建。\n对有3名以上党员的企业单独成立支部。\n群团先建\n先建工会。", ["单独组建", "群团先建"]),
        # national campaigns count like 两学一做
        ("深入开展党史学习教育。", ["党史学习教育"]),
    ],
)
def test_practices_found(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # parts listed before a numbered name, as many as it counts
        ("通过单独组建、区域联建、行业统建“三建”方式扩大覆盖。",
         ["单独组建", "区域联建", "行业统建", "三建"]),
        # in the quoted list before it
        ("推行“登记与组建同步、年检与考核同步”的“两同步”做法。",
         ["登记与组建同步", "年检与考核同步", "两同步"]),
        # after it, in brackets (long parts where the name counts them) or after 即
        ("开展“两同时”(检查经营同时检查党建工作、登记注册同时采集党员信息)。",
         ["两同时", "检查经营同时检查党建工作", "登记注册同时采集党员信息"]),
        ("大力推行“三培养”,即把骨干培养成党员、把党员培养成骨干、把党员骨干培养成管理人员。",
         ["三培养", "把骨干培养成党员", "把党员培养成骨干", "把党员骨干培养成管理人员"]),
        # after the practice noun that follows it
        ("推行“三个一”工作法,即一个阵地、一支队伍、一本台账。",
         ["三个一", "一个阵地", "一支队伍", "一本台账"]),
        # a list whose count is not the name's is no list of its parts
        ("做到登记、年检、评估“两同步”。", ["两同步"]),
    ],
)
def test_numbered_names_and_their_parts(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("台资企业“网格联盟”\n全市台资企业四百多家。", ["网格联盟"],
                     id="a heading naming a measure, without a cue"),
        pytest.param("为商户提供专业化的“定制化”服务。", [], id="a quoted modifier before a noun"),
        pytest.param("以党建带群建、以群建促党建。", ["以党建带群建、以群建促党建"],
                     id="a pair of known names written as one slogan"),
    ],
)
@pytest.mark.xfail(strict=True, reason="known limits of the cue words")
def test_known_failures(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "增强“四个意识”,坚定“四个自信”。",  # ideological formulas, not measures
        "为社会组织输送“新鲜血液”。",  # a metaphor
        "组建了“城区社会组织志愿服务团”。",  # an organization's name
        "解决“不在组织、不守规矩”等突出问题。",  # a problem described
        "他说:“我们一定会把工作做好,请组织放心,我们有信心完成今年的任务。”",  # speech
        "以“会员数80人以上的社会团体”为重点。",  # a rule's condition
        "查找出“隐形党员”、“口袋党员”326名。",  # kinds of people, counted
        "获得全国“先进社会组织”、市级“青年文明号”等荣誉称号。",  # honours
        "不断提升“两新”组织党建工作水平。",  # part of an organization's name
        "被列为全省“两新”党建示范点。",  # a term for those organizations
        "依托“快车出行”、“顺风出行”等4家网约车公司成立党支部。",  # counted firms
        "成为基层党建工作的最大“短板”。",  # a metaphor
        "“底数清才能方向明”,县里把摸排作为首要任务。",  # a saying opening a paragraph
        "同“三股势力”作坚决斗争。",  # a political formula
        "围绕“十四五”规划开展工作。",  # a plan period
        "深入学习“二十大”,推进工作。",  # a party congress
        "坚持“一把手”亲自抓,防止党建业务“两张皮”。",  # stock words
        "充分发挥楼务会“粘合剂”作用。",  # the role something plays
        "为商户提供专业化的“定制”服务,激活“奋进”动能。",  # quoted words
        "先后获市级“青年文明号”等多项荣誉称号。",  # an honour
        "采取体验红色课堂、讲好红色故事、参观红色基地等方式宣讲。",  # activities done
    ],
)
def test_quoted_phrases_that_are_not_practices(text: str) -> None:
    assert names(text) == []


def test_parts_spelled_out_are_practices_and_parts() -> None:
    found = find_practices("探索开展“三微工作法”(微组织、微服务、微心愿),效果明显。")
    assert [p.name for p in found] == ["三微工作法", "微组织", "微服务", "微心愿"]
    assert found[0].parts == ["微组织", "微服务", "微心愿"]
    assert found[0].kind == "numbered_slogan"


def test_offsets_and_sentence_point_at_the_name() -> None:
    text = "一、加强组织建设\n今年以来,区委开展“金钥匙”活动。全区推进。"
    (p,) = find_practices(text)
    assert text[p.start : p.end] == p.name == "金钥匙"
    assert p.sentence == "今年以来,区委开展“金钥匙”活动。"
    assert p.kind == "quoted"


def test_kind_says_how_it_was_found() -> None:
    kinds = {p.name: p.kind for p in find_practices("行业统建\n推行“红色管家”制度,坚持区域联建。")}
    assert kinds == {"行业统建": "heading", "红色管家": "quoted"}


def test_first_mention_only() -> None:
    assert names("开展“两学一做”学习教育。深化“两学一做”。") == ["两学一做"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("党建+公益", "plus_model"), ("五创新五提升", "numbered_slogan"), ("四融四促", "numbered_slogan"),
     ("金点子", "quoted"), ("分领域联合建", "quoted")],
)
def test_kind_from_shape(name: str, kind: str) -> None:
    assert practice_kind(name, "quoted") == kind


@pytest.mark.parametrize("name", ["三单制", "四个一", "双孵化", "千企联千村", "一岗双责"])
def test_short_names_led_by_a_number_are_numbered_slogans(name: str) -> None:
    assert practice_kind(name, "quoted") == "numbered_slogan"


_FRAGMENTS = ["开展", "“", "”", "红色", "管家", "活动", "、", "三", "两个", "同步", "建立", "制度",
              "的", "等方式", "通过", "联建", "共建", "(", ")", "即", "。", "\n", "一是", "以",
              "为阵地", "党建+", "模式", "机制", "党员"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40))
def test_every_name_is_the_slice_it_points_at(fragments: list[str]) -> None:
    text = "".join(fragments)
    for p in find_practices(text):
        assert text[p.start : p.end] == p.name
