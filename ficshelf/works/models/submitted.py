"""The one-time token that makes a double-submitted posting form post once."""

import uuid

from django.conf import settings
from django.db import models


class SubmittedForm(models.Model):
    """A posting form's one-time token, so a double-submitted form posts once.

    The row is written in the same transaction as what the form creates; a second
    submission hits the unique token and is sent to the first one's result instead.
    """

    token = models.UUIDField(unique=True, default=uuid.uuid4)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    result_url = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Form {self.token} → {self.result_url or 'unfinished'}"
