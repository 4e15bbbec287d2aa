"""The dashboard widget driven in-process: filters -> status label, charts, Read tab, escaping."""
from __future__ import annotations

import asyncio
import html
import re
import time

import pandas as pd
import pytest

import toolkit
from tests.external import external_file
from toolkit.widgets import NO_MATCH, TAB_TITLES, Dashboard, dashboard, escape_with_marks, status_text

PNG = b"\x89PNG\r\n\x1a\n"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_SCRIPT = "<script>window.__pwned=2</script>"


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    """The bundled sample, indexed once per test session (cache shared with the other dashboard tests)."""
    from toolkit.sample import SAMPLE_CSV

    cache = tmp_path_factory.getbasetemp() / "index-cache"
    return toolkit.CorpusIndex.from_files(SAMPLE_CSV, cache_dir=cache)


@pytest.fixture
def board(idx) -> Dashboard:
    return dashboard(idx)


def _pubs(idx) -> list[str]:
    return idx.source_counts()["publication"].astype(str).tolist()


def _common_term(view) -> str:
    return str(view.top_terms(1)["term"].iloc[0])


def test_opens_on_everything(board, idx):
    assert board.filters() == {}
    assert board.status.text == status_text(idx.n_articles)
    assert board.tabs.titles == tuple(TAB_TITLES)
    assert bytes(board.terms_chart.value).startswith(PNG)


def test_status_label_equals_index_count(board, idx):
    pubs = _pubs(idx)
    term = _common_term(idx.filter(publication=pubs[:2]))
    steps = [
        ("publication", (pubs[0],), {"publication": [pubs[0]]}),
        ("publication", tuple(pubs[:2]), {"publication": pubs[:2]}),
        ("keyword", term, {"publication": pubs[:2], "keyword": term, "regex": False}),
    ]
    seen = set()
    for control, value, expected in steps:
        setattr(getattr(board, control), "value", value)
        assert board.filters() == expected
        n = idx.filter(**expected).n_articles
        assert 0 < n < idx.n_articles
        assert board.status.text == status_text(n)
        seen.add(n)
    assert len(seen) > 1


def test_each_filter_matches_index(board, idx):
    author = str(idx.name_counts("author").idxmax())   # the picker lists people (multi-author fields split)
    board.author.value = author
    assert board.filters() == {"author": [author]}
    assert board.status.text == status_text(idx.filter(author=[author]).n_articles)
    board.author.value = ""

    months = board.dates.options
    assert len(months) >= 12
    board.dates.index = (2, 5)
    kw = board.filters()
    assert kw["start"] == f"{months[2]}-01" and kw["end"].startswith(months[5])
    n = idx.filter(**kw).n_articles
    assert 0 < n < idx.n_articles
    assert board.status.text == status_text(n)


def test_regex_filter(board, idx):
    term = _common_term(idx)
    pattern = f"{term}|zzqqxx"
    board.regex.value = True
    board.keyword.value = pattern
    assert board.filters() == {"keyword": pattern, "regex": True}
    assert board.status.text == status_text(idx.filter(keyword=pattern, regex=True).n_articles)


def test_charts_redrawn_on_filter_change(board, idx):
    before = bytes(board.terms_chart.value)
    board.publication.value = (_pubs(idx)[0],)
    after = bytes(board.terms_chart.value)
    assert after.startswith(PNG) and after != before
    # the visible tab only; a hidden tab draws when it is selected
    sources_before = bytes(board.sources_chart.value)
    board.publication.value = (_pubs(idx)[1],)
    assert bytes(board.sources_chart.value) == sources_before
    board.tabs.selected_index = TAB_TITLES.index("Sources")
    drawn = bytes(board.sources_chart.value)
    assert drawn.startswith(PNG) and drawn != sources_before


def _drawn_tabs(board) -> dict[str, list]:
    """Select every tab in turn; what each shows: its chart PNGs (the Read tab: its listing)."""
    shown = {}
    for i, title in enumerate(TAB_TITLES):
        board.tabs.selected_index = i
        images = board.tab(title).images
        shown[title] = [bytes(image.value) for image in images] or [board.read_list.options]
    assert board.tab_errors == {}
    return shown


@pytest.fixture(scope="module")
def unfiltered_tabs(idx) -> dict[str, list]:
    return _drawn_tabs(dashboard(idx))


def _set_filter(board, idx, name: str) -> None:
    if name == "keyword":
        board.keyword.value = _common_term(idx.filter(publication=_pubs(idx)[:3]))
    elif name == "months":
        board.dates.index = (2, 6)
    elif name == "author":
        board.author.value = str(idx.articles()["author"].dropna().astype(str).value_counts().index[0])
    elif name == "publication":
        board.publication.value = tuple(_pubs(idx)[:2])


@pytest.mark.parametrize("name", ["keyword", "months", "author", "publication"])
def test_every_chart_follows_each_filter(idx, unfiltered_tabs, name):
    board = dashboard(idx)
    _set_filter(board, idx, name)
    assert 0 < board.n_articles < idx.n_articles
    filtered = _drawn_tabs(board)
    for title in TAB_TITLES:
        if title == "Compare" and name == "publication":
            # Compare picks its own two publications; the publication selection is not applied to it
            assert "months, author and keyword filters apply" in board.compare_note.text
            continue
        for before, after in zip(unfiltered_tabs[title], filtered[title], strict=True):
            assert after != before, f"{title} did not change with the {name} filter"


def test_every_tab_draws(board, idx):
    images = {"Terms": [board.terms_chart], "Hashtags & handles": [board.hashtags_chart, board.handles_chart],
              "Quotes": [board.quotes_chart, board.quote_share_chart, board.speakers_chart],
              "Sources": [board.sources_chart],
              "Compare": [board.compare_chart]}
    for i, title in enumerate(TAB_TITLES):
        board.tabs.selected_index = i
        for image in images.get(title, []):
            assert bytes(image.value).startswith(PNG), title
    assert board.tab_errors == {}
    assert len(board.read_list.options) > 0


def test_empty_result_says_no_articles_match(board):
    board.keyword.value = "zzqqxx-not-a-word"
    assert board.status.text == NO_MATCH == "no articles match"
    for i in range(len(TAB_TITLES)):             # no tab raises on an empty view
        board.tabs.selected_index = i
    assert board.read_hint.text == "nothing to read: change the filters"
    assert board.read_list.options == ()


def test_invalid_regex_reports_instead_of_raising(board):
    board.regex.value = True
    board.keyword.value = "(("
    assert board.status.text.startswith("cannot filter")
    board.regex.value = False                     # "((" as plain text is fine (and no regex to suggest)
    assert board.status.text == status_text(board.index.filter(keyword="((").n_articles)


def test_reset(board, idx):
    board.publication.value = (_pubs(idx)[0],)
    board.keyword.value = _common_term(idx)
    redraws = board.redraws
    board.reset.click()
    assert board.filters() == {}
    assert board.status.text == status_text(idx.n_articles)
    assert board.redraws == redraws + 1          # one redraw, not one per control


def test_compare_tab(board, idx):
    a, b = _pubs(idx)[:2]
    board.tabs.selected_index = TAB_TITLES.index("Compare")
    board.compare_a.value, board.compare_b.value = a, b
    first = bytes(board.compare_chart.value)
    assert first.startswith(PNG) and a in board.compare_note.text
    board.compare_b.value = a
    assert board.compare_note.text == "choose two different publications"
    assert bytes(board.compare_chart.value) != first


def test_read_tab_kwic_and_article(board, idx):
    term = _common_term(idx)
    board.keyword.value = term
    board.tabs.selected_index = TAB_TITLES.index("Read")
    assert len(board.read_list.options) > 0
    label, value = board.read_list.options[0]
    assert term.casefold() in label.casefold()
    board.read_list.value = value
    focused = re.search(r'<mark class="toolkit-focus">([^<]*)</mark>', board.reader.value)
    assert focused and focused.group(1).casefold() == term.casefold()


def test_only_latest_filter_state_is_drawn(idx):
    """Fast changes inside a running event loop: stale redraws are dropped, the last one drawn."""
    pubs = _pubs(idx)

    async def scenario() -> Dashboard:
        board = dashboard(idx, debounce=0.05)
        start_redraws = board.redraws
        for p in pubs[:4]:
            board.publication.value = (p,)        # each change schedules a redraw ...
        assert board.redraws == start_redraws     # ... but none ran yet
        await asyncio.sleep(0.5)
        assert board.redraws == start_redraws + 1
        assert board.drawn_generation == board.generation
        return board

    board = asyncio.run(scenario())
    assert board.filters() == {"publication": [pubs[3]]}
    assert board.status.text == status_text(idx.filter(publication=[pubs[3]]).n_articles)


def test_tab_selected_while_a_redraw_is_pending_never_shows_the_old_filter(idx):
    pubs = _pubs(idx)
    drawn: list[tuple[str, int]] = []              # (tab, articles in the view it was drawn from)

    async def scenario() -> Dashboard:
        board = dashboard(idx, debounce=0.05)
        draw = board._draw
        board._draw = lambda title: (drawn.append((title, board.n_articles)), draw(title))
        board.publication.value = (pubs[0],)          # pending redraw ...
        board.tabs.selected_index = TAB_TITLES.index("Sources")   # ... and the tab changes meanwhile
        assert drawn == []                             # nothing drawn from the stale view
        await asyncio.sleep(0.5)
        return board

    board = asyncio.run(scenario())
    n = idx.filter(publication=[pubs[0]]).n_articles
    assert drawn == [("Sources", n)]
    assert board.status.text == status_text(n)
    assert bytes(board.sources_chart.value).startswith(PNG)


@pytest.mark.slow
def test_fast_changes_in_a_real_kernel_draw_only_the_last(idx, tmp_path_factory):
    """The frontend's messages in a real ipykernel: ten keyword updates in a row, one redraw."""
    from jupyter_client.manager import start_new_kernel

    cache = tmp_path_factory.getbasetemp() / "index-cache"
    term = _common_term(idx)
    typed = [term[:i] for i in range(1, len(term) + 1)] + [term + "s", term]   # typing, a slip, fixed
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=120)

    def run(code: str) -> str:
        out: list[str] = []
        reply = kc.execute_interactive(code, timeout=120, output_hook=lambda m: out.append(
            m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(out).strip()

    try:
        model_id, before = run(
            "import toolkit\nfrom toolkit.sample import SAMPLE_CSV\n"
            f"board = toolkit.dashboard(toolkit.CorpusIndex.from_files(SAMPLE_CSV, cache_dir={str(cache)!r}),"
            " debounce=1.0)\nprint(board.keyword.model_id, board.redraws)").split()
        for value in typed:                            # as the browser sends them: comm "update" messages
            kc.shell_channel.send(kc.session.msg("comm_msg", {
                "comm_id": model_id, "data": {"method": "update", "state": {"value": value},
                                              "buffer_paths": []}}))
        deadline = time.monotonic() + 60
        while run("print(board.drawn_generation == board.generation)") != "True":
            assert time.monotonic() < deadline, "the last change was never drawn"
            time.sleep(0.3)
        redraws, status = run("print(board.redraws); print(board.status.text)").splitlines()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert int(redraws) == int(before) + 1
    assert status == status_text(idx.filter(keyword=term).n_articles)


def test_accepts_index_dataframe_and_path(monkeypatch, tmp_path):
    from toolkit.sample import SAMPLE_CSV

    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))   # paths go through the index cache
    small = tmp_path / "small.csv"
    pd.read_csv(SAMPLE_CSV, index_col=0).head(40).to_csv(small)          # same layout, 40 rows
    df = toolkit.load(small)
    assert len(df) == 40
    expected = "40 articles match"
    assert dashboard(toolkit.CorpusIndex.build(df)).status.text == expected
    assert dashboard(df).status.text == expected
    assert dashboard(small).status.text == expected
    assert dashboard(str(small)).status.text == expected
    with pytest.raises(TypeError):
        dashboard(42)


def test_no_argument_opens_the_default_corpus(monkeypatch, tmp_path, idx, tmp_path_factory):
    """``toolkit.dashboard()``: ``$TOOLKIT_CORPUS`` when set, else the sample (``default_corpus()``)."""
    from toolkit.sample import SAMPLE_CSV, default_corpus
    from toolkit.widgets import corpus_path

    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "index-cache"))
    monkeypatch.delenv("TOOLKIT_CORPUS", raising=False)
    assert corpus_path() == default_corpus()
    assert toolkit.dashboard().status.text == status_text(idx.n_articles)
    small = tmp_path / "small.csv"
    pd.read_csv(SAMPLE_CSV, index_col=0).head(25).to_csv(small)
    monkeypatch.setenv("TOOLKIT_CORPUS", str(small))
    assert corpus_path() == str(small)
    assert toolkit.dashboard().status.text == "25 articles match"


def test_a_new_tab_is_one_class_and_one_list_entry(monkeypatch, idx):
    """The board draws whatever ``TABS`` lists: no title is special-cased."""
    import ipywidgets as W

    from toolkit.widgets import board as board_module

    class CountTab:
        title = "Count"

        def __init__(self, index, redraw):
            self.widget = W.Label(value="")
            self.images = []

        def draw(self, context):
            self.widget.value = str(context.n_articles)

    monkeypatch.setattr(board_module, "TABS", [*board_module.TABS, CountTab])
    board = dashboard(idx)
    assert board.tabs.titles[-1] == "Count" and board.tab("Count").widget.value == ""
    board.tabs.selected_index = len(board.tabs.titles) - 1
    assert board.tab("Count").widget.value == str(idx.n_articles)
    board.publication.value = (_pubs(idx)[0],)
    assert board.tab("Count").widget.value == str(board.n_articles) != str(idx.n_articles)


def test_escape_with_marks():
    import re

    out = escape_with_marks(f"a {HOSTILE_IMG} storm", re.compile("storm"))
    assert "<img" not in out and html.escape(HOSTILE_IMG) in out and out.endswith("<mark>storm</mark>")


def test_hostile_article_is_escaped():
    df = pd.DataFrame({
        "id": ["h1", "h2"], "title": [f"Bad {HOSTILE_SCRIPT}", "Calm"],
        "publication": pd.Categorical(["<b>Gazette</b>", "Herald"]), "author": pd.Categorical(["Eve", "Bob"]),
        "date": pd.to_datetime(["2016-03-01", "2016-04-01"]), "url": ["", ""],
        "content": [f"The storm came. {HOSTILE_IMG} then {HOSTILE_SCRIPT}.", "No storm here."],
    })
    board = dashboard(df)
    board.keyword.value = "storm"
    board.tabs.selected_index = TAB_TITLES.index("Read")
    labels = [label for label, _ in board.read_list.options]
    hostile = next(i for i, label in enumerate(labels) if "came" in label)
    board.read_list.value = hostile
    shown = board.reader.value
    assert "<img" not in shown and "<script" not in shown and "<b>Gazette" not in shown
    assert html.escape(HOSTILE_IMG) in shown and html.escape(HOSTILE_SCRIPT) in shown
    for i in range(len(TAB_TITLES)):              # hostile names in charts and lists draw fine
        board.tabs.selected_index = i
    assert board.tab_errors == {}
    board.keyword.value = ""                      # the title listing, then every article in turn
    board.tabs.selected_index = TAB_TITLES.index("Read")
    markup = []
    for _, value in board.read_list.options:
        board.read_list.value = value
        markup += _html_shown(board)
    board.tabs.selected_index = TAB_TITLES.index("Compare")
    markup += _html_shown(board)
    assert any("Gazette" in m for m in markup)
    for m in markup:                              # whatever the frontend renders as HTML is escaped
        assert "<img" not in m and "<script" not in m and "<b>Gazette" not in m, m


def test_math_in_names_is_never_typeset():
    """Names and keywords with $...$ or \\commands: charts draw, and no widget that typesets (Label,
    HTMLMath, a description) ever holds article-derived text; HTML lines keep MathJax out."""
    import ipywidgets as W

    math_pub, other = r"$x^2$ \href{http://e.com}{Daily}", r"Cost: $5 & $\frac{1}{0}$"
    df = pd.DataFrame({
        "id": ["m1", "m2", "m3"], "title": ["$a$ title", "Calm", "More"],
        "publication": pd.Categorical([math_pub, other, math_pub]), "author": ["$y$", "Bob", "Eve"],
        "date": pd.to_datetime(["2016-03-01", "2016-04-01", "2016-05-01"]), "url": ["", "", ""],
        "content": ["The storm $k$ came, officials said.", "No storm here.", "Rain fell on the town."],
    })
    board = dashboard(df)
    board.keyword.value = "$k$"
    assert board.status.text == "1 article matches"
    for i in range(len(TAB_TITLES)):
        board.tabs.selected_index = i
    assert board.tab_errors == {}
    assert math_pub in board.compare_note.text and other in board.compare_note.text
    assert html.escape(math_pub) in board.compare_note.value
    assert "$k$" in board.read_hint.text

    def typeset(widget) -> list[str]:       # every string the frontend hands to MathJax
        found = [widget.value] if isinstance(widget, (W.Label, W.HTMLMath)) else []
        found += [widget.description] if getattr(widget, "description", "") else []
        for child in getattr(widget, "children", ()):
            found += typeset(child)
        return found
    assert not any("$" in text or "\\" in text for text in typeset(board)), typeset(board)
    for line in (board.status, board.compare_note, board.read_hint):
        assert line.value.startswith('<span class="tex2jax_ignore mathjax_ignore">')


def _html_shown(widget) -> list[str]:
    """Every string in the widget tree that the frontend renders as HTML (HTML values, HTML descriptions)."""
    import ipywidgets as W

    found = []
    if isinstance(widget, (W.HTML, W.HTMLMath)):
        found.append(widget.value)
    if getattr(widget, "description_allow_html", False):
        found.append(widget.description)
    for child in getattr(widget, "children", ()):
        found += _html_shown(child)
    return found


def test_real_corpus_polnear():
    """A real multi-publication corpus: counts follow the index for each publication."""
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"))
    real = toolkit.CorpusIndex.build(df)
    board = dashboard(real)
    assert board.status.text == status_text(len(df))
    pubs = _pubs(real)
    assert len(pubs) >= 7
    for p in pubs[:3]:
        board.publication.value = (p,)
        assert board.status.text == status_text(real.filter(publication=[p]).n_articles)


def test_undated_articles_have_their_own_checkbox(tmp_path_factory):
    """AllSides has 591 undated articles: moving the months slider keeps them while the box is ticked."""
    real = toolkit.CorpusIndex.from_files(external_file("allsides-article-bias", "articles_sample.csv"),
                                          cache_dir=tmp_path_factory.getbasetemp() / "index-cache")
    dates = pd.to_datetime(real.articles()["date"])
    n_undated = int(dates.isna().sum())
    board = dashboard(real)
    assert board.undated.description == f"include {n_undated:,} undated" and board.undated.value
    assert board.status.text == status_text(real.n_articles)
    lo = board.dates.options.index("2016-01")
    board.dates.index = (lo, len(board.dates.options) - 1)
    dated = int((dates >= "2016-01-01").sum())
    assert board.status.text == status_text(dated + n_undated)
    board.undated.value = False
    assert board.status.text == status_text(dated)
    board.dates.index = (0, len(board.dates.options) - 1)
    assert board.status.text == status_text(real.n_articles - n_undated)
    board.reset_filters()
    assert board.undated.value and board.status.text == status_text(real.n_articles)
    assert dashboard(toolkit.CorpusIndex.build(real.articles().head(0).assign(content=[]), progress=False)
                     ).undated.layout.display == "none"


def test_stopword_and_furniture_controls_change_the_term_tables_without_a_rebuild(board, idx, monkeypatch):
    from toolkit.widgets import tabs as tabs_module

    drawn = []
    original = tabs_module.plots.top_terms
    def recording(table, **kw):
        drawn.append(table)
        return original(table, **kw)

    monkeypatch.setattr(tabs_module.plots, "top_terms", recording)
    board.tabs.selected_index = TAB_TITLES.index("Terms")
    assert board.stopwords.value == "news"
    board.stopwords.value = "none"
    assert drawn and "the" in drawn[-1]["term"].tolist()
    assert drawn[-1]["term"].tolist() == idx.top_terms(board.k, stopwords=None)["term"].tolist()
    board.stopwords.value = "english"
    assert drawn[-1]["term"].tolist() == idx.top_terms(board.k, stopwords="english")["term"].tolist()
    assert board.boilerplate.value is True and "lines" in board.boilerplate.description
    board.boilerplate.value = False
    assert drawn[-1].equals(idx.top_terms(board.k, stopwords="english", boilerplate=False))
    assert board.phrases.value is False and f"({len(idx.phrases):,} found)" in board.phrases.description
    board.phrases.value = True
    assert drawn[-1].equals(idx.top_terms(board.k, stopwords="english", boilerplate=False, phrases=True))
    assert board.index is idx and idx.vocabulary.stopwords == "news" and idx.vocabulary.boilerplate


def test_dictionary_tab_counts_escapes_and_reports_bad_dictionaries(board, idx):
    pubs = _pubs(idx)
    page = board.tab("Dictionary")
    board.tabs.selected_index = TAB_TITLES.index("Dictionary")
    assert bytes(page.chart.value).startswith(PNG) and "categories" in page.note.text
    page.text.value = '{"<img src=x onerror=alert(1)>": ["trump*"], "wall": ["wall", "border"]}'
    assert "<img src=x" not in page.table.value and "&lt;img src=x" in page.table.value
    board.publication.value = (pubs[0],)
    expected = toolkit.stats.dictionary_counts(idx.filter(publication=[pubs[0]]),
                                               {"t": ["trump*"], "w": ["wall", "border"]})
    header = re.findall(r"<th>(.*?)</th>", page.table.value)
    rows = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr.*?</tr>", page.table.value, re.S)]
    cells = [row for row in rows if row]
    assert [int(row[header.index("count")]) for row in cells] == expected["count"].tolist()
    page.text.value = '{"economy": ["new *"]}'
    assert "wildcards" in page.note.text and bytes(page.chart.value).startswith(PNG)
    page._on_upload({"new": [{"name": "d.json", "content": memoryview(b'{"economy": ["tax*"]}')}]})
    assert page.text.value == '{"economy": ["tax*"]}' and "1 categories" in page.note.text
    page.by.value = ""
    assert "1 categories" in page.note.text and "selection" in page.table.value


def test_compare_modes_keyword_against_the_rest_and_earlier_against_later(board, idx, monkeypatch):
    from toolkit.widgets import tabs as tabs_module

    seen = []
    original = tabs_module.stats.distinctive_terms

    def recording(a, b, **kw):
        seen.append((a.n_articles, b.n_articles, kw["labels"]))
        return original(a, b, **kw)

    monkeypatch.setattr(tabs_module.stats, "distinctive_terms", recording)
    page = board.tab("Compare")
    board.tabs.selected_index = TAB_TITLES.index("Compare")
    term = _common_term(idx)
    board.keyword.value = term
    page.mode.value = "rest"
    matching = idx.filter(keyword=term).n_articles
    assert seen[-1] == (matching, idx.n_articles - matching, ("matching", "the rest"))
    assert page.pickers.layout.display == "none" and f"{matching:,} matching" in page.note.text
    assert bytes(page.chart.value).startswith(PNG)
    page.mode.value = "halves"
    early, late, (label_a, label_b) = seen[-1]
    day = label_a.removeprefix("until ")
    view = idx.filter(keyword=term)
    assert early == view.filter(end=day).n_articles and late == view.filter(
        start=pd.Timestamp(day) + pd.Timedelta(days=1)).n_articles
    assert early + late == view.filter(undated=False).n_articles and abs(early - late) <= max(3, 0.2 * (early + late))
    page.mode.value = "publications"
    assert page.pickers.layout.display is None and seen[-1][2] == (page.a.value, page.b.value)


def test_an_index_with_its_own_stopword_list_keeps_it_in_the_dashboard(idx, tmp_path):
    from toolkit.index import Vocabulary

    mine = toolkit.CorpusIndex.load(idx.save(tmp_path / "copy"))     # its own object: idx stays as it is
    mine.vocabulary = Vocabulary(stopwords=["the", "a", "said"])
    board = dashboard(mine)
    assert board.stopwords.value == "index" and board.stopwords.options[0][1] == "index"
    board.tabs.selected_index = TAB_TITLES.index("Terms")
    assert board.context().stopwords is toolkit.index.UNSET
    assert bytes(board.terms_chart.value).startswith(PNG)
