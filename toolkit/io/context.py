"""What every reader shares: the ``ReadContext`` it fills, and the chunk layout it returns.

Rules:
- a chunk is a DataFrame with the file's own column names plus ``_line`` (physical line where the
  record starts, 1-based, missing when the format has no lines) and ``_row`` (record number in the
  file, 1-based, header excluded);
- a row a reader cannot use is skipped right there with ``ReadContext.skip`` (file, line, row, reason);
- a row a reader loads but had to change (e.g. a lone surrogate replaced by U+FFFD) carries the
  reason in the optional ``_repaired`` column, as a ``(kind, reason)`` pair; the loader turns it into
  a report entry once the row's position in the result is known.

Example:
    >>> from pathlib import Path
    >>> from toolkit.io.report import LoadReport
    >>> from toolkit.io.sources import Source
    >>> ctx = ReadContext(Source("a.csv", Path("a.csv"), "csv"), LoadReport())
    >>> ctx.skip(3, 2, "wrong field count", "wrong field count: expected 2 fields, found 3")
    >>> ctx.rows_skipped, ctx.report.issues[0].line
    (1, 3)
    >>> text_frame(["text"], [["hi"]], [2], [1]).values.tolist()
    [['hi', 2, 1]]
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from toolkit.io.encoding import Decoding
from toolkit.io.report import LoadReport
from toolkit.io.sources import Source

REPAIRED = "_repaired"  # optional chunk column: (kind, reason) of a row loaded with its text changed


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
    blank_lines: int = 0  # blank lines ignored (CSV)

    def skip(self, line: int | None, row: int | None, kind: str, reason: str) -> None:
        """Record a record that is not loaded (it is counted in ``rows_read`` by the reader)."""
        self.rows_skipped += 1
        self.report.add_issue(self.source.name, line=line, row=row, action="skipped", kind=kind,
                              reason=reason)


def text_array(values) -> pd.api.extensions.ExtensionArray:
    """Python strings -> pandas' Arrow-backed ``str`` array."""
    return pd.array(pa.array(values, type=pa.large_string()), dtype="str")


def text_frame(columns: list[str], records: list, lines: list, rows: list) -> pd.DataFrame:
    """A chunk from row-wise lists of strings, with ``_line`` and ``_row``."""
    data = dict(zip(columns, map(text_array, zip(*records)))) if records \
        else {c: text_array([]) for c in columns}
    frame = pd.DataFrame(data, columns=columns)
    frame["_line"] = pd.array(lines, dtype="Int64")
    frame["_row"] = pd.array(rows, dtype="int64")
    return frame
