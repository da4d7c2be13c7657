"""Users, the pseuds they publish under, their preferences, and site settings."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.urls import reverse

NAME_RULE = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_]{2,39}$",
    "Use 3 to 40 letters, digits or underscores, starting with a letter or digit.",
)
PSEUD_RULE = RegexValidator(
    r"^[\w][\w .-]{0,39}$",
    "Use up to 40 letters, digits, spaces, dots, dashes or underscores.",
)


class FicshelfUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> "User":
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
    history_enabled = models.BooleanField(
        "Keep my reading history",
        default=True,
        help_text="Remember the works and chapters you read, so you can continue where you stopped.",
    )
    marked_for_later_enabled = models.BooleanField(
        "Turn on Marked for Later", default=True, help_text="Show the “Mark for Later” button on works."
    )
    digest_emails = models.BooleanField(
        "Email me my notifications",
        default=True,
        help_text="New chapters, new works and comments, gathered into at most one email an hour.",
    )

    objects: ClassVar[FicshelfUserManager] = FicshelfUserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("username"), name="user_username_ci_unique")]

    def save(self, *args, **kwargs) -> None:
        creating = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if creating:
                Pseud.objects.create(user=self, name=self.username, is_default=True)

    @property
    def may_write(self) -> bool:
        """Whether this account may post works and chapters, comment, bookmark publicly and
        leave kudos. One signed up on the site may once its address is verified; one made
        by an admin, or before sign-up asked for verification (with a verified address or
        none on record: accounts/migrations/0003), may at once."""
        from allauth.account.models import EmailAddress  # allauth's models import this module's

        verified = set(EmailAddress.objects.filter(user=self).values_list("verified", flat=True))
        return not verified or True in verified

    @property
    def is_moderator(self) -> bool:
        return self.is_staff

    @property
    def default_pseud(self) -> "Pseud":
        return self.pseuds.get(is_default=True)

    def get_absolute_url(self) -> str:
        return reverse("listings:user", kwargs={"username": self.username})

    # Mutes hide someone from you. (Blocks stop someone interacting with you: community
    # checks them where the interaction is made.)
    def has_muted(self, other: "User | None") -> bool:
        if other is None or not other.is_authenticated:
            return False
        return Mute.objects.filter(muter=self, muted=other).exists()


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
        return reverse("listings:pseud", kwargs={"username": self.user.username, "pseud_name": self.name})


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


class Block(models.Model):
    """The blocked user can no longer comment on, reply to, or leave kudos on the blocker's works."""

    # AO3's limit: enough for any real harassment case, small enough to keep checks cheap.
    LIMIT = 2000

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocked {self.blocked}"

    @classmethod
    def add(cls, blocker: User, blocked: User) -> "Block":
        """Block `blocked` for `blocker`; a clear ValidationError for self, twice, or over the limit."""
        return _add_relation(cls, "blocker", "blocked", blocker, blocked, "block", "blocked")


class Mute(models.Model):
    """The muted user's works, bookmarks and comments disappear for the muter — counts included."""

    LIMIT = 2000

    muter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mutes")
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="muted_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["muter", "muted"], name="mute_unique"),
            models.CheckConstraint(condition=~models.Q(muter=models.F("muted")), name="mute_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.muter} muted {self.muted}"

    @classmethod
    def add(cls, muter: User, muted: User) -> "Mute":
        """Mute `muted` for `muter`; a clear ValidationError for self, twice, or over the limit."""
        return _add_relation(cls, "muter", "muted", muter, muted, "mute", "muted")


def _add_relation(model, owner_field: str, other_field: str, owner: User, other: User, verb: str, done: str):
    if owner.pk == other.pk:
        raise ValidationError(f"You can't {verb} yourself.")
    relations = model.objects.filter(**{owner_field: owner})
    if relations.filter(**{other_field: other}).exists():
        raise ValidationError(f"You have already {done} {other.username}.")
    if relations.count() >= model.LIMIT:
        raise ValidationError(f"You can {verb} at most {model.LIMIT:,} users. Remove someone first.")
    try:
        with transaction.atomic():
            return model.objects.create(**{owner_field: owner, other_field: other})
    except IntegrityError:  # a double-submitted form: the first one already did it
        raise ValidationError(f"You have already {done} {other.username}.") from None
