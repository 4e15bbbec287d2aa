"""A pattern's leading boundary test checked on the byte before its match: the same answer as RE2 itself.

``Keyword.re2_start`` drops a phrase's ``(?:^|[\\W_])`` or a regex's leading ``\\b`` (RE2 reads every byte
with it, ~3x slower), and ``search.matches_from_start`` checks the character before the leftmost match
instead, reading a text with the whole pattern again where that character is one that glues, or the match
starts with a non-ASCII character. Every answer is compared with RE2 running the whole pattern.
"""
from __future__ import annotations

import csv
import re
from string import ascii_letters, digits
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from tests.external import external_file
from toolkit.index import Keyword
from toolkit.index import search
from toolkit.index.search import matches_from_start
from toolkit.index.text_store import MemoryText

HOSTILE = [
    "white house", "The White House said", "xwhite house", "_white house", "9white house", "éwhite house",
    "xwhite house, then the white house", "awhite housex", "white\nhouse", "white_house", "white__house",
    "\u212aing kong", "king kong", "xking kong", "hong kong", "xhong kong", "pro choice", "apro choice",
    "\u017fome words", "some words", "xsome words", "a\u212aing", "pro-choice", "_pro", "reprocess", "pro", "",
    None, "„white house“", "白white house", "white house's lawn", "xwhite house " * 5 + "white house",
    "awhite house bwhite house, c_pro 9pro pro", "9" * 30 + " 9",
]
HOSTILE_KEYWORDS = [("white house", False), ("hong kong", False), ("pro choice", False), (r"\bpro\w*", True),
                    (r"\bwhite\W+house", True), (r"\b9", True)]
#: k and s fold to non-ASCII letters (K, ſ): re2_start leaves them whole (no faster), but matches_from_start
#: must still be right for a match starting with such a letter
FOLDING = [("king kong", False), ("some words", False), (r"\bking\b", True), (r"\bsome", True)]


def _texts() -> pa.Array:
    """Raw news (AllSides), PTB-tokenised news (AllSides' subset), PolNeAR, BuzzFeed-Webis and tweets."""
    parts = [("allsides-article-bias", "articles_sample.csv", "content_original"),
             ("allsides-article-bias", "content_tokenized_subset.csv", "content"),
             ("polnear", "polnear_articles.csv", "content"), ("buzzfeed-webis-2016", "articles.csv", "mainText"),
             ("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv", "text")]
    texts: list = []
    for folder, name, column in parts:
        with open(external_file(folder, name), encoding="utf-8", errors="replace", newline="") as fh:
            texts += [row[column] for row in csv.DictReader(fh)]
    return pa.array(texts, type=pa.large_string())


def _keywords(texts: pa.Array) -> list[Keyword]:
    """Frequent word pairs of the texts, some of their words' second halves (often glued to what precedes
    them in a longer word), and ``\\b`` regexes of word stems."""
    rng = np.random.default_rng(11)
    sample = [t for t in texts.to_pylist()[::40] if t]
    pairs = Counter(p for t in sample for p in zip(re.findall(r"[A-Za-z']+", t), re.findall(r"[A-Za-z']+", t)[1:]))
    common = [f"{a} {b}" for (a, b), _ in pairs.most_common(200) if a[0].isalpha()]
    words = sorted({w for a_b in common for w in a_b.split() if len(w) >= 4 and "'" not in w})
    chosen = [common[i] for i in rng.choice(len(common), 14, replace=False)]
    halves = [f"{w[len(w) // 2:]} {b}" for w, b in (c.split() for c in chosen if "'" not in c) if len(w) >= 4]
    stems = [rf"\b{w[:3]}\w*" for w in rng.choice(words, 6, replace=False)]
    return ([Keyword(p) for p in chosen + halves + ["u.s. economy", "the white house"]]
            + [Keyword(s, regex=True) for s in stems + [r"\bsaid\b", r"\bs\w+", r"\b1\d\d"]])


def _dropped(keyword: Keyword) -> tuple[str, str]:
    """What re2_start would give if it took every ASCII letter."""
    pattern = keyword.re2_pattern()
    if keyword.regex:
        return "(?i)" + keyword.text[2:], "_" + ascii_letters + digits
    return "(?i)" + pattern.removeprefix(r"(?i)(?:^|[\W_])"), ascii_letters + digits


def _assert_same(texts: pa.Array, keyword: Keyword, start: "tuple[str, str] | None" = None) -> int:
    """matches_from_start equals RE2 with the whole pattern; the number of texts the relaxed pattern matches
    and the whole one does not (a glued character before each match)."""
    start = start or keyword.re2_start()
    assert start is not None, keyword.text
    pattern = keyword.re2_pattern()
    expected = pc.fill_null(pc.match_substring_regex(texts, pattern), False).to_numpy(zero_copy_only=False)
    got = matches_from_start(texts, np.arange(len(texts)), pattern, *start)
    assert got.tolist() == expected.tolist(), keyword.text
    rows = np.flatnonzero(np.random.default_rng(len(texts)).random(len(texts)) < 0.4)
    spread, at = MemoryText(texts).read(rows)                 # every other text, on the same bytes
    assert matches_from_start(spread, at, pattern, *start).tolist() == expected[rows].tolist(), keyword.text
    relaxed = pc.fill_null(pc.match_substring_regex(texts, start[0]), False).to_numpy(zero_copy_only=False)
    return int(np.count_nonzero(relaxed & ~expected))


@pytest.mark.parametrize("rounds", [0, 1, 3])
@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_hostile_starts_give_the_answer_of_the_whole_pattern(kind, rounds, monkeypatch):
    monkeypatch.setattr(search, "GLUED_ROUNDS", rounds)    # fewer rounds: more texts read whole at the end
    texts = pa.array(HOSTILE, type=kind)
    glued = [_assert_same(texts, Keyword(text, regex=regex)) for text, regex in HOSTILE_KEYWORDS]
    assert min(glued[:4]) > 0          # each relaxed pattern also matched texts the whole one refuses
    sliced = texts.slice(3, 12)        # a slice's offsets start inside the buffers
    for text, regex in HOSTILE_KEYWORDS:
        _assert_same(sliced, Keyword(text, regex=regex))
    for text, regex in FOLDING:
        keyword = Keyword(text, regex=regex)
        assert keyword.re2_start() is None
        assert _assert_same(texts, keyword, _dropped(keyword)) > 0


def test_real_news_and_tweets_give_the_answer_of_the_whole_pattern():
    texts = _texts()
    assert len(texts) > 8_000
    keywords = _keywords(texts)
    glued = [_assert_same(texts, kw, kw.re2_start() or _dropped(kw)) for kw in keywords]
    assert sum(g > 0 for g in glued) >= 5      # real text has glued matches: the second reading is exercised


def test_patterns_without_a_droppable_start_are_read_whole():
    plain = [Keyword(text) for text in ("#tag now", "n't know", "'s house", "storm", "said so", "wall OR fence")]
    regexes = [Keyword(text, regex=True) for text in (r"\bpro|con", r"\b(pro)", r"(?i)\bpro", r"\bp?ro", r"\b_x")]
    for keyword in plain + regexes:
        start = keyword.re2_start()
        assert start is None, keyword.text     # ("'s house": the token "s", which folds to ſ)
