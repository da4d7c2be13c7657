"""Users, the pseuds they publish under, their preferences, and site settings."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.functions import Lower

NAME_RULE = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_]{2,39}$",
    "Use 3 to 40 letters, digits or underscores, starting with a letter or digit.",
)
PSEUD_RULE = RegexValidator(
    r"^[\w][\w .-]{0,39}$",
    "Use up to 40 letters, digits, spaces, dots, dashes or underscores.",
)


class FicshelfUserManager(UserManager):
    def get_by_natural_key(self, username: str) -> "User":
        # Log-in names are case-insensitive, like the URLs that show them.
        return self.get(username__iexact=username)


class User(AbstractUser):
    username = models.CharField(
        "user name",
        max_length=40,
        unique=True,
        validators=[NAME_RULE],
        help_text="3 to 40 letters, digits or underscores. It appears in your page's address.",
        error_messages={"unique": "That user name is taken."},
    )
    # Preferences
    skip_adult_warning = models.BooleanField(
        "Show me adult content without checking",
        default=False,
        help_text="Skip the 'this work could have adult content' page.",
    )

    objects = FicshelfUserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("username"), name="user_username_ci_unique")]

    def save(self, *args, **kwargs) -> None:
        creating = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if creating:
                Pseud.objects.create(user=self, name=self.username, is_default=True)

    @property
    def is_moderator(self) -> bool:
        return self.is_staff

    @property
    def default_pseud(self) -> "Pseud":
        return self.pseuds.get(is_default=True)

    def get_absolute_url(self) -> str:
        return f"/users/{self.username}/"


class Pseud(models.Model):
    """A name a user publishes under. Every user has a default one named after them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="pseuds")
    name = models.CharField(max_length=40, validators=[PSEUD_RULE])
    description = models.TextField(blank=True, max_length=2000)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint("user", Lower("name"), name="pseud_name_per_user_ci_unique"),
        ]

    def __str__(self) -> str:
        if self.name.lower() == self.user.username.lower():
            return self.name
        return f"{self.name} ({self.user.username})"

    def get_absolute_url(self) -> str:
        return f"/users/{self.user.username}/pseuds/{self.name}"


class SiteSettings(models.Model):
    """Settings a moderator changes in the admin without a restart. One row."""

    registration_open = models.BooleanField(
        default=True, help_text="Anyone may sign up. Turn off to close registration."
    )

    class Meta:
        verbose_name = verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return "Site settings"

    @classmethod
    def current(cls) -> "SiteSettings":
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings
