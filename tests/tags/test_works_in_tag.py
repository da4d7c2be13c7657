"""One meaning of "the works in this tag" (Work.objects.in_tag), on every surface that shows it.

A work tagged with a synonym, or with a subtag, is in the canonical and in the metatag:
the tag's works page, its Atom feed, its OPDS page and the count beside it in the OPDS
tag list, and its subscribers' inboxes all agree.
"""

import feedparser

from ficshelf.community.models import Notification, Subscription
from ficshelf.tags import wrangling
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Work
from tests.base import BaseTestCase, work_form_data


class WorksInTagTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        self.william = Tag.objects.create(name="William the Bloody", type=TagType.CHARACTER)
        self.vampires = Tag.objects.create(name="Vampires", type=TagType.CHARACTER, canonical=True)
        wrangling.merge(self.william, self.spike)
        wrangling.add_meta_tag(self.spike, self.vampires)
        Subscription.follow(self.bob, tag=self.spike)
        Subscription.follow(self.charlie, tag=self.vampires)

    def post_work(self, title: str, characters: str) -> Work:
        self.login(self.alice)
        data = work_form_data(self.alice, title=title, characters=characters, relationships="")
        assert self.client.post("/works/new", data).status_code == 302
        self.client.logout()
        return Work.objects.get(title=title)

    def feed_titles(self, url: str) -> list[str]:
        response = self.client.get(url)
        assert response.status_code == 200, url
        return [entry.title for entry in feedparser.parse(response.content).entries]

    def opds_count(self, name: str) -> str:
        """What the OPDS list of character tags says beside `name`, e.g. "1 work"."""
        entries = feedparser.parse(self.client.get("/opds/tags/types/Character").content).entries
        counts = {entry.title: entry.content[0].value for entry in entries}
        assert "William the Bloody" not in counts  # a synonym's works are its canonical's
        return counts[name]

    def assert_in_tag_everywhere(self, tag: Tag, work: Work, subscriber) -> None:
        assert work in Work.objects.visible_to(None).in_tag(tag)
        self.assertContains(self.client.get(f"/tags/{tag.name}/works"), work.title)
        assert work.title in self.feed_titles(f"/tags/{tag.name}/feed.atom")
        catalog = self.feed_titles(f"/opds/tags/{tag.name}")
        assert work.title in catalog
        assert self.opds_count(tag.name) == f"{len(catalog)} work{'s' if len(catalog) != 1 else ''}"
        note = Notification.objects.get(recipient=subscriber, work=work)
        assert note.reason == f"You subscribed to the tag “{tag.name}”."

    def test_it_finds_a_work_tagged_with_a_synonym_through_the_canonical(self):
        work = self.post_work("Bloody Awful Poetry", "William the Bloody")
        self.assert_in_tag_everywhere(self.spike, work, self.bob)

    def test_it_finds_a_subtags_work_through_the_metatag(self):
        work = self.post_work("Bloody Awful Poetry", "William the Bloody")
        self.assert_in_tag_everywhere(self.vampires, work, self.charlie)
        direct = self.post_work("Fangs", "Spike")
        self.assert_in_tag_everywhere(self.vampires, direct, self.charlie)
        assert self.opds_count("Vampires") == "2 works"

    def test_works_outside_the_tag_are_on_none_of_its_surfaces(self):
        other = self.post_work("Tea", "Giles")
        assert other not in Work.objects.in_tag(self.spike)
        self.assertNotContains(self.client.get("/tags/Spike/works"), "Tea")
        assert "Tea" not in self.feed_titles("/tags/Spike/feed.atom")
        assert "Tea" not in self.feed_titles("/opds/tags/Spike")
        assert not Notification.objects.filter(work=other, recipient__in=[self.bob, self.charlie]).exists()

    def test_a_followed_tag_made_a_synonym_later_hears_of_its_canonicals_works(self):
        rupert = Tag.objects.create(name="Rupert Giles", type=TagType.CHARACTER, canonical=True)
        ripper = Tag.objects.create(name="Ripper", type=TagType.CHARACTER, canonical=True)
        dora = type(self.alice).objects.create_user("dora", "dora@example.org", "x")
        Subscription.follow(dora, tag=ripper)
        wrangling.set_canonical(ripper, False)
        wrangling.merge(ripper, rupert)
        work = self.post_work("Tea", "Rupert Giles")
        assert work in Work.objects.in_tag(ripper)
        assert Notification.objects.get(recipient=dora, work=work).reason == (
            "You subscribed to the tag “Ripper”."
        )
