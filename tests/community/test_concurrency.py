"""Counters stay exact when requests race: threads against PostgreSQL.

SQLite serializes writers (one write lock per database), so racing threads test
nothing there; CI's PostgreSQL pass runs these.
"""

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import TransactionTestCase

from ficshelf.accounts.models import User
from ficshelf.community import tasks
from ficshelf.community.models import Bookmark, Comment, Kudos, Visit, WorkStats
from ficshelf.community.models._base import Refused
from ficshelf.works.models import Work
from tests.base import make_work

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serializes writers, so threads cannot race (runs in CI's PostgreSQL pass)",
)


def race(jobs: list[Callable[[], object]]) -> list[object]:
    """Run the jobs in threads released at the same moment; return results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # collected and checked by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


class ConcurrentCountersTestCase(TransactionTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.author = User.objects.create_user("author", "a@example.org", "x")
        self.readers = [User.objects.create_user(f"reader{n}", f"r{n}@example.org", "x") for n in range(12)]
        self.work = make_work(self.author, "Raced")

    def counters(self) -> Work:
        return Work.objects.get(pk=self.work.pk)

    def test_hits_count_each_visitor_once_however_visits_race(self):
        day = datetime.date.today().isoformat()
        visitors = [f"u{n}" for n in range(12)]
        jobs = [(lambda v=v: tasks.record_visit.call(self.work.pk, None, v, None, day)) for v in visitors * 2]
        results = race(jobs)
        assert not [r for r in results if isinstance(r, Exception)]
        assert results.count(True) == 12
        assert self.counters().hit_count == 12
        assert WorkStats.objects.get(work=self.work).hits == 12
        assert Visit.objects.filter(work=self.work).count() == 12

    def test_double_submitted_kudos_make_one_row_and_distinct_ones_all_count(self):
        first = self.readers[0]
        jobs = [lambda: Kudos.leave(Work.objects.get(pk=self.work.pk), first, "") for _ in range(6)]
        jobs += [
            (lambda r=r: Kudos.leave(Work.objects.get(pk=self.work.pk), r, "")) for r in self.readers[1:]
        ]
        results = race(jobs)
        refused = [r for r in results if isinstance(r, Refused)]
        assert len(refused) == 5
        assert all(r.messages == ["You have already left kudos here. :)"] for r in refused)
        assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, Refused)]
        assert Kudos.objects.filter(work=self.work).count() == 12
        assert self.counters().kudos_count == 12

    def test_comment_and_bookmark_counts_stay_exact(self):
        chapter = self.work.chapters.get()

        def comment(reader: User) -> Comment:
            return Comment.post(work=self.counters(), chapter=chapter, user=reader, text=f"Hi from {reader}")

        def bookmark(reader: User) -> None:
            Bookmark(user=reader, work=self.work).save_changes(was_counted=False)

        results = race(
            [(lambda r=r: comment(r)) for r in self.readers]
            + [(lambda r=r: bookmark(r)) for r in self.readers]
        )
        assert not [r for r in results if isinstance(r, Exception)]
        work = self.counters()
        assert (work.comment_count, work.bookmark_count) == (12, 12)
        stats = WorkStats.objects.get(work=self.work)
        assert (stats.comments, stats.bookmarks) == (12, 12)

    def test_deleting_a_comment_twice_at_once_drops_the_count_once(self):
        chapter = self.work.chapters.get()
        comments = [
            Comment.post(work=self.counters(), chapter=chapter, user=r, text="x") for r in self.readers[:3]
        ]
        # Four requests that each loaded the comment before any of them deleted it.
        copies = [Comment.objects.get(pk=comments[0].pk) for _ in range(4)]
        results = race([copy.remove for copy in copies])
        assert sorted(map(str, results)) == ["False", "False", "False", "True"]
        assert self.counters().comment_count == 2
