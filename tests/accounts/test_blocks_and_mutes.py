from django.core.exceptions import ValidationError

from ficshelf.accounts.models import Block, Mute
from ficshelf.works.models import Series, Work
from tests.base import BaseTestCase, make_work


class BlockViewsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def test_a_user_blocks_from_a_profile_through_a_confirm_page(self):
        r = self.client.get("/users/bob/")
        self.assertContains(
            r, '<a href="/users/alice/blocked/users/confirm_block?blocked_id=bob">Block</a>', html=True
        )
        r = self.client.get("/users/alice/blocked/users/confirm_block?blocked_id=bob")
        self.assertContains(r, "Yes, Block User")
        r = self.client.post("/users/alice/blocked/users", {"username": "bob"}, follow=True)
        self.assertContains(r, "You have blocked the user bob.")
        self.assertContains(r, '<a href="/users/bob/">bob</a>', html=True)
        assert Block.objects.filter(blocker=self.alice, blocked=self.bob).exists()
        self.assertContains(self.client.get("/users/bob/"), "Unblock")

    def test_blocking_twice_yourself_or_nobody_gets_clear_messages(self):
        self.client.post("/users/alice/blocked/users", {"username": "bob"})
        r = self.client.post("/users/alice/blocked/users", {"username": "bob"})
        self.assertContains(r, "You have already blocked bob.", status_code=400)
        r = self.client.post("/users/alice/blocked/users", {"username": "alice"})
        self.assertContains(r, "You can&#x27;t block yourself.", status_code=400)
        r = self.client.post("/users/alice/blocked/users", {"username": "nobody_here"})
        self.assertContains(r, "There is no user called “nobody_here”.", status_code=400)
        assert Block.objects.count() == 1

    def test_unblocking(self):
        Block.add(self.alice, self.bob)
        r = self.client.post("/users/alice/blocked/users/bob/unblock", follow=True)
        self.assertContains(r, "You have unblocked the user bob.")
        assert not Block.objects.exists()
        r = self.client.post("/users/alice/blocked/users/bob/unblock", follow=True)
        self.assertContains(r, "bob was not blocked; nothing changed.")

    def test_nobody_manages_anothers_lists(self):
        assert self.client.get("/users/bob/blocked/users").status_code == 403
        assert self.client.post("/users/bob/muted/users", {"username": "charlie"}).status_code == 403
        assert not Mute.objects.exists()

    def test_muting_has_the_same_pages(self):
        r = self.client.post("/users/alice/muted/users", {"username": "bob"}, follow=True)
        self.assertContains(r, "You have muted the user bob.")
        self.assertContains(r, "Muted Users")
        self.client.post("/users/alice/muted/users/bob/unmute")
        assert not Mute.objects.exists()

    def test_the_model_refuses_self_and_duplicates(self):
        with self.assertRaisesMessage(ValidationError, "You can't mute yourself."):
            Mute.add(self.alice, self.alice)
        Mute.add(self.alice, self.bob)
        with self.assertRaisesMessage(ValidationError, "You have already muted bob."):
            Mute.add(self.alice, self.bob)


class MutingHidesWorksTestCase(BaseTestCase):
    """Muted creators' works vanish for the muter from every list and every count."""

    def setUp(self) -> None:
        super().setUp()
        self.mine = make_work(self.alice, "Alice's Umbrella", fandoms=("Shared Fandom",))
        self.theirs = make_work(self.bob, "Bob's Kettle", fandoms=("Shared Fandom",))
        self.together = make_work(self.charlie, "Joint Work", fandoms=("Shared Fandom",))
        self.together.creatorships.create(pseud=self.bob.default_pseud, position=1, accepted=True)
        Mute.add(self.charlie, self.bob)
        Mute.add(self.alice, self.bob)

    def test_visible_to_leaves_out_works_with_a_muted_creator(self):
        titles = set(Work.objects.visible_to(self.alice).values_list("title", flat=True))
        assert titles == {"Alice's Umbrella"}
        # A co-creator still sees their own work, muted partner or not.
        assert "Joint Work" in set(Work.objects.visible_to(self.charlie).values_list("title", flat=True))
        assert Work.objects.visible_to(self.bob).count() == 3
        assert Work.objects.visible_to(None).count() == 3

    def test_listings_and_their_counts_leave_them_out(self):
        self.login(self.alice)
        r = self.client.get("/works/")
        self.assertContains(r, "1 Work")
        self.assertNotContains(r, "Bob's Kettle")
        r = self.client.get("/tags/Shared%20Fandom/works")
        self.assertContains(r, "1 Work in")
        r = self.client.get("/users/bob/")
        self.assertContains(r, "Works (0)")
        assert self.client.get(f"/works/{self.theirs.pk}").status_code == 404

    def test_series_made_only_of_muted_works_disappear(self):
        series = Series.objects.create(title="Kettle Cycle")
        series.pseuds.add(self.bob.default_pseud)
        series.add_work(self.theirs)
        assert not Series.objects.visible_to(self.alice).filter(pk=series.pk).exists()
        assert Series.objects.visible_to(None).filter(pk=series.pk).exists()

    def test_unmuting_brings_them_back(self):
        Mute.objects.filter(muter=self.alice).delete()
        assert Work.objects.visible_to(self.alice).count() == 3
