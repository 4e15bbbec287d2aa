"""Words that occur together more than chance: bigram collocations by pointwise mutual information.

Rules:
- Tokens are the index's term tokens (:func:`toolkit.index.term_tokens`), read again from the texts
  of the view; bigrams never cross articles.
- Bigrams with a stopword (the corpus vocabulary's list, ``"news"`` by default) are left out unless
  ``stopwords=True`` keeps them.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"content": ["white house staff", "the white house"]}),
    ...                         progress=False)
    >>> collocations(idx, min_count=2).bigram.tolist()
    ['white house']
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

from toolkit.index import CorpusIndex, CorpusView, as_view, term_tokens

__all__ = ["collocations"]


def collocations(corpus: "CorpusIndex | CorpusView", *, k: int = 20, min_count: int = 5, method: str = "pmi",
                 stopwords: bool = False, max_articles: int | None = 20_000) -> pd.DataFrame:
    """Bigrams that occur together more than chance: pointwise mutual information.

    Tokens are the index's term tokens; bigrams never cross articles. ``pmi = log2(c(xy)·N / (c(x)·c(y)))``
    with ``N`` the number of tokens (NLTK's ``BigramAssocMeasures.pmi``); ``method="nltk"`` runs NLTK's
    ``BigramCollocationFinder.from_documents`` instead. Bigrams seen fewer than ``min_count`` times,
    and (unless ``stopwords=True``) those with a stopword, are left out. Only the first
    ``max_articles`` articles of the view are read (None = all).
    Columns ``w1, w2, bigram, count, pmi``, sorted by pmi desc then bigram.

    >>> collocations(idx.filter(publication="nyt"), k=10)     # doctest: +SKIP
    """
    if method not in ("pmi", "nltk"):
        raise ValueError("method must be 'pmi' or 'nltk'")
    view = as_view(corpus)
    texts = view.texts(limit=max_articles)
    docs = term_tokens(texts).tolist() if len(texts) else []
    stop = frozenset() if stopwords else view.vocabulary.words
    rows: list[tuple[str, str, int, float]] = []
    if method == "nltk":
        from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder  # optional: NLTK loads slowly

        finder = BigramCollocationFinder.from_documents(docs)
        finder.apply_freq_filter(min_count)
        if stop:
            finder.apply_ngram_filter(lambda w1, w2: w1 in stop or w2 in stop)
        for (w1, w2), score in finder.score_ngrams(BigramAssocMeasures.pmi):
            rows.append((w1, w2, int(finder.ngram_fd[(w1, w2)]), float(score)))
    else:
        words: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        for doc in docs:
            words.update(doc)
            pairs.update(zip(doc, doc[1:]))
        n = sum(words.values())
        for (w1, w2), c in pairs.items():
            if c < min_count or w1 in stop or w2 in stop:
                continue
            rows.append((w1, w2, c, math.log2(c * n) - math.log2(words[w1] * words[w2])))
    out = pd.DataFrame.from_records(rows, columns=["w1", "w2", "count", "pmi"])
    out.insert(2, "bigram", (out["w1"] + " " + out["w2"]) if len(out) else pd.Series(dtype="str"))
    out = out.sort_values(["pmi", "bigram"], ascending=[False, True], kind="stable").head(k)
    out = out.reset_index(drop=True)
    for c in ("w1", "w2", "bigram"):
        out[c] = out[c].astype("str")
    out["count"] = out["count"].astype(np.int64)
    out["pmi"] = out["pmi"].astype(np.float64)
    return out
