"""The dashboard's header: which corpus is open, what it holds, and what its load skipped or repaired.

Rules:
- One line names the corpus (the path, glob or files it was opened from; "a DataFrame" otherwise), one
  line gives :meth:`~toolkit.index.CorpusIndex.summary` (articles, tokens, publications, authors, date
  range, undated articles) with thousands separators, one line lists the facets with their number of values.
- The load report (``print(report)`` and its first rows as a table) is folded away under a title that
  says what it holds ("load report: 27 rows repaired, 0 skipped").
- Everything from the corpus (paths, names, report text) is shown escaped and outside MathJax.

Example:
    >>> import toolkit, pandas as pd
    >>> idx = toolkit.CorpusIndex.build(pd.DataFrame({"content": ["a b", "c"], "lang": ["en", "de"]}), progress=False)
    >>> summary_line(idx)
    '2 articles · 3 tokens · no dates'
    >>> facets_line(idx)
    'facets: lang (2 values)'
"""
from __future__ import annotations

import html
import os
from typing import Any

import ipywidgets as W
import pandas as pd

from toolkit.widgets.render import NO_MATH, literal_html

__all__ = ["corpus_header", "source_line", "summary_line", "facets_line", "report_title", "REPORT_ROWS"]

#: rows of the load report's table shown in the header (the whole report: ``index.load_report.to_frame()``)
REPORT_ROWS = 200


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def source_line(index: Any) -> str:
    """What the index was opened from.

    >>> class I: source = ["a.csv", "b.csv"]
    >>> source_line(I())
    'corpus: a.csv, b.csv'
    """
    source = getattr(index, "source", None)
    if source is None:
        return "corpus: a DataFrame"
    if isinstance(source, (str, os.PathLike)):
        return f"corpus: {os.fspath(source)}"
    names = [os.fspath(s) for s in source]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")
    return f"corpus: {shown}"


def summary_line(index: Any) -> str:
    """The corpus summary in one line (parts the corpus lacks are left out)."""
    s = index.summary()
    parts = [_plural(int(s["articles"]), "article"), _plural(int(s["tokens"]), "token")]
    if s["publications"]:
        parts.append(_plural(int(s["publications"]), "publication"))
    if s["authors"]:
        parts.append(_plural(int(s["authors"]), "author"))
    if pd.notna(s["first_date"]):
        parts.append(f"{s['first_date']:%Y-%m-%d} to {s['last_date']:%Y-%m-%d}")
    if s["undated"] and s["undated"] < s["articles"]:
        parts.append(f"{int(s['undated']):,} undated")
    elif s["undated"]:
        parts.append("no dates")
    return " · ".join(parts)


def facets_line(index: Any) -> str:
    """The facets and their number of values; ``""`` without facets."""
    facets = index.facets
    if not facets:
        return ""
    return "facets: " + ", ".join(f"{c} ({_plural(len(index.name_counts(c)), 'value')})" for c in facets)


def report_title(report: Any) -> str:
    """The folded report's title: what it holds."""
    if report is None:
        return "load report: none (indexed from a DataFrame)"
    return (f"load report: {report.rows_loaded:,} of {report.rows_read:,} rows loaded from "
            f"{_plural(len(report.files), 'file')}; {report.rows_skipped:,} skipped, "
            f"{report.rows_repaired:,} repaired, {report.rows_kept_with_warning:,} kept with a warning")


def _report_html(report: Any) -> str:
    if report is None:
        return ""
    text = f"<pre style='white-space: pre-wrap'>{html.escape(str(report))}</pre>"
    frame = report.to_frame()
    if frame.empty:
        return f"<div class='{NO_MATH}'>{text}</div>"
    more = f"<p>first {REPORT_ROWS:,} of {len(frame):,} rows</p>" if len(frame) > REPORT_ROWS else ""
    table = frame.head(REPORT_ROWS).to_html(index=False, escape=True, na_rep="")
    return f"<div class='{NO_MATH}'>{text}{more}<div style='max-height: 320px; overflow: auto'>{table}</div></div>"


def corpus_header(index: Any) -> W.VBox:
    """The header widget for ``index`` (see the module rules).

    >>> corpus_header(idx).children[0].value      # doctest: +SKIP
    """
    lines = [source_line(index), summary_line(index), facets_line(index)]
    text = W.HTML("<br>".join(literal_html(line) for line in lines if line))
    report = index.load_report
    details = W.Accordion(children=[W.HTML(_report_html(report))], titles=[report_title(report)],
                          selected_index=None)
    box = W.VBox([text, details])
    box.add_class("toolkit-header")
    text.add_class("toolkit-header-summary")
    details.add_class("toolkit-header-report")
    return box
