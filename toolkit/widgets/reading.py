"""The Read tab: keyword-in-context lines as AntConc shows them, and the reader.

Rules:
- With a keyword, the listing is ``stats.kwic``'s lines: date, publication, the left context
  right-aligned to the chosen width so the matches stand in one column, the match, the right context and
  the title, in a monospace list. Sortable by text order, left context, right context or date (the first
  ``stats.kwic`` ``max_lines`` lines are sorted); the context width is a control; :data:`PAGE` lines a
  page, with previous/next and "a–b of n" (``n+`` in text order: lines are found a page at a time).
- Without a keyword, the listing is the matching articles (date, publication, title), paged the same way.
- Clicking a line opens the article in the reader: escaped, every match marked, the clicked one marked
  ``toolkit-focus``, the text before its passage folded away (so the match is in view when the article
  opens), and a link to the article's URL when it is an http(s) URL.
- :meth:`ReadTab.lines` is the current page as a table (what an export writes).

Example:
    >>> kwic_label("2016-03-01", "Breitbart", "the border", "wall", "was built", "A title", width=12)
    '2016-03-01  Breitbart         the border  wall  was built    | A title'
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import ipywidgets as W
import pandas as pd

from toolkit import stats
from toolkit.widgets.protocol import Context, LiteralText, Shown
from toolkit.widgets.render import article_markup, as_text, date_label, one_line

__all__ = ["ReadTab", "article_html", "kwic_label", "PAGE", "SORTS"]

#: lines (KWIC lines or articles) on one page of the listing
PAGE = 200
#: the listing's sort orders: (label, ``stats.kwic`` sort)
SORTS = [("text order", ""), ("left context", "left"), ("right context", "right"), ("date", "date")]
_PUB_WIDTH = 14
_CSS = ("<style>.toolkit-read-list select {font-family: monospace; font-size: 12px} "
        ".toolkit-reader mark.toolkit-focus {outline: 2px solid #d62728}</style>")


def article_html(index: Any, row: int, pattern: re.Pattern[str] | None, focus: int | None = None) -> str:
    """The article at index row ``row`` as escaped HTML, with matches of ``pattern`` marked (the one
    starting at ``focus`` in view).

    Example:
        >>> article_html(toolkit.CorpusIndex.build(df), 0, None)    # doctest: +SKIP
    """
    meta = index.articles().loc[row]
    text = index.text.row(row) or ""
    return article_markup(meta, text, pattern, focus)


def _fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` on one line, cut or padded to ``width`` characters (``right``: aligned right, cut at its start)."""
    text = one_line(text)
    return text[-width:].rjust(width) if right else text[:width].ljust(width)


def kwic_label(date: str, publication: str, left: str, match: str, right: str, title: str, *, width: int) -> str:
    """One KWIC line as listed: the match starts in the same column on every line (monospace).

    >>> kwic_label("", "NYT", "a", "x", "b", "", width=3)
    '            NYT               a  x  b   | '
    """
    return (f"{date:10}  {_fit(publication, _PUB_WIDTH)}  {_fit(left, width, right=True)}  {one_line(match)}  "
            f"{_fit(right, width)} | {one_line(title)}")


class ReadTab:
    """Keyword-in-context lines (or the matching articles) of the filtered view; a click reads one."""
    title = "Read"
    SHOWS_TABLES = True        # the listing is its table (exported as the page's KWIC lines)

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self._redraw = redraw
        self.hint = LiteralText()
        self.sort = W.Dropdown(options=SORTS, value="", description="sort by", layout=W.Layout(width="230px"))
        self.width = W.IntSlider(value=50, min=20, max=120, step=10, description="context",
                                 continuous_update=False, layout=W.Layout(width="260px"))
        self.previous = W.Button(description=f"previous {PAGE}", icon="arrow-left", layout=W.Layout(width="auto"))
        self.next = W.Button(description=f"next {PAGE}", icon="arrow-right", layout=W.Layout(width="auto"))
        self.listing = W.Select(options=[], rows=12, layout=W.Layout(width="98%"))
        self.reader = W.HTML(value="")
        for name in ("hint", "sort", "width", "previous", "next", "reader"):
            getattr(self, name).add_class(f"toolkit-read-{name}" if name != "reader" else "toolkit-reader")
        self.listing.add_class("toolkit-read-list")
        self.widget = W.VBox([W.HTML(_CSS), self.hint, W.HBox([self.sort, self.width, self.previous, self.next]),
                              self.listing, self.reader])
        self.images: list[W.Image] = []
        self.shown = Shown()
        self.page = 0
        self._key: tuple = ()
        self._sorted: tuple | None = None          # (filter state, sort, width) and every sorted KWIC line
        self._table = pd.DataFrame()
        self._context: Context | None = None
        self.listing.observe(self._on_select, names="value")
        for control in (self.sort, self.width):
            control.observe(lambda _: self._turn(0), names="value")
        self.previous.on_click(lambda _: self._turn(self.page - 1))
        self.next.on_click(lambda _: self._turn(self.page + 1))

    def _turn(self, page: int) -> None:
        self.page = max(page, 0)
        self._redraw()

    def draw(self, context: Context) -> None:
        key = (context.view is None or context.view.mask is None or context.view.mask.tobytes(),
               tuple(sorted((k, str(v)) for k, v in context.filters.items())))
        if key != self._key:                    # new filters: back to the first page
            self._key, self.page = key, 0
        try:
            self._fill(context)
        except Exception as exc:
            self.hint.text = f"cannot list articles: {exc}"
            raise

    def lines(self) -> pd.DataFrame:
        """The listing's current page as a table (KWIC lines, or the listed articles)."""
        return self._table.copy()

    def _fill(self, context: Context) -> None:
        self.shown.clear()
        self.reader.value = ""
        self._context = context
        if context.n_articles == 0:
            self.hint.text = "nothing to read: change the filters"   # the status line says why
            self._table = pd.DataFrame()
            self.listing.options = []
            self.previous.disabled = self.next.disabled = True
            return
        keyword = context.filters.get("keyword", "")
        start = self.page * PAGE
        if keyword:
            table = self._kwic_page(context, keyword, start)
            total, more = int(table.attrs["total"]), bool(table.attrs["more"])
            labels = [kwic_label(date_label(r.date), as_text(r.publication), as_text(r.left), as_text(r.match),
                                 as_text(r.right), as_text(r.title), width=self.width.value)
                      for r in table.itertuples()]
            what = f"keyword-in-context lines for “{keyword}”"
        else:
            articles = context.view.articles()
            total = len(articles)
            if self.sort.value == "date" and "date" in articles:
                articles = articles.sort_values("date", kind="stable", na_position="last")
            table, more = articles.iloc[start:start + PAGE], False
            table = table.assign(row=table.index.to_numpy())
            labels = [one_line(f"{date_label(r.get('date'))} | {as_text(r.get('publication'))} | "
                               f"{as_text(r.get('title')) or as_text(r.get('id'))}") for _, r in table.iterrows()]
            what = "matching articles — type a keyword for keyword-in-context lines"
            if self.sort.value in ("left", "right"):
                what += " (sorting by context needs a keyword)"
        self._table = table.reset_index(drop=True)
        self.shown.tables["kwic lines" if keyword else "articles"] = self._table
        shown = f"{start + 1:,}–{start + len(table):,}" if len(table) else "none"
        of = f"{total:,}+" if more else f"{total:,}"
        sorted_note = f" (sorted: the first {total:,})" if more and self.sort.value else ""
        self.hint.text = f"{shown} of {of} {what}{sorted_note}; click a line to read the article"
        self.previous.disabled = self.page == 0
        found_more = more and not self.sort.value          # text order: a page at a time; sorted: capped
        self.next.disabled = start + len(table) >= total and not found_more
        self.listing.options = [(label, i) for i, label in enumerate(labels)]
        self.listing.value = None

    def _kwic_page(self, context: Context, keyword: str, start: int) -> pd.DataFrame:
        """One page of KWIC lines. Text order: found a page at a time. Sorted: every line is sorted once
        per filter state, sort and width, and the pages are cut from that (turning a page costs nothing)."""
        regex, width, sort = bool(context.filters.get("regex")), self.width.value, self.sort.value or None
        if sort is None:
            return stats.kwic(context.view, keyword, regex=regex, window=width, limit=PAGE, offset=start)
        key = (self._key, sort, width)
        if self._sorted is None or self._sorted[0] != key:
            self._sorted = (key, stats.kwic(context.view, keyword, regex=regex, window=width, limit=None, sort=sort))
        every = self._sorted[1]
        page = every.iloc[start:start + PAGE].reset_index(drop=True)
        page.attrs = dict(every.attrs)
        return page

    def _on_select(self, change: Any) -> None:
        i = change["new"]
        if i is None or i >= len(self._table) or self._context is None:
            return
        line = self._table.iloc[i]
        focus = int(line["start"]) if "start" in self._table else None
        self.reader.value = article_html(self._context.index, int(line["row"]), self._context.pattern(), focus)
