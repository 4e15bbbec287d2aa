"""Plain-text readers: ``.txt`` (one article per file) and ``.cor`` (one article per non-empty line).

Rules:
- ``.txt``: ``content`` is the full text (nothing stripped), ``title`` the first non-empty line when it
  is at most 300 characters, ``id`` the file stem, ``publication`` the parent folder (``Source.folder``).
- ``.cor``: one article per non-empty line (the gensim corpus convention); ``_line`` is its line.
- Binary content is not text: a file starting with a known binary signature (PNG, JPEG, PDF, zip,
  gzip, ...), or whose first 8 KiB are more than 10% NUL bytes or more than 30% control bytes and
  invalid UTF-8 (UTF-16 text excepted), is not read; the reason says which. A few NUL characters in
  real text are kept (the loader reports them per row).
- Decoding follows ``encoding.decode_bytes``.

Example:
    >>> binary_content(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(100))
    'binary content, not text (PNG image signature)'
    >>> binary_content("A title\\n\\nSome text with a stray \\x00 NUL.\\n".encode()) is None
    True
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from toolkit.io.context import ReadContext, text_frame
from toolkit.io.encoding import Decoding, decode_bytes
from toolkit.io.report import LoadError
from toolkit.io.sources import READ_ERRORS, Source, read_error

MAX_TITLE_CHARS = 300
SNIFF_BYTES = 8192
SIGNATURES = [  # (leading bytes, what they are)
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "zip archive (or docx/xlsx/odt)"),
    (b"\x1f\x8b", "gzip-compressed data"), (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"BZh91AY&SY", "bz2-compressed data"), (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"PAR1", "Parquet file"), (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"),
]
# control bytes that text does not hold (tab, line ends, form feed and escape are allowed)
_CONTROL = np.zeros(256, dtype=bool)
_CONTROL[[*range(0, 9), *range(14, 27), *range(28, 32), 127]] = True


def binary_content(data: bytes, decoding: Decoding | None = None) -> str | None:
    """Why ``data`` is binary rather than text (the reason for the report), or ``None`` when it is text."""
    for magic, what in SIGNATURES:
        if data.startswith(magic):
            return f"binary content, not text ({what} signature)"
    if decoding is not None and decoding.encoding.startswith("utf-16"):
        return None
    sample = data[:SNIFF_BYTES]
    if not sample:
        return None
    codes = np.frombuffer(sample, dtype=np.uint8)
    nul = int(np.count_nonzero(codes == 0))
    if nul > 0.1 * len(sample):
        return f"binary content, not text ({nul / len(sample):.0%} NUL bytes in the first {len(sample):,} bytes)"
    invalid = sample.decode("utf-8", "replace").count("\ufffd") - sample.count(b"\xef\xbf\xbd")
    odd = int(np.count_nonzero(_CONTROL[codes])) + max(invalid, 0)
    if odd > 0.3 * len(sample):
        return (f"binary content, not text ({odd / len(sample):.0%} control bytes or invalid UTF-8 in the "
                f"first {len(sample):,} bytes)")
    return None


def _title(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip() if len(line.strip()) <= MAX_TITLE_CHARS else None
    return None


def read_text_files(sources: list[Source], on_read: Callable[[int], None] | None = None,
                    ) -> tuple[pd.DataFrame, list[tuple[Source, Decoding]], list[tuple[Source, LoadError]]]:
    """Many ``.txt`` files, one article each, as one frame (with a ``_file`` column) in one go.

    Returns the frame, ``(source, decoding)`` of each file read (in frame order) and ``(source, error)``
    of each file not read (unreadable, or binary content); the caller decides whether to raise.
    """
    records, read, failed = [], [], []
    for source in sources:
        try:
            with source.open_binary(on_read) as raw:
                data = raw.read()
        except READ_ERRORS as exc:
            failed.append((source, read_error(source, exc)))
            continue
        text, decoding = decode_bytes(data)
        if why := binary_content(data, decoding):
            failed.append((source, LoadError(f"{source.name}: {why}")))
            continue
        records.append([source.stem, _title(text), source.folder, text, source.name])
        read.append((source, decoding))
    ones = [1] * len(records)
    return text_frame(["id", "title", "publication", "content", "_file"], records, ones, ones), read, failed


def read_lines(ctx: ReadContext) -> Iterator[pd.DataFrame]:
    """A ``.cor`` file: one article per non-empty line."""
    with ctx.source.open_binary(ctx.on_read) as raw:
        data = raw.read()
    text, ctx.decoding = decode_bytes(data)
    if why := binary_content(data, ctx.decoding):
        raise LoadError(f"{ctx.source.name}: {why}")
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
    yield text_frame(ctx.columns, records, lines, rows)
