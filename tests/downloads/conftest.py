import pytest


@pytest.fixture(autouse=True)
def _downloads_dir(settings, tmp_path):
    # Each test builds into its own directory, so cached files never leak between tests.
    settings.FICSHELF_DOWNLOADS_DIR = tmp_path / "downloads"
    settings.SITE_URL = "http://testserver"
