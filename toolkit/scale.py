"""The toolkit's load → featurize → count steps on dask partitions, reduced to the pandas results.

Every partition goes through the *same* code as the single-machine path: the loader's per-file
reading and normalisation (:mod:`toolkit.io`), :func:`toolkit.features`, and
:meth:`toolkit.CorpusIndex.build` for the term / entity counting. Only small per-partition tables
travel back: feature rows (ten numbers per article), term counts per group, per-article metadata for
the quote / source tables. They are reduced to exactly the DataFrames of

* ``toolkit.features(toolkit.load(paths))``  → :func:`features` (same index values),
* ``CorpusIndex.build(toolkit.load(paths)).top_terms(k, by=by)`` → :func:`top_terms`, and likewise
  :func:`top_hashtags`, :func:`top_handles`, :func:`top_cashtags`, :func:`quote_stats`,
  :func:`source_counts`.

**Partitions are whole files.** News CSVs hold article text with newlines inside quoted fields, so a
CSV cut at a byte offset (``dd.read_csv(blocksize=...)``) can start in the middle of an article and
silently mis-parse it. A file boundary is always a record boundary, so one partition is one file, or a
run of consecutive small files up to ``PARTITION_BYTES`` (folders of ``.txt`` articles). Store a
big corpus as many files (``python -m toolkit.sample --files N`` does; split a single huge CSV once
with a CSV-aware tool). Row order and positions stay those of ``toolkit.load``: sorted file order.

``scheduler`` is ``None`` (a private ``LocalCluster`` on 127.0.0.1, two single-threaded worker
processes, closed afterwards), a scheduler address such as ``"tcp://10.0.0.5:8786"``, or a
``distributed.Client`` (used as is). Tasks run with ``retries=RETRIES``; tasks lost with a dead
worker are rescheduled by dask, so a worker dying mid-run changes no result. See ``docs/scale.md``.

Example:
    >>> from toolkit import scale
    >>> feats = scale.features("data/sample")                     # doctest: +SKIP
    >>> scale.top_terms("data/sample", 10, by="publication")      # doctest: +SKIP
    >>> with scale.client("tcp://scheduler:8786") as c:           # doctest: +SKIP
    ...     scale.write_features("/shared/news", "/shared/news-features", scheduler=c)
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence, Union

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    from distributed import Client

    from toolkit.io.sources import Source

__all__ = ["client", "partitions", "load_partition", "load", "features", "write_features", "read_features",
           "top_terms", "top_hashtags", "top_handles", "top_cashtags", "quote_stats", "source_counts",
           "PARTITION_BYTES", "RETRIES"]

PathsLike = Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]]
Scheduler = Union[None, str, "Client", Any]
Partition = tuple  # tuple[Source, ...]: consecutive input files read together

#: consecutive files smaller than this are read as one partition (a bigger file is always alone)
PARTITION_BYTES = 64 << 20
#: times a failing task is retried (tasks lost with a dead worker are rescheduled on top of this)
RETRIES = 3
#: partial tables merged per reduction task
FAN_IN = 8


# ---------------------------------------------------------------------------------------------- cluster
@contextlib.contextmanager
def client(scheduler: Scheduler = None, **cluster_kwargs: Any) -> Iterator["Client"]:
    """A ``distributed.Client`` for ``scheduler``; whatever is created here is closed on exit.

    ``None`` starts a ``LocalCluster`` listening on 127.0.0.1 only (worker processes, ``n_workers=2``,
    ``threads_per_worker=1``, no dashboard); ``cluster_kwargs`` override those (e.g.
    ``memory_limit="2GiB"``). A string is a scheduler address. A ``Client`` is yielded as is and left
    open; a cluster object (anything with ``scheduler_address``) gets a Client closed on exit.

    >>> with client() as c:                                       # doctest: +SKIP
    ...     c.submit(sum, [1, 2]).result()
    3
    """
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        yield scheduler
    elif scheduler is None:
        options: dict[str, Any] = dict(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
        options.update(cluster_kwargs)
        with LocalCluster(**options) as cluster, Client(cluster) as c:
            yield c
    elif isinstance(scheduler, str) or hasattr(scheduler, "scheduler_address"):
        with Client(scheduler) as c:
            yield c
    else:
        raise TypeError(f"scheduler must be None, an address, a Client or a cluster, not {type(scheduler).__name__}")


# ---------------------------------------------------------------------------------------------- partitions
def partitions(paths: PathsLike, target_bytes: int = PARTITION_BYTES) -> list[Partition]:
    """The input files of ``paths`` in ``toolkit.load``'s order, grouped into partitions.

    A partition is a tuple of consecutive sources: one file, or several small ones adding up to at
    most ``target_bytes``. Never a piece of a file (see the module docstring).

    >>> [len(p) for p in partitions("data/sample")]               # doctest: +SKIP
    [1]
    """
    from toolkit.io.sources import find_sources

    groups: list[list[Source]] = []
    size = 0
    for source in find_sources(paths):
        n = source.size
        if not groups or size + n > target_bytes:
            groups.append([])
            size = 0
        groups[-1].append(source)
        size += n
    return [tuple(g) for g in groups]


def load_partition(sources: "Sequence[Source]", *, several: bool = True, chunksize: int = 50_000,
                   repair: bool = True) -> pd.DataFrame:
    """The rows ``toolkit.load`` gives for these sources, read and normalised by the loader's own code.

    Index 0..n-1 within the partition; ``several=True`` adds the ``source_file`` column that
    ``toolkit.load`` adds when the whole input has several files.

    >>> part = partitions("data/sample")[0]                       # doctest: +SKIP
    >>> load_partition(part).columns[:3].tolist()                 # doctest: +SKIP
    ['id', 'title', 'publication']
    """
    from toolkit.io.load import _finish, _read_one  # the per-file steps of toolkit.load
    from toolkit.io.report import LoadReport

    report = LoadReport()
    frames, bad_lines = [], {}
    for source in sources:
        frame, ctx = _read_one(source, report, chunksize, None)
        frames.append(frame)
        if ctx.decoding is not None and ctx.decoding.bad_lines:
            bad_lines[source.name] = ctx.decoding.bad_lines
    df = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0]
    df = _finish(df, report, bad_lines, several=several, repair=repair)
    df.attrs["load_report"] = report
    return df


def _plan(paths: PathsLike) -> tuple[list[Partition], bool]:
    parts = partitions(paths)
    return parts, sum(len(p) for p in parts) > 1


def load(paths: PathsLike) -> "dd.DataFrame":
    """The corpus as a lazy dask DataFrame with one partition per file (or run of small files).

    Reads everything ``toolkit.load`` reads (CSV/TSV, JSON Lines, Parquet, text folders, compressed);
    the columns and dtypes are those of ``toolkit.load``. The first partition is read once to learn the
    columns; the rest is read only when computed. Each partition's index counts from 0 (the global
    positions of ``toolkit.load`` are these plus the rows of earlier partitions; :func:`features` and
    :func:`write_features` restore them).

    >>> ddf = load("data/sample")                                  # doctest: +SKIP
    >>> ddf.npartitions
    1
    """
    import dask.dataframe as dd

    parts, several = _plan(paths)
    meta = load_partition(parts[0], several=several).iloc[:0]
    meta.attrs.clear()
    return dd.from_map(_load_for_dask, parts, meta=meta, several=several, label="toolkit-load",
                       enforce_metadata=False)


def _load_for_dask(sources: Partition, several: bool) -> pd.DataFrame:
    df = load_partition(sources, several=several)
    df.attrs.clear()  # the per-partition LoadReport does not concatenate
    return df


# ---------------------------------------------------------------------------------------------- tasks
def _map(c: "Client", func: Callable[..., Any], paths: PathsLike, **kwargs: Any) -> list[Any]:
    """``func(partition, several=..., **kwargs)`` for every partition, as futures (with retries)."""
    parts, several = _plan(paths)
    return c.map(func, parts, several=several, retries=RETRIES, pure=False, **kwargs)


def _tree_reduce(c: "Client", futures: list[Any], merge: Callable[..., Any]) -> Any:
    """Merge partial results ``FAN_IN`` at a time on the workers; return the final one."""
    while len(futures) > 1:
        futures = [c.submit(merge, *futures[i:i + FAN_IN], retries=RETRIES, pure=False)
                   for i in range(0, len(futures), FAN_IN)]
    return futures[0].result()


def _with_global_index(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-partition frames, renumbering each from the rows of the partitions before it."""
    out, start = [], 0
    for part in parts:
        part = part.copy(deep=False)
        part.index = pd.RangeIndex(start, start + len(part))
        start += len(part)
        out.append(part)
    return pd.concat(out) if len(out) > 1 else out[0]


# ---------------------------------------------------------------------------------------------- features
def _partition_features(sources: Partition, several: bool) -> pd.DataFrame:
    from toolkit.features import features as featurize

    return featurize(load_partition(sources, several=several), n_jobs=1)


def features(paths: PathsLike, scheduler: Scheduler = None) -> pd.DataFrame:
    """``toolkit.features(toolkit.load(paths))`` computed partition by partition on a dask cluster.

    Same columns, dtypes, values and index (``toolkit.load``'s global row positions).

    >>> features("data/sample").columns[:3].tolist()              # doctest: +SKIP
    ['tokens', 'types', 'quotes']
    """
    with client(scheduler) as c:
        return _with_global_index(c.gather(_map(c, _partition_features, paths)))


def _write_part(frame: pd.DataFrame, start: int, target: str) -> int:
    frame = frame.copy(deep=False)
    frame.index = pd.RangeIndex(start, start + len(frame))
    frame.to_parquet(target)
    return len(frame)


def write_features(paths: PathsLike, out_dir: str | os.PathLike, scheduler: Scheduler = None) -> Path:
    """Compute :func:`features` on the cluster and have the workers write them as Parquet.

    One ``part-NNNNN.parquet`` per partition, index = ``toolkit.load``'s global row position, plus
    ``_inputs.json`` listing the source files (size, mtime, rows) so a later analysis can tell whether
    they are still current. ``out_dir`` must be on storage every worker can write. Read back with
    :func:`read_features`; returns ``out_dir``.

    >>> out = write_features("data/sample", "/tmp/sample-features")   # doctest: +SKIP
    >>> read_features(out).equals(features("data/sample"))            # doctest: +SKIP
    True
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.parquet"):
        old.unlink()
    parts, several = _plan(paths)
    with client(scheduler) as c:
        computed = c.map(_partition_features, parts, several=several, retries=RETRIES, pure=False)
        lengths = c.gather(c.map(len, computed, pure=False, retries=RETRIES))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int).tolist()
        targets = [str(out / f"part-{i:05d}.parquet") for i in range(len(parts))]
        c.gather(c.map(_write_part, computed, starts, targets, retries=RETRIES, pure=False))
    inputs = [{"file": s.name, "size": s.size, "mtime": s.path.stat().st_mtime, "partition": i, "rows": n}
              for i, (part, n) in enumerate(zip(parts, lengths)) for s in part]
    (out / "_inputs.json").write_text(json.dumps(inputs, indent=1))
    return out


def read_features(out_dir: str | os.PathLike) -> pd.DataFrame:
    """The features written by :func:`write_features`, in row order.

    >>> read_features("/tmp/sample-features").index[:2].tolist()   # doctest: +SKIP
    [0, 1]
    """
    parts = sorted(Path(out_dir).glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(f"no part-*.parquet in {out_dir}; run toolkit.scale.write_features first")
    return pd.concat([pd.read_parquet(p) for p in parts])


# ---------------------------------------------------------------------------------------------- counts
def _partition_index(sources: Partition, several: bool):
    from toolkit.index import CorpusIndex

    return CorpusIndex.build(load_partition(sources, several=several), progress=False)


def _partition_counts(sources: Partition, several: bool, kind: str, by: "str | Sequence[str] | None") -> tuple:
    """One partition's mergeable counts: (long table ``[*by], term, count, doc_freq``, words per group).

    The counting is the index's: ``CorpusIndex.build`` tokenizes and extracts, ``grouping`` labels
    the articles, the document × term matrix is summed per group (and, binarised, gives doc_freq).
    """
    idx = _partition_index(sources, several)
    codes, labels = idx.grouping(by)
    keys = list(labels.columns)
    matrix = idx.matrices[kind]
    n_groups = max(len(labels), 1)
    present = np.flatnonzero(codes >= 0)
    import scipy.sparse as sp

    member = sp.csr_matrix((np.ones(len(present), dtype=np.int64), (codes[present], present)),
                           shape=(n_groups, idx.n_articles))
    X = matrix.X.astype(np.int64)
    binary = X.copy()
    binary.data[:] = 1
    counts, docs = (member @ X).tocsr(), (member @ binary).tocsr()
    counts.sort_indices()
    docs.sort_indices()  # same sparsity pattern as counts (all entries are positive)
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    table = labels.iloc[rows].reset_index(drop=True) if keys else pd.DataFrame(index=range(counts.nnz))
    table["term"] = matrix.vocab[counts.indices]
    table["count"] = counts.data
    table["doc_freq"] = docs.data
    words = labels.copy() if keys else pd.DataFrame(index=range(1))
    words["words"] = np.bincount(codes[present], weights=idx.n_words[present], minlength=n_groups)[:n_groups]
    return table, words


def _merge_counts(*partials: tuple) -> tuple:
    tables = [t for t, _ in partials]
    words = [w for _, w in partials]
    table, totals = pd.concat(tables, ignore_index=True), pd.concat(words, ignore_index=True)
    keys = [c for c in totals.columns if c != "words"]
    if keys:
        table = table.groupby(keys + ["term"], sort=False, as_index=False)[["count", "doc_freq"]].sum()
        totals = totals.groupby(keys, sort=False, as_index=False)["words"].sum()
    else:
        table = table.groupby("term", sort=False, as_index=False)[["count", "doc_freq"]].sum()
        totals = totals[["words"]].sum().to_frame().T
    return table, totals


def _top_table(table: pd.DataFrame, totals: pd.DataFrame, kind: str, k: int) -> pd.DataFrame:
    """The index's top-k table from reduced counts (conventions of ``toolkit.index``'s ``top_*``).

    Stopwords hidden for terms; per group: count desc, term asc (code-point order); ``per_10k`` =
    count / all word tokens of the group × 10,000; groups in ascending label order.
    """
    from toolkit.index import TOP_COLUMNS, stopword_set

    keys = [c for c in totals.columns if c != "words"]
    if kind == "terms":
        table = table[~table["term"].isin(stopword_set())]
    table = table.assign(term=table["term"].astype(object), _neg=-table["count"])
    table = table.sort_values(keys + ["_neg", "term"], kind="stable")
    top = table.groupby(keys, sort=False).head(k) if keys else table.head(k)
    if k <= 0:
        top = top.iloc[0:0]
    words = (top[keys].merge(totals, on=keys, how="left")["words"] if keys
             else pd.Series(float(totals["words"].iloc[0]) if len(totals) else 0.0, index=range(len(top))))
    words = words.to_numpy(dtype=np.float64)
    count = top["count"].to_numpy(dtype=np.int64)
    out = top[keys].reset_index(drop=True).astype("str") if keys else pd.DataFrame(index=range(len(top)))
    out["term"] = pd.array(top["term"].tolist(), dtype="str")
    out["count"] = count
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k"] = np.where(words > 0, count / words * 10_000, 0.0)
    out["doc_freq"] = top["doc_freq"].to_numpy(dtype=np.int64)
    return out[keys + TOP_COLUMNS]


def _top(paths: PathsLike, kind: str, k: int, by: "str | None", scheduler: Scheduler) -> pd.DataFrame:
    with client(scheduler) as c:
        table, totals = _tree_reduce(c, _map(c, _partition_counts, paths, kind=kind, by=by), _merge_counts)
    return _top_table(table, totals, kind, k)


def top_terms(paths: PathsLike, k: int = 20, by: "str | None" = "publication",
              scheduler: Scheduler = None) -> pd.DataFrame:
    """``CorpusIndex.build(toolkit.load(paths)).top_terms(k, by=by)``, counted per partition on a cluster.

    Columns ``[<by>,] term, count, per_10k, doc_freq``, ``k`` rows per group (``by``: None,
    ``"publication"``, ``"author"``, ``"month"``, ``"year"``).

    >>> top_terms("data/sample", 5).columns.tolist()                # doctest: +SKIP
    ['publication', 'term', 'count', 'per_10k', 'doc_freq']
    """
    return _top(paths, "terms", k, by, scheduler)


def top_hashtags(paths: PathsLike, k: int = 20, by: "str | None" = "publication",
                 scheduler: Scheduler = None) -> pd.DataFrame:
    """The index's ``top_hashtags(k, by=by)`` table (case-folded keys), counted on a cluster.

    >>> top_hashtags("data/sample", 3, by=None).columns.tolist()    # doctest: +SKIP
    ['term', 'count', 'per_10k', 'doc_freq']
    """
    return _top(paths, "hashtags", k, by, scheduler)


def top_handles(paths: PathsLike, k: int = 20, by: "str | None" = "publication",
                scheduler: Scheduler = None) -> pd.DataFrame:
    """The index's ``top_handles(k, by=by)`` table (case-folded keys), counted on a cluster.

    >>> top_handles("data/sample", 3).columns[0]                    # doctest: +SKIP
    'publication'
    """
    return _top(paths, "handles", k, by, scheduler)


def top_cashtags(paths: PathsLike, k: int = 20, by: "str | None" = "publication",
                 scheduler: Scheduler = None) -> pd.DataFrame:
    """The index's ``top_cashtags(k, by=by)`` table (case-folded keys), counted on a cluster.

    >>> top_cashtags("data/sample", 3).columns[-1]                  # doctest: +SKIP
    'doc_freq'
    """
    return _top(paths, "cashtags", k, by, scheduler)


# ---------------------------------------------------------------------------------------------- per-article tables
def _partition_articles(sources: Partition, several: bool) -> pd.DataFrame:
    """Metadata + features of a partition's articles, without the text or titles (small)."""
    articles = _partition_index(sources, several).articles()
    return articles.drop(columns=[c for c in ("title", "url", "id") if c in articles.columns])


def _articles_index(paths: PathsLike, scheduler: Scheduler):
    """A text-free CorpusIndex over every article's metadata and features, for the index's own tables."""
    import pyarrow as pa

    from toolkit.index import CorpusIndex, TermMatrix

    with client(scheduler) as c:
        parts = c.gather(_map(c, _partition_articles, paths))
    meta = _with_global_index(parts)
    for column in ("publication", "author", "source_file"):
        if column in meta:  # categories differ between partitions; union them as toolkit.load does
            meta[column] = meta[column].astype(object).astype("category")
    no_terms = TermMatrix.from_token_lists([[] for _ in range(len(meta))])
    return CorpusIndex(meta.reset_index(drop=True), pa.chunked_array([], pa.large_string()), {"terms": no_terms})


def quote_stats(paths: PathsLike, by: "str | Sequence[str] | None" = "publication",
                scheduler: Scheduler = None) -> pd.DataFrame:
    """``CorpusIndex.build(toolkit.load(paths)).quote_stats(by)``; features computed on the cluster.

    >>> quote_stats("data/sample").columns[:2].tolist()              # doctest: +SKIP
    ['publication', 'articles']
    """
    return _articles_index(paths, scheduler).quote_stats(by)


def source_counts(paths: PathsLike, by: "str | Sequence[str]" = "publication",
                  scheduler: Scheduler = None) -> pd.DataFrame:
    """``CorpusIndex.build(toolkit.load(paths)).source_counts(by)``, from metadata loaded on the cluster.

    >>> source_counts("data/sample", by=["month", "publication"]).columns[-1]   # doctest: +SKIP
    'share'
    """
    return _articles_index(paths, scheduler).source_counts(by)
