"""Who created a work: accepted creatorships make the byline, the others are invitations.

Every surface that names creators, lists a creator's works or grants a creator's
powers starts from `Creatorship.objects.accepted()` (or a Work method built on it:
`creator_pseuds()`, `is_creator()`, `WorkQuerySet.visible_to` and `created_by`).
"""

from django.db import models, transaction

from ficshelf.accounts.models import Pseud, User


class CreatorshipQuerySet(models.QuerySet["Creatorship"]):
    def accepted(self) -> "CreatorshipQuerySet":
        """The creators. Bylines, blurbs, feeds, downloads, search, user and pseud pages and
        every creator power (editing, drafts, moderation) read these, never the invitations."""
        return self.filter(accepted=True)

    def invitations_for(self, user: User) -> "CreatorshipQuerySet":
        """The co-creator invitations waiting for `user`'s answer, newest first, each with
        its work's byline loaded (a fixed number of queries for a page of them)."""
        from ficshelf.works.models.work import Work  # it imports this module

        return (
            self.filter(accepted=False, pseud__user=user)
            .select_related("pseud")
            .prefetch_related(models.Prefetch("work", queryset=Work.objects.for_blurbs()))
            .order_by("-id")
        )


class Creatorship(models.Model):
    """A pseud on a work's byline or, until `accepted`, an invitation to be on it.

    The poster's own pseuds are accepted at once. Anyone else named as a co-creator is
    invited (community shows the invitation in their inbox) and, until they accept,
    appears nowhere on the work and has no say over it. Declining deletes the row.
    """

    work = models.ForeignKey("works.Work", on_delete=models.CASCADE, related_name="creatorships")
    pseud = models.ForeignKey(Pseud, on_delete=models.CASCADE, related_name="creatorships")
    position = models.PositiveSmallIntegerField(default=0)
    accepted = models.BooleanField(default=False)

    objects = CreatorshipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work", "pseud"], name="creatorship_unique")]

    def __str__(self) -> str:
        return f"{self.pseud} on {self.work}" if self.accepted else f"{self.pseud} invited to {self.work}"

    def accept(self) -> None:
        """The invitee says yes: from now on they are on the byline and may change the work."""
        with transaction.atomic():
            Creatorship.objects.filter(pk=self.pk).update(accepted=True)
            self.accepted = True
            self.work.mark_revised()

    def decline(self) -> None:
        """The invitee says no: the invitation is gone, and the work never names them."""
        self.delete()
