"""toolkit.stats on real corpora, checked against brute-force counts over toolkit.text's tokens."""
from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import stats
from toolkit.index import CorpusIndex, Vocabulary, term_tokens
from toolkit.index.names import UnknownNameWarning
from tests.external import external_file


@pytest.fixture(scope="module")
def polnear() -> pd.DataFrame:
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"))
    return df.groupby("publication", observed=True, group_keys=False).head(40).reset_index(drop=True)


@pytest.fixture(scope="module")
def pidx(polnear) -> CorpusIndex:
    return CorpusIndex.build(polnear, progress=False)


@pytest.fixture(scope="module")
def ptokens(polnear) -> list[list[str]]:
    return [term_tokens(t) for t in polnear["content"].fillna("").tolist()]


@pytest.fixture(scope="module")
def speeches() -> pd.DataFrame:
    return toolkit.load(external_file("convention-speeches-2012", "political_data.csv"))


@pytest.fixture(scope="module")
def sidx(speeches) -> CorpusIndex:
    return CorpusIndex.build(speeches, progress=False)


def test_term_table_counts_every_group_including_zeros(pidx, polnear, ptokens):
    terms = ["wall", "tax", "Immigration", "zzzunseen"]
    table = stats.term_table(pidx, terms, by="publication")
    pubs = sorted(polnear["publication"].unique())
    assert len(table) == len(pubs) * len(terms)
    for pub in pubs:
        rows = np.flatnonzero((polnear["publication"] == pub).to_numpy())
        counts = Counter(t for r in rows for t in ptokens[r])
        total = sum(len(ptokens[r]) for r in rows)
        part = table[table["publication"] == pub]
        assert part["term"].tolist() == ["wall", "tax", "immigration", "zzzunseen"]
        assert part["count"].tolist() == [counts[t] for t in part["term"]]
        assert part["doc_freq"].tolist() == [sum(t in set(ptokens[r]) for r in rows) for t in part["term"]]
        np.testing.assert_allclose(part["per_10k"], [counts[t] / total * 10_000 for t in part["term"]])
        assert (part["articles"] == len(rows)).all()


def test_term_table_defaults_to_top_terms(pidx):
    table = stats.term_table(pidx, by=None, k=5)
    assert table["term"].tolist() == pidx.top_terms(5)["term"].tolist()
    assert table["count"].tolist() == pidx.top_terms(5)["count"].tolist()


def test_term_trends_by_month_and_publication(pidx, polnear, ptokens):
    view = pidx.filter(publication=["nyt", "breitbart"])
    table = stats.term_trends(view, ["trump"], by="publication")
    sub = polnear[polnear["publication"].isin(["nyt", "breitbart"])]
    keys = sub.groupby([sub["date"].dt.strftime("%Y-%m"), sub["publication"].astype(str)]).size()
    assert list(zip(table["month"], table["publication"])) == list(keys.index)
    for (month, pub), count in zip(zip(table["month"], table["publication"]), table["count"]):
        rows = np.flatnonzero(((polnear["date"].dt.strftime("%Y-%m") == month)
                               & (polnear["publication"] == pub)).to_numpy())
        assert count == sum(ptokens[r].count("trump") for r in rows)
    by_month = stats.term_trends(pidx, ["wall"], by=None)
    assert by_month["count"].sum() == sum(t.count("wall") for t in ptokens)


def test_hashtag_trend_uses_case_folded_keys():
    df = toolkit.load(toolkit.sample.SAMPLE_CSV).head(300)
    idx = CorpusIndex.build(df, progress=False)
    keys = [[e.key for e in found] for found in toolkit.hashtags(df["content"])]
    tag = Counter(k for ks in keys for k in ks).most_common(1)[0][0]
    table = stats.term_trends(idx, ["#" + tag.upper()], kind="hashtags", by=None)
    assert set(table["term"]) == {tag}
    assert table["count"].sum() == sum(ks.count(tag) for ks in keys)


def test_trends_of_words_and_entities_together():
    """kind="auto": each term by its sign, counted as its own kind would count it, the sign kept."""
    df = toolkit.load(toolkit.sample.SAMPLE_CSV).head(600)
    idx = CorpusIndex.build(df, progress=False)
    tag = idx.top_hashtags(1)["term"].iloc[0]
    handle = idx.top_handles(1)["term"].iloc[0]
    word = idx.top_terms(1)["term"].iloc[0]
    mixed = stats.term_trends(idx, [f"@{handle.upper()}", word, f"#{tag}"], kind="auto", by=None, freq="year")
    assert list(dict.fromkeys(mixed["term"])) == [f"@{handle}", word, f"#{tag}"]       # the order asked for
    for term, kind in ((f"#{tag}", "hashtags"), (f"@{handle}", "handles"), (word, "terms")):
        alone = stats.term_trends(idx, [term], kind=kind, by=None, freq="year")
        part = mixed[mixed["term"] == term].reset_index(drop=True)
        assert part["count"].tolist() == alone["count"].tolist() and part["count"].sum() > 0
        assert part["year"].tolist() == alone["year"].tolist()


def default_hidden(token_lists) -> frozenset[str]:
    """The terms among these tokens that the default vocabulary hides ("news" stopwords, numbers, URLs...)."""
    words = np.array(sorted({t for toks in token_lists for t in toks}), dtype=object)
    return frozenset(words[Vocabulary().static_hidden(words)].tolist())


def brute_log_odds(a_tokens, b_tokens, all_tokens):
    stop = default_hidden(all_tokens)
    ya = Counter(t for doc in a_tokens for t in doc if t not in stop)
    yb = Counter(t for doc in b_tokens for t in doc if t not in stop)
    prior = Counter(t for doc in all_tokens for t in doc if t not in stop)
    vocab = sorted(set(ya) | set(yb))
    na, nb = sum(ya[w] for w in vocab), sum(yb[w] for w in vocab)
    alpha = {w: prior[w] + 0.01 for w in vocab}
    a0 = sum(alpha.values())
    z = {}
    for w in vocab:
        d = (math.log((ya[w] + alpha[w]) / (na + a0 - ya[w] - alpha[w]))
             - math.log((yb[w] + alpha[w]) / (nb + a0 - yb[w] - alpha[w])))
        z[w] = d / math.sqrt(1 / (ya[w] + alpha[w]) + 1 / (yb[w] + alpha[w]))
    return z, ya, yb


def test_log_odds_informative_prior_matches_formula(sidx, speeches):
    docs = [term_tokens(t) for t in speeches["content"].fillna("")]
    dem = [d for d, p in zip(docs, speeches["publication"]) if p == "democrat"]
    rep = [d for d, p in zip(docs, speeches["publication"]) if p == "republican"]
    z, ya, yb = brute_log_odds(dem, rep, docs)
    table = stats.distinctive_terms(sidx.filter(publication="democrat"), sidx.filter(publication="republican"),
                                    k=10, labels=("democrat", "republican"))
    ranked = sorted(z, key=lambda w: (-z[w], w))
    assert table["term"].tolist() == ranked[:10] + ranked[-10:]
    np.testing.assert_allclose(table["z"], [z[w] for w in table["term"]], rtol=1e-9)
    assert table["count_a"].tolist() == [ya[w] for w in table["term"]]
    assert table["count_b"].tolist() == [yb[w] for w in table["term"]]
    assert (table["favours"] == np.where(table["z"] > 0, "democrat", "republican")).all()
    assert not set(table["term"]) & default_hidden(docs)


def test_frequency_ratio_option(sidx, speeches):
    docs = [term_tokens(t) for t in speeches["content"].fillna("")]
    stop = default_hidden(docs)
    ya = Counter(t for d, p in zip(docs, speeches["publication"]) if p == "democrat" for t in d if t not in stop)
    yb = Counter(t for d, p in zip(docs, speeches["publication"]) if p == "republican" for t in d if t not in stop)
    na, nb = sum(ya.values()), sum(yb.values())
    vocab = [w for w in set(ya) | set(yb) if ya[w] + yb[w] >= 20]
    score = {w: math.log2(((ya[w] + 0.5) / na) / ((yb[w] + 0.5) / nb)) for w in vocab}
    table = stats.distinctive_terms(sidx.filter(publication="democrat"), sidx.filter(publication="republican"),
                                    method="ratio", k=5, min_count=20)
    ranked = sorted(score, key=lambda w: (-score[w], w))
    assert table["term"].tolist() == ranked[:5] + ranked[-5:]
    np.testing.assert_allclose(table["score"], [score[w] for w in table["term"]])
    assert table["z"].isna().all()


def test_distinctive_terms_empty_side_gives_empty_table(sidx):
    with pytest.warns(UnknownNameWarning):
        nobody = sidx.filter(publication="nobody")
    table = stats.distinctive_terms(nobody, sidx)
    assert table.empty and "z" in table.columns


def test_kwic_lines_come_from_the_articles(pidx, polnear):
    lines = stats.kwic(pidx.filter(publication="nyt"), "White House", window=40, limit=None)
    texts = polnear["content"].fillna("")
    assert len(lines) > 0
    expected = sum(len(re.findall(r"\bwhite\s+house\b", texts[r], re.IGNORECASE))
                   for r in np.flatnonzero((polnear["publication"] == "nyt").to_numpy()))
    assert len(lines) >= expected
    for line in lines.itertuples():
        assert line.publication == "nyt"
        assert polnear["id"].iloc[line.row] == line.id
        assert re.fullmatch(r"white\W+house", line.match, re.IGNORECASE)
        flat = " ".join(texts.iloc[line.row].split())
        assert f"{line.left} {line.match}".strip() in flat
        assert len(line.left) <= 40 and len(line.right) <= 40
    assert len(stats.kwic(pidx, "trump", limit=7)) == 7
    with pytest.warns(UnknownNameWarning):
        nobody = pidx.filter(publication="nobody")
    assert stats.kwic(nobody, "trump").columns.tolist() == \
        ["id", "publication", "date", "title", "left", "match", "right", "row", "start"]


@pytest.mark.parametrize("query", ["white house", "immigra*", "trump OR clinton"])
def test_kwic_sorts_and_pages_like_antconc(pidx, polnear, query):
    texts = polnear["content"].fillna("")
    every = stats.kwic(pidx, query, window=40, limit=None)
    assert len(every) == every.attrs["total"] > 100 and not every.attrs["more"]
    first = stats.kwic(pidx, query, window=40, limit=50)
    assert first.attrs["more"] and first.attrs["total"] == 50
    pd.testing.assert_frame_equal(first, every.head(50))
    for line in every.head(300).itertuples():      # where each match stands in its article
        assert texts.iloc[line.row][line.start:line.start + len(line.match)] == line.match
    places = sorted(zip(every["row"], every["start"]))
    assert places == list(zip(every["row"], every["start"]))          # text order: article, then position
    keys = {"left": lambda r: r.left.casefold().split()[::-1], "right": lambda r: r.right.casefold().split(),
            "date": lambda r: (pd.isna(r.date), r.date if not pd.isna(r.date) else pd.Timestamp(0))}
    for sort, key in keys.items():
        lines = stats.kwic(pidx, query, window=40, limit=None, sort=sort)
        assert sorted(zip(lines["row"], lines["start"])) == places          # the same lines, reordered
        ordered = [key(r) for r in lines.itertuples()]
        assert ordered == sorted(ordered), sort
        for offset in (0, 50, len(lines) - 30):                      # pages, the last one short
            page = stats.kwic(pidx, query, window=40, sort=sort, offset=offset, limit=50)
            assert page.attrs["total"] == len(lines)
            pd.testing.assert_frame_equal(page, lines.iloc[offset:offset + 50].reset_index(drop=True))
    with pytest.raises(ValueError, match="sort must be one of"):
        stats.kwic(pidx, query, sort="middle")


def test_collocations_pmi_agrees_with_nltk(pidx):
    ours = stats.collocations(pidx, k=15, min_count=4)
    nltk_table = stats.collocations(pidx, k=15, min_count=4, method="nltk")
    assert len(ours) == 15
    assert ours["bigram"].tolist() == nltk_table["bigram"].tolist()
    np.testing.assert_allclose(ours["pmi"], nltk_table["pmi"])
    assert ours["count"].tolist() == nltk_table["count"].tolist()
    stop = Vocabulary().words
    assert not (ours["w1"].isin(stop) | ours["w2"].isin(stop)).any()


def test_collocation_counts_match_brute_force(pidx, ptokens):
    table = stats.collocations(pidx, k=5, min_count=3)
    bigrams = Counter(p for doc in ptokens for p in zip(doc, doc[1:]))
    words = Counter(t for doc in ptokens for t in doc)
    n = sum(words.values())
    for row in table.itertuples():
        assert row.count == bigrams[(row.w1, row.w2)] >= 3
        assert row.pmi == pytest.approx(math.log2(row.count * n / (words[row.w1] * words[row.w2])))
