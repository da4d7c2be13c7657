from unittest import mock

from ficshelf.accounts.models import Block
from ficshelf.community.models import Kudos
from ficshelf.works.models import Work
from tests.base import make_work
from tests.community.helpers import CommunityTestCase

FROZEN_TIME = 1_800_000_030.0  # mid-window, so a test never straddles a rate-limit boundary


class KudosTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        self.url = f"/works/{self.work.pk}/kudos"

    def test_it_leaves_kudos_and_says_who_left_them(self):
        self.login(self.bob)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Thank you for leaving kudos!")
        self.assertContains(r, "bob left kudos on this work!")
        assert Work.objects.get(pk=self.work.pk).kudos_count == 1

    def test_the_kudos_line_names_users_and_counts_guests(self):
        Kudos.leave(self.work, self.bob, "")
        Kudos.leave(self.work, self.charlie, "")
        for n in range(3):
            Kudos.leave(self.work, None, f"{n:064x}")
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertContains(r, "bob, charlie and 3 guests left kudos on this work!")
        self.assertContains(r, '<button type="submit">Kudos ♥</button>', html=True)

    def test_a_double_submitted_kudos_makes_one_row_and_says_so(self):
        self.login(self.bob)
        self.client.post(self.url)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "You have already left kudos here. :)")
        assert Kudos.objects.filter(work=self.work).count() == 1
        assert Work.objects.get(pk=self.work.pk).kudos_count == 1

    def test_a_guest_leaves_kudos_once_per_network_without_storing_the_address(self):
        self.client.post(self.url, REMOTE_ADDR="203.0.113.9")
        r = self.client.post(self.url, REMOTE_ADDR="203.0.113.9", follow=True)
        self.assertContains(r, "You have already left kudos here. :)")
        self.client.post(self.url, REMOTE_ADDR="198.51.100.7")
        rows = list(Kudos.objects.filter(work=self.work))
        assert len(rows) == 2
        assert all(len(k.ip_hash) == 64 and "203.0.113.9" not in k.ip_hash for k in rows)
        assert "2 guests left kudos" in self.client.get(f"/works/{self.work.pk}").content.decode()

    def test_two_guests_behind_one_proxy_each_leave_kudos(self):
        behind_nginx = {"REMOTE_ADDR": "127.0.0.1"}  # a trusted proxy by default
        first = self.client.post(self.url, HTTP_X_FORWARDED_FOR="203.0.113.9", follow=True, **behind_nginx)
        second = self.client.post(self.url, HTTP_X_FORWARDED_FOR="198.51.100.7", follow=True, **behind_nginx)
        for r in (first, second):
            self.assertContains(r, "Thank you for leaving kudos!")
        self.assertContains(second, "2 guests left kudos on this work!")
        again = self.client.post(self.url, HTTP_X_FORWARDED_FOR="203.0.113.9", follow=True, **behind_nginx)
        self.assertContains(again, "You have already left kudos here. :)")

    def test_guests_cannot_leave_kudos_on_a_restricted_work(self):
        locked = make_work(self.alice, "Members only", restricted=True)
        assert self.client.post(f"/works/{locked.pk}/kudos").status_code == 404
        assert not Kudos.objects.exists()

    def test_creators_cannot_leave_kudos_on_their_own_work(self):
        self.login(self.alice)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "You can&#x27;t leave kudos on your own work.")
        assert not Kudos.objects.exists()

    def test_a_blocked_user_cannot_leave_kudos(self):
        Block.add(self.alice, self.bob)
        self.login(self.bob)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Sorry, you have been blocked by one or more of this work&#x27;s creators.")
        assert not Kudos.objects.exists()

    def test_kudos_need_post(self):
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 405

    def test_it_goes_back_to_the_chapter_the_reader_was_on(self):
        self.login(self.bob)
        r = self.client.post(self.url, {"next": f"/works/{self.work.pk}?view_full_work=true#kudos"})
        assert r["Location"] == f"/works/{self.work.pk}?view_full_work=true#kudos"
        r = self.client.post(self.url, {"next": "https://evil.example/"})
        assert r["Location"] == f"/works/{self.work.pk}#kudos"

    @mock.patch("ficshelf.community.visitors.time.time", return_value=FROZEN_TIME)
    def test_too_many_kudos_in_a_minute_get_a_slow_down_message(self, _clock):
        self.login(self.bob)
        works = [make_work(self.alice, f"Work {i}") for i in range(31)]
        for work in works[:30]:
            self.client.post(f"/works/{work.pk}/kudos")
        r = self.client.post(f"/works/{works[30].pk}/kudos", follow=True)
        self.assertContains(
            r, "Slow down! You&#x27;re doing that too often. Please wait a minute and try again."
        )
        assert Kudos.objects.count() == 30
