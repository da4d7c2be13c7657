"""`ficshelf restore DIR` refuses what it must, before it changes anything (ficshelf/site/backup/).

Restores that succeed are in test_backup_round_trip.py, in subprocesses: here the
target is the test database, which a restore must never replace.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from ficshelf.accounts.models import SiteSettings, User
from ficshelf.site.backup.databases import database_for
from ficshelf.site.models import WorkerHeartbeat
from ficshelf.works.models import Work

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads only what is committed


@pytest.fixture
def made(tmp_path, settings) -> Path:
    """A backup of an empty archive with one file of its own, and a fresh data directory to restore into."""
    settings.DATA_DIR = tmp_path / "old"
    settings.STATIC_ROOT = tmp_path / "old" / "static"
    (tmp_path / "old" / "uploads").mkdir(parents=True)
    (tmp_path / "old" / "uploads" / "cover.png").write_text("a cover")
    (tmp_path / "old" / "secret_key").write_text("the old key")
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    settings.DATA_DIR = tmp_path / "new"
    settings.STATIC_ROOT = tmp_path / "new" / "static"
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "secret_key").write_text("a generated key")
    return tmp_path / "backup"


def restore(directory: Path) -> None:
    call_command("restore", str(directory), stdout=StringIO())


def edit_manifest(backup: Path, **changes) -> None:
    manifest = json.loads((backup / "manifest.json").read_text())
    (backup / "manifest.json").write_text(json.dumps(manifest | changes))


def assert_nothing_changed(backup: Path) -> None:
    new = backup.parent / "new"
    assert sorted(path.name for path in new.iterdir()) == ["secret_key"]
    assert (new / "secret_key").read_text() == "a generated key"


def test_it_refuses_a_directory_without_a_manifest(made):
    (made / "manifest.json").unlink()
    with pytest.raises(CommandError, match="has no manifest.json, so it is not a complete Ficshelf backup"):
        restore(made)
    assert_nothing_changed(made)


def test_it_refuses_a_directory_that_does_not_exist(made):
    with pytest.raises(CommandError, match="is not a directory"):
        restore(made.parent / "elsewhere")


def test_it_refuses_a_damaged_manifest(made):
    (made / "manifest.json").write_text('{"format": "ficshelf-backup", "format_version": 1, "vend')
    with pytest.raises(CommandError, match="is damaged or not a Ficshelf backup manifest"):
        restore(made)


def test_it_refuses_a_file_changed_after_the_backup_naming_it(made):
    (made / "data" / "uploads" / "cover.png").write_text("a COVER")  # the same size
    with pytest.raises(CommandError, match="data/uploads/cover.png does not match its SHA-256 checksum"):
        restore(made)
    assert_nothing_changed(made)


def test_it_refuses_a_database_copy_cut_short_naming_it(made):
    database = next(made.glob("database.*"))
    database.write_bytes(database.read_bytes()[:1000])
    with pytest.raises(CommandError, match=rf"{database.name} is 1,000 bytes, and its manifest says"):
        restore(made)
    assert_nothing_changed(made)


def test_it_refuses_a_backup_with_a_file_missing_naming_it(made):
    (made / "data" / "secret_key").unlink()
    with pytest.raises(CommandError, match="The backup is incomplete: data/secret_key is missing"):
        restore(made)
    assert_nothing_changed(made)


def test_it_refuses_a_manifest_naming_a_file_outside_the_backup(made):
    manifest = json.loads((made / "manifest.json").read_text())
    manifest["files"][-1]["path"] = "data/../../new/secret_key"
    (made / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="names a file outside the backup"):
        restore(made)
    assert_nothing_changed(made)


def test_it_refuses_a_backup_of_the_other_kind_of_database(made):
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    edit_manifest(made, vendor=other)
    with pytest.raises(CommandError) as refused:
        restore(made)
    assert "A backup restores into the same kind of database only" in str(refused.value)
    assert "`ficshelf dumpdata` on the old one and `ficshelf loaddata` on the new one" in str(refused.value)
    assert_nothing_changed(made)


def test_it_refuses_a_backup_from_a_newer_ficshelf(made):
    manifest = json.loads((made / "manifest.json").read_text())
    manifest["migrations"]["works"].append("9999_from_the_future")
    edit_manifest(made, migrations=manifest["migrations"], ficshelf_version="9.0")
    with pytest.raises(CommandError, match=r"made by Ficshelf 9\.0, .*\(works\.9999_from_the_future\)"):
        restore(made)
    assert_nothing_changed(made)


def test_it_refuses_a_database_with_users_and_says_what_to_do(made):
    User.objects.create_user("alice", "alice@example.org", "x")
    with pytest.raises(CommandError) as refused:
        restore(made)
    assert "is not empty: it has 1 user" in str(refused.value)
    what_to_do = {
        "sqlite": "Restore into a new data directory",
        "postgresql": "Point DATABASE_URL at a new database",
    }[connection.vendor]
    assert what_to_do in str(refused.value)
    assert User.objects.get().username == "alice"
    assert_nothing_changed(made)


def test_it_refuses_a_database_with_rows_in_ficshelfs_tables(made):
    Work.objects.create(title="Nobody's")
    with pytest.raises(CommandError, match="is not empty: it has rows in works_work"):
        restore(made)
    assert Work.objects.get().title == "Nobody's"


def test_it_refuses_a_data_directory_that_holds_more_than_a_start_makes(made):
    (made.parent / "new" / "uploads").mkdir()
    (made.parent / "new" / "uploads" / "mine.png").write_text("someone's")
    with pytest.raises(CommandError, match=r"is not fresh: it holds uploads/mine\.png"):
        restore(made)
    assert (made.parent / "new" / "secret_key").read_text() == "a generated key"


def test_it_restores_nothing_when_the_data_files_cannot_be_copied(made, monkeypatch):
    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("shutil.copy2", disk_full)
    with pytest.raises(CommandError, match=r"Could not copy the backup's data files: .*Nothing was restored"):
        restore(made)
    assert_nothing_changed(made)
    assert "works_work" in connection.introspection.table_names()


def test_it_leaves_the_database_as_it_was_when_pg_restore_fails(made):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's restore is a rename")
    # A table of someone else's that holds on to Ficshelf's users: pg_restore can't drop them.
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE reading_list (user_id bigint REFERENCES accounts_user (id))")
    try:
        with pytest.raises(CommandError) as refused:
            restore(made)
        assert "pg_restore failed on the PostgreSQL database" in str(refused.value)
        assert "It ran in one transaction, so the database is as it was." in str(refused.value)
        assert "reading_list" in connection.introspection.table_names()
        assert not User.objects.exists()
        assert_nothing_changed(made)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE reading_list")


@pytest.mark.django_db(transaction=False)
def test_it_counts_a_freshly_migrated_database_as_empty():
    # What `migrate` and the first page create is no archive yet. A data migration that
    # fills another of Ficshelf's tables adds its model to databases.STARTING_ROWS.
    assert database_for().contents() == []


def test_it_counts_a_database_with_only_what_serving_it_made_as_empty():
    SiteSettings.current()
    WorkerHeartbeat.objects.create(worker_id="worker-1", beat_at=timezone.now())
    assert database_for().contents() == []
