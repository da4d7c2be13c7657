"""/users/NAME/reading-apps: the owner's private catalog address, and resetting it."""

from ficshelf.downloads.models import FeedToken
from tests.base import BaseTestCase


class ReadingAppsTestCase(BaseTestCase):
    def test_the_owner_sees_and_resets_the_private_address(self):
        self.login(self.bob)
        page = self.client.get("/users/bob/reading-apps")
        token = FeedToken.objects.get(user=self.bob).token
        self.assertContains(page, f"http://testserver/opds/u/{token}/")
        self.assertContains(self.client.get("/users/bob/"), 'href="/users/bob/reading-apps"')
        assert self.client.get("/users/alice/reading-apps").status_code == 404
        response = self.client.post("/users/bob/reading-apps")
        assert response.status_code == 302
        assert self.client.get(f"/opds/u/{token}/").status_code == 404
        new = FeedToken.objects.get(user=self.bob).token
        assert new != token and self.client.get(f"/opds/u/{new}/").status_code == 200
        self.client.logout()
        assert self.client.get("/users/bob/reading-apps").status_code == 302  # to the login page
