"""The dashboard's tabs: one class per tab, all following the small :class:`Tab` protocol.

A tab is built as ``TabClass(index, redraw)`` (``redraw()`` asks the board to redraw this tab, e.g.
when one of the tab's own controls changes) and has

- ``title``: its tab title,
- ``widget``: its page,
- ``images``: its chart ``Image`` widgets (the board paints an error message on them if drawing fails),
- ``draw(context)``: fill the page from a :class:`Context` (the filtered view and the filter state).

Adding a tab = writing a class and adding it to :data:`TABS`; the board needs no change.

Example:
    >>> TAB_TITLES
    ['Terms', 'Hashtags & handles', 'Quotes', 'Sources', 'Compare', 'Dictionary', 'Read']
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import html

import ipywidgets as W
import traitlets
from matplotlib.axes import Axes

from toolkit import plots, stats
from toolkit.index import UNSET
from toolkit.index.keyword import Keyword
from toolkit.plotdata import choose_period
from toolkit.widgets.render import (NO_MATCH, article_markup, as_text, date_label, message_png,
                                    most_frequent, one_line, render_png, sorted_labels, with_sigil)

__all__ = ["Tab", "Context", "TABS", "TAB_TITLES", "TermsTab", "HashtagsTab", "QuotesTab",
           "SourcesTab", "CompareTab", "DictionaryTab", "ReadTab", "article_html", "chart_image", "LiteralText"]

_READ_LIMIT = 200          # KWIC lines / article titles listed in the Read tab
_READ_CSS = "<style>.toolkit-read-list select {font-family: monospace; font-size: 12px}</style>"


@dataclass(frozen=True)
class Context:
    """What a tab draws from: the index, the filtered ``view`` (None: invalid filters) and the
    ``filters`` (``CorpusIndex.filter`` kwargs) it came from; ``message`` is the status line.

    Example:
        >>> Context(index=None, view=None, filters={}, message="cannot filter: bad").n_articles
        0
    """
    index: Any
    view: Any
    filters: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    k: int = 15
    k_compare: int = 10
    stopwords: Any = UNSET      # the Terms and Compare tabs' stopword list (None: every word; UNSET: the index's)
    boilerplate: bool = True    # ... and whether they leave out page furniture

    @property
    def n_articles(self) -> int:
        """Articles in the view (0 when the filters are invalid)."""
        return 0 if self.view is None else int(self.view.n_articles)

    def pattern(self) -> re.Pattern[str] | None:
        """The keyword filter as the Python regex that marks it (None: no keyword, or an invalid regex)."""
        keyword = self.filters.get("keyword", "")
        if not keyword:
            return None
        try:
            return Keyword(keyword, regex=bool(self.filters.get("regex"))).pattern()
        except ValueError:
            return None

    def chart(self, draw: Callable[[Axes], Any], size: tuple[float, float] = (7.5, 4.5)) -> bytes:
        """PNG of ``draw``, or of the status message when the filters are invalid or match nothing."""
        if self.view is None:
            return message_png(self.message, size)
        if self.n_articles == 0:
            return message_png(NO_MATCH, size)
        return render_png(draw, size)


class Tab(Protocol):
    """One dashboard tab (see the module docstring)."""
    title: ClassVar[str]
    widget: W.Widget
    images: list[W.Image]

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        """Build the page for ``index``; ``redraw()`` asks the board to redraw this tab."""

    def draw(self, context: Context) -> None:
        """Fill the page from ``context``."""


def chart_image(css_class: str) -> W.Image:
    """An empty PNG ``Image`` widget with ``css_class``, shown at natural size, never wider than the tab.

    Example:
        >>> chart_image("toolkit-chart-terms")._dom_classes
        ('toolkit-chart-terms',)
    """
    img = W.Image(format="png", layout=W.Layout(max_width="100%", align_self="flex-start"))
    img.add_class(css_class)
    return img


class LiteralText(W.HTML):
    """A line of text shown literally: set ``.text``; the page gets it HTML-escaped and outside MathJax.

    ``W.Label`` would typeset ``$x^2$`` in a publication name or keyword with MathJax; an ``HTML``
    widget is never typeset, and the span's classes tell MathJax 2 and 3 to leave it alone anyway.

    Example:
        >>> line = LiteralText()
        >>> line.text = "$x^2$ <b>"
        >>> line.value
        '<span class="tex2jax_ignore mathjax_ignore">$x^2$ &lt;b&gt;</span>'
    """
    text = traitlets.Unicode("")

    @traitlets.observe("text")
    def _show(self, change: dict) -> None:
        self.value = f'<span class="tex2jax_ignore mathjax_ignore">{html.escape(change["new"])}</span>'


def article_html(index: Any, row: int, pattern: re.Pattern[str] | None) -> str:
    """The article at index row ``row`` as escaped HTML, with matches of ``pattern`` marked.

    Example:
        >>> article_html(toolkit.CorpusIndex.build(df), 0, None)    # doctest: +SKIP
    """
    meta = index.articles().loc[row]
    text = index.text[row].as_py() or ""
    return article_markup(meta, text, pattern)


# ----------------------------------------------------------------------------- chart tabs


class TermsTab:
    """The most frequent terms."""
    title = "Terms"

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.chart = chart_image("toolkit-chart-terms")
        self.widget = self.chart
        self.images = [self.chart]

    def draw(self, context: Context) -> None:
        view, k = context.view, context.k

        def draw(ax: Axes) -> None:
            table = view.top_terms(k, stopwords=context.stopwords, boilerplate=context.boilerplate)
            plots.top_terms(table, ax=ax, title="Top terms")
        self.chart.value = context.chart(draw, (7.5, 5.2))


class HashtagsTab:
    """The most frequent #hashtags and @handles."""
    title = "Hashtags & handles"

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.hashtags = chart_image("toolkit-chart-hashtags")
        self.handles = chart_image("toolkit-chart-handles")
        self.widget = W.VBox([self.hashtags, self.handles])
        self.images = [self.hashtags, self.handles]

    def draw(self, context: Context) -> None:
        view, k = context.view, context.k
        self.hashtags.value = context.chart(
            lambda ax: plots.top_terms(with_sigil(view.top_hashtags(k), "#"), ax=ax,
                                       title="Top hashtags"), (7.5, 4.6))
        self.handles.value = context.chart(
            lambda ax: plots.top_terms(with_sigil(view.top_handles(k), "@"), ax=ax,
                                       title="Top @handles"), (7.5, 4.6))


class QuotesTab:
    """Quotes per article and the share of words inside quotes, by publication."""
    title = "Quotes"

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.quotes = chart_image("toolkit-chart-quotes")
        self.share = chart_image("toolkit-chart-quote-share")
        self.widget = W.VBox([self.quotes, self.share])
        self.images = [self.quotes, self.share]

    def draw(self, context: Context) -> None:
        table = context.view.quote_stats() if context.n_articles else None
        self.quotes.value = context.chart(
            lambda ax: plots.quote_rate(table, ax=ax, title="Quotes per article"), (7.5, 4.2))
        self.share.value = context.chart(
            lambda ax: plots.quote_rate(table, value="quoted_word_share", ax=ax,
                                        title="Share of words inside quotes"), (7.5, 4.2))


class SourcesTab:
    """Articles per period (week ... year, from the span of the dates) and publication: the top
    publications and "other"."""
    title = "Sources"

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.chart = chart_image("toolkit-chart-sources")
        self.widget = self.chart
        self.images = [self.chart]

    def draw(self, context: Context) -> None:
        view = context.view

        def draw(ax: Axes) -> None:
            dates = view.index.dates if view.mask is None else view.index.dates[view.mask]  # parsed by the index
            period = choose_period(dates.view("datetime64[ns]"))    # (no date column: all NaT, "month")
            plots.source_distribution(view.source_counts([period, "publication"]), ax=ax)
        self.chart.value = context.chart(draw, (7.5, 4.8))


# ----------------------------------------------------------------------------- Compare


class CompareTab:
    """Distinctive terms of two sets of articles: two publications (the months, author and keyword
    filters apply), the articles matching the filters against all the others, or the earlier against
    the later half of the matching articles by date.

    Its controls (the mode, and the two publications: the two most frequent at first) redraw it when changed.
    """
    title = "Compare"
    SIZE = (7.5, 6.5)
    MODES = [("two publications", "publications"), ("matching articles vs the rest", "rest"),
             ("earlier vs later half (by date)", "halves")]

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        meta = index.articles()
        self.publications = sorted_labels(meta["publication"]) if "publication" in meta else []
        options = self.publications or ["(none)"]
        pair = most_frequent(meta["publication"], 2) if self.publications else []
        pair = (pair + options)[:2] if len(pair) < 2 else pair
        self.mode = W.Dropdown(options=self.MODES, value="publications", description="Compare")
        self.a = W.Dropdown(options=options, value=pair[0], description="")
        self.b = W.Dropdown(options=options, value=pair[-1], description="with")
        self.mode.add_class("toolkit-compare-mode")
        self.a.add_class("toolkit-compare-a")
        self.b.add_class("toolkit-compare-b")
        self.note = LiteralText()
        self.note.add_class("toolkit-compare-note")
        self.chart = chart_image("toolkit-chart-compare")
        self.pickers = W.HBox([self.a, self.b])
        self.widget = W.VBox([self.mode, self.pickers, self.note, self.chart])
        self.images = [self.chart]
        for control in (self.mode, self.a, self.b):
            control.observe(lambda _: redraw(), names="value")

    def _sides(self, context: Context) -> "tuple[Any, Any, str, str, str] | str":
        """(view a, view b, label a, label b, note), or the message to show instead."""
        view = context.view
        if self.mode.value == "rest":
            rest = view.complement()
            return (view, rest, "matching", "the rest",
                    f"{view.n_articles:,} matching articles vs the {rest.n_articles:,} others")
        if self.mode.value == "halves":
            halves = view.date_halves()
            if halves is None:
                return "the matching articles need at least two different dates"
            early, late, middle = halves
            label = middle.strftime("%Y-%m-%d")
            return (early, late, f"until {label}", f"after {label}",
                    f"{early.n_articles:,} articles until {label} vs {late.n_articles:,} after")
        a, b = self.a.value, self.b.value
        if not self.publications:
            return "the corpus has no publication column"
        if a == b:
            return "choose two different publications"
        # the other filters (months, author, keyword) apply; the publication selection does not
        others = {key: value for key, value in context.filters.items() if key != "publication"}
        base = context.index.filter(**others)
        va, vb = base.filter(publication=[a]), base.filter(publication=[b])
        return (va, vb, a, b, f"{a}: {va.n_articles:,} articles, {b}: {vb.n_articles:,} articles "
                              "(months, author and keyword filters apply)")

    def draw(self, context: Context) -> None:
        self.pickers.layout.display = None if self.mode.value == "publications" else "none"
        if context.view is None or context.n_articles == 0:
            self.note.text = ""
            self.chart.value = context.chart(lambda ax: None, self.SIZE)
            return
        sides = self._sides(context)
        if isinstance(sides, str):
            self.note.text = sides
            self.chart.value = message_png(sides, self.SIZE)
            return
        va, vb, label_a, label_b, self.note.text = sides
        if va.n_articles == 0 or vb.n_articles == 0:
            missing = label_a if va.n_articles == 0 else label_b
            self.chart.value = message_png(f"no articles: {missing}", self.SIZE)
            return
        table = stats.distinctive_terms(va, vb, k=context.k_compare, labels=(label_a, label_b),
                                        stopwords=context.stopwords, boilerplate=context.boilerplate)
        self.chart.value = render_png(lambda ax: plots.distinctive_terms(table, ax=ax), self.SIZE)


# ----------------------------------------------------------------------------- Dictionary


class DictionaryTab:
    """Counts of the categories of a quanteda-style dictionary (YAML or JSON, typed, pasted or uploaded)
    per publication or period, as a heatmap of rates per 10,000 tokens and a table; the filters apply."""
    title = "Dictionary"
    EXAMPLE = ("economy: [econom*, jobs, inflation, tax*, wage*]\n"
               "immigration: [immigra*, border, wall, refugee*, asylum]\n"
               "health: [health*, medicare, medicaid, insurance]\n")
    GROUPINGS = [("publication", "publication"), ("month", "month"), ("year", "year"), ("(all)", "")]
    SIZE = (7.5, 4.6)

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.text = W.Textarea(value=self.EXAMPLE, rows=5, continuous_update=False,
                               layout=W.Layout(width="98%"))
        self.upload = W.FileUpload(accept=".yml,.yaml,.json", multiple=False, description="Upload")
        self.by = W.Dropdown(options=self.GROUPINGS, value="publication", description="by")
        self.note = LiteralText()
        self.chart = chart_image("toolkit-chart-dictionary")
        self.table = W.HTML(value="")
        for name in ("text", "upload", "by", "note", "table"):
            getattr(self, name).add_class(f"toolkit-dictionary-{name}")
        self.widget = W.VBox([W.HTML("<small>categories: words, <code>econom*</code> wildcards or phrases "
                                     "(YAML or JSON)</small>"), self.text, W.HBox([self.upload, self.by]),
                              self.note, self.chart, self.table])
        self.images = [self.chart]
        self.text.observe(lambda _: redraw(), names="value")
        self.by.observe(lambda _: redraw(), names="value")
        self.upload.observe(self._on_upload, names="value")

    def _on_upload(self, change: Any) -> None:
        files = change["new"]
        if files:
            content = files[0]["content"]
            self.text.value = bytes(content).decode("utf-8-sig", errors="replace")

    def draw(self, context: Context) -> None:
        self.table.value = ""
        if context.view is None or context.n_articles == 0:
            self.note.text = ""
            self.chart.value = context.chart(lambda ax: None, self.SIZE)
            return
        by = self.by.value or None
        if by == "publication" and "publication" not in context.index.meta:
            by = None                                          # a corpus without publications: all articles
        try:
            table = stats.dictionary_counts(context.view, self.text.value, by=by)
        except ValueError as exc:
            self.note.text = str(exc)
            self.chart.value = message_png(f"dictionary: {exc}"[:200], self.SIZE)
            return
        if by is None:
            table.insert(0, "selection", "all articles")
        column = by or "selection"
        self.note.text = (f"{table['category'].nunique()} categories over {context.n_articles:,} articles; "
                          "per 10,000 tokens")
        size = (self.SIZE[0], max(self.SIZE[1], 0.45 * table["category"].nunique() + 2.4))
        self.chart.value = render_png(lambda ax: plots.term_heatmap(
            table, by=column, rows="category", top=plots.TOP_GROUPS, ax=ax,
            title=f"Dictionary categories by {column}"), size)
        self.table.value = table.head(_READ_LIMIT).to_html(index=False, escape=True, float_format="{:.2f}".format)


# ----------------------------------------------------------------------------- Read


class ReadTab:
    """Keyword-in-context lines (or the first titles) of the matching articles; one click reads one.

    The article opened from the list has the keyword of the listing marked.
    """
    title = "Read"

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.hint = LiteralText()
        self.hint.add_class("toolkit-read-hint")
        self.listing = W.Select(options=[], rows=10, layout=W.Layout(width="98%"))
        self.listing.add_class("toolkit-read-list")
        self.reader = W.HTML(value="")
        self.reader.add_class("toolkit-reader")
        self.widget = W.VBox([W.HTML(_READ_CSS), self.hint, self.listing, self.reader])
        self.images: list[W.Image] = []
        self._rows: list[int] = []           # index row of each line of the listing
        self._context: Context | None = None
        self.listing.observe(self._on_select, names="value")

    def draw(self, context: Context) -> None:
        try:
            self._fill(context)
        except Exception as exc:
            self.hint.text = f"cannot list articles: {exc}"
            raise

    def _fill(self, context: Context) -> None:
        self.reader.value = ""
        self._rows = []
        self._context = context
        if context.n_articles == 0:
            self.hint.text = "nothing to read: change the filters"   # the status line says why
            self.listing.options = []
            return
        keyword = context.filters.get("keyword", "")
        if keyword:
            lines = stats.kwic(context.view, keyword, regex=bool(context.filters.get("regex")),
                               window=50, limit=_READ_LIMIT)
            labels = [one_line(f"{as_text(r.publication)} | …{as_text(r.left)} [{as_text(r.match)}] "
                               f"{as_text(r.right)}…") for r in lines.itertuples()]
            rows = [int(r) for r in lines["row"]]
            self.hint.text = (f"{len(lines)} keyword-in-context lines for “{keyword}”"
                               " — click one to read the article")
        else:
            meta = context.view.articles().head(_READ_LIMIT)
            labels = [one_line(f"{as_text(r.get('publication'))} | {date_label(r.get('date'))} | "
                               f"{as_text(r.get('title')) or as_text(r.get('id'))}")
                      for _, r in meta.iterrows()]
            rows = [int(r) for r in meta.index]
            self.hint.text = (f"first {len(rows)} matching articles — type a keyword for"
                               " keyword-in-context lines; click one to read it")
        self._rows = rows
        self.listing.options = [(label, i) for i, label in enumerate(labels)]
        self.listing.value = None

    def _on_select(self, change: Any) -> None:
        i = change["new"]
        if i is not None and i < len(self._rows) and self._context is not None:
            self.reader.value = article_html(self._context.index, self._rows[i], self._context.pattern())


TABS: list[type[Tab]] = [TermsTab, HashtagsTab, QuotesTab, SourcesTab, CompareTab, DictionaryTab, ReadTab]
TAB_TITLES: list[str] = [tab.title for tab in TABS]
