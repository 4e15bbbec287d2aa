"""Who gets quoted: the named speakers of each article's speech quotations, counted per group.

Rules:
- Quotations and speakers are :func:`toolkit.text.find_quotes`' (speakers: :mod:`toolkit.text.attribution`),
  found once per index over every article on first use (:func:`find_speakers`; forked workers for big
  corpora) and kept with the index in memory, and in its cache entry (:mod:`toolkit.index.speaker_store`).
- Only ``speech`` quotations count. One without a named speaker counts in its group's total (the ``share``
  denominator) under nobody: no speaker, a pronoun (``he``: pronouns are not resolved) or a noun phrase
  (``the spokesman``, ``his lawyer``, ``The White House``: a different person in each article). A name is
  capitalised words (``Sen. Bernie Sanders``, ``Bill de Blasio``, ``AP``) not led by a determiner.
- A speaker is counted under a key (:func:`speaker_key`): the name without an honorific or title before it
  (Mr., Mrs., Dr., Sen., Rep., Gov., President, Prime Minister, Mayor, Judge...), a possessive, case and
  extra spaces.
  Within one article, a one-word key that is the last word of exactly one longer key of that article
  (``Sanders`` beside ``Bernie Sanders``) is that key; across articles, keys merge only when equal.
- A speaker is shown by the most frequent spelling of its key (honorific dropped) and its most frequent role.

Example:
    >>> speaker_key("Sen. Bernie Sanders’"), speaker_key("the White House  spokesman")
    ('bernie sanders', 'the white house spokesman')
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from toolkit._parallel import fork_map, resolve_jobs, shared
from toolkit.index.grouping import Groups
from toolkit.index.tables import frame
from toolkit.index.text_store import ArticleText, as_article_text
from toolkit.text.attribution import is_pronoun
from toolkit.text.quotations import find_quotes

__all__ = ["Speakers", "find_speakers", "speaker_key", "speaker_table", "is_name"]

# honorifics and titles before a name ('Sen. Bernie Sanders', 'Prime Minister Justin Trudeau'); the words that
# also begin other names ('General Motors', 'Justice Department', 'King County') only before two more names
_HONORIFIC = re.compile(
    r"^(?:(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof|Rev|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Gen)\.?|Miss|Sir|Dame|Lord|Lady|Senator|"
    r"Representative|Congressman|Congresswoman|Governor|President|Vice President|Prime Minister|Minister|Premier|"
    r"Chancellor|Mayor|Judge|Chairman|Chairwoman|Commissioner|Attorney General|Sheriff|Supervisor|Coach|Pope|"
    r"Queen|Prince|Princess|Rabbi|Pastor|Bishop|Cardinal"
    r"|(?:General|Justice|Chief|King|Father|Leader|Secretary|Speaker)(?=[ \t]+[A-Z]\S*[ \t]+[A-Z]))[ \t]+)+"
    r"(?=[A-Z])")
_DETERMINERS = frozenset(("the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "one", "two", "three",
                          "some", "another", "other", "both", "each", "many", "several", "this", "that"))
_PARTICLES = frozenset(("de", "van", "von", "del", "la", "le", "bin", "al", "da", "di", "du", "der", "den"))
_POSSESSIVE = re.compile(r"[’']s?$")
_PARALLEL_MIN_BYTES = 4_000_000
_CHUNK_BYTES = 2_000_000


def _shown(name: str) -> str:
    return " ".join(_POSSESSIVE.sub("", _HONORIFIC.sub("", name.strip())).split()) or name.strip()


def is_name(speaker: str) -> bool:
    """Whether a speaker is a person's or an organisation's name (capitalised words, no determiner first),
    not a pronoun or a noun phrase.

    >>> is_name("Bill de Blasio"), is_name("the spokesman"), is_name("Smith’s lawyer"), is_name("She")
    (True, False, False, False)
    """
    words = _shown(speaker).split()
    return (bool(words) and not is_pronoun(words[0]) and words[0].lower() not in _DETERMINERS
            and all(w[:1].isupper() or w[:1].isdigit() or w in _PARTICLES for w in words))


def speaker_key(name: str) -> str:
    """The key a speaker is counted under: no honorific or title, possessive, case or extra spaces.

    >>> speaker_key("Mr. Smith"), speaker_key("SMITH"), speaker_key("Smith’s"), speaker_key("President Obama")
    ('smith', 'smith', 'smith', 'obama')
    """
    return _shown(name).casefold()


@dataclass(frozen=True)
class Speakers:
    """Every speech quotation of an index: its article ``rows``, ``speaker`` id (-1: nobody named) and
    quoted ``words``; ``names``/``roles`` are shown per speaker id (see the module rules)."""

    rows: np.ndarray
    speaker: np.ndarray
    words: np.ndarray
    names: list[str]
    roles: list[str | None]


def _article_quotes(task: tuple[int, int]) -> list[tuple[int, str | None, str | None, int]]:
    """``(row, speaker, role, words)`` of the speech quotations of rows ``task[0]:task[1]``."""
    start, stop = task
    texts = shared().take(np.arange(start, stop)).to_pylist()
    out = []
    for row, text in enumerate(texts, start):
        out.extend((row, q.speaker, q.speaker_role, q.words)
                   for q in find_quotes(text or "").quotes if q.kind == "speech")
    return out


def find_speakers(text: "ArticleText | pa.ChunkedArray", n_jobs: int | None = None) -> Speakers:
    """The speech quotations of every text of ``text`` (an index's texts) and their speakers.

    >>> s = find_speakers(pa.chunked_array([["“No,” Mr. Smith said. “Yes,” said Ann Lee."]]))
    >>> s.names, s.speaker.tolist(), s.words.tolist()
    (['Smith', 'Ann Lee'], [0, 1], [1, 1])
    """
    text = as_article_text(text)
    tasks = text.spans(_CHUNK_BYTES)
    jobs = resolve_jobs(n_jobs, work=text.nbytes, min_work=_PARALLEL_MIN_BYTES, max_tasks=max(1, len(tasks)))
    found = [q for part in fork_map(_article_quotes, tasks, jobs, shared=text) for q in part]

    keys = [speaker_key(name) if name and is_name(name) else None for _, name, _, _ in found]
    _merge_surnames(found, keys)
    ids: dict[str, int] = {}
    spellings: list[Counter] = []
    roles: list[Counter] = []
    speaker = np.full(len(found), -1, dtype=np.int32)
    for i, ((_, name, role, _), key) in enumerate(zip(found, keys)):
        if key is None:
            continue
        speaker[i] = sid = ids.setdefault(key, len(ids))
        if sid == len(spellings):
            spellings.append(Counter())
            roles.append(Counter())
        if speaker_key(name) == key:          # (a surname merged into a full name is not its spelling)
            spellings[sid][_shown(name)] += 1
        if role:
            roles[sid][role] += 1
    return Speakers(rows=np.fromiter((q[0] for q in found), dtype=np.int64, count=len(found)), speaker=speaker,
                    words=np.fromiter((q[3] for q in found), dtype=np.int64, count=len(found)),
                    names=[_most_frequent_longest(c) for c in spellings],
                    roles=[c.most_common(1)[0][0] if c else None for c in roles])


def _most_frequent_longest(spellings: Counter) -> str:
    """The most frequent spelling, the longest among equally frequent ones (then the first seen)."""
    return max(spellings.items(), key=lambda item: (item[1], len(item[0])))[0]


def _merge_surnames(found: list[tuple[int, Any, Any, int]], keys: list[str | None]) -> None:
    """In each article, a one-word key that is the last word of exactly one longer key becomes that key."""
    start = 0
    while start < len(found):
        stop = start
        while stop < len(found) and found[stop][0] == found[start][0]:
            stop += 1
        article = {k for k in keys[start:stop] if k}
        if len(article) > 1:
            for key in [k for k in article if " " not in k]:
                longer = [k for k in article if " " in k and k.rsplit(" ", 1)[1] == key]
                if len(longer) == 1:
                    keys[start:stop] = [longer[0] if k == key else k for k in keys[start:stop]]
        start = stop


def speaker_table(speakers: Speakers, groups: Groups, mask: np.ndarray | None, k: int) -> pd.DataFrame:
    """The ``k`` most quoted speakers per group of the selected articles.

    ``groups`` is a grouping of the articles (``Grouper.groups``: a quotation counts in every group of its
    article); columns ``[*by], speaker, role, quotations, quoted_words, articles, share`` (of the group's
    speech quotations, named or not), most quotations first.

    >>> found = find_speakers(pa.chunked_array([["“No,” Ann Lee said. “Yes,” Bo Li said.", "“Maybe,” Bo Li said."]]))
    >>> groups = Groups(None, np.array([0, 1]), pd.DataFrame({"publication": ["a", "b"]}), 2)
    >>> table = speaker_table(found, groups, None, k=1)
    >>> table[["publication", "speaker", "quotations"]].values.tolist()
    [['a', 'Ann Lee', 1], ['b', 'Bo Li', 1]]
    """
    labels = groups.labels
    item, group = groups.of_items(speakers.rows, mask)
    totals = np.bincount(group, minlength=len(labels))
    named = speakers.speaker[item] >= 0
    item, group = item[named], group[named]
    sid = speakers.speaker[item].astype(np.int64)
    rows, words = speakers.rows[item], speakers.words[item]
    # one cell per (group, speaker); its articles are its distinct (cell, row) pairs
    cells, cell_of = np.unique(group * max(1, len(speakers.names)) + sid, return_inverse=True)
    quotations = np.bincount(cell_of, minlength=len(cells))
    quoted_words = np.bincount(cell_of, weights=words, minlength=len(cells)).astype(np.int64)
    span = int(rows.max()) + 1 if len(rows) else 1
    articles = np.bincount(np.unique(cell_of * span + rows) // span, minlength=len(cells))
    cell_group, cell_sid = np.divmod(cells, max(1, len(speakers.names)))
    order = np.lexsort((cell_sid, -quoted_words, -quotations, cell_group))
    starts = np.searchsorted(cell_group[order], cell_group[order], side="left")
    order = order[np.arange(len(order)) - starts < k]          # the first k of each group
    g, sid_shown, q = cell_group[order], cell_sid[order], quotations[order]
    return frame(labels, g, {
        "speaker": [speakers.names[i] for i in sid_shown],
        "role": [speakers.roles[i] for i in sid_shown],
        "quotations": q,
        "quoted_words": quoted_words[order],
        "articles": articles[order],
        "share": q / np.maximum(totals[g], 1),
    })
