"""The cache key holds everything that changes the answer: where the files are, how they are laid out, and
every ``toolkit.load`` option (including options added to ``load`` later, by their defaults)."""
from __future__ import annotations

import os
import shutil

import pytest

import toolkit
import toolkit.io.loader as loader_module
from toolkit.index import CorpusIndex, files_cache_key
from tests.external import external_file
from tests.index.cache_helpers import write_corpus


@pytest.fixture()
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus")


def test_copied_corpus_gets_its_own_source_files(tmp_path, corpus):
    cache = tmp_path / "cache"
    original = CorpusIndex.from_files(corpus, cache_dir=cache)
    assert original.meta["source_file"].astype(str).str.startswith(str(corpus) + os.sep).all()
    copy = tmp_path / "copy"
    shutil.copytree(corpus, copy)
    copied = CorpusIndex.from_files(copy, cache_dir=cache)
    expected = toolkit.load(copy)["source_file"].astype(str).tolist()
    assert copied.meta["source_file"].astype(str).tolist() == expected
    assert copied.key != original.key


def test_relative_path_gets_the_names_it_loads_with(tmp_path, corpus, monkeypatch):
    """``source_file`` is the name as given: the same files reached by a relative path get relative names."""
    cache = tmp_path / "cache"
    CorpusIndex.from_files(corpus, cache_dir=cache)
    monkeypatch.chdir(tmp_path)
    relative = CorpusIndex.from_files("corpus", cache_dir=cache)
    expected = toolkit.load("corpus")["source_file"].astype(str).tolist()
    assert relative.meta["source_file"].astype(str).tolist() == expected
    assert relative.meta["source_file"].astype(str).str.startswith("corpus" + os.sep).all()


def test_txt_folder_renamed_gives_the_new_publication(tmp_path):
    """A folder of ``.txt`` articles takes its publication from the sub-folder names (real PolNeAR texts)."""
    texts = sorted(external_file("polnear", "train", "text").glob("*.txt"))[:4]
    corpus = tmp_path / "texts"
    for sub, files in (("breitbart", texts[:2]), ("other", texts[2:])):
        (corpus / sub).mkdir(parents=True)
        for f in files:
            shutil.copy(f, corpus / sub / f.name)
    cache = tmp_path / "cache"
    first = CorpusIndex.from_files(corpus, cache_dir=cache)
    assert sorted(first.meta["publication"].astype(str).unique()) == ["breitbart", "other"]
    (corpus / "other").rename(corpus / "renamed")
    second = CorpusIndex.from_files(corpus, cache_dir=cache)
    assert sorted(second.meta["publication"].astype(str).unique()) == ["breitbart", "renamed"]
    assert second.key != first.key


def test_load_options_are_keyed_by_their_effective_values(corpus):
    plain = files_cache_key(corpus)
    assert files_cache_key(corpus, repair=False) != plain          # a changed option: another entry
    assert files_cache_key(corpus, repair=True) == plain           # the default spelled out: the same entry
    assert files_cache_key(corpus, chunksize=50_000) == plain


def test_a_new_load_option_is_keyed_without_editing_the_store(corpus, monkeypatch):
    """An option added to ``toolkit.io.loader.load`` takes part in the key through its default."""
    real = loader_module.load

    def with_option(default):
        def load(path, *, progress=None, chunksize=50_000, repair=True, dedupe=default, **kw):
            return real(path, progress=progress, chunksize=chunksize, repair=repair, **kw)
        return load

    monkeypatch.setattr(loader_module, "load", with_option(False))
    off = files_cache_key(corpus)
    assert files_cache_key(corpus, dedupe=False) == off
    assert files_cache_key(corpus, dedupe=True) != off
    monkeypatch.setattr(loader_module, "load", with_option(True))
    assert files_cache_key(corpus) != off                          # the default changed: another entry
    assert files_cache_key(corpus) == files_cache_key(corpus, dedupe=True)


def test_progress_is_not_part_of_the_key(corpus):
    assert files_cache_key(corpus, progress=True) == files_cache_key(corpus)
