"""Who said it: the speaker of a quotation (and their role), from a simple attribution next to it.

Recognised attributions (``X`` is a capitalised name of up to five words, a short noun phrase starting
with a determiner — *the, a, an, his, her, their, its, my, our, your, another, other, both, each, many, one,
two, three, one/some/two/several of the* — or a possessive, or a pronoun):

- after the quotation: ``“…,” X said``, ``“…,” said X``, ``“…,” X, a spokesman for Y, said``,
  ``“…” according to X``, ``“…,” X told reporters``, ``“…,” University of Toronto economist X said``;
  X is the whole phrase up to the end of the clause (``said the White House spokesman``,
  ``said Smith’s lawyer``, ``said Mr. Smith dryly`` → ``Mr. Smith``), and a name in apposition wins over
  the role before it (``said the company’s chief executive, Tim Cook``);
- before the quotation: ``X said: “…”``, ``X told reporters in Ottawa on Monday: “…”``,
  ``X said , `` … ''``, ``According to X, “…”``, and, without punctuation, ``X said “…”`` or
  ``X called it “…”`` (a *naming* attribution: the words are X's, but the quotation names something, so
  it does not make the quotation speech);
- right after another quotation's attribution sentence: ``“…,” X said. “…”`` (the same speaker goes on).

The role is what the text says the speaker is: the words before the name (``Oilers head coach`` in
``said Oilers head coach Ken Hitchcock``), a role in apposition (``Sarah Sanders, the press secretary,
said``; ``said the company’s chief executive, Tim Cook``; ``said Smith, a spokesman for the city.``).

A name repeated by coreference substitution (``Ortiz Ortiz said``) is given once.

Only the paragraph around the quotation is searched, in windows of at most a few hundred characters before
and after it (:data:`_WINDOW`; :func:`reported_speaker` reads 400), so the cost is per quotation, not per
character of the article. Pronouns are accepted but a name is preferred: a name
after the quotation wins over a pronoun before it. :func:`reported_speaker` finds the last person a
paragraph reports (``Chapman says the union sees it differently.``), for the quotation that opens the
next paragraph (news style).

Example:
    >>> text = '“We will win,” Jane Smith, the team captain, said.'
    >>> attribute(text, 0, 14)
    Attribution(speaker='Jane Smith', role='the team captain', naming=False)
    >>> speaker(text, 0, 14)
    'Jane Smith'
"""
from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from toolkit.text.segments import ABBREVIATIONS
from toolkit.text.stopwords import english_stopwords

__all__ = ["Attribution", "attribute", "speaker", "reported_speaker", "is_pronoun", "SPEECH_VERBS", "REPORT_WINDOW"]

#: verbs of saying that introduce or follow a direct quotation
SPEECH_VERBS = (
    "said", "says", "say", "added", "adds", "wrote", "writes", "told", "tells", "asked", "asks",
    "explained", "explains", "stated", "states", "declared", "declares", "noted", "notes", "argued",
    "argues", "insisted", "insists", "replied", "replies", "responded", "continued", "continues",
    "recalled", "recalls", "tweeted", "tweets", "warned", "warns", "claimed", "claims", "announced",
    "announces", "admitted", "admits", "remarked", "concluded", "concludes", "acknowledged", "acknowledges",
    "suggested", "suggests", "joked", "jokes", "shouted", "yelled", "whispered", "testified",
    "posted", "emphasized", "stressed", "observed", "commented", "complained", "predicted", "read",
    "reads", "chanted", "repeated", "pleaded", "urged", "countered", "boasted", "quipped", "cried",
    "cries", "exclaimed", "exclaims", "answered", "answers", "began", "begins", "screamed", "muttered",
    "sighed", "shrugged", "laughed", "snapped", "demanded", "wondered", "mused", "texted", "emailed",
    "confirmed", "confirms", "conceded", "concedes", "agreed", "agrees", "recounted", "recounts",
    "blurted", "mentioned", "echoed", "echoes", "maintained", "maintains", "cautioned", "cautions",
    "contended", "contends", "vowed", "promised", "assured", "speculated", "reported", "reports",
    "pointed out", "points out", "went on", "goes on", "gushed", "advises", "advised", "yells", "shouts",
    "sings", "sang", "scoffed", "fumed", "implored", "raged", "thundered", "interjected",
)
_VERB = r"(?:" + "|".join(v.replace(" ", r"[ \t]+") for v in sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
# verbs that name something with the speaker's words: 'X called it “…”', 'X described the plan as “…”'
_NAMING = r"(?:called|calls|call|dubbed|dubs|described|describes|labelled|labeled|labels|termed|terms)"
_PRONOUN = r"(?:he|she|they|we|I|it|He|She|They|We|It)"
# a capitalised name: "Jane Smith", "J. R. R. Tolkien", "O'Neill", "Sen. Bernie Sanders", "Bill de Blasio";
# its words: capitalised, or a title or initial with its full stop ("Sen.", "J.") but not "Monday." nor an
# acronym ending a sentence ("the GOP. Clinton said": the speaker is Clinton)
_TITLES = "|".join(a for a in ABBREVIATIONS if a[:1].isupper())
_CAP_WORD = rf"(?:(?:{_TITLES}|[A-Z])\.(?=[ \t]+[A-Z])|[A-Z][\w'’\-]*)"
_NAME_WORD = rf"(?:{_CAP_WORD}|de|van|von|del|la|le|bin|al)"
_NAME = rf"(?:{_CAP_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}})"
# a short noun phrase: "the spokesman", "a White House official", "his lawyer", "one of the players"
_PHRASE = (r"(?:(?:the|a|an|his|her|their|its|our|my|your|The|A|An|His|Her|Their|Its|Our|My|Your|[A-Z][\w\-]*[’']s|"
           r"another|Another|other|Other|both|Both|each|Each|many|Many|one|One|two|Two|three|Three|"
           r"(?:one|One|some|Some|two|Two|several|Several)[ \t]+of[ \t]+(?:the|his|her|their|its))"
           r"(?:[ \t]+(?!(?:he|she|they|it|we|I|who|that|which|and|or|but|in|of|on|at|to|for|with|"
           r"from|by)\b)[\w'’\-]+){1,4}?)")
_WHO = rf"(?<![\w'’\-])(?P<who>{_NAME}|{_PHRASE}|{_PRONOUN})"
_GAP = r"[ \t]*[,:;]?[ \t]*"          # spaces and one punctuation mark, raw or PTB-spaced
# ', a spokesman for the city,' / ' of IG' / ' with the Nova Scotia Health Authority' between a name and its verb
# or ' (D-Wis.)'; at most two ('Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said')
_APPOSITIVE = (rf"(?:[ \t]*,[ \t]*(?P<apposed>[^,\"“”\n]{{1,80}}?)[ \t]*,|"
               rf"[ \t]+(?:of|at|from|with|for)[ \t]+(?:the[ \t]+)?{_NAME}|[ \t]*\([^()\n]{{1,30}}\)){{0,2}}")
_ADVERB = (r"(?:[ \t]+(?:also|later|then|once|often|further|again|previously|recently|simply|has|had|have|would|"
           r"will|\w+ly))?")

# words of a role before a name: "Oilers head coach", "the IFSD’s", "University of the Fraser Valley political
# scientist", "oil and gas worker" (no other prepositions or conjunctions, and not "of"/"and" first)
_ROLE_WORD = (r"(?!(?:on|in|at|during|after|before|to|for|with|from|of|by|about|when|while|who|that|"
              r"and|or|but)\b)[\w'’\-/]+")
_ROLE = rf"(?:{_ROLE_WORD}[ \t]+(?:(?:{_ROLE_WORD}|of|the|and)[ \t]+){{0,7}}?)"
# where a name after the verb ends: punctuation, or a preposition/conjunction ('said Smith on Monday')
_CLAUSE_END = (r"(?=[ \t]*(?:[,.;:!?()\n—–]|--|$)|[ \t]+(?:on|in|at|before|after|during|as|when|while|who|to|"
               r"of|for|about|with|and|but|because|yesterday|today|tonight|\w+ly)\b)")
# a role in apposition after a name that follows its verb: 'said Smith, a spokesman for the city.'
_ROLE_AFTER = (r"(?:[ \t]*,[ \t]*(?P<apposed>(?:a|an|the|his|her|its|their|[A-Z][\w\-]*[’']s)[ \t]+"
               r"[^,.;:!?\n\"“”]{1,80}?)(?=[ \t]*(?:[,.;:!?\n]|$)))?")

# after the closing mark: ', said Oilers coach Ken Hitchcock.' / ', said Smith' / ', Smith said' /
# ', Oilers head coach Ken Hitchcock said' / ' according to Smith'
_AFTER_FORMS = (
    rf"{_GAP}{_VERB}[ \t]+(?P<role>{_ROLE})??(?P<who>{_NAME}){_CLAUSE_END}{_ROLE_AFTER}",
    # a role, then the name in apposition: 'said the company’s chief executive, Tim Cook.'
    rf"{_GAP}{_VERB}[ \t]+(?P<role>{_PHRASE})[ \t]*,[ \t]*(?P<who>{_NAME})(?=[ \t]*(?:[,.;:!?\n]|$))",
    rf"{_GAP}{_VERB}[ \t]+{_WHO}{_CLAUSE_END}",     # the whole phrase: 'said the White House spokesman.'
    rf"{_GAP}{_VERB}[ \t]+{_WHO}(?=\W|$)",
    rf"{_GAP}{_WHO}{_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}\b",
    rf"{_GAP}(?P<role>{_ROLE})(?P<who>{_NAME}){_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}\b",
    rf"{_GAP}according[ \t]+to[ \t]+(?P<role>{_ROLE})??(?P<who>{_NAME}){_CLAUSE_END}{_ROLE_AFTER}",
    rf"{_GAP}according[ \t]+to[ \t]+{_WHO}(?=\W|$)",
)
# signed with a dash at the end of its line, as in lists of reader quotes and epigraphs: '” ― Esther Tapia'
# (read even after a full stop inside the marks; a dash in a running sentence, '— Republicans, …', is not one)
_SIGNED_FORM = rf"[ \t]*(?:[―—–]|--)[ \t]*(?P<who>{_NAME})(?=[ \t]*\.?[ \t]*(?:\n|$))"
_AFTER_FORMS += (_SIGNED_FORM,)
_SIGNED = len(_AFTER_FORMS) - 1
_GROUPS = ("who", "role", "apposed")


_FORM_NUMBER = re.compile(r"\d+$")


def _numbered(form: str, i: int) -> str:
    for group in _GROUPS:
        form = form.replace(f"(?P<{group}>", f"(?P<{group}{i}>")
    return form


# one alternation, tried in the order above (groups renamed per form: who0, role0, apposed0, who1, ...)
_AFTER = re.compile("|".join(f"(?:{_numbered(form, i)})" for i, form in enumerate(_AFTER_FORMS)))
assert _AFTER.groups == len(_AFTER.groupindex)          # only named groups: the last one names its form
_FORM_OF_GROUP = {index: int(_FORM_NUMBER.search(name).group()) for name, index in _AFTER.groupindex.items()}
# before the opening mark: 'Smith said: ' / 'Smith told reporters , ' / 'According to Smith, ' /
# 'Smith told reporters in Atlanta on Thursday morning: '
# ', adding,': 'Warren said to Obama, adding, “'
_BEFORE_COMMA = re.compile(
    rf"{_WHO}{_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}\b(?:[ \t]+[\w'’\-]+){{0,5}}?"
    rf"(?:[ \t]*,[ \t]*(?:adding|saying|noting|continuing|writing)(?:[ \t]+\w+)?)?[ \t]*,[ \t]*$")
_BEFORE_COLON = re.compile(
    rf"{_WHO}{_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}\b(?:[ \t]+[\w'’\-.]+){{0,8}}?[ \t]*:[ \t]*$")
_BEFORE_ACCORDING = re.compile(rf"[Aa]ccording[ \t]+to[ \t]+{_WHO}[ \t]*,[ \t]*$")
# right before the mark, without punctuation: 'Nienaber said “…' / 'Schickel, a senator, called it “…'
_BEFORE_BARE = re.compile(
    rf"{_WHO}{_APPOSITIVE}{_ADVERB}[ \t]+(?:(?P<verb>{_VERB})|{_NAMING}(?:[ \t]+(?:it|them|him|her|this|that|"
    rf"himself|herself|themselves|itself|(?:the|his|her|their|its|a|an)[ \t]+[\w'’\-]+))?(?:[ \t]+as)?)[ \t]*$")
# what _BEFORE_BARE needs in its last words, and what the comma and colon forms need somewhere (cheap tests)
_BARE_LAST = frozenset([verb.split()[-1] for verb in SPEECH_VERBS] + _NAMING[3:-1].split("|") + [
    "it", "them", "him", "her", "this", "that", "himself", "herself", "themselves", "itself", "as"])
_BARE_DETERMINERS = frozenset(("the", "his", "her", "their", "its", "a", "an"))
_ANY_VERB = re.compile(rf"(?<![\w'’\-]){_VERB}\b")
# a quotation right after another one's attribution sentence continues it: '“A,” Smith said. “B.”'
_PREVIOUS_QUOTE = r"(?:[”\"’]|'')[ \t]*,?[ \t]*"
# the verb first, then the name: '“A,” said Roenick, “B.”' / '…, asks Policy Options editor Jennifer Ditchburn, “'
_BEFORE_SAID_NAME = re.compile(
    rf"(?:{_PREVIOUS_QUOTE}|,[ \t]*){_VERB}[ \t]+(?P<role>{_ROLE})??(?P<who>{_NAME})[ \t]*,[ \t]*$")
# ', referring to ...' / 'on Monday' / 'about the U.S. withdrawal' / 'in an Aug. 28 email' (a full stop only
# inside an abbreviation: before a letter, or after an initial or a short capitalised word)
_TAIL = (r"(?:[ \t]*,?[ \t]+(?:[^.!?“”\"\n]|\.(?=\w)|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{2})\.)"
         r"{1,80}?)?")
_CONTINUED = (
    re.compile(rf"{_PREVIOUS_QUOTE}{_WHO}{_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}{_TAIL}[ \t]*\.[ \t]*$"),
    re.compile(rf"{_PREVIOUS_QUOTE}{_VERB}[ \t]+(?:{_ROLE})??(?P<who>{_NAME}){_CLAUSE_END}{_TAIL}"
               rf"[ \t]*\.[ \t]*$"),
    re.compile(rf"{_PREVIOUS_QUOTE}{_VERB}[ \t]+{_WHO}{_TAIL}[ \t]*\.[ \t]*$"),
    re.compile(rf"{_PREVIOUS_QUOTE}according[ \t]+to[ \t]+(?:{_ROLE})??(?P<who>{_NAME}){_CLAUSE_END}{_TAIL}"
               rf"[ \t]*\.[ \t]*$"),
)
# reported speech in a paragraph: 'Tim Guest with the Nova Scotia Health Authority says there are ...',
# 'according to Dr. Keith Ahamad, a family doctor.'
_REPORTED = re.compile(rf"{_WHO}{_APPOSITIVE}{_ADVERB}[ \t]+{_VERB}\b|"
                       rf"[Aa]ccording[ \t]+to[ \t]+{_WHO.replace('<who>', '<who_>')}"
                       rf"{_ROLE_AFTER.replace('<apposed>', '<role>')}")
# the subject of the sentence introduces it: 'Trump swiped at Ryan in a series of tweets: “' /
# 'In an interview, he defended the remark, saying, “' / 'Howard Kurtz, Fox News: “' (at a paragraph start)
_SUBJECT_INTRO = re.compile(
    rf"[ \t]*(?:(?:But|And|So|Then|Now|Still|Also|Yet|Meanwhile|However|Later|Earlier|Instead|Indeed)[ \t]+|"
    rf"[A-Z][^,.!?:\n“”\"]{{0,40}},[ \t]*)?{_WHO}(?:{_APPOSITIVE}[ \t]+[^.!?\n“”\"]{{1,160}}?[ \t]*:|"
    rf"[^.!?\n“”\"]{{0,160}}?,?[ \t]+(?:saying|adding|writing|asking|noting|declaring|telling[ \t]+\w+|"
    rf"(?:and[ \t]+)?{_VERB})[ \t]*[,:]?)[ \t]*$")
_LABEL = re.compile(rf"[ \t]*(?P<who>{_NAME})(?:[ \t]*,[ \t]*(?P<apposed>[^,:\n]{{1,60}}))?[ \t]*:[ \t]*$")
_NOT_A_LABEL = frozenset(("note", "update", "correction", "editor", "source", "photo", "read", "watch", "related",
                          "advertisement", "caption", "credit", "q", "a", "question", "answer", "transcript"))
_SENTENCE_START = re.compile(r"(?:^|\n|(?<=[.!?])[\"”’]?[ \t]+)(?=[A-Z\"“])")
_REPEATED = re.compile(r"(.+?)(?:\s+\1)+")
_LEADING = re.compile(r"(?:(?:But|And|So|Then|Now|Still|Also|Yet|When|If|As|Meanwhile|However|Later|"
                      r"Earlier|Instead|Indeed|Yesterday|Today|Said|Says|Added|Asked|Wrote|Told)[ \t]+)+(?=\S)")
# what an apposition that is not a role starts with: a clause, a preposition, a participle, a number
# ('Trump, speaking to reporters,', 'Obama, for his part,', 'Clinton, 73,')
_NOT_A_ROLE = re.compile(r"(?:(?:who|which|that|whose|where|when|also|now|then|and|but|or|in|on|at|as|for|to|with|"
                         r"by|from|of|after|before|during|according|however|though|too|not|meanwhile|like|"
                         r"including)\b|\w+ing\b|\d)", re.I)
# what a role does not hold: a time ('a day after the vote', 'the night before'), a clause ('his voice breaking',
# 'the third time this week he has said so')
_NOT_IN_A_ROLE = re.compile(r"\b(?:after|before|since|ago|later|earlier|when|while|he|she|they|we|I|day|night|week|"
                            r"month|year|time|morning|evening|afternoon)\b|\w+ing$")
_ROLE_END = re.compile(r"(?:\s(?:and|or|but|of|the|a)|[.;:!?]|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Lt))$|\.\s|"
                       r"\s(?:that|who|which|whose|where|when)\s", re.I)

# the rest of an attribution's own sentence: 'told CTV News', 'told reporters', 'on Friday', 'in a statement'
_SENTENCE_OVER = re.compile(
    r"(?:[ \t]+(?:reporters|journalists|[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,3}))?"
    r"(?:[ \t]+(?:on[ \t]+)?(?:\w+day|yesterday|today|tonight|earlier|later|again|in[ \t]+an?[ \t]+"
    r"(?:statement|interview|phone[ \t]+interview|tweet|email|e-mail)))?[ \t]*[.!?](?:[ \t\n]|$)")
_WINDOW = 160
#: how much text before its end :func:`reported_speaker` reads (characters)
REPORT_WINDOW = 400
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})


class Attribution(NamedTuple):
    """Who a quotation is attributed to: ``speaker`` (a name, noun phrase or pronoun), ``role`` (what the
    text says they are, else None) and ``naming`` (True for ``X called it “…”``: X's words naming
    something, which do not make the quotation speech)."""

    speaker: str
    role: str | None = None
    naming: bool = False


def _cleaned_speaker(who: str) -> str:
    """The speaker without leading connectives, punctuation or a coreference repeat; "" for a lone function
    word taken for a name at a sentence start (``The``, ``Before``; pronouns are kept)."""
    who = _LEADING.sub("", who.strip(" \t,.;:-–—").rstrip("’'"), count=1)
    repeated = _REPEATED.fullmatch(who)       # coreference artefact: "Ortiz Ortiz" -> "Ortiz"
    who = repeated.group(1) if repeated else who
    if " " not in who and not is_pronoun(who) and who.lower() in english_stopwords():
        return ""
    return who


def _role_of(*candidates: str | None) -> str | None:
    """The first candidate that reads as a role (a noun phrase of at most 12 words), stripped."""
    for role in candidates:
        role = (role or "").strip(" \t,;:-–—")
        if (role and not _NOT_A_ROLE.match(role) and not _ROLE_END.search(role) and not _NOT_IN_A_ROLE.search(role)
                and len(role.split()) <= 12):
            return role
    return None


def _attribution_of(m: re.Match, suffix: str = "", naming: bool = False) -> Attribution | None:
    groups = m.groupdict()
    who = _cleaned_speaker(groups.get(f"who{suffix}") or groups.get("who_") or "")
    if not who:
        return None
    return Attribution(who, _role_of(groups.get(f"role{suffix}"), groups.get(f"apposed{suffix}")), naming)


def _sentence_subject(before: str) -> Attribution | None:
    """The speaker a sentence names as its subject when it introduces the quotation after a colon or a
    participle of saying (``Trump swiped at Ryan: “``, ``He defended it, saying, “``), or a speaker label at
    a paragraph start (``Howard Kurtz, Fox News: “``)."""
    starts = [m.end() for m in _SENTENCE_START.finditer(before)]
    if not starts:
        return None
    if before.rstrip().endswith(":") and (starts[-1] == 0 or before[starts[-1] - 1] == "\n"):
        m = _LABEL.match(before, starts[-1])
        if m and m.group("who").split()[0].rstrip("’'s").lower() not in _NOT_A_LABEL and (
                " " in m.group("who") or m.group("apposed")):
            return _attribution_of(m)
    m = _SUBJECT_INTRO.match(before, starts[-1])
    return _attribution_of(m) if m else None


def is_pronoun(who: str) -> bool:
    """Whether a speaker is a bare pronoun (``he``, ``She``, ``they``...).

    >>> is_pronoun("She"), is_pronoun("Shea")
    (True, False)
    """
    return who.lower() in _PRONOUNS


def attribute(text: str, open_mark: int, close_end: int) -> Attribution | None:
    """The attribution of the quotation whose marks span ``text[open_mark:close_end]``, else None.

    Example:
        >>> attribute('“Fine,” said Oilers head coach Ken Hitchcock.', 0, 7)
        Attribution(speaker='Ken Hitchcock', role='Oilers head coach', naming=False)
        >>> attribute('Schickel called it “a shame”.', 19, 28)
        Attribution(speaker='Schickel', role=None, naming=True)
    """
    line_end = text.find("\n", close_end, close_end + _WINDOW)
    after = text[close_end: line_end if line_end >= 0 else close_end + _WINDOW]
    line_start = text.rfind("\n", max(0, open_mark - _WINDOW), open_mark)
    before = text[line_start + 1 if line_start >= 0 else max(0, open_mark - _WINDOW): open_mark]

    found: list[Attribution | None] = []
    inside = text[max(open_mark, close_end - 8):close_end].rstrip("\"”'’` \t")
    m = _AFTER.match(after)
    # a quotation ending in a full stop ends its sentence: what follows is its attribution only when that is
    # a sentence of its own ('“We won.” Smith said.', not '“We won.” Smith said later that ...')
    if m:
        form = _FORM_OF_GROUP[m.lastindex]  # type: ignore[index]
        if not inside.endswith(".") or form == _SIGNED or _SENTENCE_OVER.match(after, m.end()):
            found.append(_attribution_of(m, str(form)))
    if not before.strip() and line_start > 0:
        # a quotation opening its paragraph after one that ends in a colon: 'The Times reports:¶“…'
        window = max(0, line_start - _WINDOW)
        previous_end = window + len(text[window:line_start].rstrip())
        if text[previous_end - 1:previous_end] == ":":
            previous_start = text.rfind("\n", max(0, previous_end - _WINDOW), previous_end) + 1
            before = text[previous_start:previous_end]
    trimmed = before.rstrip()
    last = trimmed[-1:]
    if last == ",":      # 'X said, “' / 'X said , `` ' / 'According to X, “'
        # (the patterns are searched only where they can match: a verb of saying, 'according')
        verb = _ANY_VERB.search(before) is not None
        for pattern in ((_BEFORE_COMMA, _BEFORE_SAID_NAME) if verb else ()) + (
                (_BEFORE_ACCORDING,) if "ccording" in before else ()):
            m = pattern.search(before)
            if m:
                found.append(_attribution_of(m))
        if not any(found):
            found.append(_sentence_subject(before))
    elif last == ":":
        m = _BEFORE_COLON.search(before) if _ANY_VERB.search(before) else None
        found.append(_attribution_of(m) if m else _sentence_subject(before))
    elif last == "." and not found:
        # the previous quotation's closing mark starts the match: try from the last few candidates only
        for mark in ("”", '"', "''", "’ "):
            at = before.rfind(mark)
            if at < 0:
                continue
            m = next(filter(None, (p.match(before, at) for p in _CONTINUED)), None)
            if m:
                found.append(_attribution_of(m))
                break
    elif (last.isalpha() or last == "`") and not found:
        bare = trimmed.rstrip("`").rstrip()
        words = bare[-60:].split()[-2:]
        can_end = bool(words) and (words[-1] in _BARE_LAST or len(words) == 2 and words[0] in _BARE_DETERMINERS)
        m = _BEFORE_BARE.search(bare) if can_end else None
        if m:
            found.append(_attribution_of(m, naming=m.group("verb") is None))
    candidates = [a for a in found if a is not None]
    if not candidates:
        return None
    names = [a for a in candidates if not is_pronoun(a.speaker)]
    return (names or candidates)[0]


def speaker(text: str, open_mark: int, close_end: int) -> str | None:
    """The speaker named next to the quotation whose marks span ``text[open_mark:close_end]``, else None.

    Example:
        >>> speaker('He said: "Fine." Then he left.', 9, 16)
        'He'
        >>> speaker('A "so-called" expert.', 2, 13) is None
        True
    """
    found = attribute(text, open_mark, close_end)
    return found.speaker if found is not None else None


def reported_speaker(text: str, start: int, end: int,
                     quoted: Sequence[tuple[int, int]] = ()) -> tuple[int, Attribution] | None:
    """The last speaker ``text[start:end]`` reports with a verb of saying outside the ``quoted`` spans
    (``Chapman says that’s not what the union sees.``), with the offset of the name; else None. Only the
    last few hundred characters are read.

    Example:
        >>> reported_speaker('Police arrived. Tim Guest, a paramedic, says delays are common.', 0, 63)
        (16, Attribution(speaker='Tim Guest', role='a paramedic', naming=False))
    """
    start = max(start, end - REPORT_WINDOW)
    last = None
    for m in _REPORTED.finditer(text, start, end):
        if not any(q0 <= m.start() < q1 for q0, q1 in quoted):
            last = m
    if last is None:
        return None
    found = _attribution_of(last)
    return (last.start(), found) if found is not None else None
