"""A matrix kept in a cache entry, read (and its file verified) only when its cells are first used.

Rules:
- :class:`DeferredMatrix` knows its shape without reading anything. Every other attribute and every index
  (``m[rows]``, ``m.sum(axis=0)``, ``m.indptr``) reads the matrix once, through ``load``, and hands the
  question to it; :func:`loaded` gives the matrix itself where a function needs a real one.
- Reading is done once, under a lock (two threads asking at once read it once). A copy or a pickle holds
  the matrix itself (read for it), so an index pickles whether or not its tables read it.
- Why: a table whose (publication, month) cells are whole sums the page furniture from the sums kept per
  cell (:class:`~toolkit.index.grouping.Grouper`), so the per-article furniture matrices (240 MB at 4.6M
  articles, verified whole before they are mapped) need not be read for it.

Example:
    >>> import scipy.sparse as sp
    >>> reads = []
    >>> m = DeferredMatrix((2, 3), lambda: reads.append(1) or sp.csr_matrix([[1, 0, 0], [0, 2, 0]]))
    >>> m.shape, reads
    ((2, 3), [])
    >>> int(m[1].sum()), int(m.sum()), reads
    (2, 3, [1])
"""
from __future__ import annotations

import threading
from typing import Any, Callable

import scipy.sparse as sp

__all__ = ["DeferredMatrix", "loaded"]


class DeferredMatrix:
    """A sparse matrix of a known ``shape`` that ``load()`` reads on first use (see the module rules)."""

    def __init__(self, shape: tuple[int, int], load: Callable[[], sp.csr_matrix]) -> None:
        self.shape = (int(shape[0]), int(shape[1]))
        self._load = load
        self._matrix: sp.csr_matrix | None = None
        self._lock = threading.Lock()

    def loaded(self) -> sp.csr_matrix:
        """The matrix, read on the first call."""
        if self._matrix is None:
            with self._lock:
                if self._matrix is None:
                    matrix = self._load()
                    if matrix.shape != self.shape:
                        raise ValueError(f"a deferred matrix read {matrix.shape}, it was to be {self.shape}")
                    self._matrix = matrix
        return self._matrix

    def __reduce__(self) -> tuple:       # a pickle or a copy holds the matrix, not the function reading it
        return _itself, (self.loaded(),)

    def __getitem__(self, key: Any) -> Any:
        return self.loaded()[key]

    def __getattr__(self, name: str) -> Any:        # (only for what this class does not define itself)
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.loaded(), name)

    def __repr__(self) -> str:
        return f"DeferredMatrix({self.shape}, {'read' if self._matrix is not None else 'not read yet'})"


def _itself(matrix: sp.csr_matrix) -> sp.csr_matrix:
    return matrix


def loaded(X: "sp.spmatrix | DeferredMatrix") -> sp.spmatrix:
    """``X`` itself, or the matrix a :class:`DeferredMatrix` stands for."""
    return X.loaded() if isinstance(X, DeferredMatrix) else X
