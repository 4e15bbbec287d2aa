"""Social entities in article text: hashtags, handles (@mentions), cashtags and URLs.

Raw text follows the twitter-text extraction rules (conformance suite ``extract.yml``): a hashtag needs
a letter (``#1`` is not one) and may not be glued to a preceding letter, digit or ``&``; a handle is
1-20 ASCII letters/digits/underscores not preceded by a letter, digit or ``_!#$%&*@`` (so
``ben@example.com`` is not one) nor followed by ``@``, an accented latin letter or ``://``;
a cashtag is ``$`` + 1-6 letters (optionally ``.xx``/``_xx``) after a space or the start.
Hashtags and handles inside a URL (``twitter.com/#tag``, ``medium.com/@user``) are dropped.

PTB-tokenized text also accepts one space after the sigil: ``# FreeMilo``; ``$ TWTR`` (upper-case
symbols only, so ``$ 5`` and ``$ a`` are money/words); ``@ SenRandPaul`` when it looks like a handle —
see :func:`spaced_handle_ok` (Instagram location suffixes such as ``@ Water Wall`` are not handles).

Hashtags, handles and cashtags come from one compiled pass over a text's signs (``social_spans``) wherever
ASCII decides; a sign beside a non-ASCII character or a PTB-spaced ``@ name`` leaves that kind of that text to
the regular expressions here (:func:`py_social_spans`), which are the definition (``tests/text/test_native_twins.py``).

Each entity is an :class:`Entity`: a ``str`` equal to the name without its sigil, with ``.key``
(case-folded), ``.start`` and ``.end`` (offsets of sigil + name in the text, Python code points).

Example:
    >>> tags = hashtags("Join us #FreeMilo, not #1!")
    >>> tags, tags[0].key, (tags[0].start, tags[0].end)
    (['FreeMilo'], 'freemilo', (8, 17))
    >>> handles("mail ben@example.com or ( @ k_mcq )", style="ptb")
    ['k_mcq']
    >>> cashtags("Buy $ TWTR now", style="ptb"), urls("see pic.twitter.com/AbC.")
    (['TWTR'], ['pic.twitter.com/AbC'])
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import Callable

import pandas as pd

from toolkit.text._input import map_texts
from toolkit.text._native import compiled, spaced_url_windows, url_chunks
from toolkit.text.patterns import (CASHTAG_PTB_RE, CASHTAG_RE, EMAIL_RE, HASHTAG_END_RE, HASHTAG_RE,
                                   MENTION_END_RE, MENTION_PTB_RE, MENTION_RE, PTB_SCHEME_RE,
                                   PTB_SPACED_URL_RE, PTB_SPLIT_URL_RE, SPACED_SYMBOL_RE, TCO_URL_RE,
                                   URL_STRICT_RE, may_have_cashtags, may_have_handles,
                                   may_have_hashtags, may_have_urls)
from toolkit.text.style import check_style, resolve_style

__all__ = ["Entity", "hashtags", "handles", "cashtags", "urls", "url_spans", "spaced_handle_ok", "join_ptb_urls",
           "sign_entities", "sign_keys", "py_social_spans"]


class Entity(str):
    """An entity name (``str``, without sigil) with ``key`` (case-folded), ``start`` and ``end`` offsets.

    >>> e = Entity("FreeMilo", 8, 17)
    >>> e == "FreeMilo", e.key, e.start, e.end
    (True, 'freemilo', 8, 17)
    """

    key: str
    start: int
    end: int

    def __new__(cls, name: str, start: int, end: int) -> "Entity":
        self = super().__new__(cls, name)
        self.key = name.casefold()
        self.start = start
        self.end = end
        return self

    def __reduce__(self):  # pickles (multiprocessing) with its offsets
        return (Entity, (str(self), self.start, self.end))


# -------------------------------------------------------------------------------------------------- URLs
@functools.lru_cache(maxsize=8)
def _url_spans_raw(text: str) -> tuple[tuple[int, int], ...]:
    # cached: hashtags(), handles() and urls() of the same article all ask for its URL spans
    if not may_have_urls(text):
        return ()
    spans = []
    # URLs contain no whitespace and always a `://` or a `.tld`: run the (slow) URL pattern only on the
    # whitespace-delimited chunks that have one (URL_CHUNK_RE, found by the compiled scanner)
    for lo, hi in url_chunks(text):
        emails = [m.span() for m in EMAIL_RE.finditer(text, lo, hi)] if "@" in text[lo:hi] else []
        for m in URL_STRICT_RE.finditer(text, lo, hi):
            s, e = m.span()
            if emails and any(es <= s < ee for es, ee in emails):
                continue
            if "xn--" in text[s:e] and not text[s:e].isascii():  # punycode prefix on a non-ASCII label: invalid
                continue
            tco = TCO_URL_RE.match(text, s, e)
            if tco:  # a t.co link ends where its alphanumeric code ends, and the code has at most 40 characters
                if len(tco.group(1)) > 40:
                    continue
                e = tco.end()
            spans.append((s, e))
    return tuple(spans)


def url_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each URL in raw ``text`` (e-mail addresses excluded).

    >>> url_spans("a http://t.co/x b")
    [(2, 15)]
    """
    return list(_url_spans_raw(text))


def join_ptb_urls(text: str) -> str:
    """Re-glue URLs split by PTB tokenization: ``http : //t.co/x``, ``pic . twitter . com / AbC``.

    >>> join_ptb_urls("see http : //t.co/x and pic . twitter . com / AbC .")
    'see http://t.co/x and pic.twitter.com/AbC .'
    """
    return _glued(text)[0]


def _glued(text: str) -> tuple[str, list[list[int]]]:
    """:func:`join_ptb_urls` of ``text``, and per step where the spaces it removed stood in the glued text
    (gluing only removes spaces): first ``http : //`` -> ``http://``, then each spaced URL
    (:data:`PTB_SPACED_URL_RE`, tried only in the regions :func:`toolkit.text._native.spaced_url_windows`
    finds) without its spaces."""
    steps: list[list[int]] = []
    if " : //" in text:
        text = _removed(text, [m.span() for m in PTB_SCHEME_RE.finditer(text)], steps)
    spans = [m.span() for lo, hi in spaced_url_windows(text) for m in PTB_SPACED_URL_RE.finditer(text, lo, hi)]
    return _removed(text, spans, steps), steps


def _removed(text: str, spans: list[tuple[int, int]], steps: list[list[int]]) -> str:
    """``text`` without the spaces inside ``spans``; where they stood in the result (space ``j`` at offset
    ``at`` stood before result offset ``at - j``) is appended to ``steps``."""
    spaces = []
    for s, e in spans:          # (found with str.find: a spaced URL is mostly other characters)
        i = text.find(" ", s, e)
        while i >= 0:
            spaces.append(i)
            i = text.find(" ", i + 1, e)
    if not spaces:
        return text
    steps.append([at - j for j, at in enumerate(spaces)])
    kept = [text[a + 1:b] for a, b in zip([-1, *spaces], [*spaces, len(text)])]
    return "".join(kept)


def _original_offset(offset: int, steps: list[list[int]]) -> int:
    """Where the character at ``offset`` of the glued text stands in the text before :func:`_glued`."""
    for before in reversed(steps):     # each space removed before (or at) the offset moves it one right
        offset += bisect.bisect_right(before, offset)
    return offset


def _urls_one(text: str, style: str) -> list[Entity]:
    if not may_have_urls(text):
        return []
    if resolve_style(text, style) != "ptb":
        return [Entity(text[s:e], s, e) for s, e in _url_spans_raw(text)]
    glued, steps = _glued(text)
    return [Entity(glued[s:e], _original_offset(s, steps), _original_offset(e - 1, steps) + 1)
            for s, e in _url_spans_raw(glued)]


def urls(text: "str | pd.Series", style: str = "auto") -> "list[Entity] | pd.Series":
    """URLs in the text: with a scheme (``https://...``), ``www.``, or a bare domain with a common TLD,
    as :class:`Entity` (the URL; ``start``/``end`` its offsets in the text as given).

    PTB text is re-glued first (``http : //t.co/x``, ``pic . twitter . com / AbC``): the URL is given
    without the spaces, and its offsets span the spaced form. Trailing punctuation is not part of a URL;
    balanced parentheses are. E-mail addresses are not URLs.

    >>> urls("Read https://en.wikipedia.org/wiki/Primer_(film). Mail ben@example.com")
    ['https://en.wikipedia.org/wiki/Primer_(film)']
    >>> t = "via http : //t.co/WcJKiJbAcf pic . twitter . com / sArp"
    >>> found = urls(t, style="ptb")
    >>> found, [t[u.start:u.end] for u in found]
    (['http://t.co/WcJKiJbAcf', 'pic.twitter.com/sArp'], ['http : //t.co/WcJKiJbAcf', 'pic . twitter . com / sArp'])
    """
    check_style(style)
    return map_texts(lambda t: _urls_one(t, style), text)


def _outside_urls(found: list[int], text: str) -> list[int]:
    """The flat ``[sign, name start, end, ...]`` triples of ``found`` whose sign is not inside a URL."""
    if not found or "." not in text:
        return found
    spans = _url_spans_raw(text)
    if " : //" in text:  # PTB-split scheme: `https : //medium.com/@user/post`
        spans += tuple(m.span() for m in PTB_SPLIT_URL_RE.finditer(text))
    if not spans:
        return found
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))   # the furthest end of the spans so far
    return [at for sign, name, end in zip(found[::3], found[1::3], found[2::3])
            if not _inside(sign, starts, reach) for at in (sign, name, end)]


def _inside(position: int, starts: list[int], reach: list[int]) -> bool:
    """Whether ``position`` is inside a span (``starts`` sorted; ``reach[i]``: the furthest end of spans ``0..i``)."""
    last = bisect.bisect_right(starts, position) - 1
    return last >= 0 and reach[last] > position


# -------------------------------------------------------------------------------------------------- hashtags
def _hashtag_spans(text: str, ptb: bool) -> list[int]:
    found = []
    for m in HASHTAG_RE.finditer(text):
        if HASHTAG_END_RE.match(text, m.end()):       # (HASHTAG_NAME ends before a glued scheme: #MAGAhttps://)
            continue
        if m.group(2) and not (ptb and _spaced_sign_joins(text, m.start(1), m.group(3))):
            continue
        found += (m.start(1), m.start(3), m.end())
    return found


def _hashtags_one(text: str, style: str) -> list[Entity]:
    return sign_entities(text, style, HASHTAGS)[0] if may_have_hashtags(text) else []


def _spaced_sign_joins(text: str, sign: int, name: str) -> bool:
    """Whether PTB joining (PTB_SPACE_JOIN_RE) glues ``# name``: a sign after a space or the start, a word
    character after the space."""
    return (sign == 0 or text[sign - 1].isspace()) and (name[:1].isalnum() or name[:1] == "_")


def hashtags(text: "str | pd.Series", style: str = "auto") -> "list[Entity] | pd.Series":
    """Hashtags, without ``#``, in order of appearance (twitter-text rules; PTB also ``# Tag``).

    >>> hashtags("#Ateş #1 x#no (#yes) http://t.co/#not")
    ['Ateş', 'yes']
    >>> hashtags("In # Savannah , we won", style="ptb")
    ['Savannah']
    """
    check_style(style)
    return map_texts(lambda t: _hashtags_one(t, style), text)


# -------------------------------------------------------------------------------------------------- handles
_CAMEL_RE = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")  # SenRandPaul, CNNPolitics
_HANDLE_CUE_RE = re.compile(r"\b(?:to|via|RT|MT|cc|[Ff]ollow|[Tt]hanks) *\Z")  # "reply to @ Reuters"
_SHORT_WORDS = frozenset({"the", "a", "an", "my", "our", "your", "his", "her", "home", "work", "school", "this",
                          "that", "at", "in", "on", "of", "for", "and", "to", "me", "us", "it", "its"})
_HANDLE_LIST_RE = re.compile(r"(?:and|&|,|or)\s+[@＠]")  # "@ Nero and @ HillaryClinton": a list of handles
_PLACE_LINKS = frozenset({"in", "at", "on", "of", "by", "and", "&", "-"})


def spaced_handle_ok(text: str, name: str, start: int, end: int) -> bool:
    """Whether a PTB-spaced ``@ name`` (sign at ``start``, name ending at ``end``) is a handle.

    ``@ Name`` is also how Instagram/Foursquare posts append a location (``@ Water Wall``,
    ``@ Starbucks in Phoenix``), so the spaced form is vetted:

    * PTB puts a space after every token: a name glued to what follows (``@ Disney's``, ``@ St.``) is not one;
    * yes inside ``( @ name )`` (an embedded tweet's signature), with an underscore or an inner capital
      (``@ k_mcq``, ``@ SenRandPaul``, ``@ CNNPolitics``), when another handle follows (``@ NRO and @ x``),
      or after a cue word: ``reply to @ Reuters``, ``via``/``RT``/``MT``/``cc``/``follow``/``thanks``;
    * lower-case names (handles mostly are; places mostly are not) are handles unless a common short word
      (``@ home``, ``@ the``); all-digit names are not;
    * other capitalised names (``Water``, ``CNN``) are not when followed by a capitalised word, a digit or
      ``in/at/on/of/by/and/&`` — and, unless all capitals, not before a comma, a dash or the end of the line.

    >>> t = "( @ Reuters ) @ Water Wall @ home @ cindymccain said , @ CNN , @ Starbucks in LA"
    >>> def ok(n): i = t.index("@ " + n); return spaced_handle_ok(t, n, i, i + 2 + len(n))
    >>> [ok(n) for n in ["Reuters", "Water", "home", "cindymccain", "CNN", "Starbucks"]]
    [True, False, False, True, True, False]
    """
    if text[end:end + 1] not in ("", " ", "\t", ")", "\n", "\r"):
        return False
    rest = text[end:end + 40].lstrip(" \t")
    if text[max(0, start - 3):start].rstrip().endswith("(") and rest.startswith(")"):
        return True
    if "_" in name or _CAMEL_RE.search(name) or _HANDLE_LIST_RE.match(rest):
        return True
    if name.isdigit():
        return False
    if not name[0].isupper():  # lower-case (digits allowed): handle unless a common short word
        return not (name.lower() in _SHORT_WORDS or len(name) < 4)
    if _HANDLE_CUE_RE.search(text, max(0, start - 12), start):
        return True
    nxt = rest[:1]
    if nxt and (nxt.isupper() or nxt.isdigit() or (rest.split(None, 1) or [""])[0].lower() in _PLACE_LINKS):
        return False
    if not name.isupper() and (not nxt or nxt in "\n\r,…-–—"):
        return False
    return True


def _handle_spans(text: str, ptb: bool) -> list[int]:
    found = []
    for m in (MENTION_PTB_RE if ptb else MENTION_RE).finditer(text):
        if MENTION_END_RE.match(text, m.end()):
            continue
        if ptb and m.group(3) and not spaced_handle_ok(text, m.group(4), m.start(2), m.end(4)):
            continue
        found += (m.start(2), m.start(4), m.end(4))
    return found


def _handles_one(text: str, style: str) -> list[Entity]:
    return sign_entities(text, style, HANDLES)[1] if may_have_handles(text) else []


def handles(text: "str | pd.Series", style: str = "auto") -> "list[Entity] | pd.Series":
    """@handles (mentions), without ``@``; e-mails and handles inside URLs are not handles.

    A list mention ``@user/list`` gives the handle ``user``.

    >>> handles("RT @jack: hi @ben@example.com ben@example.com medium.com/@jack @k_mcq")
    ['jack', 'k_mcq']
    """
    check_style(style)
    return map_texts(lambda t: _handles_one(t, style), text)


# -------------------------------------------------------------------------------------------------- cashtags
def _cashtag_spans(text: str, ptb: bool) -> list[int]:
    if not ptb:
        return [at for m in CASHTAG_RE.finditer(text) for at in (m.start(2), m.start(4), m.end(4))]
    return [at for m in CASHTAG_PTB_RE.finditer(text) if not m.group(3) or SPACED_SYMBOL_RE.match(text, m.start(4))
            for at in (m.start(2), m.start(4), m.end(4))]


def _cashtags_one(text: str, style: str) -> list[Entity]:
    return sign_entities(text, style, CASHTAGS)[2] if may_have_cashtags(text) else []


def cashtags(text: "str | pd.Series", style: str = "auto") -> "list[Entity] | pd.Series":
    """Cashtags (``$TWTR``), without ``$``; money (``$5``) and long words are not cashtags.

    >>> cashtags("Buy $TWTR and $goog.x, not $5 or US$AAPL")
    ['TWTR', 'goog.x']
    """
    check_style(style)
    return map_texts(lambda t: _cashtags_one(t, style), text)


# -------------------------------------------------------------------------------------------------- all three
#: ``kinds`` bits of :func:`sign_entities`
HASHTAGS, HANDLES, CASHTAGS = 1, 2, 4
_SPAN_RULES = ((HASHTAGS, _hashtag_spans), (HANDLES, _handle_spans), (CASHTAGS, _cashtag_spans))
_compiled_spans = compiled("social_spans")


def py_social_spans(text: str, ptb: bool, kinds: int) -> tuple[list[int], list[int], list[int]]:
    """Hashtags, handles and cashtags (those of ``kinds``) as flat ``[sign, name start, end, ...]`` lists, by the
    regular expressions, before the URL check: the definition the compiled ``social_spans`` follows (where it
    answers ``None`` for a kind, these rules decide).

    >>> py_social_spans("#a @b $C # d", False, HASHTAGS | HANDLES | CASHTAGS)
    ([0, 1, 2], [3, 4, 5], [6, 7, 8])
    """
    return tuple(rule(text, ptb) if kinds & bit else [] for bit, rule in _SPAN_RULES)


def _sign_spans(text: str, style: str, kinds: int) -> list[list[int]]:
    """Hashtags, handles and cashtags (of ``kinds``) as flat triples, outside URLs: the compiled scanner's answer
    where it decides, else the rules of :func:`py_social_spans`."""
    ptb = resolve_style(text, style) == "ptb"
    answered = _compiled_spans(text, ptb, kinds) if _compiled_spans is not None else (None, None, None)
    found = []
    for spans, (bit, rule) in zip(answered, _SPAN_RULES):
        if spans is None:
            spans = rule(text, ptb) if kinds & bit else []
        found.append(_outside_urls(spans, text) if bit != CASHTAGS and spans and "/" in text else spans)
    return found


def sign_entities(text: str, style: str = "auto", kinds: int = HASHTAGS | HANDLES | CASHTAGS,
                  ) -> tuple[list[Entity], list[Entity], list[Entity]]:
    """(hashtags, handles, cashtags) of one text, those of ``kinds`` (else ``[]``), in one pass of the compiled
    scanner where it can decide (ASCII around the signs), else by the rules of :func:`py_social_spans`.

    >>> [list(found) for found in sign_entities("RT @jack: #tbt $TWTR http://t.co/#x")]
    [['tbt'], ['jack'], ['TWTR']]
    """
    tags, names, cash = ([Entity(text[name:end], sign, end) for sign, name, end in zip(f[::3], f[1::3], f[2::3])]
                         for f in _sign_spans(text, style, kinds))
    return tags, names, cash


def sign_keys(text: str, style: str = "auto", kinds: int = HASHTAGS | HANDLES | CASHTAGS,
              ) -> tuple[list[str], list[str], list[str]]:
    """:func:`sign_entities` as their keys (``Entity.key``: the name case-folded), without making the entities.

    >>> sign_keys("#TBT with @Jack")
    (['tbt'], ['jack'], [])
    """
    tags, names, cash = _sign_spans(text, style, kinds)
    return (_keys(text, tags) if tags else tags, _keys(text, names) if names else names,
            _keys(text, cash) if cash else cash)


def _keys(text: str, found: list[int]) -> list[str]:
    return [text[name:end].casefold() for name, end in zip(found[1::3], found[2::3])]


#: the per-text extractors, for callers that already loop over texts (features, index)
EXTRACTORS: dict[str, Callable[[str, str], list]] = {
    "hashtags": _hashtags_one,
    "handles": _handles_one,
    "cashtags": _cashtags_one,
    "urls": _urls_one,
}
