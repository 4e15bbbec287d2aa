"""Filters on real metadata: names that forgive (case, spaces, close-name warnings) and undated articles."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from tests.external import external_file
from toolkit.index import CorpusIndex
from toolkit.index.names import UnknownNameWarning, fold


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
            == int((meta["author"] == author).sum()))


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
