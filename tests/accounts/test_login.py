import re

from django.core import mail
from django.test import override_settings

from tests.base import PASSWORD, BaseTestCase


class LoginTestCase(BaseTestCase):
    def test_it_logs_in_with_any_case_of_the_user_name(self):
        r = self.client.post("/login", {"login": "Alice", "password": PASSWORD})
        assert r.status_code == 302
        self.assertContains(self.client.get("/works/"), "Log Out")

    def test_it_logs_in_with_the_email_address(self):
        r = self.client.post("/login", {"login": "Alice@Example.org", "password": PASSWORD})
        assert r.status_code == 302
        self.assertContains(self.client.get("/works/"), "Log Out")

    def test_it_goes_on_to_the_page_that_asked_for_login(self):
        r = self.client.get("/works/new")
        self.assertRedirects(r, "/login?next=/works/new", fetch_redirect_response=False)
        self.assertContains(self.client.get(r["Location"]), 'name="next" value="/works/new"')
        r = self.client.post(
            "/login?next=/works/new", {"login": "alice", "password": PASSWORD, "next": "/works/new"}
        )
        self.assertRedirects(r, "/works/new", fetch_redirect_response=False)

    def test_a_wrong_password_is_refused_clearly(self):
        r = self.client.post("/login", {"login": "alice", "password": "nope"})
        self.assertContains(r, "The username and/or password you specified are not correct.")

    def test_logout_is_a_post(self):
        self.login(self.alice)
        self.assertContains(self.client.get("/logout"), "Are you sure you want to log out?")
        self.assertContains(self.client.get("/works/"), "Log Out")
        r = self.client.post("/logout")
        assert r.status_code == 302
        self.assertContains(self.client.get("/works/"), "Log In")

    def test_password_reset_mails_a_working_link(self):
        r = self.client.post("/password/reset", {"email": "alice@example.org"})
        self.assertRedirects(r, "/password/reset/sent")
        assert len(mail.outbox) == 1
        link = re.search(r"https?://[^/]+(/password/reset/\S+)", mail.outbox[0].body).group(1)
        r = self.client.get(link, follow=True)
        self.assertContains(r, "Set a new password")
        form_url = r.redirect_chain[-1][0]
        r = self.client.post(
            form_url, {"password1": "brand new phrase 42", "password2": "brand new phrase 42"}
        )
        self.assertRedirects(r, "/password/reset/done")
        assert self.client.login(username="alice", password="brand new phrase 42")

    def test_a_used_reset_link_says_so(self):
        self.client.post("/password/reset", {"email": "alice@example.org"})
        link = re.search(r"https?://[^/]+(/password/reset/\S+)", mail.outbox[0].body).group(1)
        form_url = self.client.get(link, follow=True).redirect_chain[-1][0]
        self.client.post(form_url, {"password1": "brand new phrase 42", "password2": "brand new phrase 42"})
        r = self.client.get(link, follow=True)
        self.assertContains(r, "This reset link is invalid or was used already.")

    def test_a_tampered_reset_link_says_so(self):
        r = self.client.get("/password/reset/1-not-a-key", follow=True)
        self.assertContains(r, "This reset link is invalid or was used already.")

    @override_settings(ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS=False)
    def test_a_reset_for_an_unknown_address_mails_nobody_and_says_the_same(self):
        r = self.client.post("/password/reset", {"email": "stranger@example.org"}, follow=True)
        self.assertContains(r, "If an account uses that address")
        assert mail.outbox == []

    def test_password_change(self):
        self.login(self.alice)
        r = self.client.post(
            "/password/change",
            {"oldpassword": PASSWORD, "password1": "another phrase 77", "password2": "another phrase 77"},
        )
        self.assertRedirects(r, "/password/changed")
        assert self.client.login(username="alice", password="another phrase 77")
