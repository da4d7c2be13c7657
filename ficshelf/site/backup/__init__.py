"""`ficshelf backup DIR` and `ficshelf restore DIR`: the archive on one disk, and back.

A backup directory holds the database (database.sqlite3 or database.pgdump), the
data directory's files under data/ and manifest.json (manifest.py), written last.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from django.core.cache import cache
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

import ficshelf
from ficshelf.site.backup.databases import Database, database_for, vendor_name
from ficshelf.site.backup.datadir import data_dir, data_files, unexpected_files
from ficshelf.site.backup.manifest import BackupError, Manifest, describe

__all__ = ["BackupError", "Manifest", "create_backup", "pending_migrations", "restore_backup"]

DATA = "data"


def create_backup(directory: Path) -> Manifest:
    """Write one backup of the database and the data directory into a new or empty `directory`."""
    directory = directory.absolute()
    if directory.resolve().is_relative_to(data_dir()):
        raise BackupError(
            f"{directory} is inside the data directory ({data_dir()}): the next backup would copy "
            "this one, and a lost disk would take both. Choose a directory outside it."
        )
    database = database_for()
    created = not directory.exists()
    if created:
        try:
            directory.mkdir(parents=True)
            directory.chmod(0o700)  # it will hold password hashes and the secret key
        except OSError as error:
            raise BackupError(f"Cannot create {directory}: {error.strerror}.") from None
    elif not directory.is_dir():
        raise BackupError(f"{directory} exists and is not a directory. Choose a new directory.")
    elif any(directory.iterdir()):
        raise BackupError(
            f"{directory} is not empty. A backup goes into a new or empty directory, so that it "
            "never mixes with another: choose a new one, such as one named after today's date."
        )
    try:
        return _write_backup(directory, database)
    except BaseException as error:
        # Nothing half-written is left behind to be mistaken for a backup.
        if created:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            for child in directory.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        if isinstance(error, OSError):
            raise BackupError(
                f"The backup into {directory} failed, and what it had written is removed: {error}"
            ) from error
        raise


def _write_backup(directory: Path, database: Database) -> Manifest:
    migrations = database.applied_migrations()
    version = database.dump(directory / database.file_name)
    files = [describe(directory / database.file_name, database.file_name)]
    for source in data_files(database):
        relative = PurePosixPath(DATA, *source.relative_to(data_dir()).parts)
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        files.append(describe(target, str(relative)))
    manifest = Manifest(
        ficshelf_version=ficshelf.__version__,
        created_at=timezone.now().isoformat(timespec="seconds"),
        vendor=database.vendor,
        database_file=database.file_name,
        database_version=version,
        migrations=migrations,
        files=files,
    )
    manifest.write(directory)
    return manifest


def restore_backup(directory: Path) -> Manifest:
    """Bring the backup in `directory` back into an empty database and a fresh data directory.

    Everything is checked before anything changes; the database is replaced in one
    step (a rename, or one transaction) and the data files, copied beforehand, are then
    renamed into place.
    """
    directory = directory.absolute()
    manifest = Manifest.read(directory)
    database = database_for()
    if manifest.vendor != database.vendor:
        raise BackupError(
            f"This backup holds a {vendor_name(manifest.vendor)} database, and this Ficshelf uses "
            f"{vendor_name(database.vendor)} ({database.name()}). A backup restores into the same kind "
            "of database only. To move an archive between them, run `ficshelf dumpdata` on the old "
            "one and `ficshelf loaddata` on the new one (docs/deploy.md, Backups)."
        )
    if unknown := sorted(manifest.applied() - _known_migrations()):
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"This backup was made by Ficshelf {manifest.ficshelf_version}, whose database has "
            f"migrations this installation does not know ({names}). Install that version of "
            "Ficshelf or a newer one, then restore."
        )
    manifest.verify(directory)
    if found := database.contents():
        raise BackupError(
            f"A backup restores into an empty database only, so that nothing is overwritten, and "
            f"{database.name()} is not empty: it has {' and '.join(found)}. {database.how_to_empty()}"
        )
    if unexpected := unexpected_files(database):
        shown = ", ".join(str(path.relative_to(data_dir())) for path in unexpected[:5])
        more = f" and {len(unexpected) - 5} more" if len(unexpected) > 5 else ""
        raise BackupError(
            f"The data directory {data_dir()} is not fresh: it holds {shown}{more}, which Ficshelf "
            "does not make at start. Restore into a new data directory (FICSHELF_DATA_DIR), or move "
            "those files away."
        )
    try:
        staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=data_dir()))
    except OSError as error:
        raise BackupError(f"Cannot write into the data directory {data_dir()}: {error.strerror}.") from None
    try:
        staged = _stage_data_files(directory, manifest, staging)
        database.restore(directory / manifest.database_file)
        for relative in staged:
            (data_dir() / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, data_dir() / relative)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    # Nothing cached for the empty archive describes the restored one.
    cache.clear()
    return manifest


def _stage_data_files(directory: Path, manifest: Manifest, staging: Path) -> list[Path]:
    """Copy the backup's data files into `staging`, beside where they go, before the database."""
    staged = []
    try:
        for entry in manifest.files:
            if entry.path.startswith(f"{DATA}/"):
                relative = Path(*PurePosixPath(entry.path).parts[1:])
                (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(directory / entry.path, staging / relative)
                staged.append(relative)
    except OSError as error:
        raise BackupError(f"Could not copy the backup's data files: {error}. Nothing was restored.") from None
    return staged


def pending_migrations() -> int:
    """How many migrations the database lacks: a backup from an older Ficshelf needs them."""
    connection = connections["default"]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    return known
