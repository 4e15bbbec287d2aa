"""Property tests on arbitrary unicode for tokenize, the social entities and features.

Quote-specific properties (pairing, unmatched marks, text without marks has no quotes) live in
tests/text/test_quotes_properties.py; here quotes enter only through features().
"""
from __future__ import annotations

import math

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.featurize import COUNT_COLUMNS, FEATURE_COLUMNS, article_features, features
from toolkit.text.patterns import PREFILTER_SUBSTRINGS

# fragments that steer random text into the interesting branches (PTB joins, URLs, tweets, quotes)
FRAGMENTS = [
    # sigils and PTB splits
    "#", "＃", "@", "＠", "$", " # ", " @ ", " $ ", "FreeMilo", "TWTR", "k_mcq", "n't", " n't", " 's", "'",
    # quote marks and dashes
    "’", "“", "”", '"', "``", "''", " — ", "—", "(", ")",
    # embedded tweet signatures
    " ( @ k_mcq ) ", "July 20 , 2016", " — Katie McHugh (@k_mcq)July 20, 2016",
    " — Katie McHugh (@k_mcq)\xa0July 20, 2016",
    # URLs, spaced and glued, and near misses
    "pic . twitter . com / x", "http://", "https://t.co/abc", "www.", ".com", ". com", ".CoM", ".co", ".uk/x",
    "x.company", "/", ":", "bbc", "twitter .com", "http : //t.co/x", " breitbart . com ", "cnn . org / x",
    "youtu.be/x", "ben@example.com",
    # whitespace and unicode oddities
    "\xa0", " . ", " , ", "\n", "\n\n", "\u200d", "\ufe0f", "\u20e3", "\u212a", "\u017f", "é", "İ", "ß", "ﬁ",
    "\U0001F600", "\U0001F1FA\U0001F1F8", "0", "9", "_", "-", " ",
]
news_like = st.lists(st.one_of(st.text(max_size=6), st.sampled_from(FRAGMENTS)), max_size=40).map("".join)
any_text = st.one_of(st.text(), news_like)
STYLES = st.sampled_from(["auto", "raw", "ptb"])
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=any_text, style=STYLES, lowercase=st.booleans(), drop_punct=st.booleans())
def test_tokenize_never_fails_and_gives_nonempty_tokens(text, style, lowercase, drop_punct):
    tokens = toolkit.tokenize(text, style, lowercase=lowercase, drop_punct=drop_punct)
    assert isinstance(tokens, list)
    assert all(isinstance(t, str) and t and not t.isspace() for t in tokens)
    # lowercase only changes case: same number of tokens as without it
    assert len(tokens) == len(toolkit.tokenize(text, style, drop_punct=drop_punct))


@SETTINGS
@given(text=any_text, style=STYLES)
def test_entities_have_spans_inside_the_text(text, style):
    for func in (toolkit.hashtags, toolkit.handles, toolkit.cashtags):
        for entity in func(text, style):
            assert 0 <= entity.start < entity.end <= len(text)
            assert str(entity) and str(entity) in text[entity.start:entity.end]
            assert entity.key == str(entity).casefold() or entity.key == str(entity).lower()
    assert all(isinstance(u, str) and u for u in toolkit.urls(text, style))


@SETTINGS
@given(text=any_text)
def test_embedded_tweets_rows_point_into_the_text(text):
    tweets = toolkit.embedded_tweets(text)
    assert {"author", "handle", "date", "text", "start", "end"} <= set(tweets.columns)
    for start, end in zip(tweets["start"], tweets["end"]):
        assert 0 <= start < end <= len(text)


@SETTINGS
@given(text=any_text, style=STYLES)
def test_text_without_a_prefilter_substring_has_no_such_entity(text, style):
    # features() skips an extractor on texts without its substrings: that must never change a count
    funcs = {"hashtags": toolkit.hashtags, "handles": toolkit.handles, "cashtags": toolkit.cashtags,
             "urls": toolkit.urls}
    for kind, func in funcs.items():
        stripped = text
        for needle in PREFILTER_SUBSTRINGS[kind]:
            stripped = stripped.replace(needle, " ")
        assert func(stripped, style) == []
    # every URL has a dotted host: without dots, no URL (in either style)
    assert toolkit.urls(text.replace(".", " "), style) == []
    # an embedded tweet's signature has a handle: no at-sign, no tweet
    no_at = text.replace("@", " ").replace("＠", " ")
    assert len(toolkit.embedded_tweets(no_at)) == 0


@SETTINGS
@given(texts=st.lists(any_text, max_size=6))
def test_features_counts_are_nonnegative_and_equal_the_per_text_row(texts):
    table = features(pd.Series(texts, dtype=object), n_jobs=1)
    assert list(table.columns) == list(FEATURE_COLUMNS) and len(table) == len(texts)
    assert (table[list(COUNT_COLUMNS)] >= 0).all().all()
    assert (table["types"] <= table["tokens"]).all()
    for i, text in enumerate(texts):
        row = article_features(text)
        assert table.iloc[i].to_dict() == row
        assert math.isfinite(row["quote_share"]) and row["quote_share"] >= 0
