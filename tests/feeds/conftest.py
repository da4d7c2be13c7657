# The catalog's entries are followed to their downloads, so these tests build files
# into a directory of their own too, exactly as the downloads tests do.
from tests.downloads.conftest import _downloads_dir  # noqa: F401
