"""Results a session derives from an index's matrices (sums per publication-month cell, page-furniture
counts, words per article), kept in its cache entry so that a later session maps them instead of
computing them again over the whole matrix.

Rules:
- Only a cache entry holds them (``CorpusIndex.from_files``, ``build(cache_dir=...)``), as it holds the
  speakers (:mod:`toolkit.index.speaker_store`): a folder written by ``CorpusIndex.save`` is the user's
  and is never written to after.
- Two files per result beside the entry's own: ``derived-<name>.npz`` (uncompressed NumPy arrays) and
  ``derived-<name>.json`` (the index key, the file's size and checksum). Each is written under a hidden name
  and renamed into place, the JSON last (:mod:`toolkit.index.atomic_files`). The entry's manifest does not
  list them, so the index reads as before; replacing a damaged entry removes them with it.
- Read only when the JSON names this index's key (which holds the code fingerprint: changed counting
  rules give another key) and the file's bytes have its size and checksum; the file checked is the file
  mapped (:func:`~toolkit.index.integrity.mapped_verified`), so only the pages in use take memory.
  Anything else (missing, damaged, another key, unreadable) is computed again and written anew, with an
  :class:`~toolkit.index.store.IndexCacheWarning` when files were there.
- Never fatal: an entry that cannot be written keeps the result in memory, with an ``IndexCacheWarning``.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> remember(folder, "abc", "twice", lambda: {"x": np.arange(3) * 2})["x"].tolist()
    [0, 2, 4]
    >>> remember(folder, "abc", "twice", lambda: {"x": np.zeros(3)})["x"].tolist()     # read, not computed
    [0, 2, 4]
"""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Callable

import numpy as np
import scipy.sparse as sp

from toolkit.index.atomic_files import write_then_rename
from toolkit.index.integrity import CHECKSUM, file_checksum, mapped_verified
from toolkit.index.store import IndexCacheWarning

__all__ = ["remember", "load_derived", "save_derived", "sealed_specs", "write_sealed", "sparse_arrays", "sparse_from"]

Arrays = dict[str, np.ndarray]
_NAME = re.compile(r"[A-Za-z0-9_.+-]+")


def remember(folder: Path | None, key: str | None, name: str, compute: Callable[[], Arrays]) -> Arrays:
    """The arrays of result ``name`` kept in cache entry ``folder`` for index ``key``, or ``compute()``'s,
    then kept there and mapped back from there, so that the session holds no second copy (nothing is kept
    when ``folder`` or ``key`` is None)."""
    if folder is None or key is None:
        return compute()
    found = load_derived(folder, key, name)
    if found is None:
        found = compute()
        if save_derived(folder, key, name, found):     # the kept file's pages stand in for the arrays made
            found = load_derived(folder, key, name) or found
    return found


def load_derived(folder: Path, key: str, name: str) -> Arrays | None:
    """Result ``name`` kept in cache entry ``folder`` for index ``key`` (memory-mapped), or None (see the
    module rules)."""
    data_name, seal_name = _files(name)
    if not ((folder / seal_name).exists() or (folder / data_name).exists()):
        return None
    try:
        return mapped_verified(folder, data_name, sealed_specs(folder, data_name, seal_name, key))
    except Exception as exc:     # never fatal: computed again and rewritten
        warnings.warn(f"the {name} kept in {folder} cannot be used ({type(exc).__name__}: {exc}); computing "
                      f"it again", IndexCacheWarning, stacklevel=3)
        return None


def save_derived(folder: Path, key: str, name: str, arrays: Arrays) -> bool:
    """Keep ``arrays`` as result ``name`` in cache entry ``folder`` for index ``key``; False (and a
    warning) when it cannot."""
    data_name, seal_name = _files(name)
    try:
        def write_npz(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                np.savez(fh, **arrays)

        write_sealed(folder, data_name, seal_name, key, write_npz)
        return True
    except OSError as exc:
        warnings.warn(f"cannot keep the {name} in the index cache entry {folder} ({type(exc).__name__}: {exc}); "
                      f"it stays in memory only", IndexCacheWarning, stacklevel=3)
        return False


def sealed_specs(folder: Path, data_name: str, seal_name: str, key: str) -> dict[str, tuple[int, str]]:
    """``{data_name: (size, checksum)}`` as the JSON seal ``folder / seal_name`` records them, for the
    readers of :mod:`toolkit.index.integrity`; ``ValueError`` when the seal names another index than ``key``
    (OS and JSON errors as raised)."""
    seal = json.loads((folder / seal_name).read_text(encoding="utf-8"))
    if seal.get("key") != key:
        raise ValueError(f"{seal_name} belongs to index {seal.get('key')!r}, not {key!r}")
    return {data_name: (int(seal["size"]), str(seal[CHECKSUM]))}


def write_sealed(folder: Path, data_name: str, seal_name: str, key: str, write: Callable[[Path], object]) -> None:
    """``write(tmp)`` the file ``folder / data_name``, then its seal ``folder / seal_name`` (index ``key``, the
    file's size and checksum), each written under a hidden name and renamed into place, the seal last."""
    write_then_rename(folder / data_name, write)
    checked = file_checksum(folder / data_name)
    seal = json.dumps({"key": key, "size": checked["size"], CHECKSUM: checked[CHECKSUM]}).encode()
    write_then_rename(folder / seal_name, lambda tmp: tmp.write_bytes(seal))


def sparse_arrays(matrix: sp.spmatrix, prefix: str) -> Arrays:
    """A CSR or CSC matrix as arrays named ``<prefix>_data`` ... (what :func:`sparse_from` reads).

    >>> m = sp.csr_matrix([[0, 2]]); sparse_from(sparse_arrays(m, "m"), "m").toarray().tolist()
    [[0, 2]]
    """
    return {f"{prefix}_data": matrix.data, f"{prefix}_indices": matrix.indices, f"{prefix}_indptr": matrix.indptr,
            f"{prefix}_shape": np.array(matrix.shape, dtype=np.int64),
            f"{prefix}_csc": np.array(isinstance(matrix, (sp.csc_matrix, sp.csc_array)))}


def sparse_from(arrays: Arrays, prefix: str) -> sp.csr_matrix | sp.csc_matrix:
    """The matrix :func:`sparse_arrays` wrote (its arrays used as they are: mapped stays mapped)."""
    kind = sp.csc_matrix if bool(arrays[f"{prefix}_csc"]) else sp.csr_matrix
    return kind((arrays[f"{prefix}_data"], arrays[f"{prefix}_indices"], arrays[f"{prefix}_indptr"]),
                shape=tuple(int(n) for n in arrays[f"{prefix}_shape"]), copy=False)


def _files(name: str) -> tuple[str, str]:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a name for a kept result: {name!r}")
    return f"derived-{name}.npz", f"derived-{name}.json"
