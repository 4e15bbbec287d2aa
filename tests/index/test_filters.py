"""Keyword, phrase and regex filters: the index's shortcuts never change the answer.

A phrase filter narrows by the posting lists of its words before it reads any text, and a regex filter narrows by the terms holding the letters every match needs (``regex_requirements``).
Each answer is compared with a plain scan of every article: RE2 (pyarrow) over the whole text for
regexes and phrases; and every article holding the phrase as consecutive term tokens must be found.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import toolkit
from tests.external import external_file
from toolkit.index import CorpusIndex, Keyword, TermMatrix, phrase_regex, regex_requirements, term_tokens
from toolkit.index.keyword import glob_regex

REGEXES = [
    r"\bwall(s)? (on|along) the", r"\b(?:tax|taxes) (?:cut|cuts|reform)\b", r"immigra\w+ (?:law|policy|reform)",
    r"\$\d+(?:\.\d+)? (?:million|billion)", r"said (?:on|in) (?:twitter|a statement)", r"(?i)donald\s+j\.?\s+trump",
    r"\b\d{4}-\d{2}-\d{2}\b", r"clinton|sanders", r"(?-i)Trump Tower", r"pic\.twitter\.com/\w+", r"#\w+",
    r"\bU\.S\.", r"(?:white|black)\s+house", r"[0-9]+ percent", r"(ab)?c(de|fgh)+x", r"qqqzzz", r"e.m.a.i.l",
]


def _corpora() -> dict[str, pd.DataFrame]:
    return {"polnear": toolkit.load(external_file("polnear", "polnear_articles.csv"), progress=False),
            "sample": toolkit.load(toolkit.sample.SAMPLE_CSV, progress=False)}


@pytest.fixture(scope="module", params=["polnear", "sample"])
def built(request) -> tuple[pd.DataFrame, CorpusIndex, list[list[str]]]:
    df = _corpora()[request.param]
    return df, CorpusIndex.build(df, progress=False), [term_tokens(t) for t in df["content"].fillna("")]


def _scan(df: pd.DataFrame, pattern: str) -> list[int]:
    hit = pc.match_substring_regex(pa.array(df["content"].fillna("").tolist()), pattern)
    return np.flatnonzero(hit.to_numpy(zero_copy_only=False)).tolist()


@pytest.mark.parametrize("pattern", REGEXES)
def test_regex_filter_equals_a_scan_of_every_article(built, pattern):
    df, idx, _ = built
    full = pattern if pattern.startswith("(?") else "(?i)" + pattern
    assert idx.filter(keyword=pattern, regex=True).rows.tolist() == _scan(df, full)


def _phrases(tokens: list[list[str]], rng: np.random.Generator, n: int) -> list[list[str]]:
    """Phrases present in some article (2-4 consecutive tokens) and pairs of frequent words (mostly absent)."""
    docs = [t for t in tokens if len(t) >= 4]
    present = []
    for _ in range(n):
        doc = docs[rng.integers(len(docs))]
        k = int(rng.integers(2, 5))
        i = int(rng.integers(len(doc) - k + 1))
        present.append(doc[i:i + k])
    words = pd.Series([w for t in tokens for w in t if w.isalpha()]).value_counts().index[:200].tolist()
    mixed = [[words[rng.integers(len(words))], words[rng.integers(len(words))]] for _ in range(n)]
    return present + mixed


@pytest.mark.slow
def test_phrase_filter_equals_a_text_scan_and_finds_consecutive_tokens(built):
    df, idx, tokens = built
    rng = np.random.default_rng(7)
    token_sets = [set(t) for t in tokens]
    for words in _phrases(tokens, rng, 40):
        phrase = " ".join(words)
        if term_tokens(phrase) != words:   # a "phrase" that does not tokenize back to itself (e.g. URLs)
            continue
        got = idx.filter(keyword=phrase).rows.tolist()
        has_all = [i for i, t in enumerate(token_sets) if set(words) <= t]
        texts = pa.array(df["content"].fillna("").iloc[has_all].tolist())
        pattern = phrase_regex(words, flavor="re2")
        in_text = pc.match_substring_regex(texts, pattern).to_numpy(zero_copy_only=False)
        matched = {i for i, hit in zip(has_all, in_text) if hit}     # every word a term, phrase in text
        consecutive = {i for i in has_all   # (an article holding the phrase holds each of its words)
                       if any(tokens[i][j:j + len(words)] == words for j in range(len(tokens[i]) - len(words) + 1))}
        assert matched <= set(got) <= matched | consecutive, phrase   # (counted as a phrase: consecutive tokens)
        assert consecutive <= set(got), phrase      # PTB and raw spellings of the phrase are both found


COUNTED = {"ptb": ("allsides-article-bias", "content_tokenized_subset.csv"),
           "raw": ("allsides-article-bias", "articles_sample.csv"), "polnear": ("polnear", "polnear_articles.csv")}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(COUNTED))
def test_phrases_the_build_counted_are_found_without_their_text(name, monkeypatch):
    """Every phrase the build found, and bigrams, on real corpora: the filter gives the articles whose text
    matches the phrase's pattern, plus those where the build counted its words in a row (the phrase or a
    longer one holding it, the bigram), and never reads the text of the latter. Those are articles whose
    term tokens hold the phrase consecutively; on PTB text some match no pattern (a word glued to digits,
    ``Clinton2020``: tokens ``clinton``, ``2020``) and are found all the same."""
    import toolkit.index.search as search
    df = toolkit.load(external_file(*COUNTED[name]), progress=False)
    idx = CorpusIndex.build(df, progress=False, ngrams=2)
    tokens = [term_tokens(t) for t in df["content"].fillna("")]
    token_sets = [set(t) for t in tokens]
    assert not any("\x1f" in t for t in df["content"].fillna(""))   # so no token holds the separator:
    in_a_row = ["\x1f" + "\x1f".join(t) + "\x1f" for t in tokens]      # words in a row are a substring
    texts = pa.array(df["content"].fillna("").tolist())
    read = []
    real_rows = search.text_rows
    monkeypatch.setattr(search, "text_rows", lambda text, within, *a, **k: read.append(within.copy())
                        or real_rows(text, within, *a, **k))
    phrases = idx.matrices["phrases"].vocab.tolist()
    bigrams = idx.matrices["bigrams"].vocab.tolist()
    assert len(phrases) > 50 and len(bigrams) > 1000
    rng = np.random.default_rng(3)
    checked = only_counted = 0
    some = phrases if name == "ptb" else phrases[:80]         # (all of them where words are glued to digits)
    for phrase in some + [bigrams[i] for i in rng.choice(len(bigrams), 40, replace=False)]:
        words = phrase.split(" ")
        read.clear()
        got = idx.filter(keyword=phrase).rows
        counted = search.consecutive_rows(words, idx.matrices, len(df))
        has_all = np.array([set(words) <= t for t in token_sets])
        in_text = np.zeros(len(df), dtype=bool)          # (RE2 over the articles holding every word: the others
        holding = np.flatnonzero(has_all)               # match nothing the filter keeps)
        in_text[holding] = pc.match_substring_regex(texts.take(holding), phrase_regex(words, flavor="re2")
                                                    ).to_numpy(zero_copy_only=False)
        assert got.tolist() == np.flatnonzero(has_all & (in_text | counted)).tolist(), phrase
        assert not any((rows & counted).any() for rows in read), phrase          # no counted article read
        joined = "\x1f" + "\x1f".join(words) + "\x1f"
        for i in np.flatnonzero(counted):
            assert joined in in_a_row[i], (phrase, i)
        checked += int(counted.any())
        only_counted += int((counted & ~in_text).sum())
    assert checked >= 100
    if name == "ptb":
        assert only_counted > 0


WILDCARDS = ["immigra*", "econom*", "*ism", "re*tion", "wom?n*", "zzqq*", "5*", "1*", "2016*"]


@pytest.mark.parametrize("word", WILDCARDS)
def test_wildcard_filter_equals_a_scan_of_the_tokens_and_kwic_marks_each(built, word):
    """``immigra*``: the articles with a term token the glob matches, every one found and no other; each
    found article has a KWIC line whose match is such a word."""
    df, idx, tokens = built
    glob = re.compile(glob_regex(word))
    expected = [i for i, toks in enumerate(tokens) if any(glob.fullmatch(t) for t in toks)]
    got = idx.filter(keyword=word).rows.tolist()
    assert got == expected, word
    if expected:
        lines = toolkit.stats.kwic(idx.filter(keyword=word), word, window=20, limit=None)
        assert set(lines["row"]) == set(expected)
        assert all(glob.fullmatch(m.lower().replace("’", "'")) for m in lines["match"]), word


def test_a_term_the_tokenizer_cuts_out_of_letters_and_digits_has_its_kwic_line(built):
    """The tokenizer cuts a digit after three letters (PolNeAR's ``KarenDoe50`` holds ``karendoe`` and
    ``50``; ``COVID19`` is ``covid`` + ``19``): the filter finds such a term through the index, and each
    article it finds has a KWIC line for it (the left one of each cut, and the right one)."""
    df, idx, tokens = built
    cut = re.compile(r"(?<![^\W_])([^\W\d_]{3,})(\d+)(?![^\W_])")
    pairs = Counter((m.group(1).lower(), m.group(2)) for t in df["content"].fillna("") for m in cut.finditer(t))
    words = {w for pair, _ in pairs.most_common(15) for w in pair if w in {t for toks in tokens for t in toks}}
    assert len(words) >= 5
    for word in sorted(words):
        found = idx.filter(keyword=word).rows.tolist()
        assert found == [i for i, toks in enumerate(tokens) if word in toks], word
        lines = toolkit.stats.kwic(idx.filter(keyword=word), word, window=20, limit=None)
        assert set(lines["row"]) == set(found), word
        assert all(m.lower() == word for m in lines["match"]), word


def test_wildcard_over_many_terms_agrees_with_the_tokens_and_each_posting_list(built):
    """A glob matching hundreds of terms: every posting list decoded at once gives the rows of each list."""
    df, idx, tokens = built
    from toolkit.index.search import glob_columns

    terms = idx.matrices["terms"]
    vocab = terms.vocab_arrow
    cols = glob_columns(terms, "s*")
    expected_cols = np.flatnonzero(pc.match_substring_regex(vocab, glob_regex("s*")).to_numpy(zero_copy_only=False))
    assert np.array_equal(cols, expected_cols) and len(cols) > 64
    expected = [i for i, toks in enumerate(tokens) if any(t.startswith("s") for t in toks)]
    assert idx.filter(keyword="s*").rows.tolist() == expected
    for part in (cols[:3], cols[::7], cols):
        by_postings = np.zeros(idx.n_articles, dtype=bool)
        for col in part:
            by_postings[terms.postings(col)] = True
        assert np.array_equal(terms.rows_with_any(part, idx.n_articles), by_postings)


@pytest.mark.parametrize("query", ["wall OR border", "immigra* OR white house OR zzqq", "tax cut OR tax cuts OR jobs"])
def test_or_filter_is_the_union_of_its_parts(built, query):
    df, idx, _ = built
    parts = [p.strip() for p in query.split(" OR ")]
    union = sorted(set().union(*(set(idx.filter(keyword=p).rows.tolist()) for p in parts)))
    assert idx.filter(keyword=query).rows.tolist() == union and union
    lines = toolkit.stats.kwic(idx.filter(keyword=query), query, window=20, limit=None)
    assert set(lines["row"]) == set(union)                      # every article found has a line


def test_keyword_syntax_mistakes_are_explained(built):
    df, idx, _ = built
    assert idx.filter(keyword="wall, border, fence").n_articles == 0
    assert Keyword("wall, border, fence").hint().endswith("type: wall OR border OR fence")
    assert idx.filter(keyword="wall or fence").n_articles < idx.filter(keyword="wall OR fence").n_articles
    assert Keyword("wall or fence").hint() == "OR means “any of” in capitals only: wall OR fence"
    assert "regular expression" in Keyword(r"wall(s)?").hint()
    assert Keyword("border wall").hint() is None
    with pytest.raises(ValueError, match="wildcards stand for whole words"):
        idx.filter(keyword="border wal*")
    for pattern, words in [("(wall", "a “(” is never closed"), ("wall)", "a “)” has no “(” before it"),
                           ("*wall", "must follow something to repeat"), (r"(a)\1", "back-references"),
                           ("(?<=a)b", "look-behind"), ("[z-a]", "runs backwards"), ("[abc", "a “[” is never closed")]:
        with pytest.raises(ValueError) as caught:
            idx.filter(keyword=pattern, regex=True)
        message = str(caught.value)
        assert message.startswith("not a valid regular expression: ") and words in message, message
        assert repr(pattern) in message and "RE2" not in message and "Invalid" not in message


def test_compressed_postings_equal_the_column_structure():
    rng = np.random.default_rng(5)
    docs = [[f"t{j}" for j in rng.zipf(1.3, size=int(rng.integers(0, 300))) % 5000] for _ in range(3000)]
    m = TermMatrix.from_token_lists(docs)
    csc = m.X.tocsc()
    for col in range(m.X.shape[1]):
        assert m.postings(col).tolist() == csc.indices[csc.indptr[col]:csc.indptr[col + 1]].tolist()
    cols = rng.integers(0, m.X.shape[1], size=50)
    expected = np.zeros(m.X.shape[0], dtype=bool)
    for col in cols:
        expected[m.postings(int(col))] = True
    assert (m.rows_with_any(cols, m.X.shape[0]) == expected).all()


@pytest.mark.parametrize("pattern, expected", [
    (r"\bwall(s)? (on|along) the", ["wall", [["on"], ["along"]], "the"]),
    (r"(?:ab|cd)e", [[["ab"], ["cd"]], "e"]),
    (r"x(yz)?w", ["x", "w"]),
    (r"a|.", []),                   # one alternative needs nothing: the choice requires nothing
    (r"\d+ percent", ["percent"]),
    (r"[[:alpha:]]+", None),        # RE2-only syntax: assume nothing
])
def test_regex_requirements(pattern, expected):
    assert regex_requirements(pattern) == expected
