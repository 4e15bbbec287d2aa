"""How many workers, and how to run on them: the one worker policy and fork/thread helpers of the toolkit.

- :func:`resolve_jobs` turns a user's ``n_jobs`` into a worker count (``None``: every usable core, up to
  8, for work big enough to be worth it, and never from inside a worker or a non-main thread).
- :func:`fork_map` runs a function over tasks in forked worker processes, results in task order. The
  big read-only input (``shared``) reaches the workers by ``fork``, not by pickling: a worker reads it
  with :func:`shared`, and the garbage collector is frozen before forking so its pages stay shared.
- :func:`thread_map` runs a function over tasks on the toolkit's one thread pool (for code that
  releases the GIL, such as pyarrow kernels); a forked worker makes a pool of its own (the parent's
  threads do not exist there).

Example:
    >>> resolve_jobs(1, work=10**9, min_work=1)
    1
    >>> list(fork_map(len, ["ab", "c"], jobs=1))
    [2, 1]
    >>> list(thread_map(abs, [-1, -2, 3]))
    [1, 2, 3]
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterator, Sequence, TypeVar

__all__ = ["resolve_jobs", "fork_map", "shared", "thread_map", "usable_cores", "MAX_WORKERS"]

T = TypeVar("T")
R = TypeVar("R")

#: the most workers (processes or threads) the toolkit starts on its own
MAX_WORKERS = 8


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it).

    >>> usable_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    """False without the fork start method, or in a daemon worker (which may not start processes)."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon)


def resolve_jobs(n_jobs: int | None, *, work: int, min_work: int, max_tasks: int | None = None) -> int:
    """The number of worker processes to use for ``work`` units (e.g. characters of text).

    ``n_jobs`` below 1 is an error; a given ``n_jobs`` is used as is (at most ``max_tasks``); ``None``
    means every usable core, at most :data:`MAX_WORKERS` and ``max_tasks``, but 1 (stay in this
    process) when ``work < min_work``, with fewer than 2 cores, or off the main thread (no pools nested
    inside dask or thread-pool workers). Always 1 where fork is unavailable or in a daemon worker.

    >>> resolve_jobs(4, work=0, min_work=100, max_tasks=3) in (1, 3)  # 1 where fork is unavailable
    True
    >>> resolve_jobs(None, work=10, min_work=100)
    1
    """
    if n_jobs is not None and n_jobs < 1:
        raise ValueError(f"n_jobs must be None or >= 1, got {n_jobs}")
    if n_jobs == 1 or not _can_fork():
        return 1
    if n_jobs is not None:
        return max(1, min(n_jobs, max_tasks)) if max_tasks is not None else n_jobs
    cores = usable_cores()
    if work < min_work or cores < 2 or threading.current_thread() is not threading.main_thread():
        return 1
    jobs = min(cores, MAX_WORKERS)
    return max(1, min(jobs, max_tasks)) if max_tasks is not None else jobs


# the object a running fork_map publishes, per thread (a forked worker keeps its forking thread's)
_published = threading.local()


def shared() -> Any:
    """The ``shared`` object of the :func:`fork_map` running now (in a worker, or in this process).

    >>> shared()
    Traceback (most recent call last):
    RuntimeError: shared() is only available inside a fork_map() task
    """
    stack = getattr(_published, "stack", None)
    if not stack:
        raise RuntimeError("shared() is only available inside a fork_map() task")
    return stack[-1]


def fork_map(func: Callable[[T], R], tasks: Sequence[T], jobs: int, shared: Any = None) -> Iterator[R]:
    """``func`` over ``tasks`` on ``jobs`` forked worker processes, results in task order, one by one.

    ``jobs <= 1`` runs the tasks in this process. ``shared`` is published for the whole run (in the
    workers and in this process, read with :func:`shared`) and unpublished afterwards, also on error;
    ``func`` must be a module-level function (it is sent to the workers by name). The results come as
    they are ready, so a caller may update a progress bar per result.

    >>> def first(task):
    ...     return task
    >>> list(fork_map(first, [3, 1, 2], jobs=1, shared="corpus"))
    [3, 1, 2]
    """
    stack = _published.__dict__.setdefault("stack", [])
    stack.append(shared)
    frozen = False
    try:
        if jobs <= 1:
            for task in tasks:
                yield func(task)
            return
        # frozen objects are never visited by the workers' garbage collector, so their memory pages stay
        # shared with this process instead of being copied into every worker
        gc.collect()
        gc.freeze()
        frozen = True
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(func, tasks, chunksize=1)
    finally:
        if frozen:
            gc.unfreeze()
        stack.pop()


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_in_pool = threading.local()


def _forget_pool() -> None:
    """In a forked child: the parent's pool threads do not exist here, so a new pool is made on first use."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _mark_pool_thread() -> None:
    _in_pool.yes = True


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=min(usable_cores(), MAX_WORKERS), thread_name_prefix="toolkit",
                                       initializer=_mark_pool_thread)
        return _pool


def thread_map(func: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
    """``func`` over ``tasks`` on the toolkit's thread pool (created on first use), results in task order.

    A single task, or a call from one of the pool's own threads (no deadlock on a full pool), runs
    inline in this thread.

    >>> list(thread_map(str.upper, ["a", "b"]))
    ['A', 'B']
    """
    if len(tasks) <= 1 or getattr(_in_pool, "yes", False):
        return map(func, tasks)
    return _thread_pool().map(func, tasks)
