"""``df.news`` and ``s.news``: the :mod:`toolkit.text` functions and :func:`toolkit.features` as pandas accessors.

Importing this module registers both accessors; it imports only pandas (the text functions load on first
use). ``import toolkit`` imports it, so every ``toolkit`` user has them. On a DataFrame the texts are the
``content`` column unless you pass ``column=``.

Example:
    >>> import pandas as pd
    >>> import toolkit.accessor
    >>> s = pd.Series(["Join us # FreeMilo today"])
    >>> s.news.hashtags().tolist()
    [['FreeMilo']]
    >>> pd.DataFrame({"content": ["Hi @jack"]}).news.handles().tolist()
    [['jack']]
"""
from __future__ import annotations

from types import ModuleType
from typing import Any

import pandas as pd

__all__ = ["NewsSeriesAccessor", "NewsFrameAccessor"]

DEFAULT_TEXT_COLUMN = "content"


def _text() -> ModuleType:
    # Imported on first use, not at the top: ``import toolkit`` registers the accessors, and must not pay
    # for the text functions (regex patterns, the scanner) until one is called (tests/test_accessor.py).
    import toolkit.text
    return toolkit.text


class _NewsMethods:
    """The shared methods; subclasses say where the Series of texts comes from (``_texts``)."""

    def _texts(self, column: str | None) -> pd.Series:  # pragma: no cover - overridden
        raise NotImplementedError

    def tokenize(self, style: str = "auto", *, column: str | None = None, **options: Any) -> pd.Series:
        """:func:`toolkit.tokenize` on every text: a Series of token lists.

        >>> pd.Series(["We don't"]).news.tokenize().tolist()
        [['We', "don't"]]
        """
        return _text().tokenize(self._texts(column), style, **options)

    def hashtags(self, style: str = "auto", *, column: str | None = None) -> pd.Series:
        """:func:`toolkit.hashtags` on every text (lists of ``Entity``)."""
        return _text().hashtags(self._texts(column), style)

    def handles(self, style: str = "auto", *, column: str | None = None) -> pd.Series:
        """:func:`toolkit.handles` on every text (lists of ``Entity``)."""
        return _text().handles(self._texts(column), style)

    def cashtags(self, style: str = "auto", *, column: str | None = None) -> pd.Series:
        """:func:`toolkit.cashtags` on every text (lists of ``Entity``)."""
        return _text().cashtags(self._texts(column), style)

    def urls(self, style: str = "auto", *, column: str | None = None) -> pd.Series:
        """:func:`toolkit.urls` on every text (lists of str)."""
        return _text().urls(self._texts(column), style)

    def quotes(self, *, column: str | None = None) -> pd.Series:
        """:func:`toolkit.quotes` on every text (lists of ``Quote``)."""
        return _text().quotes(self._texts(column))

    def count_quotes(self, *, column: str | None = None) -> pd.Series:
        """:func:`toolkit.count_quotes` on every text (ints)."""
        return _text().count_quotes(self._texts(column))

    def embedded_tweets(self, *, column: str | None = None) -> pd.DataFrame:
        """:func:`toolkit.embedded_tweets`: one row per tweet, ``article`` = the row's index label."""
        return _text().embedded_tweets(self._texts(column))

    def features(self, *, column: str | None = None, n_jobs: int | None = None) -> pd.DataFrame:
        """:func:`toolkit.features`: one row of counts per article, same index."""
        import toolkit.featurize  # on first use, like _text(): it loads the text functions and numpy
        return toolkit.featurize.features(self._texts(column), n_jobs=n_jobs)


@pd.api.extensions.register_series_accessor("news")
class NewsSeriesAccessor(_NewsMethods):
    """``s.news.<function>()`` for a Series of texts.

    >>> pd.Series(["Hi @jack"]).news.count_quotes().tolist()
    [0]
    """

    def __init__(self, series: pd.Series) -> None:
        self._obj = series

    def _texts(self, column: str | None) -> pd.Series:
        if column is not None:
            raise TypeError("column= is for DataFrame.news; a Series is already the texts")
        return self._obj


@pd.api.extensions.register_dataframe_accessor("news")
class NewsFrameAccessor(_NewsMethods):
    """``df.news.<function>(column="content")`` for a DataFrame of articles.

    >>> pd.DataFrame({"content": ["Hi @jack"]}).news.features()["handles"].tolist()
    [1]
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._obj = frame

    def _texts(self, column: str | None) -> pd.Series:
        name = DEFAULT_TEXT_COLUMN if column is None else column
        if name not in self._obj.columns:
            raise KeyError(f"df.news: no text column {name!r} (columns: {list(self._obj.columns)}); "
                           f"pass column=...")
        return self._obj[name]
