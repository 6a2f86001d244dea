"""The notebook runs top to bottom on a fresh store, headless, and is committed without outputs."""

import json

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "practice_themes.ipynb"


def test_committed_without_outputs() -> None:
    # Outputs would put one machine's results (and megabytes of PNG) into every diff.
    nb = json.loads(NOTEBOOK.read_text("utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"]
    first = "".join(nb["cells"][0]["source"])
    assert nb["cells"][0]["cell_type"] == "code" and "STORE" in first and "MINER_STORE" in first


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    """The notebook run in a kernel on a store it builds itself from the bundled reports."""
    tmp = tmp_path_factory.mktemp("notebook")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        # The kernel inherits the environment: the first cell reads the store's path from it.
        mp.setenv("MINER_STORE", str(tmp / "miner.db"))
        # The kernel of this venv, not a "python3" kernel spec of the user's own elsewhere.
        mp.setenv("JUPYTER_PREFER_ENV_PATH", "1")
        client = NotebookClient(
            nb, timeout=120, kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        )
        try:
            client.execute()
        finally:  # the executed copy, outputs and the failing cell, for a look afterwards
            nbformat.write(nb, tmp / NOTEBOOK.name)
    assert (tmp / "miner.db").is_file()
    return nb


def _outputs(nb: nbformat.NotebookNode, marker: str) -> list[dict]:
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and marker in c.source]
    return cell.outputs


def test_notebook_runs_and_shows_each_part(executed: nbformat.NotebookNode) -> None:
    for cell in executed.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error"
            # matplotlib's "Glyph ... missing from font(s)" and our CJKFontWarning land here.
            if out.output_type == "stream" and out.name == "stderr":
                assert "Glyph" not in out.text and "CJKFontWarning" not in out.text, out.text
    for chart in ("charts.theme_heatmap(wide)", "charts.coverage_chart(wide)"):
        assert any("image/png" in o.get("data", {}) for o in _outputs(executed, chart)), chart
    table = _outputs(executed, "wide = miner.load_table")[0]["data"]["text/html"]
    assert "甘肃省" in table and "coverage_rate" in table
    html = "".join(o.get("data", {}).get("text/html", "")
                   for o in _outputs(executed, "displacy.render"))
    assert all(label in html for label in ("FIGURE", "REGION", "PRACTICE")) and "71%" in html
    kwic = _outputs(executed, "miner.kwic(")
    assert "provinces" in kwic[0]["text"] and "text/html" in kwic[-1]["data"]
    themes = _outputs(executed, "cluster.themes_summary")[0]["data"]["text/html"]
    assert "org_life" in themes and "novel:" in themes
