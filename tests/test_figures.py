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


# What a figure counts when no verb stands by it, what a subset or a breakdown is, and which
# sector's party building it is (invented sentences in the shapes provincial reports use).
@pytest.mark.parametrize(
    ("sentence", "text", "indicator", "sector"),
    [
        ("全区非公企业624家。", "624家", "nonpublic_firms", "nonpublic"),
        ("全县社会组织85家。", "85家", "social_orgs", "social"),
        ("全市共有商会37家,其中行业商会18家。", "37家", "social_orgs", "social"),
        ("全市共有商会37家,其中行业商会18家。", "18家", "other", None),
        ("省注册社会组织191户(社会团体109个、基金会7个),市注册社会组织236户。", "109个",
         "other", None),
        ("省注册社会组织191户(社会团体109个、基金会7个),市注册社会组织236户。", "236户",
         "social_orgs", "social"),
        ("协会下辖党委2个、党总支3个。", "3个", "party_orgs", "social"),
        ("全市共有党员1.2万余名。", "1.2万余名", "party_members", "all"),
        ("其中女党员3000名。", "3000名", "other", None),
        ("35岁及以下的党员1.4万名。", "1.4万名", "other", None),
        ("每个社区平均不少于6个社会组织。", "6个", "other", None),
        ("全市8694家社会组织实施帮扶项目。", "8694家", "other", None),
        ("全市已有567个社会组织建立党组织。", "567个", "units_covered", "social"),
        ("新组建快递、外卖行业党组织8个,覆盖快递、外卖企业20余家。", "20余家", "units_covered",
         "new_groups"),
        ("全区40个乡镇、300个行政村已建立党组织。", "40个", "units_covered", "public"),
        ("全市工商联所属商会174家,成立党组织156家,占比91%。", "91%", "coverage_rate", "social"),
        ("规模以上非公企业96%建立了党组织。", "96%", "coverage_rate", "nonpublic"),
        ("非公企业和社会组织党组织覆盖率分别达44.6%、18.9%。", "44.6%", "coverage_rate",
         "nonpublic"),
        ("非公企业和社会组织党组织覆盖率分别达44.6%、18.9%。", "18.9%", "coverage_rate",
         "social"),
        ("全市两新组织共建立党组织287家。", "287家", "party_orgs", "two_new"),
        ("非公党建领域5300多个基层党组织。", "5300多个", "party_orgs", "nonpublic"),
        ("全市现有基层党组织3605个。", "3605个", "party_orgs", "all"),
        ("2家协会党支部被评为先进基层党组织。", "2家", "model_units", "social"),
        ("吸收27名非公企业员工入党。", "27名", "members_developed", "nonpublic"),
        ("作为指导员的15名县级干部,定期深入企业。", "15名", "instructors", "nonpublic"),
        ("区财政投资200余万元建成服务中心。", "200余万元", "other", None),
    ],
)
def test_indicator_and_sector(sentence: str, text: str, indicator: str, sector: str | None) -> None:
    (f,) = [f for f in figures(sentence) if f.text == text]
    assert (f.indicator, f.sector) == (indicator, sector)


@pytest.mark.parametrize(
    ("text", "figure", "year"),
    [
        ("2017年4月24日\n截至2016年底,全省新建非公企业党组织3100个。", "3100个", 2016),
        ("2017年4月24日\n去年,全省发展党员1024名。", "1024名", 2016),
        ("2017年4月24日\n2016年以来,全省新建党组织200个。", "200个", 2017),
        ("2017年4月24日\n力争到2020年,覆盖率达到90%。", "90%", 2017),
    ],
)
def test_figure_year_is_the_year_its_own_period_names(text: str, figure: str, year: int) -> None:
    record = miner.extract(text)
    (f,) = [f for f in record.figures if f.text == figure]
    assert f.year == year


def test_a_past_year_is_no_goal() -> None:
    (f,) = figures("2012年3月1日\n到2010年底,规模以上非公企业96%建立了党组织。")
    assert (f.role, f.indicator) == ("status", "coverage_rate")
