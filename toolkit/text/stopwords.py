"""Stopword lists: named lists the toolkit ships, NLTK's when its data is installed, or your own.

Rules:
- Named lists (``STOPWORD_LISTS``), nested: ``"english"`` is function words (``data/stopwords_en.txt``,
  the same words as NLTK's list, plus ``data/function_words_en.txt``: modals, quantifiers, more
  prepositions and number words); ``"news"`` adds reporting verbs and honorifics
  (``data/stopwords_news.txt``: said, told, according, mr, ms, sen...). ``"nltk"`` is NLTK's English
  list, only when its data is already installed: NLTK data is never downloaded.
- The shipped lists never depend on what is installed, so tables are the same on every machine.
- Your own list is any iterable of words or the path of a text file (one word per line, ``#`` starts
  a comment line). Words are lower-cased and curly apostrophes straightened, like the tokens
  :func:`toolkit.text.tokenize` produces.

Example:
    >>> "the" in stopword_list("english"), "said" in stopword_list("english"), "said" in stopword_list("news")
    (True, False, True)
    >>> sorted(resolve_stopwords(["The", "A"]))
    ['a', 'the']
"""
from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

__all__ = ["STOPWORD_LISTS", "stopword_list", "resolve_stopwords", "bundled_stopwords", "english_stopwords",
           "nltk_stopwords", "read_word_file"]

BUNDLED_FILE = "stopwords_en.txt"
#: the named lists, each a superset of the next: ``"news"`` ⊃ ``"english"``; plus NLTK's
STOPWORD_LISTS: tuple[str, ...] = ("news", "english", "nltk")
_FILES = {"english": ("stopwords_en.txt", "function_words_en.txt"),
          "news": ("stopwords_en.txt", "function_words_en.txt", "stopwords_news.txt")}


def _fold(word: str) -> str:
    return word.strip().lower().replace("’", "'").replace("‘", "'")


def _words(lines: Iterable[str]) -> frozenset[str]:
    return frozenset(_fold(w) for w in lines if w.strip() and not w.lstrip().startswith("#"))


@lru_cache(maxsize=None)
def _data_file(name: str) -> frozenset[str]:
    return _words(resources.files("toolkit.text").joinpath("data", name).read_text(encoding="utf-8").splitlines())


def bundled_stopwords() -> frozenset[str]:
    """The base English list (``toolkit/text/data/stopwords_en.txt``, NLTK's words), ``#`` lines skipped.

    >>> "don't" in bundled_stopwords()
    True
    """
    return _data_file(BUNDLED_FILE)


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
    return _words(words)


def english_stopwords() -> frozenset[str]:
    """The ``"english"`` list: function words only (the same on every machine).

    >>> {"the", "would", "one"} <= english_stopwords()
    True
    """
    return stopword_list("english")


def stopword_list(name: str) -> frozenset[str]:
    """A named list: ``"news"``, ``"english"`` or ``"nltk"`` (see the module rules).

    >>> {"said", "mr", "the"} <= stopword_list("news")
    True
    """
    key = name.lower()
    if key in _FILES:
        return frozenset().union(*(_data_file(f) for f in _FILES[key]))
    if key == "nltk":
        words = nltk_stopwords()
        if words is None:
            raise ValueError("stopwords='nltk' needs NLTK's stopwords data, which is not installed here (it is "
                             "never downloaded); use 'english' or 'news', or pass your own list")
        return words
    raise ValueError(f"unknown stopword list {name!r}; use one of {', '.join(map(repr, STOPWORD_LISTS))}, "
                     "None, a list of words or the path of a word file")


def read_word_file(path: "str | os.PathLike[str]") -> frozenset[str]:
    """Words of a text file, one per line (``#`` comment lines and blank lines skipped).

    >>> read_word_file("my_stopwords.txt")     # doctest: +SKIP
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: stopword file is not UTF-8 text (byte {exc.start}: {exc.reason})") from exc
    return _words(text.splitlines())


def resolve_stopwords(stopwords: "bool | str | os.PathLike[str] | Iterable[str] | None") -> frozenset[str]:
    """The set meant by a ``stopwords=`` argument: None/False → empty; True → ``"english"``; a list name;
    the path of a word file; or an iterable of words.

    >>> resolve_stopwords(None), len(resolve_stopwords(True)) > 100
    (frozenset(), True)
    """
    if stopwords is None or stopwords is False:
        return frozenset()
    if stopwords is True:
        return english_stopwords()
    if isinstance(stopwords, os.PathLike):
        return read_word_file(stopwords)
    if isinstance(stopwords, str):
        if stopwords.lower() in STOPWORD_LISTS:
            return stopword_list(stopwords)
        if os.sep in stopwords or "/" in stopwords or Path(stopwords).suffix:
            if not Path(stopwords).is_file():
                raise ValueError(f"stopword file {stopwords!r} does not exist")
            return read_word_file(stopwords)
        return stopword_list(stopwords)   # raises with the names to choose from
    return frozenset(_fold(str(w)) for w in stopwords)
