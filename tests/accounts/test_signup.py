import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from ficshelf.accounts.models import SiteSettings, User
from tests.base import BaseTestCase, make_work


class SignupTestCase(BaseTestCase):
    def data(self, **overrides) -> dict:
        return {
            "username": "dora",
            "email": "dora@example.org",
            "password1": "a sturdy passphrase",
            "password2": "a sturdy passphrase",
        } | overrides

    def verification_link(self) -> str:
        (message,) = mail.outbox
        return re.search(r"https?://[^/]+(/account/email/confirm/\S+)", message.body).group(1)

    def test_it_creates_an_account_with_a_default_pseud_and_logs_in(self):
        r = self.client.post("/signup", self.data())
        self.assertRedirects(r, "/users/dora/", fetch_redirect_response=False)
        user = User.objects.get(username="dora")
        assert user.default_pseud.name == "dora"
        self.assertContains(self.client.get("/works/"), "Log Out")

    def test_it_mails_a_link_that_verifies_the_address_and_lets_the_account_post(self):
        self.client.post("/signup", self.data())
        assert not User.objects.get(username="dora").may_write
        assert mail.outbox[0].subject == "[Ficshelf] Please Confirm Your Email Address"
        assert mail.outbox[0].body.startswith("Hello from Ficshelf!")
        r = self.client.get(self.verification_link())
        self.assertContains(r, "Please confirm that dora@example.org is the email address of dora.")
        r = self.client.post(self.verification_link(), follow=True)
        self.assertContains(r, "You have confirmed dora@example.org.")
        assert EmailAddress.objects.get(email="dora@example.org").verified
        assert User.objects.get(username="dora").may_write
        self.assertContains(self.client.get("/works/new"), "Post New Work")

    def test_a_used_verification_link_is_harmless(self):
        self.client.post("/signup", self.data())
        link = self.verification_link()
        self.client.post(link)
        self.assertContains(self.client.get(link), "This confirmation link has expired, was used already")
        assert self.client.post(link).status_code < 500
        assert EmailAddress.objects.get(email="dora@example.org").verified

    def test_a_tampered_verification_link_says_so(self):
        self.client.post("/signup", self.data())
        r = self.client.get(self.verification_link()[:-3] + "xyz")
        self.assertContains(
            r, "This confirmation link has expired, was used already, or is not a link we sent."
        )
        # Only a hand-made request posts a key the page never offered: a plain 404.
        assert self.client.post("/account/email/confirm/forged").status_code == 404
        assert not EmailAddress.objects.get(email="dora@example.org").verified

    def test_an_unverified_account_reads_but_cannot_post_comment_or_leave_kudos(self):
        work = make_work(self.alice)
        chapter = work.chapters.get()
        self.client.post("/signup", self.data())
        self.assertContains(self.client.get(work.get_absolute_url()), work.title)
        for url, data in [
            ("/works/new", {}),
            (f"/works/{work.pk}/kudos", {}),
            (f"/works/{work.pk}/chapters/{chapter.pk}/comments", {"body": "Lovely!"}),
        ]:
            r = self.client.post(url, data)
            self.assertContains(r, "Please confirm your email address first", status_code=403)
            self.assertContains(r, "Send the link again", status_code=403)
        assert not work.kudos.exists() and not work.comments.exists()

    def test_an_unverified_account_may_bookmark_privately_only(self):
        work = make_work(self.alice)
        self.client.post("/signup", self.data())
        r = self.client.post(f"/works/{work.pk}/bookmarks/new", {"notes": "", "tag_names": ""})
        self.assertContains(r, "Until then your bookmarks can only be private.", status_code=400)
        r = self.client.post(
            f"/works/{work.pk}/bookmarks/new", {"notes": "", "tag_names": "", "private": "on"}
        )
        assert r.status_code == 302
        assert work.bookmarks.get().private

    def test_the_resend_button_mails_the_link_again(self):
        self.client.post("/signup", self.data())
        mail.outbox.clear()
        # Within three minutes of the first mail the earlier link still stands: none is sent.
        r = self.client.post("/account/email", {"email": "dora@example.org", "action_send": ""}, follow=True)
        self.assertContains(r, "We mailed a link to dora@example.org a moment ago, and it still works")
        self.assertContains(r, "You can ask for another in 3 minutes.")
        assert mail.outbox == []
        cache.clear()  # the three minutes between two mails to one address have passed
        self.client.post("/account/email", {"email": "dora@example.org", "action_send": ""})
        assert "/account/email/confirm/" in mail.outbox[0].body

    def test_the_form_says_what_each_field_is_for(self):
        r = self.client.get("/signup")
        self.assertContains(r, '<label for="id_username">User name:</label>', html=True)
        self.assertContains(r, "3 to 40 letters, digits or underscores. It appears in your page")
        self.assertContains(r, "We mail you a link to confirm it.")

    def test_a_taken_name_in_another_case_is_refused(self):
        r = self.client.post("/signup", self.data(username="ALICE"))
        self.assertContains(r, "That user name is taken.")
        assert not User.objects.filter(email="dora@example.org").exists()

    def test_a_taken_address_is_refused(self):
        r = self.client.post("/signup", self.data(email="Alice@example.org"))
        self.assertContains(r, "A user is already registered with this email address.")
        assert not User.objects.filter(username="dora").exists()

    def test_a_bad_user_name_is_refused(self):
        r = self.client.post("/signup", self.data(username="a/b"))
        self.assertContains(r, "Use 3 to 40 letters, digits or underscores")
        assert not User.objects.filter(email="dora@example.org").exists()

    def test_mismatched_passwords_are_refused(self):
        r = self.client.post("/signup", self.data(password2="something else"))
        self.assertContains(r, "You must type the same password each time.")
        assert not User.objects.filter(username="dora").exists()

    def test_closed_registration_says_so(self):
        settings = SiteSettings.current()
        settings.registration_open = False
        settings.save()
        r = self.client.post("/signup", self.data())
        self.assertContains(r, "Registration is closed", status_code=403)
        assert not User.objects.filter(username="dora").exists()
