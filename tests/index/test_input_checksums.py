"""Checksums of big input files remembered by their status (``toolkit.index.input_checksums``): reopening an
unchanged corpus does not read it again for its cache key, and any change of a file's bytes, even with its
times set back, a replaced file, a file written just now or a damaged memory gives the checksum of its bytes."""
from __future__ import annotations

import json
import os
import shutil

import pytest

import toolkit.index.input_checksums as memory_module
from tests.external import external_file
from toolkit.index import CorpusIndex, files_cache_key
from toolkit.index.input_checksums import MEMORY_FILE, input_checksums
from toolkit.index.integrity import file_content_hash


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    """A copy of AllSides raw (a user's file, ~10 MB: remembered once REMEMBER_BYTES is patched down), and a
    list the paths hashed from now on are appended to."""
    path = tmp_path / "articles.csv"
    shutil.copy(external_file("allsides-article-bias", "articles_sample.csv"), path)
    monkeypatch.setattr(memory_module, "REMEMBER_BYTES", 1 << 20)
    monkeypatch.setattr(memory_module, "SETTLED_SECONDS", 0.0)
    hashed = []

    def counting(p):
        hashed.append(p)
        return file_content_hash(p)

    monkeypatch.setattr(memory_module, "file_content_hash", counting)
    return path, tmp_path / "cache", hashed


def test_an_unchanged_file_is_read_once(corpus):
    path, cache, hashed = corpus
    key = files_cache_key(path, remember_in=cache)
    assert len(hashed) == 1 and (cache / MEMORY_FILE).is_file()
    assert files_cache_key(path, remember_in=cache) == key == files_cache_key(path)
    assert len(hashed) == 2                    # only the call without a memory read it again


def test_bytes_changed_in_place_with_the_times_set_back_are_hashed_again(corpus):
    path, cache, hashed = corpus
    key = files_cache_key(path, remember_in=cache)
    before = path.stat()
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01                                     # same size, one bit
    with open(path, "r+b") as fh:
        fh.write(raw)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))    # modification time as it was
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_size == before.st_size
    changed = files_cache_key(path, remember_in=cache)
    assert changed != key and changed == files_cache_key(path)


def test_a_replaced_file_is_hashed_again(corpus):
    path, cache, hashed = corpus
    key = files_cache_key(path, remember_in=cache)
    other = path.with_name("other.csv")
    shutil.copy2(path, other)                   # same bytes and times, another inode
    os.replace(other, path)
    assert files_cache_key(path, remember_in=cache) == key and len(hashed) == 2


def test_a_file_written_just_now_is_not_remembered(corpus, monkeypatch):
    path, cache, hashed = corpus
    monkeypatch.setattr(memory_module, "SETTLED_SECONDS", 2.0)
    path.write_bytes(path.read_bytes())         # its times are now: it could change again unseen
    input_checksums([path], cache)
    input_checksums([path], cache)
    assert len(hashed) == 2 and not (cache / MEMORY_FILE).exists()


def test_small_files_are_not_remembered(corpus, monkeypatch):
    path, cache, hashed = corpus
    monkeypatch.setattr(memory_module, "REMEMBER_BYTES", path.stat().st_size + 1)
    input_checksums([path], cache)
    input_checksums([path], cache)
    assert len(hashed) == 2 and not (cache / MEMORY_FILE).exists()


@pytest.mark.parametrize("damage", ["garbage", "a checksum changed", "no seal"])
def test_a_damaged_memory_is_not_used(corpus, damage):
    path, cache, hashed = corpus
    truth = input_checksums([path], cache)
    memory = json.loads((cache / MEMORY_FILE).read_text())
    if damage == "garbage":
        (cache / MEMORY_FILE).write_text("{not json")
    elif damage == "a checksum changed":
        entry = memory["files"][str(path)]
        entry["sha256"] = "0" * 64
        (cache / MEMORY_FILE).write_text(json.dumps(memory))
    else:
        del memory["sha256"]
        (cache / MEMORY_FILE).write_text(json.dumps(memory))
    assert input_checksums([path], cache) == truth and len(hashed) == 2
    assert input_checksums([path], cache) == truth and len(hashed) == 2      # remembered again, whole


def test_from_files_reopens_without_reading_the_input(corpus):
    path, cache, hashed = corpus
    first = CorpusIndex.from_files(path, cache_dir=cache, progress=False)
    reads = len(hashed)
    again = CorpusIndex.from_files(path, cache_dir=cache, progress=False)
    assert len(hashed) == reads and again.cache_entry == first.cache_entry
    assert again.top_terms(10, by="publication").equals(first.top_terms(10, by="publication"))
