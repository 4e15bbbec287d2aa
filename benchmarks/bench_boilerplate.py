"""Benchmark what finding page furniture and phrases adds to an index build, with scikit-learn's
CountVectorizer as the peer.

For each corpus: ``CorpusIndex.build`` as it is (furniture and phrases found), the same build with the
furniture step skipped, with both skipped (no phrase found, so none counted), the furniture step alone,
and ``CountVectorizer().fit_transform`` on the same texts, each the best of ``--repeat`` runs in this
process. Then the first ``top_terms(phrases=True)`` (it builds the terms-with-phrases matrix once) and the
build with ``ngrams=2`` (bigrams too). The issue's target: the build with furniture and phrases within
1.5x of the build without them.

Run by hand (not part of the tests)::

    .venv/bin/python benchmarks/bench_boilerplate.py                    # real news in ../shared + the sample
    .venv/bin/python benchmarks/bench_boilerplate.py --articles 143000  # + a generated corpus of that size
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import toolkit
from toolkit.index import CorpusIndex, build as build_module
from toolkit.index.boilerplate import Candidates, Furniture, find_furniture
from toolkit.index.matrix import TermMatrix
from toolkit.index.phrases import PhraseTable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import best  # noqa: E402  (the benchmarks folder is not a package)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "external"
REAL = [SHARED / "allsides-article-bias" / "articles_sample.csv", SHARED / "polnear" / "polnear_articles.csv",
        SHARED / "buzzfeed-webis-2016" / "articles.csv"]


def no_furniture(text, groups, candidates=None, phrases=None) -> Furniture:
    empty = TermMatrix.from_token_lists([[]] * len(text))
    return Furniture(empty, empty, empty)


def no_phrases(texts, collapse_repeats=None) -> PhraseTable:
    return PhraseTable([])


class NoCandidates:
    """Stands in for ``Candidates`` in the build without furniture: the workers look for no segments."""

    @staticmethod
    def of_texts(texts, first_row=0):
        return None

    @staticmethod
    def concat(parts):
        return None


def measure(name: str, df, repeat: int) -> None:
    from sklearn.feature_extraction.text import CountVectorizer   # the peer; a benchmark-only dependency

    mb = df["content"].str.len().sum() / 1e6
    with_it = best(lambda: CorpusIndex.build(df, progress=False), repeat)
    phrase_table = build_module.phrase_table
    build_module.find_furniture, build_module.Candidates = no_furniture, NoCandidates
    try:
        phrases_only = best(lambda: CorpusIndex.build(df, progress=False), repeat)
        build_module.phrase_table = no_phrases
        without = best(lambda: CorpusIndex.build(df, progress=False), repeat)
    finally:
        build_module.find_furniture, build_module.Candidates = find_furniture, Candidates
        build_module.phrase_table = phrase_table
    idx = CorpusIndex.build(df, progress=False)
    first_phrased = best(lambda: idx.top_terms(20, phrases=True), 1)
    with_bigrams = best(lambda: CorpusIndex.build(df, progress=False, ngrams=2), repeat)
    text = df["content"].array.__arrow_array__()
    groups = df["publication"].cat.codes.to_numpy(dtype=np.int64)
    alone = best(lambda: find_furniture(text, groups), repeat)
    texts = df["content"].fillna("").tolist()
    peer = best(lambda: CountVectorizer().fit_transform(texts), repeat)
    print(f"{name}: {len(df):,} articles, {mb:.1f} MB, {len(idx.phrases):,} phrases | build {with_it:.2f} s "
          f"({mb / with_it:.1f} MB/s) vs {phrases_only:.2f} s without furniture, {without:.2f} s without "
          f"furniture and phrases -> {with_it / without:.2f}x | furniture step {alone:.2f} s | first "
          f"top_terms(phrases=True) {first_phrased:.2f} s | with ngrams=2 {with_bigrams:.2f} s | "
          f"CountVectorizer {peer:.2f} s ({mb / peer:.1f} MB/s) "
          f"-> ours {peer / with_it:.2f}x the peer's speed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=0, help="also a generated corpus of this many articles")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    for path in REAL:
        if path.exists():
            measure(path.parent.name, toolkit.load(path, progress=False), args.repeat)
    measure("bundled sample", toolkit.load(toolkit.sample.SAMPLE_CSV, progress=False), args.repeat)
    if args.articles:   # the corpus bench_index.py generates (and keeps) for the same size and seed
        import tempfile

        from bench_index import corpus_files
        files = corpus_files(Path(tempfile.gettempdir()) / "toolkit-bench", args.articles, 2016)
        measure(f"generated ({args.articles:,})", toolkit.load(files, progress=False), 1)


if __name__ == "__main__":
    main()
