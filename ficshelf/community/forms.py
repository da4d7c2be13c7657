"""Readers' forms. Each validates everything before a view writes anything."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ficshelf.accounts.decorators import UNVERIFIED_MESSAGE
from ficshelf.accounts.models import User
from ficshelf.community.models._base import Refused
from ficshelf.community.models.bookmarks import BOOKMARK_NOTES_MAX_CHARS, Bookmark
from ficshelf.community.models.comments import COMMENT_MAX_CHARS, Comment
from ficshelf.fields import AuditReasonField, SingleLineField
from ficshelf.text import TooDeeplyNested, sanitize


class CommentForm(forms.Form):
    """A comment or reply. Guests also give a name and an email; a hidden honeypot catches bots."""

    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=False,
        help_text=f"Plain text or HTML; {COMMENT_MAX_CHARS:,} characters at most.",
        error_messages={"required": "Your comment is empty. Please write something."},
    )
    name = SingleLineField(label="Guest name", max_length=100, required=False)
    email = forms.EmailField(
        label="Guest email",
        required=False,
        help_text="Never shown to anyone. Only the archive's moderators see it.",
    )
    # Honeypot: people never see it (hidden with CSS, skipped by screen readers); bots fill it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, user: User | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.registered = user is not None and user.is_authenticated
        if self.registered:
            del self.fields["name"], self.fields["email"]
        else:
            self.fields["name"].required = self.fields["email"].required = True
            self.fields["name"].error_messages["required"] = "Please tell us your name."
            self.fields["email"].error_messages["required"] = "Please give an email address."

    def clean_body(self) -> str:
        # The sanitized body: Comment.post() saves it without a second pass.
        try:
            return Comment.clean_body(self.cleaned_data["body"], guest=not self.registered)
        except Refused as error:
            raise ValidationError(error.messages[0]) from None

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.cleaned_data.get("website"):
            raise ValidationError(
                "Your comment was not posted because it looked like spam. If you are a person, "
                "leave the “Leave this field empty” field empty."
            )
        return self.cleaned_data


class CommentEditForm(forms.Form):
    body = CommentForm.base_fields["body"]

    def __init__(self, *args, comment: Comment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.comment = comment

    def clean_body(self) -> str:
        try:
            return Comment.clean_body(self.cleaned_data["body"], guest=self.comment.user_id is None)
        except Refused as error:
            raise ValidationError(error.messages[0]) from None


class BookmarkForm(forms.ModelForm):
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=BOOKMARK_NOTES_MAX_CHARS,
        error_messages={
            "max_length": f"Notes may have at most {BOOKMARK_NOTES_MAX_CHARS:,} characters (they have %(show_value)s)."
        },
    )
    tag_names = SingleLineField(
        label="Your tags",
        required=False,
        help_text="Your own tags for this bookmark, separated by commas.",
        max_length=10_000,
    )

    class Meta:
        model = Bookmark
        fields = ["notes", "tag_names", "rec", "private"]
        labels = {"rec": "Rec", "private": "Private bookmark"}
        help_texts = {
            "rec": "Recommend it to others.",
            "private": "Only you will see this bookmark, and it won't count on the work.",
        }

    def clean_notes(self) -> str:
        # Sanitized here, so the bookmark saves them without a second pass.
        try:
            return sanitize(self.cleaned_data["notes"])
        except TooDeeplyNested as error:
            raise ValidationError(str(error)) from None

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_tag_names(self) -> str:
        return Bookmark.clean_tags(self.cleaned_data["tag_names"])

    def clean_private(self) -> bool:
        private = self.cleaned_data["private"]
        if not private and not self.user.may_write:
            raise ValidationError(f"{UNVERIFIED_MESSAGE} Until then your bookmarks can only be private.")
        return private


class ModeratorReasonForm(forms.Form):
    """Why a moderator acts on someone else's comment; the audit log keeps it."""

    reason = AuditReasonField()
