"""Rows written fast for the benchmarks' synthetic archives: COPY on PostgreSQL, executemany on SQLite.

Only the rows a real archive gets from posting (users, tags, works, chapters,
taggings…). The tables derived from them, the filter index and the full-text index,
are then built by the production code that keeps them (ficshelf.bench.archive.index).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone


def _defaults(model: type[Model], given: list[str]) -> tuple[list[str], list[Any]]:
    """Columns the generator doesn't fill, with their defaults (so other apps' new fields work)."""
    now = timezone.now()
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in given or field.primary_key and field.attname not in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = field.get_default()
        columns.append(str(field.column))
        values.append(field.get_db_prep_save(value, connection))
    return columns, values


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a concrete column, not a reverse relation
    return str(field.column)


def insert(model: type[Model], columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Write rows fast: COPY on PostgreSQL, executemany on SQLite; defaults fill the rest."""
    extra_columns, extra_values = _defaults(model, columns)
    names = ", ".join([_column(model, name) for name in columns] + extra_columns)
    table = model._meta.db_table
    extra = tuple(extra_values)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + extra)
        else:
            marks = ", ".join(["%s"] * (len(columns) + len(extra_columns)))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", [row + extra for row in rows]
            )


def reset_sequences(models: list[type[Model]]) -> None:
    """Rows written with their own ids leave PostgreSQL's id sequences behind: move them on."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def run_sql(statement: str) -> None:
    """Maintenance the benchmark runs between steps (ANALYZE, VACUUM)."""
    with connection.cursor() as cursor:
        cursor.execute(statement)
