"""`ficshelf bench notifications --subscribers N`: posting to a followed work, and the fan-out behind it.

Builds a fresh database (a temporary SQLite file, or a `ficshelf_bench_notifications`
database on the same PostgreSQL server) holding one work whose creator and work
together have N subscribers. Then, with the real database task queue:

1. posts `--chapters` chapters through the posting view, timing each request (the
   fan-out must be queued, not run: the request returns at once);
2. runs the queued fan-out tasks with `db_worker --batch` and reports notifications
   written per second;
3. sends every subscriber's hourly digest (locmem mail backend) and reports digests
   per second.
"""

from __future__ import annotations

import statistics
import time
import uuid

from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from ficshelf.bench.database import FreshDatabase

BENCH_DATABASE = "ficshelf_bench_notifications"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def add_arguments(parser) -> None:
    parser.add_argument("--subscribers", type=int, default=10_000, help="How many readers follow the work.")
    parser.add_argument(
        "--chapters", type=int, default=3, help="Chapters to post (a burst: one digest each)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database afterwards.")


def _archive(subscribers: int):
    """One author, one posted work, and `subscribers` readers following it or its author."""
    from ficshelf.accounts.models import Pseud, User
    from ficshelf.community.models import Subscription
    from ficshelf.works.models import Chapter, Work

    author = User.objects.create_user("bench_author", "author@example.org", "x")
    now = timezone.now()
    work = Work.objects.create(title="The Followed Work", posted=True, published_at=now, updated_at=now)
    work.creatorships.create(pseud=author.default_pseud, accepted=True)
    Chapter.objects.create(work=work, position=1, body="<p>It begins.</p>", posted=True, published_at=now)
    work.refresh_counts()
    readers = User.objects.bulk_create(
        [
            User(username=f"reader{n}", email=f"reader{n}@example.org", password="!", date_joined=now)
            for n in range(subscribers)
        ],
        batch_size=2000,
    )
    if not readers or readers[0].pk is None:  # backends that don't return ids from bulk inserts
        readers = list(User.objects.filter(username__startswith="reader"))
    Pseud.objects.bulk_create(
        [Pseud(user=r, name=r.username, is_default=True) for r in readers], batch_size=2000
    )
    # Most follow the work; every fifth follows the author instead; some follow both.
    rows = []
    for n, reader in enumerate(readers):
        if n % 5:
            rows.append(Subscription(user=reader, work=work))
        if n % 5 == 0 or n % 7 == 0:
            rows.append(Subscription(user=reader, creator=author))
    Subscription.objects.bulk_create(rows, batch_size=2000)
    return author, work


def run(subscribers: int, chapters: int, keep: bool) -> dict:
    from django_tasks_db.models import DBTaskResult

    from ficshelf.community import notify
    from ficshelf.community.models import Notification, PendingDigest

    with (
        FreshDatabase(BENCH_DATABASE, keep) as database,
        override_settings(
            TASKS=DATABASE_TASKS,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ALLOWED_HOSTS=["testserver"],
        ),
    ):
        from django.core import mail
        from django.core.cache import cache

        cache.clear()
        build_started = time.perf_counter()
        author, work = _archive(subscribers)
        build_seconds = time.perf_counter() - build_started

        client = Client()
        client.force_login(author)
        post_times = []
        for n in range(chapters):
            form = {
                "form_token": str(uuid.uuid4()),
                "chapter_title": f"Update {n + 1}",
                "text_format": "html",
                "body": "The update they asked for.",
                "position": str(n + 2),
                "action": "post",
            }
            started = time.perf_counter()
            response = client.post(reverse("works:new_chapter", kwargs={"work_id": work.pk}), form)
            post_times.append(time.perf_counter() - started)
            if response.status_code != 302:
                raise RuntimeError(f"posting a chapter failed with HTTP {response.status_code}")
        written_during_requests = Notification.objects.count()
        queued = DBTaskResult.objects.filter(task_path__endswith="fan_out_chapter").count()

        started = time.perf_counter()
        call_command("db_worker", queue_name="notifications", batch=True, startup_delay=False, verbosity=0)
        fan_out_seconds = time.perf_counter() - started
        notifications = Notification.objects.count()

        PendingDigest.objects.update(due_at=timezone.now())
        mail.outbox = []
        started = time.perf_counter()
        digests = notify.send_due_digests()
        digest_seconds = time.perf_counter() - started
        mails = len(mail.outbox)

    return {
        "database": database.location.split(" ")[0] if database.vendor == "postgresql" else "SQLite",
        "subscribers": subscribers,
        "chapters_posted": chapters,
        "setup_seconds": round(build_seconds, 2),
        "post_chapter_ms_median": round(statistics.median(post_times) * 1000, 1),
        "post_chapter_ms_max": round(max(post_times) * 1000, 1),
        "notifications_written_during_requests": written_during_requests,
        "fan_out_tasks_queued": queued,
        "notifications": notifications,
        "fan_out_seconds": round(fan_out_seconds, 2),
        "notifications_per_second": round(notifications / fan_out_seconds) if fan_out_seconds else None,
        "digests_sent": digests,
        "digest_mails": mails,
        "digest_seconds": round(digest_seconds, 2),
        "digests_per_second": round(digests / digest_seconds) if digest_seconds else None,
    }
