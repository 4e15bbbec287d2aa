"""Loading news corpora: ``load()`` and its ``LoadReport``.

Modules: ``sources`` (files, folders, globs, compression, zip), ``encoding`` (decoding, mojibake),
``readers`` (one per format), ``schema`` (header variants, dtypes), ``arrowtext`` (vectorised
helpers on Arrow strings), ``report`` (LoadReport, LoadError) and ``loader`` (``load()`` itself).

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
