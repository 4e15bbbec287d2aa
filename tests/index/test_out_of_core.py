"""The out-of-core build (``toolkit.index.out_of_core``): files loaded a partition at a time, the text written
to the store as it is read and counted from there, give the index a build in memory gives, load report
included; ``from_files(out_of_core=...)`` caches and reopens it like any index.

Real corpora from ``../shared``: AllSides raw (one CSV cut into ~25 record ranges), PolNeAR (a folder of
``.txt`` articles and a CSV sharing ids: duplicates between partitions), FiveThirtyEight tweets (three CSVs,
counted by two forked workers) and three CSVs of different publishers together.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import toolkit
import toolkit.index.out_of_core as out_of_core
from tests.external import external_file
from toolkit.index import CorpusIndex
from toolkit.index.build import build_parts
from toolkit.index.text_store import MemoryText, StoredText, cut_blocks

CORPORA = {
    "allsides": [("allsides-article-bias", "articles_sample.csv")],
    "polnear": [("polnear",)],
    "tweets": [("fivethirtyeight-tweets",)],
    "mixed": [("all-the-news-fragment", "articles1_nyt_fragment.csv"),
              ("fakenewscorpus-sample", "news_sample.csv"),
              ("allsides-article-bias", "content_tokenized_subset.csv")],
}


def _paths(name: str):
    paths = [external_file(*parts) for parts in CORPORA[name]]
    return paths[0] if len(paths) == 1 else paths


@pytest.fixture(autouse=True)
def small_partitions(monkeypatch):
    """Partitions of about 1 MB: every corpus is loaded in many pieces."""
    monkeypatch.setattr(out_of_core, "RANGE_BYTES", 1_000_000)
    monkeypatch.setattr(out_of_core, "PARTITION_BYTES", 1_000_000)


def assert_same_parts(memory, stored) -> None:
    meta, text, matrices, pairs = memory
    o_meta, o_text, o_matrices, o_pairs = stored
    pd.testing.assert_frame_equal(meta, o_meta)
    assert meta.attrs["load_report"].to_dict() == o_meta.attrs["load_report"].to_dict()
    assert isinstance(o_text, StoredText) and o_text.to_arrow().to_pylist() == text.to_pylist()
    assert list(matrices) == list(o_matrices)
    for kind, m in matrices.items():
        o = o_matrices[kind]
        assert m.vocab.tolist() == o.vocab.tolist(), kind
        assert m.X.dtype == o.X.dtype and m.X.shape == o.X.shape and (m.X != o.X).nnz == 0, kind
        np.testing.assert_array_equal(m.post_bytes, o.post_bytes)
    np.testing.assert_array_equal(pairs.words, o_pairs.words)
    np.testing.assert_array_equal(pairs.sizes, o_pairs.sizes)


@pytest.mark.parametrize("name", list(CORPORA))
def test_out_of_core_gives_the_index_a_build_in_memory_gives(name, tmp_path):
    paths = _paths(name)
    n_jobs = 2 if name == "tweets" else 1
    memory = build_parts(toolkit.load(paths, progress=False), progress=False, n_jobs=n_jobs)
    plan = out_of_core.plan_partitions(paths, out_of_core.PARTITION_BYTES, out_of_core.RANGE_BYTES)
    assert len(plan.parts) >= 3                                       # really loaded in pieces
    stored = out_of_core.build_from_files(paths, tmp_path, progress=False, n_jobs=n_jobs)
    assert_same_parts(memory, stored)
    if name == "polnear":        # its .txt articles and its CSV share ids: counted across partitions
        assert stored[0].attrs["load_report"].duplicate_ids > 0


def test_from_files_out_of_core_is_cached_and_reopened(tmp_path, monkeypatch):
    paths = _paths("mixed")      # (three files of three kinds; AllSides' one CSV in ranges is tested above)
    in_memory = CorpusIndex.from_files(paths, cache_dir=tmp_path / "a", out_of_core=False, progress=False)
    calls = []
    original = out_of_core.build_from_files
    monkeypatch.setattr(out_of_core, "build_from_files", lambda *a, **k: calls.append(1) or original(*a, **k))
    built = CorpusIndex.from_files(paths, cache_dir=tmp_path / "b", out_of_core=True, text="disk", progress=False)
    assert calls == [1] and built.key == in_memory.key
    assert isinstance(built.text, StoredText) and built.text.folder == built.cache_entry
    assert [p.name for p in (tmp_path / "b").iterdir() if p.name.startswith(".")] == []   # the scratch is gone
    pd.testing.assert_frame_equal(built.top_terms(25, by="publication"), in_memory.top_terms(25, by="publication"))
    hashtag = in_memory.top_hashtags(1)["term"].iloc[0]
    for query in ({"keyword": '"white house"'}, {"keyword": "trump(ed|s)?", "regex": True}, {"keyword": f"#{hashtag}"},
                  {"publication": "New York Times", "start": "2017-01-01"}):
        rows = built.filter(**query).rows
        assert len(rows) > 0
        np.testing.assert_array_equal(rows, in_memory.filter(**query).rows)
    again = CorpusIndex.from_files(paths, cache_dir=tmp_path / "b", text="memory", progress=False)
    assert calls == [1] and isinstance(again.text, MemoryText)        # reopened, not rebuilt
    assert again.text.to_arrow().to_pylist() == in_memory.text.to_arrow().to_pylist()
    # a text kept in memory after an out-of-core build
    whole = CorpusIndex.from_files(paths, cache_dir=tmp_path / "c", out_of_core=True, text="memory", progress=False)
    loaded = toolkit.load(paths, progress=False)
    assert isinstance(whole.text, MemoryText) and whole.text.to_arrow().to_pylist() == loaded["content"].tolist()


def test_out_of_core_is_chosen_by_size_and_refuses_dedupe(tmp_path, monkeypatch):
    paths = _paths("mixed")
    calls = []
    original = out_of_core.build_from_files
    monkeypatch.setattr(out_of_core, "build_from_files", lambda *a, **k: calls.append(1) or original(*a, **k))
    monkeypatch.setattr(out_of_core, "OUT_OF_CORE_BYTES", 1)
    CorpusIndex.from_files(paths, cache_dir=tmp_path / "a", progress=False)
    assert calls == [1]                                      # big enough: out of core
    CorpusIndex.from_files(paths, cache_dir=tmp_path / "b", progress=False, dedupe="first")
    assert calls == [1]                                      # dedupe needs the whole corpus: in memory
    monkeypatch.setattr(out_of_core, "OUT_OF_CORE_BYTES", 1 << 40)
    CorpusIndex.from_files(paths, cache_dir=tmp_path / "c", progress=False)
    assert calls == [1]                                      # small: in memory
    with pytest.raises(ValueError, match="dedupe"):
        CorpusIndex.from_files(paths, cache_dir=tmp_path / "d", progress=False, out_of_core=True, dedupe=True)


def test_blocks_do_not_depend_on_the_pieces_the_text_comes_in():
    texts = toolkit.load(_paths("allsides"), progress=False)["content"].tolist()[:3000]
    whole = [b.to_pylist() for b in MemoryText(pa.chunked_array([texts])).blocks()]
    assert len(whole) > 20
    rng = np.random.default_rng(3)
    cuts = np.sort(rng.choice(len(texts), 60, replace=False))
    pieces = [pa.array(part, pa.string()) for part in np.split(np.array(texts, dtype=object), cuts)]
    assert [b.to_pylist() for b in cut_blocks(pieces)] == whole


def _mapped_ranges(path) -> list[tuple[int, int]]:
    """The address ranges where this process maps the file ``path`` (``/proc/self/maps``)."""
    ranges = []
    for line in Path("/proc/self/maps").read_text().splitlines():
        if line.endswith(str(path)):
            lo, hi = line.split()[0].split("-")
            ranges.append((int(lo, 16), int(hi, 16)))
    return ranges


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc/self/maps (Linux)")
@pytest.mark.parametrize("name", list(CORPORA))
def test_partition_columns_are_mapped_from_scratch_not_held(name, tmp_path):
    """Every corpus' other columns come back from their Arrow file equal, dtypes included, and each string
    column's characters lie in the file's mapping, not in the process' own memory."""
    for i, path in enumerate(np.atleast_1d(_paths(name))):
        df = toolkit.load(path).drop(columns="content")
        file = tmp_path / f"columns-{i}.arrow"
        back = out_of_core.mapped_frame(df, file)
        assert back is not df
        pd.testing.assert_frame_equal(back, df)
        ranges = _mapped_ranges(file)
        strings = [c for c in df.columns if str(df[c].dtype) == "str"]
        held = []
        for column in strings:
            for chunk in pa.chunked_array(back[column].array.__arrow_array__()).chunks:
                data = chunk.buffers()[2]
                if data is not None and data.size:     # (a column of missing values holds no characters)
                    held.append(any(lo <= data.address < hi for lo, hi in ranges))
        assert ranges and held and all(held), name
