"""Benchmarks for `make bench`: every figure is a ratio to a reference measured in the same run.

- throughput: `miner.extract` over the bundled seeds repeated to ~5 MB, against `jieba.lcut`
  alone on the same documents (ratio > 1: faster than segmentation alone);
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
import json, resource, sys, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
import miner
texts = [Path(p).read_text("utf-8") for p in sys.argv[2:]]
docs, size = [], 0
while size < int(sys.argv[1]):
    for t in texts:
        docs.append(t)
        size += len(t.encode())
jieba.initialize()
miner.nlp()
t0 = time.perf_counter()
for d in docs:
    jieba.lcut(d)
reference = time.perf_counter() - t0
t0 = time.perf_counter()
figures = sum(len(miner.extract(d).figures) for d in docs)
measured = time.perf_counter() - t0
print(json.dumps({"bytes": size, "docs": len(docs), "figures": figures,
                  "jieba_s": reference, "miner_s": measured,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
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


def throughput() -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(TARGET_BYTES), *map(str, SEEDS)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["ratio"] = result["jieba_s"] / result["miner_s"]
    return result


def main() -> None:
    t = throughput()
    mb = t["bytes"] / 1e6
    print(f"throughput  {mb:.1f} MB in {t['docs']} documents, {t['figures']} figures")
    print(f"  jieba.lcut alone   {t['jieba_s']:.2f} s  ({mb / t['jieba_s']:.2f} MB/s)")
    print(f"  miner.extract      {t['miner_s']:.2f} s  ({mb / t['miner_s']:.2f} MB/s)")
    print(f"  ratio (jieba time / miner time; goal >= 1.0): {t['ratio']:.2f}")
    print(f"  peak memory (max RSS of that process): {t['max_rss_mb']:.0f} MB")
    c = cold_start()
    print(f"cold start (median of {RUNS})")
    print(f"  python -c 'import jieba; jieba.initialize()'  {c['jieba_init_s']:.2f} s")
    print(f"  miner extract one report                     {c['miner_extract_s']:.2f} s")
    print(f"  ratio (goal <= 2.0): {c['ratio']:.2f}")


if __name__ == "__main__":
    main()
