"""Plain n-grams: every pair of adjacent content words, counted when the index is built with ``ngrams=2``.

Rules:
- A bigram is two words next to each other in the build's token stream (:func:`toolkit.text._native.term_counts`;
  never across punctuation, a line break or two articles, and after repeated mentions are folded), both
  content words by the phrase rule (:mod:`toolkit.index.phrases`: no ``"news"`` stopword, no token
  class, no possessive, two characters or more): ``white house``, ``border wall``, ``tax cuts``. Pairs
  with a function word (``of the``) would be most of the matrix and are left out.
- Opt-in (``CorpusIndex.build(..., ngrams=2)``, part of the cache key): the matrix is about as large
  as a quarter of the terms matrix. Its tables are ``top_terms(ngrams=2)`` / ``top("bigrams")``; the
  vocabulary's stopwords and token classes hide a bigram when either word is hidden; page furniture
  is not subtracted from bigrams.
- Each chunk sends its pairs as rows and chunk-local word columns; the parent maps them to the terms'
  global columns (the terms' :class:`~toolkit.index.matrix.MatrixBuilder` already does that for
  each chunk), so a bigram's text is made once, at the end.

Example:
    >>> from toolkit.index.matrix import MatrixBuilder, term_piece
    >>> from toolkit.text._native import term_counts
    >>> counted = term_counts(["Tax cuts, tax cuts and the border wall.", "Border\\nwall"])
    >>> builder, terms = BigramBuilder(), MatrixBuilder()
    >>> _ = terms.add_piece(*term_piece(counted)), builder.add(bigram_cells(counted), terms.last_columns, 0)
    >>> m = builder.finish(terms.lookup, 2); m.vocab.tolist(), m.X.toarray().tolist()
    (['tax cuts', 'border wall'], [[2, 1], [0, 0]])
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from toolkit.index.matrix import TermMatrix, narrow_counts
from toolkit.index.phrases import candidate_words, texts_of

__all__ = ["bigram_cells", "BigramBuilder"]


def bigram_cells(counted: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The bigrams of each text of a ``term_counts`` result: (text, first word's column, second word's
    column) per occurrence, columns local to the result's vocabulary."""
    vocab = counted[0]
    stream = np.frombuffer(counted[6], dtype=np.int32).astype(np.int64)
    if len(stream) < 2 or not vocab:
        return (np.empty(0, dtype=np.int32),) * 3
    ok = np.append(candidate_words(vocab), [False, False, False])      # -1, -2, -3 are never words
    a, b = stream[:-1], stream[1:]
    at = np.flatnonzero(ok[a] & ok[b])
    return texts_of(stream, at).astype(np.int32), a[at].astype(np.int32), b[at].astype(np.int32)


class BigramBuilder:
    """Bigram occurrences of every chunk, in global word columns, made into one matrix at the end."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray]] = []     # (row, key = first << 32 | second)

    def add(self, cells: tuple[np.ndarray, np.ndarray, np.ndarray], columns: np.ndarray,
            first_row: int) -> "BigramBuilder":
        """Add a chunk's :func:`bigram_cells` (``columns``: its local word columns in the global terms)."""
        text, a, b = cells
        key = (columns[a].astype(np.int64) << 32) | columns[b].astype(np.int64)
        self.parts.append((text.astype(np.int64) + first_row, key))
        return self

    def finish(self, terms: "dict[str, int]", n_rows: int) -> TermMatrix:
        """The articles × bigrams matrix; ``terms``: the global word columns (the terms builder's lookup)."""
        rows = np.concatenate([r for r, _ in self.parts]) if self.parts else np.empty(0, dtype=np.int64)
        keys = np.concatenate([k for _, k in self.parts]) if self.parts else np.empty(0, dtype=np.int64)
        self.parts = []
        uniques, column = np.unique(keys, return_inverse=True)
        words = np.empty(len(terms), dtype=object)
        words[list(terms.values())] = list(terms)
        vocab = [f"{words[k >> 32]} {words[k & 0xFFFFFFFF]}" for k in uniques.tolist()]
        X = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, column)), shape=(n_rows, len(vocab)))
        X.sum_duplicates()
        X.sort_indices()
        X.data = narrow_counts(X.data)
        return TermMatrix.from_csr(vocab, X)          # (its vocabulary is new: no lookup to map it through)
