"""tokenize(): raw and PTB styles give comparable tokens; options; agreement with NLTK's TweetTokenizer."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from nltk.tokenize import TweetTokenizer

from tests.external import external_file
from toolkit.sample import SAMPLE_TRUTH, read_truth
from toolkit.text import detect_style, tokenize
from toolkit.text.stopwords import bundled_stopwords, english_stopwords, resolve_stopwords

csv.field_size_limit(1 << 30)
REPO = Path(__file__).resolve().parents[2]


def _straight(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


# ---------------------------------------------------------------------------------------------- raw vs PTB
@pytest.mark.parametrize("raw, ptb", [
    ("We don't know.", "We do n't know ."),
    ("We don’t know.", "We do n’t know ."),
    ("We can't, won't, cannot.", "We ca n't , wo n't , can not ."),
    ("It’s Trump’s.", "It ’ s Trump ’ s ."),  # curly apostrophe split off on both sides
    ("I'm gonna say “no.”", "I 'm gon na say `` no . ''"),
    ("Join #FreeMilo now", "Join # FreeMilo now"),
    ("Buy $TWTR today", "Buy $ TWTR today"),
    ("Ask @k_mcq (@SenRandPaul)", "Ask @ k_mcq ( @ SenRandPaul )"),
    ("See pic.twitter.com/AbC123 or http://t.co/x1", "See pic . twitter . com / AbC123 or http : //t.co/x1"),
    ("In the U.S. Ambassador O'Reilly said", "In the U.S . Ambassador O ' Reilly said"),
    ("at 8 p.m. They", "at 8 p.m . They"),
])
def test_raw_and_ptb_give_the_same_tokens(raw, ptb):
    assert tokenize(raw, style="raw") == tokenize(ptb, style="ptb")
    assert tokenize(raw) == tokenize(ptb)  # auto detects each style


def test_canonical_forms_are_documented_ones():
    tokens = tokenize("He said: “Don’t email ben@example.com or visit https://x.com/a?b=1, it’s #1.”")
    assert tokens == ["He", "said", ":", '"', "Don't", "email", "ben@example.com", "or", "visit",
                      "https://x.com/a?b=1", ",", "it's", "#", "1", ".", '"']


def test_spaced_money_and_numbers_are_not_joined_into_entities():
    assert tokenize("It cost $ 5 , or # 1 .", style="ptb") == ["It", "cost", "$", "5", ",", "or", "#", "1", "."]
    assert tokenize("It cost $5, or #1.", style="raw") == ["It", "cost", "$", "5", ",", "or", "#", "1", "."]


def test_location_suffix_is_not_glued_into_a_handle():
    assert tokenize("Fun night @ Water Wall", style="ptb") == ["Fun", "night", "@", "Water", "Wall"]


def test_real_ptb_articles_tokenize_like_their_raw_originals():
    # AllSides: 1,000 articles both raw (articles_sample) and PTB-tokenized (content_tokenized_subset)
    with open(external_file("allsides-article-bias", "articles_sample.csv"), encoding="utf-8", newline="") as fh:
        raw = {r["ID"]: r["content_original"] for r in csv.DictReader(fh)}
    with open(external_file("allsides-article-bias", "content_tokenized_subset.csv"), encoding="utf-8",
              newline="") as fh:
        pairs = [(r["content"], raw[r["ID"]]) for r in csv.DictReader(fh)]
    assert sum(detect_style(p) == "ptb" for p, _ in pairs) >= 995  # measured 999 (one transcript of "..." only)
    pairs = pairs[:300]  # enough for the measure, and fast
    found = total = 0
    for ptb, original in pairs:
        # the PTB version masks source names with █ and drops captions/boilerplate, so measure containment:
        # how many of its tokens the raw article has too
        ptb_tokens = Counter(t for t in tokenize(ptb) if "█" not in t)
        found += sum((ptb_tokens & Counter(tokenize(original))).values())
        total += sum(ptb_tokens.values())
    print(f"AllSides PTB tokens also produced from the raw article: {found / total:.4%} of {total}")
    assert found / total >= 0.999  # measured 99.98 % (99.975 % over all 1,000 pairs)


def test_style_detection_on_real_and_sample_corpora():
    with open(external_file("polnear", "polnear_articles.csv"), encoding="utf-8", newline="") as fh:
        polnear = [r["content"] for r in csv.DictReader(fh)]
    with open(external_file("buzzfeed-webis-2016", "articles.csv"), encoding="utf-8", newline="") as fh:
        buzzfeed = [r["mainText"] for r in csv.DictReader(fh)]
    assert set(detect_style(pd.Series(polnear + buzzfeed))) == {"raw"}
    if SAMPLE_TRUTH.exists():
        with open(REPO / "data" / "sample" / "articles.csv", encoding="utf-8", newline="") as fh:
            texts = {r["id"]: r["content"] for r in csv.DictReader(fh)}
        records = list(read_truth(SAMPLE_TRUTH).values())
        assert all(detect_style(texts[r["id"]]) == r["style"] for r in records)


# ---------------------------------------------------------------------------------------------- NLTK agreement
# Documented differences from TweetTokenizer on raw text (module docstring of toolkit/text/tokens.py):
DOCUMENTED_DIFFERENCES = [
    # (text, ours, TweetTokenizer's)
    ("It’s", ["It's"], ["It", "’", "s"]),  # curly apostrophes straightened, contraction kept whole
    ("“Hi”", ['"', "Hi", '"'], ["“", "Hi", "”"]),  # curly double quotes straightened
    ("the U.S. said", ["the", "U.S.", "said"], ["the", "U", ".", "S", ".", "said"]),  # dotted abbreviations
    ("$TWTR", ["$TWTR"], ["$", "TWTR"]),  # cashtags
    # hashtags as hashtags() finds them: a letter needed, no apostrophe or hyphen inside
    ("#NeverTrump's #10", ["#NeverTrump", "'", "s", "#", "10"], ["#NeverTrump's", "#10"]),
    ("1,234,567 on 7/20/2016", ["1,234,567", "on", "7/20/2016"], ["1,234", ",", "567", "on", "7/20", "/", "2016"]),
    ("(section 8)", ["(", "section", "8", ")"], ["(", "section", "8)"]),  # no emoticons (TT: "8)")
    ("call 202-456-1111", ["call", "202-456-1111"], ["call", "202-456-1111"]),  # same here, but ...
    ("call 202 456 1111", ["call", "202", "456", "1111"], ["call", "202 456 1111"]),  # ... no phone numbers
    ("A &amp; B", ["A", "&", "amp", ";", "B"], ["A", "&", "B"]),  # no HTML entity decoding
    ("wow!!!!!", ["wow", "!", "!", "!", "!", "!"], ["wow", "!", "!", "!"]),  # no shortening of !!!!!
    ("see end.It was", ["see", "end", ".", "It", "was"], ["see", "end.It", "was"]),  # bare domains need a TLD
]


@pytest.mark.parametrize("text, ours, theirs", DOCUMENTED_DIFFERENCES)
def test_documented_differences_from_tweettokenizer_are_real(text, ours, theirs):
    assert tokenize(text, style="raw") == ours
    assert TweetTokenizer().tokenize(text) == theirs


def test_raw_tokens_agree_with_nltk_tweettokenizer_on_real_articles():
    with open(external_file("allsides-article-bias", "articles_sample.csv"), encoding="utf-8", newline="") as fh:
        texts = [r["content_original"] for _, r in zip(range(100), csv.DictReader(fh))]
    with open(external_file("polnear", "polnear_articles.csv"), encoding="utf-8", newline="") as fh:
        texts += [r["content"] for _, r in zip(range(60), csv.DictReader(fh))]
    nltk = TweetTokenizer()
    shared = shared_straight = longest = longest_straight = 0
    for text in texts:
        ours = Counter(tokenize(text, style="raw"))
        theirs = Counter(nltk.tokenize(text))
        theirs_straight = Counter(nltk.tokenize(_straight(text)))  # apostrophes/quotes as we normalise them
        shared += sum((ours & theirs).values())
        longest += max(sum(ours.values()), sum(theirs.values()))
        shared_straight += sum((ours & theirs_straight).values())
        longest_straight += max(sum(ours.values()), sum(theirs_straight.values()))
    print(f"token agreement with TweetTokenizer over {len(texts)} real articles: {shared / longest:.2%} as is, "
          f"{shared_straight / longest_straight:.2%} once curly quotes are straightened for it too")
    # measured 95.8 % (these 160 articles): mostly `Trump’s` kept whole where TT gives `Trump ’ s`
    assert shared / longest >= 0.94
    # measured 99.2 %: the rest is DOCUMENTED_DIFFERENCES (U.S./p.m., emoticons, numbers, phone numbers)
    assert shared_straight / longest_straight >= 0.985


# ---------------------------------------------------------------------------------------------- options
def test_lowercase_drop_punct_min_len():
    text = "The #FreeMilo rally, in the U.S., didn't stop!"
    assert tokenize(text, lowercase=True, drop_punct=True) == ["the", "#freemilo", "rally", "in", "the", "u.s.",
                                                                "didn't", "stop"]
    assert tokenize(text, drop_punct=True, min_len=5) == ["#FreeMilo", "rally", "didn't"]


def test_stopwords_bundled_custom_and_case_insensitive():
    text = "The rally in Ohio didn’t stop"
    assert tokenize(text, stopwords=True) == ["rally", "Ohio", "stop"]
    assert tokenize(text, stopwords="english") == tokenize(text, stopwords=True)
    assert tokenize(text, stopwords=["ohio", "RALLY"]) == ["The", "in", "didn't", "stop"]
    assert tokenize(text, stopwords=None) == tokenize(text, stopwords=False) == tokenize(text)
    with pytest.raises(ValueError, match="stopword"):
        tokenize(text, stopwords="klingon")


def test_bundled_stopword_list_is_used_without_nltk_data():
    words = bundled_stopwords()
    assert {"the", "and", "don't", "isn't", "you're"} <= words and not {"news", "trump", "said"} & words
    assert english_stopwords() >= {"the", "and"} and resolve_stopwords(None) == frozenset()


def test_ngrams_int_and_range_after_filters():
    assert tokenize("a b c", ngrams=2) == ["a b", "b c"]
    assert tokenize("a b c", ngrams=(1, 2)) == ["a", "b", "c", "a b", "b c"]
    assert tokenize("the big dog", ngrams=2, stopwords=True) == ["big dog"]
    assert tokenize("one", ngrams=3) == []
    for bad in (0, (2, 1), (0, 2)):
        with pytest.raises(ValueError, match="ngrams"):
            tokenize("a b", ngrams=bad)


def test_collapse_repeats_folds_coreference_doubles_only():
    text = "Twitter Twitter said Okafor Okafor told Donald Trump Donald Trump it was very very bad , no no ."
    assert tokenize(text, collapse_repeats=True) == [
        "Twitter", "said", "Okafor", "told", "Donald", "Trump", "it", "was", "very", "very", "bad", ",", "no", "no",
        "."]
    assert tokenize("@CNN @cnn #Tag #tag", collapse_repeats=True) == ["@CNN", "#Tag"]
    assert tokenize("Twitter Twitter", collapse_repeats=True, lowercase=True) == ["twitter"]
    # with the punctuation in place: a name repeated across a full stop is two mentions, also without punctuation
    assert tokenize("behind you . You got Trump , Trump Trump", collapse_repeats=True, drop_punct=True) == [
        "behind", "you", "You", "got", "Trump", "Trump"]


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="style"):
        tokenize("x", style="penn")
    with pytest.raises(ValueError, match="min_len"):
        tokenize("x", min_len=0)


@pytest.mark.parametrize("dtype", ["object", "string[python]", "string[pyarrow]", "category"])
def test_series_in_series_out_on_the_same_index(dtype):
    values = ["Don't go", None, float("nan"), ""] if dtype == "object" else ["Don't go", None, None, ""]
    s = pd.Series(values, index=["a", "b", "c", "d"], name="content", dtype=dtype)
    out = tokenize(s, lowercase=True)
    assert list(out.index) == ["a", "b", "c", "d"] and out.name == "content"
    assert out.tolist() == [["don't", "go"], [], [], []]
    assert tokenize(pd.Series([], dtype=object)).tolist() == []
