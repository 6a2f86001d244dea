"""A body longer than spaCy's default cap (1,000,000 characters) extracts whole.

The body is an invented roundup repeated past 1.2 M characters; the run takes a few seconds
(jieba segments every character once), so it is the one long test of the pipeline.
"""

from __future__ import annotations

import pytest

from miner.core import extract

PARAGRAPH = (
    "今年以来,台州市椒江区坚持把非公企业和社会组织党建工作作为基层党建的重点,"
    "围绕扩大组织覆盖和工作覆盖,探索区域化党建、行业党建和楼宇党建等做法,"
    "推动党建工作与企业发展深度融合,引导党员在生产经营中发挥先锋模范作用,"
    "着力把党的政治优势和组织优势转化为发展优势。全区新建非公企业党组织43个。\n"
)


@pytest.mark.slow
def test_a_body_over_a_million_characters_extracts() -> None:
    text = "两新组织党建工作综述\n\n" + PARAGRAPH * (1_200_000 // len(PARAGRAPH) + 1)
    assert len(text) > 1_200_000
    record = extract(text)
    assert record.doc.chars > 1_200_000
    assert (record.region.province, record.region.city, record.region.county) == (
        "浙江省",
        "台州市",
        "椒江区",
    )
    repeats = text.count(PARAGRAPH)
    assert len(record.figures) == repeats
    last = record.figures[-1]
    assert last.start > 1_000_000  # offsets run into the whole body, past any piece
    for f in (record.figures[0], last):
        assert record.body[f.start : f.end] == f.text
    assert last.text == "43个"
