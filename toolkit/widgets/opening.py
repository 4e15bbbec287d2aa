"""Opening a corpus for the dashboard page: the dashboard, or the reason it cannot open, shown in the page.

Rules:
- :func:`open_dashboard` is what the dashboard notebook calls. A corpus that cannot be opened (a
  :class:`~toolkit.io.LoadError`, a missing file, an unreadable folder, a bad ``facets=``) gives an
  error panel with the message, in the page, instead of a traceback; nothing is raised.
- In the notebook the corpus is indexed without a progress bar: a closed ``tqdm`` widget left the
  page saying "Error displaying widget: model not found" above the dashboard. The terminal shows the
  progress instead: ``scripts/serve_dashboard.sh`` opens the corpus first with :func:`main` (which
  prints the same message and exits 1 when it fails, else leaves the index in the cache, so the page
  opens it in seconds).

Example:
    >>> panel = open_dashboard("/no/such/corpus.csv")
    >>> panel.children[0].value
    '<b>cannot open the corpus /no/such/corpus.csv</b>'
    >>> print(panel.children[1].value)             # doctest: +ELLIPSIS
    <pre ...>/no/such/corpus.csv: no such file or folder</pre>
"""
from __future__ import annotations

import html
import os
import sys
from typing import Any, Sequence

import ipywidgets as W

from toolkit.index import IndexReadError
from toolkit.io import LoadError
from toolkit.widgets.board import Dashboard, as_index, corpus_path
from toolkit.widgets.header import summary_line
from toolkit.widgets.render import literal_html

__all__ = ["open_dashboard", "error_panel", "opening_error", "main"]

#: what opening a corpus can fail with, for a reason the user can act on (anything else is a bug: raised)
OPEN_ERRORS = (LoadError, IndexReadError, OSError, ValueError, TypeError)


def error_panel(title: str, message: str) -> W.VBox:
    """A panel that shows ``message`` literally (escaped, outside MathJax) under ``title``.

    >>> error_panel("cannot open", "<b>x</b>").children[1].value
    '<pre class="tex2jax_ignore mathjax_ignore" style="white-space: pre-wrap">&lt;b&gt;x&lt;/b&gt;</pre>'
    """
    head = W.HTML(f"<b>{html.escape(title)}</b>")
    body = W.HTML(literal_html(message, "pre", "white-space: pre-wrap"))
    box = W.VBox([head, body])
    box.add_class("toolkit-error")
    return box


def opening_error(exc: BaseException) -> str:
    """The message shown for a corpus that cannot be opened: the error's own text (LoadError and
    IndexReadError name the file and the reason), with its kind for the others.

    >>> opening_error(FileNotFoundError(2, "No such file or directory", "a.csv"))
    "FileNotFoundError: [Errno 2] No such file or directory: 'a.csv'"
    """
    if isinstance(exc, (LoadError, IndexReadError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def open_dashboard(corpus: Any = None, *, facets: Sequence[str] | None = None, **kw: Any) -> W.Widget:
    """The dashboard for ``corpus`` (a path, glob, DataFrame or index; None: ``$TOOLKIT_CORPUS`` or the
    sample), or an error panel saying why it cannot be opened.

    >>> open_dashboard("data/sample/articles.csv")      # doctest: +SKIP
    """
    source = corpus_path(corpus)
    try:
        index = as_index(source, progress=False)
        return Dashboard(index, facets=facets, **kw)
    except OPEN_ERRORS as exc:
        shown = os.fspath(source) if isinstance(source, (str, os.PathLike)) else type(source).__name__
        return error_panel(f"cannot open the corpus {shown}", opening_error(exc))


def main(argv: Sequence[str] | None = None) -> int:
    """Open (and cache) the corpus the dashboard will show (``argv[0]``, else ``$TOOLKIT_CORPUS`` or the
    sample), with progress; print what it holds, or the message the page would show and return 1.

    >>> main(["/no/such/corpus.csv"])                   # doctest: +SKIP
    1
    """
    args = list(sys.argv[1:] if argv is None else argv)
    source = corpus_path(args[0] if args else None)
    try:
        index = as_index(source, progress=True)
    except OPEN_ERRORS as exc:
        print(f"error: cannot open the corpus {source}:\n{opening_error(exc)}", file=sys.stderr)
        return 1
    print(f"corpus: {source}: {summary_line(index)}")
    return 0

