"""`ficshelf backup DIR` (ficshelf/site/backup/)."""

import hashlib
import json
import sqlite3
import subprocess
from contextlib import closing
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

import ficshelf
from ficshelf.accounts.models import User
from ficshelf.site.backup import databases
from ficshelf.site.backup.databases import postgres_program

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads only what is committed


@pytest.fixture
def data_dir(tmp_path, settings) -> Path:
    """A data directory with a secret key, a file of the archive's, and what Ficshelf rebuilds."""
    data = tmp_path / "data"
    settings.DATA_DIR = data
    settings.STATIC_ROOT = data / "static"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": data / "cache",
        }
    }
    for name, content in {
        "secret_key": "the archive's own key",
        "uploads/cover.png": "a cover",
        "downloads/work/1/rev-x.epub": "a cached download",
        "static/ficshelf/site.css": "collected static",
        "cache/0a1b.djcache": "a throttle",
    }.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(content)
    return data


def backup(directory: Path) -> str:
    out = StringIO()
    call_command("backup", str(directory), stdout=out)
    return out.getvalue()


def users_in(backup_dir: Path) -> str:
    """The accounts_user rows in the backup's copy of the database, as text."""
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(backup_dir / "database.sqlite3")) as db:
            return str(db.execute("SELECT username FROM accounts_user").fetchall())
    command = [
        "pg_restore",
        "--data-only",
        "--table=accounts_user",
        "--file=-",
        backup_dir / "database.pgdump",
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_it_writes_the_database_the_data_files_and_a_manifest(data_dir, tmp_path):
    User.objects.create_user("alice", "alice@example.org", "x")
    out = backup(tmp_path / "backup")
    assert f"Backed up to {tmp_path / 'backup'}: 3 files" in out

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["ficshelf_version"] == ficshelf.__version__
    assert manifest["vendor"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["works"]
    assert manifest["created_at"]
    database_file = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[connection.vendor]
    assert [entry["path"] for entry in manifest["files"]] == [
        database_file,
        "data/secret_key",
        "data/uploads/cover.png",
    ]
    for entry in manifest["files"]:
        written = (tmp_path / "backup" / entry["path"]).read_bytes()
        assert entry["size"] == len(written)
        assert entry["sha256"] == hashlib.sha256(written).hexdigest()
    assert (tmp_path / "backup" / "data" / "secret_key").read_text() == "the archive's own key"
    assert "alice" in users_in(tmp_path / "backup")
    # The database's password hashes and the secret key are for the operator's eyes only.
    assert (tmp_path / "backup").stat().st_mode & 0o777 == 0o700
    assert all((tmp_path / "backup" / e["path"]).stat().st_mode & 0o077 == 0 for e in manifest["files"])


def test_it_writes_into_an_existing_empty_directory(data_dir, tmp_path):
    (tmp_path / "backup").mkdir()
    backup(tmp_path / "backup")
    assert (tmp_path / "backup" / "manifest.json").exists()


def test_it_refuses_a_directory_that_is_not_empty(data_dir, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("mine")
    with pytest.raises(
        CommandError, match=r"backup is not empty\. A backup goes into a new or empty directory"
    ):
        backup(tmp_path / "backup")
    assert [path.name for path in (tmp_path / "backup").iterdir()] == ["notes.txt"]


def test_it_refuses_a_file(data_dir, tmp_path):
    (tmp_path / "backup").write_text("mine")
    with pytest.raises(CommandError, match="exists and is not a directory"):
        backup(tmp_path / "backup")


def test_it_says_when_it_cannot_create_the_directory(data_dir, tmp_path):
    (tmp_path / "a file").write_text("mine")
    with pytest.raises(CommandError, match="Cannot create .*a file/backup: Not a directory"):
        backup(tmp_path / "a file" / "backup")


def test_it_refuses_a_directory_inside_the_data_directory(data_dir):
    with pytest.raises(CommandError, match="is inside the data directory"):
        backup(data_dir / "backups" / "today")
    assert not (data_dir / "backups").exists()


def test_it_removes_what_it_wrote_when_it_fails(data_dir, tmp_path, monkeypatch):
    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("shutil.copy2", disk_full)
    with pytest.raises(CommandError, match=r"failed, and what it had written is removed: .*No space left"):
        backup(tmp_path / "backup")
    assert not (tmp_path / "backup").exists()


def test_it_says_when_the_secret_key_is_not_in_the_backup(data_dir, tmp_path, monkeypatch):
    (data_dir / "secret_key").unlink()
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    assert "SECRET_KEY comes from the environment, so this backup does not hold it" in backup(tmp_path / "b")


@pytest.fixture
def postgres_programs(tmp_path, monkeypatch):
    """Fake pg_dump programs of the given versions, where Debian keeps them, and none on PATH."""

    def install(*majors: int) -> Path:
        for major in majors:
            program = tmp_path / "postgresql" / str(major) / "bin" / "pg_dump"
            program.parent.mkdir(parents=True)
            program.write_text(f"#!/bin/sh\necho 'pg_dump (PostgreSQL) {major}.2 (Debian {major}.2-1)'\n")
            program.chmod(0o755)
        monkeypatch.setattr(databases, "POSTGRES_BIN_DIRS", str(tmp_path / "postgresql" / "*" / "bin"))
        monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
        return tmp_path / "postgresql"

    return install


def test_it_takes_the_pg_dump_of_the_servers_version(postgres_programs):
    root = postgres_programs(13, 15, 16)
    assert postgres_program("pg_dump", 15) == str(root / "15" / "bin" / "pg_dump")


def test_it_takes_the_oldest_newer_pg_dump_when_the_servers_is_missing(postgres_programs):
    root = postgres_programs(13, 16, 17)
    assert postgres_program("pg_dump", 15) == str(root / "16" / "bin" / "pg_dump")


def test_it_says_which_pg_dump_to_install_when_none_will_do(postgres_programs):
    postgres_programs(13)
    with pytest.raises(databases.BackupError) as refused:
        postgres_program("pg_dump", 15)
    assert "No pg_dump for PostgreSQL 15 or newer was found" in str(refused.value)
    assert "(PostgreSQL 13)" in str(refused.value)
    assert "apt-get install postgresql-client-15" in str(refused.value)


def test_it_says_which_pg_dump_to_install_before_writing_anything(data_dir, tmp_path, postgres_programs):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite needs no pg_dump")
    postgres_programs(9)
    with pytest.raises(CommandError, match="No pg_dump for PostgreSQL"):
        backup(tmp_path / "backup")
    assert not (tmp_path / "backup").exists()
