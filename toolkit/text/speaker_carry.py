"""A speaker for a quotation without an attribution of its own, carried from before it (news style).

Rules (the quotation must be speech; the speaker found is marked ``inferred``):
- The previous quotation's speaker, when only that one's attribution and paragraph breaks lie between
  (``“…,” the minister said.¶“…”``) or words that only say the speaker goes on (``“…,” and added: “…”``,
  :func:`toolkit.text.utterance.said_again`), and no words follow this quotation in its sentence.
- Else, for a quotation that opens a sentence and ends it, the last speaker before it: in its paragraph, or,
  when it opens its paragraph, in the paragraph before (lines without a word skipped): the speaker of the
  last attributed speech quotation there or the last person reported there (``Chapman says delays are
  common.¶“We see it daily.”``), whichever comes later. In text without line breaks, "its paragraph" is
  the last 400 characters before it.

Example:
    >>> from toolkit.text.quotations import quotes
    >>> [(q.speaker, q.inferred) for q in quotes("Chapman says delays are common.\\n\\n“We see it daily.”")]
    [('Chapman', True)]
"""
from __future__ import annotations

import re
from typing import Protocol, Sequence

from toolkit.text.attribution import REPORT_WINDOW, Attribution, reported_speaker
from toolkit.text.utterance import closes_sentence, said_again

__all__ = ["carried_speaker"]

Pair = tuple[int, int, int, int, int]     # (open_mark, start, close_mark, close_end, paragraphs)

#: a speaker is carried to the next quotation across at most this many characters (its attribution)
_CARRY_GAP = 200
#: how far back the paragraphs before a quotation are looked for (characters)
_PARAGRAPH_REACH = 2_000
#: at most this many quotations before it are read for a speaker
_QUOTES_BACK = 64
_HAS_WORD = re.compile(r"\w")
_SENTENCE_END = frozenset(".!?…")
_SENTENCE_END_IN_GAP = re.compile(r"[.!?…](?=\s|$)")
_WORDS_AFTER = re.compile(r"[ \t]*[,;:]?[ \t]*[\w(]")


class Said(Protocol):
    """What is read of a quotation found before (a :class:`toolkit.text.quotations.Quote`)."""
    kind: str
    speaker: str | None
    speaker_role: str | None
    open_mark: int
    close_mark: int
    close_width: int

    @property
    def span_with_marks(self) -> tuple[int, int]: ...


def carried_speaker(text: str, found: Sequence[Said], pair: Pair) -> Attribution | None:
    """The speaker an unattributed speech quotation ``pair`` takes from before it (news style), else None:
    the previous quotation's when only its attribution (:func:`_continues`) or words saying the speaker goes
    on (``“…” and added: “…”``, :func:`~toolkit.text.utterance.said_again`) lie between, else the last
    speaker before it in its paragraph or the one before (:func:`_paragraph_speaker`)."""
    previous = found[-1] if found else None
    if previous is not None and previous.speaker is not None:
        gap = text[previous.close_mark + previous.close_width:pair[0]]
        if _continues(text, previous, pair) or said_again(
                re.sub(rf"(?<!\w){re.escape(previous.speaker)}(?!\w)", "", gap) if len(gap) <= 200 else gap):
            return Attribution(previous.speaker, previous.speaker_role)
    return _paragraph_speaker(text, found, pair)


def _continues(text: str, previous: Said, pair: Pair) -> bool:
    """Whether the quotation ``pair``, found without an attribution, goes on with the speaker of the
    ``previous`` quotation (news style: ``“…,” the minister said.¶“…”``). Only when that one is speech,
    its speaker was named after it, in the rest of its sentence, and nothing but that attribution and
    paragraph breaks lies between them; and when no words follow this quotation in its own sentence (an
    attribution this module does not read, ``“…,” one said.``, names someone else)."""
    open_mark, _, _, close_end, _ = pair
    if previous.speaker is None or previous.kind != "speech":
        return False
    gap_start = previous.close_mark + previous.close_width
    if open_mark - gap_start > _CARRY_GAP:
        return False
    gap = text[gap_start:open_mark]
    sentence_end = _SENTENCE_END_IN_GAP.search(gap)
    if sentence_end is None or previous.speaker not in gap[:sentence_end.start()]:
        return False
    if _HAS_WORD.search(gap, sentence_end.end()):
        return False
    return _WORDS_AFTER.match(text, close_end) is None


def _paragraph_speaker(text: str, found: Sequence[Said], pair: Pair) -> Attribution | None:
    """For a quotation that opens a sentence and ends it without an attribution, the last speaker before
    it: in its paragraph, or, when it opens its paragraph, in the paragraph before (lines without a word
    skipped). That is the speaker of the last attributed speech quotation there or the last person reported
    there (``Chapman says delays are common.¶“We see it daily.”``), whichever comes later; else None."""
    open_mark, _, close_mark, close_end, _ = pair
    after = _WORDS_AFTER.match(text, close_end)
    if after and (text[after.end() - 1].islower() or not closes_sentence(text, close_mark, close_end)):
        return None         # '“…,” one said.', '“…!” was the reply.': its sentence goes on
    # (line breaks are looked for at most _PARAGRAPH_REACH back: the cost stays per quotation)
    line_break = text.rfind("\n", max(0, open_mark - _PARAGRAPH_REACH), open_mark)
    line_start = line_break + 1 if line_break >= 0 else max(0, open_mark - _PARAGRAPH_REACH)
    if _HAS_WORD.search(text, line_start, open_mark):
        if text[max(line_start, open_mark - 8):open_mark].rstrip(" \t\xa0\"”’'`)")[-1:] not in _SENTENCE_END:
            return None     # after a colon, a dash or a word: not a sentence of its own
        begin, end = line_start, open_mark
        if line_break < 0:  # no line break near: the last few sentences stand for its paragraph
            begin = max(begin, open_mark - REPORT_WINDOW)
    elif line_break < 0:
        return None         # the first paragraph: nothing before it
    else:
        end = line_break
        while True:         # the previous paragraph with a word in it
            floor = max(0, end - _PARAGRAPH_REACH)
            begin = text.rfind("\n", floor, end) + 1 or floor
            if _HAS_WORD.search(text, begin, end):
                break
            if begin <= max(0, line_break - _PARAGRAPH_REACH):
                return None
            end = begin - 1
    best_at, best = -1, None
    quoted = []
    read_from = max(begin, end - REPORT_WINDOW)     # what reported_speaker reads
    for walked, q in enumerate(reversed(found)):     # (at most _QUOTES_BACK quotations: the cost stays bounded)
        if q.close_mark < begin or walked >= _QUOTES_BACK or (best is not None and q.close_mark < read_from):
            break
        if q.close_mark >= read_from:
            quoted.append(q.span_with_marks)
        if best is None and q.speaker is not None and q.kind == "speech" and q.open_mark >= begin:
            best_at, best = q.open_mark, Attribution(q.speaker, q.speaker_role)
    reported = reported_speaker(text, begin, end, quoted)
    if reported is not None and reported[0] > best_at:
        return reported[1]
    return best
