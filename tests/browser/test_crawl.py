"""Every page of every demo account, in Chromium: following the links from home (one page of each
kind; the fragments htmx loads into them included), no Content-Security-Policy violation, no
console error, no uncaught exception and no error page."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from mtu.demo.seed import ACCOUNTS
from tests.browser.conftest import sign_in_as
from tests.crawling import FILES, kind, same_site

pytestmark = pytest.mark.browser

LIMIT = 250  # pages per account: every kind of page, with room to spare
# A violation is logged as a console error too; the event also names what was blocked.
WATCH_CSP = """document.addEventListener("securitypolicyviolation", (event) =>
  console.error(`CSP ${event.violatedDirective} blocked ${event.blockedURI}`));"""


@pytest.mark.parametrize("email", [account[0] for account in ACCOUNTS],
                         ids=[account[0].split("@")[0] for account in ACCOUNTS])
def test_every_page_of_every_account_runs_without_console_errors(
        page, live_server, demo, console_errors, email):
    page.add_init_script(WATCH_CSP)
    sign_in_as(page, live_server, email)
    queue, kinds, visited = ["/"], {kind("/")}, []
    while queue and len(visited) < LIMIT:
        path = queue.pop(0)
        try:
            response = page.goto(live_server + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file whose link does not say so
            raise
        page.wait_for_function("!document.querySelector('.htmx-request')")  # fragments in
        visited.append(path)
        assert response is not None and response.status < 400, (email, path, response.status)
        assert console_errors == [], (email, path)
        for href in page.eval_on_selector_all("a[href]",
                                              "links => links.map(a => a.getAttribute('href'))"):
            link = same_site(path, href)
            if link is None or FILES.search(link) or kind(link) in kinds:
                continue
            kinds.add(kind(link))
            queue.append(link)
    assert len(visited) >= 5, visited
