"""Kudos: one per registered reader per work, one per guest network per work."""

from django.db import IntegrityError, models, transaction
from django.db.models import Q

from ficshelf.accounts.models import User
from ficshelf.community.models._base import BLOCKED_MESSAGE, Refused, blocked_by_creator
from ficshelf.community.models.stats import WorkStats, bump_work
from ficshelf.works.models import Work


class Kudos(models.Model):
    """One reader's kudos on a work: a user once per work, a guest once per work per network.

    Guests are told apart by a salted hash of their IP address; the address itself
    is never stored.
    """

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="kudos")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="kudos")
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "kudos"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "user"], condition=Q(user__isnull=False), name="kudos_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["work", "ip_hash"], condition=Q(user__isnull=True), name="kudos_once_per_guest"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(ip_hash=""), name="kudos_has_a_giver"
            ),
        ]

    def __str__(self) -> str:
        return f"Kudos on {self.work_id} from {self.user or 'a guest'}"

    @classmethod
    def leave(cls, work: Work, user: User | None, ip_hash: str) -> "Kudos":
        """Leave kudos, or raise Refused with the reason; never a second row."""
        registered = user is not None and user.is_authenticated
        if registered and work.is_creator(user):
            raise Refused("You can't leave kudos on your own work.")
        if not registered and work.restricted:
            raise Refused("Only registered users can leave kudos on this work. Please log in.")
        if not work.posted:
            raise Refused("Kudos can only be left on posted works.")
        if blocked_by_creator(work, user):
            raise Refused(BLOCKED_MESSAGE)
        giver: dict[str, object] = {"user": user} if registered else {"user": None, "ip_hash": ip_hash}
        try:
            with transaction.atomic():
                kudos = cls.objects.create(work=work, **giver)
                bump_work(work.pk, "kudos_count", 1)
                WorkStats.bump(work.pk, "kudos")
        except IntegrityError:
            raise Refused("You have already left kudos here. :)") from None
        return kudos
