"""One keyword grammar: what a keyword filter, a concordance line (KWIC) and the dashboard's marks match.

Rules:
- Plain text is cut into term tokens exactly as the index counts them (:func:`term_tokens`). One
  token matches that whole token, case-insensitively; several match as a phrase: in a row with only
  spaces or punctuation between them, in raw or PTB spelling (:func:`phrase_regex`: ``I'm proud``
  also finds ``I’m proud`` and ``I 'm proud``).
- Text with no term token (``"!!"``) matches as a case-insensitive substring.
- ``OR`` in capitals between words or phrases matches any of them (``wall OR border fence``).
- A word with ``*`` is a wildcard over the index's terms (``immigra*``: ``immigrant``, ``immigration``,
  ``immigration's``): ``*`` any run of characters, and in such a word ``?`` one (:func:`glob_regex`, as
  dictionary entries). Wildcards stand for whole words; a phrase with a wildcard is refused with a message.
- A keyword that matches nothing may be written in a syntax researchers often try (a comma list, a
  lower-case ``or``, a regular expression without ``regex=True``): :meth:`Keyword.hint` says what to type.
- ``regex=True``: an RE2 regular expression over the text, case-insensitive unless it starts with
  ``(?`` (its own flags, such as ``(?s)``, or a group: then it is used exactly as written);
  :meth:`Keyword.requirements` tells which letter/digit runs every match must contain, so the index can
  rule articles out before reading any text. An invalid expression raises ``ValueError`` saying what is
  wrong in plain words (:func:`check_re2`), not RE2's internal message.
- :meth:`Keyword.pattern` (Python ``re``) finds the spans of the matches the index selects: what KWIC
  lines cut out and what the reader marks. :meth:`Keyword.re2_pattern` is what the filter runs. A
  single token or wildcard is found through the index's terms, so its span may also start or end where
  the tokenizer cuts a run of letters and digits: a digit after three letters starts a term
  (``COVID19`` is ``covid`` + ``19``, ``KarenDoe50`` holds ``50``; ``mp3``, ``B52`` stay whole). The
  tokenizer decides from where its token started, which a span pattern cannot see: ``1abc5`` (one token)
  shows a span for ``5``, and ``a-b5`` (cut after ``a-b``) none; both are rare.

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

__all__ = ["Keyword", "phrase_regex", "token_regex", "regex_requirements", "check_re2", "glob_regex", "OR"]

#: the word between alternatives (capitals only: "black or white" stays a phrase)
OR = "OR"
_OR_SPLIT = re.compile(r"(?<!\S)OR(?!\S)")
#: what a wildcard's ``*`` stands for in text (for spans): word characters, and ``'’.-`` inside a word
_WORD_TAIL = r"(?:[^\W_]|['’.\-](?=[^\W_]))*"
#: the tokenizer's one cut inside a run of letters and digits: a digit after three letters (``COVID|19``)
_DIGIT_AFTER_LETTERS = r"(?<=[^\W\d_]{3})(?=\d)"

#: how an RE2 phrase pattern starts (see Keyword.re2_start)
_PHRASE_START = r"(?i)(?:^|[\W_])"
_ASCII_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: first characters RE2 skips ahead to case-insensitively (k and s also fold to non-ASCII letters, ``K`` and
#: ``ſ``: RE2 reads every byte for them either way)
_FAST_FIRST = _ASCII_ALNUM.translate(str.maketrans("", "", "KSks"))
_PTB_SPLIT_WORDS = {"cannot": ("can", "not"), "gonna": ("gon", "na"), "wanna": ("wan", "na"), "gotta": ("got", "ta")}
_RUN_RE = re.compile(r"[A-Za-z]+|[0-9]+")


@dataclass(frozen=True)
class Keyword:
    """A keyword as users type it: words, a phrase, or (``regex=True``) a regular expression.

    >>> Keyword("storm").kind, Keyword("!!").kind, Keyword(r"walls?", regex=True).kind
    ('token', 'substring', 'regex')
    >>> Keyword("immigra*").kind, Keyword("wall OR border fence").kind
    ('wildcard', 'any')
    >>> Keyword("don't").pattern().search("I don’t know").group()
    'don’t'
    """

    text: str
    regex: bool = False

    @functools.cached_property
    def tokens(self) -> tuple[str, ...]:
        """The term tokens of a plain keyword (empty for a regex)."""
        return () if self.regex else tuple(term_tokens(self.text))

    @functools.cached_property
    def alternatives(self) -> tuple["Keyword", ...]:
        """The keywords ``OR`` separates (just this one when there is no ``OR``).

        >>> [k.text for k in Keyword("wall OR  border fence").alternatives]
        ['wall', 'border fence']
        """
        if self.regex:
            return (self,)
        parts = [p.strip() for p in _OR_SPLIT.split(self.text.strip()) if p.strip()]
        if not parts or (len(parts) == 1 and parts[0] == self.text):
            return (self,)                         # no OR (or only "OR": the word)
        if len(parts) == 1:
            return (Keyword(parts[0]),)            # "wall OR": a dangling OR is dropped
        return tuple(Keyword(p) for p in dict.fromkeys(parts))

    @property
    def kind(self) -> str:
        """``"regex"``, ``"any"`` (alternatives), ``"wildcard"``, ``"token"`` (one term), ``"phrase"``
        (several) or ``"substring"`` (no term). Raises ``ValueError`` for a phrase with a wildcard."""
        if self.regex:
            return "regex"
        if len(self.alternatives) > 1 or self.alternatives[0] is not self:
            return "any"
        if "*" in self.text:
            if len(self.text.split()) > 1:
                raise ValueError(f"wildcards stand for whole words: {self.text!r} is a phrase with a *; "
                                 f"search its words one by one, or with OR between them")
            if not re.search(r"[^\W_]", self.text):
                raise ValueError(f"a wildcard needs a letter or digit besides the *: {self.text!r} would "
                                 "match every word")
            return "wildcard"
        return {0: "substring", 1: "token"}.get(len(self.tokens), "phrase")

    def re2_pattern(self) -> str:
        """The RE2 pattern the filter runs over article text (raises ``ValueError`` if RE2 rejects it).

        >>> Keyword("wall", regex=True).re2_pattern()
        '(?i)wall'
        """
        kind = self.kind
        if kind == "regex":
            pattern = self.text if self.text.startswith("(?") else "(?i)" + self.text
            check_re2(pattern, self.text)
            return pattern
        if kind == "any":
            return "|".join(f"(?:{alt.re2_pattern()})" for alt in self.alternatives)
        if kind == "wildcard":
            return r"(?i)(?:^|[\W_])" + _wildcard_body(self.text) + r"(?:[\W_]|$)"
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
            return re.compile(self._python_body(), re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc} (in {self.text!r})") from None

    def _python_body(self) -> str:
        """The Python pattern of a plain keyword, without the leading ``(?i)``."""
        kind = self.kind
        if kind == "any":
            return "|".join(f"(?:{alt._python_body()})" for alt in self.alternatives)
        if kind == "wildcard":
            return _term_span(_wildcard_body(self.text), self.text.strip())
        if len(self.tokens) == 1:
            return _term_span(token_regex(self.tokens[0]), self.tokens[0])
        if self.tokens:
            return phrase_regex(self.tokens).removeprefix("(?i)")
        return re.escape(self.text)

    def hint(self) -> str | None:
        """What to type instead, when this keyword matched nothing because of a syntax researchers often
        try; None when there is nothing to suggest.

        >>> Keyword("wall, border, fence").hint()
        'no article has the phrase “wall, border, fence”; for any of these words type: wall OR border OR fence'
        >>> Keyword("wall or fence").hint()
        'OR means “any of” in capitals only: wall OR fence'
        """
        if self.regex:
            return None
        text = self.text.strip()
        if "," in text or ";" in text:
            parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
            if len(parts) > 1:
                return f"no article has the phrase “{text}”; for any of these words type: {' OR '.join(parts)}"
        if re.search(r"\s(or|Or)\s", text):
            fixed = re.sub(r"\s+(?:or|Or)\s+", " OR ", text)
            return f"OR means “any of” in capitals only: {fixed}"
        if re.search(r"[\\|()\[\]]|\.\*|\+$", text):
            try:
                check_re2(text)
            except ValueError:
                return None
            return "this looks like a regular expression: tick “regular expression” (regex=True) to use one"
        return None

    def re2_start(self) -> tuple[str, str] | None:
        """(:meth:`re2_pattern` without its leading boundary test, the ASCII characters that may not stand just
        before its match), or None when the pattern does not start with one followed by an ASCII letter or digit
        (not k or s). RE2 reads every byte of a text for a pattern starting with ``(?:^|[\\W_])`` or ``\\b``, but
        skips ahead to a literal's first letter otherwise (3-5x faster): the text matches when the first
        pattern's leftmost match starts at 0 or after none of these characters
        (:func:`toolkit.index.search.matches_from_start`).

        >>> print(Keyword("White House").re2_start()[0])
        (?i)white[\\W_]+house(?:[\\W_]|$)
        >>> print(Keyword(r"\\bpro\\w*", regex=True).re2_start()[0]), Keyword("#tag now").re2_start()
        (?i)pro\\w*
        (None, None)
        """
        kind = self.kind
        if kind == "phrase":
            pattern = self.re2_pattern()
            relaxed = pattern.removeprefix(_PHRASE_START)
            if relaxed != pattern and relaxed[:1] in _FAST_FIRST:
                return "(?i)" + relaxed, _ASCII_ALNUM
        elif kind == "regex" and self.text.startswith(r"\b") and _starts_with_word_literal(self.text):
            self.re2_pattern()                       # (ValueError when RE2 rejects it)
            return "(?i)" + self.text[2:], "_" + _ASCII_ALNUM
        return None

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
        parts.append(token_regex(token))
    core = "".join(parts)
    if flavor == "re2":
        return _PHRASE_START + core + r"(?:[\W_]|$)"
    return r"(?i)(?<![^\W_])" + core + r"(?![^\W_])"


def token_regex(token: str) -> str:
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


#: RE2's error (after "Invalid regular expression: ") -> what it means, in plain words
_RE2_ERRORS = [
    ("missing )", "a “(” is never closed"),
    ("unexpected )", "a “)” has no “(” before it"),
    ("missing ]", "a “[” is never closed"),
    ("no argument for repetition operator", "“*”, “+”, “?” or “{}” must follow something to repeat "
                                            "(write \\* for a literal *)"),
    ("bad repetition operator", "two repetitions in a row (such as ** or +*)"),
    ("invalid repetition size", "a count in “{}” is too large (over 1000) or backwards"),
    ("invalid escape sequence: \\1", "back-references such as \\1 are not supported"),
    ("invalid escape sequence", "an escape with “\\” that RE2 does not know"),
    ("invalid character class range: \\p", "an unknown Unicode class after \\p"),
    ("invalid character class range", "a range in “[]” runs backwards (such as z-a)"),
    ("invalid perl operator: (?<", "look-behind (?<= / (?<!) is not supported"),
    ("invalid perl operator: (?=", "look-ahead (?= / (?!) is not supported"),
    ("invalid perl operator: (?!", "look-ahead (?= / (?!) is not supported"),
    ("invalid named capture group", "a named group is not written (?P<name>...)"),
    ("trailing \\", "it ends with a lone “\\”"),
]


def check_re2(pattern: str, shown: str | None = None) -> None:
    """Raise ``ValueError`` saying in plain words why RE2 (pyarrow) cannot compile ``pattern``
    (``shown``: the expression as the user typed it, named in the message).

    >>> check_re2("(?i)wall")
    >>> check_re2("(wall", "(wall")
    Traceback (most recent call last):
    ValueError: not a valid regular expression: a “(” is never closed (in '(wall')
    """
    try:
        pc.match_substring_regex(pa.array([""]), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        detail = str(exc).split("Invalid regular expression:", 1)[-1].strip()
        plain = next((words for start, words in _RE2_ERRORS if detail.startswith(start)), detail)
        raise ValueError(f"not a valid regular expression: {plain} (in {shown if shown is not None else pattern!r})"
                         ) from None


def glob_regex(entry: str) -> str:
    """The RE2 pattern of the whole terms a wildcard word means: ``*`` any run of characters, ``?`` one,
    the rest literal, case folded (dictionary entries and keyword wildcards).

    >>> glob_regex("econom*"), glob_regex("wom?n")
    ('^econom.*$', '^wom.n$')
    """
    parts = re.split(r"([*?])", entry.lower().replace("’", "'"))
    return "^" + "".join(".*" if p == "*" else "." if p == "?" else re.escape(p) for p in parts) + "$"


def _term_span(body: str, word: str) -> str:
    """``body`` (a term's or wildcard's regex) as a whole term: not inside a word, except where the
    tokenizer cuts one (a ``word`` starting with a digit may follow three letters; one ending with three
    letters may precede a digit).

    >>> re.search(_term_span("19", "19"), "COVID19 cases").span(), re.search(_term_span("19", "19"), "B19 x")
    ((5, 7), None)
    """
    left, right = r"(?<![^\W_])", r"(?![^\W_])"
    if word[:1].isdigit():
        left = rf"(?:{left}|{_DIGIT_AFTER_LETTERS})"
    if len(word) >= 3 and all(c.isalpha() for c in word[-3:]):
        right = rf"(?:{right}|{_DIGIT_AFTER_LETTERS})"
    return left + body + right


def _wildcard_body(word: str) -> str:
    """A wildcard word as it stands in text: its literal pieces (apostrophes straight or curly), ``*`` as
    any run of word characters, ``?`` as one."""
    out = []
    for piece in re.split(r"([*?])", word.strip()):
        if piece == "*":
            out.append(_WORD_TAIL)
        elif piece == "?":
            out.append(r"[^\W_]")
        else:
            out.append("".join(r"['’]" if c in "'’" else re.escape(c) for c in piece))
    return "".join(out)


def _starts_with_word_literal(pattern: str) -> bool:
    """Whether ``pattern`` is ``\\b`` then a literal ASCII letter or digit, the rest one sequence (no ``|`` at
    its top), as Python's parser reads it (False when it cannot read it)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            items = list(sre_parse.parse(pattern))
    except Exception:
        return False
    return (len(items) >= 2 and str(items[0][0]) == "AT" and str(items[0][1]) == "AT_BOUNDARY"
            and str(items[1][0]) == "LITERAL" and chr(items[1][1]) in _FAST_FIRST)


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
