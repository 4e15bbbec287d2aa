"""Group sums (``toolkit.index.grouping.pair_sum``, ``toolkit.index.row_group_sums``): the sparse and dense paths
(the compiled ``group_sums_sparse`` / ``group_cell_sums`` and their NumPy definitions) equal the groups × rows
product, on the term and hashtag matrices of real news (AllSides raw) and tweets (FiveThirtyEight), with
repeated rows, weights and both counts and presence."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import toolkit
from tests.external import external_file
from toolkit.index import CorpusIndex
from toolkit.index import grouping
from toolkit.index.grouping import pair_sum
from toolkit.index.row_group_sums import (column_sums, dense_sums, py_group_cell_sums, py_group_sums_sparse,
                                          sparse_sums)
from toolkit.text._native import compiled

compiled_sums = compiled("group_cell_sums")
compiled_sparse = compiled("group_sums_sparse")


def by_product(X: sp.csr_matrix, rows: np.ndarray, groups: np.ndarray, n_groups: int, weights: np.ndarray,
               binary: bool) -> np.ndarray:
    """The definition: a groups × pairs matrix of weights times the pairs' rows (0/1 with ``binary``)."""
    picked = sp.csr_matrix(X[rows], dtype=np.int64)
    if binary:
        picked.data[:] = 1
    G = sp.csr_matrix((weights, (groups, np.arange(len(rows)))), shape=(n_groups, len(rows)))
    return (G @ picked).toarray()


def sparse_with(sums, X, rows, groups, n_groups, weights, binary, docs=False):
    """``sparse_sums`` through one implementation of its kernel (with ``docs``: and the document counts)."""
    order = np.argsort(groups, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(groups, minlength=n_groups))].astype(np.int64)
    cap = int(np.diff(X.indptr)[rows].sum())
    indptr, indices, data = np.empty(n_groups + 1, np.int64), np.empty(cap, np.int32), np.empty(cap, np.int64)
    width = X.shape[1]
    acc, bits = np.zeros(width, np.int64), np.zeros((width + 63) // 64, np.uint64)
    extra = (np.zeros(width, np.int64), np.empty(n_groups + 1, np.int64), np.empty(cap, np.int32),
             np.empty(cap, np.int64)) if docs else ()
    nnz = sums(X.indptr, X.indices, X.data, rows, groups, weights, order, starts, width, binary, acc, bits,
               indptr, indices, data, *extra)
    assert not acc.any() and not bits.any() and not (docs and extra[0].any())      # left clear
    found = sp.csr_matrix((data[:nnz], indices[:nnz], indptr), shape=(n_groups, width))
    if not docs:
        return found
    d_ptr, d_idx, d_data = extra[1:]
    return found, sp.csr_matrix((d_data[:d_ptr[-1]], d_idx[:d_ptr[-1]], d_ptr), shape=(n_groups, width))


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
    for found in (pair_sum(X, rows, groups, n_groups, weights=weights, binary=binary),
                  sparse_sums(X, rows, groups, n_groups, weights, binary),
                  dense_sums(X, rows, groups, n_groups, weights, binary)):
        assert found.dtype == np.int64 and found.has_sorted_indices and (found.data != 0).all()
        assert (found.toarray() == expected).all()
    for sums in [py_group_sums_sparse] + ([compiled_sparse] if compiled_sparse is not None else []):
        assert (sparse_with(sums, X, rows, groups, n_groups, weights, binary).toarray() == expected).all(), sums
        found, docs = sparse_with(sums, X, rows, groups, n_groups, weights, binary, docs=True)
        assert (found.toarray() == expected).all() and (docs.data != 0).all(), sums
        assert (docs.toarray() == by_product(X, rows, groups, n_groups, weights, True)).all(), sums
    counts, docs = sparse_sums(X, rows, groups, n_groups, weights, binary, docs=True)
    assert (counts.toarray() == expected).all() and (docs.toarray() == by_product(X, rows, groups, n_groups, weights,
                                                                                  True)).all()
    implementations = [py_group_cell_sums] + ([compiled_sums] if compiled_sums is not None else [])
    for sums in implementations:
        out = np.zeros(n_groups * X.shape[1], dtype=np.int64)
        sums(X.indptr, X.indices, X.data, rows, groups, weights, X.shape[1], binary, out)
        assert (out.reshape(n_groups, -1) == expected).all(), sums
    cols = rng.choice(X.shape[1], size=min(50, X.shape[1]), replace=False)      # some columns, in any order
    assert (column_sums(X, rows, groups, n_groups, weights, binary, cols) == expected[:, cols]).all()
    slot = np.full(X.shape[1], -1, dtype=np.int64)
    slot[cols] = np.arange(len(cols))
    wanted = np.pad(np.packbits(slot >= 0, bitorder="little"), (0, -((X.shape[1] + 7) // 8) % 8)).view(np.uint64)
    for sums in implementations:
        for extra in [(slot,), (slot.astype(np.int32), wanted)]:
            out = np.zeros(n_groups * len(cols), dtype=np.int64)
            sums(X.indptr, X.indices, X.data, rows, groups, weights, len(cols), binary, out, *extra)
            assert (out.reshape(n_groups, -1) == expected[:, cols]).all(), sums


def test_dense_group_sums_read_any_integer_counts_and_rows_in_any_order():
    X = sp.random(300, 50, density=0.1, format="csr", random_state=3, data_rvs=lambda n: np.arange(1, n + 1) % 9)
    rng = np.random.default_rng(1)
    rows = rng.integers(0, 300, size=500)                     # unsorted, repeated
    groups, weights = rng.integers(0, 4, size=500), rng.integers(-2, 3, size=500)
    expected = by_product(X, rows, groups, 4, weights, False)
    implementations = [py_group_cell_sums] + ([compiled_sums] if compiled_sums is not None else [])
    sparse = [py_group_sums_sparse] + ([compiled_sparse] if compiled_sparse is not None else [])
    for dtype in (np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.int64):
        Y = sp.csr_matrix((X.data.astype(dtype), X.indices, X.indptr), shape=X.shape)
        for sums in implementations:
            out = np.zeros(4 * 50, dtype=np.int64)
            sums(Y.indptr, Y.indices, Y.data, rows, groups, weights, 50, False, out)
            assert (out.reshape(4, -1) == expected).all(), (dtype, sums)
        for sums in sparse:     # (weights of both signs: sums of 0 are left out)
            found = sparse_with(sums, Y, rows, groups, 4, weights, False)
            assert (found.toarray() == expected).all() and (found.data != 0).all(), (dtype, sums)


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
    with pytest.raises(TypeError, match=r"group_cell_sums\(\): data must be an integer array"):
        call(data=X.data.astype(np.float64))
    out, slot = np.zeros(2, dtype=np.int64), np.array([-1, 1, 0], dtype=np.int32)
    compiled_sums(X.indptr, X.indices, X.data, np.array([0, 1]), np.array([0, 0]), np.ones(2, np.int64), 2, False,
                  out, slot, np.array([6], dtype=np.uint64))
    assert out.tolist() == [2, 3]                          # column 2 to slot 0, column 1 to slot 1, column 0 nowhere
    for extra, message in [((np.array([0, 5, 1], dtype=np.int32),), "slot is out of range"),
                           ((slot[:2],), "column is out of range"),
                           ((slot, np.zeros(0, dtype=np.uint64)), "a bit per slot"),
                           ((None, np.array([6], dtype=np.uint64)), "wanted comes with slot")]:
        with pytest.raises(ValueError, match=message):
            compiled_sums(X.indptr, X.indices, X.data, np.array([0, 1]), np.array([0, 0]), np.ones(2, np.int64), 2,
                          False, out, *extra)


@pytest.mark.skipif(compiled_sparse is None, reason="the compiled scanner is not in use")
def test_compiled_sparse_sums_refuse_what_does_not_fit():
    X = sp.csr_matrix(np.array([[1, 0, 2], [0, 3, 0]], dtype=np.int32))
    rows, groups, weights = np.array([0, 1]), np.array([0, 1]), np.ones(2, np.int64)

    def call(rows=rows, groups=groups, order=np.array([0, 1]), starts=np.array([0, 1, 2]), cap=3, indices=None):
        out = np.empty(3, np.int64), np.empty(cap, np.int32), np.empty(cap, np.int64)
        return compiled_sparse(X.indptr, X.indices if indices is None else indices, X.data, rows, groups, weights,
                               order, starts, 3, False, np.zeros(3, np.int64), np.zeros(1, np.uint64), *out)

    assert call() == 3
    for bad, message in [({"rows": np.array([0, 2])}, "row is out of range"),
                         ({"order": np.array([1, 0])}, "by group"),
                         ({"order": np.array([0, 5])}, "order is out of range"),
                         ({"starts": np.array([0, 1, 3])}, "group_starts"),
                         ({"indices": np.array([0, 3, 1], dtype=np.int32)}, "column is out of range"),
                         ({"cap": 2}, "more sums than out holds")]:
        with pytest.raises(ValueError, match=message):
            call(**bad)
    def with_docs(docs_acc_cells=3, docs_cap=3, parts=4):
        out = np.empty(3, np.int64), np.empty(3, np.int32), np.empty(3, np.int64)
        docs = (np.zeros(docs_acc_cells, np.int64), np.zeros(3, np.int64), np.empty(docs_cap, np.int32),
                np.empty(docs_cap, np.int64))[:parts]
        compiled_sparse(X.indptr, X.indices, X.data, rows, groups, weights, np.array([0, 1]), np.array([0, 1, 2]), 3,
                        False, np.zeros(3, np.int64), np.zeros(1, np.uint64), *out, *docs)
        return docs

    assert with_docs()[1].tolist() == [0, 2, 3] and with_docs()[3].tolist() == [1, 1, 1]
    for bad, message in [({"docs_acc_cells": 2}, "docs_acc"), ({"docs_cap": 2}, "more document counts"),
                         ({"parts": 2}, "docs_acc comes with")]:
        with pytest.raises(ValueError, match=message):
            with_docs(**bad)
    with pytest.raises(TypeError, match=r"group_sums_sparse\(\): data must be an integer array"):
        compiled_sparse(X.indptr, X.indices, X.data.astype(np.float64), rows, groups, weights, np.array([0, 1]),
                        np.array([0, 1, 2]), 3, False, np.zeros(3, np.int64), np.zeros(1, np.uint64),
                        np.empty(3, np.int64), np.empty(3, np.int32), np.empty(3, np.int64))
