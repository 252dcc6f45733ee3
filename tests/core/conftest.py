"""Fixtures of the core tests, shared with other apps' tests."""

from tests.e2e.conftest import assert_accessible  # noqa: F401 (a fixture)
from tests.partners.conftest import file_storages  # noqa: F401 (a fixture)
