"""The tables every query returns, as pure functions of counts and group codes.

Rules (``toolkit.scale`` gets identical tables through the same functions):
- ``top_*`` tables: columns ``[<by>,] term, count, per_10k, doc_freq``, sorted by (``<by>``, count
  desc, term asc), ``k`` rows per group; ``per_10k = count / word tokens of the group's articles *
  10,000``; ``doc_freq`` = articles of the group containing the term. Hidden columns (stopwords) are
  left out of the ranking but still count as word tokens.
- Group values are strings; articles whose group value is missing are left out of by-group tables.
- An empty selection gives empty tables with the same columns, never an exception.
- :func:`top_from_counts` turns long-format counts made elsewhere (dask partitions) into the very
  table :func:`top_table` gives.

Example:
    >>> c = pd.DataFrame({"term": ["b", "a", "c"], "count": [2, 2, 5], "doc_freq": [1, 2, 1]})
    >>> top_from_counts(c, 100, k=2)[["term", "count", "per_10k"]].values.tolist()
    [['c', 5, 500.0], ['a', 2, 200.0]]
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from toolkit.index.grouping import Groups, GroupSums

__all__ = ["TOP_COLUMNS", "top_table", "top_from_counts", "source_table", "quote_table", "frame"]

TOP_COLUMNS = ["term", "count", "per_10k", "doc_freq"]


def frame(labels: pd.DataFrame, groups: np.ndarray, columns: dict[str, Any]) -> pd.DataFrame:
    """One table: the label columns of ``groups`` followed by ``columns`` (built in one go: fast).

    >>> frame(pd.DataFrame({"g": ["x", "y"]}), np.array([1]), {"n": [3]}).values.tolist()
    [['y', 3]]
    """
    data: dict[str, Any] = {k: labels[k].array.take(groups) for k in labels.columns}
    data.update(columns)
    return pd.DataFrame(data, copy=False)


def top_table(sums: GroupSums, labels: pd.DataFrame, words: np.ndarray, vocab: np.ndarray, rank: np.ndarray,
              hidden: np.ndarray | None, k: int) -> pd.DataFrame:
    """The ``top_*`` table from group sums: ``words`` per group, column ``vocab``/alphabetical ``rank``,
    ``hidden`` columns left out (see the module rules)."""
    counts = sums.counts
    g_parts, c_parts, v_parts = [], [], []
    for g in range(len(labels)):
        lo, hi = counts.indptr[g], counts.indptr[g + 1]
        c_idx, c_val = counts.indices[lo:hi], counts.data[lo:hi]
        keep = c_val > 0
        if hidden is not None:
            keep &= ~hidden[c_idx]
        c_idx, c_val = c_idx[keep], c_val[keep]
        if len(c_idx) == 0 or k <= 0:
            continue
        if len(c_idx) > k:
            kth = np.partition(c_val, len(c_val) - k)[len(c_val) - k]
            cand = c_val >= kth
            c_idx, c_val = c_idx[cand], c_val[cand]
        order = np.lexsort((rank[c_idx], -c_val))[:k]
        g_parts.append(np.full(len(order), g))
        c_parts.append(c_idx[order])
        v_parts.append(c_val[order])
    if not c_parts:
        return frame(labels, np.empty(0, dtype=np.int64), {
            "term": pd.array([], dtype="str"), "count": np.empty(0, np.int64),
            "per_10k": np.empty(0, np.float64), "doc_freq": np.empty(0, np.int64)})
    g_arr = np.concatenate(g_parts)
    c_arr = np.concatenate(c_parts)
    count = np.concatenate(v_parts).astype(np.int64)
    uniq, inverse = np.unique(c_arr, return_inverse=True)
    doc_freq = sums.doc_freq(uniq)
    w = words[g_arr]
    per_10k = np.divide(count * 10_000.0, w, out=np.zeros(len(count)), where=w > 0)
    return frame(labels, g_arr, {"term": pd.array(vocab[c_arr].tolist(), dtype="str"), "count": count,
                                 "per_10k": per_10k, "doc_freq": doc_freq[g_arr, inverse].astype(np.int64)})


def top_from_counts(counts: pd.DataFrame, words: Any, k: int, by: str | None = None) -> pd.DataFrame:
    """The ``top_*`` table from long-format counts, e.g. counts reduced from dask partitions.

    ``counts`` has columns ``[<by>,] term, count, doc_freq`` (one row per group and term, hidden terms
    already removed); ``words`` is the number of word tokens per group (a mapping group → tokens, or
    one number when ``by`` is None). Same columns, dtypes, order and ties as :func:`top_table`.
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


def source_table(grouping: Groups, mask: np.ndarray | None) -> pd.DataFrame:
    """Articles per group: ``[*by], articles, share`` (share of the selected articles; an article in several
    groups counts in each); empty groups left out.

    >>> g = Groups(None, np.array([0, 1, 1]), pd.DataFrame({"p": ["a", "b"]}), 3)
    >>> source_table(g, None).values.tolist()
    [['a', 1, 0.3333333333333333], ['b', 2, 0.6666666666666666]]
    """
    n = grouping.sizes(mask)
    total = int(np.count_nonzero(mask)) if mask is not None else grouping.n_articles
    groups = np.flatnonzero(n > 0)
    arts = n[groups].astype(np.int64)
    return frame(grouping.labels, groups, {"articles": arts, "share": arts / total if total else arts * 0.0})


def quote_table(column: Callable[[str], np.ndarray], grouping: Groups, mask: np.ndarray | None) -> pd.DataFrame:
    """Quotation rates per group from per-article features (``column(name)`` gives one as int64).

    Columns ``[*by], articles, articles_with_quotes, share_with_quotes, quotes, quote_rate, tokens,
    quoted_words, quoted_word_share``.
    """
    arts = grouping.sizes(mask)
    groups = np.flatnonzero(arts > 0)
    labels = grouping.labels

    def total(values: np.ndarray) -> np.ndarray:
        return grouping.totals(values, mask)[groups].astype(np.int64)

    a = arts[groups].astype(np.int64)
    quotes = column("quotes")
    with_q = total((quotes > 0).astype(np.int64))
    q, t, qw = total(quotes), total(column("tokens")), total(column("quoted_words"))
    return frame(labels, groups, {
        "articles": a, "articles_with_quotes": with_q, "share_with_quotes": with_q / np.maximum(a, 1),
        "quotes": q, "quote_rate": q / np.maximum(a, 1), "tokens": t, "quoted_words": qw,
        "quoted_word_share": np.divide(qw, t, out=np.zeros(len(t)), where=t > 0)})
