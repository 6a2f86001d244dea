"""Named practices on ../shared/dev (60 reports from 31 provinces the rules were not written
on), with the issue's bar pinned; skipped where that material is absent (CI has it)."""

import pytest

from miner.evaluate import evaluate_gold
from tests.conftest import ROOT

DEV = ROOT.parent / "shared" / "dev"


@pytest.mark.slow
@pytest.mark.skipif(not (DEV / "gold.jsonl").is_file(), reason="../shared/dev is absent")
def test_practices_on_dev_reach_the_bar() -> None:
    scores = evaluate_gold(DEV / "gold.jsonl", DEV / "docs").scores
    assert scores["practice_recall"] >= 0.8  # measured 0.831
    assert scores["practice_precision"] >= 0.8  # measured 0.872
