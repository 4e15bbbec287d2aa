"""Phrases: adjacent words that name one thing (``white house``, ``new york times``), found at build time.

Rules:
- Words come from the build's token stream (:func:`toolkit.text._native.term_counts`: every token of an
  article in order, a word's column, -1 for punctuation, -3 for a line break (``\\n``), -2 at the
  article's end), so a phrase never spans punctuation, a line break (a caption, a credit line, a
  hard-wrapped line's end) or two articles. A candidate word is no stopword of the ``"news"`` list
  (function words, reporting verbs, honorifics), no token class (numbers, years, URLs, hashtags...:
  :mod:`toolkit.index.vocabulary`), at least two characters long and no possessive (``clinton's``).
- Phrases are found once per build on a sample: evenly spaced articles holding about
  ``SAMPLE_CHARS`` characters (the whole corpus when it is smaller), so they never depend on the
  number of workers. A pair is a phrase when it occurs at least ``MIN_COUNT`` times there, its
  normalised PMI is at least ``MIN_NPMI`` and its log-likelihood G² passes p < 0.001 (10.83). A
  triple is a phrase when a phrase pair and the word after (or before) it pass the same test, the
  pair taken as one word. At most ``MAX_PHRASES``, the most frequent first.
- Every article is counted by the build's workers from the same stream: left to right, the longest
  phrase starting at a token first, never overlapping (``new york times`` once, not also ``new york``).
  The index keeps the counts as its ``"phrases"`` matrix (articles × phrases).
- Term tables with ``Vocabulary(phrases=True)`` read :func:`phrased_matrix`: one column per phrase, and
  each word counted only where it stands outside a counted phrase. Rates still divide by every word.
- A phrase filter takes an article where the build counted its words as consecutive tokens without
  reading its text: the ``"phrases"`` columns that hold them (:func:`holding_columns`: ``white house``
  for ``white house`` and ``white house press``), and the ``"bigrams"`` column equal to a pair of them.

Example:
    >>> from toolkit.text._native import term_counts
    >>> names, verbs = "Ann Bo Cy Di Ed Flo Gus Hal Ivy Jo Kai Lu".split(), "met saw hit led fed got".split()
    >>> texts = [f"{n} {verbs[i % 6]} the White House." for i, n in enumerate(names)]
    >>> table = PhraseTable(find_phrases(term_counts(texts)))
    >>> table.phrases
    ['white house']
    >>> vocab, piece = phrase_piece(term_counts(["White House, white. House white house"]), table)
    >>> vocab, piece.toarray().tolist()
    (['white house'], [[2]])
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from toolkit.index.matrix import TermMatrix
from toolkit.index.vocabulary import token_classes
from toolkit.text.stopwords import resolve_stopwords

__all__ = ["SAMPLE_CHARS", "MIN_COUNT", "MIN_NPMI", "MIN_G2", "MAX_PHRASES", "sample_rows", "candidate_words",
           "find_phrases", "PhraseTable", "texts_of", "phrase_piece", "compounded", "phrased_matrix",
           "holding_columns"]

SAMPLE_CHARS = 8_000_000
MIN_COUNT = 10
MIN_NPMI = 0.5
MIN_G2 = 10.83
MAX_PHRASES = 50_000


def sample_rows(lengths: np.ndarray, budget: int = SAMPLE_CHARS) -> np.ndarray:
    """Evenly spaced rows whose ``lengths`` add up to about ``budget`` (every row if they all fit): one
    row in ``ceil(total / budget)``, so about ``budget`` characters on average.

    >>> sample_rows(np.array([10, 10, 10, 10]), budget=20).tolist()
    [0, 2]
    """
    total = int(np.sum(lengths))
    if total <= budget:
        return np.arange(len(lengths))
    step = math.ceil(total / max(budget, 1))
    return np.arange(0, len(lengths), step)


def _streams(counted: tuple) -> tuple[list[str], np.ndarray]:
    """(vocabulary, token stream as int64) of a ``term_counts`` result."""
    return counted[0], np.frombuffer(counted[6], dtype=np.int32).astype(np.int64)


def candidate_words(vocab: list[str]) -> np.ndarray:
    """True for each column that may stand in a phrase (see the module rules)."""
    if not vocab:
        return np.zeros(0, dtype=bool)
    arr = pa.array(vocab, type=pa.string())
    stop = pa.array(sorted(resolve_stopwords("news")), type=pa.string())
    fine = pc.and_(pc.greater(pc.utf8_length(arr), 1),
                   pc.invert(pc.or_(pc.is_in(arr, value_set=stop), pc.ends_with(arr, "'s"))))
    return fine.to_numpy(zero_copy_only=False) & (token_classes(arr) < 0)


def _passes(joint: np.ndarray, left: np.ndarray, right: np.ndarray, n: float) -> np.ndarray:
    """The phrase test of the module rules over arrays of counts (pair, its first part, its second part)."""
    joint, left, right = (np.asarray(a, dtype=np.float64) for a in (joint, left, right))
    npmi = np.log(joint * n / (left * right)) / -np.log(joint / n)
    cells = [(joint, left * right / n), (left - joint, left * (n - right) / n),
             (right - joint, (n - left) * right / n), (n - left - right + joint, (n - left) * (n - right) / n)]
    g2 = 2 * sum(np.where(k > 0, k * np.log(np.maximum(k, 1e-300) / np.maximum(e, 1e-300)), 0.0) for k, e in cells)
    return (joint >= MIN_COUNT) & (npmi >= MIN_NPMI) & (g2 >= MIN_G2)


def find_phrases(counted: tuple) -> list[str]:
    """The phrases of the texts a ``term_counts`` result counted (words joined by one space), most
    frequent first; see the module rules."""
    vocab, stream = _streams(counted)
    if len(stream) < 2 or not vocab:
        return []
    n_cols = len(vocab)
    ok = np.append(candidate_words(vocab), [False, False, False])   # -1, -2, -3 (breaks) are never words
    words = stream[stream >= 0]
    unigram = np.bincount(words, minlength=n_cols).astype(np.float64)
    n = float(len(words))
    a, b = stream[:-1], stream[1:]
    at = np.flatnonzero(ok[a] & ok[b])
    keys, joint = np.unique(a[at] * n_cols + b[at], return_counts=True)
    good = _passes(joint, unigram[keys // n_cols], unigram[keys % n_cols], n)
    pairs, pair_counts = keys[good], joint[good]
    found: dict[str, int] = {f"{vocab[k // n_cols]} {vocab[k % n_cols]}": int(c)
                             for k, c in zip(pairs.tolist(), pair_counts.tolist())}
    if len(pairs):
        found.update(_triples(stream, ok, at, a[at] * n_cols + b[at], pairs, pair_counts, unigram, n, vocab))
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    return [phrase for phrase, _ in ranked[:MAX_PHRASES]]


def _triples(stream: np.ndarray, ok: np.ndarray, at: np.ndarray, keys: np.ndarray,
             pairs: np.ndarray, pair_counts: np.ndarray, unigram: np.ndarray, n: float,
             vocab: list[str]) -> dict[str, int]:
    """Phrase triples: a phrase pair with the word after or before it (see the module rules); ``at`` and
    ``keys``: the candidate pairs' positions and keys."""
    n_cols = len(vocab)
    s = stream
    where = np.searchsorted(pairs, keys)
    found = where < len(pairs)
    found[found] = pairs[where[found]] == keys[found]
    hit = np.zeros(len(s), dtype=bool)
    hit[at[found]] = True
    pair_at = np.full(len(s), -1, dtype=np.int64)          # phrase pair starting at each token, as its index
    pair_at[at[found]] = where[found]
    out: dict[str, int] = {}
    for after in (True, False):          # (pair, next word) then (previous word, pair)
        if after:
            at = np.flatnonzero(hit[:-2] & ok[s[2:]])
            unit, word = pair_at[at], s[at + 2]
        else:
            at = np.flatnonzero(hit[1:-1] & ok[s[:-2]]) + 1
            unit, word = pair_at[at], s[at - 1]
        if len(at) == 0:
            continue
        keys, joint = np.unique(unit * n_cols + word, return_counts=True)
        units, others = keys // n_cols, keys % n_cols
        good = _passes(joint, pair_counts[units], unigram[others], n)
        for u, w, c in zip(units[good].tolist(), others[good].tolist(), joint[good].tolist()):
            first, second = divmod(int(pairs[u]), n_cols)
            words = (vocab[first], vocab[second], vocab[w]) if after else (vocab[w], vocab[first], vocab[second])
            out[" ".join(words)] = max(out.get(" ".join(words), 0), int(c))
    return out


class PhraseTable:
    """Phrases as lookup keys over their words: pairs and triples of word numbers, sorted.

    >>> PhraseTable(["new york", "new york times"]).words
    {'new': 0, 'york': 1, 'times': 2}
    """

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = list(phrases)
        self.words: dict[str, int] = {}
        parts = [p.split(" ") for p in self.phrases]
        for words in parts:
            for w in words:
                self.words.setdefault(w, len(self.words))
        self.base = max(len(self.words), 1)
        keys = {2: [], 3: []}
        for i, words in enumerate(parts):
            key = 0
            for w in words:
                key = key * self.base + self.words[w]
            keys[len(words)].append((key, i))
        self.keys, self.ids = {}, {}
        for size, found in keys.items():
            found.sort()
            self.keys[size] = np.array([k for k, _ in found], dtype=np.int64)
            self.ids[size] = np.array([i for _, i in found], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.phrases)

    def starting_at(self, codes: np.ndarray, size: int) -> np.ndarray:
        """The phrase of ``size`` words starting at each position of ``codes`` (word numbers, -1 for any
        other token or break), -1 where none."""
        out = np.full(len(codes), -1, dtype=np.int64)
        span = len(codes) - size + 1
        if span <= 0 or len(self.keys[size]) == 0:
            return out
        valid = codes[:span] >= 0
        for k in range(1, size):
            valid &= codes[k:k + span] >= 0
        at = np.flatnonzero(valid)                          # runs of phrase words only: few positions
        key = codes[at]
        for k in range(1, size):
            key = key * self.base + codes[at + k]
        where = np.searchsorted(self.keys[size], key)
        hit = where < len(self.keys[size])
        hit[hit] = self.keys[size][where[hit]] == key[hit]
        out[at[hit]] = self.ids[size][where[hit]]
        return out


def texts_of(stream: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The text of each of ``positions`` in a ``term_counts`` token stream (the first text end, -2, after it).

    >>> texts_of(np.array([4, -2, 5, 6, -2]), np.array([0, 3])).tolist()
    [0, 1]
    """
    return np.searchsorted(np.flatnonzero(stream == -2), positions)


def _stream_matches(vocab: list[str], stream: np.ndarray, table: PhraseTable) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_matches` over a token stream of the words ``vocab``: words of no phrase and breaks are -1."""
    number = np.fromiter((table.words.get(w, -1) for w in vocab), dtype=np.int64, count=len(vocab))
    return _matches(np.append(number, [-1, -1, -1])[stream], table)   # breaks (-1, -2, -3) read the -1s


def _matches(codes: np.ndarray, table: PhraseTable) -> tuple[np.ndarray, np.ndarray]:
    """(start position, phrase) of every counted phrase: left to right, longest first, no overlap.

    A phrase is taken unless one taken before it covers its start. Only a start 1 or 2 positions after
    another can be covered (phrases have 2-3 words), so the rest are taken as they are and the walk goes
    over those close starts and the starts just before them only (most of a news text's phrases stand apart).
    """
    two, three = table.starting_at(codes, 2), table.starting_at(codes, 3)
    starts = np.flatnonzero((two >= 0) | (three >= 0))
    longest = three[starts] >= 0
    phrase = np.where(longest, three[starts], two[starts])
    close = np.flatnonzero(np.diff(starts) < 3) + 1           # starts 1-2 positions after the start before them
    if len(close) == 0:
        return starts, phrase
    keep = np.ones(len(starts), dtype=bool)
    walked = np.union1d(close - 1, close)
    free = 0
    for k, i, three_words in zip(walked.tolist(), starts[walked].tolist(), longest[walked].tolist()):
        if i < free:          # (a start not walked is 3 or more after every start before it: never covered,
            keep[k] = False   # and it covers nothing walked after it that the walk would not see)
            continue
        free = i + (3 if three_words else 2)
    return starts[keep], phrase[keep]


def phrase_piece(counted: tuple, table: PhraseTable) -> tuple[list[str], sp.csr_matrix]:
    """The phrase counts of each text of a ``term_counts`` result: (``table.phrases``, texts × phrases CSR),
    as :func:`toolkit.index.matrix.count_piece` gives pieces."""
    vocab, stream = _streams(counted)
    shape = (int(np.count_nonzero(stream == -2)), max(len(table), 1))      # one -2 per text
    if len(table) == 0 or len(stream) == 0:
        return table.phrases, sp.csr_matrix(shape, dtype=np.int32)
    at, phrase = _stream_matches(vocab, stream, table)
    piece = sp.csr_matrix((np.ones(len(at), dtype=np.int32), (texts_of(stream, at), phrase)), shape=shape)
    piece.sum_duplicates()
    return table.phrases, piece


def compounded(counted: tuple, table: PhraseTable) -> list[list[str]]:
    """The term tokens of each text of a ``term_counts`` result with each counted phrase as one token, as
    the build counts them (never across punctuation or a line break).

    >>> from toolkit.text._native import term_counts
    >>> compounded(term_counts(["In New York Times Square", "New, York"]), PhraseTable(["new york", "new york times"]))
    [['in', 'new york times', 'square'], ['new', 'york']]
    """
    vocab, stream = _streams(counted)
    starts: dict[int, int] = {}
    if len(table) and len(stream):
        starts = dict(zip(*(a.tolist() for a in _stream_matches(vocab, stream, table))))
    out: list[list[str]] = []
    current: list[str] = []
    values = stream.tolist()
    i = 0
    while i < len(values):
        if i in starts:
            current.append(table.phrases[starts[i]])
            i += table.phrases[starts[i]].count(" ") + 1
            continue
        if values[i] == -2:
            out.append(current)
            current = []
        elif values[i] >= 0:
            current.append(vocab[values[i]])
        i += 1
    return out


def holding_columns(matrix: TermMatrix, tokens: Sequence[str], *, exact: bool = False) -> np.ndarray:
    """The columns of ``matrix`` (phrases or bigrams: words joined by one space) whose words hold ``tokens``
    consecutively (``exact``: are ``tokens``).

    >>> m = TermMatrix.from_token_lists([["white house", "white house press", "house white", "whitewater"]])
    >>> holding_columns(m, ["white", "house"]).tolist(), holding_columns(m, ["white", "house"], exact=True).tolist()
    ([0, 1], [0])
    """
    if len(matrix.vocab) == 0 or not tokens:
        return np.zeros(0, dtype=np.int64)
    wanted = " ".join(tokens)
    if exact:
        column = matrix.column(wanted)
        return np.array([column] if column >= 0 else [], dtype=np.int64)
    padded = pc.binary_join_element_wise(" ", matrix.vocab_arrow, " ", " ")      # " white house press "
    return np.flatnonzero(pc.match_substring(padded, f" {wanted} ").to_numpy(zero_copy_only=False))


def phrased_matrix(terms: TermMatrix, phrases: TermMatrix) -> TermMatrix:
    """The terms with phrases as terms: each word counted outside counted phrases, then one column per
    phrase (its count). Words and phrases share no column. The phrases must be the build's: counted on
    the same tokens, so a phrase never holds more of a word than the article has.

    >>> t = TermMatrix.from_token_lists([["new", "york", "new", "jersey"]])
    >>> p = TermMatrix.from_token_lists([["new york"]])
    >>> m = phrased_matrix(t, p); m.vocab.tolist(), m.X.toarray().tolist()
    (['new', 'york', 'jersey', 'new york'], [[1, 0, 1, 1]])
    """
    X = terms.X
    P = sp.csr_matrix(phrases.X[:, :len(phrases.vocab)], dtype=X.dtype)   # (an empty matrix has one column)
    rows, cols = [], []
    words = [phrase.split(" ") for phrase in phrases.vocab.tolist()]     # phrases × terms: words of each phrase
    found = terms.columns(word for phrase in words for word in phrase)
    at = 0
    for j, phrase in enumerate(words):
        for col in found[at:at + len(phrase)].tolist():
            if col >= 0:
                rows.append(j)
                cols.append(col)
        at += len(phrase)
    M = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(P.shape[1], X.shape[1]))
    inside = sp.csr_matrix(sp.csr_matrix(P, dtype=np.int64) @ M, dtype=X.dtype)   # word tokens inside phrases
    words = sp.csr_matrix(X - inside)                       # in X's own dtype: inside <= X cell by cell
    words.eliminate_zeros()
    words.sort_indices()
    P.sort_indices()
    return TermMatrix.from_csr(terms.vocab.tolist() + phrases.vocab.tolist(), _side_by_side(words, P))


def _side_by_side(A: sp.csr_matrix, B: sp.csr_matrix) -> sp.csr_matrix:
    """``[A | B]`` for CSR matrices of the same rows and dtype, each row's cells kept in order.

    >>> _side_by_side(sp.csr_matrix([[1, 0], [0, 2]]), sp.csr_matrix([[3], [0]])).toarray().tolist()
    [[1, 0, 3], [0, 2, 0]]
    """
    a_ptr, b_ptr = A.indptr.astype(np.int64), B.indptr.astype(np.int64)
    data = np.empty(A.nnz + B.nnz, dtype=A.dtype)
    indices = np.empty(A.nnz + B.nnz, dtype=np.int32)
    at_a = np.arange(A.nnz, dtype=np.int64) + np.repeat(b_ptr[:-1], np.diff(a_ptr))
    at_b = np.arange(B.nnz, dtype=np.int64) + np.repeat(a_ptr[1:], np.diff(b_ptr))
    data[at_a], indices[at_a] = A.data, A.indices
    data[at_b], indices[at_b] = B.data, B.indices + A.shape[1]
    out = sp.csr_matrix((data, indices, a_ptr + b_ptr), shape=(A.shape[0], A.shape[1] + B.shape[1]), copy=False)
    out.has_sorted_indices = True
    return out
