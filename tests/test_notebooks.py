"""Every notebook runs headless (nbclient); the saved dashboard widget state shows its label and a chart."""
from __future__ import annotations

import base64
import csv
import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from tests.external import external_file

pytestmark = pytest.mark.slow  # starts a dask cluster, a kernel or a browser

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
NAMES = ["01_quickstart", "02_quotes", "03_hashtags_handles", "04_sources_distinctive_terms", "dashboard"]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def index_cache(monkeypatch, tmp_path_factory) -> Path:
    """Kernels inherit the environment: their index cache is the session's, not the user's home."""
    path = tmp_path_factory.getbasetemp() / "index-cache"
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(path))
    return path


def _execute(name: str) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def _widget_state(nb: nbformat.NotebookNode) -> dict:
    return nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]


def _labels(state: dict) -> list[str]:
    """The text of every Label and HTML widget in the saved state (HTML with its tags removed)."""
    shown = []
    for m in state.values():
        value = m["state"].get("value")
        if m["model_name"] == "LabelModel":
            shown.append(value)
        elif m["model_name"] == "HTMLModel":
            shown.append(html.unescape(re.sub(r"<[^>]*>", "", value or "")))
    return shown


def _png_images(state: dict) -> list[bytes]:
    images = []
    for model in state.values():
        if model["model_name"] != "ImageModel":
            continue
        for buf in model.get("buffers", []):
            if buf.get("path") == ["value"]:
                images.append(base64.b64decode(buf["data"]))
    return [img for img in images if img.startswith(PNG)]


def test_notebooks_are_generated_and_have_no_outputs():
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "make_notebooks.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in NAMES:
        nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code and all(not c.outputs and c.execution_count is None for c in code), name
        assert code[0].source.startswith("%matplotlib inline"), name


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_short_and_only_call_the_package(name):
    """No analysis logic lives only in a notebook: no functions or classes, a few short cells."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert len(code) <= 12 and all(len(source.splitlines()) <= 8 for source in code), name
    for source in code:
        assert not re.search(r"^\s*(def|class|async def)\s|\blambda\b|^\s*(for|while)\s", source, re.M), source
    assert "import toolkit" in code[0]


@pytest.mark.parametrize("name", [n for n in NAMES if n != "dashboard"])
def test_notebook_executes(name):
    nb = _execute(name)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    shown = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any("image/png" in o.get("data", {}) for o in shown), f"{name} draws no chart"


def test_dashboard_notebook_saves_label_and_chart(monkeypatch, index_cache):
    import toolkit
    from toolkit.sample import SAMPLE_CSV

    monkeypatch.delenv("TOOLKIT_CORPUS", raising=False)
    nb = _execute("dashboard")
    assert "application/vnd.jupyter.widget-view+json" in nb.cells[-1].outputs[-1]["data"]
    state = _widget_state(nb)
    n = toolkit.CorpusIndex.from_files(SAMPLE_CSV, cache_dir=index_cache).n_articles
    assert f"{n:,} articles match" in _labels(state)
    assert _png_images(state), "no chart image in the saved widget state"


def test_dashboard_notebook_follows_toolkit_corpus(monkeypatch, tmp_path):
    path = tmp_path / "mine.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "publication", "author", "date", "content"])
        w.writerow(["a", "One", "Daily", "Ann", "2020-01-05", "Rain fell on the town hall today."])
        w.writerow(["b", "Two", "Weekly", "Bob", "2020-02-07", "The mayor said “we are ready” again."])
    monkeypatch.setenv("TOOLKIT_CORPUS", str(path))
    state = _widget_state(_execute("dashboard"))
    assert "2 articles match" in _labels(state)


def _big_corpus(path: Path, megabytes: int) -> Path:
    """A CSV of ``megabytes`` MB: real PolNeAR articles repeated (the loader shows a progress bar over 16 MB)."""
    import toolkit

    df = toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False)
    rows = df[["id", "title", "publication", "author", "date", "content"]].astype(str)
    copies = []
    size = 0
    while size < megabytes * 1_000_000:
        part = rows.assign(id=rows["id"] + f"-{len(copies)}")
        copies.append(part)
        size += int(part["content"].str.len().sum())
    pd.concat(copies).to_csv(path, index=False)
    return path


def test_dashboard_notebook_shows_why_a_corpus_cannot_open(monkeypatch, tmp_path):
    """A file without a text column: the page shows the LoadError's text (file, reason), no traceback."""
    path = tmp_path / "no_text.csv"
    path.write_text("id,title,score\n1,A title,3\n2,Another,4\n")
    monkeypatch.setenv("TOOLKIT_CORPUS", str(path))
    nb = _execute("dashboard")
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    shown = "\n".join(_labels(_widget_state(nb)))
    assert f"cannot open the corpus {path}" in shown
    assert f"{path}: no usable text column" in shown and "'score'" in shown


def test_dashboard_notebook_leaves_no_progress_widget_behind(monkeypatch, tmp_path):
    """Over 16 MB the loader's tqdm bar is a widget; closed, it left "model not found" above the
    dashboard in Voila. The page's saved state holds the dashboard and no progress bar."""
    path = _big_corpus(tmp_path / "big.csv", 17)
    monkeypatch.setenv("TOOLKIT_CORPUS", str(path))
    nb = _execute("dashboard")
    state = _widget_state(nb)
    assert not [m for m in state.values() if "Progress" in m["model_name"]]
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views == [outputs[-1]]                                   # the board, and nothing else
    assert any(line.endswith("articles match") for line in _labels(state))
