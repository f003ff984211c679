"""Every page of every demo account, in Chromium: following the links from home (one page of each
kind; the fragments htmx loads into them included), no Content-Security-Policy violation, no
console error, no uncaught exception, no error page, and no serious or critical axe-core violation
(labels, contrast, headings, landmarks, names of controls)."""

from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import update

from mtu.auth.models import User
from mtu.demo.seed import ACCOUNTS
from mtu.extensions import db
from tests.browser.conftest import PHONE, sign_in_as
from tests.crawling import FILES, kind, same_site

pytestmark = pytest.mark.browser

LIMIT = 250  # pages per account: every kind of page, with room to spare
# A violation is logged as a console error too; the event also names what was blocked.
WATCH_CSP = """document.addEventListener("securitypolicyviolation", (event) =>
  console.error(`CSP ${event.violatedDirective} blocked ${event.blockedURI}`));"""
# axe-core from the npm registry (package.json; `make test` installs it). Given to each document
# by the browser itself (an init script), which the pages' Content-Security-Policy does not
# govern: the crawl checks that policy with nothing bypassed.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("serious", "critical")
# The header's menus and any folded part of a page are opened first, so that what they hold is
# checked too (axe leaves out what is not shown).
RUN_AXE = """async (failing) => {
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter((rule) => failing.includes(rule.impact)).map((rule) =>
    `${rule.impact} ${rule.id}: ${rule.help} at ` +
    rule.nodes.map((node) => node.target.join(" ")).slice(0, 5).join(", "));
}"""


def watch(page):
    """CSP violations reported as console errors, and axe-core in every document."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): `make test` installs it (npm ci).")
    page.add_init_script(WATCH_CSP)
    page.add_init_script(path=AXE)


def crawl(page, live_server, email, console_errors, limit=LIMIT):
    """Visit one page of each kind reachable from home; yield each path once its fragments are
    in, having checked its status and that nothing was logged as an error."""
    queue, kinds, visited = ["/"], {kind("/")}, []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        try:
            response = page.goto(live_server + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file whose link does not say so
            raise
        page.wait_for_function("() => !document.querySelector('.htmx-request')")  # fragments in
        visited.append(path)
        assert response is not None and response.status < 400, (email, path, response.status)
        assert console_errors == [], (email, path)
        links = page.eval_on_selector_all("a[href]",
                                          "links => links.map(a => a.getAttribute('href'))")
        yield path
        for href in links:
            link = same_site(path, href)
            if link is None or FILES.search(link) or kind(link) in kinds:
                continue
            kinds.add(kind(link))
            queue.append(link)
    assert len(visited) >= 5, visited


def violations(page, path) -> list[str]:
    """The serious and critical axe-core violations of the page as shown, each naming it."""
    return [f"{path}: {violation}" for violation in page.evaluate(RUN_AXE, list(FAILING))]


def check_pages(page, live_server, email, console_errors, limit=LIMIT):
    found = []
    for path in crawl(page, live_server, email, console_errors, limit):
        found += violations(page, path)
    assert found == [], "\n".join([email, *found])


@pytest.mark.parametrize("email", [account[0] for account in ACCOUNTS],
                         ids=[account[0].split("@")[0] for account in ACCOUNTS])
def test_every_page_of_every_account_runs_cleanly_and_accessibly(
        page, live_server, demo, console_errors, email):
    watch(page)
    sign_in_as(page, live_server, email)
    check_pages(page, live_server, email, console_errors)


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_the_trainers_pages_on_a_phone(page, live_server, demo, console_errors):
    watch(page)
    sign_in_as(page, live_server, "pelatih@demo.example")
    check_pages(page, live_server, "pelatih@demo.example", console_errors)


def test_english_pages(page, live_server, demo, console_errors):
    """The staff's first pages in English (the language kept on the account)."""
    watch(page)
    sign_in_as(page, live_server, "staf@demo.example")
    db.session.execute(update(User).where(User.email == "staf@demo.example").values(locale="en"))
    db.session.commit()
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    check_pages(page, live_server, "staf@demo.example", console_errors, limit=12)
