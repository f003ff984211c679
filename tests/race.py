"""Real concurrent requests: threads released together, each request in its own app context
and database transaction (tests/conftest.py's Client), as gunicorn workers would send them."""

import re
import threading

TOKEN_IN_PAGE = re.compile(r'name="submission_token" type="hidden" value="([^"]+)"'
                           r'|type="hidden" name="submission_token" value="([^"]+)"'
                           r'|name="submission_token"[^>]*value="([^"]+)"')


def submission_token(page: str) -> str:
    match = TOKEN_IN_PAGE.search(page)
    assert match, "no submission_token in the page"
    return next(group for group in match.groups() if group)


def clones(app, client, count: int) -> list:
    """`count` clients signed in with `client`'s session (one login, so no sign-in throttle),
    each posting with its own cookie jar."""
    cookie = client.get_cookie("session")
    assert cookie is not None, "sign the client in first"
    others = []
    for _ in range(count):
        other = app.test_client()
        other.set_cookie("session", cookie.value)
        others.append(other)
    return others


def at_once(app, calls) -> list:
    """Run the calls in threads released at the same moment; their results in order (an
    exception, such as a 500 propagated by the test app, is returned in its place)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        with app.app_context():
            barrier.wait()
            try:
                results[index] = call()
            except Exception as error:  # noqa: BLE001 - the test reports it
                results[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def statuses(responses) -> list:
    """Each answer's status code, or the exception's repr (a crash shows in the assertion)."""
    return [getattr(r, "status_code", repr(r)) for r in responses]
