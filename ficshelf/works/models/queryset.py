"""Work.objects: the one rule of who may see which works (`visible_to`), the works in a
tag, and works loaded for blurbs."""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

from ficshelf.accounts.models import Pseud, User
from ficshelf.tags.models import FilterTagging, Tag

if TYPE_CHECKING:
    from ficshelf.works.models.work import Work  # noqa: F401 (named in QuerySet["Work"])


class WorkQuerySet(models.QuerySet["Work"]):
    def visible_to(self, user: User | None) -> "WorkQuerySet":
        """The works `user` may see: the rule every page, list, count and feed starts from.

        Guests see posted, public, unhidden works. Logged-in users also see restricted
        works; moderators also see hidden ones; creators see all of their own, drafts too.
        Works with a creator the user muted are gone for them, so no count or facet
        built on this queryset includes them (unless the user co-created the work).
        """
        if user is None or not user.is_authenticated:
            return self.filter(posted=True, hidden=False, restricted=False)
        return self.filter(_readable_by(user.pk, user.is_moderator))

    def visible_to_each(self, reader: OuterRef) -> "WorkQuerySet":
        """visible_to() for the logged-in reader an outer query names on each of its rows.

        `reader` is that query's user id column (OuterRef("recipient_id")), so one query
        applies the rule to many readers at once: each notification's recipient, in
        the inbox and in a batch of digest mails alike.
        """
        moderator = Exists(User.objects.filter(pk=OuterRef(reader), is_staff=True))  # User.is_moderator
        return self.filter(_readable_by(reader, moderator))

    def created_by(self, creator: User | Pseud) -> "WorkQuerySet":
        """The works a user (any of their pseuds) or one pseud created: their pages and feeds.
        Invitations they have not accepted don't count. Chain it after visible_to(reader)."""
        from ficshelf.works.models.creatorship import Creatorship  # it imports this module

        mine = Creatorship.objects.accepted().filter(work=OuterRef("pk"))
        if isinstance(creator, Pseud):
            return self.filter(Exists(mine.filter(pseud=creator)))
        return self.filter(Exists(mine.filter(pseud__user=creator)))

    def in_tag(self, tag: Tag) -> "WorkQuerySet":
        """The works in `tag`: the one meaning its works page, feeds, catalog and subscribers share.

        A work is in a tag when its filter index rows (ficshelf/tags/filtering.py) reach the
        tag's canonical: tagged with it, with one of its synonyms, or with a subtag below it.
        Chain it after visible_to(user). (On PostgreSQL the listings read the same rows from
        the works' filter_tag_ids arrays: see Work.)
        """
        return self.filter(pk__in=FilterTagging.objects.filter(tag=tag.filterable).values("work_id"))

    # The reader for_blurbs() loads for, kept through filtering (_clone) for WorksForBlurbs.
    blurb_reader: User | None = None

    def for_blurbs(self, reader: User | None) -> "WorkQuerySet":
        """Everything a blurb shows to `reader`, in a fixed number of queries whatever the page size.

        Series parts are numbered among the parts `reader` may see, and apps above works
        adjust what depends on the reader (works.signals.blurbs_loaded).
        """
        from ficshelf.works.models.blurbs import WorksForBlurbs  # it imports this module

        works = self.all()
        works._iterable_class = WorksForBlurbs
        works.blurb_reader = reader if reader is not None and reader.is_authenticated else None
        return works

    def _clone(self) -> "WorkQuerySet":
        clone = super()._clone()  # type: ignore[misc]
        clone.blurb_reader = self.blurb_reader
        return clone


def _readable_by(reader: int | OuterRef, moderator: bool | Exists) -> Q:
    """visible_to's rule for a logged-in reader: a user id, or an outer query's column of them.

    Posted (and not hidden, unless a moderator reads) with no creator the reader muted;
    or co-created by the reader, whatever its state.
    """
    from ficshelf.works.models.creatorship import Creatorship  # it imports this module

    # The creatorship subqueries sit one level below the works, so an outer column is one further out.
    who = OuterRef(reader) if isinstance(reader, OuterRef) else reader
    creators = Creatorship.objects.accepted().filter(work=OuterRef("pk"))
    own = creators.filter(Q(pseud__user=who))
    muted = creators.filter(Q(pseud__user__muted_by__muter=who))
    if isinstance(moderator, bool):
        readable = Q(posted=True) if moderator else Q(posted=True, hidden=False)
    else:
        readable = Q(posted=True) & (Q(hidden=False) | Q(moderator))
    return (readable & ~Exists(muted)) | Exists(own)
