"""Giving freed memory back to the system between the phases of a big job.

Rules:
- A long build frees big transient buffers (a partition's frame, a matrix's pieces); the C allocator keeps
  much of it (glibc: ~450 MB of 1.1 GB after indexing 143k articles) and the process' resident memory then
  stays at its high-water mark, so the next phase starts from there. :func:`give_back_memory` collects
  garbage, has Arrow's pool release what it caches and, with glibc, trims the heap (``malloc_trim``).
- Called only between phases (it costs tens of milliseconds); never fatal; a no-op where the calls do not
  exist.

Example:
    >>> give_back_memory()
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc

import pyarrow as pa

__all__ = ["give_back_memory"]


@functools.lru_cache(maxsize=1)
def _trim():
    """glibc's ``malloc_trim``, or None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def give_back_memory(collect: bool = True) -> None:
    """Return freed memory to the system (see the module rules); ``collect=False`` skips the garbage collection
    (for a loop that frees its own buffers)."""
    if collect:
        gc.collect()
    try:
        pa.default_memory_pool().release_unused()
    except Exception:        # never fatal (an old pyarrow, another pool)
        pass
    trim = _trim()
    if trim is not None:
        trim(0)
