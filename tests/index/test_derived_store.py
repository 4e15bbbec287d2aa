"""Results derived from an index's matrices (sums per publication-month cell, page-furniture counts, words per
article) kept in its cache entry: a later session maps them instead of computing them over the whole matrix
and gets the same tables; a damaged, foreign or unwritable copy costs a warning and a fresh computation, never
a wrong table. Also the ``.npy`` header reader the mapped arrays go through."""
from __future__ import annotations

import json
import mmap
import pickle
import shutil
import warnings

import numpy as np
import pytest

import toolkit
import toolkit.index.corpus as corpus_module
import toolkit.index.derived_store as derived_store
import toolkit.index.store as store_module
from tests.external import external_file
from tests.index.cache_helpers import SEALED_DAMAGES, damage_sealed
from toolkit.index import TOKEN_CLASSES, CorpusIndex, Vocabulary
from toolkit.index.matrix import mapped_npz
from toolkit.index.store import IndexCacheWarning, load_parts

CORPORA = {"allsides": ("allsides-article-bias", "articles_sample.csv"),     # 491 publications, 100 months
           "polnear": ("polnear", "polnear_articles.csv")}


def _tables(idx: CorpusIndex) -> list:
    """Tables that read the cell sums, the furniture counts and the words per article."""
    pubs = idx.meta["publication"].value_counts().index[:3].tolist()
    out = []
    for vocabulary in (Vocabulary(), Vocabulary(max_df=0.5, min_df=2), Vocabulary(phrases=True),
                       Vocabulary(stopwords="english", keep=TOKEN_CLASSES)):
        idx.vocabulary = vocabulary
        out += [idx.top_terms(15, by="publication"), idx.top_terms(15, by="month"),
                idx.filter(publication=pubs).top_terms(15, by="publication"),
                idx.filter(start="2016-01-01").top_terms(15), idx.top_hashtags(10, by="publication")]
    idx.vocabulary = Vocabulary()
    return out


def _same_tables(a: list, b: list) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.equals(y), (x.head(), y.head())


@pytest.fixture(scope="module", params=list(CORPORA))
def kept(request, tmp_path_factory):
    """(path, cache, the tables of an index without a cache entry, the first cached session's index)."""
    path = external_file(*CORPORA[request.param])
    fresh = CorpusIndex.build(toolkit.load(path, progress=False), progress=False)
    assert fresh.cache_entry is None
    expected = _tables(fresh)
    cache = tmp_path_factory.mktemp("cache")
    first = CorpusIndex.from_files(path, cache_dir=cache, progress=False)
    _same_tables(_tables(first), expected)
    return path, cache, expected, first


def _owner(array):
    while getattr(array, "base", None) is not None:
        array = array.base
    return array


def _kept_names(entry) -> set[str]:
    return {p.name for p in entry.glob("derived-*")}


def _refuse_computing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a kept result was computed again")
    monkeypatch.setattr(derived_store, "save_derived", refuse)


def test_a_table_of_whole_cells_does_not_read_the_per_article_furniture(kept, monkeypatch):
    """A later session's publication table sums the furniture from the kept cell sums and the tokens per
    article: the two per-article matrices (the biggest kept file) stay unread, their file not even
    verified, and the table is the one an index without a cache entry gives. A keyword filter splits
    cells: then they are read."""
    path, cache, expected, first = kept
    asked = []
    load = derived_store.load_derived
    monkeypatch.setattr(derived_store, "load_derived", lambda folder, key, name: asked.append(name) or
                        load(folder, key, name))
    later = CorpusIndex.from_files(path, cache_dir=cache, progress=False)
    pubs = later.meta["publication"].value_counts().index[:3].tolist()
    table = later.filter(publication=pubs).top_terms(15, by="publication")
    furniture, untouched, _ = later.furniture(deferred=True)
    assert "not read yet" in repr(furniture) and "not read yet" in repr(untouched)
    assert "furniture-terms-rows" in asked and "furniture-terms" not in asked
    assert table.equals(expected[2])
    word = later.top_terms(1)["term"].iloc[0]         # (the first session computed its furniture: no file read)
    assert later.filter(keyword=word).top_terms(15).equals(first.filter(keyword=word).top_terms(15))
    assert "not read yet" not in repr(furniture)
    again = CorpusIndex.from_files(path, cache_dir=cache, progress=False)
    again.top_terms(5, by="publication")                 # its matrices unread: a pickle reads them for itself
    assert pickle.loads(pickle.dumps(again)).top_terms(15, by="publication").equals(expected[0])


def test_a_later_session_maps_what_the_first_kept(kept, monkeypatch):
    path, cache, expected, first = kept
    names = _kept_names(first.cache_entry)
    assert {"derived-cells-terms.npz", "derived-cells-terms.json", "derived-cells-terms+phrases.npz",
            "derived-cells-hashtags.npz", "derived-furniture-terms.npz", "derived-furniture-phrased.npz",
            "derived-furniture-terms-rows.npz", "derived-furniture-phrased-rows.npz",
            "derived-cells-furniture-furniture.npz", "derived-cells-furniture-untouched.npz",
            "derived-words.npz", "derived-rank-terms.npz", "derived-rank-terms+phrases.npz",
            "derived-cell-ids.npz"} <= names
    for name in ("terms", "terms+phrases"):           # terms: two lists of words ("news", "english")
        hidden = [n for n in names if n.startswith(f"derived-hidden-{name}-") and n.endswith(".npz")]
        assert len(hidden) == (2 if name == "terms" else 1), hidden
    _refuse_computing(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = CorpusIndex.from_files(path, cache_dir=cache, progress=False)
        tables = _tables(again)
    _same_tables(tables, expected)
    np.testing.assert_array_equal(again.n_words, first.n_words)
    counts, docs = again.grouper._cell_sums["terms"]
    assert all(isinstance(_owner(a), mmap.mmap) for a in (counts.data, counts.indices, docs.data))  # mapped, not read
    assert isinstance(_owner(again.grouper._cell_ids()[0]), mmap.mmap)      # the cells too: no labels made


@pytest.mark.parametrize("damage", SEALED_DAMAGES + ["another matrix's"])
def test_damaged_or_foreign_results_are_computed_again(kept, tmp_path, damage):
    path, cache, expected, first = kept
    copy = tmp_path / "cache"
    shutil.copytree(cache, copy)
    entry = copy / first.cache_entry.name
    data, seal = entry / "derived-cells-terms.npz", entry / "derived-cells-terms.json"
    if damage in SEALED_DAMAGES:
        damage_sealed(data, seal, damage)
    else:                      # whole and sealed, but the sums of another matrix (the hashtags')
        for suffix in (".npz", ".json"):
            shutil.copy(entry / f"derived-cells-hashtags{suffix}", entry / f"derived-cells-terms{suffix}")
        seal.write_text(json.dumps({**json.loads(seal.read_text()), "key": first.key}))
    idx = CorpusIndex.from_files(path, cache_dir=copy, progress=False)
    if damage == "another matrix's":      # its checks pass: the shapes tell it apart
        _same_tables(_tables(idx), expected)
        return
    with pytest.warns(IndexCacheWarning, match="cells-terms kept in .* cannot be used"):
        tables = _tables(idx)
    _same_tables(tables, expected)
    with warnings.catch_warnings():          # written anew: the next session reads it without a warning
        warnings.simplefilter("error")
        _same_tables(_tables(CorpusIndex.from_files(path, cache_dir=copy, progress=False)), expected)


def test_an_entry_that_cannot_take_them_keeps_them_in_memory(kept, tmp_path):
    path, cache, expected, first = kept
    copy = tmp_path / "cache"
    shutil.copytree(cache, copy)
    entry = copy / first.cache_entry.name
    for kept_file in entry.glob("derived-*"):
        kept_file.unlink()
    (entry / "derived-cells-terms.npz").mkdir()    # (renaming onto a directory fails, even as root)
    idx = CorpusIndex.from_files(path, cache_dir=copy, progress=False)
    with pytest.warns(IndexCacheWarning) as record:
        tables = _tables(idx)
    _same_tables(tables, expected)
    messages = [str(w.message) for w in record]
    assert any("cannot be used" in m for m in messages) and any("in memory only" in m for m in messages)


def test_an_index_outside_the_cache_writes_nothing(kept, tmp_path):
    _, _, expected, first = kept
    saved = first.save(tmp_path / "mine")
    files = sorted(p.name for p in saved.iterdir())
    idx = CorpusIndex.load(saved)
    assert idx.cache_entry is None
    _same_tables(_tables(idx), expected)
    assert sorted(p.name for p in saved.iterdir()) == files      # the user's folder is left as it was


ARRAYS = {"uint16": np.arange(7, dtype=np.uint16), "empty": np.zeros(0, np.int64),
          "matrix": np.ones((3, 4), np.float32),
          "fortran": np.asfortranarray(np.arange(12.0).reshape(3, 4)), "scalar": np.array(5), "flag": np.array(True),
          "big_endian": np.arange(10, dtype=">i4"), "empty_2d": np.empty((0, 3)), "cube": np.zeros((2, 3, 4), np.int8)}


def test_mapped_arrays_are_what_numpy_reads(tmp_path):
    np.savez(tmp_path / "a.npz", **ARRAYS)
    mapped = mapped_npz(tmp_path / "a.npz")
    with np.load(tmp_path / "a.npz") as loaded:
        assert sorted(mapped) == sorted(loaded.files)
        for name in loaded.files:
            np.testing.assert_array_equal(mapped[name], loaded[name])
            assert (mapped[name].dtype, mapped[name].shape, mapped[name].flags.f_contiguous) == \
                (loaded[name].dtype, loaded[name].shape, loaded[name].flags.f_contiguous)


@pytest.mark.parametrize("array", [np.array(["a", None], dtype=object), np.array(["ab"]),
                                   np.zeros(2, dtype=[("a", "<i4")]), np.array([1 + 2j])])
def test_arrays_of_anything_but_plain_numbers_are_refused(tmp_path, array):
    np.savez(tmp_path / "a.npz", x=np.arange(3), odd=array)
    with pytest.raises(ValueError, match="a.npz: member odd.npy"):
        mapped_npz(tmp_path / "a.npz")


def test_a_big_build_keeps_what_a_first_table_reads_before_it_returns(monkeypatch, tmp_path):
    """Builds of at least FIRST_TABLE_BYTES of text (patched down to PolNeAR's size) leave the session nothing
    to compute for its first table, computed on the entry reopened once written (the build's own frame and
    tables are dropped first); smaller ones keep nothing until a table asks, and are not reopened."""
    path = external_file(*CORPORA["polnear"])
    opened = []
    monkeypatch.setattr(store_module, "load_parts", lambda *a, **k: opened.append(a[0]) or load_parts(*a, **k))
    small = CorpusIndex.from_files(path, cache_dir=tmp_path / "small", progress=False)
    assert _kept_names(small.cache_entry) == set() and opened == []
    monkeypatch.setattr(corpus_module, "FIRST_TABLE_BYTES", small.text.nbytes)
    big = CorpusIndex.from_files(path, cache_dir=tmp_path / "big", progress=False, stopwords="english")
    assert opened == [big.cache_entry] and big.meta.equals(small.meta)
    assert {"derived-cells-terms.npz", "derived-furniture-terms.npz", "derived-words.npz",
            "derived-rank-terms.npz"} <= _kept_names(big.cache_entry)
    _refuse_computing(monkeypatch)
    table = big.top_terms(20, by="publication")
    assert table.equals(CorpusIndex.build(toolkit.load(path, progress=False), progress=False,
                                          stopwords="english").top_terms(20, by="publication"))
