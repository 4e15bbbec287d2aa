"""The filter panel on a real corpus with hundreds of sources (AllSides): searchable name lists with
counts, facets, the header, and a corpus that cannot be opened."""
from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import toolkit
from toolkit import stats
from tests.external import external_file
from toolkit.index.names import split_authors
from toolkit.widgets import TAB_TITLES, Dashboard, Picker, open_dashboard, status_text
from toolkit.widgets.header import report_title


@pytest.fixture
def board(allsides_corpus) -> Dashboard:
    return Dashboard(allsides_corpus[1])


def _listed(picker: Picker) -> list[str]:
    return [name for _, name in picker.select.options]


def test_publication_list_has_counts_and_a_search_box(board, allsides_corpus):
    df, idx = allsides_corpus
    counts = df["publication"].value_counts()
    picker = board.publication
    assert len(picker.select.options) == df["publication"].nunique() == 491
    for label, name in picker.select.options:
        assert label == f"{' '.join(name.split())} ({counts[name]:,})"
    picker.search.value = "  NEWS "
    expected = sorted((n for n in counts.index if "news" in n.casefold()), key=str.casefold)
    assert sorted(_listed(picker), key=str.casefold) == expected and 10 < len(expected) < 491
    picker.choose_listed()
    assert set(board.filters()["publication"]) == set(expected)
    assert board.status.text == status_text(int(df["publication"].isin(expected).sum()))
    picker.search.value = "zzzz"                                  # nothing matches: the choice stays listed
    assert set(_listed(picker)) == set(expected) and "no name matches" in picker.note.value
    assert f"{len(expected)} of 491 chosen" in picker.note.value
    picker.clear()
    assert _listed(picker) == [] and "publication" not in board.filters()
    assert board.status.text == status_text(len(df))


def test_selecting_in_the_list_and_resetting(board, allsides_corpus):
    df, idx = allsides_corpus
    picker = board.publication
    picker.search.value = "fox"
    fox = [n for n in _listed(picker) if n.casefold().startswith("fox")]
    picker.select.value = tuple(fox)                   # as a click in the list does
    assert picker.value == tuple(fox)
    assert board.status.text == status_text(idx.filter(publication=fox).n_articles)
    picker.search.value = "cnn"                        # another search adds to what is listed, not chosen
    assert set(fox) <= set(_listed(picker)) and picker.value == tuple(fox)
    board.reset_filters()
    assert picker.value == () and board.status.text == status_text(len(df))


def test_author_list_counts_people_of_multi_author_fields(board, allsides_corpus):
    df, idx = allsides_corpus
    picker = board.author
    several = df["author"].dropna().astype(str)
    several = several[several.str.contains(",| and ", regex=True)]
    field = several.value_counts().index[0]
    person = split_authors(field)[-1]
    assert person in picker.counts
    naming = df["author"].map(lambda f: person.casefold() in [p.casefold() for p in split_authors(f)])
    assert picker.counts[person] == int(naming.sum())
    picker.value = (person,)
    assert board.filters()["author"] == [person]
    assert board.status.text == status_text(int(naming.sum()))
    assert len(picker.select.options) <= picker.limit + 1          # 2,636 people: the first 300 listed
    assert "more match: type to narrow" in picker.note.value


def test_facets_filter_and_reset(board, allsides_corpus):
    df, idx = allsides_corpus
    assert set(board.facet_pickers) == set(idx.facets) >= {"bias_text", "topic"}
    bias = board.facet_pickers["bias_text"]
    assert sorted(_listed(bias)) == sorted(df["bias_text"].dropna().unique())
    bias.value = ("left", "center")
    topic = df["topic"].value_counts().index[0]
    board.facet_pickers["topic"].value = (topic,)
    assert board.filters()["facets"] == {"bias_text": ["left", "center"], "topic": [topic]}
    wanted = df["bias_text"].isin(["left", "center"]) & (df["topic"] == topic)
    assert board.status.text == status_text(int(wanted.sum()))
    board.reset_filters()
    assert "facets" not in board.filters() and board.status.text == status_text(len(df))
    only = Dashboard(idx, facets=["topic"])
    assert list(only.facet_pickers) == ["topic"]
    with pytest.raises(ValueError, match="not facets of this corpus: \\['leaning'\\]"):
        Dashboard(idx, facets=["leaning"])


def test_header_names_the_corpus_and_folds_the_report(tmp_path):
    path = external_file("allsides-article-bias", "articles_sample.csv")
    idx = toolkit.CorpusIndex.from_files(path, cache_dir=tmp_path, progress=False)
    board = Dashboard(idx)
    summary = html.unescape(board.header.children[0].value)
    s = idx.summary()
    assert f"corpus: {path}" in summary
    assert (f"{s['articles']:,} articles · {s['tokens']:,} tokens · 491 publications · {s['authors']:,} authors · "
            f"{s['first_date']:%Y-%m-%d} to {s['last_date']:%Y-%m-%d} · 591 undated") in summary
    assert "facets: " in summary and "bias_text (3 values)" in summary
    report = idx.load_report
    details = board.header.children[1]
    assert details.titles[0] == report_title(report) and details.selected_index is None     # folded
    assert f"{report.rows_repaired:,} repaired" in details.titles[0]
    shown = html.unescape(details.children[0].value)
    assert str(report).splitlines()[0] in shown and "mojibake" in shown


def test_header_shows_names_literally(tmp_path):
    folder = tmp_path / "<b>$x^2$"
    folder.mkdir()
    path = folder / "a.csv"
    path.write_text('id,content,date\n1,"Rain <script>x</script> fell",2016-01-02\n2,Sun,not a date\n')
    board = Dashboard(toolkit.CorpusIndex.from_files(path, cache_dir=tmp_path / "cache", progress=False))
    value = board.header.children[0].value
    assert "<b>$x" not in value and "&lt;b&gt;$x^2$" in value and "mathjax_ignore" in value
    assert "1 undated" in html.unescape(value)
    report = board.header.children[1].children[0].value
    assert "<script>" not in report


def test_open_dashboard_shows_why_a_corpus_cannot_open(tmp_path, allsides_corpus):
    no_text = tmp_path / "no_text.csv"
    no_text.write_text("id,title\n1,Only a title\n")
    for corpus, expected in [(tmp_path / "missing.csv", f"{tmp_path / 'missing.csv'}: no such file or folder"),
                             (no_text, f"{no_text}: no usable text column")]:
        panel = open_dashboard(corpus)
        assert not isinstance(panel, Dashboard)
        assert html.unescape(panel.children[0].value) == f"<b>cannot open the corpus {corpus}</b>"
        assert expected in html.unescape(panel.children[1].value)
    panel = open_dashboard(allsides_corpus[1], facets=["leaning"])
    assert "not facets of this corpus" in html.unescape(panel.children[1].value)
    assert isinstance(open_dashboard(pd.DataFrame({"content": ["a b", "c"]})), Dashboard)


def test_a_search_in_a_syntax_researchers_try_says_what_to_type(board, allsides_corpus):
    _, idx = allsides_corpus
    assert idx.filter(keyword="wall, border, fence").n_articles == 0
    board.keyword.value = "wall, border, fence"
    assert board.status.text == "no articles match — no article has the phrase “wall, border, fence”; " \
                                "for any of these words type: wall OR border OR fence"
    board.keyword.value = "wall OR border"
    assert board.status.text == status_text(idx.filter(keyword="wall OR border").n_articles)
    assert idx.filter(keyword="wall OR border").n_articles > idx.filter(keyword="wall").n_articles
    board.keyword.value = "immigra*"
    assert board.status.text == status_text(idx.filter(keyword="immigra*").n_articles)
    board.regex.value = True
    board.keyword.value = "(wall"
    assert board.status.text == "cannot filter: not a valid regular expression: a “(” is never closed (in '(wall')"


def test_read_tab_aligns_sorts_pages_and_opens_the_match_in_view(board, allsides_corpus):
    from toolkit.widgets.reading import PAGE

    df, idx = allsides_corpus
    read = board.tab("Read")
    board.keyword.value = "wall OR border"
    board.tabs.selected_index = TAB_TITLES.index("Read")
    total = stats.kwic(idx.filter(keyword="wall OR border"), "wall OR border", limit=None).attrs["total"]
    assert total > 2 * PAGE
    assert read.hint.text.startswith(f"1–{PAGE} of {PAGE:,}+ keyword-in-context lines")   # found a page at a time
    for width in (50, 80):
        read.width.value = width
        column = 10 + 2 + 14 + 2 + width + 2                  # date, publication, left context: the match starts here
        for label, i in read.listing.options:
            line = read.lines().iloc[i]
            assert label[column:column + len(line["match"])] == line["match"], label
    read.sort.value = "right"
    assert read.hint.text.startswith(f"1–{PAGE} of {total:,} keyword-in-context lines")       # sorting finds them all
    words = [r.right.casefold().split() for r in read.lines().itertuples()]
    assert words == sorted(words) and read.previous.disabled and not read.next.disabled
    first_page = read.lines()
    read.next.click()
    assert read.hint.text.startswith(f"{PAGE + 1:,}–{2 * PAGE:,} of {total:,}")
    expected = stats.kwic(idx.filter(keyword="wall OR border"), "wall OR border", window=read.width.value,
                          sort="right", offset=PAGE, limit=PAGE)
    assert read.lines()[["row", "start"]].values.tolist() == expected[["row", "start"]].values.tolist()
    assert not read.previous.disabled
    read.previous.click()
    assert read.lines()[["row", "start"]].values.tolist() == first_page[["row", "start"]].values.tolist()
    # a line far into its article: the reader opens on it, the text before folded away
    lines = read.lines()
    i = int(lines["start"].idxmax())
    read.listing.value = i
    line = lines.iloc[i]
    page = board.reader.value
    focused = re.search(r'<mark class="toolkit-focus">([^<]*)</mark>', page)
    assert focused and html.unescape(focused.group(1)) == line["match"]
    assert "words before this passage</summary>" in page and page.index("</details>") < focused.start()
    url = df["url"].iloc[int(line["row"])]
    assert f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">' in page
    board.keyword.value = "immigration"                  # new filters: back to the first page
    assert read.page == 0 and read.hint.text.startswith("1–")


def test_reader_links_only_web_urls():
    from toolkit.widgets.render import article_markup

    for url in ("javascript:alert(1)", "data:text/html,<script>x</script>", "https://x.org/\"onmouseover=\"x",
                "//evil.org/a", None):
        page = article_markup({"title": "t", "url": url}, "text", None)
        assert "<a " not in page and "onmouseover=\"" not in page
