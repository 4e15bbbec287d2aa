"""Helpers over Arrow-backed string columns, vectorised with numpy/pyarrow (no per-row Python).

``count_byte`` lets the loader count the newlines inside each CSV record (for physical line numbers)
and find the few rows worth a closer look (mojibake always contains byte 0xC3); ``replace_at``
rewrites a few rows copying only the Arrow chunks that hold them.

Example:
    >>> import pyarrow as pa
    >>> count_byte(pa.chunked_array([["a\\nb", "", None], ["\\n\\n"]]), ord("\\n")).tolist()
    [1, 0, 0, 2]
    >>> replace_at(pd.Series(["a", "b", "c"], dtype="str"), [1], ["B"]).tolist()
    ['a', 'B', 'c']
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

WINDOW = 16 << 20  # bytes compared at a time, so memory stays bounded on huge chunks


def _as_chunked(values: pa.ChunkedArray | pa.Array | pd.Series) -> pa.ChunkedArray:
    if isinstance(values, pd.Series):
        values = pa.chunked_array(pa.array(values, from_pandas=True))
    if isinstance(values, pa.Array):
        values = pa.chunked_array([values])
    if not pa.types.is_large_string(values.type):
        values = values.cast(pa.large_string())
    return values


def count_byte(values: pa.ChunkedArray | pa.Array | pd.Series, byte: int) -> np.ndarray:
    """How many times ``byte`` occurs in the UTF-8 bytes of each string (0 for missing values)."""
    chunked = _as_chunked(values)
    counts = []
    for chunk in chunked.chunks:
        n = len(chunk)
        if n == 0:
            continue
        buffers = chunk.buffers()
        offsets = np.frombuffer(buffers[1], dtype=np.int64)[chunk.offset: chunk.offset + n + 1]
        if buffers[2] is None or offsets[-1] == offsets[0]:
            counts.append(np.zeros(n, dtype=np.int64))
            continue
        data = np.frombuffer(buffers[2], dtype=np.uint8)
        hits = np.concatenate([np.flatnonzero(data[lo: min(lo + WINDOW, offsets[-1])] == byte) + lo
                               for lo in range(int(offsets[0]), int(offsets[-1]), WINDOW)])
        rows = np.searchsorted(offsets, hits, side="right") - 1
        counts.append(np.bincount(rows, minlength=n).astype(np.int64))
    return np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)


def replace_at(values: pd.Series, positions: list[int], texts: list[str]) -> pd.Series:
    """A copy of a string Series with ``values.iloc[positions[k]] = texts[k]``, rebuilding only the
    Arrow chunks concerned (pandas' ``iloc`` assignment copies the whole column, twice)."""
    chunked = _as_chunked(values)
    order = np.argsort(positions, kind="stable")
    positions = np.asarray(positions, dtype=np.int64)[order]
    texts = [texts[k] for k in order]
    chunks, start = [], 0
    for chunk in chunked.chunks:
        stop = start + len(chunk)
        lo, hi = np.searchsorted(positions, [start, stop])
        if hi > lo:
            mask = np.zeros(len(chunk), dtype=bool)
            mask[positions[lo:hi] - start] = True
            chunk = pc.replace_with_mask(chunk, pa.array(mask), pa.array(texts[lo:hi], pa.large_string()))
        chunks.append(chunk)
        start = stop
    array = pd.array(pa.chunked_array(chunks, type=pa.large_string()), dtype=values.dtype)
    return pd.Series(array, index=values.index, name=values.name)
