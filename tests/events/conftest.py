"""Fixtures only the events tests use."""

import pytest


@pytest.fixture
def assert_accessible():
    """The same axe-core check as tests/e2e (its fixture is local to that folder)."""
    from tests.e2e.conftest import axe_violations

    def check(page):
        assert axe_violations(page) == []

    return check
