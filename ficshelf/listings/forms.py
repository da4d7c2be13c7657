"""The filter sidebar and search box as a form: it reads the GET query string and says
what is wrong with it; WorkFilter (filters.py) turns what it cleaned into a query."""

from typing import Any

from django import forms
from django.http import QueryDict

from ficshelf.fields import PlainSelect, SingleLineField
from ficshelf.tags.models import RATINGS, split_tag_list
from ficshelf.works.models.work import LANGUAGE_CHOICES

MAX_FILTER_TAGS = 20


class WorkFilterForm(forms.Form):
    """The filter sidebar and search box. Every field is optional; bad values get a message."""

    q = SingleLineField(label="Search within results", required=False)
    sort_column = SingleLineField(label="Sort by", required=False)
    sort_direction = forms.ChoiceField(
        widget=PlainSelect,
        label="Direction",
        required=False,
        choices=[("", "Default"), ("desc", "Descending"), ("asc", "Ascending")],
    )
    rating = forms.ChoiceField(
        widget=PlainSelect,
        label="Rating",
        required=False,
        choices=[("", "Any rating")] + [(r, r) for r in RATINGS],
    )
    complete = forms.ChoiceField(
        widget=PlainSelect,
        label="Completion status",
        required=False,
        choices=[("", "All works"), ("T", "Complete works only"), ("F", "Works in progress only")],
    )
    crossover = forms.ChoiceField(
        widget=PlainSelect,
        label="Crossovers",
        required=False,
        choices=[("", "Include crossovers"), ("F", "Exclude crossovers"), ("T", "Only crossovers")],
    )
    single_chapter = forms.BooleanField(label="Single chapter works only", required=False)
    language = forms.ChoiceField(
        widget=PlainSelect,
        label="Language",
        required=False,
        choices=[("", "Any language")] + LANGUAGE_CHOICES,
    )
    words_from = forms.IntegerField(label="Words from", required=False, min_value=0)
    words_to = forms.IntegerField(label="Words to", required=False, min_value=0)
    revised_from = forms.DateField(
        label="Updated from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    revised_to = forms.DateField(
        label="Updated to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    posted_from = forms.DateField(
        label="Posted from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    posted_to = forms.DateField(
        label="Posted to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: QueryDict, *, searching: bool = False) -> None:
        super().__init__(data)
        self.searching = searching
        self.include_names = self._names(data, "include")
        self.exclude_names = self._names(data, "exclude")
        if searching:
            self.fields["q"].label = "Search"

    @staticmethod
    def _names(data: QueryDict, key: str) -> list[str]:
        names: list[str] = []
        for value in data.getlist(key):
            names += [
                name for name in split_tag_list(value) if name.lower() not in {n.lower() for n in names}
            ]
        return names

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for key, names in (("include", self.include_names), ("exclude", self.exclude_names)):
            if len(names) > MAX_FILTER_TAGS:
                self.add_error(
                    None,
                    f"You asked to {key} {len(names):,} tags; a filter can {key} at most {MAX_FILTER_TAGS}. "
                    f"Remove {len(names) - MAX_FILTER_TAGS:,} of them.",
                )
        low, high = cleaned.get("words_from"), cleaned.get("words_to")
        if low is not None and high is not None and low > high:
            self.add_error("words_to", "“Words to” must be at least “Words from”.")
        for start, end in (("revised_from", "revised_to"), ("posted_from", "posted_to")):
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(end, "The end date must not be before the start date.")
        return cleaned
