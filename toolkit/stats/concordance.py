"""Keyword in context: every match of a term, phrase or regular expression with the text around it.

Rules:
- Matching is the filters' own (:class:`~toolkit.index.Keyword`): the articles come from
  ``view.filter(keyword=...)`` and the spans from ``Keyword.pattern()``, so a KWIC line exists exactly
  where a filter would match.
- Context is ``window`` characters each side with whitespace folded. Lines are in article, then text
  order, or sorted as AntConc sorts them (``sort=``): by the left context read from the match outwards
  (the word just before the match first), by the right context (the word just after it first), or by
  date (undated last); ties keep article and text order. Words compare case-folded.
- ``offset``/``limit`` page through the (sorted) lines. In text order, finding stops once the page is
  full (and one more line shows there is more); sorting finds up to ``max_lines`` lines first (None:
  all). ``attrs["total"]`` is how many lines were found, ``attrs["more"]`` whether there are lines
  beyond them.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"content": ["The White House said no."]}), progress=False)
    >>> kwic(idx, "white house", window=10)[["left", "match", "right"]].values.tolist()
    [['The', 'White House', 'said no.']]
"""
from __future__ import annotations

from typing import Any, Iterator

import numpy as np
import pandas as pd

from toolkit.index import CorpusIndex, CorpusView, Keyword, as_view

__all__ = ["kwic", "KWIC_COLUMNS", "KWIC_SORTS"]

KWIC_COLUMNS = ["id", "publication", "date", "title", "left", "match", "right", "row", "start"]
KWIC_SORTS = (None, "left", "right", "date")


_UNDATED = np.iinfo(np.int64).min
#: articles read at a time (a page of lines stops reading once it is full)
_BATCH_ROWS = 2_000


def _column(meta: pd.DataFrame, name: str, rows: np.ndarray, fallback: pd.Series | None = None) -> pd.Series:
    """Column ``name`` of ``meta`` at ``rows``, as strings (missing values as ``""``)."""
    if name not in meta:
        values = fallback if fallback is not None else pd.Series([""] * len(rows))
    else:
        values = meta[name].iloc[rows].astype(object).where(meta[name].iloc[rows].notna(), "")
    return pd.Series(pd.array([str(v) for v in values], dtype="str"))


def kwic(corpus: "CorpusIndex | CorpusView", query: str, *, window: int = 60, limit: int | None = 500,
         regex: bool = False, sort: str | None = None, offset: int = 0,
         max_lines: int | None = 100_000) -> pd.DataFrame:
    """Keyword-in-context lines for a term, a phrase, ``immigra*``, ``a OR b`` or (``regex=True``) a
    regular expression (see the module rules).

    Columns ``id, publication, date, title, left, match, right, row`` (row position in the index) and
    ``start`` (where the match starts in the article's text); ``sort``: None, ``"left"``, ``"right"``
    or ``"date"``; lines ``offset`` to ``offset + limit``; ``max_lines``: at most that many sorted.

    >>> kwic(idx, "white house", window=30, sort="right", offset=200, limit=200)     # doctest: +SKIP
    """
    if sort not in KWIC_SORTS:
        raise ValueError(f"sort must be one of {KWIC_SORTS}, not {sort!r}")
    view = as_view(corpus)
    hits = view.filter(keyword=query, regex=regex)
    pattern = Keyword(query, regex).pattern()
    dates = view.index.dates
    stop = max_lines if sort is not None else (None if limit is None else offset + limit + 1)
    records: list[tuple] = []          # (row, start, left, match, right): metadata only for the page shown
    for row, text in _texts(hits):
        if not isinstance(text, str):
            continue
        for found in pattern.finditer(text):
            if found.end() == found.start():
                continue
            left = " ".join(text[max(0, found.start() - window):found.start()].split())
            right = " ".join(text[found.end():found.end() + window].split())
            records.append((row, found.start(), left, found.group(0), right))
            if stop is not None and len(records) >= stop:
                break
        if stop is not None and len(records) >= stop:
            break
    more = stop is not None and len(records) >= stop
    if more and sort is None:
        records.pop()                              # found only to tell that there is more
    total = len(records)
    if sort is not None:
        records = _sorted(records, sort, dates)
    records = records[offset:None if limit is None else offset + limit]
    return _lines(view.index.meta, dates, records, total, more)


def _texts(hits: Any) -> Iterator[tuple[int, "str | None"]]:
    """(row, text) of the selected articles, read a piece at a time (a text read on demand: the blocks of a
    piece only), so a page of lines stops reading once it is full."""
    text = hits.index.text
    rows = hits.rows
    for piece in text.pieces(rows, max(1, len(rows) // _BATCH_ROWS)):
        yield from zip(piece.tolist(), text.take(piece).to_pylist())


def _lines(meta: pd.DataFrame, dates: np.ndarray, records: list[tuple], total: int, more: bool) -> pd.DataFrame:
    """The KWIC table of ``records`` ((row, start, left, match, right)), metadata taken for their rows only."""
    rows = np.array([r[0] for r in records], dtype=np.int64)
    out = pd.DataFrame(index=range(len(records)))
    out["id"] = _column(meta, "id", rows, fallback=pd.Series(rows.astype(str)))
    out["publication"] = _column(meta, "publication", rows)
    out["date"] = pd.to_datetime(dates[rows].view("datetime64[ns]"))          # (undated: NaT)
    out["title"] = _column(meta, "title", rows)
    for i, name in ((2, "left"), (3, "match"), (4, "right")):
        out[name] = pd.array([r[i] for r in records], dtype="str")
    out["row"] = rows
    out["start"] = np.array([r[1] for r in records], dtype=np.int64)
    out.attrs["total"] = total
    out.attrs["more"] = more
    return out


def _sorted(records: list[tuple], sort: str, dates: np.ndarray) -> list[tuple]:
    """``records`` sorted by ``sort`` (stable: article and text order break ties)."""
    if sort == "left":
        return sorted(records, key=lambda r: r[2].casefold().split()[::-1])
    if sort == "right":
        return sorted(records, key=lambda r: r[4].casefold().split())
    return sorted(records, key=lambda r: (dates[r[0]] == _UNDATED, dates[r[0]]))
