"""Fixtures shared by the participant tests."""

import pytest

from tests import factories


@pytest.fixture
def nik_regions(db):
    """The regions the tests' NIKs (3514…) start with; see factories.nik_regions."""
    return factories.nik_regions()
