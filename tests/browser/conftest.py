"""Browser fixtures: Debian's Chromium driven by Playwright (sync API) against the live server.

No browser is ever downloaded: the tests use /usr/bin/chromium. Without it they are skipped
locally and fail in CI (CI=true), where a missing browser must not pass unnoticed.
"""

import os
from pathlib import Path

import pytest

from mtu.demo.seed import seed_demo
from mtu.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
MISSING_CHROMIUM = "Chromium (/usr/bin/chromium) tidak terpasang: apt-get install chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 640}


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(MISSING_CHROMIUM)
        pytest.skip(MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def viewport():
    """1280x800; a test overrides it with @pytest.mark.parametrize("viewport", [PHONE])."""
    return DESKTOP


@pytest.fixture
def console_errors():
    """What the page logged as errors and its uncaught exceptions; a test ends with
    `assert console_errors == []`. Chromium logs Content-Security-Policy violations as console
    errors ("Executing inline script violates the following Content Security Policy ...")."""
    return []


@pytest.fixture
def page(browser, viewport, console_errors):
    """A fresh context (no cookies, no session) and page, closed after the test."""
    context = browser.new_context(viewport=viewport, locale="id-ID")
    context.set_default_timeout(5_000)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and console_errors.append(
        f"{message.text} ({message.location.get('url')})"))
    page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    yield page
    context.close()


@pytest.fixture
def demo(app):
    """The demo accounts (password demo12345), committed so the live server sees them.

    Runs inside the autouse `db` fixture's app context, which empties the tables afterwards.
    """
    seed_demo()
    db.session.commit()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
