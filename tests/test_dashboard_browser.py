"""The dashboard served by Voila and driven in Debian's headless Chromium through Playwright.

Recipe: ../shared/recipes/browser-testing-widgets.md (no browser download; /usr/bin/chromium).
Screenshots land in the ``artifacts_dir`` fixture's folder.
"""
from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "dashboard.ipynb"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_SCRIPT = "<script>window.__pwned=2</script>"

pytestmark = [
    pytest.mark.browser,
    # in CI (CI=true) scripts/setup.sh installs chromium, so a missing browser fails there instead of skipping
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK) and not os.environ.get("CI"),
                       reason=f"{CHROMIUM} is missing: install Debian's 'chromium' package "
                              "(apt-get install chromium) to run the browser tests"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """``voila notebooks/dashboard.ipynb`` on a free loopback port, stopped by its own pid."""

    def __init__(self, logdir: Path, cache: Path, corpus: Path | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.logpath = logdir / f"voila-{self.port}.log"
        env = dict(os.environ)
        env.pop("TOOLKIT_CORPUS", None)
        env["TOOLKIT_CACHE_DIR"] = str(cache)     # the session's index cache, not the user's home
        if corpus is not None:
            env["TOOLKIT_CORPUS"] = str(corpus)
        self._log = open(self.logpath, "w")
        voila = Path(sys.executable).with_name("voila")      # the venv's own voila
        self.proc = subprocess.Popen(
            [str(voila), NOTEBOOK.name, "--no-browser", f"--port={self.port}", "--Voila.ip=127.0.0.1"],
            cwd=NOTEBOOK.parent, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"voila exited {self.proc.returncode}:\n{self.log()}")
            try:
                urllib.request.urlopen(self.url, timeout=2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"voila did not answer in {timeout} s:\n{self.log()}")
                time.sleep(0.3)

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
    """Three articles; one carries an <img onerror> and a <script> in its title and text."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.csv"
    rows = [
        {"id": "h1", "title": f"Bad title {HOSTILE_SCRIPT}", "publication": "Gazette",
         "author": "Eve", "date": "2016-03-01",
         "content": f"Voters said the storm was bad. {HOSTILE_IMG} Then {HOSTILE_SCRIPT} ended."},
        {"id": "h2", "title": "Calm day", "publication": "Gazette", "author": "Ann",
         "date": "2016-04-02", "content": "Nothing happened in the storm today, officials said."},
        {"id": "h3", "title": "Other paper", "publication": "Herald", "author": "Bob",
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
    """Both Voila servers start together (the sample one and the hostile one) to save time."""
    logdir = tmp_path_factory.mktemp("voila")
    started = {"sample": VoilaServer(logdir, index_cache),
               "hostile": VoilaServer(logdir, index_cache, hostile_corpus)}
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
    ctx.route("https://cdn.jsdelivr.net/**", lambda r: r.abort())   # Voila's icon CSS; offline
    pg = ctx.new_page()
    yield pg
    ctx.close()


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
    _status(page, f"{n_all} articles match", server, timeout=90_000)
    src0 = _wait_new_chart(page, ".toolkit-chart-terms", "")
    assert page.get_by_text(f"{n_all} articles match", exact=True).count() == 1
    page.screenshot(path=artifacts_dir / "dashboard-1-initial.png", full_page=True)

    page.select_option(".toolkit-publication select", [pub])
    _status(page, f"{n_pub} articles match", server)
    src1 = _wait_new_chart(page, ".toolkit-chart-terms", src0)
    page.screenshot(path=artifacts_dir / "dashboard-2-publication.png", full_page=True)

    box = page.locator(".toolkit-keyword input")
    box.fill(keyword)
    box.press("Enter")
    _status(page, f"{n_kw} articles match", server)
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
    _status(page, f"{n_kw} articles match", server)
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


def test_hostile_article_is_shown_not_run(servers, page, artifacts_dir):
    server = servers["hostile"]
    page.goto(server.url)
    _status(page, "3 articles match", server, timeout=90_000)
    _wait_new_chart(page, ".toolkit-chart-terms", "")
    page.get_by_role("tab", name="Read").click()
    box = page.locator(".toolkit-keyword input")
    box.fill("storm")
    box.press("Enter")
    _status(page, "2 articles match", server)
    listing = page.locator(".toolkit-read-list select option")
    listing.first.wait_for(timeout=30_000)
    labels = listing.all_inner_texts()
    hostile = next(i for i, label in enumerate(labels) if "Voters" in label)
    page.locator(".toolkit-read-list select").select_option(index=hostile)
    reader = page.locator(".toolkit-reader")
    reader.get_by_text("Then", exact=False).first.wait_for(timeout=30_000)
    text = reader.inner_text()
    page.screenshot(path=artifacts_dir / "dashboard-hostile-read.png", full_page=True)
    assert HOSTILE_IMG in text and HOSTILE_SCRIPT in text      # the characters are visible
    assert page.evaluate("typeof window.__pwned") == "undefined"  # and nothing ran
    assert page.locator(".toolkit-dashboard img[src='x']").count() == 0
    assert page.locator(".toolkit-dashboard script").count() == 0
