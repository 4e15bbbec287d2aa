"""Take the README's screenshot of the dashboard on a real corpus (``docs/dashboard.png``).

Serves the corpus with ``scripts/serve_dashboard.sh`` on a free loopback port, opens it in Debian's
headless Chromium (as the browser tests do), types a keyword, shows the Sources and Read tabs, and saves
one PNG per view into ``docs/``.

    .venv/bin/python scripts/screenshot_dashboard.py ../shared/data/external/allsides-article-bias/articles_sample.csv
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(corpus: str, keyword: str = "wall OR border") -> None:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, "PORT": str(port), "TOOLKIT_CORPUS": str(Path(corpus).resolve())}
    server = subprocess.Popen(["bash", str(REPO / "scripts" / "serve_dashboard.sh")], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"the dashboard did not start at {url}")
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.locator(".toolkit-status").get_by_text("articles match").wait_for(timeout=120_000)
            page.wait_for_timeout(2_000)
            page.screenshot(path=REPO / "docs" / "dashboard.png")
            box = page.locator(".toolkit-keyword input")
            box.fill(keyword)
            box.press("Enter")
            page.wait_for_timeout(2_000)
            page.get_by_role("tab", name="Read").click()
            page.locator(".toolkit-read-list option").first.wait_for(timeout=60_000)
            page.select_option(".toolkit-read-sort select", label="right context")
            page.wait_for_timeout(2_000)
            page.locator(".toolkit-read-list select").select_option(index=3)
            page.locator(".toolkit-reader mark.toolkit-focus").wait_for(timeout=60_000)
            page.screenshot(path=REPO / "docs" / "dashboard-read.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(*sys.argv[1:])
