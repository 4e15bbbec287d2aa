"""Whole-matrix passes a block of rows at a time (``toolkit.index.row_blocks``) give what one pass over the
whole matrix gives, on a real terms matrix; a mapped file's pages are handed back once read."""
from __future__ import annotations

import sys

import numpy as np
import pytest
import scipy.sparse as sp

import toolkit
import toolkit.index.grouping as grouping
import toolkit.index.row_blocks as row_blocks_module
from tests.external import external_file
from toolkit._memory import release_pages
from toolkit.index import CorpusIndex
from toolkit.index.grouping import pair_sum
from toolkit.index.matrix import mapped_npz
from toolkit.index.row_blocks import row_blocks, row_totals


@pytest.fixture(scope="module")
def index():
    df = toolkit.load(external_file("allsides-article-bias", "articles_sample.csv"), progress=False)
    return CorpusIndex.build(df, progress=False)


@pytest.fixture(scope="module")
def terms(index):
    return index.matrices["terms"].X


def test_row_totals_equal_the_row_sums(terms):
    whole = np.asarray(terms.sum(axis=1), dtype=np.int64).ravel()
    for cells in (1, 997, 50_000, 10**9):
        np.testing.assert_array_equal(row_totals(terms, cells), whole)
    blocks = row_blocks(terms.indptr, 50_000)
    assert len(blocks) > 20 and blocks[0][0] == 0 and blocks[-1][1] == terms.shape[0]
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:]))


@pytest.mark.parametrize("repeats", [False, True], ids=["one group per row", "rows in several groups"])
def test_group_sums_in_blocks_equal_one_pass(terms, repeats, monkeypatch):
    rng = np.random.default_rng(5)
    n = terms.shape[0]
    rows = np.sort(rng.choice(n, n if repeats else n // 3, replace=repeats))
    groups, weights = rng.integers(0, 9, len(rows)), rng.integers(1, 3, len(rows))
    for binary in (False, True):
        one = pair_sum(terms, rows, groups, 9, weights=weights, binary=binary)
        monkeypatch.setattr(grouping, "row_blocks", lambda indptr: row_blocks(indptr, 20_000))
        blocked = pair_sum(terms, rows, groups, 9, weights=weights, binary=binary)
        monkeypatch.undo()
        assert blocked.dtype == one.dtype == np.int64 and blocked.has_sorted_indices
        for name in ("data", "indices", "indptr"):
            np.testing.assert_array_equal(getattr(blocked, name), getattr(one, name))


@pytest.mark.parametrize("by", [None, "publication", "month"])
def test_sums_with_their_document_counts_in_blocks_equal_one_pass_and_the_definition(index, by, monkeypatch):
    X, grouper = index.matrices["terms"].X, index.grouper
    mask = np.random.default_rng(3).random(index.n_articles) < 0.4
    cols = np.arange(0, X.shape[1], 7)
    apart = grouper.sums("terms", X, mask, by)             # document counts read afterwards (the column map)
    monkeypatch.setattr(grouping, "SPARSE_CELLS", 20_000)   # ~25 blocks of rows
    blocked = grouper.sums("terms", X, mask, by, docs=True)
    monkeypatch.undo()
    whole = grouper.sums("terms", X, mask, by, docs=True)
    assert blocked.row_docs is not None and whole.row_docs is not None and apart.row_docs is None
    codes = grouper.groups(by).codes
    held = sp.csr_matrix(X, dtype=np.int64)
    held.data[:] = 1
    definition = np.stack([np.asarray(held[mask & (codes == g)].sum(axis=0)).ravel()[cols]
                           for g in range(grouper.groups(by).n_groups)])
    assert definition.sum() > 10_000
    for found in (blocked, whole):
        assert (found.counts != apart.counts).nnz == 0
        np.testing.assert_array_equal(found.doc_freq(cols), definition)
    np.testing.assert_array_equal(apart.doc_freq(cols), definition)


@pytest.mark.parametrize("repeats", [False, True], ids=["one group per row", "rows in several groups"])
def test_narrow_sums_cell_by_cell_equal_the_product(terms, repeats, monkeypatch):
    """A few columns (a trend's terms, common and rare) summed cell by cell give what the groups × rows
    product gives, weights (added, subtracted) and article counts included."""
    rng = np.random.default_rng(8)
    n = terms.shape[0]
    by_count = np.argsort(np.diff(terms.tocsc().indptr))
    narrow = terms[:, np.concatenate([by_count[-3:], by_count[:2], rng.choice(terms.shape[1], 5)])].tocsr()
    rows = np.sort(rng.choice(n, n if repeats else n // 2, replace=repeats))
    groups, weights = rng.integers(0, 40, len(rows)), rng.choice([-1, 1, 2], len(rows))
    assert narrow.nnz > 5_000
    for binary in (False, True):
        by_cells = pair_sum(narrow, rows, groups, 40, weights=weights, binary=binary)
        monkeypatch.setattr(grouping, "DENSE_SUMS", 0)
        product = pair_sum(narrow, rows, groups, 40, weights=weights, binary=binary)
        monkeypatch.undo()
        assert by_cells.dtype == product.dtype == np.int64 and by_cells.shape == product.shape == (40, 10)
        np.testing.assert_array_equal(by_cells.toarray(), product.toarray())


def resident_file_kb() -> int:
    for line in open("/proc/self/status"):
        if line.startswith("RssFile:"):
            return int(line.split()[1])
    raise AssertionError("no RssFile line")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="madvise and /proc are Linux's")
def test_release_pages_hands_a_mapped_files_pages_back(tmp_path):
    path = tmp_path / "big.npz"
    values = np.arange(16 << 20, dtype=np.int64)            # 128 MB
    np.savez(path, values=values)
    mapped = mapped_npz(path)["values"]
    before = resident_file_kb()
    assert int(mapped.sum()) == int(values.sum())           # every page read
    assert resident_file_kb() - before > 100_000
    release_pages(mapped[:])
    assert resident_file_kb() - before < 10_000
    np.testing.assert_array_equal(mapped[::4096], values[::4096])     # read again from the file
    copy = np.array(values[:1000])
    release_pages(copy)                                     # not mapped: left alone
    np.testing.assert_array_equal(copy, values[:1000])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="madvise and /proc are Linux's")
def test_a_small_mapped_matrix_keeps_its_pages_a_big_one_hands_them_back(tmp_path, monkeypatch):
    path = tmp_path / "cells.npz"
    indices = np.arange(12 << 20, dtype=np.int32) % 1000          # 48 MB of columns, 24 MB of counts
    np.savez(path, indices=indices, data=np.ones(len(indices), dtype=np.uint16))
    arrays = mapped_npz(path)
    X = sp.csr_matrix((arrays["data"], arrays["indices"], np.array([0, len(indices)])), shape=(1, 1000))
    before = resident_file_kb()
    assert int(X.indices.sum()) == int(indices.sum()) and int(X.data.sum()) == len(indices)
    assert resident_file_kb() - before > 60_000
    row_blocks_module.release_cells(X, 0, X.nnz)          # under KEEP_MAPPED_BYTES: the next pass needs them
    assert resident_file_kb() - before > 60_000
    monkeypatch.setattr(row_blocks_module, "KEEP_MAPPED_BYTES", 1 << 20)
    row_blocks_module.release_cells(X, 0, X.nnz)
    assert resident_file_kb() - before < 10_000
