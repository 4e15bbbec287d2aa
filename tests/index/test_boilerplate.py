"""Page furniture found at build time on real crawls, checked against regular expressions over the texts."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import stats
from toolkit.index import CorpusIndex
from toolkit.index.boilerplate import MIN_ARTICLES, MIN_SHARE, find_furniture
from tests.external import external_file

WT, POLITICO = "Washington Times", "Politico"
COPYRIGHT = re.compile(r"Copyright © \d{4} The Washington Times, LLC\.")
REPRINT = re.compile(r"Click here for reprint permission\.")


@pytest.fixture(scope="module")
def allsides(allsides_corpus) -> tuple[pd.DataFrame, CorpusIndex]:
    return allsides_corpus


def texts_of(df: pd.DataFrame, publication: str) -> list[str]:
    return df.loc[df["publication"] == publication, "content"].fillna("").tolist()


def test_a_publications_furniture_is_reported_with_its_articles(allsides):
    df, idx = allsides
    report = idx.boilerplate()
    assert report.columns.tolist() == ["publication", "segment", "articles", "share"]
    assert (report["articles"] >= MIN_ARTICLES).all() and (report["share"] >= MIN_SHARE).all()
    wt = report[report["publication"] == WT].set_index("segment")
    wt_texts = texts_of(df, WT)
    assert wt.loc["copyright © 0 the washington times, llc", "articles"] == sum(bool(COPYRIGHT.search(t))
                                                                                 for t in wt_texts)
    assert wt.loc["click here for reprint permission", "articles"] == sum(bool(REPRINT.search(t)) for t in wt_texts)
    assert wt.loc["click here for reprint permission", "share"] > 0.9
    politico = set(report.loc[report["publication"] == POLITICO, "segment"])
    assert "story continued below" in politico
    assert len(report["publication"].unique()) >= 10
    # a view reports only its own articles
    one = idx.filter(publication=WT).boilerplate()
    assert set(one["publication"]) == {WT} and one["articles"].sum() == wt["articles"].sum()


def test_furniture_leaves_counts_and_the_compare_list(allsides):
    df, idx = allsides
    wt = idx.filter(publication=WT)
    with_it = wt.top_terms(5000, boilerplate=False).set_index("term")
    without = wt.top_terms(5000).set_index("term")
    lines = sum(len(REPRINT.findall(t)) for t in texts_of(df, WT))
    assert with_it["count"].get("reprint", 0) - without["count"].get("reprint", 0) == lines > 250
    outside = sum(bool(re.search(r"\breprint", REPRINT.sub("", t), re.IGNORECASE)) for t in texts_of(df, WT))
    assert without["doc_freq"].get("reprint", 0) == outside
    # document-frequency bounds count the articles holding the term outside furniture, too
    assert "reprint" not in wt.top_terms(100_000, min_df=outside + 1)["term"].tolist()
    assert "reprint" in wt.top_terms(100_000, min_df=outside + 1, boilerplate=False)["term"].tolist()
    furniture = {"llc", "reprint", "copyright", "unsubscribe", "recaptcha", "newsletters", "continued"}
    plain = stats.distinctive_terms(wt, idx.filter(publication=POLITICO), k=15, boilerplate=False)
    clean = stats.distinctive_terms(wt, idx.filter(publication=POLITICO), k=15)
    assert len(set(plain["term"]) & furniture) >= 4
    assert not set(clean["term"]) & furniture
    assert not set(idx.top_terms(50, by="publication")["term"]) & {"llc", "reprint", "recaptcha"}


@pytest.mark.parametrize("by", [None, "publication", "month", "author"])
def test_furniture_sums_from_kept_cells_equal_the_selected_rows_sums(allsides, by):
    """The furniture taken out of a table is summed from (publication, month) cells where a selection keeps
    them whole, and row by row where it splits them: the same counts as summing the selected rows."""
    _, idx = allsides
    furniture, untouched, _ = idx.furniture()
    assert furniture.nnz > 1000
    groups = idx.grouper.groups(by)
    rng = np.random.default_rng(4)
    sources = idx.meta["publication"].cat.categories
    views = [idx.filter(), idx.filter(publication=list(sources[:5])), idx.filter(keyword="trump")]
    views.append(idx.filter(start="2019-01-01") if idx.meta["date"].notna().any() else views[0])
    for view in views + [idx.filter(publication=list(rng.choice(sources, 12, replace=False)))]:
        found = view._sums("terms", by, True)[0]
        rows = np.ones(idx.n_articles, bool) if view.mask is None else view.mask
        held = rows & (np.diff(furniture.indptr) > 0)
        plain = idx.grouper.sums("terms", idx.matrices["terms"].X, view.mask, by).counts
        expected = plain - groups.sum(furniture, held)
        assert (found.counts != expected).nnz == 0
        assert (found.docs_lost != groups.sum(untouched, held)).nnz == 0


def test_a_sentence_every_group_repeats_is_content():
    df = toolkit.load(external_file("convention-speeches-2012", "political_data.csv"), progress=False)
    text = df["content"].array.__arrow_array__()
    groups = df["publication"].cat.codes.to_numpy(dtype=np.int64)
    assert "thank you very much" in find_furniture(text, groups, min_lift=0).segments.vocab.tolist()
    assert len(find_furniture(text, groups).segments.vocab) == 0
    assert CorpusIndex.build(df, progress=False).boilerplate().empty


def test_a_corpus_without_publications_is_one_group():
    topics = "taxes trade wages rents tariffs pensions schools roads ports farms mines banks".split()
    texts = [f"A story about {topic} and what they cost.\nSubscribe to our daily newsletter today." for topic in topics]
    idx = CorpusIndex.build(pd.DataFrame({"content": texts}), progress=False)
    report = idx.boilerplate()
    assert report["segment"].tolist() == ["subscribe to our daily newsletter today"]
    assert report["articles"].tolist() == [12] and "newsletter" not in idx.top_terms(50)["term"].tolist()
    assert idx.top_terms(5, stem=True, min_df=13).empty


def test_a_fragment_cut_at_an_abbreviation_is_never_furniture(allsides):
    """AllSides reported ``washington (reuters) - u.s``, ``file photo: u.s`` and ``to get mr`` as furniture:
    pieces of sentences cut at ``U.S.`` and ``Mr.``. The whole sentence is the segment now (the Flip Side
    repeats ``To get Mr. Sixpack’s attention ...`` whole, so that sentence still is furniture). A line that
    ends with one (``Updated at 10:41 a.m.`` above a live blog's entry) is still a line."""
    _, idx = allsides
    segments = idx.boilerplate()["segment"].tolist()
    fragments = [s for s in segments if re.search(r"(?:^|[^a-z.])(?:u\.s|mr|mrs|dr|sen|gov|[a-z])$", s)]
    assert not fragments
    assert "updated at 0:0 a.m" in segments
    assert any(s.startswith("to get mr. sixpack’s attention") for s in segments)


def test_cut_inside_a_sentence_is_never_furniture():
    texts = ["Sen. Bernie Sanders (I-Vt.) said the vote mattered.\nMore text here today."] * 12
    found = find_furniture(pd.Series(texts, dtype="str").array.__arrow_array__(), np.zeros(12, np.int64))
    assert "bernie sanders (i-vt" not in found.segments.vocab.tolist()
    assert "more text here today" in found.segments.vocab.tolist()
