"""Tweets embedded in articles: ``tweet text — Author Name (@handle) July 20, 2016``.

News sites paste embedded tweets as plain text ending in a signature: a dash (``—``, ``–``, ``--``,
a spaced ``-``, or the mojibake ``â\\x80\\x94``), the author's display name, the handle in parentheses
and the date. PTB-tokenized text has the same shape with spaces: ``— Katie McHugh ( @ k_mcq ) July 20 , 2016``.

The tweet ``text`` is what precedes the dash, starting at the latest of: the start of the article, the
start of the line or paragraph (after a newline or a run of two or more spaces, as in texts whose
paragraphs were joined by spaces), and the end of the previous embedded tweet. A signature alone on its
line takes the paragraph before it. A tweet is at most
280 characters, so a longer stretch is cut at the first sentence boundary (``. ! ? :`` then a space)
that makes it fit — or, failing that, kept whole. ``start``/``end`` span text + signature.

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


def _tweet_start(text: str, lo: int, dash: int) -> int:
    """Where the tweet before the signature at ``dash`` begins (see module docstring)."""
    breaks = [m.end() for m in _PARAGRAPH_RE.finditer(text, lo, dash)]
    start = lo
    for b in reversed(breaks):  # the last paragraph break with tweet text after it
        if text[b:dash].strip():
            start = b
            break
    if dash - start > MAX_TWEET_CHARS:
        for m in _SENTENCE_END_RE.finditer(text, start, dash):
            if dash - m.end() <= MAX_TWEET_CHARS:
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
