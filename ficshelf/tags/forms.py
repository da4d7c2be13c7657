"""Wrangling forms: one tag's links, and mass actions on a fandom's unwrangled tags."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ficshelf.fields import AuditReasonField, SingleLineField
from ficshelf.tags.models import Tag, split_tag_list
from ficshelf.tags.wrangling import resolve


class TagNamesField(SingleLineField):
    """Comma-separated names of existing tags → Tag objects, or an error naming the unknown ones."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "data-autocomplete": ""}))
        super().__init__(**kwargs)

    def clean(self, value: str) -> list[Tag]:
        tags, errors = [], []
        for name in split_tag_list(super().clean(value) or ""):
            try:
                tags.append(resolve(name))
            except ValidationError as error:
                errors += error.messages
        if errors:
            raise ValidationError(errors)
        return tags


class TagEditForm(forms.Form):
    """What a wrangler changes on one tag's page (AO3's /tags/NAME/edit)."""

    canonical = forms.BooleanField(label="Canonical", required=False)
    merger = SingleLineField(
        label="Synonym of",
        required=False,
        help_text="The canonical tag this one means. Leave empty if it is not a synonym.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-autocomplete": ""}),
    )
    add_parents = TagNamesField(label="Add parent tags", help_text="Fandoms, media or characters.")
    add_meta_tags = TagNamesField(label="Add metatags", help_text="Canonical tags of the same type.")
    remove_parents = forms.ModelMultipleChoiceField(
        label="Remove parent tags",
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_meta_tags = forms.ModelMultipleChoiceField(
        label="Remove metatags",
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = AuditReasonField(required=False)

    def __init__(self, *args, tag: Tag, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tag = tag
        parents, meta_tags = self.fields["remove_parents"], self.fields["remove_meta_tags"]
        assert isinstance(parents, forms.ModelMultipleChoiceField)
        assert isinstance(meta_tags, forms.ModelMultipleChoiceField)
        parents.queryset = tag.parents.all()
        meta_tags.queryset = tag.meta_tags.all()
        if not self.is_bound:
            self.initial = {"canonical": tag.canonical, "merger": tag.merger.name if tag.merger else ""}

    def clean_merger(self) -> Tag | None:
        name = self.cleaned_data["merger"].strip()
        return resolve(name) if name else None


class MassWrangleForm(forms.Form):
    """AO3's mass wrangling: pick tags, then give them a fandom, make them canonical, merge, or metatag them."""

    selected_tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one tag to wrangle."},
    )
    parent = SingleLineField(
        label="Assign to fandom",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-autocomplete": "Fandom"}),
    )
    canonical = forms.BooleanField(label="Make canonical", required=False)
    merger = SingleLineField(
        label="Make synonyms of",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-autocomplete": ""}),
    )
    meta_tag = SingleLineField(
        label="Add metatag",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-autocomplete": ""}),
    )
    reason = AuditReasonField(required=False)

    def __init__(self, *args, tags: QuerySet[Tag], parent_label: str = "Assign to fandom", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        selected = self.fields["selected_tags"]
        assert isinstance(selected, forms.ModelMultipleChoiceField)
        selected.queryset = tags
        self.fields["parent"].label = parent_label

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not any(cleaned.get(name) for name in ("parent", "canonical", "merger", "meta_tag")):
            raise ValidationError("Choose something to do with the selected tags.")
        if cleaned.get("canonical") and cleaned.get("merger"):
            raise ValidationError("A tag can be canonical or a synonym, not both.")
        return cleaned
