"""Plain bigrams (``ngrams=2``) on real news: every adjacent pair of content words, checked by a token walk."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import stats
from toolkit.index import CorpusIndex
from toolkit.index.build import build_parts
from toolkit.index.phrases import candidate_words
from toolkit.index.store import files_cache_key
from toolkit.text import tokenize
from toolkit.text.stopwords import resolve_stopwords
from toolkit.text.style import resolve_style
from tests.external import external_file

ALLSIDES = ("allsides-article-bias", "articles_sample.csv")


@pytest.fixture(scope="module")
def allsides() -> tuple[pd.DataFrame, CorpusIndex]:
    df = toolkit.load(external_file(*ALLSIDES), progress=False)
    return df, CorpusIndex.build(df, progress=False, ngrams=2)


def pair_walk(text: str, content: set[str]) -> Counter:
    """Adjacent pairs of ``content`` words of each line of ``text`` (punctuation between breaks a pair)."""
    style, found = resolve_style(text, "auto"), Counter()
    for line in text.split("\n"):
        every = tokenize(line, style, lowercase=True)
        words = tokenize(line, style, lowercase=True, drop_punct=True)
        flags, j = [], 0
        for token in every:
            hit = j < len(words) and token == words[j]
            flags.append(hit)
            j += hit
        for i in range(len(every) - 1):
            if flags[i] and flags[i + 1] and every[i] in content and every[i + 1] in content:
                found[f"{every[i]} {every[i + 1]}"] += 1
    return found


def test_bigram_counts_equal_a_walk_over_each_lines_tokens(allsides):
    df, idx = allsides
    m, vocab = idx.matrices["bigrams"], idx.matrices["terms"].vocab
    content = set(vocab[candidate_words(vocab.tolist())].tolist())      # the rule's words, decided once
    texts = df["content"].fillna("")
    total = 0
    for r in np.random.default_rng(2).choice(len(df), 300, replace=False).tolist():
        cells = m.X[r]
        found = pair_walk(texts.iloc[r], content)
        assert {m.vocab[c]: int(v) for c, v in zip(cells.indices, cells.data)} == dict(found), r
        total += int(cells.sum())
    assert total > 10_000


def test_bigram_tables_hide_pairs_with_a_hidden_word(allsides):
    df, idx = allsides
    top = idx.top_terms(40, ngrams=2)
    assert {"white house", "supreme court", "health care"} <= set(top["term"])
    assert (top["term"].str.count(" ") == 1).all()
    m = idx.matrices["bigrams"]
    assert top["count"].iloc[0] == m.X[:, m.column(top["term"].iloc[0])].sum()
    english = idx.top_terms(200, ngrams=2, stopwords="english", keep=("years",))
    news = resolve_stopwords("news") - resolve_stopwords("english")
    assert not any(set(t.split(" ")) & resolve_stopwords("english") for t in english["term"])
    assert idx.top_terms(100, ngrams=2, stopwords=sorted(news | {"house"}))["term"].str.contains("house").sum() == 0
    wt, politico = idx.filter(publication="Washington Times"), idx.filter(publication="Politico")
    assert stats.keyness(wt, politico, kind="bigrams", k=5)["feature"].iloc[0] == "washington times"
    assert stats.top_table(idx, "bigrams", 5)["term"].tolist() == top["term"].head(5).tolist()


def test_bigrams_are_opt_in_checked_and_key_the_cache():
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False)
    plain = CorpusIndex.build(df, progress=False)
    assert "bigrams" not in plain.matrices
    with pytest.raises(ValueError, match="build it with ngrams=2"):
        plain.top_terms(ngrams=2)
    with pytest.raises(ValueError, match="ngrams must be 1 or 2, not 3"):
        CorpusIndex.build(df, ngrams=3)
    with pytest.raises(ValueError, match="neither phrases=True nor stem=True"):
        plain.top_terms(ngrams=2, phrases=True)
    one = build_parts(df, progress=False, n_jobs=1, ngrams=2)[2]["bigrams"]
    two = build_parts(pd.concat([df, df], ignore_index=True), progress=False, n_jobs=2, ngrams=2)[2]["bigrams"]
    assert one.vocab.tolist() == two.vocab.tolist()
    assert (two.X[:len(df)] != one.X).nnz == 0 and (two.X[len(df):] != one.X).nnz == 0
    path = external_file("polnear", "polnear_articles.csv")
    assert files_cache_key(path) != files_cache_key(path, build_options={"collapse_repeats": "auto", "ngrams": 2})
