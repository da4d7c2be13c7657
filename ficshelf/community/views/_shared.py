"""What the readers' views share: finding a visible work, going back, and one's own pages."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from ficshelf.accounts.http import viewer
from ficshelf.accounts.models import User
from ficshelf.works.models import Work


def visible_work(request: HttpRequest, work_id: int) -> Work:
    return get_object_or_404(
        Work.objects.visible_to(reader := viewer(request)).for_blurbs(reader), pk=work_id
    )


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (a same-site `next`), else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def own_page(request: HttpRequest, username: str, what: str) -> User:
    owner = get_object_or_404(User, username__iexact=username, is_active=True)
    if owner != request.user:
        raise PermissionDenied(f"You can only see your own {what}.")
    return owner
