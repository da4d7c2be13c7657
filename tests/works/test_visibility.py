"""Work.objects.visible_to: the one rule every surface asks."""

from django.contrib.auth.models import AnonymousUser

from ficshelf.accounts.models import Mute
from ficshelf.works.models import Series, Work
from tests.base import BaseTestCase, make_work


class VisibleToTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.public = make_work(self.alice, "Public")
        self.restricted = make_work(self.alice, "Restricted", restricted=True)
        self.draft = make_work(self.alice, "Draft", posted=False)
        self.hidden = make_work(self.alice, "Hidden", hidden=True)

    def titles(self, user) -> set[str]:
        return set(Work.objects.visible_to(user).values_list("title", flat=True))

    def test_it_shows_guests_only_public_posted_works(self):
        assert self.titles(AnonymousUser()) == {"Public"}
        assert self.titles(None) == {"Public"}

    def test_it_shows_logged_in_readers_restricted_works_too(self):
        assert self.titles(self.bob) == {"Public", "Restricted"}

    def test_it_shows_creators_their_drafts_and_hidden_works(self):
        assert self.titles(self.alice) == {"Public", "Restricted", "Draft", "Hidden"}

    def test_it_shows_moderators_hidden_works_but_not_drafts(self):
        self.charlie.is_staff = True
        self.charlie.save()
        assert self.titles(self.charlie) == {"Public", "Restricted", "Hidden"}

    def test_it_shows_co_creators_the_draft(self):
        self.draft.creatorships.create(pseud=self.bob.default_pseud, position=1, accepted=True)
        assert "Draft" in self.titles(self.bob)

    def test_it_shows_an_invitee_the_draft_only_once_they_accept(self):
        invitation = self.draft.creatorships.create(pseud=self.bob.default_pseud, position=1)
        assert "Draft" not in self.titles(self.bob)
        invitation.accept()
        assert "Draft" in self.titles(self.bob)

    def test_muting_an_invitee_does_not_hide_the_work(self):
        self.public.creatorships.create(pseud=self.bob.default_pseud, position=1)
        Mute.objects.create(muter=self.charlie, muted=self.bob)
        assert "Public" in self.titles(self.charlie)

    def test_it_does_not_duplicate_works_with_two_of_my_pseuds(self):
        second = self.alice.pseuds.create(name="Al")
        self.public.creatorships.create(pseud=second, position=1, accepted=True)
        assert Work.objects.visible_to(self.alice).filter(title="Public").count() == 1

    def test_series_visible_only_through_visible_works(self):
        series = Series.objects.create(title="Secrets")
        series.pseuds.add(self.alice.default_pseud)
        series.add_work(self.draft)
        assert not Series.objects.visible_to(self.bob).filter(pk=series.pk).exists()
        assert Series.objects.visible_to(self.alice).filter(pk=series.pk).exists()
        series.add_work(self.public)
        assert Series.objects.visible_to(None).filter(pk=series.pk).exists()
        assert [w.title for w in series.works_visible_to(None)] == ["Public"]
