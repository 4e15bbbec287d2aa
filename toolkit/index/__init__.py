"""The corpus index: build once, then filter and count in milliseconds.

One module per job (``docs/architecture.md`` states their contracts):

- :mod:`~toolkit.index.corpus`: :class:`CorpusIndex` and :class:`CorpusView`;
- :mod:`~toolkit.index.queries`: the one query surface they (and ``toolkit.scale.Summary``) share;
- :mod:`~toolkit.index.matrix`: what is counted (term tokens, entities) and the sparse
  :class:`TermMatrix` with its posting lists;
- :mod:`~toolkit.index.vocabulary`: which terms tables show (stopwords, ``min_df`` / ``max_df``, token
  classes), chosen at count time;
- :mod:`~toolkit.index.keyword`: the one keyword grammar (filters, KWIC, the dashboard's marks);
- :mod:`~toolkit.index.search`: which articles match a keyword (posting lists, then RE2);
- :mod:`~toolkit.index.grouping`: groupings and the one group-sum engine;
- :mod:`~toolkit.index.tables`: the tables every query returns;
- :mod:`~toolkit.index.build`: building from a DataFrame (forked workers);
- :mod:`~toolkit.index.store`: the on-disk format, cache keys and code fingerprint.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"content": ["Trump won", "Trump #MAGA"]}), progress=False)
    >>> idx.filter(keyword="won").n_articles, idx.top_hashtags(1).term.tolist()
    (1, ['maga'])
"""
from __future__ import annotations

from toolkit.index.corpus import CorpusIndex, CorpusView, as_view, build_index
from toolkit.index.grouping import GROUPINGS, PERIODS, group_sum
from toolkit.index.keyword import Keyword, phrase_regex, regex_requirements
from toolkit.index.matrix import ENTITY_KINDS, KINDS, TERM_OPTIONS, TermMatrix, term_tokens
from toolkit.index.queries import CorpusQueries
from toolkit.index.store import IndexCacheWarning, IndexReadError, default_cache_dir, files_cache_key
from toolkit.index.tables import TOP_COLUMNS, top_from_counts
from toolkit.index.vocabulary import TOKEN_CLASSES, UNSET, Vocabulary

__all__ = ["CorpusIndex", "CorpusView", "CorpusQueries", "as_view", "build_index", "top_from_counts",
           "TermMatrix", "KINDS", "TERM_OPTIONS", "ENTITY_KINDS", "GROUPINGS", "TOP_COLUMNS", "term_tokens",
           "Vocabulary", "TOKEN_CLASSES", "UNSET", "Keyword", "phrase_regex", "regex_requirements", "group_sum", "default_cache_dir",
           "files_cache_key", "IndexReadError", "IndexCacheWarning", "PERIODS"]
