"""The compiled scanner keeps no state between calls: a call re-entered from inside another is safe.

Python code can run in the middle of a scanner call: the garbage collector runs finalisers while the
result list of ``quote_pairs`` or ``tokens`` grows, and ``tokens`` calls the delegate regex for URLs.
Here every such moment runs the scanner again on other texts (a ``__del__`` in a reference cycle, with
the collector made to run at nearly every allocation), and every result must equal the one computed
alone. It runs in a subprocess: the fault this guards against (one buffer shared by all calls) aborted
the process with a double free instead of failing an assertion.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from toolkit.text import _native as native

pytestmark = pytest.mark.skipif(not native.NATIVE, reason="the compiled scanner is not in use")

SCRIPT = textwrap.dedent('''
    import gc, sys
    from toolkit.text import _native as native
    from toolkit.text._native import _scan as scan
    assert native.NATIVE
    FUNCS = ["tokens", "token_stats", "ptb_join", "straighten", "style_counts", "url_chunks",
             "spaced_url_windows", "quote_pairs", "quote_counts"]

    def article(k):
        body = (f"“We won {k},” said Mr. Smith. He do n’t see http://x{k}.com/a , “really” ‘no’ "
                f"# Tag{k} @ user{k} $ TWTR pic . twitter . com/ab{k} don't ")
        return body * (40 + 7 * (k % 5))

    TEXTS = [article(k) for k in range(12)] + ["x" * 40000 + " “big” " * 3000]
    EXPECTED = {(f, i): getattr(scan, f)(t) for f in FUNCS for i, t in enumerate(TEXTS)}
    # growing texts, so that a buffer shared between calls would have to grow inside the outer call
    OTHERS = [(" “x” " + "y" * (1000 << j) + " said Mr. Smith ,") for j in range(13)]
    calls = [0]

    class Reenter:
        def __init__(self, k):
            self.me = self  # a cycle: only the collector frees it, at an allocation inside a scanner call
            self.k = k
        def __del__(self):
            calls[0] += 1
            text = OTHERS[calls[0] % len(OTHERS)]
            for f in FUNCS:
                getattr(scan, f)(text if len(text) < 100_000 or f == "style_counts" else text[:5000])

    gc.set_threshold(1, 1, 1)
    for rnd in range(3):
        for f in FUNCS:
            for i, t in enumerate(TEXTS):
                for k in range(4):
                    Reenter(k + rnd)
                assert getattr(scan, f)(t) == EXPECTED[(f, i)], (f, i)
    gc.set_threshold(700, 10, 10)
    assert calls[0] > 100, calls[0]
    print("ok", calls[0])
''')


def test_scanner_calls_reentered_from_finalisers_give_their_own_results():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    assert done.stdout.startswith("ok")
