"""Cut one big CSV into byte ranges that start on record starts, so the ranges can be parsed apart.

Why: a news CSV holds article text with newlines inside quoted fields, so a cut at a byte offset
(``dd.read_csv(blocksize=...)``) can fall inside an article. In a file quoted by RFC 4180 a newline
ends a record exactly when an even number of ``"`` bytes precede it (quotes open and close fields, an
escaped quote is ``""``), so counting quotes is enough to place the cuts: one sequential pass at
memory speed (``bytes.count``), no parsing.

Rules:

- ``plan_ranges``: a range ends at the first newline after an even number of quotes at or after
  ``range_bytes`` from its start; the ranges are contiguous and the header is in none of them. Each
  knows its first physical line. A file with a bare ``\r`` line end (the csv module ends a record
  there, the count would not) is not cut (``None``).
- The plan is a guess until verified: it is right when the quoting is regular. The reader of a range
  checks the quoting of its bytes (``csvquotes.QuoteCheck``, from a record start); when any range is
  irregular the cuts may be wrong and the file is read in one piece, where the exact reader
  re-synchronises after each broken record (the speculative scheme of "Speculative Distributed CSV
  Data Parsing", SIGMOD 2019, with the quote parity known instead of guessed).
- The records before a range are not known from the plan: ``toolkit.load`` numbers the rows once the
  ranges are read; ``toolkit.scale`` counts each range's records first (``count_records``, on the
  client's threads), so a range read alone gives the rows and generated ids of the whole file.
- No range starts with a byte-order mark (pyarrow drops one at the start of a stream; in the middle
  of the file it is text) nor within the last 3 bytes of a read window (a cut waits for the next
  record end).

Example:
    >>> import io
    >>> data = b'id,text\\n1,"two\\nlines"\\n2,plain\\n3,"a ""b"" c"\\n'
    >>> ranges = plan_ranges(lambda: io.BytesIO(data), header_end=8, header_lines=1, range_bytes=4,
    ...                      columns=("id", "text"))
    >>> [(r.start, r.end, r.line) for r in ranges]
    [(8, 22, 2), (22, 30, 4), (30, 44, 5)]
    >>> [count_records(lambda r=r: io.BytesIO(data[r.start:r.end])) for r in ranges]
    [1, 1, 1]
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from toolkit.io.csvquotes import QuoteCheck

__all__ = ["RecordRange", "plan_ranges", "count_records", "RangeReader", "SPLIT_BYTES", "RANGE_BYTES"]

#: ``toolkit.load`` reads a local uncompressed CSV bigger than this in ranges on the toolkit's threads;
#: None (the default): never. Measured on 2 cores (``benchmarks/bench_record_ranges.py``), one piece is
#: faster (3.6 vs 5.4 s per GB): pyarrow's reader already parses on every core, and each range costs
#: its own quoting check and conversion. ``toolkit.scale`` cuts big files whatever this says.
SPLIT_BYTES: int | None = None
#: the size of one range read by ``toolkit.load`` (``toolkit.scale`` cuts at its ``PARTITION_BYTES``)
RANGE_BYTES = 16 << 20
WINDOW = 8 << 20
QUOTE, NEWLINE, RETURN = ord('"'), ord("\n"), ord("\r")
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RecordRange:
    """Bytes ``start``..``end`` of a CSV: whole records, the first on physical line ``line``.
    ``columns`` are the file's (from its header, or the headerless layout when ``headerless``);
    ``row``: records of the file before it (header excluded) and ``rows`` its own, when counted."""

    start: int
    end: int
    line: int
    columns: tuple[str, ...]
    headerless: bool = False
    row: int | None = None
    rows: int | None = None


def plan_ranges(open_binary: Callable[[], BinaryIO], *, header_end: int, header_lines: int, range_bytes: int,
                columns: tuple[str, ...], headerless: bool = False) -> list[RecordRange] | None:
    """The ranges of a CSV whose records start at byte ``header_end`` (line ``header_lines + 1``), or
    ``None`` when it may not be cut. One range when the file is small."""
    cuts = [(header_end, header_lines)]  # (first byte, lines before it)
    target = header_end + range_bytes
    inside = False   # quote parity at the start of the window
    lines = 0        # newlines before the window
    offset = 0
    last = b""
    with open_binary() as stream:
        while data := stream.read(WINDOW):
            array = np.frombuffer(data, dtype=np.uint8)
            if last == b"\r" and data[:1] != b"\n" or b"\r" in data and _bare_return(array):
                return None  # a bare \r line end (the csv module ends a line there)
            position, counted, parity = max(target - offset, 0), 0, inside
            while position < len(data):
                newline = data.find(b"\n", position)
                if newline < 0:
                    break
                parity ^= data.count(b'"', counted, newline) & 1
                counted = newline
                if not parity and newline + len(BOM) < len(data) and not data.startswith(BOM, newline + 1):
                    # (a range starting with a byte-order mark would lose it: pyarrow drops one there)
                    cut = offset + newline + 1
                    cuts.append((cut, lines + data.count(b"\n", 0, newline) + 1))
                    target = cut + range_bytes
                position = max(target - offset, newline + 1)
            inside ^= bool(np.count_nonzero(array == QUOTE) & 1)
            lines += int(np.count_nonzero(array == NEWLINE))
            last = data[-1:]
            offset += len(data)
    if last == b"\r":
        return None
    cuts = [(start, before) for start, before in cuts if start < offset] or cuts[:1]
    ends = [start for start, _ in cuts[1:]] + [max(offset, header_end)]
    return [RecordRange(start, end, before + 1, columns, headerless)
            for (start, before), end in zip(cuts, ends)]


def _bare_return(array: np.ndarray) -> bool:
    """A ``\\r`` not followed by ``\\n`` (one at the very end is decided by the next window)."""
    returns = np.flatnonzero(array[:-1] == RETURN)
    return not bool((array[returns + 1] == NEWLINE).all())


def count_records(open_binary: Callable[[], BinaryIO], delimiter: bytes = b",") -> int | None:
    """The records of a range as the csv module counts them (blank lines are none), or ``None`` when
    its quoting is irregular (then the plan may be wrong).

    >>> count_records(lambda: io.BytesIO(b'1,"a\\n\\nb"\\n\\n2,c\\r\\n\\r\\n3,d'))
    3
    """
    check = QuoteCheck(delimiter)
    inside, records, last_end, before = False, 0, -1, 0  # before: the byte before the window
    offset = 0
    with open_binary() as stream:
        while data := stream.read(WINDOW):
            check.feed(data)
            if not check.regular:
                return None
            array = np.frombuffer(data, dtype=np.uint8)
            quotes = np.flatnonzero(array == QUOTE)
            newlines = np.flatnonzero(array == NEWLINE)
            local = newlines[((np.searchsorted(quotes, newlines) + inside) & 1) == 0]
            if len(local):
                gaps = np.diff(np.concatenate([[last_end - offset], local]))
                previous = np.where(local > 0, array[np.maximum(local - 1, 0)], before)
                blank = (gaps == 1) | ((gaps == 2) & (previous == RETURN))
                records += int((~blank).sum())
                last_end = offset + int(local[-1])
            inside = (inside + len(quotes)) & 1
            before = int(array[-1])
            offset += len(data)
    if not check.finish():
        return None
    tail = offset - last_end - 1  # bytes after the last record end: a record without its newline
    return records + (1 if tail > 0 and not (tail == 1 and before == RETURN) else 0)


class RangeReader(io.RawIOBase):
    """Bytes ``start``..``end`` of a seekable binary stream, as a stream of their own.

    >>> RangeReader(io.BytesIO(b"abcdef"), 2, 5).read()
    b'cde'
    """

    def __init__(self, raw: BinaryIO, start: int, end: int):
        self._raw, self._left = raw, end - start
        raw.seek(start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[:self._left]
        n = self._raw.readinto(view)  # type: ignore[attr-defined]
        self._left -= n or 0
        return n or 0

    def close(self) -> None:
        self._raw.close()
        super().close()
