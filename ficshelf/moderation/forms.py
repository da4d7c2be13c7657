"""The audit log's filters."""

import datetime
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from ficshelf.fields import SingleLineField
from ficshelf.moderation.models import AuditEntry


class AuditFilterForm(forms.Form):
    actor = SingleLineField(label="By", required=False, max_length=150, help_text="A user name.")
    action = forms.ChoiceField(label="Action", required=False)
    object_type = forms.ModelChoiceField(
        label="Object type", required=False, queryset=ContentType.objects.none(), empty_label="Any"
    )
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", "Any"), *((name, name) for name in actions)]
        object_type = self.fields["object_type"]
        assert isinstance(object_type, forms.ModelChoiceField)
        object_type.queryset = ContentType.objects.filter(
            pk__in=AuditEntry.objects.values("content_type")
        ).order_by("app_label", "model")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise ValidationError("“From” is after “To”: swap them.")
        return cleaned

    def entries(self) -> QuerySet[AuditEntry]:
        """The entries that match; call after is_valid()."""
        data = self.cleaned_data
        query = Q()
        if data.get("actor"):
            query &= Q(actor_name__iexact=data["actor"].strip())
        if data.get("action"):
            query &= Q(action=data["action"])
        if data.get("object_type"):
            query &= Q(content_type=data["object_type"])
        if data.get("since"):
            query &= Q(created_at__gte=_midnight(data["since"]))
        if data.get("until"):
            query &= Q(created_at__lt=_midnight(data["until"] + datetime.timedelta(days=1)))
        return AuditEntry.objects.filter(query).select_related("content_type")


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
