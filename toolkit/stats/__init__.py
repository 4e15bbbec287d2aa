"""Statistics over a :class:`~toolkit.index.CorpusIndex` or a filtered :class:`~toolkit.index.CorpusView`.

Every function takes an index or a view and returns a pandas DataFrame; one module per job:

- :mod:`~toolkit.stats.terms`: :func:`top_table` (top-k terms / hashtags / handles / cashtags, by
  name), :func:`term_table` (chosen terms × every group, raw and per 10,000 tokens),
  :func:`term_trends` (chosen terms per period and group);
- :mod:`~toolkit.stats.keyness`: :func:`keyness` (G² or χ² with p-values, a multiple-comparison
  correction and the log ratio, laid out as quanteda's ``textstat_keyness``) and
  :func:`distinctive_terms` (log-odds ratio with informative Dirichlet prior, with the same
  significance columns), between any two views;
- :mod:`~toolkit.stats.dictionaries`: :func:`dictionary_counts` (quanteda-style dictionaries with
  wildcards, counts and rates per category and group);
- :mod:`~toolkit.stats.concordance`: :func:`kwic` (keyword-in-context lines);
- :mod:`~toolkit.stats.cooccurrence`: :func:`collocations` (bigram PMI, ours or NLTK's).

Which terms a table shows is the corpus' :class:`~toolkit.index.Vocabulary` (``"news"`` stopwords,
no numbers, URLs or entities by default); the term functions take ``stopwords``, ``min_df``,
``max_df`` and ``keep`` to change it for one call. Source distribution and quote rates are
``view.source_counts(by)`` and ``view.quote_stats(by)``.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"publication": ["a", "b"], "content": ["tax cuts tax", "wall"]}),
    ...                         progress=False)
    >>> dictionary_counts(idx, {"fiscal": ["tax*", "cut?"]}, by=None)[["category", "count"]].values.tolist()
    [['fiscal', 3]]
"""
from __future__ import annotations

from toolkit.stats.concordance import kwic
from toolkit.stats.cooccurrence import collocations
from toolkit.stats.dictionaries import dictionary_counts, parse_dictionary
from toolkit.stats.keyness import adjust_p, chi2_statistic, distinctive_terms, g2_statistic, keyness, log_ratio
from toolkit.stats.terms import normalize_term, term_table, term_trends, top_table, trend_terms

__all__ = ["top_table", "term_table", "term_trends", "trend_terms", "distinctive_terms", "keyness", "dictionary_counts",
           "parse_dictionary", "kwic", "collocations", "normalize_term", "g2_statistic", "chi2_statistic",
           "adjust_p", "log_ratio"]
