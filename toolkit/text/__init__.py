"""Pure text functions on a ``str`` or a ``pd.Series`` of texts: tokens, social entities, embedded tweets, quotes.

Every function accepts one text (returns a list / int / DataFrame) or a Series (returns a Series aligned on
its index; missing values count as empty text). ``style`` is ``"auto" | "raw" | "ptb"``; ``auto`` picks the
style per article with :func:`detect_style`.

Example:
    >>> from toolkit.text import tokenize, hashtags
    >>> tokenize("We don't  # FreeMilo", style="ptb")
    ['We', "don't", '#FreeMilo']
    >>> hashtags("Join us # FreeMilo today")
    ['FreeMilo']
"""
from __future__ import annotations

from toolkit.text.entities import Entity, cashtags, handles, hashtags, urls
from toolkit.text.quotations import (Quote, QuoteResult, count_quotes, find_quotes, quote_counts, quotes,
                                     quotes_frame)
from toolkit.text.style import detect_style
from toolkit.text.tokens import tokenize
from toolkit.text.tweets import embedded_tweets

__all__ = ["tokenize", "detect_style", "hashtags", "handles", "cashtags", "urls", "Entity",
           "embedded_tweets", "quotes", "count_quotes", "find_quotes", "quote_counts", "quotes_frame",
           "Quote", "QuoteResult"]
