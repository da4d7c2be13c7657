from ficshelf.accounts.models import SiteSettings, User
from tests.base import BaseTestCase


class SignupTestCase(BaseTestCase):
    def data(self, **overrides) -> dict:
        return {
            "username": "dora",
            "email": "dora@example.org",
            "password1": "a sturdy passphrase",
            "password2": "a sturdy passphrase",
        } | overrides

    def test_it_creates_an_account_with_a_default_pseud_and_logs_in(self):
        r = self.client.post("/signup", self.data())
        self.assertRedirects(r, "/users/dora/", fetch_redirect_response=False)
        user = User.objects.get(username="dora")
        assert user.default_pseud.name == "dora"
        self.assertContains(self.client.get("/works/"), "Post New Work")

    def test_a_taken_name_in_another_case_is_refused(self):
        r = self.client.post("/signup", self.data(username="ALICE"))
        self.assertContains(r, "That user name is taken.", status_code=400)

    def test_a_bad_user_name_is_refused(self):
        r = self.client.post("/signup", self.data(username="a/b"))
        self.assertContains(r, "Use 3 to 40 letters, digits or underscores", status_code=400)

    def test_mismatched_passwords_are_refused(self):
        r = self.client.post("/signup", self.data(password2="something else"))
        assert r.status_code == 400
        assert not User.objects.filter(username="dora").exists()

    def test_closed_registration_says_so(self):
        settings = SiteSettings.current()
        settings.registration_open = False
        settings.save()
        r = self.client.post("/signup", self.data())
        self.assertContains(r, "Registration is closed", status_code=403)
        assert not User.objects.filter(username="dora").exists()
