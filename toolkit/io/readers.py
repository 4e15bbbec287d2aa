"""Readers: turn one ``Source`` into raw DataFrame chunks (original column names) with provenance.

Each chunk carries ``_line`` (physical line where the record starts, 1-based, missing when the format
has no lines) and ``_row`` (record number in the file, 1-based, header excluded). Rows a reader cannot
use are skipped and recorded in the ``LoadReport`` right here, with file, line, row and reason.

- CSV/TSV (RFC-4180 quoting, multi-line fields). A first record that names no known column is taken
  as data when it matches the headerless "All the News" layout (10 fields, integer index, ISO date in
  field 6). Two paths, same result:
  fast: pyarrow's multi-threaded streaming reader (8 MB blocks) for valid UTF-8; the line where each
  record starts comes from counting the newlines inside its fields, checked against the file's total
  newline count, and every byte goes through ``csvquotes.QuoteCheck``. Anything irregular (a malformed
  record, a quote left open or closed mid-field, blank lines, a multi-line header, other encodings)
  falls back to
  exact: Python's C ``csv`` module (``strict=True``) streamed in ``chunksize`` records, which knows every
  record's physical line; a record whose field count differs from the header, or whose quoting is
  broken (an unclosed quote swallowing the lines after it, text after a closing quote), is skipped and
  reported with the lines it spans.
- JSON Lines: one object per line; invalid JSON and non-objects are skipped. JSON: an array of objects,
  or an object holding exactly one such array, or one article object (read whole, not streamed).
- Parquet: streamed in record batches.
- ``.txt``: the whole file is one article: ``content`` is the full text (nothing stripped), ``title``
  the first non-empty line when it is at most 300 characters, ``id`` the file stem, ``publication`` the
  parent folder (see ``Source.folder``). ``.cor``: one article per non-empty line.

Example:
    >>> from toolkit.io.sources import Source
    >>> from pathlib import Path
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "a.csv").write_text("title,text\\nHi,there\\n")
    >>> ctx = ReadContext(Source(str(folder / "a.csv"), folder / "a.csv", "csv"), LoadReport())
    >>> next(read_source(ctx))[["title", "text", "_line", "_row"]].values.tolist()
    [['Hi', 'there', 2, 1]]
"""
from __future__ import annotations

import csv
import gc
import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from toolkit.io.arrowtext import count_byte
from toolkit.io.csvquotes import QuoteCheck
from toolkit.io.encoding import Decoding, decode_bytes, detect_encoding
from toolkit.io.report import LoadError, LoadReport
from toolkit.io.schema import (headerless_columns, looks_like_header, require_text_column,
                               unique_names)
from toolkit.io.sources import READ_ERRORS, Source, read_error

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # news bodies exceed the 128 KiB default
MAX_TITLE_CHARS = 300


@dataclass
class ReadContext:
    """What a reader needs, and what it tells the loader back about the file."""

    source: Source
    report: LoadReport
    chunksize: int = 50_000
    on_read: Callable[[int], None] | None = None
    # filled by the reader:
    columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_skipped: int = 0
    decoding: Decoding | None = None
    notes: list[str] = field(default_factory=list)

    def skip(self, line: int | None, row: int | None, kind: str, reason: str) -> None:
        self.rows_skipped += 1
        self.report.add_issue(self.source.name, line=line, row=row, action="skipped", kind=kind,
                              reason=reason)


def _text_array(values) -> pd.api.extensions.ExtensionArray:
    return pd.array(pa.array(values, type=pa.large_string()), dtype="str")


def _frame(columns: list[str], records: list, lines: list, rows: list) -> pd.DataFrame:
    """Chunk from row-wise lists of strings."""
    data = dict(zip(columns, map(_text_array, zip(*records)))) if records \
        else {c: _text_array([]) for c in columns}
    frame = pd.DataFrame(data, columns=columns)
    frame["_line"] = pd.array(lines, dtype="Int64")
    frame["_row"] = pd.array(rows, dtype="int64")
    return frame


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


def _read_csv_exact(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    source = ctx.source
    decoding = ctx.decoding
    delimiter = "\t" if source.format == "tsv" else ","
    with source.open_binary(ctx.on_read) as raw:
        text = io.TextIOWrapper(raw, encoding=decoding.encoding, errors=decoding.errors, newline="")
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        columns: list[str] | None = None
        records: list[list[str]] = []
        lines: list[int] = []
        rows: list[int] = []
        row = blank = 0
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # broken quoting (strict mode), a NUL byte on older Pythons
                end = reader.line_num
                if columns is None:
                    raise LoadError(f"{source.name}: line {start}: malformed CSV header: {exc}"
                                    + (f" (the header runs to line {end}; unbalanced quote?)"
                                       if end > start else "")) from None
                row += 1
                ctx.skip(start, row, "malformed CSV", _malformed_reason(str(exc), start, end))
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
                end = reader.line_num
                span = f" (record spans lines {start}-{end}; unbalanced quote?)" if end > start else ""
                ctx.skip(start, row, "wrong field count",
                         f"wrong field count: expected {len(columns)} fields, found {len(record)}{span}")
                continue
            records.append(record)
            lines.append(start)
            rows.append(row)
            if len(records) >= ctx.chunksize:
                yield _frame(columns, records, lines, rows)
                records, lines, rows = [], [], []
        if columns is None:
            raise LoadError(f"{source.name}: empty file (no header row and no records)")
        ctx.columns = columns
        ctx.rows_read = row
        if blank:
            ctx.notes.append(f"{blank:,} blank line(s) ignored")
        yield _frame(ctx.columns, records, lines, rows)


def _malformed_reason(error: str, start: int, end: int) -> str:
    """Report text for a record the strict csv parser refused."""
    if "unexpected end of data" in error:
        if end == start:
            return f"malformed CSV record: a quoted field opened on line {start} is never closed"
        lost = f"line {end}" if end == start + 1 else f"lines {start + 1}-{end}"
        return (f"malformed CSV record: a quoted field opened in the record starting on line {start} is "
                f"never closed; it runs to the end of the file, so {lost} cannot be read as records")
    lines = f"line {start}" if end == start else f"lines {start}-{end}"
    return f"malformed CSV record ({lines}): {error}; unbalanced or stray quote?"


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


# --- JSON -----------------------------------------------------------------------------------------
def _records_frame(ctx: ReadContext, records: list[dict], lines: list, rows: list) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame.columns = unique_names([str(c) for c in frame.columns])
    for name in frame.columns:
        if name not in ctx.columns:
            ctx.columns.append(name)
    frame["_line"] = pd.array(lines, dtype="Int64")
    frame["_row"] = pd.array(rows, dtype="int64")
    return frame


def read_jsonl(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    ctx.decoding = decoding = detect_encoding(ctx.source.open_binary)
    records: list[dict] = []
    lines: list[int] = []
    rows: list[int] = []
    row = 0
    with ctx.source.open_binary(ctx.on_read) as raw:
        text = io.TextIOWrapper(raw, encoding=decoding.encoding, errors=decoding.errors)
        for line_no, line in enumerate(text, 1):
            if not line.strip():
                continue
            row += 1
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                ctx.skip(line_no, row, "invalid JSON", f"invalid JSON: {exc.msg} (column {exc.colno})")
                continue
            if not isinstance(value, dict):
                ctx.skip(line_no, row, "not a JSON object",
                         f"not a JSON object: found {type(value).__name__}")
                continue
            records.append(value)
            lines.append(line_no)
            rows.append(row)
            if len(records) >= ctx.chunksize:
                yield _records_frame(ctx, records, lines, rows)
                records, lines, rows = [], [], []
    ctx.rows_read = row
    if ctx.rows_read == ctx.rows_skipped:  # not one object read
        _no_records(ctx, "JSON Lines")
    yield _records_frame(ctx, records, lines, rows)


def _no_records(ctx: ReadContext, what: str) -> None:
    """Raise for a JSON file that gave no object to take columns from: empty, or every record skipped."""
    if ctx.rows_read == 0:
        raise LoadError(f"{ctx.source.name}: empty file (no {what} records)")
    first = next(i for i in ctx.report.issues if i.file == ctx.source.name and i.action == "skipped")
    where = f"line {first.line}" if first.line is not None else f"item {first.row}"
    raise LoadError(f"{ctx.source.name}: no article could be read: all {ctx.rows_read:,} {what} record(s) "
                    f"were skipped; the first at {where}: {first.reason}")


def read_json(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    with ctx.source.open_binary(ctx.on_read) as raw:
        data = raw.read()
    text, ctx.decoding = decode_bytes(data)
    if ctx.decoding.bad_lines:  # array items have no line of their own: say it for the file
        ctx.notes.append("undecodable bytes replaced by U+FFFD on line(s) "
                         + ", ".join(map(str, ctx.decoding.bad_lines[:20])))
        ctx.decoding.bad_lines = []
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        stripped = text.lstrip()
        if stripped.startswith("{") and "Extra data" in exc.msg:  # JSON Lines saved as .json
            ctx.notes.append("read as JSON Lines (one object per line)")
            yield from read_jsonl(ctx)
            return
        raise LoadError(f"{ctx.source.name}: line {exc.lineno}, column {exc.colno}: invalid JSON: "
                        f"{exc.msg}") from exc
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) == 1 and all(isinstance(v, dict) for v in lists[0]):
            value = lists[0]
        else:
            value = [value]
    if not isinstance(value, list):
        raise LoadError(f"{ctx.source.name}: expected a JSON array of article objects, "
                        f"found {type(value).__name__}")
    records, rows = [], []
    for row, item in enumerate(value, 1):
        if isinstance(item, dict):
            records.append(item)
            rows.append(row)
        else:
            ctx.skip(None, row, "not a JSON object", f"array item {row} is not a JSON object: "
                     f"found {type(item).__name__}")
    ctx.rows_read = len(value)
    if not records:
        _no_records(ctx, "JSON array")
    yield _records_frame(ctx, records, [None] * len(records), rows)


# --- Parquet --------------------------------------------------------------------------------------
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
            frame = batch.to_pandas()
            frame.columns = ctx.columns
            n = len(frame)
            frame["_line"] = pd.array([None] * n, dtype="Int64")
            frame["_row"] = pd.array(range(row + 1, row + n + 1), dtype="int64")
            row += n
            yield frame
        ctx.rows_read = row
        if row == 0:
            yield _frame(ctx.columns, [], [], [])


# --- plain text -----------------------------------------------------------------------------------
def _title(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip() if len(line.strip()) <= MAX_TITLE_CHARS else None
    return None


def read_text_files(sources: list[Source], on_read: Callable[[int], None] | None = None,
                    ) -> tuple[pd.DataFrame, list[Decoding]]:
    """Many ``.txt`` files, one article each, as one frame (with a ``_file`` column) in one go."""
    records, decodings = [], []
    for source in sources:
        try:
            with source.open_binary(on_read) as raw:
                text, decoding = decode_bytes(raw.read())
        except READ_ERRORS as exc:
            raise read_error(source, exc) from exc
        records.append([source.stem, _title(text), source.folder, text, source.name])
        decodings.append(decoding)
    ones = [1] * len(records)
    return _frame(["id", "title", "publication", "content", "_file"], records, ones, ones), decodings


def read_lines(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    """A ``.cor`` file: one article per non-empty line."""
    with ctx.source.open_binary(ctx.on_read) as raw:
        text, ctx.decoding = decode_bytes(raw.read())
    ctx.columns = ["content"]
    records, lines, rows = [], [], []
    for line_no, line in enumerate(text.split("\n"), 1):
        if line.strip():
            records.append([line.rstrip("\r")])
            lines.append(line_no)
            rows.append(len(rows) + 1)
    ctx.rows_read = len(records)
    if not records:
        ctx.notes.append("no articles: the file is empty or holds only blank lines")
    yield _frame(ctx.columns, records, lines, rows)


READERS: dict[str, Callable[[ReadContext], Iterator[pd.DataFrame]]] = {
    "csv": read_csv, "tsv": read_csv, "jsonl": read_jsonl, "json": read_json,
    "parquet": read_parquet, "lines": read_lines,  # "txt": see read_text_files
}


def read_source(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    """Raw chunks of ``ctx.source`` by its format."""
    return READERS[ctx.source.format](ctx)
