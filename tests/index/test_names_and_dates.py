"""Filters on real metadata: names that forgive (case, spaces, close-name warnings) and undated articles."""
from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from tests.external import external_file
from toolkit.index import CorpusIndex
from toolkit.index.names import UnknownNameWarning, fold, split_authors


@pytest.fixture(scope="module")
def allsides(tmp_path_factory) -> CorpusIndex:
    """491 sources over 2001-2020, 591 undated articles."""
    return CorpusIndex.from_files(external_file("allsides-article-bias", "articles_sample.csv"),
                                  cache_dir=tmp_path_factory.getbasetemp() / "index-cache")


def _no_warning(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownNameWarning)
        return call()


def test_names_match_ignoring_case_and_spaces(allsides):
    meta = allsides.articles()
    for name in meta["publication"].value_counts().index[:25]:
        expected = int((meta["publication"].map(fold) == fold(name)).sum())
        for spelling in (name, name.lower(), name.upper(), f"  {name.swapcase()} "):
            assert _no_warning(lambda: allsides.filter(publication=spelling).n_articles) == expected
    author = meta["author"].dropna().value_counts().index[0]
    assert (_no_warning(lambda: allsides.filter(author=author.lower()).n_articles)
            == _naming(meta["author"], author))


def _naming(fields: pd.Series, name: str) -> int:
    """Fields that are ``name`` or list it between separators (a scan independent of split_authors)."""
    sep = r"(?:^|$|[,;&]|\band\b)"
    pattern = sep + r"\s*(?:by\s+)?\"?" + re.escape(fold(name)) + r"\"?\s*" + sep
    folded = fields.dropna().astype(str).map(fold)
    return int(folded.str.contains(pattern, regex=True).sum())


def test_an_author_of_a_multi_author_field_is_found(allsides):
    authors = allsides.articles()["author"].dropna().astype(str)
    multi = authors[authors.str.contains(",| and ", regex=True)]
    assert len(multi) > 1000                       # "Devin Dwyer, Mary Bruce", "A, B and C"
    people = pd.Series([p for field in multi for p in split_authors(field)]).value_counts()
    for person in people.index[:15]:
        n = _no_warning(lambda: allsides.filter(author=person.upper()).n_articles)
        assert n == _naming(authors, person) and n > int((authors.map(fold) == fold(person)).sum()), person
    raw = multi.iloc[0]                            # the raw field still matches as a whole
    assert allsides.filter(author=raw).n_articles >= 1


@pytest.mark.parametrize("field, people", [
    ("Scott Shane, Maggie Haberman and Julie Hirschfeld Davis",
     ["Scott Shane", "Maggie Haberman", "Julie Hirschfeld Davis"]),
    ('["A. Smith", "B. Jones"]', ["A. Smith", "B. Jones"]),
    ("['Ben Smith', 'Jo Lee']", ["Ben Smith", "Jo Lee"]),
    ('"Amy Joi ODonoghue", Court Mann', ["Amy Joi ODonoghue", "Court Mann"]),
    ("By Joyce Tseng and Eli Watkins, CNN", ["Joyce Tseng", "Eli Watkins"]),
    ("David Jackson, @djusatoday, USA TODAY", ["David Jackson"]),
    ("John Koblin and Michael M. Grynbaum", ["John Koblin", "Michael M. Grynbaum"]),
    ("kyle potter and amy forliti, associated press", ["kyle potter", "amy forliti"]),
    (["A and B", "C"], ["A", "B", "C"]),
    (None, []),
])
def test_split_authors(field, people):
    assert split_authors(field) == people


def test_an_unknown_name_warns_with_the_closest_names(allsides):
    pubs = allsides.articles()["publication"].astype(str)
    name = pubs.value_counts().index[0]            # e.g. "CNN (Web News)"
    first_word = name.split()[0]
    if pubs.map(fold).eq(fold(first_word)).any():
        pytest.skip("the first word is itself a publication")
    with pytest.warns(UnknownNameWarning, match="did you mean") as caught:
        assert allsides.filter(publication=first_word).n_articles == 0
    message = str(caught[0].message)
    assert repr(first_word) in message and repr(name) in message
    with pytest.warns(UnknownNameWarning, match=r"no author named 'zzqx'$"):
        allsides.filter(author="zzqx")
    with pytest.warns(UnknownNameWarning) as caught:   # a typo finds its publication too
        allsides.filter(publication=name[:-2] + name[-1] + name[-2])
    assert repr(name) in str(caught[0].message)


def test_undated_articles_are_a_choice(allsides):
    dates = pd.to_datetime(allsides.articles()["date"])
    undated = int(dates.isna().sum())
    assert undated > 0
    in_range = int(((dates >= "2015-01-01") & (dates < "2018-01-01")).sum())
    assert allsides.filter(start="2015-01-01", end="2017-12-31").n_articles == in_range
    assert allsides.filter(start="2015-01-01", end="2017-12-31", undated=True).n_articles == in_range + undated
    assert allsides.filter(undated=False).n_articles == len(dates) - undated
    assert allsides.filter().n_articles == allsides.filter(undated=True).n_articles == len(dates)
    view = allsides.filter(start="2019-01-01", undated=True)
    rows = view.rows
    assert np.isnat(dates.to_numpy()[rows]).sum() == undated


def test_date_halves_split_the_dated_articles_at_their_median_day(allsides):
    view = allsides.filter(keyword="immigration")
    early, late, day = view.date_halves()
    dates = pd.to_datetime(view.articles()["date"]).dropna().dt.normalize()
    assert early.n_articles == int((dates <= day).sum()) and late.n_articles == int((dates > day).sum())
    assert early.n_articles + late.n_articles == len(dates) < view.n_articles     # undated ones in neither
    assert (dates <= day).sum() >= len(dates) / 2 > (dates < day).sum()          # the median day
    one_day = allsides.filter(start=day, end=day)
    assert one_day.n_articles and one_day.date_halves() is None


@pytest.mark.parametrize("corpus", [("allsides-article-bias", "articles_sample.csv"),
                                    ("polnear", "polnear_articles.csv"),
                                    ("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv")])
def test_groupings_are_coded_as_factorizing_every_label_codes_them(corpus):
    """A grouping codes each article from its categorical's codes or its day (each distinct day labelled
    once), not a Python label per article: the codes and sorted labels equal factorizing every article's
    label (several keys: sorting the distinct label tuples), for publications, facets, every period,
    missing dates and unused categories included."""
    import toolkit
    from toolkit.index.grouping import _group_values, group_labels
    df = toolkit.load(external_file(*corpus), progress=False)
    meta = CorpusIndex.build(df, progress=False).meta.copy()
    meta["publication"] = meta["publication"].cat.add_categories(["Zz unused"])
    meta.loc[meta.index[::7], "date"] = pd.NaT
    keys = ["publication", "week", "month", "quarter", "year"] + [c for c in ("bias_text", "topic") if c in meta]
    for key in keys:
        codes, labels = group_labels(meta, key)
        expected, uniques = pd.factorize(_group_values(meta, key).to_numpy(dtype=object), sort=True)
        np.testing.assert_array_equal(codes, expected, err_msg=key)
        assert labels[key].tolist() == [str(u) for u in uniques] and labels[key].dtype == "str", key
        if key not in ("publication", "bias_text", "topic"):
            assert (codes[::7] == -1).all() and (codes >= 0).any(), key          # undated: in no period
    for keys in (["publication", "month"], ["year", "publication"], keys[-1:] + ["quarter"]):
        codes, labels = group_labels(meta, keys)        # several keys: label tuples, sorted key by key
        values = pd.DataFrame({k: _group_values(meta, k).to_numpy(dtype=object) for k in keys})
        missing = values.isna().any(axis=1).to_numpy()
        expected = values[~missing].drop_duplicates().sort_values(keys).reset_index(drop=True)
        assert labels.astype(object).equals(expected.astype(object)) and (labels.dtypes == "str").all(), keys
        found = pd.MultiIndex.from_frame(expected).get_indexer(pd.MultiIndex.from_frame(values[~missing]))
        np.testing.assert_array_equal(codes[~missing], found, err_msg=str(keys))
        assert (codes[missing] == -1).all() and missing.any(), keys


@pytest.mark.parametrize("corpus", [("allsides-article-bias", "articles_sample.csv"),
                                    ("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv")])
def test_a_grouping_uses_whole_cells_exactly_when_no_cell_has_two_of_its_groups(corpus):
    """The cell fast path (``Grouper._groups_of_cells``): a group per (publication, month) cell when every
    article of each cell is in the same group (missing included), else None: the per-cell smallest and
    largest code, compared."""
    import toolkit
    from toolkit.index.grouping import Grouper
    meta = CorpusIndex.build(toolkit.load(external_file(*corpus), progress=False), progress=False).meta.copy()
    meta.loc[meta.index[::5], "date"] = pd.NaT
    grouper = Grouper(meta)
    cell, n_cells, sizes = grouper._cell_ids()
    assert sizes.sum() == len(meta) and (sizes > 0).all() and n_cells == len(sizes)
    seen = set()
    for by in (None, "publication", "month", "year", "week", ["publication", "month"], ["year", "publication"]):
        codes = grouper.groups(by).codes
        lo, hi = np.full(n_cells, np.iinfo(np.int64).max), np.full(n_cells, np.iinfo(np.int64).min)
        np.minimum.at(lo, cell, codes)
        np.maximum.at(hi, cell, codes)
        found = grouper._groups_of_cells(by, codes, cell, n_cells)
        if np.array_equal(lo, hi):
            np.testing.assert_array_equal(found, lo, err_msg=str(by))
        else:
            assert found is None, by
        seen.add(found is None)
    assert seen == {True, False}          # weeks split months; publications and years do not
