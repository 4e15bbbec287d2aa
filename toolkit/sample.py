"""Seeded generator of the bundled sample corpus (``data/sample``) and of big benchmark corpora.

The articles imitate our users' data in the "All the News" CSV layout: half of them raw prose
(curly quotes, ``don’t``, real-looking URLs), half PTB-tokenized and coreference-resolved
(``do n’t``, ``# FreeMilo``, ``$ TWTR``, ``Twitter Twitter``, stray quote marks glued to a word).
While each article is built piece by piece, the generator records its ground truth (quotations,
hashtags, handles, cashtags, URLs, emails, embedded tweets, stray marks) with exact character
offsets, written as gzip-compressed JSON Lines (``<folder>-truth.jsonl.gz``, read it with ``read_truth``);
``data/README.md`` documents that format.

Everything is drawn from ``random.Random`` seeded per article, so the output is reproducible byte
for byte and independent of how it is split over files.

Example:
    >>> from toolkit.sample import generate_articles
    >>> art = generate_articles(1, seed=7)[0]
    >>> q = art["truth"]["quotes"][0]
    >>> art["content"][q["start"]:q["end"]] == q["text"]
    True

Command line::

    python -m toolkit.sample data/sample                         # the committed sample
    python -m toolkit.sample /tmp/big --target-mb 1024 --files 16 --no-truth
"""
from __future__ import annotations

import argparse
import bisect
import csv
import gzip
import io
import itertools
import json
import multiprocessing
import os
import random
import re
import sys
import time
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator, NamedTuple

__all__ = ["SAMPLE_DIR", "SAMPLE_CSV", "SAMPLE_TRUTH", "CSV_HEADER", "generate_articles", "iter_articles",
           "write_sample", "read_truth", "truth_path_for"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SAMPLE_DIR = DATA_DIR / "sample"
SAMPLE_CSV = SAMPLE_DIR / "articles.csv"
SAMPLE_TRUTH = DATA_DIR / "sample-truth.jsonl.gz"

CSV_HEADER = ["", "id", "title", "publication", "author", "date", "year", "month", "url", "content"]
DEFAULT_SEED = 2016
DEFAULT_WORDS = (150, 400)
FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2017, 6, 30)
_CHARS_PER_WORD = 6.0  # average characters per word incl. the following space, used for length targets


def _pick(rng: random.Random, seq: Any) -> Any:
    """``rng.choice(seq)``, faster (one ``random()`` call)."""
    return seq[int(rng.random() * len(seq))]


def _cumulative(weights: tuple[float, ...]) -> list[float]:
    """Running sums, for ``bisect`` over weighted choices."""
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


# --------------------------------------------------------------------------------------------------
# PTB rendering of template text (done once per template, at import time)
# --------------------------------------------------------------------------------------------------
_ABBREVIATIONS = {"Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Rep.", "Gov.", "Gen.", "Jr.", "St.", "Inc.", "Corp.",
                  "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}
_INITIALS = re.compile(r"(?:[A-Z]\.)+$")
_CONTRACTION = re.compile(r"^(.+?)(n’t|’s|’re|’ve|’ll|’d|’m)$")
_SPECIAL_NEG = {"can’t": "ca n’t", "won’t": "wo n’t", "Can’t": "Ca n’t", "Won’t": "Wo n’t"}
_LEADING = "(“‘\""
_TRAILING = ".,;:!?)”\"%"


def _ptb_token(tok: str) -> str:
    lead: list[str] = []
    while len(tok) > 1 and tok[0] in _LEADING:
        lead.append(tok[0])
        tok = tok[1:]
    if len(tok) > 1 and tok[0] in "$#" and tok[1].isdigit():  # $5 -> $ 5, #2 -> # 2
        lead.append(tok[0])
        tok = tok[1:]
    trail: list[str] = []
    while len(tok) > 1 and tok[-1] in _TRAILING and not (tok in _ABBREVIATIONS or _INITIALS.match(tok)):
        trail.insert(0, tok[-1])
        tok = tok[:-1]
    if tok in _SPECIAL_NEG:
        tok = _SPECIAL_NEG[tok]
    else:
        m = _CONTRACTION.match(tok)
        if m:
            tok = f"{m.group(1)} {m.group(2)}"
        elif len(tok) > 2 and tok.endswith("s’"):  # plural possessive: voters’ -> voters ’
            tok = f"{tok[:-1]} ’"
    return " ".join(lead + [tok] + trail)


def _ptb(text: str) -> str:
    """Penn-Treebank-style tokenization of template text, keeping ``{slot}`` fields whole.

    >>> _ptb("Twitter’s shares ($5) don’t rise.")
    'Twitter ’s shares ( $ 5 ) do n’t rise .'
    """
    return " ".join(_ptb_token(t) for t in text.split())


# A "variant" is how literal text is rendered: (ptb?, straight apostrophes?) -> index 0..3.
def _variants(text: str) -> tuple[str, str, str, str]:
    ptb = _ptb(text)
    return (text, text.replace("’", "'"), ptb, ptb.replace("’", "'"))


# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_FILLS: dict[str, list[str]] = {
    "person": ["Maria Delgado", "Thomas Whitfield", "Angela Brooks", "Raymond Okafor", "Helen Marsh",
               "Daniel Kessler", "Priya Raman", "Victor Lindqvist", "Carla Jimenez", "Samuel Ortiz",
               "Nora Halloran", "Frank DeLuca", "Grace Whitaker", "Omar Haddad", "Lucy Pemberton"],
    "org": ["Twitter", "Facebook", "the Justice Department", "the Senate", "the White House", "Google",
            "the campaign", "the State Department", "the Federal Reserve", "Congress", "the F.B.I.",
            "the European Union", "Uber", "Apple", "the Pentagon", "the Supreme Court"],
    "place": ["Ohio", "Florida", "Pennsylvania", "Michigan", "Iowa", "Wisconsin", "Brussels", "London",
              "Texas", "North Carolina", "Arizona", "Nevada", "Virginia", "Beijing", "Mexico City"],
    "issue": ["health care", "immigration", "trade", "tax reform", "the border wall", "cybersecurity",
              "climate policy", "the Iran deal", "gun control", "infrastructure spending", "free speech",
              "online harassment", "the opioid crisis", "net neutrality", "refugee policy"],
    "weekday": _WEEKDAYS,
    "company": ["Twitter", "Facebook", "Apple", "Amazon", "Tesla", "Netflix", "Alphabet", "Snap", "Uber",
                "Walmart", "Exxon Mobil", "Boeing"],
}

# cashtag symbols (Twitter, Facebook, Apple, Amazon, Tesla, Netflix, Alphabet, Snap, Walmart, Exxon Mobil,
# Boeing, Goldman Sachs, Ford, Disney)
_SYMBOLS = ["TWTR", "FB", "AAPL", "AMZN", "TSLA", "NFLX", "GOOGL", "SNAP", "WMT", "XOM", "BA", "GS", "F", "DIS"]

_HASHTAGS = ["FreeMilo", "MAGA", "ImWithHer", "Brexit", "BlackLivesMatter", "NeverTrump", "FakeNews",
             "Election2016", "DNCLeak", "DrainTheSwamp", "FeelTheBern", "StandWithStandingRock", "Rio2016",
             "TBT", "SuperBowl", "MuslimBan", "WomensMarch", "Resist", "PodestaEmails", "BuildTheWall",
             "StrongerTogether", "TrumpTrain", "Pizzagate", "OscarsSoWhite", "RNCinCLE", "DemsInPhilly",
             "ObamaCare", "NoDAPL", "GOPDebate", "Hamilton"]
_HANDLES = ["k_mcq", "realDonaldTrump", "HillaryClinton", "jaketapper", "Nero", "BreitbartNews", "nytimes",
            "CNNPolitics", "mitchellvii", "SenSanders", "brianstelter", "maggieNYT", "PrisonPlanet",
            "dcexaminer", "FoxNews", "ezraklein", "BuzzFeedBen", "TPM", "NRO", "washingtonpost",
            "Reuters", "NPR", "guardian", "voxdotcom", "nypost", "businessinsider", "AP_Politics",
            "mkraju", "costareports", "DavidCornDC"]
_TWEETERS = [("Katie McHugh", "k_mcq"), ("Jake Tapper", "jaketapper"), ("Brian Stelter", "brianstelter"),
             ("Maggie Haberman", "maggieNYT"), ("Bill Mitchell", "mitchellvii"), ("Manu Raju", "mkraju"),
             ("Robert Costa", "costareports"), ("David Corn", "DavidCornDC"), ("Ben Smith", "BuzzFeedBen"),
             ("Ezra Klein", "ezraklein"), ("Lena Ortiz", "lena_ortiz"), ("Marcus Bell", "mbell_news"),
             ("Jordan Pike", "jpike"), ("Sasha Novak", "SashaNovak_"), ("Tom Reyes", "tomreyes2016")]
_EMAIL_USERS = ["ben", "tips", "news.desk", "editor", "sarah.k", "press", "jlee", "newsroom", "corrections",
                "m.alvarez"]
_EMAIL_DOMAINS = ["example.com", "example.org", "newsroom.example.net", "mail.example.com"]
_URL_HOSTS = ["https://www.example.com", "https://www.example.org", "http://example.net", "https://t.co",
              "http://t.co", "https://bit.ly", "https://www.youtube.com", "https://docs.example.gov",
              "https://medium.com", "http://www.example.co.uk"]
_URL_WORDS = ["report", "statement", "2016", "transcript", "poll", "filing", "data", "video", "press",
              "release", "policy", "memo", "full-text", "letter", "budget"]
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# (full name, surname, pronoun, role)
_SPEAKERS = [
    ("Maria Delgado", "Delgado", "she", "a Democratic state senator"),
    ("Thomas Whitfield", "Whitfield", "he", "a Republican strategist"),
    ("Angela Brooks", "Brooks", "she", "a spokeswoman for the campaign"),
    ("Raymond Okafor", "Okafor", "he", "an economist at the Brookings Institution"),
    ("Helen Marsh", "Marsh", "she", "the county’s election director"),
    ("Daniel Kessler", "Kessler", "he", "a former federal prosecutor"),
    ("Priya Raman", "Raman", "she", "a policy analyst"),
    ("Victor Lindqvist", "Lindqvist", "he", "a European Union official"),
    ("Carla Jimenez", "Jimenez", "she", "a labor organizer in Ohio"),
    ("Samuel Ortiz", "Ortiz", "he", "the mayor of the town"),
    ("Nora Halloran", "Halloran", "she", "a professor of law"),
    ("Frank DeLuca", "DeLuca", "he", "a union leader"),
    ("Grace Whitaker", "Whitaker", "she", "a Twitter spokeswoman"),
    ("Omar Haddad", "Haddad", "he", "a refugee advocate"),
    ("Lucy Pemberton", "Pemberton", "she", "a Conservative member of Parliament"),
    ("Gen. Mark Rollins", "Rollins", "he", "a retired Army general"),
    ("Dr. Ellen Cho", "Cho", "she", "a public health researcher"),
    ("Peter J. Vance", "Vance", "he", "a White House adviser"),
    ("Rosa Castillo", "Castillo", "she", "an immigration lawyer"),
    ("Walter Greene", "Greene", "he", "a retired steelworker"),
    ("Trump", "Trump", "he", "the Republican nominee"),
    ("Clinton", "Clinton", "she", "the Democratic nominee"),
]

_QUOTES = [
    "We’re not going to back down",
    "This is a disgrace, and everybody knows it",
    "I don’t think anyone saw this coming",
    "The American people deserve better than this",
    "We’ve been saying this for months",
    "It’s a very difficult situation for everyone involved",
    "There is no evidence to support that claim",
    "I can’t tell you how many people have called me about it",
    "They won’t admit it, but the numbers don’t lie",
    "Our members are angry, and they have every right to be",
    "This was never about politics",
    "We will look at every option on the table",
    "It’s going to be a long fight",
    "Nobody in this building wants a shutdown",
    "The market is telling us something important",
    "I’ve never seen anything like it in 30 years",
    "We’re asking for transparency, nothing more",
    "That’s simply not true",
    "The company takes these reports very seriously",
    "People are scared, and they’re looking for answers",
    "If they want a fight, they’ll get one",
    "We didn’t choose this moment, but we’re ready for it",
    "The law is clear on this point",
    "It would be a mistake to read too much into one poll",
    "Voters in Ohio care about jobs, not slogans",
    "I’m proud of what we’ve built here",
    "We have to protect free speech, even when it’s ugly",
    "This is the beginning of a much bigger conversation",
    "The rules apply to everyone, including the president",
    "We’re going to win, and we’re going to win big",
    "I don’t know what he was thinking",
    "Frankly, it’s embarrassing for the whole country",
    "There’s a lot of anxiety out there",
    "The platform has a responsibility to its users",
    "We’re still gathering the facts",
    "They’ve had eight years to fix it",
    "It is time to move on",
    "Every vote has to be counted",
    "We cannot allow harassment to drive people off the service",
    "I’ll let the numbers speak for themselves",
]

_SCARE_TERMS = ["fake news", "rigged", "alt-right", "deplorables", "alternative facts", "extreme vetting",
                "safe spaces", "witch hunt", "Muslim ban", "mainstream media", "elites", "post-truth",
                "bad hombres", "global elite", "political correctness", "unicorns", "disruption",
                "bubble"]


class _Pub(NamedTuple):
    name: str
    weight: float
    domain: str | None  # None: the url column stays empty, as for several publications in All the News
    title_suffix: str
    authors: tuple[str, ...]
    raw_marks: str  # "“”", "‘’" or '""'
    para_sep: str
    dateline: bool
    topics: tuple[float, float, float, float]  # politics, business, tech, world
    # paragraph-type weights: filler, quote, scare, hashtag, handle, cashtag, url, email, tweet
    mix: tuple[float, ...]
    multi_rate: float  # chance of one multi-paragraph quotation


_PUBS = [
    _Pub("New York Times", 14, None, " - The New York Times",
         ("Carl Hulse", "Maggie Haberman", "Jack Ewing, Adam Goldman and Hiroko Tabuchi", "Peter Baker",
          "Julie Hirschfeld Davis and Michael D. Shear", "Sabrina Tavernise"),
         "“”", "\n\n", True, (5, 2, 1, 2), (5, 5, 1.2, 0.3, 0.3, 0.2, 0.6, 0.3, 0.4), 0.35),
    _Pub("Breitbart", 12, None, "",
         ("Charlie Spiering", "Katie McHugh", "Joel B. Pollak", "Milo Yiannopoulos", "Pam Key",
          "John Hayward and Charlie Spiering"),
         "“”", "\n\n", False, (6, 1, 2, 1), (4, 3, 2.5, 1.5, 1.5, 0.2, 1.0, 0.4, 2.2), 0.15),
    _Pub("CNN", 10, None, " - CNN",
         ("Eli Watkins", "Dan Merica", "Stephen Collinson", "Jeremy Diamond and Dana Bash", "MJ Lee"),
         "“”", "\n\n", False, (5, 1, 1, 2), (5, 4, 0.8, 0.6, 0.8, 0.2, 0.6, 0.3, 1.0), 0.2),
    _Pub("Business Insider", 8, "businessinsider.com", "",
         ("Bob Bryan", "Portia Crowe", "Oscar Williams-Grut", "Akin Oyedele and Bob Bryan", "Rob Price"),
         "“”", "\n", False, (1, 6, 3, 1), (5, 3, 0.6, 0.5, 0.6, 2.5, 1.0, 0.4, 0.8), 0.1),
    _Pub("Atlantic", 6, None, "",
         ("David Frum", "Molly Ball", "Conor Friedersdorf", "Adam Serwer", "Rosa Inocencio Smith"),
         "“”", "\n\n", False, (4, 1, 1, 2), (8, 3, 2.0, 0.2, 0.2, 0.1, 0.6, 0.2, 0.2), 0.3),
    _Pub("Fox News", 8, "foxnews.com", "",
         ("Fox News", "Barnini Chakraborty", "Judson Berger", "Brooke Singman and Judson Berger"),
         "“”", "\n\n", False, (6, 1, 1, 2), (5, 4, 1.5, 0.7, 0.6, 0.2, 0.5, 0.6, 0.8), 0.2),
    _Pub("Talking Points Memo", 5, "talkingpointsmemo.com", "",
         ("Allegra Kirkland", "Tierney Sneed", "Caitlin MacNeal", "Esme Cribb"),
         '""', "\n", False, (7, 1, 1, 1), (5, 4, 1.0, 0.8, 1.0, 0.1, 1.2, 0.3, 1.2), 0.15),
    _Pub("Buzzfeed News", 5, "buzzfeed.com", "",
         ("Joseph Bernstein", "Charlie Warzel", "Rosie Gray", "Craig Silverman and Lawrence Alexander"),
         "“”", "\n\n", False, (3, 1, 4, 1), (4, 3, 1.0, 2.0, 2.5, 0.2, 1.2, 0.8, 2.5), 0.1),
    _Pub("National Review", 6, None, "",
         ("Rich Lowry", "David French", "Jim Geraghty", "Kevin D. Williamson", "Jonah Goldberg"),
         "“”", "\n\n", False, (6, 2, 1, 1), (6, 2.5, 3.0, 0.2, 0.3, 0.1, 0.6, 0.2, 0.3), 0.2),
    _Pub("New York Post", 7, "nypost.com", "",
         ("Post Staff Report", "Bob Fredericks", "Chris Perez", "Kate Sheehy and Bob Fredericks"),
         "“”", "\n", False, (4, 2, 1, 2), (4, 5, 0.8, 0.6, 0.5, 0.2, 0.4, 0.5, 0.7), 0.1),
    _Pub("Guardian", 7, "theguardian.com", "",
         ("Ben Jacobs", "Sabrina Siddiqui", "Alex Hern", "David Smith and Ben Jacobs", "Lauren Gambino"),
         "‘’", "\n\n", False, (3, 2, 2, 4), (5, 4, 1.2, 0.6, 0.5, 0.3, 0.8, 0.4, 0.7), 0.25),
    _Pub("NPR", 5, "npr.org", "",
         ("Scott Horsley", "Domenico Montanaro", "Tamara Keith", "Danielle Kurtzleben and Jessica Taylor"),
         "“”", "\n\n", False, (4, 2, 1, 2), (4, 7, 0.8, 0.3, 0.3, 0.1, 0.5, 0.6, 0.3), 0.3),
    _Pub("Reuters", 9, "reuters.com", "",
         ("Reuters Staff", "Steve Holland", "Jeff Mason", "David Shepardson and Diane Bartz", "Ginger Gibson"),
         '""', "\n", False, (3, 6, 2, 3), (5, 4, 0.3, 0.1, 0.2, 2.0, 0.3, 0.2, 0.1), 0.1),
    _Pub("Vox", 5, "vox.com", "",
         ("Ezra Klein", "Dara Lind", "Matthew Yglesias", "Sarah Kliff and Dylan Scott"),
         "“”", "\n\n", False, (5, 2, 2, 1), (6, 2.5, 2.0, 0.5, 0.8, 0.3, 2.5, 0.3, 0.8), 0.15),
    _Pub("Washington Post", 11, "washingtonpost.com", "",
         ("David Weigel", "Philip Rucker and Robert Costa", "Karen Tumulty", "Aaron Blake", "Callum Borchers"),
         "“”", "\n\n", False, (5, 2, 1, 2), (5, 5, 1.2, 0.4, 0.5, 0.2, 0.7, 0.4, 0.6), 0.3),
]
_PUB_CUM = _cumulative(tuple(p.weight for p in _PUBS))
_MIX_CUM = {p.name: _cumulative(p.mix) for p in _PUBS}
_PARA_TYPES = ("filler", "quote", "scare", "hashtag", "handle", "cashtag", "url", "email", "tweet")

# Days of the period, weighted toward the 2016 election season so monthly charts show a shape.
_DAYS = [FIRST_DAY + timedelta(d) for d in range((LAST_DAY - FIRST_DAY).days + 1)]
_DAY_CUM = _cumulative(tuple(2.0 if date(2016, 9, 1) <= d <= date(2016, 11, 30) else
                              1.4 if d >= date(2017, 1, 1) else 1.0 for d in _DAYS))

# --------------------------------------------------------------------------------------------------
# Sentence templates. ``{slot}`` fields are filled from _FILLS; ``{#}``, ``{@}``, ``{$}``, ``{URL}``,
# ``{EMAIL}``, ``{SCARE}`` and ``{STRAY}`` are entity markers handled piece by piece (offsets recorded).
# --------------------------------------------------------------------------------------------------
_FILLER = {
    "politics": [
        "{Org} said it would release more details in the coming weeks.",
        "The party’s leaders met behind closed doors for nearly three hours.",
        "Turnout in the early-voting states was higher than in 2012.",
        "Several governors have written to {org} asking for more time.",
        "The committee is scheduled to hold hearings on {issue} next month.",
        "Donors have poured millions of dollars into ads about {issue}.",
        "The bill passed the House by a vote of 217 to 213.",
        "{person} is expected to announce a decision before the convention.",
        "Democrats accused the administration of rushing the process.",
        "A spokesman for {org} said the review was routine.",
        "The campaign’s internal polling showed a narrower race in {place}.",
        "Town hall meetings in {place} drew angry crowds on {weekday}.",
        "The vote on {issue} is expected to be close, with several senators still undecided.",
        "Aides to {person} said the campaign would spend the final weeks in {place}.",
        "{Org} declined to comment on the matter on {weekday}.",
        "The debate over {issue} has divided the party since the primaries.",
        "Polls in {place} show a tight race, though turnout remains hard to predict.",
        "Republicans and Democrats blamed each other for the impasse over {issue}.",
        "{person} has spent months building support among voters in {place}.",
        "The proposal would overhaul how {org} handles {issue}, according to a draft seen by reporters.",
        "Officials in {place} said they had not been briefed on the plan.",
        "Lawmakers are expected to return to the issue after the recess.",
        "The plan — which critics call unworkable — is expected to reach the floor by {weekday}.",
        "The White House’s position on {issue} has shifted several times this year.",
        "It wasn’t clear whether {org} would weigh in before the vote.",
        "Critics say the measure doesn’t go far enough, while supporters call it a first step.",
        "The administration’s plan faces legal challenges in at least {num} states.",
        "Mr. Vance met with party leaders in {place} on {weekday}.",
    ],
    "business": [
        "The bank’s chief executive told analysts the outlook remained uncertain.",
        "Retail sales rose 0.6 percent in the month, the Commerce Department said.",
        "{company} plans to open {num} new stores in {place} next year.",
        "The merger would create one of the largest companies in the industry.",
        "Economists surveyed by Reuters had forecast slower growth.",
        "The dollar weakened against the euro and the yen.",
        "{company} has spent heavily on advertising ahead of the holiday season.",
        "Wages grew at the fastest pace since 2009.",
        "The company’s board approved a new share buyback program.",
        "Regulators in {place} opened an inquiry into the company’s pricing.",
        "Shares of {company} fell {num} percent in early trading on {weekday}.",
        "Analysts had expected revenue of about $4.2 billion for the quarter.",
        "{company} is now the #2 seller in {place}, behind a local rival.",
        "The forecast — which assumes no new tariffs — was cut for the second time this year.",
        "The company said it would cut roughly {num} jobs by the end of the year.",
        "{company}’s results beat Wall Street expectations for the third straight quarter.",
        "Investors have grown nervous about {issue} and its effect on earnings.",
        "The deal, valued at about $2 billion, still needs approval from regulators.",
        "{company} didn’t respond to a request for comment.",
        "The Federal Reserve is widely expected to raise interest rates in December.",
        "Oil prices rose for a second day as traders weighed supply cuts.",
        "The stock has gained more than {num} percent since January.",
    ],
    "tech": [
        "The service now has more than 300 million monthly users.",
        "Security researchers discovered the flaw in {weekday}’s update.",
        "{company} said the outage lasted about {num} minutes.",
        "The feature lets users mute accounts they don’t follow.",
        "Advertisers have complained that the metrics were inflated.",
        "The startup raised $120 million in its latest funding round.",
        "{Org} has asked technology companies to do more about extremist content.",
        "Critics say the algorithm rewards outrage over accuracy.",
        "The company will hire {num} new moderators in {place}, it said.",
        "Many of the accounts appeared to be automated bots.",
        "{company} has faced growing pressure over {issue} on its platform.",
        "The update rolled out to users in {place} first, the company said.",
        "Engineers at {company} have been testing the feature for months.",
        "Privacy advocates say the change gives users little control over their data.",
        "The app was downloaded more than {num} million times in its first week.",
        "{Org} has asked the company to hand over data from several accounts.",
        "Users complained that the new timeline buried posts from friends.",
        "The company’s moderators review millions of reports every week.",
    ],
    "world": [
        "The prime minister is expected to address parliament on {weekday}.",
        "Talks between the two sides broke down late on {weekday}.",
        "The United Nations has called for an independent investigation.",
        "Thousands of people marched through the capital on {weekday}.",
        "The currency fell sharply after the vote.",
        "Officials in {place} have denied any involvement.",
        "The border crossing was closed for several hours.",
        "Leaders from {num} countries are expected to attend the summit.",
        "The opposition has called for early elections.",
        "Officials in {place} said the talks would resume next month.",
        "The European Union’s leaders are set to meet in Brussels on {weekday}.",
        "Protesters gathered outside the embassy for a second night.",
        "The agreement still has to be ratified by national parliaments.",
        "The ministry said at least {num} people had been detained.",
        "Diplomats described the meeting as tense but productive.",
        "The government in London has not said when it will trigger the process.",
        "Aid groups warned that the situation in the camps was getting worse.",
    ],
}
_TOPICS = ("politics", "business", "tech", "world")

_ENTITY_SENTENCES = {
    "hashtag": [
        "Supporters rallied online under the hashtag {#}.",
        "The hashtag {#} was trending on Twitter by {weekday} evening.",
        "Posts tagged {#} and {#} spread quickly after the announcement.",
        "Within hours, {#} had become one of the most used hashtags in {place}.",
        "Some users answered with {#}, mocking the campaign.",
    ],
    "handle": [
        "{person} responded on Twitter, where {@} has more than {num},000 followers.",
        "The account {@} posted a video of the rally on {weekday}.",
        "{@} and {@} traded insults for most of the night.",
        "In a reply to {@}, the company said it was looking into the problem.",
    ],
    "cashtag": [
        "Shares of {company} (symbol {$}) fell {num} percent after the report.",
        "Traders piled into {$} and {$} ahead of the earnings call.",
        "On StockTwits, messages about {$} outnumbered those about {$} by two to one.",
        "{$} closed up {num} percent, while the broader market was flat.",
    ],
    "url": [
        "The full report is available at {URL}.",
        "A video of the exchange ({URL}) has been viewed thousands of times.",
        "The campaign posted the statement online at {URL} on {weekday}.",
        "Read the court filing here: {URL}",
    ],
    "email": [
        "Tips can be sent to {EMAIL}.",
        "Readers can reach the newsroom at {EMAIL} or on Twitter.",
        "A spokesman, reached at {EMAIL}, did not reply by press time.",
    ],
    "scare": [
        "Critics dismissed the report as {SCARE} on {weekday}.",
        "Supporters of {person} have embraced the so-called {SCARE} label.",
        "The phrase {SCARE} has become a rallying cry on the right.",
        "{Org} rejected the idea that the system was {SCARE} at a briefing in {place}.",
        "What {person} called {SCARE} was, by most accounts, an ordinary policy dispute.",
    ],
    "stray": [
        "{Org} announced a clampdown on {STRAY}targeted abuse on its platform.",
        "The memo described the accounts as {STRAY}coordinated and hostile to the company’s rules.",
        "Officials called the measure fair{STRAY} and necessary after the attacks.",
        "{person} said the group had {STRAY}crossed a line with the posts.",
        "The policy was meant to stop harassment{STRAY} but critics said it went too far.",
    ],
}

_TWEET_TEXTS = [
    "Huge crowd tonight in {place}! Thank you!",
    "This is what democracy looks like",
    "Watch the whole thing, it’s unbelievable",
    "Breaking: {org} confirms the report",
    "Nobody is talking about this and they should be",
    "Great meeting with voters in {place} today",
    "The media won’t show you this",
    "Incredible scenes outside the convention hall",
    "Just landed in {place}. Big day tomorrow",
    "Read this thread before you share anything else today",
]

_TITLES = [
    "{person} Faces New Questions Over {Issue}",
    "What the Fight Over {Issue} Means for {place}",
    "{company} Shares Slide as Investors Weigh {Issue}",
    "Inside {org}’s Scramble on {Issue}",
    "Voters in {place} Are Tired of Waiting",
    "{person} Signals Shift on {Issue}",
    "Why {Issue} Could Decide the Election",
    "{company} Tries to Tame Harassment on Its Platform",
    "The Week {Issue} Took Over Washington",
    "Protests Spread to {place} as Debate Over {Issue} Grows",
]

_MARKER = re.compile(r"\{(#|@|\$|URL|EMAIL|SCARE|STRAY)\}")
_SLOT = re.compile(r"\{(?!URL\}|EMAIL\}|SCARE\}|STRAY\})([a-zA-Z]+)\}")


class _Template(NamedTuple):
    segs: tuple[tuple[int, Any], ...]
    slots: tuple[str, ...]


def _compile(text: str) -> _Template:
    """Split a template into literal segments (pre-rendered in the 4 variants) and entity markers."""
    segs: list[tuple[int, Any]] = []
    pos = 0
    for m in _MARKER.finditer(text):
        if m.start() > pos:
            segs.append((0, _variants(text[pos:m.start()])))
        name = m.group(1)
        if name == "STRAY":  # glued to the following word ("{STRAY}word") or to the preceding one
            name = "STRAY<" if m.end() < len(text) and text[m.end()] != " " else "STRAY>"
        segs.append((1, name))
        pos = m.end()
    if pos < len(text):
        segs.append((0, _variants(text[pos:])))
    segs = [s for s in segs if s[0] == 1 or s[1][0].strip()]
    return _Template(tuple(segs), tuple(dict.fromkeys(_SLOT.findall(text))))


_FILLER_T = {k: [_compile(t) for t in v] for k, v in _FILLER.items()}
_ENTITY_T = {k: [_compile(t) for t in v] for k, v in _ENTITY_SENTENCES.items()}
_TWEET_T = [_compile(t) for t in _TWEET_TEXTS]
_FILL_V = {k: [_variants(v) for v in vals] for k, vals in _FILLS.items()}
_QUOTES_V = [_variants(q) for q in _QUOTES]
_SCARE_V = [_variants(s) for s in _SCARE_TERMS]
_SPEAKERS_V = [(_variants(f), _variants(s), p, _variants(r)) for f, s, p, r in _SPEAKERS]


# --------------------------------------------------------------------------------------------------
# Building one article piece by piece
# --------------------------------------------------------------------------------------------------
class _Doc:
    """Accumulates content and ground truth; every offset is the length of what was written before."""

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

    def speech(self, spk: tuple, state: dict) -> None:
        """One sentence with a direct quotation and a simple attribution."""
        rng = self.rng
        q1 = _pick(rng, _QUOTES_V)[self.v]
        form = rng.randrange(7)
        if form == 0:  # “Q,” X said.
            q = self.quoted(q1, ",")
            self.add(" ")
            q.update(self.mention(spk, state, after_cue=False))
            self.words("said")
        elif form == 1:  # X said, “Q.”
            info = self.mention(spk, state, after_cue=False)
            self.words("said")
            self.punct(",")
            self.quoted(q1, ".").update(info)
            return
        elif form == 2:  # “Q,” said X.
            q = self.quoted(q1, ",")
            self.words("said ")
            q.update(self.mention(spk, state, after_cue=True))
        elif form == 3:  # “Q,” according to X.
            q = self.quoted(q1, ",")
            self.words("according to ")
            q.update(self.mention(spk, state, after_cue=True))
        elif form == 4:  # X told reporters: “Q.”
            info = self.mention(spk, state, after_cue=False, initial=True)
            self.words("told reporters")
            self.punct(":")
            self.quoted(q1, ".").update(info)
            return
        elif form == 5:  # “Q1,” X said. “Q2.”
            q = self.quoted(q1, ",")
            self.add(" ")
            info = self.mention(spk, state, after_cue=False)
            q.update(info)
            self.words("said")
            self.punct(".")
            self.add(" ")
            self.quoted(_pick(rng, _QUOTES_V)[self.v], ".").update(info)
            return
        else:  # “Q1,” X said, “q2.”
            q = self.quoted(q1, ",")
            self.add(" ")
            info = self.mention(spk, state, after_cue=False)
            q.update(info)
            self.words("said")
            self.punct(",")
            q2 = _pick(rng, _QUOTES_V)[self.v]
            if not q2.startswith(("I ", "I’", "I'")):
                q2 = q2[0].lower() + q2[1:]
            self.quoted(q2, ".").update(info)
            return
        self.punct(".")

    def multi_paragraph_quote(self, spk: tuple, state: dict, sep: str) -> None:
        """X said: “Q1. Q2.⏎⏎“Q3.” — the first paragraph is left open, the next one reopens."""
        rng, v = self.rng, self.v
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
                self.add(_pick(rng, _QUOTES_V)[v] + (" ." if self.ptb else "."))
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
    topic = _FILLER_T[rng.choices(_TOPICS, weights=pub.topics)[0]]
    used: set[int] = set()
    mix_cum = _MIX_CUM[pub.name]

    def sentence(pool: list[_Template] | None = None) -> None:
        """Write one template sentence (a topical filler by default), avoiding repeats in the article."""
        for _ in range(4):
            if pool is None:
                t = _pick(rng, topic if rng.random() < 0.8 else _FILLER_T[_TOPICS[int(rng.random() * 4)]])
            else:
                t = _pick(rng, pool)
            if id(t) not in used:
                break
        used.add(id(t))
        doc.template(t)

    speakers = rng.sample(_SPEAKERS_V, rng.randint(1, 3))
    state: dict = {}
    target_chars = rng.randint(*words) * _CHARS_PER_WORD

    # lead paragraph
    doc.sentence_start()
    if pub.dateline and rng.random() < 0.6:
        doc.add(_pick(rng, ("WASHINGTON", "NEW YORK", "LONDON", "CHICAGO", "BRUSSELS")) + " — ")
    sentence()
    doc.sentence_start()
    sentence()
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
                doc.speech(_pick(rng, speakers), state)
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


def truth_path_for(out_dir: str | Path) -> Path:
    """Where the ground truth of a corpus folder goes: beside it, ``<folder>-truth.jsonl.gz`` (gzip).

    >>> truth_path_for("data/sample").as_posix()
    'data/sample-truth.jsonl.gz'
    """
    out_dir = Path(out_dir)
    return out_dir.parent / f"{out_dir.name}-truth.jsonl.gz"


class _GzipTextWriter:
    """A text file written gzip-compressed, the same bytes on every run: the gzip header carries no file
    name and a zero modification time (``gzip -n``), compression level 9."""

    def __init__(self, path: Path) -> None:
        self._raw = open(path, "wb")
        try:
            self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=9)
            self._text = io.TextIOWrapper(self._gz, encoding="utf-8", newline="\n")
        except BaseException:
            self._raw.close()
            raise

    def write(self, text: str) -> None:
        self._text.write(text)

    def close(self) -> None:
        try:
            self._text.close()  # flushes and closes the GzipFile (writes its trailer), not the file under it
        finally:
            self._raw.close()


def _csv_lines(seed: int, words: tuple[int, int], start: int, stop: int,
               with_truth: bool) -> list[tuple[str, str | None]]:
    """Articles ``start``..``stop-1`` as (CSV line, truth JSON line); runs in worker processes too."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    out: list[tuple[str, str | None]] = []
    for i in range(start, stop):
        art = _article(i, seed, words)
        writer.writerow([str(i), art["id"], art["title"], art["publication"], art["author"], art["date"],
                         art["year"], art["month"], art["url"], art["content"]])
        out.append((buf.getvalue(), json.dumps(art["truth"], ensure_ascii=False) + "\n" if with_truth else None))
        buf.seek(0)
        buf.truncate()
    return out


def _lines(seed: int, words: tuple[int, int], n: int | None, with_truth: bool, jobs: int,
           chunk: int = 250) -> Iterator[tuple[str, str | None]]:
    """All rows in order (endless when ``n`` is None), generated in ``jobs`` processes."""
    starts = itertools.count(0, chunk) if n is None else range(0, n, chunk)
    tasks = ((seed, words, s, s + chunk if n is None else min(s + chunk, n), with_truth) for s in starts)
    if jobs <= 1:
        for task in tasks:
            yield from _csv_lines(*task)
        return
    with multiprocessing.Pool(jobs) as pool:  # row i depends only on (seed, i): same bytes as jobs=1
        while wave := list(itertools.islice(tasks, 4 * jobs)):
            for lines in pool.starmap(_csv_lines, wave):
                yield from lines


def write_sample(out_dir: str | Path, n_articles: int | None = 2000, seed: int = DEFAULT_SEED, n_files: int = 1,
                 *, target_mb: float | None = None, truth: bool = True, words: tuple[int, int] | None = None,
                 jobs: int = 1) -> list[Path]:
    """Write a generated corpus as All-the-News CSV files (and its ground truth); return the CSV paths.

    One file is ``articles.csv``; several are ``articles-001.csv`` … (the unnamed index runs on across
    files). With ``target_mb`` alone, articles are generated until the CSVs reach that many MB (10^6 bytes);
    with ``target_mb`` and ``n_articles`` the article length is scaled to hit about that size. The truth
    goes to ``truth_path_for(out_dir)``, gzip-compressed and reproducible byte for byte (no file name, zero
    mtime in the gzip header). ``jobs`` > 1 generates in that many processes (same bytes).

    >>> import tempfile
    >>> paths = write_sample(tempfile.mkdtemp(), n_articles=5, seed=1)
    >>> [p.name for p in paths]
    ['articles.csv']
    """
    if n_files < 1:
        raise ValueError(f"n_files must be at least 1, got {n_files}")
    if n_articles is None and target_mb is None:
        raise ValueError("give n_articles, target_mb or both")
    target = None if target_mb is None else int(target_mb * 1_000_000)
    if words is None:
        words = DEFAULT_WORDS
        if target is not None and n_articles:
            mean_words = target / n_articles / _CHARS_PER_WORD / 1.07  # CSV fields, multi-byte marks
            words = (max(20, int(mean_words * 0.6)), max(40, int(mean_words * 1.4)))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = ["articles.csv"] if n_files == 1 else [f"articles-{k + 1:03d}.csv" for k in range(n_files)]
    paths = [out_dir / name for name in names]
    stale = sorted(set(out_dir.glob("articles*.csv")) - set(paths))
    if stale:
        raise ValueError(f"{out_dir} already holds {stale[0].name} (and {len(stale) - 1} more) from another run, "
                         f"which would be loaded with the new files; remove them or choose another folder")
    header = ",".join(CSV_HEADER) + "\r\n"
    rows = _lines(seed, words, n_articles, truth, jobs)
    # write to temporary names, renamed only when everything succeeded: no half-written corpus
    finals = paths + ([truth_path_for(out_dir)] if truth else [])
    temps = [p.with_name(p.name + ".partial") for p in finals]
    truth_file = _GzipTextWriter(temps[-1]) if truth else None
    row = written = 0
    try:
        for k, path in enumerate(temps[:n_files]):
            stop_row = None if n_articles is None else n_articles * (k + 1) // n_files
            stop_bytes = None if target is None else target * (k + 1) // n_files
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(header)
                written += len(header)
                while (row < stop_row) if stop_row is not None else (written < stop_bytes):
                    line, truth_line = next(rows)
                    fh.write(line)
                    written += len(line.encode("utf-8"))
                    if truth_file is not None:
                        truth_file.write(truth_line)
                    row += 1
    except BaseException:
        if truth_file is not None:
            truth_file.close()
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise
    finally:
        rows.close()
    if truth_file is not None:
        truth_file.close()
    for temp, final in zip(temps, finals):
        os.replace(temp, final)
    return paths


def _checked_lines(fh: Any, path: Path) -> Iterator[str]:
    """The lines of ``fh``, a damaged gzip stream reported as a ``ValueError`` naming ``path``."""
    try:
        yield from fh
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise ValueError(f"{path}: not a valid gzip file ({exc})") from None


def read_truth(path: str | Path = SAMPLE_TRUTH) -> dict[str, dict]:
    """Read a ground-truth JSON Lines file into ``{article id: record}``, in file order.

    The file may be gzip-compressed (as ``write_sample`` writes it) or plain; gzip is recognised by its
    first bytes, whatever the file name.

    >>> truth = read_truth(SAMPLE_TRUTH)
    >>> len(truth)
    2000
    >>> record = next(iter(truth.values()))
    >>> record["style"] in ("raw", "ptb"), "quotes" in record
    (True, True)
    """
    path = Path(path)
    out: dict[str, dict] = {}
    with open(path, "rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    fh = gzip.open(path, "rt", encoding="utf-8") if compressed else open(path, encoding="utf-8")
    with fh:
        for line_no, line in enumerate(_checked_lines(fh, path) if compressed else fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}, line {line_no}: not valid JSON ({exc.msg})") from None
            if not isinstance(rec, dict) or "id" not in rec:
                raise ValueError(f"{path}, line {line_no}: a truth record must be an object with an 'id'")
            if rec["id"] in out:
                raise ValueError(f"{path}, line {line_no}: duplicate article id {rec['id']!r}")
            out[rec["id"]] = rec
    return out


def cli_out_dir(out_dir: str | Path) -> Path:
    """The folder the command line writes to: ``data/`` itself (``python -m toolkit.sample data/``) means the
    bundled sample's folder ``data/sample``, so the truth lands in ``data/`` and ``load("data/sample")`` reads
    only articles; any other folder is taken as given.

    >>> cli_out_dir(DATA_DIR) == SAMPLE_DIR, cli_out_dir("/tmp/corpus").as_posix()
    (True, '/tmp/corpus')
    """
    out_dir = Path(out_dir)
    return SAMPLE_DIR if out_dir.resolve() == DATA_DIR.resolve() else out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit.sample",
                                     description="Write the seeded sample corpus (All the News CSV layout) "
                                                 "and its ground truth <out_dir>-truth.jsonl.gz.")
    parser.add_argument("out_dir", type=Path,
                        help="folder for the CSV file(s), e.g. data/sample (data/ itself means data/sample)")
    parser.add_argument("--n-articles", type=int, default=None,
                        help="number of articles (default 2000, or unlimited with --target-mb)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--files", type=int, default=1, help="split over this many CSV files (default 1)")
    parser.add_argument("--target-mb", type=float, default=None,
                        help="total size of the CSVs in MB (scales article length if --n-articles is given)")
    parser.add_argument("--no-truth", action="store_true", help="skip writing the ground truth")
    parser.add_argument("--jobs", type=int, default=1, help="generate in this many processes (same output)")
    args = parser.parse_args(argv)
    args.out_dir = cli_out_dir(args.out_dir)
    n = args.n_articles if args.n_articles is not None else (None if args.target_mb else 2000)
    t0 = time.perf_counter()
    paths = write_sample(args.out_dir, n_articles=n, seed=args.seed, n_files=args.files,
                         target_mb=args.target_mb, truth=not args.no_truth, jobs=args.jobs)
    size = sum(p.stat().st_size for p in paths)
    secs = time.perf_counter() - t0
    print(f"wrote {len(paths)} file(s), {size / 1e6:.1f} MB in {secs:.1f} s ({size / 1e6 / secs:.1f} MB/s) "
          f"to {args.out_dir}" + ("" if args.no_truth else f"; truth: {truth_path_for(args.out_dir)}"),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
