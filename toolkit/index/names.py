"""Names that forgive: which categories of a metadata column a filter's names mean.

Rules:
- A name matches a category when both are equal after case folding and collapsing whitespace
  (``"breitbart news"`` and ``" Breitbart  News"`` mean ``"Breitbart News"``). An exact match is always
  taken; the folded one only adds categories.
- A name that matches nothing warns (:class:`UnknownNameWarning`) with the closest names of the column
  (``difflib``, on folded names, plus the names that contain it): nothing is silently empty.
- Author fields often name several people (``"A, B and C"``, ``["A", "B"]``, ``'"Amy Joi ODonoghue",
  Court Mann'``, ``"By A and B, Associated Press"``): :func:`split_authors` gives one name each, and an
  author filter matches a field when it names that author (the raw field is kept and matches too).

Example:
    >>> import pandas as pd, warnings
    >>> cats = pd.Index(["Breitbart News", "New York Times"])
    >>> NameLookup(cats, "publication").codes(["breitbart news"]).tolist()
    [0]
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     NameLookup(cats, "publication").codes(["Breitbart"]).tolist()
    []
    >>> str(caught[0].message)
    "no publication named 'Breitbart'; did you mean 'Breitbart News'?"
"""
from __future__ import annotations

import ast
import csv
import difflib
import json
import re
import warnings
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

__all__ = ["UnknownNameWarning", "fold", "closest_names", "split_authors", "people_counts", "NameLookup"]


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


# commas, semicolons, "and", "&", "with", and a full stop after a word (not after an initial: "Michael M. Grynbaum")
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:[,;:/|]|\band\b|&|\bwith\b|(?<=\w\w)\.(?=\s))\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"@|https?:|www\.|contributed|reporting|\bemail\b|\btwitter\b", re.IGNORECASE)
# what a field naming one person only never holds (a separator, a list, quotes, "by ", an e-mail or handle)
_MAY_NAME_SEVERAL = re.compile(r"[,;:/|&\[\"@.]|\band\b|\bwith\b|^by\s")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."})
# a part with one of these words is an outlet or a job title, not a person ("USA TODAY", "AP business writer")
_ROLE_WORDS = frozenset({"press", "news", "today", "editor", "correspondent", "writer", "columnist", "reporter",
                         "staff", "producer", "contributor", "contributors", "wire", "agency", "bureau", "desk",
                         "cnn", "reuters", "afp", "ap", "associated", "editorial", "board", "team"})


@lru_cache(maxsize=65536)
def _split_one(field: str) -> tuple[str, ...]:
    text = field.strip()
    if text[:1] == "[" and text[-1:] == "]":           # a list written as JSON or as a Python literal
        for parse in (json.loads, ast.literal_eval):
            try:
                items = parse(text)
            except (ValueError, SyntaxError):
                continue
            if isinstance(items, list):
                return tuple(dict.fromkeys(n for item in items for n in _split_one(str(item))))
    text = re.sub(r"^\s*by\s+", "", text, flags=re.IGNORECASE)
    if '"' in text:                                       # '"Amy Joi ODonoghue", Court Mann'
        parts = [p for row in csv.reader([text], skipinitialspace=True) for p in row]
    else:
        parts = [text]
    names: list[str] = []
    for part in parts:
        for piece in _AUTHOR_SEPARATORS.split(part):
            piece = piece.strip(" .\t\"'")
            if not piece or _NOT_A_NAME.search(piece) or _ROLE_WORDS.intersection(piece.lower().split()):
                continue
            if piece.lower() in _SUFFIXES and names:   # "John Smith, Jr."
                names[-1] = f"{names[-1]}, {piece}"
                continue
            names.append(piece)
    return tuple(dict.fromkeys(names))


def split_authors(field: object) -> list[str]:
    """The people an author field names, one each, in order (an empty list for a missing field).

    >>> split_authors("Scott Shane, Maggie Haberman and Julie Hirschfeld Davis")
    ['Scott Shane', 'Maggie Haberman', 'Julie Hirschfeld Davis']
    >>> split_authors('["A. Smith", "B. Jones"]'), split_authors('"Amy Joi ODonoghue", Court Mann')
    (['A. Smith', 'B. Jones'], ['Amy Joi ODonoghue', 'Court Mann'])
    >>> split_authors("By EDUARDO PORTER. Email: eporter@nytimes.com,Twitter: @portereduardo")
    ['EDUARDO PORTER']
    """
    if field is None or (isinstance(field, float) and field != field):
        return []
    if isinstance(field, (list, tuple)):
        return list(dict.fromkeys(n for item in field for n in _split_one(str(item))))
    return list(_split_one(str(field)))


def people_counts(fields: Sequence[object], counts: Sequence[int]) -> pd.Series:
    """Articles naming each person, from author ``fields`` and the articles of each field: a person's
    articles are those of every field naming them (once per field); people whose names fold equal are one,
    shown as first spelled. Sorted by folded name.

    >>> people_counts(["Ann Lee and Bo Chan", "Bo Chan", "BO CHAN"], [2, 3, 1]).to_dict()
    {'Ann Lee': 2, 'Bo Chan': 6}
    """
    shown: dict[str, str] = {}
    total: dict[str, int] = {}
    for field, count in zip(fields, counts):
        if not count:
            continue
        for person in split_authors(field):
            key = fold(person)
            shown.setdefault(key, person)
            total[key] = total.get(key, 0) + int(count)
    keys = sorted(total)
    return pd.Series([total[k] for k in keys], index=pd.Index([shown[k] for k in keys], dtype=object),
                     dtype=np.int64)


class NameLookup:
    """The categories of one metadata column, folded once, and (for ``author``) the people each names:
    what :meth:`codes` needs to answer a filter in time proportional to the names asked for.

    >>> NameLookup(pd.Index(["Ann Lee and Bo Chan", "Bo Chan"]), "author").codes(["bo chan"]).tolist()
    [0, 1]
    """

    def __init__(self, categories: pd.Index, column: str) -> None:
        self.categories, self.column = categories, column
        self.by_fold: dict[str, list[int]] = {}
        self.by_person: dict[str, list[int]] = {}
        for i, c in enumerate(categories):
            folded = fold(c)
            self.by_fold.setdefault(folded, []).append(i)
            if column != "author":
                continue
            if not _MAY_NAME_SEVERAL.search(folded):     # one plain name: it is its own person
                people = {folded.strip(" .'")}
            else:
                people = {fold(n) for n in split_authors(c)}
            for person in people:
                self.by_person.setdefault(person, []).append(i)

    def codes(self, names: Sequence[str]) -> np.ndarray:
        """Positions in the categories that ``names`` mean (see the module rules); warns for unknown names."""
        found: set[int] = set()
        for name in names:
            key = fold(name)
            hits = self.by_fold.get(key, []) + self.by_person.get(key, [])   # (an exact name folds equal)
            if not hits:
                candidates = list(self.categories) + [n for c in self.categories for n in split_authors(c)] \
                    if self.by_person else list(self.categories)
                close = closest_names(candidates, str(name))
                hint = ("; did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""
                warnings.warn(f"no {self.column} named {str(name)!r}{hint}", UnknownNameWarning, stacklevel=3)
            found.update(hits)
        return np.array(sorted(found), dtype=np.int64)

