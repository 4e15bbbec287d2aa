"""What a reader can see: the tables behind the charts, cut to a readable size (no drawing here).

Rules:
- A chart draws at most ``top`` groups (:data:`TOP_GROUPS` by default): the groups with the most
  articles. The rest are summed into one group labelled ``"other (N)"`` (N groups), drawn last, in
  grey. Counts are summed; rates (quotes per article, shares) are recomputed from the summed counts,
  never averaged.
- A time chart's period is the finest of week, month, quarter and year that gives at most
  :data:`MAX_PERIODS` periods over the span of the dates (:func:`choose_period`); callers may override.
- At most :data:`MAX_TICKS` tick labels are written (:func:`tick_positions`: every k-th).
- Colours never repeat within a chart and only "other" is grey (:func:`palette`).
- A time axis has every period between the first and the last, empty ones included (:func:`all_periods`).

Example:
    >>> import pandas as pd
    >>> t = pd.DataFrame({"publication": ["a", "b", "c"], "articles": [5, 1, 2]})
    >>> keep_top(t, "publication", top=2)[["publication", "articles"]].values.tolist()
    [['a', 5], ['c', 2], ['other (1)', 1]]
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from toolkit.index.grouping import PERIOD_FORMATS, PERIODS

__all__ = ["TOP_GROUPS", "MAX_PERIODS", "MAX_TICKS", "OTHER_COLOR", "keep_top", "is_other", "choose_period",
           "period_column", "period_starts", "all_periods", "tick_positions", "palette", "speaker_grid"]

TOP_GROUPS = 10
MAX_PERIODS = 60
MAX_TICKS = 30
OTHER_COLOR = "0.62"
_PERIOD_DAYS = {"week": 7, "month": 30.44, "quarter": 91.31, "year": 365.25}
# rate column -> (numerator, denominator) of the summed counts
_RATES = {"share_with_quotes": ("articles_with_quotes", "articles"), "quote_rate": ("quotes", "articles"),
          "quoted_word_share": ("quoted_words", "tokens"), "per_10k": ("count", "tokens")}
_RATE_SCALE = {"per_10k": 10_000}


def _other_label(n: int) -> str:
    return f"other ({n:,})"


def is_other(label: object) -> bool:
    """True for the label :func:`keep_top` gives the summed remaining groups.

    >>> is_other("other (12)"), is_other("The Other Paper")
    (True, False)
    """
    text = str(label)
    return text.startswith("other (") and text.endswith(")") and text[7:-1].replace(",", "").isdigit()


def keep_top(table: pd.DataFrame, by: str, *, top: int | None = TOP_GROUPS, rank_by: str = "articles") -> pd.DataFrame:
    """``table`` with only the ``top`` groups of column ``by`` (most ``rank_by`` over all rows), the others
    summed into one ``"other (N)"`` group per combination of the remaining key columns.

    Key columns are the non-numeric ones; numeric columns are summed, ``share`` too; rates are
    recomputed from their summed parts, or NaN when the table lacks the parts. Rows of kept groups keep their order; the other group comes last. ``top=None`` keeps all.

    >>> t = pd.DataFrame({"month": ["01", "01", "02"], "publication": ["a", "b", "b"],
    ...                   "articles": [1, 3, 2], "quotes": [2, 3, 1]})
    >>> keep_top(t, "publication", top=1).values.tolist()
    [['01', 'b', 3, 3], ['02', 'b', 2, 1], ['01', 'other (1)', 1, 2]]
    """
    if top is None or len(table) == 0 or table[by].nunique() <= top:
        return table
    ranking = table.groupby(by, observed=True, sort=False)[rank_by].sum().sort_values(ascending=False, kind="stable")
    kept = set(ranking.index[:top])
    is_kept = table[by].isin(kept).to_numpy()
    rest = table[~is_kept]
    keys = [c for c in table.columns if c != by and not pd.api.types.is_numeric_dtype(table[c])]
    numeric = [c for c in table.columns if c != by and c not in keys and c not in _RATES]
    other = (rest.groupby(keys, observed=True, sort=True)[numeric].sum().reset_index() if keys
             else rest[numeric].sum().to_frame().T)
    for rate, (num, den) in _RATES.items():
        if rate in table.columns:     # a rate without its parts cannot be summed: NaN (not drawn)
            other[rate] = ((other[num] / other[den].where(other[den] > 0)).fillna(0.0) * _RATE_SCALE.get(rate, 1)
                           if num in other and den in other else np.nan)
    other[by] = _other_label(len(ranking) - top)
    out = pd.concat([table[is_kept], other[table.columns]], ignore_index=True)
    return out


def speaker_grid(table: pd.DataFrame, by: str | None = "publication", *, k: int = 15,
                 top: int | None = TOP_GROUPS) -> pd.DataFrame:
    """Quotations of the ``k`` most quoted speakers of ``view.top_speakers(..., by=by)`` (all rows of each
    group: pass a large ``k`` there), one row per speaker (most quoted first) and one column per group:
    the ``top`` groups with most quotations of these speakers, the others summed as ``"other (N)"``.

    >>> t = pd.DataFrame({"publication": ["a", "b", "b"], "speaker": ["Ann", "Ann", "Bo"], "quotations": [1, 2, 4]})
    >>> speaker_grid(t, k=2).to_dict("index")
    {'Bo': {'b': 4, 'a': 0}, 'Ann': {'b': 2, 'a': 1}}
    """
    totals = table.groupby("speaker", sort=False)["quotations"].sum().sort_values(ascending=False, kind="stable")
    if by is None or by not in table:
        return totals.head(k).to_frame("quotations")
    chosen = table[table["speaker"].isin(totals.index[:k])][[by, "speaker", "quotations"]]
    chosen = keep_top(chosen.astype({by: str}), by, top=top, rank_by="quotations")
    grid = chosen.pivot_table(index="speaker", columns=by, values="quotations", aggfunc="sum", fill_value=0,
                              observed=True)
    columns = sorted(grid.columns, key=lambda g: (is_other(g), -grid[g].sum(), str(g)))
    grid = grid.reindex(index=[s for s in totals.index[:k] if s in grid.index], columns=columns)
    grid.index.name = grid.columns.name = None
    return grid.astype(np.int64)


def choose_period(dates: "pd.Series | np.ndarray | Sequence", *, max_periods: int = MAX_PERIODS) -> str:
    """The finest period (week, month, quarter, year) giving at most ``max_periods`` over the dates' span.

    >>> choose_period(pd.to_datetime(["2016-01-01", "2016-03-01"]))
    'week'
    >>> choose_period(pd.to_datetime(["2001-10-23", "2020-07-21"]))
    'year'
    """
    stamps = pd.to_datetime(pd.Series(dates), errors="coerce").dropna()
    if stamps.empty:
        return "month"
    span_days = (stamps.max() - stamps.min()).days + 1
    for period in PERIODS:
        if span_days / _PERIOD_DAYS[period] + 1 <= max_periods:
            return period
    return "year"


def period_column(table: pd.DataFrame) -> str | None:
    """The first period column (week, month, quarter, year) of ``table``, or None.

    >>> period_column(pd.DataFrame(columns=["quarter", "publication", "articles"]))
    'quarter'
    """
    return next((c for c in table.columns if c in PERIODS), None)


def period_starts(labels: "pd.Series | Sequence[str]", period: str) -> pd.DatetimeIndex:
    """The first day of each period label (``2016-02-29``, ``2016-03``, ``2016Q1``, ``2016``).

    >>> period_starts(["2016Q1", "2016Q4"], "quarter").strftime("%Y-%m-%d").tolist()
    ['2016-01-01', '2016-10-01']
    """
    values = pd.Series(labels, dtype=str)
    if period == "quarter":
        return pd.PeriodIndex(values, freq="Q").to_timestamp()
    return pd.DatetimeIndex(pd.to_datetime(values, format=PERIOD_FORMATS[period]))


def tick_positions(n: int, *, max_ticks: int = MAX_TICKS) -> np.ndarray:
    """Positions ``0..n-1`` to label so that at most ``max_ticks`` labels are written (every k-th).

    >>> tick_positions(5).tolist(), len(tick_positions(228))
    ([0, 1, 2, 3, 4], 29)
    """
    step = max(1, -(-n // max_ticks))
    return np.arange(0, n, step)


def palette(n: int) -> list:
    """``n`` distinct colours, none of them grey (grey is "other"): tab10 with its grey swapped for navy
    up to 10, tab20 without its greys up to 18, then evenly spaced on ``turbo``.

    >>> len(set(palette(10))), len(set(palette(15))), len(set(palette(40)))
    (10, 15, 40)
    """
    import matplotlib

    if n <= 10:
        tab10 = [matplotlib.colormaps["tab10"](i) for i in range(10)]
        tab10[7] = matplotlib.colors.to_rgba("#393b79")
        return tab10[:n]
    if n <= 18:
        return [matplotlib.colormaps["tab20"](i) for i in range(20) if i not in (14, 15)][:n]
    cmap = matplotlib.colormaps["turbo"]
    return [cmap(x) for x in np.linspace(0.05, 0.95, n)]


def all_periods(labels: "pd.Series | Sequence[str]", period: str) -> list[str]:
    """Every period label from the first to the last of ``labels``, gaps filled (a time axis).

    >>> all_periods(["2001", "2004"], "year")
    ['2001', '2002', '2003', '2004']
    >>> all_periods(["2016-02-29", "2016-03-14"], "week")
    ['2016-02-29', '2016-03-07', '2016-03-14']
    """
    starts = period_starts(labels, period)
    if len(starts) == 0:
        return []
    freq = {"week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}[period]
    days = pd.date_range(starts.min(), starts.max(), freq=freq)
    if period == "quarter":
        return [f"{d.year}Q{d.quarter}" for d in days]
    return days.strftime(PERIOD_FORMATS[period]).tolist()
