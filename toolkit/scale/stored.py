"""The on-disk features of :func:`toolkit.scale.write_features`, and reading them back (:func:`read_features`).

Layout of an output folder:
- ``part-NNNNN.parquet``: one per partition, index = ``toolkit.load``'s global row position;
- ``_load_report.json``: the merged load report (what loading skipped and repaired, and why);
- ``_inputs.json``: one record per input file (name, size, mtime, the SHA-256 of its bytes, partition,
  rows; a big CSV cut into record ranges has one record per range, with its ``bytes``); written last,
  so output without it is from a run that did not finish.

Rules:
- output is keyed by content: features are current when the input files have the same names, sizes
  and bytes (digests), whatever their modification times; anything else is stale and refused;
- incomplete or stale output raises with the folder and the reason, never returns partial rows;
- a report is stored as JSON (the public fields of the report, its files and its issues), never pickled.

Example:
    >>> feats = read_features("/shared/news-features", "/shared/news")   # doctest: +SKIP
    >>> feats.attrs["load_report"].rows_skipped                          # doctest: +SKIP
    0
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence, Union

import pandas as pd

from toolkit.index.integrity import CONTENT_HASH, file_content_hash
from toolkit.io.remote import identity
from toolkit.io.report import LoadReport
from toolkit.io.sources import Source, find_sources

__all__ = ["read_features", "file_digest", "source_digest", "input_records", "write_report", "read_report",
           "INPUTS", "REPORT"]

PathsLike = Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]]

INPUTS = "_inputs.json"
REPORT = "_load_report.json"
DIGEST = CONTENT_HASH  # the key of a file's digest in INPUTS


def file_digest(path: str | os.PathLike) -> str:
    """The SHA-256 of the file's bytes (the index cache's :func:`file_content_hash`): what
    :func:`read_features` keys output by.

    >>> len(file_digest(__file__))
    64
    """
    return file_content_hash(path)[CONTENT_HASH]


def source_digest(source: Source) -> str:
    """What :func:`read_features` keys a source by: :func:`file_digest` of a local file's bytes, the
    identity (size, ETag/version) of a remote object (``toolkit.io.remote``).

    >>> source_digest(find_sources("data/sample")[0])             # doctest: +SKIP
    '3f5c...'
    """
    if source.storage is not None:
        return "remote:" + json.dumps(identity(source.storage, source.location), sort_keys=True)
    return file_digest(source.path)


def _file_size(source: Source) -> int:
    """The whole file's bytes (a record range's file, a remote object)."""
    if source.storage is not None:
        return source.storage.size(source.location)
    return source.path.stat().st_size if source.part else source.size


def input_records(parts: Sequence[Sequence[Source]], lengths: Sequence[int],
                  digests: Sequence[Sequence[str]]) -> list[dict]:
    """The records of ``_inputs.json``: one per source, with its partition's number and row count.

    >>> input_records([(source,)], [1000], [["3f5c..."]])[0]["rows"]   # doctest: +SKIP
    1000
    """
    return [{"file": s.name, "size": _file_size(s), "mtime": None if s.storage else s.path.stat().st_mtime,
             DIGEST: digest, "partition": i, "rows": int(lengths[i]),
             **({"bytes": [s.part.start, s.part.end]} if s.part else {})}
            for i, (part, part_digests) in enumerate(zip(parts, digests)) for s, digest in zip(part, part_digests)]


# ---------------------------------------------------------------------------------------------- report
def write_report(out: Path, report: LoadReport) -> None:
    """Store ``report`` (every field: files, issues, files not read, duplicate ids) as ``out/_load_report.json``.

    >>> write_report(Path("/tmp/feats"), df.attrs["load_report"])   # doctest: +SKIP
    """
    (out / REPORT).write_text(json.dumps(report.to_dict(), indent=1))


def read_report(out: Path) -> LoadReport | None:
    """The report :func:`write_report` stored in ``out``; None when there is none (older output).

    >>> read_report(Path("/tmp/feats")).rows_skipped               # doctest: +SKIP
    0
    """
    path = out / REPORT
    if not path.is_file():
        return None
    return LoadReport.from_dict(json.loads(path.read_text()))


# ---------------------------------------------------------------------------------------------- reading
def read_features(out_dir: str | os.PathLike, paths: PathsLike | None = None, *,
                  storage_options: dict | None = None) -> pd.DataFrame:
    """The features written by :func:`toolkit.scale.write_features`, in row order.

    ``attrs["load_report"]``: the load report of the run that wrote them. With ``paths``, first check
    that these are still the files the features were computed from (same names, sizes and bytes; a
    digest of each file is compared, modification times are not) and raise ``ValueError`` naming the
    first difference (this reads every input file once). Output of a run that did not finish (no
    ``_inputs.json``, or missing parts) is refused.

    >>> read_features("/tmp/sample-features", "data/sample").index[:2].tolist()   # doctest: +SKIP
    [0, 1]
    """
    out = Path(out_dir)
    parts = sorted(out.glob("part-*.parquet"))
    if not parts or not (out / INPUTS).is_file():
        raise FileNotFoundError(f"no complete features in {out} (part-*.parquet and {INPUTS}); "
                                "run toolkit.scale.write_features first")
    recorded = json.loads((out / INPUTS).read_text())
    n_parts = len({item["partition"] for item in recorded})
    if len(parts) != n_parts:
        raise ValueError(f"features in {out} are incomplete: {len(parts)} part files, {n_parts} partitions "
                         "recorded; run toolkit.scale.write_features again")
    if paths is not None:
        difference = _first_difference(recorded, find_sources(paths, storage_options=storage_options))
        if difference:
            raise ValueError(f"features in {out} are stale: the input files changed (first difference: "
                             f"{difference}); run toolkit.scale.write_features again")
    frame = pd.concat([pd.read_parquet(p) for p in parts])
    report = read_report(out)
    if report is not None:
        frame.attrs["load_report"] = report
    return frame


def _first_difference(recorded: list[dict], sources: list[Source]) -> str | None:
    """How the current ``sources`` differ from the ``recorded`` inputs (first difference), or None.
    The record ranges of one big CSV (several records of one file) are its one file."""
    recorded = [was for k, was in enumerate(recorded) if k == 0 or recorded[k - 1]["file"] != was["file"]]
    for i in range(max(len(recorded), len(sources))):
        if i >= len(sources):
            return f"{recorded[i]['file']} is gone"
        if i >= len(recorded):
            return f"{sources[i].name} is new"
        was, now = recorded[i], sources[i]
        if was["file"] != now.name:
            return f"{now.name} where {was['file']} was"
        if was["size"] != now.size:
            return f"{now.name} changed size ({was['size']:,} -> {now.size:,} bytes)"
    digests: dict[tuple, str] = {}
    for was, now in zip(recorded, sources):
        if DIGEST not in was:
            return (f"{was['file']}: no content digest recorded (written by an older toolkit), so the "
                    "features cannot be checked")
        if now.file_key not in digests:
            digests[now.file_key] = source_digest(now)
        if digests[now.file_key] != was[DIGEST]:
            return f"{now.name} changed content (same size)"
    return None
