"""df.news / s.news: the same results as the toolkit functions, on real articles."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import toolkit
from tests.external import external_file


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    """Real articles with tweets, handles and quotes (polnear), index shuffled to check alignment."""
    frame = pd.read_csv(external_file("polnear", "polnear_articles.csv"), dtype=str, keep_default_na=False)
    social = frame[frame["content"].str.contains("@|#|twitter", regex=True)].head(15)
    plain = frame.drop(index=social.index).sample(15, random_state=1)
    picked = pd.concat([social, plain]).sample(frac=1, random_state=2)
    picked.index = [f"art-{i}" for i in range(len(picked), 0, -1)]
    return picked.rename(columns={"content": "body"}).assign(content=lambda d: d["body"])


def test_importing_the_features_module_registers_the_accessors():
    code = ("import pandas as pd, toolkit.featurize; "
            "print(hasattr(pd.Series, 'news'), hasattr(pd.DataFrame, 'news'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]


def test_registering_is_cheap_it_does_not_load_the_text_functions():
    code = ("import sys, toolkit.accessor, pandas as pd; "
            "print(hasattr(pd.DataFrame, 'news'), 'toolkit.text' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


@pytest.mark.parametrize("method", ["tokenize", "hashtags", "handles", "cashtags", "urls", "quotes",
                                    "count_quotes"])
def test_series_and_frame_accessors_equal_the_toolkit_functions(articles, method):
    import toolkit.accessor  # noqa: F401

    expected = getattr(toolkit, method)(articles["content"])
    from_series = getattr(articles["content"].news, method)()
    from_frame = getattr(articles.news, method)()
    from_other_column = getattr(articles.news, method)(column="body")
    for got in (from_series, from_frame, from_other_column):
        assert got.index.equals(articles.index)
        assert got.map(lambda v: [str(x) for x in v] if isinstance(v, list) else v).tolist() == \
            expected.map(lambda v: [str(x) for x in v] if isinstance(v, list) else v).tolist()


def test_accessor_options_reach_the_function(articles):
    got = articles.news.tokenize(lowercase=True, drop_punct=True)
    assert got.tolist() == toolkit.tokenize(articles["content"], lowercase=True, drop_punct=True).tolist()
    assert articles.news.hashtags(style="raw").tolist() == toolkit.hashtags(articles["content"], "raw").tolist()


def test_embedded_tweets_and_features_through_the_accessor(articles):
    tweets = articles.news.embedded_tweets()
    pd.testing.assert_frame_equal(tweets, toolkit.embedded_tweets(articles["content"]))
    table = articles.news.features(n_jobs=1)
    pd.testing.assert_frame_equal(table, toolkit.features(articles))
    pd.testing.assert_frame_equal(articles["body"].news.features(), table)


def test_missing_text_column_is_a_clear_error():
    frame = pd.DataFrame({"text": ["a"]})
    import toolkit.accessor  # noqa: F401
    with pytest.raises(KeyError, match="content"):
        frame.news.hashtags()
    with pytest.raises(TypeError, match="Series"):
        frame["text"].news.hashtags(column="text")
