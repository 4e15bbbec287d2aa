"""Build one seeded article piece by piece, recording its ground truth with exact character offsets.

Rules: article ``i`` depends only on ``(seed, i)`` (one ``random.Random`` per article), so a corpus is
reproducible byte for byte however it is split over files or processes; every random draw happens in
the same order as before any refactoring, or ``data/sample`` changes. Word lists and templates live in
``toolkit.sample.vocabulary``, prose (most sentences between quotations and entities) in
``toolkit.sample.prose`` over ``toolkit.sample.lexicon``, which also holds each publication's page
furniture; writing files is ``toolkit.sample.writer``'s job.

Example:
    >>> art = generate_articles(1, seed=7)[0]
    >>> q = art["truth"]["quotes"][0]
    >>> art["content"][q["start"]:q["end"]] == q["text"]
    True
"""
from __future__ import annotations

import bisect
import random
import re
from datetime import date, timedelta
from typing import Iterator

from toolkit.sample.lexicon import FURNITURE, OUTLETS
from toolkit.sample.prose import sentence as prose_sentence
from toolkit.sample.prose import Writer, staff_name, writer
from toolkit.sample.vocabulary import (_ALNUM, _DAY_CUM, _DAYS, _EMAIL_DOMAINS, _EMAIL_USERS, _ENTITY_T,
                                       _FILL_V, _FILLER_T, _FILLS, _HANDLES, _HASHTAGS, _MIX_CUM, _MONTHS,
                                       _PARA_TYPES, _PUB_CUM, _PUBS, _QUOTES_V, _SCARE_V, _SPEAKERS_V,
                                       _SYMBOLS, _TITLES, _TOPICS, _TWEET_T, _TWEETERS, _URL_HOSTS, _URL_WORDS,
                                       _Template, _pick, _variants)

__all__ = ["DEFAULT_SEED", "DEFAULT_WORDS", "generate_articles", "iter_articles"]

DEFAULT_SEED = 2016
DEFAULT_WORDS = (150, 400)
_PROSE_SHARE = 0.9    # of topical sentences written by the prose grammar (the rest: templates)
_QUOTED_PROSE = 0.5   # of quotations that are prose (the rest: stock lines such as "That’s simply not true")
# verbs of attribution, said most often, as in news; an inverted attribution ("“…,” added X.") has its own
_SPEECH_VERBS = ("said",) * 6 + ("says", "added", "wrote", "noted", "argued", "explained", "warned", "insisted")
_INVERTED_VERBS = ("said",) * 5 + ("says", "added", "wrote")
_CHARS_PER_WORD = 6.0  # average characters per word incl. the following space, used for length targets


class _Text:
    """Accumulates content and ground truth; every offset is the length of what was written before.

    This half writes pieces, template sentences and entities; ``_Doc`` adds attributed quotations and
    embedded tweets.
    """

    def __init__(self, rng: random.Random, ptb: bool, straight: bool, marks: str, handle_spaced: bool,
                 article_day: date) -> None:
        self.rng = rng
        self.ptb = ptb
        self.v = (2 if ptb else 0) + (1 if straight else 0)
        self.open, self.close = (marks[:2], marks[2:]) if marks == "``''" else (marks[0], marks[1])
        self.pad = " " if ptb else ""
        self.handle_spaced = handle_spaced
        self.day = article_day
        self.parts: list[str] = []
        self.pos = 0
        self.para_has_text = False
        self.glue_next = False
        self.quotes: list[dict] = []
        self.stray: list[int] = []
        self.ents: dict[str, list] = {k: [] for k in ("hashtags", "handles", "cashtags", "urls", "emails")}
        self.spans: dict[str, list] = {k: [] for k in ("hashtags", "handles", "cashtags", "urls", "emails")}
        self.tweets: list[dict] = []

    # -- low level -------------------------------------------------------------------------------
    def add(self, s: str) -> None:
        if not s:
            return
        self.parts.append(s)
        self.pos += len(s)

    def space(self) -> None:
        """Add one space unless the content is empty or already ends with whitespace."""
        if self.parts and not self.parts[-1].endswith((" ", "\n")):
            self.add(" ")

    def piece(self, s: str) -> None:
        """Append a piece; in PTB style pieces are separated by one space (unless glued)."""
        if self.ptb and self.parts and not self.glue_next and not self.parts[-1].endswith((" ", "\n")):
            self.add(" ")
        self.glue_next = False
        self.add(s)

    def sentence_start(self) -> None:
        if self.para_has_text:
            self.add(" ")
        self.para_has_text = True

    def paragraph_break(self, sep: str) -> None:
        if self.para_has_text:
            self.add(sep)
        self.para_has_text = False

    def prose(self, text: str) -> None:
        """A sentence already rendered in this article's variant."""
        if self.ptb:
            self.piece(text)
        else:
            self.add(text)

    def furniture(self, raw: str) -> None:
        """A line of page furniture (raw text), PTB-tokenized in PTB articles."""
        self.prose(_variants(raw)[self.v])

    def entity(self, kind: str, value: str, surface: str) -> None:
        self.piece("")
        start = self.pos
        self.add(surface)
        self.ents[kind].append(value)
        self.spans[kind].append([start, self.pos])

    # -- slot fills and templates ------------------------------------------------------------------
    def fills(self, slots: tuple[str, ...]) -> dict[str, str]:
        rng, v, out = self.rng, self.v, {}
        for name in slots:
            if name == "num":
                out[name] = str(rng.randint(2, 40))
            elif name == "Org":  # an organisation opening a sentence; PTB may repeat it ("The Senate the Senate")
                val = _pick(rng, _FILL_V["org"])[v]
                cap = val[0].upper() + val[1:]
                out[name] = f"{cap} {val}" if self.ptb and rng.random() < 0.12 else cap
            elif name == "Issue":
                out[name] = _pick(rng, _FILLS["issue"]).title()
            elif name in ("org", "company") and self.ptb and rng.random() < 0.12:
                val = _pick(rng, _FILL_V[name])[v]  # coreference resolution repeats a mention
                out[name] = f"{val} {val}"
            else:
                out[name] = _pick(rng, _FILL_V[name])[v]
        return out

    def template(self, t: _Template) -> None:
        fills = self.fills(t.slots) if t.slots else None
        for kind, val in t.segs:
            if kind == 0:
                text = val[self.v]
                if fills is not None and "{" in text:
                    text = text.format(**fills)
                if self.ptb:
                    self.piece(text.strip())
                else:
                    self.add(text)
            else:
                self.marker(val)

    def marker(self, name: str) -> None:
        rng, ptb = self.rng, self.ptb
        if name == "#":
            tag = _pick(rng, _HASHTAGS)
            self.entity("hashtags", tag, f"# {tag}" if ptb else f"#{tag}")
        elif name == "@":
            h = _pick(rng, _HANDLES)
            self.entity("handles", h, f"@ {h}" if self.handle_spaced else f"@{h}")
        elif name == "$":
            t = _pick(rng, _SYMBOLS)
            self.entity("cashtags", t, f"$ {t}" if ptb else f"${t}")
        elif name == "URL":
            url, surface = self.make_url()
            self.entity("urls", url, surface)
        elif name == "EMAIL":
            e = f"{_pick(rng, _EMAIL_USERS)}@{_pick(rng, _EMAIL_DOMAINS)}"
            self.entity("emails", e, e)
        elif name == "SCARE":
            term = _pick(rng, _SCARE_V)[self.v]
            self.piece(self.open + self.pad)
            self.quote_text(term, kind="scare")
            self.add(self.pad + self.close)
        elif name == "STRAY<":  # mark glued to the next word: on "targeted abuse
            self.piece("")
            self.stray.append(self.pos)
            self.add(self.stray_mark(opening=True))
            self.glue_next = True
        elif name == "STRAY>":  # mark glued to the previous word: harassment" but
            self.stray.append(self.pos)
            self.add(self.stray_mark(opening=False))

    def stray_mark(self, opening: bool) -> str:
        if self.open == "“":
            return "“" if opening else "”"
        return '"'

    def make_url(self) -> tuple[str, str]:
        rng = self.rng
        host = _pick(rng, _URL_HOSTS)
        if "t.co" in host or "bit.ly" in host:
            url = f"{host}/{''.join(rng.choices(_ALNUM, k=rng.randint(6, 10)))}"
        elif "youtube" in host:
            url = f"{host}/watch?v={''.join(rng.choices(_ALNUM, k=11))}"
        elif "medium" in host:  # an @ inside a URL is not a handle
            url = f"{host}/@{_pick(rng, _HANDLES)}/{'-'.join(rng.sample(_URL_WORDS, 3))}"
        else:
            path = "/".join(rng.sample(_URL_WORDS, rng.randint(1, 3)))
            url = f"{host}/{path}"
            if rng.random() < 0.4:
                url += f"?id={rng.randint(1, 9999)}&x=1"
            if rng.random() < 0.15:  # a # inside a URL is not a hashtag
                url += f"#section-{rng.randint(1, 9)}"
        if not self.ptb or rng.random() < 0.5:
            return url, url
        return url, url.replace("://", " : //", 1)  # PTB tokenizers split the scheme off

    def pic_link(self) -> tuple[str, str]:
        code = "".join(self.rng.choices(_ALNUM, k=10))
        url = f"pic.twitter.com/{code}"
        return url, (f"pic . twitter . com / {code}" if self.ptb else url)

    # -- quotations ----------------------------------------------------------------------------------
    def quote_text(self, text: str, kind: str) -> dict:
        """Write the text of a one-paragraph quotation and record it (the caller adds speaker fields)."""
        start = self.pos
        self.add(text)
        q = {"text": text, "start": start, "end": self.pos, "kind": kind, "speaker": None,
             "speaker_start": None, "speaker_end": None, "multi_paragraph": False,
             "paragraphs": [[start, self.pos]]}
        self.quotes.append(q)
        return q


class _Doc(_Text):
    """An article being written: ``_Text`` plus attributed quotations and embedded tweets."""

    writer: Writer   # the publication's prose on the article's topic, set before writing

    def quote_words(self) -> str:
        """What a speaker says, without its final period: a stock line or a sentence of prose."""
        if self.rng.random() < _QUOTED_PROSE:
            text = prose_sentence(self.rng, self.writer, self.v)
            return text[:-2] if self.ptb else text[:-1]
        return _pick(self.rng, _QUOTES_V)[self.v]

    # -- quotations ----------------------------------------------------------------------------------
    def quoted(self, text: str, punct: str) -> dict:
        """Add ``“text,”`` (raw) or ``“ text , ”`` (PTB); punct (``,`` or ``.``) belongs to the quote."""
        self.space()
        self.add(self.open + self.pad)
        q = self.quote_text(text + (f" {punct}" if self.ptb and punct else punct), "speech")
        self.add(self.pad + self.close)
        return q

    def punct(self, p: str) -> None:
        self.add(f" {p}" if self.ptb else p)

    def words(self, s: str) -> None:
        """Literal words between other pieces (leading space in both styles)."""
        self.add(" " + s)

    def mention(self, spk: tuple, state: dict, after_cue: bool, initial: bool = False) -> dict:
        """Write a speaker mention; return its truth fields. First mention: full name (+ role)."""
        full, surname, pronoun, role = spk
        v = self.v
        if spk[0][0] not in state:
            state[spk[0][0]] = True
            text, role_text = full[v], role[v]
        else:
            role_text = None
            # raw prose often uses a pronoun; coreference resolution (PTB half) put the name back
            text = pronoun if not self.ptb and not after_cue and self.rng.random() < 0.5 else surname[v]
            if initial:
                text = text[0].upper() + text[1:]
        if self.ptb and role_text is None and self.rng.random() < 0.25:
            # coreference resolution replaced a pronoun next to an existing mention: "Trump Trump said"
            if after_cue:
                start = self.pos
                self.add(text)
                end = self.pos
                self.add(" " + text)
            else:
                self.add(text + " ")
                start = self.pos
                self.add(text)
                end = self.pos
        else:
            start = self.pos
            self.add(text)
            end = self.pos
        if role_text is not None and after_cue:
            self.punct(",")
            self.words(role_text)
        return {"speaker": text, "speaker_start": start, "speaker_end": end}

    def speech(self, spk: tuple, state: dict, outlet: str) -> None:
        """One sentence with a direct quotation and a simple attribution (``outlet``: the publication's
        name for itself, as in ``X told Reuters: “…”``)."""
        rng = self.rng
        q1 = self.quote_words()
        form = rng.randrange(7)
        verb = _pick(rng, _SPEECH_VERBS)
        if form == 0:  # “Q,” X said.
            q = self.quoted(q1, ",")
            self.add(" ")
            q.update(self.mention(spk, state, after_cue=False))
            self.words(verb)
        elif form == 1:  # X said, “Q.”
            info = self.mention(spk, state, after_cue=False, initial=True)
            self.words(verb)
            self.punct(",")
            self.quoted(q1, ".").update(info)
            return
        elif form == 2:  # “Q,” said X.
            q = self.quoted(q1, ",")
            self.words(_pick(rng, _INVERTED_VERBS) + " ")
            q.update(self.mention(spk, state, after_cue=True))
        elif form == 3:  # “Q,” according to X.
            q = self.quoted(q1, ",")
            self.words("according to ")
            q.update(self.mention(spk, state, after_cue=True))
        elif form == 4:  # X told reporters: “Q.”
            info = self.mention(spk, state, after_cue=False, initial=True)
            self.words("told reporters" if rng.random() < 0.6 else f"told {outlet}")
            self.punct(":")
            self.quoted(q1, ".").update(info)
            return
        elif form == 5:  # “Q1,” X said. “Q2.”
            q = self.quoted(q1, ",")
            self.add(" ")
            info = self.mention(spk, state, after_cue=False)
            q.update(info)
            self.words(verb)
            self.punct(".")
            self.add(" ")
            self.quoted(self.quote_words(), ".").update(info)
            return
        else:  # “Q1,” X said, “q2.”
            q = self.quoted(q1, ",")
            self.add(" ")
            info = self.mention(spk, state, after_cue=False)
            q.update(info)
            self.words(verb)
            self.punct(",")
            q2 = _pick(rng, _QUOTES_V)[self.v]
            if not q2.startswith(("I ", "I’", "I'")):
                q2 = q2[0].lower() + q2[1:]
            self.quoted(q2, ".").update(info)
            return
        self.punct(".")

    def multi_paragraph_quote(self, spk: tuple, state: dict, sep: str) -> None:
        """X said: “Q1. Q2.⏎⏎“Q3.” — the first paragraph is left open, the next one reopens."""
        rng = self.rng
        self.sentence_start()
        info = self.mention(spk, state, after_cue=False, initial=True)
        self.words("said")
        self.punct(":")
        self.space()
        self.add(self.open + self.pad)
        start, first_part = self.pos, len(self.parts)
        paragraphs = []
        n_paras = 2 if rng.random() < 0.8 else 3
        for i in range(n_paras):
            if i:
                self.add(sep + self.open + self.pad)
            p_start = self.pos
            for j in range(rng.randint(1, 2)):
                if j:
                    self.add(" ")
                self.add(self.quote_words() + (" ." if self.ptb else "."))
            paragraphs.append([p_start, self.pos])
        q = {"text": "".join(self.parts[first_part:]), "start": start, "end": self.pos, "kind": "speech",
             "multi_paragraph": True, "paragraphs": paragraphs, **info}
        self.add(self.pad + self.close)
        self.quotes.append(q)

    def tweet(self) -> None:
        """An embedded tweet as scraped: text #tag pic.twitter.com/x — Name (@handle) July 20, 2016."""
        rng, ptb = self.rng, self.ptb
        self.piece("")
        start, first_part = self.pos, len(self.parts)
        self.template(_pick(rng, _TWEET_T))
        if rng.random() < 0.4:
            self.piece("" if ptb else " ")
            self.marker("@")
        for _ in range(_pick(rng, (0, 1, 1, 2))):
            self.piece("" if ptb else " ")
            self.marker("#")
        r = rng.random()
        if r < 0.6:
            url, surface = self.pic_link()
            self.piece("" if ptb else " ")
            self.entity("urls", url, surface)
        elif r < 0.8:
            host = _pick(rng, ("https://t.co", "http://t.co"))
            url = f"{host}/{''.join(rng.choices(_ALNUM, k=10))}"
            surface = url.replace("://", " : //", 1) if ptb and rng.random() < 0.5 else url
            self.piece("" if ptb else " ")
            self.entity("urls", url, surface)
        text, text_end = "".join(self.parts[first_part:]), self.pos
        name, handle = _pick(rng, _TWEETERS)
        tday = self.day - timedelta(days=rng.randint(0, 3))
        self.add(f" — {name} ")
        self.add("( " if ptb else "(")
        self.entity("handles", handle, f"@ {handle}" if self.handle_spaced else f"@{handle}")
        self.add(" )" if ptb else ")")
        month = _MONTHS[tday.month - 1]
        self.add(f" {month} {tday.day} , {tday.year}" if ptb else f" {month} {tday.day}, {tday.year}")
        self.tweets.append({"author": name, "handle": handle, "date": tday.isoformat(),
                            "text": text, "start": start, "end": self.pos,
                            "text_start": start, "text_end": text_end})
        self.para_has_text = True


def _article(i: int, seed: int, words: tuple[int, int]) -> dict:
    rng = random.Random(seed * 1_000_003 + i)
    pub = _PUBS[bisect.bisect_right(_PUB_CUM, rng.random() * _PUB_CUM[-1])]
    day = _DAYS[min(bisect.bisect_right(_DAY_CUM, rng.random() * _DAY_CUM[-1]), len(_DAYS) - 1)]
    ptb = rng.random() < 0.5
    if ptb:
        marks = _pick(rng, ("“”", "“”", "``''", '""'))
    else:
        marks = pub.raw_marks if rng.random() < 0.9 else '""'
    straight = marks in ("``''", '""')
    doc = _Doc(rng, ptb, straight, marks, handle_spaced=ptb and rng.random() < 0.5, article_day=day)
    sep = pub.para_sep if rng.random() < 0.85 else ("\n" if pub.para_sep == "\n\n" else "\n\n")
    topic_name = rng.choices(_TOPICS, weights=pub.topics)[0]
    topic = _FILLER_T[topic_name]
    doc.writer = writer(pub.name, topic_name)
    used: set[int] = set()
    mix_cum = _MIX_CUM[pub.name]
    furniture = FURNITURE.get(pub.name, {})

    def sentence(pool: list[_Template] | None = None) -> None:
        """Write one sentence: topical prose or a template by default (the topic of the article, now and
        then another), else a template of ``pool``; templates are not repeated within an article."""
        if pool is None:
            other = rng.random() >= 0.8
            name = _TOPICS[int(rng.random() * 4)] if other else topic_name
            if rng.random() < _PROSE_SHARE:
                doc.prose(prose_sentence(rng, writer(pub.name, name), doc.v))
                return
        for _ in range(4):
            t = _pick(rng, pool if pool is not None else _FILLER_T[name] if other else topic)
            if id(t) not in used:
                break
        used.add(id(t))
        doc.template(t)

    def furniture_line(place: str) -> str | None:
        """This article's page furniture at ``place`` (lead, caption, tail), if it carries it."""
        share, line = furniture.get(place, (0.0, ""))
        if not share or rng.random() >= share:
            return None
        return line.format(name=staff_name(rng), num=rng.randint(1, 24),
                           city=_pick(rng, ("WASHINGTON", "NEW YORK", "LONDON", "BEIJING", "BRUSSELS")))

    speakers = rng.sample(_SPEAKERS_V, rng.randint(1, 3))
    state: dict = {}
    target_chars = rng.randint(*words) * _CHARS_PER_WORD

    # lead paragraph
    doc.sentence_start()
    if pub.dateline and rng.random() < 0.6:
        doc.add(_pick(rng, ("WASHINGTON", "NEW YORK", "LONDON", "CHICAGO", "BRUSSELS")) + " — ")
    lead = furniture_line("lead")
    if lead:
        doc.furniture(lead)
        doc.add(" ")
    sentence()
    doc.sentence_start()
    sentence()
    caption = furniture_line("caption")
    if caption:
        doc.paragraph_break(sep)
        doc.sentence_start()
        doc.furniture(caption)
    # paragraph plan: at least one direct quotation, one multi-paragraph quotation sometimes,
    # one stray mark in many PTB articles
    multi_at = rng.randint(2, 5) if rng.random() < pub.multi_rate else -1
    stray_at = rng.randint(1, 6) if ptb and rng.random() < 0.4 else -1
    n = 1
    while doc.pos < target_chars or n < 3:
        doc.paragraph_break(sep)
        kind = "quote" if n == 1 else _PARA_TYPES[bisect.bisect_right(mix_cum, rng.random() * mix_cum[-1])]
        if n == multi_at:
            kind = "multi"
        if kind == "multi":
            doc.multi_paragraph_quote(_pick(rng, speakers), state, sep)
        elif kind == "tweet":
            if not ptb and rng.random() < 0.5:  # a one-line paragraph introduces it
                doc.sentence_start()
                doc.add(_pick(rng, _FILL_V["person"])[doc.v] + " wrote on Twitter:")
                doc.paragraph_break(sep)
            doc.tweet()
        else:
            if rng.random() < 0.6:
                doc.sentence_start()
                sentence()
            doc.sentence_start()
            if kind == "filler":
                sentence()
            elif kind == "quote":
                doc.speech(_pick(rng, speakers), state, OUTLETS[pub.name])
            else:
                sentence(_ENTITY_T[kind])
        if n == stray_at:
            if kind == "tweet":  # an embedded tweet stays alone in its paragraph
                doc.paragraph_break(sep)
            doc.sentence_start()
            sentence(_ENTITY_T["stray"])
        n += 1
    if stray_at >= n:  # the article ended before the planned stray sentence: add it as a last paragraph
        doc.paragraph_break(sep)
        doc.sentence_start()
        sentence(_ENTITY_T["stray"])
    tail = furniture_line("tail")
    if tail:
        doc.paragraph_break(sep)
        doc.sentence_start()
        doc.furniture(tail)

    content = "".join(doc.parts)

    author = _pick(rng, pub.authors) if rng.random() > 0.03 else ""
    title_t = _pick(rng, _TITLES)
    title = title_t.format(person=_pick(rng, _FILLS["person"]), Issue=_pick(rng, _FILLS["issue"]).title(),
                           place=_pick(rng, _FILLS["place"]), company=_pick(rng, _FILLS["company"]),
                           org=_pick(rng, _FILLS["org"]).replace("the ", "The ", 1)) + pub.title_suffix
    url = ""
    if pub.domain and rng.random() > 0.04:
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        url = f"https://www.{pub.domain}/{day.year}/{day.month:02d}/{day.day:02d}/{slug}"
    art_id = str(17283 + 3 * i + rng.randint(0, 2))
    truth = {"id": art_id, "style": "ptb" if ptb else "raw", "marks": marks, "quotes": doc.quotes,
             "stray_marks": doc.stray, **doc.ents, "embedded_tweets": doc.tweets, "spans": doc.spans}
    return {"id": art_id, "title": title, "publication": pub.name, "author": author,
            "date": day.isoformat(), "year": f"{day.year}.0", "month": f"{day.month}.0", "url": url,
            "content": content, "truth": truth}


def iter_articles(n: int | None = None, seed: int = DEFAULT_SEED, *,
                  words: tuple[int, int] = DEFAULT_WORDS) -> Iterator[dict]:
    """Yield generated articles (endless when ``n`` is None); article ``i`` depends only on (seed, i).

    >>> next(iter_articles(seed=1))["publication"] in {p.name for p in _PUBS}
    True
    """
    i = 0
    while n is None or i < n:
        yield _article(i, seed, words)
        i += 1


def generate_articles(n: int, seed: int = DEFAULT_SEED, *,
                      words: tuple[int, int] = DEFAULT_WORDS) -> list[dict]:
    """Generate ``n`` articles: dicts with the CSV columns plus ``truth`` (the ground-truth record).

    >>> arts = generate_articles(3, seed=5)
    >>> [a["id"] == a["truth"]["id"] for a in arts]
    [True, True, True]
    """
    return list(iter_articles(n, seed, words=words))
