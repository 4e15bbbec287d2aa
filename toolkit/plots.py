"""Matplotlib charts over the DataFrames of :mod:`toolkit.index` and :mod:`toolkit.stats`.

Each function takes the table, draws on ``ax`` (a new figure when None), labels title and axes, and
returns the Axes; an empty table draws "no articles match" instead of raising. Charts over groups
draw the top groups plus "other", at most 30 tick labels and no repeated colour
(:mod:`toolkit.plotdata` prepares their tables). Save with
:func:`save` (PNG, SVG, PDF ... by extension). Every text a chart draws is literal: publication names,
terms and authors come from articles, so mathtext (``$x^2$``) and LaTeX (``text.usetex``) are off for
the chart's own texts, whatever the rcParams say; texts the caller drew on ``ax`` before are untouched.

=========================  ==================================================  ============================
chart                      table                                               kind
=========================  ==================================================  ============================
:func:`top_terms`          ``view.top_terms(k)`` / ``top_hashtags`` / ...      horizontal bars
:func:`term_heatmap`       ``stats.term_table(view, by="publication")``        term × group heatmap
:func:`source_distribution` ``view.source_counts(["month", "publication"])``   stacked bars by period
:func:`trends`             ``stats.term_trends(view, terms)``                  lines per group
:func:`quote_rate`         ``view.quote_stats()``                              bars per publication
:func:`speakers`           ``view.top_speakers(10**6, by="publication")``      stacked bars per speaker
:func:`distinctive_terms`  ``stats.distinctive_terms(a, b)``                   diverging bars
=========================  ==================================================  ============================

Example:
    >>> import pandas as pd
    >>> ax = top_terms(pd.DataFrame({"term": ["tax", "wall"], "count": [5, 3]}))
    >>> ax.get_title(), len(ax.patches)
    ('Top terms', 2)
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable, TypeVar

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.text import Text

from toolkit.plotdata import (OTHER_COLOR, TOP_GROUPS, all_periods, is_other, keep_top, palette, period_column,
                              period_starts, speaker_grid, tick_positions)

__all__ = ["top_terms", "term_heatmap", "source_distribution", "trends", "quote_rate", "speakers",
           "distinctive_terms", "save", "EMPTY_MESSAGE", "TOP_GROUPS"]

EMPTY_MESSAGE = "no articles match"
_VALUE_LABELS = {"count": "occurrences", "per_10k": "per 10,000 tokens", "doc_freq": "articles containing",
                 "articles": "articles", "share": "share of articles", "quote_rate": "quotes per article",
                 "quoted_word_share": "share of words inside quotes", "share_with_quotes":
                 "share of articles with a quote", "z": "z-score (log-odds, informative prior)",
                 "score": "log2 frequency ratio"}


_Chart = TypeVar("_Chart", bound=Callable[..., Axes])


# control characters (C0 but tab and line feed, DEL, C1): not allowed in SVG's XML, invisible in a PNG
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _literal(chart: _Chart) -> _Chart:
    """Make every text ``chart`` adds to the figure literal (no mathtext, no usetex), with control characters
    shown as U+FFFD (so a saved SVG stays valid XML)."""
    @functools.wraps(chart)
    def draw(*args, **kwargs) -> Axes:
        before = kwargs.get("ax")
        # the caller's own texts: non-empty before the chart and unchanged by it
        theirs = {id(t): t.get_text() for t in before.figure.findobj(Text) if t.get_text()} if before else {}
        with plt.rc_context({"text.parse_math": False, "text.usetex": False}):
            ax = chart(*args, **kwargs)
        for text in ax.figure.findobj(Text):
            if theirs.get(id(text)) != text.get_text():
                text.set_parse_math(False)
                text.set_usetex(False)
                if _CONTROL.search(text.get_text()):
                    text.set_text(_CONTROL.sub("\ufffd", text.get_text()))
        for axis in (ax.xaxis, ax.yaxis):             # tick labels are redrawn from their formatter: set anew
            labels = [t.get_text() for t in axis.get_ticklabels()]
            if any(_CONTROL.search(label) for label in labels):
                axis.set_ticks(axis.get_ticklocs(), [_CONTROL.sub("\ufffd", label) for label in labels])
        return ax
    return draw  # type: ignore[return-value]


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _empty(ax: Axes, title: str) -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, EMPTY_MESSAGE, ha="center", va="center", transform=ax.transAxes, fontsize=12,
            color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _stacked_bars(ax: Axes, grid: pd.DataFrame, half_width: float, *, horizontal: bool = False) -> np.ndarray:
    """One bar per row of ``grid`` (at 0, 1, ...), stacked from its columns in their order; each column is
    one ``PolyCollection`` labelled with it (grey for "other"): fast at hundreds of bars. Returns the bars'
    totals."""
    at = np.arange(len(grid), dtype=float)
    base = np.zeros(len(grid))
    colors = palette(sum(not is_other(g) for g in grid.columns)) + [OTHER_COLOR]
    for j, group in enumerate(grid.columns):
        sizes = grid[group].to_numpy(dtype=float)
        drawn = sizes > 0
        side_a, side_b = at[drawn] - half_width, at[drawn] + half_width
        low, high = base[drawn], base[drawn] + sizes[drawn]
        if horizontal:
            corners = np.stack([np.c_[low, side_a], np.c_[low, side_b], np.c_[high, side_b], np.c_[high, side_a]], 1)
        else:
            corners = np.stack([np.c_[side_a, low], np.c_[side_a, high], np.c_[side_b, high], np.c_[side_b, low]], 1)
        ax.add_collection(PolyCollection(corners, label=str(group), linewidths=0,
                                         facecolors=OTHER_COLOR if is_other(group) else colors[j]))
        base += sizes
    return base


def _label(value: str) -> str:
    return _VALUE_LABELS.get(value, value.replace("_", " "))


def save(ax: Axes, path: str | Path, *, dpi: int = 150) -> Path:
    """Write the Axes' figure to ``path`` (format from the extension: .png, .svg, .pdf).

    >>> save(top_terms(view.top_terms()), "terms.svg")      # doctest: +SKIP
    """
    path = Path(path)
    ax.figure.savefig(path, dpi=dpi, bbox_inches="tight")
    return path


@_literal
def top_terms(table: pd.DataFrame, *, value: str = "count", ax: Axes | None = None,
              title: str = "Top terms") -> Axes:
    """Horizontal bars of a ``top_*`` table, most frequent on top (``term (group)`` labels when grouped).

    >>> top_terms(idx.top_hashtags(10), title="Top hashtags")     # doctest: +SKIP
    """
    ax = _axes(ax, (7, max(2.5, 0.32 * len(table) + 1)))
    if table is None or len(table) == 0:
        return _empty(ax, title)
    extra = [c for c in table.columns if c not in ("term", "count", "per_10k", "doc_freq")]
    labels = table["term"].astype(str)
    if extra:
        labels = labels + " (" + table[extra].astype(str).agg(" · ".join, axis=1) + ")"
    y = np.arange(len(table))
    ax.barh(y, table[value].to_numpy(dtype=float), color="C0")
    ax.set_yticks(y, labels.tolist())
    ax.invert_yaxis()
    ax.set_xlabel(_label(value))
    ax.set_ylabel("term")
    ax.set_title(title)
    return ax


@_literal
def term_heatmap(table: pd.DataFrame, *, by: str = "publication", value: str = "per_10k",
                 ax: Axes | None = None, title: str = "Terms by publication", rows: str = "term",
                 top: int | None = None) -> Axes:
    """Heatmap of ``stats.term_table`` (or, ``rows="category"``, of ``stats.dictionary_counts``): one row
    per term, one column per group, cells annotated. ``top``: only the groups with most articles, the
    rest as one "other" column (its rate recomputed from the summed counts).

    >>> term_heatmap(stats.term_table(idx, k=15))      # doctest: +SKIP
    """
    if top is not None and len(table) and by in table:
        table = keep_top(table, by, top=top, rank_by="articles")
    n_terms = table[rows].nunique() if len(table) else 0
    n_groups = table[by].nunique() if len(table) and by in table else 0
    ax = _axes(ax, (max(5, 1.0 * n_groups + 3), max(3, 0.35 * n_terms + 1.5)))
    if n_terms == 0 or n_groups == 0:
        return _empty(ax, title)
    grid = table.pivot_table(index=rows, columns=by, values=value, aggfunc="sum", sort=False, fill_value=0)
    grid = grid.reindex(index=list(dict.fromkeys(table[rows])))
    image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Blues")
    ax.set_xticks(np.arange(grid.shape[1]), [str(c) for c in grid.columns], rotation=45, ha="right")
    ax.set_yticks(np.arange(grid.shape[0]), [str(i) for i in grid.index])
    if grid.size <= 400:
        top_value = float(np.nanmax(grid.to_numpy(dtype=float))) or 1.0
        for (i, j), v in np.ndenumerate(grid.to_numpy(dtype=float)):
            ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=8,
                    color="white" if v > 0.6 * top_value else "black")
    ax.figure.colorbar(image, ax=ax, label=_label(value))
    ax.set_xlabel(by)
    ax.set_ylabel(rows)
    ax.set_title(title)
    return ax


@_literal
def source_distribution(table: pd.DataFrame, *, period: str | None = None, by: str = "publication",
                        value: str = "articles", top: int | None = TOP_GROUPS, ax: Axes | None = None,
                        title: str | None = None) -> Axes:
    """Stacked bars: one bar per period, one colour per group (``view.source_counts([period, by])``);
    each group's bars are one ``PolyCollection`` in ``ax.collections``, labelled with the group.

    ``period`` defaults to the table's period column; the ``top`` groups with most articles are drawn,
    the others summed as one grey "other" group (``top=None``: all); at most 30 periods are labelled.

    >>> source_distribution(view.source_counts(["quarter", "publication"]))     # doctest: +SKIP
    """
    period = period or period_column(table) or "month"
    if title is None:
        title = f"Articles per {period} by {by}"
    n_periods = table[period].nunique() if len(table) and period in table else 0
    ax = _axes(ax, (max(6, min(0.45 * n_periods + 3, 14)), 4.5))
    if n_periods == 0:
        return _empty(ax, title)
    table = keep_top(table, by, top=top, rank_by=value)
    grid = table.pivot_table(index=period, columns=by, values=value, aggfunc="sum", fill_value=0,
                             observed=True).sort_index()
    grid = grid.reindex(all_periods(grid.index.astype(str), period), fill_value=0)
    grid = grid[sorted(grid.columns, key=lambda g: (is_other(g), -grid[g].sum()))]
    bottom = _stacked_bars(ax, grid, 0.425)
    ticks = tick_positions(len(grid))
    ax.set_xticks(ticks, [str(grid.index[i]) for i in ticks], rotation=45, ha="right")
    ax.set_xlim(-0.6, len(grid) - 0.4)
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.05)
    ax.set_xlabel(period)
    ax.set_ylabel(_label(value))
    ax.set_title(title)
    ax.legend(title=by, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


@_literal
def trends(table: pd.DataFrame, *, period: str | None = None, by: str | None = "publication",
           value: str = "per_10k", top: int | None = TOP_GROUPS, ax: Axes | None = None,
           title: str | None = None) -> Axes:
    """Lines over time of ``stats.term_trends``: one line per group (and per term when several);
    the ``top`` groups with most articles get a line each, the others one grey "other" line.

    >>> trends(stats.term_trends(idx, ["wall"]))     # doctest: +SKIP
    """
    period = period or period_column(table) or "month"
    terms = list(dict.fromkeys(table["term"])) if len(table) else []
    if title is None:
        title = "Trend of " + ", ".join(terms[:4]) if terms else "Term trend"
    ax = _axes(ax, (8, 4.5))
    if len(table) == 0:
        return _empty(ax, title)
    if by and by in table:
        table = keep_top(table, by, top=top)
    keys = [by] if by and by in table else []
    if len(terms) > 1:
        keys.append("term")
    data = table.assign(_x=period_starts(table[period], period))
    parts = list(data.groupby(keys, sort=True, observed=True) if keys else [("all", data)])
    colors = palette(len(parts))
    for i, (name, part) in enumerate(parts):
        part = part.sort_values("_x")
        label = " · ".join(map(str, name)) if isinstance(name, tuple) else str(name)
        other = is_other(name[0] if isinstance(name, tuple) else name)
        ax.plot(part["_x"], part[value].to_numpy(dtype=float), marker="o", markersize=3, label=label,
                color=OTHER_COLOR if other else colors[i])
    ax.set_xlabel(period)
    ax.set_ylabel(_label(value))
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.figure.autofmt_xdate()
    return ax


@_literal
def quote_rate(table: pd.DataFrame, *, by: str = "publication", value: str = "quote_rate",
               top: int | None = TOP_GROUPS, ax: Axes | None = None, title: str = "Quotations by publication") -> Axes:
    """Bars of ``view.quote_stats()``: ``quote_rate`` (quotes per article) or ``quoted_word_share``;
    the ``top`` groups with most articles, the others as one grey "other" bar.

    >>> quote_rate(idx.quote_stats(), value="quoted_word_share")     # doctest: +SKIP
    """
    if len(table):
        table = keep_top(table, by, top=top)
    ax = _axes(ax, (max(5, 0.6 * len(table) + 2), 4))
    if len(table) == 0:
        return _empty(ax, title)
    x = np.arange(len(table))
    other = table[by].map(is_other).to_numpy(dtype=bool)
    ax.bar(x, table[value].to_numpy(dtype=float), color=np.where(other, OTHER_COLOR, "C2").tolist())
    ticks = tick_positions(len(table))
    ax.set_xticks(ticks, table[by].astype(str).iloc[ticks].tolist(), rotation=45, ha="right")
    ax.set_xlabel(by)
    ax.set_ylabel(_label(value))
    ax.set_title(title)
    return ax


@_literal
def speakers(table: pd.DataFrame, *, by: str | None = "publication", k: int = 15, top: int | None = TOP_GROUPS,
             ax: Axes | None = None, title: str = "Most quoted speakers") -> Axes:
    """Who gets quoted: one horizontal bar per speaker (the ``k`` most quoted of ``view.top_speakers``,
    most quoted on top), split by group (the ``top`` groups, the rest as grey "other"); each group's
    segments are one ``PolyCollection`` in ``ax.collections``, labelled with the group. ``by=None``: one
    colour.

    >>> speakers(view.top_speakers(10**6, by="publication"), k=10)     # doctest: +SKIP
    """
    grid = speaker_grid(table, by, k=k, top=top) if table is not None and len(table) else pd.DataFrame()
    ax = _axes(ax, (7.5, max(3.0, 0.3 * len(grid) + 1.5)))
    if len(grid) == 0:
        return _empty(ax, title)
    left = _stacked_bars(ax, grid, 0.4, horizontal=True)
    ax.set_yticks(np.arange(len(grid)), [str(name) for name in grid.index])
    ax.set_xlim(0, max(1.0, float(left.max())) * 1.03)
    ax.set_ylim(len(grid) - 0.4, -0.6)
    ax.set_xlabel("speech quotations")
    ax.set_title(title)
    if by is not None and len(grid.columns) > 1:
        ax.legend(title=by, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


@_literal
def distinctive_terms(table: pd.DataFrame, *, value: str | None = None, ax: Axes | None = None,
                      title: str = "Distinctive terms") -> Axes:
    """Diverging bars of ``stats.distinctive_terms``: right = favours the first group, left = the second.

    ``value`` defaults to ``z`` (log-odds) or ``score`` (ratio, where ``z`` is NaN). When the table has
    a ``significant`` column, terms that do not pass the cut-off are drawn pale and hatched, and the
    legend says which is which.

    >>> distinctive_terms(stats.distinctive_terms(a, b, labels=("breitbart", "nyt")))   # doctest: +SKIP
    """
    ax = _axes(ax, (7, max(3, 0.3 * len(table) + 1)))
    if len(table) == 0:
        return _empty(ax, title)
    if value is None:
        value = "z" if table["z"].notna().any() else "score"
    values = table[value].to_numpy(dtype=float)
    y = np.arange(len(table))
    colors = np.where(values > 0, "C0", "C3")
    significant = (table["significant"].to_numpy(dtype=bool) if "significant" in table
                   else np.ones(len(table), dtype=bool))
    ax.barh(y[significant], values[significant], color=colors[significant])
    if (~significant).any():
        ax.barh(y[~significant], values[~significant], color=colors[~significant], alpha=0.35, hatch="///",
                edgecolor="0.5", linewidth=0)
    ax.set_yticks(y, table["term"].astype(str).tolist())
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(_label(value))
    ax.set_ylabel("term")
    ax.set_title(title)
    sides = table.groupby("favours", sort=False)[value].mean()
    handles = [plt.Rectangle((0, 0), 1, 1, color="C0" if v > 0 else "C3") for v in sides]
    labels = [f"more in {s}" for s in sides.index]
    if (~significant).any():
        handles.append(plt.Rectangle((0, 0), 1, 1, facecolor="0.8", hatch="///", edgecolor="0.5"))
        labels.append("not significant (adjusted p ≥ 0.05)")
    ax.legend(handles, labels, fontsize=8, loc="lower right")
    return ax
