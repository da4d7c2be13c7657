"""Community tests start from an empty cache: rate limits and hit screening live there."""

from django.core import mail
from django.core.cache import cache

from ficshelf.community.models import Comment
from tests.base import BaseTestCase


class CommunityTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        mail.outbox = []

    def tearDown(self) -> None:
        cache.clear()
        super().tearDown()

    def comment(self, work, user=None, text="<p>Lovely!</p>", parent=None, chapter=None, **guest) -> Comment:
        chapter = chapter or (parent.chapter if parent else work.chapters.order_by("position").first())
        return Comment.post(work=work, chapter=chapter, user=user, text=text, parent=parent, **guest)
