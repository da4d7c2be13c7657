"""How community hears about posting and reading: signals from works, answered by queueing tasks.

Receivers of posting and reading only enqueue. With the database task backend the
queued row commits or rolls back with the post that caused it, so a failed post
notifies nobody. (Blurbs loading for a reader is answered at once, in muted_counts.py.)
"""

import datetime

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from ficshelf.accounts.http import viewer
from ficshelf.community import tasks
from ficshelf.community.muted_counts import take_muted_from_counts
from ficshelf.community.visitors import visitor_key
from ficshelf.works.models import Chapter, Work
from ficshelf.works.signals import blurbs_loaded, chapter_published, work_published, work_viewed


def queue_new_work_notifications(sender, work: Work, **kwargs) -> None:
    tasks.fan_out_work.enqueue(work.pk)


def queue_new_chapter_notifications(sender, chapter: Chapter, **kwargs) -> None:
    tasks.fan_out_chapter.enqueue(chapter.pk)


def queue_visit(sender, request: HttpRequest, work: Work, chapter: Chapter | None, **kwargs) -> None:
    """Queue a hit for a visitor's first view of the day and a history update for a new chapter.

    The cache screens out repeats, so a reader paging back and forth costs no write at
    all; the task's unique Visit row is what keeps the count exact.
    """
    reader = viewer(request)
    if not work.posted or work.is_creator(reader):
        return
    visitor = visitor_key(request)
    day = timezone.localdate()
    new_hit = cache.add(f"hit:{work.pk}:{visitor}:{day.isoformat()}", 1, timeout=60 * 60 * 26)
    history_of: int | None = None  # the reader whose history this view updates
    if reader is not None and reader.history_enabled and chapter is not None:
        key = f"reading:{reader.pk}:{work.pk}"
        if cache.get(key) != chapter.pk:
            cache.set(key, chapter.pk, timeout=int(datetime.timedelta(hours=1).total_seconds()))
            history_of = reader.pk
    if new_hit or history_of is not None:
        tasks.record_visit.enqueue(
            work.pk,
            chapter.pk if chapter else None,
            visitor if new_hit else "",
            history_of,
            day.isoformat(),
        )


def connect() -> None:
    """Called from CommunityConfig.ready(), as every app connects its receivers."""
    work_published.connect(queue_new_work_notifications, dispatch_uid="community.new_work")
    chapter_published.connect(queue_new_chapter_notifications, dispatch_uid="community.new_chapter")
    work_viewed.connect(queue_visit, dispatch_uid="community.visit")
    blurbs_loaded.connect(take_muted_from_counts, dispatch_uid="community.muted_counts")
