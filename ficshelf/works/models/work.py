"""The work with its creators and tags, its chapters' order and counts. Its queryset
(queryset.py) holds the one rule of who may see what: `Work.objects.visible_to`."""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.conf.global_settings import LANGUAGES
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from ficshelf.accounts.models import Pseud, User
from ficshelf.reversing import cached_reverse
from ficshelf.tags.filtering import rebuild_for_works as rebuild_filter_index
from ficshelf.tags.models import ADULT_RATINGS, Tag, TagType
from ficshelf.works.models.chapter import Chapter
from ficshelf.works.models.creatorship import Creatorship
from ficshelf.works.models.queryset import WorkQuerySet
from ficshelf.works.models.sanitized import SanitizedHTMLModel, version_field
from ficshelf.works.signals import chapter_published, work_published

if TYPE_CHECKING:
    from ficshelf.works.models.series import SeriesWork

LANGUAGE_CHOICES = sorted(
    ((code, LANG_INFO.get(code, {}).get("name_local", name)) for code, name in LANGUAGES),
    key=lambda pair: pair[1].lower(),
)
TAG_ORDER = [
    TagType.RATING,
    TagType.WARNING,
    TagType.CATEGORY,
    TagType.FANDOM,
    TagType.RELATIONSHIP,
    TagType.CHARACTER,
    TagType.FREEFORM,
]


class CommentPermission(models.TextChoices):
    EVERYONE = "everyone", "Registered users and guests can comment"
    REGISTERED = "registered", "Only registered users can comment"
    NOBODY = "nobody", "No one can comment"


class Work(SanitizedHTMLModel):
    """A story: its metadata here, its text in chapters.

    On PostgreSQL the works table also has a column this model doesn't declare:
    `filter_tag_ids bigint[]`, the ids of every tag the work reaches (a copy of its
    filter index rows, tags.FilterTagging), GIN-indexed as `work_filter_tag_ids`. Search
    migration 0003 (ficshelf/search/migrations/0003_postgres_listing_indexes.py) adds it
    with the statement-level triggers `search_filter_tag_ids_insert` / `_delete` on
    tags_filtertagging that keep it equal to the filter index, whoever writes that. Only
    the search backend reads it (the `id__reaches_all_tags` / `id__reaches_any_tag`
    lookups). It is not a model field: SQLite has no arrays, and the trigger, not the
    ORM, writes it. SQLite filters through tags_filtertagging itself.
    """

    sanitized_fields = ("summary", "notes_begin", "notes_end")

    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    summary_sanitizer_version = version_field()
    notes_begin = models.TextField(blank=True)
    notes_begin_sanitizer_version = version_field()
    notes_end = models.TextField(blank=True)
    notes_end_sanitizer_version = version_field()
    language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES, default="en")
    restricted = models.BooleanField(
        "Only show to registered users", default=False, help_text="Guests will not see this work."
    )
    expected_chapters = models.PositiveIntegerField(null=True, blank=True)
    complete = models.BooleanField(default=False, editable=False)
    posted = models.BooleanField(default=False, db_index=True)
    hidden = models.BooleanField(
        default=False, help_text="Hidden by a moderator: only its creators and moderators see it."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True, db_index=True)
    revised_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    chapter_count = models.PositiveIntegerField(default=0, editable=False)
    # Counters that blurbs show and sorts use; the community app keeps them up to date.
    kudos_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    bookmark_count = models.PositiveIntegerField(default=0, editable=False)
    hit_count = models.PositiveIntegerField(default=0, editable=False)
    comment_permission = models.CharField(
        "Who can comment on this work",
        max_length=12,
        choices=CommentPermission.choices,
        default=CommentPermission.EVERYONE,
    )
    moderate_guest_comments = models.BooleanField("Hold guest comments for my approval", default=False)
    tags: models.ManyToManyField[Tag, "Tagging"] = models.ManyToManyField(
        Tag, through="Tagging", related_name="works"
    )

    objects = WorkQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        # One index per sort of the works listings (id breaks ties), so the first page of a
        # million works walks an index and stops, whichever sort a reader picks.
        indexes = [
            *(
                models.Index(fields=[column, "id"], name=f"work_by_{column}")
                for column in (
                    "updated_at",
                    "published_at",
                    "word_count",
                    "kudos_count",
                    "comment_count",
                    "bookmark_count",
                    "hit_count",
                )
            ),
            models.Index(Lower("title"), "id", name="work_by_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("works:work", work_id=self.pk)

    # Creators and permissions
    loaded_byline: list[Pseud] | None = None  # set by for_blurbs()
    loaded_series_parts: list["SeriesWork"] | None = None  # set by for_blurbs()
    # What the reader's mutes take from the counters ({"kudos_count": 1, …}), set for the
    # reader for_blurbs() loads for by a blurbs_loaded receiver (community's).
    muted_counts: Mapping[str, int] = {}
    # Set on search results by the listings' WorkFilter: the best matching chunk.
    search_chapter_id: int | None
    search_snippet: str

    @property
    def reader_counts(self) -> dict[str, int]:
        """The counters as the reader sees them: without what people they muted left."""
        muted = self.muted_counts
        return {
            "comments": self.comment_count - muted.get("comment_count", 0),
            "kudos": self.kudos_count - muted.get("kudos_count", 0),
            "bookmarks": self.bookmark_count - muted.get("bookmark_count", 0),
            "hits": self.hit_count,
        }

    def creator_pseuds(self) -> list[Pseud]:
        """The byline: the creators' pseuds, with their users, in order (invitees only once they accept)."""
        if self.loaded_byline is None:
            creatorships = self.creatorships.accepted().select_related("pseud__user").order_by("position")
            return [creatorship.pseud for creatorship in creatorships]
        return self.loaded_byline

    def series_parts(self) -> list["SeriesWork"]:
        """The series this work is part of, with their titles."""
        if self.loaded_series_parts is None:
            return list(self.series_memberships.select_related("series"))
        return self.loaded_series_parts

    def creator_users(self) -> list[User]:
        seen: dict[int, User] = {}
        for pseud in self.creator_pseuds():
            seen.setdefault(pseud.user_id, pseud.user)
        return list(seen.values())

    def is_creator(self, user: User | None) -> bool:
        if user is None or not user.is_authenticated:
            return False
        return any(pseud.user_id == user.pk for pseud in self.creator_pseuds())

    def editable_by(self, user: User | None) -> bool:
        return self.is_creator(user)

    def remove_creator(self, user: User) -> None:
        """Take `user` off the byline ("Remove Me As Co-Creator"): creators remove only
        themselves, and the last one can't leave. Raises ValidationError saying why not."""
        with transaction.atomic():
            # Two creators leaving at once take turns on the work's row, so one of them stays.
            Work.objects.select_for_update().filter(pk=self.pk).exists()
            creators = Creatorship.objects.accepted().filter(work=self)
            if not creators.filter(pseud__user=user).exists():
                raise ValidationError("You are not one of this work's creators.")
            if not creators.exclude(pseud__user=user).exists():
                raise ValidationError(
                    "You are this work's only creator, so you can't remove yourself from it. "
                    "Delete the work instead."
                )
            self.creatorships.filter(pseud__user=user).delete()
            self.mark_revised()

    def mark_revised(self) -> None:
        """Note a change that lives beside the work (its byline): search reindexes it, and
        what is keyed on its revision is built again."""
        self.save(update_fields=["revised_at"])
        self.forget_loaded()

    # Tags
    @cached_property
    def tags_by_type(self) -> dict[str, list[Tag]]:
        """{type: tags} in the author's order; templates read work.tags_by_type.Fandom."""
        taggings = self.taggings.select_related("tag").order_by("position")
        return self.group_tags([tagging.tag for tagging in taggings])

    @staticmethod
    def group_tags(tags: list[Tag]) -> dict[str, list[Tag]]:
        groups: dict[str, list[Tag]] = {tag_type.value: [] for tag_type in TAG_ORDER}
        for tag in tags:
            groups.setdefault(tag.type, []).append(tag)
        return groups

    def tags_of(self, tag_type: str) -> list[Tag]:
        return self.tags_by_type.get(tag_type, [])

    def tags_in_order(self) -> list[tuple[str, list[Tag]]]:
        """(type label, tags) in AO3's order, leaving out empty types."""
        return [(TagType(t).label, tags) for t in TAG_ORDER if (tags := self.tags_of(t))]

    @property
    def rating(self) -> Tag | None:
        ratings = self.tags_of(TagType.RATING)
        return ratings[0] if ratings else None

    @property
    def is_adult(self) -> bool:
        rating = self.rating
        return rating is None or rating.name in ADULT_RATINGS

    def set_tags(self, tags_by_type: Mapping[TagType, Sequence[Tag]]) -> None:
        """Replace the work's tags with these, keeping the given order."""
        self.taggings.all().delete()
        rows, position = [], 0
        for tag_type in TAG_ORDER:
            for tag in tags_by_type.get(tag_type, []):
                rows.append(Tagging(work=self, tag=tag, position=position))
                position += 1
        Tagging.objects.bulk_create(rows)
        rebuild_filter_index([self.pk])  # bulk_create sends no signals; the filter index follows here
        self.forget_loaded()

    def forget_loaded(self) -> None:
        """Drop what was loaded with this object (tags, byline, series parts, prefetches),
        so what is read after a change comes from the database."""
        for name in ("tags_by_type", "_prefetched_objects_cache"):
            self.__dict__.pop(name, None)
        self.loaded_byline = self.loaded_series_parts = None
        self.muted_counts = {}

    # Chapters and counts
    def visible_chapters_queryset(self, user: User | None) -> models.QuerySet[Chapter]:
        """The rule behind chapters_visible_to, as a queryset (downloads key caches on it)."""
        chapters = self.chapters.order_by("position", "id")
        if not self.is_creator(user):
            chapters = chapters.filter(posted=True)
        return chapters

    def chapters_visible_to(self, user: User | None) -> list["Chapter"]:
        """Posted chapters in order; creators also see their draft chapters."""
        chapters = list(self.visible_chapters_queryset(user))
        for number, chapter in enumerate(chapters, start=1):
            chapter.number = number
        return chapters

    def chapters_label(self) -> str:
        """AO3's "2/?" or "3/3"."""
        expected = self.expected_chapters if self.expected_chapters else "?"
        return f"{self.chapter_count}/{expected}"

    def refresh_counts(self) -> None:
        """Recount words and chapters from the chapters that readers can see."""
        chapters = self.chapters.filter(posted=True) if self.posted else self.chapters.all()
        totals = chapters.aggregate(words=Sum("word_count"), count=models.Count("id"))
        self.word_count = totals["words"] or 0
        self.chapter_count = totals["count"] or 0
        if self.expected_chapters is not None and self.expected_chapters < self.chapter_count:
            self.expected_chapters = self.chapter_count
        self.complete = self.expected_chapters is not None and self.chapter_count >= self.expected_chapters
        latest = chapters.filter(published_at__isnull=False).aggregate(latest=models.Max("published_at"))
        if self.posted:
            self.updated_at = max(filter(None, [latest["latest"], self.published_at]), default=timezone.now())
        self.save(
            update_fields=["word_count", "chapter_count", "expected_chapters", "complete", "updated_at"]
        )

    def renumber_chapters(self, ordered_ids: list[int] | None = None) -> None:
        """Give chapters positions 1..n, in `ordered_ids` order when given."""
        chapters = list(self.chapters.order_by("position", "id").values_list("pk", "position"))
        if ordered_ids is not None:
            rank = {pk: index for index, pk in enumerate(ordered_ids)}
            chapters.sort(key=lambda row: rank.get(row[0], len(rank)))
        with transaction.atomic():
            for position, (pk, old_position) in enumerate(chapters, start=1):
                if old_position != position:
                    Chapter.objects.filter(pk=pk).update(position=position)

    def place_chapter(self, chapter: Chapter, position: int, *, publish: bool = False) -> Chapter:
        """Save a new or edited chapter as number `position` (from 1), renumber the rest, recount.

        With `publish`, a draft chapter of a posted work goes up for readers and is
        announced (`chapter_published`); a draft work's chapters are posted with it.
        """
        publishing = publish and self.posted and not chapter.posted
        with transaction.atomic():
            if publishing:
                chapter.posted, chapter.published_at = True, timezone.now()
            chapter.work = self
            chapter.save()
            others = self.chapters.exclude(pk=chapter.pk).order_by("position", "id")
            ordered_ids = list(others.values_list("pk", flat=True))
            ordered_ids.insert(position - 1, chapter.pk)
            self.renumber_chapters(ordered_ids)
            self.refresh_counts()
            if publishing:
                chapter_published.send(sender=Chapter, chapter=chapter)
        return chapter

    def remove_chapter(self, chapter: Chapter) -> None:
        """Delete one of the work's chapters, close the gap in the numbering and recount."""
        with transaction.atomic():
            chapter.delete()
            self.renumber_chapters()
            self.refresh_counts()

    def post(self) -> None:
        """Publish a draft work together with its draft chapters."""
        now = timezone.now()
        with transaction.atomic():
            self.chapters.filter(posted=False).update(posted=True, published_at=now)
            self.posted = True
            self.published_at = self.published_at or now
            self.save()
            self.refresh_counts()
            work_published.send(sender=Work, work=self)

    def series_links(self, user: User | None) -> list[dict]:
        """For each series holding this work: its part number and visible neighbours."""
        links = []
        for membership in self.series_memberships.select_related("series"):
            parts = list(membership.series.works_visible_to(user))
            ids = [w.pk for w in parts]
            if self.pk not in ids:
                continue
            index = ids.index(self.pk)
            links.append(
                {
                    "series": membership.series,
                    "part": index + 1,
                    "previous": parts[index - 1] if index > 0 else None,
                    "next": parts[index + 1] if index + 1 < len(parts) else None,
                }
            )
        return links


class Tagging(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="taggings")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="taggings")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work", "tag"], name="tagging_unique")]

    def __str__(self) -> str:
        return f"{self.tag} on {self.work}"
