"""Guests' kudos and comment forms work from a cached page, with CSRF's protection kept."""

import re
import time
from unittest import mock

from django.test import Client

from ficshelf.community.guest_forms import guest_form_token
from ficshelf.community.models import Comment, Kudos
from tests.base import make_work
from tests.community.helpers import CommunityTestCase

ORIGIN = "http://testserver"


class GuestFormsTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        self.chapter = self.work.chapters.get()
        self.url = f"/works/{self.work.pk}"
        # A browser: Django's CSRF check is enforced, as it is outside tests.
        self.browser = Client(enforce_csrf_checks=True)

    def page_token(self) -> str:
        """The guest token on the work page, as a cached copy would carry it."""
        page = self.browser.get(self.url)
        assert page.cookies == {}
        tokens = re.findall(r'name="guest_token" value="([^"]+)"', page.content.decode())
        assert len(tokens) == 2  # the kudos form and the comment form
        return tokens[0]

    def kudos(self, token: str, **headers):
        return self.browser.post(
            f"/works/{self.work.pk}/kudos", {"guest_token": token, "next": self.url}, follow=True, **headers
        )

    def test_it_lets_a_guest_leave_kudos_from_a_page_without_a_cookie(self):
        r = self.kudos(self.page_token(), HTTP_ORIGIN=ORIGIN)
        self.assertContains(r, "Thank you for leaving kudos!")
        assert Kudos.objects.filter(work=self.work, user=None).count() == 1

    def test_it_keeps_one_kudos_per_guest(self):
        token = self.page_token()
        self.kudos(token, HTTP_ORIGIN=ORIGIN)
        r = self.kudos(token, HTTP_ORIGIN=ORIGIN)
        self.assertNotContains(r, "Thank you for leaving kudos!")
        assert Kudos.objects.filter(work=self.work).count() == 1

    def test_it_keeps_the_guests_kudos_rate_limit(self):
        other = make_work(self.bob, "Second")
        with self.settings(FICSHELF_RATE_LIMITS={"kudos": (self.limit(30), self.limit(1))}):
            self.kudos(self.page_token(), HTTP_ORIGIN=ORIGIN)
            r = self.browser.post(
                f"/works/{other.pk}/kudos",
                {"guest_token": guest_form_token(other.pk)},
                follow=True,
                HTTP_ORIGIN=ORIGIN,
            )
        self.assertContains(r, "Slow down!")
        assert not Kudos.objects.filter(work=other).exists()

    @staticmethod
    def limit(count: int):
        from ficshelf.community.visitors import Limit

        return Limit(count, 60)

    def test_it_accepts_a_same_site_referer_or_fetch_site_when_there_is_no_origin(self):
        token = self.page_token()
        self.assertContains(self.kudos(token, HTTP_REFERER=f"{ORIGIN}{self.url}"), "Thank you")
        second = make_work(self.bob, "Second")
        r = self.browser.post(
            f"/works/{second.pk}/kudos",
            {"guest_token": guest_form_token(second.pk)},
            follow=True,
            HTTP_SEC_FETCH_SITE="same-origin",
        )
        self.assertContains(r, "Thank you")

    def test_it_refuses_a_guests_post_from_another_site(self):
        token = self.page_token()
        for headers in (
            {"HTTP_ORIGIN": "https://evil.example"},
            {"HTTP_ORIGIN": "null"},
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
            {"HTTP_REFERER": "https://evil.example/page"},
            {},
        ):
            with self.subTest(headers=headers):
                r = self.kudos(token, **headers)
                self.assertContains(r, "This form was sent from another site, so it was refused.")
        assert not Kudos.objects.exists()

    def test_it_refuses_a_token_that_is_forged_for_another_work_or_too_old(self):
        other = make_work(self.bob, "Second")
        made = time.time()
        old = mock.patch("time.time", return_value=made - 3 * 24 * 60 * 60)
        with old:
            stale = guest_form_token(self.work.pk)
        for token, message in (
            ("1:forged", "This form did not come from this work"),
            (guest_form_token(other.pk), "This form did not come from this work"),
            (stale, "This page is too old to send its form"),
        ):
            with self.subTest(token=token):
                self.assertContains(self.kudos(token, HTTP_ORIGIN=ORIGIN), message)
        assert not Kudos.objects.exists()

    def test_it_lets_a_guest_comment_from_a_page_without_a_cookie(self):
        r = self.browser.post(
            f"/works/{self.work.pk}/chapters/{self.chapter.pk}/comments",
            {
                "guest_token": self.page_token(),
                "name": "Rainy",
                "email": "rainy@example.org",
                "body": "Lovely!",
                "next": self.url,
            },
            HTTP_ORIGIN=ORIGIN,
        )
        assert r.status_code == 302
        comment = Comment.objects.get()
        assert comment.guest_name == "Rainy"

    def test_it_keeps_a_refused_guests_comment_to_send_again(self):
        r = self.browser.post(
            f"/works/{self.work.pk}/chapters/{self.chapter.pk}/comments",
            {
                "guest_token": self.page_token(),
                "name": "Rainy",
                "email": "rainy@example.org",
                "body": "Words I typed for an hour",
            },
            HTTP_ORIGIN="https://evil.example",
        )
        assert r.status_code == 403
        self.assertContains(r, "This form was sent from another site, so it was refused.", status_code=403)
        self.assertContains(r, "Words I typed for an hour", status_code=403)
        assert not Comment.objects.exists()
        # The page it answers with sets a CSRF cookie, so sending again goes through Django's check.
        assert "csrftoken" in r.cookies
        again = self.browser.post(
            f"/works/{self.work.pk}/chapters/{self.chapter.pk}/comments",
            {
                "csrfmiddlewaretoken": r.cookies["csrftoken"].value,
                "name": "Rainy",
                "email": "rainy@example.org",
                "body": "Words I typed for an hour",
            },
        )
        assert again.status_code == 302
        assert Comment.objects.count() == 1

    def test_it_keeps_django_csrf_for_signed_in_readers(self):
        self.browser.force_login(self.bob)
        page = self.browser.get(self.url)
        self.assertNotContains(page, "guest_token")
        # A guest token, or nothing, does not stand in for the member's CSRF token.
        for data in ({"guest_token": guest_form_token(self.work.pk)}, {}):
            with self.subTest(data=data):
                r = self.browser.post(f"/works/{self.work.pk}/kudos", data, HTTP_ORIGIN=ORIGIN)
                assert r.status_code == 403
        assert not Kudos.objects.exists()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
        r = self.browser.post(
            f"/works/{self.work.pk}/kudos", {"csrfmiddlewaretoken": token}, HTTP_ORIGIN=ORIGIN
        )
        assert r.status_code == 302
        assert Kudos.objects.filter(user=self.bob).exists()

    def test_it_keeps_django_csrf_for_a_guest_without_the_token(self):
        r = self.browser.post(f"/works/{self.work.pk}/kudos", {}, HTTP_ORIGIN=ORIGIN)
        assert r.status_code == 403
        assert not Kudos.objects.exists()
