"""A series' own fields."""

from typing import Any

from django import forms

from ficshelf.fields import SingleLineField
from ficshelf.text import html_from_input, sanitize
from ficshelf.works.models import Series


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "summary", "notes", "complete"]
        field_classes = {"title": SingleLineField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "notes": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for name in ("summary", "notes"):
            if cleaned.get(name):
                cleaned[name] = sanitize(html_from_input(cleaned[name], "html"))
        return cleaned
