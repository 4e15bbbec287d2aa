"""What a load read, kept, repaired and skipped, and why: the ``LoadReport`` and ``LoadError``.

Every row a loader drops or changes is recorded as one issue with the file, the physical line where the
record starts (1-based; ``None`` for formats without lines such as Parquet), the record number within
that file (1-based, header excluded) and a reason. Files found but not read are listed with the reason
(``ignored_files``); ids that occur in more than one file are counted, with a few examples
(``duplicate_ids``, ``duplicate_rows``, ``duplicate_examples``).

Example:
    >>> report = LoadReport()
    >>> report.add_file("a.csv", format="csv", encoding="utf-8", rows_read=3, rows_loaded=2)
    >>> report.add_issue("a.csv", line=4, row=3, action="skipped", kind="field count",
    ...                  reason="wrong field count: expected 2 fields, found 3")
    >>> report.rows_read, report.rows_loaded, report.rows_skipped
    (3, 2, 1)
    >>> report.to_frame()[["file", "line", "row", "action"]].values.tolist()
    [['a.csv', 4, 3, 'skipped']]
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from typing import Any, Literal, Sequence

import pandas as pd

Action = Literal["skipped", "repaired", "kept"]
ISSUE_COLUMNS = ["file", "line", "row", "action", "kind", "reason", "index"]
MAX_DUPLICATE_EXAMPLES = 5


class LoadError(ValueError):
    """Input that cannot be loaded; the message names the file, the line/row when known, and the reason.

    When nothing could be read because no file holds articles, ``not_read`` lists each file tried with
    the reason (as the report of a load that succeeds lists them); otherwise it is empty.

    Example:
        >>> str(LoadError("a.csv: no usable text column; columns found: id, title"))
        'a.csv: no usable text column; columns found: id, title'
    """

    def __init__(self, message: str, not_read: "Sequence[tuple[str, str]]" = ()) -> None:
        super().__init__(message)
        self.not_read = list(not_read)


@dataclass
class LoadIssue:
    """One skipped, repaired or flagged row.

    ``action``: ``skipped`` (row not in the result), ``repaired`` (row kept with its text changed, e.g.
    mojibake fixed) or ``kept`` (row kept unchanged but worth knowing about, e.g. a date kept as NaT).
    ``index`` is the row's position in the returned DataFrame (``None`` when skipped).
    """

    file: str
    line: int | None
    row: int | None
    action: Action
    kind: str
    reason: str
    index: int | None = None


@dataclass
class FileSummary:
    """Per-file counts: format, encoding used, records read and rows loaded, and file-level notes."""

    file: str
    format: str
    encoding: str | None
    rows_read: int
    rows_loaded: int
    notes: list[str] = field(default_factory=list)

    def joined(self, other: FileSummary) -> FileSummary:
        """One summary of a file read in consecutive record ranges: counts added, notes once each
        (blank lines ignored added up).

        >>> a = FileSummary("a.csv", "csv", "utf-8", 2, 2, ["1 blank line(s) ignored"])
        >>> a.joined(FileSummary("a.csv", "csv", "utf-8", 3, 2, ["2 blank line(s) ignored"])).notes
        ['3 blank line(s) ignored']
        """
        blank = 0
        notes: list[str] = []
        for note in [*self.notes, *other.notes]:
            if (match := _BLANK_NOTE.fullmatch(note)) is not None:
                blank += int(match.group(1).replace(",", ""))
            elif note not in notes:
                notes.append(note)
        if blank:
            notes.append(f"{blank:,} blank line(s) ignored")
        return replace(self, rows_read=self.rows_read + other.rows_read,
                       rows_loaded=self.rows_loaded + other.rows_loaded, notes=notes)


_BLANK_NOTE = re.compile(r"([\d,]+) blank line\(s\) ignored")


@dataclass(repr=False)
class LoadReport(dict):
    """Counts and row-level issues of one ``toolkit.load`` call; ``print(report)`` for a summary.

    Example:
        >>> r = LoadReport()
        >>> r.add_file("a.csv", format="csv", encoding="utf-8", rows_read=2, rows_loaded=2)
        >>> print(r)
        Loaded 2 of 2 rows read from 1 file; 0 skipped, 0 repaired, 0 kept with a warning.
          a.csv: csv, utf-8, 2 read, 2 loaded
    """

    files: list[FileSummary] = field(default_factory=list)
    issues: list[LoadIssue] = field(default_factory=list)
    ignored_files: list[tuple[str, str]] = field(default_factory=list)
    #: ids (read from the files, not generated) that occur in more than one file of the load
    duplicate_ids: int = 0
    #: rows holding one of those ids, in all their files (the rows of the first file included)
    duplicate_rows: int = 0
    #: the first few: (id, the files holding it, in load order)
    duplicate_examples: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    # pandas writes ``df.attrs`` as JSON (``df.to_parquet``, ``pa.Table.from_pandas``): a report is also a
    # read-only mapping whose items are its stored form (:meth:`to_dict`), so a loaded frame writes as any
    # other. The one real key keeps the dict non-empty (json's fast path writes an empty dict as {}).
    def __post_init__(self) -> None:
        dict.__setitem__(self, "kind", "toolkit.LoadReport")

    def items(self) -> Any:
        """The stored form's items (what ``json.dumps(report)`` writes)."""
        return self.to_dict().items()

    def keys(self) -> Any:
        """The stored form's keys: the field names."""
        return self.to_dict().keys()

    def values(self) -> Any:
        """The stored form's values."""
        return self.to_dict().values()

    def __iter__(self) -> Any:
        return iter(self.to_dict())

    def __len__(self) -> int:
        return len(fields(self))

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def __contains__(self, key: object) -> bool:
        return any(f.name == key for f in fields(self))

    def get(self, key: str, default: Any = None) -> Any:
        """``report[key]``, or ``default`` for a name that is not a field."""
        return self[key] if key in self else default

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoadReport):
            return False                      # (not the dict storage's "kind" key)
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self))

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a LoadReport is read-only as a mapping: build it with add_file/add_issue/...")

    __setitem__ = __delitem__ = __ior__ = pop = popitem = clear = update = setdefault = _read_only

    def __reduce__(self) -> Any:                      # pickled by its fields (dask sends reports)
        return (LoadReport.from_dict, (self.to_dict(),))

    # pandas deep-copies ``df.attrs`` on most operations; a report is a record of one load, so all
    # frames derived from the result share it instead of copying thousands of issues each time
    def __deepcopy__(self, memo: dict) -> LoadReport:
        return self

    # -- building -------------------------------------------------------------------------------
    def add_file(self, file: str, *, format: str, encoding: str | None, rows_read: int,
                 rows_loaded: int, notes: list[str] | None = None) -> None:
        self.files.append(FileSummary(file, format, encoding, rows_read, rows_loaded, list(notes or [])))

    def add_issue(self, file: str, *, line: int | None, row: int | None, action: Action, kind: str,
                  reason: str, index: int | None = None) -> None:
        self.issues.append(LoadIssue(file, line, row, action, kind, reason, index))

    def ignore_file(self, file: str, reason: str) -> None:
        """Record a file found in a folder/glob/zip that was not read (e.g. unsupported suffix)."""
        self.ignored_files.append((file, reason))

    def add_duplicates(self, ids: int, rows: int, examples: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Record ``ids`` ids found in more than one file, held by ``rows`` rows; keeps 5 examples."""
        self.duplicate_ids += ids
        self.duplicate_rows += rows
        room = MAX_DUPLICATE_EXAMPLES - len(self.duplicate_examples)
        self.duplicate_examples.extend((str(i), tuple(files)) for i, files in list(examples)[:max(room, 0)])

    @classmethod
    def combine(cls, parts: "Sequence[tuple[LoadReport, int]]") -> LoadReport:
        """One report from the reports of several loads whose frames were concatenated in order;
        each part comes with the row offset of its frame in the result (shifts each issue's ``index``).
        Duplicate ids are the sum of each part's own: an id shared only *between* parts is not found.

        >>> a, b = LoadReport(), LoadReport()
        >>> a.add_file("a.csv", format="csv", encoding="utf-8", rows_read=2, rows_loaded=2)
        >>> b.add_file("b.csv", format="csv", encoding="utf-8", rows_read=2, rows_loaded=1)
        >>> b.add_issue("b.csv", line=2, row=1, action="repaired", kind="encoding", reason="x", index=0)
        >>> both = LoadReport.combine([(a, 0), (b, 2)])
        >>> both.rows_loaded, both.issues[0].index
        (3, 2)
        """
        out = cls()
        for report, offset in parts:
            for summary in report.files:
                if out.files and out.files[-1].file == summary.file:  # record ranges of one file
                    out.files[-1] = out.files[-1].joined(summary)
                else:
                    out.files.append(summary)
            out.ignored_files.extend(report.ignored_files)
            out.issues.extend(replace(issue, index=None if issue.index is None else issue.index + offset)
                              for issue in report.issues)
            out.add_duplicates(report.duplicate_ids, report.duplicate_rows, report.duplicate_examples)
        return out

    # -- counts ---------------------------------------------------------------------------------
    @property
    def rows_read(self) -> int:
        """Records found in the input files (header lines and blank lines not counted)."""
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        """Rows in the returned DataFrame."""
        return sum(f.rows_loaded for f in self.files)

    def _count(self, action: str) -> int:
        return sum(1 for issue in self.issues if issue.action == action)

    @property
    def rows_skipped(self) -> int:
        return self._count("skipped")

    @property
    def rows_repaired(self) -> int:
        return self._count("repaired")

    @property
    def rows_kept_with_warning(self) -> int:
        return self._count("kept")

    # -- stored form -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Every field as plain JSON-ready data (what :meth:`from_dict` reads back).

        >>> r = LoadReport(); r.add_duplicates(1, 2, [("x", ["a.csv", "b.csv"])])
        >>> LoadReport.from_dict(r.to_dict()) == r
        True
        """
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LoadReport:
        """The report :meth:`to_dict` gave; a field it lacks (older stored reports) stays empty."""
        report = cls()
        report.files = [FileSummary(**item) for item in data.get("files", [])]
        report.issues = [LoadIssue(**item) for item in data.get("issues", [])]
        report.ignored_files = [(str(f), str(r)) for f, r in data.get("ignored_files", [])]
        report.duplicate_ids = int(data.get("duplicate_ids", 0))
        report.duplicate_rows = int(data.get("duplicate_rows", 0))
        report.duplicate_examples = [(str(i), tuple(files)) for i, files in data.get("duplicate_examples", [])]
        return report

    # -- views ----------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per issue: ``file, line, row, action, kind, reason, index`` (line/row/index nullable)."""
        frame = pd.DataFrame([vars(issue) for issue in self.issues], columns=ISSUE_COLUMNS)
        for column in ("line", "row", "index"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def __str__(self) -> str:
        n_files = len(self.files)
        lines = [
            f"Loaded {self.rows_loaded:,} of {self.rows_read:,} rows read from {n_files:,} "
            f"file{'s' if n_files != 1 else ''}; {self.rows_skipped:,} skipped, "
            f"{self.rows_repaired:,} repaired, {self.rows_kept_with_warning:,} kept with a warning."
        ]
        shown_files = self.files if n_files <= 20 else self.files[:20]
        for summary in shown_files:
            text = (f"  {summary.file}: {summary.format}, {summary.encoding or '-'}, "
                    f"{summary.rows_read:,} read, {summary.rows_loaded:,} loaded")
            if summary.notes:
                text += "; " + "; ".join(summary.notes)
            lines.append(text)
        if n_files > len(shown_files):
            lines.append(f"  ... and {n_files - len(shown_files):,} more files")
        for file, reason in self.ignored_files[:10]:
            lines.append(f"  not read: {file} ({reason})")
        if len(self.ignored_files) > 10:
            lines.append(f"  ... and {len(self.ignored_files) - 10:,} more files not read")
        if self.duplicate_ids:
            shown = "; ".join(f"{i!r} in {', '.join(files)}" for i, files in self.duplicate_examples[:3])
            lines.append(f"  duplicate ids: {self.duplicate_ids:,} id(s) occur in more than one file "
                         f"({self.duplicate_rows:,} rows), e.g. {shown}")
        groups = Counter((issue.action, issue.kind) for issue in self.issues)
        for (action, kind), count in sorted(groups.items()):
            examples = [i for i in self.issues if i.action == action and i.kind == kind][:3]
            lines.append(f"  {action}: {count:,} x {kind}, e.g.")
            for issue in examples:
                where = f"line {issue.line}" if issue.line is not None else f"row {issue.row}"
                lines.append(f"    {issue.file} {where}: {issue.reason}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"<LoadReport files={len(self.files)} read={self.rows_read} loaded={self.rows_loaded} "
                f"skipped={self.rows_skipped} repaired={self.rows_repaired} "
                f"kept_with_warning={self.rows_kept_with_warning}>")


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses as dicts, tuples as lists, NumPy scalars as Python's."""
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):   # numpy scalars
        return value.item()
    return value
