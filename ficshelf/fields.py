"""Form fields every app's forms share.

SingleLineField is the type of every one-line value people give: titles, names,
tag lists. Control characters in what a request carries are refused before any form
sees them (ficshelf/site/middleware.py); this field also guards values that come
from elsewhere, such as an imported file's titles on the import review page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

from ficshelf.text.controls import CONTROL, describe_character, single_line


def refuse_controls(value: str) -> None:
    """A form error naming the first control character in a one-line value."""
    if found := CONTROL.search(value):
        raise ValidationError(
            f"This holds the control character {describe_character(found.group())}, which a title "
            "or name can't contain. Remove it and try again."
        )


class SingleLineField(forms.CharField):
    """One line of text: line breaks and tabs become spaces, other controls a form error."""

    default_validators = [refuse_controls]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # refuse_controls names NUL too; one message is enough.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_python(self, value: object) -> str | None:
        text = super().to_python(value)
        if not text:
            return text  # the field's empty value
        text = single_line(text)
        return text.strip() if self.strip else text


REASON_MAX_CHARS = 2000


class AuditReasonField(forms.CharField):
    """Why a moderator or admin makes a change: kept with it in the audit log."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "Reason")
        kwargs.setdefault("help_text", "Why you make this change. It is kept in the audit log.")
        kwargs.setdefault("max_length", REASON_MAX_CHARS)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("error_messages", {"required": "Give a reason: it is kept in the audit log."})
        super().__init__(**kwargs)
