"""The index's text store (``toolkit.index.text_store``): read whole or on demand, it gives the same texts,
filters, concordances, speakers and reader pages as the build's own text, and a damaged block is named.

Real corpora from ``../shared`` (AllSides raw, PolNeAR, FiveThirtyEight tweets); blocks are made small
(``BLOCK_BYTES`` patched) so every corpus spans about 200 of them and every edge is crossed.
"""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import toolkit
import toolkit.index.text_store as text_store
from tests.external import external_file
from toolkit import stats
from toolkit.index import CorpusIndex, IndexReadError
from toolkit.index.speakers import find_speakers
from toolkit.index.text_store import MemoryText, StoredText
from toolkit.widgets.reading import article_html

CORPORA = {
    "allsides": ("allsides-article-bias", "articles_sample.csv"),
    "polnear": ("polnear", "polnear_articles.csv"),
    "tweets": ("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv"),
}


@pytest.fixture(scope="module", params=list(CORPORA))
def saved(request, tmp_path_factory):
    """(build's index, its folder) of one real corpus, saved in ~200 blocks."""
    df = toolkit.load(external_file(*CORPORA[request.param]), progress=False)
    if request.param == "polnear":          # a missing text, kept as missing
        df.loc[3, "content"] = None
    idx = CorpusIndex.build(df, progress=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_store, "BLOCK_BYTES", idx.text.nbytes // 200)
        folder = idx.save(tmp_path_factory.mktemp(request.param) / "idx")
    return idx, folder


def test_memory_and_disk_give_the_build_texts(saved):
    idx, folder = saved
    texts = idx.text.to_arrow().to_pylist()
    memory, disk = CorpusIndex.load(folder, text="memory"), CorpusIndex.load(folder, text="disk")
    assert isinstance(memory.text, MemoryText) and isinstance(disk.text, StoredText)
    assert len(disk.text.offset) > 150                     # many blocks: every edge is crossed below
    assert memory.text.to_arrow().to_pylist() == texts == disk.text.to_arrow().to_pylist()
    assert disk.text.nbytes == memory.text.nbytes == idx.text.nbytes
    rng = np.random.default_rng(7)
    for rows in (rng.integers(0, len(texts), 300), np.sort(rng.choice(len(texts), 200, replace=False)),
                 np.array([len(texts) - 1, 0, 0]), np.array([], dtype=np.int64)):
        expected = [texts[r] for r in rows]
        assert disk.text.take(rows).to_pylist() == expected == memory.text.take(rows).to_pylist()
    for row in rng.integers(0, len(texts), 20).tolist() + [0, len(texts) - 1]:
        assert disk.text.row(row) == texts[row]
    with pytest.raises(IndexError):
        disk.text.take(np.array([len(texts)]))


def test_pieces_and_spans_partition_the_rows(saved):
    _, folder = saved
    for text in (CorpusIndex.load(folder, text="disk").text, CorpusIndex.load(folder, text="memory").text):
        rows = np.flatnonzero(np.random.default_rng(1).random(len(text)) < 0.3)
        pieces = text.pieces(rows, 4)
        np.testing.assert_array_equal(np.concatenate(pieces), rows)
        spans = text.spans(100_000)
        assert spans[0][0] == 0 and spans[-1][1] == len(text)
        assert all(a < b == c for (a, b), (c, _) in zip(spans, spans[1:]))


def test_filters_kwic_speakers_and_reader_are_the_same_read_on_demand(saved):
    idx, folder = saved
    disk, memory = CorpusIndex.load(folder, text="disk"), CorpusIndex.load(folder, text="memory")
    assert isinstance(disk.text, StoredText)
    words = [w for w in idx.top_terms(40)["term"].tolist() if w.isalpha()][:6]
    queries = [(" ".join(words[:2]), False), (f"{words[0]} OR {words[1]} {words[2]}", False),
               (words[3][:3] + "*", False), (rf"\b{words[0]}\W+\w+\W+{words[1]}", True), (r"https?://\S+", True)]
    for query, regex in queries:
        mine, theirs = disk.filter(keyword=query, regex=regex), idx.filter(keyword=query, regex=regex)
        np.testing.assert_array_equal(mine.rows, theirs.rows, err_msg=query)
        if not regex:
            pd.testing.assert_frame_equal(stats.kwic(mine, query, limit=200), stats.kwic(theirs, query, limit=200))
    pd.testing.assert_frame_equal(disk.filter(keyword=words[0]).to_frame(), memory.filter(keyword=words[0]).to_frame())
    built, stored = find_speakers(idx.text, n_jobs=1), find_speakers(disk.text, n_jobs=2)   # forked workers read it
    assert built.names == stored.names
    np.testing.assert_array_equal(built.rows, stored.rows)
    for row in (0, len(idx.text) // 2):
        assert article_html(disk, row, None) == article_html(idx, row, None)


def test_a_damaged_block_is_named_when_read_and_the_others_still_read(saved, tmp_path):
    idx, folder = saved
    copy = shutil.copytree(folder, tmp_path / "copy")
    stored = CorpusIndex.load(copy, text="disk").text
    k = len(stored.offset) // 2
    first, last = int(stored.first_row[k]), int(stored.first_row[k + 1]) - 1
    with open(copy / "text.blocks", "r+b") as fh:
        fh.seek(int(stored.offset[k]) + int(stored.size[k]) // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0x40]))
    disk = CorpusIndex.load(copy, text="disk")            # opening checks sizes, not every block
    assert disk.text.row(0) == idx.text.row(0)
    with pytest.raises(IndexReadError, match=f"text.blocks block {k} ") as err:
        disk.text.row(first)
    assert str(copy) in str(err.value) and f"{first:,} to {last:,}" in str(err.value)
    with pytest.raises(IndexReadError, match="text.blocks block"):
        CorpusIndex.load(copy, text="memory")             # read whole: every block is checked at opening
    with open(copy / "text.blocks", "r+b") as fh:
        fh.truncate(int(stored.offset[-1]))
    with pytest.raises(IndexReadError, match="truncated or replaced"):
        CorpusIndex.load(copy, text="disk")


def test_a_block_that_passed_its_checksum_but_does_not_hold_its_rows_is_refused(tmp_path):
    """What a writer's bug would leave (its checksum made from the bytes it wrote): a block holding another
    number of articles, falling offsets, a wrong size before compression. Each raises IndexReadError naming
    the block; no column is made on offsets that would be read out of bounds."""
    import os
    from toolkit.index.integrity import new_digest

    def stored(raw: bytes, n_rows: int, raw_size: int | None = None) -> StoredText:
        data = pa.Codec("zstd").compress(raw, asbytes=True)
        folder = tmp_path / str(len(list(tmp_path.iterdir())))        # a store of its own
        folder.mkdir()
        (folder / "text.blocks").write_bytes(data)
        table = {"first_row": np.array([0, n_rows]), "offset": np.array([0]), "size": np.array([len(data)]),
                 "raw_size": np.array([raw_size or len(raw)]), "text_bytes": np.array([len(raw)])}
        return StoredText(folder, os.open(folder / "text.blocks", os.O_RDONLY), table, [new_digest(data).digest()])

    data, raw_size, _, _ = text_store.pack_block(pa.array(["ab", "cd", "e"]))
    packed = pa.Codec("zstd").decompress(data, decompressed_size=raw_size)
    assert stored(packed.to_pybytes(), 3).take(np.array([2, 0])).to_pylist() == ["e", "ab"]
    falling = np.array([0, 4, 2, 5], dtype=np.int64).tobytes() + b"\x07" + b"abcde"
    for text, why in ((stored(packed.to_pybytes(), 2), "do not describe 2 articles"),
                      (stored(falling, 3), "do not describe 3 articles"),
                      (stored(packed.to_pybytes(), 3, raw_size=len(packed) + 5), "cannot decompress it")):
        with pytest.raises(IndexReadError, match=f"text.blocks block 0 .*{why}"):
            text.row(0)


def test_an_index_read_on_demand_outlives_its_folder_and_saves_again(saved, tmp_path):
    idx, folder = saved
    copy = shutil.copytree(folder, tmp_path / "copy")
    disk = CorpusIndex.load(copy, text="disk")
    shutil.rmtree(copy)                                    # (a cache entry replaced under an open index)
    rows = np.arange(0, len(idx.text), 7)
    assert disk.text.take(rows).to_pylist() == idx.text.take(rows).to_pylist()
    again = CorpusIndex.load(disk.save(tmp_path / "again"), text="disk")
    assert again.text.to_arrow().to_pylist() == idx.text.to_arrow().to_pylist()
    np.testing.assert_array_equal(again.text.offset, disk.text.offset)   # a store saved again keeps its blocks


def test_text_mode_is_checked_and_a_cached_build_can_leave_ram(tmp_path, monkeypatch):
    corpus = external_file(*CORPORA["polnear"])
    with pytest.raises(ValueError, match="'auto', 'memory', 'disk'"):
        CorpusIndex.from_files(corpus, cache_dir=tmp_path, text="ram")
    built = CorpusIndex.from_files(corpus, cache_dir=tmp_path, text="disk", progress=False)
    assert isinstance(built.text, StoredText) and built.cache_entry is not None
    assert isinstance(CorpusIndex.from_files(corpus, cache_dir=tmp_path, progress=False).text, MemoryText)
    monkeypatch.setattr(text_store, "MEMORY_LIMIT", 1000)   # "auto": a text over the limit stays on disk
    assert isinstance(CorpusIndex.from_files(corpus, cache_dir=tmp_path, progress=False).text, StoredText)
    assert not [v for v in vars(built.text).values() if isinstance(v, (pa.Array, pa.ChunkedArray))]


def test_a_damaged_cache_entry_read_on_demand_is_removed_then_rebuilt(tmp_path):
    corpus = external_file(*CORPORA["polnear"])
    built = CorpusIndex.from_files(corpus, cache_dir=tmp_path, text="disk", progress=False)
    expected = built.text.to_arrow().to_pylist()
    entry = built.cache_entry
    with open(entry / "text.blocks", "r+b") as fh:      # flip a byte in the middle of the store
        fh.seek(entry.joinpath("text.blocks").stat().st_size // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0x01]))
    damaged = CorpusIndex.from_files(corpus, cache_dir=tmp_path, text="disk", progress=False)
    with pytest.raises(IndexReadError, match="cache entry was removed"):
        damaged.text.to_arrow()
    assert not entry.exists()
    again = CorpusIndex.from_files(corpus, cache_dir=tmp_path, text="disk", progress=False)   # rebuilt
    assert again.text.to_arrow().to_pylist() == expected


def test_a_copy_opens_the_store_again_and_rows_must_be_positions(saved):
    import copy
    import gc
    import pickle

    idx, folder = saved
    disk = CorpusIndex.load(folder, text="disk")
    copies = [copy.copy(disk.text), copy.deepcopy(disk.text), pickle.loads(pickle.dumps(disk.text))]
    assert len({c.fd for c in copies} | {disk.text.fd}) == 4
    del disk
    gc.collect()                                       # the original's descriptor is closed
    for c in copies:
        assert c.row(len(c) - 1) == idx.text.row(len(c) - 1)
    with pytest.raises(TypeError, match="integer positions"):
        copies[0].take(np.ones(3, dtype=bool))


def test_a_page_of_concordance_lines_reads_only_the_blocks_it_needs(saved, monkeypatch):
    idx, folder = saved
    disk = CorpusIndex.load(folder, text="disk")
    word = idx.top_terms(1)["term"].iloc[0]
    read = []
    original = StoredText.block
    monkeypatch.setattr(StoredText, "block", lambda self, i: read.append(i) or original(self, i))
    monkeypatch.setattr(text_store, "PIECE_BYTES", disk.text.nbytes // 20)   # a piece: ~1/20 of the corpus
    page = stats.kwic(disk, word, limit=5)
    assert len(page) == 5 and page.attrs["more"]
    assert 0 < len(set(read)) < len(disk.text.offset) // 2
    pd.testing.assert_frame_equal(page, stats.kwic(idx, word, limit=5))
