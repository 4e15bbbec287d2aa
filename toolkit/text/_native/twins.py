"""The twin table: every function the toolkit takes from the compiled scanner, with its reference.

``TWINS[name] == (compiled function or None, pure-Python reference)``; the compiled one is ``None`` when
the scanner is not in use (see :data:`toolkit.text._native.NATIVE`). ``tests/text/test_native_twins.py``
iterates it, so a function added to ``_scan.c`` and to this table is checked against its reference.

Example:
    >>> fast, reference = TWINS["token_stats"]
    >>> reference("a A b"), (fast or reference)("a A b")
    ((3, 2), (3, 2))
"""
from __future__ import annotations

from typing import Callable

from toolkit.text._native import compiled
from toolkit.text._native.reference import (py_ptb_join, py_scan_tokens, py_spaced_url_windows,
                                            py_straighten, py_style_counts, py_term_counts, py_token_stats,
                                            py_url_chunks)
from toolkit.text.entities import py_social_spans
from toolkit.text.quotations import py_counts, py_pairs
from toolkit.text.segments import py_segment_keys
from toolkit.text.word_pairs import py_pair_signatures

__all__ = ["TWINS"]

#: compiled name -> (compiled function or None, pure-Python reference)
TWINS: dict[str, tuple[Callable | None, Callable]] = {
    name: (compiled(name), reference) for name, reference in {
        "tokens": py_scan_tokens,
        "token_stats": py_token_stats,
        "term_counts": py_term_counts,
        "ptb_join": py_ptb_join,
        "straighten": py_straighten,
        "style_counts": py_style_counts,
        "url_chunks": py_url_chunks,
        "spaced_url_windows": py_spaced_url_windows,
        "quote_pairs": py_pairs,
        "quote_counts": py_counts,
        "segment_keys": py_segment_keys,
        "pair_signatures": py_pair_signatures,
        "social_spans": py_social_spans,
    }.items()
}
