"""Posting forms. Each validates everything before a view writes anything."""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from ficshelf.accounts.models import Pseud, User
from ficshelf.tags.models import (
    CATEGORIES,
    MAX_USER_TAGS,
    RATINGS,
    WARNINGS,
    Tag,
    TagType,
    split_tag_list,
    validate_tag_name,
)
from ficshelf.text import html_from_input, sanitize, visible_text
from ficshelf.works.models import Chapter, Series, Work
from ficshelf.works.models.work import LANGUAGE_CHOICES, CommentPermission

FORMAT_CHOICES = [("html", "HTML (line breaks become paragraphs)"), ("plain", "Plain text")]
NOTES_LIMIT = 5000
SUMMARY_LIMIT = 1250


class TokenField(forms.CharField):
    """The one-time token that makes a double-submitted form post only once."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def clean(self, value: str) -> uuid.UUID:
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise ValidationError(
                "This form was tampered with or has expired. Please check it and submit it again."
            ) from None


def _html_field(label: str, limit: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limit,
        error_messages={
            "max_length": f"{label} may have at most {limit:,} characters (it has %(show_value)s)."
        },
        **kwargs,
    )


class TextFormatMixin:
    """Turns the HTML fields named in `html_fields` into sanitized HTML on clean."""

    html_fields: tuple[str, ...] = ()

    def clean(self) -> dict:
        cleaned = super().clean()
        text_format = cleaned.get("text_format") or "html"
        for name in self.html_fields:
            if cleaned.get(name):
                cleaned[name] = sanitize(html_from_input(cleaned[name], text_format))
        return cleaned


class ChapterFieldsForm(TextFormatMixin, forms.Form):
    """A chapter's own fields; also the first chapter on the new-work form."""

    html_fields = ("chapter_summary", "chapter_notes_begin", "chapter_notes_end", "body")

    chapter_title = forms.CharField(label="Chapter title", required=False, max_length=255)
    chapter_summary = _html_field("Chapter summary", SUMMARY_LIMIT)
    chapter_notes_begin = _html_field("Chapter notes", NOTES_LIMIT)
    chapter_notes_end = _html_field("Chapter end notes", NOTES_LIMIT)
    text_format = forms.ChoiceField(
        label="Text format", choices=FORMAT_CHOICES, initial="html", widget=forms.RadioSelect
    )
    body = forms.CharField(
        label="Chapter text",
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={"required": "The chapter text is empty. Write or paste the chapter."},
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        limit = settings.FICSHELF_MAX_CHAPTER_CHARS
        if len(body) > limit:
            raise ValidationError(
                f"This chapter has {len(body):,} characters; a chapter may have at most {limit:,}. "
                "Split it into two chapters."
            )
        return body

    def clean(self) -> dict:
        cleaned = super().clean()
        if "body" in cleaned and not visible_text(cleaned["body"]).strip():
            self.add_error(
                "body",
                "The chapter text is empty once unsafe HTML (such as scripts) is removed. "
                "Write or paste the chapter.",
            )
        return cleaned

    def apply_to(self, chapter: Chapter) -> Chapter:
        data = self.cleaned_data
        chapter.title = data["chapter_title"].strip()
        chapter.summary = data["chapter_summary"]
        chapter.notes_begin = data["chapter_notes_begin"]
        chapter.notes_end = data["chapter_notes_end"]
        chapter.body = data["body"]
        return chapter

    @classmethod
    def initial_for(cls, chapter: Chapter) -> dict:
        return {
            "chapter_title": chapter.title,
            "chapter_summary": chapter.summary,
            "chapter_notes_begin": chapter.notes_begin,
            "chapter_notes_end": chapter.notes_end,
            "body": chapter.body,
            "text_format": "html",
        }


class ChapterForm(ChapterFieldsForm):
    """Adding or editing a chapter of an existing work."""

    form_token = TokenField()
    position = forms.IntegerField(
        label="Chapter position", error_messages={"invalid": "Enter the chapter's position as a number."}
    )

    def __init__(self, *args, chapter_total: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chapter_total = chapter_total
        self.fields["position"].widget.attrs.update(min=1, max=chapter_total)
        self.fields["position"].initial = chapter_total
        self.fields["position"].help_text = f"1 to {chapter_total}"

    def clean_position(self) -> int:
        position = self.cleaned_data["position"]
        if not 1 <= position <= self.chapter_total:
            raise ValidationError(f"Choose a position from 1 to {self.chapter_total}.")
        return position


def _tag_field(
    label: str, required: bool = False, help_text: str = "Separate tags with commas."
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": f"Add at least one {label.lower().rstrip('s')}."},
    )


class WorkForm(TextFormatMixin, forms.Form):
    """A work's own fields: metadata, tags, creators and series."""

    html_fields = ("summary", "notes_begin", "notes_end")

    form_token = TokenField()
    rating = forms.ChoiceField(
        label="Rating",
        choices=[("", "Choose a rating")] + [(r, r) for r in RATINGS],
        error_messages={"required": "Choose a rating (Not Rated is fine)."},
    )
    warnings = forms.MultipleChoiceField(
        label="Archive Warnings",
        choices=[(w, w) for w in WARNINGS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one archive warning, or “Creator Chose Not To Use”."},
    )
    categories = forms.MultipleChoiceField(
        label="Categories",
        choices=[(c, c) for c in CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    fandoms = _tag_field("Fandoms", required=True)
    relationships = _tag_field(
        "Relationships", help_text="Use / for romantic and & for platonic: A/B, A & B."
    )
    characters = _tag_field("Characters")
    freeforms = _tag_field("Additional Tags")
    title = forms.CharField(
        label="Work title",
        max_length=255,
        error_messages={"required": "Give your work a title."},
    )
    pseuds = forms.ModelMultipleChoiceField(
        label="Creator/Pseud(s)",
        queryset=Pseud.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one of your pseuds.",
            "invalid_choice": "That pseud is not one of yours.",
            "invalid_pk_value": "That pseud is not one of yours.",
        },
    )
    co_creators = forms.CharField(
        label="Co-creators",
        required=False,
        help_text="User names of people who wrote this with you, separated by commas.",
    )
    summary = _html_field("Summary", SUMMARY_LIMIT)
    notes_begin = _html_field("Notes at the beginning", NOTES_LIMIT)
    notes_end = _html_field("Notes at the end", NOTES_LIMIT)
    language = forms.ChoiceField(label="Language", choices=LANGUAGE_CHOICES, initial="en")
    series = forms.ModelMultipleChoiceField(
        label="Add to your series",
        queryset=Series.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "That series is not one of yours."},
    )
    new_series = forms.CharField(label="Or start a new series titled", required=False, max_length=255)
    expected_chapters = forms.CharField(
        label="Chapters planned",
        required=False,
        help_text="A number, or leave it empty (or ?) if you don't know yet.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    restricted = forms.BooleanField(label="Only show to registered users", required=False)
    comment_permission = forms.ChoiceField(
        label="Who can comment on this work",
        choices=CommentPermission.choices,
        initial=CommentPermission.EVERYONE,
        widget=forms.RadioSelect,
    )
    moderate_guest_comments = forms.BooleanField(label="Hold guest comments for my approval", required=False)
    text_format = forms.ChoiceField(
        label="Text format", choices=FORMAT_CHOICES, initial="html", widget=forms.RadioSelect
    )

    TAG_FIELDS = {
        "fandoms": TagType.FANDOM,
        "relationships": TagType.RELATIONSHIP,
        "characters": TagType.CHARACTER,
        "freeforms": TagType.FREEFORM,
    }

    def __init__(self, *args, user: User, work: Work | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.work = work
        self.fields["pseuds"].queryset = user.pseuds.all()
        self.fields["series"].queryset = Series.objects.filter(pseuds__user=user).distinct()
        if not self.is_bound and work is None:
            self.fields["pseuds"].initial = [p.pk for p in user.pseuds.all() if p.is_default]

    def clean_expected_chapters(self) -> int | None:
        value = self.cleaned_data["expected_chapters"].strip()
        if value in ("", "?"):
            return None
        if not value.isdigit() or int(value) < 1 or int(value) > 10_000:
            raise ValidationError("Enter the number of chapters you plan, or ? if you don't know.")
        return int(value)

    def clean_co_creators(self) -> list[Pseud]:
        names = split_tag_list(self.cleaned_data["co_creators"])
        pseuds, unknown = [], []
        for name in names:
            user = User.objects.filter(username__iexact=name).first()
            if user is None:
                unknown.append(name)
            elif user != self.user:
                pseuds.append(user.default_pseud)
        if unknown:
            raise ValidationError(f"No user is called {', '.join(unknown)}.")
        return pseuds

    def clean(self) -> dict:
        cleaned = super().clean()
        total = 0
        for field in self.TAG_FIELDS:
            if field not in cleaned:
                continue
            names = split_tag_list(cleaned[field])
            for name in names:
                try:
                    validate_tag_name(name)
                except ValidationError as error:
                    self.add_error(field, error)
            cleaned[field] = names
            total += len(names)
        if total > MAX_USER_TAGS:
            raise ValidationError(
                f"This work has {total} fandom, relationship, character and additional tags; "
                f"a work may have at most {MAX_USER_TAGS}. Remove {total - MAX_USER_TAGS}."
            )
        if "fandoms" in cleaned and not cleaned["fandoms"] and "fandoms" not in self.errors:
            self.add_error("fandoms", "Add at least one fandom.")
        return cleaned

    @classmethod
    def initial_for(cls, work: Work, user: User) -> dict:
        own_pseuds = [p.pk for p in work.creator_pseuds() if p.user_id == user.pk]
        others = [p.user.username for p in work.creator_pseuds() if p.user_id != user.pk]
        return {
            "title": work.title,
            "summary": work.summary,
            "notes_begin": work.notes_begin,
            "notes_end": work.notes_end,
            "language": work.language,
            "restricted": work.restricted,
            "comment_permission": work.comment_permission,
            "moderate_guest_comments": work.moderate_guest_comments,
            "expected_chapters": work.expected_chapters or "",
            "rating": work.rating.name if work.rating else "",
            "warnings": [t.name for t in work.tags_of(TagType.WARNING)],
            "categories": [t.name for t in work.tags_of(TagType.CATEGORY)],
            "fandoms": ", ".join(t.name for t in work.tags_of(TagType.FANDOM)),
            "relationships": ", ".join(t.name for t in work.tags_of(TagType.RELATIONSHIP)),
            "characters": ", ".join(t.name for t in work.tags_of(TagType.CHARACTER)),
            "freeforms": ", ".join(t.name for t in work.tags_of(TagType.FREEFORM)),
            "pseuds": own_pseuds,
            "co_creators": ", ".join(dict.fromkeys(others)),
            "series": [
                m.series_id for m in work.series_memberships.all() if m.series.pseuds.filter(user=user)
            ],
            "text_format": "html",
        }


class NewWorkForm(WorkForm, ChapterFieldsForm):
    """A work together with its first chapter: one form, one transaction."""

    html_fields = WorkForm.html_fields + ChapterFieldsForm.html_fields


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "summary", "notes", "complete"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "notes": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("summary", "notes"):
            if cleaned.get(name):
                cleaned[name] = sanitize(html_from_input(cleaned[name], "html"))
        return cleaned


class OrderForm(forms.Form):
    """Positions for a list of items (chapters or series parts), typed as numbers."""

    def __init__(self, *args, items: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for index, item in enumerate(items, start=1):
            self.fields[f"position_{item.pk}"] = forms.IntegerField(
                label=str(item), min_value=1, max_value=len(items), initial=index
            )

    def ordered_ids(self) -> list[int]:
        """Item ids sorted by the positions typed; ties keep their old order."""
        keyed = [
            (self.cleaned_data[f"position_{item.pk}"], index, item.pk)
            for index, item in enumerate(self.items)
        ]
        return [pk for _, _, pk in sorted(keyed)]


def save_work_form(form: WorkForm, work: Work) -> Work:
    """Write a valid WorkForm to `work`: fields, tags, creators and series.

    Call inside a transaction; the caller decides whether the work is posted.
    """
    data = form.cleaned_data
    for field in (
        "title",
        "summary",
        "notes_begin",
        "notes_end",
        "language",
        "restricted",
        "expected_chapters",
    ):
        setattr(work, field, data[field])
    work.title = work.title.strip()
    work.save()

    tags = {TagType.RATING: [Tag.find_or_create(data["rating"], TagType.RATING)]}
    tags[TagType.WARNING] = [Tag.find_or_create(name, TagType.WARNING) for name in data["warnings"]]
    tags[TagType.CATEGORY] = [Tag.find_or_create(name, TagType.CATEGORY) for name in data["categories"]]
    for field, tag_type in WorkForm.TAG_FIELDS.items():
        tags[tag_type] = [Tag.find_or_create(name, tag_type) for name in data[field]]
    work.set_tags(tags)

    # The editor's own pseuds come from the checkboxes, everyone else's from co-creators;
    # a co-creator who is removed from the list stops being a creator.
    pseuds = list(data["pseuds"]) + [p for p in data["co_creators"] if p not in data["pseuds"]]
    work.creatorships.exclude(pseud__in=pseuds).delete()
    for position, pseud in enumerate(pseuds):
        work.creatorships.update_or_create(pseud=pseud, defaults={"position": position})

    own_series = Series.objects.filter(pseuds__user=form.user).distinct()
    work.series_memberships.filter(series__in=own_series).exclude(series__in=data["series"]).delete()
    chosen = list(data["series"])
    if data["new_series"].strip():
        series = Series.objects.create(title=data["new_series"].strip())
        series.pseuds.set(data["pseuds"])
        chosen.append(series)
    for series in chosen:
        series.add_work(work)
    work.loaded_byline = work.loaded_series_parts = None  # as loaded for the form; read afresh
    return work
