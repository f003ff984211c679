"""The dashboard's figures shared by the app processes through Redis (mtu/shared_cache.py): a
process that did not count them reads what another counted, and a Redis that is gone costs
nothing but the sharing."""

import socket
import time
import uuid

import pytest

from mtu import shared_cache
from mtu.authz import Role
from mtu.dashboard import services
from tests.factories import user_with_role
from tests.redis_server import REDIS_URL, redis_client


@pytest.fixture
def kept(app, monkeypatch):
    """Figures kept 300 s, in this process (emptied for each test) and, once a test points
    CACHE_REDIS_URL somewhere, there under a prefix of its own."""
    monkeypatch.setitem(app.config, "DASHBOARD_CACHE_SECONDS", 300)
    monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", f"test-{uuid.uuid4().hex[:8]}-")
    monkeypatch.setattr(services, "_kept", {})
    monkeypatch.setattr(shared_cache, "_down_until", 0.0)
    return app


def _another_process():
    """What a process that never counted these figures holds: nothing of its own."""
    services._kept.clear()


def test_figures_round_trip_through_their_text(district):
    staff = user_with_role(Role.STAFF, regency=district.regency)
    scope = services.scope_for(staff, 2026)
    counted = services.figures(scope)
    assert counted.utilisation is not None and counted.outcomes
    back = services.decoded(services.encoded(counted), scope)
    assert back == counted


def test_another_process_reads_the_figures_one_counted(kept, district, count_queries,
                                                       monkeypatch):
    redis = redis_client()
    monkeypatch.setitem(kept.config, "CACHE_REDIS_URL", REDIS_URL)
    staff = user_with_role(Role.STAFF, regency=district.regency)
    scope = services.scope_for(staff, 2026)
    try:
        first = []
        assert count_queries(lambda: first.append(services.kept_figures(scope))) > 5
        _another_process()
        second = []
        assert count_queries(lambda: second.append(services.kept_figures(scope))) == 0
        assert second[0] == first[0] == services.figures(scope)
        keys = list(redis.scan_iter(f"{kept.config['RATELIMIT_KEY_PREFIX']}mtu:*"))
        assert len(keys) == 1
        assert 295 <= redis.ttl(keys[0]) <= 300
    finally:
        for key in redis.scan_iter(f"{kept.config['RATELIMIT_KEY_PREFIX']}*"):
            redis.delete(key)


def test_figures_shared_earlier_are_kept_here_only_as_long_as_there(kept, district,
                                                                    monkeypatch):
    redis = redis_client()
    monkeypatch.setitem(kept.config, "CACHE_REDIS_URL", REDIS_URL)
    staff = user_with_role(Role.STAFF, regency=district.regency)
    scope = services.scope_for(staff, 2026)
    prefix = kept.config["RATELIMIT_KEY_PREFIX"]
    try:
        services.kept_figures(scope)
        (name,) = redis.scan_iter(f"{prefix}mtu:*")
        _until, text = redis.get(name).decode().split(" ", 1)
        redis.set(name, f"{time.time() + 10} {text}", ex=10)  # counted 290 s ago
        _another_process()
        services.kept_figures(scope)
        until, _figures = next(iter(services._kept.values()))
        assert 8 <= until - time.monotonic() <= 10
    finally:
        for key in redis.scan_iter(f"{prefix}*"):
            redis.delete(key)


def test_with_redis_gone_the_figures_are_counted_and_redis_is_left_alone_a_while(
        kept, district, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        nowhere = f"redis://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setitem(kept.config, "CACHE_REDIS_URL", nowhere)
    staff = user_with_role(Role.STAFF, regency=district.regency)
    scope = services.scope_for(staff, 2026)
    assert services.kept_figures(scope) == services.figures(scope)
    assert shared_cache._down_until > time.monotonic() + 25
    _another_process()
    assert services.kept_figures(scope) == services.figures(scope)
    with kept.test_request_context():
        assert shared_cache._client() is None  # left alone: the port is not tried again


def test_without_a_redis_url_each_process_keeps_its_own(kept, district, count_queries):
    staff = user_with_role(Role.STAFF, regency=district.regency)
    scope = services.scope_for(staff, 2026)
    services.kept_figures(scope)
    assert count_queries(lambda: services.kept_figures(scope)) == 0
    _another_process()
    assert count_queries(lambda: services.kept_figures(scope)) > 5


@pytest.mark.parametrize("written", ["not figures", "1e12 {\"region_name\": 1}", "soon {}"])
def test_figures_that_cannot_be_read_are_counted_again(kept, district, monkeypatch, written):
    """A value another release or a broken write left: counted, never a 500."""
    redis = redis_client()
    monkeypatch.setitem(kept.config, "CACHE_REDIS_URL", REDIS_URL)
    staff = user_with_role(Role.STAFF, regency=district.regency)
    scope = services.scope_for(staff, 2026)
    prefix = kept.config["RATELIMIT_KEY_PREFIX"]
    try:
        services.kept_figures(scope)
        (name,) = redis.scan_iter(f"{prefix}mtu:*")
        redis.set(name, written, ex=300)
        _another_process()
        assert services.kept_figures(scope) == services.figures(scope)
    finally:
        for key in redis.scan_iter(f"{prefix}*"):
            redis.delete(key)


def test_a_server_whose_clock_is_ahead_does_not_keep_figures_longer(kept, district,
                                                                     monkeypatch):
    redis = redis_client()
    monkeypatch.setitem(kept.config, "CACHE_REDIS_URL", REDIS_URL)
    staff = user_with_role(Role.STAFF, regency=district.regency)
    scope = services.scope_for(staff, 2026)
    prefix = kept.config["RATELIMIT_KEY_PREFIX"]
    try:
        services.kept_figures(scope)
        (name,) = redis.scan_iter(f"{prefix}mtu:*")
        _until, text = redis.get(name).decode().split(" ", 1)
        redis.set(name, f"{time.time() + 3600} {text}", ex=300)  # a clock an hour ahead
        _another_process()
        services.kept_figures(scope)
        until, _figures = next(iter(services._kept.values()))
        assert until - time.monotonic() <= 300
    finally:
        for key in redis.scan_iter(f"{prefix}*"):
            redis.delete(key)
