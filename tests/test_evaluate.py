"""The scorer: what counts as a match, and that a wrong answer lowers the right score."""

import json
from pathlib import Path

import pytest

from miner.evaluate import evaluate_gold, format_report, subject_matches

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
