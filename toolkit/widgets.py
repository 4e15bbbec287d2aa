"""The ipywidgets dashboard: filter panel -> index view -> stats -> charts.

``dashboard()`` holds no analysis logic: every number comes from ``toolkit.index`` /
``toolkit.stats`` and every chart from ``toolkit.plots``. Charts are PNG ``Image`` widgets, so
they render the same in JupyterLab, Voila and a plain kernel. Article text is shown escaped.

Example:
    >>> import toolkit
    >>> from toolkit.sample import SAMPLE_CSV
    >>> board = toolkit.dashboard(SAMPLE_CSV)          # doctest: +SKIP
    >>> board.keyword.value = "election"               # doctest: +SKIP
    >>> board.status.value                             # doctest: +SKIP
    '312 articles match'
"""
from __future__ import annotations

import asyncio
import html
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["dashboard", "Dashboard", "corpus_path", "status_text", "NO_MATCH"]

NO_MATCH = "no articles match"
TAB_TITLES = ["Terms", "Hashtags & handles", "Quotes", "Sources", "Compare", "Read"]
_ALL_AUTHORS = ""
_READ_LIMIT = 200          # KWIC lines / article titles listed in the Read tab
_READ_CSS = "<style>.toolkit-read-list select {font-family: monospace; font-size: 12px}</style>"


def status_text(n: int) -> str:
    """The status line for ``n`` matching articles.

    Example:
        >>> status_text(12), status_text(0)
        ('12 articles match', 'no articles match')
    """
    return f"{n} articles match" if n else NO_MATCH


def dashboard(index_or_df: Any, *, k: int = 15, debounce: float = 0.15) -> Dashboard:
    """Build the dashboard for a ``CorpusIndex``, a loaded DataFrame, or a path/glob to load.

    Example:
        >>> board = dashboard("data/sample/articles.csv")     # doctest: +SKIP
        >>> board                                              # doctest: +SKIP
    """
    return Dashboard(as_index(index_or_df), k=k, debounce=debounce)


def as_index(obj: Any) -> Any:
    """A ``CorpusIndex`` for ``obj``: an index as is, a DataFrame indexed, a path/glob (or a list of
    them) loaded and indexed through the on-disk cache (``CorpusIndex.from_files``).

    Example:
        >>> idx = as_index("data/sample/articles.csv")        # doctest: +SKIP
    """
    from toolkit.index import CorpusIndex

    if isinstance(obj, CorpusIndex):
        return obj
    if isinstance(obj, pd.DataFrame):
        return CorpusIndex.build(obj)
    if isinstance(obj, os.PathLike):
        obj = os.fspath(obj)
    if isinstance(obj, str) or (isinstance(obj, (list, tuple)) and obj
                                and all(isinstance(p, (str, os.PathLike)) for p in obj)):
        return CorpusIndex.from_files(obj)
    raise TypeError(f"dashboard() needs a CorpusIndex, a DataFrame or a path, not {type(obj).__name__}")


# ----------------------------------------------------------------------------- charts


def render_png(draw: Callable[[Axes], Any], size: tuple[float, float] = (7.5, 4.2)) -> bytes:
    """Draw on a fresh off-screen figure and return it as PNG bytes (no pyplot state involved).

    Example:
        >>> render_png(lambda ax: ax.plot([1, 2]))[:4]
        b'\\x89PNG'
    """
    fig = Figure(figsize=size, dpi=90, layout="constrained")
    draw(fig.subplots())
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def message_png(message: str, size: tuple[float, float] = (7.5, 4.2)) -> bytes:
    """A blank chart that says ``message`` (used for empty results).

    Example:
        >>> message_png("no articles match")[:4]
        b'\\x89PNG'
    """
    def draw(ax: Axes) -> None:
        ax.set_axis_off()
        ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, color="0.4",
                transform=ax.transAxes, usetex=False, parse_math=False)
    return render_png(draw, size)


# ----------------------------------------------------------------------------- escaping


def escape_with_marks(text: str, pattern: re.Pattern[str] | None) -> str:
    """``text`` HTML-escaped, with matches of ``pattern`` wrapped in ``<mark>``.

    Example:
        >>> escape_with_marks("<b>vote</b> now", re.compile("vote"))
        '&lt;b&gt;<mark>vote</mark>&lt;/b&gt; now'
    """
    if pattern is None:
        return html.escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        if m.end() == m.start():
            continue
        out += [html.escape(text[last:m.start()]), "<mark>", html.escape(m.group()), "</mark>"]
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


# ----------------------------------------------------------------------------- the widget


class Dashboard(W.VBox):
    """Filter panel + tabs over a ``CorpusIndex``; see :func:`dashboard`.

    Only the latest filter state is drawn: each change bumps ``generation`` and schedules a
    redraw after ``debounce`` seconds; a scheduled redraw whose generation is no longer current
    is dropped. Outside a running event loop (scripts, tests) redraws happen immediately.
    Only the visible tab is drawn; the others are drawn when selected (a tab selected while a
    redraw is pending is left to that redraw, so it never shows the previous filter state).

    Example:
        >>> board = Dashboard(toolkit.CorpusIndex.from_files("data/sample"))   # doctest: +SKIP
        >>> board.publication.value = ("Breitbart",)                           # doctest: +SKIP
        >>> board.status.value, board.filters()                                # doctest: +SKIP
        ('176 articles match', {'publication': ['Breitbart']})
    """

    def __init__(self, index: Any, *, k: int = 15, debounce: float = 0.15) -> None:
        self.index = index
        self.k = k
        self.debounce = debounce
        self.generation = 0          # bumped by every filter change
        self.drawn_generation = -1   # generation of the state on screen
        self.redraws = 0             # completed redraws (stale ones skipped do not count)
        self.view: Any = index
        self.error: str | None = None
        self.tab_errors: dict[str, str] = {}   # tab title -> error of its last draw
        self.k_compare = 10
        self._suspend = False
        self._dirty: set[int] = set(range(len(TAB_TITLES)))
        self._listing: list[int] = []      # index row of each Read-tab line

        meta = index.articles()
        self._publications = _sorted_str(meta["publication"]) if "publication" in meta else []
        self._authors = _sorted_str(meta["author"]) if "author" in meta else []
        self._months = _months(meta["date"]) if "date" in meta else []

        # --- filter panel
        self.publication = W.SelectMultiple(options=self._publications, value=(), rows=7,
                                            description="Publication",
                                            layout=W.Layout(width="98%"))
        self.publication.add_class("toolkit-publication")
        month_options = self._months or ["(no dates)"]
        self.dates = W.SelectionRangeSlider(options=month_options, index=(0, len(month_options) - 1),
                                            description="Months", continuous_update=False,
                                            disabled=not self._months, layout=W.Layout(width="98%"))
        self.dates.add_class("toolkit-dates")
        self.author = W.Combobox(options=self._authors[:5000], value=_ALL_AUTHORS,
                                 placeholder="any author", description="Author",
                                 ensure_option=False, continuous_update=False,
                                 layout=W.Layout(width="98%"))
        self.author.add_class("toolkit-author")
        self.keyword = W.Text(value="", placeholder="word or phrase, Enter to apply",
                              description="Keyword", continuous_update=False,
                              layout=W.Layout(width="98%"))
        self.keyword.add_class("toolkit-keyword")
        self.regex = W.Checkbox(value=False, description="regular expression", indent=True)
        self.regex.add_class("toolkit-regex")
        self.reset = W.Button(description="Reset filters", icon="undo")
        self.reset.add_class("toolkit-reset")
        self.status = W.Label(value="")
        self.status.add_class("toolkit-status")

        # --- tabs
        self.terms_chart = _image("toolkit-chart-terms")
        self.hashtags_chart = _image("toolkit-chart-hashtags")
        self.handles_chart = _image("toolkit-chart-handles")
        self.quotes_chart = _image("toolkit-chart-quotes")
        self.quote_share_chart = _image("toolkit-chart-quote-share")
        self.sources_chart = _image("toolkit-chart-sources")
        self.compare_chart = _image("toolkit-chart-compare")
        pubs = self._publications or ["(none)"]
        biggest = _most_frequent(meta["publication"], 2) if self._publications else []
        biggest = (biggest + pubs)[:2] if len(biggest) < 2 else biggest
        self.compare_a = W.Dropdown(options=pubs, value=biggest[0] if biggest else pubs[0],
                                    description="Compare")
        self.compare_b = W.Dropdown(options=pubs, value=biggest[-1] if biggest else pubs[0],
                                    description="with")
        self.compare_a.add_class("toolkit-compare-a")
        self.compare_b.add_class("toolkit-compare-b")
        self.compare_note = W.Label(value="")
        self.read_hint = W.Label(value="")
        self.read_list = W.Select(options=[], rows=10, layout=W.Layout(width="98%"))
        self.read_list.add_class("toolkit-read-list")
        self.reader = W.HTML(value="")
        self.reader.add_class("toolkit-reader")

        pages = [
            self.terms_chart,
            W.VBox([self.hashtags_chart, self.handles_chart]),
            W.VBox([self.quotes_chart, self.quote_share_chart]),
            self.sources_chart,
            W.VBox([W.HBox([self.compare_a, self.compare_b]), self.compare_note, self.compare_chart]),
            W.VBox([W.HTML(_READ_CSS), self.read_hint, self.read_list, self.reader]),
        ]
        self._tab_images = {"Terms": [self.terms_chart],
                            "Hashtags & handles": [self.hashtags_chart, self.handles_chart],
                            "Quotes": [self.quotes_chart, self.quote_share_chart],
                            "Sources": [self.sources_chart], "Compare": [self.compare_chart], "Read": []}
        self.tabs = W.Tab(children=pages, titles=TAB_TITLES)
        self.tabs.add_class("toolkit-tabs")

        panel = W.VBox([W.HTML("<b>Filters</b> <small>(no publication selected = all)</small>"),
                        self.publication, self.dates, self.author, self.keyword, self.regex,
                        self.reset], layout=W.Layout(width="34%", min_width="260px"))
        main = W.VBox([self.status, self.tabs], layout=W.Layout(width="66%"))
        super().__init__([W.HBox([panel, main])])
        self.add_class("toolkit-dashboard")

        for control in (self.publication, self.dates, self.author, self.keyword, self.regex):
            control.observe(self._on_filter_change, names="value")
        self.reset.on_click(lambda _: self.reset_filters())
        self.tabs.observe(self._on_tab_change, names="selected_index")
        for control in (self.compare_a, self.compare_b):
            control.observe(lambda _: self._redraw_tab(TAB_TITLES.index("Compare")), names="value")
        self.read_list.observe(self._on_read_select, names="value")

        self.refresh()

    # ------------------------------------------------------------------ filter state

    def filters(self) -> dict[str, Any]:
        """The ``CorpusIndex.filter`` keyword arguments for the current controls."""
        kw: dict[str, Any] = {}
        if self.publication.value:
            kw["publication"] = list(self.publication.value)
        if self._months:
            lo, hi = self.dates.index
            if (lo, hi) != (0, len(self._months) - 1):       # full range: keep undated articles
                start = pd.Period(self._months[lo], "M")
                end = pd.Period(self._months[hi], "M")
                kw["start"] = start.start_time.strftime("%Y-%m-%d")
                kw["end"] = end.end_time.strftime("%Y-%m-%d")
        author = self.author.value.strip()
        if author:
            kw["author"] = [author]
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
            self.author.value = _ALL_AUTHORS
            self.keyword.value = ""
            self.regex.value = False
        finally:
            self._suspend = False
        self._on_filter_change(None)

    def refresh(self) -> None:
        """Apply the current filters and redraw now (synchronously)."""
        self.generation += 1
        self._apply(self.generation)

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

    def _apply(self, gen: int) -> None:
        if gen != self.generation:   # a newer filter state is pending: drop this one
            return
        try:
            self.view = self.index.filter(**self.filters())
            self.error = None
            n = int(self.view.n_articles)
            self.status.value = status_text(n)
        except Exception as exc:  # noqa: BLE001 - e.g. a bad regex: say so in the status line
            self.view = None
            self.error = str(exc)
            self.status.value = f"cannot filter: {exc}"
        self._dirty = set(range(len(TAB_TITLES)))
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

    @property
    def n_articles(self) -> int:
        """Articles matching the current filters (0 when the filter is invalid)."""
        return 0 if self.view is None else int(self.view.n_articles)

    # ------------------------------------------------------------------ drawing

    def _redraw_tab(self, index: int) -> None:
        self._dirty.discard(index)
        title = TAB_TITLES[index]
        self.tab_errors.pop(title, None)
        try:
            self._draw(title)
        except Exception as exc:  # noqa: BLE001 - one failing chart must not take the dashboard down
            self.tab_errors[title] = f"{type(exc).__name__}: {exc}"
            for image in self._tab_images[title]:
                image.value = message_png(f"cannot draw this chart: {type(exc).__name__}")
            if title == "Read":
                self.read_hint.value = f"cannot list articles: {exc}"

    def _chart(self, draw: Callable[[Axes], Any], size: tuple[float, float] = (7.5, 4.5)) -> bytes:
        """PNG of ``draw``, or of the empty/invalid-filter message when nothing matches."""
        if self.view is None:
            return message_png(self.status.value, size)
        if self.n_articles == 0:
            return message_png(NO_MATCH, size)
        return render_png(draw, size)

    def _draw(self, title: str) -> None:
        plots, view, k = _plots(), self.view, self.k
        if title == "Terms":
            self.terms_chart.value = self._chart(
                lambda ax: plots.top_terms(view.top_terms(k), ax=ax, title="Top terms"), (7.5, 5.2))
        elif title == "Hashtags & handles":
            self.hashtags_chart.value = self._chart(
                lambda ax: plots.top_terms(_with_sigil(view.top_hashtags(k), "#"), ax=ax,
                                           title="Top hashtags"), (7.5, 4.6))
            self.handles_chart.value = self._chart(
                lambda ax: plots.top_terms(_with_sigil(view.top_handles(k), "@"), ax=ax,
                                           title="Top @handles"), (7.5, 4.6))
        elif title == "Quotes":
            table = view.quote_stats() if self.n_articles else None
            self.quotes_chart.value = self._chart(
                lambda ax: plots.quote_rate(table, ax=ax, title="Quotes per article"), (7.5, 4.2))
            self.quote_share_chart.value = self._chart(
                lambda ax: plots.quote_rate(table, value="quoted_word_share", ax=ax,
                                            title="Share of words inside quotes"), (7.5, 4.2))
        elif title == "Sources":
            self.sources_chart.value = self._chart(
                lambda ax: plots.source_distribution(view.source_counts(["month", "publication"]), ax=ax),
                (7.5, 4.8))
        elif title == "Compare":
            self._draw_compare()
        elif title == "Read":
            self._fill_read_list()

    def _draw_compare(self) -> None:
        a, b = self.compare_a.value, self.compare_b.value
        size = (7.5, 6.5)
        if self.view is None or self.n_articles == 0 or not self._publications:
            self.compare_note.value = ""
            self.compare_chart.value = self._chart(lambda ax: None, size)
            return
        if a == b:
            self.compare_note.value = "choose two different publications"
            self.compare_chart.value = message_png("choose two different publications", size)
            return
        # the other filters (months, author, keyword) apply; the publication selection does not
        others = {key: value for key, value in self.filters().items() if key != "publication"}
        base = self.index.filter(**others)
        va, vb = base.filter(publication=[a]), base.filter(publication=[b])
        self.compare_note.value = (f"{a}: {va.n_articles} articles, {b}: {vb.n_articles} articles "
                                   "(months, author and keyword filters apply)")
        if va.n_articles == 0 or vb.n_articles == 0:
            missing = a if va.n_articles == 0 else b
            self.compare_chart.value = message_png(f"no {missing} articles match", size)
            return
        table = _stats().distinctive_terms(va, vb, k=self.k_compare, labels=(a, b))
        self.compare_chart.value = render_png(
            lambda ax: _plots().distinctive_terms(table, ax=ax), size)

    def _fill_read_list(self) -> None:
        self.reader.value = ""
        self._listing = []
        if self.view is None or self.n_articles == 0:
            self.read_hint.value = "nothing to read: change the filters"   # status says why
            self.read_list.options = []
            return
        keyword = self.keyword.value.strip()
        if keyword:
            lines = _stats().kwic(self.view, keyword, regex=bool(self.regex.value), window=50,
                                  limit=_READ_LIMIT)
            labels = [_one_line(f"{_str(r.publication)} | …{_str(r.left)} [{_str(r.match)}] "
                                f"{_str(r.right)}…") for r in lines.itertuples()]
            rows = [int(r) for r in lines["row"]]
            self.read_hint.value = (f"{len(lines)} keyword-in-context lines for “{keyword}”"
                                    " — click one to read the article")
        else:
            meta = self.view.articles().head(_READ_LIMIT)
            labels = [_one_line(f"{_str(r.get('publication'))} | {_date(r.get('date'))} | "
                                f"{_str(r.get('title')) or _str(r.get('id'))}") for _, r in meta.iterrows()]
            rows = [int(r) for r in meta.index]
            self.read_hint.value = (f"first {len(rows)} matching articles — type a keyword for"
                                    " keyword-in-context lines; click one to read it")
        self._listing = rows
        self.read_list.options = [(label, i) for i, label in enumerate(labels)]
        self.read_list.value = None

    def _on_read_select(self, change: Any) -> None:
        i = change["new"]
        if i is not None and i < len(self._listing):
            self.reader.value = self.article_html(self._listing[i])

    def article_html(self, row: int) -> str:
        """The article at index row ``row`` as escaped HTML, with the current keyword marked."""
        meta = self.index.articles().loc[row]
        text = self.index.text[row].as_py() or ""
        fields = (_str(meta.get("publication")), _str(meta.get("author")), _date(meta.get("date")))
        details = " · ".join(html.escape(v) for v in fields if v)
        return ("<div style='max-height:420px;overflow:auto;border:1px solid #ddd;padding:8px'>"
                f"<h3>{html.escape(_str(meta.get('title')))}</h3><p><i>{details}</i></p>"
                "<div style='white-space:pre-wrap;line-height:1.4'>"
                f"{escape_with_marks(text, self._keyword_pattern())}</div></div>")

    def _keyword_pattern(self) -> re.Pattern[str] | None:
        """The current keyword as a Python regex, for marking it in the article (None: nothing to mark)."""
        keyword = self.keyword.value.strip()
        if not keyword:
            return None
        try:
            if self.regex.value:                      # as stats.kwic marks it
                return re.compile(keyword, re.I)
            from toolkit.index import phrase_regex, term_tokens

            tokens = term_tokens(keyword)
            return re.compile(phrase_regex(tokens) if tokens else re.escape(keyword), re.I)
        except re.error:
            return None


# ----------------------------------------------------------------------------- helpers


def _plots() -> Any:
    from toolkit import plots
    return plots


def _stats() -> Any:
    from toolkit import stats
    return stats


def _with_sigil(table: pd.DataFrame, sigil: str) -> pd.DataFrame:
    """The entity table with ``#``/``@`` before each key, for chart labels."""
    return table.assign(term=sigil + table["term"].astype(str)) if len(table) else table


def _image(css_class: str) -> W.Image:
    # natural size, never stretched by a VBox (align_self) and never wider than the tab
    img = W.Image(format="png", layout=W.Layout(max_width="100%", align_self="flex-start"))
    img.add_class(css_class)
    return img


def _str(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _date(value: Any) -> str:
    stamp = pd.to_datetime(value, errors="coerce") if _str(value) else pd.NaT
    return "" if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _sorted_str(column: pd.Series) -> list[str]:
    return sorted({str(v) for v in column.dropna().unique() if str(v).strip()}, key=str.casefold)


def _most_frequent(column: pd.Series, n: int) -> list[str]:
    counts = column.dropna().astype(str).value_counts()
    return [str(v) for v in counts.index[:n] if str(v).strip()]


def _months(dates: pd.Series) -> list[str]:
    dates = pd.to_datetime(dates, errors="coerce").dropna()
    if dates.empty:
        return []
    return [str(p) for p in pd.period_range(dates.min(), dates.max(), freq="M")]


def corpus_path(path: str | os.PathLike | None = None) -> str | Path:
    """The corpus a notebook opens: ``path``, else ``$TOOLKIT_CORPUS`` (path or glob), else the sample.

    Example:
        >>> corpus_path("my/articles.csv")
        'my/articles.csv'
    """
    if path:
        return path
    env = os.environ.get("TOOLKIT_CORPUS", "").strip()
    if env:
        return env
    from toolkit.sample import SAMPLE_CSV
    return SAMPLE_CSV
