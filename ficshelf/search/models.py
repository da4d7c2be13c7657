"""The full-text index: one row of metadata per work and the text of its chapters in chunks.

The database-specific parts live beside these tables, created by the migrations:
SQLite's FTS5 table `search_fts` (over the view `search_fts_content`), or
PostgreSQL's `document` tsvector column on SearchChunk with a GIN index.
"""

from django.db import models

from ficshelf.works.models import Chapter, Work


class SearchWork(models.Model):
    """What every chunk of a work is also found by: title, creators, tags, summary and notes."""

    work = models.OneToOneField(Work, on_delete=models.CASCADE, primary_key=True, related_name="+")
    title = models.TextField()
    creators = models.TextField()
    tags = models.TextField()
    meta = models.TextField(help_text="Summary and notes, as plain text.")
    fingerprint = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.title


class SearchChunk(models.Model):
    """A stretch of one posted chapter's text, overlapping its neighbours so phrases survive the cut."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="+")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, null=True, related_name="+")
    number = models.PositiveIntegerField(default=0)
    text = models.TextField()
    fingerprint = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["work", "chapter", "number"], name="search_chunk_work")]

    def __str__(self) -> str:
        return f"Chunk {self.number} of chapter {self.chapter_id}"
