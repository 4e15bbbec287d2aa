"""Property tests: quotation finding on arbitrary unicode never fails and keeps its invariants."""
from __future__ import annotations

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.text.quotations import count_quotes, find_quotes, quote_counts, quotes

MARKS = ['"', "“", "”", "``", "''", "‘‘", "’’"]
MARK_CHARS = re.compile("[\"“”`'‘’]")

# arbitrary unicode, plus text built from the pieces the pairing logic looks at, so that quote marks,
# line breaks and spaces meet in every combination far more often than in random unicode
pieces = st.sampled_from(MARKS + [" ", "\n", "\n\n", ".", ",", "a", "Word", "said", "He said", "’", "'", "`"])
texts = st.one_of(st.text(), st.lists(st.one_of(pieces, st.text(max_size=3)), max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_invariants(text):
    result = find_quotes(text)
    found = result.quotes
    assert count_quotes(text) == len(found) == len(quotes(text)) >= 0
    assert quote_counts(text) == (len(found), sum(q.words for q in found))
    previous_end = -1
    for q in found:
        assert 0 <= q.open_mark < q.start <= q.end <= q.close_mark < len(text)
        assert q.span_with_marks[1] <= len(text)
        assert text[q.start:q.end] == q.text and q.text == q.text.strip()
        assert q.words >= 1 and q.paragraphs >= 1
        assert q.kind in ("speech", "scare")
        assert q.open_mark > previous_end          # quotations do not overlap and come in order
        previous_end = q.close_mark
    assert result.unmatched == sorted(set(result.unmatched))
    assert all(0 <= u < len(text) for u in result.unmatched)
    assert set(result.stray) <= set(result.unmatched)
    paired = {q.open_mark for q in found} | {q.close_mark for q in found}
    assert not paired & set(result.unmatched)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_text_without_quote_marks_has_no_quotes(text):
    text = MARK_CHARS.sub("", text)
    result = find_quotes(text)
    assert result.quotes == [] and result.unmatched == []
    assert count_quotes(text) == 0


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), texts), max_size=5))
def test_series_agrees_with_single_texts(values):
    series = pd.Series(values, index=[f"a{i}" for i in range(len(values))], dtype=object)
    counts = count_quotes(series)
    assert counts.index.equals(series.index)
    assert counts.tolist() == [count_quotes(v or "") for v in values]
