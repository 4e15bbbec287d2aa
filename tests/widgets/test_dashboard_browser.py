"""The dashboard served by ``scripts/serve_dashboard.sh`` (Voila) and driven in Debian's headless Chromium.

Recipe: ../shared/recipes/browser-testing-widgets.md (no browser download; /usr/bin/chromium).
The servers are started with the README's own command, ``bash scripts/serve_dashboard.sh``, on a free
loopback port. Screenshots land in the ``artifacts_dir`` fixture's folder.
"""
from __future__ import annotations

import csv
import os
import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.widgets import TAB_TITLES, status_text

pytestmark = pytest.mark.slow  # starts a dask cluster, a kernel or a browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
REPO = Path(__file__).resolve().parents[2]
SERVE = REPO / "scripts" / "serve_dashboard.sh"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_SCRIPT = "<script>window.__pwned=2</script>"
# hostile metadata too: publication names and an author reach the filter panel, Compare and Read
HOSTILE_PUB = '<img src=x onerror="window.__pwned=3">Gazette'
OTHER_PUB = r"Herald<script>window.__pwned=4</script> $x^2$ \(y\)"   # and TeX that MathJax would typeset
HOSTILE_AUTHOR = 'Eve <img src=x onerror="window.__pwned=5">'

# in CI (CI=true) scripts/setup.sh installs chromium, so a missing browser fails there instead of skipping
needs_chromium = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK) and not os.environ.get("CI"),
                                    reason=f"{CHROMIUM} is missing: install Debian's 'chromium' package "
                                           "(apt-get install chromium) to run the browser tests")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """``bash scripts/serve_dashboard.sh`` on a free loopback port, run from ``cwd``, stopped by its own pid.

    The script ``exec``s Voila, so the child's pid is Voila's. ``corpus`` becomes ``TOOLKIT_CORPUS``
    exactly as given (relative paths are the script's to resolve against ``cwd``).
    """

    def __init__(self, logdir: Path, cache: Path, corpus: str | None = None, cwd: Path = REPO,
                 extra_env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.logpath = logdir / f"voila-{self.port}.log"
        env = dict(os.environ)
        env.pop("TOOLKIT_CORPUS", None)
        env["PORT"] = str(self.port)
        env["TOOLKIT_CACHE_DIR"] = str(cache)     # the session's index cache, not the user's home
        if corpus is not None:
            env["TOOLKIT_CORPUS"] = corpus
        env.update(extra_env or {})
        self._log = open(self.logpath, "w")
        self.proc = subprocess.Popen(["bash", str(SERVE)], cwd=cwd, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        """Poll until Voila answers; then check the script printed this very URL."""
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"voila exited {self.proc.returncode}:\n{self.log()}")
            try:
                urllib.request.urlopen(self.url, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"voila did not answer in {timeout} s:\n{self.log()}")
                time.sleep(0.3)
        self._log.flush()
        printed = re.findall(r"dashboard: open (\S+) in your browser", self.logpath.read_text())
        assert printed == [self.url], f"serve_dashboard.sh printed {printed}, Voila serves {self.url}"

    def log(self) -> str:
        self._log.flush()
        return self.logpath.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        """Terminate (Voila then shuts its kernels down) and wait; ``terminate`` first for several."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory) -> Path:
    """Three articles with <img onerror> and <script> in text, titles, publication names and an author."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.csv"
    rows = [
        {"id": "h1", "title": f"Bad title {HOSTILE_SCRIPT}", "publication": HOSTILE_PUB,
         "author": HOSTILE_AUTHOR, "date": "2016-03-01",
         "content": f"Voters said the storm was bad. {HOSTILE_IMG} Then {HOSTILE_SCRIPT} ended. #storm"},
        {"id": "h2", "title": f"Calm day {HOSTILE_IMG}", "publication": HOSTILE_PUB, "author": "Ann",
         "date": "2016-04-02", "content": "Nothing happened in the storm today, officials said."},
        {"id": "h3", "title": "Other paper", "publication": OTHER_PUB, "author": "Bob",
         "date": "2016-05-03", "content": "A quiet story about farming and rain."},
    ]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def index_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.getbasetemp() / "index-cache"


@pytest.fixture(scope="module")
def servers(tmp_path_factory, hostile_corpus, index_cache) -> Iterator[dict[str, VoilaServer]]:
    """The servers start together to save time: the README's command as is (bundled sample), the same
    command run from the hostile corpus's folder with a relative ``TOOLKIT_CORPUS``, and AllSides (491
    sources, from ../shared)."""
    from tests.external import external_file

    logdir = tmp_path_factory.mktemp("voila")
    allsides = external_file("allsides-article-bias", "articles_sample.csv")
    started = {"sample": VoilaServer(logdir, index_cache),
               "hostile": VoilaServer(logdir, index_cache, corpus=hostile_corpus.name,
                                      cwd=hostile_corpus.parent),
               "allsides": VoilaServer(logdir, index_cache, corpus=str(allsides))}
    try:
        for server in started.values():
            server.wait_ready()
        yield started
    finally:
        for server in started.values():      # both shut down at once, then wait for each
            server.proc.terminate()
        for server in started.values():
            server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []   # the dashboard must not reach beyond this machine (no CDN, no network)
    ctx.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:"))
           else outside.append(r.url))
    pg = ctx.new_page()
    yield pg
    ctx.close()
    assert not outside, f"the dashboard requested resources outside the machine: {outside[:5]}"


@pytest.fixture(scope="module")
def sample_index(index_cache):
    """The sample's index, built (or reopened) in the cache the Voila kernels use: they start fast."""
    import toolkit
    from toolkit.sample import SAMPLE_CSV

    return toolkit.CorpusIndex.from_files(SAMPLE_CSV, cache_dir=index_cache)


def _status(page, text: str, server: VoilaServer, timeout: int = 30_000) -> None:
    from playwright.sync_api import expect

    try:
        expect(page.locator(".toolkit-status").get_by_text(text, exact=True)).to_be_visible(
            timeout=timeout)
    except AssertionError as exc:
        shown = page.locator(".toolkit-status").all_inner_texts()
        raise AssertionError(f"status never read {text!r} (shows {shown}); voila log:\n"
                             f"{server.log()}") from exc


def _chart_src(page, css: str) -> str:
    return page.locator(f"img{css}").get_attribute("src") or ""


def _wait_new_chart(page, css: str, old: str) -> str:
    page.wait_for_function(
        "([css, old]) => { const i = document.querySelector('img' + css);"
        " return i && i.complete && i.naturalWidth > 0 && i.src !== old; }",
        arg=[css, old], timeout=30_000)
    return _chart_src(page, css)


@pytest.mark.browser
@needs_chromium
def test_filters_change_count_and_chart(servers, page, sample_index, artifacts_dir):
    server = servers["sample"]
    pubs = sample_index.source_counts()["publication"].astype(str).tolist()
    pub = pubs[0]
    n_all = sample_index.n_articles
    n_pub = sample_index.filter(publication=[pub]).n_articles
    in_pub = sample_index.filter(publication=[pub])
    # a frequent word that only some of the publication's articles contain, so the chart must change
    keyword, n_kw = next((t, n) for t in in_pub.top_terms(30)["term"].astype(str)
                         if 0 < (n := in_pub.filter(keyword=t).n_articles) < n_pub)
    assert n_all > n_pub > 0 and n_pub >= n_kw > 0

    page.goto(server.url)
    _status(page, status_text(n_all), server, timeout=90_000)
    src0 = _wait_new_chart(page, ".toolkit-chart-terms", "")
    assert page.get_by_text(status_text(n_all), exact=True).count() == 1
    page.screenshot(path=artifacts_dir / "dashboard-1-initial.png", full_page=True)

    page.select_option(".toolkit-publication select", label=f"{pub} ({n_pub:,})")    # listed with its count
    _status(page, status_text(n_pub), server)
    src1 = _wait_new_chart(page, ".toolkit-chart-terms", src0)
    page.screenshot(path=artifacts_dir / "dashboard-2-publication.png", full_page=True)

    box = page.locator(".toolkit-keyword input")
    box.fill(keyword)
    box.press("Enter")
    _status(page, status_text(n_kw), server)
    src2 = _wait_new_chart(page, ".toolkit-chart-terms", src1)
    assert len({src0, src1, src2}) == 3

    box.fill("zzqqxxnotaword")
    box.press("Enter")
    _status(page, "no articles match", server)
    src3 = _wait_new_chart(page, ".toolkit-chart-terms", src2)      # the "no articles match" chart
    assert page.get_by_text("no articles match", exact=True).count() == 1     # the status line only
    page.screenshot(path=artifacts_dir / "dashboard-3-empty.png", full_page=True)

    box.fill(keyword)
    box.press("Enter")
    _status(page, status_text(n_kw), server)
    _wait_new_chart(page, ".toolkit-chart-terms", src3)
    page.get_by_role("tab", name="Sources").click()
    _wait_new_chart(page, ".toolkit-chart-sources", "")
    page.screenshot(path=artifacts_dir / "dashboard-4-sources.png", full_page=True)
    page.get_by_role("tab", name="Compare").click()
    _wait_new_chart(page, ".toolkit-chart-compare", "")
    page.screenshot(path=artifacts_dir / "dashboard-5-compare.png", full_page=True)
    page.get_by_role("tab", name="Read").click()
    page.locator(".toolkit-read-list select").select_option(index=0)
    expect_reader = page.locator(".toolkit-reader mark").first
    expect_reader.wait_for(timeout=30_000)
    assert keyword.casefold() in expect_reader.inner_text().casefold()
    page.screenshot(path=artifacts_dir / "dashboard-6-read.png", full_page=True)


def _texts(locator) -> list[str]:
    """Inner texts with the no-break spaces ipywidgets puts in <option>s made plain again."""
    return [t.replace("\xa0", " ") for t in locator.all_inner_texts()]


@pytest.mark.browser
@needs_chromium
def test_hostile_article_is_shown_not_run(servers, page, artifacts_dir):
    """Every place article text or metadata reaches the page shows the characters and runs nothing."""
    server = servers["hostile"]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server.url)
    _status(page, "3 articles match", server, timeout=90_000)   # TOOLKIT_CORPUS=hostile.csv, relative
    _wait_new_chart(page, ".toolkit-chart-terms", "")

    # filter panel: publication names and authors, with their article counts
    assert _texts(page.locator(".toolkit-publication select option")) == [f"{HOSTILE_PUB} (2)", f"{OTHER_PUB} (1)"]
    assert f"{HOSTILE_AUTHOR} (1)" in _texts(page.locator(".toolkit-author select option"))
    # the header: the corpus path and the load report, as text
    header = page.locator(".toolkit-header").inner_text()
    assert "hostile.csv" in header and "3 articles" in header and "2 publications" in header

    # Compare: publication names in the dropdowns and in the note
    page.get_by_role("tab", name="Compare").click()
    _wait_new_chart(page, ".toolkit-chart-compare", "")
    assert _texts(page.locator(".toolkit-compare-a select option")) == [HOSTILE_PUB, OTHER_PUB]
    note = page.locator(".toolkit-compare-note").get_by_text("articles (months, author and keyword filters apply)")
    note.wait_for(timeout=30_000)
    assert HOSTILE_PUB in note.inner_text() and OTHER_PUB in note.inner_text()

    # Read: the title listing, then keyword-in-context lines, then the article itself
    page.get_by_role("tab", name="Read").click()
    listing = page.locator(".toolkit-read-list select option")
    listing.first.wait_for(timeout=30_000)
    titles = _texts(listing)
    assert any(HOSTILE_PUB in t and f"Bad title {HOSTILE_SCRIPT}" in t for t in titles), titles
    assert any(f"Calm day {HOSTILE_IMG}" in t for t in titles), titles
    box = page.locator(".toolkit-keyword input")
    box.fill("storm")
    box.press("Enter")
    _status(page, "2 articles match", server)
    page.wait_for_function("() => Array.from(document.querySelectorAll('.toolkit-read-list option'))"
                           ".some(o => o.textContent.replace(/\\u00a0/g, ' ').includes('  storm  '))",
                           timeout=30_000)                                  # the match in the KWIC column
    lines = _texts(listing)
    hostile = next(i for i, line in enumerate(lines) if "Voters" in line)
    assert lines[hostile].startswith(f"2016-03-01  {HOSTILE_PUB[:14]}")
    assert lines[hostile].endswith(f"| Bad title {HOSTILE_SCRIPT}")          # the title, literally
    page.locator(".toolkit-read-list select").select_option(index=hostile)
    reader = page.locator(".toolkit-reader")
    reader.get_by_text("Then", exact=False).first.wait_for(timeout=30_000)
    text = reader.inner_text()
    page.screenshot(path=artifacts_dir / "dashboard-hostile-read.png", full_page=True)
    for shown in (HOSTILE_IMG, HOSTILE_SCRIPT, f"Bad title {HOSTILE_SCRIPT}", HOSTILE_PUB, HOSTILE_AUTHOR):
        assert shown in text, shown                                # the characters are visible
    assert reader.locator("mark").first.inner_text() == "storm"

    # ... and nothing ran: no handler fired, no element was made from article text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator(".toolkit-dashboard script").count() == 0
    # ... and no name was typeset as mathematics
    assert page.locator("mjx-container, .MathJax, .MathJax_Display, .MathJax_Preview").count() == 0


#: what in the dashboard is cut off: elements past the viewport's right edge, and text wider than a box that
#: hides its overflow (a label, a tab title, the months readout cut short)
_CUT_OFF_JS = """() => {
  const vw = document.documentElement.clientWidth, cut = [];
  for (const el of document.querySelectorAll('.toolkit-dashboard *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const hidden = ['hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    if (r.right > vw + 1 || (hidden && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 2))
      cut.push(`${el.tagName}.${el.className} ${JSON.stringify((el.innerText || '').slice(0, 30))} `
               + `right ${Math.round(r.right)} of ${vw}, ${el.scrollWidth} in ${el.clientWidth}`);
  }
  return cut;
}"""


@pytest.mark.browser
@needs_chromium
def test_every_tab_fits_a_narrow_notebook_column(servers, browser, sample_index, artifacts_dir):
    """760 px, about a JupyterLab notebook column with the side bar open: nothing cut off in any tab (the tab
    titles wrap, the filters go above the tabs, labels and the months readout are whole)."""
    server = servers["sample"]
    ctx = browser.new_context(viewport={"width": 760, "height": 2400})
    try:
        page = ctx.new_page()
        page.goto(server.url)
        _status(page, status_text(sample_index.n_articles), server, timeout=90_000)
        _wait_new_chart(page, ".toolkit-chart-terms", "")
        tabs = page.locator(".toolkit-tabs .lm-TabBar-tab")
        assert tabs.count() == len(TAB_TITLES)
        for title in TAB_TITLES:
            page.get_by_role("tab", name=title).click()
            page.get_by_role("tab", name=title, selected=True).wait_for()
            page.wait_for_timeout(400)        # (the panel's controls are laid out; charts come later, at their size)
            assert page.evaluate(_CUT_OFF_JS) == [], title
        page.screenshot(path=artifacts_dir / "dashboard-narrow.png", full_page=True)
    finally:
        ctx.close()


@pytest.mark.browser
@needs_chromium
def test_real_corpus_search_box_facets_and_header(servers, page, allsides_corpus, artifacts_dir):
    """AllSides (491 sources): find a publication through the search box, filter on a facet, read the header."""
    server = servers["allsides"]
    _, idx = allsides_corpus
    page.goto(server.url)
    _status(page, status_text(idx.n_articles), server, timeout=90_000)
    header = page.locator(".toolkit-header").inner_text()
    assert f"{idx.n_articles:,} articles" in header and "491 publications" in header
    assert "articles_sample.csv" in header and "591 undated" in header
    report = idx.load_report
    assert f"{report.rows_repaired:,} repaired" in header                         # the folded report's title
    page.locator(".toolkit-header-report").get_by_text("load report", exact=False).first.click()
    page.locator(".toolkit-header-report").get_by_text("mojibake", exact=False).first.wait_for(timeout=30_000)

    counts = idx.name_counts("publication")
    options = page.locator(".toolkit-publication select option")
    assert options.count() == 491
    search = page.locator(".toolkit-publication .toolkit-picker-search input")
    search.fill("fox")
    wanted = [name for name in counts.index if "fox" in name.casefold()]
    page.wait_for_function("n => document.querySelectorAll('.toolkit-publication select option').length === n",
                           arg=len(wanted), timeout=30_000)
    labels = _texts(options)
    assert labels == [f"{name} ({counts[name]:,})" for name in wanted]
    pub = max(wanted, key=lambda name: counts[name])
    page.select_option(".toolkit-publication select", label=f"{pub} ({counts[pub]:,})")
    _status(page, status_text(idx.filter(publication=pub).n_articles), server)
    search.fill("")                                   # the choice stays when the search changes
    _status(page, status_text(idx.filter(publication=pub).n_articles), server)
    assert "1 of 491 chosen" in page.locator(".toolkit-publication").inner_text()
    page.screenshot(path=artifacts_dir / "dashboard-allsides-search.png", full_page=True)
    titles = page.evaluate("Array.from(document.querySelectorAll('.toolkit-tabs .lm-TabBar-tabLabel'))"
                           ".map(e => [e.textContent, e.scrollWidth > e.clientWidth + 1])")
    assert [t for t, _ in titles] == TAB_TITLES and not [t for t, cut in titles if cut]   # titles shown whole
    page.locator(".toolkit-publication button.toolkit-picker-none").click()
    _status(page, status_text(idx.n_articles), server)

    page.locator(".toolkit-facets").get_by_text("bias_text", exact=True).click()
    facet_counts = idx.name_counts("bias_text")
    page.select_option(".toolkit-facet-bias_text select", label=f"left ({facet_counts['left']:,})")
    _status(page, status_text(idx.filter(facets={"bias_text": "left"}).n_articles), server)
    page.screenshot(path=artifacts_dir / "dashboard-allsides-facet.png", full_page=True)

    # export the Terms tab's table and read the downloaded file
    terms_export = page.locator(".toolkit-export").first
    terms_export.locator("select").select_option(label="table (CSV)")
    terms_export.locator("button.toolkit-export-prepare").click()
    link = terms_export.locator(".toolkit-export-result a[download]")
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    saved = artifacts_dir / "dashboard-allsides-terms.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "terms_bias-text-left.csv"
    table = pd.read_csv(saved, encoding="utf-8-sig")
    left = idx.filter(facets={"bias_text": "left"})
    assert table["term"].tolist() == left.top_terms(15)["term"].tolist()
    assert table["count"].tolist() == left.top_terms(15)["count"].tolist()

    # KWIC as AntConc: sorted by the right context, then a line far into its article opens with the match in view
    from playwright.sync_api import expect

    view = idx.filter(facets={"bias_text": "left"})
    query = "wall OR border"
    box = page.locator(".toolkit-keyword input")
    box.fill(query)
    box.press("Enter")
    _status(page, status_text(view.filter(keyword=query).n_articles), server)
    page.get_by_role("tab", name="Read").click()
    page.select_option(".toolkit-read-sort select", label="right context")
    expected = toolkit.stats.kwic(view.filter(keyword=query), query, window=50, sort="right", limit=200)
    page.wait_for_function("n => document.querySelectorAll('.toolkit-read-list option').length === n",
                           arg=len(expected), timeout=30_000)
    page.locator(".toolkit-read-hint").get_by_text(f"of {expected.attrs['total']:,} keyword", exact=False)\
        .wait_for(timeout=30_000)
    column = 10 + 2 + 14 + 2 + 50 + 2
    for _ in range(150):  # the list is redrawn when the sort arrives: same length before and after
        labels = _texts(page.locator(".toolkit-read-list option"))
        shown = [label[column:column + len(m)] for label, m in zip(labels, expected["match"])]
        if shown == expected["match"].tolist():
            break
        page.wait_for_timeout(200)
    assert shown == expected["match"].tolist()
    far = int(expected["start"].idxmax())
    assert expected["start"].iloc[far] > 2_000                   # deep in its article
    page.locator(".toolkit-read-list select").select_option(index=far)
    focus = page.locator(".toolkit-reader mark.toolkit-focus")
    focus.wait_for(timeout=30_000)
    assert focus.inner_text().casefold() == expected["match"].iloc[far].casefold()
    page.locator(".toolkit-reader").scroll_into_view_if_needed()
    expect(focus).to_be_in_viewport()
    page.screenshot(path=artifacts_dir / "dashboard-allsides-kwic.png", full_page=False)


@pytest.mark.browser
@needs_chromium
def test_a_corpus_that_cannot_open_shows_its_error_in_the_page(servers, page, hostile_corpus):
    """The corpus was fine when the server started, then lost its text column: the page shows the
    LoadError's text (file and reason) instead of Voila's generic error. (The file is put back after.)"""
    from playwright.sync_api import expect

    server = servers["hostile"]
    original = hostile_corpus.read_bytes()
    try:
        hostile_corpus.write_text("id,publication,score\na,Daily,1\nb,Weekly,2\n")
        page.goto(server.url)
        error = page.locator(".toolkit-error")
        expect(error).to_be_visible(timeout=90_000)
        text = error.inner_text()
    finally:
        hostile_corpus.write_bytes(original)
    assert f"cannot open the corpus {hostile_corpus}" in text
    assert f"{hostile_corpus}: no usable text column" in text and "'score'" in text
    assert page.locator(".toolkit-dashboard").count() == 0


def test_serve_script_stops_on_a_corpus_that_cannot_open(tmp_path):
    """Checked before the server starts: the same message as the page's, exit status 1, no URL."""
    bad = tmp_path / "notes.csv"
    bad.write_text("id,title\n1,No text here\n")
    env = {**os.environ, "PORT": str(_free_port()), "TOOLKIT_CORPUS": str(bad),
           "TOOLKIT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(["bash", str(SERVE)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"error: cannot open the corpus {bad}:\n{bad}: no usable text column" in done.stderr
    assert "dashboard: open" not in done.stdout


def test_serve_script_stops_on_a_taken_port(tmp_path):
    """No silent switch to another port: the URL the script prints is always the one served."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PORT": str(port)}
        done = subprocess.run(["bash", str(SERVE)], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=60)
    assert done.returncode != 0
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "dashboard: open" not in done.stdout


def _kernels_of(pid: int) -> list[int]:
    """Pids of the ipykernel processes started by process ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"ipykernel" in cmdline:
            found.append(int(entry.name))
    return found


@pytest.mark.browser
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads kernel processes from /proc")
def test_the_kernel_of_a_closed_page_is_culled(tmp_path, hostile_corpus, index_cache, browser):
    """Each page load starts a kernel; once the page is closed the server shuts it down when idle."""
    server = VoilaServer(tmp_path, index_cache, corpus=str(hostile_corpus),
                         extra_env={"CULL_IDLE_SECONDS": "3", "CULL_INTERVAL": "1"})
    try:
        server.wait_ready()           # its plain GET rendered the page once: a kernel nobody connects to

        def wait_until_culled(pids: list[int]) -> None:
            deadline = time.monotonic() + 60
            while set(pids) & set(_kernels_of(server.proc.pid)):
                assert time.monotonic() < deadline, f"kernels {pids} still run:\n{server.log()}"
                time.sleep(0.5)
        wait_until_culled(_kernels_of(server.proc.pid))
        ctx = browser.new_context()
        page = ctx.new_page()
        page.goto(server.url)
        _status(page, "3 articles match", server, timeout=90_000)
        mine = _kernels_of(server.proc.pid)
        assert len(mine) == 1
        page.wait_for_timeout(4_500)                     # idle (over 3 s) but connected: kept
        assert _kernels_of(server.proc.pid) == mine
        ctx.close()
        wait_until_culled(mine)
    finally:
        server.stop()
