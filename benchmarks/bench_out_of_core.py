"""One big CSV indexed in memory and out of core (``CorpusIndex.from_files(out_of_core=...)``): time and peak
memory of the whole process (its forked workers' private memory included), with pandas ``read_csv`` +
scikit-learn ``CountVectorizer`` as the peer, each in a fresh process; then the index reopened from its
cache entry (text on disk) and a session's first queries, timed one by one.

The input is the generated 143,000-article corpus of ``bench_index.py`` written as one CSV, ``--copies``
times (``--copies 4``: ~1 GB); or ``--input big.csv``.

    .venv/bin/python benchmarks/bench_out_of_core.py                 # ~266 MB, one CSV
    .venv/bin/python benchmarks/bench_out_of_core.py --copies 4      # ~1 GB
    .venv/bin/python benchmarks/bench_out_of_core.py --input all-the-news-2-1.csv --skip-memory
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one_csv(folder: Path, copies: int) -> Path:
    """The bench_index corpus as one CSV (header once), ``copies`` times over."""
    sys.path.insert(0, str(HERE))
    from bench_index import corpus_files          # the generated corpus, made once and reused
    files = corpus_files(folder, 143_000, 2016)
    target = folder / f"{files[0].parent.name}-one-x{copies}.csv"
    if not target.exists():
        tmp = target.with_suffix(".tmp")
        with open(tmp, "wb") as out:
            for copy in range(copies):
                for k, path in enumerate(files):
                    with open(path, "rb") as fh:
                        header = fh.readline()
                        if copy == 0 and k == 0:
                            out.write(header)
                        shutil.copyfileobj(fh, out, 1 << 24)
        tmp.rename(target)
    return target


CHILD = r'''
import json, sys, time, tempfile, warnings
sys.path.insert(0, {here!r})
from bench_index import PeakRSS
path, how = {path!r}, {how!r}
with PeakRSS() as rss, warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    t = time.perf_counter()
    if how == "peer":
        import pandas as pd
        from sklearn.feature_extraction.text import CountVectorizer
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        X = CountVectorizer().fit_transform(df["content"])
        n = len(df)
    else:
        from toolkit.index import CorpusIndex
        idx = CorpusIndex.from_files(path, cache_dir={cache!r}, out_of_core=(how != "in memory"), text="disk",
                                     progress=False)
        n = idx.n_articles
    seconds = time.perf_counter() - t
out = {{"how": how, "seconds": seconds, "peak_mb": rss.peak_total / 1e6, "articles": n,
        "held_mb": PeakRSS.now() / 1e6, "warnings": [str(w.message)[:500] for w in caught]}}
if how == "reopen":                      # what a session does first, timed one by one
    pub = idx.meta["publication"].cat.categories[0]
    for name, call in [("publication filter + top 20 terms", lambda: idx.filter(publication=pub).top_terms(20)),
                       ("month filter + top 20 hashtags", lambda: idx.filter(start="2016-03-01", end="2016-03-31")
                        .top_hashtags(20)),
                       ("keyword 'immigration' (a term)", lambda: idx.filter(keyword="immigration").n_articles),
                       ("phrase: white house (quoted)", lambda: idx.filter(keyword='"white house"').n_articles),
                       ("phrase: said on twitter (not a build phrase)",
                        lambda: idx.filter(keyword="said on twitter").n_articles),
                       ("trends: wall, immigration per month", lambda: __import__("toolkit").stats.term_trends(
                           idx, ["wall", "immigration"], by=None)),
                       ("top 20 terms by publication", lambda: idx.top_terms(20, by="publication"))]:
        t = time.perf_counter(); call(); out[name] = time.perf_counter() - t
print(json.dumps(out))
'''


def run(path: Path, how: str, cache: Path) -> dict:
    code = CHILD.format(here=str(HERE), path=str(path), how=how, cache=str(cache))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=HERE.parent)
    if out.returncode:
        raise SystemExit(f"{how} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", type=Path)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "toolkit-bench")
    parser.add_argument("--skip-memory", action="store_true", help="skip the in-memory build (too big for RAM)")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--cache", type=Path, help="the cache folder to build in, kept afterwards (default: a "
                        "temporary one, removed)")
    args = parser.parse_args()
    path = args.input or one_csv(args.corpus_dir, args.copies)
    size = path.stat().st_size
    print(f"input {path} ({size / 1e6:,.0f} MB)  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    hows = ["out of core", "reopen", "reopen"] + ([] if args.skip_memory else ["in memory"]) + \
        ([] if args.skip_peer else ["peer"])
    cache = args.cache or Path(tempfile.mkdtemp(dir=args.corpus_dir, prefix="ooc-cache-"))
    try:
        for how in hows:
            r = run(path, how, cache if how != "in memory" else cache / "memory")
            label = "pandas read_csv + CountVectorizer" if how == "peer" else f"from_files, {how}"
            print(f"{label:38s} {r['seconds']:7.1f} s  {size / 1e6 / r['seconds']:6.1f} MB/s  "
                  f"peak {r['peak_mb']:7,.0f} MB = {r['peak_mb'] * 1e6 / size:4.2f}x the file  ({r['articles']:,} "
                  f"articles)" + (f"; holds {r['held_mb']:,.0f} MB" if how == "reopen" else ""), flush=True)
            for message in r.pop("warnings"):
                print(f"    warning: {message}")
            for name, seconds in r.items():
                if name not in ("how", "seconds", "peak_mb", "articles", "held_mb"):
                    print(f"    {name:40s} {seconds * 1000:8.0f} ms")
    finally:
        if args.cache is None:
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
