"""The data directory's half of a backup: what is kept, what Ficshelf rebuilds by itself."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from ficshelf.downloads.files import downloads_dir
from ficshelf.site.backup.databases import SQLITE_SIDE_FILES, Database, SqliteDatabase

# What `ficshelf serve` may have made in a data directory before anything was restored.
SECRET_KEY_FILE = "secret_key"


def data_dir() -> Path:
    return Path(settings.DATA_DIR).resolve()


def left_out(database: Database) -> set[Path]:
    """Paths a backup leaves out: the database (copied on its own) and what Ficshelf rebuilds.

    The download cache is rebuilt on demand, the static files by collectstatic (which
    `ficshelf serve` runs), and the file cache only holds rate limits and throttles.
    """
    paths = [downloads_dir(), Path(settings.STATIC_ROOT)]
    cache = settings.CACHES["default"]
    if str(cache["BACKEND"]).endswith("FileBasedCache"):
        paths.append(Path(str(cache["LOCATION"])))
    if isinstance(database, SqliteDatabase):
        paths += [database.path.with_name(database.path.name + suffix) for suffix in ("", *SQLITE_SIDE_FILES)]
    return {path.resolve() for path in paths}


def data_files(database: Database) -> list[Path]:
    """Every file in the data directory that a backup keeps, in a stable order."""
    skip = left_out(database)
    files = []
    for root, dirs, names in os.walk(data_dir()):
        here = Path(root)
        dirs[:] = sorted(name for name in dirs if (here / name).resolve() not in skip)
        files += [here / name for name in sorted(names) if (here / name).resolve() not in skip]
    return [path for path in files if path.is_file()]


def unexpected_files(database: Database) -> list[Path]:
    """Files a fresh data directory would not hold: a restore refuses to mix with them."""
    return [path for path in data_files(database) if path != data_dir() / SECRET_KEY_FILE]
