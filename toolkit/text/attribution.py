"""Who said it: the speaker of a quotation, from a simple attribution next to it.

Recognised attributions (``X`` is a capitalised name of up to five words, a short noun phrase starting
with *the/a/an/his/her/their*, or a pronoun):

- after the quotation: ``“…,” X said``, ``“…,” said X``, ``“…,” X, a spokesman for Y, said``,
  ``“…” according to X``, ``“…,” X told reporters``; X is the whole phrase up to the end of the clause
  (``said the White House spokesman``, ``said Smith’s lawyer``, ``said Mr. Smith dryly`` → ``Mr. Smith``),
  and a name in apposition wins over the role before it (``said the company’s chief executive, Tim Cook``);
- before the quotation: ``X said: “…”``, ``X said , `` … ''``, ``X told reporters, “…”``,
  ``According to X, “…”``;
- right after another quotation's attribution sentence: ``“…,” X said. “…”`` (the same speaker goes on).

A name repeated by coreference substitution (``Ortiz Ortiz said``) is given once.

Only the paragraph around the quotation is searched, in a window of a few dozen characters, so the cost
is per quotation, not per character of the article. Pronouns are accepted but a name is preferred: a name
after the quotation wins over a pronoun before it.

Example:
    >>> text = '“We will win,” Jane Smith said.'
    >>> speaker(text, 0, 14)
    'Jane Smith'
"""
from __future__ import annotations

import re

import regex

__all__ = ["speaker", "opens_sentence", "closes_sentence", "SPEECH_VERBS"]

#: verbs of saying that introduce or follow a direct quotation
SPEECH_VERBS = (
    "said", "says", "say", "added", "adds", "wrote", "writes", "told", "tells", "asked", "asks",
    "explained", "explains", "stated", "states", "declared", "declares", "noted", "notes", "argued",
    "argues", "insisted", "insists", "replied", "replies", "responded", "continued", "continues",
    "recalled", "recalls", "tweeted", "tweets", "warned", "warns", "claimed", "claims", "announced",
    "announces", "admitted", "admits", "remarked", "concluded", "acknowledged", "acknowledges",
    "suggested", "suggests", "joked", "jokes", "shouted", "yelled", "whispered", "testified",
    "posted", "emphasized", "stressed", "observed", "commented", "complained", "predicted", "read",
    "reads", "chanted", "repeated", "pleaded", "urged", "countered", "boasted", "quipped", "cried",
    "cries", "exclaimed", "exclaims", "answered", "answers", "began", "begins", "screamed", "muttered",
    "sighed", "shrugged", "laughed", "snapped", "demanded", "wondered", "mused", "texted", "emailed",
)
_SPEECH_VERB_SET = frozenset(SPEECH_VERBS)
_VERB = r"(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
_PRONOUN = r"(?:he|she|they|we|I|it|He|She|They|We|It)"
# a capitalised name: "Jane Smith", "J. R. R. Tolkien", "O'Neill", "Sen. Bernie Sanders", "Bill de Blasio";
# its words: capitalised, or an abbreviation/initial with its full stop ("Sen.", "J.") but not "Monday."
_CAP_WORD = r"[A-Z](?:\w{0,2}\.(?=[ \t]+[A-Z])|[\w'’\-]*)"
_NAME_WORD = rf"(?:{_CAP_WORD}|de|van|von|del|la|le|bin|al)"
_NAME = rf"(?:{_CAP_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}})"
# a short noun phrase: "the spokesman", "a White House official", "his lawyer"
_PHRASE = (r"(?:(?:the|a|an|his|her|their|its|our|The|A|An|His|Her|Their|Its|[A-Z][\w\-]*[’']s)"
           r"(?:[ \t]+(?!(?:he|she|they|it|we|I|who|that|which|and|or|but|in|of|on|at|to|for|with|"
           r"from|by)\b)[\w'’\-]+){1,4}?)")
_WHO = rf"(?<![\w'’\-])(?P<who>{_NAME}|{_PHRASE}|{_PRONOUN})"
_GAP = r"[ \t]*[,:;]?[ \t]*"          # spaces and one punctuation mark, raw or PTB-spaced
# ', a spokesman for the city,' / ' of IG' / ' at FTN Financial' between a name and its verb
_APPOSITIVE = rf"(?:[ \t]*,[^,\"“”\n]{{1,80}}?,|[ \t]+(?:of|at|from|with)[ \t]+{_NAME})?"
_ADVERB = r"(?:[ \t]+(?:also|later|then|once|previously|recently|simply|has|had|have|would|will|\w+ly))?"

# words of a role before a name: "Oilers head coach", "the IFSD’s", "Liberal MP" (no prepositions)
_ROLE_WORD = (r"(?!(?:on|in|at|during|after|before|to|for|with|from|of|by|about|when|while|who|that|"
              r"and|or|but)\b)[\w'’\-]+")
_ROLE = rf"(?:{_ROLE_WORD}[ \t]+){{1,4}}?"
# where a name after the verb ends: punctuation, or a preposition/conjunction ('said Smith on Monday')
_CLAUSE_END = (r"(?=[ \t]*(?:[,.;:!?()\n—–]|--|$)|[ \t]+(?:on|in|at|before|after|during|as|when|while|who|to|"
               r"of|for|about|with|and|but|because|yesterday|today|tonight|\w+ly)\b)")

# after the closing mark: ', said Oilers coach Ken Hitchcock.' / ', said Smith' / ', Smith said' /
# ', Oilers head coach Ken Hitchcock said' / ' according to Smith'
_AFTER_FORMS = (
    rf"{_GAP}{_VERB}[ \t]+(?:{_ROLE})??(?P<who>{_NAME}){_CLAUSE_END}",
    # a role, then the name in apposition: 'said the company’s chief executive, Tim Cook.'
    rf"{_GAP}{_VERB}[ \t]+{_PHRASE}[ \t]*,[ \t]*(?P<who>{_NAME})(?=[ \t]*(?:[,.;:!?\n]|$))",
    rf"{_GAP}{_VERB}[ \t]+{_WHO}{_CLAUSE_END}",     # the whole phrase: 'said the White House spokesman.'
    rf"{_GAP}{_VERB}[ \t]+{_WHO}(?=\W|$)",
    rf"{_GAP}{_WHO}{_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}\b",
    rf"{_GAP}{_ROLE}(?P<who>{_NAME}){_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}\b",
    rf"{_GAP}according[ \t]+to[ \t]+(?:{_ROLE})??(?P<who>{_NAME}){_CLAUSE_END}",
    rf"{_GAP}according[ \t]+to[ \t]+{_WHO}(?=\W|$)",
)
# one alternation, tried in the order above (group "who" renamed per form: who0, who1, ...)
_AFTER = re.compile("|".join(f"(?:{form.replace('(?P<who>', f'(?P<who{i}>')})"
                             for i, form in enumerate(_AFTER_FORMS)))
# before the opening mark: 'Smith said: ' / 'Smith told reporters , ' / 'According to Smith, '
_BEFORE_NAME_VERB = re.compile(
    rf"{_WHO}{_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}\b(?:[ \t]+[\w'’\-]+){{0,3}}?[ \t]*[,:][ \t]*$")
_BEFORE_ACCORDING = re.compile(rf"[Aa]ccording[ \t]+to[ \t]+{_WHO}[ \t]*,[ \t]*$")
# a quotation right after another one's attribution sentence continues it: '“A,” Smith said. “B.”'
_PREVIOUS_QUOTE = r"(?:[”\"’]|'')[ \t]*,?[ \t]*"
_TAIL = r"(?:[ \t]*,?[ \t]+[^.!?“”\"\n]{1,80}?)?"     # ', referring to ...' / 'on Monday'
_CONTINUED = (
    re.compile(rf"{_PREVIOUS_QUOTE}{_WHO}{_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}{_TAIL}[ \t]*\.[ \t]*$"),
    re.compile(rf"{_PREVIOUS_QUOTE}{_VERB}[ \t]+(?:{_ROLE})??(?P<who>{_NAME}){_CLAUSE_END}{_TAIL}"
               rf"[ \t]*\.[ \t]*$"),
    re.compile(rf"{_PREVIOUS_QUOTE}{_VERB}[ \t]+{_WHO}{_TAIL}[ \t]*\.[ \t]*$"),
)
_REPEATED = re.compile(r"(.+?)(?:\s+\1)+")
_LEADING = re.compile(r"(?:(?:But|And|So|Then|Now|Still|Also|Yet|When|If|As|Meanwhile|However|Later|"
                      r"Earlier|Instead|Indeed|Yesterday|Today)[ \t]+)+(?=\S)")

_WINDOW = 160
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})


def _clean(who: str) -> str:
    who = _LEADING.sub("", who.strip(" \t,.;:-–—").rstrip("’'"), count=1)
    repeated = _REPEATED.fullmatch(who)       # coreference artefact: "Ortiz Ortiz" -> "Ortiz"
    return repeated.group(1) if repeated else who


def _is_pronoun(who: str) -> bool:
    return who.lower() in _PRONOUNS


def speaker(text: str, open_mark: int, close_end: int) -> str | None:
    """The speaker named next to the quotation whose marks span ``text[open_mark:close_end]``, else None.

    Example:
        >>> speaker('He said: "Fine." Then he left.', 9, 16)
        'He'
        >>> speaker('A "so-called" expert.', 2, 13) is None
        True
    """
    line_end = text.find("\n", close_end, close_end + _WINDOW)
    after = text[close_end: line_end if line_end >= 0 else close_end + _WINDOW]
    line_start = text.rfind("\n", max(0, open_mark - _WINDOW), open_mark)
    before = text[line_start + 1 if line_start >= 0 else max(0, open_mark - _WINDOW): open_mark]

    found: list[str] = []
    # a quotation ending in a full stop ends its sentence: what follows is not its attribution
    inside = text[max(open_mark, close_end - 8):close_end].rstrip("\"”'’` \t")
    if not inside.endswith("."):
        m = _AFTER.match(after)
        if m:
            found.append(_clean(next(g for g in m.groups() if g is not None)))
    last = before.rstrip()[-1:]
    if last in (",", ":"):      # 'X said: “' / 'X said , `` ' / 'According to X, “'
        for pattern in (_BEFORE_NAME_VERB, _BEFORE_ACCORDING):
            m = pattern.search(before)
            if m:
                found.append(_clean(m.group("who")))
    elif last == "." and not found:
        # the previous quotation's closing mark starts the match: try from the last few candidates only
        for mark in ("”", '"', "''", "’ "):
            at = before.rfind(mark)
            if at < 0:
                continue
            m = next(filter(None, (p.match(before, at) for p in _CONTINUED)), None)
            if m:
                found.append(_clean(m.group("who")))
                break
    found = [who for who in found if who]
    if not found:
        return None
    names = [who for who in found if not _is_pronoun(who)]
    return (names or found)[0]


# --- where a quotation stands in its sentence (speech or scare) ------------------------------------------
_CLOSING = "\"”’'`)]"
# searched from the end of the text backwards (regex's (?r)): a forward search would retry every position
_LAST_WORDS = regex.compile(r"(?r)(?:(\w+)[ \t]+)?(\w+)[ \t]*(,?)[ \t]*\Z")
# a verb of saying in a form that introduces a quotation without naming the speaker first
_INTRODUCING = _SPEECH_VERB_SET | frozenset((
    "saying", "writing", "adding", "telling", "asking", "noting", "tweeting", "explaining", "declaring",
    "insisting", "warning", "arguing", "claiming", "posting", "replying", "answering", "shouting", "crying",
    "exclaiming", "calling", "reading", "stating", "announcing", "concluding", "joking"))
# who is spoken to between the verb and the quotation: 'told her “…', 'told reporters, “…'
_ADDRESSEES = frozenset(("her", "him", "them", "me", "us", "you", "reporters", "journalists", "supporters",
                         "followers", "fans", "viewers", "listeners", "students", "lawmakers", "police"))


def opens_sentence(text: str, open_mark: int) -> bool:
    """Whether the quotation opening at ``open_mark`` starts a sentence or an utterance: at the start of
    its paragraph, after a sentence end, a colon, a dash or a semicolon, after a verb of saying
    (``said “…``, ``said, “…``, ``told her “…``, ``writing “…``, PTB ``said `` …``), or after a comma when it
    starts with a capital letter (``joked in his turn, “It was …``). One that follows any other word is embedded in a
    running sentence (``a crackdown on “fake news.”``).

    >>> opens_sentence('He said: “No.”', 9), opens_sentence('a crackdown on “fake news.”', 15)
    (True, False)
    """
    start = max(0, open_mark - 60)
    before = text[start:open_mark].rstrip(" \t\xa0")
    if not before or before.endswith("\n"):
        return True
    trimmed = before.rstrip(_CLOSING + " \t")
    last = trimmed[-1:]
    if last in ".!?…:;—–" or last == "-" and trimmed.endswith("--"):
        return True
    if not trimmed or trimmed.endswith("\n"):
        return True
    words = _LAST_WORDS.search(before)
    if words is None:
        return False
    previous, last, comma = (w.lower() for w in words.groups(""))
    if last in _INTRODUCING or (last in _ADDRESSEES and previous in _INTRODUCING):
        return True
    # after a comma, a quotation starting with a capital letter is an utterance ('joked, “It was …')
    quoted = text[open_mark:open_mark + 8].lstrip("\"“”‘’'` \t")
    return bool(comma) and quoted[:1].isupper()


def closes_sentence(text: str, close_mark: int, close_end: int) -> bool:
    """Whether the quotation whose closing mark spans ``text[close_mark:close_end]`` ends its sentence:
    its words end with ``. ! ? …`` (American style), or a sentence end, a line break or the end of the
    text follows the mark.

    >>> closes_sentence('“Sit down, Tom.” He sat.', 15, 16), closes_sentence('“Fake news” is a slogan.', 10, 11)
    (True, False)
    """
    inside = text[max(0, close_mark - 8):close_mark].rstrip(" \t" + _CLOSING)
    if inside[-1:] in ".!?…":
        return True
    after = text[close_end:close_end + 8].lstrip(" \t" + _CLOSING)
    return not after or after[0] in ".!?…\n"
