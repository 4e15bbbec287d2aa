"""The wheel works on its own: built from the repository, installed into a fresh venv, used from elsewhere.

The wheel is built (``python -m build --wheel``) from a copy of the working tree, installed with pip into
a new ``python -m venv`` (dependencies from the package index, through pip's cache, pinned to the versions
of the running environment), and then used from a working directory outside the repository, with the
repository not on ``sys.path``: ``import toolkit``, the compiled scanner, the default corpus (generated
into a cache folder, since a wheel has no ``data/``), the dashboard, and a notebook run by nbclient with
the venv's kernel. Needs the package index: skipped when it is unreachable.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.slow, pytest.mark.pip, pytest.mark.timeout(1800)]

# top-level folders of the checkout that play no part in building the wheel
_NOT_SOURCES = {".git", ".venv", "data", "tests", "notebooks", "benchmarks", "docs", "test-artifacts", "build",
                "dist", ".hypothesis", ".pytest_cache", ".toolkit-cache", ".ipynb_checkpoints"}
_EVERYWHERE = re.compile(r"__pycache__$|\.egg-info$|\.so$|\.pyd$|\.pyc$")  # build products of the checkout


def _index_unreachable() -> str | None:
    """Why the package index (pip's ``index-url``, or its proxy) cannot be reached, or None if it can."""
    url = os.environ.get("PIP_INDEX_URL", "")
    if not url:
        done = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                              capture_output=True, text=True)
        url = done.stdout.strip().strip("'\"") if done.returncode == 0 else ""
    url = url or "https://pypi.org/simple"
    parts = urlsplit(url)
    if parts.scheme == "file":
        return None
    scheme = "https" if parts.scheme == "https" else "http"
    proxy = os.environ.get(f"{scheme.upper()}_PROXY") or os.environ.get(f"{scheme}_proxy")
    target = urlsplit(proxy if "://" in (proxy or "") else f"http://{proxy}") if proxy else parts
    host, port = target.hostname, target.port or (443 if target.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=5).close()
    except OSError as exc:
        return f"package index {url} unreachable ({host}:{port}: {exc})"
    return None


def _run(cmd: list[str | Path], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


def _clean_env(cache: Path) -> dict[str, str]:
    """The environment for the venv: nothing pointing back at the checkout or forcing pure Python."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "TOOLKIT_PURE_PYTHON", "TOOLKIT_CORPUS")}
    env["TOOLKIT_CACHE_DIR"] = str(cache)
    return env


def _constraints(path: Path) -> Path:
    """The running environment's versions, so the venv resolves to wheels pip has cached (and tested)."""
    frozen = _run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"]).stdout.splitlines()
    pins = [line for line in frozen if "==" in line and not line.lower().startswith(("newskit", "-e", "#"))]
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> SimpleNamespace:
    reason = _index_unreachable()
    if reason:
        pytest.skip(reason)
    pytest.importorskip("build", reason="python -m build is part of the test extra")
    tmp = tmp_path_factory.mktemp("packaging")
    src = tmp / "src"

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = {n for n in names if n in _NOT_SOURCES} if Path(folder) == REPO else set()
        return top | {n for n in names if _EVERYWHERE.search(n)}

    shutil.copytree(REPO, src, ignore=ignore)
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", tmp / "dist", src])
    wheel, = (tmp / "dist").glob("*.whl")

    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    work = tmp / "work"  # outside the checkout: nothing here can shadow the installed package
    work.mkdir()
    env = _clean_env(tmp / "toolkit-cache")
    # --no-compile: byte-compiling every dependency's modules took half of this install
    _run([python, "-m", "pip", "install", "--quiet", "--no-compile", "-c", _constraints(tmp / "constraints.txt"),
          wheel, "ipykernel", "nbclient", "nbformat"], env=env, cwd=work)
    return SimpleNamespace(wheel=wheel, python=python, venv=venv, work=work, env=env, tmp=tmp)


def test_wheel_holds_the_compiled_scanner_and_package_data(installed):
    names = zipfile.ZipFile(installed.wheel).namelist()
    assert [n for n in names if re.fullmatch(r"toolkit/text/(.+/)?_scan[^/]*\.(so|pyd)", n)], \
        "the compiled scanner is missing from the wheel"
    assert [n for n in names if re.fullmatch(r"toolkit/text/data/[^/]+\.txt", n)], "stop-word lists missing"
    for name in ("toolkit/py.typed", "toolkit/sample/__init__.py", "toolkit/sample/__main__.py"):
        assert name in names
    assert not [n for n in names if n.startswith(("tests/", "data/", "notebooks/"))]


_CHECK = textwrap.dedent("""
    import importlib, inspect, json, sys
    import toolkit

    info = {"toolkit": toolkit.__file__, "sys_path": sys.path, "native": None}
    for name in ("toolkit.text._native", "toolkit.text.native"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        info["native_module"], info["native"] = name, getattr(module, "NATIVE", None)
        break
    corpus = toolkit.sample.default_corpus()
    info["corpus"] = str(corpus)
    first = next(iter(inspect.signature(toolkit.dashboard).parameters.values()))
    board = toolkit.dashboard() if first.default is not inspect.Parameter.empty else toolkit.dashboard(corpus)
    info["board"] = type(board).__name__
    info["n_articles"] = board.index.n_articles
    print(json.dumps(info))
""")


def test_installed_package_works_outside_the_checkout(installed):
    script = installed.work / "check.py"
    script.write_text(_CHECK, encoding="utf-8")
    info = json.loads(_run([installed.python, script], env=installed.env, cwd=installed.work).stdout)
    assert Path(info["toolkit"]).is_relative_to(installed.venv), info["toolkit"]
    assert not [p for p in info["sys_path"] if p and Path(p).resolve().is_relative_to(REPO)]
    assert info["native"] is True, f"compiled scanner not loaded ({info.get('native_module')})"
    corpus = Path(info["corpus"])
    assert corpus == Path(installed.env["TOOLKIT_CACHE_DIR"]) / "sample" / "articles.csv"
    assert corpus.read_bytes() == (REPO / "data" / "sample" / "articles.csv").read_bytes()
    assert info["board"] == "Dashboard" and info["n_articles"] == 2000


_NOTEBOOK = textwrap.dedent("""
    import sys
    import nbformat
    from nbclient import NotebookClient

    source, target, kernel = sys.argv[1:4]
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys, toolkit; print(sys.executable, toolkit.__file__)"))
    NotebookClient(nb, timeout=300, kernel_name=kernel, resources={"metadata": {"path": "."}}).execute()
    nbformat.write(nb, target)
""")


def test_notebook_runs_against_the_installed_package(installed):
    """``notebooks/dashboard.ipynb`` (its corpus: ``corpus_path()``, i.e. the default corpus) in the venv's kernel."""
    kernels = installed.tmp / "jupyter" / "kernels" / "newskit-wheel"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(installed.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "newskit wheel", "language": "python"}), encoding="utf-8")
    env = dict(installed.env, JUPYTER_PATH=str(installed.tmp / "jupyter"))
    script, out = installed.work / "run_notebook.py", installed.work / "dashboard.out.ipynb"
    script.write_text(_NOTEBOOK, encoding="utf-8")
    _run([installed.python, script, REPO / "notebooks" / "dashboard.ipynb", out, "newskit-wheel"],
         env=env, cwd=installed.work)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    executable, toolkit_file = nb.cells[-1].outputs[0]["text"].split()
    assert Path(executable).parent == installed.python.parent
    assert Path(toolkit_file).is_relative_to(installed.venv)
