"""What the posting forms share: the one-time token, HTML fields and their text format."""

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ficshelf.text import TooDeeplyNested, html_from_input, sanitize

FORMAT_CHOICES = [("html", "HTML (line breaks become paragraphs)"), ("plain", "Plain text")]
NOTES_LIMIT = 5000
SUMMARY_LIMIT = 1250


class TokenField(forms.CharField):
    """The one-time token that makes a double-submitted form post only once."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def clean(self, value: str) -> uuid.UUID:
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise ValidationError(
                "This form was tampered with or has expired. Please check it and submit it again."
            ) from None


def html_field(label: str, limit: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limit,
        error_messages={
            "max_length": f"{label} may have at most {limit:,} characters (it has %(show_value)s)."
        },
        **kwargs,
    )


def sanitize_fields(form: forms.BaseForm, names: tuple[str, ...], text_format: str = "html") -> None:
    """Turn the form's HTML fields into sanitized HTML, once: the model saves them as they are.

    HTML nested too deeply to sanitize becomes an error on its field.
    """
    cleaned = form.cleaned_data
    for name in names:
        if cleaned.get(name):
            try:
                cleaned[name] = sanitize(html_from_input(cleaned[name], text_format))
            except TooDeeplyNested as error:
                form.add_error(name, str(error))


class TextFormatForm(forms.Form):
    """A form whose HTML fields, named in `html_fields`, become sanitized HTML on clean."""

    html_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        super().clean()
        sanitize_fields(self, self.html_fields, self.cleaned_data.get("text_format") or "html")
        return self.cleaned_data
