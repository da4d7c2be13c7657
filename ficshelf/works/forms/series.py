"""A series' own fields."""

from typing import Any

from django import forms

from ficshelf.fields import SingleLineField
from ficshelf.works.forms.fields import sanitize_fields
from ficshelf.works.models import Series


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "summary", "notes", "complete"]
        field_classes = {"title": SingleLineField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "notes": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        sanitize_fields(self, ("summary", "notes"))
        return self.cleaned_data
