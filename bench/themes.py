"""Benchmark for `make bench`: practice-theme fitting time and peak memory at 10k, 50k, 100k.

The practice contexts are synthesised, seeded, from the bundled seed reports' practices and the
codebook's trigger words and typical sentences: coined names (党建+X, 三X五Y, X工作法 shapes) in
sentences stitched from real clauses, with numbers, places and provinces varied, so nearly
every context is distinct (no help from the tokenizer's sentence cache). Their vocabulary is
bounded by the seeds' (about 5,000 words survive min_df): a real corpus has more, which costs
the TF-IDF and the SVD a little more, not the tokenizer.

Each size runs in its own process, so its peak RSS (max resident set) is its own. The fit is
`miner.cluster.fit_themes` as `miner themes --refit` runs it: jieba tokens and name character
n-grams, TF-IDF, truncated SVD to 100 dimensions, MiniBatchKMeans for each k of the grid with
the silhouette on a 2,000-practice sample (that and the mini-batches keep 100k feasible on two
cores: a full silhouette is quadratic), then the final fit. The numeric steps run on one thread
(threads spin and lose badly next to other busy processes); jieba's pure-Python segmentation
is most of the time, and grows linearly. Also measured: `assign_practice_themes` with the saved
model (what `miner build` pays per practice) and the model's size on disk.
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
SIZES = (10_000, 50_000, 100_000)
SEED = 0

_CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
from miner.cluster import PracticeContext, assign_practice_themes, fit_themes
from miner.pipeline import nlp
rows = json.loads(Path(sys.argv[1]).read_text("utf-8"))
contexts = [PracticeContext(*r) for r in rows]
nlp()  # the jieba dictionary load is cold-start cost, measured by bench/extract.py
import sklearn.cluster, sklearn.decomposition, sklearn.feature_extraction.text  # ditto
t0 = time.perf_counter()
model = fit_themes(contexts, seed=0)
fit_s = time.perf_counter() - t0
folder = Path(tempfile.mkdtemp())
model.save(folder)
size = sum(p.stat().st_size for p in folder.iterdir())
probe = [(c.name + "试点", c.context[::-1]) for c in contexts[:1000]]  # unseen, mostly untriggered
t0 = time.perf_counter()
themes = assign_practice_themes(probe, folder)
assign_s = time.perf_counter() - t0
print(json.dumps({"n": len(contexts), "fit_s": fit_s, "k": model.manifest["params"]["k"],
                  "phases": model.manifest["seconds"], "model_mb": size / 1e6,
                  "assign_1k_s": assign_s, "assigned": sum(1 for t in themes if t),
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _seed_practices() -> list[tuple[str, str, str | None]]:
    from miner.core import extract_sources

    out = []
    for record in extract_sources([str(ROOT / "corpus" / "seeds")]):
        if isinstance(record, Exception):
            raise record
        out.extend((p.name, p.sentence, record.region.province) for p in record.practices)
    return out


def _places() -> tuple[list[str], list[str]]:
    provinces, cities = [], []
    for line in (ROOT / "miner" / "data" / "regions.tsv").read_text("utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 7 or cols[6] != "current":
            continue
        (provinces if cols[2] == "province" else cities).append(cols[3])
    return provinces, cities


def synthesise(n: int, seed: int = SEED) -> list[tuple[str, str, str, str]]:
    """``n`` (name, context, province, doc) rows, the same for the same n and seed."""
    from miner.cluster import codebook

    rnd = random.Random(seed)
    practices = _seed_practices()
    provinces, cities = _places()
    themes = codebook()
    sentences = [sentence for _, sentence, _ in practices] + [t.sentence for t in themes]
    clauses = [c for s in sentences for c in re.split(r"[,，;；。/…]", s) if len(c.strip()) >= 6]
    numerals = "一二三四五六七八九十双"
    nouns = ("工作法", "模式", "机制", "行动", "工程", "驿站", "课堂", "品牌", "平台", "活动")
    rows = []
    for i in range(n):
        theme = rnd.choice(themes)
        trigger = rnd.choice(theme.triggers)
        shape = rnd.randrange(4)
        if shape == 0:
            name = rnd.choice(practices)[0]
        elif shape == 1:
            name = "党建+" + trigger[: rnd.randint(2, 4)]
        elif shape == 2:
            name = rnd.choice(numerals) + trigger[:2] + rnd.choice(numerals) + rnd.choice(trigger)
        else:
            name = trigger + rnd.choice(nouns)
        city = rnd.choice(cities)
        figures = f"{rnd.randint(2, 900)}个"
        parts = [
            f"{city}探索开展“{name}”{rnd.choice(nouns)}",
            rnd.choice(clauses),
            f"围绕{rnd.choice(theme.triggers)}新建{figures}{rnd.choice(theme.triggers)}",
            rnd.choice(clauses),
        ]
        rnd.shuffle(parts[1:])
        # the codebook's N and X placeholders become a count and a name
        context = ",".join(parts).replace("N", str(rnd.randint(2, 99))).replace("X", name)
        rows.append((name, context + "。", rnd.choice(provinces), f"synthetic/{i // 20}"))
    return rows


def run_size(n: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(synthesise(n), f, ensure_ascii=False)
    try:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, f.name], check=True, capture_output=True, text=True
        ).stdout
    finally:
        Path(f.name).unlink()
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    print("theme fitting on synthesised practice contexts (one process per size)")
    print(
        f"{'practices':>10} {'fit s':>7} {'ms/pract.':>9} {'tokens+tfidf':>12} {'svd':>5} "
        f"{'k rule':>6} {'final':>6} {'peak MB':>8} {'k':>3} {'model MB':>8} {'assign 1k':>9}"
    )
    for n in SIZES:
        r = run_size(n)
        p = r["phases"]
        print(
            f"{r['n']:>10,} {r['fit_s']:>7.1f} {1000 * r['fit_s'] / r['n']:>9.2f} "
            f"{p['vectorize']:>12.1f} {p['reduce']:>5.1f} {p['choose_k']:>6.1f} "
            f"{p['cluster']:>6.1f} {r['max_rss_mb']:>8.0f} {r['k']:>3} {r['model_mb']:>8.1f} "
            f"{r['assign_1k_s']:>8.2f}s"
        )
    print(
        "seconds; 'tokens+tfidf' is jieba segmentation (pure Python, most of the cost) and the "
        "two TF-IDF fits,\n'k rule' fits every k of the grid and scores a 2,000-practice "
        "sample, 'final' is the last fit, naming and mapping; 'assign 1k' places 1,000 unseen "
        "practices with the saved model"
    )


if __name__ == "__main__":
    main()
