"""The import page's form: a story file, or pasted text in a chosen format."""

from typing import Any

from django import forms
from django.conf import settings

from ficshelf.fields import SingleLineField
from ficshelf.importer import ParsedWork, parse
from ficshelf.importing.drafts import CHAPTER_TITLE_LIMIT

PASTE_FORMATS = [("story.txt", "Plain text"), ("story.html", "HTML"), ("story.md", "Markdown")]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Story file",
        required=False,
        help_text="Plain text, HTML (an AO3 download too), EPUB, Markdown (.md) or Word (.docx).",
    )
    text = forms.CharField(
        label="Or paste the story", required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    paste_format = forms.ChoiceField(label="Pasted text is", choices=PASTE_FORMATS, initial="story.txt")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        limit = settings.FICSHELF_IMPORT_MAX_BYTES
        upload = cleaned.get("file")
        if upload and upload.size > limit:
            raise forms.ValidationError(
                f"That file is {upload.size:,} bytes; files may have at most {limit:,}."
            )
        if not upload and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError("Choose a file to upload, or paste the story.")
        return cleaned

    def parsed(self) -> tuple[ParsedWork, str]:
        """Parse the upload or the pasted text; ParseError says what is wrong with it."""
        upload = self.cleaned_data.get("file")
        if upload:
            return parse(
                upload.read(), upload.name, max_bytes=settings.FICSHELF_IMPORT_MAX_BYTES
            ), upload.name
        name = self.cleaned_data["paste_format"]
        return parse(self.cleaned_data["text"], name, max_bytes=settings.FICSHELF_IMPORT_MAX_BYTES), ""


class ChapterTitlesForm(forms.Form):
    """The titles of some of a draft's chapters, one field `chapter-N-title` each (N from 0).

    The review page edits every chapter's title, a chapter's page its own; the
    chapters a page does not show keep the titles they have, and so does a chapter
    missing from what a stale page posted (one split off in another tab).
    """

    def __init__(self, data: Any, *, chapters: list[dict], indexes: range) -> None:
        super().__init__(data)
        self.indexes = indexes
        for index in indexes:
            self.fields[self.field_name(index)] = SingleLineField(
                label=f"Chapter {index + 1} title",
                required=False,
                max_length=CHAPTER_TITLE_LIMIT,
                initial=chapters[index]["title"],
                error_messages={
                    "max_length": f"A chapter title may have at most {CHAPTER_TITLE_LIMIT} characters (it has %(show_value)d)."
                },
                disabled=self.is_bound and self.field_name(index) not in data,
            )

    @staticmethod
    def field_name(index: int) -> str:
        return f"chapter-{index}-title"

    def apply(self, chapters: list[dict]) -> None:
        """Put the cleaned titles into the draft's chapters (call after is_valid())."""
        for index in self.indexes:
            chapters[index]["title"] = self.cleaned_data[self.field_name(index)]

    def rows(self) -> list[tuple[int, forms.BoundField]]:
        """(chapter number, title field) for each chapter on the page."""
        return [(index + 1, self[self.field_name(index)]) for index in self.indexes]
