"""Word-pair signatures never rule out an article RE2 would match, on real text and on text built to break them.

The phrase filter drops an article whose signature lacks one of the phrase's checkable pairs before RE2
reads it (``toolkit.index.pair_filter``). That is only right if every RE2 match of the phrase's pattern
shows the pair as two adjacent words of the text: checked here by RE2 over every article of every real
corpus, against the signatures, for phrases taken from the articles and pairs of frequent words.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from tests.external import external_file
from tests.text.test_native_twins import _real_texts
from toolkit.index import CorpusIndex, phrase_regex, term_tokens
from toolkit.index.pair_filter import PairSignatures, checkable_pairs
from toolkit.text import word_pairs
from toolkit.text.word_pairs import WORD_RE, may_hold, pair_key, py_may_hold, py_pair_signatures, signature_arrays


def _phrases(texts: list[str], rng: np.random.Generator, n: int) -> list[tuple[str, ...]]:
    """Word runs taken from the texts (present) and pairs of frequent words (mostly absent)."""
    present = []
    for _ in range(20 * n):
        tokens = term_tokens(texts[int(rng.integers(len(texts)))][:3000])
        if len(tokens) >= 4 and len(present) < n:
            k = int(rng.integers(2, 4))
            at = int(rng.integers(len(tokens) - k + 1))
            present.append(tuple(tokens[at:at + k]))
    words = pd.Series([w for t in texts[:3000] for w in WORD_RE.findall(t.lower())]).value_counts().index[:150]
    mixed = [(words[int(rng.integers(150))], words[int(rng.integers(150))]) for _ in range(n)]
    return present + mixed


def test_signatures_never_miss_a_phrase_re2_finds_in_real_news():
    texts = _real_texts()
    sizes, words = signature_arrays(texts)
    every = np.arange(len(texts))
    array = pa.array(texts)
    checked = absent = false_positive = 0
    for tokens in _phrases(texts, np.random.default_rng(5), 15):
        pairs = checkable_pairs(tokens)
        if not pairs:
            continue
        matched = pc.match_substring_regex(array, phrase_regex(tokens, flavor="re2")).to_numpy(zero_copy_only=False)
        for first, second in pairs:
            held = may_hold(sizes, words, every, pair_key(first, second))
            missed = np.flatnonzero(matched & ~held)
            assert len(missed) == 0, (tokens, texts[missed[0]][:300])
            adjacent = rf"(?i)(?:^|[^A-Za-z0-9]){first}[^A-Za-z0-9]+{second}(?:[^A-Za-z0-9]|$)"   # the pair itself
            present = pc.match_substring_regex(array, adjacent).to_numpy(zero_copy_only=False)
            assert not np.any(present & ~held), (first, second)
            checked += 1
            absent += int(np.count_nonzero(~present))
            false_positive += int(np.count_nonzero(held & ~present))
    assert checked >= 25
    assert false_positive / absent < 0.004, (false_positive, absent)     # ~0.1 % by design, less where pairs repeat


PIECES = ["white", "House", "WHITE", "house", "in", "the", "covid", "19", "x9", "_", "-", " ", "  ", "\n", "#", "@",
          "'", "’", "é", "ſ", "\u212a", "K", "k", "s", "http://a.com/", ".", ",", "٣", "²", "can", "not", "cannot",
          "n't", "do", "don't", "U.S.", "Ü", "gon", "na", "gonna", "got", "ta"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join),
       st.lists(st.sampled_from(["white", "house", "in", "the", "covid", "19", "x9", "can", "not", "cannot",
                                 "don't", "do", "u.s.", "s", "k", "kk", "gonna", "gon", "na", "wanna", "gotta"]),
                min_size=2, max_size=3))
def test_signatures_never_miss_on_text_built_to_break_them(text, tokens):
    """Glued digits, underscores, URLs, PTB splits, non-ASCII letters and the two characters RE2 folds
    to ASCII (ſ, K): wherever RE2 matches the phrase, its checkable pairs are in the signature."""
    tokens = tuple(tokens)
    if not pc.match_substring_regex(pa.array([text]), phrase_regex(tokens, flavor="re2"))[0].as_py():
        return
    sig = PairSignatures.of_texts([text])
    for first, second in checkable_pairs(tokens):
        assert may_hold(sig.sizes, sig.words, np.array([0]), pair_key(first, second))[0], (text, tokens)


def test_checkable_pairs_leave_out_what_re2_may_glue():
    assert checkable_pairs(("white", "house", "said")) == [("white", "house"), ("house", "said")]
    assert checkable_pairs(("covid", "19", "cases")) == []              # COVID19: one run; 19 glued to covid
    assert checkable_pairs(("the", "tax", "cuts", "2017")) == [("the", "tax")]   # cuts2017 may be one run
    assert checkable_pairs(("cannot", "wait")) == checkable_pairs(("gonna", "win")) == []      # can\s?not
    assert checkable_pairs(("don't", "know", "why")) == [("know", "why")]
    assert checkable_pairs(("u.s.", "house", "vote")) == [("house", "vote")]
    assert checkable_pairs(("café", "au", "lait")) == [("au", "lait")]


def test_signatures_rule_out_what_is_absent_and_keep_unsure_texts():
    texts = ["The White House said", "a white wall and a house", "White_House", "white-house", "", "white",
             "kiſs the White House", "WHITE\n\nHOUSE"]
    sig = PairSignatures.of_texts(texts)
    held = may_hold(sig.sizes, sig.words, np.arange(len(texts)), pair_key("white", "house"))
    assert held.tolist() == [True, False, True, True, False, False, True, True]
    assert sig.sizes.tolist()[4:6] == [0, 0]          # fewer than two words: nothing to hold
    assert py_pair_signatures(texts) == (sig.sizes.tobytes(), sig.words.tobytes())
    with pytest.raises(TypeError, match="pair_signatures"):
        signature_arrays(["a", None])


@pytest.mark.skipif(word_pairs._pairs_may_hold is None, reason="the compiled scanner is not in use")
def test_compiled_probes_equal_the_numpy_definition_on_real_news():
    """``pairs_may_hold`` against ``py_may_hold``: every real article, rows repeated and out of order, pairs
    that are there (from the articles) and pairs of frequent words (mostly absent); then its refusals."""
    texts = _real_texts()[:6000] + ["", "one", "\u017f and more words"]
    sizes, words = signature_arrays(texts)
    starts = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    rng = np.random.default_rng(3)
    rows = np.r_[rng.permutation(len(texts)), rng.integers(0, len(texts), 500)]
    held_somewhere = 0
    for tokens in _phrases(texts, rng, 25):
        for first, second in zip(tokens, tokens[1:]):
            got = may_hold(sizes, words, rows, pair_key(first, second), starts)
            assert np.array_equal(got, py_may_hold(sizes, words, rows, pair_key(first, second), starts))
            held_somewhere += int(0 < np.count_nonzero(got) < len(rows))
    assert held_somewhere >= 40
    held = word_pairs._pairs_may_hold
    out = np.zeros(1, dtype=np.uint8)
    with pytest.raises(ValueError, match="a row is out of range"):
        held(sizes, starts, words, np.array([len(texts)]), 1, out)
    with pytest.raises(ValueError, match="a signature reaches past words"):
        held(sizes, starts + len(words), words, np.array([0]), 1, out)
    with pytest.raises(ValueError, match="one byte per row"):
        held(sizes, starts, words, np.array([0, 1]), 1, out)
    with pytest.raises(TypeError, match="uint64"):
        held(sizes, starts, words.view(np.int64), np.array([0]), 1, out)
    with pytest.raises(TypeError, match=r"pairs_may_hold\(\): sizes must be an int32 or int64 array"):
        held(sizes.astype(np.float64), starts, words, np.array([0]), 1, out)


def test_signatures_are_saved_and_mapped_back_whole(tmp_path):
    import mmap
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False)
    idx = CorpusIndex.build(df, progress=False)
    again = CorpusIndex.load(idx.save(tmp_path / "idx"))
    assert np.array_equal(again.pairs.sizes, idx.pairs.sizes) and np.array_equal(again.pairs.words, idx.pairs.words)
    owner = again.pairs.words
    while getattr(owner, "base", None) is not None:
        owner = owner.base
    assert isinstance(owner, mmap.mmap)                      # mapped, not read
    rows = np.arange(len(idx.pairs))
    assert np.array_equal(may_hold(again.pairs.sizes, again.pairs.words, rows, pair_key("white", "house"),
                                   again.pairs.starts),
                          may_hold(idx.pairs.sizes, idx.pairs.words, rows, pair_key("white", "house")))
    with pytest.raises(ValueError, match="sizes add up to 2 words, there are 1"):
        PairSignatures(np.array([2]), np.zeros(1, np.uint64))


@pytest.mark.slow
def test_phrase_filters_give_the_same_articles_with_and_without_signatures(tmp_path):
    """On AllSides (491 sources, raw text) and its PTB-tokenized subset: each phrase's articles are the same
    whether the signatures narrow the candidates or RE2 reads them all, also after a save and reload."""
    df = pd.concat([toolkit.load(external_file("allsides-article-bias", name), progress=False)
                    for name in ("articles_sample.csv", "content_tokenized_subset.csv")], ignore_index=True)
    idx = CorpusIndex.build(df, progress=False)
    assert idx.pairs is not None and len(idx.pairs) == idx.n_articles
    reloaded = CorpusIndex.load(idx.save(tmp_path / "idx"))
    plain = CorpusIndex(idx.meta, idx.text, idx.matrices)            # no signatures: RE2 reads every candidate
    texts = df["content"].fillna("").tolist()
    narrowed = 0
    for tokens in _phrases(texts, np.random.default_rng(11), 40):
        phrase = " ".join(tokens)
        want = plain.filter(keyword=phrase).rows.tolist()
        assert idx.filter(keyword=phrase).rows.tolist() == want == reloaded.filter(keyword=phrase).rows.tolist(), phrase
        narrowed += bool(checkable_pairs(term_tokens(phrase)))
    assert narrowed >= 40
