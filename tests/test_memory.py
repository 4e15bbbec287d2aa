"""``toolkit._memory.give_back_memory``: memory freed inside the C heap goes back to the system."""
from __future__ import annotations

import sys

import pytest

from toolkit._memory import _trim, give_back_memory


def _resident() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096


@pytest.mark.skipif(not sys.platform.startswith("linux") or _trim() is None, reason="glibc's malloc_trim only")
def test_freed_heap_memory_is_given_back():
    blocks = [bytes(4000) + bytes([i % 256]) for i in range(60_000)]     # ~240 MB in the C heap
    kept = blocks[::50]                        # a block kept every 200 KB: the heap's top cannot shrink
    del blocks
    before = _resident()
    give_back_memory()
    after = _resident()
    assert before - after > 150e6, (before, after)
    assert len(kept) == 1200


def test_a_small_phase_gives_nothing_back_and_a_big_one_collects(monkeypatch):
    """The full garbage collection visits every live object (seconds in a process holding many frames):
    only a phase that handled at least SMALL_WORK_BYTES pays for it."""
    import gc

    import toolkit._memory as memory
    calls = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(memory, "_trim", lambda: lambda pad: calls.append("trim") or 1)
    give_back_memory(work_bytes=memory.SMALL_WORK_BYTES - 1)
    assert calls == []
    give_back_memory(work_bytes=memory.SMALL_WORK_BYTES)
    assert calls == ["collect", "trim"]
    give_back_memory(collect=False)
    assert calls == ["collect", "trim", "trim"]
