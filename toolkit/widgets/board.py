"""The dashboard itself: filter panel -> ``CorpusIndex.filter`` -> the tabs of :mod:`toolkit.widgets.tabs`.

Example:
    >>> status_text(312)
    '312 articles match'
    >>> board = dashboard()                 # the sample corpus, or $TOOLKIT_CORPUS  # doctest: +SKIP
    >>> board.keyword.value = "election"    # doctest: +SKIP
"""
from __future__ import annotations

import asyncio
import functools
import os
import re
from typing import Any, Sequence, TypeVar

import ipywidgets as W
import pandas as pd

from toolkit.index import UNSET, CorpusIndex, Keyword
from toolkit.plots import TOP_GROUPS
from toolkit.sample import default_corpus
from toolkit.widgets.exporting import ExportBar
from toolkit.widgets.header import corpus_header
from toolkit.widgets.picker import Picker
from toolkit.widgets.render import NO_MATCH, message_png, tables_html
from toolkit.widgets.tabs import (TABS, CompareTab, Context, HashtagsTab, LiteralText, QuotesTab, ReadTab,
                                  SourcesTab, Tab, TermsTab, article_html)

__all__ = ["dashboard", "Dashboard", "as_index", "corpus_path", "status_text", "NO_MATCH"]

_NONE = pd.Series([], dtype="int64")
#: the layout fits a narrow notebook column (JupyterLab with its side bar open, ~700 px): tab titles as wide as
#: their text (Lumino gives every tab the same width and cuts longer titles) and on a second row when they do not
#: fit (Lumino hides them); the filters above the tabs when both do not fit side by side; rows of controls and
#: labels that wrap instead of being cut; buttons and the months readout as wide as their text
_CSS = ("<style>"
        ".toolkit-tabs .lm-TabBar-tab, .toolkit-tabs .p-TabBar-tab "
        "{flex: 0 0 auto !important; min-width: fit-content !important}"
        ".toolkit-tabs > .lm-TabBar, .toolkit-tabs > .p-TabBar {height: auto !important; min-height: fit-content}"
        ".toolkit-tabs .lm-TabBar-content, .toolkit-tabs .p-TabBar-content {flex-wrap: wrap !important}"
        ".toolkit-dashboard .widget-checkbox, .toolkit-dashboard .widget-checkbox .widget-label-basic "
        "{height: auto; white-space: normal !important; overflow: visible}"
        ".toolkit-dashboard .widget-checkbox {width: auto !important; max-width: 100%}"
        ".toolkit-dates .widget-readout {min-width: fit-content; max-width: none !important; overflow: visible}"
        ".toolkit-dashboard .widget-hbox {flex-wrap: wrap} .toolkit-dashboard .widget-button {flex-shrink: 0}"
        "</style>")
#: facet filters the dashboard shows when ``facets=None`` (the corpus' first ones)
MAX_FACETS = 8
_T = TypeVar("_T")


#: the stopword lists the dashboard offers (label, value); "none" shows every word
STOPWORD_CHOICES = [("news: function words, said, Mr…", "news"), ("English function words", "english"),
                    ("none (every word)", "none")]


def _stopword_options(stopwords: Any) -> tuple[list[tuple[str, str]], str]:
    """The dropdown's options and value for an index's stopwords: a list of its own (or NLTK's) is offered
    as "the index's list", first, and chosen."""
    if stopwords is None:
        return STOPWORD_CHOICES, "none"
    if stopwords in ("news", "english"):
        return STOPWORD_CHOICES, stopwords
    return [("the index's own list", "index")] + STOPWORD_CHOICES, "index"


def status_text(n: int) -> str:
    """The status line for ``n`` matching articles.

    Example:
        >>> status_text(12_345), status_text(1), status_text(0)
        ('12,345 articles match', '1 article matches', 'no articles match')
    """
    if n == 1:
        return "1 article matches"
    return f"{n:,} articles match" if n else NO_MATCH


def corpus_path(path: Any = None) -> Any:
    """The corpus a notebook opens: ``path``, else ``$TOOLKIT_CORPUS`` (path or glob), else the sample
    (``toolkit.sample.default_corpus()``: the repository's copy, or one generated on first use).

    Example:
        >>> corpus_path("my/articles.csv")
        'my/articles.csv'
    """
    if path is not None and not (isinstance(path, str) and not path.strip()):
        return path                                   # (also an index or a DataFrame, for open_dashboard)
    env = os.environ.get("TOOLKIT_CORPUS", "").strip()
    if env:
        return env
    return default_corpus()


def as_index(obj: Any, *, progress: bool | None = None) -> CorpusIndex:
    """A ``CorpusIndex`` for ``obj``: an index as is, a DataFrame indexed, a path/glob (or a list of
    them) loaded and indexed through the on-disk cache (``CorpusIndex.from_files``).

    Example:
        >>> idx = as_index("data/sample/articles.csv")        # doctest: +SKIP
    """
    if isinstance(obj, CorpusIndex):
        return obj
    if isinstance(obj, pd.DataFrame):
        return CorpusIndex.build(obj, progress=progress)
    if isinstance(obj, os.PathLike):
        obj = os.fspath(obj)
    if isinstance(obj, str) or (isinstance(obj, (list, tuple)) and obj
                                and all(isinstance(p, (str, os.PathLike)) for p in obj)):
        return CorpusIndex.from_files(obj, progress=progress)
    raise TypeError(f"dashboard() needs a CorpusIndex, a DataFrame or a path, not {type(obj).__name__}")


def dashboard(index_or_df: Any = None, *, k: int = 15, debounce: float = 0.15,
              facets: Sequence[str] | None = None) -> Dashboard:
    """The dashboard for a ``CorpusIndex``, a loaded DataFrame or a path/glob to load; no argument:
    :func:`corpus_path` (``$TOOLKIT_CORPUS``, else the sample corpus). ``facets``: the facet columns to
    filter on (None: the corpus' first ``MAX_FACETS``; see ``CorpusIndex.facets``).

    Example:
        >>> board = dashboard("data/sample/articles.csv")     # doctest: +SKIP
        >>> board                                              # doctest: +SKIP
    """
    return Dashboard(as_index(corpus_path() if index_or_df is None else index_or_df),
                     k=k, debounce=debounce, facets=facets)


def _css_name(column: str) -> str:
    """``column`` as a CSS class suffix (letters, digits, ``-`` and ``_``)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", column)


def _months(dates: pd.Series) -> list[str]:
    dates = pd.to_datetime(dates, errors="coerce").dropna()
    if dates.empty:
        return []
    return [str(p) for p in pd.period_range(dates.min(), dates.max(), freq="M")]


class Dashboard(W.VBox):
    """Filter panel + tabs over a ``CorpusIndex``; see :func:`dashboard`.

    Only the latest filter state is drawn: each change bumps ``generation`` and schedules a
    redraw after ``debounce`` seconds; a scheduled redraw whose generation is no longer current
    is dropped. Outside a running event loop (scripts, tests) redraws happen immediately.
    Only the visible tab is drawn; the others are drawn when selected (a tab selected while a
    redraw is pending is left to that redraw, so it never shows the previous filter state).
    The tabs are the :data:`toolkit.widgets.tabs.TABS`, each drawn from a ``Context``.

    Example:
        >>> board = Dashboard(toolkit.CorpusIndex.from_files("data/sample"))   # doctest: +SKIP
        >>> board.publication.value = ("Breitbart",)                           # doctest: +SKIP
        >>> board.status.text, board.filters()                                # doctest: +SKIP
        ('176 articles match', {'publication': ['Breitbart']})
    """

    def __init__(self, index: CorpusIndex, *, k: int = 15, debounce: float = 0.15,
                 facets: Sequence[str] | None = None) -> None:
        self.index = index
        self.k = k                   # terms shown at first (the "terms shown" control holds the current value)
        self.debounce = debounce
        self.generation = 0          # bumped by every filter change
        self.drawn_generation = -1   # generation of the state on screen
        self.redraws = 0             # completed redraws (stale ones skipped do not count)
        self.view: Any = index
        self.error: str | None = None
        self.tab_errors: dict[str, str] = {}   # tab title -> error of its last draw
        self._suspend = False

        facets = list(index.facets[:MAX_FACETS] if facets is None else facets)
        unknown = [c for c in facets if c not in index.facets]
        if unknown:
            raise ValueError(f"not facets of this corpus: {unknown}; its facets: {index.facets}")
        panel = self._filter_panel(index.articles(), facets)
        self.header = corpus_header(index)
        self.pages: list[Tab] = [cls(index, functools.partial(self._redraw_tab, i))
                                 for i, cls in enumerate(TABS)]
        self._dirty: set[int] = set(range(len(self.pages)))
        self.table_views = [W.HTML(value="") for _ in self.pages]       # a tab's tables, under its charts
        self.exports = [ExportBar(functools.partial(self._export_source, i)) for i in range(len(self.pages))]
        for view in self.table_views:
            view.add_class("toolkit-tables")
        self.tabs = W.Tab(children=[W.VBox([tab.widget, table, export])
                                    for tab, table, export in zip(self.pages, self.table_views, self.exports)],
                          titles=[tab.title for tab in self.pages])
        self.tabs.add_class("toolkit-tabs")
        self.status = LiteralText()
        self.status.add_class("toolkit-status")
        main = W.VBox([self.status, self.tabs], layout=W.Layout(flex="1 1 500px", min_width="0"))
        super().__init__([W.HTML(_CSS), self.header, W.HBox([panel, main], layout=W.Layout(flex_flow="row wrap"))])
        self.add_class("toolkit-dashboard")
        self._name_tab_widgets()

        for control in (self.publication, self.dates, self.undated, self.author, self.keyword, self.regex,
                        self.stopwords, self.boilerplate, self.phrases, *self.facet_pickers.values()):
            control.observe(self._on_filter_change, names="value")
        for control in (self.terms_shown, self.groups_shown, self.show_tables):   # same articles: redraw only
            control.observe(self._on_display_change, names="value")
        self.reset.on_click(lambda _: self.reset_filters())
        self.tabs.observe(self._on_tab_change, names="selected_index")
        self.refresh()

    def _filter_panel(self, meta: pd.DataFrame, facets: Sequence[str]) -> W.VBox:
        index = self.index                                  # its dates are parsed once, in the index
        self._months = _months(meta["date"]) if "date" in meta else []
        wide = W.Layout(width="98%")
        self.publication = Picker(index.name_counts("publication") if "publication" in meta else _NONE,
                                  noun="publications", description="Publication")
        month_options = self._months or ["(no dates)"]
        self.dates = W.SelectionRangeSlider(options=month_options, index=(0, len(month_options) - 1),
                                            description="Months", continuous_update=False,
                                            disabled=not self._months, layout=wide)
        self.author = Picker(index.name_counts("author") if "author" in meta else _NONE, noun="authors",
                             description="Author", limit=300, rows=5)
        self.facet_pickers = {column: Picker(index.name_counts(column), noun="values", rows=5)
                              for column in facets}
        self.keyword = W.Text(value="", placeholder="word or phrase, Enter to apply",
                              description="Keyword", continuous_update=False, layout=wide)
        self.regex = W.Checkbox(value=False, description="regular expression", indent=True)
        self._n_undated = index.n_articles - index.filter(undated=False).n_articles
        self.undated = W.Checkbox(value=True, description=f"include {self._n_undated:,} undated", indent=True,
                                  layout=W.Layout(display=None if self._n_undated else "none"))
        self.reset = W.Button(description="Reset filters", icon="undo")
        options, chosen = _stopword_options(index.vocabulary.stopwords)
        self.stopwords = W.Dropdown(options=options, value=chosen, description="Stopwords", layout=wide)
        self.boilerplate = W.Checkbox(value=index.vocabulary.boilerplate, indent=True,
                                      description=f"leave out page furniture ({len(index.boilerplate(None)):,} lines)")
        self.phrases = W.Checkbox(value=index.vocabulary.phrases, indent=True,
                                  description=f"phrases as one term ({len(index.phrases):,} found)")
        self.terms_shown = W.BoundedIntText(value=self.k, min=5, max=100, description="terms shown",
                                            style={"description_width": "initial"}, layout=W.Layout(width="150px"))
        self.groups_shown = W.BoundedIntText(value=TOP_GROUPS, min=2, max=40, description="groups shown",
                                             style={"description_width": "initial"}, layout=W.Layout(width="160px"))
        self.show_tables = W.Checkbox(value=False, description="tables under the charts", indent=True)
        for name in ("publication", "dates", "undated", "author", "keyword", "regex", "reset", "stopwords",
                     "boilerplate", "phrases", "terms_shown", "groups_shown", "show_tables"):
            getattr(self, name).add_class(f"toolkit-{name}")
        for picker in (self.publication, self.author):
            picker.layout.display = None if picker.names else "none"
        self.facet_box = W.Accordion(children=list(self.facet_pickers.values()), titles=list(self.facet_pickers),
                                     selected_index=None, layout=W.Layout(display=None if facets else "none"))
        self.facet_box.add_class("toolkit-facets")
        for column, picker in self.facet_pickers.items():
            picker.add_class(f"toolkit-facet-{_css_name(column)}")
        return W.VBox([W.HTML("<b>Filters</b> <small>(nothing chosen = all)</small>"),
                       self.publication, self.dates, self.undated, self.author, self.facet_box, self.keyword,
                       self.regex, self.reset, W.HTML("<b>Terms</b> <small>(Terms and Compare tabs)</small>"),
                       self.stopwords, self.boilerplate, self.phrases, W.HTML("<b>Charts</b>"),
                       W.HBox([self.terms_shown, self.groups_shown], layout=W.Layout(flex_flow="row wrap")),
                       self.show_tables],
                      layout=W.Layout(flex="0 1 340px", min_width="270px", margin="0 8px 0 0"))

    def _name_tab_widgets(self) -> None:
        """The tabs' widgets under the board names notebooks and tests use (``board.terms_chart`` ...)."""
        terms, sources = self._page(TermsTab), self._page(SourcesTab)
        hashtags, quotes = self._page(HashtagsTab), self._page(QuotesTab)
        compare, read = self._page(CompareTab), self._page(ReadTab)
        self.terms_chart, self.sources_chart = terms.chart, sources.chart
        self.hashtags_chart, self.handles_chart = hashtags.hashtags, hashtags.handles
        self.quotes_chart, self.quote_share_chart, self.speakers_chart = quotes.quotes, quotes.share, quotes.speakers
        self.compare_a, self.compare_b = compare.a, compare.b
        self.compare_note, self.compare_chart = compare.note, compare.chart
        self.read_hint, self.read_list, self.reader = read.hint, read.listing, read.reader

    def _page(self, cls: type[_T]) -> _T:
        return next(tab for tab in self.pages if isinstance(tab, cls))

    def tab(self, title: str) -> Tab:
        """The tab object titled ``title``.

        Example:
            >>> board.tab("Terms").images == [board.terms_chart]      # doctest: +SKIP
            True
        """
        return next(tab for tab in self.pages if tab.title == title)

    # ------------------------------------------------------------------ filter state

    def filters(self) -> dict[str, Any]:
        """The ``CorpusIndex.filter`` keyword arguments for the current controls."""
        kw: dict[str, Any] = {}
        if self.publication.value:
            kw["publication"] = list(self.publication.value)
        if self._months:
            lo, hi = self.dates.index
            if (lo, hi) != (0, len(self._months) - 1):       # full range: no date condition
                start = pd.Period(self._months[lo], "M")
                end = pd.Period(self._months[hi], "M")
                kw["start"] = start.start_time.strftime("%Y-%m-%d")
                kw["end"] = end.end_time.strftime("%Y-%m-%d")
        if self._n_undated and ("start" in kw or not self.undated.value):
            kw["undated"] = bool(self.undated.value)           # undated articles follow the checkbox
        if self.author.value:
            kw["author"] = list(self.author.value)
        chosen = {column: list(picker.value) for column, picker in self.facet_pickers.items() if picker.value}
        if chosen:
            kw["facets"] = chosen
        keyword = self.keyword.value.strip()
        if keyword:
            kw["keyword"] = keyword
            kw["regex"] = bool(self.regex.value)
        return kw

    def reset_filters(self) -> None:
        """Put every filter back to "everything" and redraw once."""
        self._suspend = True
        try:
            self.publication.value = ()
            self.dates.index = (0, len(self.dates.options) - 1)
            self.author.value = ()
            for picker in self.facet_pickers.values():
                picker.value = ()
            self.keyword.value = ""
            self.regex.value = False
            self.undated.value = True
        finally:
            self._suspend = False
        self._on_filter_change(None)

    def refresh(self) -> None:
        """Apply the current filters and redraw now (synchronously)."""
        self.generation += 1
        self._apply(self.generation)

    @property
    def n_articles(self) -> int:
        """Articles matching the current filters (0 when the filter is invalid)."""
        return 0 if self.view is None else int(self.view.n_articles)

    def context(self) -> Context:
        """What the tabs draw from now: the current view and filter state."""
        k = int(self.terms_shown.value)
        return Context(index=self.index, view=self.view, filters=self.filters(),
                       message=self.status.text, k=k, k_compare=max(5, k * 2 // 3),
                       stopwords={"none": None, "index": UNSET}.get(self.stopwords.value, self.stopwords.value),
                       boilerplate=bool(self.boilerplate.value), phrases=bool(self.phrases.value),
                       top_groups=int(self.groups_shown.value))

    def _export_source(self, i: int) -> tuple[str, dict, list, Any, dict]:
        """What tab ``i``'s export bar exports: its title, tables and figures, the view and the filters."""
        tab = self.pages[i]
        shown = getattr(tab, "shown", None)
        return (tab.title, shown.tables if shown else {}, shown.figures if shown else [], self.view,
                self.filters())

    def article_html(self, row: int) -> str:
        """The article at index row ``row`` as escaped HTML, with the current keyword marked."""
        return article_html(self.index, row, self.context().pattern())

    # ------------------------------------------------------------------ scheduling

    def _on_filter_change(self, _change: Any) -> None:
        if self._suspend:
            return
        self.generation += 1
        gen = self.generation
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._apply(gen)
        else:
            loop.call_later(self.debounce, self._apply, gen)

    def _on_display_change(self, _change: Any) -> None:
        """A chart or table setting changed: the same view is drawn again (the visible tab now, the others
        when selected)."""
        if self._suspend or self.drawn_generation != self.generation:
            return                                  # a pending filter change redraws anyway
        self._dirty = set(range(len(self.pages)))
        self._redraw_tab(self.tabs.selected_index or 0)

    def _apply(self, gen: int) -> None:
        if gen != self.generation:   # a newer filter state is pending: drop this one
            return
        try:
            filters = self.filters()
            self.view = self.index.filter(**filters)
            self.error = None
            self.status.text = status_text(int(self.view.n_articles))
            hint = Keyword(filters["keyword"], filters["regex"]).hint() if "keyword" in filters else None
            if hint and not self.view.n_articles:
                self.status.text += f" — {hint}"
        except Exception as exc:  # noqa: BLE001 - e.g. a bad regex: say so in the status line
            self.view = None
            self.error = str(exc)
            self.status.text = f"cannot filter: {exc}"
        self._dirty = set(range(len(self.pages)))
        self._redraw_tab(self.tabs.selected_index or 0)
        self.drawn_generation = gen
        self.redraws += 1

    def _on_tab_change(self, change: Any) -> None:
        index = change["new"]
        if index is None or index not in self._dirty:
            return
        if self.drawn_generation != self.generation:
            return    # a newer filter state is pending: its redraw draws this tab, not the stale view
        self._redraw_tab(index)

    # ------------------------------------------------------------------ drawing

    def _redraw_tab(self, index: int) -> None:
        tab = self.pages[index]
        self._dirty.discard(index)
        self.tab_errors.pop(tab.title, None)
        self.exports[index].result.value = ""                 # a prepared file is of the previous state
        try:
            self._draw(tab.title)
        except Exception as exc:  # noqa: BLE001 - one failing chart must not take the dashboard down
            self.tab_errors[tab.title] = f"{type(exc).__name__}: {exc}"
            for image in tab.images:
                image.value = message_png(f"cannot draw this chart: {type(exc).__name__}")
        shown = getattr(tab, "shown", None)
        wanted = self.show_tables.value and shown is not None and not getattr(tab, "SHOWS_TABLES", False)
        self.table_views[index].value = tables_html(shown.tables) if wanted else ""

    def _draw(self, title: str) -> None:
        """Draw the tab titled ``title`` from the current view."""
        self.tab(title).draw(self.context())
