"""HTML fields that are cleaned on every save, with the sanitizer version beside each."""

from django.db import models

from ficshelf.text import SANITIZER_VERSION, sanitize


class SanitizedHTMLModel(models.Model):
    """A model whose HTML fields are cleaned on every save.

    Each field in `sanitized_fields` has a `<field>_sanitizer_version` column beside
    it, so text cleaned under older rules can be found and cleaned again. A value a
    form already sanitized (SanitizedHTML) is saved as it is, so a post sanitizes
    each field once; a save with `update_fields` cleans only the fields it writes.
    """

    sanitized_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        written = kwargs.get("update_fields")
        for name in self.sanitized_fields:
            if written is None or name in written:
                setattr(self, name, sanitize(getattr(self, name)))
                setattr(self, f"{name}_sanitizer_version", SANITIZER_VERSION)
        super().save(*args, **kwargs)


def version_field() -> models.PositiveSmallIntegerField:
    """The `<field>_sanitizer_version` column that goes beside each sanitized field."""
    return models.PositiveSmallIntegerField(default=SANITIZER_VERSION, editable=False)
