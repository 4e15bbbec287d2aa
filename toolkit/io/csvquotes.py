"""Is a CSV byte stream quoted by the RFC 4180 rules? A streaming check, vectorised with numpy.

Why: pyarrow's reader and Python's ``csv`` module in its default (non-strict) mode both accept a quote
that is never closed, or a closing quote followed by more text, and then silently glue the following
lines into one field (``1,"abc⏎2,def⏎`` reads as one record). The loader's fast path feeds every byte
it parses through ``QuoteCheck``; when the check fails the file is read again by the exact path, whose
``strict`` csv parser reports each malformed record with its lines.

Rules, over runs of consecutive ``"`` bytes (a run is ``L`` quotes in a row):

- outside a quoted field, a run must start a field (after the delimiter, a line end or at the start of
  the stream); an odd run opens a quoted field (one quote, or three for a field starting with ``"``),
  an even one is a whole field (``""``) and must then be followed by the delimiter, a line end or the
  end of the stream;
- inside a quoted field an even run is escaped quotes; an odd run closes the field and must be followed
  by the delimiter, a line end or the end of the stream;
- the stream must not end inside a quoted field.

A quote in the middle of an unquoted field (``5'10"``) is legal for the csv module but breaks this
simple parity count, so it also sends the file to the exact path (which keeps it as written).

Example:
    >>> check = QuoteCheck(b",")
    >>> check.feed(b'id,text\\n1,"He said ""hi"", twice"\\n'); check.finish()
    True
    >>> check = QuoteCheck(b",")
    >>> check.feed(b'id,text\\n1,"never closed\\n2,next row\\n'); check.finish()
    False
"""
from __future__ import annotations

import numpy as np

QUOTE = ord('"')
WINDOW = 1 << 20


class QuoteCheck:
    """Feed the bytes of a CSV stream in order with ``feed``; ``finish()`` says whether quoting is regular."""

    def __init__(self, delimiter: bytes = b",") -> None:
        if len(delimiter) != 1:
            raise ValueError(f"delimiter must be one byte, got {delimiter!r}")
        self._boundary = np.array([delimiter[0], ord("\n"), ord("\r")], dtype=np.uint8)
        self._pending = b""   # bytes from the last non-quote byte on (a run may continue in the next chunk)
        self._inside = False  # inside a quoted field at the start of ``_pending``
        self._at_start = True  # ``_pending`` starts the stream
        self.regular = True

    def feed(self, data: bytes) -> None:
        """Check the next bytes of the stream (in windows of ``WINDOW`` bytes: bounded scratch memory)."""
        view = memoryview(data)
        for start in range(0, len(view), WINDOW):
            if not self.regular:
                return
            self._feed(view[start:start + WINDOW])

    def _feed(self, data: memoryview) -> None:
        piece = self._pending + data.tobytes()
        cut = len(piece) - 1  # the last byte that is not a quote: runs before it are complete
        while cut >= 0 and piece[cut] == QUOTE:
            cut -= 1
        if cut < 0:  # only quotes so far: the run may go on
            self._pending = piece
            return
        self._check(np.frombuffer(piece, dtype=np.uint8, count=cut + 1), at_end=False)
        self._pending = piece[cut:]
        self._at_start = False

    def finish(self) -> bool:
        """Check what is left; ``True`` when the whole stream follows the rules."""
        if self.regular and self._pending:
            self._check(np.frombuffer(self._pending, dtype=np.uint8), at_end=True)
            self._pending = b""
        if self._inside:
            self.regular = False  # the stream ends inside a quoted field
        return self.regular

    def _check(self, array: np.ndarray, *, at_end: bool) -> None:
        quotes = np.flatnonzero(array == QUOTE)
        if not len(quotes):
            return
        breaks = np.flatnonzero(np.diff(quotes) != 1)
        starts = quotes[np.concatenate([[0], breaks + 1])]
        ends = quotes[np.concatenate([breaks, [len(quotes) - 1]])]  # inclusive
        lengths = ends - starts + 1
        odd = lengths % 2 == 1
        before = np.concatenate([[0], np.cumsum(lengths)[:-1]]) + int(self._inside)
        inside = before % 2 == 1  # state before each run
        field_start = np.isin(array[np.maximum(starts - 1, 0)], self._boundary)
        if self._at_start:
            field_start[starts == 0] = True
        follower = np.minimum(ends + 1, len(array) - 1)
        field_end = np.isin(array[follower], self._boundary)
        if at_end:
            field_end[ends + 1 == len(array)] = True
        closes = np.where(inside, odd, ~odd)  # the run leaves the field closed
        bad = (~inside & ~field_start) | (closes & ~field_end)
        if bad.any():
            self.regular = False
        self._inside = bool((int(self._inside) + int(lengths.sum())) % 2)
