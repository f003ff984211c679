"""The route table (tests/access_matrix.py) names every route, agrees with each view's declared
audience, and holds when every role and an anonymous visitor request every route."""

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter, Rule

from mtu import create_app
from mtu.authz import PUBLIC, Role, undeclared_views, view_access
from mtu.config import TestingConfig
from tests.access_matrix import ROUTES, allowed
from tests.factories import user_with_role

NO_SUCH_ID = 2_000_000_000


def _url(app, rule: Rule, number: int = 1) -> str:
    """The rule's URL with made-up arguments: a number for numbers, 'x' for text."""
    values = {name: number if isinstance(converter, IntegerConverter) else "x"
              for name, converter in rule._converters.items()}
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def _routes(app):
    """Every (rule, method) in the table (a route missing from it fails the test below);
    signing out last, as it ends the visit."""
    routes = [(rule, method) for rule in app.url_map.iter_rules() if rule.endpoint in ROUTES
              for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(routes, key=lambda route: route[0].endpoint == "auth.logout")


def _protected_rules(app):
    return [(rule, method) for rule, method in _routes(app)
            if not allowed(rule.endpoint, None)]


def test_the_route_table_names_every_route_and_no_other(app):
    endpoints = set(app.view_functions) - {"static"}
    missing = sorted(endpoints - set(ROUTES))
    gone = sorted(set(ROUTES) - endpoints)
    assert not missing, f"add these routes to tests/access_matrix.py: {missing}"
    assert not gone, f"these routes are gone, take them out of tests/access_matrix.py: {gone}"


def test_every_view_declares_the_audience_the_route_table_gives_it(app):
    for endpoint, access in ROUTES.items():
        if endpoint in app.view_functions:
            declared = view_access(app, endpoint)
            expected = PUBLIC if access == PUBLIC else frozenset(access)
            assert declared == expected, (endpoint, declared, expected)


def test_a_view_without_a_declaration_is_caught():
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = "sqlite://"
    app_copy = create_app(config)
    app_copy.add_url_rule("/undeclared-for-test", "undeclared", lambda: "oops")
    assert undeclared_views(app_copy) == ["undeclared"]


def test_anonymous_users_are_sent_to_login_from_every_protected_route(app, client):
    token = client.csrf_token()
    checked = 0
    for rule, method in _protected_rules(app):
        url = _url(app, rule)
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 302, (method, url, response.status_code)
        assert response.headers["Location"].startswith("/auth/login"), (method, url)
        checked += 1
    assert checked >= 10


def test_anonymous_users_reach_the_public_routes(app, client):
    token = client.csrf_token()
    public = [(rule, method) for rule, method in _routes(app) if allowed(rule.endpoint, None)]
    for rule, method in public:
        url = _url(app, rule)
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code < 500, (method, url, response.status_code)
        assert response.status_code not in (401, 403), (method, url)
        assert not response.headers.get("Location", "").startswith("/auth/login"), url
    assert {rule.endpoint for rule, _ in public} >= {"auth.login", "verification.index"}


def test_anonymous_htmx_requests_get_401_with_a_redirect_to_login(app, client):
    token = client.csrf_token()
    for rule, method in _protected_rules(app):
        url = _url(app, rule)
        response = client.open(url, method=method, headers={
            "HX-Request": "true", "X-CSRFToken": token,
            "HX-Current-URL": "http://localhost/regions/?q=pas"})
        assert response.status_code == 401, (method, url)
        assert response.headers["HX-Redirect"].startswith("/auth/login?next="), url


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_what_the_route_table_says_on_every_route(app, client, role):
    """Refused: 403 on every method. Allowed: let in (ids that exist nowhere, so nothing is
    changed; the view answers 404, 422 or the page, never 403, the sign-in page or a 500)."""
    client.login(user_with_role(role))
    token = client.csrf_token()
    refused = let_in = 0
    for rule, method in _routes(app):
        if allowed(rule.endpoint, role):
            url = _url(app, rule, NO_SUCH_ID)
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code < 500, (role, method, url, response.status_code)
            assert response.status_code not in (401, 403), (role, method, url)
            if rule.endpoint != "auth.logout":
                assert not response.headers.get("Location", "").startswith("/auth/login"), (
                    role, method, url)
            let_in += 1
        else:
            url = _url(app, rule)
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 403, (role, method, url, response.status_code)
            refused += 1
    assert let_in >= 4
    if role is not Role.ADMIN:
        assert refused > 10


def test_every_state_changing_route_refuses_a_missing_csrf_token(app, client, login_as):
    login_as(Role.ADMIN)
    for rule, method in _protected_rules(app):
        if method != "GET":
            response = client.open(_url(app, rule), method=method)
            assert response.status_code == 400, (method, rule.rule)


def test_csrf_is_required_on_state_changing_requests(client):
    user = user_with_role(Role.ADMIN)
    response = client.post("/auth/login", data={"email": user.email, "password": "x"})
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.get_data(as_text=True)
