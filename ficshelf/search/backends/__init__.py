"""Two full-text backends behind one small interface, chosen by the database vendor.

- SQLite: an FTS5 table over the chunks and their work's metadata, porter-stemmed.
- PostgreSQL: a weighted tsvector per chunk (title A, creators B, tags C, the rest D)
  with a GIN index; `title:` and friends become weight filters.

Both answer the interface in base.py (Backend); get_backend() picks one.
"""

from functools import cache

from django.db import connection

from ficshelf.search.backends.base import Backend
from ficshelf.search.backends.postgres import PostgresBackend
from ficshelf.search.backends.sqlite import SQLiteBackend


@cache
def _backend(vendor: str) -> Backend:
    return PostgresBackend() if vendor == "postgresql" else SQLiteBackend()


def get_backend() -> Backend:
    """The backend for the default database: PostgreSQL's if it is PostgreSQL, else FTS5."""
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(
            f"Full-text search supports SQLite and PostgreSQL, not {connection.vendor}."
        )
    return _backend(connection.vendor)
