"""Tags as AO3 has them: typed, canonical or not, synonyms, parents and metatags.

A tag a reader filters by reaches works through its synonyms and subtags; that
reach is stored (TagReach) and expanded per work into the filter index
(FilterTagging), which listings and search read. See ficshelf/tags/filtering.py.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower

from ficshelf.reversing import cached_reverse

MAX_TAG_LENGTH = 100


class TagType(models.TextChoices):
    RATING = "Rating", "Rating"
    WARNING = "ArchiveWarning", "Archive Warning"
    CATEGORY = "Category", "Category"
    FANDOM = "Fandom", "Fandom"
    RELATIONSHIP = "Relationship", "Relationship"
    CHARACTER = "Character", "Character"
    FREEFORM = "Freeform", "Additional Tags"
    MEDIA = "Media", "Media"


# The tags an archive starts with: AO3's ratings, warnings and categories.
RATINGS = ["Not Rated", "General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]
ADULT_RATINGS = {"Not Rated", "Mature", "Explicit"}
WARNINGS = [
    "Creator Chose Not To Use Archive Warnings",
    "Graphic Depictions Of Violence",
    "Major Character Death",
    "No Archive Warnings Apply",
    "Rape/Non-Con",
    "Underage Sex",
]
CATEGORIES = ["F/F", "F/M", "Gen", "M/M", "Multi", "Other"]
# AO3 caps the tags authors fill in freely (fandoms, relationships, characters,
# freeforms) at 75 per work.
MAX_USER_TAGS = 75
# AO3's media, the parents of fandoms.
MEDIA = [
    "Anime & Manga",
    "Books & Literature",
    "Cartoons & Comics & Graphic Novels",
    "Celebrities & Real People",
    "Movies",
    "Music & Bands",
    "Other Media",
    "Theater",
    "TV Shows",
    "Video Games",
    "Uncategorized Fandoms",
]
# Which types may be a tag's parent: a fandom's media, a character's fandom, …
PARENT_TYPES: dict[str, tuple[str, ...]] = {
    TagType.FANDOM: (TagType.MEDIA,),
    TagType.CHARACTER: (TagType.FANDOM,),
    TagType.RELATIONSHIP: (TagType.FANDOM, TagType.CHARACTER),
    TagType.FREEFORM: (TagType.FANDOM,),
}
# Types a wrangler sorts into fandoms.
WRANGLED_IN_FANDOMS = (TagType.CHARACTER, TagType.RELATIONSHIP, TagType.FREEFORM)


def clean_tag_name(name: str) -> str:
    """Normalize what an author typed: NFC, single spaces, no commas."""
    name = unicodedata.normalize("NFC", name)
    return re.sub(r"\s+", " ", name).strip()


def split_tag_list(value: str) -> list[str]:
    """Split a comma-separated field into clean, distinct names, keeping the author's order."""
    seen: set[str] = set()
    names = []
    for part in value.replace("，", ",").split(","):
        name = clean_tag_name(part)
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def type_suffix(tag_type: str) -> str:
    """What a name already taken by another type gets, as on AO3: " - Character"."""
    return f" - {TagType(tag_type).label.rstrip('s')}"


def _candidate_names(name: str, tag_type: str) -> tuple[str, str]:
    """The names a tag typed as `name` may have: the name, else the name with its type's suffix."""
    name = clean_tag_name(name)
    return name, name + type_suffix(tag_type)


def validate_tag_name(name: str, tag_type: str | None = None) -> None:
    """Refuse a name no tag may have, or (given `tag_type`) no tag of that type.

    A name ending in another type's suffix is refused: "X - Character" is kept for the
    character X, so nobody can block it by making it a freeform first.
    """
    if len(name) > MAX_TAG_LENGTH:
        raise ValidationError(
            f"“{name[:30]}…” is too long: a tag may have at most {MAX_TAG_LENGTH} characters."
        )
    if not any(ch.isalnum() for ch in name):
        raise ValidationError(f"“{name}” needs at least one letter or digit to be a tag.")
    for other in TagType if tag_type else ():
        suffix = type_suffix(other)
        if other != tag_type and name.lower().endswith(suffix.lower()):
            raise ValidationError(
                f"“{name}” ends in “{suffix}”, which is kept for tags of the type "
                f"{other.label.rstrip('s')}. Leave out “{suffix}”, or add the tag as that type."
            )


class TagQuerySet(models.QuerySet["Tag"]):
    def of_type(self, tag_type: str) -> "TagQuerySet":
        return self.filter(type=tag_type)

    def named(self, name: str) -> "TagQuerySet":
        """The tag a /tags/NAME address names: names are unique case-insensitively."""
        return self.filter(name__iexact=name)

    def candidates_for(self, typed_names: Iterable[tuple[str, str]]) -> dict[str, "Tag"]:
        """The tags Tag.resolve may find for these (name, type) pairs, by lower-case name, in
        one query (a form checks up to 75 names)."""
        wanted = {
            candidate.lower()
            for name, tag_type in typed_names
            for candidate in _candidate_names(name, tag_type)
        }
        tags = self.annotate(lower_name=Lower("name")).filter(lower_name__in=wanted)
        return {tag.name.lower(): tag for tag in tags}

    def unwrangled(self) -> "TagQuerySet":
        """Tags no wrangler has looked at: neither canonical nor a synonym."""
        return self.filter(canonical=False, merger__isnull=True)


class Tag(models.Model):
    name = models.CharField(max_length=MAX_TAG_LENGTH + 20)
    type = models.CharField(max_length=20, choices=TagType.choices, db_index=True)
    canonical = models.BooleanField(default=False, help_text="A common tag: the one name readers filter by.")
    merger = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="synonyms",
        verbose_name="synonym of",
        help_text="The canonical tag this one is a synonym of.",
    )
    parents: models.ManyToManyField["Tag", "CommonTagging"] = models.ManyToManyField(
        "self",
        through="CommonTagging",
        through_fields=("child", "parent"),
        symmetrical=False,
        related_name="children",
        blank=True,
    )
    meta_tags: models.ManyToManyField["Tag", "MetaTagging"] = models.ManyToManyField(
        "self",
        through="MetaTagging",
        through_fields=("sub_tag", "meta_tag"),
        symmetrical=False,
        related_name="sub_tags",
        blank=True,
    )
    # While a background job re-indexes the works a wrangling change touched, the tag
    # page says "updating N works"; the job sets it back to 0.
    reindexing_works = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # One name, one tag, across types, so /tags/NAME is never ambiguous.
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_name_ci_unique")]
        permissions = [("wrangle_tag", "Can wrangle tags")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("tags:tag", name=self.name)

    def works_url(self) -> str:
        """The tag's works listing, /tags/NAME/works."""
        return cached_reverse("listings:tag_works", name=self.name)

    @property
    def filterable(self) -> "Tag":
        """The tag readers filter by for this one: its canonical if it is a synonym."""
        return self.merger or self

    @property
    def wrangled(self) -> bool:
        if not (self.canonical or self.merger_id):
            return False
        return self.type not in WRANGLED_IN_FANDOMS or self.parents.filter(type=TagType.FANDOM).exists()

    @classmethod
    def resolve(cls, name: str, tag_type: str, existing: Mapping[str, "Tag"] | None = None) -> "Tag":
        """The tag an author means by `name` in a field of `tag_type`; unsaved if it is new.

        A name already used by another type means the tag "Name - Type", as on AO3, so
        a character can share a name with a fandom. ValidationError if both are taken
        by other types (possible only for tags from before validate_tag_name kept the
        suffixes), so forms can say so before anything is saved. `existing` (from
        Tag.objects.candidates_for) saves a query per name.
        """
        name, suffixed = _candidate_names(name, tag_type)
        for candidate in (name, suffixed):
            if existing is None:
                tag = cls.objects.named(candidate).first()
            else:
                tag = existing.get(candidate.lower())
            if tag is None:
                return cls(name=candidate, type=tag_type)
            if tag.type == tag_type:
                return tag
        raise ValidationError(
            f"“{name}” and “{suffixed}” are both tags of other types already. "
            "Name this tag differently, or ask a tag wrangler."
        )

    @classmethod
    def find_or_create(cls, name: str, tag_type: str) -> "Tag":
        """The tag Tag.resolve names, created if it is new."""
        # A concurrent request may take a candidate name meanwhile; looking again finds it
        # (or moves on to the next candidate), so this loops at most once per candidate.
        while True:
            tag = cls.resolve(name, tag_type)
            if tag.pk is not None:
                return tag
            try:
                with transaction.atomic():
                    tag.save()
            except IntegrityError:
                continue
            return tag

    # Wrangling rules. Each checks first and raises ValidationError with a message a
    # wrangler can act on; ficshelf.tags.wrangling applies them and re-indexes.

    def check_canonical(self, canonical: bool) -> None:
        if canonical and self.merger is not None:
            raise ValidationError(
                f"“{self.name}” is a synonym of “{self.merger.name}”; remove the synonym link "
                "before making it canonical."
            )
        if not canonical and self.canonical:
            if self.synonyms.exists():
                raise ValidationError(f"“{self.name}” has synonyms; it must stay canonical.")
            if self.sub_tags.exists() or self.meta_tags.exists():
                raise ValidationError(
                    f"“{self.name}” has metatags or subtags; remove them before un-canonizing it."
                )
            if self.children.exists():
                raise ValidationError(f"“{self.name}” has child tags; it must stay canonical.")

    def check_merger(self, canonical: "Tag") -> None:
        if canonical.pk == self.pk:
            raise ValidationError(f"“{self.name}” can't be a synonym of itself.")
        if not canonical.canonical:
            raise ValidationError(
                f"“{canonical.name}” isn't canonical; a tag can only be a synonym of a canonical tag."
            )
        if canonical.type != self.type:
            raise ValidationError(
                f"“{self.name}” is a {self.get_type_display()} tag and “{canonical.name}” a "
                f"{canonical.get_type_display()} tag; synonyms must have the same type."
            )
        if self.canonical:
            raise ValidationError(f"“{self.name}” is canonical; un-canonize it before making it a synonym.")

    def check_parent(self, parent: "Tag") -> None:
        allowed = PARENT_TYPES.get(self.type, ())
        if parent.type not in allowed:
            kinds = " or ".join(TagType(t).label for t in allowed) or "no"
            raise ValidationError(
                f"A {self.get_type_display()} tag can have {kinds} parents, "
                f"not “{parent.name}” ({parent.get_type_display()})."
            )
        if not parent.canonical:
            raise ValidationError(f"“{parent.name}” isn't canonical; only canonical tags can be parents.")

    def check_meta_tag(self, meta: "Tag") -> None:
        if meta.pk == self.pk:
            raise ValidationError(f"“{self.name}” can't be its own metatag.")
        if not (self.canonical and meta.canonical):
            raise ValidationError("Metatags and subtags must both be canonical.")
        if meta.type != self.type:
            raise ValidationError(
                f"“{meta.name}” is a {meta.get_type_display()} tag; a metatag must have the same "
                f"type as its subtag ({self.get_type_display()})."
            )
        # A loop would make every tag in it reach every other.
        if meta.pk in set(TagReach.objects.filter(target=self).values_list("source_id", flat=True)):
            raise ValidationError(f"“{meta.name}” is already a subtag of “{self.name}”.")


class CommonTagging(models.Model):
    """A parent link: a fandom's characters, a medium's fandoms (AO3's common taggings)."""

    child = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="child_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "parent"], name="common_tagging_unique")]

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"


class MetaTagging(models.Model):
    """`meta_tag` includes `sub_tag`: filtering by the metatag finds the subtag's works."""

    meta_tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="sub_tag_links")
    sub_tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="meta_tag_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meta_tag", "sub_tag"], name="meta_tagging_unique")]

    def __str__(self) -> str:
        return f"{self.meta_tag} ⊃ {self.sub_tag}"


class TagReach(models.Model):
    """`source` reaches `target`: its canonical, and every metatag above that, transitively.

    Only wrangled tags have rows; a tag always reaches itself, which is not stored.
    """

    pk = models.CompositePrimaryKey("source", "target")
    source = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["target", "source"], name="tag_reach_target")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class FilterTagging(models.Model):
    """The filter index: a work and every tag it reaches through its own tags.

    Like AO3's filter_taggings: a work tagged "William the Bloody" (a synonym of
    "Spike", a subtag of "Vampires") has rows for all three, so any of them finds it.
    Rebuilt per work when its tags change, and in the background after wrangling.
    """

    pk = models.CompositePrimaryKey("tag", "work")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    work = models.ForeignKey("works.Work", on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["work", "tag"], name="filter_tagging_work")]

    def __str__(self) -> str:
        return f"work {self.work_id} → tag {self.tag_id}"
