"""JSON Lines and JSON readers: one ``ReadContext`` in, raw chunks (the file's own keys) out.

Rules:
- JSON Lines: one object per line, streamed in ``chunksize`` records; a line that is not valid JSON or
  not an object is skipped and reported with its line; blank lines are not records.
- JSON: read whole. An array of objects (an item that is not an object is skipped, reported by item
  number); or one object. An object is one article, unless it has no text column of its own and holds
  exactly one list of objects: then those objects are the articles (``{"articles": [...]}``). An
  article holding a list of objects (``{"content": ..., "comments": [{...}]}``) stays one article with
  that list as a column. The file's notes say which reading was taken.
- A lone UTF-16 surrogate from a ``\\uD800``-style escape (no valid pair; it cannot be stored as UTF-8)
  is replaced by U+FFFD, in values and keys; the row is loaded and reported as repaired.
- A file that yields no object at all raises ``LoadError`` naming it and the first reason.

Example:
    >>> import json, tempfile
    >>> from pathlib import Path
    >>> from toolkit.io.report import LoadReport
    >>> from toolkit.io.sources import Source
    >>> path = Path(tempfile.mkdtemp()) / "a.jsonl"
    >>> _ = path.write_text('{"text": "caf\\\\u00e9"}\\n{"text": "bad \\\\ud800"}\\n')
    >>> ctx = ReadContext(Source(str(path), path, "jsonl"), LoadReport())
    >>> chunk = next(read_jsonl(ctx))
    >>> chunk["text"].tolist(), chunk["_repaired"].tolist()[1][0]
    (['café', 'bad \\ufffd'], 'lone surrogate')
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator

import pandas as pd

from toolkit.io.context import REPAIRED, ReadContext
from toolkit.io.encoding import decode_bytes, detect_encoding
from toolkit.io.report import LoadError
from toolkit.io.schema import map_columns, unique_names

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # may produce a lone surrogate: look closer
_SURROGATE = re.compile("[\ud800-\udfff]")  # after json.loads: paired escapes are joined, so lone


def _records_frame(ctx: ReadContext, records: list[dict], lines: list, rows: list,
                   repaired: list | None = None) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame.columns = unique_names([str(c) for c in frame.columns])
    for name in frame.columns:
        if name not in ctx.columns:
            ctx.columns.append(name)
    frame["_line"] = pd.array(lines, dtype="Int64")
    frame["_row"] = pd.array(rows, dtype="int64")
    if repaired and any(r is not None for r in repaired):
        frame[REPAIRED] = pd.Series(repaired, index=frame.index, dtype=object)
    return frame


def _replace_surrogates(value, places: dict[str, int], where: str):
    """``value`` with every lone surrogate replaced by U+FFFD; counts them in ``places[where]``."""
    if isinstance(value, str):
        found = len(_SURROGATE.findall(value))
        if not found:
            return value
        places[where] = places.get(where, 0) + found
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_replace_surrogates(k, places, "a key name"): _replace_surrogates(v, places, where or str(k))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_surrogates(v, places, where) for v in value]
    return value


def repair_surrogates(value: dict) -> tuple[dict, tuple[str, str] | None]:
    """An object with lone surrogates replaced, and the ``(kind, reason)`` for the report (``None``: none).

    Example:
        >>> repair_surrogates({"text": "a\\ud800b"})
        ({'text': 'a�b'}, ('lone surrogate', 'lone UTF-16 surrogate escape(s) (\\\\uD800-\\\\uDFFF without its pair) replaced by U+FFFD in text (1x)'))
    """
    places: dict[str, int] = {}
    value = _replace_surrogates(value, places, "")
    if not places:
        return value, None
    where = ", ".join(f"{place} ({count}x)" for place, count in places.items())
    return value, ("lone surrogate", "lone UTF-16 surrogate escape(s) (\\uD800-\\uDFFF without its pair) "
                   f"replaced by U+FFFD in {where}")


def read_jsonl(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    """A JSON Lines file, in chunks of ``ctx.chunksize`` objects."""
    ctx.decoding = decoding = detect_encoding(ctx.source.open_binary)
    records: list[dict] = []
    lines: list[int] = []
    rows: list[int] = []
    repaired: list = []
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
            fix = None
            if "\\u" in line and _SURROGATE_ESCAPE.search(line):
                value, fix = repair_surrogates(value)
            records.append(value)
            lines.append(line_no)
            rows.append(row)
            repaired.append(fix)
            if len(records) >= ctx.chunksize:
                yield _records_frame(ctx, records, lines, rows, repaired)
                records, lines, rows, repaired = [], [], [], []
    ctx.rows_read = row
    if ctx.rows_read == ctx.rows_skipped:  # not one object read
        _no_records(ctx, "JSON Lines")
    yield _records_frame(ctx, records, lines, rows, repaired)


def _no_records(ctx: ReadContext, what: str) -> None:
    """Raise for a JSON file that gave no object to take columns from: empty, or every record skipped."""
    if ctx.rows_read == 0:
        raise LoadError(f"{ctx.source.name}: empty file (no {what} records)")
    first = next(i for i in ctx.report.issues if i.file == ctx.source.name and i.action == "skipped")
    where = f"line {first.line}" if first.line is not None else f"item {first.row}"
    raise LoadError(f"{ctx.source.name}: no article could be read: all {ctx.rows_read:,} {what} record(s) "
                    f"were skipped; the first at {where}: {first.reason}")


def _has_text_column(names: list[str]) -> bool:
    return "content" in map_columns(names)[0].values()


def articles_of_object(ctx: ReadContext, value: dict) -> list:
    """The articles of a top-level JSON object (see the module rules); notes the choice in ``ctx.notes``."""
    lists = [key for key, item in value.items() if isinstance(item, list)]
    if len(lists) != 1 or not all(isinstance(item, dict) for item in value[lists[0]]):
        return [value]
    key, items = lists[0], value[lists[0]]
    others = [str(k) for k in value if k != key]
    if _has_text_column(others):
        ctx.notes.append(f"read as one article; its list {key!r} of {len(items):,} object(s) is kept as "
                         "a column, not read as articles")
        return [value]
    note = f"read the {len(items):,} object(s) under {key!r} as articles"
    if others:
        shown = ", ".join(map(repr, others[:10])) + (" ..." if len(others) > 10 else "")
        note += f" (the top-level object has no text column); its other key(s) {shown} not loaded"
    ctx.notes.append(note)
    return items


def read_json(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    """A JSON document: an array of article objects, an object holding one, or one article."""
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
        value = articles_of_object(ctx, value)
    if not isinstance(value, list):
        raise LoadError(f"{ctx.source.name}: expected a JSON array of article objects, "
                        f"found {type(value).__name__}")
    check_surrogates = "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None
    records, rows, repaired = [], [], []
    for row, item in enumerate(value, 1):
        if isinstance(item, dict):
            fix = None
            if check_surrogates:
                item, fix = repair_surrogates(item)
            records.append(item)
            rows.append(row)
            repaired.append(fix)
        else:
            ctx.skip(None, row, "not a JSON object", f"array item {row} is not a JSON object: "
                     f"found {type(item).__name__}")
    ctx.rows_read = len(value)
    if not records:
        _no_records(ctx, "JSON array")
    yield _records_frame(ctx, records, [None] * len(records), rows, repaired)
