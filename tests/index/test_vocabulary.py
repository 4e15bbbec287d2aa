"""What term tables show: stopword lists, min_df/max_df, token classes, on real news corpora.

The oracle for "function words, reporting verbs, honorifics" is written here by category, apart from
the lists the toolkit ships, and the brute-force tables count term tokens with Counter.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.index import TOKEN_CLASSES, CorpusIndex, Vocabulary, term_tokens
from toolkit.scale.summary import group_counts, merge_counts, top_table
from tests.external import external_file

# closed-class English words by category (not copied from toolkit/text/data)
PRONOUNS = "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs " \
           "this that these those who whom whose which what myself himself herself itself themselves"
DETERMINERS = "a an the some any no every each either neither all both many much more most few several " \
              "another other such one"
PREPOSITIONS = "of in on at by for with about against between into through during before after above below " \
               "to from up down out off over under among across along around since upon within without " \
               "toward towards via per despite"
CONJUNCTIONS = "and but or nor so yet because although though while whether if than unless"
AUXILIARIES = "be am is are was were been being have has had do does did will would shall should can could " \
              "may might must ought"
ADVERBS = "not also just very too only then there here now even ever never again still"
REPORTING = "said says say told tell tells according added asked noted"
HONORIFICS = "mr mrs ms dr sen rep gov"
FUNCTION_WORDS = set(" ".join([PRONOUNS, DETERMINERS, PREPOSITIONS, CONJUNCTIONS, AUXILIARIES, ADVERBS]).split())
NEWS_WORDS = set(REPORTING.split()) | set(HONORIFICS.split())
# "still" and "again" are adverbs of time that lists disagree on; the toolkit keeps them as terms
FUNCTION_WORDS -= {"still", "again"}

CORPORA = {
    "allsides": ("allsides-article-bias", "articles_sample.csv"),
    "all-the-news": ("all-the-news-fragment",),
    "buzzfeed": ("buzzfeed-webis-2016", "articles.csv"),
    "polnear": ("polnear", "polnear_articles.csv"),
}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def real(request) -> tuple[pd.DataFrame, CorpusIndex]:
    if request.param == "allsides":
        return request.getfixturevalue("allsides_corpus")
    df = toolkit.load(external_file(*CORPORA[request.param]), progress=False)
    return df, CorpusIndex.build(df, progress=False)


@pytest.fixture(scope="module")
def polnear() -> tuple[pd.DataFrame, CorpusIndex, list[list[str]]]:
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False)
    df = df.groupby("publication", observed=True, group_keys=False).head(60).reset_index(drop=True)
    return df, CorpusIndex.build(df, progress=False), [term_tokens(t) for t in df["content"].fillna("").tolist()]


def brute_top(token_lists, rows, k, hide=frozenset(), min_df=1, max_df=None):
    counts, docs = Counter(), Counter()
    for r in rows:
        counts.update(token_lists[r])
        docs.update(set(token_lists[r]))
    high = len(rows) if max_df is None else max_df
    ranked = sorted(((t, c) for t, c in counts.items() if t not in hide and min_df <= docs[t] <= high),
                    key=lambda kv: (-kv[1], kv[0]))
    return [t for t, _ in ranked[:k]]


def test_default_top_terms_hold_no_function_words_reporting_verbs_honorifics_or_numbers(real):
    _, idx = real
    top = idx.top_terms(25)["term"].tolist()
    assert len(top) == 25
    assert not set(top) & FUNCTION_WORDS, set(top) & FUNCTION_WORDS
    assert not set(top) & NEWS_WORDS, set(top) & NEWS_WORDS
    assert not [t for t in top if not re.search(r"[^\W\d_]", t)], "bare numbers among the top terms"
    # the same corpus without stopwords is led by them: the check above can fail
    plain = idx.top_terms(25, stopwords=None, keep=("numbers", "years"))["term"].tolist()
    assert set(plain) & FUNCTION_WORDS and set(plain[:10]) & FUNCTION_WORDS


def test_english_keeps_reporting_verbs_and_news_hides_them(real):
    _, idx = real
    english = idx.top_terms(60, stopwords="english")["term"].tolist()
    assert "said" in english
    assert not set(english) & FUNCTION_WORDS
    assert "said" not in idx.top_terms(200)["term"].tolist()


def test_tokens_of_each_class_are_hidden_unless_kept(real):
    df, idx = real
    shown = set(idx.top_terms(100_000)["term"])
    kept = set(idx.top_terms(100_000, keep=("years", "numbers", "urls"))["term"])
    years = {t for t in kept if re.fullmatch(r"(19|20)\d\d", t)}
    assert years and not years & shown
    numbers = {t for t in kept - years if re.fullmatch(r"[\d.,:/%-]+", t)}
    assert numbers and not numbers & shown
    assert not {t for t in shown if t.startswith(("#", "@", "http", "www."))}


def test_min_df_max_df_match_brute_force_over_the_selected_articles(polnear):
    df, idx, tokens = polnear
    rows = range(len(tokens))
    every = TOKEN_CLASSES   # classes are checked above; here only the document-frequency bounds hide
    idx = CorpusIndex.build(df, progress=False, boilerplate=False)   # and page furniture counts, as in Counter
    assert idx.top_terms(40, stopwords=None, max_df=0.5, keep=every)["term"].tolist() == \
        brute_top(tokens, rows, 40, max_df=len(tokens) // 2)
    stop = Vocabulary(stopwords="english").words
    assert idx.top_terms(30, stopwords="english", min_df=25, keep=every)["term"].tolist() == \
        brute_top(tokens, rows, 30, hide=stop, min_df=25)
    pub = df["publication"].astype(str).value_counts().index[0]
    view_rows = np.flatnonzero((df["publication"] == pub).to_numpy())
    ours = idx.filter(publication=pub).top_terms(20, stopwords=None, min_df=0.05, max_df=10, keep=every)
    low = int(np.ceil(0.05 * len(view_rows)))
    assert ours["term"].tolist() == brute_top(tokens, view_rows, 20, min_df=low, max_df=10)
    assert ours["term"].tolist() != brute_top(tokens, view_rows, 20)


def test_build_option_and_setting_the_vocabulary_change_later_tables_without_a_rebuild(polnear, tmp_path):
    df, idx, _ = polnear
    english = CorpusIndex.build(df, progress=False, stopwords="english")
    assert english.vocabulary == Vocabulary(stopwords="english")
    assert english.top_terms(10).equals(idx.top_terms(10, stopwords="english"))
    assert english.filter(keyword="trump").top_terms(5).equals(idx.filter(keyword="trump").top_terms(5,
                                                                                                   stopwords="english"))
    words = tmp_path / "mine.txt"
    words.write_text("# my list\nTrump\nclinton\n\n", encoding="utf-8")
    english.vocabulary = Vocabulary(stopwords=words)
    top = english.top_terms(50)["term"].tolist()
    assert "the" in top and not {"trump", "clinton"} & set(top)
    with pytest.raises(TypeError, match="Vocabulary"):
        english.vocabulary = "english"
    with pytest.raises(ValueError, match="does not exist"):
        idx.top_terms(5, stopwords=str(tmp_path / "missing.txt"))
    with pytest.raises(ValueError, match="unknown token class"):
        idx.top_terms(5, keep=("verbs",))
    with pytest.raises(ValueError, match="max_df"):
        idx.top_terms(5, max_df=1.5)


def test_scale_tables_apply_the_same_vocabulary(polnear):
    df, idx, _ = polnear
    half = len(df) // 2
    parts = [CorpusIndex.build(df.iloc[:half].reset_index(drop=True), progress=False),
             CorpusIndex.build(df.iloc[half:].reset_index(drop=True), progress=False)]
    for by in (None, "publication"):
        table, totals = merge_counts(*(group_counts(p, "terms", by) for p in parts))
        n_docs = int(np.count_nonzero(idx.grouping(by)[0] >= 0))
        for vocabulary in (Vocabulary(boilerplate=False),
                           Vocabulary(stopwords="english", min_df=3, max_df=0.4, keep=("years",), boilerplate=False)):
            ours = top_table(table, totals, "terms", 12, vocabulary, n_docs)
            expected = idx.top("terms", 12, by, vocabulary)
            assert ours["term"].tolist() == expected["term"].tolist()
            assert ours["count"].tolist() == expected["count"].tolist()


def test_stemmed_tables_sum_the_forms_of_each_stem_and_show_the_most_frequent(polnear):
    from nltk.stem.snowball import SnowballStemmer

    df, _, tokens = polnear
    idx = CorpusIndex.build(df, progress=False, boilerplate=False)
    hide = Vocabulary().words
    visible = [[t for t in doc if t not in hide and re.search(r"[^\W\d_]", t) and not t.startswith(("#", "@", "$"))
                and "://" not in t and not t.startswith("www.")] for doc in tokens]
    forms = Counter(t for doc in visible for t in doc)
    stemmer = SnowballStemmer("english")
    stem = {form: stemmer.stem(form) for form in forms}
    counts = Counter()
    docs = Counter()
    for doc in visible:
        counts.update(stem[t] for t in doc)
        docs.update({stem[t] for t in doc})
    label = {}
    for form, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0])):
        label.setdefault(stem[form], form)
    ranked = sorted(counts, key=lambda s: (-counts[s], label[s]))[:25]
    table = idx.top_terms(25, stem=True)
    assert table["term"].tolist() == [label[s] for s in ranked]
    assert table["count"].tolist() == [counts[s] for s in ranked]
    assert table["doc_freq"].tolist() == [docs[s] for s in ranked]
    joined = [s for s in ranked if sum(1 for f in forms if stem[f] == s) > 1]
    assert joined, "some top stems join several forms (trump and trump's)"
    # without page furniture (the default build) no stem counts more, nor in more articles
    free = CorpusIndex.build(df, progress=False).top_terms(300, stem=True).set_index("term")
    full = idx.top_terms(300, stem=True).set_index("term")
    common = free.index.intersection(full.index)
    assert len(common) > 250
    assert (free.loc[common, "count"] <= full.loc[common, "count"]).all()
    assert (free.loc[common, "doc_freq"] <= full.loc[common, "doc_freq"]).all()
    assert (free.loc[common, "count"] < full.loc[common, "count"]).any()
