"""Practice themes: cluster named practices by what they are about, map them onto the codebook.

Two ways to give a practice its themes, both cheap enough for ``miner extract``/``miner build``:

- **The codebook's trigger words** (``data/themes.toml``), always. The mapping rule: a theme
  scores ``name_weight`` (2) per distinct trigger in the practice's name plus 1 per distinct
  trigger in its sentence; every theme reaching ``min_score`` (2) is assigned. One trigger in
  the name is enough (志愿服务银行 → service); in the sentence alone it takes two different
  triggers of the same theme, because one generic word there (依托, 创建) says little about the
  practice. A practice may carry several themes; none reaching the score leaves it unassigned.
- **A fitted model** (``fit_themes``, saved under ``models/themes/``), when one is there: a
  practice the triggers leave unassigned takes the themes of its nearest cluster. A cluster
  carries a theme when at least ``cluster_share`` (30 %) of its practices, and at least two,
  carry it by their own triggers; a cluster carrying none is *novel*: what the codebook lacks.

The model. Each practice is its name plus the sentence it came from, as two TF-IDF blocks: jieba
words of name and sentence (our user dictionary; government-prose stopwords and one-character
words out; words in over half of the practices out), and character 2-3-grams of the name
alone, because names are coined (五创新五提升, 微党课) and jieba splits them unpredictably. The
blocks are joined, reduced by truncated SVD (LSA, 100 dimensions) and L2-normalised, then
clustered with MiniBatchKMeans. **The k rule**: every k of ``K_GRID`` up to ``n / 5`` is fitted;
the k with the highest mean silhouette (Euclidean on the normalised LSA vectors, i.e. cosine,
over a fixed random sample of at most 2,000 practices) wins, the smaller k on a tie. Practices
are put in a canonical order first and every random step takes ``seed``, so one corpus and one
seed give the same clusters. **Naming**: a cluster is named by the five words whose mean TF-IDF
in the cluster most exceeds their mean over all practices.

scikit-learn is imported only where a model is fitted or loaded: ``miner extract`` imports this
module and must not pay for it. The numeric steps run on one thread (see ``_one_thread``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import time
import tomllib
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

MODEL_FORMAT = "miner.themes/1"
DEFAULT_MODEL_DIR = Path("models") / "themes"
UNASSIGNED = "unassigned"
K_GRID = (4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40)
# A cluster needs this many practices on average, so k stays well below n on a small corpus.
MIN_PER_CLUSTER = 5
_NAME_TERMS = 5
_MANIFEST = "manifest.json"
_OBJECTS = "model.joblib"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    triggers: tuple[str, ...]
    sentence: str = ""  # the codebook's typical sentence


@dataclass(frozen=True)
class PracticeContext:
    """A practice as clustering sees it: its name, the sentence around it, where it is from."""

    name: str
    context: str
    province: str | None
    doc: str | None


@dataclass(frozen=True)
class Example:
    name: str
    province: str | None
    doc: str | None


@dataclass(frozen=True)
class ClusterInfo:
    id: int
    terms: list[str]  # the cluster's name: its most distinctive words
    themes: list[str]  # codebook theme ids; [] = novel
    size: int


@dataclass(frozen=True)
class ThemeSummary:
    """One line of ``miner themes``: a codebook theme, or a novel cluster's unassigned practices.

    ``id`` is the theme id, or ``novel:N`` for cluster N (``themes`` then is empty).
    """

    id: str
    label: str
    themes: list[str]
    size: int
    top_terms: list[str]
    examples: list[Example]
    clusters: list[ClusterInfo]


class ModelMismatchError(RuntimeError):
    """A saved model made by another scikit-learn or under another codebook version."""


@dataclass(frozen=True)
class _Mapping:
    name_weight: int
    min_score: int
    cluster_share: float
    min_cluster_members: int


@cache
def _data() -> dict[str, Any]:
    return tomllib.loads(resources.files("miner.data").joinpath("themes.toml").read_text("utf-8"))


CODEBOOK_VERSION: str = _data()["version"]


@cache
def codebook() -> list[Theme]:
    """The themes of ``data/themes.toml``, in the codebook's order; triggers include ``added``."""
    return [
        Theme(
            t["id"],
            t["label"],
            tuple(dict.fromkeys([*t["triggers"], *t.get("added", [])])),
            t.get("sentence", ""),
        )
        for t in _data()["theme"]
    ]


@cache
def _mapping() -> _Mapping:
    m = _data()["mapping"]
    return _Mapping(m["name_weight"], m["min_score"], m["cluster_share"], m["min_cluster_members"])


@cache
def _stopwords() -> frozenset[str]:
    text = resources.files("miner.data").joinpath("stopwords.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.strip()) and w[0] != "#")


def _simplified(text: str) -> str:
    """A traditional or pinyin-glossed text (兩個(gè)覆蓋) as the codebook's simplified words."""
    from miner.decode import fold

    return fold(text)


def trigger_themes(name: str, sentence: str) -> list[str]:
    """The codebook themes a practice carries by its own words (the mapping rule above)."""
    rules = _mapping()
    name, sentence = _simplified(f"{name}\n{sentence}").split("\n", 1)
    found = []
    for theme in codebook():
        score = rules.name_weight * _hits(theme.triggers, name) + _hits(theme.triggers, sentence)
        if score >= rules.min_score:
            found.append(theme.id)
    return found


def _hits(triggers: tuple[str, ...], text: str) -> int:
    """Distinct triggers in ``text``; one inside another found one counts once (示范点 ⊃ 示范)."""
    found = [t for t in triggers if t in text]
    return sum(1 for t in found if not any(t != u and t in u for u in found))


# --- tokens -----------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    """jieba words (our user dictionary, protected phrases whole) worth a TF-IDF column."""
    from miner.pipeline import nlp

    # The pipeline's own tokenizer: one jieba dictionary per process, and the words are
    # those the extraction saw. Cached: the practices of one list share their sentence.
    words = nlp().tokenizer.words(text)
    stop = _stopwords()
    return tuple(w for w in words if len(w) > 1 and _CJK.search(w) and w not in stop)


def practice_terms(doc: tuple[str, str]) -> list[str]:
    """The word analyzer of the model: words of the name, then of the sentence."""
    name, context = doc
    return [*_words(_simplified(name)), *_words(_simplified(context))]


def practice_name(doc: tuple[str, str]) -> str:
    """The character analyzer's preprocessor: the name alone."""
    return _simplified(doc[0])


# --- the model --------------------------------------------------------------------------------


@dataclass
class ThemeModel:
    """The fitted vectorizers, reducer and clusterer, with what each cluster is called and means."""

    words: Any  # TfidfVectorizer over practice_terms
    chars: Any  # TfidfVectorizer, character n-grams of the name
    svd: Any  # TruncatedSVD
    kmeans: Any  # MiniBatchKMeans
    clusters: list[ClusterInfo]
    manifest: dict[str, Any] = field(default_factory=dict)

    def _place(self, docs: Sequence[tuple[str, str]]) -> tuple[Any, Any, Any]:
        """(word TF-IDF rows, normalised LSA vectors, nearest cluster) of each (name, sentence)."""
        with _one_thread():
            words = self.words.transform(docs)
            z = _reduce(self.svd, words, self.chars.transform(docs), transform=True)
            return words, z, self.kmeans.predict(z)

    def predict(self, docs: Sequence[tuple[str, str]]) -> list[int | None]:
        """The nearest cluster of each (name, sentence); None when no known word or n-gram."""
        if not docs:
            return []
        _, z, labels = self._place(docs)
        known = (z * z).sum(axis=1) > 0
        return [int(c) if k else None for c, k in zip(labels, known, strict=True)]

    def save(self, directory: str | Path = DEFAULT_MODEL_DIR) -> Path:
        """Write the objects (joblib) and the manifest (JSON) into ``directory``."""
        import joblib

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        # The manifest goes first and comes back last: a directory with a manifest holds a
        # complete model, never new objects under an old manifest.
        (directory / _MANIFEST).unlink(missing_ok=True)
        joblib.dump(
            {
                "words": self.words,
                "chars": self.chars,
                "svd": self.svd,
                "kmeans": self.kmeans,
                "clusters": self.clusters,
            },
            directory / _OBJECTS,
            compress=3,
        )
        tmp = directory / (_MANIFEST + ".tmp")
        tmp.write_text(json.dumps(self.manifest, ensure_ascii=False, indent=2), "utf-8")
        tmp.replace(directory / _MANIFEST)
        return directory


def read_manifest(directory: str | Path = DEFAULT_MODEL_DIR) -> dict[str, Any] | None:
    path = Path(directory) / _MANIFEST
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def load_model(directory: str | Path = DEFAULT_MODEL_DIR) -> ThemeModel | None:
    """The saved model, or None when there is none.

    Raises ``ModelMismatchError`` for a model saved by another scikit-learn version (its pickles
    are not guaranteed to load or to behave the same) or under another codebook version (its
    clusters' themes were mapped with other triggers); ``miner themes --refit`` replaces it.
    """
    manifest = read_manifest(directory)
    if manifest is None:
        return None
    import joblib
    import sklearn

    problems = []
    if manifest.get("format") != MODEL_FORMAT:
        problems.append(f"format {manifest.get('format')}, this miner reads {MODEL_FORMAT}")
    if manifest.get("sklearn_version") != sklearn.__version__:
        problems.append(
            f"fitted with scikit-learn {manifest.get('sklearn_version')}, "
            f"this is {sklearn.__version__}"
        )
    if manifest.get("codebook_version") != CODEBOOK_VERSION:
        problems.append(
            f"fitted under codebook {manifest.get('codebook_version')}, "
            f"the codebook is now {CODEBOOK_VERSION}"
        )
    if problems:
        raise ModelMismatchError(
            f"theme model in {directory}: {'; '.join(problems)}; refit it with "
            "`miner themes --refit`"
        )
    objects = joblib.load(Path(directory) / _OBJECTS)
    return ThemeModel(manifest=manifest, **objects)


@lru_cache(maxsize=4)
def _cached_model(directory: str, mtime_ns: int) -> ThemeModel | None:
    # Keyed on the manifest's mtime: a refit in the same process is picked up.
    try:
        return load_model(directory)
    except ModelMismatchError as exc:
        warnings.warn(f"{exc}; using the codebook's trigger words", stacklevel=3)
        return None


def assign_practice_themes(
    practices: list[tuple[str, str]], model_dir: str | Path | None = DEFAULT_MODEL_DIR
) -> list[list[str]]:
    """Theme ids for each (name, sentence); [] = unassigned.

    The triggers first; a practice they leave unassigned takes its cluster's themes when a
    model is saved in ``model_dir`` (loaded once; ``None``: triggers only). A stale model (other
    scikit-learn or codebook version) is not used, with a warning.
    """
    found = [trigger_themes(name, sentence) for name, sentence in practices]
    manifest = Path(model_dir) / _MANIFEST if model_dir is not None else None
    if manifest is None or not manifest.exists() or all(found):
        return found
    model = _cached_model(str(Path(model_dir)), manifest.stat().st_mtime_ns)
    if model is None:
        return found
    todo = [i for i, themes in enumerate(found) if not themes]
    for i, cluster in zip(todo, model.predict([practices[i] for i in todo]), strict=True):
        if cluster is not None:
            found[i] = list(model.clusters[cluster].themes)
    return found


def _one_thread() -> Any:
    """A context limiting BLAS and OpenMP to one thread.

    Their worker threads spin while they wait: on these blocks (n x 100 dense, sparse TF-IDF)
    two threads gained nothing on two cores, and next to one other busy process (a build's
    extract worker, a test run) they made the SVD and k-means 15-40 times slower (measured).
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _reduce(svd: Any, words: Any, chars: Any, transform: bool) -> Any:
    """Join the two TF-IDF blocks, reduce (fit or transform), L2-normalise the rows."""
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.preprocessing import normalize

    joined = normalize(hstack([words, chars], format="csr"))
    reduced = svd.transform(joined) if transform else svd.fit_transform(joined)
    return normalize(reduced).astype(np.float32)


def canonical(contexts: Sequence[PracticeContext]) -> list[PracticeContext]:
    """The fitting order: independent of the order the store returns practices in."""
    return sorted(contexts, key=lambda c: (c.name, c.context, c.province or "", c.doc or ""))


def corpus_hash(contexts: Sequence[PracticeContext]) -> str:
    h = hashlib.sha256()
    for c in canonical(contexts):
        h.update("\x1f".join((c.name, c.context, c.province or "", c.doc or "")).encode())
        h.update(b"\x1e")
    return h.hexdigest()


def choose_k(z: Any, seed: int, grid: Sequence[int], sample: int) -> tuple[int, dict[int, float]]:
    """The k rule: the k of ``grid`` (2 <= k <= n / MIN_PER_CLUSTER) with the best silhouette."""
    from sklearn.metrics import silhouette_score

    n = z.shape[0]
    candidates = [k for k in grid if 2 <= k <= n // MIN_PER_CLUSTER] or [min(2, n)]
    scores: dict[int, float] = {}
    for k in candidates:
        labels = _kmeans(k, seed).fit_predict(z)
        if len(set(labels.tolist())) < 2:
            scores[k] = -1.0  # everything in one cluster: no structure found at this k
            continue
        scores[k] = float(
            silhouette_score(z, labels, sample_size=min(sample, n), random_state=seed)
        )
    best = max(candidates, key=lambda k: (round(scores[k], 6), -k))
    return best, scores


def _kmeans(k: int, seed: int) -> Any:
    from sklearn.cluster import MiniBatchKMeans

    # Mini-batches keep 100k practices in seconds; three k-means++ starts, all seeded.
    return MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=2048)


def fit_themes(
    contexts: Sequence[PracticeContext],
    seed: int = 0,
    k: int | None = None,
    k_grid: Sequence[int] = K_GRID,
    components: int = 100,
    silhouette_sample: int = 2000,
) -> ThemeModel:
    """Fit vectorizers and clusters on ``contexts``; ``k`` fixed, or chosen by the k rule."""
    import numpy as np
    import sklearn
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    ordered = canonical(contexts)
    n = len(ordered)
    if n < 2 * MIN_PER_CLUSTER:
        raise ValueError(f"{n} practices: at least {2 * MIN_PER_CLUSTER} are needed to cluster")
    docs = [(c.name, c.context) for c in ordered]
    # A term in one practice only says nothing about groups; on a small corpus keep all.
    min_df = 2 if n >= 50 else 1
    words = TfidfVectorizer(
        analyzer=practice_terms, min_df=min_df, max_df=0.5, sublinear_tf=True, dtype=np.float32
    )
    chars = TfidfVectorizer(
        analyzer="char",
        preprocessor=practice_name,
        ngram_range=(2, 3),
        min_df=min_df,
        sublinear_tf=True,
        dtype=np.float32,
    )
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        seconds[phase] = round(time.perf_counter() - clock, 2)
        clock = time.perf_counter()

    w = words.fit_transform(docs)
    c = chars.fit_transform(docs)
    # Pruned terms are kept by sklearn only for inspection; they would bloat the saved model.
    words.stop_words_ = chars.stop_words_ = None
    lap("vectorize")
    dims = max(2, min(components, w.shape[1] + c.shape[1] - 1, n - 1))
    svd = TruncatedSVD(n_components=dims, random_state=seed)
    with _one_thread():
        z = _reduce(svd, w, c, transform=False)
        lap("reduce")
        if k is None:
            k, scores = choose_k(z, seed, k_grid, silhouette_sample)
        else:
            scores = {}
        lap("choose_k")
        kmeans = _kmeans(k, seed).fit(z)
    labels = kmeans.labels_
    terms = _distinctive_terms(w, labels, k, words.get_feature_names_out())
    own = [trigger_themes(*d) for d in docs]
    clusters = [
        ClusterInfo(
            i,
            terms[i],
            _cluster_themes([own[j] for j in np.flatnonzero(labels == i)]),
            int((labels == i).sum()),
        )
        for i in range(k)
    ]
    lap("cluster")
    manifest = {
        "format": MODEL_FORMAT,
        "codebook_version": CODEBOOK_VERSION,
        "corpus_hash": corpus_hash(ordered),
        "practices": n,
        "params": {
            "seed": seed,
            "k": k,
            "k_grid": list(k_grid),
            "components": dims,
            "silhouette_sample": silhouette_sample,
            "min_df": min_df,
            "max_df": 0.5,
            "char_ngrams": [2, 3],
        },
        "k_rule": "max mean silhouette over k_grid, k <= n/5" if scores else "k given",
        "silhouette": {str(key): round(v, 4) for key, v in scores.items()},
        "sklearn_version": sklearn.__version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": seconds,
    }
    return ThemeModel(words, chars, svd, kmeans, clusters, manifest)


def _distinctive_terms(w: Any, labels: Any, k: int, names: Any) -> list[list[str]]:
    """Per cluster, the words whose mean TF-IDF in it most exceeds their corpus-wide mean."""
    import numpy as np

    overall = np.asarray(w.mean(axis=0)).ravel()
    out = []
    for i in range(k):
        rows = w[labels == i]
        lift = np.asarray(rows.mean(axis=0)).ravel() - overall if rows.shape[0] else -overall
        # stable sort on -lift: equal lifts keep vocabulary order, so names are reproducible
        top = [j for j in np.argsort(-lift, kind="stable")[:_NAME_TERMS] if lift[j] > 0]
        out.append([str(names[j]) for j in top])
    return out


def _cluster_themes(member_themes: list[list[str]]) -> list[str]:
    rules = _mapping()
    counts = Counter(t for themes in member_themes for t in themes)
    order = {t.id: i for i, t in enumerate(codebook())}
    return sorted(
        (
            t
            for t, n in counts.items()
            if n >= rules.min_cluster_members and n >= rules.cluster_share * len(member_themes)
        ),
        key=order.__getitem__,
    )


# --- the store and the summary ----------------------------------------------------------------


def practice_contexts(conn: sqlite3.Connection) -> list[PracticeContext]:
    """Every practice in the ``practices`` table ``miner build`` writes; [] when there is none."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'practices'"
    ).fetchone()
    if not exists:
        return []
    # The province is the practice's case's: a province-wide roundup's 温州 practice is 浙江's.
    rows = conn.execute(
        "SELECT p.name, p.sentence, p.province, coalesce(d.path, d.url, 'd' || p.doc_id)"
        " FROM practices p LEFT JOIN documents d ON d.id = p.doc_id ORDER BY p.id"
    ).fetchall()
    return [
        PracticeContext(name, sentence or "", province, doc)
        for name, sentence, province, doc in rows
    ]


def themes_summary(
    model: ThemeModel, contexts: Sequence[PracticeContext], examples: int = 5
) -> list[ThemeSummary]:
    """What ``miner themes`` prints: each codebook theme with practices, then the novel groups.

    A theme's size counts the practices carrying it (a practice may count for several); its top
    terms are the distinctive words of those practices; its examples come from as many
    provinces as there are. Practices carrying no theme are grouped by their (novel) cluster.
    """
    import numpy as np

    if not contexts:
        return []
    ordered = canonical(contexts)
    docs = [(c.name, c.context) for c in ordered]
    w, z, labels = model._place(docs)
    known = (z * z).sum(axis=1) > 0
    nearness = (z * model.kmeans.cluster_centers_[labels]).sum(axis=1)
    themes: list[list[str]] = []
    for doc, label, k in zip(docs, labels, known, strict=True):
        own = trigger_themes(*doc)
        themes.append(own or (list(model.clusters[label].themes) if k else []))
    names = model.words.get_feature_names_out()
    overall = np.asarray(w.mean(axis=0)).ravel()

    def summary(id_: str, label: str, ids: list[str], members: list[int]) -> ThemeSummary:
        rows = w[members]
        lift = np.asarray(rows.mean(axis=0)).ravel() - overall
        top = [str(names[j]) for j in np.argsort(-lift, kind="stable")[:_NAME_TERMS] if lift[j] > 0]
        in_clusters = Counter(int(labels[m]) for m in members)
        return ThemeSummary(
            id=id_,
            label=label,
            themes=ids,
            size=len(members),
            top_terms=top,
            examples=_examples([ordered[m] for m in members], nearness[members], examples),
            clusters=[model.clusters[c] for c, _ in in_clusters.most_common()],
        )

    out = []
    for theme in codebook():
        members = [i for i, t in enumerate(themes) if theme.id in t]
        if members:
            out.append(summary(theme.id, theme.label, [theme.id], members))
    unassigned: dict[int, list[int]] = {}
    for i, t in enumerate(themes):
        if not t:
            unassigned.setdefault(int(labels[i]) if known[i] else -1, []).append(i)
    for cluster, members in sorted(unassigned.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        terms = model.clusters[cluster].terms if cluster >= 0 else []
        label = "·".join(terms) if terms else "(no known word)"
        out.append(summary(f"novel:{cluster}", label, [], members))
    return out


def _examples(members: list[PracticeContext], nearness: Any, limit: int) -> list[Example]:
    """The practices nearest their centroid, one per province first, then the next nearest."""
    order = sorted(range(len(members)), key=lambda i: (-float(nearness[i]), members[i].name))
    picked: list[int] = []
    seen_provinces: set[str | None] = set()
    seen_names: set[str] = set()
    for fresh_province in (True, False):
        for i in order:
            m = members[i]
            if len(picked) == limit:
                break
            if i in picked or m.name in seen_names:
                continue
            if fresh_province and m.province in seen_provinces:
                continue
            picked.append(i)
            seen_provinces.add(m.province)
            seen_names.add(m.name)
    return [Example(members[i].name, members[i].province, members[i].doc) for i in picked]


def format_themes(
    summaries: Sequence[ThemeSummary], manifest: dict[str, Any], practices: int
) -> str:
    """The plain-text report of ``miner themes``."""
    params = manifest.get("params", {})
    scores = manifest.get("silhouette", {})
    k = params.get("k")
    rule = f"by silhouette ({scores[str(k)]:.3f})" if str(k) in scores else "given"
    themed = [s for s in summaries if s.themes]
    novel = [s for s in summaries if not s.themes]
    unassigned = sum(s.size for s in novel)
    lines = [
        f"codebook {manifest.get('codebook_version')} · model fitted {manifest.get('created')} "
        f"on {manifest.get('practices')} practices (corpus {str(manifest.get('corpus_hash'))[:12]})"
        f" · k={k} {rule} · seed {params.get('seed')}",
        f"{practices} practices: {practices - unassigned} with a theme, {unassigned} unassigned",
        "",
    ]

    def block(s: ThemeSummary) -> None:
        lines.append(f"{s.id}  {s.label}  ({s.size} practice{'s' * (s.size != 1)})")
        lines.append(f"    terms     {' '.join(s.top_terms) or '—'}")
        clusters = ", ".join(
            f"#{c.id} {'·'.join(c.terms[:3]) or '—'} ({c.size})" for c in s.clusters[:4]
        )
        lines.append(f"    clusters  {clusters}")
        examples = "; ".join(f"{e.name} ({e.province or '全国'})" for e in s.examples)
        lines.append(f"    examples  {examples}")

    for s in themed:
        block(s)
    if novel:
        lines += [
            "",
            f"{UNASSIGNED}: practices no codebook theme fits, by cluster "
            "(what the codebook may be missing)",
        ]
        for s in novel:
            block(s)
    return "\n".join(lines)
