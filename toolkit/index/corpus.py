"""CorpusIndex and CorpusView: index a loaded corpus once, then filter and count in milliseconds.

Rules:
- Row ``i`` of the index is row ``i`` of the DataFrame it was built from. The index holds the
  metadata and per-article features, the text (one Arrow array, for phrase/regex filters and
  concordances) and one :class:`~toolkit.index.matrix.TermMatrix` per kind (terms, hashtags, handles,
  cashtags).
- A filter gives a :class:`CorpusView`: a boolean row mask over the same index; a view can be
  filtered again. Every condition must hold; an empty selection answers with empty tables.
- Both answer the questions of :class:`~toolkit.index.queries.CorpusQueries` with the same code: the
  index is the view of all its articles.
- :meth:`CorpusIndex.from_files` and ``build(cache_dir=...)`` go through the cache of
  :mod:`toolkit.index.store`: verified on every load, never fatal (a damaged entry is rebuilt, an
  unwritable folder leaves the index in memory, each with a warning).
- Building is :mod:`toolkit.index.build`, the disk format :mod:`toolkit.index.store`, keyword
  matching :mod:`toolkit.index.keyword` + :mod:`toolkit.index.search`, sums per group
  :mod:`toolkit.index.grouping`, tables :mod:`toolkit.index.tables`.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"publication": ["a", "b"], "date": ["2016-01-05", "2016-02-01"],
    ...                    "content": ["Trump won. Trump #MAGA", "Clinton spoke"]})
    >>> idx = CorpusIndex.build(df, progress=False)
    >>> idx.filter(keyword="trump").top_terms(1)[["term", "count"]].values.tolist()
    [['trump', 2]]
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from toolkit.index.build import build_parts
from toolkit.index.grouping import Grouper, group_totals
from toolkit.index.keyword import Keyword
from toolkit.index.matrix import TermMatrix, stopword_mask
from toolkit.index.queries import CorpusQueries
from toolkit.index.search import keyword_rows
from toolkit.index.store import (default_cache_dir, files_cache_key, frame_cache_key, load_cached, load_parts,
                                 save_cached, save_parts)
from toolkit.index.tables import top_table
from toolkit.io import load

__all__ = ["CorpusIndex", "CorpusView", "as_view", "build_index"]

_NAT = np.iinfo(np.int64).min
Names = "str | Sequence[str] | None"


class _Selection(CorpusQueries):
    """What an index and its views share: filtering, ranking counts, reading the text."""

    index: "CorpusIndex"

    def _grouper(self) -> Grouper:
        return self.index.grouper

    @property
    def rows(self) -> np.ndarray:
        """Row positions (in the index) of the selected articles."""
        return np.arange(self.index.n_articles) if self.mask is None else np.flatnonzero(self.mask)

    def filter(self, publication: Names = None, start: Any = None, end: Any = None, author: Names = None,
               keyword: str | None = None, regex: bool = False, min_tokens: int | None = None,
               undated: bool | None = None) -> "CorpusView":
        """Narrow the selection: every given condition must hold (None = no condition).

        ``publication`` / ``author``: a name or a list of names, matched ignoring case and extra spaces
        (:mod:`toolkit.index.names`; an unknown name warns with the closest names). ``start`` / ``end``:
        dates, inclusive (a date-only ``end`` covers that whole day); articles without a date drop out
        unless ``undated=True``. ``undated``: True keeps undated articles whatever the dates, False
        drops them, None (default) drops them only when ``start`` or ``end`` is given.
        ``keyword``: a word, a phrase or (``regex=True``) an RE2 regular expression, matched as
        :mod:`toolkit.index.keyword` says (case-insensitive whole tokens; a phrase in raw or PTB
        spelling). ``min_tokens``: at least that many tokens (the ``tokens`` feature).

        >>> idx.filter(author="Chris Tomlinson").filter(keyword="polling station").n_articles  # doctest: +SKIP
        1
        """
        index = self.index
        mask = np.ones(index.n_articles, dtype=bool) if self.mask is None else self.mask.copy()
        for column, wanted in (("publication", publication), ("author", author)):
            if wanted is not None:
                wanted = [wanted] if isinstance(wanted, str) else list(wanted)
                codes, categories = index.grouper.category_codes(column)
                table = np.zeros(len(categories) + 1, dtype=bool)   # last slot: missing value (-1)
                table[index.grouper.name_lookup(column).codes(wanted)] = True
                mask &= table[codes]
        dates = index.dates
        if start is not None or end is not None:
            in_range = dates != _NAT
            if start is not None:
                in_range &= dates >= pd.Timestamp(start).value
            if end is not None:
                end_ts = pd.Timestamp(end)
                whole_day = end_ts == end_ts.normalize()
                bound = end_ts + pd.Timedelta(days=1) if whole_day else end_ts
                in_range &= (dates < bound.value) if whole_day else (dates <= bound.value)
            mask &= in_range | (dates == _NAT) if undated else in_range
        elif undated is False:
            mask &= dates != _NAT
        if min_tokens is not None:
            mask &= index.meta["tokens"].to_numpy() >= min_tokens
        if keyword is not None and keyword != "" and mask.any():
            mask &= keyword_rows(Keyword(keyword, regex), index.matrices["terms"], index.text, mask)
        return CorpusView(index, mask)

    def top(self, kind: str, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """The ``k`` most frequent entries of ``kind`` per group (see :mod:`toolkit.index.tables`).

        >>> idx.top("hashtags", 5, by="month")     # doctest: +SKIP
        """
        index = self.index
        m = index.matrices[kind]
        codes, labels = index.grouper.grouping(by)
        words = group_totals(index.n_words, codes, len(labels), self.mask)
        sums = index.grouper.sums(kind, m.X, self.mask, by)
        return top_table(sums, labels, words, m.vocab, m.rank, index.hidden_columns(kind), k)

    def group_sums(self, kind: str, by: "str | Sequence[str] | None" = None) -> Any:
        """Groups × vocabulary counts (CSR, int64) of ``kind`` over the selected articles.

        >>> idx.group_sums("terms", "publication").shape     # doctest: +SKIP
        (7, 28270)
        """
        return self.index.grouper.sums(kind, self.index.matrices[kind].X, self.mask, by).counts

    def texts(self) -> pd.Series:
        """The selected article texts, index = row position."""
        rows = self.rows
        arr = self.index.text.take(pa.array(rows)) if self.mask is not None else self.index.text
        return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(arr).cast(pa.large_string())),
                         index=rows, name="content")


class CorpusIndex(_Selection):
    """Sparse term/entity counts, per-article features and metadata of a corpus; see the module doc.

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
        self.grouper = Grouper(meta)
        dates = pd.to_datetime(meta["date"], errors="coerce") if "date" in meta else None
        self.dates = (dates.to_numpy(dtype="datetime64[ns]").view(np.int64).copy() if dates is not None
                      else np.full(len(meta), _NAT))
        self._hidden: dict[str, np.ndarray] = {}

    @property
    def index(self) -> "CorpusIndex":
        """The index itself (a view's ``index`` is the index it selects from)."""
        return self

    @classmethod
    def build(cls, df: pd.DataFrame, *, text_column: str = "content", progress: bool | None = None,
              cache_dir: str | Path | None = None, n_jobs: int | None = None) -> "CorpusIndex":
        """Index ``df`` (as returned by :func:`toolkit.load`); with ``cache_dir``, reuse a saved index.

        The cache key is a hash of the DataFrame's content and dtypes, the toolkit version and the token
        options; the cache is never fatal, as in :meth:`from_files`.
        ``n_jobs``: worker processes (forked; None = every core for corpora over 8 MB, else 1).

        >>> import pandas as pd
        >>> CorpusIndex.build(pd.DataFrame({"content": ["a b", "b"]}), progress=False).n_articles
        2
        """
        if text_column not in df.columns:
            raise KeyError(f"no text column {text_column!r}; columns are {list(df.columns)}")
        if cache_dir is None:
            return cls(*build_parts(df, text_column, progress, n_jobs))
        key = frame_cache_key(df, text_column)
        return cls._cached(Path(cache_dir).expanduser() / key, key,
                           lambda: build_parts(df, text_column, progress, n_jobs))

    @classmethod
    def from_files(cls, paths: "str | Path | Sequence[str | Path]", cache_dir: str | Path | None = None,
                   *, progress: bool | None = None, n_jobs: int | None = None, **load_kw: Any) -> "CorpusIndex":
        """Load ``paths`` with :func:`toolkit.load` and index them, cached under ``cache_dir``.

        The cache entry (:func:`~toolkit.index.store.files_cache_key`) is keyed by every source file's
        bytes, name, place and folder, the effective load options, the toolkit version and token options:
        an unchanged corpus reloads in seconds, a changed file rebuilds. Never fatal: a damaged entry is
        rebuilt, and an unwritable ``cache_dir`` leaves the index in memory, each with an
        :class:`~toolkit.index.store.IndexCacheWarning`. ``cache_dir`` defaults to
        :func:`~toolkit.index.store.default_cache_dir`.

        >>> idx = CorpusIndex.from_files("data/sample")      # doctest: +SKIP
        """
        folder = (Path(cache_dir) if cache_dir is not None else default_cache_dir()).expanduser()
        key = files_cache_key(paths, **load_kw)

        def make() -> tuple[pd.DataFrame, pa.ChunkedArray, dict[str, TermMatrix]]:
            df = load(paths if isinstance(paths, (str, Path)) else list(paths), progress=progress, **load_kw)
            return build_parts(df, "content", progress, n_jobs)

        return cls._cached(folder / key, key, make)

    @classmethod
    def _cached(cls, entry: Path, key: str,
                make: Callable[[], tuple[pd.DataFrame, pa.ChunkedArray, dict[str, TermMatrix]]]) -> "CorpusIndex":
        """The index in cache entry ``entry`` when it is whole, else ``make()``'s, written there (never
        fatal: see :mod:`toolkit.index.store`)."""
        parts, damaged = load_cached(entry, key)
        if parts is not None:
            return cls(*parts)
        idx = cls(*make(), key=key)
        save_cached(entry, idx.meta, idx.text, idx.matrices, key, replace=damaged)
        return idx

    def save(self, path: str | Path) -> Path:
        """Write the index to folder ``path`` (npz matrices + parquet metadata/text); returns the folder."""
        return save_parts(path, self.meta, self.text, self.matrices, self.key)

    @classmethod
    def load(cls, path: str | Path) -> "CorpusIndex":
        """Reopen an index written by :meth:`save`, every file verified against its checksum; raises
        :class:`~toolkit.index.store.IndexReadError` (naming the file and the reason) when it is not whole.

        >>> idx = CorpusIndex.load("~/.cache/toolkit/index/abc")      # doctest: +SKIP
        """
        meta, text, matrices, key = load_parts(path)
        return cls(meta, text, matrices, key=key)

    def grouping(self, by: "str | Sequence[str] | None") -> tuple[np.ndarray, pd.DataFrame]:
        """Group code per article (-1 = missing value) and the groups' labels (one column per key).

        >>> codes, labels = idx.grouping("publication")     # doctest: +SKIP
        """
        return self.grouper.grouping(by)

    def hidden_columns(self, kind: str) -> np.ndarray:
        """Columns of ``kind`` that tables leave out (stopwords for terms), computed once."""
        if kind not in self._hidden:
            self._hidden[kind] = stopword_mask(self.matrices[kind].vocab, kind)
        return self._hidden[kind]

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(m.vocab):,}" for k, m in self.matrices.items())
        return f"<CorpusIndex {self.n_articles:,} articles; vocabularies {sizes}>"


class CorpusView(_Selection):
    """The articles of a :class:`CorpusIndex` matching a filter; query it like the index.

    >>> view = idx.filter(publication=["breitbart", "nyt"], start="2016-01-01")   # doctest: +SKIP
    >>> view.filter(keyword="wall").top_terms(10, by="publication")              # doctest: +SKIP
    """

    def __init__(self, index: CorpusIndex, mask: np.ndarray | None) -> None:
        self.index = index
        self.mask = mask          # None = every article

    def __repr__(self) -> str:
        return f"<CorpusView {self.n_articles:,} of {self.index.n_articles:,} articles>"


def as_view(corpus: "CorpusIndex | CorpusView") -> CorpusView:
    """A :class:`CorpusView` for either an index (all its articles) or a view (itself).

    >>> import pandas as pd
    >>> as_view(build_index(pd.DataFrame({"content": ["a b"]}), progress=False)).n_articles
    1
    """
    if isinstance(corpus, CorpusView):
        return corpus
    if isinstance(corpus, CorpusIndex):
        return CorpusView(corpus, None)
    raise TypeError(f"expected a CorpusIndex or CorpusView, got {type(corpus).__name__}")


def build_index(df: pd.DataFrame, **kw: Any) -> CorpusIndex:
    """Shorthand for :meth:`CorpusIndex.build`.

    >>> import pandas as pd
    >>> build_index(pd.DataFrame({"content": ["one two"]}), progress=False).n_articles
    1
    """
    return CorpusIndex.build(df, **kw)
