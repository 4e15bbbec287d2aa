"""Varied news prose for the sample: sentences grown from a small grammar over the word lists of
``toolkit.sample.lexicon``, so articles read differently and publications differ in their words.

Rules:
- A sentence holds words, numbers, commas, dashes and a final period: no entity, quotation mark or stray
  mark (the ground truth records those, and prose adds none).
- Word choice is Zipf-like: the ``i``-th entry of a list is drawn with weight ``1 / (i + 1) ** 0.8``, and each
  publication sees every list in an order of its own (a fixed permutation per publication), so its
  frequent words differ from another's. A quarter of noun phrases and subjects come from the
  publication's house words (``lexicon.HOUSE``).
- Entries are rendered once, on first use, in the four variants of ``vocabulary._variants`` (raw/PTB x
  curly/straight apostrophes); a sentence is a list of rendered pieces joined for its variant, so
  nothing is tokenized per sentence.

Example:
    >>> import random
    >>> text = sentence(random.Random(3), writer("Reuters", "business"), 0)
    >>> text[0].isupper() and text.endswith(".") and "“" not in text
    True
"""
from __future__ import annotations

import bisect
import random
from functools import lru_cache

from toolkit.sample.lexicon import COMMON, FIRST_NAMES, HOUSE, LAST_NAMES, TOPIC_WORDS, split
from toolkit.sample.vocabulary import _FILL_V, _WEEKDAYS, _pick, _variants

__all__ = ["Writer", "writer", "sentence", "staff_name"]

Variants = tuple[str, str, str, str]
_COPULAS = (("is", "is", "is", "was", "was", "was", "remains"), ("are", "are", "are", "were", "were", "were", "remain"))
_ZIPF_EXPONENT = 0.8   # word lists are short: a gentler slope than the 1.0 of a whole vocabulary
_PUNCT = {",": (",",) * 4, ".": (".",) * 4, "—": ("—",) * 4}


def _plural(noun: str) -> str:
    """``bill`` -> ``bills``, ``state of emergency`` -> ``states of emergency``, ``crisis`` -> ``crises``,
    ``caucus`` -> ``caucuses``; a noun that is plural already (``sanctions``) stays."""
    if " of " in noun:
        head, _, tail = noun.partition(" of ")
        return f"{_plural(head)} of {tail}"
    head, _, last = noun.rpartition(" ")
    if last.endswith("is"):
        last = last[:-2] + "es"
    elif last.endswith(("us", "ss", "x", "ch", "sh")):
        last += "es"
    elif _plural_only(last):
        pass
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def _plural_only(noun: str) -> bool:
    """``sanctions``, ``earnings``: a noun already plural (ends in ``s``, not ``ss``/``us``/``is``)."""
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))


def _takes_an(word: str) -> bool:
    """``an`` before ``word`` (by its sound, roughly: ``an update``, ``a user``, ``a one-time``)."""
    w = word.lower()
    if w.startswith(("use", "usu", "uni", "eu", "one", "once")):
        return False
    return w[:1] in "aeiou" or w.startswith(("hour", "honest", "heir"))


class _Pool:
    """Rendered entries with Zipf weights in a given order; ``draw`` picks one."""

    def __init__(self, entries: list, order: list[int]) -> None:
        self.items = [entries[i] for i in order]
        acc, self.cum = 0.0, []
        for rank in range(len(self.items)):
            acc += 1.0 / (rank + 1) ** _ZIPF_EXPONENT
            self.cum.append(acc)
        self.total = acc
        self.cum[-1] = float("inf")   # a draw of r * total rounded up to total still lands on the last entry

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


@lru_cache(maxsize=None)
def _rendered(entry: str) -> Variants:
    """``_variants(entry)``, once per entry however many writers use it."""
    return _variants(entry)


class Writer:
    """The pools one publication writes one topic from (see :func:`writer`)."""

    def __init__(self, publication: str, topic: str) -> None:
        shuffle = random.Random(f"{publication}/{topic}")
        words = TOPIC_WORDS[topic]
        house = HOUSE[publication]

        def pool(entries: list) -> _Pool:
            order = list(range(len(entries)))
            shuffle.shuffle(order)
            return _Pool(entries, order)

        nouns = split(words["nouns"])
        self.nouns = pool([(_rendered(n.split("/")[0]), _rendered(n.split("/")[1] if "/" in n else _plural(n)))
                           for n in nouns])
        self.adjectives = pool([_rendered(a) for a in split(words["adjectives"])])
        self.verbs = pool([tuple(_rendered(p) for p in v.split("/")) for v in split(words["verbs"])])
        self.subjects = pool([_rendered(s) for s in split(words["subjects"])])
        self.house_subjects = pool([_rendered(s) for s in split(house["subjects"])])
        self.house_figures = pool([_rendered(s) for s in split(house["figures"])])
        self.house_phrases = pool([_rendered(s) for s in split(house["phrases"])])
        self.common = {name: pool([_rendered(e) for e in split(entries)]) for name, entries in COMMON.items()
                       if name != "modals"}
        self.modals = pool([tuple(_rendered(f) for f in (m.split("/") * 2)[:2]) for m in split(COMMON["modals"])])


@lru_cache(maxsize=None)
def writer(publication: str, topic: str) -> Writer:
    """The :class:`Writer` of a publication and topic, built once."""
    return Writer(publication, topic)


_WORDS = {w: _variants(w) for w in (
    "the a an of in on for over after amid despite without with to that and is are was were has have it "
    "there whether will would according For It The There remains remain billion million percent nearly "
    "about more than almost roughly some who which its their").split()}
_NAMED = {**_WORDS, **_PUNCT}
_WEEKDAYS_V = [_variants(d) for d in _WEEKDAYS]
_NAMES_V = ([_variants(f) for f in FIRST_NAMES], [_variants(s) for s in LAST_NAMES])


def _name(rng: random.Random) -> tuple[int, int]:
    """Positions of a made-up first and last name in ``FIRST_NAMES``/``LAST_NAMES`` (never ``Thomas Thomas``)."""
    first, last = int(rng.random() * len(FIRST_NAMES)), int(rng.random() * len(LAST_NAMES))
    if FIRST_NAMES[first] == LAST_NAMES[last]:
        last = (last + 1) % len(LAST_NAMES)
    return first, last


def staff_name(rng: random.Random) -> str:
    """A made-up byline or photo-credit name (raw text)."""
    first, last = _name(rng)
    return f"{FIRST_NAMES[first]} {LAST_NAMES[last]}"


class _Sentence:
    """One sentence being grown: pieces (rendered variants) and the grammar's productions."""

    def __init__(self, rng: random.Random, w: Writer, ptb: bool) -> None:
        self.rng, self.w, self.ptb = rng, w, ptb
        self.pieces: list[Variants] = []

    def put(self, *items: Variants | str) -> None:
        """Append pieces: rendered variants, or a word of ``_WORDS`` / a mark of ``_PUNCT`` by name."""
        self.pieces.extend(_NAMED[item] if item.__class__ is str else item for item in items)

    def common(self, name: str) -> Variants:
        return self.w.common[name].draw(self.rng)

    # -- noun phrases ----------------------------------------------------------------------------
    def determiner(self, noun: Variants, indefinite: bool, following: Variants) -> None:
        """``a``/``an`` (by the ``following`` word) when ``indefinite`` and ``noun`` is singular, else ``the``."""
        if indefinite and not _plural_only(noun[0]):
            self.put("an" if _takes_an(following[0]) else "a")
        else:
            self.put("the")

    def adjective(self, noun: Variants) -> tuple[Variants, ...]:
        """An adjective for ``noun``, or none when it would repeat the noun's first word (``quarterly report``)."""
        adj = self.w.adjectives.draw(self.rng)
        return () if noun[0].split(" ", 1)[0] == adj[0] else (adj,)

    def simple_np(self) -> None:
        rng, w = self.rng, self.w
        r = rng.random()
        if r < 0.3:
            self.put("the", w.nouns.draw(rng)[0])
        elif r < 0.55:
            noun = w.nouns.draw(rng)[1]
            self.put(*self.adjective(noun), noun)
        elif r < 0.65:
            noun = w.nouns.draw(rng)[0]
            self.determiner(noun, rng.random() < 0.75, noun)
            self.put(noun)
        elif r < 0.82:
            self.put(w.house_phrases.draw(rng))
        else:
            self.put(self.common("places"))

    def object_np(self) -> None:
        rng, w = self.rng, self.w
        r = rng.random()
        if r < 0.2:
            noun = w.nouns.draw(rng)[0]
            adj = self.adjective(noun)
            d = rng.random()
            if d < 0.75:
                self.determiner(noun, d < 0.35, adj[0] if adj else noun)
            else:
                self.put(_pick(rng, ("its", "their")))
            self.put(*adj, noun)
        elif r < 0.3:
            self.put(_pick(rng, ("the", "the", "its", "their")), w.nouns.draw(rng)[0])
        elif r < 0.44:
            self.put("the", w.nouns.draw(rng)[0], "of")
            self.simple_np()
        elif r < 0.6:
            if rng.random() < 0.4:
                self.put(w.adjectives.draw(rng))
            self.put(w.nouns.draw(rng)[1])
        elif r < 0.72:
            self.put(w.nouns.draw(rng)[1], "and", w.nouns.draw(rng)[1])
        else:
            self.put(w.house_phrases.draw(rng))

    def org(self) -> None:
        org = _pick(self.rng, _FILL_V["org"])
        self.put(org)
        if self.ptb and self.rng.random() < 0.12:   # coreference resolution repeats a mention
            self.put(org)

    def person(self) -> None:
        first, last = _name(self.rng)
        self.put(_NAMES_V[0][first], _NAMES_V[1][last], ",", self.common("roles"), self.common("institutions"), ",")

    def subject(self, *, person: bool = True) -> bool:
        """Who acts (people, groups, organisations); True when plural. ``person``: may be a named person
        with a role between commas."""
        rng, w = self.rng, self.w
        r = rng.random()
        if r < 0.45:
            self.put(w.subjects.draw(rng))
            return True
        if r < 0.63:
            self.org()
            return False
        if r < 0.75 and person:
            self.person()
            return False
        if rng.random() < 0.4:
            self.put(w.house_figures.draw(rng))
            return False
        self.put(w.house_subjects.draw(rng))
        return True

    def thing(self) -> Variants:
        """What is talked about, as a subject: the (adjective) noun; returns the noun."""
        rng, w = self.rng, self.w
        noun = w.nouns.draw(rng)[0]
        if rng.random() < 0.4:
            self.put("the", *self.adjective(noun), noun)
        else:
            self.put("the", noun)
        return noun

    def copula(self, noun: Variants) -> None:
        """``is``/``was``/``remains`` agreeing with ``noun`` (``sanctions``, ``earnings`` are plural)."""
        self.put(_pick(self.rng, _COPULAS[_plural_only(noun[0])]))

    # -- verb phrases and clauses ----------------------------------------------------------------
    def adjunct(self) -> None:
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            self.put(self.common("times"))
        elif r < 0.5:
            self.put("in", self.common("places"))
        elif r < 0.62:
            self.put("on", _pick(rng, _WEEKDAYS_V))
        else:
            self.put(_pick(rng, ("over", "after", "amid", "despite", "without", "with", "for")))
            self.simple_np()

    def past_vp(self) -> None:
        if self.rng.random() < 0.15:
            self.put(self.common("adverbs"))
        self.put(self.w.verbs.draw(self.rng)[1])
        self.object_np()
        if self.rng.random() < 0.45:
            self.adjunct()

    def clause(self) -> None:
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            self.subject()
            self.past_vp()
        elif r < 0.8:
            plural = self.subject()
            self.put(self.w.modals.draw(rng)[plural], self.w.verbs.draw(rng)[0])
            self.object_np()
        else:
            self.copula(self.thing())
            self.put(self.common("predicates"))

    def number(self) -> None:
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            n = f"{rng.randint(1, 99)}.{rng.randint(1, 9)}" if rng.random() < 0.5 else str(rng.randint(2, 900))
            self.put((f"${n}", f"${n}", f"$ {n}", f"$ {n}"), _pick(rng, ("million", "billion")))
        elif r < 0.65:
            value = f"{rng.randint(1, 60)}.{rng.randint(0, 9)}" if rng.random() < 0.6 else str(rng.randint(1, 80))
            self.put((value,) * 4, "percent")
        else:
            if rng.random() < 0.5:
                self.put(_pick(rng, ("nearly", "about", "almost", "roughly", "more", "some")))
                if self.pieces[-1] == _WORDS["more"]:
                    self.put("than")
            if rng.random() < 0.5:
                count = f"{rng.randint(2, 99)},{rng.randint(0, 999):03d}"
            else:
                count = str(rng.randint(2, 999))
            self.put((count,) * 4)

    # -- sentences -------------------------------------------------------------------------------
    def grow(self) -> None:
        rng, w = self.rng, self.w
        r = rng.random()
        if r < 0.2:                                         # [Opener,] subject did something [when].
            if rng.random() < 0.4:
                self.put(self.common("openers"), ",")
            self.subject()
            self.past_vp()
        elif r < 0.33:                                      # subject said/argued [that] clause.
            self.subject()
            self.put(self.common("report"))
            if rng.random() < 0.6:
                self.put("that")
            self.clause()
        elif r < 0.45:                                      # subject did X, but clause.
            self.subject()
            self.past_vp()
            self.put(",", self.common("conjunctions"))
            self.clause()
        elif r < 0.53:                                      # The X of Y remains Z, according to S.
            noun = w.nouns.draw(rng)[0]
            self.put("The", noun, "of")
            self.simple_np()
            self.copula(noun)
            self.put(self.common("predicates"))
            if rng.random() < 0.5:
                self.put(",", "according", "to", self.common("sources"))
        elif r < 0.6:                                       # It is unclear whether clause.
            tense = _pick(rng, (("is", "will"), ("is", "will"), ("was", "would"), ("was", "would"),
                                 ("remains", "will")))
            self.put("It", tense[0], self.common("it_preds"), "whether")
            self.subject()
            self.put(tense[1], w.verbs.draw(rng)[0])
            self.object_np()
        elif r < 0.69:                                      # subject reported $3 billion in X.
            self.subject()
            self.put(self.common("tallies"))
            self.number()
            self.put(_pick(rng, ("in", "for", "on")), w.nouns.draw(rng)[1])
            if rng.random() < 0.5:
                self.adjunct()
        elif r < 0.77:                                      # subject did X and did Y.
            self.subject()
            self.past_vp()
            self.put("and")
            self.past_vp()
        elif r < 0.85:                                      # When, clause.
            self.put(self.common("times"), ",")
            self.clause()
        elif r < 0.91:                                      # For investors, the X is Y.
            noun = w.nouns.draw(rng)[0]
            self.put("For", w.subjects.draw(rng), ",", "the", noun)
            self.copula(noun)
            self.put(self.common("predicates"))
        elif r < 0.96:                                      # There is growing concern over X.
            self.put("There", _pick(rng, ("is", "was")), self.common("degrees"), self.common("feelings"),
                     _pick(rng, ("over", "about", "for", "with")))
            self.object_np()
            if rng.random() < 0.5:
                self.adjunct()
        else:                                               # subject — a dash — did X.
            self.subject(person=False)
            self.put("—")
            self.put("who", self.w.verbs.draw(rng)[1])
            self.object_np()
            self.put("—")
            self.past_vp()
        self.put(".")

    def text(self, v: int) -> str:
        words = [p[v] for p in self.pieces]
        if v >= 2:
            out = " ".join(words)
        else:
            out = " ".join(words).replace(" ,", ",").replace(" .", ".").replace(", ,", ",")
        out = out.replace(", .", ".").replace(",,", ",")
        return out[0].upper() + out[1:]


def sentence(rng: random.Random, w: Writer, v: int) -> str:
    """One sentence of prose in variant ``v`` (0/1 raw, 2/3 PTB; odd = straight apostrophes)."""
    s = _Sentence(rng, w, v >= 2)
    s.grow()
    return s.text(v)

