"""The bundled sample reads like news: measured against real news articles from ``../shared``.

Every new user sees the sample first. Its words, repetition and publications are compared here with the
All the News fragment, AllSides and PolNeAR (real articles written by others), and with what the
dashboard shows of it (top terms, Compare's key terms, page furniture).
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

import toolkit
from tests.external import external_file
from toolkit.index import CorpusIndex
from toolkit.sample import SAMPLE_DIR
from toolkit.sample.lexicon import FURNITURE, HOUSE, split
from toolkit.stats import keyness

WORD = re.compile(r"[A-Za-z’']+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
REAL = {"all the news": ("all-the-news-fragment",), "allsides": ("allsides-article-bias", "articles_sample.csv"),
        "polnear": ("polnear",)}


def words(texts: list[str]) -> list[str]:
    return [w.lower() for t in texts for w in WORD.findall(t)]


def said_per_1000(texts: list[str]) -> float:
    ws = words(texts)
    return 1000 * ws.count("said") / len(ws)


def once_share(texts: list[str]) -> float:
    """Share of sentences (over 20 characters) that occur once in the corpus."""
    counts = Counter(s.strip() for t in texts for s in SENTENCE_END.split(t) if len(s.strip()) > 20)
    return sum(1 for c in counts.values() if c == 1) / sum(counts.values())


def types_in(texts: list[str], n_words: int = 100_000) -> int:
    """Distinct words among the first ``n_words`` (a corpus-size-free measure of variety)."""
    return len(set(words(texts)[:n_words]))


@pytest.fixture(scope="module")
def sample_df() -> pd.DataFrame:
    return toolkit.load(SAMPLE_DIR, progress=False)


@pytest.fixture(scope="module")
def sample(sample_df) -> list[str]:
    return sample_df["content"].astype(str).tolist()


@pytest.fixture(scope="module")
def real() -> dict[str, list[str]]:
    out = {}
    for name, parts in REAL.items():
        df = toolkit.load(external_file(*parts), progress=False)
        texts = dict.fromkeys(df["content"].dropna().astype(str))   # PolNeAR repeats articles (annotators)
        out[name] = list(texts)[:2000]
    return out


@pytest.fixture(scope="module")
def idx(sample_df) -> CorpusIndex:
    return CorpusIndex.build(sample_df, progress=False)


def test_said_is_as_frequent_as_in_real_news(sample, real):
    """ "said" dwarfed every other word (20.7 per 1,000 words); real news has 5–8."""
    rates = {name: said_per_1000(texts) for name, texts in real.items()}
    ours = said_per_1000(sample)
    assert 0.7 * min(rates.values()) <= ours <= 1.2 * max(rates.values()), (ours, rates)


def test_sentences_rarely_repeat(sample, real):
    """KWIC showed the same template sentences again and again (32 % of sentences occurred once; 86 % now)."""
    assert all(once_share(texts) >= 0.95 for texts in real.values())
    assert once_share(sample) >= 0.85


def test_vocabulary_is_varied(sample, real):
    """Distinct words in the first 100,000: real news has 10,600–12,000, the sample 2,961 (1,472 before its
    prose grammar). A made-up corpus drawn from fixed word lists stays well below real text; it must hold
    a quarter of its variety."""
    real_types = {name: types_in(texts) for name, texts in real.items()}
    assert types_in(sample) >= 0.25 * min(real_types.values()), (types_in(sample), real_types)


def test_publications_lead_with_different_terms(idx):
    """Every publication's top terms were the same template words (`expected`, `people`, `vote`)."""
    top = idx.top_terms(5, by="publication")
    sets = [set(group["term"]) for _, group in top.groupby("publication")]
    assert len(sets) == 15
    shared_by_all = set.intersection(*sets)
    assert not shared_by_all
    firsts = top.groupby("publication")["term"].first()
    assert firsts.nunique() >= 8, firsts


def test_compare_finds_each_publications_own_words(idx):
    """Compare (keyness of one publication against the rest) finds the words the publication uses and
    others do not: its house words lead, and no two publications share many key terms."""
    publications = list(idx.name_counts("publication").index)
    keys = {}
    for pub in publications:
        rest = [p for p in publications if p != pub]
        table = keyness(idx.filter(publication=pub), idx.filter(publication=rest))
        keys[pub] = set(table[table["significant"]].head(10)["feature"])
    for pub, found in keys.items():
        house = {w.lower() for key in ("phrases", "subjects", "figures") for phrase in split(HOUSE[pub][key])
                 for w in WORD.findall(phrase)}
        assert len(found & house) >= 2, (pub, found)
    for a in publications:
        for b in publications:
            if a < b:
                assert len(keys[a] & keys[b]) <= 3, (a, b, keys[a] & keys[b])


def test_page_furniture_is_found_per_publication(idx):
    """Captions, credits and copyright lines, as scraped pages carry them: the boilerplate finder sees
    each publication's fixed lines (names and numbers vary in the others)."""
    found = idx.boilerplate()
    fixed = {pub: line for pub, places in FURNITURE.items() for place, (_, line) in places.items()
             if "{" not in line and place != "lead"}   # a lead ("(CNN) ...") is part of a sentence
    assert len(fixed) >= 5
    for pub, line in fixed.items():
        normalised = re.sub(r"\d+", "0", line.lower())
        segments = found.loc[found["publication"] == pub, "segment"]
        assert any(seg in normalised for seg in segments), (pub, line, segments.tolist())
