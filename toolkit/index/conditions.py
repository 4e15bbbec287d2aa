"""The conditions of a filter: which rows of an index each one holds (``CorpusIndex.filter``).

Rules:
- Every condition given must hold; None is no condition. The result is a new boolean row mask, the
  selection's own never changed.
- ``publication``, ``author`` and facets match names as :mod:`toolkit.index.names` says (ignoring case and
  extra spaces; an unknown name warns with the closest names); a missing value matches nothing.
- Dates are inclusive; a date-only ``end`` covers that whole day. Undated articles (:data:`MISSING_DATE`)
  drop out when ``start`` or ``end`` is given, unless ``undated=True``; ``undated=False`` always drops them.
- The keyword goes last, over the rows still selected (:func:`toolkit.index.search.keyword_rows`).

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"publication": ["a", "b"], "content": ["x y", "y z"]}), progress=False)
    >>> condition_mask(idx, None, publication="B").tolist(), condition_mask(idx, None, keyword="y").tolist()
    ([False, True], [True, True])
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
import pandas as pd

from toolkit.index.facets import is_facet
from toolkit.index.keyword import Keyword
from toolkit.index.search import keyword_rows

if TYPE_CHECKING:
    from toolkit.index.corpus import CorpusIndex

__all__ = ["condition_mask", "MISSING_DATE"]

#: an undated article's date in ``CorpusIndex.dates`` (nanoseconds since the epoch)
MISSING_DATE = np.iinfo(np.int64).min
Names = "str | Sequence[str] | None"


def condition_mask(index: "CorpusIndex", mask: np.ndarray | None, publication: Names = None, start: Any = None,
                   end: Any = None, author: Names = None, keyword: str | None = None, regex: bool = False,
                   min_tokens: int | None = None, undated: bool | None = None,
                   facets: "Mapping[str, str | Sequence[str]] | None" = None) -> np.ndarray:
    """The rows of ``mask`` (None: every row) of ``index`` where every given condition holds."""
    mask = np.ones(index.n_articles, dtype=bool) if mask is None else mask.copy()
    conditions = [("publication", publication), ("author", author)]
    for column, wanted in (facets or {}).items():
        if not is_facet(index.meta, column):
            have = ", ".join(repr(c) for c in index.facets) or "none"
            raise ValueError(f"{column!r} is not a facet of this corpus; its facets: {have} "
                             "(publication and author have arguments of their own)")
        conditions.append((column, wanted))
    for column, wanted in conditions:
        if wanted is not None:
            wanted = list(wanted) if isinstance(wanted, (list, tuple, set, frozenset, pd.Index, pd.Series,
                                                          np.ndarray)) else [wanted]
            codes, categories = index.grouper.category_codes(column)
            table = np.zeros(len(categories) + 1, dtype=bool)   # last slot: missing value (-1)
            table[index.grouper.name_lookup(column).codes(wanted)] = True
            mask &= table[codes]
    dates = index.dates
    if start is not None or end is not None:
        in_range = dates != MISSING_DATE
        if start is not None:
            in_range &= dates >= pd.Timestamp(start).value
        if end is not None:
            end_ts = pd.Timestamp(end)
            whole_day = end_ts == end_ts.normalize()
            bound = end_ts + pd.Timedelta(days=1) if whole_day else end_ts
            in_range &= (dates < bound.value) if whole_day else (dates <= bound.value)
        mask &= in_range | (dates == MISSING_DATE) if undated else in_range
    elif undated is False:
        mask &= dates != MISSING_DATE
    if min_tokens is not None:
        mask &= index.meta["tokens"].to_numpy() >= min_tokens
    if keyword is not None and keyword != "" and mask.any():
        counted = {kind: index.matrices[kind] for kind in ("phrases", "bigrams") if kind in index.matrices}
        mask &= keyword_rows(Keyword(keyword, regex), index.matrices["terms"], index.text, mask, index.pairs, counted)
    return mask
