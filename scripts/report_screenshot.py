"""Write docs/report.png: the review page of examples/spun_article.txt, first mark focused.

Usage: python scripts/report_screenshot.py [OUT.png]

Needs Debian ``chromium`` and ``chromium-driver`` and Selenium (the ``test`` extra).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.keys import Keys

import textmend
from textmend.report import to_html

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "spun_article.txt"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=900,820",
)


def main(out: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    html = to_html([("examples/spun_article.txt", text, textmend.repair(text))])
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "chromium"
        for flag in (*FLAGS, f"--user-data-dir={tmp}/profile"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
        try:
            driver.get(page.as_uri())
            driver.find_element("css selector", "body").send_keys(Keys.TAB)  # focus: tooltip shows
            driver.execute_script("window.scrollTo(0, 0)")
            driver.save_screenshot(str(out))
        finally:
            driver.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "report.png")
