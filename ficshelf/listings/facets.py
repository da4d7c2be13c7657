"""The sidebar's tag counts: the most frequent canonical tags per type among a listing's
first results, which the reader can tick to include or exclude."""

from dataclasses import dataclass

from django.db import connection

from ficshelf.search.backends import get_backend
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models.work import TAG_ORDER

FACET_PER_TYPE = 10
FACET_CANDIDATES = 400  # the most frequent tags of the sample, for FACET_PER_TYPE per type


@dataclass(frozen=True)
class FacetTag:
    """A tag as the sidebar shows it; lighter than a Tag for hundreds of rows."""

    name: str
    type: str


Facets = list[tuple[str, list[tuple[FacetTag, int]]]]  # (type label, [(tag, works)…]) in TAG_ORDER


def sidebar_facets(sample: list[int]) -> Facets:
    """The top canonical tags per type among these works (a listing's first results)."""
    # Count per tag first, then look up only the most frequent tags: a hundred works
    # reach over a thousand distinct tags, most of them once, and looking each one
    # up took longer than the counting.
    counts, params = get_backend().tag_counts(sample)
    sql = (
        f"SELECT t.name, t.type, c.n FROM ({counts} ORDER BY n DESC, tag_id LIMIT {FACET_CANDIDATES}) c "
        f"JOIN {Tag._meta.db_table} t ON t.id = c.tag_id WHERE t.canonical "
        "ORDER BY c.n DESC, c.tag_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_type: dict[str, list[tuple[FacetTag, int]]] = {}
    for name, tag_type, count in rows:
        by_type.setdefault(tag_type, []).append((FacetTag(name, tag_type), count))
    facets = []
    for tag_type in TAG_ORDER:
        pairs = sorted(by_type.get(tag_type, []), key=lambda pair: (-pair[1], pair[0].name.lower()))
        if pairs:
            facets.append((TagType(tag_type).label, pairs[:FACET_PER_TYPE]))
    return facets
