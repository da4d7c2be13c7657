"""Readers' buttons and lists on pages that other apps render, so works never imports community.

`{% work_feedback %}` on the work page: Kudos ♥, Bookmark, Subscribe, Mark for Later,
who left kudos, and the comments of the chapters shown, as ficshelf.community.feedback
computes them. `{% community_actions target %}` on user, series and tag pages: Subscribe
(and Bookmark for a series, Block and Mute for a user).
"""

from django import template
from django.http import HttpRequest

from ficshelf.accounts.models import Block, Mute, User
from ficshelf.community import feedback
from ficshelf.community.guest_forms import guest_form_token
from ficshelf.community.models import Bookmark, Subscription
from ficshelf.tags.models import Tag
from ficshelf.works.models import Series, Work

register = template.Library()


@register.inclusion_tag("community/_work_feedback.html", takes_context=True)
def work_feedback(context: template.Context) -> dict:
    """The feedback block under the work page; ficshelf.community.feedback computes it."""
    request: HttpRequest = context["request"]
    return feedback.work_feedback(request, context["work"], list(context.get("shown") or [])) | {
        "request": request,
        "user": request.user,
        # Guests' forms carry a token a cached page can share; a CSRF token would set a cookie.
        "csrf_token": context.get("csrf_token"),
        "guest_token": "" if request.user.is_authenticated else guest_form_token(context["work"].pk),
    }


def _kind(target: Work | Series | User | Tag) -> str:
    if isinstance(target, Work):
        return "work"
    if isinstance(target, Series):
        return "series"
    if isinstance(target, User):
        return "creator"
    if isinstance(target, Tag):
        return "tag"
    raise template.TemplateSyntaxError(f"community_actions can't follow {type(target).__name__}")


@register.inclusion_tag("community/_community_actions.html", takes_context=True)
def community_actions(context: template.Context, target: Work | Series | User | Tag) -> dict:
    """Subscribe/Unsubscribe (plus Bookmark for a series; Block and Mute for a user)."""
    request: HttpRequest = context["request"]
    user = request.user
    kind = _kind(target)
    result = {
        "request": request,
        "user": user,
        "kind": kind,
        "target": target,
        "csrf_token": context.get("csrf_token"),
    }
    if not user.is_authenticated or (isinstance(target, User) and target.pk == user.pk):
        return result | {"show": False}
    followable = not (isinstance(target, Tag) and not target.canonical)
    subscription = (
        Subscription.objects.filter(user=user, **{kind: target}).values_list("pk", flat=True).first()
    )
    result |= {"show": True, "followable": followable, "subscription_id": subscription}
    if isinstance(target, Series):
        result["bookmark_id"] = (
            Bookmark.objects.filter(user=user, series=target).values_list("pk", flat=True).first()
        )
    if isinstance(target, User):
        relations = {
            "blocked": Block.objects.filter(blocker=user, blocked=target),
            "muted": Mute.objects.filter(muter=user, muted=target),
        }
        result |= {name: rows.exists() for name, rows in relations.items()}
    return result
