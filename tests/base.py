"""Shared fixtures: three users and a helper that posts a work the way the forms do."""

from django.test import TestCase
from django.utils import timezone

from ficshelf.accounts.models import User
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Chapter, Work

PASSWORD = "correct horse battery staple"


class BaseTestCase(TestCase):
    def setUp(self) -> None:
        super().setUp()
        self.alice = User.objects.create_user("alice", "alice@example.org", PASSWORD)
        self.bob = User.objects.create_user("bob", "bob@example.org", PASSWORD)
        self.charlie = User.objects.create_user("charlie", "charlie@example.org", PASSWORD)

    def login(self, user: User) -> None:
        self.client.force_login(user)


def make_work(
    creator: User,
    title: str = "The Borrowed Umbrella",
    chapters: list[str] | None = None,
    posted: bool = True,
    restricted: bool = False,
    hidden: bool = False,
    rating: str = "General Audiences",
    fandoms: tuple[str, ...] = ("Sherlock Holmes",),
    expected_chapters: int | None = None,
    **fields,
) -> Work:
    now = timezone.now()
    work = Work.objects.create(
        title=title,
        posted=posted,
        restricted=restricted,
        hidden=hidden,
        published_at=now if posted else None,
        expected_chapters=expected_chapters,
        **fields,
    )
    work.creatorships.create(pseud=creator.default_pseud, accepted=True)
    work.set_tags(
        {
            TagType.RATING: [Tag.find_or_create(rating, TagType.RATING)],
            TagType.WARNING: [Tag.find_or_create("No Archive Warnings Apply", TagType.WARNING)],
            TagType.FANDOM: [Tag.find_or_create(name, TagType.FANDOM) for name in fandoms],
        }
    )
    for position, body in enumerate(chapters or ["<p>It was a dark and stormy night.</p>"], start=1):
        Chapter.objects.create(work=work, position=position, body=body, posted=posted, published_at=now)
    work.refresh_counts()
    return work


def work_form_data(user: User, **overrides) -> dict:
    """A valid new-work form submission, as a browser would send it."""
    import uuid

    data = {
        "form_token": str(uuid.uuid4()),
        "rating": "Teen And Up Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["Gen"],
        "fandoms": "Sherlock Holmes - Arthur Conan Doyle",
        "relationships": "Sherlock Holmes & John Watson",
        "characters": "Sherlock Holmes, John Watson",
        "freeforms": "Rain, Case Fic",
        "title": "The Heron Umbrella",
        "pseuds": [str(user.default_pseud.pk)],
        "co_creators": "",
        "summary": "An umbrella nobody owns.",
        "notes_begin": "A/N: thanks for reading!",
        "notes_end": "",
        "language": "en",
        "new_series": "",
        "expected_chapters": "?",
        "text_format": "html",
        "comment_permission": "everyone",
        "chapter_title": "A Stranger in the Hall",
        "body": "It was dry.\n\n~~~\n\nIt was raining.",
        "action": "post",
    }
    data.update(overrides)
    return data
