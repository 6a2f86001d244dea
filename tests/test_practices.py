"""Named practices: shapes that make a practice, and quoted phrases that do not."""

import pytest

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
    ],
)
def test_practices_found(text: str, expected: list[str]) -> None:
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
