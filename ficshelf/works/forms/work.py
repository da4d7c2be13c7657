"""The work form: metadata, tags, creators and series, and with a first chapter for a new work."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ficshelf.accounts.models import Block, Pseud, User
from ficshelf.fields import SingleLineField
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
from ficshelf.works.forms.chapter import ChapterFieldsForm
from ficshelf.works.forms.fields import (
    FORMAT_CHOICES,
    NOTES_LIMIT,
    SUMMARY_LIMIT,
    TextFormatForm,
    TokenField,
    html_field,
)
from ficshelf.works.models import Series, Work
from ficshelf.works.models.work import LANGUAGE_CHOICES, CommentPermission
from ficshelf.works.posting import NewSeries, WorkFields


def _tag_field(
    label: str, required: bool = False, help_text: str = "Separate tags with commas."
) -> SingleLineField:
    return SingleLineField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": f"Add at least one {label.lower().rstrip('s')}."},
    )


class WorkForm(TextFormatForm):
    """A work's own fields: metadata, tags, creators and series."""

    html_fields: tuple[str, ...] = ("summary", "notes_begin", "notes_end")

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
    title = SingleLineField(
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
    co_creators = SingleLineField(
        label="Co-creators",
        required=False,
        help_text=(
            "User names of people who wrote this with you, separated by commas. Each gets an "
            "invitation in their inbox and is named on the work once they accept."
        ),
    )
    summary = html_field("Summary", SUMMARY_LIMIT)
    notes_begin = html_field("Notes at the beginning", NOTES_LIMIT)
    notes_end = html_field("Notes at the end", NOTES_LIMIT)
    language = forms.ChoiceField(label="Language", choices=LANGUAGE_CHOICES, initial="en")
    series = forms.ModelMultipleChoiceField(
        label="Add to your series",
        queryset=Series.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "That series is not one of yours."},
    )
    new_series = SingleLineField(label="Or start a new series titled", required=False, max_length=255)
    expected_chapters = SingleLineField(
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
        # Everyone on the work, invitations too, in byline order: what the co-creators field keeps.
        self.on_work = (
            list(work.creatorships.select_related("pseud__user").order_by("position")) if work else []
        )
        if invited := [c.pseud.user.username for c in self.on_work if not c.accepted]:
            self.fields[
                "co_creators"
            ].help_text += f" Invited, not yet answered: {', '.join(dict.fromkeys(invited))}."
        pseuds, series = self.fields["pseuds"], self.fields["series"]
        assert isinstance(pseuds, forms.ModelMultipleChoiceField)
        assert isinstance(series, forms.ModelMultipleChoiceField)
        pseuds.queryset = user.pseuds.all()
        series.queryset = Series.objects.filter(pseuds__user=user).distinct()
        if not self.is_bound and work is None:
            pseuds.initial = [p.pk for p in user.pseuds.all() if p.is_default]

    def clean_expected_chapters(self) -> int | None:
        value = self.cleaned_data["expected_chapters"].strip()
        if value in ("", "?"):
            return None
        if not value.isdigit() or int(value) < 1 or int(value) > 10_000:
            raise ValidationError("Enter the number of chapters you plan, or ? if you don't know.")
        return int(value)

    def clean_co_creators(self) -> list[Pseud]:
        """Everyone else on the byline. Whoever is on the work already keeps their pseuds and
        standing; anyone new is invited by their default pseud, unless they blocked the editor."""
        others = [c for c in self.on_work if c.pseud.user_id != self.user.pk]
        pseuds: list[Pseud] = []
        named: set[int] = set()
        unknown, blocking = [], []
        for name in split_tag_list(self.cleaned_data["co_creators"]):
            user = User.objects.filter(username__iexact=name).first()
            if user is None:
                unknown.append(name)
                continue
            named.add(user.pk)
            theirs = [c.pseud for c in others if c.pseud.user_id == user.pk]
            if user == self.user:
                continue
            if theirs:
                pseuds += theirs
            elif Block.objects.filter(blocker=user, blocked=self.user).exists():
                blocking.append(user.username)
            else:
                pseuds.append(user.default_pseud)
        if unknown:
            raise ValidationError(f"No user is called {', '.join(unknown)}.")
        if blocking:
            raise ValidationError(
                f"You can't invite {', '.join(blocking)} as a co-creator: they have blocked you."
            )
        staying = dict.fromkeys(
            c.pseud.user.username for c in others if c.accepted and c.pseud.user_id not in named
        )
        if staying:
            raise ValidationError(
                f"{', '.join(staying)} co-created this work, and only they can remove themselves from it. "
                "Keep their names here."
            )
        return pseuds

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        names = {field: split_tag_list(cleaned[field]) for field in self.TAG_FIELDS if field in cleaned}
        total = sum(len(field_names) for field_names in names.values())
        if total > MAX_USER_TAGS:
            raise ValidationError(
                f"This work has {total} fandom, relationship, character and additional tags; "
                f"a work may have at most {MAX_USER_TAGS}. Remove {total - MAX_USER_TAGS}."
            )
        # A name no tag of its type can take is a form error now, not a failure when posting.
        typed = [
            (name, self.TAG_FIELDS[field]) for field, field_names in names.items() for name in field_names
        ]
        existing = Tag.objects.candidates_for(typed)
        for field, field_names in names.items():
            for name in field_names:
                try:
                    validate_tag_name(name, self.TAG_FIELDS[field])
                    Tag.resolve(name, self.TAG_FIELDS[field], existing)
                except ValidationError as error:
                    self.add_error(field, error)
            cleaned[field] = field_names
        if "fandoms" in cleaned and not cleaned["fandoms"] and "fandoms" not in self.errors:
            self.add_error("fandoms", "Add at least one fandom.")
        return cleaned

    def work_fields(self) -> WorkFields:
        """The valid form as posting's plain values: the editor's checked pseuds, then co-creators."""
        data = self.cleaned_data
        tags = {
            TagType.RATING: [data["rating"]],
            TagType.WARNING: data["warnings"],
            TagType.CATEGORY: data["categories"],
        }
        tags |= {tag_type: data[field] for field, tag_type in self.TAG_FIELDS.items()}
        series: list[Series | NewSeries] = list(data["series"])
        if data["new_series"].strip():
            series.append(NewSeries(data["new_series"]))
        return WorkFields(
            title=data["title"],
            creators=[*data["pseuds"], *data["co_creators"]],
            tags=tags,
            summary=data["summary"],
            notes_begin=data["notes_begin"],
            notes_end=data["notes_end"],
            language=data["language"],
            restricted=data["restricted"],
            expected_chapters=data["expected_chapters"],
            series=series,
            comment_permission=CommentPermission(data["comment_permission"]),
            moderate_guest_comments=data["moderate_guest_comments"],
        )

    @classmethod
    def initial_for(cls, work: Work, user: User) -> dict:
        """The form filled from `work` for `user`: their pseuds checked, everyone else named
        (invitees too, so saving the form keeps their invitations)."""
        on_work = work.creatorships.select_related("pseud__user").order_by("position")
        own_pseuds = [c.pseud_id for c in on_work if c.pseud.user_id == user.pk]
        others = [c.pseud.user.username for c in on_work if c.pseud.user_id != user.pk]
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
