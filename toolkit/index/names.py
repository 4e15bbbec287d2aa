"""Names that forgive: which categories of a metadata column a filter's names mean.

Rules:
- A name matches a category when both are equal after case folding and collapsing whitespace
  (``"breitbart news"`` and ``" Breitbart  News"`` mean ``"Breitbart News"``). An exact match is always
  taken; the folded one only adds categories.
- A name that matches nothing warns (:class:`UnknownNameWarning`) with the closest names of the column
  (``difflib``, on folded names, plus the names that contain it): nothing is silently empty.

Example:
    >>> import pandas as pd, warnings
    >>> cats = pd.Index(["Breitbart News", "New York Times"])
    >>> matching_codes(cats, ["breitbart news"], "publication").tolist()
    [0]
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     matching_codes(cats, ["Breitbart"], "publication").tolist()
    []
    >>> str(caught[0].message)
    "no publication named 'Breitbart'; did you mean 'Breitbart News'?"
"""
from __future__ import annotations

import difflib
import re
import warnings
from typing import Sequence

import numpy as np
import pandas as pd

__all__ = ["UnknownNameWarning", "fold", "matching_codes", "closest_names"]


class UnknownNameWarning(UserWarning):
    """A filter named a publication/author (or other value) that the corpus does not have."""


def fold(name: object) -> str:
    """``name`` case-folded with whitespace runs made one space and trimmed.

    >>> fold("  The  NEW York\\tTimes ")
    'the new york times'
    """
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


def closest_names(categories: Sequence[str], name: str, n: int = 3) -> list[str]:
    """Up to ``n`` names of ``categories`` most like ``name``: those with a word starting with it (3
    characters or more), then difflib's.

    >>> closest_names(["Breitbart News", "Fox News", "Vox"], "fox")
    ['Fox News', 'Vox']
    """
    folded = {}
    for c in categories:
        folded.setdefault(fold(c), str(c))
    key = fold(name)
    containing = [folded[f] for f in folded if len(key) >= 3 and re.search(r"\b" + re.escape(key), f)]
    similar = [folded[f] for f in difflib.get_close_matches(key, list(folded), n=n, cutoff=0.6)]
    return list(dict.fromkeys(containing + similar))[:n]


def matching_codes(categories: pd.Index, names: Sequence[str], column: str) -> np.ndarray:
    """Positions in ``categories`` that ``names`` mean (see the module rules); warns for unknown names."""
    exact = categories.get_indexer(list(names))
    folded = pd.Index([fold(c) for c in categories])
    found: set[int] = {int(i) for i in exact if i >= 0}
    for name, hit in zip(names, exact):
        by_fold = np.flatnonzero(folded == fold(name))
        found.update(int(i) for i in by_fold)
        if hit < 0 and len(by_fold) == 0:
            close = closest_names(list(categories), str(name))
            hint = ("; did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""
            warnings.warn(f"no {column} named {str(name)!r}{hint}", UnknownNameWarning, stacklevel=3)
    return np.array(sorted(found), dtype=np.int64)
