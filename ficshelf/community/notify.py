"""Who hears about what: notification fan-out, and the hourly digest mail.

Fan-out runs on the task queue ("notifications"), so posting a chapter to a work
with ten thousand subscribers returns at once. It is idempotent: unique
constraints on Notification make a retried task notify nobody twice.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ficshelf.accounts.models import Mute, User
from ficshelf.community.models.comments import Comment, CommentStatus
from ficshelf.community.models.subscriptions import (
    Notification,
    NotificationKind,
    NotificationQuerySet,
    PendingDigest,
    Subscription,
)
from ficshelf.tags.models import FilterTagging
from ficshelf.text.controls import single_line
from ficshelf.works.models import Chapter, Creatorship, Work

log = logging.getLogger(__name__)

DIGEST_DELAY = datetime.timedelta(hours=1)
DIGEST_MAX_ITEMS = 100
BATCH_SIZE = 1000
UNSUBSCRIBE_SALT = "ficshelf.community.unsubscribe"


# Fan-out


def _creator_ids(work: Work) -> list[int]:
    creators = Creatorship.objects.accepted().filter(work=work)
    return list(creators.values_list("pseud__user_id", flat=True).distinct())


def _subscribers(condition: Q, creator_ids: list[int]) -> Iterator[tuple[int, str, bool]]:
    """(user id, reason, wants mail) for each subscriber once, in user order.

    Creators are never told about their own post, nor is anyone who muted a creator.
    """
    subscriptions = (
        Subscription.objects.filter(condition, user__is_active=True)
        .exclude(user_id__in=creator_ids)
        .exclude(user__in=Mute.objects.filter(muted_id__in=creator_ids).values("muter_id"))
    )
    rows = _in_pages_of_users(
        subscriptions,
        (
            "user_id",
            "work__title",
            "series__title",
            "creator__username",
            "tag__name",
            "user__digest_emails",
            "user__email",
        ),
    )
    # The subscriber in hand: (user id, rank of the best reason so far, that reason, wants mail).
    best: tuple[int, int, str, bool] | None = None
    for user_id, work, series, creator, tag, wants_mail, email in rows:
        if work:
            rank, reason = 0, f"You subscribed to the work “{work}”."
        elif series:
            rank, reason = 1, f"You subscribed to the series “{series}”."
        elif creator:
            rank, reason = 2, f"You subscribed to {creator}."
        else:
            rank, reason = 3, f"You subscribed to the tag “{tag}”."
        if best is None or user_id != best[0]:
            if best is not None:
                yield best[0], best[2], best[3]
            best = (user_id, rank, reason, bool(wants_mail and email))
        elif rank < best[1]:
            best = (user_id, rank, reason, best[3])
    if best is not None:
        yield best[0], best[2], best[3]


def _in_pages_of_users(subscriptions: QuerySet[Subscription], columns: tuple[str, ...]) -> Iterator[tuple]:
    """The subscriptions' `columns`, in user order, read BATCH_SIZE users at a time.

    Each page is read whole, so no cursor stays open while the fan-out writes between
    pages: on SQLite an open read pins its snapshot, and once anyone else wrote (a
    kudos, a worker's heartbeat) the fan-out's next write would fail as "locked".
    """
    after = 0
    while True:
        users = subscriptions.filter(user_id__gt=after).order_by("user_id").values_list("user_id", flat=True)
        page = list(users.distinct()[:BATCH_SIZE])
        if not page:
            return
        yield from (
            subscriptions.filter(user_id__gt=after, user_id__lte=page[-1])
            .order_by("user_id")
            .values_list(*columns)
        )
        after = page[-1]


def _deliver(kind: str, recipients: Iterable[tuple[int, str, bool]], **about) -> int:
    """Write the notifications in batches and put mail-wanting readers in the digest queue."""
    now = timezone.now()
    due = now + DIGEST_DELAY
    count = 0
    notes: list[Notification] = []
    digests: list[PendingDigest] = []

    def flush() -> None:
        with transaction.atomic():
            Notification.objects.bulk_create(notes, ignore_conflicts=True)
            PendingDigest.objects.bulk_create(digests, ignore_conflicts=True)
        notes.clear()
        digests.clear()

    for user_id, reason, wants_mail in recipients:
        notes.append(Notification(recipient_id=user_id, kind=kind, reason=reason, created_at=now, **about))
        if wants_mail:
            digests.append(PendingDigest(user_id=user_id, due_at=due))
        count += 1
        if len(notes) >= BATCH_SIZE:
            flush()
    if notes:
        flush()
    if count:
        schedule_digest_sweep(due)
    return count


def fan_out_chapter(chapter: Chapter) -> int:
    """Tell the work's and its creators' subscribers about a new chapter."""
    work = chapter.work
    if not (work.posted and chapter.posted) or work.hidden:
        return 0
    creators = _creator_ids(work)
    condition = Q(work=work) | Q(creator_id__in=creators)
    recipients = _subscribers(condition, creators)
    return _deliver(NotificationKind.NEW_CHAPTER, recipients, work=work, chapter=chapter)


def fan_out_work(work: Work) -> int:
    """Tell subscribers of its creators, its series and the tags it is in about a new work.

    A work is in a tag as Work.objects.in_tag says: its filter index rows reach the tag's
    canonical, so a subscriber to "Spike" hears of a work tagged "William the Bloody", and
    one to a metatag of works in its subtags. The rows are read inside the subscribers'
    query; Work.set_tags rebuilt them before the post announced itself.
    """
    if not work.posted or work.hidden:
        return 0
    creators = _creator_ids(work)
    reached = FilterTagging.objects.filter(work=work).values("tag_id")
    condition = (
        Q(creator_id__in=creators)
        | Q(series__memberships__work=work)
        | Q(tag__merger__isnull=True, tag_id__in=reached)
        | Q(tag__merger_id__in=reached)  # a tag made a synonym after it was followed
    )
    first = work.chapters.filter(posted=True).order_by("position", "id").first()
    return _deliver(NotificationKind.NEW_WORK, _subscribers(condition, creators), work=work, chapter=first)


def notify_comment(comment: Comment) -> int:
    """A reply tells the comment it answers; any comment tells the work's creators.

    Held guest comments tell only the creators (who approve them); approving one
    calls this again, and the unique constraint keeps creators from hearing twice.
    """
    if comment.deleted:
        return 0
    work = comment.work
    recipients: dict[int, tuple[str, str]] = {}
    if comment.status == CommentStatus.PUBLISHED and comment.parent is not None:
        parent_author = comment.parent.user_id
        if parent_author and parent_author != comment.user_id:
            recipients[parent_author] = (
                NotificationKind.REPLY,
                f"{comment.author_name} replied to your comment.",
            )
    for creator_id in _creator_ids(work):
        if creator_id != comment.user_id:
            held = " It is waiting for your approval." if comment.status == CommentStatus.PENDING else ""
            recipients.setdefault(
                creator_id, (NotificationKind.COMMENT, f"{comment.author_name} commented on your work.{held}")
            )
    if comment.user_id:  # readers who muted the commenter hear nothing from them
        muters = set(Mute.objects.filter(muted_id=comment.user_id).values_list("muter_id", flat=True))
        recipients = {uid: value for uid, value in recipients.items() if uid not in muters}
    users = {
        u.pk: u for u in User.objects.filter(pk__in=recipients, is_active=True).only("digest_emails", "email")
    }
    total = 0
    for kind in (NotificationKind.REPLY, NotificationKind.COMMENT):
        batch = [
            (uid, reason, users[uid].digest_emails and bool(users[uid].email))
            for uid, (k, reason) in recipients.items()
            if k == kind and uid in users
        ]
        if batch:
            total += _deliver(kind, batch, work=work, chapter=comment.chapter, comment=comment)
    return total


# Digests


def schedule_digest_sweep(due: datetime.datetime) -> None:
    """Queue one digest sweep per five-minute slot (deduplicated through the cache)."""
    from ficshelf.community import tasks  # tasks import this module

    slot = due + datetime.timedelta(seconds=-due.timestamp() % 300)
    if not cache.add(
        f"digest-sweep:{int(slot.timestamp())}", 1, timeout=int(DIGEST_DELAY.total_seconds()) * 2
    ):
        return
    task = tasks.send_due_digests
    if task.get_backend().supports_defer:
        task.using(run_after=slot).enqueue()
    else:  # a backend that runs tasks at once: mail whatever is due by now
        task.enqueue()


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=False)


def user_for_unsubscribe_token(token: str) -> User | None:
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=user_id).first()


def send_digest_to(user: User) -> bool:
    """Mail `user` everything in their inbox not yet mailed or read, in one message."""
    sent, failed = send_digests([user])
    if failed:
        raise failed[user.pk]
    return bool(sent)


def send_digests(users: list[User]) -> tuple[int, dict[int, Exception]]:
    """One digest each for a batch of readers, with a fixed number of queries per batch.

    Returns (mails sent, {user id: error} for sends that failed). A failed send
    leaves its notifications unmailed, for the retry.
    """
    now = timezone.now()
    pending = pending_mail(users, now)
    items: dict[int, list[Notification]] = defaultdict(list)
    more: dict[int, int] = defaultdict(int)
    # What each reader's inbox shows them now: nothing about a work they can no longer see.
    rows = (
        pending.filter(read_at__isnull=True)
        .shown_to_recipients()
        .select_related("work", "chapter", "comment__user")
        .order_by("recipient_id", "created_at", "id")
    )
    for item in rows.iterator(chunk_size=2000):
        if len(items[item.recipient_id]) < DIGEST_MAX_ITEMS:
            items[item.recipient_id].append(item)
        else:
            more[item.recipient_id] += 1
    sent, failed = 0, {}
    for user in users:
        mine = items.get(user.pk)
        if not mine or not user.digest_emails or not user.email or not user.is_active:
            continue  # nothing to mail: marked below, so it isn't carried into the next digest
        try:
            _mail_digest(user, mine, more[user.pk])
            sent += 1
        except Exception as error:  # the caller decides: retry later, or report
            failed[user.pk] = error
    # Marked only once sent, so a failed send leaves everything for the retry.
    pending.exclude(recipient_id__in=list(failed)).update(emailed_at=now)
    return sent, failed


def pending_mail(users: list[User], now: datetime.datetime) -> NotificationQuerySet:
    """Notifications for `users` made by `now` that no digest has handled yet."""
    return Notification.objects.filter(recipient__in=users, emailed_at__isnull=True, created_at__lte=now)


def _mail_digest(user: User, items: list[Notification], more: int) -> None:
    url = settings.SITE_URL
    unsubscribe = url + reverse("community:unsubscribe_emails", kwargs={"token": unsubscribe_token(user)})
    context = {"user": user, "items": items, "more": more, "site_url": url, "unsubscribe_url": unsubscribe}
    subject = _one_line(items[0]) if len(items) == 1 else f"{len(items) + more} new notifications"
    message = EmailMultiAlternatives(
        # A title or name saved before one-line fields existed may hold a line break,
        # which a mail header can't.
        subject=single_line(f"[{settings.SITE_NAME}] {subject}"),
        body=render_to_string("community/digest_email.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("community/digest_email.html", context), "text/html")
    message.send()


def _one_line(item: Notification) -> str:
    title = item.work.title if item.work else "a work"
    if item.kind == NotificationKind.NEW_CHAPTER:
        return f"New chapter of “{title}”"
    if item.kind == NotificationKind.NEW_WORK:
        return f"New work: “{title}”"
    who = item.comment.author_name if item.comment else "Someone"
    if item.kind == NotificationKind.REPLY:
        return f"{who} replied to your comment on “{title}”"
    return f"{who} commented on “{title}”"


def send_due_digests(now: datetime.datetime | None = None) -> int:
    """Send every digest whose hour is up; a failed send is tried again later, a few times
    (tasks.digest_failed)."""
    from ficshelf.community import tasks

    now = now or timezone.now()
    sent = 0
    failed: list[int] = []
    while True:
        with transaction.atomic():
            claimed = dict(
                PendingDigest.objects.select_for_update(skip_locked=True)
                .filter(due_at__lte=now)
                .exclude(user_id__in=failed)
                .order_by("due_at")
                .values_list("user_id", "failed_attempts")[:200]
            )
            PendingDigest.objects.filter(user_id__in=claimed).delete()
        if not claimed:
            break
        users = list(User.objects.filter(pk__in=claimed))
        batch_sent, batch_failed = send_digests(users)
        sent += batch_sent
        for user in users:  # a mail server hiccup must not lose the digest
            if user.pk in batch_failed:
                failed.append(user.pk)
                tasks.digest_failed(user, claimed[user.pk], batch_failed[user.pk], now)
    following = PendingDigest.objects.order_by("due_at").values_list("due_at", flat=True).first()
    if following is not None and tasks.send_due_digests.get_backend().supports_defer:
        schedule_digest_sweep(following)
    return sent
