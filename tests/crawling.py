"""Crawling the app as a person would: from home, following the links (href, and the hx-get
of what htmx loads), one or a few pages of each kind. Shared by the crawls of the suite."""

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

# Files and downloads (a page of its own only to a browser that saves it), the static assets,
# and signing out, which would end the crawl.
FILES = re.compile(r"\.(pdf|csv|xlsx|json|jwt)(\?|$)|/download|/export|/sw\.js|/static/"
                   r"|/auth/logout")
ASSETS = re.compile(r"/static/|/sw\.js")
LINK = re.compile(r'(?:href|data-hx-get)="([^"#]+)"')
# A random code in a path (a certificate's /verifikasi/<code>): no route has so long a word.
CODE = re.compile(r"(?<=/)[A-Za-z0-9_-]{16,}(?=/|$)")


def kind(path: str, codes: bool = True) -> str:
    """/batches/12?page=2 and /batches/7 are the same kind of page, and so are the pages of two
    certificates' codes (unless codes=False: then each code is a kind of its own)."""
    parts = urlsplit(path)
    words = CODE.sub("C", parts.path) if codes else parts.path
    keys = sorted(pair.split("=", 1)[0] for pair in parts.query.split("&") if pair)
    return re.sub(r"\d+", "N", words) + "?" + "&".join(keys)


def same_site(base: str, href: str) -> str | None:
    """The path (and query) that `href` on the page at `base` leads to, None if elsewhere
    (another site, tel:, mailto:)."""
    target = urlsplit(urljoin(base, href.replace("&amp;", "&")))
    if target.scheme or target.netloc:
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def crawl(client, start="/", per_kind=1, skip=FILES, limit=400, codes=True):
    """GET pages with the test client breadth first from `start`, at most `per_kind` of each
    kind(path, codes) and `limit` in all, none that `skip` matches; yield (path, response)."""
    queue, queued, kinds = [start], {start}, Counter({kind(start, codes): 1})
    while queue and limit:
        path = queue.pop(0)
        response = client.get(path)
        limit -= 1
        yield path, response
        if "html" not in response.content_type:
            continue
        for href in LINK.findall(response.get_data(as_text=True)):
            target = same_site(path, href)
            if (target is None or skip.search(target) or target in queued
                    or kinds[kind(target, codes)] >= per_kind):
                continue
            queued.add(target)
            kinds[kind(target, codes)] += 1
            queue.append(target)
