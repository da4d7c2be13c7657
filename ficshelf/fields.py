"""Form fields every app's forms share.

SingleLineField is the type of every one-line value people give: titles, names,
tag lists. Control characters in what a request carries are refused before any form
sees them (ficshelf/site/middleware.py); this field also guards values that come
from elsewhere, such as an imported file's titles on the import review page.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

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


class PlainSelect(forms.Select):
    """A Select whose flat list of options is written in Python: the markup Django's widget
    templates give, byte for byte, without one template render per option.

    The listings' sidebar draws five selects on every page, the language one with ~100
    options, and through Django's templates they took about a fifth of the page
    (docs/benchmarks.md, "Web pages"). Grouped choices go through Django as before.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if any(isinstance(label, (list, tuple)) for _, label in self.choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options, chosen = [], False
        for option_value, label in self.choices:
            option = str(option_value)
            selected = not chosen and option in wanted
            chosen = chosen or selected
            options.append(format_html(_OPTION, option, mark_safe(" selected") if selected else "", label))
        attributes = format_html_join(
            "",
            "{}",
            (
                (format_html(" {}", key) if given is True else format_html(' {}="{}"', key, given),)
                for key, given in self.build_attrs(self.attrs, attrs).items()
                if given is not False  # as Django's attrs.html: True is a bare name, False none
            ),
        )
        return format_html('<select name="{}"{}>\n{}</select>', name, attributes, mark_safe("".join(options)))


_OPTION = '  <option value="{}"{}>{}</option>\n\n'
