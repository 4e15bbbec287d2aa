"""embedded_tweets(): hand-written signatures in both styles, real articles, and the sample's ground truth."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.external import external_file
from toolkit.sample import SAMPLE_TRUTH, read_truth
from toolkit.text import embedded_tweets
from toolkit.text.tweets import TWEET_COLUMNS

csv.field_size_limit(1 << 30)
REPO = Path(__file__).resolve().parents[2]
# an independent, deliberately plain description of a signature: `(@handle) Month D, YYYY` in any spacing
SIGNATURE = re.compile(r"\(\s*@\s?\w+\s*\)\s*(?:January|February|March|April|May|June|July|August|September|"
                       r"October|November|December)\s+\d+\s*,\s*\d{4}")


def test_raw_signature_with_em_dash():
    text = "He posted:\nFree speech matters #FreeMilo — Katie McHugh (@k_mcq) July 20, 2016\nThen he left."
    df = embedded_tweets(text)
    assert list(df.columns) == TWEET_COLUMNS and len(df) == 1
    row = df.iloc[0]
    assert (row.author, row.handle, row.text) == ("Katie McHugh", "k_mcq", "Free speech matters #FreeMilo")
    assert row.date == pd.Timestamp("2016-07-20")
    assert text[row.start:row.end] == "Free speech matters #FreeMilo — Katie McHugh (@k_mcq) July 20, 2016"


def test_ptb_signature_and_other_dashes():
    ptb = "Airing of Grievances begins … - Senator Rand Paul ( @ SenRandPaul ) December 23 , 2013"
    two = "First one -- Jane Doe (@jdoe) May 1, 2017  Second one – John Roe (@jroe) Sept. 2, 2017"
    df = pd.concat([embedded_tweets(ptb), embedded_tweets(two)], ignore_index=True)
    assert df[["author", "handle", "text"]].values.tolist() == [
        ["Senator Rand Paul", "SenRandPaul", "Airing of Grievances begins …"],
        ["Jane Doe", "jdoe", "First one"],
        ["John Roe", "jroe", "Second one"],
    ]
    assert df.date.tolist() == [pd.Timestamp("2013-12-23"), pd.Timestamp("2017-05-01"), pd.Timestamp("2017-09-02")]


def test_mojibake_dash_and_hyphenated_author():
    text = "So presidential! â\x80\x94 Natalie Maines (@1NatalieMaines) September 22, 2016 and d-atis — x"
    (row,) = embedded_tweets(text).itertuples()
    assert (row.author, row.handle, row.text) == ("Natalie Maines", "1NatalieMaines", "So presidential!")


def test_signature_alone_on_its_line_takes_the_paragraph_before():
    text = "Intro.\n\nBecause I think so. https://t.co/1e3cWXzOT6\n\n— Alexandria Ocasio-Cortez (@AOC) March 2, 2019"
    (row,) = embedded_tweets(text).itertuples()
    assert row.text == "Because I think so. https://t.co/1e3cWXzOT6" and row.author == "Alexandria Ocasio-Cortez"


def test_long_paragraph_is_cut_at_a_sentence_boundary_to_tweet_length():
    lead = "This sentence is article prose, not the tweet. " * 8
    text = lead + "The tweet itself is short. — A B (@ab) June 1, 2016"
    (row,) = embedded_tweets(text).itertuples()
    assert len(row.text) <= 280 and row.text.endswith("The tweet itself is short.")
    assert text[row.start:].startswith(row.text)


@pytest.mark.parametrize("text, tweet", [
    # a bulleted tweet: the heading and every bullet, not only the last line
    ("Prose.\n\n#BatonRouge shooting:\n\n• 3 officers dead\n\n• 7 injured\n\n— CNN (@CNN) July 17, 2016",
     "#BatonRouge shooting:\n\n• 3 officers dead\n\n• 7 injured"),
    # paragraphs joined by spaces: the article's sentence introducing the tweet with a colon is not the tweet's
    ("He struck again. Trump Jr sent out the following tweet, comparing refugees to Skittles: This image says it "
     "all. #trump2016 — Donald Trump Jr. (@DonaldJTrumpJr) September 19, 2016", "This image says it all. #trump2016"),
    ("Sparks tweeted photos of children. He wrote: \"These aren't Skittles.\" — Jason Sparks (@jsparks) "
     "September 19, 2016", "\"These aren't Skittles.\""),
    # ... nor is a sentence reporting a tweet, nor one before a tweet opening with .@handle
    ("However, the police department tweeted that no phones were taken. We ask the community to be careful. "
     "— CMPD News (@CMPD) September 22, 2016", "We ask the community to be careful."),
    ("Twitter users were not amused. . @DonaldJTrumpJr is this funny to you? — Touré (@Toure) September 19, 2016",
     ". @DonaldJTrumpJr is this funny to you?"),
    ("And my personal favorite: .@DonaldJTrumpJr pic.twitter.com/7IIpy8uujI — A B (@ab) September 20, 2016",
     ".@DonaldJTrumpJr pic.twitter.com/7IIpy8uujI"),
    # the tweet's own colons stay: a label, a retweet, a link at the end, the paragraph's first sentence
    ("Prose.  FOX NEWS ALERT: At least 12 officers injured — Fox News (@FoxNews) September 22, 2016",
     "FOX NEWS ALERT: At least 12 officers injured"),
    ("I know. Here is to 2014 RT @SenRandPaul: I'm the author of the Hemp bill! — Cory Booker (@CoryBooker) "
     "December 23, 2013", "I know. Here is to 2014 RT @SenRandPaul: I'm the author of the Hemp bill!"),
    ("Heartbroken. Read my full statement here: https://t.co/gGHaQfa — X Y (@xy) December 12, 2017",
     "Heartbroken. Read my full statement here: https://t.co/gGHaQfa"),
    ("Prose.\n\nGrievance with my staff: Leave the turtleneck alone. — Rand Paul (@RandPaul) December 23, 2013",
     "Grievance with my staff: Leave the turtleneck alone."),
    ("It rained. Pres. Trump on withdrawing troops from Syria: \"Let someone else fight.\" — ABC (@ABC) "
     "October 7, 2019", "It rained. Pres. Trump on withdrawing troops from Syria: \"Let someone else fight.\""),
    # an earlier tweet's picture ends it; URLs count 23 characters, so a long tweet keeps its first sentence
    ("Old tweet pic.twitter.com/abc New tweet starts here today — A B (@ab) May 1, 2017",
     "New tweet starts here today"),
    ("Heartbroken to hear of the passing of @mayoredlee. " + "He was a true champion for the people. " * 5
     + "https://t.co/" + "a" * 80 + " — X (@x) December 12, 2017",
     "Heartbroken to hear of the passing of @mayoredlee. " + "He was a true champion for the people. " * 5
     + "https://t.co/" + "a" * 80),
])
def test_where_a_tweet_begins(text, tweet):
    (row,) = embedded_tweets(text).itertuples()
    assert row.text == tweet and text[row.start:].startswith(tweet)


def test_real_flattened_article_tweets_begin_where_they_do():
    """BuzzFeed-Webis article 127 (paragraphs joined by spaces, 12 embedded tweets), checked by hand: the
    tweets that began with the article's prose begin with the tweet, the others are unchanged. Left: the
    first tweet still takes the prose sentences before it that fit in 280 characters ('Somehow, that’s what
    the Syrian immigrant “problem” is like.'), which nothing in the text sets apart from the tweet."""
    with open(external_file("buzzfeed-webis-2016", "articles.csv"), encoding="utf-8", newline="") as fh:
        text = [row["mainText"] for row in csv.DictReader(fh)][127]
    found = embedded_tweets(text)
    assert len(found) == 12
    first = found.text.tolist()
    assert first[0].endswith("This image says it all. Let’s end the politically correct agenda that doesn’t put "
                             "America first. #trump2016 pic.twitter.com/9fHwog7ssN")

    assert first[1] == ". @DonaldJTrumpJr is this funny to you you sick piece of shit? pic.twitter.com/2qZbyrTENl"
    assert first[10] == ".@DonaldJTrumpJr pic.twitter.com/7IIpy8uujI"
    assert first[2].startswith("how about this? wanna laugh about this?")


def test_impossible_date_is_nat():
    (row,) = embedded_tweets("Hi — A B (@ab) February 30, 2016").itertuples()
    assert row.handle == "ab" and pd.isna(row.date)


def test_no_date_no_signature():
    assert embedded_tweets("Follow her — Katie McHugh (@k_mcq) — on Twitter").empty
    assert embedded_tweets("").empty and list(embedded_tweets("").columns) == TWEET_COLUMNS


def test_series_adds_the_article_label():
    s = pd.Series({"a": None, "b": "Hi — X Y (@xy) July 1, 2016", "c": "no tweet"})
    df = embedded_tweets(s)
    assert list(df.columns) == ["article", *TWEET_COLUMNS]
    assert df[["article", "handle"]].values.tolist() == [["b", "xy"]]
    assert str(df.date.dtype).startswith("datetime64") and df.start.dtype == "int64"
    assert list(embedded_tweets(pd.Series([], dtype=object)).columns) == ["article", *TWEET_COLUMNS]


@pytest.mark.parametrize("folder, file, column, min_tweets", [
    ("allsides-article-bias", "articles_sample.csv", "content_original", 600),  # raw
    ("allsides-article-bias", "content_tokenized_subset.csv", "content", 120),  # PTB
    ("buzzfeed-webis-2016", "articles.csv", "mainText", 300),  # paragraphs joined by spaces, mojibake dashes
])
def test_real_articles_every_signature_gives_a_tweet(folder, file, column, min_tweets):
    with open(external_file(folder, file), encoding="utf-8", newline="") as fh:
        texts = pd.Series([row[column] for row in csv.DictReader(fh)])
    texts = texts[texts.str.contains("@", regex=False)]
    df = embedded_tweets(texts)
    expected = {(label, m.end()) for label, text in texts.items() for m in SIGNATURE.finditer(text)}
    assert set(zip(df.article, df.end)) == expected and len(df) >= min_tweets
    assert df.date.notna().all() and (df.handle.str.len() > 0).all() and (df.author.str.len() > 0).all()
    for row in df.itertuples():
        text = texts[row.article]
        span = text[row.start:row.end]
        assert span.startswith(row.text) and re.search(rf"\(\s*@ ?{re.escape(row.handle)}\s*\)", span)
    lengths = df.text.str.len()
    print(f"{folder}/{file}: {len(df)} embedded tweets, text length median {lengths.median():.0f}, "
          f"empty {int((lengths == 0).sum())}")
    # as Twitter counts: a link is 23 characters, a picture none (a stretch that cannot be cut is kept whole)
    counted = (df.text.str.replace(r"pic\.twitter\.com/\S+", "", regex=True)
               .str.replace(r"(?:https?://|www\.)\S+", "x" * 23, regex=True).str.len())
    assert (lengths > 0).all() and (counted <= 280).mean() > 0.97


SAMPLE_CSV = REPO / "data" / "sample" / "articles.csv"


def test_embedded_tweets_match_the_sample_ground_truth():
    with open(SAMPLE_CSV, encoding="utf-8", newline="") as fh:
        texts = pd.Series({row["id"]: row["content"] for row in csv.DictReader(fh)})
    want = pd.DataFrame([{"article": r["id"], **t} for r in read_truth(SAMPLE_TRUTH).values()
                         for t in r["embedded_tweets"]])
    got = embedded_tweets(texts)
    assert len(want) > 500
    want["date"] = pd.to_datetime(want["date"])
    cols = ["article", *TWEET_COLUMNS]
    merged = want[cols].merge(got[cols], how="outer", indicator=True)
    exact = int((merged["_merge"] == "both").sum())
    print(f"sample embedded tweets: {exact}/{len(want)} exact rows (author, handle, date, text, start, end); "
          f"{len(got)} found")
    assert exact == len(want) == len(got)


def test_real_bulleted_tweet_keeps_its_heading_and_bullets():
    """AllSides article 2326 (12 embedded tweets, one paragraph per line): a tweet written as a heading and
    bullets, one per paragraph, is all of them (it used to be its last bullet only)."""
    with open(external_file("allsides-article-bias", "articles_sample.csv"), encoding="utf-8", newline="") as fh:
        text = [row["content_original"] for row in csv.DictReader(fh)][2326]
    found = embedded_tweets(text)
    assert len(found) == 12
    bulleted = found[found.text.str.contains("active working scene.'", regex=False)].text.tolist()
    assert bulleted == ["#BatonRouge shooting:\n\n• 3 U.S. officers confirmed dead\n\n• At least 7 are injured\n\n"
                        "• It's an 'active working scene.'https://t.co/CsiULvMamh"]
