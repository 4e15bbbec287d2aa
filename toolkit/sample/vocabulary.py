"""Word lists, sentence templates and publications of the sample generator, and their compiled forms.

Rules: pure data plus the code that pre-renders it at import time (Penn-Treebank tokenization of the
template text, four "variants" per literal: raw/PTB x curly/straight apostrophes). Nothing here draws
random numbers or does I/O; changing any list changes the generated corpus, so ``data/sample`` must be
regenerated (``python -m toolkit.sample data/sample``) and committed with it.

Example:
    >>> _variants("don’t")
    ('don’t', "don't", 'do n’t', "do n't")
    >>> _PUBS[0].name, len(_SPEAKERS_V) == len(_SPEAKERS)
    ('New York Times', True)
"""
from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any, NamedTuple

FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2017, 6, 30)


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
