"""The index counts exactly ``term_tokens`` of every article (with a repeated name folded in PTB-style
articles: ``tokenize(..., collapse_repeats=True)``), and its feature columns are ``features()``.

The build takes its terms from the compiled ``term_counts`` (one scan of each normalised text for
tokens, types and term cells); this checks the result against the definitions it replaces, on the real
corpora in ``../shared`` (raw and PTB news, tweets) and the bundled sample, in one process and on two.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from tests.external import external_file
from toolkit.featurize import features
from toolkit.index.build import build_parts
from toolkit.index.matrix import TermMatrix
from toolkit.text import tokenize
from toolkit.text.style import resolve_style
from toolkit.text._native import term_counts
from toolkit.text._native.reference import py_term_counts
from toolkit.text.tokens import normalize_text

SAMPLE_CSV = Path(__file__).resolve().parents[2] / "data" / "sample" / "articles.csv"


def assert_same_matrix(got: TermMatrix, want: TermMatrix) -> None:
    assert got.vocab.tolist() == want.vocab.tolist()
    assert got.X.dtype == want.X.dtype and got.X.shape == want.X.shape
    assert (got.X != want.X).nnz == 0
    assert np.array_equal(got.post_ptr, want.post_ptr) and np.array_equal(got.post_bytes, want.post_bytes)
    assert np.array_equal(got.doc_counts, want.doc_counts)


def defined_terms(text: str) -> list[str]:
    """The terms the index counts in ``text`` (its default ``collapse_repeats="auto"``)."""
    return tokenize(text, lowercase=True, drop_punct=True, collapse_repeats=resolve_style(text, "auto") == "ptb")


def assert_built_as_defined(df: pd.DataFrame, meta: pd.DataFrame, terms: TermMatrix) -> None:
    texts = df["content"].fillna("").tolist()
    assert_same_matrix(terms, TermMatrix.from_token_lists([defined_terms(t) for t in texts]))
    expected = features(df, n_jobs=1)
    for column in expected.columns:
        assert np.array_equal(meta[column].to_numpy(), expected[column].to_numpy()), column


@pytest.mark.parametrize("parts", [("polnear", "polnear_articles.csv"),
                                   ("buzzfeed-webis-2016", "articles.csv"),
                                   ("allsides-article-bias", "content_tokenized_subset.csv"),
                                   ("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv")])
def test_terms_and_features_of_real_corpora_are_the_definitions(parts):
    df = toolkit.load(external_file(*parts), progress=False)
    assert len(df) > 500
    meta, _, matrices, _ = build_parts(df, progress=False, n_jobs=1)
    assert_built_as_defined(df, meta, matrices["terms"])


def test_terms_and_features_of_allsides_are_the_definitions(allsides_corpus):
    df, idx = allsides_corpus        # built with the default policy (forked workers when it pays)
    assert_built_as_defined(df, idx.meta, idx.matrices["terms"])


def test_two_workers_build_what_one_process_builds():
    df = toolkit.load(SAMPLE_CSV, progress=False)
    one = build_parts(df, progress=False, n_jobs=1)
    assert_built_as_defined(df, one[0], one[2]["terms"])
    both = pd.concat([df, df.iloc[:1500]], ignore_index=True)     # two chunks of CHUNK_ROWS, one per worker
    two = build_parts(both, progress=False, n_jobs=2)
    assert_built_as_defined(both, two[0], two[2]["terms"])


def test_compiled_term_counts_equal_the_reference_over_many_texts():
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False)
    texts = [normalize_text(t) for t in df["content"].fillna("").tolist()[:400]] + ["", "  ", "İ Σ ΣΑΣ \u212aing"]
    assert term_counts(texts) == py_term_counts(texts)
    with pytest.raises(TypeError, match="term_counts"):
        term_counts(["a", None])
    with pytest.raises(TypeError, match="term_counts"):
        py_term_counts(["a", None])
