"""Hard-wrapped text gives the same quotations as the text it was wrapped from.

Every real corpus in ``../shared`` is hard-wrapped here as e-mail archives and Gutenberg-style files are:
each paragraph (a line of the original) is broken at spaces into lines of at most 60-80 columns, and
paragraphs are separated by a blank line. Each wrapped line break replaces one space, and each paragraph
break gains one character, so offsets map back exactly. The quotations of the wrapped text, mapped back,
must be those of the original: same spans, marks, kinds, speakers and paragraph counts. Before wrapping
was detected, every line break read as a paragraph end and most quotations spanning one were lost.
"""
from __future__ import annotations

import bisect
import random

import pytest

from tests.text.test_native_twins import _real_texts
from toolkit.text import count_quotes, find_quotes, quote_counts
from toolkit.text.wrapping import is_hard_wrapped, unwrap


def hard_wrap(text: str, width: int) -> tuple[str, list[int]]:
    """``text`` wrapped at ``width`` (one paragraph per original line, a blank line between paragraphs),
    and the offsets in the wrapped text where a character was inserted (one per paragraph break)."""
    out, inserted, length = [], [], 0
    for k, paragraph in enumerate(text.split("\n")):
        if k:
            out.append("\n\n")
            inserted.append(length + 1)
            length += 2
        chars = list(paragraph)
        line_start, last_space = 0, -1
        for i, ch in enumerate(chars):
            if ch == " ":
                last_space = i
            if i - line_start >= width and last_space > line_start:
                chars[last_space] = "\n"
                line_start = last_space + 1
        out.append("".join(chars))
        length += len(chars)
    return "".join(out), inserted


def _back(offset: int, inserted: list[int]) -> int:
    """The original offset of a wrapped-text offset (not one of the inserted characters)."""
    return offset - bisect.bisect_right(inserted, offset)


def _quotations(text: str) -> list[tuple]:
    return [(q.start, q.end, q.open_mark, q.close_mark, q.kind, q.speaker, q.paragraphs)
            for q in find_quotes(text).quotes]


@pytest.fixture(scope="module")
def texts_with_breaks() -> list[str]:
    """Real texts long enough to wrap (at least two lines at 80 columns)."""
    return [t for t in _real_texts() if len(t) > 160 and "\n\n" not in t]


def test_real_originals_are_not_taken_for_hard_wrapped(texts_with_breaks):
    flagged = [t[:80] for t in _real_texts() if is_hard_wrapped(t)]
    assert flagged == []


@pytest.mark.slow
def test_wrapped_real_corpora_give_the_original_quotations(texts_with_breaks):
    rng = random.Random(12)
    compared = wrapped_quotes = 0
    differences = []
    for text in texts_with_breaks:
        original = _quotations(text)
        if not original and rng.random() > 0.1:  # texts without quotations: a sample is enough
            continue
        width = rng.randint(60, 80)
        wrapped, inserted = hard_wrap(text, width)
        if wrapped.count("\n") - 2 * text.count("\n") < 4:
            continue  # too short to show its wrapping
        assert is_hard_wrapped(wrapped), (width, wrapped[:300])
        assert len(unwrap(wrapped)) == len(wrapped)
        back = [(_back(s, inserted), _back(e, inserted), _back(o, inserted), _back(c, inserted), kind, who, paras)
                for s, e, o, c, kind, who, paras in _quotations(wrapped)]
        compared += 1
        wrapped_quotes += len(back)
        if back != original:
            differences.append((text[:120], width, sorted(set(back) ^ set(original))[:3]))
        assert count_quotes(wrapped) == quote_counts(wrapped)[0] == len(back)
    assert compared > 1000 and wrapped_quotes > 5000, (compared, wrapped_quotes)
    assert differences == []


def test_wrapped_quotation_over_a_line_break_is_found():
    text = ("The senator spoke for an hour. “We are not going to give up on this bill, not now and not\n"
            "ever,” she said to the reporters gathered outside the chamber on Tuesday morning, before\n"
            "the vote was called and the doors of the hall were closed for the rest of the long day.\n"
            "Her colleagues said little about it, and most of them left the building before the evening\n"
            "news.\n\nA second paragraph follows here.")
    (quote,) = find_quotes(text).quotes
    assert quote.text == "We are not going to give up on this bill, not now and not\never,"
    assert quote.speaker == "she" and quote.kind == "speech"
