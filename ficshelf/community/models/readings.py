"""Reading history and Marked for Later: one row per reader per work."""

from django.db import models

from ficshelf.accounts.models import User
from ficshelf.works.models import Chapter, Work


class Reading(models.Model):
    """A reader's history with a work: the last chapter read, and whether it is marked for later."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="readings")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="readings")
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)
    marked_for_later = models.BooleanField(default=False)
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "work"], name="reading_once_per_work")]
        indexes = [
            models.Index(fields=["user", "-last_viewed_at"]),
            models.Index(fields=["user", "marked_for_later", "-marked_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.work_id}"
