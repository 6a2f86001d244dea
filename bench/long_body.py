"""Benchmark for `make bench`: extraction time against body length (it must grow linearly).

One report body is made by joining the bundled seeds' texts until it has 50k, 200k and 1M
characters (a long roundup of many places), and ``miner.core.extract`` runs on each once, in
this process, after a warm-up. Printed: the seconds at each length and the growth ratio of
the 1M time to the 50k time (1M is 20 times as long: linear growth gives about 20; goal <= 25).
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
LENGTHS = (50_000, 200_000, 1_000_000)
GOAL = 25.0


def long_text(chars: int) -> str:
    """The seeds' texts repeated, cut to ``chars`` characters."""
    texts = [p.read_text("utf-8") for p in SEEDS]
    parts: list[str] = []
    size = 0
    while size < chars:
        for t in texts:
            parts.append(t)
            size += len(t) + 1
    return "\n".join(parts)[:chars]


def seconds(chars: int) -> tuple[float, int]:
    from miner.core import extract

    text = long_text(chars)
    t0 = time.perf_counter()
    record = extract(text)
    return time.perf_counter() - t0, len(record.figures)


def main() -> None:
    from miner.core import extract

    extract(long_text(5_000))  # load the pipeline and the dictionaries outside the timing
    times = {}
    for n in LENGTHS:
        s, figures = seconds(n)
        times[n] = s
        rate = n / s / 1e3
        print(f"body of {n:>9,} characters: {s:6.2f} s  ({figures} figures, {rate:.0f}k chars/s)")
    ratio = times[LENGTHS[-1]] / times[LENGTHS[0]]
    print(
        f"growth ratio {LENGTHS[-1] // 1000}k / {LENGTHS[0] // 1000}k: {ratio:.1f} "
        f"(length x{LENGTHS[-1] // LENGTHS[0]}; goal <= {GOAL:.0f})"
    )


if __name__ == "__main__":
    main()
