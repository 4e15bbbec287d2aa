"""Rows of a CSR matrix of counts added up per group in compiled code: how :func:`toolkit.index.grouping.pair_sum`
sums integer counts without multiplying matrices.

Rules:
- A *pair* ``(row, group, weight)`` adds ``weight`` times each stored cell of ``row`` (1 per cell with
  ``binary``) to the group's sum of that cell's column. Sums are int64; a column whose sum is 0 is not stored.
- :func:`sparse_sums` reads the pairs group by group: a group's cells are added into one width-long int64 array
  and marked in a bitmap, then its nonzero sums are read back in column order and the array is cleared. With
  ``docs`` the same pass also counts the articles holding each column (a table's ``doc_freq``): the rows' cells,
  read from memory at random, are most of the cost, so a second pass for them cost as much as the first. Work
  follows the cells read (plus a bitmap word per 64 columns per group), memory one row of sums whatever the
  number of groups: 27 publications × 3.8M terms of the 9 GB index's 270 (publication, month) cells in ~40 ms,
  where the groups × cells product took over 1 s. The pairs' rows are read in group order, so a mapped
  matrix's pages stay mapped until the call ends: ``pair_sum`` uses it for at most ``SPARSE_CELLS`` cells.
- :func:`dense_sums` adds into a dense groups × columns array, a block of pairs at a time in row order, and
  hands a mapped matrix's pages back after each block: for a big selection summed into a few groups.
  :func:`column_sums` does the same for some columns only (the articles holding a table's terms: a column map
  sends every other cell nowhere, so a pass over many rows writes a few sums).
- The compiled kernels (``group_sums_sparse``, ``group_cell_sums`` in ``toolkit.text._native._scan``) have
  NumPy definitions here (:func:`py_group_sums_sparse`, :func:`py_group_cell_sums`), used without the
  compiled scanner; ``tests/index/test_group_sums.py`` compares both with the groups × rows product on real
  matrices.

Example:
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix(np.array([[2, 0, 1], [0, 3, 0]], dtype=np.uint16))
    >>> sparse_sums(X, np.array([0, 1, 1]), np.array([0, 0, 1]), 2, np.ones(3, np.int64), False).toarray().tolist()
    [[2, 3, 1], [0, 3, 0]]
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from toolkit.index.row_blocks import release_cells, row_blocks
from toolkit.text._native import compiled

__all__ = ["SPARSE_CELLS", "pair_cells", "sparse_sums", "sums_with_docs", "dense_sums", "column_sums",
           "py_group_sums_sparse", "py_group_cell_sums"]

#: pair_sum reads at most this many cells group by group (a mapped matrix's pages stay mapped meanwhile)
SPARSE_CELLS = 32_000_000


def pair_cells(X: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """The stored cells of each of ``rows`` of ``X`` (int64)."""
    return X.indptr[rows + 1].astype(np.int64) - X.indptr[rows]


def sparse_sums(X: sp.csr_matrix, rows: np.ndarray, groups: np.ndarray, n_groups: int, weights: np.ndarray,
                binary: bool, cells: "np.ndarray | None" = None, *, docs: bool = False
                ) -> "sp.csr_matrix | tuple[sp.csr_matrix, sp.csr_matrix]":
    """Groups × columns sums (CSR, int64, sorted columns, no zeros) of the pairs ``(rows[i], groups[i],
    weights[i])`` of ``X``, read group by group (see the module rules); ``cells``: :func:`pair_cells`, if known.
    With ``docs``, (the sums, the document counts: each pair's weight once per stored cell), from one pass."""
    width = X.shape[1]
    cells = pair_cells(X, rows) if cells is None else cells
    if len(cells) and not cells.all():                      # rows without cells add nothing (most articles have
        held = cells > 0                                     # no page furniture): not read at all
        rows, groups, weights, cells = rows[held], groups[held], weights[held], cells[held]
    cap = min(int(cells.sum()), n_groups * width)           # (np.empty: pages past the sums written stay unused)
    small = np.int16 if n_groups < 1 << 15 else np.int64        # (a 16-bit stable argsort is a radix sort)
    order = np.argsort(groups.astype(small, copy=False), kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(groups, minlength=n_groups))].astype(np.int64)
    outs = [(np.zeros(n_groups + 1, dtype=np.int64), np.empty(cap, dtype=np.int32), np.empty(cap, dtype=np.int64))
            for _ in range(2 if docs else 1)]
    if width:
        extra = (np.zeros(width, dtype=np.int64), *outs[1]) if docs else ()
        _group_sums_sparse(X.indptr, X.indices, X.data, rows, groups, weights, order, starts, width, binary,
                           np.zeros(width, dtype=np.int64), np.zeros((width + 63) // 64, dtype=np.uint64), *outs[0],
                           *extra)
    found = [sp.csr_matrix((data[:indptr[-1]].copy(), indices[:indptr[-1]].copy(), indptr), shape=(n_groups, width))
             for indptr, indices, data in outs]
    return (found[0], found[1]) if docs else found[0]


def sums_with_docs(X: sp.csr_matrix, rows: np.ndarray, groups: np.ndarray, n_groups: int, weights: np.ndarray,
                   block_cells: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(sums, document counts) of the pairs (``rows`` ascending) as :func:`sparse_sums` gives them with ``docs``,
    ``block_cells`` cells of rows at a time, each block's mapped pages handed back after it.

    >>> X = sp.csr_matrix(np.array([[2, 0], [1, 3]], dtype=np.uint16))
    >>> found = sums_with_docs(X, np.array([0, 1]), np.array([0, 0]), 1, np.ones(2, np.int64), 1)
    >>> [m.toarray().tolist() for m in found]
    [[[3, 3]], [[2, 1]]]
    """
    cells = pair_cells(X, rows)
    counts = docs = None
    for b0, b1 in row_blocks(np.r_[0, np.cumsum(cells)], block_cells):
        part, part_docs = sparse_sums(X, rows[b0:b1], groups[b0:b1], n_groups, weights[b0:b1], False, cells[b0:b1],
                                      docs=True)
        release_cells(X, int(X.indptr[rows[b0]]), int(X.indptr[rows[b1 - 1] + 1]))
        counts = part if counts is None else counts + part
        docs = part_docs if docs is None else docs + part_docs
    return counts, docs


def dense_sums(X: sp.csr_matrix, rows: np.ndarray, groups: np.ndarray, n_groups: int, weights: np.ndarray,
               binary: bool, cells: "np.ndarray | None" = None) -> sp.csr_matrix:
    """The same sums through a dense groups × columns array, a block of pairs (``rows`` ascending) at a time."""
    width = X.shape[1]
    out = np.zeros(n_groups * width, dtype=np.int64)
    if len(rows) and width:
        cells = pair_cells(X, rows) if cells is None else cells
        for b0, b1 in row_blocks(np.r_[0, np.cumsum(cells)]):
            _group_cell_sums(X.indptr, X.indices, X.data, rows[b0:b1], groups[b0:b1], weights[b0:b1], width, binary,
                             out)
            release_cells(X, int(X.indptr[rows[b0]]), int(X.indptr[rows[b1 - 1] + 1]))
    return sp.csr_matrix(out.reshape(n_groups, width))


def column_sums(X: sp.csr_matrix, rows: np.ndarray, groups: np.ndarray, n_groups: int, weights: np.ndarray,
                binary: bool, cols: np.ndarray) -> np.ndarray:
    """Groups × ``cols`` sums (dense int64, ``cols`` distinct) of the pairs ``(rows[i]`` ascending``, groups[i],
    weights[i])`` of ``X``: the other columns' cells are read but not added, a block of pairs at a time, so a
    mapped matrix's pages are handed back after each block.

    >>> X = sp.csr_matrix(np.array([[2, 0, 1], [0, 3, 4]], dtype=np.uint16))
    >>> column_sums(X, np.array([0, 1]), np.array([0, 0]), 1, np.ones(2, np.int64), True, np.array([2, 1])).tolist()
    [[2, 1]]
    """
    out = np.zeros(n_groups * len(cols), dtype=np.int64)
    if len(rows) and len(cols):
        slot = np.full(X.shape[1], -1, dtype=np.int32)
        slot[cols] = np.arange(len(cols), dtype=np.int32)
        wanted = np.packbits(slot >= 0, bitorder="little")
        wanted = np.pad(wanted, (0, -len(wanted) % 8)).view(np.uint64)
        for b0, b1 in row_blocks(np.r_[0, np.cumsum(pair_cells(X, rows))]):
            _group_cell_sums(X.indptr, X.indices, X.data, rows[b0:b1], groups[b0:b1], weights[b0:b1], len(cols),
                             binary, out, slot, wanted)
            release_cells(X, int(X.indptr[rows[b0]]), int(X.indptr[rows[b1 - 1] + 1]))
    return out.reshape(n_groups, len(cols))


def _pair_cells(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, rows: np.ndarray, weights: np.ndarray,
                binary: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pair, column, weight × value) of every stored cell of every pair's row."""
    lo = np.asarray(indptr[rows], dtype=np.int64)
    n = np.asarray(indptr[rows + 1], dtype=np.int64) - lo
    pair = np.repeat(np.arange(len(rows)), n)
    cell = np.repeat(lo - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))
    values = weights[pair] if binary else weights[pair] * np.asarray(data[cell], dtype=np.int64)
    return pair, np.asarray(indices[cell], dtype=np.int64), values


def py_group_cell_sums(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, rows: np.ndarray,
                       groups: np.ndarray, weights: np.ndarray, width: int, binary: bool, out: np.ndarray,
                       slot: "np.ndarray | None" = None, wanted: "np.ndarray | None" = None) -> None:
    """Add each pair's cells to ``out[groups[i] * width + column]`` (with ``slot``, one entry per column of the
    matrix: to ``out[groups[i] * width + slot[column]]``, or nowhere when that is negative; ``wanted``, the
    bitmap of the columns with a slot, changes nothing here): the definition the compiled ``group_cell_sums``
    follows.

    >>> out = np.zeros(4, dtype=np.int64)
    >>> py_group_cell_sums(np.array([0, 2, 3]), np.array([0, 1, 1]), np.array([5, 6, 7]), np.array([1, 0, 1]),
    ...                    np.array([0, 1, 1]), np.array([1, 1, 2]), 2, False, out)
    >>> out.tolist()
    [0, 7, 5, 20]
    """
    pair, column, values = _pair_cells(indptr, indices, data, rows, weights, binary)
    if slot is not None:
        column = np.asarray(slot, dtype=np.int64)[column]
        kept = column >= 0
        pair, column, values = pair[kept], column[kept], values[kept]
    flat = np.bincount(groups[pair] * width + column, weights=values, minlength=len(out))
    out += np.rint(flat).astype(np.int64)


def py_group_sums_sparse(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, rows: np.ndarray,
                         groups: np.ndarray, weights: np.ndarray, order: np.ndarray, group_starts: np.ndarray,
                         width: int, binary: bool, acc: np.ndarray, bits: np.ndarray, out_indptr: np.ndarray,
                         out_indices: np.ndarray, out_data: np.ndarray, docs_acc: "np.ndarray | None" = None,
                         docs_indptr: "np.ndarray | None" = None, docs_indices: "np.ndarray | None" = None,
                         docs_data: "np.ndarray | None" = None) -> int:
    """Each group's nonzero sums, columns ascending, into ``out_*`` (CSR); the cells written: the definition the
    compiled ``group_sums_sparse`` follows (``order``, ``group_starts``, ``acc``, ``bits``, ``docs_acc``: its work
    arrays). With ``docs_*``, the document counts (each pair's weight once per stored cell) into them the same way."""
    n_groups = len(group_starts) - 1
    for binary_pass, (o_ptr, o_idx, o_data) in [(binary, (out_indptr, out_indices, out_data)),
                                                 (True, (docs_indptr, docs_indices, docs_data))]:
        if o_ptr is None:
            continue
        pair, column, values = _pair_cells(indptr, indices, data, rows, weights, binary_pass)
        sums = sp.coo_matrix((values, (groups[pair], column)), shape=(n_groups, width)).tocsr()   # (adds duplicates)
        sums.eliminate_zeros()
        sums.sort_indices()
        o_ptr[:] = sums.indptr
        o_idx[:sums.nnz] = sums.indices
        o_data[:sums.nnz] = sums.data
    return int(out_indptr[-1])


_group_cell_sums = compiled("group_cell_sums") or py_group_cell_sums
_group_sums_sparse = compiled("group_sums_sparse") or py_group_sums_sparse
