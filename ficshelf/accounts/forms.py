from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from ficshelf.accounts.models import Pseud, User
from ficshelf.fields import SingleLineField


class LoginForm(AllauthLoginForm):
    """allauth's login form, in Ficshelf's words; the page links to the password reset itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "User name or email"
        self.fields["login"].widget.attrs.update(placeholder="", autocomplete="username")
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs.pop("placeholder", None)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, in Ficshelf's words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = User._meta.get_field("username")
        self.fields["username"].label = "User name"
        self.fields["username"].help_text = name.help_text
        self.fields["email"].label = "Email"
        self.fields["email"].help_text = "We mail you a link to confirm it. Never shown to others."
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class PseudForm(forms.ModelForm):
    class Meta:
        model = Pseud
        fields = ["name", "description"]
        field_classes = {"name": SingleLineField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.user.pseuds.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("You already have a pseud with that name.")
        return name


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["skip_adult_warning", "history_enabled", "marked_for_later_enabled", "digest_emails"]


class UserNameForm(forms.Form):
    """Names another user, for blocking or muting them."""

    username = SingleLineField(label="User name", max_length=40)

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"There is no user called “{name}”.")
        return user
