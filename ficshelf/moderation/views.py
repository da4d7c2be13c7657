"""Moderation pages. The audit log is here; the moderation queue (`/moderation`) will be."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from ficshelf.accounts.http import AuthenticatedHttpRequest
from ficshelf.moderation.forms import AuditFilterForm
from ficshelf.moderation.models import AuditEntry
from ficshelf.pagination import paginate


@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every moderator and admin action, newest first, filtered by who, what, which type and when."""
    if not AuditEntry.readable_by(request.user):
        raise PermissionDenied("Only admins can read the audit log.")
    form = AuditFilterForm(request.GET)
    valid = form.is_valid()
    page = paginate(request, form.entries() if valid else AuditEntry.objects.none())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/audit.html",
        {"form": form, "page": page, "extra_query": query.urlencode()},
        status=200 if valid else 400,
    )
