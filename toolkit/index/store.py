"""An index on disk: the folder format, cache keys and the code fingerprint.

Rules:
- A saved index is a folder: ``manifest.json`` (format, toolkit version, term options, key, kinds),
  ``articles.parquet`` (metadata, features and the text as ``__text__``, zstd) and per kind
  ``<kind>.npz`` + ``<kind>_vocab.parquet``. It is written into a temporary sibling folder and
  renamed into place, so a reader never sees half an index.
- A cache key hashes the source (the DataFrame's content, or every source file's name and bytes plus
  the load options) together with the index format, the toolkit version, the term options and a
  fingerprint of the code that decides what an index holds (loaders, text functions, featurize, the
  index package): a cache written by other code is never reused, even within one version.
- :func:`default_cache_dir` is ``$TOOLKIT_CACHE_DIR`` or ``~/.cache/toolkit/index``.

Example:
    >>> import os; os.environ["TOOLKIT_CACHE_DIR"] = "/tmp/toolkit-cache"
    >>> str(default_cache_dir())
    '/tmp/toolkit-cache'
    >>> del os.environ["TOOLKIT_CACHE_DIR"]
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from toolkit._version import __version__
from toolkit.index.matrix import KINDS, TERM_OPTIONS, TermMatrix
from toolkit.io.sources import find_sources

__all__ = ["INDEX_FORMAT", "save_parts", "load_parts", "default_cache_dir", "files_cache_key", "frame_cache_key"]

INDEX_FORMAT = 2
_PACKAGE = Path(__file__).resolve().parent.parent


def save_parts(path: str | Path, meta: pd.DataFrame, text: pa.ChunkedArray, matrices: dict[str, TermMatrix],
               key: str | None) -> Path:
    """Write an index's parts to folder ``path`` (replacing what is there); returns the folder."""
    folder = Path(path)
    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(meta, preserve_index=False).append_column("__text__", text)
    pq.write_table(table, tmp / "articles.parquet", compression="zstd")
    for kind, m in matrices.items():
        m.save(tmp, kind)
    manifest = {"format": INDEX_FORMAT, "toolkit": __version__, "term_options": TERM_OPTIONS,
                "key": key, "n_articles": len(meta), "kinds": list(matrices)}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
    if folder.exists():
        shutil.rmtree(folder)
    tmp.rename(folder)
    return folder


def load_parts(path: str | Path) -> tuple[pd.DataFrame, pa.ChunkedArray, dict[str, TermMatrix], str | None]:
    """(metadata, text, matrices, key) of a folder written by :func:`save_parts`."""
    folder = Path(path).expanduser()
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest.get("format") != INDEX_FORMAT:
        raise ValueError(f"{folder} holds index format {manifest.get('format')}, expected {INDEX_FORMAT}")
    table = pq.read_table(folder / "articles.parquet")
    text = table.column("__text__")
    meta = table.drop(["__text__"]).to_pandas()
    matrices = {kind: TermMatrix.load(folder, kind) for kind in manifest["kinds"]}
    return meta, text, matrices, manifest.get("key")


def default_cache_dir() -> Path:
    """Where :meth:`CorpusIndex.from_files` caches: ``$TOOLKIT_CACHE_DIR`` or ``~/.cache/toolkit/index``."""
    env = os.environ.get("TOOLKIT_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "toolkit" / "index"


def files_cache_key(paths: "str | Path | Sequence[str | Path]", **load_kw: Any) -> str:
    """The cache key of :meth:`CorpusIndex.from_files`: a hash of the files' names and bytes, the
    :func:`toolkit.load` options, the toolkit version, the token options and the code fingerprint.

    >>> files_cache_key("data/sample") == files_cache_key("data/sample")     # doctest: +SKIP
    True
    """
    digest = hashlib.blake2b(digest_size=16)
    for f in sorted({source.path for source in find_sources(paths)}):
        digest.update(f.name.encode() + b"\0")  # names too: they reach the source_file column
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 22), b""):
                digest.update(block)
    digest.update(json.dumps(load_kw, sort_keys=True, default=str).encode())
    return _settings_key("files:" + digest.hexdigest())


def frame_cache_key(df: pd.DataFrame, text_column: str) -> str:
    """The cache key of :meth:`CorpusIndex.build` with ``cache_dir``: a hash of the DataFrame's content.

    >>> frame_cache_key(pd.DataFrame({"content": ["a"]}), "content") == frame_cache_key(
    ...     pd.DataFrame({"content": ["b"]}), "content")
    False
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    digest.update(",".join(map(str, df.columns)).encode())
    return _settings_key("frame:" + digest.hexdigest() + ":" + text_column)


def _settings_key(source: str) -> str:
    digest = hashlib.blake2b(digest_size=12)
    digest.update(json.dumps({"source": source, "format": INDEX_FORMAT, "toolkit": __version__,
                              "code": code_fingerprint(), "term_options": TERM_OPTIONS, "kinds": KINDS},
                             sort_keys=True).encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code and data that decide what an index holds."""
    digest = hashlib.blake2b(digest_size=12)
    files = [_PACKAGE / "featurize.py", *sorted((_PACKAGE / "index").glob("*.py")),
             *sorted((_PACKAGE / "io").glob("*.py")),
             *sorted(p for p in (_PACKAGE / "text").rglob("*") if p.suffix in (".py", ".txt", ".c"))]
    for f in files:
        digest.update(f.relative_to(_PACKAGE).as_posix().encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()
