"""The dashboard's tabs: one class per tab, each following the small :class:`Tab` protocol
(:mod:`toolkit.widgets.protocol`); the Read tab has a module of its own (:mod:`toolkit.widgets.reading`).

Adding a tab = writing a class and adding it to :data:`TABS`; the board needs no change.

Example:
    >>> TAB_TITLES
    ['Terms', 'Hashtags & handles', 'Quotes', 'Sources', 'Trends', 'Compare', 'Dictionary', 'Read']
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from toolkit import plots, stats
from toolkit.plotdata import choose_period
from toolkit.widgets.protocol import Context, LiteralText, Shown, Tab, chart_image
from toolkit.widgets.reading import ReadTab, article_html
from toolkit.widgets.render import TABLE_ROWS, message_png, most_frequent, sorted_labels, with_sigil

__all__ = ["Tab", "Context", "TABS", "TAB_TITLES", "TermsTab", "HashtagsTab", "QuotesTab", "SourcesTab",
           "TrendsTab", "CompareTab", "DictionaryTab", "ReadTab", "article_html", "chart_image", "LiteralText",
           "Shown"]

# ----------------------------------------------------------------------------- chart tabs


def _dates(view: Any) -> Any:
    """The view's dates as ``datetime64[ns]`` (NaT: undated), as the index parsed them."""
    dates = view.index.dates if view.mask is None else view.index.dates[view.mask]
    return dates.view("datetime64[ns]")


class TermsTab:
    """The most frequent terms."""
    title = "Terms"

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.chart = chart_image("toolkit-chart-terms")
        self.widget = self.chart
        self.images = [self.chart]
        self.shown = Shown()

    def draw(self, context: Context) -> None:
        shown = self.shown.clear()
        if context.n_articles:
            shown.tables["top terms"] = table = context.view.top_terms(
                context.k, stopwords=context.stopwords, boilerplate=context.boilerplate, phrases=context.phrases)
        size = (7.5, max(5.2, 0.27 * context.k + 1.2))
        self.chart.value = shown.chart(context, "top terms",
                                       lambda ax: plots.top_terms(table, ax=ax, title="Top terms"), size)


class HashtagsTab:
    """The most frequent #hashtags and @handles."""
    title = "Hashtags & handles"

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.hashtags = chart_image("toolkit-chart-hashtags")
        self.handles = chart_image("toolkit-chart-handles")
        self.widget = W.VBox([self.hashtags, self.handles])
        self.images = [self.hashtags, self.handles]
        self.shown = Shown()

    def draw(self, context: Context) -> None:
        shown = self.shown.clear()
        if context.n_articles:
            shown.tables["hashtags"] = tags = with_sigil(context.view.top_hashtags(context.k), "#")
            shown.tables["handles"] = handles = with_sigil(context.view.top_handles(context.k), "@")
        size = (7.5, max(4.6, 0.27 * context.k + 0.6))
        self.hashtags.value = shown.chart(
            context, "hashtags", lambda ax: plots.top_terms(tags, ax=ax, title="Top hashtags"), size)
        self.handles.value = shown.chart(
            context, "handles", lambda ax: plots.top_terms(handles, ax=ax, title="Top @handles"), size)


class QuotesTab:
    """Quotes per article and the share of words inside quotes, by publication; the most quoted speakers
    (who each publication quotes: speech quotations, split by publication)."""
    title = "Quotes"
    NOTE = ("<b>Speakers</b>: who the matching articles quote (named speakers of speech quotations; pronouns "
            "are not resolved)")
    FINDING = "<b>Speakers</b>: finding the speakers of every article's quotations (once; about 1 s per 15 MB)…"

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.quotes = chart_image("toolkit-chart-quotes")
        self.share = chart_image("toolkit-chart-quote-share")
        self.speakers = chart_image("toolkit-chart-speakers")
        self.speakers_note = W.HTML(self.NOTE)
        self.widget = W.VBox([self.quotes, self.share, self.speakers_note, self.speakers])
        self.images = [self.quotes, self.share, self.speakers]
        self.by = "publication" if "publication" in index.meta else None
        self.shown = Shown()

    def draw(self, context: Context) -> None:
        shown = self.shown.clear()
        table = context.view.quote_stats() if context.n_articles else None
        if context.n_articles and not context.index.speakers_found:
            self.speakers_note.value = self.FINDING       # (the first draw reads every article)
        speakers = context.view.top_speakers(10**9, by=self.by) if context.n_articles else None
        self.speakers_note.value = self.NOTE
        if table is not None:
            shown.tables["quotes by publication"] = table
            shown.tables["most quoted speakers"] = context.view.top_speakers(context.k, by=None)
            if self.by is not None:
                shown.tables[f"most quoted speakers by {self.by}"] = context.view.top_speakers(context.k, by=self.by)
        top = context.top_groups
        self.quotes.value = shown.chart(context, "quotes per article", lambda ax: plots.quote_rate(
            table, ax=ax, top=top, title="Quotes per article"), (7.5, 4.2))
        self.share.value = shown.chart(context, "share of words inside quotes", lambda ax: plots.quote_rate(
            table, value="quoted_word_share", ax=ax, top=top, title="Share of words inside quotes"), (7.5, 4.2))
        self.speakers.value = shown.chart(context, "most quoted speakers", lambda ax: plots.speakers(
            speakers, by=self.by, k=context.k, top=top, ax=ax), (7.5, max(4.2, 0.3 * context.k + 1.5)))


class SourcesTab:
    """Articles per period (week ... year, from the span of the dates) and publication: the top
    publications and "other"."""
    title = "Sources"

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        self.chart = chart_image("toolkit-chart-sources")
        self.widget = self.chart
        self.images = [self.chart]
        self.shown = Shown()

    def draw(self, context: Context) -> None:
        shown = self.shown.clear()
        view = context.view
        if context.n_articles:
            period = choose_period(_dates(view))                   # (no date column: all NaT, "month")
            shown.tables[f"articles by {period} and publication"] = table = view.source_counts([period, "publication"])
        self.chart.value = shown.chart(context, "articles by period", lambda ax: plots.source_distribution(
            table, ax=ax, top=context.top_groups), (7.5, 4.8))


# ----------------------------------------------------------------------------- Trends


class TrendsTab:
    """How often chosen words, #hashtags, @handles or $cashtags occur per period (week ... year, from the
    span of the dates unless chosen), by publication or facet (the top groups and "other") or overall.
    No words typed: the three most frequent terms of the matching articles.

    Example:
        >>> tab = TrendsTab(idx, redraw=lambda: None)                           # doctest: +SKIP
        >>> tab.words.value = "tariff, #MAGA"; tab.draw(Context(index=idx, view=idx, filters={}))  # doctest: +SKIP
    """
    title = "Trends"
    SIZE = (7.5, 4.8)
    PERIODS = [("from the dates' span", ""), ("week", "week"), ("month", "month"), ("quarter", "quarter"),
               ("year", "year")]
    VALUES = [("per 10,000 words", "per_10k"), ("occurrences", "count"), ("articles", "doc_freq")]

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        groups = ([("publication", "publication")] if "publication" in index.meta else []) + \
            [(f, f) for f in index.facets] + [("(all articles)", "")]
        self.words = W.Text(value="", placeholder="words, #hashtags, @handles, separated by commas",
                            description="Follow", continuous_update=False, layout=W.Layout(width="98%"))
        self.by = W.Dropdown(options=groups, value=groups[0][1], description="by", layout=W.Layout(width="230px"))
        self.period = W.Dropdown(options=self.PERIODS, value="", description="per", layout=W.Layout(width="230px"))
        self.value = W.Dropdown(options=self.VALUES, value="per_10k", description="", layout=W.Layout(width="170px"))
        self.note = LiteralText()
        self.chart = chart_image("toolkit-chart-trends")
        for name in ("words", "by", "period", "value", "note"):
            getattr(self, name).add_class(f"toolkit-trends-{name}")
        self.widget = W.VBox([self.words, W.HBox([self.by, self.period, self.value]), self.note, self.chart])
        self.images = [self.chart]
        self.shown = Shown()
        for control in (self.words, self.by, self.period, self.value):
            control.observe(lambda _: redraw(), names="value")

    def draw(self, context: Context) -> None:
        shown = self.shown.clear()
        view = context.view
        table = None
        notes = []
        if context.n_articles:
            words, left_out = stats.trend_terms(self.words.value)
            if left_out:
                notes.append(f"one word, #hashtag or @handle each: left out {', '.join(left_out)}")
            if not words and not left_out:
                words = view.top_terms(3, stopwords=context.stopwords)["term"].astype(str).tolist()
                notes.append(f"the 3 most frequent terms ({', '.join(words)}); type your own above")
            undated = view.n_articles - view.filter(undated=False).n_articles
            if undated:
                notes.append(f"{undated:,} undated articles are in no period")
            period = self.period.value or choose_period(_dates(view))
            shown.tables[f"per {period}"] = table = stats.term_trends(view, words, by=self.by.value or None,
                                                                       kind="auto", freq=period)
        self.note.text = "; ".join(notes)
        self.chart.value = shown.chart(context, "trends", lambda ax: plots.trends(
            table, by=self.by.value or None, value=self.value.value, top=context.top_groups, ax=ax), self.SIZE)


# ----------------------------------------------------------------------------- Compare


def _pair(context: Context, column: str, a: str, b: str) -> tuple[Any, Any]:
    """The articles with ``column`` = ``a`` and those with ``b`` (publication or a facet), every filter
    applying but the one on ``column`` itself."""
    others = dict(context.filters)
    if column == "publication":
        others.pop("publication", None)
        one = lambda value: {"publication": [value]}            # noqa: E731
    else:
        facets = {k: v for k, v in others.pop("facets", {}).items() if k != column}
        others.update({"facets": facets} if facets else {})
        one = lambda value: {"facets": {column: [value]}}       # noqa: E731
    base = context.index.filter(**others)
    return base.filter(**one(a)), base.filter(**one(b))


class CompareTab:
    """Distinctive terms of two sets of articles: two publications (the months, author and keyword
    filters apply), the articles matching the filters against all the others, or the earlier against
    the later half of the matching articles by date.

    Its controls (the mode, and the two publications: the two most frequent at first) redraw it when changed.

    Example:
        >>> tab = CompareTab(idx, redraw=lambda: None)                          # doctest: +SKIP
        >>> tab.mode.value = "halves"; tab.draw(Context(index=idx, view=idx, filters={}))      # doctest: +SKIP
    """
    title = "Compare"
    SIZE = (7.5, 6.5)
    MODES = [("two publications", "publications"), ("matching articles vs the rest", "rest"),
             ("earlier vs later half (by date)", "halves"), ("two values of a facet", "facet")]

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
        self.facets = list(index.facets)
        self.facet = W.Dropdown(options=self.facets or ["(none)"], description="facet")
        self.fa = W.Dropdown(options=[], description="")
        self.fb = W.Dropdown(options=[], description="with")
        for name in ("facet", "fa", "fb"):
            getattr(self, name).add_class(f"toolkit-compare-{name}")
        self.facet_pickers = W.HBox([self.facet, self.fa, self.fb])
        self._index = index
        self._facet_values()
        if not self.facets:
            self.mode.options = self.MODES[:-1]
        self.widget = W.VBox([self.mode, self.pickers, self.facet_pickers, self.note, self.chart])
        self.images = [self.chart]
        self.shown = Shown()
        self.facet.observe(lambda _: self._facet_values(), names="value")
        for control in (self.mode, self.a, self.b, self.fa, self.fb):
            control.observe(lambda _: redraw(), names="value")

    def _facet_values(self) -> None:
        """The two value lists of the chosen facet: its values, the two most frequent chosen."""
        if not self.facets:
            return
        counts = self._index.name_counts(self.facet.value)
        values = list(counts.index)
        pair = list(counts.sort_values(ascending=False, kind="stable").index[:2]) + values[:2]
        self.fa.options, self.fb.options = values, values
        self.fa.value, self.fb.value = pair[0], pair[1] if len(pair) > 1 and pair[1] != pair[0] else pair[-1]

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
        if self.mode.value == "facet":
            column, a, b = self.facet.value, self.fa.value, self.fb.value
            if a == b:
                return f"choose two different values of {column}"
            va, vb = _pair(context, column, a, b)
            return (va, vb, f"{column}={a}", f"{column}={b}",
                    f"{column} {a}: {va.n_articles:,} articles, {b}: {vb.n_articles:,} articles "
                    "(the other filters apply)")
        a, b = self.a.value, self.b.value
        if not self.publications:
            return "the corpus has no publication column"
        if a == b:
            return "choose two different publications"
        va, vb = _pair(context, "publication", a, b)
        return (va, vb, a, b, f"{a}: {va.n_articles:,} articles, {b}: {vb.n_articles:,} articles "
                              "(months, author and keyword filters apply)")

    def draw(self, context: Context) -> None:
        shown = self.shown.clear()
        self.pickers.layout.display = None if self.mode.value == "publications" else "none"
        self.facet_pickers.layout.display = None if self.mode.value == "facet" else "none"
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
        shown.tables["distinctive terms"] = table = stats.distinctive_terms(
            va, vb, k=context.k_compare, labels=(label_a, label_b), stopwords=context.stopwords,
            boilerplate=context.boilerplate, phrases=context.phrases)
        size = (self.SIZE[0], max(self.SIZE[1], 0.2 * len(table) + 1.5))
        self.chart.value = shown.chart(context, "distinctive terms",
                                       lambda ax: plots.distinctive_terms(table, ax=ax), size)


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
    SHOWS_TABLES = True        # its table is part of the page: the board's "show tables" adds nothing

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        facets = [(f, f) for f in index.facets]
        self.GROUPINGS = DictionaryTab.GROUPINGS[:1] + facets + DictionaryTab.GROUPINGS[1:]
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
        self.shown = Shown()
        self.text.observe(lambda _: redraw(), names="value")
        self.by.observe(lambda _: redraw(), names="value")
        self.upload.observe(self._on_upload, names="value")

    def _on_upload(self, change: Any) -> None:
        files = change["new"]
        if files:
            content = files[0]["content"]
            self.text.value = bytes(content).decode("utf-8-sig", errors="replace")

    def draw(self, context: Context) -> None:
        shown = self.shown.clear()
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
        shown.tables["dictionary categories"] = table
        self.chart.value = shown.chart(context, "dictionary categories", lambda ax: plots.term_heatmap(
            table, by=column, rows="category", top=context.top_groups, ax=ax,
            title=f"Dictionary categories by {column}"), size)
        self.table.value = table.head(TABLE_ROWS).to_html(index=False, escape=True, float_format="{:.2f}".format)


TABS: list[type[Tab]] = [TermsTab, HashtagsTab, QuotesTab, SourcesTab, TrendsTab, CompareTab, DictionaryTab,
                         ReadTab]
TAB_TITLES: list[str] = [tab.title for tab in TABS]
