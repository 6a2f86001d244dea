"""Practice themes: the codebook mapping, deterministic clusters, the saved model, `miner themes`."""

import json
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from miner import cluster
from miner.cluster import PracticeContext
from tests.conftest import ROOT, SEEDS


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "miner.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture(scope="module")
def contexts() -> list[PracticeContext]:
    from miner.core import extract_sources

    out = []
    for record in extract_sources([str(SEEDS)]):
        assert not isinstance(record, Exception)
        out += [
            PracticeContext(p.name, p.sentence, record.region.province, record.doc.path)
            for p in record.practices
        ]
    return out


@pytest.fixture(scope="module")
def model(contexts: list[PracticeContext]) -> cluster.ThemeModel:
    return cluster.fit_themes(contexts, seed=0)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled reports built by `miner build` (its practices table is what themes read)."""
    path = tmp_path_factory.mktemp("store") / "miner.db"
    result = run("build", str(SEEDS), "--store", str(path))
    assert result.returncode == 0, result.stderr
    return path


# --- the codebook and its mapping -------------------------------------------------------------


def test_codebook_is_the_data_file() -> None:
    themes = cluster.codebook()
    assert cluster.CODEBOOK_VERSION == "themes/1"
    assert [t.id for t in themes][:3] == ["org_cover", "work_cover", "mgmt"]
    assert len(themes) == 14
    org = themes[0]
    assert org.label == "组织覆盖 / 组建方式"
    assert {"单独组建", "联合组建", "单独建"} <= set(org.triggers)


@pytest.mark.parametrize(
    ("name", "sentence", "expected"),
    [
        # one trigger in the name is enough
        ("单独组建", "凡有3名以上正式党员的,都要单独组建党组织。", ["org_cover"]),
        ("分领域联合建", "三是分领域联合建。", ["org_cover"]),
        ("志愿服务银行", "三是打造志愿服务银行。", ["service"]),
        ("党建+公益", "通过“党建+治水”“党建+公益”等方式推动中心工作落实。", ["service"]),
        # the sentence alone needs two different triggers of the theme
        (
            "建、联、挂、派",
            "采取单独组建、联合组建等方式,新建社会组织党组织1700多个。",
            ["org_cover"],
        ),
        ("金点子", "开展公益活动32场,受益1200人次,组织志愿服务。", ["service"]),
        # several themes
        ("党建带群建志愿服务", "以党建带群建,开展志愿服务。", ["service", "mass_org"]),
        # traditional pages print traditional names; matched on a simplified copy
        ("志願服務銀行", "三是打造志願服務銀行。", ["service"]),
        # and some print pinyin after characters, left out of the match
        ("志願服務(wù)銀行", "三是打造志願服務(wù)銀行(háng)。", ["service"]),
    ],
)
def test_trigger_themes(name: str, sentence: str, expected: list[str]) -> None:
    assert cluster.trigger_themes(name, sentence) == expected


def test_what_fits_no_theme_stays_unassigned() -> None:
    assert cluster.trigger_themes("金点子", "在党员中开展“金点子”活动,提出合理化建议。") == []
    # one generic codebook word in the sentence says little about the practice
    assert cluster.trigger_themes("五走进五共促", "依托街道开展“五走进五共促”活动。") == []
    # a trigger inside another found one (示范 in 示范点) counts once
    assert cluster.trigger_themes("以奖代补", "对5个示范点采取以奖代补的方式。") == ["funding"]


def test_importing_the_module_does_not_import_sklearn() -> None:
    code = (
        "import sys, miner.cluster as c; c.codebook(); c.trigger_themes('单独组建', '');"
        "c.assign_practice_themes([('志愿服务', '')], None);"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'joblib'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- fitting ----------------------------------------------------------------------------------


def _labels(model: cluster.ThemeModel, contexts: list[PracticeContext]) -> list[int | None]:
    return model.predict([(c.name, c.context) for c in cluster.canonical(contexts)])


def test_same_corpus_and_seed_give_the_same_clusters_and_names(
    model: cluster.ThemeModel, contexts: list[PracticeContext]
) -> None:
    again = cluster.fit_themes(list(reversed(contexts)), seed=0)  # input order does not matter
    assert again.clusters == model.clusters
    assert _labels(again, contexts) == _labels(model, contexts)
    assert again.manifest["corpus_hash"] == model.manifest["corpus_hash"]
    assert again.manifest["silhouette"] == model.manifest["silhouette"]
    assert all(c.terms for c in model.clusters)  # every cluster is named


def test_k_rule_takes_the_best_silhouette(
    model: cluster.ThemeModel, contexts: list[PracticeContext]
) -> None:
    scores = {int(k): v for k, v in model.manifest["silhouette"].items()}
    k = model.manifest["params"]["k"]
    assert len(model.clusters) == k == max(scores, key=lambda x: (scores[x], -x))
    # the grid stops at n / 5, so a small corpus gets no cluster per practice
    assert max(scores) <= len(contexts) // cluster.MIN_PER_CLUSTER
    assert sum(c.size for c in model.clusters) == len(contexts)


def test_k_rule_finds_separated_groups() -> None:
    rng = np.random.default_rng(0)
    centres = np.eye(8, dtype=np.float32)[:5] * 10
    z = np.vstack([c + rng.normal(0, 0.3, (40, 8)) for c in centres]).astype(np.float32)
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    k, scores = cluster.choose_k(z, seed=0, grid=(2, 3, 4, 5, 6, 8), sample=2000)
    assert k == 5
    assert set(scores) == {2, 3, 4, 5, 6, 8}
    _, scores_small = cluster.choose_k(z[:30], seed=0, grid=(2, 3, 4, 5, 6, 8), sample=2000)
    assert max(scores_small) <= 6  # 30 practices: at most 6 clusters


def test_clusters_map_onto_the_codebook_and_unassigned_is_reported(
    model: cluster.ThemeModel, contexts: list[PracticeContext]
) -> None:
    ids = {t.id for t in cluster.codebook()}
    assert any(c.themes for c in model.clusters)
    assert all(set(c.themes) <= ids for c in model.clusters)
    summaries = cluster.themes_summary(model, contexts)
    themed = {s.id: s for s in summaries if s.themes}
    novel = [s for s in summaries if not s.themes]
    assert {"org_cover", "service", "org_life", "mass_org"} <= set(themed)
    assert novel and all(s.id.startswith("novel:") for s in novel)
    # sizes: practices carrying each theme (one may carry several); novel groups hold the rest
    pairs = [(c.name, c.context) for c in contexts]
    carried = [
        own or (model.clusters[label].themes if label is not None else [])
        for own, label in zip(
            cluster.assign_practice_themes(pairs, None), model.predict(pairs), strict=True
        )
    ]
    assert sum(s.size for s in novel) == carried.count([]) > 0
    for theme_id, summary in themed.items():
        assert summary.size == sum(theme_id in t for t in carried)
    assert all(cluster.trigger_themes(e.name, "") == [] for s in novel for e in s.examples)
    org = themed["org_cover"]
    assert org.top_terms and org.clusters
    assert len({e.province for e in org.examples}) >= 2  # examples from several provinces first


# --- the saved model --------------------------------------------------------------------------


def test_save_load_round_trip(
    model: cluster.ThemeModel, contexts: list[PracticeContext], tmp_path: Path
) -> None:
    model.save(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert manifest["codebook_version"] == cluster.CODEBOOK_VERSION
    assert manifest["practices"] == len(contexts)
    assert {"corpus_hash", "params", "sklearn_version", "created"} <= set(manifest)
    loaded = cluster.load_model(tmp_path)
    assert loaded is not None
    assert loaded.clusters == model.clusters
    assert _labels(loaded, contexts) == _labels(model, contexts)
    assert cluster.load_model(tmp_path / "none") is None


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("sklearn_version", "0.0.1", "scikit-learn 0.0.1"),
        ("codebook_version", "themes/0", "codebook themes/0"),
    ],
)
def test_a_model_from_another_version_is_refused(
    model: cluster.ThemeModel, tmp_path: Path, key: str, value: str, message: str
) -> None:
    model.save(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    manifest[key] = value
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(cluster.ModelMismatchError, match=message) as info:
        cluster.load_model(tmp_path)
    assert "--refit" in str(info.value)
    with pytest.warns(UserWarning, match="trigger words"):
        assert cluster.assign_practice_themes([("金点子", "开展“金点子”活动。")], tmp_path) == [[]]


def test_assign_without_a_model_uses_the_triggers(tmp_path: Path) -> None:
    pairs = [("单独组建", ""), ("志愿服务银行", "三是打造志愿服务银行。"), ("金点子", "")]
    assert cluster.assign_practice_themes(pairs, tmp_path / "no-model") == [
        ["org_cover"],
        ["service"],
        [],
    ]


def test_assign_with_a_model_gives_the_cluster_themes(
    model: cluster.ThemeModel, contexts: list[PracticeContext], tmp_path: Path
) -> None:
    model.save(tmp_path)
    pairs = [(c.name, c.context) for c in cluster.canonical(contexts)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with_model = cluster.assign_practice_themes(pairs, tmp_path)
    triggers = cluster.assign_practice_themes(pairs, None)
    labels = model.predict(pairs)
    for got, own, label in zip(with_model, triggers, labels, strict=True):
        assert got == (own or (model.clusters[label].themes if label is not None else []))
    # clusters may place more (on the five seeds' practices they place none beyond the triggers)
    assert sum(map(bool, with_model)) >= sum(map(bool, triggers))
    # a practice with no word or n-gram the model knows is placed in no cluster
    assert model.predict([("𠀀𠀁", "𠀂𠀃。")]) == [None]


# --- the command ------------------------------------------------------------------------------


def test_practice_contexts_come_from_the_built_store(
    store: Path, contexts: list[PracticeContext]
) -> None:
    from miner.store import connect

    stored = cluster.practice_contexts(connect(store))
    assert sorted((c.name, c.context) for c in stored) == sorted(
        (c.name, c.context) for c in contexts
    )
    assert {c.province for c in stored} == {"浙江省", "甘肃省", "黑龙江省", "福建省"}
    assert all(c.doc and c.doc.endswith(".txt") for c in stored)
    empty = sqlite3.connect(":memory:")
    assert cluster.practice_contexts(empty) == []


def test_themes_command(store: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    first = run("themes", "--store", str(store), "--model-dir", str(models))
    assert first.returncode == 0, first.stderr
    assert "fitting the theme model" in first.stderr
    assert (models / "manifest.json").exists()
    out = first.stdout
    assert "codebook themes/1" in out
    assert "org_cover  组织覆盖 / 组建方式" in out and "service  作用发挥 / 公益" in out
    assert "unassigned: practices no codebook theme fits" in out and "novel:" in out
    assert "浙江省" in out and "黑龙江省" in out and "甘肃省" in out

    again = run("themes", "--store", str(store), "--model-dir", str(models))
    assert again.returncode == 0 and "fitting" not in again.stderr  # the saved model is reused
    assert again.stdout == out

    manifest = json.loads((models / "manifest.json").read_text("utf-8"))
    manifest["codebook_version"] = "themes/0"
    (models / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    stale = run("themes", "--store", str(store), "--model-dir", str(models))
    assert stale.returncode == 1 and "--refit" in stale.stderr
    refit = run("themes", "--store", str(store), "--model-dir", str(models), "--refit")
    assert refit.returncode == 0 and "fitting" in refit.stderr
    assert refit.stdout.splitlines()[1:] == out.splitlines()[1:]  # same fit, but a new time


def test_themes_command_without_practices(tmp_path: Path) -> None:
    missing = run("themes", "--store", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and "miner build" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    result = run("themes", "--store", str(empty), "--model-dir", str(tmp_path / "m"))
    assert result.returncode == 1 and "no practices" in result.stderr
