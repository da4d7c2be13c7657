"""A reader's own shelves (bookmarks, Marked for Later) as the OPDS catalog reads them.

The community app owns bookmarks and reading history; the catalog only reads them,
through these two functions. The import is lazy: without the community app the
shelves are simply empty, and nothing here breaks.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import F, Model, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ficshelf.accounts.models import User
from ficshelf.works.models import Work, WorkQuerySet


def _community_model(name: str) -> type[Model] | None:
    if not apps.is_installed("ficshelf.community"):
        return None
    try:
        return apps.get_model("community", name)
    except LookupError:
        return None


def _shelved(user: User, rows) -> WorkQuerySet:
    """Visible works that have a row in `rows` (a queryset with a `work` and a date), newest first."""
    latest = rows.filter(work=OuterRef("pk")).order_by("-shelved")
    return (
        Work.objects.visible_to(user)
        .annotate(shelved_at=Subquery(latest.values("shelved")[:1]))
        .filter(shelved_at__isnull=False)
        .order_by("-shelved_at", "-id")
    )


def bookmarked_works(user: User) -> WorkQuerySet:
    """Works `user` bookmarked (private bookmarks too: this is their own shelf)."""
    bookmark = _community_model("Bookmark")
    if bookmark is None:
        return Work.objects.none()
    return _shelved(user, bookmark.objects.filter(user=user).annotate(shelved=F("created_at")))


def marked_for_later_works(user: User) -> WorkQuerySet:
    """Works on `user`'s Marked for Later list."""
    reading = _community_model("Reading")
    if reading is None:
        return Work.objects.none()
    rows = reading.objects.filter(user=user, marked_for_later=True)
    return _shelved(
        user, rows.annotate(shelved=Coalesce(F("marked_at"), F("last_viewed_at"), F("work__created_at")))
    )
