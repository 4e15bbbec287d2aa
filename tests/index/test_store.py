"""The on-disk index cache: save/load round trip, reuse when unchanged, rebuild when a file changes."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import toolkit
import toolkit.index.corpus as corpus_module
import toolkit.index.out_of_core as out_of_core
from toolkit.index import CorpusIndex
from tests.external import external_file


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"))
    return df.groupby("publication", observed=True, group_keys=False).head(6).reset_index(drop=True)


@pytest.fixture()
def corpus_files(tmp_path, articles):
    folder = tmp_path / "corpus"
    folder.mkdir()
    half = len(articles) // 2
    articles.iloc[:half].to_csv(folder / "part1.csv", index=False)
    articles.iloc[half:].to_csv(folder / "part2.csv", index=False)
    return folder


def tables(idx) -> dict[str, pd.DataFrame]:
    view = idx.filter(keyword="clinton")
    return {"terms": idx.top_terms(10, by="publication"), "handles": idx.top_handles(5),
            "view_terms": view.top_terms(5), "sources": view.source_counts(["month", "publication"]),
            "quotes": idx.quote_stats(), "articles": idx.articles().reset_index(drop=True)}


def assert_same(a, b) -> None:
    for name, table in tables(a).items():
        pd.testing.assert_frame_equal(table, tables(b)[name], check_dtype=False, obj=name)


def test_save_and_load_round_trip(tmp_path, articles):
    idx = CorpusIndex.build(articles, progress=False)
    folder = idx.save(tmp_path / "saved")
    assert (folder / "manifest.json").exists()
    again = CorpusIndex.load(folder)
    assert again.n_articles == idx.n_articles
    assert_same(idx, again)
    assert again.filter(keyword="white house").rows.tolist() == idx.filter(keyword="white house").rows.tolist()


def test_from_files_reuses_cache_until_a_file_changes(tmp_path, corpus_files, monkeypatch):
    cache = tmp_path / "cache"
    first = CorpusIndex.from_files(corpus_files, cache_dir=cache)
    entries = [p for p in cache.iterdir() if p.is_dir()]
    assert len(entries) == 1
    manifest = json.loads((entries[0] / "manifest.json").read_text())
    assert manifest["n_articles"] == first.n_articles == len(toolkit.load(corpus_files))

    calls = []
    original = out_of_core.build_parts

    def counting_build(*args, **kw):
        calls.append(1)
        return original(*args, **kw)

    monkeypatch.setattr(out_of_core, "build_parts", counting_build)
    second = CorpusIndex.from_files(corpus_files, cache_dir=cache)
    assert calls == []                       # unchanged files: loaded, not rebuilt
    assert second.key == first.key
    assert_same(first, second)

    part = corpus_files / "part2.csv"
    df = pd.read_csv(part)
    df.loc[0, "content"] = df.loc[0, "content"] + " Zanzibarian zanzibarian."
    df.to_csv(part, index=False)
    third = CorpusIndex.from_files(corpus_files, cache_dir=cache)
    assert calls == [1]                      # changed file: rebuilt
    assert third.key != first.key
    assert third.filter(keyword="zanzibarian").n_articles == 1
    assert first.filter(keyword="zanzibarian").n_articles == 0
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 2


def test_build_with_cache_dir_keys_on_the_frame(tmp_path, articles, monkeypatch):
    cache = tmp_path / "cache"
    first = CorpusIndex.build(articles, progress=False, cache_dir=cache)
    calls = []
    original = corpus_module.build_parts
    monkeypatch.setattr(corpus_module, "build_parts", lambda *a, **k: calls.append(1) or original(*a, **k))
    again = CorpusIndex.build(articles, progress=False, cache_dir=cache)
    assert calls == [] and again.key == first.key
    changed = articles.copy()
    changed.loc[0, "title"] = "A different title"
    other = CorpusIndex.build(changed, progress=False, cache_dir=cache)
    assert calls == [1] and other.key != first.key
    assert other.articles()["title"].iloc[0] == "A different title"


def _owner(array):
    while getattr(array, "base", None) is not None:
        array = array.base
    return array


def test_reopened_matrices_are_mapped_from_the_folder_not_read(tmp_path):
    import mmap
    import numpy as np
    idx = CorpusIndex.build(toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False),
                            progress=False)
    again = CorpusIndex.load(idx.save(tmp_path / "idx"))
    for kind, built in idx.matrices.items():
        m = again.matrices[kind]
        arrays = [m.X.data, m.X.indices, m.X.indptr, m.post_ptr, m.post_bytes, m.doc_counts]
        assert all(isinstance(_owner(a), mmap.mmap) for a in arrays if a.size), kind
        assert m.vocab.tolist() == built.vocab.tolist() and (m.X != built.X).nnz == 0
        np.testing.assert_array_equal(m.post_bytes, built.post_bytes)
    view = again.filter(keyword="immigration")
    assert view.n_articles > 0
    pd.testing.assert_frame_equal(view.top_terms(10), idx.filter(keyword="immigration").top_terms(10))


def test_reopened_metadata_is_taken_from_the_mapped_file_and_old_compressed_files_still_open(tmp_path):
    import pyarrow as pa
    from toolkit.index.integrity import file_checksum
    from toolkit.index.store import ARTICLES, MANIFEST, _manifest_checksum
    idx = CorpusIndex.build(toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False),
                            progress=False)
    folder = idx.save(tmp_path / "idx")
    before = pa.total_allocated_bytes()
    table = pa.ipc.open_file(pa.memory_map(str(folder / ARTICLES))).read_all()   # uncompressed: read in place
    assert pa.total_allocated_bytes() == before and table.num_rows == idx.n_articles
    again = CorpusIndex.load(folder)
    pd.testing.assert_frame_equal(again.meta, idx.meta)
    # an entry written before (LZ4-compressed metadata) opens the same (written beside, then renamed: the
    # file is mapped, and a mapped file cut short in place would crash its readers)
    with open(folder / "old.arrow", "wb") as fh, pa.ipc.new_file(fh, table.schema, options=pa.ipc.IpcWriteOptions(
            compression="lz4")) as writer:
        writer.write_table(table)
    (folder / "old.arrow").replace(folder / ARTICLES)
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["files"][ARTICLES] = file_checksum(folder / ARTICLES)
    manifest["checksum"] = _manifest_checksum(manifest)
    (folder / MANIFEST).write_text(json.dumps(manifest))
    old = CorpusIndex.load(folder)
    pd.testing.assert_frame_equal(old.meta, idx.meta)
    assert old.meta.attrs["load_report"].to_dict() == idx.meta.attrs["load_report"].to_dict()
