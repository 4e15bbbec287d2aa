"""Benchmark the corpus index: build speed, cache reload, filter round trips, memory.

Generates (once, cached in ``--corpus-dir``) a corpus of ``--articles`` articles with
:mod:`toolkit.sample`, loads it with :func:`toolkit.load`, then measures:

- index build (MB of article text per second) and peak resident memory over the raw text size;
- save to the cache and reload with :meth:`CorpusIndex.from_files` (unchanged files: no rebuild), the
  text in memory or read on demand from the entry's store (``--text``), and the memory the reloaded
  process holds;
  The index cache is kept in ``--corpus-dir``: a second run reuses it (printing the build figures
  recorded when it was built) so the query measurements fit in a short run; ``--rebuild`` forces a build;
- the median of ``--filters`` random filter → top-20 terms + top-20 hashtags + source counts round
  trips (publication / date range / author / keyword filters), target ≤ 100 ms; phrase and regex
  keyword round trips separately;
- a baseline in the same run: the same round trip without an index (pandas masks + ``Counter`` over
  pre-tokenized articles) on the first ``--baseline-articles`` articles, against the index on the same
  articles, printed as a ratio.

Run by hand (not part of the tests)::

    .venv/bin/python benchmarks/bench_index.py                       # ~143,000 articles
    .venv/bin/python benchmarks/bench_index.py --articles 20000      # quicker
    .venv/bin/python benchmarks/bench_index.py --text disk           # filters reading the text on demand
"""
from __future__ import annotations

import argparse
import gc
import json
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
import pyarrow.compute as pc

from toolkit.index import CorpusIndex, CorpusView, Vocabulary, files_cache_key, phrase_regex, term_tokens
from toolkit.text.stopwords import bundled_stopwords
from toolkit.sample import write_sample
from toolkit.sample.cache import generator_fingerprint


class PeakRSS:
    """Samples memory every 20 ms: ``peak`` = this process' resident memory (bytes), ``peak_total`` =
    that plus the private memory of its child processes (the index build's forked workers, read every
    second), which ``/proc/self/statm`` alone does not see."""

    def __init__(self) -> None:
        self.peak = self.now()
        self.peak_total = self.peak
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def now() -> int:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * 4096

    @staticmethod
    def children_private() -> int:
        """Private (unshared) memory of this process' children, from ``/proc/<pid>/smaps_rollup``."""
        total = 0
        for task in Path("/proc/self/task").iterdir():
            try:
                pids = (task / "children").read_text().split()
            except OSError:
                continue
            for pid in pids:
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith(("Private_Clean:", "Private_Dirty:")):
                            total += int(line.split()[1]) * 1024
                except OSError:
                    pass
        return total

    def _run(self) -> None:
        children, tick = 0, 0
        while not self._stop.wait(0.02):
            own = self.now()
            if tick % 50 == 0:     # every second: reading smaps_rollup walks the children's page tables
                children = self.children_private()      # (30 ms per 1.2 GB worker; every 20 ms it took a core)
            tick += 1
            self.peak = max(self.peak, own)
            self.peak_total = max(self.peak_total, own + children)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.now())


def corpus_files(folder: Path, n_articles: int, seed: int) -> list[Path]:
    # named by the generator's digest: a corpus written by another generator is not reused
    target = folder / f"bench-{n_articles}-{seed}-{generator_fingerprint()[:8]}"
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
    doc_freq = terms.doc_counts
    stop = bundled_stopwords()     # the same filter words as earlier runs of this benchmark
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


def round_trip(idx: "CorpusIndex | CorpusView", f: dict) -> float:
    """Wall-clock seconds of one filter → top-20 terms + top-20 hashtags + source counts."""
    return timed_round_trip(idx, f)[0]


def timed_round_trip(idx: "CorpusIndex | CorpusView", f: dict) -> tuple[float, float]:
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


FIXED_PHRASES = ["white house", "supreme court", "said on twitter", "new york", "the first", "in the"]
FIXED_REGEXES = [r"\bwall(s)? (on|along) the", r"\b(?:tax|taxes) (?:cut|cuts|reform)\b",
                 r"immigra\w+ (?:law|policy|reform)", r"\$\d+(?:\.\d+)? (?:million|billion)",
                 r"said (?:on|in) (?:twitter|a statement)", r"(?i)donald\s+j\.?\s+trump",
                 r"\b\d{4}-\d{2}-\d{2}\b"]


def sample_phrases(idx: CorpusIndex, n: int, rng: np.random.Generator) -> list[str]:
    """Half phrases taken from the articles (2-3 consecutive tokens: present), half two frequent words
    side by side (mostly absent: the worst case, every candidate's text is read in vain)."""
    texts = CorpusView(idx, None).texts()
    phrases = []
    for row in rng.choice(idx.n_articles, size=n, replace=False):
        tokens = [t for t in term_tokens(texts.iat[int(row)] or "") if t.isalpha()]
        if len(tokens) > 3:
            size = int(rng.integers(2, 4))
            at = int(rng.integers(0, len(tokens) - size))
            phrases.append(" ".join(tokens[at:at + size]))
    terms = idx.matrices["terms"]
    common = [t for t, d in zip(terms.vocab.tolist(), terms.doc_counts) if d >= idx.n_articles // 20 and t.isalpha()]
    for _ in range(n):
        a, b = rng.choice(len(common), size=2, replace=False)
        phrases.append(f"{common[a]} {common[b]}")
    return phrases


def sample_regexes(idx: CorpusIndex, n: int, rng: np.random.Generator) -> list[str]:
    """Regexes built from random vocabulary words: a stem with any ending, two words at most two apart."""
    terms = idx.matrices["terms"]
    words = [t for t, d in zip(terms.vocab.tolist(), terms.doc_counts) if d >= 50 and t.isalpha() and len(t) >= 5]
    out = []
    for i in range(n):
        a, b = (words[int(j)] for j in rng.choice(len(words), size=2, replace=False))
        out.append(rf"\b{a[:-2]}\w*\b" if i % 2 == 0 else rf"\b{a}\W+(?:\w+\W+){{0,2}}{b}\b")
    return out


def text_filters(idx: CorpusIndex, rng: np.random.Generator, n: int) -> None:
    """Phrase and regex keyword round trips, against a full RE2 scan of the text (no index) in the same run."""
    def summary(times: list[float]) -> str:
        return (f"median {ms(statistics.median(times))}, p90 {ms(float(np.percentile(times, 90)))}, "
                f"p99 {ms(float(np.percentile(times, 99)))}, max {ms(max(times))}")

    whole = idx.text.to_arrow()    # read once: the baseline is RE2 over text in memory, on one thread

    def full_scan(pattern: str) -> float:
        t = time.perf_counter()
        pc.match_substring_regex(whole, pattern)
        return time.perf_counter() - t

    per_phrase = {p: statistics.median(round_trip(idx, {"keyword": p}) for _ in range(3)) for p in FIXED_PHRASES}
    print("phrase round trips (posting lists -> RE2 over the survivors' text): "
          + ", ".join(f"{p!r} {ms(t)} ({idx.filter(keyword=p).n_articles:,} articles)" for p, t in per_phrase.items()))
    phrases = sample_phrases(idx, n // 2, rng)
    times = [round_trip(idx, {"keyword": p}) for p in phrases]
    combined = [round_trip(idx, {**flt, "keyword": p}) for flt, p in zip(random_filters(idx, len(phrases), rng), phrases)]
    scan = [full_scan(phrase_regex(term_tokens(p), flavor="re2")) for p in phrases[::10]]
    print(f"{len(phrases)} random phrases (half present, half two common words): {summary(times)}; with random "
          f"publication/date/author filters too: {summary(combined)}; baseline RE2 scan of all the text "
          f"(one thread): median {ms(statistics.median(scan))} -> {statistics.median(scan) / statistics.median(times):.0f}x")
    for pattern in FIXED_REGEXES:
        t = statistics.median(round_trip(idx, {"keyword": pattern, "regex": True}) for _ in range(3))
        base = full_scan(pattern if pattern.startswith("(?") else "(?i)" + pattern)
        print(f"regex {pattern!r}: {ms(t)} ({idx.filter(keyword=pattern, regex=True).n_articles:,} articles; "
              f"full scan {ms(base)} -> {base / t:.1f}x)")
    patterns = sample_regexes(idx, n // 2, rng)
    times = [round_trip(idx, {"keyword": p, "regex": True}) for p in patterns]
    scan = [full_scan("(?i)" + p) for p in patterns[::10]]
    print(f"{len(patterns)} random regexes (word stems, two words near each other): {summary(times)}; baseline RE2 "
          f"scan of all the text (one thread): median {ms(statistics.median(scan))} -> "
          f"{statistics.median(scan) / statistics.median(times):.0f}x")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def build_and_cache(files: list[Path], cache: Path, key: str, n_jobs: int | None) -> dict:
    """Load, build (timed, peak memory sampled), save to ``cache / key``; return the figures."""
    t = time.perf_counter()
    df = toolkit.load(files, progress=False)
    t_load = time.perf_counter() - t
    raw_bytes = int(pd.array(df["content"]).__arrow_array__().nbytes)
    gc.collect()
    before = PeakRSS.now()
    with PeakRSS() as rss:
        t = time.perf_counter()
        idx = CorpusIndex.build(df, progress=True, n_jobs=n_jobs)
        t_build = time.perf_counter() - t
    idx.key = key
    t = time.perf_counter()
    idx.save(cache / key)
    t_save = time.perf_counter() - t
    return {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "articles": len(df),
        "raw_mb": raw_bytes / 1e6, "load_s": t_load, "build_s": t_build, "save_s": t_save,
        "before_mb": before / 1e6, "peak_mb": rss.peak / 1e6, "peak_total_mb": rss.peak_total / 1e6,
        "index_mb": (sum(m.X.data.nbytes + m.X.indices.nbytes + m.X.indptr.nbytes + m.post_bytes.nbytes
                         + m.post_ptr.nbytes + m.doc_counts.nbytes for m in idx.matrices.values())) / 1e6,
        "pairs_mb": (idx.pairs.words.nbytes + idx.pairs.sizes.nbytes) / 1e6 if idx.pairs is not None else 0.0,
        "disk_mb": sum(p.stat().st_size for p in (cache / key).iterdir()) / 1e6,
        "nnz": int(idx.matrices["terms"].X.nnz), "vocab": len(idx.matrices["terms"].vocab),
        "load_avg": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=143_000)
    parser.add_argument("--filters", type=int, default=300)
    parser.add_argument("--baseline-articles", type=int, default=10_000)
    parser.add_argument("--phrases", type=int, default=200, help="random phrase filters and random regex filters")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "toolkit-bench")
    parser.add_argument("--n-jobs", type=int, default=None)
    parser.add_argument("--rebuild", action="store_true", help="build even when the index cache exists")
    parser.add_argument("--build-only", action="store_true", help="stop after building and caching the index")
    parser.add_argument("--text", choices=["auto", "memory", "disk"], default="auto",
                        help="where the reloaded index keeps its text (CorpusIndex.from_files(text=...))")
    args = parser.parse_args()

    files = corpus_files(args.corpus_dir, args.articles, args.seed)
    cache = args.corpus_dir / "index-cache"
    key = files_cache_key(files)
    figures_file = cache / f"{key}-build.json"
    if args.rebuild or not (cache / key / "manifest.json").exists() or not figures_file.exists():
        cache.mkdir(parents=True, exist_ok=True)
        figures = build_and_cache(files, cache, key, args.n_jobs)
        figures_file.write_text(json.dumps(figures, indent=1))
        print("built the index in this run")
        if args.build_only:
            print(json.dumps(figures, indent=1))
            return
    else:
        figures = json.loads(figures_file.read_text())
        print(f"index cache found: build figures below were measured when it was built ({figures['when']}); "
              f"--rebuild to measure again")
    f = figures
    print(f"corpus: {f['articles']:,} articles, {f['raw_mb']:.1f} MB of article text (Arrow strings); "
          f"toolkit.load {f['load_s']:.1f} s")
    print(f"build: {f['build_s']:.1f} s = {f['raw_mb'] / f['build_s']:.2f} MB/s ({f['nnz']:,} term cells, "
          f"vocabulary {f['vocab']:,}; load average {f['load_avg']:.1f} on {os.cpu_count()} cores)")
    total = f.get("peak_total_mb", f["peak_mb"])
    print(f"memory: peak {total:.0f} MB = {total / f['raw_mb']:.2f}x the raw text for the whole build (this "
          f"process + its workers' private memory; this process alone {f['peak_mb']:.0f} MB); before the build "
          f"{f['before_mb']:.0f} MB = {f['before_mb'] / f['raw_mb']:.2f}x (interpreter + libraries + the loaded "
          f"DataFrame); the build added {total - f['before_mb']:.0f} MB = {(total - f['before_mb']) / f['raw_mb']:.2f}x; "
          f"the index keeps {f['index_mb']:.0f} MB = {f['index_mb'] / f['raw_mb']:.2f}x (matrices and "
          f"postings) and {f.get('pairs_mb', 0):.0f} MB = {f.get('pairs_mb', 0) / f['raw_mb']:.2f}x of word-pair "
          f"signatures, besides the text it shares with the DataFrame")

    rss_before = PeakRSS.now()
    t = time.perf_counter()
    idx = CorpusIndex.from_files(files, cache_dir=cache, text=args.text)
    t_reload = time.perf_counter() - t
    gc.collect()
    held = (PeakRSS.now() - rss_before) / 1e6
    print(f"cache: save {f['save_s']:.1f} s ({f['disk_mb']:.0f} MB on disk); reload via from_files "
          f"(hash the files + read) {t_reload:.1f} s = {f['build_s'] / t_reload:.0f}x faster than building")
    print(f"reloaded index, text={args.text}: its text is a {type(idx.text).__name__} "
          f"({idx.text.nbytes / 1e6:.0f} MB of text); the process grew by {held:.0f} MB = "
          f"{held / f['raw_mb']:.2f}x the raw text")

    rng = np.random.default_rng(args.seed)
    filters = random_filters(idx, args.filters, rng)
    for flt in filters[:5]:
        round_trip(idx, flt)  # warm-up: group labels, stopword mask, cell sums, lookups
    pairs = [timed_round_trip(idx, flt) for flt in filters]
    times, cpu = [w for w, _ in pairs], [c for _, c in pairs]
    print(f"round trip filter -> top-20 terms + top-20 hashtags + source counts, {len(times)} random filters: "
          f"median {ms(statistics.median(times))}, p90 {ms(float(np.percentile(times, 90)))}, "
          f"max {ms(max(times))} (target <= 100 ms); CPU time median {ms(statistics.median(cpu))}, "
          f"p90 {ms(float(np.percentile(cpu, 90)))}")
    print(f"machine load while measuring (1-min load average / cores): {os.getloadavg()[0]:.1f} / {os.cpu_count()}")
    all_t = [round_trip(idx, {}) for _ in range(10)]
    print(f"round trip without filter (all {idx.n_articles:,} articles): median {ms(statistics.median(all_t))}")
    text_filters(idx, rng, args.phrases)
    t = time.perf_counter()
    idx.top_terms(20, by="publication")
    print(f"top-20 terms by publication over everything: {ms(time.perf_counter() - t)}")

    n = min(args.baseline_articles, idx.n_articles)
    first = CorpusView(idx, np.arange(idx.n_articles) < n)
    meta = idx.meta.iloc[:n]
    texts = first.texts()
    tokens = term_tokens(texts).tolist()
    tags = [[e.key for e in found] for found in toolkit.hashtags(texts)]
    stop = Vocabulary().words      # the stopwords term tables hide by default
    small_filters = random_filters(idx, 50, np.random.default_rng(args.seed + 1))
    ours = statistics.median(round_trip(first, flt) for flt in small_filters)
    base = statistics.median(baseline_round_trip(meta, tokens, tags, flt, stop) for flt in small_filters)
    print(f"baseline on the first {n:,} articles (no index: pandas masks + Counter over pre-tokenized text): "
          f"median {ms(base)} vs index {ms(ours)} -> index {base / ours:.0f}x faster")


if __name__ == "__main__":
    main()
