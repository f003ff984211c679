"""Text kept for every app process at once, in the deployment's Redis (CACHE_REDIS_URL).

Several app servers each run several processes; what one of them computed (the dashboard's
figures of a district's year) is then computed once per scope, not once per process. Without
a Redis URL nothing is shared and get() finds nothing. Redis unreachable or slow: get() finds
nothing and put() keeps nothing for RETRY_SECONDS, so that pages never wait on it again and
again; the callers compute, as they would without Redis.
"""

import logging
import time

from flask import current_app

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 0.5
RETRY_SECONDS = 30

_clients: dict[str, object] = {}
_down_until = 0.0


def _client():
    url = current_app.config.get("CACHE_REDIS_URL")
    if not url or time.monotonic() < _down_until:
        return None
    client = _clients.get(url)
    if client is None:
        import redis  # installed with the prod extra, which a Redis deployment has

        client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT_SECONDS,
                                      socket_timeout=TIMEOUT_SECONDS)
        _clients[url] = client
    return client


def _errors() -> tuple:
    import redis

    return (redis.RedisError, OSError)


def _failed(error: Exception) -> None:
    global _down_until
    _down_until = time.monotonic() + RETRY_SECONDS
    log.warning("shared cache unreachable, not used for %d s: %s", RETRY_SECONDS, error)


def key(*parts) -> str:
    """A key under the deployment's prefix (MTU_RATELIMIT_KEY_PREFIX keeps several MTU
    instances on one Redis apart)."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    return f"{prefix}mtu:" + ":".join(str(part) for part in parts)


def get(name: str) -> str | None:
    client = _client()
    if client is None:
        return None
    try:
        value = client.get(name)
    except _errors() as error:
        _failed(error)
        return None
    return value.decode() if value is not None else None


def put(name: str, value: str, seconds: int) -> None:
    client = _client()
    if client is None:
        return
    try:
        client.set(name, value, ex=seconds)
    except _errors() as error:
        _failed(error)
