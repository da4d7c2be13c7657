"""Creatorship: an invitee is named nowhere and may do nothing until they accept."""

from ficshelf.accounts.models import User
from ficshelf.downloads.files import work_slug
from tests.base import PASSWORD, BaseTestCase, make_work


class InvitationTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.invitee = User.objects.create_user("zephyrine", "z@example.org", PASSWORD)
        self.work = make_work(self.alice, "Written Together")
        self.invitation = self.work.creatorships.create(pseud=self.invitee.default_pseud, position=1)

    def read(self, url: str) -> str:
        self.client.logout()
        return self.client.get(url).getvalue().decode()

    def bylines(self) -> dict[str, str]:
        """Every surface that names the work's creators, as a guest reads it."""
        work = self.work
        urls = {
            "work page": work.get_absolute_url(),
            "works index": "/works/",
            "works feed": "/works/feed.atom",
            "work feed": f"/works/{work.pk}/feed.atom",
            "download": f"/downloads/{work.pk}/{work_slug(work)}.html",
        }
        return {name: self.read(url) for name, url in urls.items()}

    def finders(self) -> dict[str, str]:
        """Every surface that lists or finds a creator's works."""
        urls = {
            "search by creator": "/works/search?q=creator:zephyrine",
            "OPDS search": "/opds/search?q=zephyrine",
            "user page": "/users/zephyrine/",
            "pseud page": "/users/zephyrine/pseuds/zephyrine",
            "user feed": "/users/zephyrine/feed.atom",
        }
        return {name: self.read(url) for name, url in urls.items()}

    def test_it_names_the_invitee_nowhere_until_they_accept(self):
        for name, content in self.bylines().items():
            assert "alice" in content and "zephyrine" not in content, name
        for name, content in self.finders().items():
            assert "Written Together" not in content, name
        self.invitation.accept()
        for name, content in self.bylines().items():
            assert "zephyrine" in content, name
        for name, content in self.finders().items():
            assert "Written Together" in content, name

    def test_an_invitee_has_no_creator_powers(self):
        self.login(self.invitee)
        work = self.work.get_absolute_url()
        assert self.client.get(f"{work}/edit").status_code == 403
        assert self.client.post(f"{work}/delete").status_code == 403
        assert self.client.get(f"{work}/stats").status_code == 403
        self.assertNotContains(self.client.get(work), "Edit Work")
        self.invitation.accept()
        assert self.client.get(f"{work}/edit").status_code == 200
        assert self.client.get(f"{work}/stats").status_code == 200
