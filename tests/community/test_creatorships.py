"""Co-creator requests: /users/NAME/creatorships and its Accept and Decline buttons."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficshelf.works.models import Creatorship, Work
from tests.base import BaseTestCase, make_work


class CreatorshipRequestsTestCase(BaseTestCase):
    """Alice posted a work and named Bob as a co-creator: he is invited, not yet listed."""

    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Written Together", posted=False)
        self.invitation = self.work.creatorships.create(pseud=self.bob.default_pseud, position=1)
        self.accept = f"/users/bob/creatorships/{self.invitation.pk}/accept"
        self.decline = f"/users/bob/creatorships/{self.invitation.pk}/decline"

    def byline(self) -> list[str]:
        return [p.name for p in Work.objects.get(pk=self.work.pk).creator_pseuds()]

    def test_it_lists_the_invitations_on_the_invitees_own_page(self):
        self.login(self.bob)
        r = self.client.get("/users/bob/creatorships")
        self.assertContains(r, '<h2 class="heading">Co-Creator Requests</h2>', html=True)
        self.assertContains(r, "“Written Together” (not posted yet)")
        self.assertContains(r, f'action="{self.accept}"')
        self.assertContains(self.client.get("/users/bob/"), 'href="/users/bob/creatorships"')

    def test_the_page_is_the_owners_alone(self):
        self.login(self.alice)
        assert self.client.get("/users/bob/creatorships").status_code == 403
        self.client.logout()
        r = self.client.get("/users/bob/creatorships")
        assert r.status_code == 302 and r["Location"].startswith("/login")

    def test_it_says_so_when_nothing_waits(self):
        self.login(self.charlie)
        self.assertContains(
            self.client.get("/users/charlie/creatorships"), "No one is waiting for your answer."
        )

    def test_accepting_names_the_invitee_and_gives_them_the_work(self):
        self.login(self.bob)
        assert self.client.get(self.work.get_absolute_url()).status_code == 404  # a draft, not his yet
        r = self.client.post(self.accept, {"next": "/inbox"}, follow=True)
        self.assertRedirects(r, "/inbox")
        self.assertContains(r, "You are now listed as a co-creator of “Written Together”.")
        assert self.byline() == ["alice", "bob"]
        r = self.client.get(self.work.get_absolute_url())
        self.assertContains(r, '<a rel="author" href="/users/bob/pseuds/bob">bob</a>', html=True)
        self.assertContains(r, "Edit Work")
        self.assertContains(self.client.get("/users/bob/"), "Written Together")

    def test_declining_removes_the_invitation_and_leaves_the_work_alone(self):
        self.login(self.bob)
        r = self.client.post(self.decline, follow=True)
        self.assertRedirects(r, "/users/bob/creatorships")
        self.assertContains(r, "You declined to be listed as a co-creator of “Written Together”.")
        assert not Creatorship.objects.filter(pk=self.invitation.pk).exists()
        assert self.byline() == ["alice"]
        assert self.client.get(self.work.get_absolute_url()).status_code == 404
        self.login(self.alice)
        assert self.client.get(self.work.get_absolute_url()).status_code == 200

    def test_only_the_invitee_can_answer(self):
        for user in (self.alice, self.charlie):
            self.login(user)
            assert self.client.post(self.accept).status_code == 403  # someone else's requests
            assert (
                self.client.post(
                    f"/users/{user.username}/creatorships/{self.invitation.pk}/accept"
                ).status_code
                == 404
            )
        assert self.byline() == ["alice"]
        assert Creatorship.objects.invitations_for(self.bob).exists()

    def test_an_invitation_is_answered_once(self):
        self.login(self.bob)
        self.client.post(self.accept)
        assert self.client.post(self.decline).status_code == 404
        assert self.client.post(self.accept).status_code == 404
        assert self.byline() == ["alice", "bob"]

    def test_answers_are_post_only_and_need_the_csrf_token(self):
        self.login(self.bob)
        assert self.client.get(self.accept).status_code == 405
        assert self.client.get(self.decline).status_code == 405
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(self.bob)
        assert strict.post(self.accept).status_code == 403
        assert strict.post(self.decline).status_code == 403
        assert Creatorship.objects.invitations_for(self.bob).get() == self.invitation

    def test_it_uses_a_fixed_number_of_queries_whatever_the_invitations(self):
        self.login(self.bob)
        with CaptureQueriesContext(connection) as few:
            self.client.get("/users/bob/creatorships")
        for n in range(6):
            work = make_work(self.charlie, f"Also {n}")
            work.creatorships.create(pseud=self.bob.default_pseud, position=1)
            work.creatorships.create(pseud=self.alice.default_pseud, position=2, accepted=True)
        with self.assertNumQueries(len(few)):
            r = self.client.get("/users/bob/creatorships")
        self.assertContains(r, "Also 5")
