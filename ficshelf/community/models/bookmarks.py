"""Bookmarks of works and series, with the reader's notes and their own tags."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse

from ficshelf.accounts.models import User
from ficshelf.community.models._base import version_field
from ficshelf.community.models.stats import WorkStats, bump_work
from ficshelf.tags.models import split_tag_list, validate_tag_name
from ficshelf.works.models import Series, Work
from ficshelf.works.models.sanitized import SanitizedHTMLModel

BOOKMARK_NOTES_MAX_CHARS = 5_000
BOOKMARK_MAX_TAGS = 75


class Bookmark(SanitizedHTMLModel):
    """A reader's bookmark of a work or a series, with their notes and their own tags."""

    sanitized_fields = ("notes",)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="bookmarks")
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.CASCADE, related_name="bookmarks")
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="bookmarks"
    )
    notes = models.TextField(blank=True)
    notes_sanitizer_version = version_field()
    tag_names = models.TextField("Your tags", blank=True)
    private = models.BooleanField(default=False)
    rec = models.BooleanField("Rec", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(work__isnull=False, series__isnull=True)
                | Q(work__isnull=True, series__isnull=False),
                name="bookmark_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "work"], condition=Q(work__isnull=False), name="bookmark_work_once"
            ),
            models.UniqueConstraint(
                fields=["user", "series"], condition=Q(series__isnull=False), name="bookmark_series_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} bookmarked {self.target}"

    def get_absolute_url(self) -> str:
        return reverse("community:bookmark", kwargs={"bookmark_id": self.pk})

    @property
    def target(self) -> Work | Series | None:
        """What is bookmarked; None only before a new bookmark is given its work or series."""
        return self.work if self.work_id else self.series

    @property
    def tags(self) -> list[str]:
        return split_tag_list(self.tag_names)

    @staticmethod
    def clean_tags(value: str) -> str:
        names = split_tag_list(value)
        if len(names) > BOOKMARK_MAX_TAGS:
            raise ValidationError(
                f"A bookmark may have at most {BOOKMARK_MAX_TAGS} tags; this one has {len(names)}."
            )
        for name in names:
            validate_tag_name(name)
        return ", ".join(names)

    @property
    def counts(self) -> bool:
        """Whether this bookmark is in its work's public bookmark count."""
        return bool(self.work_id) and not self.private

    def save_changes(self, was_counted: bool) -> None:
        """Save, keeping Work.bookmark_count (public bookmarks only) exact."""
        creating = self._state.adding
        with transaction.atomic():
            self.save()
            if self.counts != was_counted and self.work_id:
                bump_work(self.work_id, "bookmark_count", 1 if self.counts else -1)
            if creating and self.work_id:
                WorkStats.bump(self.work_id, "bookmarks")

    def remove(self) -> None:
        with transaction.atomic():
            if Bookmark.objects.filter(pk=self.pk).delete()[0] and self.counts and self.work_id:
                bump_work(self.work_id, "bookmark_count", -1)
