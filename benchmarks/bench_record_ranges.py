"""Benchmark one big CSV cut into record ranges: toolkit.load and toolkit.scale on a single file.

Generates one CSV with toolkit.sample (``--size-gb``, reused when present), then in the same run
measures

* ``toolkit.load`` in one piece (the default) and cut into record ranges of
  ``recordranges.RANGE_BYTES`` read on the toolkit's threads (``recordranges.SPLIT_BYTES = 0``),
  checked equal;
* the peers on the same file: pandas ``read_csv`` (C engine) and polars ``read_csv`` (all cores);
* ``scale.partitions``: the plan of the record ranges (quote parity pass, then each range's records
  counted and its quoting checked on threads);
* ``scale.features`` on a LocalCluster of ``--workers`` processes with the file as one partition
  (before: one task on one worker) and cut into ``scale.RANGE_BYTES`` ranges, checked equal.

Usage:
    python benchmarks/bench_record_ranges.py                 # 1 GB in /tmp/toolkit-bench-onecsv
    python benchmarks/bench_record_ranges.py --size-gb 0.2   # a quick run
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

import toolkit  # noqa: E402
from toolkit import scale  # noqa: E402
from toolkit.io import recordranges  # noqa: E402
from toolkit.sample import write_sample  # noqa: E402

SEED = 2016


def generate(folder: Path, size_gb: float) -> Path:
    """One CSV of about ``size_gb`` GB (reused when a finished one is there)."""
    done = folder / "DONE"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_sample(folder, None, seed=SEED, n_files=1, target_mb=size_gb * 1000, truth=False, jobs=2)
        done.write_text("ok\n")
    (path,) = sorted(folder.glob("*.csv"))
    return path


def timed(label: str, func, size: int):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"  {label:<52} {seconds:7.2f} s  {size / seconds / 1e6:7.1f} MB/s", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-gb", type=float, default=1.0)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/toolkit-bench-onecsv"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    folder = args.folder / f"{args.size_gb:g}gb"
    path = generate(folder, args.size_gb)
    size = path.stat().st_size
    print(f"one CSV: {path} ({size / 1e9:.2f} GB)")

    print("load")
    recordranges.SPLIT_BYTES = None
    whole, one_piece = timed("toolkit.load, one piece", lambda: toolkit.load(path, progress=False), size)
    recordranges.SPLIT_BYTES = 0
    cut, ranges = timed(f"toolkit.load, record ranges of {recordranges.RANGE_BYTES >> 20} MB on threads",
                        lambda: toolkit.load(path, progress=False), size)
    recordranges.SPLIT_BYTES = None
    pd.testing.assert_frame_equal(cut, whole)
    assert cut.attrs["load_report"] == whole.attrs["load_report"]
    del whole, cut
    _, pandas_s = timed("pandas.read_csv (C engine)", lambda: pd.read_csv(path), size)
    try:
        import polars as pl
    except ImportError:
        polars_s = None
    else:
        _, polars_s = timed("polars.read_csv (all cores)", lambda: pl.read_csv(path), size)
    print(f"  ranges vs one piece: {one_piece / ranges:.2f}x; toolkit.load (ranges) vs pandas: "
          f"{pandas_s / ranges:.2f}x" + (f", vs polars: {polars_s / ranges:.2f}x" if polars_s else ""))

    if args.skip_scale:
        return
    print(f"toolkit.scale ({args.workers} workers)")
    parts, _ = timed(f"scale.partitions (ranges of {scale.RANGE_BYTES >> 20} MB: plan, count)",
                     lambda: scale.partitions(path), size)
    print(f"  {len(parts)} partitions")
    with scale.client() as client:
        range_bytes = scale.RANGE_BYTES
        scale.RANGE_BYTES = 1 << 62
        alone, one_task = timed("scale.features, the file as one partition",
                                lambda: scale.features(path, scheduler=client), size)
        scale.RANGE_BYTES = range_bytes
        spread, spread_s = timed(f"scale.features, {len(parts)} record-range partitions",
                                 lambda: scale.features(path, scheduler=client), size)
    pd.testing.assert_frame_equal(spread, alone)
    print(f"  record ranges vs one partition: {one_task / spread_s:.2f}x")


if __name__ == "__main__":
    main()
