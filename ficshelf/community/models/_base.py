"""What the community models share: the refusal they raise, and the creators' block check."""

from django.core.exceptions import ValidationError
from django.db import models

from ficshelf.accounts.models import Block, User
from ficshelf.text import SANITIZER_VERSION
from ficshelf.works.models import Creatorship, Work

BLOCKED_MESSAGE = "Sorry, you have been blocked by one or more of this work's creators."


def version_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(default=SANITIZER_VERSION, editable=False)


class Refused(ValidationError):
    """A reader's action that the archive's rules do not allow; its message is for the reader."""


def blocked_by_creator(work: Work, user: User | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    creators = Creatorship.objects.accepted().filter(work=work).values("pseud__user_id")
    return Block.objects.filter(blocker__in=creators, blocked=user).exists()
