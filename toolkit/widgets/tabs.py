"""The dashboard's tabs: one class per tab, each following the small :class:`Tab` protocol
(:mod:`toolkit.widgets.protocol`); the Read tab has a module of its own (:mod:`toolkit.widgets.reading`).

Adding a tab = writing a class and adding it to :data:`TABS`; the board needs no change.

Example:
    >>> TAB_TITLES
    ['Terms', 'Hashtags & handles', 'Quotes', 'Sources', 'Compare', 'Dictionary', 'Read']
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W
from matplotlib.axes import Axes

from toolkit import plots, stats
from toolkit.plotdata import choose_period
from toolkit.widgets.protocol import Context, LiteralText, Tab, chart_image
from toolkit.widgets.reading import ReadTab, article_html
from toolkit.widgets.render import message_png, most_frequent, render_png, sorted_labels, with_sigil

__all__ = ["Tab", "Context", "TABS", "TAB_TITLES", "TermsTab", "HashtagsTab", "QuotesTab",
           "SourcesTab", "CompareTab", "DictionaryTab", "ReadTab", "article_html", "chart_image", "LiteralText"]

_TABLE_ROWS = 200          # rows of a table shown under a chart


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
        self.table.value = table.head(_TABLE_ROWS).to_html(index=False, escape=True, float_format="{:.2f}".format)


TABS: list[type[Tab]] = [TermsTab, HashtagsTab, QuotesTab, SourcesTab, CompareTab, DictionaryTab, ReadTab]
TAB_TITLES: list[str] = [tab.title for tab in TABS]
