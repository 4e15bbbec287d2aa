"""Inputs on remote storage: fsspec URLs (``s3://``, ``gs://``, ``abfs://``, ``https://``, ``memory://``).

Rules:
- a path is remote when it is a string whose protocol is not ``file`` (``s3://bucket/news.csv``);
  ``file://`` URLs and plain paths are local files. fsspec is imported only for a remote path, and the
  protocol's own package must be installed (``s3fs``, ``gcsfs``, ``adlfs``, ``aiohttp``); a missing one
  is a ``LoadError`` saying which.
- ``storage_options`` go to fsspec as given (credentials, ``client_kwargs={"endpoint_url": ...}``);
  they travel with each ``Source`` (so dask workers can open it) and are never part of a cache key or
  a report.
- a URL is a file, a "folder" (every object under the prefix, recursively) or a glob; what is found
  is named by its full URL (``s3://bucket/corpus/a.csv``), sorted like local files. Listings and
  object details are asked for afresh each time (fsspec would otherwise keep them for the life of
  the process, and a changed object would look unchanged).
- remote objects are identified without reading them (``identity``): size plus the ETag, version id,
  checksum or modification time the store reports. Caches key remote inputs by that, not by their
  bytes (reading a corpus of many GB once more only to hash it would be wasteful); an object
  rewritten with the same bytes gets a new ETag on most stores and so a rebuild, never a stale hit. A
  store that reports no such field (``memory://``) has its objects' bytes hashed instead.

Example:
    >>> is_remote("s3://bucket/news.csv"), is_remote("data/sample"), is_remote("file:///tmp/a.csv")
    (True, False, False)
    >>> Storage.of("memory://corpus/a.csv", {}).protocol
    'memory'
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from toolkit.io.report import LoadError

__all__ = ["Storage", "is_remote", "identity", "local_path"]

#: what fsspec's info() may report that changes when an object's content changes (first found is used;
#: none found: the bytes are hashed)
IDENTITY_FIELDS = ("ETag", "etag", "VersionId", "version_id", "md5Hash", "crc32c", "content_md5",
                   "Content-MD5", "Digest", "LastModified", "Last-Modified", "mtime", "updated",
                   "last_modified")
#: the package each common protocol needs, named in the error when it is missing
PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "abfs": "adlfs", "az": "adlfs",
            "http": "aiohttp", "https": "aiohttp"}


def _protocol(path: Any) -> str | None:
    if not isinstance(path, str) or "://" not in path:
        return None
    protocol = path.split("://", 1)[0].lower()
    return protocol if protocol.replace("+", "").replace("-", "").isalnum() else None


def is_remote(path: Any) -> bool:
    """A string URL whose protocol is not ``file``."""
    protocol = _protocol(path)
    return protocol is not None and protocol != "file"


def local_path(path: Any) -> Any:
    """``file:///tmp/a.csv`` (or ``file://localhost/tmp/a.csv``) -> ``/tmp/a.csv``; anything else unchanged.

    >>> local_path("file:///tmp/a.csv"), local_path("file://localhost/tmp/a.csv")
    ('/tmp/a.csv', '/tmp/a.csv')
    """
    if _protocol(path) != "file":
        return path
    rest = path[len("file://"):]
    return rest[len("localhost"):] if rest.startswith("localhost/") else rest


@dataclass(frozen=True)
class Storage:
    """Where a remote source lives: the protocol and the storage options (as JSON, so a ``Source``
    stays hashable and pickles to dask workers)."""

    protocol: str
    options: str = field(default="{}", repr=False)  # credentials: never in a repr (dask logs task reprs)

    @classmethod
    def of(cls, url: str, storage_options: dict | None) -> Storage:
        try:
            options = json.dumps(storage_options or {}, sort_keys=True)
        except TypeError as exc:
            raise LoadError(f"{url}: storage_options must be JSON-like (strings, numbers, lists, dicts): "
                            f"{exc}") from None
        return cls(_protocol(url) or "file", options)

    def filesystem(self):  # -> fsspec.AbstractFileSystem
        """The fsspec filesystem (fsspec keeps one instance per protocol and options)."""
        try:  # optional stack: only remote paths need it
            import fsspec
        except ImportError:  # pragma: no cover - fsspec comes with dask and pandas' extras
            raise LoadError(f"{self.protocol}:// paths need fsspec: pip install fsspec") from None
        try:
            return fsspec.filesystem(self.protocol, **json.loads(self.options))
        except (ImportError, ValueError) as exc:
            package = PACKAGES.get(self.protocol)
            need = f"; install {package} (pip install {package})" if package else ""
            raise LoadError(f"{self.protocol}:// paths cannot be opened: {exc}{need}") from None

    def url(self, path: str) -> str:
        """The full URL of a path on this storage."""
        return f"{self.protocol}://{path}" if "://" not in path else path

    def open(self, path: str) -> BinaryIO:
        return self.filesystem().open(path, "rb")

    def size(self, path: str) -> int:
        return int(self.filesystem().size(path))


def find_remote(url: str, storage: Storage) -> list[tuple[str, str | None]]:
    """The files behind a remote URL: ``(path on the storage, folder given or None)``, sorted.

    Raises ``LoadError`` naming the URL when nothing is there."""
    fs = storage.filesystem()
    path = fs._strip_protocol(url)
    fs.invalidate_cache()  # fsspec keeps listings for the life of the process: list what is there now
    try:
        if any(char in path for char in "*?["):
            fixed = path.split("*")[0].split("?")[0].split("[")[0]
            root = fixed.rstrip("/") if fixed.endswith("/") else os.path.dirname(fixed)
            found = [p for p in fs.glob(path) if fs.isfile(p)]
            if not found:
                raise LoadError(f"{url}: no files match this pattern")
            return [(p, root) for p in sorted(found)]
        if fs.isdir(path):
            return [(p, path.rstrip("/")) for p in sorted(fs.find(path))]
        if fs.isfile(path):
            return [(path, None)]
    except LoadError:
        raise
    except Exception as exc:  # the store's own errors (no credentials, access denied, network)
        raise LoadError(f"{url}: cannot list it ({type(exc).__name__}: {exc})") from None
    raise LoadError(f"{url}: no such file or folder")


def identity(storage: Storage, path: str) -> dict[str, Any]:
    """What identifies a remote object's content: its size and the first of ``IDENTITY_FIELDS`` the
    store reports (ETag on S3, md5/generation on GCS, Last-Modified over HTTP, ...), read without the
    object's bytes; a store that reports none of them gets the SHA-256 of the bytes (read once more)."""
    fs = storage.filesystem()
    fs.invalidate_cache(path)  # never a listing cached before the object changed
    info = fs.info(path)
    found = {"size": info.get("size")}
    for name in IDENTITY_FIELDS:
        if info.get(name) not in (None, ""):
            found[name] = str(info[name])
            return found
    digest = hashlib.sha256()
    with fs.open(path, "rb") as stream:
        while chunk := stream.read(8 << 20):
            digest.update(chunk)
    found["sha256"] = digest.hexdigest()
    return found
