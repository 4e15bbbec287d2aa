"""An index's article texts: held in memory, or in a compressed, seekable store read on demand.

Rules:
- An index's texts are an :class:`ArticleText`: row ``i`` is article ``i``'s text (``None`` when missing).
  :class:`MemoryText` holds an Arrow string column (the build's own, or a store read whole);
  :class:`StoredText` holds none of the text and reads, on each call, the blocks that call needs
  (its own buffers per call, nothing kept between calls).
- The store is written with the index (:func:`write_store`) as two files. ``text.blocks`` holds blocks of
  consecutive articles one after another, each compressed with zstd (level 1: real news 2.3x smaller,
  AllSides) and holding, before compression, an Arrow ``large_string`` column's three buffers: the
  articles' ``n + 1`` offsets (int64, the first 0), their validity bitmap (``ceil(n / 8)`` bytes, bit
  ``i`` of byte ``i // 8`` set for a text that is there) and their UTF-8 bytes. Read back, the column is
  made on those buffers, without a copy or a parse.
  ``text_blocks.arrow`` has a row per block: its first article, byte offset, compressed size, size before
  compression, text bytes and the checksum of its compressed bytes. A block closes once it holds
  ``BLOCK_BYTES`` of text (so an article longer than that closes the block it joins); a store written from
  a StoredText keeps its blocks.
- Checks: the block table is checked by the index's manifest like every file (:mod:`toolkit.index.store`);
  ``text.blocks``' size is checked when the store is opened, and each block's checksum before it is
  decompressed. A damaged block raises :class:`~toolkit.index.integrity.IndexReadError` naming the folder,
  the file, the block and its articles when it is read; unverified bytes never reach the decompressor. A
  cache entry read on demand is removed when one of its blocks is found damaged (``on_damage``), so the
  next ``from_files`` rebuilds it.
- :func:`open_store` reads the whole store into a MemoryText (``text="memory"``: filters read RAM) or opens
  a StoredText (``"disk"``: what a corpus bigger than RAM needs); ``"auto"`` keeps up to ``MEMORY_LIMIT``
  bytes of text in memory.
- A StoredText keeps its file open and reads with ``os.pread`` (no file position shared between threads or
  forked workers), so an index stays readable when its cache entry is replaced or removed. A copy or a
  pickle opens the file again by its path.
- :meth:`ArticleText.read` gives a filter the texts of some rows in one array; a MemoryText's is made on its
  chunk's own bytes, the texts between two rows as one null (:func:`spans_array`), so nothing is copied.
- Both give the same strings (``tests/index/test_text_store.py``, on the shared corpora).

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> files = write_store(folder, MemoryText(pa.chunked_array([["a b", None, "c"]])))
    >>> stored = open_store(folder, (folder / TABLE).read_bytes(), files[BLOCKS]["size"], "disk")
    >>> type(stored).__name__, stored.take(np.array([2, 0])).to_pylist(), stored.row(1)
    ('StoredText', ['c', 'a b'], None)
"""
from __future__ import annotations

import abc
import os
import weakref
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from toolkit._parallel import thread_map, usable_cores
from toolkit.index.integrity import CHECKSUM, IndexReadError, new_digest

__all__ = ["ArticleText", "MemoryText", "StoredText", "as_article_text", "check_mode", "in_memory", "write_store",
           "open_store", "pack_block", "cut_blocks", "string_offsets", "spans_array", "OFFSET_TYPES",
           "TEXT_MODES", "BLOCKS", "TABLE", "BLOCK_BYTES", "PIECE_BYTES", "MEMORY_LIMIT"]

#: the compressed blocks, one after another
BLOCKS = "text.blocks"
#: a row per block: where it is, what it holds, its checksum
TABLE = "text_blocks.arrow"
#: text bytes after which a block closes (64 KB: a phrase filter reads a block per scattered candidate, ~0.1 ms
#: each; news compresses 4% less than in 256 KB blocks). benchmarks/README.md, "Block size of the text store"
BLOCK_BYTES = 1 << 16
#: a thread's share of a text read on demand holds at most this many bytes of text
PIECE_BYTES = 1 << 24
#: ``text="auto"`` keeps a store of up to this many bytes of text in memory
MEMORY_LIMIT = 1 << 30
#: how an index's text may be opened
TEXT_MODES = ("auto", "memory", "disk")
#: string types whose offsets are read directly (string_offsets), and the offsets' NumPy type
OFFSET_TYPES = {pa.string(): np.int32, pa.large_string(): np.int64}
_CODEC = "zstd"
_LEVEL = 1
_TABLE_COLUMNS = ("first_row", "offset", "size", "raw_size", "text_bytes", "checksum")


class ArticleText(abc.ABC):
    """Row ``i`` is article ``i``'s text; the part of an index every text reader goes through."""

    #: articles
    n_rows: int = 0
    #: UTF-8 bytes of text
    nbytes: int = 0

    def __len__(self) -> int:
        return self.n_rows

    @abc.abstractmethod
    def take(self, rows: np.ndarray) -> pa.ChunkedArray:
        """The texts of ``rows`` (positions, any order), in that order."""

    def row(self, i: int) -> str | None:
        """The text of article ``i`` (``None`` when missing)."""
        return self.take(np.array([i], dtype=np.int64))[0].as_py()

    def read(self, rows: np.ndarray) -> tuple[pa.Array, np.ndarray]:
        """The texts of ``rows`` (ascending) in one array, for a kernel to run over at once (pyarrow compiles a
        pattern again for every chunk), and the position of each in it; other positions may hold nulls.

        >>> texts, at = MemoryText(pa.chunked_array([["a", "b", "c"]])).read(np.array([0, 2]))
        >>> texts.to_pylist(), at.tolist()
        (['a', None, 'c'], [0, 2])
        """
        found = self.take(rows)
        return (found.chunk(0) if found.num_chunks == 1 else pa.concat_arrays(found.chunks)), np.arange(len(rows))

    @abc.abstractmethod
    def pieces(self, rows: np.ndarray, n_parts: int) -> list[np.ndarray]:
        """``rows`` (ascending) cut into pieces for threads: in memory, ``n_parts`` parts cut again at chunk
        edges; on disk, runs of whole blocks of about ``nbytes / n_parts`` of text (at most ``PIECE_BYTES``
        plus one block), so a piece never reads a block another reads."""

    @abc.abstractmethod
    def spans(self, size: int) -> list[tuple[int, int]]:
        """Consecutive row ranges covering every row, of about ``size`` bytes of text each."""

    @abc.abstractmethod
    def blocks(self) -> Iterator[pa.Array]:
        """The text as consecutive arrays of about ``BLOCK_BYTES`` each (what :func:`write_store` writes)."""

    def to_arrow(self) -> pa.ChunkedArray:
        """Every text, as one column (a StoredText reads the whole store)."""
        return self.take(np.arange(self.n_rows, dtype=np.int64))


class MemoryText(ArticleText):
    """An Arrow string column held in memory.

    >>> MemoryText(pa.chunked_array([["a"], ["b", None]])).take(np.array([1, 0])).to_pylist()
    ['b', 'a']
    """

    def __init__(self, array: "pa.ChunkedArray | pa.Array") -> None:
        self.array = array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])
        self.n_rows = len(self.array)
        self.starts = np.concatenate([[0], np.cumsum([len(c) for c in self.array.chunks], dtype=np.int64)])
        self.nbytes = int(self.lengths().sum())

    def lengths(self) -> np.ndarray:
        """UTF-8 bytes of each text (0 when missing)."""
        if self.n_rows == 0:
            return np.zeros(0, dtype=np.int64)
        return pc.fill_null(pc.binary_length(self.array), 0).to_numpy().astype(np.int64, copy=False)

    def take(self, rows: np.ndarray) -> pa.ChunkedArray:
        rows = _positions(rows)
        if len(rows):
            chunk = int(np.searchsorted(self.starts, rows[0], side="right")) - 1
            local = rows - self.starts[chunk]
            if chunk < self.array.num_chunks and local.min() >= 0 and local.max() < len(self.array.chunk(chunk)):
                part = self.array.chunk(chunk)      # all in one chunk: no ChunkedArray bookkeeping
                return pa.chunked_array([part if len(local) == len(part) and (local == np.arange(len(part))).all()
                                         else part.take(pa.array(local))], type=self.array.type)
        return pa.chunked_array(self.array.take(pa.array(rows, type=pa.int64())).chunks, type=self.array.type)

    def read(self, rows: np.ndarray) -> tuple[pa.Array, np.ndarray]:
        """Rows of one chunk: on the chunk's own bytes, without a copy (:func:`spans_array`)."""
        rows = _positions(rows)
        chunk_no = int(np.searchsorted(self.starts, rows[0], side="right")) - 1 if len(rows) else -1
        if not 0 <= chunk_no < self.array.num_chunks or rows[-1] >= self.starts[chunk_no + 1]:
            return super().read(rows)
        chunk = self.array.chunk(chunk_no)
        if chunk.type not in OFFSET_TYPES:
            return super().read(rows)
        local = rows - self.starts[chunk_no]
        offsets = string_offsets(chunk)
        valid = None if chunk.null_count == 0 else chunk.is_valid().to_numpy(zero_copy_only=False)[local]
        return spans_array(chunk, offsets[local], offsets[local + 1], valid), np.arange(0, 2 * len(local), 2)

    def pieces(self, rows: np.ndarray, n_parts: int) -> list[np.ndarray]:
        out = []
        for part in np.array_split(rows, max(1, n_parts)):
            chunk_of = np.searchsorted(self.starts, part, side="right") - 1
            cuts = np.flatnonzero(np.diff(chunk_of)) + 1
            out.extend(piece for piece in np.split(part, cuts) if len(piece))
        return out

    def spans(self, size: int) -> list[tuple[int, int]]:
        ends = np.cumsum(self.lengths())
        cuts = np.searchsorted(ends, np.arange(size, ends[-1] if len(ends) else 0, size))
        bounds = np.unique(np.r_[0, cuts + 1, self.n_rows].clip(0, self.n_rows))
        return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]

    def blocks(self) -> Iterator[pa.Array]:
        return cut_blocks(self.array.chunks)

    def to_arrow(self) -> pa.ChunkedArray:
        return self.array


class StoredText(ArticleText):
    """The texts of a store on disk (see the module rules), read block by block when asked."""

    def __init__(self, folder: Path, fd: int, table: dict[str, np.ndarray], checksums: list[bytes]) -> None:
        self.folder, self.fd = folder, fd        # the store's file, open for reading; closed with this object
        self._closer = weakref.finalize(self, os.close, fd)
        self.table = table
        #: called (with the error's message) when a block is found damaged; returns what to add to it
        self.on_damage: "Callable[[str], str] | None" = None
        self.first_row = table["first_row"]          # n_blocks + 1 entries: the last is the row count
        self.offset, self.size, self.raw_size = table["offset"], table["size"], table["raw_size"]
        self.text_bytes = table["text_bytes"]
        self.checksums = checksums
        self.n_rows = int(self.first_row[-1])
        self.nbytes = int(self.text_bytes.sum())

    def __repr__(self) -> str:
        return f"StoredText({len(self.offset):,} blocks, {self.n_rows:,} articles, {self.folder / BLOCKS})"

    def __reduce__(self) -> tuple:      # a copy or a pickle opens the file again (a descriptor is per process)
        return _reopened, (self.folder, self.table, self.checksums)

    def _damaged(self, message: str) -> IndexReadError:
        return IndexReadError(message + (self.on_damage(message) if self.on_damage is not None else ""))

    def _where(self, i: int) -> str:
        return (f"index at {self.folder} is damaged: {BLOCKS} block {i} "
                f"(articles {self.first_row[i]:,} to {self.first_row[i + 1] - 1:,})")

    def block(self, i: int) -> pa.Array:
        """The texts of block ``i``, its bytes checked before they are decompressed."""
        size = int(self.size[i])
        try:
            data = os.pread(self.fd, size, int(self.offset[i]))
        except OSError as exc:
            raise IndexReadError(f"index at {self.folder} is unreadable: cannot read {BLOCKS} block {i} "
                                 f"({exc})") from exc
        if len(data) != size:
            raise self._damaged(f"{self._where(i)} is cut short: the file was truncated after it was opened")
        if new_digest(data).digest() != self.checksums[i]:
            raise self._damaged(f"{self._where(i)} does not match its checksum (changed after it was written)")
        try:
            raw = pa.Codec(_CODEC).decompress(data, decompressed_size=int(self.raw_size[i]))
        except Exception as exc:
            raise self._damaged(f"{self._where(i)}: cannot decompress it ({type(exc).__name__}: {exc})") from exc
        n = int(self.first_row[i + 1] - self.first_row[i])
        head, bitmap = 8 * (n + 1), (n + 7) // 8
        # (checked though the checksum passed: a column made on offsets that fall or overrun would be read out of
        # bounds by whatever reads it; a few microseconds per block)
        offsets = np.frombuffer(raw, dtype=np.int64, count=n + 1) if raw.size >= head + bitmap else np.ones(1)
        if offsets[0] != 0 or offsets[-1] != raw.size - head - bitmap or (np.diff(offsets) < 0).any():
            raise self._damaged(f"{self._where(i)}: its offsets do not describe {n:,} articles")
        return pa.LargeStringArray.from_buffers(n, raw.slice(0, head), raw.slice(head + bitmap),
                                                raw.slice(head, bitmap))

    def take(self, rows: np.ndarray) -> pa.ChunkedArray:
        rows = _positions(rows)
        if len(rows) and (rows.min() < 0 or rows.max() >= self.n_rows):
            raise IndexError(f"article rows out of range 0..{self.n_rows - 1}")
        order = np.argsort(rows, kind="stable")
        ordered = rows[order]
        block_of = np.searchsorted(self.first_row, ordered, side="right") - 1
        cuts = np.flatnonzero(np.diff(block_of)) + 1
        tasks = [(int(b[0]), piece) for piece, b in zip(np.split(ordered, cuts), np.split(block_of, cuts)) if len(b)]

        def read(task: tuple[int, np.ndarray]) -> pa.Array:
            i, piece = task           # the block is dropped once its rows are taken
            local, block = piece - self.first_row[i], self.block(i)
            if len(local) == 1:       # a scattered candidate: a slice, copied, costs less than a take
                return pa.concat_arrays([block.slice(int(local[0]), 1)])
            if len(local) == len(block) and local[0] == 0 and not (np.diff(local) != 1).any():
                return block          # every row, in order
            return block.take(local)

        parts = list(thread_map(read, tasks))
        found = pa.chunked_array(parts, type=pa.large_string())
        if (order == np.arange(len(rows))).all():
            return found
        inverse = np.empty_like(order)
        inverse[order] = np.arange(len(order))
        return pa.chunked_array(found.take(pa.array(inverse)).chunks, type=pa.large_string())

    def pieces(self, rows: np.ndarray, n_parts: int) -> list[np.ndarray]:
        # runs of whole blocks of about nbytes / n_parts of text (at most PIECE_BYTES): memory stays bounded
        target = max(1, min(PIECE_BYTES, self.nbytes // max(1, n_parts)))
        group = (np.cumsum(self.text_bytes) - self.text_bytes) // target
        group_of = group[np.searchsorted(self.first_row, rows, side="right") - 1]
        return [piece for piece in np.split(rows, np.flatnonzero(np.diff(group_of)) + 1) if len(piece)]

    def spans(self, size: int) -> list[tuple[int, int]]:
        return [(int(self.first_row[a]), int(self.first_row[b])) for a, b in self.runs(size)]

    def runs(self, size: int) -> list[tuple[int, int]]:
        """Consecutive block ranges ``(first, stop)`` covering every block, closed once they hold ``size``
        bytes of text."""
        out: list[tuple[int, int]] = []
        start, filled = 0, 0
        for i, nbytes in enumerate(self.text_bytes.tolist()):
            filled += nbytes
            if filled >= size or i == len(self.text_bytes) - 1:
                out.append((start, i + 1))
                start, filled = i + 1, 0
        return out

    def blocks(self) -> Iterator[pa.Array]:
        return (self.block(i) for i in range(len(self.offset)))


def _reopened(folder: Path, table: dict[str, np.ndarray], checksums: list[bytes]) -> StoredText:
    try:
        fd = os.open(folder / BLOCKS, os.O_RDONLY)
    except OSError as exc:
        raise IndexReadError(f"index at {folder} is unreadable: cannot open {BLOCKS} again ({exc})") from exc
    return StoredText(folder, fd, table, checksums)


def string_offsets(texts: pa.Array) -> np.ndarray:
    """The ``len(texts) + 1`` offsets of a string or large_string array into its data buffer (no copy)."""
    offsets = np.frombuffer(texts.buffers()[1], dtype=OFFSET_TYPES[texts.type])
    return offsets[texts.offset:texts.offset + len(texts) + 1]


def spans_array(texts: pa.Array, lo: np.ndarray, hi: np.ndarray, valid: "np.ndarray | None" = None) -> pa.Array:
    """The bytes ``lo[i]:hi[i]`` of the data buffer of ``texts`` (string or large_string; the spans ascending, not
    overlapping, each on character boundaries) as the strings at even positions of one array on that buffer,
    without a copy, null where ``valid`` is False; the bytes between two spans make one null between them.
    ``find_substring_regex`` skips nulls (``match_substring_regex`` reads them too).

    >>> spans_array(pa.array(["ab", "cde"]), np.array([1, 3]), np.array([2, 5])).to_pylist()
    ['b', None, 'de']
    """
    if len(lo) == 0:
        return pa.array([], type=texts.type)
    bounds = np.empty(2 * len(lo), dtype=OFFSET_TYPES[texts.type])
    bounds[0::2], bounds[1::2] = lo, hi
    holds = np.zeros(2 * len(lo) - 1, dtype=bool)
    holds[0::2] = True if valid is None else valid
    data = texts.buffers()[2] or pa.py_buffer(b"")
    return pa.Array.from_buffers(texts.type, len(holds), [pa.py_buffer(np.packbits(holds, bitorder="little")),
                                                          pa.py_buffer(bounds), data])


def _positions(rows: Any) -> np.ndarray:
    """``rows`` as int64 positions; a boolean mask or fractions are refused (they are not positions)."""
    rows = np.asarray(rows)
    if rows.dtype.kind not in "iu" and len(rows):
        raise TypeError(f"article rows must be integer positions, not {rows.dtype} values")
    return rows.astype(np.int64, copy=False)


def as_article_text(text: "ArticleText | pa.ChunkedArray | pa.Array") -> ArticleText:
    """``text`` as an :class:`ArticleText` (an Arrow column is held as a MemoryText).

    >>> len(as_article_text(pa.array(["a", "b"])))
    2
    """
    return text if isinstance(text, ArticleText) else MemoryText(text)


def in_memory(mode: str, nbytes: int) -> bool:
    """Whether a store of ``nbytes`` bytes of text is read whole in ``mode`` (one of ``TEXT_MODES``).

    >>> in_memory("auto", 10), in_memory("disk", 10)
    (True, False)
    """
    return mode == "memory" or (mode == "auto" and nbytes <= MEMORY_LIMIT)


def check_mode(text: str) -> str:
    """``text`` when it is one of ``TEXT_MODES``, else a ``ValueError`` naming them."""
    if text not in TEXT_MODES:
        raise ValueError(f"text={text!r}: expected one of {', '.join(map(repr, TEXT_MODES))}")
    return text


# ---------------------------------------------------------------------------------------------- writing
def pack_block(array: pa.Array) -> tuple[bytes, int, int, bytes]:
    """(compressed block, its size before compression, text bytes, checksum) of one block's texts.

    >>> data, raw_size, text_bytes, _ = pack_block(pa.array(["ab", None, "c"]))
    >>> raw_size, text_bytes      # 4 offsets of 8 bytes, 1 byte of validity bits, 3 bytes of text
    (36, 3)
    """
    array = array.cast(pa.large_string())
    n = len(array)
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64, count=n + 1, offset=8 * array.offset) \
        if n else np.zeros(1, dtype=np.int64)
    first, last = int(offsets[0]), int(offsets[-1])
    text = array.buffers()[2]
    valid = np.ones(n, dtype=bool) if array.null_count == 0 else array.is_valid().to_numpy(zero_copy_only=False)
    raw = b"".join([(offsets - first).tobytes(), np.packbits(valid, bitorder="little").tobytes(),
                    memoryview(text)[first:last] if text is not None else b""])
    data = pa.Codec(_CODEC, compression_level=_LEVEL).compress(raw, asbytes=True)
    text_bytes = int(pc.sum(pc.binary_length(array)).as_py() or 0)       # (a missing text counts 0)
    return data, len(raw), text_bytes, new_digest(data).digest()


def cut_blocks(arrays: Iterable[pa.Array]) -> Iterator[pa.Array]:
    """Consecutive texts, coming in any pieces, cut into the store's blocks (a block closes once it holds
    ``BLOCK_BYTES`` of text): the same blocks whatever the pieces.

    >>> [len(b) for b in cut_blocks([pa.array(["a" * BLOCK_BYTES, "b"]), pa.array(["c"])])]
    [1, 2]
    """
    open_parts: list[pa.Array] = []        # the open block's texts, from one piece or more
    filled = 0
    for array in arrays:
        array = array.cast(pa.large_string())
        start = 0
        lengths = pc.fill_null(pc.binary_length(array), 0).to_numpy(zero_copy_only=False)
        for i, length in enumerate(lengths.tolist()):
            filled += length
            if filled >= BLOCK_BYTES:
                open_parts.append(array.slice(start, i + 1 - start))
                yield pa.concat_arrays(open_parts)      # (a copy: a slice would be written with its offsets)
                open_parts, start, filled = [], i + 1, 0
        if start < len(array):
            open_parts.append(array.slice(start))
    if open_parts:
        yield pa.concat_arrays(open_parts)


def _waves(blocks: Iterator[pa.Array], size: int) -> Iterator[list[pa.Array]]:
    wave: list[pa.Array] = []
    for block in blocks:
        wave.append(block)
        if len(wave) == size:
            yield wave
            wave = []
    if wave:
        yield wave


def write_store(folder: Path, text: "ArticleText | Iterator[pa.Array]") -> dict[str, dict[str, Any]]:
    """Write ``text``'s store into ``folder``; ``{file name: {"size", "sha256"}}`` for the manifest. ``text``
    is an ArticleText or its blocks (:func:`cut_blocks`), which may be made as they are written.

    Blocks are compressed on threads, a few at a time (memory stays a few blocks whatever the text's size); a
    StoredText's blocks are copied as they are, with their checksums.
    """
    if isinstance(text, StoredText):
        return _copy_store(folder, text)
    whole = new_digest()
    columns: dict[str, list] = {name: [] for name in _TABLE_COLUMNS}
    offset, first_row = 0, 0
    with open(folder / BLOCKS, "wb") as fh:
        blocks = text.blocks() if isinstance(text, ArticleText) else text
        for wave in _waves(blocks, 2 * usable_cores()):
            for block, (data, raw_size, text_bytes, checksum) in zip(wave, thread_map(pack_block, wave)):
                fh.write(data)
                whole.update(data)
                for name, value in zip(_TABLE_COLUMNS, (first_row, offset, len(data), raw_size, text_bytes, checksum)):
                    columns[name].append(value)
                offset += len(data)
                first_row += len(block)
    return {BLOCKS: {"size": offset, CHECKSUM: whole.hexdigest()}, TABLE: _write_table(folder, columns, first_row)}


def _copy_store(folder: Path, text: StoredText) -> dict[str, dict[str, Any]]:
    """Copy a StoredText's blocks byte for byte (from its open file: its folder may be gone) and its table."""
    whole = new_digest()
    end = int(text.offset[-1] + text.size[-1]) if len(text.offset) else 0
    with open(folder / BLOCKS, "wb") as fh:
        for start in range(0, end, PIECE_BYTES):
            data = os.pread(text.fd, min(PIECE_BYTES, end - start), start)
            if not data:
                raise IndexReadError(f"index at {text.folder} is damaged: {BLOCKS} is cut short")
            fh.write(data)
            whole.update(data)
    columns = {name: text.table[name][:len(text.offset)].tolist() for name in _TABLE_COLUMNS[:-1]}
    columns["checksum"] = list(text.checksums)
    return {BLOCKS: {"size": end, CHECKSUM: whole.hexdigest()}, TABLE: _write_table(folder, columns, text.n_rows)}


def _write_table(folder: Path, columns: dict[str, list], n_rows: int) -> dict[str, Any]:
    """Write the block table; its manifest entry."""
    types = dict.fromkeys(_TABLE_COLUMNS[:-1], pa.int64()) | {"checksum": pa.binary()}
    table = pa.table({name: pa.array(columns[name], type=types[name]) for name in _TABLE_COLUMNS},
                     metadata={b"rows": str(n_rows).encode()})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    table_bytes = sink.getvalue().to_pybytes()
    (folder / TABLE).write_bytes(table_bytes)
    return {"size": len(table_bytes), CHECKSUM: new_digest(table_bytes).hexdigest()}


# ---------------------------------------------------------------------------------------------- reading
def open_store(folder: Path, table_bytes: bytes, blocks_size: int, text: str = "auto") -> ArticleText:
    """The store in ``folder``: ``table_bytes`` are its block table's bytes, already checked against the
    manifest, ``blocks_size`` the size the manifest gives ``text.blocks``; ``text``: one of ``TEXT_MODES``
    (see the module rules). Raises :class:`IndexReadError` when the store is not whole."""
    check_mode(text)
    try:
        table = pa.ipc.open_file(pa.py_buffer(table_bytes)).read_all()
        arrays = {name: table.column(name).to_numpy().astype(np.int64) for name in _TABLE_COLUMNS[:-1]}
        checksums = table.column("checksum").to_pylist()
        n_rows = int((table.schema.metadata or {})[b"rows"])
    except Exception as exc:
        raise IndexReadError(f"index at {folder} is damaged: cannot parse {TABLE} ({type(exc).__name__}: {exc})"
                             ) from exc
    arrays["first_row"] = np.append(arrays["first_row"], n_rows)
    ends = arrays["offset"] + arrays["size"]
    starts_right = arrays["first_row"][0] == 0 and (len(ends) > 0) == (n_rows > 0) and \
        (len(ends) == 0 or arrays["offset"][0] == 0)
    if not starts_right or (np.diff(arrays["first_row"]) <= 0).any() or (arrays["offset"][1:] != ends[:-1]).any() \
            or (arrays["text_bytes"] < 0).any() or int(ends[-1] if len(ends) else 0) != blocks_size:
        raise IndexReadError(f"index at {folder} is damaged: {TABLE} does not describe {BLOCKS}")
    try:
        fd = os.open(folder / BLOCKS, os.O_RDONLY)
    except FileNotFoundError as exc:
        raise IndexReadError(f"index at {folder} is damaged: {BLOCKS} is missing") from exc
    except OSError as exc:
        raise IndexReadError(f"index at {folder} is unreadable: cannot open {BLOCKS} ({exc})") from exc
    stored = StoredText(folder, fd, arrays, checksums)
    actual = os.fstat(fd).st_size
    if actual != blocks_size:
        raise IndexReadError(f"index at {folder} is damaged: {BLOCKS} has {actual:,} bytes, the manifest says "
                             f"{blocks_size:,} (truncated or replaced)")
    if not in_memory(text, stored.nbytes):
        return stored
    # read whole: runs of blocks of up to PIECE_BYTES become one chunk each (filters take pieces per chunk)
    def run(blocks: tuple[int, int]) -> pa.Array:
        return pa.concat_arrays([stored.block(i) for i in range(*blocks)])

    return MemoryText(pa.chunked_array(list(thread_map(run, stored.runs(PIECE_BYTES))), type=pa.large_string()))
