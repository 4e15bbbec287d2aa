"""Benchmark the corpus index: build speed, cache reload, filter round trips, memory.

Generates (once, cached in ``--corpus-dir``) a corpus of ``--articles`` articles with
:mod:`toolkit.sample`, loads it with :func:`toolkit.load`, then measures:

- index build (MB of article text per second) and peak resident memory over the raw text size;
- save to the cache and reload with :meth:`CorpusIndex.from_files` (unchanged files: no rebuild);
- the median of ``--filters`` random filter → top-20 terms + top-20 hashtags + source counts round
  trips (publication / date range / author / keyword filters), target ≤ 100 ms; phrase and regex
  keyword round trips separately;
- a baseline in the same run: the same round trip without an index (pandas masks + ``Counter`` over
  pre-tokenized articles) on the first ``--baseline-articles`` articles, against the index on the same
  articles, printed as a ratio.

Run by hand (not part of the tests)::

    .venv/bin/python benchmarks/bench_index.py                       # ~143,000 articles
    .venv/bin/python benchmarks/bench_index.py --articles 20000      # quicker
"""
from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

import toolkit
from toolkit.index import CorpusIndex, files_cache_key, stopword_set, term_tokens
from toolkit.sample import write_sample


class PeakRSS:
    """Samples this process' resident memory every 20 ms; ``peak`` in bytes."""

    def __init__(self) -> None:
        self.peak = self.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def now() -> int:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * 4096

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.now())

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.now())


def corpus_files(folder: Path, n_articles: int, seed: int) -> list[Path]:
    target = folder / f"bench-{n_articles}-{seed}"
    done = target / "DONE"
    if not done.exists():
        shutil.rmtree(target, ignore_errors=True)
        t = time.perf_counter()
        write_sample(target, n_articles=n_articles, seed=seed, n_files=8, truth=False)
        done.write_text("ok")
        print(f"generated {n_articles:,} articles in {time.perf_counter() - t:.1f} s -> {target}")
    return sorted(target.glob("articles*.csv"))


def random_filters(idx: CorpusIndex, n: int, rng: np.random.Generator) -> list[dict]:
    meta = idx.meta
    pubs = meta["publication"].cat.categories.tolist()
    authors = meta["author"].value_counts().index[:50].tolist()
    months = pd.date_range(meta["date"].min(), meta["date"].max(), freq="MS")
    terms = idx.matrices["terms"]
    doc_freq = np.diff(terms.post_ptr)
    stop = stopword_set()
    words = [t for t, d in zip(terms.vocab.tolist(), doc_freq) if 200 <= d <= 20_000 and t.isalpha()
             and t not in stop]
    filters = []
    for _ in range(n):
        f: dict = {}
        if rng.random() < 0.7:
            f["publication"] = rng.choice(pubs, size=int(rng.integers(1, 4)), replace=False).tolist()
        if rng.random() < 0.7 and len(months) > 1:
            a = int(rng.integers(0, len(months) - 1))
            b = int(rng.integers(a, min(len(months), a + 12)))
            f["start"], f["end"] = months[a], months[b] + pd.offsets.MonthEnd(0)
        if rng.random() < 0.15:
            f["author"] = [authors[int(rng.integers(0, len(authors)))]]
        if rng.random() < 0.4 and words:
            f["keyword"] = words[int(rng.integers(0, len(words)))]
        filters.append(f)
    return filters


def round_trip(idx: CorpusIndex, f: dict) -> float:
    """Wall-clock seconds of one filter → top-20 terms + top-20 hashtags + source counts."""
    return timed_round_trip(idx, f)[0]


def timed_round_trip(idx: CorpusIndex, f: dict) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one round trip; CPU time is robust to other processes' load."""
    t, c = time.perf_counter(), time.process_time()
    view = idx.filter(**f)
    view.top_terms(20)
    view.top_hashtags(20)
    view.source_counts()
    return time.perf_counter() - t, time.process_time() - c


def baseline_round_trip(df: pd.DataFrame, tokens: list[list[str]], hashtag_keys: list[list[str]],
                        f: dict, stop: frozenset[str]) -> float:
    """The same answers without an index: pandas masks and Counters over pre-tokenized articles."""
    t = time.perf_counter()
    mask = pd.Series(True, index=df.index)
    if "publication" in f:
        mask &= df["publication"].isin(f["publication"])
    if "start" in f:
        mask &= (df["date"] >= f["start"]) & (df["date"] <= f["end"])
    if "author" in f:
        mask &= df["author"].isin(f["author"])
    rows = np.flatnonzero(mask.to_numpy())
    if "keyword" in f:
        rows = [r for r in rows if f["keyword"] in tokens[r]]
    terms = Counter(t for r in rows for t in tokens[r] if t not in stop)
    sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    tags = Counter(k for r in rows for k in hashtag_keys[r])
    sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    df["publication"].iloc[rows].value_counts()
    return time.perf_counter() - t


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=143_000)
    parser.add_argument("--filters", type=int, default=300)
    parser.add_argument("--baseline-articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "toolkit-bench")
    parser.add_argument("--n-jobs", type=int, default=None)
    args = parser.parse_args()

    files = corpus_files(args.corpus_dir, args.articles, args.seed)
    t = time.perf_counter()
    df = toolkit.load(files, progress=False)
    t_load = time.perf_counter() - t
    text_bytes = int(df["content"].str.len().sum())  # characters; the sample is mostly ASCII
    raw_bytes = int(pd.array(df["content"]).__arrow_array__().nbytes)
    print(f"corpus: {len(df):,} articles, {text_bytes / 1e6:.1f} M characters of text "
          f"({raw_bytes / 1e6:.1f} MB as Arrow strings); load {t_load:.1f} s")

    gc.collect()
    before = PeakRSS.now()
    with PeakRSS() as rss:
        t = time.perf_counter()
        idx = CorpusIndex.build(df, progress=True, n_jobs=args.n_jobs)
        t_build = time.perf_counter() - t
    index_bytes = sum(m.X.data.nbytes + m.X.indices.nbytes + m.X.indptr.nbytes + m.post_idx.nbytes
                      + m.post_ptr.nbytes for m in idx.matrices.values())
    print(f"build: {t_build:.1f} s = {text_bytes / 1e6 / t_build:.2f} MB/s "
          f"({idx.matrices['terms'].X.nnz:,} term cells, vocabulary {len(idx.matrices['terms'].vocab):,})")
    print(f"memory: peak RSS {rss.peak / 1e6:.0f} MB = {rss.peak / raw_bytes:.2f}x the raw text "
          f"(before build {before / 1e6:.0f} MB incl. the loaded DataFrame; build added "
          f"{(rss.peak - before) / 1e6:.0f} MB = {(rss.peak - before) / raw_bytes:.2f}x); "
          f"matrices + postings {index_bytes / 1e6:.0f} MB = {index_bytes / raw_bytes:.2f}x")

    cache = Path(tempfile.mkdtemp(prefix="toolkit-index-cache-"))
    try:
        key = files_cache_key(files)
        idx.key = key
        t = time.perf_counter()
        idx.save(cache / key)
        t_save = time.perf_counter() - t
        disk = sum(p.stat().st_size for p in (cache / key).iterdir())
        t = time.perf_counter()
        again = CorpusIndex.from_files(files, cache_dir=cache)
        t_reload = time.perf_counter() - t
        assert again.n_articles == idx.n_articles
        print(f"cache: save {t_save:.1f} s ({disk / 1e6:.0f} MB on disk); reload via from_files "
              f"(hash files + read) {t_reload:.1f} s = {t_build / t_reload:.0f}x faster than building")
        del again
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    rng = np.random.default_rng(args.seed)
    filters = random_filters(idx, args.filters, rng)
    for f in filters[:5]:
        round_trip(idx, f)  # warm-up: group labels, stopword mask, lookups
    pairs = [timed_round_trip(idx, f) for f in filters]
    times, cpu = [w for w, _ in pairs], [c for _, c in pairs]
    print(f"round trip filter -> top-20 terms + top-20 hashtags + source counts, {len(times)} random filters: "
          f"median {ms(statistics.median(times))}, p90 {ms(float(np.percentile(times, 90)))}, "
          f"max {ms(max(times))} (target <= 100 ms); CPU time median {ms(statistics.median(cpu))}, "
          f"p90 {ms(float(np.percentile(cpu, 90)))}")
    print(f"machine load while measuring (1-min load average / cores): {os.getloadavg()[0]:.1f} / {os.cpu_count()}")
    all_t = [round_trip(idx, {}) for _ in range(10)]
    print(f"round trip without filter (all {idx.n_articles:,} articles): median {ms(statistics.median(all_t))}")
    phrases = ["white house", "supreme court", "said on twitter", "new york"]
    phrase_t = [round_trip(idx, {"keyword": p}) for p in phrases for _ in range(3)]
    print(f"phrase keyword round trip: median {ms(statistics.median(phrase_t))}")
    regex_t = [round_trip(idx, {"keyword": r"\bwall(s)? (on|along) the", "regex": True}) for _ in range(3)]
    print(f"regex keyword round trip (full text scan): median {ms(statistics.median(regex_t))}")
    t = time.perf_counter()
    idx.top_terms(20, by="publication")
    print(f"top-20 terms by publication over everything: {ms(time.perf_counter() - t)}")

    n = min(args.baseline_articles, len(df))
    small_df = df.iloc[:n].reset_index(drop=True)
    small = CorpusIndex.build(small_df, progress=False, n_jobs=args.n_jobs)
    tokens = term_tokens(small_df["content"]).tolist()
    tags = [[e.key for e in found] for found in toolkit.hashtags(small_df["content"])]
    stop = stopword_set()
    small_filters = random_filters(small, 50, np.random.default_rng(args.seed + 1))
    ours = statistics.median(round_trip(small, f) for f in small_filters)
    base = statistics.median(baseline_round_trip(small_df, tokens, tags, f, stop) for f in small_filters)
    print(f"baseline on {n:,} articles (no index: pandas masks + Counter over pre-tokenized text): "
          f"median {ms(base)} vs index {ms(ours)} -> {base / ours:.0f}x faster")


if __name__ == "__main__":
    main()
