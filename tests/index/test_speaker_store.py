"""Speakers kept in the index cache: a later session reads them back instead of every article, and a damaged,
foreign or unwritable copy costs a warning and a fresh search, never a wrong table."""
from __future__ import annotations

import shutil
import warnings

import numpy as np
import pandas as pd
import pytest

import toolkit.index.corpus as corpus_module
from tests.external import external_file
from tests.index.cache_helpers import SEALED_DAMAGES, damage_sealed
from toolkit.index import CorpusIndex
from toolkit.index.speaker_store import SPEAKERS_FILE, SPEAKERS_SEAL
from toolkit.index.store import IndexCacheWarning


@pytest.fixture(scope="module")
def polnear(tmp_path_factory):
    """PolNeAR indexed through a fresh cache, its speakers found once (and kept), and its top speakers."""
    cache = tmp_path_factory.mktemp("cache")
    path = external_file("polnear", "polnear_articles.csv")
    idx = CorpusIndex.from_files(path, cache_dir=cache, progress=False)
    table = idx.top_speakers(10**9, by="publication")
    assert len(table) > 100
    return path, cache, idx, table


def _reopened(path, cache, monkeypatch, *, may_search: bool) -> CorpusIndex:
    """The index from the cache again, in a state as fresh as a new session's; find_speakers refuses to run
    unless ``may_search``."""
    if not may_search:
        def refuse(*args, **kwargs):
            raise AssertionError("find_speakers ran: the kept speakers were not used")
        monkeypatch.setattr(corpus_module, "find_speakers", refuse)
    idx = CorpusIndex.from_files(path, cache_dir=cache, progress=False)
    assert not idx.speakers_found
    return idx


def _same(a, b) -> None:
    for name in ("rows", "speaker", "words"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
        assert getattr(a, name).dtype.kind == getattr(b, name).dtype.kind == "i"
    assert a.names == b.names and a.roles == b.roles


def test_a_later_session_reads_the_speakers_kept(polnear, monkeypatch):
    path, cache, first, table = polnear
    entry = first.cache_entry
    assert (entry / SPEAKERS_FILE).is_file() and (entry / SPEAKERS_SEAL).is_file()
    again = _reopened(path, cache, monkeypatch, may_search=False)
    _same(again.speakers(), first.speakers())
    pd.testing.assert_frame_equal(again.top_speakers(10**9, by="publication"), table)
    # the entry still reads as the index it was (its manifest does not list the speakers)
    assert CorpusIndex.load(entry).n_articles == first.n_articles


@pytest.mark.parametrize("damage", SEALED_DAMAGES)
def test_damaged_or_foreign_speakers_are_found_again(polnear, monkeypatch, tmp_path, damage):
    path, cache, first, table = polnear
    copy = tmp_path / "cache"
    shutil.copytree(cache, copy)
    entry = copy / first.cache_entry.name
    data, seal = entry / SPEAKERS_FILE, entry / SPEAKERS_SEAL
    damage_sealed(data, seal, damage)
    idx = _reopened(path, copy, monkeypatch, may_search=True)
    with pytest.warns(IndexCacheWarning, match="cannot be used"):
        found = idx.speakers()
    _same(found, first.speakers())
    pd.testing.assert_frame_equal(idx.top_speakers(10**9, by="publication"), table)
    # written anew: the next session reads them without a warning or a search
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _same(_reopened(path, copy, monkeypatch, may_search=False).speakers(), first.speakers())


def test_an_entry_that_cannot_take_them_keeps_them_in_memory(polnear, monkeypatch, tmp_path):
    path, cache, first, _ = polnear
    copy = tmp_path / "cache"
    shutil.copytree(cache, copy)
    entry = copy / first.cache_entry.name
    (entry / SPEAKERS_FILE).unlink()
    (entry / SPEAKERS_SEAL).unlink()
    (entry / SPEAKERS_FILE).mkdir()       # (a directory where the file goes: renaming onto it fails, even as root)
    idx = _reopened(path, copy, monkeypatch, may_search=True)
    with pytest.warns(IndexCacheWarning) as record:
        _same(idx.speakers(), first.speakers())
    messages = [str(w.message) for w in record]
    assert any("cannot be used" in m for m in messages) and any("stay in memory only" in m for m in messages)
    assert idx.speakers() is idx.speakers()


def test_an_index_outside_the_cache_writes_nothing(polnear, tmp_path):
    _, _, first, _ = polnear
    saved = first.save(tmp_path / "mine")
    files = sorted(p.name for p in saved.iterdir())
    idx = CorpusIndex.load(saved)
    assert idx.cache_entry is None
    _same(idx.speakers(), first.speakers())
    assert sorted(p.name for p in saved.iterdir()) == files      # the user's folder is left as it was
