"""Facets: the categorical metadata columns a corpus has beyond publication and author (AllSides'
``bias_text`` and ``topic``, a crawl's ``domain`` or ``language``), kept by the index to filter and group on.

Rules:
- A column of the loaded frame is kept as a facet when it is not one the index keeps anyway
  (``id``, ``title``, ``publication``, ``author``, ``date``, ``url``, ``source_file``), not the text,
  not a feature name, not a grouping's name (``week``, ``month``, ``quarter``, ``year``: those come from the
  dates), not a loader's provenance column (a name starting with ``_``), and its values are labels: strings
  or booleans (numbers are measures or counts, such as PolNeAR's ``trump_count``; nested values are not
  labels either), with at least 2 and at most
  :data:`MAX_VALUES` distinct values, at most half as many distinct values as filled rows (or at most
  :data:`FEW_VALUES`: small corpora keep their labels), none longer than :data:`MAX_LENGTH` characters.
  A column of unique titles, URLs or ids is therefore never a facet.
- Facets are stored as pandas categoricals of strings (``True`` becomes ``"True"``); a missing value stays
  missing and belongs to no facet value.
- Filters match facet values as publication names are matched (:mod:`toolkit.index.names`: case and spaces
  forgiven, an unknown value warns with the closest ones); groupings take facet columns like ``publication``.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"content": ["a", "b", "c", "d"], "bias_text": ["left", "right", "left", None],
    ...                    "title": ["t1", "t2", "t3", "t4"], "bias": [0, 2, 0, 1]})
    >>> list(facet_frame(df, exclude=["content", "title"]).columns)
    ['bias_text']
    >>> facet_columns(facet_frame(df, exclude=["content", "title"]))
    ['bias_text']
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

__all__ = ["facet_frame", "facet_columns", "is_facet", "MAX_VALUES", "FEW_VALUES", "MAX_LENGTH", "NOT_FACETS"]

MAX_VALUES = 10_000
FEW_VALUES = 20
MAX_LENGTH = 200
#: metadata the index keeps as columns of their own (publication and author are filtered by name too)
NOT_FACETS = frozenset({"id", "title", "publication", "author", "date", "url", "source_file",
                        "week", "month", "quarter", "year"})


def _labels(column: pd.Series) -> pd.Series | None:
    """``column`` as a categorical of strings when its values are labels (see the rules), else None."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    if not (pd.api.types.is_string_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
            or pd.api.types.is_object_dtype(dtype)):
        return None                                   # numbers, dates
    filled = column.dropna()
    if filled.empty:
        return None
    if pd.api.types.is_object_dtype(filled.dtype) and not filled.map(lambda v: isinstance(v, (str, bool))).all():
        return None
    try:
        uniques = pd.unique(filled)
    except TypeError:       # unhashable values
        return None
    n = len(uniques)
    if n < 2 or n > MAX_VALUES or (n > FEW_VALUES and n * 2 > len(filled)):
        return None
    names = pd.Series(uniques).astype(str)
    if names.str.len().max() > MAX_LENGTH:
        return None
    return column.astype(object).where(column.notna(), None).map(
        lambda v: v if v is None else str(v)).astype("category")


def facet_frame(df: pd.DataFrame, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """The facet columns of a loaded frame (see the rules), as categoricals, in ``df``'s column order;
    ``exclude``: columns that are not facets here (the text column, the features).

    >>> frame = facet_frame(pd.DataFrame({"content": ["x", "y"], "lang": ["en", "de"]}), ["content"])
    >>> frame.dtypes.astype(str).tolist()
    ['category']
    """
    skip = NOT_FACETS | set(exclude)
    out = pd.DataFrame(index=df.index)
    for name in df.columns:
        if not isinstance(name, str) or name in skip or name.startswith("_"):
            continue
        labels = _labels(df[name])
        if labels is not None:
            out[name] = labels
    return out


def is_facet(meta: pd.DataFrame, column: str) -> bool:
    """Whether ``column`` is a facet of an index's metadata ``meta``.

    >>> is_facet(pd.DataFrame({"topic": pd.Categorical(["a"])}), "topic")
    True
    """
    return (column in meta.columns and column not in NOT_FACETS
            and isinstance(meta[column].dtype, pd.CategoricalDtype))


def facet_columns(meta: pd.DataFrame) -> list[str]:
    """The facet columns of an index's metadata, in order.

    >>> facet_columns(pd.DataFrame({"publication": pd.Categorical(["a"]), "topic": pd.Categorical(["b"])}))
    ['topic']
    """
    return [c for c in meta.columns if isinstance(c, str) and is_facet(meta, c)]
