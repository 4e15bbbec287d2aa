"""Benchmark ``toolkit.load`` against ``pandas.read_csv(dtype=str)`` on the same file, in one run.

    .venv/bin/python benchmarks/bench_load.py                 # generates ~200 MB with toolkit.sample
    .venv/bin/python benchmarks/bench_load.py --input big.csv  # or any CSV of yours

Prints both times, MB/s, the ratio, the result's memory and the peak RSS of this process.
"""
from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

import toolkit
from toolkit.sample import write_sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, help="CSV file to load (default: a generated corpus)")
    parser.add_argument("--mb", type=float, default=200.0, help="size of the generated corpus in MB")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.input
        if path is None:
            print(f"generating ~{args.mb:.0f} MB with toolkit.sample ...", flush=True)
            path = write_sample(tmp, n_articles=None, target_mb=args.mb, truth=False, jobs=2)[0]
        size_mb = path.stat().st_size / 1e6

        start = time.perf_counter()
        baseline = pd.read_csv(path, dtype=str, keep_default_na=False)
        base_s = time.perf_counter() - start
        n_base = len(baseline)
        del baseline

        start = time.perf_counter()
        df = toolkit.load(path, progress=False)
        ours_s = time.perf_counter() - start

    print(f"file {size_mb:.0f} MB, {len(df):,} rows (pandas: {n_base:,})")
    print(f"pandas.read_csv(dtype=str): {base_s:6.1f} s  {size_mb / base_s:6.1f} MB/s")
    print(f"toolkit.load:               {ours_s:6.1f} s  {size_mb / ours_s:6.1f} MB/s")
    print(f"ratio toolkit/pandas time:  {ours_s / base_s:.2f}x")
    print(f"result {df.memory_usage(deep=True).sum() / 1e6:.0f} MB, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
