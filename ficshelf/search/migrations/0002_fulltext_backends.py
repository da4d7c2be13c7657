"""The database-specific half of the full-text index: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARDS = [
    # FTS5 reads column values through this view (external content), so chunk text
    # is stored once and each chunk is also found by its work's metadata.
    """CREATE VIEW search_fts_content AS
       SELECT c.id AS id, c.work_id AS work_id, w.title AS title, w.creators AS creators,
              w.tags AS tags, w.meta AS meta, c.text AS body
       FROM search_searchchunk c JOIN search_searchwork w ON w.work_id = c.work_id""",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
       title, creators, tags, meta, body,
       content='search_fts_content', content_rowid='id',
       tokenize='porter unicode61 remove_diacritics 2')""",
]
SQLITE_BACKWARDS = ["DROP TABLE IF EXISTS search_fts", "DROP VIEW IF EXISTS search_fts_content"]
POSTGRES_FORWARDS = [
    "ALTER TABLE search_searchchunk ADD COLUMN document tsvector",
    "CREATE INDEX search_chunk_document ON search_searchchunk USING GIN (document)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS search_chunk_document",
    "ALTER TABLE search_searchchunk DROP COLUMN IF EXISTS document",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS}),
            _run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS}),
        )
    ]
