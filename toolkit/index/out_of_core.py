"""Indexing files bigger than RAM: the text goes to the index's store as it is read, and is counted from there.

Rules:
- Pass 1 loads the input a partition at a time (:mod:`toolkit.io.partitions`: whole files, runs of small
  files, record ranges of about ``RANGE_BYTES`` of a big CSV; :func:`toolkit.load` on each) and writes each
  partition's text into a text store (:func:`toolkit.index.text_store.write_store`, cut into the blocks any
  store has) as it goes, keeping the other columns. One partition's frame is held at a time.
- The phrases are found on the rows a build in memory samples (:func:`toolkit.index.phrases.sample_rows` of
  every length), read back from the store. Pass 2 counts the store's texts ``CHUNK_ROWS`` at a time
  (:func:`toolkit.index.build.count_texts`: forked workers read their own chunks from the store), and the
  page furniture reads only its articles' texts.
- The metadata is made once from every partition's columns (:func:`toolkit.index.build.metadata`: the
  categories and dtypes of a build in memory); the load report is the partitions' reports merged.
- The parts equal ``build_parts(toolkit.load(paths))`` (``tests/index/test_out_of_core.py``, on the shared
  corpora), load report included (ids shared by files of different partitions are counted from every
  partition's ids: :func:`toolkit.io.partitions.duplicate_report`). ``dedupe`` is refused: dropping rows
  needs the whole corpus at once.
- Memory: one partition's frame, the matrices as they are built and the workers' chunks; never the whole
  text. Each partition's other columns go to an uncompressed Arrow file in ``scratch`` as soon as it is read
  and are mapped back (:func:`mapped_frame`): their strings are the file's pages, which the system may drop
  and read again, not the process' own memory (1 GB of titles, URLs and ids at 4.6M articles). Freed
  memory is given back between partitions and phases (:mod:`toolkit._memory`). The store is written in
  ``scratch`` (a folder the caller owns and removes).

Example:
    >>> import tempfile
    >>> meta, text, matrices, pairs = build_from_files("data/sample", tempfile.mkdtemp())   # doctest: +SKIP
    >>> type(text).__name__                                                                 # doctest: +SKIP
    'StoredText'
"""
from __future__ import annotations

import mmap
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import union_categoricals

from toolkit._memory import give_back_memory, release_mapping
from toolkit.index.build import TEXT_DTYPE, add_furniture, build_parts, count_texts, metadata, phrase_table
from toolkit.index.counting import build_options
from toolkit.index.integrity import file_specs, read_verified
from toolkit.index.matrix import TermMatrix
from toolkit.index.pair_filter import PairSignatures
from toolkit.index.phrases import sample_rows
from toolkit.index.text_store import BLOCKS, TABLE, ArticleText, cut_blocks, open_store, write_store
from toolkit.io.loader import ID_GIVEN, load
from toolkit.io.partitions import (PathsLike, duplicate_report, input_sources, load_partition, merged_report,
                                   plan_partitions)

__all__ = ["build_from_files", "files_parts", "input_bytes", "mapped_frame", "PARTITION_BYTES", "RANGE_BYTES",
           "OUT_OF_CORE_BYTES"]

#: consecutive files smaller than this are loaded together
PARTITION_BYTES = 64 << 20
#: a CSV bigger than this is loaded in record ranges of about this size
RANGE_BYTES = 128 << 20
#: ``CorpusIndex.from_files(out_of_core=None)`` builds out of core from this many bytes of input files on
OUT_OF_CORE_BYTES = 1 << 30

Parts = tuple[pd.DataFrame, ArticleText, dict[str, TermMatrix], PairSignatures]


def input_bytes(paths: PathsLike, storage_options: dict | None = None) -> int:
    """Bytes of the files :func:`toolkit.load` would read for ``paths`` (as stored: compressed files count
    their compressed size)."""
    return sum(source.size for source in input_sources(paths, storage_options=storage_options))


def files_parts(paths: PathsLike, scratch: Callable[[], Path], *, out_of_core: bool | None = None,
                progress: bool | None = None, n_jobs: int | None = None, options: dict[str, Any],
                **load_kw: Any) -> Parts:
    """The parts of the files ``paths``: :func:`build_from_files` in the folder ``scratch()`` gives when
    ``out_of_core`` (``None``: when they hold at least ``OUT_OF_CORE_BYTES`` and ``dedupe`` is not asked),
    else :func:`toolkit.index.build.build_parts` of ``toolkit.load(paths, **load_kw)``."""
    if out_of_core is None:
        out_of_core = not load_kw.get("dedupe") and \
            input_bytes(paths, load_kw.get("storage_options")) >= OUT_OF_CORE_BYTES
    if out_of_core:
        return build_from_files(paths, scratch(), progress=progress, n_jobs=n_jobs, **options, **load_kw)
    df = load(paths if isinstance(paths, (str, Path)) else list(paths), progress=progress, **load_kw)
    return build_parts(df, "content", progress, n_jobs, **options)


def build_from_files(paths: PathsLike, scratch: "str | Path", *, progress: bool | None = None,
                     n_jobs: int | None = None, collapse_repeats: "str | bool" = "auto", ngrams: int = 1,
                     **load_kw: Any) -> Parts:
    """(metadata + features, text read from the store in ``scratch``, matrices, pair signatures) of the
    files ``paths``, as :func:`toolkit.index.build.build_parts` of ``toolkit.load(paths, **load_kw)`` gives
    them, without holding the text (see the module rules)."""
    options = build_options(collapse_repeats, ngrams)     # a bad setting fails before any work
    if load_kw.get("dedupe"):
        raise ValueError("dedupe needs the whole corpus at once: load it with toolkit.load(..., dedupe=...) and "
                         "index the frame, or build with out_of_core=False")
    storage_options = load_kw.pop("storage_options", None)
    plan = plan_partitions(paths, PARTITION_BYTES, RANGE_BYTES, storage_options)
    scratch = Path(scratch)
    frames: list[pd.DataFrame] = []
    reports: list[tuple[Any, int]] = []
    lengths: list[np.ndarray] = []

    def texts() -> Iterator[pa.Array]:
        for part in plan.parts:
            # the last partition's frame and parse buffers (its characters: about its bytes)
            give_back_memory(work_bytes=int(lengths[-1].sum()) if lengths else 0)
            df = load_partition(part, several=plan.several, mark_ids=plan.several, **load_kw)
            reports.append((df.attrs.get("load_report"), len(df)))
            content = df["content"].astype(TEXT_DTYPE)
            lengths.append(content.str.len().fillna(0).to_numpy(dtype=np.int64))
            frames.append(mapped_frame(df.drop(columns="content"), scratch / f"columns-{len(frames)}.arrow"))
            del df
            yield from pa.chunked_array(content.array.__arrow_array__()).chunks

    files = write_store(scratch, cut_blocks(texts()))
    stored = open_store(scratch, read_verified(scratch, TABLE, file_specs(files, [TABLE])), files[BLOCKS]["size"],
                        "disk")
    give_back_memory(work_bytes=stored.nbytes)
    report = merged_report(plan.not_read, reports)
    frame = _concat(frames)
    frames.clear()
    if plan.several:                    # ids shared by files of different partitions too, as load counts them
        report = duplicate_report(report, frame)
        frame = frame.drop(columns=ID_GIVEN)
    rows = sample_rows(np.concatenate(lengths) if lengths else np.zeros(0, np.int64))
    sample = pd.Series(stored.take(rows).combine_chunks() if len(rows) else pa.array([], pa.large_string()),
                       index=rows, dtype=TEXT_DTYPE)
    table = phrase_table(sample, options["collapse_repeats"])
    counted = count_texts(stored, table, options, progress=progress, n_jobs=n_jobs, spill=scratch)
    give_back_memory(work_bytes=stored.nbytes)                    # the chunks' pieces, merged
    meta = metadata(frame, "content").join(counted.features)
    meta.attrs["load_report"] = report
    matrices = add_furniture(counted, meta, stored, table)
    counted.candidates.remove()
    give_back_memory(work_bytes=stored.nbytes)
    return meta, stored, matrices, counted.pairs


def mapped_frame(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """``df`` (index 0..n-1) written to the Arrow file ``path`` and read back mapped from it: its string
    columns are the file's pages (see the module rules). ``df`` itself when Arrow cannot hold it (a column of
    mixed objects); a column that comes back with another dtype (a categorical's categories stored
    otherwise) is ``df``'s own.

    >>> import tempfile
    >>> df = pd.DataFrame({"title": ["a", "b"], "publication": pd.Categorical(["x", "y"])})
    >>> back = mapped_frame(df, Path(tempfile.mkdtemp()) / "columns.arrow")
    >>> back.equals(df), back.dtypes.astype(str).tolist()
    (True, ['str', 'category'])
    """
    try:
        table = pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return df
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    del table
    with open(path, "rb") as fh:
        pages = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    back = pa.ipc.open_file(pa.py_buffer(pages)).read_all().to_pandas()
    release_mapping(pages)      # pages copied into columns leave; the strings are read on use
    if not back.columns.equals(df.columns):
        return df
    for column in df.columns:
        if back[column].dtype != df[column].dtype:
            back[column] = df[column]
    back.attrs = df.attrs
    return back


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The partitions' frames as one (index 0..n-1), each categorical column's categories joined and sorted as
    ``astype("category")`` sorts them over a whole load."""
    if not frames:
        return pd.DataFrame()
    columns = list(dict.fromkeys(c for f in frames for c in f.columns))      # (a later file may add columns)
    categorical = [c for c in columns if any(isinstance(f[c].dtype, pd.CategoricalDtype)
                                             for f in frames if c in f.columns)]
    joined = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0].reset_index(drop=True)
    for column in categorical:
        parts = [f[column] for f in frames if column in f.columns]
        if len(parts) == len(frames) and all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            try:
                joined[column] = pd.Series(union_categoricals(parts, sort_categories=True), index=joined.index)
                continue
            except TypeError:        # categories of different types: joined as values below
                pass
        joined[column] = joined[column].astype("category")
    return joined
