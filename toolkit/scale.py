"""The toolkit's load → featurize → count steps on dask partitions, reduced to the pandas results.

Every partition goes through the *same* code as the single-machine path: :func:`toolkit.load` (on
that partition's files), :func:`toolkit.features`, and :meth:`toolkit.CorpusIndex.build` for the
term / entity counting, with the index's ``top_from_counts`` ranking the reduced counts. Only small per-partition tables
travel back: feature rows (ten numbers per article), term counts per group, per-article metadata for
the quote / source tables. They are reduced to exactly the DataFrames of

* ``toolkit.features(toolkit.load(paths))``  → :func:`features` (same index values),
* ``CorpusIndex.build(toolkit.load(paths)).top_terms(k, by=by)`` → :func:`top_terms`, and likewise
  :func:`top_hashtags`, :func:`top_handles`, :func:`top_cashtags`, :func:`quote_stats`,
  :func:`source_counts`.

**Partitions are whole files.** News CSVs hold article text with newlines inside quoted fields, so a
CSV cut at a byte offset (``dd.read_csv(blocksize=...)``) can start in the middle of an article and
silently mis-parse it. A file boundary is always a record boundary, so one partition is one file, or a
run of consecutive small files up to ``PARTITION_BYTES`` (16 MB; folders of ``.txt`` articles). Store a
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
import dataclasses
import glob
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence, Union

import numpy as np
import pandas as pd

from toolkit.featurize import FEATURE_COLUMNS
from toolkit.featurize import features as featurize
from toolkit.index import CorpusIndex, CorpusQueries, group_sum, stopword_set, top_from_counts
from toolkit.index.grouping import Grouper, group_totals
from toolkit.io import load as load_files
from toolkit.io.sources import Source, find_sources

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    from distributed import Client

__all__ = ["client", "partitions", "load_partition", "load", "features", "write_features", "read_features",
           "summarize", "Summary", "top_terms", "top_hashtags", "top_handles", "top_cashtags", "quote_stats",
           "source_counts", "PARTITION_BYTES", "RETRIES"]

PathsLike = Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]]
Scheduler = Union[None, str, "Client", Any]
Partition = tuple  # tuple[Source, ...]: consecutive input files read together

#: consecutive files smaller than this are read as one partition (a bigger file is always alone);
#: small enough to spread a few hundred MB over the workers, big enough to keep the task count low
PARTITION_BYTES = 16 << 20
#: times a failing task is retried (tasks lost with a dead worker are rescheduled on top of this)
RETRIES = 3
#: partial tables merged per reduction task
FAN_IN = 8


# ---------------------------------------------------------------------------------------------- cluster
@contextlib.contextmanager
def client(scheduler: Scheduler = None, **cluster_kwargs: Any) -> Iterator["Client"]:
    """A ``distributed.Client`` for ``scheduler``; whatever is created here is closed on exit.

    ``None`` starts a ``LocalCluster`` listening on 127.0.0.1 only (worker processes, ``n_workers=2``,
    ``threads_per_worker=1``, dashboard on a free loopback port); ``cluster_kwargs`` override those (e.g.
    ``memory_limit="2GiB"``). A string is a scheduler address. A ``Client`` is yielded as is and left
    open; a cluster object (anything with ``scheduler_address``) gets a Client closed on exit.

    >>> with client() as c:                                       # doctest: +SKIP
    ...     c.submit(sum, [1, 2]).result()
    3
    """
    from distributed import Client, LocalCluster  # optional stack (the "scale" extra): loaded when used

    if isinstance(scheduler, Client):
        yield scheduler
    elif scheduler is None:
        # host: every server (scheduler, workers, nannies, the scheduler's HTTP endpoint) binds 127.0.0.1;
        # "127.0.0.1:0" puts that HTTP endpoint on a free port instead of a possibly taken 8787
        options: dict[str, Any] = dict(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address="127.0.0.1:0")
        options.update(cluster_kwargs)
        with LocalCluster(**options) as cluster, Client(cluster) as c:
            yield c
    elif isinstance(scheduler, str) or hasattr(scheduler, "scheduler_address"):
        with Client(scheduler) as c:
            yield c
    else:
        raise TypeError(f"scheduler must be None, an address, a Client or a cluster, not {type(scheduler).__name__}")


# ---------------------------------------------------------------------------------------------- partitions
def partitions(paths: PathsLike, target_bytes: int | None = None) -> list[Partition]:
    """The input files of ``paths`` in ``toolkit.load``'s order, grouped into partitions.

    A partition is a tuple of consecutive sources: one file, or several small ones adding up to at
    most ``target_bytes`` (default :data:`PARTITION_BYTES`, read at call time). Never a piece of a
    file (see the module docstring); the members of one zip archive stay together.

    >>> [len(p) for p in partitions("data/sample")]               # doctest: +SKIP
    [1]
    """
    target = PARTITION_BYTES if target_bytes is None else target_bytes
    groups: list[list[Source]] = []
    size = 0
    for source in find_sources(paths):
        # absolute paths, because a worker's working directory is not the client's; the name (what
        # toolkit.load reports and puts in source_file) stays as the user wrote it
        source = dataclasses.replace(source, path=source.path.absolute())
        n = source.size
        same_file = bool(groups) and groups[-1][-1].path == source.path
        if not groups or (size + n > target and not same_file):
            groups.append([])
            size = 0
        groups[-1].append(source)
        size += n
    return [tuple(g) for g in groups]


def load_partition(sources: "Sequence[Source]", *, several: bool = True) -> pd.DataFrame:
    """The rows ``toolkit.load`` gives for these sources: ``toolkit.load`` itself, on just their files.

    Index 0..n-1 within the partition; ``several=True`` gives the ``source_file`` column that
    ``toolkit.load`` adds when the whole input has several files (same values: the source names).

    >>> part = partitions("data/sample")[0]                       # doctest: +SKIP
    >>> load_partition(part).columns[:3].tolist()                 # doctest: +SKIP
    ['id', 'title', 'publication']
    """
    files = list(dict.fromkeys(_load_argument(source) for source in sources))
    df = load_files(files if len(files) > 1 else files[0], progress=False)
    if "source_file" in df.columns:  # back to the names toolkit.load gives for the paths as the user wrote them
        as_read = {str(s.path) + (f"::{s.member}" if s.member else ""): s.name for s in sources}
        df["source_file"] = df["source_file"].cat.rename_categories(as_read)
    if several and "source_file" not in df.columns:
        df["source_file"] = pd.Series(sources[0].name, index=df.index, dtype="category")
    elif not several and "source_file" in df.columns:
        df = df.drop(columns="source_file")
    return df


def _load_argument(source: "Source") -> str:
    """What to pass to ``toolkit.load`` so that it sees ``source`` as it did in the whole input.

    A ``.txt`` article takes its publication from its folder only when that folder lies below the
    folder the user gave; a glob whose fixed part stops above the folder keeps that so.
    """
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

    >>> load("data/sample").npartitions                            # doctest: +SKIP
    1
    """
    import dask  # optional stack (the "scale" extra): loaded when used
    import dask.dataframe as dd

    parts, several = _plan(paths)
    meta = load_partition(parts[0], several=several).iloc[:0]
    meta.attrs.clear()
    with dask.config.set({"dataframe.convert-string": False}):  # keep toolkit.load's dtypes as they are
        return dd.from_map(_load_for_dask, parts, meta=meta, several=several, label="toolkit-load",
                           enforce_metadata=False)


def _load_for_dask(sources: Partition, several: bool) -> pd.DataFrame:
    df = load_partition(sources, several=several)
    df.attrs.clear()  # the per-partition LoadReport does not concatenate
    return df


# ---------------------------------------------------------------------------------------------- tasks
def _map(c: "Client", func: Callable[..., Any], plan: tuple[list[Partition], bool], **kwargs: Any) -> list[Any]:
    """``func(partition, several=..., **kwargs)`` for every partition of ``plan``, as futures (with retries)."""
    parts, several = plan
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
    return featurize(load_partition(sources, several=several), n_jobs=1)


def features(paths: PathsLike, scheduler: Scheduler = None) -> pd.DataFrame:
    """``toolkit.features(toolkit.load(paths))`` computed partition by partition on a dask cluster.

    Same columns, dtypes, values and index (``toolkit.load``'s global row positions).

    >>> features("data/sample").columns[:3].tolist()              # doctest: +SKIP
    ['tokens', 'types', 'quotes']
    """
    plan = _plan(paths)  # before any cluster starts: a bad path fails at once, as toolkit.load does
    with client(scheduler) as c:
        return _with_global_index(c.gather(_map(c, _partition_features, plan)))


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
    parts, several = _plan(paths)  # a bad path fails before anything in out_dir is touched
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # _inputs.json goes first and is written last: a run that fails half way leaves no complete-looking output
    for old in [out / "_inputs.json", *out.glob("part-*.parquet")]:
        old.unlink(missing_ok=True)
    with client(scheduler) as c:
        computed = c.map(_partition_features, parts, several=several, retries=RETRIES, pure=False)
        lengths = c.gather(c.map(len, computed, pure=False, retries=RETRIES))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int).tolist()
        targets = [str(out / f"part-{i:05d}.parquet") for i in range(len(parts))]
        c.gather(c.map(_write_part, computed, starts, targets, retries=RETRIES, pure=False))
    (out / "_inputs.json").write_text(json.dumps(_inputs(parts, lengths), indent=1))
    return out


def _inputs(parts: Sequence[Partition], lengths: Sequence[int] | None = None) -> list[dict]:
    return [{"file": s.name, "size": s.size, "mtime": s.path.stat().st_mtime, "partition": i,
             **({"rows": int(lengths[i])} if lengths is not None else {})}
            for i, part in enumerate(parts) for s in part]


def read_features(out_dir: str | os.PathLike, paths: PathsLike | None = None) -> pd.DataFrame:
    """The features written by :func:`write_features`, in row order.

    With ``paths``, first check that they are still the files the features were computed from
    (names, sizes, modification times) and raise ``ValueError`` naming the first difference.
    Output of a run that did not finish (no ``_inputs.json``, or missing parts) is refused.

    >>> read_features("/tmp/sample-features", "data/sample").index[:2].tolist()   # doctest: +SKIP
    [0, 1]
    """
    out = Path(out_dir)
    parts = sorted(out.glob("part-*.parquet"))
    if not parts or not (out / "_inputs.json").is_file():
        raise FileNotFoundError(f"no complete features in {out} (part-*.parquet and _inputs.json); "
                                "run toolkit.scale.write_features first")
    recorded = json.loads((out / "_inputs.json").read_text())
    n_parts = len({item["partition"] for item in recorded})
    if len(parts) != n_parts:
        raise ValueError(f"features in {out} are incomplete: {len(parts)} part files, {n_parts} partitions "
                         "recorded; run toolkit.scale.write_features again")
    if paths is not None:
        current = _inputs(_plan(paths)[0])
        strip = [{key: item[key] for key in ("file", "size", "mtime")} for item in recorded]
        now = [{key: item[key] for key in ("file", "size", "mtime")} for item in current]
        if strip != now:
            changed = next((b or a for a, b in zip(strip + [{}] * len(now), now + [{}] * len(strip)) if a != b),
                           None)
            raise ValueError(f"features in {out} are stale: the input files changed (first difference: "
                             f"{changed}); run toolkit.scale.write_features again")
    return pd.concat([pd.read_parquet(p) for p in parts])


# ---------------------------------------------------------------------------------------------- counts
def _group_counts(idx: CorpusIndex, kind: str, by: "str | None") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mergeable counts of one partition's index: (``[<by>,] term, count, doc_freq``, ``[<by>,] words``).

    The counting is the index's own: ``CorpusIndex.build`` tokenized and extracted, its grouping
    labels the articles, and :func:`toolkit.index.group_sum` sums the matrix per group (binarised for
    doc_freq).
    """
    codes, labels = idx.grouping(by)
    keys = list(labels.columns)
    matrix = idx.matrices[kind]
    n_groups = max(len(labels), 1)
    counts = group_sum(matrix.X, codes, n_groups)
    docs = group_sum(matrix.X, codes, n_groups, binary=True)  # same sparsity pattern as counts
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    table = labels.iloc[rows].reset_index(drop=True) if keys else pd.DataFrame(index=range(counts.nnz))
    table["term"] = matrix.vocab[counts.indices]
    table["count"] = counts.data
    table["doc_freq"] = docs.data
    words = labels.copy() if keys else pd.DataFrame(index=range(1))
    words["words"] = group_totals(idx.n_words, codes, n_groups)[:len(words)]
    return table, words


def _merge_counts(*partials: tuple[pd.DataFrame, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum count tables (and word totals) of several partitions, group by group and term by term."""
    table = pd.concat([t for t, _ in partials], ignore_index=True)
    totals = pd.concat([w for _, w in partials], ignore_index=True)
    keys = [c for c in totals.columns if c != "words"]
    if not keys:
        return table.groupby("term", sort=False, as_index=False)[["count", "doc_freq"]].sum(), \
            totals[["words"]].sum().to_frame().T
    return (table.groupby(keys + ["term"], sort=False, as_index=False)[["count", "doc_freq"]].sum(),
            totals.groupby(keys, sort=False, as_index=False)["words"].sum())


def _top_table(table: pd.DataFrame, totals: pd.DataFrame, kind: str, k: int) -> pd.DataFrame:
    """The index's ``top_*`` table from reduced counts, by the index's own ``top_from_counts``."""
    keys = [c for c in totals.columns if c != "words"]
    if kind == "terms":  # the index hides stopwords from term tables (they still count as words)
        table = table[~table["term"].isin(stopword_set())]
    if keys:
        (by,) = keys
        words: Any = dict(zip(totals[by].astype(str), totals["words"]))
        return top_from_counts(table, words, k, by=by)
    return top_from_counts(table, float(totals["words"].sum()), k)


def _partition_summary(sources: Partition, several: bool, kinds: Sequence[str],
                       groupings: Sequence["str | None"]) -> tuple[pd.DataFrame, dict]:
    """Index one partition (``CorpusIndex.build``) and keep only what reduces: articles and counts."""
    idx = CorpusIndex.build(load_partition(sources, several=several), progress=False, n_jobs=1)
    articles = idx.articles()
    articles = articles.drop(columns=[c for c in ("id", "title", "url") if c in articles.columns])
    return articles, {(kind, by): _group_counts(idx, kind, by) for kind in kinds for by in groupings}


class Summary(CorpusQueries):
    """What one pass over a corpus on the cluster gives: features, count tables, article metadata.

    Answers like a :class:`toolkit.CorpusIndex` over the whole corpus, through the same query surface
    (:class:`toolkit.index.CorpusQueries`): ``top_terms``, ``top_hashtags``, ``top_handles``,
    ``top_cashtags`` (for the groupings counted), ``quote_stats`` and ``source_counts`` (any
    grouping), ``articles()``, and ``features`` (per article, ``toolkit.load``'s row positions).

    >>> s = summarize("data/sample", by=["publication", None])       # doctest: +SKIP
    >>> s.top_terms(10); s.top_hashtags(5, by="publication"); s.quote_stats()  # doctest: +SKIP
    """

    def __init__(self, articles: pd.DataFrame, counts: dict) -> None:
        meta = articles.copy(deep=False)
        for column in ("publication", "author", "source_file"):
            if column in meta:  # partitions have their own categories; unify them
                meta[column] = meta[column].astype(object).astype("category")
        self.counts = counts
        self._articles = Grouper(meta)

    def _grouper(self) -> Grouper:
        return self._articles

    @property
    def features(self) -> pd.DataFrame:
        """Per-article features (the columns of :func:`toolkit.features`), index = global row position."""
        return self._articles.meta[list(FEATURE_COLUMNS)]

    def top(self, kind: str, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """The index's ``top(kind, k, by)`` table, from the reduced counts."""
        if (kind, by) not in self.counts:
            counted = sorted({f"{kd} by {b}" for kd, b in self.counts})
            raise KeyError(f"{kind} by {by!r} was not counted in this pass (counted: {', '.join(counted)}); "
                           f"pass by=[..., {by!r}] to summarize()")
        table, totals = self.counts[kind, by]
        return _top_table(table, totals, kind, k)

    def __repr__(self) -> str:
        return f"<scale.Summary {self.n_articles:,} articles; counted {sorted(map(str, self.counts))}>"


def summarize(paths: PathsLike, by: "str | None | Sequence[str | None]" = ("publication", None), *,
              kinds: Sequence[str] = ("terms", "hashtags", "handles", "cashtags"),
              scheduler: Scheduler = None) -> Summary:
    """Index every partition once on the cluster and reduce it to a :class:`Summary`.

    ``by``: the grouping(s) the ``top_*`` tables are counted for (``None`` = whole corpus);
    ``kinds``: which count tables to keep. Count tables are merged ``FAN_IN`` at a time on the
    workers; the per-article metadata and features (no text) are gathered.

    >>> s = summarize("data/sample", by="publication")              # doctest: +SKIP
    >>> s.top_terms(5).equals(top_terms("data/sample", 5))          # doctest: +SKIP
    True
    """
    groupings = [by] if by is None or isinstance(by, str) else list(by)
    for grouping in groupings:
        if grouping is not None and not isinstance(grouping, str):
            raise TypeError(f"top_* tables group by one key or None, not {grouping!r}; "
                            "quote_stats() and source_counts() accept several keys")
    kinds = list(kinds)
    plan = _plan(paths)  # before any cluster starts: a bad path fails at once, as toolkit.load does
    with client(scheduler) as c:
        partials = _map(c, _partition_summary, plan, kinds=kinds, groupings=groupings)
        articles = c.map(_first, partials, pure=False)
        counts = {}
        for key in ((kd, b) for kd in kinds for b in groupings):
            tables = [c.submit(_pick, p, key, pure=False) for p in partials]
            counts[key] = _tree_reduce(c, tables, _merge_counts)
        articles = _with_global_index(c.gather(articles))
    return Summary(articles, counts)


def _first(partial: tuple) -> pd.DataFrame:
    return partial[0]


def _pick(partial: tuple, key: tuple) -> tuple:
    return partial[1][key]


def top_terms(paths: PathsLike, k: int = 20, by: "str | None" = None,
              scheduler: Scheduler = None) -> pd.DataFrame:
    """``CorpusIndex.build(toolkit.load(paths)).top_terms(k, by=by)``, counted per partition on a cluster.

    Columns ``[<by>,] term, count, per_10k, doc_freq``, ``k`` rows per group (``by``: None,
    ``"publication"``, ``"author"``, ``"month"``, ``"year"``). For several tables, call
    :func:`summarize` once instead.

    >>> top_terms("data/sample", 5, by="publication").columns.tolist()   # doctest: +SKIP
    ['publication', 'term', 'count', 'per_10k', 'doc_freq']
    """
    return summarize(paths, by=[by], kinds=["terms"], scheduler=scheduler).top_terms(k, by)


def top_hashtags(paths: PathsLike, k: int = 20, by: "str | None" = None,
                 scheduler: Scheduler = None) -> pd.DataFrame:
    """The index's ``top_hashtags(k, by=by)`` (case-folded keys), counted on a cluster.

    >>> top_hashtags("data/sample", 3).columns.tolist()             # doctest: +SKIP
    ['term', 'count', 'per_10k', 'doc_freq']
    """
    return summarize(paths, by=[by], kinds=["hashtags"], scheduler=scheduler).top_hashtags(k, by)


def top_handles(paths: PathsLike, k: int = 20, by: "str | None" = None,
                scheduler: Scheduler = None) -> pd.DataFrame:
    """The index's ``top_handles(k, by=by)`` (case-folded keys), counted on a cluster.

    >>> top_handles("data/sample", 3, by="publication").columns[0]   # doctest: +SKIP
    'publication'
    """
    return summarize(paths, by=[by], kinds=["handles"], scheduler=scheduler).top_handles(k, by)


def top_cashtags(paths: PathsLike, k: int = 20, by: "str | None" = None,
                 scheduler: Scheduler = None) -> pd.DataFrame:
    """The index's ``top_cashtags(k, by=by)`` (case-folded keys), counted on a cluster.

    >>> top_cashtags("data/sample", 3).columns[-1]                  # doctest: +SKIP
    'doc_freq'
    """
    return summarize(paths, by=[by], kinds=["cashtags"], scheduler=scheduler).top_cashtags(k, by)


def quote_stats(paths: PathsLike, by: "str | Sequence[str] | None" = "publication",
                scheduler: Scheduler = None) -> pd.DataFrame:
    """``CorpusIndex.build(toolkit.load(paths)).quote_stats(by)``, features computed on the cluster.

    >>> quote_stats("data/sample").columns[:2].tolist()              # doctest: +SKIP
    ['publication', 'articles']
    """
    return summarize(paths, by=[], kinds=[], scheduler=scheduler).quote_stats(by)


def source_counts(paths: PathsLike, by: "str | Sequence[str]" = "publication",
                  scheduler: Scheduler = None) -> pd.DataFrame:
    """``CorpusIndex.build(toolkit.load(paths)).source_counts(by)``, metadata loaded on the cluster.

    >>> source_counts("data/sample", by=["month", "publication"]).columns[-1]   # doctest: +SKIP
    'share'
    """
    return summarize(paths, by=[], kinds=[], scheduler=scheduler).source_counts(by)
