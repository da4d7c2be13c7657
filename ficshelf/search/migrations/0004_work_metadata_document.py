"""PostgreSQL only: `title:`, `creator:` and `tag:` searched in each work's metadata row.

On the chunks, a field term is found through the word's GIN entries and then a
weight check that reads every chunk holding the word anywhere in its text (a word
common in stories but rare in titles took seconds), and the planner, blind to
weights, could not tell. One GIN expression index per field answers them from the
metadata row alone, with statistics of its own. The weighted metadata document
each chunk's document starts with is kept on the row, computed once per work.
"""

from django.db import migrations

POSTGRES_FORWARDS = [
    "ALTER TABLE search_searchwork ADD COLUMN document tsvector",
    """UPDATE search_searchwork w SET document =
         setweight(to_tsvector('english', w.title), 'A') || setweight(to_tsvector('english', w.creators), 'B')
         || setweight(to_tsvector('english', w.tags), 'C') || to_tsvector('english', w.meta)""",
    *(
        f"CREATE INDEX search_work_{field} ON search_searchwork USING GIN (to_tsvector('english', {field}))"
        for field in ("title", "creators", "tags")
    ),
]
POSTGRES_BACKWARDS = [
    *(f"DROP INDEX IF EXISTS search_work_{field}" for field in ("title", "creators", "tags")),
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
