"""Counting: the counters on Work that blurbs show, daily WorkStats for creators, and Visits.

Every change updates the counters in the same transaction with F() expressions,
so they stay exact when requests race.
"""

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from ficshelf.works.models import Work


def bump_work(work_id: int, counter: str, by: int) -> None:
    """Move one of Work's counters (kudos_count, comment_count, …) by `by`, race-free."""
    Work.objects.filter(pk=work_id).update(**{counter: F(counter) + by})


class WorkStats(models.Model):
    """A work's activity on one day, for its creators' stats page."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="daily_stats")
    day = models.DateField()
    hits = models.PositiveIntegerField(default=0)
    kudos = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    bookmarks = models.PositiveIntegerField(default=0)
    subscriptions = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["work", "day"], name="work_stats_day_unique")]

    def __str__(self) -> str:
        return f"{self.work_id} on {self.day}"

    @classmethod
    def bump(cls, work_id: int, field: str, day: datetime.date | None = None) -> None:
        """Add one `field` event to today's row; safe under concurrent requests."""
        day = day or timezone.localdate()
        if not cls.objects.filter(work_id=work_id, day=day).update(**{field: F(field) + 1}):
            try:
                with transaction.atomic():
                    cls.objects.create(work_id=work_id, day=day, **{field: 1})
                    return
            except IntegrityError:  # another request created today's row first
                pass
            cls.objects.filter(work_id=work_id, day=day).update(**{field: F(field) + 1})


class Visit(models.Model):
    """One visitor's first view of a work on a day; what makes hits count once per visitor per day.

    `visitor` is "u<user id>" or a salted hash of a guest's IP address. Rows older
    than yesterday are pruned: the daily totals live on in WorkStats.
    """

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=64)
    day = models.DateField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work", "visitor", "day"], name="visit_once_a_day")]

    def __str__(self) -> str:
        return f"{self.visitor} on {self.work_id}, {self.day}"
