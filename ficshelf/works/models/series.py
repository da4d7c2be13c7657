"""Series: works read in order, and which series a reader may see."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from ficshelf.accounts.models import Pseud, User
from ficshelf.reversing import cached_reverse
from ficshelf.works.models.sanitized import SanitizedHTMLModel, version_field
from ficshelf.works.models.work import Work, WorkQuerySet


class SeriesQuerySet(models.QuerySet["Series"]):
    def visible_to(self, user: User | None) -> "SeriesQuerySet":
        """A series is visible when one of its works is, or to its creators."""
        visible_works = Work.objects.visible_to(user).filter(series_memberships__series=OuterRef("pk"))
        condition: Exists | Q = Exists(visible_works)
        if user is not None and user.is_authenticated:
            condition |= Q(pseuds__user=user)
        return self.filter(condition).distinct()


class Series(SanitizedHTMLModel):
    sanitized_fields = ("summary", "notes")

    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    summary_sanitizer_version = version_field()
    notes = models.TextField(blank=True)
    notes_sanitizer_version = version_field()
    complete = models.BooleanField(default=False)
    pseuds = models.ManyToManyField(Pseud, related_name="series")
    created_at = models.DateTimeField(auto_now_add=True)
    revised_at = models.DateTimeField(auto_now=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "series"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("works:series", series_id=self.pk)

    def works_visible_to(self, user: User | None) -> WorkQuerySet:
        return (
            Work.objects.visible_to(user)
            .filter(series_memberships__series=self)
            .order_by("series_memberships__position", "id")
        )

    def editable_by(self, user: User | None) -> bool:
        return bool(user and user.is_authenticated and self.pseuds.filter(user=user).exists())

    def add_work(self, work: Work) -> "SeriesWork":
        last = self.memberships.aggregate(last=models.Max("position"))["last"] or 0
        membership, _ = SeriesWork.objects.get_or_create(
            series=self, work=work, defaults={"position": last + 1}
        )
        return membership

    def reorder(self, ordered_work_ids: list[int]) -> None:
        rank = {pk: index for index, pk in enumerate(ordered_work_ids)}
        memberships = sorted(
            self.memberships.all(), key=lambda m: (rank.get(m.work_id, len(rank)), m.position)
        )
        for position, membership in enumerate(memberships, start=1):
            if membership.position != position:
                SeriesWork.objects.filter(pk=membership.pk).update(position=position)


class SeriesWork(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="memberships")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="series_memberships")
    position = models.PositiveIntegerField(default=1)
    # Its part number among the parts the reader may see; set on blurbs by for_blurbs().
    number: int | None = None

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["series", "work"], name="series_work_unique")]

    def __str__(self) -> str:
        return f"Part {self.position} of {self.series}"
