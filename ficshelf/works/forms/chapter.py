"""A chapter's fields, on their own or as the first chapter of a new work."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from ficshelf.fields import SingleLineField
from ficshelf.text import visible_text
from ficshelf.works.forms.fields import (
    FORMAT_CHOICES,
    NOTES_LIMIT,
    SUMMARY_LIMIT,
    TextFormatForm,
    TokenField,
    html_field,
)
from ficshelf.works.models import Chapter
from ficshelf.works.posting import ChapterFields


class ChapterFieldsForm(TextFormatForm):
    """A chapter's own fields; also the first chapter on the new-work form."""

    html_fields: tuple[str, ...] = ("chapter_summary", "chapter_notes_begin", "chapter_notes_end", "body")

    chapter_title = SingleLineField(label="Chapter title", required=False, max_length=255)
    chapter_summary = html_field("Chapter summary", SUMMARY_LIMIT)
    chapter_notes_begin = html_field("Chapter notes", NOTES_LIMIT)
    chapter_notes_end = html_field("Chapter end notes", NOTES_LIMIT)
    text_format = forms.ChoiceField(
        label="Text format", choices=FORMAT_CHOICES, initial="html", widget=forms.RadioSelect
    )
    body = forms.CharField(
        label="Chapter text",
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={"required": "The chapter text is empty. Write or paste the chapter."},
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        limit = settings.FICSHELF_MAX_CHAPTER_CHARS
        if len(body) > limit:
            raise ValidationError(
                f"This chapter has {len(body):,} characters; a chapter may have at most {limit:,}. "
                "Split it into two chapters."
            )
        return body

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "body" in cleaned and not visible_text(cleaned["body"]).strip():
            self.add_error(
                "body",
                "The chapter text is empty once unsafe HTML (such as scripts) is removed. "
                "Write or paste the chapter.",
            )
        return cleaned

    def chapter_fields(self) -> ChapterFields:
        """The valid form as posting's plain values."""
        data = self.cleaned_data
        return ChapterFields(
            title=data["chapter_title"],
            summary=data["chapter_summary"],
            notes_begin=data["chapter_notes_begin"],
            notes_end=data["chapter_notes_end"],
            body=data["body"],
        )

    @classmethod
    def chapter_initial(cls, chapter: Chapter) -> dict[str, object]:
        return {
            "chapter_title": chapter.title,
            "chapter_summary": chapter.summary,
            "chapter_notes_begin": chapter.notes_begin,
            "chapter_notes_end": chapter.notes_end,
            "body": chapter.body,
            "text_format": "html",
        }


class ChapterForm(ChapterFieldsForm):
    """Adding or editing a chapter of an existing work."""

    form_token = TokenField()
    position = forms.IntegerField(
        label="Chapter position", error_messages={"invalid": "Enter the chapter's position as a number."}
    )

    def __init__(self, *args, chapter_total: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chapter_total = chapter_total
        self.fields["position"].widget.attrs.update(min=1, max=chapter_total)
        self.fields["position"].initial = chapter_total
        self.fields["position"].help_text = f"1 to {chapter_total}"

    def clean_position(self) -> int:
        position = self.cleaned_data["position"]
        if not 1 <= position <= self.chapter_total:
            raise ValidationError(f"Choose a position from 1 to {self.chapter_total}.")
        return position
