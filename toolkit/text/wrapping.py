"""Hard-wrapped text: lines broken at a fixed width inside paragraphs (e-mail archives, Gutenberg-style files).

Rules:

- A text is hard-wrapped when its lines are short (the longest with a space in it has ``MIN_WIDTH`` to
  ``MAX_WIDTH`` characters: a long URL may stick out) and regular: of the lines followed by another line of the same
  paragraph, at least ``MIN_FULL_SHARE`` are *full*, within ``SLACK`` characters of the longest line (a
  wrapper breaks a line only when the next word does not fit). At least ``MIN_WRAPPED_LINES`` such lines
  are needed: a few short lines (an address, a list, a poem) are not wrapping. Texts with one paragraph
  per line (most news exports) have long, irregular lines and are never hard-wrapped.
- In a hard-wrapped text a paragraph ends at a blank line. If the text has no blank line at all, a line
  ends its paragraph when the first word of the next line would have fitted on it (a wrapper would have
  put it there).
- :func:`unwrap` replaces every other line break by a space, so the text keeps its length and every
  offset found in the unwrapped text is an offset of the original.

Example:
    >>> wrapped = ("“We will not back down on this bill, not now and not\\n"
    ...            "ever,” the senator said on Monday, and the crowd that\\n"
    ...            "had waited outside the hall since the early morning\\n"
    ...            "cheered for a long time before it went home again.\\n\\nNext.")
    >>> is_hard_wrapped(wrapped, min_lines=3)
    True
    >>> unwrap(wrapped, min_lines=3)[:70]
    '“We will not back down on this bill, not now and not ever,” the senato'
"""
from __future__ import annotations

import re

__all__ = ["is_hard_wrapped", "unwrap", "MAX_WIDTH"]

#: wrapped lines are at most this long (Gutenberg 70-75, e-mail 72-78, some exports up to 100)
MAX_WIDTH = 110
#: and at least this long (shorter lines are lists, tweets or verse, not wrapping)
MIN_WIDTH = 45
#: a line is full when it is at most this many characters shorter than the longest line
SLACK = 24
#: share of the paragraph-inner lines that must be full
MIN_FULL_SHARE = 0.8
#: the fewest paragraph-inner lines that show wrapping
MIN_WRAPPED_LINES = 4

_INNER_BREAK = re.compile(r"(?<=[^\n])\r?\n(?=[^\r\n])")


def _lines(text: str) -> tuple[list[str], list[int], int]:
    """The lines (a ``\\r`` before a line break kept), the length of each without it, and the longest with
    a space (a wrapper cannot break a line without one, such as a long URL: it may stick out past the width)."""
    lines = text.split("\n")
    lengths = [len(line.rstrip("\r")) for line in lines]
    return lines, lengths, max((n for n, line in zip(lengths, lines) if " " in line), default=0)


def _may_be_wrapped(text: str, min_lines: int) -> bool:
    """Cheap test first: the first line is not long prose (most news: a paragraph per line), there are
    enough line breaks, and the non-blank lines are no longer than MAX_WIDTH on average (every "\\n\\n"
    holds a blank line, so the lines counted are at least those that are not blank)."""
    head = 2 * MAX_WIDTH
    if text.find("\n", 0, head) < 0 and len(text) > head and " " in text[:head]:
        return False  # a first line of over 2 x MAX_WIDTH characters, with a space: not wrapped
    breaks = text.count("\n")
    if breaks < min_lines or len(text) > (MAX_WIDTH + 1) * (breaks + 1):
        return False
    return len(text) <= (MAX_WIDTH + 1) * (breaks + 1 - text.count("\n\n"))


def _wrapped_width(lengths: list[int], width: int, min_lines: int) -> int:
    """The wrapping width of a text with these line lengths, or 0 when it is not hard-wrapped."""
    if width > MAX_WIDTH or width < MIN_WIDTH:
        return 0
    inner = [n for n, following in zip(lengths, lengths[1:]) if n and following]
    if len(inner) < min_lines:
        return 0
    full = sum(n >= width - SLACK for n in inner)
    return width if full >= MIN_FULL_SHARE * len(inner) else 0


def is_hard_wrapped(text: str, *, min_lines: int = MIN_WRAPPED_LINES) -> bool:
    """Whether ``text`` is hard-wrapped (see the module rules).

    >>> is_hard_wrapped("One paragraph per line.\\nAnother one, of another length entirely.")
    False
    """
    return _may_be_wrapped(text, min_lines) and _wrapped_width(*_lines(text)[1:], min_lines) > 0


def unwrap(text: str, *, min_lines: int = MIN_WRAPPED_LINES) -> str:
    """``text`` with the line breaks inside its paragraphs replaced by spaces when it is hard-wrapped
    (same length, same offsets); any other text unchanged.

    >>> unwrap("Not wrapped.\\nAt all.")
    'Not wrapped.\\nAt all.'
    """
    if not _may_be_wrapped(text, min_lines):
        return text
    lines, lengths, widest = _lines(text)
    width = _wrapped_width(lengths, widest, min_lines)
    if not width:
        return text
    if "\n\n" in text or "\n\r\n" in text:
        return _INNER_BREAK.sub(lambda m: " " * len(m.group()), text)
    # no blank lines: a line ends its paragraph when the next line's first word would have fitted on it
    # (a line break that ends the text is read as a space: it ends no paragraph)
    out = []
    for k, (n, line, following) in enumerate(zip(lengths, lines, lines[1:])):
        first_word = len(following.lstrip().split(" ", 1)[0])
        ends_paragraph = n == 0 or n + 1 + first_word <= width if following.strip() else k < len(lines) - 2
        out.append(line + "\n" if ends_paragraph else line[:n] + " " * (len(line) - n + 1))
    out.append(lines[-1])
    return "".join(out)
