"""Every route declares its audience, and anonymous or wrong-role users are turned away."""

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter, Rule

from mtu import create_app
from mtu.authz import PUBLIC, Role, undeclared_views, view_access
from mtu.config import TestingConfig
from tests.factories import user_with_role


def _url(app, rule: Rule) -> str:
    """The rule's URL with made-up arguments: 1 for numbers, 'x' for text."""
    values = {name: 1 if isinstance(converter, IntegerConverter) else "x"
              for name, converter in rule._converters.items()}
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def _protected_rules(app):
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or view_access(app, rule.endpoint) == PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rules.append((rule, method))
    return rules


def test_every_view_declares_who_may_use_it(app):
    for endpoint in app.view_functions:
        if endpoint != "static":
            assert view_access(app, endpoint) is not None, endpoint


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


def test_anonymous_htmx_requests_get_401_with_a_redirect_to_login(app, client):
    token = client.csrf_token()
    for rule, method in _protected_rules(app):
        url = _url(app, rule)
        response = client.open(url, method=method, headers={
            "HX-Request": "true", "X-CSRFToken": token,
            "HX-Current-URL": "http://localhost/regions/?q=pas"})
        assert response.status_code == 401, (method, url)
        assert response.headers["HX-Redirect"].startswith("/auth/login?next="), url


def _role_restricted_get_rules(app):
    for rule in app.url_map.iter_rules():
        access = view_access(app, rule.endpoint) if rule.endpoint != "static" else PUBLIC
        if access != PUBLIC and "GET" in rule.methods and set(access) != set(Role):
            yield rule, access


@pytest.mark.parametrize("role", list(Role))
def test_roles_outside_a_views_audience_get_403(app, client, role):
    client.login(user_with_role(role))
    for rule, access in _role_restricted_get_rules(app):
        if role not in access:
            url = _url(app, rule)
            assert client.get(url).status_code == 403, (role, url)


@pytest.mark.parametrize("role", list(Role))
def test_roles_outside_a_views_audience_cannot_post_either(app, client, role):
    client.login(user_with_role(role))
    token = client.csrf_token()
    checked = 0
    for rule, method in _protected_rules(app):
        access = view_access(app, rule.endpoint)
        if method != "GET" and role not in access:
            url = _url(app, rule)
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 403, (role, method, url, response.status_code)
            checked += 1
    if role in (Role.VILLAGE, Role.COMPANY, Role.AGENCY):
        assert checked > 10


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
