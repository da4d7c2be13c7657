"""PostgreSQL only: a weighted tsvector of each work's metadata, for `title:`, `creator:` and `tag:`.

Field terms are found through the word's GIN entries and then a weight check; on the
chunks that check reads every chunk holding the word anywhere in its text (a word
common in stories, rare in titles, took seconds). One small document per work
answers them from metadata alone.
"""

from django.db import migrations

POSTGRES_FORWARDS = [
    "ALTER TABLE search_searchwork ADD COLUMN document tsvector",
    """UPDATE search_searchwork w SET document =
         setweight(to_tsvector('english', w.title), 'A') || setweight(to_tsvector('english', w.creators), 'B')
         || setweight(to_tsvector('english', w.tags), 'C') || to_tsvector('english', w.meta)""",
    "CREATE INDEX search_work_document ON search_searchwork USING GIN (document)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS search_work_document",
    "ALTER TABLE search_searchwork DROP COLUMN IF EXISTS document",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_work_filter_tag_ids")]
    operations = [migrations.RunPython(_run(POSTGRES_FORWARDS), _run(POSTGRES_BACKWARDS))]
