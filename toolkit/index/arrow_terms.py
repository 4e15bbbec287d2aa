"""A vocabulary kept as Arrow strings: what a matrix read from its file holds instead of a Python string per term.

Rules:
- :class:`ArrowTerms` stands for the object array of a matrix's terms (``TermMatrix.vocab``): ``len``,
  ``terms[i]`` (a ``str``), ``terms[cols]`` / ``terms[mask]`` / ``terms[a:b]`` (an object array of those
  terms only), ``tolist()``, iteration, and ``np.asarray(terms)`` (the whole object array, made on demand).
- Only the terms asked for become Python strings: 3.8M terms as an object array took ~300 MB and ~0.3 s at
  every reopen, though a table reads a few hundred of them.
- Immutable, as the file it was read from.

Example:
    >>> import pyarrow as pa
    >>> terms = ArrowTerms(pa.array(["wall", "border", "#maga"]))
    >>> len(terms), terms[1], terms[np.array([2, 0])].tolist(), terms[np.array([True, False, True])].tolist()
    (3, 'border', ['#maga', 'wall'], ['wall', '#maga'])
    >>> terms[-2:].tolist(), np.asarray(terms).dtype
    (['border', '#maga'], dtype('O'))
"""
from __future__ import annotations

from typing import Any, Iterator

import numpy as np
import pyarrow as pa

__all__ = ["ArrowTerms"]


class ArrowTerms:
    """The terms of an Arrow string array, indexed like an object array (see the module rules)."""

    dtype = np.dtype(object)

    def __init__(self, arrow: pa.Array) -> None:
        self.arrow = arrow

    def __len__(self) -> int:
        return len(self.arrow)

    @property
    def shape(self) -> tuple[int]:
        return (len(self.arrow),)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, (int, np.integer)):
            return self.arrow[int(key)].as_py()
        if isinstance(key, slice):
            return _objects(self.arrow[key].to_pylist())
        positions = np.asarray(key)
        if positions.dtype == bool:
            positions = np.flatnonzero(positions)
        return _objects(self.arrow.take(pa.array(positions, type=pa.int64())).to_pylist())

    def tolist(self) -> list[str]:
        return self.arrow.to_pylist()

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        out = _objects(self.tolist())
        return out if dtype is None else out.astype(dtype)

    def __repr__(self) -> str:
        return f"ArrowTerms({len(self):,} terms)"


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
