"""Term tables: the top entries of a kind, chosen terms in every group, and their trends per period.

Rules:
- Every function takes a :class:`~toolkit.index.CorpusIndex` or a :class:`~toolkit.index.CorpusView`
  and returns a DataFrame; counts come from the index's matrices through its groupings' sums
  (``Groups.sum``; nothing is re-tokenized).
- ``per_10k`` divides by every word token of the group (stopwords included), as the index does.
- Chosen terms are shown whatever the vocabulary hides: asking for a term is asking to see it.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"publication": ["a", "b"], "content": ["tax cuts tax", "wall"]}),
    ...                         progress=False)
    >>> term_table(idx, ["tax"], by="publication")[["publication", "term", "count"]].values.tolist()
    [['a', 'tax', 2], ['b', 'tax', 0]]
"""
from __future__ import annotations

import re
from typing import Any, Sequence

import numpy as np
import pandas as pd

from toolkit.index import KINDS, CorpusIndex, CorpusView, as_view, term_tokens
from toolkit.index.grouping import PERIODS

__all__ = ["top_table", "term_table", "term_trends", "trend_terms", "normalize_term", "Corpus"]

Corpus = CorpusIndex | CorpusView


def top_table(corpus: Corpus, kind: str = "terms", k: int = 20, by: str | None = None,
              **vocabulary: Any) -> pd.DataFrame:
    """``corpus.top_<kind>(k, by)``: the top-k table for ``kind`` in ``KINDS`` (terms, hashtags, ...);
    term tables take ``stopwords``, ``min_df``, ``max_df`` and ``keep`` (see ``top_terms``).

    >>> top_table(idx, "terms", 10, by="publication", stopwords="english")     # doctest: +SKIP
    """
    if kind not in (*KINDS, "bigrams"):
        raise ValueError(f"unknown kind {kind!r}; choose from {(*KINDS, 'bigrams')}")
    view = as_view(corpus)
    if kind in ("terms", "bigrams"):
        return view.top_terms(k, by, ngrams=1 if kind == "terms" else 2, **vocabulary)   # unknown: TypeError
    if vocabulary:
        raise TypeError(f"stopwords/min_df/max_df/keep apply to term tables, not to {kind}")
    return getattr(view, f"top_{kind}")(k, by)


def normalize_term(term: str, kind: str = "terms") -> str:
    """The index key of ``term``: its tokens for terms (several: a phrase, words joined by one space), the
    case-folded name for entities.

    >>> normalize_term("Trump's"), normalize_term("White  House"), normalize_term("#FreeMilo", "hashtags")
    ("trump's", 'white house', 'freemilo')
    """
    if kind == "terms":
        tokens = term_tokens(term)
        return " ".join(tokens) if tokens else term.lower()
    return term.lstrip("#@$＃＠").casefold()


def _term_counts(view: CorpusView, terms: Sequence[str], by: "str | Sequence[str] | None",
                 kind: str) -> pd.DataFrame:
    """Counts, per-10k and doc_freq of ``terms`` in every group of ``by`` that has articles; a term of
    several words counts as the build's phrase of those words (:mod:`toolkit.index.phrases`; 0 when the
    build found no such phrase)."""
    idx = view.index
    keys = list(dict.fromkeys(normalize_term(t, kind) for t in terms))
    groups = idx.groups(by)
    labels, n_groups = groups.labels, groups.n_groups
    articles = groups.sizes(view.mask)
    words = groups.totals(idx.n_words, view.mask)
    counts = np.zeros((n_groups, len(keys)), dtype=np.int64)
    doc_freq = np.zeros((n_groups, len(keys)), dtype=np.int64)
    phrases = idx.matrices.get("phrases") if kind == "terms" else None
    sources = [(idx.matrices[kind], [phrases is None or " " not in k for k in keys])]
    if phrases is not None:                      # several words: the build's phrase
        sources.append((phrases, [" " in k for k in keys]))
    for m, wanted in sources:
        cols = np.where(wanted, m.columns(keys), -1) if len(keys) else np.empty(0, dtype=np.int64)
        present = cols >= 0
        if present.any() and n_groups:
            sub = m.column_cells(cols[present])
            counts[:, present] = groups.sum(sub, view.mask).toarray()
            doc_freq[:, present] = groups.sum(sub, view.mask, binary=True).toarray()
    keep = np.flatnonzero(articles > 0)
    g = np.repeat(keep, len(keys))
    t = np.tile(np.arange(len(keys)), len(keep))
    out = labels.iloc[g].reset_index(drop=True) if len(labels.columns) else pd.DataFrame(index=range(len(g)))
    out["term"] = pd.array([keys[i] for i in t], dtype="str")
    out["count"] = counts[g, t]
    out["per_10k"] = np.where(words[g] > 0, counts[g, t] / np.maximum(words[g], 1) * 10_000, 0.0)
    out["doc_freq"] = doc_freq[g, t]
    out["articles"] = articles[g].astype(np.int64)
    out["tokens"] = words[g].astype(np.int64)
    return out


def term_table(corpus: Corpus, terms: Sequence[str] | None = None, *, by: str | None = "publication",
               kind: str = "terms", k: int = 20) -> pd.DataFrame:
    """Chosen ``terms`` (default: the corpus' top ``k``) in every group, zeros included.

    Columns ``[<by>,] term, count, per_10k, doc_freq, articles, tokens`` (articles and words of the
    group); rows in
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

    Columns ``<freq>, [<by>,] term, count, per_10k, doc_freq, articles, tokens``; periods without articles
    in a group are absent, periods with articles but no mention have count 0; undated articles are in no
    period. ``kind="auto"``: each
    term's own kind from its first character (``#`` hashtags, ``@`` handles, ``$`` cashtags, else
    terms), the ``term`` column keeping the sign (``#maga``), so one chart can follow a word and a hashtag.

    >>> term_trends(idx, ["#MAGA"], kind="hashtags")     # doctest: +SKIP
    >>> term_trends(idx, ["wall", "#BuildTheWall"], kind="auto", by=None)     # doctest: +SKIP
    """
    if freq not in PERIODS:
        raise ValueError(f"freq must be one of {PERIODS}, not {freq!r}")
    group = [freq] if by is None else [freq, by]
    view = as_view(corpus)
    if kind != "auto":
        return _term_counts(view, terms, group, kind)
    parts = []
    for of_kind, sign in SIGN_OF.items():
        chosen = [t for t in terms if (SIGNS.get(t.strip()[:1], "terms") == of_kind)]
        if chosen:
            part = _term_counts(view, [t.strip() for t in chosen], group, of_kind)
            parts.append(part.assign(term=sign + part["term"].astype(str)))
    if not parts:
        return _term_counts(view, [], group, "terms")
    order = {sign_key: i for i, sign_key in enumerate(dict.fromkeys(_signed(t) for t in terms))}
    out = pd.concat(parts, ignore_index=True)
    out["term"] = out["term"].astype("str")
    return out.sort_values([*group, "term"], key=lambda c: c.map(order) if c.name == "term" else c,
                           kind="stable", ignore_index=True)


def trend_terms(text: str) -> tuple[list[str], list[str]]:
    """(the terms, the parts left out) of what a user typed to follow: parts separated by commas or ``OR``;
    a part is one word, ``#hashtag``, ``@handle`` or ``$cashtag`` (phrases and wildcards are left out:
    a trend counts one term of the index).

    >>> trend_terms("wall, #MAGA OR border wall, immigra*")
    (['wall', '#MAGA'], ['border wall', 'immigra*'])
    """
    parts = [p.strip() for p in re.split(r",|;|(?<!\S)OR(?!\S)", text) if p.strip()]
    kept, left = [], []
    for part in parts:
        is_entity = part[:1] in SIGNS and len(part.split()) == 1
        (kept if "*" not in part and (is_entity or len(term_tokens(part)) == 1) else left).append(part)
    return list(dict.fromkeys(kept)), list(dict.fromkeys(left))


#: the first character that names an entity kind (full-width forms included)
SIGNS = {"#": "hashtags", "＃": "hashtags", "@": "handles", "＠": "handles", "$": "cashtags"}
#: the sign a kind's terms are labelled with in ``term_trends(kind="auto")``
SIGN_OF = {"terms": "", "hashtags": "#", "handles": "@", "cashtags": "$"}


def _signed(term: str) -> str:
    """``term`` as ``term_trends(kind="auto")`` labels it: its sign (``#``, ``@``, ``$``), then its key."""
    term = term.strip()
    kind = SIGNS.get(term[:1], "terms")
    return SIGN_OF[kind] + normalize_term(term, kind)


