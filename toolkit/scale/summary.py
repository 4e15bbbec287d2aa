"""What one pass of :func:`toolkit.scale.summarize` reduces to: mergeable count tables and the :class:`Summary`.

Rules:
- the counting is the index's own: a partition's :class:`toolkit.CorpusIndex` gives its groupings and
  matrices, its ``Groups.sum`` sums them per group, ``top_from_counts`` ranks the merged
  sums; nothing here tokenizes or ranks by itself;
- a partial table merges with any other (sums by group and term), so reductions run in any tree shape;
- a :class:`Summary` answers through :class:`toolkit.index.CorpusQueries`, like an index would, and
  carries the load report of the whole corpus (``load_report``).

Example:
    >>> s = toolkit.scale.summarize("data/sample", by="publication")   # doctest: +SKIP
    >>> s.top_terms(5, by="publication"); s.load_report.rows_skipped      # doctest: +SKIP
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from toolkit.featurize import FEATURE_COLUMNS
from toolkit.index import CorpusIndex, CorpusQueries, Vocabulary, top_from_counts
from toolkit.index.grouping import Grouper
from toolkit.io.report import LoadReport

__all__ = ["Summary", "group_counts", "merge_counts", "top_table"]


def group_counts(idx: CorpusIndex, kind: str, by: "str | None") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mergeable counts of one partition's index: (``[<by>,] term, count, doc_freq``, ``[<by>,] words``).

    The counting is the index's own: ``CorpusIndex.build`` tokenized and extracted, its grouping
    labels the articles (per person for ``author``), and ``Groups.sum`` sums the matrix per group (binarised for
    doc_freq).

    >>> table, words = group_counts(CorpusIndex.build(df, progress=False), "terms", None)   # doctest: +SKIP
    """
    groups = idx.groups(by)
    labels = groups.labels
    keys = list(labels.columns)
    matrix = idx.matrices[kind]
    counts = groups.sum(matrix.X, None)
    docs = groups.sum(matrix.X, None, binary=True)  # same sparsity pattern as counts
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    table = labels.iloc[rows].reset_index(drop=True) if keys else pd.DataFrame(index=range(counts.nnz))
    table["term"] = matrix.vocab[counts.indices]
    table["count"] = counts.data
    table["doc_freq"] = docs.data
    words = labels.copy() if keys else pd.DataFrame(index=range(1))
    words["words"] = groups.totals(idx.n_words, None)[:len(words)]
    return table, words


def merge_counts(*partials: tuple[pd.DataFrame, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum count tables (and word totals) of several partitions, group by group and term by term.

    >>> merge_counts(group_counts(a, "terms", None), group_counts(b, "terms", None))   # doctest: +SKIP
    """
    table = pd.concat([t for t, _ in partials], ignore_index=True)
    totals = pd.concat([w for _, w in partials], ignore_index=True)
    keys = [c for c in totals.columns if c != "words"]
    if not keys:
        return table.groupby("term", sort=False, as_index=False)[["count", "doc_freq"]].sum(), \
            totals[["words"]].sum().to_frame().T
    return (table.groupby(keys + ["term"], sort=False, as_index=False)[["count", "doc_freq"]].sum(),
            totals.groupby(keys, sort=False, as_index=False)["words"].sum())


def top_table(table: pd.DataFrame, totals: pd.DataFrame, kind: str, k: int,
              vocabulary: Vocabulary | None = None, n_docs: int = 0) -> pd.DataFrame:
    """The index's ``top_*`` table from reduced counts, by the index's own ``top_from_counts``.

    Term tables show what ``vocabulary`` lets through, as the index's do: its document-frequency
    bounds count the articles of every group (``n_docs`` of them) together.

    >>> top_table(*merge_counts(partial), "terms", 10)            # doctest: +SKIP
    """
    keys = [c for c in totals.columns if c != "words"]
    if kind == "terms":  # hidden terms still count as words (the totals are untouched)
        vocabulary = vocabulary or Vocabulary()
        terms, where = np.unique(table["term"].to_numpy(dtype=object), return_inverse=True)
        hidden = vocabulary.static_hidden(terms)
        if vocabulary.bounded:
            doc_freq = np.bincount(where, weights=table["doc_freq"].to_numpy(), minlength=len(terms))
            hidden |= vocabulary.frequency_hidden(doc_freq, n_docs)
        table = table[~hidden[where]]
    if keys:
        (by,) = keys
        words: Any = dict(zip(totals[by].astype(str), totals["words"]))
        return top_from_counts(table, words, k, by=by)
    return top_from_counts(table, float(totals["words"].sum()), k)


class Summary(CorpusQueries):
    """What one pass over a corpus on the cluster gives: features, count tables, article metadata.

    Answers like a :class:`toolkit.CorpusIndex` over the whole corpus, through the same query surface
    (:class:`toolkit.index.CorpusQueries`): ``top_terms``, ``top_hashtags``, ``top_handles``,
    ``top_cashtags`` (for the groupings counted), ``quote_stats`` and ``source_counts`` (any
    grouping), ``articles()``, and ``features`` (per article, ``toolkit.load``'s row positions).
    ``load_report``: what loading the corpus read, skipped and repaired (``toolkit.load``'s report,
    merged from the partitions; also in ``features.attrs["load_report"]``).

    >>> s = summarize("data/sample", by=["publication", None])       # doctest: +SKIP
    >>> s.top_terms(10); s.top_hashtags(5, by="publication"); s.quote_stats()  # doctest: +SKIP
    """

    def __init__(self, articles: pd.DataFrame, counts: dict, load_report: LoadReport | None = None) -> None:
        meta = articles.copy(deep=False)
        for column in ("publication", "author", "source_file"):
            if column in meta:  # partitions have their own categories; unify them
                meta[column] = meta[column].astype(object).astype("category")
        if load_report is not None:
            meta.attrs["load_report"] = load_report
        self.counts = counts
        self._articles = Grouper(meta)

    def _grouper(self) -> Grouper:
        return self._articles

    @property
    def load_report(self) -> LoadReport | None:
        """The corpus' :class:`toolkit.io.report.LoadReport` (rows skipped inside partitions included)."""
        return self._articles.meta.attrs.get("load_report")

    @property
    def features(self) -> pd.DataFrame:
        """Per-article features (the columns of :func:`toolkit.features`), index = global row position."""
        return self._articles.meta[list(FEATURE_COLUMNS)]

    #: page furniture is found over a whole corpus, which partitions do not see: counted as content here
    vocabulary = Vocabulary(boilerplate=False)

    def top(self, kind: str, k: int = 20, by: "str | None" = None,
            vocabulary: Vocabulary | None = None) -> pd.DataFrame:
        """The index's ``top(kind, k, by, vocabulary)`` table, from the reduced counts; page furniture
        counts as content (``boilerplate=True`` is refused: ``toolkit.scale`` does not find it yet, nor
        phrases: ``phrases=True`` is refused too)."""
        vocabulary = vocabulary or self.vocabulary
        if kind == "terms" and vocabulary.boilerplate:
            raise ValueError("toolkit.scale does not find page furniture yet: pass boilerplate=False, or build "
                             "a CorpusIndex to leave it out")
        if kind == "terms" and vocabulary.phrases:
            raise ValueError("toolkit.scale does not find phrases yet: pass phrases=False, or build a CorpusIndex "
                             "to count them as terms")
        if (kind, by) not in self.counts:
            counted = sorted({f"{kd} by {b}" for kd, b in self.counts})
            raise KeyError(f"{kind} by {by!r} was not counted in this pass (counted: {', '.join(counted)}); "
                           f"pass by=[..., {by!r}] to summarize()")
        table, totals = self.counts[kind, by]
        n_docs = int(np.count_nonzero(self._articles.groups(by).grouped(None)))
        return top_table(table, totals, kind, k, vocabulary, n_docs)

    def __repr__(self) -> str:
        return f"<scale.Summary {self.n_articles:,} articles; counted {sorted(map(str, self.counts))}>"
