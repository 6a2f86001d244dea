"""Whose party building a figure counts: the sector cues (miner/data/sectors.toml) and how the
nearest one is found (invented phrases in the shapes reports use)."""

import pytest

from miner import sectors


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("非公企业党组织", ["nonpublic"]),
        ("社区社会组织", ["social"]),  # the longer cue wins over 社区
        ("国有企业党委", ["public"]),
        ("非公有制企业", ["nonpublic"]),  # not 公有制企业
        ("非公企业和社会组织", ["two_new"]),
        ("“两新”组织", ["two_new"]),
        ("外卖骑手", ["new_groups"]),
        ("律师事务所党支部", ["social"]),
        ("基层党组织", ["all"]),
    ],
)
def test_cues(phrase: str, expected: list[str]) -> None:
    assert [c.sector for c in sectors.find_cues(phrase)] == expected


def test_joint_cue_keeps_its_parts_in_order() -> None:
    (cue,) = sectors.find_cues("非公企业和社会组织")
    assert cue.parts == ("nonpublic", "social")
    assert sectors.respective("非公企业和社会组织覆盖率分别达", 0, 15, 2) == ("nonpublic", "social")


def _sector(text: str, figure: str, subject: str | None, default: str | None = None) -> str | None:
    pos = text.index(figure)
    return sectors.sector_of(
        "party_members", subject, text, pos, (0, len(text)), (0, len(text)), 0, default
    )


def test_the_noun_s_own_cue_decides() -> None:
    assert _sector("楼宇内建立企业党支部2个", "2个", "企业党支部") == "nonpublic"


def test_a_named_sector_beats_a_generic_word() -> None:
    assert _sector("新业态党组织覆盖企业43家", "43家", "企业") == "nonpublic"
    assert _sector("组建快递行业党组织,覆盖企业43家", "43家", None) == "new_groups"


def test_the_report_s_sector_when_the_sentence_names_none() -> None:
    assert _sector("现有党员79名", "79名", "党员", default="social") == "social"
    assert _sector("现有党员79名", "79名", "党员") == "all"


def test_indicators_that_name_their_sector() -> None:
    args = ("社会组织", "全省社会组织85家", 6, (0, 9), (0, 9), 0, "nonpublic")
    assert sectors.sector_of("social_orgs", *args) == "social"
    assert sectors.sector_of("other", *args) is None


def test_report_sector_from_the_title_else_the_majority() -> None:
    assert sectors.report_sector("全市社会组织党建工作综述", "非公企业") == "social"
    assert sectors.report_sector(None, "非公企业党建……非公企业……民营企业……社会组织") == "nonpublic"
    assert sectors.report_sector(None, "非公企业……社会组织……") == "two_new"
