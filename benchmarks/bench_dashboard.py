"""Benchmark the dashboard's time charts at hundreds of sources: the Sources and Quotes tabs.

The Quotes tab includes its Speakers panel; the one-off search for every article's speakers (on the
panel's first draw) is timed on its own.

Measures, on a real corpus with hundreds of sources (AllSides, 491 sources over 2001-2020, from
``../shared``) and on ``--articles`` generated articles whose publications are spread over
``--sources`` names (Zipf-like shares, seeded):

- ours: a dashboard tab redraw as the user sees it (``view.source_counts`` over the period chosen from
  the span, top 10 + "other", PNG) for the whole corpus and for random publication/date filters;
- the peer, in the same run: pandas' own ``groupby(...).size().unstack().plot.bar(stacked=True)`` over
  the same articles with every source (what the dashboard drew before: one legend entry per source).
  ``--peer-limit`` caps the articles the peer gets (it is slow at 143k; the ratio is printed per article).

Run by hand (not part of the tests)::

    .venv/bin/python benchmarks/bench_dashboard.py                    # 143,000 generated articles
    .venv/bin/python benchmarks/bench_dashboard.py --articles 20000   # quicker
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import toolkit  # noqa: E402
from toolkit.index import CorpusIndex  # noqa: E402
from toolkit.widgets import TAB_TITLES, dashboard  # noqa: E402
from toolkit.widgets.tabs import Context  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_index import corpus_files  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ALLSIDES = REPO.parent / "shared" / "data" / "external" / "allsides-article-bias" / "articles_sample.csv"


def tab_times(idx: CorpusIndex, tab: str, filters: list[dict]) -> list[float]:
    """Seconds per redraw of ``tab`` (its ``draw(context)``, as the board calls it) per filter state."""
    page = dashboard(idx).pages[TAB_TITLES.index(tab)]
    times = []
    for f in filters:
        t = time.perf_counter()
        page.draw(Context(index=idx, view=idx.filter(**f), filters=f))
        times.append(time.perf_counter() - t)
    return times


def pandas_peer(meta: pd.DataFrame) -> float:
    """Seconds for pandas' stacked bar chart of articles per month and source, every source drawn."""
    t = time.perf_counter()
    months = pd.to_datetime(meta["date"]).dt.strftime("%Y-%m")
    grid = meta.assign(month=months).groupby(["month", "publication"], observed=True).size().unstack(fill_value=0)
    fig = Figure(figsize=(7.5, 4.8), dpi=90)
    grid.plot.bar(stacked=True, ax=fig.subplots(), legend=True)
    fig.savefig(tempfile.TemporaryFile(), format="png")
    return time.perf_counter() - t


def random_filters(idx: CorpusIndex, n: int, rng: np.random.Generator) -> list[dict]:
    pubs = idx.source_counts()["publication"].tolist()
    dates = pd.to_datetime(idx.articles()["date"]).dropna()
    out: list[dict] = [{}]
    for _ in range(n - 1):
        if rng.random() < 0.5:
            out.append({"publication": list(rng.choice(pubs, size=int(rng.integers(1, 40)), replace=False))})
        else:
            a, b = sorted(rng.choice(dates.to_numpy(), size=2, replace=False))
            out.append({"start": pd.Timestamp(a), "end": pd.Timestamp(b)})
    return out


def report(name: str, idx: CorpusIndex, meta: pd.DataFrame, n_filters: int, peer_limit: int,
           rng: np.random.Generator) -> None:
    n_sources = idx.articles()["publication"].nunique()
    print(f"\n{name}: {idx.n_articles:,} articles, {n_sources:,} sources")
    filters = random_filters(idx, n_filters, rng)
    t = time.perf_counter()
    found = idx.speakers()            # the Quotes tab's Speakers panel finds them on its first draw
    print(f"  speakers found on first use in {time.perf_counter() - t:,.1f} s "
          f"({len(found.rows):,} speech quotations, {len(found.names):,} speakers)")
    for tab in ("Sources", "Quotes"):
        times = tab_times(idx, tab, filters)
        print(f"  {tab} tab redraw: median {statistics.median(times) * 1000:,.0f} ms, "
              f"max {max(times) * 1000:,.0f} ms over {len(times)} filter states")
    sub = meta.head(peer_limit)
    peer = pandas_peer(sub)
    ours = statistics.median(tab_times(idx, "Sources", [{}] * 3))
    scale = len(meta) / len(sub)
    print(f"  pandas stacked bars, every source, {len(sub):,} articles: {peer:,.2f} s "
          f"(ours on all {len(meta):,}: {ours:,.2f} s; pandas / ours = {peer * scale / ours:,.0f}x "
          f"{'per article' if scale > 1 else ''})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=143_000)
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--filters", type=int, default=20)
    parser.add_argument("--peer-limit", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "toolkit-bench")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    if ALLSIDES.exists():
        idx = CorpusIndex.from_files(ALLSIDES, cache_dir=args.corpus_dir / "index-cache")
        report("AllSides (real)", idx, idx.articles(), args.filters, args.peer_limit, rng)

    df = toolkit.load(corpus_files(args.corpus_dir, args.articles, args.seed))
    shares = 1.0 / np.arange(1, args.sources + 1)
    names = np.array([f"Source {i:03d}" for i in range(args.sources)])
    df["publication"] = pd.Categorical(rng.choice(names, size=len(df), p=shares / shares.sum()))
    t = time.perf_counter()
    idx = CorpusIndex.build(df, progress=False)
    print(f"\n(generated corpus indexed in {time.perf_counter() - t:.1f} s)")
    report(f"generated, {args.sources} sources", idx, idx.articles(), args.filters, args.peer_limit, rng)


if __name__ == "__main__":
    main()
