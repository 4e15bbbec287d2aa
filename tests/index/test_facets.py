"""Facets: AllSides' ``bias_text`` / ``topic`` (and any label column a corpus has) kept by the index,
filtered with forgiving names and grouped on, checked against pandas over the loaded frame."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import toolkit
from tests.external import external_file
from toolkit.index.facets import facet_frame
from toolkit.index.names import UnknownNameWarning
from toolkit.io import LoadReport


def test_allsides_facets_are_its_label_columns(allsides_corpus):
    df, idx = allsides_corpus
    assert {"topic", "bias_text"} <= set(idx.facets)
    for not_a_facet in ("id", "title", "url", "content", "publication", "author", "date", "tokens",
                        "bias"):                                # (bias: the numbers 0-2, bias_text names them)
        assert not_a_facet not in idx.facets
    for column in idx.facets:                       # same values as loaded, as strings, missing kept missing
        loaded = df[column].astype(object).where(df[column].notna(), None).map(lambda v: v if v is None else str(v))
        assert idx.meta[column].astype(object).where(idx.meta[column].notna(), None).tolist() == loaded.tolist()


def test_facet_filters_match_pandas_ignoring_case(allsides_corpus):
    df, idx = allsides_corpus
    values = df["bias_text"].dropna().unique().tolist()
    assert len(values) >= 3
    for value in values:
        expected = set(np.flatnonzero((df["bias_text"] == value).to_numpy()))
        for spelled in (value, value.upper(), f"  {value.title()} "):
            view = idx.filter(facets={"bias_text": spelled})
            assert set(view.rows) == expected, spelled
    two = values[:2]
    topic = df["topic"].value_counts().index[0]
    expected = (df["bias_text"].isin(two) & (df["topic"] == topic)).to_numpy()
    view = idx.filter(facets={"bias_text": two, "topic": topic})
    assert np.array_equal(view.mask, expected) and view.n_articles > 0
    # a facet filter composes with the others
    pub = df["publication"].value_counts().index[0]
    both = idx.filter(publication=pub, facets={"bias_text": two})
    assert both.n_articles == int((df["bias_text"].isin(two) & (df["publication"] == pub)).sum())


def test_facet_grouping_matches_pandas(allsides_corpus):
    df, idx = allsides_corpus
    counts = idx.source_counts(by="bias_text")
    expected = df["bias_text"].value_counts().sort_index()
    assert counts["bias_text"].tolist() == expected.index.tolist()
    assert counts["articles"].tolist() == expected.tolist()
    terms = idx.filter(facets={"bias_text": "left"}).top_terms(5)
    by = idx.top_terms(5, by="bias_text")
    left = by[by["bias_text"] == "left"].reset_index(drop=True)
    assert left["term"].tolist() == terms["term"].tolist() and left["count"].tolist() == terms["count"].tolist()


def test_unknown_facet_and_value_are_explained(allsides_corpus):
    _, idx = allsides_corpus
    with pytest.raises(ValueError, match=r"'leaning' is not a facet of this corpus; its facets: .*'bias_text'"):
        idx.filter(facets={"leaning": "left"})
    with pytest.raises(ValueError, match="not a facet"):
        idx.filter(facets={"title": "x"})               # a column of its own, not a facet
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert idx.filter(facets={"bias_text": "lean left"}).n_articles == 0
    assert [str(w.message) for w in caught if w.category is UnknownNameWarning] == \
        ["no bias_text named 'lean left'; did you mean 'left'?"]
    with pytest.raises(ValueError, match="cannot group by 'leaning'"):
        idx.top_terms(5, by="leaning")


def test_facets_and_load_report_survive_the_cache(tmp_path, allsides_corpus):
    path = external_file("allsides-article-bias", "articles_sample.csv")
    built = toolkit.CorpusIndex.from_files(path, cache_dir=tmp_path, progress=False)
    again = toolkit.CorpusIndex.from_files(path, cache_dir=tmp_path, progress=False)
    assert again.facets == built.facets and len(built.facets) >= 3
    for column in built.facets:
        pd.testing.assert_series_equal(again.meta[column], built.meta[column])
    assert again.load_report == built.load_report
    assert again.load_report.rows_repaired > 0 and str(again.load_report) == str(built.load_report)
    assert again.source == path
    # a frame written to Parquet and read back holds the report as a plain mapping: still the report
    allsides_corpus[0].to_parquet(tmp_path / "allsides.parquet")
    back = pd.read_parquet(tmp_path / "allsides.parquet")
    assert not isinstance(back.attrs["load_report"], LoadReport)
    rebuilt = toolkit.CorpusIndex.build(back, progress=False, cache_dir=tmp_path / "frames")
    assert rebuilt.load_report == built.load_report
    assert toolkit.CorpusIndex.build(back, progress=False, cache_dir=tmp_path / "frames").load_report == \
        built.load_report                                          # ... and from its cache entry
    # a frame without a report gives an index without one, saved and reopened too
    plain = toolkit.CorpusIndex.build(pd.DataFrame({"content": ["a b", "c"]}), progress=False)
    assert plain.load_report is None
    assert toolkit.CorpusIndex.load(plain.save(tmp_path / "plain")).load_report is None


def test_facet_rules_on_label_and_non_label_columns():
    n = 100
    df = pd.DataFrame({
        "content": ["text"] * n,
        "lang": ["en", "de"] * (n // 2),                     # labels
        "flag": [True, False] * (n // 2),                    # booleans are labels
        "rank": list(range(5)) * (n // 5),                   # numbers are measures or counts, not labels
        "trump_count": [i % 7 for i in range(n)],            # (PolNeAR's counts)
        "year": ["2016", "2017"] * (n // 2),                 # a grouping's name: years come from the dates
        "topic": pd.Categorical(["a", "b"] * (n // 2)),      # categoricals of strings are labels
        "headline": [f"headline {i}" for i in range(n)],     # one value per row: not a facet
        "score": np.linspace(0, 1, n),                       # floats: not a facet
        "constant": ["x"] * n,                               # one value: nothing to choose
        "tags": [["a", "b"]] * n,                            # nested values: not a facet
        "_line": range(n),                                   # the loader's provenance
        "long": ["y" * 300, "z" * 300] * (n // 2),           # values too long to be labels
    })
    kept = facet_frame(df, exclude=["content"])
    assert list(kept.columns) == ["lang", "flag", "topic"]
    assert kept["flag"].cat.categories.tolist() == ["False", "True"]
    idx = toolkit.CorpusIndex.build(df, progress=False)
    assert idx.facets == ["lang", "flag", "topic"]
    assert idx.filter(facets={"flag": True}).n_articles == 50          # a value as given, not only a string
    assert idx.filter(facets={"lang": ["EN", " de "]}).n_articles == 100
    assert idx.source_counts(by="year")["year"].tolist() == []          # no dates: "year" is the period


def test_polnear_counts_are_not_facets():
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False)
    counts = [c for c in df.columns if c.endswith("_count")]
    idx = toolkit.CorpusIndex.build(df, progress=False)
    assert not set(counts) & set(idx.facets)
