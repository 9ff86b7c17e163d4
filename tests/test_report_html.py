"""`report --format html` in a real headless browser (Debian's chromium through Selenium): one file that
loads nothing, logs no error, draws its three SVG charts with a size, keeps a hostile title as text,
and reads in light, dark and print.

Screenshots of each mode are written next to the page (`tmp_path`), for a person to look at."""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.followup_env import TODAY, make_repo

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
HOSTILE = "Login errors <script>alert(1)</script> <img src=x onerror=alert(2)>"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,900",
)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("no headless browser: install Debian's chromium and chromium-driver (.ci/run does)")
    try:
        # Here, not at the top: without selenium the browser tests are skipped, not the module broken.
        from selenium import webdriver  # noqa: PLC0415
        from selenium.webdriver.chrome.service import Service  # noqa: PLC0415
    except ImportError:
        pytest.skip("selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tmp_path / "profile"
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(make_repo(tmp_path / "incidents"))
    target = tmp_path / "report.html"
    code, out, err = run("report", "--today", TODAY, "--format", "html", "--output", str(target))
    assert (code, out, err) == (0, "", "")
    return target


# Chromium's own pages (chrome://resources for its internal start or error pages) are the browser's,
# not the report's, and never touch the network: they would make the check flaky, not stricter.
_BROWSER_OWN = ("chrome://", "chrome-untrusted://", "devtools://")


def requests_made(driver: Any) -> list[str]:
    """URLs of every request a page made, from chromium's performance log, the browser's own aside."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            made, document = params["request"]["url"], params.get("documentURL", "")
            if not made.startswith(_BROWSER_OWN) and not document.startswith(_BROWSER_OWN):
                urls.append(made)
    return urls


def test_the_page_loads_nothing_logs_no_error_and_draws_its_charts(browser: Any, page: Path) -> None:
    url = page.as_uri()
    browser.get_log("performance")  # drain what the empty start page did
    browser.get(url)
    assert browser.title == "Postmortem follow-ups on 2026-10-01"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    assert requests_made(browser) == [url]
    sizes = browser.execute_script(
        "return [...document.querySelectorAll('svg.chart')].map(svg => {"
        "  const box = svg.getBoundingClientRect();"
        "  const bars = svg.querySelectorAll('rect').length;"
        "  return [svg.getAttribute('aria-label'), box.width, box.height, bars];"
        "})"
    )
    assert [s[0] for s in sizes] == [
        "Themes per quarter",
        "Open, overdue and done over time",
        "Load per owner",
    ]
    assert all(width > 300 and height > 100 and bars > 0 for _, width, height, bars in sizes), sizes
    shot = page.with_name("report-light.png")
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_a_hostile_title_stays_text(browser: Any, page: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException  # noqa: PLC0415  (as in browser)

    browser.get(page.as_uri())
    assert browser.execute_script("return document.scripts.length + document.images.length") == 0
    assert HOSTILE in browser.execute_script("return document.body.innerText")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018  (an alert would mean the script ran)


def background(driver: Any) -> str:
    return str(driver.execute_script("return getComputedStyle(document.body).backgroundColor"))


def test_dark_mode_and_print(browser: Any, page: Path) -> None:
    browser.get(page.as_uri())
    assert background(browser) == "rgb(255, 255, 255)"
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    assert background(browser) == "rgb(13, 17, 23)"
    bar = "return getComputedStyle(document.querySelector('.palette-status rect.c0')).fill"
    assert browser.execute_script(bar) == "rgb(248, 81, 73)"  # overdue: the dark theme's red
    browser.save_screenshot(str(page.with_name("report-dark.png")))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
    assert background(browser) == "rgb(255, 255, 255)"
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.with_name("report.pdf").write_bytes(pdf)
