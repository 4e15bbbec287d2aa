"""Term tables by stem: NLTK's Snowball stemmer (it needs no data), each stem shown as its most frequent form.

Rules:
- Stemming happens at count time, over the columns a table would show (hidden columns stay hidden):
  the counts of every shown term with one stem are summed, and the stem is labelled with the form
  counted most often in the selection (ties: the alphabetically first). ``economy``, ``economies``
  and ``economy's`` count together as ``economy``.
- Document frequencies count the articles holding any form of the stem, once.
- Stems are computed once per index and term (a ``dict`` the index keeps), so only a table's first
  call pays for the stemmer.

Example:
    >>> stems_of(["economies", "economy", "trump's", "running"], {})
    ['economi', 'economi', 'trump', 'run']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import scipy.sparse as sp

from toolkit.index.grouping import Groups, pair_sum

__all__ = ["stems_of", "StemmedSums", "stem_sums"]


def stems_of(terms: Sequence[str], cache: dict[str, str]) -> list[str]:
    """The Snowball (English) stem of each term, read from and added to ``cache``."""
    missing = [t for t in dict.fromkeys(terms) if t not in cache]
    if missing:
        from nltk.stem.snowball import SnowballStemmer   # NLTK loads slowly: only when stems are asked for

        stem = SnowballStemmer("english").stem
        cache.update((t, stem(t)) for t in missing)
    return [cache[t] for t in terms]


@dataclass
class StemmedSums:
    """Group sums per stem: ``counts`` (groups × stems), ``vocab`` (each stem's label), ``rank`` and
    ``doc_freq(stems)``, as :func:`toolkit.index.tables.top_table` reads them."""

    counts: sp.csr_matrix
    vocab: np.ndarray
    rank: np.ndarray
    columns: sp.csr_matrix          # terms × stems (1 where a shown term has that stem)
    X: sp.csr_matrix
    groups: np.ndarray              # the group of each membership below
    rows: np.ndarray                # the article of each membership of a selected article (ascending)
    furniture: sp.csr_matrix | None = None   # furniture counts to leave out of the articles' terms

    def doc_freq(self, stems: np.ndarray) -> np.ndarray:
        """Articles holding any form of each of ``stems``, per group."""
        n_groups = self.counts.shape[0]
        sub = self.columns[:, stems]
        used = np.flatnonzero(np.diff(sub.tocsr().indptr) > 0)
        if len(used) == 0 or len(self.rows) == 0:
            return np.zeros((n_groups, len(stems)), dtype=np.int64)
        part = self.X[self.rows][:, used]
        if self.furniture is not None:
            part = part - self.furniture[self.rows][:, used]
        held = sp.csr_matrix(part @ sub[used])                              # rows × stems
        held.eliminate_zeros()
        return pair_sum(held, np.arange(len(self.rows)), self.groups, n_groups, binary=True).toarray()


def stem_sums(sums: Any, vocab: np.ndarray, hidden: np.ndarray, X: sp.csr_matrix, groups: Groups,
              mask: np.ndarray | None, cache: dict[str, str],
              furniture: sp.csr_matrix | None = None) -> tuple[StemmedSums, np.ndarray]:
    """The group sums ``sums`` (terms) regrouped by stem over the shown, counted columns; returns the
    stemmed sums and the hidden mask of its stems (none: hidden terms were left out before).
    ``furniture``: term counts that ``sums`` left out (page furniture), left out of document frequencies too."""
    totals = np.asarray(sums.counts.sum(axis=0)).ravel()
    shown = np.flatnonzero(~hidden & (totals > 0))
    rows, codes = groups.selected(mask)
    if len(shown) == 0:                      # nothing to show: an empty table
        empty = sp.csr_matrix((sums.counts.shape[0], 0), dtype=np.int64)
        return (StemmedSums(empty, np.empty(0, dtype=object), np.empty(0, dtype=np.int64),
                            sp.csr_matrix((len(vocab), 0), dtype=np.int64), X, codes, rows, furniture),
                np.zeros(0, dtype=bool))
    stems = np.array(stems_of(vocab[shown].tolist(), cache), dtype=object)
    unique, stem_id = np.unique(stems, return_inverse=True)
    columns = sp.csr_matrix((np.ones(len(shown), dtype=np.int64), (shown, stem_id)),
                            shape=(len(vocab), len(unique)))
    counts = sp.csr_matrix(sums.counts @ columns)
    # label: the form counted most often (ties: alphabetically first)
    order = np.lexsort((vocab[shown].astype(str), -totals[shown], stem_id))
    first = order[np.r_[True, stem_id[order][1:] != stem_id[order][:-1]]]
    labels = np.empty(len(unique), dtype=object)
    labels[stem_id[first]] = vocab[shown][first]
    rank = np.empty(len(unique), dtype=np.int64)
    rank[np.argsort(labels.astype(str), kind="stable")] = np.arange(len(unique))
    stemmed = StemmedSums(counts, labels, rank, columns, X, codes, rows, furniture)
    return stemmed, np.zeros(len(unique), dtype=bool)
