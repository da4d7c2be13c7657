"""Subscriptions to works, creators, series and tags, and one-click unsubscribe from digest mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ficshelf.accounts.http import AuthenticatedHttpRequest
from ficshelf.accounts.models import User
from ficshelf.community import notify
from ficshelf.community.models import Subscription
from ficshelf.community.models._base import Refused
from ficshelf.community.views._shared import back, own_page, visible_work
from ficshelf.community.visitors import slow_down_message
from ficshelf.pagination import paginate
from ficshelf.tags.models import Tag
from ficshelf.works.models import Series


def _subscription_target(request: AuthenticatedHttpRequest, kind: str, target_id: str | None) -> dict:
    """The thing named by a subscribe form, if this reader may see it; 404 for anything else."""
    try:
        pk = int(target_id or "")
    except ValueError:
        raise Http404("There is nothing to subscribe to there.") from None
    if kind == "work":
        return {"work": visible_work(request, pk)}
    if kind == "series":
        return {"series": get_object_or_404(Series.objects.visible_to(request.user), pk=pk)}
    if kind == "creator":
        return {"creator": get_object_or_404(User, pk=pk, is_active=True)}
    if kind == "tag":
        return {"tag": get_object_or_404(Tag, pk=pk)}
    raise Http404("There is nothing to subscribe to there.")


@login_required
def subscriptions(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    owner = own_page(request, username, "subscriptions")
    if request.method == "POST":
        target = _subscription_target(
            request, request.POST.get("subscribable_type", ""), request.POST.get("subscribable_id")
        )
        if slow := slow_down_message(request, "subscribe"):
            messages.error(request, slow)
        else:
            try:
                subscription = Subscription.follow(owner, **target)
            except Refused as refusal:
                messages.error(request, refusal.messages[0])
            else:
                messages.success(
                    request,
                    f"You are now following {subscription.target}. You'll hear about updates in your inbox.",
                )
        return back(request, reverse("community:subscriptions", kwargs={"username": owner.username}))
    rows = (
        Subscription.objects.filter(user=owner)
        .with_visibility_for(owner)
        .select_related("work", "creator", "series", "tag")
    )
    kind = request.GET.get("type", "")
    if kind in Subscription.TARGETS:
        rows = rows.filter(**{f"{kind}__isnull": False})
    return render(
        request,
        "community/subscriptions.html",
        {"owner": owner, "page": paginate(request, rows), "kind": kind, "kinds": Subscription.TARGETS},
    )


@login_required
@require_POST
def unsubscribe(request: AuthenticatedHttpRequest, username: str, subscription_id: int) -> HttpResponse:
    owner = own_page(request, username, "subscriptions")
    subscription = (
        Subscription.objects.filter(user=owner, pk=subscription_id).with_visibility_for(owner).first()
    )
    if subscription is None:
        messages.info(request, "You were not subscribed to that; nothing changed.")
    else:
        subscription.delete()
        messages.success(request, f"You have unsubscribed from {subscription.label}.")
    return back(request, reverse("community:subscriptions", kwargs={"username": owner.username}))


@csrf_exempt  # mail clients POST one-click unsubscribes (RFC 8058) without a CSRF token; the signed token guards it
def unsubscribe_emails(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from digest mail. GET asks (link scanners follow links); POST does it."""
    user = notify.user_for_unsubscribe_token(token)
    if user is None:
        return render(
            request,
            "community/unsubscribe.html",
            {"invalid": True},
            status=400,
        )
    done = False
    if request.method == "POST":
        User.objects.filter(pk=user.pk).update(digest_emails=False)
        done = True
    return render(request, "community/unsubscribe.html", {"subscriber": user, "done": done, "token": token})
