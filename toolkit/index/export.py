"""A selection of articles as a table, and written to a file: the subcorpus to take elsewhere.

Rules:
- :func:`selection_frame` is the selected rows of the corpus: its metadata columns, the per-article
  features (unless ``features=False``) and the text as ``content``; the index is the article's row in
  the corpus, so a row can be found again (``idx.filter(...).to_frame().index``).
- :func:`export_selection` writes that table to ``path``; the format comes from the suffix: ``.csv``,
  ``.tsv``, ``.jsonl`` (each optionally ``.gz``/``.bz2``/``.xz``), ``.parquet``. Dates are written as
  ISO dates, categories as their names. ``toolkit.load`` reads every one of these files back to the
  same articles (``tests/index/test_export.py``).
- An existing file is never replaced unless ``overwrite=True``: the error names it.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"publication": ["a", "b"], "content": ["x y", "z"]}), progress=False)
    >>> selection_frame(idx.filter(publication="b"), features=False).to_dict("list")
    {'publication': ['b'], 'content': ['z']}
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.featurize import FEATURE_COLUMNS

__all__ = ["selection_frame", "export_selection", "EXPORT_FORMATS"]

#: suffix (after a compression suffix is stripped) -> format name
EXPORT_FORMATS: dict[str, str] = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".parquet": "parquet"}
_COMPRESSIONS = (".gz", ".bz2", ".xz")


def selection_frame(selection: Any, *, features: bool = True) -> pd.DataFrame:
    """Metadata, features and text (``content``) of the selected articles; index = row in the corpus."""
    frame = selection.articles()
    if not features:
        frame = frame.drop(columns=[c for c in FEATURE_COLUMNS if c in frame.columns])
    frame = frame.copy()
    frame["content"] = selection.texts().to_numpy()
    return frame


def export_selection(selection: Any, path: "str | os.PathLike", *, features: bool = True,
                     overwrite: bool = False) -> Path:
    """Write :func:`selection_frame` to ``path`` (format from the suffix); returns the path written."""
    path = Path(path)
    kind = _format(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True to replace it")
    frame = selection_frame(selection, features=features).reset_index(drop=True)
    if kind == "parquet":
        frame.to_parquet(path, index=False)
        return path
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype("str")
    if kind == "jsonl":
        frame.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)
    else:
        frame.to_csv(path, index=False, sep="\t" if kind == "tsv" else ",", date_format="%Y-%m-%dT%H:%M:%S")
    return path


def _format(path: Path) -> str:
    name = path.name.lower()
    for compression in _COMPRESSIONS:
        if name.endswith(compression):
            name = name[: -len(compression)]
            if name.endswith(".parquet"):
                raise ValueError(f"{path}: Parquet compresses itself; write {path.name[:-len(compression)]}")
            break
    for suffix, kind in EXPORT_FORMATS.items():
        if name.endswith(suffix):
            return kind
    raise ValueError(f"{path}: unknown export format; use one of {', '.join(EXPORT_FORMATS)} "
                     f"(CSV, TSV and JSON lines may end in {', '.join(_COMPRESSIONS)})")
