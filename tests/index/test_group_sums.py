"""Group sums (``toolkit.index.grouping.pair_sum``): the dense path (the compiled ``group_cell_sums`` or its NumPy
definition ``py_group_cell_sums``) equals the groups × rows product, on the term and hashtag matrices of real
news (AllSides raw) and tweets (FiveThirtyEight), with repeated rows, weights and both counts and presence."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import toolkit
from tests.external import external_file
from toolkit.index import CorpusIndex
from toolkit.index import grouping
from toolkit.index.grouping import pair_sum, py_group_cell_sums

compiled_sums = grouping.compiled("group_cell_sums")


def by_product(X: sp.csr_matrix, rows: np.ndarray, groups: np.ndarray, n_groups: int, weights: np.ndarray,
               binary: bool) -> np.ndarray:
    """The definition: a groups × pairs matrix of weights times the pairs' rows (0/1 with ``binary``)."""
    picked = sp.csr_matrix(X[rows], dtype=np.int64)
    if binary:
        picked.data[:] = 1
    G = sp.csr_matrix((weights, (groups, np.arange(len(rows)))), shape=(n_groups, len(rows)))
    return (G @ picked).toarray()


@pytest.fixture(scope="module", params=[("allsides-article-bias", "articles_sample.csv"),
                                        ("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv")],
                ids=["allsides", "tweets"])
def matrices(request):
    idx = CorpusIndex.build(toolkit.load(external_file(*request.param), progress=False), progress=False)
    return idx.matrices


@pytest.mark.parametrize("kind", ["terms", "hashtags"])
@pytest.mark.parametrize("binary", [False, True])
def test_dense_group_sums_equal_the_product_of_groups_and_rows(matrices, kind, binary):
    X = matrices[kind].X
    rng = np.random.default_rng(7)
    n_groups = max(1, min(12, grouping.DENSE_SUMS // X.shape[1]))
    rows = np.sort(rng.choice(X.shape[0], size=2 * X.shape[0] // 3, replace=True))     # rows repeat
    groups = rng.integers(0, n_groups, size=len(rows))
    weights = rng.integers(1, 4, size=len(rows))
    expected = by_product(X, rows, groups, n_groups, weights, binary)
    assert expected.sum() > (10_000 if kind == "terms" else 100)
    assert (pair_sum(X, rows, groups, n_groups, weights=weights, binary=binary).toarray() == expected).all()
    implementations = [py_group_cell_sums] + ([compiled_sums] if compiled_sums is not None else [])
    for sums in implementations:
        out = np.zeros(n_groups * X.shape[1], dtype=np.int64)
        sums(X.indptr, X.indices, X.data, rows, groups, weights, X.shape[1], binary, out)
        assert (out.reshape(n_groups, -1) == expected).all(), sums


def test_dense_group_sums_read_any_integer_counts_and_rows_in_any_order():
    X = sp.random(300, 50, density=0.1, format="csr", random_state=3, data_rvs=lambda n: np.arange(1, n + 1) % 9)
    rng = np.random.default_rng(1)
    rows = rng.integers(0, 300, size=500)                     # unsorted, repeated
    groups, weights = rng.integers(0, 4, size=500), rng.integers(-2, 3, size=500)
    expected = by_product(X, rows, groups, 4, weights, False)
    implementations = [py_group_cell_sums] + ([compiled_sums] if compiled_sums is not None else [])
    for dtype in (np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.int64):
        Y = sp.csr_matrix((X.data.astype(dtype), X.indices, X.indptr), shape=X.shape)
        for sums in implementations:
            out = np.zeros(4 * 50, dtype=np.int64)
            sums(Y.indptr, Y.indices, Y.data, rows, groups, weights, 50, False, out)
            assert (out.reshape(4, -1) == expected).all(), (dtype, sums)


@pytest.mark.skipif(compiled_sums is None, reason="the compiled scanner is not in use")
def test_compiled_group_sums_refuse_what_does_not_fit():
    X = sp.csr_matrix(np.array([[1, 0, 2], [0, 3, 0]], dtype=np.int32))
    one = np.ones(1, dtype=np.int64)

    def call(rows=np.array([1]), groups=np.array([0]), width=3, out=None, indices=None, data=None):
        out = np.zeros(6, dtype=np.int64) if out is None else out
        compiled_sums(X.indptr, X.indices if indices is None else indices, X.data if data is None else data,
                      rows, groups, one, width, False, out)
        return out

    assert call().tolist() == [0, 3, 0, 0, 0, 0]
    for bad, message in [({"rows": np.array([2])}, "row is out of range"),
                         ({"rows": np.array([-1])}, "row is out of range"),
                         ({"groups": np.array([2])}, "group is out of range"),
                         ({"rows": np.array([0]), "indices": np.array([0, 5, 2], dtype=np.int32)},
                          "column is out of range"),
                         ({"width": 4}, "n_groups \\* width"),
                         ({"out": np.zeros(6, dtype=np.float64)}, "int64"),
                         ({"data": X.data[:1]}, "one per cell")]:
        with pytest.raises(ValueError, match=message):
            call(**bad)
    with pytest.raises(TypeError, match="integer array"):
        call(data=X.data.astype(np.float64))
