"""Files of a cache entry written whole or not at all: under a hidden name, then renamed into place.

Rules:
- :func:`write_then_rename` writes to ``.<name>.<pid>-<random>`` beside the target and renames it over
  the target, so a reader sees the old file or the new one, never a part; the hidden file is removed
  if writing fails.
- :func:`link_or_copy` puts a finished file (a build's, in its scratch folder) into an entry being written
  as a hard link, else as a copy made by the system (never read into this process).
- A hidden file a killed writer left is removed by the next write of that name once ``LEFTOVER_AGE`` old
  (a live writer's is younger). The index store applies the same age to the folders it writes.

Example:
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.json"
    >>> write_then_rename(target, lambda tmp: tmp.write_text("{}")); target.read_text()
    '{}'
"""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import Callable

__all__ = ["write_then_rename", "link_or_copy", "LEFTOVER_AGE"]

#: seconds after which a hidden file or folder of a writer is taken for a leftover of a killed process
LEFTOVER_AGE = 3600


def write_then_rename(path: Path, write: Callable[[Path], object]) -> None:
    """``write(tmp)`` to a hidden name beside ``path``, then rename it to ``path`` (see the module rules)."""
    for left in path.parent.glob(f".{path.name}.*-*"):
        with contextlib.suppress(OSError):
            if time.time() - left.lstat().st_mtime > LEFTOVER_AGE:
                left.unlink()
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def link_or_copy(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (same file system), else a copy of it.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "a").write_text("x")
    >>> link_or_copy(folder / "a", folder / "b"); (folder / "b").read_text()
    'x'
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
