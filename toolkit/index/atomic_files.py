"""Files of a cache entry written whole or not at all: under a hidden name, then renamed into place.

Rules:
- :func:`write_then_rename` writes to ``.<name>.<pid>-<random>`` beside the target and renames it over
  the target, so a reader sees the old file or the new one, never a part; the hidden file is removed
  if writing fails.
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
import time
from pathlib import Path
from typing import Callable

__all__ = ["write_then_rename", "LEFTOVER_AGE"]

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
