"""Accounts' data migrations: accounts that existed before django-allauth count as verified."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from ficshelf.accounts.models import User

BEFORE = [
    ("accounts", "0002_blocks_mutes_and_reader_preferences"),
    ("account", "0009_emailaddress_unique_primary_email"),
]
VERIFIED = [("accounts", "0003_existing_users_have_verified_email")]


class ExistingUsersVerifiedMigrationTestCase(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def test_it_gives_every_existing_user_a_verified_primary_address_and_keeps_their_password(self):
        old = self.migrate(BEFORE)
        self.addCleanup(self.migrate, executor_leaf_nodes())
        OldUser = old.get_model("accounts", "User")
        OldUser.objects.create(username="alice", email="Alice@Example.org")
        alice = User.objects.get(username="alice")
        alice.set_password("an old passphrase")
        alice.save(update_fields=["password"])
        OldUser.objects.create(username="twin", email="alice@example.org")  # sign-up never checked
        OldUser.objects.create(username="mailless", email="")

        new = self.migrate(VERIFIED)
        addresses = new.get_model("account", "EmailAddress").objects.order_by("user_id")
        assert [(a.user.username, a.email, a.verified, a.primary) for a in addresses] == [
            ("alice", "alice@example.org", True, True)
        ]
        for username in ("alice", "twin", "mailless"):
            assert User.objects.get(username=username).may_write
        assert (
            self.client.post(
                "/login", {"login": "alice@example.org", "password": "an old passphrase"}
            ).status_code
            == 302
        )


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
