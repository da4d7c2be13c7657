"""Wrangling: the changes a wrangler makes, applied with the model's rules, then re-indexed.

Every change runs in one transaction that also refreshes TagReach and queues the
background re-index of the affected works; the tags involved say "updating N
works" until the job is done. A change that breaks a rule raises ValidationError
before anything is written.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django_tasks import task

from ficshelf.accounts.models import User
from ficshelf.tags import filtering
from ficshelf.tags.models import CommonTagging, MetaTagging, Tag, TagType, clean_tag_name

logger = logging.getLogger(__name__)

WRANGLERS_GROUP = "Tag Wranglers"


def audit_state(tag: Tag) -> dict[str, Any]:
    """What wrangling can change on a tag, as stored now: the audit log's before and after."""
    canonical, merger = Tag.objects.filter(pk=tag.pk).values_list("canonical", "merger__name").get()
    return {
        "canonical": canonical,
        "merger": merger,
        "parents": sorted(tag.parents.values_list("name", flat=True)),
        "meta_tags": sorted(tag.meta_tags.values_list("name", flat=True)),
    }


def is_wrangler(user: User | None) -> bool:
    """Tag wranglers are users with the tags.wrangle_tag permission (the "Tag Wranglers" group)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("tags.wrangle_tag"))


@task(queue_name="tags")
def reindex_after_wrangling(source_ids: list[int], shrunk: bool, flagged: dict[str, int]) -> int:
    """The background half of a wrangling change: update the filter index, then clear the notices."""
    started = time.monotonic()
    touched = filtering.reindex_sources(source_ids, shrunk)
    for tag_id, count in flagged.items():
        Tag.objects.filter(pk=int(tag_id)).update(reindexing_works=Greatest(F("reindexing_works") - count, 0))
    logger.info(
        "re-indexed %d rows for %d tags in %.1fs", touched, len(source_ids), time.monotonic() - started
    )
    return touched


def _after_change(tags: list[Tag]) -> int:
    """Refresh what the changed tags reach and queue the works' re-index. Returns N works."""
    changed, shrunk = filtering.recompute_reach([tag.pk for tag in tags])
    if not changed:
        return 0
    count = filtering.works_using(changed)
    if count == 0:
        return 0
    flagged = {str(tag.pk): count for tag in tags}
    Tag.objects.filter(pk__in=[tag.pk for tag in tags]).update(reindexing_works=F("reindexing_works") + count)
    # Queued in the same transaction: the job exists exactly when the change does.
    reindex_after_wrangling.enqueue(changed, shrunk, flagged)
    return count


def resolve(name: str, tag_type: str | None = None) -> Tag:
    """The existing tag a wrangler typed, or a clear error."""
    name = clean_tag_name(name)
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        raise ValidationError(f"There is no tag called “{name}”.")
    if tag_type and tag.type != tag_type:
        raise ValidationError(
            f"“{tag.name}” is a {tag.get_type_display()} tag, not {TagType(tag_type).label}."
        )
    return tag


def set_canonical(tag: Tag, canonical: bool) -> int:
    tag.check_canonical(canonical)
    with transaction.atomic():
        Tag.objects.filter(pk=tag.pk).update(canonical=canonical)
        tag.canonical = canonical
        return 0  # a tag reaches the same works whether or not it is canonical


def merge(tag: Tag, canonical: Tag) -> int:
    """Make `tag` a synonym of `canonical`; its works are then found by the canonical."""
    tag.check_merger(canonical)
    with transaction.atomic():
        # Like AO3, a synonym's parents move to its canonical, which readers filter by.
        for link in CommonTagging.objects.filter(child=tag):
            CommonTagging.objects.get_or_create(child=canonical, parent_id=link.parent_id)
        CommonTagging.objects.filter(child=tag).delete()
        Tag.objects.filter(pk=tag.pk).update(merger=canonical)
        tag.merger = canonical
        return _after_change([tag])


def unmerge(tag: Tag) -> int:
    with transaction.atomic():
        Tag.objects.filter(pk=tag.pk).update(merger=None)
        tag.merger = None
        return _after_change([tag])


def add_parent(tag: Tag, parent: Tag) -> None:
    """Parent links only organise tags (a fandom's characters); filtering doesn't follow them."""
    tag.check_parent(parent)
    CommonTagging.objects.get_or_create(child=tag, parent=parent)


def remove_parent(tag: Tag, parent: Tag) -> None:
    CommonTagging.objects.filter(child=tag, parent=parent).delete()


def add_meta_tag(tag: Tag, meta: Tag) -> int:
    """`meta` becomes a metatag of `tag`: filtering by `meta` finds `tag`'s works too."""
    tag.check_meta_tag(meta)
    with transaction.atomic():
        MetaTagging.objects.get_or_create(meta_tag=meta, sub_tag=tag)
        return _after_change([tag])


def remove_meta_tag(tag: Tag, meta: Tag) -> int:
    with transaction.atomic():
        MetaTagging.objects.filter(meta_tag=meta, sub_tag=tag).delete()
        return _after_change([tag])


def mass_wrangle(
    tags: list[Tag],
    *,
    parent: str = "",
    canonical: bool = False,
    merger: str = "",
    meta_tag: str = "",
) -> tuple[int, int]:
    """The unwrangled-tags page's mass actions, all or nothing.

    Returns (tags changed, works being re-indexed). Any rule a tag breaks raises
    ValidationError naming the tag, and nothing is saved.
    """
    works = 0
    with transaction.atomic():
        parent_tag = resolve(parent) if parent else None
        merger_tag = resolve(merger) if merger else None
        meta = resolve(meta_tag) if meta_tag else None
        for tag in tags:
            if canonical and not tag.canonical:
                set_canonical(tag, True)
            if merger_tag is not None:
                works += merge(tag, merger_tag)
            if parent_tag is not None:
                add_parent(tag.filterable, parent_tag)
            if meta is not None:
                works += add_meta_tag(tag, meta)
    return len(tags), works
