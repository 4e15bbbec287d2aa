"""Who gets quoted: top_speakers on real news equals the quotations find_quotes gives, grouped as the rules say."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from toolkit import plots
from toolkit.index import CorpusIndex
import toolkit.index.speakers as speakers_module
from toolkit.index.speakers import find_speakers, speaker_key
from toolkit.index.text_store import as_article_text
from toolkit.text import quotes_frame
from toolkit.text.attribution import is_pronoun

COLUMNS = ["speaker", "role", "quotations", "quoted_words", "articles", "share"]


@pytest.fixture(scope="module")
def allsides(allsides_corpus) -> tuple[pd.DataFrame, CorpusIndex]:
    return allsides_corpus


@pytest.fixture(scope="module")
def speech(allsides) -> pd.DataFrame:
    """Every speech quotation of AllSides by the text module, one row each, with the article's publication."""
    df, idx = allsides
    frame = quotes_frame(idx.texts())
    frame = frame[frame["kind"] == "speech"].copy()
    frame["publication"] = idx.articles()["publication"].astype(str).to_numpy()[frame["article"].to_numpy()]
    frame["named"] = frame["speaker"].map(lambda s: isinstance(s, str) and _named(s))
    return frame


def _named(speaker: str) -> bool:
    """The module's rule, written out: capitalised words (name particles aside), not led by a determiner,
    not a pronoun (a possessive ending dropped)."""
    words = re.sub(r"[’']s?$", "", speaker).split()
    return (bool(words) and not is_pronoun(words[0]) and words[0].lower() not in
            {"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "one", "two", "three", "some",
             "another", "other", "both", "each", "many", "several", "this", "that"}
            and all(w[:1].isupper() or w[:1].isdigit() or w in {"de", "van", "von", "del", "la", "le", "bin", "al",
                                                                "da", "di", "du", "der", "den"} for w in words))


def test_totals_equal_the_quotations_of_the_text_module(allsides, speech):
    _, idx = allsides
    table = idx.top_speakers(10**9, by="publication")
    assert list(table.columns) == ["publication", *COLUMNS]
    named = speech[speech["named"]]
    # every named speech quotation is counted once, under some speaker of its publication
    per_pub = table.groupby("publication")[["quotations", "quoted_words"]].sum()
    expected = named.groupby("publication")[["text", "words"]].agg({"text": "size", "words": "sum"})
    expected.columns = ["quotations", "quoted_words"]
    pd.testing.assert_frame_equal(per_pub.sort_index(), expected.sort_index(), check_dtype=False)
    # share: of all the publication's speech quotations, pronoun and unattributed ones included
    all_speech = speech.groupby("publication").size()
    shares = table["quotations"] / table["publication"].map(all_speech)
    np.testing.assert_allclose(table["share"].to_numpy(), shares.to_numpy())
    assert table.groupby("publication")["share"].sum().max() <= 1.0 + 1e-9


def _merged_keys(named: pd.DataFrame) -> list[str]:
    """Each quotation's key by the rules: its speaker's key, or in its article the one longer key whose last
    word that one-word key is."""
    out = []
    for _, group in named.groupby("article", sort=False):
        keys = group["speaker"].map(speaker_key).tolist()
        longer = {k for k in keys if " " in k}
        for k in keys:
            ending = [m for m in longer if m.rsplit(" ", 1)[1] == k] if " " not in k else []
            out.append(ending[0] if len(ending) == 1 else k)
    return out


def test_a_speaker_key_counts_every_spelling_of_one_name(allsides, speech):
    _, idx = allsides
    overall = idx.top_speakers(10**9, by=None)
    assert not overall["speaker"].map(is_pronoun).any()
    assert overall["quotations"].is_monotonic_decreasing
    named = speech[speech["named"]].sort_values("article", kind="stable")
    named = named.assign(key=_merged_keys(named))
    full_names = overall[overall["speaker"].str.contains(" ") & overall["speaker"].str[0].str.isupper()]
    for row in [*overall.head(3).itertuples(), *full_names.head(3).itertuples()]:
        mine = named[named["key"] == speaker_key(row.speaker)]
        assert (row.quotations, row.articles) == (len(mine), mine["article"].nunique()), row.speaker


def test_a_view_counts_only_its_articles(allsides):
    _, idx = allsides
    table = idx.top_speakers(5, by="publication")
    pub = table["publication"].value_counts().index[0]
    view = idx.filter(publication=pub)
    mine = view.top_speakers(5, by="publication").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, table[table["publication"] == pub].reset_index(drop=True))
    assert view.top_speakers(5, by=None)["quotations"].tolist() == mine["quotations"].tolist()
    assert (table.groupby("publication").size() <= 5).all()
    empty = idx.filter(keyword="zzqqxx-not-a-word").top_speakers(5)
    assert empty.empty and list(empty.columns) == ["publication", *COLUMNS]


def test_workers_give_the_same_speakers(allsides, monkeypatch):
    _, idx = allsides
    monkeypatch.setattr(speakers_module, "_CHUNK_BYTES", 300_000)     # several tasks from 800 articles
    text = idx.text.take(np.arange(800))
    one, two = find_speakers(text, n_jobs=1), find_speakers(text, n_jobs=2)
    assert len(as_article_text(text).spans(300_000)) > 5 and len(one.rows) > 1000
    assert one.names == two.names and one.roles == two.roles
    for field in ("rows", "speaker", "words"):
        np.testing.assert_array_equal(getattr(one, field), getattr(two, field))


def test_names_merge_as_the_rules_say():
    texts = [
        "“We will fight,” said Sen. Bernie Sanders. “We will win,” Sanders added.",     # surname = him here
        "“Taxes are too high,” Sanders said.",                                         # alone: Sanders
        "“No,” Mr. SMITH said. “Yes,” said John Smith’s. “Maybe,” he said.",           # honorific, case, possessive
        "“Fine,” Smith said.",
        "“We lost,” said Jane Smith. “Or not,” said Adam Smith. “Ok,” Smith said.",     # two Smiths: not merged
        "“Fine,” his lawyer said. “Sure,” the spokesman said.",                        # noun phrases: nobody
    ]
    idx = CorpusIndex.build(pd.DataFrame({"content": texts, "publication": ["a", "a", "b", "b", "c", "d"]}),
                            progress=False)
    got = {(r.speaker, r.quotations, r.articles) for r in idx.top_speakers(10, by=None).itertuples()}
    assert got == {("Bernie Sanders", 2, 1), ("Sanders", 1, 1), ("John Smith", 2, 1), ("Smith", 2, 2),
                   ("Jane Smith", 1, 1), ("Adam Smith", 1, 1)}
    by_pub = idx.top_speakers(10)
    b = by_pub[by_pub["publication"] == "b"]
    assert b["share"].round(3).tolist() == [0.5, 0.25]           # 'he said' counts in b's 4 quotations
    assert "d" not in set(by_pub["publication"])                  # noun phrases are nobody: d names no one


def test_speakers_chart_stacks_the_top_groups(allsides):
    _, idx = allsides
    table = idx.top_speakers(10**9, by="publication")
    ax = plots.speakers(table, k=8, top=5)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    totals = table.groupby("speaker")["quotations"].sum().sort_values(ascending=False, kind="stable")
    assert labels == totals.index[:8].tolist()
    groups = [c.get_label() for c in ax.collections]
    assert len(groups) == 6 and groups[-1].startswith("other (")
    widths = np.zeros(8)
    for collection in ax.collections:             # each rectangle: its row (y centre) and its width
        for path in collection.get_paths():
            (x0, y0), (x1, y1) = path.vertices.min(axis=0), path.vertices.max(axis=0)
            widths[int(round((y0 + y1) / 2))] += x1 - x0
    assert widths.tolist() == totals.iloc[:8].tolist()
    assert plots.speakers(table.iloc[:0]).texts[0].get_text() == plots.EMPTY_MESSAGE


def test_titles_are_dropped_only_where_they_are_titles():
    assert [speaker_key(n) for n in ("President Obama", "Sen. Bernie Sanders", "Chief Justice John Roberts",
                                     "General Motors", "Justice Department", "King County")] == [
        "obama", "bernie sanders", "john roberts", "general motors", "justice department", "king county"]
