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

    def test_the_address_is_https_behind_a_proxy_that_says_so(self):
        self.login(self.bob)
        # As nginx forwards it: the Host the reader asked for, and the scheme it came over.
        forwarded = {"HTTP_HOST": "testserver", "HTTP_X_FORWARDED_PROTO": "https"}
        page = self.client.get("/users/bob/reading-apps", REMOTE_ADDR="127.0.0.1", **forwarded)
        token = FeedToken.objects.get(user=self.bob).token
        self.assertContains(page, f"https://testserver/opds/u/{token}/")
        forged = self.client.get("/users/bob/reading-apps", REMOTE_ADDR="203.0.113.5", **forwarded)
        self.assertContains(forged, f"http://testserver/opds/u/{token}/")
