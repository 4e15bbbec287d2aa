"""Groups of articles and the one group-sum engine that tables, statistics and ``toolkit.scale`` share.

Rules:
- A grouping ``by`` is None (one group of everything), one of ``GROUPINGS``, a facet column of the
  index (:mod:`toolkit.index.facets`) or a list of them.
  Every article gets a group code (-1 = a missing value: left out of by-group tables) and the groups
  get labels, one string column per key, sorted ascending; ``week`` is its Monday ``"YYYY-MM-DD"``,
  ``month`` ``"YYYY-MM"``, ``quarter`` ``"YYYYQn"``, ``year`` ``"YYYY"`` (:func:`group_labels`).
- ``author`` groups by person: an article is in the group of every person its author field names
  (``"A, B and C"`` is in three; :func:`~toolkit.index.names.split_authors`, names that fold equal are
  one person, labelled as first spelled), so its counts go to each of them, as quanteda's groups of a
  split document variable would. A grouping with ``author`` is a :class:`Groups` of memberships
  (``rows`` set); every other one has one code per article (``rows`` None). Tables count an article
  once per group it is in; shares of the selection may then add up to more than 1.
- :func:`pair_sum` is the only place where rows of a sparse matrix are summed per group (counts, or
  with ``binary=True`` the number of articles holding each column); :func:`group_sum` is its form for
  one code per article. Integer counts are added up by compiled code (:mod:`toolkit.index.row_group_sums`):
  group by group into sparse sums for up to ``SPARSE_CELLS`` cells read, else into a dense array of at most
  ``DENSE_SUMS`` groups × columns a block of rows at a time; no copy of the rows, no groups × articles
  product. Anything else multiplies a groups × rows matrix by the selected rows, a block of rows at a time
  (:mod:`toolkit.index.row_blocks`).
- :class:`Grouper` caches the groupings of one index and adds a fast path: it keeps the sums of
  every (publication, month) cell, so a grouping that never splits a cell adds whole cells, then adds
  the selected rows of cells a filter mostly misses and subtracts the unselected rows of cells it
  mostly covers: a query reads at most half of each cell's rows, often none. The cell sums are computed
  once per matrix, or read from the cache entry where an earlier session kept them
  (:mod:`toolkit.index.derived_store`).

Example:
    >>> import pandas as pd, scipy.sparse as sp
    >>> codes, labels = group_labels(pd.DataFrame({"publication": ["b", "a", "b"]}), "publication")
    >>> codes.tolist(), labels["publication"].tolist()
    ([1, 0, 1], ['a', 'b'])
    >>> group_sum(sp.csr_matrix([[1, 0], [0, 2], [3, 1]]), codes, 2).toarray().tolist()
    [[0, 2], [4, 1]]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit.index.deferred_matrix import DeferredMatrix, loaded
from toolkit.index.derived_store import sparse_arrays, sparse_from
from toolkit.index.facets import facet_columns, is_facet
from toolkit.index.names import NameLookup, fold, split_authors
from toolkit.index.row_blocks import release_cells, row_blocks
from toolkit.index.row_group_sums import (SPARSE_CELLS, column_sums, dense_sums, pair_cells, sparse_sums,
                                          sums_with_docs)

__all__ = ["GROUPINGS", "PERIODS", "PERIOD_FORMATS", "Grouping", "Groups", "group_labels", "author_groups",
           "pair_sum", "group_sum", "grouped_rows", "GroupSums", "Grouper"]

GROUPINGS = ("publication", "author", "week", "month", "quarter", "year")
PERIODS = ("week", "month", "quarter", "year")
#: past SPARSE_CELLS cells read, :func:`pair_sum` adds into a dense array of at most this many groups × columns
#: (32 MB of int64)
DENSE_SUMS = 4_000_000
#: strftime format of each period's labels (quarters are ``"YYYYQn"``, built apart)
PERIOD_FORMATS = {"week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
Grouping = str | Sequence[str] | None
Remember = Callable[[str, Callable[[], dict[str, np.ndarray]]], dict[str, np.ndarray]]


def pair_sum(X: "sp.spmatrix | DeferredMatrix", rows: np.ndarray, groups: np.ndarray, n_groups: int, *,
             weights: np.ndarray | None = None, binary: bool = False) -> sp.csr_matrix:
    """Groups × columns sums (CSR, int64): the ``i``-th pair adds ``weights[i]`` (1) times row ``rows[i]``
    of ``X`` (with ``binary``, its 0/1 pattern) to group ``groups[i]``. ``rows`` ascending; a row may come
    more than once (an article in several groups).

    >>> pair_sum(sp.csr_matrix([[2, 0], [1, 1]]), np.array([0, 1, 1]), np.array([0, 0, 1]), 2).toarray().tolist()
    [[3, 1], [1, 1]]
    """
    rows = np.asarray(rows, dtype=np.int64)
    w = np.ones(len(rows), dtype=np.int64) if weights is None else np.asarray(weights, dtype=np.int64)
    X = sp.csr_matrix(loaded(X))                        # (a DeferredMatrix is read here)
    if X.dtype.kind in "biu":                           # counts: compiled sums (toolkit.index.row_group_sums)
        groups, cells = np.asarray(groups, dtype=np.int64), pair_cells(X, rows)
        if int(cells.sum()) <= SPARSE_CELLS:
            return sparse_sums(X, rows, groups, n_groups, w, binary, cells)
        if X.shape[1] * n_groups <= DENSE_SUMS:
            return dense_sums(X, rows, groups, n_groups, w, binary, cells)
    repeats = len(rows) > 1 and bool((rows[1:] == rows[:-1]).any())
    distinct, column = np.unique(rows, return_inverse=True) if repeats else (rows, np.arange(len(rows)))
    G = sp.csr_matrix((w, (groups, column)), shape=(n_groups, len(distinct)))
    cells = np.diff(X.indptr)[distinct] if len(distinct) != X.shape[0] else np.diff(X.indptr)
    blocks = row_blocks(np.r_[0, np.cumsum(cells)])        # of the summed rows: a pass over a big matrix
    parts: list[sp.csr_matrix] = []                         # makes no copy of all of it
    by_column = G.tocsc() if len(blocks) > 1 else G
    for b0, b1 in blocks:
        whole = len(blocks) == 1 and len(distinct) == X.shape[0]
        chosen = distinct[b0:b1]
        contiguous = whole or chosen[-1] - chosen[0] == len(chosen) - 1
        sub = X if whole else X[chosen[0]:chosen[-1] + 1] if contiguous else X[chosen]
        if binary:
            sub = sp.csr_matrix((np.ones(sub.nnz, dtype=np.int64), sub.indices, sub.indptr), shape=sub.shape)
        parts.append(sp.csr_matrix((G if len(blocks) == 1 else by_column[:, b0:b1].tocsr()) @ sub, dtype=np.int64))
        while len(parts) > 1 and parts[-1].nnz * 2 >= parts[-2].nnz:   # sums of like sizes: linear-log work
            last = parts.pop()
            parts[-1] = parts[-1] + last
        if contiguous:
            release_cells(X, int(X.indptr[chosen[0]]), int(X.indptr[chosen[-1] + 1]))
    out = parts.pop() if parts else sp.csr_matrix((n_groups, X.shape[1]), dtype=np.int64)
    while parts:
        out = out + parts.pop()
    out.sum_duplicates()
    out.sort_indices()
    return out


def _pairs_of(rows: np.ndarray, item_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(item, pair) for every pair of ``rows`` (ascending; a row may repeat) that is an item's row: each item
    (a cell, a quotation...) once per pair of its row.

    >>> [a.tolist() for a in _pairs_of(np.array([0, 2, 2, 5]), np.array([2, 5, 3]))]
    [[0, 0, 1], [1, 2, 3]]
    """
    lo = np.searchsorted(rows, item_rows, side="left")
    n = np.searchsorted(rows, item_rows, side="right") - lo
    items = np.repeat(np.arange(len(item_rows)), n)
    return items, np.repeat(lo - (np.cumsum(n) - n), n) + np.arange(len(items))


def group_sum(X: sp.spmatrix, codes: np.ndarray, n_groups: int, *, rows: np.ndarray | None = None,
              weights: np.ndarray | None = None, binary: bool = False) -> sp.csr_matrix:
    """:func:`pair_sum` for one group code per row (``codes``): ``rows`` are ascending distinct row
    positions to sum (default: every row with a code >= 0).

    >>> group_sum(sp.csr_matrix([[2, 0], [1, 1]]), np.array([0, 0]), 1, binary=True).toarray().tolist()
    [[2, 1]]
    """
    if rows is None:
        rows = np.flatnonzero(codes >= 0)
    return pair_sum(X, rows, codes[rows], n_groups, weights=weights, binary=binary)


def grouped_rows(codes: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """Boolean per row: selected by ``mask`` (None = every row) and in a group (code >= 0).

    >>> grouped_rows(np.array([0, -1, 1]), np.array([True, True, False])).tolist()
    [True, False, False]
    """
    return codes >= 0 if mask is None else mask & (codes >= 0)


@dataclass(frozen=True)
class Groups:
    """The groups of a grouping over ``n_articles`` articles: ``codes`` per article (-1 = in none) when
    ``rows`` is None, else one entry per membership, ``rows`` (articles, ascending) with ``codes`` (their
    groups); ``labels`` has one row per group.

    >>> g = Groups(np.array([0, 1, 1]), np.array([0, 0, 1]), pd.DataFrame({"author": ["A", "B"]}), 2)
    >>> g.sizes(None).tolist(), g.selected(np.array([False, True]))[1].tolist()
    ([2, 1], [0, 1])
    """

    rows: np.ndarray | None
    codes: np.ndarray
    labels: pd.DataFrame
    n_articles: int

    @property
    def n_groups(self) -> int:
        return len(self.labels)

    def selected(self, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """(articles, groups) of every membership of a selected article (``mask`` None: every article)."""
        if self.rows is None:
            sel = grouped_rows(self.codes, mask)
            return np.flatnonzero(sel), self.codes[sel]
        keep = self.codes >= 0
        if mask is not None:
            keep &= mask[self.rows]
        return self.rows[keep], self.codes[keep]

    def grouped(self, mask: np.ndarray | None) -> np.ndarray:
        """Boolean per article: selected and in at least one group."""
        if self.rows is None:
            return grouped_rows(self.codes, mask)
        out = np.zeros(self.n_articles, dtype=bool)
        out[self.selected(mask)[0]] = True
        return out

    def of_items(self, item_rows: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """(item, group) of every item (a quotation...) of a selected article, once per group of its
        article; ``item_rows``: each item's article."""
        item_rows = np.asarray(item_rows, dtype=np.int64)
        if self.rows is None:
            group = self.codes[item_rows]
            keep = group >= 0 if mask is None else (group >= 0) & mask[item_rows]
            return np.flatnonzero(keep), group[keep]
        arts, groups = self.selected(mask)
        items, pairs = _pairs_of(arts, item_rows)
        return items, groups[pairs]

    def sizes(self, mask: np.ndarray | None) -> np.ndarray:
        """Selected articles per group (int64)."""
        return np.bincount(self.selected(mask)[1], minlength=self.n_groups)[:self.n_groups].astype(np.int64)

    def totals(self, values: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
        """Per group, the sum of ``values`` (one per article) over its selected articles (float64)."""
        rows, groups = self.selected(mask)
        return np.bincount(groups, weights=np.asarray(values)[rows], minlength=self.n_groups)[:self.n_groups]

    def sum(self, X: sp.spmatrix, mask: np.ndarray | None, *, binary: bool = False) -> sp.csr_matrix:
        """Groups × columns sums of ``X``'s rows (one per article) over the selected articles
        (:func:`pair_sum`)."""
        arts, groups = self.selected(mask)
        return pair_sum(X, arts, groups, self.n_groups, binary=binary)


def author_groups(meta: pd.DataFrame, by: Grouping) -> Groups:
    """The memberships of a grouping with ``author`` in it: one per person an article's author field
    names (and, with other keys, per combination; a missing value leaves the article out). People are
    spelled as ``name_counts("author")`` spells them; labels are sorted ascending.

    >>> g = author_groups(pd.DataFrame({"author": ["Ann Lee and Bo Chan", "BO CHAN", None]}), "author")
    >>> g.rows.tolist(), g.codes.tolist(), g.labels["author"].tolist()
    ([0, 0, 1], [0, 1, 1], ['Ann Lee', 'Bo Chan'])
    """
    keys = (by,) if isinstance(by, str) else tuple(by)
    rows, person, names = _people(meta)
    keep = np.ones(len(rows), dtype=bool)
    others = {}
    for key in keys:
        if key != "author":
            codes, labels = group_labels(meta, key)
            others[key] = (codes[rows], labels[key].to_numpy(dtype=object))
            keep &= others[key][0] >= 0
    rows, person = rows[keep], person[keep]
    if keys == ("author",):
        return Groups(rows, person, pd.DataFrame({"author": pd.array(names, dtype="str")}), len(meta))
    frame = pd.DataFrame({key: names[person] if key == "author" else others[key][1][others[key][0][keep]]
                          for key in keys})
    labels = frame.drop_duplicates().sort_values(list(keys)).reset_index(drop=True)
    codes = pd.MultiIndex.from_frame(labels).get_indexer(pd.MultiIndex.from_frame(frame)).astype(np.int64)
    return Groups(rows, codes, labels.astype("str"), len(meta))


def _people(meta: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(article, person) of every person an author field names, and the people's names (codes index
    them, sorted ascending as every grouping's labels): each spelled as
    :func:`~toolkit.index.names.people_counts` spells them over every article (first spelled in the
    fields that have articles)."""
    n = len(meta)
    empty = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=object)
    if "author" not in meta or not n:
        return empty
    values = meta["author"]
    cat = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    fields, field_codes = cat.cat.categories, cat.cat.codes.to_numpy().astype(np.int64)
    present = field_codes >= 0
    used = np.bincount(field_codes[present], minlength=len(fields)) > 0
    shown: dict[str, str] = {}
    people_of = []
    for field, in_use in zip(fields, used):
        people = split_authors(field) if in_use else []
        for person in people:
            shown.setdefault(fold(person), person)
        people_of.append(list(dict.fromkeys(fold(person) for person in people)))
    if not shown:
        return empty
    order = sorted(shown, key=lambda key: (shown[key], key))
    code_of = {key: i for i, key in enumerate(order)}
    ptr = np.zeros(len(fields) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in people_of], out=ptr[1:])
    flat = np.array([code_of[k] for p in people_of for k in p], dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    counts[present] = np.diff(ptr)[field_codes[present]]
    rows = np.repeat(np.arange(n, dtype=np.int64), counts)
    within = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    person = flat[ptr[field_codes[rows]] + within]
    return rows, person, np.array([shown[k] for k in order], dtype=object)


def group_labels(meta: pd.DataFrame, by: Grouping) -> tuple[np.ndarray, pd.DataFrame]:
    """Group code per article (-1 = missing) and the sorted labels of ``by`` over ``meta``'s columns."""
    n = len(meta)
    if by is None:
        return np.zeros(n, dtype=np.int64), pd.DataFrame(index=range(1))
    keys = (by,) if isinstance(by, str) else tuple(by)
    for k in keys:
        if k not in GROUPINGS and not is_facet(meta, k):
            raise ValueError(f"cannot group by {k!r}; choose from {GROUPINGS} or a facet {tuple(facet_columns(meta))}")
    coded = [_coded_values(meta, k) for k in keys]
    if len(keys) == 1:
        codes, uniques = coded[0]
        return codes, pd.DataFrame({keys[0]: pd.array(uniques, dtype="str")})
    # each key's codes follow its sorted labels, so the combined code's order is the labels' in key order
    per_key = np.stack([c for c, _ in coded])
    missing = (per_key < 0).any(axis=0)
    combined = np.ravel_multi_index(per_key[:, ~missing], [max(len(u), 1) for _, u in coded])
    inverse, present = pd.factorize(combined, sort=True)          # (hashing: no sort of every article)
    codes = np.full(n, -1, dtype=np.int64)
    codes[~missing] = inverse
    which = np.unravel_index(present, [max(len(u), 1) for _, u in coded])
    return codes, pd.DataFrame({k: pd.array(u[w], dtype="str") for k, (_, u), w in zip(keys, coded, which)})


def _coded_values(meta: pd.DataFrame, key: str) -> tuple[np.ndarray, np.ndarray]:
    """(code per article, -1 = missing; the sorted distinct labels) of one grouping key, as
    ``pd.factorize(_group_values(meta, key), sort=True)`` gives them, without a Python object per article:
    a categorical's codes, or each distinct day labelled once."""
    def by_objects() -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = pd.factorize(_group_values(meta, key).to_numpy(dtype=object), sort=True)
        return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)

    if key in ("publication", "author") or is_facet(meta, key):
        column = meta[key] if key in meta else None
        if column is None or not isinstance(column.dtype, pd.CategoricalDtype):
            return by_objects()
        raw = column.cat.codes.to_numpy().astype(np.int64)
        labels = np.asarray(column.cat.categories.astype(object), dtype=object)
    else:
        raw, days = _distinct_days(meta)
        labels = _period_labels(days, key)
        raw = np.asarray(raw, dtype=np.int64)
    used = np.bincount(raw[raw >= 0], minlength=len(labels)) > 0
    try:
        uniques, code_of = np.unique(labels[used], return_inverse=True)
    except TypeError:                  # (labels of mixed types: pandas' own order)
        return by_objects()
    table = np.full(len(labels) + 1, -1, dtype=np.int64)          # (the last entry: missing, code -1)
    table[np.flatnonzero(used)] = code_of
    return table[raw], np.asarray(uniques, dtype=object)


def _distinct_days(meta: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """(code of each article's day, -1 = no date; the distinct days): a period's label depends on the day only,
    so each distinct day is labelled once."""
    dates = pd.to_datetime(meta["date"]) if "date" in meta else pd.Series(pd.NaT, index=meta.index)
    codes, distinct = pd.factorize(dates.dt.normalize())
    return codes, pd.Series(distinct)


def _period_labels(days: pd.Series, key: str) -> np.ndarray:
    """The ``key`` period's label of each of ``days`` (object array of str)."""
    if key == "week":       # the Monday that starts the week
        days = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    fmt = PERIOD_FORMATS.get(key)
    return (days.dt.strftime(fmt) if fmt else
            days.dt.year.astype(str) + "Q" + days.dt.quarter.astype(str)).to_numpy(dtype=object)


def _group_values(meta: pd.DataFrame, key: str) -> pd.Series:
    if key in ("publication", "author") or is_facet(meta, key):
        if key not in meta:
            return pd.Series([None] * len(meta), dtype=object)
        return meta[key].astype(object).where(meta[key].notna(), None)
    days, distinct = _distinct_days(meta)
    out = np.append(_period_labels(distinct, key), None)[days]   # (NaT's code -1: the None appended)
    return pd.Series(out, index=meta.index, dtype=object)


@dataclass
class GroupSums:
    """Counts per group (``counts``) and what is needed to count articles per group on demand."""

    counts: sp.csr_matrix
    row_X: sp.csr_matrix | None       # the matrix whose rows were read one by one
    row_codes: np.ndarray             # their groups
    row_weights: np.ndarray           # +1 (added) or -1 (subtracted from a whole cell)
    Wc: sp.csr_matrix | None          # groups × whole cells
    cell_docs: sp.csc_matrix | None   # cells × vocabulary: articles containing each entry
    row_rows: np.ndarray | None = None    # those rows of row_X (ascending; None: all of them, in order)
    row_docs: sp.csr_matrix | None = None     # their document counts per group, if counted with the sums

    def doc_freq(self, cols: np.ndarray) -> np.ndarray:
        """Articles containing each of ``cols``, per group: array ``(n_groups, len(cols))``."""
        n_groups = self.counts.shape[0]
        out = np.zeros((n_groups, len(cols)), dtype=np.int64)
        if self.row_docs is not None:
            out += self.row_docs[:, cols].toarray()
        elif self.row_X is not None:        # the rows' cells read in place (no copy of the rows)
            rows = np.arange(self.row_X.shape[0]) if self.row_rows is None else self.row_rows
            distinct, where = np.unique(np.asarray(cols, dtype=np.int64), return_inverse=True)
            if self.row_X.dtype.kind in "biu" and n_groups * len(distinct) <= DENSE_SUMS:    # a few columns
                out += column_sums(self.row_X, rows, self.row_codes, n_groups, self.row_weights, True,
                                   distinct)[:, where]
            else:
                out += pair_sum(self.row_X, rows, self.row_codes, n_groups, weights=self.row_weights,
                                binary=True)[:, cols].toarray()
        if self.Wc is not None:
            out += (self.Wc @ self.cell_docs[:, cols]).toarray()
        return out


class Grouper:
    """The groupings of one index's articles, cached, with the cell fast path for sums.

    >>> import pandas as pd, scipy.sparse as sp
    >>> g = Grouper(pd.DataFrame({"publication": ["a", "b", "a"]}))
    >>> g.sums("terms", sp.csr_matrix([[1], [2], [3]]), np.array([True, False, True]), "publication").counts.toarray().tolist()
    [[4], [0]]
    """

    def __init__(self, meta: pd.DataFrame, remember: Remember | None = None) -> None:
        self.meta = meta
        #: ``remember(name, compute)``: ``compute()``'s arrays, or the same arrays kept from an earlier session
        #: (:func:`toolkit.index.derived_store.remember`); the cell sums go through it
        self.remember: Remember = remember or (lambda name, compute: compute())
        self.n_rows = len(meta)
        self._groupings: dict[Any, Groups] = {}
        self._categories: dict[str, tuple[np.ndarray, pd.Index]] = {}
        self._lookups: dict[str, NameLookup] = {}
        self.name_counts_cache: dict[str, pd.Series] = {}   # CorpusQueries.name_counts of every article
        self._cells: tuple[np.ndarray, int, np.ndarray] | None = None
        self._cell_groups: dict[Any, np.ndarray | None] = {}
        self._cell_sums: dict[str, tuple[sp.csr_matrix, sp.csc_matrix]] = {}

    def groups(self, by: Grouping) -> Groups:
        """The :class:`Groups` of ``by`` (:func:`author_groups` with ``author``, else :func:`group_labels`),
        computed once."""
        key = by if by is None or isinstance(by, str) else tuple(by)
        if key not in self._groupings:
            if by is not None and "author" in ((by,) if isinstance(by, str) else tuple(by)):
                self._groupings[key] = author_groups(self.meta, by)
            else:
                self._groupings[key] = Groups(None, *group_labels(self.meta, by), self.n_rows)
        return self._groupings[key]

    def grouping(self, by: Grouping) -> tuple[np.ndarray, pd.DataFrame]:
        """Code per article and labels of a grouping in which each article is in at most one group."""
        groups = self.groups(by)
        if groups.rows is not None:
            raise ValueError(f"an article may be in several groups of {by!r} (one per author): use groups()")
        return groups.codes, groups.labels

    def category_codes(self, column: str) -> tuple[np.ndarray, pd.Index]:
        """Category codes (-1 = missing) and categories of a metadata column, computed once."""
        if column not in self._categories:
            if column in self.meta:
                values = self.meta[column]
                if not isinstance(values.dtype, pd.CategoricalDtype):
                    values = values.astype("category")
                self._categories[column] = (values.cat.codes.to_numpy().astype(np.int64),
                                            pd.Index(values.cat.categories))
            else:
                self._categories[column] = (np.full(self.n_rows, -1, dtype=np.int64), pd.Index([]))
        return self._categories[column]

    def name_lookup(self, column: str) -> NameLookup:
        """The folded names (and, for authors, the people) of a metadata column's categories, built once."""
        if column not in self._lookups:
            self._lookups[column] = NameLookup(self.category_codes(column)[1], column)
        return self._lookups[column]

    def sums(self, kind: str, X: "sp.csr_matrix | DeferredMatrix", mask: np.ndarray | None, by: Grouping, *,
             docs: bool = False) -> GroupSums:
        """Counts of matrix ``X`` (the index's ``kind`` matrix) per group of ``by`` over the selected rows (a
        DeferredMatrix is read only when rows are summed one by one or the cells' sums are not kept yet);
        ``docs``: count the articles holding each entry in the same pass (for ``doc_freq``)."""
        groups = self.groups(by)
        n_groups = groups.n_groups
        if groups.rows is not None:          # memberships (authors): every selected membership, no cells
            arts, codes = groups.selected(mask)
            row_X = sp.csr_matrix(X[arts])
            ones = np.ones(len(arts), dtype=np.int64)
            return GroupSums(pair_sum(row_X, np.arange(len(arts)), codes, n_groups), row_X, codes, ones, None, None)
        codes = groups.codes
        cell, n_cells, sizes = self._cell_ids()
        cell_group = self._groups_of_cells(by, codes, cell, n_cells)
        sel = grouped_rows(codes, mask)
        if cell_group is None:
            rows = np.flatnonzero(sel)
            weights = np.ones(len(rows), dtype=np.int64)
            full_cells = np.empty(0, dtype=np.int64)
        else:
            covered = np.bincount(cell[sel], minlength=n_cells)
            majority = (covered * 2 > sizes) & (cell_group >= 0)
            rows_p = np.flatnonzero(sel & ~majority[cell])                   # selected, minority cells
            rows_m = np.flatnonzero(~sel & majority[cell] & (codes >= 0))    # unselected, majority cells
            rows = np.concatenate([rows_p, rows_m])
            weights = np.concatenate([np.ones(len(rows_p), np.int64), -np.ones(len(rows_m), np.int64)])
            order = np.argsort(rows, kind="stable")
            rows, weights = rows[order], weights[order]
            full_cells = np.flatnonzero(majority)
        parts = []          # (each sorted, without duplicates: adding them is a merge)
        row_X = Wc = cell_docs = row_docs = None
        if len(rows):       # summed in place: a copy of the rows cost as much as the sum
            row_X = sp.csr_matrix(loaded(X))
            if docs and row_X.dtype.kind in "biu":      # with the document counts, in the same pass
                counts, row_docs = sums_with_docs(row_X, rows, codes[rows], n_groups, weights, SPARSE_CELLS)
                parts.append(counts)
            else:
                parts.append(pair_sum(row_X, rows, codes[rows], n_groups, weights=weights))
        if len(full_cells):
            cell_counts, cell_docs = self._sums_of_cells(kind, X)
            Wc = sp.csr_matrix((np.ones(len(full_cells), np.int64), (cell_group[full_cells], full_cells)),
                               shape=(n_groups, n_cells))
            parts.append(pair_sum(cell_counts, full_cells, cell_group[full_cells], n_groups))
        out = parts[0] + parts[1] if len(parts) == 2 else parts[0] if parts else \
            sp.csr_matrix((n_groups, X.shape[1]), dtype=np.int64)
        out = sp.csr_matrix(out, dtype=np.int64)
        out.sum_duplicates()
        out.sort_indices()
        return GroupSums(out, row_X, codes[rows], weights, Wc, cell_docs, rows, row_docs)

    def _cell_ids(self) -> tuple[np.ndarray, int, np.ndarray]:
        """Cell id per article (one cell per (publication, month) pair, missing values included),
        the number of cells and their sizes; kept with the cell sums (``remember``), which are in its order."""
        if self._cells is None:
            def compute() -> dict[str, np.ndarray]:
                pub, _ = self.category_codes("publication")
                month, month_labels = self.grouping("month")
                ids, uniques = pd.factorize((pub + 1) * (len(month_labels) + 1) + (month + 1))
                return {"ids": ids.astype(np.int64), "sizes": np.bincount(ids, minlength=len(uniques))}

            found = self.remember("cell-ids", compute)
            if len(found["ids"]) != self.n_rows or int(np.sum(found["sizes"])) != self.n_rows:   # not these rows
                found = compute()
            self._cells = (found["ids"], len(found["sizes"]), found["sizes"])
        return self._cells

    def _groups_of_cells(self, by: Grouping, codes: np.ndarray, cell: np.ndarray, n_cells: int) -> np.ndarray | None:
        """Group of each cell when ``by`` never splits a cell (-1: missing group), else None."""
        key = by if by is None or isinstance(by, str) else tuple(by)
        if key not in self._cell_groups:
            group = np.empty(n_cells, dtype=np.int64)
            group[cell] = codes                 # the code of some article of each cell (every cell has one)
            self._cell_groups[key] = group if np.array_equal(group[cell], codes) else None   # all of its articles'?
        return self._cell_groups[key]

    def _sums_of_cells(self, kind: str, X: "sp.csr_matrix | DeferredMatrix") -> tuple[sp.csr_matrix, sp.csc_matrix]:
        """Per cell: counts (CSR) and number of articles containing each entry (CSC), computed once."""
        if kind not in self._cell_sums:
            cell, n_cells, _ = self._cell_ids()

            def compute() -> dict[str, np.ndarray]:
                matrix = loaded(X)
                return {**sparse_arrays(group_sum(matrix, cell, n_cells), "counts"),
                        **sparse_arrays(group_sum(matrix, cell, n_cells, binary=True).tocsc(), "docs")}

            arrays = self.remember(f"cells-{kind}", compute)
            counts, docs = sparse_from(arrays, "counts"), sparse_from(arrays, "docs")
            if counts.shape != (n_cells, X.shape[1]) or docs.shape != counts.shape:   # not this matrix's: unused
                arrays = compute()
                counts, docs = sparse_from(arrays, "counts"), sparse_from(arrays, "docs")
            self._cell_sums[kind] = (counts, docs)
        return self._cell_sums[kind]
