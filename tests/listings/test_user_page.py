from django.db import connection
from django.test.utils import CaptureQueriesContext

from ficshelf.works.models import Creatorship
from tests.base import BaseTestCase, make_work


class UserPageTestCase(BaseTestCase):
    def test_it_lists_the_users_visible_works_and_series(self):
        make_work(self.alice, "Alice Public")
        make_work(self.alice, "Alice Locked", restricted=True)
        make_work(self.alice, "Alice Draft", posted=False)
        make_work(self.bob, "Work by Bob")
        r = self.client.get("/users/alice/")
        self.assertContains(r, "Alice Public")
        self.assertNotContains(r, "Alice Locked")
        self.assertNotContains(r, "Alice Draft")
        self.assertNotContains(r, "Work by Bob")
        self.assertContains(r, "Works (1)")

    def test_it_shows_the_owner_their_drafts(self):
        make_work(self.alice, "Alice Draft", posted=False)
        self.login(self.alice)
        r = self.client.get("/users/alice/")
        self.assertContains(r, "Alice Draft")
        self.assertContains(r, "Draft")
        self.assertContains(r, "Manage pseuds")

    def test_it_takes_user_names_case_insensitively(self):
        self.assertRedirects(self.client.get("/users/ALICE/"), "/users/alice/")

    def test_it_is_404_for_an_unknown_user(self):
        assert self.client.get("/users/nobody/").status_code == 404

    def test_it_lists_a_pseuds_works_on_its_page(self):
        quill = self.alice.pseuds.create(name="Quill")
        work = make_work(self.alice, "Written as Quill")
        work.creatorships.all().delete()
        work.creatorships.create(pseud=quill, accepted=True)
        make_work(self.alice, "Plain Alice Work")
        r = self.client.get("/users/alice/pseuds/Quill")
        self.assertContains(r, "Written as Quill")
        self.assertNotContains(r, "Plain Alice Work")
        self.assertContains(self.client.get(f"/works/{work.pk}"), "Quill (alice)")

    def test_an_invited_work_is_on_the_invitees_pages_only_once_they_accept(self):
        work = make_work(self.alice, "Written Together")
        invitation = work.creatorships.create(pseud=self.bob.default_pseud, position=1)
        for url in ("/users/bob/", "/users/bob/pseuds/bob", "/users/bob/feed.atom"):
            self.assertNotContains(self.client.get(url), "Written Together")
        invitation.accept()
        for url in ("/users/bob/", "/users/bob/pseuds/bob", "/users/bob/feed.atom"):
            self.assertContains(self.client.get(url), "Written Together")

    def test_it_uses_a_fixed_number_of_queries_whatever_the_creators_and_invitations(self):
        make_work(self.bob, "First")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/users/bob/")
        for i in range(10):
            work = make_work(self.alice if i % 2 else self.bob, f"More {i}")
            work.creatorships.create(pseud=self.charlie.default_pseud, position=1, accepted=i % 3 == 0)
            work.creatorships.get_or_create(pseud=self.bob.default_pseud, defaults={"position": 2})
        Creatorship.objects.filter(pseud=self.bob.default_pseud).update(accepted=True)
        with self.assertNumQueries(len(few)):
            r = self.client.get("/users/bob/")
        self.assertContains(r, "Works (11)")
