"""The importer is pure Python: these tests must run without Django (`pytest -p no:django`).

The project-wide autouse fixtures in tests/conftest.py configure Django; they
are overridden here with no-ops so importer tests neither need nor touch it.
"""

import pytest


@pytest.fixture(autouse=True)
def _test_settings():
    yield


@pytest.fixture(autouse=True, scope="session")
def _close_connections_after_each_request():
    yield
