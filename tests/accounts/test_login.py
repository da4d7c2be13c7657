import re

from django.core import mail

from tests.base import PASSWORD, BaseTestCase


class LoginTestCase(BaseTestCase):
    def test_it_logs_in_with_any_case_of_the_user_name(self):
        r = self.client.post("/login", {"username": "Alice", "password": PASSWORD})
        assert r.status_code == 302
        self.assertContains(self.client.get("/works/"), "Log Out")

    def test_a_wrong_password_is_refused_clearly(self):
        r = self.client.post("/login", {"username": "alice", "password": "nope"})
        self.assertContains(r, "Please enter a correct user name and password.")

    def test_logout_is_a_post(self):
        self.login(self.alice)
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
            form_url, {"new_password1": "brand new phrase 42", "new_password2": "brand new phrase 42"}
        )
        self.assertRedirects(r, "/password/reset/done")
        assert self.client.login(username="alice", password="brand new phrase 42")

    def test_password_change(self):
        self.login(self.alice)
        r = self.client.post(
            "/password/change",
            {
                "old_password": PASSWORD,
                "new_password1": "another phrase 77",
                "new_password2": "another phrase 77",
            },
        )
        self.assertRedirects(r, "/password/changed")
