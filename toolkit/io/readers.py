"""Readers: turn one ``Source`` into raw DataFrame chunks (original column names) with provenance.

Chunks follow ``context`` (``_line``, ``_row``, optional ``_repaired``). Rows a reader cannot use are
skipped and recorded in the ``LoadReport`` right there, with file, line, row and reason. CSV/TSV are
read by ``csvfiles``, JSON and JSON Lines by ``jsonfiles``, ``.txt``/``.cor`` by ``textfiles``; this
module reads Parquet and dispatches by format (``read_source``).

- Parquet: streamed in record batches. Binary columns are decoded as UTF-8; invalid bytes are replaced
  by U+FFFD and the row reported as repaired.

Example (a Parquet file has no lines: ``_line`` is missing):
    >>> from toolkit.io.report import LoadReport
    >>> from toolkit.io.sources import Source
    >>> from pathlib import Path
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.parquet"
    >>> pd.DataFrame({"title": ["Hi"], "text": ["there"]}).to_parquet(path)
    >>> chunk = next(read_source(ReadContext(Source(str(path), path, "parquet"), LoadReport())))
    >>> chunk[["title", "text", "_row"]].values.tolist(), bool(chunk["_line"].isna().all())
    ([['Hi', 'there', 1]], True)
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from toolkit.io.context import REPAIRED, ReadContext, text_frame
from toolkit.io.csvfiles import delimiter_hint, read_csv
from toolkit.io.jsonfiles import read_json, read_jsonl
from toolkit.io.report import LoadError
from toolkit.io.schema import unique_names
from toolkit.io.textfiles import read_lines

__all__ = ["ReadContext", "READERS", "read_source", "read_csv", "read_parquet", "delimiter_hint"]


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
