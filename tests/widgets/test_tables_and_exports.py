"""Tables beside the charts, the "terms shown" / "groups shown" controls, exports from every tab and the
Compare tab's facet mode, on AllSides (491 sources); each checked against the index's own answers."""
from __future__ import annotations

import base64
import html
import io
import re
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
from PIL import Image

import toolkit
from toolkit.widgets import TAB_TITLES, Dashboard
from toolkit.widgets import exporting


@pytest.fixture
def board(allsides_corpus) -> Dashboard:
    return Dashboard(allsides_corpus[1])


def _select(board: Dashboard, title: str):
    board.tabs.selected_index = TAB_TITLES.index(title)
    return board.tab(title)


def _link(bar) -> tuple[str, bytes]:
    """(file name, bytes) of the download link an export bar shows."""
    found = re.search(r'<a download="([^"]*)" href="data:[^;]*;base64,([^"]*)"', bar.result.value)
    assert found, bar.result.value
    return html.unescape(found.group(1)), base64.b64decode(found.group(2))


def test_tables_under_the_charts_are_the_charts_numbers(board, allsides_corpus):
    _, idx = allsides_corpus
    board.publication.value = ("CNN (Web News)",)
    view = idx.filter(publication="CNN (Web News)")
    assert board.table_views[0].value == ""                           # off by default
    board.show_tables.value = True
    shown = html.unescape(board.table_views[0].value)
    for term in view.top_terms(15)["term"]:
        assert f"<td>{term}</td>" in shown
    board.terms_shown.value = 30                                      # the "top N" control
    terms = board.tab("Terms").shown.tables["top terms"]
    assert terms["term"].tolist() == view.top_terms(30)["term"].tolist()
    assert all(f"<td>{t}</td>" in html.unescape(board.table_views[0].value) for t in terms["term"])
    _select(board, "Quotes")
    quotes = board.tab("Quotes").shown.tables["quotes by publication"]
    pd.testing.assert_frame_equal(quotes, view.quote_stats())
    speakers = board.tab("Quotes").shown.tables["most quoted speakers by publication"]      # the Speakers panel
    pd.testing.assert_frame_equal(speakers, view.top_speakers(30, by="publication"))
    assert "most quoted speakers" in board.table_views[TAB_TITLES.index("Quotes")].value
    assert "most quoted speakers" in [name for name, _, _ in board.tab("Quotes").shown.figures]
    assert "quotes by publication" in board.table_views[TAB_TITLES.index("Quotes")].value
    board.show_tables.value = False
    assert board.table_views[TAB_TITLES.index("Quotes")].value == ""
    _select(board, "Terms")                                           # the other tabs when next shown
    assert board.table_views[0].value == ""


def test_groups_shown_limits_the_sources_chart(board, allsides_corpus):
    _, idx = allsides_corpus
    sources = _select(board, "Sources")
    table = sources.shown.tables[next(iter(sources.shown.tables))]
    assert table["publication"].nunique() > 100                       # every source counted ...
    (name, draw, size), = sources.shown.figures
    from matplotlib.figure import Figure

    for top in (5, 12):
        board.groups_shown.value = top
        (_, draw, size), = sources.shown.figures
        fig = Figure(figsize=size)
        ax = fig.subplots()
        draw(ax)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert len(labels) == top + 1 and labels[-1].startswith("other")   # ... top N drawn, plus "other"


def test_export_table_chart_and_articles(board, allsides_corpus, tmp_path, monkeypatch):
    df, idx = allsides_corpus
    monkeypatch.setenv("TOOLKIT_EXPORT_DIR", str(tmp_path / "exports"))
    board.keyword.value = "immigra*"
    view = idx.filter(keyword="immigra*")
    bar = board.exports[0]
    bar.what.value = "csv"
    bar.make()
    name, data = _link(bar)
    assert name == "terms_immigra.csv"
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert table["term"].tolist() == view.top_terms(15)["term"].tolist()
    assert table["count"].tolist() == view.top_terms(15)["count"].tolist()
    for kind in ("png", "svg"):
        bar.what.value = kind
        bar.make()
        name, data = _link(bar)
        assert name == f"terms_immigra_top-terms.{kind}"
        if kind == "png":
            assert Image.open(io.BytesIO(data)).size[0] > 500
        else:                                                 # text kept as text: the terms can be searched
            assert ElementTree.fromstring(data).tag.endswith("svg")
            assert all(term in data.decode() for term in view.top_terms(15)["term"])
    bar.what.value = "articles.parquet"
    bar.make()
    name, data = _link(bar)
    back = pd.read_parquet(io.BytesIO(data))
    assert name == "terms_immigra_articles.parquet" and len(back) == view.n_articles
    assert back["content"].tolist() == view.texts().tolist()
    assert list((tmp_path / "exports").iterdir()) == []          # written once, then given as the link
    # a file too large for a link is written to the export folder, never over an existing one
    monkeypatch.setattr(exporting, "MAX_LINK_BYTES", 1_000)
    bar.what.value = "articles.csv"
    for expected in ("terms_immigra_articles.csv", "terms_immigra_articles-2.csv"):
        bar.make()
        path = tmp_path / "exports" / expected
        assert f"written to <code>{html.escape(str(path))}</code>" in bar.result.value
        assert len(toolkit.load(path, progress=False)) == view.n_articles


def test_export_kwic_lines_and_the_hostile_names_in_an_svg(board, allsides_corpus):
    _, idx = allsides_corpus
    board.keyword.value = "wall OR border"
    read = _select(board, "Read")
    bar = board.exports[TAB_TITLES.index("Read")]
    bar.what.value = "csv"
    bar.make()
    name, data = _link(bar)
    lines = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert name == "read_wall-or-border.csv"
    assert lines["match"].tolist() == read.lines()["match"].tolist() and len(lines) == 200
    assert lines["left"].tolist() == read.lines()["left"].tolist()
    bar.what.value = "png"
    bar.make()
    assert "cannot export: this tab shows no chart" in bar.result.value
    hostile = toolkit.CorpusIndex.build(pd.DataFrame({
        "publication": ["<script>alert(1)</script>", "$x^2$ Gazette"], "content": ["rain fell", "rain came"],
        "date": ["2016-01-02", "2016-02-03"]}), progress=False)
    small = Dashboard(hostile)
    small.exports[TAB_TITLES.index("Sources")].what.value = "svg"
    _select(small, "Sources")
    small.exports[TAB_TITLES.index("Sources")].make()
    _, svg = _link(small.exports[TAB_TITLES.index("Sources")])
    text = svg.decode()
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "$x^2$ Gazette" in text


def test_display_settings_redraw_without_filtering_again(board, monkeypatch):
    filters = []
    real = board.index.filter
    monkeypatch.setattr(board.index, "filter", lambda **kw: filters.append(kw) or real(**kw))
    drawn = board.tab("Terms").shown.figures
    board.show_tables.value = True
    board.terms_shown.value = 20
    board.groups_shown.value = 4
    assert filters == [] and board.tab("Terms").shown.figures is not drawn
    assert len(board.tab("Terms").shown.tables["top terms"]) == 20


def test_an_unexpected_export_failure_is_reported_not_lost(board, monkeypatch):
    bar = board.exports[0]
    bar.what.value = "png"
    monkeypatch.setattr(exporting, "render_figure", lambda *a: (_ for _ in ()).throw(KeyError("font")))
    bar.make()
    assert bar.result.value == "<span class='toolkit-export-error'>cannot export: KeyError: &#x27;font&#x27;</span>"


def test_nothing_to_export_says_so(board):
    board.keyword.value = "zzqqxxnotaword"
    bar = board.exports[0]
    for kind in ("csv", "png", "articles.csv"):
        bar.what.value = kind
        bar.make()
        assert bar.result.value.startswith("<span class='toolkit-export-error'>cannot export: ")


def test_compare_two_values_of_a_facet(board, allsides_corpus):
    df, idx = allsides_corpus
    compare = _select(board, "Compare")
    compare.mode.value = "facet"
    compare.facet.value = "bias_text"
    compare.fa.value, compare.fb.value = "left", "right"
    table = compare.shown.tables["distinctive terms"]
    expected = toolkit.stats.distinctive_terms(idx.filter(facets={"bias_text": "left"}),
                                               idx.filter(facets={"bias_text": "right"}), k=10,
                                               labels=("bias_text=left", "bias_text=right"))
    pd.testing.assert_frame_equal(table, expected)
    n_left, n_right = (int((df["bias_text"] == v).sum()) for v in ("left", "right"))
    assert compare.note.text.startswith(f"bias_text left: {n_left:,} articles, right: {n_right:,} articles")
    board.facet_pickers["bias_text"].value = ("center",)           # its own facet filter does not apply ...
    board.keyword.value = "wall"                                     # ... the others do
    wall = idx.filter(keyword="wall")
    assert compare.note.text.startswith(
        f"bias_text left: {wall.filter(facets={'bias_text': 'left'}).n_articles:,} articles")
    compare.fb.value = "left"
    assert compare.note.text == "choose two different values of bias_text"


def test_trends_tab_follows_words_and_hashtags_by_group(board, allsides_corpus):
    _, idx = allsides_corpus
    trends = _select(board, "Trends")
    (name, table), = trends.shown.tables.items()                     # nothing typed: the top 3 terms
    top3 = idx.top_terms(3)["term"].astype(str).tolist()
    assert list(dict.fromkeys(table["term"])) == top3 and trends.note.text.startswith("the 3 most frequent")
    assert "591 undated articles are in no period" in trends.note.text
    assert name == "per year"                                         # 2001-2020: years
    trends.words.value = "wall, #MAGA OR border, border wall, immigra*"
    assert "left out border wall, immigra*" in trends.note.text
    trends.by.value = "bias_text"
    trends.period.value = "quarter"
    (name, table), = trends.shown.tables.items()
    expected = toolkit.stats.term_trends(idx, ["wall", "#MAGA", "border"], by="bias_text", kind="auto",
                                         freq="quarter")
    pd.testing.assert_frame_equal(table, expected)
    assert name == "per quarter" and set(table["term"]) == {"wall", "#maga", "border"}
    walls = table[table["term"] == "wall"].groupby("bias_text")["count"].sum()
    for value, count in walls.items():                   # the dated articles' counts, from the index's table
        dated = idx.filter(facets={"bias_text": value}, undated=False)
        assert count == int(toolkit.stats.term_table(dated, ["wall"], by=None)["count"].iloc[0]) > 0
    (_, draw, _), = trends.shown.figures
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    draw(ax)
    assert len(ax.get_lines()) == 3 * 3                                # 3 terms x 3 bias values
    board.groups_shown.value = 3                       # by publication, 491 of them: 3 drawn, and "other"
    trends.by.value = "publication"
    (_, draw, _), = trends.shown.figures
    ax = Figure().subplots()
    draw(ax)
    other = [line for line in ax.get_lines() if line.get_label().startswith("other")]
    assert len(ax.get_lines()) == 4 * 3 and len(other) == 3
    assert all(np.isfinite(line.get_ydata()).all() for line in other)   # its rate from summed counts
