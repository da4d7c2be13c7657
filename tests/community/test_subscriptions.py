from ficshelf.accounts.models import Mute
from ficshelf.community.models import Subscription
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Series, Work
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class SubscriptionTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        self.login(self.bob)
        self.url = "/users/bob/subscriptions"

    def subscribe(self, kind: str, pk: int, **extra):
        return self.client.post(
            self.url, {"subscribable_type": kind, "subscribable_id": pk, **extra}, follow=True
        )

    def test_a_reader_subscribes_to_a_work_from_its_page(self):
        self.assertContains(
            self.client.get(f"/works/{self.work.pk}"), '<button type="submit">Subscribe</button>', html=True
        )
        r = self.subscribe("work", self.work.pk, next=f"/works/{self.work.pk}")
        self.assertContains(r, "You are now following Umbrellas.")
        self.assertContains(r, '<button type="submit">Unsubscribe</button>', html=True)
        assert Subscription.objects.get().work == self.work

    def test_subscribing_twice_says_so_and_keeps_one_row(self):
        self.subscribe("work", self.work.pk)
        r = self.subscribe("work", self.work.pk)
        self.assertContains(r, "You are already subscribed to that.")
        assert Subscription.objects.count() == 1

    def test_a_reader_follows_a_creator_from_their_page(self):
        r = self.client.get("/users/alice/")
        self.assertContains(r, 'name="subscribable_type" value="creator"')
        self.subscribe("creator", self.alice.pk)
        assert Subscription.objects.get().creator == self.alice

    def test_a_reader_follows_a_series(self):
        series = Series.objects.create(title="Rain Cycle")
        series.pseuds.add(self.alice.default_pseud)
        series.add_work(self.work)
        self.subscribe("series", series.pk)
        assert Subscription.objects.get().series == series

    def test_only_canonical_tags_can_be_followed(self):
        loose = Tag.find_or_create("rainy days", TagType.FREEFORM)
        canonical = Tag.find_or_create("Rain", TagType.FREEFORM)
        Tag.objects.filter(pk=canonical.pk).update(canonical=True)
        self.assertNotContains(self.client.get(f"/tags/{loose.name}"), "Subscribe")
        r = self.subscribe("tag", loose.pk)
        self.assertContains(r, "Only canonical tags can be followed.")
        self.assertContains(
            self.client.get("/tags/Rain"), '<button type="submit">Subscribe</button>', html=True
        )
        self.subscribe("tag", canonical.pk)
        assert list(Subscription.objects.values_list("tag__name", flat=True)) == ["Rain"]

    def test_nobody_subscribes_to_themselves_or_their_own_work(self):
        r = self.subscribe("creator", self.bob.pk)
        self.assertContains(r, "You can&#x27;t subscribe to yourself.")
        own = make_work(self.bob, "Mine")
        r = self.subscribe("work", own.pk)
        self.assertContains(r, "You can&#x27;t subscribe to your own work.")
        assert not Subscription.objects.exists()

    def test_invisible_or_unknown_targets_are_404(self):
        draft = make_work(self.alice, "Draft", posted=False)
        assert (
            self.client.post(self.url, {"subscribable_type": "work", "subscribable_id": draft.pk}).status_code
            == 404
        )
        assert (
            self.client.post(self.url, {"subscribable_type": "planet", "subscribable_id": 1}).status_code
            == 404
        )
        assert (
            self.client.post(self.url, {"subscribable_type": "work", "subscribable_id": "x"}).status_code
            == 404
        )
        assert not Subscription.objects.exists()

    def test_the_list_shows_and_removes_subscriptions(self):
        self.subscribe("work", self.work.pk)
        self.subscribe("creator", self.alice.pk)
        r = self.client.get(self.url)
        self.assertContains(r, "Umbrellas")
        self.assertContains(r, '<a href="/users/alice/">alice</a>', html=True)
        self.assertNotContains(self.client.get(self.url + "?type=work"), 'href="/users/alice/"')
        sub = Subscription.objects.get(work=self.work)
        r = self.client.post(f"{self.url}/{sub.pk}/delete", follow=True)
        self.assertContains(r, "You have unsubscribed from Umbrellas.")
        assert Subscription.objects.count() == 1

    def test_a_work_i_can_no_longer_see_keeps_its_title_to_itself(self):
        self.subscribe("work", self.work.pk)
        series = Series.objects.create(title="Rainy Days")
        series.add_work(self.work)
        self.subscribe("series", series.pk)
        Work.objects.filter(pk=self.work.pk).update(hidden=True)
        r = self.client.get(self.url)
        self.assertNotContains(r, "Umbrellas")
        self.assertNotContains(r, "Rainy Days")
        self.assertNotContains(r, f'href="/works/{self.work.pk}"')
        self.assertContains(r, "A work you can no longer see")
        self.assertContains(r, "A series you can no longer see")
        sub = Subscription.objects.get(work=self.work)
        r = self.client.post(f"{self.url}/{sub.pk}/delete", follow=True)
        self.assertContains(r, "You have unsubscribed from a work you can no longer see.")
        self.assertNotContains(r, "Umbrellas")

    def test_a_work_back_to_draft_or_by_a_muted_creator_is_unnamed_too(self):
        self.subscribe("work", self.work.pk)
        Work.objects.filter(pk=self.work.pk).update(posted=False)
        self.assertNotContains(self.client.get(self.url), "Umbrellas")
        Work.objects.filter(pk=self.work.pk).update(posted=True)
        self.assertContains(self.client.get(self.url), "Umbrellas")
        Mute.add(self.bob, self.alice)
        self.assertNotContains(self.client.get(self.url), "Umbrellas")

    def test_nobody_else_sees_or_changes_my_subscriptions(self):
        self.subscribe("work", self.work.pk)
        sub = Subscription.objects.get()
        self.login(self.charlie)
        assert self.client.get(self.url).status_code == 403
        assert self.client.post(f"{self.url}/{sub.pk}/delete").status_code == 403
        r = self.client.post(f"/users/charlie/subscriptions/{sub.pk}/delete", follow=True)
        self.assertContains(r, "You were not subscribed to that; nothing changed.")
        assert Subscription.objects.filter(pk=sub.pk).exists()

    def test_guests_are_asked_to_log_in(self):
        self.client.logout()
        r = self.client.post(self.url, {"subscribable_type": "work", "subscribable_id": self.work.pk})
        assert r.status_code == 302 and r["Location"].startswith("/login")
