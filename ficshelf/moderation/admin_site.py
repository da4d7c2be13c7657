"""Django admin, audited: every ModelAdmin any app registers records its changes.

`AuditedAdminSite` is the default admin site (`FicshelfAdminConfig` replaces
django.contrib.admin in INSTALLED_APPS, apps.py), and its register() puts `AuditedModelAdmin`
in front of each ModelAdmin class, so no app has to remember to, and apps below
moderation need not import it. An audited admin's add, change and delete pages ask for
a required "Reason", and each save or delete writes one AuditEntry with the values
before and after (inline rows included), in the admin's own transaction. Changes
without a form to ask on are switched off: list_editable, custom actions and the bulk
"delete selected" action (edit and delete one by one, with a reason).
"""

from copy import copy
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict

from ficshelf.auditing import Source
from ficshelf.fields import AuditReasonField
from ficshelf.moderation import audit

REASON = "audit_reason"
REASON_REQUIRED = AuditReasonField().error_messages["required"]


def _reason_form(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    return type(form_class.__name__, (form_class,), {REASON: AuditReasonField()})


class AuditedModelAdmin(admin.ModelAdmin):
    """What the audited site adds to every ModelAdmin (see the module's docstring)."""

    delete_confirmation_template = "moderation/admin/delete_confirmation.html"

    # What a save is about to change, kept on the request between save_model(),
    # save_related() and log_addition()/log_change(), which Django calls in that order.
    _PENDING = "_ficshelf_audit"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # get_fieldsets() alone decides where the reason goes, and whether it is asked for.
        return [name for name in super().get_fields(request, obj) if name != REASON]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        # A page that only shows the object saves nothing, so asks no reason.
        saves = (
            self.has_change_permission(request, obj) if obj is not None else self.has_add_permission(request)
        )
        if saves and REASON not in flatten_fieldsets(fieldsets):
            fieldsets.append(("Audit log", {"fields": [REASON]}))
        return fieldsets

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        # The model form has no reason field; the class returned adds it to whatever form it is.
        if "fields" in kwargs:
            fields = kwargs.pop("fields")
        else:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:
            fields = [name for name in fields if name != REASON]
        return _reason_form(super().get_form(request, obj, change=change, fields=fields, **kwargs))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        pending = {
            "reason": form.cleaned_data[REASON],
            "before": audit.snapshot(stored) if stored is not None else None,
        }
        setattr(request, self._PENDING, pending)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pending = getattr(request, self._PENDING, None)
        if pending is not None and pending["before"] is not None:
            pending["before"].update(_inline_rows(formsets))
        super().save_related(request, form, formsets, change)
        if pending is not None:
            pending["formsets"] = formsets

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._record(request, obj, "add")
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._record(request, obj, "change")
        return super().log_change(request, obj, message)

    def _record(self, request: HttpRequest, obj: models.Model, action: str) -> None:
        # A change without save_model() (UserAdmin's password form) has no reason field.
        pending = getattr(request, self._PENDING, None) or {"reason": "", "before": None}
        after = {**audit.snapshot(obj), **_inline_rows(pending.get("formsets", []))}
        audit.record(
            request.user, action, obj, pending["reason"], pending["before"], after, source=Source.ADMIN
        )

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "POST" and not request.POST.get(REASON, "").strip():
            # Not confirmed until a reason is given: show the confirmation again, saying so.
            extra_context = {**(extra_context or {}), "reason_error": REASON_REQUIRED}
            if request.POST.get("post"):
                request = copy(request)
                request.method, request.POST = "GET", QueryDict()
        return super().delete_view(request, object_id, {**(extra_context or {}), "reason_field": REASON})

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        reason = request.POST.get(REASON, "")
        for obj in queryset:
            audit.record(request.user, "delete", obj, reason, audit.snapshot(obj), None, source=Source.ADMIN)
        return super().log_deletions(request, queryset)


def _inline_rows(formsets: Any) -> dict[str, Any]:
    """Each inline's rows as stored now, keyed by the inline's prefix ("creatorships")."""
    return {
        formset.prefix: [
            audit.snapshot(row)
            for row in formset.model._default_manager.filter(**{formset.fk.name: formset.instance}).order_by(
                "pk"
            )
        ]
        for formset in formsets
        if getattr(formset, "fk", None) is not None
    }


class AuditedAdminSite(admin.AdminSite):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.disable_action("delete_selected")

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if getattr(admin_class, "audited", True) and not issubclass(admin_class, AuditedModelAdmin):
            # Third-party admins (allauth's has an action) register here too: what they
            # would save without a reason is switched off rather than refused at start.
            off = {"list_editable": (), "actions": ()}
            admin_class = type(admin_class.__name__, (AuditedModelAdmin, admin_class), off)
        super().register(model_or_iterable, admin_class, **options)
