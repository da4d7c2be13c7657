"""Keep the filter index in step with single taggings added or removed.

tags never imports works: the receivers name the sender lazily ("works.Tagging").
Work.set_tags writes taggings in bulk (no signals) and rebuilds the index itself.
"""

from django.db.models.signals import post_delete, post_save

from ficshelf.tags import filtering


def tagging_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not raw:
        filtering.add_tagging(instance.work_id, instance.tag_id)


def tagging_deleted(sender, instance, **kwargs) -> None:
    """Drop the rows only this tagging gave the work (another tag may reach the same ones)."""
    filtering.remove_tagging(instance.work_id)


def connect() -> None:
    post_save.connect(tagging_saved, sender="works.Tagging", dispatch_uid="tags.tagging_saved")
    post_delete.connect(tagging_deleted, sender="works.Tagging", dispatch_uid="tags.tagging_deleted")
