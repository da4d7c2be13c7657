"""Works' data migrations: what was there before keeps its meaning."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = ("works", "0005_move_imports_to_importing_app")
INVITATIONS = ("works", "0006_creatorship_invitations")


class CreatorshipInvitationsMigrationTestCase(TransactionTestCase):
    def migrate(self, target: tuple[str, str]):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([target])
        return executor.loader.project_state([target]).apps

    def test_it_keeps_every_existing_co_creator_as_accepted(self):
        old = self.migrate(BEFORE)
        self.addCleanup(self.migrate, INVITATIONS)
        User, Work = old.get_model("accounts", "User"), old.get_model("works", "Work")
        alice = User.objects.create(username="alice")
        bob = User.objects.create(username="bob")
        work = Work.objects.create(title="Together")
        for position, user in enumerate((alice, bob)):
            pseud = old.get_model("accounts", "Pseud").objects.create(user=user, name=user.username)
            old.get_model("works", "Creatorship").objects.create(work=work, pseud=pseud, position=position)

        new = self.migrate(INVITATIONS)
        creatorships = new.get_model("works", "Creatorship").objects.order_by("position")
        assert [(c.pseud.name, c.accepted) for c in creatorships] == [("alice", True), ("bob", True)]
        quill = new.get_model("accounts", "Pseud").objects.create(user_id=alice.pk, name="Quill")
        later = creatorships.create(work_id=work.pk, pseud=quill, position=2)
        later.refresh_from_db()
        assert later.accepted is False
