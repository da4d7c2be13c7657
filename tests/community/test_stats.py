import datetime

from ficshelf.community import tasks
from ficshelf.community.models import Bookmark, Kudos, Subscription, WorkStats
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class WorkStatsTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        self.url = f"/works/{self.work.pk}/stats"

    def test_creators_see_activity_per_day_and_totals(self):
        today = datetime.date.today()
        earlier = today - datetime.timedelta(days=40)
        tasks.record_visit.call(self.work.pk, None, "u90", None, earlier.isoformat())
        for visitor in ("u91", "u92"):
            tasks.record_visit.call(self.work.pk, None, visitor, None, today.isoformat())
        Kudos.leave(self.work, self.bob, "")
        self.comment(self.work, self.charlie)
        Bookmark(user=self.bob, work=self.work).save_changes(was_counted=False)
        Subscription.follow(self.charlie, work=self.work)

        self.login(self.alice)
        self.assertContains(
            self.client.get(f"/works/{self.work.pk}"), f'<a href="{self.url}">Stats</a>', html=True
        )
        r = self.client.get(self.url)
        self.assertContains(r, '<dd class="hits">3</dd>', html=True)
        self.assertContains(r, '<dd class="subscriptions">1</dd>', html=True)
        self.assertContains(r, f'<th scope="row">{today:%Y-%m-%d}</th>', html=False)
        self.assertContains(r, f'<th scope="row">{earlier:%Y-%m-%d}</th>', html=False)
        row = WorkStats.objects.get(work=self.work, day=today)
        assert (row.hits, row.kudos, row.comments, row.bookmarks, row.subscriptions) == (2, 1, 1, 1, 1)
        r = self.client.get(self.url + "?by=month")
        self.assertContains(r, f"{today:%B %Y}")

    def test_only_creators_see_stats(self):
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 403
        self.client.logout()
        assert self.client.get(self.url).status_code == 302

    def test_an_empty_page_says_so(self):
        self.login(self.alice)
        self.assertContains(self.client.get(self.url), "No activity recorded yet.")
