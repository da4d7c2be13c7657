"""Background work for readers' features, run by `ficshelf db_worker` (tests run it inline).

Queues: "notifications" (fan-out and digests) and "hits" (visits and reading history),
so a flood of readers never delays anyone's mail, and the other way round.
Arguments are ids, never objects: a task may run after what it names was deleted.
"""

import datetime
import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from ficshelf.accounts.models import User
from ficshelf.community import notify
from ficshelf.community.models import Comment, PendingDigest, Reading, Visit, WorkStats
from ficshelf.community.models.stats import bump_work
from ficshelf.works.models import Chapter, Work

log = logging.getLogger(__name__)

# A digest that fails to send is tried again 10, 20, 40 and 80 minutes later, so a mail
# server down for a couple of hours loses nothing. One that fails five times fails for
# good (a refused address, a header the mail library won't write): it is given up and
# logged, instead of being tried, and failing, every ten minutes for ever.
DIGEST_TRIES = 5
FIRST_DIGEST_RETRY = datetime.timedelta(minutes=10)


@task(queue_name="notifications")
def fan_out_chapter(chapter_id: int) -> int:
    chapter = Chapter.objects.select_related("work").filter(pk=chapter_id).first()
    return notify.fan_out_chapter(chapter) if chapter else 0


@task(queue_name="notifications")
def fan_out_work(work_id: int) -> int:
    work = Work.objects.filter(pk=work_id).first()
    return notify.fan_out_work(work) if work else 0


@task(queue_name="notifications")
def notify_comment(comment_id: int) -> int:
    comment = (
        Comment.objects.select_related("work", "chapter", "user", "parent").filter(pk=comment_id).first()
    )
    return notify.notify_comment(comment) if comment else 0


@task(queue_name="notifications")
def send_due_digests() -> int:
    return notify.send_due_digests()


@task(queue_name="notifications")
def send_digest(user_id: int) -> bool:
    """Send one reader's digest now, whatever the hour (tests and "send it now" use this)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    pending = PendingDigest.objects.filter(user=user)
    failed_before = pending.values_list("failed_attempts", flat=True).first() or 0
    pending.delete()
    try:
        return notify.send_digest_to(user)
    except Exception as error:  # the sweep tries again later, or gives up
        digest_failed(user, failed_before, error, timezone.now())
        return False


def digest_failed(user: User, failed_before: int, error: Exception, now: datetime.datetime) -> None:
    """Queue the next try of `user`'s digest, which just failed, or give it up; log either way.

    Giving up marks its notifications as handled for mail (the inbox still shows them),
    so the next digest carries only what comes after, and one bad item can't stop them all.
    """
    failures = failed_before + 1
    now = max(now, timezone.now())
    if failures >= DIGEST_TRIES:
        log.error(
            "Gave up on the digest for user %s (%s) after %d failed tries: %s",
            user.pk,
            user.username,
            failures,
            error,
            exc_info=error,
        )
        notify.pending_mail([user], now).update(emailed_at=now)
        return
    retry = now + FIRST_DIGEST_RETRY * 2 ** (failures - 1)
    log.warning(
        "The digest for user %s (%s) failed (try %d of %d), trying again at %s: %s",
        user.pk,
        user.username,
        failures,
        DIGEST_TRIES,
        retry.isoformat(timespec="minutes"),
        error,
    )
    PendingDigest.objects.update_or_create(user=user, defaults={"due_at": retry, "failed_attempts": failures})


@task(queue_name="hits")
def record_visit(work_id: int, chapter_id: int | None, visitor: str, user_id: int | None, day: str) -> bool:
    """Count a hit (once per visitor per work per day) and move the reader's history on.

    `visitor` is empty when only the history needs updating; `user_id` is None when
    only the hit does. Returns whether a hit was counted.
    """
    counted = False
    if not Work.objects.filter(pk=work_id).exists():  # deleted since the visit was queued
        return False
    if visitor:
        try:
            with transaction.atomic():
                Visit.objects.create(work_id=work_id, visitor=visitor, day=day)
                bump_work(work_id, "hit_count", 1)
                WorkStats.bump(work_id, "hits", datetime.date.fromisoformat(day))
                counted = True
        except IntegrityError:  # this visitor was counted today already (or the work is gone)
            pass
    if user_id is not None:
        record_reading(user_id, work_id, chapter_id)
    if cache.add(f"visits-pruned:{day}", 1, timeout=60 * 60 * 26):
        prune_visits()
    return counted


def record_reading(user_id: int, work_id: int, chapter_id: int | None) -> None:
    now = timezone.now()
    changes = {"chapter_id": chapter_id, "last_viewed_at": now}
    if Reading.objects.filter(user_id=user_id, work_id=work_id).update(views=F("views") + 1, **changes):
        return
    try:
        with transaction.atomic():
            Reading.objects.create(user_id=user_id, work_id=work_id, views=1, **changes)
    except IntegrityError:  # created meanwhile by a concurrent visit, or the work is gone
        Reading.objects.filter(user_id=user_id, work_id=work_id).update(views=F("views") + 1, **changes)


def prune_visits() -> int:
    """Forget who visited before yesterday; WorkStats keeps the daily totals."""
    cutoff = timezone.localdate() - datetime.timedelta(days=1)
    return Visit.objects.filter(day__lt=cutoff).delete()[0]
