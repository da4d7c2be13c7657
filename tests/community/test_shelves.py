import datetime

from django.utils import timezone

from ficshelf.community.models import Bookmark, Reading
from ficshelf.community.shelves import bookmarked_works, marked_for_later_works
from ficshelf.works.models import Series
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class ShelvesTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.first = make_work(self.alice, "First Rain")
        self.second = make_work(self.alice, "Second Rain")
        self.hidden = make_work(self.alice, "Hidden Rain", hidden=True)

    def test_it_lists_bookmarked_works_newest_first_private_ones_too(self):
        Bookmark(user=self.bob, work=self.first).save_changes(was_counted=False)
        Bookmark(user=self.bob, work=self.second, private=True).save_changes(was_counted=False)
        Bookmark(user=self.bob, work=self.hidden).save_changes(was_counted=False)
        Bookmark(user=self.charlie, work=self.first).save_changes(was_counted=False)
        series = Series.objects.create(title="Rains")
        Bookmark(user=self.bob, series=series).save_changes(was_counted=False)
        assert [w.title for w in bookmarked_works(self.bob)] == ["Second Rain", "First Rain"]

    def test_it_lists_works_marked_for_later_most_recently_marked_first(self):
        now = timezone.now()
        Reading.objects.create(user=self.bob, work=self.first, marked_for_later=True, marked_at=now)
        Reading.objects.create(
            user=self.bob, work=self.second, marked_for_later=True, marked_at=now - datetime.timedelta(days=1)
        )
        Reading.objects.create(user=self.bob, work=self.hidden, marked_for_later=True, marked_at=now)
        Reading.objects.create(user=self.bob, work=make_work(self.alice, "Only Read"), last_viewed_at=now)
        Reading.objects.create(user=self.charlie, work=self.second, marked_for_later=True, marked_at=now)
        assert [w.title for w in marked_for_later_works(self.bob)] == ["First Rain", "Second Rain"]
