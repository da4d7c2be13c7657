"""A fresh, migrated database for a benchmark, on the server the settings point at.

PostgreSQL: a database of its own name on the same server (dropped afterwards unless
kept; a kept one can be reused, so a million-work archive is generated once). SQLite: a
temporary file, or the path given (a server started on it then finds it where settings.py
looks). Either way the archive being served is untouched.
"""

from __future__ import annotations

import os
import tempfile

from django.core.management import call_command
from django.db import connection, connections


class FreshDatabase:
    """Point the default connection at a new, migrated database; put it back afterwards."""

    def __init__(self, name: str, keep: bool = False, reuse: bool = False, sqlite_path: str = "") -> None:
        self.name = name
        self.sqlite_path = sqlite_path
        self.keep = keep or reuse
        self.reuse = reuse  # PostgreSQL: use the kept database as it is (migrated), if it exists
        self.reused = False
        self.original = dict(connections["default"].settings_dict)
        self.vendor = connection.vendor

    def __enter__(self) -> FreshDatabase:
        default = connections["default"]
        default.close()
        if self.vendor == "postgresql":
            with default.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
                self.reused = self.reuse and cursor.fetchone() is not None
                if not self.reused:
                    cursor.execute(f"DROP DATABASE IF EXISTS {default.ops.quote_name(self.name)}")
                    cursor.execute(f"CREATE DATABASE {default.ops.quote_name(self.name)}")
            default.close()
            default.settings_dict["NAME"] = self.name
            self.location = f"PostgreSQL database {self.name}" + (" (kept, reused)" if self.reused else "")
        else:
            path = self.sqlite_path
            if not path:
                handle, path = tempfile.mkstemp(prefix=f"{self.name}-", suffix=".sqlite3")
                os.close(handle)
            default.settings_dict["NAME"] = path
            self.location = path
        call_command("migrate", verbosity=0, interactive=False)
        return self

    def __exit__(self, *exc) -> None:
        default = connections["default"]
        default.close()
        bench_name = default.settings_dict["NAME"]
        default.settings_dict.clear()
        default.settings_dict.update(self.original)
        if self.keep:
            return
        if self.vendor == "postgresql":
            with default.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {default.ops.quote_name(self.name)}")
            default.close()
        else:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(f"{bench_name}{suffix}"):
                    os.remove(f"{bench_name}{suffix}")
