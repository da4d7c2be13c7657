"""A reader's own shelves of works, for other apps to list: bookmarked, and Marked for Later.

Bookmarks and reading history belong to community, so the one answer to "which works
are on this reader's shelf" lives here too; the OPDS catalog is what reads it. Both
start from Work.objects.visible_to(user), so a work the reader may no longer see
drops off the shelf.
"""

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ficshelf.accounts.models import User
from ficshelf.community.models import Bookmark, Reading
from ficshelf.works.models import Work
from ficshelf.works.models.work import WorkQuerySet


def _shelved(user: User, rows: QuerySet) -> WorkQuerySet:
    """Visible works with a row in `rows` (which carry a `work` and a `shelved` date), newest first."""
    latest = rows.filter(work=OuterRef("pk")).order_by("-shelved")
    return (
        Work.objects.visible_to(user)
        .annotate(shelved_at=Subquery(latest.values("shelved")[:1]))
        .filter(shelved_at__isnull=False)
        .order_by("-shelved_at", "-id")
    )


def bookmarked_works(user: User) -> WorkQuerySet:
    """Works `user` bookmarked, newest bookmark first (private ones too: this is their own shelf)."""
    return _shelved(user, Bookmark.objects.filter(user=user).annotate(shelved=F("created_at")))


def marked_for_later_works(user: User) -> WorkQuerySet:
    """Works on `user`'s Marked for Later list, most recently marked first."""
    rows = Reading.objects.filter(user=user, marked_for_later=True)
    return _shelved(
        user, rows.annotate(shelved=Coalesce(F("marked_at"), F("last_viewed_at"), F("work__created_at")))
    )
