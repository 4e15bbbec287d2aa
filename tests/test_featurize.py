"""toolkit.features: one row per article, exactly the numbers of the per-text functions, on real articles."""
from __future__ import annotations

import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from tests.external import external_file
from toolkit.featurize import (COUNT_COLUMNS, ENTITY_COLUMNS, FEATURE_COLUMNS, article_features, features,
                               featurize_texts)

REPO_SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "articles.csv"

# (folder, file, text column) of real corpora in ../shared/data/external
REAL_CORPORA = {
    "polnear": ("polnear", "polnear_articles.csv", "content"),
    "buzzfeed": ("buzzfeed-webis-2016", "articles.csv", "mainText"),
    "allsides_ptb": ("allsides-article-bias", "content_tokenized_subset.csv", "content"),
}
# articles containing one of these are always in the checked subset, so every extractor is exercised
INTERESTING = ("#", "@", "$", "http", "pic", "twitter", "—", "``", "“", '"')


def _subset(texts: pd.Series, n_random: int = 25, per_marker: int = 6, seed: int = 3) -> pd.Series:
    """Real articles that exercise each extractor, plus a random draw; original index labels kept."""
    picked: list = []
    for marker in INTERESTING:
        hits = texts[texts.str.contains(marker, regex=False)]
        picked.extend(hits.index[:per_marker])
    rest = texts.drop(index=picked)
    picked.extend(rest.sample(min(n_random, len(rest)), random_state=seed).index)
    return texts.loc[list(dict.fromkeys(picked))]


def _reference(text: str) -> dict[str, float]:
    """The feature row written out from the public per-text functions."""
    found = toolkit.quotes(text)
    tokens = toolkit.tokenize(text)
    n_tokens = len(tokens)
    quoted = sum(q.words for q in found)
    return {
        "tokens": n_tokens,
        "types": len({t.lower() for t in tokens}),
        "quotes": toolkit.count_quotes(text),
        "quoted_words": quoted,
        "hashtags": len(toolkit.hashtags(text)),
        "handles": len(toolkit.handles(text)),
        "cashtags": len(toolkit.cashtags(text)),
        "urls": len(toolkit.urls(text)),
        "embedded_tweets": len(toolkit.embedded_tweets(text)),
        "quote_share": quoted / n_tokens if n_tokens else 0.0,
    }


def _real_texts(name: str) -> pd.Series:
    folder, file, column = REAL_CORPORA[name]
    frame = pd.read_csv(external_file(folder, file), dtype=str, keep_default_na=False)
    return _subset(frame[column].astype("str"))


def _assert_matches_reference(texts: pd.Series) -> pd.DataFrame:
    got = features(texts, n_jobs=1)
    assert list(got.columns) == list(FEATURE_COLUMNS)
    assert got.index.equals(texts.index)
    want = pd.DataFrame([_reference(t) for t in texts], index=texts.index)[list(FEATURE_COLUMNS)]
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    return got


@pytest.mark.parametrize("name", sorted(REAL_CORPORA))
def test_features_equal_per_text_functions_on_real_articles(name):
    texts = _real_texts(name)
    got = _assert_matches_reference(texts)
    # the checked subset really exercises the extractors (a corpus where they all find nothing proves little)
    assert ((got["tokens"] > 0) == (texts.str.strip() != "")).all()
    assert got["quotes"].sum() > 0 and got["quoted_words"].sum() > got["quotes"].sum()
    assert (got["hashtags"] + got["handles"] + got["urls"]).sum() > 0


def test_features_equal_per_text_functions_on_bundled_sample():
    frame = pd.read_csv(REPO_SAMPLE, dtype=str, keep_default_na=False)
    texts = _subset(frame["content"].astype("str"))
    got = _assert_matches_reference(texts)
    assert got["quotes"].sum() > 0


def test_parallel_workers_give_the_same_table_as_in_process():
    texts = pd.concat([_real_texts("polnear"), _real_texts("allsides_ptb")])
    texts.index = [f"a{i}" for i in range(len(texts))]
    one = features(texts, n_jobs=1)
    two = features(texts, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)


def test_entity_keys_handed_back_equal_the_extractors():
    texts = pd.concat([_real_texts("polnear"), _real_texts("allsides_ptb")])
    found: dict = {}
    counts = featurize_texts(texts.tolist(), entities=found)
    for kind in ENTITY_COLUMNS:
        expected = getattr(toolkit, kind)(texts).tolist()
        got = found[kind]
        assert got == [[e.key for e in row] for row in expected]
        assert all(isinstance(key, str) and type(key) is str for row in got for key in row)
        assert [len(row) for row in got] == counts[:, COUNT_COLUMNS.index(kind)].tolist()
    assert sum(map(len, found["handles"])) > 0 and sum(map(len, found["hashtags"])) > 0


def test_article_features_is_one_row_of_features():
    texts = _real_texts("buzzfeed").iloc[:20]
    table = features(texts)
    for label, text in texts.items():
        assert article_features(text) == pytest.approx(table.loc[label].to_dict())


def test_dataframe_input_uses_text_column_and_keeps_index():
    frame = pd.DataFrame({"content": ["Hi @jack #tbt", None, ""], "body": ["“Yes,” she said.", "a b", None]},
                         index=["x", "y", "z"])
    by_content = features(frame)
    assert list(by_content.index) == ["x", "y", "z"]
    assert by_content.loc["x", "handles"] == len(toolkit.handles("Hi @jack #tbt")) == 1
    assert by_content.loc[["y", "z"], list(COUNT_COLUMNS)].to_numpy().sum() == 0   # missing/empty → zeros
    by_body = features(frame, text_column="body")
    assert by_body.loc["x", "quotes"] == 1
    assert by_body.loc["y", "tokens"] == len(toolkit.tokenize("a b"))


@pytest.mark.parametrize("text", [
    "Free Milo now — Katie McHugh (@k_mcq) July 20, 2016\nMore text.",
    "Free Milo now — Katie McHugh (@k_mcq)\xa0July 20, 2016",
    "Free Milo now — Katie McHugh (@k_mcq)July 20, 2016",
    "He said , `` Free Milo '' — Katie McHugh ( @ k_mcq ) July 20 , 2016 .",
    "Mail ben@example.com or see pic . twitter . com / AbC and $ TWTR # FreeMilo @ SenRandPaul",
])
def test_edge_cases_of_the_shortcuts_match_the_per_text_functions(text):
    row = features(text).iloc[0].to_dict()
    assert row == pytest.approx(_reference(text))


def test_dtypes_and_quote_share():
    texts = pd.Series(['He said "we will win the vote" today.', "", "No quotes at all."])
    table = features(texts)
    assert all(table[c].dtype == np.int64 for c in COUNT_COLUMNS)
    assert table["quote_share"].dtype == np.float64
    assert table.loc[0, "quote_share"] == table.loc[0, "quoted_words"] / table.loc[0, "tokens"] > 0
    assert table.loc[1, "quote_share"] == 0.0 and table.loc[1, "tokens"] == 0
    assert table.loc[2, "quote_share"] == 0.0


def test_single_string_and_empty_series():
    one = features("Buy $TWTR now")
    assert one.shape == (1, len(FEATURE_COLUMNS)) and one.loc[0, "cashtags"] == 1
    empty = features(pd.Series([], dtype="str"))
    assert empty.empty and list(empty.columns) == list(FEATURE_COLUMNS)


def test_bad_arguments_say_what_is_wrong():
    with pytest.raises(KeyError, match="text_column"):
        features(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(ValueError, match="n_jobs"):
        features(pd.Series(["x"]), n_jobs=0)
    with pytest.raises(TypeError, match="DataFrame, a Series"):
        features(42)


def test_toolkit_features_is_the_function_and_toolkit_featurize_the_module():
    import toolkit.featurize as module  # no submodule is named features: nothing rebinds the attribute

    assert toolkit.features is module.features and isinstance(toolkit.featurize, types.ModuleType)
    assert toolkit.featurize is module and callable(toolkit.features)
    texts = pd.Series(["Hi @jack", "“Yes,” she said."])
    pd.testing.assert_frame_equal(toolkit.features(texts), module.features(texts))
