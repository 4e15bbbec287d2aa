"""The command line, ``python -m toolkit.sample OUT_DIR [options]``: write a seeded corpus and its truth.

Rules: argument parsing and the one-line report on stderr only; the work is ``write_sample``'s. Kept
out of ``__main__.py`` so that ``toolkit.sample`` can re-export ``main`` without importing
``toolkit.sample.__main__`` (which would make ``python -m`` warn).

Example::

    python -m toolkit.sample data/sample                         # the committed sample
    python -m toolkit.sample /tmp/big --target-mb 1024 --files 16 --no-truth
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from toolkit.sample.builder import DEFAULT_SEED
from toolkit.sample.writer import DATA_DIR, SAMPLE_DIR, truth_path_for, write_sample

__all__ = ["cli_out_dir", "main"]


def cli_out_dir(out_dir: str | Path) -> Path:
    """The folder the command line writes to: ``data/`` itself (``python -m toolkit.sample data/``) means the
    bundled sample's folder ``data/sample``, so the truth lands in ``data/`` and ``load("data/sample")`` reads
    only articles; any other folder is taken as given.

    >>> cli_out_dir(DATA_DIR) == SAMPLE_DIR, cli_out_dir("/tmp/corpus").as_posix()
    (True, '/tmp/corpus')
    """
    out_dir = Path(out_dir)
    return SAMPLE_DIR if out_dir.resolve() == DATA_DIR.resolve() else out_dir


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); report on stderr, return 0.

    >>> import tempfile
    >>> main([tempfile.mkdtemp(), "--n-articles", "2", "--no-truth"])
    0
    """
    parser = argparse.ArgumentParser(prog="python -m toolkit.sample",
                                     description="Write the seeded sample corpus (All the News CSV layout) "
                                                 "and its ground truth <out_dir>-truth.jsonl.gz.")
    parser.add_argument("out_dir", type=Path,
                        help="folder for the CSV file(s), e.g. data/sample (data/ itself means data/sample)")
    parser.add_argument("--n-articles", type=int, default=None,
                        help="number of articles (default 2000, or unlimited with --target-mb)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--files", type=int, default=1, help="split over this many CSV files (default 1)")
    parser.add_argument("--target-mb", type=float, default=None,
                        help="total size of the CSVs in MB (scales article length if --n-articles is given)")
    parser.add_argument("--no-truth", action="store_true", help="skip writing the ground truth")
    parser.add_argument("--jobs", type=int, default=1, help="generate in this many processes (same output)")
    args = parser.parse_args(argv)
    args.out_dir = cli_out_dir(args.out_dir)
    n = args.n_articles if args.n_articles is not None else (None if args.target_mb else 2000)
    t0 = time.perf_counter()
    paths = write_sample(args.out_dir, n_articles=n, seed=args.seed, n_files=args.files,
                         target_mb=args.target_mb, truth=not args.no_truth, jobs=args.jobs)
    size = sum(p.stat().st_size for p in paths)
    secs = time.perf_counter() - t0
    print(f"wrote {len(paths)} file(s), {size / 1e6:.1f} MB in {secs:.1f} s ({size / 1e6 / secs:.1f} MB/s) "
          f"to {args.out_dir}" + ("" if args.no_truth else f"; truth: {truth_path_for(args.out_dir)}"),
          file=sys.stderr)
    return 0

