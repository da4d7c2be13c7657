"""Typed tags, with AO3's type names. Wrangling (synonyms, metatags) builds on this."""

import re
import unicodedata
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower

MAX_TAG_LENGTH = 100


class TagType(models.TextChoices):
    RATING = "Rating", "Rating"
    WARNING = "ArchiveWarning", "Archive Warning"
    CATEGORY = "Category", "Category"
    FANDOM = "Fandom", "Fandom"
    RELATIONSHIP = "Relationship", "Relationship"
    CHARACTER = "Character", "Character"
    FREEFORM = "Freeform", "Additional Tags"


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
FIXED_TAGS = {TagType.RATING: RATINGS, TagType.WARNING: WARNINGS, TagType.CATEGORY: CATEGORIES}
# Types that authors fill in freely; AO3 caps these at 75 per work.
USER_TYPES = (TagType.FANDOM, TagType.RELATIONSHIP, TagType.CHARACTER, TagType.FREEFORM)
MAX_USER_TAGS = 75


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


def validate_tag_name(name: str) -> None:
    if len(name) > MAX_TAG_LENGTH:
        raise ValidationError(
            f"“{name[:30]}…” is too long: a tag may have at most {MAX_TAG_LENGTH} characters."
        )
    if not any(ch.isalnum() for ch in name):
        raise ValidationError(f"“{name}” needs at least one letter or digit to be a tag.")


class TagQuerySet(models.QuerySet):
    def of_type(self, tag_type: str) -> "TagQuerySet":
        return self.filter(type=tag_type)

    def named_in_url(self, segment: str) -> "TagQuerySet":
        """The tag a /tags/NAME path segment names (already percent-decoded by Django)."""
        return self.filter(name__iexact=unescape_tag_name(segment))


class Tag(models.Model):
    name = models.CharField(max_length=MAX_TAG_LENGTH + 20)
    type = models.CharField(max_length=20, choices=TagType.choices, db_index=True)
    canonical = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # One name, one tag, across types, so /tags/NAME is never ambiguous.
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_name_ci_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/tags/{escape_tag_name(self.name)}"

    @classmethod
    def find_or_create(cls, name: str, tag_type: str) -> "Tag":
        """The tag an author means by `name` in a field of `tag_type`.

        A name already used by another type gets its own tag "Name - Type", as AO3
        does, so a character can share a name with a fandom.
        """
        name = clean_tag_name(name)
        for candidate in (name, f"{name} - {TagType(tag_type).label.rstrip('s')}"):
            tag = cls.objects.filter(name__iexact=candidate).first()
            if tag is None:
                try:
                    with transaction.atomic():
                        return cls.objects.create(name=candidate, type=tag_type)
                except IntegrityError:  # created by a concurrent request
                    tag = cls.objects.get(name__iexact=candidate)
            if tag.type == tag_type:
                return tag
        raise ValidationError(f"“{name}” is already a tag of another type.")


# AO3's escapes for characters that would break a path segment.
_URL_ESCAPES = [("/", "*s*"), ("&", "*a*"), (".", "*d*"), ("?", "*q*"), ("#", "*h*")]


def escape_tag_name(name: str) -> str:
    """A tag name as a URL path segment: AO3's *s* escapes, the rest percent-encoded."""
    for char, escape in _URL_ESCAPES:
        name = name.replace(char, escape)
    return quote(name, safe="*")


def unescape_tag_name(segment: str) -> str:
    """Undo escape_tag_name on a path segment Django has already percent-decoded."""
    for char, escape in reversed(_URL_ESCAPES):
        segment = segment.replace(escape, char)
    return segment
