"""tokenize() and the entity extractors agree: a ``#``/``@``/``$`` word token exactly where hashtags(), handles()
and cashtags() find an entity, its name as they give it.

The index counts terms from tokens and entities from the extractors, so a ``#1`` term that is no hashtag, or a
hashtag without its token (``#MAGAhttps://t.co/x``), made the two tables tell different stories. Checked class by
class, on every shared corpus (news raw and PTB, tweets, the twitter-text conformance texts, the sample), and on
random text built from the characters the rules turn on.
"""
from __future__ import annotations

import csv

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.external import external_file
from tests.text.test_native_twins import SAMPLE_CSV, _csv_texts, _real_texts
from toolkit._parallel import fork_map, shared
from toolkit.text import cashtags, handles, hashtags, tokenize

csv.field_size_limit(1 << 30)
EXTRACTORS = {"hashtags": (hashtags, "#＃"), "handles": (handles, "@＠"), "cashtags": (cashtags, "$")}


def _disagreements(text: str, style: str = "auto") -> list[str]:
    """Where the sign tokens of ``text`` and its entities differ (empty when they agree)."""
    words = tokenize(text, style, drop_punct=True)     # a lone sign is punctuation
    found = []
    for kind, (extract, signs) in EXTRACTORS.items():
        from_tokens = [token[1:] for token in words if token[:1] in signs]
        entities = [str(e) for e in extract(text, style)]
        if from_tokens != entities:
            found.append(f"{kind}: tokens {from_tokens} != entities {entities} in {text[:160]!r}")
    return found


@pytest.mark.parametrize("text, style, expected", [
    # no letter, no hashtag: the sign is punctuation
    ("#1 and #2016 but #2016election", "raw", ["#", "1", "and", "#", "2016", "but", "#2016election"]),
    # a hashtag followed by a sign is none (twitter-text), and a sign glued to a letter starts none
    ("#related#No matter, C# and x#no", "raw", ["#", "related", "#", "No", "matter", ",", "C", "#", "and", "x", "#",
                                             "no"]),
    ("##tag", "raw", ["#", "#tag"]),
    # a hashtag ends before an apostrophe or a hyphen (TweetTokenizer would go on)
    ("#NeverTrump's #Resistance-soaked", "raw", ["#NeverTrump", "'", "s", "#Resistance", "-", "soaked"]),
    # a scheme glued to a hashtag starts a URL; a hashtag of the scheme alone is none
    ("#MAGAhttps://t.co/x #https://t.co/y", "raw", ["#MAGA", "https://t.co/x", "#", "https://t.co/y"]),
    # marks belong to a hashtag (Devanagari vowel signs, a combining accent)
    ("#हिंदी #nai\u0308ve", "raw", ["#हिंदी", "#nai\u0308ve"]),
    # a sign glued to a word starts no handle, unless to a retweet's RT
    ("via@nytimes Axl@Rose RT@jack", "raw", ["via", "@", "nytimes", "Axl", "@", "Rose", "RT", "@jack"]),
    ("@VeeVee@realDonaldTrump you", "raw", ["@", "VeeVee", "@", "realDonaldTrump", "you"]),
    # more than 20 characters is no handle (a lost space), 20 is
    ("@politicaltickerFollow @twenty_characters_ok", "raw", ["@", "politicaltickerFollow", "@twenty_characters_ok"]),
    ("@user/list-name", "raw", ["@user", "/", "list-name"]),
    # an e-mail is one token, unless its @ starts a handle (after a retweet's RT, or a character a handle follows)
    ("ben@example.com RT@jack.Great josé@example.com a-@jack.com", "raw",
     ["ben@example.com", "RT", "@jack", ".", "Great", "josé", "@example", ".", "com", "a", "-", "@jack", ".", "com"]),
    # a cashtag stands after a space and before a space or ASCII punctuation
    ("Warren.$WFC(via US$AAPL $goog.x", "raw", ["Warren", ".", "$", "WFC", "(", "via", "US", "$", "AAPL", "$goog.x"]),
    # a t.co link ends with its code; a URL ends at a bracket of any script
    ("https://t.co/abc123-#tag 【https://t.co/x】#ows", "raw", ["https://t.co/abc123", "-", "#tag", "【",
                                                              "https://t.co/x", "】", "#ows"]),
    # PTB: the spaced handle is judged on the text as handles() sees it (before `'s` is glued to it)
    ("reports that @ j_smedley 's plane # 362", "ptb", ["reports", "that", "@j_smedley", "'", "s", "plane", "#",
                                                       "362"]),
    # PTB: `# tag` is one only where the joining glues it (after a space); `$goog` unspaced as in raw text
    ("He said ( # FreeMilo ) and (# tag) , `` we bought $goog today . ''", "ptb",
     ["He", "said", "(", "#FreeMilo", ")", "and", "(", "#", "tag", ")", ",", '"', "we", "bought", "$goog", "today",
      ".", '"']),
])
def test_sign_tokens_follow_the_entity_rules(text, style, expected):
    assert tokenize(text, style) == expected
    assert _disagreements(text, style) == []


def _conformance_texts() -> list[str]:
    with open(external_file("twitter-text-conformance", "extract.yml"), encoding="utf-8") as fh:
        suite = yaml.safe_load(fh)
    return [case["text"] for cases in suite["tests"].values() for case in cases]


def _disagreements_in(bounds: tuple[int, int]) -> list[str]:
    texts, = shared()
    return [d for text in texts[bounds[0]:bounds[1]] for d in _disagreements(text)]


@pytest.mark.slow
def test_sign_tokens_are_the_entities_on_every_shared_corpus():
    texts = _real_texts() + _conformance_texts() + _csv_texts(SAMPLE_CSV, "content")
    for path in sorted(external_file("tweeteval").rglob("*_text.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()
    half = len(texts) // 2
    found = [d for part in fork_map(_disagreements_in, [(0, half), (half, len(texts))], 2, shared=(texts,))
             for d in part]
    print(f"sign tokens vs entities: {len(found)} disagreements over {len(texts):,} texts")
    assert not found, "\n".join(found[:20])


# the characters the rules turn on (URLs are left to the real corpora: where tokenize's URL and urls()' stricter
# one differ, a sign inside one may count in the other; see toolkit/text/tokens.py)
FRAGMENTS = ["a", "Z", "é", "à", "_", "0", "42", " ", "\n", "\x1f", "#", "@", "$", "＃", "＠", "&", "RT", "rt",
             "\u0301", "\uFE0F", "\u20E3", "\u200d", "\u200c", "·", "http", "https", ":", "/", "abcdefghijklmnopqrstu",
             "/list", "'s", "-", ".", ",", "(", ")", "【", "】", "ab@cd.ef", "नमस्ते", "٣", "²", "ſ", "!", "+", "~", "*",
             "%", "\U0001F3FB", "‘", "’", "“", "ben@", "RT@", "-@", "é@"]


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.characters(blacklist_categories=["Cs"])),
                     max_size=30).map("".join))
def test_sign_tokens_are_the_entities_on_random_text(text):
    assert _disagreements(text, "raw") == []
