import re

from allauth.account.models import EmailAddress
from django.core import mail

from tests.base import BaseTestCase


class EmailChangeTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        EmailAddress.objects.create(user=self.alice, email="alice@example.org", verified=True, primary=True)
        self.login(self.alice)

    def test_it_shows_the_address(self):
        self.assertContains(
            self.client.get("/account/email"), "Your email address is alice@example.org, verified."
        )

    def test_a_new_address_replaces_the_old_once_verified(self):
        r = self.client.post(
            "/account/email", {"email": "alice@new.example.org", "action_add": ""}, follow=True
        )
        self.assertContains(r, "Changing to alice@new.example.org, which is not verified yet")
        assert self.alice.may_write  # the old, verified address still stands
        link = re.search(r"https?://[^/]+(/account/email/confirm/\S+)", mail.outbox[0].body).group(1)
        self.client.post(link)
        assert list(
            EmailAddress.objects.filter(user=self.alice).values_list("email", "verified", "primary")
        ) == [("alice@new.example.org", True, True)]
        self.alice.refresh_from_db()
        assert self.alice.email == "alice@new.example.org"

    def test_an_address_another_account_verified_cannot_be_taken(self):
        # The page does not say whose it is (allauth prevents account enumeration);
        # the link, mailed to its owner, refuses to confirm it for anyone else.
        EmailAddress.objects.create(user=self.bob, email="bob@example.org", verified=True, primary=True)
        self.client.post("/account/email", {"email": "Bob@example.org", "action_add": ""})
        link = re.search(r"https?://[^/]+(/account/email/confirm/\S+)", mail.outbox[0].body).group(1)
        self.assertContains(self.client.get(link), "bob@example.org is already confirmed by another account")
        self.client.post(link)
        assert not EmailAddress.objects.filter(
            user=self.alice, email="bob@example.org", verified=True
        ).exists()
        assert EmailAddress.objects.get(user=self.alice, primary=True).email == "alice@example.org"

    def test_a_malformed_address_is_refused(self):
        r = self.client.post("/account/email", {"email": "not an address", "action_add": ""})
        self.assertContains(r, "Enter a valid email address.")
