"""Giving freed memory back to the system between the phases of a big job.

Rules:
- A long build frees big transient buffers (a partition's frame, a matrix's pieces); the C allocator keeps
  much of it (glibc: ~450 MB of 1.1 GB after indexing 143k articles) and the process' resident memory then
  stays at its high-water mark, so the next phase starts from there. :func:`give_back_memory` collects
  garbage, has Arrow's pool release what it caches and, with glibc, trims the heap (``malloc_trim``).
- Called only between phases of a big job; never fatal; a no-op where the calls do not exist. Its full
  garbage collection visits every live object (~40 ms in a fresh process, more in one holding many, such as
  a test worker or a long notebook): a caller says how much the phase handled (``work_bytes``), and below
  ``SMALL_WORK_BYTES`` nothing is done, since a small phase leaves little to give back (the suite's
  cache-damage tests, ~175 small builds, took 66 s with it and 35 s without).
- A pass over a memory-mapped file (an index's matrices) keeps every page it read resident, counted in the
  process' memory until the system needs it: :func:`release_pages` hands a read-only view's pages back
  (``madvise(MADV_DONTNEED)``; the file is read again if they are needed). Only for arrays of a file mapped
  read-only or copy-on-write and never written: a page written in a copy-on-write mapping would be lost.
  :func:`release_mapping` does the same for a whole read-only ``mmap``.

Example:
    >>> give_back_memory()
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import mmap
import sys

import numpy as np
import pyarrow as pa

__all__ = ["SMALL_WORK_BYTES", "give_back_memory", "release_pages", "release_mapping"]

#: a phase that handled less than this gives nothing back (see the module rules)
SMALL_WORK_BYTES = 32 << 20


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


def give_back_memory(collect: bool = True, *, work_bytes: int | None = None) -> None:
    """Return freed memory to the system (see the module rules); ``collect=False`` skips the garbage collection
    (for a loop that frees its own buffers); ``work_bytes``: the size of what the phase handled (nothing is
    done below ``SMALL_WORK_BYTES``; None: always)."""
    if work_bytes is not None and work_bytes < SMALL_WORK_BYTES:
        return
    if collect:
        gc.collect()
    try:
        pa.default_memory_pool().release_unused()
    except Exception:        # never fatal (an old pyarrow, another pool)
        pass
    trim = _trim()
    if trim is not None:
        trim(0)


def release_pages(view: np.ndarray) -> None:
    """Let the system drop the resident pages wholly inside ``view``, a slice of a memory-mapped file (see the
    module rules); anything else (an array in RAM, a copy) is left alone. Never fatal.

    >>> release_pages(np.arange(3))     # not mapped: nothing done
    """
    base = view
    while base is not None and not isinstance(base, (np.memmap, mmap.mmap)):
        base = getattr(base, "base", None)
    madvise = _madvise()
    if base is None or madvise is None or not view.flags.c_contiguous or view.nbytes < mmap.PAGESIZE:
        return
    start = view.ctypes.data
    first = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE
    last = (start + view.nbytes) // mmap.PAGESIZE * mmap.PAGESIZE
    if last > first:
        madvise(ctypes.c_void_p(first), ctypes.c_size_t(last - first), 4)      # MADV_DONTNEED


def release_mapping(pages: object) -> None:
    """Let the system drop the resident pages of ``pages``, a read-only ``mmap`` whose contents were copied out
    (an Arrow file converted to pandas: its strings are read again on use); anything else is left alone.

    >>> release_mapping(b"not mapped")
    """
    if isinstance(pages, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        pages.madvise(mmap.MADV_DONTNEED)


@functools.lru_cache(maxsize=1)
def _madvise():
    """libc's ``madvise`` (Linux), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        call = libc.madvise
    except (OSError, AttributeError):
        return None
    call.argtypes, call.restype = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int], ctypes.c_int
    return call
