"""Keyness: which terms set one set of articles apart from another, with significance and effect size.

Rules:
- Any two views of one index compare: two publications, two periods, the articles matching a keyword
  and the rest (``idx.filter(keyword="wall")`` against ``idx.filter(...)`` of the others), etc.
- Each term is a 2×2 table: its count in the target ``a`` and in the reference ``b``, and the other
  tokens ``c = n_t − a``, ``d = n_r − b``, where ``n_t`` / ``n_r`` sum the *shown* vocabulary of each
  side (the corpus :class:`~toolkit.index.Vocabulary`, overridable per call): hidden terms neither
  rank nor dilute, and page furniture is not counted unless ``boilerplate=False``.
- Statistics as quanteda's ``textstat_keyness``: ``G2`` (log-likelihood, ``measure="lr"``, Williams'
  correction by default) and ``chi2`` (Pearson, Yates' correction by default, as R's
  ``chisq.test(correct=TRUE)``), signed positive when the term is over-represented in the target,
  with ``p`` from χ² on one degree of freedom. Beside them, ``p_adjusted`` (``"holm"`` by default,
  or ``"bonferroni"``, ``"fdr"`` (Benjamini–Hochberg), ``"none"``) over every term tested,
  ``significant`` (``p_adjusted < alpha``) and the effect size ``log_ratio`` (Hardie 2014:
  ``log2`` of the ratio of relative frequencies, a zero count taken as 0.5).
- Terms seen fewer than ``min_count`` times in the two sides together are not tested.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"publication": ["a"] * 3 + ["b"] * 3,
    ...     "content": ["wall wall border tax"] * 3 + ["tax cuts tax"] * 3}), progress=False)
    >>> key = keyness(idx.filter(publication="a"), idx.filter(publication="b"), min_count=1)
    >>> key[["feature", "n_target", "n_reference"]].values.tolist()[0]
    ['wall', 6, 0]
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as scistats

from toolkit.index import UNSET, CorpusIndex, CorpusView, as_view

__all__ = ["keyness", "distinctive_terms", "g2_statistic", "chi2_statistic", "adjust_p", "log_ratio"]

Corpus = CorpusIndex | CorpusView
MEASURES = ("lr", "chi2")
CORRECTIONS = ("default", "williams", "yates", "none")
P_ADJUST = ("holm", "bonferroni", "fdr", "none")


def _cells(a: np.ndarray, b: np.ndarray, n_t: float, n_r: float) -> tuple[np.ndarray, np.ndarray]:
    """Observed and expected counts of the 2×2 tables, shape (4, n): rows a, b, c, d."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    n = n_t + n_r
    observed = np.stack([a, b, n_t - a, n_r - b])
    row = np.stack([a + b, a + b, n - a - b, n - a - b])
    col = np.array([n_t, n_r, n_t, n_r])[:, None]
    return observed, row * col / n


def g2_statistic(a: np.ndarray, b: np.ndarray, n_t: float, n_r: float, williams: bool = True) -> np.ndarray:
    """Log-likelihood G² of each 2×2 table (unsigned), optionally with Williams' correction.

    >>> round(float(g2_statistic(np.array([10]), np.array([2]), 100, 100, williams=False)[0]), 4)
    6.1626
    """
    observed, expected = _cells(a, b, n_t, n_r)
    with np.errstate(divide="ignore", invalid="ignore"):   # empty cells: 0 log 0 = 0; q of a degenerate table
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
        g2 = 2.0 * terms.sum(axis=0)
        if williams:
            n = n_t + n_r
            rows = np.asarray(a, dtype=np.float64) + b
            q = 1.0 + (n / rows + n / (n - rows) - 1.0) * (n / n_t + n / n_r - 1.0) / (6.0 * n)
            g2 = np.where(np.isfinite(q) & (q > 0), g2 / q, g2)
    return np.maximum(np.nan_to_num(g2, nan=0.0), 0.0)


def chi2_statistic(a: np.ndarray, b: np.ndarray, n_t: float, n_r: float, yates: bool = True) -> np.ndarray:
    """Pearson's χ² of each 2×2 table (unsigned); ``yates`` as R's ``chisq.test(correct=TRUE)``.

    >>> round(float(chi2_statistic(np.array([10]), np.array([2]), 100, 100, yates=False)[0]), 4)
    5.6738
    """
    observed, expected = _cells(a, b, n_t, n_r)
    deviation = np.abs(observed - expected)
    if yates:
        deviation = deviation - np.minimum(0.5, deviation)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, deviation ** 2 / expected, 0.0).sum(axis=0)


def log_ratio(a: np.ndarray, b: np.ndarray, n_t: float, n_r: float) -> np.ndarray:
    """Hardie's log ratio: ``log2((a/n_t) / (b/n_r))``, a zero count taken as 0.5.

    >>> log_ratio(np.array([4, 0]), np.array([1, 2]), 100, 100).tolist()
    [2.0, -2.0]
    """
    a = np.where(np.asarray(a) == 0, 0.5, a).astype(np.float64)
    b = np.where(np.asarray(b) == 0, 0.5, b).astype(np.float64)
    return np.log2((a / n_t) / (b / n_r))


def adjust_p(p: np.ndarray, method: str = "holm") -> np.ndarray:
    """p-values adjusted for testing them all at once: ``"holm"``, ``"bonferroni"``, ``"fdr"``
    (Benjamini–Hochberg) or ``"none"``; as R's ``p.adjust``.

    >>> adjust_p(np.array([0.01, 0.04, 0.03]), "holm").round(4).tolist()
    [0.03, 0.06, 0.06]
    """
    if method not in P_ADJUST:
        raise ValueError(f"p_adjust must be one of {P_ADJUST}, not {method!r}")
    p = np.asarray(p, dtype=np.float64)
    m = len(p)
    if method == "none" or m == 0:
        return p.copy()
    if method == "bonferroni":
        return np.minimum(p * m, 1.0)
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    if method == "holm":
        adjusted = np.minimum(np.maximum.accumulate(ranked * (m - np.arange(m))), 1.0)
    else:  # fdr: step-up from the largest p
        adjusted = np.minimum(np.minimum.accumulate((ranked * m / np.arange(1, m + 1))[::-1])[::-1], 1.0)
    out = np.empty(m)
    out[order] = adjusted
    return out


def _tests(a: np.ndarray, b: np.ndarray, n_t: float, n_r: float, measure: str = "lr",
           correction: str = "default", p_adjust: str = "holm") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(statistic signed towards the target, p, adjusted p) of each term's 2×2 table (see the module rules)."""
    if measure == "lr":
        stat = g2_statistic(a, b, n_t, n_r, williams=correction in ("default", "williams"))
    else:
        stat = chi2_statistic(a, b, n_t, n_r, yates=correction in ("default", "yates"))
    p = scistats.chi2.sf(stat, 1)
    over = a / max(n_t, 1) >= b / max(n_r, 1)
    return np.where(over, stat, -stat), p, adjust_p(p, p_adjust)


def _two_sides(a: Corpus, b: Corpus, kind: str, vocabulary: dict[str, Any]) -> tuple:
    """Counts of every shown column on each side: (index, columns, y_a, y_b, vocabulary, n_a, n_b)."""
    va, vb = as_view(a), as_view(b)
    if va.index is not vb.index:
        raise ValueError("both views must come from the same CorpusIndex")
    idx = va.index
    if kind not in ("terms", "bigrams") and any(v is not UNSET for v in vocabulary.values()):
        raise TypeError(f"stopwords/min_df/max_df/keep/boilerplate/phrases apply to terms, not to {kind}")
    chosen = idx.vocabulary.with_options(**vocabulary)
    shown = ~CorpusView(idx, _union(va.mask, vb.mask)).hidden_columns(kind, chosen)
    options = {"boilerplate": chosen.boilerplate, "phrases": chosen.phrases}
    ya = va.group_sums(kind, **options).toarray().ravel().astype(np.float64)
    yb = vb.group_sums(kind, **options).toarray().ravel().astype(np.float64)
    return idx, shown, ya, yb, chosen, ya[shown].sum(), yb[shown].sum()


def _union(ma: np.ndarray | None, mb: np.ndarray | None) -> np.ndarray | None:
    return None if ma is None or mb is None else ma | mb


def keyness(target: Corpus, reference: Corpus, *, measure: str = "lr", correction: str = "default",
            p_adjust: str = "holm", alpha: float = 0.05, min_count: int = 5, k: int | None = None,
            kind: str = "terms", stopwords: Any = UNSET, min_df: Any = UNSET, max_df: Any = UNSET,
            keep: Any = UNSET, boilerplate: Any = UNSET, phrases: Any = UNSET) -> pd.DataFrame:
    """Keyness of every term of ``target`` against ``reference`` (see the module rules).

    Columns as quanteda's ``textstat_keyness``: ``feature``, the statistic (``G2`` or ``chi2``,
    signed), ``p``, ``n_target``, ``n_reference``; then ``p_adjusted``, ``significant`` and
    ``log_ratio``. Sorted by the signed statistic descending (the target's key terms first, the
    reference's last); ``k``: only the ``k`` first and ``k`` last rows. ``correction``: ``"default"``
    (Williams for G², Yates for χ²), ``"williams"``, ``"yates"`` or ``"none"``.

    >>> keyness(idx.filter(start="2016-01-01"), idx.filter(end="2015-12-31"), measure="chi2")  # doctest: +SKIP
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {CORRECTIONS}, not {correction!r}")
    idx, shown, ya, yb, chosen, n_t, n_r = _two_sides(target, reference, kind, {
        "stopwords": stopwords, "min_df": min_df, "max_df": max_df, "keep": keep, "boilerplate": boilerplate,
        "phrases": phrases})
    name = "G2" if measure == "lr" else "chi2"
    cols = np.flatnonzero(shown & ((ya + yb) >= max(min_count, 1))) if n_t > 0 and n_r > 0 else np.empty(0, int)
    a, b = ya[cols], yb[cols]
    signed, p, adjusted = _tests(a, b, n_t, n_r, measure, correction, p_adjust)
    m = idx.counted_matrix(kind, chosen)[1]
    order = np.lexsort((m.rank[cols], -signed))
    if k is not None and len(order) > 2 * k:
        order = np.concatenate([order[:k], order[len(order) - k:]])
    return pd.DataFrame({
        "feature": pd.array(m.vocab[cols[order]].tolist(), dtype="str"),
        name: signed[order],
        "p": p[order],
        "n_target": a[order].astype(np.int64),
        "n_reference": b[order].astype(np.int64),
        "p_adjusted": adjusted[order],
        "significant": adjusted[order] < alpha,
        "log_ratio": log_ratio(a[order], b[order], max(n_t, 1), max(n_r, 1)),
    })


def distinctive_terms(a: Corpus, b: Corpus, *, method: str = "log_odds", k: int = 20, kind: str = "terms",
                      prior: Corpus | None = None, prior_scale: float = 1.0, min_count: int = 1,
                      labels: tuple[str, str] = ("a", "b"), p_adjust: str = "holm", alpha: float = 0.05,
                      stopwords: Any = UNSET, min_df: Any = UNSET, max_df: Any = UNSET,
                      keep: Any = UNSET, boilerplate: Any = UNSET, phrases: Any = UNSET) -> pd.DataFrame:
    """Terms most distinctive of ``a`` versus ``b`` (and of ``b`` versus ``a``): ``k`` of each.

    ``method="log_odds"``: the log-odds ratio with informative Dirichlet prior of Monroe, Colaresi &
    Quinn (2008), eq. 16-22: with prior counts ``α_w`` (``prior_scale`` × counts in ``prior``,
    default the whole index) and ``α0 = Σ α_w``,
    ``δ_w = log((y_aw+α_w)/(n_a+α0−y_aw−α_w)) − log((y_bw+α_w)/(n_b+α0−y_bw−α_w))``,
    ``σ²_w ≈ 1/(y_aw+α_w) + 1/(y_bw+α_w)``, ``z = δ/σ``. ``method="ratio"``: ``score = log2`` of the
    ratio of relative frequencies with 0.5 added to each count; ``z`` is NaN.
    Hidden terms (the vocabulary, see :func:`keyness`) are left out; ``n`` and ``α0`` sum over the
    shown vocabulary of the two views, before terms seen fewer than ``min_count`` times are dropped.
    Any two views compare, e.g. a period against another or a keyword's articles against the rest.

    Columns ``term, count_a, count_b, per_10k_a, per_10k_b, score, z, favours`` (``labels[0]`` for
    positive scores), then the significance of each term's 2×2 table as :func:`keyness` computes it:
    ``G2`` (Williams-corrected, signed), ``p``, ``p_adjusted`` (``p_adjust`` over every term tested),
    ``significant`` (``p_adjusted < alpha``) and ``log_ratio``. The ``k`` highest scores then the
    ``k`` lowest, sorted by score descending.

    >>> distinctive_terms(idx.filter(publication="breitbart"), idx.filter(publication="nyt"),
    ...                   labels=("breitbart", "nyt"))      # doctest: +SKIP
    >>> distinctive_terms(idx.filter(keyword="wall"), idx.filter(keyword="wall").complement())  # doctest: +SKIP
    """
    if method not in ("log_odds", "ratio"):
        raise ValueError("method must be 'log_odds' or 'ratio'")
    idx, shown, ya, yb, chosen, na, nb = _two_sides(a, b, kind, {
        "stopwords": stopwords, "min_df": min_df, "max_df": max_df, "keep": keep, "boilerplate": boilerplate,
        "phrases": phrases})
    m = idx.counted_matrix(kind, chosen)[1]
    columns = ["term", "count_a", "count_b", "per_10k_a", "per_10k_b", "score", "z", "favours",
               "G2", "p", "p_adjusted", "significant", "log_ratio"]
    if na == 0 or nb == 0:
        empty = {c: pd.Series(dtype="str" if c in ("term", "favours") else "float64") for c in columns}
        return pd.DataFrame(empty).astype({"count_a": "int64", "count_b": "int64", "significant": "bool"})
    if method == "log_odds":
        background = as_view(prior if prior is not None else idx).group_sums(
            kind, boilerplate=chosen.boilerplate, phrases=chosen.phrases).toarray().ravel()
        alpha_w = prior_scale * background.astype(np.float64) + 0.01  # + 0.01: terms absent from the prior stay finite
        a0 = alpha_w[shown & ((ya + yb) > 0)].sum()
    cols = np.flatnonzero(shown & ((ya + yb) >= max(min_count, 1)))
    ya, yb = ya[cols], yb[cols]
    if method == "log_odds":
        alpha_w = alpha_w[cols]
        delta = (np.log((ya + alpha_w) / (na + a0 - ya - alpha_w))
                 - np.log((yb + alpha_w) / (nb + a0 - yb - alpha_w)))
        z = delta / np.sqrt(1.0 / (ya + alpha_w) + 1.0 / (yb + alpha_w))
        score = delta
    else:
        score = np.log2(((ya + 0.5) / na) / ((yb + 0.5) / nb))
        z = np.full(len(cols), np.nan)
    g2, p, adjusted = _tests(ya, yb, na, nb, p_adjust=p_adjust)
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
    out["G2"] = g2[chosen]
    out["p"] = p[chosen]
    out["p_adjusted"] = adjusted[chosen]
    out["significant"] = adjusted[chosen] < alpha
    out["log_ratio"] = log_ratio(ya[chosen], yb[chosen], na, nb)
    return out
