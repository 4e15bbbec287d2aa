"""Statistics over a :class:`~toolkit.index.CorpusIndex` or a filtered :class:`~toolkit.index.CorpusView`.

Every function takes an index or a view and returns a pandas DataFrame:

- :func:`top_table` — top-k terms / hashtags / handles / cashtags, overall or by group (the same table
  as ``view.top_terms`` etc., picked by name);
- :func:`term_table` — chosen terms × every group (zeros included), raw and per 10,000 tokens;
- :func:`term_trends` — chosen terms per month (and per group);
- :func:`distinctive_terms` — keyness between two views: log-odds ratio with an informative Dirichlet
  prior (Monroe, Colaresi & Quinn 2008) with z-scores, or a smoothed frequency ratio;
- :func:`kwic` — keyword-in-context lines with article id and publication;
- :func:`collocations` — bigram PMI (ours, or NLTK's ``BigramCollocationFinder``).

Source distribution and quote rates are ``view.source_counts(by)`` and ``view.quote_stats(by)``.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"publication": ["a", "b"], "content": ["tax cuts tax", "wall"]}),
    ...                         progress=False)
    >>> term_table(idx, ["tax"], by="publication")[["publication", "term", "count"]].values.tolist()
    [['a', 'tax', 2], ['b', 'tax', 0]]
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

import numpy as np
import pandas as pd

from toolkit.index import KINDS, CorpusIndex, CorpusView, Keyword, as_view, stopword_set, term_tokens
from toolkit.index.grouping import PERIODS, group_sum, group_totals

__all__ = ["top_table", "term_table", "term_trends", "distinctive_terms", "kwic", "collocations",
           "normalize_term"]

Corpus = "CorpusIndex | CorpusView"


def top_table(corpus: Corpus, kind: str = "terms", k: int = 20, by: str | None = None) -> pd.DataFrame:
    """``corpus.top_<kind>(k, by)``: the top-k table for ``kind`` in ``KINDS`` (terms, hashtags, ...).

    >>> top_table(idx, "hashtags", 10, by="publication")     # doctest: +SKIP
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose from {KINDS}")
    return getattr(as_view(corpus), f"top_{kind}")(k, by)


def normalize_term(term: str, kind: str = "terms") -> str:
    """The index key of ``term``: its single token for terms, the case-folded name for entities.

    >>> normalize_term("Trump's"), normalize_term("#FreeMilo", "hashtags")
    ("trump's", 'freemilo')
    """
    if kind == "terms":
        tokens = term_tokens(term)
        return tokens[0] if len(tokens) == 1 else term.lower()
    return term.lstrip("#@$＃＠").casefold()


def _term_counts(view: CorpusView, terms: Sequence[str], by: "str | Sequence[str] | None",
                 kind: str) -> pd.DataFrame:
    """Counts, per-10k and doc_freq of ``terms`` in every group of ``by`` that has articles."""
    idx = view.index
    m = idx.matrices[kind]
    keys = list(dict.fromkeys(normalize_term(t, kind) for t in terms))
    codes, labels = idx.grouping(by)
    n_groups = len(labels)
    articles = group_totals(np.ones(idx.n_articles), codes, n_groups, view.mask).astype(np.int64)
    words = group_totals(idx.n_words, codes, n_groups, view.mask)
    cols = np.array([m.column(t) for t in keys], dtype=np.int64)
    present = cols >= 0
    counts = np.zeros((n_groups, len(keys)), dtype=np.int64)
    doc_freq = np.zeros((n_groups, len(keys)), dtype=np.int64)
    if present.any() and n_groups:
        sel = (codes >= 0) if view.mask is None else (view.mask & (codes >= 0))
        rows = np.flatnonzero(sel)
        sub = m.X[:, cols[present]]
        counts[:, present] = group_sum(sub, codes, n_groups, rows=rows).toarray()
        doc_freq[:, present] = group_sum(sub, codes, n_groups, rows=rows, binary=True).toarray()
    keep = np.flatnonzero(articles > 0)
    g = np.repeat(keep, len(keys))
    t = np.tile(np.arange(len(keys)), len(keep))
    out = labels.iloc[g].reset_index(drop=True) if len(labels.columns) else pd.DataFrame(index=range(len(g)))
    out["term"] = pd.array([keys[i] for i in t], dtype="str")
    out["count"] = counts[g, t]
    out["per_10k"] = np.where(words[g] > 0, counts[g, t] / np.maximum(words[g], 1) * 10_000, 0.0)
    out["doc_freq"] = doc_freq[g, t]
    out["articles"] = articles[g].astype(np.int64)
    return out


def term_table(corpus: Corpus, terms: Sequence[str] | None = None, *, by: str | None = "publication",
               kind: str = "terms", k: int = 20) -> pd.DataFrame:
    """Chosen ``terms`` (default: the corpus' top ``k``) in every group, zeros included.

    Columns ``[<by>,] term, count, per_10k, doc_freq, articles`` (articles of the group); rows in
    group order, then in the order of ``terms``. Suits a term × publication heatmap.

    >>> term_table(idx, ["wall", "tax"], by="publication")     # doctest: +SKIP
    """
    view = as_view(corpus)
    if terms is None:
        terms = top_table(view, kind, k)["term"].tolist()
    return _term_counts(view, terms, by, kind)


def term_trends(corpus: Corpus, terms: Sequence[str], *, by: str | None = "publication",
                kind: str = "terms", freq: str = "month") -> pd.DataFrame:
    """Counts of ``terms`` per period (``freq``: ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``)
    and per ``by`` group.

    Columns ``<freq>, [<by>,] term, count, per_10k, doc_freq, articles``; periods without articles
    in a group are absent, periods with articles but no mention have count 0.

    >>> term_trends(idx, ["#MAGA"], kind="hashtags")     # doctest: +SKIP
    """
    if freq not in PERIODS:
        raise ValueError(f"freq must be one of {PERIODS}, not {freq!r}")
    group = [freq] if by is None else [freq, by]
    return _term_counts(as_view(corpus), terms, group, kind)


def _totals(view: CorpusView, kind: str) -> np.ndarray:
    """Counts of every vocabulary entry of ``kind`` over the view, as floats."""
    return view.group_sums(kind).toarray().ravel().astype(np.float64)


def distinctive_terms(a: Corpus, b: Corpus, *, method: str = "log_odds", k: int = 20, kind: str = "terms",
                      prior: Corpus | None = None, prior_scale: float = 1.0, min_count: int = 1,
                      labels: tuple[str, str] = ("a", "b")) -> pd.DataFrame:
    """Terms most distinctive of ``a`` versus ``b`` (and of ``b`` versus ``a``): ``k`` of each.

    ``method="log_odds"``: the log-odds ratio with informative Dirichlet prior of Monroe, Colaresi &
    Quinn (2008), eq. 16-22: with prior counts ``α_w`` (``prior_scale`` × counts in ``prior``,
    default the whole index) and ``α0 = Σ α_w``,
    ``δ_w = log((y_aw+α_w)/(n_a+α0−y_aw−α_w)) − log((y_bw+α_w)/(n_b+α0−y_bw−α_w))``,
    ``σ²_w ≈ 1/(y_aw+α_w) + 1/(y_bw+α_w)``, ``z = δ/σ``. ``method="ratio"``: ``score = log2`` of the
    ratio of relative frequencies with 0.5 added to each count; ``z`` is NaN.
    Stopwords are left out for terms; ``n`` and ``α0`` sum over the remaining vocabulary of the two
    views, before terms seen fewer than ``min_count`` times (in a and b together) are dropped.

    Columns ``term, count_a, count_b, per_10k_a, per_10k_b, score, z, favours`` (``labels[0]`` for
    positive scores), the ``k`` highest scores then the ``k`` lowest, sorted by score descending.

    >>> distinctive_terms(idx.filter(publication="breitbart"), idx.filter(publication="nyt"),
    ...                   labels=("breitbart", "nyt"))      # doctest: +SKIP
    """
    va, vb = as_view(a), as_view(b)
    if va.index is not vb.index:
        raise ValueError("both views must come from the same CorpusIndex")
    if method not in ("log_odds", "ratio"):
        raise ValueError("method must be 'log_odds' or 'ratio'")
    idx = va.index
    m = idx.matrices[kind]
    ya = _totals(va, kind)
    yb = _totals(vb, kind)
    vocab = np.ones(len(ya), dtype=bool) if kind != "terms" else ~idx.hidden_columns(kind)
    na, nb = ya[vocab].sum(), yb[vocab].sum()
    columns = ["term", "count_a", "count_b", "per_10k_a", "per_10k_b", "score", "z", "favours"]
    if na == 0 or nb == 0:
        return pd.DataFrame({c: pd.Series(dtype="str" if c in ("term", "favours") else "float64")
                             for c in columns}).astype({"count_a": "int64", "count_b": "int64"})
    if method == "log_odds":
        background = _totals(as_view(prior) if prior is not None else as_view(idx), kind)
        alpha = prior_scale * background + 0.01  # + 0.01: terms absent from the prior stay finite
        a0 = alpha[vocab & ((ya + yb) > 0)].sum()
    cols = np.flatnonzero(vocab & ((ya + yb) >= max(min_count, 1)))
    ya, yb = ya[cols], yb[cols]
    if method == "log_odds":
        alpha = alpha[cols]
        delta = (np.log((ya + alpha) / (na + a0 - ya - alpha))
                 - np.log((yb + alpha) / (nb + a0 - yb - alpha)))
        z = delta / np.sqrt(1.0 / (ya + alpha) + 1.0 / (yb + alpha))
        score = delta
    else:
        score = np.log2(((ya + 0.5) / na) / ((yb + 0.5) / nb))
        z = np.full(len(cols), np.nan)
    key = z if method == "log_odds" else score
    order = np.lexsort((m.rank[cols], -key))
    chosen = order if len(order) <= 2 * k else np.concatenate([order[:k], order[len(order) - k:]])
    out = pd.DataFrame({
        "term": pd.array(m.vocab[cols[chosen]].tolist(), dtype="str"),
        "count_a": ya[chosen].astype(np.int64),
        "count_b": yb[chosen].astype(np.int64),
        "per_10k_a": ya[chosen] / na * 10_000,
        "per_10k_b": yb[chosen] / nb * 10_000,
        "score": score[chosen],
        "z": z[chosen],
    })
    out["favours"] = pd.array(np.where(key[chosen] > 0, labels[0], labels[1]).tolist(), dtype="str")
    return out


def kwic(corpus: Corpus, query: str, *, window: int = 60, limit: int | None = 500,
         regex: bool = False) -> pd.DataFrame:
    """Keyword-in-context lines for a term, a phrase or (``regex=True``) a regular expression.

    Matching follows ``view.filter(keyword=query)`` (case-insensitive whole words, any punctuation
    between the words of a phrase). ``window`` characters of context each side, whitespace folded.
    Columns ``id, publication, left, match, right, row`` (row position in the index), in article then
    text order; at most ``limit`` lines.

    >>> kwic(idx, "white house", window=30).head()     # doctest: +SKIP
    """
    view = as_view(corpus)
    columns = ["id", "publication", "left", "match", "right", "row"]
    hits = view.filter(keyword=query, regex=regex)
    pattern = Keyword(query, regex).pattern()
    meta = view.index.meta
    ids = meta["id"] if "id" in meta else pd.Series(meta.index.astype(str), index=meta.index)
    pubs = meta["publication"] if "publication" in meta else pd.Series([None] * len(meta), index=meta.index)
    records: list[tuple] = []
    texts = hits.texts()
    for row, text in zip(texts.index, texts.tolist()):
        if not isinstance(text, str):
            continue
        for found in pattern.finditer(text):
            left = " ".join(text[max(0, found.start() - window):found.start()].split())
            right = " ".join(text[found.end():found.end() + window].split())
            records.append((ids.iat[row], pubs.iat[row], left, found.group(0), right, int(row)))
            if limit is not None and len(records) >= limit:
                break
        if limit is not None and len(records) >= limit:
            break
    out = pd.DataFrame.from_records(records, columns=columns)
    for c in ("id", "publication", "left", "match", "right"):
        out[c] = out[c].astype("str") if len(out) else pd.Series(dtype="str")
    out["row"] = out["row"].astype(np.int64)
    return out


def collocations(corpus: Corpus, *, k: int = 20, min_count: int = 5, method: str = "pmi",
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
    texts = view.texts()
    if max_articles is not None:
        texts = texts.iloc[:max_articles]
    docs = term_tokens(texts).tolist() if len(texts) else []
    stop = frozenset() if stopwords else stopword_set()
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
