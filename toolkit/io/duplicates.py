"""Ids found in more than one file of a load: count them for the report, and drop rows on request.

Rules:
- only ids read from the files count (not the generated ``<stem>:<row>`` ones); a ``.txt`` article's id
  is its file stem, so the same file name in two folders counts as the same article;
- an id counts once it occurs in two or more files; rows of one file sharing an id (a table with one
  row per quote) are not duplicates of each other, and ``dedupe`` keeps them all;
- ``dedupe``: ``False``/``None`` reports only; ``"first"``/``True`` keeps the rows of the first file
  (in load order) that holds the id; ``"last"`` those of the last; every other row with that id is
  skipped and reported (kind ``duplicate id``) with the file it was kept from;
- vectorised (factorize + unique over integer keys); a per-row Python step only for the rows skipped.

Example:
    >>> df = pd.DataFrame({"id": ["a", "b", "a"], "_file": ["x.csv", "x.csv", "y.csv"], "_line": [2, 3, 2],
    ...                    "_row": [1, 2, 1], "_id_given": [True, True, True]})
    >>> report = LoadReport()
    >>> find_duplicates(df, report, "first")["id"].tolist()
    ['a', 'b']
    >>> report.duplicate_ids, report.duplicate_rows, report.duplicate_examples
    (1, 2, [('a', ('x.csv', 'y.csv'))])
    >>> report.issues[0].reason
    "duplicate id 'a': also in x.csv, kept from there (dedupe='first')"
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.io.report import MAX_DUPLICATE_EXAMPLES, LoadReport

DEDUPE_CHOICES = (False, None, True, "first", "last")


def find_duplicates(df: pd.DataFrame, report: LoadReport, dedupe: bool | str | None = False) -> pd.DataFrame:
    """Record ids found in more than one file in ``report``; with ``dedupe``, return ``df`` without the
    rows of the files not kept (reported as skipped, and taken off their file's ``rows_loaded``)."""
    keep = "first" if dedupe is True else dedupe or None
    given = df["_id_given"].to_numpy(dtype=bool)
    file_codes, file_names = pd.factorize(df["_file"])  # codes in order of appearance: load order
    n_files = len(file_names)
    if n_files < 2 or not given.any():
        return df
    id_codes = pd.factorize(df["id"])[0].astype(np.int64)
    rows = np.flatnonzero(given)
    pairs = np.unique(id_codes[rows] * n_files + file_codes[rows])  # sorted by id, then file
    pair_ids, pair_files = pairs // n_files, pairs % n_files
    files_per_id = np.bincount(pair_ids, minlength=int(id_codes.max()) + 1)
    duplicated = np.zeros(len(df), dtype=bool)
    duplicated[rows] = files_per_id[id_codes[rows]] > 1
    if not duplicated.any():
        return df
    codes_in_order = id_codes[duplicated]
    _, first_seen = np.unique(codes_in_order, return_index=True)
    examples = []
    for code in codes_in_order[np.sort(first_seen)[:MAX_DUPLICATE_EXAMPLES]]:
        position = int(np.flatnonzero(duplicated & (id_codes == code))[0])
        examples.append((str(df["id"].iat[position]),
                         tuple(str(file_names[f]) for f in pair_files[pair_ids == code])))
    report.add_duplicates(int((files_per_id > 1).sum()), int(duplicated.sum()), examples)
    if keep is None:
        return df

    ids_present, first = np.unique(pair_ids, return_index=True)
    last = np.append(first[1:], len(pairs)) - 1
    chosen = np.full(len(files_per_id), -1, dtype=np.int64)
    chosen[ids_present] = pair_files[first if keep == "first" else last]
    drop = np.zeros(len(df), dtype=bool)
    drop[rows] = file_codes[rows] != chosen[id_codes[rows]]
    _report_skipped(df, report, np.flatnonzero(drop), chosen[id_codes[drop]], file_names, keep)
    lost = np.bincount(file_codes[drop], minlength=n_files)
    for summary in report.files:
        if summary.file in file_names:
            summary.rows_loaded -= int(lost[file_names.get_loc(summary.file)])
    return df[~drop]


def _report_skipped(df: pd.DataFrame, report: LoadReport, positions: np.ndarray, kept_from: np.ndarray,
                    file_names: pd.Index, keep: str) -> None:
    files, lines, rows = df["_file"].to_numpy(), df["_line"].to_numpy(), df["_row"].to_numpy()
    ids = df["id"].take(positions).tolist()
    for position, id_, kept in zip(positions, ids, kept_from):
        line = lines[position]
        report.add_issue(str(files[position]), line=None if pd.isna(line) else int(line),
                         row=int(rows[position]), action="skipped", kind="duplicate id",
                         reason=f"duplicate id {id_!r}: also in {file_names[kept]}, kept from there "
                                f"(dedupe={keep!r})")
