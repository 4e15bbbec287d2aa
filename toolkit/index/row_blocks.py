"""Passes over a whole matrix a block of rows at a time, so that no copy the size of the matrix is made.

Rules:
- :func:`row_blocks` cuts a CSR matrix's rows into runs of about ``BLOCK_CELLS`` stored cells (a row is
  never split; a row with more cells is a block alone).
- A pass over a matrix mapped from its file (an index's, :func:`toolkit.index.matrix.mapped_npz`) leaves
  each block's pages to the page cache once done (:func:`toolkit._memory.release_pages`): resident memory
  stays a block's, not the file's. A matrix smaller than ``KEEP_MAPPED_BYTES`` (512 MB of counts and columns)
  keeps them: the next pass would fault each page in again.
- :func:`row_totals` (the row sums, int64) is what ``X.sum(axis=1)`` gives, without its int64 copy of every
  count; :func:`toolkit.index.grouping.pair_sum` sums groups of rows block by block the same way.

Example:
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix(np.array([[1, 2], [0, 0], [3, 0]], dtype=np.uint16))
    >>> row_blocks(X.indptr, 2), row_totals(X, 1).tolist()
    ([(0, 2), (2, 3)], [3, 0, 3])
"""
from __future__ import annotations

from typing import Iterator

import numpy as np
import scipy.sparse as sp

from toolkit._memory import release_pages

__all__ = ["BLOCK_CELLS", "KEEP_MAPPED_BYTES", "row_blocks", "cell_blocks", "release_cells", "row_totals"]

#: stored cells per block of rows
BLOCK_CELLS = 4_000_000
#: a mapped matrix smaller than this keeps its pages: handed back, each 4 KB page faults again on the next pass
#: (a table over a third of 143,000 articles paid ~10 ms for it)
KEEP_MAPPED_BYTES = 1 << 29


def row_blocks(indptr: np.ndarray, cells: int = BLOCK_CELLS) -> list[tuple[int, int]]:
    """``(first row, end row)`` of each block of rows holding about ``cells`` stored cells (at least one row
    each; none for a matrix without rows)."""
    n_rows, nnz = len(indptr) - 1, int(indptr[-1]) if len(indptr) else 0
    marks = np.arange(0, nnz, max(1, cells), dtype=np.int64)
    bounds = np.unique(np.r_[0, np.searchsorted(indptr, marks, side="right") - 1, n_rows].clip(0, n_rows))
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))


def cell_blocks(X: sp.csr_matrix, cells: int = BLOCK_CELLS) -> Iterator[tuple[int, int, int, int]]:
    """``(first row, end row, first cell, end cell)`` of each of :func:`row_blocks`; once the caller is done
    with a block, its mapped pages are handed back (:func:`release_cells`)."""
    for r0, r1 in row_blocks(X.indptr, cells):
        lo, hi = int(X.indptr[r0]), int(X.indptr[r1])
        yield r0, r1, lo, hi
        release_cells(X, lo, hi)


def release_cells(X: sp.csr_matrix, lo: int, hi: int) -> None:
    """Hand back the mapped pages of ``X``'s cells ``lo..hi-1`` (counts and columns; nothing for a matrix in
    RAM, or one of less than ``KEEP_MAPPED_BYTES``)."""
    if X.data.nbytes + X.indices.nbytes < KEEP_MAPPED_BYTES:
        return
    release_pages(X.data[lo:hi])
    release_pages(X.indices[lo:hi])


def row_totals(X: sp.csr_matrix, cells: int = BLOCK_CELLS) -> np.ndarray:
    """Sum of each row of ``X`` (int64), a block of rows at a time (see the module rules)."""
    out = np.zeros(X.shape[0], dtype=np.int64)
    for r0, r1, lo, hi in cell_blocks(X, cells):
        running = np.zeros(hi - lo + 1, dtype=np.int64)
        np.cumsum(X.data[lo:hi], dtype=np.int64, out=running[1:])
        ends = X.indptr[r0:r1 + 1].astype(np.int64) - lo
        out[r0:r1] = running[ends[1:]] - running[ends[:-1]]
    return out
