"""The private token that lets a reading app see what its user may see."""

import secrets

from django.conf import settings
from django.db import models


def new_token() -> str:
    return secrets.token_urlsafe(24)


class FeedToken(models.Model):
    """One per user: the secret in their private OPDS address (/opds/u/TOKEN/).

    Reading apps cannot log in, so the address itself is the credential. Resetting
    it makes every old address stop working at once.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Feed token of {self.user}"

    @classmethod
    def for_user(cls, user) -> "FeedToken":
        token, _ = cls.objects.get_or_create(user=user)
        return token

    def reset(self) -> None:
        self.token = new_token()
        self.save(update_fields=["token", "created_at"])
