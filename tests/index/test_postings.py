"""Posting lists (``toolkit.index.matrix.postings_of``): every column's rows, ascending, as varint deltas,
the same however the rows are cut into blocks; checked against the column-by-column definition on the term
and hashtag matrices of real news (AllSides raw) and tweets (FiveThirtyEight)."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import toolkit
from tests.external import external_file
from toolkit.index import CorpusIndex
from toolkit.index.arrow_terms import ArrowTerms
from toolkit.index import matrix as matrix_module
from toolkit.index.matrix import postings_of, varint_encode


def by_definition(X: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column by column: its rows (ascending), as deltas from the row before (the first from row 0)."""
    csc = X.tocsc()
    csc.sort_indices()
    parts, ptr = [], [0]
    for c in range(X.shape[1]):
        rows = csc.indices[csc.indptr[c]:csc.indptr[c + 1]].astype(np.int64)
        encoded = varint_encode(np.diff(rows, prepend=0))[0] if len(rows) else np.empty(0, np.uint8)
        parts.append(encoded)
        ptr.append(ptr[-1] + len(encoded))
    data = np.concatenate(parts) if parts else np.empty(0, np.uint8)
    return np.array(ptr, np.int64), data, np.diff(csc.indptr).astype(np.int32)


@pytest.mark.parametrize("corpus", [("allsides-article-bias", "articles_sample.csv"),
                                    ("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv")])
def test_postings_follow_the_definition_whatever_the_blocks(corpus):
    idx = CorpusIndex.build(toolkit.load(external_file(*corpus), progress=False), progress=False)
    for kind in ("terms", "hashtags"):
        X = idx.matrices[kind].X
        X = X[:, :4000] if kind == "terms" else X           # (the definition loops over columns in Python)
        expected = by_definition(X)
        assert expected[0][-1] > (1000 if kind == "terms" else 0)      # real lists
        for block_nnz in (1, 997, X.nnz // 3 + 1, 2_000_000):
            found = postings_of(X.tocsr(), block_nnz=block_nnz)
            for e, f in zip(expected, found):
                np.testing.assert_array_equal(e, f)
                assert e.dtype == f.dtype


def _both_ways(X: sp.csr_matrix, first: int, end: int, block_nnz: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(compiled, NumPy) of each pass over columns first..end-1."""
    sizes = (matrix_module.posting_sizes(X.indptr, X.indices, X.shape[1], block_nnz),
             matrix_module.py_posting_sizes(X.indptr, X.indices, X.shape[1], block_nnz))
    lists = tuple(matrix_module.posting_bytes(X.indptr, X.indices, sizes[1][0], first, end, block_nnz) for _ in "x")
    lists += (matrix_module.py_posting_bytes(X.indptr, X.indices, sizes[1][0], first, end, block_nnz),)
    return [(sizes[0][0], sizes[1][0]), (sizes[0][1], sizes[1][1]), lists]


@pytest.mark.skipif(matrix_module._posting_runs is None, reason="the compiled scanner is not in use")
def test_compiled_posting_passes_equal_the_numpy_ones_on_real_matrices_and_far_rows():
    idx = CorpusIndex.build(toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False),
                            progress=False)
    far = sp.csr_matrix((np.ones(4, np.int32), np.array([2, 0, 2, 1], np.int32),
                         np.r_[0, np.zeros(30_000, np.int64) + 1, 2, np.zeros(2_100_000, np.int64) + 3, 4]),
                        shape=(2_130_002, 3))        # deltas of 3 and 4 varint bytes
    matrices = [idx.matrices[kind].X for kind in ("terms", "handles", "phrases")] + [far]
    for X in matrices:
        n_cols = X.shape[1]
        for first, end in ((0, n_cols), (n_cols // 3, n_cols // 3 * 2 + 1)):
            for block_nnz in (1_000, 2_000_000):
                for fast, slow in _both_ways(X, first, end, block_nnz):
                    np.testing.assert_array_equal(fast, slow)
                    assert fast.dtype == slow.dtype
    assert matrices[0].nnz > 100_000
    assert _both_ways(far, 0, 3, 10)[0][0].tolist() == [0, 3, 7, 11]   # rows 30,000, 2,130,001 and 0, 30,001


def test_compiled_posting_passes_refuse_arrays_that_do_not_fit():
    runs = matrix_module._posting_runs
    if runs is None:
        pytest.skip("the compiled scanner is not in use")
    last, cursor = np.zeros(3, np.int64), np.zeros(3, np.int64)
    with pytest.raises(ValueError, match="indptr does not fit"):
        runs(np.array([0, 5], np.int64), np.array([0, 1], np.int32), 0, 0, 3, last, cursor, None, None)
    with pytest.raises(ValueError, match="past the end"):
        runs(np.array([0, 2], np.int64), np.array([0, 1], np.int32), 0, 0, 3, last, cursor, None, np.empty(0, np.uint8))
    with pytest.raises(TypeError, match="int32 or int64"):
        runs(np.array([0.0, 2.0]), np.array([0, 1], np.int32), 0, 0, 3, last, cursor, None, None)
    with pytest.raises(ValueError, match="end - first"):
        runs(np.array([0, 2], np.int64), np.array([0, 1], np.int32), 0, 0, 9, last, cursor, None, None)


def test_postings_of_empty_and_single_row_matrices():
    for X in (sp.csr_matrix((0, 4), dtype=np.int32), sp.csr_matrix((3, 0), dtype=np.int32),
              sp.csr_matrix(np.zeros((5, 3), np.int32)), sp.csr_matrix(np.array([[0, 300, 1]], np.int32))):
        for e, f in zip(by_definition(X), postings_of(X, block_nnz=1)):
            np.testing.assert_array_equal(e, f)


def test_columns_taken_by_their_posting_lists_equal_slicing_the_matrix(tmp_path):
    """``column_cells`` (a binary search of each listed row) equals ``X[:, cols]`` for rare, common and
    absent-count columns of real news, kept in memory and mapped from a saved index, in any order."""
    df = toolkit.load(external_file("allsides-article-bias", "articles_sample.csv"), progress=False)
    built = CorpusIndex.build(df, progress=False)
    reopened = CorpusIndex.load(built.save(tmp_path / "idx"))
    rng = np.random.default_rng(5)
    for idx in (built, reopened):
        for kind in ("terms", "hashtags", "phrases"):
            m = idx.matrices[kind]
            by_count = np.argsort(m.doc_counts)
            cols = np.concatenate([by_count[-5:], by_count[:3], rng.choice(len(m.vocab), 20)])
            got = m.column_cells(cols)
            assert got.dtype == m.X.dtype and got.shape == (m.X.shape[0], len(cols))
            assert (got != m.X[:, cols]).nnz == 0, kind
            assert got.sum() > (1000 if kind == "terms" else 50), kind
    assert built.matrices["terms"].column_cells(np.array([], dtype=np.int64)).shape == (len(df), 0)


def test_a_vocabulary_read_from_its_file_stays_arrow_and_indexes_like_the_array(tmp_path):
    """A saved index reopens its terms as ``ArrowTerms``: every way the code indexes a vocabulary gives what
    the object array of the build gives, and the alphabetical rank (from Arrow's sort) equals NumPy's."""
    df = toolkit.load(external_file("allsides-article-bias", "articles_sample.csv"), progress=False)
    built = CorpusIndex.build(df, progress=False)
    reopened = CorpusIndex.load(built.save(tmp_path / "idx"))
    mine, theirs = built.matrices["terms"].vocab, reopened.matrices["terms"].vocab
    assert isinstance(theirs, ArrowTerms) and isinstance(mine, np.ndarray) and len(mine) > 50_000
    assert any(not t.isascii() for t in mine)                  # (curly quotes, accents: code point order)
    rng = np.random.default_rng(11)
    cols, mask = rng.choice(len(mine), 500), rng.random(len(mine)) < 0.01
    assert theirs.tolist() == mine.tolist() and list(theirs) == list(mine)
    assert theirs[cols].tolist() == mine[cols].tolist() and theirs[mask].tolist() == mine[mask].tolist()
    assert theirs[-3:].tolist() == mine[-3:].tolist() and theirs[7] == mine[7]
    expected = np.empty(len(mine), dtype=np.int64)
    expected[np.argsort(mine, kind="stable")] = np.arange(len(mine))
    np.testing.assert_array_equal(reopened.matrices["terms"].rank, expected)
    np.testing.assert_array_equal(built.matrices["terms"].rank, expected)
    assert reopened.top_terms(20, by="publication").equals(built.top_terms(20, by="publication"))
