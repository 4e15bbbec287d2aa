"""The one query surface: every question a corpus answers, written once.

Rules:
- :class:`CorpusQueries` is the base of :class:`~toolkit.index.CorpusIndex`,
  :class:`~toolkit.index.CorpusView` and ``toolkit.scale.Summary``. A subclass says which articles it
  covers (``_grouper()``: the articles' metadata and features with their groupings; ``mask``: the
  selected rows, None = all) and how it ranks counts (``top(kind, k, by)``); every other query and
  every default comes from here.
- ``by`` is None (the whole selection), ``"publication"``, ``"author"``, ``"month"``, ``"year"`` or
  (``source_counts``, ``quote_stats``) a list of them. ``top_*`` default to ``by=None``;
  ``source_counts`` and ``quote_stats`` to ``"publication"``.
- Tables follow :mod:`toolkit.index.tables`. Which terms a term table shows is the corpus'
  :class:`~toolkit.index.vocabulary.Vocabulary` (``self.vocabulary``), changed per call by the
  ``stopwords``, ``min_df``, ``max_df`` and ``keep`` options of ``top_terms``.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"publication": ["a", "b"], "content": ["x #y", "z"]}), progress=False)
    >>> idx.top_hashtags(1).term.tolist(), idx.source_counts().articles.tolist()
    (['y'], [1, 1])
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from toolkit.index.grouping import Grouper, grouped_rows
from toolkit.index.names import fold, people_counts
from toolkit.index.tables import quote_table, source_table
from toolkit.index.vocabulary import UNSET, Vocabulary

__all__ = ["CorpusQueries"]


class CorpusQueries:
    """Top terms and entities, source counts, quote rates and article rows of a set of articles."""

    mask: np.ndarray | None = None   # selected rows of the articles; None = every article
    vocabulary: Vocabulary = Vocabulary()   # what term tables show (subclasses may hold their own)

    def _grouper(self) -> Grouper:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def top(self, kind: str, k: int = 20, by: "str | None" = None,
            vocabulary: Vocabulary | None = None) -> pd.DataFrame:  # pragma: no cover
        """The ``k`` most frequent entries of ``kind`` (``terms``, ``hashtags``, ``handles``,
        ``cashtags``) per group: columns ``[<by>,] term, count, per_10k, doc_freq``. Term tables show
        what ``vocabulary`` (default ``self.vocabulary``) lets through."""
        raise NotImplementedError

    @property
    def n_articles(self) -> int:
        """Number of articles covered."""
        return self._grouper().n_rows if self.mask is None else int(np.count_nonzero(self.mask))

    def top_terms(self, k: int = 20, by: "str | None" = None, *, stopwords: Any = UNSET, min_df: Any = UNSET,
                  max_df: Any = UNSET, keep: Any = UNSET, boilerplate: Any = UNSET,
                  stem: Any = UNSET, phrases: Any = UNSET, ngrams: int = 1) -> pd.DataFrame:
        """The ``k`` most frequent terms (lowercase, no punctuation) per group.

        By default the corpus' vocabulary decides what is shown (``"news"`` stopwords hidden, and
        numbers, years, URLs, e-mails, hashtags, handles, cashtags); each option overrides it for this
        call: ``stopwords`` (``"news"``, ``"english"``, None, a list or a file), ``min_df`` /
        ``max_df`` (articles, or a share of them when a float), ``keep`` (token classes to show, e.g.
        ``("years", "numbers")``), ``boilerplate`` (False counts page furniture too), ``stem`` (True:
        by Snowball stem, shown as the most frequent form), ``phrases`` (True: the phrases the build
        found, ``white house``, as one term each), ``ngrams=2`` (pairs of adjacent content words instead of
        words, from an index built with ``ngrams=2``). See :mod:`toolkit.index.vocabulary`.

        >>> idx.top_terms(5, by="publication", stopwords="english", max_df=0.5)     # doctest: +SKIP
        >>> idx.top_terms(10, phrases=True)     # doctest: +SKIP
        """
        vocabulary = self.vocabulary.with_options(stopwords=stopwords, min_df=min_df, max_df=max_df, keep=keep,
                                                  boilerplate=boilerplate, stem=stem, phrases=phrases)
        if ngrams not in (1, 2) or isinstance(ngrams, bool):
            raise ValueError(f"ngrams must be 1 or 2, not {ngrams!r}")
        if ngrams == 1:
            return self.top("terms", k, by, vocabulary)
        if phrases is True or stem is True:
            raise ValueError("ngrams=2 counts pairs of words: it takes neither phrases=True nor stem=True")
        return self.top("bigrams", k, by, vocabulary.with_options(phrases=False, stem=False))

    def top_hashtags(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """The ``k`` most frequent hashtags per group, keyed case-folded without ``#``."""
        return self.top("hashtags", k, by)

    def top_handles(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """The ``k`` most frequent @handles per group, keyed case-folded without ``@``."""
        return self.top("handles", k, by)

    def top_cashtags(self, k: int = 20, by: "str | None" = None) -> pd.DataFrame:
        """The ``k`` most frequent cashtags per group, keyed case-folded without ``$``."""
        return self.top("cashtags", k, by)

    def source_counts(self, by: "str | Sequence[str]" = "publication") -> pd.DataFrame:
        """Articles per group (``by`` one key or a list, e.g. ``["month", "publication"]``).

        Columns ``[*by], articles, share`` (share of the selected articles); groups without
        articles are left out.

        >>> idx.source_counts(["month", "publication"])     # doctest: +SKIP
        """
        return source_table(self._grouper().groups(by), self.mask)

    def quote_stats(self, by: "str | Sequence[str] | None" = "publication") -> pd.DataFrame:
        """Quotations per group from the per-article features.

        Columns ``[*by], articles, articles_with_quotes, share_with_quotes, quotes, quote_rate``
        (quotes per article), ``tokens, quoted_words, quoted_word_share`` (quoted words / tokens).

        >>> idx.quote_stats()      # doctest: +SKIP
        """
        grouper = self._grouper()
        return quote_table(lambda name: grouper.meta[name].to_numpy(dtype=np.int64), grouper.groups(by), self.mask)

    def name_counts(self, column: str) -> pd.Series:
        """Selected articles per value of a metadata column (``publication``, ``author`` or a facet), as a
        Series indexed by value in name order; values without a selected article are left out. Values that
        differ only in case or spaces are one (as filters match them), shown in their most frequent
        spelling. For ``author``, per person named (multi-author fields split,
        :func:`~toolkit.index.names.people_counts`), each spelled as in the whole corpus, as ``by="author"``
        tables label them. Computed once for a whole index.

        >>> idx.name_counts("publication").head(3)     # doctest: +SKIP
        """
        grouper = self._grouper()
        if self.mask is None and column in grouper.name_counts_cache:
            return grouper.name_counts_cache[column].copy()
        codes, categories = grouper.category_codes(column)
        counts = np.bincount(codes[grouped_rows(codes, self.mask)], minlength=len(categories))
        if column == "author":
            out = people_counts(categories, counts)
            if self.mask is not None:   # each person as the whole corpus spells them (as by="author" tables do)
                spelled = {fold(name): name for name in grouper.groups("author").labels["author"]}
                out.index = pd.Index([spelled.get(fold(name), name) for name in out.index], dtype=object)
        else:
            frame = pd.DataFrame({"name": [str(c) for c in categories], "count": counts})
            frame = frame[frame["count"] > 0]
            frame["key"] = frame["name"].map(fold)
            frame = frame.sort_values(["key", "count"], ascending=[True, False], kind="stable")
            merged = frame.groupby("key", sort=False).agg(name=("name", "first"), count=("count", "sum"))
            out = pd.Series(merged["count"].to_numpy(dtype=np.int64),
                            index=pd.Index(merged["name"].tolist(), dtype=object), dtype=np.int64)
        if self.mask is None:
            grouper.name_counts_cache[column] = out
        return out.copy()

    def summary(self) -> pd.Series:
        """The selection at a glance, as Voyant's corpus summary: ``articles``, ``tokens``, ``publications``,
        ``authors`` (people named), ``first_date``, ``last_date``, ``undated`` (articles without a date).

        >>> idx.summary()["articles"]     # doctest: +SKIP
        4456
        """
        meta = self.articles()
        dates = pd.to_datetime(meta["date"], errors="coerce") if "date" in meta else pd.Series(pd.NaT, meta.index)
        return pd.Series({
            "articles": len(meta),
            "tokens": int(meta["tokens"].sum()) if "tokens" in meta else 0,
            "publications": len(self.name_counts("publication")) if "publication" in meta else 0,
            "authors": len(self.name_counts("author")) if "author" in meta else 0,
            "first_date": dates.min(), "last_date": dates.max(),
            "undated": int(dates.isna().sum()),
        }, dtype=object)

    def articles(self) -> pd.DataFrame:
        """Metadata and per-article features (no text) of the selected articles, index = row position."""
        meta = self._grouper().meta
        return meta if self.mask is None else meta[self.mask]
