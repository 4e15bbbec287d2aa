"""Readers: turn one ``Source`` into raw DataFrame chunks (original column names) with provenance.

Chunks follow ``context`` (``_line``, ``_row``, optional ``_repaired``). Rows a reader cannot use are
skipped and recorded in the ``LoadReport`` right here, with file, line, row and reason. JSON and JSON
Lines are read by ``jsonfiles``, ``.txt``/``.cor`` by ``textfiles``; this module reads CSV/TSV and
Parquet and dispatches by format (``read_source``).

- CSV/TSV (RFC-4180 quoting, multi-line fields). A first record that names no known column is taken
  as data when it matches the headerless "All the News" layout (10 fields, integer index, ISO date in
  field 6). Two paths, same result:
  fast: pyarrow's multi-threaded streaming reader (8 MB blocks) for valid UTF-8; the line where each
  record starts comes from counting the newlines inside its fields, checked against the file's total
  newline count, and every byte goes through ``csvquotes.QuoteCheck``. Anything irregular (a malformed
  record, a quote left open or closed mid-field, blank lines, a multi-line header, other encodings)
  falls back to
  exact: Python's C ``csv`` module (``strict=True``) streamed in ``chunksize`` records, which knows every
  record's physical line. A record whose field count differs from the header is skipped and reported
  with the lines it spans. A record whose quoting is broken (a quote never closed, text after a closing
  quote) is skipped and reported, and the parser re-synchronises: the lines after the record's first
  line are read again as records of their own, so a stray quote costs one record, not the rest of the
  file, and ``rows_read`` counts what a line scan counts.
- Parquet: streamed in record batches. Binary columns are decoded as UTF-8; invalid bytes are replaced
  by U+FFFD and the row reported as repaired.

Example:
    >>> from toolkit.io.report import LoadReport
    >>> from toolkit.io.sources import Source
    >>> from pathlib import Path
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "a.csv").write_text("title,text\\nHi,there\\n")
    >>> ctx = ReadContext(Source(str(folder / "a.csv"), folder / "a.csv", "csv"), LoadReport())
    >>> next(read_source(ctx))[["title", "text", "_line", "_row"]].values.tolist()
    [['Hi', 'there', 2, 1]]
"""
from __future__ import annotations

import contextlib
import csv
import gc
import io
import itertools
import sys
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from toolkit.io.arrowtext import count_byte
from toolkit.io.context import REPAIRED, ReadContext, text_frame
from toolkit.io.csvquotes import QuoteCheck
from toolkit.io.encoding import detect_encoding
from toolkit.io.jsonfiles import read_json, read_jsonl
from toolkit.io.report import LoadError
from toolkit.io.schema import (headerless_columns, looks_like_header, require_text_column,
                               unique_names)
from toolkit.io.textfiles import read_lines

__all__ = ["ReadContext", "READERS", "read_source", "read_csv", "read_parquet", "delimiter_hint"]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # news bodies exceed the 128 KiB default


# --- CSV ------------------------------------------------------------------------------------------
def read_csv(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    """Fast path (pyarrow) for regular UTF-8 files, else the exact ``csv``-module path."""
    ctx.decoding = detect_encoding(ctx.source.open_binary)
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

    def __init__(self, raw: io.BufferedIOBase, delimiter: str = ","):
        self._raw, self.newlines, self.total, self.tail = raw, 0, 0, b""
        self.quotes = QuoteCheck(delimiter.encode("ascii"))

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


def _first_record(ctx: ReadContext, delimiter: str) -> tuple[list[str], int] | None:
    """The first CSV record and the number of lines it spans (``None``: empty or starts blank)."""
    with ctx.source.open_binary() as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""), delimiter=delimiter)
        record = next(reader, None)
        return (record, reader.line_num) if record else None


def _read_csv_fast(ctx: ReadContext) -> list[pd.DataFrame] | None:
    """Parse with pyarrow's multi-threaded reader, streaming in blocks; physical line numbers come
    from counting newlines inside fields. Returns ``None`` (caller falls back to the exact path)
    when anything is irregular: a malformed record, blank lines, a multi-line header, stray ``\r``.
    """
    source = ctx.source
    delimiter = "\t" if source.format == "tsv" else ","
    first = _first_record(ctx, delimiter)
    if first is None:
        return None
    record, header_lines = first
    layout = None if looks_like_header(record) else headerless_columns(record)
    if layout is None and header_lines != 1:
        return None
    columns = layout or unique_names(record)
    require_text_column(source.name, columns,  # fail before parsing a big file
                        hint=delimiter_hint(columns, delimiter))
    irregular = []

    def on_invalid(row) -> str:
        irregular.append(row)
        return "error"

    counter = _NewlineCounter(source.open_binary(ctx.on_read), delimiter)
    stream = io.BufferedReader(counter, buffer_size=1 << 20)
    try:
        reader = pacsv.open_csv(
            stream,
            read_options=pacsv.ReadOptions(column_names=columns, skip_rows=0 if layout else 1,
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
    first_line = 1 if layout else 1 + header_lines
    expected = counter.newlines + (1 if counter.total and counter.tail[-1:] != b"\n" else 0)
    trailing = counter.trailing_blank_lines()
    if (first_line - 1) + int(spans.sum()) + trailing != expected:
        return None  # blank lines, lone \r line ends, ...: line numbers would be off
    lines = first_line + np.concatenate([[0], np.cumsum(spans)[:-1]]) if len(spans) else spans
    frame = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype("pyarrow", np.nan)}.get)
    frame.columns = columns
    frame["_line"] = pd.array(lines, dtype="Int64")
    frame["_row"] = np.arange(1, len(frame) + 1, dtype=np.int64)
    ctx.columns = columns
    ctx.rows_read = len(frame)
    if layout:
        ctx.notes.append("no header row; read as the 'All the News' 10-column layout")
    if trailing:
        ctx.notes.append(f"{trailing:,} blank line(s) ignored")
    return [frame]


class _LinesAgain:
    """Lines ``first``..``last`` of a file once more, through a second handle that only moves forward
    (re-synchronising after broken records asks for lines in increasing order). Costs nothing until
    a broken record spanning several lines is met."""

    def __init__(self, open_text: Callable[[], io.TextIOWrapper]):
        self._open, self._stream = open_text, None
        self._cache: list[str] = []  # lines cache_first .. next-1, the last ones read
        self._cache_first = self._next = 1

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
    delimiter = "\t" if source.format == "tsv" else ","

    def open_text(on_read=None) -> io.TextIOWrapper:
        return io.TextIOWrapper(source.open_binary(on_read), encoding=decoding.encoding,
                                errors=decoding.errors, newline="")

    again = _LinesAgain(open_text)
    with open_text(ctx.on_read) as text, contextlib.closing(again):
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        base = 0      # physical lines before the current reader's first line
        pulled = 0    # physical lines taken from ``text`` so far
        columns: list[str] | None = None
        records: list[list[str]] = []
        lines: list[int] = []
        rows: list[int] = []
        row = blank = 0
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
                ctx.notes.append("no header row; read as the 'All the News' 10-column layout")
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
        ctx.rows_read = row
        if blank:
            ctx.notes.append(f"{blank:,} blank line(s) ignored")
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


# --- Parquet --------------------------------------------------------------------------------------
def _decode_binary(batch: pa.RecordBatch, names: list[str]) -> tuple[pa.RecordBatch, list]:
    """Binary columns as UTF-8 text; invalid bytes replaced by U+FFFD, with a ``(kind, reason)`` per row
    changed (``None`` for the others; an empty list when no row changed)."""
    arrays, problems = list(batch.columns), {}
    for k, (name, array) in enumerate(zip(names, arrays)):
        if not (pa.types.is_binary(array.type) or pa.types.is_large_binary(array.type)):
            continue
        try:
            arrays[k] = array.cast(pa.large_string())
            continue
        except pa.ArrowInvalid:
            pass
        texts = []
        for i, value in enumerate(array.to_pylist()):
            if value is None:
                texts.append(None)
                continue
            try:
                texts.append(value.decode("utf-8"))
            except UnicodeDecodeError:
                text = value.decode("utf-8", "replace")
                texts.append(text)
                bad = text.count("\ufffd") - value.count(b"\xef\xbf\xbd")
                problems.setdefault(i, []).append(f"{name} ({bad}x)")
        arrays[k] = pa.array(texts, pa.large_string())
    batch = pa.RecordBatch.from_arrays(arrays, names=names)
    if not problems:
        return batch, []
    return batch, [("undecodable bytes", "invalid UTF-8 in binary column(s) replaced by U+FFFD: "
                    + ", ".join(problems[i])) if i in problems else None for i in range(batch.num_rows)]


def read_parquet(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    with ctx.source.open_binary(ctx.on_read) as raw:
        handle = raw if raw.seekable() else io.BytesIO(raw.read())
        try:
            parquet = pq.ParquetFile(handle)
        except Exception as exc:  # pyarrow raises ArrowInvalid for non-Parquet bytes
            raise LoadError(f"{ctx.source.name}: not a readable Parquet file ({exc})") from exc
        ctx.columns = unique_names(parquet.schema_arrow.names)
        row = 0
        for batch in parquet.iter_batches(batch_size=ctx.chunksize):
            batch, repaired = _decode_binary(batch, ctx.columns)
            frame = batch.to_pandas()
            frame.columns = ctx.columns
            n = len(frame)
            frame["_line"] = pd.array([None] * n, dtype="Int64")
            frame["_row"] = pd.array(range(row + 1, row + n + 1), dtype="int64")
            if repaired:
                frame[REPAIRED] = pd.Series(repaired, index=frame.index, dtype=object)
            row += n
            yield frame
        ctx.rows_read = row
        if row == 0:
            yield text_frame(ctx.columns, [], [], [])


READERS: dict[str, Callable[[ReadContext], Iterator[pd.DataFrame]]] = {
    "csv": read_csv, "tsv": read_csv, "jsonl": read_jsonl, "json": read_json,
    "parquet": read_parquet, "lines": read_lines,  # "txt": see textfiles.read_text_files
}


def read_source(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    """Raw chunks of ``ctx.source`` by its format."""
    return READERS[ctx.source.format](ctx)
