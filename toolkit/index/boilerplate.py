"""Page furniture: lines and sentences a publication repeats across its articles, found at build time.

Rules:
- A text is cut into segments at line breaks and after sentence punctuation (``. ! ? …`` and closing
  quotes) followed by space. A segment's key is its text lower-cased, each run of digits as ``0``,
  spaces folded, outer punctuation stripped; keys of fewer than ``MIN_WORDS`` words are never furniture
  (sentence fragments such as ``but mr``), nor is a segment next to one that starts in lower case (the
  cut was inside a sentence: ``Sen. Bernie Sanders (I-Vt.) said``).
- A key is furniture of a publication when at least ``MIN_ARTICLES`` of its articles, and at least
  ``MIN_SHARE`` of them, contain it (photo credits, ``Copyright ... All rights reserved``, ``Click here
  for reprint permission``, newsletter pitches), and, when the corpus has other publications, its
  share of this publication's articles is at least ``MIN_LIFT`` times its share of the others': a
  sentence every publication repeats (a wire story's, a speech's ``Thank you very much``) is
  content. Articles without a publication are one group. With a single group there is nothing to
  compare with, so a sentence repeated in enough of the articles (syndicated copy too) is furniture.
- The index keeps every token; the furniture is kept beside it as two matrices: ``"boilerplate"`` (per
  article, the term tokens inside furniture segments, its own small vocabulary) and
  ``"boilerplate_segments"`` (per article, the furniture keys it holds). Term tables subtract the first
  unless the vocabulary says ``boilerplate=False``; ``idx.boilerplate()`` reports from the second.

Example:
    >>> texts = pa.chunked_array([pa.array(["Tax cuts. Click here for reprint permission."] * 6)])
    >>> found = find_furniture(texts, np.zeros(6, dtype=np.int64))
    >>> found.segments.vocab.tolist(), found.tokens.vocab.tolist()
    (['click here for reprint permission'], ['click', 'here', 'for', 'reprint', 'permission'])
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from toolkit.index.grouping import group_sum
from toolkit.index.matrix import MatrixBuilder, TermMatrix, count_piece, term_tokens

__all__ = ["MIN_WORDS", "MIN_ARTICLES", "MIN_SHARE", "MIN_LIFT", "Furniture", "find_furniture", "SEGMENT_SPLIT",
           "aligned_tokens", "untouched_cells", "WithoutFurniture", "without_furniture"]

MIN_WORDS = 3
MIN_ARTICLES = 5
MIN_SHARE = 0.05
MIN_LIFT = 5.0
#: where segments end (RE2): line breaks, or sentence punctuation (and closing quotes/brackets) then space
SEGMENT_SPLIT = r"\s*\n\s*|[.!?…]+[\"”’')\]]*\s+"
_MAX_KEY_CHARS = 600


@dataclass
class Furniture:
    """The furniture found in a corpus: term tokens inside it and the keys each article holds."""

    tokens: TermMatrix      # articles × tokens of furniture segments (own vocabulary)
    segments: TermMatrix    # articles × furniture keys (1 per occurrence)


_TRIM = " .,;:!?\"'“”‘’()[]{}-—–*•|/\\~#_=+<>…"


def _keys(segments: pa.Array) -> pa.Array:
    """The normalised key of each segment (see the module rules); ASCII classes only, for speed."""
    keys = pc.utf8_lower(segments)
    keys = pc.replace_substring_regex(keys, "[0-9]+", "0")
    keys = pc.replace_substring_regex(keys, r"[\t\r\x{a0}\x{2009}\x{202f} ]{2,}|[\t\r\x{a0}\x{2009}\x{202f}]", " ")
    return pc.utf8_trim(keys, characters=_TRIM)


def _nothing(n: int) -> Furniture:
    """No furniture in ``n`` articles."""
    return Furniture(*(TermMatrix.from_token_lists([[]] * n) for _ in range(2)))


def find_furniture(text: pa.ChunkedArray, groups: np.ndarray, *, min_articles: int = MIN_ARTICLES,
                   min_share: float = MIN_SHARE, min_words: int = MIN_WORDS,
                   min_lift: float = MIN_LIFT) -> Furniture:
    """Furniture of ``text`` (one string per article) per group of ``groups`` (publication codes, -1 =
    none); see the module rules."""
    n = len(text)
    flat_text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    parts = pc.split_pattern_regex(pc.fill_null(flat_text, ""), SEGMENT_SPLIT)
    lengths = pc.list_value_length(parts).to_numpy(zero_copy_only=False).astype(np.int64)
    raw = pc.list_flatten(parts)
    article = np.repeat(np.arange(n, dtype=np.int64), lengths)
    size = pc.binary_length(raw).to_numpy(zero_copy_only=False)
    lower_start = pc.utf8_is_lower(pc.utf8_slice_codeunits(raw, 0, 1)).to_numpy(zero_copy_only=False)
    same_article_next = np.zeros(len(article), dtype=bool)
    same_article_next[:-1] = article[1:] == article[:-1]
    inside = lower_start.copy()                       # a continuation, and the segment cut before it
    inside[:-1] |= lower_start[1:] & same_article_next[:-1]
    plausible = np.flatnonzero((size >= 2 * min_words) & (size <= 4 * _MAX_KEY_CHARS) & ~inside)
    keys = _keys(raw.take(pa.array(plausible)))
    words = pc.count_substring(keys, " ").to_numpy(zero_copy_only=False) + 1
    chars = pc.utf8_length(keys).to_numpy(zero_copy_only=False)
    good = (words >= min_words) & (chars <= _MAX_KEY_CHARS)
    candidate, keys = plausible[good], keys.filter(pa.array(good))
    if len(candidate) == 0 or n == 0:
        return _nothing(n)
    group = np.asarray(groups, dtype=np.int64)
    group = np.where(group < 0, group.max(initial=0) + 1, group)          # no publication: one group
    encoded = pc.dictionary_encode(keys).combine_chunks() if isinstance(keys, pa.ChunkedArray) else \
        pc.dictionary_encode(keys)
    code = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    n_keys = len(encoded.dictionary)
    owner = article[candidate]
    pairs = np.unique(owner * n_keys + code)                              # (article, key), each once
    pair_group = group[pairs // n_keys]
    pair_key = pairs % n_keys
    cells, found = np.unique(pair_group * n_keys + pair_key, return_counts=True)   # articles per (group, key)
    sizes = np.bincount(group, minlength=int(group.max()) + 1)
    g, k = cells // n_keys, cells % n_keys
    often = (found >= min_articles) & (found >= min_share * sizes[g])
    if often.any() and np.count_nonzero(sizes) > 1:   # compare with the other publications' share
        rest = np.bincount(pair_key, minlength=n_keys)[k] - found
        often &= found * (len(group) - sizes[g]) >= min_lift * rest * sizes[g]
    if not often.any():
        return _nothing(n)
    marked = np.flatnonzero(np.isin(group[owner] * n_keys + code, cells[often]))
    occurrence = candidate[marked]
    rows = article[occurrence]
    furniture_keys = encoded.dictionary.take(pa.array(code[marked])).to_numpy(zero_copy_only=False)
    segment_text = raw.take(pa.array(occurrence)).to_pylist()
    starts = np.searchsorted(rows, np.arange(n + 1))
    token_lists = [[t for s in segment_text[starts[r]:starts[r + 1]] for t in term_tokens(s)] for r in range(n)]
    key_lists = [list(furniture_keys[starts[r]:starts[r + 1]]) for r in range(n)]
    return Furniture(MatrixBuilder().add_piece(*count_piece(token_lists)).finish(),
                     MatrixBuilder().add_piece(*count_piece(key_lists)).finish())


def aligned_tokens(furniture_tokens: TermMatrix, terms: TermMatrix) -> sp.csr_matrix:
    """The furniture token counts in the columns of ``terms`` (int64), never above the article's own counts.

    >>> t = TermMatrix.from_token_lists([["a", "b", "b"]]); f = TermMatrix.from_token_lists([["b"]])
    >>> aligned_tokens(f, t).toarray().tolist()
    [[0, 1]]
    """
    n_rows, n_cols = terms.X.shape
    if furniture_tokens.X.nnz == 0:
        return sp.csr_matrix((n_rows, n_cols), dtype=np.int64)
    cols = np.array([terms.column(t) for t in furniture_tokens.vocab.tolist()], dtype=np.int64)
    B = furniture_tokens.X.tocoo()
    keep = cols[B.col] >= 0
    aligned = sp.csr_matrix((B.data[keep].astype(np.int64), (B.row[keep], cols[B.col[keep]])),
                            shape=(n_rows, n_cols))
    aligned.sum_duplicates()
    return aligned.minimum(terms.X.astype(np.int64)).tocsr()


def untouched_cells(furniture: sp.csr_matrix, X: sp.csr_matrix) -> sp.csr_matrix:
    """0/1 matrix of the cells where every occurrence of a term in an article is furniture
    (``furniture`` = :func:`aligned_tokens`, so ``furniture <= X``).

    >>> untouched_cells(sp.csr_matrix([[1, 1]]), sp.csr_matrix([[1, 2]])).toarray().tolist()
    [[1, 0]]
    """
    B = sp.csr_matrix(furniture, dtype=np.int64)
    B.sort_indices()
    at = sp.csr_matrix(X.multiply(B > 0), dtype=np.int64)   # X on B's pattern (B > 0 implies X > 0)
    at.sort_indices()
    out = sp.csr_matrix(((at.data == B.data).astype(np.int64), B.indices.copy(), B.indptr.copy()), shape=B.shape)
    out.eliminate_zeros()           # (on copies of the index arrays: B itself must stay whole)
    return out


@dataclass
class WithoutFurniture:
    """Group sums with the furniture taken out: ``counts`` and ``doc_freq(cols)`` as ``GroupSums`` has."""

    counts: sp.csr_matrix
    base: Any                      # the GroupSums of every token
    docs_lost: sp.csr_matrix       # groups × columns: articles whose only occurrences were furniture

    def doc_freq(self, cols: np.ndarray) -> np.ndarray:
        """Articles containing each of ``cols`` outside furniture, per group."""
        return self.base.doc_freq(cols) - self.docs_lost[:, cols].toarray()


def without_furniture(sums: Any, furniture: sp.csr_matrix, untouched: sp.csr_matrix, codes: np.ndarray,
                      n_groups: int, mask: np.ndarray | None) -> WithoutFurniture:
    """``sums`` (a ``GroupSums`` of the terms matrix over the selection) minus the furniture of the same rows."""
    sel = (codes >= 0) if mask is None else (mask & (codes >= 0))
    rows = np.flatnonzero(sel & (np.diff(furniture.indptr) > 0))
    if len(rows) == 0:
        return WithoutFurniture(sums.counts, sums, sp.csr_matrix(sums.counts.shape, dtype=np.int64))
    counts = sums.counts - group_sum(furniture, codes, n_groups, rows=rows)
    return WithoutFurniture(sp.csr_matrix(counts), sums, group_sum(untouched, codes, n_groups, rows=rows))
