"""A real headless browser for the report tests: Debian's chromium + chromium-driver via Selenium.

Skips cleanly when Selenium, ``chromium`` or ``chromedriver`` is missing (``.ci/run``
installs them). Nothing here downloads a browser or a driver.
"""

from __future__ import annotations

import http.server
import json
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1000,900",
)


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def chrome() -> Iterator[Any]:
    """A Selenium Chrome driver on the system chromium, with the performance log on."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    browser = _binary("chromium", "chromium-browser")
    driver_path = _binary("chromedriver")
    if browser is None or driver_path is None:
        pytest.skip("needs Debian chromium and chromium-driver (apt-get install chromium chromium-driver)")
    with tempfile.TemporaryDirectory(prefix="textmend-chrome-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in CHROME_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
        try:
            yield driver
        finally:
            driver.quit()


def requests_sent(driver: Any, page: str | None = None) -> list[str]:
    """URLs of every request sent since the last call (Chrome's performance log).

    With ``page``, only requests made for that document (the ``documentURL`` Chrome
    records on each request): the page's own load and anything it fetched or tried to,
    not the browser's start page that loads beside it.
    """
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            params = message["params"]
            if page is None or params.get("documentURL") == page:
                urls.append(params["request"]["url"])
    return urls


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_error(404)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every path asked of it: ``(base URL, hits)``."""
    hits: list[str] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
