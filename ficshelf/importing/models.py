"""What importing keeps: drafts being edited on the web, and the files already imported."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from ficshelf.works.models import Work


class ImportDraft(models.Model):
    """A story file being imported on the web: its detected structure, edited until posted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_drafts")
    filename = models.CharField(max_length=255, blank=True)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    revised_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Import of {self.filename or 'pasted text'}"

    def get_absolute_url(self) -> str:
        return reverse("importing:import_preview", kwargs={"draft_id": self.pk})


class ImportedFile(models.Model):
    """A file (or folder of chapter files) already imported, so importing again skips it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=500)
    work = models.ForeignKey(Work, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sha256"], name="imported_file_unique")]

    def __str__(self) -> str:
        return self.source
