"""The index's word-pair signatures: phrase filters rule articles out before RE2 reads their text.

Rules:
- Built with the index, one signature per article (:mod:`toolkit.text.word_pairs`: a Bloom filter of
  its adjacent ASCII word pairs, ~2 bytes per word), from the same text the filters read; kept in the
  saved index as ``pairs.npz`` (``sizes``: 64-bit words per article, ``words``), memory-mapped when reopened.
- A phrase's *checkable pairs* (:func:`checkable_pairs`) are its consecutive term tokens that are both
  plain ASCII letters and digits, with ``[\\W_]+`` between them in
  :func:`~toolkit.index.keyword.phrase_regex` (not a PTB split word such as ``cannot``, no letter
  meeting a digit) and nothing glued to their outer sides: wherever RE2 matches the phrase, they are
  two adjacent words of the text. An article whose signature lacks such a pair cannot match and is
  dropped; the rest (true matches and ~0.1% false positives) are read by RE2 as before, so results are
  exactly those of reading every candidate (``tests/index/test_pair_filter.py``, on every real corpus).
- An index without signatures (made by hand, ``pairs=None``) filters as before.

Example:
    >>> checkable_pairs(("white", "house")), checkable_pairs(("covid", "19")), checkable_pairs(("don't", "know"))
    ([('white', 'house')], [], [])
    >>> sig = PairSignatures.of_texts(["the White House said", "a white wall, a house"])
    >>> sig.narrow(("white", "house"), np.array([True, True])).tolist()
    [True, False]
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from toolkit.index.keyword import token_regex
from toolkit.text.word_pairs import may_hold, pair_key, signature_arrays

__all__ = ["PairSignatures", "checkable_pairs"]

#: the articles table's column holding the signatures
_PLAIN = re.compile(r"[a-z0-9]+")


def checkable_pairs(tokens: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs of consecutive ``tokens`` every RE2 match of their phrase shows as two adjacent words."""
    def plain(i: int) -> bool:       # ASCII letters and digits that phrase_regex spells as they are (not can\s?not)
        return bool(_PLAIN.fullmatch(tokens[i])) and token_regex(tokens[i]) == tokens[i]

    def apart(i: int) -> bool:       # tokens i and i + 1 joined by [\W_]+ (not a letter meeting a digit)
        return tokens[i][-1].isdigit() == tokens[i + 1][0].isdigit()

    def free_before(i: int) -> bool:     # nothing alphanumeric can stand right before token i
        return i == 0 or not tokens[i - 1][-1:].isalnum() or apart(i - 1)

    def free_after(i: int) -> bool:
        return i == len(tokens) - 1 or not tokens[i + 1][:1].isalnum() or apart(i)

    return [(tokens[i], tokens[i + 1]) for i in range(len(tokens) - 1)
            if plain(i) and plain(i + 1) and apart(i) and free_before(i) and free_after(i + 1)]


class PairSignatures:
    """Every article's word-pair signature: ``sizes`` (64-bit words per article) and ``words``."""

    def __init__(self, sizes: np.ndarray, words: np.ndarray) -> None:
        self.sizes = np.asarray(sizes, dtype=np.int64)
        self.words = np.asarray(words, dtype=np.uint64)
        self.npz_file: "Path | None" = None     # the pairs.npz the arrays are mapped from, as a build wrote it
        self._starts: np.ndarray | None = None
        total = int(self.sizes.sum())
        if total != len(self.words):
            raise ValueError(f"pair signatures: sizes add up to {total} words, there are {len(self.words)}")

    @property
    def starts(self) -> np.ndarray:
        """Where each article's words start in ``words`` (int64, the end last): made on first use."""
        if self._starts is None:
            self._starts = np.concatenate([[0], np.cumsum(self.sizes)]).astype(np.int64)
        return self._starts

    def __len__(self) -> int:
        return len(self.sizes)

    @classmethod
    def of_texts(cls, texts: Sequence[str]) -> "PairSignatures":
        """The signatures of ``texts`` (each a ``str``: pass a missing text as ``""``)."""
        return cls(*signature_arrays(texts))

    @classmethod
    def concat(cls, parts: Sequence[tuple[bytes, bytes]]) -> "PairSignatures":
        """One set from the chunks' ``pair_signatures`` results, in row order."""
        sizes = [np.frombuffer(s, dtype=np.int64) for s, _ in parts]
        words = [np.frombuffer(w, dtype=np.uint64) for _, w in parts]
        return cls(np.concatenate(sizes) if sizes else np.empty(0, np.int64),
                   np.concatenate(words) if words else np.empty(0, np.uint64))

    def arrays(self) -> dict[str, np.ndarray]:
        """``sizes`` and ``words``: what the index saves (``pairs.npz``) and :meth:`__init__` takes back."""
        return {"sizes": self.sizes, "words": self.words}

    def narrow(self, tokens: Sequence[str], candidates: np.ndarray) -> np.ndarray:
        """``candidates`` (a boolean mask) without the articles that lack one of ``tokens``' checkable pairs."""
        out = candidates.copy()
        for first, second in checkable_pairs(tokens):
            rows = np.flatnonzero(out)
            if len(rows) == 0:
                break
            out[rows] = may_hold(self.sizes, self.words, rows, pair_key(first, second), self.starts)
        return out
