"""Direct quotations in news text: find the quoted spans, count them, name their speakers.

How marks are read:

- Double marks: straight ``"``, curly ``“ ”``, PTB ``\\`\\` … ''`` (``''`` alone, in a text without any
  ``\\`\\```, behaves like ``"``) and doubled single curly marks ``‘‘ … ’’``. Each gets a direction from its
  glyph (``“``/``\\`\\``` open, ``”``/``''`` close) and its context (a mark after a space and before a word
  opens, one after a word and before a space or punctuation closes); the context wins over a curly glyph
  typed the wrong way round, and decides for ``"``.
- Single curly marks ``‘ … ’`` (British style) are paired on their own: ``‘`` opens; ``’`` closes only
  where it cannot be an apostrophe inside or before a word (``don’t``, ``’90s``), and a plural possessive
  (``students’ union``) is skipped when a later ``’`` closes the quotation. An unpaired ``’`` is an
  apostrophe and is not reported. A quotation nested in another (``“they said ‘no’ twice”``) belongs to
  the outer one. Straight single quotes ``'`` are never quotation marks (too ambiguous with apostrophes).
- PTB-spaced text (most marks stand alone between spaces, ``he said , " we ... . "``) is detected per
  text from its marks; there a mark glued to a word (``clampdown on "targeted abuse``) is a
  coreference artefact and is not paired.
- Pairs never cross a paragraph (a line break) unless the standard English convention for long
  quotations applies: the paragraph ends inside the quotation and the next one begins with an opening
  mark. That also resynchronises after a lost mark, so one stray mark cannot shift every later pair.
  In a text without any line break (paragraphs joined into one line, as in some corpora), an opening
  mark right after a sentence end inside an open quotation continues it instead. A hard-wrapped text
  (:mod:`toolkit.text.wrapping`) is read with the line breaks inside its paragraphs as spaces.
- Marks left unpaired are reported in ``QuoteResult.unmatched`` (artefact marks among them, also listed
  in ``QuoteResult.stray``); a pair enclosing no word (``""``) is not a quotation and its marks are unmatched.
- ``kind`` comes from the quotation's place in its sentence. ``speech``: a speaker is named, it spans
  paragraphs, or it opens an utterance (paragraph start, after a sentence end, a colon or dash, a verb of
  saying, or a comma when it starts with a capital letter) and closes its sentence (``“Really?”``,
  ``“Sit down, Tom.”``). ``scare``: it is embedded in a running sentence, after any other word
  (``a crackdown on “fake news.”``, however long), or it opens a sentence that goes on and is a short term
  (at most three words) or a title (``“The Kid Who Would Be King”``).
  Speakers: :mod:`toolkit.text.attribution`, carried from before a quotation without one:
  :mod:`toolkit.text.speaker_carry`; the place in the sentence: :mod:`toolkit.text.utterance`.

Offsets: ``Quote.start``/``Quote.end`` delimit the quoted words, *without* the marks and the spaces just
inside them (``text[q.start:q.end] == q.text``); ``Quote.open_mark``/``Quote.close_mark`` are the offsets
of the two marks and ``Quote.span_with_marks`` the span including them.

Example:
    >>> r = find_quotes('“It works,” she said. A “so-called” fix.')
    >>> [(q.text, q.kind, q.speaker) for q in r.quotes]
    [('It works,', 'speech', 'she'), ('so-called', 'scare', None)]
    >>> count_quotes('He said "yes" and "no')
    1
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import overload

import pandas as pd

from toolkit.text._input import as_text, map_texts
from toolkit.text._native import compiled
from toolkit.text.attribution import attribute
from toolkit.text.speaker_carry import carried_speaker
from toolkit.text.utterance import closes_sentence, opens_sentence
from toolkit.text.wrapping import unwrap

__all__ = ["Quote", "QuoteResult", "find_quotes", "quotes", "count_quotes", "quote_counts",
           "quotes_frame"]

_WORD = re.compile(r"\w+(?:(?:['’.\-]|(?<=\d),(?=\d))\w+)*")
_HAS_WORD = re.compile(r"\w")
_CLITIC = re.compile(r"\s(?:s|t|d|m|re|ve|ll|S|T|D|M|RE|VE|LL)\b")   # PTB-split "’ s", "n ’ t"
_SENTENCE_BREAK = re.compile(r"[.!?…][ \t]+\Z")

_DOUBLE_MARKS = ('"', "“", "”", "``", "''", "‘‘", "’’")
_STRAY, _OPEN, _CLOSE, _EITHER, _SOFT_CLOSE, _WEAK_CLOSE = 0, 1, 2, 3, 4, 5
_CLOSES = (_CLOSE, _SOFT_CLOSE, _WEAK_CLOSE)
_GLYPH = {"“": _OPEN, "``": _OPEN, "‘‘": _OPEN, "”": _CLOSE, "''": _CLOSE, "’’": _CLOSE, '"': _EITHER}
_LEFT_OPENERS = frozenset("([{—–-/")            # a mark right after these (or a space) may open
_RIGHT_CLOSERS = frozenset(",.;:!?)]}—–-…")     # a mark right before these (or a space) may close
_SENTENCE_END = frozenset(".!?…")
SCARE_MAX_WORDS = 3


@dataclass(frozen=True)
class Quote:
    """One direct quotation.

    ``start``/``end`` delimit the quoted words (marks excluded); ``words`` counts word tokens (punctuation
    not counted); ``kind`` is ``"speech"`` or ``"scare"`` (from its place in its sentence, see the module notes);
    ``speaker`` the name (or pronoun) of a simple attribution, else None, and ``speaker_role`` what the text
    says that speaker is (``the press secretary``), else None; ``inferred`` is True when that speaker was not
    named beside the quotation but carried over from before it (see :func:`find_quotes`); ``paragraphs`` the
    number of paragraphs spanned; ``open_mark``/``close_mark`` the offsets of the two marks.

    Example:
        >>> q = quotes('Call it "fake news" again.')[0]
        >>> (q.start, q.end, q.text, q.words, q.kind, q.span_with_marks)
        (9, 18, 'fake news', 2, 'scare', (8, 19))
    """

    start: int
    end: int
    text: str
    words: int
    kind: str
    speaker: str | None
    paragraphs: int
    open_mark: int
    close_mark: int
    close_width: int = field(default=1, repr=False)
    inferred: bool = False
    speaker_role: str | None = None

    @property
    def span_with_marks(self) -> tuple[int, int]:
        """``(start, end)`` of the quotation including its opening and closing marks."""
        return (self.open_mark, self.close_mark + self.close_width)


@dataclass(frozen=True)
class QuoteResult:
    """What :func:`find_quotes` found: the quotations, the offsets of the marks left unpaired, and among
    those the stray ones (coreference artefacts glued to a word in PTB-spaced text).

    Example:
        >>> r = find_quotes('One "two" three "four')
        >>> ([q.text for q in r.quotes], r.unmatched)
        (['two'], [16])
    """

    quotes: list[Quote]
    unmatched: list[int]
    stray: list[int] = field(default_factory=list)


def _scan(text: str, marks: tuple[str, ...] = _DOUBLE_MARKS) -> list[tuple[int, str]]:
    """``(offset, mark)`` of every occurrence of ``marks``, in text order.

    ``str.find`` per mark kind (C speed, one step per mark found) is several times faster here than
    ``re.finditer`` over a character class, which steps through every character in the regex engine.
    """
    found = []
    for mark in marks:
        width = len(mark)
        pos = text.find(mark)
        while pos >= 0:
            found.append((pos, mark))
            pos = text.find(mark, pos + width)
    found.sort()
    return found


def _double_marks(text: str, found: list[tuple[int, str]]
                  ) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Directions of the double marks: ``([(pos, end, direction)], stray offsets)``.

    A mark's direction comes from its glyph and its neighbours: a mark after a space (or an opening
    bracket/dash) and before a word opens, one after a word and before a space or punctuation closes;
    the context wins over a curly glyph typed the wrong way round and decides for ``"``. In PTB-spaced
    text (more marks stand alone than are glued on one side) a glued mark is an artefact: stray.
    """
    n = len(text)
    ptb_close = "``" in text
    context = []
    alone = one_side = 0
    for pos, mark in found:
        end = pos + len(mark)
        prev = text[pos - 1] if pos else " "
        nxt = text[end] if end < n else " "
        left, right = prev.isspace(), nxt.isspace()
        if left and right:
            alone += 1
        elif left or right:
            one_side += 1
        context.append((pos, end, mark, prev, nxt, left, right))
    spaced = alone > one_side

    out, stray = [], []
    for pos, end, mark, prev, nxt, left, right in context:
        glyph = _GLYPH[mark] if (mark != "''" or ptb_close) else _EITHER
        if spaced:
            d = glyph if left and right else _STRAY
        elif prev == "'" and glyph == _EITHER and pos >= 2 and text[pos - 2].isdigit():
            d = _STRAY  # 6'2" : a height, not a quote
        else:
            may_open = left or prev in _LEFT_OPENERS
            may_close = right or nxt in _RIGHT_CLOSERS
            d = _OPEN if may_open and not may_close else _CLOSE if may_close and not may_open else glyph
        if d == _STRAY:
            stray.append(pos)
        else:
            out.append((pos, end, d))
    return out, stray


def _single_marks(text: str) -> list[tuple[int, int, int]]:
    """Directions of single curly marks ``‘ ’`` used as quotation marks (British style).

    Raw text: ``‘`` opens (not before a space or a digit: ``‘90s``); ``’`` can close only after a
    non-space and before a non-letter (so not ``don’t``, ``’90s``); after an ``s`` and before a space
    it may be a plural possessive (``students’ union``): a weak close, skipped when a later close follows
    in the paragraph. PTB-spaced text (most ``‘`` stand alone): a lone ``‘`` opens, a lone ``’`` closes
    unless a split-off clitic follows (``group ’ s``, ``don ’ t``); glued marks are apostrophes.
    """
    n = len(text)
    found = [(pos, mark) for pos, mark in _scan(text, ("‘", "’"))
             if not (pos and text[pos - 1] == mark) and not (pos + 1 < n and text[pos + 1] == mark)]
    openings = [pos for pos, mark in found if mark == "‘"]         # (‘‘ … ’’ are double marks)
    spaced = sum(pos + 1 < n and text[pos + 1].isspace() for pos in openings) > len(openings) / 2
    out = []
    for pos, mark in found:
        prev = text[pos - 1] if pos else " "
        nxt = text[pos + 1] if pos + 1 < n else " "
        if spaced:
            if not (prev.isspace() and nxt.isspace()):
                continue
            if mark == "‘":
                out.append((pos, pos + 1, _OPEN))
            elif not _CLITIC.match(text, pos + 1):
                plural = pos >= 2 and text[pos - 2] == "s"     # 'students ’ union'
                out.append((pos, pos + 1, _WEAK_CLOSE if plural else _SOFT_CLOSE))
        elif mark == "‘":
            if not (nxt.isspace() or nxt.isdigit()):
                out.append((pos, pos + 1, _OPEN))
        elif not prev.isspace() and not nxt.isalnum():
            out.append((pos, pos + 1, _WEAK_CLOSE if prev == "s" and nxt == " " else _SOFT_CLOSE))
    return out


def _reopens(text: str, last_end: int, pos: int) -> bool:
    """True when exactly one paragraph break lies between ``last_end`` and a mark at ``pos`` that
    begins its paragraph (the convention for a quotation running over paragraphs)."""
    first = text.find("\n", last_end, pos)
    last = text.rfind("\n", first, pos)
    return not text[last + 1:pos].strip() and not text[first:last].strip()


def _apostrophe(text: str, marks: list[tuple[int, int, int]], i: int) -> bool:
    """True when the weak close ``marks[i]`` is followed, in its paragraph, by a close before any opening."""
    pos = marks[i][0]
    for later, _, d in marks[i + 1:]:
        if d == _OPEN or text.find("\n", pos, later) >= 0:
            return False
        if d in _CLOSES:
            return True
    return False


def py_pairs(text: str) -> tuple[list[tuple[int, int, int, int, int]], list[int], list[int]]:
    """Pair the marks of one text (the reference; ``_pairs`` is its compiled twin when built).

    Returns ``(pairs, unmatched, stray)``; a pair is ``(open_mark, open_end, close_mark, close_end,
    paragraphs)``. Double marks and single curly marks (``‘…’``, see :func:`_single_marks`) are paired
    separately; a quotation inside another one (``“they said ‘no’ twice”``) belongs to the outer one.
    """
    found = _scan(text)
    marks, stray = _double_marks(text, found) if found else ([], [])
    pairs, unmatched = _pair(text, marks, not stray)
    if "‘" in text:
        singles = _outside(_single_marks(text), pairs)
        single_pairs, single_unmatched = _pair(text, singles, not stray)
        if single_pairs or single_unmatched:
            pairs, unmatched = _outermost(pairs + single_pairs), unmatched + single_unmatched
    unmatched = sorted(unmatched + stray)
    return pairs, unmatched, stray


def _outside(marks: list[tuple[int, int, int]],
             pairs: list[tuple[int, int, int, int, int]]) -> list[tuple[int, int, int]]:
    """The marks not inside any of the (ordered, disjoint) quotations ``pairs``."""
    if not pairs:
        return marks
    starts = [p[0] for p in pairs]
    out = []
    for mark in marks:
        i = bisect.bisect_right(starts, mark[0]) - 1
        if i < 0 or mark[0] >= pairs[i][3]:
            out.append(mark)
    return out


def _outermost(pairs: list[tuple[int, int, int, int, int]]) -> list[tuple[int, int, int, int, int]]:
    """The pairs not nested inside another pair, in text order."""
    out: list[tuple[int, int, int, int, int]] = []
    for pair in sorted(pairs):
        if not out or pair[0] >= out[-1][3]:  # (one starting inside the previous quotation is nested in it,
            out.append(pair)                  # or crosses it: the earlier quotation wins)
    return out


def _pair(text: str, marks: list[tuple[int, int, int]],
          flat_ok: bool) -> tuple[list[tuple[int, int, int, int, int]], list[int]]:
    """The state machine: pair directed marks in text order; ``(pairs, unmatched offsets)``."""
    if not marks:
        return [], []
    flat = flat_ok and "\n" not in text     # paragraph breaks lost (texts joined into one line)

    pairs: list[tuple[int, int, int, int, int]] = []
    unmatched: list[int] = []
    opener: tuple[int, int] | None = None
    reopened: list[int] = []       # marks reopening the current quotation in later paragraphs
    last_end = 0                   # end of the opener or of its latest reopening mark

    def drop_open() -> None:
        nonlocal opener, reopened
        if opener is not None:
            unmatched.append(opener[0])
            unmatched.extend(reopened)
        opener, reopened = None, []

    for i, (pos, end, d) in enumerate(marks):
        if opener is not None and text.find("\n", last_end, pos) >= 0:
            # the quotation is still open at a paragraph break: it goes on only if this paragraph
            # reopens it, else it was never closed (and pairing restarts here)
            if d not in _CLOSES and _reopens(text, last_end, pos):
                reopened.append(pos)   # “… / “… / “…” : one quotation over several paragraphs
                last_end = end
                continue
            drop_open()
        elif flat and d == _OPEN and opener is not None and _SENTENCE_BREAK.search(text, pos - 8, pos):
            reopened.append(pos)       # paragraphs joined into one line: '... end. "Next paragraph'
            last_end = end
            continue
        if d == _OPEN or (d == _EITHER and opener is None):
            drop_open()
            opener, last_end = (pos, end), end
        elif opener is None:
            if d < _SOFT_CLOSE:        # an unpaired ’ is an apostrophe: not reported
                unmatched.append(pos)
        elif d == _WEAK_CLOSE and _apostrophe(text, marks, i):
            continue
        elif _HAS_WORD.search(text, opener[1], pos) is None:
            unmatched.extend((opener[0], pos))   # "" or " ... ": nothing quoted
            opener, reopened = None, []
        else:
            pairs.append((opener[0], opener[1], pos, end, len(reopened) + 1))
            opener, reopened = None, []
    drop_open()
    return pairs, unmatched


def _kind(text: str, pair: tuple[int, int, int, int, int], quoted: str, words: list[str],
          said: bool) -> str:
    """``speech`` or ``scare``, from the quotation's place in its sentence (see the module notes);
    ``said``: a verb of saying attributes it."""
    open_mark, _, close_mark, close_end, paragraphs = pair
    if said or paragraphs > 1:
        return "speech"
    if not opens_sentence(text, open_mark):
        return "scare"      # embedded in a running sentence: 'a crackdown on “fake news.”'
    if closes_sentence(text, close_mark, close_end):
        return "speech"     # its own sentence: '“Really?”', '“Sit down, Tom.”'
    if len(words) <= SCARE_MAX_WORDS and quoted.rstrip(" \"'”’)")[-1:] not in _SENTENCE_END:
        return "scare"      # a short term opening a sentence: '“Fake news” is a slogan.'
    long_words = [w for w in words if len(w) > 3]
    is_title = len(long_words) >= 2 and all(w[0].isupper() for w in long_words)
    return "scare" if is_title else "speech"


def _find_quotes(text: str) -> QuoteResult:
    plain = unwrap(text)  # hard-wrapped text: line breaks inside paragraphs read as spaces (same offsets)
    pairs, unmatched, stray = _pairs(plain)
    plain = plain.replace("\xa0", " ")     # attributions read a no-break space as a space
    found: list[Quote] = []
    for pair in pairs:
        open_mark, start, close_mark, close_end, paragraphs = pair
        raw = text[start:close_mark]
        stripped = raw.strip()
        start += len(raw) - len(raw.lstrip())
        end = start + len(stripped)
        words = _WORD.findall(stripped)
        who = attribute(plain, open_mark, close_end)
        kind = _kind(plain, pair, stripped, words, who is not None and not who.naming)
        inferred = False
        if who is None and kind == "speech":
            who = carried_speaker(plain, found, pair)
            inferred = who is not None
        found.append(Quote(start, end, stripped, len(words), kind, who.speaker if who else None, paragraphs,
                           open_mark, close_mark, close_end - close_mark, inferred, who.role if who else None))
    return QuoteResult(found, unmatched, stray)


def py_counts(text: str) -> tuple[int, int]:
    """``(quotations, quoted words)`` of one text (the reference; ``_counts`` is its compiled twin)."""
    pairs = py_pairs(text)[0]
    return len(pairs), sum(len(_WORD.findall(text, start, close)) for _, start, close, _, _ in pairs)


_pairs = compiled("quote_pairs") or py_pairs
_counts = compiled("quote_counts") or py_counts


def _count(text: str) -> int:
    return len(_pairs(unwrap(text))[0])


def _quote_counts(text: str) -> tuple[int, int]:
    return _counts(unwrap(text))


@overload
def find_quotes(text: str) -> QuoteResult: ...
@overload
def find_quotes(text: pd.Series) -> pd.Series: ...
def find_quotes(text: str | pd.Series) -> QuoteResult | pd.Series:
    """Quotations and unpaired marks of a text (a Series of texts gives a Series of results).

    A speech quotation without an attribution of its own gets a speaker from before it, with
    ``inferred=True``: the previous quotation's when only that one's attribution and paragraph breaks lie
    between (``“…,” the minister said.¶“…”``); when it opens its paragraph and ends its sentence, the last
    speaker of the paragraph before (an attributed quotation, or reported speech: ``Smith says it failed.``).
    Pronouns are not resolved (``he`` stays ``he``): the last named speaker, or the last person named,
    was the right antecedent for only 44–57% of the ``he``/``she`` speakers of GGT's annotated quotations.

    Example:
        >>> r = find_quotes('"Go," he said. "Now')
        >>> [(q.text, q.speaker) for q in r.quotes], r.unmatched
        ([('Go,', 'he')], [15])
    """
    return map_texts(_find_quotes, text)


@overload
def quotes(text: str) -> list[Quote]: ...
@overload
def quotes(text: pd.Series) -> pd.Series: ...
def quotes(text: str | pd.Series) -> list[Quote] | pd.Series:
    """The direct quotations of a text, in order (a Series of texts gives a Series of lists).

    Example:
        >>> [q.text for q in quotes("`` Yes , '' said Ann Lee . `` No . ''")]
        ['Yes ,', 'No .']
    """
    return map_texts(lambda t: _find_quotes(t).quotes, text)


@overload
def count_quotes(text: str) -> int: ...
@overload
def count_quotes(text: pd.Series) -> pd.Series: ...
def count_quotes(text: str | pd.Series) -> int | pd.Series:
    """Number of direct quotations (same pairing as :func:`quotes`, without speakers: faster).

    Example:
        >>> count_quotes('“A,” she said. “B.”')
        2
        >>> count_quotes(pd.Series(['"a" "b"', None], index=[3, 7])).tolist()
        [2, 0]
    """
    if isinstance(text, pd.Series):
        return map_texts(_count, text).astype("int64")
    return _count(as_text(text))


@overload
def quote_counts(text: str) -> tuple[int, int]: ...
@overload
def quote_counts(text: pd.Series) -> pd.DataFrame: ...
def quote_counts(text: str | pd.Series) -> tuple[int, int] | pd.DataFrame:
    """``(quotations, quoted words)`` in one pass, without speakers: the fast path for per-article
    features. Equal to ``(count_quotes(t), sum(q.words for q in quotes(t)))``; a Series gives a
    DataFrame with int columns ``quotes`` and ``quoted_words`` on the same index.

    Example:
        >>> quote_counts('“We will win,” she said. A “so-called” fix.')
        (2, 4)
        >>> quote_counts(pd.Series(['"a b"', None], index=[5, 6])).to_dict("list")
        {'quotes': [1, 0], 'quoted_words': [2, 0]}
    """
    if isinstance(text, pd.Series):
        rows = map_texts(_quote_counts, text).tolist()
        return pd.DataFrame(rows, index=text.index, columns=["quotes", "quoted_words"], dtype="int64")
    return _quote_counts(as_text(text))


_FRAME_COLUMNS = ["article", "start", "end", "text", "words", "kind", "speaker", "speaker_role", "inferred",
                  "paragraphs", "open_mark", "close_mark"]


def quotes_frame(text: str | pd.Series) -> pd.DataFrame:
    """One row per quotation, with the ``article`` label (the Series index; 0 for a single text).

    Example:
        >>> quotes_frame(pd.Series(['x "a b" y', 'none'], index=['d1', 'd2']))[['article', 'text']]
          article text
        0      d1  a b
    """
    series = text if isinstance(text, pd.Series) else pd.Series([text])
    rows = [
        (label, q.start, q.end, q.text, q.words, q.kind, q.speaker, q.speaker_role, q.inferred, q.paragraphs,
         q.open_mark, q.close_mark)
        for label, found in zip(series.index, quotes(series))
        for q in found
    ]
    return pd.DataFrame(rows, columns=_FRAME_COLUMNS)
