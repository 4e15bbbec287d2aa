"""How the package imports: ``import toolkit`` registers ``.news``, and no module imports back one that imports it.

Each check runs in a fresh interpreter, since one test process has every module loaded already.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

TOOLKIT = Path(__file__).resolve().parent.parent / "toolkit"



def _all_modules() -> list[str]:
    """Every module of the package (``__main__`` left out: importing it runs the command line)."""
    names = []
    for path in sorted(TOOLKIT.rglob("*.py")):
        parts = path.relative_to(TOOLKIT.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = _all_modules()


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)


def test_import_toolkit_registers_the_accessors_in_a_fresh_interpreter():
    out = _run("import toolkit, pandas as pd; print(pd.Series(['#a']).news.hashtags().tolist())")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[['a']]"]


def test_toolkit_io_alone_loads_neither_the_features_nor_the_text_functions():
    # .news used to be registered by toolkit.io and toolkit.features importing each other's neighbours
    out = _run("import sys, json, toolkit.io\n"
               "print(json.dumps(sorted(m for m in sys.modules if m.startswith('toolkit'))))")
    assert out.returncode == 0, out.stderr
    loaded = set(json.loads(out.stdout))
    assert {"toolkit", "toolkit.accessor", "toolkit.io", "toolkit.io.loader"} <= loaded
    assert not loaded & {"toolkit.featurize", "toolkit.text"}


#: run in one interpreter that has the third-party libraries loaded (the slow part of starting one) and no
#: toolkit module; each toolkit module is then imported first in a forked child of it
_FORKING_CHECK = """
import importlib, json, os, sys, traceback
import numpy, pandas, pyarrow, pyarrow.compute, regex, scipy.sparse, scipy.stats, matplotlib, multiprocessing, xxhash
matplotlib.use("Agg")
import matplotlib.pyplot, ipywidgets, traitlets, yaml, tqdm.auto
assert not [m for m in sys.modules if m.startswith("toolkit")]
results = {}
names = json.loads(sys.argv[1])
for first in range(0, len(names), 2):           # two children at a time: one per core
    running = []
    for name in names[first:first + 2]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                importlib.import_module(name)
                import toolkit, pandas as pd
                out = f"{pd.Series(['#a', 'b']).news.hashtags().tolist()} {toolkit.features('#a')['hashtags'].item()}"
            except BaseException:
                out = traceback.format_exc()[-2000:]
            os.write(write, out.encode())
            os._exit(0)
        os.close(write)
        running.append((name, read, pid))
    for name, read, pid in running:
        with os.fdopen(read, "rb") as fh:
            results[name] = fh.read().decode()
        os.waitpid(pid, 0)
print(json.dumps(results))
"""


@pytest.mark.slow
def test_every_module_imports_first_in_a_fresh_interpreter():
    # a cycle between two modules fails (a name taken from a partially initialised module) when the
    # wrong one of the pair is imported first: so each module is imported first once
    done = subprocess.run([sys.executable, "-c", _FORKING_CHECK, json.dumps(MODULES)], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    runs = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted(runs) == sorted(MODULES)
    for name, out in runs.items():
        assert out.strip() == "[['a'], []] 1", f"importing {name} first fails:\n{out}"


def _module_path(name: str) -> Path | None:
    base = TOOLKIT.parent.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.exists():
            return path
    return None


def _top_level_imports(name: str) -> set[str]:
    """The toolkit modules ``name`` imports when it is imported (module level, ``try`` included; not inside
    functions, and not under ``if TYPE_CHECKING``)."""
    tree = ast.parse(_module_path(name).read_text(encoding="utf-8"))
    statements = []
    for node in tree.body:
        statements += node.body if isinstance(node, ast.Try) else [node]
    found = set()
    for node in statements:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # "from toolkit.text import _native" names a module, not an attribute
                sub = f"{node.module}.{alias.name}"
                found.add(sub if _module_path(sub) else node.module)
    return {m for m in found if m.startswith("toolkit") and m != name}


def test_no_import_cycle_between_the_modules():
    graph = {name: _top_level_imports(name) & set(MODULES) for name in MODULES}

    def reach(start: str) -> set[str]:
        seen, todo = set(), list(graph[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo += graph[node]
        return seen

    cycles = [name for name in MODULES if name in reach(name)]
    assert cycles == [], {name: sorted(graph[name]) for name in cycles}
