"""A task worker killed in the middle of a fan-out: its task is queued again, nobody is told twice.

Real processes on a database of their own (a SQLite file, or a fresh PostgreSQL database
when DATABASE_URL names a server), since a worker cannot see a test's transaction.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.site.processes import wait_for

pytestmark = pytest.mark.slow  # migrates a database and runs task workers

SUBSCRIBERS = 30_000
KILLED_AFTER = 7_000  # notified, as in the incident of issue #12
HEARTBEAT = 0.5  # seconds, so a dead worker's lease (three beats) runs out quickly
ROOT = Path(__file__).resolve().parents[2]

SETUP = f"""
from ficshelf.accounts.models import User
from ficshelf.community import tasks
from ficshelf.community.models import Subscription
from tests.base import make_work

author = User.objects.create_user("author", "author@example.org", "x")
work = make_work(author, "Followed by many")
readers = User.objects.bulk_create(
    User(username=f"reader{{n}}", email=f"reader{{n}}@example.org") for n in range({SUBSCRIBERS})
)
Subscription.objects.bulk_create(Subscription(user=reader, work=work) for reader in readers)
tasks.fan_out_chapter.enqueue(work.chapters.get().pk)
"""


class Archive:
    """An archive's database that subprocesses and the test share."""

    def __init__(self, env: dict[str, str], sqlite_path: Path | None, postgres_url: str | None) -> None:
        self.env = env
        self.sqlite_path = sqlite_path
        self.postgres_url = postgres_url

    def ficshelf(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "ficshelf.cli", *args]
        return subprocess.run(command, env=self.env, cwd=ROOT, check=True, capture_output=True, text=True)

    def worker(self) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "ficshelf.cli", "db_worker", "--queue-name", "*"]
        command += ["--interval", "0.1", "--no-startup-delay", "--verbosity", "0"]
        return subprocess.Popen(command, env=self.env, cwd=ROOT)

    def value(self, sql: str) -> object:
        if self.postgres_url:
            with psycopg.connect(self.postgres_url) as db:
                row = db.execute(sql).fetchone()
        else:
            with sqlite3.connect(self.sqlite_path) as db:
                row = db.execute(sql).fetchone()
        assert row is not None
        return row[0]

    def notified(self) -> int:
        return int(self.value("SELECT count(*) FROM community_notification"))  # type: ignore[arg-type]

    def fan_out_status(self) -> str:
        return str(
            self.value(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%fan_out_chapter'"
            )
        )


@pytest.fixture
def archive(tmp_path) -> Iterator[Archive]:
    env = {k: v for k, v in os.environ.items() if k != "FICSHELF_TASKS"}
    env |= {"FICSHELF_DATA_DIR": str(tmp_path), "FICSHELF_WORKER_HEARTBEAT": str(HEARTBEAT)}
    server = os.environ.get("DATABASE_URL", "").strip()
    if not server:
        env["DATABASE_URL"] = ""
        yield _migrated(Archive(env, tmp_path / "ficshelf.sqlite3", None))
        return
    name = f"ficshelf_worker_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        yield _migrated(Archive(env | {"DATABASE_URL": url}, None, url))
    finally:
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _migrated(archive: Archive) -> Archive:
    archive.ficshelf("migrate", "--verbosity", "0")
    return archive


def test_it_notifies_every_subscriber_exactly_once_after_the_worker_is_killed_mid_fan_out(archive):
    archive.ficshelf("shell", "-c", SETUP)
    first = archive.worker()
    try:
        assert wait_for(lambda: archive.notified() >= KILLED_AFTER, timeout=60) is not None
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.kill()
        first.wait()
    notified_before_the_kill = archive.notified()
    assert KILLED_AFTER <= notified_before_the_kill < SUBSCRIBERS
    assert archive.fan_out_status() == "RUNNING"

    second = archive.worker()
    try:
        assert wait_for(lambda: archive.fan_out_status() == "SUCCESSFUL", timeout=120) is not None
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert archive.notified() == SUBSCRIBERS
    assert archive.value("SELECT count(DISTINCT recipient_id) FROM community_notification") == SUBSCRIBERS
    assert (
        archive.value("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'") == 0
    )
