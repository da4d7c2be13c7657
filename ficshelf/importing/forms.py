"""The import page's form: a story file, or pasted text in a chosen format."""

from typing import Any

from django import forms
from django.conf import settings

from ficshelf.importer import ParsedWork, parse

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
