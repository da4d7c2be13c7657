"""PostgreSQL only: what lets listings and search stay fast at a million works.

1. Each work row carries the ids of every tag it reaches (its filter index rows).
   Filtering by popular tags means walking works in sort order and testing each one;
   an array on the row makes that test a few comparisons instead of an index probe
   per tag, and its GIN index intersects rare tags' works. A statement-level trigger
   on tags_filtertagging keeps the array equal to the filter index, whichever code
   path (posting, wrangling, bulk loads) writes it. SQLite filters through
   tags_filtertagging directly. The Work model's docstring names the column; it is
   not a model field, since SQLite has no arrays.
2. `title:`, `creator:` and `tag:` are searched in each work's metadata row. On the
   chunks, a field term is found through the word's GIN entries and then a weight
   check that reads every chunk holding the word anywhere (a word common in stories
   but rare in titles took seconds), and the planner, blind to weights, could not
   tell. One GIN expression index per field answers them from the metadata row, with
   statistics of its own. The weighted metadata document that each chunk's document
   starts with is kept on the row, computed once per work.
"""

from django.db import migrations

POSTGRES_FORWARDS = [
    "ALTER TABLE works_work ADD COLUMN filter_tag_ids bigint[] NOT NULL DEFAULT '{}'",
    """CREATE FUNCTION search_refresh_filter_tag_ids() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE works_work w SET filter_tag_ids = ARRAY(
           SELECT f.tag_id FROM tags_filtertagging f WHERE f.work_id = w.id ORDER BY f.tag_id)
         WHERE w.id IN (SELECT DISTINCT work_id FROM changed);
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER search_filter_tag_ids_insert AFTER INSERT ON tags_filtertagging
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
       EXECUTE FUNCTION search_refresh_filter_tag_ids()""",
    """CREATE TRIGGER search_filter_tag_ids_delete AFTER DELETE ON tags_filtertagging
       REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
       EXECUTE FUNCTION search_refresh_filter_tag_ids()""",
    """UPDATE works_work w SET filter_tag_ids = f.ids FROM (
         SELECT work_id, array_agg(tag_id ORDER BY tag_id) AS ids FROM tags_filtertagging GROUP BY work_id
       ) f WHERE f.work_id = w.id""",
    "CREATE INDEX work_filter_tag_ids ON works_work USING GIN (filter_tag_ids)",
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
    "DROP TRIGGER IF EXISTS search_filter_tag_ids_insert ON tags_filtertagging",
    "DROP TRIGGER IF EXISTS search_filter_tag_ids_delete ON tags_filtertagging",
    "DROP FUNCTION IF EXISTS search_refresh_filter_tag_ids()",
    "DROP INDEX IF EXISTS work_filter_tag_ids",
    "ALTER TABLE works_work DROP COLUMN IF EXISTS filter_tag_ids",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_fulltext_backends"),
        ("tags", "0005_meta_and_parent_directions"),
        ("works", "0004_sort_indexes"),
    ]
    operations = [migrations.RunPython(_run(POSTGRES_FORWARDS), _run(POSTGRES_BACKWARDS))]
