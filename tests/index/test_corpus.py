"""CorpusIndex / CorpusView on real articles (PolNeAR: 7 publications, authors, dates).

Every expectation is recomputed by brute force: ``collections.Counter`` over the tokens and entities
that :mod:`toolkit.text` gives for each article, and pandas over the metadata.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.featurize import features
from toolkit.index import CorpusIndex, CorpusView, Vocabulary, build_index, term_tokens, top_from_counts
from toolkit.index.names import UnknownNameWarning
from tests.external import external_file

TOP_COLUMNS = ["term", "count", "per_10k", "doc_freq"]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"))
    # 30 articles of each publication keep the test quick while leaving every group populated
    return df.groupby("publication", observed=True, group_keys=False).head(30).reset_index(drop=True)


@pytest.fixture(scope="module")
def idx(corpus: pd.DataFrame) -> CorpusIndex:
    return CorpusIndex.build(corpus, progress=False)


@pytest.fixture(scope="module")
def feats(corpus: pd.DataFrame) -> pd.DataFrame:
    return features(corpus)


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return toolkit.load(toolkit.sample.SAMPLE_CSV).head(300)


@pytest.fixture(scope="module")
def sample_idx(sample: pd.DataFrame) -> CorpusIndex:
    return CorpusIndex.build(sample, progress=False)


@pytest.fixture(scope="module")
def tokens(corpus: pd.DataFrame) -> list[list[str]]:
    return [term_tokens(t) for t in corpus["content"].fillna("").tolist()]


def default_hidden(token_lists: list[list[str]]) -> frozenset[str]:
    """The terms among these tokens that the default vocabulary hides ("news" stopwords, numbers, URLs...)."""
    words = np.array(sorted({t for toks in token_lists for t in toks}), dtype=object)
    return frozenset(words[Vocabulary().static_hidden(words)].tolist())


def expected_top(token_lists: list[list[str]], rows, k: int, hide: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Brute-force top-k table over the given rows: Counter, document sets, total tokens."""
    counts: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    total = 0
    for r in rows:
        toks = token_lists[r]
        total += len(toks)
        kept = [t for t in toks if t not in hide]
        counts.update(kept)
        docs.update(set(kept))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return pd.DataFrame({"term": [t for t, _ in ranked], "count": [c for _, c in ranked],
                         "per_10k": [c / total * 10_000 for _, c in ranked],
                         "doc_freq": [docs[t] for t, _ in ranked]})


def assert_table(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(actual.columns)[-4:] == TOP_COLUMNS
    a = actual.reset_index(drop=True)
    assert a["term"].tolist() == expected["term"].tolist()
    assert a["count"].tolist() == expected["count"].tolist()
    assert a["doc_freq"].tolist() == expected["doc_freq"].tolist()
    np.testing.assert_allclose(a["per_10k"].to_numpy(float), expected["per_10k"].to_numpy(float), rtol=1e-9)


def test_top_terms_overall_matches_brute_force(idx, tokens):
    expected = expected_top(tokens, range(len(tokens)), 25, default_hidden(tokens))
    assert_table(idx.top_terms(25), expected)
    assert not set(idx.top_terms(200)["term"]) & default_hidden(tokens)


def test_top_terms_by_publication_matches_brute_force(idx, corpus, tokens):
    table = idx.top_terms(7, by="publication")
    assert list(table.columns) == ["publication"] + TOP_COLUMNS
    pubs = sorted(corpus["publication"].dropna().unique())
    assert table["publication"].drop_duplicates().tolist() == pubs
    for pub in pubs:
        rows = np.flatnonzero(corpus["publication"].eq(pub).to_numpy())
        assert_table(table[table["publication"] == pub], expected_top(tokens, rows, 7, default_hidden(tokens)))


def test_top_terms_by_month_uses_year_month_labels(idx, corpus, tokens):
    table = idx.top_terms(3, by="month")
    months = corpus["date"].dropna().dt.strftime("%Y-%m")
    assert table["month"].drop_duplicates().tolist() == sorted(months.unique())
    first = sorted(months.unique())[0]
    rows = np.flatnonzero((corpus["date"].dt.strftime("%Y-%m") == first).to_numpy())
    assert_table(table[table["month"] == first], expected_top(tokens, rows, 3, default_hidden(tokens)))


@pytest.mark.parametrize("kind", ["hashtags", "handles"])
def test_entity_tables_use_case_folded_keys(kind, sample, sample_idx):
    # the bundled sample has plenty of hashtags and handles in both raw and PTB styles
    df = sample
    view = sample_idx.filter(publication=sorted(df["publication"].unique())[:4])
    rows = np.flatnonzero(df["publication"].isin(sorted(df["publication"].unique())[:4]).to_numpy())
    keys = [[e.key for e in found] for found in getattr(toolkit, kind)(df["content"])]
    counts = Counter(k for r in rows for k in keys[r])
    docs = Counter(k for r in rows for k in set(keys[r]))
    table = getattr(view, f"top_{kind}")(15)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    assert len(ranked) > 3
    assert table["term"].tolist() == [t for t, _ in ranked]
    assert table["count"].tolist() == [c for _, c in ranked]
    assert table["doc_freq"].tolist() == [docs[t] for t, _ in ranked]
    assert all(t == t.casefold() for t in table["term"])


def test_filter_publication_author_dates(idx, corpus):
    pubs = ["nyt", "breitbart"]
    view = idx.filter(publication=pubs, start="2016-01-01", end="2016-06-30")
    dates = corpus["date"]
    expected = corpus["publication"].isin(pubs) & (dates >= "2016-01-01") & (dates < "2016-07-01")
    assert view.n_articles == int(expected.sum()) > 0
    assert view.articles()["id"].tolist() == corpus.loc[expected, "id"].tolist()
    assert idx.filter(publication="nyt").n_articles == int((corpus["publication"] == "nyt").sum())
    author = corpus["author"].value_counts().index[0]
    assert idx.filter(author=author).n_articles == int((corpus["author"] == author).sum())
    with pytest.warns(UnknownNameWarning, match="nobody at all"):
        assert idx.filter(author=[author, "nobody at all"]).n_articles == int((corpus["author"] == author).sum())


def test_end_date_includes_the_whole_day(idx, corpus):
    day = corpus["date"].dropna().dt.normalize().value_counts().index[0]
    view = idx.filter(start=day, end=day.strftime("%Y-%m-%d"))
    assert view.n_articles == int((corpus["date"].dt.normalize() == day).sum())


def test_keyword_single_token_and_phrase(idx, tokens):
    view = idx.filter(keyword="Immigration")
    assert view.n_articles == sum("immigration" in set(t) for t in tokens) > 0

    def has_phrase(toks: list[str], words: list[str]) -> bool:
        return any(toks[i:i + len(words)] == words for i in range(len(toks) - len(words) + 1))

    expected = [i for i, t in enumerate(tokens) if has_phrase(t, ["white", "house"])]
    assert idx.filter(keyword="white house").rows.tolist() == expected


def test_keyword_regex(idx, corpus):
    pattern = r"\bwall(s)? (along|on) the border"
    texts = corpus["content"].fillna("")
    expected = [i for i, t in enumerate(texts) if re.search(pattern, t, re.IGNORECASE)]
    assert idx.filter(keyword=pattern, regex=True).rows.tolist() == expected
    assert len(expected) > 0


def test_filters_combine_and_views_refilter(idx, corpus, feats):
    once = idx.filter(publication=["nyt", "politico"], keyword="trump", min_tokens=300)
    twice = idx.filter(publication=["nyt", "politico"]).filter(keyword="trump").filter(min_tokens=300)
    assert once.rows.tolist() == twice.rows.tolist()
    assert isinstance(twice, CorpusView)
    long_enough = set(np.flatnonzero((feats["tokens"] >= 300).to_numpy()))
    assert set(once.rows) <= long_enough
    assert idx.filter(min_tokens=300).n_articles == len(long_enough)


def test_view_tables_match_brute_force(idx, corpus, tokens):
    view = idx.filter(publication="wash-post", keyword="clinton")
    rows = view.rows
    assert all("clinton" in tokens[r] for r in rows)
    assert_table(view.top_terms(10), expected_top(tokens, rows, 10, default_hidden(tokens)))


def test_source_counts_match_pandas(idx, corpus):
    view = idx.filter(start="2016-03-01")
    sub = corpus[corpus["date"] >= "2016-03-01"]
    by_pub = view.source_counts()
    expected = sub["publication"].value_counts().sort_index()
    assert by_pub["publication"].tolist() == expected.index.tolist()
    assert by_pub["articles"].tolist() == expected.tolist()
    np.testing.assert_allclose(by_pub["share"], expected.to_numpy() / len(sub))
    both = view.source_counts(["month", "publication"])
    expected2 = sub.groupby([sub["date"].dt.strftime("%Y-%m"), sub["publication"].astype(str)]).size()
    assert list(zip(both["month"], both["publication"], both["articles"])) == \
        [(m, p, n) for (m, p), n in expected2.items()]


def test_quote_stats_match_features(idx, corpus, feats):
    feats = feats.assign(publication=corpus["publication"].astype(str))
    table = idx.quote_stats()
    grouped = feats.groupby("publication")
    assert table["publication"].tolist() == sorted(grouped.groups)
    assert table["quotes"].tolist() == grouped["quotes"].sum().tolist()
    np.testing.assert_allclose(table["quote_rate"], grouped["quotes"].mean())
    np.testing.assert_allclose(table["quoted_word_share"],
                               grouped["quoted_words"].sum() / grouped["tokens"].sum())
    np.testing.assert_allclose(table["share_with_quotes"], grouped["quotes"].apply(lambda q: (q > 0).mean()))


def test_empty_filter_gives_empty_tables_with_columns(idx):
    with pytest.warns(UnknownNameWarning):
        view = idx.filter(publication="no such outlet")
    assert view.n_articles == 0
    assert list(view.top_terms()) == TOP_COLUMNS and len(view.top_terms()) == 0
    assert list(view.top_hashtags(5, by="publication")) == ["publication"] + TOP_COLUMNS
    assert len(view.top_handles()) == 0
    assert list(view.source_counts()) == ["publication", "articles", "share"]
    assert len(view.quote_stats()) == 0 and "quote_rate" in view.quote_stats()
    assert idx.filter(keyword="zzzzqqqq").top_terms().empty
    assert idx.filter(keyword="zzzz qqqq").n_articles == 0


def test_index_alias_and_repr(corpus):
    small = build_index(corpus.head(20), progress=False)
    assert small.n_articles == 20
    assert small.articles()["id"].tolist() == corpus["id"].head(20).tolist()
    assert "20 articles" in repr(small)


def test_chunked_parallel_build_equals_single_pass(corpus, idx, monkeypatch):
    import toolkit.index.build as build_module

    monkeypatch.setattr(build_module, "CHUNK_ROWS", 37)   # many chunks, merged in order
    parallel = CorpusIndex.build(corpus, progress=False, n_jobs=2)
    for kind in ("terms", "hashtags", "handles"):
        a, b = idx.matrices[kind], parallel.matrices[kind]
        assert a.vocab.tolist() == b.vocab.tolist()
        assert (a.X != b.X).nnz == 0
    pd.testing.assert_frame_equal(idx.articles(), parallel.articles())
    pd.testing.assert_frame_equal(idx.top_terms(10, by="month"), parallel.top_terms(10, by="month"))


def test_tables_agree_for_masks_that_cut_through_publication_months(idx, corpus, tokens, feats):
    # most articles kept, a few dropped from every (publication, month): exercises the subtraction path
    view = idx.filter(start="2015-11-16", min_tokens=150)
    keep = ((corpus["date"] >= "2015-11-16") & (feats["tokens"] >= 150)).to_numpy()
    assert 0.5 * len(corpus) < view.n_articles == keep.sum() < len(corpus)
    assert_table(view.top_terms(15), expected_top(tokens, np.flatnonzero(keep), 15, default_hidden(tokens)))
    table = view.top_terms(4, by="publication")
    for pub in ["huff-post", "usa-today"]:
        rows = np.flatnonzero(keep & (corpus["publication"] == pub).to_numpy())
        assert_table(table[table["publication"] == pub], expected_top(tokens, rows, 4, default_hidden(tokens)))


def test_top_terms_by_author(idx, corpus, tokens):
    table = idx.filter(publication="politico").top_terms(3, by="author")
    authors = corpus.loc[corpus["publication"] == "politico", "author"].dropna().astype(str)
    assert table["author"].drop_duplicates().tolist() == sorted(authors.unique())
    name = authors.value_counts().index[0]
    rows = np.flatnonzero(((corpus["author"] == name) & (corpus["publication"] == "politico")).to_numpy())
    assert_table(table[table["author"] == name], expected_top(tokens, rows, 3, default_hidden(tokens)))


def test_top_from_counts_reproduces_top_terms_exactly(idx, corpus, tokens):
    # what toolkit.scale does: count per group independently, then rank with top_from_counts
    stop = default_hidden(tokens)
    records, words = [], {}
    for pub in sorted(corpus["publication"].unique()):
        rows = np.flatnonzero((corpus["publication"] == pub).to_numpy())
        counts = Counter(t for r in rows for t in tokens[r] if t not in stop)
        docs = Counter(t for r in rows for t in set(tokens[r]) if t not in stop)
        words[pub] = sum(len(tokens[r]) for r in rows)
        records += [(pub, t, c, docs[t]) for t, c in counts.items()]
    long = pd.DataFrame(records, columns=["publication", "term", "count", "doc_freq"]).sample(frac=1, random_state=0)
    ours = top_from_counts(long, words, 9, by="publication")
    pd.testing.assert_frame_equal(ours, idx.top_terms(9, by="publication"))
    total = sum(len(t) for t in tokens)
    overall = long.groupby("term", as_index=False)[["count", "doc_freq"]].sum()
    pd.testing.assert_frame_equal(top_from_counts(overall, total, 9), idx.top_terms(9))
