"""Benchmark for `make bench`: extraction time against body length (it must grow linearly).

One report body is made by joining the bundled seeds' texts until it has 50k, 200k and 1M
characters (a long roundup of many places), and ``miner.core.extract`` runs on each once, in
this process, after a warm-up. Printed: the seconds at each length and the growth ratio of
the 1M time to the 50k time (1M is 20 times as long: linear growth gives about 20; goal <= 25).
The same text with its line breaks removed (one paragraph, as a page dump may be) is timed
at 50k and 200k: there a stage that rescans the paragraph per figure shows up as a ratio far
above the 4 of linear growth.
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
LENGTHS = (50_000, 200_000, 1_000_000)
ONE_PARAGRAPH = (50_000, 200_000)
GOAL = 25.0


def long_text(chars: int, paragraphs: bool = True) -> str:
    """The seeds' texts repeated, cut to ``chars`` characters (one line if not ``paragraphs``)."""
    texts = [p.read_text("utf-8") for p in SEEDS]
    if not paragraphs:
        texts = [t.replace("\n", "") for t in texts]
    parts: list[str] = []
    size = 0
    while size < chars:
        for t in texts:
            parts.append(t)
            size += len(t) + 1
    return ("\n" if paragraphs else "").join(parts)[:chars]


def seconds(text: str) -> tuple[float, int]:
    from miner.core import extract

    t0 = time.perf_counter()
    record = extract(text)
    return time.perf_counter() - t0, len(record.figures)


def series(lengths: tuple[int, ...], paragraphs: bool) -> float:
    """Print the time at each length; return the growth ratio of the last to the first."""
    times = {}
    for n in lengths:
        s, figures = seconds(long_text(n, paragraphs))
        times[n] = s
        rate = n / s / 1e3
        print(f"  {n:>9,} characters: {s:6.2f} s  ({figures} figures, {rate:.0f}k chars/s)")
    return times[lengths[-1]] / times[lengths[0]]


def main() -> None:
    from miner.core import extract

    extract(long_text(5_000))  # load the pipeline and the dictionaries outside the timing
    print("extraction time against body length (paragraphs as in the seeds)")
    ratio = series(LENGTHS, paragraphs=True)
    first, last = LENGTHS[0], LENGTHS[-1]
    print(
        f"  growth ratio {last // 1000}k / {first // 1000}k: {ratio:.1f} "
        f"(length x{last // first}; goal <= {GOAL:.0f})"
    )
    print("the same text as one paragraph")
    ratio = series(ONE_PARAGRAPH, paragraphs=False)
    first, last = ONE_PARAGRAPH[0], ONE_PARAGRAPH[-1]
    print(
        f"  growth ratio {last // 1000}k / {first // 1000}k: {ratio:.1f} "
        f"(length x{last // first}; linear gives about {last // first})"
    )


if __name__ == "__main__":
    main()
