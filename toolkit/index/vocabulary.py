"""Which terms a term table shows: stopwords, document-frequency bounds and kinds of token, chosen at count time.

Rules:
- The matrices keep every token, so per-10,000 rates divide by every word token and any word can be
  searched; a :class:`Vocabulary` only hides term columns from tables. Changing it needs no rebuild.
- ``stopwords``: ``"news"`` (default: function words, reporting verbs, honorifics), ``"english"``
  (function words), ``"nltk"``, None (keep all), a list of words or a word file
  (:mod:`toolkit.text.stopwords`).
- ``min_df`` / ``max_df`` as scikit-learn's ``CountVectorizer``: an int is a number of articles, a
  float in [0, 1] a share of them; a term in fewer than ``min_df`` or more than ``max_df`` articles is
  hidden. Articles are counted over what the table covers: the selected articles that have a group.
- Numbers, years, URLs, e-mails, hashtags, handles and cashtags (``TOKEN_CLASSES``) are not terms:
  they are hidden unless named in ``keep`` (hashtags, handles and cashtags have their own tables).
  Each token has at most one class: a year (1500-2099) is not also a number.
- ``boilerplate=True`` (default) leaves out the term tokens inside page furniture that the build
  found (:mod:`toolkit.index.boilerplate`), from counts and from the words per-10,000 rates divide by.
- ``stem=True`` sums the shown terms by Snowball stem, each labelled with its most frequent form
  (:mod:`toolkit.index.stemming`; off by default).
- ``phrases=True`` counts the phrases the build found (``white house``, ``new york times``:
  :mod:`toolkit.index.phrases`) as terms, and their words only where they stand outside them (off by
  default: the words are counted wherever they stand).
- Only term tables are affected; the hashtag, handle and cashtag tables show every entry.

Example:
    >>> v = Vocabulary(stopwords="english", keep=("years",))
    >>> v.static_hidden(np.array(["the", "said", "2016", "3.5", "#maga", "wall"], dtype=object)).tolist()
    [True, False, False, True, True, False]
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from toolkit.text.patterns import BARE_TLDS
from toolkit.text.stopwords import resolve_stopwords

__all__ = ["TOKEN_CLASSES", "Vocabulary", "UNSET", "token_classes"]

#: kinds of token that are not terms by default, each with the RE2 pattern a (lower-cased) term token
#: of that kind matches; checked in this order, the first match wins
_CLASS_PATTERNS: dict[str, str] = {
    "hashtags": r"^[#＃]",
    "handles": r"^[@＠]",
    "cashtags": r"^\$\pL",
    "emails": r"^[^@\s]+@[^@\s]+\.[a-z]{2,24}$",
    "urls": r"^https?$|^(?:https?://|www\d{0,3}\.)|^(?:[a-z0-9-]+\.)+(?:" + BARE_TLDS + r")(?:/|$)|://",
    "years": r"^(?:1[5-9]\d\d|20\d\d)$",
    "numbers": r"^[^\pL]*\d[^\pL]*$",
}
TOKEN_CLASSES: tuple[str, ...] = tuple(_CLASS_PATTERNS)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


#: default of a per-call option: "use the corpus' vocabulary setting"
UNSET: Any = _Unset()


def token_classes(vocab: "np.ndarray | pa.Array") -> np.ndarray:
    """The class of each term token: an index into ``TOKEN_CLASSES``, or -1 for an ordinary word.

    >>> [TOKEN_CLASSES[c] if c >= 0 else "word" for c in token_classes(np.array(["a", "1,000", "cnn.com"]))]
    ['word', 'numbers', 'urls']
    """
    arr = vocab if isinstance(vocab, pa.Array) else pa.array(list(vocab), type=pa.string())
    out = np.full(len(arr), -1, dtype=np.int8)
    for code, pattern in enumerate(_CLASS_PATTERNS.values()):
        hit = pc.match_substring_regex(arr, pattern).to_numpy(zero_copy_only=False)
        out[(out < 0) & hit] = code
    return out


def _df_bound(value: "int | float", name: str) -> "int | float":
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be an int (articles) or a float in [0, 1] (share), not {value!r}")
    if isinstance(value, (float, np.floating)):
        if not 0.0 <= value <= 1.0 or math.isnan(value):
            raise ValueError(f"{name} as a share must lie in [0, 1], not {value!r}")
        return float(value)
    if value < 0:
        raise ValueError(f"{name} as a number of articles must be >= 0, not {value!r}")
    return int(value)


@dataclass(frozen=True)
class Vocabulary:
    """Stopwords, document-frequency bounds and kept token classes of term tables (see the module doc).

    >>> Vocabulary(stopwords=None, min_df=2).document_bounds(10)
    (2, 10)
    >>> Vocabulary().bounded, Vocabulary(max_df=1).bounded, Vocabulary(min_df=1.0).bounded
    (False, True, True)
    """

    stopwords: "str | os.PathLike[str] | Iterable[str] | None" = "news"
    min_df: "int | float" = 1
    max_df: "int | float" = 1.0
    keep: tuple[str, ...] = ()
    boilerplate: bool = True
    stem: bool = False
    phrases: bool = False
    words: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keep = (self.keep,) if isinstance(self.keep, str) else tuple(self.keep or ())
        unknown = [k for k in keep if k not in TOKEN_CLASSES]
        if unknown:
            raise ValueError(f"keep={unknown!r}: unknown token class; choose from {', '.join(TOKEN_CLASSES)}")
        object.__setattr__(self, "keep", tuple(sorted(set(keep))))
        object.__setattr__(self, "min_df", _df_bound(self.min_df, "min_df"))
        object.__setattr__(self, "max_df", _df_bound(self.max_df, "max_df"))
        object.__setattr__(self, "words", resolve_stopwords(self.stopwords))
        object.__setattr__(self, "boilerplate", bool(self.boilerplate))
        object.__setattr__(self, "stem", bool(self.stem))
        object.__setattr__(self, "phrases", bool(self.phrases))
        if not isinstance(self.stopwords, (str, type(None))):   # a list or path: keep a hashable form
            object.__setattr__(self, "stopwords", self.words)

    def with_options(self, **options: Any) -> "Vocabulary":
        """This vocabulary with the options that are not ``UNSET`` replaced.

        >>> Vocabulary().with_options(stopwords="english", min_df=UNSET).stopwords
        'english'
        """
        changes = {k: v for k, v in options.items() if v is not UNSET}
        return replace(self, **changes) if changes else self

    @property
    def static_key(self) -> tuple:
        """What :meth:`static_hidden` depends on (to cache it per vocabulary of words)."""
        return (self.words, self.keep)

    @property
    def bounded(self) -> bool:
        """True when ``min_df`` or ``max_df`` can hide anything."""
        low_free = self.min_df == 0 or (isinstance(self.min_df, int) and self.min_df == 1)
        high_free = isinstance(self.max_df, float) and self.max_df == 1.0
        return not (low_free and high_free)

    def document_bounds(self, n_docs: int) -> tuple[int, int]:
        """``(lowest, highest)`` numbers of articles a shown term may be in, out of ``n_docs``.

        >>> Vocabulary(min_df=0.1, max_df=0.5).document_bounds(100)
        (10, 50)
        """
        lo = math.ceil(self.min_df * n_docs) if isinstance(self.min_df, float) else self.min_df
        hi = math.floor(self.max_df * n_docs) if isinstance(self.max_df, float) else self.max_df
        return int(lo), int(hi)

    def static_hidden(self, vocab: "np.ndarray | pa.Array") -> np.ndarray:
        """Columns hidden whatever the articles: stopwords and token classes not kept; a column of several
        words (a bigram, a phrase) is hidden when any of its words is.

        >>> Vocabulary().static_hidden(np.array(["border wall", "the wall", "new york 2016"], dtype=object)).tolist()
        [False, True, True]
        """
        arr = vocab if isinstance(vocab, pa.Array) else pa.array(list(vocab), type=pa.string())
        if len(arr) and pc.any(pc.match_substring(arr, " ")).as_py():
            parts = pc.split_pattern(arr, " ")
            lengths = pc.list_value_length(parts).to_numpy(zero_copy_only=False)   # >= 1 each
            words = self._word_hidden(pc.list_flatten(parts))
            return np.logical_or.reduceat(words, np.cumsum(lengths) - lengths)
        return self._word_hidden(vocab)

    def _word_hidden(self, vocab: "np.ndarray | pa.Array") -> np.ndarray:
        terms = vocab.to_numpy(zero_copy_only=False) if isinstance(vocab, pa.Array) else np.asarray(vocab)
        words = self.words
        hidden = (np.fromiter((t in words for t in terms), dtype=bool, count=len(terms)) if words
                  else np.zeros(len(terms), dtype=bool))
        classes = token_classes(vocab)
        dropped = [c for c, name in enumerate(TOKEN_CLASSES) if name not in self.keep]
        return hidden | np.isin(classes, dropped)

    def frequency_hidden(self, doc_freq: np.ndarray, n_docs: int) -> np.ndarray:
        """Columns outside ``[min_df, max_df]`` given each column's articles out of ``n_docs``.

        >>> Vocabulary(max_df=0.5).frequency_hidden(np.array([1, 6, 5]), 10).tolist()
        [False, True, False]
        """
        lo, hi = self.document_bounds(n_docs)
        return (doc_freq < lo) | (doc_freq > hi)
