"""A filtered subcorpus as a table and as a file that ``toolkit.load`` reads back to the same articles."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit
from tests.external import external_file
from toolkit.featurize import FEATURE_COLUMNS
from toolkit.index import CorpusIndex


@pytest.fixture(scope="module")
def polnear() -> tuple[pd.DataFrame, CorpusIndex]:
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False)
    return df, CorpusIndex.build(df, progress=False)


def test_to_frame_is_the_selected_rows_with_their_text(polnear):
    df, idx = polnear
    publication = df["publication"].value_counts().index[1]
    view = idx.filter(publication=publication, keyword="immigration")
    frame = view.to_frame()
    expected = df.iloc[view.rows]                                   # (test_filters.py checks which rows)
    assert (expected["publication"] == publication).all()
    assert 0 < len(frame) == len(expected) == view.n_articles
    assert frame.index.tolist() == expected.index.tolist()           # rows of the corpus
    assert frame["content"].tolist() == expected["content"].fillna("").tolist()
    assert frame["title"].tolist() == expected["title"].tolist()
    assert set(FEATURE_COLUMNS) <= set(frame.columns)
    assert not set(FEATURE_COLUMNS) & set(view.to_frame(features=False).columns)


@pytest.mark.parametrize("name", ["subset.csv", "subset.tsv.gz", "subset.jsonl", "subset.parquet"])
def test_an_export_loads_back_to_the_same_articles(polnear, tmp_path, name):
    df, idx = polnear
    view = idx.filter(start="2016-09-01", end="2016-10-31")
    path = view.export(tmp_path / name)
    back = toolkit.load(path, progress=False)
    frame = view.to_frame()
    assert len(back) == view.n_articles > 50
    assert back["content"].fillna("").tolist() == frame["content"].tolist()
    assert back["publication"].astype(str).tolist() == frame["publication"].astype(str).tolist()
    assert back["title"].fillna("").tolist() == frame["title"].fillna("").tolist()
    assert (pd.to_datetime(back["date"]).to_numpy() == frame["date"].to_numpy()).all()
    assert np.array_equal(back["quotes"].to_numpy(dtype=np.int64), frame["quotes"].to_numpy(dtype=np.int64))


def test_an_existing_file_is_kept_and_unknown_formats_are_named(polnear, tmp_path):
    _, idx = polnear
    path = tmp_path / "mine.csv"
    path.write_text("my own notes\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="mine.csv"):
        idx.export(path)
    assert path.read_text(encoding="utf-8") == "my own notes\n"
    idx.export(path, overwrite=True)
    assert len(toolkit.load(path, progress=False)) == idx.n_articles
    with pytest.raises(ValueError, match="unknown export format.*csv"):
        idx.export(tmp_path / "out.xlsx")
    with pytest.raises(ValueError, match="Parquet compresses itself"):
        idx.export(tmp_path / "out.parquet.gz")


@pytest.mark.parametrize("name", ["hostile.csv", "hostile.jsonl.xz"])
def test_quotes_line_breaks_and_markup_survive_the_round_trip(tmp_path, name):
    texts = ['He said, "we won."\nThen:\r\n\n“left”', "<script>alert(1)</script> a\tb", "", "=SUM(A1) ,,, \"\"",
             "Ünïcode — emoji 😀 and \u2028 separators"]
    df = pd.DataFrame({"publication": ["A, Inc.", 'The "Times"', "x", "x", "y"], "content": texts,
                       "date": ["2016-01-02", None, "2016-03-04", "2016-03-04", "2016-05-06"]})
    idx = CorpusIndex.build(df, progress=False)
    back = toolkit.load(idx.export(tmp_path / name), progress=False)
    assert back["content"].fillna("").tolist() == texts
    assert back["publication"].astype(str).tolist() == df["publication"].tolist()
    assert back["date"].isna().tolist() == [False, True, False, False, False]
