"""Names repeated at once by coreference resolution (``Huckabee Huckabee``) counted once, on real PTB text."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.index import CorpusIndex
from toolkit.index.build import build_parts
from toolkit.index.counting import build_options
from toolkit.index.matrix import TermMatrix, term_piece
from toolkit.index.phrases import PhraseTable, phrase_piece
from toolkit.index.repeats import candidate_texts, collapse_counted
from toolkit.index.store import files_cache_key
from toolkit.text import tokenize
from toolkit.text._native import term_counts
from toolkit.text.style import resolve_style
from toolkit.text.tokens import normalize_text
from tests.external import external_file

PTB = ("allsides-article-bias", "content_tokenized_subset.csv")


@pytest.fixture(scope="module")
def ptb() -> pd.DataFrame:
    return toolkit.load(external_file(*PTB), progress=False)


def test_repeated_names_in_ptb_articles_are_counted_once(ptb):
    texts = ptb["content"].fillna("").tolist()
    assert sum(resolve_style(t, "auto") == "ptb" for t in texts) > 900
    removed: Counter = Counter()
    for text in texts:
        removed += Counter(tokenize(text, lowercase=True, drop_punct=True)) - Counter(
            tokenize(text, lowercase=True, drop_punct=True, collapse_repeats=True))
    # 'TRUMP TRUMP TRUMP TRUMP', 'Chile China Colombia Comoros Congo Congo', 'Fang Fang': this corpus is PTB
    # but not coreference-resolved, so the few repeats it has are emphasis, lists and names
    assert sum(removed.values()) > 20 and removed["trump"] >= 3
    collapsed = CorpusIndex.build(ptb, progress=False)
    plain = CorpusIndex.build(ptb, progress=False, collapse_repeats=False)
    assert int(plain.n_words.sum() - collapsed.n_words.sum()) == sum(removed.values())
    a, b = plain.matrices["terms"], collapsed.matrices["terms"]
    for word, n in removed.items():
        assert a.X[:, a.column(word)].sum() - b.X[:, b.column(word)].sum() == n, word
    # the features are the text's own either way
    assert collapsed.meta["tokens"].equals(plain.meta["tokens"])


def test_a_name_repeated_across_punctuation_a_line_break_or_in_lower_case_is_kept():
    texts = ["behind you . You got him", "very very good", "Mike Huckabee Huckabee said",
             "Donald Trump Donald Trump won", "FIRE MUELLER\nMueller has", "STRASSE Straße"]
    counted, removed = collapse_counted(term_counts(texts), texts, [True] * 6)
    assert removed == 3
    vocab, piece = term_piece(counted)
    rows = [{vocab[c]: int(v) for c, v in zip(piece[r].indices, piece[r].data)} for r in range(6)]
    assert rows[4]["mueller"] == 2
    assert rows[0]["you"] == 2 and rows[1]["very"] == 2 and rows[2]["huckabee"] == 1
    assert rows[3] == {"donald": 1, "trump": 1, "won": 1}
    for text, row in zip(texts, rows):
        assert TermMatrix.from_token_lists([tokenize(text, lowercase=True, drop_punct=True, collapse_repeats=True)]
                                           ).X.sum() == sum(row.values())
    # phrases are counted on what remains; texts not allowed are untouched
    table = PhraseTable(["donald trump"])
    assert phrase_piece(counted, table)[1].toarray()[3].tolist() == [1]
    assert phrase_piece(term_counts(texts), table)[1].toarray()[3].tolist() == [2]
    assert collapse_counted(term_counts(texts), texts, [False] * 6) == (term_counts(texts), 0)


def test_candidates_are_every_text_the_rule_can_change(ptb):
    texts = [normalize_text(t) for t in ptb["content"].fillna("").tolist()]
    found = set(candidate_texts(np.frombuffer(term_counts(texts)[6], dtype=np.int32)).tolist())
    changed = {i for i, t in enumerate(texts)
               if tokenize(t, collapse_repeats=True) != tokenize(t)}
    assert changed and changed <= found


def test_the_setting_is_checked_and_keys_the_cache(tmp_path):
    df = pd.DataFrame({"content": ["Huckabee Huckabee won ."]})
    with pytest.raises(ValueError, match="collapse_repeats must be 'auto', True or False, not 'yes'"):
        CorpusIndex.build(df, collapse_repeats="yes")
    everywhere = build_parts(df, progress=False, collapse_repeats=True)[2]["terms"]
    assert everywhere.X.sum() == 2 and build_parts(df, progress=False, collapse_repeats=False)[2]["terms"].X.sum() == 3
    path = external_file(*PTB)
    assert files_cache_key(path, build_options=build_options()) != files_cache_key(
        path, build_options=build_options(collapse_repeats=False))
    assert files_cache_key(path) == files_cache_key(path, build_options=build_options())


def test_folds_read_around_the_candidates_equal_the_whole_rule():
    from toolkit.index.repeats import _folded, _hits
    from toolkit.text.tokens import collapse_kept

    rng = np.random.default_rng(12)
    pool = ["A", "a", "B", "b", "C", "#t", ".", ",", "x", "Bo", "Straße", "STRASSE", "Ⓐ"]
    for _ in range(3000):
        tokens = [pool[i] for i in rng.integers(0, len(pool), rng.integers(0, 60))]
        starts = (rng.random(len(tokens)) < 0.05).tolist()          # tokens after a line break
        ids = {t: i for i, t in enumerate(dict.fromkeys(t.lower() for t in tokens))}
        codes = np.array([-1 if t in ".,Ⓐ" else ids[t.lower()] for t in tokens], dtype=np.int64)
        whole = [i for i, k in enumerate(collapse_kept(tokens, starts)) if not k]
        line = np.cumsum(starts)
        assert _folded(tokens, starts, np.flatnonzero(_hits(codes, line))) == whole, tokens
