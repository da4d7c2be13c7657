"""A chapter: its text and notes, cleaned on save, and its own word count."""

from django.db import models

from ficshelf.reversing import cached_reverse
from ficshelf.text import prefix_ids, word_count
from ficshelf.works.models.sanitized import SanitizedHTMLModel, version_field


class Chapter(SanitizedHTMLModel):
    sanitized_fields = ("summary", "notes_begin", "notes_end", "body")

    work = models.ForeignKey("works.Work", on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    summary_sanitizer_version = version_field()
    notes_begin = models.TextField(blank=True)
    notes_begin_sanitizer_version = version_field()
    notes_end = models.TextField(blank=True)
    notes_end_sanitizer_version = version_field()
    body = models.TextField()
    body_sanitizer_version = version_field()
    word_count = models.PositiveIntegerField(default=0, editable=False)
    posted = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revised_at = models.DateTimeField(auto_now=True)

    number: int  # its place among the chapters a reader sees: set by Work.chapters_visible_to

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["work", "position"])]

    def __str__(self) -> str:
        return self.title or f"Chapter {self.position}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)  # sanitizes first, so the count sees what readers see
        count = word_count(self.body)
        if count != self.word_count:
            self.word_count = count
            Chapter.objects.filter(pk=self.pk).update(word_count=count)

    def get_absolute_url(self) -> str:
        return cached_reverse("works:chapter", work_id=self.work_id, chapter_id=self.pk)

    def html(self, field: str = "body") -> str:
        """A sanitized field ready for a page, its ids prefixed so chapters can share one."""
        return prefix_ids(getattr(self, field), f"chapter-{self.pk}-")

    def display_title(self) -> str:
        number = getattr(self, "number", self.position)
        return f"Chapter {number}: {self.title}" if self.title else f"Chapter {number}"
