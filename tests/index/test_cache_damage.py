"""A damaged cache entry is never fatal and never answers wrong: it is detected, warned about and rebuilt.

Every file of an entry is damaged in turn (bytes flipped at several positions, truncated, deleted, or
rewritten as a valid file with different content); the next ``from_files`` must warn, naming the
entry, answer exactly like a fresh build, and leave a valid entry that the call after reuses silently.
"""
from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import toolkit.index.corpus as corpus_module
from toolkit.index import CorpusIndex
from toolkit.index.store import load_parts
from toolkit.index.text_store import pack_block
from tests.index.cache_helpers import ENTRY_FILES, assert_same_index, write_corpus


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """(corpus folder, cache folder holding one entry, the entry's name, the index it holds)."""
    base = tmp_path_factory.mktemp("damage")
    corpus = write_corpus(base / "corpus")
    cache = base / "pristine-cache"
    idx = CorpusIndex.from_files(corpus, cache_dir=cache)
    (entry,) = [p for p in cache.iterdir()]
    assert sorted(p.name for p in entry.iterdir()) == sorted(ENTRY_FILES)
    return corpus, cache, entry.name, idx


def fresh_copy(tmp_path, pristine):
    corpus, cache, key, _ = pristine
    work = tmp_path / "cache"
    shutil.copytree(cache, work)
    return work, work / key


def flip(path, position: int) -> None:
    data = bytearray(path.read_bytes())
    data[position] ^= 0xFF
    path.write_bytes(bytes(data))


def assert_rebuilt(corpus, cache, entry, reference, monkeypatch) -> None:
    """The damaged entry gives a warning naming it and the fresh answers; then it is whole again."""
    with pytest.warns(UserWarning) as caught:
        idx = CorpusIndex.from_files(corpus, cache_dir=cache)
    assert any(str(entry) in str(w.message) for w in caught), [str(w.message) for w in caught]
    assert_same_index(idx, reference)
    load_parts(entry)                                   # rewritten: verifies cleanly
    assert sorted(p.name for p in cache.iterdir()) == [entry.name]    # no temporary or old folder left
    with monkeypatch.context() as m, warnings.catch_warnings():
        warnings.simplefilter("error")
        m.setattr(corpus_module, "build_parts", lambda *a, **k: pytest.fail("rebuilt a valid entry"))
        assert_same_index(CorpusIndex.from_files(corpus, cache_dir=cache), reference)


@pytest.mark.parametrize("name", ENTRY_FILES)
def test_flipped_byte_in_any_file_is_detected_and_rebuilt(tmp_path, pristine, name, monkeypatch):
    corpus, _, _, reference = pristine
    size = (pristine[1] / pristine[2] / name).stat().st_size
    for i, position in enumerate(sorted({0, size // 3, (2 * size) // 3, size - 1})):
        cache, entry = fresh_copy(tmp_path / str(i), pristine)
        flip(entry / name, position)
        assert_rebuilt(corpus, cache, entry, reference, monkeypatch)


@pytest.mark.parametrize("damage", ["truncate", "empty", "delete"])
@pytest.mark.parametrize("name", ENTRY_FILES)
def test_truncated_or_missing_file_is_detected_and_rebuilt(tmp_path, pristine, name, damage, monkeypatch):
    corpus, _, _, reference = pristine
    cache, entry = fresh_copy(tmp_path, pristine)
    target = entry / name
    if damage == "delete":
        target.unlink()
    else:
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2 if damage == "truncate" else 0])
    assert_rebuilt(corpus, cache, entry, reference, monkeypatch)


def _rewrite_parquet(path, change) -> None:
    """Rewrite a parquet file as a valid one whose table is ``change(table)``."""
    pq.write_table(change(pq.read_table(path)), path)


def _rewrite_arrow(path, change) -> None:
    """Rewrite an Arrow IPC file as a valid one whose table is ``change(table)``."""
    table = change(pa.ipc.open_file(pa.py_buffer(path.read_bytes())).read_all())
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _set_column(table: pa.Table, name: str, values) -> pa.Table:
    field = table.schema.field(name)
    return table.set_column(table.schema.get_field_index(name), name, pa.array(values, type=field.type))


@pytest.mark.parametrize("change", ["hashtag renamed", "date moved", "text changed"])
def test_valid_but_different_file_is_not_believed(tmp_path, pristine, change, monkeypatch):
    """Well-formed files that say something else (the silently wrong answers of a flip) are caught too."""
    corpus, _, _, reference = pristine
    cache, entry = fresh_copy(tmp_path, pristine)
    if change == "hashtag renamed":
        vocab = reference.matrices["hashtags"].vocab.tolist()
        _rewrite_parquet(entry / "hashtags_vocab.parquet",
                         lambda t: _set_column(t, "term", ["zzrenamed"] + vocab[1:]))
    elif change == "date moved":
        dates = reference.meta["date"].tolist()
        _rewrite_arrow(entry / "articles.arrow",
                       lambda t: _set_column(t, "date", [dates[0] + pd.Timedelta(days=400)] + dates[1:]))
    else:   # the first block of the text store holds other (well-formed, compressed) text
        stored = CorpusIndex.load(entry, text="disk").text
        first = stored.block(0).to_pylist()
        packed = pack_block(pa.array(["Something else entirely.", *first[1:]], type=pa.large_string()))[0]
        blocks = (entry / "text.blocks").read_bytes()
        (entry / "text.blocks").write_bytes(packed + blocks[int(stored.size[0]):])
    assert_rebuilt(corpus, cache, entry, reference, monkeypatch)


@pytest.mark.parametrize("name", ["manifest.json", "articles.arrow", "hashtags.npz", "terms_vocab.parquet"])
def test_load_of_a_damaged_folder_raises_a_clear_error(tmp_path, pristine, name):
    """``CorpusIndex.load`` (no cache policy: the caller asked for that folder) names the folder, file and reason."""
    _, entry = fresh_copy(tmp_path, pristine)
    flip(entry / name, (entry / name).stat().st_size // 2)
    with pytest.raises(ValueError, match="damaged") as err:
        CorpusIndex.load(entry)
    assert str(entry) in str(err.value) and name in str(err.value)
