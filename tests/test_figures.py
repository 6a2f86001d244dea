"""What a figure counts, its indicator, role and period: sentences from reports (invented,
written the way provincial reports are) -> expected readings, through the whole pipeline."""

import pytest

import miner


def figures(text: str) -> list:
    return miner.extract(text).figures


@pytest.mark.parametrize(
    ("sentence", "text", "subject", "indicator", "role"),
    [
        ("截至2019年底,全市共有登记社会组织1856家。", "1856家", "社会组织", "social_orgs", "status"),
        ("全省已建立社会组织党组织2310个。", "2310个", "社会组织党组织", "party_orgs", "status"),
        ("今年新组建社会组织党组织126个。", "126个", "社会组织党组织", "party_orgs_new", "status"),
        ("全县社会组织党组织覆盖率达到85.6%。", "85.6%", "社会组织党组织覆盖率", "coverage_rate",
         "status"),
        ("党的组织覆盖率较上年提高了5.2个百分点。", "5.2个百分点", "党的组织覆盖率", "coverage_change",
         "status"),
        ("向社会组织选派党建工作指导员360名。", "360名", "党建工作指导员", "instructors", "status"),
        ("全年发展党员42名。", "42名", "党员", "members_developed", "status"),
        ("举办社会组织党组织书记培训班12期。", "12期", "社会组织党组织书记培训班",
         "training_sessions", "status"),
        ("累计培训党务工作者1500人次。", "1500人次", "党务工作者", "training_attendance", "status"),
        ("组建志愿服务队56支,开展志愿服务活动320场次。", "56支", "志愿服务队", "volunteer_teams",
         "status"),
        ("组建志愿服务队56支,开展志愿服务活动320场次。", "320场次", "志愿服务活动", "activities",
         "status"),
        ("培育社会组织党建示范点30个。", "30个", "社会组织党建示范点", "model_units", "status"),
        ("从党费中列支8万元用于活动阵地建设。", "8万元", "党费", "funding", "status"),
        ("力争年底前社会组织党组织覆盖率达到90%。", "90%", "社会组织党组织覆盖率",
         "coverage_rate", "target"),
        ("计划新建党群服务中心20个。", "20个", "党群服务中心", "other", "target"),
        ("凡有正式党员3名以上的社会组织,都要单独建立党组织。", "3名", "正式党员", "other",
         "criterion"),
        ("全区非公企业1.2万家,其中规模以上企业860家。", "1.2万家", "非公企业", "nonpublic_firms",
         "status"),
        ("惠及群众2.3万人次。", "2.3万人次", "群众", "beneficiaries", "status"),
        ("共有320名党员参加活动。", "320名", "党员", "participants", "status"),
        ("全区两新组织共有党员1.5万名。", "1.5万名", "党员", "party_members", "status"),
    ],
)
def test_reading(sentence: str, text: str, subject: str, indicator: str, role: str) -> None:
    (f,) = [f for f in figures(sentence) if f.text == text]
    assert (f.subject, f.indicator, f.role) == (subject, indicator, role)


def test_threshold_in_a_rule_is_at_least() -> None:
    (f,) = figures("对党员人数达到3名以上的社会组织,单独组建党支部。")
    assert (f.value, f.approx, f.role, f.indicator) == (3, "at_least", "criterion", "other")


def test_over_after_a_fact_stays_over() -> None:
    (f,) = figures("全市社会组织党组织覆盖率达98%以上。")
    assert (f.value, f.unit, f.approx, f.role) == (98, "%", "over", "status")


def test_elided_subject_is_the_previous_figure_s() -> None:
    fs = figures("全区已建立党组织43家,其中今年新建8家。")
    assert [(f.subject, f.indicator) for f in fs] == [("党组织", "party_orgs"),
                                                      ("党组织", "party_orgs_new")]


def test_period_is_the_nearest_time_phrase() -> None:
    fs = figures("2018年以来,全市新建社会组织党组织300个。截至目前,覆盖率达到92%。")
    assert [f.period for f in fs] == ["2018年以来", "截至目前"]


def test_figure_region_is_the_place_its_sentence_names() -> None:
    text = ("浙江省两新党建工作综述\n全省新建社会组织党组织1677个。"
            "在德清,全县200多家非公企业签订承诺书。温州市新建党组织60个。")
    fs = miner.extract(text).figures
    assert [f.region.county or f.region.city or f.region.province for f in fs] == [
        "浙江省", "德清县", "温州市"]


def test_offsets_quote_the_body() -> None:
    record = miner.extract("各地共选派指导员1.2万多名,覆盖率达到71%,较年初提高了10个百分点。")
    for f in record.figures:
        assert record.body[f.start:f.end] == f.text
        assert f.text in f.sentence


def test_a_share_with_over_in_a_fact_is_status_and_counts_the_noun_after() -> None:
    (f,) = figures("三成以上的社会组织建立了党组织。")
    assert (f.value, f.unit, f.approx, f.role, f.subject) == (30, "%", "over", "status", "社会组织")


def test_a_year_is_not_what_is_counted() -> None:
    (f,) = figures("全市社会组织党组织数量较2015年翻了一番。")
    assert (f.value, f.unit, f.subject) == (2, "倍", "社会组织党组织")
