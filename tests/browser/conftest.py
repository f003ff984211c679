"""Browser fixtures: Debian's Chromium driven by Playwright (sync API) against the live server.

No browser is ever downloaded: the tests use /usr/bin/chromium. Without it they are skipped
locally and fail in CI (CI=true), where a missing browser must not pass unnoticed.
"""

import os
import re
from pathlib import Path

import pytest

from mtu.clock import local_today
from mtu.demo.seed import DEMO_PASSWORD, seed_demo
from mtu.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
MISSING_CHROMIUM = "Chromium (/usr/bin/chromium) tidak terpasang: apt-get install chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 640}
LOGIN_URL = re.compile(r"/auth/login(\?.*)?$")


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
def new_page(browser, console_errors):
    """new_page(viewport=DESKTOP, **context_options): a page in a context of its own (its own
    cookies, so another person), watched for console errors like `page`, closed after the test.
    For example new_page(java_script_enabled=False). Service workers are blocked unless
    service_workers="allow"."""
    contexts = []

    def _new_page(viewport=DESKTOP, **options):
        # Without the service worker a tap without signal fails and offers a retry, as the
        # tests of that expect; tests/browser/test_offline.py allows it.
        options.setdefault("service_workers", "block")
        context = browser.new_context(viewport=viewport, locale="id-ID", **options)
        contexts.append(context)
        context.set_default_timeout(5_000)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and console_errors.append(
            f"{message.text} ({message.location.get('url')})"))
        page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page, viewport):
    """A fresh context (no cookies, no session) and page, closed after the test."""
    return new_page(viewport)


@pytest.fixture
def demo(app):
    """The demo accounts (password demo12345), committed so the live server sees them.

    Runs inside the autouse `db` fixture's app context, which empties the tables afterwards.
    """
    seed_demo()
    db.session.commit()
    # The flows mark today's attendance in the demo's running batch: on a day without sessions
    # (a Sunday in Jakarta) the live server would have nothing to mark, so today counts as one.
    weekdays = app.config["SESSION_WEEKDAYS"]
    app.config["SESSION_WEEKDAYS"] = weekdays | {local_today().weekday()}
    yield
    app.config["SESSION_WEEKDAYS"] = weekdays


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def open_login(page, live_server):
    """Open the home page as a visitor: the app sends us to the sign-in form."""
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", name="Masuk ke MTU")).to_be_visible()


def sign_in(page, email, password=DEMO_PASSWORD):
    """Fill in and send the sign-in form that is on the page."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def sign_in_as(page, live_server, email):
    """Sign a demo account in through the real form and wait for the home page's greeting."""
    from playwright.sync_api import expect

    open_login(page, live_server)
    sign_in(page, email)
    expect(page).to_have_url(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def fill_password_change(page, live_server, email, current, new):
    """`email` signed in, on the password page with the form filled in (not yet sent)."""
    sign_in_as(page, live_server, email)
    page.goto(live_server + "/auth/password")
    page.get_by_label("Kata sandi sekarang").fill(current)
    page.get_by_label("Kata sandi baru", exact=True).fill(new)
    page.get_by_label("Ulangi kata sandi baru").fill(new)


def scroll_width(page) -> int:
    """The page's width in CSS pixels; wider than the viewport means sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth")


def throttle(page, latency=400, kilobytes_per_second=50):
    """A slow link for this page: latency in ms and bandwidth each way (400 ms, 50 kB/s is the
    village hall where double posts were seen)."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency,
        "downloadThroughput": kilobytes_per_second * 1024,
        "uploadThroughput": kilobytes_per_second * 1024})
