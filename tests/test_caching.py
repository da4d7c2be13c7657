"""HTTP caching (ficshelf/caching.py): what guests may share, what stays private, and poisoning."""

import time

from django.test import Client, override_settings

from ficshelf.accounts.models import Mute
from ficshelf.community.models import Bookmark, Kudos
from ficshelf.downloads.models import FeedToken
from ficshelf.works.models import Series
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class CachingTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas", chapters=["<p>One</p>", "<p>Two</p>"])
        self.chapter = self.work.chapters.order_by("position").first()
        self.series = Series.objects.create(title="Rainy Days")
        self.series.pseuds.add(self.alice.default_pseud)
        self.series.add_work(self.work)
        self.comment_on_work = self.comment(self.work, self.bob)
        self.bookmark = Bookmark.objects.create(user=self.bob, work=self.work)
        self.guest_pages = [
            f"/works/{self.work.pk}",
            f"/works/{self.work.pk}?view_full_work=true",
            f"/works/{self.work.pk}/chapters/{self.chapter.pk}",
            f"/works/{self.work.pk}/navigate",
            "/",
            "/works/",
            "/works/search?work_search[query]=umbrellas",
            "/tags/Sherlock%20Holmes",
            "/tags/Sherlock%20Holmes/works",
            f"/series/{self.series.pk}",
            "/users/alice/",
            "/users/alice/pseuds/alice",
            "/works/feed.atom",
            f"/works/{self.work.pk}/feed.atom",
            "/tags/Sherlock%20Holmes/feed.atom",
            "/users/alice/feed.atom",
            "/opds/",
            "/opds/recent",
            f"/comments/{self.comment_on_work.pk}",
            f"/works/{self.work.pk}/bookmarks",
            f"/bookmarks/{self.bookmark.pk}",
            "/users/bob/bookmarks",
        ]

    def assert_public(self, response) -> None:
        assert response.status_code == 200, response.status_code
        assert response.cookies == {}, response.cookies
        assert response["Cache-Control"] == "public, max-age=60"
        assert "Cookie" in response["Vary"]
        assert response["ETag"].startswith('"')
        assert response.has_header("Last-Modified")

    def assert_private(self, response) -> None:
        assert "public" not in response.get("Cache-Control", "")
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]

    def test_it_lets_caches_share_every_guest_page(self):
        for url in self.guest_pages:
            with self.subTest(url=url):
                first = self.client.get(url)
                self.assert_public(first)
                assert b"csrfmiddlewaretoken" not in first.content
                assert self.client.get(url)["ETag"] == first["ETag"]

    def test_it_gives_a_guest_page_the_same_etag_a_second_later(self):
        """Nothing on a guest page moves with the clock (a form token, a feed's date)."""
        first = {url: self.client.get(url)["ETag"] for url in self.guest_pages}
        time.sleep(1.1)
        assert {url: self.client.get(url)["ETag"] for url in self.guest_pages} == first

    @override_settings(FICSHELF_GUEST_MAX_AGE=15)
    def test_it_takes_max_age_from_the_setting(self):
        assert self.client.get("/works/")["Cache-Control"] == "public, max-age=15"

    def test_it_answers_304_to_a_reader_who_has_the_page(self):
        url = f"/works/{self.work.pk}"
        first = self.client.get(url)
        again = self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == "public, max-age=60"
        since = self.client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304
        assert self.client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200

    def test_it_changes_the_etag_when_what_a_guest_sees_changes(self):
        url = f"/works/{self.work.pk}"
        before = self.client.get(url)["ETag"]
        Kudos.leave(self.work, self.bob, "")
        after = self.client.get(url, HTTP_IF_NONE_MATCH=before)
        assert after.status_code == 200
        assert after["ETag"] != before
        listing = self.client.get("/works/")["ETag"]
        make_work(self.bob, "A new one")
        assert self.client.get("/works/", HTTP_IF_NONE_MATCH=listing).status_code == 200

    def test_it_keeps_a_signed_in_readers_pages_private(self):
        self.login(self.bob)
        for url in self.guest_pages:
            with self.subTest(url=url):
                r = self.client.get(url)
                assert r.status_code == 200
                self.assert_private(r)
                assert not r.has_header("ETag")

    def test_it_never_shares_a_restricted_work(self):
        restricted = make_work(self.alice, "Members Only", restricted=True)
        guest = self.client.get(f"/works/{restricted.pk}")
        assert guest.status_code == 404
        self.assert_private(guest)
        self.login(self.bob)
        member = self.client.get(f"/works/{restricted.pk}")
        self.assertContains(member, "Members Only")
        self.assert_private(member)

    def test_it_never_shares_a_listing_that_holds_a_restricted_work(self):
        make_work(self.alice, "Members Only", restricted=True)
        guest = self.client.get("/works/")
        self.assertNotContains(guest, "Members Only")
        self.login(self.bob)
        member = self.client.get("/works/", HTTP_IF_NONE_MATCH=guest["ETag"])
        self.assertContains(member, "Members Only")
        self.assert_private(member)

    def test_it_never_shares_a_hidden_work(self):
        hidden = make_work(self.alice, "Taken Down", hidden=True)
        guest = self.client.get(f"/works/{hidden.pk}")
        assert guest.status_code == 404
        self.assert_private(guest)

    def test_it_never_shares_an_adult_work_or_its_warning(self):
        adult = make_work(self.alice, "Explicit", rating="Explicit")
        gate = self.client.get(f"/works/{adult.pk}")
        self.assertContains(gate, "This work could have adult content.")
        self.assert_private(gate)
        agreed = self.client.get(f"/works/{adult.pk}?view_adult=true")
        self.assertContains(agreed, "Explicit")
        self.assert_private(agreed)
        # The session now remembers the choice: the same address shows the text, still private.
        text = self.client.get(f"/works/{adult.pk}")
        self.assertNotContains(text, "This work could have adult content.")
        self.assert_private(text)
        chapter = adult.chapters.get()
        self.assert_private(Client().get(f"/works/{adult.pk}/chapters/{chapter.pk}"))

    def test_it_never_shares_a_page_without_the_people_its_reader_muted(self):
        Kudos.leave(self.work, self.charlie, "")
        Mute.add(self.bob, self.charlie)
        self.login(self.bob)
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertNotContains(r, "charlie left kudos")
        self.assert_private(r)

    def test_it_keeps_a_page_with_a_flash_message_private(self):
        url = f"/works/{self.work.pk}"
        self.client.post(f"/works/{self.work.pk}/kudos", {"next": url})
        shown = self.client.get(url)
        self.assertContains(shown, "Thank you for leaving kudos!")
        self.assert_private(shown)
        self.assert_public(self.client.get(url))

    def test_it_keeps_the_private_opds_catalog_private(self):
        token = FeedToken.for_user(self.bob).token
        self.assert_private(self.client.get(f"/opds/u/{token}/"))

    # Cache poisoning: nothing one client sends changes what another reader gets.

    def test_it_refuses_hosts_it_does_not_serve(self):
        r = self.client.get(f"/works/{self.work.pk}", HTTP_HOST="evil.example")
        assert r.status_code == 400
        assert "public" not in r.get("Cache-Control", "")

    @override_settings(TRUSTED_PROXIES=[])
    def test_it_ignores_forwarded_headers_from_a_client_when_no_proxy_is_configured(self):
        for url in (f"/works/{self.work.pk}", "/works/feed.atom", "/opds/recent"):
            with self.subTest(url=url):
                plain = self.client.get(url)
                forged = self.client.get(
                    url,
                    HTTP_X_FORWARDED_HOST="evil.example",
                    HTTP_X_FORWARDED_PROTO="https",
                    HTTP_X_FORWARDED_FOR="198.51.100.7",
                    HTTP_X_FORWARDED_PORT="8443",
                )
                self.assert_public(forged)
                assert forged["ETag"] == plain["ETag"]
                assert b"evil.example" not in forged.content
                assert b"https://" not in forged.content

    def test_it_answers_query_string_junk_without_changing_the_clean_page(self):
        url = f"/works/{self.work.pk}"
        clean = self.client.get(url)
        junk = self.client.get(f"{url}?utm_source=%3Cscript%3Ealert(1)%3C/script%3E&view_full_work=maybe")
        assert junk.status_code == 200
        assert b"<script>alert(1)" not in junk.content
        assert self.client.get(url)["ETag"] == clean["ETag"]
        assert self.client.get(url).content == clean.content

    def test_it_treats_a_cookie_that_is_not_a_session_as_a_guest(self):
        url = f"/works/{self.work.pk}"
        plain = self.client.get(url)
        for cookie in ("tracking=1; theme=dark", "messages=forged"):
            with self.subTest(cookie=cookie):
                r = Client(HTTP_COOKIE=cookie).get(url)
                self.assert_public(r)
                assert r["ETag"] == plain["ETag"]

    def test_it_keeps_private_the_answer_that_clears_a_forged_session_or_csrf_cookie(self):
        """Clearing or replacing the cookie is a Set-Cookie: that one answer stays out of
        shared caches, shows the guest page, and the next guest still gets the shared one."""
        url = f"/works/{self.work.pk}"
        plain = self.client.get(url)
        for cookie in ("sessionid=not-a-session", "csrftoken=abc"):
            with self.subTest(cookie=cookie):
                r = Client(HTTP_COOKIE=cookie).get(url)
                assert r.cookies
                self.assert_private(r)
                assert r.content == plain.content
                assert self.client.get(url)["ETag"] == plain["ETag"]
