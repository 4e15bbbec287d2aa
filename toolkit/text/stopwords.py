"""English stopwords: the toolkit's bundled list, or NLTK's when its data is already installed.

NLTK data is never downloaded: :func:`english_stopwords` looks for ``corpora/stopwords`` with
``nltk.data.find`` and falls back to ``toolkit/text/data/stopwords_en.txt``. Words are lower case
with straight apostrophes, like the tokens :func:`toolkit.text.tokenize` produces.

Example:
    >>> "the" in english_stopwords(), "news" in english_stopwords()
    (True, False)
    >>> sorted(resolve_stopwords(["The", "A"]))
    ['a', 'the']
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Iterable

BUNDLED_FILE = "stopwords_en.txt"


@lru_cache(maxsize=1)
def bundled_stopwords() -> frozenset[str]:
    """The bundled English list (``toolkit/text/data/stopwords_en.txt``), lines starting ``#`` skipped.

    >>> "don't" in bundled_stopwords()
    True
    """
    text = resources.files("toolkit.text").joinpath("data", BUNDLED_FILE).read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def nltk_stopwords() -> frozenset[str] | None:
    """NLTK's English list if its data is installed locally, else ``None`` (never downloads).

    >>> nltk_stopwords() is None or "the" in nltk_stopwords()
    True
    """
    try:  # nltk is imported only here: a heavy optional stack, and most calls never ask for its list
        import nltk.data

        nltk.data.find("corpora/stopwords")
        from nltk.corpus import stopwords

        words = stopwords.words("english")
    except (LookupError, ImportError, OSError):
        return None
    return frozenset(w.lower().replace("’", "'") for w in words)


def english_stopwords() -> frozenset[str]:
    """NLTK's English stopwords when installed, else the bundled list.

    >>> len(english_stopwords()) > 100
    True
    """
    return nltk_stopwords() or bundled_stopwords()


def resolve_stopwords(stopwords: "bool | str | Iterable[str] | None") -> frozenset[str]:
    """The stopword set for ``tokenize(stopwords=...)``: None/False → empty; True/``"english"`` → English.

    Custom words are lower-cased and their curly apostrophes straightened.

    >>> resolve_stopwords(None), len(resolve_stopwords(True)) > 100
    (frozenset(), True)
    """
    if stopwords is None or stopwords is False:
        return frozenset()
    if stopwords is True:
        return english_stopwords()
    if isinstance(stopwords, str):
        if stopwords.lower() == "english":
            return english_stopwords()
        raise ValueError(f"unknown stopword list {stopwords!r}; use 'english' or pass an iterable of words")
    return frozenset(str(w).lower().replace("’", "'").replace("‘", "'") for w in stopwords)
