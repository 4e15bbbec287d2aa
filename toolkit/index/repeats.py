"""Repeated mentions that coreference resolution leaves behind (``Huckabee Huckabee``), counted once.

Rules:
- Coreference-resolved corpora put the antecedent where a pronoun stood, so a name can stand twice in a
  row (``backed by Mike Huckabee Huckabee recorded``, ``Donald Trump Donald Trump``). The build's
  ``collapse_repeats``: ``"auto"`` (default) counts such a repeat once in the articles of PTB style
  (:func:`toolkit.text.style.resolve_style`: how tokenized, coreference-resolved corpora are written),
  ``True`` in every article, ``False`` never.
- A repeat is what :func:`toolkit.text.tokens.collapse_kept` folds among an article's tokens, punctuation
  and line breaks included (a name repeated across a full stop, ``behind you . You got``, or after a
  headline's line break, ``FIRE MUELLER`` / ``Mueller has``, is two mentions): a capitalised word or
  #/@/$ entity equal (lower-cased) to the token before it, or a run of 2-4 capitalised tokens that
  repeats at once. The terms of a collapsed article are exactly
  ``tokenize(text, lowercase=True, drop_punct=True, collapse_repeats=True)``; its features (tokens,
  types) stay the text's own, and its phrases are counted on what remains.
- Found in the build's workers: the token stream (``term_counts``) tells which articles may hold one (a
  word equal to the word ``k`` tokens before it over a whole run of ``k`` tokens, ``k`` = 1-4); only
  those are scanned again, with their case, in Python.

Example:
    >>> from toolkit.index.matrix import term_piece
    >>> from toolkit.text._native import term_counts
    >>> texts = ["Mike Huckabee Huckabee said .", "very very good", "You . You"]
    >>> counted, removed = collapse_counted(term_counts(texts), texts, [True, True, True])
    >>> removed, term_piece(counted)[1].toarray()[0].tolist()
    (1, [1, 1, 1, 0, 0, 0])
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from toolkit.text._native import scan_tokens
from toolkit.text.tokens import collapse_kept

__all__ = ["MAX_RUN", "candidate_texts", "collapse_counted"]

#: the longest run :func:`toolkit.text.tokens.collapse_kept` folds
MAX_RUN = 4


def _hits(s: np.ndarray, line: np.ndarray) -> np.ndarray:
    """True at each token (``s``: the stream without its line breaks; ``line``: each token's line number)
    that equals (lower-cased) the token ``k`` before it on its line over a whole run of ``k`` words, for
    some ``k`` in 1..``MAX_RUN``: where a repeat may end."""
    hit = np.zeros(len(s), dtype=bool)
    for k in range(1, MAX_RUN + 1):
        if len(s) <= k:
            break
        same = np.zeros(len(s), dtype=bool)
        same[k:] = (s[k:] == s[:-k]) & (s[k:] >= 0) & (line[k:] == line[:-k])
        whole = same.copy()                                 # a whole run of k: k equal words in a row
        for j in range(1, k):
            whole[j:] &= same[:-j]
            whole[:j] = False
        hit |= whole
    return hit


def _tokens_of(stream: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A token stream read token by token: (stream position of each token and text end, its code, its
    line, its text, :func:`_hits`)."""
    is_token = stream != -3                                  # a line break is no token, but ends a line
    codes = stream[is_token].astype(np.int64)
    # (an int32 sum: numpy sums booleans into int64 through a slow casting loop, 8x slower)
    line = np.cumsum(~is_token, dtype=np.int32)[is_token]
    ends = codes == -2
    text_of = np.cumsum(ends, dtype=np.int32) - ends         # the -2 closing text i counts as text i
    return np.flatnonzero(is_token), codes, line, text_of, _hits(codes, line)


def candidate_texts(stream: np.ndarray) -> np.ndarray:
    """Indices of the texts of a ``term_counts`` token stream that may hold a repeat (see the rules).

    >>> from toolkit.text._native import term_counts
    >>> candidate_texts(np.frombuffer(term_counts(["a b a b", "a b c", "x X", "y\\nY"])[6], dtype=np.int32)).tolist()
    [0, 2]
    """
    _, _, _, text_of, hits = _tokens_of(stream)
    return np.unique(text_of[hits])


def _folded(tokens: list[str], line_starts: "Sequence[bool] | np.ndarray", hits: np.ndarray) -> list[int]:
    """Positions of ``tokens`` that :func:`collapse_kept` folds away, read only around the ``hits``
    (positions where a repeat may end): it decides from the last ``2 * MAX_RUN`` tokens kept, so each
    stretch of hits is read with that margin on both sides, widened while a fold falls in its end (a
    chain of folds reaches at most ``2 * MAX_RUN + 1`` tokens past a hit: the next stretch starts
    further on)."""
    margin, out = 2 * MAX_RUN, []
    i, n = 0, len(hits)
    while i < n:
        lo, hi = max(0, hits[i] - margin), hits[i] + margin + 1
        while i + 1 < n and hits[i + 1] - margin <= hi:   # hits closer than the margin: one stretch
            i += 1
            hi = hits[i] + margin + 1
        while True:
            kept = collapse_kept(tokens[lo:hi], list(line_starts[lo:hi]))
            gone = [lo + j for j, k in enumerate(kept) if not k]
            if hi >= len(tokens) or not gone or gone[-1] < hi - margin:
                break
            hi += margin                                    # a fold near the end may fold what follows
        last = out[-1] if out else -1
        out.extend(g for g in gone if g > last)             # (a widened stretch may reach the next one)
        i += 1
    return out


def collapse_counted(counted: tuple, texts: Sequence[str], allowed: Sequence[bool]) -> tuple[tuple, int]:
    """``counted`` (``term_counts`` of the normalised ``texts``) with the repeats of the ``allowed`` texts
    taken out of their term cells and of the token stream; and how many word tokens were taken out."""
    vocab, indptr, indices, counts, tokens, types, stream = counted
    if not any(allowed):
        return counted, 0
    s = np.frombuffer(stream, dtype=np.int32)
    at, codes, line, text_of, hits = _tokens_of(s)
    ends = np.flatnonzero(codes == -2)                       # token index of each text's end
    starts = np.concatenate([[0], ends[:-1] + 1])
    chosen = [int(i) for i in np.unique(text_of[hits]) if allowed[i]]
    if not chosen:
        return counted, 0
    line_start = np.concatenate([[False], line[1:] != line[:-1]])
    ptr = np.frombuffer(indptr, dtype=np.int64)
    cols = np.frombuffer(indices, dtype=np.int32)
    cells = np.frombuffer(counts, dtype=np.int32).copy()
    dropped = np.zeros(len(s), dtype=bool)
    removed = 0
    for i in chosen:
        lo, hi = int(starts[i]), int(ends[i])
        every = scan_tokens(texts[i])
        if len(every) != hi - lo:
            raise AssertionError(f"text {i}: {len(every)} tokens scanned, {hi - lo} in the stream")
        own_starts = line_start[lo:hi].copy()
        if len(own_starts):
            own_starts[0] = False
        for j in _folded(every, own_starts, np.flatnonzero(hits[lo:hi])):
            position = int(at[lo + j])
            dropped[position] = True
            column = int(s[position])
            if column >= 0:                                  # a word: one count less in its cell
                row = slice(int(ptr[i]), int(ptr[i + 1]))
                cells[row.start + int(np.flatnonzero(cols[row] == column)[0])] -= 1
                removed += 1
    keep = cells > 0
    if not keep.all():                                       # cells left empty go (no explicit zeros)
        row_of = np.repeat(np.arange(len(ptr) - 1), np.diff(ptr))
        ptr = np.concatenate([[0], np.cumsum(np.bincount(row_of[keep], minlength=len(ptr) - 1))])
        cols, cells = cols[keep], cells[keep]
    stream_left = s[~dropped]
    return (vocab, ptr.astype(np.int64).tobytes(), np.ascontiguousarray(cols).tobytes(), cells.tobytes(),
            tokens, types, stream_left.tobytes()), removed
