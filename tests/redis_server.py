"""The machine's Redis, which the tests of several processes and of the shared cache use."""

import os

import pytest

REDIS_URL = "redis://127.0.0.1:6379"


def redis_client():
    """A client of the machine's Redis, or a skip (a failure in CI) when it is not running."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not running at {REDIS_URL} (.ci/run starts it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return client
