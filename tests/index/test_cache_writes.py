"""Writing the cache: atomic, safe for concurrent builders, never fatal when the folder cannot be written."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time

import pytest

import toolkit
import toolkit.index.matrix as matrix_module
from toolkit.index import CorpusIndex
from toolkit.index.store import load_parts
from tests.index.cache_helpers import assert_same_index, write_corpus

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Each builder waits, just before moving its finished entry into place, until every builder is there:
# the worst interleaving (both saw no entry, both built, both rename) happens every time.
BUILDER = textwrap.dedent("""
    import json, os, sys, time
    from pathlib import Path
    corpus, cache, barrier, n = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    from toolkit.index import CorpusIndex, files_cache_key
    key = files_cache_key(corpus)
    waited = []

    def synchronised(real):
        def rename(src, dst, *args, **kw):
            if Path(dst).name == key and not waited:
                waited.append(1)
                (barrier / str(os.getpid())).touch()
                deadline = time.monotonic() + 120
                while len(list(barrier.iterdir())) < n and time.monotonic() < deadline:
                    time.sleep(0.01)
            return real(src, dst, *args, **kw)
        return rename

    os.rename, os.replace = synchronised(os.rename), synchronised(os.replace)
    idx = CorpusIndex.from_files(corpus, cache_dir=cache)
    print(json.dumps({"key": idx.key, "n": idx.n_articles, "waited": bool(waited)}))
""")


@pytest.mark.slow     # starts two Python processes
def test_concurrent_builders_of_one_entry_all_succeed(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    cache, barrier = tmp_path / "cache", tmp_path / "barrier"
    barrier.mkdir()
    script = tmp_path / "builder.py"
    script.write_text(BUILDER)
    env = {**os.environ, "PYTHONPATH": REPO + os.pathsep + os.environ.get("PYTHONPATH", "")}
    n = 2
    procs = [subprocess.Popen([sys.executable, str(script), str(corpus), str(cache), str(barrier), str(n)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
             for _ in range(n)]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    for out, err, code in results:
        assert code == 0, err
    answers = [json.loads(out.strip().splitlines()[-1]) for out, _, _ in results]
    key = answers[0]["key"]       # (computed by the builders: this process's code fingerprint may be older)
    assert all(a == {"key": key, "n": 40, "waited": True} for a in answers), answers
    assert sorted(p.name for p in cache.iterdir()) == [key]            # no temporary folder left behind
    meta, _, _, saved_key, _ = load_parts(cache / key)
    assert saved_key == key and len(meta) == 40


def test_failed_write_leaves_no_temporary_folder(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"

    def disk_full(self, folder, kind):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(matrix_module.TermMatrix, "save", disk_full)
    with pytest.warns(UserWarning, match="No space left on device"):
        idx = CorpusIndex.from_files(corpus, cache_dir=cache)
    assert idx.n_articles == 40
    assert list(cache.iterdir()) == []


def test_saving_over_an_existing_index_replaces_it(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    df = toolkit.load(corpus)
    first, second = CorpusIndex.build(df.head(10), progress=False), CorpusIndex.build(df, progress=False)
    folder = tmp_path / "saved"
    first.save(folder)
    second.save(folder)
    assert_same_index(CorpusIndex.load(folder), second)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "saved"]


def _assert_kept_in_memory(caught, where, idx, corpus) -> None:
    assert any(str(where) in str(w.message) and "memory" in str(w.message) for w in caught), \
        [str(w.message) for w in caught]
    assert_same_index(idx, CorpusIndex.build(toolkit.load(corpus), progress=False))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root ignores file permissions (the tests below cover an unwritable folder as root)")
def test_read_only_cache_dir_keeps_the_index_in_memory(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(stat.S_IRUSR | stat.S_IXUSR)        # 0o500
    try:
        with pytest.warns(UserWarning) as caught:
            idx = CorpusIndex.from_files(corpus, cache_dir=cache)
        _assert_kept_in_memory(caught, cache, idx, corpus)
        assert idx.filter(keyword="the").n_articles > 0
    finally:
        cache.chmod(0o700)


def test_cache_dir_that_cannot_be_created_keeps_the_index_in_memory(tmp_path):
    """A cache path under a regular file cannot be created, even by root."""
    corpus = write_corpus(tmp_path / "corpus")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.warns(UserWarning) as caught:
        idx = CorpusIndex.from_files(corpus, cache_dir=blocker / "cache")
    _assert_kept_in_memory(caught, blocker / "cache", idx, corpus)


def test_unwritable_cache_dir_does_not_fail_build(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.warns(UserWarning) as caught:
        idx = CorpusIndex.build(toolkit.load(corpus), progress=False, cache_dir=blocker)
    _assert_kept_in_memory(caught, blocker, idx, corpus)


def test_permission_denied_keeps_the_index_in_memory(tmp_path, monkeypatch):
    """EACCES on creating anything inside the cache folder (what a read-only folder gives), as root too."""
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    cache.mkdir()
    real_mkdir = os.mkdir

    def denied(path, *args, **kw):
        if os.path.dirname(os.path.abspath(path)) == str(cache):
            raise PermissionError(13, "Permission denied", str(path))
        return real_mkdir(path, *args, **kw)

    monkeypatch.setattr(os, "mkdir", denied)
    with pytest.warns(UserWarning) as caught:
        idx = CorpusIndex.from_files(corpus, cache_dir=cache)
    _assert_kept_in_memory(caught, cache, idx, corpus)
    assert list(cache.iterdir()) == []


def test_dashboard_with_an_unwritable_cache_dir(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(blocker / "cache"))
    with pytest.warns(UserWarning, match="memory"):
        board = toolkit.dashboard(str(corpus))
    assert board is not None



def test_leftovers_of_a_killed_writer_are_swept(tmp_path):
    """A temporary folder a killed process left next to an entry goes at the next write of that entry
    (once untouched for an hour); a recent one may belong to a live writer and stays."""
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    key = CorpusIndex.from_files(corpus, cache_dir=cache).key
    shutil.rmtree(cache / key)
    stale, live = cache / f".{key}.tmp-1-0badcafe", cache / f".{key}.tmp-2-00c0ffee"
    for folder in (stale, live):
        folder.mkdir()
        (folder / "articles.arrow").write_bytes(b"half written")
    os.utime(stale, (time.time() - 2 * 3600,) * 2)
    CorpusIndex.from_files(corpus, cache_dir=cache)
    assert sorted(p.name for p in cache.iterdir()) == sorted([key, live.name])
