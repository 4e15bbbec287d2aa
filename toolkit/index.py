"""CorpusIndex: index a loaded corpus once, then filter and count in milliseconds.

The index holds, per article (row ``i`` = row ``i`` of the DataFrame it was built from):

- sparse document × term counts (scipy CSR, ``int32``) over the word tokens of
  :func:`toolkit.text.tokenize` with ``TERM_OPTIONS`` (lowercase, punctuation dropped). Stopwords are
  *kept* in the matrix and only hidden from term tables, so per-10,000 rates divide by **all** word
  tokens (stopwords included) and a stopword can still be searched;
- sparse document × entity counts for hashtags, handles and cashtags (case-folded ``Entity.key``);
- the per-article numbers of :func:`toolkit.features.features` and the metadata columns;
- posting lists (the CSC structure of each matrix) for instant keyword filters;
- the text itself as one Arrow array, for phrase / regex filters and concordances.

Filters (publication, author, date range, keyword / phrase / regex, minimum length) give a
:class:`CorpusView`, a boolean row mask over the same index; a view can be filtered again, and answers
the same questions as the index: ``top_terms``, ``top_hashtags``, ``top_handles``, ``top_cashtags``,
``source_counts``, ``quote_stats``, ``articles``.

Table conventions (``toolkit.scale`` reproduces them): ``top_*`` return columns
``[<by>,] term, count, per_10k, doc_freq``, sorted by (``<by>``, count desc, term asc), ``k`` rows per
group; ``per_10k = count / word tokens of the group's articles * 10,000``; ``doc_freq`` = articles of
the group containing the term. Group values are strings (``month`` = ``"YYYY-MM"``); articles whose
group value is missing are left out of by-group tables. An empty selection gives empty tables with the
same columns, never an exception. :func:`top_from_counts` turns counts made elsewhere (dask partitions)
into the identical table.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"publication": ["a", "b"], "date": ["2016-01-05", "2016-02-01"],
    ...                    "content": ["Trump won. Trump #MAGA", "Clinton spoke"]})
    >>> idx = CorpusIndex.build(df, progress=False)
    >>> idx.filter(keyword="trump").top_terms(1)[["term", "count"]].values.tolist()
    [['trump', 2]]
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

__all__ = ["CorpusIndex", "CorpusView", "index", "as_view", "top_from_counts", "TermMatrix", "KINDS",
           "TERM_OPTIONS", "ENTITY_KINDS", "term_tokens", "stopword_set", "phrase_regex", "default_cache_dir",
           "files_cache_key", "regex_requirements"]

#: options passed to :func:`toolkit.text.tokenize` for the document × term matrix
TERM_OPTIONS: dict[str, Any] = {"lowercase": True, "drop_punct": True}
#: entity matrices: kind -> name of the extractor in :mod:`toolkit.text`
ENTITY_KINDS: tuple[str, ...] = ("hashtags", "handles", "cashtags")
KINDS: tuple[str, ...] = ("terms",) + ENTITY_KINDS
INDEX_FORMAT = 2
METADATA_COLUMNS = ["id", "title", "publication", "author", "date", "url", "source_file"]
GROUPINGS = ("publication", "author", "month", "year")
TOP_COLUMNS = ["term", "count", "per_10k", "doc_freq"]
_CHUNK = 2_000
_NAT = np.iinfo(np.int64).min


# ---------------------------------------------------------------------------------------------------
# tokens: always through toolkit.text
# ---------------------------------------------------------------------------------------------------

def term_tokens(texts: "str | pd.Series") -> "list[str] | pd.Series":
    """The tokens the index counts: :func:`toolkit.text.tokenize` with ``TERM_OPTIONS``.

    >>> term_tokens("The U.S. won, again!")[:1]
    ['the']
    """
    from toolkit.text import tokenize

    return tokenize(texts, **TERM_OPTIONS)


def stopword_set() -> frozenset[str]:
    """The bundled English stopwords hidden from term tables (never NLTK's, so tables are reproducible).

    >>> "the" in stopword_set()
    True
    """
    from toolkit.text.stopwords import bundled_stopwords

    return bundled_stopwords()


def phrase_regex(tokens: Sequence[str], *, flavor: str = "python") -> str:
    """A case-insensitive regex for consecutive term ``tokens`` in raw or PTB-tokenized text.

    Between two tokens any run of non-word characters (none where a token ends or starts with one, or
    where letters meet digits: ``COVID19``); inside a token, a space may stand beside each
    non-alphanumeric character (``U.S .``, ``# FreeMilo``, ``I 'm``), an apostrophe may be curly, and
    PTB's other splits are allowed: ``do n't``, ``can not``, ``gon na``. ``flavor="python"`` uses
    look-arounds (for spans, :mod:`re`); ``"re2"`` (pyarrow) consumes one boundary character instead,
    which is enough to test for a match.

    >>> bool(re.search(phrase_regex(["white", "house"]), "the White  House, said"))
    True
    >>> [bool(re.search(phrase_regex(["don't", "know"]), t)) for t in ("I don’t know", "I do n't know", "dont know")]
    [True, True, False]
    """
    parts = []
    for i, token in enumerate(tokens):
        if i:
            prev = tokens[i - 1][-1:]
            glued = not (prev.isalnum() and token[:1].isalnum()) or prev.isdigit() != token[:1].isdigit()
            parts.append(r"[\W_]*" if glued else r"[\W_]+")
        parts.append(_token_regex(token))
    core = "".join(parts)
    if flavor == "re2":
        return r"(?i)(?:^|[\W_])" + core + r"(?:[\W_]|$)"
    return r"(?i)(?<![^\W_])" + core + r"(?![^\W_])"


_PTB_SPLIT_WORDS = {"cannot": ("can", "not"), "gonna": ("gon", "na"), "wanna": ("wan", "na"), "gotta": ("got", "ta")}


def _token_regex(token: str) -> str:
    """One term token as a regex that also matches its PTB-split spellings."""
    if token.lower() in _PTB_SPLIT_WORDS:
        first, second = _PTB_SPLIT_WORDS[token.lower()]
        return first + r"\s?" + second
    out = []
    for i, char in enumerate(token):
        if char in "'’":
            out.append(r"\s?['’]\s?")
        elif not char.isalnum():
            out.append(r"\s?" + re.escape(char) + r"\s?")
        elif char in "nN" and token[i + 1:i + 3] in ("'t", "’t"):
            out.append(r"\s?" + char)     # do n't
        else:
            out.append(re.escape(char))
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# one sparse matrix with its vocabulary and postings
# ---------------------------------------------------------------------------------------------------

def _varint_encode(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-negative ints → (bytes, bytes per value): 7 bits a byte, high bit set on all but the last."""
    values = np.asarray(values, dtype=np.int64)
    n_bytes = np.ones(len(values), dtype=np.uint8)
    for shift in (7, 14, 21, 28, 35, 42, 49, 56):
        big = values >= (1 << shift)
        if not big.any():
            break
        n_bytes += big
    if len(values) == 0 or n_bytes.max() == 1:
        return values.astype(np.uint8), n_bytes
    starts = np.cumsum(n_bytes, dtype=np.int64)
    out = np.empty(int(starts[-1]), dtype=np.uint8)
    starts -= n_bytes
    for k in range(int(n_bytes.max())):
        sel = np.flatnonzero(n_bytes > k)
        more = (n_bytes[sel] > k + 1).astype(np.uint8) << 7
        out[starts[sel] + k] = ((values[sel] >> (7 * k)) & 0x7F).astype(np.uint8) | more
    return out, n_bytes


def _varint_decode(buf: np.ndarray) -> np.ndarray:
    """Inverse of :func:`_varint_encode` (the values, int64)."""
    if len(buf) == 0:
        return np.empty(0, dtype=np.int64)
    last = buf < 0x80
    if last.all():
        return buf.astype(np.int64)
    ends = np.flatnonzero(last)
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    position = np.arange(len(buf)) - np.repeat(starts, ends - starts + 1)
    return np.add.reduceat((buf & 0x7F).astype(np.int64) << (7 * position), starts)


def _postings_of(X: sp.csr_matrix, block_nnz: int = 2_000_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Posting lists of every column of ``X``: (byte offsets, varint bytes, lengths).

    Each list holds the column's rows ascending as varint deltas (frequent terms take one byte per
    article instead of four). Columns are transposed in blocks of about ``block_nnz`` cells, so the
    transient memory stays small.
    """
    n_rows, n_cols = X.shape
    doc_counts = np.bincount(X.indices, minlength=n_cols).astype(np.int32)
    col_bytes = np.zeros(n_cols, dtype=np.int64)
    parts: list[np.ndarray] = []
    cum = np.cumsum(doc_counts, dtype=np.int64)
    c0 = 0
    structure = sp.csr_matrix((np.ones(X.nnz, dtype=np.int8), X.indices, X.indptr), shape=X.shape, copy=False)
    while c0 < n_cols:
        base = cum[c0 - 1] if c0 else 0
        c1 = int(np.searchsorted(cum, base + block_nnz, side="right"))
        c1 = min(max(c1, c0 + 1), n_cols)
        block = structure[:, c0:c1].tocsc()
        rows = block.indices.astype(np.int64)
        deltas = rows.copy()
        deltas[1:] -= rows[:-1]
        firsts = block.indptr[:-1][np.diff(block.indptr) > 0]
        deltas[firsts] = rows[firsts]              # each list starts from row 0
        encoded, n_bytes = _varint_encode(deltas)
        sizes = np.diff(block.indptr)
        if len(n_bytes):
            nonempty = sizes > 0
            col_bytes[c0:c1][nonempty] = np.add.reduceat(n_bytes, block.indptr[:-1][nonempty])
        parts.append(encoded)
        del block, rows, deltas
        c0 = c1
    ptr = np.zeros(n_cols + 1, dtype=np.int64)
    np.cumsum(col_bytes, out=ptr[1:])
    data = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint8)
    return ptr, data, doc_counts


def _group_counts(X: sp.csr_matrix, mask: np.ndarray | None, codes: np.ndarray, n_groups: int) -> sp.csr_matrix:
    """Groups × columns sums (CSR, int64) of the rows of ``X`` selected by ``mask``; code -1 is skipped."""
    sel = codes >= 0 if mask is None else mask & (codes >= 0)
    rows = np.flatnonzero(sel)
    G = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (codes[rows], rows)), shape=(n_groups, X.shape[0]))
    out = (G @ X).tocsr()
    out.sort_indices()
    return out.astype(np.int64)


@dataclass
class TermMatrix:
    """Documents × vocabulary counts (CSR) plus posting lists and term order.

    Counts are ``uint16`` when every cell fits (else ``int32``); posting lists (the rows containing
    each column, ascending) are stored compressed and decoded by :meth:`postings`.

    >>> m = TermMatrix.from_token_lists([["a", "b", "a"], ["b"]])
    >>> m.vocab.tolist(), m.postings(m.column("b")).tolist(), m.doc_counts.tolist()
    (['a', 'b'], [0, 1], [1, 2])
    """

    vocab: np.ndarray            # object array of str, column order
    X: sp.csr_matrix             # counts (uint16 or int32)
    post_ptr: np.ndarray         # int64 byte offset of each column's posting list in post_bytes
    post_bytes: np.ndarray       # uint8 varint row deltas, column after column
    doc_counts: np.ndarray       # int32 rows containing each column (posting list lengths)

    def __post_init__(self) -> None:
        self._lookup: dict[str, int] | None = None
        self._rank: np.ndarray | None = None
        self._vocab_arrow: pa.Array | None = None

    @classmethod
    def from_token_lists(cls, docs: Iterable[list[str]]) -> "TermMatrix":
        return _MatrixBuilder().add(list(docs)).finish()

    @property
    def rank(self) -> np.ndarray:
        """Alphabetical (code point) rank of each column, for ``term asc`` tie-breaks."""
        if self._rank is None:
            rank = np.empty(len(self.vocab), dtype=np.int64)
            rank[np.argsort(self.vocab, kind="stable")] = np.arange(len(self.vocab))
            self._rank = rank
        return self._rank

    @property
    def vocab_arrow(self) -> pa.Array:
        """The vocabulary as an Arrow string array (for substring searches over terms)."""
        if self._vocab_arrow is None:
            self._vocab_arrow = pa.array(self.vocab.tolist(), type=pa.string())
        return self._vocab_arrow

    def column(self, term: str) -> int:
        """Column of ``term``, -1 when absent."""
        if self._lookup is None:
            self._lookup = {t: i for i, t in enumerate(self.vocab.tolist())}
        return self._lookup.get(term, -1)

    def postings(self, col: int) -> np.ndarray:
        """Rows (articles) containing column ``col``, ascending (int64)."""
        if col < 0:
            return np.empty(0, dtype=np.int64)
        deltas = _varint_decode(self.post_bytes[self.post_ptr[col]:self.post_ptr[col + 1]])
        return np.cumsum(deltas, out=deltas)

    def rows_with_any(self, cols: np.ndarray, n_rows: int) -> np.ndarray:
        """Boolean mask of the rows containing at least one of ``cols`` (all lists decoded at once)."""
        hit = np.zeros(n_rows, dtype=bool)
        cols = np.asarray(cols, dtype=np.int64)
        cols = cols[self.doc_counts[cols] > 0]
        if len(cols) == 0:
            return hit
        starts, ends = self.post_ptr[cols], self.post_ptr[cols + 1]
        lengths = ends - starts
        first = np.cumsum(lengths) - lengths
        where = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - first, lengths)
        rows = np.cumsum(_varint_decode(self.post_bytes[where]))
        counts = self.doc_counts[cols].astype(np.int64)
        ends_at = np.cumsum(counts)
        before = np.concatenate([[0], rows[ends_at[:-1] - 1]]) if len(rows) else np.zeros(0, dtype=np.int64)
        rows -= np.repeat(before, counts)             # each list restarts from row 0
        hit[rows] = True
        return hit

    def group_counts(self, mask: np.ndarray | None, codes: np.ndarray, n_groups: int) -> sp.csr_matrix:
        """Groups × vocabulary sums (CSR, int64) of the selected rows; rows with code -1 are skipped."""
        return _group_counts(self.X, mask, codes, n_groups)

    def doc_freq(self, mask: np.ndarray | None, codes: np.ndarray | None, n_groups: int,
                 cols: np.ndarray) -> np.ndarray:
        """Articles containing each column, per group: array ``(n_groups, len(cols))``."""
        out = np.zeros((n_groups, len(cols)), dtype=np.int64)
        for c, col in enumerate(cols):
            docs = self.postings(int(col))
            if mask is not None:
                docs = docs[mask[docs]]
            if codes is None:
                out[0, c] = len(docs)
            else:
                g = codes[docs]
                out[:, c] = np.bincount(g[g >= 0], minlength=n_groups)[:n_groups]
        return out

    # -- storage ----------------------------------------------------------------------------------
    def save(self, folder: Path, kind: str) -> None:
        np.savez(folder / f"{kind}.npz", data=self.X.data, indices=self.X.indices, indptr=self.X.indptr,
                 shape=np.array(self.X.shape), post_ptr=self.post_ptr, post_bytes=self.post_bytes,
                 doc_counts=self.doc_counts)
        pd.DataFrame({"term": pd.array(self.vocab.tolist(), dtype="str")}).to_parquet(
            folder / f"{kind}_vocab.parquet")

    @classmethod
    def load(cls, folder: Path, kind: str) -> "TermMatrix":
        z = np.load(folder / f"{kind}.npz")
        X = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]))
        vocab = pd.read_parquet(folder / f"{kind}_vocab.parquet")["term"].to_numpy(dtype=object)
        return cls(vocab, X, z["post_ptr"], z["post_bytes"], z["doc_counts"])


def _factorize(docs: list[list[str]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Token lists → (flat token codes, tokens per document, local vocabulary)."""
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    flat = np.fromiter((t for d in docs for t in d), dtype=object, count=int(lengths.sum()))
    if len(flat):
        codes, uniques = pd.factorize(flat)
        return codes.astype(np.int64), lengths, list(uniques)
    return np.empty(0, dtype=np.int64), lengths, []


def _count_piece(docs: list[list[str]]) -> tuple[list[str], sp.csr_matrix]:
    """Token lists → (local vocabulary, documents × local vocabulary CSR counts)."""
    codes, lengths, vocab = _factorize(docs)
    rows = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    piece = sp.csr_matrix((np.ones(len(codes), dtype=np.int32), (rows, codes.astype(np.int32))),
                          shape=(len(lengths), max(len(vocab), 1)))
    piece.sum_duplicates()
    if piece.nnz and piece.data.max() <= np.iinfo(np.uint16).max:
        piece.data = piece.data.astype(np.uint16)   # halves what workers send and what the index keeps
    return vocab, piece


# texts of the index being built, shared with forked workers (copy-on-write) during CorpusIndex.build
_WORK_TEXTS: pd.Series | None = None


def _index_chunk(bounds: tuple[int, int]) -> tuple[dict[str, Any], pd.DataFrame]:
    """Count terms and entities and compute the features of rows ``start:stop`` of ``_WORK_TEXTS``.

    The entities come from the same pass that computes the features, so they are extracted once."""
    from toolkit.features import features_frame, featurize_texts
    from toolkit.text._input import iter_texts

    start, stop = bounds
    chunk = _WORK_TEXTS.iloc[start:stop]
    pieces: dict[str, Any] = {"terms": _count_piece(term_tokens(chunk).tolist())}
    found: dict[str, list] = {}
    counts = featurize_texts(iter_texts(chunk), entities=found)
    for kind in ENTITY_KINDS:
        pieces[kind] = _count_piece([[entity.key for entity in entities] for entities in found[kind]])
    return pieces, features_frame(counts, chunk.index)


def _resolve_jobs(n_jobs: int | None, n_bytes: int) -> int:
    import multiprocessing

    if n_jobs is not None:
        return max(1, n_jobs)
    if n_bytes < 8_000_000 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


class _MatrixBuilder:
    """Accumulates chunk pieces (local vocabulary + CSR) into one vocabulary and CSR matrix."""

    def __init__(self) -> None:
        self.lookup: dict[str, int] = {}
        self.pieces: list[sp.csr_matrix] = []

    def add(self, docs: list[list[str]]) -> "_MatrixBuilder":
        return self.add_piece(*_count_piece(docs))

    def add_piece(self, vocab: list[str], piece: sp.csr_matrix) -> "_MatrixBuilder":
        lookup = self.lookup
        to_global = np.fromiter((lookup.setdefault(t, len(lookup)) for t in vocab), dtype=np.int32,
                                count=len(vocab))
        indices = to_global[piece.indices] if len(vocab) else piece.indices
        self.pieces.append(sp.csr_matrix((piece.data, indices, piece.indptr),
                                         shape=(piece.shape[0], max(len(lookup), 1))))
        return self

    def finish(self) -> TermMatrix:
        """The whole matrix; pieces are copied into place and released one by one (peak ≈ 1 matrix)."""
        n_cols = len(self.lookup)
        n_rows = sum(p.shape[0] for p in self.pieces)
        nnz = sum(p.nnz for p in self.pieces)
        index_dtype = np.int32 if nnz < np.iinfo(np.int32).max else np.int64
        small = all(p.data.dtype == np.uint16 for p in self.pieces if p.nnz)
        data = np.empty(nnz, dtype=np.uint16 if small else np.int32)
        indices = np.empty(nnz, dtype=np.int32)
        indptr = np.zeros(n_rows + 1, dtype=index_dtype)
        row = pos = 0
        self.pieces.reverse()
        while self.pieces:
            piece = self.pieces.pop()
            data[pos:pos + piece.nnz] = piece.data
            indices[pos:pos + piece.nnz] = piece.indices
            indptr[row + 1:row + 1 + piece.shape[0]] = piece.indptr[1:] + pos
            row += piece.shape[0]
            pos += piece.nnz
            del piece
        X = sp.csr_matrix((data, indices, indptr), shape=(n_rows, n_cols), copy=False)
        X.has_sorted_indices = False
        X.sort_indices()
        post_ptr, post_bytes, doc_counts = _postings_of(X)
        vocab = np.empty(n_cols, dtype=object)
        vocab[:] = list(self.lookup)
        return TermMatrix(vocab, X, post_ptr, post_bytes, doc_counts)


@dataclass
class _GroupSums:
    """Result of :meth:`CorpusIndex._sums`: ``counts`` = W·rows + Wc·cells; doc_freq the same way."""

    counts: sp.csr_matrix
    W: sp.csr_matrix | None           # groups × residual rows, weights ±1
    rows: sp.csr_matrix | None        # the residual rows of the matrix
    Wc: sp.csr_matrix | None          # groups × whole cells
    cell_docs: sp.csc_matrix | None   # cells × vocabulary: articles containing each entry

    def doc_freq(self, cols: np.ndarray) -> np.ndarray:
        """Articles containing each of ``cols``, per group: array ``(n_groups, len(cols))``."""
        out = np.zeros((self.counts.shape[0], len(cols)), dtype=np.int64)
        if self.W is not None:
            present = self.rows[:, cols]
            present.data = (present.data > 0).astype(np.int64)
            out += (self.W @ present).toarray()
        if self.Wc is not None:
            out += (self.Wc @ self.cell_docs[:, cols]).toarray()
        return out


# ---------------------------------------------------------------------------------------------------
# the index
# ---------------------------------------------------------------------------------------------------

class CorpusIndex:
    """Sparse term/entity counts, per-article features and metadata of a corpus; see the module doc.

    Build with :meth:`build` (a DataFrame from :func:`toolkit.load`) or :meth:`from_files` (cached on
    disk); query it directly or through :meth:`filter`.

    >>> import pandas as pd
    >>> idx = CorpusIndex.build(pd.DataFrame({"content": ["Hello world", "world news"]}), progress=False)
    >>> idx.n_articles, idx.top_terms(1).term.tolist()
    (2, ['world'])
    """

    def __init__(self, meta: pd.DataFrame, text: pa.ChunkedArray, matrices: dict[str, TermMatrix],
                 key: str | None = None) -> None:
        self.meta = meta
        self.text = text
        self.matrices = matrices
        self.key = key
        self.n_words = np.asarray(matrices["terms"].X.sum(axis=1), dtype=np.int64).ravel()
        self._stop_cols: np.ndarray | None = None
        self._group_cache: dict[Any, tuple[np.ndarray, pd.DataFrame]] = {}
        self._cell_ids: tuple[np.ndarray, int] | None = None
        self._cell_sizes = np.zeros(0, dtype=np.int64)
        self._cell_group_cache: dict[Any, np.ndarray | None] = {}
        self._cell_totals: dict[str, tuple[sp.csr_matrix, sp.csc_matrix]] = {}
        self._categories: dict[str, tuple[np.ndarray, pd.Index]] = {}
        self._dates = _date_ints(meta["date"]) if "date" in meta else np.full(len(meta), _NAT)
        self._text_starts: np.ndarray | None = None

    # -- construction -----------------------------------------------------------------------------
    @classmethod
    def build(cls, df: pd.DataFrame, *, text_column: str = "content", progress: bool | None = None,
              cache_dir: str | Path | None = None, n_jobs: int | None = None) -> "CorpusIndex":
        """Index ``df`` (as returned by :func:`toolkit.load`); with ``cache_dir``, reuse a saved index.

        The cache key is a hash of the DataFrame's content, the toolkit version and the token options.
        ``n_jobs``: worker processes (forked; None = every core for corpora over 8 MB, else 1).

        >>> import pandas as pd
        >>> CorpusIndex.build(pd.DataFrame({"content": ["a b", "b"]}), progress=False).n_articles
        2
        """
        if text_column not in df.columns:
            raise KeyError(f"no text column {text_column!r}; columns are {list(df.columns)}")
        key = None
        if cache_dir is not None:
            digest = hashlib.blake2b(digest_size=16)
            digest.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
            digest.update(",".join(map(str, df.columns)).encode())
            key = _settings_key("frame:" + digest.hexdigest() + ":" + text_column)
            cached = Path(cache_dir) / key
            if (cached / "manifest.json").exists():
                return cls.load(cached)
        idx = cls._build(df, text_column, progress, n_jobs)
        idx.key = key
        if cache_dir is not None:
            idx.save(Path(cache_dir) / key)
        return idx

    @classmethod
    def _build(cls, df: pd.DataFrame, text_column: str, progress: bool | None,
               n_jobs: int | None = None) -> "CorpusIndex":
        from tqdm.auto import tqdm

        global _WORK_TEXTS
        df = df.reset_index(drop=True)
        texts = df[text_column]
        if not isinstance(texts.dtype, pd.StringDtype) or texts.dtype.storage != "pyarrow":
            texts = texts.astype(pd.StringDtype("pyarrow", na_value=np.nan))
        text = texts.array.__arrow_array__()   # the DataFrame's own Arrow chunks: no copy of the text
        if not isinstance(text, pa.ChunkedArray):
            text = pa.chunked_array([text])
        jobs = _resolve_jobs(n_jobs, text.nbytes)
        builders: dict[str, Any] = {kind: _MatrixBuilder() for kind in KINDS}
        feature_parts = []
        bounds = [(s, min(s + _CHUNK, len(df))) for s in range(0, len(df), _CHUNK)] or [(0, 0)]
        bar = tqdm(total=len(df), desc="indexing", unit="articles",
                   disable=(not progress) if progress is not None else len(df) < 20_000)
        _WORK_TEXTS = texts
        try:
            if jobs > 1:
                import gc
                import multiprocessing

                import toolkit.features  # noqa: F401  imported before forking: the workers share it
                # frozen objects are never visited by the workers' garbage collector, so their pages
                # stay shared with this process instead of being copied into every worker
                gc.collect()
                gc.freeze()
                try:
                    with multiprocessing.get_context("fork").Pool(jobs) as pool:
                        results = pool.imap(_index_chunk, bounds)
                        for (start, stop), (pieces, feats) in zip(bounds, results):
                            for kind, piece in pieces.items():
                                builders[kind].add_piece(*piece)
                            feature_parts.append(feats)
                            bar.update(stop - start)
                finally:
                    gc.unfreeze()
            else:
                for start, stop in bounds:
                    pieces, feats = _index_chunk((start, stop))
                    for kind, piece in pieces.items():
                        builders[kind].add_piece(*piece)
                    feature_parts.append(feats)
                    bar.update(stop - start)
        finally:
            _WORK_TEXTS = None
            bar.close()
        matrices = {kind: b.finish() for kind, b in builders.items()}
        feats = pd.concat(feature_parts).reset_index(drop=True)
        meta = _metadata(df).join(feats)
        return cls(meta, text, matrices)

    @classmethod
    def from_files(cls, paths: "str | Path | Sequence[str | Path]", cache_dir: str | Path | None = None,
                   *, progress: bool | None = None, n_jobs: int | None = None, **load_kw: Any) -> "CorpusIndex":
        """Load ``paths`` with :func:`toolkit.load` and index them, cached under ``cache_dir``.

        The cache entry (:func:`files_cache_key`) is keyed by the content of every source file plus
        toolkit version and token options: an unchanged corpus reloads in seconds, a changed file
        rebuilds. ``cache_dir`` defaults to :func:`default_cache_dir`.

        >>> idx = CorpusIndex.from_files("data/sample")      # doctest: +SKIP
        """
        from toolkit.io import load

        folder = (Path(cache_dir) if cache_dir is not None else default_cache_dir()).expanduser()
        key = files_cache_key(paths, **load_kw)
        cached = folder / key
        if (cached / "manifest.json").exists():
            return cls.load(cached)
        df = load(paths if isinstance(paths, (str, Path)) else list(paths), progress=progress, **load_kw)
        idx = cls._build(df, "content", progress, n_jobs)
        idx.key = key
        idx.save(cached)
        return idx

    def save(self, path: str | Path) -> Path:
        """Write the index to folder ``path`` (npz matrices + parquet metadata/text); returns the folder."""
        folder = Path(path)
        tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
        tmp.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(self.meta, preserve_index=False)
        table = table.append_column("__text__", self.text)
        import pyarrow.parquet as pq

        pq.write_table(table, tmp / "articles.parquet", compression="zstd")
        for kind, m in self.matrices.items():
            m.save(tmp, kind)
        manifest = {"format": INDEX_FORMAT, "toolkit": _toolkit_version(), "term_options": TERM_OPTIONS,
                    "key": self.key, "n_articles": self.n_articles, "kinds": list(self.matrices)}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        tmp.rename(folder)
        return folder

    @classmethod
    def load(cls, path: str | Path) -> "CorpusIndex":
        """Reopen an index written by :meth:`save`.

        >>> idx = CorpusIndex.load("~/.cache/toolkit/index/abc")      # doctest: +SKIP
        """
        import pyarrow.parquet as pq

        folder = Path(path).expanduser()
        manifest = json.loads((folder / "manifest.json").read_text())
        if manifest.get("format") != INDEX_FORMAT:
            raise ValueError(f"{folder} holds index format {manifest.get('format')}, expected {INDEX_FORMAT}")
        table = pq.read_table(folder / "articles.parquet")
        text = table.column("__text__")
        meta = table.drop(["__text__"]).to_pandas()
        matrices = {kind: TermMatrix.load(folder, kind) for kind in manifest["kinds"]}
        return cls(meta, text, matrices, key=manifest.get("key"))

    # -- filtering --------------------------------------------------------------------------------
    @property
    def n_articles(self) -> int:
        """Number of articles indexed."""
        return len(self.meta)

    def filter(self, publication: "str | Sequence[str] | None" = None, start: Any = None, end: Any = None,
               author: "str | Sequence[str] | None" = None, keyword: str | None = None, regex: bool = False,
               min_tokens: int | None = None) -> "CorpusView":
        """A view of the articles matching every given condition (see :meth:`CorpusView.filter`).

        >>> idx.filter(publication="nyt", start="2016-01-01", keyword="white house")   # doctest: +SKIP
        """
        return CorpusView(self, None).filter(publication=publication, start=start, end=end, author=author,
                                             keyword=keyword, regex=regex, min_tokens=min_tokens)

    def _mask(self, base: np.ndarray | None, publication: Any, start: Any, end: Any, author: Any,
              keyword: str | None, regex: bool, min_tokens: int | None) -> np.ndarray:
        mask = np.ones(self.n_articles, dtype=bool) if base is None else base.copy()
        for column, wanted in (("publication", publication), ("author", author)):
            if wanted is not None:
                wanted = [wanted] if isinstance(wanted, str) else list(wanted)
                codes, categories = self._category_codes(column)
                table = np.zeros(len(categories) + 1, dtype=bool)   # last slot: missing value (-1)
                found = categories.get_indexer(wanted)
                table[found[found >= 0]] = True
                mask &= table[codes]
        if start is not None:
            mask &= (self._dates != _NAT) & (self._dates >= pd.Timestamp(start).value)
        if end is not None:
            end_ts = pd.Timestamp(end)
            bound = end_ts + pd.Timedelta(days=1) if end_ts == end_ts.normalize() else end_ts
            strict = end_ts == end_ts.normalize()
            mask &= (self._dates != _NAT) & ((self._dates < bound.value) if strict else (self._dates <= bound.value))
        if min_tokens is not None:
            mask &= self.meta["tokens"].to_numpy() >= min_tokens
        if keyword is not None and keyword != "" and mask.any():
            mask &= self._keyword_mask(keyword, regex, mask)
        return mask

    def _category_codes(self, column: str) -> tuple[np.ndarray, pd.Index]:
        """Category codes (-1 = missing) and categories of a metadata column, computed once."""
        if column not in self._categories:
            if column in self.meta:
                values = self.meta[column]
                if not isinstance(values.dtype, pd.CategoricalDtype):
                    values = values.astype("category")
                self._categories[column] = (values.cat.codes.to_numpy().astype(np.int64),
                                            pd.Index(values.cat.categories))
            else:
                self._categories[column] = (np.full(self.n_articles, -1, dtype=np.int64), pd.Index([]))
        return self._categories[column]

    def _keyword_mask(self, keyword: str, regex: bool, within: np.ndarray) -> np.ndarray:
        """Rows of ``within`` matching ``keyword`` (see :meth:`CorpusView.filter`).

        Every kind of keyword narrows the rows with the index before any text is read:
        one token → its posting list; a phrase → the posting lists of all its tokens (rarest first),
        then RE2 over the survivors' text; a regex → the posting
        lists of the terms containing the letters/digits every match must contain
        (:func:`regex_requirements`), then RE2 over the survivors' text.
        """
        if regex:
            pattern = keyword if keyword.startswith("(?") else "(?i)" + keyword
            _check_re2(pattern)
            candidates = within & self._required_rows(regex_requirements(keyword), within)
            return self._text_match(candidates, pattern, regex=True)
        tokens = term_tokens(keyword)
        if not tokens:
            return self._text_match(within, keyword, regex=False)
        terms = self.matrices["terms"]
        cols = [terms.column(tok) for tok in dict.fromkeys(tokens)]
        if min(cols) < 0:
            return np.zeros(self.n_articles, dtype=bool)
        candidates = within.copy()
        for col in sorted(cols, key=lambda c: terms.doc_counts[c]):     # rarest first
            hit = np.zeros(self.n_articles, dtype=bool)
            hit[terms.postings(col)] = True
            candidates &= hit
            if not candidates.any():
                return candidates
        if len(tokens) == 1 or not candidates.any():
            return candidates
        return self._text_match(candidates, phrase_regex(tokens, flavor="re2"), regex=True)

    def _required_rows(self, requirement: list | None, within: np.ndarray) -> np.ndarray:
        """Rows that may satisfy ``requirement`` (from :func:`regex_requirements`); ``within`` when
        nothing can be ruled out. A run of ASCII letters (or of digits) can only be in an article
        that has a term containing it: term tokens never split such a run (a test checks this on
        every real corpus)."""
        if not requirement:
            return within
        terms = self.matrices["terms"]
        budget = 2 * self.n_articles      # decoding more postings than this costs more than it saves
        found: dict[str, tuple[int, np.ndarray]] = {}

        def columns(run: str) -> tuple[int, np.ndarray]:
            if run not in found:
                hits = pc.match_substring(terms.vocab_arrow, run, ignore_case=True)
                cols = np.flatnonzero(hits.to_numpy(zero_copy_only=False))
                found[run] = (int(terms.doc_counts[cols].sum()), cols)
            return found[run]

        def cost(need: list) -> int:
            """Postings to decode for the cheapest requirement of ``need`` (its best single filter)."""
            costs = [columns(item)[0] if isinstance(item, str) else sum(cost(alt) for alt in item) for item in need]
            return min(costs) if costs else budget + 1

        def rows_for(need: list) -> np.ndarray | None:
            mask = None
            ranked = sorted(need, key=lambda item: cost([item]))
            for item in ranked:
                if cost([item]) > budget:
                    break
                if isinstance(item, str):
                    rows = terms.rows_with_any(columns(item)[1], self.n_articles)
                else:
                    parts = [rows_for(alt) for alt in item]
                    if any(p is None for p in parts):
                        continue
                    rows = np.logical_or.reduce(parts)
                mask = rows if mask is None else mask & rows
                if np.count_nonzero(mask & within) < 0.01 * self.n_articles:
                    break
            return mask

        rows = rows_for(requirement)
        return within if rows is None else within & rows

    def _text_match(self, within: np.ndarray, pattern: str, *, regex: bool) -> np.ndarray:
        """Rows of ``within`` whose text matches ``pattern``: pyarrow's RE2 kernels over just those rows.

        The rows are taken from their Arrow chunk (a copy of just their text; a whole chunk is used
        as is) in parts holding equal numbers of rows, which run on several threads (the kernels
        release the GIL).
        """
        out = np.zeros(self.n_articles, dtype=bool)
        rows = np.flatnonzero(within)
        if len(rows) == 0:
            return out
        if regex:
            match = functools.partial(pc.match_substring_regex, pattern=pattern)
        else:
            match = functools.partial(pc.match_substring, pattern=pattern, ignore_case=True)
        starts = self._chunk_starts()
        n_parts = 1 if len(rows) < 1_000 else 2 * min(os.cpu_count() or 1, 8)
        tasks = []
        for part in np.array_split(rows, n_parts):
            chunk_of = np.searchsorted(starts, part, side="right") - 1
            cuts = np.flatnonzero(np.diff(chunk_of)) + 1
            for piece, chunks in zip(np.split(part, cuts), np.split(chunk_of, cuts)):
                if len(piece):
                    tasks.append((piece, int(chunks[0])))

        def run(task: tuple[np.ndarray, int]) -> tuple[np.ndarray, np.ndarray]:
            piece, chunk = task
            array = self.text.chunk(chunk)
            local = piece - starts[chunk]
            if len(local) == len(array):
                subset = array                              # the whole chunk: no copy
            else:
                subset = array.take(pa.array(local))
            return piece, pc.fill_null(match(subset), False).to_numpy(zero_copy_only=False)

        results = map(run, tasks) if len(tasks) == 1 else _thread_pool().map(run, tasks)
        for piece, hit in results:
            out[piece] = hit
        return out

    def _chunk_starts(self) -> np.ndarray:
        """Row where each Arrow chunk of the text starts (plus the total at the end)."""
        if self._text_starts is None:
            lengths = [len(c) for c in self.text.chunks]
            self._text_starts = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
        return self._text_starts

    # -- grouping ---------------------------------------------------------------------------------
    def grouping(self, by: "str | Sequence[str] | None") -> tuple[np.ndarray, pd.DataFrame]:
        """Group code per article (-1 = missing value) and the groups' labels (one column per key).

        Labels are sorted ascending; ``month`` is ``"YYYY-MM"``, ``year`` is ``"YYYY"``.

        >>> codes, labels = idx.grouping("publication")     # doctest: +SKIP
        """
        if by is None:
            return np.zeros(self.n_articles, dtype=np.int64), pd.DataFrame(index=range(1))
        keys = (by,) if isinstance(by, str) else tuple(by)
        if keys in self._group_cache:
            return self._group_cache[keys]
        for k in keys:
            if k not in GROUPINGS:
                raise ValueError(f"cannot group by {k!r}; choose from {GROUPINGS}")
        values = pd.DataFrame({k: self._group_values(k) for k in keys})
        missing = values.isna().any(axis=1).to_numpy()
        if len(keys) == 1:
            codes, uniques = pd.factorize(values[keys[0]], sort=True)
            labels = pd.DataFrame({keys[0]: pd.array(np.asarray(uniques, dtype=object), dtype="str")})
        else:
            present = values[~missing]
            labels = present.drop_duplicates().sort_values(list(keys)).reset_index(drop=True)
            codes = np.full(self.n_articles, -1, dtype=np.int64)
            positions = pd.MultiIndex.from_frame(labels).get_indexer(pd.MultiIndex.from_frame(present))
            codes[~missing] = positions
            labels = labels.astype("str")
        codes = np.asarray(codes, dtype=np.int64)
        codes[missing] = -1
        self._group_cache[keys] = (codes, labels)
        return codes, labels

    def _group_values(self, key: str) -> pd.Series:
        if key in ("publication", "author"):
            if key not in self.meta:
                return pd.Series([None] * self.n_articles, dtype=object)
            return self.meta[key].astype(object).where(self.meta[key].notna(), None)
        dates = pd.to_datetime(self.meta["date"]) if "date" in self.meta else pd.Series(pd.NaT, index=self.meta.index)
        fmt = "%Y-%m" if key == "month" else "%Y"
        return dates.dt.strftime(fmt).astype(object).where(dates.notna(), None)

    # -- queries (also on views) ------------------------------------------------------------------
    def _stop_columns(self) -> np.ndarray:
        if self._stop_cols is None:
            stop = stopword_set()
            self._stop_cols = np.fromiter((t in stop for t in self.matrices["terms"].vocab), dtype=bool,
                                          count=len(self.matrices["terms"].vocab))
        return self._stop_cols

    def _top(self, kind: str, mask: np.ndarray | None, k: int, by: "str | Sequence[str] | None") -> pd.DataFrame:
        m = self.matrices[kind]
        codes, labels = self.grouping(by)
        hidden = self._stop_columns() if kind == "terms" else None
        n_groups = len(labels)
        sel = (codes >= 0) if mask is None else (mask & (codes >= 0))
        words = np.bincount(codes[sel], weights=self.n_words[sel], minlength=n_groups)[:n_groups]
        sums = self._sums(kind, mask, by)
        counts = sums.counts
        rows = []
        for g in range(n_groups):
            lo, hi = counts.indptr[g], counts.indptr[g + 1]
            c_idx, c_val = counts.indices[lo:hi], counts.data[lo:hi]
            keep = c_val > 0
            if hidden is not None:
                keep &= ~hidden[c_idx]
            rows.append((g, c_idx[keep], c_val[keep]))
        g_parts, c_parts, v_parts = [], [], []
        for g, c_idx, c_val in rows:
            if len(c_idx) == 0 or k <= 0:
                continue
            if len(c_idx) > k:
                kth = np.partition(c_val, len(c_val) - k)[len(c_val) - k]
                cand = c_val >= kth
                c_idx, c_val = c_idx[cand], c_val[cand]
            order = np.lexsort((m.rank[c_idx], -c_val))[:k]
            g_parts.append(np.full(len(order), g))
            c_parts.append(c_idx[order])
            v_parts.append(c_val[order])
        if not c_parts:
            return _frame(labels, np.empty(0, dtype=np.int64), {
                "term": pd.array([], dtype="str"), "count": np.empty(0, np.int64),
                "per_10k": np.empty(0, np.float64), "doc_freq": np.empty(0, np.int64)})
        g_arr = np.concatenate(g_parts)
        c_arr = np.concatenate(c_parts)
        count = np.concatenate(v_parts).astype(np.int64)
        uniq, inverse = np.unique(c_arr, return_inverse=True)
        df_mat = sums.doc_freq(uniq)
        w = words[g_arr]
        per_10k = np.divide(count * 10_000.0, w, out=np.zeros(len(count)), where=w > 0)
        return _frame(labels, g_arr, {"term": pd.array(m.vocab[c_arr].tolist(), dtype="str"), "count": count,
                                      "per_10k": per_10k, "doc_freq": df_mat[g_arr, inverse].astype(np.int64)})

    def group_sums(self, kind: str, mask: np.ndarray | None, by: "str | Sequence[str] | None") -> sp.csr_matrix:
        """Groups × vocabulary counts of ``kind`` over the rows where ``mask`` holds (all when None).

        >>> idx.group_sums("terms", None, "publication").shape     # doctest: +SKIP
        (7, 28270)
        """
        return self._sums(kind, mask, by).counts

    def _sums(self, kind: str, mask: np.ndarray | None, by: "str | Sequence[str] | None") -> "_GroupSums":
        """Counts (and, on demand, document frequencies) of ``kind`` per group of the selected rows.

        Fast path: the index keeps the sums of every (publication, month) cell; a group made of whole
        cells adds the cell sums, then adds the selected rows of cells the mask mostly misses and
        subtracts the unselected rows of cells it mostly covers, so a query reads at most half of
        each cell's rows and often none. Groupings that cut across cells (author) sum the rows.
        """
        m = self.matrices[kind]
        codes, labels = self.grouping(by)
        n_groups = len(labels)
        cell, n_cells = self._cells()
        cell_group = self._cell_groups(by, codes, cell, n_cells)
        sel = (codes >= 0) if mask is None else (mask & (codes >= 0))
        if cell_group is None:
            rows = np.flatnonzero(sel)
            weights = np.ones(len(rows), dtype=np.int64)
            full_cells = np.empty(0, dtype=np.int64)
        else:
            covered = np.bincount(cell[sel], minlength=n_cells)
            majority = (covered * 2 > self._cell_sizes) & (cell_group >= 0)
            rows_p = np.flatnonzero(sel & ~majority[cell])                   # selected, minority cells
            rows_m = np.flatnonzero(~sel & majority[cell] & (codes >= 0))    # unselected, majority cells
            rows = np.concatenate([rows_p, rows_m])
            weights = np.concatenate([np.ones(len(rows_p), np.int64), -np.ones(len(rows_m), np.int64)])
            order = np.argsort(rows, kind="stable")
            rows, weights = rows[order], weights[order]
            full_cells = np.flatnonzero(majority)
        out = sp.csr_matrix((n_groups, m.X.shape[1]), dtype=np.int64)
        W = sub = Wc = None
        if len(rows):
            sub = m.X[rows] if len(rows) < m.X.shape[0] else m.X
            W = sp.csr_matrix((weights, (codes[rows], np.arange(len(rows)))), shape=(n_groups, len(rows)))
            out = out + W @ sub
        if len(full_cells):
            Wc = sp.csr_matrix((np.ones(len(full_cells), np.int64), (cell_group[full_cells], full_cells)),
                               shape=(n_groups, n_cells))
            out = out + Wc @ self._cell_sums(kind)[0]
        out = sp.csr_matrix(out, dtype=np.int64)
        out.sum_duplicates()
        out.sort_indices()
        return _GroupSums(out, W, sub, Wc, self._cell_sums(kind)[1] if Wc is not None else None)

    def _cells(self) -> tuple[np.ndarray, int]:
        """Cell id per article: one cell per (publication, month) pair, missing values included."""
        if self._cell_ids is None:
            pub, _ = self._category_codes("publication")
            month, month_labels = self.grouping("month")
            combined = (pub + 1) * (len(month_labels) + 1) + (month + 1)
            ids, uniques = pd.factorize(combined)
            self._cell_ids = (ids.astype(np.int64), len(uniques))
            self._cell_sizes = np.bincount(ids, minlength=len(uniques))
        return self._cell_ids

    def _cell_groups(self, by: Any, codes: np.ndarray, cell: np.ndarray, n_cells: int) -> np.ndarray | None:
        """Group of each cell when ``by`` never splits a cell (-1: missing group), else None."""
        key = by if by is None or isinstance(by, str) else tuple(by)
        if key not in self._cell_group_cache:
            lo = np.full(n_cells, np.iinfo(np.int64).max)
            hi = np.full(n_cells, np.iinfo(np.int64).min)
            np.minimum.at(lo, cell, codes)
            np.maximum.at(hi, cell, codes)
            self._cell_group_cache[key] = lo if np.array_equal(lo, hi) else None
        return self._cell_group_cache[key]

    def _cell_sums(self, kind: str) -> tuple[sp.csr_matrix, sp.csc_matrix]:
        """Per cell: counts (CSR) and number of articles containing each entry (CSC), computed once."""
        if kind not in self._cell_totals:
            cell, n_cells = self._cells()
            m = self.matrices[kind]
            binary = sp.csr_matrix((np.ones(m.X.nnz, dtype=np.int32), m.X.indices, m.X.indptr), shape=m.X.shape)
            self._cell_totals[kind] = (m.group_counts(None, cell, n_cells),
                                       _group_counts(binary, None, cell, n_cells).tocsc())
        return self._cell_totals[kind]

    def _source_counts(self, mask: np.ndarray | None, by: "str | Sequence[str]") -> pd.DataFrame:
        codes, labels = self.grouping(by)
        sel = codes >= 0 if mask is None else mask & (codes >= 0)
        n = np.bincount(codes[sel], minlength=len(labels))[:len(labels)]
        total = int(np.count_nonzero(mask)) if mask is not None else self.n_articles
        groups = np.flatnonzero(n > 0)
        arts = n[groups].astype(np.int64)
        return _frame(labels, groups, {"articles": arts, "share": arts / total if total else arts * 0.0})

    def _quote_stats(self, mask: np.ndarray | None, by: "str | Sequence[str] | None") -> pd.DataFrame:
        codes, labels = self.grouping(by)
        sel = codes >= 0 if mask is None else mask & (codes >= 0)
        n_groups = len(labels)
        arts = np.bincount(codes[sel], minlength=n_groups)[:n_groups]
        groups = np.flatnonzero(arts > 0)

        def total(column: str, transform=None) -> np.ndarray:
            values = self.meta[column].to_numpy(dtype=np.int64)
            if transform is not None:
                values = transform(values)
            return np.bincount(codes[sel], weights=values[sel], minlength=n_groups)[groups].astype(np.int64)

        a = arts[groups].astype(np.int64)
        with_q = total("quotes", lambda q: (q > 0).astype(np.int64))
        q, t, qw = total("quotes"), total("tokens"), total("quoted_words")
        return _frame(labels, groups, {
            "articles": a, "articles_with_quotes": with_q, "share_with_quotes": with_q / np.maximum(a, 1),
            "quotes": q, "quote_rate": q / np.maximum(a, 1), "tokens": t, "quoted_words": qw,
            "quoted_word_share": np.divide(qw, t, out=np.zeros(len(t)), where=t > 0)})

    # public query methods on the whole index: a view with every article
    def _all(self) -> "CorpusView":
        return CorpusView(self, None)

    def top_terms(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """Most frequent terms (stopwords hidden); see :meth:`CorpusView.top_terms`."""
        return self._all().top_terms(k, by)

    def top_hashtags(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """Most frequent hashtags (case-folded); see :meth:`CorpusView.top_hashtags`."""
        return self._all().top_hashtags(k, by)

    def top_handles(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """Most frequent @handles (case-folded); see :meth:`CorpusView.top_handles`."""
        return self._all().top_handles(k, by)

    def top_cashtags(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """Most frequent cashtags (case-folded); see :meth:`CorpusView.top_cashtags`."""
        return self._all().top_cashtags(k, by)

    def source_counts(self, by: "str | Sequence[str]" = "publication") -> pd.DataFrame:
        """Articles per group; see :meth:`CorpusView.source_counts`."""
        return self._all().source_counts(by)

    def quote_stats(self, by: "str | Sequence[str] | None" = "publication") -> pd.DataFrame:
        """Quotation rates per group; see :meth:`CorpusView.quote_stats`."""
        return self._all().quote_stats(by)

    def articles(self) -> pd.DataFrame:
        """Metadata and features of every article (no text)."""
        return self._all().articles()

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(m.vocab):,}" for k, m in self.matrices.items())
        return f"<CorpusIndex {self.n_articles:,} articles; vocabularies {sizes}>"


class CorpusView:
    """The articles of a :class:`CorpusIndex` matching a filter; query it like the index.

    >>> view = idx.filter(publication=["breitbart", "nyt"], start="2016-01-01")   # doctest: +SKIP
    >>> view.filter(keyword="wall").top_terms(10, by="publication")              # doctest: +SKIP
    """

    def __init__(self, index: CorpusIndex, mask: np.ndarray | None) -> None:
        self.index = index
        self.mask = mask          # None = every article

    @property
    def n_articles(self) -> int:
        """Number of articles in the view."""
        return self.index.n_articles if self.mask is None else int(np.count_nonzero(self.mask))

    @property
    def rows(self) -> np.ndarray:
        """Row positions (in the index) of the view's articles."""
        return np.arange(self.index.n_articles) if self.mask is None else np.flatnonzero(self.mask)

    def filter(self, publication: "str | Sequence[str] | None" = None, start: Any = None, end: Any = None,
               author: "str | Sequence[str] | None" = None, keyword: str | None = None, regex: bool = False,
               min_tokens: int | None = None) -> "CorpusView":
        """Narrow the view: every given condition must hold (None = no condition).

        ``publication`` / ``author``: a name or a list of names (exact). ``start`` / ``end``: dates,
        inclusive (a date-only ``end`` covers that whole day); articles without a date drop out.
        ``keyword``: one word matches that token (case-insensitive, whole token, via the posting
        lists); several words match as a phrase: each must be a term of the article and the text must
        hold them in a row with only spaces or punctuation between them (:func:`phrase_regex`; ``I'm
        proud`` also finds ``I’m proud`` and PTB's ``I 'm proud``);
        ``regex=True`` treats it as an RE2 regular expression over the text, case-insensitive unless
        it starts with its own flags group such as ``(?s)``. ``min_tokens``: at least that many tokens (the ``tokens`` feature).

        >>> idx.filter(author="Chris Tomlinson").filter(keyword="polling station").n_articles  # doctest: +SKIP
        1
        """
        mask = self.index._mask(self.mask, publication, start, end, author, keyword, regex, min_tokens)
        return CorpusView(self.index, mask)

    def top_terms(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """The ``k`` most frequent terms (lowercase, no punctuation, stopwords hidden) per group.

        Columns ``[<by>,] term, count, per_10k, doc_freq``; ``by`` is None, ``"publication"``,
        ``"author"``, ``"month"`` or ``"year"``.

        >>> idx.top_terms(5, by="publication")     # doctest: +SKIP
        """
        return self.index._top("terms", self.mask, k, by)

    def top_hashtags(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """The ``k`` most frequent hashtags per group, keyed case-folded without ``#``."""
        return self.index._top("hashtags", self.mask, k, by)

    def top_handles(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """The ``k`` most frequent @handles per group, keyed case-folded without ``@``."""
        return self.index._top("handles", self.mask, k, by)

    def top_cashtags(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """The ``k`` most frequent cashtags per group, keyed case-folded without ``$``."""
        return self.index._top("cashtags", self.mask, k, by)

    def source_counts(self, by: "str | Sequence[str]" = "publication") -> pd.DataFrame:
        """Articles per group (``by`` one key or a list, e.g. ``["month", "publication"]``).

        Columns ``[*by], articles, share`` (share of the view's articles); groups without articles
        are left out.

        >>> idx.source_counts(["month", "publication"])     # doctest: +SKIP
        """
        return self.index._source_counts(self.mask, by)

    def quote_stats(self, by: "str | Sequence[str] | None" = "publication") -> pd.DataFrame:
        """Quotations per group from the per-article features.

        Columns ``[*by], articles, articles_with_quotes, share_with_quotes, quotes, quote_rate``
        (quotes per article), ``tokens, quoted_words, quoted_word_share`` (quoted words / tokens).

        >>> idx.quote_stats()      # doctest: +SKIP
        """
        return self.index._quote_stats(self.mask, by)

    def articles(self) -> pd.DataFrame:
        """The view's articles: metadata and per-article features (no text), index = row position."""
        meta = self.index.meta
        return meta if self.mask is None else meta[self.mask]

    def texts(self) -> pd.Series:
        """The view's article texts, index = row position."""
        rows = self.rows
        arr = self.index.text.take(pa.array(rows)) if self.mask is not None else self.index.text
        return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(arr).cast(pa.large_string())),
                         index=rows, name="content")

    def __repr__(self) -> str:
        return f"<CorpusView {self.n_articles:,} of {self.index.n_articles:,} articles>"


def top_from_counts(counts: pd.DataFrame, words: Any, k: int, by: str | None = None) -> pd.DataFrame:
    """The ``top_*`` table from long-format counts, e.g. counts reduced from dask partitions.

    ``counts`` has columns ``[<by>,] term, count, doc_freq`` (one row per group and term, stopwords
    already removed for terms); ``words`` is the number of word tokens per group (a mapping group →
    tokens, or one number when ``by`` is None). The result equals ``CorpusIndex.top_terms(k, by)``
    for the same counts: same columns, dtypes, order and ties (count desc, then term).

    >>> c = pd.DataFrame({"term": ["b", "a", "c"], "count": [2, 2, 5], "doc_freq": [1, 2, 1]})
    >>> top_from_counts(c, 100, k=2)[["term", "count", "per_10k"]].values.tolist()
    [['c', 5, 500.0], ['a', 2, 200.0]]
    """
    keys = [by] if by else []
    df = counts.loc[counts["count"] > 0, keys + ["term", "count", "doc_freq"]]
    df = df.astype({**{key: "str" for key in keys}, "term": "str", "count": "int64", "doc_freq": "int64"})
    df = df.sort_values(keys + ["count", "term"], ascending=[True] * len(keys) + [False, True], kind="stable")
    df = (df.groupby(by, sort=False).head(k) if by else df.head(k)).reset_index(drop=True)
    if by:
        totals = df[by].map(lambda g: words[g]).to_numpy(dtype=np.float64)
    else:
        totals = np.full(len(df), float(words))
    count = df["count"].to_numpy(dtype=np.int64)
    per_10k = np.divide(count * 10_000.0, totals, out=np.zeros(len(df)), where=totals > 0)
    return pd.DataFrame({**{key: df[key].array for key in keys}, "term": df["term"].array, "count": count,
                         "per_10k": per_10k, "doc_freq": df["doc_freq"].to_numpy(dtype=np.int64)})


def as_view(corpus: "CorpusIndex | CorpusView") -> CorpusView:
    """A :class:`CorpusView` for either an index (all its articles) or a view (itself).

    >>> import pandas as pd
    >>> as_view(index(pd.DataFrame({"content": ["a b"]}), progress=False)).n_articles
    1
    """
    if isinstance(corpus, CorpusView):
        return corpus
    if isinstance(corpus, CorpusIndex):
        return CorpusView(corpus, None)
    raise TypeError(f"expected a CorpusIndex or CorpusView, got {type(corpus).__name__}")


def index(df: pd.DataFrame, **kw: Any) -> CorpusIndex:
    """Shorthand for :meth:`CorpusIndex.build`.

    >>> import pandas as pd
    >>> index(pd.DataFrame({"content": ["one two"]}), progress=False).n_articles
    1
    """
    return CorpusIndex.build(df, **kw)


# ---------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------

def default_cache_dir() -> Path:
    """Where :meth:`CorpusIndex.from_files` caches: ``$TOOLKIT_CACHE_DIR`` or ``~/.cache/toolkit/index``.

    >>> import os; os.environ["TOOLKIT_CACHE_DIR"] = "/tmp/toolkit-cache"
    >>> str(default_cache_dir())
    '/tmp/toolkit-cache'
    >>> del os.environ["TOOLKIT_CACHE_DIR"]
    """
    env = os.environ.get("TOOLKIT_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "toolkit" / "index"


def files_cache_key(paths: "str | Path | Sequence[str | Path]", **load_kw: Any) -> str:
    """The cache key of :meth:`CorpusIndex.from_files`: a hash of the files' names and bytes, the
    :func:`toolkit.load` options, the toolkit version and the token options.

    >>> files_cache_key("data/sample") == files_cache_key("data/sample")     # doctest: +SKIP
    True
    """
    digest = hashlib.blake2b(digest_size=16)
    for f in _source_files(paths):
        digest.update(f.name.encode() + b"\0")  # names too: they reach the source_file column
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 22), b""):
                digest.update(block)
    digest.update(json.dumps(load_kw, sort_keys=True, default=str).encode())
    return _settings_key("files:" + digest.hexdigest())


def _toolkit_version() -> str:
    import toolkit

    return toolkit.__version__


def _settings_key(source: str) -> str:
    digest = hashlib.blake2b(digest_size=12)
    digest.update(json.dumps({"source": source, "format": INDEX_FORMAT, "toolkit": _toolkit_version(),
                              "code": _code_fingerprint(), "term_options": TERM_OPTIONS, "kinds": KINDS},
                             sort_keys=True).encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of the code and data that decide what an index holds (loaders, text functions, features,
    this module), so a cache written by other code is never reused, even within one version."""
    root = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=12)
    files = [root / "features.py", root / "index.py", *sorted((root / "io").glob("*.py")),
             *sorted((root / "text").rglob("*.py")), *sorted((root / "text").rglob("*.txt"))]
    for f in files:
        digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def _source_files(paths: "str | Path | Sequence[str | Path]") -> list[Path]:
    """The files on disk behind ``paths``, resolved exactly as :func:`toolkit.load` resolves them."""
    from toolkit.io.sources import find_sources

    return sorted({source.path for source in find_sources(paths)})


# ---------------------------------------------------------------------------------------------------
# text matching helpers
# ---------------------------------------------------------------------------------------------------

_THREADS: Any = None
_RUN_RE = re.compile(r"[A-Za-z]+|[0-9]+")


def _thread_pool() -> Any:
    """The threads that run pyarrow's RE2 kernels over parts of the text (created once)."""
    global _THREADS
    if _THREADS is None:
        from concurrent.futures import ThreadPoolExecutor

        _THREADS = ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 8), thread_name_prefix="toolkit-re2")
    return _THREADS


def _check_re2(pattern: str) -> None:
    """Raise ``ValueError`` when RE2 (pyarrow) cannot compile ``pattern``."""
    try:
        pc.match_substring_regex(pa.array([""]), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise ValueError(f"invalid regular expression {pattern!r} (RE2 syntax): {exc}") from None


def regex_requirements(pattern: str) -> list | None:
    """What every match of ``pattern`` must contain: runs of ASCII letters or of digits.

    The result is a list of requirements that must all hold; each is a run (``str``, compared
    case-insensitively) or a list of alternatives, each itself such a list (one must hold).
    None when the pattern cannot be analysed safely (Python's parser reads it differently from RE2,
    e.g. POSIX classes, or not at all): then nothing is assumed.

    >>> regex_requirements(r"\\bwall(s)? (on|along) the")
    ['wall', [['on'], ['along']], 'the']
    >>> regex_requirements(r"\\d{4}-\\d\\d")
    []
    """
    if "[:" in pattern or "\\Q" in pattern:
        return None
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                from re import _parser as sre_parse       # Python >= 3.11
            except ImportError:                           # pragma: no cover
                import sre_parse                          # type: ignore[no-redef]
            tree = sre_parse.parse(pattern)
    except Exception:   # an RE2-only construct, or a warning about one: assume nothing
        return None
    return _required_runs(tree)


def _required_runs(items: Any) -> list:
    need: list = []
    run: list[str] = []

    def flush() -> None:
        if run:
            need.extend(_RUN_RE.findall("".join(run)))
            run.clear()

    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(av))
            continue
        flush()
        if name == "SUBPATTERN":
            need.extend(_required_runs(av[-1]))
        elif name == "ATOMIC_GROUP":
            need.extend(_required_runs(av))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if av[0] >= 1:
                need.extend(_required_runs(av[2]))
        elif name == "BRANCH":
            alternatives = [_required_runs(alt) for alt in av[1]]
            if all(alternatives):
                need.append(alternatives)
        # classes, anchors, any character, look-arounds, back-references: no literal required
    flush()
    return need


def _metadata(df: pd.DataFrame) -> pd.DataFrame:
    meta = pd.DataFrame(index=df.index)
    for col in METADATA_COLUMNS:
        if col in df.columns:
            meta[col] = df[col]
    for col in ("publication", "author"):
        if col in meta and not isinstance(meta[col].dtype, pd.CategoricalDtype):
            meta[col] = meta[col].astype("category")
    if "date" in meta and not pd.api.types.is_datetime64_any_dtype(meta["date"]):
        meta["date"] = pd.to_datetime(meta["date"], errors="coerce")
    if "date" in meta and getattr(meta["date"].dt, "tz", None) is not None:
        meta["date"] = meta["date"].dt.tz_convert(None)
    return meta


def _date_ints(dates: pd.Series) -> np.ndarray:
    values = pd.to_datetime(dates, errors="coerce")
    out = values.to_numpy(dtype="datetime64[ns]").view(np.int64).copy()
    return out


def _frame(labels: pd.DataFrame, groups: np.ndarray, columns: dict[str, Any]) -> pd.DataFrame:
    """One table: the label columns of ``groups`` followed by ``columns`` (built in one go: fast)."""
    data: dict[str, Any] = {k: labels[k].array.take(groups) for k in labels.columns}
    data.update(columns)
    return pd.DataFrame(data, copy=False)
