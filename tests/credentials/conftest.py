"""Signing keys made for the test in tmp_path (never a key from the repository or instance/),
and a certified participant from the certificates tests."""

import pytest

from mtu.credentials import keys
from tests.certificates.test_public import certified  # noqa: F401 (re-exported for tests)


@pytest.fixture
def key_file(app, tmp_path, monkeypatch):
    """Signed credentials on: a fresh Ed25519 key set at tmp_path/keys/credential-keys.json."""
    path = tmp_path / "keys" / "credential-keys.json"
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", str(path))
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://mtu.example.go.id")
    keys.generate(path)
    return path


@pytest.fixture
def ring(key_file):
    return keys.read_ring(key_file)
