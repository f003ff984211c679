"""Every page a demo account reaches, at 360x640: nothing wider than the phone's screen."""

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser

# Sign-out is a POST; files (PDF, CSV templates), downloads and exports are no pages.
SKIPPED = re.compile(r"/auth/logout|\.\w+$|/download|/export|/static/")
PAGES_PER_ROLE = 120
SAME_KIND = 4  # pages of one kind (same path but for its ids) worth opening


def kind(url: str) -> str:
    """/batches/4?page=2 and /batches/7?page=3 are the same kind of page."""
    parts = urlsplit(url)
    keys = sorted(pair.split("=", 1)[0] for pair in parts.query.split("&") if pair)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def crawl(page, live_server, limit=PAGES_PER_ROLE):
    """Follow same-origin links from home, breadth first; yield each page's path once it is
    loaded. At most SAME_KIND pages of a kind, so that the crawl reaches every kind of page."""
    queue, queued, kinds = ["/"], {"/"}, Counter()
    while queue and limit:
        path = queue.pop(0)
        response = page.goto(live_server + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        limit -= 1
        yield path
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(urljoin(page.url, href))
            if parts.netloc != urlsplit(live_server).netloc or SKIPPED.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in queued or kinds[kind(target)] >= SAME_KIND:
                continue
            queued.add(target)
            kinds[kind(target)] += 1
            queue.append(target)


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
@pytest.mark.parametrize("email", ["admin@demo.example", "staf@demo.example",
                                   "pelatih@demo.example", "desa@demo.example",
                                   "mitra@demo.example", "dinas@demo.example"])
def test_no_page_is_wider_than_a_phone(page, live_server, demo, console_errors, artifacts,
                                       email):
    sign_in_as(page, live_server, email)
    visited, too_wide = [], []
    for path in crawl(page, live_server):
        visited.append(path)
        width = scroll_width(page)
        if width > PHONE["width"]:
            too_wide.append(f"{path}: {width}px")
            name = re.sub(r"\W+", "-", path).strip("-") or "home"
            page.screenshot(path=artifacts / f"too-wide-{name}-360.png", full_page=True)
    assert too_wide == [], f"{email}: wider than 360px: {too_wide}"
    assert len(visited) > 1 or email in ("mitra@demo.example", "dinas@demo.example"), visited
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_the_header_menus_fit_a_phone_and_the_account_menu_stays_on_top(page, live_server, demo,
                                                                        artifacts):
    sign_in_as(page, live_server, "admin@demo.example")
    menu = page.get_by_role("navigation", name="Menu utama")
    expect(menu.get_by_role("link", name="Peserta", exact=True)).to_have_attribute(
        "href", "/participants/")
    page.locator("details.more summary").click()
    page.locator("details.account summary").click()
    sign_out = page.get_by_role("button", name="Keluar")
    expect(sign_out).to_be_visible()
    box = sign_out.bounding_box()
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).textContent.trim()",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top == "Keluar", "the Data menu covers Keluar"
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "header-menus-360.png")


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_header_menus_close_on_a_tap_outside_and_on_escape(page, live_server, demo,
                                                           console_errors):
    sign_in_as(page, live_server, "staf@demo.example")
    data, account = page.locator("details.more"), page.locator("details.account")
    data.locator("summary").click()
    expect(data).to_have_attribute("open", "")
    page.mouse.click(20, PHONE["height"] - 20)  # a tap outside the menu, below it
    expect(data).not_to_have_attribute("open", "")

    data.locator("summary").click()
    account.locator("summary").click()  # opening one menu closes the other
    expect(account).to_have_attribute("open", "")
    expect(data).not_to_have_attribute("open", "")

    page.keyboard.press("Escape")
    expect(account).not_to_have_attribute("open", "")
    expect(account.locator("summary")).to_be_focused()
    account.locator("summary").click()
    page.get_by_role("link", name="Ganti kata sandi").click()  # a link in the menu still works
    expect(page.get_by_role("heading", level=1)).to_have_text("Ganti kata sandi")
    assert console_errors == []
