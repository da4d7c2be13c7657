import datetime
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ficshelf.community import tasks
from ficshelf.community.models import Visit, WorkStats
from ficshelf.works.models import Work
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class HitsTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas", chapters=["<p>One</p>", "<p>Two</p>"])

    def hits(self) -> int:
        return Work.objects.get(pk=self.work.pk).hit_count

    def read(self, url: str, **headers):
        """Read a page as a browser does: the page, then the images on it (a guest's beacon)."""
        page = self.client.get(url, **headers)
        for src in re.findall(r'<img class="beacon" src="([^"]+)"', page.content.decode()):
            assert self.client.get(src, **headers).status_code == 200
        return page

    def test_a_visitor_counts_once_a_day(self):
        self.read(f"/works/{self.work.pk}", REMOTE_ADDR="203.0.113.1")
        self.read(f"/works/{self.work.pk}?view_full_work=true", REMOTE_ADDR="203.0.113.1")
        assert self.hits() == 1
        self.read(f"/works/{self.work.pk}", REMOTE_ADDR="203.0.113.2")
        self.login(self.bob)
        self.client.get(f"/works/{self.work.pk}")
        assert self.hits() == 3
        assert WorkStats.objects.get(work=self.work).hits == 3
        assert not Visit.objects.filter(visitor__contains="203.0.113").exists()

    def test_guests_behind_one_proxy_count_once_each(self):
        for guest in ("203.0.113.1", "203.0.113.2", "203.0.113.1"):
            self.read(f"/works/{self.work.pk}", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=guest)
        assert self.hits() == 2

    def test_the_count_stays_exact_when_the_cache_forgets(self):
        self.read(f"/works/{self.work.pk}")
        cache.clear()
        self.read(f"/works/{self.work.pk}")
        assert self.hits() == 1

    def test_creators_and_the_adult_check_do_not_count(self):
        self.login(self.alice)
        self.client.get(f"/works/{self.work.pk}")
        adult = make_work(self.alice, "Explicit", rating="Explicit")
        self.client.logout()
        r = self.client.get(f"/works/{adult.pk}")
        self.assertContains(r, "This work could have adult content.")
        assert self.hits() == 0
        assert Work.objects.get(pk=adult.pk).hit_count == 0

    def test_a_repeat_read_writes_nothing(self):
        url = f"/works/{self.work.pk}"
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            self.client.get(url)
        writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
        assert writes == []

    def test_the_hit_is_recorded_by_a_task_on_the_hits_queue(self):
        assert tasks.record_visit.queue_name == "hits"
        day = datetime.date.today().isoformat()
        assert tasks.record_visit.call(self.work.pk, None, "u99", None, day) is True
        assert tasks.record_visit.call(self.work.pk, None, "u99", None, day) is False
        assert self.hits() == 1

    def test_old_visits_are_pruned_but_daily_totals_stay(self):
        old = datetime.date.today() - datetime.timedelta(days=5)
        tasks.record_visit.call(self.work.pk, None, "u7", None, old.isoformat())
        # The first visit recorded each day prunes rows older than yesterday, its own included.
        assert not Visit.objects.filter(day=old).exists()
        assert WorkStats.objects.get(work=self.work, day=old).hits == 1
        Visit.objects.create(work=self.work, visitor="u8", day=old)
        Visit.objects.create(work=self.work, visitor="u8", day=datetime.date.today())
        assert tasks.prune_visits() == 1
        assert Visit.objects.count() == 1

    def test_blurbs_and_the_work_page_show_hits(self):
        self.read(f"/works/{self.work.pk}")
        self.assertContains(self.client.get("/works/"), '<dd class="hits">1</dd>', html=True)
        self.assertContains(self.client.get(f"/works/{self.work.pk}"), '<dd class="hits">1</dd>', html=True)

    def test_a_deleted_work_makes_the_task_a_no_op(self):
        work_id = self.work.pk
        self.work.delete()
        assert tasks.record_visit.call(work_id, None, "u5", None, datetime.date.today().isoformat()) is False

    def test_it_counts_a_guest_whose_page_came_from_a_cache(self):
        """A cached page never reaches the view: the beacon it carries is what counts."""
        page = self.client.get(f"/works/{self.work.pk}")
        assert self.hits() == 0  # the page alone counts nothing: a cache may have served it
        chapter = self.work.chapters.order_by("position").first()
        beacon = f"/works/{self.work.pk}/chapters/{chapter.pk}/hit.gif"
        self.assertContains(page, f'<img class="beacon" src="{beacon}" alt="" width="1" height="1">')
        r = self.client.get(beacon, REMOTE_ADDR="203.0.113.9")
        assert r.status_code == 200
        assert r["Content-Type"] == "image/gif"
        assert r.content.startswith(b"GIF89a")
        assert r["Cache-Control"] == "no-store"
        assert self.hits() == 1
        self.client.get(beacon, REMOTE_ADDR="203.0.113.9")
        assert self.hits() == 1

    def test_it_puts_no_beacon_on_a_signed_in_readers_page(self):
        self.login(self.bob)
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertNotContains(r, 'class="beacon"')
        assert self.hits() == 1

    def test_its_beacon_answers_404_for_what_a_guest_cannot_see(self):
        restricted = make_work(self.alice, "Members only", restricted=True)
        chapter = restricted.chapters.get()
        assert self.client.get(f"/works/{restricted.pk}/chapters/{chapter.pk}/hit.gif").status_code == 404
        other = self.work.chapters.order_by("position").first()
        assert self.client.get(f"/works/{restricted.pk}/chapters/{other.pk}/hit.gif").status_code == 404
        assert Work.objects.get(pk=restricted.pk).hit_count == 0
