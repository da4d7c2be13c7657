"""Posting: the one way a work is created or changed, whoever describes it.

The posting forms, the import page, `ficshelf import` and the demo archive (and an
API, one day) describe a work as WorkFields and its chapters as ChapterFields —
plain values, no form behind them — and call create_work() or update_work(). Each
runs in one transaction, announces a newly posted work (works.signals), and hands
back a Work whose byline, tags and series read fresh.

Checking the input (tag names and limits, whose pseuds and series these are) comes
first and is the caller's: the forms do it for people. A form's one-time token stays
with the posting views, which answer a second submission with a redirect.
Chapters added, moved or removed later go through Work.place_chapter and
Work.remove_chapter.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ficshelf.accounts.models import Pseud, User
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Chapter, Series, Work
from ficshelf.works.models.work import TAG_ORDER, CommentPermission
from ficshelf.works.signals import work_published


@dataclass(frozen=True)
class NewSeries:
    """A series started together with the work; it belongs to the poster's pseuds on it."""

    title: str
    summary: str = ""


@dataclass(frozen=True)
class WorkFields:
    """What a work says about itself, who wrote it, and how it is tagged and grouped.

    `creators` is the byline in order: the poster's pseuds join it at once, other
    people's are invited and join once they accept (Creatorship). `tags` holds tag names by type in the author's
    order; a name is found or created (as "Name - Type" when another type has it).
    `series` lists the series the poster's work belongs to: their existing series, or
    NewSeries to start one. Leaving one of the poster's series out takes the work out
    of it; series of other people are left as they are. `comment_permission` and
    `moderate_guest_comments` say who may comment and whether guests' comments wait
    for a creator's approval (the community comment rules read them).
    """

    title: str
    creators: Sequence[Pseud]
    tags: Mapping[TagType, Sequence[str]]
    summary: str = ""
    notes_begin: str = ""
    notes_end: str = ""
    language: str = "en"
    restricted: bool = False
    expected_chapters: int | None = None
    series: Sequence[Series | NewSeries] = ()
    comment_permission: CommentPermission = CommentPermission.EVERYONE
    moderate_guest_comments: bool = False


@dataclass(frozen=True)
class ChapterFields:
    """A chapter's text and notes (HTML, cleaned again on save).

    `published_at` dates a chapter created posted, for works brought in with their
    history; by default it goes up with the work.
    """

    body: str
    title: str = ""
    summary: str = ""
    notes_begin: str = ""
    notes_end: str = ""
    published_at: datetime | None = None

    def apply_to(self, chapter: Chapter) -> Chapter:
        """Copy the text and notes onto `chapter` (unsaved: the caller places it)."""
        chapter.title = self.title.strip()
        chapter.summary = self.summary
        chapter.notes_begin = self.notes_begin
        chapter.notes_end = self.notes_end
        chapter.body = self.body
        return chapter


def create_work(
    fields: WorkFields,
    chapters: Sequence[ChapterFields],
    *,
    user: User,
    post: bool,
    published_at: datetime | None = None,
) -> Work:
    """A new work with its chapters in order, posted or saved as a draft only its creators see.

    `user` is who posts it. A posted work is announced once (`work_published`, not a
    `chapter_published` per chapter); `published_at` backdates it (default: now).
    """
    if not chapters:
        raise ValueError("A work needs at least one chapter.")
    posted_at = published_at or timezone.now()
    with transaction.atomic():
        work = Work(
            posted=post,
            published_at=posted_at if post else None,
            updated_at=posted_at if post else None,
        )
        _write(work, fields, user)
        for position, chapter in enumerate(chapters, start=1):
            chapter.apply_to(
                Chapter(
                    work=work,
                    position=position,
                    posted=post,
                    published_at=(chapter.published_at or posted_at) if post else None,
                )
            ).save()
        work.refresh_counts()
        if post:
            work_published.send(sender=Work, work=work)
    return work


def update_work(work: Work, fields: WorkFields, *, user: User, post: bool = False) -> Work:
    """Change a work's fields, creators, tags and series; with `post`, a draft is posted too.

    Its chapters stay as they are. Posting a draft publishes its draft chapters with it
    and announces the work once (Work.post).
    """
    with transaction.atomic():
        _write(work, fields, user)
        if post and not work.posted:
            work.post()
        else:
            work.refresh_counts()  # the planned chapter count may have changed
    return work


def _write(work: Work, fields: WorkFields, user: User) -> None:
    work.title = fields.title.strip()
    work.summary = fields.summary
    work.notes_begin = fields.notes_begin
    work.notes_end = fields.notes_end
    work.language = fields.language
    work.restricted = fields.restricted
    work.expected_chapters = fields.expected_chapters
    work.comment_permission = fields.comment_permission
    work.moderate_guest_comments = fields.moderate_guest_comments
    work.save()
    work.set_tags(
        {
            tag_type: [Tag.find_or_create(name, tag_type) for name in fields.tags.get(tag_type, ())]
            for tag_type in TAG_ORDER
        }
    )
    creators = list(dict.fromkeys(fields.creators))
    _write_creators(work, creators, user)
    _write_series(work, fields.series, user, [pseud for pseud in creators if pseud.user_id == user.pk])
    work.forget_loaded()


def _write_creators(work: Work, creators: list[Pseud], user: User) -> None:
    """The byline in this order: the poster's pseuds at once, anyone else's as an invitation.

    Whoever is already on the work keeps their standing (accepted or invited). Leaving
    out an invitee withdraws the invitation; leaving out another user's accepted pseud
    is refused, because only they may remove themselves (Work.remove_creator).
    """
    standing = dict(work.creatorships.values_list("pseud_id", "accepted"))
    kept = {pseud.pk for pseud in creators}
    dropped = work.creatorships.exclude(pseud__in=kept)
    if dropped.filter(accepted=True).exclude(pseud__user=user).exists():
        raise ValueError("Only a creator can take themselves off a work (Work.remove_creator).")
    dropped.delete()
    for position, pseud in enumerate(creators):
        accepted = pseud.user_id == user.pk or standing.get(pseud.pk, False)
        work.creatorships.update_or_create(pseud=pseud, defaults={"position": position, "accepted": accepted})


def _write_series(
    work: Work, entries: Sequence[Series | NewSeries], user: User, own_pseuds: list[Pseud]
) -> None:
    chosen = [entry for entry in entries if isinstance(entry, Series)]
    own = Series.objects.filter(pseuds__user=user).distinct()
    work.series_memberships.filter(series__in=own).exclude(series__in=chosen).delete()
    for entry in entries:
        if isinstance(entry, NewSeries):
            series = Series.objects.create(title=entry.title.strip(), summary=entry.summary)
            series.pseuds.set(own_pseuds)
        else:
            series = entry
        series.add_work(work)
