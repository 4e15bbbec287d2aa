"""Keyness statistics: G² and χ² against hand computation and scipy, p adjustment against R's definitions,
and whole tables on real speeches checked against brute-force counts."""
from __future__ import annotations

import math
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import toolkit
from toolkit import stats
from toolkit.index import CorpusIndex, Vocabulary, term_tokens
from toolkit.stats.keyness import adjust_p, chi2_statistic, g2_statistic, log_ratio
from tests.external import external_file


def test_g2_and_chi2_equal_a_hand_computation_on_a_2x2_table():
    # target: 30 of 1,000 tokens; reference: 10 of 2,000 tokens
    a, b, n_t, n_r = 30, 10, 1000, 2000
    n = n_t + n_r
    observed = [a, b, n_t - a, n_r - b]
    expected = [n_t * 40 / n, n_r * 40 / n, n_t * (n - 40) / n, n_r * (n - 40) / n]
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected))
    chi2 = sum((o - e) ** 2 / e for o, e in zip(observed, expected))
    yates = sum((abs(o - e) - 0.5) ** 2 / e for o, e in zip(observed, expected))
    q = 1 + (n / 40 + n / (n - 40) - 1) * (n / n_t + n / n_r - 1) / (6 * n)
    args = (np.array([a]), np.array([b]), n_t, n_r)
    assert g2_statistic(*args, williams=False)[0] == pytest.approx(g2, rel=1e-12)
    assert g2_statistic(*args)[0] == pytest.approx(g2 / q, rel=1e-12)
    assert chi2_statistic(*args, yates=False)[0] == pytest.approx(chi2, rel=1e-12)
    assert chi2_statistic(*args)[0] == pytest.approx(yates, rel=1e-12)
    assert log_ratio(*args)[0] == pytest.approx(math.log2((30 / 1000) / (10 / 2000)))


def test_statistics_equal_scipy_on_random_tables():
    rng = np.random.default_rng(7)
    a = rng.integers(0, 60, 200)
    b = rng.integers(0, 60, 200)
    n_t, n_r = 5_000, 8_000
    for i in range(200):
        table = [[a[i], n_t - a[i]], [b[i], n_r - b[i]]]
        if a[i] + b[i] == 0:
            continue
        g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        chi2 = chi2_contingency(table, correction=False)[0]
        yates = chi2_contingency(table, correction=True)[0]
        assert g2_statistic(a[i:i + 1], b[i:i + 1], n_t, n_r, williams=False)[0] == pytest.approx(g2, abs=1e-9)
        assert chi2_statistic(a[i:i + 1], b[i:i + 1], n_t, n_r, yates=False)[0] == pytest.approx(chi2, abs=1e-9)
        assert chi2_statistic(a[i:i + 1], b[i:i + 1], n_t, n_r)[0] == pytest.approx(yates, abs=1e-9)


def brute_adjust(p, method):
    """R's p.adjust, written out loop by loop."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out = [0.0] * m
    if method == "bonferroni":
        return [min(1.0, x * m) for x in p]
    if method == "holm":
        running = 0.0
        for rank, i in enumerate(order):
            running = max(running, (m - rank) * p[i])
            out[i] = min(1.0, running)
        return out
    running = 1.0
    for rank in range(m - 1, -1, -1):  # BH
        i = order[rank]
        running = min(running, p[i] * m / (rank + 1))
        out[i] = min(1.0, running)
    return out


@pytest.mark.parametrize("method", ["holm", "bonferroni", "fdr"])
def test_p_adjustment_equals_its_definition(method):
    p = np.random.default_rng(3).random(60) ** 3
    np.testing.assert_allclose(adjust_p(p, method), brute_adjust(p.tolist(), method), rtol=1e-12)
    with pytest.raises(ValueError, match="p_adjust"):
        adjust_p(p, "sidak")


@pytest.fixture(scope="module")
def speeches() -> tuple[pd.DataFrame, CorpusIndex, list[list[str]]]:
    df = toolkit.load(external_file("convention-speeches-2012", "political_data.csv"), progress=False)
    return df, CorpusIndex.build(df, progress=False), [term_tokens(t) for t in df["content"].fillna("").tolist()]


def test_keyness_table_on_real_speeches_matches_brute_force(speeches):
    df, idx, tokens = speeches
    hidden = Vocabulary().static_hidden(np.array(sorted({t for d in tokens for t in d}), dtype=object))
    words = sorted({t for d in tokens for t in d})
    hide = {w for w, h in zip(words, hidden) if h}
    dem = Counter(t for d, p in zip(tokens, df["publication"]) if p == "democrat" for t in d if t not in hide)
    rep = Counter(t for d, p in zip(tokens, df["publication"]) if p == "republican" for t in d if t not in hide)
    n_t, n_r = sum(dem.values()), sum(rep.values())
    table = stats.keyness(idx.filter(publication="democrat"), idx.filter(publication="republican"))
    assert table.columns.tolist() == ["feature", "G2", "p", "n_target", "n_reference", "p_adjusted",
                                      "significant", "log_ratio"]
    tested = [w for w in set(dem) | set(rep) if dem[w] + rep[w] >= 5]
    assert sorted(table["feature"]) == sorted(tested)
    assert table["n_target"].tolist() == [dem[w] for w in table["feature"]]
    assert table["n_reference"].tolist() == [rep[w] for w in table["feature"]]
    assert (np.diff(table["G2"].to_numpy()) <= 0).all()
    row = table.iloc[0]
    g2 = chi2_contingency([[row.n_target, n_t - row.n_target], [row.n_reference, n_r - row.n_reference]],
                          correction=False, lambda_="log-likelihood")[0]
    n = n_t + n_r
    q = 1 + (n / (row.n_target + row.n_reference) + n / (n - row.n_target - row.n_reference) - 1) \
        * (n / n_t + n / n_r - 1) / (6 * n)
    assert row.G2 == pytest.approx(g2 / q, rel=1e-9) and row.n_target / n_t > row.n_reference / n_r
    assert table["significant"].any() and not table["significant"].all()
    assert (table["significant"] == (table["p_adjusted"] < 0.05)).all()
    assert (table["p_adjusted"] >= table["p"]).all()
    chi = stats.keyness(idx.filter(publication="democrat"), idx.filter(publication="republican"),
                        measure="chi2", correction="none", p_adjust="none", k=5)
    assert len(chi) == 10 and (chi["p"] == chi["p_adjusted"]).all()
    first = chi.iloc[0]
    expected = chi2_contingency([[first.n_target, n_t - first.n_target],
                                 [first.n_reference, n_r - first.n_reference]], correction=False)[0]
    assert first.chi2 == pytest.approx(expected, rel=1e-9)


def test_distinctive_terms_carry_the_significance_of_each_term(speeches):
    _, idx, _ = speeches
    a, b = idx.filter(publication="democrat"), idx.filter(publication="republican")
    table = stats.distinctive_terms(a, b, k=15)
    key = stats.keyness(a, b, min_count=1).set_index("feature")
    assert {"G2", "p", "p_adjusted", "significant", "log_ratio"} <= set(table.columns)
    np.testing.assert_allclose(table["G2"], key.loc[table["term"], "G2"], rtol=1e-9)
    np.testing.assert_allclose(table["log_ratio"], key.loc[table["term"], "log_ratio"], rtol=1e-9)
    assert (table["significant"] == key.loc[table["term"], "significant"].to_numpy()).all()


def test_keyword_against_the_rest_and_period_against_period():
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False)
    idx = CorpusIndex.build(df, progress=False)
    wall = idx.filter(keyword="wall")
    rest = wall.complement()
    assert wall.n_articles + rest.n_articles == idx.n_articles and wall.n_articles > 0
    table = stats.keyness(wall, rest, k=10)
    assert "wall" in table["feature"].head(5).tolist() and table["G2"].iloc[0] > 0
    dates = pd.to_datetime(df["date"]).dropna().sort_values()
    middle = dates.iloc[len(dates) // 2]
    early, late = idx.filter(end=middle), idx.filter(start=middle + pd.Timedelta(days=1))
    by_period = stats.distinctive_terms(late, early, k=5, labels=("late", "early"))
    assert set(by_period["favours"]) == {"late", "early"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")         # an empty side gives an empty table, and no warning
        assert stats.keyness(wall, idx.complement()).empty and idx.complement().n_articles == 0
