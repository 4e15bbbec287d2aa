"""Issue 13's table: the index build and ``features()`` on three kinds of text, each beside its peer.

Corpora (each repeated until it holds ``--mb`` MB of text):

- **real news**: AllSides, PolNeAR, BuzzFeed-Webis and FakeNewsCorpus articles from ``../shared`` (raw
  and PTB-tokenized text, curly quotes, page furniture);
- **sample**: the bundled generated corpus (every article carries hashtags, handles, URLs, tweets);
- **tweets**: the TweetEval texts from ``../shared`` (short texts: per-document overhead shows).

For each, in one run: ``CorpusIndex.build(df)`` (default workers) against scikit-learn's
``CountVectorizer().fit_transform`` (one core: it has no parallel option); ``features(series)``
against polars ``str.extract_all`` of word tokens, hashtags, handles and quote marks (polars uses every
core); and the peak memory of the build (this process plus its forked workers' private memory, sampled
every 20 ms) over the raw text, the loaded DataFrame included. Best of ``--repeat`` runs.

Run by hand (scikit-learn and polars are benchmark-only dependencies)::

    .venv/bin/python benchmarks/bench_build.py              # 40 MB of each kind
    .venv/bin/python benchmarks/bench_build.py --mb 10 --repeat 1
"""
from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

import toolkit
from toolkit.featurize import features
from toolkit.index import CorpusIndex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_index import PeakRSS  # noqa: E402  (the benchmarks folder is not a package)

REPO = Path(__file__).resolve().parent.parent
EXTERNAL = REPO.parent / "shared" / "data" / "external"
NEWS = ["allsides-article-bias/articles_sample.csv", "polnear/polnear_articles.csv", "buzzfeed-webis-2016/articles.csv",
        "fakenewscorpus-sample/news_sample.csv", "allsides-article-bias/content_tokenized_subset.csv"]
#: what polars extracts: word tokens, hashtags, handles, quote marks
PEER_PATTERNS = [r"\w+", r"#\w+", r"@\w+", "[\"“”]"]


def news() -> pd.DataFrame:
    frames = [toolkit.load(EXTERNAL / p, progress=False)[["content", "publication"]] for p in NEWS]
    return pd.concat(frames, ignore_index=True)


def sample() -> pd.DataFrame:
    return toolkit.load(REPO / "data" / "sample" / "articles.csv", progress=False)[["content", "publication"]]


def tweets() -> pd.DataFrame:
    lines = []
    for path in sorted((EXTERNAL / "tweeteval").rglob("*_text.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    return pd.DataFrame({"content": pd.array(lines, dtype="str"), "publication": "tweeteval"})


def grown(df: pd.DataFrame, mb: float) -> pd.DataFrame:
    """``df`` repeated until its text holds ``mb`` MB (UTF-8), as a fresh Arrow-backed frame."""
    size = df["content"].fillna("").str.encode("utf-8").str.len().sum() / 1e6
    times = max(1, round(mb / size))
    out = pd.concat([df] * times, ignore_index=True)
    out["content"] = out["content"].astype(pd.StringDtype("pyarrow"))
    out["publication"] = out["publication"].astype("category")
    return out


def best(func, repeat: int) -> float:
    """The shortest of ``repeat`` timed calls of ``func`` (garbage collected before each)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def polars_extract(texts) -> None:
    import polars as pl
    s = pl.Series(texts)
    for pattern in PEER_PATTERNS:
        s.str.extract_all(pattern).list.len().sum()


def measure(name: str, df: pd.DataFrame, repeat: int) -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    mb = df["content"].fillna("").str.encode("utf-8").str.len().sum() / 1e6
    texts = df["content"].fillna("").tolist()
    with PeakRSS() as rss:
        before = rss.now()
        CorpusIndex.build(df, progress=False)
    build = best(lambda: CorpusIndex.build(df, progress=False), repeat)
    vectorizer = best(lambda: CountVectorizer().fit_transform(texts), repeat)
    feats = best(lambda: features(df["content"]), repeat)
    peer = best(lambda: polars_extract(texts), repeat)
    print(f"{name}: {len(df):,} texts, {mb:.1f} MB")
    print(f"  build    {build:6.2f} s = {mb / build:5.1f} MB/s | CountVectorizer {vectorizer:6.2f} s = "
          f"{mb / vectorizer:5.1f} MB/s | ours {vectorizer / build:.2f}x the peer (target >= 4x, >= 60/40 MB/s)")
    print(f"  features {feats:6.2f} s = {mb / feats:5.1f} MB/s | polars extract_all {peer:6.2f} s = "
          f"{mb / peer:5.1f} MB/s | ours {peer / feats:.2f}x the peer (target >= 1.5x, >= 60 MB/s)")
    print(f"  build peak {rss.peak_total / 1e6:,.0f} MB = {rss.peak_total / 1e6 / mb:.2f}x the text for the "
          f"whole process (target <= 3x); before the build {before / 1e6:,.0f} MB = {before / 1e6 / mb:.2f}x "
          f"(interpreter, libraries, the loaded frame), so the build added {(rss.peak_total - before) / 1e6 / mb:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=40.0, help="MB of text per corpus (repeated to reach it)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", choices=["news", "sample", "tweets"], action="append")
    args = parser.parse_args()
    corpora = {"news": news, "sample": sample, "tweets": tweets}
    if not args.only:   # one fresh process per corpus, so each peak starts from a clean interpreter
        for name in corpora:
            subprocess.run([sys.executable, __file__, "--mb", str(args.mb), "--repeat", str(args.repeat),
                            "--only", name], check=True)
        return
    for name in args.only:
        measure(name, grown(corpora[name](), args.mb), args.repeat)


if __name__ == "__main__":
    main()
