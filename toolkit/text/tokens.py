"""Tokens of raw or PTB-tokenized article text, comparable across the two styles.

Canonical tokens (the same for ``don't`` in raw text and ``do n't`` / ``do n’t`` in PTB text):

* contractions and possessives stay whole, as NLTK's ``TweetTokenizer`` keeps them: ``don't``,
  ``Sunday's``, ``can't`` (PTB ``ca n't``), ``gonna`` (PTB ``gon na``), ``cannot`` (PTB ``can not``),
  ``O'Reilly`` (PTB ``O 'Reilly`` / ``O ’ Reilly``), ``U.S.`` (PTB ``U.S .``);
* apostrophes and quote marks are straightened: ``’ ‘`` → ``'``; ``“ ”`` and PTB `````` ``''`` → ``"``;
* social entities are one token with their sigil: ``#FreeMilo``, ``@k_mcq``, ``$TWTR`` (PTB ``# FreeMilo``,
  ``@ k_mcq`` when it looks like a handle, ``$ TWTR`` for 1-6 upper-case letters), exactly where
  :func:`~toolkit.text.hashtags`, :func:`~toolkit.text.handles` and :func:`~toolkit.text.cashtags` find one and
  with the name they give; elsewhere the sign is punctuation (``#1`` -> ``#``, ``1``; ``via@nytimes`` -> ``via``,
  ``@``, ``nytimes``; ``#NeverTrump's`` -> ``#NeverTrump``, ``'``, ``s``). They can differ only inside a URL token,
  where urls()' stricter URL ends sooner (hosts in other scripts or with accents, a second scheme glued on, a curly
  apostrophe before the sign), and in PTB text for a handle before ``n't`` and ``# https : //``;
* URLs and e-mails are one token (PTB ``http : //t.co/x`` → ``http://t.co/x``,
  ``pic . twitter . com / AbC`` → ``pic.twitter.com/AbC``); a t.co link ends with its code, a URL with a
  scheme needs a dotted host.

Where the default raw tokens differ from NLTK's ``TweetTokenizer`` (measured in
``tests/text/test_tokenize.py``): the quote/apostrophe normalisation above; cashtags are one token
(TT: ``$``, ``TWTR``); hashtags end at an apostrophe or hyphen and need a letter (TT: ``#NeverTrump's``,
``#10``); dotted abbreviations ``U.S.`` are one token (TT: ``U``, ``.``, ``S``, ``.``);
numbers with several separators ``1,234,567`` / ``7/20/2016`` are one token (TT splits after the first);
bare-domain URLs need a known TLD (TT takes any ``word.word``); no emoticon, phone-number, HTML-entity
or repeated-punctuation (``!!!!`` → ``!!!``) handling.

Example:
    >>> tokenize("We don’t know,” said @k_mcq.")
    ['We', "don't", 'know', ',', '"', 'said', '@k_mcq', '.']
    >>> tokenize("We do n't know , '' said @ k_mcq .")
    ['We', "don't", 'know', ',', '"', 'said', '@k_mcq', '.']
    >>> tokenize("Twitter Twitter says", collapse_repeats=True, lowercase=True)
    ['twitter', 'says']
"""
from __future__ import annotations

from array import array
from typing import Iterable, Sequence

import pandas as pd

from toolkit.text._input import map_texts
from toolkit.text._native import ptb_join, scan_tokens, straighten, term_counts
from toolkit.text.entities import join_ptb_urls, spaced_handle_ok
from toolkit.text.patterns import PTB_HANDLE_RE
from toolkit.text.stopwords import resolve_stopwords
from toolkit.text.style import check_style, resolve_style

__all__ = ["tokenize", "normalize_text", "join_ptb", "collapse_repeated", "collapse_kept", "make_ngrams"]


def _join_handle(match) -> str:
    if spaced_handle_ok(match.string, match.group(2), match.start(1), match.end(2)):
        return match.group(1) + match.group(2)
    return match.group(0)


def join_ptb(text: str) -> str:
    """Re-glue what PTB tokenization split, so PTB text tokenizes like raw text.

    >>> join_ptb("He ca n't find # FreeMilo at pic . twitter . com / AbC , `` $ TWTR '' says @ k_mcq")
    'He can\\'t find #FreeMilo at pic.twitter.com/AbC , " $TWTR " says @k_mcq'
    """
    # handles first: whether ``@ name`` is one is judged on the text handles() sees (``@ j_smedley 's``, not
    # ``@ j_smedley's``)
    if "@ " in text or "＠ " in text:
        text = PTB_HANDLE_RE.sub(_join_handle, text)
    text = ptb_join(text)  # `` and '' -> ", then the spaces inside raw tokens removed
    return join_ptb_urls(text)


def normalize_text(text: str, style: str = "auto") -> str:
    """The text the token scanner sees: quotes straightened and, for PTB text, splits re-glued.

    >>> normalize_text("It ’s “ fine ”", style="ptb")
    'It\\'s " fine "'
    """
    ptb = resolve_style(text, style) == "ptb"     # judged on the text as given, as the entity functions judge it
    text = straighten(text)
    if ptb:
        text = join_ptb(text)
    return text


def collapse_repeated(tokens: list[str]) -> list[str]:
    """Fold the immediate repeats that coreference substitution leaves behind.

    Folded: a token equal (case-insensitively) to the one before it when it starts with an upper-case
    letter or is a ``#``/``@``/``$`` entity (``Twitter Twitter``, ``@CNN @cnn``); and a run of 2-4 tokens
    that repeats at once when every token of it is capitalised (``Donald Trump Donald Trump``).
    Not folded: lower-case repeats, which are usually deliberate (``very very``, ``no no``), numbers,
    punctuation, and a name repeated across punctuation (``behind you . You got``) when the
    punctuation is among the tokens. Tokens compare lower-cased (``str.lower``, as the index's terms).
    Reduplicated names (``Bora Bora``, ``Walla Walla``) are folded too — a known cost.

    >>> collapse_repeated("Twitter Twitter said very very much to Donald Trump Donald Trump .".split())
    ['Twitter', 'said', 'very', 'very', 'much', 'to', 'Donald', 'Trump', '.']
    """
    return [tok for tok, kept in zip(tokens, collapse_kept(tokens)) if kept]


def collapse_kept(tokens: Sequence[str], line_starts: "Sequence[bool] | None" = None) -> list[bool]:
    """For each token, False when :func:`collapse_repeated` folds it away; a token that starts a line
    (``line_starts``) is never folded into the line before it.

    >>> collapse_kept(["Mike", "Huckabee", "Huckabee", "won"])
    [True, True, False, True]
    >>> collapse_kept(["MUELLER", "Mueller", "has"], [False, True, False])
    [True, True, True]
    """
    kept = [True] * len(tokens)
    out: list[int] = []       # positions of the tokens kept so far (on this line)
    folded: list[str] = []    # their lower-cased forms
    for i, tok in enumerate(tokens):
        if line_starts is not None and line_starts[i]:
            out, folded = [], []
        key = tok.lower()
        if out and key == folded[-1] and _is_name(tok):
            kept[i] = False
            continue
        out.append(i)
        folded.append(key)
        for k in (2, 3, 4):
            if len(out) >= 2 * k and folded[-k:] == folded[-2 * k:-k] and all(_is_name(tokens[j]) for j in out[-k:]):
                for j in out[-k:]:
                    kept[j] = False
                del out[-k:], folded[-k:]
                break
    return kept


def _word_flags(every: list[str], words: list[str]) -> list[bool]:
    """For each of a text's tokens, True when it is one of its words (``words``: the same scan without
    punctuation, in order).

    >>> _word_flags(["Hi", ",", "you"], ["Hi", "you"])
    [True, False, True]
    """
    flags, j = [], 0
    for token in every:
        hit = j < len(words) and token == words[j]
        flags.append(hit)
        j += hit
    return flags


def _is_name(token: str) -> bool:
    first = token[:1]
    return (first.isupper() and first.isalpha()) or (first in "#@$＃＠" and token[1:2].isalnum())


def _line_starts(text: str) -> list[bool]:
    """For each token of ``text`` (normalised), True when a line break stands between it and the token
    before (read from :func:`toolkit.text._native.term_counts`' stream, -3 before such a token).

    >>> _line_starts("A B\\nC")
    [False, False, True]
    """
    starts, after_break = [], False
    for value in array("i", term_counts([text])[6]).tolist()[:-1]:      # (the last entry closes the text)
        if value == -3:
            after_break = True
            continue
        starts.append(after_break)
        after_break = False
    return starts


def make_ngrams(tokens: list[str], ngrams: "int | tuple[int, int]") -> list[str]:
    """n-grams joined by a space; ``ngrams`` is ``n`` or an inclusive range ``(lo, hi)``.

    >>> make_ngrams(["a", "b", "c"], 2)
    ['a b', 'b c']
    >>> make_ngrams(["a", "b", "c"], (1, 2))
    ['a', 'b', 'c', 'a b', 'b c']
    """
    lo, hi = _ngram_range(ngrams)
    out: list[str] = []
    for n in range(lo, hi + 1):
        if n == 1:
            out.extend(tokens)
        else:
            out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


def _ngram_range(ngrams: "int | tuple[int, int]") -> tuple[int, int]:
    if isinstance(ngrams, int):
        lo = hi = ngrams
    else:
        lo, hi = ngrams
    if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi):
        raise ValueError(f"ngrams must be an int >= 1 or a range (lo, hi) with 1 <= lo <= hi, got {ngrams!r}")
    return lo, hi


def _tokenize_one(text: str, style: str, lowercase: bool, drop_punct: bool, stopset: frozenset[str],
                  min_len: int, ngrams: "tuple[int, int]", collapse: bool) -> list[str]:
    text = normalize_text(text, style)
    # lower-casing the whole text is faster, but only safe for ASCII ("İ".lower() adds a combining mark)
    lower_text = lowercase and not collapse and text.isascii()
    if lower_text:
        text = text.lower()
    if collapse:          # folded with the punctuation and lines in place: a repeat across either is two mentions
        every = scan_tokens(text)
        kept = collapse_kept(every, _line_starts(text))
        if drop_punct:
            kept = [k and w for k, w in zip(kept, _word_flags(every, scan_tokens(text, True)))]
        tokens = [t for t, k in zip(every, kept) if k]
    else:
        tokens = scan_tokens(text, drop_punct)
    if lowercase and not lower_text:
        tokens = [t.lower() for t in tokens]
    if stopset:
        tokens = [t for t in tokens if t not in stopset] if lowercase else \
                 [t for t in tokens if t.lower() not in stopset]
    if min_len > 1:
        tokens = [t for t in tokens if len(t) >= min_len]
    if ngrams != (1, 1):
        tokens = make_ngrams(tokens, ngrams)
    return tokens


def tokenize(text: "str | pd.Series", style: str = "auto", *, lowercase: bool = False, drop_punct: bool = False,
             stopwords: "bool | str | Iterable[str] | None" = None, min_len: int = 1,
             ngrams: "int | tuple[int, int]" = 1, collapse_repeats: bool = False) -> "list[str] | pd.Series":
    """Tokens of one text (a list) or of each text of a Series (a Series of lists on the same index).

    ``style``: ``"raw"``, ``"ptb"`` or ``"auto"`` (detected per text). ``drop_punct`` drops tokens
    without a word character: punctuation, symbols, emoji (``#FreeMilo`` and ``don't`` stay).
    ``stopwords``: None/False keeps all, True/``"english"`` drops English stopwords, or pass your own
    words (compared case-insensitively).
    ``min_len``: shortest token kept (in characters). ``ngrams``: ``n`` or ``(lo, hi)``; n-grams are
    built after the filters. ``collapse_repeats``: see :func:`collapse_repeated`.

    >>> tokenize("The U.S. isn't #1 , is it #SOTU ?", drop_punct=True, stopwords=True)
    ['U.S.', '1', '#SOTU']
    >>> tokenize(pd.Series(["a b", None]), ngrams=2).tolist()
    [['a b'], []]
    """
    if min_len < 1:
        raise ValueError(f"min_len must be >= 1, got {min_len}")
    check_style(style)
    options = (style, bool(lowercase), bool(drop_punct), resolve_stopwords(stopwords), int(min_len),
               _ngram_range(ngrams), bool(collapse_repeats))
    if options[1:] == (False, False, frozenset(), 1, (1, 1), False):
        return map_texts(lambda t: scan_tokens(normalize_text(t, style)), text)
    return map_texts(lambda t: _tokenize_one(t, *options), text)
