"""Which articles match a :class:`~toolkit.index.keyword.Keyword`: the index first, text only for survivors.

Rules:
- A token keyword is its posting list; no text is read. A wildcard is the union of the posting lists of
  the terms its glob matches (decoded at once, ``TermMatrix.rows_with_any``); alternatives (``OR``) are
  the union of their own matches.
- A phrase takes the posting lists of all its tokens (rarest first, stopping when nothing is left).
  Those of its articles where the build counted its tokens as consecutive words (the phrases and bigrams
  holding it: :func:`toolkit.index.phrases.holding_columns`) are found without reading their text; of the
  rest, when the index has word-pair signatures, those that lack one of its checkable pairs are dropped
  (:mod:`toolkit.index.pair_filter`), and RE2 reads the survivors' text only. A phrase thus matches an
  article whose text matches its pattern, or whose words the index holds in a row (``Rodham
  Clinton2020``: the tokens ``clinton`` and ``2020``, where the pattern wants no letter or digit after
  ``clinton``).
- A regex takes the posting lists of the terms holding the letter/digit runs every match needs
  (:func:`~toolkit.index.keyword.regex_requirements`; a run of ASCII letters or digits is never split
  by term tokens, a test checks this on every real corpus), then RE2 over the survivors.
- RE2 (pyarrow's kernels, which release the GIL) runs over parts of the survivors on several threads;
  each part is taken from one Arrow chunk of a text in memory (a whole chunk is used as is, without a
  copy) or one run of whole blocks of a text read on demand (:mod:`toolkit.index.text_store`), and is
  given to RE2 as one array: pyarrow compiles the pattern again for every chunk (~40 us each), which
  cost more than the reading when a part's texts came from thousands of blocks.
- ``tests/index/test_filters.py`` checks every kind against a scan of every article.

Example:
    >>> import numpy as np, pyarrow as pa
    >>> from toolkit.index.keyword import Keyword, glob_regex
    >>> from toolkit.index.matrix import TermMatrix, term_tokens
    >>> texts = ["the White House said", "a white wall", "house of cards"]
    >>> terms = TermMatrix.from_token_lists([term_tokens(t) for t in texts])
    >>> keyword_rows(Keyword("white house"), terms, pa.chunked_array([texts]), np.ones(3, bool)).tolist()
    [True, False, False]
"""
from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from toolkit._parallel import thread_map
from toolkit.index.keyword import Keyword, glob_regex
from toolkit.index.matrix import TermMatrix
from toolkit.index.pair_filter import PairSignatures
from toolkit.index.phrases import holding_columns
from toolkit.index.text_store import (OFFSET_TYPES, ArticleText, as_article_text, spans_array,
                                      string_offsets)

__all__ = ["keyword_rows", "consecutive_rows", "required_rows", "glob_columns", "text_rows", "first_match",
           "matches_from_start", "GLUED_ROUNDS"]


def keyword_rows(keyword: Keyword, terms: TermMatrix, text: "ArticleText | pa.ChunkedArray", within: np.ndarray,
                 pairs: PairSignatures | None = None, counted: "dict[str, TermMatrix] | None" = None) -> np.ndarray:
    """Boolean mask: the rows of ``within`` whose article matches ``keyword`` (see the module rules);
    ``pairs``: the articles' word-pair signatures, if the index has them; ``counted``: its ``"phrases"``
    and ``"bigrams"`` matrices, if it has them."""
    n_rows = len(within)
    if keyword.kind == "any":
        found = np.zeros(n_rows, dtype=bool)
        for alternative in keyword.alternatives:
            found |= keyword_rows(alternative, terms, text, within & ~found, pairs, counted)
        return found
    if keyword.kind == "wildcard":
        return terms.rows_with_any(glob_columns(terms, keyword.text), n_rows) & within
    if keyword.kind == "regex":
        pattern = keyword.re2_pattern()
        candidates = required_rows(keyword.requirements(), terms, within)
        return text_rows(text, candidates, pattern, regex=True, start=keyword.re2_start())
    if keyword.kind == "substring":
        return text_rows(text, within, keyword.text, regex=False)
    cols = [terms.column(tok) for tok in dict.fromkeys(keyword.tokens)]
    if min(cols) < 0:
        return np.zeros(n_rows, dtype=bool)
    candidates = within.copy()
    for col in sorted(cols, key=lambda c: terms.doc_counts[c]):     # rarest first
        hit = np.zeros(n_rows, dtype=bool)
        hit[terms.postings(col)] = True
        candidates &= hit
        if not candidates.any():
            return candidates
    if keyword.kind == "token":
        return candidates
    sure = consecutive_rows(keyword.tokens, counted or {}, n_rows) & candidates
    candidates &= ~sure
    if pairs is not None:
        candidates = pairs.narrow(keyword.tokens, candidates)
    return text_rows(text, candidates, keyword.re2_pattern(), regex=True, start=keyword.re2_start()) | sure


def consecutive_rows(tokens: "Sequence[str]", counted: "dict[str, TermMatrix]", n_rows: int) -> np.ndarray:
    """Boolean mask: the rows where the build counted ``tokens`` as consecutive words: a phrase holding them
    (``counted["phrases"]``) or, for two tokens, their bigram (``counted["bigrams"]``), when there are such
    matrices."""
    found = np.zeros(n_rows, dtype=bool)
    for kind, exact in (("phrases", False), ("bigrams", True)):
        matrix = counted.get(kind)
        if matrix is not None and (not exact or len(tokens) == 2):
            found |= matrix.rows_with_any(holding_columns(matrix, tokens, exact=exact), n_rows)
    return found


def glob_columns(terms: TermMatrix, word: str) -> np.ndarray:
    """The columns of the terms a wildcard word means (:func:`~toolkit.index.keyword.glob_regex`).

    >>> from toolkit.index.matrix import TermMatrix
    >>> glob_columns(TermMatrix.from_token_lists([["economy", "jobs", "economic"]]), "econom*").tolist()
    [0, 2]
    """
    hits = pc.match_substring_regex(terms.vocab_arrow, glob_regex(word))
    return np.flatnonzero(hits.to_numpy(zero_copy_only=False))


def required_rows(requirement: list | None, terms: TermMatrix, within: np.ndarray) -> np.ndarray:
    """Rows of ``within`` that may satisfy ``requirement`` (from ``regex_requirements``); ``within``
    itself when nothing can be ruled out cheaply (decoding more postings than twice the rows, or those
    of a run one of whose terms is in most articles, costs more than it saves)."""
    if not requirement:
        return within
    n_rows = len(within)
    budget = 2 * n_rows
    found: dict[str, tuple[int, np.ndarray]] = {}

    def columns(run: str) -> tuple[int, np.ndarray]:
        if run not in found:
            hits = pc.match_substring(terms.vocab_arrow, run, ignore_case=True)
            cols = np.flatnonzero(hits.to_numpy(zero_copy_only=False))
            found[run] = (int(terms.doc_counts[cols].sum()), cols)
        return found[run]

    def cost(need: list) -> int:
        """Postings to decode for the cheapest requirement of ``need`` (its best single filter)."""
        costs = [columns(item)[0] if isinstance(item, str) else sum(cost(alt) for alt in item) for item in need]
        return min(costs) if costs else budget + 1

    def least(item: "str | list") -> int:
        """Articles ``item`` holds at the least: its most frequent term's (the most of its alternatives')."""
        if isinstance(item, str):
            cols = columns(item)[1]
            return int(terms.doc_counts[cols].max()) if len(cols) else 0
        return max((least(alt[0]) if len(alt) == 1 else 0 for alt in item), default=0)

    def rows_for(need: list) -> np.ndarray | None:
        mask = None
        for item in sorted(need, key=lambda item: cost([item])):
            if cost([item]) > budget:
                break
            if least(item) * 2 > n_rows:
                continue            # in most articles whatever: its postings cost more than the text they spare
            if isinstance(item, str):
                rows = terms.rows_with_any(columns(item)[1], n_rows)
            else:
                parts = [rows_for(alt) for alt in item]
                if any(p is None for p in parts):
                    continue
                rows = np.logical_or.reduce(parts)
            mask = rows if mask is None else mask & rows
            if np.count_nonzero(mask & within) < 0.01 * n_rows:
                break
        return mask

    rows = rows_for(requirement)
    return within if rows is None else within & rows


def text_rows(text: "ArticleText | pa.ChunkedArray", within: np.ndarray, pattern: str, *, regex: bool,
              start: "tuple[str, str] | None" = None) -> np.ndarray:
    """Rows of ``within`` whose text matches ``pattern`` (RE2 when ``regex``, else a case-insensitive
    substring), checked on those rows only, in pieces read on several threads (a text read on demand: runs
    of whole blocks, each block read once). ``start``: the pattern without its leading boundary test and the
    characters that may not precede it (:meth:`~toolkit.index.keyword.Keyword.re2_start`), searched instead
    (:func:`matches_from_start`).

    >>> text_rows(pa.chunked_array([["a b", "c"]]), np.array([True, True]), "B", regex=False).tolist()
    [True, False]
    """
    text = as_article_text(text)
    out = np.zeros(len(within), dtype=bool)
    rows = np.flatnonzero(within)
    if len(rows) == 0:
        return out
    n_parts = 1 if len(rows) < 1_000 else 2 * min(os.cpu_count() or 1, 8)

    def run(piece: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        found, at = text.read(piece)
        if not regex:
            first = pc.find_substring(found, pattern, ignore_case=True)
            return piece, pc.fill_null(first, -1).to_numpy(zero_copy_only=False)[at] >= 0
        if start is not None and found.type in OFFSET_TYPES:
            return piece, matches_from_start(found, at, pattern, *start)
        return piece, first_match(found, pattern)[at] >= 0

    for piece, hit in thread_map(run, text.pieces(rows, n_parts)):
        out[piece] = hit
    return out


#: times matches_from_start looks past a glued match for the next one before it reads the text whole
GLUED_ROUNDS = 3


def first_match(texts: pa.Array, pattern: str) -> np.ndarray:
    """Byte offset of each text's leftmost RE2 match of ``pattern``, -1 for none or a null (which is not read)."""
    return pc.fill_null(pc.find_substring_regex(texts, pattern), -1).to_numpy(zero_copy_only=False)


def matches_from_start(texts: pa.Array, at: np.ndarray, pattern: str, relaxed: str, glue: str) -> np.ndarray:
    """Whether the texts at positions ``at`` of ``texts`` (string or large_string) match the RE2 ``pattern``,
    found through ``relaxed``: the pattern without its leading boundary test, whose match starts with an ASCII
    letter or digit. A text matches when a match of ``relaxed`` starts at 0 or after a character not in ``glue``
    (ASCII): its leftmost match is looked at, then (``GLUED_ROUNDS`` times) the next after a glued one, on the
    texts' own bytes; a text still undecided is read with ``pattern``.

    >>> texts = pa.array(["a-b", "xa-b a b", "xa-b", None, "xa-b xa-b xa-b xa-b a-b"])
    >>> matches_from_start(texts, np.arange(5), r"(?i)\\ba\\Wb", r"(?i)a\\Wb", "_x").tolist()
    [True, True, False, False, True]
    """
    offsets = string_offsets(texts).astype(np.int64)
    lo, hi = offsets[at], offsets[at + 1]
    data = np.frombuffer(texts.buffers()[2] or b"", dtype=np.uint8)
    glued = np.zeros(257, dtype=bool)           # (256: the start of a text, never glued)
    glued[np.frombuffer(glue.encode("ascii"), dtype=np.uint8)] = True
    pos = first_match(texts, relaxed)[at]
    hit = pos >= 0
    todo = np.flatnonzero(hit)
    for round_no in range(GLUED_ROUNDS + 1):
        if len(todo) == 0:
            break
        begin = lo[todo] + pos[todo]
        before = np.where(begin > lo[todo], data[np.maximum(begin - 1, 0)], 256)
        doubt = glued[before] | (data[begin] >= 0x80)
        todo, begin = todo[doubt], begin[doubt]
        hit[todo] = False
        if round_no == GLUED_ROUNDS or (data[begin] >= 0x80).any():
            break
        pos[todo] = first_match(spans_array(texts, begin + 1, hi[todo]), relaxed)[::2]    # after each glued one
        found = pos[todo] >= 0
        pos[todo[found]] += begin[found] + 1 - lo[todo[found]]
        hit[todo[found]] = True
        todo = todo[found]
    if len(todo):
        hit[todo] = first_match(spans_array(texts, lo[todo], hi[todo]), pattern)[::2] >= 0
    return hit
