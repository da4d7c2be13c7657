"""A busy archive backed up with `ficshelf backup` and restored elsewhere is the same archive.

The database this test run uses decides which kind is tested: SQLite files in
temporary data directories, or new databases on DATABASE_URL's PostgreSQL server.
Everything runs as the `ficshelf` command would, in subprocesses.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.slow  # subprocesses: migrate, demo, a writer, backup, restore

WRITER = Path(__file__).with_name("busy_writer.py")
# Left out of a backup, so never compared: rebuilt by Ficshelf (downloads, static, the
# file cache) or the SQLite database, compared table by table instead.
NOT_COMPARED = {
    "downloads",
    "static",
    "cache",
    "ficshelf.sqlite3",
    "ficshelf.sqlite3-wal",
    "ficshelf.sqlite3-shm",
}


def primary_keys() -> dict[str, str]:
    """Each model's table and its one id column (composite keys have none)."""
    return {
        model._meta.db_table: model._meta.pk.column
        for model in apps.get_models(include_auto_created=True)
        if model._meta.pk.column
    }


def _values(row: dict) -> list[tuple]:
    return [(value is None, value) for value in row.values()]


class Archive:
    """One archive: a data directory and its database (an SQLite file in it, or a PostgreSQL database)."""

    def __init__(self, data_dir: Path, database_url: str = "") -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        data_dir.mkdir(exist_ok=True)

    def env(self) -> dict[str, str]:
        return os.environ | {"FICSHELF_DATA_DIR": str(self.data_dir), "DATABASE_URL": self.database_url}

    def ficshelf(self, *args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "ficshelf.cli", *args]
        result = subprocess.run(command, env=self.env(), capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return result

    @contextmanager
    def cursor(self) -> Iterator:
        if self.database_url:
            with psycopg.connect(self.database_url) as db, db.cursor() as cursor:
                yield cursor
        else:
            with closing(sqlite3.connect(self.data_dir / "ficshelf.sqlite3")) as db:
                yield db.cursor()

    def tables(self) -> dict[str, list[dict]]:
        """Every table's rows, in primary key order where the table has one."""
        # A table with one id column grows in id order; the rest (composite keys, SQLite's
        # full-text tables) are sorted by all their values.
        ids = primary_keys()
        with self.cursor() as cursor:
            if self.database_url:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            else:
                # sqlite_sequence only says how far each table's ids went, which a busy
                # archive moves on past the backup.
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            names = sorted(name for (name,) in cursor.fetchall())
            tables = {}
            for name in names:
                cursor.execute(f'SELECT * FROM "{name}"')
                columns = [column[0] for column in cursor.description]
                rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
                pk = ids.get(name)
                tables[name] = sorted(rows, key=lambda row, pk=pk: [row[pk]] if pk else _values(row))
            return tables

    def files(self) -> dict[str, bytes]:
        found = {}
        for path in sorted(self.data_dir.rglob("*")):
            relative = path.relative_to(self.data_dir)
            if path.is_file() and relative.parts[0] not in NOT_COMPARED:
                found[relative.as_posix()] = path.read_bytes()
        return found


@pytest.fixture
def archives(tmp_path) -> Iterator:
    """make(name, migrated=True): a new archive; migrated ones start from one migrated template."""
    template = Archive(tmp_path / "template")
    databases = []
    if connection.vendor == "postgresql":
        server = os.environ["DATABASE_URL"]
        admin = psycopg.connect(server, autocommit=True)
        prefix = f"ficshelf_backup_{uuid.uuid4().hex[:8]}"

        def database(name: str, like: str = "") -> str:
            databases.append(f"{prefix}_{name}")
            admin.execute(f"CREATE DATABASE {prefix}_{name}" + (f" TEMPLATE {prefix}_{like}" if like else ""))
            return server.rsplit("/", 1)[0] + f"/{prefix}_{name}"

        template.database_url = database("template")
        template.ficshelf("migrate", "--verbosity=0")

        def make(name: str, migrated: bool = True) -> Archive:
            return Archive(tmp_path / name, database(name, "template" if migrated else ""))

    else:
        template.ficshelf("migrate", "--verbosity=0")

        def make(name: str, migrated: bool = True) -> Archive:
            archive = Archive(tmp_path / name)
            if migrated:
                shutil.copy(template.data_dir / "ficshelf.sqlite3", archive.data_dir / "ficshelf.sqlite3")
            return archive

    yield make
    if databases:
        for name in reversed(databases):
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def committed(progress: Path) -> int:
    return len(progress.read_text().split()) if progress.exists() else 0


def test_it_restores_a_busy_archive_table_for_table_and_file_for_file(archives, tmp_path):
    source = archives("source")
    source.ficshelf("demo")
    (source.data_dir / "uploads").mkdir()
    (source.data_dir / "uploads" / "cover.png").write_bytes(b"\x89PNG not really")
    (source.data_dir / "downloads" / "work" / "1").mkdir(parents=True)
    (source.data_dir / "downloads" / "work" / "1" / "old-x.epub").write_bytes(b"a cached download")

    stop, progress = tmp_path / "stop", tmp_path / "progress"
    writer = subprocess.Popen([sys.executable, str(WRITER), str(stop), str(progress)], env=source.env())
    try:
        deadline = time.monotonic() + 120
        while committed(progress) < 5:
            assert writer.poll() is None, "the writer stopped"
            assert time.monotonic() < deadline, "the writer never got going"
            time.sleep(0.05)
        before = committed(progress)
        source.ficshelf("backup", str(tmp_path / "backup"))
        after = committed(progress)
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0
    assert after > before, "the writer committed nothing while the backup ran"

    source_tables = source.tables()
    assert {model._meta.db_table for model in apps.get_models(include_auto_created=True)} <= set(
        source_tables
    )
    source_files = source.files()
    assert "uploads/cover.png" in source_files and "secret_key" in source_files
    # A migrated but empty database (as `ficshelf serve` leaves it) and one never migrated.
    for target in (archives("restored"), archives("restored_blank", migrated=False)):
        assert "Restored the backup of" in target.ficshelf("restore", str(tmp_path / "backup")).stdout
        restored = target.tables()
        assert set(restored) == set(source_tables)
        for name, rows in restored.items():
            # The backup is the archive at one moment: every table holds exactly the rows
            # the source had then. The writer only ever added rows after them (with higher
            # ids, where a table has ids).
            if name in primary_keys():
                assert rows == source_tables[name][: len(rows)], name
            else:
                assert all(row in source_tables[name] for row in rows), name
        # ...and that moment is one and the same for every table: whole iterations only.
        busy = [work for work in restored["works_work"] if work["title"].startswith("Busy work ")]
        comments = [c for c in restored["community_comment"] if c["body"].startswith("<p>Comment ")]
        assert before <= len(busy) <= after + 1
        assert [work["title"] for work in busy] == [f"Busy work {n}" for n in range(1, len(busy) + 1)]
        assert len(comments) == len(busy)
        assert all(work["comment_count"] == 1 and work["chapter_count"] == 1 for work in busy)
        assert target.files() == source_files  # the secret key too: it replaced the generated one
