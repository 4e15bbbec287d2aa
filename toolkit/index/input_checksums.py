"""Checksums of a corpus' input files, remembered by each file's status, so that reopening the index of an
unchanged 9 GB CSV does not read all of it again to find its cache key.

Rules:
- ``CorpusIndex.from_files`` keys its cache entry by every local input's bytes (their SHA-256:
  :func:`toolkit.index.store.files_cache_key`). A file of at least ``REMEMBER_BYTES`` has its checksum
  remembered in ``<cache folder>/input-checksums.json``, with the status it had: size, modification and
  change times (nanoseconds), inode and device.
- A remembered checksum is used only while all five are what they were. Writing to a file changes its
  change time, which no tool can set back (``touch`` and ``os.utime`` change it too); replacing it changes its
  inode.
- A checksum is remembered only when the file's times are at least ``SETTLED_SECONDS`` older than the
  moment hashing began and its status did not change while it was read: a file written within the same
  clock tick as it was hashed could change again without its times changing (git's "racy" files).
- The memory holds the SHA-256 of its entries and is used only when they match it. Never fatal: a
  missing, unreadable, malformed or damaged memory is ignored (replaced when a checksum is next
  remembered); one that cannot be written is left as it was (the checksums are then computed each time,
  as without it). The file is written under a hidden name and renamed; of two sessions writing at once,
  the last one's is kept.
- It holds at most ``REMEMBERED_FILES`` entries, the most recently hashed.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); f = folder / "a.csv"; _ = f.write_text("x")
    >>> input_checksums([f], folder)[0]["size"]
    1
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import time
from pathlib import Path
from typing import Any, Sequence

from toolkit._parallel import thread_map
from toolkit.index.atomic_files import write_then_rename
from toolkit.index.integrity import CONTENT_HASH, file_content_hash

__all__ = ["input_checksums", "MEMORY_FILE", "REMEMBER_BYTES", "SETTLED_SECONDS", "REMEMBERED_FILES"]

MEMORY_FILE = "input-checksums.json"
#: smaller files are hashed every time (fast enough; the memory stays small)
REMEMBER_BYTES = 16 << 20
#: how much older than the start of hashing a file's times must be for its checksum to be remembered
SETTLED_SECONDS = 2.0
REMEMBERED_FILES = 1000


def input_checksums(paths: Sequence[Path], remember_in: "str | Path | None" = None) -> list[dict[str, Any]]:
    """:func:`~toolkit.index.integrity.file_content_hash` of each of ``paths`` (hashed on threads), those of
    big files unchanged since they were hashed taken from the memory in folder ``remember_in`` (None: no
    memory); see the module rules."""
    paths = [Path(p) for p in paths]
    if remember_in is None:
        return thread_map(file_content_hash, paths)
    memory_path = Path(remember_in) / MEMORY_FILE
    known = _read(memory_path)
    started = time.time()
    before = [_status(p) for p in paths]
    found: list[dict[str, Any] | None] = []
    for path, status in zip(paths, before):
        entry = known.get(str(path))
        found.append({"size": entry["size"], CONTENT_HASH: entry[CONTENT_HASH]}
                     if entry is not None and status is not None and entry.get("status") == status else None)
    missing = [k for k, f in enumerate(found) if f is None]
    for k, checksum in zip(missing, thread_map(file_content_hash, [paths[k] for k in missing])):
        found[k] = checksum
    learned = {}
    for k in missing:
        status = before[k]
        if status is not None and status[0] >= REMEMBER_BYTES and status == _status(paths[k]) \
                and max(status[1], status[2]) < (started - SETTLED_SECONDS) * 1e9:
            learned[str(paths[k])] = {"status": status, "hashed": started, **found[k]}
    if learned:
        _write(memory_path, learned)
    return found                                                    # type: ignore[return-value]


def _status(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _sealed(files: dict[str, Any]) -> str:
    return hashlib.new(CONTENT_HASH, json.dumps(files, sort_keys=True).encode()).hexdigest()


def _read(memory_path: Path) -> dict[str, dict[str, Any]]:
    try:
        memory = json.loads(memory_path.read_text(encoding="utf-8"))
        files = memory["files"]
        if memory[CONTENT_HASH] != _sealed(files):
            return {}
        return {str(p): e for p, e in files.items() if isinstance(e, dict) and
                isinstance(e.get("status"), list) and isinstance(e.get("size"), int) and
                isinstance(e.get(CONTENT_HASH), str)}
    except Exception:      # missing, unreadable or malformed: as if empty
        return {}


def _write(memory_path: Path, learned: dict[str, dict[str, Any]]) -> None:
    files = {**_read(memory_path), **learned}          # (read again: another session may have written since)
    newest = sorted(files, key=lambda p: -float(files[p].get("hashed", 0)))[:REMEMBERED_FILES]
    kept = {p: files[p] for p in newest}
    data = json.dumps({"files": kept, CONTENT_HASH: _sealed(kept)}, sort_keys=True).encode()
    with contextlib.suppress(OSError):
        memory_path.parent.mkdir(parents=True, exist_ok=True)
        write_then_rename(memory_path, lambda tmp: tmp.write_bytes(data))
