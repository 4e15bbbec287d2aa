"""``load()``: read files, folders, globs or lists of them into one canonical article DataFrame.

Steps: find the sources (``sources``), read each in chunks (``readers``), map its header to the
canonical columns (``schema``), concatenate in sorted file order, count ids found in more than one
file (and drop those rows with ``dedupe``), then check every row once: undecodable bytes and mojibake
(``encoding``), NUL characters, non-string content, dates, empty content.

Rules: every record read is either in the result or in ``df.attrs["load_report"]`` as skipped, with its
file, line/row and reason; every change to a row is reported too. A file that is not an article table
(no text column, empty, binary, corrupt or truncated compression) is listed in the report as not read
when other files of the load are read (``errors="report"``, the default); the load fails with
``LoadError`` naming the file only when no file gives articles, or at the first such file with
``errors="raise"``. Source files are only ever opened for reading.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "news.csv").write_text("headline,outlet,body,published\\nHi,AP,Hello world,2016-05-01\\n")
    >>> df = load(folder / "news.csv")
    >>> df[["title", "publication", "content"]].values.tolist()
    [['Hi', 'AP', 'Hello world']]
    >>> str(df["date"].dtype), df.attrs["load_report"].rows_loaded
    ('datetime64[ns]', 1)
"""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.io.arrowtext import count_byte, replace_at
from toolkit.io.context import REPAIRED, ReadContext
from toolkit.io.duplicates import DEDUPE_CHOICES, find_duplicates
from toolkit.io.encoding import first_mojibake, first_suspect, repair_mojibake
from toolkit.io.readers import read_source
from toolkit.io.report import LoadError, LoadReport
from toolkit.io.schema import (CANONICAL_COLUMNS, TEXT_DTYPE, as_text, dropped_columns, map_columns,
                               non_string_notes, parse_dates, require_text_column, to_numeric_if_all)
from toolkit.io.sources import READ_ERRORS, Source, find_sources, read_error
from toolkit.io.textfiles import read_text_files

KEPT = "_kept"  # (kind, reason) of a row kept unchanged but worth a warning (non-string content)
ID_GIVEN = "_id_given"  # the row's id comes from the file (not generated): checked for duplicates
PROVENANCE = ["_file", "_line", "_row", ID_GIVEN, REPAIRED, KEPT]
TEXT_COLUMNS = ["title", "publication", "author", "content"]  # checked for mojibake
AUTO_PROGRESS_BYTES = 16 << 20
ERRORS = ("report", "raise")


def load(path: str | os.PathLike | Sequence[str | os.PathLike], *, progress: bool | None = None,
         chunksize: int = 50_000, repair: bool = True, errors: Literal["report", "raise"] = "report",
         dedupe: bool | Literal["first", "last"] = False, storage_options: dict | None = None,
         **kw: Any) -> pd.DataFrame:
    """Load news articles from a file, folder, glob or list of them (CSV/TSV, JSON Lines, JSON,
    Parquet, ``.txt``/``.cor``, optionally ``.gz``/``.bz2``/``.xz``, and ``.zip`` archives).

    Returns ``id, title, publication, author, date, url, content`` first, extra columns after them,
    then ``source_file`` when several files were read (a file's own ``source_file`` column, as in an exported
    selection, is then kept as ``original_source_file``, said in its summary). ``progress``: tqdm bar on/off
    (``None``: on for inputs over 16 MB in a terminal or notebook). ``repair``: fix mojibake such as ``â€™`` (reported
    per row either way). Source files are only ever opened for reading.

    ``errors``: ``"report"`` (default): a file that is not an article table (no text column, empty,
    binary, corrupt) is listed in the report as not read, with the reason, when other files give
    articles; ``"raise"``: the first such file raises ``LoadError``. Either way ``LoadError`` (naming the
    file, and the line when known) is raised when nothing can be read: a missing path, a glob matching
    nothing, no file with articles.

    ``dedupe``: what to do with an id (read from the files, not generated) found in more than one file
    of the load, e.g. a raw and a tokenized copy of the same articles. ``False`` (default): keep every
    row, report the count and examples (``report.duplicate_ids``); ``"first"`` or ``True``: keep the rows
    of the first file holding the id (in load order), skip those of later files; ``"last"``: keep the
    last file's. Skipped rows are reported as skipped, kind ``duplicate id``. Rows of one file that
    share an id (e.g. one row per quote) are all kept.

    Paths may be fsspec URLs (``s3://bucket/corpus/``, ``gs://...``, ``https://...``) opened with
    ``storage_options`` (credentials, ``client_kwargs={"endpoint_url": ...}``), as dask takes them; the
    protocol's package (``s3fs``, ``gcsfs``, ...) must be installed. Rows name such files by URL.

    Example:
        >>> df = load("data/sample")                                   # doctest: +SKIP
        >>> print(df.attrs["load_report"])                             # doctest: +SKIP
        >>> df = load(["raw.csv", "tokenized.csv"], dedupe="first")    # doctest: +SKIP
        >>> df = load("s3://news/atn2/", storage_options={"anon": True})   # doctest: +SKIP
    """
    if kw:
        raise TypeError(f"load() got unexpected keyword argument(s): {', '.join(sorted(kw))}")
    return load_marking_ids(path, progress=progress, chunksize=chunksize, repair=repair, errors=errors, dedupe=dedupe,
                            storage_options=storage_options, keep_given=False)


def load_marking_ids(path: str | os.PathLike | Sequence[str | os.PathLike], *, progress: bool | None,
                     chunksize: int, repair: bool, errors: str, dedupe: bool | str,
                     storage_options: dict | None, keep_given: bool) -> pd.DataFrame:
    """:func:`load`; with ``keep_given``, the frame keeps a last column ``_id_given`` (True where the id was read
    from the file, not generated): what finds ids shared by files loaded apart
    (:func:`toolkit.io.partitions.duplicate_report`)."""
    if chunksize < 1:
        raise ValueError("chunksize must be at least 1")
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {', '.join(map(repr, ERRORS))}, not {errors!r}")
    if dedupe not in DEDUPE_CHOICES:
        raise ValueError(f"dedupe must be False, True, 'first' or 'last', not {dedupe!r}")
    report = LoadReport()
    sources = find_sources(path, report=report, storage_options=storage_options)
    bar = _progress_bar(progress, sources)
    frames: list[pd.DataFrame] = []
    failures: list[tuple[Source, LoadError]] = []
    bad_lines: dict[str, list[int]] = {}
    try:
        start = 0
        while start < len(sources):
            if sources[start].format == "txt":  # a folder of .txt files: read as one batch
                stop = start
                while stop < len(sources) and sources[stop].format == "txt":
                    stop += 1
                frame, failed = _read_text_batch(sources[start:stop], report, bar, bad_lines)
                if len(frame):
                    frames.append(frame)
                failures += failed
                start = stop
            else:
                source, mark = sources[start], len(report.issues)
                try:
                    frame, ctx = _guarded(source, _read_one, source, report, chunksize, bar)
                except LoadError as exc:
                    del report.issues[mark:]  # the rows of a file not read are not reported one by one
                    failures.append((source, exc))
                else:
                    frames.append(frame)
                    if ctx.decoding is not None and ctx.decoding.bad_lines:
                        bad_lines[source.name] = ctx.decoding.bad_lines
                start += 1
            if failures and errors == "raise":
                raise failures[0][1]
    finally:
        if bar is not None:
            bar.close()
    if not frames:
        _raise_nothing_read(failures)
    for source, exc in failures:
        report.ignore_file(source.name, _reason(source, exc))
    df = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0]
    if len(sources) > 1:
        df = find_duplicates(df, report, dedupe)
    given = df[ID_GIVEN].to_numpy(dtype=bool) if keep_given else None
    df = _finish(df, report, bad_lines, several=len(sources) > 1, repair=repair)
    if given is not None:
        df[ID_GIVEN] = given
    df.attrs["load_report"] = report
    return df


def _reason(source: Source, exc: LoadError) -> str:
    """The message of ``exc`` without the file name it starts with (the report names the file)."""
    message = str(exc)
    return message[len(source.name) + 2:] if message.startswith(f"{source.name}: ") else message


def _raise_nothing_read(failures: list[tuple[Source, LoadError]]) -> None:
    not_read = [(source.name, _reason(source, exc)) for source, exc in failures]
    if len(failures) == 1:
        failures[0][1].not_read = not_read
        raise failures[0][1]
    shown = "; ".join(str(exc) for _, exc in failures[:5])
    more = f"; and {len(failures) - 5:,} more" if len(failures) > 5 else ""
    raise LoadError(f"no article could be read from the {len(failures):,} files found: {shown}{more}", not_read)


def _progress_bar(progress: bool | None, sources: list[Source]):
    if progress is False:
        return None
    total = sum(s.size for s in sources)
    if progress is None:
        interactive = sys.stderr.isatty() or "ipykernel" in sys.modules
        if not interactive or total < AUTO_PROGRESS_BYTES:
            return None
    # imported here, not at the top: inside Jupyter tqdm.auto loads ipywidgets (an optional heavy stack)
    # for its bar, and only a big interactive load shows one
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, desc="loading", leave=False)


def _guarded(source: Source, read, *args):
    """``read(*args)``, with the low-level errors of a damaged file turned into a ``LoadError`` naming it."""
    try:
        return read(*args)
    except READ_ERRORS as exc:
        raise read_error(source, exc) from exc


def _read_one(source: Source, report: LoadReport, chunksize: int, bar) -> tuple[pd.DataFrame, ReadContext]:
    """Read one source into a frame with canonical names (not yet canonical dtypes) + provenance."""
    ctx = ReadContext(source, report, chunksize, on_read=bar.update if bar is not None else None)
    chunks = []
    for chunk in read_source(ctx):
        if not chunks and source.format in ("csv", "tsv", "parquet"):
            require_text_column(source.name, ctx.columns)  # fail before reading a big file
        chunks.append(chunk)
    if bar is not None and source.member:
        bar.update(source.size)
    require_text_column(source.name, ctx.columns)
    frame = pd.concat(chunks, ignore_index=True, sort=False) if len(chunks) > 1 else chunks[0]
    names = [c for c in frame.columns if c not in PROVENANCE]
    rename, notes = map_columns(names)
    frame = frame.drop(columns=dropped_columns(names)).rename(columns=rename)
    for column in CANONICAL_COLUMNS:
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="str")
    # ids: from the file, else "<file stem>:<record number>"
    ids = as_text(frame["id"])
    generated = source.stem + ":" + frame["_row"].astype("str")
    frame[ID_GIVEN] = ids.notna().to_numpy(dtype=bool)
    frame["id"] = ids.where(ids.notna(), generated)
    frame["_file"] = source.name
    notes_column = non_string_notes(frame["content"])
    if notes_column is not None:
        frame[KEPT] = notes_column
    mapped = [f"{old}->{new}" for old, new in rename.items() if old != new]
    if mapped:
        notes.append("columns " + ", ".join(mapped))
    decoding = ctx.decoding
    if decoding is not None and decoding.note:
        notes.append(decoding.note)
    report.add_file(source.name, format=source.format,
                    encoding=decoding.encoding if decoding else None,
                    rows_read=ctx.rows_read, rows_loaded=len(frame), notes=notes + ctx.notes)
    return frame, ctx


def _read_text_batch(sources: list[Source], report: LoadReport, bar, bad_lines: dict[str, list[int]]
                     ) -> tuple[pd.DataFrame, list[tuple[Source, LoadError]]]:
    frame, read, failed = read_text_files(sources, bar.update if bar is not None else None)
    if bar is not None:
        bar.update(sum(source.size for source in sources if source.member))
    for source, decoding in read:
        if decoding.bad_lines:
            bad_lines[source.name] = decoding.bad_lines
        report.add_file(source.name, format="txt", encoding=decoding.encoding, rows_read=1,
                        rows_loaded=1, notes=[decoding.note] if decoding.note else [])
    for column in CANONICAL_COLUMNS:
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="str")
    frame[ID_GIVEN] = True  # the file stem
    return frame, failed


def _issue_rows(report: LoadReport, df: pd.DataFrame, mask: np.ndarray, *, action: str, kind: str,
                reasons) -> None:
    """Add one issue per True position of ``mask``; ``reasons(i)`` gives the text for position i."""
    files, lines, rows = df["_file"].to_numpy(), df["_line"].to_numpy(), df["_row"].to_numpy()
    for i in np.flatnonzero(mask):
        line = lines[i]
        report.add_issue(str(files[i]), line=None if pd.isna(line) else int(line), row=int(rows[i]),
                         action=action, kind=kind, reason=reasons(i), index=int(i))


def _check_mojibake(df: pd.DataFrame, report: LoadReport, repair: bool) -> None:
    """Repair UTF-8-read-as-cp1252/latin-1 runs in the text columns (when ``repair``) and report every row
    changed ("repaired") or still holding a suspect run ("kept")."""
    fixed: dict[int, list[str]] = {}
    left: dict[int, list[str]] = {}
    for column in TEXT_COLUMNS:
        values = df[column]
        # every suspect run starts with a character in U+00C2..U+00F4, i.e. UTF-8 byte 0xC3
        candidates = np.flatnonzero(count_byte(values, 0xC3))
        if not len(candidates):
            continue
        positions, texts = [], []
        for i in candidates:  # few rows; (``iloc[candidates]`` would concatenate all Arrow chunks)
            text = original = values.iat[i]
            if not first_suspect(original):
                continue
            if repair:
                text, count = repair_mojibake(original)
                if count:
                    positions.append(i)
                    texts.append(text)
                    bad = first_mojibake(original)
                    fixed.setdefault(int(i), []).append(
                        f"{column} ({count}x, e.g. {bad!r} -> {repair_mojibake(bad)[0]!r})")
            if remaining := first_suspect(text):
                left.setdefault(int(i), []).append(f"{column} (e.g. {remaining!r})")
        if positions:
            df[column] = replace_at(values, positions, texts)
    repaired_text = "mojibake (UTF-8 read as cp1252 or latin-1) repaired in "
    for rows, action, text in ((fixed, "repaired", repaired_text),
                               (left, "kept", "possible mojibake left as is in ")):
        mask = np.zeros(len(df), dtype=bool)
        mask[list(rows)] = True
        _issue_rows(report, df, mask, action=action, kind="mojibake",
                    reasons=lambda i, rows=rows, text=text: text + ", ".join(rows[i]))


def _check_nul(df: pd.DataFrame, report: LoadReport) -> None:
    """Report every row holding NUL characters (U+0000: a sign of binary data or a wrong encoding;
    many tools stop reading text at them). They are kept: the row's text is not changed."""
    found: dict[int, list[str]] = {}
    for column in ("id", *TEXT_COLUMNS, "url"):
        counts = count_byte(df[column], 0)
        for i in np.flatnonzero(counts):
            found.setdefault(int(i), []).append(f"{column} ({counts[i]}x)")
    mask = np.zeros(len(df), dtype=bool)
    mask[list(found)] = True
    _issue_rows(report, df, mask, action="kept", kind="NUL characters",
                reasons=lambda i: "NUL character(s) U+0000 kept in " + ", ".join(found[i]))


def keep_own_source_file(df: pd.DataFrame, report: LoadReport) -> pd.DataFrame:
    """Files of several that have a ``source_file`` column of their own (an exported selection has one): it is
    kept as ``original_source_file`` (or ``original_source_file_2``...), since ``source_file`` names the file each
    row was read from, and each such file's summary says so."""
    name, n = "original_source_file", 2
    while name in df.columns:
        name, n = f"original_source_file_{n}", n + 1
    having = set(df.loc[df["source_file"].notna().to_numpy(dtype=bool), "_file"])
    for summary in report.files:
        if summary.file in having:
            summary.notes.append(f"its column 'source_file' is kept as {name!r} (source_file names the file "
                                 f"each row was read from)")
    return df.rename(columns={"source_file": name})


def _finish(df: pd.DataFrame, report: LoadReport, bad_lines: dict[str, list[int]], *,
            several: bool, repair: bool) -> pd.DataFrame:
    df = df.reset_index(drop=True)
    n = len(df)
    for column in ("id", "title", "url", "publication", "author"):
        df[column] = as_text(df[column])
    content = df["content"]
    if content.dtype != TEXT_DTYPE:
        content = as_text(content)
    df["content"] = content.fillna("") if content.hasnans else content

    # undecodable bytes: map each bad physical line to the record holding it: a loaded row (reported
    # here), a skipped record (already reported as skipped) or, before the first record, the header
    file_codes = df["_file"].to_numpy()
    for name, bad in bad_lines.items():
        positions = np.flatnonzero(file_codes == name)
        skipped = [i.line for i in report.issues
                   if i.file == name and i.action == "skipped" and i.line is not None]
        starts = np.concatenate([df["_line"].to_numpy()[positions].astype("int64"),
                                 np.asarray(skipped, dtype=np.int64)])
        owners = np.concatenate([positions, np.full(len(skipped), -1)])
        order = np.argsort(starts, kind="stable")
        starts, owners = starts[order], owners[order]
        hit = np.searchsorted(starts, np.asarray(bad), side="right") - 1
        bad_by_row: dict[int, list[int]] = {}
        before_records: list[int] = []
        for line, h in zip(bad, hit):
            if h < 0:
                before_records.append(int(line))
            elif owners[h] >= 0:
                bad_by_row.setdefault(int(owners[h]), []).append(int(line))
        if before_records:
            report.add_issue(name, line=before_records[0], row=None, action="repaired",
                             kind="undecodable bytes", reason="undecodable byte(s) before the first record "
                             f"(header) on line(s) {', '.join(map(str, before_records))} replaced by U+FFFD")
        mask = np.zeros(n, dtype=bool)
        mask[list(bad_by_row)] = True
        _issue_rows(report, df, mask, action="repaired", kind="undecodable bytes",
                    reasons=lambda i: "undecodable byte(s) on line(s) "
                    f"{', '.join(map(str, bad_by_row[i]))} replaced by U+FFFD")

    # rows the readers repaired (e.g. lone surrogates) or flagged (non-string content)
    for column, action in ((REPAIRED, "repaired"), (KEPT, "kept")):
        if column in df.columns:
            notes = df[column]
            by_kind: dict[str, np.ndarray] = {}
            for i in np.flatnonzero(notes.notna().to_numpy(dtype=bool)):
                by_kind.setdefault(notes.iat[i][0], np.zeros(n, dtype=bool))[i] = True
            for kind, mask in by_kind.items():
                _issue_rows(report, df, mask, action=action, kind=kind,
                            reasons=lambda i, notes=notes: notes.iat[i][1])

    _check_mojibake(df, report, repair)
    _check_nul(df, report)

    # dates
    raw_dates = df["date"]
    dates, unparseable, out_of_range = parse_dates(raw_dates)
    _issue_rows(report, df, unparseable.to_numpy(), action="kept", kind="unparseable date",
                reasons=lambda i: f"unparseable date {str(raw_dates.iat[i])[:60]!r} kept as NaT")
    _issue_rows(report, df, out_of_range.to_numpy(), action="kept", kind="date out of range",
                reasons=lambda i: f"date {str(raw_dates.iat[i])[:60]!r} outside 1677-2262, kept as NaT")
    df["date"] = dates

    # empty content: kept (the row may carry useful metadata), reported
    empty = ((df["content"] == "") | df["content"].str.isspace()).to_numpy(dtype=bool)
    _issue_rows(report, df, empty, action="kept", kind="empty content",
                reasons=lambda i: "empty content (row kept)")

    df["publication"] = df["publication"].astype("category")
    df["author"] = df["author"].astype("category")
    if several and "source_file" in df.columns:
        df = keep_own_source_file(df, report)
    extras = [c for c in df.columns if c not in CANONICAL_COLUMNS and c not in PROVENANCE]
    for column in extras:
        df[column] = to_numeric_if_all(df[column])
    order = CANONICAL_COLUMNS + extras
    if several:
        df["source_file"] = df["_file"].astype("category")
        order.append("source_file")
    order_of_file = {summary.file: k for k, summary in enumerate(report.files)}
    report.issues.sort(key=lambda i: (order_of_file.get(i.file, -1), i.row or 0, i.kind))
    return df[order].reset_index(drop=True)
