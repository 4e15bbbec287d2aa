"""What the index counts, and the sparse matrix it counts it in.

Rules:
- Term tokens are :func:`toolkit.text.tokenize` with ``TERM_OPTIONS`` (lowercase, punctuation
  dropped), with ``collapse_repeats=True`` in the articles the build's ``collapse_repeats`` setting
  names (:mod:`toolkit.index.repeats`: PTB-style ones by default); entity columns are the case-folded
  ``Entity.key`` of hashtags, handles and cashtags.
- Every token is *kept* in the matrix, stopwords included (so per-10,000 rates divide by every word
  token and a stopword can still be searched); what tables show is :mod:`toolkit.index.vocabulary`.
- A :class:`TermMatrix` is documents × vocabulary counts (CSR; ``uint16`` when every cell fits, else
  ``int32``) plus one posting list per column: the rows holding it, ascending, stored as varint
  deltas (a frequent term costs one byte per article instead of four). They are made by the compiled
  ``posting_runs`` (one pass over the cells per pass, a block of rows at a time) where the scanner is built,
  else by NumPy (:func:`py_posting_sizes`, :func:`py_posting_bytes`: the definition, tested equal).
- Matrices are built from per-chunk pieces (:func:`count_piece`) merged in row order by
  :class:`MatrixBuilder`, so chunks may be counted in any process.

Example:
    >>> m = TermMatrix.from_token_lists([["a", "b", "a"], ["b"]])
    >>> m.vocab.tolist(), m.postings(m.column("b")).tolist(), m.doc_counts.tolist()
    (['a', 'b'], [0, 1], [1, 2])
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import scipy.sparse as sp

from toolkit._memory import give_back_memory
from toolkit.index.arrow_terms import ArrowTerms
from toolkit.index.row_blocks import row_blocks
from toolkit.text import tokenize
from toolkit.text._native import compiled

__all__ = ["TERM_OPTIONS", "ENTITY_KINDS", "KINDS", "term_tokens", "narrow_counts",
           "TermMatrix", "MatrixBuilder", "count_piece", "term_piece"]

#: options passed to :func:`toolkit.text.tokenize` for the document × term matrix
TERM_OPTIONS: dict[str, Any] = {"lowercase": True, "drop_punct": True}
#: entity matrices: kind -> name of the extractor in :mod:`toolkit.text`
ENTITY_KINDS: tuple[str, ...] = ("hashtags", "handles", "cashtags")
KINDS: tuple[str, ...] = ("terms",) + ENTITY_KINDS
#: :meth:`MatrixBuilder.finish` gives the pieces' memory back after copying this many cells
GIVE_BACK_CELLS = 50_000_000


def term_tokens(texts: "str | pd.Series") -> "list[str] | pd.Series":
    """The tokens the index counts: :func:`toolkit.text.tokenize` with ``TERM_OPTIONS``.

    >>> term_tokens("The U.S. won, again!")[:1]
    ['the']
    """
    return tokenize(texts, **TERM_OPTIONS)


# ---------------------------------------------------------------------------------------------------
# posting lists: varint-compressed row deltas
# ---------------------------------------------------------------------------------------------------

def varint_encode(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-negative ints → (bytes, bytes per value): 7 bits a byte, high bit set on all but the last.

    >>> [b.tolist() for b in varint_encode(np.array([1, 300]))]
    [[1, 172, 2], [1, 2]]
    """
    values = np.asarray(values, dtype=np.int64)
    n_bytes = np.ones(len(values), dtype=np.uint8)
    for shift in (7, 14, 21, 28, 35, 42, 49, 56):
        big = values >= (1 << shift)
        if not big.any():
            break
        n_bytes += big
    if len(values) == 0 or n_bytes.max() == 1:
        return values.astype(np.uint8), n_bytes
    starts = np.cumsum(n_bytes, dtype=np.int64)
    out = np.empty(int(starts[-1]), dtype=np.uint8)
    starts -= n_bytes
    for k in range(int(n_bytes.max())):
        sel = np.flatnonzero(n_bytes > k)
        more = (n_bytes[sel] > k + 1).astype(np.uint8) << 7
        out[starts[sel] + k] = ((values[sel] >> (7 * k)) & 0x7F).astype(np.uint8) | more
    return out, n_bytes


def varint_decode(buf: np.ndarray) -> np.ndarray:
    """Inverse of :func:`varint_encode` (the values, int64).

    >>> varint_decode(varint_encode(np.array([1, 300]))[0]).tolist()
    [1, 300]
    """
    if len(buf) == 0:
        return np.empty(0, dtype=np.int64)
    last = buf < 0x80
    if last.all():
        return buf.astype(np.int64)
    ends = np.flatnonzero(last)
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    position = np.arange(len(buf)) - np.repeat(starts, ends - starts + 1)
    return np.add.reduceat((buf & 0x7F).astype(np.int64) << (7 * position), starts)


def postings_of(X: sp.csr_matrix, block_nnz: int = 2_000_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Posting lists of every column of ``X``: (byte offsets, varint bytes, lengths).

    Each list holds the column's rows ascending as varint deltas. Rows are transposed in blocks of about
    ``block_nnz`` cells, twice (the bytes of each list, then the bytes themselves, written in place), so the
    time is linear in the cells and the transient memory stays a block's.

    >>> X = sp.csr_matrix(np.array([[1, 0], [0, 2], [3, 4]]))
    >>> ptr, data, lengths = postings_of(X, block_nnz=1)
    >>> ptr.tolist(), data.tolist(), lengths.tolist()
    ([0, 2, 4], [0, 2, 1, 1], [2, 2])
    """
    return postings_from(X.indptr, X.indices, X.shape[1], block_nnz)


def postings_from(indptr: np.ndarray, indices: Any, n_cols: int, block_nnz: int = 2_000_000,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`postings_of` a CSR matrix's ``indptr`` and ``indices``; ``indices`` is anything sliced
    ``[lo:hi]`` into an array (a block at a time: the indices may wait in a file)."""
    ptr, doc_counts = posting_sizes(indptr, indices, n_cols, block_nnz)
    return ptr, posting_bytes(indptr, indices, ptr, 0, n_cols, block_nnz), doc_counts


#: the compiled twin of the two passes below (one block of rows at a time), or None
_posting_runs = compiled("posting_runs")


def posting_sizes(indptr: np.ndarray, indices: Any, n_cols: int, block_nnz: int = 2_000_000,
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(byte offset of each column's posting list, int64 with the end last; rows holding each column, int32):
    the first pass of :func:`postings_from`; compiled where the scanner is built, else
    :func:`py_posting_sizes`."""
    if _posting_runs is None:
        return py_posting_sizes(indptr, indices, n_cols, block_nnz)
    ptr = np.zeros(n_cols + 1, dtype=np.int64)
    doc_counts = np.zeros(n_cols, dtype=np.int32)
    last = np.zeros(n_cols, dtype=np.int64)
    for r0, r1 in row_blocks(indptr, block_nnz):
        lo, hi = int(indptr[r0]), int(indptr[r1])
        _posting_runs(indptr[r0:r1 + 1], np.ascontiguousarray(indices[lo:hi]), r0, 0, n_cols, last, ptr[1:],
                      doc_counts, None)
    np.cumsum(ptr, out=ptr)
    return ptr, doc_counts


def py_posting_sizes(indptr: np.ndarray, indices: Any, n_cols: int, block_nnz: int = 2_000_000,
                     ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`posting_sizes` in NumPy (blocks of rows transposed): the definition the compiled one follows."""
    ptr = np.zeros(n_cols + 1, dtype=np.int64)
    doc_counts = np.zeros(n_cols, dtype=np.int32)
    last = np.zeros(n_cols, dtype=np.int64)     # each list's last row so far (a list starts from row 0)
    for r0, block in _column_blocks(indptr, indices, n_cols, 0, n_cols, block_nnz):
        present, firsts, encoded, run_bytes = _encoded_runs(block, r0, last)
        doc_counts[present] += np.diff(block.indptr)[present].astype(np.int32)
        ptr[1:][present] += run_bytes
    np.cumsum(ptr, out=ptr)
    return ptr, doc_counts


def posting_bytes(indptr: np.ndarray, indices: Any, ptr: np.ndarray, first: int, end: int,
                  block_nnz: int = 2_000_000) -> np.ndarray:
    """The posting lists of columns ``first..end-1``, one after the other (``ptr[first]:ptr[end]`` of the
    whole): the second pass of :func:`postings_from`, for a range of columns (what is in memory at once);
    compiled where the scanner is built, else :func:`py_posting_bytes`."""
    if _posting_runs is None:
        return py_posting_bytes(indptr, indices, ptr, first, end, block_nnz)
    data = np.empty(int(ptr[end] - ptr[first]), dtype=np.uint8)
    cursor = (ptr[first:end] - ptr[first]).astype(np.int64)
    last = np.zeros(end - first, dtype=np.int64)
    for r0, r1 in row_blocks(indptr, block_nnz):
        lo, hi = int(indptr[r0]), int(indptr[r1])
        _posting_runs(indptr[r0:r1 + 1], np.ascontiguousarray(indices[lo:hi]), r0, first, end, last, cursor, None,
                      data)
    return data


def py_posting_bytes(indptr: np.ndarray, indices: Any, ptr: np.ndarray, first: int, end: int,
                     block_nnz: int = 2_000_000) -> np.ndarray:
    """:func:`posting_bytes` in NumPy (blocks of rows transposed): the definition the compiled one follows."""
    data = np.empty(int(ptr[end] - ptr[first]), dtype=np.uint8)
    cursor = ptr[first:end] - ptr[first]
    last = np.zeros(end - first, dtype=np.int64)
    for r0, block in _column_blocks(indptr, indices, len(ptr) - 1, first, end, block_nnz):
        present, firsts, encoded, run_bytes = _encoded_runs(block, r0, last)
        if len(present):
            run_starts = np.cumsum(run_bytes) - run_bytes
            data[np.repeat(cursor[present] - run_starts, run_bytes) + np.arange(len(encoded))] = encoded
            cursor[present] += run_bytes
    return data


def _column_blocks(indptr: np.ndarray, indices: Any, n_cols: int, first: int, end: int,
                   block_nnz: int) -> Iterator[tuple[int, sp.csc_matrix]]:
    """(first row, the block's 0/1 pattern as CSC, columns ``first..end-1`` only) of each block of rows."""
    for r0, r1 in row_blocks(indptr, block_nnz):
        lo, hi = int(indptr[r0]), int(indptr[r1])
        block = sp.csr_matrix((np.ones(hi - lo, dtype=np.int8), indices[lo:hi], indptr[r0:r1 + 1] - lo),
                              shape=(r1 - r0, n_cols))
        yield r0, (block if first == 0 and end == n_cols else block[:, first:end]).tocsc()


def _encoded_runs(block: sp.csc_matrix, r0: int, last: np.ndarray,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(columns present, where each one's run starts, its varint row deltas, bytes per run) of a block whose
    first row is ``r0``; ``last`` (each column's last row so far) is moved on."""
    sizes = np.diff(block.indptr)
    present = np.flatnonzero(sizes)
    if not len(present):
        return present, present, np.zeros(0, np.uint8), np.zeros(0, np.int64)
    rows = block.indices.astype(np.int64) + r0
    deltas = rows.copy()
    deltas[1:] -= rows[:-1]
    firsts = block.indptr[:-1][present]
    deltas[firsts] = rows[firsts] - last[present]
    last[present] = rows[block.indptr[1:][present] - 1]
    encoded, n_bytes = varint_encode(deltas)
    return present, firsts, encoded, np.add.reduceat(n_bytes.astype(np.int64), firsts)


# ---------------------------------------------------------------------------------------------------
# the matrix
# ---------------------------------------------------------------------------------------------------

@dataclass
class TermMatrix:
    """Documents × vocabulary counts (CSR) plus posting lists and term order (see the module doc).

    >>> m = TermMatrix.from_token_lists([["x", "y"], ["y", "y"]])
    >>> m.rows_with_any(np.array([m.column("x")]), 2).tolist()
    [True, False]
    """

    vocab: "np.ndarray | ArrowTerms"    # object array of str, column order (read from a file: ArrowTerms)
    X: sp.csr_matrix             # counts (uint16 or int32)
    post_ptr: np.ndarray         # int64 byte offset of each column's posting list in post_bytes
    post_bytes: np.ndarray       # uint8 varint row deltas, column after column
    doc_counts: np.ndarray       # int32 rows containing each column (posting list lengths)

    def __post_init__(self) -> None:
        self._rank: np.ndarray | None = None
        self._vocab_arrow: pa.Array | None = None
        self.npz_file: Path | None = None     # the .npz the arrays are mapped from, as written (linked when saved)

    @classmethod
    def from_token_lists(cls, docs: Iterable[list[str]]) -> "TermMatrix":
        """A matrix over lists of tokens (one list per document)."""
        return MatrixBuilder().add_piece(*count_piece(list(docs))).finish()

    @classmethod
    def from_csr(cls, vocab: "list[str] | np.ndarray", X: sp.csr_matrix) -> "TermMatrix":
        """A matrix of counts ``X`` (sorted indices, one column per ``vocab`` entry), with its posting lists.

        >>> TermMatrix.from_csr(["a", "b"], sp.csr_matrix([[0, 2], [1, 1]])).doc_counts.tolist()
        [1, 2]
        """
        post_ptr, post_bytes, doc_counts = postings_of(X)
        terms = np.empty(len(vocab), dtype=object)
        terms[:] = list(vocab)
        return cls(terms, X, post_ptr, post_bytes, doc_counts)

    @property
    def rank(self) -> np.ndarray:
        """Alphabetical (code point) rank of each column, for ``term asc`` tie-breaks."""
        if self._rank is None:
            rank = np.empty(len(self.vocab), dtype=np.int64)      # (UTF-8 byte order is code point order)
            rank[pc.sort_indices(self.vocab_arrow).to_numpy()] = np.arange(len(self.vocab))
            self._rank = rank
        return self._rank

    def ranked_with(self, remember: Any) -> "TermMatrix":
        """This matrix, its :attr:`rank` from ``remember("rank", compute)`` (``compute()``'s arrays, or those
        an earlier session kept: :func:`toolkit.index.derived_store.remember`) unless already known."""
        if self._rank is None:
            rank = remember("rank", lambda: {"rank": self.rank})["rank"]
            self._rank = rank if len(rank) == len(self.vocab) else None
        return self

    @property
    def vocab_arrow(self) -> pa.Array:
        """The vocabulary as an Arrow string array (for substring searches over terms)."""
        if self._vocab_arrow is None:
            self._vocab_arrow = pa.array(self.vocab.tolist(), type=pa.string())
        return self._vocab_arrow

    def column(self, term: str) -> int:
        """Column of ``term``, -1 when absent: one scan of :attr:`vocab_arrow` in C (~15 ms for 3.8M terms)."""
        return int(pc.index(self.vocab_arrow, term).as_py())

    def columns(self, terms: Iterable[str]) -> np.ndarray:
        """Column of each of ``terms`` (int64, -1 when absent): up to ``FEW_TERMS`` by :meth:`column`, more by
        one scan of the vocabulary for all of them (``pyarrow.compute.is_in``: ~70 ms for 5,000 terms among
        3.8M, where a dictionary of the vocabulary took 2.5 s and 400 MB to build).

        >>> TermMatrix.from_token_lists([["x", "y"]]).columns(["y", "z"]).tolist()
        [1, -1]
        """
        terms = list(terms)
        if len(terms) <= FEW_TERMS:
            return np.array([self.column(t) for t in terms], dtype=np.int64)
        wanted = pa.array(list(dict.fromkeys(terms)), type=pa.string())
        found = np.flatnonzero(pc.is_in(self.vocab_arrow, value_set=wanted).to_numpy(zero_copy_only=False))
        where = dict(zip(self.vocab_arrow.take(pa.array(found, pa.int64())).to_pylist(), found.tolist()))
        return np.array([where.get(t, -1) for t in terms], dtype=np.int64)

    def postings(self, col: int) -> np.ndarray:
        """Rows (articles) containing column ``col``, ascending (int64)."""
        if col < 0:
            return np.empty(0, dtype=np.int64)
        deltas = varint_decode(self.post_bytes[self.post_ptr[col]:self.post_ptr[col + 1]])
        return np.cumsum(deltas, out=deltas)

    def rows_with_any(self, cols: np.ndarray, n_rows: int) -> np.ndarray:
        """Boolean mask of the rows containing at least one of ``cols`` (all lists decoded at once)."""
        hit = np.zeros(n_rows, dtype=bool)
        cols = np.asarray(cols, dtype=np.int64)
        cols = cols[self.doc_counts[cols] > 0]
        if len(cols) == 0:
            return hit
        starts, ends = self.post_ptr[cols], self.post_ptr[cols + 1]
        lengths = ends - starts
        first = np.cumsum(lengths) - lengths
        where = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - first, lengths)
        rows = np.cumsum(varint_decode(self.post_bytes[where]))
        counts = self.doc_counts[cols].astype(np.int64)
        ends_at = np.cumsum(counts)
        before = np.concatenate([[0], rows[ends_at[:-1] - 1]]) if len(rows) else np.zeros(0, dtype=np.int64)
        rows -= np.repeat(before, counts)             # each list restarts from row 0
        hit[rows] = True
        return hit

    def column_cells(self, cols: np.ndarray) -> sp.csr_matrix:
        """``X[:, cols]`` (articles × ``len(cols)``) from the columns' posting lists: each listed article's
        count is found by a binary search of its row (sorted indices), all rows at once, instead of a pass
        over every cell of the matrix (the whole indices file, when it is mapped).

        >>> m = TermMatrix.from_token_lists([["a", "b", "b"], ["b"], ["c"]])
        >>> m.column_cells(np.array([1, 0])).toarray().tolist()
        [[2, 1], [1, 0], [0, 0]]
        """
        X, cols = self.X, np.asarray(cols, dtype=np.int64)
        if len(cols) == 0:
            return sp.csr_matrix((X.shape[0], 0), dtype=X.dtype)
        rows = [self.postings(int(col)) for col in cols]
        values = [X.data[_position_in_rows(X.indptr, X.indices, r, col)] for r, col in zip(rows, cols)]
        which = np.repeat(np.arange(len(cols)), [len(r) for r in rows])
        return sp.csr_matrix((np.concatenate(values), (np.concatenate(rows), which)),
                             shape=(X.shape[0], len(cols)), dtype=X.dtype)

    # -- storage ----------------------------------------------------------------------------------
    def save(self, folder: Path, kind: str) -> None:
        """Write ``<kind>.npz`` (counts and postings) and ``<kind>_vocab.parquet`` into ``folder``."""
        np.savez(folder / f"{kind}.npz", data=self.X.data, indices=self.X.indices, indptr=self.X.indptr,
                 shape=np.array(self.X.shape), post_ptr=self.post_ptr, post_bytes=self.post_bytes,
                 doc_counts=self.doc_counts)
        write_vocab(folder / f"{kind}_vocab.parquet", self.vocab.tolist())

    @classmethod
    def load(cls, folder: Path, kind: str) -> "TermMatrix":
        """Reopen what :meth:`save` wrote."""
        return cls.read(folder / f"{kind}.npz", folder / f"{kind}_vocab.parquet")

    @classmethod
    def read(cls, npz: "Path | BinaryIO | dict", vocab: "Path | BinaryIO", *, mapped: bool = False) -> "TermMatrix":
        """A matrix from its two files (paths or binary file objects, e.g. verified bytes in ``BytesIO``);
        ``mapped``: the arrays are memory-mapped from the ``npz`` file (copy on write; or already are:
        :func:`mapped_npz`'s dict), not read."""
        if mapped:
            z = npz if isinstance(npz, dict) else mapped_npz(npz)
            X = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]), copy=False)
            post_ptr, post_bytes, doc_counts = z["post_ptr"], z["post_bytes"], z["doc_counts"]
        else:
            with np.load(npz) as z:
                X = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]))
                post_ptr, post_bytes, doc_counts = z["post_ptr"], z["post_bytes"], z["doc_counts"]
        column = pq.read_table(vocab, columns=["term"]).column("term").combine_chunks().cast(pa.string())
        matrix = cls(ArrowTerms(column), X, post_ptr, post_bytes, doc_counts)
        matrix._vocab_arrow = column          # (read as Arrow: kept, not converted to Python strings)
        return matrix


def _position_in_rows(indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray, col: int) -> np.ndarray:
    """Where column ``col`` stands in each of ``rows`` of a CSR matrix with sorted indices (each row holds it):
    one vectorised binary search, ~log2(longest row) gathers of ``len(rows)`` indices."""
    lo, hi = indptr[rows].astype(np.int64), indptr[rows + 1].astype(np.int64)
    open_ = lo < hi
    while open_.any():
        mid = (lo + hi) // 2
        below = np.zeros(len(lo), dtype=bool)
        below[open_] = indices[mid[open_]] < col
        lo = np.where(open_ & below, mid + 1, lo)
        hi = np.where(open_ & ~below, mid, hi)
        open_ = lo < hi
    return lo


def write_vocab(path: Path, terms: list[str]) -> None:
    """A matrix's vocabulary file: one ``term`` column, in column order (what :meth:`TermMatrix.read` reads)."""
    pd.DataFrame({"term": pd.array(terms, dtype="str")}).to_parquet(path)


#: up to this many terms are looked up one scan of the vocabulary each; more, in one scan for all of them
FEW_TERMS = 32
#: the header of a ``.npy`` array of plain numbers, as ``np.save`` writes it
_NPY_HEADER = re.compile(r"\{'descr': '([<>|=][a-z]\d+)', 'fortran_order': (True|False), "
                         r"'shape': \(((?:\d+, )*\d+,?|)\), \} *\n")


def _npy_header(fh: BinaryIO, what: str) -> tuple[tuple[int, ...], bool, np.dtype]:
    """(shape, Fortran order, dtype) of the ``.npy`` array ``fh`` is at, read past its header. Parsed
    here rather than by ``np.lib.format``, whose ``ast.literal_eval`` is not safe in threads on CPython
    3.11 (``SystemError: AST constructor recursion depth mismatch``: matrices are mapped in threads);
    ``ValueError`` naming ``what`` for anything but a version 1 or 2 header of a plain numeric array."""
    magic = fh.read(8)
    if magic[:6] != b"\x93NUMPY" or magic[6:] not in (b"\x01\x00", b"\x02\x00"):
        raise ValueError(f"{what} is not a .npy array of version 1 or 2")
    size_bytes = 2 if magic[6] == 1 else 4
    header = fh.read(int.from_bytes(fh.read(size_bytes), "little")).decode("latin1")
    found = _NPY_HEADER.fullmatch(header)
    if found is None:
        raise ValueError(f"{what} is not an array of plain numbers (header {header.strip()[:80]!r})")
    dtype = np.dtype(found[1])
    if dtype.kind not in "biuf":
        raise ValueError(f"{what} holds {dtype}: only integers, floats and booleans are read")
    shape = tuple(int(n) for n in found[3].replace(" ", "").split(",") if n)
    return shape, found[2] == "True", dtype


def mapped_npz(source: "Path | BinaryIO") -> dict[str, np.ndarray]:
    """The arrays of an uncompressed ``.npz`` (``np.savez``), memory-mapped copy-on-write where they lie in
    the file (an empty one is a new array). ``ValueError`` when a member is compressed or not an array.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.npz"; np.savez(path, x=np.arange(3), e=np.empty(0))
    >>> {k: v.tolist() for k, v in mapped_npz(path).items()}
    {'x': [0, 1, 2], 'e': []}
    """
    if isinstance(source, (str, Path)):
        with open(source, "rb") as fh:
            return mapped_npz(fh)
    fh, out = source, {}
    path = Path(getattr(fh, "name", "npz"))
    with zipfile.ZipFile(fh) as archive:
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                raise ValueError(f"{path.name}: member {info.filename} is not a stored .npy array")
            fh.seek(info.header_offset)
            local = fh.read(30)
            if local[:4] != b"PK\x03\x04":
                raise ValueError(f"{path.name}: member {info.filename} has no local header")
            fh.seek(info.header_offset + 30 + int.from_bytes(local[26:28], "little")
                    + int.from_bytes(local[28:30], "little"))
            shape, fortran, dtype = _npy_header(fh, f"{path.name}: member {info.filename}")
            name = info.filename[:-4]
            if int(np.prod(shape)) == 0:
                out[name] = np.empty(shape, dtype=dtype)
            else:
                out[name] = np.memmap(fh, dtype=dtype, mode="c", offset=fh.tell(), shape=shape,
                                      order="F" if fortran else "C")
    return out


def narrow_counts(counts: np.ndarray) -> np.ndarray:
    """``counts`` as ``uint16`` when every one fits (halves what workers send and what the index keeps)."""
    return counts.astype(np.uint16) if len(counts) and counts.max() <= np.iinfo(np.uint16).max else counts


def term_piece(counted: tuple) -> tuple[list[str], sp.csr_matrix]:
    """:func:`toolkit.text._native.term_counts` output → (local vocabulary, CSR counts), as :func:`count_piece`.

    >>> from toolkit.text._native import term_counts
    >>> vocab, piece = term_piece(term_counts(["A b a", ""]))
    >>> vocab, piece.toarray().tolist()
    (['a', 'b'], [[2, 1], [0, 0]])
    """
    vocab, indptr, indices, counts = counted[:4]
    indptr = np.frombuffer(indptr, dtype=np.int64)
    counts = narrow_counts(np.frombuffer(counts, dtype=np.int32))
    piece = sp.csr_matrix((counts, np.frombuffer(indices, dtype=np.int32), indptr),
                          shape=(len(indptr) - 1, max(len(vocab), 1)))
    return list(vocab), piece


def count_piece(docs: list[list[str]]) -> tuple[list[str], sp.csr_matrix]:
    """Token lists → (local vocabulary, documents × local vocabulary CSR counts).

    >>> vocab, piece = count_piece([["a", "b", "a"]])
    >>> vocab, piece.toarray().tolist()
    (['a', 'b'], [[2, 1]])
    """
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    flat = np.fromiter((t for d in docs for t in d), dtype=object, count=int(lengths.sum()))
    if len(flat):
        codes, uniques = pd.factorize(flat)
        codes, vocab = codes.astype(np.int64), list(uniques)
    else:
        codes, vocab = np.empty(0, dtype=np.int64), []
    rows = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    piece = sp.csr_matrix((np.ones(len(codes), dtype=np.int32), (rows, codes.astype(np.int32))),
                          shape=(len(lengths), max(len(vocab), 1)))
    piece.sum_duplicates()
    piece.data = narrow_counts(piece.data)
    return vocab, piece


def global_columns(lookup: dict[str, int], vocab: list[str]) -> np.ndarray:
    """The column of each of ``vocab`` in ``lookup`` (int32), new terms added at the end in their order.

    >>> lookup = {"a": 0}; global_columns(lookup, ["b", "a"]).tolist(), lookup
    ([1, 0], {'a': 0, 'b': 1})
    """
    # known terms through map() (no Python frame per term), then the new ones in their order
    columns = np.fromiter(map(lookup.get, vocab, repeat(-1)), dtype=np.int32, count=len(vocab))
    for i in np.flatnonzero(columns < 0).tolist():
        columns[i] = lookup.setdefault(vocab[i], len(lookup))
    return columns


class MatrixBuilder:
    """Accumulates chunk pieces (local vocabulary + CSR) into one vocabulary and CSR matrix.

    >>> b = MatrixBuilder().add_piece(*count_piece([["a"]])).add_piece(*count_piece([["b", "a"]]))
    >>> m = b.finish(); m.vocab.tolist(), m.X.toarray().tolist()
    (['a', 'b'], [[1, 0], [1, 1]])
    """

    def __init__(self) -> None:
        self.lookup: dict[str, int] = {}
        self.pieces: list[sp.csr_matrix] = []
        self.last_columns = np.empty(0, dtype=np.int32)   # the global column of each local one of the last piece

    def add_piece(self, vocab: list[str], piece: sp.csr_matrix) -> "MatrixBuilder":
        """Append the rows of ``piece``, mapping its local vocabulary onto the global one; each row's cells
        are sorted by column here (while the workers count the next chunks), not in :meth:`finish`."""
        to_global = global_columns(self.lookup, vocab)
        self.last_columns = to_global
        indices = to_global[piece.indices] if len(vocab) else piece.indices
        rows = sp.csr_matrix((piece.data.copy(), indices, piece.indptr),
                             shape=(piece.shape[0], max(len(self.lookup), 1)))
        if rows.nnz:                      # (sorted in place: the counts are a copy, the caller's piece stays as it was)
            rows.has_sorted_indices = False
            rows.sort_indices()
        self.pieces.append(rows)
        return self

    def finish(self) -> TermMatrix:
        """The whole matrix; pieces are copied into place and released one by one, their memory given back
        every ``GIVE_BACK_CELLS`` cells (peak ≈ 1 matrix)."""
        n_cols = len(self.lookup)
        n_rows = sum(p.shape[0] for p in self.pieces)
        nnz = sum(p.nnz for p in self.pieces)
        index_dtype = np.int32 if nnz < np.iinfo(np.int32).max else np.int64
        small = all(p.data.dtype == np.uint16 for p in self.pieces if p.nnz)
        data = np.empty(nnz, dtype=np.uint16 if small else np.int32)
        indices = np.empty(nnz, dtype=np.int32)
        indptr = np.zeros(n_rows + 1, dtype=index_dtype)
        row = pos = given_back = 0
        self.pieces.reverse()
        while self.pieces:
            piece = self.pieces.pop()
            data[pos:pos + piece.nnz] = piece.data
            indices[pos:pos + piece.nnz] = piece.indices
            indptr[row + 1:row + 1 + piece.shape[0]] = piece.indptr[1:] + pos
            row += piece.shape[0]
            pos += piece.nnz
            del piece
            if pos - given_back > GIVE_BACK_CELLS:      # the pieces copied so far leave the heap
                give_back_memory(collect=False)
                given_back = pos
        X = sp.csr_matrix((data, indices, indptr), shape=(n_rows, n_cols), copy=False)
        X.has_sorted_indices = True      # (every piece's rows were sorted as it came)
        return TermMatrix.from_csr(list(self.lookup), X)
