"""The ipywidgets dashboard: filter panel -> index view -> stats -> charts.

``dashboard()`` holds no analysis logic: every number comes from ``toolkit.index`` /
``toolkit.stats`` and every chart from ``toolkit.plots``. Charts are PNG ``Image`` widgets, so
they render the same in JupyterLab, Voila and a plain kernel. Article text is shown escaped.

- :mod:`toolkit.widgets.board`: the :class:`Dashboard` (filters, scheduling, which tab to draw),
- :mod:`toolkit.widgets.picker`: the searchable name lists with counts (publication, author, facets),
- :mod:`toolkit.widgets.header`: which corpus is open, its summary and load report,
- :mod:`toolkit.widgets.opening`: the dashboard page's entry (``open_dashboard``: the board or the error),
- :mod:`toolkit.widgets.exporting`: a tab's tables, charts and the filtered articles as files,
- :mod:`toolkit.widgets.protocol`: the ``Tab`` protocol, the ``Context`` tabs draw from, what they showed,
- :mod:`toolkit.widgets.tabs`: one class per chart tab; :mod:`toolkit.widgets.reading`: the Read tab,
- :mod:`toolkit.widgets.render`: PNG charts, escaped HTML, labels.

Example:
    >>> import toolkit
    >>> board = toolkit.dashboard()                     # doctest: +SKIP
    >>> board.keyword.value = "election"               # doctest: +SKIP
    >>> board.status.text                             # doctest: +SKIP
    '312 articles match'
"""
from __future__ import annotations

from toolkit.widgets.board import NO_MATCH, Dashboard, as_index, corpus_path, dashboard, status_text
from toolkit.widgets.opening import error_panel, open_dashboard
from toolkit.widgets.picker import Picker
from toolkit.widgets.render import escape_with_marks, message_png, render_png
from toolkit.widgets.tabs import TAB_TITLES, TABS, Context, Tab

__all__ = ["dashboard", "open_dashboard", "error_panel", "Picker", "Dashboard", "corpus_path", "status_text",
           "NO_MATCH", "TAB_TITLES", "TABS", "Tab", "Context", "escape_with_marks", "render_png", "message_png",
           "as_index"]
