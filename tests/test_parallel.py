"""toolkit._parallel: the worker policy, fork_map (order, the shared object, errors) and thread_map."""
from __future__ import annotations

import gc
import os
import threading

import pytest

from toolkit import _parallel
from toolkit._parallel import MAX_WORKERS, fork_map, resolve_jobs, shared, thread_map

needs_fork = pytest.mark.skipif(not _parallel._can_fork(), reason="no fork start method here")


# ----------------------------------------------------------------------------------------- resolve_jobs

@pytest.fixture
def cores(monkeypatch):
    """Pretend to have ``cores`` usable cores and fork available."""
    def pretend(n: int) -> None:
        monkeypatch.setattr(_parallel, "usable_cores", lambda: n)
        monkeypatch.setattr(_parallel, "_can_fork", lambda: True)
    return pretend


def test_n_jobs_below_one_is_an_error():
    for bad in (0, -1):
        with pytest.raises(ValueError, match="n_jobs must be None or >= 1"):
            resolve_jobs(bad, work=10**9, min_work=1)


def test_given_n_jobs_is_used_up_to_the_number_of_tasks(cores):
    cores(2)
    assert resolve_jobs(1, work=10**9, min_work=1) == 1
    assert resolve_jobs(4, work=0, min_work=100) == 4            # given: no minimum of work, no core limit
    assert resolve_jobs(16, work=0, min_work=100) == 16
    assert resolve_jobs(4, work=0, min_work=100, max_tasks=3) == 3
    assert resolve_jobs(4, work=0, min_work=100, max_tasks=1) == 1
    assert resolve_jobs(4, work=0, min_work=100, max_tasks=0) == 1


def test_none_uses_every_core_up_to_the_cap_for_enough_work(cores):
    cores(4)
    assert resolve_jobs(None, work=100, min_work=100) == 4
    assert resolve_jobs(None, work=100, min_work=100, max_tasks=3) == 3
    assert resolve_jobs(None, work=99, min_work=100) == 1        # too little work to be worth a fork
    cores(64)
    assert resolve_jobs(None, work=100, min_work=100) == MAX_WORKERS == 8
    cores(1)
    assert resolve_jobs(None, work=100, min_work=100) == 1


def test_none_stays_in_process_off_the_main_thread(cores):
    cores(4)
    got = []
    thread = threading.Thread(target=lambda: got.append(resolve_jobs(None, work=100, min_work=1)))
    thread.start()
    thread.join()
    assert got == [1]


def test_one_job_where_fork_is_unavailable_or_in_a_daemon_worker(monkeypatch):
    monkeypatch.setattr(_parallel, "usable_cores", lambda: 4)
    monkeypatch.setattr(_parallel.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert resolve_jobs(None, work=100, min_work=1) == 1
    assert resolve_jobs(3, work=100, min_work=1) == 1


@needs_fork
def test_one_job_inside_a_fork_map_worker():
    assert set(fork_map(_jobs_in_worker, [4, None], jobs=2)) == {1}


def _jobs_in_worker(n_jobs):
    return resolve_jobs(n_jobs, work=10**9, min_work=1)


def test_the_usable_cores_are_those_of_the_affinity():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert _parallel.usable_cores() == expected


# ----------------------------------------------------------------------------------------------- fork_map

def _square(x: int) -> int:
    return x * x


def _with_shared(x: int) -> tuple[int, object, int]:
    return x, shared(), os.getpid()


def _fail_on_three(x: int) -> int:
    if x == 3:
        raise KeyError(f"task {x}")
    return x


def _assert_nothing_published() -> None:
    with pytest.raises(RuntimeError, match="fork_map"):
        shared()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=needs_fork), pytest.param(3, marks=needs_fork)])
def test_results_come_in_task_order(jobs):
    tasks = list(range(40))
    assert list(fork_map(_square, tasks, jobs)) == [x * x for x in tasks]
    assert list(fork_map(_square, [], jobs)) == []
    _assert_nothing_published()


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=needs_fork)])
def test_shared_is_visible_to_every_task_and_cleared_after(jobs):
    corpus = {"texts": ["a", "b"]}
    results = list(fork_map(_with_shared, range(6), jobs, shared=corpus))
    assert [r[0] for r in results] == list(range(6))
    assert all(r[1] == corpus for r in results)
    pids = {r[2] for r in results}
    assert (pids == {os.getpid()}) if jobs == 1 else (os.getpid() not in pids)
    _assert_nothing_published()


def test_shared_is_published_while_the_results_stream_in_this_process():
    seen = [shared() for _ in fork_map(_square, [1, 2], jobs=1, shared="corpus")]
    assert seen == ["corpus", "corpus"]
    _assert_nothing_published()


def test_nested_runs_in_process_restore_the_outer_shared():
    def inner(x):
        return [list(fork_map(_with_shared, [x], 1, shared="inner"))[0][1], shared()]

    assert list(fork_map(inner, [1], 1, shared="outer")) == [["inner", "outer"]]
    _assert_nothing_published()


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=needs_fork)])
def test_an_exception_in_a_task_propagates_and_leaves_nothing_published(jobs):
    with pytest.raises(KeyError, match="task 3"):
        list(fork_map(_fail_on_three, range(8), jobs, shared="corpus"))
    _assert_nothing_published()


@needs_fork
def test_a_consumer_that_stops_early_leaves_nothing_published():
    results = fork_map(_square, range(20), 2, shared="corpus")
    assert next(results) == 0
    results.close()
    _assert_nothing_published()


@needs_fork
def test_shared_objects_are_not_pickled_to_reach_the_workers():
    class Unpicklable:
        def __reduce__(self):
            raise TypeError("not picklable")

    assert list(fork_map(_shared_type, [0, 1], 2, shared=Unpicklable())) == ["Unpicklable"] * 2


def _shared_type(_: int) -> str:
    return type(shared()).__name__


# --------------------------------------------------------------------------------------------- thread_map

def test_thread_map_keeps_the_order_and_runs_on_the_toolkit_threads():
    names = list(thread_map(lambda _: threading.current_thread().name, range(16)))
    assert all(name.startswith("toolkit") for name in names)
    assert list(thread_map(_square, range(50))) == [x * x for x in range(50)]
    assert list(thread_map(_square, [])) == []


def test_thread_map_runs_a_single_task_inline():
    assert list(thread_map(lambda _: threading.current_thread(), [0])) == [threading.current_thread()]


def test_thread_map_inside_a_pool_thread_runs_inline_instead_of_waiting_for_a_free_thread():
    def outer(x):
        return sum(thread_map(_square, range(x)))

    tasks = list(range(4 * MAX_WORKERS))
    assert list(thread_map(outer, tasks)) == [sum(i * i for i in range(x)) for x in tasks]


def test_thread_map_propagates_exceptions():
    with pytest.raises(KeyError, match="task 3"):
        list(thread_map(_fail_on_three, range(8)))


def _upper_on_threads(word: str) -> list[str]:
    return list(thread_map(str.upper, [word, word + "y"]))


def test_a_forked_worker_gets_a_thread_pool_of_its_own():
    """The parent's pool threads do not exist in a forked worker: one that called thread_map after the
    parent made its pool waited forever (a cache entry read in a worker verifies its files on threads)."""
    assert list(thread_map(str.upper, ["a", "b", "c"])) == ["A", "B", "C"]      # the parent's pool exists
    assert list(fork_map(_upper_on_threads, ["p", "q"], jobs=2)) == [["P", "PY"], ["Q", "QY"]]
