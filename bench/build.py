"""Benchmark for `make bench`: `miner build --jobs 2` against `--jobs 1` on the same corpus.

The corpus: the bundled reports repeated to DOCS documents, each varied so that no two are
alike (every count redrawn with as many digits, the report's own place swapped for another
of the same level), written to a temporary folder. Each build runs in a fresh process into a
fresh store, with the pipeline loaded before the clock starts (as in bench/extract.py), so the
time is the build itself: reading and registering the files, extracting, cutting into cases,
assigning themes, writing the rows. Printed: documents per second for each, the ratio (goal
>= 1.7 on two cores), and peak memory (max RSS) of the main process and of a worker.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
DOCS = 2000
GOAL = 1.7

# The place each seed is about, and places of the same level to put in its stead.
_PLACES = {
    "000": ("椒江", ["黄岩", "路桥", "鄞州", "北仑", "瓯海", "龙湾", "柯桥", "上虞"]),
    "001": ("甘肃", ["青海", "宁夏", "陕西", "山西", "河南", "湖北", "江西", "贵州"]),
    "002": ("道里区", ["南岗区", "道外区", "香坊区", "平房区", "松北区", "呼兰区"]),
    "003": ("浙江", ["江苏", "安徽", "福建", "山东", "广东", "湖南", "四川", "云南"]),
    "004": ("厦门", ["福州", "泉州", "漳州", "莆田", "三明", "南平", "龙岩", "宁德"]),
}

# A count, not part of a date or time (2017年5月19日, 2017-02-20 15:50): those stay as they are.
_NUMBER = re.compile(r"(?<![\d\-:])\d+(?![\d年月日时:\-/])")

_CHILD = r"""
import json, resource, sys, time
from miner.build import build
from miner.pipeline import nlp
nlp()
t0 = time.perf_counter()
summary = build([sys.argv[1]], sys.argv[2], jobs=int(sys.argv[3]))
seconds = time.perf_counter() - t0
print(json.dumps({
    "seconds": seconds, "processed": summary.processed, "errors": len(summary.errors),
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_max_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def make_corpus(folder: Path, docs: int = DOCS, seed: int = 0) -> int:
    """Write ``docs`` varied copies of the seeds into ``folder``; return their total bytes."""
    rng = random.Random(seed)
    texts = [(p.name[:3], p.read_text("utf-8")) for p in SEEDS]
    size = 0
    for n in range(docs):
        key, text = texts[n % len(texts)]
        place, others = _PLACES[key]
        text = text.replace(place, rng.choice(others))
        text = _NUMBER.sub(lambda m: _redraw(m[0], rng), text)
        data = text.encode("utf-8")
        (folder / f"{n:05d}_{key}.txt").write_bytes(data)
        size += len(data)
    return size


def _redraw(digits: str, rng: random.Random) -> str:
    """Another number with as many digits."""
    return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))


def run_build(folder: Path, store: Path, jobs: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(folder), str(store), str(jobs)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        size = make_corpus(folder)
        print(f"build: {DOCS} documents, {size / 1e6:.1f} MB (the seeds, varied)")
        results = {}
        for jobs in (1, 2):
            r = results[jobs] = run_build(folder, Path(tmp) / f"jobs{jobs}.db", jobs)
            assert r["processed"] == DOCS and r["errors"] == 0, r
            worker = f", a worker {r['worker_max_rss_mb']:.0f} MB" if jobs > 1 else ""
            print(
                f"  --jobs {jobs}: {r['seconds']:.1f} s, {DOCS / r['seconds']:.0f} docs/s, "
                f"{size / 1e6 / r['seconds']:.2f} MB/s; peak memory: main "
                f"{r['max_rss_mb']:.0f} MB{worker}"
            )
        ratio = results[1]["seconds"] / results[2]["seconds"]
        print(f"  ratio (--jobs 1 time / --jobs 2 time; goal >= {GOAL}): {ratio:.2f}")


if __name__ == "__main__":
    main()
