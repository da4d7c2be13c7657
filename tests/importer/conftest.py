"""The importer is pure Python: these tests must run without Django (`pytest -p no:django`).

The project-wide autouse fixture in tests/conftest.py configures Django; it is
overridden here with a no-op so importer tests neither need nor touch it.
"""

import pytest


@pytest.fixture(autouse=True)
def _test_settings():
    yield
