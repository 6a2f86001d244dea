import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
GOLD = ROOT / "tests" / "gold" / "seeds.jsonl"


def pytest_configure(config: pytest.Config) -> None:
    # `pytest -m "not slow"` leaves out the few tests that take seconds (CI runs them all)
    config.addinivalue_line("markers", "slow: takes seconds (a long body, a whole corpus)")


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))
