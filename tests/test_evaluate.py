"""The scorer: what counts as a match, and that a wrong answer lowers the right score."""

import json
from pathlib import Path

import pytest

from miner.evaluate import evaluate_gold, evaluate_records, format_report, subject_matches
from miner.records import NATIONAL, DocInfo, Figure, Record, Region

PAGE = """某某网
当前位置:首页 > 新闻
椒江区社会组织党建工作综述
发布时间:2018-03-02 来源:台州日报
今年以来,椒江区新建社会组织党组织12个,覆盖率达到80%。开展“红色管家”活动。
【打印】【关闭】
"""

GOLD = {
    "doc": "page.txt", "title": "椒江区社会组织党建工作综述", "date": "2018-03-02",
    "year": 2018, "source": "台州日报", "author": None,
    "region": {"province": "浙江省", "city": "台州市", "county": "椒江区"},
    "body_start": "今年以来", "body_end": "开展“红色管家”活动。",
    "figures": [
        {"text": "12个", "context": "新建社会组织党组织12个", "value": 12, "unit": "个",
         "approx": "exact", "subject": "社会组织党组织", "indicator": "party_orgs_new",
         "role": "status"},
        {"text": "80%", "context": "覆盖率达到80%", "value": 80, "unit": "%", "approx": "exact",
         "subject": "覆盖率", "indicator": "coverage_rate", "role": "status"},
    ],
    "practices": ["红色管家"],
}


def score(tmp_path: Path, gold: dict) -> dict:
    (tmp_path / "page.txt").write_text(PAGE, "utf-8")
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", "utf-8")
    return evaluate_gold(tmp_path / "gold.jsonl", tmp_path)


def test_a_right_answer_scores_full_marks(tmp_path: Path) -> None:
    report = score(tmp_path, GOLD)
    s = report.scores
    assert s["figure_f1"] == s["pair_precision"] == s["pair_recall"] == 1.0
    assert s["subject_accuracy"] == s["indicator_accuracy"] == s["region_accuracy"] == 1.0
    assert s["title_accuracy"] == s["date_accuracy"] == s["source_accuracy"] == 1.0
    assert s["practice_recall"] == 1.0 and s["body_f1"] == 1.0
    assert "figures    P 1.000  R 1.000  F1 1.000" in format_report(report)


def test_a_gold_figure_the_tool_misses_lowers_recall(tmp_path: Path) -> None:
    gold = json.loads(json.dumps(GOLD))
    gold["figures"].insert(0, {"text": "5家", "context": "今年以来", "value": 5, "unit": "家",
                               "approx": "exact", "subject": "x", "indicator": "other",
                               "role": "status"})
    report = score(tmp_path, gold)
    assert report.scores["figure_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert report.scores["figure_precision"] == 1.0
    assert report.docs[0].missed_figures == ["5家 (今年以来)"]
    assert "missed figure: 5家" in format_report(report, show=True)


def test_wrong_fields_are_listed(tmp_path: Path) -> None:
    gold = json.loads(json.dumps(GOLD))
    gold["figures"][1]["indicator"] = "other"
    gold["region"]["county"] = "黄岩区"
    gold["practices"].append("金点子")
    report = score(tmp_path, gold)
    assert report.scores["indicator_accuracy"] == 0.5
    assert report.scores["pair_precision"] == 0.5 and report.scores["pair_recall"] == 1.0
    assert report.scores["region_accuracy"] == 0.0
    assert report.scores["practice_recall"] == 0.5
    assert report.docs[0].missed_practices == ["金点子"]


@pytest.mark.parametrize(("predicted", "gold", "right"), [
    ("正式党员", "正式党员", True), ("社会组织党组织覆盖率", "覆盖率", True),
    ("党员", "正式党员", True), ("党员", "群众", False), (None, "党员", False),
])
def test_subject_is_right_on_its_head_noun(predicted, gold, right) -> None:
    assert subject_matches(predicted, gold) is right


def test_empty_gold_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text("\n", "utf-8")
    with pytest.raises(ValueError):
        evaluate_gold(tmp_path / "gold.jsonl", tmp_path)


# --------------------------------------------------------------- table claims, by hand
GANSU = Region("甘肃省", None, None, "620000", "province")
BODY = (
    "全省社会组织1000家。截至2016年底,非公企业党组织覆盖率达到70%。"
    "全国非公企业900万家。全省建立党组织23個。"
)
DOC_GOLD = {
    "doc": "gansu.txt", "title": None, "date": "2017-05-01", "year": 2017, "source": None,
    "author": None, "region": {"province": "甘肃省", "city": None, "county": None},
    "body_start": "全省社会组织", "body_end": None, "practices": [],
    "figures": [
        {"text": "1000家", "context": "社会组织1000家", "value": 1000, "unit": "家",
         "approx": "exact", "subject": "社会组织", "indicator": "social_orgs",
         "role": "status", "sector": "social"},
        {"text": "70%", "context": "覆盖率达到70%", "value": 70, "unit": "%", "approx": "exact",
         "subject": "覆盖率", "indicator": "coverage_rate", "role": "status",
         "sector": "nonpublic", "year": 2016},
        {"text": "900万家", "context": "非公企业900万家", "value": 9000000, "unit": "家",
         "approx": "exact", "subject": "非公企业", "indicator": "nonpublic_firms",
         "role": "status", "sector": "nonpublic", "place": {"national": True}},
        {"text": "23個", "context": "建立党组织23個", "value": 23, "unit": "個",
         "approx": "exact", "subject": "党组织", "indicator": "party_orgs", "role": "status",
         "sector": "all"},
    ],
}  # fmt: skip


def _figure(text: str, value: float, unit: str, indicator: str, sector: str | None,
            region: Region = GANSU, year: int | None = 2017) -> Figure:
    start = BODY.index(text)
    return Figure(text, value, unit, "exact", None, indicator, "status", start,
                  start + len(text), "", region, None, sector, year)


def _record(figures: list[Figure]) -> Record:
    doc = DocInfo("gansu.txt", None, "0" * 64, "utf-8", len(BODY))
    return Record(doc, None, "2017-05-01", 2017, None, None, GANSU, BODY, figures)


def test_table_claims_need_place_year_sector_and_value() -> None:
    record = _record([
        _figure("1000家", 1000, "家", "social_orgs", "social"),
        _figure("1000家", 1000, "家", "social_orgs", "social"),  # the same claim twice: one
        _figure("70%", 70, "%", "coverage_rate", "social", year=2016),  # wrong sector
        _figure("900万家", 9000000, "家", "nonpublic_firms", "nonpublic"),  # not national
        _figure("23個", 23, "个", "party_orgs", "all", year=None),  # the record's year; 個 = 个
    ])  # fmt: skip
    report = evaluate_records([(DOC_GOLD, record, BODY)])
    s, c = report.scores, report.counts
    assert (c["claims_gold"], c["claims_predicted"], c["claims_matched"]) == (4, 4, 2)
    assert s["claim_precision"] == s["claim_recall"] == 0.5
    assert s["sector_accuracy"] == s["place_accuracy"] == 0.75  # of 4 matched comparable
    assert s["figure_year_accuracy"] == 1.0 and s["province_accuracy"] == 1.0
    assert report.docs[0].missed_claims == [
        "全国 2017 nonpublic_firms nonpublic 9000000家", "甘肃省 2016 coverage_rate nonpublic 70%",
    ]  # fmt: skip
    text = format_report(report, show=True)
    assert "table claims  P 0.500  R 0.500" in text
    assert "false claim:  甘肃省 2017 nonpublic_firms nonpublic 9000000家" in text
    assert "body F1 n/a" in text and s["body_f1"] is None  # no gold body_end


def test_right_places_years_and_sectors_score_full_claims() -> None:
    record = _record([
        _figure("1000家", 1000, "家", "social_orgs", "social"),
        _figure("70%", 70, "%", "coverage_rate", "nonpublic", year=2016),
        _figure("900万家", 9000000, "家", "nonpublic_firms", "nonpublic", region=NATIONAL),
        _figure("23個", 23, "个", "party_orgs", "all"),
        _figure("全省", 1, "个", "other", None),  # not a claim
    ])  # fmt: skip
    s = evaluate_records([(DOC_GOLD, record, BODY)]).scores
    assert s["claim_precision"] == s["claim_recall"] == s["sector_accuracy"] == 1.0
    assert s["place_accuracy"] == s["figure_year_accuracy"] == 1.0


def test_a_wrong_province_is_counted() -> None:
    gold = {**DOC_GOLD, "region": {"province": "甘肃省", "city": "兰州市", "county": None}}
    s = evaluate_records([(gold, _record([]), BODY)]).scores
    assert s["province_accuracy"] == 1.0 and s["region_accuracy"] == 0.0
    assert s["claim_recall"] == 0.0 and s["claim_precision"] == 1.0  # nothing claimed
