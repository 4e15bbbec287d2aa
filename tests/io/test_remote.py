"""Inputs on remote storage (issue 15): fsspec URLs with ``storage_options`` in ``toolkit.load`` and
``CorpusIndex.from_files``, against a local S3-compatible server (moto in server mode on 127.0.0.1,
``tests/s3server.py``; never a real cloud) holding real shared articles. ``toolkit.scale`` on the same
server: ``tests/test_scale.py``."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.s3server import BUCKET
from toolkit import CorpusIndex
from toolkit.io import LoadError, load, recordranges
from toolkit.io.remote import is_remote

s3fs = pytest.importorskip("s3fs")


def same_load(remote: pd.DataFrame, local: pd.DataFrame, local_root, url_root: str) -> None:
    """The same rows, columns and report, with files named by URL instead of local path."""
    rename = {str(local_root): url_root}

    def renamed(name: str) -> str:
        for old, new in rename.items():
            name = name.replace(old, new)
        return name

    if "source_file" in local.columns:
        assert remote["source_file"].astype(str).tolist() == [renamed(n) for n in local["source_file"].astype(str)]
        remote, local = remote.drop(columns="source_file"), local.drop(columns="source_file")
    pd.testing.assert_frame_equal(remote, local)
    mine, theirs = remote.attrs["load_report"], local.attrs["load_report"]
    assert [(f.file, f.rows_read, f.rows_loaded, f.notes) for f in mine.files] == [
        (renamed(f.file), f.rows_read, f.rows_loaded, f.notes) for f in theirs.files]
    assert [(i.file, i.line, i.row, i.kind, i.index) for i in mine.issues] == [
        (renamed(i.file), i.line, i.row, i.kind, i.index) for i in theirs.issues]
    assert [(renamed(f), r) for f, r in theirs.ignored_files] == mine.ignored_files


def test_a_remote_csv_loads_as_the_local_file(s3_corpus):
    options, local = s3_corpus
    remote = load(f"s3://{BUCKET}/polnear.csv", storage_options=options, progress=False)
    same_load(remote, load(local / "polnear.csv", progress=False), local, f"s3://{BUCKET}")
    assert remote.attrs["load_report"].files[0].file == f"s3://{BUCKET}/polnear.csv"


def test_a_remote_folder_and_a_glob_load_as_the_local_ones(s3_corpus):
    options, local = s3_corpus
    for url, path in ((f"s3://{BUCKET}/corpus/", local / "corpus"), (f"s3://{BUCKET}/corpus", local / "corpus"),
                      (f"s3://{BUCKET}/corpus/*.csv", str(local / "corpus" / "*.csv"))):
        remote = load(url, storage_options=options, progress=False)
        same_load(remote, load(path, progress=False), local, f"s3://{BUCKET}")
    assert load(f"s3://{BUCKET}/corpus/", storage_options=options).attrs["load_report"].ignored_files == [
        (f"s3://{BUCKET}/corpus/README.md", "unsupported file type")]


def test_remote_text_articles_take_their_publication_from_the_folder(s3_corpus):
    options, local = s3_corpus
    remote = load(f"s3://{BUCKET}/texts/", storage_options=options, progress=False)
    same_load(remote, load(local / "texts", progress=False), local, f"s3://{BUCKET}")
    assert remote["publication"].nunique() == 2


def test_a_big_remote_csv_is_read_in_record_ranges(s3_corpus, monkeypatch):
    """Range reads on the object store give the rows of the file read in one piece."""
    options, local = s3_corpus
    url = f"s3://{BUCKET}/polnear.csv"
    whole = load(url, storage_options=options, progress=False)
    monkeypatch.setattr(recordranges, "SPLIT_BYTES", 0)
    monkeypatch.setattr(recordranges, "RANGE_BYTES", 400_000)
    pd.testing.assert_frame_equal(load(url, storage_options=options, progress=False), whole)


def test_missing_objects_and_bad_options_are_errors_naming_the_url(s3_corpus):
    options, _ = s3_corpus
    with pytest.raises(LoadError, match=f"s3://{BUCKET}/nothing-here.csv: no such file or folder"):
        load(f"s3://{BUCKET}/nothing-here.csv", storage_options=options)
    with pytest.raises(LoadError, match=r"s3://news/corpus/\*.parquet: no files match"):
        load(f"s3://{BUCKET}/corpus/*.parquet", storage_options=options)
    with pytest.raises(LoadError, match="storage_options must be JSON-like"):
        load(f"s3://{BUCKET}/polnear.csv", storage_options={"client": object()})
    with pytest.raises(LoadError, match="nosuchprotocol:// paths cannot be opened"):
        load("nosuchprotocol://x/y.csv")
    assert is_remote("s3://a/b.csv") and not is_remote("file:///tmp/b.csv") and not is_remote("C:/x.csv")


def test_from_files_caches_a_remote_corpus_by_the_objects_identity(s3_corpus, tmp_path):
    """The cache entry is found again without reading the objects, and a rewritten object (new ETag)
    rebuilds; the credentials are in no key."""
    from toolkit.index.store import files_cache_key

    options, local = s3_corpus
    url = f"s3://{BUCKET}/corpus/"
    first = CorpusIndex.from_files(url, cache_dir=tmp_path, storage_options=options, progress=False)
    expected = CorpusIndex.build(load(local / "corpus", progress=False), progress=False)
    assert first.top_terms(10).equals(expected.top_terms(10))
    key = files_cache_key(url, storage_options=options)
    other_credentials = {**options, "key": "testing", "secret": "testing", "anon": False}
    assert files_cache_key(url, storage_options=other_credentials) == key
    again = CorpusIndex.from_files(url, cache_dir=tmp_path, storage_options=options, progress=False)
    assert again.top_terms(10).equals(first.top_terms(10))
    fs = s3fs.S3FileSystem(**options)
    fs.pipe(f"{BUCKET}/corpus/b.csv", (local / "corpus" / "b.csv").read_bytes().replace(b"Trump", b"Trunp"))
    fs.invalidate_cache()
    assert files_cache_key(url, storage_options=options) != key
    changed = CorpusIndex.from_files(url, cache_dir=tmp_path, storage_options=options, progress=False)
    assert "trunp" in set(changed.top_terms(2000)["term"])
    fs.put(str(local / "corpus" / "b.csv"), f"{BUCKET}/corpus/b.csv")
    fs.invalidate_cache()


def test_an_http_url_loads_as_the_local_file(s3_corpus, tmp_path):
    """https:// and http:// paths keep their "//" (a plain path would fold it) and are keyed by the
    server's Last-Modified or, without one, by their bytes."""
    import functools
    import http.server
    import threading

    from toolkit.index.store import files_cache_key

    pytest.importorskip("aiohttp")
    _, local = s3_corpus
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(local))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/polnear.csv"
        remote = load(url, progress=False)
        same_load(remote, load(local / "polnear.csv", progress=False), local,
                  f"http://127.0.0.1:{server.server_port}")
        assert remote.attrs["load_report"].files[0].file == url
        assert files_cache_key(url) == files_cache_key(url)
    finally:
        server.shutdown()
        server.server_close()


def test_a_store_without_etags_is_keyed_by_the_bytes():
    """memory:// reports no ETag, version or time: a rewrite with bytes of the same size changes the key."""
    import fsspec

    from toolkit.index.store import files_cache_key

    fs = fsspec.filesystem("memory")
    fs.pipe("/keyed/a.csv", b"title,text\nA,one two\n")
    key = files_cache_key("memory://keyed/a.csv")
    assert files_cache_key("memory://keyed/a.csv") == key
    fs.pipe("/keyed/a.csv", b"title,text\nA,one twp\n")
    assert files_cache_key("memory://keyed/a.csv") != key
    assert load("memory://keyed/a.csv")["content"].tolist() == ["one twp"]
    fs.rm("/keyed", recursive=True)
