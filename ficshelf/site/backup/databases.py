"""The database half of a backup: a consistent copy while the site runs, and its way back.

SQLite: the online backup API copies the database in one step inside one read
transaction, so it sees one committed state while writers carry on (WAL). PostgreSQL:
pg_dump's custom format, which reads everything in one snapshot; pg_restore puts it
back in one transaction, so a failed restore leaves the target as it was.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from abc import ABC, abstractmethod
from contextlib import closing
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from psycopg import conninfo, pq

from ficshelf.site.backup.manifest import BackupError

# Models whose rows Ficshelf makes by itself rather than anyone using it: `migrate`
# creates AO3's fixed tags, the first page served creates the site settings, and the
# task worker `ficshelf serve` starts records its heartbeats. A database with rows only
# there holds no archive yet. A data migration that fills another Ficshelf table adds
# its model here (tests/site/test_restore.py checks it).
STARTING_ROWS = {"tags.Tag", "accounts.SiteSettings", "site.WorkerHeartbeat"}
# Where Debian puts each PostgreSQL version's programs; PATH is searched too.
POSTGRES_BIN_DIRS = "/usr/lib/postgresql/*/bin"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class Database(ABC):
    """The database Django's `connection` points at, as a backup sees it."""

    vendor: str
    file_name: str  # the copy's name inside the backup directory

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    @abstractmethod
    def dump(self, path: Path) -> str:
        """Write a consistent copy to `path`; return the database's version."""

    @abstractmethod
    def restore(self, path: Path) -> None:
        """Replace this (empty) database with the copy at `path`."""

    @abstractmethod
    def name(self) -> str:
        """Which database this is, for messages."""

    @abstractmethod
    def how_to_empty(self) -> str:
        """What to do when this database is not empty."""

    def applied_migrations(self) -> dict[str, list[str]]:
        applied: dict[str, list[str]] = {}
        for app, migration in sorted(MigrationRecorder(self.connection).applied_migrations()):
            applied.setdefault(app, []).append(migration)
        return applied

    def contents(self) -> list[str]:
        """What makes this database hold an archive: its users, and Ficshelf's tables with rows."""
        tables = set(self.connection.introspection.table_names())
        found, filled = [], []
        user_model = get_user_model()
        if user_model._meta.db_table in tables:
            users = user_model._default_manager.using(self.connection.alias).count()
            if users:
                found.append(f"{users:,} user{'s' if users != 1 else ''}")
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if (
                meta.app_config is not None
                and meta.app_config.name.startswith("ficshelf.")
                and not meta.proxy
                and model is not user_model
                and meta.label not in STARTING_ROWS
                and meta.db_table in tables
                and model._base_manager.using(self.connection.alias).exists()
            ):
                filled.append(meta.db_table)
        if filled:
            more = f" and {len(filled) - 5} more tables" if len(filled) > 5 else ""
            found.append(f"rows in {', '.join(filled[:5])}{more}")
        return found


class SqliteDatabase(Database):
    vendor = "sqlite"
    file_name = "database.sqlite3"

    @property
    def path(self) -> Path:
        return Path(self.connection.settings_dict["NAME"])

    def name(self) -> str:
        return f"the SQLite database {self.path}"

    def how_to_empty(self) -> str:
        return (
            "Restore into a new data directory (set FICSHELF_DATA_DIR to an empty directory), "
            f"or delete {self.path} if you mean to replace it."
        )

    def dump(self, path: Path) -> str:
        self.connection.ensure_connection()
        source = self.connection.connection
        with closing(sqlite3.connect(path)) as target:
            # pages=-1: one step, one read transaction, one committed state. In steps, a
            # write between them would make SQLite start over, and a busy site never ends.
            source.backup(target, pages=-1)
        return sqlite3.sqlite_version

    def restore(self, path: Path) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connections.close_all()
        # Copied beside the target and renamed over it: the database is the old one or the
        # new one, never half of each. A stale -wal would be replayed into the new file.
        partial = self.path.with_name(f".{self.path.name}.restoring")
        try:
            shutil.copyfile(path, partial)
            for suffix in SQLITE_SIDE_FILES:
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            os.replace(partial, self.path)
        except OSError as error:
            raise BackupError(
                f"Could not copy the database to {self.path}: {error}. Nothing was restored."
            ) from None
        finally:
            partial.unlink(missing_ok=True)


class PostgresDatabase(Database):
    vendor = "postgresql"
    file_name = "database.pgdump"

    def name(self) -> str:
        settings = self.connection.settings_dict
        return f"the PostgreSQL database {settings['NAME']} on {settings['HOST'] or 'localhost'}"

    def how_to_empty(self) -> str:
        return (
            "Point DATABASE_URL at a new database (createdb, or CREATE DATABASE in psql), "
            f"or drop {self.connection.settings_dict['NAME']} if you mean to replace it."
        )

    def server_major(self) -> int:
        self.connection.ensure_connection()
        return self.connection.pg_version // 10000  # type: ignore[attr-defined]

    def dump(self, path: Path) -> str:
        program = postgres_program("pg_dump", self.server_major())
        self._run([program, "--format=custom", f"--file={path}"], "pg_dump")
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0]

    def restore(self, path: Path) -> None:
        program = postgres_program("pg_restore", self.server_major())
        self.connection.close()
        # --clean --if-exists drops what a migrated but empty database already has; in one
        # transaction, any error undoes the whole restore. Owners and grants are the
        # restoring user's, so a backup restores under another database user too.
        options = ["--single-transaction", "--exit-on-error", "--clean", "--if-exists"]
        self._run(
            [program, *options, "--no-owner", "--no-privileges", str(path)],
            "pg_restore",
            "It ran in one transaction, so the database is as it was.",
        )

    def _run(self, command: list[str], what: str, after_failure: str = "") -> None:
        settings = self.connection.settings_dict
        libpq = {default.keyword.decode() for default in pq.Conninfo.get_defaults()}
        params = {key: value for key, value in settings["OPTIONS"].items() if key in libpq - {"options"}}
        target = conninfo.make_conninfo(
            dbname=settings["NAME"],
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"] or None,
            **params,
        )
        # The password goes by the environment, not the command line that `ps` shows.
        env = os.environ | ({"PGPASSWORD": settings["PASSWORD"]} if settings["PASSWORD"] else {})
        result = subprocess.run(
            [*command, "--no-password", f"--dbname={target}"], env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise BackupError(
                f"{what} failed on {self.name()}:\n{result.stderr.strip()}\n{after_failure}".strip()
            )


def database_for(alias: str = "default") -> Database:
    connection = connections[alias]
    kinds: dict[str, type[Database]] = {"sqlite": SqliteDatabase, "postgresql": PostgresDatabase}
    if connection.vendor not in kinds:
        raise BackupError(f"Ficshelf backs up SQLite and PostgreSQL databases, not {connection.vendor}.")
    return kinds[connection.vendor](connection)


def vendor_name(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


def postgres_program(program: str, server_major: int) -> str:
    """The pg_dump or pg_restore for a server of version `server_major`.

    The same major version if there is one; else the oldest newer one (they read older
    servers); never an older one, which refuses a newer server.
    """
    candidates = sorted(glob.glob(os.path.join(POSTGRES_BIN_DIRS, program)))
    if on_path := shutil.which(program):
        candidates.append(on_path)
    found: dict[int, str] = {}
    for candidate in candidates:
        major = _program_major(candidate)
        if major is not None:
            found.setdefault(major, candidate)
    usable = sorted(major for major in found if major >= server_major)
    if usable:
        return found[usable[0]]
    seen = ", ".join(f"{found[major]} (PostgreSQL {major})" for major in sorted(found)) or "none"
    raise BackupError(
        f"No {program} for PostgreSQL {server_major} or newer was found (found: {seen}). "
        f"Install it (on Debian: apt-get install postgresql-client-{server_major}), "
        "or put the directory that holds it on PATH."
    )


def _program_major(program: str) -> int | None:
    try:
        result = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(match.group(1)) if match else None
