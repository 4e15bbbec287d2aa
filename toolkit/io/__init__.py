"""Loading news corpora: ``load()`` and its ``LoadReport``.

Modules: ``sources`` (files, folders, globs, compression, zip), ``encoding`` (decoding, mojibake),
``readers`` (Parquet, dispatch by format), ``csvfiles`` (CSV/TSV), ``recordranges`` (a big CSV cut
into record ranges), ``jsonfiles`` (JSON, JSON Lines), ``textfiles`` (``.txt``, ``.cor``, binary
detection), ``context`` (what readers share), ``csvquotes`` (quoting check), ``schema`` (header
variants, dtypes), ``duplicates`` (ids found in several files), ``partitions`` (a corpus loaded a
partition at a time),
``arrowtext`` (vectorised helpers on Arrow strings), ``report`` (LoadReport, LoadError) and ``loader``
(``load()`` itself).

The promise: every record read is loaded with its own content or reported (file, line/row, reason);
files that are not article tables are listed as not read; see ``loader``.

Example:
    >>> from toolkit.io import load, CANONICAL_COLUMNS
    >>> CANONICAL_COLUMNS
    ['id', 'title', 'publication', 'author', 'date', 'url', 'content']
    >>> df = load("data/sample")                                  # doctest: +SKIP
    >>> print(df.attrs["load_report"])                            # doctest: +SKIP
"""
from __future__ import annotations

from toolkit.io.loader import load
from toolkit.io.report import LoadError, LoadIssue, LoadReport
from toolkit.io.schema import CANONICAL_COLUMNS

__all__ = ["load", "LoadReport", "LoadIssue", "LoadError", "CANONICAL_COLUMNS"]
