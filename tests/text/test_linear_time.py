"""Every public text function takes near-linear time, even on pathological text.

A regular expression or a scanning loop that retries the same run of characters from every position in
it costs quadratic time: ``tokenize("#" * 1_000_000)`` took minutes, ``urls("www." * 250_000)`` longer.
Each function here gets 50 KB and 500 KB of one repeated unit (every special character, URL-like and
quotation-like repeats, and seeded random mixtures of them) and the 500 KB call may take at most
``MAX_RATIO`` times the 50 KB one (10x is linear, 100x quadratic); a pair past it is measured again, and
blamed only if 1 MB also takes over ``MAX_DOUBLING_RATIO`` times 500 KB (2x linear, 4x quadratic: a stall of
the machine rarely repeats three times). The test compares runs in one
process: it sets no absolute time limit. It runs with the compiled scanner and, in a subprocess, with the
pure-Python twins (``TOOLKIT_PURE_PYTHON=1``: the functions whose code differs between the modes), at
half the sizes (25 KB and 250 KB, still 10x apart), so that both halves take about as long.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from toolkit.text import _native as native

REPO = Path(__file__).resolve().parents[2]
SMALL, BIG = 50_000, 500_000
#: linear growth gives 10 and quadratic 100; a fast linear function reaches ~35, because the small text fits in
#: the processor's cache and the big one (2 MB as UCS-4) may not
MAX_RATIO = 45.0
#: the small call is repeated until this much time has passed, so that its per-call time is not noise
MIN_SAMPLE_SECONDS = 0.01
#: a big call faster than this is linear by any measure
FAST_ENOUGH_SECONDS = 0.005
#: a pair over MAX_RATIO is measured again at ``big`` and ``2 * big``, where both texts are past the processor's
#: caches: linear growth gives 2 and quadratic 4, so a pair is blamed only past this second ratio as well
MAX_DOUBLING_RATIO = 3.0

SPECIALS = list("#@$\"“”'’.:/-_")
REPEATS = ["www.", "a.", "http://a.", "a.b/", "pic . twitter . com/", "@a ", "# a ", "“a, ” said ",
           "— Katie ( @k ) July 20 , 2016 "]


def _mixtures(count: int = 2, seed: int = 7) -> list[str]:
    """Seeded random units of 2-5 characters drawn from the special characters, letters and spaces."""
    rng = random.Random(seed)
    alphabet = SPECIALS + ["a", "A", "1", " ", "\u200d"]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(2, 5))) for _ in range(count)]


UNITS = SPECIALS + REPEATS + _mixtures()


#: the functions whose pure-Python mode runs code of its own (the twins of the compiled scanner); the others
#: run the same Python in both modes and are timed once, with the scanner
TWIN_BACKED = ("tokenize(style='ptb')", "urls", "urls(style='ptb')", "find_quotes", "quote_counts", "detect_style")


def _functions() -> dict[str, Callable[[str], object]]:
    from toolkit import text as T
    from toolkit.text import _native
    functions = {
        # the PTB path runs all of tokenize's steps: straightening, re-gluing and the token scanner
        "tokenize(style='ptb')": lambda s: T.tokenize(s, style="ptb"),
        "hashtags": T.hashtags,
        "hashtags(style='ptb')": lambda s: T.hashtags(s, style="ptb"),
        "handles": T.handles,
        "handles(style='ptb')": lambda s: T.handles(s, style="ptb"),
        "cashtags": T.cashtags,
        "cashtags(style='ptb')": lambda s: T.cashtags(s, style="ptb"),
        "urls": T.urls,
        "urls(style='ptb')": lambda s: T.urls(s, style="ptb"),
        "find_quotes": T.find_quotes,
        "quote_counts": T.quote_counts,
        "embedded_tweets": T.embedded_tweets,
        "detect_style": T.detect_style,
    }
    if not _native.NATIVE:
        functions = {name: functions[name] for name in TWIN_BACKED}
    return functions


def _seconds(func: Callable[[str], object], unit: str, size: int, least: float = 0.0, calls: int = 1) -> float:
    """Time of one call on ``size`` characters of ``unit`` repeated: the fastest of at least ``calls`` calls,
    called until ``least`` seconds have passed (as ``timeit`` advises: a slower call measured the machine's
    other work, not the function). Each call gets a text of its own (a different last character), so that no
    cache of a previous result answers it."""
    run = (unit * (size // len(unit) + 1))[:size - 1]
    texts = [run + tail for tail in " \n\t.,;!?-~"]
    made, spent, fastest = 0, 0.0, float("inf")
    while spent < least or made < calls:
        text = texts[made % len(texts)]
        start = time.perf_counter()
        func(text)
        took = time.perf_counter() - start
        spent, fastest, made = spent + took, min(fastest, took), made + 1
    return fastest


def superlinear(units: list[str], small: int = SMALL, big: int = BIG) -> list[dict]:
    """The (function, unit) pairs whose ``big`` call took more than MAX_RATIO times the ``small`` call."""
    found = []
    for name, func in _functions().items():
        for unit in units:
            t_small = _seconds(func, unit, small, MIN_SAMPLE_SECONDS)
            t_big = _seconds(func, unit, big)
            if t_big <= MAX_RATIO * t_small or t_big <= FAST_ENOUGH_SECONDS:
                continue
            # measure again before blaming (the machine may have stalled), then at twice the big size
            t_small = min(t_small, _seconds(func, unit, small, MIN_SAMPLE_SECONDS, calls=3))
            t_big = min(t_big, _seconds(func, unit, big, calls=3))
            if t_big <= MAX_RATIO * t_small or t_big <= FAST_ENOUGH_SECONDS:
                continue
            t_double = _seconds(func, unit, 2 * big, calls=3)
            if t_double > MAX_DOUBLING_RATIO * t_big:
                found.append({"function": name, "unit": unit, "small_s": round(t_small, 4),
                              "big_s": round(t_big, 4), "ratio": round(t_big / t_small, 1),
                              "doubling_ratio": round(t_double / t_big, 2)})
    return found


@pytest.mark.slow
def test_text_functions_take_linear_time():
    """Both implementations at once (the pure-Python twins in a subprocess, on the other core)."""
    code = ("import json; from tests.text.test_linear_time import UNITS, SMALL, BIG, superlinear; "
            "print(json.dumps(superlinear(UNITS, SMALL // 2, BIG // 2)))")
    env = {**os.environ, "TOOLKIT_PURE_PYTHON": "1"}
    pure = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        compiled = superlinear(UNITS) if native.NATIVE else []
        out, err = pure.communicate(timeout=900)
    finally:
        pure.kill()
    assert pure.returncode == 0, err[-3000:]
    assert {"compiled": compiled, "pure Python": json.loads(out.strip().splitlines()[-1])} == \
        {"compiled": [], "pure Python": []}


def test_the_measure_blames_a_superlinear_loop_and_not_a_linear_one(monkeypatch):
    """The measure itself: a loop over every triple of 5,000-character blocks is blamed, ``str.split`` is not.

    The loop is cubic (8x per doubling) rather than quadratic (4x) so that its margin over
    MAX_DOUBLING_RATIO survives the other test worker sharing the two cores: a quadratic loop's 4x against
    3x failed whenever all four ~50 ms calls at the big size were slowed by a third."""
    def triples_of_blocks(text: str) -> int:
        blocks = len(text) // 5_000
        return sum(1 for _ in range(blocks) for _ in range(blocks) for _ in range(blocks))

    monkeypatch.setattr(sys.modules[__name__], "_functions",
                        lambda: {"triples of blocks": triples_of_blocks, "str.split": str.split})
    assert [found["function"] for found in superlinear(["ab"])] == ["triples of blocks"]
