"""Matplotlib charts over the DataFrames of :mod:`toolkit.index` and :mod:`toolkit.stats`.

Each function takes the table, draws on ``ax`` (a new figure when None), labels title and axes, and
returns the Axes; an empty table draws "no articles match" instead of raising. Save with
:func:`save` (PNG, SVG, PDF ... by extension).

=========================  ==================================================  ============================
chart                      table                                               kind
=========================  ==================================================  ============================
:func:`top_terms`          ``view.top_terms(k)`` / ``top_hashtags`` / ...      horizontal bars
:func:`term_heatmap`       ``stats.term_table(view, by="publication")``        term × group heatmap
:func:`source_distribution` ``view.source_counts(["month", "publication"])``   stacked bars by month
:func:`trends`             ``stats.term_trends(view, terms)``                  lines per group
:func:`quote_rate`         ``view.quote_stats()``                              bars per publication
:func:`distinctive_terms`  ``stats.distinctive_terms(a, b)``                   diverging bars
=========================  ==================================================  ============================

Example:
    >>> import pandas as pd
    >>> ax = top_terms(pd.DataFrame({"term": ["tax", "wall"], "count": [5, 3]}))
    >>> ax.get_title(), len(ax.patches)
    ('Top terms', 2)
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

__all__ = ["top_terms", "term_heatmap", "source_distribution", "trends", "quote_rate", "distinctive_terms",
           "save", "EMPTY_MESSAGE"]

EMPTY_MESSAGE = "no articles match"
_VALUE_LABELS = {"count": "occurrences", "per_10k": "per 10,000 tokens", "doc_freq": "articles containing",
                 "articles": "articles", "share": "share of articles", "quote_rate": "quotes per article",
                 "quoted_word_share": "share of words inside quotes", "share_with_quotes":
                 "share of articles with a quote", "z": "z-score (log-odds, informative prior)",
                 "score": "log2 frequency ratio"}


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


def _label(value: str) -> str:
    return _VALUE_LABELS.get(value, value.replace("_", " "))


def save(ax: Axes, path: str | Path, *, dpi: int = 150) -> Path:
    """Write the Axes' figure to ``path`` (format from the extension: .png, .svg, .pdf).

    >>> save(top_terms(view.top_terms()), "terms.svg")      # doctest: +SKIP
    """
    path = Path(path)
    ax.figure.savefig(path, dpi=dpi, bbox_inches="tight")
    return path


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


def term_heatmap(table: pd.DataFrame, *, by: str = "publication", value: str = "per_10k",
                 ax: Axes | None = None, title: str = "Terms by publication") -> Axes:
    """Heatmap of ``stats.term_table``: one row per term, one column per group, cells annotated.

    >>> term_heatmap(stats.term_table(idx, k=15))      # doctest: +SKIP
    """
    n_terms = table["term"].nunique() if len(table) else 0
    n_groups = table[by].nunique() if len(table) and by in table else 0
    ax = _axes(ax, (max(5, 1.0 * n_groups + 3), max(3, 0.35 * n_terms + 1.5)))
    if n_terms == 0 or n_groups == 0:
        return _empty(ax, title)
    grid = table.pivot_table(index="term", columns=by, values=value, aggfunc="sum", sort=False, fill_value=0)
    grid = grid.reindex(index=list(dict.fromkeys(table["term"])))
    image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Blues")
    ax.set_xticks(np.arange(grid.shape[1]), [str(c) for c in grid.columns], rotation=45, ha="right")
    ax.set_yticks(np.arange(grid.shape[0]), [str(i) for i in grid.index])
    if grid.size <= 400:
        top = float(np.nanmax(grid.to_numpy(dtype=float))) or 1.0
        for (i, j), v in np.ndenumerate(grid.to_numpy(dtype=float)):
            ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=8,
                    color="white" if v > 0.6 * top else "black")
    ax.figure.colorbar(image, ax=ax, label=_label(value))
    ax.set_xlabel(by)
    ax.set_ylabel("term")
    ax.set_title(title)
    return ax


def source_distribution(table: pd.DataFrame, *, period: str = "month", by: str = "publication",
                        value: str = "articles", ax: Axes | None = None,
                        title: str = "Articles per month by publication") -> Axes:
    """Stacked bars: one bar per period, one colour per group (``view.source_counts([period, by])``).

    >>> source_distribution(view.source_counts(["month", "publication"]))     # doctest: +SKIP
    """
    n_periods = table[period].nunique() if len(table) and period in table else 0
    ax = _axes(ax, (max(6, 0.45 * n_periods + 3), 4.5))
    if n_periods == 0:
        return _empty(ax, title)
    grid = table.pivot_table(index=period, columns=by, values=value, aggfunc="sum", fill_value=0).sort_index()
    x = np.arange(len(grid))
    bottom = np.zeros(len(grid))
    for j, group in enumerate(grid.columns):
        heights = grid[group].to_numpy(dtype=float)
        ax.bar(x, heights, bottom=bottom, label=str(group), color=f"C{j % 10}")
        bottom += heights
    ax.set_xticks(x, [str(p) for p in grid.index], rotation=45, ha="right")
    ax.set_xlabel(period)
    ax.set_ylabel(_label(value))
    ax.set_title(title)
    ax.legend(title=by, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def trends(table: pd.DataFrame, *, period: str = "month", by: str | None = "publication",
           value: str = "per_10k", ax: Axes | None = None, title: str | None = None) -> Axes:
    """Lines over time of ``stats.term_trends``: one line per group (and per term when several).

    >>> trends(stats.term_trends(idx, ["wall"]))     # doctest: +SKIP
    """
    terms = list(dict.fromkeys(table["term"])) if len(table) else []
    if title is None:
        title = "Trend of " + ", ".join(terms[:4]) if terms else "Term trend"
    ax = _axes(ax, (8, 4.5))
    if len(table) == 0:
        return _empty(ax, title)
    keys = [by] if by and by in table else []
    if len(terms) > 1:
        keys.append("term")
    data = table.assign(_x=pd.to_datetime(table[period].astype(str)))
    for i, (name, part) in enumerate(data.groupby(keys, sort=True) if keys else [("all", data)]):
        part = part.sort_values("_x")
        label = " · ".join(map(str, name)) if isinstance(name, tuple) else str(name)
        ax.plot(part["_x"], part[value].to_numpy(dtype=float), marker="o", markersize=3, label=label,
                color=f"C{i % 10}")
    ax.set_xlabel(period)
    ax.set_ylabel(_label(value))
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.figure.autofmt_xdate()
    return ax


def quote_rate(table: pd.DataFrame, *, by: str = "publication", value: str = "quote_rate",
               ax: Axes | None = None, title: str = "Quotations by publication") -> Axes:
    """Bars of ``view.quote_stats()``: ``quote_rate`` (quotes per article) or ``quoted_word_share``.

    >>> quote_rate(idx.quote_stats(), value="quoted_word_share")     # doctest: +SKIP
    """
    ax = _axes(ax, (max(5, 0.6 * len(table) + 2), 4))
    if len(table) == 0:
        return _empty(ax, title)
    x = np.arange(len(table))
    ax.bar(x, table[value].to_numpy(dtype=float), color="C2")
    ax.set_xticks(x, table[by].astype(str).tolist(), rotation=45, ha="right")
    ax.set_xlabel(by)
    ax.set_ylabel(_label(value))
    ax.set_title(title)
    return ax


def distinctive_terms(table: pd.DataFrame, *, value: str | None = None, ax: Axes | None = None,
                      title: str = "Distinctive terms") -> Axes:
    """Diverging bars of ``stats.distinctive_terms``: right = favours the first group, left = the second.

    ``value`` defaults to ``z`` (log-odds) or ``score`` (ratio, where ``z`` is NaN).

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
    ax.barh(y, values, color=colors)
    ax.set_yticks(y, table["term"].astype(str).tolist())
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(_label(value))
    ax.set_ylabel("term")
    ax.set_title(title)
    sides = table.groupby("favours", sort=False)[value].mean()
    handles = [plt.Rectangle((0, 0), 1, 1, color="C0" if v > 0 else "C3") for v in sides]
    ax.legend(handles, [f"more in {s}" for s in sides.index], fontsize=8, loc="lower right")
    return ax
