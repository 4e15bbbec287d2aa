"""CSV/TSV files: RFC-4180 quoting, multi-line fields, a record range of a big file read alone.

Rules:
- A first record that names no known column is taken as data when it matches the headerless "All the
  News" layout (10 fields, integer index, ISO date in field 6).
- Two paths, same result. Fast: pyarrow's streaming reader (8 MB blocks) for valid UTF-8; the line where
  each record starts comes from counting the newlines inside its fields, checked against the file's
  total newline count, and every byte goes through ``csvquotes.QuoteCheck``. Anything irregular (a
  malformed record, a quote left open or closed mid-field, blank lines, a multi-line header, other
  encodings) falls back to exact: Python's C ``csv`` module (``strict=True``) streamed in ``chunksize``
  records, which knows every record's physical line. A record whose field count differs from the header
  is skipped and reported with the lines it spans. A record whose quoting is broken (a quote never
  closed, text after a closing quote) is skipped and reported, and the parser re-synchronises: the lines
  after the record's first line are read again as records of their own, so a stray quote costs one
  record, not the rest of the file, and ``rows_read`` counts what a line scan counts.
- With ``recordranges.SPLIT_BYTES`` set (default None: off, see there), an uncompressed UTF-8
  file bigger than it is cut into record ranges (``recordranges``) read on the toolkit's threads, each
  by the fast path or else the exact one, and numbered as in the whole file; when any range's quoting
  is irregular the file is read in one piece.
  ``record_ranges`` gives ``toolkit.scale`` its partitions of one big CSV, local or remote: ranges that
  know the records before them, each read alone (``Source.part``) with the rows, lines and ids of the
  whole file.

Example:
    >>> from toolkit.io.report import LoadReport
    >>> from toolkit.io.sources import Source
    >>> from pathlib import Path
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "a.csv").write_text("title,text\\nHi,there\\n")
    >>> ctx = ReadContext(Source(str(folder / "a.csv"), folder / "a.csv", "csv"), LoadReport())
    >>> next(read_csv(ctx))[["title", "text", "_line", "_row"]].values.tolist()
    [['Hi', 'there', 2, 1]]
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import gc
import io
import itertools
import sys
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from toolkit._parallel import thread_map
from toolkit.io import recordranges
from toolkit.io.arrowtext import count_byte
from toolkit.io.context import ReadContext, text_frame
from toolkit.io.csvquotes import QuoteCheck
from toolkit.io.encoding import Decoding, detect_encoding
from toolkit.io.recordranges import RecordRange, count_records, plan_ranges
from toolkit.io.report import LoadError, LoadReport
from toolkit.io.schema import headerless_columns, looks_like_header, require_text_column, unique_names
from toolkit.io.sources import Source

__all__ = ["read_csv", "record_ranges", "delimiter_hint"]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # news bodies exceed the 128 KiB default
HEADERLESS_NOTE = "no header row; read as the 'All the News' 10-column layout"


def read_csv(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    """Fast path (pyarrow) for regular UTF-8 files, else the exact ``csv``-module path."""
    # a record range is of a file found to be UTF-8 (``record_ranges``); its own first bytes would not
    # tell the file's encoding (a byte-order mark or NUL bytes there are text)
    ctx.decoding = Decoding("utf-8") if ctx.source.part else detect_encoding(ctx.source.open_binary)
    if ctx.decoding.encoding == "utf-8" and ctx.decoding.errors == "strict":
        report_progress, counted = ctx.on_read, 0
        if report_progress is not None:
            def counting(n: int) -> None:
                nonlocal counted
                counted += n
                report_progress(n)

            ctx.on_read = counting
        try:
            frames = _read_csv_fast(ctx)
        finally:
            ctx.on_read = report_progress
        if frames is not None:
            yield from frames
            return
        ctx.notes.clear()
        if report_progress is not None and counted:
            report_progress(-counted)  # the exact path reads the file again: take the bytes back
    # the cyclic GC would rescan the growing lists of records again and again; nothing here is cyclic
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield from _read_csv_exact(ctx)
    finally:
        if gc_was_enabled:
            gc.enable()


class _NewlineCounter(io.RawIOBase):
    """Binary stream wrapper counting ``\n`` bytes, remembering the last bytes read and checking the
    quoting of everything that passes (``quotes``)."""

    def __init__(self, raw: io.BufferedIOBase, quotes: QuoteCheck):
        self._raw, self.newlines, self.total, self.tail = raw, 0, 0, b""
        self.quotes = quotes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        if n:
            buffer[:n] = data
            self.newlines += data.count(b"\n")
            self.total += n
            self.quotes.feed(data)
            self.tail = (self.tail + data)[-256:]
        return n

    def trailing_blank_lines(self) -> int:
        """Empty lines at the very end of the stream (after the last line's own newline)."""
        stripped = self.tail.rstrip(b"\r\n")
        if len(stripped) == 0 and len(self.tail) == 256:
            return 0  # a long run of blank lines: let the exact path count them
        return max(self.tail[len(stripped):].count(b"\n") - 1, 0)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _delimiter(source: Source) -> str:
    return "\t" if source.format == "tsv" else ","


def _header(source: Source) -> tuple[list[str], bool, int] | None:
    """The columns of a UTF-8 CSV the fast path can read, whether they are the headerless layout (the
    first record is data) and the lines the header spans; ``None``: empty, starting blank, or a header
    over several lines (the exact path reads those)."""
    with source.open_binary() as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""), delimiter=_delimiter(source))
        record = next(reader, None)
        header_lines = reader.line_num
    if not record:
        return None
    layout = None if looks_like_header(record) else headerless_columns(record)
    if layout is None and header_lines != 1:
        return None
    return (layout or unique_names(record)), layout is not None, 0 if layout else header_lines


def _plan(source: Source, columns: list[str], headerless: bool, range_bytes: int) -> list[RecordRange] | None:
    """``recordranges.plan_ranges`` after the file's one-line header (none when ``headerless``)."""
    return plan_ranges(source.open_binary, header_end=0 if headerless else _header_bytes(source),
                       header_lines=0 if headerless else 1, range_bytes=range_bytes, columns=tuple(columns),
                       headerless=headerless)


def _read_csv_fast(ctx: ReadContext) -> list[pd.DataFrame] | None:
    """Parse with pyarrow's streaming reader, in blocks; physical line numbers come from counting
    newlines inside fields (a big local file in record ranges if ``recordranges.SPLIT_BYTES`` says so). Returns
    ``None`` (caller falls back to the exact path) when anything is irregular: a malformed record,
    blank lines, a multi-line header, stray ``\r``.
    """
    source = ctx.source
    if source.part is not None:
        frame = _read_part(ctx)
        return None if frame is None else [frame]
    delimiter = _delimiter(source)
    header = _header(source)
    if header is None:
        return None
    columns, headerless, header_lines = header
    require_text_column(source.name, columns,  # fail before parsing a big file
                        hint=delimiter_hint(columns, delimiter))
    if headerless:
        ctx.notes.append(HEADERLESS_NOTE)
    split = recordranges.SPLIT_BYTES
    if split is not None and source.compression is None and source.member is None and source.size > split:
        parts = _plan(source, columns, headerless, recordranges.RANGE_BYTES)
        if parts is not None and len(parts) > 1:
            frames = _read_parts(ctx, parts)
            if frames is not None:
                return frames
    frame = _parse_fast(ctx, source.open_binary(ctx.on_read), columns, delimiter,
                        skip_header=not headerless, first_line=1 + header_lines, first_row=1)
    if frame is not None:
        ctx.columns = columns
        ctx.rows_read = len(frame)
        _note_blank_lines(ctx)
        return [frame]
    return None


def _header_bytes(source: Source) -> int:
    """The bytes of a one-line header, its newline included."""
    with source.open_binary() as raw:
        head = b""
        while (end := head.find(b"\n")) < 0:
            more = raw.read(1 << 16)
            if not more:
                return len(head)
            head += more
    return end + 1


def _note_blank_lines(ctx: ReadContext) -> None:
    if ctx.blank_lines:
        ctx.notes.append(f"{ctx.blank_lines:,} blank line(s) ignored")


def _read_parts(ctx: ReadContext, parts: list[RecordRange]) -> list[pd.DataFrame] | None:
    """The record ranges of one file, read on the toolkit's threads (pyarrow parses without the GIL),
    numbered as in the whole file; ``None`` when any range's quoting is irregular (read in one piece)."""
    contexts = [ReadContext(dataclasses.replace(ctx.source, part=part), LoadReport(), ctx.chunksize,
                            decoding=ctx.decoding) for part in parts]
    frames = list(thread_map(_read_part, contexts))
    if any(frame is None for frame in frames):  # the plan's cuts may be wrong
        return None
    if ctx.on_read is not None:  # the whole file at once (not from the threads; a range may be read twice)
        ctx.on_read(ctx.source.size)
    rows = 0
    for frame, part_ctx in zip(frames, contexts):
        frame["_row"] += rows
        ctx.report.issues.extend(dataclasses.replace(issue, row=issue.row + rows)
                                 for issue in part_ctx.report.issues)
        rows += part_ctx.rows_read
    ctx.columns = list(parts[0].columns)
    ctx.rows_read = rows
    ctx.rows_skipped = sum(c.rows_skipped for c in contexts)
    ctx.blank_lines = sum(c.blank_lines for c in contexts)
    _note_blank_lines(ctx)
    return frames


def _read_part(ctx: ReadContext) -> pd.DataFrame | None:
    """One record range (``ctx.source.part``): the fast parser, else the exact one. Rows count from the
    range's ``row`` when known (else from 1); its records must then be the plan's ``rows``. ``None``:
    its quoting is irregular and it is one of a file's ranges read together (the file is read whole)."""
    part = ctx.source.part
    assert part is not None
    delimiter = _delimiter(ctx.source)
    columns = list(part.columns)
    alone = part.row is not None  # read apart from the file's other ranges (a partition of toolkit.scale)
    if part.headerless and alone:
        ctx.notes.append(HEADERLESS_NOTE)
    quotes = QuoteCheck(delimiter.encode("ascii"))
    frame = _parse_fast(ctx, ctx.source.open_binary(ctx.on_read), columns, delimiter, skip_header=False,
                        first_line=part.line, first_row=(part.row or 0) + 1, quotes=quotes)
    if frame is not None:
        ctx.rows_read = len(frame)
    elif not quotes.regular and not alone:
        return None
    else:
        frames = list(_read_csv_exact(ctx))
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    ctx.columns = columns
    if alone:
        _note_blank_lines(ctx)
        if part.rows is not None and ctx.rows_read != part.rows:
            raise LoadError(f"{ctx.source.name}: lines {part.line:,} on (bytes {part.start:,}-{part.end:,}) "
                            f"hold {ctx.rows_read:,} records, {part.rows:,} when the file was first "
                            "scanned: was it changed while being read?")
    return frame


def _parse_fast(ctx: ReadContext, raw, columns: list[str], delimiter: str, *, skip_header: bool,
                first_line: int, first_row: int, quotes: QuoteCheck | None = None) -> pd.DataFrame | None:
    """pyarrow over the stream ``raw``; ``None`` when a record is irregular or the lines do not add up."""
    irregular = []

    def on_invalid(row) -> str:
        irregular.append(row)
        return "error"

    counter = _NewlineCounter(raw, quotes or QuoteCheck(delimiter.encode("ascii")))
    stream = io.BufferedReader(counter, buffer_size=1 << 20)
    try:
        reader = pacsv.open_csv(
            stream,
            read_options=pacsv.ReadOptions(column_names=columns, skip_rows=1 if skip_header else 0,
                                           block_size=8 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.large_string() for c in columns},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
        batches = list(reader)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    finally:
        stream.close()
    if irregular or not counter.quotes.finish():
        return None  # the exact path reports what is wrong, record by record
    table = pa.Table.from_batches(batches, schema=reader.schema) if batches else \
        pa.table({c: pa.array([], pa.large_string()) for c in columns})
    spans = np.ones(table.num_rows, dtype=np.int64)  # physical lines per record
    for column in table.columns:
        spans += count_byte(column, ord("\n"))
    expected = counter.newlines + (1 if counter.total and counter.tail[-1:] != b"\n" else 0)
    trailing = counter.trailing_blank_lines()
    header_lines = first_line - 1 if skip_header else 0  # lines of the stream before its records
    if header_lines + int(spans.sum()) + trailing != expected:
        return None  # blank lines, lone \r line ends, ...: line numbers would be off
    lines = first_line + np.concatenate([[0], np.cumsum(spans)[:-1]]) if len(spans) else spans
    frame = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype("pyarrow", np.nan)}.get)
    frame.columns = columns
    frame["_line"] = pd.array(lines, dtype="Int64")
    frame["_row"] = np.arange(first_row, first_row + len(frame), dtype=np.int64)
    ctx.blank_lines = trailing
    return frame


class _LinesAgain:
    """Lines ``first``..``last`` of a file once more, through a second handle that only moves forward
    (re-synchronising after broken records asks for lines in increasing order). Costs nothing until
    a broken record spanning several lines is met."""

    def __init__(self, open_text: Callable[[], io.TextIOWrapper], first_line: int = 1):
        self._open, self._stream = open_text, None
        self._cache: list[str] = []  # lines cache_first .. next-1, the last ones read
        self._cache_first = self._next = first_line

    def lines(self, first: int, last: int) -> list[str]:
        if self._stream is None:
            self._stream = self._open()
        drop = min(first - self._cache_first, len(self._cache))
        del self._cache[:drop]
        self._cache_first += drop
        while self._next < first:  # lines before the range, not kept
            next(self._stream, None)
            self._next += 1
            self._cache_first = self._next
        while self._next <= last:
            line = next(self._stream, None)
            if line is None:
                break
            self._cache.append(line)
            self._next += 1
        return self._cache[first - self._cache_first: last - self._cache_first + 1]

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def _read_csv_exact(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    source = ctx.source
    decoding = ctx.decoding
    delimiter = _delimiter(source)

    def open_text(on_read=None) -> io.TextIOWrapper:
        return io.TextIOWrapper(source.open_binary(on_read), encoding=decoding.encoding,
                                errors=decoding.errors, newline="")

    part = source.part  # a record range: its columns are known, lines and rows count from its start
    base = part.line - 1 if part else 0  # physical lines before the current reader's first line
    again = _LinesAgain(open_text, base + 1)
    with open_text(ctx.on_read) as text, contextlib.closing(again):
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        pulled = base  # physical lines taken from ``text`` so far
        columns: list[str] | None = list(part.columns) if part else None
        records: list[list[str]] = []
        lines: list[int] = []
        rows: list[int] = []
        first_row = (part.row or 0) if part else 0  # records before the stream's first
        row = first_row
        blank = 0
        while True:
            start = base + reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # broken quoting (strict mode)
                end = base + reader.line_num
                if columns is None:
                    raise LoadError(f"{source.name}: line {start}: malformed CSV header: {exc}"
                                    + (f" (the header runs to line {end}; unbalanced quote?)"
                                       if end > start else "")) from None
                row += 1
                ctx.skip(start, row, "malformed CSV", _malformed_reason(str(exc), start, end))
                # re-synchronise: the lines after the broken record's first one are records again
                pulled = max(pulled, end)
                lines_again = again.lines(start + 1, pulled) if pulled > start else []
                reader = csv.reader(itertools.chain(lines_again, text) if lines_again else text,
                                    delimiter=delimiter, strict=True)
                base = start
                continue
            if not record:
                blank += 1
                continue
            if columns is None:
                layout = None if looks_like_header(record) else headerless_columns(record)
                if layout is None:  # a header row (or, if unrecognised, the error names its fields)
                    columns = ctx.columns = unique_names(record)
                    require_text_column(source.name, columns, hint=delimiter_hint(columns, delimiter))
                    continue
                columns = ctx.columns = layout
                ctx.notes.append(HEADERLESS_NOTE)
            row += 1
            if len(record) != len(columns):
                end = base + reader.line_num
                span = f" (record spans lines {start}-{end}; unbalanced quote?)" if end > start else ""
                ctx.skip(start, row, "wrong field count",
                         f"wrong field count: expected {len(columns)} fields, found {len(record)}{span}")
                continue
            records.append(record)
            lines.append(start)
            rows.append(row)
            if len(records) >= ctx.chunksize:
                yield text_frame(columns, records, lines, rows)
                records, lines, rows = [], [], []
        if columns is None:
            raise LoadError(f"{source.name}: empty file (no header row and no records)")
        ctx.columns = columns
        ctx.rows_read = row - first_row
        ctx.blank_lines = blank
        if not part:
            _note_blank_lines(ctx)
        yield text_frame(ctx.columns, records, lines, rows)


def _malformed_reason(error: str, start: int, end: int) -> str:
    """Report text for a record the strict csv parser refused (lines ``start``-``end``)."""
    again = ""
    if end > start:
        again = (f"; line {end} is read again as a record" if end == start + 1
                 else f"; lines {start + 1}-{end} are read again as records")
    if "unexpected end of data" in error:
        return f"malformed CSV record: a quoted field opened on line {start} is never closed{again}"
    lines = f"line {start}" if end == start else f"lines {start}-{end}"
    return f"malformed CSV record ({lines}): {error} (unbalanced or stray quote?){again}"


def delimiter_hint(columns: list[str], delimiter: str) -> str | None:
    """When a header parsed as one column holds another delimiter: a hint for the error message."""
    if len(columns) != 1:
        return None
    found = [name for char, name in ((";", "';'"), ("\t", "tab"), ("|", "'|'"), (",", "','"))
             if char != delimiter and char in columns[0]]
    if not found:
        return None
    return (f"the header was read as one column; the file seems to be separated by {found[0]}, not "
            f"{'tab' if delimiter == chr(9) else repr(delimiter)} (only ',' in .csv and tab in .tsv/.tab "
            "files are read)")


def record_ranges(source: Source, range_bytes: int) -> list[Source]:
    """``source`` as record ranges of about ``range_bytes`` each, every range knowing the records before
    it (``RecordRange.row``, counted on the toolkit's threads), so each can be read alone with the rows,
    lines and generated ids of the whole file: ``toolkit.scale``'s partitions of one big CSV.
    ``[source]`` when it is not cut: not an uncompressed CSV/TSV (local or remote; a remote one is read
    three times here: UTF-8 check, plan, counts) bigger than ``range_bytes``, not UTF-8, a header over
    several lines, irregular quoting (see ``recordranges``).

    >>> from toolkit.io.sources import find_sources
    >>> [s.part.row for s in record_ranges(find_sources("big.csv")[0], 64 << 20)]   # doctest: +SKIP
    [0, 41877, 83791]
    """
    if (source.format not in ("csv", "tsv") or source.compression or source.member or source.part
            or source.size <= range_bytes):
        return [source]
    decoding = detect_encoding(source.open_binary)
    if decoding.encoding != "utf-8" or decoding.errors != "strict":
        return [source]
    header = _header(source)
    if header is None:
        return [source]
    columns, headerless, _ = header
    try:
        require_text_column(source.name, columns)
    except LoadError:
        return [source]  # not an article table: read whole, to be reported once
    parts = _plan(source, columns, headerless, range_bytes)
    if parts is None or len(parts) < 2:
        return [source]
    delimiter = _delimiter(source).encode("ascii")
    counts = list(thread_map(lambda part: count_records(dataclasses.replace(source, part=part).open_binary,
                                                        delimiter), parts))
    if any(count is None for count in counts):
        return [source]
    rows = np.concatenate([[0], np.cumsum(counts)[:-1]]).tolist()
    return [dataclasses.replace(source, part=dataclasses.replace(part, row=int(row), rows=int(count)))
            for part, row, count in zip(parts, rows, counts)]
