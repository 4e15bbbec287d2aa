"""A corpus in partitions: whole files, runs of small files, record ranges of a big CSV, each loaded alone.

Rules:
- A partition is a tuple of consecutive sources in :func:`toolkit.load`'s order: one file, several small ones
  adding up to at most the target size, or one record range of a bigger CSV (``Source.part``:
  :mod:`toolkit.io.recordranges`); the members of one zip archive stay together.
- :func:`load_partition` is :func:`toolkit.load` itself on just a partition's files; a record range read alone
  gives the rows, lines and generated ids of the whole file. :func:`merged_report` joins the partitions'
  reports into the whole input's (issue positions moved by the rows before them).
- What partitions cannot see alone: an id shared *between* partitions (``LoadReport.combine`` does not find
  it; :func:`duplicate_report` does, from every partition's ids), so ``dedupe`` belongs to a whole load; an
  extra column numeric in some partitions only keeps each partition's type.
- Used by :mod:`toolkit.scale` (a partition per dask task) and by the index's out-of-core build
  (:mod:`toolkit.index.out_of_core`, a partition at a time); the sizes are the callers'.

Example:
    >>> plan = plan_partitions("data/sample", 16 << 20, 128 << 20)   # doctest: +SKIP
    >>> [len(p) for p in plan.parts], plan.several                     # doctest: +SKIP
    ([1], False)
"""
from __future__ import annotations

import dataclasses
import glob
import inspect
import os
from typing import Any, Sequence, Union

import pandas as pd

from toolkit.io.csvfiles import record_ranges
from toolkit.io.duplicates import find_duplicates
from toolkit.io.loader import ID_GIVEN, keep_own_source_file, load, load_marking_ids
from toolkit.io.report import LoadError, LoadReport
from toolkit.io.schema import CANONICAL_COLUMNS
from toolkit.io.sources import Source, find_sources

__all__ = ["PathsLike", "Partition", "Plan", "plan_partitions", "input_sources", "group_sources", "load_partition",
           "merged_report", "duplicate_report"]

PathsLike = Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]]
Partition = tuple  # tuple[Source, ...]: consecutive input files read together


def input_sources(paths: PathsLike, report: LoadReport | None = None, storage_options: dict | None = None
                  ) -> list[Source]:
    """The sources of ``paths`` as :func:`toolkit.load` finds them, with absolute local paths."""
    # absolute paths, because a worker's working directory is not the client's; the name (what
    # toolkit.load reports and puts in source_file) stays as the user wrote it; remote sources carry
    # their storage (and its options) to the workers
    return [s if s.storage else dataclasses.replace(s, path=s.path.absolute())
            for s in find_sources(paths, report=report, storage_options=storage_options)]


def group_sources(sources: Sequence[Source], target: int, range_bytes: int) -> list[Partition]:
    """``sources`` in partitions: consecutive small files up to ``target`` bytes, a CSV over ``range_bytes``
    cut into record ranges (one partition each)."""
    groups: list[list[Source]] = []
    size = 0
    for source in (piece for whole in sources for piece in record_ranges(whole, range_bytes)):
        n = source.size
        same_file = bool(groups) and groups[-1][-1].path == source.path and source.part is None
        alone = source.part is not None or groups[-1][-1].part is not None if groups else True
        if not groups or alone or (size + n > target and not same_file):
            groups.append([])
            size = 0
        groups[-1].append(source)
        size += n
    return [tuple(g) for g in groups]


@dataclasses.dataclass(frozen=True)
class Plan:
    """The partitions of one input, whether it has several files, and the files found there but not read
    (a report holding only those, as ``toolkit.load`` lists them)."""

    parts: list[Partition]
    several: bool
    not_read: LoadReport


def plan_partitions(paths: PathsLike, target: int, range_bytes: int, storage_options: dict | None = None
                    ) -> Plan:
    """The partitions of ``paths`` (see :func:`group_sources`), whether there are several files, and the
    files found but not read."""
    not_read = LoadReport()
    sources = input_sources(paths, not_read, storage_options)
    return Plan(group_sources(sources, target, range_bytes), len(sources) > 1, not_read)


def load_partition(sources: "Sequence[Source]", *, several: bool = True, mark_ids: bool = False,
                   **load_kw: Any) -> pd.DataFrame:
    """The rows ``toolkit.load`` gives for these sources: ``toolkit.load`` itself, on just their files.

    Index 0..n-1 within the partition; ``several=True`` gives the ``source_file`` column that
    ``toolkit.load`` adds when the whole input has several files (same values: the source names).
    ``attrs["load_report"]``: the report of these files, named as ``toolkit.load`` names them,
    issue positions within the partition. ``load_kw``: :func:`toolkit.load`'s options; ``mark_ids``: keep
    the ``_id_given`` column that :func:`duplicate_report` reads.

    >>> part = plan_partitions("data/sample", 16 << 20, 128 << 20).parts[0]   # doctest: +SKIP
    >>> load_partition(part).columns[:3].tolist()                 # doctest: +SKIP
    ['id', 'title', 'publication']
    """
    files = list(dict.fromkeys(_load_argument(source) for source in sources))
    # back to the names toolkit.load gives for the paths as the user wrote them
    as_read = {str(s.path) + (f"::{s.member}" if s.member else ""): s.name for s in sources}
    try:
        options = inspect.signature(load).bind(files, progress=False, **load_kw)
        options.apply_defaults()
        unknown = options.arguments.pop("kw")
        if unknown:
            raise TypeError(f"load() got unexpected keyword argument(s): {', '.join(sorted(unknown))}")
        df = load_marking_ids(**options.arguments, keep_given=mark_ids)
    except LoadError as exc:
        # no file of this partition holds articles (e.g. a metadata.tsv of its own): toolkit.load lists
        # such files as not read when other files give articles; the merge raises when none does. A
        # record range that cannot be read (its file changed since the plan) fails the task instead:
        # the file's other ranges were read
        if not exc.not_read or any(source.part is not None for source in sources):
            raise
        df = _no_articles(exc.not_read)
    _rename_files(df.attrs.get("load_report"), as_read)
    own = len(files) == 1 and "source_file" in df.columns    # the file's own: toolkit.load names one file in none
    if "source_file" in df.columns and not own:               # toolkit.load's, naming each row's file
        df["source_file"] = df["source_file"].cat.rename_categories(as_read)
    if several:
        if own:      # one file of several: its own column is kept as toolkit.load keeps it for several files
            report = df.attrs["load_report"]
            df = keep_own_source_file(df.assign(_file=sources[0].name), report).drop(columns="_file")
            df.attrs["load_report"] = report
        if "source_file" not in df.columns:
            df["source_file"] = pd.Series(sources[0].name, index=df.index, dtype="category")
    return df


def _rename_files(report: LoadReport | None, names: dict[str, str]) -> None:
    if report is not None:
        for item in [*report.files, *report.issues]:
            item.file = names.get(item.file, item.file)
        report.ignored_files = [(names.get(file, file), reason) for file, reason in report.ignored_files]


def _no_articles(not_read: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """An empty partition whose report lists the files ``toolkit.load`` could not read, with its reasons."""
    report = LoadReport()
    for file, reason in not_read:
        report.ignore_file(file, reason)
    df = pd.DataFrame({column: pd.Series([], dtype=_EMPTY_DTYPES.get(column, "str")) for column in CANONICAL_COLUMNS})
    df.attrs["load_report"] = report
    return df


_EMPTY_DTYPES = {"publication": "category", "author": "category", "date": "datetime64[ns]"}


def _load_argument(source: "Source") -> "str | Source":
    """What to pass to ``toolkit.load`` so that it sees ``source`` as it did in the whole input.

    A record range of a big CSV is the ``Source`` itself (it knows the rows before it), and so is a
    remote file (it carries its storage). A ``.txt``
    article takes its publication from its folder only when that folder lies below the folder the user
    gave; a glob whose fixed part stops above the folder keeps that so.
    """
    if source.part is not None or source.storage is not None:
        return source
    if source.format != "txt" or not source.folder or source.member:
        return str(source.path)
    parent = source.path.parent
    first = glob.escape(parent.name[0])
    if first == parent.name[0] and first.isalnum():
        first = f"[{first}]"
    elif first == parent.name[0]:
        return str(source.path)  # unusual first character: no safe pattern, read as a plain file
    return os.path.join(glob.escape(str(parent.parent)), first + glob.escape(parent.name[1:]),
                        glob.escape(source.path.name))


def merged_report(not_read: LoadReport, parts: Sequence[tuple[LoadReport | None, int]]) -> LoadReport:
    """``toolkit.load``'s report of the whole input from the partitions' (report, rows) in order.

    Issue positions move by the rows of earlier partitions; the files found but not read come from the
    plan, once (a partition reading a zip archive lists the members it skips again).
    """
    merged, start = [(not_read, 0)], 0
    for report, n_rows in parts:
        if report is not None:
            merged.append((report, start))
        start += n_rows
    out = LoadReport.combine(merged)
    out.ignored_files = list(dict.fromkeys(out.ignored_files))
    if not out.files and out.ignored_files:
        shown = "; ".join(f"{file}: {reason}" for file, reason in out.ignored_files[:5])
        raise LoadError(f"no article could be read from the {len(out.ignored_files):,} files found: {shown}")
    return out


def duplicate_report(report: LoadReport, frame: pd.DataFrame) -> LoadReport:
    """``report`` (the partitions' reports merged) with the duplicate ids counted over the whole ``frame``,
    as one :func:`toolkit.load` counts them: ``frame`` holds every partition's rows in order, loaded with
    ``mark_ids=True`` and ``several=True`` (its ``source_file`` names each row's file).

    >>> frame = pd.DataFrame({"id": ["a", "a"], "source_file": ["x.csv", "y.csv"], "_id_given": [True, True]})
    >>> duplicate_report(LoadReport(), frame).duplicate_ids
    1
    """
    report.duplicate_ids, report.duplicate_rows, report.duplicate_examples = 0, 0, []
    if len(frame):
        find_duplicates(pd.DataFrame({"id": frame["id"].to_numpy(), "_file": frame["source_file"].to_numpy(),
                                      ID_GIVEN: frame[ID_GIVEN].to_numpy(dtype=bool)}), report, False)
    return report
