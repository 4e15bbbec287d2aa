"""Apply a per-text function to one ``str`` or to every text of a ``pd.Series``.

Every public function in :mod:`toolkit.text` accepts either a single string or a Series of
strings. :func:`map_texts` is the one place that decides how: a ``str`` is passed straight to
``func``; a Series gives a Series of results aligned on its index, missing values (``None``,
``NaN``, ``pd.NA``) counting as the empty text ``""``.

Example:
    >>> import pandas as pd
    >>> map_texts(str.split, "a b")
    ['a', 'b']
    >>> map_texts(str.split, pd.Series(["a b", None], index=[7, 9])).tolist()
    [['a', 'b'], []]
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

import pandas as pd

T = TypeVar("T")

__all__ = ["map_texts", "as_text", "iter_texts"]


def as_text(value: Any) -> str:
    """One cell as a ``str``: missing values (None, NaN, pd.NA) become ``""``.

    >>> as_text(None), as_text(float("nan")), as_text("x")
    ('', '', 'x')
    """
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # list-like cells
        pass
    return str(value)


def iter_texts(series: pd.Series) -> list[str]:
    """The texts of a Series as a plain list of ``str`` (missing → ``""``), in index order.

    >>> iter_texts(pd.Series(["a", None]))
    ['a', '']
    """
    values = series.to_numpy(dtype=object, na_value=None)
    return [v if isinstance(v, str) else as_text(v) for v in values]


def map_texts(func: Callable[[str], T], text: "str | pd.Series | None", *, name: str | None = None) -> "T | pd.Series":
    """``func(text)`` for a str; for a Series, ``func`` on each text (missing → ``""``).

    The Series result has the input's index and ``name`` (default: the input's name) and
    ``object`` dtype, so list results stay lists. ``None`` / NaN alone counts as ``""``.

    >>> map_texts(len, pd.Series(["abc", float("nan")])).tolist()
    [3, 0]
    """
    if isinstance(text, pd.Series):
        results = [func(t) for t in iter_texts(text)]
        out = pd.Series(results, index=text.index, dtype=object, name=text.name if name is None else name)
        return out
    if isinstance(text, pd.Index):
        raise TypeError("pass a str or a pd.Series, not a pd.Index")
    return func(as_text(text))
