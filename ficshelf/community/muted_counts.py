"""What a reader's mutes take from the shared counters that blurbs and the work page show.

Work.kudos_count, comment_count and bookmark_count count everyone, so guests and most
readers read them for free. A reader who muted someone sees them without that person's
kudos, comments and bookmarks, as the README promises: one query per list of works
(works.signals.blurbs_loaded, sent by Work.objects.for_blurbs), whatever its length.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import CharField, Count, QuerySet, Value

from ficshelf.accounts.models import Mute, User
from ficshelf.community.models import Bookmark, Comment, Kudos
from ficshelf.community.models.comments import CommentStatus
from ficshelf.works.models import Work


def _tally(rows: QuerySet, counter: str) -> QuerySet:
    """(work id, counter name, rows) per work: one arm of the union."""
    return (
        rows.values("work_id")
        .annotate(counter=Value(counter, output_field=CharField()), n=Count("pk"))
        .values_list("work_id", "counter", "n")
        .order_by()
    )


def muted_counts(work_ids: Iterable[int], reader: User) -> dict[int, dict[str, int]]:
    """{work id: {counter: what the people `reader` muted put in it}}, for works where it is not 0."""
    ids = list(work_ids)
    muted = Mute.objects.filter(muter=reader).values("muted_id")
    mine = {"work_id__in": ids, "user__in": muted}
    # Each arm counts what its counter counts (Comment.counts, Bookmark.counts).
    kudos = _tally(Kudos.objects.filter(**mine), "kudos_count")
    comments = _tally(
        Comment.objects.filter(**mine, status=CommentStatus.PUBLISHED, deleted=False), "comment_count"
    )
    bookmarks = _tally(Bookmark.objects.filter(**mine, private=False), "bookmark_count")
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for work_id, counter, n in kudos.union(comments, bookmarks, all=True):
        counts[work_id][counter] = n
    return counts


def take_muted_from_counts(sender: type[Work], works: list[Work], reader: User | None, **kwargs) -> None:
    """blurbs_loaded's receiver: set Work.muted_counts on the works a logged-in reader is shown."""
    if reader is None:
        return
    counts = muted_counts([work.pk for work in works], reader)
    for work in works:
        if work.pk in counts:
            work.muted_counts = counts[work.pk]
