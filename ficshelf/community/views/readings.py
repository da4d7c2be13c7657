"""Reading history and Marked for Later."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ficshelf.accounts.http import AuthenticatedHttpRequest
from ficshelf.community.models import Reading
from ficshelf.community.views._shared import back, own_page, visible_work
from ficshelf.pagination import paginate
from ficshelf.works.models import Work


@login_required
@require_POST
def mark_for_later(request: AuthenticatedHttpRequest, work_id: int) -> HttpResponse:
    work = visible_work(request, work_id)
    if not request.user.marked_for_later_enabled:
        messages.error(
            request, "You have turned Marked for Later off. Turn it on in your preferences to use it."
        )
        return back(request, work.get_absolute_url())
    now = timezone.now()
    if not Reading.objects.filter(user=request.user, work=work).update(marked_for_later=True, marked_at=now):
        try:
            Reading.objects.create(user=request.user, work=work, marked_for_later=True, marked_at=now)
        except IntegrityError:  # a double click raced the first one
            Reading.objects.filter(user=request.user, work=work).update(marked_for_later=True, marked_at=now)
    messages.success(request, "This work was added to your Marked for Later list.")
    return back(request, work.get_absolute_url())


@login_required
@require_POST
def mark_as_read(request: AuthenticatedHttpRequest, work_id: int) -> HttpResponse:
    work = visible_work(request, work_id)
    Reading.objects.filter(user=request.user, work=work).update(marked_for_later=False, marked_at=None)
    messages.success(request, "This work was removed from your Marked for Later list.")
    return back(request, work.get_absolute_url())


@login_required
def readings(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    owner = own_page(request, username, "history")
    to_read = request.GET.get("show") == "to-read"
    rows = Reading.objects.filter(user=owner, work__in=Work.objects.visible_to(owner))
    if to_read:
        rows = rows.filter(marked_for_later=True).order_by("-marked_at", "-id")
        enabled = owner.marked_for_later_enabled
    else:
        rows = rows.filter(last_viewed_at__isnull=False).order_by("-last_viewed_at", "-id")
        enabled = owner.history_enabled
    rows = rows.select_related("chapter").prefetch_related(
        Prefetch("work", queryset=Work.objects.for_blurbs(owner))
    )
    return render(
        request,
        "community/readings.html",
        {"owner": owner, "page": paginate(request, rows), "to_read": to_read, "enabled": enabled},
    )


@login_required
@require_POST
def forget_reading(request: AuthenticatedHttpRequest, username: str, reading_id: int) -> HttpResponse:
    owner = own_page(request, username, "history")
    Reading.objects.filter(user=owner, pk=reading_id, marked_for_later=False).delete()
    Reading.objects.filter(user=owner, pk=reading_id).update(last_viewed_at=None, chapter=None, views=0)
    messages.success(request, "Removed from your history.")
    return redirect("community:readings", username=owner.username)


@login_required
@require_POST
def clear_history(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    owner = own_page(request, username, "history")
    Reading.objects.filter(user=owner, marked_for_later=False).delete()
    Reading.objects.filter(user=owner).update(last_viewed_at=None, chapter=None, views=0)
    messages.success(request, "Your history was cleared. Works you marked for later are still marked.")
    return redirect("community:readings", username=owner.username)
