"""A work's stats page for its creators: hits, kudos, comments, bookmarks, subscriptions by day or month."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import render

from ficshelf.accounts.http import AuthenticatedHttpRequest
from ficshelf.community.models import Subscription, WorkStats
from ficshelf.community.views._shared import visible_work


@login_required
def work_stats(request: AuthenticatedHttpRequest, work_id: int) -> HttpResponse:
    work = visible_work(request, work_id)
    if not (work.is_creator(request.user) or request.user.is_moderator):
        raise PermissionDenied("Only the work's creators can see its stats.")
    by_month = request.GET.get("by") == "month"
    fields = ("hits", "kudos", "comments", "bookmarks", "subscriptions")
    days = WorkStats.objects.filter(work=work)
    if by_month:
        rows = list(
            days.annotate(period=TruncMonth("day"))
            .values("period")
            .annotate(**{f: Sum(f) for f in fields})
            .order_by("-period")
        )
    else:
        rows = list(days.order_by("-day").values("day", *fields)[:90])
        for row in rows:
            row["period"] = row.pop("day")
    peak = max((row["hits"] for row in rows), default=0) or 1
    for row in rows:
        row["hits_percent"] = round(100 * row["hits"] / peak)
    totals = {
        "hits": work.hit_count,
        "kudos": work.kudos_count,
        "comments": work.comment_count,
        "bookmarks": work.bookmark_count,
        **Subscription.objects.filter(work=work).aggregate(subscriptions=Count("id")),
    }
    return render(
        request,
        "community/work_stats.html",
        {"work": work, "rows": rows, "totals": totals, "by_month": by_month, "fields": fields},
    )
