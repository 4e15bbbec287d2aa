"""Building an out-of-core index's matrices, pair signatures and furniture candidates on disk, so that no whole
matrix is in RAM.

Rules:
- :class:`DiskMatrixBuilder` takes the same pieces as :class:`toolkit.index.matrix.MatrixBuilder`, in row
  order, and gives the same :class:`~toolkit.index.matrix.TermMatrix` (vocabulary in first-seen order,
  indices sorted in each row, ``uint16`` counts when every piece's fit, else ``int32``;
  ``tests/index/test_spilled_parts.py``). Each piece's cells and row offsets go to spill files as they
  come; only the vocabulary stays in memory.
- :meth:`DiskMatrixBuilder.finish` writes ``<kind>.npz`` and ``<kind>_vocab.parquet`` into its folder, as
  :meth:`TermMatrix.save` would (``np.savez``'s members, read back by ``np.load`` or mapped), streaming the
  spilled cells through; the posting lists are made from the indices read a block at a time, at most
  ``POSTING_BYTES`` of them at once (:func:`toolkit.index.matrix.posting_bytes` of a range of columns).
  The matrix returned is mapped from that file, and :attr:`TermMatrix.npz_file` names it, so that saving
  the index links the file instead of writing it again.
- :class:`DiskPairs` does the same for the word-pair signatures (``pairs.npz``), and :class:`SpilledCandidates`
  keeps the furniture candidates in ``CANDIDATE_BUCKETS`` files by key hash: the furniture is decided a
  bucket at a time (:func:`toolkit.index.boilerplate.find_furniture`), the same as over all of them.
- Spill files are the folder's own (hidden names, removed by :meth:`finish`); the folder is the build's
  scratch folder (:func:`toolkit.index.store.scratch_folder`), removed with it.

Example:
    >>> import tempfile
    >>> from toolkit.index.matrix import count_piece
    >>> b = DiskMatrixBuilder(Path(tempfile.mkdtemp()), "terms")
    >>> m = b.add_piece(*count_piece([["a", "b"]])).add_piece(*count_piece([["b"]])).finish()
    >>> m.vocab.tolist(), m.X.toarray().tolist(), m.npz_file.name
    (['a', 'b'], [[1, 1], [0, 1]], 'terms.npz')
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO, Iterator

import numpy as np
import scipy.sparse as sp

from toolkit.index.boilerplate import MIN_WORDS, Candidates
from toolkit.index.matrix import (TermMatrix, global_columns, mapped_npz, posting_bytes, posting_sizes,
                                  write_vocab)
from toolkit.index.pair_filter import PairSignatures

__all__ = ["DiskMatrixBuilder", "DiskPairs", "SpilledCandidates", "write_npz", "COPY_BYTES", "CANDIDATE_BUCKETS"]

#: spilled arrays are copied into the ``.npz`` this many bytes at a time
COPY_BYTES = 32 << 20
#: posting lists are made and written this many bytes of them at a time (a pass over the indices each)
POSTING_BYTES = 256 << 20
#: furniture candidates are spread over this many files (a bucket is decided in memory)
CANDIDATE_BUCKETS = 16
_CANDIDATE = np.dtype([("rows", np.int64), ("starts", np.int64), ("ends", np.int64), ("hashes", np.uint64),
                       ("position", np.int64)])
_U16_MAX = int(np.iinfo(np.uint16).max)


class _Spilled:
    """An array of ``dtype`` appended to a file piece by piece, read back in slices (``[lo:hi]``) or streamed."""

    def __init__(self, path: Path, dtype: "np.dtype | type") -> None:
        self.path, self.dtype, self.size = path, np.dtype(dtype), 0
        self._fh: BinaryIO | None = open(path, "wb")

    def append(self, values: np.ndarray) -> None:
        assert self._fh is not None
        self._fh.write(np.ascontiguousarray(values, dtype=self.dtype).tobytes())
        self.size += len(values)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, where: slice) -> np.ndarray:
        lo, hi, _ = where.indices(self.size)
        self.close()
        with open(self.path, "rb") as fh:
            fh.seek(lo * self.dtype.itemsize)
            return np.fromfile(fh, dtype=self.dtype, count=max(hi - lo, 0))

    def blocks(self, items: int) -> Iterator[np.ndarray]:
        """The array from the start, ``items`` values at a time."""
        for lo in range(0, self.size, items):
            yield self[lo:lo + items]

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def write_npz(path: Path, members: "dict[str, np.ndarray | tuple[np.dtype, int, Iterator[np.ndarray]]]") -> None:
    """An uncompressed ``.npz`` as ``np.savez`` writes it: each member an array, or ``(dtype, length, blocks)``
    for a one-dimensional array written block by block as it is read (never whole in memory).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.npz"
    >>> write_npz(p, {"a": np.arange(3), "b": (np.dtype("u2"), 4, iter([np.arange(2), np.arange(2)]))})
    >>> {k: v.tolist() for k, v in np.load(p).items()}
    {'a': [0, 1, 2], 'b': [0, 1, 0, 1]}
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, member in members.items():
            if isinstance(member, np.ndarray):
                dtype, length, blocks = member.dtype, member.shape, iter([member])
            else:
                dtype, length, blocks = np.dtype(member[0]), (int(member[1]),), member[2]
            with archive.open(f"{name}.npy", "w", force_zip64=True) as out:
                header = {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False,
                          "shape": tuple(length)}
                np.lib.format.write_array_header_1_0(out, header)
                written = 0
                for block in blocks:
                    block = np.ascontiguousarray(block, dtype=dtype)
                    out.write(memoryview(block).cast("B"))
                    written += block.size
                if written != int(np.prod(length)):
                    raise ValueError(f"{path.name}: member {name} got {written} values, not {int(np.prod(length))}")


class DiskMatrixBuilder:
    """A :class:`~toolkit.index.matrix.MatrixBuilder` whose cells wait on disk (see the module rules)."""

    def __init__(self, folder: Path, kind: str) -> None:
        self.folder, self.kind = Path(folder), kind
        self.lookup: dict[str, int] = {}
        self.last_columns = np.empty(0, dtype=np.int32)
        self._data = _Spilled(self.folder / f".{kind}.data.spill", np.uint16)
        self._indices = _Spilled(self.folder / f".{kind}.indices.spill", np.int32)
        self._row_ends = _Spilled(self.folder / f".{kind}.indptr.spill", np.int64)   # indptr[1:] of the whole
        self._wide: list[tuple[np.ndarray, np.ndarray]] = []   # (cell, count) of counts above uint16
        self._small = True

    def add_piece(self, vocab: list[str], piece: sp.csr_matrix) -> "DiskMatrixBuilder":
        """Append the rows of ``piece``, mapping its local vocabulary onto the global one."""
        to_global = global_columns(self.lookup, vocab)
        self.last_columns = to_global
        rows = sp.csr_matrix((piece.data.copy(), to_global[piece.indices] if len(vocab) else piece.indices.copy(),
                              piece.indptr), shape=(piece.shape[0], max(len(self.lookup), 1)))   # (sorted in place)
        rows.has_sorted_indices = False
        rows.sort_indices()
        start = self._data.size
        if rows.nnz and rows.data.dtype != np.uint16:
            self._small = False
            wide = np.flatnonzero(rows.data > _U16_MAX)
            self._wide.append((wide + start, rows.data[wide].astype(np.int32)))
        self._data.append(rows.data.astype(np.uint16))          # (counts above uint16: patched from _wide)
        self._indices.append(rows.indices)
        self._row_ends.append(rows.indptr[1:].astype(np.int64) + start)
        return self

    def finish(self) -> TermMatrix:
        """Write the matrix's two files, remove the spill files and map the matrix (see the module rules)."""
        try:
            nnz, n_cols = self._data.size, len(self.lookup)
            vocab = self.folder / f"{self.kind}_vocab.parquet"
            write_vocab(vocab, list(self.lookup))
            self.lookup = {}                     # (its strings go before the posting lists are made)
            indptr = np.r_[0, self._row_ends[0:len(self._row_ends)]]
            indptr = indptr.astype(np.int32 if nnz < np.iinfo(np.int32).max else np.int64)
            ptr, doc_counts = posting_sizes(indptr, self._indices, n_cols)
            cuts = np.unique(np.r_[0, np.searchsorted(ptr, np.arange(0, ptr[-1], POSTING_BYTES), side="right") - 1,
                                   n_cols].clip(0, n_cols))
            lists = (posting_bytes(indptr, self._indices, ptr, c0, c1) for c0, c1 in zip(cuts[:-1], cuts[1:]))
            npz = self.folder / f"{self.kind}.npz"
            data_dtype = np.dtype(np.uint16 if self._small else np.int32)
            write_npz(npz, {"data": (data_dtype, nnz, self._data_blocks()),
                            "indices": (np.int32, nnz, self._indices.blocks(COPY_BYTES // 4)),
                            "indptr": indptr, "shape": np.array([len(indptr) - 1, n_cols]),
                            "post_ptr": ptr, "post_bytes": (np.uint8, int(ptr[-1]), lists),
                            "doc_counts": doc_counts})
            del ptr, doc_counts, indptr
        finally:
            for spilled in (self._data, self._indices, self._row_ends):
                spilled.remove()
        matrix = TermMatrix.read(npz, vocab, mapped=True)
        matrix.npz_file = npz
        return matrix

    def _data_blocks(self) -> Iterator[np.ndarray]:
        """The counts from the start, the ones above uint16 put back (as int32 when any is)."""
        wide_cells = np.concatenate([c for c, _ in self._wide]) if self._wide else np.zeros(0, np.int64)
        wide_counts = np.concatenate([v for _, v in self._wide]) if self._wide else np.zeros(0, np.int32)
        start = 0
        for block in self._data.blocks(COPY_BYTES // 2):
            if not self._small:
                block = block.astype(np.int32)
                lo, hi = np.searchsorted(wide_cells, [start, start + len(block)])
                block[wide_cells[lo:hi] - start] = wide_counts[lo:hi]
            start += len(block)
            yield block


class SpilledCandidates:
    """The chunks' furniture candidates (:class:`toolkit.index.boilerplate.Candidates`, in row order) spread
    over ``CANDIDATE_BUCKETS`` files by key hash, so that the furniture is decided one bucket at a time
    (:meth:`buckets`, what :func:`toolkit.index.boilerplate.find_furniture` reads); each keeps its
    position in the whole."""

    def __init__(self, folder: Path, min_words: int = MIN_WORDS) -> None:
        self.min_words, self._count = min_words, 0
        self._files = [_Spilled(Path(folder) / f".candidates-{b}.spill", _CANDIDATE)
                       for b in range(CANDIDATE_BUCKETS)]

    def add(self, part: Candidates) -> None:
        """Append one chunk's candidates."""
        if part.min_words != self.min_words:
            raise ValueError(f"candidates were found with min_words={part.min_words}, not {self.min_words}")
        records = np.empty(len(part.rows), dtype=_CANDIDATE)
        for name in ("rows", "starts", "ends", "hashes"):
            records[name] = getattr(part, name)
        records["position"] = np.arange(self._count, self._count + len(records))
        self._count += len(records)
        bucket = (part.hashes % CANDIDATE_BUCKETS).astype(np.int64)
        order = np.argsort(bucket, kind="stable")
        bounds = np.searchsorted(bucket[order], np.arange(CANDIDATE_BUCKETS + 1))
        for b, spilled in enumerate(self._files):
            spilled.append(records[order[bounds[b]:bounds[b + 1]]])

    def __len__(self) -> int:
        return self._count

    def finish(self) -> "SpilledCandidates":
        """Itself: its buckets are read when the furniture is decided (a build in memory joins its
        candidates here)."""
        return self

    def buckets(self) -> Iterator[tuple[Candidates, np.ndarray]]:
        """Each bucket's candidates (in row order) and their positions in the whole, one bucket in memory."""
        for spilled in self._files:
            records = spilled[0:len(spilled)]
            yield (Candidates(records["rows"], records["starts"], records["ends"], records["hashes"],
                              self.min_words), records["position"])

    def remove(self) -> None:
        """Remove the spill files."""
        for spilled in self._files:
            spilled.remove()


class DiskPairs:
    """The chunks' word-pair signatures (``pair_signatures`` results, in row order) gathered on disk into
    ``pairs.npz``; :meth:`finish` gives the :class:`PairSignatures` mapped from it."""

    def __init__(self, folder: Path, name: str = "pairs.npz") -> None:
        self.path = Path(folder) / name
        self._words = _Spilled(Path(folder) / f".{name}.words.spill", np.uint64)
        self._sizes: list[np.ndarray] = []

    def add(self, part: tuple[bytes, bytes]) -> None:
        """Append one chunk's signatures."""
        sizes, words = part
        self._sizes.append(np.frombuffer(sizes, dtype=np.int64))
        self._words.append(np.frombuffer(words, dtype=np.uint64))

    def finish(self) -> PairSignatures:
        """Write ``pairs.npz``, remove the spill file and map the signatures from it."""
        try:
            sizes = np.concatenate(self._sizes) if self._sizes else np.zeros(0, np.int64)
            self._sizes.clear()
            write_npz(self.path, {"sizes": sizes, "words": (np.uint64, self._words.size,
                                                            self._words.blocks(COPY_BYTES // 8))})
        finally:
            self._words.remove()
        arrays = mapped_npz(self.path)
        pairs = PairSignatures(arrays["sizes"], arrays["words"])
        pairs.npz_file = self.path
        return pairs
