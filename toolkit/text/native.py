"""The compiled scanner ``toolkit.text._scan`` when it is built, with its pure-Python twins.

``_scan`` (``toolkit/text/_scan.c``, compiled by ``pip install``) does the per-character work of
tokenization, PTB re-joining, style detection, URL chunking and quotation pairing many times faster
than the regular expressions and loops of :mod:`toolkit.text`, with exactly their results
(``tests/test_native_scan.py`` compares each pair on the real corpora, the bundled sample and random
Unicode). When it is missing (no C compiler at install time) or ``TOOLKIT_PURE_PYTHON=1`` is set, the
``py_*`` functions below are used instead; :data:`NATIVE` tells which.

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

from toolkit.text.patterns import (PTB_SPACE_JOIN_RE, PTB_SPACED_ENTITY_CLUE_RE, PTB_SPACED_URL_HINTS,
                                   TOKEN_SCAN_RE, URL_CHUNK_RE, WORD_SCAN_RE)

__all__ = ["NATIVE", "compiled", "scan_tokens", "token_stats", "ptb_join", "straighten",
           "style_counts", "url_chunks", "spaced_url_windows", "py_scan_tokens", "py_token_stats",
           "py_ptb_join", "py_straighten", "py_style_counts", "py_url_chunks",
           "py_spaced_url_windows"]


def _load() -> ModuleType | None:
    if os.environ.get("TOOLKIT_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from toolkit.text import _scan
    except ImportError:
        return None
    _scan.set_delegate(WORD_SCAN_RE)  # the regex that decides the rare hard tokens (URLs, e-mails, emoji)
    return _scan


_scan = _load()
#: True when the compiled scanner is in use
NATIVE: bool = _scan is not None


def compiled(name: str) -> Callable | None:
    """The compiled function ``name`` of ``toolkit.text._scan``, or None when the scanner is not in use.

    Modules pick their implementation with it: ``_counts = compiled("quote_counts") or py_counts``.

    >>> compiled("no_such_function") is None
    True
    """
    return getattr(_scan, name, None)


# ------------------------------------------------------------------------ the pure-Python references

_SPACED = (" , ", " . ", " .\n", " ; ", " ? ")
_GLUED = (", ", ". ", ".\n", "; ", "? ")
_PTB_SUBSTRINGS = (" n't", " n’t", " 's ", " ’s ", "``", " '' ")
_SPACED_ENTITY_HINTS = ("# ", "＃ ", "$ ", "( @ ")


def py_scan_tokens(text: str, words_only: bool = False) -> list[str]:
    """Tokens of a normalised text by the regular expression ``TOKEN_SCAN_RE`` (``WORD_SCAN_RE``).

    >>> py_scan_tokens("a, b"), py_scan_tokens("a, b", True)
    (['a', ',', 'b'], ['a', 'b'])
    """
    if words_only:
        return list(filter(None, WORD_SCAN_RE.findall(text.rstrip())))
    return TOKEN_SCAN_RE.findall(text.rstrip())


def py_token_stats(text: str) -> tuple[int, int]:
    """``(tokens, distinct lower-cased tokens)`` of a normalised text, by the regular expression.

    >>> py_token_stats("The the cat")
    (3, 2)
    """
    tokens = py_scan_tokens(text)
    return len(tokens), len(set(map(str.lower, tokens)))


def py_ptb_join(text: str) -> str:
    """PTB quote marks ``\\`\\``` and ``''`` made ``"``, then the spaces PTB tokenization inserted inside
    a raw token removed (``PTB_SPACE_JOIN_RE``: ``do n't``, ``Sunday 's``, ``# Tag``, ``$ TWTR`` ...).

    >>> py_ptb_join("`` We do n't '' .")
    '" We don\\'t " .'
    """
    if "`" in text or "''" in text:
        text = text.replace("``", '"').replace("''", '"')
    return PTB_SPACE_JOIN_RE.sub("", text)


def py_straighten(text: str) -> str:
    """Curly apostrophes ``’ ‘`` made ``'`` and curly quotes ``“ ”`` made ``"``.

    >>> py_straighten("“It’s”")
    '"It\\'s"'
    """
    if text.isascii():
        return text
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def py_style_counts(text: str) -> tuple[int, int, int]:
    """``(PTB clues, raw clues, spaced-entity clues)`` of a text, as ``toolkit.text.style`` weighs them.

    The spaced-entity clues (``# Word``, ``$ TWTR``, ``( @ name``) count only when the text has one of
    ``"# "``, ``"＃ "``, ``"$ "``, ``"( @ "``.

    >>> py_style_counts("It 's here . # Tag")
    (2, 0, 1)
    """
    count = text.count
    spaced = sum(map(count, _SPACED))
    glued = sum(map(count, _GLUED)) - spaced
    if text.endswith(" ."):
        spaced += 1
    elif text.endswith("."):
        glued += 1
    entities = 0
    if any(hint in text for hint in _SPACED_ENTITY_HINTS):
        entities = len(PTB_SPACED_ENTITY_CLUE_RE.findall(text))
    return spaced + sum(map(count, _PTB_SUBSTRINGS)), glued, entities


def py_url_chunks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the whitespace-delimited chunks that may hold a URL (``URL_CHUNK_RE``).

    >>> py_url_chunks("see t.co/x now")
    [(4, 10)]
    """
    return [m.span() for m in URL_CHUNK_RE.finditer(text)]


def py_spaced_url_windows(text: str) -> list[tuple[int, int]]:
    """Regions of the text holding every ``PTB_SPACED_URL_RE`` match (here the whole text), or none when
    the text has none of ``PTB_SPACED_URL_HINTS`` (PTB URLs are re-glued only then).

    >>> py_spaced_url_windows("see x . com"), py_spaced_url_windows("see x.com")
    ([(0, 11)], [])
    """
    return [(0, len(text))] if any(hint in text for hint in PTB_SPACED_URL_HINTS) else []


# ------------------------------------------------------------------------ what the toolkit calls

scan_tokens: Callable[..., list[str]] = compiled("tokens") or py_scan_tokens
token_stats: Callable[[str], tuple[int, int]] = compiled("token_stats") or py_token_stats
ptb_join: Callable[[str], str] = compiled("ptb_join") or py_ptb_join
straighten: Callable[[str], str] = compiled("straighten") or py_straighten
style_counts: Callable[[str], tuple[int, int, int]] = compiled("style_counts") or py_style_counts
url_chunks: Callable[[str], list[tuple[int, int]]] = compiled("url_chunks") or py_url_chunks
spaced_url_windows: Callable[[str], list[tuple[int, int]]] = compiled("spaced_url_windows") or py_spaced_url_windows
