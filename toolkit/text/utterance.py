"""Where a quotation stands in its sentence: whether it is an utterance (speech) or a term embedded in a
running sentence (scare), and whether the words between two quotations only say the speaker goes on.

Rules:
- A quotation *opens* an utterance at the start of its paragraph, after a sentence end, a colon, a dash or
  a semicolon, after a verb of saying (``said “…``, ``told her “…``, ``writing “…``, PTB ``said `` …``), or
  after a comma when it starts with a capital letter. After any other word it is embedded
  (``a crackdown on “fake news.”``).
- It *closes* its sentence when its words end with ``. ! ? …`` (American style) or a sentence end, a line
  break or the end of the text follows the closing mark.
- :func:`said_again`: between two quotations of one paragraph, a verb of saying and nobody new named
  (``“…,” and added: “…”``).

Example:
    >>> opens_sentence('He said: “No.”', 9), closes_sentence('“Fake news” is a slogan.', 10, 11)
    (True, False)
"""
from __future__ import annotations

import re

import regex

from toolkit.text.attribution import SPEECH_VERBS

__all__ = ["opens_sentence", "closes_sentence", "said_again"]

_CLOSING = "\"”’'`)]"
# searched from the end of the text backwards (regex's (?r)): a forward search would retry every position
_LAST_WORDS = regex.compile(r"(?r)(?:(\w+)[ \t]+)?(\w+)[ \t]*(,?)[ \t]*\Z")
# a verb of saying in a form that introduces a quotation without naming the speaker first
_INTRODUCING = frozenset(SPEECH_VERBS) | frozenset((
    "saying", "writing", "adding", "telling", "asking", "noting", "tweeting", "explaining", "declaring",
    "insisting", "warning", "arguing", "claiming", "posting", "replying", "answering", "shouting", "crying",
    "exclaiming", "calling", "reading", "stating", "announcing", "concluding", "joking"))
# who is spoken to between the verb and the quotation: 'told her “…', 'told reporters, “…'
_ADDRESSEES = frozenset(("her", "him", "them", "me", "us", "you", "reporters", "journalists", "supporters",
                         "followers", "fans", "viewers", "listeners", "students", "lawmakers", "police"))
# only verbs of saying and connectives: ', and added: ', ' said, adding later, ' (no one else, nothing else)
_VERBS = r"(?:" + "|".join(sorted(_INTRODUCING, key=len, reverse=True)) + r")\b(?:[ \t]+(?:later|again|then|also))?"
_CONNECTIVES = r"(?:(?:and|then|later|also|but|before|again)[ \t]+)*"
_SAID_AGAIN = re.compile(rf"[ \t]*[,;]?[ \t]*{_CONNECTIVES}{_VERBS}(?:[ \t]*,?[ \t]*{_CONNECTIVES}{_VERBS})*"
                         r"[ \t]*[,:;]?[ \t]*")


def said_again(gap: str) -> bool:
    """Whether the words between two quotations of one paragraph only say that the speaker goes on: verbs
    of saying and connectives, nothing else (``, and added: ``, `` said, adding later, ``), at most 80
    characters.

    >>> said_again(" and added: "), said_again(" and Smith added: "), said_again(" said, and fans chanted: ")
    (True, False, False)
    """
    return len(gap) <= 80 and _SAID_AGAIN.fullmatch(gap) is not None


def opens_sentence(text: str, open_mark: int) -> bool:
    """Whether the quotation opening at ``open_mark`` starts a sentence or an utterance: at the start of
    its paragraph, after a sentence end, a colon, a dash or a semicolon, after a verb of saying
    (``said “…``, ``said, “…``, ``told her “…``, ``writing “…``, PTB ``said `` …``), or after a comma when it
    starts with a capital letter (``joked in his turn, “It was …``). One that follows any other word is embedded in a
    running sentence (``a crackdown on “fake news.”``).

    >>> opens_sentence('He said: “No.”', 9), opens_sentence('a crackdown on “fake news.”', 15)
    (True, False)
    """
    start = max(0, open_mark - 60)
    before = text[start:open_mark].rstrip(" \t\xa0")
    if not before or before.endswith("\n"):
        return True
    trimmed = before.rstrip(_CLOSING + " \t")
    last = trimmed[-1:]
    if last in ".!?…:;—–" or last == "-" and trimmed.endswith("--"):
        return True
    if not trimmed or trimmed.endswith("\n"):
        return True
    words = _LAST_WORDS.search(before)
    if words is None:
        return False
    previous, last, comma = (w.lower() for w in words.groups(""))
    if last in _INTRODUCING or (last in _ADDRESSEES and previous in _INTRODUCING):
        return True
    # after a comma, a quotation starting with a capital letter is an utterance ('joked, “It was …')
    quoted = text[open_mark:open_mark + 8].lstrip("\"“”‘’'` \t")
    return bool(comma) and quoted[:1].isupper()


def closes_sentence(text: str, close_mark: int, close_end: int) -> bool:
    """Whether the quotation whose closing mark spans ``text[close_mark:close_end]`` ends its sentence:
    its words end with ``. ! ? …`` (American style), or a sentence end, a line break or the end of the
    text follows the mark.

    >>> closes_sentence('“Sit down, Tom.” He sat.', 15, 16), closes_sentence('“Fake news” is a slogan.', 10, 11)
    (True, False)
    """
    inside = text[max(0, close_mark - 8):close_mark].rstrip(" \t" + _CLOSING)
    if inside[-1:] in ".!?…":
        return True
    after = text[close_end:close_end + 8].lstrip(" \t" + _CLOSING)
    return not after or after[0] in ".!?…\n"
