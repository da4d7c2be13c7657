"""The account throttles (ACCOUNT_RATE_LIMITS): refusals say when to try again, and count
per client address as site/proxies.py decided it."""

import re
from unittest import mock

from django.test import override_settings

from tests.base import PASSWORD, BaseTestCase


class LoginThrottleTestCase(BaseTestCase):
    def fail(self, login="alice", **extra):
        return self.client.post("/login", {"login": login, "password": "wrong"}, **extra)

    def test_it_refuses_a_sixth_try_within_20_seconds_saying_how_long_to_wait(self):
        for _ in range(5):
            self.assertContains(self.fail(), "are not correct")
        r = self.fail()
        self.assertContains(r, "Too many attempts. Please wait 20 seconds and try again.")
        # Even the right password waits: the account is throttled, not the guess.
        r = self.client.post("/login", {"login": "alice", "password": PASSWORD})
        self.assertContains(r, "Too many attempts. Please wait")

    def test_it_lets_the_account_in_again_after_the_wait(self):
        for _ in range(5):
            self.fail()
        with mock.patch("time.time", return_value=__import__("time").time() + 21):
            r = self.client.post("/login", {"login": "alice", "password": PASSWORD})
        assert r.status_code == 302

    def test_it_counts_per_account_across_addresses_and_login_names(self):
        for number, login in enumerate(["alice", "ALICE", "alice@example.org", "Alice", "alice"]):
            self.fail(login, REMOTE_ADDR=f"203.0.113.{number}")
        r = self.fail("alice@example.org", REMOTE_ADDR="198.51.100.7")
        self.assertContains(r, "Too many attempts.")
        # bob, from the same addresses, is not held up by alice's failures.
        r = self.client.post("/login", {"login": "bob", "password": PASSWORD}, REMOTE_ADDR="203.0.113.1")
        assert r.status_code == 302

    def test_it_counts_per_address_across_accounts(self):
        for login in ["alice", "bob", "charlie", "nobody", "someone"]:
            self.fail(login)
        r = self.client.post("/login", {"login": "bob", "password": PASSWORD})
        self.assertContains(r, "Too many attempts.")

    def test_it_locks_the_account_after_20_failures_within_the_hour(self):
        now = __import__("time").time()
        for batch in range(4):  # 5 failures every 30 seconds: never over the 20-second limit
            with mock.patch("time.time", return_value=now + 30 * batch):
                for number in range(5):
                    self.fail(REMOTE_ADDR=f"203.0.113.{batch * 5 + number}")
        with mock.patch("time.time", return_value=now + 200):
            r = self.client.post(
                "/login", {"login": "alice", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
            )
            self.assertContains(r, "Too many attempts. Please wait 57 minutes and try again.")
        with mock.patch("time.time", return_value=now + 3601):
            r = self.client.post(
                "/login", {"login": "alice", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
            )
        assert r.status_code == 302

    @override_settings(TRUSTED_PROXIES=(__import__("ipaddress").ip_network("127.0.0.1/32"),))
    def test_it_counts_the_client_our_proxy_reports_and_ignores_a_forged_one(self):
        for number in range(5):
            # Through our proxy: the forwarded client is who failed.
            self.fail(f"user{number}", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        r = self.fail("bob", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        self.assertContains(r, "Too many attempts.")
        # Another client behind the same proxy is not held up.
        r = self.client.post(
            "/login",
            {"login": "bob", "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.10",
        )
        assert r.status_code == 302
        self.client.logout()
        # A client outside cannot escape its own count by claiming another address.
        for number in range(5):
            self.fail(f"user{number}", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
        r = self.fail("charlie", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.99")
        self.assertContains(r, "Too many attempts.")


class PerAddressThrottleTestCase(BaseTestCase):
    def test_sign_ups_from_one_address_are_throttled_with_a_wait(self):
        for number in range(5):
            self.client.post(
                "/signup",
                {
                    "username": f"new{number}",
                    "email": f"new{number}@example.org",
                    "password1": "a sturdy passphrase",
                    "password2": "a sturdy passphrase",
                },
            )
            self.client.logout()
        r = self.client.post("/signup", {"username": "late", "email": "late@example.org"})
        self.assertContains(r, "Too many attempts. Please wait 60 minutes and try again.", status_code=429)
        assert r["Retry-After"] == "3600"

    def test_password_resets_are_throttled_per_address_and_per_email(self):
        for _ in range(3):
            assert self.client.post("/password/reset", {"email": "alice@example.org"}).status_code == 302
        r = self.client.post("/password/reset", {"email": "alice@example.org"}, REMOTE_ADDR="198.51.100.7")
        self.assertContains(r, "Too many attempts. Please wait 60 minutes", status_code=429)
        for _ in range(2):
            self.client.post("/password/reset", {"email": "bob@example.org"})
        r = self.client.post("/password/reset", {"email": "charlie@example.org"})
        self.assertContains(r, "Too many attempts.", status_code=429)

    def test_email_changes_are_throttled_per_address(self):
        for number, user in enumerate([self.alice, self.bob] * 5):
            self.login(user)
            self.client.post("/account/email", {"email": f"n{number}@example.org", "action_add": ""})
        self.login(self.charlie)
        r = self.client.post("/account/email", {"email": "c@example.org", "action_add": ""})
        self.assertContains(r, "Too many attempts.", status_code=429)
        assert re.fullmatch(r"\d+", r["Retry-After"])
