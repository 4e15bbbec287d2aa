"""Hashtags, handles, cashtags and URLs: hand-made edge cases, real tweets and real PTB/raw article pairs.

The twitter-text conformance suite runs in tests/text/test_twitter_conformance.py; the bundled sample's ground
truth is checked at the end of this file.
"""
from __future__ import annotations

import csv
import pickle
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from tests.external import external_file
from toolkit.sample import SAMPLE_TRUTH, read_truth
from toolkit.text import Entity, cashtags, handles, hashtags, unicode_classes, urls
from toolkit.text.patterns import may_have_cashtags, may_have_handles, may_have_hashtags
from toolkit.text.unicode_classes import UNICODE_VERSION

csv.field_size_limit(1 << 30)
REPO = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------------------------- Entity
def test_entity_is_the_bare_name_with_key_and_offsets_of_sigil_plus_name():
    text = "Join us at #FreeMilo and ask @K_McQ about $TWTR"
    (tag,), (handle,), (cash,) = hashtags(text), handles(text), cashtags(text)
    assert (tag, tag.key, text[tag.start:tag.end]) == ("FreeMilo", "freemilo", "#FreeMilo")
    assert (handle, handle.key, text[handle.start:handle.end]) == ("K_McQ", "k_mcq", "@K_McQ")
    assert (cash, cash.key, text[cash.start:cash.end]) == ("TWTR", "twtr", "$TWTR")
    assert isinstance(tag, str) and isinstance(tag, Entity) and {tag: 1}["FreeMilo"] == 1


def test_entity_survives_pickling_with_its_offsets():
    (tag,) = hashtags("a #Tag")
    back = pickle.loads(pickle.dumps(tag))
    assert (back, back.key, back.start, back.end) == ("Tag", "tag", 2, 6)


# ---------------------------------------------------------------------------------------------- raw rules
@pytest.mark.parametrize("text, expected", [
    ("#1 and #2016 are numbers, #2016election is a tag", ["2016election"]),
    ("x#glued &#38; (#paren) #end.", ["paren", "end"]),
    ("see http://twitter.com/#notatag and twitter.com/#neither", []),
    ("#a#b", []),  # a hashtag followed by another sign is none (twitter-text endHashtagMatch)
    ("“#quoted”", ["quoted"]),
    ("#naïve #Ação #日本", ["naïve", "Ação", "日本"]),
])
def test_raw_hashtags_follow_twitter_text(text, expected):
    assert hashtags(text, style="raw") == expected


@pytest.mark.parametrize("text, expected", [
    ("mail ben@example.com or ben.smith@example.co.uk", []),  # e-mails are not handles
    ("https://twitter.com/@twitter/status/1 and medium.com/@writer/post", []),  # inside URLs
    ("RT @jack: hi .@dick (@biz) @@nope @ok@no", ["jack", "dick", "biz"]),
    ("@user/list-name is a list", ["user"]),
    # twitter-text would take the first 20 characters; a longer name is a lost space (@politicaltickerFollow)
    ("@this_name_is_longer_than_twenty @twenty_characters_ok", ["twenty_characters_ok"]),
])
def test_raw_handles_follow_twitter_text(text, expected):
    assert handles(text, style="raw") == expected


@pytest.mark.parametrize("text, expected", [
    ("$TWTR rose, $goog.x fell; $BRK_B flat", ["TWTR", "goog.x", "BRK_B"]),
    ("$5 or $5.99 or US$AAPL or $TOOLONG", []),
])
def test_raw_cashtags_follow_twitter_text(text, expected):
    assert cashtags(text, style="raw") == expected


def test_raw_mode_ignores_ptb_spacing():
    assert hashtags("# FreeMilo", style="raw") == []
    assert handles("( @ k_mcq )", style="raw") == []
    assert cashtags("$ TWTR", style="raw") == []


# ---------------------------------------------------------------------------------------------- PTB rules
def test_ptb_spaced_entities_have_spans_covering_sigil_space_and_name():
    text = "Join # FreeMilo , ask @ k_mcq about $ TWTR ."
    (tag,), (handle,), (cash,) = (f(text, style="ptb") for f in (hashtags, handles, cashtags))
    assert [text[e.start:e.end] for e in (tag, handle, cash)] == ["# FreeMilo", "@ k_mcq", "$ TWTR"]
    assert [tag, handle, cash] == ["FreeMilo", "k_mcq", "TWTR"]


@pytest.mark.parametrize("text, expected", [
    ("Great night @ Water Wall", []),
    ("Birthday Kisses @ Madison , Wisconsin", []),
    ("coffee ( @ Starbucks in Phoenix , AZ )", []),
    ("back @ home now", []),
    ("— Senator Rand Paul ( @ SenRandPaul ) December 23 , 2013", ["SenRandPaul"]),
    ("Follow @ jzubrzycki\nAnd sign up", ["jzubrzycki"]),
    ("Will @ CNN , @ nytimes and others apologize ?", ["CNN", "nytimes"]),
    ("MT @ SenRandPaul A Festivus grievance", ["SenRandPaul"]),
])
def test_ptb_spaced_handles_tell_handles_from_location_suffixes(text, expected):
    assert handles(text, style="ptb") == expected


def test_ptb_dollar_amounts_and_numbers_are_not_entities():
    text = "It cost $ 5 , not # 1 , and $ a lot"
    assert cashtags(text, style="ptb") == [] and hashtags(text, style="ptb") == []


def test_urls_in_both_styles():
    raw = "Read https://example.com/a_(b) and www.cnn.com, pic.twitter.com/AbC. Mail ben@example.com."
    assert urls(raw, style="raw") == ["https://example.com/a_(b)", "www.cnn.com", "pic.twitter.com/AbC"]
    ptb = "via http : //t.co/WcJKiJbAcf pic . twitter . com / AbC123 and breitbart . com ."
    assert urls(ptb, style="ptb") == ["http://t.co/WcJKiJbAcf", "pic.twitter.com/AbC123", "breitbart.com"]
    assert urls("the end.In 2016 U.S. policy", style="raw") == []


def test_urls_in_any_case_and_after_a_hyphen():
    # twitter-text reads TLDs and schemes in any case, and lets a URL with a scheme follow a hyphen
    assert urls("Visit Example.Com or WWW.BBC.CO.UK today", style="raw") == ["Example.Com", "WWW.BBC.CO.UK"]
    assert urls("TX-http://a.com/x and #tag-https://b.org", style="raw") == ["http://a.com/x", "https://b.org"]
    assert urls("not -leadingdash.com", style="raw") == []


def test_a_scheme_glued_to_a_word_or_a_hashtag_starts_a_url():
    # tweets whose spaces were lost: the URL is found, and the hashtag before it keeps its name
    text = "Vote #MAGAhttps://t.co/AbC12 today.https://cnn.com/x or nowhttps://t.co/Zz9"
    assert urls(text) == ["https://t.co/AbC12", "https://cnn.com/x", "https://t.co/Zz9"]
    tags = hashtags(text)
    assert tags == ["MAGA"] and text[tags[0].start:tags[0].end] == "#MAGA"
    # not after a digit, @, $, # or / (the conformance suite: no URL in '#http://test.com'), no hashtag left
    # without a letter
    assert urls("x2019https://t.co/x #http://test.com @http://test.com") == []
    assert hashtags("#123https://t.co/x #http://test.com") == []


def _url_texts() -> list[tuple[str, str]]:
    """(text, style) of every real text with a URL: tweets, raw news and PTB-tokenized news."""
    out = []
    for name in ("mayweather-mcgregor_tweets.csv", "twitter-ratio_realDonaldTrump.csv"):
        with open(external_file("fivethirtyeight-tweets", name), encoding="utf-8", errors="replace", newline="") as fh:
            out += [(row["text"], "raw") for row in csv.DictReader(fh)]
    for folder, name, column in (("allsides-article-bias", "articles_sample.csv", "content_original"),
                                 ("allsides-article-bias", "content_tokenized_subset.csv", "content"),
                                 ("buzzfeed-webis-2016", "articles.csv", "mainText")):
        with open(external_file(folder, name), encoding="utf-8", errors="replace", newline="") as fh:
            out += [(row[column] or "", "auto") for row in csv.DictReader(fh)]
    return [(text, style) for text, style in out if "." in text]


def test_url_entities_span_their_text_in_raw_and_ptb_articles():
    """``urls()`` gives Entities whose offsets hold the URL (PTB: its spaced form) on every real text."""
    found = ptb = 0
    for text, style in _url_texts():
        for url in urls(text, style=style):
            assert isinstance(url, Entity) and url.key == url.casefold()
            spanned = text[url.start:url.end]
            assert spanned == url or (" " in spanned and spanned.replace(" ", "") == url), (spanned, url)
            found += 1
            ptb += spanned != url
    assert found > 5000 and ptb > 30       # measured 7,936 URLs, 43 of them spaced


def test_unknown_style_is_refused_even_for_text_without_entities():
    for func in (hashtags, handles, cashtags, urls):
        with pytest.raises(ValueError, match="style"):
            func("plain text", style="penn")


def test_auto_style_picks_the_rules_per_text():
    s = pd.Series({"raw": "We don't tag # this, we tag #that.", "ptb": "We do n't tag # this , ok ."})
    assert hashtags(s).tolist() == [["that"], ["this"]]


def test_series_in_series_out_aligned_and_missing_is_empty():
    s = pd.Series(["#a @b $CD", None, float("nan")], index=[10, 20, 30], name="content")
    for func, first in ((hashtags, ["a"]), (handles, ["b"]), (cashtags, ["CD"]), (urls, [])):
        out = func(s)
        assert list(out.index) == [10, 20, 30] and out.name == "content"
        assert out.tolist() == [first, [], []]


def test_prefilters_never_rule_out_a_text_that_has_entities():
    texts = ["#a", "＃b", "@c", "＠d", "$EF", "x", "# FreeMilo", "@ k_mcq )"]
    for t in texts:
        assert may_have_hashtags(t) or not hashtags(t)
        assert may_have_handles(t) or not handles(t)
        assert may_have_cashtags(t) or not cashtags(t)


# ---------------------------------------------------------------------------------------------- real data
def test_real_tweets_hashtags_glued_to_emoji_and_words():
    path = external_file("fivethirtyeight-tweets", "mayweather-mcgregor_tweets.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        tweets = [row["text"] for row in csv.DictReader(fh)][:3000]
    found = hashtags(pd.Series(tweets), style="raw")
    keys = Counter(t.key for tags in found for t in tags)
    assert keys.most_common(1)[0][0] == "mayweathervmcgregor"  # SOURCE.md: the top tag
    glued_to_emoji = [t for t in tweets if re.search(r"[\U0001F300-\U0001FAFF]#[A-Za-z]", t)]
    assert glued_to_emoji and all(hashtags(t, style="raw") for t in glued_to_emoji)
    # every extracted tag is a real `#name` span of its tweet
    for text, tags in zip(tweets, found):
        for tag in tags:
            assert text[tag.start] in "#＃" and text[tag.start + 1:tag.end] == tag


def test_location_suffixes_in_real_instagram_tweets_are_not_handles():
    # tweeteval emoji: `@ Water Wall` is a location suffix (SOURCE.md); real handles are anonymised `@user`
    lines = external_file("tweeteval", "emoji", "val_text.txt").read_text(encoding="utf-8").splitlines()
    spaced = [line for line in lines if "@ " in line]
    assert len(spaced) > 2500
    auto = sum(any(line[h.start:h.start + 2] == "@ " for h in handles(line)) for line in spaced)
    forced = sum(any(line[h.start:h.start + 2] == "@ " for h in handles(line, style="ptb")) for line in spaced)
    print(f"tweeteval location suffixes taken for handles: auto {auto}/{len(spaced)}, "
          f"forced PTB {forced}/{len(spaced)} ({forced / len(spaced):.1%})")
    assert auto == 0
    assert forced / len(spaced) < 0.04  # measured 3.4 %: camel-case venues (SeaWorld, DoubleTree, JCPenney)


@pytest.fixture(scope="module")
def allsides_pairs() -> list[tuple[str, str]]:
    """(PTB text, raw text) of the same 1,000 AllSides articles."""
    with open(external_file("allsides-article-bias", "articles_sample.csv"), encoding="utf-8", newline="") as fh:
        raw = {r["ID"]: r["content_original"] for r in csv.DictReader(fh)}
    with open(external_file("allsides-article-bias", "content_tokenized_subset.csv"), encoding="utf-8",
              newline="") as fh:
        return [(r["content"], raw[r["ID"]]) for r in csv.DictReader(fh)]


def test_every_spaced_handle_in_real_ptb_articles_is_found(allsides_pairs):
    # in this corpus every `@ name` is a real handle (signatures, "Follow @ x", ". @ x")
    total = found = 0
    for ptb, _ in allsides_pairs:
        starts = {h.start for h in handles(ptb)}
        for m in re.finditer(r"[@＠] \w", ptb):
            total += 1
            found += m.start() in starts
    print(f"AllSides PTB spaced handles found: {found}/{total}")
    assert total > 200 and found == total


def test_ptb_entities_agree_with_the_raw_version_of_the_same_article(allsides_pairs):
    # the two texts are the same articles cleaned differently (PTB drops "Follow @x" boilerplate), so recall is
    # bounded by content; precision shows PTB extraction finds nothing the raw article lacks
    for func, min_precision, min_recall in ((handles, 0.99, 0.8), (hashtags, 0.9, 0.9)):
        tp = fp = fn = 0
        for ptb, raw in allsides_pairs:
            got, want = Counter(e.key for e in func(ptb)), Counter(e.key for e in func(raw))
            tp += sum((got & want).values())
            fp += sum((got - want).values())
            fn += sum((want - got).values())
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        print(f"AllSides {func.__name__}: PTB vs raw precision {precision:.3f} recall {recall:.3f} ({tp} shared)")
        # hashtag misses: page-template markers `#related#For` (twitter-text rejects them, PTB splits them)
        assert precision >= min_precision and recall >= min_recall


def test_re2_patterns_run_in_pyarrow_and_count_close_to_the_exact_rules():
    pa = pytest.importorskip("pyarrow")
    import pyarrow.compute as pc

    from toolkit.text import patterns

    probe = pa.array(["a #b @c $D http://x.com ben@example.com"])
    for name in patterns.RE2_COMPATIBLE:
        obj = getattr(patterns, name)
        pc.count_substring_regex(probe, obj if isinstance(obj, str) else obj.pattern)  # raises if not RE2
    with pytest.raises(pa.ArrowInvalid):  # and the list is not everything: look-arounds are refused
        pc.count_substring_regex(probe, patterns.HASHTAG_RE.pattern)
    with open(external_file("allsides-article-bias", "articles_sample.csv"), encoding="utf-8", newline="") as fh:
        texts = [r["content_original"] for r in csv.DictReader(fh)]
    column = pa.array(texts)
    for pattern, func in ((patterns.HASHTAG_COUNT_RE2, hashtags), (patterns.MENTION_COUNT_RE2, handles)):
        approx = pc.sum(pc.count_substring_regex(column, pattern)).as_py()
        exact = sum(len(func(t, style="raw")) for t in texts)
        print(f"{func.__name__}: RE2 approximation {approx}, exact {exact}")
        assert exact <= approx <= exact * 1.1  # measured 392 vs 368 hashtags, 1177 vs 1169 handles


# ---------------------------------------------------------------------------------------------- sample truth
SAMPLE_CSV = REPO / "data" / "sample" / "articles.csv"


def test_entities_and_urls_match_the_sample_ground_truth():
    with open(SAMPLE_CSV, encoding="utf-8", newline="") as fh:
        texts = {row["id"]: row["content"] for row in csv.DictReader(fh)}
    truth = list(read_truth(SAMPLE_TRUTH).values())  # in file order; a duplicate id is an error
    assert len(truth) == len(texts) >= 1000
    for kind, func in (("hashtags", hashtags), ("handles", handles), ("cashtags", cashtags), ("urls", urls)):
        exact = tp = fp = fn = 0
        for record in truth:
            found = func(texts[record["id"]])
            got = Counter(e.key for e in found) if kind != "urls" else Counter(found)  # URLs as re-glued
            want = Counter(name.casefold() for name in record[kind]) if kind != "urls" else Counter(record[kind])
            exact += got == want
            if kind != "urls":  # offsets: sigil + name, in the article as written (PTB spans include the space)
                assert [[e.start, e.end] for e in found] == record["spans"][kind], record["id"]
            tp += sum((got & want).values())
            fp += sum((got - want).values())
            fn += sum((want - got).values())
        precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
        print(f"sample {kind}: exact {exact}/{len(truth)} articles, precision {precision:.4f}, recall {recall:.4f}")
        assert exact / len(truth) >= 0.99 and precision >= 0.99 and recall >= 0.99


def test_unicode_classes_are_what_unicodedata_gives():
    # the hashtag rules' \p{L}\p{M}\p{Nd}, spelled out for stdlib re and the regex module alike
    if unicodedata.unidata_version != UNICODE_VERSION:
        pytest.skip(f"the classes are generated from Unicode {UNICODE_VERSION}; this Python has "
                    f"{unicodedata.unidata_version}")
    assert unicode_classes.generated() == {"LETTERS_AND_MARKS": unicode_classes.LETTERS_AND_MARKS,
                                           "DECIMAL_DIGITS": unicode_classes.DECIMAL_DIGITS}
