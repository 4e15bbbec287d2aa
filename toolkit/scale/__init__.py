"""The toolkit's load → featurize → count steps on dask partitions, reduced to the pandas results.

Every partition goes through the *same* code as the single-machine path: :func:`toolkit.load` (on
that partition's files), :func:`toolkit.features`, and :meth:`toolkit.CorpusIndex.build` for the
term / entity counting, with the index's ``top_from_counts`` ranking the reduced counts. Only small per-partition tables
travel back: feature rows (ten numbers per article), term counts per group, per-article metadata for
the quote / source tables, each partition's load report. They are reduced to exactly the results of

* ``toolkit.features(toolkit.load(paths))``  → :func:`features` (same index values),
* ``CorpusIndex.build(toolkit.load(paths)).top_terms(k, by=by, boilerplate=False)`` → :func:`top_terms`
  (page furniture is found over a whole corpus, which a partition does not see), and likewise
  :func:`top_hashtags`, :func:`top_handles`, :func:`top_cashtags`, :func:`quote_stats`,
  :func:`source_counts`,
* ``toolkit.load(paths).attrs["load_report"]`` → :func:`load_report`, and carried by the results:
  ``features(...).attrs["load_report"]``, ``read_features(...).attrs["load_report"]``,
  ``Summary.load_report`` (rows skipped or repaired inside any partition, with file and line).

**Partitions hold whole records.** News CSVs hold article text with newlines inside quoted fields, so
a CSV cut at a byte offset (``dd.read_csv(blocksize=...)``) can start in the middle of an article and
silently mis-parse it. A partition is a file, a run of consecutive small files up to
``PARTITION_BYTES`` (16 MB; folders of ``.txt`` articles), or a record range of about
``RANGE_BYTES`` (128 MB) of one bigger CSV (``toolkit.io.recordranges``: cut where an even number of
quotes precede a newline, each range's records counted before the tasks start, so a range read alone
gives the rows, lines and generated ids of the whole file; a file whose quoting is irregular, not UTF-8
or compressed stays one partition).
Row order and positions stay those of ``toolkit.load``: sorted file order.

``scheduler`` is ``None`` (a private ``LocalCluster`` on 127.0.0.1, two single-threaded worker
processes, closed afterwards), a scheduler address such as ``"tcp://10.0.0.5:8786"`` (checked first:
refused or silent for ``CONNECT_TIMEOUT`` seconds is an error naming it), or a ``distributed.Client``
(used as is). Tasks run with ``retries=RETRIES``; tasks lost with a dead worker are rescheduled by dask,
so a worker dying mid-run changes no result. See ``docs/scale.md``.

Rules: this package holds the per-partition tasks and the public functions, and the tunables
``PARTITION_BYTES``, ``RANGE_BYTES``, ``RETRIES`` and ``FAN_IN``, read from here at call time; the
partitions themselves (planning, loading one, merging reports) are :mod:`toolkit.io.partitions`;
the cluster connection is :mod:`~toolkit.scale.cluster`, the count tables and :class:`Summary`
:mod:`~toolkit.scale.summary`, the stored features :mod:`~toolkit.scale.stored`. No module here
imports this package back.

Example:
    >>> from toolkit import scale
    >>> feats = scale.features("data/sample")                     # doctest: +SKIP
    >>> feats.attrs["load_report"].rows_skipped                   # doctest: +SKIP
    0
    >>> scale.top_terms("data/sample", 10, by="publication")      # doctest: +SKIP
    >>> with scale.client("tcp://scheduler:8786") as c:           # doctest: +SKIP
    ...     scale.write_features("/shared/news", "/shared/news-features", scheduler=c)
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np
import pandas as pd

from toolkit.featurize import features as featurize
from toolkit.index import CorpusIndex
from toolkit.io.partitions import (Partition, PathsLike, Plan, group_sources, input_sources, load_partition,
                                   merged_report, plan_partitions)
from toolkit.io.report import LoadReport
from toolkit.scale.cluster import CONNECT_TIMEOUT, Scheduler, check_scheduler, client
from toolkit.scale.stored import INPUTS, REPORT, input_records, read_features, source_digest, write_report
from toolkit.scale.summary import Summary, group_counts, merge_counts

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    from distributed import Client

__all__ = ["client", "check_scheduler", "partitions", "load_partition", "load", "load_report", "features",
           "write_features", "read_features", "summarize", "Summary", "top_terms", "top_hashtags",
           "top_handles", "top_cashtags", "quote_stats", "source_counts", "PARTITION_BYTES", "RANGE_BYTES", "RETRIES",
           "CONNECT_TIMEOUT"]

#: consecutive files smaller than this are read as one partition (a bigger file is always alone);
#: small enough to spread a few hundred MB over the workers, big enough to keep the task count low
PARTITION_BYTES = 16 << 20
#: a CSV bigger than this is cut into record ranges of about this size, one partition each
RANGE_BYTES = 128 << 20
#: times a failing task is retried (tasks lost with a dead worker are rescheduled on top of this)
RETRIES = 3
#: partial tables merged per reduction task
FAN_IN = 8


# ---------------------------------------------------------------------------------------------- partitions
def partitions(paths: PathsLike, target_bytes: int | None = None, *,
               storage_options: dict | None = None) -> list[Partition]:
    """The input files of ``paths`` in ``toolkit.load``'s order, grouped into partitions.

    A partition is a tuple of consecutive sources: one file, several small ones adding up to at
    most ``target_bytes`` (default :data:`PARTITION_BYTES`, read at call time), or one record range of
    about :data:`RANGE_BYTES` of a bigger CSV (``Source.part``; see the module docstring); the members of
    one zip archive stay together.

    >>> [len(p) for p in partitions("data/sample")]               # doctest: +SKIP
    [1]
    """
    return group_sources(input_sources(paths, storage_options=storage_options),
                         PARTITION_BYTES if target_bytes is None else target_bytes, RANGE_BYTES)


def _plan(paths: PathsLike, storage_options: dict | None = None) -> Plan:
    return plan_partitions(paths, PARTITION_BYTES, RANGE_BYTES, storage_options)


def load(paths: PathsLike, *, storage_options: dict | None = None) -> "dd.DataFrame":
    """The corpus as a lazy dask DataFrame with one partition per file (or run of small files).

    Reads everything ``toolkit.load`` reads (CSV/TSV, JSON Lines, Parquet, text folders, compressed);
    the columns and dtypes are those of ``toolkit.load``. The first partition is read once to learn the
    columns; the rest is read only when computed. Each partition's index counts from 0 (the global
    positions of ``toolkit.load`` are these plus the rows of earlier partitions; :func:`features` and
    :func:`write_features` restore them). Each computed partition carries the load report of its own
    files in ``attrs["load_report"]`` (pandas drops differing attrs when partitions are concatenated);
    the whole corpus' report: :func:`load_report`.

    >>> load("data/sample").npartitions                            # doctest: +SKIP
    1
    """
    import dask  # optional stack (the "scale" extra): loaded when used
    import dask.dataframe as dd

    plan = _plan(paths, storage_options)
    meta = load_partition(plan.parts[0], several=plan.several).iloc[:0]
    meta.attrs.clear()
    with dask.config.set({"dataframe.convert-string": False}):  # keep toolkit.load's dtypes as they are
        return dd.from_map(load_partition, plan.parts, meta=meta, several=plan.several, label="toolkit-load",
                           enforce_metadata=False)


# ---------------------------------------------------------------------------------------------- reports
def _partition_report(sources: Partition, several: bool) -> tuple[LoadReport, int]:
    df = load_partition(sources, several=several)
    return df.attrs["load_report"], len(df)


def load_report(paths: PathsLike, scheduler: Scheduler = None, *, storage_options: dict | None = None
                ) -> LoadReport:
    """``toolkit.load(paths).attrs["load_report"]``, the partitions loaded on a dask cluster.

    What every file gave: rows read and loaded, and each row skipped, repaired or kept with a warning
    (file, line, reason, position in the whole corpus). This reads the whole corpus; when computing
    features or a summary anyway, take theirs (``attrs["load_report"]``, ``Summary.load_report``).

    >>> print(load_report("data/sample"))                          # doctest: +SKIP
    Loaded 1,000 of 1,000 rows read from 1 file; 0 skipped, 0 repaired, 0 kept with a warning.
    """
    plan = _plan(paths, storage_options)  # before any cluster starts: a bad path fails at once
    with client(scheduler) as c:
        return merged_report(plan.not_read, c.gather(_map(c, _partition_report, plan)))


# ---------------------------------------------------------------------------------------------- tasks
def _map(c: "Client", func: Callable[..., Any], plan: Plan, **kwargs: Any) -> list[Any]:
    """``func(partition, several=..., **kwargs)`` for every partition of ``plan``, as futures (with retries)."""
    return c.map(func, plan.parts, several=plan.several, retries=RETRIES, pure=False, **kwargs)


def _tree_reduce(c: "Client", futures: list[Any], merge: Callable[..., Any]) -> Any:
    """Merge partial results ``FAN_IN`` at a time on the workers; return the final one."""
    while len(futures) > 1:
        futures = [c.submit(merge, *futures[i:i + FAN_IN], retries=RETRIES, pure=False)
                   for i in range(0, len(futures), FAN_IN)]
    return futures[0].result()


def _with_global_index(parts: Sequence[pd.DataFrame], not_read: LoadReport) -> pd.DataFrame:
    """Concatenate per-partition frames, renumbering each from the rows of the partitions before it;
    their ``attrs["load_report"]`` merged likewise."""
    out, start = [], 0
    for part in parts:
        part = part.copy(deep=False)
        part.index = pd.RangeIndex(start, start + len(part))
        start += len(part)
        out.append(part)
    frame = pd.concat(out) if len(out) > 1 else out[0]
    frame.attrs["load_report"] = merged_report(not_read, [(_report_of(p), len(p)) for p in parts])
    return frame


def _report_of(frame: pd.DataFrame) -> LoadReport | None:
    return frame.attrs.get("load_report")


# ---------------------------------------------------------------------------------------------- features
def _partition_features(sources: Partition, several: bool) -> pd.DataFrame:
    df = load_partition(sources, several=several)
    feats = featurize(df, n_jobs=1)
    feats.attrs["load_report"] = df.attrs["load_report"]
    return feats


def features(paths: PathsLike, scheduler: Scheduler = None, *, storage_options: dict | None = None
             ) -> pd.DataFrame:
    """``toolkit.features(toolkit.load(paths))`` computed partition by partition on a dask cluster.

    Same columns, dtypes, values and index (``toolkit.load``'s global row positions);
    ``attrs["load_report"]``: ``toolkit.load(paths)``'s report, merged from the partitions.

    >>> features("data/sample").columns[:3].tolist()              # doctest: +SKIP
    ['tokens', 'types', 'quotes']
    """
    plan = _plan(paths, storage_options)  # before any cluster starts: a bad path fails at once
    with client(scheduler) as c:
        return _with_global_index(c.gather(_map(c, _partition_features, plan)), plan.not_read)


def _write_part(frame: pd.DataFrame, start: int, target: str) -> int:
    frame = frame.copy(deep=False)
    frame.index = pd.RangeIndex(start, start + len(frame))
    frame.attrs = {}  # the report goes to _load_report.json (Parquet metadata takes JSON only)
    frame.to_parquet(target)
    return len(frame)


def write_features(paths: PathsLike, out_dir: str | os.PathLike, scheduler: Scheduler = None, *,
                   storage_options: dict | None = None) -> Path:
    """Compute :func:`features` on the cluster and have the workers write them as Parquet.

    One ``part-NNNNN.parquet`` per partition, index = ``toolkit.load``'s global row position,
    ``_load_report.json`` (the load report), and ``_inputs.json`` listing the source files (size, mtime,
    a digest of their bytes, rows) so a later analysis can tell whether they are still current.
    ``out_dir`` must be on storage every worker can write. Read back with :func:`read_features`;
    returns ``out_dir``.

    >>> out = write_features("data/sample", "/tmp/sample-features")   # doctest: +SKIP
    >>> read_features(out).equals(features("data/sample"))            # doctest: +SKIP
    True
    """
    plan = _plan(paths, storage_options)  # a bad path fails before anything in out_dir is touched
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # _inputs.json goes first and is written last: a run that fails half way leaves no complete-looking output
    for old in [out / INPUTS, out / REPORT, *out.glob("part-*.parquet")]:
        old.unlink(missing_ok=True)
    with client(scheduler) as c:
        computed = _map(c, _partition_features, plan)
        files = list({source.file_key: source for part in plan.parts for source in part}.values())
        digests = c.map(source_digest, files, retries=RETRIES, pure=False)  # the workers read each file once
        lengths = c.gather(c.map(len, computed, pure=False, retries=RETRIES))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int).tolist()
        targets = [str(out / f"part-{i:05d}.parquet") for i in range(len(plan.parts))]
        c.gather(c.map(_write_part, computed, starts, targets, retries=RETRIES, pure=False))
        reports = c.gather(c.map(_report_of, computed, retries=RETRIES, pure=False))
        digest_of = {source.file_key: digest for source, digest in zip(files, c.gather(digests))}
    digests = [[digest_of[source.file_key] for source in part] for part in plan.parts]
    write_report(out, merged_report(plan.not_read, list(zip(reports, lengths))))
    (out / INPUTS).write_text(json.dumps(input_records(plan.parts, lengths, digests), indent=1))
    return out


# ---------------------------------------------------------------------------------------------- counts
def _partition_summary(sources: Partition, several: bool, kinds: Sequence[str],
                       groupings: Sequence["str | None"]) -> tuple[pd.DataFrame, dict]:
    """Index one partition (``CorpusIndex.build``) and keep only what reduces: articles (with the
    partition's load report) and counts."""
    df = load_partition(sources, several=several)
    idx = CorpusIndex.build(df, progress=False, n_jobs=1)
    articles = idx.articles()
    articles = articles.drop(columns=[c for c in ("id", "title", "url") if c in articles.columns])
    articles.attrs["load_report"] = df.attrs["load_report"]
    return articles, {(kind, by): group_counts(idx, kind, by) for kind in kinds for by in groupings}


def summarize(paths: PathsLike, by: "str | None | Sequence[str | None]" = ("publication", None), *,
              kinds: Sequence[str] = ("terms", "hashtags", "handles", "cashtags"),
              scheduler: Scheduler = None, storage_options: dict | None = None) -> Summary:
    """Index every partition once on the cluster and reduce it to a :class:`Summary`.

    ``by``: the grouping(s) the ``top_*`` tables are counted for (``None`` = whole corpus);
    ``kinds``: which count tables to keep. Count tables are merged ``FAN_IN`` at a time on the
    workers; the per-article metadata and features (no text) and the partitions' load reports are
    gathered (``Summary.load_report``).

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
    plan = _plan(paths, storage_options)  # before any cluster starts: a bad path fails at once
    with client(scheduler) as c:
        partials = _map(c, _partition_summary, plan, kinds=kinds, groupings=groupings)
        articles = c.map(_first, partials, pure=False)
        counts = {}
        for key in ((kd, b) for kd in kinds for b in groupings):
            tables = [c.submit(_pick, p, key, pure=False) for p in partials]
            counts[key] = _tree_reduce(c, tables, merge_counts)
        articles = _with_global_index(c.gather(articles), plan.not_read)
    return Summary(articles, counts)


def _first(partial: tuple) -> pd.DataFrame:
    return partial[0]


def _pick(partial: tuple, key: tuple) -> tuple:
    return partial[1][key]


def top_terms(paths: PathsLike, k: int = 20, by: "str | None" = None,
              scheduler: Scheduler = None, *, storage_options: dict | None = None) -> pd.DataFrame:
    """``CorpusIndex.build(toolkit.load(paths)).top_terms(k, by=by, boilerplate=False)``, counted per
    partition on a cluster (page furniture counts as content: partitions do not see the whole corpus).

    Columns ``[<by>,] term, count, per_10k, doc_freq``, ``k`` rows per group (``by``: None,
    ``"publication"``, ``"author"``, ``"month"``, ``"year"``). For several tables, call
    :func:`summarize` once instead.

    >>> top_terms("data/sample", 5, by="publication").columns.tolist()   # doctest: +SKIP
    ['publication', 'term', 'count', 'per_10k', 'doc_freq']
    """
    return summarize(paths, by=[by], kinds=["terms"], scheduler=scheduler,
                     storage_options=storage_options).top_terms(k, by)


def top_hashtags(paths: PathsLike, k: int = 20, by: "str | None" = None,
                 scheduler: Scheduler = None, *, storage_options: dict | None = None) -> pd.DataFrame:
    """The index's ``top_hashtags(k, by=by)`` (case-folded keys), counted on a cluster.

    >>> top_hashtags("data/sample", 3).columns.tolist()             # doctest: +SKIP
    ['term', 'count', 'per_10k', 'doc_freq']
    """
    return summarize(paths, by=[by], kinds=["hashtags"], scheduler=scheduler,
                     storage_options=storage_options).top_hashtags(k, by)


def top_handles(paths: PathsLike, k: int = 20, by: "str | None" = None,
                scheduler: Scheduler = None, *, storage_options: dict | None = None) -> pd.DataFrame:
    """The index's ``top_handles(k, by=by)`` (case-folded keys), counted on a cluster.

    >>> top_handles("data/sample", 3, by="publication").columns[0]   # doctest: +SKIP
    'publication'
    """
    return summarize(paths, by=[by], kinds=["handles"], scheduler=scheduler,
                     storage_options=storage_options).top_handles(k, by)


def top_cashtags(paths: PathsLike, k: int = 20, by: "str | None" = None,
                 scheduler: Scheduler = None, *, storage_options: dict | None = None) -> pd.DataFrame:
    """The index's ``top_cashtags(k, by=by)`` (case-folded keys), counted on a cluster.

    >>> top_cashtags("data/sample", 3).columns[-1]                  # doctest: +SKIP
    'doc_freq'
    """
    return summarize(paths, by=[by], kinds=["cashtags"], scheduler=scheduler,
                     storage_options=storage_options).top_cashtags(k, by)


def quote_stats(paths: PathsLike, by: "str | Sequence[str] | None" = "publication",
                scheduler: Scheduler = None, *, storage_options: dict | None = None) -> pd.DataFrame:
    """``CorpusIndex.build(toolkit.load(paths)).quote_stats(by)``, features computed on the cluster.

    >>> quote_stats("data/sample").columns[:2].tolist()              # doctest: +SKIP
    ['publication', 'articles']
    """
    return summarize(paths, by=[], kinds=[], scheduler=scheduler,
                     storage_options=storage_options).quote_stats(by)


def source_counts(paths: PathsLike, by: "str | Sequence[str]" = "publication",
                  scheduler: Scheduler = None, *, storage_options: dict | None = None) -> pd.DataFrame:
    """``CorpusIndex.build(toolkit.load(paths)).source_counts(by)``, metadata loaded on the cluster.

    >>> source_counts("data/sample", by=["month", "publication"]).columns[-1]   # doctest: +SKIP
    'share'
    """
    return summarize(paths, by=[], kinds=[], scheduler=scheduler,
                     storage_options=storage_options).source_counts(by)
