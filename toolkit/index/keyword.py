"""One keyword grammar: what a keyword filter, a concordance line (KWIC) and the dashboard's marks match.

Rules:
- Plain text is cut into term tokens exactly as the index counts them (:func:`term_tokens`). One
  token matches that whole token, case-insensitively; several match as a phrase: in a row with only
  spaces or punctuation between them, in raw or PTB spelling (:func:`phrase_regex`: ``I'm proud``
  also finds ``I’m proud`` and ``I 'm proud``).
- Text with no term token (``"!!"``) matches as a case-insensitive substring.
- ``regex=True``: an RE2 regular expression over the text, case-insensitive unless it starts with
  ``(?`` (its own flags, such as ``(?s)``, or a group: then it is used exactly as written); :meth:`Keyword.requirements` tells which letter/digit runs
  every match must contain, so the index can rule articles out before reading any text.
- :meth:`Keyword.pattern` (Python ``re``) finds the spans of the matches the index selects: what KWIC
  lines cut out and what the reader marks. :meth:`Keyword.re2_pattern` is what the filter runs.

Example:
    >>> kw = Keyword("White House")
    >>> kw.kind, kw.tokens, kw.pattern().search("the white  house, said").group()
    ('phrase', ('white', 'house'), 'white  house')
"""
from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from re import _parser as sre_parse  # the parser behind re.compile, to read a pattern's literals
from typing import Any, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from toolkit.index.matrix import term_tokens

__all__ = ["Keyword", "phrase_regex", "regex_requirements", "check_re2"]

_PTB_SPLIT_WORDS = {"cannot": ("can", "not"), "gonna": ("gon", "na"), "wanna": ("wan", "na"), "gotta": ("got", "ta")}
_RUN_RE = re.compile(r"[A-Za-z]+|[0-9]+")


@dataclass(frozen=True)
class Keyword:
    """A keyword as users type it: words, a phrase, or (``regex=True``) a regular expression.

    >>> Keyword("storm").kind, Keyword("!!").kind, Keyword(r"walls?", regex=True).kind
    ('token', 'substring', 'regex')
    >>> Keyword("don't").pattern().search("I don’t know").group()
    'don’t'
    """

    text: str
    regex: bool = False

    @functools.cached_property
    def tokens(self) -> tuple[str, ...]:
        """The term tokens of a plain keyword (empty for a regex)."""
        return () if self.regex else tuple(term_tokens(self.text))

    @property
    def kind(self) -> str:
        """``"regex"``, ``"token"`` (one term), ``"phrase"`` (several) or ``"substring"`` (no term)."""
        if self.regex:
            return "regex"
        return {0: "substring", 1: "token"}.get(len(self.tokens), "phrase")

    def re2_pattern(self) -> str:
        """The RE2 pattern the filter runs over article text (raises ``ValueError`` if RE2 rejects it).

        >>> Keyword("wall", regex=True).re2_pattern()
        '(?i)wall'
        """
        if self.regex:
            pattern = self.text if self.text.startswith("(?") else "(?i)" + self.text
            check_re2(pattern)
            return pattern
        if self.tokens:
            return phrase_regex(self.tokens, flavor="re2")
        return "(?i)" + re.escape(self.text)

    def pattern(self) -> re.Pattern[str]:
        """The Python pattern whose matches are the spans to show (KWIC, marks); ``ValueError`` when invalid.

        >>> Keyword("u.s.").pattern().search("in the U.S . economy").group()
        'U.S .'
        """
        try:
            if self.regex:
                return re.compile(self.text, re.IGNORECASE)
            if self.tokens:
                return re.compile(phrase_regex(self.tokens))
            return re.compile(re.escape(self.text), re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {self.text!r}: {exc}") from None

    def requirements(self) -> list | None:
        """For a regex: the letter/digit runs every match needs (:func:`regex_requirements`)."""
        return regex_requirements(self.text) if self.regex else None


def phrase_regex(tokens: Sequence[str], *, flavor: str = "python") -> str:
    """A case-insensitive regex for consecutive term ``tokens`` in raw or PTB-tokenized text.

    Between two tokens any run of non-word characters (none where a token ends or starts with one, or
    where letters meet digits: ``COVID19``); inside a token, a space may stand beside each
    non-alphanumeric character (``U.S .``, ``# FreeMilo``, ``I 'm``), an apostrophe may be curly, and
    PTB's other splits are allowed: ``do n't``, ``can not``, ``gon na``. ``flavor="python"`` uses
    look-arounds (for spans, :mod:`re`); ``"re2"`` (pyarrow) consumes one boundary character instead,
    which is enough to test for a match.

    >>> bool(re.search(phrase_regex(["white", "house"]), "the White  House, said"))
    True
    >>> [bool(re.search(phrase_regex(["don't", "know"]), t)) for t in ("I don’t know", "I do n't know", "dont know")]
    [True, True, False]
    """
    parts = []
    for i, token in enumerate(tokens):
        if i:
            prev = tokens[i - 1][-1:]
            glued = not (prev.isalnum() and token[:1].isalnum()) or prev.isdigit() != token[:1].isdigit()
            parts.append(r"[\W_]*" if glued else r"[\W_]+")
        parts.append(_token_regex(token))
    core = "".join(parts)
    if flavor == "re2":
        return r"(?i)(?:^|[\W_])" + core + r"(?:[\W_]|$)"
    return r"(?i)(?<![^\W_])" + core + r"(?![^\W_])"


def _token_regex(token: str) -> str:
    """One term token as a regex that also matches its PTB-split spellings."""
    if token.lower() in _PTB_SPLIT_WORDS:
        first, second = _PTB_SPLIT_WORDS[token.lower()]
        return first + r"\s?" + second
    out = []
    for i, char in enumerate(token):
        if char in "'’":
            out.append(r"\s?['’]\s?")
        elif not char.isalnum():
            out.append(r"\s?" + re.escape(char) + r"\s?")
        elif char in "nN" and token[i + 1:i + 3] in ("'t", "’t"):
            out.append(r"\s?" + char)     # do n't
        else:
            out.append(re.escape(char))
    return "".join(out)


def check_re2(pattern: str) -> None:
    """Raise ``ValueError`` when RE2 (pyarrow) cannot compile ``pattern``.

    >>> check_re2("(?i)wall")
    """
    try:
        pc.match_substring_regex(pa.array([""]), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise ValueError(f"invalid regular expression {pattern!r} (RE2 syntax): {exc}") from None


def regex_requirements(pattern: str) -> list | None:
    """What every match of ``pattern`` must contain: runs of ASCII letters or of digits.

    The result is a list of requirements that must all hold; each is a run (``str``, compared
    case-insensitively) or a list of alternatives, each itself such a list (one must hold).
    None when the pattern cannot be analysed safely (Python's parser reads it differently from RE2,
    e.g. POSIX classes, or not at all): then nothing is assumed.

    >>> regex_requirements(r"\\bwall(s)? (on|along) the")
    ['wall', [['on'], ['along']], 'the']
    >>> regex_requirements(r"\\d{4}-\\d\\d")
    []
    """
    if "[:" in pattern or "\\Q" in pattern:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = sre_parse.parse(pattern)
    except Exception:   # an RE2-only construct, or a warning about one: assume nothing
        return None
    return _required_runs(tree)


def _required_runs(items: Any) -> list:
    need: list = []
    run: list[str] = []

    def flush() -> None:
        if run:
            need.extend(_RUN_RE.findall("".join(run)))
            run.clear()

    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(av))
            continue
        flush()
        if name == "SUBPATTERN":
            need.extend(_required_runs(av[-1]))
        elif name == "ATOMIC_GROUP":
            need.extend(_required_runs(av))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if av[0] >= 1:
                need.extend(_required_runs(av[2]))
        elif name == "BRANCH":
            alternatives = [_required_runs(alt) for alt in av[1]]
            if all(alternatives):
                need.append(alternatives)
        # classes, anchors, any character, look-arounds, back-references: no literal required
    flush()
    return need
