"""An index on disk: the folder format, verified reads, atomic writes, the cache, keys and code fingerprint.

Rules:
- A saved index is a folder: ``manifest.json`` (format, toolkit version, term options, key, kinds, the
  size and checksum of every other file, and a checksum of the manifest's own content),
  ``pairs.npz`` (each article's word-pair signature, :mod:`toolkit.index.pair_filter`: ``sizes`` and
  ``words``, mapped like the matrices), ``articles.arrow`` (metadata and features: an uncompressed Arrow
  IPC file, checked, then mapped: its string columns are read where they lie, where Parquet's decoding
  took most of a reload and LZ4's most of the rest; the load report, when the index was built from a
  loaded frame, as JSON under ``toolkit.load_report`` in its schema metadata), the text store ``text.blocks`` +
  ``text_blocks.arrow`` (:mod:`toolkit.index.text_store`: compressed blocks, read whole or on demand)
  and per kind ``<kind>.npz`` + ``<kind>_vocab.parquet``.
- Writing hashes every file as it is written (``articles.arrow`` is streamed through the hash; the
  matrix files, which :meth:`TermMatrix.save` writes, are hashed right after) into a uniquely named
  hidden sibling folder that one rename moves into place: a reader never sees half an index, writers
  of the same folder at the same time all succeed, and no temporary folder outlives the call (one
  left by a killed process is removed by the next write of that folder once ``LEFTOVER_AGE`` old).
- Reading (:func:`load_parts`) reads each file once, checks its size and checksum on those bytes and
  parses those same bytes: unverified bytes never reach a parser (``text.blocks``, which may be bigger than
  RAM, has its size checked at opening and each block its own checksum when read; each matrix's ``.npz``, and
  ``articles.arrow`` (read-only), are checked as they are read through, then memory-mapped, copy on write,
  from the same open file: only the pages
  in use take memory, and reopening holds no second copy. Entries are replaced by renames, never changed in
  place; a mapped file someone truncates in place under a running index is not checked again). Files are
  read and verified on the toolkit's threads (reading and hashing release the GIL), as are the source files
  a files key hashes.
  A file missing, truncated, changed or unreadable, or another format, raises :class:`IndexReadError`
  naming the folder, the file and the reason, never a raw library error.
- The cache (:func:`load_cached` / :func:`save_cached`, behind ``CorpusIndex.from_files`` and
  ``CorpusIndex.build(cache_dir=...)``) is never fatal: a damaged entry gives an
  :class:`IndexCacheWarning` and is rebuilt and replaced; an entry that cannot be written gives an
  :class:`IndexCacheWarning` and the index is kept in memory. When two processes write one entry, the
  later keeps the entry already in place.
- A cache key hashes everything that changes the answer: the source (the DataFrame's content and
  dtypes; or, for files, each source's name as given (the ``source_file`` column), resolved path,
  parent folder (the publication of ``.txt`` articles), zip member, format, compression and bytes,
  plus the effective :func:`toolkit.load` options: its signature's defaults overlaid with those
  passed, so an option added to ``load`` is keyed without editing this module; ``progress`` is not),
  the build options that change what is counted (``collapse_repeats``, ``ngrams``:
  :func:`toolkit.index.counting.build_options`), the index format, the toolkit version, the term
  options and a fingerprint of the code that decides what an index holds (loaders, text functions,
  featurize, the index package).
- :func:`default_cache_dir` is ``$TOOLKIT_CACHE_DIR`` or ``~/.cache/toolkit/index``.

Example:
    >>> import os; os.environ["TOOLKIT_CACHE_DIR"] = "/tmp/toolkit-cache"
    >>> str(default_cache_dir())
    '/tmp/toolkit-cache'
    >>> del os.environ["TOOLKIT_CACHE_DIR"]
"""
from __future__ import annotations

import contextlib
import errno
import functools
import glob
import hashlib
import inspect
import io
import json
import os
import secrets
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

import toolkit.io.loader as _loader
from toolkit._memory import give_back_memory, release_mapping
from toolkit._parallel import thread_map
from toolkit._version import __version__
from toolkit.index.counting import build_options as default_build_options
from toolkit.index.atomic_files import LEFTOVER_AGE, link_or_copy
from toolkit.index.input_checksums import input_checksums
from toolkit.index.integrity import (CHECKSUM, CONTENT_HASH, IndexReadError, file_checksum, file_specs,
                                     mapped_bytes_verified, mapped_verified, new_digest, parsing, read_verified)
from toolkit.index.matrix import KINDS, TERM_OPTIONS, TermMatrix
from toolkit.index.pair_filter import PairSignatures
from toolkit.index.text_store import (BLOCKS, TABLE, ArticleText, StoredText, as_article_text, in_memory,
                                      open_store, write_store)
from toolkit.io.remote import identity
from toolkit.io.report import LoadReport
from toolkit.io.sources import find_sources

__all__ = ["INDEX_FORMAT", "IndexReadError", "IndexCacheWarning", "save_parts", "load_parts", "load_cached",
           "save_cached", "cached_parts", "stored_text", "scratch_folder", "default_cache_dir", "files_cache_key",
           "frame_cache_key", "load_options", "file_checksum", "read_verified"]

INDEX_FORMAT = 11
#: the metadata, features and text of an index
ARTICLES = "articles.arrow"
PAIRS = "pairs.npz"
MANIFEST = "manifest.json"
#: the key of the load report (JSON) in the articles table's schema metadata
REPORT_KEY = b"toolkit.load_report"
#: :func:`toolkit.load` options that never change the answer, left out of the key
UNKEYED_LOAD_OPTIONS = ("progress", "storage_options")  # (credentials: remote objects are keyed by identity)
_PACKAGE = Path(__file__).resolve().parent.parent

Parts = tuple[pd.DataFrame, ArticleText, dict[str, TermMatrix], "str | None", "PairSignatures | None"]


class IndexCacheWarning(UserWarning):
    """The index cache could not be used as is: an entry was rebuilt, or could not be written."""


# ---------------------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------------------

def save_parts(path: str | Path, meta: pd.DataFrame, text: "ArticleText | pa.ChunkedArray",
               matrices: dict[str, TermMatrix],
               key: str | None, *, pairs: PairSignatures | None = None, replace: bool = True) -> Path:
    """Write an index's parts (``pairs``: its word-pair signatures, if any) to folder ``path``, atomically;
    returns the folder.

    ``replace``: a folder already there is replaced; otherwise a whole index with the same ``key``
    already there is kept (another process wrote the same entry first) and anything else replaced.

    >>> import tempfile
    >>> from toolkit.index.build import build_parts
    >>> meta, text, matrices, pairs = build_parts(pd.DataFrame({"content": ["a b", "b #tag"]}), progress=False)
    >>> folder = save_parts(Path(tempfile.mkdtemp()) / "idx", meta, text, matrices, key="abc", pairs=pairs)
    >>> sorted(json.loads((folder / MANIFEST).read_text())["files"])[:3]
    ['articles.arrow', 'boilerplate.npz', 'boilerplate_phrased.npz']
    """
    folder = Path(path).expanduser()
    folder.parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(folder)
    tmp = _sibling(folder, "tmp")
    tmp.mkdir()
    try:
        files = {ARTICLES: _write_hashed(tmp / ARTICLES, functools.partial(_write_arrow, _articles_table(meta)))}
        if pairs is not None:
            if written(pairs, PAIRS):
                link_or_copy(pairs.npz_file, tmp / PAIRS)
            else:
                np.savez(tmp / PAIRS, **pairs.arrays())
            files[PAIRS] = file_checksum(tmp / PAIRS)
        files.update(write_store(tmp, as_article_text(text)))
        for kind, m in matrices.items():
            if written(m, _matrix_files(kind)[0]):        # a build's own files, made for this kind
                for name in _matrix_files(kind):
                    link_or_copy(m.npz_file.with_name(name), tmp / name)
            else:
                m.save(tmp, kind)
            for name in _matrix_files(kind):
                files[name] = file_checksum(tmp / name)
        manifest = {"format": INDEX_FORMAT, "toolkit": __version__, "term_options": TERM_OPTIONS, "key": key,
                    "n_articles": len(meta), "kinds": list(matrices), "files": files}
        manifest["checksum"] = _manifest_checksum(manifest)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1))
        _move_into_place(tmp, folder, key, replace)
    finally:
        if os.path.lexists(tmp):
            _remove(tmp)
    return folder


def written(part: Any, name: str) -> bool:
    """True when ``part`` (a matrix, the pair signatures) is mapped from a file ``name`` that a build wrote
    (:mod:`toolkit.index.spilled_parts`), which saving links rather than writes again."""
    source = getattr(part, "npz_file", None)
    return source is not None and source.name == name and source.exists()


def _articles_table(meta: pd.DataFrame) -> pa.Table:
    """Metadata and features as one Arrow table; the load report (``meta.attrs``) as JSON in its schema
    metadata."""
    report = meta.attrs.get("load_report")
    plain = meta.copy(deep=False)
    plain.attrs = {}
    table = pa.Table.from_pandas(plain, preserve_index=False)
    if report is not None:
        extra = {REPORT_KEY: json.dumps(report.to_dict()).encode()}
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **extra})
    return table


class _HashingWriter:
    """A write-only file object that hashes what goes through it."""

    def __init__(self, fh: Any) -> None:
        self.fh, self.hash, self.size, self.closed = fh, new_digest(), 0, False

    def write(self, data: Any) -> int:
        self.hash.update(data)
        self.size += memoryview(data).nbytes
        return self.fh.write(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self.fh.flush()

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False


def _write_arrow(table: pa.Table, fh: Any) -> None:
    """``table`` as an Arrow IPC file, uncompressed: a reader maps it and takes its columns without a copy
    (an LZ4 copy of 4.6M articles' metadata took 1.3 s to decompress). Files of earlier versions, compressed,
    are read the same way."""
    with pa.ipc.new_file(fh, table.schema) as writer:
        writer.write_table(table)


def _write_hashed(path: Path, write: Any) -> dict[str, Any]:
    with open(path, "wb") as fh:
        writer = _HashingWriter(fh)
        write(writer)
    return {"size": writer.size, CHECKSUM: writer.hash.hexdigest()}


def _matrix_files(kind: str) -> tuple[str, str]:
    return f"{kind}.npz", f"{kind}_vocab.parquet"


def _manifest_checksum(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    return new_digest(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _sibling(folder: Path, what: str) -> Path:
    """A hidden, unique name next to ``folder`` (for a folder being written or being removed)."""
    return folder.with_name(f".{folder.name}.{what}-{os.getpid()}-{secrets.token_hex(4)}")


def _move_into_place(tmp: Path, folder: Path, key: str | None, replace: bool) -> None:
    """Rename ``tmp`` to ``folder``; what is in the way is set aside and removed (see :func:`save_parts`)."""
    for _ in range(20):
        try:
            os.rename(tmp, folder)
            return
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
                raise
        if not replace and _is_whole(folder, key):
            return                      # written by another process meanwhile: keep it
        aside = _sibling(folder, "old")
        try:
            os.rename(folder, aside)
        except FileNotFoundError:
            continue                    # removed by another process meanwhile: try again
        _remove(aside)
    raise OSError(f"{folder}: could not move the new index into place (other processes keep replacing it)")


def _is_whole(folder: Path, key: str | None) -> bool:
    """True when ``folder`` holds a sealed manifest for ``key`` and every file it lists, at its size."""
    try:
        manifest = _read_manifest(folder)
        return manifest.get("key") == key and all(
            (folder / name).stat().st_size == spec["size"] for name, spec in manifest["files"].items())
    except Exception:
        return False


def _sweep_leftovers(folder: Path) -> None:
    """Remove the hidden siblings of ``folder`` that a killed writer left (untouched for ``LEFTOVER_AGE``)."""
    now = time.time()
    for path in folder.parent.glob(f".{glob.escape(folder.name)}.*-*-*"):
        try:
            stale = now - path.lstat().st_mtime > LEFTOVER_AGE
        except OSError:
            continue
        if stale:
            _remove(path)


@contextlib.contextmanager
def scratch_folder(entry: Path) -> Iterator[Path]:
    """A hidden folder next to cache entry ``entry`` (else in the system's temporary folder) for what a build
    writes before the entry is (an out-of-core build's text store); removed on exit (a killed build's is swept
    as a leftover)."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        folder = _sibling(entry, "build")
        folder.mkdir()
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="toolkit-index-build-"))
    try:
        yield folder
    finally:
        _remove(folder)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------------------

def load_parts(path: str | Path, text: str = "auto") -> Parts:
    """(metadata, text, matrices, key, pair signatures or None) of a folder written by :func:`save_parts`,
    every file verified; ``text``: the text in memory or read on demand (:func:`toolkit.index.text_store.open_store`).

    Raises :class:`IndexReadError` when the folder is not a whole index of this format.

    >>> import tempfile
    >>> from toolkit.index.build import build_parts
    >>> meta, text, matrices, pairs = build_parts(pd.DataFrame({"content": ["a b", "b #tag"]}), progress=False)
    >>> folder = save_parts(Path(tempfile.mkdtemp()) / "idx", meta, text, matrices, "abc", pairs=pairs)
    >>> meta, text, matrices, key, pairs = load_parts(folder)
    >>> len(meta), matrices["hashtags"].vocab.tolist(), key, len(pairs)
    (2, ['tag'], 'abc', 2)
    """
    folder = Path(path).expanduser()
    manifest = _read_manifest(folder)
    try:
        files, kinds = manifest["files"], [str(kind) for kind in manifest["kinds"]]
        wanted = [ARTICLES, TABLE] + [name for kind in kinds for name in _matrix_files(kind)] + \
            ([PAIRS] if PAIRS in files else [])
        specs = file_specs(files, wanted)
        blocks_size = int(files[BLOCKS]["size"])
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexReadError(f"index at {folder} is damaged: {MANIFEST} lacks an entry "
                             f"({type(exc).__name__}: {exc})") from exc
    mapped = [_matrix_files(kind)[0] for kind in kinds] + [PAIRS]   # (read, verified, then mapped: not held)

    def get(name: str) -> Any:
        if name == ARTICLES:
            return mapped_bytes_verified(folder, name, specs)
        return mapped_verified(folder, name, specs) if name in mapped else read_verified(folder, name, specs)

    blobs = dict(zip(wanted, thread_map(get, wanted)))
    with parsing(folder, ARTICLES):
        articles = blobs.pop(ARTICLES)
        table = pa.ipc.open_file(pa.py_buffer(articles)).read_all()    # (its string columns stay mapped)
        meta = table.to_pandas()
        stored_report = (table.schema.metadata or {}).get(REPORT_KEY)
        meta.attrs["load_report"] = LoadReport.from_dict(json.loads(stored_report)) if stored_report else None
        del table
        release_mapping(articles)    # pages copied into columns leave; the rest are read on use
    pairs = None
    if PAIRS in blobs:
        with parsing(folder, PAIRS):
            pairs = PairSignatures(**blobs.pop(PAIRS))
        if len(pairs) != len(meta):
            raise IndexReadError(f"index at {folder} is damaged: {PAIRS} holds {len(pairs):,} articles, "
                                 f"{ARTICLES} {len(meta):,}")
    texts = open_store(folder, blobs.pop(TABLE), blocks_size, text)
    if len(texts) != len(meta):
        raise IndexReadError(f"index at {folder} is damaged: its text store holds {len(texts):,} articles, "
                             f"{ARTICLES} {len(meta):,}")
    matrices = {}
    for kind in kinds:
        npz_name, vocab_name = _matrix_files(kind)
        arrays, vocab = blobs.pop(npz_name), io.BytesIO(blobs.pop(vocab_name))
        with parsing(folder, f"{npz_name} / {vocab_name}"):
            matrices[kind] = TermMatrix.read(arrays, vocab, mapped=True)
    return meta, texts, matrices, manifest.get("key"), pairs


def stored_text(folder: Path, text: ArticleText, mode: str = "auto") -> ArticleText:
    """The text of the cache entry just written to ``folder`` as ``mode`` wants it
    (:func:`toolkit.index.text_store.in_memory`): ``text`` itself when it is in memory and stays there, else
    the entry's store, read on demand or whole. Never fatal: an entry that cannot be opened again (removed or
    replaced meanwhile) gives an :class:`IndexCacheWarning` and ``text``."""
    if not isinstance(text, StoredText) and in_memory(mode, text.nbytes):
        return text
    try:
        files = _read_manifest(folder)["files"]
        table = read_verified(folder, TABLE, file_specs(files, [TABLE]))
        stored = open_store(folder, table, int(files[BLOCKS]["size"]), mode)
    except (IndexReadError, KeyError, TypeError, ValueError) as exc:
        warnings.warn(f"cannot read the text of cache entry {folder} on demand ({exc}); it stays in memory",
                      IndexCacheWarning, stacklevel=4)
        return text
    return _forget_when_damaged(stored, folder)


def _forget_when_damaged(text: ArticleText, folder: Path) -> ArticleText:
    """A cache entry's text read on demand: when one of its blocks is found damaged, the entry is removed
    (the next ``from_files`` rebuilds it instead of failing again) and the error says so."""
    if isinstance(text, StoredText):
        def forget(_: str) -> str:
            aside = _sibling(folder, "damaged")
            try:
                os.rename(folder, aside)
            except OSError:
                return ""
            _remove(aside)
            return "; the cache entry was removed: the next from_files or build(cache_dir=) rebuilds it"
        text.on_damage = forget
    return text


def _read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of ``folder``, its seal checked; :class:`IndexReadError` otherwise."""
    try:
        raw = (folder / MANIFEST).read_bytes()
    except FileNotFoundError as exc:
        reason = "is not a folder" if folder.exists() and not folder.is_dir() else f"has no {MANIFEST}"
        raise IndexReadError(f"index at {folder} is damaged or missing: it {reason}") from exc
    except OSError as exc:
        raise IndexReadError(f"index at {folder} is unreadable: cannot read {MANIFEST} ({exc})") from exc
    try:
        manifest = json.loads(raw)
        sealed = isinstance(manifest, dict) and manifest.get("checksum") == _manifest_checksum(manifest)
    except ValueError as exc:
        raise IndexReadError(f"index at {folder} is damaged: {MANIFEST} is not valid JSON ({exc})") from exc
    if isinstance(manifest, dict) and manifest.get("format") != INDEX_FORMAT:   # (sealed or not: an old format)
        raise IndexReadError(f"index at {folder} holds index format {manifest.get('format')}, expected {INDEX_FORMAT}")
    if not sealed:
        raise IndexReadError(f"index at {folder} is damaged: {MANIFEST} does not match its checksum")
    return manifest


# ---------------------------------------------------------------------------------------------------
# the cache: never fatal
# ---------------------------------------------------------------------------------------------------

def load_cached(folder: Path, key: str, text: str = "auto") -> tuple["Parts | None", bool]:
    """(parts, damaged) of cache entry ``folder`` (``text`` as in :func:`load_parts`): ``(None, False)`` when
    there is none; when it cannot be used, an :class:`IndexCacheWarning` and ``(None, True)``.

    >>> load_cached(Path("/nonexistent/abc"), "abc")
    (None, False)
    """
    if not os.path.lexists(folder):
        return None, False
    try:
        parts = load_parts(folder, text)
        if parts[3] != key:
            raise IndexReadError(f"index at {folder} is damaged: its manifest holds key {parts[3]!r}, "
                                 f"expected {key!r}")
        _forget_when_damaged(parts[1], folder)
        return parts, False
    except Exception as exc:     # never fatal: whatever went wrong, the entry is rebuilt
        reason = str(exc) if isinstance(exc, IndexReadError) else \
            f"index at {folder} is unreadable ({type(exc).__name__}: {exc})"
        warnings.warn(f"{reason}; rebuilding this index cache entry", IndexCacheWarning, stacklevel=4)
        return None, True


def save_cached(folder: Path, meta: pd.DataFrame, text: "ArticleText | pa.ChunkedArray",
                matrices: dict[str, TermMatrix],
                key: str, *, pairs: PairSignatures | None = None, replace: bool = False) -> bool:
    """Write cache entry ``folder`` (see :func:`save_parts`); when it cannot be written, an
    :class:`IndexCacheWarning` and False (the caller keeps the index in memory).

    >>> save_cached(Path("/proc/no-cache/abc"), *parts, key="abc")     # doctest: +SKIP
    False
    """
    try:
        save_parts(folder, meta, text, matrices, key, pairs=pairs, replace=replace)
        give_back_memory(work_bytes=text.nbytes)          # what writing a big index leaves in the allocator
        return True
    except Exception as exc:     # never fatal: the index is built, only the cache is lost
        warnings.warn(f"cannot write the index cache entry {folder} ({type(exc).__name__}: {exc}); the index "
                      f"is kept in memory only (set TOOLKIT_CACHE_DIR or cache_dir to a writable folder)",
                      IndexCacheWarning, stacklevel=4)
        return False


def cached_parts(folder: Path, key: str, make: Callable[[], tuple], text: str = "auto", *,
                 reopen_from: float = float("inf")) -> tuple[Parts, str]:
    """(parts, how) of cache entry ``folder``: ``"reopened"``, its parts when it is whole; ``"built"``,
    ``make()``'s (meta, text, matrices, pair signatures) written there, the text as ``text`` wants it
    (:func:`stored_text`); ``"unsaved"``, those as built, when the entry cannot be written. A build whose
    text holds at least ``reopen_from`` bytes is reopened from the entry once written (never fatal: an entry
    unreadable then is warned of, and built again in memory), so that its frames and tables leave RAM.

    >>> cached_parts(Path("/proc/no-cache/abc"), "abc", lambda: parts)[1]     # doctest: +SKIP
    'unsaved'
    """
    parts, damaged = load_cached(folder, key, text)
    if parts is not None:
        return parts, "reopened"
    meta, texts, matrices, pairs = make()
    if not save_cached(folder, meta, texts, matrices, key, pairs=pairs, replace=damaged):
        return (meta, texts, matrices, key, pairs), "unsaved"
    if texts.nbytes < reopen_from:
        return (meta, stored_text(folder, as_article_text(texts), text), matrices, key, pairs), "built"
    del meta, texts, matrices, pairs
    give_back_memory()
    parts = load_cached(folder, key, text)[0]
    if parts is None:
        meta, texts, matrices, pairs = make()
        return (meta, texts, matrices, key, pairs), "unsaved"
    return parts, "built"


def default_cache_dir() -> Path:
    """Where :meth:`CorpusIndex.from_files` caches: ``$TOOLKIT_CACHE_DIR`` or ``~/.cache/toolkit/index``."""
    env = os.environ.get("TOOLKIT_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "toolkit" / "index"


# ---------------------------------------------------------------------------------------------------
# keys
# ---------------------------------------------------------------------------------------------------

def load_options(**load_kw: Any) -> dict[str, Any]:
    """The effective :func:`toolkit.load` options of a call with ``load_kw``: the defaults of its
    signature overlaid with ``load_kw``, without ``UNKEYED_LOAD_OPTIONS``.

    >>> load_options(repair=False)["repair"], "progress" in load_options()
    (False, False)
    """
    options = {p.name: p.default for p in inspect.signature(_loader.load).parameters.values()
               if p.default is not p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    options.update(load_kw)
    return {name: value for name, value in options.items() if name not in UNKEYED_LOAD_OPTIONS}


def files_cache_key(paths: "str | Path | Sequence[str | Path]", *, build_options: "dict | None" = None,
                    remember_in: "str | Path | None" = None, **load_kw: Any) -> str:
    """The cache key of :meth:`CorpusIndex.from_files`: a hash of each source's name, resolved path,
    folder, format and bytes (a remote object's size and ETag/version instead: ``io.remote.identity``),
    the effective :func:`toolkit.load` options (:func:`load_options`, never ``storage_options``), the
    build options that change what is counted (``collapse_repeats``, ``ngrams``; None: the build's
    defaults), the toolkit version, the token options and the code fingerprint. ``remember_in``: a cache
    folder where the checksums of big unchanged files are remembered (:mod:`toolkit.index.input_checksums`).

    >>> files_cache_key("data/sample") == files_cache_key("data/sample", repair=True)     # doctest: +SKIP
    True
    """
    sources = find_sources(paths, storage_options=load_kw.get("storage_options"))
    described = [[s.name, s.storage.url(s.location) if s.storage else str(s.path.resolve()), s.format,
                  s.compression, s.member, s.folder] for s in sources]
    digest = hashlib.new(CONTENT_HASH)
    digest.update(json.dumps({"sources": described, "load": load_options(**load_kw)}, sort_keys=True,
                             default=repr).encode())
    local = sorted({s.path.resolve() for s in sources if s.storage is None})
    for f, checksum in zip(local, input_checksums(local, remember_in)):
        digest.update(json.dumps([str(f), checksum], sort_keys=True).encode())
    remote = {(s.storage.url(s.location), s.storage, s.location) for s in sources if s.storage is not None}
    for url, storage, path in sorted(remote, key=lambda item: item[0]):  # by identity, not by bytes: remote.py
        digest.update(json.dumps([url, identity(storage, path)], sort_keys=True).encode())
    return _settings_key("files:" + digest.hexdigest(), build_options)


def frame_cache_key(df: pd.DataFrame, text_column: str, build_options: "dict | None" = None) -> str:
    """The cache key of :meth:`CorpusIndex.build` with ``cache_dir``: a hash of the DataFrame's content
    and of the build options (None: the build's defaults).

    >>> frame_cache_key(pd.DataFrame({"content": ["a"]}), "content") == frame_cache_key(
    ...     pd.DataFrame({"content": ["b"]}), "content")
    False
    """
    digest = hashlib.new(CONTENT_HASH)
    digest.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    digest.update(json.dumps([[str(c), str(t)] for c, t in df.dtypes.items()]).encode())
    return _settings_key("frame:" + digest.hexdigest() + ":" + text_column, build_options)


def _settings_key(source: str, build_options: "dict | None" = None) -> str:
    digest = hashlib.new(CONTENT_HASH)
    digest.update(json.dumps({"source": source, "format": INDEX_FORMAT, "toolkit": __version__,
                              "code": code_fingerprint(), "term_options": TERM_OPTIONS, "kinds": KINDS,
                              "build": build_options if build_options is not None else default_build_options()},
                             sort_keys=True).encode())
    return digest.hexdigest()[:24]


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code and data that decide what an index holds."""
    digest = hashlib.blake2b(digest_size=12)
    files = [_PACKAGE / "featurize.py", *sorted((_PACKAGE / "index").glob("*.py")),
             *sorted((_PACKAGE / "io").glob("*.py")),
             *sorted(p for p in (_PACKAGE / "text").rglob("*") if p.suffix in (".py", ".txt", ".c", ".h"))]
    for f in files:
        digest.update(f.relative_to(_PACKAGE).as_posix().encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()
