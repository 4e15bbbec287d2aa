"""Tweets embedded in articles: ``tweet text — Author Name (@handle) July 20, 2016``.

News sites paste embedded tweets as plain text ending in a signature: a dash (``—``, ``–``, ``--``,
a spaced ``-``, or the mojibake ``â\\x80\\x94``), the author's display name, the handle in parentheses
and the date. PTB-tokenized text has the same shape with spaces: ``— Katie McHugh ( @ k_mcq ) July 20 , 2016``.

The tweet ``text`` is what precedes the dash, from the latest of these boundaries:

- the start of the article, or the end of the previous embedded tweet's signature;
- the start of its paragraph (after a newline or a run of two or more spaces, as in texts whose
  paragraphs were joined by spaces); a signature alone on its line takes the paragraph before it, and a
  paragraph opening with a bullet (``•``) continues the one before (a tweet's list and its heading);
- the end of a ``pic.twitter.com`` link that more text follows (an earlier tweet's picture);
- a sentence inside the paragraph that introduces the tweet rather than belongs to it: one ending in a
  colon, of three words or more (two with a verb of saying: ``He wrote:``) with a lower-case word and no
  ``@``/``#``, before three words or a quotation (``Trump Jr sent out the following tweet, comparing
  refugees to Skittles: This image …``; labels such as ``BREAKING:`` or ``FOX NEWS ALERT:``, ``RT @X:``
  and ``Read my statement here: https://…`` stay the tweet's); one that reports a tweet (``The police
  department tweeted that …``, ``Twitter users were not amused.``) with three words or more after it;
  and a ``.@handle`` opening a sentence or following a colon (how a tweet starting with a handle is
  written). A full stop after an abbreviation (``Pres.``, ``U.S.``) or a list number does not end a
  sentence here.

A tweet counts at most 280 characters, a link counting 23 and a ``pic.twitter.com`` picture none (as
Twitter counts them); a longer stretch is
cut at the first sentence boundary (``. ! ? :`` then a space) that makes it fit — or, failing that,
kept whole. ``start``/``end`` span text + signature.

Example:
    >>> t = "He wrote:\\nFree Milo now #FreeMilo — Katie McHugh (@k_mcq) July 20, 2016\\nMore."
    >>> row = embedded_tweets(t).iloc[0]
    >>> row.author, row.handle, str(row.date.date()), row.text
    ('Katie McHugh', 'k_mcq', '2016-07-20', 'Free Milo now #FreeMilo')
"""
from __future__ import annotations

import re

import pandas as pd

from toolkit.text._input import as_text, iter_texts

__all__ = ["embedded_tweets", "TWEET_SIGNATURE_RE", "TWEET_COLUMNS"]

TWEET_COLUMNS = ["author", "handle", "date", "text", "start", "end"]
MAX_TWEET_CHARS = 280

# every alternative starts with a literal character, so the regex engine skips ahead to candidate dashes
# (a spaced ``-``/``--`` checks the space before it with a look-behind after the first ``-``)
_DASH = r"(?:—|–|â\x80[\x94\x93]|&mdash;|-(?<=\s-)-?(?=\s))"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
#: the signature of an embedded tweet (dash, author, ``(@handle)``, date); not RE2 (look-arounds)
TWEET_SIGNATURE_RE = re.compile(
    _DASH
    + r"[ \t\xa0]*(?P<author>(?:(?!\s--?\s)[^\n—–]){1,80}?)[ \t\xa0]*"
    + r"\([ \t]*[@＠][ \t]?(?P<handle>[A-Za-z0-9_]{1,20})[ \t]*\)[ \t\xa0]*"
    + r"(?P<date>" + _MONTH + r"\.?[ \t]+\d{1,2}[ \t]*,[ \t]*\d{4})(?!\d)"
)
_PARAGRAPH_RE = re.compile(r"\n|[ \t\xa0]{2,}")
_SENTENCE_END_RE = re.compile(r"[.!?:][\"'”’)]*\s+(?=\S)")
_SPACES_RE = re.compile(r"\s+")
_BULLET = tuple("•·▪►✔✓*")
_PIC_LINK_RE = re.compile(r"pic\.twitter\.com/\w+")
# a sentence of three words or more ending in a colon, before the tweet's first word ('… the following tweet: This')
_AFTER_SENTENCE = r"(?:(?<=[.!?…]\s)|(?<=[.!?…][\"'”’)]\s))"
# a sentence inside a paragraph, of three words or more (two with a verb of saying), ending in a colon before
# the tweet's first word: '… the following tweet, comparing refugees to Skittles: This', '… He wrote: “These'
_INTRO_RE = re.compile(_AFTER_SENTENCE + r"(?:(?:[^\s.!?:]+[ \t\xa0]+){2,}[^\s.!?:]+|[^\s.!?:]+[ \t\xa0]+"
                       r"(?:wrote|writes|tweeted|tweets|said|says|posted|added|replied))[ \t\xa0]*:[ \t\xa0]+"
                       r"(?=[A-Z\"“‘'@#]|\.@)")
# a sentence reporting a tweet ('The police department tweeted that …', 'Twitter users were not amused.')
_TWEETING_RE = re.compile(r"\b(?:tweeted|retweeted|on Twitter|Twitter users|tweet (?:from|by)|"
                          r"(?:the|following|a|his|her|their) tweet)\b")
# a full stop that does not end a sentence: an abbreviation ('Pres.', 'Sen.', 'U.S.') or a list number ('2.')
_NOT_AN_END_RE = re.compile(r"(?:\b[A-Z][a-z]{0,3}|[A-Z]\.[A-Z]|\b\d{1,3})\.[\"'”’)]?\s$")
_HANDLE_OPENING_RE = re.compile(r"(?:(?<=[.!?…:]\s)|(?<=[.!?…][\"'”’)]\s))\.[ \t]?@\w")
_THREE_WORDS = re.compile(r"\s*\S+\s+\S+\s+\S")
_SEARCH_REACH = 3_000
_URL_RE = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+")


def _weighted_length(text: str) -> int:
    """Characters as Twitter counts them: a link as 23, an attached picture (``pic.twitter.com/…``) as none."""
    return len(_URL_RE.sub(lambda m: "" if m.group().startswith("pic.") else "x" * 23, text))


def _paragraph_start(text: str, lo: int, dash: int) -> int:
    """The start of the paragraph the tweet at ``dash`` is in (the one before it when the signature stands
    alone), taking in the paragraphs before a bulleted one."""
    breaks = [m.end() for m in _PARAGRAPH_RE.finditer(text, lo, dash)]
    starts = [lo, *breaks]
    i = next((i for i in range(len(starts) - 1, -1, -1) if text[starts[i]:dash].strip()), 0)
    while i > 0 and text[starts[i]:dash].lstrip().startswith(_BULLET):
        i -= 1
        while i > 0 and not text[starts[i]:starts[i + 1]].strip():
            i -= 1              # (runs of line breaks: the previous paragraph with text)
    return starts[i]


def _tweet_start(text: str, lo: int, dash: int) -> int:
    """Where the tweet before the signature at ``dash`` begins (see module docstring). The boundaries inside
    a paragraph are looked for in its last ``_SEARCH_REACH`` characters only, so the cost stays per tweet."""
    start = _paragraph_start(text, lo, dash)
    floor = max(start, dash - _SEARCH_REACH)
    for m in _PIC_LINK_RE.finditer(text, floor, dash):
        if text[m.end():m.end() + 1].isspace() and _THREE_WORDS.match(text, m.end(), dash):
            start = max(start, m.end())     # an earlier tweet's picture
    for intro in _INTRO_RE.finditer(text, max(start, floor), dash):
        said = intro.group()
        if ("@" in said or "#" in said or not any(w[:1].islower() for w in said.split())
                or _NOT_AN_END_RE.search(text, max(0, intro.start() - 8), intro.start())):
            continue            # the tweet's own: 'RT @X:', '@A, @B & I made clear:', a label ('FOX NEWS ALERT:',
            #                     'Charlotte Police Chief:'); after an abbreviation: 'Pres. Trump on Syria:'
        if _THREE_WORDS.match(text, intro.end(), dash) or text.startswith((".@", "“", '"'), intro.end()):
            start = intro.end()     # 'Trump Jr sent out the following tweet: This image says it all.'
        break
    sentence = max(start, floor)
    for m in _SENTENCE_END_RE.finditer(text, sentence, dash):
        if text[m.start()] == "." and _TWEETING_RE.search(text, sentence, m.start()) and \
                _THREE_WORDS.match(text, m.end(), dash):
            start = m.end()     # a sentence reporting the tweet, with the tweet after it
        sentence = m.end()
    for m in _HANDLE_OPENING_RE.finditer(text, max(start, floor), dash):
        start = m.start()
    saved = (dash - start) - _weighted_length(text[start:dash])    # what the URLs' 23-character count saves
    if dash - start - saved > MAX_TWEET_CHARS:
        for m in _SENTENCE_END_RE.finditer(text, max(start, dash - MAX_TWEET_CHARS - saved - 16), dash):
            if _weighted_length(text[m.end():dash]) <= MAX_TWEET_CHARS:
                start = m.end()
                break
    while start < dash and text[start].isspace():
        start += 1
    return start


def _clean_date(raw: str) -> str:
    """``July 20 , 2016`` / ``Sept. 2, 2017`` -> ``July 20, 2016`` / ``Sept 2, 2017`` (parsed later, all at once)."""
    return _SPACES_RE.sub(" ", raw.replace(" ,", ",").replace(".", ""))


def _tweets_one(text: str) -> list[tuple]:
    if ") " not in text and ")\xa0" not in text:
        return []
    rows = []
    lo = 0
    for m in TWEET_SIGNATURE_RE.finditer(text):
        start = _tweet_start(text, lo, m.start())
        tweet = text[start:m.start()].strip()
        rows.append((m.group("author").strip(), m.group("handle"), _clean_date(m.group("date")), tweet, start,
                     m.end()))
        lo = m.end()
    return rows


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    df["date"] = pd.to_datetime(df["date"], errors="coerce", format="mixed").astype("datetime64[ns]")
    for col in ("start", "end"):
        df[col] = df[col].astype("int64")
    return df


def embedded_tweets(text: "str | pd.Series") -> pd.DataFrame:
    """One row per embedded tweet: ``author, handle, date, text, start, end`` (+ ``article`` for a Series).

    ``date`` is a Timestamp (NaT if unparseable); ``start``/``end`` are offsets into the article.
    For a Series, ``article`` holds the index label of the article each tweet came from.

    >>> s = pd.Series({"a1": "x", "a2": "Hi all - Senator Rand Paul ( @ SenRandPaul ) December 23 , 2013"})
    >>> embedded_tweets(s)[["article", "handle", "text"]].values.tolist()
    [['a2', 'SenRandPaul', 'Hi all']]
    """
    if isinstance(text, pd.Series):
        rows = []
        for label, one in zip(text.index, iter_texts(text)):
            rows.extend((label, *row) for row in _tweets_one(one))
        return _frame(rows, ["article", *TWEET_COLUMNS])
    return _frame(_tweets_one(as_text(text)), TWEET_COLUMNS)
