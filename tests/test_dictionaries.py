"""Dictionary counts on real news, checked against regular-expression counts over the texts."""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import stats
from toolkit.index import CorpusIndex
from toolkit.stats.dictionaries import parse_dictionary
from tests.external import external_file

# a token boundary: not inside a word, a contraction, a hyphenated compound or a #hashtag/@handle (a word
# glued to a number, "30,000e-mails", is a token of its own)
LEFT, RIGHT = r"(?<![^\W\d]|[_#@$-])(?<!\w['’])", r"(?![\w-]|['’]\w)"


@pytest.fixture(scope="module")
def polnear() -> tuple[pd.DataFrame, CorpusIndex]:
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False)
    return df, CorpusIndex.build(df, progress=False)


def regex_counts(df: pd.DataFrame, pattern: str) -> pd.Series:
    found = df["content"].fillna("").map(lambda t: len(re.findall(pattern, t, flags=re.IGNORECASE)))
    return found.groupby(df["publication"].astype(str)).sum()


def test_dictionary_counts_equal_regex_counts_over_the_texts(polnear):
    df, idx = polnear
    dictionary = {"economy": ["econom*", "jobs", "inflation"], "immigration": ["immigra*", "border", "wall"],
                  "places": ["white house"]}
    table = stats.dictionary_counts(idx, dictionary, by="publication")
    assert table.columns.tolist() == ["publication", "category", "count", "per_10k", "doc_freq", "articles",
                                      "tokens"]
    patterns = {
        "economy": LEFT + r"(?:econom[\w'’.-]*\w|jobs|inflation)" + RIGHT,
        "immigration": LEFT + r"(?:immigra[\w'’.-]*\w|immigra|border|wall)" + RIGHT,
        "places": r"\bwhite\W+house\b",
    }
    for category, pattern in patterns.items():
        expected = regex_counts(df, pattern)
        ours = table[table["category"] == category].set_index("publication")["count"]
        assert ours.to_dict() == expected.reindex(ours.index).to_dict(), category
        assert ours.sum() > 20
    rows = table[table["category"] == "economy"]
    np.testing.assert_allclose(rows["per_10k"], rows["count"] / rows["tokens"] * 10_000)
    assert (rows["doc_freq"] <= rows["articles"]).all() and (rows["doc_freq"] > 0).all()


def test_a_view_counts_only_its_articles_and_groups_by_month(polnear):
    df, idx = polnear
    view = idx.filter(keyword="clinton")
    table = stats.dictionary_counts(view, {"email": ["e-mail*", "email*"]}, by=None)
    texts = view.texts()
    pattern = LEFT + r"e-?mail[\w'’.-]*\w?" + RIGHT
    assert table["count"].tolist() == [sum(len(re.findall(pattern, t, flags=re.IGNORECASE)) for t in texts)]
    assert table["articles"].tolist() == [view.n_articles]
    by_month = stats.dictionary_counts(view, {"email": ["email*"]}, by="month")
    assert by_month["articles"].sum() <= view.n_articles and list(by_month.columns)[:2] == ["month", "category"]


def test_dictionary_files_and_nested_yaml(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text("economy:\n  - econom*\n  - jobs\ncrime:\n  violent: [murder*, assault]\n", encoding="utf-8")
    assert parse_dictionary(path) == {"economy": ["econom*", "jobs"], "crime.violent": ["murder*", "assault"]}
    as_json = tmp_path / "topics.json"
    as_json.write_text(json.dumps({"economy": "jobs"}), encoding="utf-8")
    assert parse_dictionary(str(as_json)) == {"economy": ["jobs"]}
    assert parse_dictionary("economy: [jobs]") == {"economy": ["jobs"]}
    for bad, message in [("{}", "non-empty"), ('{"a": [1, 2]}', "must list words"), ('{"a": ["new *"]}', "wildcards"),
                         ("a: [b", "neither JSON nor YAML"), (str(tmp_path / "none.yml"), "does not exist")]:
        with pytest.raises(ValueError, match=message):
            parse_dictionary(bad)


def test_category_counts_by_blocks_equal_the_whole_product(polnear, monkeypatch):
    import scipy.sparse as sp
    import toolkit.stats.dictionaries as dictionaries
    from toolkit.index.row_blocks import cell_blocks, row_blocks
    _, idx = polnear
    m = idx.matrices["terms"]
    cols = m.columns(["trump", "clinton", "said", "election", "campaign"])
    assert (cols >= 0).all()
    W = sp.csr_matrix((np.ones(6, dtype=np.int64), (np.r_[cols, cols[0]], [0, 0, 1, 1, 1, 1])),
                      shape=(m.X.shape[1], 2))                        # "trump" in both categories
    whole = (m.X @ W).toarray().astype(np.int64)
    monkeypatch.setattr(dictionaries, "cell_blocks", lambda X: cell_blocks(X, 5_000))
    assert len(row_blocks(m.X.indptr, 5_000)) > 20
    np.testing.assert_array_equal(dictionaries.category_counts(m.X, W), whole)
    assert whole[:, 0].sum() > 100 and whole[:, 1].sum() > 1000
