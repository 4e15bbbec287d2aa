"""What a saved index is checked with, and what reading a damaged one raises.

Rules:
- Every file of a saved index is checked against a size and a :data:`CHECKSUM` digest recorded when it was
  written, before any parser sees its bytes (:mod:`toolkit.index.store`; the text store checks each of its
  blocks: :mod:`toolkit.index.text_store`). The digest is XXH3-128 (:func:`new_digest`): it finds damage
  (changed, cut or swapped bytes) as surely as a cryptographic hash and runs ~10x faster than SHA-256
  (17 GB/s against 1.8 here, with SHA instructions), so reopening 7 GB of matrices waits for the disk,
  not the hash. It is not meant against someone forging a file: the cache is the user's own.
- What identifies a corpus' content (cache keys, ``toolkit.scale``'s stored features) is SHA-256
  (:data:`CONTENT_HASH`, :func:`file_content_hash`).
- A saved index that cannot be used raises :class:`IndexReadError`, whose message names the folder, the file
  and the reason; never a raw library error.
- :func:`read_verified` gives a file's bytes once checked; :func:`mapped_verified` checks an ``.npz`` as it is
  read through and maps it from the same open file; :func:`parsing` turns any error parsing checked bytes
  into an :class:`IndexReadError` naming the file.

Example:
    >>> new_digest(b"abc").hexdigest()
    '06b05ab6733a618578af5f94892f3950'
"""
from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
from pathlib import Path
from typing import Any, Iterator, Sequence

import xxhash

from toolkit.index.matrix import mapped_npz

__all__ = ["CHECKSUM", "CONTENT_HASH", "IndexReadError", "new_digest", "file_checksum", "file_content_hash",
           "mapped_bytes_verified",
           "file_specs", "read_verified", "mapped_verified", "parsing", "HASH_BYTES"]

#: the checksum of an index's own files (the name under which manifests and seals record it)
CHECKSUM = "xxh3_128"
#: the hash of input bytes: what identifies a corpus' content
CONTENT_HASH = "sha256"
#: bytes hashed at a time when a file is checked as it is read through
HASH_BYTES = 1 << 24


class IndexReadError(ValueError):
    """A saved index that cannot be used (a file missing, damaged or unreadable, another format);
    the message names the folder, the file and the reason."""


def new_digest(data: bytes = b"") -> Any:
    """A :data:`CHECKSUM` digest (``update``, ``digest``, ``hexdigest``), fed ``data`` first."""
    return xxhash.xxh3_128(data)


def file_checksum(path: str | os.PathLike) -> dict[str, Any]:
    """``{"size": bytes, "xxh3_128": hex digest}`` of a file, read in blocks: what a cache entry's manifest
    and seals record per file.

    >>> sorted(file_checksum(__file__))
    ['size', 'xxh3_128']
    """
    return _hashed(path, new_digest(), CHECKSUM)


def file_content_hash(path: str | os.PathLike) -> dict[str, Any]:
    """``{"size": bytes, "sha256": hex digest}`` of a file: what a files key hashes and what
    ``toolkit.scale`` keys stored features by.

    >>> sorted(file_content_hash(__file__))
    ['sha256', 'size']
    """
    return _hashed(path, hashlib.new(CONTENT_HASH), CONTENT_HASH)


def _hashed(path: str | os.PathLike, digest: Any, name: str) -> dict[str, Any]:
    with open(path, "rb") as fh:
        size = _hash_through(fh, digest)
    return {"size": size, name: digest.hexdigest()}


def _hash_through(fh: Any, digest: Any) -> int:
    """Feed ``fh`` to ``digest`` from where it stands to its end, ``HASH_BYTES`` at a time; the bytes read."""
    buffer, size = bytearray(HASH_BYTES), 0
    while (n := fh.readinto(buffer)) > 0:
        digest.update(memoryview(buffer)[:n])
        size += n
    return size


def file_specs(files: dict[str, Any], names: Sequence[str]) -> dict[str, tuple[int, str]]:
    """``{name: (size, checksum)}`` of ``names`` from a manifest's ``files`` (KeyError, TypeError or
    ValueError when an entry is missing or malformed): what the readers below check against.

    >>> file_specs({"a": {"size": 3, CHECKSUM: "ab"}}, ["a"])
    {'a': (3, 'ab')}
    """
    return {name: (int(files[name]["size"]), str(files[name][CHECKSUM])) for name in names}


def read_verified(folder: Path, name: str, specs: dict[str, tuple[int, str]]) -> bytes:
    """The bytes of ``folder / name`` after checking them against ``specs[name]`` = (size, checksum), read
    once; :class:`IndexReadError` naming the file otherwise (the manifest's entries, the speakers' seal)."""
    size, checksum = specs[name]
    with _opened(folder, name, size) as fh:
        data = fh.read()
    if len(data) != size or new_digest(data).hexdigest() != checksum:
        raise _changed(folder, name)
    return data


def mapped_verified(folder: Path, name: str, specs: dict[str, tuple[int, str]]) -> Any:
    """``folder / name`` (an ``.npz``) checked against ``specs[name]`` as it is read through, then mapped from
    the same open file (:func:`toolkit.index.matrix.mapped_npz`): only its pages in use take memory, and the
    file mapped is the file checked."""
    size, checksum = specs[name]
    with _opened(folder, name, size) as fh:
        _read_through(fh, folder, name, size, checksum)
        with parsing(folder, name):
            return mapped_npz(fh)


def mapped_bytes_verified(folder: Path, name: str, specs: dict[str, tuple[int, str]]) -> "mmap.mmap | bytes":
    """``folder / name`` checked against ``specs[name]`` as it is read through, then mapped read-only from the
    same open file (an Arrow file read without a copy: ``pa.py_buffer`` of it); an empty file is ``b""``."""
    size, checksum = specs[name]
    with _opened(folder, name, size) as fh:
        _read_through(fh, folder, name, size, checksum)
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""


def _read_through(fh: Any, folder: Path, name: str, size: int, checksum: str) -> None:
    """Read ``fh`` to its end, hashing; :class:`IndexReadError` unless it is ``size`` bytes of ``checksum``."""
    digest = new_digest()
    if _hash_through(fh, digest) != size or digest.hexdigest() != checksum:
        raise _changed(folder, name)


@contextlib.contextmanager
def _opened(folder: Path, name: str, size: int) -> Iterator[Any]:
    """``folder / name`` open for reading once its size is the manifest's; OS errors named as the file's."""
    try:
        with open(folder / name, "rb") as fh:
            actual = os.fstat(fh.fileno()).st_size
            if actual != size:
                raise IndexReadError(f"index at {folder} is damaged: {name} has {actual:,} bytes, the manifest "
                                     f"says {size:,} (truncated or replaced)")
            yield fh
    except FileNotFoundError as exc:
        raise IndexReadError(f"index at {folder} is damaged: {name} is missing") from exc
    except OSError as exc:
        raise IndexReadError(f"index at {folder} is unreadable: cannot read {name} ({exc})") from exc


def _changed(folder: Path, name: str) -> IndexReadError:
    return IndexReadError(f"index at {folder} is damaged: {name} does not match its checksum "
                          f"(changed after it was written)")


@contextlib.contextmanager
def parsing(folder: Path, name: str) -> Iterator[None]:
    """Any error while parsing verified bytes becomes an :class:`IndexReadError` naming the file."""
    try:
        yield
    except IndexReadError:
        raise
    except Exception as exc:
        raise IndexReadError(f"index at {folder} is damaged: cannot parse {name} "
                             f"({type(exc).__name__}: {exc})") from exc
