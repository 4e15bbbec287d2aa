"""Exports from the dashboard: a tab's tables as CSV, its charts as PNG or SVG, the filtered articles as
CSV or Parquet, the Read tab's KWIC lines as CSV.

Rules:
- What is exported is what the tab shows now (its ``tables()`` and ``figures()``, see
  :mod:`toolkit.widgets.protocol`), or the articles the filters select (``view.export``).
- Nothing is prepared until asked: "prepare" makes the file, then a download link appears (a ``data:``
  URI, which works in Voila and JupyterLab alike, with no server-side route).
- A file over :data:`MAX_LINK_BYTES` is not put in a link: it is written to :func:`export_dir`
  (``$TOOLKIT_EXPORT_DIR``, else ``~/newskit-exports``, on the machine running the kernel) and its path is
  shown; an existing file is never replaced (a number is added to the name). The articles are written
  there once in any case (a small file then becomes the link and is removed).
- The Read tab's table is the page of KWIC lines (or articles) it lists.
- Cells are written as they are: a handle such as ``@potus`` or a text starting with ``=`` is data, not
  escaped for spreadsheets (which may read such a cell as a formula).
- File names come from the tab and the filters, made safe for every file system; everything shown is
  escaped.

Example:
    >>> link = download_link(b"a,b\\n1,2\\n", "terms.csv", "text/csv")
    >>> link.startswith('<a download="terms.csv" href="data:text/csv;base64,YSxiCjEsMgo="')
    True
"""
from __future__ import annotations

import base64
import html
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as W
import pandas as pd

from toolkit.widgets.render import render_figure

__all__ = ["ExportBar", "download_link", "export_dir", "safe_name", "free_path", "MAX_LINK_BYTES", "table_csv"]

#: files up to this size are offered as a download link; larger ones are written to export_dir()
MAX_LINK_BYTES = 20_000_000


def export_dir() -> Path:
    """Where exports too large for a link are written: ``$TOOLKIT_EXPORT_DIR``, else ``~/newskit-exports``.

    >>> export_dir().name in ("newskit-exports", os.environ.get("TOOLKIT_EXPORT_DIR", "x").rsplit("/", 1)[-1])
    True
    """
    return Path(os.environ.get("TOOLKIT_EXPORT_DIR") or Path.home() / "newskit-exports").expanduser()


def safe_name(*parts: str) -> str:
    """A file name stem from ``parts``: letters, digits, ``-`` and ``_`` only, at most 80 characters.

    >>> safe_name("Terms", "Breitbart / NYT", "wall OR border")
    'terms_breitbart-nyt_wall-or-border'
    """
    cleaned = [re.sub(r"[^a-z0-9]+", "-", p.casefold()).strip("-") for p in parts]
    return "_".join(p for p in cleaned if p)[:80] or "export"


def free_path(folder: Path, name: str) -> Path:
    """``folder / name``, or with ``-2``, ``-3``... before the suffix when that file exists (never replaced).

    >>> free_path(Path("/nonexistent"), "a.csv")
    PosixPath('/nonexistent/a.csv')
    """
    path = folder / name
    stem, suffix = path.name.split(".", 1) if "." in path.name else (path.name, "")
    n = 2
    while path.exists():
        path = folder / (f"{stem}-{n}.{suffix}" if suffix else f"{stem}-{n}")
        n += 1
    return path


def download_link(data: bytes, filename: str, mime: str) -> str:
    """An ``<a download>`` link holding ``data`` as a ``data:`` URI; the name is escaped."""
    encoded = base64.b64encode(data).decode("ascii")
    name = html.escape(filename)
    return (f'<a download="{name}" href="data:{mime};base64,{encoded}">download {name}</a> '
            f"<small>({len(data):,} bytes)</small>")


def table_csv(tables: dict[str, pd.DataFrame]) -> bytes:
    """One CSV of a tab's tables (UTF-8 with BOM, so spreadsheets read accents): a ``table`` column
    names each table when there are several.

    >>> table_csv({"terms": pd.DataFrame({"term": ["a"], "count": [2]})}).decode("utf-8-sig").splitlines()
    ['term,count', 'a,2']
    """
    frames = [t.assign(table=name)[["table", *t.columns]] if len(tables) > 1 else t for name, t in tables.items()]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return frame.to_csv(index=False).encode("utf-8-sig")


class ExportBar(W.VBox):
    """"Export" controls under a tab: what (its table, its charts, the filtered articles, KWIC lines),
    a prepare button, and the link or path of the file made.

    ``source()`` gives (tab title, tables, figures, view, filters) at the time of the click.

    Example:
        >>> bar = ExportBar(lambda: ("Terms", {"top terms": idx.top_terms(10)}, [], idx, {}))  # doctest: +SKIP
        >>> bar.what.value = "csv"; bar.make(); bar.result.value     # a download link    # doctest: +SKIP
    """

    CHOICES = [("table (CSV)", "csv"), ("chart (PNG)", "png"), ("chart (SVG)", "svg"),
               ("filtered articles (CSV)", "articles.csv"), ("filtered articles (Parquet)", "articles.parquet")]

    def __init__(self, source: Callable[[], tuple[str, dict, list, Any, dict]]) -> None:
        self.source = source
        self.what = W.Dropdown(options=self.CHOICES, value="csv", description="Export",
                               layout=W.Layout(width="300px"))
        self.prepare = W.Button(description="prepare", icon="download", layout=W.Layout(width="auto"))
        self.result = W.HTML(value="")
        self.what.add_class("toolkit-export-what")
        self.prepare.add_class("toolkit-export-prepare")
        self.result.add_class("toolkit-export-result")
        super().__init__([W.HBox([self.what, self.prepare]), self.result])
        self.add_class("toolkit-export")
        self.what.observe(lambda _: setattr(self.result, "value", ""), names="value")
        self.prepare.on_click(lambda _: self.make())

    def make(self) -> None:
        """Make the chosen file now and show its link (or path, or why there is nothing to export)."""
        title, tables, figures, view, filters = self.source()
        kind = self.what.value
        stem = safe_name(title, *[str(v) for k, v in sorted(filters.items()) if k not in ("regex",)])
        try:
            if kind == "csv":
                if not tables:
                    raise ValueError("this tab shows no table")
                self._offer(table_csv(tables), f"{stem}.csv", "text/csv")
            elif kind in ("png", "svg"):
                if not figures:
                    raise ValueError("this tab shows no chart")
                for i, (name, draw, size) in enumerate(figures):
                    data = render_figure(draw, size, kind)
                    self._offer(data, f"{stem}_{safe_name(name)}.{kind}", "image/png" if kind == "png" else
                                "image/svg+xml", append=i > 0)
            else:
                if view is None or view.n_articles == 0:
                    raise ValueError("no articles match the filters")
                suffix = kind.split(".", 1)[1]
                self._offer_articles(view, f"{stem}_articles.{suffix}",
                                     "text/csv" if suffix == "csv" else "application/vnd.apache.parquet")
        except Exception as exc:  # noqa: BLE001 - whatever went wrong is said under the button, not lost
            reason = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
            self.result.value = f"<span class='toolkit-export-error'>cannot export: {html.escape(reason)}</span>"

    def _offer_articles(self, view: Any, filename: str, mime: str) -> None:
        """The articles written once, into the export folder: a link when small (the file is then removed),
        else the file's path."""
        folder = export_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = view.export(free_path(folder, filename))
        size = path.stat().st_size
        if size <= MAX_LINK_BYTES:
            data = path.read_bytes()
            path.unlink()
            self._offer(data, filename, mime)
        else:
            self.result.value = (f"{size:,} bytes: too large for a download link, written to "
                                 f"<code>{html.escape(str(path))}</code>")

    def _offer(self, data: bytes, filename: str, mime: str, append: bool = False) -> None:
        if len(data) <= MAX_LINK_BYTES:
            shown = download_link(data, filename, mime)
        else:
            folder = export_dir()
            folder.mkdir(parents=True, exist_ok=True)
            path = free_path(folder, filename)
            path.write_bytes(data)
            shown = (f"{len(data):,} bytes: too large for a download link, written to "
                     f"<code>{html.escape(str(path))}</code>")
        self.result.value = (self.result.value + "<br>" if append else "") + shown


