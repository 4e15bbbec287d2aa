"""The pure-Python references of the compiled scanner: the regular expressions and loops it replaces.

Each ``py_*`` function here defines what its compiled twin in ``toolkit.text._native._scan`` must return
(:data:`toolkit.text._native.twins.TWINS` pairs them up); they are used when the scanner is not built or
``TOOLKIT_PURE_PYTHON=1`` is set.

Example:
    >>> py_scan_tokens("Don't miss #FreeMilo !  ")
    ["Don't", 'miss', '#FreeMilo', '!']
    >>> py_token_stats("a A b")
    (3, 2)
"""
from __future__ import annotations

from array import array
from typing import Sequence

from toolkit.text import patterns
from toolkit.text.patterns import (PTB_SPACE_JOIN_RE, PTB_SPACED_ENTITY_CLUE_RE, PTB_SPACED_URL_HINTS,
                                   TOKEN_KIND_SCAN_RE, URL_CHUNK_RE)

__all__ = ["py_scan_tokens", "py_token_stats", "py_term_counts", "py_ptb_join", "py_straighten", "py_style_counts",
           "py_url_chunks", "py_spaced_url_windows"]

_SPACED = (" , ", " . ", " .\n", " ; ", " ? ")
_GLUED = (", ", ". ", ".\n", "; ", "? ")
_PTB_SUBSTRINGS = (" n't", " n’t", " 's ", " ’s ", "``", " '' ")
_SPACED_ENTITY_HINTS = ("# ", "＃ ", "$ ", "( @ ")


def py_scan_tokens(text: str, words_only: bool = False) -> list[str]:
    """Tokens of a normalised text by the regular expression ``TOKEN_SCAN_RE`` (``WORD_SCAN_RE``).

    >>> py_scan_tokens("a, b"), py_scan_tokens("a, b", True)
    (['a', ',', 'b'], ['a', 'b'])
    """
    if words_only:
        return list(filter(None, patterns.WORD_SCAN_RE.findall(text.rstrip())))   # (compiled on first use)
    return patterns.TOKEN_SCAN_RE.findall(text.rstrip())


def py_token_stats(text: str) -> tuple[int, int]:
    """``(tokens, distinct lower-cased tokens)`` of a normalised text, by the regular expression.

    >>> py_token_stats("The the cat")
    (3, 2)
    """
    tokens = py_scan_tokens(text)
    return len(tokens), len(set(map(str.lower, tokens)))


def py_term_counts(texts: Sequence[str]) -> tuple[list[str], bytes, bytes, bytes, bytes, bytes, bytes]:
    """Lower-cased word tokens of normalised texts as one vocabulary and CSR rows, plus their token stats
    and the token stream.

    Returns ``(vocabulary, indptr, indices, counts, tokens, types, stream)``: the vocabulary in order of
    first appearance; the arrays as native-endian bytes (int64, int32, int32, int64, int64, int32), a row's
    cells in order of first appearance; ``tokens``/``types`` are :func:`py_token_stats` of each text;
    ``stream`` holds every token of every text in order: a word's column, -1 for punctuation; also -3
    between two tokens with a line break (``\\n``) between them, and -2 after each text.

    >>> vocab, indptr, indices, counts, tokens, types, stream = py_term_counts(["The cat, the", "A cat"])
    >>> vocab, array("q", indptr).tolist(), array("i", counts).tolist(), array("q", types).tolist()
    (['the', 'cat', 'a'], [0, 2, 4], [2, 1, 1, 1], [3, 2])
    >>> array("i", stream).tolist()
    [0, 1, -1, 0, -2, 2, 1, -2]
    """
    lookup: dict[str, int] = {}
    indptr, indices, counts = array("q", [0]), array("i"), array("i")
    tokens, types, stream = array("q"), array("q"), array("i")
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"term_counts() takes a str, not {type(text).__name__}")
        matches = list(TOKEN_KIND_SCAN_RE.finditer(text.rstrip()))
        pairs = [m.groups() for m in matches]              # (word, "") or ("", punctuation) per token
        tokens.append(len(pairs))
        types.append(len({(word or punct).lower() for word, punct in pairs}))
        row: dict[int, int] = {}
        has_lines, prev_end = "\n" in text, -1
        for match, (word, _) in zip(matches, pairs):
            # a line break between the last token and this one (a match opens with the spaces before its token)
            if has_lines and prev_end >= 0 and text.find("\n", prev_end, match.start(match.lastindex)) >= 0:
                stream.append(-3)
            prev_end = match.end()
            if word:
                column = lookup.setdefault(word.lower(), len(lookup))
                row[column] = row.get(column, 0) + 1
                stream.append(column)
            else:
                stream.append(-1)
        stream.append(-2)
        indices.extend(row.keys())
        counts.extend(row.values())
        indptr.append(len(indices))
    return (list(lookup), indptr.tobytes(), indices.tobytes(), counts.tobytes(), tokens.tobytes(),
            types.tobytes(), stream.tobytes())


def py_ptb_join(text: str) -> str:
    """PTB quote marks ``\\`\\``` and ``''`` made ``"``, then the spaces PTB tokenization inserted inside
    a raw token removed (``PTB_SPACE_JOIN_RE``: ``do n't``, ``Sunday 's``, ``# Tag``, ``$ TWTR`` ...).

    >>> py_ptb_join("`` We do n't '' .")
    '" We don\\'t " .'
    """
    if "`" in text or "''" in text:
        text = text.replace("``", '"').replace("''", '"')
    return PTB_SPACE_JOIN_RE.sub("", text)


def py_straighten(text: str) -> str:
    """Curly apostrophes ``’ ‘`` made ``'`` and curly quotes ``“ ”`` made ``"``.

    >>> py_straighten("“It’s”")
    '"It\\'s"'
    """
    if text.isascii():
        return text
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def py_style_counts(text: str) -> tuple[int, int, int]:
    """``(PTB clues, raw clues, spaced-entity clues)`` of a text, as ``toolkit.text.style`` weighs them.

    The spaced-entity clues (``# Word``, ``$ TWTR``, ``( @ name``) count only when the text has one of
    ``"# "``, ``"＃ "``, ``"$ "``, ``"( @ "``.

    >>> py_style_counts("It 's here . # Tag")
    (2, 0, 1)
    """
    count = text.count
    spaced = sum(map(count, _SPACED))
    glued = sum(map(count, _GLUED)) - spaced
    if text.endswith(" ."):
        spaced += 1
    elif text.endswith("."):
        glued += 1
    entities = 0
    if any(hint in text for hint in _SPACED_ENTITY_HINTS):
        entities = len(PTB_SPACED_ENTITY_CLUE_RE.findall(text))
    return spaced + sum(map(count, _PTB_SUBSTRINGS)), glued, entities


def py_url_chunks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the whitespace-delimited chunks that may hold a URL (``URL_CHUNK_RE``).

    >>> py_url_chunks("see t.co/x now")
    [(4, 10)]
    """
    return [m.span() for m in URL_CHUNK_RE.finditer(text)]


def py_spaced_url_windows(text: str) -> list[tuple[int, int]]:
    """Regions of the text holding every ``PTB_SPACED_URL_RE`` match (here the whole text), or none when
    the text has none of ``PTB_SPACED_URL_HINTS`` (PTB URLs are re-glued only then).

    >>> py_spaced_url_windows("see x . com"), py_spaced_url_windows("see x.com")
    ([(0, 11)], [])
    """
    return [(0, len(text))] if any(hint in text for hint in PTB_SPACED_URL_HINTS) else []
