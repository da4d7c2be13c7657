from ficshelf.community.models import Reading
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class HistoryTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas", chapters=["<p>One</p>", "<p>Two</p>", "<p>Three</p>"])
        self.one, self.two, self.three = self.work.chapters.order_by("position")
        self.login(self.bob)

    def test_history_keeps_the_last_chapter_read_with_continue_reading(self):
        self.client.get(f"/works/{self.work.pk}")
        self.client.get(f"/works/{self.work.pk}/chapters/{self.two.pk}")
        reading = Reading.objects.get(user=self.bob)
        assert (reading.chapter, reading.views) == (self.two, 2)
        r = self.client.get("/users/bob/readings")
        self.assertContains(r, "Umbrellas")
        self.assertContains(
            r,
            f'<a class="button" href="/works/{self.work.pk}/chapters/{self.two.pk}">Continue reading: Chapter 2</a>',
            html=True,
        )

    def test_going_back_to_an_earlier_chapter_moves_history_back(self):
        self.client.get(f"/works/{self.work.pk}/chapters/{self.three.pk}")
        self.client.get(f"/works/{self.work.pk}/chapters/{self.one.pk}")
        assert Reading.objects.get(user=self.bob).chapter == self.one

    def test_the_entire_work_counts_as_reading_the_last_chapter(self):
        self.client.get(f"/works/{self.work.pk}?view_full_work=true")
        assert Reading.objects.get(user=self.bob).chapter == self.three

    def test_history_can_be_turned_off(self):
        self.bob.history_enabled = False
        self.bob.save()
        self.client.get(f"/works/{self.work.pk}")
        assert not Reading.objects.exists()
        self.assertContains(self.client.get("/users/bob/readings"), "Your reading history is turned off")

    def test_the_preferences_page_has_the_switches(self):
        r = self.client.get("/users/bob/preferences")
        self.assertContains(r, "Keep my reading history")
        self.assertContains(r, "Turn on Marked for Later")
        self.assertContains(r, "Email me my notifications")
        self.client.post("/users/bob/preferences", {"marked_for_later_enabled": ""})
        self.bob.refresh_from_db()
        assert (
            not self.bob.history_enabled
            and not self.bob.marked_for_later_enabled
            and not self.bob.digest_emails
        )

    def test_an_item_can_be_removed_and_history_cleared(self):
        self.client.get(f"/works/{self.work.pk}")
        other = make_work(self.charlie, "Kettles")
        self.client.get(f"/works/{other.pk}")
        reading = Reading.objects.get(work=self.work)
        self.client.post(f"/users/bob/readings/{reading.pk}/delete")
        assert list(Reading.objects.values_list("work__title", flat=True)) == ["Kettles"]
        r = self.client.post("/users/bob/readings/clear", follow=True)
        self.assertContains(r, "Your history was cleared.")
        assert not Reading.objects.exists()

    def test_history_is_private(self):
        self.login(self.charlie)
        assert self.client.get("/users/bob/readings").status_code == 403

    def test_creators_reading_their_own_work_leave_no_history(self):
        self.login(self.alice)
        self.client.get(f"/works/{self.work.pk}")
        assert not Reading.objects.exists()


class MarkedForLaterTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        self.login(self.bob)

    def test_mark_for_later_and_mark_as_read(self):
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertContains(r, '<button type="submit">Mark for Later</button>', html=True)
        r = self.client.post(f"/works/{self.work.pk}/mark_for_later", follow=True)
        self.assertContains(r, "This work was added to your Marked for Later list.")
        self.assertContains(r, '<button type="submit">Mark as Read</button>', html=True)
        r = self.client.get("/users/bob/readings?show=to-read")
        self.assertContains(r, "Umbrellas")
        self.client.post(f"/works/{self.work.pk}/mark_for_later")  # twice: still one row
        assert Reading.objects.count() == 1
        self.client.post(f"/works/{self.work.pk}/mark_as_read")
        self.assertNotContains(self.client.get("/users/bob/readings?show=to-read"), "Umbrellas")

    def test_marked_works_survive_clearing_history(self):
        self.client.get(f"/works/{self.work.pk}")
        self.client.post(f"/works/{self.work.pk}/mark_for_later")
        self.client.post("/users/bob/readings/clear")
        assert Reading.objects.get().marked_for_later
        self.assertContains(self.client.get("/users/bob/readings?show=to-read"), "Umbrellas")

    def test_it_can_be_turned_off(self):
        self.bob.marked_for_later_enabled = False
        self.bob.save()
        self.assertNotContains(self.client.get(f"/works/{self.work.pk}"), "Mark for Later")
        r = self.client.post(f"/works/{self.work.pk}/mark_for_later", follow=True)
        self.assertContains(r, "You have turned Marked for Later off.")
        assert not Reading.objects.filter(marked_for_later=True).exists()

    def test_works_that_become_invisible_leave_the_list(self):
        self.client.post(f"/works/{self.work.pk}/mark_for_later")
        self.work.hidden = True
        self.work.save()
        self.assertNotContains(self.client.get("/users/bob/readings?show=to-read"), "Umbrellas")
