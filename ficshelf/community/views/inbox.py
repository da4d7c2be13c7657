"""The inbox: what subscriptions and comments brought, to read, mark and delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ficshelf.accounts.http import AuthenticatedHttpRequest
from ficshelf.community.models import Notification
from ficshelf.community.views._shared import back
from ficshelf.pagination import paginate
from ficshelf.works.models import Creatorship

INBOX_ACTIONS = {"read": "Marked as read.", "unread": "Marked as unread.", "delete": "Deleted."}
INBOX_INVITATIONS = 5  # the newest co-creator requests on top; the rest are a link away


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The list, its unread count and the bulk actions all read the same inbox.
    mine = Notification.objects.shown_to(request.user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        # Only ids of the reader's own notifications act: forged ids match nothing.
        chosen = mine.filter(pk__in=[i for i in request.POST.getlist("notification_ids") if i.isdigit()])
        if action not in INBOX_ACTIONS:
            messages.error(request, "Choose Mark Read, Mark Unread or Delete.")
        elif not chosen.exists():
            messages.error(request, "Select at least one item first.")
        else:
            if action == "read":
                n = chosen.filter(read_at__isnull=True).update(read_at=timezone.now())
            elif action == "unread":
                n = chosen.update(read_at=None)
            else:
                n = chosen.delete()[0]
            messages.success(request, f"{INBOX_ACTIONS[action]} ({n} item{'s' if n != 1 else ''})")
        return back(request, reverse("community:inbox"))
    shown = mine
    filter_ = request.GET.get("filter", "")
    if filter_ == "unread":
        shown = shown.filter(read_at__isnull=True)
    elif filter_ == "read":
        shown = shown.filter(read_at__isnull=False)
    # One more than shown, to know whether to link to the rest.
    invitations = list(Creatorship.objects.invitations_for(request.user)[: INBOX_INVITATIONS + 1])
    shown = shown.select_related(
        "work", "chapter", "comment__user", "comment__chapter", "comment__parent__user"
    )
    return render(
        request,
        "community/inbox.html",
        {
            "page": paginate(request, shown),
            "filter": filter_,
            "unread_count": mine.filter(read_at__isnull=True).count(),
            "invitations": invitations[:INBOX_INVITATIONS],
            "more_invitations": len(invitations) > INBOX_INVITATIONS,
        },
    )
