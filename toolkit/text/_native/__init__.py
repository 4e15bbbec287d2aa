"""The compiled scanner ``toolkit.text._native._scan`` when it is built, else its pure-Python twins.

``_scan`` (``_scan.c`` here, compiled by ``pip install``) does the per-character work of tokenization,
PTB re-joining, style detection, URL chunking and quotation pairing many times faster than the regular
expressions and loops of :mod:`toolkit.text`, with exactly their results. The references are the
``py_*`` functions of :mod:`toolkit.text._native.reference` (and ``py_pairs``/``py_counts`` of
:mod:`toolkit.text.quotations`); :data:`toolkit.text._native.twins.TWINS` pairs every compiled function
with its reference, and ``tests/text/test_native_twins.py`` compares each pair on the real corpora, the bundled
sample and random Unicode. When the scanner is missing (no C compiler at install time) or
``TOOLKIT_PURE_PYTHON=1`` is set, the references are used instead; :data:`NATIVE` tells which.

Example:
    >>> scan_tokens("Don't miss #FreeMilo !  ")
    ["Don't", 'miss', '#FreeMilo', '!']
    >>> scan_tokens("Don't miss #FreeMilo !", True), token_stats("a A b")
    (["Don't", 'miss', '#FreeMilo'], (3, 2))
"""
from __future__ import annotations

import os
from types import ModuleType
from typing import Callable

from toolkit.text._native.reference import (py_ptb_join, py_scan_tokens, py_spaced_url_windows,
                                            py_straighten, py_style_counts, py_term_counts, py_token_stats,
                                            py_url_chunks)
from toolkit.text.patterns import TOKEN_KIND_SCAN_RE

try:
    from toolkit.text._native import _scan
except ImportError:  # not built (no C compiler at install time): the references are used
    _scan = None

__all__ = ["NATIVE", "compiled", "scan_tokens", "token_stats", "term_counts", "ptb_join", "straighten",
           "style_counts",
           "url_chunks", "spaced_url_windows"]


def _load() -> ModuleType | None:
    if _scan is None or os.environ.get("TOOLKIT_PURE_PYTHON", "") not in ("", "0"):
        return None
    _scan.set_delegate(TOKEN_KIND_SCAN_RE)  # the regex that decides the rare hard tokens (URLs, e-mails, emoji)
    return _scan


_in_use = _load()
#: True when the compiled scanner is in use
NATIVE: bool = _in_use is not None


def compiled(name: str) -> Callable | None:
    """The compiled function ``name`` of ``toolkit.text._native._scan``, or None when the scanner is not in use.

    Modules pick their implementation with it: ``_counts = compiled("quote_counts") or py_counts``.

    >>> compiled("no_such_function") is None
    True
    """
    return getattr(_in_use, name, None)


scan_tokens: Callable[..., list[str]] = compiled("tokens") or py_scan_tokens
token_stats: Callable[[str], tuple[int, int]] = compiled("token_stats") or py_token_stats
term_counts: Callable[..., tuple] = compiled("term_counts") or py_term_counts
ptb_join: Callable[[str], str] = compiled("ptb_join") or py_ptb_join
straighten: Callable[[str], str] = compiled("straighten") or py_straighten
style_counts: Callable[[str], tuple[int, int, int]] = compiled("style_counts") or py_style_counts
url_chunks: Callable[[str], list[tuple[int, int]]] = compiled("url_chunks") or py_url_chunks
spaced_url_windows: Callable[[str], list[tuple[int, int]]] = compiled("spaced_url_windows") or py_spaced_url_windows
