"""Benchmarks for `make bench`: every figure is a ratio to a reference measured in the same run.

- throughput: `miner extract` over the bundled seeds repeated to ~5 MB (one file each), in one
  process and with `--jobs 2`, against `jieba.lcut` alone on the same documents in one process
  (ratio > 1: faster than segmentation alone);
- cold start: `miner extract` on one report, as a ratio to
  `python -c "import jieba; jieba.initialize()"` (median of several runs each);
- peak memory (max RSS) of the process that ran the throughput test.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
TARGET_BYTES = 5 * 1024 * 1024
RUNS = 5

_CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
from miner.core import extract_sources
from miner.pipeline import nlp
texts = [Path(p).read_text("utf-8") for p in sys.argv[3:]]
jobs = int(sys.argv[2])
folder = Path(tempfile.mkdtemp())
size = n = 0
while size < int(sys.argv[1]):
    for t in texts:
        (folder / f"{n:05d}.txt").write_text(t, "utf-8")
        size += len(t.encode())
        n += 1
docs = [p.read_text("utf-8") for p in sorted(folder.iterdir())]
jieba.initialize()
nlp()
t0 = time.perf_counter()
for d in docs:
    jieba.lcut(d)
reference = time.perf_counter() - t0
t0 = time.perf_counter()
figures = sum(len(r.figures) for r in extract_sources([str(folder)], jobs=jobs))
measured = time.perf_counter() - t0
print(json.dumps({"bytes": size, "docs": n, "figures": figures, "jobs": jobs,
                  "jieba_s": reference, "miner_s": measured,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children_max_rss_mb":
                      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def cold_start() -> dict[str, float]:
    miner_cmd = [
        str(Path(sys.executable).parent / "miner"),
        "extract",
        str(SEEDS[0]),
        "--format",
        "json",
    ]
    ref_cmd = [sys.executable, "-c", "import jieba; jieba.initialize()"]
    _wall(ref_cmd), _wall(miner_cmd)  # warm the OS file cache and jieba's dictionary cache
    ref = statistics.median(_wall(ref_cmd) for _ in range(RUNS))
    ours = statistics.median(_wall(miner_cmd) for _ in range(RUNS))
    return {"jieba_init_s": ref, "miner_extract_s": ours, "ratio": ours / ref}


def throughput(jobs: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(TARGET_BYTES), str(jobs), *map(str, SEEDS)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["ratio"] = result["jieba_s"] / result["miner_s"]
    return result


def main() -> None:
    for jobs in (1, 2):
        t = throughput(jobs)
        mb = t["bytes"] / 1e6
        print(
            f"throughput, {jobs} process(es): {mb:.1f} MB in {t['docs']} files, "
            f"{t['figures']} figures"
        )
        print(
            f"  jieba.lcut alone (1 process)  {t['jieba_s']:.2f} s  ({mb / t['jieba_s']:.2f} MB/s)"
        )
        rate = mb / t["miner_s"]
        print(f"  miner extract, --jobs {jobs}       {t['miner_s']:.2f} s  ({rate:.2f} MB/s)")
        print(f"  ratio (jieba time / miner time; goal >= 1.0): {t['ratio']:.2f}")
        worker = f", workers {t['children_max_rss_mb']:.0f} MB each" if jobs > 1 else ""
        print(f"  peak memory (max RSS): main {t['max_rss_mb']:.0f} MB{worker}")
    c = cold_start()
    print(f"cold start (median of {RUNS})")
    print(f"  python -c 'import jieba; jieba.initialize()'  {c['jieba_init_s']:.2f} s")
    print(f"  miner extract one report                     {c['miner_extract_s']:.2f} s")
    print(f"  ratio (goal <= 2.0): {c['ratio']:.2f}")


if __name__ == "__main__":
    main()
