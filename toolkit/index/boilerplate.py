"""Page furniture: lines and sentences a publication repeats across its articles, found at build time.

Rules:
- Articles are cut into segments and keyed as :mod:`toolkit.text.segments` says (lines and sentences;
  lower-cased, digit runs as ``0``, spaces folded, outer punctuation stripped); only candidates count:
  keys of at least ``MIN_WORDS`` words and at most ``MAX_KEY_CHARS`` characters, never a segment cut
  inside a sentence. The build finds the candidates in its workers, chunk by chunk, as key hashes
  (:class:`Candidates`); only the furniture's own text is read again, ``READ_ROWS`` articles at a time.
  Everything below is decided per key, so candidates spread over buckets by key hash (an out-of-core
  build's: :class:`toolkit.index.spilled_parts.SpilledCandidates`) are decided a bucket at a time.
- A key is furniture of a publication when at least ``MIN_ARTICLES`` of its articles, and at least
  ``MIN_SHARE`` of them, contain it (photo credits, ``Copyright ... All rights reserved``, ``Click here
  for reprint permission``, newsletter pitches), and, when the corpus has other publications, its
  share of this publication's articles is at least ``MIN_LIFT`` times its share of the others': a
  sentence every publication repeats (a wire story's, a speech's ``Thank you very much``) is
  content. Articles without a publication are one group. With a single group there is nothing to
  compare with, so a sentence repeated in enough of the articles (syndicated copy too) is furniture.
- The index keeps every token; the furniture is kept beside it as three matrices: ``"boilerplate"`` (per
  article, the term tokens inside furniture segments, its own small vocabulary), ``"boilerplate_phrased"``
  (the same tokens with the corpus' phrases as one token each, :func:`toolkit.index.phrases.compounded`,
  for tables with phrases) and ``"boilerplate_segments"`` (per article, the furniture keys it holds).
  Term tables subtract the first (or the second) unless the vocabulary says ``boilerplate=False``;
  ``idx.boilerplate()`` reports from the third (:func:`furniture_report`).

Example:
    >>> texts = pa.chunked_array([pa.array(["Tax cuts. Click here for reprint permission."] * 6)])
    >>> found = find_furniture(texts, np.zeros(6, dtype=np.int64))
    >>> found.segments.vocab.tolist(), found.tokens.vocab.tolist()
    (['click here for reprint permission'], ['click', 'here', 'for', 'reprint', 'permission'])
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import scipy.sparse as sp

from toolkit.index.deferred_matrix import DeferredMatrix
from toolkit.index.derived_store import sparse_arrays, sparse_from
from toolkit.index.grouping import Groups
from toolkit.index.matrix import MatrixBuilder, TermMatrix, count_piece
from toolkit.index.phrases import PhraseTable, compounded
from toolkit.index.row_blocks import cell_blocks
from toolkit.index.text_store import ArticleText, as_article_text
from toolkit.text._native import term_counts
from toolkit.text.tokens import normalize_text
from toolkit.text.segments import segment_arrays, segment_key

__all__ = ["MIN_WORDS", "MIN_ARTICLES", "MIN_SHARE", "MIN_LIFT", "MAX_KEY_CHARS", "Furniture", "Candidates",
           "find_furniture", "aligned_tokens", "untouched_cells", "WithoutFurniture", "without_furniture",
           "furniture_report", "deferred_furniture"]

MIN_WORDS = 3
MIN_ARTICLES = 5
MIN_SHARE = 0.05
MIN_LIFT = 5.0
MAX_KEY_CHARS = 600
#: the furniture's articles are read this many at a time
READ_ROWS = 20_000


@dataclass
class Furniture:
    """The furniture found in a corpus: term tokens inside it and the keys each article holds."""

    tokens: TermMatrix      # articles × tokens of furniture segments (own vocabulary)
    segments: TermMatrix    # articles × furniture keys (1 per occurrence)
    phrased: TermMatrix     # articles × tokens of furniture segments, phrases as one token


@dataclass
class Candidates:
    """Candidate segments, ascending by (row, start): article row, start and end (code points), key hash.

    >>> Candidates.of_texts(["One two three. Four five six.", "x"], first_row=10).rows.tolist()
    [10, 10]
    """

    rows: np.ndarray        # int32 (int64 for texts or corpora beyond 2**31)
    starts: np.ndarray
    ends: np.ndarray
    hashes: np.ndarray      # uint64
    min_words: int = MIN_WORDS

    @classmethod
    def of_texts(cls, texts: Sequence[str], first_row: int = 0, min_words: int = MIN_WORDS) -> "Candidates":
        """The candidates of ``texts`` (plain ``str``), numbered from ``first_row``."""
        docs, starts, ends, hashes = segment_arrays(texts, min_words, MAX_KEY_CHARS)
        small = np.int32 if len(texts) + first_row < 2**31 and (not len(ends) or ends.max() < 2**31) else np.int64
        return cls((docs + first_row).astype(small), starts.astype(small), ends.astype(small), hashes.copy(),
                   min_words=min_words)

    @classmethod
    def concat(cls, parts: "list[Candidates]") -> "Candidates":
        """The candidates of consecutive chunks, in order."""
        if not parts:
            return cls.of_texts([])
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("rows", "starts", "ends", "hashes")),
                   min_words=parts[0].min_words)

    def take(self, where: np.ndarray) -> "Candidates":
        """The candidates at positions ``where``."""
        return Candidates(self.rows[where], self.starts[where], self.ends[where], self.hashes[where], self.min_words)

    def buckets(self) -> "Iterator[tuple[Candidates, np.ndarray]]":
        """Groups of candidates holding every candidate of each of their keys, each with the candidates'
        positions in the whole: all of them at once here (a spilled set gives one bucket at a time)."""
        yield self, np.arange(len(self.rows), dtype=np.int64)


def _nothing(n: int) -> Furniture:
    """No furniture in ``n`` articles."""
    return Furniture(*(TermMatrix.from_token_lists([[]] * n) for _ in range(3)))


def find_furniture(text: "ArticleText | pa.ChunkedArray | pa.Array", groups: np.ndarray, *,
                   candidates: Any = None, min_articles: int = MIN_ARTICLES,
                   min_share: float = MIN_SHARE, min_words: int = MIN_WORDS,
                   min_lift: float = MIN_LIFT, phrases: PhraseTable | None = None) -> Furniture:
    """Furniture of ``text`` (one string per article) per group of ``groups`` (publication codes, -1 =
    none); see the module rules. ``candidates``: the build's, found chunk by chunk (else found here), a
    :class:`Candidates` or what gives its :meth:`~Candidates.buckets` one at a time (an out-of-core build's,
    :class:`toolkit.index.spilled_parts.SpilledCandidates`); ``phrases``: the corpus' phrases (none if not
    given)."""
    text = as_article_text(text)
    n = len(text)
    if candidates is None:
        candidates = Candidates.of_texts([t or "" for t in text.to_arrow().to_pylist()], min_words=min_words)
    elif candidates.min_words != min_words:
        raise ValueError(f"candidates were found with min_words={candidates.min_words}, not {min_words}")
    if n == 0:
        return _nothing(n)
    group = np.asarray(groups, dtype=np.int64)
    group = np.where(group < 0, group.max(initial=0) + 1, group)          # no publication: one group
    sizes = np.bincount(group, minlength=int(group.max(initial=0)) + 1)
    marked, where = [], []
    for bucket, positions in candidates.buckets():     # (every key's candidates are in one bucket)
        found = _marked(bucket, group, sizes, min_articles, min_share, min_lift)
        marked.append(bucket.take(found))
        where.append(positions[found])
    chosen = Candidates.concat(marked).take(np.argsort(np.concatenate(where) if where else [], kind="stable"))
    if len(chosen.rows) == 0:
        return _nothing(n)
    return _furniture_matrices(text, chosen, n, phrases or PhraseTable([]))


def _marked(candidates: Candidates, group: np.ndarray, sizes: np.ndarray, min_articles: int, min_share: float,
            min_lift: float) -> np.ndarray:
    """Positions (ascending) of the ``candidates`` whose key is furniture of their article's group (the
    module rules); every candidate of a key must be among them. ``group``: each article's group (>= 0),
    ``sizes``: each group's articles."""
    none = np.zeros(0, dtype=np.int64)
    if len(candidates.rows) == 0:
        return none
    keys = pd.factorize(candidates.hashes)[0].astype(np.int64)            # one code per key, O(n)
    common = np.flatnonzero(np.bincount(keys)[keys] >= min_articles)     # rarer keys are in too few articles
    if len(common) == 0:
        return none
    code = pd.factorize(keys[common])[0].astype(np.int64)
    n_keys = int(code.max()) + 1
    owner = candidates.rows[common].astype(np.int64)
    pairs = pd.unique(owner * n_keys + code)                              # (article, key), each once
    pair_group = group[pairs // n_keys]
    pair_key = pairs % n_keys
    cells, found = np.unique(pair_group * n_keys + pair_key, return_counts=True)   # articles per (group, key)
    g, k = cells // n_keys, cells % n_keys
    often = (found >= min_articles) & (found >= min_share * sizes[g])
    if often.any() and np.count_nonzero(sizes) > 1:   # compare with the other publications' share
        rest = np.bincount(pair_key, minlength=n_keys)[k] - found
        often &= found * (len(group) - sizes[g]) >= min_lift * rest * sizes[g]
    if not often.any():
        return none
    return common[np.isin(group[owner] * n_keys + code, cells[often])]


def _furniture_matrices(text: ArticleText, marked: Candidates, n: int, phrases: PhraseTable) -> Furniture:
    """The three matrices of the ``marked`` candidates: only their articles' text is read, ``READ_ROWS``
    articles at a time."""
    builders = [MatrixBuilder(), MatrixBuilder(), MatrixBuilder()]     # tokens, keys, phrased
    key_text: dict[int, str] = {}                      # one text per key (all its segments share it)
    words: dict[str, tuple[list[str], list[str]]] = {}   # each distinct segment's tokens, and with phrases
    row_starts = np.flatnonzero(np.r_[True, marked.rows[1:] != marked.rows[:-1]])
    cuts = [*row_starts[::READ_ROWS].tolist(), len(marked.rows)]
    done = 0                                           # rows before this are in the builders
    for lo, hi in zip(cuts[:-1], cuts[1:]):
        rows = marked.rows[lo:hi].tolist()
        read = list(dict.fromkeys(rows))
        strings = dict(zip(read, text.take(np.asarray(read, dtype=np.int64)).to_pylist()))
        segments = [strings[r][s:e] for r, s, e in zip(rows, marked.starts[lo:hi].tolist(),
                                                      marked.ends[lo:hi].tolist())]
        del strings
        new = [t for t in dict.fromkeys(segments) if t not in words]
        counted = term_counts([normalize_text(t) for t in new])   # one scan: the words (== term_tokens), and
        words.update(zip(new, zip(compounded(counted, PhraseTable([])),   # the same with phrases as one token
                                  compounded(counted, phrases))))
        lists: tuple[dict[int, list[str]], ...] = ({}, {}, {})
        for r, k, segment in zip(rows, marked.hashes[lo:hi].tolist(), segments):
            if k not in key_text:
                key_text[k] = segment_key(segment)
            tokens, phrased = words[segment]
            lists[0].setdefault(r, []).extend(tokens)
            lists[1].setdefault(r, []).append(key_text[k])
            lists[2].setdefault(r, []).extend(phrased)
        last = read[-1] + 1 if hi == len(marked.rows) else int(marked.rows[hi])
        for builder, found in zip(builders, lists):
            builder.add_piece(*_piece_of_rows(found, done, last))
        done = last
    if done < n:
        for builder in builders:
            builder.add_piece(*_piece_of_rows({}, done, n))
    tokens, keys, phrased = (builder.finish() for builder in builders)
    return Furniture(tokens, keys, phrased)


def _piece_of_rows(lists: "dict[int, list[str]]", first: int, end: int) -> tuple[list[str], sp.csr_matrix]:
    """A piece (:func:`toolkit.index.matrix.count_piece`) of rows ``first..end-1`` holding ``lists[row]`` (rows
    ascending) and nothing elsewhere."""
    vocab, piece = count_piece(list(lists.values()))
    cells = piece.tocoo()
    rows = np.fromiter(lists.keys(), dtype=np.int64, count=len(lists)) - first
    return vocab, sp.csr_matrix((cells.data, (rows[cells.row], cells.col)), shape=(end - first, piece.shape[1]))


def aligned_tokens(furniture_tokens: TermMatrix, terms: TermMatrix) -> sp.csr_matrix:
    """The furniture token counts in the columns of ``terms`` (int64), never above the article's own counts.

    >>> t = TermMatrix.from_token_lists([["a", "b", "b"]]); f = TermMatrix.from_token_lists([["b"]])
    >>> aligned_tokens(f, t).toarray().tolist()
    [[0, 1]]
    """
    n_rows, n_cols = terms.X.shape
    if furniture_tokens.X.nnz == 0:
        return sp.csr_matrix((n_rows, n_cols), dtype=np.int64)
    cols = terms.columns(furniture_tokens.vocab.tolist())
    B = furniture_tokens.X.tocoo()
    keep = cols[B.col] >= 0
    aligned = sp.csr_matrix((B.data[keep].astype(np.int64), (B.row[keep], cols[B.col[keep]])),
                            shape=(n_rows, n_cols))
    aligned.sum_duplicates()
    aligned.data = np.minimum(aligned.data, _values_at(terms.X, aligned))   # (reads only these cells of X)
    aligned.eliminate_zeros()
    return aligned


def furniture_arrays(found: TermMatrix | None, terms: TermMatrix) -> dict[str, np.ndarray]:
    """The furniture of the build's ``found`` matrix (None: no furniture) in the columns of ``terms``, as arrays
    (:func:`toolkit.index.derived_store.sparse_arrays`): ``furniture`` (:func:`aligned_tokens`), ``untouched``
    (:func:`untouched_cells`) and ``per_article`` (furniture tokens per article)."""
    furniture = aligned_tokens(found if found is not None else TermMatrix.from_token_lists(
        [[]] * terms.X.shape[0]), terms)
    return {**sparse_arrays(furniture, "furniture"), **sparse_arrays(untouched_cells(furniture, terms.X), "untouched"),
            "per_article": np.asarray(furniture.sum(axis=1), dtype=np.int64).ravel()}


def deferred_furniture(found: TermMatrix | None, terms: TermMatrix, name: str,
                       remembered: Callable[[str, Callable[[], dict]], dict]
                       ) -> tuple[DeferredMatrix, DeferredMatrix, np.ndarray]:
    """:func:`furniture_arrays` of ``found`` in the columns of ``terms``, kept as result ``name`` by
    ``remembered`` (the index's :meth:`~toolkit.index.CorpusIndex.remembered`): the two matrices read (and
    their file verified) on first use of their cells, the tokens per article kept apart (``<name>-rows``),
    since a table of whole (publication, month) cells needs only those."""
    arrays = functools.cache(lambda: remembered(name, lambda: furniture_arrays(found, terms)))
    per_article = remembered(f"{name}-rows", lambda: {"per_article": arrays()["per_article"]})["per_article"]
    return (DeferredMatrix(terms.X.shape, lambda: sparse_from(arrays(), "furniture")),
            DeferredMatrix(terms.X.shape, lambda: sparse_from(arrays(), "untouched")), per_article)


def _values_at(X: sp.csr_matrix, pattern: sp.csr_matrix) -> np.ndarray:
    """``X``'s values (int64) at the cells ``pattern`` stores, in its order: looked up cell by cell (a binary
    search in each row), a block of rows at a time (:mod:`toolkit.index.row_blocks`), so nothing the size of
    ``X`` is made or stays resident."""
    out = np.zeros(pattern.nnz, dtype=np.int64)
    for r0, r1, _, _ in cell_blocks(X):
        lo, hi = int(pattern.indptr[r0]), int(pattern.indptr[r1])
        if hi > lo:
            rows = np.repeat(np.arange(r1 - r0), np.diff(pattern.indptr[r0:r1 + 1]))
            out[lo:hi] = np.asarray(X[r0:r1][rows, pattern.indices[lo:hi]]).ravel()
    return out


def untouched_cells(furniture: sp.csr_matrix, X: sp.csr_matrix) -> sp.csr_matrix:
    """0/1 matrix of the cells where every occurrence of a term in an article is furniture
    (``furniture`` = :func:`aligned_tokens`, so ``furniture <= X``).

    >>> untouched_cells(sp.csr_matrix([[1, 1]]), sp.csr_matrix([[1, 2]])).toarray().tolist()
    [[1, 0]]
    """
    B = sp.csr_matrix(furniture, dtype=np.int64)
    B.sort_indices()
    at = _values_at(X, B)                                   # X on B's pattern (B > 0 implies X > 0)
    out = sp.csr_matrix(((at == B.data).astype(np.int64), B.indices.copy(), B.indptr.copy()), shape=B.shape)
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


def without_furniture(sums: Any, furniture: Any, untouched: Any, per_article: np.ndarray, groups: Groups,
                      mask: np.ndarray | None, summed: Callable[[str, Any], sp.csr_matrix]) -> WithoutFurniture:
    """``sums`` (a ``GroupSums`` of the terms matrix over the selection, per group of ``groups``) minus the
    furniture of the same articles (``per_article``: furniture tokens per article). ``summed(name, X)``: the
    group sums of ``furniture`` (``"furniture"``) or ``untouched`` (``"untouched"``) over the selection (the
    index's ``Grouper``, which keeps them per (publication, month) cell, so the matrices, which may be
    :class:`~toolkit.index.deferred_matrix.DeferredMatrix`, need not be read; the selection's rows without
    furniture add nothing to them)."""
    held = np.asarray(per_article) > 0
    rows = held if mask is None else held & mask
    if not groups.grouped(rows).any():
        return WithoutFurniture(sums.counts, sums, sp.csr_matrix(sums.counts.shape, dtype=np.int64))
    counts = sums.counts - summed("furniture", furniture)
    return WithoutFurniture(sp.csr_matrix(counts), sums, summed("untouched", untouched))


def furniture_report(segments: TermMatrix | None, groups: Groups, mask: np.ndarray | None) -> pd.DataFrame:
    """The furniture keys (``segments``: articles × keys, the ``"boilerplate_segments"`` matrix) the selected
    articles hold, per group: ``[<by>,] segment, articles, share`` (of the group's selected articles),
    sorted by group, then articles descending (``view.boilerplate(by)``)."""
    labels = groups.labels
    columns = list(labels.columns) + ["segment", "articles", "share"]
    if segments is None or segments.X.nnz == 0:
        dtypes = {"articles": "int64", "share": "float64"}
        return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in columns})
    docs = groups.sum(segments.X, mask, binary=True).tocoo()
    sizes = groups.sizes(mask)
    out = (labels.iloc[docs.row].reset_index(drop=True) if len(labels.columns)
           else pd.DataFrame(index=range(docs.nnz)))
    out["segment"] = pd.array(segments.vocab[docs.col].tolist(), dtype="str")
    out["articles"] = docs.data.astype(np.int64)
    out["share"] = docs.data / np.maximum(sizes[docs.row], 1)
    order = np.lexsort((out["segment"].to_numpy(dtype=object), -out["articles"].to_numpy(), docs.row))
    return out.iloc[order].reset_index(drop=True)
