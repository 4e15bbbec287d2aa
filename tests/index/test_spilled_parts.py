"""What an out-of-core build gathers on disk (``toolkit.index.spilled_parts``) equals what a build in memory
gathers: matrices from real chunks (wide counts too), pair signatures, furniture decided bucket by bucket (its
articles read a few at a time);
saving links the build's files into the index folder, which then reopens verified."""
from __future__ import annotations

import os
import zipfile

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import toolkit
import toolkit.index.boilerplate as boilerplate
import toolkit.index.out_of_core as out_of_core
import toolkit.index.spilled_parts as spilled_parts
from tests.external import external_file
from toolkit.featurize import features_frame, featurize_texts
from toolkit.index.boilerplate import Candidates, find_furniture
from toolkit.index.build import FeatureColumns
from toolkit.index.matrix import MatrixBuilder, count_piece, mapped_npz, term_piece
from toolkit.index.pair_filter import PairSignatures
from toolkit.index.spilled_parts import DiskMatrixBuilder, DiskPairs, SpilledCandidates, write_npz
from toolkit.index.store import load_parts, save_parts
from toolkit.text import hashtags
from toolkit.text._native import term_counts
from toolkit.text.tokens import normalize_text
from toolkit.text.word_pairs import pair_signatures


@pytest.fixture(scope="module")
def allsides() -> pd.DataFrame:
    return toolkit.load(external_file("allsides-article-bias", "articles_sample.csv"), progress=False)


def chunks(texts: list[str], size: int = 400) -> list[list[str]]:
    return [texts[s:s + size] for s in range(0, len(texts), size)]


def assert_same_matrix(memory, disk) -> None:
    assert memory.vocab.tolist() == disk.vocab.tolist()
    for name in ("data", "indices", "indptr"):
        a, b = getattr(memory.X, name), getattr(disk.X, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a, b)
    assert memory.X.shape == disk.X.shape
    for name in ("post_ptr", "post_bytes", "doc_counts"):
        np.testing.assert_array_equal(getattr(memory, name), getattr(disk, name))


def mapped(array: np.ndarray) -> bool:
    """True when ``array`` is a view of a memory-mapped file."""
    while array is not None and not isinstance(array, np.memmap):
        array = array.base
    return array is not None


def built_both(pieces, folder, kind="terms"):
    memory, disk = MatrixBuilder(), DiskMatrixBuilder(folder, kind)
    for vocab, piece in pieces:
        memory.add_piece(vocab, piece)
        disk.add_piece(vocab, piece)
    return memory.finish(), disk.finish()


def test_term_and_hashtag_matrices_built_on_disk_equal_those_built_in_memory(allsides, tmp_path):
    texts = allsides["content"].fillna("").tolist()
    pieces = [term_piece(term_counts([normalize_text(t) for t in chunk])) for chunk in chunks(texts)]
    memory, disk = built_both(pieces, tmp_path)
    assert disk.X.nnz > 1_000_000 and disk.X.data.dtype == np.uint16
    assert_same_matrix(memory, disk)
    assert mapped(disk.X.indices) and disk.npz_file == tmp_path / "terms.npz"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["terms.npz", "terms_vocab.parquet"]   # no spill left
    with np.load(disk.npz_file) as z:                   # a plain .npz, as np.savez writes it
        np.testing.assert_array_equal(z["indices"], memory.X.indices)
    tweets = toolkit.load(external_file("fivethirtyeight-tweets"), progress=False)["content"]
    tags = [count_piece([[e.key for e in hashtags(t)] for t in chunk])
            for chunk in chunks(tweets.fillna("").tolist(), 1000)]
    memory, disk = built_both(tags, tmp_path, "hashtags")
    assert disk.X.nnz > 1000
    assert_same_matrix(memory, disk)


def test_counts_beyond_uint16_widen_the_whole_matrix_as_in_memory(allsides, tmp_path, monkeypatch):
    monkeypatch.setattr(spilled_parts, "COPY_BYTES", 4096)          # the counts cross many copy blocks
    monkeypatch.setattr(spilled_parts, "POSTING_BYTES", 10_000)     # posting lists made in many column ranges
    texts = allsides["content"].fillna("").tolist()[:1200]
    pieces = [term_piece(term_counts([normalize_text(t) for t in chunk])) for chunk in chunks(texts)]
    repeated = [texts[7] + " " + "the " * 70_000, texts[8]]         # one article says "the" 70,000+ times
    pieces.insert(1, term_piece(term_counts([normalize_text(t) for t in repeated])))
    memory, disk = built_both(pieces, tmp_path)
    assert disk.X.data.dtype == np.int32 and disk.X.data.max() > 70_000
    assert_same_matrix(memory, disk)


@pytest.mark.parametrize("pieces", [[], [count_piece([[], []]), count_piece([["a"], []])]], ids=["none", "empty"])
def test_no_piece_and_empty_pieces(pieces, tmp_path):
    memory, disk = built_both(pieces, tmp_path)
    assert_same_matrix(memory, disk)


def test_pair_signatures_gathered_on_disk(allsides, tmp_path):
    parts = [pair_signatures(chunk) for chunk in chunks(allsides["content"].fillna("").tolist())]
    gathered = DiskPairs(tmp_path)
    for part in parts:
        gathered.add(part)
    disk, memory = gathered.finish(), PairSignatures.concat(parts)
    assert len(disk) == len(allsides) and mapped(disk.words)
    np.testing.assert_array_equal(disk.sizes, memory.sizes)
    np.testing.assert_array_equal(disk.words, memory.words)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.npz"]


def test_furniture_decided_bucket_by_bucket_equals_all_at_once(allsides, tmp_path, monkeypatch):
    texts = allsides["content"].fillna("").tolist()
    parts, first = [], 0
    for chunk in chunks(texts, 700):
        parts.append(Candidates.of_texts(chunk, first))
        first += len(chunk)
    spilled = SpilledCandidates(tmp_path)
    for part in parts:
        spilled.add(part)
    whole = Candidates.concat(parts)
    assert len(spilled) == len(whole.rows) > 10_000
    positions = []
    for bucket, where in spilled.buckets():            # every key in one bucket, each candidate once
        np.testing.assert_array_equal(bucket.hashes, whole.hashes[where])
        np.testing.assert_array_equal(bucket.starts, whole.starts[where])
        positions.append(where)
    assert len({h % spilled_parts.CANDIDATE_BUCKETS for h in whole.hashes.tolist()}) == spilled_parts.CANDIDATE_BUCKETS
    np.testing.assert_array_equal(np.sort(np.concatenate(positions)), np.arange(len(whole.rows)))
    groups = allsides["publication"].astype("category").cat.codes.to_numpy()
    text = pa.chunked_array([pa.array(texts, pa.string())])
    memory = find_furniture(text, groups, candidates=whole)
    monkeypatch.setattr(boilerplate, "READ_ROWS", 40)                # the furniture's articles read 40 at a time
    disk = find_furniture(text, groups, candidates=spilled)
    assert memory.segments.X.nnz > 100 and len(set(memory.segments.X.nonzero()[0])) > 10 * 40
    for name in ("tokens", "segments", "phrased"):
        assert_same_matrix(getattr(memory, name), getattr(disk, name))
    spilled.remove()
    assert list(tmp_path.iterdir()) == []


def test_a_built_index_is_saved_by_linking_its_files_and_reopens_verified(tmp_path, monkeypatch):
    monkeypatch.setattr(out_of_core, "RANGE_BYTES", 1_000_000)
    path = external_file("allsides-article-bias", "content_tokenized_subset.csv")      # (~6 ranges of 1 MB)
    (tmp_path / "scratch").mkdir()
    meta, text, matrices, pairs = out_of_core.build_from_files(path, tmp_path / "scratch", progress=False)
    counted = ["terms", "hashtags", "handles", "cashtags", "phrases"]           # (the furniture's are made whole)
    assert [kind for kind, m in matrices.items() if m.npz_file is not None] == counted
    assert pairs.npz_file is not None
    folder = save_parts(tmp_path / "index", meta, text, matrices, "key", pairs=pairs)
    for name in ("terms.npz", "terms_vocab.parquet", "phrases.npz", "pairs.npz"):
        assert os.path.samefile(tmp_path / "scratch" / name, folder / name)
    with zipfile.ZipFile(folder / "terms.npz") as archive:
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
    o_meta, _, o_matrices, key, o_pairs = load_parts(folder)             # every file verified
    assert key == "key" and len(o_meta) == len(meta)
    for kind, m in matrices.items():
        assert_same_matrix(m, o_matrices[kind])
    np.testing.assert_array_equal(o_pairs.words, pairs.words)


def test_write_npz_refuses_a_member_of_the_wrong_length(tmp_path):
    with pytest.raises(ValueError, match="x.npz: member b got 2 values, not 3"):
        write_npz(tmp_path / "x.npz", {"b": (np.dtype("i4"), 3, iter([np.arange(2)]))})
    write_npz(tmp_path / "y.npz", {"a": np.arange(5, dtype=np.int64), "e": np.zeros(0, np.uint8)})
    assert {k: v.tolist() for k, v in mapped_npz(tmp_path / "y.npz").items()} == {"a": [0, 1, 2, 3, 4], "e": []}


def test_features_gathered_in_columns_equal_the_chunks_joined(allsides):
    texts = allsides["content"].fillna("").tolist()
    parts, first = [], 0
    for chunk in chunks(texts, 700):
        parts.append(features_frame(featurize_texts(chunk), pd.RangeIndex(first, first + len(chunk))))
        first += len(chunk)
    gathered = FeatureColumns(len(texts))
    for part in parts:
        gathered.add(part)
    pd.testing.assert_frame_equal(gathered.finish(), pd.concat(parts).reset_index(drop=True), check_exact=True)
    empty = FeatureColumns(0)
    empty.add(parts[0].iloc[:0])
    pd.testing.assert_frame_equal(empty.finish(), parts[0].iloc[:0].reset_index(drop=True))
    short = FeatureColumns(len(texts) + 1)
    short.add(parts[0])
    with pytest.raises(ValueError, match="features of 700 rows gathered, 4,457 expected"):
        short.finish()
