"""CorpusIndex and CorpusView: index a loaded corpus once, then filter and count in milliseconds.

Rules:
- Row ``i`` of the index is row ``i`` of the DataFrame it was built from. The index holds the
  metadata and per-article features, the text (an :class:`~toolkit.index.text_store.ArticleText`, in
  memory or read on demand from the saved index, for phrase/regex filters, concordances and the reader)
  and one :class:`~toolkit.index.matrix.TermMatrix` per kind (terms, hashtags, handles, cashtags).
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

import contextlib
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from toolkit.index.boilerplate import deferred_furniture, furniture_report, without_furniture
from toolkit.index.build import build_parts
from toolkit.index.conditions import MISSING_DATE, condition_mask
from toolkit.index.counting import build_options
from toolkit.index.deferred_matrix import loaded
from toolkit.index.derived_store import remember
from toolkit.index.export import export_selection, selection_frame
from toolkit.index.facets import facet_columns
from toolkit.index.grouping import Grouper, Groups
from toolkit.index.matrix import TermMatrix
from toolkit.index.out_of_core import files_parts
from toolkit.index.pair_filter import PairSignatures
from toolkit.index.phrases import phrased_matrix
from toolkit.index.queries import CorpusQueries
from toolkit.index.row_blocks import row_totals
from toolkit.index.speakers import Speakers, find_speakers, speaker_table
from toolkit.index.speaker_store import load_speakers, save_speakers
from toolkit.index.stemming import stem_sums
from toolkit.index.store import (cached_parts, default_cache_dir, files_cache_key, frame_cache_key, load_parts,
                                 save_parts, scratch_folder)
from toolkit.index.tables import top_table
from toolkit.index.text_store import ArticleText, as_article_text, check_mode
from toolkit.index.vocabulary import Vocabulary
from toolkit.io import LoadReport

__all__ = ["CorpusIndex", "CorpusView", "as_view", "build_index", "FIRST_TABLE_BYTES"]

#: a cached build of at least this much text computes and keeps what a first table reads before it returns
FIRST_TABLE_BYTES = 1 << 30

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
               undated: bool | None = None, facets: "Mapping[str, str | Sequence[str]] | None" = None
               ) -> "CorpusView":
        """Narrow the selection: every given condition must hold (None = no condition).

        ``publication`` / ``author``: a name or a list of names, matched ignoring case and extra spaces
        (:mod:`toolkit.index.names`; an unknown name warns with the closest names). ``start`` / ``end``:
        dates, inclusive (a date-only ``end`` covers that whole day); articles without a date drop out
        unless ``undated=True``. ``undated``: True keeps undated articles whatever the dates, False
        drops them, None (default) drops them only when ``start`` or ``end`` is given.
        ``keyword``: a word, a phrase or (``regex=True``) an RE2 regular expression, matched as
        :mod:`toolkit.index.keyword` says (case-insensitive whole tokens; a phrase in raw or PTB
        spelling). ``min_tokens``: at least that many tokens (the ``tokens`` feature).
        ``facets``: ``{column: value or values}`` over the index's :attr:`~CorpusIndex.facets` (AllSides'
        ``{"bias_text": ["left", "lean left"]}``), values matched as publication names are
        (:mod:`toolkit.index.conditions`).

        >>> idx.filter(author="Chris Tomlinson").filter(keyword="polling station").n_articles  # doctest: +SKIP
        1
        >>> idx.filter(facets={"bias_text": "center"}).top_terms(5)                          # doctest: +SKIP
        """
        return CorpusView(self.index, condition_mask(
            self.index, self.mask, publication=publication, start=start, end=end, author=author, keyword=keyword,
            regex=regex, min_tokens=min_tokens, undated=undated, facets=facets))

    def complement(self) -> "CorpusView":
        """The index's articles that this selection leaves out (e.g. a keyword's articles against the rest).

        >>> wall = idx.filter(keyword="wall"); rest = wall.complement()     # doctest: +SKIP
        """
        mask = np.zeros(self.index.n_articles, dtype=bool) if self.mask is None else ~self.mask
        return CorpusView(self.index, mask)

    def date_halves(self) -> "tuple[CorpusView, CorpusView, pd.Timestamp] | None":
        """(articles until the median day, articles after it, that day) of the dated selected articles;
        None when they do not span two different dates. Whole days: ``end=day`` covers the day.

        >>> early, late, day = idx.filter(keyword="wall").date_halves()     # doctest: +SKIP
        """
        dates = self.index.dates if self.mask is None else self.index.dates[self.mask]
        dated = np.sort(dates[dates != MISSING_DATE])
        if len(dated) < 2 or dated[0] == dated[-1]:
            return None
        middle = pd.Timestamp(int(dated[(len(dated) - 1) // 2])).normalize()
        return self.filter(end=middle), self.filter(start=middle + pd.Timedelta(days=1)), middle

    @property
    def vocabulary(self) -> Vocabulary:
        """What term tables show: the index's :class:`~toolkit.index.vocabulary.Vocabulary`."""
        return self.index._vocabulary

    def top(self, kind: str, k: int = 20, by: "str | None" = None,
            vocabulary: Vocabulary | None = None) -> pd.DataFrame:
        """The ``k`` most frequent entries of ``kind`` per group (see :mod:`toolkit.index.tables`).

        >>> idx.top("hashtags", 5, by="month")     # doctest: +SKIP
        """
        index = self.index
        vocabulary = vocabulary or self.vocabulary
        m = index.counted_matrix(kind, vocabulary)[1]
        groups = index.grouper.groups(by)
        sums, furniture = self._sums(kind, by, vocabulary.boilerplate, vocabulary.phrases, docs=True)
        n_words = index.n_words if furniture is None else index.n_words - index.furniture(deferred=True)[2]
        words = groups.totals(n_words, self.mask)
        hidden = self.hidden_columns(kind, vocabulary, groups)
        if kind == "terms" and vocabulary.stem:
            stemmed, none_hidden = stem_sums(sums, m.vocab, hidden, m.X, groups, self.mask, index._stems, furniture)
            return top_table(stemmed, groups.labels, words, stemmed.vocab, stemmed.rank, none_hidden, k)
        return top_table(sums, groups.labels, words, m.vocab, m.rank, hidden, k)

    def hidden_columns(self, kind: str, vocabulary: Vocabulary | None = None,
                       groups: Groups | None = None) -> np.ndarray:
        """Columns of ``kind`` that tables of this selection leave out (see :mod:`toolkit.index.vocabulary`).

        For terms: ``vocabulary``'s stopwords and token classes, and with document-frequency bounds
        the terms outside them over the selected articles (those in a group of ``groups``, if given).
        Nothing for entities.

        >>> idx.hidden_columns("terms").sum()     # doctest: +SKIP
        """
        index = self.index
        vocabulary = vocabulary or self.vocabulary
        name, m = index.counted_matrix(kind, vocabulary)
        if kind not in ("terms", "bigrams"):
            return np.zeros(len(m.vocab), dtype=bool)
        hidden = index.static_hidden(kind, vocabulary)
        if not vocabulary.bounded:
            return hidden
        rows = self.mask
        in_group = None if groups is None else groups.grouped(None)
        if in_group is not None and not in_group.all():
            rows = in_group if rows is None else rows & in_group
        if rows is None:
            doc_freq, n_docs = m.doc_counts, index.n_articles
        else:
            doc_freq = index.grouper.sums(name, m.X, rows, None, docs=True).doc_freq(np.arange(len(m.vocab)))[0]
            n_docs = int(np.count_nonzero(rows))
        if vocabulary.boilerplate and kind == "terms":   # an article whose terms are all furniture does not hold them
            _, untouched, _ = index.furniture(vocabulary.phrases, deferred=True)
            lost = untouched if rows is None else untouched[np.flatnonzero(rows)]
            doc_freq = doc_freq - np.asarray(lost.sum(axis=0)).ravel()
        return hidden | vocabulary.frequency_hidden(doc_freq, n_docs)

    def group_sums(self, kind: str, by: "str | Sequence[str] | None" = None, *,
                   boilerplate: bool | None = None, phrases: bool | None = None) -> Any:
        """Groups × vocabulary counts (CSR, int64) of ``kind`` over the selected articles; for terms
        without page furniture when ``boilerplate`` is True, in the columns of
        ``index.counted_matrix("terms", ...)`` (phrases as terms) when ``phrases`` is True (defaults:
        the vocabulary's settings).

        >>> idx.group_sums("terms", "publication").shape     # doctest: +SKIP
        (7, 28270)
        """
        vocabulary = self.vocabulary
        return self._sums(kind, by, vocabulary.boilerplate if boilerplate is None else boilerplate,
                          vocabulary.phrases if phrases is None else phrases)[0].counts

    def _sums(self, kind: str, by: Any, boilerplate: bool, phrases: bool = False, docs: bool = False) -> tuple:
        """(group sums of ``kind`` over the selection, the furniture counts they leave out or None):
        for terms with ``boilerplate``, the sums without page furniture; with ``phrases``, of the
        terms with phrases as terms; ``docs``: the articles holding each entry counted in the same pass."""
        index = self.index
        name, m = index.counted_matrix(kind, phrases=phrases)
        sums = index.grouper.sums(name, m.X, self.mask, by, docs=docs)
        if kind != "terms" or not boilerplate:
            return sums, None
        furniture, untouched, per_article = index.furniture(phrases, deferred=True)
        prefix = "furniture-phrased" if phrases else "furniture"

        def summed(part: str, X: Any) -> Any:        # whole (publication, month) cells from their kept sums
            return index.grouper.sums(f"{prefix}-{part}", X, self.mask, by).counts

        groups = index.grouper.groups(by)
        return without_furniture(sums, furniture, untouched, per_article, groups, self.mask, summed), furniture

    def boilerplate(self, by: "str | None" = "publication") -> pd.DataFrame:
        """The page furniture the build found in the selected articles: lines and sentences a publication
        repeats across its articles (see :mod:`toolkit.index.boilerplate`).

        Columns ``[<by>,] segment`` (its normalised text: lower case, digit runs as ``0``),
        ``articles`` (selected articles of the group holding it), ``share`` (of the group's selected
        articles); sorted by group, then articles descending.

        >>> idx.boilerplate().head()     # doctest: +SKIP
        """
        index = self.index
        if by in ("publication", "author") and by not in index.meta:
            by = None                     # furniture was found over one group of every article
        return furniture_report(index.matrices.get("boilerplate_segments"), index.grouper.groups(by), self.mask)

    def top_speakers(self, k: int = 20, by: "str | None" = "publication") -> pd.DataFrame:
        """Who gets quoted: the ``k`` most quoted speakers per group (``by``: ``"publication"``, None for the
        whole selection, ``"month"``...), from the speech quotations of the selected articles.

        Columns ``[<by>,] speaker, role, quotations, quoted_words, articles, share`` (of the group's speech
        quotations, with or without a named speaker). Named speakers only (a pronoun or a noun phrase such as
        ``the spokesman`` counts under nobody), merged as :mod:`toolkit.index.speakers` says (honorifics and
        case dropped; ``Sanders`` beside ``Bernie Sanders`` in one article is him). The first call finds
        every article's quotations (about 45 s for 143,000 articles on 2 cores); later calls are fast.

        >>> idx.top_speakers(5, by="publication")     # doctest: +SKIP
        """
        return speaker_table(self.index.speakers(), self.index.grouper.groups(by), self.mask, k)

    def to_frame(self, *, features: bool = True) -> pd.DataFrame:
        """The selected articles: metadata, features (unless ``features=False``) and ``content``; index =
        row in the corpus (:func:`toolkit.index.export.selection_frame`).

        >>> idx.filter(publication="Politico").to_frame()     # doctest: +SKIP
        """
        return selection_frame(self, features=features)

    def export(self, path: "str | Path", *, features: bool = True, overwrite: bool = False) -> Path:
        """Write :meth:`to_frame` to ``path``: ``.csv``, ``.tsv``, ``.jsonl`` (optionally ``.gz``/``.bz2``/
        ``.xz``) or ``.parquet``; an existing file is kept unless ``overwrite=True``.

        >>> idx.filter(keyword="tariff").export("tariffs.parquet")     # doctest: +SKIP
        """
        return export_selection(self, path, features=features, overwrite=overwrite)

    def texts(self, limit: int | None = None) -> pd.Series:
        """The selected article texts (the first ``limit`` only, when given), index = row position."""
        rows = self.rows[:limit]
        arr = self.index.text.take(rows) if self.mask is not None or limit is not None else self.index.text.to_arrow()
        return pd.Series(pd.arrays.ArrowStringArray(arr.cast(pa.large_string())), index=rows, name="content")


class CorpusIndex(_Selection):
    """Sparse term/entity counts, per-article features and metadata of a corpus; see the module doc.

    >>> import pandas as pd
    >>> idx = CorpusIndex.build(pd.DataFrame({"content": ["Hello world", "world news"]}), progress=False)
    >>> idx.n_articles, idx.top_terms(1).term.tolist()
    (2, ['world'])
    """

    def __init__(self, meta: pd.DataFrame, text: "ArticleText | pa.ChunkedArray", matrices: dict[str, TermMatrix],
                 key: str | None = None, pairs: PairSignatures | None = None) -> None:
        self.meta = meta
        self.text = as_article_text(text)
        self.matrices = matrices
        self.key = key
        self.pairs = pairs                     # word-pair signatures: phrase filters skip text with them
        self._n_words: np.ndarray | None = None
        self.grouper = Grouper(meta, remember=self.remembered)
        dates = pd.to_datetime(meta["date"], errors="coerce") if "date" in meta else None
        self.dates = (dates.to_numpy(dtype="datetime64[ns]").view(np.int64).copy() if dates is not None
                      else np.full(len(meta), MISSING_DATE))
        self._hidden: dict[tuple, np.ndarray] = {}
        self._vocabulary = Vocabulary()
        self._furniture: dict[bool, tuple[Any, Any, np.ndarray]] = {}   # by phrases: see furniture()
        self._phrased: TermMatrix | None = None
        self._stems: dict[str, str] = {}       # term -> Snowball stem, filled by stemmed tables
        self._speakers: Speakers | None = None  # every speech quotation and its speaker, found on first use
        self.source: Any = None                # what from_files opened (a path, glob or list), for display
        self.cache_entry: Path | None = None   # the cache entry holding this index (speakers are kept there)

    @property
    def index(self) -> "CorpusIndex":
        """The index itself (a view's ``index`` is the index it selects from)."""
        return self

    @property
    def n_words(self) -> np.ndarray:
        """Term tokens per article (int64): the terms matrix's row sums, computed once (or kept)."""
        if self._n_words is None:
            X = self.matrices["terms"].X
            self._n_words = self.remembered("words", lambda: {"words": row_totals(X)})["words"]
        return self._n_words

    def remembered(self, name: str, compute: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
        """``compute()``'s arrays, kept in the index's cache entry for later sessions, or the arrays an
        earlier session kept there (:func:`toolkit.index.derived_store.remember`; nothing is kept for an
        index without a cache entry).

        >>> idx.remembered("twice", lambda: {"x": np.arange(3) * 2})["x"].tolist()     # doctest: +SKIP
        [0, 2, 4]
        """
        return remember(self.cache_entry, self.key, name, compute)

    @property
    def facets(self) -> list[str]:
        """The facet columns kept from the corpus (:mod:`toolkit.index.facets`), to filter and group on.

        >>> CorpusIndex.build(pd.DataFrame({"content": ["a", "b"], "lang": ["en", "de"]}), progress=False).facets
        ['lang']
        """
        return facet_columns(self.meta)

    @property
    def load_report(self) -> "LoadReport | None":
        """The :class:`~toolkit.io.LoadReport` of the load the index was built from (kept in its cache
        entry); None when it was built from a frame without one.

        >>> print(CorpusIndex.from_files("data/sample").load_report)      # doctest: +SKIP
        """
        return self.meta.attrs.get("load_report")

    @classmethod
    def build(cls, df: pd.DataFrame, *, text_column: str = "content", progress: bool | None = None,
              cache_dir: str | Path | None = None, n_jobs: int | None = None, stopwords: Any = "news",
              min_df: "int | float" = 1, max_df: "int | float" = 1.0, keep: Sequence[str] = (),
              boilerplate: bool = True, stem: bool = False, phrases: bool = False,
              collapse_repeats: "str | bool" = "auto", ngrams: int = 1, text: str = "auto") -> "CorpusIndex":
        """Index ``df`` (as returned by :func:`toolkit.load`); with ``cache_dir``, reuse a saved index.

        The cache key is a hash of the DataFrame's content and dtypes, the toolkit version and the token
        options; the cache is never fatal, as in :meth:`from_files`.
        ``n_jobs``: worker processes (forked; None = every core for corpora over 8 MB, else 1).
        ``stopwords``, ``min_df``, ``max_df``, ``keep``, ``boilerplate``, ``stem``, ``phrases``: the index's
        :attr:`vocabulary`, what its term tables show (every token is indexed whatever they say; page
        furniture and phrases are always found, ``boilerplate=False`` counts furniture as content and
        ``phrases=True`` counts phrases as terms; see :mod:`toolkit.index.vocabulary`).
        ``collapse_repeats``: count a name repeated at once (``Huckabee Huckabee``, left by coreference
        resolution) once: ``"auto"`` in PTB-style articles, True in all, False never
        (:mod:`toolkit.index.repeats`; part of the cache key). ``ngrams=2``: also count every pair of
        adjacent content words, for ``top_terms(ngrams=2)`` (:mod:`toolkit.index.bigrams`; part of the
        cache key). ``text``: with ``cache_dir``, where the text is kept (as in :meth:`load`).

        >>> import pandas as pd
        >>> CorpusIndex.build(pd.DataFrame({"content": ["a b", "b"]}), progress=False).n_articles
        2
        """
        if text_column not in df.columns:
            raise KeyError(f"no text column {text_column!r}; columns are {list(df.columns)}")
        vocabulary = Vocabulary(stopwords, min_df, max_df, keep, boilerplate, stem, phrases)
        options, text = build_options(collapse_repeats, ngrams), check_mode(text)
        if cache_dir is None:
            meta, text, matrices, pairs = build_parts(df, text_column, progress, n_jobs, **options)
            idx = cls(meta, text, matrices, pairs=pairs)
        else:
            key = frame_cache_key(df, text_column, options)
            idx = cls._cached(Path(cache_dir).expanduser() / key, key,
                              lambda: build_parts(df, text_column, progress, n_jobs, **options), text, vocabulary)
        idx.vocabulary = vocabulary
        return idx

    @classmethod
    def from_files(cls, paths: "str | Path | Sequence[str | Path]", cache_dir: str | Path | None = None,
                   *, progress: bool | None = None, n_jobs: int | None = None, stopwords: Any = "news",
                   min_df: "int | float" = 1, max_df: "int | float" = 1.0, keep: Sequence[str] = (),
                   boilerplate: bool = True, stem: bool = False, phrases: bool = False,
                   collapse_repeats: "str | bool" = "auto", ngrams: int = 1, text: str = "auto",
                   out_of_core: bool | None = None, **load_kw: Any) -> "CorpusIndex":
        """Load ``paths`` with :func:`toolkit.load` and index them, cached under ``cache_dir``.

        ``out_of_core``: load and index a partition at a time, the text going to the cache entry's store as it
        is read, never all in RAM (:mod:`toolkit.index.out_of_core`; the same index; ``dedupe`` is refused);
        ``None``: for inputs of at least 1 GiB (``OUT_OF_CORE_BYTES``) without ``dedupe``.

        The cache entry (:func:`~toolkit.index.store.files_cache_key`) is keyed by every source file's
        bytes, name, place and folder, the effective load options, the toolkit version and token options:
        an unchanged corpus reloads in seconds, a changed file rebuilds. Never fatal: a damaged entry is
        rebuilt, and an unwritable ``cache_dir`` leaves the index in memory, each with an
        :class:`~toolkit.index.store.IndexCacheWarning`. ``cache_dir`` defaults to
        :func:`~toolkit.index.store.default_cache_dir`. ``stopwords``, ``min_df``, ``max_df``, ``keep``,
        ``boilerplate``, ``stem``, ``phrases``: as in :meth:`build` (not part of the cache key: they change
        no indexed count); ``collapse_repeats``, ``ngrams``: as in :meth:`build` (part of the cache key);
        ``text``: as in :meth:`load` (after a build too: a text read on demand leaves RAM once written).

        >>> idx = CorpusIndex.from_files("data/sample")      # doctest: +SKIP
        """
        vocabulary = Vocabulary(stopwords, min_df, max_df, keep, boilerplate, stem, phrases)
        folder = (Path(cache_dir) if cache_dir is not None else default_cache_dir()).expanduser()
        options, text = build_options(collapse_repeats, ngrams), check_mode(text)
        key = files_cache_key(paths, build_options=options, remember_in=folder, **load_kw)
        with contextlib.ExitStack() as scratch:       # an out-of-core build's store, until the entry has it
            idx = cls._cached(folder / key, key, lambda: files_parts(
                paths, lambda: scratch.enter_context(scratch_folder(folder / key)), out_of_core=out_of_core,
                progress=progress, n_jobs=n_jobs, options=options, **load_kw), text, vocabulary)
        idx.vocabulary = vocabulary
        idx.source = paths
        return idx

    @classmethod
    def _cached(cls, entry: Path, key: str, make: Callable[[], tuple], text: str = "auto",
                vocabulary: Vocabulary | None = None) -> "CorpusIndex":
        """The index in cache entry ``entry`` when it is whole, else ``make()``'s, written there (never
        fatal: see :mod:`toolkit.index.store`); ``text`` as in :meth:`load`. A build of at least
        ``FIRST_TABLE_BYTES`` of text also keeps what a first table of ``vocabulary`` reads (the sums
        per cell, the furniture...: :mod:`toolkit.index.derived_store`), so that no session waits for it,
        on the entry reopened (:func:`~toolkit.index.store.cached_parts`: the build's frames leave RAM)."""
        parts, how = cached_parts(entry, key, make, text, reopen_from=FIRST_TABLE_BYTES)
        idx = cls(*parts)
        if how != "unsaved":
            idx.cache_entry = entry
        if how == "built" and idx.text.nbytes >= FIRST_TABLE_BYTES:
            idx.vocabulary = vocabulary or idx.vocabulary
            idx.top_terms(1)
        return idx

    def save(self, path: str | Path) -> Path:
        """Write the index to folder ``path`` (:mod:`toolkit.index.store`'s format); returns the folder."""
        return save_parts(path, self.meta, self.text, self.matrices, self.key, pairs=self.pairs)

    @classmethod
    def load(cls, path: str | Path, *, text: str = "auto") -> "CorpusIndex":
        """Reopen an index written by :meth:`save`, every file verified against its checksum; raises
        :class:`~toolkit.index.store.IndexReadError` (naming the file and the reason) when it is not whole.
        ``text``: ``"memory"`` reads the text into RAM (fastest phrase/regex filters), ``"disk"`` leaves it
        in the index's compressed store and reads what is asked (a corpus bigger than RAM), ``"auto"``
        keeps up to 1 GiB in memory (:mod:`toolkit.index.text_store`).

        >>> idx = CorpusIndex.load("~/.cache/toolkit/index/abc")      # doctest: +SKIP
        """
        return cls(*load_parts(path, check_mode(text)))

    def grouping(self, by: "str | Sequence[str] | None") -> tuple[np.ndarray, pd.DataFrame]:
        """Group code per article (-1 = missing value) and the groups' labels (one column per key), for a
        grouping without ``author`` (where an article is in one group per person: :meth:`groups`).

        >>> codes, labels = idx.grouping("publication")     # doctest: +SKIP
        """
        return self.grouper.grouping(by)

    def groups(self, by: "str | Sequence[str] | None") -> Groups:
        """The :class:`~toolkit.index.grouping.Groups` of ``by``: its articles' groups, for every grouping
        (with ``author``, one membership per person named).

        >>> idx.groups("author").labels.head()     # doctest: +SKIP
        """
        return self.grouper.groups(by)

    @property
    def vocabulary(self) -> Vocabulary:
        """What term tables show by default (stopwords, ``min_df`` / ``max_df``, kept token classes).

        Set it to change every later table of the index and its views, without a rebuild:

        >>> idx.vocabulary = Vocabulary(stopwords="english", max_df=0.8)     # doctest: +SKIP
        """
        return self._vocabulary

    @vocabulary.setter
    def vocabulary(self, value: Vocabulary) -> None:
        if not isinstance(value, Vocabulary):
            raise TypeError(f"vocabulary must be a toolkit.index.Vocabulary, not {type(value).__name__}")
        self._vocabulary = value

    def furniture(self, phrases: bool = False, *, deferred: bool = False) -> tuple[Any, Any, np.ndarray]:
        """(furniture token counts in the columns :meth:`counted_matrix` gives for terms, cells whose every
        occurrence is furniture, furniture tokens per article), from the build's ``"boilerplate"`` matrix
        (``"boilerplate_phrased"`` with ``phrases``); computed once each. ``deferred``: the matrices as
        read on first use (:func:`~toolkit.index.boilerplate.deferred_furniture`), else read now."""
        if phrases not in self._furniture:
            self._furniture[phrases] = deferred_furniture(
                self.matrices.get("boilerplate_phrased" if phrases else "boilerplate"),
                self.counted_matrix("terms", phrases=phrases)[1], "furniture-phrased" if phrases else "furniture-terms",
                self.remembered)
        furniture, untouched, per_article = self._furniture[phrases]
        return (furniture, untouched, per_article) if deferred else (loaded(furniture), loaded(untouched), per_article)

    def counted_matrix(self, kind: str, vocabulary: Vocabulary | None = None, *,
                       phrases: bool | None = None) -> tuple[str, TermMatrix]:
        """(name, matrix) a ``kind`` table counts: the ``kind`` matrix, or for terms with phrases
        (``vocabulary.phrases`` or ``phrases``) :func:`toolkit.index.phrases.phrased_matrix` of the terms
        and the build's phrases (computed once, named ``"terms+phrases"``).

        >>> idx.counted_matrix("terms", phrases=True)[1].vocab[-3:]     # doctest: +SKIP
        """
        if phrases is None:
            phrases = (vocabulary or self._vocabulary).phrases
        if kind not in self.matrices:
            raise ValueError(f"this index holds no {kind}" + (": build it with ngrams=2" if kind == "bigrams" else ""))
        name = kind if kind != "terms" or not phrases else "terms+phrases"
        if name == kind:
            m = self.matrices[kind]
        else:
            if self._phrased is None:
                found = self.matrices.get("phrases")
                self._phrased = phrased_matrix(self.matrices["terms"], found if found is not None else
                                               TermMatrix.from_token_lists([[]] * self.n_articles))
            m = self._phrased
        return name, m.ranked_with(lambda what, compute: self.remembered(f"{what}-{name}", compute))

    @property
    def speakers_found(self) -> bool:
        """Whether :meth:`speakers` has run (its first call reads every article)."""
        return self._speakers is not None

    def speakers(self) -> Speakers:
        """Every article's speech quotations and their speakers (:func:`~toolkit.index.speakers.find_speakers`),
        found on the first call and kept, in the cache entry too (:mod:`toolkit.index.speaker_store`)."""
        if self._speakers is None:
            entry, key = self.cache_entry, self.key
            found = load_speakers(entry, key) if entry is not None and key is not None else None
            if found is None:
                found = find_speakers(self.text)
                if entry is not None and key is not None:
                    save_speakers(entry, key, found)
            self._speakers = found
        return self._speakers

    @property
    def phrases(self) -> list[str]:
        """The phrases the build found (:mod:`toolkit.index.phrases`), most frequent in its sample first.

        >>> idx.phrases[:3]     # doctest: +SKIP
        ['white house', 'united states', 'new york']
        """
        found = self.matrices.get("phrases")
        return [] if found is None else found.vocab.tolist()

    def static_hidden(self, kind: str, vocabulary: Vocabulary) -> np.ndarray:
        """``vocabulary.static_hidden`` of the vocabulary ``kind`` tables of ``vocabulary`` count,
        computed once per word list."""
        name, m = self.counted_matrix(kind, vocabulary)
        key = (name, vocabulary.static_key)
        if key not in self._hidden:
            if len(self._hidden) > 16:
                self._hidden.clear()
            words = hashlib.sha256(json.dumps([sorted(vocabulary.words), vocabulary.keep]).encode()).hexdigest()
            hidden = self.remembered(f"hidden-{name}-{words[:16]}",
                                     lambda: {"hidden": vocabulary.static_hidden(m.vocab_arrow)})["hidden"]
            self._hidden[key] = hidden if len(hidden) == len(m.vocab) else vocabulary.static_hidden(m.vocab_arrow)
        return self._hidden[key]

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
    """Shorthand for :meth:`CorpusIndex.build`: ``build_index(df, progress=False)``."""
    return CorpusIndex.build(df, **kw)
