"""Benchmark toolkit.scale: a generated corpus of >= 1 GB through dask vs the single-process path.

Generates the corpus with toolkit.sample (split over many files, reused when already present),
then in the same run measures

* the dask path: ``scale.features`` and ``scale.top_terms`` on a LocalCluster (127.0.0.1,
  ``--workers`` single-threaded worker processes, each with ``--memory-limit``), with the peak
  resident memory of every worker process;
* the single-process path: ``toolkit.features(toolkit.load(paths))`` and
  ``CorpusIndex.build(toolkit.load(paths)).top_terms(...)`` in a fresh child process, with its peak
  memory;

checks that both give identical results and prints MB/s for each and the ratio.

Usage:
    python benchmarks/bench_scale.py                      # 1 GB in /tmp/toolkit-bench-scale
    python benchmarks/bench_scale.py --size-gb 0.1        # a quick run
    python benchmarks/bench_scale.py --skip-baseline      # dask path only (baseline needs ~10x RAM)
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import time
from pathlib import Path

import pandas as pd
from dask.utils import parse_bytes

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import toolkit  # noqa: E402
from toolkit import scale  # noqa: E402
from toolkit.sample import write_sample  # noqa: E402

SEED = 2016
TOP_K = 20


def corpus_bytes(folder: Path) -> int:
    return sum(source.size for part in scale.partitions(folder) for source in part)


def generate(folder: Path, size_gb: float, file_mb: float) -> Path:
    """Write (or reuse) a corpus of about ``size_gb`` GB in files of about ``file_mb`` MB."""
    target_mb = size_gb * 1000
    n_files = max(2, round(target_mb / file_mb))
    data = folder / f"corpus-{size_gb:g}gb-{n_files}files"
    if data.is_dir() and corpus_bytes(data) >= 0.95 * target_mb * 1e6:
        print(f"reusing {data}")
        return data
    print(f"generating ~{target_mb:.0f} MB in {n_files} files -> {data}")
    t0 = time.perf_counter()
    write_sample(data, n_articles=None, seed=SEED, n_files=n_files, target_mb=target_mb, truth=False)
    print(f"  generated {corpus_bytes(data) / 1e6:.0f} MB in {time.perf_counter() - t0:.0f} s")
    return data


def peak_rss_mb() -> float:
    """Peak resident memory of the calling process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def single_process(paths: str, queue: "mp.Queue") -> None:
    """The pandas path in this (fresh) process; each timing includes the load, as the dask path's do."""
    t0 = time.perf_counter()
    df = toolkit.load(paths, progress=False)
    load_s = time.perf_counter() - t0
    feats = toolkit.features(df)
    features_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    top = toolkit.CorpusIndex.build(df, progress=False).top_terms(TOP_K, by="publication")
    top_terms_s = load_s + time.perf_counter() - t1
    queue.put({"features_s": features_s, "top_terms_s": top_terms_s, "peak_mb": peak_rss_mb(),
               "features": feats, "top": top})


def run_baseline(paths: Path) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=single_process, args=(str(paths), queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def run_dask(paths: Path, workers: int, memory_limit: str) -> dict:
    with scale.client(n_workers=workers, memory_limit=memory_limit) as c:
        pids = set(c.run(os.getpid).values())
        t0 = time.perf_counter()
        feats = scale.features(paths, scheduler=c)
        t_features = time.perf_counter() - t0
        t1 = time.perf_counter()
        top = scale.top_terms(paths, TOP_K, by="publication", scheduler=c)
        t_top = time.perf_counter() - t1
        peaks = c.run(peak_rss_mb)
        # a worker the nanny restarted (memory limit exceeded) has a new pid and a fresh, lower peak
        restarted = len(pids - set(c.run(os.getpid).values()))
    return {"features_s": t_features, "top_terms_s": t_top, "worker_peak_mb": peaks,
            "restarted": restarted, "features": feats, "top": top}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=1.0, help="corpus size on disk (default 1.0)")
    parser.add_argument("--file-mb", type=float, default=32.0, help="size of each generated file (default 32)")
    parser.add_argument("--partition-mb", type=float, default=None,
                        help="scale.PARTITION_BYTES in MB (default: --file-mb, i.e. one file per partition)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="2GiB", help="per dask worker (default 2GiB)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/toolkit-bench-scale"))
    parser.add_argument("--skip-baseline", action="store_true", help="only run the dask path")
    args = parser.parse_args(argv)

    scale.PARTITION_BYTES = int((args.partition_mb or args.file_mb) * 1e6)
    data = generate(args.dir, args.size_gb, args.file_mb)
    mb = corpus_bytes(data) / 1e6
    parts = scale.partitions(data)
    n_files = sum(len(p) for p in parts)
    print(f"corpus: {mb:.0f} MB in {n_files} files, {len(parts)} partitions; "
          f"{args.workers} workers x 1 thread, memory limit {args.memory_limit} each")

    dask_run = run_dask(data, args.workers, args.memory_limit)
    peaks = ", ".join(f"{v:.0f}" for v in dask_run["worker_peak_mb"].values())
    print(f"dask   features : {dask_run['features_s']:7.1f} s  {mb / dask_run['features_s']:6.1f} MB/s")
    print(f"dask   top_terms: {dask_run['top_terms_s']:7.1f} s  {mb / dask_run['top_terms_s']:6.1f} MB/s")
    print(f"dask   peak memory per worker (MB): {peaks}")
    limit_mb = parse_bytes(args.memory_limit) / 2**20
    bounded = max(dask_run["worker_peak_mb"].values()) <= limit_mb and not dask_run["restarted"]
    print(f"dask   bounded by the {args.memory_limit} limit per worker: {'yes' if bounded else 'NO'}"
          + (f" ({dask_run['restarted']} worker(s) restarted by the nanny: peaks above are partial)"
             if dask_run["restarted"] else ""))
    if args.skip_baseline:
        return

    base = run_baseline(data)
    print(f"single features : {base['features_s']:7.1f} s  {mb / base['features_s']:6.1f} MB/s   (load + features)")
    print(f"single top_terms: {base['top_terms_s']:7.1f} s  {mb / base['top_terms_s']:6.1f} MB/s   (load + index build)")
    print(f"single peak memory (MB): {base['peak_mb']:.0f}")
    print(f"ratio dask/single  features: {base['features_s'] / dask_run['features_s']:.2f}x   "
          f"top_terms: {base['top_terms_s'] / dask_run['top_terms_s']:.2f}x")
    print(f"peak memory: max worker {max(dask_run['worker_peak_mb'].values()):.0f} MB vs single {base['peak_mb']:.0f} MB")
    pd.testing.assert_frame_equal(dask_run["features"].sort_index(), base["features"].sort_index())
    pd.testing.assert_frame_equal(dask_run["top"].reset_index(drop=True), base["top"].reset_index(drop=True))
    print("results identical: yes")


if __name__ == "__main__":
    main()
