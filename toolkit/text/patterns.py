"""Compiled regular expressions shared by tokens, entities and features: compile once, import anywhere.

Two engines are used:

* stdlib :mod:`re` for the token scanner (the hot path: one ``findall`` per article) and for the hashtag
  and cashtag rules, so that tokens and entities share pattern pieces and Unicode classes (``\\p{L}``,
  ``\\p{M}``, ``\\p{Nd}`` spelled out by :mod:`toolkit.text.unicode_classes`);
* the ``regex`` module (already installed as an NLTK dependency) for the mention rules, the strict URLs
  and the scheme/``t.co`` checks.

RE2 (``pyarrow.compute.*_regex``) accepts ``\\p{..}`` classes but no look-around, no possessive
quantifiers and no ``\\uXXXX`` escapes. :data:`RE2_COMPATIBLE` names the patterns whose ``.pattern``
runs unchanged under RE2 (a test checks it with pyarrow); the others need Python. The ``*_COUNT_RE2``
strings are RE2-ready approximations for vectorised counting: they may over-count the few cases the
exact rules reject (a hashtag followed by ``://``, a handle inside a URL, a trailing ``_`` on a cashtag).

Cheap prefilters (:func:`may_have_hashtags` and friends) answer "can this text contain any?" with a
plain substring test, so callers can skip the regex entirely on most articles.

Example:
    >>> [word or punct for word, punct in TOKEN_KIND_SCAN_RE.findall("Don't miss #FreeMilo at pic.twitter.com/AbC!")]
    ["Don't", 'miss', '#FreeMilo', 'at', 'pic.twitter.com/AbC', '!']
    >>> may_have_hashtags("no tags here"), may_have_handles("mail @ me")
    (False, True)
"""
from __future__ import annotations

import functools
import re

import regex

from toolkit.text.unicode_classes import DECIMAL_DIGITS, LETTERS_AND_MARKS

# --------------------------------------------------------------------------------------------------
# Character classes (twitter-text, conformance commit 30e2430)
# --------------------------------------------------------------------------------------------------
#: latin letters with accents: a mention followed by one of these is not a mention (``@aliceìnheiro``)
LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263"
    "\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
#: characters other than letters, marks and digits that may sit inside a hashtag
HASHTAG_SPECIALS = (
    "_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7"
)
#: ``\p{L}\p{M}`` and ``\p{L}\p{M}\p{Nd}`` + specials, spelled out (toolkit.text.unicode_classes) so that stdlib ``re``
#: (the token scanner) and ``regex`` (the entity rules) read the same characters
HASHTAG_ALPHA = "[" + LETTERS_AND_MARKS + "]"
HASHTAG_ALNUM = "[" + LETTERS_AND_MARKS + DECIMAL_DIGITS + HASHTAG_SPECIALS + "]"
HASH_SIGNS = "#\uff03"  # '#' and fullwidth '＃'
AT_SIGNS = "@\uff20"  # '@' and fullwidth '＠'
#: ASCII punctuation allowed right after a cashtag
CASHTAG_FOLLOW_PUNCT = r"""!"#%&'()*+,\-./:;<=>?@\[\]^_{|}~$"""

# --------------------------------------------------------------------------------------------------
# Entities (twitter-text rules). ``{sp}`` becomes "()" (raw) or "( ?)" (PTB: ``# Tag``, one space).
# Mentions and cashtags: groups 1 = empty, 2 = the sigil, 3 = the space (PTB) or "", 4 = the name; hashtags: see
# HASHTAG_RE. The boundary before the sigil is a look-behind, so the regex engine can jump from sigil to sigil
# (10x faster). twitter-text's JS consumes it instead, so a sign right after a rejected match loses its boundary
# there (``@RT@a``, ``#a️#b``: none); here it keeps it, as in the token scanner (no case of the conformance suite
# tells the two apart).
# --------------------------------------------------------------------------------------------------
#: a hashtag's sign where one may start: not after a letter, mark, digit, special or ``&``, but after U+FE0E/U+FE0F
#: (an emoji's variation selector). Checked by look-behinds right after the sign, the sign included, so that a
#: pattern starts with the sign and the engine can jump from sign to sign
_HASHTAG_SIGN = (r"[" + HASH_SIGNS + r"](?:(?<=[\uFE0E\uFE0F][" + HASH_SIGNS + r"])|(?<![&" + LETTERS_AND_MARKS
                 + DECIMAL_DIGITS + HASHTAG_SPECIALS + r"][" + HASH_SIGNS + r"]))")
_GLUED_SCHEME = r"(?i:https?)://"
#: a hashtag's name (twitter-text: a run of HASHTAG_ALNUM with a letter in it). Unlike twitter-text it ends before
#: a URL scheme glued to it, when a letter comes before the scheme (``#MAGAhttps://t.co/x``: ``MAGA``; tweets that
#: lost their spaces). Shared by the hashtag rules and the token scanner; each class appears once (a class of
#: the whole of Unicode takes ~20 ms to compile)
HASHTAG_NAME = ("(?=[" + DECIMAL_DIGITS + HASHTAG_SPECIALS + "]*+(?!" + _GLUED_SCHEME + ")" + HASHTAG_ALPHA + ")"
                "(?:(?!" + _GLUED_SCHEME + ")" + HASHTAG_ALNUM + ")++")
# groups: 1 = the sign, 2 = the space (PTB) or "", 3 = the name
_HASHTAG_SRC = r"(" + _HASHTAG_SIGN + r"){sp}(?!\uFE0F|\u20E3)(" + HASHTAG_NAME + ")"
_MENTION_BOUNDARY = r"^|[^a-zA-Z0-9_!#$%&*" + AT_SIGNS + r"]|(?:^|[^a-zA-Z0-9_+~.\-])(?:[rR][tT]):?"
# unlike twitter-text, a name of more than 20 characters is no handle (twitter-text takes its first 20:
# ``@politicaltickerFollow`` -> ``politicaltickerFollo``)
_MENTION_NAME = r"[a-zA-Z0-9_]{1,20}(?![a-zA-Z0-9_])"
#: a list's slug after the name (``@user/list``: the handle is ``user``)
_MENTION_LIST = r"/[a-zA-Z][a-zA-Z0-9_\-]{0,24}"
#: a handle's sign where one may start: not after a letter, a digit or ``_!#$%&*@``, but after a retweet's ``RT``
#: that itself starts a word (look-behinds right after the sign, the sign included: see _HASHTAG_SIGN)
_MENTION_SIGN = (r"[" + AT_SIGNS + r"](?:(?<![a-zA-Z0-9_!#$%&*" + AT_SIGNS + r"][" + AT_SIGNS + r"])"
                 r"|(?<=^[rR][tT][" + AT_SIGNS + r"])|(?<=[^a-zA-Z0-9_+~.\-][rR][tT][" + AT_SIGNS + r"]))")
_MENTION_REST = r"([" + AT_SIGNS + r"]){sp}(" + _MENTION_NAME + r")(" + _MENTION_LIST + r")?"
_MENTION_SRC = r"()(?<=" + _MENTION_BOUNDARY + ")" + _MENTION_REST
# a cashtag may be followed by ASCII punctuation and, unlike twitter-text, by a curly quote (the token scanner sees
# it straightened)
_CASHTAG_SYMBOL = r"[a-zA-Z]{1,6}(?:[._][a-zA-Z]{1,2})?"
_CASHTAG_SRC = r"()(\$)(?<!\S\$){sp}(" + _CASHTAG_SYMBOL + r")(?=$|\s|[" + CASHTAG_FOLLOW_PUNCT + r"’‘“”])"
#: a symbol PTB_SPACE_JOIN_RE glues to its ``$`` (``$ TWTR``), read at the symbol
_SPACED_SYMBOL = r"[A-Z]{1,6}(?:[._][A-Z]{1,2})?(?![\w$])"

#: hashtag: twitter-text ``validHashtag``, and in PTB text ``# FreeMilo`` (one optional space after the sign: in raw
#: text a match with group 2 set is none, and no other starts inside it); stdlib ``re``, as the token scanner
#: (look-around: not RE2). Groups: 1 = the sign, 2 = the space or "", 3 = the name
HASHTAG_RE = re.compile(_HASHTAG_SRC.replace("{sp}", "( ?)"))
#: raw mention: twitter-text ``validMentionOrList`` (look-behind: not RE2)
MENTION_RE = regex.compile(_MENTION_SRC.replace("{sp}", "()"))
#: PTB mention: ``@ SenRandPaul`` (the space form is vetted by :func:`toolkit.text.entities.handles`)
MENTION_PTB_RE = regex.compile(_MENTION_SRC.replace("{sp}", "( ?)"))
#: what may not follow a hashtag (twitter-text ``endHashtagMatch``)
HASHTAG_END_RE = regex.compile(r"[" + HASH_SIGNS + r"]|://")
#: what may not follow a mention (twitter-text ``endMentionMatch``)
MENTION_END_RE = regex.compile(r"[" + AT_SIGNS + LATIN_ACCENTS + r"]|://")
#: raw cashtag: twitter-text ``validCashtag`` (look-arounds: not RE2; stdlib ``re``, whose ``\s`` the token scanner
#: shares)
CASHTAG_RE = re.compile(_CASHTAG_SRC.replace("{sp}", "()"))
#: PTB cashtag: also ``$ TWTR`` (one space after the sign), which counts only where the token scanner's PTB joining
#: glues it (:data:`SPACED_SYMBOL_RE` at the name: upper-case symbols, so ``$ 5`` and ``$ a`` do not)
CASHTAG_PTB_RE = re.compile(_CASHTAG_SRC.replace("{sp}", "( ?)"))
#: a symbol PTB_SPACE_JOIN_RE glues to its ``$`` (``$ TWTR``), matched at the symbol
SPACED_SYMBOL_RE = re.compile(_SPACED_SYMBOL)

#: RE2-ready approximations for vectorised counting (``pyarrow.compute.count_substring_regex``)
HASHTAG_COUNT_RE2 = r"(?:^|[^&\p{L}\p{M}\p{Nd}_])[#＃] ?[\p{L}\p{M}\p{Nd}_]*[\p{L}\p{M}][\p{L}\p{M}\p{Nd}_]*"
MENTION_COUNT_RE2 = r"(?:^|[^a-zA-Z0-9_!#$%&*@＠])[@＠][a-zA-Z0-9_]{1,20}"
CASHTAG_COUNT_RE2 = r"(?:^|\s)\$ ?[A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?(?:$|[\s!-/:-@\[-`{-~])"

#: at most this many dotted labels in a host, letters in a dotted abbreviation (``U.S.``) or words of a spaced
#: PTB URL: a pattern that may retry an unbounded run from every position of it takes quadratic time on
#: ``"a." * 500_000`` (real hosts and abbreviations have far fewer; tests/text/test_linear_time.py)
MAX_LABELS = 16

# --------------------------------------------------------------------------------------------------
# URLs and emails
# --------------------------------------------------------------------------------------------------
#: TLDs accepted for a URL written without ``http://`` even without a path (``breitbart.com``); any other
#: two-letter country TLD needs a path (``youtu.be/x``), so ``the end.In`` is not a URL. twitter-text uses its
#: full 1,500-entry TLD table instead; this list keeps the patterns small.
BARE_TLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|name|mobi|news|app|io|co|ly|tv|fm|uk|jp|ca|de|fr|ru|cn|au|eu|nl|es|"
    "ch|se|us"
)
_TLD_END = r"(?![A-Za-z0-9_@+\-])"
#: twitter-text ``validUrlPrecedingChars``: a bare domain may not be glued to an ASCII letter/digit, to
#: ``@ $ # _ . /`` or to a hyphen (``-leadingdash.com``). A scheme may follow a hyphen (``TX-http://a.com``),
#: and, unlike twitter-text, a word or a sentence's full stop (``#MAGAhttps://t.co/x``, ``the
#: end.https://cnn.com/x``, from tweets whose spaces were lost): only digits and ``_ / @ $ #`` may not
#: come before it
_SCHEME_NOT_AFTER = r"(?<![0-9@＠$#＃_/])"
_BARE_URL_NOT_AFTER = r"(?<![A-Za-z0-9@＠$#＃_./\-])"
# strict tail (urls()): twitter-text path characters (ASCII, latin accents, Cyrillic), ending on a safe one
_PATH_CHARS = r"A-Za-z0-9!*';:=+,.$/%#\[\]\-–_~|&@?" + LATIN_ACCENTS + r"\u0400-\u04FF"
_PATH_END = r"A-Za-z0-9=_#/\-+" + LATIN_ACCENTS + r"\u0400-\u04FF"
# lenient tail (tokens): anything up to a space, not ending in punctuation; balanced (...) kept. Brackets of other
# scripts end it (`【https://t.co/x】#tag`); a `#`/`@` goes on only after a strict path character (else urls()' URL
# ended before it and hashtags()/handles() may take it: `a.com/x…#tag`), `＃`/`＠` never
_URL_EXCLUDED = r"\s<>\"“”‘’()\[\]{}【】〔〕「」『』（）［］｛｝〈〉《》#@＃＠"
_URL_SIGN = r"(?<=[)" + _PATH_CHARS + r"])[#@]"
_URL_PATH_CHAR = r"(?:[^" + _URL_EXCLUDED + r"]|" + _URL_SIGN + ")"
_URL_END_CHAR = r"(?:[^" + _URL_EXCLUDED + r"`!;:'.,?«»]|" + _URL_SIGN + ")"
_URL_PARENS = r"\([^\s()<>]{0,255}\)"
_URL_TAIL = r"(?:" + _URL_PATH_CHAR + "|" + _URL_PARENS + r")*(?:" + _URL_END_CHAR + "|" + _URL_PARENS + ")"
_STRICT_TAIL = r"(?:[" + _PATH_CHARS + r"]|" + _URL_PARENS + r")*(?:[" + _PATH_END + r"]|" + _URL_PARENS + ")"
_ASCII_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# case-insensitive, so that a token is the same in a lower-cased text (tokenize(lowercase=True) lower-cases first)
_BARE_HOST = (r"(?:" + _ASCII_LABEL + r"\.){1," + str(MAX_LABELS) + r"}(?i:(?:" + BARE_TLDS + r")" + _TLD_END
              + r"|[a-z]{2}" + _TLD_END + r"(?=/\w))")
URL_SRC = (
    # with a scheme and a dotted host (not `http://#tag`), or www.
    r"(?i:https?://(?=\w)(?=[^\s/?#]*?\.[A-Za-z]{2})|www\d{0,3}\.(?=\w))" + _URL_TAIL
    + r"|" + _BARE_HOST + r"(?![\w.-]*@)(?:/" + _URL_TAIL + r"|/)?(?![\w-])"  # bare domain (not an e-mail)
)
#: one URL token: ``https://...``, ``www....`` or a bare domain with a known TLD (``pic.twitter.com/x``)
URL_RE = re.compile(URL_SRC)
# strict hosts (twitter-text ``validDomain``): labels start and end with a letter/digit; sub-domains may
# hold ``_`` inside, the registered name may not. With a scheme, labels may be in any script; without one,
# only ASCII and accented latin letters (``ELPAÍS.com``).
_SUB_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_NAME_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
_STRICT_HOST = r"(?:" + _SUB_LABEL + r"\.){0," + str(MAX_LABELS) + r"}" + _NAME_LABEL + r"\.[A-Za-z]{2,24}" + _TLD_END
_LATIN = r"A-Za-z0-9" + LATIN_ACCENTS
_BARE_SUB = r"[" + _LATIN + r"](?:[" + _LATIN + r"_-]{0,61}[" + _LATIN + r"])?"
_BARE_NAME = r"[" + _LATIN + r"](?:[" + _LATIN + r"-]{0,61}[" + _LATIN + r"])?"
_STRICT_BARE_HOST = (r"(?:" + _BARE_SUB + r"\.){0," + str(MAX_LABELS) + r"}" + _BARE_NAME
                     + r"\.(?i:(?:" + BARE_TLDS + r")" + _TLD_END + r"|[A-Za-z]{2}" + _TLD_END + r"(?=/\w))")
#: a URL as twitter-text would extract it (approximately; see tests/text/test_twitter_conformance.py):
#: used by :func:`toolkit.text.entities.urls`; ``regex`` module, look-arounds (not RE2)
URL_STRICT_RE = regex.compile(
    r"(?:" + _SCHEME_NOT_AFTER + r"(?i:https?)://(?:[^\s/?#@]+@)?" + _STRICT_HOST + r"(?::\d{1,5})?"
    + r"(?:[/?#]" + _STRICT_TAIL + r"|[/?#])?"
    + r"|" + _BARE_URL_NOT_AFTER + _STRICT_BARE_HOST + r"(?:/" + _STRICT_TAIL + r"|/)?)"
)
#: a whitespace-delimited chunk that may hold a URL (has ``://`` or ``.`` + two ASCII letters): every match of
#: :data:`URL_STRICT_RE` lies inside one, so it is run on these chunks only (stdlib ``re``, look-behind)
URL_CHUNK_RE = re.compile(r"(?<!\S)\S*?(?:://|\.[A-Za-z]{2})\S*")
#: t.co short links: only ``[A-Za-z0-9]{1,40}`` after ``t.co/`` belongs to the link (twitter-text ``validTcoUrl``)
TCO_URL_RE = regex.compile(r"(?i:(?:https?://)?t\.co/)([A-Za-z0-9]+)")
#: an e-mail address (so ``ben@example.com`` is neither a handle nor a URL)
EMAIL_SRC = r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}"
EMAIL_RE = re.compile(EMAIL_SRC)

# --------------------------------------------------------------------------------------------------
# Social entities as tokens (stdlib re): a ``#``/``@``/``$`` token exactly where hashtags()/handles()/cashtags()
# find one, the name as they give it (tests/text/test_sign_tokens.py compares them on every shared corpus). The
# boundaries before the sign are look-behinds, as there, and twitter-text's checks after the name look-aheads.
# Elsewhere a sign is punctuation.
# --------------------------------------------------------------------------------------------------
_HASHTAG_TOKEN = _HASHTAG_SIGN + r"(?![\uFE0F\u20E3])" + HASHTAG_NAME + r"(?![" + HASH_SIGNS + r"]|://)"
_MENTION_TOKEN = (_MENTION_SIGN + _MENTION_NAME
                  + r"(?=(?:" + _MENTION_LIST + r")?+(?![" + AT_SIGNS + LATIN_ACCENTS + r"]|://))")
_CASHTAG_TOKEN = r"(?<!\S)\$" + _CASHTAG_SYMBOL + r"(?=$|\s|[" + CASHTAG_FOLLOW_PUNCT + r"])"

# --------------------------------------------------------------------------------------------------
# Tokens (stdlib re). Order matters: the first alternative that matches at a position wins.
# --------------------------------------------------------------------------------------------------
# Fast paths first: a plain word / number / punctuation mark whose next character proves it cannot be
# the start of a longer token (URL, e-mail, abbreviation, contraction, hyphenated word, big number).
# They match what the full alternatives would match there, only sooner (3x faster overall): identical
# tokens on 11,000 real articles and tweets and on random strings, except malformed e-mails (``S.@x.com``).
# No word alternative starts with a character of _FAST_PUNCT, so punctuation may come before or after them.
_FAST_WORD = r"[^\W\d_]++(?=[\s,;!?)\]\"]|\.(?!\w)|:(?!//)|\Z)"
_FAST_NUMBER = r"\d++(?=[\s;!?)\]\"%]|[,:/](?!\d)|\.(?!\w)|\Z)"
_FAST_PUNCT = r"(?:[,;!?()\"'\[\]:—–%&*]|\.(?![^\S\r\n]*\.)|-(?!\d))(?![\u200d\U0001F3FB-\U0001F3FF])"
_TOKEN_WORD_ALTS = (
    _FAST_WORD,
    _FAST_NUMBER,
    r"(?i:(?:https?://)?t\.co/)[A-Za-z0-9]++",  # a t.co link ends with its code, as in urls() (TCO_URL_RE)
    URL_SRC,  # URLs stay one token
    # e-mails stay one token (starting with a word character), unless handles() finds a handle at its @: after
    # a character that starts one (`josé@x.com`, `a-@x.com`) or a retweet's RT (`RT@jack.Great`)
    r"(?![rR][tT]@)\w" + EMAIL_SRC.replace("@", r"(?<=[A-Za-z0-9_])(?<![^a-zA-Z0-9_+~.\-][rR][tT])@", 1),
    _MENTION_TOKEN,
    _HASHTAG_TOKEN,
    _CASHTAG_TOKEN,
    r"(?:[A-Za-z]\.){2," + str(MAX_LABELS) + r"}(?![A-Za-z])",  # abbreviations with dots: U.S. D.C. a.m.
    r"[^\W\d_](?:[^\W\d_]|['\-_])+[^\W\d_]",  # words with apostrophes or dashes (TweetTokenizer)
    r"[+\-]?\d+(?:[,/.:\-]\d+)+[+\-]?",  # numbers with separators: 1,234,567 7/20/2016 10:30
    r"\w+",  # other words and numbers
)
_TOKEN_PUNCT_ALTS = (
    _FAST_PUNCT,
    r"\.(?:[^\S\r\n]*\.)+",  # ellipsis dots
    # emoji ZWJ sequences (not taking a handle's sign) and skin tones
    r"\S[\U0001F3FB-\U0001F3FF]?(?:\u200d[^\s@＠][\U0001F3FB-\U0001F3FF]?)+|\S[\U0001F3FB-\U0001F3FF]",
    r"[\U0001F1E6-\U0001F1FF]{2}",  # flags
    r"\S",  # anything else that is not a space
)
_WORDS = "|".join(_TOKEN_WORD_ALTS)
_PUNCT = "|".join(_TOKEN_PUNCT_ALTS)
#: the pure-Python scanner's patterns, compiled on first use (the compiled scanner needs only TOKEN_KIND_SCAN_RE,
#: and each compile costs ~50 ms for the Unicode classes of the hashtag rules):
#: ``TOKEN_RE.findall(text)`` is every token of a (normalised) raw text, punctuation included;
#: ``TOKEN_SCAN_RE`` gives the same tokens about twice as fast, skipping whitespace inside the match:
#: ``findall(text.rstrip())`` (strip first: a long run of *trailing* whitespace would cost quadratic time);
#: ``WORD_SCAN_RE`` is like it but punctuation matches give ``""``: ``list(filter(None, findall(text.rstrip())))``
#: is the token list without pure punctuation (``drop_punct=True``)
_LAZY_SOURCES = {
    "TOKEN_RE": _WORDS + "|" + _PUNCT,
    "TOKEN_SCAN_RE": r"\s*+(" + _WORDS + "|" + _PUNCT + ")",
    "WORD_SCAN_RE": r"\s*+(?:(" + _WORDS + ")|" + _PUNCT + ")",
}


@functools.cache
def _lazy(name: str) -> re.Pattern:
    return re.compile(_LAZY_SOURCES[name])


def __getattr__(name: str) -> re.Pattern:
    if name in _LAZY_SOURCES:
        return _lazy(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: the tokens as (word, "") or ("", punctuation) pairs: ``findall`` tells every token's kind in one pass; group 1
#: is set for a word token (the compiled scanner asks it for the hard tokens: ``set_delegate``)
TOKEN_KIND_SCAN_RE = re.compile(r"\s*+(?:(" + _WORDS + ")|(" + _PUNCT + "))")

# --------------------------------------------------------------------------------------------------
# PTB re-joining (applied to PTB text before the token scanner)
# --------------------------------------------------------------------------------------------------
# Every join below deletes a space, decided by its context in the text as given, so one ``sub(" ", "")`` pass
# with look-arounds does them all (3x faster than one pass per rule). Apostrophes are straightened first.
_CLITIC = r"(?i:n't|'(?:s|re|ve|ll|d|m))(?![\w'-])"
_SPLIT_CLITIC = r"(?i:s|re|ve|ll|d|m|t)(?![\w'-])"
#: the spaces PTB tokenization inserted inside one raw token; ``PTB_SPACE_JOIN_RE.sub("", text)`` removes them:
#: ``do n't``/``Sunday 's``/``I 'm`` (contractions), ``he ' s`` (a split-off curly apostrophe), ``O 'Reilly``,
#: ``can not``, ``U.S .``/``p.m .`` (an abbreviation's final dot), ``gon na``/``wan na``/``got ta``,
#: ``# FreeMilo`` (sign at a word start), ``$ TWTR`` (1-6 upper-case letters: ``$ 5`` stays money)
PTB_SPACE_JOIN_RE = re.compile(
    " (?:"
    # after a sign or a split-off apostrophe: # FreeMilo, $ TWTR, he ' s
    r"(?<=[#＃$'] )(?:"
    r"(?<=[#＃] )(?<!\S[#＃] )(?=\w)"
    r"|(?<=\$ )(?<!\S\$ )(?=" + _SPACED_SYMBOL + ")"
    r"|(?<=\w ' )(?=" + _SPLIT_CLITIC + ")"
    r"|(?<=\b[OD] ' )(?=[A-Z])"
    ")"
    # before n't, 's, ', ., na/ta, not, or a capital (cheap guard: most spaces stop here)
    r"|(?=[nNtT'.A-Z])(?:"
    r"(?<=\w )(?=" + _CLITIC + ")"
    r"|(?<=\w )(?=' " + _SPLIT_CLITIC + ")"
    r"|(?<=\b[OD] )(?=' ?[A-Z])"
    r"|(?<=\b[Cc]an )(?=not\b)"
    r"|(?<=[A-Za-z]\.[A-Za-z] )(?<!\w[A-Za-z]\.[A-Za-z] )(?=\.(?:\s|$))"
    r"|(?<=\b(?i:gon|wan|got) )(?=(?i:na|ta)\b)"
    ")"
    ")"
)
#: ``@ SenRandPaul`` candidates where a handle may start (handles()' boundary: not after a letter, a digit or
#: ``_!#$%&*@``, but after ``RT``); whether to join is decided per match (location suffixes ``@ Water Wall``).
#: Groups: 1 = the sign, 2 = the name. The match starts at the sign (the look-behinds after it check what
#: precedes), so the regex engine can jump from sign to sign.
PTB_HANDLE_RE = re.compile(r"(" + _MENTION_SIGN + r") ([A-Za-z0-9_]{1,20})(?![\w@])")
#: ``http : //t.co/x`` -> ``http://t.co/x``
PTB_SCHEME_RE = re.compile(r"\b(https?) : //", re.IGNORECASE)
#: a whole URL with a PTB-split scheme, ``https : //medium.com/@user/post`` (no handle inside counts)
PTB_SPLIT_URL_RE = re.compile(r"\b(?:https?) : //\S+", re.IGNORECASE)
#: ``pic . twitter . com / AbC`` / ``breitbart . com`` -> one URL (generic TLDs only: ``. in`` or ``. us``
#: after a full stop are ordinary words)
PTB_SPACED_URL_RE = re.compile(
    r"\b(?:[A-Za-z0-9-]+ ?\. ?){1," + str(MAX_LABELS) + r"}(?:com|org|net|gov|edu)\b(?: ?/ ?[\w\-.?=&%/]*[\w/])?"
)
#: substrings of which one is present whenever :data:`PTB_SPACED_URL_RE` has a spaced URL to re-glue
PTB_SPACED_URL_HINTS: tuple[str, ...] = tuple(
    hint for tld in ("com", "org", "net", "gov", "edu") for hint in (". " + tld, " ." + tld, tld + " /")
)

# --------------------------------------------------------------------------------------------------
# Style clues (see toolkit.text.style)
# --------------------------------------------------------------------------------------------------
#: ``# Word`` / ``$ TWTR`` / ``( @ name`` with a space: PTB-tokenized entities
#: (the space before is checked by a look-behind after the sign, so the regex engine can jump to the signs)
PTB_SPACED_ENTITY_CLUE_RE = re.compile(
    r"#(?<!\S#) [^\W\d_]|＃(?<!\S＃) [^\W\d_]|\$(?<!\S\$) [A-Z]{1,6}\b|\((?<!\S\() [@＠] \w"
)


# --------------------------------------------------------------------------------------------------
# Prefilters: a plain substring test that rules out whole texts
# --------------------------------------------------------------------------------------------------
def may_have_hashtags(text: str) -> bool:
    """False when ``text`` cannot contain a hashtag (no ``#`` and no ``＃``).

    >>> may_have_hashtags("call 555"), may_have_hashtags("# FreeMilo")
    (False, True)
    """
    return "#" in text or "\uff03" in text


def may_have_handles(text: str) -> bool:
    """False when ``text`` cannot contain a handle (no ``@`` and no ``＠``).

    >>> may_have_handles("hi"), may_have_handles("( @ k_mcq )")
    (False, True)
    """
    return "@" in text or "\uff20" in text


def may_have_cashtags(text: str) -> bool:
    """False when ``text`` cannot contain a cashtag (no ``$``).

    >>> may_have_cashtags("$ TWTR")
    True
    """
    return "$" in text


def may_have_urls(text: str) -> bool:
    """False when ``text`` cannot contain a URL (no ``.`` at all: every URL has a dotted host).

    >>> may_have_urls("no links here"), may_have_urls("see t.co/x")
    (False, True)
    """
    return "." in text


#: patterns whose source string runs unchanged under RE2 (``pyarrow.compute.count_substring_regex`` etc.)
RE2_COMPATIBLE: tuple[str, ...] = (
    "HASHTAG_END_RE", "MENTION_END_RE", "EMAIL_RE", "TCO_URL_RE",
    "PTB_SCHEME_RE", "PTB_SPACED_URL_RE", "PTB_SPLIT_URL_RE",
    "HASHTAG_COUNT_RE2", "MENTION_COUNT_RE2", "CASHTAG_COUNT_RE2",
)

#: substrings whose absence rules an entity kind out, for callers that vectorise the prefilter
#: (e.g. ``pyarrow.compute.match_substring``): any one present -> run the exact function
PREFILTER_SUBSTRINGS: dict[str, tuple[str, ...]] = {
    "hashtags": ("#", "\uff03"),
    "handles": ("@", "\uff20"),
    "cashtags": ("$",),
    "urls": (".",),
    "embedded_tweets": (") ",),
}
