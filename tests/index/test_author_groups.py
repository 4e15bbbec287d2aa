"""Tables by author count per person: an article whose field names three people is in three groups.

On AllSides (4,456 articles, fields such as ``"A, B and C"`` and ``'"Amy Joi ODonoghue", Court Mann'``), a
person's row of every ``by="author"`` table is what the same table says of ``filter(author=person)``,
the articles naming them, as a researcher would check by hand.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from toolkit.index import CorpusIndex
from toolkit.index.grouping import Groups, author_groups
from toolkit.index.names import split_authors


@pytest.fixture(scope="module")
def allsides(allsides_corpus):
    return allsides_corpus


@pytest.fixture(scope="module")
def people(allsides) -> list[str]:
    """People of several-author fields among the most published ones, and a one-article person."""
    df, idx = allsides
    counts = idx.name_counts("author")
    shared = {p for field in df["author"].dropna().astype(str).unique() if len(split_authors(field)) > 1
              for p in split_authors(field)}
    chosen = [p for p in counts.sort_values(ascending=False).index if p in shared][:4]
    assert len(chosen) == 4
    return chosen + [str(counts[counts == 1].index[0])]


def row_of(table: pd.DataFrame, person: str) -> pd.DataFrame:
    return table[table["author"] == person].drop(columns="author").reset_index(drop=True)


def test_articles_per_author_are_the_people_the_picker_lists(allsides):
    df, idx = allsides
    table = idx.source_counts("author")
    people = {str(k): int(v) for k, v in idx.name_counts("author").items()}
    assert dict(zip(table["author"], table["articles"])) == people
    several = df["author"].dropna().astype(str).map(lambda f: len(split_authors(f)) > 1)
    assert several.sum() > 100                                   # real multi-author fields
    assert table["articles"].sum() > idx.filter(author=list(table["author"])).n_articles
    assert not table["author"].str.contains(" and |, ").any()    # people, not fields


def test_a_persons_terms_are_those_of_the_articles_naming_them(allsides, people):
    _, idx = allsides
    by_author = idx.top_terms(15, by="author", min_df=1, max_df=1.0)
    for person in people:
        alone = idx.filter(author=person).top_terms(15, min_df=1, max_df=1.0)
        assert_frame_equal(row_of(by_author, person), alone, check_dtype=False)
    # by stem: the same counts (a stem's label is its most frequent form over the whole table)
    stemmed = row_of(idx.top_terms(5, by="author", stem=True, min_df=1, max_df=1.0), people[0])
    alone = idx.filter(author=people[0]).top_terms(5, stem=True, min_df=1, max_df=1.0)
    assert_frame_equal(stemmed.drop(columns="term"), alone.drop(columns="term"), check_dtype=False)


def test_quotes_speakers_and_hashtags_by_author(allsides, people):
    _, idx = allsides
    quotes = idx.quote_stats(by="author")
    speakers = idx.top_speakers(5, by="author")
    handles = idx.top_handles(5, by="author")
    for person in people:
        view = idx.filter(author=person)
        assert_frame_equal(row_of(quotes, person), view.quote_stats(by=None), check_dtype=False)
        assert_frame_equal(row_of(speakers, person), view.top_speakers(5, by=None), check_dtype=False)
        assert_frame_equal(row_of(handles, person), view.top_handles(5), check_dtype=False)


def test_author_with_other_keys_and_within_a_filter(allsides, people):
    _, idx = allsides
    person = people[0]
    by_year = idx.top_terms(5, by=["author", "year"], min_df=1, max_df=1.0)
    mine = by_year[by_year["author"] == person]
    for year, rows in mine.groupby("year"):
        view = idx.filter(author=person, start=f"{year}-01-01", end=f"{year}-12-31")
        expected = view.top_terms(5, min_df=1, max_df=1.0)
        assert_frame_equal(rows.drop(columns=["author", "year"]).reset_index(drop=True), expected, check_dtype=False)
    politico = idx.filter(publication="Politico")
    assert set(politico.source_counts("author")["author"]) <= set(idx.source_counts("author")["author"])


def test_a_grouping_with_authors_has_no_single_code_per_article(allsides):
    _, idx = allsides
    with pytest.raises(ValueError, match="several groups"):
        idx.grouping("author")
    assert idx.groups("author").rows is not None and idx.groups("publication").rows is None


def test_a_person_has_one_spelling_in_every_table_and_view():
    """Labels follow name_counts over the whole corpus (first spelling among fields with articles, an
    unused category ignored), in every view; a corpus whose author column is empty has no author groups."""
    df = pd.DataFrame({"content": ["a b c d", "e f g", "h i j", "k l m"], "publication": ["A", "B", "B", "B"],
                       "author": pd.Categorical(["BO CHAN", "Bo Chan", "Bo Chan and Cy Ode", "cy ode"],
                                                categories=["BO CHAN", "Bo Chan", "Bo Chan and Cy Ode", "bo chan",
                                                            "cy ode"])})
    idx = CorpusIndex.build(df, progress=False)
    for view in (idx, idx.filter(publication="B")):
        counts = view.name_counts("author")
        table = view.source_counts("author")
        assert list(counts.index) == table["author"].tolist() == ["BO CHAN", "Cy Ode"]
        assert counts.tolist() == table["articles"].tolist()
    for empty in ([None, None], pd.Categorical([None, None], categories=[]), [float("nan"), None]):
        none = CorpusIndex.build(pd.DataFrame({"content": ["a b c", "d e f"], "author": empty}), progress=False)
        assert none.source_counts("author").empty and none.top_terms(3, by="author").empty
        assert none.quote_stats(by="author").empty


def test_names_that_fold_equal_are_one_person_labelled_as_first_spelled():
    meta = pd.DataFrame({"author": pd.Categorical(["Ann Lee and Bo Chan", "BO CHAN", None, "Bo  Chan, Cy Ode"]),
                         "date": pd.to_datetime(["2019-05-01", "2020-01-02", "2020-02-03", None])})
    groups = author_groups(meta, "author")
    assert groups.labels["author"].tolist() == ["Ann Lee", "Bo Chan", "Cy Ode"]
    assert groups.rows.tolist() == [0, 0, 1, 3, 3] and groups.codes.tolist() == [0, 1, 1, 1, 2]
    assert groups.sizes(None).tolist() == [1, 3, 1]
    assert groups.sizes(np.array([True, False, False, False])).tolist() == [1, 1, 0]
    with_year = author_groups(meta, ["author", "year"])                # an undated article is in no group
    assert with_year.labels.values.tolist() == [["Ann Lee", "2019"], ["Bo Chan", "2019"], ["Bo Chan", "2020"]]
    assert with_year.rows.tolist() == [0, 0, 1] and with_year.codes.tolist() == [0, 1, 2]
    assert isinstance(with_year, Groups) and with_year.n_articles == 4
