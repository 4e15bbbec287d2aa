"""Segments of an article (its lines and sentences) and their keys: the units page furniture is made of.

Rules:
- A text is cut at ``SEGMENT_SPLIT_RE``: a run of spaces holding a line break, or sentence punctuation
  (``. ! ? …``, then closing quotes or brackets) followed by spaces. Spaces here are ``\\t \\n \\f \\r``
  and the space; the delimiters belong to no segment. The full stop of an abbreviation does not cut
  (:func:`after_abbreviation`: ``Mr. Trump’s advisers``, ``WASHINGTON (Reuters) - U.S. officials``,
  ``3 p.m. Friday`` stay one sentence).
- A segment's key (:func:`segment_key`): each character lower-cased by its simple case mapping (``É`` →
  ``é``), each run of ASCII digits made ``0``, each run of spaces, tabs, ``\\r`` and no-break or thin
  spaces made one space, then ``KEY_TRIM`` characters stripped from both ends.
- A segment is a *candidate* (:func:`segment_keys`) when it is ``2 * min_words`` to ``4 * max_chars``
  characters long, its key has at least ``min_words`` words and at most ``max_chars`` characters, and
  neither it nor the next segment of its text starts with a lower-case letter (then the cut was inside
  a sentence: ``Sen. Bernie Sanders (I-Vt.) said``).
- Keys are compared by :func:`key_hash` (the key's code points read as one number in base 2³², modulo
  the prime 2⁶⁴ − 59): the compiled scanner returns hashes, not strings, so a build never copies the
  text again. Two different keys share a hash with a chance of about ``n² / 2⁶⁵`` for ``n`` distinct
  keys (under one in 10⁵ at 10⁷ keys).
- :func:`segment_keys` is the compiled ``segment_keys`` of ``toolkit.text._native._scan`` when it is in
  use, else :func:`py_segment_keys`, the definition (``tests/text/test_native_twins.py`` compares them).

Example:
    >>> text = "Tax cuts pass.\\nClick HERE for 2 reprints.  and more"
    >>> docs, starts, ends, hashes = segment_arrays([text], 3, 600)
    >>> [segment_key(text[s:e]) for s, e in zip(starts, ends)]
    ['tax cuts pass']
"""
from __future__ import annotations

import re
import string
from array import array
from typing import Sequence

import numpy as np

from toolkit.text._native import compiled

__all__ = ["SEGMENT_SPLIT_RE", "KEY_TRIM", "SEGMENT_DTYPES", "ABBREVIATIONS", "segment_key", "key_hash",
           "after_abbreviation", "segment_keys", "segment_arrays", "py_segment_keys"]

#: where segments end
SEGMENT_SPLIT_RE = re.compile(r"[\t\n\f\r ]*\n[\t\n\f\r ]*|[.!?…]+[\"”’')\]]*[\t\n\f\r ]+")
#: characters stripped from both ends of a key
KEY_TRIM = " .,;:!?\"'“”‘’()[]{}-—–*•|/\\~#_=+<>…"
#: dtypes of the four arrays :func:`segment_keys` returns as bytes: text, start, end, key hash
SEGMENT_DTYPES = (np.int64, np.int64, np.int64, np.uint64)

#: titles and short forms after which a full stop does not end the sentence (case as written)
ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "Sen", "Sens", "Rep", "Reps", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt",
                 "Cmdr", "Adm", "Maj", "Prof", "Rev", "Hon", "Pres", "Sec", "Amb", "Atty", "Det", "Cpl", "Pvt",
                 "Supt", "Ald", "Fr", "St", "Mt", "Ft", "Jr", "Sr", "No", "vs")
_ABBREVIATION_RE = re.compile(r"[A-Za-z]|[A-Za-z]{1,2}(?:\.[A-Za-z]{1,2})+|" + "|".join(ABBREVIATIONS))
_WORD_CHARS = frozenset(string.ascii_letters + ".")
_DIGITS_RE = re.compile(r"[0-9]+")
_SPACES_RE = re.compile(r"[\t\r\xa0\u2009\u202f ]+")
_KEY_PRIME = (1 << 64) - 59


class _FirstOfLower(dict):
    """Code point -> the first character of its lower case (``İ`` -> ``i``; ``Σ`` -> ``σ`` wherever it
    stands, unlike ``str.lower``), filled on first use: a ``str.translate`` table."""

    def __missing__(self, code: int) -> str:
        self[code] = first = chr(code).lower()[0]
        return first


_FIRST_OF_LOWER = _FirstOfLower()


def segment_key(segment: str) -> str:
    """The key of one segment (see the module rules).

    >>> segment_key("  Copyright © 2019 The Washington Times, LLC.")
    'copyright © 0 the washington times, llc'
    """
    key = segment.lower() if segment.isascii() else segment.translate(_FIRST_OF_LOWER)
    return _SPACES_RE.sub(" ", _DIGITS_RE.sub("0", key)).strip(KEY_TRIM)


def after_abbreviation(text: str, start: int, end: int) -> bool:
    """Whether the delimiter ``text[start:end]`` is the full stop of an abbreviation, which does not cut:
    one ``.`` then spaces without a line break, after a word (ASCII letters and dots, not preceded
    by a letter or digit) that is one letter (an initial), letters of one or two joined by dots (``U.S``,
    ``p.m``, ``Ph.D``) or one of ``ABBREVIATIONS``.

    >>> after_abbreviation("Mr. Trump", 2, 4), after_abbreviation("It is. Then", 5, 7)
    (True, False)
    """
    if text[start] != "." or start + 1 >= end or "\n" in text[start + 1:end] or text[start + 1] not in " \t\f\r":
        return False
    word = start
    while word > 0 and text[word - 1] in _WORD_CHARS:
        word -= 1
    if word > 0 and text[word - 1].isalnum():
        return False
    return _ABBREVIATION_RE.fullmatch(text, word, start) is not None


def key_hash(key: str) -> int:
    """The key's code points as one number in base 2³² (the first character lowest), modulo 2⁶⁴ − 59.

    >>> key_hash("ab") == (ord("a") + (ord("b") << 32)) != key_hash("ba")
    True
    """
    return int.from_bytes(key.encode("utf-32-le", "surrogatepass"), "little") % _KEY_PRIME


def py_segment_keys(texts: Sequence[str], min_words: int, max_chars: int) -> tuple[bytes, bytes, bytes, bytes]:
    """The candidate segments of ``texts``: (text number, start, end, key hash) arrays as bytes (``SEGMENT_DTYPES``).

    >>> [len(b) // 8 for b in py_segment_keys(["One two three. Four five six.", "x"], 3, 600)]
    [2, 2, 2, 2]
    """
    docs, starts, ends, hashes = array("q"), array("q"), array("q"), array("Q")
    for d, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"segment_keys() takes a str, not {type(text).__name__}")
        bounds, pos = [], 0
        for m in SEGMENT_SPLIT_RE.finditer(text):
            if not after_abbreviation(text, m.start(), m.end()):
                bounds.append((pos, m.start()))
                pos = m.end()
        bounds.append((pos, len(text)))
        lower = [e > s and text[s].islower() for s, e in bounds] + [False]
        for k, (s, e) in enumerate(bounds):
            if lower[k] or lower[k + 1] or not 2 * min_words <= e - s <= 4 * max_chars:
                continue
            key = segment_key(text[s:e])
            if key.count(" ") + 1 >= min_words and len(key) <= max_chars:
                docs.append(d)
                starts.append(s)
                ends.append(e)
                hashes.append(key_hash(key))
    return docs.tobytes(), starts.tobytes(), ends.tobytes(), hashes.tobytes()


segment_keys = compiled("segment_keys") or py_segment_keys


def segment_arrays(texts: Sequence[str], min_words: int, max_chars: int) -> tuple[np.ndarray, ...]:
    """:func:`segment_keys` as NumPy arrays (read-only views of its bytes): text, start, end, key hash.

    >>> [a.tolist() for a in segment_arrays(["One two three. X"], 3, 600)[:3]]
    [[0], [0], [13]]
    """
    return tuple(np.frombuffer(b, dtype) for b, dtype in zip(segment_keys(texts, min_words, max_chars),
                                                             SEGMENT_DTYPES))
