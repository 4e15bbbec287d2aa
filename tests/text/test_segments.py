"""Segments and their keys (``toolkit.text.segments``): the rules on real text, and the compiled twin."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from tests.external import external_file
from toolkit.text import _native as native
from toolkit.text.segments import (SEGMENT_SPLIT_RE, key_hash, py_segment_keys, segment_arrays, segment_key,
                                   segment_keys)


def candidates(text: str, min_words: int = 3, max_chars: int = 600) -> list[str]:
    """The texts of ``text``'s candidate segments."""
    _, starts, ends, _ = segment_arrays([text], min_words, max_chars)
    return [text[s:e] for s, e in zip(starts.tolist(), ends.tolist())]


def test_segments_are_lines_and_sentences_without_their_delimiters():
    text = "Tax cuts pass the House.  Senate votes next week!\nPhoto: John Smith / AP Photo\n\nEnd of story here"
    assert candidates(text) == ["Tax cuts pass the House", "Senate votes next week", "Photo: John Smith / AP Photo",
                                "End of story here"]
    # a quotation's closing mark goes with the delimiter; a full stop not followed by space does not cut
    assert candidates("He said “we will win.” Then he left the room. Growth was 3.5 percent") == \
        ["He said “we will win", "Then he left the room", "Growth was 3.5 percent"]


def test_a_cut_inside_a_sentence_is_never_a_candidate():
    # "Sen. Bernie Sanders (I-Vt.) said" is cut after "Vt.)"; the next segment starts in lower case
    text = "Sen. Bernie Sanders (I-Vt.) said the bill would fail on the floor. Click here to read more"
    got = candidates(text)
    assert "Click here to read more" in got
    assert not any(s.startswith(("Bernie", "said")) for s in got)


def test_the_full_stop_of_an_abbreviation_does_not_cut():
    # titles, initials and dotted abbreviations stay inside their sentence
    for text in ["WASHINGTON (Reuters) - U.S. officials said on Friday that the talks stalled",
                 "Aides to Mrs. Clinton’s campaign said so on Friday",
                 "The hearing starts at 3 p.m. Friday in the Senate",
                 "A report by J. Smith and others came out on Friday"]:
        assert candidates(text + ". Click here to read more") == [text, "Click here to read more"], text
    # a line break ends the segment whatever precedes it; words that are not abbreviations end sentences
    assert candidates("Updated at 3 p.m.\nClick here to read more") == ["Updated at 3 p.m", "Click here to read more"]
    assert candidates("The vote is on. Then came the count. Read more at npr.org. Copyright 2016 NPR") == \
        ["The vote is on", "Then came the count", "Read more at npr.org", "Copyright 2016 NPR"]
    assert candidates("He met Mr.Smith today. Then came the count") == ["He met Mr.Smith today", "Then came the count"]
    assert candidates("It cost 5 U.S. dollars in all. Then came the count") == \
        ["It cost 5 U.S. dollars in all", "Then came the count"]
    assert candidates("To the US. Then came the count here") == ["To the US", "Then came the count here"]
    assert candidates("Then came the count at 3 a.m. more to come") == ["Then came the count at 3 a.m. more to come"]
    assert candidates("Flights went from 10 to 12 in Washington DC. Then came the count") == \
        ["Flights went from 10 to 12 in Washington DC", "Then came the count"]


def test_keys_fold_case_digits_spaces_and_outer_punctuation():
    assert segment_key("— Copyright © 2019 The Washington Times, LLC. ") == "copyright © 0 the washington times, llc"
    assert segment_key("Photo:\u00a0\u00a0AP\tPHOTO 12:30") == "photo: ap photo 0:0"
    assert segment_key("ÉDITION İstanbul ΣΑΣ") == "édition istanbul σασ"   # simple case mapping, per character
    assert key_hash(segment_key("Read More 2016")) == key_hash(segment_key("read   more 99"))


def test_limits_on_words_and_length():
    text = "One two. One two three. " + "X " * 400 + ". Four five six"   # a key of 799 characters: too long
    assert candidates(text) == ["One two three", "Four five six"]
    assert candidates(text, min_words=2) == ["One two", "One two three", "Four five six"]
    assert candidates(text, max_chars=5) == []


def test_every_candidate_of_real_news_is_a_split_piece_with_its_key():
    df = toolkit.load(external_file("allsides-article-bias", "articles_sample.csv"), progress=False)
    texts = df["content"].fillna("").tolist()[:300]
    docs, starts, ends, hashes = segment_arrays(texts, 3, 600)
    assert len(docs) > 3_000 and np.all(np.diff(docs) >= 0)
    for d, s, e, h in zip(docs.tolist(), starts.tolist(), ends.tolist(), hashes.tolist()):
        text = texts[d]
        assert s == 0 or SEGMENT_SPLIT_RE.match(text, _delimiter_start(text, s)).end() == s
        assert key_hash(segment_key(text[s:e])) == h


def _delimiter_start(text: str, start: int) -> int:
    """Where the delimiter that ends just before ``start`` begins (the leftmost match ending there)."""
    return next(m.start() for m in SEGMENT_SPLIT_RE.finditer(text, 0, start) if m.end() == start)


@pytest.mark.skipif(not native.NATIVE, reason="the compiled scanner is not in use")
@settings(max_examples=500, deadline=None)
@given(texts=st.lists(st.lists(st.sampled_from(list("aZÉİΣ1 \t\n\r\f\xa0\u2009.…!?”’)]\"-#xMrK") + ["Mr", "p.m"]),
                               max_size=60).map("".join),
                      max_size=3),
       min_words=st.integers(1, 4), max_chars=st.integers(1, 20))
def test_compiled_segment_keys_equal_the_definition_for_any_limits(texts, min_words, max_chars):
    assert segment_keys(texts, min_words, max_chars) == py_segment_keys(texts, min_words, max_chars)
