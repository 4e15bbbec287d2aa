"""Word-pair signatures: which pairs of adjacent words an article may hold, as a small Bloom filter per text.

Rules:
- Words here are what RE2's ``\\W`` leaves: maximal runs of ASCII letters and digits (``[A-Za-z0-9]+``),
  compared lower-cased. Everything else (``_``, punctuation, spaces, every non-ASCII character)
  separates words. So a phrase filter's RE2 pattern for two such words joined by ``[\\W_]+``
  (:func:`toolkit.index.keyword.phrase_regex`) can match a text only where the two are adjacent runs
  of it: the pair is in the text's signature.
- A text's signature has ``BITS_PER_PAIR`` bits per adjacent pair (rounded up to 64-bit words; none
  for a text of fewer than two words); each pair sets ``PROBES`` bits (double hashing of
  :func:`pair_hash`). A pair that is there always tests present; one that is not tests present with a
  chance of about 0.1 % when a text repeats no pair (16 bits, 6 probes), 0.06 % measured on real news,
  where pairs repeat (``tests/index/test_pair_filter.py``). 8 bits and 3 probes (half the size) let
  1.7 % through: a common phrase that is no build phrase (``said on twitter``: 1.85M candidates in 4.6M
  articles) then read ~34,000 articles that could not match; now 1,705.
- Under RE2's case folding ``ſ`` (U+017F) matches ``s`` and ``K`` (Kelvin, U+212A) matches ``k``, and no
  other non-ASCII character matches an ASCII letter or digit: a text holding either gets one word with
  every bit set (it may hold any pair), so a signature never rules out a text RE2 would match.
- :func:`pair_signatures` is the compiled ``pair_signatures`` of ``toolkit.text._native._scan`` when it
  is in use, else :func:`py_pair_signatures`, the definition (``tests/text/test_native_twins.py``
  compares them). :func:`may_hold` is likewise the compiled ``pairs_may_hold`` or :func:`py_may_hold`
  (``tests/index/test_pair_filter.py`` compares them on real news).

Example:
    >>> sizes, words = signature_arrays(["Tax cuts, tax cuts!", "one", "Kiſs me"])
    >>> sizes.tolist(), bool(words[-1] == ALL_BITS)
    ([1, 0, 1], True)
    >>> may_hold(sizes, words, np.arange(3), pair_key("tax", "cuts")).tolist()
    [True, False, True]
"""
from __future__ import annotations

import functools
import re
from array import array
from typing import Sequence

import numpy as np

from toolkit.text._native import compiled

__all__ = ["BITS_PER_PAIR", "PROBES", "UNSURE", "ALL_BITS", "WORD_RE", "word_hash", "pair_hash", "pair_key",
           "py_pair_signatures", "pair_signatures", "signature_arrays", "may_hold", "py_may_hold"]

BITS_PER_PAIR = 16
PROBES = 6
#: the non-ASCII characters RE2's case-insensitive matching takes for an ASCII letter (ſ → s, K → k)
UNSURE = "\u017f\u212a"
ALL_BITS = (1 << 64) - 1
#: a word, as RE2's ``[\\W_]`` cuts text
WORD_RE = re.compile(r"[A-Za-z0-9]+")


@functools.lru_cache(maxsize=1 << 17)      # news repeats its words: the reference hashes each once
def word_hash(word: str) -> int:
    """FNV-1a (64 bits) of the lower-cased ASCII word.

    >>> word_hash("The") == word_hash("the") != word_hash("thee")
    True
    """
    h = 0xCBF29CE484222325
    for byte in word.lower().encode("ascii"):
        h = ((h ^ byte) * 0x100000001B3) & ALL_BITS
    return h


def pair_hash(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The hashes of adjacent words from their :func:`word_hash` values (uint64 arrays; order matters:
    splitmix64's mix, the arithmetic wrapping at 64 bits).

    >>> one, two = np.array([1], np.uint64), np.array([2], np.uint64)
    >>> bool(pair_hash(one, two)[0] != pair_hash(two, one)[0])
    True
    """
    x = first * np.uint64(0x9E3779B97F4A7C15) + second
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def pair_key(first: str, second: str) -> int:
    """The hash a signature is probed with for the words ``first`` ``second``."""
    return int(pair_hash(np.array([word_hash(first)], np.uint64), np.array([word_hash(second)], np.uint64))[0])


def _probes(keys: np.ndarray, n_bits: np.ndarray) -> list[np.ndarray]:
    """The ``PROBES`` bits each of ``keys`` sets among ``n_bits`` (uint64 arrays, broadcast):
    ``lo + i * step`` (32 bits, wrapping) scaled to ``n_bits``."""
    lo, step = keys & np.uint64(0xFFFFFFFF), (keys >> np.uint64(32)) | np.uint64(1)
    return [(((lo + np.uint64(i) * step) & np.uint64(0xFFFFFFFF)) * n_bits) >> np.uint64(32) for i in range(PROBES)]


def py_pair_signatures(texts: Sequence[str]) -> tuple[bytes, bytes]:
    """Each text's signature: (64-bit words per text as int64, the words as uint64), both as bytes.

    >>> sizes, words = py_pair_signatures(["a b c", "a"])
    >>> len(sizes) // 8, len(words) // 8
    (2, 1)
    """
    sizes, words = array("q"), array("Q")
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"pair_signatures() takes a str, not {type(text).__name__}")
        if any(char in text for char in UNSURE):
            sizes.append(1)
            words.append(ALL_BITS)
            continue
        hashes = list(map(word_hash, WORD_RE.findall(text)))
        n_words = -(-BITS_PER_PAIR * max(len(hashes) - 1, 0) // 64)
        sizes.append(n_words)
        if n_words:
            words.extend(_signature(np.array(hashes, dtype=np.uint64), n_words).tolist())
    return sizes.tobytes(), words.tobytes()


def _signature(hashes: np.ndarray, n_words: int) -> np.ndarray:
    """The ``n_words`` words with the bits of each adjacent pair of word ``hashes`` set."""
    is_set = np.zeros(64 * n_words, dtype=bool)     # bit i of word w is is_set[64 * w + i]
    for pos in _probes(pair_hash(hashes[:-1], hashes[1:]), np.uint64(64 * n_words)):
        is_set[pos] = True
    return np.packbits(is_set, bitorder="little").view("<u8").astype(np.uint64)


#: the compiled functions are used only with signatures of this module's shape (a scanner built before a
#: change of BITS_PER_PAIR or PROBES would set and probe other bits)
_SAME_SHAPE = (compiled("WP_BITS_PER_PAIR"), compiled("WP_PROBES")) == (BITS_PER_PAIR, PROBES)
pair_signatures = (compiled("pair_signatures") if _SAME_SHAPE else None) or py_pair_signatures
_pairs_may_hold = compiled("pairs_may_hold") if _SAME_SHAPE else None


def signature_arrays(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`pair_signatures` as arrays: (int64 sizes in 64-bit words, uint64 words)."""
    sizes, words = pair_signatures(texts)
    return np.frombuffer(sizes, dtype=np.int64), np.frombuffer(words, dtype=np.uint64)


def may_hold(sizes: np.ndarray, words: np.ndarray, rows: np.ndarray, key: int,
             starts: "np.ndarray | None" = None) -> np.ndarray:
    """Whether each of ``rows`` may hold the pair ``key`` (:func:`pair_key`); False for sure means absent.

    ``starts``: each text's first word in ``words`` (the cumulative sum of ``sizes``), when already known.
    The compiled ``pairs_may_hold`` when it is in use (one pass, each row's probes stopping at the first
    bit not set), else :func:`py_may_hold`.
    """
    if starts is None:
        starts = np.concatenate([[0], np.cumsum(sizes[:-1])]).astype(np.int64)
    if _pairs_may_hold is None:
        return py_may_hold(sizes, words, rows, key, starts)
    out = np.empty(len(rows), dtype=bool)
    _pairs_may_hold(np.ascontiguousarray(sizes, dtype=np.int64), np.ascontiguousarray(starts, dtype=np.int64),
                    np.ascontiguousarray(words, dtype=np.uint64), np.ascontiguousarray(rows, dtype=np.int64),
                    key, out)
    return out


def py_may_hold(sizes: np.ndarray, words: np.ndarray, rows: np.ndarray, key: int,
                starts: np.ndarray) -> np.ndarray:
    """:func:`may_hold` in NumPy, probe by probe over every row: the definition the compiled kernel follows."""
    n_bits = sizes[rows].astype(np.uint64) * np.uint64(64)
    found = n_bits > 0
    base = np.where(found, starts[rows], 0).astype(np.uint64)   # (a text without words reads word 0, unused)
    if not found.any():
        return found
    for pos in _probes(np.array([key], np.uint64), n_bits):
        word = words[base + (pos >> np.uint64(6))]
        found &= ((word >> (pos & np.uint64(63))) & np.uint64(1)).astype(bool)
    return found
